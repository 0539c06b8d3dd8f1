/* test-answers.c — checking answers against their form (kv-answers.c).
 *
 * The forms are small made-up files under tests/forms/data/answers/.  Every
 * problem kind is asserted with its item and its whole message, because
 * the message is what a service reads when an upload is refused.
 */
#include <string.h>

#include "kv-answers.h"
#include "forms-test-util.h"

typedef struct
{
  const char *file;
  const char *valid; /* answers that pass, which each case then breaks */
} Fixture;

static const Fixture all_types = {
  "all-types.xml",
  "{\"mood\": \"good\", \"pet\": \"cat\", \"activities\": [\"swim\", \"read\"],"
  " \"age\": 10}",
};

static const Fixture goals = {
  "goals.xml",
  "{\"goals\": [{\"id\": \"g1\", \"text\": \"Sleep well\", \"baseline\": -1}]}",
};

static const Fixture ratings = {
  "ratings.xml",
  "{\"ratings\": {\"g1\": 1}}",
};

/* The goal set the rating cases rate when they ask for one. */
static const char goal_set_json[] =
  "[{\"id\": \"g1\", \"text\": \"Go to school\", \"baseline\": -2,"
  "  \"importance\": 2, \"difficulty\": 1},"
  " {\"id\": \"g2\", \"text\": \"Make a friend\", \"baseline\": -1}]";

/* @base with every member of @patch set on it and @remove taken out. */
static JsonNode *
build_answers (const char *base,
               const char *patch,
               const char *remove)
{
  JsonNode *root = forms_test_parse_json (base);
  JsonObject *object = json_node_get_object (root);

  if (patch != NULL)
    {
      g_autoptr(JsonNode) patch_node = forms_test_parse_json (patch);
      JsonObject *patch_object = json_node_get_object (patch_node);
      g_autoptr(GList) members = json_object_get_members (patch_object);

      for (const GList *l = members; l != NULL; l = l->next)
        json_object_set_member (object, l->data,
                                json_node_copy (json_object_get_member (patch_object,
                                                                        l->data)));
    }

  if (remove != NULL)
    json_object_remove_member (object, remove);

  return root;
}

static void
assert_valid (const KvForm    *form,
              JsonNode        *answers,
              const KvGoalSet *goal_set)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = kv_form_validate_answers (form, answers, goal_set, &problems, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_null (problems);
}

/* Validates @answers, which must have problems, and hands them back after
 * checking that the error is the problems' messages joined by "; ". */
static GPtrArray *
validate_with_problems (const KvForm    *form,
                        JsonNode        *answers,
                        const KvGoalSet *goal_set)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) joined = g_string_new (NULL);
  gboolean ok;

  ok = kv_form_validate_answers (form, answers, goal_set, &problems, &error);
  g_assert_false (ok);
  g_assert_error (error, KV_FORM_ERROR, KV_FORM_ERROR_ANSWERS);
  g_assert_nonnull (problems);
  g_assert_cmpuint (problems->len, >, 0);

  for (guint i = 0; i < problems->len; i++)
    {
      const KvProblem *problem = g_ptr_array_index (problems, i);

      if (i > 0)
        g_string_append (joined, "; ");
      g_string_append (joined, problem->message);
    }
  g_assert_cmpstr (error->message, ==, joined->str);

  return g_steal_pointer (&problems);
}

static void
assert_problem (const KvProblem *problem,
                KvProblemKind    kind,
                const char      *item_id,
                const char      *message)
{
  g_assert_cmpstr (kv_problem_kind_to_string (problem->kind), ==,
                   kv_problem_kind_to_string (kind));
  g_assert_cmpint (problem->kind, ==, kind);
  g_assert_cmpstr (problem->item_id, ==, item_id);
  g_assert_cmpstr (problem->message, ==, message);
}

/* One broken answer, one problem. */

typedef struct
{
  const char    *path;
  const Fixture *fixture;
  const char    *patch;          /* JSON object merged into the valid answers */
  const char    *remove;         /* a key taken out of them */
  gboolean       with_goal_set;
  KvProblemKind  kind;
  const char    *item_id;
  const char    *message;
  /* The message comes from kv-gas.c after our prefix: compare only the
   * part we write. */
  gboolean       message_is_prefix;
} ProblemCase;

