/* test-kiosk-question-page.c — any form, rendered from the form model.
 *
 * A made-up form (data/every-item.xml) with one item of every type a
 * family answers, conditions included, is cached in the store as the
 * aggregator would send it, and walked through the real window.  Nothing
 * in the kiosk knows this form. */
#include "config.h"

#include "kiosk-gui-test.h"
#include "kiosk-level-grid.h"
#include "kiosk-question-page.h"
#include "kiosk-review-page.h"
#include "kiosk-staff-page.h"

#define CHILD \
  "{\"code\": \"%s\", \"age_band\": \"18-25\", \"dsr\": \"blue\"," \
  " \"goal_set\": null, \"due\": [\"kiosk-test-every-item\"]}"

static void
setup (KgtFixture    *f,
       gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "every-item.xml", NULL);
  g_autoptr(GBytes) xml = NULL;
  g_autoptr(GError) error = NULL;
  char *contents;
  gsize length;

  kgt_setup (f, CHILD);

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  xml = g_bytes_new_take (contents, length);
  kiosk_store_cache_form (f->store, xml, &error);
  g_assert_no_error (error);
}

static void
teardown (KgtFixture    *f,
          gconstpointer  data)
{
  kgt_teardown (f);
}

static const char *
item_id (KgtFixture *f)
{
  KioskSession *session = kiosk_window_get_session (f->window);
  const KioskStep *step;

  g_assert_true (KIOSK_IS_QUESTION_PAGE (kgt_page (f)));
  step = kiosk_question_page_get_step (KIOSK_QUESTION_PAGE (kgt_page (f)));
  return kv_item_get_id (kiosk_session_get_step_item (session, step));
}

static void
start_as (KgtFixture *f,
          gboolean    easy_read,
          const char *respondent)
{
  if (easy_read)
    g_assert_true (gtk_widget_activate_action (kgt_page (f), "kiosk.easy-read", NULL));
  kgt_act (f, "kiosk.start");
  kgt_act_s (f, "kiosk.respondent", respondent);
  kgt_act (f, "kiosk.next");
  kgt_type_code (f, f->code);
  kgt_act (f, "kiosk.next");
  kgt_act (f, "kiosk.next");
}

static void
start (KgtFixture *f,
       gboolean    easy_read)
{
  start_as (f, easy_read, "young-person");
}

