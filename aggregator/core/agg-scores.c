/* agg-scores.c — deriving, storing and recomputing scores. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "agg-error.h"
#include "agg-json.h"
#include "agg-scores.h"
#include "agg-sql.h"
#include "kv-answers.h"
#include "kv-score.h"

void
agg_score_clear (AggScore *score)
{
  g_clear_pointer (&score->flags, g_free);
  memset (score, 0, sizeof *score);
}

static const char *
gas_status (KvGasStatus status)
{
  switch (status)
    {
    case KV_GAS_SCORED:
      return "scored";
    case KV_GAS_NO_GOALS:
      return "no-goals";
    case KV_GAS_NONE_RATED:
      return "none-rated";
    case KV_GAS_ZERO_WEIGHT:
      return "zero-weight";
    default:
      g_return_val_if_reached ("none-rated");
    }
}

static gboolean
goal_set_is_weighted (const KvGoalSet *set)
{
  for (guint i = 0; i < kv_goal_set_get_n_goals (set); i++)
    if (kv_goal_is_weighted (kv_goal_set_get_goal (set, i)))
      return TRUE;
  return FALSE;
}

static void
add_flag (GString    *flags,
          const char *flag)
{
  if (flags->len > 0)
    g_string_append_c (flags, ' ');
  g_string_append (flags, flag);
}

static void
set_gas (AggScore         *score,
         const char       *kind,
         const KvGasScore *gas,
         GString          *flags)
{
  score->measure = "gas";
  score->kind = kind;
  score->has_score = gas->status == KV_GAS_SCORED;
  score->score = score->has_score ? gas->t : 0.0;
  score->k = gas->n_rated;
  score->n = gas->n_goals;
  score->has_pct_expected = gas->n_rated > 0;
  score->pct_expected = gas->pct_at_or_above_expected;
  score->status = gas_status (gas->status);
  if (gas->n_rated < gas->n_goals)
    add_flag (flags, "k-of-n");
  score->flags = g_string_free (flags, FALSE);
}

gboolean
agg_score_derive (const KvForm     *form,
                  JsonNode         *answers,
                  const KvGoalSet  *goal_set,
                  AggScore         *score,
                  gboolean         *has_score,
                  GError          **error)
{
  g_return_val_if_fail (form != NULL && answers != NULL, FALSE);
  g_return_val_if_fail (score != NULL && has_score != NULL, FALSE);

  *has_score = FALSE;
  memset (score, 0, sizeof *score);

  switch (kv_form_get_kind (form))
    {
    case KV_FORM_KIND_GAS_GOALS:
      {
        KvGasScore gas = { 0 };
        GString *flags = g_string_new (NULL);

        g_return_val_if_fail (goal_set != NULL, FALSE);
        /* The goal set's baseline T: every goal at its baseline (−1 or −2),
         * docs/domain.md §1. */
        kv_gas_score_baseline (goal_set, &gas);
        if (goal_set_is_weighted (goal_set))
          add_flag (flags, "weighted");
        set_gas (score, "baseline", &gas, flags);
        *has_score = TRUE;
        return TRUE;
      }

    case KV_FORM_KIND_GAS_REVIEW:
      {
        const KvItem *item = kv_form_find_item_of_type (form, KV_ITEM_GAS_RATING);
        KvGasScore gas = { 0 };
        GString *flags = g_string_new (NULL);
        g_autoptr(JsonNode) empty = NULL;
        JsonNode *ratings = NULL;

        g_return_val_if_fail (goal_set != NULL, FALSE);
        if (item != NULL)
          ratings = json_object_get_member (json_node_get_object (answers), kv_item_get_id (item));
        if (ratings == NULL)
          {
            /* An optional rating item left out: nothing rated, k = 0. */
            empty = json_node_new (JSON_NODE_OBJECT);
            json_node_take_object (empty, json_object_new ());
            ratings = empty;
          }
        if (!kv_gas_score_review (goal_set, ratings, &gas, error))
          {
            g_string_free (flags, TRUE);
            return FALSE;
          }
        if (goal_set_is_weighted (goal_set))
          add_flag (flags, "weighted");
        {
          JsonObject *object = json_node_get_object (ratings);
          g_autoptr(GList) members = json_object_get_members (object);

          /* "Partially achieved" is stored as recorded and scored as −1
           * (Turner-Stokes & Williams 2010); flag it so reports can say so. */
          for (GList *l = members; l != NULL; l = l->next)
            {
              JsonNode *rating = json_object_get_member (object, l->data);

              if (JSON_NODE_HOLDS_VALUE (rating) &&
                  json_node_get_value_type (rating) == G_TYPE_STRING &&
                  g_strcmp0 (json_node_get_string (rating), "partial") == 0)
                {
                  add_flag (flags, "partial");
                  break;
                }
            }
        }
        set_gas (score, "review", &gas, flags);
        *has_score = TRUE;
        return TRUE;
      }

    default:
      break;
    }

  if (kv_form_get_scoring (form) == KV_SCORING_LEVEL_SUM ||
      kv_form_get_scoring (form) == KV_SCORING_WEIGHTED)
    {
      KvFormScore total = { 0 };

      if (!kv_form_score_answers (form, answers, &total, error))
        return FALSE;
      score->measure = kv_form_get_id (form);
      score->kind = "total";
      score->has_score = total.complete;
      score->score = total.complete ? total.total : 0.0;
      score->k = total.n_answered;
      score->n = total.n_needed;
      score->status = total.complete ? "scored" : "incomplete";
      score->flags = g_strdup (kv_form_get_scoring (form) == KV_SCORING_WEIGHTED ? "weighted" : "");
      *has_score = TRUE;
    }
  return TRUE;
}

