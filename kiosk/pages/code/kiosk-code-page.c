/* kiosk-code-page.c — the family's code on a large on-screen keypad.
 *
 * The keypad holds exactly the characters a code can contain (no 0, O, 1
 * or I: kv-child-code.h), digits on a row of their own.  A physical
 * keyboard works as well: letters and digits type wherever the focus is
 * on the page, Backspace deletes, Enter is Next.  The page only collects
 * characters; checking the code is the window's job at Next, so the kind
 * message about a typo appears only when the family says they are done.
 *
 * Nothing moves while a family types: the message has its place kept for
 * it (the .ui), so showing or clearing it never shifts the keys.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kv-child-code.h"
#include "kiosk-code-page.h"
#include "kiosk-keypad.h"

struct _KioskCodePage
{
  KioskScreen parent_instance;

  GtkWidget *easy_picture;
  GtkWidget *title;
  GtkWidget *hint;
  GtkWidget *code_label;
  GtkWidget *delete_button;
  GtkWidget *message;
  GtkWidget *keypad;
  GtkWidget *no_code_button;

  char       code[KV_CHILD_CODE_LENGTH + 1];
  gboolean   busy;
  gboolean   for_staff;
  gboolean   has_message;
};

G_DEFINE_FINAL_TYPE (KioskCodePage, kiosk_code_page, KIOSK_TYPE_SCREEN)

enum {
  PROP_0,
  PROP_CODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* "K7Q3MX" → "K7Q3 – MX _ _": typed characters in two groups of four, the
 * rest as blanks, so the family sees how much is left to type. */
static void
update_display (KioskCodePage *self)
{
  GString *text = g_string_new (NULL);
  gsize len = strlen (self->code);

  for (gsize i = 0; i < KV_CHILD_CODE_LENGTH; i++)
    {
      if (i == KV_CHILD_CODE_LENGTH / 2)
        g_string_append (text, " – ");
      else if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append_c (text, i < len ? self->code[i] : '_');
    }

  gtk_label_set_label (GTK_LABEL (self->code_label), text->str);
  g_string_free (text, TRUE);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "kiosk.delete", len > 0 && !self->busy);
}

static void
type_character (KioskCodePage *self,
                char           c)
{
  gsize len = strlen (self->code);

  c = g_ascii_toupper (c);
  if (self->busy || len >= KV_CHILD_CODE_LENGTH || !kv_child_code_is_code_character (c))
    return;

  self->code[len] = c;
  self->code[len + 1] = '\0';
  kiosk_code_page_set_message (self, NULL);
  update_display (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODE]);
}

static void
delete_character (KioskCodePage *self)
{
  gsize len = strlen (self->code);

  if (self->busy || len == 0)
    return;

  self->code[len - 1] = '\0';
  kiosk_code_page_set_message (self, NULL);
  update_display (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODE]);
}

static void
key_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  const char *key = g_variant_get_string (parameter, NULL);

  if (key[0] != '\0' && key[1] == '\0')
    type_character (KIOSK_CODE_PAGE (widget), key[0]);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  delete_character (KIOSK_CODE_PAGE (widget));
}

/* Whether the keyboard focus is on one of the keypad's keys (or nowhere
 * in particular), where Enter means "done" rather than "press this". */
static gboolean
focus_is_on_keys (KioskCodePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus == NULL
         || focus == GTK_WIDGET (self)
         || gtk_widget_is_ancestor (focus, self->keypad);
}

/* In the capture phase, before the focused button sees the key: a letter
 * typed while the focus is on a key of the keypad types that letter, not
 * the focused key. */
static gboolean
key_pressed_cb (KioskCodePage   *self,
                guint            keyval,
                guint            keycode,
                GdkModifierType  state,
                GtkEventControllerKey *controller)
{
  gunichar c;

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;

  if (keyval == GDK_KEY_BackSpace)
    {
      delete_character (self);
      return TRUE;
    }

  /* Enter is Next, for a keyboard or a switch that sends it; on Delete or
   * "I don't have a code" it presses that button, as anywhere else. */
  if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter)
    {
      if (!focus_is_on_keys (self))
        return FALSE;
      if (kiosk_code_page_is_complete (self) && !self->busy)
        gtk_widget_activate_action (GTK_WIDGET (self), "kiosk.next", NULL);
      return TRUE;
    }

  c = gdk_keyval_to_unicode (keyval);
  if (c < 128 && g_ascii_isalnum ((char) c))
    {
      type_character (self, (char) c);
      return TRUE;
    }

  return FALSE;
}

