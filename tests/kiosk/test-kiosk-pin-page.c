/* test-kiosk-pin-page.c — the staff PIN (kiosk/pages/pin/kiosk-pin-page.c):
 * chosen and typed twice on a tablet that has none, checked against the
 * store's hash otherwise, and refused for a while after five wrong ones.
 * The checks run on a worker thread, so each test waits for the page. */
#include "config.h"

#include "kiosk-gui-test.h"
#include "kiosk-pin-page.h"

static const char *
label_of (GtkWidget  *page,
          const char *name)
{
  return gtk_label_get_label (GTK_LABEL (kgt_part (page, name)));
}

/* The message shown, or NULL. */
static const char *
message (GtkWidget *page)
{
  const char *text = label_of (page, "message");

  return text[0] != '\0' ? text : NULL;
}

static void
type_pin (GtkWidget  *page,
          const char *digits)
{
  for (const char *p = digits; *p != '\0'; p++)
    {
      char key[2] = { *p, '\0' };

      g_assert_true (gtk_widget_activate_action (page, "kiosk.key", "s", key));
    }
}

static void
count_cb (GtkWidget *page,
          guint     *count)
{
  (*count)++;
}

/* Runs the main loop until @done becomes non-zero or, when
 * @expected_message is not NULL, the page shows it; or until the
 * (slowed-down) deadline passes.  The page checks on a worker thread. */
static void
wait_for (GtkWidget   *page,
          const guint *done,
          const char  *expected_message)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC * kt_slowdown ();

  while (*done == 0 &&
         (expected_message == NULL || g_strcmp0 (message (page), expected_message) != 0) &&
         g_get_monotonic_time () < end)
    kgt_run (20);
}

typedef struct
{
  KgtFixture  f;
  GtkWidget  *page;
  GtkWidget  *window;
  guint       done;
} PinFixture;

static void
show_page (PinFixture *p,
           gboolean    choose)
{
  p->page = g_object_ref_sink (kiosk_pin_page_new (p->f.store, choose));
  p->window = kgt_show (p->page);
  p->done = 0;
  g_signal_connect (p->page, "done", G_CALLBACK (count_cb), &p->done);
}

static void
close_page (PinFixture *p)
{
  gtk_window_destroy (GTK_WINDOW (p->window));
  g_assert_finalize_object (p->page);
  p->page = NULL;
}

static void
setup (PinFixture    *p,
       gconstpointer  data)
{
  kgt_setup (&p->f, NULL);
}

static void
teardown (PinFixture    *p,
          gconstpointer  data)
{
  kgt_teardown (&p->f);
}

static void
test_digits (PinFixture    *p,
             gconstpointer  data)
{
  KioskPinPage *self;
  guint notified = 0;

  show_page (p, FALSE);
  self = KIOSK_PIN_PAGE (p->page);
  kgt_count_notifies (p->page, "can-submit", &notified);

  g_assert_cmpstr (label_of (p->page, "dots"), ==, "–");
  type_pin (p->page, "123");
  /* Digits are shown as dots, never as themselves. */
  g_assert_cmpstr (label_of (p->page, "dots"), ==, "● ● ●");
  g_assert_false (kiosk_pin_page_can_submit (self));
  type_pin (p->page, "4");
  g_assert_true (kiosk_pin_page_can_submit (self));
  g_assert_cmpuint (notified, >=, 4);

  /* Only digits, and twelve at most. */
  gtk_widget_activate_action (p->page, "kiosk.key", "s", "A");
  gtk_widget_activate_action (p->page, "kiosk.key", "s", "56");
  type_pin (p->page, "567890123");
  g_assert_cmpstr (label_of (p->page, "dots"), ==, "● ● ● ● ● ● ● ● ● ● ● ●");

  g_assert_true (gtk_widget_activate_action (p->page, "kiosk.delete", NULL));
  g_assert_cmpstr (label_of (p->page, "dots"), ==, "● ● ● ● ● ● ● ● ● ● ●");

  /* A keyboard types digits and deletes too. */
  g_assert_true (kgt_press_key (p->page, GDK_KEY_BackSpace, 0));
  g_assert_true (kgt_press_key (p->page, GDK_KEY_BackSpace, 0));
  g_assert_true (kgt_press_key (p->page, GDK_KEY_7, 0));
  g_assert_cmpstr (label_of (p->page, "dots"), ==, "● ● ● ● ● ● ● ● ● ●");
  g_assert_false (kgt_press_key (p->page, GDK_KEY_x, 0));

  close_page (p);
}

