/* test-kiosk-review-page.c — "Check your answers" before Send
 * (kiosk/pages/review/kiosk-review-page.c): each form with how many of
 * its questions were answered, every question by its title with where it
 * stands and a button straight to it, never the answers, a word for
 * feedback that was declined or will be locked, easy read, and what went
 * wrong at Send. */
#include "config.h"

#include "kiosk-gui-test.h"
#include "kiosk-review-page.h"

/* A session with the family quality-of-life form, then independent
 * feedback, answered by a parent carer. */
static KioskSession *
two_form_session (void)
{
  KioskSession *session = kiosk_session_new ("en", FALSE);
  g_autoptr(KvForm) qol = kt_shipped_form ("family-qol");
  g_autoptr(KvForm) experience = kt_shipped_form ("experience");

  kiosk_session_set_respondent (session, KIOSK_RESPONDENT_PARENT_CARER);
  g_assert_true (kiosk_session_add_form (session, qol));
  g_assert_true (kiosk_session_add_form (session, experience));
  return session;
}

static char *
answered_text (KioskSession *session,
               guint         form)
{
  guint answered, shown;

  kiosk_session_count_answers (session, form, &answered, &shown);
  return g_strdup_printf (shown == 1 ? "%u of %u question answered"
                                     : "%u of %u questions answered", answered, shown);
}

/* The first question of the first form, answered with its first level. */
static void
answer_first_question (KioskSession *session)
{
  KioskStep step;
  const KvItem *item;
  JsonNode *value = json_node_new (JSON_NODE_VALUE);

  g_assert_true (kiosk_session_first_step (session, &step));
  item = kiosk_session_get_step_item (session, &step);
  while (kv_item_get_n_levels (item) == 0)
    {
      g_assert_true (kiosk_session_next_step (session, &step));
      item = kiosk_session_get_step_item (session, &step);
    }
  json_node_set_string (value, kv_level_get_id (kv_item_get_level (item, 0)));
  kiosk_session_set_answer (session, &step, value);
}

/* The largest visit the shipped forms allow: a GAS review of six goals
 * (long ones, in a family's own words), the family quality-of-life form
 * and independent feedback, every one of their questions shown. */
#define SIX_GOALS \
  "{\"code\": \"K7Q3-MX2P\", \"age_band\": \"under-18\"," \
  " \"goal_set\": {\"version\": 3, \"goals\": [" \
  "  {\"id\": \"g1\", \"text\": \"Get ready for school in the morning without an argument, most days\", \"baseline\": -1}," \
  "  {\"id\": \"g2\", \"text\": \"Sleep through most nights\", \"baseline\": -2}," \
  "  {\"id\": \"g3\", \"text\": \"Go to the youth club on Thursdays and stay for the whole evening\", \"baseline\": -1}," \
  "  {\"id\": \"g4\", \"text\": \"Say when things are too loud\", \"baseline\": -1}," \
  "  {\"id\": \"g5\", \"text\": \"Eat a meal with the family twice a week\", \"baseline\": -2}," \
  "  {\"id\": \"g6\", \"text\": \"Take the bus to college on my own\", \"baseline\": -1}]}," \
  " \"due\": [\"gas-review\", \"family-qol\", \"experience\"]}"

static KioskSession *
full_session (void)
{
  KioskSession *session = kiosk_session_new ("en", FALSE);
  g_autoptr(JsonNode) node = kt_json (SIX_GOALS);
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskChild) child = kiosk_child_new_from_json (node, NULL, FALSE, &error);
  const char *ids[] = { "gas-review", "family-qol", "experience" };

  g_assert_no_error (error);
  kiosk_session_set_respondent (session, KIOSK_RESPONDENT_PARENT_CARER);
  kiosk_session_set_child (session, "K7Q3-MX2P", child);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(KvForm) form = kt_shipped_form (ids[i]);

      g_assert_true (kiosk_session_add_form (session, form));
    }
  return session;
}

/* Every status at once, the longest words included: the goals skipped,
 * the quality of life left out ("You chose not to say") but for one
 * answered, feedback not answered yet. */
