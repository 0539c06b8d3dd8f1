/* test-kiosk-template-pages.c — the pages that are only a template, with
 * no code of their own: "Who is answering today?"
 * (kiosk/pages/respondent/) and "Thank you" (kiosk/pages/thanks/).  What
 * there is to get wrong is the template: the words, and the respondent
 * buttons' wire names (docs/api.md), which the window's stateful
 * kiosk.respondent action receives. */
#include "config.h"

#include "kiosk-gui-test.h"
#include "kiosk-respondent-page.h"
#include "kiosk-thanks-page.h"

static void
test_respondent_choices (void)
{
  static const struct { const char *label, *wire_name; } choices[] = {
    { "Me, the young person", "young-person" },
    { "Me, a parent or carer", "parent-carer" },
    { "Both of us together", "both" },
    { "Someone helping a young person or family", "someone-helping" },
  };
  GtkWidget *page = g_object_ref_sink (kiosk_respondent_page_new ());
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) respondent =
    g_simple_action_new_stateful ("respondent", G_VARIANT_TYPE_STRING, g_variant_new_string (""));
  GtkWidget *window;

  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (respondent));
  window = kgt_show_with_actions (page, G_ACTION_GROUP (group));

  g_assert_nonnull (kgt_find_text (page, "Who is answering today?"));
  for (guint i = 0; i < G_N_ELEMENTS (choices); i++)
    {
      GtkWidget *button = kgt_find_text (page, choices[i].label);
      g_autoptr(GVariant) state = NULL;

      g_assert_nonnull (button);
      g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==,
                       "kiosk.respondent");
      /* Pressing the button makes its wire name the action's state. */
      g_signal_emit_by_name (button, "clicked");
      kgt_run (5);
      state = g_action_get_state (G_ACTION (respondent));
      g_assert_cmpstr (g_variant_get_string (state, NULL), ==, choices[i].wire_name);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (page);
}

static void
test_thanks (void)
{
  GtkWidget *page = g_object_ref_sink (kiosk_thanks_page_new ());

  g_assert_nonnull (kgt_find_text (page, "Thank you"));
  g_assert_nonnull (kgt_find_text (page, "Your answers are saved. You can give the tablet back now."));
  g_assert_finalize_object (page);
}

int
main (int   argc,
      char *argv[])
{
  kgt_init (&argc, &argv);

  g_test_add_func ("/kiosk/template-pages/respondent-choices", test_respondent_choices);
  g_test_add_func ("/kiosk/template-pages/thanks", test_thanks);

  return g_test_run ();
}
