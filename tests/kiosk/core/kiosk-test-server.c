/* kiosk-test-server.c — a small fake aggregator on 127.0.0.1, port 0. */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "kiosk-test-server.h"

struct _KtServer
{
  GThread      *thread;
  GTlsCertificate *certificate;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  char         *url;
  KtKeyPair     pair;

  GMutex        lock;
  GCond         cond;
  KtReplyMode   mode;
  GPtrArray    *poison;         /* ids */
  GHashTable   *received;       /* id → count */
  guint         n_requests;
  guint         max_batch;
  JsonNode     *last_request;
  GPtrArray    *requests;       /* JsonNode: every body of a submissions POST */
  GPtrArray    *stalled;        /* SoupServerMessage, never answered */
  GHashTable   *replies;        /* path → Reply, set by kt_server_set_reply() */
};

typedef struct
{
  guint  status;
  char  *body;
} Reply;

static void
reply_free (Reply *reply)
{
  g_free (reply->body);
  g_free (reply);
}

static void
reply_json (SoupServerMessage *msg,
            guint              status,
            const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    json, strlen (json));
}

static void
reply_error (SoupServerMessage *msg,
             guint              status,
             const char        *code)
{
  g_autofree char *json = g_strdup_printf ("{\"error\": {\"code\": \"%s\", "
                                           "\"message\": \"synthetic\"}}", code);

  reply_json (msg, status, json);
}

static gboolean
authorised (SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (
      soup_server_message_get_request_headers (msg), "Authorization");

  return g_strcmp0 (header, "Bearer " KT_TOKEN) == 0;
}

static JsonNode *
request_json (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  return json_from_string (text, NULL);
}

/* Builds the list of statuses for one kind; called with the lock held. */
static JsonArray *
statuses (KtServer   *self,
          JsonArray  *sent,
          KtReplyMode mode)
{
  JsonArray *out = json_array_new ();

  for (guint i = 0; i < json_array_get_length (sent); i++)
    {
      const char *id = json_object_get_string_member (json_array_get_object_element (sent, i), "id");
      guint seen = GPOINTER_TO_UINT (g_hash_table_lookup (self->received, id));
      JsonObject *entry = json_object_new ();
      gboolean store = mode == KT_REPLY_OK || mode == KT_REPLY_TRUNCATED ||
                       mode == KT_REPLY_MISSING_IDS || mode == KT_REPLY_POISON ||
                       mode == KT_REPLY_LENIENT || mode == KT_REPLY_POISON_500;

      json_object_set_string_member (entry, "id", id);
      if (store)
        {
          json_object_set_string_member (entry, "status", seen > 0 ? "duplicate" : "stored");
          g_hash_table_insert (self->received, g_strdup (id), GUINT_TO_POINTER (seen + 1));
        }
      else if (mode == KT_REPLY_CONFLICT)
        json_object_set_string_member (entry, "status", "conflict");
      else if (mode == KT_REPLY_REJECTED)
        {
          json_object_set_string_member (entry, "status", "rejected");
          json_object_set_string_member (entry, "reason",
                                         "item 'alpha': synthetic reason\nsecond line");
        }
      else if (mode == KT_REPLY_CONTRADICT)
        {
          JsonObject *twin = json_object_new ();

          json_object_set_string_member (entry, "status", "stored");
          json_object_set_string_member (twin, "id", id);
          json_object_set_string_member (twin, "status", "rejected");
          json_array_add_object_element (out, twin);
        }

      if (mode == KT_REPLY_MISSING_IDS && i % 2 == 1)
        {
          /* Stored, but the reply "forgets" to say so. */
          json_object_unref (entry);
          continue;
        }
      json_array_add_object_element (out, entry);
    }
  return out;
}

