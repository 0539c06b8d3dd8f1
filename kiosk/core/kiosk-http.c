/* kiosk-http.c — one blocking HTTP request with libcurl (internal).
 *
 * Security choices, all deliberate:
 *  - TLS peer and host verification are set explicitly on every handle and
 *    there is no code path that turns them off; only the CA bundle can be
 *    chosen;
 *  - only http and https, and redirects are never followed: a captive
 *    portal's 302 must look like what it is, not like a reply;
 *  - loopback URLs bypass any proxy from the environment, so the local
 *    demo aggregator and the tests talk to 127.0.0.1 and nothing else;
 *  - CURLOPT_NOSIGNAL, since this runs on worker threads.
 */
#include "config.h"

#include <curl/curl.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "kiosk-error.h"
#include "kiosk-http.h"
#include "kv-json.h"

typedef struct curl_slist curl_slist;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CURL, curl_easy_cleanup)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (curl_slist, curl_slist_free_all)

typedef struct
{
  GByteArray   *data;
  gboolean      too_large;
  GCancellable *cancellable;
} Transfer;

static void
ensure_curl (void)
{
  static gsize initialised = 0;

  /* curl_global_init() must run once before any handle is made; libcurl
   * 7.88 makes it thread-safe, but a once keeps it cheap and explicit. */
  if (g_once_init_enter (&initialised))
    {
      CURLcode code = curl_global_init (CURL_GLOBAL_DEFAULT);

      g_assert (code == CURLE_OK);
      g_once_init_leave (&initialised, 1);
    }
}

static size_t
write_cb (char   *ptr,
          size_t  size,
          size_t  nmemb,
          void   *user_data)
{
  Transfer *transfer = user_data;
  gsize length = size * nmemb;

  if (transfer->data->len + length > KIOSK_HTTP_MAX_REPLY)
    {
      transfer->too_large = TRUE;
      return 0;   /* makes libcurl stop with CURLE_WRITE_ERROR */
    }
  g_byte_array_append (transfer->data, (const guint8 *) ptr, length);
  return length;
}

static int
progress_cb (void       *user_data,
             curl_off_t  dltotal,
             curl_off_t  dlnow,
             curl_off_t  ultotal,
             curl_off_t  ulnow)
{
  Transfer *transfer = user_data;

  return g_cancellable_is_cancelled (transfer->cancellable) ? 1 : 0;
}

static gboolean
is_loopback_url (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri ? g_uri_get_host (uri) : NULL;

  return host != NULL &&
         (g_ascii_strcasecmp (host, "localhost") == 0 ||
          g_str_equal (host, "127.0.0.1") || g_str_equal (host, "::1"));
}

static gboolean
is_tls_failure (CURLcode code)
{
  switch (code)
    {
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
set_curl_error (CURLcode   code,
                Transfer  *transfer,
                GError   **error)
{
  if (code == CURLE_ABORTED_BY_CALLBACK)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled."));
  else if (code == CURLE_WRITE_ERROR && transfer->too_large)
    g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY,
                 _("The reply was far too large to come from the aggregator."));
  else if (is_tls_failure (code))
    g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_TLS,
                 _("The aggregator's identity could not be verified (%s)."),
                 curl_easy_strerror (code));
  else
    /* Connection refused, DNS, timeouts, resets, and a body cut short
     * (CURLE_PARTIAL_FILE): all worth trying again later. */
    g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_UNREACHABLE,
                 _("The aggregator could not be reached (%s)."),
                 curl_easy_strerror (code));
  return FALSE;
}

void
kiosk_http_reply_clear (KioskHttpReply *reply)
{
  g_clear_pointer (&reply->body, g_bytes_unref);
  reply->status = 0;
}

gboolean
kiosk_http_request (const KioskHttpConfig  *config,
                    const char             *method,
                    const char             *url,
                    const char             *token,
                    GBytes                 *body,
                    KioskHttpReply         *reply,
                    GCancellable           *cancellable,
                    GError                **error)
{
  g_autoptr(CURL) curl = NULL;
  g_autoptr(curl_slist) headers = NULL;
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autofree char *authorization = NULL;
  Transfer transfer = { data, FALSE, cancellable };
  CURLcode code;
  long status = 0;

  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (method != NULL && url != NULL, FALSE);
  g_return_val_if_fail (reply != NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  ensure_curl ();
  curl = curl_easy_init ();
  if (curl == NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_UNREACHABLE,
                   _("The network library could not start."));
      return FALSE;
    }

  headers = curl_slist_append (headers, "Accept: application/json");
  /* No "Expect: 100-continue" round trip before each batch. */
  headers = curl_slist_append (headers, "Expect:");
  if (body != NULL)
    headers = curl_slist_append (headers, "Content-Type: application/json");
  if (token != NULL)
    {
      authorization = g_strconcat ("Authorization: Bearer ", token, NULL);
      headers = curl_slist_append (headers, authorization);
    }

  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (config->ca_file != NULL)
    curl_easy_setopt (curl, CURLOPT_CAINFO, config->ca_file);
  if (is_loopback_url (url))
    curl_easy_setopt (curl, CURLOPT_NOPROXY, "*");
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, (long) config->connect_timeout);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, (long) config->total_timeout);
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_USERAGENT, "keyvoice-kiosk/" PACKAGE_VERSION);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, progress_cb);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, &transfer);

  if (body != NULL)
    {
      curl_easy_setopt (curl, CURLOPT_POSTFIELDS, g_bytes_get_data (body, NULL));
      curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE_LARGE,
                        (curl_off_t) g_bytes_get_size (body));
    }
  if (!g_str_equal (method, body != NULL ? "POST" : "GET"))
    curl_easy_setopt (curl, CURLOPT_CUSTOMREQUEST, method);

  code = curl_easy_perform (curl);
  if (code != CURLE_OK)
    return set_curl_error (code, &transfer, error);

  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  reply->status = status;
  reply->body = g_byte_array_free_to_bytes (g_steal_pointer (&data));
  return TRUE;
}

JsonObject *
kiosk_http_parse_reply (GBytes  *body,
                        GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  const char *data;
  gsize length = 0;

  /* An empty body has no data pointer at all. */
  data = body != NULL ? g_bytes_get_data (body, &length) : NULL;
  if (length > 0)
    root = kv_json_parse (data, length, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY,
                   _("The reply was not the aggregator's (not JSON, or cut short); "
                     "the network may need a sign-in."));
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

char *
kiosk_http_error_code (GBytes *body)
{
  g_autoptr(JsonObject) root = kiosk_http_parse_reply (body, NULL);
  JsonNode *error_node, *code_node;
  const char *code;

  if (root == NULL)
    return NULL;
  error_node = json_object_get_member (root, "error");
  if (error_node == NULL || !JSON_NODE_HOLDS_OBJECT (error_node))
    return NULL;
  code_node = json_object_get_member (json_node_get_object (error_node), "code");
  if (code_node == NULL || !JSON_NODE_HOLDS_VALUE (code_node) ||
      json_node_get_value_type (code_node) != G_TYPE_STRING)
    return NULL;

  /* Only a short word of [a-z-] goes on: it ends up on the staff screen
   * and in logs, where hostile text from a fake server must not. */
  code = json_node_get_string (code_node);
  if (*code == '\0' || strlen (code) > 32)
    return NULL;
  for (const char *p = code; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && *p != '-')
      return NULL;
  return g_strdup (code);
}