/* A tablet without a PIN asks for one, twice; different PINs start over. */
static void
test_choose (PinFixture    *p,
             gconstpointer  data)
{
  g_assert_false (kiosk_store_has_staff_pin (p->f.store));
  show_page (p, FALSE);

  g_assert_cmpstr (label_of (p->page, "title"), ==, "Choose a staff PIN (at least 4 digits)");
  type_pin (p->page, "2468");
  kiosk_pin_page_submit (KIOSK_PIN_PAGE (p->page));
  g_assert_cmpstr (label_of (p->page, "title"), ==, "Type the new PIN again");
  g_assert_cmpstr (label_of (p->page, "dots"), ==, "–");

  type_pin (p->page, "2469");
  kiosk_pin_page_submit (KIOSK_PIN_PAGE (p->page));
  g_assert_cmpstr (message (p->page), ==,
                   "The two PINs were different. Please choose a PIN again.");
  g_assert_cmpstr (label_of (p->page, "title"), ==, "Choose a staff PIN (at least 4 digits)");
  g_assert_false (kiosk_store_has_staff_pin (p->f.store));

  type_pin (p->page, "2468");
  g_assert_null (message (p->page));
  kiosk_pin_page_submit (KIOSK_PIN_PAGE (p->page));
  type_pin (p->page, "2468");
  kiosk_pin_page_submit (KIOSK_PIN_PAGE (p->page));
  /* Saving runs on a thread; typing waits meanwhile. */
  g_assert_false (kiosk_pin_page_can_submit (KIOSK_PIN_PAGE (p->page)));
  g_assert_false (gtk_widget_get_sensitive (kgt_part (p->page, "keypad")));
  wait_for (p->page, &p->done, NULL);
  g_assert_cmpuint (p->done, ==, 1);
  g_assert_true (kiosk_store_check_staff_pin (p->f.store, "2468"));
  g_assert_true (gtk_widget_get_sensitive (kgt_part (p->page, "keypad")));
  close_page (p);
}

/* Where the keypad and Delete are in the window. */
static void
keys_at (PinFixture      *p,
         graphene_rect_t *keypad,
         graphene_rect_t *delete)
{
  g_assert_true (kgt_wait_for_paint (p->window, 2000));
  g_assert_true (gtk_widget_compute_bounds (kgt_part (p->page, "keypad"), p->window, keypad));
  g_assert_true (gtk_widget_compute_bounds (kgt_find_actionable (p->page, "kiosk.delete"),
                                            p->window, delete));
}

static void
test_check (PinFixture    *p,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  graphene_rect_t keypad, delete, keypad_after, delete_after;

  kiosk_store_set_staff_pin (p->f.store, "97531", &error);
  g_assert_no_error (error);

  show_page (p, FALSE);
  g_assert_cmpstr (label_of (p->page, "title"), ==, "Staff PIN");
  keys_at (p, &keypad, &delete);
  type_pin (p->page, "97530");
  kiosk_pin_page_submit (KIOSK_PIN_PAGE (p->page));
  wait_for (p->page, &p->done, "That PIN is not right. Please try again.");
  g_assert_cmpstr (message (p->page), ==, "That PIN is not right. Please try again.");
  /* The message takes the place kept for it: no key moves. */
  keys_at (p, &keypad_after, &delete_after);
  if (g_getenv ("KIOSK_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("KIOSK_SCREENSHOT_DIR"),
                                                "pin-wrong.png", NULL);

      kgt_save_png (p->window, path);
    }
  g_assert_true (graphene_rect_equal (&keypad, &keypad_after));
  g_assert_true (graphene_rect_equal (&delete, &delete_after));
  g_assert_cmpuint (p->done, ==, 0);
  g_assert_cmpstr (label_of (p->page, "dots"), ==, "–");

  type_pin (p->page, "97531");
  kiosk_pin_page_submit (KIOSK_PIN_PAGE (p->page));
  wait_for (p->page, &p->done, NULL);
  g_assert_cmpuint (p->done, ==, 1);
  close_page (p);

  /* With @choose staff set a new PIN even though there is one. */
  show_page (p, TRUE);
  g_assert_cmpstr (label_of (p->page, "title"), ==, "Choose a staff PIN (at least 4 digits)");
  close_page (p);
}

