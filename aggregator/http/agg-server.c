/* agg-server.c — connections, limits, SoupServer glue and the request log.
 *
 * The listening socket and every connection are ours, not libsoup's:
 * libsoup 3.2 (Debian 12) keeps a keep-alive connection that the client
 * closed open for good, in CLOSE-WAIT, until the server runs out of file
 * descriptors and stops answering without a word.  So each connection is
 * accepted here, counted, held to deadlines, and handed to libsoup for
 * exactly one request, answered "Connection: close" (docs/aggregator.md,
 * "Connections, limits, TLS and systemd", weighs this against the other
 * ways out).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>
#include <sys/resource.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "agg-error.h"
#include "agg-server.h"
#include "agg-watchdog.h"

/* File descriptors kept back from connections: the database and its
 * write-ahead log, each report worker's connection, the key file, the
 * journal, the watchdog's probe. */
#define RESERVED_FDS 48

/* How often the deadlines are looked at. */
#define SWEEP_INTERVAL_MS 250

/* The GnuTLS priorities of agg_server_use_strict_tls(): TLS 1.2 and 1.3
 * only; in TLS 1.2 only ephemeral (EC)DH key exchange, so that a stolen
 * key cannot open recorded traffic, and only AEAD ciphers; the server's
 * order wins.  TLS 1.3's suites are all forward-secret and AEAD. */
#define STRICT_TLS_PRIORITY \
  "NORMAL:%SERVER_PRECEDENCE:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2" \
  ":-KX-ALL:+ECDHE-ECDSA:+ECDHE-RSA:+DHE-RSA" \
  ":-CIPHER-ALL:+AES-256-GCM:+CHACHA20-POLY1305:+AES-128-GCM" \
  ":-MAC-ALL:+AEAD"

/* A body this big is worth giving its memory back for, this long after
 * the last one was freed. */
#define BIG_BODY (1024 * 1024)
#define TRIM_DELAY_US (500 * 1000)

/* What a client hears when the bodies in flight are at their limit. */
#define BUSY_RETRY_AFTER_S 5

typedef struct _Connection Connection;

struct _AggServer
{
  GObject          parent_instance;

  AggApi          *api;
  SoupServer      *soup;
  GTlsCertificate *certificate;
  AggServerLimits  limits;

  GSocket         *listen_socket;
  GSocketService  *service;
  gboolean         accepting;   /* the service is started */
  char            *url;

  /* Every open connection (Connection *), and the one being handed to
   * libsoup right now, whose first (and only) message starts inside
   * soup_server_accept_iostream(). */
  GHashTable      *connections;
  Connection      *handing_over;
  GSource         *sweep;
  gsize            body_bytes_in_flight;
  gint64           trim_after;     /* monotonic µs: give freed big bodies back then; 0: none */

  /* Reports being rendered on a worker thread: their messages are paused
   * until the answer comes back on this context. */
  GMainContext    *context;
  guint            n_deferred;
  gboolean         stopped;
};

/* One client connection: open from accept until libsoup lets go of its
 * GSocketConnection (a weak reference tells).  Reference-counted, because
 * its message may outlive it (a report's, say, whose client went away). */
struct _Connection
{
  AggServer         *server;     /* NULL once the server has stopped */
  GSocket           *socket;     /* a reference, to cut the connection off */
  gboolean           has_request;
  gint64             deadline;   /* for progress, monotonic µs; G_MAXINT64 while deferred */
  gint64             request_deadline;   /* for the whole request to arrive */
  gboolean           timed_out;
};

G_DEFINE_TYPE (AggServer, agg_server, G_TYPE_OBJECT)

/* What the request log and the limits need, kept on each message. */
#define LOG_START   "agg-log-start"
#define LOG_PATH    "agg-log-path"
#define LOG_TOKEN   "agg-log-token"
#define ANSWERED    "agg-answered"
#define BODY_LIMIT  "agg-body-limit"
#define BODY_SEEN   "agg-body-seen"
#define BODY_HELD   "agg-body-held"
#define CONNECTION  "agg-connection"
#define FINISHED    "agg-finished"

