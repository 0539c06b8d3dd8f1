/* agg-server.c — SoupServer glue, body limits and the request log. */
#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "agg-error.h"
#include "agg-server.h"

struct _AggServer
{
  GObject       parent_instance;

  AggApi       *api;
  SoupServer   *soup;
  gboolean      https;

  /* Reports being rendered on a worker thread: their messages are paused
   * until the answer comes back on this context. */
  GMainContext *context;
  guint         n_deferred;
  gboolean      stopped;
};

G_DEFINE_TYPE (AggServer, agg_server, G_TYPE_OBJECT)

/* What the request log needs, kept on each message. */
#define LOG_START   "agg-log-start"
#define LOG_PATH    "agg-log-path"
#define LOG_TOKEN   "agg-log-token"
#define BODY_SEEN   "agg-body-seen"
#define FINISHED    "agg-finished"

static void
agg_server_dispose (GObject *object)
{
  AggServer *self = AGG_SERVER (object);

  agg_server_stop (self);
  g_clear_object (&self->soup);
  g_clear_object (&self->api);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (agg_server_parent_class)->dispose (object);
}

static void
agg_server_class_init (AggServerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = agg_server_dispose;
}

static void
agg_server_init (AggServer *self)
{
}

static void
set_json_error (SoupServerMessage *msg,
                guint              status,
                const char        *code,
                const char        *message)
{
  g_autoptr(GBytes) body = agg_api_error_body (code, message);
  gsize length;
  const char *data = g_bytes_get_data (body, &length);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, data, length);
}

/* Refuses a body over the limit without keeping it: the rest of it is
 * read and dropped (HTTP/1.1 gives no other way to answer), the
 * connection is closed afterwards, and the handler never runs. */
static void
refuse_body (SoupServerMessage *msg)
{
  g_autofree char *message = g_strdup_printf (_("the body is larger than %d MiB"),
                                              AGG_API_MAX_BODY / (1024 * 1024));

  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  soup_message_body_truncate (soup_server_message_get_request_body (msg));
  if (soup_server_message_get_status (msg) == 0)
    {
      set_json_error (msg, 413, "too-large", message);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
    }
}

static void
got_headers (SoupServerMessage *msg,
             AggServer         *self)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > AGG_API_MAX_BODY)
    refuse_body (msg);
}

static void
got_chunk (SoupServerMessage *msg,
           GBytes            *chunk,
           AggServer         *self)
{
  /* A chunked body has no length up front: count as it comes. */
  gsize seen = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (msg), BODY_SEEN));

  seen += g_bytes_get_size (chunk);
  g_object_set_data (G_OBJECT (msg), BODY_SEEN, GSIZE_TO_POINTER (MIN (seen, G_MAXSIZE / 2)));
  if (seen > AGG_API_MAX_BODY)
    refuse_body (msg);
}

static void
request_started (SoupServer        *server,
                 SoupServerMessage *msg,
                 AggServer         *self)
{
  gint64 *start = g_new (gint64, 1);

  *start = g_get_monotonic_time ();
  g_object_set_data_full (G_OBJECT (msg), LOG_START, start, g_free);
  g_signal_connect_object (msg, "got-headers", G_CALLBACK (got_headers), self, 0);
  g_signal_connect_object (msg, "got-chunk", G_CALLBACK (got_chunk), self, 0);
}

/* One line per request: method, route (child codes replaced), status,
 * duration and token id.  Never a body, a code, a token or a name. */
static void
log_request (SoupServerMessage *msg,
             const char        *outcome)
{
  const gint64 *start = g_object_get_data (G_OBJECT (msg), LOG_START);
  const char *path = g_object_get_data (G_OBJECT (msg), LOG_PATH);
  const char *token = g_object_get_data (G_OBJECT (msg), LOG_TOKEN);
  g_autofree char *derived = NULL;
  double ms = start != NULL ? (g_get_monotonic_time () - *start) / 1000.0 : 0.0;

  if (path == NULL)
    {
      GUri *uri = soup_server_message_get_uri (msg);

      derived = uri != NULL ? agg_api_log_path (g_uri_get_path (uri)) : g_strdup ("(none)");
      path = derived;
    }
  g_message ("%s %s %u %.1fms token=%s%s",
             soup_server_message_get_method (msg) != NULL ? soup_server_message_get_method (msg) : "-",
             path, soup_server_message_get_status (msg), ms,
             token != NULL ? token : "-", outcome);
}

