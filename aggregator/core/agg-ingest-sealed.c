/* agg-ingest-sealed.c — opening the sealed items of an upload
 * (agg-ingest-sealed.h). */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "agg-error.h"
#include "agg-ingest.h"
#include "agg-ingest-sealed.h"
#include "agg-json.h"

GBytes *
agg_ingest_open_sealed (AggKeys   *keys,
                        JsonNode  *sealed,
                        GError   **error)
{
  const char *text;

  if (sealed == NULL || !JSON_NODE_HOLDS_VALUE (sealed) ||
      json_node_get_value_type (sealed) != G_TYPE_STRING)
    {
      g_set_error_literal (error, AGG_ERROR, AGG_ERROR_INVALID,
                           _("“sealed” must be a base64 string"));
      return NULL;
    }
  text = json_node_get_string (sealed);
  if (strlen (text) > AGG_INGEST_MAX_SEALED_LENGTH)
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID,
                   _("“sealed” is longer than %d characters"), AGG_INGEST_MAX_SEALED_LENGTH);
      return NULL;
    }
  return agg_keys_open_sealed (keys, text, error);
}

JsonObject *
agg_ingest_open_sealed_item (AggKeys             *keys,
                             JsonObject          *object,
                             const char * const  *clear_members,
                             const char          *what,
                             const char * const  *box_members,
                             GError             **error)
{
  JsonNode *version = json_object_get_member (object, "sealed_version");
  g_autoptr(GBytes) opened = NULL;
  g_autoptr(JsonNode) inside = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize length;

  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
      json_node_get_value_type (version) != G_TYPE_INT64 || json_node_get_int (version) != 2)
    {
      g_set_error_literal (error, AGG_ERROR, AGG_ERROR_INVALID,
                           _("“sealed_version” must be 2 (or left out for an item in clear, "
                             "or one whose answers alone are sealed)"));
      return NULL;
    }
  if (!agg_json_check_members (object, clear_members, what, error))
    return NULL;
  opened = agg_ingest_open_sealed (keys, json_object_get_member (object, "sealed"), error);
  if (opened == NULL)
    return NULL;
  /* The box is parsed where it was opened, through the same strict gate
   * as a request body, and never copied again. */
  data = g_bytes_get_data (opened, &length);
  inside = agg_json_parse (data, length, &local_error);
  if (inside == NULL)
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID,
                   _("the sealed box is not valid JSON (%s)"), local_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (inside))
    {
      g_set_error_literal (error, AGG_ERROR, AGG_ERROR_INVALID,
                           _("the sealed box must hold an object"));
      return NULL;
    }
  if (!agg_json_check_members (json_node_get_object (inside), box_members,
                               _("the sealed box"), error))
    return NULL;
  return json_object_ref (json_node_get_object (inside));
}