void
agg_server_limits_init (AggServerLimits *limits)
{
  g_return_if_fail (limits != NULL);

  limits->max_connections = 512;
  limits->backlog = 1024;
  limits->header_timeout_ms = 15 * 1000;
  limits->idle_timeout_ms = 30 * 1000;
  limits->request_timeout_ms = 120 * 1000;
  limits->refused_body_timeout_ms = 5 * 1000;
  limits->max_body_bytes_in_flight = 64 * 1024 * 1024;
}

static void
agg_server_dispose (GObject *object)
{
  AggServer *self = AGG_SERVER (object);

  agg_server_stop (self);
  g_clear_object (&self->soup);
  g_clear_object (&self->api);
  g_clear_object (&self->certificate);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (agg_server_parent_class)->dispose (object);
}

static void
agg_server_finalize (GObject *object)
{
  AggServer *self = AGG_SERVER (object);

  g_clear_pointer (&self->connections, g_hash_table_unref);
  g_free (self->url);

  G_OBJECT_CLASS (agg_server_parent_class)->finalize (object);
}

static void
agg_server_class_init (AggServerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = agg_server_dispose;
  G_OBJECT_CLASS (klass)->finalize = agg_server_finalize;
}

static void
agg_server_init (AggServer *self)
{
  agg_server_limits_init (&self->limits);
  self->connections = g_hash_table_new (NULL, NULL);
}

void
agg_server_use_strict_tls (void)
{
  /* glib-networking's GnuTLS backend reads its priorities from here when
   * it first makes a connection; there is no API for them. */
  g_setenv ("G_TLS_GNUTLS_PRIORITY", STRICT_TLS_PRIORITY, TRUE);
}

static gint64
deadline_in (guint ms)
{
  return g_get_monotonic_time () + (gint64) ms * 1000;
}

static Connection *
connection_of (SoupServerMessage *msg)
{
  return g_object_get_data (G_OBJECT (msg), CONNECTION);
}

/* The client is making progress: give it the idle time-out again. */
static void
touch (SoupServerMessage *msg)
{
  Connection *connection = connection_of (msg);

  if (connection != NULL && connection->server != NULL && connection->deadline != G_MAXINT64)
    connection->deadline = deadline_in (connection->server->limits.idle_timeout_ms);
}

/* Accepting new connections stops while max_connections are open (the
 * rest wait in the backlog), and starts again when one closes. */
static void
update_accepting (AggServer *self)
{
  gboolean room = g_hash_table_size (self->connections) < self->limits.max_connections;

  if (self->service == NULL || self->stopped || room == self->accepting)
    return;
  self->accepting = room;
  if (room)
    g_socket_service_start (self->service);
  else
    g_socket_service_stop (self->service);
}

static void
connection_clear (gpointer data)
{
  Connection *connection = data;

  g_clear_object (&connection->socket);
}

static void
connection_unref (gpointer data)
{
  g_rc_box_release_full (data, connection_clear);
}

/* libsoup has let go of the connection: it is closed. */
static void
connection_gone (gpointer  data,
                 GObject  *where_the_object_was)
{
  Connection *connection = data;
  AggServer *self = connection->server;

  /* After agg_server_stop() nobody counts connections any more. */
  if (self != NULL)
    {
      g_hash_table_remove (self->connections, connection);
      connection->server = NULL;
      update_accepting (self);
    }
  connection_unref (connection);
}

/* Cuts off every connection past its deadline.  Shutting the socket down
 * ends libsoup's read or write at once; libsoup then finishes the message
 * as interrupted and closes the connection itself.  And gives the memory
 * of big bodies back when it is time. */