/* Binds @score as ?1…?9 of AGG_SQL_SCORE_INSERT or AGG_SQL_RECOMPUTED_INSERT. */
static void
bind_score (sqlite3_stmt   *stmt,
            const char     *submission_id,
            const AggScore *score)
{
  agg_db_bind_text (stmt, 1, submission_id);
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

gboolean
agg_score_store (AggDb           *db,
                 const char      *submission_id,
                 const AggScore  *score,
                 GError         **error)
{
  g_autoptr(AggDbCachedStmt) stmt = agg_db_prepare_cached (db, AGG_SQL_SCORE_INSERT, error);

  if (stmt == NULL)
    return FALSE;
  bind_score (stmt, submission_id, score);
  return agg_db_run (db, stmt, error);
}

KvGoalSet *
agg_scores_load_goal_set (AggDb   *db,
                          gint64   child_id,
                          gint64   version,
                          GError **error)
{
  g_autoptr(AggDbCachedStmt) stmt = agg_db_prepare_cached (db, AGG_SQL_GOAL_SET_GET, error);
  g_autoptr(JsonNode) goals = NULL;
  g_autoptr(GError) local_error = NULL;
  KvGoalSet *set;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, child_id);
  sqlite3_bind_int64 (stmt, 2, version);
  rc = agg_db_step (db, stmt, error);
  if (rc != SQLITE_ROW)
    return NULL;

  goals = agg_json_parse (agg_db_column_text (stmt, 0), -1, &local_error);
  set = goals != NULL ? kv_goal_set_new_from_json (goals, &local_error) : NULL;
  if (set == NULL)
    g_set_error (error, AGG_ERROR, AGG_ERROR_DATABASE,
                 _("a stored goal set cannot be read: %s"), local_error->message);
  return set;
}

KvGoalSet *
agg_scores_goal_set_from_answers (const KvForm  *form,
                       JsonNode      *answers,
                       GError       **error)
{
  const KvItem *item = kv_form_find_item_of_type (form, KV_ITEM_GAS_GOALS);
  JsonNode *goals;

  goals = item != NULL
    ? json_object_get_member (json_node_get_object (answers), kv_item_get_id (item))
    : NULL;
  if (goals == NULL)
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID,
                   _("form “%s” has no goal list answer"), kv_form_get_id (form));
      return NULL;
    }
  return kv_goal_set_new_from_json (goals, error);
}

/* The first pass of agg_scores_recompute(): derives the score of every
 * submission into temp.recomputed_scores.  The transaction is deferred, so
 * it reads one snapshot of the database and writes only the connection's
 * temporary database: it never takes the write lock, and the server goes
 * on storing uploads beside it for the seconds this takes. */