static void
mix_statuses (KioskSession *session)
{
  g_autoptr(GArray) goals = kiosk_session_list_questions (session, 0);
  g_autoptr(GArray) qol = kiosk_session_list_questions (session, 1);

  for (guint i = 0; i < goals->len; i++)
    kiosk_session_skip_step (session, &g_array_index (goals, KioskStep, i));
  for (guint i = 1; i < qol->len; i++)
    kiosk_session_skip_step (session, &g_array_index (qol, KioskStep, i));
  answer_first_question (session);
}

static void
test_counts (void)
{
  g_autoptr(KioskSession) session = two_form_session ();
  g_autofree char *qol_text = NULL;
  g_autofree char *experience_text = NULL;
  g_autofree char *experience_status = NULL;
  GtkWidget *page;
  guint answered, shown;

  answer_first_question (session);
  kiosk_session_count_answers (session, 0, &answered, &shown);
  g_assert_cmpuint (answered, ==, 1);
  g_assert_cmpuint (shown, >, 1);

  page = g_object_ref_sink (kiosk_review_page_new (session));
  qol_text = answered_text (session, 0);
  g_assert_nonnull (kgt_find_text (page, qol_text));
  g_assert_nonnull (kgt_find_text (page, kv_form_get_title (kiosk_session_get_form (session, 0),
                                                            FALSE)));
  experience_text = answered_text (session, 1);
  g_assert_nonnull (kgt_find_text (page, experience_text));

  /* Every question is listed by its title with where it stands, and is a
   * button straight to it; the answer itself is nowhere. */
  g_assert_nonnull (kgt_find_text (page, "Do you feel safe, at home and when you are out?"));
  g_assert_nonnull (kgt_find_text (page, "Answered"));
  g_assert_nonnull (kgt_find_text (page, "Not answered yet"));
  g_assert_null (kgt_find_text (page, "As I want it"));
  g_assert_nonnull (kgt_find_actionable (page, "kiosk.go-to"));
  g_assert_null (kgt_find_actionable (page, "kiosk.undecline"));

  /* Said above the list: 6 of the 7 quality-of-life questions and the 12
   * of feedback that are asked ("who" is taken from the start and never
   * listed) are still to answer; feedback with nothing answered will not
   * be sent. */
  g_assert_cmpuint (kiosk_review_page_get_n_unanswered (KIOSK_REVIEW_PAGE (page)), ==, 6 + 12);
  g_assert_nonnull (kgt_find_text (page, "18 questions are not answered yet. Tap one to answer it, "
                                         "or press Send without them."));
  g_assert_nonnull (kgt_find_text (page, "Nothing here is answered, so nothing of it will be sent."));

  g_assert_finalize_object (page);
}

/* Left out on purpose reads differently from not answered yet: "I'd
 * rather not say" questions as "You chose not to say".  Once anything of
 * the feedback is answered, the review says it will be locked at Send. */
static void
test_statuses (void)
{
  g_autoptr(KioskSession) session = two_form_session ();
  g_autoptr(GArray) qol = kiosk_session_list_questions (session, 0);
  g_autoptr(GArray) experience = kiosk_session_list_questions (session, 1);
  JsonNode *value = json_node_new (JSON_NODE_VALUE);
  GtkWidget *page;

  for (guint i = 0; i < qol->len; i++)
    kiosk_session_skip_step (session, &g_array_index (qol, KioskStep, i));
  kiosk_session_skip_step (session, &g_array_index (experience, KioskStep, 0));
  json_node_set_string (value, "good");
  kiosk_session_set_answer (session, &g_array_index (experience, KioskStep, 1), value);

  page = g_object_ref_sink (kiosk_review_page_new (session));
  g_assert_nonnull (kgt_find_text (page, "You chose not to say"));
  g_assert_nonnull (kgt_find_text (page, "Skipped"));
  g_assert_null (kgt_find_text (page, "Good"));
  g_assert_nonnull (kgt_find_text (page, "These answers are locked when you press Send. "
                                         "Your keyworker will not see them."));
  g_assert_cmpuint (kiosk_review_page_get_n_unanswered (KIOSK_REVIEW_PAGE (page)), ==, 10);

  g_assert_finalize_object (page);
}

