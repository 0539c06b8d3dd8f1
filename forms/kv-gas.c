/* kv-gas.c — Goal Attainment Scaling: goal sets and T-scores.
 *
 * The rules are those of docs/domain.md §1:
 *
 * - Each goal is rated on five levels, −2…+2.  A review may record
 *   "partial" (partially achieved); it is stored as recorded and scored
 *   as −1, following Turner-Stokes L & Williams H (2010), "Goal attainment
 *   scaling: a direct comparison of alternative rating methods", Clinical
 *   Rehabilitation 24(1):66–73.  −3 is never a valid level.
 * - Each goal has a baseline of −1 (some ability already) or −2 (none).
 * - A goal may be weighted by importance (0–3) × difficulty (0–3); a goal
 *   without them weighs 1.
 * - T = 50 + 10·Σwᵢxᵢ / √((1−ρ)·Σwᵢ² + ρ·(Σwᵢ)²) with ρ = 0.3, from
 *   Kiresuk TJ & Sherman RE (1968), "Goal attainment scaling: a general
 *   method for evaluating comprehensive community mental health programs",
 *   Community Mental Health Journal 4(6):443–453, in the form given by the
 *   erratum to Turner-Stokes L (2009), "Goal attainment scaling (GAS) in
 *   rehabilitation: a practical guide", Clinical Rehabilitation 23(4):362–370.
 * - Missing ratings are dropped and reported as "k of n goals rated"; they
 *   are never imputed.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "kv-form.h"
#include "kv-gas.h"
#include "kv-echo.h"

/* docs/form-format.md "Answers" and docs/domain.md §1: the limits of a goal's
 * parts. */
#define KV_GOAL_ID_MAX_CHARS    64
#define KV_GOAL_TEXT_MAX_CHARS  300

#define KV_GAS_MIN_LEVEL  (-2)
#define KV_GAS_MAX_LEVEL  2
#define KV_GAS_N_LEVELS   (KV_GAS_MAX_LEVEL - KV_GAS_MIN_LEVEL + 1)

/* Importance and difficulty are each rated 0…3 (docs/domain.md §1). */
#define KV_GOAL_MIN_FACTOR 0
#define KV_GOAL_MAX_FACTOR 3

struct _KvGoal
{
  char     *id;
  char     *text;
  int       baseline;
  gboolean  weighted;
  int       importance;
  int       difficulty;
  /* Indexed by level − KV_GAS_MIN_LEVEL; NULL when the family gave none. */
  char     *level_text[KV_GAS_N_LEVELS];
};

struct _KvGoalSet
{
  guint  n_goals;
  KvGoal goals[KV_GAS_MAX_GOALS];
};

static const char * const goal_keys[] = {
  "id", "text", "baseline", "importance", "difficulty", "levels",
};

static const char * const level_keys[KV_GAS_N_LEVELS] = {
  "-2", "-1", "0", "1", "2",
};

/* Helpers for error messages. */

/* Formats a JSON decimal so that it reads as a decimal: 1.5, 2.0, 1e+30. */
static char *
format_decimal (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_dtostr (buf, sizeof buf, value);
  if (strpbrk (buf, ".eEn") == NULL)
    return g_strconcat (buf, ".0", NULL);

  return g_strdup (buf);
}

/* Says what a JSON value is, for "expected …, got …" messages.  The
 * content of strings is deliberately not echoed: a goal's text is the
 * family's own words and must not end up in a log. */
static char *
describe_node (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return g_strdup ("an object");
    case JSON_NODE_ARRAY:
      return g_strdup ("an array");
    case JSON_NODE_NULL:
      return g_strdup ("null");
    case JSON_NODE_VALUE:
    default:
      break;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return g_strdup_printf ("the integer %" G_GINT64_FORMAT,
                              json_node_get_int (node));
    case G_TYPE_DOUBLE:
      {
        g_autofree char *d = format_decimal (json_node_get_double (node));

        return g_strdup_printf ("the decimal %s", d);
      }
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    case G_TYPE_STRING:
      return g_strdup ("a string");
    default:
      return g_strdup ("a value of an unknown kind");
    }
}

static gboolean
node_is_integer (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_INT64;
}

