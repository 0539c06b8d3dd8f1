/* kiosk-forms-page.c — what the family will be asked today.
 *
 * Only the forms due for this child (or, without a code, the independent
 * feedback) are listed, so a family never wonders why they are asked
 * something that does not apply to them.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiosk-forms-page.h"

struct _KioskFormsPage
{
  AdwBin     parent_instance;

  GtkWidget *title;
  GtkWidget *list;
  GtkWidget *note;
};

G_DEFINE_FINAL_TYPE (KioskFormsPage, kiosk_forms_page, ADW_TYPE_BIN)

static void
kiosk_forms_page_class_init (KioskFormsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/keyvoice/Kiosk/kiosk-forms-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskFormsPage, title);
  gtk_widget_class_bind_template_child (widget_class, KioskFormsPage, list);
  gtk_widget_class_bind_template_child (widget_class, KioskFormsPage, note);
}

static void
kiosk_forms_page_init (KioskFormsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static GtkWidget *
form_row (KvForm   *form,
          gboolean  easy_read,
          guint     number)
{
  GtkWidget *box = g_object_new (GTK_TYPE_BOX,
                                 "orientation", GTK_ORIENTATION_VERTICAL,
                                 "spacing", 4,
                                 "accessible-role", GTK_ACCESSIBLE_ROLE_LIST_ITEM,
                                 NULL);
  GtkWidget *title;
  const char *description = kv_form_get_description (form, easy_read);
  g_autofree char *text = NULL;

  gtk_widget_add_css_class (box, "kiosk-card");

  /* TRANSLATORS: a numbered form title in the list of today's forms,
   * e.g. "1. How are your goals going?" */
  text = g_strdup_printf (_("%u. %s"), number,
                          g_dgettext (GETTEXT_PACKAGE, kv_form_get_title (form, easy_read)));
  title = gtk_label_new (text);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "kiosk-card-title");
  gtk_box_append (GTK_BOX (box), title);

  if (description != NULL)
    {
      GtkWidget *label = gtk_label_new (g_dgettext (GETTEXT_PACKAGE, description));

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 50);
      gtk_box_append (GTK_BOX (box), label);
    }

  /* Said before the family starts, not only inside the form: independent
   * feedback is sealed, and they should know it before choosing to give
   * it (docs/domain.md §6). */
  if (kv_form_get_kind (form) == KV_FORM_KIND_EXPERIENCE)
    {
      GtkWidget *label = gtk_label_new (easy_read ? _("Your keyworker will not see these answers.")
                                                  : _("Private: your keyworker will not see these answers, and nobody can read them on this tablet."));

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 50);
      gtk_widget_add_css_class (label, "kiosk-private");
      gtk_box_append (GTK_BOX (box), label);
    }

  return box;
}

GtkWidget *
kiosk_forms_page_new (KioskSession *session,
                      const char   *note)
{
  KioskFormsPage *self;
  gboolean easy_read;
  guint n;

  g_return_val_if_fail (KIOSK_IS_SESSION (session), NULL);

  self = g_object_new (KIOSK_TYPE_FORMS_PAGE, NULL);
  easy_read = kiosk_session_get_easy_read (session);
  n = kiosk_session_get_n_forms (session);

  for (guint i = 0; i < n; i++)
    gtk_box_append (GTK_BOX (self->list),
                    form_row (kiosk_session_get_form (session, i), easy_read, i + 1));

  if (n == 0)
    {
      gtk_label_set_label (GTK_LABEL (self->title),
                           easy_read ? _("There is nothing to answer today.")
                                     : _("There is nothing for you to answer today. Thank you for stopping by."));
      gtk_widget_set_visible (self->list, FALSE);
    }

  if (note != NULL)
    {
      gtk_label_set_label (GTK_LABEL (self->note), note);
      gtk_widget_set_visible (self->note, TRUE);
    }

  return GTK_WIDGET (self);
}
