/* test-kiosk-journey.c — every family journey of docs/kiosk.md, without
 * a window.
 *
 * Each test presses the journey's buttons as the window's actions do,
 * checks the pages it was told to show (kiosk-journey-test.h records
 * them), and looks at what the store would upload.  There is no uploader,
 * so the store's outbox is exactly what the family handed in.  Staff mode
 * is in test-kiosk-journey-staff.c.
 */
#include "config.h"

#include "kiosk-journey-test.h"

#define SECRET_TEXT "kt-synthetic-journey-feedback-51d2"

/* ---- The family's journeys ----------------------------------------------- */

/* A parent carer rates the goals (one screen per goal), answers the
 * quality-of-life form, reviews and sends; each form is its own
 * submission with the child, who answered and how. */
static void
test_review_and_qol (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(JsonNode) batch = NULL;
  g_autoptr(JsonNode) expected_review = NULL;
  g_autoptr(JsonNode) expected_qol = NULL;
  JsonObject *review, *qol;
  KioskChrome c;

  kj_reach_forms (f, "parent-carer");
  c = kj_chrome (f);
  g_assert_cmpint (c.next_label, ==, KIOSK_NEXT_LABEL_BEGIN);
  g_assert_true (c.bottom_bar && c.back_shown && c.can_back);
  g_assert_cmpuint (kiosk_session_get_n_forms (kj_session (f)), ==, 2);
  kiosk_journey_next (f->journey);

  g_assert_cmpstr (kj_item_id (f), ==, "ratings");
  g_assert_cmpint (kiosk_journey_get_step (f->journey)->goal, ==, 0);
  c = kj_chrome (f);
  g_assert_true (c.header && c.question);
  g_assert_cmpuint (c.part, ==, 1);
  g_assert_cmpuint (c.n_parts, ==, 2);
  g_assert_cmpuint (c.position, ==, 1);
  g_assert_cmpuint (c.total, ==, 3);
  /* Any goal may be skipped, but only with Skip: Next needs a rating. */
  g_assert_true (c.can_skip);
  g_assert_cmpint (c.skip_label, ==, KIOSK_SKIP_LABEL_GOAL);
  g_assert_false (c.can_next);
  g_assert_false (c.can_decline);
  kj_answer_i (f, 1);
  kiosk_journey_next (f->journey);
  g_assert_cmpuint (kj_chrome (f).position, ==, 2);
  kj_answer_s (f, "partial");
  kiosk_journey_next (f->journey);

  /* The optional comment: skipped. */
  g_assert_cmpstr (kj_item_id (f), ==, "comment");
  c = kj_chrome (f);
  g_assert_true (c.can_skip);
  g_assert_cmpint (c.skip_label, ==, KIOSK_SKIP_LABEL_QUESTION);
  kiosk_journey_skip (f->journey);

  /* Part 2: each quality-of-life question may be left out as "I'd rather
   * not say", never by Next unanswered; the safety screen is not a
   * question, so the count neither includes it nor jumps. */
  for (guint q = 0; kiosk_journey_get_page (f->journey) == KIOSK_PAGE_QUESTION;)
    {
      c = kj_chrome (f);
      g_assert_cmpuint (c.part, ==, 2);
      g_assert_cmpuint (c.total, ==, 7);
      if (kj_item_type (f) == KV_ITEM_INFO)
        {
          g_assert_cmpstr (kj_item_id (f), ==, "safety-help");
          g_assert_false (c.question || c.can_skip);
          g_assert_cmpuint (c.position, ==, q);
        }
      else
        {
          g_assert_true (c.question);
          g_assert_cmpuint (c.position, ==, ++q);
          g_assert_true (c.can_skip);
          g_assert_cmpint (c.skip_label, ==, KIOSK_SKIP_LABEL_PREFER_NOT_TO_SAY);
          g_assert_false (c.can_next);
          kj_answer_s (f, g_str_equal (kj_item_id (f), "safety") ? "serious-problem" : "as-wanted");
        }
      g_assert_true (kj_chrome (f).can_next);
      kiosk_journey_next (f->journey);
    }
  kj_expect_pages (f, KIOSK_PAGE_QUESTION, KIOSK_PAGE_QUESTION, KIOSK_PAGE_QUESTION,
                KIOSK_PAGE_QUESTION, KIOSK_PAGE_QUESTION, KIOSK_PAGE_QUESTION, KIOSK_PAGE_QUESTION,
                KIOSK_PAGE_QUESTION, KIOSK_PAGE_QUESTION, KIOSK_PAGE_QUESTION, KIOSK_PAGE_QUESTION,
                KIOSK_PAGE_REVIEW, END);

  /* Back from the review goes to the last question, and forward again. */
  kiosk_journey_back (f->journey);
  g_assert_cmpstr (kj_item_id (f), ==, "support");
  kiosk_journey_next (f->journey);
  c = kj_chrome (f);
  g_assert_false (c.header);
  g_assert_cmpint (c.next_label, ==, KIOSK_NEXT_LABEL_SEND);
  g_assert_cmpstr (c.next_action, ==, "kiosk.send");
  g_assert_true (c.can_send);

  /* Nothing is written before Send; Next on the review is Send. */
  g_assert_null (kt_outbox (f->store));
  g_assert_cmpint (kiosk_journey_next (f->journey), ==, KIOSK_NEXT_SEND);
  g_assert_null (kt_outbox (f->store));
  g_assert_true (kiosk_journey_send (f->journey, NULL));
  kj_expect_pages (f, KIOSK_PAGE_QUESTION, KIOSK_PAGE_REVIEW, KIOSK_PAGE_THANKS, END);
  g_assert_null (kj_session (f));

  batch = kt_outbox_opened (f->store);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (batch),
                                                                         "submissions")), ==, 2);
  g_assert_cmpuint (json_array_get_length (kj_offers_of (batch)), ==, 0);
  review = kt_submission (batch, "gas-review");
  g_assert_cmpint (json_object_get_int_member (review, "goal_set"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (review, "child"), ==, f->code);
  g_assert_cmpstr (json_object_get_string_member (review, "respondent"), ==, "parent-carer");
  g_assert_cmpstr (json_object_get_string_member (review, "mode"), ==, "self");
  g_assert_cmpstr (json_object_get_string_member (review, "locale"), ==, "en_GB");
  g_assert_false (json_object_get_boolean_member (review, "easy_read"));
  expected_review = kt_json ("{\"ratings\": {\"g1\": 1, \"g2\": \"partial\"}}");
  g_assert_true (json_node_equal (kj_answers_of (batch, "gas-review"), expected_review));

  qol = kt_submission (batch, "family-qol");
  g_assert_cmpstr (json_object_get_string_member (qol, "child"), ==, f->code);
  g_assert_false (json_object_has_member (qol, "goal_set")
                  && !json_object_get_null_member (qol, "goal_set"));
  expected_qol = kt_json ("{\"enjoyment\": \"as-wanted\", \"control\": \"as-wanted\","
                          " \"self-care\": \"as-wanted\", \"safety\": \"serious-problem\","
                          " \"social\": \"as-wanted\", \"own-time\": \"as-wanted\","
                          " \"support\": \"as-wanted\"}");
  g_assert_true (json_node_equal (kj_answers_of (batch, "family-qol"), expected_qol));
  g_assert_cmpstr (json_object_get_string_member (review, "id"), !=,
                   json_object_get_string_member (qol, "id"));

  /* Thank you: no Back; Finish leaves a blank Welcome. */
  c = kj_chrome (f);
  g_assert_false (c.back_shown || c.can_back);
  g_assert_cmpint (c.next_label, ==, KIOSK_NEXT_LABEL_FINISH);
  g_assert_cmpstr (c.next_action, ==, "kiosk.finish");
  kiosk_journey_next (f->journey);
  kj_expect_pages (f, KIOSK_PAGE_WELCOME, END);
  g_assert_cmpuint (f->wiped, ==, 1);
  g_assert_true (kiosk_journey_is_blank (f->journey));
  c = kj_chrome (f);
  g_assert_false (c.bottom_bar || c.can_next || c.can_back);
  g_assert_true (c.can_start);
}

