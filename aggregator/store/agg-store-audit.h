/* agg-store-audit.h — the audit table, append-only: who did what, to what,
 * when. */
#pragma once

#include <glib.h>

#include "agg-db.h"

G_BEGIN_DECLS

/* One record; target and detail are "" when there is none. */
typedef struct
{
  char *at;
  char *actor;
  char *action;
  char *target;
  char *detail;
} AggAuditRow;

void       agg_audit_row_free       (AggAuditRow  *row);

/* Appends a record; @target and @detail may be NULL, stored as "". */
gboolean   agg_store_audit_insert   (AggDb        *db,
                                     const char   *at,
                                     const char   *actor,
                                     const char   *action,
                                     const char   *target,
                                     const char   *detail,
                                     GError      **error);
/* Every record, oldest first: a GPtrArray of AggAuditRow. */
GPtrArray *agg_store_audit_list     (AggDb        *db,
                                     GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AggAuditRow, agg_audit_row_free)

G_END_DECLS
