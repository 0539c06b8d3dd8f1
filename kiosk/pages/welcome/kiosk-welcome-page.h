/* kiosk-welcome-page.h — the first screen, blank for every family. */
#pragma once

#include "kiosk-screen.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_WELCOME_PAGE (kiosk_welcome_page_get_type ())

G_DECLARE_FINAL_TYPE (KioskWelcomePage, kiosk_welcome_page, KIOSK, WELCOME_PAGE, KioskScreen)

/* @languages are the language codes staff chose to offer; with fewer than
 * two there is nothing to choose and the chooser is not shown. */
GtkWidget  *kiosk_welcome_page_new             (const char * const *languages);
/* Puts the keyboard focus on the button of @language (after the page was
 * rebuilt in that language, so a keyboard user does not lose their place). */
void        kiosk_welcome_page_focus_language  (KioskWelcomePage   *self,
                                                const char         *language);

G_END_DECLS
