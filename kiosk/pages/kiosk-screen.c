/* kiosk-page.c — what the family's screens share: easy read. */
#include "config.h"

#include "kiosk-screen.h"

typedef struct
{
  gboolean easy_read;
} KioskScreenPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (KioskScreen, kiosk_screen, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_EASY_READ,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kiosk_screen_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_EASY_READ:
      g_value_set_boolean (value, kiosk_screen_get_easy_read (KIOSK_SCREEN (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_screen_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_EASY_READ:
      kiosk_screen_set_easy_read (KIOSK_SCREEN (object), g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_screen_class_init (KioskScreenClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kiosk_screen_get_property;
  object_class->set_property = kiosk_screen_set_property;

  properties[PROP_EASY_READ] =
    g_param_spec_boolean ("easy-read", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiosk_screen_init (KioskScreen *self)
{
}

gboolean
kiosk_screen_get_easy_read (KioskScreen *self)
{
  KioskScreenPrivate *priv;

  g_return_val_if_fail (KIOSK_IS_SCREEN (self), FALSE);

  priv = kiosk_screen_get_instance_private (self);
  return priv->easy_read;
}

void
kiosk_screen_set_easy_read (KioskScreen *self,
                          gboolean   easy_read)
{
  KioskScreenPrivate *priv;

  g_return_if_fail (KIOSK_IS_SCREEN (self));

  priv = kiosk_screen_get_instance_private (self);
  easy_read = !!easy_read;
  if (priv->easy_read == easy_read)
    return;
  priv->easy_read = easy_read;
  if (KIOSK_SCREEN_GET_CLASS (self)->update_easy_read != NULL)
    KIOSK_SCREEN_GET_CLASS (self)->update_easy_read (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EASY_READ]);
}

void
kiosk_screen_show_variant (KioskScreen *self,
                         GtkWidget *standard,
                         GtkWidget *easy,
                         gboolean   easy_shown)
{
  g_return_if_fail (KIOSK_IS_SCREEN (self));

  gtk_widget_set_visible (standard, !easy_shown);
  gtk_widget_set_visible (easy, easy_shown);
  kiosk_screen_set_easy_style (self, easy_shown);
}

void
kiosk_screen_set_easy_style (KioskScreen *self,
                             gboolean     easy)
{
  g_return_if_fail (KIOSK_IS_SCREEN (self));

  if (easy)
    gtk_widget_add_css_class (GTK_WIDGET (self), "kiosk-easy-read");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "kiosk-easy-read");
}
