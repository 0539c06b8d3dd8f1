/* kiosk-style.c — the kiosk's style sheet and pictograms. */
#include "config.h"

#include "kiosk-style.h"

#define KIOSK_RESOURCE_PATH "/org/keyvoice/Kiosk"

void
kiosk_style_init (void)
{
  static gboolean done;
  g_autoptr(GtkCssProvider) provider = NULL;
  GdkDisplay *display;

  if (done)
    return;

  display = gdk_display_get_default ();
  g_return_if_fail (display != NULL);

  /* Above the theme, so that our large type and calm colours win, but
   * below GTK_STYLE_PROVIDER_PRIORITY_USER, so that a user's own
   * accessibility style sheet still wins over ours. */
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, KIOSK_RESOURCE_PATH "/kiosk.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (display),
                                    KIOSK_RESOURCE_PATH "/icons");

  /* A steady text cursor: nothing on a calm screen blinks, and a cursor
   * that keeps blinking after a page has gone is what GTK 4.8 warns of
   * ("did not receive a focus-out event") when the window is not the
   * active one, as on a kiosk without a window manager. */
  g_object_set (gtk_settings_get_for_display (display), "gtk-cursor-blink", FALSE, NULL);
  done = TRUE;
}
