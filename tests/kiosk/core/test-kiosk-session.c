/* test-kiosk-session.c — the walk through a session's forms, without a
 * window: which screens there are, where Back and Next lead, "3 of 7",
 * what may be skipped, and what is sent. */
#include "config.h"

#include "kiosk-test-util.h"
#include "kiosk-session.h"

static KioskChild *
child_with_goals (guint n_goals)
{
  g_autoptr(GString) json = g_string_new ("{\"code\": \"K7Q3-MX2P\", \"age_band\": \"under-18\","
                                          " \"goal_set\": {\"version\": 3, \"goals\": [");
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  KioskChild *child;

  for (guint i = 0; i < n_goals; i++)
    g_string_append_printf (json, "%s{\"id\": \"g%u\", \"text\": \"Goal %u\", \"baseline\": -1}",
                            i > 0 ? ", " : "", i + 1, i + 1);
  g_string_append (json, "]}, \"due\": [\"gas-review\"]}");

  node = kt_json (json->str);
  child = kiosk_child_new_from_json (node, NULL, FALSE, &error);
  g_assert_no_error (error);
  return child;
}

static JsonNode *
string_node (const char *value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, value);
  return node;
}

static void
test_gas_steps (void)
{
  g_autoptr(KioskSession) session = kiosk_session_new ("en", FALSE);
  g_autoptr(KvForm) review = kt_shipped_form ("gas-review");
  g_autoptr(KioskChild) child = child_with_goals (3);
  KioskStep step;
  guint position, total;

  /* No goal set: a review cannot be added. */
  g_assert_false (kiosk_session_add_form (session, review));

  kiosk_session_set_child (session, "K7Q3-MX2P", child);
  g_assert_true (kiosk_session_add_form (session, review));

  g_assert_true (kiosk_session_first_step (session, &step));
  g_assert_cmpint (step.goal, ==, 0);
  kiosk_session_get_progress (session, &step, &position, &total);
  g_assert_cmpuint (position, ==, 1);
  g_assert_cmpuint (total, ==, 4);   /* three goals and the comment */

  /* Every goal may be skipped, the last one too, even with none rated: a
   * review without a rating is simply not sent. */
  g_assert_true (kiosk_session_step_can_skip (session, &step));
  g_assert_true (kiosk_session_next_step (session, &step));
  g_assert_true (kiosk_session_next_step (session, &step));
  g_assert_cmpint (step.goal, ==, 2);
  g_assert_true (kiosk_session_step_can_skip (session, &step));
  g_assert_false (kiosk_session_has_answers (session, 0));

  /* Skipped until answered; answered after all undoes the skip. */
  g_assert_cmpint (kiosk_session_get_step_status (session, &step), ==, KIOSK_STEP_NOT_ANSWERED);
  kiosk_session_skip_step (session, &step);
  g_assert_cmpint (kiosk_session_get_step_status (session, &step), ==, KIOSK_STEP_SKIPPED);
  {
    KioskStep first = { step.form, step.item, 0 };
    JsonNode *rating = json_node_new (JSON_NODE_VALUE);

    json_node_set_int (rating, -2);
    kiosk_session_set_answer (session, &first, rating);
    g_assert_cmpint (kiosk_session_get_step_status (session, &first), ==, KIOSK_STEP_ANSWERED);
    g_assert_cmpint (kiosk_session_get_step_status (session, &step), ==, KIOSK_STEP_SKIPPED);
    rating = json_node_new (JSON_NODE_VALUE);
    json_node_set_int (rating, 1);
    kiosk_session_set_answer (session, &step, rating);
    g_assert_cmpint (kiosk_session_get_step_status (session, &step), ==, KIOSK_STEP_ANSWERED);
  }
  g_assert_true (kiosk_session_has_answers (session, 0));

  g_assert_true (kiosk_session_next_step (session, &step));
  g_assert_cmpint (step.goal, ==, -1);
  kiosk_session_get_progress (session, &step, &position, &total);
  g_assert_cmpuint (position, ==, 4);
  g_assert_false (kiosk_session_next_step (session, &step));

  /* Back walks the goals in reverse. */
  g_assert_true (kiosk_session_last_step (session, &step));
  g_assert_true (kiosk_session_previous_step (session, &step));
  g_assert_cmpint (step.goal, ==, 2);
}

