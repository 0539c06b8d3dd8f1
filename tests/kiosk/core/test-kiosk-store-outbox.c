/* test-kiosk-store-outbox.c — the outbox (kiosk-store-outbox.c): rows
 * queued as given, in one transaction with their offer, the offers
 * ledger, and the staff screen's view and actions. */
#include "config.h"

#include <string.h>

#include "kiosk-test-util.h"

/* The store writes the row it is given and checks nothing about the
 * answers (kiosk-send.c does, before): only that an id is queued once. */
static void
test_queue_stores_rows (void)
{
  g_autofree char *dir = kt_data_dir ("queue");
  g_autoptr(KioskStore) store = kt_open_store (dir);
  g_autoptr(GBytes) box = g_bytes_new_static ("synthetic box", 13);
  g_autoptr(GError) error = NULL;
  KioskOutboxRow clear = {
    .id = "00000000-0000-4000-8000-0000000000c1", .form = "kiosk-test-qol",
    .form_version = 1, .child = KT_CHILD, .respondent = "both", .mode = "proxy",
    .locale = "cy_GB", .easy_read = TRUE, .started_at = "2026-05-04T10:00:00+01:00",
    .completed_at = "2026-05-04T10:06:40+01:00", .answers = "{\"not\": \"checked\"}",
  };
  KioskOutboxRow sealed = {
    .id = "00000000-0000-4000-8000-0000000000c2", .form = "kiosk-test-experience",
    .form_version = 1, .sealed = box, .month = "2026-05", .independent = TRUE,
    .offer_child = KT_CHILD,
  };
  sqlite3 *db;

  kt_ensure_enrolled (store);
  g_assert_true (kiosk_store_queue_submission (store, &clear, &error));
  g_assert_no_error (error);
  g_assert_true (kiosk_store_queue_submission (store, &sealed, &error));
  g_assert_no_error (error);

  db = kt_open_raw (dir);
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM outbox WHERE "
                                 "id = '00000000-0000-4000-8000-0000000000c1' AND "
                                 "child = '" KT_CHILD "' AND respondent = 'both' AND "
                                 "mode = 'proxy' AND locale = 'cy_GB' AND easy_read = 1 AND "
                                 "goal_set IS NULL AND sealed IS NULL AND "
                                 "completed_at = '2026-05-04T10:06:40+01:00' AND "
                                 "answers = '{\"not\": \"checked\"}'"), ==, 1);
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM outbox WHERE "
                                 "id = '00000000-0000-4000-8000-0000000000c2' AND "
                                 "child IS NULL AND answers IS NULL AND "
                                 "sealed = CAST ('synthetic box' AS BLOB) AND "
                                 "sealed_version = 2 AND month = '2026-05' AND "
                                 "independent = 1 AND completed_at IS NULL"), ==, 1);
  /* The store seals the offer itself: the child's code is never in it in
   * clear. */
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM offers WHERE child IS NULL "
                                 "AND outcome IS NULL AND sealed IS NOT NULL "
                                 "AND month = '2026-05'"), ==, 1);

  /* Once queued, an id cannot be queued again, in clear or sealed. */
  g_assert_false (kiosk_store_queue_submission (store, &clear, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID);
  g_clear_error (&error);
  sealed.id = clear.id;
  g_assert_false (kiosk_store_queue_submission (store, &sealed, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID);
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM outbox"), ==, 2);
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM offers"), ==, 1);
  sqlite3_close (db);
}

/* An experience submission and its offer are one transaction: if the offer
 * cannot be written, neither is the submission. */
static void
test_add_is_one_transaction (void)
{
  g_autofree char *dir = kt_data_dir ("atomic");
  g_autoptr(KioskStore) store = kt_open_store (dir);
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

  kiosk_send_submission (store, submission, form, answers, NULL, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_STORAGE);
  g_clear_error (&error);
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM offers"), ==, 0);

  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER fail_offer", NULL, NULL, NULL), ==, SQLITE_OK);
  kiosk_send_submission (store, submission, form, answers, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM outbox"), ==, 1);
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM offers"), ==, 1);
  sqlite3_close (db);
}

static void
test_declined_offer (void)
{
  g_autofree char *dir = kt_data_dir ("declined");
  g_autoptr(KioskStore) store = kt_open_store (dir);
  g_autoptr(GDateTime) when = g_date_time_new_local (2026, 5, 31, 23, 30, 0);
  g_autoptr(JsonNode) batch = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskOutboxStatus) status = NULL;
  g_autoptr(JsonObject) offer = NULL;
  JsonObject *sent;

  kt_ensure_enrolled (store);
  kiosk_store_add_declined_offer (store, KT_CHILD, when, &error);
  g_assert_no_error (error);
  status = kiosk_store_get_outbox_status (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status->offers_queued, ==, 1);
  g_assert_cmpuint (status->queued, ==, 0);

  batch = kiosk_store_next_batch (store, 100, NULL, &error);
  g_assert_no_error (error);
  sent = json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (batch), "offers"), 0);
  g_assert_cmpstr (json_object_get_string_member (sent, "month"), ==, "2026-05");
  offer = kt_opened (sent, NULL);
  g_assert_cmpstr (json_object_get_string_member (offer, "outcome"), ==, "declined");
  g_assert_cmpstr (json_object_get_string_member (offer, "child"), ==, KT_CHILD);
}

static void
test_refused_needs_attention (void)
{
  g_autofree char *dir = kt_data_dir ("refused");
  g_autoptr(KioskStore) store = kt_open_store (dir);
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
      /* Sealed: staff see the month, never the time of the visit. */
      g_assert_null (item->completed_at);
      g_assert_nonnull (item->month);
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/kiosk/store/outbox/queue-stores-rows", test_queue_stores_rows);
  g_test_add_func ("/kiosk/store/outbox/queue-is-one-transaction", test_add_is_one_transaction);
  g_test_add_func ("/kiosk/store/outbox/declined-offer", test_declined_offer);
  g_test_add_func ("/kiosk/store/outbox/refused-needs-attention", test_refused_needs_attention);

  return g_test_run ();
}
