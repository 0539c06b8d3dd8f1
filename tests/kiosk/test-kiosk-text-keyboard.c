/* test-kiosk-text-keyboard.c — the on-screen keyboard for free text
 * (kiosk/widgets/kiosk-text-keyboard.c): letters in QWERTY rows typed at
 * the cursor of a text view or an entry, Shift once then Caps, Delete
 * one character a press, a numbers layer, and keys that never move or
 * take the focus from the text. */
#include "config.h"

#include <string.h>

#include "kiosk-gui-test.h"
#include "kiosk-text-keyboard.h"

static void
press (GtkWidget  *keyboard,
       const char *text)
{
  GtkWidget *key = kiosk_text_keyboard_get_key (KIOSK_TEXT_KEYBOARD (keyboard), text);

  g_assert_nonnull (key);
  g_signal_emit_by_name (key, "clicked");
}

static void
press_action (GtkWidget  *keyboard,
              const char *action)
{
  g_assert_true (gtk_widget_activate_action (keyboard, action, NULL));
}

static char *
text_of (GtkWidget *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Three rows of letters offset by half a key, as on a keyboard, with
 * the keys of every row the same size. */
static void
test_rows (void)
{
  GtkWidget *keyboard = g_object_ref_sink (kiosk_text_keyboard_new (NULL));
  GtkWidget *window = kgt_show (keyboard);
  graphene_rect_t q, w, a, z, space;
  const char *row1 = "qwertyuiop";

  for (const char *p = row1; *p != '\0'; p++)
    {
      char c[2] = { *p, '\0' };

      g_assert_nonnull (kiosk_text_keyboard_get_key (KIOSK_TEXT_KEYBOARD (keyboard), c));
    }
  g_assert_true (gtk_widget_compute_bounds (kiosk_text_keyboard_get_key (KIOSK_TEXT_KEYBOARD (keyboard), "q"), keyboard, &q));
  g_assert_true (gtk_widget_compute_bounds (kiosk_text_keyboard_get_key (KIOSK_TEXT_KEYBOARD (keyboard), "w"), keyboard, &w));
  g_assert_true (gtk_widget_compute_bounds (kiosk_text_keyboard_get_key (KIOSK_TEXT_KEYBOARD (keyboard), "a"), keyboard, &a));
  g_assert_true (gtk_widget_compute_bounds (kiosk_text_keyboard_get_key (KIOSK_TEXT_KEYBOARD (keyboard), "z"), keyboard, &z));
  g_assert_true (gtk_widget_compute_bounds (kiosk_text_keyboard_get_key (KIOSK_TEXT_KEYBOARD (keyboard), " "), keyboard, &space));

  /* q then w on the top row; a a row down and half a key in; z below. */
  g_assert_cmpfloat (q.origin.y, ==, w.origin.y);
  g_assert_cmpfloat (w.origin.x, >, q.origin.x);
  g_assert_cmpfloat (a.origin.y, >, q.origin.y);
  g_assert_cmpfloat (a.origin.x, >, q.origin.x);
  g_assert_cmpfloat (a.origin.x, <, w.origin.x);
  g_assert_cmpfloat (z.origin.y, >, a.origin.y);
  g_assert_cmpfloat (ABS (a.size.width - q.size.width), <, 1);
  /* Big keys: at least 48 pixels each way, a finger's width. */
  g_assert_cmpfloat (q.size.width, >=, 48);
  g_assert_cmpfloat (q.size.height, >=, 48);
  /* The space bar is wide and on the bottom row. */
  g_assert_cmpfloat (space.origin.y, >, z.origin.y);
  g_assert_cmpfloat (space.size.width, >, 3 * q.size.width);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (keyboard);
}

/* Keys type at the cursor, replace a selection, and Delete takes one
 * character before the cursor. */
static void
test_types_at_cursor (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *view = gtk_text_view_new ();
  GtkWidget *keyboard = kiosk_text_keyboard_new (view);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkWidget *window;
  GtkTextIter iter, end;
  g_autofree char *text1 = NULL, *text2 = NULL, *text3 = NULL, *text4 = NULL;

  g_object_ref_sink (keyboard);
  gtk_box_append (GTK_BOX (box), view);
  gtk_box_append (GTK_BOX (box), keyboard);
  window = kgt_show (box);
  g_assert_true (kiosk_text_keyboard_get_target (KIOSK_TEXT_KEYBOARD (keyboard)) == view);

  gtk_text_buffer_set_text (buffer, "good day", -1);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, 4);
  gtk_text_buffer_place_cursor (buffer, &iter);

  press (keyboard, " ");
  press (keyboard, "o");
  press (keyboard, "l");
  press (keyboard, "d");
  text1 = text_of (view);
  g_assert_cmpstr (text1, ==, "good old day");
  /* The text has the focus, so its cursor shows; a touch on a key does
   * not take it. */
  g_assert_true (gtk_widget_has_focus (view));
  g_assert_false (gtk_widget_get_focus_on_click (kiosk_text_keyboard_get_key (KIOSK_TEXT_KEYBOARD (keyboard), "q")));

  press_action (keyboard, "text-keyboard.delete");
  press_action (keyboard, "text-keyboard.delete");
  text2 = text_of (view);
  g_assert_cmpstr (text2, ==, "good o day");

  /* A selection is replaced, as on any keyboard. */
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, 7);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_select_range (buffer, &iter, &end);
  press (keyboard, "n");
  text3 = text_of (view);
  g_assert_cmpstr (text3, ==, "good o n");
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, 5);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_select_range (buffer, &iter, &end);
  press_action (keyboard, "text-keyboard.delete");
  text4 = text_of (view);
  g_assert_cmpstr (text4, ==, "good ");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (keyboard);
}

