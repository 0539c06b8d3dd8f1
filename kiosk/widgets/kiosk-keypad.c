/* kiosk-keypad.c — big keys, one per character, in as many columns as fit.
 *
 * The keypad lays its keys out itself rather than in a GtkGrid, because
 * the number of columns depends on the width it is given: a code page on
 * a tablet held sideways has room for twelve keys a row and fits in
 * three rows, held upright it has room for eight.  The width of a window
 * does not change while a family types, so no key moves under a finger.
 *
 * A newline in the keys starts a new group on a new row (the digits of a
 * code apart from its letters).  Among the column counts that fit, the
 * keypad takes the fewest rows, and for the same number of rows the
 * fewest columns, so eight letters a row are not broken into 9 + 9 + 6.
 *
 * For the keyboard the keypad is one stop in the Tab order, not one per
 * key: Tab enters it and leaves it, the arrow keys move between keys.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiosk-key-focus.h"
#include "kiosk-keypad.h"

#define GAP      8
#define KEY_MAX  96

struct _KioskKeypad
{
  GtkWidget  parent_instance;

  char      *keys;
  guint      columns;
  GPtrArray *groups;   /* of GPtrArray of key buttons */
  GtkWidget *last_focus;
};

G_DEFINE_FINAL_TYPE (KioskKeypad, kiosk_keypad, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_KEYS,
  PROP_COLUMNS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clear_keys (KioskKeypad *self)
{
  GtkWidget *child;

  self->last_focus = NULL;
  g_ptr_array_set_size (self->groups, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
}

static GtkWidget *
new_key (const char *key)
{
  GtkWidget *button = gtk_button_new_with_label (key);
  g_autofree char *name = NULL;

  gtk_widget_add_css_class (button, "kiosk-key");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "kiosk.key");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", key);
  /* A screen reader would otherwise read "button 7"; saying what the
   * key does helps someone who cannot see the card layout. */
  name = g_strdup_printf (_("Type %s"), key);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  return button;
}

static void
rebuild (KioskKeypad *self)
{
  GPtrArray *group = NULL;

  clear_keys (self);
  if (self->keys == NULL)
    {
      gtk_widget_queue_resize (GTK_WIDGET (self));
      return;
    }

  for (const char *p = self->keys; *p != '\0'; p = g_utf8_next_char (p))
    {
      char key[8] = { 0 };
      GtkWidget *button;

      if (*p == '\n')
        {
          group = NULL;
          continue;
        }
      if (group == NULL)
        {
          group = g_ptr_array_new ();
          g_ptr_array_add (self->groups, group);
        }

      g_unichar_to_utf8 (g_utf8_get_char (p), key);
      button = new_key (key);
      gtk_widget_set_parent (button, GTK_WIDGET (self));
      g_ptr_array_add (group, button);
    }

  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* ---- Layout ------------------------------------------------------------ */

static void
key_size (KioskKeypad *self,
          int         *min_width,
          int         *height)
{
  *min_width = 0;
  *height = 0;

  for (GtkWidget *key = gtk_widget_get_first_child (GTK_WIDGET (self)); key != NULL;
       key = gtk_widget_get_next_sibling (key))
    {
      int w, h;

      gtk_widget_measure (key, GTK_ORIENTATION_HORIZONTAL, -1, &w, NULL, NULL, NULL);
      gtk_widget_measure (key, GTK_ORIENTATION_VERTICAL, -1, &h, NULL, NULL, NULL);
      *min_width = MAX (*min_width, w);
      *height = MAX (*height, h);
    }
}

static guint
rows_for (KioskKeypad *self,
          guint        columns)
{
  guint rows = 0;

  for (guint i = 0; i < self->groups->len; i++)
    {
      GPtrArray *group = g_ptr_array_index (self->groups, i);

      rows += (group->len + columns - 1) / columns;
    }
  return rows;
}

static guint
longest_group (KioskKeypad *self)
{
  guint longest = 1;

  for (guint i = 0; i < self->groups->len; i++)
    longest = MAX (longest, ((GPtrArray *) g_ptr_array_index (self->groups, i))->len);
  return longest;
}

/* The columns used at @width: of the counts that fit, the one giving the
 * fewest rows, and of those the fewest columns. */
static guint
columns_for (KioskKeypad *self,
             int          width)
{
  int key_width, key_height;
  guint fit, best;

  key_size (self, &key_width, &key_height);
  fit = key_width > 0 ? (guint) MAX (1, (width + GAP) / (key_width + GAP)) : 1;
  fit = MIN (fit, MIN (self->columns, longest_group (self)));

  best = fit;
  for (guint c = fit; c >= 1; c--)
    if (rows_for (self, c) == rows_for (self, fit))
      best = c;
  return best;
}

static GtkSizeRequestMode
kiosk_keypad_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
kiosk_keypad_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  KioskKeypad *self = KIOSK_KEYPAD (widget);
  int key_width, key_height;
  guint most = MIN (self->columns, longest_group (self));

  key_size (self, &key_width, &key_height);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* Narrowest: one column.  Widest wanted: every column at the
       * largest key size. */
      *minimum = key_width;
      *natural = (int) most * MAX (key_width, KEY_MAX) + ((int) most - 1) * GAP;
    }
  else
    {
      guint columns = for_size < 0 ? most : columns_for (self, for_size);
      guint rows = rows_for (self, columns);

      *minimum = *natural = rows > 0 ? (int) rows * key_height + ((int) rows - 1) * GAP : 0;
    }
}

