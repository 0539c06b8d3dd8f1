/* kiosk-still-there-page.h — "Are you still there?" with a countdown. */
#pragma once

#include "kiosk-screen.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_STILL_THERE_PAGE (kiosk_still_there_page_get_type ())

G_DECLARE_FINAL_TYPE (KioskStillTherePage, kiosk_still_there_page, KIOSK, STILL_THERE_PAGE, KioskScreen)

GtkWidget  *kiosk_still_there_page_new               (void);
void        kiosk_still_there_page_set_seconds_left  (KioskStillTherePage *self,
                                                      guint                seconds);

G_END_DECLS