static const ProblemCase problem_cases[] = {
  /* KV_PROBLEM_UNKNOWN_ITEM */
  { "/answers/unknown-item/key", &all_types,
    "{\"colour\": \"red\"}", NULL, FALSE,
    KV_PROBLEM_UNKNOWN_ITEM, "colour",
    "'colour' is not an item of form 'test-answers'" },
  { "/answers/unknown-item/info-item", &all_types,
    "{\"intro\": \"hello\"}", NULL, FALSE,
    KV_PROBLEM_UNKNOWN_ITEM, "intro",
    "item 'intro': an information item takes no answer" },
  /* A key that reads like a sentence is not repeated in the message. */
  { "/answers/unknown-item/key-not-echoed", &all_types,
    "{\"my son Sam is 12\": 1}", NULL, FALSE,
    KV_PROBLEM_UNKNOWN_ITEM, "my son Sam is 12",
    "an answer is keyed by something that is not an item of form 'test-answers'" },

  /* KV_PROBLEM_WRONG_TYPE */
  { "/answers/wrong-type/scale-number", &all_types,
    "{\"mood\": 3}", NULL, FALSE,
    KV_PROBLEM_WRONG_TYPE, "mood",
    "item 'mood': expected a level id (a string), not a whole number" },
  { "/answers/wrong-type/choice-array", &all_types,
    "{\"pet\": [\"cat\"]}", NULL, FALSE,
    KV_PROBLEM_WRONG_TYPE, "pet",
    "item 'pet': expected a level id (a string), not an array" },
  { "/answers/wrong-type/multiple-string", &all_types,
    "{\"activities\": \"swim\"}", NULL, FALSE,
    KV_PROBLEM_WRONG_TYPE, "activities",
    "item 'activities': expected an array of level ids, not a string" },
  { "/answers/wrong-type/multiple-element", &all_types,
    "{\"activities\": [\"swim\", 2]}", NULL, FALSE,
    KV_PROBLEM_WRONG_TYPE, "activities",
    "item 'activities': choice 2 is a whole number, expected a level id (a string)" },
  { "/answers/wrong-type/multiple-duplicate", &all_types,
    "{\"activities\": [\"swim\", \"swim\"]}", NULL, FALSE,
    KV_PROBLEM_WRONG_TYPE, "activities",
    "item 'activities': 'swim' is chosen more than once" },
  { "/answers/wrong-type/text-number", &all_types,
    "{\"comment\": 42}", NULL, FALSE,
    KV_PROBLEM_WRONG_TYPE, "comment",
    "item 'comment': expected text (a string), not a whole number" },
  { "/answers/wrong-type/number-decimal", &all_types,
    "{\"age\": 1.5}", NULL, FALSE,
    KV_PROBLEM_WRONG_TYPE, "age",
    "item 'age': expected a whole number, not a decimal number" },
  { "/answers/wrong-type/number-string", &all_types,
    "{\"age\": \"3\"}", NULL, FALSE,
    KV_PROBLEM_WRONG_TYPE, "age",
    "item 'age': expected a whole number, not a string" },
  { "/answers/wrong-type/number-boolean", &all_types,
    "{\"age\": true}", NULL, FALSE,
    KV_PROBLEM_WRONG_TYPE, "age",
    "item 'age': expected a whole number, not true or false" },
  { "/answers/wrong-type/number-null", &all_types,
    "{\"age\": null}", NULL, FALSE,
    KV_PROBLEM_WRONG_TYPE, "age",
    "item 'age': expected a whole number, not null" },
  { "/answers/wrong-type/goals-object", &goals,
    "{\"goals\": {\"id\": \"g1\"}}", NULL, FALSE,
    KV_PROBLEM_WRONG_TYPE, "goals",
    "item 'goals': expected an array of goals, not an object" },
  { "/answers/wrong-type/ratings-array", &ratings,
    "{\"ratings\": [1]}", NULL, FALSE,
    KV_PROBLEM_WRONG_TYPE, "ratings",
    "item 'ratings': expected an object of goal ratings, not an array" },
  /* An empty array is still the wrong type, not a missing rating. */
  { "/answers/wrong-type/ratings-empty-array", &ratings,
    "{\"ratings\": []}", NULL, FALSE,
    KV_PROBLEM_WRONG_TYPE, "ratings",
    "item 'ratings': expected an object of goal ratings, not an array" },

  /* KV_PROBLEM_OUT_OF_RANGE */
  { "/answers/out-of-range/unknown-level", &all_types,
    "{\"mood\": \"great\"}", NULL, FALSE,
    KV_PROBLEM_OUT_OF_RANGE, "mood",
    "item 'mood': 'great' is not one of its levels (good, ok, bad, dont-know)" },
  /* Free text sent where a level id belongs is not repeated. */
  { "/answers/out-of-range/unknown-level-not-echoed", &all_types,
    "{\"mood\": \"It was a hard day for Sam\"}", NULL, FALSE,
    KV_PROBLEM_OUT_OF_RANGE, "mood",
    "item 'mood': the answer is not one of its levels (good, ok, bad, dont-know)" },
  { "/answers/out-of-range/multiple-unknown-level", &all_types,
    "{\"activities\": [\"swim\", \"dance\"]}", NULL, FALSE,
    KV_PROBLEM_OUT_OF_RANGE, "activities",
    "item 'activities': 'dance' is not one of its levels (swim, read, music, art)" },
  { "/answers/out-of-range/too-few-choices", &all_types,
    "{\"activities\": [\"swim\"]}", NULL, FALSE,
    KV_PROBLEM_OUT_OF_RANGE, "activities",
    "item 'activities': 1 chosen, at least 2 needed" },
  { "/answers/out-of-range/too-many-choices", &all_types,
    "{\"activities\": [\"swim\", \"read\", \"music\", \"art\"], \"music-kind\": \"pop\"}",
    NULL, FALSE,
    KV_PROBLEM_OUT_OF_RANGE, "activities",
    "item 'activities': 4 chosen, at most 3 allowed" },
  { "/answers/out-of-range/number-above", &all_types,
    "{\"age\": 120}", NULL, FALSE,
    KV_PROBLEM_OUT_OF_RANGE, "age",
    "item 'age': 120 is outside 0…25" },
  { "/answers/out-of-range/number-below", &all_types,
    "{\"age\": -1}", NULL, FALSE,
    KV_PROBLEM_OUT_OF_RANGE, "age",
    "item 'age': -1 is outside 0…25" },
  { "/answers/out-of-range/too-many-goals", &goals,
    "{\"goals\": [{\"id\": \"a\", \"text\": \"One\", \"baseline\": -1},"
    "             {\"id\": \"b\", \"text\": \"Two\", \"baseline\": -1},"
    "             {\"id\": \"c\", \"text\": \"Three\", \"baseline\": -2}]}",
    NULL, FALSE,
    KV_PROBLEM_OUT_OF_RANGE, "goals",
    "item 'goals': 3 goals, at most 2 allowed" },
  /* The goal rules are kv-gas.c's; the problem is still the item's. */
  { "/answers/out-of-range/goal-rule", &goals,
    "{\"goals\": [{\"id\": \"a\", \"text\": \"One\", \"baseline\": 0}]}",
    NULL, FALSE,
    KV_PROBLEM_OUT_OF_RANGE, "goals",
    "item 'goals': goals[0].baseline", TRUE },
  { "/answers/out-of-range/rating-value", &ratings,
    "{\"ratings\": {\"g1\": 3}}", NULL, FALSE,
    KV_PROBLEM_OUT_OF_RANGE, "ratings",
    "item 'ratings': the rating of 'g1': ", TRUE },
  { "/answers/out-of-range/rating-minus-three", &ratings,
    "{\"ratings\": {\"g1\": -3}}", NULL, FALSE,
    KV_PROBLEM_OUT_OF_RANGE, "ratings",
    "item 'ratings': the rating of 'g1': ", TRUE },
  { "/answers/out-of-range/rating-string", &ratings,
    "{\"ratings\": {\"g1\": \"3\"}}", NULL, FALSE,
    KV_PROBLEM_OUT_OF_RANGE, "ratings",
    "item 'ratings': the rating of 'g1': ", TRUE },
  { "/answers/out-of-range/rating-not-in-goal-set", &ratings,
    "{\"ratings\": {\"g1\": 1, \"g9\": 2}}", NULL, TRUE,
    KV_PROBLEM_OUT_OF_RANGE, "ratings",
    "item 'ratings': 'g9' is not a goal of the goal set" },

  /* KV_PROBLEM_TOO_LONG: max-length is 10 characters.  Eleven "é" are 22
   * bytes; the count must be in characters. */
  { "/answers/too-long/text", &all_types,
    "{\"comment\": \"ééééééééééé\"}", NULL, FALSE,
    KV_PROBLEM_TOO_LONG, "comment",
    "item 'comment': the text is 11 characters, at most 10 allowed" },
  { "/answers/too-long/goal-wording", &goals,
    "{\"goals\": [{\"id\": \"a\", \"text\": \"Walk to the shop alone\", \"baseline\": -1}]}",
    NULL, FALSE,
    KV_PROBLEM_TOO_LONG, "goals",
    "item 'goals': goals[0].text is 22 characters, at most 20 allowed" },
  { "/answers/too-long/goal-level-wording", &goals,
    "{\"goals\": [{\"id\": \"a\", \"text\": \"Go out\", \"baseline\": -1},"
    "             {\"id\": \"b\", \"text\": \"Sleep\", \"baseline\": -2,"
    "              \"levels\": {\"2\": \"Sleeps all night long, every night\"}}]}",
    NULL, FALSE,
    KV_PROBLEM_TOO_LONG, "goals",
    "item 'goals': goals[1].levels['2'] is 34 characters, at most 20 allowed" },

  /* KV_PROBLEM_REQUIRED */
  { "/answers/required/missing", &all_types,
    NULL, "mood", FALSE,
    KV_PROBLEM_REQUIRED, "mood",
    "item 'mood': required, but not answered" },
  { "/answers/required/empty-string", &all_types,
    "{\"pet\": \"\"}", NULL, FALSE,
    KV_PROBLEM_REQUIRED, "pet",
    "item 'pet': required, but not answered" },
  { "/answers/required/no-choices", &all_types,
    "{\"activities\": []}", NULL, FALSE,
    KV_PROBLEM_REQUIRED, "activities",
    "item 'activities': required, but not answered" },
  { "/answers/required/no-goals", &goals,
    "{\"goals\": []}", NULL, FALSE,
    KV_PROBLEM_REQUIRED, "goals",
    "item 'goals': required, but not answered" },
  { "/answers/required/no-rating", &ratings,
    "{\"ratings\": {}}", NULL, TRUE,
    KV_PROBLEM_REQUIRED, "ratings",
    "item 'ratings': required, but no goal is rated" },
  { "/answers/required/ratings-missing", &ratings,
    NULL, "ratings", FALSE,
    KV_PROBLEM_REQUIRED, "ratings",
    "item 'ratings': required, but no goal is rated" },
  /* music-kind is required once it is shown, which a multiple-choice
   * answer that includes "music" does. */
  { "/answers/required/shown-by-multiple", &all_types,
    "{\"activities\": [\"swim\", \"music\"]}", NULL, FALSE,
    KV_PROBLEM_REQUIRED, "music-kind",
    "item 'music-kind': required, but not answered" },

  /* KV_PROBLEM_CONDITION_FALSE */
  { "/answers/condition-false/equals", &all_types,
    "{\"why-bad\": \"rain\"}", NULL, FALSE,
    KV_PROBLEM_CONDITION_FALSE, "why-bad",
    "item 'why-bad': answered, but not shown (it is asked only when 'mood' is 'bad')" },
  { "/answers/condition-false/includes", &all_types,
    "{\"music-kind\": \"pop\"}", NULL, FALSE,
    KV_PROBLEM_CONDITION_FALSE, "music-kind",
    "item 'music-kind': answered, but not shown (it is asked only when 'activities' includes 'music')" },
};

