/* test-kiosk-question-page.c — any form, rendered from the form model.
 *
 * A made-up form (data/every-item.xml) with one item of every type a
 * family answers, conditions included, is cached in the store as the
 * aggregator would send it, and walked through the real window.  Nothing
 * in the kiosk knows this form. */
#include "config.h"

#include "kiosk-gui-test.h"
#include "kiosk-question-page.h"
#include "kiosk-review-page.h"

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
start (KgtFixture *f,
       gboolean    easy_read)
{
  if (easy_read)
    g_assert_true (gtk_widget_activate_action (kgt_page (f), "kiosk.easy-read", NULL));
  kgt_act (f, "kiosk.start");
  kgt_act_s (f, "kiosk.respondent", "young-person");
  kgt_act (f, "kiosk.next");
  kgt_type_code (f, f->code);
  kgt_act (f, "kiosk.next");
  kgt_act (f, "kiosk.next");
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

int
main (int   argc,
      char *argv[])
{
  kgt_init (&argc, &argv);

  g_test_add ("/kiosk/question-page/every-item-type", KgtFixture, NULL,
              setup, test_every_item_type, teardown);
  g_test_add ("/kiosk/question-page/easy-read-wording", KgtFixture, NULL,
              setup, test_easy_read_wording, teardown);

  return g_test_run ();
}
