/* kiosk-thanks-page.c — "Thank you" after Send.
 *
 * By the time this shows, the session is already gone from memory; the
 * window returns to a blank welcome screen on Finish or after a while. */
#include "config.h"

#include <glib/gi18n.h>

#include "kiosk-thanks-page.h"

struct _KioskThanksPage
{
  AdwBin     parent_instance;

  GtkWidget *title;
  GtkWidget *lead;
  GtkWidget *easy;

  gboolean   easy_read;
  gboolean   keyworker;
};

G_DEFINE_FINAL_TYPE (KioskThanksPage, kiosk_thanks_page, ADW_TYPE_BIN)

/* Easy read: the two things the family needs to know, one a line, each
 * with a picture. */
static void
update_easy_read (KioskThanksPage *self)
{
  gboolean easy = self->easy_read && !self->keyworker;

  gtk_widget_set_visible (self->lead, !easy);
  gtk_widget_set_visible (self->easy, easy);
  if (easy)
    gtk_widget_add_css_class (GTK_WIDGET (self), "kiosk-easy-read");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "kiosk-easy-read");
}

enum {
  PROP_0,
  PROP_EASY_READ,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kiosk_thanks_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KioskThanksPage *self = KIOSK_THANKS_PAGE (object);

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
kiosk_thanks_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KioskThanksPage *self = KIOSK_THANKS_PAGE (object);

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
kiosk_thanks_page_class_init (KioskThanksPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kiosk_thanks_page_get_property;
  object_class->set_property = kiosk_thanks_page_set_property;

  properties[PROP_EASY_READ] =
    g_param_spec_boolean ("easy-read", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

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
  update_easy_read (self);
}
