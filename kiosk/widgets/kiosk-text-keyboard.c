/* kiosk-text-keyboard.c — the kiosk's own on-screen keyboard for free text.
 *
 * Built once with every key it will ever have; Shift and the numbers
 * layer only relabel the letter keys, so nothing moves under a finger.
 * A key types through the widget action "text-keyboard.type" with what
 * it says now as the parameter.  For the keyboard and switches the keys
 * are one stop in the Tab order, with the arrows moving among them.  Delete removes one character a press
 * and does not repeat while held: a slow or shaky press must not wipe a
 * sentence.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiosk-key-focus.h"
#include "kiosk-text-keyboard.h"

#define N_ROWS       3
#define NATURAL_WIDTH 1000

/* Keys in each letter row, and the half-key column the row starts at. */
static const guint row_keys[N_ROWS] = { 10, 9, 7 };
static const guint row_start[N_ROWS] = { 0, 1, 3 };

struct _KioskTextKeyboard
{
  GtkWidget   parent_instance;

  GtkWidget  *grid;
  GtkWidget  *shift_key;
  GtkWidget  *delete_key;
  GtkWidget  *layer_key;

  GtkWidget  *target;
  GPtrArray  *keys;            /* the letter keys, row by row */
  char      **letters;         /* one string per key, lower case */
  char      **symbols;
  KioskShift  shift;
  gboolean    showing_symbols;
};

G_DEFINE_FINAL_TYPE (KioskTextKeyboard, kiosk_text_keyboard, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TARGET,
  PROP_SHIFT,
  PROP_SYMBOLS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Splits @rows ("abc|def|gh") into one string per character, checking it
 * has the number of keys each row needs; NULL when it does not. */
static char **
split_rows (const char *rows)
{
  g_auto(GStrv) parts = g_strsplit (rows, "|", -1);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

  if (g_strv_length (parts) != N_ROWS)
    return NULL;

  for (guint r = 0; r < N_ROWS; r++)
    {
      if (!g_utf8_validate (parts[r], -1, NULL) || g_utf8_strlen (parts[r], -1) != row_keys[r])
        return NULL;
      for (const char *p = parts[r]; *p != '\0'; p = g_utf8_next_char (p))
        g_ptr_array_add (keys, g_strndup (p, g_utf8_next_char (p) - p));
    }

  g_ptr_array_add (keys, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&keys), FALSE);
}

static void
update_keys (KioskTextKeyboard *self)
{
  gboolean upper = self->shift != KIOSK_SHIFT_OFF;

  for (guint i = 0; i < self->keys->len; i++)
    {
      GtkWidget *key = g_ptr_array_index (self->keys, i);
      g_autofree char *text = NULL;

      if (self->showing_symbols)
        text = g_strdup (self->symbols[i]);
      else
        text = upper ? g_utf8_strup (self->letters[i], -1) : g_strdup (self->letters[i]);

      gtk_button_set_label (GTK_BUTTON (key), text);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (key), "s", text);
    }

  /* There is no case among the symbols: Shift rests, in its place.  Shift
   * on shows as pressed, as a chosen answer does. */
  gtk_widget_set_sensitive (self->shift_key, !self->showing_symbols);
  if (!self->showing_symbols && self->shift != KIOSK_SHIFT_OFF)
    gtk_widget_set_state_flags (self->shift_key, GTK_STATE_FLAG_CHECKED, FALSE);
  else
    gtk_widget_unset_state_flags (self->shift_key, GTK_STATE_FLAG_CHECKED);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->shift_key),
                               GTK_ACCESSIBLE_STATE_PRESSED,
                               !self->showing_symbols && self->shift != KIOSK_SHIFT_OFF,
                               -1);
  gtk_button_set_label (GTK_BUTTON (self->shift_key),
                        self->shift == KIOSK_SHIFT_LOCKED ? _("Caps") : _("Shift"));
  gtk_button_set_label (GTK_BUTTON (self->layer_key),
                        self->showing_symbols ? _("ABC") : _("123"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->layer_key),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->showing_symbols ? _("Letters") : _("Numbers and punctuation"),
                                  -1);
}

static void
set_shift (KioskTextKeyboard *self,
           KioskShift         shift)
{
  if (self->shift == shift)
    return;
  self->shift = shift;
  update_keys (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHIFT]);
}

/* ---- Typing into the target -------------------------------------------- */

