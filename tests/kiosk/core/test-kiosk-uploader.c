/* test-kiosk-uploader.c — delivery rules (docs/kiosk-core.md "Delivery")
 * against a fake aggregator on 127.0.0.1 (kiosk-test-server.c): only an
 * explicit stored/duplicate in a JSON reply of the right shape delivers. */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "kiosk-test-server.h"

typedef struct
{
  KtServer      *server;
  char          *dir;
  KioskStore    *store;
  KioskUploader *uploader;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->server = kt_server_new ();
  fixture->dir = kt_data_dir ("uploader");
  fixture->store = kiosk_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  if (data == NULL)
    kt_enrol (fixture->store, kt_server_get_url (fixture->server),
              kt_server_get_keypair (fixture->server));
  fixture->uploader = kiosk_uploader_new (fixture->store);
  /* Short, so that a test of a server that never answers is quick, but
   * not so short that a sanitized run times out against one that does. */
  kiosk_uploader_set_timeouts (fixture->uploader, 2 * kt_slowdown (), 5 * kt_slowdown ());
}

/* A GTask may hold the last reference on the uploader for a moment after
 * its callback ran (its worker thread lets go last), so finalisation is
 * waited for, with a bound, rather than assumed. */
static void
wait_for_finalize (gpointer object)
{
  gpointer weak = object;
  gint64 deadline = g_get_monotonic_time () + (gint64) 10 * G_USEC_PER_SEC * kt_slowdown ();

  g_object_add_weak_pointer (object, &weak);
  g_object_unref (object);
  while (weak != NULL && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  g_assert_null (weak);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  wait_for_finalize (fixture->uploader);
  g_assert_finalize_object (fixture->store);
  g_clear_pointer (&fixture->server, kt_server_free);
  g_free (fixture->dir);
}

static KioskOutboxStatus *
status_of (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  KioskOutboxStatus *status = kiosk_store_get_outbox_status (fixture->store, &error);

  g_assert_no_error (error);
  return status;
}

static GPtrArray *
outbox_of (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *items = kiosk_store_list_outbox (fixture->store, &error);

  g_assert_no_error (error);
  return items;
}

static GPtrArray *
add_some (Fixture *fixture,
          guint    n)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (ids, kt_add_qol (fixture->store, KT_CHILD));
  return ids;
}

/* Syncs and asserts it fails in @domain/@code, leaving every id queued. */
static void
assert_nothing_delivered (Fixture     *fixture,
                          GPtrArray   *ids,
                          GQuark       domain,
                          int          code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskOutboxStatus) status = NULL;
  KioskSyncReport report;

  g_assert_false (kiosk_uploader_sync (fixture->uploader, NULL, &report, &error));
  g_assert_error (error, domain, code);
  g_assert_cmpuint (report.delivered, ==, 0);
  g_assert_cmpuint (report.queued, ==, ids->len);

  status = status_of (fixture);
  g_assert_cmpuint (status->queued, ==, ids->len);
  g_assert_cmpuint (status->sent, ==, 0);
  g_assert_cmpstr (status->last_error, ==, error->message);
  for (guint i = 0; i < ids->len; i++)
    g_assert_false (kiosk_store_has_receipt (fixture->store, ids->pdata[i], NULL));
}

/* Every id of @ids reached the aggregator exactly once. */
static void
assert_each_received_once (Fixture   *fixture,
                           GPtrArray *ids)
{
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpuint (kt_server_times_received (fixture->server, ids->pdata[i]), ==, 1);
}

/* Syncs and asserts it fails because of the aggregator's reply. */
static void
sync_bad_reply (Fixture         *fixture,
                KioskSyncReport *report)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (kiosk_uploader_sync (fixture->uploader, NULL, report, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY);
}

static void
sync_ok (Fixture         *fixture,
         KioskSyncReport *report)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kiosk_uploader_sync (fixture->uploader, NULL, report, &error));
  g_assert_no_error (error);
}

static void
test_delivers_once (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = add_some (fixture, 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskOutboxStatus) status = NULL;
  g_autoptr(JsonNode) request = NULL;
  KioskSyncReport report;

  kiosk_store_add_declined_offer (fixture->store, KT_CHILD, NULL, &error);
  g_assert_no_error (error);

  sync_ok (fixture, &report);
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
  sync_ok (fixture, &report);
  g_assert_cmpuint (kt_server_n_requests (fixture->server), ==, 1);
  g_assert_cmpuint (report.delivered, ==, 0);

  status = status_of (fixture);
  g_assert_cmpuint (status->sent, ==, 4);
  g_assert_nonnull (status->last_success);
  g_assert_null (status->last_error);
}

