/* test-kiosk-journey.c — every journey of docs/kiosk.md, without a window.
 *
 * Each test presses the journey's buttons as the window's actions do,
 * records the pages it is told to show, and looks at what the store would
 * upload.  There is no uploader (except for the code the service does not
 * know), so the store's outbox is exactly what the family handed in.
 */
#include "config.h"

#include <string.h>

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "kv-child-code.h"
#include "kiosk-journey.h"
#include "kiosk-test-server.h"
#include "kiosk-test-util.h"

/* A child with a two-goal set (version 2) due a GAS review and the family
 * quality-of-life form. */
#define CHILD_REVIEW_QOL \
  "{\"code\": \"%s\", \"age_band\": \"under-18\", \"dsr\": \"amber\"," \
  " \"goal_set\": {\"version\": 2, \"set_at\": \"2026-03-04\", \"goals\": [" \
  "   {\"id\": \"g1\", \"text\": \"Synthetic goal one\", \"baseline\": -1}," \
  "   {\"id\": \"g2\", \"text\": \"Synthetic goal two\", \"baseline\": -2}]}," \
  " \"due\": [\"gas-review\", \"family-qol\"]}"

#define CHILD_EXPERIENCE \
  "{\"code\": \"%s\", \"age_band\": \"under-18\", \"dsr\": \"red\"," \
  " \"goal_set\": null, \"due\": [\"experience\"]}"

#define SECRET_TEXT "kt-synthetic-journey-feedback-51d2"

#define END (-1)

#ifndef KT_JOURNEY_LOOKUP
#define KT_JOURNEY_LOOKUP FALSE
#endif

typedef struct
{
  char         *tmp_dir;
  char         *dir;
  KioskStore   *store;
  GSettings    *settings;
  KioskJourney *journey;
  KtKeyPair     keys;
  char         *code;
  char         *typed;      /* the code as the keypad holds it */
  GArray       *pages;      /* KioskPage, every page shown */
  GArray       *notices;    /* KioskNotice */
  guint         wiped;
  guint         still_there;
} Fixture;

typedef struct
{
  const char *child_json;  /* cached for the fixture's code, or NULL */
  gboolean    enrolled;
} Setup;

static const Setup review_qol = { CHILD_REVIEW_QOL, TRUE };
static const Setup experience = { CHILD_EXPERIENCE, TRUE };
static const Setup uncached = { NULL, TRUE };
static const Setup not_enrolled = { NULL, FALSE };

static void
show_page_cb (KioskJourney *journey,
              Fixture      *f)
{
  KioskPage page = kiosk_journey_get_page (journey);

  g_array_append_val (f->pages, page);
}

static void
notice_cb (KioskJourney *journey,
           int           notice,
           Fixture      *f)
{
  g_array_append_val (f->notices, notice);
}

static void
wiped_cb (KioskJourney *journey,
          Fixture      *f)
{
  f->wiped++;
}

static void
still_there_cb (KioskJourney *journey,
                gboolean      shown,
                Fixture      *f)
{
  if (shown)
    f->still_there++;
}

static void
start_journey (Fixture       *f,
               KioskUploader *uploader)
{
  g_autoptr(KioskFormSource) forms = kiosk_form_source_new (f->store, KV_SOURCE_FORMS_DIR);

  f->journey = kiosk_journey_new (f->store, uploader, f->settings, forms);
  g_signal_connect (f->journey, "show-page", G_CALLBACK (show_page_cb), f);
  g_signal_connect (f->journey, "notice", G_CALLBACK (notice_cb), f);
  g_signal_connect (f->journey, "wiped", G_CALLBACK (wiped_cb), f);
  g_signal_connect (f->journey, "still-there", G_CALLBACK (still_there_cb), f);
  kiosk_journey_reset (f->journey);
  g_array_set_size (f->pages, 0);
  f->wiped = 0;
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  const Setup *how = data;
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GError) error = NULL;

  f->tmp_dir = kt_tmp_dir ();
  f->dir = g_build_filename (f->tmp_dir, "data", NULL);
  f->store = kiosk_store_open (f->dir, &error);
  g_assert_no_error (error);
  kt_keypair (&f->keys);
  if (how->enrolled)
    kt_enrol (f->store, "http://127.0.0.1:9", &f->keys);

  f->code = kt_child_code ();
  /* The keypad holds the code without its separator. */
  f->typed = g_strdup (f->code);
  memmove (f->typed + 4, f->typed + 5, strlen (f->typed + 5) + 1);
  if (how->child_json != NULL)
    {
      g_autofree char *json = g_strdup_printf (how->child_json, f->code);

      kiosk_store_cache_child (f->store, f->code, json, &error);
      g_assert_no_error (error);
    }

  f->settings = g_settings_new_with_backend ("org.keyvoice.Kiosk", backend);
  f->pages = g_array_new (FALSE, FALSE, sizeof (KioskPage));
  f->notices = g_array_new (FALSE, FALSE, sizeof (int));
  start_journey (f, NULL);
  g_assert_true (kiosk_journey_is_blank (f->journey));
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_assert_finalize_object (f->journey);
  g_clear_object (&f->settings);
  g_clear_object (&f->store);
  g_array_unref (f->pages);
  g_array_unref (f->notices);
  kt_remove_tree (f->tmp_dir);
  g_free (f->tmp_dir);
  g_free (f->dir);
  g_free (f->code);
  g_free (f->typed);
}

