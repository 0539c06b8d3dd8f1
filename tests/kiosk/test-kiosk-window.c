/* test-kiosk-window.c — the family's journey through the real window.
 *
 * Each test drives KioskWindow through the same widget actions its
 * buttons use, then looks at what the store would upload.  The window has
 * no uploader, so nothing leaves the machine and the store's outbox is
 * exactly what the family handed in.
 */
#include "config.h"

#include <sodium.h>

#include "kiosk-code-page.h"
#include "kiosk-forms-page.h"
#include "kiosk-goal-editor.h"
#include "kiosk-gui-test.h"
#include "kiosk-pin-page.h"
#include "kiosk-question-page.h"
#include "kiosk-respondent-page.h"
#include "kiosk-decline-page.h"
#include "kiosk-review-page.h"
#include "kiosk-staff-page.h"
#include "kiosk-still-there-page.h"
#include "kiosk-thanks-page.h"
#include "kiosk-welcome-page.h"

/* A child with a two-goal set (version 2) due a GAS review and the
 * family quality-of-life form. */
#define CHILD_REVIEW_QOL \
  "{\"code\": \"%s\", \"age_band\": \"under-18\", \"dsr\": \"amber\"," \
  " \"goal_set\": {\"version\": 2, \"set_at\": \"2026-03-04\", \"goals\": [" \
  "   {\"id\": \"g1\", \"text\": \"Go to school three mornings a week\", \"baseline\": -1," \
  "    \"importance\": 3, \"difficulty\": 2," \
  "    \"levels\": {\"0\": \"Three mornings\", \"2\": \"Every morning\"}}," \
  "   {\"id\": \"g2\", \"text\": \"Sleep through most nights\", \"baseline\": -2}]}," \
  " \"due\": [\"gas-review\", \"family-qol\"]}"

#define CHILD_EXPERIENCE \
  "{\"code\": \"%s\", \"age_band\": \"under-18\", \"dsr\": \"red\"," \
  " \"goal_set\": null, \"due\": [\"experience\"]}"

#define SECRET_TEXT "kgt-synthetic-feedback-3e9c"

static void
setup_review_qol (KgtFixture    *f,
                  gconstpointer  data)
{
  kgt_setup (f, CHILD_REVIEW_QOL);
}

static void
setup_experience (KgtFixture    *f,
                  gconstpointer  data)
{
  kgt_setup (f, CHILD_EXPERIENCE);
}

static void
teardown (KgtFixture    *f,
          gconstpointer  data)
{
  kgt_teardown (f);
}

/* Welcome → who is answering → code → forms due. */
static void
reach_forms (KgtFixture *f,
             const char *respondent)
{
  g_assert_true (KIOSK_IS_WELCOME_PAGE (kgt_page (f)));
  kgt_act (f, "kiosk.start");
  g_assert_true (KIOSK_IS_RESPONDENT_PAGE (kgt_page (f)));
  g_assert_false (kgt_can (f, "kiosk.next"));
  kgt_act_s (f, "kiosk.respondent", respondent);
  g_assert_true (kgt_can (f, "kiosk.next"));
  kgt_act (f, "kiosk.next");

  g_assert_true (KIOSK_IS_CODE_PAGE (kgt_page (f)));
  kgt_type_code (f, f->code);
  kgt_act (f, "kiosk.next");
  g_assert_true (KIOSK_IS_FORMS_PAGE (kgt_page (f)));
}

static const KioskStep *
step (KgtFixture *f)
{
  g_assert_true (KIOSK_IS_QUESTION_PAGE (kgt_page (f)));
  return kiosk_question_page_get_step (KIOSK_QUESTION_PAGE (kgt_page (f)));
}

static const KvItem *
item (KgtFixture *f)
{
  return kiosk_session_get_step_item (kiosk_window_get_session (f->window), step (f));
}

