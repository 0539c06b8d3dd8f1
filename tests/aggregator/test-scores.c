/* test-scores.c — derived scores (core/agg-scores.c), called directly: the
 * score of a form and its answers for each kind of scoring, the goal set a
 * gas-goals answer defines, a stored goal set read back, and a recompute
 * that puts every stored score right or, when one submission cannot be
 * scored, changes nothing.
 *
 * The GAS T values follow docs/domain.md §1 (ρ = 0.3); each is worked out
 * beside its case so that a wrong formula cannot pass by accident. */
#include "config.h"

#include <string.h>

#include "agg-db-private.h"
#include "agg-error.h"
#include "agg-ingest.h"
#include "agg-json.h"
#include "agg-scores.h"
#include "agg-test-util.h"
#include "kv-form.h"

#define GOALS_3 \
  "{\"goals\": [{\"id\": \"g1\", \"text\": \"Test goal one\", \"baseline\": -1}," \
  " {\"id\": \"g2\", \"text\": \"Test goal two\", \"baseline\": -1}," \
  " {\"id\": \"g3\", \"text\": \"Test goal three\", \"baseline\": -1}]}"

/* Weights 2 × 1 = 2 and 1 × 3 = 3. */
#define GOALS_WEIGHTED \
  "{\"goals\": [{\"id\": \"g1\", \"text\": \"Test goal one\", \"baseline\": -1," \
  " \"importance\": 2, \"difficulty\": 1}," \
  " {\"id\": \"g2\", \"text\": \"Test goal two\", \"baseline\": -2," \
  " \"importance\": 1, \"difficulty\": 3}]}"

/* The shipped forms (forms/), loaded once as the aggregator loads them. */
static AggFormRegistry *shipped;

static KvForm *
shipped_form (const char *id)
{
  KvForm *form = agg_form_registry_lookup_latest (shipped, id);

  g_assert_nonnull (form);
  return kv_form_ref (form);
}

/* A made-up form of the forms tests' data (tests/forms/data/). */
static KvForm *
fixture_form (const char *folder,
              const char *file)
{
  g_autoptr(GError) error = NULL;
  KvForm *form = kv_form_new_from_file (g_test_get_filename (G_TEST_DIST, "forms", "data",
                                                             folder, file, NULL),
                                        &error);

  g_assert_no_error (error);
  return form;
}

static JsonNode *
json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = agg_json_parse (text, -1, &error);

  g_assert_no_error (error);
  return node;
}

static KvGoalSet *
goal_set (const char *answers_text)
{
  g_autoptr(KvForm) form = shipped_form ("gas-goals");
  g_autoptr(JsonNode) answers = json (answers_text);
  g_autoptr(GError) error = NULL;
  KvGoalSet *set = agg_scores_goal_set_from_answers (form, answers, &error);

  g_assert_no_error (error);
  g_assert_nonnull (set);
  return set;
}

/* Derives the score of @answers_text on @form, asserting that the form is
 * scored. */
static void
derive (const KvForm    *form,
        const char      *answers_text,
        const KvGoalSet *set,
        AggScore        *score)
{
  g_autoptr(JsonNode) answers = json (answers_text);
  g_autoptr(GError) error = NULL;
  gboolean has_score = FALSE;

  g_assert_true (agg_score_derive (form, answers, set, score, &has_score, &error));
  g_assert_no_error (error);
  g_assert_true (has_score);
}

typedef struct
{
  const char *name;
  const char *form;
  const char *goals;     /* the goal set's answers */
  const char *answers;   /* NULL: the goal set's own */
  const char *kind;
  double      t;
  guint       k;
  guint       n;
  double      pct_expected;
  const char *flags;
} GasCase;

