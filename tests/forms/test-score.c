/* test-score.c — form scores and item summaries (kv-score.c).
 *
 * The forms are small made-up files under tests/forms/data/score/.  The weighted
 * form stands in for a licensed definition: its weights, transform and
 * wording are invented for the test and belong to no real instrument.
 * Every expected total is worked out by hand in a comment beside it.
 */
#include <string.h>

#include "kv-answers.h"
#include "kv-score.h"
#include "forms-test-util.h"

/* Validates @json against @form, as the aggregator does before scoring,
 * then scores it. */
static KvFormScore
score_valid (const KvForm *form,
             const char   *json)
{
  g_autoptr(JsonNode) answers = forms_test_parse_json (json);
  g_autoptr(GError) error = NULL;
  KvFormScore score;

  /* Fill with junk so that a field the scorer forgets shows up. */
  memset (&score, 0xaa, sizeof score);

  kv_form_validate_answers (form, answers, NULL, NULL, &error);
  g_assert_no_error (error);
  kv_form_score_answers (form, answers, &score, &error);
  g_assert_no_error (error);

  return score;
}

static void
assert_complete (KvFormScore score,
                 double      total,
                 guint       n_items)
{
  g_assert_true (score.complete);
  g_assert_cmpfloat_with_epsilon (score.total, total, 1e-9);
  g_assert_cmpuint (score.n_answered, ==, n_items);
  g_assert_cmpuint (score.n_needed, ==, n_items);
}

static void
assert_incomplete (KvFormScore score,
                   guint       n_answered,
                   guint       n_needed)
{
  g_assert_false (score.complete);
  g_assert_cmpuint (score.n_answered, ==, n_answered);
  g_assert_cmpuint (score.n_needed, ==, n_needed);
}

/* Level sum (docs/domain.md §2: scored 3/2/1/0, a total only when every item
 * is answered). */

static void
test_level_sum_complete (void)
{
  g_autoptr(KvForm) form = forms_test_load_fixture ("score", "qol.xml");
  KvFormScore score;

  /* home 3 + time 2 + safety 1 = 6.  The unscored "rating" item (100) and
   * the "who" choice item add nothing; support is hidden. */
  score = score_valid (form,
                       "{\"home\": \"as-wanted\", \"time\": \"adequate\","
                       " \"safety\": \"some-problem\", \"rating\": \"liked\","
                       " \"who\": \"parent-carer\"}");
  assert_complete (score, 6.0, 3);

  /* All at the top: 3 + 3 + 3 = 9. */
  score = score_valid (form,
                       "{\"home\": \"as-wanted\", \"time\": \"as-wanted\","
                       " \"safety\": \"as-wanted\"}");
  assert_complete (score, 9.0, 3);
}

static void
test_level_sum_zero_is_a_total (void)
{
  g_autoptr(KvForm) form = forms_test_load_fixture ("score", "qol.xml");
  KvFormScore score;

  /* Every item a serious problem, support shown and answered: 0 + 0 + 0 +
   * 0 = 0, which is a real total and not the same as no total. */
  score = score_valid (form,
                       "{\"home\": \"serious\", \"support\": \"serious\","
                       " \"time\": \"serious\", \"safety\": \"serious\"}");
  assert_complete (score, 0.0, 4);
}

static void
test_level_sum_missing (void)
{
  g_autoptr(KvForm) form = forms_test_load_fixture ("score", "qol.xml");
  KvFormScore score;

  /* safety is optional, so the answers are valid, but without it there is
   * no total: 2 of 3 scored items answered. */
  score = score_valid (form, "{\"home\": \"as-wanted\", \"time\": \"adequate\"}");
  assert_incomplete (score, 2, 3);
}

static void
test_level_sum_dont_know (void)
{
  g_autoptr(KvForm) form = forms_test_load_fixture ("score", "qol.xml");
  KvFormScore score;

  /* "Don't know" is an answer but not a scored one: no total. */
  score = score_valid (form,
                       "{\"home\": \"as-wanted\", \"time\": \"dont-know\","
                       " \"safety\": \"adequate\"}");
  assert_incomplete (score, 2, 3);

  score = score_valid (form,
                       "{\"home\": \"dont-know\", \"time\": \"dont-know\","
                       " \"safety\": \"dont-know\"}");
  assert_incomplete (score, 0, 3);
}