static void
test_batches_of_100 (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = add_some (fixture, 250);
  KioskSyncReport report;

  sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 250);
  g_assert_cmpuint (kt_server_n_requests (fixture->server), ==, 3);
  g_assert_cmpuint (kt_server_max_batch (fixture->server), ==, 100);
  g_assert_cmpuint (kt_server_n_stored (fixture->server), ==, 250);
}

static void
test_captive_portal (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = add_some (fixture, 2);
  KioskSyncReport report;

  kt_server_set_mode (fixture->server, KT_REPLY_PORTAL);
  assert_nothing_delivered (fixture, ids, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY);

  /* Once the network is really there, each arrives exactly once. */
  kt_server_set_mode (fixture->server, KT_REPLY_OK);
  sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 2);
  assert_each_received_once (fixture, ids);
}

static void
test_redirect (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = add_some (fixture, 2);

  kt_server_set_mode (fixture->server, KT_REPLY_REDIRECT);
  assert_nothing_delivered (fixture, ids, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY);
}

static void
test_bare_200 (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = add_some (fixture, 2);

  kt_server_set_mode (fixture->server, KT_REPLY_BARE_200);
  assert_nothing_delivered (fixture, ids, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY);
  kt_server_set_mode (fixture->server, KT_REPLY_WRONG_SHAPE);
  assert_nothing_delivered (fixture, ids, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY);
}

/* A reply of 100,000 "[" (as 200 and as a 400 error body) is a bad reply,
 * not the end of the kiosk; and a reply that is JSON only to a lenient
 * reader (a key twice, which json-glib alone reads as the last) counts
 * for nothing either. */
static void
test_deep_and_lenient_replies (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = add_some (fixture, 2);
  KioskSyncReport report;

  kt_server_set_mode (fixture->server, KT_REPLY_DEEP);
  assert_nothing_delivered (fixture, ids, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY);
  assert_nothing_delivered (fixture, ids, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY);
  kt_server_set_mode (fixture->server, KT_REPLY_LENIENT);
  assert_nothing_delivered (fixture, ids, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY);

  kt_server_set_mode (fixture->server, KT_REPLY_OK);
  sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 2);
}

/* The server stored the batch but the reply was cut: nothing counts as
 * delivered, and the retry gets "duplicate", which does. */
static void
test_truncated (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = add_some (fixture, 4);
  KioskSyncReport report;
  char *status = NULL;

  kt_server_set_mode (fixture->server, KT_REPLY_TRUNCATED);
  assert_nothing_delivered (fixture, ids, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY);

  kt_server_set_mode (fixture->server, KT_REPLY_OK);
  sync_ok (fixture, &report);
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
  g_autoptr(GPtrArray) ids = add_some (fixture, 4);
  g_autoptr(KioskOutboxStatus) status = NULL;
  g_autoptr(GPtrArray) items = NULL;
  KioskSyncReport report;

  kt_server_set_mode (fixture->server, KT_REPLY_MISSING_IDS);
  sync_bad_reply (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 2);
  g_assert_cmpuint (report.queued, ==, 2);

  /* The ones listed are delivered; the others wait, saying why. */
  g_assert_true (kiosk_store_has_receipt (fixture->store, ids->pdata[0], NULL));
  g_assert_false (kiosk_store_has_receipt (fixture->store, ids->pdata[1], NULL));
  g_assert_true (kiosk_store_has_receipt (fixture->store, ids->pdata[2], NULL));
  g_assert_false (kiosk_store_has_receipt (fixture->store, ids->pdata[3], NULL));
  items = outbox_of (fixture);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_nonnull (((KioskOutboxItem *) items->pdata[0])->reason);

  kt_server_set_mode (fixture->server, KT_REPLY_OK);
  sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 2);
  status = status_of (fixture);
  g_assert_cmpuint (status->queued, ==, 0);
  g_assert_cmpuint (status->sent, ==, 4);
}

static void
test_server_error (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = add_some (fixture, 2);

  kt_server_set_mode (fixture->server, KT_REPLY_SERVER_ERROR);
  assert_nothing_delivered (fixture, ids, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY);
}

static void
test_unauthorized (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = add_some (fixture, 2);

  kt_server_set_mode (fixture->server, KT_REPLY_UNAUTHORIZED);
  assert_nothing_delivered (fixture, ids, KIOSK_ERROR, KIOSK_ERROR_REFUSED);
}