/* The safety screen appears only after the worst safety answer; changing
 * that answer drops it again, and nothing of it is sent. */
static void
test_safety_screen (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonNode) batch = NULL;
  JsonObject *answers;

  kj_reach_forms (f, "parent-carer");
  kiosk_journey_next (f->journey);
  kj_answer_i (f, 0);
  kiosk_journey_next (f->journey);
  kiosk_journey_skip (f->journey);
  kiosk_journey_skip (f->journey);

  while (kiosk_journey_get_page (f->journey) == KIOSK_PAGE_QUESTION)
    {
      if (g_str_equal (kj_item_id (f), "safety"))
        {
          kj_answer_s (f, "serious-problem");
          g_assert_cmpuint (kj_chrome (f).total, ==, 7);
          kiosk_journey_next (f->journey);
          g_assert_cmpstr (kj_item_id (f), ==, "safety-help");
          kiosk_journey_back (f->journey);
          g_assert_cmpstr (kj_item_id (f), ==, "safety");
          kj_answer_s (f, "mostly-fine");
          g_assert_cmpuint (kj_chrome (f).total, ==, 7);
          kiosk_journey_next (f->journey);
          g_assert_cmpstr (kj_item_id (f), ==, "social");
        }
      kj_answer_s (f, "not-enough");
      kiosk_journey_next (f->journey);
    }

  g_assert_true (kiosk_journey_send (f->journey, NULL));
  batch = kt_outbox_opened (f->store);
  answers = json_node_get_object (kj_answers_of (batch, "family-qol"));
  g_assert_cmpstr (json_object_get_string_member (answers, "safety"), ==, "mostly-fine");
  g_assert_false (json_object_has_member (answers, "safety-help"));
  g_assert_cmpuint (json_object_get_size (answers), ==, 7);

  /* One goal rated of two: the review is still valid (docs/domain.md §1). */
  answers = json_node_get_object (kj_answers_of (batch, "gas-review"));
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (answers, "ratings")), ==, 1);
}

