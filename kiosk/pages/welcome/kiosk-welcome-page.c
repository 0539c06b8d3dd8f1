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
  KioskScreen parent_instance;

  GtkWidget  *intro;
  GtkWidget  *standard;
  GtkWidget  *easy;
  GtkWidget  *language_label;
  GtkWidget  *languages;
};

G_DEFINE_FINAL_TYPE (KioskWelcomePage, kiosk_welcome_page, KIOSK_TYPE_SCREEN)

static void
kiosk_welcome_page_update_easy_read (KioskScreen *page)
{
  KioskWelcomePage *self = KIOSK_WELCOME_PAGE (page);

  gboolean easy = kiosk_screen_get_easy_read (page);

  gtk_stack_set_visible_child (GTK_STACK (self->intro), easy ? self->easy : self->standard);
  kiosk_screen_set_easy_style (page, easy);
}

static void
kiosk_welcome_page_class_init (KioskWelcomePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  KIOSK_SCREEN_CLASS (klass)->update_easy_read = kiosk_welcome_page_update_easy_read;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/keyvoice/Kiosk/kiosk-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskWelcomePage, intro);
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
