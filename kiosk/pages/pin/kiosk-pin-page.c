/* kiosk-pin-page.c — the staff PIN, checked or chosen.
 *
 * The PIN is kept by the store as a libsodium password hash, and hashing
 * is slow on purpose, so checking and saving run on a worker thread while
 * the page waits.  After five wrong PINs in a row the page refuses to
 * check for a while, which makes guessing at the tablet impractical.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kiosk-keypad.h"
#include "kiosk-pin-page.h"

#define MIN_DIGITS 4
#define MAX_DIGITS 12
#define MAX_FAILURES 5
#define LOCKOUT_SECONDS 60

typedef enum
{
  MODE_CHECK,
  MODE_CHOOSE,
  MODE_CONFIRM,
} Mode;

struct _KioskPinPage
{
  AdwBin        parent_instance;

  GtkWidget    *title;
  GtkWidget    *dots;
  GtkWidget    *message;
  GtkWidget    *keypad;

  KioskStore   *store;
  GCancellable *cancellable;
  Mode          mode;
  char          pin[MAX_DIGITS + 1];
  char          first[MAX_DIGITS + 1];
  gboolean      busy;
};

G_DEFINE_FINAL_TYPE (KioskPinPage, kiosk_pin_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CAN_SUBMIT,
  N_PROPS
};

enum {
  DONE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Shared by every PIN page, so cancelling and coming back does not reset
 * the count. */
static guint n_failures;
static gint64 locked_until;

static void
update (KioskPinPage *self)
{
  g_autoptr(GString) dots = g_string_new (NULL);
  gsize len = strlen (self->pin);

  for (gsize i = 0; i < len; i++)
    g_string_append (dots, i > 0 ? " ●" : "●");
  if (len == 0)
    g_string_append (dots, "–");
  gtk_label_set_label (GTK_LABEL (self->dots), dots->str);

  switch (self->mode)
    {
    case MODE_CHECK:
      gtk_label_set_label (GTK_LABEL (self->title), _("Staff PIN"));
      break;
    case MODE_CHOOSE:
      gtk_label_set_label (GTK_LABEL (self->title), _("Choose a staff PIN (at least 4 digits)"));
      break;
    case MODE_CONFIRM:
      gtk_label_set_label (GTK_LABEL (self->title), _("Type the new PIN again"));
      break;
    default:
      g_assert_not_reached ();
    }

  gtk_widget_set_sensitive (self->keypad, !self->busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_SUBMIT]);
}

static void
set_message (KioskPinPage *self,
             const char   *message)
{
  gtk_label_set_label (GTK_LABEL (self->message), message != NULL ? message : "");
  if (message != NULL)
    gtk_widget_add_css_class (self->message, "kiosk-message");
  else
    gtk_widget_remove_css_class (self->message, "kiosk-message");
}

static void
clear_pin (KioskPinPage *self)
{
  memset (self->pin, 0, sizeof self->pin);
}

static void
key_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  KioskPinPage *self = KIOSK_PIN_PAGE (widget);
  const char *key = g_variant_get_string (parameter, NULL);
  gsize len = strlen (self->pin);

  if (self->busy || len >= MAX_DIGITS || !g_ascii_isdigit (key[0]) || key[1] != '\0')
    return;

  self->pin[len] = key[0];
  set_message (self, NULL);
  update (self);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KioskPinPage *self = KIOSK_PIN_PAGE (widget);
  gsize len = strlen (self->pin);

  if (self->busy || len == 0)
    return;
  self->pin[len - 1] = '\0';
  update (self);
}

static gboolean
key_pressed_cb (KioskPinPage    *self,
                guint            keyval,
                guint            keycode,
                GdkModifierType  state)
{
  gunichar c = gdk_keyval_to_unicode (keyval);

  if (keyval == GDK_KEY_BackSpace)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "kiosk.delete", NULL);
      return TRUE;
    }
  if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter)
    return gtk_widget_activate_action (GTK_WIDGET (self), "kiosk.next", NULL);
  if (c < 128 && g_ascii_isdigit ((char) c) && !(state & (GDK_CONTROL_MASK | GDK_ALT_MASK)))
    {
      char key[2] = { (char) c, '\0' };

      gtk_widget_activate_action (GTK_WIDGET (self), "kiosk.key", "s", key);
      return TRUE;
    }
  return FALSE;
}

typedef struct
{
  KioskStore *store;
  char       *pin;
  gboolean    check;
} PinJob;

static void
pin_job_free (PinJob *job)
{
  memset (job->pin, 0, strlen (job->pin));
  g_free (job->pin);
  g_clear_object (&job->store);
  g_free (job);
}

/* Runs on a worker thread: password hashing takes a noticeable moment.
 * The job carries its own reference to the store, so the page may go
 * away (the kiosk clearing itself) while the hash is worked out. */
