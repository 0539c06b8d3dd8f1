/* test-kiosk-number-entry.c — a whole number typed or stepped
 * (kiosk/widgets/kiosk-number-entry.c): empty until someone answers, in
 * range or not a value at all, and − and + that never leave the range. */
#include "config.h"

#include "kiosk-gui-test.h"
#include "kiosk-number-entry.h"

static GtkWidget *
less_button (GtkWidget *entry)
{
  return gtk_widget_get_first_child (entry);
}

static GtkWidget *
text_entry (GtkWidget *entry)
{
  return gtk_widget_get_next_sibling (less_button (entry));
}

static GtkWidget *
more_button (GtkWidget *entry)
{
  return gtk_widget_get_last_child (entry);
}

static const char *
shown (GtkWidget *entry)
{
  return gtk_editable_get_text (GTK_EDITABLE (text_entry (entry)));
}

static gint64
value_of (GtkWidget *entry)
{
  gint64 value = 0;

  g_assert_true (kiosk_number_entry_get_value (KIOSK_NUMBER_ENTRY (entry), &value));
  return value;
}

static void
count_cb (GtkWidget *entry,
          guint     *count)
{
  (*count)++;
}

/* An unanswered question must not look answered. */
static void
test_starts_empty (void)
{
  GtkWidget *entry = g_object_ref_sink (kiosk_number_entry_new (0, 52, 1));

  g_assert_true (GTK_IS_BUTTON (less_button (entry)));
  g_assert_true (GTK_IS_ENTRY (text_entry (entry)));
  g_assert_true (GTK_IS_BUTTON (more_button (entry)));
  g_assert_cmpstr (shown (entry), ==, "");
  g_assert_false (kiosk_number_entry_get_value (KIOSK_NUMBER_ENTRY (entry), NULL));

  g_assert_finalize_object (entry);
}

static void
test_typed_values (void)
{
  GtkWidget *entry = g_object_ref_sink (kiosk_number_entry_new (-5, 100, 1));
  KioskNumberEntry *self = KIOSK_NUMBER_ENTRY (entry);
  static const char * const refused[] = { "", "  ", "abc", "1.5", "12a", "101", "-6", "1e2" };
  guint changed = 0;

  g_signal_connect (entry, "changed", G_CALLBACK (count_cb), &changed);

  kiosk_number_entry_set_text (self, "12");
  g_assert_cmpint (value_of (entry), ==, 12);
  g_assert_cmpuint (changed, ==, 1);
  /* Spaces typed around the number do not matter. */
  kiosk_number_entry_set_text (self, " 7 ");
  g_assert_cmpint (value_of (entry), ==, 7);
  kiosk_number_entry_set_text (self, "-5");
  g_assert_cmpint (value_of (entry), ==, -5);
  kiosk_number_entry_set_text (self, "100");
  g_assert_cmpint (value_of (entry), ==, 100);
  /* Replacing the text says so too (GTK reports the deletion and the
   * insertion each). */
  g_assert_cmpuint (changed, >=, 4);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      kiosk_number_entry_set_text (self, refused[i]);
      g_assert_false (kiosk_number_entry_get_value (self, NULL));
    }

  /* A value set from outside is kept within the range. */
  kiosk_number_entry_set_value (self, 250);
  g_assert_cmpstr (shown (entry), ==, "100");
  kiosk_number_entry_set_value (self, -9);
  g_assert_cmpstr (shown (entry), ==, "-5");

  g_assert_finalize_object (entry);
}

static void
press (GtkWidget *button)
{
  g_signal_emit_by_name (button, "clicked");
}

static void
test_steps (void)
{
  GtkWidget *entry = g_object_ref_sink (kiosk_number_entry_new (0, 12, 5));
  GtkWidget *window = kgt_show (entry);
  guint changed = 0;

  g_signal_connect (entry, "changed", G_CALLBACK (count_cb), &changed);

  /* From empty, + starts at the bottom of the range … */
  press (more_button (entry));
  g_assert_cmpstr (shown (entry), ==, "0");
  press (more_button (entry));
  press (more_button (entry));
  g_assert_cmpint (value_of (entry), ==, 10);
  /* … never past the top … */
  press (more_button (entry));
  g_assert_cmpint (value_of (entry), ==, 12);
  press (more_button (entry));
  g_assert_cmpint (value_of (entry), ==, 12);
  press (less_button (entry));
  g_assert_cmpint (value_of (entry), ==, 7);
  press (less_button (entry));
  press (less_button (entry));
  g_assert_cmpint (value_of (entry), ==, 0);
  g_assert_cmpuint (changed, >=, 6);

  /* … and − from empty starts at the top. */
  kiosk_number_entry_set_text (KIOSK_NUMBER_ENTRY (entry), "");
  press (less_button (entry));
  g_assert_cmpint (value_of (entry), ==, 12);
  /* Half-typed text is not a number to step from. */
  kiosk_number_entry_set_text (KIOSK_NUMBER_ENTRY (entry), "4x");
  press (more_button (entry));
  g_assert_cmpint (value_of (entry), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (entry);
}

/* A form may give a number item any range a gint64 holds; stepping at its
 * ends must stay there, not wrap round to the other end. */
static void
test_steps_at_the_limits (void)
{
  GtkWidget *top = g_object_ref_sink (kiosk_number_entry_new (G_MAXINT64 - 3, G_MAXINT64, 2));
  GtkWidget *bottom = g_object_ref_sink (kiosk_number_entry_new (G_MININT64, G_MININT64 + 3, 2));

  kiosk_number_entry_set_value (KIOSK_NUMBER_ENTRY (top), G_MAXINT64 - 1);
  press (more_button (top));
  g_assert_cmpint (value_of (top), ==, G_MAXINT64);
  press (more_button (top));
  g_assert_cmpint (value_of (top), ==, G_MAXINT64);

  kiosk_number_entry_set_value (KIOSK_NUMBER_ENTRY (bottom), G_MININT64 + 1);
  press (less_button (bottom));
  g_assert_cmpint (value_of (bottom), ==, G_MININT64);
  press (less_button (bottom));
  g_assert_cmpint (value_of (bottom), ==, G_MININT64);

  g_assert_finalize_object (top);
  g_assert_finalize_object (bottom);
}

int
main (int   argc,
      char *argv[])
{
  kgt_init (&argc, &argv);

  g_test_add_func ("/kiosk/number-entry/starts-empty", test_starts_empty);
  g_test_add_func ("/kiosk/number-entry/typed-values", test_typed_values);
  g_test_add_func ("/kiosk/number-entry/steps", test_steps);
  g_test_add_func ("/kiosk/number-entry/steps-at-the-limits", test_steps_at_the_limits);

  return g_test_run ();
}