static void
handle_submissions (KtServer          *self,
                    SoupServerMessage *msg)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(JsonNode) request = request_json (msg);
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(JsonNode) reply_node = NULL;
  g_autofree char *text = NULL;
  g_autofree char *request_text = NULL;
  JsonArray *submissions, *offers;
  KtReplyMode mode = self->mode;
  guint n;

  self->n_requests++;
  if (!authorised (msg))
    {
      reply_error (msg, 401, "unauthorized");
      return;
    }
  if (request == NULL || !JSON_NODE_HOLDS_OBJECT (request))
    {
      reply_error (msg, 400, "bad-request");
      return;
    }
  g_clear_pointer (&self->last_request, json_node_unref);
  self->last_request = json_node_copy (request);
  g_ptr_array_add (self->requests, json_node_copy (request));

  submissions = json_object_get_array_member (json_node_get_object (request), "submissions");
  offers = json_object_get_array_member (json_node_get_object (request), "offers");
  n = json_array_get_length (submissions) + json_array_get_length (offers);
  self->max_batch = MAX (self->max_batch, n);

  switch (mode)
    {
    case KT_REPLY_PORTAL:
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC,
                                        "<html><body>Sign in to the clinic Wi-Fi</body></html>", 53);
      return;
    case KT_REPLY_BARE_200:
      soup_server_message_set_status (msg, 200, NULL);
      return;
    case KT_REPLY_WRONG_SHAPE:
      reply_json (msg, 200, "{\"status\": \"ok\"}");
      return;
    case KT_REPLY_SERVER_ERROR:
      reply_error (msg, 500, "internal");
      return;
    case KT_REPLY_UNAUTHORIZED:
      reply_error (msg, 401, "unauthorized");
      return;
    case KT_REPLY_REDIRECT:
      soup_server_message_set_redirect (msg, 302, "http://127.0.0.1:1/login");
      return;
    case KT_REPLY_DEEP:
      {
        /* json-glib reads nesting recursively: this used to take the
         * kiosk's stack with it. */
        char *deep = g_strnfill (100000, '[');

        soup_server_message_set_status (msg, self->n_requests % 2 == 0 ? 400 : 200, NULL);
        soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                          deep, strlen (deep));
      }
      return;
    case KT_REPLY_PROXY_400:
      soup_server_message_set_status (msg, 400, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC,
                                        "<html>Bad Request</html>", 24);
      return;
    case KT_REPLY_STALL:
      soup_server_message_pause (msg);
      g_ptr_array_add (self->stalled, g_object_ref (msg));
      return;
    case KT_REPLY_UNAVAILABLE:
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", "1");
      reply_error (msg, 503, "unavailable");
      return;
    case KT_REPLY_POISON:
    case KT_REPLY_POISON_500:
      request_text = json_to_string (request, FALSE);
      for (guint i = 0; i < self->poison->len; i++)
        if (strstr (request_text, self->poison->pdata[i]) != NULL)
          {
            if (mode == KT_REPLY_POISON)
              reply_error (msg, 400, "bad-request");
            else
              reply_error (msg, 500, "internal");
            return;
          }
      break;
    case KT_REPLY_OK:
    case KT_REPLY_LENIENT:
    case KT_REPLY_TRUNCATED:
    case KT_REPLY_MISSING_IDS:
    case KT_REPLY_CONFLICT:
    case KT_REPLY_REJECTED:
    case KT_REPLY_CONTRADICT:
    default:
      break;
    }

  reply = json_object_new ();
  json_object_set_array_member (reply, "submissions", statuses (self, submissions, mode));
  json_object_set_array_member (reply, "offers", statuses (self, offers, mode));
  reply_node = json_node_init_object (json_node_alloc (), reply);
  text = json_to_string (reply_node, FALSE);
  if (mode == KT_REPLY_TRUNCATED)
    text[strlen (text) / 2] = '\0';
  if (mode == KT_REPLY_LENIENT)
    {
      /* A key twice: json-glib alone would read the last one. */
      g_auto(GStrv) parts = g_strsplit (text, "\"status\":\"", -1);

      g_free (text);
      text = g_strjoinv ("\"status\":\"rejected\",\"status\":\"", parts);
    }
  reply_json (msg, 200, text);
}

