/* agg-audit.c — appending to the audit trail and reading it. */
#include "config.h"

#include "agg-audit.h"

gboolean
agg_audit_record (AggDb       *db,
                  const char  *actor,
                  const char  *action,
                  const char  *target,
                  const char  *detail,
                  GError     **error)
{
  g_autofree char *now = agg_db_timestamp_now ();

  g_return_val_if_fail (AGG_IS_DB (db), FALSE);
  g_return_val_if_fail (actor != NULL && action != NULL, FALSE);

  return agg_store_audit_insert (db, now, actor, action, target, detail, error);
}

GPtrArray *
agg_audit_list (AggDb   *db,
                GError **error)
{
  g_return_val_if_fail (AGG_IS_DB (db), NULL);

  return agg_store_audit_list (db, error);
}

char *
agg_audit_cli_actor (void)
{
  return g_strconcat ("cli:", g_get_user_name (), NULL);
}
