/* kiosk-question-page.h — one question on one screen.
 *
 * Built from the form model for one KioskStep of a session: any item type
 * of docs/form-format.md, in the session's language and easy-read choice,
 * with the level pictograms.  Answers go straight into the session.
 *
 * Actions (for the buttons on the page, and for tests):
 *   kiosk.choose (s)  stateful: the chosen level of a scale or choice
 *                     item, or the rating of a GAS goal ("-2" … "2",
 *                     "partial"); "" when nothing is chosen;
 *   kiosk.toggle (s)  turns one level of a multiple-choice item on or off.
 * Signal "changed": the answer changed (the window then updates Next).
 */
#pragma once

#include <adwaita.h>

#include "kiosk-session.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_QUESTION_PAGE (kiosk_question_page_get_type ())

G_DECLARE_FINAL_TYPE (KioskQuestionPage, kiosk_question_page, KIOSK, QUESTION_PAGE, AdwBin)

GtkWidget        *kiosk_question_page_new       (KioskSession       *session,
                                                 const KioskStep    *step);
const KioskStep  *kiosk_question_page_get_step  (KioskQuestionPage  *self);
/* Sets the answer of a text or number item as if typed (for tests and
 * for the window's keyboard shortcuts). */
void              kiosk_question_page_set_text  (KioskQuestionPage  *self,
                                                 const char         *text);
/* The goal editor of a gas-goals item, or NULL. */
GtkWidget        *kiosk_question_page_get_goal_editor (KioskQuestionPage *self);

G_END_DECLS