static void
test_conditions_and_answers (void)
{
  g_autoptr(KioskSession) session = kiosk_session_new ("en", FALSE);
  g_autoptr(KvForm) qol = kt_shipped_form ("family-qol");
  g_autoptr(JsonNode) answers = NULL;
  KioskStep step;
  guint position, total, answered, shown;

  kiosk_session_add_form (session, qol);
  g_assert_true (kiosk_session_first_step (session, &step));
  kiosk_session_get_progress (session, &step, &position, &total);
  g_assert_cmpuint (total, ==, 7);

  /* Walk to "safety" and choose its worst answer: the help screen
   * appears, but it is not a question, so the count does not change. */
  while (!g_str_equal (kv_item_get_id (kiosk_session_get_step_item (session, &step)), "safety"))
    {
      kiosk_session_set_answer (session, &step, string_node ("mostly-fine"));
      g_assert_true (kiosk_session_next_step (session, &step));
    }
  kiosk_session_set_answer (session, &step, string_node ("serious-problem"));
  kiosk_session_get_progress (session, &step, &position, &total);
  g_assert_cmpuint (total, ==, 7);
  g_assert_cmpuint (position, ==, 4);
  g_assert_true (kiosk_session_next_step (session, &step));
  g_assert_cmpstr (kv_item_get_id (kiosk_session_get_step_item (session, &step)), ==, "safety-help");
  g_assert_false (kiosk_session_step_is_question (session, &step));
  g_assert_false (kiosk_session_step_can_skip (session, &step));
  g_assert_true (kiosk_session_step_is_answered (session, &step));
  kiosk_session_get_progress (session, &step, &position, &total);
  g_assert_cmpuint (position, ==, 4);   /* the four questions before it */
  g_assert_cmpuint (total, ==, 7);
  g_assert_true (kiosk_session_next_step (session, &step));
  kiosk_session_get_progress (session, &step, &position, &total);
  g_assert_cmpuint (position, ==, 5);

  /* The questions the review lists: seven, the help screen not among
   * them, in the form's order. */
  {
    g_autoptr(GArray) questions = kiosk_session_list_questions (session, 0);

    g_assert_cmpuint (questions->len, ==, 7);
    for (guint i = 0; i < questions->len; i++)
      {
        const KioskStep *q = &g_array_index (questions, KioskStep, i);

        g_assert_true (kiosk_session_step_is_question (session, q));
        g_assert_true (kiosk_session_step_is_shown (session, q));
      }
    g_assert_cmpstr (kv_item_get_id (kiosk_session_get_step_item (session,
                                                                  &g_array_index (questions, KioskStep, 4))),
                     ==, "social");
  }

  kiosk_session_count_answers (session, 0, &answered, &shown);
  g_assert_cmpuint (answered, ==, 4);
  g_assert_cmpuint (shown, ==, 7);

  answers = kiosk_session_dup_answers (session, 0);
  g_assert_cmpuint (json_object_get_size (json_node_get_object (answers)), ==, 4);
}

static void
test_decline_drops_answers (void)
{
  g_autoptr(KioskSession) session = kiosk_session_new ("en", TRUE);
  g_autoptr(KvForm) experience = kt_shipped_form ("experience");
  g_autoptr(KvForm) qol = kt_shipped_form ("family-qol");
  g_autoptr(JsonNode) answers = NULL;
  KioskStep step;

  kiosk_session_add_form (session, experience);
  kiosk_session_add_form (session, qol);
  g_assert_true (kiosk_session_can_decline (session, 0));
  g_assert_false (kiosk_session_can_decline (session, 1));

  g_assert_true (kiosk_session_first_step (session, &step));
  g_assert_true (kiosk_session_next_step (session, &step));
  kiosk_session_set_answer (session, &step, string_node ("both"));
  kiosk_session_decline (session, 0);

  answers = kiosk_session_dup_answers (session, 0);
  g_assert_cmpuint (json_object_get_size (json_node_get_object (answers)), ==, 0);

  /* The walk now passes the declined form by. */
  g_assert_true (kiosk_session_first_step (session, &step));
  g_assert_cmpuint (step.form, ==, 1);
  g_assert_true (kiosk_session_get_easy_read (session));
}

static void
test_audience (void)
{
  g_autoptr(KioskSession) session = kiosk_session_new ("cy", FALSE);
  g_autoptr(KvForm) qol = kt_shipped_form ("family-qol");
  g_autoptr(KvForm) goals = kt_shipped_form ("gas-goals");
  g_autoptr(KvForm) experience = kt_shipped_form ("experience");
  g_autofree char *locale = kiosk_session_dup_locale (session);

  g_assert_cmpstr (locale, ==, "cy_GB");

  kiosk_session_set_respondent (session, KIOSK_RESPONDENT_YOUNG_PERSON);
  g_assert_false (kiosk_session_form_suits (session, qol));
  g_assert_true (kiosk_session_form_suits (session, experience));
  g_assert_false (kiosk_session_form_suits (session, goals));

  kiosk_session_set_respondent (session, KIOSK_RESPONDENT_BOTH);
  g_assert_true (kiosk_session_form_suits (session, qol));

  kiosk_session_set_respondent (session, KIOSK_RESPONDENT_KEYWORKER);
  g_assert_true (kiosk_session_form_suits (session, goals));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk/session/gas-one-screen-per-goal", test_gas_steps);
  g_test_add_func ("/kiosk/session/conditions-and-answers", test_conditions_and_answers);
  g_test_add_func ("/kiosk/session/decline-drops-answers", test_decline_drops_answers);
  g_test_add_func ("/kiosk/session/forms-suit-the-respondent", test_audience);

  return g_test_run ();
}
