/* test-kiosk-uploader-delivery.c — one sync pass across requests
 * (kiosk-uploader-delivery.c, docs/kiosk-core.md "Delivery") against a fake
 * aggregator on 127.0.0.1: an entry the aggregator refuses as a whole found
 * by halving and parked, an entry it keeps answering 500 set aside and
 * parked only while it stores others, an aggregator failing everything or
 * busy parking nothing, and sealed feedback never beside an offer, also
 * while halving. */
#include "config.h"

#include "kiosk-send.h"
#include "kiosk-test-uploader.h"

/* The uploader's fixture (kiosk-test-uploader.h). */
typedef KtUploaderFixture Fixture;

/* One entry the aggregator refuses as a whole request (400) is found by
 * halving and parked; the rest go through. */
static void
test_poison_isolated (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = kt_add_some (fixture, 9);
  g_autoptr(GPtrArray) items = NULL;
  KioskSyncReport report;

  kt_server_set_poison (fixture->server, ids->pdata[5]);
  kt_server_set_mode (fixture->server, KT_REPLY_POISON);
  kt_sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 8);
  g_assert_cmpuint (report.needs_attention, ==, 1);
  g_assert_cmpuint (report.queued, ==, 0);
  g_assert_cmpuint (kt_server_times_received (fixture->server, ids->pdata[5]), ==, 0);

  items = kt_outbox_of (fixture);
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
  g_autoptr(GPtrArray) ids = kt_add_some (fixture, 9);
  g_autoptr(GPtrArray) items = NULL;
  KioskSyncReport report;

  kt_server_set_poison (fixture->server, ids->pdata[5]);
  kt_server_set_mode (fixture->server, KT_REPLY_POISON_500);
  kt_sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 8);
  g_assert_cmpuint (report.refused, ==, 1);
  g_assert_cmpuint (report.needs_attention, ==, 1);
  g_assert_cmpuint (report.queued, ==, 0);
  for (guint i = 0; i < ids->len; i++)
    if (i != 5)
      g_assert_cmpuint (kt_server_times_received (fixture->server, ids->pdata[i]), ==, 1);

  items = kt_outbox_of (fixture);
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
  g_autoptr(GPtrArray) ids = kt_add_some (fixture, 10);
  g_autoptr(GPtrArray) items = NULL;
  const guint poisoned[] = { 0, 1, 6 };
  KioskSyncReport report;

  kiosk_uploader_set_batch_size (fixture->uploader, 4);
  for (guint i = 0; i < G_N_ELEMENTS (poisoned); i++)
    kt_server_add_poison (fixture->server, ids->pdata[poisoned[i]]);
  kt_server_set_mode (fixture->server, KT_REPLY_POISON_500);
  kt_sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 7);
  g_assert_cmpuint (report.needs_attention, ==, 3);
  g_assert_cmpuint (report.queued, ==, 0);
  g_assert_cmpuint (kt_server_max_batch (fixture->server), <=, 4);

  items = kt_outbox_of (fixture);
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
  g_autoptr(GPtrArray) ids = kt_add_some (fixture, 8);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(KioskOutboxStatus) status = NULL;
  KioskSyncReport report;

  for (guint i = 0; i < 3; i++)
    kt_server_add_poison (fixture->server, ids->pdata[i]);
  kt_server_set_mode (fixture->server, KT_REPLY_POISON_500);
  kt_sync_bad_reply (fixture, &report);
  g_assert_cmpuint (report.needs_attention, ==, 0);
  g_assert_cmpuint (report.delivered, ==, 0);

  kt_sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 5);
  g_assert_cmpuint (report.needs_attention, ==, 3);
  g_assert_cmpuint (report.queued, ==, 0);
  items = kt_outbox_of (fixture);
  g_assert_cmpuint (items->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_nonnull (strstr (reason_of (items, ids->pdata[i]), "HTTP 500"));
  for (guint i = 3; i < ids->len; i++)
    g_assert_cmpuint (kt_server_times_received (fixture->server, ids->pdata[i]), ==, 1);
  status = kt_status_of (fixture);
  g_assert_null (status->last_error);
}

/* An entry failing alone, with nothing else to show that the aggregator
 * works, is never parked however often it fails; once another entry is
 * stored, it is. */