static void
test_unreachable (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *closed = kt_closed_url ();

  /* Re-enrol to a port nothing listens on. */
  kt_enrol (fixture->store, closed, kt_server_get_keypair (fixture->server));
  ids = add_some (fixture, 2);
  assert_nothing_delivered (fixture, ids, KIOSK_ERROR, KIOSK_ERROR_UNREACHABLE);
}

static void
test_stall_times_out (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = add_some (fixture, 2);
  gint64 start = g_get_monotonic_time ();

  /* Not scaled by the slowdown: the server never answers, however long
   * the uploader waits. */
  kiosk_uploader_set_timeouts (fixture->uploader, 1, 1);
  kt_server_set_mode (fixture->server, KT_REPLY_STALL);
  assert_nothing_delivered (fixture, ids, KIOSK_ERROR, KIOSK_ERROR_UNREACHABLE);
  /* Bounded by the total timeout, not left hanging; what comes around the
   * request is slower on a sanitized run. */
  g_assert_cmpint (g_get_monotonic_time () - start, <,
                   (gint64) 10 * G_USEC_PER_SEC * kt_slowdown ());
}

static void
test_conflict_and_rejected (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) conflicted = add_some (fixture, 1);
  g_autoptr(GPtrArray) rejected = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(KioskOutboxStatus) status = NULL;
  g_autoptr(GError) error = NULL;
  KioskSyncReport report;
  guint requests;

  kt_server_set_mode (fixture->server, KT_REPLY_CONFLICT);
  sync_ok (fixture, &report);
  g_assert_cmpuint (report.refused, ==, 1);
  g_assert_cmpuint (report.needs_attention, ==, 1);

  rejected = add_some (fixture, 1);
  kt_server_set_mode (fixture->server, KT_REPLY_REJECTED);
  sync_ok (fixture, &report);
  g_assert_cmpuint (report.refused, ==, 1);
  g_assert_cmpuint (report.needs_attention, ==, 2);

  items = outbox_of (fixture);
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
  sync_ok (fixture, &report);
  g_assert_cmpuint (kt_server_n_requests (fixture->server), ==, requests);
  status = status_of (fixture);
  g_assert_cmpuint (status->needs_attention, ==, 2);

  /* Until staff ask. */
  kiosk_store_retry_item (fixture->store, rejected->pdata[0], &error);
  g_assert_no_error (error);
  sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 1);
  g_assert_cmpuint (report.needs_attention, ==, 1);
}

static void
test_contradictory_reply (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = add_some (fixture, 2);

  kt_server_set_mode (fixture->server, KT_REPLY_CONTRADICT);
  assert_nothing_delivered (fixture, ids, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY);
}

/* One entry the aggregator refuses as a whole request (400) is found by
 * halving and parked; the rest go through. */
static void
test_poison_isolated (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = add_some (fixture, 9);
  g_autoptr(GPtrArray) items = NULL;
  KioskSyncReport report;

  kt_server_set_poison (fixture->server, ids->pdata[5]);
  kt_server_set_mode (fixture->server, KT_REPLY_POISON);
  sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 8);
  g_assert_cmpuint (report.needs_attention, ==, 1);
  g_assert_cmpuint (report.queued, ==, 0);
  g_assert_cmpuint (kt_server_times_received (fixture->server, ids->pdata[5]), ==, 0);

  items = outbox_of (fixture);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpstr (((KioskOutboxItem *) items->pdata[0])->id, ==, ids->pdata[5]);
  g_assert_nonnull (strstr (((KioskOutboxItem *) items->pdata[0])->reason, "400"));
}

/* The entry the aggregator keeps failing with its own 500 (a bug it has
 * with that entry, which it rolls back) is found by halving, the rest are
 * stored, and it is parked with the reason once it has failed alone three
 * times in a row while others went through. */
static const char *
reason_of (GPtrArray  *items,
           const char *id)
{
  for (guint i = 0; i < items->len; i++)
    {
      KioskOutboxItem *item = items->pdata[i];

      if (g_str_equal (item->id, id))
        return item->reason;
    }
  return NULL;
}

/* How many requests held @id and nothing else. */
static guint
times_sent_alone (Fixture    *fixture,
                  const char *id)
{
  g_autoptr(GPtrArray) requests = kt_server_dup_requests (fixture->server);
  guint n = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      JsonObject *body = json_node_get_object (g_ptr_array_index (requests, i));
      JsonArray *submissions = json_object_get_array_member (body, "submissions");

      if (json_array_get_length (submissions) == 1 &&
          json_array_get_length (json_object_get_array_member (body, "offers")) == 0 &&
          g_str_equal (json_object_get_string_member (json_array_get_object_element (submissions, 0),
                                                      "id"), id))
        n++;
    }
  return n;
}

