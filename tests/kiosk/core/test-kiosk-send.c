/* test-kiosk-send.c — Send (kiosk-send.c): answers checked, stamped with
 * the tablet's time, sealed when they are experience feedback, and only
 * then queued in the store (docs/kiosk-core.md "Storage"). */
#include "config.h"

#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

#include "kiosk-test-util.h"

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
  g_autoptr(KioskStore) store = kt_open_store (dir);
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

  kt_ensure_enrolled (store);
  kiosk_send_submission (store, submission, form, answers,
                         kiosk_child_get_goal_set (child), &error);
  g_assert_no_error (error);

  /* On disk only what routing needs: everything else is in the box. */
  db = kt_open_raw (dir);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT id, form, form_version, goal_set, child, respondent, "
                                       "mode, locale, easy_read, answers, sealed, state, started_at, "
                                       "completed_at, sealed_version, month, independent "
                                       "FROM outbox", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==,
                   kiosk_submission_get_id (submission));
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, "kiosk-test-review");
  g_assert_cmpint (sqlite3_column_int (stmt, 2), ==, 2);
  for (int column = 3; column <= 9; column++)
    g_assert_cmpint (sqlite3_column_type (stmt, column), ==, SQLITE_NULL);
  g_assert_cmpint (sqlite3_column_type (stmt, 10), ==, SQLITE_BLOB);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 11), ==, "queued");
  g_assert_cmpint (sqlite3_column_type (stmt, 12), ==, SQLITE_NULL);
  g_assert_cmpint (sqlite3_column_type (stmt, 13), ==, SQLITE_NULL);
  g_assert_cmpint (sqlite3_column_int (stmt, 14), ==, 2);
  g_assert_cmpint (strlen ((const char *) sqlite3_column_text (stmt, 15)), ==, 7);
  g_assert_cmpint (sqlite3_column_int (stmt, 16), ==, 0);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  /* The box holds every member a submission in clear would have. */
  {
    g_autoptr(JsonNode) batch = kt_outbox (store);
    JsonObject *sent = kt_submission (batch, "kiosk-test-review");
    g_autoptr(JsonObject) opened = kt_opened (sent, NULL);

    g_assert_cmpuint (json_object_get_size (sent), ==, 6);
    g_assert_cmpstr (json_object_get_string_member (opened, "child"), ==, KT_CHILD);
    g_assert_cmpint (json_object_get_int_member (opened, "goal_set"), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (opened, "respondent"), ==, "young-person");
    g_assert_cmpstr (json_object_get_string_member (opened, "mode"), ==, "assisted");
    g_assert_cmpstr (json_object_get_string_member (opened, "locale"), ==, "cy_GB");
    g_assert_true (json_object_get_boolean_member (opened, "easy_read"));
    g_assert_cmpstr (json_object_get_string_member (
                       json_object_get_object_member (json_object_get_object_member (
                                                        opened, "answers"), "ratings"), "g2"),
                     ==, "partial");
    /* RFC 3339 with the tablet's UTC offset (see test_local_date). */
    assert_local_time (json_object_get_string_member (opened, "started_at"));
    assert_local_time (json_object_get_string_member (opened, "completed_at"));
    g_assert_true (g_str_has_prefix (json_object_get_string_member (opened, "completed_at"),
                                     json_object_get_string_member (sent, "month")));
    g_assert_cmpuint (json_object_get_size (opened), ==, 12);
  }

  /* The same session cannot be saved twice. */
  kiosk_send_submission (store, submission, form, answers,
                         kiosk_child_get_goal_set (child), &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM outbox"), ==, 1);
  sqlite3_close (db);
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
  g_autoptr(JsonObject) sent = NULL;
  const char *completed_at;

  old_tz = kt_set_tz ("Pacific/Kiritimati");
  zone = g_time_zone_new_identifier ("Pacific/Kiritimati");
  if (zone == NULL)
    {
      g_test_skip ("no time zone data for Pacific/Kiritimati");
      return;
    }

  store = kt_open_store (dir);
  kt_ensure_enrolled (store);
  submission = kiosk_submission_new ("kiosk-test-qol", 1);
  kiosk_submission_set_child (submission, KT_CHILD);
  before = g_date_time_new_now (zone);
  kiosk_send_submission (store, submission, form, answers, NULL, &error);
  g_assert_no_error (error);
  after = g_date_time_new_now (zone);

  batch = kiosk_store_next_batch (store, 10, NULL, &error);
  g_assert_no_error (error);
  sent = kt_opened (json_array_get_object_element (
                     json_object_get_array_member (json_node_get_object (batch), "submissions"), 0),
                   NULL);
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

  kt_restore_tz (old_tz);
}