static void
test_problem_case (gconstpointer data)
{
  const ProblemCase *c = data;
  g_autoptr(KvForm) form = forms_test_load_fixture ("answers", c->fixture->file);
  g_autoptr(KvGoalSet) goal_set = c->with_goal_set ? forms_test_goal_set (goal_set_json) : NULL;
  g_autoptr(JsonNode) answers = build_answers (c->fixture->valid, c->patch,
                                               c->remove);
  g_autoptr(GPtrArray) problems = NULL;
  const KvProblem *problem;

  problems = validate_with_problems (form, answers, goal_set);

  g_assert_cmpuint (problems->len, ==, 1);

  problem = g_ptr_array_index (problems, 0);
  if (c->message_is_prefix)
    {
      g_assert_cmpint (problem->kind, ==, c->kind);
      g_assert_cmpstr (problem->item_id, ==, c->item_id);
      if (!g_str_has_prefix (problem->message, c->message))
        g_error ("message '%s' does not start with '%s'", problem->message,
                 c->message);
      g_assert_cmpuint (strlen (problem->message), >, strlen (c->message));
    }
  else
    {
      assert_problem (problem, c->kind, c->item_id, c->message);
    }
}

/* Valid answers. */

static void
test_valid_minimal (void)
{
  g_autoptr(KvForm) form = forms_test_load_fixture ("answers", all_types.file);
  g_autoptr(JsonNode) answers = build_answers (all_types.valid, NULL, NULL);

  /* music-kind is required but hidden (no "music" chosen), and hidden
   * items are not required. */
  g_assert_true (kv_item_get_required (kv_form_lookup_item (form, "music-kind")));
  assert_valid (form, answers, NULL);
}