/* The easy-read words, set after the page is built, as the window does. */
static void
test_easy_read (void)
{
  g_autoptr(KioskSession) session = two_form_session ();
  GtkWidget *page = g_object_ref_sink (kiosk_review_page_new (session));

  g_assert_nonnull (kgt_find_text (page, "Not answered yet"));
  g_assert_false (kiosk_screen_get_easy_read (KIOSK_SCREEN (page)));
  g_object_set (page, "easy-read", TRUE, NULL);
  g_assert_true (kiosk_screen_get_easy_read (KIOSK_SCREEN (page)));
  g_assert_nonnull (kgt_find_text (page, "Tap a question to change it. Press Send when you are ready."));
  g_assert_nonnull (kgt_find_text (page, "Not answered"));
  g_assert_null (kgt_find_text (page, "Not answered yet"));
  g_assert_nonnull (kgt_find_text (page, "Do you feel safe?"));
  g_assert_nonnull (kgt_find_text (page, "Some questions are not answered. You can answer them, "
                                         "or send without them."));

  g_assert_finalize_object (page);
}

static void
test_declined (void)
{
  g_autoptr(KioskSession) session = two_form_session ();
  GtkWidget *page;

  g_assert_true (kiosk_session_can_decline (session, 1));
  kiosk_session_decline (session, 1);
  page = g_object_ref_sink (kiosk_review_page_new (session));
  g_assert_nonnull (kgt_find_text (page, "You chose not to answer these. That is fine."));
  /* …and may answer them after all. */
  g_assert_nonnull (kgt_find_actionable (page, "kiosk.undecline"));
  g_assert_null (kgt_find_text (page, "These answers are locked when you press Send. "
                                      "Your keyworker will not see them."));

  g_assert_finalize_object (page);
}

static void
test_message (void)
{
  g_autoptr(KioskSession) session = two_form_session ();
  GtkWidget *page = g_object_ref_sink (kiosk_review_page_new (session));
  GtkWidget *message = GTK_WIDGET (gtk_widget_get_template_child (page, KIOSK_TYPE_REVIEW_PAGE,
                                                                  "message"));

  g_assert_false (gtk_widget_get_visible (message));
  kiosk_review_page_set_message (KIOSK_REVIEW_PAGE (page), "The answers could not be saved.");
  g_assert_true (gtk_widget_get_visible (message));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (message)), ==, "The answers could not be saved.");
  kiosk_review_page_set_message (KIOSK_REVIEW_PAGE (page), NULL);
  g_assert_false (gtk_widget_get_visible (message));

  g_assert_finalize_object (page);
}

static void
collect_tiles (GtkWidget *widget,
               GPtrArray *tiles)
{
  if (GTK_IS_BUTTON (widget)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "kiosk.go-to") == 0)
    g_ptr_array_add (tiles, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_tiles (child, tiles);
}

typedef struct
{
  int      width;
  int      height;
  gboolean easy_read;
  const char *name;
} Screen;

/* The whole of the largest visit on one tablet screen, either way up, in
 * standard words and easy read: the page in a scrolled window as the
 * kiosk's, above a bar as tall as its bottom bar, needs no scrolling and
 * every tile lies inside it, at least 56 px high and 48 px wide.  With
 * KIOSK_SCREENSHOT_DIR set, the page is saved there to be looked at. */