static void
test_review_and_qol (KgtFixture    *f,
                     gconstpointer  data)
{
  g_autoptr(JsonNode) batch = NULL;
  g_autoptr(JsonNode) expected_review = NULL;
  g_autoptr(JsonNode) expected_qol = NULL;
  JsonObject *review, *qol, *offers_holder;
  guint n_qol_screens = 0;
  gboolean saw_safety_help = FALSE;

  reach_forms (f, "parent-carer");
  kgt_act (f, "kiosk.next");

  /* The GAS review: one screen per goal of the child's goal set. */
  g_assert_cmpstr (kv_item_get_id (item (f)), ==, "ratings");
  g_assert_cmpint (step (f)->goal, ==, 0);
  g_assert_nonnull (kgt_find_text (kgt_page (f), "Go to school three mornings a week"));
  /* Part 1 of 2, counting only questions. */
  g_assert_nonnull (kgt_find_text (GTK_WIDGET (f->window), "Part 1 of 2 · Question 1 of 3"));
  /* Any goal may be skipped, with Skip; Next needs a rating. */
  g_assert_true (kgt_can (f, "kiosk.skip"));
  g_assert_nonnull (kgt_find_text (GTK_WIDGET (f->window), "_Skip this goal"));
  g_assert_false (kgt_can (f, "kiosk.next"));
  kgt_act_s (f, "kiosk.choose", "1");
  kgt_act (f, "kiosk.next");

  g_assert_cmpint (step (f)->goal, ==, 1);
  g_assert_nonnull (kgt_find_text (GTK_WIDGET (f->window), "Part 1 of 2 · Question 2 of 3"));
  kgt_act_s (f, "kiosk.choose", "partial");
  kgt_act (f, "kiosk.next");

  /* The optional comment: skipped. */
  g_assert_cmpstr (kv_item_get_id (item (f)), ==, "comment");
  g_assert_true (kgt_can (f, "kiosk.skip"));
  kgt_act (f, "kiosk.skip");

  /* Family quality of life: every item, "as wanted" except safety,
   * whose worst answer brings up the item that says where help is. */
  while (KIOSK_IS_QUESTION_PAGE (kgt_page (f)))
    {
      const KvItem *it = item (f);

      n_qol_screens++;
      if (kv_item_get_item_type (it) == KV_ITEM_INFO)
        {
          g_assert_cmpstr (kv_item_get_id (it), ==, "safety-help");
          saw_safety_help = TRUE;
        }
      else
        {
          /* Each may be left out, as "I'd rather not say"; never by
           * Next unanswered. */
          g_assert_true (kgt_can (f, "kiosk.skip"));
          g_assert_nonnull (kgt_find_text (GTK_WIDGET (f->window), "I’d rather _not say"));
          g_assert_false (kgt_can (f, "kiosk.next"));
          kgt_act_s (f, "kiosk.choose",
                     g_str_equal (kv_item_get_id (it), "safety") ? "serious-problem" : "as-wanted");
        }
      g_assert_true (kgt_can (f, "kiosk.next"));
      kgt_act (f, "kiosk.next");
    }
  g_assert_true (saw_safety_help);
  g_assert_cmpuint (n_qol_screens, ==, 8);

  /* Back from the review goes to the last question, and forward again. */
  g_assert_true (KIOSK_IS_REVIEW_PAGE (kgt_page (f)));
  kgt_act (f, "kiosk.back");
  g_assert_cmpstr (kv_item_get_id (item (f)), ==, "support");
  kgt_act (f, "kiosk.next");
  g_assert_true (KIOSK_IS_REVIEW_PAGE (kgt_page (f)));

  /* Nothing is written before Send. */
  batch = kgt_outbox (f);
  g_assert_null (batch);

  kgt_act (f, "kiosk.send");
  g_assert_true (KIOSK_IS_THANKS_PAGE (kgt_page (f)));
  g_assert_null (kiosk_window_get_session (f->window));

  batch = kgt_outbox (f);
  g_assert_nonnull (batch);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (batch),
                                                                         "submissions")), ==, 2);
  offers_holder = json_node_get_object (batch);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (offers_holder, "offers")), ==, 0);

  review = kgt_submission (batch, "gas-review");
  g_assert_nonnull (review);
  g_assert_cmpint (json_object_get_int_member (review, "form_version"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (review, "goal_set"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (review, "child"), ==, f->code);
  g_assert_cmpstr (json_object_get_string_member (review, "respondent"), ==, "parent-carer");
  g_assert_cmpstr (json_object_get_string_member (review, "mode"), ==, "self");
  g_assert_false (json_object_get_boolean_member (review, "easy_read"));
  /* What the aggregator reads once it opened the box: on the tablet the
   * review is sealed like everything else. */
  {
    g_autoptr(JsonNode) raw = kt_outbox (f->store);

    g_assert_true (json_object_has_member (kgt_submission (raw, "gas-review"), "sealed"));
  }
  expected_review = kt_json ("{\"ratings\": {\"g1\": 1, \"g2\": \"partial\"}}");
  g_assert_true (json_node_equal (json_object_get_member (review, "answers"), expected_review));

  qol = kgt_submission (batch, "family-qol");
  g_assert_nonnull (qol);
  g_assert_cmpint (json_object_get_int_member (qol, "form_version"), ==, 1);
  g_assert_false (json_object_has_member (qol, "goal_set")
                  && !json_object_get_null_member (qol, "goal_set"));
  g_assert_cmpstr (json_object_get_string_member (qol, "child"), ==, f->code);
  g_assert_cmpstr (json_object_get_string_member (qol, "respondent"), ==, "parent-carer");
  g_assert_cmpstr (json_object_get_string_member (qol, "mode"), ==, "self");
  expected_qol = kt_json ("{\"enjoyment\": \"as-wanted\", \"control\": \"as-wanted\","
                          " \"self-care\": \"as-wanted\", \"safety\": \"serious-problem\","
                          " \"social\": \"as-wanted\", \"own-time\": \"as-wanted\","
                          " \"support\": \"as-wanted\"}");
  g_assert_true (json_node_equal (json_object_get_member (qol, "answers"), expected_qol));

  /* Each form has its own id, made when the session started. */
  g_assert_cmpstr (json_object_get_string_member (review, "id"), !=,
                   json_object_get_string_member (qol, "id"));

  /* Finish: a blank Welcome for the next family. */
  kgt_act (f, "kiosk.finish");
  g_assert_true (KIOSK_IS_WELCOME_PAGE (kgt_page (f)));
}

/* Going back and changing the answer a later item depended on drops the
 * answer to that later item, rather than sending an answer to a question
 * that was, in the end, not asked. */
static void
test_condition_changed (KgtFixture    *f,
                        gconstpointer  data)
{
  g_autoptr(JsonNode) batch = NULL;
  JsonObject *answers;

  reach_forms (f, "parent-carer");
  kgt_act (f, "kiosk.next");
  kgt_act_s (f, "kiosk.choose", "0");
  kgt_act (f, "kiosk.next");
  kgt_act (f, "kiosk.skip");
  kgt_act (f, "kiosk.skip");

  while (KIOSK_IS_QUESTION_PAGE (kgt_page (f)))
    {
      if (g_str_equal (kv_item_get_id (item (f)), "safety"))
        {
          kgt_act_s (f, "kiosk.choose", "serious-problem");
          kgt_act (f, "kiosk.next");
          g_assert_cmpstr (kv_item_get_id (item (f)), ==, "safety-help");
          /* Changed their mind. */
          kgt_act (f, "kiosk.back");
          kgt_act_s (f, "kiosk.choose", "mostly-fine");
          kgt_act (f, "kiosk.next");
          g_assert_cmpstr (kv_item_get_id (item (f)), ==, "social");
        }
      else if (kv_item_get_item_type (item (f)) != KV_ITEM_INFO)
        kgt_act_s (f, "kiosk.choose", "not-enough");
      kgt_act (f, "kiosk.next");
    }

  kgt_act (f, "kiosk.send");
  batch = kgt_outbox (f);
  answers = json_object_get_object_member (kgt_submission (batch, "family-qol"), "answers");
  g_assert_cmpstr (json_object_get_string_member (answers, "safety"), ==, "mostly-fine");
  g_assert_false (json_object_has_member (answers, "safety-help"));
  g_assert_cmpuint (json_object_get_size (answers), ==, 7);

  /* One goal rated of two: the review is still valid (docs/domain.md §1). */
  answers = json_object_get_object_member (kgt_submission (batch, "gas-review"), "answers");
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (answers, "ratings")), ==, 1);
}

