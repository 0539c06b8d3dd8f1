/* test-kiosk-easy-read.c — easy read on the screens around the forms.
 *
 * Chosen on Welcome, easy read changes Welcome at once, then "Who is
 * answering?", the code page, "Are you still there?" and Thank you:
 * short lines, each with a picture, in bigger type.  Walked through the
 * real window sideways and upright (on an Xvfb of the test's own), with
 * every control on screen; with KIOSK_SCREENSHOT_DIR set it leaves a
 * picture of each screen there. */
#include "config.h"

#include "kiosk-gui-test.h"
#include "kiosk-code-page.h"
#include "kiosk-forms-page.h"
#include "kiosk-question-page.h"
#include "kiosk-respondent-page.h"
#include "kiosk-review-page.h"
#include "kiosk-screen-test.h"
#include "kiosk-still-there-page.h"
#include "kiosk-thanks-page.h"
#include "kiosk-welcome-page.h"

static void
setup (KgtFixture    *f,
       gconstpointer  data)
{
  kst_setup_window (f, data);
}

static void
teardown (KgtFixture    *f,
          gconstpointer  data)
{
  kgt_teardown (f);
}

static gboolean
easy_read_of (GtkWidget *page)
{
  gboolean easy;

  g_object_get (page, "easy-read", &easy, NULL);
  return easy;
}

/* The page is in easy read, fits, and has @expected on it. */
static void
look (KgtFixture    *f,
      const KstSize *size,
      const char    *name,
      const char    *expected)
{
  GtkWidget *page = kgt_page (f);

  kgt_run (100);
  g_assert_true (easy_read_of (page));
  g_assert_true (gtk_widget_has_css_class (page, "kiosk-easy-read"));
  if (expected != NULL)
    {
      GtkWidget *label = kgt_find_text (page, expected);

      g_assert_nonnull (label);
      g_assert_true (gtk_widget_get_mapped (label));
    }
  kst_shoot (GTK_WIDGET (f->window), name);
  kst_assert_fits_width (page, size->width);
  kst_assert_on_screen (kst_viewport_of (page), page);
}

/* Every question from here to the review, in easy read: each is shot,
 * fits the screen's width and has every control on screen; the first
 * answer is chosen where there is a choice. */
static void
walk_questions (KgtFixture    *f,
                const KstSize *size)
{
  KioskSession *session = kiosk_window_get_session (f->window);
  guint n = 0;

  while (KIOSK_IS_QUESTION_PAGE (kgt_page (f)) && n++ < 60)
    {
      GtkWidget *page = kgt_page (f);
      const KioskStep *step = kiosk_question_page_get_step (KIOSK_QUESTION_PAGE (page));
      const KvItem *it = kiosk_session_get_step_item (session, step);
      const KvForm *form = kiosk_session_get_form (session, step->form);
      g_autofree char *name = step->goal >= 0
                              ? g_strdup_printf ("%s-%s-%d-easy", kv_form_get_id (form),
                                                 kv_item_get_id (it), step->goal + 1)
                              : g_strdup_printf ("%s-%s-easy", kv_form_get_id (form),
                                                 kv_item_get_id (it));

      kgt_run (50);
      kst_shoot (GTK_WIDGET (f->window), kv_item_get_item_type (it) == KV_ITEM_TEXT
                                          && g_str_equal (kv_form_get_id (form), "experience")
                                         ? "comment-easy" : name);
      kst_assert_fits_width (page, size->width);
      kst_assert_on_screen (kst_viewport_of (page), page);

      if (kv_item_get_item_type (it) == KV_ITEM_SCALE || kv_item_get_item_type (it) == KV_ITEM_CHOICE)
        kgt_act_s (f, "kiosk.choose", kv_level_get_id (kv_item_get_level (it, 0)));
      else if (kv_item_get_item_type (it) == KV_ITEM_GAS_RATING)
        kgt_act_s (f, "kiosk.choose", "0");
      if (kgt_can (f, "kiosk.next"))
        kgt_act (f, "kiosk.next");
      else
        kgt_act (f, "kiosk.skip");
    }
  g_assert_cmpuint (n, <, 60);
}

