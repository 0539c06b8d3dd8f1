/* agg-report-request.h — a report asked for by name, with the query
 * parameters of GET /api/v1/reports/{name} and the caller's scope
 * (docs/reports.md, docs/api.md).  The reports themselves are agg-report.h's.
 *
 * The HTTP API calls agg_report_request_render() after it has checked the
 * caller's role and fixed the scope: a service
 * token only ever gets its own service; an evaluator gets every service,
 * or the one it asked for with ?service=ID.  The API records every report
 * pulled in the audit table.
 */
#pragma once

#include <glib.h>

#include "agg-form-registry.h"
#include "agg-principal.h"
#include "agg-store-reports.h"

G_BEGIN_DECLS

typedef struct
{
  AggRole     role;         /* AGG_ROLE_SERVICE or AGG_ROLE_EVALUATOR */
  const char *service_id;   /* the one service to report on; NULL = every service */
  const char *actor;        /* token id, or "cli:USER" */
  AggFormRegistry *forms;   /* the server's forms; NULL: agg_form_registry_default_dir () */
} AggReportScope;

/* Renders report @name ("change", "cohort", "experience") over @scope.
 * @query holds the other query parameters ("format", "from", "to"), all
 * strings.  Errors: AGG_ERROR_NOT_FOUND for an unknown report (404),
 * AGG_ERROR_INVALID for a bad parameter (400), AGG_ERROR_NOT_IMPLEMENTED
 * (501) while a report is not written yet; anything else is a 500. */
gboolean agg_report_request_render (AggDb                 *db,
                                    const char            *name,
                                    const AggReportScope  *scope,
                                    GHashTable            *query,
                                    char                 **content_type,
                                    GBytes               **body,
                                    GError               **error);

G_END_DECLS