static void
test_valid_everything (void)
{
  g_autoptr(KvForm) form = forms_test_load_fixture ("answers", all_types.file);
  g_autoptr(JsonNode) answers = NULL;

  /* Every conditional item shown and answered, numbers at both ends of
   * their range, and ten "é" (20 bytes) in a 10-character text. */
  answers = build_answers (all_types.valid,
                           "{\"mood\": \"bad\", \"why-bad\": \"rain\","
                           " \"activities\": [\"music\", \"art\", \"swim\"],"
                           " \"music-kind\": \"folk\", \"folk-note\": \"old songs\","
                           " \"age\": 25, \"comment\": \"éééééééééé\"}",
                           NULL);
  assert_valid (form, answers, NULL);

  g_clear_pointer (&answers, json_node_unref);
  answers = build_answers (all_types.valid, "{\"age\": 0, \"comment\": \"\"}", NULL);
  assert_valid (form, answers, NULL);

  /* An unscored "Don't know" is a valid answer. */
  g_clear_pointer (&answers, json_node_unref);
  answers = build_answers (all_types.valid, "{\"mood\": \"dont-know\"}", NULL);
  assert_valid (form, answers, NULL);
}

static void
test_valid_goals (void)
{
  g_autoptr(KvForm) form = forms_test_load_fixture ("answers", goals.file);
  g_autoptr(JsonNode) answers = NULL;

  answers = build_answers (goals.valid,
                           "{\"goals\": [{\"id\": \"a\", \"text\": \"Go out\", \"baseline\": -1,"
                           "  \"importance\": 3, \"difficulty\": 2,"
                           "  \"levels\": {\"0\": \"Goes out weekly\"}},"
                           " {\"id\": \"b\", \"text\": \"Sleep\", \"baseline\": -2}]}",
                           NULL);
  assert_valid (form, answers, NULL);
}

