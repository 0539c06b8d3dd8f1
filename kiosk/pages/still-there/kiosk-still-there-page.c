/* kiosk-still-there-page.c — "Are you still there?" with a countdown.
 *
 * The countdown is words, updated once a second, not a moving bar: it
 * tells a family who comes back what will happen without anything on the
 * screen moving on its own. */
#include "config.h"

#include <glib/gi18n.h>

#include "kiosk-still-there-page.h"

struct _KioskStillTherePage
{
  KioskScreen parent_instance;

  GtkWidget *standard;
  GtkWidget *easy;
  GtkWidget *countdown;

  guint      seconds;
};

G_DEFINE_FINAL_TYPE (KioskStillTherePage, kiosk_still_there_page, KIOSK_TYPE_SCREEN)

static void
update_countdown (KioskStillTherePage *self)
{
  g_autofree char *text = NULL;

  /* Easy read says only what is left; the reason is the line above. */
  if (kiosk_screen_get_easy_read (KIOSK_SCREEN (self)))
    text = g_strdup_printf (C_("easy read", "Seconds left: %u"), self->seconds);
  else
    text = g_strdup_printf (ngettext ("If nobody answers, this screen will be cleared for the next family in %u second.",
                                      "If nobody answers, this screen will be cleared for the next family in %u seconds.",
                                      self->seconds),
                            self->seconds);
  gtk_label_set_label (GTK_LABEL (self->countdown), text);
}

static void
update_easy_read (KioskScreen *page)
{
  KioskStillTherePage *self = KIOSK_STILL_THERE_PAGE (page);

  kiosk_screen_show_variant (page, self->standard, self->easy, kiosk_screen_get_easy_read (page));
  update_countdown (self);
}

static void
kiosk_still_there_page_class_init (KioskStillTherePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  KIOSK_SCREEN_CLASS (klass)->update_easy_read = update_easy_read;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/keyvoice/Kiosk/kiosk-still-there-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskStillTherePage, standard);
  gtk_widget_class_bind_template_child (widget_class, KioskStillTherePage, easy);
  gtk_widget_class_bind_template_child (widget_class, KioskStillTherePage, countdown);
}

static void
kiosk_still_there_page_init (KioskStillTherePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kiosk_still_there_page_new (void)
{
  return g_object_new (KIOSK_TYPE_STILL_THERE_PAGE, NULL);
}

void
kiosk_still_there_page_set_seconds_left (KioskStillTherePage *self,
                                         guint                seconds)
{
  g_return_if_fail (KIOSK_IS_STILL_THERE_PAGE (self));

  self->seconds = seconds;
  update_countdown (self);
}