/* Nobody answers "Are you still there?": the session goes, nothing is
 * written, and the next screen is a blank Welcome in the kiosk's own
 * language. */
static void
test_abandoned (KgtFixture    *f,
                gconstpointer  data)
{
  g_autoptr(JsonNode) batch = NULL;

  g_settings_set_uint (f->settings, "idle-timeout", 1);
  g_settings_set_uint (f->settings, "still-there-countdown", 1);

  reach_forms (f, "young-person");
  kgt_act (f, "kiosk.next");
  kgt_act_s (f, "kiosk.choose", "2");
  g_assert_nonnull (kiosk_window_get_session (f->window));

  g_assert_true (kgt_wait_for_page (f, KIOSK_TYPE_STILL_THERE_PAGE, 3000));
  /* The questions are hidden behind it, and so are Back and Next. */
  g_assert_false (kgt_can (f, "kiosk.next"));

  g_assert_true (kgt_wait_for_page (f, KIOSK_TYPE_WELCOME_PAGE, 3000));
  g_assert_null (kiosk_window_get_session (f->window));

  batch = kgt_outbox (f);
  g_assert_null (batch);

  /* And the blank kiosk stays blank: no second "still there?". */
  kgt_run (1500);
  g_assert_true (KIOSK_IS_WELCOME_PAGE (kgt_page (f)));
}

