/* kv-score.c — scores of quality-of-life style forms and summaries of
 * experience items.
 *
 * Nothing here knows a form by name: level values, weights, which items and
 * levels are scored and the polarity of levels all come from the form file,
 * so the shipped quality-of-life form and a licensed definition supplied at
 * run time are scored by the same code (docs/domain.md §2).
 */
#include "kv-score.h"

#include "kv-answers.h"

static const char *
scoring_name (KvScoringMethod method)
{
  switch (method)
    {
    case KV_SCORING_NONE:
      return "none";
    case KV_SCORING_LEVEL_SUM:
      return "level-sum";
    case KV_SCORING_WEIGHTED:
      return "weighted";
    case KV_SCORING_GAS:
      return "gas";
    default:
      break;
    }

  return "unknown";
}

/* The level an answer names.  The answers are meant to be validated
 * already, but a score is stored and reported, so an answer that does not
 * fit is an error rather than a silently different total. */
static const KvLevel *
answer_level (const KvItem  *item,
              JsonNode      *node,
              GError       **error)
{
  const KvLevel *level = NULL;

  if (JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_STRING)
    level = kv_item_lookup_level (item, json_node_get_string (node));

  if (level == NULL)
    g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_ANSWERS,
                 "item '%s': the answer is not one of its levels; "
                 "validate the answers before scoring them",
                 kv_item_get_id (item));

  return level;
}

gboolean
kv_form_score_answers (const KvForm  *form,
                       JsonNode      *answers,
                       KvFormScore   *score,
                       GError       **error)
{
  KvScoringMethod method;
  JsonObject *object;
  KvFormScore result = { 0, };
  double sum = 0.0;

  g_return_val_if_fail (form != NULL, FALSE);
  g_return_val_if_fail (answers != NULL, FALSE);
  g_return_val_if_fail (score != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  method = kv_form_get_scoring (form);
  if (method != KV_SCORING_LEVEL_SUM && method != KV_SCORING_WEIGHTED)
    {
      g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_SCORING,
                   "form '%s' is scored by '%s', not by level-sum or weighted",
                   kv_form_get_id (form), scoring_name (method));
      return FALSE;
    }

  if (!JSON_NODE_HOLDS_OBJECT (answers))
    {
      g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_ANSWERS,
                   "the answers to form '%s' are not a JSON object",
                   kv_form_get_id (form));
      return FALSE;
    }

  object = json_node_get_object (answers);

  for (guint i = 0; i < kv_form_get_n_items (form); i++)
    {
      const KvItem *item = kv_form_get_item (form, i);
      const KvLevel *level;
      JsonNode *node;

      if (kv_item_get_item_type (item) != KV_ITEM_SCALE
          || !kv_item_get_scored (item))
        continue;

      /* Validated answers hold no answer to a hidden item, so the direct
       * condition is enough here: an item that depends on a hidden one
       * finds its condition unanswered and is hidden too. */
      if (!kv_item_is_shown (item, object))
        continue;

      result.n_needed++;

      node = json_object_get_member (object, kv_item_get_id (item));
      if (node == NULL)
        continue;

      level = answer_level (item, node, error);
      if (level == NULL)
        return FALSE;

      /* A "Don't know" is an answer but not a scored one: it leaves the
       * form incomplete rather than counting as any value. */
      if (!kv_level_get_scored (level))
        continue;

      if (method == KV_SCORING_LEVEL_SUM)
        {
          if (!kv_level_has_value (level))
            {
              g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_SCORING,
                           "item '%s': level '%s' has no value",
                           kv_item_get_id (item), kv_level_get_id (level));
              return FALSE;
            }
          sum += kv_level_get_value (level);
        }
      else
        {
          if (!kv_level_has_weight (level))
            {
              g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_SCORING,
                           "item '%s': level '%s' has no weight",
                           kv_item_get_id (item), kv_level_get_id (level));
              return FALSE;
            }
          sum += kv_level_get_weight (level);
        }

      result.n_answered++;
    }

  /* A total needs every shown, scored item answered with a scored level
   * (docs/domain.md §2).  With nothing to score there is no total either: a
   * sum over no answers would read as the lowest possible score. */
  result.complete = result.n_needed > 0
                    && result.n_answered == result.n_needed;
  if (result.complete)
    {
      if (method == KV_SCORING_LEVEL_SUM)
        result.total = sum;
      else
        result.total = kv_form_get_scoring_a (form) * sum
                       + kv_form_get_scoring_b (form);
    }

  *score = result;
  return TRUE;
}

