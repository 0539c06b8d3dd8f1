/* agg-api-reply.c — writing answers, and reading a JSON body. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "agg-api-reply.h"
#include "agg-error.h"
#include "agg-json.h"

void
agg_response_clear (AggResponse *response)
{
  g_clear_pointer (&response->content_type, g_free);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->log_path, g_free);
  g_clear_pointer (&response->token_id, g_free);
  g_clear_pointer (&response->allow, g_free);
  response->status = 0;
  response->retry_after = 0;
}

void
agg_api_reply_json (AggResponse *response,
                    guint        status,
                    JsonNode    *node)
{
  response->status = status;
  g_free (response->content_type);
  response->content_type = g_strdup ("application/json");
  g_clear_pointer (&response->body, g_bytes_unref);
  response->body = agg_json_to_bytes (node);
}

GBytes *
agg_api_error_body (const char *code,
                    const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return agg_json_to_bytes (root);
}

void
agg_api_reply_error (AggResponse *response,
                     guint        status,
                     const char  *code,
                     const char  *message)
{
  response->status = status;
  g_free (response->content_type);
  response->content_type = g_strdup ("application/json");
  g_clear_pointer (&response->body, g_bytes_unref);
  response->body = agg_api_error_body (code, message);
}

void
agg_api_reply_gerror (AggResponse  *response,
                      const GError *error)
{
  if (error->domain == AGG_ERROR)
    switch ((AggError) error->code)
      {
      case AGG_ERROR_INVALID:
        agg_api_reply_error (response, 400, "bad-request", error->message);
        return;
      case AGG_ERROR_UNAUTHORIZED:
        agg_api_reply_error (response, 401, "unauthorized", error->message);
        return;
      case AGG_ERROR_FORBIDDEN:
        agg_api_reply_error (response, 403, "forbidden", error->message);
        return;
      case AGG_ERROR_NOT_FOUND:
        agg_api_reply_error (response, 404, "not-found", error->message);
        return;
      case AGG_ERROR_TOO_LARGE:
        agg_api_reply_error (response, 413, "too-large", error->message);
        return;
      case AGG_ERROR_RATE_LIMITED:
        agg_api_reply_error (response, 429, "rate-limited", error->message);
        return;
      case AGG_ERROR_NOT_IMPLEMENTED:
        agg_api_reply_error (response, 501, "not-implemented", error->message);
        return;
      case AGG_ERROR_BUSY:
        /* An admin verb holds the write lock, and this thread must not
         * wait for it; nothing was stored, so the client just comes back.
         * SQLite's message would only name the file. */
        agg_api_reply_error (response, 503, "unavailable",
                             _("the database is busy with other work; try again in a moment"));
        response->retry_after = AGG_API_BUSY_RETRY_AFTER;
        return;
      default:
        break;
      }

  g_message ("internal error on %s: %s",
             response->log_path != NULL ? response->log_path : "?", error->message);
  agg_api_reply_error (response, 500, "internal", _("the aggregator failed; try again later"));
}

void
agg_api_reply_unfinished (AggResponse  *response,
                          const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    agg_api_reply_error (response, 503, "unavailable", _("the aggregator is stopping; try again later"));
  else
    agg_api_reply_gerror (response, error);
}

void
agg_api_too_large_reply (AggResponse *response,
                         gsize        max_body)
{
  g_autofree char *limit = g_format_size_full (max_body, G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *message = max_body == 0
    ? g_strdup (_("this endpoint takes no body"))
    : g_strdup_printf (_("the body is larger than %s"), limit);

  agg_api_reply_error (response, 413, "too-large", message);
}

/* Whether @content_type is application/json in UTF-8: RFC 8259 §8.1 JSON
 * is UTF-8, so a charset parameter may only say so.  Other parameters are
 * ignored.  Sets @charset_wrong when the type is right but the charset
 * is not. */
static gboolean
is_json_media_type (const char *content_type,
                    gboolean   *charset_wrong)
{
  g_auto(GStrv) parts = NULL;

  *charset_wrong = FALSE;
  if (content_type == NULL)
    return FALSE;
  /* An empty header splits into no parts at all. */
  parts = g_strsplit (content_type, ";", -1);
  if (parts[0] == NULL || g_ascii_strcasecmp (g_strstrip (parts[0]), "application/json") != 0)
    return FALSE;
  for (guint i = 1; parts[i] != NULL; i++)
    {
      char *parameter = g_strstrip (parts[i]);
      char *equals = strchr (parameter, '=');
      char *value;
      gsize length;

      if (equals == NULL)
        continue;
      *equals = '\0';
      if (g_ascii_strcasecmp (g_strstrip (parameter), "charset") != 0)
        continue;
      value = g_strstrip (equals + 1);
      length = strlen (value);
      if (length >= 2 && value[0] == '"' && value[length - 1] == '"')
        {
          value[length - 1] = '\0';
          value++;
        }
      if (g_ascii_strcasecmp (value, "utf-8") != 0)
        {
          *charset_wrong = TRUE;
          return FALSE;
        }
    }
  return TRUE;
}

JsonNode *
agg_api_read_json_body (const AggRequest *request,
                        AggResponse      *response)
{
  g_autoptr(GError) error = NULL;
  gboolean charset_wrong;
  const char *data;
  gsize length;
  JsonNode *node;

  if (!is_json_media_type (request->content_type, &charset_wrong))
    {
      agg_api_reply_error (response, 415, "unsupported-media-type",
                           charset_wrong
                           ? _("JSON is UTF-8: the charset of the body may only be utf-8")
                           : _("send the body as application/json"));
      return NULL;
    }
  if (request->body == NULL || g_bytes_get_size (request->body) == 0)
    {
      agg_api_reply_error (response, 400, "bad-request", _("the body is empty"));
      return NULL;
    }

  data = g_bytes_get_data (request->body, &length);
  node = agg_json_parse (data, length, &error);
  if (node == NULL)
    agg_api_reply_gerror (response, error);
  return node;
}