static void
test_walk (KgtFixture    *f,
           gconstpointer  data)
{
  const KstSize *size = data;
  GtkWidget *welcome = kgt_page (f);

  g_settings_set_uint (f->settings, "idle-timeout", 3);
  g_assert_true (KIOSK_IS_WELCOME_PAGE (welcome));
  g_assert_false (easy_read_of (welcome));
  g_assert_true (gtk_widget_get_mapped (kgt_part (welcome, "standard")));
  kst_shoot (GTK_WIDGET (f->window), "welcome");

  /* The choice shows on the page it was made on, at once, and moves
   * neither Start nor the toggle just pressed, either way, in either
   * style. */
  for (guint contrast = 0; contrast < 2; contrast++)
    {
      graphene_rect_t start, toggle, start_after, toggle_after;

      if (contrast)
        g_settings_set_boolean (f->settings, "high-contrast", TRUE);
      g_assert_true (kgt_wait_for_paint (GTK_WIDGET (f->window), 2000));
      g_assert_true (gtk_widget_compute_bounds (kgt_find_actionable (welcome, "kiosk.start"),
                                                GTK_WIDGET (f->window), &start));
      g_assert_true (gtk_widget_compute_bounds (kgt_find_actionable (welcome, "kiosk.easy-read"),
                                                GTK_WIDGET (f->window), &toggle));
      for (guint press = 0; press < 2; press++)
        {
          kgt_act (f, "kiosk.easy-read");
          g_assert_true (kgt_page (f) == welcome);
          g_assert_true (kgt_wait_for_paint (GTK_WIDGET (f->window), 2000));
          g_assert_true (gtk_widget_compute_bounds (kgt_find_actionable (welcome, "kiosk.start"),
                                                    GTK_WIDGET (f->window), &start_after));
          g_assert_true (gtk_widget_compute_bounds (kgt_find_actionable (welcome, "kiosk.easy-read"),
                                                    GTK_WIDGET (f->window), &toggle_after));
          if (!graphene_rect_equal (&start, &start_after)
              || !graphene_rect_equal (&toggle, &toggle_after))
            g_test_fail_printf ("easy read turned %s%s moved Start from %g,%g %gx%g to %g,%g %gx%g"
                                " and the toggle from %g,%g %gx%g to %g,%g %gx%g",
                                press == 0 ? "on" : "off", contrast ? " in high contrast" : "",
                                start.origin.x, start.origin.y, start.size.width, start.size.height,
                                start_after.origin.x, start_after.origin.y,
                                start_after.size.width, start_after.size.height,
                                toggle.origin.x, toggle.origin.y, toggle.size.width, toggle.size.height,
                                toggle_after.origin.x, toggle_after.origin.y,
                                toggle_after.size.width, toggle_after.size.height);
        }
    }
  g_settings_set_boolean (f->settings, "high-contrast", FALSE);
  kgt_act (f, "kiosk.easy-read");
  g_assert_false (gtk_widget_get_mapped (kgt_part (welcome, "standard")));
  look (f, size, "welcome-easy", "Tell us how things are going.");

  kgt_act (f, "kiosk.start");
  g_assert_true (KIOSK_IS_RESPONDENT_PAGE (kgt_page (f)));
  look (f, size, "respondent-easy", "Me. I am the young person.");
  kgt_act_s (f, "kiosk.respondent", "parent-carer");
  kgt_act (f, "kiosk.next");

  g_assert_true (KIOSK_IS_CODE_PAGE (kgt_page (f)));
  look (f, size, "code-easy", "It is on your card.");
  g_assert_true (gtk_widget_get_visible (kgt_part (kgt_page (f), "easy_picture")));

  kgt_act (f, "kiosk.no-code");
  g_assert_true (KIOSK_IS_FORMS_PAGE (kgt_page (f)));
  look (f, size, "forms-easy", "Press Start when you are ready.");
  /* "Are you still there?" over the first question, once nobody has
   * touched the screen for the (short) idle time set at the start. */
  kgt_act (f, "kiosk.next");
  g_assert_true (kgt_wait_for_page (f, KIOSK_TYPE_STILL_THERE_PAGE, 6000));
  look (f, size, "still-there-easy", "Touch the button to carry on.");
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (kgt_part (kgt_page (f), "countdown"))),
                                   "Seconds left: "));
  kgt_act (f, "kiosk.still-here");
  g_settings_set_uint (f->settings, "idle-timeout", 600);

  walk_questions (f, size);
  kgt_act (f, "kiosk.send");

  g_assert_true (KIOSK_IS_THANKS_PAGE (kgt_page (f)));
  look (f, size, "thanks-easy", "Please give the tablet back.");
}

/* A family with a code: the goals review and quality of life, every
 * question and "Check your answers" in easy read. */
