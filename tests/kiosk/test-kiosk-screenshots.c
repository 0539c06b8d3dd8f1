/* test-kiosk-screenshots.c — pictures of the kiosk's main screens.
 *
 * Renders the real window (under Xvfb, with the cairo renderer) to PNG
 * files, so that people can look at what a family sees: Welcome, the
 * keypad, a GAS rating in standard and easy-read wording, "Are you still
 * there?" and the staff outbox, plus a few more.  The files go to
 * $KIOSK_SCREENSHOT_DIR, or to screenshots/ in the build directory.
 *
 *   KIOSK_SCREENSHOT_DIR=/tmp/shots xvfb-run -a env GSK_RENDERER=cairo \
 *     meson test -C _build test-kiosk-screenshots
 */
#include "config.h"

#include <glib/gstdio.h>

#include "kiosk-gui-test.h"
#include "kiosk-question-page.h"
#include "kiosk-review-page.h"
#include "kiosk-staff-page.h"
#include "kiosk-still-there-page.h"

#define CHILD \
  "{\"code\": \"%s\", \"age_band\": \"under-18\", \"dsr\": \"amber\"," \
  " \"goal_set\": {\"version\": 1, \"set_at\": \"2026-03-04\", \"goals\": [" \
  "   {\"id\": \"g1\", \"text\": \"Go to school three mornings a week\", \"baseline\": -1," \
  "    \"levels\": {\"-2\": \"Not at all\", \"0\": \"Three mornings\", \"2\": \"Every morning\"}}," \
  "   {\"id\": \"g2\", \"text\": \"Sleep through most nights\", \"baseline\": -2}]}," \
  " \"due\": [\"gas-review\", \"family-qol\", \"experience\"]}"

static char *
shot_dir (void)
{
  const char *dir = g_getenv ("KIOSK_SCREENSHOT_DIR");
  char *path = dir != NULL ? g_strdup (dir) : g_test_build_filename (G_TEST_BUILT, "screenshots", NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
  return path;
}

static void
shoot (KgtFixture *f,
       const char *name)
{
  g_autofree char *dir = shot_dir ();
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);

  /* Let the page lay out and draw before it is rendered. */
  kgt_run (150);
  kgt_save_png (GTK_WIDGET (f->window), path);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_test_message ("wrote %s", path);
}

static void
setup (KgtFixture    *f,
       gconstpointer  data)
{
  kgt_setup (f, CHILD);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  kgt_run (100);
}

static void
teardown (KgtFixture    *f,
          gconstpointer  data)
{
  kgt_teardown (f);
}

static void
to_first_question (KgtFixture *f,
                   gboolean    easy_read)
{
  if (easy_read)
    g_assert_true (gtk_widget_activate_action (kgt_page (f), "kiosk.easy-read", NULL));
  kgt_act (f, "kiosk.start");
  kgt_act_s (f, "kiosk.respondent", "parent-carer");
  kgt_act (f, "kiosk.next");
  kgt_type_code (f, f->code);
  kgt_act (f, "kiosk.next");
  kgt_act (f, "kiosk.next");
  g_assert_true (KIOSK_IS_QUESTION_PAGE (kgt_page (f)));
}

