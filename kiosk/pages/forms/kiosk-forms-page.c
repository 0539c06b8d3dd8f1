/* kiosk-forms-page.c — what the family will be asked today.
 *
 * Only the forms due for this child (or, without a code, the independent
 * feedback) are listed, so a family never wonders why they are asked
 * something that does not apply to them.  In easy read (the "easy-read"
 * property, which the window keeps in step with the choice) the forms
 * have their easy-read titles, the promise of privacy stands beside a
 * lock, and one short line with a picture says what to do next.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiosk-forms-page.h"

struct _KioskFormsPage
{
  KioskScreen parent_instance;

  GtkWidget *title;
  GtkWidget *list;
  GtkWidget *note;
  GtkWidget *easy;
  GtkWidget *easy_start;
  GtkWidget *easy_done;

  /* The forms only, never the session: nothing a family said. */
  GPtrArray *forms;
};

G_DEFINE_FINAL_TYPE (KioskFormsPage, kiosk_forms_page, KIOSK_TYPE_SCREEN)

static GtkWidget *
wrapped_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 50);
  return label;
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
    gtk_box_append (GTK_BOX (box), wrapped_label (g_dgettext (GETTEXT_PACKAGE, description)));

  /* Said before the family starts, not only inside the form: independent
   * feedback is sealed, and they should know it before choosing to give
   * it (docs/domain.md §6).  In easy read, beside a lock. */
  if (kv_form_get_kind (form) == KV_FORM_KIND_EXPERIENCE)
    {
      GtkWidget *label = wrapped_label (easy_read ? C_("easy read", "Your keyworker will not see these answers.")
                                                  : _("Private: your keyworker will not see these answers, and nobody can read them on this tablet."));

      gtk_widget_add_css_class (label, "kiosk-private");
      if (easy_read)
        {
          GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
          GtkWidget *lock = g_object_new (GTK_TYPE_IMAGE,
                                          "icon-name", "kv-private-lock",
                                          "pixel-size", 48,
                                          "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                          NULL);

          gtk_widget_set_hexpand (label, TRUE);
          gtk_box_append (GTK_BOX (line), lock);
          gtk_box_append (GTK_BOX (line), label);
          gtk_box_append (GTK_BOX (box), line);
        }
      else
        gtk_box_append (GTK_BOX (box), label);
    }

  return box;
}

/* The list, the title and the easy-read lines, for the choice as it is. */
static void
update_easy_read (KioskScreen *page)
{
  KioskFormsPage *self = KIOSK_FORMS_PAGE (page);
  gboolean easy = kiosk_screen_get_easy_read (page);
  guint n = self->forms->len;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_box_remove (GTK_BOX (self->list), child);
  for (guint i = 0; i < n; i++)
    gtk_box_append (GTK_BOX (self->list), form_row (g_ptr_array_index (self->forms, i), easy, i + 1));
  gtk_widget_set_visible (self->list, n > 0);

  if (n == 0)
    gtk_label_set_label (GTK_LABEL (self->title),
                         easy ? C_("easy read", "There is nothing to answer today.")
                              : _("There is nothing for you to answer today. Thank you for stopping by."));
  else
    gtk_label_set_label (GTK_LABEL (self->title),
                         easy ? C_("easy read", "Today we will ask you about:")
                              : _("Today we would like to ask you about"));

  gtk_widget_set_visible (self->easy_start, n > 0);
  gtk_widget_set_visible (self->easy_done, n == 0);
  /* The easy-read lines have no standard counterpart: the list and the
   * title above are worded for both. */
  gtk_widget_set_visible (self->easy, easy);
  if (easy)
    gtk_widget_add_css_class (GTK_WIDGET (self), "kiosk-easy-read");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "kiosk-easy-read");
}

static void
kiosk_forms_page_finalize (GObject *object)
{
  KioskFormsPage *self = KIOSK_FORMS_PAGE (object);

  g_clear_pointer (&self->forms, g_ptr_array_unref);

  G_OBJECT_CLASS (kiosk_forms_page_parent_class)->finalize (object);
}

static void
kiosk_forms_page_class_init (KioskFormsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = kiosk_forms_page_finalize;
  KIOSK_SCREEN_CLASS (klass)->update_easy_read = update_easy_read;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/keyvoice/Kiosk/kiosk-forms-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskFormsPage, title);
  gtk_widget_class_bind_template_child (widget_class, KioskFormsPage, list);
  gtk_widget_class_bind_template_child (widget_class, KioskFormsPage, note);
  gtk_widget_class_bind_template_child (widget_class, KioskFormsPage, easy);
  gtk_widget_class_bind_template_child (widget_class, KioskFormsPage, easy_start);
  gtk_widget_class_bind_template_child (widget_class, KioskFormsPage, easy_done);
}

static void
kiosk_forms_page_init (KioskFormsPage *self)
{
  self->forms = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_form_unref);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kiosk_forms_page_new (KioskSession *session,
                      const char   *note)
{
  KioskFormsPage *self;
  guint n;

  g_return_val_if_fail (KIOSK_IS_SESSION (session), NULL);

  self = g_object_new (KIOSK_TYPE_FORMS_PAGE, NULL);
  n = kiosk_session_get_n_forms (session);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->forms, kv_form_ref (kiosk_session_get_form (session, i)));

  /* The session's choice until the window says otherwise. */
  update_easy_read (KIOSK_SCREEN (self));
  kiosk_screen_set_easy_read (KIOSK_SCREEN (self), kiosk_session_get_easy_read (session));

  if (note != NULL)
    {
      gtk_label_set_label (GTK_LABEL (self->note), note);
      gtk_widget_set_visible (self->note, TRUE);
    }

  return GTK_WIDGET (self);
}