/* The same into an entry. */
static void
test_entry (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *keyboard = g_object_ref_sink (kiosk_text_keyboard_new (entry));
  GtkWidget *window;

  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), keyboard);
  window = kgt_show (box);

  gtk_editable_set_text (GTK_EDITABLE (entry), "ac");
  gtk_editable_set_position (GTK_EDITABLE (entry), 1);
  press (keyboard, "b");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "abc");
  g_assert_cmpint (gtk_editable_get_position (GTK_EDITABLE (entry)), ==, 2);
  press_action (keyboard, "text-keyboard.delete");
  press_action (keyboard, "text-keyboard.delete");
  press_action (keyboard, "text-keyboard.delete");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "c");

  /* Without a target the keys type nowhere and nothing breaks. */
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_null (kiosk_text_keyboard_get_target (KIOSK_TEXT_KEYBOARD (keyboard)));
  press (keyboard, "a");
  g_assert_finalize_object (keyboard);
}

static void
collect_bounds (GtkWidget *keyboard,
                GArray    *bounds)
{
  GtkWidget *grid = gtk_widget_get_first_child (keyboard);

  g_array_set_size (bounds, 0);
  for (GtkWidget *key = gtk_widget_get_first_child (grid); key != NULL;
       key = gtk_widget_get_next_sibling (key))
    {
      graphene_rect_t r;

      g_assert_true (gtk_widget_compute_bounds (key, keyboard, &r));
      g_array_append_val (bounds, r);
    }
}

static void
assert_same_bounds (GArray *a,
                    GArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_true (graphene_rect_equal (&g_array_index (a, graphene_rect_t, i),
                                        &g_array_index (b, graphene_rect_t, i)));
}

/* Shift makes the next letter a capital; twice is Caps; a third time is
 * off.  The numbers layer swaps what the keys say.  No key moves. */
