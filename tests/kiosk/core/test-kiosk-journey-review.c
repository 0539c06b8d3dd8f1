/* test-kiosk-journey-review.c — leaving a question out, "Check your
 * answers" and declining feedback, without a window (docs/kiosk.md "The
 * journey").
 *
 * Skip is the only way past an unanswered question (a comment may be left
 * blank); the review lists every question and leads straight to one and
 * back; declining independent feedback is asked first, and Back keeps
 * every answer; a form with nothing answered is not sent; a goal review
 * waits two weeks after its goals were set.
 */
#include "config.h"

#include "kiosk-journey-private.h"
#include "kiosk-journey-test.h"

/* The question steps of form @form, as the review lists them. */
static KioskStep
question (Fixture *f,
          guint    form,
          guint    index)
{
  g_autoptr(GArray) steps = kiosk_session_list_questions (kj_session (f), form);

  g_assert_cmpuint (index, <, steps->len);
  return g_array_index (steps, KioskStep, index);
}

static KioskStepStatus
status_of (Fixture *f,
           guint    form,
           guint    index)
{
  KioskStep step = question (f, form, index);

  return kiosk_session_get_step_status (kj_session (f), &step);
}

/* Next on an unanswered goal does nothing; Skip leaves it out and the
 * review says so.  The review leads straight to it, Done comes back, and
 * Back from there returns to the review too. */
static void
test_review_goes_to_question (Fixture       *f,
                              gconstpointer  data)
{
  KioskStep goal, safety, info = { 1, 4, -1 };
  KioskChrome c;

  kj_reach_forms (f, "parent-carer");
  kiosk_journey_next (f->journey);
  g_assert_false (kj_chrome (f).can_next);
  g_assert_cmpint (kiosk_journey_next (f->journey), ==, KIOSK_NEXT_DONE);
  g_assert_cmpint (kiosk_journey_get_step (f->journey)->goal, ==, 0);
  kiosk_journey_skip (f->journey);                  /* goal 1 */
  kj_answer_i (f, 2);                               /* goal 2 */
  kiosk_journey_next (f->journey);
  g_assert_cmpstr (kj_item_id (f), ==, "comment");
  g_assert_true (kj_chrome (f).can_next);           /* a comment may be left blank */
  kiosk_journey_next (f->journey);
  kj_answer_all (f, 1, NULL);
  g_assert_null (kiosk_journey_get_review_return (f->journey));
  kj_expect_pages (f, KIOSK_PAGE_QUESTION, KIOSK_PAGE_QUESTION, KIOSK_PAGE_QUESTION,
                   KIOSK_PAGE_QUESTION, KIOSK_PAGE_QUESTION, KIOSK_PAGE_QUESTION, KIOSK_PAGE_QUESTION,
                   KIOSK_PAGE_QUESTION, KIOSK_PAGE_QUESTION, KIOSK_PAGE_QUESTION, KIOSK_PAGE_REVIEW, END);

  g_assert_cmpint (status_of (f, 0, 0), ==, KIOSK_STEP_SKIPPED);
  g_assert_cmpint (status_of (f, 0, 1), ==, KIOSK_STEP_ANSWERED);
  g_assert_cmpint (status_of (f, 0, 2), ==, KIOSK_STEP_SKIPPED);   /* the blank comment */
  g_assert_cmpint (status_of (f, 1, 0), ==, KIOSK_STEP_ANSWERED);

  /* Straight to the skipped goal; Done (not Next) after rating it. */
  goal = question (f, 0, 0);
  kiosk_journey_go_to (f->journey, &goal);
  kj_expect_pages (f, KIOSK_PAGE_QUESTION, END);
  g_assert_true (kiosk_journey_is_from_review (f->journey));
  g_assert_cmpint (kiosk_journey_get_step (f->journey)->goal, ==, 0);
  c = kj_chrome (f);
  g_assert_cmpint (c.next_label, ==, KIOSK_NEXT_LABEL_DONE);
  g_assert_false (c.can_next);
  kj_answer_i (f, 0);
  kiosk_journey_next (f->journey);
  kj_expect_pages (f, KIOSK_PAGE_REVIEW, END);
  g_assert_false (kiosk_journey_is_from_review (f->journey));
  g_assert_cmpint (status_of (f, 0, 0), ==, KIOSK_STEP_ANSWERED);
  /* The review starts where the family left it. */
  g_assert_nonnull (kiosk_journey_get_review_return (f->journey));
  g_assert_cmpint (kiosk_journey_get_review_return (f->journey)->goal, ==, 0);

  /* Back from a question reached from the review goes back there too. */
  kiosk_journey_go_to (f->journey, &goal);
  kiosk_journey_back (f->journey);
  kj_expect_pages (f, KIOSK_PAGE_QUESTION, KIOSK_PAGE_REVIEW, END);
  g_assert_cmpint (kj_chrome (f).next_label, ==, KIOSK_NEXT_LABEL_SEND);

  /* Changing "Do you feel safe?" to its worst answer brings up the help
   * screen before the review: a word not seen yet. */
  safety = question (f, 1, 3);
  kiosk_journey_go_to (f->journey, &safety);
  g_assert_cmpstr (kj_item_id (f), ==, "safety");
  kj_answer_s (f, "serious-problem");
  kiosk_journey_next (f->journey);
  g_assert_cmpstr (kj_item_id (f), ==, "safety-help");
  kiosk_journey_next (f->journey);
  kj_expect_pages (f, KIOSK_PAGE_QUESTION, KIOSK_PAGE_QUESTION, KIOSK_PAGE_REVIEW, END);

  /* Only a question shown now can be gone to, and only from the review. */
  kiosk_journey_go_to (f->journey, &info);
  kj_expect_pages (f, END);
  kiosk_journey_back (f->journey);
  g_array_set_size (f->pages, 0);
  kiosk_journey_go_to (f->journey, &goal);
  kj_expect_pages (f, END);
}