static void
handle_devices (KtServer          *self,
                SoupServerMessage *msg)
{
  g_autoptr(JsonNode) request = request_json (msg);
  const char *code = NULL;
  g_autofree char *key = NULL;
  g_autofree char *json = NULL;

  if (request != NULL && JSON_NODE_HOLDS_OBJECT (request))
    code = json_object_get_string_member_with_default (json_node_get_object (request),
                                                       "code", NULL);
  if (g_strcmp0 (code, KT_ENROL_CODE) != 0)
    {
      reply_error (msg, 404, "not-found");
      return;
    }
  key = g_base64_encode (self->pair.public_key, sizeof self->pair.public_key);
  json = g_strdup_printf ("{\"device_id\": \"device-1\", \"token\": \"%s\", "
                          "\"service\": {\"id\": \"svc-test\", \"name\": \"Synthetic service\"}, "
                          "\"public_key\": \"%s\"}", KT_TOKEN, key);
  reply_json (msg, 201, json);
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  KtServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  Reply *reply;

  g_mutex_lock (&self->lock);
  reply = g_hash_table_lookup (self->replies, path);
  if (reply != NULL)
    {
      soup_server_message_set_status (msg, reply->status, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                        reply->body, strlen (reply->body));
    }
  g_mutex_unlock (&self->lock);
  if (reply != NULL)
    return;

  if (g_str_equal (path, "/api/v1/submissions") && g_str_equal (method, "POST"))
    handle_submissions (self, msg);
  else if (g_str_equal (path, "/api/v1/devices") && g_str_equal (method, "POST"))
    handle_devices (self, msg);
  else if (!authorised (msg))
    reply_error (msg, 401, "unauthorized");
  else if (g_str_equal (path, "/api/v1/forms"))
    {
      KtReplyMode mode;

      g_mutex_lock (&self->lock);
      mode = self->mode;
      g_mutex_unlock (&self->lock);
      if (mode == KT_REPLY_PORTAL)
        {
          soup_server_message_set_status (msg, 200, NULL);
          soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, "<html/>", 7);
          return;
        }
      reply_json (msg, 200, "{\"forms\": [{\"id\": \"kiosk-test-qol\", \"version\": 1, "
                            "\"kind\": \"quality-of-life\"}, {\"id\": \"kiosk-test-review\", "
                            "\"version\": 2, \"kind\": \"gas-review\"}]}");
    }
  else if (g_str_has_prefix (path, "/api/v1/forms/"))
    {
      const char *id = path + strlen ("/api/v1/forms/");
      const char *file = g_str_equal (id, "kiosk-test-qol") ? "qol.xml"
                         : g_str_equal (id, "kiosk-test-review") ? "review.xml" : NULL;
      g_autofree char *xml = NULL;

      if (file == NULL)
        {
          reply_error (msg, 404, "not-found");
          return;
        }
      xml = kt_read_data (file);
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/xml", SOUP_MEMORY_COPY,
                                        xml, strlen (xml));
    }
  else if (g_str_equal (path, "/api/v1/children/" KT_CHILD))
    {
      g_autofree char *json = kt_read_data ("child.json");

      reply_json (msg, 200, json);
    }
  else if (g_str_has_prefix (path, "/api/v1/children/"))
    reply_error (msg, 404, "not-found");
  else
    reply_error (msg, 404, "not-found");
}

static gpointer
server_thread (gpointer data)
{
  KtServer *self = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (self->context);

  self->server = soup_server_new ("tls-certificate", self->certificate, NULL);
  soup_server_add_handler (self->server, "/api", handler, self, NULL);
  soup_server_listen_local (self->server, 0,
                            SOUP_SERVER_LISTEN_IPV4_ONLY |
                            (self->certificate ? SOUP_SERVER_LISTEN_HTTPS : 0),
                            &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (self->server);
  g_assert_nonnull (uris);

  g_mutex_lock (&self->lock);
  {
    GUri *uri = uris->data;

    self->url = g_strdup_printf ("%s://127.0.0.1:%d", self->certificate ? "https" : "http",
                                 g_uri_get_port (uri));
  }
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_main_loop_run (self->loop);

  g_ptr_array_set_size (self->stalled, 0);
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  /* Let the server's sources finish on this context before it goes. */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

char *
kt_tls_file (const char *name)
{
  return g_build_filename (KT_DATA_DIR, "tls", name, NULL);
}

static KtServer *
server_new (GTlsCertificate *certificate)
{
  KtServer *self = g_new0 (KtServer, 1);

  self->certificate = certificate;
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  kt_keypair (&self->pair);
  self->received = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->stalled = g_ptr_array_new_with_free_func (g_object_unref);
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  self->poison = g_ptr_array_new_with_free_func (g_free);
  self->replies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) reply_free);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);

  g_mutex_lock (&self->lock);
  self->thread = g_thread_new ("kt-server", server_thread, self);
  while (self->url == NULL)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);
  return self;
}

