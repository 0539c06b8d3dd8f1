/* e2e-util.c — the exactly-once audit and the end-to-end tests' own
 * helpers; the aggregator as a child process is tests/kv-test-aggregator.c. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "e2e-util.h"
#include "kv-test-common.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

guint
e2e_slowdown (void)
{
  return kv_test_slowdown ();
}

guint32
e2e_parse_options (int              argc,
                   char            *argv[],
                   const E2eOption *options)
{
  guint32 seed = (guint32) g_get_real_time ();

  for (int i = 1; i + 1 < argc; i++)
    {
      if (g_str_equal (argv[i], "--random-seed"))
        {
          seed = (guint32) g_ascii_strtoull (argv[++i], NULL, 10);
          continue;
        }
      for (const E2eOption *option = options; option->name != NULL; option++)
        if (g_str_equal (argv[i], option->name))
          {
            *option->value = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
            break;
          }
    }
  return seed;
}

char *
e2e_make_dir (const char *prefix)
{
  g_autofree char *template = g_strconcat (prefix, "-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  return dir;
}

void
e2e_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        e2e_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

sqlite3 *
e2e_open_db (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  return db;
}

gint64
e2e_count_with (sqlite3    *db,
                const char *sql,
                const char *value)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  if (value != NULL)
    sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

gint64
e2e_count (sqlite3    *db,
           const char *sql)
{
  return e2e_count_with (db, sql, NULL);
}

char *
e2e_integrity_check (const char *path)
{
  sqlite3 *db = e2e_open_db (path);
  g_autoptr(GString) result = g_string_new ("");
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (result, "%s%s", result->len > 0 ? "; " : "",
                            (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&result), FALSE);
}

/* Every row of a constant query whose first column is text, as a set. */
static GHashTable *
load_ids (sqlite3    *db,
          const char *sql)
{
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *second = sqlite3_column_count (stmt) > 1
                           ? (const char *) sqlite3_column_text (stmt, 1) : NULL;

      g_hash_table_insert (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                           g_strdup (second != NULL ? second : ""));
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  return ids;
}

/* Ids in @held that are not in @known: rows the kiosk never made, or
 * never saw acknowledged. */
static guint
count_unknown (GHashTable *held,
               GHashTable *known)
{
  GHashTableIter iter;
  gpointer id;
  guint n = 0;

  g_hash_table_iter_init (&iter, held);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    if (!g_hash_table_contains (known, id))
      n++;
  return n;
}

void
e2e_audit (const char *kiosk_dir,
           const char *agg_db,
           GHashTable *completed,
           E2eAudit   *audit)
{
  g_autofree char *kiosk_db = g_build_filename (kiosk_dir, "kiosk.db", NULL);
  sqlite3 *kiosk = e2e_open_db (kiosk_db);
  sqlite3 *agg = e2e_open_db (agg_db);
  g_autoptr(GHashTable) receipts = NULL;
  g_autoptr(GHashTable) outbox = NULL;
  g_autoptr(GHashTable) plain = NULL;
  g_autoptr(GHashTable) sealed = NULL;
  g_autoptr(GHashTable) offers = NULL;
  g_autoptr(GHashTable) kiosk_plain = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) kiosk_sealed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) kiosk_offers = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;
  gint64 n_goals, n_goal_sets, n_responses, n_scores;

  memset (audit, 0, sizeof *audit);

  /* The kiosk's side: what it was thanked for, what it holds as
   * acknowledged, what it still has to send. */
  receipts = load_ids (kiosk, "SELECT id, kind || ' ' || coalesce (form, '') || ' ' || status "
                              "FROM receipts");
  outbox = load_ids (kiosk, "SELECT id, state FROM outbox UNION ALL SELECT id, state FROM offers");
  audit->still_queued = e2e_count (kiosk, "SELECT (SELECT count(*) FROM outbox WHERE state = 'queued') "
                                          "+ (SELECT count(*) FROM offers WHERE state = 'queued')");
  audit->needs_attention = e2e_count (kiosk, "SELECT (SELECT count(*) FROM outbox WHERE state != 'queued') "
                                             "+ (SELECT count(*) FROM offers WHERE state != 'queued')");

  /* The aggregator's side.  Sealed feedback leaves only a receipt with its
   * id; the answers themselves are stored apart, without it. */
  plain = load_ids (agg, "SELECT id, form_id FROM submissions");
  sealed = load_ids (agg, "SELECT submission_id FROM experience_receipts");
  offers = load_ids (agg, "SELECT id FROM offers");
  n_goal_sets = e2e_count (agg, "SELECT count(*) FROM goal_sets");
  n_goals = e2e_count (agg, "SELECT count(*) FROM submissions WHERE form_id = 'gas-goals'");
  n_responses = e2e_count (agg, "SELECT count(*) FROM experience_responses");
  n_scores = e2e_count (agg, "SELECT count(*) FROM scores");
  audit->on_aggregator = g_hash_table_size (plain) + g_hash_table_size (sealed)
                         + g_hash_table_size (offers);

  /* Every id the kiosk deleted as acknowledged must be on the aggregator:
   * anything else is data gone for good. */
  g_hash_table_iter_init (&iter, receipts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_auto(GStrv) parts = g_strsplit (value, " ", 3);
      gboolean is_offer = g_str_equal (parts[0], "offer");
      gboolean is_sealed = g_str_equal (parts[1], "experience");
      GHashTable *held = is_offer ? offers : is_sealed ? sealed : plain;

      audit->delivered++;
      g_hash_table_add (is_offer ? kiosk_offers : is_sealed ? kiosk_sealed : kiosk_plain, key);
      if (g_str_equal (parts[2], "discarded") || !g_hash_table_contains (held, key))
        audit->lost++;
    }

  /* Every submission a family was thanked for is acknowledged, or still
   * waiting in the outbox; never simply gone. */
  g_hash_table_iter_init (&iter, completed);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      audit->completed++;
      if (g_hash_table_contains (outbox, key))
        continue;
      if (!g_hash_table_contains (receipts, key))
        {
          audit->lost++;
          continue;
        }
      if (!g_hash_table_contains (g_str_equal (value, "sealed") ? kiosk_sealed : kiosk_plain, key))
        audit->lost++;   /* acknowledged as something else entirely */
    }

  /* A primary key cannot hold an id twice, so a double shows as a row
   * the kiosk never saw acknowledged, a second set of answers for one
   * sealed receipt, a second goal set for one gas-goals submission, or a
   * second score. */
  audit->doubled = count_unknown (plain, kiosk_plain) + count_unknown (sealed, kiosk_sealed)
                   + count_unknown (offers, kiosk_offers);
  audit->doubled += MAX (0, n_responses - (gint64) g_hash_table_size (sealed));
  audit->doubled += MAX (0, n_goal_sets - n_goals);
  audit->doubled += MAX (0, n_scores - (gint64) g_hash_table_size (plain));
  /* And the other way round: answers or goal sets missing behind a
   * receipt are losses. */
  audit->lost += MAX (0, (gint64) g_hash_table_size (sealed) - n_responses);
  audit->lost += MAX (0, n_goals - n_goal_sets);

  sqlite3_close (kiosk);
  sqlite3_close (agg);
}
