/* kiosk-setup-page.c — a new tablet's first start.
 *
 * The journey shows this page instead of "choose a PIN" on a tablet with
 * neither a PIN nor an enrolment (kiosk-journey-setup.c): enrolling needs
 * the service's one-time enrolment code, so whoever opens staff mode on a
 * new tablet cannot choose its PIN without one.  The kiosk's own keyboard
 * types into whichever of the two fields was last touched or reached by
 * Tab, since a new tablet may have no other.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiosk-setup-page.h"
#include "kiosk-text-keyboard.h"

struct _KioskSetupPage
{
  AdwBin     parent_instance;

  GtkWidget *title;
  GtkWidget *lead;
  GtkWidget *url_entry;
  GtkWidget *code_entry;
  GtkWidget *keyboard;
  GtkWidget *message;
};

G_DEFINE_FINAL_TYPE (KioskSetupPage, kiosk_setup_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CAN_SUBMIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
blank (GtkWidget *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  return *text == '\0';
}

static void
changed_cb (KioskSetupPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_SUBMIT]);
}

static void
activate_cb (KioskSetupPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "kiosk.next", NULL);
}

/* The keyboard types where the focus went last. */
static void
field_entered_cb (GtkEventControllerFocus *focus,
                  KioskSetupPage          *self)
{
  kiosk_text_keyboard_set_target (KIOSK_TEXT_KEYBOARD (self->keyboard),
                                  gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (focus)));
}

static void
follow_focus (KioskSetupPage *self,
              GtkWidget      *entry)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect (focus, "enter", G_CALLBACK (field_entered_cb), self);
  gtk_widget_add_controller (entry, focus);
}

static void
kiosk_setup_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_CAN_SUBMIT:
      g_value_set_boolean (value, kiosk_setup_page_can_submit (KIOSK_SETUP_PAGE (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_setup_page_class_init (KioskSetupPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kiosk_setup_page_get_property;

  properties[PROP_CAN_SUBMIT] =
    g_param_spec_boolean ("can-submit", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KIOSK_TYPE_TEXT_KEYBOARD);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/keyvoice/Kiosk/kiosk-setup-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskSetupPage, title);
  gtk_widget_class_bind_template_child (widget_class, KioskSetupPage, lead);
  gtk_widget_class_bind_template_child (widget_class, KioskSetupPage, url_entry);
  gtk_widget_class_bind_template_child (widget_class, KioskSetupPage, code_entry);
  gtk_widget_class_bind_template_child (widget_class, KioskSetupPage, keyboard);
  gtk_widget_class_bind_template_child (widget_class, KioskSetupPage, message);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
}

static void
kiosk_setup_page_init (KioskSetupPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  follow_focus (self, self->url_entry);
  follow_focus (self, self->code_entry);
}

GtkWidget *
kiosk_setup_page_new (const char *url)
{
  KioskSetupPage *self = g_object_new (KIOSK_TYPE_SETUP_PAGE, NULL);

  if (url != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->url_entry), url);
  return GTK_WIDGET (self);
}

const char *
kiosk_setup_page_get_url (KioskSetupPage *self)
{
  g_return_val_if_fail (KIOSK_IS_SETUP_PAGE (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->url_entry));
}

const char *
kiosk_setup_page_get_code (KioskSetupPage *self)
{
  g_return_val_if_fail (KIOSK_IS_SETUP_PAGE (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->code_entry));
}

gboolean
kiosk_setup_page_can_submit (KioskSetupPage *self)
{
  g_return_val_if_fail (KIOSK_IS_SETUP_PAGE (self), FALSE);
  return !blank (self->url_entry) && !blank (self->code_entry);
}

void
kiosk_setup_page_set_message (KioskSetupPage *self,
                              const char     *message)
{
  g_return_if_fail (KIOSK_IS_SETUP_PAGE (self));

  gtk_label_set_label (GTK_LABEL (self->message), message != NULL ? message : "");
  gtk_widget_set_visible (self->message, message != NULL);
}

void
kiosk_setup_page_set_busy (KioskSetupPage *self,
                           gboolean        busy)
{
  g_return_if_fail (KIOSK_IS_SETUP_PAGE (self));

  gtk_widget_set_sensitive (self->url_entry, !busy);
  gtk_widget_set_sensitive (self->code_entry, !busy);
  gtk_widget_set_sensitive (self->keyboard, !busy);
}

void
kiosk_setup_page_set_again (KioskSetupPage *self,
                            gboolean        again)
{
  g_return_if_fail (KIOSK_IS_SETUP_PAGE (self));

  /* The template has the first start's words. */
  if (!again)
    return;
  gtk_label_set_label (GTK_LABEL (self->title), _("Enrol this tablet again"));
  gtk_label_set_label (GTK_LABEL (self->lead),
                       _("Type the service’s address and a new enrolment code from it. The staff PIN stays as it is, and answers waiting to be sent stay on this tablet."));
}