static void
setup_review (KgtFixture    *f,
              gconstpointer  data)
{
  const KstSize *size = data;

  kgt_setup (f, "{\"code\": \"%s\", \"age_band\": \"under-18\", \"dsr\": \"amber\","
                " \"goal_set\": {\"version\": 1, \"set_at\": \"2026-03-04\", \"goals\": ["
                "   {\"id\": \"g1\", \"text\": \"A synthetic goal of the test\", \"baseline\": -1,"
                "    \"levels\": {\"0\": \"What the test expects\"}},"
                "   {\"id\": \"g2\", \"text\": \"Another synthetic goal\", \"baseline\": -2}]},"
                " \"due\": [\"gas-review\", \"family-qol\"]}");
  gtk_window_set_decorated (GTK_WINDOW (f->window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (f->window), size->width, size->height);
  kgt_run (100);
}

static void
test_review_walk (KgtFixture    *f,
                  gconstpointer  data)
{
  const KstSize *size = data;
  GtkWidget *review;

  kgt_act (f, "kiosk.easy-read");
  kgt_act (f, "kiosk.start");
  kgt_act_s (f, "kiosk.respondent", "parent-carer");
  kgt_act (f, "kiosk.next");
  g_assert_true (KIOSK_IS_CODE_PAGE (kgt_page (f)));
  kgt_type_code (f, f->code);
  kgt_act (f, "kiosk.next");
  g_assert_true (kgt_wait_for_page (f, KIOSK_TYPE_FORMS_PAGE, 5000));
  look (f, size, "forms-code-easy", NULL);
  kgt_act (f, "kiosk.next");

  walk_questions (f, size);
  review = kgt_page (f);
  g_assert_true (KIOSK_IS_REVIEW_PAGE (review));
  kgt_run (50);
  kst_shoot (GTK_WIDGET (f->window), "review-easy");
  kst_assert_fits_width (review, size->width);
  kst_assert_on_screen (kst_viewport_of (review), review);
}

/* Whether @widget would be drawn on a shown page: it and every parent
 * visible, and none of them the hidden page of a stack. */
static gboolean
shown (GtkWidget *widget)
{
  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
      return FALSE;
  return TRUE;
}

/* Each page on its own: the easy-read property swaps the words and
 * pictures in and out, and says so. */
static void
test_pages_switch_back (void)
{
  GtkWidget *pages[] = {
    g_object_ref_sink (kiosk_welcome_page_new (NULL)),
    g_object_ref_sink (kiosk_respondent_page_new ()),
    g_object_ref_sink (kiosk_code_page_new (FALSE)),
    g_object_ref_sink (kiosk_still_there_page_new ()),
    g_object_ref_sink (kiosk_thanks_page_new ()),
  };
  static const char * const standard[] = {
    "Welcome", "Me, the young person", "Type the code from your card",
    "Are you still there?", "Your answers are saved. You can give the tablet back now.",
  };
  static const char * const easy[] = {
    "Hello", "Me. I am the young person.", "Type your code.",
    "Are you still here?", "Your answers are saved.",
  };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      guint notified = 0;
      GtkWidget *label;

      kgt_count_notifies (pages[i], "easy-read", &notified);
      label = kgt_find_text (pages[i], standard[i]);
      g_assert_nonnull (label);
      g_assert_true (shown (label));

      g_object_set (pages[i], "easy-read", TRUE, NULL);
      g_object_set (pages[i], "easy-read", TRUE, NULL);
      g_assert_cmpuint (notified, ==, 1);
      label = kgt_find_text (pages[i], easy[i]);
      g_assert_nonnull (label);
      g_assert_true (shown (label));
      label = kgt_find_text (pages[i], standard[i]);
      g_assert_true (label == NULL || !shown (label));

      g_object_set (pages[i], "easy-read", FALSE, NULL);
      g_assert_cmpuint (notified, ==, 2);
      label = kgt_find_text (pages[i], standard[i]);
      g_assert_nonnull (label);
      g_assert_true (shown (label));
      g_assert_false (gtk_widget_has_css_class (pages[i], "kiosk-easy-read"));

      g_assert_finalize_object (pages[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  kgt_start_display (KST_SCREEN, KST_SCREEN);
  kgt_init (&argc, &argv);

  g_test_add_func ("/kiosk/easy-read/pages-switch-back", test_pages_switch_back);
  g_test_add ("/kiosk/easy-read/1280x800/walk", KgtFixture, &kst_landscape, setup, test_walk, teardown);
  g_test_add ("/kiosk/easy-read/800x1280/walk", KgtFixture, &kst_portrait, setup, test_walk, teardown);
  g_test_add ("/kiosk/easy-read/1280x800/review-walk", KgtFixture, &kst_landscape,
              setup_review, test_review_walk, teardown);
  g_test_add ("/kiosk/easy-read/800x1280/review-walk", KgtFixture, &kst_portrait,
              setup_review, test_review_walk, teardown);

  status = g_test_run ();
  kgt_stop_display ();
  return status;
}