/* "I'm still here" goes back to the very question, answers intact. */
static void
test_still_here (KgtFixture    *f,
                 gconstpointer  data)
{
  g_settings_set_uint (f->settings, "idle-timeout", 1);
  g_settings_set_uint (f->settings, "still-there-countdown", 5);

  reach_forms (f, "parent-carer");
  kgt_act (f, "kiosk.next");
  kgt_act_s (f, "kiosk.choose", "-1");

  g_assert_true (kgt_wait_for_page (f, KIOSK_TYPE_STILL_THERE_PAGE, 3000));
  kgt_act (f, "kiosk.still-here");

  g_assert_true (KIOSK_IS_QUESTION_PAGE (kgt_page (f)));
  g_assert_cmpint (step (f)->goal, ==, 0);
  g_assert_true (kgt_can (f, "kiosk.next"));
  {
    g_autofree char *choice = NULL;
    g_object_get (kgt_page (f), "choice", &choice, NULL);
    g_assert_cmpstr (choice, ==, "-1");
  }
}

/* A mistyped code gets a kind word and no lookup. */
static void
test_wrong_code (KgtFixture    *f,
                 gconstpointer  data)
{
  g_autofree char *wrong = g_strdup (f->code);
  const char *alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

  /* Change the check character to another character of the alphabet. */
  wrong[8] = wrong[8] == alphabet[0] ? alphabet[1] : alphabet[0];

  kgt_act (f, "kiosk.start");
  kgt_act_s (f, "kiosk.respondent", "both");
  kgt_act (f, "kiosk.next");
  g_assert_false (kgt_can (f, "kiosk.next"));
  kgt_type_code (f, wrong);
  g_assert_true (kgt_can (f, "kiosk.next"));
  kgt_act (f, "kiosk.next");

  g_assert_true (KIOSK_IS_CODE_PAGE (kgt_page (f)));
  g_assert_nonnull (kiosk_code_page_get_message (KIOSK_CODE_PAGE (kgt_page (f))));
  g_assert_null (kiosk_session_get_code (kiosk_window_get_session (f->window)));

  /* Delete fixes it. */
  kgt_act (f, "kiosk.delete");
  g_assert_null (kiosk_code_page_get_message (KIOSK_CODE_PAGE (kgt_page (f))));
  {
    char last[2] = { f->code[8], '\0' };
    kgt_act_s (f, "kiosk.key", last);
  }
  kgt_act (f, "kiosk.next");
  g_assert_true (KIOSK_IS_FORMS_PAGE (kgt_page (f)));
}

/* Experience feedback is on disk only as a sealed box; the aggregator's
 * secret key (which the test holds) opens it; the child gets only a
 * "completed" ledger entry. */
