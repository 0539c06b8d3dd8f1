/* test-gas.c — tests of kv-gas.c: goal sets, ratings and GAS T-scores.
 *
 * Every expected T below was worked out independently of the code under
 * test, from T = 50 + 10·Σwx / √(0.7·Σw² + 0.3·(Σw)²) (ρ = 0.3); the
 * arithmetic is in the comment beside each vector.  "d" is the quantity
 * under the square root.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "kv-form.h"
#include "kv-gas.h"
#include "forms-test-util.h"

/* Goals written compactly: an unweighted goal, and a goal with importance
 * and difficulty. */
#define GOAL(id, base) \
  "{\"id\": \"" id "\", \"text\": \"A goal\", \"baseline\": " #base "}"
#define WGOAL(id, base, imp, dif) \
  "{\"id\": \"" id "\", \"text\": \"A goal\", \"baseline\": " #base \
  ", \"importance\": " #imp ", \"difficulty\": " #dif "}"

/* Expected T values are given to 6 decimals. */
#define T_EPSILON 5e-6

/* Reviews. */

typedef struct
{
  const char  *path;
  const char  *goals;
  const char  *ratings;
  KvGasStatus  status;
  double       t;        /* checked only when status is KV_GAS_SCORED */
  const char  *t_2dp;    /* when not NULL, T printed to 2 decimals */
  guint        n_rated;
  guint        n_goals;
  double       pct;
} ReviewVector;

