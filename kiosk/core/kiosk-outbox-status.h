/* kiosk-outbox-status.h — the outbox at a glance, for the staff screen.
 *
 * Counts and sync times only: by construction nothing here can show a
 * family's answers or a child's code.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_OUTBOX_STATUS (kiosk_outbox_status_get_type ())

typedef struct
{
  guint      queued;            /* submissions waiting to be delivered */
  guint      offers_queued;     /* ledger entries ("asked: completed/declined") waiting */
  guint      needs_attention;   /* submissions and offers the aggregator refused
                                 * (conflict, rejected): never retried blindly */
  guint      sent;              /* receipts: delivered and acknowledged */
  GDateTime *last_attempt;      /* last time a sync talked to (or tried) the
                                 * aggregator, or NULL if never */
  GDateTime *last_success;      /* last sync that ended with nothing left it could
                                 * deliver, or NULL if never */
  char      *last_error;        /* translated reason the last sync stopped early,
                                 * or NULL when it did not */
} KioskOutboxStatus;

GType               kiosk_outbox_status_get_type (void) G_GNUC_CONST;
KioskOutboxStatus  *kiosk_outbox_status_copy     (const KioskOutboxStatus *status);
void                kiosk_outbox_status_free     (KioskOutboxStatus       *status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskOutboxStatus, kiosk_outbox_status_free)

G_END_DECLS