static void
test_valid_ratings (void)
{
  g_autoptr(KvForm) form = forms_test_load_fixture ("answers", ratings.file);
  g_autoptr(KvGoalSet) goal_set = forms_test_goal_set (goal_set_json);
  g_autoptr(JsonNode) answers = NULL;

  /* A partial rating is valid, and not every goal needs a rating. */
  answers = build_answers (ratings.valid, "{\"ratings\": {\"g1\": -2, \"g2\": \"partial\"}}",
                           NULL);
  assert_valid (form, answers, goal_set);

  /* Without a goal set any goal id is taken. */
  g_clear_pointer (&answers, json_node_unref);
  answers = build_answers (ratings.valid, "{\"ratings\": {\"g9\": 2}}", NULL);
  assert_valid (form, answers, NULL);
}

/* Problems of the whole object. */

static void
test_not_an_object (void)
{
  static const struct { const char *json; const char *message; } cases[] = {
    { "[]", "the answers must be a JSON object, not an array" },
    { "\"mood\"", "the answers must be a JSON object, not a string" },
    { "null", "the answers must be a JSON object, not null" },
    { "7", "the answers must be a JSON object, not a whole number" },
  };
  g_autoptr(KvForm) form = forms_test_load_fixture ("answers", all_types.file);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) answers = forms_test_parse_json (cases[i].json);
      g_autoptr(GPtrArray) problems = validate_with_problems (form, answers, NULL);

      g_assert_cmpuint (problems->len, ==, 1);
      assert_problem (g_ptr_array_index (problems, 0),
                      KV_PROBLEM_NOT_AN_OBJECT, NULL, cases[i].message);
    }

  /* A submission with no answers member at all. */
  {
    g_autoptr(GPtrArray) problems = validate_with_problems (form, NULL, NULL);

    g_assert_cmpuint (problems->len, ==, 1);
    assert_problem (g_ptr_array_index (problems, 0), KV_PROBLEM_NOT_AN_OBJECT,
                    NULL, "the answers must be a JSON object, not nothing");
  }
}