static const ReviewVector review_vectors[] = {
  /* The three reference values of the gasr R package README, unweighted. */

  /* Σwx = 6, Σw = 3, Σw² = 3, d = 2.1 + 2.7 = 4.8, √d = 2.190890,
   * T = 50 + 60/2.190890 = 77.386128. */
  { "/forms/gas/t-score/gasr-reference-1",
    "[" GOAL ("a", -1) "," GOAL ("b", -1) "," GOAL ("c", -2) "]",
    "{\"a\": 2, \"b\": 2, \"c\": 2}",
    KV_GAS_SCORED, 77.386128, "77.39", 3, 3, 100.0 },
  /* Σwx = 3, d = 4.8, T = 50 + 30/2.190890 = 63.693064. */
  { "/forms/gas/t-score/gasr-reference-2",
    "[" GOAL ("a", -1) "," GOAL ("b", -1) "," GOAL ("c", -1) "]",
    "{\"a\": 1, \"b\": 0, \"c\": 2}",
    KV_GAS_SCORED, 63.693064, "63.69", 3, 3, 100.0 },
  /* Σwx = 2+1+0−2+1 = 2, Σw = Σw² = 5, d = 3.5 + 7.5 = 11,
   * √d = 3.316625, T = 50 + 20/3.316625 = 56.030227.  4 of 5 at or
   * above 0 = 80 %. */
  { "/forms/gas/t-score/gasr-reference-3",
    "[" GOAL ("a", -1) "," GOAL ("b", -1) "," GOAL ("c", -1) ","
    GOAL ("d", -2) "," GOAL ("e", -2) "]",
    "{\"a\": 2, \"b\": 1, \"c\": 0, \"d\": -2, \"e\": 1}",
    KV_GAS_SCORED, 56.030227, "56.03", 5, 5, 80.0 },

  /* Unweighted, 1 to 6 goals. */

  /* One goal: d = 0.7 + 0.3 = 1, so T = 50 + 10x.  x = 0 → 50. */
  { "/forms/gas/t-score/one-goal-expected",
    "[" GOAL ("a", -1) "]", "{\"a\": 0}",
    KV_GAS_SCORED, 50.0, NULL, 1, 1, 100.0 },
  /* x = +2 → 50 + 20 = 70. */
  { "/forms/gas/t-score/one-goal-much-more",
    "[" GOAL ("a", -2) "]", "{\"a\": 2}",
    KV_GAS_SCORED, 70.0, NULL, 1, 1, 100.0 },
  /* x = −2 → 50 − 20 = 30. */
  { "/forms/gas/t-score/one-goal-much-less",
    "[" GOAL ("a", -1) "]", "{\"a\": -2}",
    KV_GAS_SCORED, 30.0, NULL, 1, 1, 0.0 },
  /* Σwx = 1 − 1 = 0 → T = 50 exactly; 1 of 2 at or above = 50 %. */
  { "/forms/gas/t-score/two-goals-cancel",
    "[" GOAL ("a", -1) "," GOAL ("b", -1) "]", "{\"a\": 1, \"b\": -1}",
    KV_GAS_SCORED, 50.0, NULL, 2, 2, 50.0 },
  /* Σwx = 3, Σw = Σw² = 2, d = 1.4 + 1.2 = 2.6, √d = 1.612452,
   * T = 50 + 30/1.612452 = 68.605210. */
  { "/forms/gas/t-score/two-goals",
    "[" GOAL ("a", -1) "," GOAL ("b", -2) "]", "{\"a\": 2, \"b\": 1}",
    KV_GAS_SCORED, 68.605210, NULL, 2, 2, 100.0 },
  /* Σwx = 0 → 50. */
  { "/forms/gas/t-score/four-goals-expected",
    "[" GOAL ("a", -1) "," GOAL ("b", -1) "," GOAL ("c", -1) ","
    GOAL ("d", -1) "]",
    "{\"a\": 0, \"b\": 0, \"c\": 0, \"d\": 0}",
    KV_GAS_SCORED, 50.0, NULL, 4, 4, 100.0 },
  /* Σwx = 4, Σw = Σw² = 4, d = 2.8 + 4.8 = 7.6, √d = 2.756810,
   * T = 50 + 40/2.756810 = 64.509525. */
  { "/forms/gas/t-score/four-goals",
    "[" GOAL ("a", -1) "," GOAL ("b", -1) "," GOAL ("c", -2) ","
    GOAL ("d", -2) "]",
    "{\"a\": 1, \"b\": 1, \"c\": 1, \"d\": 1}",
    KV_GAS_SCORED, 64.509525, NULL, 4, 4, 100.0 },
  /* Every goal at −2: Σwx = −10, Σw = Σw² = 5, d = 3.5 + 7.5 = 11,
   * √d = 3.316625, T = 50 − 100/3.316625 = 19.848866; none at or above. */
  { "/forms/gas/t-score/five-goals-all-much-less",
    "[" GOAL ("a", -1) "," GOAL ("b", -1) "," GOAL ("c", -1) ","
    GOAL ("d", -1) "," GOAL ("e", -1) "]",
    "{\"a\": -2, \"b\": -2, \"c\": -2, \"d\": -2, \"e\": -2}",
    KV_GAS_SCORED, 19.848866, NULL, 5, 5, 0.0 },
  /* Σwx = 12, Σw = Σw² = 6, d = 4.2 + 10.8 = 15, √d = 3.872983,
   * T = 50 + 120/3.872983 = 80.983867. */
  { "/forms/gas/t-score/six-goals-all-much-more",
    "[" GOAL ("a", -1) "," GOAL ("b", -1) "," GOAL ("c", -1) ","
    GOAL ("d", -2) "," GOAL ("e", -2) "," GOAL ("f", -2) "]",
    "{\"a\": 2, \"b\": 2, \"c\": 2, \"d\": 2, \"e\": 2, \"f\": 2}",
    KV_GAS_SCORED, 80.983867, NULL, 6, 6, 100.0 },
  /* Σwx = −2−1+0+1+2−1 = −1, d = 15, T = 50 − 10/3.872983 = 47.418011.
   * 3 of 6 at or above = 50 %. */
  { "/forms/gas/t-score/six-goals-mixed",
    "[" GOAL ("a", -1) "," GOAL ("b", -1) "," GOAL ("c", -1) ","
    GOAL ("d", -2) "," GOAL ("e", -2) "," GOAL ("f", -2) "]",
    "{\"a\": -2, \"b\": -1, \"c\": 0, \"d\": 1, \"e\": 2, \"f\": -1}",
    KV_GAS_SCORED, 47.418011, NULL, 6, 6, 50.0 },

  /* Weighted (w = importance × difficulty). */

  /* w = 2·3 = 6, 1·1 = 1, 3·3 = 9; x = +1, 0, −1.
   * Σwx = 6 + 0 − 9 = −3, Σw = 16, Σw² = 36 + 1 + 81 = 118,
   * d = 0.7·118 + 0.3·256 = 82.6 + 76.8 = 159.4, √d = 12.625371,
   * T = 50 − 30/12.625371 = 47.623832.  (The formula with ρ and 1−ρ
   * swapped would give 47.952111, so this vector tells them apart.) */
  { "/forms/gas/t-score/weighted-three-goals",
    "[" WGOAL ("a", -1, 2, 3) "," WGOAL ("b", -1, 1, 1) ","
    WGOAL ("c", -2, 3, 3) "]",
    "{\"a\": 1, \"b\": 0, \"c\": -1}",
    KV_GAS_SCORED, 47.623832, NULL, 3, 3, 200.0 / 3.0 },
  /* Equal weights cancel out: w = 9, 9; x = +2, +2.  Σwx = 36, Σw = 18,
   * Σw² = 162, d = 113.4 + 97.2 = 210.6, √d = 14.512064,
   * T = 50 + 360/14.512064 = 74.806947, the same as unweighted (+2, +2):
   * 50 + 40/1.612452. */
  { "/forms/gas/t-score/weighted-equal-weights",
    "[" WGOAL ("a", -1, 3, 3) "," WGOAL ("b", -2, 3, 3) "]",
    "{\"a\": 2, \"b\": 2}",
    KV_GAS_SCORED, 74.806947, NULL, 2, 2, 100.0 },
  /* w = 1·2 = 2, 3·1 = 3; x = −1, +2.  Σwx = −2 + 6 = 4, Σw = 5,
   * Σw² = 4 + 9 = 13, d = 9.1 + 7.5 = 16.6, √d = 4.074310,
   * T = 50 + 40/4.074310 = 59.817614. */
  { "/forms/gas/t-score/weighted-two-goals",
    "[" WGOAL ("a", -1, 1, 2) "," WGOAL ("b", -2, 3, 1) "]",
    "{\"a\": -1, \"b\": 2}",
    KV_GAS_SCORED, 59.817614, NULL, 2, 2, 50.0 },
  /* w = 1·2 = 2, 2·2 = 4, 2·3 = 6; x = +2, +1, −1.
   * Σwx = 4 + 4 − 6 = 2, Σw = 12, Σw² = 4 + 16 + 36 = 56,
   * d = 39.2 + 43.2 = 82.4, √d = 9.077445, T = 50 + 20/9.077445 = 52.203263. */
  { "/forms/gas/t-score/weighted-three-goals-2",
    "[" WGOAL ("a", -1, 1, 2) "," WGOAL ("b", -1, 2, 2) ","
    WGOAL ("c", -2, 2, 3) "]",
    "{\"a\": 2, \"b\": 1, \"c\": -1}",
    KV_GAS_SCORED, 52.203263, NULL, 3, 3, 200.0 / 3.0 },
  /* Six goals with six different weights: w = 1, 2, 3, 4, 6, 9;
   * x = +2, +1, 0, −1, partial (−1), −2.
   * Σwx = 2 + 2 + 0 − 4 − 6 − 18 = −24, Σw = 25,
   * Σw² = 1 + 4 + 9 + 16 + 36 + 81 = 147, d = 102.9 + 187.5 = 290.4,
   * √d = 17.041127, T = 50 − 240/17.041127 = 35.916424.
   * At or above: +2, +1, 0 → 3 of 6 = 50 %. */
  { "/forms/gas/t-score/weighted-six-goals",
    "[" WGOAL ("a", -1, 1, 1) "," WGOAL ("b", -1, 1, 2) ","
    WGOAL ("c", -1, 1, 3) "," WGOAL ("d", -2, 2, 2) ","
    WGOAL ("e", -2, 2, 3) "," WGOAL ("f", -2, 3, 3) "]",
    "{\"a\": 2, \"b\": 1, \"c\": 0, \"d\": -1, \"e\": \"partial\", \"f\": -2}",
    KV_GAS_SCORED, 35.916424, NULL, 6, 6, 50.0 },

  /* "partial" is scored as −1 but is below the expected outcome. */

  /* Scored as (−1, 0, +1): Σwx = 0 → T = 50.  At or above: 0 and +1,
   * 2 of 3 = 66.7 %. */
  { "/forms/gas/partial-scores-as-minus-one",
    "[" GOAL ("a", -1) "," GOAL ("b", -1) "," GOAL ("c", -2) "]",
    "{\"a\": \"partial\", \"b\": 0, \"c\": 1}",
    KV_GAS_SCORED, 50.0, NULL, 3, 3, 200.0 / 3.0 },
  /* One goal, partial: T = 50 + 10·(−1) = 40, not 45 (which −0.5 would
   * give).  0 % at or above. */
  { "/forms/gas/partial-one-goal",
    "[" GOAL ("a", -2) "]", "{\"a\": \"partial\"}",
    KV_GAS_SCORED, 40.0, NULL, 1, 1, 0.0 },
  /* w = 2·3 = 6, 1·2 = 2; x = partial (−1), +2.  Σwx = −6 + 4 = −2,
   * Σw = 8, Σw² = 40, d = 28 + 19.2 = 47.2, √d = 6.870226,
   * T = 50 − 20/6.870226 = 47.088887. */
  { "/forms/gas/partial-weighted",
    "[" WGOAL ("a", -1, 2, 3) "," WGOAL ("b", -1, 1, 2) "]",
    "{\"a\": \"partial\", \"b\": 2}",
    KV_GAS_SCORED, 47.088887, NULL, 2, 2, 50.0 },

  /* Missing ratings are dropped, never imputed. */

  /* Only a, b, c of five rated (+2 each): T is that of three goals,
   * 77.386128 (as gasr reference 1).  Imputing the baselines (−1, −2)
   * for d and e would give Σwx = 3, d = 11, T = 59.045340 instead. */
  { "/forms/gas/missing-ratings-are-dropped",
    "[" GOAL ("a", -1) "," GOAL ("b", -1) "," GOAL ("c", -1) ","
    GOAL ("d", -1) "," GOAL ("e", -2) "]",
    "{\"a\": 2, \"b\": 2, \"c\": 2}",
    KV_GAS_SCORED, 77.386128, NULL, 3, 5, 100.0 },
  /* Rated: w = 1·3 = 3 with +1, w = 1·1 = 1 with −2; the 3·3 and 2·2
   * goals are not rated.  Σwx = 3 − 2 = 1, Σw = 4, Σw² = 10,
   * d = 7 + 4.8 = 11.8, √d = 3.435113, T = 50 + 10/3.435113 = 52.911113.
   * At or above: 1 of the 2 rated = 50 % (not 1 of 4 = 25 %). */
  { "/forms/gas/missing-ratings-weighted",
    "[" WGOAL ("a", -1, 1, 3) "," WGOAL ("b", -1, 3, 3) ","
    WGOAL ("c", -1, 1, 1) "," WGOAL ("d", -1, 2, 2) "]",
    "{\"a\": 1, \"c\": -2}",
    KV_GAS_SCORED, 52.911113, NULL, 2, 4, 50.0 },
  /* Nothing rated: no score, 0 of 3. */
  { "/forms/gas/missing-ratings-none-rated",
    "[" GOAL ("a", -1) "," GOAL ("b", -1) "," GOAL ("c", -1) "]",
    "{}",
    KV_GAS_NONE_RATED, 0.0, NULL, 0, 3, 0.0 },

  /* Zero weights. */

  /* Every rated goal weighs 0 (importance 0, difficulty 0): no score,
   * though both goals count as rated and are at or above expected. */
  { "/forms/gas/zero-weight/all",
    "[" WGOAL ("a", -1, 0, 2) "," WGOAL ("b", -1, 3, 0) "]",
    "{\"a\": 1, \"b\": 2}",
    KV_GAS_ZERO_WEIGHT, 0.0, NULL, 2, 2, 100.0 },
  /* Only the zero-weight goal is rated; the other goal weighs 9 but has
   * no rating, so there is still nothing to score. */
  { "/forms/gas/zero-weight/all-rated",
    "[" WGOAL ("a", -1, 0, 0) "," WGOAL ("b", -1, 3, 3) "]",
    "{\"a\": -1}",
    KV_GAS_ZERO_WEIGHT, 0.0, NULL, 1, 2, 0.0 },
  /* w = 0·3 = 0, 2·2 = 4, 2·2 = 4; x = +2, +1, +1.  The zero-weight
   * goal drops out of every sum: Σwx = 8, Σw = 8, Σw² = 32,
   * d = 22.4 + 19.2 = 41.6, √d = 6.449806, T = 50 + 80/6.449806 = 62.403473,
   * which equals unweighted (+1, +1): 50 + 20/1.612452.  It still counts
   * as rated: 3 of 3. */
  { "/forms/gas/zero-weight/some",
    "[" WGOAL ("a", -1, 0, 3) "," WGOAL ("b", -1, 2, 2) ","
    WGOAL ("c", -2, 2, 2) "]",
    "{\"a\": 2, \"b\": 1, \"c\": 1}",
    KV_GAS_SCORED, 62.403473, NULL, 3, 3, 100.0 },

  /* % at or above the expected outcome, of rated goals. */

  /* Ratings +2, 0, −1, partial: +2 and 0 count; partial does not.
   * 2 of 4 = 50 %.  T: Σwx = 2 + 0 − 1 − 1 = 0 → 50. */
  { "/forms/gas/pct-at-or-above-expected",
    "[" GOAL ("a", -1) "," GOAL ("b", -1) "," GOAL ("c", -1) ","
    GOAL ("d", -1) "]",
    "{\"a\": 2, \"b\": 0, \"c\": -1, \"d\": \"partial\"}",
    KV_GAS_SCORED, 50.0, NULL, 4, 4, 50.0 },
};