static gboolean
node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
is_blank (const char *s)
{
  for (; *s != '\0'; s = g_utf8_next_char (s))
    if (!g_unichar_isspace (g_utf8_get_char (s)))
      return FALSE;

  return TRUE;
}

/* Reads the integer member @key of @goal, which must lie in min…max. */
static gboolean
read_factor (JsonObject  *goal,
             guint        index,
             const char  *key,
             int         *out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (goal, key);
  gint64 value;

  if (!node_is_integer (node))
    {
      g_autofree char *got = describe_node (node);

      g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_GOALS,
                   "goals[%u].%s: expected an integer %d…%d, got %s",
                   index, key, KV_GOAL_MIN_FACTOR, KV_GOAL_MAX_FACTOR, got);
      return FALSE;
    }

  value = json_node_get_int (node);
  if (value < KV_GOAL_MIN_FACTOR || value > KV_GOAL_MAX_FACTOR)
    {
      g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_GOALS,
                   "goals[%u].%s: %" G_GINT64_FORMAT " is outside %d…%d",
                   index, key, value, KV_GOAL_MIN_FACTOR, KV_GOAL_MAX_FACTOR);
      return FALSE;
    }

  *out = (int) value;
  return TRUE;
}

/* Reads a string that must be valid UTF-8, not blank and at most
 * @max_chars characters long.  @place names it in errors. */
static char *
read_words (JsonNode    *node,
            const char  *place,
            guint        max_chars,
            GError     **error)
{
  const char *s;
  glong n_chars;

  if (!node_is_string (node))
    {
      g_autofree char *got = describe_node (node);

      g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_GOALS,
                   "%s: expected a string, got %s", place, got);
      return NULL;
    }

  s = json_node_get_string (node);
  if (!g_utf8_validate (s, -1, NULL))
    {
      g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_GOALS,
                   "%s: is not valid UTF-8", place);
      return NULL;
    }

  if (is_blank (s))
    {
      g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_GOALS,
                   "%s: %s", place,
                   *s == '\0' ? "is empty" : "is only spaces");
      return NULL;
    }

  /* Limits are in characters, not bytes, so that a goal in a language
   * written with multi-byte characters gets as much room as one in English. */
  n_chars = g_utf8_strlen (s, -1);
  if ((gulong) n_chars > max_chars)
    {
      g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_GOALS,
                   "%s: %ld characters is more than the %u allowed",
                   place, n_chars, max_chars);
      return NULL;
    }

  return g_strdup (s);
}

/* Goal sets. */

static void
kv_goal_clear (KvGoal *goal)
{
  g_clear_pointer (&goal->id, g_free);
  g_clear_pointer (&goal->text, g_free);
  for (guint i = 0; i < KV_GAS_N_LEVELS; i++)
    g_clear_pointer (&goal->level_text[i], g_free);
}

static void
kv_goal_set_clear (KvGoalSet *set)
{
  for (guint i = 0; i < set->n_goals; i++)
    kv_goal_clear (&set->goals[i]);
}

static gboolean
read_levels (JsonNode    *node,
             guint        index,
             KvGoal      *goal,
             GError     **error)
{
  JsonObject *levels;
  g_autoptr(GList) members = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *got = describe_node (node);

      g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_GOALS,
                   "goals[%u].levels: expected an object of level → "
                   "description, got %s", index, got);
      return FALSE;
    }

  levels = json_node_get_object (node);
  members = json_object_get_members (levels);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      g_autofree char *place = NULL;
      guint level;

      for (level = 0; level < KV_GAS_N_LEVELS; level++)
        if (g_str_equal (key, level_keys[level]))
          break;

      if (level == KV_GAS_N_LEVELS)
        {
          g_autofree char *echo = kv_echo_quote (key, "(not an id)");

          g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_GOALS,
                       "goals[%u].levels[%s]: not a level (the levels are "
                       "\"-2\", \"-1\", \"0\", \"1\" and \"2\")",
                       index, echo);
          return FALSE;
        }

      place = g_strdup_printf ("goals[%u].levels['%s']", index, key);
      goal->level_text[level] =
        read_words (json_object_get_member (levels, key), place,
                    KV_GOAL_TEXT_MAX_CHARS, error);
      if (goal->level_text[level] == NULL)
        return FALSE;
    }

  return TRUE;
}

