/* test-kiosk-keypad.c — the big keys (kiosk/widgets/kiosk-keypad.c): one
 * key per character, in as many columns as the width allows, each typing
 * its character through the kiosk.key action of whatever page holds it,
 * and one stop in the Tab order. */
#include "config.h"

#include "kiosk-gui-test.h"
#include "kiosk-keypad.h"

static guint
count_keys (GtkWidget *keypad)
{
  guint n = 0;

  for (GtkWidget *key = gtk_widget_get_first_child (keypad); key != NULL;
       key = gtk_widget_get_next_sibling (key))
    n++;
  return n;
}

/* The key typing @character, checked to name kiosk.key with it. */
static GtkWidget *
assert_key (GtkWidget  *keypad,
            const char *character)
{
  GtkWidget *key = kiosk_keypad_get_key (KIOSK_KEYPAD (keypad), character);
  GVariant *target;

  g_assert_true (GTK_IS_BUTTON (key));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (key)), ==, character);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (key)), ==, "kiosk.key");
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (key));
  g_assert_nonnull (target);
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, character);
  return key;
}

/* Where @character's key is, in rows of keys and key widths from the
 * left (from its allocation). */
static void
key_cell (GtkWidget  *keypad,
          const char *character,
          int        *column,
          int        *row)
{
  GtkWidget *key = assert_key (keypad, character);
  graphene_rect_t r;

  g_assert_true (gtk_widget_compute_bounds (key, keypad, &r));
  *row = (int) (r.origin.y / (r.size.height + 8) + 0.5);
  *column = (int) (r.origin.x / (r.size.width + 8) + 0.5);
}

/* A keypad alone in a window @width pixels wide. */
static GtkWidget *
show_at (GtkWidget *keypad,
         int        width)
{
  GtkWidget *window = gtk_window_new ();

  /* The kiosk's style sizes the keys (data/kiosk.css). */
  gtk_widget_add_css_class (window, "kiosk");
  gtk_window_set_default_size (GTK_WINDOW (window), width, 600);
  gtk_widget_set_valign (keypad, GTK_ALIGN_START);
  gtk_window_set_child (GTK_WINDOW (window), keypad);
  gtk_window_present (GTK_WINDOW (window));
  kgt_run (50);
  g_assert_cmpint (gtk_widget_get_width (keypad), ==, width);
  return window;
}

static void
test_keys_in_rows (void)
{
  GtkWidget *keypad = g_object_ref_sink (kiosk_keypad_new ("23AB\xc3\x89", 2));
  GtkWidget *window = show_at (keypad, 400);
  int column, row, column_a, row_a;

  g_assert_cmpstr (kiosk_keypad_get_keys (KIOSK_KEYPAD (keypad)), ==, "23AB\xc3\x89");
  g_assert_cmpuint (kiosk_keypad_get_columns (KIOSK_KEYPAD (keypad)), ==, 2);
  /* A character of two bytes is one key. */
  g_assert_cmpuint (count_keys (keypad), ==, 5);
  key_cell (keypad, "2", &column, &row);
  g_assert_cmpint (row, ==, 0);
  key_cell (keypad, "A", &column_a, &row_a);
  key_cell (keypad, "B", &column, &row);
  g_assert_cmpint (row_a, ==, 1);
  g_assert_cmpint (row, ==, 1);
  g_assert_cmpint (column, ==, column_a + 1);
  key_cell (keypad, "\xc3\x89", &column, &row);
  g_assert_cmpint (row, ==, 2);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (keypad);
}

/* As many columns as fit, up to "columns", without an orphan row: the
 * code keypad has its digits on a row of their own, then its letters in
 * two rows of twelve on a wide screen or three of eight on a narrow one. */
