/* kiosk-thanks-page.c — "Thank you" after Send.
 *
 * By the time this shows, the session is already gone from memory; the
 * window returns to a blank welcome screen on Finish or after a while. */
#include "config.h"

#include "kiosk-thanks-page.h"

struct _KioskThanksPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (KioskThanksPage, kiosk_thanks_page, ADW_TYPE_BIN)

static void
kiosk_thanks_page_class_init (KioskThanksPageClass *klass)
{
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass),
                                               "/org/keyvoice/Kiosk/kiosk-thanks-page.ui");
}

static void
kiosk_thanks_page_init (KioskThanksPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kiosk_thanks_page_new (void)
{
  return g_object_new (KIOSK_TYPE_THANKS_PAGE, NULL);
}