static void
assert_parked_for_500 (Fixture    *fixture,
                       GPtrArray  *items,
                       const char *id)
{
  const char *reason = reason_of (items, id);

  g_assert_nonnull (reason);
  g_test_message ("reason: %s", reason);
  g_assert_nonnull (strstr (reason, "HTTP 500"));
  g_assert_nonnull (strstr (reason, "3 times"));
  g_assert_cmpuint (kt_server_times_received (fixture->server, id), ==, 0);
  g_assert_cmpuint (times_sent_alone (fixture, id), ==, 3);
}

static void
test_server_error_poison_parked (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = add_some (fixture, 9);
  g_autoptr(GPtrArray) items = NULL;
  KioskSyncReport report;

  kt_server_set_poison (fixture->server, ids->pdata[5]);
  kt_server_set_mode (fixture->server, KT_REPLY_POISON_500);
  sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 8);
  g_assert_cmpuint (report.refused, ==, 1);
  g_assert_cmpuint (report.needs_attention, ==, 1);
  g_assert_cmpuint (report.queued, ==, 0);
  for (guint i = 0; i < ids->len; i++)
    if (i != 5)
      g_assert_cmpuint (kt_server_times_received (fixture->server, ids->pdata[i]), ==, 1);

  items = outbox_of (fixture);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpint (((KioskOutboxItem *) items->pdata[0])->state, ==, KIOSK_ITEM_NEEDS_ATTENTION);
  assert_parked_for_500 (fixture, items, ids->pdata[5]);
}

/* Several such entries, the oldest among them, with small batches: the
 * others are each stored once and every poisoned one is parked. */
static void
test_server_error_several_poisoned (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = add_some (fixture, 10);
  g_autoptr(GPtrArray) items = NULL;
  const guint poisoned[] = { 0, 1, 6 };
  KioskSyncReport report;

  kiosk_uploader_set_batch_size (fixture->uploader, 4);
  for (guint i = 0; i < G_N_ELEMENTS (poisoned); i++)
    kt_server_add_poison (fixture->server, ids->pdata[poisoned[i]]);
  kt_server_set_mode (fixture->server, KT_REPLY_POISON_500);
  sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 7);
  g_assert_cmpuint (report.needs_attention, ==, 3);
  g_assert_cmpuint (report.queued, ==, 0);
  g_assert_cmpuint (kt_server_max_batch (fixture->server), <=, 4);

  items = outbox_of (fixture);
  g_assert_cmpuint (items->len, ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (poisoned); i++)
    assert_parked_for_500 (fixture, items, ids->pdata[poisoned[i]]);
  for (guint i = 0; i < ids->len; i++)
    if (i != 0 && i != 1 && i != 6)
      g_assert_cmpuint (kt_server_times_received (fixture->server, ids->pdata[i]), ==, 1);
}

/* The three oldest entries poisoned look, at first, like an aggregator
 * that fails everything: the first pass stops without parking; the next
 * sends the others first, then parks the three. */
static void
test_server_error_poisoned_head (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = add_some (fixture, 8);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(KioskOutboxStatus) status = NULL;
  KioskSyncReport report;

  for (guint i = 0; i < 3; i++)
    kt_server_add_poison (fixture->server, ids->pdata[i]);
  kt_server_set_mode (fixture->server, KT_REPLY_POISON_500);
  sync_bad_reply (fixture, &report);
  g_assert_cmpuint (report.needs_attention, ==, 0);
  g_assert_cmpuint (report.delivered, ==, 0);

  sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 5);
  g_assert_cmpuint (report.needs_attention, ==, 3);
  g_assert_cmpuint (report.queued, ==, 0);
  items = outbox_of (fixture);
  g_assert_cmpuint (items->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_nonnull (strstr (reason_of (items, ids->pdata[i]), "HTTP 500"));
  for (guint i = 3; i < ids->len; i++)
    g_assert_cmpuint (kt_server_times_received (fixture->server, ids->pdata[i]), ==, 1);
  status = status_of (fixture);
  g_assert_null (status->last_error);
}

/* An entry failing alone, with nothing else to show that the aggregator
 * works, is never parked however often it fails; once another entry is
 * stored, it is. */