static void
test_review_vector (gconstpointer data)
{
  const ReviewVector *v = data;
  g_autoptr(KvGoalSet) set = forms_test_goal_set (v->goals);
  g_autoptr(JsonNode) ratings = forms_test_parse_json (v->ratings);
  g_autoptr(GError) error = NULL;
  KvGasScore score = { 0, };
  gboolean ok;

  ok = kv_gas_score_review (set, ratings, &score, &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  g_assert_cmpint (score.status, ==, v->status);
  g_assert_cmpuint (score.n_rated, ==, v->n_rated);
  g_assert_cmpuint (score.n_goals, ==, v->n_goals);
  g_assert_cmpfloat_with_epsilon (score.pct_at_or_above_expected, v->pct,
                                  1e-9);

  if (v->status == KV_GAS_SCORED)
    {
      g_assert_cmpfloat_with_epsilon (score.t, v->t, T_EPSILON);

      if (v->t_2dp != NULL)
        {
          g_autofree char *printed = g_strdup_printf ("%.2f", score.t);

          g_assert_cmpstr (printed, ==, v->t_2dp);
        }
    }
}

/* The bare formula. */

static void
test_t_score_formula (void)
{
  /* Weights 6, 1, 9 with ratings +1, 0, −1: 47.623832 (see the
   * weighted-three-goals vector for the arithmetic). */
  const double weights[] = { 6, 1, 9 };
  const double ratings[] = { 1, 0, -1 };
  const double zero_weights[] = { 0, 0 };
  const double unit_weights[] = { 1, 1, 1, 1, 1 };
  const double gasr[] = { 2, 1, 0, -2, 1 };
  double t;

  g_assert_true (kv_gas_t_score (weights, ratings, 3, &t));
  g_assert_cmpfloat_with_epsilon (t, 47.623832, T_EPSILON);

  /* gasr reference 3, unweighted: 56.030227 (see above). */
  g_assert_true (kv_gas_t_score (unit_weights, gasr, 5, &t));
  g_assert_cmpfloat_with_epsilon (t, 56.030227, T_EPSILON);

  /* No goals, or Σw = 0: no score, and @t is left alone. */
  t = 123.0;
  g_assert_false (kv_gas_t_score (NULL, NULL, 0, &t));
  g_assert_cmpfloat (t, ==, 123.0);
  g_assert_false (kv_gas_t_score (zero_weights, ratings, 2, &t));
  g_assert_cmpfloat (t, ==, 123.0);
}

/* Baselines. */

typedef struct
{
  const char *path;
  const char *goals;
  KvGasStatus status;
  double      t;
  guint       n_goals;
} BaselineVector;

/* Unweighted, m goals all at baseline b: Σwx = m·b, Σw = Σw² = m,
 * d = 0.7·m + 0.3·m², T = 50 + 10·m·b/√d. */
static const BaselineVector baseline_vectors[] = {
  /* m = 1: d = 1, T = 50 − 10 = 40. */
  { "/forms/gas/baseline/all-minus-one/1",
    "[" GOAL ("a", -1) "]", KV_GAS_SCORED, 40.0, 1 },
  /* m = 2: d = 1.4 + 1.2 = 2.6, √d = 1.612452, T = 50 − 20/1.612452
   * = 37.596527. */
  { "/forms/gas/baseline/all-minus-one/2",
    "[" GOAL ("a", -1) "," GOAL ("b", -1) "]", KV_GAS_SCORED, 37.596527, 2 },
  /* m = 3: d = 2.1 + 2.7 = 4.8, √d = 2.190890, T = 50 − 30/2.190890
   * = 36.306936. */
  { "/forms/gas/baseline/all-minus-one/3",
    "[" GOAL ("a", -1) "," GOAL ("b", -1) "," GOAL ("c", -1) "]",
    KV_GAS_SCORED, 36.306936, 3 },
  /* m = 4: d = 2.8 + 4.8 = 7.6, √d = 2.756810, T = 50 − 40/2.756810
   * = 35.490475. */
  { "/forms/gas/baseline/all-minus-one/4",
    "[" GOAL ("a", -1) "," GOAL ("b", -1) "," GOAL ("c", -1) ","
    GOAL ("d", -1) "]",
    KV_GAS_SCORED, 35.490475, 4 },
  /* m = 5: d = 3.5 + 7.5 = 11, √d = 3.316625, T = 50 − 50/3.316625
   * = 34.924433. */
  { "/forms/gas/baseline/all-minus-one/5",
    "[" GOAL ("a", -1) "," GOAL ("b", -1) "," GOAL ("c", -1) ","
    GOAL ("d", -1) "," GOAL ("e", -1) "]",
    KV_GAS_SCORED, 34.924433, 5 },
  /* m = 6: d = 4.2 + 10.8 = 15, √d = 3.872983, T = 50 − 60/3.872983
   * = 34.508067. */
  { "/forms/gas/baseline/all-minus-one/6",
    "[" GOAL ("a", -1) "," GOAL ("b", -1) "," GOAL ("c", -1) ","
    GOAL ("d", -1) "," GOAL ("e", -1) "," GOAL ("f", -1) "]",
    KV_GAS_SCORED, 34.508067, 6 },
  /* m = 1, b = −2: T = 50 − 20 = 30. */
  { "/forms/gas/baseline/all-minus-two/1",
    "[" GOAL ("a", -2) "]", KV_GAS_SCORED, 30.0, 1 },
  /* m = 2: T = 50 − 40/1.612452 = 25.193053. */
  { "/forms/gas/baseline/all-minus-two/2",
    "[" GOAL ("a", -2) "," GOAL ("b", -2) "]", KV_GAS_SCORED, 25.193053, 2 },
  /* m = 3: T = 50 − 60/2.190890 = 22.613872. */
  { "/forms/gas/baseline/all-minus-two/3",
    "[" GOAL ("a", -2) "," GOAL ("b", -2) "," GOAL ("c", -2) "]",
    KV_GAS_SCORED, 22.613872, 3 },
  /* m = 4: T = 50 − 80/2.756810 = 20.980950. */
  { "/forms/gas/baseline/all-minus-two/4",
    "[" GOAL ("a", -2) "," GOAL ("b", -2) "," GOAL ("c", -2) ","
    GOAL ("d", -2) "]",
    KV_GAS_SCORED, 20.980950, 4 },
  /* m = 5: T = 50 − 100/3.316625 = 19.848866. */
  { "/forms/gas/baseline/all-minus-two/5",
    "[" GOAL ("a", -2) "," GOAL ("b", -2) "," GOAL ("c", -2) ","
    GOAL ("d", -2) "," GOAL ("e", -2) "]",
    KV_GAS_SCORED, 19.848866, 5 },
  /* m = 6: T = 50 − 120/3.872983 = 19.016133. */
  { "/forms/gas/baseline/all-minus-two/6",
    "[" GOAL ("a", -2) "," GOAL ("b", -2) "," GOAL ("c", -2) ","
    GOAL ("d", -2) "," GOAL ("e", -2) "," GOAL ("f", -2) "]",
    KV_GAS_SCORED, 19.016133, 6 },
  /* Weighted, mixed baselines: w = 2·3 = 6 at −1, w = 1·1 = 1 at −2.
   * Σwx = −6 − 2 = −8, Σw = 7, Σw² = 37, d = 25.9 + 14.7 = 40.6,
   * √d = 6.371813, T = 50 − 80/6.371813 = 37.444704. */
  { "/forms/gas/baseline/weighted",
    "[" WGOAL ("a", -1, 2, 3) "," WGOAL ("b", -2, 1, 1) "]",
    KV_GAS_SCORED, 37.444704, 2 },
  /* Every goal weighs 0: no baseline T either. */
  { "/forms/gas/baseline/zero-weight",
    "[" WGOAL ("a", -1, 0, 3) "," WGOAL ("b", -2, 2, 0) "]",
    KV_GAS_ZERO_WEIGHT, 0.0, 2 },
};

static void
test_baseline_vector (gconstpointer data)
{
  const BaselineVector *v = data;
  g_autoptr(KvGoalSet) set = forms_test_goal_set (v->goals);
  KvGasScore score = { 0, };

  kv_gas_score_baseline (set, &score);

  g_assert_cmpint (score.status, ==, v->status);
  g_assert_cmpuint (score.n_goals, ==, v->n_goals);
  /* At baseline every goal has a value, and none is at or above 0. */
  g_assert_cmpuint (score.n_rated, ==, v->n_goals);
  g_assert_cmpfloat (score.pct_at_or_above_expected, ==, 0.0);

  if (v->status == KV_GAS_SCORED)
    g_assert_cmpfloat_with_epsilon (score.t, v->t, T_EPSILON);
}

/* Goal sets. */

static void
test_goal_set_accessors (void)
{
  g_autoptr(KvGoalSet) set = forms_test_goal_set (
    "[{\"id\": \"sleep\", \"text\": \"Sleep through the night\", "
    "  \"baseline\": -2, \"importance\": 3, \"difficulty\": 2, "
    "  \"levels\": {\"-2\": \"Awake most nights\", \"0\": \"Asleep by ten\", "
    "               \"2\": \"Asleep by nine\"}},"
    " {\"id\": \"school\", \"text\": \"Go to school three days a week\", "
    "  \"baseline\": -1}]");
  const KvGoal *sleep;
  const KvGoal *school;

  g_assert_cmpuint (kv_goal_set_get_n_goals (set), ==, 2);

  sleep = kv_goal_set_get_goal (set, 0);
  school = kv_goal_set_get_goal (set, 1);
  g_assert_true (kv_goal_set_lookup_goal (set, "sleep") == sleep);
  g_assert_true (kv_goal_set_lookup_goal (set, "school") == school);
  g_assert_null (kv_goal_set_lookup_goal (set, "Sleep"));
  g_assert_null (kv_goal_set_lookup_goal (set, ""));

  g_assert_cmpstr (kv_goal_get_id (sleep), ==, "sleep");
  g_assert_cmpstr (kv_goal_get_text (sleep), ==, "Sleep through the night");
  g_assert_cmpint (kv_goal_get_baseline (sleep), ==, -2);
  g_assert_true (kv_goal_is_weighted (sleep));
  g_assert_cmpint (kv_goal_get_importance (sleep), ==, 3);
  g_assert_cmpint (kv_goal_get_difficulty (sleep), ==, 2);
  g_assert_cmpfloat (kv_goal_get_weight (sleep), ==, 6.0);
  g_assert_cmpstr (kv_goal_get_level_text (sleep, -2), ==, "Awake most nights");
  g_assert_null (kv_goal_get_level_text (sleep, -1));
  g_assert_cmpstr (kv_goal_get_level_text (sleep, 0), ==, "Asleep by ten");
  g_assert_null (kv_goal_get_level_text (sleep, 1));
  g_assert_cmpstr (kv_goal_get_level_text (sleep, 2), ==, "Asleep by nine");

  g_assert_cmpstr (kv_goal_get_id (school), ==, "school");
  g_assert_cmpint (kv_goal_get_baseline (school), ==, -1);
  g_assert_false (kv_goal_is_weighted (school));
  g_assert_cmpfloat (kv_goal_get_weight (school), ==, 1.0);
  for (int level = -2; level <= 2; level++)
    g_assert_null (kv_goal_get_level_text (school, level));
}

static void
test_goal_set_weight_zero (void)
{
  g_autoptr(KvGoalSet) set = forms_test_goal_set (
    "[" WGOAL ("a", -1, 0, 3) "," WGOAL ("b", -1, 3, 3) "]");
  const KvGoal *zero = kv_goal_set_get_goal (set, 0);
  const KvGoal *nine = kv_goal_set_get_goal (set, 1);

  /* Importance 0 is a legitimate weight of 0, not "no weight" (which
   * would be 1). */
  g_assert_true (kv_goal_is_weighted (zero));
  g_assert_cmpfloat (kv_goal_get_weight (zero), ==, 0.0);
  g_assert_cmpfloat (kv_goal_get_weight (nine), ==, 9.0);
}

static void
test_goal_set_ref_counting (void)
{
  KvGoalSet *set = forms_test_goal_set ("[" GOAL ("a", -1) "]");
  KvGoalSet *ref = kv_goal_set_ref (set);
  const KvGoal *goal;

  g_assert_true (ref == set);
  kv_goal_set_unref (set);

  /* Still alive through the second reference. */
  goal = kv_goal_set_get_goal (ref, 0);
  g_assert_cmpstr (kv_goal_get_id (goal), ==, "a");
  kv_goal_set_unref (ref);
}

static void
test_goal_set_limits (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) goals = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(KvGoalSet) set = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  /* 64 characters of id and 300 characters of text (each "é" is two
   * bytes, so a byte count would refuse it), 6 goals: all at the limit. */
  id = g_strnfill (64, 'x');
  for (guint i = 0; i < 300; i++)
    g_string_append (text, "é");

  goals = g_string_new ("[");
  g_string_append_printf (goals,
                          "{\"id\": \"%s\", \"text\": \"%s\", "
                          " \"baseline\": -1, \"levels\": {\"1\": \"%s\"}}",
                          id, text->str, text->str);
  for (guint i = 1; i < KV_GAS_MAX_GOALS; i++)
    g_string_append_printf (goals, ", {\"id\": \"g%u\", \"text\": \"t\", "
                            "\"baseline\": -2}", i);
  g_string_append (goals, "]");

  node = forms_test_parse_json (goals->str);
  set = kv_goal_set_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_nonnull (set);
  g_assert_cmpuint (kv_goal_set_get_n_goals (set), ==, 6);
  g_assert_cmpstr (kv_goal_get_id (kv_goal_set_get_goal (set, 0)), ==, id);
  g_assert_cmpstr (kv_goal_get_text (kv_goal_set_get_goal (set, 0)), ==,
                   text->str);
}

