/* agg-store-query.c — prepare, bind, step and release a named statement. */
#include "config.h"

#include "agg-db-private.h"
#include "agg-store-query.h"

/* The statement @name with @params bound, or NULL with @error set. */
static sqlite3_stmt *
prepare (AggDb                *db,
         const char           *name,
         const AggStoreParam  *params,
         guint                 n_params,
         GError              **error)
{
  sqlite3_stmt *stmt = agg_db_query (db, name, error);

  if (stmt == NULL)
    return NULL;
  g_assert ((int) n_params == sqlite3_bind_parameter_count (stmt));
  for (guint i = 0; i < n_params; i++)
    if (params[i].is_integer)
      sqlite3_bind_int64 (stmt, i + 1, params[i].integer);
    else
      agg_db_bind_text (stmt, i + 1, params[i].text);
  return stmt;
}

gint64
agg_store_query_run (AggDb                *db,
                     const char           *name,
                     const AggStoreParam  *params,
                     guint                 n_params,
                     GError              **error)
{
  g_autoptr(AggDbCachedStmt) stmt = prepare (db, name, params, n_params, error);

  if (stmt == NULL || !agg_db_run (db, stmt, error))
    return -1;
  return sqlite3_changes64 (agg_db_get_handle (db));
}

int
agg_store_query_exists (AggDb                *db,
                        const char           *name,
                        const AggStoreParam  *params,
                        guint                 n_params,
                        GError              **error)
{
  g_autoptr(AggDbCachedStmt) stmt = prepare (db, name, params, n_params, error);
  int rc;

  if (stmt == NULL)
    return -1;
  rc = agg_db_step (db, stmt, error);
  if (rc < 0)
    return -1;
  return rc == SQLITE_ROW;
}

gboolean
agg_store_query_get (AggDb                *db,
                     const char           *name,
                     const AggStoreParam  *params,
                     guint                 n_params,
                     AggStoreReadRow       read_row,
                     gpointer             *row,
                     GError              **error)
{
  g_autoptr(AggDbCachedStmt) stmt = prepare (db, name, params, n_params, error);
  int rc;

  g_return_val_if_fail (row != NULL, FALSE);

  *row = NULL;
  if (stmt == NULL)
    return FALSE;
  rc = agg_db_step (db, stmt, error);
  if (rc < 0)
    return FALSE;
  if (rc == SQLITE_ROW)
    *row = read_row (stmt);
  return TRUE;
}

GPtrArray *
agg_store_query_list (AggDb                *db,
                      const char           *name,
                      const AggStoreParam  *params,
                      guint                 n_params,
                      AggStoreReadRow       read_row,
                      GDestroyNotify        free_row,
                      GError              **error)
{
  g_autoptr(AggDbCachedStmt) stmt = prepare (db, name, params, n_params, error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_row);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = agg_db_step (db, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (rows, read_row (stmt));
  if (rc < 0)
    return NULL;
  return g_steal_pointer (&rows);
}

gboolean
agg_store_query_foreach (AggDb                *db,
                         const char           *name,
                         const AggStoreParam  *params,
                         guint                 n_params,
                         AggStoreStepRow       step_row,
                         gpointer              user_data,
                         GError              **error)
{
  g_autoptr(AggDbCachedStmt) stmt = prepare (db, name, params, n_params, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = agg_db_step (db, stmt, error)) == SQLITE_ROW)
    if (!step_row (stmt, user_data, error))
      return FALSE;
  return rc == SQLITE_DONE;
}

gint64
agg_store_query_last_id (AggDb *db)
{
  return sqlite3_last_insert_rowid (agg_db_get_handle (db));
}

char *
agg_store_column_dup (sqlite3_stmt *stmt,
                      int           index)
{
  return g_strdup (agg_db_column_text (stmt, index));
}
