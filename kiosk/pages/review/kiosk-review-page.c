/* kiosk-review-page.c — a short look back before Send.
 *
 * Each form with how many of its questions were answered, not the answers
 * themselves: the tablet may be looked at over someone's shoulder, and
 * independent feedback in particular must never be shown back.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiosk-goal-summary.h"
#include "kiosk-review-page.h"

struct _KioskReviewPage
{
  AdwBin     parent_instance;

  GtkWidget *list;
  GtkWidget *message;
};

G_DEFINE_FINAL_TYPE (KioskReviewPage, kiosk_review_page, ADW_TYPE_BIN)

static void
kiosk_review_page_class_init (KioskReviewPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/keyvoice/Kiosk/kiosk-review-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskReviewPage, list);
  gtk_widget_class_bind_template_child (widget_class, KioskReviewPage, message);
}

static void
kiosk_review_page_init (KioskReviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static GtkWidget *
form_row (KioskSession *session,
          guint         index)
{
  KvForm *form = kiosk_session_get_form (session, index);
  gboolean easy_read = kiosk_session_get_easy_read (session);
  GtkWidget *box = g_object_new (GTK_TYPE_BOX,
                                 "orientation", GTK_ORIENTATION_VERTICAL,
                                 "spacing", 4,
                                 "accessible-role", GTK_ACCESSIBLE_ROLE_LIST_ITEM,
                                 NULL);
  GtkWidget *title = gtk_label_new (g_dgettext (GETTEXT_PACKAGE,
                                                kv_form_get_title (form, easy_read)));
  GtkWidget *status;
  g_autofree char *text = NULL;

  gtk_widget_add_css_class (box, "kiosk-card");
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "kiosk-card-title");
  gtk_box_append (GTK_BOX (box), title);

  if (kiosk_session_is_declined (session, index))
    text = g_strdup (_("You chose not to answer these. That is fine."));
  else
    {
      guint answered, shown;

      kiosk_session_count_answers (session, index, &answered, &shown);
      /* TRANSLATORS: "5 of 7 questions answered" */
      text = g_strdup_printf (ngettext ("%u of %u question answered",
                                        "%u of %u questions answered", shown),
                              answered, shown);
      if (kv_form_get_kind (form) == KV_FORM_KIND_EXPERIENCE)
        {
          g_autofree char *plain = g_steal_pointer (&text);
          text = g_strdup_printf ("%s\n%s", plain,
                                  _("These answers are locked when you press Send. Your keyworker will not see them."));
        }
    }

  status = gtk_label_new (text);
  gtk_label_set_wrap (GTK_LABEL (status), TRUE);
  gtk_label_set_xalign (GTK_LABEL (status), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (status), 50);
  gtk_box_append (GTK_BOX (box), status);

  /* Goals are the keyworker's and the family's together: the one form
   * whose answers the review shows, for a last look before Send. */
  if (kv_form_get_kind (form) == KV_FORM_KIND_GAS_GOALS)
    {
      g_autoptr(JsonNode) answers = kiosk_session_dup_answers (session, index);
      JsonNode *goals = answers != NULL && JSON_NODE_HOLDS_OBJECT (answers)
                        ? json_object_get_member (json_node_get_object (answers), "goals") : NULL;

      gtk_box_append (GTK_BOX (box), kiosk_goal_summary_new (goals));
    }

  return box;
}

GtkWidget *
kiosk_review_page_new (KioskSession *session)
{
  KioskReviewPage *self;

  g_return_val_if_fail (KIOSK_IS_SESSION (session), NULL);

  self = g_object_new (KIOSK_TYPE_REVIEW_PAGE, NULL);
  for (guint i = 0; i < kiosk_session_get_n_forms (session); i++)
    gtk_box_append (GTK_BOX (self->list), form_row (session, i));

  return GTK_WIDGET (self);
}

void
kiosk_review_page_set_message (KioskReviewPage *self,
                               const char      *message)
{
  g_return_if_fail (KIOSK_IS_REVIEW_PAGE (self));

  gtk_label_set_label (GTK_LABEL (self->message), message != NULL ? message : "");
  gtk_widget_set_visible (self->message, message != NULL);
}