typedef struct
{
  const char *path;
  const char *goals;
  const char *message;
} GoalSetError;

static const GoalSetError goal_set_errors[] = {
  { "/forms/gas/goal-set/error/not-an-array",
    "{\"id\": \"a\"}",
    "goals: expected an array of goals, got an object" },
  { "/forms/gas/goal-set/error/a-string",
    "\"a\"",
    "goals: expected an array of goals, got a string" },
  { "/forms/gas/goal-set/error/no-goals",
    "[]",
    "goals: a goal set needs at least one goal" },
  { "/forms/gas/goal-set/error/seven-goals",
    "[" GOAL ("a", -1) "," GOAL ("b", -1) "," GOAL ("c", -1) ","
    GOAL ("d", -1) "," GOAL ("e", -1) "," GOAL ("f", -1) ","
    GOAL ("g", -1) "]",
    "goals: 7 goals is more than the 6 allowed" },
  { "/forms/gas/goal-set/error/goal-not-an-object",
    "[1]",
    "goals[0]: expected a goal object, got the integer 1" },
  { "/forms/gas/goal-set/error/goal-null",
    "[" GOAL ("a", -1) ", null]",
    "goals[1]: expected a goal object, got null" },
  { "/forms/gas/goal-set/error/unknown-key",
    "[{\"id\": \"a\", \"text\": \"t\", \"baseline\": -1, \"weight\": 2}]",
    "goals[0]: unknown key 'weight' (a goal has id, text, baseline, "
    "importance, difficulty and levels)" },
  { "/forms/gas/goal-set/error/unknown-key-escaped",
    "[{\"id\": \"a\", \"text\": \"t\", \"baseline\": -1, \"x\\ny\": 2}]",
    "goals[0]: unknown key (not an id) (a goal has id, text, baseline, "
    "importance, difficulty and levels)" },
  { "/forms/gas/goal-set/error/id-not-an-id",
    "[{\"id\": \"Goal One\", \"text\": \"t\", \"baseline\": -1}]",
    "goals[0].id: use lower-case letters, digits and '-' only" },
  { "/forms/gas/goal-set/error/id-missing",
    "[{\"text\": \"t\", \"baseline\": -1}]",
    "goals[0].id: missing" },
  { "/forms/gas/goal-set/error/id-not-a-string",
    "[{\"id\": 1, \"text\": \"t\", \"baseline\": -1}]",
    "goals[0].id: expected a string, got the integer 1" },
  { "/forms/gas/goal-set/error/id-empty",
    "[{\"id\": \"\", \"text\": \"t\", \"baseline\": -1}]",
    "goals[0].id: is empty" },
  { "/forms/gas/goal-set/error/id-blank",
    "[{\"id\": \" \\t\", \"text\": \"t\", \"baseline\": -1}]",
    "goals[0].id: is only spaces" },
  { "/forms/gas/goal-set/error/id-too-long",
    "[{\"id\": \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\", \"text\": \"t\", \"baseline\": -1}]",
    "goals[0].id: 65 characters is more than the 64 allowed" },
  { "/forms/gas/goal-set/error/id-used-twice",
    "[" GOAL ("g1", -1) "," GOAL ("g1", -2) "]",
    "goals[1].id: 'g1' is used twice" },
  { "/forms/gas/goal-set/error/id-used-twice-later",
    "[" GOAL ("g1", -1) "," GOAL ("g2", -2) "," GOAL ("g2", -2) "]",
    "goals[2].id: 'g2' is used twice" },
  { "/forms/gas/goal-set/error/text-missing",
    "[{\"id\": \"a\", \"baseline\": -1}]",
    "goals[0].text: missing" },
  { "/forms/gas/goal-set/error/text-not-a-string",
    "[{\"id\": \"a\", \"text\": true, \"baseline\": -1}]",
    "goals[0].text: expected a string, got true" },
  { "/forms/gas/goal-set/error/text-empty",
    "[{\"id\": \"a\", \"text\": \"\", \"baseline\": -1}]",
    "goals[0].text: is empty" },
  { "/forms/gas/goal-set/error/text-blank",
    "[{\"id\": \"a\", \"text\": \"\\u00a0 \\n\", \"baseline\": -1}]",
    "goals[0].text: is only spaces" },
  { "/forms/gas/goal-set/error/baseline-missing",
    "[{\"id\": \"a\", \"text\": \"t\"}]",
    "goals[0].baseline: missing" },
  { "/forms/gas/goal-set/error/baseline-zero",
    "[{\"id\": \"a\", \"text\": \"t\", \"baseline\": 0}]",
    "goals[0].baseline: 0 is not a baseline (-1 if there is some ability "
    "already, -2 if none)" },
  { "/forms/gas/goal-set/error/baseline-minus-three",
    "[{\"id\": \"a\", \"text\": \"t\", \"baseline\": -3}]",
    "goals[0].baseline: -3 is not a baseline (-1 if there is some ability "
    "already, -2 if none)" },
  { "/forms/gas/goal-set/error/baseline-plus-one",
    "[" GOAL ("a", -1) ", {\"id\": \"b\", \"text\": \"t\", \"baseline\": 1}]",
    "goals[1].baseline: 1 is not a baseline (-1 if there is some ability "
    "already, -2 if none)" },
  { "/forms/gas/goal-set/error/baseline-decimal",
    "[{\"id\": \"a\", \"text\": \"t\", \"baseline\": -1.5}]",
    "goals[0].baseline: expected -1 or -2, got the decimal -1.5" },
  { "/forms/gas/goal-set/error/baseline-whole-decimal",
    "[{\"id\": \"a\", \"text\": \"t\", \"baseline\": -1.0}]",
    "goals[0].baseline: expected -1 or -2, got the decimal -1.0" },
  { "/forms/gas/goal-set/error/baseline-string",
    "[{\"id\": \"a\", \"text\": \"t\", \"baseline\": \"-1\"}]",
    "goals[0].baseline: expected -1 or -2, got a string" },
  { "/forms/gas/goal-set/error/baseline-null",
    "[{\"id\": \"a\", \"text\": \"t\", \"baseline\": null}]",
    "goals[0].baseline: expected -1 or -2, got null" },
  { "/forms/gas/goal-set/error/importance-too-big",
    "[" GOAL ("a", -1) "," GOAL ("b", -1) ","
    "{\"id\": \"c\", \"text\": \"t\", \"baseline\": -1, \"importance\": 4, "
    "\"difficulty\": 1}]",
    "goals[2].importance: 4 is outside 0…3" },
  { "/forms/gas/goal-set/error/importance-negative",
    "[" WGOAL ("a", -1, -1, 2) "]",
    "goals[0].importance: -1 is outside 0…3" },
  { "/forms/gas/goal-set/error/difficulty-too-big",
    "[" WGOAL ("a", -1, 2, 7) "]",
    "goals[0].difficulty: 7 is outside 0…3" },
  { "/forms/gas/goal-set/error/importance-decimal",
    "[" WGOAL ("a", -1, 1.5, 2) "]",
    "goals[0].importance: expected an integer 0…3, got the decimal 1.5" },
  { "/forms/gas/goal-set/error/importance-boolean",
    "[" WGOAL ("a", -1, true, 2) "]",
    "goals[0].importance: expected an integer 0…3, got true" },
  { "/forms/gas/goal-set/error/difficulty-string",
    "[" WGOAL ("a", -1, 2, "2") "]",
    "goals[0].difficulty: expected an integer 0…3, got a string" },
  { "/forms/gas/goal-set/error/importance-null",
    "[" WGOAL ("a", -1, null, 2) "]",
    "goals[0].importance: expected an integer 0…3, got null" },
  { "/forms/gas/goal-set/error/importance-without-difficulty",
    "[{\"id\": \"a\", \"text\": \"t\", \"baseline\": -1, \"importance\": 2}]",
    "goals[0].difficulty: missing; importance and difficulty come together "
    "or not at all" },
  { "/forms/gas/goal-set/error/difficulty-without-importance",
    "[{\"id\": \"a\", \"text\": \"t\", \"baseline\": -1, \"difficulty\": 0}]",
    "goals[0].importance: missing; importance and difficulty come together "
    "or not at all" },
  { "/forms/gas/goal-set/error/levels-not-an-object",
    "[{\"id\": \"a\", \"text\": \"t\", \"baseline\": -1, \"levels\": []}]",
    "goals[0].levels: expected an object of level → description, got an "
    "array" },
  { "/forms/gas/goal-set/error/levels-unknown-level",
    "[{\"id\": \"a\", \"text\": \"t\", \"baseline\": -1, "
    "\"levels\": {\"0\": \"ok\", \"3\": \"too far\"}}]",
    "goals[0].levels['3']: not a level (the levels are \"-2\", \"-1\", "
    "\"0\", \"1\" and \"2\")" },
  { "/forms/gas/goal-set/error/levels-minus-three",
    "[{\"id\": \"a\", \"text\": \"t\", \"baseline\": -1, "
    "\"levels\": {\"-3\": \"never\"}}]",
    "goals[0].levels['-3']: not a level (the levels are \"-2\", \"-1\", "
    "\"0\", \"1\" and \"2\")" },
  { "/forms/gas/goal-set/error/levels-plus-sign",
    "[{\"id\": \"a\", \"text\": \"t\", \"baseline\": -1, "
    "\"levels\": {\"+1\": \"more\"}}]",
    "goals[0].levels['+1']: not a level (the levels are \"-2\", \"-1\", "
    "\"0\", \"1\" and \"2\")" },
  { "/forms/gas/goal-set/error/levels-not-a-string",
    "[{\"id\": \"a\", \"text\": \"t\", \"baseline\": -1, "
    "\"levels\": {\"1\": 5}}]",
    "goals[0].levels['1']: expected a string, got the integer 5" },
  { "/forms/gas/goal-set/error/levels-empty",
    "[{\"id\": \"a\", \"text\": \"t\", \"baseline\": -1, "
    "\"levels\": {\"0\": \"\"}}]",
    "goals[0].levels['0']: is empty" },
};