/* ---- Helpers ------------------------------------------------------------ */

static gboolean
quit_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until *@flag changes from @before (or @ms pass). */
static void
run_until (guint       *flag,
           guint        before,
           guint        ms)
{
  gboolean done = FALSE;
  guint source = g_timeout_add (ms * kt_slowdown (), quit_cb, &done);

  while (!done && (flag == NULL || *flag == before))
    g_main_context_iteration (NULL, TRUE);
  if (!done)
    g_source_remove (source);
}

/* The pages shown since the last call are exactly these, ending in END. */
static void
expect_pages (Fixture *f,
              ...)
{
  va_list args;
  guint i = 0;
  int page;

  va_start (args, f);
  while ((page = va_arg (args, int)) != END)
    {
      g_assert_cmpuint (i, <, f->pages->len);
      g_assert_cmpint (g_array_index (f->pages, KioskPage, i), ==, page);
      i++;
    }
  va_end (args);
  g_assert_cmpuint (i, ==, f->pages->len);
  g_array_set_size (f->pages, 0);
}

static KioskSession *
session (Fixture *f)
{
  return kiosk_journey_get_session (f->journey);
}

static KioskChrome
chrome (Fixture *f)
{
  KioskChrome chrome;

  kiosk_journey_get_chrome (f->journey, &chrome);
  return chrome;
}

static const char *
item_id (Fixture *f)
{
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_QUESTION);
  return kv_item_get_id (kiosk_session_get_step_item (session (f), kiosk_journey_get_step (f->journey)));
}

static KvItemType
item_type (Fixture *f)
{
  return kv_item_get_item_type (kiosk_session_get_step_item (session (f),
                                                             kiosk_journey_get_step (f->journey)));
}

static void
answer_s (Fixture    *f,
          const char *value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, value);
  kiosk_session_set_answer (session (f), kiosk_journey_get_step (f->journey), node);
}

static void
answer_i (Fixture *f,
          gint64   value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_int (node, value);
  kiosk_session_set_answer (session (f), kiosk_journey_get_step (f->journey), node);
}

/* Answers the question on screen with its @level-th level (or @text for
 * a text item) and presses Next. */
static void
answer_here (Fixture    *f,
             guint       level,
             const char *text)
{
  const KvItem *it = kiosk_session_get_step_item (session (f), kiosk_journey_get_step (f->journey));

  if (kv_item_get_item_type (it) == KV_ITEM_TEXT && text != NULL)
    answer_s (f, text);
  else if (kv_item_get_item_type (it) == KV_ITEM_SCALE || kv_item_get_item_type (it) == KV_ITEM_CHOICE)
    answer_s (f, kv_level_get_id (kv_item_get_level (it, level)));
  g_assert_cmpint (kiosk_journey_next (f->journey), ==, KIOSK_NEXT_DONE);
}

/* The same for every question left, up to the review. */
static void
answer_all (Fixture    *f,
            guint       level,
            const char *text)
{
  while (kiosk_journey_get_page (f->journey) == KIOSK_PAGE_QUESTION)
    answer_here (f, level, text);
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_REVIEW);
}

static void
type_code (Fixture    *f,
           const char *typed)
{
  kiosk_journey_set_entry (f->journey, typed, strlen (typed) == KV_CHILD_CODE_LENGTH);
}

/* Welcome → who is answering → code → forms due. */
static void
reach_forms (Fixture    *f,
             const char *respondent)
{
  kiosk_journey_start (f->journey);
  g_assert_false (chrome (f).can_next);
  g_assert_true (kiosk_journey_set_respondent (f->journey, respondent));
  g_assert_true (chrome (f).can_next);
  kiosk_journey_next (f->journey);

  g_assert_false (chrome (f).can_next);
  type_code (f, f->typed);
  g_assert_true (chrome (f).can_next);
  kiosk_journey_next (f->journey);
  expect_pages (f, KIOSK_PAGE_RESPONDENT, KIOSK_PAGE_CODE, KIOSK_PAGE_FORMS, END);
}

static JsonNode *
answers_of (JsonNode   *batch,
            const char *form)
{
  JsonObject *submission = kt_submission (batch, form);

  g_assert_nonnull (submission);
  return json_object_get_member (submission, "answers");
}

