/* kiosk-keypad.h — a grid of big keys, one per character.
 *
 * The keys are whatever characters the page gives it (the letters and
 * digits a child's code may hold, or the digits of a PIN), so that no
 * key can type something the code could never contain.  Each key
 * activates the widget action "kiosk.key" with its character as a
 * string; the page that holds the keypad installs that action.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_KEYPAD (kiosk_keypad_get_type ())

G_DECLARE_FINAL_TYPE (KioskKeypad, kiosk_keypad, KIOSK, KEYPAD, GtkWidget)

GtkWidget   *kiosk_keypad_new          (const char *keys,
                                        guint       columns);
const char  *kiosk_keypad_get_keys     (KioskKeypad *self);
void         kiosk_keypad_set_keys     (KioskKeypad *self,
                                        const char  *keys);
guint        kiosk_keypad_get_columns  (KioskKeypad *self);
void         kiosk_keypad_set_columns  (KioskKeypad *self,
                                        guint        columns);

G_END_DECLS
