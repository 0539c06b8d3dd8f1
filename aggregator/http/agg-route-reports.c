/* agg-route-reports.c — GET /api/v1/reports/{name}: who may see which
 * service, and the audit record without which no report is handed out.
 * agg-api-report-pool.c renders the reports of agg_api_handle_async(). */
#include "config.h"

#include <glib/gi18n.h>

#include "agg-admin.h"
#include "agg-api-private.h"
#include "agg-audit.h"
#include "agg-report-request.h"

/* Fixes which service a report covers: a service token sees its own
 * service and nothing else, whatever it asks for; an evaluator may narrow
 * to one service (NULL: every service).  FALSE when @response says no. */
gboolean
agg_api_report_scope (const AggRequest    *request,
                      const AggPrincipal  *principal,
                      const char         **service_id,
                      AggResponse         *response)
{
  const char *asked = request->query != NULL ? g_hash_table_lookup (request->query, "service") : NULL;

  if (principal->role == AGG_ROLE_SERVICE)
    {
      if (asked != NULL && g_strcmp0 (asked, principal->service_id) != 0)
        {
          agg_api_reply_error (response, 403, "forbidden", _("a service token reports on its own service only"));
          return FALSE;
        }
      *service_id = principal->service_id;
    }
  else
    {
      if (asked != NULL && !agg_admin_is_service_id (asked))
        {
          agg_api_reply_error (response, 400, "bad-request", _("“service” is not a service id"));
          return FALSE;
        }
      *service_id = asked;
    }
  return TRUE;
}

/* The detail of the audit record of a report pulled over HTTP. */
char *
agg_api_report_audit_detail (const char *service_id,
                             GHashTable *query)
{
  const char *format = query != NULL ? g_hash_table_lookup (query, "format") : NULL;

  return g_strdup_printf ("service=%s format=%s",
                          service_id != NULL ? service_id : "*",
                          format != NULL ? format : "json");
}

/* Fills @response with a report whose pull is audited.  Takes
 * @content_type and @body. */
void
agg_api_give_report (char        **content_type,
                     GBytes      **body,
                     AggResponse  *response)
{
  response->status = 200;
  g_free (response->content_type);
  response->content_type = g_steal_pointer (content_type);
  g_clear_pointer (&response->body, g_bytes_unref);
  response->body = g_steal_pointer (body);
}

/* Every report pulled is audited; if the record cannot be written the
 * report is not handed out.  Takes @content_type and @body. */
static void
hand_out_report (AggApiPrivate  *self,
                 const char     *actor,
                 const char     *name,
                 const char     *detail,
                 char          **content_type,
                 GBytes        **body,
                 AggResponse    *response)
{
  g_autoptr(GError) error = NULL;

  if (!agg_audit_record (self->db, actor, "report", name, detail, &error))
    {
      agg_api_reply_gerror (response, error);
      return;
    }
  agg_api_give_report (content_type, body, response);
}

/* The synchronous way, for agg_api_handle(): rendered here, on the main
 * connection. */
void
agg_api_handle_report (AggApiPrivate      *self,
                       const AggRequest   *request,
                       const AggPrincipal *principal,
                       const char         *parameter,
                       AggResponse        *response)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *content_type = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *detail = NULL;
  AggReportScope scope = { principal->role, NULL, principal->token_id, self->forms };

  if (!agg_api_report_scope (request, principal, &scope.service_id, response))
    return;

  if (!agg_report_request_render (self->db, parameter, &scope, request->query, &content_type,
                                  &body, &error))
    {
      agg_api_reply_gerror (response, error);
      return;
    }

  detail = agg_api_report_audit_detail (scope.service_id, request->query);
  hand_out_report (self, principal->token_id, parameter, detail, &content_type, &body, response);
}