static void
test_level_sum_condition (void)
{
  g_autoptr(KvForm) form = forms_test_load_fixture ("score", "qol.xml");
  KvFormScore score;

  /* home "serious" shows support, which is then needed: 3 of 4. */
  score = score_valid (form,
                       "{\"home\": \"serious\", \"time\": \"adequate\","
                       " \"safety\": \"some-problem\"}");
  assert_incomplete (score, 3, 4);

  /* home 0 + support 2 + time 2 + safety 1 = 5. */
  score = score_valid (form,
                       "{\"home\": \"serious\", \"support\": \"adequate\","
                       " \"time\": \"adequate\", \"safety\": \"some-problem\"}");
  assert_complete (score, 5.0, 4);
}

/* Weighted: score = a·Σweight + b with a = 2.5 and b = −1 (made up). */

static void
test_weighted_complete (void)
{
  g_autoptr(KvForm) form = forms_test_load_fixture ("score", "licensed.xml");
  KvFormScore score;

  g_assert_cmpfloat_with_epsilon (kv_form_get_scoring_a (form), 2.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (kv_form_get_scoring_b (form), -1.0, 1e-12);

  /* d1 best 1.1 + d2 good 0.6 + d3 poor 0.25 = 1.95;
   * 2.5 × 1.95 − 1 = 4.875 − 1 = 3.875.
   * (The level values would give 3 + 2 + 1 = 6, so this total can only
   * come from the weights.) */
  score = score_valid (form, "{\"d1\": \"best\", \"d2\": \"good\", \"d3\": \"poor\"}");
  assert_complete (score, 3.875, 3);

  /* d1 worst 0 + d2 worst 0.05 + d3 worst 0 = 0.05;
   * 2.5 × 0.05 − 1 = 0.125 − 1 = −0.875. */
  score = score_valid (form, "{\"d1\": \"worst\", \"d2\": \"worst\", \"d3\": \"worst\"}");
  assert_complete (score, -0.875, 3);

  /* 1.1 + 0.9 + 1.1 = 3.1; 2.5 × 3.1 − 1 = 7.75 − 1 = 6.75. */
  score = score_valid (form, "{\"d1\": \"best\", \"d2\": \"best\", \"d3\": \"best\"}");
  assert_complete (score, 6.75, 3);
}

static void
test_weighted_incomplete (void)
{
  g_autoptr(KvForm) form = forms_test_load_fixture ("score", "licensed.xml");
  KvFormScore score;

  score = score_valid (form, "{\"d1\": \"best\", \"d2\": \"dont-know\", \"d3\": \"poor\"}");
  assert_incomplete (score, 2, 3);
}

static void
test_weighted_missing (void)
{
  g_autoptr(KvForm) form = forms_test_load_fixture ("score", "licensed.xml");
  g_autoptr(JsonNode) answers = forms_test_parse_json ("{\"d1\": \"best\", \"d3\": \"poor\"}");
  g_autoptr(GError) error = NULL;
  KvFormScore score;

  /* Not valid (d2 is required), but a partial set of answers scores as
   * incomplete rather than as a smaller total. */
  g_assert_true (kv_form_score_answers (form, answers, &score, &error));
  g_assert_no_error (error);
  assert_incomplete (score, 2, 3);
}

/* Errors. */

static void
test_not_scored_by_levels (void)
{
  static const char * const files[] = { "experience.xml", "review.xml" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(KvForm) form = forms_test_load_fixture ("score", files[i]);
      g_autoptr(JsonNode) answers = forms_test_parse_json ("{}");
      g_autoptr(GError) error = NULL;
      KvFormScore score = { 0, };

      g_assert_false (kv_form_score_answers (form, answers, &score, &error));
      g_assert_error (error, KV_FORM_ERROR, KV_FORM_ERROR_SCORING);
    }
}

static void
test_unknown_level (void)
{
  g_autoptr(KvForm) form = forms_test_load_fixture ("score", "qol.xml");
  g_autoptr(JsonNode) answers = NULL;
  g_autoptr(GError) error = NULL;
  KvFormScore score = { 0, };

  /* Scoring answers that were never validated must not quietly skip an
   * answer it cannot read. */
  answers = forms_test_parse_json ("{\"home\": \"great\", \"time\": \"adequate\","
                                   " \"safety\": \"adequate\"}");
  g_assert_false (kv_form_score_answers (form, answers, &score, &error));
  g_assert_error (error, KV_FORM_ERROR, KV_FORM_ERROR_ANSWERS);
  g_assert_cmpstr (error->message, ==,
                   "item 'home': the answer is not one of its levels; "
                   "validate the answers before scoring them");
  g_clear_error (&error);

  g_clear_pointer (&answers, json_node_unref);
  answers = forms_test_parse_json ("[]");
  g_assert_false (kv_form_score_answers (form, answers, &score, &error));
  g_assert_error (error, KV_FORM_ERROR, KV_FORM_ERROR_ANSWERS);
}

/* Item summaries. */

static KvItemSummary *
summarise (const KvItem *item,
           const char   *level_ids)
{
  g_auto(GStrv) ids = g_strsplit (level_ids, " ", -1);
  KvItemSummary *summary = kv_item_summary_new (item);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (kv_item_summary_add (summary, ids[i], &error));
      g_assert_no_error (error);
    }

  return summary;
}

