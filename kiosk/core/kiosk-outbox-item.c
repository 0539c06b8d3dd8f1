/* kiosk-outbox-item.c — one undelivered entry, as staff may see it. */
#include "config.h"

#include "kiosk-outbox-item.h"

G_DEFINE_BOXED_TYPE (KioskOutboxItem, kiosk_outbox_item,
                     kiosk_outbox_item_copy, kiosk_outbox_item_free)

KioskOutboxItem *
kiosk_outbox_item_copy (const KioskOutboxItem *item)
{
  KioskOutboxItem *copy;

  g_return_val_if_fail (item != NULL, NULL);

  copy = g_memdup2 (item, sizeof *item);
  copy->id = g_strdup (item->id);
  copy->form = g_strdup (item->form);
  copy->reason = g_strdup (item->reason);
  copy->completed_at = item->completed_at ? g_date_time_ref (item->completed_at) : NULL;
  copy->month = g_strdup (item->month);
  return copy;
}

void
kiosk_outbox_item_free (KioskOutboxItem *item)
{
  if (item == NULL)
    return;

  g_free (item->id);
  g_free (item->form);
  g_free (item->reason);
  g_clear_pointer (&item->completed_at, g_date_time_unref);
  g_free (item->month);
  g_free (item);
}