/* Easy read: a picture of the card beside two short lines.  The blanks
 * of the code already show how many characters there are. */
static void
update_easy_read (KioskScreen *page)
{
  KioskCodePage *self = KIOSK_CODE_PAGE (page);
  gboolean easy = kiosk_screen_get_easy_read (page) && !self->for_staff;
  float xalign = easy ? 0.0f : 0.5f;

  gtk_widget_set_visible (self->easy_picture, easy);
  if (self->for_staff)
    {
      gtk_label_set_label (GTK_LABEL (self->title), _("Type the child’s code"));
      gtk_label_set_label (GTK_LABEL (self->hint),
                           _("It is on the family’s card: 8 letters and numbers."));
    }
  else if (easy)
    {
      gtk_label_set_label (GTK_LABEL (self->title), C_("easy read", "Type your code."));
      gtk_label_set_label (GTK_LABEL (self->hint), C_("easy read", "It is on your card."));
    }
  else
    {
      gtk_label_set_label (GTK_LABEL (self->title), _("Type the code from your card"));
      gtk_label_set_label (GTK_LABEL (self->hint), _("It has 8 letters and numbers."));
    }
  gtk_label_set_xalign (GTK_LABEL (self->title), xalign);
  gtk_label_set_xalign (GTK_LABEL (self->hint), xalign);
  gtk_label_set_justify (GTK_LABEL (self->title), easy ? GTK_JUSTIFY_LEFT : GTK_JUSTIFY_CENTER);
  gtk_label_set_justify (GTK_LABEL (self->hint), easy ? GTK_JUSTIFY_LEFT : GTK_JUSTIFY_CENTER);

  if (easy)
    gtk_widget_add_css_class (GTK_WIDGET (self), "kiosk-easy-read");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "kiosk-easy-read");
}

static void
kiosk_code_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KioskCodePage *self = KIOSK_CODE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_code_page_finalize (GObject *object)
{
  KioskCodePage *self = KIOSK_CODE_PAGE (object);

  /* The code identifies a child: leave nothing of it in freed memory. */
  memset (self->code, 0, sizeof self->code);

  G_OBJECT_CLASS (kiosk_code_page_parent_class)->finalize (object);
}

static void
kiosk_code_page_class_init (KioskCodePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kiosk_code_page_get_property;
  object_class->finalize = kiosk_code_page_finalize;
  KIOSK_SCREEN_CLASS (klass)->update_easy_read = update_easy_read;

  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KIOSK_TYPE_KEYPAD);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/keyvoice/Kiosk/kiosk-code-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskCodePage, easy_picture);
  gtk_widget_class_bind_template_child (widget_class, KioskCodePage, title);
  gtk_widget_class_bind_template_child (widget_class, KioskCodePage, hint);
  gtk_widget_class_bind_template_child (widget_class, KioskCodePage, code_label);
  gtk_widget_class_bind_template_child (widget_class, KioskCodePage, delete_button);
  gtk_widget_class_bind_template_child (widget_class, KioskCodePage, message);
  gtk_widget_class_bind_template_child (widget_class, KioskCodePage, keypad);
  gtk_widget_class_bind_template_child (widget_class, KioskCodePage, no_code_button);

  gtk_widget_class_install_action (widget_class, "kiosk.key", "s", key_action);
  gtk_widget_class_install_action (widget_class, "kiosk.delete", NULL, delete_action);
}

static void
kiosk_code_page_init (KioskCodePage *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Digits first, on a row of their own, then letters, in the order of
   * the code alphabet. */
  {
    static const char alphabet[] = KV_CHILD_CODE_ALPHABET;
    g_autoptr(GString) keys_text = g_string_new (NULL);

    for (gsize i = 0; alphabet[i] != '\0'; i++)
      {
        if (i > 0 && g_ascii_isdigit (alphabet[i - 1]) && !g_ascii_isdigit (alphabet[i]))
          g_string_append_c (keys_text, '\n');
        g_string_append_c (keys_text, alphabet[i]);
      }
    kiosk_keypad_set_keys (KIOSK_KEYPAD (self->keypad), keys_text->str);
  }

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  update_display (self);
}

GtkWidget *
kiosk_code_page_new (gboolean for_staff)
{
  KioskCodePage *self = g_object_new (KIOSK_TYPE_CODE_PAGE, NULL);

  self->for_staff = for_staff;
  if (for_staff)
    {
      update_easy_read (KIOSK_SCREEN (self));
      gtk_widget_set_visible (self->no_code_button, FALSE);
    }

  return GTK_WIDGET (self);
}

