/* kiosk-respondent-page.c — "Who is answering today?"
 *
 * Four choices, each naming the window's stateful action kiosk.respondent
 * with the wire name of the respondent (docs/api.md), so the chosen one
 * shows as pressed and the window knows the answer.  In easy read each
 * choice is one short sentence beside a picture of who is answering.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiosk-respondent-page.h"

struct _KioskRespondentPage
{
  KioskScreen parent_instance;

  GtkWidget *title;
  GtkWidget *young_person;
  GtkWidget *parent_carer;
  GtkWidget *both;
  GtkWidget *someone_helping;
};

G_DEFINE_FINAL_TYPE (KioskRespondentPage, kiosk_respondent_page, KIOSK_TYPE_SCREEN)

static void
set_choice (GtkWidget  *button,
            const char *label,
            const char *picture)
{
  GtkWidget *box, *text;

  if (picture == NULL)
    {
      gtk_button_set_label (GTK_BUTTON (button), label);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
      return;
    }

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  gtk_box_append (GTK_BOX (box), g_object_new (GTK_TYPE_IMAGE,
                                               "icon-name", picture,
                                               "pixel-size", 72,
                                               "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                               NULL));
  text = gtk_label_new (label);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (text), 24);
  gtk_label_set_max_width_chars (GTK_LABEL (text), 30);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_box_append (GTK_BOX (box), text);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
update_easy_read (KioskScreen *page)
{
  KioskRespondentPage *self = KIOSK_RESPONDENT_PAGE (page);

  if (kiosk_screen_get_easy_read (page))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "kiosk-easy-read");
      gtk_label_set_label (GTK_LABEL (self->title), C_("easy read", "Who is answering?"));
      set_choice (self->young_person, C_("easy read", "Me. I am the young person."), "kv-er-young-person");
      set_choice (self->parent_carer, C_("easy read", "Me. I am a mum, dad or carer."), "kv-er-parent");
      set_choice (self->both, C_("easy read", "Both of us together."), "kv-er-both");
      set_choice (self->someone_helping, C_("easy read", "I am helping someone."), "kv-er-helper");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "kiosk-easy-read");
      gtk_label_set_label (GTK_LABEL (self->title), _("Who is answering today?"));
      set_choice (self->young_person, _("Me, the young person"), NULL);
      set_choice (self->parent_carer, _("Me, a parent or carer"), NULL);
      set_choice (self->both, _("Both of us together"), NULL);
      set_choice (self->someone_helping, _("Someone helping a young person or family"), NULL);
    }
}

static void
kiosk_respondent_page_class_init (KioskRespondentPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  KIOSK_SCREEN_CLASS (klass)->update_easy_read = update_easy_read;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/keyvoice/Kiosk/kiosk-respondent-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskRespondentPage, title);
  gtk_widget_class_bind_template_child (widget_class, KioskRespondentPage, young_person);
  gtk_widget_class_bind_template_child (widget_class, KioskRespondentPage, parent_carer);
  gtk_widget_class_bind_template_child (widget_class, KioskRespondentPage, both);
  gtk_widget_class_bind_template_child (widget_class, KioskRespondentPage, someone_helping);
}

static void
kiosk_respondent_page_init (KioskRespondentPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kiosk_respondent_page_new (void)
{
  return g_object_new (KIOSK_TYPE_RESPONDENT_PAGE, NULL);
}