static void
kiosk_keypad_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  KioskKeypad *self = KIOSK_KEYPAD (widget);
  int key_width, key_height, block_width, x0, y = 0;
  guint columns;

  if (self->groups->len == 0)
    return;

  key_size (self, &key_width, &key_height);
  columns = columns_for (self, width);
  key_width = MAX (key_width, MIN (KEY_MAX, (width - ((int) columns - 1) * GAP) / (int) columns));
  block_width = (int) columns * key_width + ((int) columns - 1) * GAP;
  x0 = MAX (0, (width - block_width) / 2);

  for (guint g = 0; g < self->groups->len; g++)
    {
      GPtrArray *group = g_ptr_array_index (self->groups, g);

      for (guint i = 0; i < group->len; i += columns)
        {
          guint in_row = MIN (columns, group->len - i);
          /* A short row (the digits, the end of the letters) is centred
           * under the full ones. */
          int x = x0 + (block_width - ((int) in_row * key_width + ((int) in_row - 1) * GAP)) / 2;

          for (guint k = 0; k < in_row; k++)
            {
              GtkAllocation a = { x, y, key_width, key_height };

              gtk_widget_size_allocate (g_ptr_array_index (group, i + k), &a, -1);
              x += key_width + GAP;
            }
          y += key_height + GAP;
        }
    }
}

/* ---- Focus: one Tab stop, arrows inside -------------------------------- */

static gboolean
kiosk_keypad_focus (GtkWidget        *widget,
                    GtkDirectionType  direction)
{
  KioskKeypad *self = KIOSK_KEYPAD (widget);
  GtkWidget *focus = gtk_widget_get_focus_child (widget);
  GtkWidget *first = gtk_widget_get_first_child (widget);

  if (first == NULL)
    return FALSE;

  if (direction == GTK_DIR_TAB_FORWARD || direction == GTK_DIR_TAB_BACKWARD)
    {
      GtkWidget *target;

      /* Tab from a key leaves the keypad. */
      if (focus != NULL)
        return FALSE;
      target = self->last_focus != NULL ? self->last_focus : first;
      return gtk_widget_grab_focus (target);
    }

  if (focus == NULL)
    return gtk_widget_grab_focus (self->last_focus != NULL ? self->last_focus : first);

  /* Arrows: the nearest key that way.  At the edge the focus stays where
   * it is rather than jumping out of the keypad to some other control. */
  return kiosk_key_focus_move (widget, focus, direction);
}