static void
test_summary_fft (void)
{
  g_autoptr(KvForm) form = forms_test_load_fixture ("score", "experience.xml");
  const KvItem *fft = kv_form_lookup_item (form, "fft");
  g_autoptr(KvItemSummary) summary = NULL;
  double pct_positive, pct_negative;

  /* 5 very good, 3 good, 1 neither, 1 poor, 0 very poor, 2 don't know. */
  summary = summarise (fft,
                       "very-good good dont-know very-good neither very-good "
                       "good poor very-good dont-know good very-good");
  g_assert_true (kv_item_summary_get_item (summary) == fft);

  g_assert_cmpuint (kv_item_summary_get_level_count (summary, 0), ==, 5);
  g_assert_cmpuint (kv_item_summary_get_level_count (summary, 1), ==, 3);
  g_assert_cmpuint (kv_item_summary_get_level_count (summary, 2), ==, 1);
  g_assert_cmpuint (kv_item_summary_get_level_count (summary, 3), ==, 1);
  g_assert_cmpuint (kv_item_summary_get_level_count (summary, 4), ==, 0);
  g_assert_cmpuint (kv_item_summary_get_level_count (summary, 5), ==, 2);

  /* FFT: % positive = (very good + good) ÷ all responses, "Don't know"
   * included: (5 + 3) ÷ 12 = 66.7 %; % negative = (1 + 0) ÷ 12 = 8.3 %. */
  g_assert_cmpuint (kv_item_summary_get_n_responses (summary), ==, 12);
  g_assert_cmpuint (kv_item_summary_get_n_scored (summary), ==, 12);
  g_assert_cmpuint (kv_item_summary_get_n_positive (summary), ==, 8);
  g_assert_cmpuint (kv_item_summary_get_n_negative (summary), ==, 1);

  pct_positive = 100.0 * kv_item_summary_get_n_positive (summary)
                 / kv_item_summary_get_n_scored (summary);
  pct_negative = 100.0 * kv_item_summary_get_n_negative (summary)
                 / kv_item_summary_get_n_scored (summary);
  g_assert_cmpfloat_with_epsilon (pct_positive, 200.0 / 3.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (pct_negative, 100.0 / 12.0, 1e-9);
}

static void
test_summary_keyworking (void)
{
  g_autoptr(KvForm) form = forms_test_load_fixture ("score", "experience.xml");
  const KvItem *listened = kv_form_lookup_item (form, "listened");
  g_autoptr(KvItemSummary) summary = NULL;
  double pct_positive;

  /* 4 certainly true, 2 partly true, 2 not true, 4 don't know. */
  summary = summarise (listened,
                       "certainly-true dont-know partly-true certainly-true "
                       "not-true dont-know dont-know certainly-true "
                       "partly-true not-true dont-know certainly-true");

  g_assert_cmpuint (kv_item_summary_get_level_count (summary, 0), ==, 4);
  g_assert_cmpuint (kv_item_summary_get_level_count (summary, 1), ==, 2);
  g_assert_cmpuint (kv_item_summary_get_level_count (summary, 2), ==, 2);
  g_assert_cmpuint (kv_item_summary_get_level_count (summary, 3), ==, 4);

  /* "Don't know" is not scored here, so it leaves the denominator:
   * 4 ÷ (12 − 4) = 50 %, not 4 ÷ 12 = 33.3 %. */
  g_assert_cmpuint (kv_item_summary_get_n_responses (summary), ==, 12);
  g_assert_cmpuint (kv_item_summary_get_n_scored (summary), ==, 8);
  g_assert_cmpuint (kv_item_summary_get_n_positive (summary), ==, 4);
  g_assert_cmpuint (kv_item_summary_get_n_negative (summary), ==, 2);

  pct_positive = 100.0 * kv_item_summary_get_n_positive (summary)
                 / kv_item_summary_get_n_scored (summary);
  g_assert_cmpfloat_with_epsilon (pct_positive, 50.0, 1e-9);
}

static void
test_summary_unknown_level (void)
{
  g_autoptr(KvForm) form = forms_test_load_fixture ("score", "experience.xml");
  g_autoptr(KvItemSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  summary = summarise (kv_form_lookup_item (form, "fft"), "good");

  /* A level of another item is as unknown as a made-up one. */
  g_assert_false (kv_item_summary_add (summary, "certainly-true", &error));
  g_assert_error (error, KV_FORM_ERROR, KV_FORM_ERROR_ANSWERS);
  g_assert_cmpstr (error->message, ==, "item 'fft': the answer is not one of its levels");
  g_clear_error (&error);

  g_assert_false (kv_item_summary_add (summary, "", &error));
  g_assert_error (error, KV_FORM_ERROR, KV_FORM_ERROR_ANSWERS);

  /* Nothing was counted for the refused answers. */
  g_assert_cmpuint (kv_item_summary_get_n_responses (summary), ==, 1);
  g_assert_cmpuint (kv_item_summary_get_n_scored (summary), ==, 1);
  g_assert_cmpuint (kv_item_summary_get_n_positive (summary), ==, 1);
}

static void
test_summary_scale_item (void)
{
  g_autoptr(KvForm) form = forms_test_load_fixture ("score", "qol.xml");
  g_autoptr(KvItemSummary) summary = NULL;

  /* A scale item without polarity: counts, but nothing positive or
   * negative; its unscored "Don't know" stays out of n_scored. */
  summary = summarise (kv_form_lookup_item (form, "home"),
                       "as-wanted serious dont-know as-wanted");
  g_assert_cmpuint (kv_item_summary_get_n_responses (summary), ==, 4);
  g_assert_cmpuint (kv_item_summary_get_n_scored (summary), ==, 3);
  g_assert_cmpuint (kv_item_summary_get_n_positive (summary), ==, 0);
  g_assert_cmpuint (kv_item_summary_get_n_negative (summary), ==, 0);
  g_assert_cmpuint (kv_item_summary_get_level_count (summary, 0), ==, 2);
  g_assert_cmpuint (kv_item_summary_get_level_count (summary, 3), ==, 1);
  g_assert_cmpuint (kv_item_summary_get_level_count (summary, 4), ==, 1);
}

static void
test_summary_empty (void)
{
  g_autoptr(KvForm) form = forms_test_load_fixture ("score", "experience.xml");
  g_autoptr(KvItemSummary) summary = kv_item_summary_new (kv_form_lookup_item (form, "fft"));

  g_assert_cmpuint (kv_item_summary_get_n_responses (summary), ==, 0);
  g_assert_cmpuint (kv_item_summary_get_n_scored (summary), ==, 0);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpuint (kv_item_summary_get_level_count (summary, i), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/score/level-sum/complete", test_level_sum_complete);
  g_test_add_func ("/score/level-sum/zero-is-a-total", test_level_sum_zero_is_a_total);
  g_test_add_func ("/score/level-sum/missing-item-means-no-total", test_level_sum_missing);
  g_test_add_func ("/score/level-sum/dont-know-means-no-total", test_level_sum_dont_know);
  g_test_add_func ("/score/level-sum/shown-item-is-needed", test_level_sum_condition);
  g_test_add_func ("/score/weighted/complete", test_weighted_complete);
  g_test_add_func ("/score/weighted/dont-know-means-no-total", test_weighted_incomplete);
  g_test_add_func ("/score/weighted/missing-item-means-no-total", test_weighted_missing);
  g_test_add_func ("/score/not-scored-by-levels", test_not_scored_by_levels);
  g_test_add_func ("/score/unreadable-answer", test_unknown_level);
  g_test_add_func ("/summary/fft-dont-know-in-denominator", test_summary_fft);
  g_test_add_func ("/summary/keyworking-dont-know-excluded", test_summary_keyworking);
  g_test_add_func ("/summary/unknown-level", test_summary_unknown_level);
  g_test_add_func ("/summary/scale-item", test_summary_scale_item);
  g_test_add_func ("/summary/empty", test_summary_empty);

  return g_test_run ();
}