static void
insert_text (KioskTextKeyboard *self,
             const char        *text)
{
  if (GTK_IS_TEXT_VIEW (self->target))
    {
      GtkTextView *view = GTK_TEXT_VIEW (self->target);
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
      gboolean editable = gtk_text_view_get_editable (view);

      gtk_text_buffer_begin_user_action (buffer);
      gtk_text_buffer_delete_selection (buffer, TRUE, editable);
      gtk_text_buffer_insert_interactive_at_cursor (buffer, text, -1, editable);
      gtk_text_buffer_end_user_action (buffer);
      gtk_text_view_scroll_mark_onscreen (view, gtk_text_buffer_get_insert (buffer));
    }
  else if (GTK_IS_EDITABLE (self->target))
    {
      GtkEditable *editable = GTK_EDITABLE (self->target);
      int position;

      gtk_editable_delete_selection (editable);
      position = gtk_editable_get_position (editable);
      gtk_editable_insert_text (editable, text, -1, &position);
      gtk_editable_set_position (editable, position);
    }
}

static void
delete_before_cursor (KioskTextKeyboard *self)
{
  if (GTK_IS_TEXT_VIEW (self->target))
    {
      GtkTextView *view = GTK_TEXT_VIEW (self->target);
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
      gboolean editable = gtk_text_view_get_editable (view);
      GtkTextIter cursor;

      if (gtk_text_buffer_delete_selection (buffer, TRUE, editable))
        return;
      gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
      gtk_text_buffer_backspace (buffer, &cursor, TRUE, editable);
    }
  else if (GTK_IS_EDITABLE (self->target))
    {
      GtkEditable *editable = GTK_EDITABLE (self->target);
      int position, start, end;

      if (gtk_editable_get_selection_bounds (editable, &start, &end))
        {
          gtk_editable_delete_text (editable, start, end);
          return;
        }
      position = gtk_editable_get_position (editable);
      if (position > 0)
        gtk_editable_delete_text (editable, position - 1, position);
    }
}

/* Whether the keyboard focus is on one of the keys: someone moving
 * through them with arrows or a switch, who must stay where they are. */
static gboolean
focus_is_on_keys (KioskTextKeyboard *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self));
}

/* The text shows its cursor only while it has the focus; a key touched
 * on the screen gives it back, so the family sees where letters go. */
static void
focus_target (KioskTextKeyboard *self)
{
  if (self->target == NULL || gtk_widget_has_focus (self->target) || focus_is_on_keys (self))
    return;

  if (GTK_IS_EDITABLE (self->target))
    {
      /* An entry selects all its text when it gets the focus; the next
       * key would replace it.  The cursor stays where it was instead. */
      int position = gtk_editable_get_position (GTK_EDITABLE (self->target));

      gtk_widget_grab_focus (self->target);
      gtk_editable_select_region (GTK_EDITABLE (self->target), position, position);
    }
  else
    gtk_widget_grab_focus (self->target);
}

/* ---- Actions ------------------------------------------------------------ */

static void
type_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KioskTextKeyboard *self = KIOSK_TEXT_KEYBOARD (widget);

  if (self->target == NULL)
    return;

  focus_target (self);
  insert_text (self, g_variant_get_string (parameter, NULL));
  if (self->shift == KIOSK_SHIFT_ONCE && !self->showing_symbols)
    set_shift (self, KIOSK_SHIFT_OFF);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KioskTextKeyboard *self = KIOSK_TEXT_KEYBOARD (widget);

  if (self->target == NULL)
    return;

  focus_target (self);
  delete_before_cursor (self);
}

/* Off → the next letter a capital → all capitals → off. */
static void
shift_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KioskTextKeyboard *self = KIOSK_TEXT_KEYBOARD (widget);

  if (self->showing_symbols)
    return;

  focus_target (self);
  switch (self->shift)
    {
    case KIOSK_SHIFT_OFF:
      set_shift (self, KIOSK_SHIFT_ONCE);
      break;
    case KIOSK_SHIFT_ONCE:
      set_shift (self, KIOSK_SHIFT_LOCKED);
      break;
    case KIOSK_SHIFT_LOCKED:
    default:
      set_shift (self, KIOSK_SHIFT_OFF);
      break;
    }
}

static void
layer_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KioskTextKeyboard *self = KIOSK_TEXT_KEYBOARD (widget);

  focus_target (self);
  self->showing_symbols = !self->showing_symbols;
  update_keys (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYMBOLS]);
}

/* ---- Focus: one Tab stop, arrows inside ---------------------------------- */