/* The page may go while a check is still running (staff press Cancel, or
 * the kiosk clears itself): it is freed at once, and says nothing when
 * the check ends, even for the right PIN, so staff mode never opens on a
 * screen that has moved on.  The check's thread keeps the store alive on
 * its own until it is done. */
static void
test_closed_while_checking (PinFixture    *p,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint store_refs;

  kiosk_store_set_staff_pin (p->f.store, "1111", &error);
  g_assert_no_error (error);
  show_page (p, FALSE);
  type_pin (p->page, "1111");
  store_refs = G_OBJECT (p->f.store)->ref_count;
  kiosk_pin_page_submit (KIOSK_PIN_PAGE (p->page));
  g_assert_cmpuint (G_OBJECT (p->f.store)->ref_count, >, store_refs);

  close_page (p);

  /* Wait for the thread to let go of the store, so the check has
   * certainly ended, before the fixture removes it. */
  {
    gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC * kt_slowdown ();

    while (G_OBJECT (p->f.store)->ref_count > store_refs && g_get_monotonic_time () < end)
      kgt_run (20);
  }
  g_assert_cmpuint (G_OBJECT (p->f.store)->ref_count, ==, store_refs);
  kgt_run (20);
  g_assert_cmpuint (p->done, ==, 0);
}

/* Five wrong PINs in a row and the page refuses to check for a minute.
 * Last in the program: the count is shared by every PIN page. */
static void
test_lockout (PinFixture    *p,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  kiosk_store_set_staff_pin (p->f.store, "8642", &error);
  g_assert_no_error (error);
  show_page (p, FALSE);

  for (guint i = 0; i < 5; i++)
    {
      type_pin (p->page, "0000");
      kiosk_pin_page_submit (KIOSK_PIN_PAGE (p->page));
      wait_for (p->page, &p->done, "That PIN is not right. Please try again.");
      g_assert_cmpstr (message (p->page), ==, "That PIN is not right. Please try again.");
      /* Typing again clears the message for the next try. */
      type_pin (p->page, "1");
      g_assert_null (message (p->page));
      gtk_widget_activate_action (p->page, "kiosk.delete", NULL);
    }

  /* Even the right PIN is not checked now. */
  type_pin (p->page, "8642");
  kiosk_pin_page_submit (KIOSK_PIN_PAGE (p->page));
  g_assert_cmpstr (message (p->page), ==,
                   "Too many wrong PINs. Please wait a minute and try again.");
  g_assert_cmpstr (label_of (p->page, "dots"), ==, "–");
  kgt_run (50);
  g_assert_cmpuint (p->done, ==, 0);
  close_page (p);
}

int
main (int   argc,
      char *argv[])
{
  kgt_init (&argc, &argv);

  g_test_add ("/kiosk/pin-page/digits", PinFixture, NULL, setup, test_digits, teardown);
  g_test_add ("/kiosk/pin-page/choose", PinFixture, NULL, setup, test_choose, teardown);
  g_test_add ("/kiosk/pin-page/check", PinFixture, NULL, setup, test_check, teardown);
  g_test_add ("/kiosk/pin-page/closed-while-checking", PinFixture, NULL,
              setup, test_closed_while_checking, teardown);
  g_test_add ("/kiosk/pin-page/lockout", PinFixture, NULL, setup, test_lockout, teardown);

  return g_test_run ();
}
