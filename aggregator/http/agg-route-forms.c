/* agg-route-forms.c — GET /api/v1/forms and /api/v1/forms/{id}: the forms
 * the aggregator takes, and each one's file. */
#include "config.h"

#include <glib/gi18n.h>

#include "agg-api-private.h"

void
agg_api_handle_forms (AggApiPrivate      *self,
                      const AggRequest   *request,
                      const AggPrincipal *principal,
                      const char         *parameter,
                      AggResponse        *response)
{
  GPtrArray *forms = agg_form_registry_get_forms (self->forms);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "forms");
  json_builder_begin_array (builder);
  for (guint i = 0; i < forms->len; i++)
    {
      KvForm *form = g_ptr_array_index (forms, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, kv_form_get_id (form));
      json_builder_set_member_name (builder, "version");
      json_builder_add_int_value (builder, kv_form_get_version (form));
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, kv_form_kind_to_string (kv_form_get_kind (form)));
      json_builder_set_member_name (builder, "sha256");
      json_builder_add_string_value (builder, agg_form_registry_get_sha256 (self->forms, form));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  agg_api_reply_json (response, 200, root);
}

void
agg_api_handle_form (AggApiPrivate      *self,
                     const AggRequest   *request,
                     const AggPrincipal *principal,
                     const char         *parameter,
                     AggResponse        *response)
{
  const char *version = request->query != NULL ? g_hash_table_lookup (request->query, "version") : NULL;
  KvForm *form;

  if (version != NULL)
    {
      guint64 number;

      if (!g_ascii_string_to_unsigned (version, 10, 1, G_MAXINT, &number, NULL))
        {
          agg_api_reply_error (response, 400, "bad-request", _("“version” must be a positive integer"));
          return;
        }
      form = agg_form_registry_lookup (self->forms, parameter, number);
    }
  else
    {
      form = agg_form_registry_lookup_latest (self->forms, parameter);
    }
  if (form == NULL)
    {
      agg_api_reply_error (response, 404, "not-found", _("there is no such form"));
      return;
    }

  response->status = 200;
  response->content_type = g_strdup ("application/xml; charset=utf-8");
  response->body = g_bytes_ref (kv_form_get_source (form));
}