static void
kiosk_keypad_set_focus_child (GtkWidget *widget,
                              GtkWidget *child)
{
  KioskKeypad *self = KIOSK_KEYPAD (widget);

  GTK_WIDGET_CLASS (kiosk_keypad_parent_class)->set_focus_child (widget, child);
  if (child != NULL)
    self->last_focus = child;
}

/* ---- GObject ----------------------------------------------------------- */

static void
kiosk_keypad_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KioskKeypad *self = KIOSK_KEYPAD (object);

  switch (prop_id)
    {
    case PROP_KEYS:
      g_value_set_string (value, self->keys);
      break;
    case PROP_COLUMNS:
      g_value_set_uint (value, self->columns);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_keypad_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  KioskKeypad *self = KIOSK_KEYPAD (object);

  switch (prop_id)
    {
    case PROP_KEYS:
      kiosk_keypad_set_keys (self, g_value_get_string (value));
      break;
    case PROP_COLUMNS:
      kiosk_keypad_set_columns (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_keypad_dispose (GObject *object)
{
  KioskKeypad *self = KIOSK_KEYPAD (object);

  clear_keys (self);

  G_OBJECT_CLASS (kiosk_keypad_parent_class)->dispose (object);
}

static void
kiosk_keypad_finalize (GObject *object)
{
  KioskKeypad *self = KIOSK_KEYPAD (object);

  g_free (self->keys);
  g_ptr_array_unref (self->groups);

  G_OBJECT_CLASS (kiosk_keypad_parent_class)->finalize (object);
}

static void
kiosk_keypad_class_init (KioskKeypadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kiosk_keypad_get_property;
  object_class->set_property = kiosk_keypad_set_property;
  object_class->dispose = kiosk_keypad_dispose;
  object_class->finalize = kiosk_keypad_finalize;

  widget_class->get_request_mode = kiosk_keypad_get_request_mode;
  widget_class->measure = kiosk_keypad_measure;
  widget_class->size_allocate = kiosk_keypad_size_allocate;
  widget_class->focus = kiosk_keypad_focus;
  widget_class->set_focus_child = kiosk_keypad_set_focus_child;

  properties[PROP_KEYS] =
    g_param_spec_string ("keys", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COLUMNS] =
    g_param_spec_uint ("columns", NULL, NULL, 1, 16, 8,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "keypad");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kiosk_keypad_init (KioskKeypad *self)
{
  self->columns = 8;
  self->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
}

GtkWidget *
kiosk_keypad_new (const char *keys,
                  guint       columns)
{
  return g_object_new (KIOSK_TYPE_KEYPAD, "keys", keys, "columns", columns, NULL);
}

const char *
kiosk_keypad_get_keys (KioskKeypad *self)
{
  g_return_val_if_fail (KIOSK_IS_KEYPAD (self), NULL);
  return self->keys;
}

void
kiosk_keypad_set_keys (KioskKeypad *self,
                       const char  *keys)
{
  g_return_if_fail (KIOSK_IS_KEYPAD (self));

  if (g_strcmp0 (self->keys, keys) == 0)
    return;
  g_free (self->keys);
  self->keys = g_strdup (keys);
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEYS]);
}

guint
kiosk_keypad_get_columns (KioskKeypad *self)
{
  g_return_val_if_fail (KIOSK_IS_KEYPAD (self), 0);
  return self->columns;
}

void
kiosk_keypad_set_columns (KioskKeypad *self,
                          guint        columns)
{
  g_return_if_fail (KIOSK_IS_KEYPAD (self));
  g_return_if_fail (columns > 0);

  if (self->columns == columns)
    return;
  self->columns = columns;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLUMNS]);
}

GtkWidget *
kiosk_keypad_get_key (KioskKeypad *self,
                      const char  *character)
{
  g_return_val_if_fail (KIOSK_IS_KEYPAD (self), NULL);
  g_return_val_if_fail (character != NULL, NULL);

  for (GtkWidget *key = gtk_widget_get_first_child (GTK_WIDGET (self)); key != NULL;
       key = gtk_widget_get_next_sibling (key))
    if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (key)), character) == 0)
      return key;
  return NULL;
}