/* Back goes through every screen in reverse, keeping every answer, and
 * on to the forms, the code (still typed) and who is answering. */
static void
test_back_keeps_answers (Fixture       *f,
                         gconstpointer  data)
{
  JsonNode *kept;

  kj_reach_forms (f, "both");
  kiosk_journey_next (f->journey);
  kj_answer_i (f, -1);
  kiosk_journey_next (f->journey);
  kj_answer_s (f, "partial");
  kiosk_journey_back (f->journey);

  g_assert_cmpint (kiosk_journey_get_step (f->journey)->goal, ==, 0);
  kept = kiosk_session_get_answer (kj_session (f), kiosk_journey_get_step (f->journey));
  g_assert_cmpint (json_node_get_int (kept), ==, -1);
  kiosk_journey_next (f->journey);
  kept = kiosk_session_get_answer (kj_session (f), kiosk_journey_get_step (f->journey));
  g_assert_cmpstr (json_node_get_string (kept), ==, "partial");

  kiosk_journey_back (f->journey);
  kiosk_journey_back (f->journey);
  g_assert_false (kiosk_journey_get_due_unknown (f->journey));

  /* Forward again from the forms: the answer is still there. */
  kiosk_journey_next (f->journey);
  kept = kiosk_session_get_answer (kj_session (f), kiosk_journey_get_step (f->journey));
  g_assert_cmpint (json_node_get_int (kept), ==, -1);

  kiosk_journey_back (f->journey);
  kiosk_journey_back (f->journey);
  g_assert_cmpstr (kiosk_session_get_code (kj_session (f)), ==, f->code);
  kiosk_journey_back (f->journey);
  kj_expect_pages (f, KIOSK_PAGE_QUESTION, KIOSK_PAGE_QUESTION, KIOSK_PAGE_QUESTION,
                KIOSK_PAGE_QUESTION, KIOSK_PAGE_QUESTION, KIOSK_PAGE_FORMS, KIOSK_PAGE_QUESTION,
                KIOSK_PAGE_FORMS, KIOSK_PAGE_CODE, KIOSK_PAGE_RESPONDENT, END);
  g_assert_nonnull (kj_session (f));

  /* Back to Welcome drops the half-started session, not the language. */
  g_assert_true (kiosk_journey_set_language (f->journey, "cy"));
  kiosk_journey_back (f->journey);
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_WELCOME);
  g_assert_null (kj_session (f));
  g_assert_cmpstr (kiosk_journey_get_language (f->journey), ==, "cy");
  g_assert_false (kiosk_journey_is_blank (f->journey));
  g_assert_cmpuint (f->wiped, ==, 0);
}