static gboolean
sweep (gpointer user_data)
{
  AggServer *self = user_data;
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      Connection *connection = key;

      if (MIN (connection->deadline, connection->request_deadline) < now &&
          !connection->timed_out)
        {
          connection->timed_out = TRUE;
          g_socket_shutdown (connection->socket, TRUE, TRUE, NULL);
        }
    }

  if (self->trim_after != 0 && now >= self->trim_after && self->body_bytes_in_flight == 0)
    {
#ifdef __GLIBC__
      malloc_trim (0);
#endif
      self->trim_after = 0;
    }
  return G_SOURCE_CONTINUE;
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

  g_object_set_data (G_OBJECT (msg), ANSWERED, GUINT_TO_POINTER (status));
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, data, length);
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

  if (response->log_path != NULL)
    g_object_set_data_full (G_OBJECT (msg), LOG_PATH, g_steal_pointer (&response->log_path), g_free);
  if (response->token_id != NULL)
    g_object_set_data_full (G_OBJECT (msg), LOG_TOKEN, g_steal_pointer (&response->token_id), g_free);
  g_object_set_data (G_OBJECT (msg), ANSWERED, GUINT_TO_POINTER (response->status));

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

/* Refuses the body of @msg with @response, without keeping it: whatever
 * of it still comes is read and dropped (HTTP/1.1 gives no other way to
 * answer before it ends), the handler never runs and the connection
 * closes afterwards. */
static void
refuse_body (SoupServerMessage *msg,
             AggResponse       *response)
{
  Connection *connection = connection_of (msg);

  /* A client that keeps sending what nobody will read is not waited for
   * long. */
  if (connection != NULL && connection->server != NULL)
    connection->request_deadline =
      MIN (connection->request_deadline,
           deadline_in (connection->server->limits.refused_body_timeout_ms));
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  soup_message_body_truncate (soup_server_message_get_request_body (msg));
  if (soup_server_message_get_status (msg) == 0)
    set_reply (msg, response);
}

static void
refuse_too_large (SoupServerMessage *msg,
                  gsize              max_body)
{
  g_auto(AggResponse) response = { 0 };

  agg_api_too_large_reply (&response, max_body);
  refuse_body (msg, &response);
}

static void
refuse_busy (SoupServerMessage *msg)
{
  g_autoptr(GBytes) body = agg_api_error_body ("busy", _("the aggregator is receiving too much "
                                                         "at once; try again shortly"));
  AggResponse response = { .status = 503, .content_type = (char *) "application/json",
                           .body = body, .retry_after = BUSY_RETRY_AFTER_S };

  refuse_body (msg, &response);
}

/* Takes @bytes more of the bodies-in-flight budget for @msg.  FALSE when
 * they do not fit. */
static gboolean
hold_body_bytes (AggServer         *self,
                 SoupServerMessage *msg,
                 gsize              bytes)
{
  gsize held = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (msg), BODY_HELD));

  if (bytes > self->limits.max_body_bytes_in_flight - self->body_bytes_in_flight)
    return FALSE;
  self->body_bytes_in_flight += bytes;
  g_object_set_data (G_OBJECT (msg), BODY_HELD, GSIZE_TO_POINTER (held + bytes));
  return TRUE;
}

static void
release_body_bytes (AggServer         *self,
                    SoupServerMessage *msg)
{
  gsize held = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (msg), BODY_HELD));

  g_assert (held <= self->body_bytes_in_flight);
  self->body_bytes_in_flight -= held;
  g_object_set_data (G_OBJECT (msg), BODY_HELD, NULL);
  /* A big body arrives as many small chunks, and glibc hands freed memory
   * back to the kernel only from the top of the heap: without a trim, the
   * peak of a burst of uploads stays the server's size for good.  The
   * sweep trims a moment later, once the copies the report and writer
   * threads made of the body are gone too. */
  if (held >= BIG_BODY)
    self->trim_after = g_get_monotonic_time () + TRIM_DELAY_US;
}