static void
request_finished (SoupServer        *server,
                  SoupServerMessage *msg,
                  AggServer         *self)
{
  log_request (msg, "");
}

/* libsoup reports a 500 as "aborted" too; only a request cut off before
 * its answer was sent is really aborted. */
static void
request_aborted (SoupServer        *server,
                 SoupServerMessage *msg,
                 AggServer         *self)
{
  log_request (msg, soup_server_message_get_status (msg) == 500 ? "" : " (aborted)");
}

static GHashTable *
copy_query (GHashTable *query)
{
  GHashTable *copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;

  if (query != NULL)
    {
      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (copy, g_strdup (key), g_strdup (value != NULL ? value : ""));
    }
  return copy;
}

/* Puts @response on @msg: status, headers and body, and what the request
 * log needs. */
static void
set_reply (SoupServerMessage *msg,
           AggResponse       *response)
{
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);
  const char *data;
  gsize length;

  g_object_set_data_full (G_OBJECT (msg), LOG_PATH, g_steal_pointer (&response->log_path), g_free);
  g_object_set_data_full (G_OBJECT (msg), LOG_TOKEN, g_steal_pointer (&response->token_id), g_free);

  /* Replies carry tokens and pseudonymous data: never cache them. */
  soup_message_headers_replace (response_headers, "Cache-Control", "no-store");
  if (response->allow != NULL)
    soup_message_headers_replace (response_headers, "Allow", response->allow);
  if (response->retry_after > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%u", response->retry_after);

      soup_message_headers_replace (response_headers, "Retry-After", seconds);
    }
  soup_server_message_set_status (msg, response->status, NULL);
  data = response->body != NULL ? g_bytes_get_data (response->body, &length) : NULL;
  if (data != NULL)
    soup_server_message_set_response (msg, response->content_type, SOUP_MEMORY_COPY, data, length);
}

static void
mark_finished (SoupServerMessage *msg)
{
  g_object_set_data (G_OBJECT (msg), FINISHED, GINT_TO_POINTER (TRUE));
}

typedef struct
{
  AggServer         *server;   /* not a reference: stopping waits for every answer */
  SoupServerMessage *msg;      /* a reference */
} Deferred;

/* A report came back from its worker: answer it, on the server's context. */
static void
report_ready (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Deferred *deferred = user_data;
  g_auto(AggResponse) response = { 0 };

  agg_api_handle_finish (AGG_API (source), result, &response);

  /* A message libsoup has finished with (its connection went away) takes
   * no answer, and must not be resumed. */
  if (g_object_get_data (G_OBJECT (deferred->msg), FINISHED) == NULL)
    {
      set_reply (deferred->msg, &response);
      soup_server_message_unpause (deferred->msg);
    }

  g_signal_handlers_disconnect_by_func (deferred->msg, mark_finished, NULL);
  g_object_unref (deferred->msg);
  deferred->server->n_deferred--;
  g_free (deferred);
}

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  AggServer *self = user_data;
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  g_autofree char *decoded = g_uri_unescape_string (path, "/");
  g_autoptr(GHashTable) query_copy = copy_query (query);
  g_autoptr(GBytes) body = NULL;
  g_auto(AggResponse) response = { 0 };
  AggRequest request = { 0 };
  Deferred *deferred;

  if (self->stopped)
    {
      set_json_error (msg, 503, "unavailable", _("the aggregator is stopping; try again later"));
      return;
    }
  if (decoded == NULL || !g_utf8_validate (decoded, -1, NULL))
    {
      g_object_set_data (G_OBJECT (msg), LOG_PATH, (gpointer) "(undecodable path)");
      set_json_error (msg, 400, "bad-request", _("the path cannot be decoded"));
      return;
    }

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  request.method = soup_server_message_get_method (msg);
  request.path = decoded;
  request.query = query_copy;
  request.authorization = soup_message_headers_get_one (request_headers, "Authorization");
  request.content_type = soup_message_headers_get_one (request_headers, "Content-Type");
  request.body = g_bytes_get_size (body) > 0 ? body : NULL;
  request.remote = soup_server_message_get_remote_host (msg);

  /* Reports are rendered on a worker thread while this one goes on
   * answering the tablets; their message waits, paused, meanwhile. */
  deferred = g_new0 (Deferred, 1);
  if (agg_api_handle_async (self->api, &request, &response, report_ready, deferred))
    {
      g_free (deferred);
      set_reply (msg, &response);
      return;
    }
  deferred->server = self;
  deferred->msg = g_object_ref (msg);
  self->n_deferred++;
  g_signal_connect (msg, "finished", G_CALLBACK (mark_finished), NULL);
  soup_server_message_pause (msg);
}

