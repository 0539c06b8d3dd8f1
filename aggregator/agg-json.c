/* agg-json.c — canonical JSON and parsing with clear errors. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "agg-error.h"
#include "agg-json.h"

static void write_node (GString *out, JsonNode *node);

void
agg_json_append_string (GString    *out,
                        const char *string)
{
  g_string_append_c (out, '"');
  for (const char *p = string; *p != '\0'; p++)
    {
      guchar c = *p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, c);
        }
    }
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

/* A quick look at the raw text before json-glib sees it, for two things
 * json-glib does not check: nesting (it parses recursively, so a few
 * megabytes of "[" could exhaust the stack; nothing we accept nests deeper
 * than a handful of levels) and text after the first value ("{…} {…}",
 * which json-glib would read as its first object alone). */
static int
hex_unit (const char *p)
{
  int value = 0;

  for (int k = 0; k < 4; k++)
    {
      int digit = g_ascii_xdigit_value (p[k]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

/* How many bytes the escape at @p ("\\…") takes, or 0 when it is not a
 * whole character.  json-glib 1.6 leaks the string it was reading when a
 * \\u escape is cut short or is half a surrogate pair, so those never
 * reach it. */
static gsize
check_escape (const char *p,
              gsize       left)
{
  int unit, low;

  if (left < 2)
    return 0;
  if (strchr ("\"\\/bfnrt", p[1]) != NULL && p[1] != '\0')
    return 2;
  if (p[1] != 'u' || left < 6 || (unit = hex_unit (p + 2)) < 0)
    return 0;
  if (unit >= 0xDC00 && unit <= 0xDFFF)
    return 0;
  if (unit < 0xD800 || unit > 0xDBFF)
    return 6;
  if (left < 12 || p[6] != '\\' || p[7] != 'u' || (low = hex_unit (p + 8)) < 0 ||
      low < 0xDC00 || low > 0xDFFF)
    return 0;
  return 12;
}

static gboolean
check_shape (const char  *data,
             gsize        length,
             GError     **error)
{
  gboolean in_string = FALSE;
  gboolean closed = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            {
              gsize used = check_escape (data + i, length - i);

              if (used == 0)
                {
                  g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID,
                               _("the body is not valid JSON: the escape at byte %"
                                 G_GSIZE_FORMAT " is not a whole character"), i);
                  return FALSE;
                }
              i += used - 1;
            }
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (depth == 0 && !closed && !g_ascii_isspace (c) && c != '[' && c != '{')
        {
          /* Every body we read is an object; json-glib 1.6 also leaks
           * when a top-level scalar is followed by more. */
          g_set_error_literal (error, AGG_ERROR, AGG_ERROR_INVALID,
                               _("the body is not a JSON object"));
          return FALSE;
        }
      if (closed && !g_ascii_isspace (c))
        {
          g_set_error_literal (error, AGG_ERROR, AGG_ERROR_INVALID,
                               _("the body is not valid JSON: there is more after its first value"));
          return FALSE;
        }
      if (c == '"')
        {
          in_string = TRUE;
        }
      else if (c == '[' || c == '{')
        {
          if (++depth > AGG_JSON_MAX_DEPTH)
            {
              g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID,
                           _("the body nests deeper than %d levels"), AGG_JSON_MAX_DEPTH);
              return FALSE;
            }
        }
      else if ((c == ']' || c == '}') && depth > 0)
        {
          closed = --depth == 0;
        }
    }
  return TRUE;
}

JsonNode *
agg_json_parse (const char  *data,
                gssize       length,
                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) parse_error = NULL;
  JsonNode *root;

  if (length < 0)
    length = strlen (data);
  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error_literal (error, AGG_ERROR, AGG_ERROR_INVALID, _("the body is not valid UTF-8"));
      return NULL;
    }
  if (!check_shape (data, length, error))
    return NULL;
  if (!json_parser_load_from_data (parser, data, length, &parse_error))
    {
      guint line = 0, column = 0;

      /* json-glib's own message quotes the text around the mistake, which
       * may be a family's words (or not even valid UTF-8 once its escapes
       * are read): say only where, which its message starts with
       * ("<data>:LINE:COLUMN: …"); the parser has forgotten it by now. */
      if (sscanf (parse_error->message, "<data>:%u:%u", &line, &column) == 2)
        g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID,
                     _("the body is not valid JSON (line %u, character %u)"), line, column);
      else
        g_set_error_literal (error, AGG_ERROR, AGG_ERROR_INVALID,
                             _("the body is not valid JSON"));
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, AGG_ERROR, AGG_ERROR_INVALID, _("the body is empty"));
      return NULL;
    }
  return json_node_ref (root);
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