static void
test_many_problems_in_form_order (void)
{
  g_autoptr(KvForm) form = forms_test_load_fixture ("answers", all_types.file);
  g_autoptr(JsonNode) answers = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;

  /* The keys come in the opposite order to the form's items, and pet is
   * missing; the problems must still come in form order, then the unknown
   * keys in the order they were sent. */
  answers = forms_test_parse_json ("{\"zebra\": 1, \"comment\": 42, \"age\": 99,"
                        " \"why-bad\": \"rain\", \"mood\": \"great\","
                        " \"activities\": [\"swim\", \"read\"], \"apple\": 2}");
  problems = validate_with_problems (form, answers, NULL);

  g_assert_cmpuint (problems->len, ==, 7);
  assert_problem (g_ptr_array_index (problems, 0), KV_PROBLEM_OUT_OF_RANGE, "mood",
                  "item 'mood': 'great' is not one of its levels (good, ok, bad, dont-know)");
  assert_problem (g_ptr_array_index (problems, 1), KV_PROBLEM_CONDITION_FALSE, "why-bad",
                  "item 'why-bad': answered, but not shown (it is asked only when 'mood' is 'bad')");
  assert_problem (g_ptr_array_index (problems, 2), KV_PROBLEM_REQUIRED, "pet",
                  "item 'pet': required, but not answered");
  assert_problem (g_ptr_array_index (problems, 3), KV_PROBLEM_OUT_OF_RANGE, "age",
                  "item 'age': 99 is outside 0…25");
  assert_problem (g_ptr_array_index (problems, 4), KV_PROBLEM_WRONG_TYPE, "comment",
                  "item 'comment': expected text (a string), not a whole number");
  assert_problem (g_ptr_array_index (problems, 5), KV_PROBLEM_UNKNOWN_ITEM, "zebra",
                  "'zebra' is not an item of form 'test-answers'");
  assert_problem (g_ptr_array_index (problems, 6), KV_PROBLEM_UNKNOWN_ITEM, "apple",
                  "'apple' is not an item of form 'test-answers'");

  /* The error alone, without the list, carries the same messages. */
  g_assert_false (kv_form_validate_answers (form, answers, NULL, NULL, &error));
  g_assert_error (error, KV_FORM_ERROR, KV_FORM_ERROR_ANSWERS);
  g_assert_cmpstr (error->message, ==,
                   "item 'mood': 'great' is not one of its levels (good, ok, bad, dont-know); "
                   "item 'why-bad': answered, but not shown (it is asked only when 'mood' is 'bad'); "
                   "item 'pet': required, but not answered; "
                   "item 'age': 99 is outside 0…25; "
                   "item 'comment': expected text (a string), not a whole number; "
                   "'zebra' is not an item of form 'test-answers'; "
                   "'apple' is not an item of form 'test-answers'");

  /* Neither list nor error is needed to learn that the answers are bad. */
  g_assert_false (kv_form_validate_answers (form, answers, NULL, NULL, NULL));
}

static void
test_invalid_utf8 (void)
{
  g_autoptr(KvForm) form = forms_test_load_fixture ("answers", all_types.file);
  g_autoptr(JsonNode) answers = build_answers (all_types.valid, NULL, NULL);
  g_autoptr(GPtrArray) problems = NULL;

  /* json-glib's parser refuses invalid UTF-8, but a node built in code
   * can hold it; the check must not rely on the parser. */
  json_object_set_string_member (json_node_get_object (answers), "comment",
                                 "ab\xff\xfe");
  problems = validate_with_problems (form, answers, NULL);
  g_assert_cmpuint (problems->len, ==, 1);
  assert_problem (g_ptr_array_index (problems, 0), KV_PROBLEM_WRONG_TYPE, "comment",
                  "item 'comment': the text is not valid UTF-8");
}

