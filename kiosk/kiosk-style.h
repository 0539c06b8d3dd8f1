/* kiosk-style.h — the kiosk's calm look: its style sheet and pictograms.
 *
 * Both live in the program's GResource.  The application installs them at
 * startup; tests that build windows without the application call this
 * themselves.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Installs the style sheet and the pictogram icons on the default
 * display.  Safe to call more than once. */
void  kiosk_style_init  (void);

G_END_DECLS
