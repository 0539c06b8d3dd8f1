/* test-kiosk-keypad.c — the grid of big keys (kiosk/widgets/kiosk-keypad.c):
 * one key per character, laid out in rows, each typing its character
 * through the kiosk.key action of whatever page holds it. */
#include "config.h"

#include "kiosk-gui-test.h"
#include "kiosk-keypad.h"

static GtkWidget *
grid_of (GtkWidget *keypad)
{
  GtkWidget *grid = gtk_widget_get_first_child (keypad);

  g_assert_true (GTK_IS_GRID (grid));
  return grid;
}

static guint
count_keys (GtkWidget *keypad)
{
  guint n = 0;

  for (GtkWidget *key = gtk_widget_get_first_child (grid_of (keypad)); key != NULL;
       key = gtk_widget_get_next_sibling (key))
    n++;
  return n;
}

/* The key at @column, @row, checked to type @character. */
static GtkWidget *
assert_key (GtkWidget  *keypad,
            int         column,
            int         row,
            const char *character)
{
  GtkWidget *key = gtk_grid_get_child_at (GTK_GRID (grid_of (keypad)), column, row);
  GVariant *target;

  g_assert_true (GTK_IS_BUTTON (key));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (key)), ==, character);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (key)), ==, "kiosk.key");
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (key));
  g_assert_nonnull (target);
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, character);
  return key;
}

static void
test_keys_in_rows (void)
{
  GtkWidget *keypad = g_object_ref_sink (kiosk_keypad_new ("23AB\xc3\x89", 2));

  g_assert_cmpstr (kiosk_keypad_get_keys (KIOSK_KEYPAD (keypad)), ==, "23AB\xc3\x89");
  g_assert_cmpuint (kiosk_keypad_get_columns (KIOSK_KEYPAD (keypad)), ==, 2);
  g_assert_cmpuint (count_keys (keypad), ==, 5);
  assert_key (keypad, 0, 0, "2");
  assert_key (keypad, 1, 0, "3");
  assert_key (keypad, 0, 1, "A");
  assert_key (keypad, 1, 1, "B");
  /* A character of two bytes is one key. */
  assert_key (keypad, 0, 2, "\xc3\x89");
  g_assert_null (gtk_grid_get_child_at (GTK_GRID (grid_of (keypad)), 1, 2));

  g_assert_finalize_object (keypad);
}

static void
test_changes_relayout (void)
{
  GtkWidget *keypad = g_object_ref_sink (kiosk_keypad_new ("ABC", 8));
  guint keys_notified = 0, columns_notified = 0;

  kgt_count_notifies (keypad, "keys", &keys_notified);
  kgt_count_notifies (keypad, "columns", &columns_notified);

  assert_key (keypad, 2, 0, "C");
  kiosk_keypad_set_columns (KIOSK_KEYPAD (keypad), 1);
  g_assert_cmpuint (columns_notified, ==, 1);
  assert_key (keypad, 0, 2, "C");
  /* Setting what is already there is no change. */
  kiosk_keypad_set_columns (KIOSK_KEYPAD (keypad), 1);
  kiosk_keypad_set_keys (KIOSK_KEYPAD (keypad), "ABC");
  g_assert_cmpuint (columns_notified, ==, 1);
  g_assert_cmpuint (keys_notified, ==, 0);

  g_object_set (keypad, "keys", "9", NULL);
  g_assert_cmpuint (keys_notified, ==, 1);
  g_assert_cmpuint (count_keys (keypad), ==, 1);
  assert_key (keypad, 0, 0, "9");

  kiosk_keypad_set_keys (KIOSK_KEYPAD (keypad), NULL);
  g_assert_cmpuint (count_keys (keypad), ==, 0);
  g_assert_null (kiosk_keypad_get_keys (KIOSK_KEYPAD (keypad)));

  g_assert_finalize_object (keypad);
}

static void
key_activated_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  GString       *typed)
{
  g_string_append (typed, g_variant_get_string (parameter, NULL));
}

/* Pressing a key activates kiosk.key of the page around it, with the key's
 * character: the keypad itself types nothing. */
static void
test_pressing_types (void)
{
  GtkWidget *keypad = g_object_ref_sink (kiosk_keypad_new ("K7Q", 3));
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) key = g_simple_action_new ("key", G_VARIANT_TYPE_STRING);
  g_autoptr(GString) typed = g_string_new (NULL);
  GtkWidget *window;

  g_signal_connect (key, "activate", G_CALLBACK (key_activated_cb), typed);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (key));
  window = kgt_show_with_actions (keypad, G_ACTION_GROUP (group));

  g_signal_emit_by_name (assert_key (keypad, 2, 0, "Q"), "clicked");
  g_signal_emit_by_name (assert_key (keypad, 0, 0, "K"), "clicked");
  g_signal_emit_by_name (assert_key (keypad, 1, 0, "7"), "clicked");
  g_assert_cmpstr (typed->str, ==, "QK7");

  /* Keys the page has turned off cannot be pressed. */
  g_simple_action_set_enabled (key, FALSE);
  kgt_run (5);
  g_assert_false (kgt_widget_can (keypad, "kiosk.key"));
  g_simple_action_set_enabled (key, TRUE);
  kgt_run (5);
  g_assert_true (kgt_widget_can (keypad, "kiosk.key"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (keypad);
}

int
main (int   argc,
      char *argv[])
{
  kgt_init (&argc, &argv);

  g_test_add_func ("/kiosk/keypad/keys-in-rows", test_keys_in_rows);
  g_test_add_func ("/kiosk/keypad/changes-relayout", test_changes_relayout);
  g_test_add_func ("/kiosk/keypad/pressing-types", test_pressing_types);

  return g_test_run ();
}
