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
  AdwBin     parent_instance;

  GtkWidget *standard;
  GtkWidget *easy;
  GtkWidget *countdown;

  guint      seconds;
  gboolean   easy_read;
};

G_DEFINE_FINAL_TYPE (KioskStillTherePage, kiosk_still_there_page, ADW_TYPE_BIN)

static void
update_countdown (KioskStillTherePage *self)
{
  g_autofree char *text = NULL;

  /* Easy read says only what is left; the reason is the line above. */
  if (self->easy_read)
    text = g_strdup_printf (C_("easy read", "Seconds left: %u"), self->seconds);
  else
    text = g_strdup_printf (ngettext ("If nobody answers, this screen will be cleared for the next family in %u second.",
                                      "If nobody answers, this screen will be cleared for the next family in %u seconds.",
                                      self->seconds),
                            self->seconds);
  gtk_label_set_label (GTK_LABEL (self->countdown), text);
}

static void
update_easy_read (KioskStillTherePage *self)
{
  gtk_widget_set_visible (self->standard, !self->easy_read);
  gtk_widget_set_visible (self->easy, self->easy_read);
  if (self->easy_read)
    gtk_widget_add_css_class (GTK_WIDGET (self), "kiosk-easy-read");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "kiosk-easy-read");
  update_countdown (self);
}

enum {
  PROP_0,
  PROP_EASY_READ,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kiosk_still_there_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KioskStillTherePage *self = KIOSK_STILL_THERE_PAGE (object);

  switch (prop_id)
    {
    case PROP_EASY_READ:
      g_value_set_boolean (value, self->easy_read);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_still_there_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KioskStillTherePage *self = KIOSK_STILL_THERE_PAGE (object);

  switch (prop_id)
    {
    case PROP_EASY_READ:
      if (self->easy_read != g_value_get_boolean (value))
        {
          self->easy_read = g_value_get_boolean (value);
          update_easy_read (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_still_there_page_class_init (KioskStillTherePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kiosk_still_there_page_get_property;
  object_class->set_property = kiosk_still_there_page_set_property;

  properties[PROP_EASY_READ] =
    g_param_spec_boolean ("easy-read", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

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