static void
test_every_item_type (KgtFixture    *f,
                      gconstpointer  data)
{
  g_autoptr(JsonNode) batch = NULL;
  g_autoptr(JsonNode) expected = NULL;
  JsonObject *submission;

  start (f, FALSE);

  /* An information screen is not a question: no number of its own. */
  g_assert_cmpstr (item_id (f), ==, "hello");
  g_assert_null (kgt_find_text (GTK_WIDGET (f->window), "Question 1 of 4"));
  g_assert_false (kgt_can (f, "kiosk.skip"));
  kgt_act (f, "kiosk.next");

  g_assert_cmpstr (item_id (f), ==, "mood");
  g_assert_nonnull (kgt_find_text (GTK_WIDGET (f->window), "Question 1 of 4"));
  g_assert_nonnull (kgt_find_text (kgt_page (f), "Great"));
  g_assert_false (kgt_can (f, "kiosk.next"));
  kgt_act_s (f, "kiosk.choose", "fine");
  kgt_act (f, "kiosk.next");

  /* Choosing blue brings in the question that depends on it. */
  g_assert_cmpstr (item_id (f), ==, "colour");
  kgt_act_s (f, "kiosk.choose", "blue");
  g_assert_nonnull (kgt_find_text (GTK_WIDGET (f->window), "Question 2 of 5"));
  kgt_act (f, "kiosk.next");

  g_assert_cmpstr (item_id (f), ==, "why-blue");
  g_assert_true (kgt_can (f, "kiosk.skip"));
  /* Typing stops at the form's limit of 20 characters. */
  kiosk_question_page_set_text (KIOSK_QUESTION_PAGE (kgt_page (f)),
                                "Because the sea is blue and so is the sky");
  kgt_act (f, "kiosk.next");

  g_assert_cmpstr (item_id (f), ==, "days");
  g_assert_false (kgt_can (f, "kiosk.next"));
  kgt_act_s (f, "kiosk.toggle", "mon");
  g_assert_true (kgt_can (f, "kiosk.next"));
  kgt_act_s (f, "kiosk.toggle", "wed");
  /* Two is the most: a third choice is not taken. */
  kgt_act_s (f, "kiosk.toggle", "tue");
  kgt_act (f, "kiosk.next");

  g_assert_cmpstr (item_id (f), ==, "wednesday-note");
  kgt_act (f, "kiosk.next");

  g_assert_cmpstr (item_id (f), ==, "visits");
  g_assert_false (kgt_can (f, "kiosk.next"));
  kiosk_question_page_set_text (KIOSK_QUESTION_PAGE (kgt_page (f)), "40");
  g_assert_false (kgt_can (f, "kiosk.next"));
  kiosk_question_page_set_text (KIOSK_QUESTION_PAGE (kgt_page (f)), "12");
  g_assert_true (kgt_can (f, "kiosk.next"));
  kgt_act (f, "kiosk.next");

  g_assert_true (KIOSK_IS_REVIEW_PAGE (kgt_page (f)));
  kgt_act (f, "kiosk.send");

  batch = kgt_outbox (f);
  submission = kgt_submission (batch, "kiosk-test-every-item");
  g_assert_nonnull (submission);
  g_assert_cmpint (json_object_get_int_member (submission, "form_version"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (submission, "respondent"), ==, "young-person");
  expected = kt_json ("{\"mood\": \"fine\", \"colour\": \"blue\","
                      " \"why-blue\": \"Because the sea is b\","
                      " \"days\": [\"mon\", \"wed\"], \"visits\": 12}");
  g_assert_true (json_node_equal (json_object_get_member (submission, "answers"), expected));
}

/* Easy read swaps in the easy-read wording wherever the form has it, and
 * keeps the standard wording where it does not. */
static void
test_easy_read_wording (KgtFixture    *f,
                        gconstpointer  data)
{
  g_autoptr(JsonNode) batch = NULL;

  start (f, TRUE);
  g_assert_nonnull (kgt_find_text (GTK_WIDGET (f->window), "All the questions"));
  kgt_act (f, "kiosk.next");
  g_assert_nonnull (kgt_find_text (kgt_page (f), "Are you OK?"));
  g_assert_null (kgt_find_text (kgt_page (f), "How are you today?"));
  kgt_act_s (f, "kiosk.choose", "great");
  kgt_act (f, "kiosk.next");
  g_assert_nonnull (kgt_find_text (kgt_page (f), "Which colour do you like best?"));
  kgt_act_s (f, "kiosk.choose", "red");
  kgt_act (f, "kiosk.next");
  /* Red: no "Why blue?". */
  g_assert_cmpstr (item_id (f), ==, "days");
  kgt_act_s (f, "kiosk.toggle", "tue");
  kgt_act (f, "kiosk.next");
  g_assert_cmpstr (item_id (f), ==, "visits");
  kiosk_question_page_set_text (KIOSK_QUESTION_PAGE (kgt_page (f)), "0");
  kgt_act (f, "kiosk.next");
  kgt_act (f, "kiosk.send");

  batch = kgt_outbox (f);
  g_assert_true (json_object_get_boolean_member (kgt_submission (batch, "kiosk-test-every-item"),
                                                 "easy_read"));
}

/* ---- Every question of every shipped form fits every screen ----------- */

#define FAMILY \
  "{\"code\": \"%s\", \"age_band\": \"under-18\", \"dsr\": \"amber\"," \
  " \"goal_set\": {\"version\": 1, \"set_at\": \"2026-03-04\", \"goals\": [" \
  "   {\"id\": \"g1\", \"text\": \"Go to school three mornings a week, and stay until lunch\"," \
  "    \"baseline\": -1, \"levels\": {\"-2\": \"Not at all, not even for a short visit\"," \
  "    \"-1\": \"One morning a week\", \"0\": \"Three mornings a week\"," \
  "    \"1\": \"Four mornings a week\", \"2\": \"Every morning, and some afternoons\"}}," \
  "   {\"id\": \"g2\", \"text\": \"Sleep through most nights\", \"baseline\": -2}]}," \
  " \"due\": [\"gas-review\", \"family-qol\", \"experience\"]}"

typedef struct
{
  int      width;
  int      height;
  gboolean easy_read;
} Screen;

static const Screen screens[] = {
  { 1280, 800, FALSE }, { 800, 1280, FALSE }, { 1024, 768, FALSE }, { 1920, 1080, FALSE },
  { 1280, 800, TRUE }, { 800, 1280, TRUE }, { 1024, 768, TRUE }, { 1920, 1080, TRUE },
};

static void
setup_family (KgtFixture    *f,
              gconstpointer  data)
{
  const Screen *screen = data;

  kgt_setup (f, FAMILY);
  gtk_window_set_default_size (GTK_WINDOW (f->window), screen->width, screen->height);
  kgt_run (50);
}

/* Whether @widget, or any widget under it, is a control a family could
 * need: every button and everything that takes the keyboard. */
static void
collect_controls (GtkWidget *widget,
                  GPtrArray *controls)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_BUTTON (widget) || GTK_IS_TEXT_VIEW (widget) || GTK_IS_EDITABLE (widget))
    {
      g_ptr_array_add (controls, widget);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_controls (child, controls);
}