/* Free text must never reach a message: messages are logged. */
static void
test_free_text_not_in_messages (void)
{
  static const char secret[] = "Samantha";
  g_autoptr(KvForm) form = forms_test_load_fixture ("answers", all_types.file);
  g_autoptr(KvForm) goal_form = forms_test_load_fixture ("answers", goals.file);
  g_autoptr(KvForm) rating_form = forms_test_load_fixture ("answers", ratings.file);
  g_autoptr(KvGoalSet) goal_set = forms_test_goal_set (goal_set_json);
  g_autoptr(JsonNode) answers = NULL;
  g_autoptr(JsonNode) goal_answers = NULL;
  g_autoptr(JsonNode) rating_answers = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;

  answers = build_answers (all_types.valid,
                           "{\"comment\": \"Samantha hit me\", \"mood\": \"Samantha\","
                           " \"pet\": \"my dog Samantha\","
                           " \"activities\": [\"swim\", \"swim with Samantha\"],"
                           " \"Samantha says\": 1}",
                           NULL);
  g_assert_false (kv_form_validate_answers (form, answers, NULL, &problems, &error));
  g_assert_cmpuint (problems->len, ==, 5);
  g_assert_null (strstr (error->message, secret));
  for (guint i = 0; i < problems->len; i++)
    {
      const KvProblem *problem = g_ptr_array_index (problems, i);

      g_assert_null (strstr (problem->message, secret));
    }
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_clear_error (&error);

  goal_answers = build_answers (goals.valid,
                                "{\"goals\": [{\"id\": \"a\", \"baseline\": -1,"
                                " \"text\": \"Be kind to Samantha at school\"}]}",
                                NULL);
  g_assert_false (kv_form_validate_answers (goal_form, goal_answers, NULL, &problems, &error));
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpint (((KvProblem *) g_ptr_array_index (problems, 0))->kind, ==,
                   KV_PROBLEM_TOO_LONG);
  g_assert_null (strstr (error->message, secret));
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_clear_error (&error);

  rating_answers = build_answers (ratings.valid,
                                  "{\"ratings\": {\"Samantha's goal\": 1}}", NULL);
  g_assert_false (kv_form_validate_answers (rating_form, rating_answers, goal_set,
                                            &problems, &error));
  g_assert_cmpuint (problems->len, ==, 1);
  assert_problem (g_ptr_array_index (problems, 0), KV_PROBLEM_OUT_OF_RANGE, "ratings",
                  "item 'ratings': a key is not a goal of the goal set");
  g_assert_null (strstr (error->message, secret));
}

/* Conditions. */

static void
test_condition_hidden_chain (void)
{
  g_autoptr(KvForm) form = forms_test_load_fixture ("answers", all_types.file);
  g_autoptr(JsonNode) answers = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  /* A stale "folk" left over after "music" was unticked: music-kind is
   * hidden, so folk-note, which depends on it, was never shown either,
   * even though the stale answer would satisfy its own condition. */
  answers = build_answers (all_types.valid,
                           "{\"music-kind\": \"folk\", \"folk-note\": \"old songs\"}",
                           NULL);
  problems = validate_with_problems (form, answers, NULL);
  g_assert_cmpuint (problems->len, ==, 2);
  assert_problem (g_ptr_array_index (problems, 0), KV_PROBLEM_CONDITION_FALSE,
                  "music-kind",
                  "item 'music-kind': answered, but not shown (it is asked only when 'activities' includes 'music')");
  assert_problem (g_ptr_array_index (problems, 1), KV_PROBLEM_CONDITION_FALSE,
                  "folk-note",
                  "item 'folk-note': answered, but not shown (it is asked only when 'music-kind' is 'folk')");
}

static void
test_condition_unanswered (void)
{
  g_autoptr(KvForm) form = forms_test_load_fixture ("answers", all_types.file);
  g_autoptr(JsonNode) answers = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  /* With mood unanswered the condition "mood is bad" is false, so an
   * answer to why-bad is one to a hidden item. */
  answers = build_answers (all_types.valid, "{\"why-bad\": \"rain\"}", "mood");
  problems = validate_with_problems (form, answers, NULL);
  g_assert_cmpuint (problems->len, ==, 2);
  assert_problem (g_ptr_array_index (problems, 0), KV_PROBLEM_REQUIRED, "mood",
                  "item 'mood': required, but not answered");
  assert_problem (g_ptr_array_index (problems, 1), KV_PROBLEM_CONDITION_FALSE,
                  "why-bad",
                  "item 'why-bad': answered, but not shown (it is asked only when 'mood' is 'bad')");
}

