/* kiosk-text-keyboard.h — the kiosk's own on-screen keyboard for free text.
 *
 * A kiosk compositor may have no on-screen keyboard of its own, and a
 * family must still be able to write a comment.  The keyboard types into
 * its target (a GtkTextView or a GtkEditable) at the cursor: letters in
 * QWERTY rows, Shift (once, then Caps, then off), Delete, a space bar and
 * a layer of numbers and punctuation.  Its keys never move or change
 * size: changing layer or case only changes what the keys say.  A touch
 * leaves the keyboard focus in the text, so its cursor shows; someone
 * with a physical keyboard types there directly, and someone with a
 * switch reaches the keys as one Tab stop and moves among them with the
 * arrows.
 *
 * The keys are the widget actions "text-keyboard.type" (s),
 * "text-keyboard.delete", "text-keyboard.shift" and
 * "text-keyboard.layer".
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_TEXT_KEYBOARD (kiosk_text_keyboard_get_type ())

G_DECLARE_FINAL_TYPE (KioskTextKeyboard, kiosk_text_keyboard, KIOSK, TEXT_KEYBOARD, GtkWidget)

typedef enum
{
  KIOSK_SHIFT_OFF,
  KIOSK_SHIFT_ONCE,    /* the next letter is a capital */
  KIOSK_SHIFT_LOCKED,  /* every letter is, until Shift is pressed again */
} KioskShift;

GtkWidget   *kiosk_text_keyboard_new         (GtkWidget          *target);
GtkWidget   *kiosk_text_keyboard_get_target  (KioskTextKeyboard  *self);
void         kiosk_text_keyboard_set_target  (KioskTextKeyboard  *self,
                                              GtkWidget          *target);
KioskShift   kiosk_text_keyboard_get_shift   (KioskTextKeyboard  *self);
/* Whether the numbers and punctuation are showing instead of letters. */
gboolean     kiosk_text_keyboard_get_symbols (KioskTextKeyboard  *self);
/* The key that types @text on the layer showing now, or NULL. */
GtkWidget   *kiosk_text_keyboard_get_key     (KioskTextKeyboard  *self,
                                              const char         *text);

G_END_DECLS
