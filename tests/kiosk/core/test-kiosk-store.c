/* test-kiosk-store.c — the kiosk's local store (docs/kiosk-core.md
 * "Storage"). */
#include "config.h"

#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>

#include "kiosk-test-util.h"

static KioskStore *
open_store (const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  KioskStore *store = kiosk_store_open (data_dir, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static void
test_migrations (void)
{
  g_autofree char *dir = kt_data_dir ("migrations");
  g_autoptr(KioskStore) store = open_store (dir);
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
  store = open_store (dir);
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
  g_autoptr(KioskStore) store = open_store (dir);
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

static void
test_enrolment (void)
{
  g_autofree char *dir = kt_data_dir ("enrolment");
  g_autoptr(KioskStore) store = open_store (dir);
  g_autoptr(KioskEnrolment) enrolment = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  KtKeyPair pair;

  g_assert_false (kiosk_store_is_enrolled (store));
  enrolment = kiosk_store_get_enrolment (store, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_ENROLLED);
  g_clear_error (&error);
  token = kiosk_store_dup_device_token (store, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_ENROLLED);
  g_clear_error (&error);

  kt_keypair (&pair);
  kt_enrol (store, "http://127.0.0.1:9", &pair);
  g_assert_true (kiosk_store_is_enrolled (store));

  g_clear_object (&store);
  store = open_store (dir);
  enrolment = kiosk_store_get_enrolment (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kiosk_enrolment_get_aggregator_url (enrolment), ==, "http://127.0.0.1:9");
  g_assert_cmpstr (kiosk_enrolment_get_service_name (enrolment), ==, "Test service");
  g_assert_cmpmem (g_bytes_get_data (kiosk_enrolment_get_public_key (enrolment), NULL), 32,
                   pair.public_key, 32);
  token = kiosk_store_dup_device_token (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "kt-synthetic-token");
}

/* "2026-07-01T00:30:00+01:00": to the second, with the offset the
 * tablet's clock had at that moment. */
static void
assert_local_time (const char *text)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (text, NULL);
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *expected = NULL;

  g_assert_nonnull (time);
  local = g_date_time_to_local (time);
  expected = g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
  g_assert_cmpstr (text, ==, expected);
}

static void
test_add_submission (void)
{
  g_autofree char *dir = kt_data_dir ("add");
  g_autoptr(KioskStore) store = open_store (dir);
  g_autoptr(KvForm) form = kt_load_form ("review.xml");
  g_autoptr(KioskSubmission) submission = kiosk_submission_new ("kiosk-test-review", 2);
  g_autofree char *child_json = kt_read_data ("child.json");
  g_autoptr(JsonNode) child_node = kt_json (child_json);
  g_autoptr(KioskChild) child = NULL;
  g_autoptr(JsonNode) answers = kt_json ("{\"ratings\": {\"g1\": 1, \"g2\": \"partial\"}}");
  g_autoptr(GError) error = NULL;
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;

  child = kiosk_child_new_from_json (child_node, NULL, FALSE, &error);
  g_assert_no_error (error);

  kiosk_submission_set_child (submission, KT_CHILD);
  kiosk_submission_set_respondent (submission, KIOSK_RESPONDENT_YOUNG_PERSON);
  kiosk_submission_set_mode (submission, KIOSK_MODE_ASSISTED);
  kiosk_submission_set_locale (submission, "cy_GB");
  kiosk_submission_set_easy_read (submission, TRUE);
  kiosk_submission_set_goal_set (submission, kiosk_child_get_goal_set_version (child));

  kiosk_store_add_submission (store, submission, form, answers,
                              kiosk_child_get_goal_set (child), &error);
  g_assert_no_error (error);

  db = kt_open_raw (dir);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT id, form, form_version, goal_set, child, respondent, "
                                       "mode, locale, easy_read, answers, sealed, state, started_at, "
                                       "completed_at FROM outbox", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==,
                   kiosk_submission_get_id (submission));
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, "kiosk-test-review");
  g_assert_cmpint (sqlite3_column_int (stmt, 2), ==, 2);
  g_assert_cmpint (sqlite3_column_int (stmt, 3), ==, 3);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 4), ==, KT_CHILD);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 5), ==, "young-person");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 6), ==, "assisted");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 7), ==, "cy_GB");
  g_assert_cmpint (sqlite3_column_int (stmt, 8), ==, 1);
  g_assert_nonnull (strstr ((const char *) sqlite3_column_text (stmt, 9), "\"partial\""));
  g_assert_cmpint (sqlite3_column_type (stmt, 10), ==, SQLITE_NULL);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 11), ==, "queued");
  /* RFC 3339 with the tablet's UTC offset (see test_local_date). */
  assert_local_time ((const char *) sqlite3_column_text (stmt, 12));
  assert_local_time ((const char *) sqlite3_column_text (stmt, 13));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  /* The same session cannot be saved twice. */
  kiosk_store_add_submission (store, submission, form, answers,
                              kiosk_child_get_goal_set (child), &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM outbox"), ==, 1);
  sqlite3_close (db);
}