static gboolean
read_goal (KvGoalSet   *set,
           JsonNode    *node,
           guint        index,
           GError     **error)
{
  KvGoal *goal = &set->goals[index];
  JsonObject *object;
  JsonNode *member;
  g_autoptr(GList) members = NULL;
  g_autofree char *place = NULL;
  gboolean has_importance;
  gboolean has_difficulty;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *got = describe_node (node);

      g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_GOALS,
                   "goals[%u]: expected a goal object, got %s", index, got);
      return FALSE;
    }

  object = json_node_get_object (node);

  /* Unknown keys are refused rather than ignored: a misspelt "importance"
   * would otherwise silently make a weighted goal weigh 1. */
  members = json_object_get_members (object);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      gboolean known = FALSE;

      for (guint k = 0; k < G_N_ELEMENTS (goal_keys); k++)
        known = known || g_str_equal (key, goal_keys[k]);

      if (!known)
        {
          g_autofree char *echo = kv_echo_quote (key, "(not an id)");

          g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_GOALS,
                       "goals[%u]: unknown key %s (a goal has id, text, "
                       "baseline, importance, difficulty and levels)",
                       index, echo);
          return FALSE;
        }
    }

  /* The id. */
  member = json_object_get_member (object, "id");
  if (member == NULL)
    {
      g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_GOALS,
                   "goals[%u].id: missing", index);
      return FALSE;
    }

  place = g_strdup_printf ("goals[%u].id", index);
  goal->id = read_words (member, place, KV_GOAL_ID_MAX_CHARS, error);
  if (goal->id == NULL)
    return FALSE;
  /* Goal ids are made by the tablet ("g1"…), never typed by a family; the
   * same small alphabet as form ids keeps them safe to repeat in errors. */
  for (const char *c = goal->id; *c; c++)
    if (!g_ascii_islower (*c) && !g_ascii_isdigit (*c) && *c != '-')
      {
        g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_GOALS,
                     "goals[%u].id: use lower-case letters, digits and '-' only",
                     index);
        return FALSE;
      }

  for (guint i = 0; i < index; i++)
    if (g_str_equal (set->goals[i].id, goal->id))
      {
        g_autofree char *echo = kv_echo_quote (goal->id, "(not an id)");

        g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_GOALS,
                     "goals[%u].id: %s is used twice", index, echo);
        return FALSE;
      }

  /* The goal in the family's words. */
  member = json_object_get_member (object, "text");
  if (member == NULL)
    {
      g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_GOALS,
                   "goals[%u].text: missing", index);
      return FALSE;
    }

  g_free (place);
  place = g_strdup_printf ("goals[%u].text", index);
  goal->text = read_words (member, place, KV_GOAL_TEXT_MAX_CHARS, error);
  if (goal->text == NULL)
    return FALSE;

  /* The baseline: −1 if there is some ability already, −2 if none. */
  member = json_object_get_member (object, "baseline");
  if (member == NULL)
    {
      g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_GOALS,
                   "goals[%u].baseline: missing", index);
      return FALSE;
    }

  if (!node_is_integer (member))
    {
      g_autofree char *got = describe_node (member);

      g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_GOALS,
                   "goals[%u].baseline: expected -1 or -2, got %s",
                   index, got);
      return FALSE;
    }

  if (json_node_get_int (member) != -1 && json_node_get_int (member) != -2)
    {
      g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_GOALS,
                   "goals[%u].baseline: %" G_GINT64_FORMAT " is not a "
                   "baseline (-1 if there is some ability already, -2 if "
                   "none)", index, json_node_get_int (member));
      return FALSE;
    }

  goal->baseline = (int) json_node_get_int (member);

  /* The weight: importance and difficulty come together or not at all
   * (docs/form-format.md "Answers"), so that a half-entered weight is caught
   * rather than read as some default. */
  has_importance = json_object_has_member (object, "importance");
  has_difficulty = json_object_has_member (object, "difficulty");

  if (has_importance != has_difficulty)
    {
      g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_GOALS,
                   "goals[%u].%s: missing; importance and difficulty come "
                   "together or not at all",
                   index, has_importance ? "difficulty" : "importance");
      return FALSE;
    }

  goal->weighted = has_importance;
  goal->importance = -1;
  goal->difficulty = -1;
  if (goal->weighted)
    {
      if (!read_factor (object, index, "importance", &goal->importance, error))
        return FALSE;
      if (!read_factor (object, index, "difficulty", &goal->difficulty, error))
        return FALSE;
    }

  member = json_object_get_member (object, "levels");
  if (member != NULL && !read_levels (member, index, goal, error))
    return FALSE;

  return TRUE;
}