static gboolean
derive_all (AggDb            *db,
            AggFormRegistry  *forms,
            GError          **error)
{
  g_autoptr(sqlite3_stmt) all = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  int rc;

  if (!agg_db_exec (db, "BEGIN DEFERRED", error))
    return FALSE;
  all = agg_db_prepare (db, AGG_SQL_SUBMISSION_ALL, error);
  if (all == NULL)
    goto failed;
  insert = agg_db_prepare (db, AGG_SQL_RECOMPUTED_INSERT, error);
  if (insert == NULL)
    goto failed;

  while ((rc = agg_db_step (db, all, error)) == SQLITE_ROW)
    {
      const char *id = agg_db_column_text (all, 0);
      const char *form_id = agg_db_column_text (all, 1);
      guint version = sqlite3_column_int (all, 2);
      KvForm *form = agg_form_registry_lookup (forms, form_id, version);
      g_autoptr(JsonNode) answers = NULL;
      g_autoptr(KvGoalSet) goal_set = NULL;
      g_autoptr(GError) local_error = NULL;
      g_auto(AggScore) score = { 0 };
      gboolean has_score;

      if (form == NULL)
        {
          g_set_error (error, AGG_ERROR, AGG_ERROR_FORMS,
                       _("submission %s is of form “%s” version %u, which is not loaded; "
                         "add that form file to the forms directory"),
                       id, form_id, version);
          goto failed;
        }
      answers = agg_json_parse (agg_db_column_text (all, 6), -1, &local_error);
      if (answers != NULL && kv_form_get_kind (form) == KV_FORM_KIND_GAS_GOALS)
        goal_set = agg_scores_goal_set_from_answers (form, answers, &local_error);
      else if (answers != NULL && kv_form_get_kind (form) == KV_FORM_KIND_GAS_REVIEW)
        {
          goal_set = agg_scores_load_goal_set (db, sqlite3_column_int64 (all, 4),
                                               sqlite3_column_int64 (all, 5), &local_error);
          if (goal_set == NULL && local_error == NULL)
            g_set_error_literal (&local_error, AGG_ERROR, AGG_ERROR_DATABASE,
                                 _("the goal set it rates is missing"));
        }
      if (local_error != NULL ||
          !agg_score_derive (form, answers, goal_set, &score, &has_score, &local_error))
        {
          g_set_error (error, AGG_ERROR, AGG_ERROR_DATABASE,
                       _("submission %s cannot be scored: %s"), id, local_error->message);
          goto failed;
        }

      /* A submission without a score still gets its row, with a NULL
       * measure, so that the second pass takes away a score it had. */
      if (has_score)
        bind_score (insert, id, &score);
      else
        agg_db_bind_text (insert, 1, id);
      rc = agg_db_step (db, insert, error);
      agg_db_release (insert);
      if (rc < 0)
        goto failed;
    }
  if (rc < 0)
    goto failed;

  g_clear_pointer (&all, sqlite3_finalize);
  g_clear_pointer (&insert, sqlite3_finalize);
  return agg_db_commit (db, error);

failed:
  agg_db_rollback (db);
  return FALSE;
}

/* Runs @stmt, then @also unless it is NULL, over the rows @first to
 * @first + AGG_SCORES_RECOMPUTE_CHUNK - 1 (rowids) in one transaction.  Each holds the write lock for a few
 * milliseconds; then the lock is left free for at least as long, so that
 * the server, which hardly waits for it (agg-api.h), gets its turn. */
static gboolean
run_chunk (AggDb         *db,
           sqlite3_stmt  *stmt,
           sqlite3_stmt  *also,
           gint64         first,
           GError       **error)
{
  gint64 started = g_get_monotonic_time ();
  sqlite3_stmt *statements[] = { stmt, also };
  gboolean ok = TRUE;

  if (!agg_db_begin (db, error))
    return FALSE;
  for (guint i = 0; ok && i < G_N_ELEMENTS (statements); i++)
    if (statements[i] != NULL)
      {
        sqlite3_bind_int64 (statements[i], 1, first);
        sqlite3_bind_int64 (statements[i], 2, first + AGG_SCORES_RECOMPUTE_CHUNK - 1);
        ok = agg_db_run (db, statements[i], error);
        agg_db_release (statements[i]);
      }
  if (!ok)
    {
      agg_db_rollback (db);
      return FALSE;
    }
  if (!agg_db_commit (db, error))
    return FALSE;

  g_usleep (CLAMP (g_get_monotonic_time () - started, 1000, 50000));
  return TRUE;
}

/* The second pass: writes temp.recomputed_scores over the stored scores
 * of the first @n_stored rows of the table (those there at the start),
 * then adds the scores that are new (@n_recomputed rows of the temporary
 * table to look through).  *@n_done counts the chunks written, of
 * *@n_chunks. */
