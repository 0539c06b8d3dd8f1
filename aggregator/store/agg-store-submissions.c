/* agg-store-submissions.c — the statements of what an upload stores.
 *
 * Every statement is a named query of agg-store.sql through
 * agg_db_query(): prepared once per connection and kept, since ingest runs
 * most of them for every item of every batch.
 */
#include "config.h"

#include "agg-db-private.h"
#include "agg-store-query.h"
#include "agg-store-submissions.h"

/* Binds @value as parameter @index, or SQL NULL when it is 0: the columns
 * that hold a row id or a version never hold 0. */
static void
bind_id_or_null (sqlite3_stmt *stmt,
                 int           index,
                 gint64        value)
{
  if (value > 0)
    sqlite3_bind_int64 (stmt, index, value);
  else
    sqlite3_bind_null (stmt, index);
}

gboolean
agg_store_submission_insert (AggDb                      *db,
                             const AggStoredSubmission  *row,
                             GError                    **error)
{
  g_autoptr(AggDbCachedStmt) stmt = NULL;

  g_return_val_if_fail (AGG_IS_DB (db), FALSE);
  g_return_val_if_fail (row != NULL && row->id != NULL, FALSE);

  stmt = agg_db_query (db, "submission-insert", error);
  if (stmt == NULL)
    return FALSE;
  agg_db_bind_text (stmt, 1, row->id);
  agg_db_bind_text (stmt, 2, row->content_hash);
  agg_db_bind_text (stmt, 3, row->form_id);
  sqlite3_bind_int (stmt, 4, row->form_version);
  agg_db_bind_text (stmt, 5, row->form_kind);
  sqlite3_bind_int64 (stmt, 6, row->child_id);
  agg_db_bind_text (stmt, 7, row->device_id);
  agg_db_bind_text (stmt, 8, row->respondent);
  agg_db_bind_text (stmt, 9, row->mode);
  agg_db_bind_text (stmt, 10, row->locale);
  sqlite3_bind_int (stmt, 11, row->easy_read ? 1 : 0);
  agg_db_bind_text (stmt, 12, row->started_at);
  agg_db_bind_text (stmt, 13, row->completed_at);
  agg_db_bind_text (stmt, 14, row->completed_utc);
  agg_db_bind_text (stmt, 15, row->completed_on);
  bind_id_or_null (stmt, 16, row->goal_set_version);
  agg_db_bind_text (stmt, 17, row->answers);
  agg_db_bind_text (stmt, 18, row->received_at);
  return agg_db_run (db, stmt, error);
}

/* Runs the lookup @name by the id ?1 and copies out the hash in column 0,
 * and column 1 into *@second when it is not NULL. */
static gboolean
find_hash (AggDb       *db,
           const char  *name,
           const char  *id,
           char       **content_hash,
           gint64      *second,
           GError     **error)
{
  g_autoptr(AggDbCachedStmt) stmt = agg_db_query (db, name, error);
  int rc;

  *content_hash = NULL;
  if (second != NULL)
    *second = 0;
  if (stmt == NULL)
    return FALSE;
  agg_db_bind_text (stmt, 1, id);
  rc = agg_db_step (db, stmt, error);
  if (rc < 0)
    return FALSE;
  if (rc == SQLITE_ROW)
    {
      *content_hash = g_strdup (agg_db_column_text (stmt, 0));
      if (second != NULL)
        *second = sqlite3_column_int64 (stmt, 1);
    }
  return TRUE;
}

gboolean
agg_store_submission_find (AggDb       *db,
                           const char  *id,
                           char       **content_hash,
                           gint64      *goal_set_version,
                           GError     **error)
{
  g_return_val_if_fail (AGG_IS_DB (db), FALSE);
  g_return_val_if_fail (id != NULL && content_hash != NULL && goal_set_version != NULL, FALSE);

  return find_hash (db, "submission-hash", id, content_hash, goal_set_version, error);
}