/* Puts the tablet in time zone @tz; returns the TZ it had before (NULL:
 * none), for restore_tz(). */
static char *
set_tz (const char *tz)
{
  char *saved = g_strdup (g_getenv ("TZ"));

  g_setenv ("TZ", tz, TRUE);
  return saved;
}

static void
restore_tz (const char *saved)
{
  if (saved != NULL)
    g_setenv ("TZ", saved, TRUE);
  else
    g_unsetenv ("TZ");
}

/* Regression: started_at and completed_at were sent in UTC, so the
 * aggregator — which dates a submission by the date part, "the day the
 * family completed it, as the tablet showed it" (docs/reports.md) — put
 * a visit at 00:30 BST on 1 July into 30 June and the previous quarter.
 * In a zone 14 hours ahead of UTC (all year, no summer time) the date
 * part must be the tablet's date, whatever the time of day. */
static void
test_local_date (void)
{
  g_autofree char *dir = kt_data_dir ("local-date");
  g_autoptr(KioskStore) store = NULL;
  g_autoptr(KvForm) form = kt_load_form ("qol.xml");
  g_autoptr(KioskSubmission) submission = NULL;
  g_autoptr(JsonNode) answers = kt_json ("{\"alpha\": \"fine\", \"beta\": \"not-fine\"}");
  g_autoptr(JsonNode) batch = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) before = NULL;
  g_autoptr(GDateTime) after = NULL;
  g_autofree char *old_tz = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *sent;
  const char *completed_at;

  old_tz = set_tz ("Pacific/Kiritimati");
  zone = g_time_zone_new_identifier ("Pacific/Kiritimati");
  if (zone == NULL)
    {
      g_test_skip ("no time zone data for Pacific/Kiritimati");
      return;
    }

  store = open_store (dir);
  submission = kiosk_submission_new ("kiosk-test-qol", 1);
  kiosk_submission_set_child (submission, KT_CHILD);
  before = g_date_time_new_now (zone);
  kiosk_store_add_submission (store, submission, form, answers, NULL, &error);
  g_assert_no_error (error);
  after = g_date_time_new_now (zone);

  batch = kiosk_store_next_batch (store, 10, NULL, &error);
  g_assert_no_error (error);
  sent = json_array_get_object_element (json_object_get_array_member (json_node_get_object (batch),
                                                                      "submissions"), 0);
  completed_at = json_object_get_string_member (sent, "completed_at");
  g_assert_true (g_str_has_suffix (completed_at, "+14:00"));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (sent, "started_at"), "+14:00"));
  /* The day on the tablet, not in UTC (midnight may pass during Send). */
  {
    g_autofree char *day_before = g_date_time_format (before, "%Y-%m-%d");
    g_autofree char *day_after = g_date_time_format (after, "%Y-%m-%d");

    g_assert_true (strncmp (completed_at, day_before, 10) == 0
                   || strncmp (completed_at, day_after, 10) == 0);
  }

  restore_tz (old_tz);
}

static void
test_add_refuses_bad_answers (void)
{
  g_autofree char *dir = kt_data_dir ("bad");
  g_autoptr(KioskStore) store = open_store (dir);
  g_autoptr(KvForm) form = kt_load_form ("qol.xml");
  g_autoptr(KvForm) review = kt_load_form ("review.xml");
  g_autoptr(KioskSubmission) submission = kiosk_submission_new ("kiosk-test-qol", 1);
  g_autoptr(KioskSubmission) wrong_form = kiosk_submission_new ("kiosk-test-qol", 7);
  g_autoptr(KioskSubmission) no_goal_set = kiosk_submission_new ("kiosk-test-review", 2);
  g_autoptr(JsonNode) missing = kt_json ("{\"alpha\": \"fine\"}");
  g_autoptr(JsonNode) unknown = kt_json ("{\"alpha\": \"fine\", \"beta\": \"fine\", \"zeta\": 1}");
  g_autoptr(JsonNode) good = kt_json ("{\"alpha\": \"fine\", \"beta\": \"fine\"}");
  g_autoptr(JsonNode) ratings = kt_json ("{\"ratings\": {\"g1\": 1}}");
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  kiosk_store_add_submission (store, submission, form, missing, NULL, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID);
  g_clear_error (&error);
  kiosk_store_add_submission (store, submission, form, unknown, NULL, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID);
  g_clear_error (&error);
  kiosk_store_add_submission (store, wrong_form, form, good, NULL, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID);
  g_clear_error (&error);
  kiosk_store_add_submission (store, no_goal_set, review, ratings, NULL, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID);
  g_clear_error (&error);

  db = kt_open_raw (dir);
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM offers"), ==, 0);
  sqlite3_close (db);

  /* The refused session can still be sent once its answers are right. */
  kiosk_store_add_submission (store, submission, form, good, NULL, &error);
  g_assert_no_error (error);
}

