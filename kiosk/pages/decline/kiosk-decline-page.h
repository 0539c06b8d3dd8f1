/* kiosk-decline-page.h — "Do you want to stop answering these?"
 *
 * Shown before independent feedback is declined (docs/kiosk.md "The
 * journey"): what stopping means, in plain words.  The bottom bar holds
 * the two answers, "Go back to the questions" (Back) and "Yes, I'd rather
 * not" (Next); nothing is dropped until the second is pressed.
 *
 * Property "easy-read": the easy-read words (set by the window).
 */
#pragma once

#include "kiosk-screen.h"

#include "kiosk-session.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_DECLINE_PAGE (kiosk_decline_page_get_type ())

G_DECLARE_FINAL_TYPE (KioskDeclinePage, kiosk_decline_page, KIOSK, DECLINE_PAGE, KioskScreen)

/* About form @form of @session. */
GtkWidget  *kiosk_decline_page_new            (KioskSession      *session,
                                               guint              form);

G_END_DECLS
