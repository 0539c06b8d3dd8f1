/* kiosk-uploader-delivery.h — one sync pass of KioskUploader (internal).
 *
 * The delivery rules of kiosk-uploader.h that span requests: taking the
 * outbox from the store batch by batch, halving a request the aggregator
 * refuses as a whole, and setting aside, retrying and at last parking an
 * entry it keeps answering 500 when sent alone.  Each request is one
 * kiosk_client_deliver().  What passes learn about such entries is kept
 * from one pass to the next in a KioskUploaderDelivery, in memory only, so
 * each --sync run starts counting afresh.  Not thread-safe: the uploader
 * runs one pass at a time.
 */
#pragma once

#include "kiosk-client.h"
#include "kiosk-store.h"

G_BEGIN_DECLS

typedef struct _KioskUploaderDelivery KioskUploaderDelivery;

/* What one pass did, as KioskSyncReport counts it. */
typedef struct
{
  guint delivered;          /* submissions acknowledged */
  guint offers_delivered;   /* offers acknowledged */
  guint refused;            /* entries moved to "needs attention" */
} KioskDeliveryCounts;

KioskUploaderDelivery *kiosk_uploader_delivery_new  (KioskStore            *store);
void                   kiosk_uploader_delivery_free (KioskUploaderDelivery *self);

/* Delivers everything queued through @session, at most @batch_size
 * entries a request, and adds what it did to @counts.  TRUE when nothing is left that it could
 * deliver; FALSE with the reason when a request failed, or an entry the
 * aggregator answered 500 alone is still queued. */
gboolean               kiosk_uploader_delivery_run  (KioskUploaderDelivery *self,
                                                     KioskClientSession    *session,
                                                     guint                  batch_size,
                                                     GCancellable          *cancellable,
                                                     KioskDeliveryCounts   *counts,
                                                     GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskUploaderDelivery, kiosk_uploader_delivery_free)

G_END_DECLS