/* An experience submission and its offer are one transaction: if the offer
 * cannot be written, neither is the submission. */
static void
test_add_is_one_transaction (void)
{
  g_autofree char *dir = kt_data_dir ("atomic");
  g_autoptr(KioskStore) store = open_store (dir);
  g_autoptr(KvForm) form = kt_load_form ("experience.xml");
  g_autoptr(KioskSubmission) submission = kiosk_submission_new ("kiosk-test-experience", 1);
  g_autoptr(JsonNode) answers = kt_json ("{\"overall\": \"good\"}");
  g_autoptr(GError) error = NULL;
  KtKeyPair pair;
  sqlite3 *db;

  kt_keypair (&pair);
  kt_enrol (store, "http://127.0.0.1:9", &pair);
  kiosk_submission_set_child (submission, KT_CHILD);

  db = kt_open_raw (dir);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TRIGGER fail_offer BEFORE INSERT ON offers "
                                     "BEGIN SELECT RAISE (ABORT, 'test says no'); END",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  kiosk_store_add_submission (store, submission, form, answers, NULL, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_STORAGE);
  g_clear_error (&error);
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM offers"), ==, 0);

  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER fail_offer", NULL, NULL, NULL), ==, SQLITE_OK);
  kiosk_store_add_submission (store, submission, form, answers, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM outbox"), ==, 1);
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM offers"), ==, 1);
  sqlite3_close (db);
}

static void
test_sealed_unreadable (void)
{
  g_autofree char *dir = kt_data_dir ("sealed");
  g_autoptr(KioskStore) store = open_store (dir);
  g_autoptr(KvForm) form = kt_load_form ("experience.xml");
  g_autoptr(KioskSubmission) submission = kiosk_submission_new ("kiosk-test-experience", 1);
  g_autoptr(JsonNode) answers = kt_json ("{\"overall\": \"poor\", \"say\": \"" KT_SECRET_MARKER "\"}");
  g_autoptr(JsonNode) batch = NULL;
  g_autoptr(GHashTable) skip = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree guchar *box = NULL;
  g_autofree guchar *opened = NULL;
  g_autofree char *month = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  JsonObject *submission_json, *offer_json;
  gsize box_length = 0;
  KtKeyPair pair;
  sqlite3 *db;

  kt_keypair (&pair);
  kt_enrol (store, "http://127.0.0.1:9", &pair);
  kiosk_submission_set_child (submission, KT_CHILD);
  kiosk_store_add_submission (store, submission, form, answers, NULL, &error);
  g_assert_no_error (error);

  /* On disk: a sealed blob, no child beside it, and nowhere the text. */
  db = kt_open_raw (dir);
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM outbox WHERE answers IS NULL "
                                 "AND sealed IS NOT NULL AND child IS NULL"), ==, 1);
  /* Nor anything that dates the visit closer than its month, or says who
   * answered and how: that is all inside the box. */
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM outbox WHERE sealed IS NOT NULL "
                                 "AND started_at IS NULL AND completed_at IS NULL "
                                 "AND respondent IS NULL AND mode IS NULL AND locale IS NULL "
                                 "AND easy_read IS NULL AND sealed_version = 2 "
                                 "AND month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'"), ==, 1);
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM offers WHERE outcome = 'completed'"), ==, 1);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_false (kt_dir_contains (dir, KT_SECRET_MARKER));

  /* Staff see the entry, not its answers. */
  items = kiosk_store_list_outbox (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);
  for (guint i = 0; i < items->len; i++)
    {
      KioskOutboxItem *item = g_ptr_array_index (items, i);

      g_assert_null (strstr (item->id, KT_CHILD));
      g_assert_true (item->reason == NULL);
      /* Neither keeps a time; staff see the month instead. */
      g_assert_null (item->completed_at);
      g_assert_nonnull (item->month);
      g_assert_cmpint (strlen (item->month), ==, 7);
    }

  /* The offer goes first, without its sealed answers: the two never
   * share a request. */
  batch = kiosk_store_next_batch (store, 100, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (batch), "submissions")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (batch), "offers")), ==, 1);
  offer_json = json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (batch), "offers"), 0);
  month = g_date_time_format (now, "%Y-%m");
  g_assert_cmpstr (json_object_get_string_member (offer_json, "child"), ==, KT_CHILD);
  g_assert_cmpstr (json_object_get_string_member (offer_json, "outcome"), ==, "completed");
  g_assert_cmpstr (json_object_get_string_member (offer_json, "month"), ==, month);
  g_assert_cmpuint (json_object_get_size (offer_json), ==, 4);
  g_hash_table_add (skip, g_strdup (json_object_get_string_member (offer_json, "id")));
  g_clear_pointer (&batch, json_node_unref);

  /* Then the answers alone, on the wire with "child": null and "sealed",
   * and only the aggregator's secret key opens them. */
  batch = kiosk_store_next_batch (store, 100, skip, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (batch), "offers")), ==, 0);
  submission_json = json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (batch), "submissions"), 0);
  /* In clear only what routing needs (docs/api.md, sealed_version 2). */
  {
    static const char * const clear[] = {
      "id", "form", "form_version", "month", "sealed_version", "sealed", NULL
    };
    g_autoptr(GList) members = json_object_get_members (submission_json);

    for (GList *l = members; l != NULL; l = l->next)
      g_assert_true (g_strv_contains (clear, l->data));
    g_assert_cmpuint (json_object_get_size (submission_json), ==, g_strv_length ((GStrv) clear));
    g_assert_cmpstr (json_object_get_string_member (submission_json, "month"), ==, month);
    g_assert_cmpint (json_object_get_int_member (submission_json, "sealed_version"), ==, 2);
  }
  box = g_base64_decode (json_object_get_string_member (submission_json, "sealed"), &box_length);
  g_assert_cmpuint (box_length, >, crypto_box_SEALBYTES);
  opened = g_malloc0 (box_length - crypto_box_SEALBYTES + 1);
  g_assert_cmpint (crypto_box_seal_open (opened, box, box_length, pair.public_key,
                                         pair.secret_key), ==, 0);
  g_assert_nonnull (strstr ((char *) opened, KT_SECRET_MARKER));
  g_assert_nonnull (strstr ((char *) opened, "\"poor\""));
  /* The box holds the answers and the members that left the clear. */
  {
    g_autoptr(JsonNode) inside = kt_json ((const char *) opened);
    JsonObject *object = json_node_get_object (inside);

    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "answers"),
                                                    "overall"), ==, "poor");
    g_assert_cmpstr (json_object_get_string_member (object, "respondent"), ==, "parent-carer");
    g_assert_cmpstr (json_object_get_string_member (object, "mode"), ==, "self");
    g_assert_cmpstr (json_object_get_string_member (object, "locale"), ==, "en_GB");
    g_assert_false (json_object_get_boolean_member (object, "easy_read"));
    g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "completed_at"), month));
    g_assert_nonnull (json_object_get_string_member (object, "started_at"));
    g_assert_cmpuint (json_object_get_size (object), ==, 7);
  }
}