static void
test_experience_sealed (KgtFixture    *f,
                        gconstpointer  data)
{
  g_autoptr(GHashTable) skip = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonNode) offer_batch = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) batch = NULL;
  g_autoptr(JsonNode) opened = NULL;
  g_autofree guchar *sealed = NULL;
  g_autofree guchar *plain = NULL;
  gsize sealed_len;
  JsonObject *experience, *offer, *answers;
  JsonArray *offers;

  reach_forms (f, "young-person");
  kgt_act (f, "kiosk.next");

  while (KIOSK_IS_QUESTION_PAGE (kgt_page (f)))
    {
      const KvItem *it = item (f);

      /* "I'd rather not" is offered all the way through. */
      g_assert_true (kgt_can (f, "kiosk.decline"));

      switch (kv_item_get_item_type (it))
        {
        case KV_ITEM_TEXT:
          kiosk_question_page_set_text (KIOSK_QUESTION_PAGE (kgt_page (f)), SECRET_TEXT);
          break;
        case KV_ITEM_SCALE:
        case KV_ITEM_CHOICE:
          kgt_act_s (f, "kiosk.choose", kv_level_get_id (kv_item_get_level (it, 0)));
          break;
        default:
          break;
        }
      kgt_act (f, "kiosk.next");
    }

  kgt_act (f, "kiosk.send");
  g_assert_true (KIOSK_IS_THANKS_PAGE (kgt_page (f)));

  /* Not in clear anywhere in the data directory, WAL included. */
  g_assert_false (kt_dir_contains (f->data_dir, SECRET_TEXT));

  /* The ledger entry goes first and on its own: the sealed answers never
   * share a request with anything that names the child. */
  offer_batch = kgt_outbox (f);
  g_assert_null (kgt_submission (offer_batch, "experience"));
  offers = json_object_get_array_member (json_node_get_object (offer_batch), "offers");
  g_assert_cmpuint (json_array_get_length (offers), ==, 1);
  offer = json_array_get_object_element (offers, 0);
  g_assert_cmpstr (json_object_get_string_member (offer, "child"), ==, f->code);
  g_assert_cmpstr (json_object_get_string_member (offer, "outcome"), ==, "completed");
  g_hash_table_add (skip, g_strdup (json_object_get_string_member (offer, "id")));

  batch = kiosk_store_next_batch (f->store, 100, skip, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (batch), "offers")), ==, 0);
  experience = kgt_submission (batch, "experience");
  g_assert_nonnull (experience);
  g_assert_false (json_object_has_member (experience, "answers"));
  /* sealed_version 2: no child, times or respondent beside the box. */
  g_assert_false (json_object_has_member (experience, "child"));
  g_assert_false (json_object_has_member (experience, "completed_at"));
  g_assert_false (json_object_has_member (experience, "respondent"));
  g_assert_cmpint (json_object_get_int_member (experience, "sealed_version"), ==, 2);

  sealed = g_base64_decode (json_object_get_string_member (experience, "sealed"), &sealed_len);
  g_assert_cmpuint (sealed_len, >, crypto_box_SEALBYTES);
  plain = g_malloc0 (sealed_len - crypto_box_SEALBYTES + 1);
  g_assert_cmpint (crypto_box_seal_open (plain, sealed, sealed_len,
                                         f->keys.public_key, f->keys.secret_key), ==, 0);
  opened = kt_json ((const char *) plain);
  answers = json_object_get_object_member (json_node_get_object (opened), "answers");
  g_assert_nonnull (json_object_get_string_member (json_node_get_object (opened), "completed_at"));
  g_assert_cmpstr (json_object_get_string_member (answers, "fft-reason"), ==, SECRET_TEXT);
  g_assert_cmpstr (json_object_get_string_member (answers, "who"), ==, "young-person");
  g_assert_cmpstr (json_object_get_string_member (answers, "fft"), ==, "very-good");
  g_assert_false (json_object_has_member (answers, "private"));
}