/* The request line and headers are in, the body is not: route the
 * request and check its token now, so that only a caller entitled to send
 * a body can make the server hold one, and only as much as its route
 * takes and the budget for bodies in flight allows. */
static void
got_headers (SoupServerMessage *msg,
             AggServer         *self)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupEncoding encoding = soup_message_headers_get_encoding (headers);
  goffset length = encoding == SOUP_ENCODING_CONTENT_LENGTH
                   ? soup_message_headers_get_content_length (headers) : 0;
  g_auto(AggResponse) response = { 0 };
  g_autofree char *decoded = NULL;
  AggRequest request = { 0 };
  GUri *uri;
  gsize max_body = 0;

  touch (msg);
  if (soup_server_message_get_status (msg) != 0 ||
      (encoding != SOUP_ENCODING_CHUNKED && length == 0))
    return;

  uri = soup_server_message_get_uri (msg);
  decoded = uri != NULL ? g_uri_unescape_string (g_uri_get_path (uri), "/") : NULL;
  if (decoded == NULL || !g_utf8_validate (decoded, -1, NULL))
    return;   /* handle() answers it, without a body. */

  request.method = soup_server_message_get_method (msg);
  request.path = decoded;
  request.authorization = soup_message_headers_get_one (headers, "Authorization");
  request.remote = soup_server_message_get_remote_host (msg);
  if (!agg_api_admit_body (self->api, &request, &max_body, &response))
    {
      refuse_body (msg, &response);
      return;
    }

  g_object_set_data_full (G_OBJECT (msg), LOG_PATH, g_steal_pointer (&response.log_path), g_free);
  g_object_set_data_full (G_OBJECT (msg), LOG_TOKEN, g_steal_pointer (&response.token_id), g_free);
  g_object_set_data (G_OBJECT (msg), BODY_LIMIT, GSIZE_TO_POINTER (max_body));
  if (encoding == SOUP_ENCODING_CHUNKED)
    return;   /* counted as it comes, in got_chunk() */
  if ((guint64) length > max_body)
    refuse_too_large (msg, max_body);
  else if (!hold_body_bytes (self, msg, length))
    refuse_busy (msg);
}

static void
got_chunk (SoupServerMessage *msg,
           GBytes            *chunk,
           AggServer         *self)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  gsize max_body = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (msg), BODY_LIMIT));
  gsize seen = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (msg), BODY_SEEN));
  gsize size = g_bytes_get_size (chunk);

  touch (msg);
  /* A body already refused is being read only to be dropped. */
  if (soup_server_message_get_status (msg) != 0)
    return;

  seen = MIN (seen + size, G_MAXSIZE / 2);
  g_object_set_data (G_OBJECT (msg), BODY_SEEN, GSIZE_TO_POINTER (seen));
  /* A chunked body has no length up front: it is held as it comes. */
  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CHUNKED)
    return;
  if (seen > max_body)
    refuse_too_large (msg, max_body);
  else if (!hold_body_bytes (self, msg, size))
    refuse_busy (msg);
}

static void
wrote_something (SoupServerMessage *msg)
{
  touch (msg);
}

static void
message_finished (SoupServerMessage *msg,
                  AggServer         *self)
{
  g_object_set_data (G_OBJECT (msg), FINISHED, GINT_TO_POINTER (TRUE));
  release_body_bytes (self, msg);
}