static JsonArray *
offers_of (JsonNode *batch)
{
  return json_object_get_array_member (json_node_get_object (batch), "offers");
}

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

  reach_forms (f, "parent-carer");
  c = chrome (f);
  g_assert_cmpint (c.next_label, ==, KIOSK_NEXT_LABEL_BEGIN);
  g_assert_true (c.bottom_bar && c.back_shown && c.can_back);
  g_assert_cmpuint (kiosk_session_get_n_forms (session (f)), ==, 2);
  kiosk_journey_next (f->journey);

  g_assert_cmpstr (item_id (f), ==, "ratings");
  g_assert_cmpint (kiosk_journey_get_step (f->journey)->goal, ==, 0);
  c = chrome (f);
  g_assert_true (c.header);
  g_assert_cmpuint (c.position, ==, 1);
  g_assert_cmpuint (c.total, ==, 3);
  /* A rating is required, but the next goal is still to come. */
  g_assert_true (c.can_skip && c.skip_goal);
  g_assert_false (c.can_decline);
  answer_i (f, 1);
  kiosk_journey_next (f->journey);
  g_assert_cmpuint (chrome (f).position, ==, 2);
  answer_s (f, "partial");
  kiosk_journey_next (f->journey);

  /* The optional comment: skipped. */
  g_assert_cmpstr (item_id (f), ==, "comment");
  c = chrome (f);
  g_assert_true (c.can_skip);
  g_assert_false (c.skip_goal);
  kiosk_journey_skip (f->journey);

  /* Every quality-of-life item is required: no Skip, no Next unanswered. */
  for (guint i = 0; kiosk_journey_get_page (f->journey) == KIOSK_PAGE_QUESTION; i++)
    {
      g_assert_cmpuint (chrome (f).position, ==, i + 1);
      if (item_type (f) == KV_ITEM_INFO)
        g_assert_cmpstr (item_id (f), ==, "safety-help");
      else
        {
          g_assert_false (chrome (f).can_skip);
          g_assert_false (chrome (f).can_next);
          answer_s (f, g_str_equal (item_id (f), "safety") ? "serious-problem" : "as-wanted");
        }
      g_assert_true (chrome (f).can_next);
      kiosk_journey_next (f->journey);
    }
  expect_pages (f, KIOSK_PAGE_QUESTION, KIOSK_PAGE_QUESTION, KIOSK_PAGE_QUESTION,
                KIOSK_PAGE_QUESTION, KIOSK_PAGE_QUESTION, KIOSK_PAGE_QUESTION, KIOSK_PAGE_QUESTION,
                KIOSK_PAGE_QUESTION, KIOSK_PAGE_QUESTION, KIOSK_PAGE_QUESTION, KIOSK_PAGE_QUESTION,
                KIOSK_PAGE_REVIEW, END);

  /* Back from the review goes to the last question, and forward again. */
  kiosk_journey_back (f->journey);
  g_assert_cmpstr (item_id (f), ==, "support");
  kiosk_journey_next (f->journey);
  c = chrome (f);
  g_assert_false (c.header);
  g_assert_cmpint (c.next_label, ==, KIOSK_NEXT_LABEL_SEND);
  g_assert_cmpstr (c.next_action, ==, "kiosk.send");
  g_assert_true (c.can_send);

  /* Nothing is written before Send; Next on the review is Send. */
  g_assert_null (kt_outbox (f->store));
  g_assert_cmpint (kiosk_journey_next (f->journey), ==, KIOSK_NEXT_SEND);
  g_assert_null (kt_outbox (f->store));
  g_assert_true (kiosk_journey_send (f->journey, NULL));
  expect_pages (f, KIOSK_PAGE_QUESTION, KIOSK_PAGE_REVIEW, KIOSK_PAGE_THANKS, END);
  g_assert_null (session (f));

  batch = kt_outbox (f->store);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (batch),
                                                                         "submissions")), ==, 2);
  g_assert_cmpuint (json_array_get_length (offers_of (batch)), ==, 0);
  review = kt_submission (batch, "gas-review");
  g_assert_cmpint (json_object_get_int_member (review, "goal_set"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (review, "child"), ==, f->code);
  g_assert_cmpstr (json_object_get_string_member (review, "respondent"), ==, "parent-carer");
  g_assert_cmpstr (json_object_get_string_member (review, "mode"), ==, "self");
  g_assert_cmpstr (json_object_get_string_member (review, "locale"), ==, "en_GB");
  g_assert_false (json_object_get_boolean_member (review, "easy_read"));
  expected_review = kt_json ("{\"ratings\": {\"g1\": 1, \"g2\": \"partial\"}}");
  g_assert_true (json_node_equal (answers_of (batch, "gas-review"), expected_review));

  qol = kt_submission (batch, "family-qol");
  g_assert_cmpstr (json_object_get_string_member (qol, "child"), ==, f->code);
  g_assert_false (json_object_has_member (qol, "goal_set")
                  && !json_object_get_null_member (qol, "goal_set"));
  expected_qol = kt_json ("{\"enjoyment\": \"as-wanted\", \"control\": \"as-wanted\","
                          " \"self-care\": \"as-wanted\", \"safety\": \"serious-problem\","
                          " \"social\": \"as-wanted\", \"own-time\": \"as-wanted\","
                          " \"support\": \"as-wanted\"}");
  g_assert_true (json_node_equal (answers_of (batch, "family-qol"), expected_qol));
  g_assert_cmpstr (json_object_get_string_member (review, "id"), !=,
                   json_object_get_string_member (qol, "id"));

  /* Thank you: no Back; Finish leaves a blank Welcome. */
  c = chrome (f);
  g_assert_false (c.back_shown || c.can_back);
  g_assert_cmpint (c.next_label, ==, KIOSK_NEXT_LABEL_FINISH);
  g_assert_cmpstr (c.next_action, ==, "kiosk.finish");
  kiosk_journey_next (f->journey);
  expect_pages (f, KIOSK_PAGE_WELCOME, END);
  g_assert_cmpuint (f->wiped, ==, 1);
  g_assert_true (kiosk_journey_is_blank (f->journey));
  c = chrome (f);
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

  reach_forms (f, "parent-carer");
  kiosk_journey_next (f->journey);
  answer_i (f, 0);
  kiosk_journey_next (f->journey);
  kiosk_journey_skip (f->journey);
  kiosk_journey_skip (f->journey);

  while (kiosk_journey_get_page (f->journey) == KIOSK_PAGE_QUESTION)
    {
      if (g_str_equal (item_id (f), "safety"))
        {
          answer_s (f, "serious-problem");
          g_assert_cmpuint (chrome (f).total, ==, 8);
          kiosk_journey_next (f->journey);
          g_assert_cmpstr (item_id (f), ==, "safety-help");
          kiosk_journey_back (f->journey);
          g_assert_cmpstr (item_id (f), ==, "safety");
          answer_s (f, "mostly-fine");
          g_assert_cmpuint (chrome (f).total, ==, 7);
          kiosk_journey_next (f->journey);
          g_assert_cmpstr (item_id (f), ==, "social");
        }
      answer_s (f, "not-enough");
      kiosk_journey_next (f->journey);
    }

  g_assert_true (kiosk_journey_send (f->journey, NULL));
  batch = kt_outbox (f->store);
  answers = json_node_get_object (answers_of (batch, "family-qol"));
  g_assert_cmpstr (json_object_get_string_member (answers, "safety"), ==, "mostly-fine");
  g_assert_false (json_object_has_member (answers, "safety-help"));
  g_assert_cmpuint (json_object_get_size (answers), ==, 7);

  /* One goal rated of two: the review is still valid (docs/domain.md §1). */
  answers = json_node_get_object (answers_of (batch, "gas-review"));
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (answers, "ratings")), ==, 1);
}

