/* test-kiosk-uploader.c — delivery rules (docs/kiosk-core.md "Delivery")
 * against a fake aggregator on 127.0.0.1 (kiosk-test-server.c): only an
 * explicit stored/duplicate in a JSON reply of the right shape delivers,
 * what the outbox keeps when it does not, batches, and the automatic
 * passes (backoff, network changes).  Halving and parking are
 * test-kiosk-uploader-delivery.c's, the requests themselves
 * test-kiosk-client.c's. */
#include "config.h"

#include "kiosk-test-uploader.h"

/* The uploader's fixture (kiosk-test-uploader.h). */
typedef KtUploaderFixture Fixture;

static void
test_delivers_once (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = kt_add_some (fixture, 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskOutboxStatus) status = NULL;
  g_autoptr(JsonNode) request = NULL;
  KioskSyncReport report;

  kiosk_store_add_declined_offer (fixture->store, KT_CHILD, NULL, &error);
  g_assert_no_error (error);

  kt_sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 3);
  g_assert_cmpuint (report.offers_delivered, ==, 1);
  g_assert_cmpuint (report.queued, ==, 0);
  g_assert_cmpuint (report.needs_attention, ==, 0);
  for (guint i = 0; i < ids->len; i++)
    {
      g_assert_cmpuint (kt_server_times_received (fixture->server, ids->pdata[i]), ==, 1);
      g_assert_true (kiosk_store_has_receipt (fixture->store, ids->pdata[i], NULL));
    }

  /* The wire shape of docs/api.md. */
  request = kt_server_dup_last_request (fixture->server);
  g_assert_true (json_object_has_member (json_node_get_object (request), "submissions"));
  g_assert_true (json_object_has_member (json_node_get_object (request), "offers"));

  /* Nothing left: a second sync sends nothing at all. */
  kt_sync_ok (fixture, &report);
  g_assert_cmpuint (kt_server_n_requests (fixture->server), ==, 1);
  g_assert_cmpuint (report.delivered, ==, 0);

  status = kt_status_of (fixture);
  g_assert_cmpuint (status->sent, ==, 4);
  g_assert_nonnull (status->last_success);
  g_assert_null (status->last_error);
}

static void
test_batches_of_100 (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = kt_add_some (fixture, 250);
  KioskSyncReport report;

  kt_sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 250);
  g_assert_cmpuint (kt_server_n_requests (fixture->server), ==, 3);
  g_assert_cmpuint (kt_server_max_batch (fixture->server), ==, 100);
  g_assert_cmpuint (kt_server_n_stored (fixture->server), ==, 250);
}

static void
test_captive_portal (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = kt_add_some (fixture, 2);
  KioskSyncReport report;

  kt_server_set_mode (fixture->server, KT_REPLY_PORTAL);
  kt_assert_nothing_delivered (fixture, ids, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY);

  /* Once the network is really there, each arrives exactly once. */
  kt_server_set_mode (fixture->server, KT_REPLY_OK);
  kt_sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 2);
  kt_assert_each_received_once (fixture, ids);
}

static void
test_redirect (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = kt_add_some (fixture, 2);

  kt_server_set_mode (fixture->server, KT_REPLY_REDIRECT);
  kt_assert_nothing_delivered (fixture, ids, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY);
}

static void
test_bare_200 (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = kt_add_some (fixture, 2);

  kt_server_set_mode (fixture->server, KT_REPLY_BARE_200);
  kt_assert_nothing_delivered (fixture, ids, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY);
  kt_server_set_mode (fixture->server, KT_REPLY_WRONG_SHAPE);
  kt_assert_nothing_delivered (fixture, ids, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY);
}

/* A reply of 100,000 "[" (as 200 and as a 400 error body) is a bad reply,
 * not the end of the kiosk; and a reply that is JSON only to a lenient
 * reader (a key twice, which json-glib alone reads as the last) counts
 * for nothing either. */
static void
test_deep_and_lenient_replies (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = kt_add_some (fixture, 2);
  KioskSyncReport report;

  kt_server_set_mode (fixture->server, KT_REPLY_DEEP);
  kt_assert_nothing_delivered (fixture, ids, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY);
  kt_assert_nothing_delivered (fixture, ids, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY);
  kt_server_set_mode (fixture->server, KT_REPLY_LENIENT);
  kt_assert_nothing_delivered (fixture, ids, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY);

  kt_server_set_mode (fixture->server, KT_REPLY_OK);
  kt_sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 2);
}

