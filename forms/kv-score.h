/* kv-score.h — scores of quality-of-life style forms and summaries of
 * experience items.  Everything is driven by the form file: level values,
 * weights, scored/unscored levels and polarity.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "kv-form.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean complete;   /* TRUE when every scored, shown item has a scored answer */
  double   total;      /* valid only when complete */
  guint    n_answered; /* scored items with a scored answer */
  guint    n_needed;   /* scored items that were shown */
} KvFormScore;

/* Scores @answers (already validated) on a form whose scoring is
 * KV_SCORING_LEVEL_SUM (Σ level values) or KV_SCORING_WEIGHTED
 * (a·Σ level weights + b).  A total is given only when the form is complete
 * (docs/domain.md §2).  Other scoring methods are a KV_FORM_ERROR_SCORING
 * error. */
gboolean     kv_form_score_answers     (const KvForm  *form,
                                        JsonNode      *answers,
                                        KvFormScore   *score,
                                        GError       **error);

/* Counts of the answers to one scale or choice item across many responses.
 * FFT: % positive = positive ÷ n_scored, where "Don't know" counts (it is a
 * scored level on that item); keyworking items mark "Don't know" unscored,
 * so it drops out of n_scored. */
typedef struct _KvItemSummary KvItemSummary;

KvItemSummary *kv_item_summary_new          (const KvItem   *item);
void           kv_item_summary_free         (KvItemSummary  *summary);
gboolean       kv_item_summary_add          (KvItemSummary  *summary,
                                             const char     *level_id,
                                             GError        **error);
const KvItem  *kv_item_summary_get_item     (KvItemSummary  *summary);
guint          kv_item_summary_get_n_responses (KvItemSummary *summary);
guint          kv_item_summary_get_n_scored (KvItemSummary  *summary);
guint          kv_item_summary_get_n_positive (KvItemSummary *summary);
guint          kv_item_summary_get_n_negative (KvItemSummary *summary);
guint          kv_item_summary_get_level_count (KvItemSummary *summary,
                                                guint          level_index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvItemSummary, kv_item_summary_free)

G_END_DECLS