/* Back goes through every screen in reverse, keeping every answer, and
 * on to the forms, the code (still typed) and who is answering. */
static void
test_back_keeps_answers (Fixture       *f,
                         gconstpointer  data)
{
  JsonNode *kept;

  reach_forms (f, "both");
  kiosk_journey_next (f->journey);
  answer_i (f, -1);
  kiosk_journey_next (f->journey);
  answer_s (f, "partial");
  kiosk_journey_back (f->journey);

  g_assert_cmpint (kiosk_journey_get_step (f->journey)->goal, ==, 0);
  kept = kiosk_session_get_answer (session (f), kiosk_journey_get_step (f->journey));
  g_assert_cmpint (json_node_get_int (kept), ==, -1);
  kiosk_journey_next (f->journey);
  kept = kiosk_session_get_answer (session (f), kiosk_journey_get_step (f->journey));
  g_assert_cmpstr (json_node_get_string (kept), ==, "partial");

  kiosk_journey_back (f->journey);
  kiosk_journey_back (f->journey);
  g_assert_false (kiosk_journey_get_due_unknown (f->journey));

  /* Forward again from the forms: the answer is still there. */
  kiosk_journey_next (f->journey);
  kept = kiosk_session_get_answer (session (f), kiosk_journey_get_step (f->journey));
  g_assert_cmpint (json_node_get_int (kept), ==, -1);

  kiosk_journey_back (f->journey);
  kiosk_journey_back (f->journey);
  g_assert_cmpstr (kiosk_session_get_code (session (f)), ==, f->code);
  kiosk_journey_back (f->journey);
  expect_pages (f, KIOSK_PAGE_QUESTION, KIOSK_PAGE_QUESTION, KIOSK_PAGE_QUESTION,
                KIOSK_PAGE_QUESTION, KIOSK_PAGE_QUESTION, KIOSK_PAGE_FORMS, KIOSK_PAGE_QUESTION,
                KIOSK_PAGE_FORMS, KIOSK_PAGE_CODE, KIOSK_PAGE_RESPONDENT, END);
  g_assert_nonnull (session (f));

  /* Back to Welcome drops the half-started session, not the language. */
  g_assert_true (kiosk_journey_set_language (f->journey, "cy"));
  kiosk_journey_back (f->journey);
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_WELCOME);
  g_assert_null (session (f));
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
  reach_forms (f, "young-person");
  kiosk_journey_next (f->journey);
  answer_i (f, 2);

  run_until (&f->still_there, 0, 4000);
  g_assert_true (kiosk_journey_is_still_there (f->journey));
  g_assert_cmpuint (kiosk_journey_get_seconds_left (f->journey), ==, 1);
  c = chrome (f);
  g_assert_false (c.can_next || c.can_back || c.can_skip || c.bottom_bar || c.header);
  g_assert_true (c.can_still_here);

  run_until (&f->wiped, 0, 4000);
  g_assert_cmpuint (f->wiped, ==, 1);
  g_assert_false (kiosk_journey_is_still_there (f->journey));
  g_assert_null (session (f));
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_WELCOME);
  g_assert_cmpstr (kiosk_journey_get_language (f->journey), ==, "en");
  g_assert_false (kiosk_journey_get_easy_read (f->journey));
  g_assert_cmpstr (kiosk_journey_get_respondent (f->journey), ==, "");
  g_assert_null (kt_outbox (f->store));

  run_until (NULL, 0, 1500);
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

  reach_forms (f, "parent-carer");
  kiosk_journey_next (f->journey);
  answer_i (f, -1);
  g_assert_false (kiosk_journey_still_here (f->journey));

  run_until (&f->still_there, 0, 4000);
  g_assert_true (kiosk_journey_still_here (f->journey));
  g_assert_false (kiosk_journey_is_still_there (f->journey));
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_QUESTION);
  g_assert_cmpint (kiosk_journey_get_step (f->journey)->goal, ==, 0);
  g_assert_cmpint (json_node_get_int (kiosk_session_get_answer (session (f),
                                                                kiosk_journey_get_step (f->journey))), ==, -1);
  g_assert_true (chrome (f).can_next);
  g_assert_cmpuint (f->wiped, ==, 0);
  expect_pages (f, KIOSK_PAGE_QUESTION, END);
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
  type_code (f, "K7Q3");
  g_assert_false (chrome (f).can_next);
  type_code (f, wrong);
  g_assert_true (chrome (f).can_next);
  kiosk_journey_next (f->journey);

  expect_pages (f, KIOSK_PAGE_RESPONDENT, KIOSK_PAGE_CODE, END);
  g_assert_cmpuint (f->notices->len, ==, 1);
  g_assert_cmpint (g_array_index (f->notices, int, 0), ==, KIOSK_NOTICE_CODE_MALFORMED);
  g_assert_null (kiosk_session_get_code (session (f)));

  type_code (f, f->typed);
  kiosk_journey_next (f->journey);
  expect_pages (f, KIOSK_PAGE_FORMS, END);
  g_assert_cmpstr (kiosk_session_get_code (session (f)), ==, f->code);
}