static void
request_started (SoupServer        *server,
                 SoupServerMessage *msg,
                 AggServer         *self)
{
  Connection *connection = self->handing_over;
  gint64 *start = g_new (gint64, 1);

  *start = g_get_monotonic_time ();
  g_object_set_data_full (G_OBJECT (msg), LOG_START, start, g_free);

  /* One request per connection, so its message is its connection's. */
  if (connection != NULL && !connection->has_request)
    {
      connection->has_request = TRUE;
      g_object_set_data_full (G_OBJECT (msg), CONNECTION, g_rc_box_acquire (connection),
                              connection_unref);
    }
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Connection", "close");

  g_signal_connect_object (msg, "got-headers", G_CALLBACK (got_headers), self, 0);
  g_signal_connect_object (msg, "got-chunk", G_CALLBACK (got_chunk), self, 0);
  g_signal_connect (msg, "wrote-headers", G_CALLBACK (wrote_something), NULL);
  g_signal_connect (msg, "wrote-body-data", G_CALLBACK (wrote_something), NULL);
  g_signal_connect_object (msg, "finished", G_CALLBACK (message_finished), self, 0);
}

/* The method as the log may write it: a client may send anything there,
 * a child code or a token included. */
static const char *
log_method (SoupServerMessage *msg)
{
  static const char * const methods[] = { "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH",
                                          "OPTIONS", "CONNECT", "TRACE" };
  const char *method = soup_server_message_get_method (msg);

  if (method == NULL)
    return "-";
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    if (strcmp (method, methods[i]) == 0)
      return methods[i];
  return "(other method)";
}

/* One line per request: method, route (child codes replaced), status,
 * duration and token id.  Never a body, a code, a token or a name.  A
 * request that was cut off before its answer was sent has "aborted" for
 * its status, and says who cut it off. */
static void
log_request (SoupServerMessage *msg,
             gboolean           aborted)
{
  const gint64 *start = g_object_get_data (G_OBJECT (msg), LOG_START);
  const char *path = g_object_get_data (G_OBJECT (msg), LOG_PATH);
  const char *token = g_object_get_data (G_OBJECT (msg), LOG_TOKEN);
  Connection *connection = connection_of (msg);
  g_autofree char *derived = NULL;
  g_autofree char *status = NULL;
  double ms = start != NULL ? (g_get_monotonic_time () - *start) / 1000.0 : 0.0;

  if (path == NULL)
    {
      GUri *uri = soup_server_message_get_uri (msg);

      derived = uri != NULL ? agg_api_log_path (g_uri_get_path (uri)) : g_strdup ("(none)");
      path = derived;
    }
  if (!aborted)
    status = g_strdup_printf ("%u", soup_server_message_get_status (msg));
  else if (connection != NULL && connection->timed_out)
    status = g_strdup ("aborted (timed out)");
  else
    status = g_strdup ("aborted (by the client)");
  g_message ("%s %s %s %.1fms token=%s", log_method (msg), path, status, ms,
             token != NULL ? token : "-");
}

static void
request_finished (SoupServer        *server,
                  SoupServerMessage *msg,
                  AggServer         *self)
{
  const char *agent = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    "User-Agent");

  /* The watchdog's probe, three times a minute, answered: not worth a
   * line in the journal.  One that failed is logged. */
  if (g_strcmp0 (agent, AGG_WATCHDOG_USER_AGENT) == 0 &&
      soup_server_message_get_status (msg) == 200)
    return;
  log_request (msg, FALSE);
}

/* libsoup reports two things as "aborted": an answer of 500, and a
 * request whose connection went away before its answer was sent, for
 * which it sets 500 itself.  Only the first is the aggregator's failure,
 * and only then did the handler answer 500. */
static void
request_aborted (SoupServer        *server,
                 SoupServerMessage *msg,
                 AggServer         *self)
{
  guint answered = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (msg), ANSWERED));

  log_request (msg, answered != 500);
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

typedef struct
{
  AggServer         *server;   /* not a reference: stopping waits for every answer */
  SoupServerMessage *msg;      /* a reference */
} Deferred;