/* Migration 2 keeps what was queued before it: a row sealed the old way
 * (answers only in the box) still travels in the old shape, with the
 * members it has in clear, which the aggregator still accepts. */
static void
test_migration_keeps_old_sealed_rows (void)
{
  g_autofree char *dir = kt_data_dir ("migrate-sealed");
  g_autoptr(KioskStore) store = open_store (dir);
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

  store = open_store (dir);
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

static void
test_sealed_needs_enrolment (void)
{
  g_autofree char *dir = kt_data_dir ("sealed-unenrolled");
  g_autoptr(KioskStore) store = open_store (dir);
  g_autoptr(KvForm) form = kt_load_form ("experience.xml");
  g_autoptr(KioskSubmission) submission = kiosk_submission_new ("kiosk-test-experience", 1);
  g_autoptr(JsonNode) answers = kt_json ("{\"overall\": \"good\", \"say\": \"" KT_SECRET_MARKER "\"}");
  g_autoptr(GError) error = NULL;

  kiosk_store_add_submission (store, submission, form, answers, NULL, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_ENROLLED);
  g_clear_object (&store);
  g_assert_false (kt_dir_contains (dir, KT_SECRET_MARKER));
}

static void
test_declined_offer (void)
{
  g_autofree char *dir = kt_data_dir ("declined");
  g_autoptr(KioskStore) store = open_store (dir);
  g_autoptr(GDateTime) when = g_date_time_new_local (2026, 5, 31, 23, 30, 0);
  g_autoptr(JsonNode) batch = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskOutboxStatus) status = NULL;
  JsonObject *offer;

  kiosk_store_add_declined_offer (store, KT_CHILD, when, &error);
  g_assert_no_error (error);
  status = kiosk_store_get_outbox_status (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status->offers_queued, ==, 1);
  g_assert_cmpuint (status->queued, ==, 0);

  batch = kiosk_store_next_batch (store, 100, NULL, &error);
  g_assert_no_error (error);
  offer = json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (batch), "offers"), 0);
  g_assert_cmpstr (json_object_get_string_member (offer, "outcome"), ==, "declined");
  g_assert_cmpstr (json_object_get_string_member (offer, "month"), ==, "2026-05");
}

