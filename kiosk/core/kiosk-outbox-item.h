/* kiosk-outbox-item.h — one undelivered entry, as staff may see it.
 *
 * What kiosk_store_list_outbox() gives the staff screen: enough to say
 * "a Family quality of life form completed on 3 May was rejected:
 * <reason>", and deliberately nothing more — never the answers, never the
 * child's code.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  KIOSK_ITEM_SUBMISSION,   /* a completed form */
  KIOSK_ITEM_OFFER,        /* a ledger entry "asked on <month>: completed/declined" */
} KioskItemKind;

typedef enum
{
  KIOSK_ITEM_QUEUED,           /* waiting for the aggregator */
  KIOSK_ITEM_NEEDS_ATTENTION,  /* the aggregator answered conflict or rejected */
} KioskItemState;

#define KIOSK_TYPE_OUTBOX_ITEM (kiosk_outbox_item_get_type ())

typedef struct
{
  KioskItemKind   kind;
  char           *id;            /* the submission's or offer's UUID */
  char           *form;          /* form id; NULL for an offer */
  KioskItemState  state;
  char           *reason;        /* for NEEDS_ATTENTION: "conflict" or the
                                  * aggregator's rejection reason; for QUEUED:
                                  * why the last attempt did not deliver it, or
                                  * NULL */
  guint           attempts;      /* how many requests carried it */
  GDateTime      *completed_at;  /* submissions: when Send was pressed;
                                  * offers and sealed feedback: NULL (only
                                  * their month is kept, see kiosk-store.sql) */
  char           *month;         /* "YYYY-MM" where only the month is kept */
} KioskOutboxItem;

GType             kiosk_outbox_item_get_type (void) G_GNUC_CONST;
KioskOutboxItem  *kiosk_outbox_item_copy     (const KioskOutboxItem *item);
void              kiosk_outbox_item_free     (KioskOutboxItem       *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskOutboxItem, kiosk_outbox_item_free)

G_END_DECLS
