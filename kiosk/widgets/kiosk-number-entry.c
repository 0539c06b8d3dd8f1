/* kiosk-number-entry.c — a whole number typed, or stepped with big − and +.
 *
 * Not a GtkSpinButton: a spin button always shows some number, so an
 * unanswered question would look answered with a number nobody chose, and
 * in GTK 4.8 its small arrow buttons have neither words nor names.  Here
 * the entry starts empty and the − and + buttons are as big as any other
 * button of the kiosk, with words a screen reader can say. */
#include "config.h"

#include <glib/gi18n.h>

#include "kiosk-number-entry.h"

struct _KioskNumberEntry
{
  GtkWidget  parent_instance;

  GtkWidget *less;
  GtkWidget *entry;
  GtkWidget *more;

  gint64     min;
  gint64     max;
  gint64     step;
};

G_DEFINE_FINAL_TYPE (KioskNumberEntry, kiosk_number_entry, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

gboolean
kiosk_number_entry_get_value (KioskNumberEntry *self,
                              gint64           *value)
{
  g_autofree char *text = NULL;
  char *end = NULL;
  gint64 parsed;

  g_return_val_if_fail (KIOSK_IS_NUMBER_ENTRY (self), FALSE);

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));
  if (*text == '\0')
    return FALSE;

  parsed = g_ascii_strtoll (text, &end, 10);
  if (*end != '\0' || parsed < self->min || parsed > self->max)
    return FALSE;

  if (value != NULL)
    *value = parsed;
  return TRUE;
}

void
kiosk_number_entry_set_value (KioskNumberEntry *self,
                              gint64            value)
{
  g_autofree char *text = NULL;

  g_return_if_fail (KIOSK_IS_NUMBER_ENTRY (self));

  text = g_strdup_printf ("%" G_GINT64_FORMAT, CLAMP (value, self->min, self->max));
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
}

void
kiosk_number_entry_set_text (KioskNumberEntry *self,
                             const char       *text)
{
  g_return_if_fail (KIOSK_IS_NUMBER_ENTRY (self));
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
}

void
kiosk_number_entry_set_labelled_by (KioskNumberEntry *self,
                                    GtkWidget        *label)
{
  g_return_if_fail (KIOSK_IS_NUMBER_ENTRY (self));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL,
                                  -1);
}

static void
step_by (KioskNumberEntry *self,
         gint64            delta)
{
  gint64 value;

  /* From empty, the first press gives the nearest end of the range. */
  if (!kiosk_number_entry_get_value (self, &value))
    value = delta > 0 ? self->min : self->max;
  /* A form may put the range at either end of gint64, where adding the
   * step would wrap round; stop at the end instead, and the clamp below
   * keeps it in the range. */
  else if (delta > 0 && value > G_MAXINT64 - delta)
    value = G_MAXINT64;
  else if (delta < 0 && value < G_MININT64 - delta)
    value = G_MININT64;
  else
    value += delta;

  kiosk_number_entry_set_value (self, value);
}

static void
less_cb (KioskNumberEntry *self)
{
  step_by (self, -self->step);
}

static void
more_cb (KioskNumberEntry *self)
{
  step_by (self, self->step);
}

static void
changed_cb (KioskNumberEntry *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
kiosk_number_entry_dispose (GObject *object)
{
  KioskNumberEntry *self = KIOSK_NUMBER_ENTRY (object);

  g_clear_pointer (&self->less, gtk_widget_unparent);
  g_clear_pointer (&self->entry, gtk_widget_unparent);
  g_clear_pointer (&self->more, gtk_widget_unparent);

  G_OBJECT_CLASS (kiosk_number_entry_parent_class)->dispose (object);
}

static void
kiosk_number_entry_class_init (KioskNumberEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_number_entry_dispose;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "numberentry");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kiosk_number_entry_init (KioskNumberEntry *self)
{
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 16);
  self->step = 1;

  self->less = gtk_button_new_with_label ("−");
  gtk_widget_add_css_class (self->less, "kiosk-number-step");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->less),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Less"), -1);
  g_signal_connect_swapped (self->less, "clicked", G_CALLBACK (less_cb), self);
  gtk_widget_set_parent (self->less, GTK_WIDGET (self));

  self->entry = gtk_entry_new ();
  gtk_entry_set_input_purpose (GTK_ENTRY (self->entry), GTK_INPUT_PURPOSE_DIGITS);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->entry), 6);
  gtk_entry_set_alignment (GTK_ENTRY (self->entry), 0.5);
  gtk_widget_add_css_class (self->entry, "kiosk-number");
  g_signal_connect_swapped (self->entry, "changed", G_CALLBACK (changed_cb), self);
  gtk_widget_set_parent (self->entry, GTK_WIDGET (self));

  self->more = gtk_button_new_with_label ("+");
  gtk_widget_add_css_class (self->more, "kiosk-number-step");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->more),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("More"), -1);
  g_signal_connect_swapped (self->more, "clicked", G_CALLBACK (more_cb), self);
  gtk_widget_set_parent (self->more, GTK_WIDGET (self));
}

GtkWidget *
kiosk_number_entry_new (gint64 min,
                        gint64 max,
                        gint64 step)
{
  KioskNumberEntry *self;

  g_return_val_if_fail (min <= max, NULL);
  g_return_val_if_fail (step > 0, NULL);

  self = g_object_new (KIOSK_TYPE_NUMBER_ENTRY, NULL);
  self->min = min;
  self->max = max;
  self->step = step;
  return GTK_WIDGET (self);
}