static void
test_ack_keeps_only_receipt (void)
{
  g_autofree char *dir = kt_data_dir ("ack");
  g_autoptr(KioskStore) store = open_store (dir);
  g_autoptr(KvForm) form = kt_load_form ("qol.xml");
  g_autoptr(KioskSubmission) submission = kiosk_submission_new ("kiosk-test-qol", 1);
  g_autoptr(JsonNode) answers = kt_json ("{\"alpha\": \"fine\", \"beta\": \"fine\", "
                                         "\"note\": \"" KT_SECRET_MARKER "\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskOutboxStatus) status = NULL;
  g_autofree char *receipt = NULL;
  g_autofree char *other = NULL;
  KioskOutcome outcomes[2];
  sqlite3 *db;

  kiosk_submission_set_child (submission, KT_CHILD);
  kiosk_store_add_submission (store, submission, form, answers, NULL, &error);
  g_assert_no_error (error);
  other = kt_add_qol (store, KT_CHILD);

  outcomes[0] = (KioskOutcome) { KIOSK_ITEM_SUBMISSION, kiosk_submission_get_id (submission),
                                 KIOSK_VERDICT_DELIVERED, "stored", NULL };
  outcomes[1] = (KioskOutcome) { KIOSK_ITEM_SUBMISSION, other,
                                 KIOSK_VERDICT_DELIVERED, "duplicate", NULL };
  kiosk_store_record_outcomes (store, outcomes, 2, &error);
  g_assert_no_error (error);
  /* Applying the same reply again changes nothing. */
  kiosk_store_record_outcomes (store, outcomes, 2, &error);
  g_assert_no_error (error);

  g_assert_true (kiosk_store_has_receipt (store, kiosk_submission_get_id (submission), &receipt));
  g_assert_cmpstr (receipt, ==, "stored");
  g_clear_pointer (&receipt, g_free);
  g_assert_true (kiosk_store_has_receipt (store, other, &receipt));
  g_assert_cmpstr (receipt, ==, "duplicate");

  status = kiosk_store_get_outbox_status (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status->queued, ==, 0);
  g_assert_cmpuint (status->sent, ==, 2);

  db = kt_open_raw (dir);
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM receipts WHERE form = 'kiosk-test-qol'"), ==, 2);
  /* With secure_delete the answers are gone from the file, not just
   * unlinked. */
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_false (kt_dir_contains (dir, KT_SECRET_MARKER));

  /* A delivered id cannot come back. */
  kiosk_store_add_submission (store, submission, form, answers, NULL, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID);
}

static void
test_refused_needs_attention (void)
{
  g_autofree char *dir = kt_data_dir ("refused");
  g_autoptr(KioskStore) store = open_store (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(KioskOutboxStatus) status = NULL;
  g_autoptr(JsonNode) batch = NULL;
  g_autofree char *conflicted = kt_add_qol (store, KT_CHILD);
  g_autofree char *rejected = kt_add_qol (store, KT_CHILD);
  g_autofree char *waiting = kt_add_qol (store, KT_CHILD);
  g_autofree char *receipt = NULL;
  KioskOutcome outcomes[] = {
    { KIOSK_ITEM_SUBMISSION, conflicted, KIOSK_VERDICT_NEEDS_ATTENTION, "conflict", "conflict" },
    { KIOSK_ITEM_SUBMISSION, rejected, KIOSK_VERDICT_NEEDS_ATTENTION, "rejected",
      "item 'alpha': synthetic reason" },
    { KIOSK_ITEM_SUBMISSION, waiting, KIOSK_VERDICT_RETRY, NULL, "not acknowledged" },
  };

  kiosk_store_record_outcomes (store, outcomes, G_N_ELEMENTS (outcomes), &error);
  g_assert_no_error (error);

  status = kiosk_store_get_outbox_status (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status->queued, ==, 1);
  g_assert_cmpuint (status->needs_attention, ==, 2);
  g_assert_cmpuint (status->sent, ==, 0);

  /* Never retried blindly: only the waiting one is in the next batch. */
  batch = kiosk_store_next_batch (store, 100, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (batch), "submissions")), ==, 1);

  items = kiosk_store_list_outbox (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 3);
  for (guint i = 0; i < items->len; i++)
    {
      KioskOutboxItem *item = g_ptr_array_index (items, i);

      g_assert_cmpstr (item->form, ==, "kiosk-test-qol");
      g_assert_cmpuint (item->attempts, ==, 1);
      g_assert_nonnull (item->completed_at);
      if (g_str_equal (item->id, rejected))
        {
          g_assert_cmpint (item->state, ==, KIOSK_ITEM_NEEDS_ATTENTION);
          g_assert_cmpstr (item->reason, ==, "item 'alpha': synthetic reason");
        }
      else if (g_str_equal (item->id, waiting))
        {
          g_assert_cmpint (item->state, ==, KIOSK_ITEM_QUEUED);
          g_assert_cmpstr (item->reason, ==, "not acknowledged");
        }
    }

  /* Staff actions: a queued entry cannot be discarded; one needing
   * attention can be retried or discarded, leaving a receipt. */
  kiosk_store_discard_item (store, waiting, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID);
  g_clear_error (&error);
  kiosk_store_retry_item (store, conflicted, &error);
  g_assert_no_error (error);
  kiosk_store_discard_item (store, rejected, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_store_has_receipt (store, rejected, &receipt));
  g_assert_cmpstr (receipt, ==, "discarded");

  g_clear_pointer (&status, kiosk_outbox_status_free);
  status = kiosk_store_get_outbox_status (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status->queued, ==, 2);
  g_assert_cmpuint (status->needs_attention, ==, 0);
}