/* Nobody answers "Are you still there?": the session, the code, the
 * language and easy read go, nothing is written, and the blank Welcome
 * never asks again. */
static void
test_idle_wipe (Fixture       *f,
                gconstpointer  data)
{
  KioskChrome c;

  g_settings_set_uint (f->settings, "idle-timeout", 1);
  g_settings_set_uint (f->settings, "still-there-countdown", 1);

  kiosk_journey_set_language (f->journey, "cy");
  kiosk_journey_set_easy_read (f->journey, TRUE);
  kj_reach_forms (f, "young-person");
  kiosk_journey_next (f->journey);
  kj_answer_i (f, 2);

  kj_run_until (&f->still_there, 0, 4000);
  g_assert_true (kiosk_journey_is_still_there (f->journey));
  g_assert_cmpuint (kiosk_journey_get_seconds_left (f->journey), ==, 1);
  c = kj_chrome (f);
  g_assert_false (c.can_next || c.can_back || c.can_skip || c.bottom_bar || c.header);
  g_assert_true (c.can_still_here);

  kj_run_until (&f->wiped, 0, 4000);
  g_assert_cmpuint (f->wiped, ==, 1);
  g_assert_false (kiosk_journey_is_still_there (f->journey));
  g_assert_null (kj_session (f));
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_WELCOME);
  g_assert_cmpstr (kiosk_journey_get_language (f->journey), ==, "en");
  g_assert_false (kiosk_journey_get_easy_read (f->journey));
  g_assert_cmpstr (kiosk_journey_get_respondent (f->journey), ==, "");
  g_assert_null (kt_outbox (f->store));

  kj_run_until (NULL, 0, 1500);
  g_assert_cmpuint (f->still_there, ==, 1);
  g_assert_true (kiosk_journey_is_blank (f->journey));
}

/* "I'm still here" goes back to the very question, answer intact. */
static void
test_still_here (Fixture       *f,
                 gconstpointer  data)
{
  g_settings_set_uint (f->settings, "idle-timeout", 1);
  g_settings_set_uint (f->settings, "still-there-countdown", 5);

  kj_reach_forms (f, "parent-carer");
  kiosk_journey_next (f->journey);
  kj_answer_i (f, -1);
  g_assert_false (kiosk_journey_still_here (f->journey));

  kj_run_until (&f->still_there, 0, 4000);
  g_assert_true (kiosk_journey_still_here (f->journey));
  g_assert_false (kiosk_journey_is_still_there (f->journey));
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_QUESTION);
  g_assert_cmpint (kiosk_journey_get_step (f->journey)->goal, ==, 0);
  g_assert_cmpint (json_node_get_int (kiosk_session_get_answer (kj_session (f),
                                                                kiosk_journey_get_step (f->journey))), ==, -1);
  g_assert_true (kj_chrome (f).can_next);
  g_assert_cmpuint (f->wiped, ==, 0);
  kj_expect_pages (f, KIOSK_PAGE_QUESTION, END);
}