/* The server stored the batch but the reply was cut: nothing counts as
 * delivered, and the retry gets "duplicate", which does. */
static void
test_truncated (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = kt_add_some (fixture, 4);
  KioskSyncReport report;
  char *status = NULL;

  kt_server_set_mode (fixture->server, KT_REPLY_TRUNCATED);
  kt_assert_nothing_delivered (fixture, ids, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY);

  kt_server_set_mode (fixture->server, KT_REPLY_OK);
  kt_sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 4);
  g_assert_true (kiosk_store_has_receipt (fixture->store, ids->pdata[0], &status));
  g_assert_cmpstr (status, ==, "duplicate");
  g_free (status);
  g_assert_cmpuint (kt_server_n_stored (fixture->server), ==, 4);
}

static void
test_missing_ids (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = kt_add_some (fixture, 4);
  g_autoptr(KioskOutboxStatus) status = NULL;
  g_autoptr(GPtrArray) items = NULL;
  KioskSyncReport report;

  kt_server_set_mode (fixture->server, KT_REPLY_MISSING_IDS);
  kt_sync_bad_reply (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 2);
  g_assert_cmpuint (report.queued, ==, 2);

  /* The ones listed are delivered; the others wait, saying why. */
  g_assert_true (kiosk_store_has_receipt (fixture->store, ids->pdata[0], NULL));
  g_assert_false (kiosk_store_has_receipt (fixture->store, ids->pdata[1], NULL));
  g_assert_true (kiosk_store_has_receipt (fixture->store, ids->pdata[2], NULL));
  g_assert_false (kiosk_store_has_receipt (fixture->store, ids->pdata[3], NULL));
  items = kt_outbox_of (fixture);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_nonnull (((KioskOutboxItem *) items->pdata[0])->reason);

  kt_server_set_mode (fixture->server, KT_REPLY_OK);
  kt_sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 2);
  status = kt_status_of (fixture);
  g_assert_cmpuint (status->queued, ==, 0);
  g_assert_cmpuint (status->sent, ==, 4);
}

static void
test_server_error (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = kt_add_some (fixture, 2);

  kt_server_set_mode (fixture->server, KT_REPLY_SERVER_ERROR);
  kt_assert_nothing_delivered (fixture, ids, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY);
}

static void
test_unauthorized (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = kt_add_some (fixture, 2);

  kt_server_set_mode (fixture->server, KT_REPLY_UNAUTHORIZED);
  kt_assert_nothing_delivered (fixture, ids, KIOSK_ERROR, KIOSK_ERROR_REFUSED);
}

static void
test_unreachable (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *closed = kt_closed_url ();

  /* Re-enrol to a port nothing listens on. */
  kt_enrol (fixture->store, closed, kt_server_get_keypair (fixture->server));
  ids = kt_add_some (fixture, 2);
  kt_assert_nothing_delivered (fixture, ids, KIOSK_ERROR, KIOSK_ERROR_UNREACHABLE);
}

static void
test_stall_times_out (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = kt_add_some (fixture, 2);
  gint64 start = g_get_monotonic_time ();

  /* Not scaled by the slowdown: the server never answers, however long
   * the uploader waits. */
  kiosk_uploader_set_timeouts (fixture->uploader, 1, 1);
  kt_server_set_mode (fixture->server, KT_REPLY_STALL);
  kt_assert_nothing_delivered (fixture, ids, KIOSK_ERROR, KIOSK_ERROR_UNREACHABLE);
  /* Bounded by the total timeout, not left hanging; what comes around the
   * request is slower on a sanitized run. */
  g_assert_cmpint (g_get_monotonic_time () - start, <,
                   (gint64) 10 * G_USEC_PER_SEC * kt_slowdown ());
}