static gboolean
write_chunks (AggDb    *db,
              gint64    n_stored,
              gint64    n_recomputed,
              gint64   *n_done,
              gint64   *n_chunks,
              GError  **error)
{
  g_autoptr(sqlite3_stmt) update = agg_db_prepare (db, AGG_SQL_RECOMPUTED_UPDATE, error);
  g_autoptr(sqlite3_stmt) delete_stale = NULL;
  g_autoptr(sqlite3_stmt) insert_new = NULL;

  if (update == NULL)
    return FALSE;
  delete_stale = agg_db_prepare (db, AGG_SQL_RECOMPUTED_DELETE_STALE, error);
  if (delete_stale == NULL)
    return FALSE;
  insert_new = agg_db_prepare (db, AGG_SQL_RECOMPUTED_INSERT_NEW, error);
  if (insert_new == NULL)
    return FALSE;

  *n_chunks = (n_stored + AGG_SCORES_RECOMPUTE_CHUNK - 1) / AGG_SCORES_RECOMPUTE_CHUNK +
              (n_recomputed + AGG_SCORES_RECOMPUTE_CHUNK - 1) / AGG_SCORES_RECOMPUTE_CHUNK;
  for (gint64 first = 1; first <= n_stored; first += AGG_SCORES_RECOMPUTE_CHUNK, (*n_done)++)
    if (!run_chunk (db, update, delete_stale, first, error))
      return FALSE;
  for (gint64 first = 1; first <= n_recomputed; first += AGG_SCORES_RECOMPUTE_CHUNK, (*n_done)++)
    if (!run_chunk (db, insert_new, NULL, first, error))
      return FALSE;
  return TRUE;
}

gboolean
agg_scores_recompute (AggDb            *db,
                      AggFormRegistry  *forms,
                      guint            *n_scores,
                      GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 n_stored = 0;
  gint64 n_recomputed = 0;
  gint64 n_done = 0;
  gint64 n_chunks = 0;
  gint64 count = 0;
  gboolean ok;

  g_return_val_if_fail (AGG_IS_DB (db), FALSE);
  g_return_val_if_fail (AGG_IS_FORM_REGISTRY (forms), FALSE);

  /* A table left by a run on this connection that failed half-way. */
  if (!agg_db_exec (db, AGG_SQL_RECOMPUTED_DROP, error) ||
      !agg_db_exec (db, AGG_SQL_RECOMPUTED_CREATE, error))
    return FALSE;
  /* Scores are derived and can always be made again, so the chunks need
   * not wait for the disk: with synchronous=FULL each commit's fsync would
   * hold the write lock longer than the writing.  In WAL mode NORMAL never
   * corrupts the file; a power cut can only undo the last chunks, which
   * leaves those submissions with the scores they had.  Set back below:
   * the connection may go on to store uploads. */
  if (!agg_db_exec (db, "PRAGMA synchronous = NORMAL", error))
    return FALSE;

  /* The stored scores to go over are those there before the snapshot:
   * the rows ingest adds meanwhile come after them. */
  {
    g_autoptr(sqlite3_stmt) stmt = agg_db_prepare (db, AGG_SQL_SCORE_MAX_ROWID, &local_error);

    ok = stmt != NULL && agg_db_step (db, stmt, &local_error) == SQLITE_ROW;
    if (ok)
      n_stored = sqlite3_column_int64 (stmt, 0);
  }
  ok = ok && derive_all (db, forms, &local_error);
  if (ok)
    {
      g_autoptr(sqlite3_stmt) stmt = agg_db_prepare (db, AGG_SQL_RECOMPUTED_COUNT, &local_error);

      ok = stmt != NULL && agg_db_step (db, stmt, &local_error) == SQLITE_ROW;
      if (ok)
        {
          n_recomputed = sqlite3_column_int64 (stmt, 0);
          count = sqlite3_column_int64 (stmt, 1);
        }
    }
  if (ok && !write_chunks (db, n_stored, n_recomputed, &n_done, &n_chunks, &local_error))
    {
      ok = FALSE;
      /* Some chunks may be committed: they hold the new scores, the rest
       * the old ones, and running again finishes the work. */
      if (n_done > 0)
        g_prefix_error (&local_error,
                        _("stopped after writing %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT
                          " chunks of scores (run it again to finish): "),
                        n_done, n_chunks);
    }

  /* The temporary table goes whatever happened; a failure to drop it
   * would only leave it until the connection closes. */
  agg_db_exec (db, AGG_SQL_RECOMPUTED_DROP, NULL);
  if (!agg_db_exec (db, "PRAGMA synchronous = FULL", ok ? &local_error : NULL))
    ok = FALSE;
  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (n_scores != NULL)
    *n_scores = (guint) count;
  return TRUE;
}
