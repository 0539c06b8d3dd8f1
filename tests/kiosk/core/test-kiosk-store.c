/* test-kiosk-store.c — opening the kiosk's store, its migrations and its
 * statement cache (kiosk-store.c; docs/kiosk-core.md "Storage"). */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "kiosk-store-private.h"
#include "kiosk-test-util.h"

static void
test_migrations (void)
{
  g_autofree char *dir = kt_data_dir ("migrations");
  g_autoptr(KioskStore) store = kt_open_store (dir);
  g_autoptr(GError) error = NULL;
  sqlite3 *db;
  guint version = kiosk_store_get_schema_version (store);

  g_assert_cmpuint (version, >=, 1);
  g_clear_object (&store);

  db = kt_open_raw (dir);
  g_assert_cmpint (kt_count (db, "PRAGMA user_version"), ==, version);
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM sqlite_schema WHERE name IN "
                                 "('settings', 'enrolment', 'outbox', 'offers', 'receipts', "
                                 "'cached_forms', 'cached_children')"), ==, 7);
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM pragma_journal_mode"), ==, 1);

  /* Reopening applies nothing twice. */
  store = kt_open_store (dir);
  g_assert_cmpuint (kiosk_store_get_schema_version (store), ==, version);
  g_clear_object (&store);

  /* A database from a newer version is refused, not damaged. */
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 999", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  store = kiosk_store_open (dir, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_STORAGE);
  g_assert_null (store);
}

static void
test_wal_and_permissions (void)
{
  g_autofree char *dir = kt_data_dir ("wal");
  g_autoptr(KioskStore) store = kt_open_store (dir);
  g_autofree char *db_path = g_build_filename (dir, "kiosk.db", NULL);
  g_autofree char *token_path = g_build_filename (dir, "device-token", NULL);
  KtKeyPair pair;
  GStatBuf st;
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;

  kt_keypair (&pair);
  kt_enrol (store, "http://127.0.0.1:9", &pair);

  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (db_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);
  g_assert_cmpint (g_stat (token_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  db = kt_open_raw (dir);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);
  /* The token is never in the database. */
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM settings WHERE value LIKE '%kt-synthetic-token%'"),
                   ==, 0);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpint (g_unlink (token_path), ==, 0);
  g_assert_false (kt_dir_contains (dir, "kt-synthetic-token"));
}

/* Migration 2 keeps what was queued before it: a row sealed the old way
 * (answers only in the box) still travels in the old shape, with the
 * members it has in clear, which the aggregator still accepts. */