/* "I'd rather not answer these" asks first; Back keeps the answers and
 * the question; "Yes, I'd rather not" declines.  The review can undo it. */
static void
test_decline_asks_first (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(JsonNode) batch = NULL;
  KioskChrome c;

  kj_reach_forms (f, "parent-carer");
  kiosk_journey_next (f->journey);
  kiosk_journey_next (f->journey);                 /* past "private" */
  kj_answer_s (f, "poor");
  g_assert_true (kj_chrome (f).can_decline);

  kiosk_journey_decline (f->journey);
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_DECLINE);
  c = kj_chrome (f);
  g_assert_false (c.header || c.can_skip || c.can_decline);
  g_assert_true (c.back_shown && c.can_back && c.next_shown && c.can_next);
  g_assert_cmpint (c.back_label, ==, KIOSK_BACK_LABEL_QUESTIONS);
  g_assert_cmpint (c.next_label, ==, KIOSK_NEXT_LABEL_DECLINE);
  g_assert_false (kiosk_session_is_declined (kj_session (f), 0));

  kiosk_journey_back (f->journey);
  g_assert_cmpstr (kj_item_id (f), ==, "fft");
  g_assert_cmpstr (json_node_get_string (kiosk_session_get_answer (kj_session (f),
                                                                   kiosk_journey_get_step (f->journey))),
                   ==, "poor");
  g_assert_cmpint (status_of (f, 0, 0), ==, KIOSK_STEP_ANSWERED);

  kiosk_journey_decline (f->journey);
  kiosk_journey_next (f->journey);
  /* Private, then the first question ("who" is answered from the choice
   * made at the start and never shown). */
  kj_expect_pages (f, KIOSK_PAGE_QUESTION, KIOSK_PAGE_QUESTION,
                   KIOSK_PAGE_DECLINE, KIOSK_PAGE_QUESTION, KIOSK_PAGE_DECLINE, KIOSK_PAGE_REVIEW, END);
  g_assert_true (kiosk_session_is_declined (kj_session (f), 0));
  g_assert_false (kiosk_session_has_answers (kj_session (f), 0));

  /* Answer them after all: from the first screen, nothing kept. */
  kiosk_journey_undecline (f->journey, 0);
  g_assert_false (kiosk_session_is_declined (kj_session (f), 0));
  g_assert_cmpstr (kj_item_id (f), ==, "private");
  g_assert_true (kiosk_journey_is_from_review (f->journey));
  /* Next goes on to the questions, so it says Next, not Done. */
  g_assert_cmpint (kj_chrome (f).next_label, ==, KIOSK_NEXT_LABEL_NEXT);
  kiosk_journey_next (f->journey);
  g_assert_cmpstr (kj_item_id (f), ==, "fft");     /* not answered yet: the walk goes on */
  g_assert_cmpint (status_of (f, 0, 0), ==, KIOSK_STEP_NOT_ANSWERED);
  g_assert_cmpint (kj_chrome (f).next_label, ==, KIOSK_NEXT_LABEL_NEXT);
  kj_answer_all (f, 0, NULL);

  g_assert_true (kiosk_journey_send (f->journey, NULL));
  batch = kt_outbox_opened (f->store);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (kj_offers_of (batch), 0),
                                                  "outcome"), ==, "completed");
}

/* A form left out question by question says nothing and is not sent: a
 * review with every goal skipped, a quality-of-life form with every
 * question "I'd rather not say". */
