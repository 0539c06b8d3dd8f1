/* kv-gas.h — Goal Attainment Scaling: goal sets and T-scores.
 *
 * Rules are docs/domain.md §1: five levels −2…+2, "partial" stored as
 * recorded and scored as −1 (Turner-Stokes & Williams 2010), weights importance ×
 * difficulty (0…9, 1 when absent), and the Kiresuk & Sherman (1968)
 * T-score with ρ = 0.3 as corrected in the erratum to Turner-Stokes (2009).
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define KV_GAS_RHO 0.3

typedef struct _KvGoalSet KvGoalSet;
typedef struct _KvGoal    KvGoal;

typedef enum
{
  KV_GAS_SCORED,
  KV_GAS_NO_GOALS,        /* the goal set is empty */
  KV_GAS_NONE_RATED,      /* no goal of the set has a rating */
  KV_GAS_ZERO_WEIGHT,     /* every rated goal weighs 0 */
} KvGasStatus;

typedef struct
{
  KvGasStatus status;
  double      t;            /* valid only when status == KV_GAS_SCORED */
  guint       n_rated;      /* k of … */
  guint       n_goals;      /* … n goals rated */
  double      pct_at_or_above_expected; /* of rated goals, 0…100 */
} KvGasScore;

/* Parses a goal list answer (an array of goal objects, see
 * docs/form-format.md "Answers") and checks every rule of it.  Problems are
 * named by their place, e.g. "goals[2].importance". */
KvGoalSet    *kv_goal_set_new_from_json   (JsonNode        *goals,
                                           GError         **error);
KvGoalSet    *kv_goal_set_ref             (KvGoalSet       *set);
void          kv_goal_set_unref           (KvGoalSet       *set);
guint         kv_goal_set_get_n_goals     (const KvGoalSet *set);
const KvGoal *kv_goal_set_get_goal        (const KvGoalSet *set,
                                           guint            index);
const KvGoal *kv_goal_set_lookup_goal     (const KvGoalSet *set,
                                           const char      *id);

const char   *kv_goal_get_id              (const KvGoal    *goal);
const char   *kv_goal_get_text            (const KvGoal    *goal);
int           kv_goal_get_baseline        (const KvGoal    *goal);
gboolean      kv_goal_is_weighted         (const KvGoal    *goal);
int           kv_goal_get_importance      (const KvGoal    *goal);
int           kv_goal_get_difficulty      (const KvGoal    *goal);
/* importance × difficulty, or 1 for an unweighted goal. */
double        kv_goal_get_weight          (const KvGoal    *goal);
/* The family's description of @level (−2…2), or NULL. */
const char   *kv_goal_get_level_text      (const KvGoal    *goal,
                                           int              level);

/* The bare formula.  Returns FALSE (and leaves @t alone) when n is 0 or
 * Σw is 0. */
gboolean      kv_gas_t_score              (const double    *weights,
                                           const double    *ratings,
                                           guint            n,
                                           double          *t);

/* Reads one rating: an integer −2…2 or the string "partial".
 * @scored gets the value used in scores ("partial" → −1). */
gboolean      kv_gas_parse_rating         (JsonNode        *node,
                                           double          *scored,
                                           GError         **error);

/* Baseline T of a goal set: every goal at its baseline. */
void          kv_gas_score_baseline       (const KvGoalSet *set,
                                           KvGasScore      *score);
/* T of a review: @ratings is an object goal id → rating.  Goals without a
 * rating are dropped (never imputed); a rating of a goal the set does not
 * have, or an invalid rating, is an error. */
gboolean      kv_gas_score_review         (const KvGoalSet *set,
                                           JsonNode        *ratings,
                                           KvGasScore      *score,
                                           GError         **error);
/* A short English reason for a status other than KV_GAS_SCORED. */
const char   *kv_gas_status_to_string     (KvGasStatus      status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvGoalSet, kv_goal_set_unref)

G_END_DECLS
