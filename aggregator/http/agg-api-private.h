/* agg-api-private.h — what the files behind agg-api.h share: the state of
 * an AggApi, the handlers of its routes (agg-route-*.c, one file per area
 * of docs/api.md), the writer thread (agg-api-writer.c) and the report
 * workers (agg-api-report-pool.c).  agg-api.c holds the object, the route
 * table and the dispatch.
 *
 * This header does not include agg-api.h: agg-api.c includes it, and the
 * include graph has no cycles (tests/test-layers.c).  So the files behind
 * the API see the AggApiPrivate part of an AggApi, and the AggApi itself
 * only as the GObject that a queued write or report holds a reference on.
 */
#pragma once

#include <gio/gio.h>

#include "agg-api-reply.h"
#include "agg-db.h"
#include "agg-form-registry.h"
#include "agg-keys.h"
#include "agg-principal.h"
#include "agg-rate-limiter.h"

G_BEGIN_DECLS

/* Enrolment needs no token, so it is limited per client address: ten
 * tries at once, then one every six minutes. */
#define AGG_API_ENROL_BURST      10
#define AGG_API_ENROL_PER_MINUTE (1.0 / 6.0)

/* The hooks of agg_api_set_report_hook() and agg_api_set_ingest_hook(). */
typedef void (*AggApiHook) (GCancellable *cancellable,
                            gpointer      user_data);

typedef struct
{
  GObject         *object;      /* the AggApi this is part of */

  AggDb           *db;
  AggFormRegistry *forms;
  AggKeys         *keys;
  AggRateLimiter  *lookups;     /* per token id: lookups and unknown children in uploads */
  AggRateLimiter  *enrolments;  /* per client address */

  /* Reports of agg_api_handle_async(): the workers, and the cancellable of
   * every report not yet rendered, so that stopping can cancel them and
   * wait for the last worker to let go of the database. */
  GThreadPool     *report_pool;
  GMutex           reports_lock;
  GCond            reports_idle;
  GPtrArray       *reports_running;
  AggApiHook       report_hook;
  gpointer         report_hook_data;

  /* The writer of agg_api_handle_async(): one thread, started with the
   * first write, with a read-write connection of its own.  Uploads,
   * enrolments and audit records queue for it and are written one at a
   * time in the order they came, so the main loop never waits for a lock
   * or a COMMIT's fsync. */
  GMutex           writer_lock;
  GThread         *writer;
  GAsyncQueue     *writer_queue;        /* items of agg_api_queue_write() */
  GCancellable    *writer_cancellable;  /* cancelled by agg_api_cancel_writes() */
  AggApiHook       ingest_hook;
  gpointer         ingest_hook_data;
  /* Main thread only: inside agg_api_handle_async(), where a handler hands
   * its writes to the writer instead of making them on self->db. */
  gboolean         defer_writes;
} AggApiPrivate;

/* The routes, each answering on self->db (agg-route-*.c). */
void     agg_api_handle_health      (AggApiPrivate      *self,
                                     const AggRequest   *request,
                                     const AggPrincipal *principal,
                                     const char         *parameter,
                                     AggResponse        *response);
void     agg_api_handle_enrol       (AggApiPrivate      *self,
                                     const AggRequest   *request,
                                     const AggPrincipal *principal,
                                     const char         *parameter,
                                     AggResponse        *response);
void     agg_api_handle_forms       (AggApiPrivate      *self,
                                     const AggRequest   *request,
                                     const AggPrincipal *principal,
                                     const char         *parameter,
                                     AggResponse        *response);
void     agg_api_handle_form        (AggApiPrivate      *self,
                                     const AggRequest   *request,
                                     const AggPrincipal *principal,
                                     const char         *parameter,
                                     AggResponse        *response);
void     agg_api_handle_child       (AggApiPrivate      *self,
                                     const AggRequest   *request,
                                     const AggPrincipal *principal,
                                     const char         *parameter,
                                     AggResponse        *response);
void     agg_api_handle_submissions (AggApiPrivate      *self,
                                     const AggRequest   *request,
                                     const AggPrincipal *principal,
                                     const char         *parameter,
                                     AggResponse        *response);
/* The synchronous way of a report, for agg_api_handle(). */
void     agg_api_handle_report      (AggApiPrivate      *self,
                                     const AggRequest   *request,
                                     const AggPrincipal *principal,
                                     const char         *parameter,
                                     AggResponse        *response);

/* What a route that writes does on @db: the main connection, or the
 * writer's (agg_api_begin_write()). */
