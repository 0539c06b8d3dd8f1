/* agg-store-services.c — adding, finding and listing services. */
#include "config.h"

#include "agg-db-private.h"
#include "agg-store-query.h"
#include "agg-store-services.h"

void
agg_service_row_free (AggServiceRow *row)
{
  if (row == NULL)
    return;
  g_free (row->id);
  g_free (row->name);
  g_free (row->created_at);
  g_free (row);
}

gboolean
agg_store_services_insert (AggDb       *db,
                           const char  *id,
                           const char  *name,
                           const char  *created_at,
                           GError     **error)
{
  const AggStoreParam params[] = {
    AGG_STORE_TEXT (id), AGG_STORE_TEXT (name), AGG_STORE_TEXT (created_at),
  };

  g_return_val_if_fail (AGG_IS_DB (db), FALSE);

  return agg_store_query_run (db, "service-insert", params, G_N_ELEMENTS (params), error) >= 0;
}

int
agg_store_services_exists (AggDb       *db,
                           const char  *id,
                           GError     **error)
{
  const AggStoreParam params[] = { AGG_STORE_TEXT (id) };

  g_return_val_if_fail (AGG_IS_DB (db), -1);

  return agg_store_query_exists (db, "service-get", params, G_N_ELEMENTS (params), error);
}

int
agg_store_services_any (AggDb   *db,
                        GError **error)
{
  g_return_val_if_fail (AGG_IS_DB (db), -1);

  return agg_store_query_exists (db, "service-any", NULL, 0, error);
}

static gpointer
read_service (sqlite3_stmt *stmt)
{
  AggServiceRow *row = g_new0 (AggServiceRow, 1);

  row->id = agg_store_column_dup (stmt, 0);
  row->name = agg_store_column_dup (stmt, 1);
  row->created_at = agg_store_column_dup (stmt, 2);
  row->n_children = sqlite3_column_int64 (stmt, 3);
  row->n_devices = sqlite3_column_int64 (stmt, 4);
  return row;
}

GPtrArray *
agg_store_services_list (AggDb   *db,
                         GError **error)
{
  g_return_val_if_fail (AGG_IS_DB (db), NULL);

  return agg_store_query_list (db, "service-list", NULL, 0, read_service,
                               (GDestroyNotify) agg_service_row_free, error);
}