static void
pin_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  PinJob *job = task_data;
  GError *error = NULL;

  if (job->check)
    g_task_return_boolean (task, kiosk_store_check_staff_pin (job->store, job->pin));
  else if (kiosk_store_set_staff_pin (job->store, job->pin, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
pin_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  KioskPinPage *self;
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  /* The page went while the hash was worked out, and its dispose
   * cancelled the check: @user_data is gone, and nobody is waiting. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = KIOSK_PIN_PAGE (user_data);

  self->busy = FALSE;
  clear_pin (self);

  if (ok)
    {
      n_failures = 0;
      update (self);
      g_signal_emit (self, signals[DONE], 0);
      return;
    }

  if (self->mode == MODE_CHECK)
    {
      if (++n_failures >= MAX_FAILURES)
        {
          locked_until = g_get_monotonic_time () + LOCKOUT_SECONDS * G_USEC_PER_SEC;
          n_failures = 0;
        }
      set_message (self, _("That PIN is not right. Please try again."));
    }
  else
    {
      /* The store's message is written for staff and carries no secret. */
      set_message (self, error != NULL ? error->message : _("The PIN could not be saved."));
      self->mode = MODE_CHOOSE;
    }
  update (self);
}

static void
kiosk_pin_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_CAN_SUBMIT:
      g_value_set_boolean (value, kiosk_pin_page_can_submit (KIOSK_PIN_PAGE (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_pin_page_dispose (GObject *object)
{
  KioskPinPage *self = KIOSK_PIN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kiosk_pin_page_parent_class)->dispose (object);
}

static void
kiosk_pin_page_finalize (GObject *object)
{
  KioskPinPage *self = KIOSK_PIN_PAGE (object);

  memset (self->pin, 0, sizeof self->pin);
  memset (self->first, 0, sizeof self->first);

  G_OBJECT_CLASS (kiosk_pin_page_parent_class)->finalize (object);
}

static void
kiosk_pin_page_class_init (KioskPinPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kiosk_pin_page_get_property;
  object_class->dispose = kiosk_pin_page_dispose;
  object_class->finalize = kiosk_pin_page_finalize;

  properties[PROP_CAN_SUBMIT] =
    g_param_spec_boolean ("can-submit", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (KIOSK_TYPE_KEYPAD);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/keyvoice/Kiosk/kiosk-pin-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskPinPage, title);
  gtk_widget_class_bind_template_child (widget_class, KioskPinPage, dots);
  gtk_widget_class_bind_template_child (widget_class, KioskPinPage, message);
  gtk_widget_class_bind_template_child (widget_class, KioskPinPage, keypad);

  gtk_widget_class_install_action (widget_class, "kiosk.key", "s", key_action);
  gtk_widget_class_install_action (widget_class, "kiosk.delete", NULL, delete_action);
}

static void
kiosk_pin_page_init (KioskPinPage *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  keys = gtk_event_controller_key_new ();
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

GtkWidget *
kiosk_pin_page_new (KioskStore *store,
                    gboolean    choose)
{
  KioskPinPage *self;

  g_return_val_if_fail (KIOSK_IS_STORE (store), NULL);

  self = g_object_new (KIOSK_TYPE_PIN_PAGE, NULL);
  self->store = g_object_ref (store);
  self->mode = (choose || !kiosk_store_has_staff_pin (store)) ? MODE_CHOOSE : MODE_CHECK;
  update (self);

  return GTK_WIDGET (self);
}

gboolean
kiosk_pin_page_can_submit (KioskPinPage *self)
{
  g_return_val_if_fail (KIOSK_IS_PIN_PAGE (self), FALSE);
  return !self->busy && strlen (self->pin) >= MIN_DIGITS;
}

void
kiosk_pin_page_submit (KioskPinPage *self)
{
  g_autoptr(GTask) task = NULL;
  PinJob *job;

  g_return_if_fail (KIOSK_IS_PIN_PAGE (self));

  if (!kiosk_pin_page_can_submit (self))
    return;

  if (self->mode == MODE_CHECK && g_get_monotonic_time () < locked_until)
    {
      clear_pin (self);
      set_message (self, _("Too many wrong PINs. Please wait a minute and try again."));
      update (self);
      return;
    }

  if (self->mode == MODE_CHOOSE)
    {
      memcpy (self->first, self->pin, sizeof self->first);
      clear_pin (self);
      self->mode = MODE_CONFIRM;
      set_message (self, NULL);
      update (self);
      return;
    }

  if (self->mode == MODE_CONFIRM && strcmp (self->first, self->pin) != 0)
    {
      memset (self->first, 0, sizeof self->first);
      clear_pin (self);
      self->mode = MODE_CHOOSE;
      set_message (self, _("The two PINs were different. Please choose a PIN again."));
      update (self);
      return;
    }

  self->busy = TRUE;
  set_message (self, NULL);
  update (self);

  job = g_new0 (PinJob, 1);
  job->store = g_object_ref (self->store);
  job->pin = g_strdup (self->pin);
  job->check = self->mode == MODE_CHECK;

  /* The task must not keep the page: a page taken off the screen (staff
   * pressed Cancel, or the kiosk cleared itself) is disposed at once, which
   * cancels the check, rather than living on to say "done" to a window
   * that has moved on or gone. */
  task = g_task_new (NULL, self->cancellable, pin_done_cb, self);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_set_task_data (task, job, (GDestroyNotify) pin_job_free);
  g_task_run_in_thread (task, pin_thread);
}
