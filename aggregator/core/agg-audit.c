/* agg-audit.c — appending to the audit table. */
#include "config.h"

#include "agg-audit.h"
#include "agg-sql.h"

gboolean
agg_audit_record (AggDb       *db,
                  const char  *actor,
                  const char  *action,
                  const char  *target,
                  const char  *detail,
                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = agg_db_timestamp_now ();

  g_return_val_if_fail (AGG_IS_DB (db), FALSE);
  g_return_val_if_fail (actor != NULL && action != NULL, FALSE);

  stmt = agg_db_prepare (db, AGG_SQL_AUDIT_INSERT, error);
  if (stmt == NULL)
    return FALSE;
  agg_db_bind_text (stmt, 1, now);
  agg_db_bind_text (stmt, 2, actor);
  agg_db_bind_text (stmt, 3, action);
  agg_db_bind_text (stmt, 4, target != NULL ? target : "");
  agg_db_bind_text (stmt, 5, detail != NULL ? detail : "");
  return agg_db_run (db, stmt, error);
}

char *
agg_audit_cli_actor (void)
{
  return g_strconcat ("cli:", g_get_user_name (), NULL);
}
