/* agg-store-tokens.c — adding, finding, revoking and listing tokens. */
#include "config.h"

#include "agg-db-private.h"
#include "agg-store-query.h"
#include "agg-store-tokens.h"

void
agg_token_row_free (AggTokenRow *row)
{
  if (row == NULL)
    return;
  g_free (row->id);
  g_free (row->role);
  g_free (row->service_id);
  g_free (row->name);
  g_free (row->created_at);
  g_free (row->revoked_at);
  g_free (row);
}

gboolean
agg_store_tokens_insert (AggDb       *db,
                         const char  *id,
                         const char  *role,
                         const char  *service_id,
                         const char  *name,
                         const char  *hash,
                         const char  *created_at,
                         GError     **error)
{
  const AggStoreParam params[] = {
    AGG_STORE_TEXT (id), AGG_STORE_TEXT (role), AGG_STORE_TEXT (service_id),
    AGG_STORE_TEXT (name), AGG_STORE_TEXT (hash), AGG_STORE_TEXT (created_at),
  };

  g_return_val_if_fail (AGG_IS_DB (db), FALSE);

  return agg_store_query_run (db, "token-insert", params, G_N_ELEMENTS (params), error) >= 0;
}

/* Every statement of the tokens starts id, role, service_id; token-get
 * adds revoked_at, and token-list name and created_at after that. */
static gpointer
read_token (sqlite3_stmt *stmt)
{
  AggTokenRow *row = g_new0 (AggTokenRow, 1);
  int n_columns = sqlite3_column_count (stmt);

  row->id = agg_store_column_dup (stmt, 0);
  row->role = agg_store_column_dup (stmt, 1);
  row->service_id = agg_store_column_dup (stmt, 2);
  if (n_columns > 3)
    row->revoked_at = agg_store_column_dup (stmt, 3);
  if (n_columns > 5)
    {
      row->name = agg_store_column_dup (stmt, 4);
      row->created_at = agg_store_column_dup (stmt, 5);
    }
  return row;
}

gboolean
agg_store_tokens_get (AggDb         *db,
                      const char    *id,
                      AggTokenRow  **row,
                      GError       **error)
{
  const AggStoreParam params[] = { AGG_STORE_TEXT (id) };

  g_return_val_if_fail (AGG_IS_DB (db), FALSE);

  return agg_store_query_get (db, "token-get", params, G_N_ELEMENTS (params), read_token,
                              (gpointer *) row, error);
}

gboolean
agg_store_tokens_lookup (AggDb         *db,
                         const char    *hash,
                         AggTokenRow  **row,
                         GError       **error)
{
  const AggStoreParam params[] = { AGG_STORE_TEXT (hash) };

  g_return_val_if_fail (AGG_IS_DB (db), FALSE);

  return agg_store_query_get (db, "token-lookup", params, G_N_ELEMENTS (params),
                              read_token, (gpointer *) row, error);
}

int
agg_store_tokens_revoke (AggDb       *db,
                         const char  *id,
                         const char  *revoked_at,
                         GError     **error)
{
  const AggStoreParam params[] = { AGG_STORE_TEXT (id), AGG_STORE_TEXT (revoked_at) };
  gint64 changed;

  g_return_val_if_fail (AGG_IS_DB (db), -1);

  changed = agg_store_query_run (db, "token-revoke", params, G_N_ELEMENTS (params), error);
  return changed < 0 ? -1 : changed > 0;
}

GPtrArray *
agg_store_tokens_list (AggDb       *db,
                       const char  *role,
                       const char  *service_id,
                       GError     **error)
{
  const AggStoreParam params[] = { AGG_STORE_TEXT (role), AGG_STORE_TEXT (service_id) };

  g_return_val_if_fail (AGG_IS_DB (db), NULL);

  return agg_store_query_list (db, "token-list", params, G_N_ELEMENTS (params),
                               read_token, (GDestroyNotify) agg_token_row_free, error);
}