static void
test_migration_keeps_old_sealed_rows (void)
{
  g_autofree char *dir = kt_data_dir ("migrate-sealed");
  g_autoptr(KioskStore) store = kt_open_store (dir);
  g_autoptr(GHashTable) skip = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonNode) batch = NULL;
  g_autoptr(GError) error = NULL;
  KtKeyPair pair;
  JsonObject *sent;
  sqlite3 *db;

  kt_keypair (&pair);
  kt_enrol (store, "http://127.0.0.1:9", &pair);
  g_clear_object (&store);

  /* Back to schema 1's outbox, with a clear row and an old sealed row. */
  db = kt_open_raw (dir);
  g_assert_cmpint (sqlite3_exec (db,
    "DROP TABLE outbox;"
    "CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,"
    " form TEXT NOT NULL, form_version INTEGER NOT NULL, goal_set INTEGER, child TEXT,"
    " respondent TEXT NOT NULL, mode TEXT NOT NULL, locale TEXT NOT NULL,"
    " easy_read INTEGER NOT NULL, started_at TEXT NOT NULL, completed_at TEXT NOT NULL,"
    " answers TEXT, sealed BLOB, state TEXT NOT NULL DEFAULT 'queued', last_error TEXT,"
    " attempts INTEGER NOT NULL DEFAULT 0);"
    "INSERT INTO outbox (id, form, form_version, child, respondent, mode, locale, easy_read,"
    " started_at, completed_at, answers) VALUES ('00000000-0000-4000-8000-000000000001',"
    " 'kiosk-test-qol', 1, '" KT_CHILD "', 'parent-carer', 'self', 'en_GB', 0,"
    " '2026-05-04T10:00:00+01:00', '2026-05-04T10:06:40+01:00', '{\"alpha\": \"fine\"}');"
    "INSERT INTO outbox (id, form, form_version, respondent, mode, locale, easy_read,"
    " started_at, completed_at, sealed) VALUES ('00000000-0000-4000-8000-000000000002',"
    " 'kiosk-test-experience', 1, 'both', 'assisted', 'cy_GB', 1,"
    " '2026-05-04T11:00:00+01:00', '2026-05-04T11:06:40+01:00', x'00112233');"
    "PRAGMA user_version = 1;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = kt_open_store (dir);
  g_assert_cmpuint (kiosk_store_get_schema_version (store), >=, 2);
  batch = kiosk_store_next_batch (store, 100, NULL, &error);
  g_assert_no_error (error);
  sent = json_array_get_object_element (json_object_get_array_member (json_node_get_object (batch),
                                                                      "submissions"), 0);
  g_assert_cmpstr (json_object_get_string_member (sent, "id"), ==,
                   "00000000-0000-4000-8000-000000000001");
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (sent, "answers"), "alpha"), ==, "fine");
  g_clear_pointer (&batch, json_node_unref);

  g_hash_table_add (skip, "00000000-0000-4000-8000-000000000001");
  batch = kiosk_store_next_batch (store, 100, skip, &error);
  g_assert_no_error (error);
  sent = json_array_get_object_element (json_object_get_array_member (json_node_get_object (batch),
                                                                      "submissions"), 0);
  g_assert_cmpstr (json_object_get_string_member (sent, "id"), ==,
                   "00000000-0000-4000-8000-000000000002");
  g_assert_false (json_object_has_member (sent, "sealed_version"));
  g_assert_true (json_object_get_null_member (sent, "child"));
  g_assert_cmpstr (json_object_get_string_member (sent, "locale"), ==, "cy_GB");
  g_assert_cmpstr (json_object_get_string_member (sent, "completed_at"), ==,
                   "2026-05-04T11:06:40+01:00");
  g_assert_cmpstr (json_object_get_string_member (sent, "sealed"), ==, "ABEiMw==");
}

/* Migration 3 writes the receipts' CHECK on status without an IN list
 * (which had SQLite build a temporary index for every receipt) and keeps
 * every receipt and the rule itself. */
