/* kiosk-code-page.h — the family's code on a large on-screen keypad.
 *
 * Has an "easy-read" property (set by the window): a picture of the card
 * and shorter words, messages included. */
#pragma once

#include "kiosk-screen.h"

#include "kiosk-journey.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_CODE_PAGE (kiosk_code_page_get_type ())

G_DECLARE_FINAL_TYPE (KioskCodePage, kiosk_code_page, KIOSK, CODE_PAGE, KioskScreen)

/* @for_staff: a keyworker types the child's code to set goals; there is
 * no "I don't have a code" then. */
GtkWidget   *kiosk_code_page_new          (gboolean        for_staff);
/* What was typed, without the separator ("K7Q3MX2P"); may be shorter. */
const char  *kiosk_code_page_get_code     (KioskCodePage  *self);
void         kiosk_code_page_set_code     (KioskCodePage  *self,
                                           const char     *code);
/* Whether all the characters of a code are there (it may still be wrong). */
gboolean     kiosk_code_page_is_complete  (KioskCodePage  *self);
/* A kind word under the code; NULL hides it.  Typing hides it too. */
void         kiosk_code_page_set_message  (KioskCodePage  *self,
                                           const char     *message);
const char  *kiosk_code_page_get_message  (KioskCodePage  *self);
/* While the kiosk looks the code up, typing waits. */
void         kiosk_code_page_set_busy     (KioskCodePage  *self,
                                           gboolean        busy);
/* Shows what the journey says about the code (looking it up, a typo, not
 * known), in the page's words, easy read or not. */
void         kiosk_code_page_show_notice  (KioskCodePage  *self,
                                           KioskNotice     notice);

G_END_DECLS
