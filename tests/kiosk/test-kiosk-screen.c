/* test-kiosk-screen.c — the easy-read choice every family screen shares
 * (kiosk/pages/kiosk-screen.c): the page is told once per change, never
 * when nothing changed, shows the variant asked for in the easy-read
 * style, notifies "easy-read", and is freed when it goes. */
#include "config.h"

#include "kiosk-gui-test.h"
#include "kiosk-screen.h"

#define TEST_TYPE_SCREEN (test_screen_get_type ())
G_DECLARE_FINAL_TYPE (TestScreen, test_screen, TEST, SCREEN, KioskScreen)

struct _TestScreen
{
  KioskScreen  parent_instance;

  GtkWidget   *standard;
  GtkWidget   *easy;
  guint        updates;
};

G_DEFINE_FINAL_TYPE (TestScreen, test_screen, KIOSK_TYPE_SCREEN)

static void
test_screen_update_easy_read (KioskScreen *screen)
{
  TestScreen *self = TEST_SCREEN (screen);

  self->updates++;
  kiosk_screen_show_variant (screen, self->standard, self->easy,
                             kiosk_screen_get_easy_read (screen));
}

static void
test_screen_class_init (TestScreenClass *klass)
{
  KIOSK_SCREEN_CLASS (klass)->update_easy_read = test_screen_update_easy_read;
}

static void
test_screen_init (TestScreen *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  self->standard = gtk_label_new ("standard words");
  self->easy = gtk_label_new ("easy words");
  gtk_widget_set_visible (self->easy, FALSE);
  gtk_box_append (GTK_BOX (box), self->standard);
  gtk_box_append (GTK_BOX (box), self->easy);
  adw_bin_set_child (ADW_BIN (self), box);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_easy_read (void)
{
  TestScreen *screen = g_object_ref_sink (g_object_new (TEST_TYPE_SCREEN, NULL));
  guint notified = 0;
  gboolean easy_read;

  g_signal_connect (screen, "notify::easy-read", G_CALLBACK (count_notify), &notified);
  g_assert_false (kiosk_screen_get_easy_read (KIOSK_SCREEN (screen)));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (screen), "kiosk-easy-read"));

  /* Setting what it already is changes nothing. */
  kiosk_screen_set_easy_read (KIOSK_SCREEN (screen), FALSE);
  g_assert_cmpuint (screen->updates, ==, 0);
  g_assert_cmpuint (notified, ==, 0);

  /* Through the property, as the window and GtkBuilder set it. */
  g_object_set (screen, "easy-read", TRUE, NULL);
  g_assert_cmpuint (screen->updates, ==, 1);
  g_assert_cmpuint (notified, ==, 1);
  g_object_get (screen, "easy-read", &easy_read, NULL);
  g_assert_true (easy_read);
  g_assert_true (gtk_widget_get_visible (screen->easy));
  g_assert_false (gtk_widget_get_visible (screen->standard));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (screen), "kiosk-easy-read"));

  kiosk_screen_set_easy_read (KIOSK_SCREEN (screen), TRUE);
  g_assert_cmpuint (screen->updates, ==, 1);

  kiosk_screen_set_easy_read (KIOSK_SCREEN (screen), FALSE);
  g_assert_cmpuint (screen->updates, ==, 2);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_true (gtk_widget_get_visible (screen->standard));
  g_assert_false (gtk_widget_get_visible (screen->easy));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (screen), "kiosk-easy-read"));

  g_assert_finalize_object (screen);
}

int
main (int   argc,
      char *argv[])
{
  kgt_init (&argc, &argv);

  g_test_add_func ("/kiosk/screen/easy-read", test_easy_read);

  return g_test_run ();
}