static void
test_server_error_alone_waits (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = kt_add_some (fixture, 1);
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *good = NULL;
  KioskSyncReport report;

  kt_server_set_poison (fixture->server, ids->pdata[0]);
  kt_server_set_mode (fixture->server, KT_REPLY_POISON_500);
  for (guint pass = 0; pass < 5; pass++)
    {
      g_autoptr(KioskOutboxStatus) status = NULL;

      kt_sync_bad_reply (fixture, &report);
      status = kt_status_of (fixture);
      g_assert_cmpuint (status->queued, ==, 1);
      g_assert_cmpuint (status->needs_attention, ==, 0);
    }
  g_assert_cmpuint (kt_server_n_requests (fixture->server), ==, 5);
  items = kt_outbox_of (fixture);
  g_assert_nonnull (strstr (reason_of (items, ids->pdata[0]), "HTTP 500"));
  g_clear_pointer (&items, g_ptr_array_unref);

  good = kt_add_qol (fixture->store, KT_CHILD);
  kt_sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 1);
  g_assert_cmpuint (report.needs_attention, ==, 1);
  g_assert_cmpuint (kt_server_times_received (fixture->server, good), ==, 1);
  items = kt_outbox_of (fixture);
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
  g_autoptr(GPtrArray) ids = kt_add_some (fixture, 10);
  g_autoptr(KioskOutboxStatus) status = NULL;
  KioskSyncReport report;

  kt_server_set_mode (fixture->server, KT_REPLY_SERVER_ERROR);
  for (guint pass = 0; pass < 6; pass++)
    {
      guint before = kt_server_n_requests (fixture->server);

      kt_sync_bad_reply (fixture, &report);
      g_assert_cmpuint (report.needs_attention, ==, 0);
      g_assert_cmpuint (report.queued, ==, 10);
      /* At most three entries end up alone, each after halving 10. */
      g_assert_cmpuint (kt_server_n_requests (fixture->server) - before, <=, 3 * 4);
    }

  kt_server_set_mode (fixture->server, KT_REPLY_OK);
  kt_sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 10);
  g_assert_cmpuint (report.needs_attention, ==, 0);
  kt_assert_each_received_once (fixture, ids);
  status = kt_status_of (fixture);
  g_assert_cmpuint (status->queued, ==, 0);
}

/* 503 (busy or stopping, with Retry-After) is waited out: no halving,
 * nothing parked, however many passes. */
static void
test_unavailable_parks_nothing (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = kt_add_some (fixture, 4);
  KioskSyncReport report;

  kt_server_set_mode (fixture->server, KT_REPLY_UNAVAILABLE);
  for (guint pass = 0; pass < 4; pass++)
    {
      g_autoptr(KioskOutboxStatus) status = NULL;

      kt_assert_nothing_delivered (fixture, ids, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY);
      status = kt_status_of (fixture);
      g_assert_cmpuint (status->needs_attention, ==, 0);
      g_assert_cmpuint (kt_server_n_requests (fixture->server), ==, pass + 1);
    }
  kt_server_set_mode (fixture->server, KT_REPLY_OK);
  kt_sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 4);
  kt_assert_each_received_once (fixture, ids);
}

/* A 400 that is not the aggregator's JSON (a middlebox) must not park the
 * outbox entry by entry. */
static void
test_proxy_400_parks_nothing (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = kt_add_some (fixture, 4);
  g_autoptr(KioskOutboxStatus) status = NULL;

  kt_server_set_mode (fixture->server, KT_REPLY_PROXY_400);
  kt_assert_nothing_delivered (fixture, ids, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY);
  status = kt_status_of (fixture);
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

/* No request the server saw held experience feedback beside an offer,
 * nor beside another submission (which names the child too, inside its
 * box, and the aggregator opens every box).  *@n_sealed and *@n_offers
 * count the requests that held either. */
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
        if (g_str_equal (json_object_get_string_member (json_array_get_object_element (submissions,
                                                                                       j),
                                                        "form"), "kiosk-test-experience"))
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

  kt_sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 15);
  g_assert_cmpuint (report.offers_delivered, ==, 10);
  g_assert_cmpuint (report.queued, ==, 0);
  kt_assert_each_received_once (fixture, ids);
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
  kt_sync_ok (fixture, &report);
  g_assert_cmpuint (report.delivered, ==, 17);
  g_assert_cmpuint (report.offers_delivered, ==, 12);
  g_assert_cmpuint (report.needs_attention, ==, 1);
  g_assert_cmpuint (report.queued, ==, 0);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpuint (kt_server_times_received (fixture->server, ids->pdata[i]), ==,
                      g_str_equal (ids->pdata[i], poison) ? 0 : 1);
  g_assert_cmpuint (kt_server_max_batch (fixture->server), <=, 4);

  items = kt_outbox_of (fixture);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpstr (((KioskOutboxItem *) items->pdata[0])->id, ==, poison);

  assert_sealed_travels_alone (fixture, &n_sealed, &n_offers);
  g_assert_cmpuint (n_sealed, >, 0);
  g_assert_cmpuint (n_offers, >, 0);
}

#define ADD(path, func) KT_ADD_UPLOADER ("/kiosk/uploader/" path, func)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

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

  return g_test_run ();
}
