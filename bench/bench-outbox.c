/* bench-outbox.c — fills a kiosk's outbox for the sync benchmark.
 *
 *   bench-outbox fill DATA_DIR AGG_DB SERVICE COUNT
 *       Queues COUNT family quality-of-life submissions about SERVICE's
 *       children (codes read from AGG_DB) in the kiosk store in DATA_DIR,
 *       through kiosk_send_submission(), the same call Send makes.
 *   bench-outbox count DATA_DIR
 *       Prints how many submissions and offers are still queued, how many
 *       need attention and how many were delivered:
 *       "queued=N attention=N sent=N".
 *
 * Everything is synthetic.
 */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>

#include "kiosk-core.h"
#include "kiosk-store.h"

static const char * const qol_items[] = {
  "enjoyment", "control", "self-care", "safety", "social", "own-time", "support",
};
static const char * const qol_levels[] = {
  "as-wanted", "mostly-fine", "not-enough", "serious-problem",
};

static GPtrArray *
load_codes (const char  *path,
            const char  *service,
            GError     **error)
{
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (db, "SELECT code FROM children WHERE service_id = ?1 ORDER BY code",
                             -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", path,
                   db != NULL ? sqlite3_errmsg (db) : "cannot open");
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, service, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (codes, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  if (codes->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s: no children in %s", path,
                   service);
      return NULL;
    }
  return g_steal_pointer (&codes);
}

static gboolean
fill (const char  *data_dir,
      const char  *agg_db,
      const char  *service,
      guint        count,
      GError     **error)
{
  g_autofree char *form_path = g_build_filename (KV_SOURCE_FORMS_DIR, "family-qol.xml", NULL);
  g_autoptr(KioskStore) store = kiosk_store_open (data_dir, error);
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(GRand) random = g_rand_new_with_seed (7);
  g_autoptr(KvForm) form = NULL;

  if (store == NULL)
    return FALSE;
  codes = load_codes (agg_db, service, error);
  if (codes == NULL)
    return FALSE;
  form = kv_form_new_from_file (form_path, error);
  if (form == NULL)
    return FALSE;

  for (guint n = 0; n < count; n++)
    {
      g_autoptr(KioskSubmission) submission = kiosk_submission_new ("family-qol", 1);
      g_autoptr(JsonNode) answers = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();

      for (guint i = 0; i < G_N_ELEMENTS (qol_items); i++)
        json_object_set_string_member (object, qol_items[i],
                                       qol_levels[g_rand_int_range (random, 0, 4)]);
      json_node_take_object (answers, object);
      kiosk_submission_set_child (submission, g_ptr_array_index (codes, n % codes->len));
      kiosk_submission_set_respondent (submission, KIOSK_RESPONDENT_PARENT_CARER);
      if (!kiosk_send_submission (store, submission, form, answers, NULL, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
count (const char  *data_dir,
       GError     **error)
{
  g_autoptr(KioskStore) store = kiosk_store_open (data_dir, error);
  g_autoptr(KioskOutboxStatus) status = NULL;

  if (store == NULL)
    return FALSE;
  status = kiosk_store_get_outbox_status (store, error);
  if (status == NULL)
    return FALSE;
  printf ("queued=%u attention=%u sent=%u\n", status->queued + status->offers_queued,
          status->needs_attention, status->sent);
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  guint64 n = 0;
  gboolean ok;

  if (argc == 6 && g_str_equal (argv[1], "fill")
      && g_ascii_string_to_unsigned (argv[5], 10, 1, G_MAXUINT32, &n, NULL))
    ok = fill (argv[2], argv[3], argv[4], n, &error);
  else if (argc == 3 && g_str_equal (argv[1], "count"))
    ok = count (argv[2], &error);
  else
    {
      fprintf (stderr, "usage: bench-outbox fill DATA_DIR AGG_DB SERVICE COUNT\n"
                       "       bench-outbox count DATA_DIR\n");
      return 2;
    }

  if (!ok)
    {
      fprintf (stderr, "bench-outbox: %s\n", error->message);
      return 1;
    }
  return 0;
}
