/* agg-scores.c — deriving, storing and recomputing scores. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "agg-error.h"
#include "agg-json.h"
#include "agg-scores.h"
#include "agg-store-submissions.h"
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

KvGoalSet *
agg_scores_load_goal_set (AggDb   *db,
                          gint64   child_id,
                          gint64   version,
                          GError **error)
{
  g_autofree char *text = agg_store_goal_set_get_goals (db, child_id, version, error);
  g_autoptr(JsonNode) goals = NULL;
  g_autoptr(GError) local_error = NULL;
  KvGoalSet *set;

  if (text == NULL)
    return NULL;

  goals = agg_json_parse (text, -1, &local_error);
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

typedef struct
{
  AggDb           *db;
  AggFormRegistry *forms;
} Recompute;

/* Derives the score of one stored submission into temp.recomputed_scores. */
static gboolean
derive_one (const AggStoredSubmission  *row,
            gpointer                    user_data,
            GError                    **error)
{
  Recompute *recompute = user_data;
  KvForm *form = agg_form_registry_lookup (recompute->forms, row->form_id, row->form_version);
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
                   row->id, row->form_id, (guint) row->form_version);
      return FALSE;
    }
  answers = agg_json_parse (row->answers, -1, &local_error);
  if (answers != NULL && kv_form_get_kind (form) == KV_FORM_KIND_GAS_GOALS)
    goal_set = agg_scores_goal_set_from_answers (form, answers, &local_error);
  else if (answers != NULL && kv_form_get_kind (form) == KV_FORM_KIND_GAS_REVIEW)
    {
      goal_set = agg_scores_load_goal_set (recompute->db, row->child_id, row->goal_set_version,
                                           &local_error);
      if (goal_set == NULL && local_error == NULL)
        g_set_error_literal (&local_error, AGG_ERROR, AGG_ERROR_DATABASE,
                             _("the goal set it rates is missing"));
    }
  if (local_error != NULL ||
      !agg_score_derive (form, answers, goal_set, &score, &has_score, &local_error))
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_DATABASE,
                   _("submission %s cannot be scored: %s"), row->id, local_error->message);
      return FALSE;
    }

  /* A submission without a score still gets its row, so that the second
   * pass takes away a score it had. */
  return agg_store_recomputed_insert (recompute->db, row->id, has_score ? &score : NULL, error);
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
  Recompute recompute = { db, forms };

  if (!agg_db_begin_read (db, error))
    return FALSE;
  if (!agg_store_submission_foreach (db, derive_one, &recompute, error))
    {
      agg_db_rollback (db);
      return FALSE;
    }
  return agg_db_commit (db, error);
}

typedef gboolean (*WriteFunc) (AggDb *, gint64, gint64, GError **);

/* Runs @write over the rows @first to @first + AGG_SCORES_RECOMPUTE_CHUNK
 * - 1 (rowids) in one transaction.  Each holds the write lock for a few
 * milliseconds; then the lock is left free for at least as long, so that
 * the server, which hardly waits for it (agg-api.h), gets its turn. */
static gboolean
run_chunk (AggDb      *db,
           WriteFunc   write,
           gint64      first,
           GError    **error)
{
  gint64 started = g_get_monotonic_time ();

  if (!agg_db_begin (db, error))
    return FALSE;
  if (!write (db, first, first + AGG_SCORES_RECOMPUTE_CHUNK - 1, error))
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
  *n_chunks = (n_stored + AGG_SCORES_RECOMPUTE_CHUNK - 1) / AGG_SCORES_RECOMPUTE_CHUNK +
              (n_recomputed + AGG_SCORES_RECOMPUTE_CHUNK - 1) / AGG_SCORES_RECOMPUTE_CHUNK;
  for (gint64 first = 1; first <= n_stored; first += AGG_SCORES_RECOMPUTE_CHUNK, (*n_done)++)
    if (!run_chunk (db, agg_store_recomputed_write_stored, first, error))
      return FALSE;
  for (gint64 first = 1; first <= n_recomputed; first += AGG_SCORES_RECOMPUTE_CHUNK, (*n_done)++)
    if (!run_chunk (db, agg_store_recomputed_write_new, first, error))
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

  /* The chunks are committed without waiting for the disk
   * (agg-store-scores.h): scores can always be derived again.  Set back
   * below. */
  if (!agg_store_recompute_begin (db, error))
    return FALSE;

  /* The stored scores to go over are those there before the snapshot:
   * the rows ingest adds meanwhile come after them. */
  n_stored = agg_store_score_max_rowid (db, &local_error);
  ok = n_stored >= 0 && derive_all (db, forms, &local_error);
  ok = ok && agg_store_recomputed_count (db, &n_recomputed, &count, &local_error);
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

  /* The temporary table goes whatever happened. */
  if (!agg_store_recompute_end (db, ok ? &local_error : NULL))
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