typedef void (*AggApiWriteHandler) (AggApiPrivate      *self,
                                    AggDb              *db,
                                    const AggRequest   *request,
                                    const AggPrincipal *principal,
                                    AggResponse        *response);

/* agg-route-devices.c: the enrolment limit, taken on the caller's thread
 * (FALSE when @response already says no), and the enrolment itself. */
gboolean agg_api_take_enrolment     (AggApiPrivate      *self,
                                     const AggRequest   *request,
                                     AggResponse        *response);
void     agg_api_enrol_device       (AggApiPrivate      *self,
                                     AggDb              *db,
                                     const AggRequest   *request,
                                     const AggPrincipal *principal,
                                     AggResponse        *response);

/* agg-route-submissions.c: stores the batch of @request. */
void     agg_api_submit_batch       (AggApiPrivate      *self,
                                     AggDb              *db,
                                     const AggRequest   *request,
                                     const AggPrincipal *principal,
                                     AggResponse        *response);

/* agg-route-children.c: the 429 of a token that has used up its
 * child-code budget, by lookups or (@by "uploads") by uploads naming
 * unknown children; its audit record goes on @db, or to the writer when
 * @db is NULL. */
void     agg_api_refuse_child_codes (AggApiPrivate      *self,
                                     AggDb              *db,
                                     const AggPrincipal *principal,
                                     const char         *by,
                                     AggResponse        *response);

/* agg-route-reports.c: which service a report covers (FALSE when
 * @response says no), the detail of its audit record, and the answer
 * that hands it out (taking @content_type and @body). */
gboolean agg_api_report_scope        (const AggRequest    *request,
                                      const AggPrincipal  *principal,
                                      const char         **service_id,
                                      AggResponse         *response);
char    *agg_api_report_audit_detail (const char          *service_id,
                                      GHashTable          *query);
void     agg_api_give_report         (char               **content_type,
                                      GBytes             **body,
                                      AggResponse         *response);

/* agg-api-writer.c */

/* What the writer does with one item: writes on @db, or, when @refusal is
 * set (the server is stopping, or the connection cannot be opened), does
 * not touch the database and answers with @refusal.  On the writer
 * thread, or on the caller's when no writer thread could be started. */
typedef void (*AggApiWriteFunc) (AggApiPrivate *self,
                                 AggDb         *db,
                                 GCancellable  *cancellable,
                                 gpointer       data,
                                 const GError  *refusal);

void     agg_api_init_writer        (AggApiPrivate      *self);
void     agg_api_clear_writer       (AggApiPrivate      *self);
/* Hands @data to the writer thread, started if it is not running; @func
 * runs there, and @data_free after it.  Any thread. */
void     agg_api_queue_write        (AggApiPrivate      *self,
                                     AggApiWriteFunc     func,
                                     gpointer            data,
                                     GDestroyNotify      data_free);
/* Lets the writer thread finish what is queued and waits for it, unless
 * this is the writer thread itself. */
void     agg_api_stop_writer        (AggApiPrivate      *self);
/* Refuses every write still waiting, lets the writer finish the one it is
 * on and waits until it has closed its connection. */
void     agg_api_cancel_writes      (AggApiPrivate      *self);
/* Hands a request that writes to the writer; its answer comes through
 * @callback and agg_api_finish_write(). */
void     agg_api_begin_write        (AggApiPrivate      *self,
                                     AggApiWriteHandler  handler,
                                     const AggRequest   *request,
                                     const AggPrincipal *principal,
                                     const AggResponse  *response,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
void     agg_api_finish_write       (AggApiPrivate      *self,
                                     GTask              *task,
                                     AggResponse        *response);

/* agg-api-report-pool.c */

void     agg_api_init_reports       (AggApiPrivate      *self,
                                     guint               n_workers);
/* For dispose: lets go of the pool without waiting for it. */
void     agg_api_free_report_pool   (AggApiPrivate      *self);
void     agg_api_clear_reports      (AggApiPrivate      *self);
/* Hands a report to a worker.  FALSE when @response already says no. */
gboolean agg_api_begin_report       (AggApiPrivate      *self,
                                     const AggRequest   *request,
                                     const AggPrincipal *principal,
                                     const char         *parameter,
                                     AggResponse        *response,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
void     agg_api_finish_report      (AggApiPrivate      *self,
                                     GTask              *task,
                                     AggResponse        *response);
/* Cancels every report being rendered or waiting for a worker, and waits
 * until no worker thread uses the database any more. */
void     agg_api_cancel_report_workers (AggApiPrivate   *self);

G_END_DECLS
