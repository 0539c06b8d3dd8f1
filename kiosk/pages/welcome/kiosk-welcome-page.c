/* kiosk-welcome-page.c — Start, easy read and the language.
 *
 * The buttons only name window actions (kiosk.start, kiosk.easy-read,
 * kiosk.language); what they do is the window's business.  In easy read
 * (the "easy-read" property, which the window keeps in step with the
 * choice, so the page changes as soon as the button is pressed) the
 * welcome is two short lines, each with a picture.
 */
#include "config.h"

#include "kiosk-language.h"
#include "kiosk-welcome-page.h"

struct _KioskWelcomePage
{
  AdwBin      parent_instance;

  GtkWidget  *standard;
  GtkWidget  *easy;
  GtkWidget  *language_label;
  GtkWidget  *languages;

  gboolean    easy_read;
};

G_DEFINE_FINAL_TYPE (KioskWelcomePage, kiosk_welcome_page, ADW_TYPE_BIN)

static void
update_easy_read (KioskWelcomePage *self)
{
  gtk_widget_set_visible (self->standard, !self->easy_read);
  gtk_widget_set_visible (self->easy, self->easy_read);
  if (self->easy_read)
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
kiosk_welcome_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KioskWelcomePage *self = KIOSK_WELCOME_PAGE (object);

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
kiosk_welcome_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KioskWelcomePage *self = KIOSK_WELCOME_PAGE (object);

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
kiosk_welcome_page_class_init (KioskWelcomePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kiosk_welcome_page_get_property;
  object_class->set_property = kiosk_welcome_page_set_property;

  properties[PROP_EASY_READ] =
    g_param_spec_boolean ("easy-read", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/keyvoice/Kiosk/kiosk-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskWelcomePage, standard);
  gtk_widget_class_bind_template_child (widget_class, KioskWelcomePage, easy);
  gtk_widget_class_bind_template_child (widget_class, KioskWelcomePage, language_label);
  gtk_widget_class_bind_template_child (widget_class, KioskWelcomePage, languages);
}

static void
kiosk_welcome_page_init (KioskWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kiosk_welcome_page_new (const char * const *languages)
{
  KioskWelcomePage *self = g_object_new (KIOSK_TYPE_WELCOME_PAGE, NULL);
  guint n = languages != NULL ? g_strv_length ((char **) languages) : 0;

  gtk_widget_set_visible (self->language_label, n > 1);
  gtk_widget_set_visible (self->languages, n > 1);

  for (guint i = 0; n > 1 && i < n; i++)
    {
      GtkWidget *button = gtk_toggle_button_new_with_label (kiosk_language_get_name (languages[i]));

      gtk_widget_add_css_class (button, "kiosk-language");
      gtk_widget_set_name (button, languages[i]);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "kiosk.language");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", languages[i]);
      gtk_flow_box_append (GTK_FLOW_BOX (self->languages), button);
      /* The flow box wraps each button in a child that would take focus
       * too; one stop per language is enough. */
      gtk_widget_set_focusable (gtk_widget_get_parent (button), FALSE);
    }

  return GTK_WIDGET (self);
}

void
kiosk_welcome_page_focus_language (KioskWelcomePage *self,
                                   const char       *language)
{
  g_return_if_fail (KIOSK_IS_WELCOME_PAGE (self));

  for (GtkWidget *child = gtk_widget_get_first_child (self->languages);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *button = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      if (g_strcmp0 (gtk_widget_get_name (button), language) == 0)
        {
          gtk_widget_grab_focus (button);
          return;
        }
    }
}
