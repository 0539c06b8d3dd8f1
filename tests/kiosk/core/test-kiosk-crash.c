/* test-kiosk-crash.c — "acknowledged data survives kill -9"
 * (docs/architecture.md "Quality bars"): a kiosk killed with SIGKILL right
 * after Send, or in the middle of an upload, loses nothing and doubles
 * nothing.  The short version for the normal suite; the long crash loop
 * (tests/e2e/test-crash-loop.c, docs/stress.md) builds on the same helper. */
#include "config.h"

#include <signal.h>

#include "kiosk-test-server.h"

#define SEND_ROUNDS 12
#define UPLOAD_ROUNDS 12
#define UPLOAD_ENTRIES 300

static GSubprocess *
spawn_helper (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);

  g_assert_no_error (error);
  return process;
}

static char *
read_line (GDataInputStream *in)
{
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);

  g_assert_no_error (error);
  return line;
}

static void
kill_and_wait (GSubprocess *process)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (process, SIGKILL);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (process));
  g_assert_cmpint (g_subprocess_get_term_sig (process), ==, SIGKILL);
}

static void
assert_integrity (const char *dir)
{
  sqlite3 *db = kt_open_raw (dir);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_kill_after_send (void)
{
  g_autofree char *dir = kt_data_dir ("crash-send");
  g_autoptr(GHashTable) thanked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(KioskStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint n_sealed = 0;
  KtKeyPair pair;
  sqlite3 *db;

  store = kiosk_store_open (dir, &error);
  g_assert_no_error (error);
  kt_keypair (&pair);
  kt_enrol (store, "http://127.0.0.1:9", &pair);
  g_clear_object (&store);

  for (guint round = 0; round < SEND_ROUNDS; round++)
    {
      const char *argv[] = { KT_CRASH_HELPER, "send", dir, NULL };
      g_autoptr(GSubprocess) process = spawn_helper (argv);
      g_autoptr(GDataInputStream) in =
        g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
      guint wanted = g_test_rand_int_range (1, 40);
      char *line;

      /* Kill right after the k-th "thank you": the helper is by then in
       * the middle of its next Send. */
      for (guint i = 0; i < wanted; i++)
        {
          line = read_line (in);
          g_assert_nonnull (line);
          g_hash_table_add (thanked, line);
        }
      kill_and_wait (process);
      /* Lines already printed were committed before printing. */
      while ((line = read_line (in)) != NULL)
        g_hash_table_add (thanked, line);
    }

  /* Restart: every thanked submission is there, queued, and every sealed
   * one still has its offer (written in the same transaction). */
  assert_integrity (dir);
  db = kt_open_raw (dir);
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, thanked);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      {
        const char *line = key;
        const char *id = strchr (line, ' ') + 1;
        g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM outbox WHERE id = '%s' "
                                                "AND state = 'queued'", id);

        /* The id is a UUID we generated; formatting it into test SQL is
         * safe here and keeps the check short. */
        g_assert_true (g_uuid_string_is_valid (id));
        g_assert_cmpint (kt_count (db, sql), ==, 1);
        if (g_str_has_prefix (line, "sealed"))
          n_sealed++;
      }
  }
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM outbox"), >=, g_hash_table_size (thanked));
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM outbox WHERE independent = 1"), ==,
                   kt_count (db, "SELECT count(*) FROM offers"));
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM outbox WHERE independent = 1"), >=, n_sealed);
  /* Every kind is sealed. */
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM outbox WHERE sealed IS NULL"), ==, 0);
  sqlite3_close (db);

  g_test_message ("%u kills, %u submissions thanked, none lost",
                  SEND_ROUNDS, g_hash_table_size (thanked));
}

static void
test_kill_during_upload (void)
{
  g_autoptr(KtServer) server = kt_server_new ();
  g_autofree char *dir = kt_data_dir ("crash-upload");
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(KioskStore) store = NULL;
  g_autoptr(KioskUploader) uploader = NULL;
  g_autoptr(KioskOutboxStatus) status = NULL;
  g_autoptr(GError) error = NULL;
  KioskSyncReport report;

  store = kiosk_store_open (dir, &error);
  g_assert_no_error (error);
  kt_enrol (store, kt_server_get_url (server), kt_server_get_keypair (server));
  for (guint i = 0; i < UPLOAD_ENTRIES; i++)
    g_ptr_array_add (ids, kt_add_qol (store, KT_CHILD));
  g_clear_object (&store);

  for (guint round = 0; round < UPLOAD_ROUNDS; round++)
    {
      const char *argv[] = { KT_CRASH_HELPER, "sync", dir, "7", NULL };
      g_autoptr(GSubprocess) process = spawn_helper (argv);

      /* Somewhere in the middle of requests and commits, which come that
       * much later on a sanitized run. */
      g_usleep ((gulong) g_test_rand_int_range (10, 150) * 1000 * kt_slowdown ());
      kill_and_wait (process);
    }
  assert_integrity (dir);

  /* Restart and finish: everything arrives, once. */
  store = kiosk_store_open (dir, &error);
  g_assert_no_error (error);
  uploader = kiosk_uploader_new (store);
  g_assert_true (kiosk_uploader_sync (uploader, NULL, &report, &error));
  g_assert_no_error (error);
  status = kiosk_store_get_outbox_status (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status->queued, ==, 0);
  g_assert_cmpuint (status->needs_attention, ==, 0);
  g_assert_cmpuint (status->sent, ==, UPLOAD_ENTRIES);
  g_assert_cmpuint (kt_server_n_stored (server), ==, UPLOAD_ENTRIES);
  for (guint i = 0; i < ids->len; i++)
    {
      g_assert_true (kiosk_store_has_receipt (store, ids->pdata[i], NULL));
      g_assert_cmpuint (kt_server_times_received (server, ids->pdata[i]), >=, 1);
    }
  g_object_unref (g_steal_pointer (&uploader));
  g_test_message ("%u kills during upload; %u entries left for the last sync; "
                  "%u stored once each",
                  UPLOAD_ROUNDS, report.delivered, UPLOAD_ENTRIES);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/kiosk/crash/kill-after-send", test_kill_after_send);
  g_test_add_func ("/kiosk/crash/kill-during-upload", test_kill_during_upload);

  return g_test_run ();
}