/* A report or an upload came back from its thread: answer it, on the
 * server's context. */
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
      Connection *connection = connection_of (deferred->msg);

      if (connection != NULL && connection->server != NULL)
        connection->deadline = deadline_in (deferred->server->limits.idle_timeout_ms);
      set_reply (deferred->msg, &response);
      soup_server_message_unpause (deferred->msg);
    }

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
  Connection *connection = connection_of (msg);
  Deferred *deferred;

  /* The whole request is in. */
  if (connection != NULL)
    connection->request_deadline = G_MAXINT64;
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

  /* Reports are rendered on a worker thread, and uploads written on the
   * writer thread, while this one goes on answering; their message waits,
   * paused, meanwhile, and is not held to the idle time-out (a national
   * report takes minutes). */
  deferred = g_new0 (Deferred, 1);
  if (agg_api_handle_async (self->api, &request, &response, report_ready, deferred))
    {
      g_free (deferred);
      set_reply (msg, &response);
      touch (msg);
      return;
    }
  if (connection != NULL)
    connection->deadline = G_MAXINT64;
  deferred->server = self;
  deferred->msg = g_object_ref (msg);
  self->n_deferred++;
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
  self->certificate = tls_certificate != NULL ? g_object_ref (tls_certificate) : NULL;
  self->context = g_main_context_ref_thread_default ();
  self->soup = soup_server_new ("server-header", "keyvoice-aggregator/" PACKAGE_VERSION, NULL);
  soup_server_add_handler (self->soup, NULL, handle, self, NULL);
  g_signal_connect_object (self->soup, "request-started", G_CALLBACK (request_started), self, 0);
  g_signal_connect_object (self->soup, "request-finished", G_CALLBACK (request_finished), self, 0);
  g_signal_connect_object (self->soup, "request-aborted", G_CALLBACK (request_aborted), self, 0);
  return self;
}

void
agg_server_set_limits (AggServer             *self,
                       const AggServerLimits *limits)
{
  g_return_if_fail (AGG_IS_SERVER (self));
  g_return_if_fail (limits != NULL && limits->max_connections > 0);
  g_return_if_fail (self->service == NULL);

  self->limits = *limits;
}

void
agg_server_get_limits (AggServer       *self,
                       AggServerLimits *limits)
{
  g_return_if_fail (AGG_IS_SERVER (self));
  g_return_if_fail (limits != NULL);

  *limits = self->limits;
}

gboolean
agg_server_is_full (AggServer *self)
{
  g_return_val_if_fail (AGG_IS_SERVER (self), FALSE);

  return g_hash_table_size (self->connections) >= self->limits.max_connections;
}

/* A new client.  It is counted, given its deadline for the headers, put
 * in TLS when the server has a certificate, and handed to libsoup. */
static gboolean
incoming (GSocketService    *service,
          GSocketConnection *tcp,
          GObject           *source_object,
          gpointer           user_data)
{
  AggServer *self = user_data;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  Connection *connection;

  if (self->stopped)
    return FALSE;   /* the service closes it */

  /* A client that reset the connection before it was accepted has no
   * address any more: there is nobody to answer. */
  local = g_socket_connection_get_local_address (tcp, NULL);
  remote = g_socket_connection_get_remote_address (tcp, NULL);
  if (local == NULL || remote == NULL)
    return FALSE;
  if (self->certificate != NULL)
    {
      stream = G_IO_STREAM (g_tls_server_connection_new (G_IO_STREAM (tcp), self->certificate,
                                                         &error));
      if (stream == NULL)
        {
          g_message ("cannot start TLS on a connection: %s", error->message);
          return FALSE;
        }
    }
  else
    {
      stream = G_IO_STREAM (g_object_ref (tcp));
    }

  connection = g_rc_box_new0 (Connection);
  connection->server = self;
  connection->socket = g_object_ref (g_socket_connection_get_socket (tcp));
  connection->deadline = deadline_in (self->limits.header_timeout_ms);
  connection->request_deadline = deadline_in (self->limits.request_timeout_ms);
  g_hash_table_add (self->connections, connection);
  g_object_weak_ref (G_OBJECT (tcp), connection_gone, connection);

  self->handing_over = connection;
  soup_server_accept_iostream (self->soup, stream, local, remote, &error);
  self->handing_over = NULL;

  update_accepting (self);
  return TRUE;
}

