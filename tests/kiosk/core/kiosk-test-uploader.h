/* kiosk-test-uploader.h — the fixture the uploader's tests share
 * (test-kiosk-uploader.c, test-kiosk-uploader-delivery.c): a fake
 * aggregator, a store enrolled to it (unless the test data is
 * "unenrolled") and an uploader with short timeouts. */
#pragma once

#include "kiosk-test-server.h"

G_BEGIN_DECLS

typedef struct
{
  KtServer      *server;
  char          *dir;
  KioskStore    *store;
  KioskUploader *uploader;
} KtUploaderFixture;

void               kt_uploader_set_up           (KtUploaderFixture *fixture,
                                                 gconstpointer      data);
/* Waits, with a bound, for the uploader to be finalised (a GTask's worker
 * thread may let go of it last), then asserts the store is. */
void               kt_uploader_tear_down        (KtUploaderFixture *fixture,
                                                 gconstpointer      data);

KioskOutboxStatus *kt_status_of                 (KtUploaderFixture *fixture);
GPtrArray         *kt_outbox_of                 (KtUploaderFixture *fixture);
/* Adds @n kiosk-test-qol submissions and returns their ids. */
GPtrArray         *kt_add_some                  (KtUploaderFixture *fixture,
                                                 guint              n);
/* Syncs and asserts it fails in @domain/@code, leaving every id queued. */
void               kt_assert_nothing_delivered  (KtUploaderFixture *fixture,
                                                 GPtrArray         *ids,
                                                 GQuark             domain,
                                                 int                code);
/* Every id of @ids reached the aggregator exactly once. */
void               kt_assert_each_received_once (KtUploaderFixture *fixture,
                                                 GPtrArray         *ids);
/* Syncs and asserts it fails because of the aggregator's reply. */
void               kt_sync_bad_reply            (KtUploaderFixture *fixture,
                                                 KioskSyncReport   *report);
void               kt_sync_ok                   (KtUploaderFixture *fixture,
                                                 KioskSyncReport   *report);

#define KT_ADD_UPLOADER(path, func) \
  g_test_add (path, KtUploaderFixture, NULL, kt_uploader_set_up, func, kt_uploader_tear_down)
#define KT_ADD_UPLOADER_UNENROLLED(path, func) \
  g_test_add (path, KtUploaderFixture, "unenrolled", kt_uploader_set_up, func, \
              kt_uploader_tear_down)

G_END_DECLS
