/* fuzz-answers.c — the answers validator and the scorers under libFuzzer.
 *
 * Every upload's answers reach kv_form_validate_answers() straight from
 * the network, and whatever it accepts is scored and stored.  The input is
 * one JSON document, validated against every shipped form (read once from
 * KV_SOURCE_FORMS_DIR); the GAS review is validated against a fixed,
 * made-up goal set and against the goal set the input itself carries, if
 * any.  What is accepted must then score without error, because a stored
 * submission that cannot be scored would silently drop out of a child's
 * change over time.  The same input is also read as a goal set.
 */
#include "config.h"

#include <math.h>

#include "keyvoice-forms.h"
#include "fuzz-common.h"

static const char answers_made_up_goals_json[] =
  "[{\"id\": \"g1\", \"text\": \"Made-up goal\", \"baseline\": -1},"
  " {\"id\": \"g2\", \"text\": \"Another made-up goal\", \"baseline\": -2,"
  "  \"importance\": 3, \"difficulty\": 2,"
  "  \"levels\": {\"-2\": \"Made up -2\", \"2\": \"Made up +2\"}},"
  " {\"id\": \"g3\", \"text\": \"A goal of no weight\", \"baseline\": -1,"
  "  \"importance\": 0, \"difficulty\": 2}]";

typedef struct
{
  GPtrArray *forms;       /* of KvForm, every shipped form */
  KvGoalSet *made_up_goals;
} AnswersFixture;

static int
answers_compare_names (gconstpointer a,
                       gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The shipped forms and the made-up goal set, read once: they are the same
 * for every input, and reading them each time would drown the signal. */
static const AnswersFixture *
answers_fixture (void)
{
  static AnswersFixture fixture;
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      g_autoptr(GDir) dir = NULL;
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(JsonNode) goals = NULL;
      g_autoptr(GError) error = NULL;
      const char *name;

      dir = g_dir_open (KV_SOURCE_FORMS_DIR, 0, &error);
      if (dir == NULL)
        g_error ("cannot read the shipped forms: %s", error->message);
      while ((name = g_dir_read_name (dir)) != NULL)
        if (g_str_has_suffix (name, ".xml"))
          g_ptr_array_add (names, g_strdup (name));
      g_ptr_array_sort (names, answers_compare_names);

      fixture.forms = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_form_unref);
      for (guint i = 0; i < names->len; i++)
        {
          g_autofree char *path = g_build_filename (KV_SOURCE_FORMS_DIR,
                                                    g_ptr_array_index (names, i),
                                                    NULL);
          KvForm *form = kv_form_new_from_file (path, &error);

          if (form == NULL)
            g_error ("a shipped form does not load: %s", error->message);
          g_ptr_array_add (fixture.forms, form);
        }
      if (fixture.forms->len == 0)
        g_error ("no forms in %s", KV_SOURCE_FORMS_DIR);

      goals = json_from_string (answers_made_up_goals_json, &error);
      fixture.made_up_goals = kv_goal_set_new_from_json (goals, &error);
      if (fixture.made_up_goals == NULL)
        g_error ("the made-up goal set is refused: %s", error->message);

      g_once_init_leave (&initialised, 1);
    }

  return &fixture;
}

/* Reads every part of a goal set the validator accepted, and its
 * baseline score, which must exist unless every goal weighs 0. */
static void
answers_walk_goal_set (const KvGoalSet *set)
{
  guint n = kv_goal_set_get_n_goals (set);
  double total_weight = 0.0;
  KvGasScore score;

  kv_fuzz_check (n >= 1 && n <= KV_GAS_MAX_GOALS, "a goal set of a size not allowed");

  for (guint i = 0; i < n; i++)
    {
      const KvGoal *goal = kv_goal_set_get_goal (set, i);
      double weight = kv_goal_get_weight (goal);

      kv_fuzz_check (kv_goal_set_lookup_goal (set, kv_goal_get_id (goal)) == goal,
                     "a goal id does not look up its own goal");
      kv_fuzz_touch (kv_goal_get_text (goal));
      for (int level = -2; level <= 2; level++)
        kv_fuzz_touch (kv_goal_get_level_text (goal, level));
      kv_fuzz_check (kv_goal_get_baseline (goal) == -1
                     || kv_goal_get_baseline (goal) == -2,
                     "a baseline other than -1 or -2");
      if (kv_goal_is_weighted (goal))
        kv_fuzz_check (weight == (double) kv_goal_get_importance (goal)
                                 * kv_goal_get_difficulty (goal)
                       && weight >= 0.0 && weight <= 9.0,
                       "a weight that is not importance × difficulty");
      else
        kv_fuzz_check (weight == 1.0, "an unweighted goal does not weigh 1");
      total_weight += weight;
    }

  kv_gas_score_baseline (set, &score);
  kv_fuzz_check (score.n_goals == n && score.n_rated == n,
                 "the baseline does not rate every goal");
  if (total_weight > 0.0)
    kv_fuzz_check (score.status == KV_GAS_SCORED && isfinite (score.t)
                   && score.t < 50.0,
                   "a baseline of goals below expected is not below 50");
  else
    kv_fuzz_check (score.status == KV_GAS_ZERO_WEIGHT,
                   "a goal set of no weight was scored");
  kv_fuzz_touch (kv_gas_status_to_string (score.status));
}