static void
test_server_error_alone_waits (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = add_some (fixture, 1);
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *good = NULL;
  KioskSyncReport report;

  kt_server_set_poison (fixture->server, ids->pdata[0]);
  kt_server_set_mode (fixture->server, KT_REPLY_POISON_500);
  for (guint pass = 0; pass < 5; pass++)
    {
      g_autoptr(KioskOutboxStatus) status = NULL;

      sync_bad_reply (fixture, &report);
      status = status_of (fixture);
      g_assert_cmpuint (status->queued, ==, 1);
      g_assert_cmpuint (status->needs_attention, ==, 0);
    }
  g_assert_cmpuint (kt_server_n_requests (fixture->server), ==, 5);
  items = outbox_of (fixture);
  g_assert_nonnull (strstr (reason_of (items, ids->pdata[0]), "HTTP 500"));
  g_clear_pointer (&items, g_ptr_array_unref);

  good = kt_add_qol (fixture->store, KT_CHILD);
  sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 1);
  g_assert_cmpuint (report.needs_attention, ==, 1);
  g_assert_cmpuint (kt_server_times_received (fixture->server, good), ==, 1);
  items = outbox_of (fixture);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_nonnull (strstr (reason_of (items, ids->pdata[0]), "HTTP 500"));
}

/* An aggregator that answers 500 to everything (its disk is full, say)
 * parks nothing, pass after pass, and each pass gives up after a few
 * requests; once it is well, everything arrives once. */
static void
test_server_error_outage_parks_nothing (Fixture       *fixture,
                                        gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = add_some (fixture, 10);
  g_autoptr(KioskOutboxStatus) status = NULL;
  KioskSyncReport report;

  kt_server_set_mode (fixture->server, KT_REPLY_SERVER_ERROR);
  for (guint pass = 0; pass < 6; pass++)
    {
      guint before = kt_server_n_requests (fixture->server);

      sync_bad_reply (fixture, &report);
      g_assert_cmpuint (report.needs_attention, ==, 0);
      g_assert_cmpuint (report.queued, ==, 10);
      /* At most three entries end up alone, each after halving 10. */
      g_assert_cmpuint (kt_server_n_requests (fixture->server) - before, <=, 3 * 4);
    }

  kt_server_set_mode (fixture->server, KT_REPLY_OK);
  sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 10);
  g_assert_cmpuint (report.needs_attention, ==, 0);
  assert_each_received_once (fixture, ids);
  status = status_of (fixture);
  g_assert_cmpuint (status->queued, ==, 0);
}

/* 503 (busy or stopping, with Retry-After) is waited out: no halving,
 * nothing parked, however many passes. */
static void
test_unavailable_parks_nothing (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = add_some (fixture, 4);
  KioskSyncReport report;

  kt_server_set_mode (fixture->server, KT_REPLY_UNAVAILABLE);
  for (guint pass = 0; pass < 4; pass++)
    {
      g_autoptr(KioskOutboxStatus) status = NULL;

      assert_nothing_delivered (fixture, ids, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY);
      status = status_of (fixture);
      g_assert_cmpuint (status->needs_attention, ==, 0);
      g_assert_cmpuint (kt_server_n_requests (fixture->server), ==, pass + 1);
    }
  kt_server_set_mode (fixture->server, KT_REPLY_OK);
  sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 4);
  assert_each_received_once (fixture, ids);
}

/* A 400 that is not the aggregator's JSON (a middlebox) must not park the
 * outbox entry by entry. */
static void
test_proxy_400_parks_nothing (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = add_some (fixture, 4);
  g_autoptr(KioskOutboxStatus) status = NULL;

  kt_server_set_mode (fixture->server, KT_REPLY_PROXY_400);
  assert_nothing_delivered (fixture, ids, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY);
  status = status_of (fixture);
  g_assert_cmpuint (status->needs_attention, ==, 0);
  g_assert_cmpuint (kt_server_n_requests (fixture->server), ==, 1);
}

/* Experience feedback as the store keeps it: sealed, "child": null, and,
 * when the family gave their code, a "completed" offer for the child. */
static char *
add_experience (Fixture    *fixture,
                const char *child)
{
  g_autoptr(KvForm) form = kt_load_form ("experience.xml");
  g_autoptr(KioskSubmission) submission = kiosk_submission_new ("kiosk-test-experience", 1);
  g_autoptr(JsonNode) answers = kt_json ("{\"overall\": \"good\"}");
  g_autoptr(GError) error = NULL;

  if (child != NULL)
    kiosk_submission_set_child (submission, child);
  kiosk_send_submission (fixture->store, submission, form, answers, NULL, &error);
  g_assert_no_error (error);
  return g_strdup (kiosk_submission_get_id (submission));
}

/* Visits as they happen: a quality-of-life form, experience feedback with
 * the family's code (and so its offer), feedback without a code, and a
 * family who declined.  Returns the ids of the submissions. */
