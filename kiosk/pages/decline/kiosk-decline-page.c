/* kiosk-decline-page.c — "Do you want to stop answering these?"
 *
 * Says, before anything is dropped, what stopping means: none of these
 * answers is sent, the other parts are kept, and (for a child with a code)
 * the service notes that the family was asked this month and will not ask
 * again.  See kiosk-decline-page.h.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiosk-decline-page.h"

struct _KioskDeclinePage
{
  KioskScreen   parent_instance;

  GtkWidget    *title;
  GtkWidget    *form_title;
  GtkWidget    *body;
  GtkWidget    *choice;

  KvForm       *form;
  gboolean      has_code;
};

G_DEFINE_FINAL_TYPE (KioskDeclinePage, kiosk_decline_page, KIOSK_TYPE_SCREEN)

static void
update_words (KioskDeclinePage *self)
{
  g_autofree char *body = NULL;
  const char *asked;

  gtk_label_set_label (GTK_LABEL (self->title),
                       kiosk_screen_get_easy_read (KIOSK_SCREEN (self)) ? C_("easy read", "Do you want to stop?")
                                       : _("Stop answering these questions?"));
  if (self->form != NULL)
    gtk_label_set_label (GTK_LABEL (self->form_title),
                         g_dgettext (GETTEXT_PACKAGE, kv_form_get_title (self->form, kiosk_screen_get_easy_read (KIOSK_SCREEN (self)))));

  if (kiosk_screen_get_easy_read (KIOSK_SCREEN (self)))
    asked = self->has_code ? C_("easy read", "We will not ask you again this month.") : "";
  else
    asked = self->has_code ? _("We will not ask you about this again this month.") : "";
  body = g_strdup_printf ("%s %s",
                          kiosk_screen_get_easy_read (KIOSK_SCREEN (self))
                          ? C_("easy read", "That is OK. We will not send your answers to these questions.")
                          : _("That is fine. If you stop, none of your answers to these questions will be sent. Your other answers are kept."),
                          asked);
  gtk_label_set_label (GTK_LABEL (self->body), g_strstrip (body));

  gtk_label_set_label (GTK_LABEL (self->choice),
                       kiosk_screen_get_easy_read (KIOSK_SCREEN (self))
                       ? C_("easy read", "Press “Go back” to keep answering. Press “Yes, stop” if you do not want to answer.")
                       : _("Choose “Go back to the questions” to carry on, or “Yes, I’d rather not” to stop."));
}

static void
update_easy_read (KioskScreen *page)
{
  update_words (KIOSK_DECLINE_PAGE (page));
}

static void
kiosk_decline_page_finalize (GObject *object)
{
  KioskDeclinePage *self = KIOSK_DECLINE_PAGE (object);

  g_clear_pointer (&self->form, kv_form_unref);

  G_OBJECT_CLASS (kiosk_decline_page_parent_class)->finalize (object);
}

static void
kiosk_decline_page_class_init (KioskDeclinePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = kiosk_decline_page_finalize;
  KIOSK_SCREEN_CLASS (klass)->update_easy_read = update_easy_read;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/keyvoice/Kiosk/kiosk-decline-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskDeclinePage, title);
  gtk_widget_class_bind_template_child (widget_class, KioskDeclinePage, form_title);
  gtk_widget_class_bind_template_child (widget_class, KioskDeclinePage, body);
  gtk_widget_class_bind_template_child (widget_class, KioskDeclinePage, choice);
}

static void
kiosk_decline_page_init (KioskDeclinePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kiosk_decline_page_new (KioskSession *session,
                        guint         form)
{
  KioskDeclinePage *self;

  g_return_val_if_fail (KIOSK_IS_SESSION (session), NULL);
  g_return_val_if_fail (form < kiosk_session_get_n_forms (session), NULL);

  self = g_object_new (KIOSK_TYPE_DECLINE_PAGE, NULL);
  self->form = kv_form_ref (kiosk_session_get_form (session, form));
  /* Without a code there is no child to note "asked" against. */
  self->has_code = kiosk_session_get_code (session) != NULL;
  update_words (self);

  return GTK_WIDGET (self);
}