static void
test_survives_reopening (void)
{
  g_autofree char *dir = kt_data_dir ("reopen");
  g_autoptr(KioskStore) store = open_store (dir);
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

  store = open_store (dir);
  after = kiosk_store_next_batch (store, 100, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (before, after));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (after), "submissions")), ==, 2);
}

static void
test_next_batch (void)
{
  g_autofree char *dir = kt_data_dir ("batch");
  g_autoptr(KioskStore) store = open_store (dir);
  g_autoptr(GHashTable) skip = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonNode) batch = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  JsonArray *submissions;

  batch = kiosk_store_next_batch (store, 100, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (batch);

  for (guint i = 0; i < 5; i++)
    g_ptr_array_add (ids, kt_add_qol (store, KT_CHILD));
  kiosk_store_add_declined_offer (store, KT_CHILD, NULL, &error);
  g_assert_no_error (error);

  batch = kiosk_store_next_batch (store, 3, NULL, &error);
  g_assert_no_error (error);
  submissions = json_object_get_array_member (json_node_get_object (batch), "submissions");
  g_assert_cmpuint (json_array_get_length (submissions), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (batch), "offers")), ==, 0);
  /* Oldest first. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (submissions, 0), "id"),
                   ==, g_ptr_array_index (ids, 0));
  g_clear_pointer (&batch, json_node_unref);

  g_hash_table_add (skip, g_ptr_array_index (ids, 0));
  g_hash_table_add (skip, g_ptr_array_index (ids, 1));
  batch = kiosk_store_next_batch (store, 100, skip, &error);
  g_assert_no_error (error);
  submissions = json_object_get_array_member (json_node_get_object (batch), "submissions");
  g_assert_cmpuint (json_array_get_length (submissions), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (submissions, 0), "id"),
                   ==, g_ptr_array_index (ids, 2));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (batch), "offers")), ==, 1);
  {
    JsonObject *first = json_array_get_object_element (submissions, 0);

    g_assert_cmpstr (json_object_get_string_member (first, "form"), ==, "kiosk-test-qol");
    g_assert_cmpint (json_object_get_int_member (first, "form_version"), ==, 1);
    g_assert_false (json_object_has_member (first, "goal_set"));
    g_assert_cmpstr (json_object_get_string_member (first, "respondent"), ==, "parent-carer");
    g_assert_cmpstr (json_object_get_string_member (first, "mode"), ==, "self");
    g_assert_cmpstr (json_object_get_string_member (first, "locale"), ==, "en_GB");
    g_assert_false (json_object_get_boolean_member (first, "easy_read"));
    g_assert_true (json_object_has_member (first, "started_at"));
    g_assert_true (json_object_has_member (first, "completed_at"));
    g_assert_cmpstr (json_object_get_string_member (
                       json_object_get_object_member (first, "answers"), "alpha"), ==, "fine");
  }
}

static void
test_caches (void)
{
  g_autofree char *dir = kt_data_dir ("caches");
  g_autoptr(KioskStore) store = open_store (dir);
  g_autofree char *xml = kt_read_data ("qol.xml");
  g_autofree char *child_json = kt_read_data ("child.json");
  g_autoptr(GBytes) bytes = g_bytes_new (xml, strlen (xml));
  g_autoptr(GBytes) broken = g_bytes_new_static ("<form", 5);
  g_autoptr(KvForm) form = NULL;
  g_autoptr(KioskChild) child = NULL;
  g_autoptr(GError) error = NULL;

  form = kiosk_store_load_form (store, "kiosk-test-qol", 0, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_CACHED);
  g_clear_error (&error);

  g_assert_false (kiosk_store_cache_form (store, broken, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID);
  g_clear_error (&error);
  kiosk_store_cache_form (store, bytes, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_store_has_form (store, "kiosk-test-qol", 1));
  g_assert_false (kiosk_store_has_form (store, "kiosk-test-qol", 2));
  form = kiosk_store_load_form (store, "kiosk-test-qol", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kv_form_get_n_items (form), ==, 3);

  g_assert_false (kiosk_store_cache_child (store, KT_CHILD, "{\"code\": 7}", &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID);
  g_clear_error (&error);
  kiosk_store_cache_child (store, KT_CHILD, child_json, &error);
  g_assert_no_error (error);
  child = kiosk_store_lookup_child (store, KT_CHILD, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_child_is_from_cache (child));
  g_assert_cmpuint (kiosk_child_get_goal_set_version (child), ==, 3);
  g_assert_cmpuint (kv_goal_set_get_n_goals (kiosk_child_get_goal_set (child)), ==, 2);
  g_assert_true (kiosk_child_is_due (child, "kiosk-test-qol"));
  g_assert_cmpstr (kiosk_child_get_dsr (child), ==, "amber");
  g_clear_pointer (&child, kiosk_child_unref);

  kiosk_store_forget_child (store, KT_CHILD, &error);
  g_assert_no_error (error);
  child = kiosk_store_lookup_child (store, KT_CHILD, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_CACHED);
}

/* @days days and @seconds seconds from the start of the local day, as the
 * store writes fetched_at (UTC). */
