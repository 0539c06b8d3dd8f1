/* agg-server.h — the HTTP server: libsoup 3 in front of AggApi.
 *
 * It owns what only HTTP has: the listening socket and every connection
 * (accepted here and handed to libsoup one request at a time), TLS when a
 * certificate is given, the limits that keep the server up under load and
 * attack (docs/aggregator.md, "Connections, limits, TLS and systemd"),
 * one log line per request, and holding a request (paused) while AggApi renders a report or
 * writes an upload on another thread, so the main loop never waits for
 * the database.
 */
#pragma once

#include <gio/gio.h>

#include "agg-api.h"

G_BEGIN_DECLS

#define AGG_DEFAULT_LISTEN "127.0.0.1:8470"

/* What one server allows at once.  The defaults are the values of
 * agg_server_limits_init(); docs/aggregator.md says why each is what it
 * is. */
typedef struct
{
  /* Connections served at once.  Further clients wait in the listen
   * backlog until one ends.  Never more than the open-file limit allows
   * (agg_server_listen() lowers it to fit). */
  guint  max_connections;
  /* Connections the kernel queues while max_connections are served. */
  guint  backlog;
  /* A client must have sent its request line and headers this soon after
   * connecting (milliseconds). */
  guint  header_timeout_ms;
  /* A request whose body or answer makes no progress for this long is cut
   * off (milliseconds).  A report being rendered is not held to it. */
  guint  idle_timeout_ms;
  /* A client must have sent its whole request, body included, this soon
   * after connecting (milliseconds), however steadily it trickles. */
  guint  request_timeout_ms;
  /* A body refused at its headers (no token, too big, no room) is read and
   * dropped for at most this long, so that the client can hear the answer
   * (milliseconds). */
  guint  refused_body_timeout_ms;
  /* Bytes of request bodies held in memory at once, over every
   * connection; a body that would go over is answered 503. */
  gsize  max_body_bytes_in_flight;
} AggServerLimits;

void       agg_server_limits_init (AggServerLimits  *limits);

/* Restricts every TLS connection of this process to TLS 1.2 and 1.3 with
 * forward-secret key exchange and AEAD ciphers only.  Call it before the
 * first use of TLS (loading a certificate included). */
void       agg_server_use_strict_tls (void);

#define AGG_TYPE_SERVER (agg_server_get_type ())

G_DECLARE_FINAL_TYPE (AggServer, agg_server, AGG, SERVER, GObject)

/* @tls_certificate may be NULL for plain HTTP. */
AggServer *agg_server_new     (AggApi           *api,
                               GTlsCertificate  *tls_certificate);

/* Replaces the limits (before agg_server_listen()). */
void       agg_server_set_limits (AggServer             *self,
                                  const AggServerLimits *limits);
/* The limits in force: after agg_server_listen(), max_connections is what
 * the open-file limit left of it. */
void       agg_server_get_limits (AggServer             *self,
                                  AggServerLimits       *limits);

/* Listens on @listen, "HOST:PORT" where HOST is an IP address (IPv6 in
 * brackets) or "localhost"; port 0 picks a free port. */
gboolean   agg_server_listen  (AggServer        *self,
                               const char       *listen,
                               GError          **error);

/* The URL actually listened on, e.g. "http://127.0.0.1:40123/". */
char      *agg_server_get_url (AggServer        *self);

/* Whether it serves all the connections it may: new clients wait in the
 * backlog until one ends.  Busy, not stuck: deadlines end them. */
gboolean   agg_server_is_full (AggServer *self);

/* Stops listening, drops the connections, cancels the reports being
 * rendered and waits for their worker threads, so that nothing reads the
 * database afterwards.  Call it on the thread whose main context the
 * server was made on, once that context's loop has stopped.  Disposing
 * the server does this too. */
void       agg_server_stop    (AggServer        *self);

G_END_DECLS