gint64
agg_store_submission_find_child (AggDb       *db,
                                 const char  *code,
                                 const char  *service_id,
                                 GError     **error)
{
  g_autoptr(AggDbCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (AGG_IS_DB (db), -1);
  g_return_val_if_fail (code != NULL, -1);

  stmt = agg_db_query (db, "child-get", error);
  if (stmt == NULL)
    return -1;
  agg_db_bind_text (stmt, 1, code);
  rc = agg_db_step (db, stmt, error);
  if (rc < 0)
    return -1;
  if (rc != SQLITE_ROW || g_strcmp0 (agg_db_column_text (stmt, 1), service_id) != 0)
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

typedef struct
{
  AggStoredSubmissionFunc func;
  gpointer                user_data;
} SubmissionWalk;

static gboolean
step_submission (sqlite3_stmt  *stmt,
                 gpointer       data,
                 GError       **error)
{
  SubmissionWalk *walk = data;
  AggStoredSubmission row = {
    .id = agg_db_column_text (stmt, 0),
    .form_id = agg_db_column_text (stmt, 1),
    .form_version = sqlite3_column_int (stmt, 2),
    .form_kind = agg_db_column_text (stmt, 3),
    .child_id = sqlite3_column_int64 (stmt, 4),
    .goal_set_version = sqlite3_column_int64 (stmt, 5),
    .answers = agg_db_column_text (stmt, 6),
  };

  return walk->func (&row, walk->user_data, error);
}

gboolean
agg_store_submission_foreach (AggDb                    *db,
                              AggStoredSubmissionFunc   func,
                              gpointer                  user_data,
                              GError                  **error)
{
  SubmissionWalk walk = { func, user_data };

  g_return_val_if_fail (AGG_IS_DB (db), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  return agg_store_query_foreach (db, "submission-all", NULL, 0, step_submission, &walk, error);
}

gint64
agg_store_goal_set_next_version (AggDb   *db,
                                 gint64   child_id,
                                 GError **error)
{
  g_autoptr(AggDbCachedStmt) stmt = NULL;

  g_return_val_if_fail (AGG_IS_DB (db), -1);

  stmt = agg_db_query (db, "goal-set-next-version", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, child_id);
  if (agg_db_step (db, stmt, error) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

gboolean
agg_store_goal_set_insert (AggDb                   *db,
                           const AggStoredGoalSet  *row,
                           GError                 **error)
{
  g_autoptr(AggDbCachedStmt) stmt = NULL;

  g_return_val_if_fail (AGG_IS_DB (db), FALSE);
  g_return_val_if_fail (row != NULL, FALSE);

  stmt = agg_db_query (db, "goal-set-insert", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row->child_id);
  sqlite3_bind_int64 (stmt, 2, row->version);
  agg_db_bind_text (stmt, 3, row->set_on);
  agg_db_bind_text (stmt, 4, row->submission_id);
  agg_db_bind_text (stmt, 5, row->goals);
  sqlite3_bind_int (stmt, 6, row->n_goals);
  return agg_db_run (db, stmt, error);
}

char *
agg_store_goal_set_get_goals (AggDb   *db,
                              gint64   child_id,
                              gint64   version,
                              GError **error)
{
  g_autoptr(AggDbCachedStmt) stmt = NULL;

  g_return_val_if_fail (AGG_IS_DB (db), NULL);

  stmt = agg_db_query (db, "goal-set-get", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, child_id);
  sqlite3_bind_int64 (stmt, 2, version);
  if (agg_db_step (db, stmt, error) != SQLITE_ROW)
    return NULL;
  return g_strdup (agg_db_column_text (stmt, 0));
}

gboolean
agg_store_offer_insert (AggDb                 *db,
                        const AggStoredOffer  *row,
                        GError               **error)
{
  g_autoptr(AggDbCachedStmt) stmt = NULL;

  g_return_val_if_fail (AGG_IS_DB (db), FALSE);
  g_return_val_if_fail (row != NULL && row->id != NULL, FALSE);

  stmt = agg_db_query (db, "offer-insert", error);
  if (stmt == NULL)
    return FALSE;
  agg_db_bind_text (stmt, 1, row->id);
  agg_db_bind_text (stmt, 2, row->content_hash);
  sqlite3_bind_int64 (stmt, 3, row->child_id);
  agg_db_bind_text (stmt, 4, row->month);
  agg_db_bind_text (stmt, 5, row->outcome);
  agg_db_bind_text (stmt, 6, row->device_id);
  agg_db_bind_text (stmt, 7, row->received_at);
  return agg_db_run (db, stmt, error);
}

gboolean
agg_store_offer_find (AggDb       *db,
                      const char  *id,
                      char       **content_hash,
                      GError     **error)
{
  g_return_val_if_fail (AGG_IS_DB (db), FALSE);
  g_return_val_if_fail (id != NULL && content_hash != NULL, FALSE);

  return find_hash (db, "offer-hash", id, content_hash, NULL, error);
}

gboolean
agg_store_experience_insert (AggDb                      *db,
                             const AggStoredExperience  *row,
                             GError                    **error)
{
  g_autoptr(AggDbCachedStmt) receipt = NULL;
  g_autoptr(AggDbCachedStmt) response = NULL;

  g_return_val_if_fail (AGG_IS_DB (db), FALSE);
  g_return_val_if_fail (row != NULL && row->submission_id != NULL, FALSE);

  receipt = agg_db_query (db, "experience-receipt-insert", error);
  if (receipt == NULL)
    return FALSE;
  agg_db_bind_text (receipt, 1, row->submission_id);
  agg_db_bind_text (receipt, 2, row->content_hash);
  if (!agg_db_run (db, receipt, error))
    return FALSE;

  response = agg_db_query (db, "experience-insert", error);
  if (response == NULL)
    return FALSE;
  /* Without a key given, SQLite makes a random one: the order of the rows
   * within a month then says nothing about the order they came in. */
  if (row->key != NULL)
    sqlite3_bind_blob (response, 1, row->key, AGG_STORED_EXPERIENCE_KEY_SIZE, SQLITE_TRANSIENT);
  agg_db_bind_text (response, 2, row->service_id);
  agg_db_bind_text (response, 3, row->month);
  agg_db_bind_text (response, 4, row->form_id);
  sqlite3_bind_int (response, 5, row->form_version);
  agg_db_bind_text (response, 6, row->answers);
  return agg_db_run (db, response, error);
}