static char *
local_day_plus (int days,
                int seconds)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (now),
                                                         g_date_time_get_month (now),
                                                         g_date_time_get_day_of_month (now),
                                                         0, 0, 0);
  g_autoptr(GDateTime) shifted = g_date_time_add_full (midnight, 0, 0, days, 0, 0, seconds);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (shifted);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static void
set_fetched_at (sqlite3    *db,
                const char *fetched_at)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE cached_children SET fetched_at = '%s'",
                                          fetched_at);

  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

static void
cache_child (KioskStore *store)
{
  g_autofree char *child_json = kt_read_data ("child.json");
  g_autoptr(GError) error = NULL;

  kiosk_store_cache_child (store, KT_CHILD, child_json, &error);
  g_assert_no_error (error);
}

static void
assert_child_cached (KioskStore *store,
                     gboolean    cached)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskChild) child = kiosk_store_lookup_child (store, KT_CHILD, &error);

  if (cached)
    {
      g_assert_no_error (error);
      g_assert_nonnull (child);
    }
  else
    {
      g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_CACHED);
      g_assert_null (child);
    }
}

/* A cached child (the family's goal wording among it) lasts for the
 * tablet's local day it was fetched on.  The tablet is put fourteen hours
 * ahead of UTC: its midnight is 10:00 UTC, so the two times either side of
 * it below are on the same UTC day and only the local day tells them
 * apart. */
