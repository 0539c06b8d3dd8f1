/* test-kiosk-code-page.c — the family's code on a big keypad
 * (kiosk/pages/code/kiosk-code-page.c): only characters a code can hold,
 * no more than a code has, shown in two groups with blanks for what is
 * left, from the keypad or a keyboard, and nothing typed while the kiosk
 * looks the code up. */
#include "config.h"

#include <string.h>

#include "kiosk-gui-test.h"
#include "kiosk-code-page.h"
#include "kv-child-code.h"

static const char *
display (GtkWidget *page)
{
  return gtk_label_get_label (GTK_LABEL (kgt_part (page, "code_label")));
}

static void
key (GtkWidget  *page,
     const char *character)
{
  g_assert_true (gtk_widget_activate_action (page, "kiosk.key", "s", character));
}

static void
test_typing (void)
{
  GtkWidget *page = g_object_ref_sink (kiosk_code_page_new (FALSE));
  GtkWidget *window = kgt_show (page);
  KioskCodePage *self = KIOSK_CODE_PAGE (page);
  guint notified = 0;

  kgt_count_notifies (page, "code", &notified);

  g_assert_cmpstr (kiosk_code_page_get_code (self), ==, "");
  g_assert_cmpstr (display (page), ==, "_ _ _ _ – _ _ _ _");
  /* Nothing to delete yet. */
  g_assert_false (kgt_widget_can (page, "kiosk.delete"));
  g_assert_true (gtk_widget_get_visible (kgt_part (page, "no_code_button")));

  key (page, "K");
  key (page, "7");
  /* Lower case is the same character; what no code holds is not typed. */
  key (page, "q");
  key (page, "0");
  key (page, "O");
  key (page, "1");
  key (page, "I");
  key (page, "AB");
  g_assert_cmpstr (kiosk_code_page_get_code (self), ==, "K7Q");
  g_assert_cmpuint (notified, ==, 3);
  g_assert_cmpstr (display (page), ==, "K 7 Q _ – _ _ _ _");
  g_assert_true (kgt_widget_can (page, "kiosk.delete"));
  g_assert_false (kiosk_code_page_is_complete (self));

  for (const char *p = "3MX2PZZ"; *p != '\0'; p++)
    {
      char c[2] = { *p, '\0' };

      key (page, c);
    }
  /* A code is eight characters, however many keys are pressed. */
  g_assert_cmpstr (kiosk_code_page_get_code (self), ==, "K7Q3MX2P");
  g_assert_cmpstr (display (page), ==, "K 7 Q 3 – M X 2 P");
  g_assert_true (kiosk_code_page_is_complete (self));

  g_assert_true (gtk_widget_activate_action (page, "kiosk.delete", NULL));
  g_assert_cmpstr (kiosk_code_page_get_code (self), ==, "K7Q3MX2");
  g_assert_false (kiosk_code_page_is_complete (self));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (page);
}

/* The keypad holds the code alphabet, digits first: no key can type
 * what a code could never contain. */
static void
test_keypad_keys (void)
{
  GtkWidget *page = g_object_ref_sink (kiosk_code_page_new (FALSE));
  GtkWidget *keypad = kgt_part (page, "keypad");
  g_autofree char *keys = NULL;

  g_object_get (keypad, "keys", &keys, NULL);
  /* The digits on a row of their own. */
  g_assert_cmpstr (keys, ==, "23456789\nABCDEFGHJKLMNPQRSTUVWXYZ");
  g_assert_null (strchr (keys, '0'));
  g_assert_null (strchr (keys, 'O'));
  g_assert_null (strchr (keys, 'I'));
  g_assert_null (strchr (keys, '1'));

  g_assert_finalize_object (page);
}

static void
next_cb (GSimpleAction *action,
         GVariant      *parameter,
         guint         *count)
{
  (*count)++;
}

