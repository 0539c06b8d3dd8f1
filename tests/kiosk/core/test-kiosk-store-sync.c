/* test-kiosk-store-sync.c — what the uploader asks of the store
 * (kiosk-store-sync.c): batches, a reply's outcomes, the sync status. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kv-json.h"
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
    g_autoptr(JsonObject) first = kt_opened (json_array_get_object_element (submissions, 0), NULL);

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

/* Queues a row in clear with @answers_json as its stored answers. */
static void
queue_clear (KioskStore *store,
             const char *id,
             const char *child,
             guint       goal_set,
             const char *answers_json)
{
  g_autoptr(GError) error = NULL;
  KioskOutboxRow row = { NULL, };

  row.id = id;
  row.form = "kiosk-test-qol";
  row.form_version = 3;
  row.goal_set = goal_set;
  row.child = child;
  row.respondent = "parent-carer";
  row.mode = "assisted";
  row.locale = "cy_GB";
  row.easy_read = TRUE;
  row.started_at = "2026-05-04T10:00:00+01:00";
  row.completed_at = "2026-05-04T10:06:40+01:00";
  row.answers = answers_json;
  g_assert_true (kiosk_store_queue_submission (store, &row, &error));
  g_assert_no_error (error);
}

/* The body of @text, and that its ids are those of the body, in order. */
static JsonNode *
check_batch_text (KioskBatchText *text)
{
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize length;
  JsonNode *root;
  const char *members[] = { "submissions", "offers" };
  GPtrArray *ids[] = { text->submissions, text->offers };

  data = g_bytes_get_data (text->body, &length);
  root = kv_json_parse (data, length, &error);
  g_assert_no_error (error);
  for (guint m = 0; m < G_N_ELEMENTS (members); m++)
    {
      JsonArray *array = json_object_get_array_member (json_node_get_object (root), members[m]);

      g_assert_cmpuint (json_array_get_length (array), ==, ids[m]->len);
      for (guint i = 0; i < ids[m]->len; i++)
        g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, i),
                                                        "id"), ==, g_ptr_array_index (ids[m], i));
    }
  return root;
}

/* The uploader sends the text the store writes, with the stored answers
 * spliced in unparsed.  It is byte for byte what json-glib writes for the
 * same tree (what was sent when the body was built as a tree), for every
 * shape of row, answers that need escapes included, as long as the
 * answers are stored as Send stores them (json-glib's own text). */
static void
test_batch_text_as_json_glib_writes_it (void)
{
  g_autofree char *dir = kt_data_dir ("batch-text");
  g_autoptr(KioskStore) store = kt_open_store (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskBatchText) text = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) answers = kt_json ("{\"note\": \"\\\"caf\\u00e9\\\" \\\\ a/b\\n\\t\\u007f "
                                         "\\ud83d\\ude10\", \"list\": [1, -2, 2.5, 1e3, true, "
                                         "null, {}, []], \"alpha\": \"fine\"}");
  g_autofree char *answers_json = json_to_string (answers, FALSE);
  g_autofree char *written = NULL;
  g_autoptr(GBytes) sealed = g_bytes_new_static ("\x00\x01\xfe\xff", 4);
  KioskOutboxRow row = { NULL, };
  const char *data;
  gsize length;

  kt_ensure_enrolled (store);
  queue_clear (store, "00000000-0000-4000-8000-0000000000a1", KT_CHILD, 0, answers_json);
  queue_clear (store, "00000000-0000-4000-8000-0000000000a2", NULL, 7, answers_json);
  kiosk_store_add_declined_offer (store, KT_CHILD, NULL, &error);
  g_assert_no_error (error);
  row.id = "00000000-0000-4000-8000-0000000000a3";
  row.form = "kiosk-test-experience";
  row.form_version = 1;
  row.sealed = sealed;
  row.month = "2026-05";
  row.independent = TRUE;
  row.offer_child = KT_CHILD;
  g_assert_true (kiosk_store_queue_submission (store, &row, &error));
  g_assert_no_error (error);

  text = kiosk_store_next_batch_text (store, 100, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (text->submissions->len, ==, 2);
  g_assert_cmpuint (text->offers->len, ==, 2);
  root = check_batch_text (text);
  written = json_to_string (root, FALSE);
  data = g_bytes_get_data (text->body, &length);
  g_assert_cmpmem (data, length, written, strlen (written));
  /* The answers went in as they were stored. */
  g_assert_nonnull (g_strstr_len (data, length, answers_json));
  g_clear_pointer (&text, kiosk_batch_text_free);
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&written, g_free);

  /* The sealed one travels alone once the others are sent. */
  {
    g_autoptr(GHashTable) skip = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(JsonNode) offers = kt_outbox (store);
    JsonArray *queued = json_object_get_array_member (json_node_get_object (offers), "offers");

    g_hash_table_add (skip, "00000000-0000-4000-8000-0000000000a1");
    g_hash_table_add (skip, "00000000-0000-4000-8000-0000000000a2");
    for (guint i = 0; i < json_array_get_length (queued); i++)
      g_hash_table_add (skip, (gpointer) json_object_get_string_member (
                                json_array_get_object_element (queued, i), "id"));
    text = kiosk_store_next_batch_text (store, 100, skip, &error);
    g_assert_no_error (error);
    root = check_batch_text (text);
    written = json_to_string (root, FALSE);
    data = g_bytes_get_data (text->body, &length);
    g_assert_cmpmem (data, length, written, strlen (written));
    g_assert_cmpstr (written, ==,
                     "{\"submissions\":[{\"id\":\"00000000-0000-4000-8000-0000000000a3\","
                     "\"form\":\"kiosk-test-experience\",\"form_version\":1,"
                     "\"month\":\"2026-05\",\"sealed_version\":2,\"sealed\":\"AAH+/w==\"}],"
                     "\"offers\":[]}");
  }
}

