/* agg-route-children.c — GET /api/v1/children/{code}, and the child-code
 * budget of a token: lookups and uploads naming unknown children draw on
 * it, and a token that has used it up is refused and audited. */
#include "config.h"

#include <glib/gi18n.h>

#include "agg-api-private.h"
#include "agg-audit.h"
#include "agg-children.h"

/* Writes the first refusal of a run to the audit trail, on @db, unless it
 * is written already: the writer may find several queued for one run. */
static void
record_child_code_limit (AggApiPrivate *self,
                         AggDb         *db,
                         const char    *token_id,
                         const char    *by)
{
  gint64 now = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;

  if (agg_rate_limiter_is_flagged (self->lookups, token_id, now))
    return;
  detail = g_strconcat ("by=", by, NULL);
  if (agg_audit_record (db, token_id, "child-code-limit", token_id, detail, &error))
    agg_rate_limiter_flag (self->lookups, token_id, now);
  else
    g_message ("cannot record a child-code limit in the audit trail: %s", error->message);
}

/* On the writer thread: the audit record of a lookup's child-code
 * refusal (agg_api_refuse_child_codes()).  A refusal is only logged, as a
 * record that cannot be written is; the next refusal of the run tries
 * again. */
static void
write_child_code_limit (AggApiPrivate *self,
                        AggDb         *db,
                        GCancellable  *cancellable,
                        gpointer       data,
                        const GError  *refusal)
{
  if (refusal != NULL)
    g_message ("cannot record a child-code limit in the audit trail: %s", refusal->message);
  else
    record_child_code_limit (self, db, data, "lookups");
}

static void
queue_child_code_limit (AggApiPrivate *self,
                        const char    *token_id)
{
  agg_api_queue_write (self, write_child_code_limit, g_strdup (token_id), g_free);
}

/* A token that has used up its child-code budget, by lookups or by
 * uploads naming unknown children (agg_ingest_batch()): 429 until the
 * bucket holds a request again.  The first refusal of each run goes to the
 * audit trail (a run ends when the bucket is full again), so that an
 * administrator sees a tablet that guesses codes and can revoke it: on
 * @db, or by the writer when @db is NULL (a lookup on the main thread). */
void
agg_api_refuse_child_codes (AggApiPrivate      *self,
                            AggDb              *db,
                            const AggPrincipal *principal,
                            const char         *by,
                            AggResponse        *response)
{
  gint64 now = g_get_monotonic_time ();

  agg_api_reply_error (response, 429, "rate-limited",
                       _("too many child lookups or unknown child codes; wait and try again"));
  response->retry_after = MAX (1, agg_rate_limiter_get_wait (self->lookups, principal->token_id, now));

  if (agg_rate_limiter_is_flagged (self->lookups, principal->token_id, now))
    return;
  if (db != NULL)
    record_child_code_limit (self, db, principal->token_id, by);
  else
    queue_child_code_limit (self, principal->token_id);
}

void
agg_api_handle_child (AggApiPrivate      *self,
                      const AggRequest   *request,
                      const AggPrincipal *principal,
                      const char         *parameter,
                      AggResponse        *response)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(JsonNode) child = NULL;
  g_autoptr(GError) error = NULL;

  /* The bucket is taken before the lookup, so a guess costs the same
   * whether or not the code exists. */
  if (!agg_rate_limiter_take (self->lookups, principal->token_id, g_get_monotonic_time ()))
    {
      agg_api_refuse_child_codes (self, self->defer_writes ? NULL : self->db, principal, "lookups",
                                  response);
      return;
    }

  child = agg_children_describe (self->db, self->forms, parameter, principal->service_id, now, &error);
  if (child == NULL)
    {
      agg_api_reply_gerror (response, error);
      return;
    }
  agg_api_reply_json (response, 200, child);
}