/* A mistyped code gets a kind word and no lookup. */
static void
test_mistyped_code (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *wrong = g_strdup (f->typed);
  const char *alphabet = KV_CHILD_CODE_ALPHABET;

  wrong[7] = wrong[7] == alphabet[0] ? alphabet[1] : alphabet[0];

  kiosk_journey_start (f->journey);
  kiosk_journey_set_respondent (f->journey, "both");
  kiosk_journey_next (f->journey);
  kj_type_code (f, "K7Q3");
  g_assert_false (kj_chrome (f).can_next);
  kj_type_code (f, wrong);
  g_assert_true (kj_chrome (f).can_next);
  kiosk_journey_next (f->journey);

  kj_expect_pages (f, KIOSK_PAGE_RESPONDENT, KIOSK_PAGE_CODE, END);
  g_assert_cmpuint (f->notices->len, ==, 1);
  g_assert_cmpint (g_array_index (f->notices, int, 0), ==, KIOSK_NOTICE_CODE_MALFORMED);
  g_assert_null (kiosk_session_get_code (kj_session (f)));

  kj_type_code (f, f->typed);
  kiosk_journey_next (f->journey);
  kj_expect_pages (f, KIOSK_PAGE_FORMS, END);
  g_assert_cmpstr (kiosk_session_get_code (kj_session (f)), ==, f->code);
}

/* A code the tablet could not look up still gets the forms that need no
 * goal set, and the forms page says why. */
static void
test_code_not_cached (Fixture       *f,
                      gconstpointer  data)
{
  kj_reach_forms (f, "parent-carer");
  g_assert_true (kiosk_journey_get_due_unknown (f->journey));
  g_assert_cmpuint (kiosk_session_get_n_forms (kj_session (f)), ==, 2);
  g_assert_cmpstr (kv_form_get_id (kiosk_session_get_form (kj_session (f), 0)), ==, "family-qol");
  g_assert_cmpstr (kv_form_get_id (kiosk_session_get_form (kj_session (f), 1)), ==, "experience");

  kiosk_journey_next (f->journey);
  kiosk_journey_back (f->journey);
  kj_expect_pages (f, KIOSK_PAGE_QUESTION, KIOSK_PAGE_FORMS, END);
  g_assert_false (kiosk_journey_get_due_unknown (f->journey));
}

/* Forms for parent carers are not put to a young person answering alone. */
static void
test_young_person_alone (Fixture       *f,
                         gconstpointer  data)
{
  kj_reach_forms (f, "young-person");
  g_assert_cmpuint (kiosk_session_get_n_forms (kj_session (f)), ==, 1);
  g_assert_cmpstr (kv_form_get_id (kiosk_session_get_form (kj_session (f), 0)), ==, "gas-review");
  g_assert_cmpint (kiosk_session_get_mode (kj_session (f)), ==, KIOSK_MODE_SELF);
}

/* Independent feedback is sealed and shown to nobody: the child gets only
 * a "completed" ledger entry, which travels on its own first. */
static void
test_experience_accepted (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GHashTable) skip = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonNode) offer_batch = NULL;
  g_autoptr(JsonNode) batch = NULL;
  g_autoptr(JsonNode) opened = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *offer, *sealed, *answers;

  kj_reach_forms (f, "young-person");
  kiosk_journey_next (f->journey);
  while (kiosk_journey_get_page (f->journey) == KIOSK_PAGE_QUESTION)
    {
      /* "I'd rather not" is offered all the way through. */
      g_assert_true (kj_chrome (f).can_decline);
      kj_answer_here (f, 0, SECRET_TEXT);
    }
  g_assert_true (kiosk_journey_send (f->journey, NULL));
  g_assert_false (kt_dir_contains (f->dir, SECRET_TEXT));

  offer_batch = kt_outbox_opened (f->store);
  g_assert_null (kt_submission (offer_batch, "experience"));
  g_assert_cmpuint (json_array_get_length (kj_offers_of (offer_batch)), ==, 1);
  offer = json_array_get_object_element (kj_offers_of (offer_batch), 0);
  g_assert_cmpstr (json_object_get_string_member (offer, "child"), ==, f->code);
  g_assert_cmpstr (json_object_get_string_member (offer, "outcome"), ==, "completed");
  g_hash_table_add (skip, g_strdup (json_object_get_string_member (offer, "id")));

  batch = kiosk_store_next_batch (f->store, 100, skip, &error);
  g_assert_no_error (error);
  sealed = kt_submission (batch, "experience");
  g_assert_false (json_object_has_member (sealed, "answers"));
  g_assert_false (json_object_has_member (sealed, "child"));
  opened = kt_open_sealed (sealed, &f->keys);
  answers = json_object_get_object_member (json_node_get_object (opened), "answers");
  g_assert_cmpstr (json_object_get_string_member (answers, "fft-reason"), ==, SECRET_TEXT);
  g_assert_cmpstr (json_object_get_string_member (answers, "who"), ==, "young-person");
  g_assert_cmpstr (json_object_get_string_member (answers, "fft"), ==, "very-good");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (opened), "respondent"),
                   ==, "young-person");
}

