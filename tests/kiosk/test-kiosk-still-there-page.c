/* test-kiosk-still-there-page.c — "Are you still there?"
 * (kiosk/pages/still-there/kiosk-still-there-page.c): the countdown in
 * words, singular and plural, and the one button that keeps the session. */
#include "config.h"

#include "kiosk-gui-test.h"
#include "kiosk-still-there-page.h"

static const char *
countdown (GtkWidget *page)
{
  GObject *label = gtk_widget_get_template_child (page, KIOSK_TYPE_STILL_THERE_PAGE, "countdown");

  return gtk_label_get_label (GTK_LABEL (label));
}

static void
test_countdown (void)
{
  GtkWidget *page = g_object_ref_sink (kiosk_still_there_page_new ());
  KioskStillTherePage *self = KIOSK_STILL_THERE_PAGE (page);

  g_assert_nonnull (kgt_find_text (page, "Are you still there?"));
  kiosk_still_there_page_set_seconds_left (self, 30);
  g_assert_cmpstr (countdown (page), ==,
                   "If nobody answers, this screen will be cleared for the next family in 30 seconds.");
  kiosk_still_there_page_set_seconds_left (self, 1);
  g_assert_cmpstr (countdown (page), ==,
                   "If nobody answers, this screen will be cleared for the next family in 1 second.");
  kiosk_still_there_page_set_seconds_left (self, 0);
  g_assert_cmpstr (countdown (page), ==,
                   "If nobody answers, this screen will be cleared for the next family in 0 seconds.");

  g_assert_finalize_object (page);
}

static void
still_here_cb (GSimpleAction *action,
               GVariant      *parameter,
               guint         *count)
{
  (*count)++;
}

/* The button is the window's kiosk.still-here: the page only asks. */
static void
test_still_here (void)
{
  GtkWidget *page = g_object_ref_sink (kiosk_still_there_page_new ());
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) still_here = g_simple_action_new ("still-here", NULL);
  GtkWidget *window, *button;
  guint pressed = 0;

  g_signal_connect (still_here, "activate", G_CALLBACK (still_here_cb), &pressed);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (still_here));
  window = kgt_show_with_actions (page, G_ACTION_GROUP (group));

  button = kgt_find_actionable (page, "kiosk.still-here");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpuint (pressed, ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (page);
}

int
main (int   argc,
      char *argv[])
{
  kgt_init (&argc, &argv);

  g_test_add_func ("/kiosk/still-there-page/countdown", test_countdown);
  g_test_add_func ("/kiosk/still-there-page/still-here", test_still_here);

  return g_test_run ();
}
