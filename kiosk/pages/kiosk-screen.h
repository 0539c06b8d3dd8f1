/* kiosk-screen.h — what the family's screens share: easy read.
 *
 * A page with an easy-read version derives from KioskScreen.  The window
 * sets "easy-read" when it builds the page and again whenever the family
 * changes the choice (docs/kiosk.md "Easy read"); the page words itself
 * again in its update_easy_read() and reads the choice with
 * kiosk_screen_get_easy_read().
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_SCREEN (kiosk_screen_get_type ())

G_DECLARE_DERIVABLE_TYPE (KioskScreen, kiosk_screen, KIOSK, SCREEN, AdwBin)

struct _KioskScreenClass
{
  AdwBinClass parent_class;

  /* Called when "easy-read" changes (never when it is set to what it
   * already is); the page shows the words the choice asks for. */
  void (*update_easy_read) (KioskScreen *self);
};

gboolean  kiosk_screen_get_easy_read  (KioskScreen *self);
void      kiosk_screen_set_easy_read  (KioskScreen *self,
                                     gboolean   easy_read);

/* The common shape of a page's easy read: @standard or @easy shown, and
 * the page in the "kiosk-easy-read" style (bigger type) when @easy is. */
void      kiosk_screen_show_variant   (KioskScreen *self,
                                     GtkWidget *standard,
                                     GtkWidget *easy,
                                     gboolean   easy_shown);
/* Only the style: for a page that shows its versions itself. */
void      kiosk_screen_set_easy_style (KioskScreen *self,
                                       gboolean     easy);

G_END_DECLS
