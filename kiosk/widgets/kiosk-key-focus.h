/* kiosk-key-focus.h — moving the keyboard focus among the keys of a
 * keypad or keyboard with the arrow keys.
 *
 * The code keypad and the text keyboard are each one stop in the Tab
 * order (so that Next is a few Tabs away, not thirty); inside, the arrow
 * keys go to the nearest key that way. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Moves the focus from @focus (a key under @keys) to the nearest
 * sensitive key under @keys in @direction (an arrow direction).  At the
 * edge the focus stays.  Returns TRUE: the arrow key is used up. */
gboolean  kiosk_key_focus_move  (GtkWidget        *keys,
                                 GtkWidget        *focus,
                                 GtkDirectionType  direction);

G_END_DECLS