static void
test_columns_follow_width (void)
{
  static const char keys[] = "23456789\nABCDEFGHJKLMNPQRSTUVWXYZ";
  GtkWidget *wide = g_object_ref_sink (kiosk_keypad_new (keys, 12));
  GtkWidget *narrow = g_object_ref_sink (kiosk_keypad_new (keys, 12));
  GtkWidget *wide_window = show_at (wide, 928);
  GtkWidget *narrow_window = show_at (narrow, 704);
  int column, row;

  g_assert_cmpuint (count_keys (wide), ==, 32);
  key_cell (wide, "9", &column, &row);
  g_assert_cmpint (row, ==, 0);
  key_cell (wide, "A", &column, &row);
  g_assert_cmpint (row, ==, 1);
  key_cell (wide, "M", &column, &row);
  g_assert_cmpint (row, ==, 1);
  key_cell (wide, "Z", &column, &row);
  g_assert_cmpint (row, ==, 2);
  /* Three rows, not four. */
  g_assert_cmpint (gtk_widget_get_height (wide), <, 4 * 72);

  key_cell (narrow, "A", &column, &row);
  g_assert_cmpint (row, ==, 1);
  key_cell (narrow, "H", &column, &row);
  g_assert_cmpint (row, ==, 1);
  key_cell (narrow, "J", &column, &row);
  g_assert_cmpint (row, ==, 2);
  key_cell (narrow, "Z", &column, &row);
  g_assert_cmpint (row, ==, 3);

  gtk_window_destroy (GTK_WINDOW (wide_window));
  gtk_window_destroy (GTK_WINDOW (narrow_window));
  g_assert_finalize_object (wide);
  g_assert_finalize_object (narrow);
}

static void
test_changes_relayout (void)
{
  GtkWidget *keypad = g_object_ref_sink (kiosk_keypad_new ("ABC", 8));
  guint keys_notified = 0, columns_notified = 0;

  kgt_count_notifies (keypad, "keys", &keys_notified);
  kgt_count_notifies (keypad, "columns", &columns_notified);

  kiosk_keypad_set_columns (KIOSK_KEYPAD (keypad), 1);
  g_assert_cmpuint (columns_notified, ==, 1);
  /* Setting what is already there is no change. */
  kiosk_keypad_set_columns (KIOSK_KEYPAD (keypad), 1);
  kiosk_keypad_set_keys (KIOSK_KEYPAD (keypad), "ABC");
  g_assert_cmpuint (columns_notified, ==, 1);
  g_assert_cmpuint (keys_notified, ==, 0);

  g_object_set (keypad, "keys", "9", NULL);
  g_assert_cmpuint (keys_notified, ==, 1);
  g_assert_cmpuint (count_keys (keypad), ==, 1);
  assert_key (keypad, "9");

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

  g_signal_emit_by_name (assert_key (keypad, "Q"), "clicked");
  g_signal_emit_by_name (assert_key (keypad, "K"), "clicked");
  g_signal_emit_by_name (assert_key (keypad, "7"), "clicked");
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

/* Tab goes into the keypad and out of it in one step each; the arrow
 * keys move between its keys. */
static void
test_tab_once (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *before = gtk_button_new_with_label ("before");
  GtkWidget *keypad = g_object_ref_sink (kiosk_keypad_new ("ABCD", 2));
  GtkWidget *after = gtk_button_new_with_label ("after");
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) key = g_simple_action_new ("key", G_VARIANT_TYPE_STRING);
  GtkWidget *window;
  GtkRoot *root;

  gtk_box_append (GTK_BOX (box), before);
  gtk_box_append (GTK_BOX (box), keypad);
  gtk_box_append (GTK_BOX (box), after);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (key));
  window = kgt_show_with_actions (box, G_ACTION_GROUP (group));
  root = gtk_widget_get_root (keypad);

  gtk_widget_grab_focus (before);
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (root), GTK_DIR_TAB_FORWARD));
  g_assert_true (gtk_root_get_focus (root) == assert_key (keypad, "A"));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (root), GTK_DIR_RIGHT));
  g_assert_true (gtk_root_get_focus (root) == assert_key (keypad, "B"));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (root), GTK_DIR_DOWN));
  g_assert_true (gtk_root_get_focus (root) == assert_key (keypad, "D"));
  /* At the edge the focus stays. */
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (root), GTK_DIR_RIGHT));
  g_assert_true (gtk_root_get_focus (root) == assert_key (keypad, "D"));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (root), GTK_DIR_TAB_FORWARD));
  g_assert_true (gtk_root_get_focus (root) == after);
  /* Back in, to the key last used. */
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (root), GTK_DIR_TAB_BACKWARD));
  g_assert_true (gtk_root_get_focus (root) == assert_key (keypad, "D"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (keypad);
}

int
main (int   argc,
      char *argv[])
{
  kgt_init (&argc, &argv);

  g_test_add_func ("/kiosk/keypad/keys-in-rows", test_keys_in_rows);
  g_test_add_func ("/kiosk/keypad/columns-follow-width", test_columns_follow_width);
  g_test_add_func ("/kiosk/keypad/changes-relayout", test_changes_relayout);
  g_test_add_func ("/kiosk/keypad/tab-once-arrows-inside", test_tab_once);
  g_test_add_func ("/kiosk/keypad/pressing-types", test_pressing_types);

  return g_test_run ();
}
