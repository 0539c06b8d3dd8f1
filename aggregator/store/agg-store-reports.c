/* agg-store-reports.c — the reports' queries, stepped here so that
 * report/ never sees a statement. */
#include "config.h"

#include "agg-db-private.h"
#include "agg-store-query.h"
#include "agg-store-reports.h"

gboolean
agg_store_reports_begin_read (AggDb     *db,
                              gboolean  *began,
                              GError   **error)
{
  g_return_val_if_fail (AGG_IS_DB (db), FALSE);
  g_return_val_if_fail (began != NULL, FALSE);

  *began = FALSE;
  if (!sqlite3_get_autocommit (agg_db_get_handle (db)))
    return TRUE;
  if (!agg_db_exec (db, "BEGIN DEFERRED", error))
    return FALSE;
  *began = TRUE;
  return TRUE;
}

void
agg_store_reports_end_read (AggDb    *db,
                            gboolean  began)
{
  g_return_if_fail (AGG_IS_DB (db));

  if (began)
    agg_db_rollback (db);
}

GHashTable *
agg_store_reports_service_names (AggDb   *db,
                                 GError **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(AggDbCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (AGG_IS_DB (db), NULL);

  stmt = agg_db_query (db, "report-services", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = agg_db_step (db, stmt, error)) == SQLITE_ROW)
    g_hash_table_insert (names, g_strdup (agg_db_column_text (stmt, 0)),
                         g_strdup (agg_db_column_text (stmt, 1)));
  if (rc != SQLITE_DONE)
    return NULL;
  return g_steal_pointer (&names);
}