static void
test_goal_set_error (gconstpointer data)
{
  const GoalSetError *v = data;
  g_autoptr(JsonNode) node = forms_test_parse_json (v->goals);
  g_autoptr(GError) error = NULL;
  g_autoptr(KvGoalSet) set = NULL;

  set = kv_goal_set_new_from_json (node, &error);
  g_assert_null (set);
  g_assert_error (error, KV_FORM_ERROR, KV_FORM_ERROR_GOALS);
  g_assert_cmpstr (error->message, ==, v->message);
}

/* Texts one character over the limit: built here, since 301 characters do
 * not fit in a table. */
static void
test_goal_set_error_text_too_long (void)
{
  g_autofree char *text = g_strnfill (301, 'a');
  g_autofree char *level = g_strnfill (301, 'b');
  g_autofree char *json1 = NULL;
  g_autofree char *json2 = NULL;
  g_autoptr(JsonNode) node1 = NULL;
  g_autoptr(JsonNode) node2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KvGoalSet) set = NULL;

  json1 = g_strdup_printf ("[{\"id\": \"a\", \"text\": \"%s\", "
                           "\"baseline\": -1}]", text);
  node1 = forms_test_parse_json (json1);
  set = kv_goal_set_new_from_json (node1, &error);
  g_assert_null (set);
  g_assert_error (error, KV_FORM_ERROR, KV_FORM_ERROR_GOALS);
  g_assert_cmpstr (error->message, ==,
                   "goals[0].text: 301 characters is more than the 300 "
                   "allowed");
  g_clear_error (&error);

  json2 = g_strdup_printf ("[{\"id\": \"a\", \"text\": \"t\", "
                           "\"baseline\": -1, \"levels\": {\"2\": \"%s\"}}]",
                           level);
  node2 = forms_test_parse_json (json2);
  set = kv_goal_set_new_from_json (node2, &error);
  g_assert_null (set);
  g_assert_error (error, KV_FORM_ERROR, KV_FORM_ERROR_GOALS);
  g_assert_cmpstr (error->message, ==,
                   "goals[0].levels['2']: 301 characters is more than the "
                   "300 allowed");
}