static void
assert_inside (GtkWidget  *control,
               GtkWidget  *area,
               gboolean    across_only,
               const char *where)
{
  graphene_rect_t bounds;
  int width = gtk_widget_get_width (area);
  int height = gtk_widget_get_height (area);

  g_assert_true (gtk_widget_compute_bounds (control, area, &bounds));
  if (bounds.origin.x < 0 || bounds.origin.x + bounds.size.width > width + 0.5
      || (!across_only && (bounds.origin.y < 0 || bounds.origin.y + bounds.size.height > height + 0.5)))
    {
      /* Every page is still walked and pictured, so one run shows them
       * all. */
      g_test_message ("%s: a %s at %.0f,%.0f %.0f×%.0f is outside the %d×%d it must fit in",
                      where, G_OBJECT_TYPE_NAME (control), bounds.origin.x, bounds.origin.y,
                      bounds.size.width, bounds.size.height, width, height);
      g_test_fail ();
    }
}

/* The page asks for no more width than the screen has, and every control
 * of the page can be seen without scrolling; the window has not grown past
 * the screen, and the bottom bar's buttons are on it too.  The bottom bar's
 * own width is the bar's business: when it alone is wider than the screen
 * (Skip and "I'd rather not" side by side), that is said, not failed
 * here. */
static void
assert_fits_scrolling (KgtFixture   *f,
                       const Screen *screen,
                       const char   *name,
                       gboolean      scrolls)
{
  g_autoptr(GPtrArray) controls = g_ptr_array_new ();
  g_autofree char *where = g_strdup_printf ("%s at %d×%d%s", name, screen->width, screen->height,
                                            screen->easy_read ? " (easy read)" : "");
  GtkWidget *page = kgt_page (f);
  GtkWidget *holder = gtk_widget_get_ancestor (page, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *bar = kgt_part (GTK_WIDGET (f->window), "bottom_bar");
  const char *dir = g_getenv ("KIOSK_SCREENSHOT_DIR");
  gboolean short_display = FALSE;
  int page_min, bar_min;

  /* A page before may have made the window wider (see below); every page
   * is measured at the screen's own size. */
  gtk_window_set_default_size (GTK_WINDOW (f->window), screen->width, screen->height);
  kgt_run (30);
  /* On a loaded machine the X server may take a while to hand back the
   * new size: wait until it stops changing. */
  for (guint i = 0; i < 40; i++)
    {
      int width = gtk_widget_get_width (GTK_WIDGET (f->window));
      int height = gtk_widget_get_height (GTK_WIDGET (f->window));

      kgt_run (50);
      if (width == gtk_widget_get_width (GTK_WIDGET (f->window))
          && height == gtk_widget_get_height (GTK_WIDGET (f->window)))
        break;
    }

  /* Under a display smaller than the screen being tried (xvfb-run's
   * default is 1280×1024), the window cannot be as tall as the screen:
   * then only what goes across is checked.  Run under
   * xvfb-run -s "-screen 0 1920x1280x24" to check everything. */
  {
    GListModel *monitors = gdk_display_get_monitors (gdk_display_get_default ());
    g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, 0);
    GdkRectangle geometry;

    gdk_monitor_get_geometry (monitor, &geometry);
    if (geometry.height < screen->height || geometry.width < screen->width)
      {
        g_test_message ("%s: the display is only %d×%d; checking widths only", where,
                        geometry.width, geometry.height);
        short_display = TRUE;
        scrolls = TRUE;
      }
  }
  if (dir != NULL)
    {
      g_autofree char *file = g_strdup_printf ("fit-%dx%d%s-%s.png", screen->width, screen->height,
                                               screen->easy_read ? "-easy" : "", name);
      g_autofree char *path = g_build_filename (dir, file, NULL);

      g_mkdir_with_parents (dir, 0755);
      kgt_save_png (GTK_WIDGET (f->window), path);
    }

  gtk_widget_measure (holder, GTK_ORIENTATION_HORIZONTAL, -1, &page_min, NULL, NULL, NULL);
  gtk_widget_measure (bar, GTK_ORIENTATION_HORIZONTAL, -1, &bar_min, NULL, NULL, NULL);
  if (page_min > screen->width)
    {
      g_test_message ("%s: the page needs %d pixels across", where, page_min);
      g_test_fail ();
    }

  collect_controls (page, controls);
  for (guint i = 0; i < controls->len; i++)
    assert_inside (controls->pdata[i], holder, scrolls, where);

  if (bar_min > screen->width)
    {
      g_test_message ("%s: the bottom bar needs %d pixels across", where, bar_min);
      return;
    }

  if (gtk_widget_get_width (GTK_WIDGET (f->window)) > screen->width
      || (!short_display && gtk_widget_get_height (GTK_WIDGET (f->window)) > screen->height))
    {
      g_test_message ("%s: the window grew to %d×%d", where,
                      gtk_widget_get_width (GTK_WIDGET (f->window)),
                      gtk_widget_get_height (GTK_WIDGET (f->window)));
      g_test_fail ();
    }

  g_ptr_array_set_size (controls, 0);
  collect_controls (bar, controls);
  for (guint i = 0; i < controls->len; i++)
    assert_inside (controls->pdata[i], GTK_WIDGET (f->window), short_display, where);
}

