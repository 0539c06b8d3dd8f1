/* agg-store-scores.c — the statements of scores and of their recompute. */
#include "config.h"

#include "agg-db-private.h"
#include "agg-store-scores.h"

/* Runs score-insert or recomputed-insert (@name) for @score: ?1…?9, or
 * only ?1 when @score is NULL. */
static gboolean
insert_score (AggDb                 *db,
              const char            *name,
              const char            *submission_id,
              const AggStoredScore  *score,
              GError               **error)
{
  g_autoptr(AggDbCachedStmt) stmt = agg_db_query (db, name, error);

  if (stmt == NULL)
    return FALSE;
  agg_db_bind_text (stmt, 1, submission_id);
  if (score != NULL)
    {
      agg_db_bind_text (stmt, 2, score->measure);
      agg_db_bind_text (stmt, 3, score->kind);
      if (score->has_score)
        sqlite3_bind_double (stmt, 4, score->score);
      sqlite3_bind_int (stmt, 5, score->k);
      sqlite3_bind_int (stmt, 6, score->n);
      if (score->has_pct_expected)
        sqlite3_bind_double (stmt, 7, score->pct_expected);
      agg_db_bind_text (stmt, 8, score->status);
      agg_db_bind_text (stmt, 9, score->flags != NULL ? score->flags : "");
    }
  return agg_db_run (db, stmt, error);
}

gboolean
agg_store_score_insert (AggDb                 *db,
                        const char            *submission_id,
                        const AggStoredScore  *score,
                        GError               **error)
{
  g_return_val_if_fail (AGG_IS_DB (db), FALSE);
  g_return_val_if_fail (submission_id != NULL && score != NULL, FALSE);

  return insert_score (db, "score-insert", submission_id, score, error);
}

/* The integers in the first column of the named query's only row and,
 * unless @second is NULL, in its second. */
static gboolean
query_counts (AggDb       *db,
              const char  *name,
              gint64      *first,
              gint64      *second,
              GError     **error)
{
  g_autoptr(AggDbCachedStmt) stmt = agg_db_query (db, name, error);

  if (stmt == NULL || agg_db_step (db, stmt, error) != SQLITE_ROW)
    return FALSE;
  *first = sqlite3_column_int64 (stmt, 0);
  if (second != NULL)
    *second = sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

gint64
agg_store_score_max_rowid (AggDb   *db,
                           GError **error)
{
  gint64 max_rowid = -1;

  g_return_val_if_fail (AGG_IS_DB (db), -1);

  if (!query_counts (db, "score-max-rowid", &max_rowid, NULL, error))
    return -1;
  return max_rowid;
}

gboolean
agg_store_recompute_begin (AggDb   *db,
                           GError **error)
{
  g_return_val_if_fail (AGG_IS_DB (db), FALSE);

  if (!agg_db_exec (db, agg_db_sql ("recomputed-drop"), error) ||
      !agg_db_exec (db, agg_db_sql ("recomputed-create"), error))
    return FALSE;
  /* Scores are derived and can always be made again, so the chunks need
   * not wait for the disk: with synchronous=FULL each commit's fsync would
   * hold the write lock longer than the writing.  In WAL mode NORMAL never
   * corrupts the file; a power cut can only undo the last chunks, which
   * leaves those submissions with the scores they had.  Pragmas take no
   * parameters, and this one is a constant. */
  return agg_db_exec (db, "PRAGMA synchronous = NORMAL", error);
}

gboolean
agg_store_recompute_end (AggDb   *db,
                         GError **error)
{
  g_return_val_if_fail (AGG_IS_DB (db), FALSE);

  agg_db_exec (db, agg_db_sql ("recomputed-drop"), NULL);
  /* The connection may go on to store uploads, which must be on disk
   * before they are acknowledged. */
  return agg_db_exec (db, "PRAGMA synchronous = FULL", error);
}

gboolean
agg_store_recomputed_insert (AggDb                 *db,
                             const char            *submission_id,
                             const AggStoredScore  *score,
                             GError               **error)
{
  g_return_val_if_fail (AGG_IS_DB (db), FALSE);
  g_return_val_if_fail (submission_id != NULL, FALSE);

  /* Without a score, the row still goes in with a NULL measure, so that
   * writing the table over the stored scores takes away one it had. */
  return insert_score (db, "recomputed-insert", submission_id, score, error);
}

gboolean
agg_store_recomputed_count (AggDb   *db,
                            gint64  *n_rows,
                            gint64  *n_scores,
                            GError **error)
{
  g_return_val_if_fail (AGG_IS_DB (db), FALSE);
  g_return_val_if_fail (n_rows != NULL && n_scores != NULL, FALSE);

  return query_counts (db, "recomputed-count", n_rows, n_scores, error);
}

/* Runs the named statement over the rowids ?1…?2. */
static gboolean
run_range (AggDb       *db,
           const char  *name,
           gint64       first,
           gint64       last,
           GError     **error)
{
  g_autoptr(AggDbCachedStmt) stmt = agg_db_query (db, name, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, first);
  sqlite3_bind_int64 (stmt, 2, last);
  return agg_db_run (db, stmt, error);
}

gboolean
agg_store_recomputed_write_stored (AggDb   *db,
                                   gint64   first,
                                   gint64   last,
                                   GError **error)
{
  g_return_val_if_fail (AGG_IS_DB (db), FALSE);

  return run_range (db, "recomputed-update", first, last, error) &&
         run_range (db, "recomputed-delete-stale", first, last, error);
}

gboolean
agg_store_recomputed_write_new (AggDb   *db,
                                gint64   first,
                                gint64   last,
                                GError **error)
{
  g_return_val_if_fail (AGG_IS_DB (db), FALSE);

  return run_range (db, "recomputed-insert-new", first, last, error);
}