/* Baselines count every goal, none at or above expected. */
static const GasCase gas_cases[] = {
  /* Three goals at −1: 50 + 10·(−3)/√(0.7·3 + 0.3·9) = 36.31. */
  { "baseline", "gas-goals", GOALS_3, NULL, "baseline", 36.31, 3, 3, 0.0, "" },
  /* Weights 2 and 3 at −1 and −2: 50 + 10·(−8)/√(0.7·13 + 0.3·25) = 30.36. */
  { "baseline-weighted", "gas-goals", GOALS_WEIGHTED, NULL, "baseline", 30.36, 2, 2, 0.0,
    "weighted" },
  /* (+1, 0, +2) unweighted: 63.69, all at or above expected. */
  { "review", "gas-review", GOALS_3, "{\"ratings\": {\"g1\": 1, \"g2\": 0, \"g3\": 2}}",
    "review", 63.69, 3, 3, 100.0, "" },
  /* One goal left out and one "partial" (scored −1):
   * 50 + 10·(2 − 1)/√(0.7·2 + 0.3·4) = 56.20; one of the two rated is at or
   * above expected. */
  { "review-partial", "gas-review", GOALS_3, "{\"ratings\": {\"g1\": 2, \"g3\": \"partial\"}}",
    "review", 56.20, 2, 3, 50.0, "partial k-of-n" },
  /* Weights 2 and 3 at +2 and −1: 50 + 10·(4 − 3)/√16.6 = 52.45. */
  { "review-weighted", "gas-review", GOALS_WEIGHTED, "{\"ratings\": {\"g1\": 2, \"g2\": -1}}",
    "review", 52.45, 2, 2, 50.0, "weighted" },
};

static void
test_derive_gas (gconstpointer data)
{
  const GasCase *gas = data;
  g_autoptr(KvForm) form = shipped_form (gas->form);
  g_autoptr(KvGoalSet) set = goal_set (gas->goals);
  g_auto(AggScore) score = { 0 };

  derive (form, gas->answers != NULL ? gas->answers : gas->goals, set, &score);
  g_assert_cmpstr (score.measure, ==, "gas");
  g_assert_cmpstr (score.kind, ==, gas->kind);
  g_assert_true (score.has_score);
  g_assert_cmpstr (score.status, ==, "scored");
  g_assert_cmpfloat_with_epsilon (score.score, gas->t, 0.005);
  g_assert_cmpuint (score.k, ==, gas->k);
  g_assert_cmpuint (score.n, ==, gas->n);
  g_assert_true (score.has_pct_expected);
  g_assert_cmpfloat_with_epsilon (score.pct_expected, gas->pct_expected, 1e-9);
  g_assert_cmpstr (score.flags, ==, gas->flags);
}

/* A score row without a value: k of n and why there is none. */
static void
assert_no_value (const AggScore *score,
                 const char     *measure,
                 const char     *status,
                 guint           k,
                 guint           n)
{
  g_assert_cmpstr (score->measure, ==, measure);
  g_assert_false (score->has_score);
  g_assert_cmpfloat (score->score, ==, 0.0);
  g_assert_cmpstr (score->status, ==, status);
  g_assert_cmpuint (score->k, ==, k);
  g_assert_cmpuint (score->n, ==, n);
}

/* A review that rates nothing still has a score row, with no T: the
 * reports count it as k = 0 of n. */
static void
test_derive_review_none_rated (void)
{
  static const char * const answers[] = {
    "{\"comment\": \"Test comment\"}",   /* the rating item left out */
    "{\"ratings\": {}}",
  };
  g_autoptr(KvForm) form = shipped_form ("gas-review");
  g_autoptr(KvGoalSet) set = goal_set (GOALS_3);

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_auto(AggScore) score = { 0 };

      derive (form, answers[i], set, &score);
      g_assert_cmpstr (score.kind, ==, "review");
      assert_no_value (&score, "gas", "none-rated", 0, 3);
      g_assert_false (score.has_pct_expected);
      g_assert_cmpstr (score.flags, ==, "k-of-n");
    }
}

