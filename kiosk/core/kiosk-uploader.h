/* kiosk-uploader.h — talking to the aggregator.
 *
 * A KioskUploader delivers the store's outbox with POST
 * /api/v1/submissions (docs/api.md), enrols the tablet (POST
 * /api/v1/devices) and fills the store's caches (GET /api/v1/forms,
 * /api/v1/forms/{id}, /api/v1/children/{code}).  It decides when to sync,
 * what goes into each request and what to do with an entry the aggregator
 * refuses; the requests themselves, and reading their replies, are its
 * KioskClient's (kiosk-client.h), run on worker threads: no call here
 * blocks the main loop except the explicitly synchronous ones, which are
 * for the headless CLI and tests.
 *
 * Delivery rules:
 *  - batches of at most 100 entries (submissions and offers together);
 *  - TLS verification is always on; the CA bundle is the system's, or the
 *    one recorded at enrolment, or the one set with
 *    kiosk_uploader_set_ca_file();
 *  - only an explicit "stored" or "duplicate" for an id, in a 200 reply
 *    whose body is JSON of the expected shape, counts as delivered.  A bare
 *    200, an HTML page (a captive portal), a truncated body, or a reply
 *    that does not mention an id leaves that id queued;
 *  - "conflict" and "rejected" move the entry to "needs attention" with
 *    the reason; it is never retried unless staff ask
 *    (kiosk_store_retry_item());
 *  - a request the aggregator refuses as a whole with 400 or 413 (and its
 *    JSON error body) is split in halves, so one bad entry cannot hold up
 *    the rest: alone, it is moved to "needs attention" with the
 *    aggregator's error code;
 *  - a request the aggregator fails with its own 500 is split in halves
 *    the same way.  An entry that gets 500 alone is set aside until the
 *    others were tried, and is moved to "needs attention" only after three
 *    500s alone in a row while the aggregator acknowledged other entries
 *    after the first of them; three lone 500s with nothing acknowledged in
 *    between end the pass (the aggregator is failing as a whole).  Any
 *    other 5xx (503 busy or stopping, a proxy's 502/504) ends the pass and
 *    never parks anything;
 *  - after a failed pass the next automatic one waits, doubling from
 *    min_backoff (5 s) up to max_backoff (15 min), with full jitter in the
 *    upper half of each step.
 *
 * Automatic syncing, once kiosk_uploader_start() is called, happens on
 * kiosk_uploader_sync_now() (call it after every Send, and after a
 * successful enrolment), every sync-interval seconds (5 min; a pass with
 * nothing queued makes no request), after a failure when the backoff
 * expires, and when GNetworkMonitor reports that the network came back
 * while waiting.  After a successful automatic pass the cached forms are
 * refreshed too, at most hourly.  The automatic-syncing functions (start, stop, sync_now,
 * the getters) are for the thread that created the uploader; signals and
 * property notifications are emitted on its main context.  The explicit
 * operations below may be called from any thread.
 */
#pragma once

#include <gio/gio.h>

#include "kiosk-child.h"
#include "kiosk-store.h"

G_BEGIN_DECLS

typedef enum
{
  KIOSK_UPLOADER_IDLE,          /* not failing: stopped, or the last pass
                                 * delivered all it could (a periodic pass may
                                 * be scheduled) */
  KIOSK_UPLOADER_SYNCING,       /* a pass is running */
  KIOSK_UPLOADER_WAITING,       /* the last pass failed; the next is scheduled
                                 * (see next-attempt) */
  KIOSK_UPLOADER_NOT_ENROLLED,  /* nothing can be sent before enrolment */
} KioskUploaderState;

#define KIOSK_TYPE_UPLOADER_STATE (kiosk_uploader_state_get_type ())
GType kiosk_uploader_state_get_type (void) G_GNUC_CONST;

/* What one sync pass did.  Counts only. */
typedef struct
{
  guint delivered;        /* submissions acknowledged in this pass */
  guint offers_delivered; /* offers acknowledged in this pass */
  guint refused;          /* entries moved to "needs attention" in this pass */
  guint queued;           /* submissions and offers still queued afterwards */
  guint needs_attention;  /* submissions and offers needing attention afterwards */
} KioskSyncReport;

#define KIOSK_TYPE_UPLOADER (kiosk_uploader_get_type ())

G_DECLARE_FINAL_TYPE (KioskUploader, kiosk_uploader, KIOSK, UPLOADER, GObject)

KioskUploader     *kiosk_uploader_new               (KioskStore          *store);
KioskStore        *kiosk_uploader_get_store         (KioskUploader       *self);

/* ---- Configuration (any time; applies from the next request) ---------- */

/* A PEM CA bundle to verify the aggregator with, overriding the one
 * recorded at enrolment; NULL to go back to that.  Never disables
 * verification. */
void               kiosk_uploader_set_ca_file       (KioskUploader       *self,
                                                     const char          *ca_file);
/* Seconds to establish a connection (default 10) and for a whole request
 * (default 60). */
void               kiosk_uploader_set_timeouts      (KioskUploader       *self,
                                                     guint                connect_seconds,
                                                     guint                total_seconds);
/* 1…100 entries per request (default 100). */
void               kiosk_uploader_set_batch_size    (KioskUploader       *self,
                                                     guint                max_items);