struct _KvItemSummary
{
  const KvItem *item;
  guint        *level_counts;
  guint         n_levels;
  guint         n_responses;
  guint         n_scored;
  guint         n_positive;
  guint         n_negative;
};

/* The summary points at @item, which belongs to its form: keep the form
 * alive for as long as the summary. */
KvItemSummary *
kv_item_summary_new (const KvItem *item)
{
  KvItemSummary *summary;

  g_return_val_if_fail (item != NULL, NULL);
  g_return_val_if_fail (kv_item_get_item_type (item) == KV_ITEM_SCALE
                        || kv_item_get_item_type (item) == KV_ITEM_CHOICE, NULL);

  summary = g_new0 (KvItemSummary, 1);
  summary->item = item;
  summary->n_levels = kv_item_get_n_levels (item);
  summary->level_counts = g_new0 (guint, summary->n_levels);

  return summary;
}

void
kv_item_summary_free (KvItemSummary *summary)
{
  if (summary == NULL)
    return;

  g_free (summary->level_counts);
  g_free (summary);
}

gboolean
kv_item_summary_add (KvItemSummary  *summary,
                     const char     *level_id,
                     GError        **error)
{
  const KvLevel *level = NULL;
  guint index;

  g_return_val_if_fail (summary != NULL, FALSE);
  g_return_val_if_fail (level_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (index = 0; index < summary->n_levels; index++)
    {
      level = kv_item_get_level (summary->item, index);
      if (g_strcmp0 (kv_level_get_id (level), level_id) == 0)
        break;
    }

  if (index == summary->n_levels)
    {
      /* The id is not echoed: it came from stored answers and this
       * message may be logged. */
      g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_ANSWERS,
                   "item '%s': the answer is not one of its levels",
                   kv_item_get_id (summary->item));
      return FALSE;
    }

  summary->level_counts[index]++;
  summary->n_responses++;

  /* An unscored level ("Don't know" on the keyworking items) is counted as
   * a response but stays out of the denominator, and so out of % positive
   * and % negative too (docs/domain.md §3). */
  if (!kv_level_get_scored (level))
    return TRUE;

  summary->n_scored++;
  switch (kv_level_get_polarity (level))
    {
    case KV_POLARITY_POSITIVE:
      summary->n_positive++;
      break;
    case KV_POLARITY_NEGATIVE:
      summary->n_negative++;
      break;
    case KV_POLARITY_NONE:
    default:
      break;
    }

  return TRUE;
}

const KvItem *
kv_item_summary_get_item (KvItemSummary *summary)
{
  g_return_val_if_fail (summary != NULL, NULL);

  return summary->item;
}

guint
kv_item_summary_get_n_responses (KvItemSummary *summary)
{
  g_return_val_if_fail (summary != NULL, 0);

  return summary->n_responses;
}

guint
kv_item_summary_get_n_scored (KvItemSummary *summary)
{
  g_return_val_if_fail (summary != NULL, 0);

  return summary->n_scored;
}

guint
kv_item_summary_get_n_positive (KvItemSummary *summary)
{
  g_return_val_if_fail (summary != NULL, 0);

  return summary->n_positive;
}

guint
kv_item_summary_get_n_negative (KvItemSummary *summary)
{
  g_return_val_if_fail (summary != NULL, 0);

  return summary->n_negative;
}

guint
kv_item_summary_get_level_count (KvItemSummary *summary,
                                 guint          level_index)
{
  g_return_val_if_fail (summary != NULL, 0);
  g_return_val_if_fail (level_index < summary->n_levels, 0);

  return summary->level_counts[level_index];
}