KvGoalSet *
kv_goal_set_new_from_json (JsonNode  *goals,
                           GError   **error)
{
  g_autoptr(KvGoalSet) set = NULL;
  JsonArray *array;
  guint n;

  g_return_val_if_fail (goals != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_ARRAY (goals))
    {
      g_autofree char *got = describe_node (goals);

      g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_GOALS,
                   "goals: expected an array of goals, got %s", got);
      return NULL;
    }

  array = json_node_get_array (goals);
  n = json_array_get_length (array);
  if (n == 0)
    {
      g_set_error_literal (error, KV_FORM_ERROR, KV_FORM_ERROR_GOALS,
                           "goals: a goal set needs at least one goal");
      return NULL;
    }

  if (n > KV_GAS_MAX_GOALS)
    {
      g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_GOALS,
                   "goals: %u goals is more than the %u allowed",
                   n, (guint) KV_GAS_MAX_GOALS);
      return NULL;
    }

  set = g_atomic_rc_box_new0 (KvGoalSet);
  for (guint i = 0; i < n; i++)
    {
      /* Counted before reading so that a half-read goal is freed too. */
      set->n_goals = i + 1;
      if (!read_goal (set, json_array_get_element (array, i), i, error))
        return NULL;
    }

  return g_steal_pointer (&set);
}

KvGoalSet *
kv_goal_set_ref (KvGoalSet *set)
{
  g_return_val_if_fail (set != NULL, NULL);

  return g_atomic_rc_box_acquire (set);
}

void
kv_goal_set_unref (KvGoalSet *set)
{
  g_return_if_fail (set != NULL);

  g_atomic_rc_box_release_full (set, (GDestroyNotify) kv_goal_set_clear);
}

guint
kv_goal_set_get_n_goals (const KvGoalSet *set)
{
  g_return_val_if_fail (set != NULL, 0);

  return set->n_goals;
}

const KvGoal *
kv_goal_set_get_goal (const KvGoalSet *set,
                      guint            index)
{
  g_return_val_if_fail (set != NULL, NULL);
  g_return_val_if_fail (index < set->n_goals, NULL);

  return &set->goals[index];
}

const KvGoal *
kv_goal_set_lookup_goal (const KvGoalSet *set,
                         const char      *id)
{
  g_return_val_if_fail (set != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < set->n_goals; i++)
    if (g_str_equal (set->goals[i].id, id))
      return &set->goals[i];

  return NULL;
}

const char *
kv_goal_get_id (const KvGoal *goal)
{
  g_return_val_if_fail (goal != NULL, NULL);

  return goal->id;
}

const char *
kv_goal_get_text (const KvGoal *goal)
{
  g_return_val_if_fail (goal != NULL, NULL);

  return goal->text;
}

int
kv_goal_get_baseline (const KvGoal *goal)
{
  g_return_val_if_fail (goal != NULL, 0);

  return goal->baseline;
}

gboolean
kv_goal_is_weighted (const KvGoal *goal)
{
  g_return_val_if_fail (goal != NULL, FALSE);

  return goal->weighted;
}

/* Returns −1 for an unweighted goal: a value that no valid goal list can
 * hold, so that it is caught if it is ever written back out in a goal list. */
int
kv_goal_get_importance (const KvGoal *goal)
{
  g_return_val_if_fail (goal != NULL, -1);

  return goal->importance;
}

/* Returns −1 for an unweighted goal, as kv_goal_get_importance() does. */
int
kv_goal_get_difficulty (const KvGoal *goal)
{
  g_return_val_if_fail (goal != NULL, -1);

  return goal->difficulty;
}