static void
assert_fits (KgtFixture   *f,
             const Screen *screen,
             const char   *name)
{
  assert_fits_scrolling (f, screen, name, FALSE);
}

/* The answer that shows most of a question: the first level, but the
 * worrying ones where they bring in a screen of where to find help. */
static const char *
answer_for (const KvItem *item)
{
  const char *id = kv_item_get_id (item);

  if (g_str_equal (id, "safety"))
    return "serious-problem";
  if (g_str_equal (id, "crisis"))
    return "not-true";
  return kv_level_get_id (kv_item_get_level (item, 0));
}

static void
test_fits (KgtFixture    *f,
           gconstpointer  data)
{
  const Screen *screen = data;
  guint n_pages = 0;

  start_as (f, screen->easy_read, "parent-carer");
  while (KIOSK_IS_QUESTION_PAGE (kgt_page (f)))
    {
      KioskSession *session = kiosk_window_get_session (f->window);
      const KioskStep *step = kiosk_question_page_get_step (KIOSK_QUESTION_PAGE (kgt_page (f)));
      const KvItem *item = kiosk_session_get_step_item (session, step);
      KvForm *form = kiosk_session_get_form (session, step->form);
      g_autofree char *name = g_strdup_printf ("%s-%s%s%d", kv_form_get_id (form), kv_item_get_id (item),
                                               step->goal >= 0 ? "-goal" : "", step->goal + 1);

      switch (kv_item_get_item_type (item))
        {
        case KV_ITEM_GAS_RATING:
          kgt_act_s (f, "kiosk.choose", "partial");
          break;
        case KV_ITEM_SCALE:
        case KV_ITEM_CHOICE:
          kgt_act_s (f, "kiosk.choose", answer_for (item));
          break;
        default:
          break;
        }
      assert_fits (f, screen, name);
      n_pages++;

      if (kgt_can (f, "kiosk.next"))
        kgt_act (f, "kiosk.next");
      else
        kgt_act (f, "kiosk.skip");
    }

  g_assert_true (KIOSK_IS_REVIEW_PAGE (kgt_page (f)));
  /* Two goals and a comment, the quality of life with its safety screen,
   * and the feedback with its crisis screen. */
  g_assert_cmpuint (n_pages, >=, 20);
}

/* The goal editor, as the keyworker meets it in staff mode.  Up to six
 * goals, each with its own fields, are a long form that scrolls; but it
 * never needs more width than the screen has. */