/* A code the tablet could not look up still gets the forms that need no
 * goal set, and the forms page says why. */
static void
test_code_not_cached (Fixture       *f,
                      gconstpointer  data)
{
  reach_forms (f, "parent-carer");
  g_assert_true (kiosk_journey_get_due_unknown (f->journey));
  g_assert_cmpuint (kiosk_session_get_n_forms (session (f)), ==, 2);
  g_assert_cmpstr (kv_form_get_id (kiosk_session_get_form (session (f), 0)), ==, "family-qol");
  g_assert_cmpstr (kv_form_get_id (kiosk_session_get_form (session (f), 1)), ==, "experience");

  kiosk_journey_next (f->journey);
  kiosk_journey_back (f->journey);
  expect_pages (f, KIOSK_PAGE_QUESTION, KIOSK_PAGE_FORMS, END);
  g_assert_false (kiosk_journey_get_due_unknown (f->journey));
}

/* Forms for parent carers are not put to a young person answering alone. */
static void
test_young_person_alone (Fixture       *f,
                         gconstpointer  data)
{
  reach_forms (f, "young-person");
  g_assert_cmpuint (kiosk_session_get_n_forms (session (f)), ==, 1);
  g_assert_cmpstr (kv_form_get_id (kiosk_session_get_form (session (f), 0)), ==, "gas-review");
  g_assert_cmpint (kiosk_session_get_mode (session (f)), ==, KIOSK_MODE_SELF);
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

  reach_forms (f, "young-person");
  kiosk_journey_next (f->journey);
  while (kiosk_journey_get_page (f->journey) == KIOSK_PAGE_QUESTION)
    {
      /* "I'd rather not" is offered all the way through. */
      g_assert_true (chrome (f).can_decline);
      answer_here (f, 0, SECRET_TEXT);
    }
  g_assert_true (kiosk_journey_send (f->journey, NULL));
  g_assert_false (kt_dir_contains (f->dir, SECRET_TEXT));

  offer_batch = kt_outbox (f->store);
  g_assert_null (kt_submission (offer_batch, "experience"));
  g_assert_cmpuint (json_array_get_length (offers_of (offer_batch)), ==, 1);
  offer = json_array_get_object_element (offers_of (offer_batch), 0);
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

  reach_forms (f, "parent-carer");
  kiosk_journey_next (f->journey);
  kiosk_journey_next (f->journey);                /* past "private" */
  answer_s (f, "parent-carer");
  kiosk_journey_next (f->journey);
  answer_s (f, "poor");
  kiosk_journey_decline (f->journey);
  expect_pages (f, KIOSK_PAGE_QUESTION, KIOSK_PAGE_QUESTION, KIOSK_PAGE_QUESTION,
                KIOSK_PAGE_REVIEW, END);
  g_assert_true (kiosk_session_is_declined (session (f), 0));
  answers = kiosk_session_dup_answers (session (f), 0);
  g_assert_cmpuint (json_object_get_size (json_node_get_object (answers)), ==, 0);

  g_assert_true (kiosk_journey_send (f->journey, NULL));
  batch = kt_outbox (f->store);
  g_assert_null (kt_submission (batch, "experience"));
  g_assert_cmpuint (json_array_get_length (offers_of (batch)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (offers_of (batch), 0),
                                                  "outcome"), ==, "declined");

  run_until (&f->wiped, 0, 4000);
  expect_pages (f, KIOSK_PAGE_THANKS, KIOSK_PAGE_WELCOME, END);
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
  g_assert_true (chrome (f).can_no_code);
  kiosk_journey_no_code (f->journey);
  expect_pages (f, KIOSK_PAGE_RESPONDENT, KIOSK_PAGE_CODE, KIOSK_PAGE_FORMS, END);
  g_assert_false (kiosk_journey_get_due_unknown (f->journey));
  g_assert_cmpuint (kiosk_session_get_n_forms (session (f)), ==, 1);
  g_assert_cmpstr (kv_form_get_id (kiosk_session_get_form (session (f), 0)), ==, "experience");
  g_assert_cmpint (kiosk_session_get_mode (session (f)), ==, KIOSK_MODE_ASSISTED);

  kiosk_journey_next (f->journey);
  answer_all (f, 1, NULL);
  g_assert_true (kiosk_journey_send (f->journey, NULL));

  batch = kt_outbox (f->store);
  g_assert_cmpuint (json_array_get_length (offers_of (batch)), ==, 0);
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
  g_assert_cmpuint (kiosk_session_get_n_forms (session (f)), ==, 0);
  g_assert_cmpint (chrome (f).next_label, ==, KIOSK_NEXT_LABEL_FINISH);
  kiosk_journey_next (f->journey);
  expect_pages (f, KIOSK_PAGE_RESPONDENT, KIOSK_PAGE_CODE, KIOSK_PAGE_FORMS, KIOSK_PAGE_WELCOME, END);
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
  reach_forms (f, "young-person");
  g_assert_cmpstr (kiosk_session_get_language (session (f)), ==, "cy");
  g_assert_true (kiosk_session_get_easy_read (session (f)));

  kiosk_journey_next (f->journey);
  answer_i (f, 0);
  kiosk_journey_next (f->journey);
  kiosk_journey_skip (f->journey);
  kiosk_journey_skip (f->journey);
  g_assert_true (kiosk_journey_send (f->journey, NULL));
  batch = kt_outbox (f->store);
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

/* ---- Staff --------------------------------------------------------------- */

/* Into staff mode with a PIN, goals set with the family as a gas-goals
 * submission (keyworker, assisted), Finish out to Welcome. */
static void
test_staff_sets_goals (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(JsonNode) goals = NULL;
  g_autoptr(JsonNode) batch = NULL;
  JsonObject *submission;
  KioskChrome c;

  kiosk_journey_staff (f->journey);
  g_assert_false (kiosk_journey_get_choose_pin (f->journey));
  c = chrome (f);
  g_assert_cmpint (c.back_label, ==, KIOSK_BACK_LABEL_CANCEL);
  g_assert_cmpint (c.next_label, ==, KIOSK_NEXT_LABEL_OK);
  g_assert_false (c.can_next);
  kiosk_journey_set_entry (f->journey, NULL, TRUE);
  g_assert_cmpint (kiosk_journey_next (f->journey), ==, KIOSK_NEXT_CHECK_PIN);
  kiosk_journey_staff_unlocked (f->journey);
  c = chrome (f);
  g_assert_cmpint (c.back_label, ==, KIOSK_BACK_LABEL_CLOSE_STAFF);
  g_assert_false (c.next_shown || c.can_next);
  g_assert_true (c.can_staff);

  kiosk_journey_set_goals (f->journey);
  g_assert_true (kiosk_journey_is_setting_goals (f->journey));
  g_assert_false (chrome (f).can_no_code);
  kiosk_journey_no_code (f->journey);
  g_assert_cmpint (kiosk_session_get_respondent (session (f)), ==, KIOSK_RESPONDENT_KEYWORKER);
  g_assert_cmpint (kiosk_session_get_mode (session (f)), ==, KIOSK_MODE_ASSISTED);
  type_code (f, f->typed);
  kiosk_journey_next (f->journey);
  expect_pages (f, KIOSK_PAGE_WELCOME, KIOSK_PAGE_PIN, KIOSK_PAGE_STAFF, KIOSK_PAGE_CODE,
                KIOSK_PAGE_QUESTION, END);

  g_assert_cmpstr (item_id (f), ==, "about");
  kiosk_journey_next (f->journey);
  g_assert_cmpstr (item_id (f), ==, "goals");
  g_assert_false (chrome (f).can_next);
  goals = kt_json ("[{\"id\": \"g1\", \"text\": \"Synthetic goal three\", \"baseline\": -2},"
                   " {\"id\": \"g2\", \"text\": \"Synthetic goal four\", \"baseline\": -1}]");
  kiosk_session_set_answer (session (f), kiosk_journey_get_step (f->journey),
                            json_node_copy (goals));
  g_assert_true (chrome (f).can_next);
  kiosk_journey_next (f->journey);
  g_assert_true (kiosk_journey_send (f->journey, NULL));
  g_assert_false (kiosk_journey_is_setting_goals (f->journey));

  batch = kt_outbox (f->store);
  submission = kt_submission (batch, "gas-goals");
  g_assert_cmpstr (json_object_get_string_member (submission, "mode"), ==, "assisted");
  g_assert_cmpstr (json_object_get_string_member (submission, "respondent"), ==, "keyworker");
  g_assert_cmpstr (json_object_get_string_member (submission, "child"), ==, f->code);
  g_assert_true (json_node_equal (json_object_get_member (json_object_get_object_member (submission, "answers"),
                                                          "goals"), goals));

  kiosk_journey_next (f->journey);
  expect_pages (f, KIOSK_PAGE_QUESTION, KIOSK_PAGE_REVIEW, KIOSK_PAGE_THANKS, KIOSK_PAGE_WELCOME, END);
}

/* Back in staff mode: from the goals' code page to the staff page, from a
 * new PIN back to the staff page, and out; Cancel on a PIN never asked
 * for staff mode goes to Welcome. */
static void
test_staff_back (Fixture       *f,
                 gconstpointer  data)
{
  kiosk_journey_staff (f->journey);
  kiosk_journey_back (f->journey);
  kiosk_journey_staff (f->journey);
  kiosk_journey_staff_unlocked (f->journey);
  kiosk_journey_set_goals (f->journey);
  kiosk_journey_back (f->journey);
  g_assert_null (session (f));
  g_assert_false (kiosk_journey_is_setting_goals (f->journey));
  kiosk_journey_change_pin (f->journey);
  g_assert_true (kiosk_journey_get_choose_pin (f->journey));
  kiosk_journey_back (f->journey);
  kiosk_journey_staff (f->journey);       /* already in staff mode: nothing */
  kiosk_journey_back (f->journey);
  expect_pages (f, KIOSK_PAGE_WELCOME, KIOSK_PAGE_PIN, KIOSK_PAGE_WELCOME,
                KIOSK_PAGE_WELCOME, KIOSK_PAGE_PIN, KIOSK_PAGE_STAFF, KIOSK_PAGE_CODE,
                KIOSK_PAGE_STAFF, KIOSK_PAGE_PIN, KIOSK_PAGE_STAFF, KIOSK_PAGE_WELCOME, END);
  g_assert_true (kiosk_journey_is_blank (f->journey));
}

/* Staff mode never opens over a family's answers. */
static void
test_staff_clears_session (Fixture       *f,
                           gconstpointer  data)
{
  reach_forms (f, "parent-carer");
  kiosk_journey_next (f->journey);
  answer_i (f, 2);
  kiosk_journey_staff (f->journey);
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_PIN);
  g_assert_null (session (f));
  g_assert_cmpuint (f->wiped, ==, 1);
  kiosk_journey_back (f->journey);
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_WELCOME);
}