static GPtrArray *
add_visits (Fixture *fixture,
            guint    n)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (ids, kt_add_qol (fixture->store, KT_CHILD));
      g_ptr_array_add (ids, add_experience (fixture, KT_CHILD));
      g_ptr_array_add (ids, add_experience (fixture, NULL));
      kiosk_store_add_declined_offer (fixture->store, KT_CHILD, NULL, &error);
      g_assert_no_error (error);
    }
  return ids;
}

/* No request the server saw held sealed feedback beside an offer, nor
 * beside a submission that is not sealed (which names the child too).
 * *@n_sealed and *@n_offers count the requests that held either. */
static void
assert_sealed_travels_alone (Fixture *fixture,
                             guint   *n_sealed,
                             guint   *n_offers)
{
  g_autoptr(GPtrArray) requests = kt_server_dup_requests (fixture->server);

  *n_sealed = *n_offers = 0;
  for (guint i = 0; i < requests->len; i++)
    {
      JsonObject *body = json_node_get_object (g_ptr_array_index (requests, i));
      JsonArray *submissions = json_object_get_array_member (body, "submissions");
      JsonArray *offers = json_object_get_array_member (body, "offers");
      guint sealed = 0;

      for (guint j = 0; j < json_array_get_length (submissions); j++)
        if (json_object_has_member (json_array_get_object_element (submissions, j), "sealed"))
          sealed++;
      if (sealed > 0)
        {
          g_assert_cmpuint (json_array_get_length (offers), ==, 0);
          g_assert_cmpuint (sealed, ==, json_array_get_length (submissions));
          (*n_sealed)++;
        }
      if (json_array_get_length (offers) > 0)
        (*n_offers)++;
    }
}

static void
test_sealed_never_with_offers (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = add_visits (fixture, 5);
  KioskSyncReport report;
  guint n_sealed, n_offers;

  sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 15);
  g_assert_cmpuint (report.offers_delivered, ==, 10);
  g_assert_cmpuint (report.queued, ==, 0);
  assert_each_received_once (fixture, ids);
  g_assert_cmpuint (kt_server_n_stored (fixture->server), ==, 25);

  /* Everything fits one batch, yet it takes two requests: the named
   * entries, then the sealed ones on their own. */
  assert_sealed_travels_alone (fixture, &n_sealed, &n_offers);
  g_assert_cmpuint (n_sealed, ==, 1);
  g_assert_cmpuint (n_offers, ==, 1);
  g_assert_cmpuint (kt_server_n_requests (fixture->server), ==, 2);
}

/* The same with small batches and an entry the aggregator refuses, so
 * that halving runs: still apart, still within the limit, each entry
 * delivered once and the one at fault parked. */
static void
test_sealed_apart_when_halving (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = add_visits (fixture, 6);
  g_autoptr(GPtrArray) items = NULL;
  const char *poison = ids->pdata[7];   /* sealed, from the third visit */
  KioskSyncReport report;
  guint n_sealed, n_offers;

  kiosk_uploader_set_batch_size (fixture->uploader, 4);
  kt_server_set_poison (fixture->server, poison);
  kt_server_set_mode (fixture->server, KT_REPLY_POISON);
  sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 17);
  g_assert_cmpuint (report.offers_delivered, ==, 12);
  g_assert_cmpuint (report.needs_attention, ==, 1);
  g_assert_cmpuint (report.queued, ==, 0);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpuint (kt_server_times_received (fixture->server, ids->pdata[i]), ==,
                      g_str_equal (ids->pdata[i], poison) ? 0 : 1);
  g_assert_cmpuint (kt_server_max_batch (fixture->server), <=, 4);

  items = outbox_of (fixture);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpstr (((KioskOutboxItem *) items->pdata[0])->id, ==, poison);

  assert_sealed_travels_alone (fixture, &n_sealed, &n_offers);
  g_assert_cmpuint (n_sealed, >, 0);
  g_assert_cmpuint (n_offers, >, 0);
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

