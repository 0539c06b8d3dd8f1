/* agg-route-devices.c — POST /api/v1/devices: a tablet exchanges an
 * enrolment code for its token. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "agg-admin.h"
#include "agg-api-private.h"
#include "agg-json.h"

/* The enrolment limit, taken on the caller's thread before anything is
 * queued for the writer, so that strangers cannot fill its queue.  FALSE
 * when @response already says no. */
gboolean
agg_api_take_enrolment (AggApiPrivate    *self,
                        const AggRequest *request,
                        AggResponse      *response)
{
  if (!agg_rate_limiter_take (self->enrolments,
                              request->remote != NULL ? request->remote : "",
                              g_get_monotonic_time ()))
    {
      agg_api_reply_error (response, 429, "rate-limited", _("too many enrolment attempts; wait and try again"));
      response->retry_after = (guint) ceil (60.0 / AGG_API_ENROL_PER_MINUTE);
      return FALSE;
    }
  return TRUE;
}

/* Enrols the device of @request on @db: the main connection, or the
 * writer's. */
void
agg_api_enrol_device (AggApiPrivate      *self,
                      AggDb              *db,
                      const AggRequest   *request,
                      const AggPrincipal *principal,
                      AggResponse        *response)
{
  static const char * const enrol_members[] = { "code", "name", NULL };
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(AggEnrolment) enrolment = { 0 };
  JsonObject *object;
  JsonNode *code;
  JsonNode *name;

  body = agg_api_read_json_body (request, response);
  if (body == NULL)
    return;
  if (!JSON_NODE_HOLDS_OBJECT (body))
    {
      agg_api_reply_error (response, 400, "bad-request",
                           _("the body must be an object {\"code\": …, \"name\": …}"));
      return;
    }
  object = json_node_get_object (body);
  if (!agg_json_check_members (object, enrol_members, _("the body"), &error))
    {
      agg_api_reply_gerror (response, error);
      return;
    }
  code = json_object_get_member (object, "code");
  name = json_object_get_member (object, "name");
  if (code == NULL || !JSON_NODE_HOLDS_VALUE (code) ||
      json_node_get_value_type (code) != G_TYPE_STRING)
    {
      agg_api_reply_error (response, 400, "bad-request", _("“code” must be a string"));
      return;
    }
  if (name != NULL && !JSON_NODE_HOLDS_NULL (name) &&
      (!JSON_NODE_HOLDS_VALUE (name) || json_node_get_value_type (name) != G_TYPE_STRING))
    {
      agg_api_reply_error (response, 400, "bad-request", _("“name” must be a string"));
      return;
    }

  if (!agg_admin_enrol_device (db, json_node_get_string (code),
                               name != NULL && !JSON_NODE_HOLDS_NULL (name)
                               ? json_node_get_string (name) : "",
                               &enrolment, &error))
    {
      agg_api_reply_gerror (response, error);
      return;
    }
  response->token_id = g_strdup (enrolment.device_id);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "device_id");
  json_builder_add_string_value (builder, enrolment.device_id);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, enrolment.token);
  json_builder_set_member_name (builder, "service");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, enrolment.service_id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, enrolment.service_name);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "public_key");
  json_builder_add_string_value (builder, agg_keys_get_public_key_base64 (self->keys));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  agg_api_reply_json (response, 201, root);
}

void
agg_api_handle_enrol (AggApiPrivate      *self,
                      const AggRequest   *request,
                      const AggPrincipal *principal,
                      const char         *parameter,
                      AggResponse        *response)
{
  if (agg_api_take_enrolment (self, request, response))
    agg_api_enrol_device (self, self->db, request, principal, response);
}
