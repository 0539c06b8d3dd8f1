/* kiosk-pin-page.h — the staff PIN, checked or chosen. */
#pragma once

#include <adwaita.h>

#include "kiosk-store.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_PIN_PAGE (kiosk_pin_page_get_type ())

G_DECLARE_FINAL_TYPE (KioskPinPage, kiosk_pin_page, KIOSK, PIN_PAGE, AdwBin)

/* With @choose (or when the tablet has no PIN yet) staff choose a new PIN
 * and type it twice; otherwise the PIN is checked. */
GtkWidget  *kiosk_pin_page_new         (KioskStore    *store,
                                        gboolean       choose);
/* Whether enough digits are typed and no check is running ("can-submit"). */
gboolean    kiosk_pin_page_can_submit  (KioskPinPage  *self);
/* Checks the PIN, or moves on to confirming / saving a new one.  Emits
 * "done" when the PIN was right or the new one is saved. */
void        kiosk_pin_page_submit      (KioskPinPage  *self);

G_END_DECLS
