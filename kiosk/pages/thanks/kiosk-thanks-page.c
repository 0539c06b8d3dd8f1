/* kiosk-thanks-page.c — "Thank you" after Send.
 *
 * By the time this shows, the session is already gone from memory; the
 * window returns to a blank welcome screen on Finish or after a while. */
#include "config.h"

#include <glib/gi18n.h>

#include "kiosk-thanks-page.h"

struct _KioskThanksPage
{
  KioskScreen parent_instance;

  GtkWidget *title;
  GtkWidget *lead;
  GtkWidget *easy;
  gboolean   keyworker;
};

G_DEFINE_FINAL_TYPE (KioskThanksPage, kiosk_thanks_page, KIOSK_TYPE_SCREEN)

/* Easy read: the two things the family needs to know, one a line, each
 * with a picture. */
static void
update_easy_read (KioskScreen *page)
{
  KioskThanksPage *self = KIOSK_THANKS_PAGE (page);

  kiosk_screen_show_variant (page, self->lead, self->easy,
                           kiosk_screen_get_easy_read (page) && !self->keyworker);
}

static void
kiosk_thanks_page_class_init (KioskThanksPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  KIOSK_SCREEN_CLASS (klass)->update_easy_read = update_easy_read;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/keyvoice/Kiosk/kiosk-thanks-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskThanksPage, title);
  gtk_widget_class_bind_template_child (widget_class, KioskThanksPage, lead);
  gtk_widget_class_bind_template_child (widget_class, KioskThanksPage, easy);
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

void
kiosk_thanks_page_set_keyworker (KioskThanksPage *self)
{
  g_return_if_fail (KIOSK_IS_THANKS_PAGE (self));

  /* The keyworker set goals with the family: there is no tablet to hand
   * back, and they want to know where the goals go.  Staff mode has no
   * easy read. */
  self->keyworker = TRUE;
  gtk_label_set_label (GTK_LABEL (self->title), _("Goals saved"));
  gtk_label_set_label (GTK_LABEL (self->lead),
                       _("The goals are saved on this tablet and will be sent to the service. "
                         "At each review, the family will say how each goal is going. "
                         "Finish closes staff mode."));
  update_easy_read (KIOSK_SCREEN (self));
}