/* "I'd rather not": no answers anywhere, a "declined" ledger entry. */
static void
test_experience_declined (KgtFixture    *f,
                          gconstpointer  data)
{
  g_autoptr(JsonNode) batch = NULL;
  JsonArray *offers;

  reach_forms (f, "parent-carer");
  kgt_act (f, "kiosk.next");
  kgt_act (f, "kiosk.next");                         /* past "private" */
  kgt_act_s (f, "kiosk.choose", "parent-carer");     /* who */
  kgt_act (f, "kiosk.next");
  kgt_act_s (f, "kiosk.choose", "poor");             /* FFT, then declines */
  g_assert_nonnull (kgt_find_text (GTK_WIDGET (f->window), "I’d _rather not answer these"));
  kgt_act (f, "kiosk.decline");

  /* Asked first, in words of its own; Back and Next answer. */
  g_assert_true (KIOSK_IS_DECLINE_PAGE (kgt_page (f)));
  g_assert_nonnull (kgt_find_text (GTK_WIDGET (f->window), "_Go back to the questions"));
  g_assert_nonnull (kgt_find_text (GTK_WIDGET (f->window), "_Yes, I’d rather not"));
  kgt_act (f, "kiosk.next");

  g_assert_true (KIOSK_IS_REVIEW_PAGE (kgt_page (f)));
  g_assert_nonnull (kgt_find_text (kgt_page (f), "You chose not to answer these. That is fine."));
  kgt_act (f, "kiosk.send");

  batch = kgt_outbox (f);
  g_assert_null (kgt_submission (batch, "experience"));
  offers = json_object_get_array_member (json_node_get_object (batch), "offers");
  g_assert_cmpuint (json_array_get_length (offers), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (offers, 0), "outcome"),
                   ==, "declined");
}

/* Without a code, only the independent feedback is offered, and no
 * ledger entry can name a child. */
static void
test_no_code (KgtFixture    *f,
              gconstpointer  data)
{
  g_autoptr(JsonNode) batch = NULL;
  KioskSession *session;

  kgt_act (f, "kiosk.start");
  kgt_act_s (f, "kiosk.respondent", "someone-helping");
  kgt_act (f, "kiosk.next");
  kgt_act (f, "kiosk.no-code");

  g_assert_true (KIOSK_IS_FORMS_PAGE (kgt_page (f)));
  session = kiosk_window_get_session (f->window);
  g_assert_cmpuint (kiosk_session_get_n_forms (session), ==, 1);
  g_assert_cmpstr (kv_form_get_id (kiosk_session_get_form (session, 0)), ==, "experience");

  kgt_act (f, "kiosk.next");
  while (KIOSK_IS_QUESTION_PAGE (kgt_page (f)))
    {
      const KvItem *it = item (f);

      if (kv_item_get_item_type (it) == KV_ITEM_SCALE || kv_item_get_item_type (it) == KV_ITEM_CHOICE)
        kgt_act_s (f, "kiosk.choose", kv_level_get_id (kv_item_get_level (it, 1)));
      kgt_act (f, "kiosk.next");
    }
  kgt_act (f, "kiosk.send");

  batch = kt_outbox (f->store);
  g_assert_nonnull (kgt_submission (batch, "experience"));
  /* The mode travels inside the box (sealed_version 2). */
  {
    JsonObject *experience = kgt_submission (batch, "experience");
    g_autofree guchar *sealed = NULL;
    g_autofree guchar *plain = NULL;
    g_autoptr(JsonNode) opened = NULL;
    gsize sealed_len = 0;

    g_assert_false (json_object_has_member (experience, "mode"));
    sealed = g_base64_decode (json_object_get_string_member (experience, "sealed"), &sealed_len);
    g_assert_cmpuint (sealed_len, >, crypto_box_SEALBYTES);
    plain = g_malloc0 (sealed_len - crypto_box_SEALBYTES + 1);
    g_assert_cmpint (crypto_box_seal_open (plain, sealed, sealed_len,
                                           f->keys.public_key, f->keys.secret_key), ==, 0);
    opened = kt_json ((const char *) plain);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (opened), "mode"),
                     ==, "assisted");
  }
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (batch),
                                                                         "offers")), ==, 0);
}

static void
type_pin (KgtFixture *f,
          const char *pin)
{
  for (const char *p = pin; *p != '\0'; p++)
    {
      char key[2] = { *p, '\0' };
      kgt_act_s (f, "kiosk.key", key);
    }
}

/* Staff mode: a PIN is chosen, then checked; staff set a child's goals
 * with the family, which the store keeps as a gas-goals submission in
 * mode "assisted" by the keyworker.  The staff screen shows counts. */