static void
test_goal_editor_fits (KgtFixture    *f,
                       gconstpointer  data)
{
  const Screen *screen = data;
  g_autoptr(GError) error = NULL;

  kiosk_store_set_staff_pin (f->store, "2468", &error);
  g_assert_no_error (error);
  kgt_act (f, "kiosk.staff");
  for (const char *p = "2468"; *p != '\0'; p++)
    {
      char key[2] = { *p, '\0' };
      kgt_act_s (f, "kiosk.key", key);
    }
  kgt_act (f, "kiosk.next");
  g_assert_true (kgt_wait_for_page (f, KIOSK_TYPE_STAFF_PAGE, 10000));
  kgt_act (f, "kiosk.set-goals");
  kgt_type_code (f, f->code);
  kgt_act (f, "kiosk.next");
  g_assert_true (KIOSK_IS_QUESTION_PAGE (kgt_page (f)));
  assert_fits (f, screen, "gas-goals-about");
  kgt_act (f, "kiosk.next");
  g_assert_nonnull (kiosk_question_page_get_goal_editor (KIOSK_QUESTION_PAGE (kgt_page (f))));
  assert_fits_scrolling (f, screen, "gas-goals-goals", TRUE);
}

/* ---- Every scale runs from worse to better ------------------------------ */

/* The level ids of the answer buttons on the page, in reading order. */
static char *
shown_levels (KgtFixture *f)
{
  GtkWidget *grid = kgt_find_actionable (kgt_page (f), "kiosk.choose");
  GString *out = g_string_new (NULL);

  grid = gtk_widget_get_parent (grid);
  g_assert_true (KIOSK_IS_LEVEL_GRID (grid));
  for (GtkWidget *child = gtk_widget_get_first_child (grid); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (child));

      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, g_variant_get_string (target, NULL));
    }
  return g_string_free (out, FALSE);
}

/* The first answer on the page, clicked as a finger would. */
static void
press_first_answer (KgtFixture *f)
{
  GtkWidget *button = kgt_find_actionable (kgt_page (f), "kiosk.choose");

  g_signal_emit_by_name (button, "clicked");
}

static void
test_scales_worse_first (KgtFixture    *f,
                         gconstpointer  data)
{
  g_autoptr(JsonNode) batch = NULL;
  JsonObject *qol, *ratings;
  KvFormScore score;
  g_autoptr(GError) error = NULL;
  guint n_qol = 0, n_keyworking = 0;

  start_as (f, FALSE, "parent-carer");
  while (KIOSK_IS_QUESTION_PAGE (kgt_page (f)))
    {
      KioskSession *session = kiosk_window_get_session (f->window);
      const KioskStep *step = kiosk_question_page_get_step (KIOSK_QUESTION_PAGE (kgt_page (f)));
      const KvItem *item = kiosk_session_get_step_item (session, step);
      const char *form = kv_form_get_id (kiosk_session_get_form (session, step->form));
      const char *id = kv_item_get_id (item);
      g_autofree char *order = NULL;

      switch (kv_item_get_item_type (item))
        {
        case KV_ITEM_GAS_RATING:
          order = shown_levels (f);
          g_assert_cmpstr (order, ==, "-2 -1 0 1 2");
          press_first_answer (f);
          break;
        case KV_ITEM_SCALE:
        case KV_ITEM_CHOICE:
          order = shown_levels (f);
          if (g_str_equal (form, "family-qol"))
            {
              g_assert_cmpstr (order, ==, "serious-problem not-enough mostly-fine as-wanted");
              n_qol++;
            }
          else if (g_str_equal (id, "fft"))
            g_assert_cmpstr (order, ==, "very-poor poor neither good very-good dont-know");
          else if (kv_item_get_item_type (item) == KV_ITEM_SCALE)
            {
              g_assert_cmpstr (order, ==, "not-true partly-true certainly-true dont-know");
              n_keyworking++;
            }
          /* Past the screens of where to find help, which the worst
           * answers to these two bring in. */
          if (g_str_equal (id, "safety") || g_str_equal (id, "crisis"))
            kgt_act_s (f, "kiosk.choose", kv_level_get_id (kv_item_get_level (item, 0)));
          else
            press_first_answer (f);
          break;
        default:
          break;
        }

      if (kgt_can (f, "kiosk.next"))
        kgt_act (f, "kiosk.next");
      else
        kgt_act (f, "kiosk.skip");
    }
  g_assert_cmpuint (n_qol, ==, 7);
  g_assert_cmpuint (n_keyworking, ==, 8);

  /* Only the order on the screen changed: the first button still answers
   * with the level it shows, and scores as that level always did. */
  g_assert_true (KIOSK_IS_REVIEW_PAGE (kgt_page (f)));
  kgt_act (f, "kiosk.send");
  batch = kgt_outbox (f);
  ratings = json_object_get_object_member (json_object_get_object_member (kgt_submission (batch, "gas-review"),
                                                                          "answers"), "ratings");
  g_assert_cmpint (json_object_get_int_member (ratings, "g1"), ==, -2);
  qol = json_object_get_object_member (kgt_submission (batch, "family-qol"), "answers");
  g_assert_cmpstr (json_object_get_string_member (qol, "enjoyment"), ==, "serious-problem");
  g_assert_cmpstr (json_object_get_string_member (qol, "safety"), ==, "as-wanted");
  {
    g_autofree char *path = g_build_filename (KV_SOURCE_FORMS_DIR, "family-qol.xml", NULL);
    g_autoptr(KvForm) form = kv_form_new_from_file (path, &error);
    JsonNode *node = json_object_get_member (kgt_submission (batch, "family-qol"), "answers");

    g_assert_no_error (error);
    g_assert_true (kv_form_score_answers (form, node, &score, &error));
    g_assert_no_error (error);
    g_assert_true (score.complete);
    /* Six areas at "a serious problem" (0) and safety "as I want it" (3). */
    g_assert_cmpfloat (score.total, ==, 3.0);
  }
}

