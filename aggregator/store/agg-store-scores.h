/* agg-store-scores.h — the scores table, and the temporary table a scores
 * recompute derives every score into before writing them over the stored
 * ones (core/agg-scores.h says when and why).
 */
#pragma once

#include <glib.h>

#include "agg-db.h"

G_BEGIN_DECLS

/* A submission's score, as the scores table holds it. */
typedef struct
{
  const char *measure;     /* "gas" or the form's id */
  const char *kind;        /* "baseline", "review" or "total" */
  gboolean    has_score;   /* FALSE: score is stored as NULL */
  double      score;
  guint       k;           /* goals rated / scored items answered … */
  guint       n;           /* … of goals in the set / scored items shown */
  gboolean    has_pct_expected;
  double      pct_expected;
  const char *status;      /* "scored", "incomplete", "no-goals", "none-rated", "zero-weight" */
  char       *flags;       /* space-separated; NULL is stored as "" */
} AggStoredScore;

/* Stores the score of submission @submission_id; a second score of the
 * same measure for it is AGG_ERROR_EXISTS. */
gboolean  agg_store_score_insert           (AggDb                 *db,
                                            const char            *submission_id,
                                            const AggStoredScore  *score,
                                            GError               **error);
/* The highest rowid of the scores table (0 when it is empty), or -1 with
 * @error set: the rows a recompute goes over are those up to it. */
gint64    agg_store_score_max_rowid        (AggDb                 *db,
                                            GError               **error);

/* Makes temp.recomputed_scores, empty (dropping one that a run which
 * failed half-way left), and lets commits of this connection go without
 * waiting for the disk (synchronous=NORMAL) until agg_store_recompute_end(). */
gboolean  agg_store_recompute_begin        (AggDb                 *db,
                                            GError               **error);
/* Drops the temporary table, whatever happened (a failure to drop it only
 * leaves it until the connection closes), and makes commits wait for the
 * disk again (synchronous=FULL), which alone can fail. */
gboolean  agg_store_recompute_end          (AggDb                 *db,
                                            GError               **error);
/* Adds the score derived now for @submission_id to the temporary table;
 * @score NULL records that it has none any more. */
gboolean  agg_store_recomputed_insert      (AggDb                 *db,
                                            const char            *submission_id,
                                            const AggStoredScore  *score,
                                            GError               **error);
/* The rows of the temporary table (its highest rowid) and how many of
 * them hold a score. */
gboolean  agg_store_recomputed_count       (AggDb                 *db,
                                            gint64                *n_rows,
                                            gint64                *n_scores,
                                            GError               **error);
/* Writes the temporary table over the stored scores whose rowids are
 * @first…@last: the same measure is updated in place, another measure or
 * no score at all any more is deleted. */
gboolean  agg_store_recomputed_write_stored (AggDb                *db,
                                             gint64                first,
                                             gint64                last,
                                             GError              **error);
/* Adds the scores of rows @first…@last of the temporary table that the
 * scores table does not hold yet. */
gboolean  agg_store_recomputed_write_new   (AggDb                 *db,
                                            gint64                 first,
                                            gint64                 last,
                                            GError               **error);

G_END_DECLS