static void
test_staff_goals (KgtFixture    *f,
                  gconstpointer  data)
{
  g_autoptr(JsonNode) batch = NULL;
  g_autoptr(JsonNode) goals = NULL;
  g_autoptr(JsonNode) expected = NULL;
  JsonObject *submission;
  GtkWidget *editor;

  kgt_act (f, "kiosk.staff");
  g_assert_true (KIOSK_IS_PIN_PAGE (kgt_page (f)));
  type_pin (f, "2468");
  kgt_act (f, "kiosk.next");
  type_pin (f, "2468");
  kgt_act (f, "kiosk.next");
  g_assert_true (kgt_wait_for_page (f, KIOSK_TYPE_STAFF_PAGE, 10000));
  g_assert_true (kiosk_store_has_staff_pin (f->store));

  /* Out, and back in with the PIN checked this time; a wrong one first. */
  kgt_act (f, "kiosk.back");
  g_assert_true (KIOSK_IS_WELCOME_PAGE (kgt_page (f)));
  kgt_act (f, "kiosk.staff");
  type_pin (f, "1357");
  kgt_act (f, "kiosk.next");
  kgt_run (100);
  g_assert_false (kgt_wait_for_page (f, KIOSK_TYPE_STAFF_PAGE, 1500));
  g_assert_true (KIOSK_IS_PIN_PAGE (kgt_page (f)));
  type_pin (f, "2468");
  kgt_act (f, "kiosk.next");
  g_assert_true (kgt_wait_for_page (f, KIOSK_TYPE_STAFF_PAGE, 10000));

  kgt_act (f, "kiosk.set-goals");
  g_assert_true (KIOSK_IS_CODE_PAGE (kgt_page (f)));
  g_assert_false (kgt_can (f, "kiosk.no-code"));
  kgt_type_code (f, f->code);
  kgt_act (f, "kiosk.next");

  g_assert_cmpstr (kv_item_get_id (item (f)), ==, "about");
  kgt_act (f, "kiosk.next");
  g_assert_cmpstr (kv_item_get_id (item (f)), ==, "goals");
  g_assert_false (kgt_can (f, "kiosk.next"));

  editor = kiosk_question_page_get_goal_editor (KIOSK_QUESTION_PAGE (kgt_page (f)));
  goals = kt_json ("[{\"id\": \"g1\", \"text\": \"Go to the shop with Dad\", \"baseline\": -2,"
                   "  \"importance\": 2, \"difficulty\": 3,"
                   "  \"levels\": {\"-1\": \"To the corner\", \"0\": \"To the shop door\"}},"
                   " {\"id\": \"g2\", \"text\": \"Say when things are too loud\", \"baseline\": -1}]");
  kiosk_goal_editor_load (KIOSK_GOAL_EDITOR (editor), goals);
  g_assert_true (kgt_can (f, "kiosk.next"));
  kgt_act (f, "kiosk.next");
  g_assert_true (KIOSK_IS_REVIEW_PAGE (kgt_page (f)));
  kgt_act (f, "kiosk.send");
  g_assert_true (KIOSK_IS_THANKS_PAGE (kgt_page (f)));

  batch = kgt_outbox (f);
  submission = kgt_submission (batch, "gas-goals");
  g_assert_nonnull (submission);
  g_assert_cmpstr (json_object_get_string_member (submission, "mode"), ==, "assisted");
  g_assert_cmpstr (json_object_get_string_member (submission, "respondent"), ==, "keyworker");
  g_assert_cmpstr (json_object_get_string_member (submission, "child"), ==, f->code);
  expected = kt_json ("{\"goals\": [{\"id\": \"g1\", \"text\": \"Go to the shop with Dad\","
                      "  \"baseline\": -2, \"importance\": 2, \"difficulty\": 3,"
                      "  \"levels\": {\"-1\": \"To the corner\", \"0\": \"To the shop door\"}},"
                      " {\"id\": \"g2\", \"text\": \"Say when things are too loud\", \"baseline\": -1}]}");
  g_assert_true (json_node_equal (json_object_get_member (submission, "answers"), expected));

  /* Finishing leaves staff mode: the next person sees Welcome. */
  kgt_act (f, "kiosk.finish");
  g_assert_true (KIOSK_IS_WELCOME_PAGE (kgt_page (f)));
}