static void
test_cached_children_expire (void)
{
  g_autofree char *dir = kt_data_dir ("children-expire");
  g_autofree char *saved_tz = NULL;
  g_autoptr(KioskStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *last_night = NULL;
  g_autofree char *early_today = NULL;
  g_autofree char *tomorrow = NULL;
  sqlite3 *db;

  saved_tz = set_tz ("<+14>-14");
  last_night = local_day_plus (0, -1);
  early_today = local_day_plus (0, 1);
  tomorrow = local_day_plus (1, 0);

  store = open_store (dir);
  db = kt_open_raw (dir);

  /* Read: fetched one second before the tablet's midnight, it is gone,
   * row and all. */
  cache_child (store);
  assert_child_cached (store, TRUE);
  set_fetched_at (db, last_night);
  assert_child_cached (store, FALSE);
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM cached_children"), ==, 0);

  /* Fetched one second after it, it is today's. */
  cache_child (store);
  set_fetched_at (db, early_today);
  assert_child_cached (store, TRUE);

  /* Periodically (each sync pass calls this): a clock that was put back
   * leaves a time after today, which goes too. */
  set_fetched_at (db, tomorrow);
  g_assert_true (kiosk_store_expire_children (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM cached_children"), ==, 0);

  /* At start: yesterday's is dropped when the store opens, before anyone
   * looks it up. */
  cache_child (store);
  set_fetched_at (db, last_night);
  g_assert_finalize_object (g_steal_pointer (&store));
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM cached_children"), ==, 1);
  store = open_store (dir);
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM cached_children"), ==, 0);

  sqlite3_close (db);
  restore_tz (saved_tz);
}

/* Enrolling the tablet again makes it a new device, perhaps of another
 * service: every cached child goes.  The same device moving to another
 * address keeps them. */
static void
test_reenrolment_forgets_children (void)
{
  g_autofree char *dir = kt_data_dir ("children-reenrol");
  g_autoptr(KioskStore) store = open_store (dir);
  g_autoptr(KioskEnrolment) again = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GError) error = NULL;
  KtKeyPair pair;

  kt_keypair (&pair);
  kt_enrol (store, "https://aggregator.invalid", &pair);
  cache_child (store);
  kt_enrol (store, "https://moved-aggregator.invalid", &pair);
  assert_child_cached (store, TRUE);

  key = g_bytes_new (pair.public_key, sizeof pair.public_key);
  again = kiosk_enrolment_new ("https://moved-aggregator.invalid", "device-test-2",
                               "service-test", "Test service", key, NULL, NULL);
  kiosk_store_set_enrolment (store, again, "kt-synthetic-token-2", &error);
  g_assert_no_error (error);
  assert_child_cached (store, FALSE);
}

static void
test_staff_pin (void)
{
  g_autofree char *dir = kt_data_dir ("pin");
  g_autoptr(KioskStore) store = open_store (dir);
  g_autoptr(GError) error = NULL;

  g_assert_false (kiosk_store_has_staff_pin (store));
  g_assert_false (kiosk_store_check_staff_pin (store, "2468"));
  g_assert_false (kiosk_store_set_staff_pin (store, "12", &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID);
  g_clear_error (&error);

  kiosk_store_set_staff_pin (store, "2468", &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_store_has_staff_pin (store));
  g_assert_true (kiosk_store_check_staff_pin (store, "2468"));
  g_assert_false (kiosk_store_check_staff_pin (store, "2469"));
  g_clear_object (&store);
  g_assert_false (kt_dir_contains (dir, "2468"));
}

static void
test_sync_status (void)
{
  g_autofree char *dir = kt_data_dir ("status");
  g_autoptr(KioskStore) store = open_store (dir);
  g_autoptr(KioskOutboxStatus) status = NULL;
  g_autoptr(GError) error = NULL;

  status = kiosk_store_get_outbox_status (store, &error);
  g_assert_no_error (error);
  g_assert_null (status->last_attempt);
  g_assert_null (status->last_success);
  g_clear_pointer (&status, kiosk_outbox_status_free);

  kiosk_store_record_sync (store, "synthetic failure", &error);
  g_assert_no_error (error);
  status = kiosk_store_get_outbox_status (store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (status->last_attempt);
  g_assert_null (status->last_success);
  g_assert_cmpstr (status->last_error, ==, "synthetic failure");
  g_clear_pointer (&status, kiosk_outbox_status_free);

  kiosk_store_record_sync (store, NULL, &error);
  g_assert_no_error (error);
  status = kiosk_store_get_outbox_status (store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (status->last_success);
  g_assert_null (status->last_error);
}

static void
test_url_rules (void)
{
  struct { const char *in; const char *out; } cases[] = {
    { "https://agg.example.org/", "https://agg.example.org" },
    { "HTTPS://agg.example.org:8443/keyvoice//", "https://agg.example.org:8443/keyvoice" },
    { "http://127.0.0.1:8080", "http://127.0.0.1:8080" },
    { "http://localhost:1/", "http://localhost:1" },
    { "http://[::1]:8080", "http://[::1]:8080" },
    { "http://agg.example.org", NULL },
    { "ftp://agg.example.org", NULL },
    { "https://user:pw@agg.example.org", NULL },
    { "https://agg.example.org/?x=1", NULL },
    { "not a url", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = kiosk_enrolment_normalize_url (cases[i].in, &error);

      g_assert_cmpstr (url, ==, cases[i].out);
      if (cases[i].out == NULL)
        g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/kiosk/store/migrations", test_migrations);
  g_test_add_func ("/kiosk/store/wal-and-private-files", test_wal_and_permissions);
  g_test_add_func ("/kiosk/store/enrolment", test_enrolment);
  g_test_add_func ("/kiosk/store/add-submission", test_add_submission);
  g_test_add_func ("/kiosk/store/times-carry-the-tablets-date", test_local_date);
  g_test_add_func ("/kiosk/store/add-refuses-bad-answers", test_add_refuses_bad_answers);
  g_test_add_func ("/kiosk/store/add-is-one-transaction", test_add_is_one_transaction);
  g_test_add_func ("/kiosk/store/sealed-unreadable", test_sealed_unreadable);
  g_test_add_func ("/kiosk/store/migration-keeps-old-sealed-rows",
                   test_migration_keeps_old_sealed_rows);
  g_test_add_func ("/kiosk/store/sealed-needs-enrolment", test_sealed_needs_enrolment);
  g_test_add_func ("/kiosk/store/declined-offer", test_declined_offer);
  g_test_add_func ("/kiosk/store/ack-keeps-only-receipt", test_ack_keeps_only_receipt);
  g_test_add_func ("/kiosk/store/refused-needs-attention", test_refused_needs_attention);
  g_test_add_func ("/kiosk/store/survives-reopening", test_survives_reopening);
  g_test_add_func ("/kiosk/store/next-batch", test_next_batch);
  g_test_add_func ("/kiosk/store/caches", test_caches);
  g_test_add_func ("/kiosk/store/cached-children-expire", test_cached_children_expire);
  g_test_add_func ("/kiosk/store/reenrolment-forgets-children", test_reenrolment_forgets_children);
  g_test_add_func ("/kiosk/store/staff-pin", test_staff_pin);
  g_test_add_func ("/kiosk/store/sync-status", test_sync_status);
  g_test_add_func ("/kiosk/store/url-rules", test_url_rules);

  return g_test_run ();
}
