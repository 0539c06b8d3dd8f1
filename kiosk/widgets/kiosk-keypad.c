/* kiosk-keypad.c — a grid of big keys, one per character. */
#include "config.h"

#include <glib/gi18n.h>

#include "kiosk-keypad.h"

struct _KioskKeypad
{
  GtkWidget  parent_instance;

  GtkWidget *grid;
  char      *keys;
  guint      columns;
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
rebuild (KioskKeypad *self)
{
  GtkWidget *child;
  guint column = 0, row = 0;

  while ((child = gtk_widget_get_first_child (self->grid)) != NULL)
    gtk_grid_remove (GTK_GRID (self->grid), child);

  if (self->keys == NULL)
    return;

  for (const char *p = self->keys; *p != '\0'; p = g_utf8_next_char (p))
    {
      char key[8] = { 0 };
      GtkWidget *button;

      g_unichar_to_utf8 (g_utf8_get_char (p), key);
      button = gtk_button_new_with_label (key);
      gtk_widget_add_css_class (button, "kiosk-key");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "kiosk.key");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", key);
      /* A screen reader would otherwise read "button 7"; saying what the
       * key does helps someone who cannot see the card layout. */
      {
        g_autofree char *name = g_strdup_printf (_("Type %s"), key);
        gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                        -1);
      }
      gtk_grid_attach (GTK_GRID (self->grid), button, column, row, 1, 1);

      if (++column == self->columns)
        {
          column = 0;
          row++;
        }
    }
}

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

  g_clear_pointer (&self->grid, gtk_widget_unparent);

  G_OBJECT_CLASS (kiosk_keypad_parent_class)->dispose (object);
}

static void
kiosk_keypad_finalize (GObject *object)
{
  KioskKeypad *self = KIOSK_KEYPAD (object);

  g_free (self->keys);

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

  properties[PROP_KEYS] =
    g_param_spec_string ("keys", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COLUMNS] =
    g_param_spec_uint ("columns", NULL, NULL, 1, 16, 8,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "keypad");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kiosk_keypad_init (KioskKeypad *self)
{
  self->columns = 8;
  self->grid = gtk_grid_new ();
  gtk_grid_set_row_homogeneous (GTK_GRID (self->grid), TRUE);
  gtk_grid_set_column_homogeneous (GTK_GRID (self->grid), TRUE);
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 8);
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 8);
  gtk_widget_set_halign (self->grid, GTK_ALIGN_CENTER);
  gtk_widget_set_parent (self->grid, GTK_WIDGET (self));
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
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLUMNS]);
}
