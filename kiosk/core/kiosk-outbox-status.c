/* kiosk-outbox-status.c — the outbox at a glance. */
#include "config.h"

#include "kiosk-outbox-status.h"

G_DEFINE_BOXED_TYPE (KioskOutboxStatus, kiosk_outbox_status,
                     kiosk_outbox_status_copy, kiosk_outbox_status_free)

KioskOutboxStatus *
kiosk_outbox_status_copy (const KioskOutboxStatus *status)
{
  KioskOutboxStatus *copy;

  g_return_val_if_fail (status != NULL, NULL);

  copy = g_memdup2 (status, sizeof *status);
  copy->last_attempt = status->last_attempt ? g_date_time_ref (status->last_attempt) : NULL;
  copy->last_success = status->last_success ? g_date_time_ref (status->last_success) : NULL;
  copy->last_error = g_strdup (status->last_error);
  return copy;
}

void
kiosk_outbox_status_free (KioskOutboxStatus *status)
{
  if (status == NULL)
    return;

  g_clear_pointer (&status->last_attempt, g_date_time_unref);
  g_clear_pointer (&status->last_success, g_date_time_unref);
  g_free (status->last_error);
  g_free (status);
}
