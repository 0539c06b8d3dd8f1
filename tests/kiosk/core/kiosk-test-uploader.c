/* kiosk-test-uploader.c — the fixture the uploader's tests share. */
#include "config.h"

#include "kiosk-test-uploader.h"

void
kt_uploader_set_up (KtUploaderFixture *fixture,
                    gconstpointer      data)
{
  fixture->server = kt_server_new ();
  fixture->store = kt_server_open_store (fixture->server, "uploader", data == NULL,
                                         &fixture->dir);
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

void
kt_uploader_tear_down (KtUploaderFixture *fixture,
                       gconstpointer      data)
{
  wait_for_finalize (fixture->uploader);
  g_assert_finalize_object (fixture->store);
  g_clear_pointer (&fixture->server, kt_server_free);
  g_free (fixture->dir);
}

KioskOutboxStatus *
kt_status_of (KtUploaderFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  KioskOutboxStatus *status = kiosk_store_get_outbox_status (fixture->store, &error);

  g_assert_no_error (error);
  return status;
}

GPtrArray *
kt_outbox_of (KtUploaderFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *items = kiosk_store_list_outbox (fixture->store, &error);

  g_assert_no_error (error);
  return items;
}

GPtrArray *
kt_add_some (KtUploaderFixture *fixture,
             guint              n)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (ids, kt_add_qol (fixture->store, KT_CHILD));
  return ids;
}

void
kt_assert_nothing_delivered (KtUploaderFixture *fixture,
                             GPtrArray         *ids,
                             GQuark             domain,
                             int                code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskOutboxStatus) status = NULL;
  KioskSyncReport report;

  g_assert_false (kiosk_uploader_sync (fixture->uploader, NULL, &report, &error));
  g_assert_error (error, domain, code);
  g_assert_cmpuint (report.delivered, ==, 0);
  g_assert_cmpuint (report.queued, ==, ids->len);

  status = kt_status_of (fixture);
  g_assert_cmpuint (status->queued, ==, ids->len);
  g_assert_cmpuint (status->sent, ==, 0);
  g_assert_cmpstr (status->last_error, ==, error->message);
  for (guint i = 0; i < ids->len; i++)
    g_assert_false (kiosk_store_has_receipt (fixture->store, ids->pdata[i], NULL));
}

void
kt_assert_each_received_once (KtUploaderFixture *fixture,
                              GPtrArray         *ids)
{
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpuint (kt_server_times_received (fixture->server, ids->pdata[i]), ==, 1);
}

void
kt_sync_bad_reply (KtUploaderFixture *fixture,
                   KioskSyncReport   *report)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (kiosk_uploader_sync (fixture->uploader, NULL, report, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY);
}

void
kt_sync_ok (KtUploaderFixture *fixture,
            KioskSyncReport   *report)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kiosk_uploader_sync (fixture->uploader, NULL, report, &error));
  g_assert_no_error (error);
}