/* Entering staff mode clears a family's session first: staff mode never
 * opens over answers. */
/* "Check your answers": a tap on a skipped goal goes straight to it, its
 * Next reads Done, and Done comes back to the review. */
static void
test_review_goes_to_question (KgtFixture    *f,
                              gconstpointer  data)
{
  GtkWidget *row;

  reach_forms (f, "parent-carer");
  kgt_act (f, "kiosk.next");
  kgt_act (f, "kiosk.skip");                          /* goal 1 */
  kgt_act_s (f, "kiosk.choose", "0");                 /* goal 2 */
  kgt_act (f, "kiosk.next");
  kgt_act (f, "kiosk.next");                          /* the comment, left blank */
  while (KIOSK_IS_QUESTION_PAGE (kgt_page (f)))
    kgt_act (f, kgt_can (f, "kiosk.skip") ? "kiosk.skip" : "kiosk.next");
  g_assert_true (KIOSK_IS_REVIEW_PAGE (kgt_page (f)));
  g_assert_nonnull (kgt_find_text (kgt_page (f), "You chose not to say"));

  row = kgt_find_actionable (kgt_page (f), "kiosk.go-to");
  g_assert_nonnull (row);
  g_signal_emit_by_name (row, "clicked");
  g_assert_true (KIOSK_IS_QUESTION_PAGE (kgt_page (f)));
  g_assert_cmpint (step (f)->goal, ==, 0);
  g_assert_nonnull (kgt_find_text (GTK_WIDGET (f->window), "_Done"));
  g_assert_false (kgt_can (f, "kiosk.next"));
  kgt_act_s (f, "kiosk.choose", "1");
  kgt_act (f, "kiosk.next");
  g_assert_true (KIOSK_IS_REVIEW_PAGE (kgt_page (f)));
  g_assert_nonnull (kgt_find_text (kgt_page (f), "2 of 3 questions answered"));
}

static void
test_staff_clears_session (KgtFixture    *f,
                           gconstpointer  data)
{
  reach_forms (f, "parent-carer");
  kgt_act (f, "kiosk.next");
  kgt_act_s (f, "kiosk.choose", "2");
  kgt_act (f, "kiosk.staff");
  g_assert_true (KIOSK_IS_PIN_PAGE (kgt_page (f)));
  g_assert_null (kiosk_window_get_session (f->window));
  kgt_act (f, "kiosk.back");
  g_assert_true (KIOSK_IS_WELCOME_PAGE (kgt_page (f)));
}

int
main (int   argc,
      char *argv[])
{
  kgt_init (&argc, &argv);

  g_test_add ("/kiosk/window/review-and-qol-stored", KgtFixture, NULL,
              setup_review_qol, test_review_and_qol, teardown);
  g_test_add ("/kiosk/window/changed-condition-drops-answer", KgtFixture, NULL,
              setup_review_qol, test_condition_changed, teardown);
  g_test_add ("/kiosk/window/abandoned-session-leaves-nothing", KgtFixture, NULL,
              setup_review_qol, test_abandoned, teardown);
  g_test_add ("/kiosk/window/still-here-keeps-answers", KgtFixture, NULL,
              setup_review_qol, test_still_here, teardown);
  g_test_add ("/kiosk/window/mistyped-code-is-caught", KgtFixture, NULL,
              setup_review_qol, test_wrong_code, teardown);
  g_test_add ("/kiosk/window/experience-sealed", KgtFixture, NULL,
              setup_experience, test_experience_sealed, teardown);
  g_test_add ("/kiosk/window/experience-declined", KgtFixture, NULL,
              setup_experience, test_experience_declined, teardown);
  g_test_add ("/kiosk/window/no-code-experience-only", KgtFixture, NULL,
              setup_experience, test_no_code, teardown);
  g_test_add ("/kiosk/window/staff-sets-goals", KgtFixture, NULL,
              setup_review_qol, test_staff_goals, teardown);
  g_test_add ("/kiosk/window/review-goes-to-question", KgtFixture, NULL,
              setup_review_qol, test_review_goes_to_question, teardown);
  g_test_add ("/kiosk/window/staff-clears-session", KgtFixture, NULL,
              setup_review_qol, test_staff_clears_session, teardown);

  return g_test_run ();
}