static void
test_fits (gconstpointer data)
{
  const Screen *screen = data;
  g_autoptr(KioskSession) session = full_session ();
  g_autoptr(GPtrArray) tiles = g_ptr_array_new ();
  g_autoptr(GSimpleActionGroup) actions = g_simple_action_group_new ();
  const char *dir = g_getenv ("KIOSK_SCREENSHOT_DIR");
  GtkWidget *page, *window, *box, *scrolled, *bar;
  GtkAdjustment *adjustment;
  guint n_questions = 0;

  g_autoptr(GSimpleAction) go_to = g_simple_action_new ("go-to", G_VARIANT_TYPE ("(uui)"));

  g_action_map_add_action (G_ACTION_MAP (actions), G_ACTION (go_to));
  mix_statuses (session);
  for (guint i = 0; i < kiosk_session_get_n_forms (session); i++)
    {
      g_autoptr(GArray) steps = kiosk_session_list_questions (session, i);

      n_questions += steps->len;
    }
  /* 6 goals and a comment, 7 about family life, 12 of feedback (who is
   * answering is taken from the start and not listed). */
  g_assert_cmpuint (n_questions, >=, 26);

  page = g_object_ref_sink (kiosk_review_page_new (session));
  g_object_set (page, "easy-read", screen->easy_read, NULL);
  g_assert_cmpuint (kiosk_review_page_get_n_unanswered (KIOSK_REVIEW_PAGE (page)), ==, 12);
  g_assert_nonnull (kgt_find_text (page, screen->easy_read ? "You did not want to say" : "You chose not to say"));

  window = gtk_window_new ();
  gtk_widget_add_css_class (window, "kiosk");
  /* Sized by its content, not by the window: the test's X screen may be
   * smaller than a tablet on its side. */
  gtk_window_set_resizable (GTK_WINDOW (window), FALSE);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_size_request (box, screen->width, screen->height);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), page);
  gtk_box_append (GTK_BOX (box), scrolled);
  /* The kiosk's bottom bar: 80 px buttons, 16 px above and below, its
   * top border, and the window's own frame. */
  bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_size_request (bar, -1, 80 + 2 * 16 + 1 + 8);
  gtk_box_append (GTK_BOX (box), bar);
  gtk_widget_insert_action_group (box, "kiosk", G_ACTION_GROUP (actions));
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  for (guint i = 0; i < 20 && gtk_widget_get_height (page) == 0; i++)
    kgt_run (20);
  kgt_run (50);

  if (dir != NULL)
    {
      g_autofree char *file = g_strdup_printf ("review-full-%s.png", screen->name);
      g_autofree char *path = g_build_filename (dir, file, NULL);

      kgt_save_png (window, path);
    }

  g_assert_cmpint (gtk_widget_get_width (window), ==, screen->width);
  g_assert_cmpint (gtk_widget_get_height (window), ==, screen->height);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  g_test_message ("%s: the page needs %.0f px of %.0f", screen->name,
                  gtk_adjustment_get_upper (adjustment), gtk_adjustment_get_page_size (adjustment));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), <=, gtk_adjustment_get_page_size (adjustment));

  collect_tiles (page, tiles);
  g_assert_cmpuint (tiles->len, ==, n_questions);
  for (guint i = 0; i < tiles->len; i++)
    {
      GtkWidget *tile = g_ptr_array_index (tiles, i);
      graphene_rect_t bounds;

      g_assert_true (gtk_widget_compute_bounds (tile, scrolled, &bounds));
      if (bounds.origin.x < 0 || bounds.origin.y < 0
          || bounds.origin.x + bounds.size.width > gtk_widget_get_width (scrolled)
          || bounds.origin.y + bounds.size.height > gtk_widget_get_height (scrolled))
        g_error ("%s: tile %u at %.0f,%.0f %.0f×%.0f lies outside %d×%d", screen->name, i,
                 bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height,
                 gtk_widget_get_width (scrolled), gtk_widget_get_height (scrolled));
      g_assert_cmpfloat (bounds.size.height, >=, 56);
      g_assert_cmpfloat (bounds.size.width, >=, 48);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (page);
}

int
main (int   argc,
      char *argv[])
{
  static const Screen screens[] = {
    { 1280, 800, FALSE, "landscape" },
    { 800, 1280, FALSE, "portrait" },
    { 1280, 800, TRUE, "landscape-easy-read" },
    { 800, 1280, TRUE, "portrait-easy-read" },
  };

  kgt_init (&argc, &argv);

  g_test_add_func ("/kiosk/review-page/counts", test_counts);
  g_test_add_func ("/kiosk/review-page/statuses", test_statuses);
  g_test_add_func ("/kiosk/review-page/easy-read", test_easy_read);
  g_test_add_func ("/kiosk/review-page/declined", test_declined);
  g_test_add_func ("/kiosk/review-page/message", test_message);
  for (guint i = 0; i < G_N_ELEMENTS (screens); i++)
    {
      g_autofree char *path = g_strdup_printf ("/kiosk/review-page/fits/%s", screens[i].name);

      g_test_add_data_func (path, &screens[i], test_fits);
    }

  return g_test_run ();
}