static void
test_nothing_answered_not_sent (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(JsonNode) batch = NULL;

  kj_reach_forms (f, "parent-carer");
  kiosk_journey_next (f->journey);
  while (kiosk_journey_get_page (f->journey) == KIOSK_PAGE_QUESTION)
    {
      if (kj_chrome (f).can_skip)
        kiosk_journey_skip (f->journey);
      else
        kiosk_journey_next (f->journey);             /* the safety screen never shows */
    }
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_REVIEW);
  g_assert_cmpint (status_of (f, 1, 3), ==, KIOSK_STEP_SKIPPED);
  g_assert_false (kiosk_session_has_answers (kj_session (f), 0));
  g_assert_false (kiosk_session_has_answers (kj_session (f), 1));

  g_assert_true (kiosk_journey_send (f->journey, NULL));
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_THANKS);
  batch = kt_outbox_opened (f->store);
  g_assert_null (batch);
}

/* Independent feedback with nothing answered was offered and not given:
 * no submission, a "declined" ledger entry. */
static void
test_experience_nothing_answered (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(JsonNode) batch = NULL;

  kj_reach_forms (f, "parent-carer");
  kiosk_journey_next (f->journey);
  while (kiosk_journey_get_page (f->journey) == KIOSK_PAGE_QUESTION)
    {
      if (kj_chrome (f).can_skip)
        kiosk_journey_skip (f->journey);
      else
        kiosk_journey_next (f->journey);
    }
  g_assert_true (kiosk_journey_send (f->journey, NULL));
  batch = kt_outbox_opened (f->store);
  g_assert_null (kt_submission (batch, "experience"));
  g_assert_cmpuint (json_array_get_length (kj_offers_of (batch)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (kj_offers_of (batch), 0),
                                                  "outcome"), ==, "declined");
}

/* Goals set on the day, or in the fortnight before it, are not reviewed
 * yet: only the quality-of-life form is offered. */
static void
test_review_too_soon (Fixture       *f,
                      gconstpointer  data)
{
  kj_reach_forms (f, "parent-carer");
  g_assert_cmpuint (kiosk_session_get_n_forms (kj_session (f)), ==, 1);
  g_assert_cmpstr (kv_form_get_id (kiosk_session_get_form (kj_session (f), 0)), ==, "family-qol");
  g_assert_nonnull (kiosk_session_get_goal_set (kj_session (f)));
}

static void
test_review_is_due (void)
{
  g_autoptr(GDateTime) today = g_date_time_new_local (2026, 3, 18, 9, 30, 0);

  g_assert_false (_kiosk_journey_review_is_due ("2026-03-18", today));   /* minutes ago */
  g_assert_false (_kiosk_journey_review_is_due ("2026-03-05", today));   /* 13 days */
  g_assert_true (_kiosk_journey_review_is_due ("2026-03-04", today));    /* 14 days */
  g_assert_true (_kiosk_journey_review_is_due ("2025-12-01", today));
  g_assert_false (_kiosk_journey_review_is_due ("2026-03-20", today));   /* a clock behind */
  /* A date the kiosk cannot read does not hold a review back. */
  g_assert_true (_kiosk_journey_review_is_due (NULL, today));
  g_assert_true (_kiosk_journey_review_is_due ("", today));
  g_assert_true (_kiosk_journey_review_is_due ("2026-02-30", today));
  g_assert_true (_kiosk_journey_review_is_due ("2026-3-4", today));
  g_assert_true (_kiosk_journey_review_is_due ("2026-03-04T00:00", today));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *set_today = NULL;
  g_autofree char *child_today = NULL;
  Setup review_too_soon = { NULL, TRUE };

  g_test_init (&argc, &argv, NULL);

  /* CHILD_REVIEW_QOL with goals set today ("%s" stays for the code). */
  set_today = g_strdup_printf ("\"set_at\": \"%s\"", today);
  {
    g_auto(GStrv) parts = g_strsplit (CHILD_REVIEW_QOL, "\"set_at\": \"2026-03-04\"", 2);

    g_assert_cmpuint (g_strv_length (parts), ==, 2);
    child_today = g_strconcat (parts[0], set_today, parts[1], NULL);
  }
  review_too_soon.child_json = child_today;

#define ADD(path, setup_data, func) \
  g_test_add ("/kiosk/journey/" path, Fixture, &setup_data, kj_setup, func, kj_teardown)

  ADD ("review-goes-to-question", kj_review_qol, test_review_goes_to_question);
  ADD ("decline-asks-first", kj_experience, test_decline_asks_first);
  ADD ("nothing-answered-not-sent", kj_review_qol, test_nothing_answered_not_sent);
  ADD ("experience-nothing-answered", kj_experience, test_experience_nothing_answered);
  ADD ("review-not-offered-too-soon", review_too_soon, test_review_too_soon);
  g_test_add_func ("/kiosk/journey/review-is-due", test_review_is_due);

#undef ADD

  return g_test_run ();
}