static void
test_family_screens (KgtFixture    *f,
                     gconstpointer  data)
{
  g_auto(GStrv) languages = g_strsplit ("en cy pl ur", " ", -1);

  g_settings_set_strv (f->settings, "languages", (const char * const *) languages);
  kiosk_window_reset (f->window);
  shoot (f, "welcome");

  kgt_act (f, "kiosk.start");
  shoot (f, "respondent");
  kgt_act_s (f, "kiosk.respondent", "parent-carer");
  kgt_act (f, "kiosk.next");
  {
    g_autofree char *part = g_strndup (f->code, 6);
    kgt_type_code (f, part);
  }
  shoot (f, "keypad");
  kgt_type_code (f, f->code + 6);
  kgt_act (f, "kiosk.next");
  shoot (f, "forms-due");
  kgt_act (f, "kiosk.next");
  kgt_act_s (f, "kiosk.choose", "1");
  shoot (f, "gas-rating");

  kgt_act (f, "kiosk.next");
  kgt_act (f, "kiosk.next");
  kgt_act (f, "kiosk.skip");
  kgt_act_s (f, "kiosk.choose", "mostly-fine");
  shoot (f, "quality-of-life");

  while (KIOSK_IS_QUESTION_PAGE (kgt_page (f)))
    {
      const KioskStep *step = kiosk_question_page_get_step (KIOSK_QUESTION_PAGE (kgt_page (f)));
      KioskSession *session = kiosk_window_get_session (f->window);
      const KvItem *item = kiosk_session_get_step_item (session, step);
      KvForm *form = kiosk_session_get_form (session, step->form);

      if (g_str_equal (kv_form_get_id (form), "experience") && g_str_equal (kv_item_get_id (item), "fft"))
        {
          kgt_act_s (f, "kiosk.choose", "good");
          shoot (f, "experience-fft");
        }
      else if (kv_item_get_item_type (item) == KV_ITEM_SCALE || kv_item_get_item_type (item) == KV_ITEM_CHOICE)
        kgt_act_s (f, "kiosk.choose", kv_level_get_id (kv_item_get_level (item, 0)));

      if (g_str_equal (kv_form_get_id (form), "experience") && g_str_equal (kv_item_get_id (item), "private"))
        shoot (f, "experience-private");
      kgt_act (f, "kiosk.next");
    }
  g_assert_true (KIOSK_IS_REVIEW_PAGE (kgt_page (f)));
  shoot (f, "review");
  kgt_act (f, "kiosk.send");
  shoot (f, "thank-you");
}

static void
test_easy_read (KgtFixture    *f,
                gconstpointer  data)
{
  to_first_question (f, TRUE);
  kgt_act_s (f, "kiosk.choose", "0");
  shoot (f, "gas-rating-easy-read");
}

static void
test_high_contrast (KgtFixture    *f,
                    gconstpointer  data)
{
  g_settings_set_boolean (f->settings, "high-contrast", TRUE);
  to_first_question (f, FALSE);
  kgt_act_s (f, "kiosk.choose", "-1");
  shoot (f, "gas-rating-high-contrast");
}

static void
test_still_there (KgtFixture    *f,
                  gconstpointer  data)
{
  g_settings_set_uint (f->settings, "idle-timeout", 1);
  to_first_question (f, FALSE);
  g_assert_true (kgt_wait_for_page (f, KIOSK_TYPE_STILL_THERE_PAGE, 3000));
  shoot (f, "still-there");
}

static void
test_staff (KgtFixture    *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* Something in the outbox, so the counts are not all zero. */
  g_free (kt_add_qol (f->store, f->code));
  kiosk_store_record_sync (f->store, "The aggregator could not be reached.", &error);
  g_assert_no_error (error);

  kiosk_store_set_staff_pin (f->store, "2468", &error);
  g_assert_no_error (error);
  kgt_act (f, "kiosk.staff");
  shoot (f, "staff-pin");
  for (const char *p = "2468"; *p != '\0'; p++)
    {
      char key[2] = { *p, '\0' };
      kgt_act_s (f, "kiosk.key", key);
    }
  kgt_act (f, "kiosk.next");
  g_assert_true (kgt_wait_for_page (f, KIOSK_TYPE_STAFF_PAGE, 10000));
  shoot (f, "staff-outbox");

  kgt_act (f, "kiosk.set-goals");
  kgt_type_code (f, f->code);
  kgt_act (f, "kiosk.next");
  kgt_act (f, "kiosk.next");
  shoot (f, "staff-goal-setting");
}

int
main (int   argc,
      char *argv[])
{
  kgt_init (&argc, &argv);

  g_test_add ("/kiosk/screenshots/family", KgtFixture, NULL, setup, test_family_screens, teardown);
  g_test_add ("/kiosk/screenshots/easy-read", KgtFixture, NULL, setup, test_easy_read, teardown);
  g_test_add ("/kiosk/screenshots/high-contrast", KgtFixture, NULL, setup, test_high_contrast, teardown);
  g_test_add ("/kiosk/screenshots/still-there", KgtFixture, NULL, setup, test_still_there, teardown);
  g_test_add ("/kiosk/screenshots/staff", KgtFixture, NULL, setup, test_staff, teardown);

  return g_test_run ();
}