/* ---- What the shipped forms say ----------------------------------------- */

static GtkWidget *
find_image (GtkWidget  *widget,
            const char *icon)
{
  if (GTK_IS_IMAGE (widget) && g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (widget)), icon) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_image (child, icon);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The screens of where to find help have a picture and one sentence to a
 * line; "Who is answering?" is not asked again, yet the feedback still
 * says who gave it. */
static void
test_help_screens_and_who (KgtFixture    *f,
                           gconstpointer  data)
{
  KioskSession *session = NULL;
  guint n_help = 0, experience = G_MAXUINT;

  start_as (f, FALSE, "parent-carer");
  while (KIOSK_IS_QUESTION_PAGE (kgt_page (f)))
    {
      const KioskStep *step = kiosk_question_page_get_step (KIOSK_QUESTION_PAGE (kgt_page (f)));
      const KvItem *item;
      const char *id;

      session = kiosk_window_get_session (f->window);
      item = kiosk_session_get_step_item (session, step);
      id = kv_item_get_id (item);
      g_assert_cmpstr (id, !=, "who");
      if (g_str_equal (kv_form_get_id (kiosk_session_get_form (session, step->form)), "experience"))
        experience = step->form;

      if (g_str_equal (id, "safety-help"))
        {
          g_assert_nonnull (find_image (kgt_page (f), "kv-help-phone"));
          g_assert_nonnull (kgt_find_text (kgt_page (f), "Thank you for telling us."));
          g_assert_nonnull (kgt_find_text (kgt_page (f), "If you or anyone in your family is in danger now, call 999."));
          n_help++;
        }
      else if (g_str_equal (id, "crisis-help"))
        {
          g_assert_nonnull (find_image (kgt_page (f), "kv-help-phone"));
          g_assert_nonnull (kgt_find_text (kgt_page (f), "If someone is in danger, call 999."));
          n_help++;
        }
      else if (g_str_equal (id, "safety"))
        {
          /* Honest answers to "Do you feel safe?". */
          g_assert_null (kgt_find_text (kgt_page (f), "As I want it"));
          g_assert_nonnull (kgt_find_text (kgt_page (f), "Yes, I feel safe"));
        }

      if (kv_item_get_item_type (item) == KV_ITEM_SCALE || kv_item_get_item_type (item) == KV_ITEM_CHOICE)
        kgt_act_s (f, "kiosk.choose", answer_for (item));
      else if (kv_item_get_item_type (item) == KV_ITEM_GAS_RATING)
        kgt_act_s (f, "kiosk.choose", "0");
      if (kgt_can (f, "kiosk.next"))
        kgt_act (f, "kiosk.next");
      else
        kgt_act (f, "kiosk.skip");
    }
  g_assert_cmpuint (n_help, ==, 2);

  g_assert_cmpuint (experience, !=, G_MAXUINT);
  {
    g_autoptr(JsonNode) answers = kiosk_session_dup_answers (session, experience);

    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (answers), "who"), ==,
                     "parent-carer");
  }
}

/* Easy read keeps what the goal scale means: less or more than expected,
 * not worse or better than hoped; and the help says it in the buttons'
 * own terms. */