GStrv
agg_store_reports_service_ids (AggDb       *db,
                               const char  *service_id,
                               GError     **error)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_autoptr(AggDbCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (AGG_IS_DB (db), NULL);

  stmt = agg_db_query (db, "report-services", error);
  if (stmt == NULL)
    return NULL;
  agg_db_bind_text (stmt, 1, service_id);
  while ((rc = agg_db_step (db, stmt, error)) == SQLITE_ROW)
    g_strv_builder_add (ids, agg_db_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    return NULL;
  return g_strv_builder_end (ids);
}

/* Turns the row @stmt is on into a report's row and hands it to @func. */
typedef gboolean (*RowFunc) (sqlite3_stmt  *stmt,
                             GCallback      func,
                             gpointer       user_data,
                             GError       **error);

typedef struct
{
  RowFunc   row_func;
  GCallback func;
  gpointer  user_data;
} Walk;

static gboolean
step_row (sqlite3_stmt  *stmt,
          gpointer       data,
          GError       **error)
{
  Walk *walk = data;

  return walk->row_func (stmt, walk->func, walk->user_data, error);
}

/* Runs the query @name with the report parameters ?1…?3 (an unused one is
 * NULL) and hands every row to @row_func.  The guards of the public
 * walkers are here, their one caller. */
static gboolean
walk (AggDb       *db,
      const char  *name,
      const char  *p1,
      const char  *p2,
      const char  *p3,
      RowFunc      row_func,
      GCallback    func,
      gpointer     user_data,
      GError     **error)
{
  const AggStoreParam params[] = {
    AGG_STORE_TEXT (p1), AGG_STORE_TEXT (p2), AGG_STORE_TEXT (p3)
  };
  Walk walk = { row_func, func, user_data };

  g_return_val_if_fail (AGG_IS_DB (db), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  return agg_store_query_foreach (db, name, params, G_N_ELEMENTS (params), step_row, &walk,
                                  error);
}

static gboolean
is_null (sqlite3_stmt *stmt,
         int           index)
{
  return sqlite3_column_type (stmt, index) == SQLITE_NULL;
}

static gboolean
change_point_row (sqlite3_stmt  *stmt,
                  GCallback      func,
                  gpointer       user_data,
                  GError       **error)
{
  AggStoreChangePoint point = {
    .code = agg_db_column_text (stmt, 0),
    .service_id = agg_db_column_text (stmt, 1),
    .service_name = agg_db_column_text (stmt, 2),
    .age_band = agg_db_column_text (stmt, 3),
    .dsr = agg_db_column_text (stmt, 4),
    .measure = agg_db_column_text (stmt, 5),
    .kind = agg_db_column_text (stmt, 6),
    .respondent = agg_db_column_text (stmt, 7),
    .date = agg_db_column_text (stmt, 8),
    .scored = !is_null (stmt, 9),
    .score = sqlite3_column_double (stmt, 9),
    .k = sqlite3_column_int (stmt, 10),
    .n = sqlite3_column_int (stmt, 11),
    .has_pct_expected = !is_null (stmt, 12),
    .pct_expected = sqlite3_column_double (stmt, 12),
    .status = agg_db_column_text (stmt, 13),
    .goal_set = sqlite3_column_int (stmt, 14),
  };

  return ((AggStoreChangePointFunc) func) (&point, user_data, error);
}

gboolean
agg_store_reports_change_points (AggDb                    *db,
                                 const char               *service_id,
                                 const char               *to,
                                 AggStoreChangePointFunc   func,
                                 gpointer                  user_data,
                                 GError                  **error)
{
  return walk (db, "report-change-points", service_id, NULL, to,
               change_point_row, G_CALLBACK (func), user_data, error);
}

gboolean
agg_store_reports_experience_span (AggDb       *db,
                                   const char  *service_id,
                                   char       **first_month,
                                   char       **last_month,
                                   GError     **error)
{
  g_autoptr(AggDbCachedStmt) stmt = NULL;

  g_return_val_if_fail (AGG_IS_DB (db), FALSE);
  g_return_val_if_fail (first_month != NULL && last_month != NULL, FALSE);

  stmt = agg_db_query (db, "report-experience-span", error);
  if (stmt == NULL)
    return FALSE;
  agg_db_bind_text (stmt, 1, service_id);
  if (agg_db_step (db, stmt, error) != SQLITE_ROW)
    return FALSE;
  *first_month = g_strdup (agg_db_column_text (stmt, 0));
  *last_month = g_strdup (agg_db_column_text (stmt, 1));
  return TRUE;
}

/* Runs the counting query @name with @n_params text parameters and reads
 * its one row's first @n_counts columns. */
static gboolean
count (AggDb              *db,
       const char         *name,
       const char * const *params,
       guint               n_params,
       guint              *counts,
       guint               n_counts,
       GError            **error)
{
  g_autoptr(AggDbCachedStmt) stmt = agg_db_query (db, name, error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n_params; i++)
    agg_db_bind_text (stmt, i + 1, params[i]);
  if (agg_db_step (db, stmt, error) != SQLITE_ROW)
    return FALSE;
  for (guint i = 0; i < n_counts; i++)
    counts[i] = sqlite3_column_int (stmt, i);
  return TRUE;
}

gboolean
agg_store_reports_experience_registered (AggDb       *db,
                                         const char  *service_id,
                                         const char  *last_day,
                                         const char  *first_month,
                                         const char  *last_month,
                                         guint       *registered,
                                         GError     **error)
{
  const char * const params[] = { service_id, last_day, first_month, last_month };

  g_return_val_if_fail (AGG_IS_DB (db), FALSE);

  return count (db, "report-experience-registered", params, G_N_ELEMENTS (params),
                registered, 1, error);
}

gboolean
agg_store_reports_experience_asked (AggDb       *db,
                                    const char  *service_id,
                                    const char  *first_month,
                                    const char  *last_month,
                                    guint       *asked,
                                    guint       *completed,
                                    GError     **error)
{
  const char * const params[] = { service_id, first_month, last_month };
  guint counts[2];

  g_return_val_if_fail (AGG_IS_DB (db), FALSE);

  if (!count (db, "report-experience-asked", params, G_N_ELEMENTS (params), counts,
              G_N_ELEMENTS (counts), error))
    return FALSE;
  *asked = counts[0];
  *completed = counts[1];
  return TRUE;
}

static gboolean
response_row (sqlite3_stmt  *stmt,
              GCallback      func,
              gpointer       user_data,
              GError       **error)
{
  AggStoreExperienceResponse response = {
    .service_id = agg_db_column_text (stmt, 0),
    .month = agg_db_column_text (stmt, 1),
    .form_id = agg_db_column_text (stmt, 2),
    .form_version = sqlite3_column_int (stmt, 3),
    .answers = agg_db_column_text (stmt, 4),
  };

  return ((AggStoreExperienceResponseFunc) func) (&response, user_data, error);
}

gboolean
agg_store_reports_experience_responses (AggDb                          *db,
                                        const char                     *service_id,
                                        const char                     *first_month,
                                        const char                     *last_month,
                                        AggStoreExperienceResponseFunc  func,
                                        gpointer                        user_data,
                                        GError                        **error)
{
  return walk (db, "report-experience-responses", service_id, first_month, last_month,
               response_row, G_CALLBACK (func), user_data, error);
}

static gboolean
export_score_row (sqlite3_stmt  *stmt,
                  GCallback      func,
                  gpointer       user_data,
                  GError       **error)
{
  AggStoreExportScore row = {
    .code = agg_db_column_text (stmt, 0),
    .service_id = agg_db_column_text (stmt, 1),
    .age_band = agg_db_column_text (stmt, 2),
    .dsr = agg_db_column_text (stmt, 3),
    .form_id = agg_db_column_text (stmt, 4),
    .form_version = agg_db_column_text (stmt, 5),
    .respondent = agg_db_column_text (stmt, 6),
    .mode = agg_db_column_text (stmt, 7),
    .date = agg_db_column_text (stmt, 8),
    .goal_set = agg_db_column_text (stmt, 9),
    .measure = agg_db_column_text (stmt, 10),
    .kind = agg_db_column_text (stmt, 11),
    .has_score = !is_null (stmt, 12),
    .score = sqlite3_column_double (stmt, 12),
    .k = agg_db_column_text (stmt, 13),
    .n = agg_db_column_text (stmt, 14),
    .has_pct_expected = !is_null (stmt, 15),
    .pct_expected = sqlite3_column_double (stmt, 15),
    .status = agg_db_column_text (stmt, 16),
    .flags = agg_db_column_text (stmt, 17),
  };

  return ((AggStoreExportScoreFunc) func) (&row, user_data, error);
}

gboolean
agg_store_reports_export_scores (AggDb                    *db,
                                 const char               *service_id,
                                 const char               *from,
                                 const char               *to,
                                 AggStoreExportScoreFunc   func,
                                 gpointer                  user_data,
                                 GError                  **error)
{
  return walk (db, "report-export-scores", service_id, from, to,
               export_score_row, G_CALLBACK (func), user_data, error);
}

gboolean
agg_store_reports_export_responses (AggDb                          *db,
                                    const char                     *service_id,
                                    const char                     *from_month,
                                    const char                     *to_month,
                                    AggStoreExperienceResponseFunc  func,
                                    gpointer                        user_data,
                                    GError                        **error)
{
  return walk (db, "report-export-responses", service_id, from_month, to_month,
               response_row, G_CALLBACK (func), user_data, error);
}
