/* agg-json.c — canonical JSON and parsing with clear errors. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "agg-error.h"
#include "agg-json.h"
#include "kv-form.h"
#include "kv-json.h"

static void write_node (GString *out, JsonNode *node);

void
agg_json_append_string (GString    *out,
                        const char *string)
{
  const char *run = string;
  const char *p;

  /* What needs no escape is appended a run at a time. */
  g_string_append_c (out, '"');
  for (p = string; *p != '\0'; p++)
    {
      guchar c = *p;
      const char *escape;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"':
          escape = "\\\"";
          break;
        case '\\':
          escape = "\\\\";
          break;
        case '\n':
          escape = "\\n";
          break;
        case '\r':
          escape = "\\r";
          break;
        case '\t':
          escape = "\\t";
          break;
        case '\b':
          escape = "\\b";
          break;
        case '\f':
          escape = "\\f";
          break;
        default:
          g_string_append_printf (out, "\\u%04x", c);
          continue;
        }
      g_string_append (out, escape);
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
write_object (GString    *out,
              JsonObject *object)
{
  g_autoptr(GList) members = json_object_get_members (object);
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();

  for (GList *l = members; l != NULL; l = l->next)
    g_ptr_array_add (keys, l->data);
  g_ptr_array_sort (keys, compare_keys);

  g_string_append_c (out, '{');
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);

      if (i > 0)
        g_string_append_c (out, ',');
      agg_json_append_string (out, key);
      g_string_append_c (out, ':');
      write_node (out, json_object_get_member (object, key));
    }
  g_string_append_c (out, '}');
}

static void
write_value (GString  *out,
             JsonNode *node)
{
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_INT64)
    {
      g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
    }
  else if (type == G_TYPE_DOUBLE)
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append (out, g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
    }
  else if (type == G_TYPE_BOOLEAN)
    {
      g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
    }
  else if (type == G_TYPE_STRING)
    {
      agg_json_append_string (out, json_node_get_string (node));
    }
  else
    {
      g_assert_not_reached ();
    }
}

static void
write_node (GString  *out,
            JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      write_object (out, json_node_get_object (node));
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        g_string_append_c (out, '[');
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            write_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;
    case JSON_NODE_VALUE:
      write_value (out, node);
      break;
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;
    default:
      g_assert_not_reached ();
    }
}

char *
agg_json_canonical (JsonNode *node)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (node != NULL, NULL);

  write_node (out, node);
  return g_string_free (out, FALSE);
}

char *
agg_json_content_hash (JsonNode *node)
{
  g_autofree char *canonical = agg_json_canonical (node);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, canonical, -1);
}

JsonNode *
agg_json_parse (const char  *data,
                gssize       length,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (length < 0)
    length = strlen (data);
  /* libkvforms' strict gate (RFC 8259, depth and value limits) before
   * json-glib builds anything; its message says where, never what. */
  root = kv_json_parse (data, length, &local_error);
  if (root == NULL)
    {
      g_set_error (error, AGG_ERROR,
                   g_error_matches (local_error, KV_FORM_ERROR, KV_FORM_ERROR_JSON_TOO_LARGE)
                   ? AGG_ERROR_TOO_LARGE : AGG_ERROR_INVALID,
                   _("the body is not valid JSON: %s"), local_error->message);
      return NULL;
    }
  return root;
}

/* Whether @name may be repeated in a message: a member name we would know,
 * not something longer or stranger that could be anyone's words. */
static gboolean
is_plain_name (const char *name)
{
  if (*name == '\0' || strlen (name) > 32)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

gboolean
agg_json_check_members (JsonObject         *object,
                        const char * const *known,
                        const char         *where,
                        GError            **error)
{
  g_autoptr(GList) members = NULL;

  g_return_val_if_fail (object != NULL && known != NULL && where != NULL, FALSE);

  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (g_strv_contains (known, name))
        continue;
      if (is_plain_name (name))
        g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID,
                     _("%s has a member “%s” that docs/api.md does not define"), where, name);
      else
        g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID,
                     _("%s has a member that docs/api.md does not define"), where);
      return FALSE;
    }
  return TRUE;
}

GBytes *
agg_json_to_bytes (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length;
  char *data;

  json_generator_set_root (generator, node);
  data = json_generator_to_data (generator, &length);
  return g_bytes_new_take (data, length);
}
