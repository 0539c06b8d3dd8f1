/* e2e-util.c — the real aggregator as a child process, and the
 * exactly-once audit. */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "e2e-util.h"
#include "kv-test-common.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

void
e2e_aggregator_init (E2eAggregator *agg,
                     const char    *dir)
{
  memset (agg, 0, sizeof *agg);
  agg->db = g_build_filename (dir, "aggregator.db", NULL);
  agg->log = g_build_filename (dir, "aggregator.log", NULL);
}

void
e2e_aggregator_clear (E2eAggregator *agg)
{
  if (agg->serve != NULL)
    e2e_aggregator_stop (agg);
  g_clear_pointer (&agg->db, g_free);
  g_clear_pointer (&agg->log, g_free);
  g_clear_pointer (&agg->listen, g_free);
  g_clear_pointer (&agg->url, g_free);
}

char *
e2e_aggregator_run (E2eAggregator      *agg,
                    const char * const *args)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;

  g_strv_builder_add (builder, AGGREGATOR_PATH);
  g_strv_builder_addv (builder, (const char **) args);
  g_strv_builder_add_many (builder, "--db", agg->db, NULL);
  argv = g_strv_builder_end (builder);

  process = g_subprocess_newv ((const char * const *) argv,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("keyvoice-aggregator %s %s failed: %s", args[0], args[1], err);
  return out;
}

char *
e2e_aggregator_verb (E2eAggregator      *agg,
                     const char * const *args)
{
  g_autofree char *out = e2e_aggregator_run (agg, args);
  g_auto(GStrv) lines = g_strsplit (g_strstrip (out), "\n", -1);
  guint n = g_strv_length (lines);

  g_assert_cmpuint (n, >, 0);
  return g_strdup (g_strstrip (lines[n - 1]));
}

char *
e2e_read_first_line (GSubprocess *process)
{
  g_autoptr(GDataInputStream) in =
    g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_autoptr(GError) error = NULL;
  char *line;

  /* The stream must not close the pipe: the process keeps writing to it
   * (or at least keeps it open) after its first line. */
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (in), FALSE);
  line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);
  g_assert_no_error (error);
  return line;
}

guint
e2e_slowdown (void)
{
  return kv_test_slowdown ();
}

static void
die_with_parent (gpointer data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGKILL);
#endif
}

GSubprocessLauncher *
e2e_launcher_new (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  return launcher;
}

static GSubprocess *
spawn_serve (E2eAggregator *agg,
             const char    *listen,
             char         **url)
{
  g_autoptr(GSubprocessLauncher) launcher = e2e_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  /* The request log is kept for whoever has to read a failure. */
  g_subprocess_launcher_set_stderr_file_path (launcher, agg->log);
  process = g_subprocess_launcher_spawn (launcher, &error, AGGREGATOR_PATH, "serve",
                                         "--db", agg->db, "--listen", listen,
                                         "--forms-dir", KV_SOURCE_FORMS_DIR, NULL);
  g_assert_no_error (error);

  line = e2e_read_first_line (process);
  if (line == NULL || !g_str_has_prefix (line, "http://127.0.0.1:"))
    {
      /* It could not listen (the port was taken in the meantime). */
      g_subprocess_force_exit (process);
      g_subprocess_wait (process, NULL, NULL);
      return NULL;
    }
  *url = g_steal_pointer (&line);
  return g_steal_pointer (&process);
}

void
e2e_aggregator_start (E2eAggregator *agg)
{
  g_autofree char *url = NULL;

  g_assert_null (agg->serve);
  if (agg->listen == NULL)
    {
      const char *port;

      agg->serve = spawn_serve (agg, "127.0.0.1:0", &url);
      g_assert_nonnull (agg->serve);
      port = url + strlen ("http://127.0.0.1:");
      agg->listen = g_strdup_printf ("127.0.0.1:%d", atoi (port));
      agg->url = g_steal_pointer (&url);
      return;
    }

  /* The same port again.  A killed server's socket is gone at once, but
   * leave a few tries for the kernel to catch up. */
  for (guint attempt = 0; attempt < 50 && agg->serve == NULL; attempt++)
    {
      agg->serve = spawn_serve (agg, agg->listen, &url);
      if (agg->serve == NULL)
        g_usleep (100 * 1000);
    }
  if (agg->serve == NULL)
    g_error ("the aggregator could not listen on %s again", agg->listen);
  g_assert_cmpstr (url, ==, agg->url);
}

static void
end_serve (E2eAggregator *agg,
           int            signal_number)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (agg->serve);
  g_subprocess_send_signal (agg->serve, signal_number);
  g_subprocess_wait (agg->serve, NULL, &error);
  g_assert_no_error (error);
  if (signal_number == SIGTERM)
    g_assert_true (g_subprocess_get_successful (agg->serve));
  g_clear_object (&agg->serve);
}

void
e2e_aggregator_kill (E2eAggregator *agg)
{
  end_serve (agg, SIGKILL);
}

void
e2e_aggregator_stop (E2eAggregator *agg)
{
  end_serve (agg, SIGTERM);
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