AggServer *
agg_server_new (AggApi          *api,
                GTlsCertificate *tls_certificate)
{
  AggServer *self;

  g_return_val_if_fail (AGG_IS_API (api), NULL);
  g_return_val_if_fail (tls_certificate == NULL || G_IS_TLS_CERTIFICATE (tls_certificate), NULL);

  self = g_object_new (AGG_TYPE_SERVER, NULL);
  self->api = g_object_ref (api);
  self->https = tls_certificate != NULL;
  self->context = g_main_context_ref_thread_default ();
  self->soup = soup_server_new ("server-header", "keyvoice-aggregator/" PACKAGE_VERSION,
                                "tls-certificate", tls_certificate,
                                NULL);
  soup_server_add_handler (self->soup, NULL, handle, self, NULL);
  g_signal_connect_object (self->soup, "request-started", G_CALLBACK (request_started), self, 0);
  g_signal_connect_object (self->soup, "request-finished", G_CALLBACK (request_finished), self, 0);
  g_signal_connect_object (self->soup, "request-aborted", G_CALLBACK (request_aborted), self, 0);
  return self;
}

static GInetAddress *
parse_host (const char *host)
{
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  return g_inet_address_new_from_string (host);
}

gboolean
agg_server_listen (AggServer   *self,
                   const char  *listen,
                   GError     **error)
{
  g_autofree char *host = NULL;
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  const char *colon;
  guint64 port;

  g_return_val_if_fail (AGG_IS_SERVER (self), FALSE);
  g_return_val_if_fail (listen != NULL, FALSE);

  colon = strrchr (listen, ':');
  if (colon == NULL || colon == listen ||
      !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID,
                   _("“%s” is not HOST:PORT (for example 127.0.0.1:8470)"), listen);
      return FALSE;
    }
  host = g_strndup (listen, colon - listen);
  if (host[0] == '[' && host[strlen (host) - 1] == ']')
    {
      char *inner = g_strndup (host + 1, strlen (host) - 2);

      g_free (host);
      host = inner;
    }
  address = parse_host (host);
  if (address == NULL)
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID,
                   _("“%s” is not an IP address (or localhost)"), host);
      return FALSE;
    }

  socket_address = g_inet_socket_address_new (address, port);
  return soup_server_listen (self->soup, socket_address,
                             self->https ? SOUP_SERVER_LISTEN_HTTPS : 0, error);
}

char *
agg_server_get_url (AggServer *self)
{
  GSList *uris;
  char *url = NULL;

  g_return_val_if_fail (AGG_IS_SERVER (self), NULL);

  uris = soup_server_get_uris (self->soup);
  if (uris != NULL)
    url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return url;
}

void
agg_server_stop (AggServer *self)
{
  g_return_if_fail (AGG_IS_SERVER (self));

  if (self->stopped)
    return;
  /* From here on a new request is answered 503 at once. */
  self->stopped = TRUE;

  /* No thread may be inside SQLite when the process exits: reports being
   * rendered are cancelled and their workers waited for.  Their answers
   * (503) are queued on this context by then, and are taken here, so that
   * none is left referring to the server. */
  agg_api_cancel_reports (self->api);
  while (self->n_deferred > 0)
    g_main_context_iteration (self->context, TRUE);

  /* Closing the connections finishes those answered messages at once,
   * while the SoupServer they report to still exists. */
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
}
