/* agg-store-children.c — children, their DSR ratings, and what is due. */
#include "config.h"

#include "agg-db-private.h"
#include "agg-store-children.h"
#include "agg-store-query.h"

void
agg_child_row_free (AggChildRow *row)
{
  if (row == NULL)
    return;
  g_free (row->code);
  g_free (row->service_id);
  g_free (row->age_band);
  g_free (row->dsr);
  g_free (row->dsr_since);
  g_free (row);
}

void
agg_dsr_row_free (AggDsrRow *row)
{
  if (row == NULL)
    return;
  g_free (row->rating);
  g_free (row->rated_on);
  g_free (row->recorded_at);
  g_free (row);
}

void
agg_goal_set_row_free (AggGoalSetRow *row)
{
  if (row == NULL)
    return;
  g_free (row->set_on);
  g_free (row->goals);
  g_free (row);
}

gboolean
agg_store_children_insert (AggDb       *db,
                           const char  *code,
                           const char  *service_id,
                           const char  *age_band,
                           const char  *created_at,
                           gint64      *id,
                           GError     **error)
{
  const AggStoreParam params[] = {
    AGG_STORE_TEXT (code), AGG_STORE_TEXT (service_id), AGG_STORE_TEXT (age_band),
    AGG_STORE_TEXT (created_at),
  };

  g_return_val_if_fail (AGG_IS_DB (db), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (agg_store_query_run (db, "child-insert", params, G_N_ELEMENTS (params), error) < 0)
    return FALSE;
  *id = agg_store_query_last_id (db);
  return TRUE;
}

/* child-get: id, service_id, age_band; the caller knows the code. */
static gpointer
read_child (sqlite3_stmt *stmt)
{
  AggChildRow *row = g_new0 (AggChildRow, 1);

  row->id = sqlite3_column_int64 (stmt, 0);
  row->service_id = agg_store_column_dup (stmt, 1);
  row->age_band = agg_store_column_dup (stmt, 2);
  return row;
}

gboolean
agg_store_children_get (AggDb         *db,
                        const char    *code,
                        AggChildRow  **row,
                        GError       **error)
{
  const AggStoreParam params[] = { AGG_STORE_TEXT (code) };

  g_return_val_if_fail (AGG_IS_DB (db), FALSE);
  g_return_val_if_fail (row != NULL, FALSE);

  if (!agg_store_query_get (db, "child-get", params, G_N_ELEMENTS (params), read_child,
                            (gpointer *) row, error))
    return FALSE;
  if (*row != NULL)
    (*row)->code = g_strdup (code);
  return TRUE;
}

/* child-list: code, service_id, age_band, dsr, dsr_since, goal set. */
static gpointer
read_listed_child (sqlite3_stmt *stmt)
{
  AggChildRow *row = g_new0 (AggChildRow, 1);

  row->code = agg_store_column_dup (stmt, 0);
  row->service_id = agg_store_column_dup (stmt, 1);
  row->age_band = agg_store_column_dup (stmt, 2);
  row->dsr = agg_store_column_dup (stmt, 3);
  row->dsr_since = agg_store_column_dup (stmt, 4);
  /* max () of no goal set is NULL, which reads as 0: versions start at 1. */
  row->goal_set_version = sqlite3_column_int64 (stmt, 5);
  return row;
}

GPtrArray *
agg_store_children_list (AggDb       *db,
                         const char  *service_id,
                         GError     **error)
{
  const AggStoreParam params[] = { AGG_STORE_TEXT (service_id) };

  g_return_val_if_fail (AGG_IS_DB (db), NULL);

  return agg_store_query_list (db, "child-list", params, G_N_ELEMENTS (params),
                               read_listed_child, (GDestroyNotify) agg_child_row_free, error);
}

gboolean
agg_store_children_add_dsr (AggDb       *db,
                            gint64       child_id,
                            const char  *rating,
                            const char  *rated_on,
                            const char  *recorded_at,
                            GError     **error)
{
  const AggStoreParam params[] = {
    AGG_STORE_INT (child_id), AGG_STORE_TEXT (rating), AGG_STORE_TEXT (rated_on),
    AGG_STORE_TEXT (recorded_at),
  };

  g_return_val_if_fail (AGG_IS_DB (db), FALSE);

  return agg_store_query_run (db, "dsr-insert", params, G_N_ELEMENTS (params), error) >= 0;
}

/* dsr-current: rating, rated_on; dsr-history adds recorded_at. */
static gpointer
read_dsr (sqlite3_stmt *stmt)
{
  AggDsrRow *row = g_new0 (AggDsrRow, 1);

  row->rating = agg_store_column_dup (stmt, 0);
  row->rated_on = agg_store_column_dup (stmt, 1);
  if (sqlite3_column_count (stmt) > 2)
    row->recorded_at = agg_store_column_dup (stmt, 2);
  return row;
}

gboolean
agg_store_children_current_dsr (AggDb       *db,
                                gint64       child_id,
                                AggDsrRow  **row,
                                GError     **error)
{
  const AggStoreParam params[] = { AGG_STORE_INT (child_id) };

  g_return_val_if_fail (AGG_IS_DB (db), FALSE);

  return agg_store_query_get (db, "dsr-current", params, G_N_ELEMENTS (params), read_dsr,
                              (gpointer *) row, error);
}

GPtrArray *
agg_store_children_dsr_history (AggDb   *db,
                                gint64   child_id,
                                GError **error)
{
  const AggStoreParam params[] = { AGG_STORE_INT (child_id) };

  g_return_val_if_fail (AGG_IS_DB (db), NULL);

  return agg_store_query_list (db, "dsr-history", params, G_N_ELEMENTS (params), read_dsr,
                               (GDestroyNotify) agg_dsr_row_free, error);
}

/* goal-set-current: version, set_on, goals. */
static gpointer
read_goal_set (sqlite3_stmt *stmt)
{
  AggGoalSetRow *row = g_new0 (AggGoalSetRow, 1);

  row->version = sqlite3_column_int64 (stmt, 0);
  row->set_on = agg_store_column_dup (stmt, 1);
  row->goals = agg_store_column_dup (stmt, 2);
  return row;
}

gboolean
agg_store_children_current_goal_set (AggDb          *db,
                                     gint64          child_id,
                                     AggGoalSetRow **row,
                                     GError        **error)
{
  const AggStoreParam params[] = { AGG_STORE_INT (child_id) };

  g_return_val_if_fail (AGG_IS_DB (db), FALSE);

  return agg_store_query_get (db, "goal-set-current", params, G_N_ELEMENTS (params),
                              read_goal_set, (gpointer *) row, error);
}

static gpointer
read_text (sqlite3_stmt *stmt)
{
  return agg_store_column_dup (stmt, 0);
}

gboolean
agg_store_children_last_answered (AggDb       *db,
                                  gint64       child_id,
                                  const char  *form_id,
                                  char       **completed,
                                  GError     **error)
{
  const AggStoreParam params[] = { AGG_STORE_INT (child_id), AGG_STORE_TEXT (form_id) };

  g_return_val_if_fail (AGG_IS_DB (db), FALSE);

  /* max () answers one row, NULL when the child never answered. */
  return agg_store_query_get (db, "submission-last-of-form", params, G_N_ELEMENTS (params),
                              read_text, (gpointer *) completed, error);
}

int
agg_store_children_offered_in (AggDb       *db,
                               gint64       child_id,
                               const char  *month,
                               GError     **error)
{
  const AggStoreParam params[] = { AGG_STORE_INT (child_id), AGG_STORE_TEXT (month) };

  g_return_val_if_fail (AGG_IS_DB (db), -1);

  return agg_store_query_exists (db, "offer-exists-for-month", params, G_N_ELEMENTS (params),
                                 error);
}