static void
test_add_refuses_bad_answers (void)
{
  g_autofree char *dir = kt_data_dir ("bad");
  g_autoptr(KioskStore) store = kt_open_store (dir);
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

  kt_ensure_enrolled (store);
  kiosk_send_submission (store, submission, form, missing, NULL, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID);
  g_clear_error (&error);
  kiosk_send_submission (store, submission, form, unknown, NULL, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID);
  g_clear_error (&error);
  kiosk_send_submission (store, wrong_form, form, good, NULL, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID);
  g_clear_error (&error);
  kiosk_send_submission (store, no_goal_set, review, ratings, NULL, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID);
  g_clear_error (&error);

  db = kt_open_raw (dir);
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM offers"), ==, 0);
  sqlite3_close (db);

  /* The refused session can still be sent once its answers are right. */
  kiosk_send_submission (store, submission, form, good, NULL, &error);
  g_assert_no_error (error);
}

static void
test_sealed_unreadable (void)
{
  g_autofree char *dir = kt_data_dir ("sealed");
  g_autoptr(KioskStore) store = kt_open_store (dir);
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
  kiosk_send_submission (store, submission, form, answers, NULL, &error);
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
  /* The offer is sealed too: neither the child nor the outcome in clear. */
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM offers WHERE sealed IS NOT NULL "
                                 "AND child IS NULL AND outcome IS NULL"), ==, 1);
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM outbox WHERE independent = 1"), ==, 1);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_false (kt_dir_contains (dir, KT_SECRET_MARKER));
  g_assert_false (kt_dir_contains (dir, KT_CHILD));

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
  g_assert_cmpstr (json_object_get_string_member (offer_json, "month"), ==, month);
  g_assert_cmpint (json_object_get_int_member (offer_json, "sealed_version"), ==, 2);
  g_assert_false (json_object_has_member (offer_json, "child"));
  g_assert_cmpuint (json_object_get_size (offer_json), ==, 4);
  {
    g_autoptr(JsonObject) offer = kt_opened (offer_json, &pair);

    g_assert_cmpstr (json_object_get_string_member (offer, "child"), ==, KT_CHILD);
    g_assert_cmpstr (json_object_get_string_member (offer, "outcome"), ==, "completed");
    g_assert_cmpuint (json_object_get_size (offer), ==, 3);
  }
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

static void
test_sealed_needs_enrolment (void)
{
  g_autofree char *dir = kt_data_dir ("sealed-unenrolled");
  g_autoptr(KioskStore) store = kt_open_store (dir);
  g_autoptr(KvForm) form = kt_load_form ("experience.xml");
  g_autoptr(KioskSubmission) submission = kiosk_submission_new ("kiosk-test-experience", 1);
  g_autoptr(JsonNode) answers = kt_json ("{\"overall\": \"good\", \"say\": \"" KT_SECRET_MARKER "\"}");
  g_autoptr(GError) error = NULL;

  g_autoptr(KvForm) qol = kt_load_form ("qol.xml");
  g_autoptr(KioskSubmission) qol_submission = kiosk_submission_new ("kiosk-test-qol", 1);
  g_autoptr(JsonNode) qol_answers = kt_json ("{\"alpha\": \"fine\", \"beta\": \"not-fine\"}");

  kiosk_send_submission (store, submission, form, answers, NULL, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_ENROLLED);
  g_clear_error (&error);
  /* Every kind is sealed: without a key nothing is written in clear. */
  kiosk_submission_set_child (qol_submission, KT_CHILD);
  kiosk_send_submission (store, qol_submission, qol, qol_answers, NULL, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_ENROLLED);
  g_clear_error (&error);
  kiosk_store_add_declined_offer (store, KT_CHILD, NULL, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_ENROLLED);
  g_clear_object (&store);
  g_assert_false (kt_dir_contains (dir, KT_SECRET_MARKER));
  g_assert_false (kt_dir_contains (dir, KT_CHILD));
}

/* Send empties the WAL (a TRUNCATE checkpoint) without waiting for it:
 * while another connection reads (a headless --sync, say) the checkpoint
 * cannot finish, and Send must neither wait the busy timeout nor fail;
 * the next Send, once the reader is gone, empties it. */
static void
test_checkpoint_never_waits (void)
{
  g_autofree char *dir = kt_data_dir ("checkpoint");
  g_autoptr(KioskStore) store = kt_open_store (dir);
  g_autofree char *wal = g_build_filename (dir, "kiosk.db-wal", NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  gint64 start;
  GStatBuf st;
  sqlite3 *db;

  kt_ensure_enrolled (store);
  db = kt_open_raw (dir);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN; SELECT count(*) FROM outbox;", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  start = g_get_monotonic_time ();
  first = kt_add_qol (store, KT_CHILD);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 0);

  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  second = kt_add_qol (store, KT_CHILD);
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/kiosk/send/add-submission", test_add_submission);
  g_test_add_func ("/kiosk/send/times-carry-the-tablets-date", test_local_date);
  g_test_add_func ("/kiosk/send/refuses-bad-answers", test_add_refuses_bad_answers);
  g_test_add_func ("/kiosk/send/sealed-unreadable", test_sealed_unreadable);
  g_test_add_func ("/kiosk/send/sealed-needs-enrolment", test_sealed_needs_enrolment);
  g_test_add_func ("/kiosk/send/checkpoint-never-waits", test_checkpoint_never_waits);

  return g_test_run ();
}