static void
test_conflict_and_rejected (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) conflicted = kt_add_some (fixture, 1);
  g_autoptr(GPtrArray) rejected = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(KioskOutboxStatus) status = NULL;
  g_autoptr(GError) error = NULL;
  KioskSyncReport report;
  guint requests;

  kt_server_set_mode (fixture->server, KT_REPLY_CONFLICT);
  kt_sync_ok (fixture, &report);
  g_assert_cmpuint (report.refused, ==, 1);
  g_assert_cmpuint (report.needs_attention, ==, 1);

  rejected = kt_add_some (fixture, 1);
  kt_server_set_mode (fixture->server, KT_REPLY_REJECTED);
  kt_sync_ok (fixture, &report);
  g_assert_cmpuint (report.refused, ==, 1);
  g_assert_cmpuint (report.needs_attention, ==, 2);

  items = kt_outbox_of (fixture);
  g_assert_cmpuint (items->len, ==, 2);
  for (guint i = 0; i < items->len; i++)
    {
      KioskOutboxItem *item = items->pdata[i];

      g_assert_cmpint (item->state, ==, KIOSK_ITEM_NEEDS_ATTENTION);
      if (g_str_equal (item->id, rejected->pdata[0]))
        /* The aggregator's reason, kept on one line. */
        g_assert_cmpstr (item->reason, ==, "item 'alpha': synthetic reason second line");
      else
        g_assert_true (g_str_has_prefix (item->reason, "conflict"));
    }

  /* Never retried blindly, never deleted silently. */
  kt_server_set_mode (fixture->server, KT_REPLY_OK);
  requests = kt_server_n_requests (fixture->server);
  kt_sync_ok (fixture, &report);
  g_assert_cmpuint (kt_server_n_requests (fixture->server), ==, requests);
  status = kt_status_of (fixture);
  g_assert_cmpuint (status->needs_attention, ==, 2);

  /* Until staff ask. */
  kiosk_store_retry_item (fixture->store, rejected->pdata[0], &error);
  g_assert_no_error (error);
  kt_sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 1);
  g_assert_cmpuint (report.needs_attention, ==, 1);
}

static void
test_contradictory_reply (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = kt_add_some (fixture, 2);

  kt_server_set_mode (fixture->server, KT_REPLY_CONTRADICT);
  kt_assert_nothing_delivered (fixture, ids, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY);
}

static void
test_not_enrolled (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KioskSyncReport report;

  g_assert_false (kiosk_uploader_sync (fixture->uploader, NULL, &report, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_ENROLLED);
  g_assert_cmpuint (kt_server_n_requests (fixture->server), ==, 0);
}

static gint64
n_cached_children (sqlite3 *db)
{
  return kt_count (db, "SELECT count(*) FROM cached_children");
}

/* Every pass, even with nothing to send (as the periodic ones are), lets
 * the cached children of an earlier day go. */
static void
test_sync_expires_children (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskChild) child = NULL;
  sqlite3 *db = kt_open_raw (fixture->dir);
  KioskSyncReport report;

  child = kiosk_uploader_lookup_child (fixture->uploader, KT_CHILD, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n_cached_children (db), ==, 1);
  kt_sync_ok (fixture, &report);
  g_assert_cmpint (n_cached_children (db), ==, 1);

  g_assert_cmpint (sqlite3_exec (db, "UPDATE cached_children SET fetched_at = "
                                     "'2000-01-01T00:00:00Z'", NULL, NULL, NULL), ==, SQLITE_OK);
  kt_sync_ok (fixture, &report);
  g_assert_cmpint (n_cached_children (db), ==, 0);
  sqlite3_close (db);
}

/* Enrolled again, the tablet is a new device: the children it was told
 * about before are gone, even offline. */
/* ---- Asynchronous use, as the UI does ----------------------------------- */

typedef struct
{
  GMainLoop *loop;
  guint      finished;
  gboolean   last_ok;
  GList     *states;
} Watch;

static void
on_sync_finished (KioskUploader *uploader,
                  gboolean       ok,
                  Watch         *watch)
{
  watch->finished++;
  watch->last_ok = ok;
  g_main_loop_quit (watch->loop);
}

static void
on_state (KioskUploader *uploader,
          GParamSpec    *pspec,
          Watch         *watch)
{
  watch->states = g_list_append (watch->states,
                                 GINT_TO_POINTER (kiosk_uploader_get_state (uploader)));
}

static gboolean
timeout_cb (gpointer data)
{
  g_assert_not_reached ();
  return G_SOURCE_REMOVE;
}