/* "I'd rather not": the answers so far go, the review says so, and only a
 * "declined" ledger entry is written.  Thank you then clears itself after
 * thank-you-timeout. */
static void
test_experience_declined (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(JsonNode) batch = NULL;
  g_autoptr(JsonNode) answers = NULL;

  g_settings_set_uint (f->settings, "thank-you-timeout", 1);

  kj_reach_forms (f, "parent-carer");
  kiosk_journey_next (f->journey);
  kiosk_journey_next (f->journey);                /* past "private" */
  kj_answer_s (f, "parent-carer");
  kiosk_journey_next (f->journey);
  kj_answer_s (f, "poor");
  kiosk_journey_decline (f->journey);
  g_assert_false (kiosk_session_is_declined (kj_session (f), 0));
  kiosk_journey_next (f->journey);                /* "Yes, I'd rather not" */
  kj_expect_pages (f, KIOSK_PAGE_QUESTION, KIOSK_PAGE_QUESTION, KIOSK_PAGE_QUESTION,
                KIOSK_PAGE_DECLINE, KIOSK_PAGE_REVIEW, END);
  g_assert_true (kiosk_session_is_declined (kj_session (f), 0));
  answers = kiosk_session_dup_answers (kj_session (f), 0);
  g_assert_cmpuint (json_object_get_size (json_node_get_object (answers)), ==, 0);

  g_assert_true (kiosk_journey_send (f->journey, NULL));
  batch = kt_outbox_opened (f->store);
  g_assert_null (kt_submission (batch, "experience"));
  g_assert_cmpuint (json_array_get_length (kj_offers_of (batch)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (kj_offers_of (batch), 0),
                                                  "outcome"), ==, "declined");

  kj_run_until (&f->wiped, 0, 4000);
  kj_expect_pages (f, KIOSK_PAGE_THANKS, KIOSK_PAGE_WELCOME, END);
  g_assert_true (kiosk_journey_is_blank (f->journey));
}

/* Without a code, only the independent feedback is offered, someone
 * helping makes it "assisted", and no ledger entry can name a child. */
static void
test_no_code (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(JsonNode) batch = NULL;
  g_autoptr(JsonNode) opened = NULL;

  kiosk_journey_start (f->journey);
  kiosk_journey_set_respondent (f->journey, "someone-helping");
  kiosk_journey_next (f->journey);
  g_assert_true (kj_chrome (f).can_no_code);
  kiosk_journey_no_code (f->journey);
  kj_expect_pages (f, KIOSK_PAGE_RESPONDENT, KIOSK_PAGE_CODE, KIOSK_PAGE_FORMS, END);
  g_assert_false (kiosk_journey_get_due_unknown (f->journey));
  g_assert_cmpuint (kiosk_session_get_n_forms (kj_session (f)), ==, 1);
  g_assert_cmpstr (kv_form_get_id (kiosk_session_get_form (kj_session (f), 0)), ==, "experience");
  g_assert_cmpint (kiosk_session_get_mode (kj_session (f)), ==, KIOSK_MODE_ASSISTED);

  kiosk_journey_next (f->journey);
  kj_answer_all (f, 1, NULL);
  g_assert_true (kiosk_journey_send (f->journey, NULL));

  batch = kt_outbox (f->store);
  g_assert_cmpuint (json_array_get_length (kj_offers_of (batch)), ==, 0);
  g_assert_false (json_object_has_member (kt_submission (batch, "experience"), "mode"));
  opened = kt_open_sealed (kt_submission (batch, "experience"), &f->keys);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (opened), "mode"), ==, "assisted");
}

