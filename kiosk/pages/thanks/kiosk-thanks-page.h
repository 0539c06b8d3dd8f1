/* kiosk-thanks-page.h — "Thank you" after Send. */
#pragma once

#include "kiosk-screen.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_THANKS_PAGE (kiosk_thanks_page_get_type ())

G_DECLARE_FINAL_TYPE (KioskThanksPage, kiosk_thanks_page, KIOSK, THANKS_PAGE, KioskScreen)

GtkWidget  *kiosk_thanks_page_new            (void);
/* Words it for the keyworker who has just set a child's goals. */
void        kiosk_thanks_page_set_keyworker  (KioskThanksPage *self);

G_END_DECLS
