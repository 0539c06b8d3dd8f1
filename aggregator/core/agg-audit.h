/* agg-audit.h — the audit trail: who did what, to what, when.
 *
 * Enrolments, revocations, token and child creation, DSR changes, every
 * report pulled and each run of a token's child-code refusals are
 * recorded.  A record never holds a token or an
 * enrolment code.  Record inside the same transaction as the change, so an
 * action and its record stand or fall together.
 */
#pragma once

#include <glib.h>

#include "agg-db.h"
#include "agg-store-audit.h"

G_BEGIN_DECLS

gboolean   agg_audit_record     (AggDb       *db,
                                 const char  *actor,
                                 const char  *action,
                                 const char  *target,
                                 const char  *detail,
                                 GError     **error);

/* The whole trail, oldest first: a GPtrArray of AggAuditRow. */
GPtrArray *agg_audit_list       (AggDb       *db,
                                 GError     **error);

/* The actor for an admin verb: "cli:" and the login name. */
char      *agg_audit_cli_actor  (void);

G_END_DECLS