static void
test_shift_and_layers (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *view = gtk_text_view_new ();
  GtkWidget *keyboard = g_object_ref_sink (kiosk_text_keyboard_new (view));
  KioskTextKeyboard *self = KIOSK_TEXT_KEYBOARD (keyboard);
  g_autoptr(GArray) before = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  g_autoptr(GArray) after = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  g_autofree char *text = NULL;
  GtkWidget *window;
  guint shift_notified = 0;

  gtk_box_append (GTK_BOX (box), view);
  gtk_box_append (GTK_BOX (box), keyboard);
  window = kgt_show (box);
  kgt_count_notifies (keyboard, "shift", &shift_notified);
  collect_bounds (keyboard, before);

  g_assert_cmpint (kiosk_text_keyboard_get_shift (self), ==, KIOSK_SHIFT_OFF);
  press_action (keyboard, "text-keyboard.shift");
  g_assert_cmpint (kiosk_text_keyboard_get_shift (self), ==, KIOSK_SHIFT_ONCE);
  g_assert_null (kiosk_text_keyboard_get_key (self, "h"));
  kgt_run (20);
  collect_bounds (keyboard, after);
  assert_same_bounds (before, after);
  press (keyboard, "H");
  /* Once: back to small letters. */
  g_assert_cmpint (kiosk_text_keyboard_get_shift (self), ==, KIOSK_SHIFT_OFF);
  press (keyboard, "i");

  press_action (keyboard, "text-keyboard.shift");
  press_action (keyboard, "text-keyboard.shift");
  g_assert_cmpint (kiosk_text_keyboard_get_shift (self), ==, KIOSK_SHIFT_LOCKED);
  press (keyboard, " ");
  press (keyboard, "O");
  press (keyboard, "K");
  g_assert_cmpint (kiosk_text_keyboard_get_shift (self), ==, KIOSK_SHIFT_LOCKED);
  press_action (keyboard, "text-keyboard.shift");
  g_assert_cmpint (kiosk_text_keyboard_get_shift (self), ==, KIOSK_SHIFT_OFF);
  g_assert_cmpuint (shift_notified, ==, 5);

  press_action (keyboard, "text-keyboard.layer");
  g_assert_true (kiosk_text_keyboard_get_symbols (self));
  g_assert_null (kiosk_text_keyboard_get_key (self, "q"));
  kgt_run (20);
  collect_bounds (keyboard, after);
  assert_same_bounds (before, after);
  press (keyboard, " ");
  press (keyboard, "1");
  press (keyboard, "0");
  press (keyboard, "!");
  /* Shift has nothing to do among the numbers. */
  g_assert_false (gtk_widget_get_sensitive (kgt_part (keyboard, "shift_key")));
  press_action (keyboard, "text-keyboard.layer");
  g_assert_false (kiosk_text_keyboard_get_symbols (self));
  press (keyboard, "?");

  text = text_of (view);
  g_assert_cmpstr (text, ==, "Hi OK 10!?");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (keyboard);
}

/* For the keyboard or a switch: one Tab stop, the arrows among the keys,
 * and a key pressed from the keyboard types without sending the focus
 * away from the keys. */
static void
test_tab_once (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *view = gtk_text_view_new ();
  GtkWidget *keyboard = g_object_ref_sink (kiosk_text_keyboard_new (view));
  KioskTextKeyboard *self = KIOSK_TEXT_KEYBOARD (keyboard);
  GtkWidget *after = gtk_button_new_with_label ("after");
  g_autofree char *text = NULL;
  GtkWidget *window;
  GtkRoot *root;

  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_box_append (GTK_BOX (box), view);
  gtk_box_append (GTK_BOX (box), keyboard);
  gtk_box_append (GTK_BOX (box), after);
  window = kgt_show (box);
  root = gtk_widget_get_root (keyboard);

  gtk_widget_grab_focus (view);
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (root), GTK_DIR_TAB_FORWARD));
  g_assert_true (gtk_root_get_focus (root) == kiosk_text_keyboard_get_key (self, "q"));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (root), GTK_DIR_RIGHT));
  g_assert_true (gtk_root_get_focus (root) == kiosk_text_keyboard_get_key (self, "w"));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (root), GTK_DIR_DOWN));
  g_assert_true (gtk_root_get_focus (root) == kiosk_text_keyboard_get_key (self, "s")
                 || gtk_root_get_focus (root) == kiosk_text_keyboard_get_key (self, "a"));
  g_signal_emit_by_name (gtk_root_get_focus (root), "clicked");
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (root), keyboard));
  text = text_of (view);
  g_assert_cmpuint (strlen (text), ==, 1);
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (root), GTK_DIR_TAB_FORWARD));
  g_assert_true (gtk_root_get_focus (root) == after);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (keyboard);
}

int
main (int   argc,
      char *argv[])
{
  kgt_init (&argc, &argv);

  g_test_add_func ("/kiosk/text-keyboard/rows", test_rows);
  g_test_add_func ("/kiosk/text-keyboard/types-at-cursor", test_types_at_cursor);
  g_test_add_func ("/kiosk/text-keyboard/entry", test_entry);
  g_test_add_func ("/kiosk/text-keyboard/shift-and-layers", test_shift_and_layers);
  g_test_add_func ("/kiosk/text-keyboard/tab-once-arrows-inside", test_tab_once);

  return g_test_run ();
}