/* Whatever the validator accepted must score, count and parse again. */
static void
answers_check_accepted (const KvForm    *form,
                        JsonObject      *answers,
                        JsonNode        *root,
                        const KvGoalSet *goal_set)
{
  g_autoptr(GError) error = NULL;
  KvScoringMethod method = kv_form_get_scoring (form);

  if (method == KV_SCORING_LEVEL_SUM || method == KV_SCORING_WEIGHTED)
    {
      KvFormScore score;

      if (!kv_form_score_answers (form, root, &score, &error))
        g_error ("form '%s': accepted answers do not score: %s",
                 kv_form_get_id (form), error->message);
      kv_fuzz_check (score.n_answered <= score.n_needed,
                     "more items answered than needed");
      kv_fuzz_check (!score.complete || isfinite (score.total),
                     "a complete score without a finite total");
    }

  for (guint i = 0; i < kv_form_get_n_items (form); i++)
    {
      const KvItem *item = kv_form_get_item (form, i);
      JsonNode *node = json_object_get_member (answers, kv_item_get_id (item));

      (void) kv_item_is_shown (item, answers);
      if (node == NULL)
        continue;

      switch (kv_item_get_item_type (item))
        {
        case KV_ITEM_SCALE:
        case KV_ITEM_CHOICE:
          {
            g_autoptr(KvItemSummary) summary = kv_item_summary_new (item);

            if (!kv_item_summary_add (summary, json_node_get_string (node), &error))
              g_error ("an accepted answer is not counted: %s", error->message);
          }
          break;
        case KV_ITEM_GAS_GOALS:
          {
            g_autoptr(KvGoalSet) set = kv_goal_set_new_from_json (node, &error);

            if (set == NULL)
              g_error ("an accepted goal list is not a goal set: %s", error->message);
            answers_walk_goal_set (set);
          }
          break;
        case KV_ITEM_GAS_RATING:
          if (goal_set != NULL)
            {
              KvGasScore score;

              if (!kv_gas_score_review (goal_set, node, &score, &error))
                g_error ("accepted ratings do not score: %s", error->message);
              kv_fuzz_check (score.n_rated <= score.n_goals
                             && score.pct_at_or_above_expected >= 0.0
                             && score.pct_at_or_above_expected <= 100.0,
                             "a GAS review with impossible counts");
              kv_fuzz_check (score.status != KV_GAS_SCORED || isfinite (score.t),
                             "a GAS score that is not a number");
            }
          break;
        case KV_ITEM_INFO:
        case KV_ITEM_MULTIPLE:
        case KV_ITEM_TEXT:
        case KV_ITEM_NUMBER:
        default:
          break;
        }
    }
}

static void
answers_check (const KvForm    *form,
               JsonNode        *root,
               const KvGoalSet *goal_set)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) joined = NULL;

  if (kv_form_validate_answers (form, root, goal_set, &problems, &error))
    {
      kv_fuzz_check (problems == NULL && error == NULL,
                     "accepted answers came with problems");
      kv_fuzz_check (JSON_NODE_HOLDS_OBJECT (root), "accepted answers are not an object");
      answers_check_accepted (form, json_node_get_object (root), root, goal_set);
      return;
    }

  /* A refusal lists one problem per offending item and the error is
   * their messages joined, which is what a service reads (kv-answers.h). */
  kv_fuzz_check (error != NULL && error->domain == KV_FORM_ERROR
                 && error->code == KV_FORM_ERROR_ANSWERS,
                 "refused answers without an answers error");
  kv_fuzz_check (problems != NULL && problems->len > 0,
                 "refused answers without problems");
  joined = g_string_new (NULL);
  for (guint i = 0; i < problems->len; i++)
    {
      const KvProblem *problem = g_ptr_array_index (problems, i);

      kv_fuzz_check (kv_problem_kind_to_string (problem->kind) != NULL,
                     "a problem kind has no name");
      kv_fuzz_check ((problem->item_id == NULL)
                     == (problem->kind == KV_PROBLEM_NOT_AN_OBJECT),
                     "a problem names no item, or names one it should not");
      if (i > 0)
        g_string_append (joined, "; ");
      g_string_append (joined, problem->message);
    }
  kv_fuzz_check (g_str_equal (joined->str, error->message),
                 "the error is not the problems' messages joined");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const AnswersFixture *fixture;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(KvGoalSet) own_goals = NULL;
  g_autoptr(KvGoalSet) carried_goals = NULL;
  g_autoptr(GError) error = NULL;

  kv_fuzz_init ();
  fixture = answers_fixture ();

  root = kv_fuzz_parse_json (data, size);
  if (root == NULL)
    return 0;

  /* The whole input as a goal list, as the aggregator reads a stored one. */
  own_goals = kv_goal_set_new_from_json (root, &error);
  if (own_goals != NULL)
    answers_walk_goal_set (own_goals);
  else
    kv_fuzz_check (error != NULL && error->code == KV_FORM_ERROR_GOALS,
                   "a refused goal set without a goals error");

  /* Answers to gas-goals carry a goal list; rating it in the same input
   * lets the fuzzer reach the rating checks with goal ids it chose. */
  if (JSON_NODE_HOLDS_OBJECT (root)
      && json_object_has_member (json_node_get_object (root), "goals"))
    carried_goals = kv_goal_set_new_from_json (
      json_object_get_member (json_node_get_object (root), "goals"), NULL);

  for (guint i = 0; i < fixture->forms->len; i++)
    {
      const KvForm *form = g_ptr_array_index (fixture->forms, i);

      answers_check (form, root, NULL);
      if (kv_form_find_item_of_type (form, KV_ITEM_GAS_RATING) != NULL)
        {
          answers_check (form, root, fixture->made_up_goals);
          if (carried_goals != NULL)
            answers_check (form, root, carried_goals);
        }
    }

  return 0;
}