double
kv_goal_get_weight (const KvGoal *goal)
{
  g_return_val_if_fail (goal != NULL, 0.0);

  /* Unweighted means every weight is 1 (docs/domain.md §1). */
  if (!goal->weighted)
    return 1.0;

  return (double) goal->importance * (double) goal->difficulty;
}

const char *
kv_goal_get_level_text (const KvGoal *goal,
                        int           level)
{
  g_return_val_if_fail (goal != NULL, NULL);
  g_return_val_if_fail (level >= KV_GAS_MIN_LEVEL && level <= KV_GAS_MAX_LEVEL,
                        NULL);

  return goal->level_text[level - KV_GAS_MIN_LEVEL];
}

/* Scores. */

gboolean
kv_gas_t_score (const double *weights,
                const double *ratings,
                guint         n,
                double       *t)
{
  double sum_w = 0.0;
  double sum_w2 = 0.0;
  double sum_wx = 0.0;
  double denominator;

  g_return_val_if_fail (n == 0 || weights != NULL, FALSE);
  g_return_val_if_fail (n == 0 || ratings != NULL, FALSE);
  g_return_val_if_fail (t != NULL, FALSE);

  for (guint i = 0; i < n; i++)
    {
      /* Weights are importance × difficulty, never negative; a negative
       * weight could make the denominator below zero or vanish. */
      g_return_val_if_fail (isfinite (weights[i]) && weights[i] >= 0.0, FALSE);
      g_return_val_if_fail (isfinite (ratings[i]), FALSE);

      sum_w += weights[i];
      sum_w2 += weights[i] * weights[i];
      sum_wx += weights[i] * ratings[i];
    }

  if (n == 0 || sum_w == 0.0)
    return FALSE;

  /* Kiresuk & Sherman (1968), as corrected in the erratum to
   * Turner-Stokes (2009): the ρ term multiplies (Σw)², not Σw². */
  denominator = (1.0 - KV_GAS_RHO) * sum_w2 + KV_GAS_RHO * sum_w * sum_w;
  g_assert (denominator > 0.0);

  *t = 50.0 + 10.0 * sum_wx / sqrt (denominator);
  return TRUE;
}

gboolean
kv_gas_parse_rating (JsonNode  *node,
                     double    *scored,
                     GError   **error)
{
  gint64 value;

  g_return_val_if_fail (node != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (node_is_string (node))
    {
      /* A partially achieved goal is scored as −1 (Turner-Stokes &
       * Williams 2010); the answer itself keeps "partial". */
      if (g_strcmp0 (json_node_get_string (node), "partial") == 0)
        {
          if (scored != NULL)
            *scored = -1.0;
          return TRUE;
        }

      g_set_error_literal (error, KV_FORM_ERROR, KV_FORM_ERROR_GOALS,
                           "expected an integer -2…2 or \"partial\", got a "
                           "string other than \"partial\"");
      return FALSE;
    }

  if (!node_is_integer (node))
    {
      g_autofree char *got = describe_node (node);
      const char *hint = "";

      /* Some paper forms write a partial achievement as −0.5. */
      if (JSON_NODE_HOLDS_VALUE (node)
          && json_node_get_value_type (node) == G_TYPE_DOUBLE
          && json_node_get_double (node) == -0.5)
        hint = " (a partial achievement is recorded as \"partial\")";

      g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_GOALS,
                   "expected an integer -2…2 or \"partial\", got %s%s",
                   got, hint);
      return FALSE;
    }

  value = json_node_get_int (node);
  if (value < KV_GAS_MIN_LEVEL || value > KV_GAS_MAX_LEVEL)
    {
      g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_GOALS,
                   "%" G_GINT64_FORMAT " is outside -2…2", value);
      return FALSE;
    }

  if (scored != NULL)
    *scored = (double) value;
  return TRUE;
}

