/* agg-store-audit.c — appending to the audit table and reading it back. */
#include "config.h"

#include "agg-db-private.h"
#include "agg-store-audit.h"
#include "agg-store-query.h"

void
agg_audit_row_free (AggAuditRow *row)
{
  if (row == NULL)
    return;
  g_free (row->at);
  g_free (row->actor);
  g_free (row->action);
  g_free (row->target);
  g_free (row->detail);
  g_free (row);
}

gboolean
agg_store_audit_insert (AggDb       *db,
                        const char  *at,
                        const char  *actor,
                        const char  *action,
                        const char  *target,
                        const char  *detail,
                        GError     **error)
{
  const AggStoreParam params[] = {
    AGG_STORE_TEXT (at), AGG_STORE_TEXT (actor), AGG_STORE_TEXT (action),
    AGG_STORE_TEXT (target != NULL ? target : ""),
    AGG_STORE_TEXT (detail != NULL ? detail : ""),
  };

  g_return_val_if_fail (AGG_IS_DB (db), FALSE);

  return agg_store_query_run (db, "audit-insert", params, G_N_ELEMENTS (params), error) >= 0;
}

static gpointer
read_record (sqlite3_stmt *stmt)
{
  AggAuditRow *row = g_new0 (AggAuditRow, 1);

  row->at = agg_store_column_dup (stmt, 0);
  row->actor = agg_store_column_dup (stmt, 1);
  row->action = agg_store_column_dup (stmt, 2);
  row->target = agg_store_column_dup (stmt, 3);
  row->detail = agg_store_column_dup (stmt, 4);
  return row;
}

GPtrArray *
agg_store_audit_list (AggDb   *db,
                      GError **error)
{
  g_return_val_if_fail (AGG_IS_DB (db), NULL);

  return agg_store_query_list (db, "audit-list", NULL, 0, read_record,
                               (GDestroyNotify) agg_audit_row_free, error);
}