static GInetAddress *
parse_host (const char *host)
{
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  return g_inet_address_new_from_string (host);
}

/* Connections must never take the last file descriptors: a server out
 * of them cannot open its database or accept anything, and says
 * nothing. */
static guint
connections_the_fd_limit_allows (guint wanted)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
    return wanted;
  if (limit.rlim_cur <= 2 * RESERVED_FDS)
    return MAX (1, (guint) limit.rlim_cur / 4);
  return MIN (wanted, (guint) MIN (limit.rlim_cur - RESERVED_FDS, G_MAXUINT));
}

gboolean
agg_server_listen (AggServer   *self,
                   const char  *listen,
                   GError     **error)
{
  g_autofree char *host = NULL;
  g_autofree char *host_part = NULL;
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autofree char *address_string = NULL;
  const char *colon;
  guint64 port;

  g_return_val_if_fail (AGG_IS_SERVER (self), FALSE);
  g_return_val_if_fail (listen != NULL, FALSE);
  g_return_val_if_fail (self->service == NULL, FALSE);

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

  /* The socket is made here rather than by g_socket_listener_add_address()
   * for its backlog: GLib's default of 10 turns clients away while the
   * server sits idle. */
  socket = g_socket_new (g_inet_address_get_family (address), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  g_socket_set_listen_backlog (socket, (int) MIN (self->limits.backlog, G_MAXINT));
  socket_address = g_inet_socket_address_new (address, port);
  if (!g_socket_bind (socket, socket_address, TRUE, error) ||
      !g_socket_listen (socket, error))
    {
      g_prefix_error (error, _("Cannot listen on %s: "), listen);
      return FALSE;
    }
  bound = g_socket_get_local_address (socket, error);
  if (bound == NULL)
    return FALSE;

  self->limits.max_connections = connections_the_fd_limit_allows (self->limits.max_connections);
  self->service = g_socket_service_new ();
  if (!g_socket_listener_add_socket (G_SOCKET_LISTENER (self->service), socket, NULL, error))
    {
      g_clear_object (&self->service);
      return FALSE;
    }
  g_signal_connect_object (self->service, "incoming", G_CALLBACK (incoming), self, 0);
  self->listen_socket = g_steal_pointer (&socket);
  self->accepting = TRUE;
  g_socket_service_start (self->service);

  self->sweep = g_timeout_source_new (SWEEP_INTERVAL_MS);
  g_source_set_callback (self->sweep, sweep, self, NULL);
  g_source_set_static_name (self->sweep, "agg-server-deadlines");
  g_source_attach (self->sweep, self->context);

  address_string = g_inet_address_to_string (address);
  host_part = g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6
              ? g_strdup_printf ("[%s]", address_string) : g_strdup (address_string);
  self->url = g_strdup_printf ("%s://%s:%u/", self->certificate != NULL ? "https" : "http",
                               host_part,
                               g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  return TRUE;
}

char *
agg_server_get_url (AggServer *self)
{
  g_return_val_if_fail (AGG_IS_SERVER (self), NULL);

  return g_strdup (self->url);
}

void
agg_server_stop (AggServer *self)
{
  g_return_if_fail (AGG_IS_SERVER (self));

  if (self->stopped)
    return;
  /* From here on a new request is answered 503 at once, and no new
   * connection is accepted. */
  self->stopped = TRUE;
  if (self->service != NULL)
    {
      g_socket_service_stop (self->service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
    }

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

  /* A connection libsoup has not let go of yet no longer reports here. */
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, self->connections);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      ((Connection *) key)->server = NULL;
  }
  if (self->sweep != NULL)
    {
      g_source_destroy (self->sweep);
      g_clear_pointer (&self->sweep, g_source_unref);
    }
  g_clear_object (&self->service);
  g_clear_object (&self->listen_socket);
}
