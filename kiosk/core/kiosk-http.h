/* kiosk-http.h — one blocking HTTP request with libcurl (internal).
 *
 * Used by KioskClient, on KioskUploader's worker threads only; not part of
 * the library's public API (kiosk-core.h does not include it).
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The largest reply body accepted: forms and batch replies are far
 * smaller; anything bigger is not the aggregator talking. */
#define KIOSK_HTTP_MAX_REPLY (8 * 1024 * 1024)

typedef struct
{
  const char *ca_file;          /* NULL: the system's CA bundle */
  guint       connect_timeout;  /* seconds */
  guint       total_timeout;    /* seconds */
} KioskHttpConfig;

typedef struct
{
  long    status;               /* HTTP status code */
  GBytes *body;                 /* the whole body (never NULL on success) */
} KioskHttpReply;

void      kiosk_http_reply_clear   (KioskHttpReply        *reply);

/* Sends @method @url with an optional bearer @token and an optional JSON
 * @body, and reads the whole reply.  Returns FALSE with KIOSK_ERROR_
 * UNREACHABLE (no connection, timeout, reset, truncated body), _TLS
 * (verification failed), _BAD_REPLY (a body over KIOSK_HTTP_MAX_REPLY) or
 * G_IO_ERROR_CANCELLED.  Any HTTP status is a success here: interpreting
 * it is the caller's job.  Redirects are never followed. */
gboolean  kiosk_http_request       (const KioskHttpConfig *config,
                                    const char            *method,
                                    const char            *url,
                                    const char            *token,
                                    GBytes                *body,
                                    KioskHttpReply        *reply,
                                    GCancellable          *cancellable,
                                    GError               **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KioskHttpReply, kiosk_http_reply_clear)

/* Reads a reply @body that must be a JSON object, through libkvforms'
 * strict gate (kv-json.h: RFC 8259 only, bounded depth and size), so no
 * reply can take json-glib's recursion off the end of the stack.  Anything
 * else is KIOSK_ERROR_BAD_REPLY.  The object is immutable. */
JsonObject *kiosk_http_parse_reply (GBytes                *body,
                                    GError               **error);

/* The "code" of an aggregator error body ({"error": {"code": …}}) when it
 * is a plain lower-case word, else NULL — safe to show and log. */
char     *kiosk_http_error_code    (GBytes                *body);

G_END_DECLS