/* Answers stored in other JSON spellings (an older build, spaces) go out
 * as they are: the body then differs from json-glib's text but reads as
 * the same tree.  Damaged answers are an error, as when they were parsed,
 * not a body that is not JSON. */
static void
test_batch_text_other_spellings_and_damage (void)
{
  g_autofree char *dir = kt_data_dir ("batch-spelling");
  g_autoptr(KioskStore) store = kt_open_store (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskBatchText) text = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) expected = kt_json ("{\"alpha\": \"fine\", \"n\": 1000.0}");
  JsonObject *sent;
  sqlite3 *db;

  queue_clear (store, "00000000-0000-4000-8000-0000000000b1", KT_CHILD, 0,
               "{ \"alpha\" : \"fine\", \"n\": 1e3 }");
  text = kiosk_store_next_batch_text (store, 100, NULL, &error);
  g_assert_no_error (error);
  root = check_batch_text (text);
  sent = json_array_get_object_element (json_object_get_array_member (
                                          json_node_get_object (root), "submissions"), 0);
  g_assert_true (json_node_equal (json_object_get_member (sent, "answers"), expected));
  g_clear_pointer (&text, kiosk_batch_text_free);

  db = kt_open_raw (dir);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE outbox SET answers = '{\"alpha\": \"fi'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  text = kiosk_store_next_batch_text (store, 100, NULL, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_STORAGE);
  g_assert_null (text);
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

  kt_ensure_enrolled (store);
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

/* A row queued in clear (by a version before every kind was sealed) is
 * readable on disk until it is delivered; once it is, and the pass ends,
 * neither kiosk.db nor its WAL keeps its page images: the store
 * checkpoints the WAL (TRUNCATE) when the uploader records the pass, with
 * nothing done behind its back. */
static void
test_delivered_clear_row_leaves_nothing (void)
{
  g_autofree char *dir = kt_data_dir ("ack-clear");
  g_autoptr(KioskStore) store = kt_open_store (dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_build_filename (dir, "kiosk.db-wal", NULL);
  KioskOutcome outcome = { KIOSK_ITEM_SUBMISSION, "00000000-0000-4000-8000-0000000000d1",
                           KIOSK_VERDICT_DELIVERED, "stored", NULL };
  GStatBuf st;

  queue_clear (store, outcome.id, KT_CHILD, 0,
               "{\"alpha\": \"fine\", \"note\": \"" KT_SECRET_MARKER "\"}");
  /* The scan sees a row in clear. */
  g_assert_true (kt_dir_contains (dir, KT_SECRET_MARKER));

  kiosk_store_record_outcomes (store, &outcome, 1, &error);
  g_assert_no_error (error);
  kiosk_store_record_sync (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (kt_dir_contains (dir, KT_SECRET_MARKER));
  g_assert_false (kt_dir_contains (dir, KT_CHILD));
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, 0);
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
  g_test_add_func ("/kiosk/store/sync/batch-text-as-json-glib-writes-it",
                   test_batch_text_as_json_glib_writes_it);
  g_test_add_func ("/kiosk/store/sync/batch-text-other-spellings-and-damage",
                   test_batch_text_other_spellings_and_damage);
  g_test_add_func ("/kiosk/store/sync/ack-keeps-only-receipt", test_ack_keeps_only_receipt);
  g_test_add_func ("/kiosk/store/sync/delivered-clear-row-leaves-nothing",
                   test_delivered_clear_row_leaves_nothing);
  g_test_add_func ("/kiosk/store/sync/sync-status", test_sync_status);

  return g_test_run ();
}