static void
test_keyboard (void)
{
  GtkWidget *page = g_object_ref_sink (kiosk_code_page_new (FALSE));
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) next = g_simple_action_new ("next", NULL);
  GtkWidget *window;
  guint nexts = 0;

  g_signal_connect (next, "activate", G_CALLBACK (next_cb), &nexts);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (next));
  window = kgt_show_with_actions (page, G_ACTION_GROUP (group));

  g_assert_true (kgt_press_key (page, GDK_KEY_k, 0));
  g_assert_true (kgt_press_key (page, GDK_KEY_7, 0));
  g_assert_true (kgt_press_key (page, GDK_KEY_KP_9, 0));
  g_assert_cmpstr (kiosk_code_page_get_code (KIOSK_CODE_PAGE (page)), ==, "K79");
  /* Shortcuts are not typing. */
  g_assert_false (kgt_press_key (page, GDK_KEY_a, GDK_CONTROL_MASK));
  g_assert_false (kgt_press_key (page, GDK_KEY_space, 0));
  g_assert_true (kgt_press_key (page, GDK_KEY_BackSpace, 0));
  g_assert_cmpstr (kiosk_code_page_get_code (KIOSK_CODE_PAGE (page)), ==, "K7");
  /* Enter is Next once the code is all there; before, it is taken and
   * does nothing (it does not press the key that has the focus). */
  g_assert_true (kgt_press_key (page, GDK_KEY_Return, 0));
  g_assert_cmpuint (nexts, ==, 0);
  kiosk_code_page_set_code (KIOSK_CODE_PAGE (page), "K7Q3MX2P");
  g_assert_true (kgt_press_key (page, GDK_KEY_Return, 0));
  g_assert_cmpuint (nexts, ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (page);
}

static void
test_message_and_busy (void)
{
  GtkWidget *page = g_object_ref_sink (kiosk_code_page_new (FALSE));
  GtkWidget *window = kgt_show (page);
  KioskCodePage *self = KIOSK_CODE_PAGE (page);

  g_assert_null (kiosk_code_page_get_message (self));
  kiosk_code_page_set_code (self, "k7q3-mx2z");
  g_assert_cmpstr (kiosk_code_page_get_code (self), ==, "K7Q3MX2Z");
  kiosk_code_page_set_message (self, "Please check the code");
  g_assert_cmpstr (kiosk_code_page_get_message (self), ==, "Please check the code");
  /* Correcting the code clears the message (its place stays). */
  g_assert_true (gtk_widget_activate_action (page, "kiosk.delete", NULL));
  g_assert_null (kiosk_code_page_get_message (self));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (kgt_part (page, "message"))), ==, "");

  /* While the code is looked up, nothing changes it. */
  kiosk_code_page_set_busy (self, TRUE);
  g_assert_cmpstr (kiosk_code_page_get_message (self), ==,
                   "Just a moment while we look up your code…");
  key (page, "P");
  kgt_press_key (page, GDK_KEY_BackSpace, 0);
  g_assert_cmpstr (kiosk_code_page_get_code (self), ==, "K7Q3MX2");
  g_assert_false (gtk_widget_get_sensitive (kgt_part (page, "keypad")));
  g_assert_false (gtk_widget_get_sensitive (kgt_part (page, "no_code_button")));
  kgt_run (5);
  g_assert_false (kgt_widget_can (page, "kiosk.delete"));

  kiosk_code_page_set_busy (self, FALSE);
  key (page, "P");
  g_assert_cmpstr (kiosk_code_page_get_code (self), ==, "K7Q3MX2P");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (page);
}

/* A keyworker setting goals types the child's code; "I don't have a
 * code" is the family's way out, not theirs. */
static void
test_for_staff (void)
{
  GtkWidget *page = g_object_ref_sink (kiosk_code_page_new (TRUE));

  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (kgt_part (page, "title"))), ==,
                   "Type the child’s code");
  g_assert_false (gtk_widget_get_visible (kgt_part (page, "no_code_button")));
  g_assert_finalize_object (page);
}

int
main (int   argc,
      char *argv[])
{
  kgt_init (&argc, &argv);

  g_test_add_func ("/kiosk/code-page/typing", test_typing);
  g_test_add_func ("/kiosk/code-page/keypad-keys", test_keypad_keys);
  g_test_add_func ("/kiosk/code-page/keyboard", test_keyboard);
  g_test_add_func ("/kiosk/code-page/message-and-busy", test_message_and_busy);
  g_test_add_func ("/kiosk/code-page/for-staff", test_for_staff);

  return g_test_run ();
}
