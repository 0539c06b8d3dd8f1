/* kiosk-review-page.h — "Check your answers" before Send.
 *
 * Every question of every part, by its title, with where it stands
 * (answered, skipped, not answered yet) and never the answer itself: the
 * tablet may be looked at over someone's shoulder, and independent
 * feedback in particular must never be shown back.  Each question is a
 * button straight to it (kiosk.go-to, "(uui)": form, item, goal); a
 * declined part offers kiosk.undecline ("u": form).
 *
 * Property "easy-read": the easy-read words (set by the window).
 */
#pragma once

#include "kiosk-screen.h"

#include "kiosk-session.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_REVIEW_PAGE (kiosk_review_page_get_type ())

G_DECLARE_FINAL_TYPE (KioskReviewPage, kiosk_review_page, KIOSK, REVIEW_PAGE, KioskScreen)

GtkWidget  *kiosk_review_page_new            (KioskSession     *session);
/* How many questions are not answered yet (neither answered nor skipped);
 * the page says so above the list. */
guint       kiosk_review_page_get_n_unanswered (KioskReviewPage *self);
/* Moves the keyboard focus (and so the scrolling) to the row of @step,
 * as when the family comes back from changing it. */
void        kiosk_review_page_focus_step     (KioskReviewPage  *self,
                                              const KioskStep  *step);
/* Says what went wrong at Send; NULL hides it. */
void        kiosk_review_page_set_message    (KioskReviewPage  *self,
                                              const char       *message);

G_END_DECLS