static gboolean
kiosk_text_keyboard_focus (GtkWidget        *widget,
                           GtkDirectionType  direction)
{
  KioskTextKeyboard *self = KIOSK_TEXT_KEYBOARD (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  gboolean inside = focus != NULL && gtk_widget_is_ancestor (focus, widget);

  if (direction == GTK_DIR_TAB_FORWARD || direction == GTK_DIR_TAB_BACKWARD)
    {
      if (inside)
        return FALSE;
      /* The text comes before its keys.  GTK orders the Tab chain by
       * where widgets are, and a page just built has not been laid out,
       * so the first focus of a new page may try the keys first: it goes
       * to the text, and a stray Space types nothing. */
      if (direction == GTK_DIR_TAB_FORWARD && self->target != NULL && focus != self->target
          && gtk_widget_get_focusable (self->target) && gtk_widget_grab_focus (self->target))
        return TRUE;
      /* In at the first letter. */
      return gtk_widget_grab_focus (g_ptr_array_index (self->keys, 0));
    }

  if (!inside)
    return gtk_widget_grab_focus (g_ptr_array_index (self->keys, 0));
  return kiosk_key_focus_move (widget, focus, direction);
}

/* ---- Layout ------------------------------------------------------------- */

/* As wide as it may be, up to a comfortable reach; never narrower than
 * its keys. */
static void
kiosk_text_keyboard_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  KioskTextKeyboard *self = KIOSK_TEXT_KEYBOARD (widget);

  gtk_widget_measure (self->grid, orientation, for_size, minimum, natural, NULL, NULL);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *natural = MAX (*minimum, NATURAL_WIDTH);
}

static void
kiosk_text_keyboard_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  KioskTextKeyboard *self = KIOSK_TEXT_KEYBOARD (widget);

  gtk_widget_size_allocate (self->grid, &(GtkAllocation) { 0, 0, width, height }, -1);
}

/* ---- GObject ------------------------------------------------------------ */

static void
target_destroyed_cb (gpointer  data,
                     GObject  *where_the_object_was)
{
  KioskTextKeyboard *self = data;

  self->target = NULL;
}

