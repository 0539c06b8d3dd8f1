/* agg-scores.h — derived scores: computed from stored answers with
 * libkvforms, kept in the scores table, and recomputable at any time.
 *
 * A submission has at most one score: the GAS baseline T of a goal set
 * (on its gas-goals submission), the GAS T of a review, or a form's own
 * total (level-sum or weighted scoring).
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "agg-db.h"
#include "agg-form-registry.h"
#include "agg-store-scores.h"
#include "kv-form.h"
#include "kv-gas.h"

G_BEGIN_DECLS

/* A score as the scores table holds it (store/agg-store-scores.h); the
 * measure and the kind are borrowed from the form, the flags owned. */
typedef AggStoredScore AggScore;

void      agg_score_clear        (AggScore          *score);

/* Derives the score of one validated submission.  @goal_set is the set a
 * gas-goals submission creates or a gas-review rates, NULL otherwise.
 * Returns TRUE and sets *@has_score when the form is scored at all. */
gboolean  agg_score_derive       (const KvForm      *form,
                                  JsonNode          *answers,
                                  const KvGoalSet   *goal_set,
                                  AggScore          *score,
                                  gboolean          *has_score,
                                  GError           **error);

/* Rows agg_scores_recompute() writes in one transaction: a few
 * milliseconds of the write lock each. */
#define AGG_SCORES_RECOMPUTE_CHUNK 250

/* Derives every submission's score again from submissions and goal sets,
 * and replaces the stored scores with them.  All are derived first, without
 * taking the write lock, so a submission whose form version is no longer
 * loaded (or that cannot be scored) is an error and nothing changes.  Then
 * they are written over the stored ones AGG_SCORES_RECOMPUTE_CHUNK rows per
 * transaction, with a pause after each, so that a server beside it goes on
 * storing uploads; meanwhile a report may see some new scores and some old.
 * These commits use synchronous=NORMAL: a power cut may undo the last of
 * them, never anything else.
 * Submissions stored after the start keep the scores ingest gave them.  If
 * writing fails half-way, the error says how far it got, and running it
 * again finishes the work. */
gboolean  agg_scores_recompute   (AggDb             *db,
                                  AggFormRegistry   *forms,
                                  guint             *n_scores,
                                  GError           **error);

/* The goal set a gas-goals submission's answers define (the form's goal
 * list item). */
KvGoalSet *agg_scores_goal_set_from_answers (const KvForm *form,
                                             JsonNode     *answers,
                                             GError      **error);

/* The goals of goal set @version of child @child_id; NULL (no error) when
 * there is no such goal set. */
KvGoalSet *agg_scores_load_goal_set (AggDb          *db,
                                     gint64          child_id,
                                     gint64          version,
                                     GError        **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AggScore, agg_score_clear)

G_END_DECLS
