/* agg-store-enrolment.c — making, finding and using enrolment codes. */
#include "config.h"

#include "agg-db-private.h"
#include "agg-store-enrolment.h"
#include "agg-store-query.h"

void
agg_enrolment_row_free (AggEnrolmentRow *row)
{
  if (row == NULL)
    return;
  g_free (row->service_id);
  g_free (row->service_name);
  g_free (row->expires_at);
  g_free (row->used_at);
  g_free (row);
}

gboolean
agg_store_enrolment_insert (AggDb       *db,
                            const char  *hash,
                            const char  *service_id,
                            const char  *created_at,
                            const char  *expires_at,
                            GError     **error)
{
  const AggStoreParam params[] = {
    AGG_STORE_TEXT (hash), AGG_STORE_TEXT (service_id), AGG_STORE_TEXT (created_at),
    AGG_STORE_TEXT (expires_at),
  };

  g_return_val_if_fail (AGG_IS_DB (db), FALSE);

  return agg_store_query_run (db, "enrolment-insert", params, G_N_ELEMENTS (params),
                              error) >= 0;
}

static gpointer
read_enrolment (sqlite3_stmt *stmt)
{
  AggEnrolmentRow *row = g_new0 (AggEnrolmentRow, 1);

  row->service_id = agg_store_column_dup (stmt, 0);
  row->service_name = agg_store_column_dup (stmt, 1);
  row->expires_at = agg_store_column_dup (stmt, 2);
  row->used_at = agg_store_column_dup (stmt, 3);
  return row;
}

gboolean
agg_store_enrolment_lookup (AggDb             *db,
                            const char        *hash,
                            AggEnrolmentRow  **row,
                            GError           **error)
{
  const AggStoreParam params[] = { AGG_STORE_TEXT (hash) };

  g_return_val_if_fail (AGG_IS_DB (db), FALSE);

  return agg_store_query_get (db, "enrolment-lookup", params, G_N_ELEMENTS (params),
                              read_enrolment, (gpointer *) row, error);
}

int
agg_store_enrolment_use (AggDb       *db,
                         const char  *hash,
                         const char  *used_at,
                         const char  *device_id,
                         GError     **error)
{
  const AggStoreParam params[] = {
    AGG_STORE_TEXT (hash), AGG_STORE_TEXT (used_at), AGG_STORE_TEXT (device_id),
  };
  gint64 changed;

  g_return_val_if_fail (AGG_IS_DB (db), -1);

  changed = agg_store_query_run (db, "enrolment-use", params, G_N_ELEMENTS (params), error);
  return changed < 0 ? -1 : changed > 0;
}