/* An echoed key is cut short, so that a hostile key cannot make the
 * error as long as itself. */
static void
test_goal_set_error_long_key (void)
{
  g_autofree char *key = g_strnfill (10000, 'k');
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KvGoalSet) set = NULL;

  json = g_strdup_printf ("[{\"id\": \"a\", \"text\": \"t\", \"baseline\": -1, "
                          "\"%s\": 1}]", key);
  node = forms_test_parse_json (json);
  set = kv_goal_set_new_from_json (node, &error);
  g_assert_null (set);
  g_assert_error (error, KV_FORM_ERROR, KV_FORM_ERROR_GOALS);
  /* A key too long to be an id is not repeated at all. */
  g_assert_true (g_str_has_prefix (error->message,
                                   "goals[0]: unknown key (not an id)"));
  g_assert_null (strstr (error->message, "kkk"));
  g_assert_cmpuint (strlen (error->message), <, 300);
}

/* Ratings. */

static void
test_rating_valid (void)
{
  static const struct
  {
    const char *json;
    double      scored;
  } valid[] = {
    { "-2", -2.0 },
    { "-1", -1.0 },
    { "0", 0.0 },
    { "1", 1.0 },
    { "2", 2.0 },
    { "\"partial\"", -1.0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(JsonNode) node = forms_test_parse_json (valid[i].json);
      g_autoptr(GError) error = NULL;
      double scored = 99.0;

      g_test_message ("rating %s", valid[i].json);
      g_assert_true (kv_gas_parse_rating (node, &scored, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat (scored, ==, valid[i].scored);
    }
}

typedef struct
{
  const char *path;
  const char *json;
  const char *message;
} RatingError;

static const RatingError rating_errors[] = {
  { "/forms/gas/rating/error/minus-three", "-3", "-3 is outside -2…2" },
  { "/forms/gas/rating/error/plus-three", "3", "3 is outside -2…2" },
  { "/forms/gas/rating/error/decimal", "1.5",
    "expected an integer -2…2 or \"partial\", got the decimal 1.5" },
  { "/forms/gas/rating/error/whole-decimal", "2.0",
    "expected an integer -2…2 or \"partial\", got the decimal 2.0" },
  { "/forms/gas/rating/error/minus-a-half", "-0.5",
    "expected an integer -2…2 or \"partial\", got the decimal -0.5 "
    "(a partial achievement is recorded as \"partial\")" },
  { "/forms/gas/rating/error/number-as-string", "\"1\"",
    "expected an integer -2…2 or \"partial\", got a string other than "
    "\"partial\"" },
  { "/forms/gas/rating/error/partial-capitalised", "\"Partial\"",
    "expected an integer -2…2 or \"partial\", got a string other than "
    "\"partial\"" },
  { "/forms/gas/rating/error/null", "null",
    "expected an integer -2…2 or \"partial\", got null" },
  { "/forms/gas/rating/error/true", "true",
    "expected an integer -2…2 or \"partial\", got true" },
  { "/forms/gas/rating/error/array", "[1]",
    "expected an integer -2…2 or \"partial\", got an array" },
  { "/forms/gas/rating/error/object", "{\"level\": 1}",
    "expected an integer -2…2 or \"partial\", got an object" },
};

static void
test_rating_error (gconstpointer data)
{
  const RatingError *v = data;
  g_autoptr(JsonNode) node = forms_test_parse_json (v->json);
  g_autoptr(GError) error = NULL;
  double scored = 99.0;

  g_assert_false (kv_gas_parse_rating (node, &scored, &error));
  g_assert_error (error, KV_FORM_ERROR, KV_FORM_ERROR_GOALS);
  g_assert_cmpstr (error->message, ==, v->message);
  /* Nothing is scored from an invalid rating. */
  g_assert_cmpfloat (scored, ==, 99.0);
}

/* Review errors. */

typedef struct
{
  const char *path;
  const char *ratings;
  const char *message;
} ReviewError;

static const ReviewError review_errors[] = {
  { "/forms/gas/review/error/not-an-object",
    "[1, 2]",
    "ratings: expected an object of goal id → rating, got an array" },
  { "/forms/gas/review/error/unknown-goal",
    "{\"g1\": 1, \"g9\": 2}",
    "ratings['g9']: not a goal of this goal set" },
  { "/forms/gas/review/error/goal-id-is-case-sensitive",
    "{\"G1\": 1}",
    "ratings[(not an id)]: not a goal of this goal set" },
  { "/forms/gas/review/error/invalid-rating-names-goal",
    "{\"g1\": 1, \"g2\": 3}",
    "ratings['g2']: 3 is outside -2…2" },
  { "/forms/gas/review/error/minus-three",
    "{\"g1\": -3}",
    "ratings['g1']: -3 is outside -2…2" },
  { "/forms/gas/review/error/null-is-not-missing",
    "{\"g1\": null, \"g2\": 0}",
    "ratings['g1']: expected an integer -2…2 or \"partial\", got null" },
  { "/forms/gas/review/error/decimal",
    "{\"g2\": 1.5}",
    "ratings['g2']: expected an integer -2…2 or \"partial\", got the "
    "decimal 1.5" },
};

static void
test_review_error (gconstpointer data)
{
  const ReviewError *v = data;
  g_autoptr(KvGoalSet) set = forms_test_goal_set (
    "[" GOAL ("g1", -1) "," GOAL ("g2", -2) "]");
  g_autoptr(JsonNode) ratings = forms_test_parse_json (v->ratings);
  g_autoptr(GError) error = NULL;
  KvGasScore score = { 0, };

  g_assert_false (kv_gas_score_review (set, ratings, &score, &error));
  g_assert_error (error, KV_FORM_ERROR, KV_FORM_ERROR_GOALS);
  g_assert_cmpstr (error->message, ==, v->message);
}

static void
test_status_to_string (void)
{
  const KvGasStatus unscored[] = {
    KV_GAS_NO_GOALS, KV_GAS_NONE_RATED, KV_GAS_ZERO_WEIGHT,
  };

  /* Each reason is its own, so that a report can say why there is no T. */
  for (guint i = 0; i < G_N_ELEMENTS (unscored); i++)
    {
      const char *reason = kv_gas_status_to_string (unscored[i]);

      g_assert_nonnull (reason);
      g_assert_cmpstr (reason, !=, "");
      for (guint j = 0; j < i; j++)
        g_assert_cmpstr (reason, !=, kv_gas_status_to_string (unscored[j]));
    }

  g_assert_nonnull (strstr (kv_gas_status_to_string (KV_GAS_ZERO_WEIGHT),
                            "weight 0"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (review_vectors); i++)
    g_test_add_data_func (review_vectors[i].path, &review_vectors[i],
                          test_review_vector);
  g_test_add_func ("/forms/gas/t-score/formula", test_t_score_formula);

  for (guint i = 0; i < G_N_ELEMENTS (baseline_vectors); i++)
    g_test_add_data_func (baseline_vectors[i].path, &baseline_vectors[i],
                          test_baseline_vector);

  g_test_add_func ("/forms/gas/goal-set/accessors", test_goal_set_accessors);
  g_test_add_func ("/forms/gas/goal-set/weight-zero",
                   test_goal_set_weight_zero);
  g_test_add_func ("/forms/gas/goal-set/ref-counting",
                   test_goal_set_ref_counting);
  g_test_add_func ("/forms/gas/goal-set/limits", test_goal_set_limits);
  for (guint i = 0; i < G_N_ELEMENTS (goal_set_errors); i++)
    g_test_add_data_func (goal_set_errors[i].path, &goal_set_errors[i],
                          test_goal_set_error);
  g_test_add_func ("/forms/gas/goal-set/error/text-too-long",
                   test_goal_set_error_text_too_long);
  g_test_add_func ("/forms/gas/goal-set/error/long-key-is-cut",
                   test_goal_set_error_long_key);

  g_test_add_func ("/forms/gas/rating/valid", test_rating_valid);
  for (guint i = 0; i < G_N_ELEMENTS (rating_errors); i++)
    g_test_add_data_func (rating_errors[i].path, &rating_errors[i],
                          test_rating_error);

  for (guint i = 0; i < G_N_ELEMENTS (review_errors); i++)
    g_test_add_data_func (review_errors[i].path, &review_errors[i],
                          test_review_error);

  g_test_add_func ("/forms/gas/status-to-string", test_status_to_string);

  return g_test_run ();
}