static void
run_until_finished (Watch *watch,
                    guint  seconds)
{
  guint id = g_timeout_add_seconds (seconds * kt_slowdown (), timeout_cb, NULL);

  g_main_loop_run (watch->loop);
  g_source_remove (id);
}

static void
test_sync_now_async (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = kt_add_some (fixture, 3);
  Watch watch = { g_main_loop_new (NULL, FALSE), 0, FALSE, NULL };

  g_signal_connect (fixture->uploader, "sync-finished", G_CALLBACK (on_sync_finished), &watch);
  g_signal_connect (fixture->uploader, "notify::state", G_CALLBACK (on_state), &watch);

  kiosk_uploader_sync_now (fixture->uploader);
  /* Asked twice while running: one more pass follows, not two at once. */
  kiosk_uploader_sync_now (fixture->uploader);
  g_assert_cmpint (kiosk_uploader_get_state (fixture->uploader), ==, KIOSK_UPLOADER_SYNCING);
  run_until_finished (&watch, 20);
  g_assert_true (watch.last_ok);
  run_until_finished (&watch, 20);
  g_assert_cmpuint (watch.finished, ==, 2);
  g_assert_cmpint (kiosk_uploader_get_state (fixture->uploader), ==, KIOSK_UPLOADER_IDLE);
  g_assert_cmpint (GPOINTER_TO_INT (watch.states->data), ==, KIOSK_UPLOADER_SYNCING);

  kt_assert_each_received_once (fixture, ids);
  /* An automatic pass also fills the forms cache. */
  g_assert_true (kiosk_store_has_form (fixture->store, "kiosk-test-qol", 1));

  g_signal_handlers_disconnect_by_data (fixture->uploader, &watch);
  g_list_free (watch.states);
  g_main_loop_unref (watch.loop);
}

/* The aggregator fails, the uploader waits with backoff, and delivers on
 * its own once the aggregator is back. */
static void
test_backoff_then_delivers (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = kt_add_some (fixture, 2);
  g_autoptr(KioskOutboxStatus) status = NULL;
  Watch watch = { g_main_loop_new (NULL, FALSE), 0, FALSE, NULL };
  gint64 wait;

  g_signal_connect (fixture->uploader, "sync-finished", G_CALLBACK (on_sync_finished), &watch);
  kiosk_uploader_set_backoff (fixture->uploader, 1, 2);
  kiosk_uploader_set_sync_interval (fixture->uploader, 0);
  kt_server_set_mode (fixture->server, KT_REPLY_SERVER_ERROR);

  kiosk_uploader_start (fixture->uploader);
  run_until_finished (&watch, 20);
  g_assert_false (watch.last_ok);
  g_assert_cmpint (kiosk_uploader_get_state (fixture->uploader), ==, KIOSK_UPLOADER_WAITING);
  g_assert_nonnull (kiosk_uploader_get_last_error (fixture->uploader));
  /* The first backoff is jittered within the upper half of 1 s. */
  wait = kiosk_uploader_get_next_attempt (fixture->uploader) - g_get_real_time ();
  g_assert_cmpint (wait, <=, G_USEC_PER_SEC);
  g_assert_cmpint (wait, >, G_USEC_PER_SEC / 2 - G_USEC_PER_SEC / 10);

  run_until_finished (&watch, 20);
  g_assert_false (watch.last_ok);
  wait = kiosk_uploader_get_next_attempt (fixture->uploader) - g_get_real_time ();
  g_assert_cmpint (wait, <=, 2 * G_USEC_PER_SEC);

  kt_server_set_mode (fixture->server, KT_REPLY_OK);
  run_until_finished (&watch, 20);
  g_assert_true (watch.last_ok);
  g_assert_cmpint (kiosk_uploader_get_state (fixture->uploader), ==, KIOSK_UPLOADER_IDLE);
  g_assert_null (kiosk_uploader_get_last_error (fixture->uploader));
  kt_assert_each_received_once (fixture, ids);
  status = kt_status_of (fixture);
  g_assert_cmpuint (status->queued, ==, 0);

  kiosk_uploader_stop (fixture->uploader);
  g_signal_handlers_disconnect_by_data (fixture->uploader, &watch);
  g_main_loop_unref (watch.loop);
}

/* While waiting out a long backoff, the network coming back triggers a
 * pass within seconds. */
