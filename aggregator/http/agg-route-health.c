/* agg-route-health.c — GET /api/v1/health: the server answers. */
#include "config.h"

#include "agg-api-private.h"

void
agg_api_handle_health (AggApiPrivate      *self,
                       const AggRequest   *request,
                       const AggPrincipal *principal,
                       const char         *parameter,
                       AggResponse        *response)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "ok");
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  agg_api_reply_json (response, 200, root);
}