KtServer *
kt_server_new (void)
{
  return server_new (NULL);
}

KtServer *
kt_server_new_tls (void)
{
  g_autofree char *cert = kt_tls_file ("test-cert.pem");
  g_autofree char *key = kt_tls_file ("test-key.pem");
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate = g_tls_certificate_new_from_files (cert, key, &error);

  g_assert_no_error (error);
  return server_new (certificate);
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
kt_server_free (KtServer *self)
{
  GSource *source = g_idle_source_new ();

  g_source_set_callback (source, quit_cb, self->loop, NULL);
  g_source_attach (source, self->context);
  g_source_unref (source);
  g_thread_join (self->thread);

  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_clear_object (&self->certificate);
  g_hash_table_unref (self->received);
  g_ptr_array_unref (self->stalled);
  g_ptr_array_unref (self->requests);
  g_clear_pointer (&self->last_request, json_node_unref);
  g_ptr_array_unref (self->poison);
  g_hash_table_unref (self->replies);
  g_free (self->url);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}

void
kt_server_set_reply (KtServer   *self,
                     const char *path,
                     guint       status,
                     const char *body)
{
  Reply *reply = g_new0 (Reply, 1);

  reply->status = status;
  reply->body = g_strdup (body);
  g_mutex_lock (&self->lock);
  g_hash_table_replace (self->replies, g_strdup (path), reply);
  g_mutex_unlock (&self->lock);
}

KioskStore *
kt_server_open_store (KtServer    *self,
                      const char  *name,
                      gboolean     enrolled,
                      char       **dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = kt_data_dir (name);
  KioskStore *store = kiosk_store_open (path, &error);

  g_assert_no_error (error);
  if (enrolled)
    kt_enrol (store, self->url, &self->pair);
  if (dir != NULL)
    *dir = g_steal_pointer (&path);
  return store;
}

const char *
kt_server_get_url (KtServer *self)
{
  return self->url;
}

const KtKeyPair *
kt_server_get_keypair (KtServer *self)
{
  return &self->pair;
}

void
kt_server_set_mode (KtServer    *self,
                    KtReplyMode  mode)
{
  g_mutex_lock (&self->lock);
  self->mode = mode;
  g_mutex_unlock (&self->lock);
}

void
kt_server_set_poison (KtServer   *self,
                      const char *id)
{
  g_mutex_lock (&self->lock);
  g_ptr_array_set_size (self->poison, 0);
  g_ptr_array_add (self->poison, g_strdup (id));
  g_mutex_unlock (&self->lock);
}

void
kt_server_add_poison (KtServer   *self,
                      const char *id)
{
  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->poison, g_strdup (id));
  g_mutex_unlock (&self->lock);
}

guint
kt_server_times_received (KtServer   *self,
                          const char *id)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return GPOINTER_TO_UINT (g_hash_table_lookup (self->received, id));
}

guint
kt_server_n_stored (KtServer *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return g_hash_table_size (self->received);
}

guint
kt_server_n_requests (KtServer *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return self->n_requests;
}

guint
kt_server_max_batch (KtServer *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return self->max_batch;
}

JsonNode *
kt_server_dup_last_request (KtServer *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return self->last_request ? json_node_copy (self->last_request) : NULL;
}

GPtrArray *
kt_server_dup_requests (KtServer *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  GPtrArray *requests = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  for (guint i = 0; i < self->requests->len; i++)
    g_ptr_array_add (requests, json_node_copy (g_ptr_array_index (self->requests, i)));
  return requests;
}

char *
kt_closed_url (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;

  /* Bind to port 0 to get a free port, then close it: for a moment at
   * least, nothing listens there. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  return g_strdup_printf ("http://127.0.0.1:%u", port);
}