static void
kiosk_text_keyboard_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KioskTextKeyboard *self = KIOSK_TEXT_KEYBOARD (object);

  switch (prop_id)
    {
    case PROP_TARGET:
      g_value_set_object (value, self->target);
      break;
    case PROP_SHIFT:
      g_value_set_int (value, self->shift);
      break;
    case PROP_SYMBOLS:
      g_value_set_boolean (value, self->showing_symbols);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_text_keyboard_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  KioskTextKeyboard *self = KIOSK_TEXT_KEYBOARD (object);

  switch (prop_id)
    {
    case PROP_TARGET:
      kiosk_text_keyboard_set_target (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_text_keyboard_dispose (GObject *object)
{
  KioskTextKeyboard *self = KIOSK_TEXT_KEYBOARD (object);

  kiosk_text_keyboard_set_target (self, NULL);
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), KIOSK_TYPE_TEXT_KEYBOARD);

  G_OBJECT_CLASS (kiosk_text_keyboard_parent_class)->dispose (object);
}

static void
kiosk_text_keyboard_finalize (GObject *object)
{
  KioskTextKeyboard *self = KIOSK_TEXT_KEYBOARD (object);

  g_strfreev (self->letters);
  g_strfreev (self->symbols);

  G_OBJECT_CLASS (kiosk_text_keyboard_parent_class)->finalize (object);
}

static void
kiosk_text_keyboard_class_init (KioskTextKeyboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kiosk_text_keyboard_get_property;
  object_class->set_property = kiosk_text_keyboard_set_property;
  object_class->dispose = kiosk_text_keyboard_dispose;
  object_class->finalize = kiosk_text_keyboard_finalize;

  widget_class->focus = kiosk_text_keyboard_focus;
  widget_class->measure = kiosk_text_keyboard_measure;
  widget_class->size_allocate = kiosk_text_keyboard_size_allocate;

  properties[PROP_TARGET] =
    g_param_spec_object ("target", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHIFT] =
    g_param_spec_int ("shift", NULL, NULL, KIOSK_SHIFT_OFF, KIOSK_SHIFT_LOCKED, KIOSK_SHIFT_OFF,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYMBOLS] =
    g_param_spec_boolean ("symbols", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/keyvoice/Kiosk/kiosk-text-keyboard.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskTextKeyboard, grid);
  gtk_widget_class_bind_template_child (widget_class, KioskTextKeyboard, shift_key);
  gtk_widget_class_bind_template_child (widget_class, KioskTextKeyboard, delete_key);
  gtk_widget_class_bind_template_child (widget_class, KioskTextKeyboard, layer_key);

  gtk_widget_class_install_action (widget_class, "text-keyboard.type", "s", type_action);
  gtk_widget_class_install_action (widget_class, "text-keyboard.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "text-keyboard.shift", NULL, shift_action);
  gtk_widget_class_install_action (widget_class, "text-keyboard.layer", NULL, layer_action);

  gtk_widget_class_set_css_name (widget_class, "textkeyboard");
}

static void
kiosk_text_keyboard_init (KioskTextKeyboard *self)
{
  guint i = 0;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* TRANSLATORS: the letter keys of the on-screen keyboard, in three rows
   * of exactly 10, 9 and 7 keys separated by "|", as on the keyboards
   * sold where the language is spoken.  A wrong count falls back to the
   * English rows. */
  self->letters = split_rows (_("qwertyuiop|asdfghjkl|zxcvbnm"));
  if (self->letters == NULL)
    self->letters = split_rows ("qwertyuiop|asdfghjkl|zxcvbnm");
  /* TRANSLATORS: the same keys on the numbers and punctuation layer, in
   * rows of exactly 10, 9 and 7 separated by "|". */
  self->symbols = split_rows (_("1234567890|-/:;()£&@|!\"+=%*#"));
  if (self->symbols == NULL)
    self->symbols = split_rows ("1234567890|-/:;()£&@|!\"+=%*#");

  self->keys = g_ptr_array_new ();
  for (guint r = 0; r < N_ROWS; r++)
    for (guint k = 0; k < row_keys[r]; k++, i++)
      {
        GtkWidget *key = gtk_button_new ();

        gtk_widget_add_css_class (key, "kiosk-text-key");
        gtk_widget_set_focus_on_click (key, FALSE);
        /* The target first: an action that takes a string must never
         * see a key without one. */
        gtk_actionable_set_action_target (GTK_ACTIONABLE (key), "s", "");
        gtk_actionable_set_action_name (GTK_ACTIONABLE (key), "text-keyboard.type");
        gtk_grid_attach (GTK_GRID (self->grid), key, row_start[r] + 2 * k, r, 2, 1);
        g_ptr_array_add (self->keys, key);
      }

  update_keys (self);
}

GtkWidget *
kiosk_text_keyboard_new (GtkWidget *target)
{
  g_return_val_if_fail (target == NULL || GTK_IS_TEXT_VIEW (target) || GTK_IS_EDITABLE (target), NULL);

  return g_object_new (KIOSK_TYPE_TEXT_KEYBOARD, "target", target, NULL);
}

GtkWidget *
kiosk_text_keyboard_get_target (KioskTextKeyboard *self)
{
  g_return_val_if_fail (KIOSK_IS_TEXT_KEYBOARD (self), NULL);
  return self->target;
}

void
kiosk_text_keyboard_set_target (KioskTextKeyboard *self,
                                GtkWidget         *target)
{
  g_return_if_fail (KIOSK_IS_TEXT_KEYBOARD (self));
  g_return_if_fail (target == NULL || GTK_IS_TEXT_VIEW (target) || GTK_IS_EDITABLE (target));

  if (self->target == target)
    return;

  /* The keyboard does not keep its target alive: the page owns both. */
  if (self->target != NULL)
    g_object_weak_unref (G_OBJECT (self->target), target_destroyed_cb, self);
  self->target = target;
  if (self->target != NULL)
    g_object_weak_ref (G_OBJECT (self->target), target_destroyed_cb, self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET]);
}

KioskShift
kiosk_text_keyboard_get_shift (KioskTextKeyboard *self)
{
  g_return_val_if_fail (KIOSK_IS_TEXT_KEYBOARD (self), KIOSK_SHIFT_OFF);
  return self->shift;
}

gboolean
kiosk_text_keyboard_get_symbols (KioskTextKeyboard *self)
{
  g_return_val_if_fail (KIOSK_IS_TEXT_KEYBOARD (self), FALSE);
  return self->showing_symbols;
}

GtkWidget *
kiosk_text_keyboard_get_key (KioskTextKeyboard *self,
                             const char        *text)
{
  g_return_val_if_fail (KIOSK_IS_TEXT_KEYBOARD (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  for (GtkWidget *key = gtk_widget_get_first_child (self->grid); key != NULL;
       key = gtk_widget_get_next_sibling (key))
    {
      GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (key));

      if (target != NULL && g_variant_is_of_type (target, G_VARIANT_TYPE_STRING)
          && g_strcmp0 (g_variant_get_string (target, NULL), text) == 0)
        return key;
    }
  return NULL;
}