static void
test_derive_review_refused (void)
{
  static const char * const answers[] = {
    "{\"ratings\": {\"g1\": 1, \"g9\": 0}}",   /* a goal of another set */
    "{\"ratings\": {\"g1\": 3}}",              /* beyond +2 */
    "{\"ratings\": [1, 0, 2]}",                /* not goal id → rating */
  };
  g_autoptr(KvForm) form = shipped_form ("gas-review");
  g_autoptr(KvGoalSet) set = goal_set (GOALS_3);

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_autoptr(JsonNode) node = json (answers[i]);
      g_autoptr(GError) error = NULL;
      g_auto(AggScore) score = { 0 };
      gboolean has_score = TRUE;

      g_assert_false (agg_score_derive (form, node, set, &score, &has_score, &error));
      g_assert_error (error, KV_FORM_ERROR, KV_FORM_ERROR_GOALS);
      g_assert_true (g_str_has_prefix (error->message, "ratings"));
      g_assert_false (has_score);
    }
}

static void
test_derive_total (void)
{
  g_autoptr(KvForm) qol = shipped_form ("family-qol");
  g_autoptr(KvForm) level_sum = fixture_form ("score", "qol.xml");
  g_autoptr(KvForm) weighted = fixture_form ("score", "licensed.xml");
  g_auto(AggScore) score = { 0 };

  /* Every one of the seven items answered. */
  derive (qol, "{\"enjoyment\": \"mostly-fine\", \"control\": \"mostly-fine\","
               " \"self-care\": \"mostly-fine\", \"safety\": \"mostly-fine\","
               " \"social\": \"as-wanted\", \"own-time\": \"not-enough\","
               " \"support\": \"serious-problem\"}", NULL, &score);
  g_assert_cmpstr (score.measure, ==, "family-qol");
  g_assert_cmpstr (score.kind, ==, "total");
  g_assert_true (score.has_score);
  g_assert_cmpstr (score.status, ==, "scored");
  /* 2 + 2 + 2 + 2 + 3 + 1 + 0. */
  g_assert_cmpfloat_with_epsilon (score.score, 12.0, 1e-9);
  g_assert_cmpuint (score.k, ==, 7);
  g_assert_cmpuint (score.n, ==, 7);
  g_assert_false (score.has_pct_expected);
  g_assert_cmpstr (score.flags, ==, "");
  agg_score_clear (&score);

  /* "Don't know" leaves no total, but the row says 2 of 3. */
  derive (level_sum, "{\"home\": \"as-wanted\", \"time\": \"dont-know\","
                     " \"safety\": \"adequate\"}", NULL, &score);
  assert_no_value (&score, "test-qol", "incomplete", 2, 3);
  agg_score_clear (&score);

  /* 2.5 × (1.1 + 0.6 + 0.25) − 1 = 3.875 (tests/forms/test-score.c). */
  derive (weighted, "{\"d1\": \"best\", \"d2\": \"good\", \"d3\": \"poor\"}", NULL, &score);
  g_assert_cmpstr (score.measure, ==, "test-licensed");
  g_assert_cmpstr (score.kind, ==, "total");
  g_assert_true (score.has_score);
  g_assert_cmpfloat_with_epsilon (score.score, 3.875, 1e-9);
  g_assert_cmpstr (score.flags, ==, "weighted");
}

/* A form that declares no scoring has no score, and the score handed in
 * is left empty whatever it held. */
static void
test_derive_unscored (void)
{
  g_autoptr(KvForm) experience = shipped_form ("experience");
  g_autoptr(KvForm) other = fixture_form ("good", "all-types.xml");
  KvForm *forms[] = { experience, other };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autoptr(JsonNode) answers = json ("{}");
      g_autoptr(GError) error = NULL;
      g_auto(AggScore) score = { .measure = "stale", .k = 4, .has_score = TRUE };
      gboolean has_score = TRUE;

      g_assert_true (agg_score_derive (forms[i], answers, NULL, &score, &has_score, &error));
      g_assert_no_error (error);
      g_assert_false (has_score);
      g_assert_null (score.measure);
      g_assert_null (score.flags);
      g_assert_cmpuint (score.k, ==, 0);
      g_assert_false (score.has_score);
    }
}