static void
test_easy_read_goal_levels (KgtFixture    *f,
                            gconstpointer  data)
{
  start_as (f, TRUE, "parent-carer");
  g_assert_nonnull (kgt_find_text (kgt_page (f), "A lot less than we expected"));
  g_assert_nonnull (kgt_find_text (kgt_page (f), "A bit more than we expected"));
  g_assert_nonnull (kgt_find_text (kgt_page (f), "Is it more or less than we expected?"));
  g_assert_null (kgt_find_text (kgt_page (f), "Much worse than we hoped"));
  /* The family's own words for a level, under its face. */
  g_assert_nonnull (kgt_find_text (kgt_page (f), "Three mornings a week"));
}

/* ---- The keyboard ------------------------------------------------------- */

/* A page opens with the focus on its heading, so a stray Space or
 * Enter answers nothing; Tab goes on to the first answer.  A comment box
 * opens with the focus in its text. */
static void
test_focus_starts_on_heading (KgtFixture    *f,
                              gconstpointer  data)
{
  guint n_pages = 0;

  start_as (f, FALSE, "parent-carer");
  while (KIOSK_IS_QUESTION_PAGE (kgt_page (f)) && n_pages < 8)
    {
      GtkWidget *page = kgt_page (f);
      GtkWidget *focus;
      KioskSession *session = kiosk_window_get_session (f->window);
      const KioskStep *step = kiosk_question_page_get_step (KIOSK_QUESTION_PAGE (page));
      const KvItem *item = kiosk_session_get_step_item (session, step);

      /* The first Tab's target depends on the page's layout, which a
       * loaded machine may not have done yet. */
      g_assert_true (kgt_wait_for_paint (GTK_WIDGET (f->window), 10000));
      focus = gtk_root_get_focus (GTK_ROOT (f->window));
      /* A comment box starts in its text instead (kiosk_question_page_focus). */
      if (kv_item_get_item_type (item) == KV_ITEM_TEXT)
        {
          if (!GTK_IS_TEXT_VIEW (focus))
            g_error ("page %u (%s): the focus is not in the comment box", n_pages,
                     kv_item_get_id (item));
        }
      else if (focus != kgt_part (page, "heading"))
        g_error ("page %u (%s): the focus is on a %s", n_pages, kv_item_get_id (item),
                 focus != NULL ? G_OBJECT_TYPE_NAME (focus) : "nothing");
      /* Nobody has pressed a key: no focus ring on a calm page (the
       * real-input keyboard walk sees it shown to someone who has). */
      g_assert_false (gtk_window_get_focus_visible (GTK_WINDOW (f->window)));
      /* What Space or Enter would do to it: nothing. */
      g_assert_false (gtk_widget_activate (focus));
      g_assert_null (kiosk_session_get_answer (session, step));

      if (kv_item_get_item_type (item) != KV_ITEM_INFO)
        {
          g_assert_true (gtk_widget_child_focus (GTK_WIDGET (f->window), GTK_DIR_TAB_FORWARD));
          focus = gtk_root_get_focus (GTK_ROOT (f->window));
          if (focus == NULL || !gtk_widget_is_ancestor (focus, kgt_part (page, "answer")))
            g_error ("page %u (%s): Tab from the heading went to a %s, not to the answers",
                     n_pages, kv_item_get_id (item),
                     focus != NULL ? G_OBJECT_TYPE_NAME (focus) : "nothing");
        }

      if (kv_item_get_item_type (item) == KV_ITEM_GAS_RATING)
        kgt_act_s (f, "kiosk.choose", "0");
      else if (kv_item_get_item_type (item) == KV_ITEM_SCALE)
        kgt_act_s (f, "kiosk.choose", "mostly-fine");
      if (kgt_can (f, "kiosk.next"))
        kgt_act (f, "kiosk.next");
      else
        kgt_act (f, "kiosk.skip");
      n_pages++;
    }
  g_assert_cmpuint (n_pages, ==, 8);
}