static void
test_item_is_shown (void)
{
  g_autoptr(KvForm) form = forms_test_load_fixture ("answers", all_types.file);
  const KvItem *mood = kv_form_lookup_item (form, "mood");
  const KvItem *why_bad = kv_form_lookup_item (form, "why-bad");
  const KvItem *music_kind = kv_form_lookup_item (form, "music-kind");
  g_autoptr(JsonNode) node = NULL;
  JsonObject *answers;

  node = forms_test_parse_json ("{}");
  answers = json_node_get_object (node);

  /* No condition: always shown, even before any answer. */
  g_assert_true (kv_item_is_shown (mood, answers));
  g_assert_true (kv_item_is_shown (mood, NULL));

  /* The condition's item is unanswered: hidden. */
  g_assert_false (kv_item_is_shown (why_bad, answers));
  g_assert_false (kv_item_is_shown (why_bad, NULL));
  g_assert_false (kv_item_is_shown (music_kind, answers));

  json_object_set_string_member (answers, "mood", "good");
  g_assert_false (kv_item_is_shown (why_bad, answers));
  json_object_set_string_member (answers, "mood", "bad");
  g_assert_true (kv_item_is_shown (why_bad, answers));

  /* Multiple choice: shown when the answer includes the level. */
  json_object_set_member (answers, "activities",
                          forms_test_parse_json ("[\"swim\", \"read\"]"));
  g_assert_false (kv_item_is_shown (music_kind, answers));
  json_object_set_member (answers, "activities",
                          forms_test_parse_json ("[\"swim\", \"music\"]"));
  g_assert_true (kv_item_is_shown (music_kind, answers));
  json_object_set_member (answers, "activities", forms_test_parse_json ("[]"));
  g_assert_false (kv_item_is_shown (music_kind, answers));

  /* An answer of the wrong shape does not satisfy a condition. */
  json_object_set_int_member (answers, "mood", 0);
  g_assert_false (kv_item_is_shown (why_bad, answers));
}

static void
test_kind_to_string (void)
{
  g_assert_cmpstr (kv_problem_kind_to_string (KV_PROBLEM_NOT_AN_OBJECT), ==, "not-an-object");
  g_assert_cmpstr (kv_problem_kind_to_string (KV_PROBLEM_UNKNOWN_ITEM), ==, "unknown-item");
  g_assert_cmpstr (kv_problem_kind_to_string (KV_PROBLEM_WRONG_TYPE), ==, "wrong-type");
  g_assert_cmpstr (kv_problem_kind_to_string (KV_PROBLEM_OUT_OF_RANGE), ==, "out-of-range");
  g_assert_cmpstr (kv_problem_kind_to_string (KV_PROBLEM_REQUIRED), ==, "required");
  g_assert_cmpstr (kv_problem_kind_to_string (KV_PROBLEM_TOO_LONG), ==, "too-long");
  g_assert_cmpstr (kv_problem_kind_to_string (KV_PROBLEM_CONDITION_FALSE), ==,
                   "condition-false");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (problem_cases); i++)
    g_test_add_data_func (problem_cases[i].path, &problem_cases[i],
                          test_problem_case);

  g_test_add_func ("/answers/valid/minimal", test_valid_minimal);
  g_test_add_func ("/answers/valid/everything", test_valid_everything);
  g_test_add_func ("/answers/valid/goals", test_valid_goals);
  g_test_add_func ("/answers/valid/ratings", test_valid_ratings);
  g_test_add_func ("/answers/not-an-object", test_not_an_object);
  g_test_add_func ("/answers/many-problems-in-form-order", test_many_problems_in_form_order);
  g_test_add_func ("/answers/wrong-type/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/answers/free-text-not-in-messages", test_free_text_not_in_messages);
  g_test_add_func ("/answers/condition/hidden-chain", test_condition_hidden_chain);
  g_test_add_func ("/answers/condition/unanswered", test_condition_unanswered);
  g_test_add_func ("/answers/condition/item-is-shown", test_item_is_shown);
  g_test_add_func ("/answers/kind-to-string", test_kind_to_string);

  return g_test_run ();
}
