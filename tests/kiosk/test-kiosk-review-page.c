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

  /* Said above the list: 6 of the 7 quality-of-life questions and the 13
   * of feedback are still to answer; feedback with nothing answered will
   * not be sent. */
  g_assert_cmpuint (kiosk_review_page_get_n_unanswered (KIOSK_REVIEW_PAGE (page)), ==, 6 + 13);
  g_assert_nonnull (kgt_find_text (page, "19 questions are not answered yet. Tap one to answer it, "
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
  g_assert_cmpuint (kiosk_review_page_get_n_unanswered (KIOSK_REVIEW_PAGE (page)), ==, 11);

  g_assert_finalize_object (page);
}

/* The easy-read words, set after the page is built, as the window does. */
static void
test_easy_read (void)
{
  g_autoptr(KioskSession) session = two_form_session ();
  GtkWidget *page = g_object_ref_sink (kiosk_review_page_new (session));

  g_assert_nonnull (kgt_find_text (page, "Not answered yet"));
  g_assert_false (kiosk_review_page_get_easy_read (KIOSK_REVIEW_PAGE (page)));
  g_object_set (page, "easy-read", TRUE, NULL);
  g_assert_true (kiosk_review_page_get_easy_read (KIOSK_REVIEW_PAGE (page)));
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

int
main (int   argc,
      char *argv[])
{
  kgt_init (&argc, &argv);

  g_test_add_func ("/kiosk/review-page/counts", test_counts);
  g_test_add_func ("/kiosk/review-page/statuses", test_statuses);
  g_test_add_func ("/kiosk/review-page/easy-read", test_easy_read);
  g_test_add_func ("/kiosk/review-page/declined", test_declined);
  g_test_add_func ("/kiosk/review-page/message", test_message);

  return g_test_run ();
}
