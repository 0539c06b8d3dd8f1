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
  AdwBin        parent_instance;

  GtkWidget    *title;
  GtkWidget    *form_title;
  GtkWidget    *body;
  GtkWidget    *choice;

  KvForm       *form;
  gboolean      has_code;
  gboolean      easy_read;
};

enum {
  PROP_0,
  PROP_EASY_READ,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KioskDeclinePage, kiosk_decline_page, ADW_TYPE_BIN)

static void
update_words (KioskDeclinePage *self)
{
  g_autofree char *body = NULL;
  const char *asked;

  gtk_label_set_label (GTK_LABEL (self->title),
                       self->easy_read ? C_("easy read", "Do you want to stop?")
                                       : _("Stop answering these questions?"));
  if (self->form != NULL)
    gtk_label_set_label (GTK_LABEL (self->form_title),
                         g_dgettext (GETTEXT_PACKAGE, kv_form_get_title (self->form, self->easy_read)));

  if (self->easy_read)
    asked = self->has_code ? C_("easy read", "We will not ask you again this month.") : "";
  else
    asked = self->has_code ? _("We will not ask you about this again this month.") : "";
  body = g_strdup_printf ("%s %s",
                          self->easy_read
                          ? C_("easy read", "That is OK. We will not send your answers to these questions.")
                          : _("That is fine. If you stop, none of your answers to these questions will be sent. Your other answers are kept."),
                          asked);
  gtk_label_set_label (GTK_LABEL (self->body), g_strstrip (body));

  gtk_label_set_label (GTK_LABEL (self->choice),
                       self->easy_read
                       ? C_("easy read", "Press “Go back” to keep answering. Press “Yes, stop” if you do not want to answer.")
                       : _("Choose “Go back to the questions” to carry on, or “Yes, I’d rather not” to stop."));
}

gboolean
kiosk_decline_page_get_easy_read (KioskDeclinePage *self)
{
  g_return_val_if_fail (KIOSK_IS_DECLINE_PAGE (self), FALSE);
  return self->easy_read;
}

void
kiosk_decline_page_set_easy_read (KioskDeclinePage *self,
                                  gboolean          easy_read)
{
  g_return_if_fail (KIOSK_IS_DECLINE_PAGE (self));

  easy_read = !!easy_read;
  if (self->easy_read == easy_read)
    return;
  self->easy_read = easy_read;
  update_words (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EASY_READ]);
}

static void
kiosk_decline_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  KioskDeclinePage *self = KIOSK_DECLINE_PAGE (object);

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
kiosk_decline_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  KioskDeclinePage *self = KIOSK_DECLINE_PAGE (object);

  switch (prop_id)
    {
    case PROP_EASY_READ:
      kiosk_decline_page_set_easy_read (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
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

  object_class->get_property = kiosk_decline_page_get_property;
  object_class->set_property = kiosk_decline_page_set_property;
  object_class->finalize = kiosk_decline_page_finalize;

  properties[PROP_EASY_READ] =
    g_param_spec_boolean ("easy-read", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

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