static void
test_enrol (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskEnrolment) enrolment = NULL;
  g_autofree char *token_path = g_build_filename (fixture->dir, "device-token", NULL);
  g_autofree char *url = g_strconcat (kt_server_get_url (fixture->server), "/", NULL);
  const KtKeyPair *pair = kt_server_get_keypair (fixture->server);
  GStatBuf st;

  g_assert_false (kiosk_uploader_enrol (fixture->uploader, url, "KT-WRONG", NULL, NULL, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (kiosk_store_is_enrolled (fixture->store));

  g_assert_false (kiosk_uploader_enrol (fixture->uploader, "http://keyvoice.example.org",
                                        KT_ENROL_CODE, NULL, NULL, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID);
  g_clear_error (&error);

  kiosk_uploader_enrol (fixture->uploader, url, KT_ENROL_CODE, "Test tablet", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_store_is_enrolled (fixture->store));
  enrolment = kiosk_store_get_enrolment (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kiosk_enrolment_get_aggregator_url (enrolment), ==,
                   kt_server_get_url (fixture->server));
  g_assert_cmpstr (kiosk_enrolment_get_service_id (enrolment), ==, "svc-test");
  g_assert_cmpmem (g_bytes_get_data (kiosk_enrolment_get_public_key (enrolment), NULL), 32,
                   pair->public_key, 32);
  g_assert_cmpint (g_stat (token_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* And the token works. */
  g_clear_pointer (&enrolment, kiosk_enrolment_unref);
  g_free (kt_add_qol (fixture->store, KT_CHILD));
  {
    KioskSyncReport report;

    sync_ok (fixture, &report);
    g_assert_cmpuint (report.delivered, ==, 1);
  }
}

static void
test_refresh_forms (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvForm) form = NULL;
  guint n = 0;

  g_assert_true (kiosk_uploader_refresh_forms (fixture->uploader, NULL, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  form = kiosk_store_load_form (fixture->store, "kiosk-test-review", 2, &error);
  g_assert_no_error (error);

  /* Already cached: nothing fetched again. */
  g_assert_true (kiosk_uploader_refresh_forms (fixture->uploader, NULL, &n, &error));
  g_assert_cmpuint (n, ==, 0);

  kt_server_set_mode (fixture->server, KT_REPLY_PORTAL);
  g_assert_false (kiosk_uploader_refresh_forms (fixture->uploader, NULL, &n, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY);
}

static void
test_lookup_child (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskChild) child = NULL;
  g_autofree char *closed = kt_closed_url ();

  child = kiosk_uploader_lookup_child (fixture->uploader, "NOPE-0000", NULL, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_UNKNOWN_CHILD);
  g_clear_error (&error);

  child = kiosk_uploader_lookup_child (fixture->uploader, KT_CHILD, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (kiosk_child_is_from_cache (child));
  g_assert_cmpuint (kiosk_child_get_goal_set_version (child), ==, 3);
  g_clear_pointer (&child, kiosk_child_unref);

  /* Offline: the cached copy, marked as such. */
  kt_enrol (fixture->store, closed, kt_server_get_keypair (fixture->server));
  child = kiosk_uploader_lookup_child (fixture->uploader, KT_CHILD, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_child_is_from_cache (child));
  g_assert_cmpuint (kiosk_child_get_goal_set_version (child), ==, 3);
  g_clear_pointer (&child, kiosk_child_unref);

  /* Offline and never seen: the network error. */
  child = kiosk_uploader_lookup_child (fixture->uploader, "NOPE-0000", NULL, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_UNREACHABLE);
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
  sync_ok (fixture, &report);
  g_assert_cmpint (n_cached_children (db), ==, 1);

  g_assert_cmpint (sqlite3_exec (db, "UPDATE cached_children SET fetched_at = "
                                     "'2000-01-01T00:00:00Z'", NULL, NULL, NULL), ==, SQLITE_OK);
  sync_ok (fixture, &report);
  g_assert_cmpint (n_cached_children (db), ==, 0);
  sqlite3_close (db);
}

/* Enrolled again, the tablet is a new device: the children it was told
 * about before are gone, even offline. */
static void
test_reenrol_forgets_children (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskChild) child = NULL;
  g_autofree char *url = g_strconcat (kt_server_get_url (fixture->server), "/", NULL);
  sqlite3 *db = kt_open_raw (fixture->dir);

  child = kiosk_uploader_lookup_child (fixture->uploader, KT_CHILD, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&child, kiosk_child_unref);
  g_assert_cmpint (n_cached_children (db), ==, 1);

  kiosk_uploader_enrol (fixture->uploader, url, KT_ENROL_CODE, "Test tablet", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n_cached_children (db), ==, 0);
  child = kiosk_store_lookup_child (fixture->store, KT_CHILD, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_CACHED);
  g_assert_null (child);
  sqlite3_close (db);
}

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
  g_autoptr(GPtrArray) ids = add_some (fixture, 3);
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

  assert_each_received_once (fixture, ids);
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
  g_autoptr(GPtrArray) ids = add_some (fixture, 2);
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
  assert_each_received_once (fixture, ids);
  status = status_of (fixture);
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
  g_autoptr(GPtrArray) ids = add_some (fixture, 2);
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
  assert_each_received_once (fixture, ids);

  kiosk_uploader_stop (fixture->uploader);
  g_signal_handlers_disconnect_by_data (fixture->uploader, &watch);
  g_main_loop_unref (watch.loop);
}

/* TLS verification is always on: a certificate the configured CA did not
 * issue is refused; the right CA file, recorded at enrolment, is used for
 * every later request. */
static void
test_tls_verification (void)
{
  g_autoptr(KtServer) server = kt_server_new_tls ();
  g_autofree char *dir = kt_data_dir ("tls");
  g_autofree char *ca = kt_tls_file ("test-cert.pem");
  g_autofree char *other = kt_tls_file ("other-ca.pem");
  g_autoptr(KioskStore) store = NULL;
  g_autoptr(KioskUploader) uploader = NULL;
  g_autoptr(KioskUploader) later = NULL;
  g_autoptr(KioskEnrolment) enrolment = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  KioskSyncReport report;

  g_assert_true (g_str_has_prefix (kt_server_get_url (server), "https://"));
  store = kiosk_store_open (dir, &error);
  g_assert_no_error (error);
  uploader = kiosk_uploader_new (store);
  /* Generous: a TLS handshake is slow under valgrind and slower still
   * under the sanitizers (the first, against the system's CAs, took over
   * ten seconds there). */
  kiosk_uploader_set_timeouts (uploader, 10 * kt_slowdown (), 30 * kt_slowdown ());

  /* The system's CAs did not issue the synthetic certificate. */
  g_assert_false (kiosk_uploader_enrol (uploader, kt_server_get_url (server), KT_ENROL_CODE,
                                        NULL, NULL, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_TLS);
  g_clear_error (&error);

  /* Nor did an unrelated CA. */
  kiosk_uploader_set_ca_file (uploader, other);
  g_assert_false (kiosk_uploader_enrol (uploader, kt_server_get_url (server), KT_ENROL_CODE,
                                        NULL, NULL, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_TLS);
  g_clear_error (&error);
  g_assert_false (kiosk_store_is_enrolled (store));

  kiosk_uploader_set_ca_file (uploader, ca);
  kiosk_uploader_enrol (uploader, kt_server_get_url (server), KT_ENROL_CODE, NULL, NULL, &error);
  g_assert_no_error (error);
  enrolment = kiosk_store_get_enrolment (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kiosk_enrolment_get_ca_file (enrolment), ==, ca);

  /* A later uploader (the next --sync) trusts the CA it enrolled with. */
  id = kt_add_qol (store, KT_CHILD);
  later = kiosk_uploader_new (store);
  kiosk_uploader_set_timeouts (later, 10 * kt_slowdown (), 30 * kt_slowdown ());
  g_assert_true (kiosk_uploader_sync (later, NULL, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.delivered, ==, 1);
  g_assert_cmpuint (kt_server_times_received (server, id), ==, 1);
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

#define ADD(path, func) \
  g_test_add ("/kiosk/uploader/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
#define ADD_UNENROLLED(path, func) \
  g_test_add ("/kiosk/uploader/" path, Fixture, "unenrolled", fixture_set_up, func, \
              fixture_tear_down)

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
  ADD ("poison-entry-isolated", test_poison_isolated);
  ADD ("proxy-400-parks-nothing", test_proxy_400_parks_nothing);
  ADD ("server-error-poison-parked", test_server_error_poison_parked);
  ADD ("server-error-several-poisoned", test_server_error_several_poisoned);
  ADD ("server-error-poisoned-head", test_server_error_poisoned_head);
  ADD ("server-error-alone-waits", test_server_error_alone_waits);
  ADD ("server-error-outage-parks-nothing", test_server_error_outage_parks_nothing);
  ADD ("unavailable-parks-nothing", test_unavailable_parks_nothing);
  ADD ("sealed-never-with-offers", test_sealed_never_with_offers);
  ADD ("sealed-apart-when-halving", test_sealed_apart_when_halving);
  ADD_UNENROLLED ("not-enrolled", test_not_enrolled);
  ADD_UNENROLLED ("enrol", test_enrol);
  ADD ("refresh-forms", test_refresh_forms);
  ADD ("lookup-child", test_lookup_child);
  ADD ("sync-expires-children", test_sync_expires_children);
  ADD ("reenrol-forgets-children", test_reenrol_forgets_children);
  ADD ("sync-now-async", test_sync_now_async);
  ADD ("backoff-then-delivers", test_backoff_then_delivers);
  ADD ("network-change-triggers", test_network_change_triggers);
  g_test_add_func ("/kiosk/uploader/tls-verification", test_tls_verification);
  ADD_UNENROLLED ("async-variants", test_async_variants);

  return g_test_run ();
}
