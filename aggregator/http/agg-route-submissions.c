/* agg-route-submissions.c — POST /api/v1/submissions: a tablet's batch. */
#include "config.h"

#include "agg-api-private.h"
#include "agg-error.h"
#include "agg-ingest.h"

/* Stores the batch of @request on @db: the main connection, or the
 * writer's. */
void
agg_api_submit_batch (AggApiPrivate      *self,
                      AggDb              *db,
                      const AggRequest   *request,
                      const AggPrincipal *principal,
                      AggResponse        *response)
{
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;

  body = agg_api_read_json_body (request, response);
  if (body == NULL)
    return;

  reply = agg_ingest_batch (db, self->forms, self->keys, principal, self->lookups, body, &error);
  if (g_error_matches (error, AGG_ERROR, AGG_ERROR_RATE_LIMITED))
    {
      agg_api_refuse_child_codes (self, db, principal, "uploads", response);
      return;
    }
  if (reply == NULL)
    {
      agg_api_reply_gerror (response, error);
      return;
    }
  agg_api_reply_json (response, 200, reply);
}

void
agg_api_handle_submissions (AggApiPrivate      *self,
                            const AggRequest   *request,
                            const AggPrincipal *principal,
                            const char         *parameter,
                            AggResponse        *response)
{
  agg_api_submit_batch (self, self->db, request, principal, response);
}
