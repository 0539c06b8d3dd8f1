/* test-kiosk-store-sync.c — what the uploader asks of the store
 * (kiosk-store-sync.c): batches, a reply's outcomes, the sync status. */
#include "config.h"


#include "kiosk-test-util.h"

static void
test_next_batch (void)
{
  g_autofree char *dir = kt_data_dir ("batch");
  g_autoptr(KioskStore) store = kt_open_store (dir);
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
test_ack_keeps_only_receipt (void)
{
  g_autofree char *dir = kt_data_dir ("ack");
  g_autoptr(KioskStore) store = kt_open_store (dir);
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
  kiosk_send_submission (store, submission, form, answers, NULL, &error);
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
  kiosk_send_submission (store, submission, form, answers, NULL, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID);
}

static void
test_sync_status (void)
{
  g_autofree char *dir = kt_data_dir ("status");
  g_autoptr(KioskStore) store = kt_open_store (dir);
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/kiosk/store/sync/next-batch", test_next_batch);
  g_test_add_func ("/kiosk/store/sync/ack-keeps-only-receipt", test_ack_keeps_only_receipt);
  g_test_add_func ("/kiosk/store/sync/sync-status", test_sync_status);

  return g_test_run ();
}
