/* kiosk-keypad.h — big keys, one per character, in as many columns as fit.
 *
 * The keys are whatever characters the page gives it (the letters and
 * digits a child's code may hold, or the digits of a PIN), so that no
 * key can type something the code could never contain; a newline starts
 * a group of its own on a new row.  "columns" is the most keys a row may
 * hold; fewer are used when the width given is narrower.  Each key
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
/* The key typing @character, or NULL. */
GtkWidget   *kiosk_keypad_get_key      (KioskKeypad *self,
                                        const char  *character);

G_END_DECLS
