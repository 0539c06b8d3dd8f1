/* kiosk-staff-page.h — what a keyworker may do behind the PIN. */
#pragma once

#include <adwaita.h>

#include "kiosk-store.h"
#include "kiosk-uploader.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_STAFF_PAGE (kiosk_staff_page_get_type ())

G_DECLARE_FINAL_TYPE (KioskStaffPage, kiosk_staff_page, KIOSK, STAFF_PAGE, AdwBin)

/* @uploader may be NULL (tests): syncing and enrolling are then off. */
GtkWidget  *kiosk_staff_page_new      (KioskStore     *store,
                                       KioskUploader  *uploader,
                                       GSettings      *settings);
/* Reads the outbox status and the enrolment again. */
void        kiosk_staff_page_refresh  (KioskStaffPage *self);

/* Actions: kiosk.sync-now, kiosk.enrol, kiosk.retry-item (s),
 * kiosk.discard-item (s).  Goals, the PIN and full screen are the
 * window's (kiosk.set-goals, kiosk.change-pin, kiosk.leave-fullscreen). */

G_END_DECLS
