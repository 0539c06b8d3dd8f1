/* agg-server.h — the HTTP server: libsoup 3 in front of AggApi.
 *
 * It owns what only HTTP has: listening (TLS when a certificate is given),
 * refusing bodies over AGG_API_MAX_BODY before they are read into memory,
 * one log line per request, and holding a report's request (paused) while
 * a worker thread renders it, so the one main loop goes on storing uploads.
 */
#pragma once

#include <gio/gio.h>

#include "agg-api.h"

G_BEGIN_DECLS

#define AGG_DEFAULT_LISTEN "127.0.0.1:8470"

#define AGG_TYPE_SERVER (agg_server_get_type ())

G_DECLARE_FINAL_TYPE (AggServer, agg_server, AGG, SERVER, GObject)

/* @tls_certificate may be NULL for plain HTTP. */
AggServer *agg_server_new     (AggApi           *api,
                               GTlsCertificate  *tls_certificate);

/* Listens on @listen, "HOST:PORT" where HOST is an IP address (IPv6 in
 * brackets) or "localhost"; port 0 picks a free port. */
gboolean   agg_server_listen  (AggServer        *self,
                               const char       *listen,
                               GError          **error);

/* The URL actually listened on, e.g. "http://127.0.0.1:40123/". */
char      *agg_server_get_url (AggServer        *self);

/* Stops listening, drops the connections, cancels the reports being
 * rendered and waits for their worker threads, so that nothing reads the
 * database afterwards.  Call it on the thread whose main context the
 * server was made on, once that context's loop has stopped.  Disposing
 * the server does this too. */
void       agg_server_stop    (AggServer        *self);

G_END_DECLS