/* A tablet not yet enrolled has no key to seal with, so it offers no
 * independent feedback: with no code nothing is due, and Finish clears. */
static void
test_not_enrolled (Fixture       *f,
                   gconstpointer  data)
{
  kiosk_journey_start (f->journey);
  kiosk_journey_set_respondent (f->journey, "parent-carer");
  kiosk_journey_next (f->journey);
  kiosk_journey_no_code (f->journey);
  g_assert_cmpuint (kiosk_session_get_n_forms (kj_session (f)), ==, 0);
  g_assert_cmpint (kj_chrome (f).next_label, ==, KIOSK_NEXT_LABEL_FINISH);
  kiosk_journey_next (f->journey);
  kj_expect_pages (f, KIOSK_PAGE_RESPONDENT, KIOSK_PAGE_CODE, KIOSK_PAGE_FORMS, KIOSK_PAGE_WELCOME, END);
  g_assert_cmpuint (f->wiped, ==, 1);
  g_assert_null (kt_outbox (f->store));
}

/* The language and easy read chosen at Welcome go into the session and
 * its submissions; an empty choice is the kiosk's own language. */
static void
test_language_and_easy_read (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(JsonNode) batch = NULL;
  JsonObject *review;

  g_assert_false (kiosk_journey_set_language (f->journey, "en"));
  g_assert_true (kiosk_journey_set_language (f->journey, "cy"));
  g_assert_true (kiosk_journey_set_easy_read (f->journey, TRUE));
  g_assert_false (kiosk_journey_set_easy_read (f->journey, TRUE));
  kj_reach_forms (f, "young-person");
  g_assert_cmpstr (kiosk_session_get_language (kj_session (f)), ==, "cy");
  g_assert_true (kiosk_session_get_easy_read (kj_session (f)));

  kiosk_journey_next (f->journey);
  kj_answer_i (f, 0);
  kiosk_journey_next (f->journey);
  kiosk_journey_skip (f->journey);
  kiosk_journey_skip (f->journey);
  g_assert_true (kiosk_journey_send (f->journey, NULL));
  batch = kt_outbox_opened (f->store);
  review = kt_submission (batch, "gas-review");
  g_assert_cmpstr (json_object_get_string_member (review, "locale"), ==, "cy_GB");
  g_assert_true (json_object_get_boolean_member (review, "easy_read"));

  /* The Thank-you screen keeps the language; Finish drops it. */
  g_assert_cmpstr (kiosk_journey_get_language (f->journey), ==, "cy");
  kiosk_journey_next (f->journey);
  g_assert_cmpstr (kiosk_journey_get_language (f->journey), ==, "en");
  g_assert_true (kiosk_journey_set_language (f->journey, "cy"));
  g_assert_true (kiosk_journey_set_language (f->journey, ""));
  g_assert_cmpstr (kiosk_journey_get_language (f->journey), ==, "en");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, setup_data, func) \
  g_test_add ("/kiosk/journey/" path, Fixture, &setup_data, kj_setup, func, kj_teardown)

  ADD ("review-and-qol-stored", kj_review_qol, test_review_and_qol);
  ADD ("safety-screen-only-when-needed", kj_review_qol, test_safety_screen);
  ADD ("back-keeps-answers", kj_review_qol, test_back_keeps_answers);
  ADD ("idle-wipes-everything", kj_review_qol, test_idle_wipe);
  ADD ("still-here-keeps-answers", kj_review_qol, test_still_here);
  ADD ("mistyped-code-is-caught", kj_review_qol, test_mistyped_code);
  ADD ("code-not-cached-usual-forms", kj_uncached, test_code_not_cached);
  ADD ("young-person-alone", kj_review_qol, test_young_person_alone);
  ADD ("experience-accepted-sealed", kj_experience, test_experience_accepted);
  ADD ("experience-declined", kj_experience, test_experience_declined);
  ADD ("no-code-experience-only", kj_uncached, test_no_code);
  ADD ("not-enrolled-no-experience", kj_not_enrolled, test_not_enrolled);
  ADD ("language-and-easy-read", kj_review_qol, test_language_and_easy_read);

#undef ADD

  return g_test_run ();
}