static void
test_migration_keeps_receipts (void)
{
  g_autofree char *dir = kt_data_dir ("migrate-receipts");
  g_autoptr(KioskStore) store = kt_open_store (dir);
  g_autofree char *status = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  sqlite3 *db;

  g_clear_object (&store);

  /* Back to migration 1's receipts table. */
  db = kt_open_raw (dir);
  g_assert_cmpint (sqlite3_exec (db,
    "DROP TABLE receipts;"
    "CREATE TABLE receipts (id TEXT PRIMARY KEY NOT NULL,"
    " kind TEXT NOT NULL CHECK (kind IN ('submission', 'offer')), form TEXT,"
    " status TEXT NOT NULL CHECK (status IN ('stored', 'duplicate', 'discarded')),"
    " acknowledged_at TEXT NOT NULL);"
    "INSERT INTO receipts VALUES ('00000000-0000-4000-8000-000000000003', 'submission',"
    " 'kiosk-test-qol', 'duplicate', '2026-05-04T10:00:00Z');"
    "INSERT INTO receipts VALUES ('00000000-0000-4000-8000-000000000004', 'offer',"
    " NULL, 'discarded', '2026-05-04T10:00:00Z');"
    "PRAGMA user_version = 2;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = kt_open_store (dir);
  g_assert_cmpuint (kiosk_store_get_schema_version (store), >=, 3);
  g_assert_true (kiosk_store_has_receipt (store, "00000000-0000-4000-8000-000000000003",
                                          &status));
  g_assert_cmpstr (status, ==, "duplicate");
  g_clear_pointer (&status, g_free);
  g_assert_true (kiosk_store_has_receipt (store, "00000000-0000-4000-8000-000000000004",
                                          &status));
  g_assert_cmpstr (status, ==, "discarded");

  db = kt_open_raw (dir);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT sql FROM sqlite_schema WHERE name = 'receipts'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  sql = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  g_assert_null (strstr (sql, "IN ('stored'"));
  g_assert_cmpint (sqlite3_exec (db,
    "INSERT INTO receipts VALUES ('00000000-0000-4000-8000-000000000005', 'submission',"
    " NULL, 'lost', '2026-05-04T10:00:00Z')", NULL, NULL, NULL), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM receipts"), ==, 2);
  sqlite3_close (db);
}

static void
test_survives_reopening (void)
{
  g_autofree char *dir = kt_data_dir ("reopen");
  g_autoptr(KioskStore) store = kt_open_store (dir);
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id1 = kt_add_qol (store, KT_CHILD);
  g_autofree char *id2 = kt_add_qol (store, NULL);

  kiosk_store_add_declined_offer (store, KT_CHILD, NULL, &error);
  g_assert_no_error (error);
  before = kiosk_store_next_batch (store, 100, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  store = kt_open_store (dir);
  after = kiosk_store_next_batch (store, 100, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (before, after));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (after), "submissions")), ==, 2);
}

/* One round of what Send, the staff screen and a sync pass ask of the
 * store, taking the same paths every time. */
static void
use_every_concern (KioskStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) batch = NULL;
  g_autoptr(KioskOutboxStatus) status = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(KioskEnrolment) enrolment = NULL;
  g_autoptr(KioskChild) child = NULL;
  g_autofree char *id = kt_add_qol (store, KT_CHILD);
  KioskOutcome outcome = { KIOSK_ITEM_SUBMISSION, id, KIOSK_VERDICT_DELIVERED, "stored", NULL };

  batch = kiosk_store_next_batch (store, 10, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (batch);
  g_assert_true (kiosk_store_record_outcomes (store, &outcome, 1, &error));
  g_assert_true (kiosk_store_has_receipt (store, id, NULL));
  status = kiosk_store_get_outbox_status (store, &error);
  g_assert_nonnull (status);
  items = kiosk_store_list_outbox (store, &error);
  g_assert_nonnull (items);
  g_assert_true (kiosk_store_record_sync (store, NULL, &error));
  enrolment = kiosk_store_get_enrolment (store, &error);
  g_assert_nonnull (enrolment);
  g_assert_true (kiosk_store_has_form (store, "kiosk-test-qol", 1));
  kt_cache_child (store);
  child = kiosk_store_lookup_child (store, KT_CHILD, &error);
  g_assert_nonnull (child);
  g_assert_no_error (error);
}

/* The statement cache: each named statement is prepared once per
 * connection, not on every call, so repeating the same calls prepares
 * nothing more. */
static void
test_statements_prepared_once (void)
{
  g_autofree char *dir = kt_data_dir ("statements");
  g_autoptr(KioskStore) store = kt_open_store (dir);
  g_autofree char *xml = kt_read_data ("qol.xml");
  g_autoptr(GBytes) bytes = g_bytes_new (xml, strlen (xml));
  g_autoptr(GError) error = NULL;
  KtKeyPair pair;
  guint prepared;

  kt_keypair (&pair);
  kt_enrol (store, "http://127.0.0.1:9", &pair);
  g_assert_true (kiosk_store_cache_form (store, bytes, &error));
  g_assert_no_error (error);

  use_every_concern (store);
  prepared = kiosk_store_get_n_prepared (store);
  g_assert_cmpuint (prepared, >, 10);
  for (guint i = 0; i < 10; i++)
    use_every_concern (store);
  g_assert_cmpuint (kiosk_store_get_n_prepared (store), ==, prepared);
}

/* A cached statement is reset after each use: left half-read, it would
 * keep a read snapshot open, so the WAL could never be checkpointed. */
static void
test_statements_released (void)
{
  g_autofree char *dir = kt_data_dir ("statements-released");
  g_autoptr(KioskStore) store = kt_open_store (dir);
  g_autofree char *xml = kt_read_data ("qol.xml");
  g_autoptr(GBytes) bytes = g_bytes_new (xml, strlen (xml));
  g_autoptr(KvForm) form = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = kt_add_qol (store, KT_CHILD);
  KioskOutcome outcome = { KIOSK_ITEM_SUBMISSION, id, KIOSK_VERDICT_DELIVERED, "stored", NULL };
  sqlite3 *db;

  g_assert_true (kiosk_store_cache_form (store, bytes, &error));
  g_assert_true (kiosk_store_record_outcomes (store, &outcome, 1, &error));
  g_assert_no_error (error);
  kt_cache_child (store);

  /* Each of these stops reading after its first row. */
  g_assert_true (kiosk_store_has_receipt (store, id, NULL));
  g_assert_true (kiosk_store_has_form (store, "kiosk-test-qol", 1));
  form = kiosk_store_load_form (store, "kiosk-test-qol", 0, &error);
  g_assert_no_error (error);
  kt_assert_child_cached (store, TRUE);

  db = kt_open_raw (dir);
  sqlite3_busy_timeout (db, 0);
  /* busy = 0: no reader held the WAL back. */
  g_assert_cmpint (kt_count (db, "PRAGMA wal_checkpoint(TRUNCATE)"), ==, 0);
  sqlite3_close (db);
}

/* A reply's outcomes commit without waiting for the disk (replayable:
 * lost at a power cut, the items are sent again and the aggregator answers
 * "duplicate"), and every commit after them is durable again. */
static void
test_replayable_then_durable (void)
{
  g_autofree char *dir = kt_data_dir ("replayable");
  g_autoptr(KioskStore) store = kt_open_store (dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = kt_add_qol (store, KT_CHILD);
  KioskOutcome outcome = { KIOSK_ITEM_SUBMISSION, id, KIOSK_VERDICT_DELIVERED, "stored", NULL };

  /* 2 is FULL, 1 NORMAL. */
  g_assert_cmpint (kt_count (store->db, "PRAGMA synchronous"), ==, 2);
  g_assert_true (kiosk_store_record_outcomes (store, &outcome, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kt_count (store->db, "PRAGMA synchronous"), ==, 2);

  g_assert_true (kiosk_store_begin_replayable (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kt_count (store->db, "PRAGMA synchronous"), ==, 1);
  kiosk_store_rollback (store);
  g_assert_cmpint (kt_count (store->db, "PRAGMA synchronous"), ==, 2);

  g_assert_true (kiosk_store_begin_replayable (store, &error));
  g_assert_true (kiosk_store_commit (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kt_count (store->db, "PRAGMA synchronous"), ==, 2);

  /* Send after them is durable. */
  g_clear_pointer (&id, g_free);
  id = kt_add_qol (store, KT_CHILD);
  g_assert_cmpint (kt_count (store->db, "PRAGMA synchronous"), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/kiosk/store/migrations", test_migrations);
  g_test_add_func ("/kiosk/store/wal-and-private-files", test_wal_and_permissions);
  g_test_add_func ("/kiosk/store/migration-keeps-old-sealed-rows",
                   test_migration_keeps_old_sealed_rows);
  g_test_add_func ("/kiosk/store/migration-keeps-receipts", test_migration_keeps_receipts);
  g_test_add_func ("/kiosk/store/survives-reopening", test_survives_reopening);
  g_test_add_func ("/kiosk/store/statements-prepared-once", test_statements_prepared_once);
  g_test_add_func ("/kiosk/store/statements-released", test_statements_released);
  g_test_add_func ("/kiosk/store/replayable-then-durable", test_replayable_then_durable);

  return g_test_run ();
}