/* The buttons under @widget naming @action, in order. */
static void
collect_actionables (GtkWidget  *widget,
                     const char *action,
                     GPtrArray  *out)
{
  if (GTK_IS_ACTIONABLE (widget)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_actionables (child, action, out);
}

/* The first label inside @widget. */
static GtkWidget *
first_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = first_label (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Choosing an answer moves nothing on the page, in either style, not even
 * the words inside the answer chosen: a chosen answer's ring is drawn
 * inside it, so no button grows and no row moves under the finger. */
static void
test_choosing_moves_nothing (KgtFixture    *f,
                             gconstpointer  data)
{
  start_as (f, FALSE, "parent-carer");
  for (guint contrast = 0; contrast < 2; contrast++)
    {
      g_autoptr(GPtrArray) answers = g_ptr_array_new ();
      g_autoptr(GArray) before = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
      GtkWidget *page = kgt_page (f);

      g_settings_set_boolean (f->settings, "high-contrast", contrast);
      g_assert_true (KIOSK_IS_QUESTION_PAGE (page));
      collect_actionables (page, "kiosk.choose", answers);
      g_assert_cmpuint (answers->len, >=, 5);
      g_assert_true (kgt_wait_for_paint (GTK_WIDGET (f->window), 5000));
      for (guint i = 0; i < answers->len; i++)
        {
          graphene_rect_t r;

          g_assert_nonnull (first_label (g_ptr_array_index (answers, i)));
          g_assert_true (gtk_widget_compute_bounds (first_label (g_ptr_array_index (answers, i)),
                                                    GTK_WIDGET (f->window), &r));
          g_array_append_val (before, r);
        }
      for (guint chosen = 0; chosen < answers->len; chosen++)
        {
          GVariant *target = gtk_actionable_get_action_target_value (g_ptr_array_index (answers, chosen));

          kgt_act_s (f, "kiosk.choose", g_variant_get_string (target, NULL));
          g_assert_true (gtk_toggle_button_get_active (g_ptr_array_index (answers, chosen)));
          g_assert_true (kgt_wait_for_paint (GTK_WIDGET (f->window), 5000));
          for (guint i = 0; i < answers->len; i++)
            {
              graphene_rect_t r;

              g_assert_true (gtk_widget_compute_bounds (first_label (g_ptr_array_index (answers, i)),
                                                        GTK_WIDGET (f->window), &r));
              if (!graphene_rect_equal (&r, &g_array_index (before, graphene_rect_t, i)))
                g_error ("choosing answer %u%s moved answer %u from %g,%g %gx%g to %g,%g %gx%g",
                         chosen, contrast ? " in high contrast" : "", i,
                         g_array_index (before, graphene_rect_t, i).origin.x,
                         g_array_index (before, graphene_rect_t, i).origin.y,
                         g_array_index (before, graphene_rect_t, i).size.width,
                         g_array_index (before, graphene_rect_t, i).size.height,
                         r.origin.x, r.origin.y, r.size.width, r.size.height);
            }
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  kgt_init (&argc, &argv);

  g_test_add ("/kiosk/question-page/every-item-type", KgtFixture, NULL,
              setup, test_every_item_type, teardown);
  g_test_add ("/kiosk/question-page/easy-read-wording", KgtFixture, NULL,
              setup, test_easy_read_wording, teardown);

  g_test_add ("/kiosk/question-page/scales-run-worse-to-better", KgtFixture, &screens[0],
              setup_family, test_scales_worse_first, teardown);
  g_test_add ("/kiosk/question-page/help-screens-and-who", KgtFixture, &screens[0],
              setup_family, test_help_screens_and_who, teardown);
  g_test_add ("/kiosk/question-page/easy-read-goal-levels", KgtFixture, &screens[0],
              setup_family, test_easy_read_goal_levels, teardown);
  g_test_add ("/kiosk/question-page/focus-starts-on-heading", KgtFixture, &screens[0],
              setup_family, test_focus_starts_on_heading, teardown);
  g_test_add ("/kiosk/question-page/choosing-moves-nothing", KgtFixture, &screens[0],
              setup_family, test_choosing_moves_nothing, teardown);
  for (guint i = 0; i < G_N_ELEMENTS (screens); i++)
    {
      g_autofree char *path = g_strdup_printf ("/kiosk/question-page/fits/%dx%d%s", screens[i].width,
                                               screens[i].height, screens[i].easy_read ? "/easy-read" : "");
      g_autofree char *staff = g_strdup_printf ("/kiosk/question-page/goal-editor-fits/%dx%d%s",
                                                screens[i].width, screens[i].height,
                                                screens[i].easy_read ? "/easy-read" : "");

      g_test_add (path, KgtFixture, &screens[i], setup_family, test_fits, teardown);
      g_test_add (staff, KgtFixture, &screens[i], setup_family, test_goal_editor_fits, teardown);
    }

  return g_test_run ();
}