static void
test_network_change_triggers (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = kt_add_some (fixture, 2);
  Watch watch = { g_main_loop_new (NULL, FALSE), 0, FALSE, NULL };
  gint64 wait;

  g_signal_connect (fixture->uploader, "sync-finished", G_CALLBACK (on_sync_finished), &watch);
  kiosk_uploader_set_backoff (fixture->uploader, 600, 900);
  kt_server_set_mode (fixture->server, KT_REPLY_SERVER_ERROR);

  kiosk_uploader_start (fixture->uploader);
  run_until_finished (&watch, 20);
  g_assert_false (watch.last_ok);
  wait = kiosk_uploader_get_next_attempt (fixture->uploader) - g_get_real_time ();
  g_assert_cmpint (wait, >, 200 * G_USEC_PER_SEC);

  kt_server_set_mode (fixture->server, KT_REPLY_OK);
  g_signal_emit_by_name (g_network_monitor_get_default (), "network-changed", TRUE);
  wait = kiosk_uploader_get_next_attempt (fixture->uploader) - g_get_real_time ();
  g_assert_cmpint (wait, <=, 3 * G_USEC_PER_SEC);
  run_until_finished (&watch, 20);
  g_assert_true (watch.last_ok);
  kt_assert_each_received_once (fixture, ids);

  kiosk_uploader_stop (fixture->uploader);
  g_signal_handlers_disconnect_by_data (fixture->uploader, &watch);
  g_main_loop_unref (watch.loop);
}

static void
enrolled_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kiosk_uploader_enrol_finish (KIOSK_UPLOADER (source), result, &error));
  g_assert_no_error (error);
  g_main_loop_quit (user_data);
}

static void
child_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskChild) child = kiosk_uploader_lookup_child_finish (KIOSK_UPLOADER (source),
                                                                    result, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (kiosk_child_get_code (child), ==, KT_CHILD);
  g_main_loop_quit (user_data);
}

static void
forms_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_assert_true (kiosk_uploader_refresh_forms_finish (KIOSK_UPLOADER (source), result, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  g_main_loop_quit (user_data);
}

static void
test_async_variants (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  kiosk_uploader_enrol_async (fixture->uploader, kt_server_get_url (fixture->server),
                              KT_ENROL_CODE, NULL, NULL, enrolled_cb, loop);
  g_main_loop_run (loop);
  kiosk_uploader_refresh_forms_async (fixture->uploader, NULL, forms_cb, loop);
  g_main_loop_run (loop);
  kiosk_uploader_lookup_child_async (fixture->uploader, KT_CHILD, NULL, child_cb, loop);
  g_main_loop_run (loop);
}

#define ADD(path, func) KT_ADD_UPLOADER ("/kiosk/uploader/" path, func)
#define ADD_UNENROLLED(path, func) KT_ADD_UPLOADER_UNENROLLED ("/kiosk/uploader/" path, func)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  ADD ("delivers-once", test_delivers_once);
  ADD ("batches-of-100", test_batches_of_100);
  ADD ("captive-portal-is-not-delivery", test_captive_portal);
  ADD ("redirect-is-not-delivery", test_redirect);
  ADD ("bare-200-is-not-delivery", test_bare_200);
  ADD ("truncated-reply-is-not-delivery", test_truncated);
  ADD ("deep-and-lenient-replies-are-not-delivery", test_deep_and_lenient_replies);
  ADD ("missing-ids-stay-queued", test_missing_ids);
  ADD ("server-error-stays-queued", test_server_error);
  ADD ("unauthorized-is-refused", test_unauthorized);
  ADD ("unreachable-stays-queued", test_unreachable);
  ADD ("stall-times-out", test_stall_times_out);
  ADD ("conflict-and-rejected-need-attention", test_conflict_and_rejected);
  ADD ("contradictory-reply-is-not-delivery", test_contradictory_reply);
  ADD_UNENROLLED ("not-enrolled", test_not_enrolled);
  ADD ("sync-expires-children", test_sync_expires_children);
  ADD ("sync-now-async", test_sync_now_async);
  ADD ("backoff-then-delivers", test_backoff_then_delivers);
  ADD ("network-change-triggers", test_network_change_triggers);
  ADD_UNENROLLED ("async-variants", test_async_variants);

  return g_test_run ();
}