/* Backoff bounds in seconds (defaults 5 and 900). */
void               kiosk_uploader_set_backoff       (KioskUploader       *self,
                                                     guint                min_seconds,
                                                     guint                max_seconds);
/* Seconds between periodic passes while something is queued (default
 * 300); 0 turns periodic passes off. */
void               kiosk_uploader_set_sync_interval (KioskUploader       *self,
                                                     guint                seconds);

/* ---- Automatic syncing ------------------------------------------------ */

/* Arms the triggers (periodic, network change, backoff) and schedules a
 * first pass straight away. */
void               kiosk_uploader_start             (KioskUploader       *self);
/* Disarms the triggers.  A pass already running finishes (its results are
 * committed), but no new one starts. */
void               kiosk_uploader_stop              (KioskUploader       *self);
/* Runs a pass as soon as possible, ignoring any backoff wait (after Send,
 * or the staff "Sync now" button).  If a pass is running, another one
 * follows it.  Works whether or not kiosk_uploader_start() was called. */
void               kiosk_uploader_sync_now          (KioskUploader       *self);

KioskUploaderState kiosk_uploader_get_state         (KioskUploader       *self);
/* Translated reason the last pass stopped early, or NULL. */
const char        *kiosk_uploader_get_last_error    (KioskUploader       *self);
/* Wall-clock time (g_get_real_time(), µs) of the next scheduled pass, or 0. */
gint64             kiosk_uploader_get_next_attempt  (KioskUploader       *self);

/* Properties: "state" (KioskUploaderState), "last-error" (string),
 * "next-attempt" (gint64), "store" (construct-only).
 *
 * Signal "sync-finished" (KioskUploader *self, gboolean ok, gpointer
 * user_data): a pass ended, on the main context; read
 * kiosk_store_get_outbox_status() for the counts.  @ok is TRUE when it
 * ended with nothing left that it could deliver. */

/* ---- Explicit operations ---------------------------------------------- */

/* One sync pass: deliver everything queued, batch by batch, until nothing
 * is left or a request fails.  Returns TRUE when the pass ended with
 * nothing left it could deliver (entries needing attention do not count);
 * FALSE with the reason otherwise (KIOSK_ERROR_UNREACHABLE, _BAD_REPLY,
 * _TLS, _REFUSED, _NOT_ENROLLED, _STORAGE).  @report (may be NULL) is
 * filled either way.  Blocks: for the headless CLI and tests. */
gboolean           kiosk_uploader_sync              (KioskUploader       *self,
                                                     GCancellable        *cancellable,
                                                     KioskSyncReport     *report,
                                                     GError             **error);
void               kiosk_uploader_sync_async        (KioskUploader       *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean           kiosk_uploader_sync_finish       (KioskUploader       *self,
                                                     GAsyncResult        *result,
                                                     KioskSyncReport     *report,
                                                     GError             **error);

/* Enrols the tablet: POST {url}/api/v1/devices with @code and
 * @device_name (NULL: the host name), then stores the enrolment and token
 * (kiosk_store_set_enrolment()).  @url is checked with
 * kiosk_enrolment_normalize_url().  A wrong, used or expired code fails
 * with KIOSK_ERROR_REFUSED. */
gboolean           kiosk_uploader_enrol             (KioskUploader       *self,
                                                     const char          *url,
                                                     const char          *code,
                                                     const char          *device_name,
                                                     GCancellable        *cancellable,
                                                     GError             **error);
void               kiosk_uploader_enrol_async       (KioskUploader       *self,
                                                     const char          *url,
                                                     const char          *code,
                                                     const char          *device_name,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean           kiosk_uploader_enrol_finish      (KioskUploader       *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* Fetches the aggregator's list of forms and downloads every (id, version)
 * not yet cached, checking each parses before caching it.  @n_fetched (may
 * be NULL) gets how many were downloaded. */
gboolean           kiosk_uploader_refresh_forms     (KioskUploader       *self,
                                                     GCancellable        *cancellable,
                                                     guint               *n_fetched,
                                                     GError             **error);
void               kiosk_uploader_refresh_forms_async  (KioskUploader       *self,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean           kiosk_uploader_refresh_forms_finish (KioskUploader       *self,
                                                        GAsyncResult        *result,
                                                        guint               *n_fetched,
                                                        GError             **error);

/* What the family's code gives: asks the aggregator (GET
 * /api/v1/children/{code}) and caches the reply.  When the aggregator
 * cannot be reached (or answers with something that is not its JSON) the
 * cached copy is returned instead, marked kiosk_child_is_from_cache(); if
 * there is none, the network error is returned.  An unknown code fails
 * with KIOSK_ERROR_UNKNOWN_CHILD and drops any cached copy.  The code's
 * check character is the caller's to verify first. */
KioskChild        *kiosk_uploader_lookup_child      (KioskUploader       *self,
                                                     const char          *code,
                                                     GCancellable        *cancellable,
                                                     GError             **error);
void               kiosk_uploader_lookup_child_async  (KioskUploader       *self,
                                                       const char          *code,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
KioskChild        *kiosk_uploader_lookup_child_finish (KioskUploader       *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

G_END_DECLS