/* Fills @score from the rated goals' weights and scored values. */
static void
finish_score (KvGasScore   *score,
              guint         n_goals,
              guint         n_rated,
              guint         n_at_or_above,
              const double *weights,
              const double *values)
{
  score->n_goals = n_goals;
  score->n_rated = n_rated;
  score->t = NAN;

  /* "% of goals at 0 or above" is of the goals that were rated: a goal
   * without a rating is unknown, not missed. */
  score->pct_at_or_above_expected =
    n_rated > 0 ? 100.0 * n_at_or_above / n_rated : 0.0;

  if (n_goals == 0)
    score->status = KV_GAS_NO_GOALS;
  else if (n_rated == 0)
    score->status = KV_GAS_NONE_RATED;
  else if (!kv_gas_t_score (weights, values, n_rated, &score->t))
    score->status = KV_GAS_ZERO_WEIGHT;
  else
    score->status = KV_GAS_SCORED;
}

void
kv_gas_score_baseline (const KvGoalSet *set,
                       KvGasScore      *score)
{
  double weights[KV_GAS_MAX_GOALS];
  double values[KV_GAS_MAX_GOALS];

  g_return_if_fail (set != NULL);
  g_return_if_fail (score != NULL);

  for (guint i = 0; i < set->n_goals; i++)
    {
      weights[i] = kv_goal_get_weight (&set->goals[i]);
      values[i] = set->goals[i].baseline;
    }

  /* Baselines are −1 or −2, so no goal starts at or above expected. */
  finish_score (score, set->n_goals, set->n_goals, 0, weights, values);
}

gboolean
kv_gas_score_review (const KvGoalSet *set,
                     JsonNode        *ratings,
                     KvGasScore      *score,
                     GError         **error)
{
  double weights[KV_GAS_MAX_GOALS];
  double values[KV_GAS_MAX_GOALS];
  guint n_rated = 0;
  guint n_at_or_above = 0;
  JsonObject *object;
  g_autoptr(GList) members = NULL;

  g_return_val_if_fail (set != NULL, FALSE);
  g_return_val_if_fail (ratings != NULL, FALSE);
  g_return_val_if_fail (score != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!JSON_NODE_HOLDS_OBJECT (ratings))
    {
      g_autofree char *got = describe_node (ratings);

      g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_GOALS,
                   "ratings: expected an object of goal id → rating, got %s",
                   got);
      return FALSE;
    }

  object = json_node_get_object (ratings);

  /* Every key must be a goal of this set: a rating of a goal from another
   * (say, renegotiated) goal set must not be scored against this one. */
  members = json_object_get_members (object);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      g_autoptr(GError) local_error = NULL;

      if (kv_goal_set_lookup_goal (set, key) == NULL)
        {
          g_autofree char *echo = kv_echo_quote (key, "(not an id)");

          g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_GOALS,
                       "ratings[%s]: not a goal of this goal set", echo);
          return FALSE;
        }

      if (!kv_gas_parse_rating (json_object_get_member (object, key), NULL,
                                &local_error))
        {
          g_autofree char *echo = kv_echo_quote (key, "(not an id)");

          g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_GOALS,
                       "ratings[%s]: %s", echo, local_error->message);
          return FALSE;
        }
    }

  /* Goals without a rating are dropped, never imputed (docs/domain.md §1). */
  for (guint i = 0; i < set->n_goals; i++)
    {
      const KvGoal *goal = &set->goals[i];
      JsonNode *node = json_object_get_member (object, goal->id);
      double value;
      gboolean ok;

      if (node == NULL)
        continue;

      ok = kv_gas_parse_rating (node, &value, NULL);
      g_assert (ok);

      /* "partial" is scored as −1 but it is still below the expected
       * outcome, so only integer ratings of 0 or more count here. */
      if (node_is_integer (node) && json_node_get_int (node) >= 0)
        n_at_or_above++;

      weights[n_rated] = kv_goal_get_weight (goal);
      values[n_rated] = value;
      n_rated++;
    }

  finish_score (score, set->n_goals, n_rated, n_at_or_above, weights, values);
  return TRUE;
}

const char *
kv_gas_status_to_string (KvGasStatus status)
{
  switch (status)
    {
    case KV_GAS_SCORED:
      return "scored";
    case KV_GAS_NO_GOALS:
      return "the goal set has no goals";
    case KV_GAS_NONE_RATED:
      return "no goal has been rated";
    case KV_GAS_ZERO_WEIGHT:
      return "every rated goal has weight 0 (importance or difficulty 0)";
    default:
      g_return_val_if_reached ("unknown status");
    }
}