const char *
kiosk_code_page_get_code (KioskCodePage *self)
{
  g_return_val_if_fail (KIOSK_IS_CODE_PAGE (self), NULL);
  return self->code;
}

void
kiosk_code_page_set_code (KioskCodePage *self,
                          const char    *code)
{
  g_return_if_fail (KIOSK_IS_CODE_PAGE (self));

  memset (self->code, 0, sizeof self->code);
  for (const char *p = code; p != NULL && *p != '\0'; p++)
    if (kv_child_code_is_code_character (g_ascii_toupper (*p))
        && strlen (self->code) < KV_CHILD_CODE_LENGTH)
      self->code[strlen (self->code)] = g_ascii_toupper (*p);

  update_display (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODE]);
}

gboolean
kiosk_code_page_is_complete (KioskCodePage *self)
{
  g_return_val_if_fail (KIOSK_IS_CODE_PAGE (self), FALSE);
  return strlen (self->code) == KV_CHILD_CODE_LENGTH;
}

void
kiosk_code_page_set_message (KioskCodePage *self,
                             const char    *message)
{
  g_return_if_fail (KIOSK_IS_CODE_PAGE (self));

  /* The label stays where it is, empty when there is nothing to say, so
   * the keys below it never move. */
  self->has_message = message != NULL;
  gtk_label_set_label (GTK_LABEL (self->message), message != NULL ? message : "");
  if (message != NULL)
    gtk_widget_add_css_class (self->message, "kiosk-message");
  else
    gtk_widget_remove_css_class (self->message, "kiosk-message");
}

/* The message shown now, or NULL. */
const char *
kiosk_code_page_get_message (KioskCodePage *self)
{
  g_return_val_if_fail (KIOSK_IS_CODE_PAGE (self), NULL);

  if (!self->has_message)
    return NULL;
  return gtk_label_get_label (GTK_LABEL (self->message));
}

void
kiosk_code_page_set_busy (KioskCodePage *self,
                          gboolean       busy)
{
  g_return_if_fail (KIOSK_IS_CODE_PAGE (self));

  self->busy = busy;
  gtk_widget_set_sensitive (self->keypad, !busy);
  gtk_widget_set_sensitive (self->no_code_button, !busy);
  if (busy)
    kiosk_code_page_set_message (self,
                                 kiosk_screen_get_easy_read (KIOSK_SCREEN (self)) && !self->for_staff
                                 ? C_("easy read", "Please wait a moment.")
                                 : _("Just a moment while we look up your code…"));
  update_display (self);
}

/* Each message fits the two lines kept for it (the .ui), so that no
 * message pushes anything down. */
void
kiosk_code_page_show_notice (KioskCodePage *self,
                             KioskNotice    notice)
{
  gboolean easy;

  g_return_if_fail (KIOSK_IS_CODE_PAGE (self));

  easy = kiosk_screen_get_easy_read (KIOSK_SCREEN (self)) && !self->for_staff;
  switch (notice)
    {
    case KIOSK_NOTICE_NONE:
      kiosk_code_page_set_busy (self, FALSE);
      kiosk_code_page_set_message (self, NULL);
      break;
    case KIOSK_NOTICE_LOOKING_UP:
      kiosk_code_page_set_busy (self, TRUE);
      break;
    case KIOSK_NOTICE_CODE_MALFORMED:
      kiosk_code_page_set_message (self,
                                   easy
                                   ? C_("easy read", "This code is not quite right.\nLook at your card and try again.")
                                   : _("That code does not look quite right. Please check each letter and number against the card and try again."));
      break;
    case KIOSK_NOTICE_CODE_UNKNOWN:
      if (self->for_staff)
        kiosk_code_page_set_message (self, _("The service does not know this code. Please check it against the family’s card."));
      else
        kiosk_code_page_set_message (self,
                                     easy
                                     ? C_("easy read", "We cannot find this code.\nAsk staff, or choose “I don’t have a code”.")
                                     : _("We could not find this code. Check it against your card, ask a member of staff, or choose “I don’t have a code”."));
      break;
    case KIOSK_NOTICE_GOALS_FORM_MISSING:
      kiosk_code_page_set_message (self, _("The goal-setting form is missing from this tablet."));
      break;
    case KIOSK_NOTICE_SAVE_FAILED:
    default:
      break;
    }
}
