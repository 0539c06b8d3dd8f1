/* test-kiosk-welcome-page.c — the first screen
 * (kiosk/pages/welcome/kiosk-welcome-page.c): Start, easy read, and a
 * language chooser only when staff offer more than one language, each
 * language named in itself. */
#include "config.h"

#include "kiosk-gui-test.h"
#include "kiosk-welcome-page.h"

/* The language button for @code, or NULL. */
static GtkWidget *
language_button (GtkWidget  *page,
                 const char *code)
{
  for (GtkWidget *child = gtk_widget_get_first_child (kgt_part (page, "languages")); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *button = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      if (g_strcmp0 (gtk_widget_get_name (button), code) == 0)
        return button;
    }
  return NULL;
}

static void
test_one_language (void)
{
  static const char * const one[] = { "en", NULL };
  GtkWidget *page = g_object_ref_sink (kiosk_welcome_page_new (one));
  GtkWidget *none = g_object_ref_sink (kiosk_welcome_page_new (NULL));

  /* Nothing to choose: no chooser. */
  g_assert_false (gtk_widget_get_visible (kgt_part (page, "languages")));
  g_assert_false (gtk_widget_get_visible (kgt_part (page, "language_label")));
  g_assert_null (language_button (page, "en"));
  g_assert_false (gtk_widget_get_visible (kgt_part (none, "languages")));
  /* Start and easy read are the window's actions. */
  g_assert_nonnull (kgt_find_actionable (page, "kiosk.start"));
  g_assert_nonnull (kgt_find_actionable (page, "kiosk.easy-read"));

  g_assert_finalize_object (page);
  g_assert_finalize_object (none);
}

static void
test_languages (void)
{
  static const char * const offered[] = { "en", "cy", "pl", NULL };
  GtkWidget *page = g_object_ref_sink (kiosk_welcome_page_new (offered));
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) language = g_simple_action_new ("language", G_VARIANT_TYPE_STRING);
  GtkWidget *window;
  GtkWidget *cymraeg;
  GVariant *target;

  /* The window's action, without which the buttons cannot be pressed
   * (nor focused). */
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (language));
  window = kgt_show_with_actions (page, G_ACTION_GROUP (group));

  g_assert_true (gtk_widget_get_visible (kgt_part (page, "languages")));
  g_assert_true (gtk_widget_get_visible (kgt_part (page, "language_label")));
  /* Each language in its own words, so a family finds theirs. */
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (language_button (page, "en"))), ==, "English");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (language_button (page, "pl"))), ==, "Polski");
  cymraeg = language_button (page, "cy");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (cymraeg)), ==, "Cymraeg");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (cymraeg)), ==, "kiosk.language");
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (cymraeg));
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, "cy");
  /* One focus stop per language, not the flow box's child as well. */
  g_assert_false (gtk_widget_get_focusable (gtk_widget_get_parent (cymraeg)));

  kiosk_welcome_page_focus_language (KIOSK_WELCOME_PAGE (page), "cy");
  kgt_run (5);
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == cymraeg);
  kiosk_welcome_page_focus_language (KIOSK_WELCOME_PAGE (page), "pl");
  kgt_run (5);
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == language_button (page, "pl"));
  /* A language not offered leaves the focus where it was. */
  kiosk_welcome_page_focus_language (KIOSK_WELCOME_PAGE (page), "fr");
  kgt_run (5);
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == language_button (page, "pl"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (page);
}

int
main (int   argc,
      char *argv[])
{
  kgt_init (&argc, &argv);

  g_test_add_func ("/kiosk/welcome-page/one-language", test_one_language);
  g_test_add_func ("/kiosk/welcome-page/languages", test_languages);

  return g_test_run ();
}
