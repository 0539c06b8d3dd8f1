/* agg-api.h — the HTTP API of docs/api.md, free of any HTTP library.
 *
 * AggServer turns each SoupServerMessage into an AggRequest and back; the
 * tests call agg_api_handle() directly too.  Every route checks the
 * caller's role here, before any data is read.  The request and response
 * it takes, and the error replies the server makes itself, are in
 * agg-api-reply.h.
 */
#pragma once

#include <gio/gio.h>

#include "agg-api-reply.h"
#include "agg-db.h"
#include "agg-form-registry.h"
#include "agg-keys.h"

G_BEGIN_DECLS

/* The largest request body accepted (docs/architecture.md "Quality
 * bars": a huge body is bad input, with a clear error). */
#define AGG_API_MAX_BODY (8 * 1024 * 1024)
/* The largest body of a route anyone may call without a token
 * (enrolment): small, so that bodies from strangers cost nothing. */
#define AGG_API_MAX_SMALL_BODY (16 * 1024)

#define AGG_TYPE_API (agg_api_get_type ())

G_DECLARE_FINAL_TYPE (AggApi, agg_api, AGG, API, GObject)

/* Makes the API of @db.  It sets @db's busy timeout to
 * AGG_API_BUSY_TIMEOUT_MS: the requests agg_api_handle() answers run on
 * one thread, which must never wait long for the database.  The writer of
 * agg_api_handle_async() opens a connection of its own to the same file
 * (agg_db_get_path()), with the same timeout. */
AggApi  *agg_api_new                 (AggDb            *db,
                                      AggFormRegistry  *forms,
                                      AggKeys          *keys);

/* Child-code lookups per token: at most @burst at once, refilled at
 * @per_minute.  The default is 30 at once and 20 a minute.  An uploaded
 * item rejected for an unknown child costs a lookup too. */
void     agg_api_set_lookup_limit    (AggApi           *self,
                                      guint             burst,
                                      double            per_minute);

void     agg_api_handle              (AggApi           *self,
                                      const AggRequest *request,
                                      AggResponse      *response);

/* The most reports rendered at once by agg_api_handle_async(). */
#define AGG_API_REPORT_WORKERS 2

/* As agg_api_handle(), for a server whose one thread must never wait for
 * the database: routing, authentication and every role check run here, on
 * the caller's thread, but a report (GET /api/v1/reports/…, which takes
 * seconds to minutes on a national database) is rendered on one of
 * AGG_API_REPORT_WORKERS worker threads, each with its own read-only
 * connection, and everything that writes — an upload (POST
 * /api/v1/submissions), an enrolment (POST /api/v1/devices), the audit
 * records of reports and of child-code refusals — is written by one
 * writer thread with its own read-write connection, one at a time in the
 * order it came.  The caller's thread only reads.
 *
 * Returns TRUE when @response already holds the answer; @callback is then
 * never called.  Returns FALSE when the answer is still being made:
 * @callback is called later on the thread-default main context of this
 * call, and agg_api_handle_finish() fills @response there.  @request need
 * not outlive this call. */
gboolean agg_api_handle_async        (AggApi           *self,
                                      const AggRequest *request,
                                      AggResponse      *response,
                                      GAsyncReadyCallback callback,
                                      gpointer          user_data);
/* Fills @response (cleared first) with the answer of a request that
 * agg_api_handle_async() took away.  A report is handed out only if the
 * writer wrote its audit record.  A report or a write cancelled by
 * agg_api_cancel_reports() is answered 503 "unavailable". */
void     agg_api_handle_finish       (AggApi           *self,
                                      GAsyncResult     *result,
                                      AggResponse      *response);
/* Cancels every report being rendered or waiting for a worker, and waits
 * until no worker thread uses the database any more; then refuses every
 * write still waiting for the writer, lets it finish (commit or roll back)
 * the one it is on, and waits until it has closed its connection.  Every
 * callback still comes, on its main context.  For stopping the server. */
void     agg_api_cancel_reports      (AggApi           *self);

/* Runs on the worker thread before each report of agg_api_handle_async()
 * is rendered.  It must return soon after @cancellable is cancelled. */
typedef void (*AggApiReportHook) (GCancellable *cancellable,
                                  gpointer      user_data);
/* For tests: holds reports at a point the test controls (NULL: none). */
void     agg_api_set_report_hook     (AggApi           *self,
                                      AggApiReportHook  hook,
                                      gpointer          user_data);

/* Runs on the writer thread before each upload of agg_api_handle_async()
 * is stored.  It must return soon after @cancellable is cancelled; the
 * upload is then refused (503), having stored nothing. */
typedef void (*AggApiIngestHook) (GCancellable *cancellable,
                                  gpointer      user_data);
/* For tests: holds uploads at a point the test controls (NULL: none). */
void     agg_api_set_ingest_hook     (AggApi           *self,
                                      AggApiIngestHook  hook,
                                      gpointer          user_data);

/* Before a request's body is read, with only its method, path and
 * Authorization header: routes it, authenticates the caller and checks
 * the route's roles, so that nobody without the right token can make the
 * server hold a body.  Returns TRUE when the body may be read, and
 * *@max_body is the most the route takes (@response then holds only the
 * request log's route and token id); FALSE when @response already holds
 * the refusal (404, 405, 401, 403). */
gboolean agg_api_admit_body          (AggApi           *self,
                                      const AggRequest *request,
                                      gsize            *max_body,
                                      AggResponse      *response);

/* The route @path belongs to, as the request log writes it
 * ("/api/v1/children/{code}"), for requests refused before they reach
 * agg_api_handle() (a body over the limit). */
char    *agg_api_log_path            (const char       *path);

G_END_DECLS