static void
test_score_clear (void)
{
  AggScore score = { .measure = "gas", .kind = "review", .has_score = TRUE, .score = 60.0,
                     .k = 2, .n = 3, .flags = g_strdup ("k-of-n") };

  agg_score_clear (&score);
  g_assert_null (score.measure);
  g_assert_null (score.kind);
  g_assert_null (score.flags);
  g_assert_false (score.has_score);
  g_assert_cmpuint (score.n, ==, 0);
  /* Twice is harmless, as g_auto() may. */
  agg_score_clear (&score);
}

static void
test_goal_set_from_answers (void)
{
  g_autoptr(KvGoalSet) set = goal_set (GOALS_WEIGHTED);

  g_assert_cmpuint (kv_goal_set_get_n_goals (set), ==, 2);
  g_assert_cmpstr (kv_goal_get_id (kv_goal_set_get_goal (set, 0)), ==, "g1");
  g_assert_cmpint (kv_goal_get_baseline (kv_goal_set_get_goal (set, 1)), ==, -2);
  g_assert_cmpfloat (kv_goal_get_weight (kv_goal_set_get_goal (set, 1)), ==, 3.0);
}

static void
test_goal_set_from_answers_refused (void)
{
  g_autoptr(KvForm) goals = shipped_form ("gas-goals");
  g_autoptr(KvForm) qol = shipped_form ("family-qol");
  g_autoptr(JsonNode) no_list = json ("{\"about\": null}");
  g_autoptr(JsonNode) bad_goal = json ("{\"goals\": [{\"id\": \"g1\", \"text\": \"Test goal\","
                                       " \"baseline\": 0}]}");
  g_autoptr(GError) error = NULL;

  /* No goal list answer: the form is named, the answers are not. */
  g_assert_null (agg_scores_goal_set_from_answers (goals, no_list, &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“gas-goals”"));
  g_clear_error (&error);

  /* A form without a goal list item at all. */
  g_assert_null (agg_scores_goal_set_from_answers (qol, bad_goal, &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“family-qol”"));
  g_clear_error (&error);

  /* A baseline must be −1 or −2: libkvforms says where. */
  g_assert_null (agg_scores_goal_set_from_answers (goals, bad_goal, &error));
  g_assert_error (error, KV_FORM_ERROR, KV_FORM_ERROR_GOALS);
  g_assert_nonnull (strstr (error->message, "baseline"));
}

/* Stored submissions, for the goal set and recompute cases. */

typedef struct
{
  AggTestWorld     world;
  AggFormRegistry *all_forms;  /* the shipped forms and three made-up ones */
  gint64           child_id;
  guint            n_stored;
} Fixture;

/* Writes @form's file into @dir, as <id>.xml. */
static void
copy_form (const char   *dir,
           const KvForm *form)
{
  g_autofree char *file = g_strconcat (kv_form_get_id (form), ".xml", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  GBytes *source = kv_form_get_source (form);

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (source, NULL),
                                      g_bytes_get_size (source), NULL));
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  GPtrArray *forms = agg_form_registry_get_forms (shipped);
  g_autoptr(KvForm) level_sum = fixture_form ("score", "qol.xml");
  g_autoptr(KvForm) weighted = fixture_form ("score", "licensed.xml");
  g_autoptr(KvForm) unscored = fixture_form ("good", "all-types.xml");
  g_autofree char *dir = NULL;
  g_autofree char *query = NULL;
  g_autoptr(GError) error = NULL;

  agg_test_world_init (&fixture->world);
  dir = agg_test_make_dir ();
  for (guint i = 0; i < forms->len; i++)
    copy_form (dir, g_ptr_array_index (forms, i));
  copy_form (dir, level_sum);
  copy_form (dir, weighted);
  copy_form (dir, unscored);
  fixture->all_forms = agg_form_registry_new_from_dir (dir, &error);
  g_assert_no_error (error);

  query = g_strdup_printf ("SELECT id FROM children WHERE code = '%s'", fixture->world.child_a);
  fixture->child_id = agg_test_count (fixture->world.db, query);
  g_assert_cmpint (fixture->child_id, >, 0);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->all_forms);
  agg_test_world_clear (&fixture->world);
}

/* Stores one submission with @answers, @set and @score as ingest would,
 * inside the caller's transaction.  Returns its id. */
static char *
insert_submission (Fixture         *fixture,
                   const KvForm    *form,
                   JsonNode        *answers,
                   const KvGoalSet *set,
                   gint64           rates,
                   const AggScore  *score)
{
  g_autofree char *hash = g_strdup_printf ("test-hash-%u", fixture->n_stored++);
  g_autoptr(GError) error = NULL;
  char *id = g_uuid_string_random ();
  AggStoredSubmission row = { 0 };

  row.id = id;
  row.content_hash = hash;
  row.child_id = fixture->child_id;
  row.device_id = fixture->world.device_a_id;
  row.respondent = "parent-carer";
  row.mode = "self";
  row.locale = "en_GB";
  row.started_at = row.completed_at = row.completed_utc = row.received_at = "2026-02-03T09:00:00Z";
  row.completed_on = "2026-02-03";
  row.goal_set_version = rates;
  g_assert_true (agg_ingest_store_submission (fixture->world.db, &row, form, answers, set, score,
                                              NULL, &error));
  g_assert_no_error (error);
  return id;
}

/* Stores @count submissions of @form_id with @answers_text in one
 * transaction, with the score derived now when @scored; a gas-review rates
 * goal set @rates (which need not exist: ingest would refuse that,
 * recompute must cope).  Returns the id of the last. */
static char *
store_submissions (Fixture    *fixture,
                   guint       count,
                   const char *form_id,
                   const char *answers_text,
                   gint64      rates,
                   gboolean    scored)
{
  KvForm *form = agg_form_registry_lookup_latest (fixture->all_forms, form_id);
  g_autoptr(JsonNode) answers = json (answers_text);
  g_autoptr(KvGoalSet) set = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(AggScore) score = { 0 };
  gboolean has_score = FALSE;
  char *id = NULL;

  g_assert_nonnull (form);
  if (kv_form_get_kind (form) == KV_FORM_KIND_GAS_GOALS)
    set = agg_scores_goal_set_from_answers (form, answers, &error);
  else if (kv_form_get_kind (form) == KV_FORM_KIND_GAS_REVIEW)
    set = agg_scores_load_goal_set (fixture->world.db, fixture->child_id, rates, &error);
  g_assert_no_error (error);
  if (scored)
    g_assert_true (agg_score_derive (form, answers, set, &score, &has_score, &error));
  g_assert_no_error (error);

  g_assert_true (agg_db_begin (fixture->world.db, &error));
  for (guint i = 0; i < count; i++)
    {
      g_free (id);
      id = insert_submission (fixture, form, answers, set, rates, has_score ? &score : NULL);
    }
  g_assert_true (agg_db_commit (fixture->world.db, &error));
  g_assert_no_error (error);
  return id;
}

static char *
store_submission (Fixture    *fixture,
                  const char *form_id,
                  const char *answers_text,
                  gint64      rates,
                  gboolean    scored)
{
  return store_submissions (fixture, 1, form_id, answers_text, rates, scored);
}

/* A whole-number view of a stored score, for agg_test_count(): the score
 * times 100, rounded, or -1 when it is NULL, or -2 when there is no row. */
static gint64
stored_score (Fixture    *fixture,
              const char *id)
{
  g_autofree char *query = g_strdup_printf ("SELECT coalesce ((SELECT coalesce (CAST (round"
                                            " (score * 100) AS INTEGER), -1) FROM scores"
                                            " WHERE submission_id = '%s'), -2)", id);

  return agg_test_count (fixture->world.db, query);
}

static void
test_load_goal_set (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = store_submission (fixture, "gas-goals", GOALS_WEIGHTED, 0, TRUE);
  g_autoptr(KvGoalSet) set = agg_scores_load_goal_set (fixture->world.db, fixture->child_id, 1,
                                                       &error);

  g_assert_no_error (error);
  g_assert_nonnull (set);
  g_assert_cmpuint (kv_goal_set_get_n_goals (set), ==, 2);
  g_assert_cmpstr (kv_goal_get_text (kv_goal_set_get_goal (set, 1)), ==, "Test goal two");
  g_assert_cmpfloat (kv_goal_get_weight (kv_goal_set_get_goal (set, 0)), ==, 2.0);

  /* No such version, and no such child: nothing, and no error. */
  g_assert_null (agg_scores_load_goal_set (fixture->world.db, fixture->child_id, 2, &error));
  g_assert_no_error (error);
  g_assert_null (agg_scores_load_goal_set (fixture->world.db, fixture->child_id + 100, 1,
                                           &error));
  g_assert_no_error (error);
}

static void
test_load_goal_set_unreadable (Fixture       *fixture,
                               gconstpointer  data)
{
  static const char * const stored[] = {
    "[{\"id\": \"g1\"",                                          /* not JSON */
    "[{\"id\": \"g1\", \"text\": \"Test goal\", \"baseline\": 1}]", /* not a goal */
  };
  g_autofree char *id = store_submission (fixture, "gas-goals", GOALS_3, 0, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (stored); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *sql = g_strdup_printf ("UPDATE goal_sets SET goals = '%s'", stored[i]);

      g_assert_true (agg_db_exec (fixture->world.db, sql, &error));
      g_assert_null (agg_scores_load_goal_set (fixture->world.db, fixture->child_id, 1,
                                               &error));
      g_assert_error (error, AGG_ERROR, AGG_ERROR_DATABASE);
      g_assert_true (g_str_has_prefix (error->message, "a stored goal set cannot be read: "));
      /* The goals' words never reach the message. */
      g_assert_null (strstr (error->message, "Test goal"));
    }
}

/* Every stored score is derived again: one that was altered is put back,
 * one that is missing is added, and one that the form no longer gives is
 * taken away. */
static void
test_recompute (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *goals = store_submission (fixture, "gas-goals", GOALS_3, 0, TRUE);
  g_autofree char *review = store_submission (fixture, "gas-review",
                                              "{\"ratings\": {\"g1\": 1, \"g2\": 0, \"g3\": 2}}",
                                              1, TRUE);
  g_autofree char *total = store_submission (fixture, "test-licensed",
                                             "{\"d1\": \"best\", \"d2\": \"good\","
                                             " \"d3\": \"poor\"}", 0, TRUE);
  g_autofree char *missing = store_submission (fixture, "test-qol",
                                                "{\"home\": \"as-wanted\","
                                                " \"time\": \"adequate\","
                                                " \"safety\": \"serious\"}", 0, FALSE);
  g_autofree char *other = store_submission (fixture, "all-types", "{}", 0, FALSE);
  g_autofree char *stray = g_strdup_printf ("INSERT INTO scores (submission_id, measure, kind,"
                                            " score, k, n, status) VALUES ('%s', 'all-types',"
                                            " 'total', 1.0, 1, 1, 'scored')", other);
  guint n_scores = 0;

  g_assert_cmpint (stored_score (fixture, missing), ==, -2);
  g_assert_true (agg_db_exec (fixture->world.db, stray, &error));
  g_assert_true (agg_db_exec (fixture->world.db,
                              "UPDATE scores SET score = 0.5, k = 9, flags = 'test-altered'",
                              &error));
  g_assert_no_error (error);

  g_assert_true (agg_scores_recompute (fixture->world.db, fixture->all_forms, &n_scores, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_scores, ==, 4);
  g_assert_cmpint (stored_score (fixture, goals), ==, 3631);
  g_assert_cmpint (stored_score (fixture, review), ==, 6369);
  /* 3.875, rounded half away from zero. */
  g_assert_cmpint (stored_score (fixture, total), ==, 388);
  /* 3 + 2 + 0. */
  g_assert_cmpint (stored_score (fixture, missing), ==, 500);
  g_assert_cmpint (stored_score (fixture, other), ==, -2);
  g_assert_cmpint (agg_test_count (fixture->world.db, "SELECT count (*) FROM scores"
                                                      " WHERE flags = 'test-altered' OR k = 9"),
                   ==, 0);
  g_assert_cmpint (agg_test_count (fixture->world.db, "SELECT count (*) FROM scores"
                                                      " WHERE submission_id IN (SELECT id FROM"
                                                      " submissions WHERE form_id = 'test-licensed')"
                                                      " AND flags = 'weighted'"), ==, 1);
  /* The temporary table is gone. */
  g_assert_cmpint (agg_test_count (fixture->world.db, "SELECT count (*) FROM temp.sqlite_master"
                                                      " WHERE name = 'recomputed_scores'"), ==, 0);

  /* Again, with nothing to change: the same scores. */
  g_assert_true (agg_scores_recompute (fixture->world.db, fixture->all_forms, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stored_score (fixture, review), ==, 6369);
  g_assert_cmpint (agg_test_count (fixture->world.db, "SELECT count (*) FROM scores"), ==, 4);
}

/* More rows than one chunk, both among the stored scores gone over and
 * among the new ones added: one chunk and one row more of stored scores,
 * then submissions without one, so that the last new score is the first
 * row of a chunk of its own in either pass. */
static void
test_recompute_chunks (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *answers = "{\"home\": \"adequate\", \"time\": \"adequate\","
                        " \"safety\": \"adequate\"}";
  const guint n_stored = AGG_SCORES_RECOMPUTE_CHUNK + 1;
  const guint n_new = AGG_SCORES_RECOMPUTE_CHUNK;
  g_autoptr(GError) error = NULL;
  guint n_scores = 0;

  g_free (store_submissions (fixture, n_stored, "test-qol", answers, 0, TRUE));
  g_free (store_submissions (fixture, n_new, "test-qol", answers, 0, FALSE));
  g_assert_true (agg_db_exec (fixture->world.db, "UPDATE scores SET score = 0.0", &error));

  g_assert_true (agg_scores_recompute (fixture->world.db, fixture->all_forms, &n_scores, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_scores, ==, n_stored + n_new);
  g_assert_cmpint (agg_test_count (fixture->world.db, "SELECT count (*) FROM scores"
                                                      " WHERE score = 6.0"), ==, n_stored + n_new);
}

typedef struct
{
  const char *name;
  const char *sql;        /* breaks one stored submission */
  gboolean    all_forms;  /* recompute with every form loaded */
  int         code;       /* in AGG_ERROR */
  const char *message;    /* a part of the error's message */
} Refusal;

static const Refusal refusals[] = {
  /* Only the shipped forms loaded: the made-up ones are unknown. */
  { "form-not-loaded", NULL, FALSE, AGG_ERROR_FORMS,
    "is of form “test-licensed” version 1, which is not loaded" },
  { "form-version-not-loaded", "UPDATE submissions SET form_version = 2"
    " WHERE form_id = 'family-qol'", TRUE, AGG_ERROR_FORMS,
    "is of form “family-qol” version 2, which is not loaded" },
  { "goal-set-missing", "UPDATE submissions SET goal_set_version = 7"
    " WHERE form_id = 'gas-review'", TRUE, AGG_ERROR_DATABASE,
    "cannot be scored: the goal set it rates is missing" },
  { "goal-set-unreadable", "UPDATE goal_sets SET goals = '['", TRUE, AGG_ERROR_DATABASE,
    "cannot be scored: a stored goal set cannot be read" },
  { "answers-unreadable", "UPDATE submissions SET answers = '{'"
    " WHERE form_id = 'family-qol'", TRUE, AGG_ERROR_DATABASE, "cannot be scored: " },
  { "rating-of-another-set", "UPDATE submissions SET answers = '{\"ratings\": {\"g7\": 1}}'"
    " WHERE form_id = 'gas-review'", TRUE, AGG_ERROR_DATABASE,
    "cannot be scored: ratings[" },
};

/* One submission that cannot be scored stops the recompute before it
 * writes anything: every stored score is as it was. */
static void
test_recompute_refused (Fixture       *fixture,
                        gconstpointer  data)
{
  const Refusal *refusal = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *goals = store_submission (fixture, "gas-goals", GOALS_3, 0, TRUE);
  g_autofree char *review = store_submission (fixture, "gas-review",
                                              "{\"ratings\": {\"g1\": 2}}", 1, TRUE);
  g_autofree char *qol = store_submission (fixture, "family-qol",
                                           "{\"enjoyment\": \"as-wanted\"}", 0, FALSE);
  g_autofree char *total = store_submission (fixture, "test-licensed",
                                             "{\"d1\": \"best\", \"d2\": \"best\","
                                             " \"d3\": \"best\"}", 0, TRUE);
  AggFormRegistry *forms = refusal->all_forms ? fixture->all_forms : fixture->world.forms;
  guint n_scores = 99;

  g_assert_true (agg_db_exec (fixture->world.db, "UPDATE scores SET score = 1.25", &error));
  if (refusal->sql != NULL)
    g_assert_true (agg_db_exec (fixture->world.db, refusal->sql, &error));
  g_assert_no_error (error);

  g_assert_false (agg_scores_recompute (fixture->world.db, forms, &n_scores, &error));
  g_assert_error (error, AGG_ERROR, refusal->code);
  g_assert_true (g_str_has_prefix (error->message, "submission "));
  g_assert_nonnull (strstr (error->message, refusal->message));
  g_assert_cmpuint (n_scores, ==, 99);
  g_assert_cmpint (agg_test_count (fixture->world.db, "SELECT count (*) FROM scores"), ==, 3);
  g_assert_cmpint (agg_test_count (fixture->world.db, "SELECT count (*) FROM scores"
                                                      " WHERE score = 1.25"), ==, 3);
  g_assert_cmpint (stored_score (fixture, qol), ==, -2);
  g_assert_cmpint (agg_test_count (fixture->world.db, "SELECT count (*) FROM temp.sqlite_master"
                                                      " WHERE name = 'recomputed_scores'"), ==, 0);
  g_assert_nonnull (goals);
  g_assert_nonnull (review);
  g_assert_nonnull (total);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  shipped = agg_form_registry_new_from_dir (KV_SOURCE_FORMS_DIR, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (gas_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/aggregator/scores/derive/%s", gas_cases[i].name);

      g_test_add_data_func (path, &gas_cases[i], test_derive_gas);
    }
  g_test_add_func ("/aggregator/scores/derive/review-none-rated", test_derive_review_none_rated);
  g_test_add_func ("/aggregator/scores/derive/review-refused", test_derive_review_refused);
  g_test_add_func ("/aggregator/scores/derive/total", test_derive_total);
  g_test_add_func ("/aggregator/scores/derive/unscored", test_derive_unscored);
  g_test_add_func ("/aggregator/scores/clear", test_score_clear);
  g_test_add_func ("/aggregator/scores/goal-set/from-answers", test_goal_set_from_answers);
  g_test_add_func ("/aggregator/scores/goal-set/from-answers-refused",
                   test_goal_set_from_answers_refused);
  g_test_add ("/aggregator/scores/goal-set/load", Fixture, NULL,
              fixture_setup, test_load_goal_set, fixture_teardown);
  g_test_add ("/aggregator/scores/goal-set/load-unreadable", Fixture, NULL,
              fixture_setup, test_load_goal_set_unreadable, fixture_teardown);
  g_test_add ("/aggregator/scores/recompute/every-score", Fixture, NULL,
              fixture_setup, test_recompute, fixture_teardown);
  g_test_add ("/aggregator/scores/recompute/chunks", Fixture, NULL,
              fixture_setup, test_recompute_chunks, fixture_teardown);
  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autofree char *path = g_strdup_printf ("/aggregator/scores/recompute/refused/%s",
                                               refusals[i].name);

      g_test_add (path, Fixture, &refusals[i], fixture_setup, test_recompute_refused,
                  fixture_teardown);
    }

  status = g_test_run ();
  g_clear_object (&shipped);
  return status;
}