/* Holding the corner for staff-hold-seconds opens the PIN screen; letting
 * go before that does nothing. */
static void
test_staff_corner (Fixture       *f,
                   gconstpointer  data)
{
  g_settings_set_double (f->settings, "staff-hold-seconds", 1.0);

  kiosk_journey_press_staff_corner (f->journey);
  run_until (NULL, 0, 600);
  kiosk_journey_release_staff_corner (f->journey);
  run_until (NULL, 0, 900);
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_WELCOME);

  kiosk_journey_press_staff_corner (f->journey);
  run_until (NULL, 0, 1600);
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_PIN);
}

/* ---- A code the service does not know ----------------------------------- */

/* Through the uploader against a fake aggregator that knows no code:
 * while it looks, neither Next, Back nor "no code" may be pressed; then
 * the code page says so.  A look-up overtaken by a wipe is dropped. */
static void
test_code_unknown (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(KtServer) server = kt_server_new ();
  KioskUploader *uploader = kiosk_uploader_new (f->store);
  guint n;
  KioskChrome c;

  kt_enrol (f->store, kt_server_get_url (server), kt_server_get_keypair (server));
  g_assert_finalize_object (f->journey);
  start_journey (f, uploader);

  kiosk_journey_start (f->journey);
  kiosk_journey_set_respondent (f->journey, "parent-carer");
  kiosk_journey_next (f->journey);
  type_code (f, f->typed);
  kiosk_journey_next (f->journey);
  g_assert_true (kiosk_journey_is_looking_up (f->journey));
  g_assert_cmpint (g_array_index (f->notices, int, 0), ==, KIOSK_NOTICE_LOOKING_UP);
  c = chrome (f);
  g_assert_false (c.can_next || c.can_back || c.can_no_code);

  n = f->notices->len;
  run_until (&f->notices->len, n, 10000);
  g_assert_cmpuint (f->notices->len, ==, 3);
  g_assert_cmpint (g_array_index (f->notices, int, 1), ==, KIOSK_NOTICE_NONE);
  g_assert_cmpint (g_array_index (f->notices, int, 2), ==, KIOSK_NOTICE_CODE_UNKNOWN);
  g_assert_false (kiosk_journey_is_looking_up (f->journey));
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_CODE);
  g_assert_null (kiosk_session_get_code (session (f)));
  g_assert_true (chrome (f).can_no_code);

  /* Again, but the kiosk is wiped while it looks. */
  kiosk_journey_next (f->journey);
  g_assert_true (kiosk_journey_is_looking_up (f->journey));
  kiosk_journey_reset (f->journey);
  g_assert_false (kiosk_journey_is_looking_up (f->journey));
  n = f->notices->len;
  run_until (NULL, 0, 1000);
  g_assert_cmpuint (f->notices->len, ==, n);
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_WELCOME);

  g_object_run_dispose (G_OBJECT (f->journey));
  g_object_unref (uploader);
  run_until (NULL, 0, 200);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, setup_data, func) \
  g_test_add ("/kiosk/journey/" path, Fixture, &setup_data, setup, func, teardown)

  /* The case with a fake aggregator is built on its own as
   * test-kiosk-journey-lookup (tests/kiosk/core/meson.build): libsoup
   * 3.2's known leaks are suppressed only with full stacks, which the
   * sanitizer phase gives the "kiosk-core" suite but not "kiosk". */
  if (KT_JOURNEY_LOOKUP)
    {
      ADD ("code-unknown-to-the-service", uncached, test_code_unknown);
      return g_test_run ();
    }

  ADD ("review-and-qol-stored", review_qol, test_review_and_qol);
  ADD ("safety-screen-only-when-needed", review_qol, test_safety_screen);
  ADD ("back-keeps-answers", review_qol, test_back_keeps_answers);
  ADD ("idle-wipes-everything", review_qol, test_idle_wipe);
  ADD ("still-here-keeps-answers", review_qol, test_still_here);
  ADD ("mistyped-code-is-caught", review_qol, test_mistyped_code);
  ADD ("code-not-cached-usual-forms", uncached, test_code_not_cached);
  ADD ("young-person-alone", review_qol, test_young_person_alone);
  ADD ("experience-accepted-sealed", experience, test_experience_accepted);
  ADD ("experience-declined", experience, test_experience_declined);
  ADD ("no-code-experience-only", uncached, test_no_code);
  ADD ("not-enrolled-no-experience", not_enrolled, test_not_enrolled);
  ADD ("language-and-easy-read", review_qol, test_language_and_easy_read);
  ADD ("staff-sets-goals", review_qol, test_staff_sets_goals);
  ADD ("staff-back", review_qol, test_staff_back);
  ADD ("staff-clears-session", review_qol, test_staff_clears_session);
  ADD ("staff-corner-hold", review_qol, test_staff_corner);

#undef ADD

  return g_test_run ();
}
