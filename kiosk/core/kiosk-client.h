/* kiosk-client.h — the aggregator's API as the tablet calls it (internal).
 *
 * A KioskClient makes the four calls of docs/api.md the kiosk needs:
 * enrolment (POST /api/v1/devices), the forms (GET /api/v1/forms and
 * /api/v1/forms/{id}), a child's information (GET /api/v1/children/{code})
 * and one batch of the outbox (POST /api/v1/submissions).  Each call builds
 * its request, sends it with kiosk-http, reads the reply through the strict
 * JSON gate and says what came back as a KIOSK_ERROR code.  What to send
 * when, how to split a batch and what to do with an entry the aggregator
 * keeps failing is KioskUploader's business, not the client's.
 *
 * Every call blocks; KioskUploader runs them on its worker threads.  The
 * configuration and the calls may be used from any thread.  Not part of
 * the library's public API (kiosk-core.h does not include it): the app and
 * the headless commands go through KioskUploader.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "kiosk-child.h"
#include "kiosk-store.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_CLIENT (kiosk_client_get_type ())

G_DECLARE_FINAL_TYPE (KioskClient, kiosk_client, KIOSK, CLIENT, GObject)

KioskClient        *kiosk_client_new              (KioskStore          *store);

/* A PEM CA bundle to verify the aggregator with, overriding the one
 * recorded at enrolment; NULL or "" to go back to that.  Never disables
 * verification.  Applies from the next call (or session). */
void                kiosk_client_set_ca_file      (KioskClient         *self,
                                                   const char          *ca_file);
/* Seconds to establish a connection (default 10) and for a whole request
 * (default 60). */
void                kiosk_client_set_timeouts     (KioskClient         *self,
                                                   guint                connect_seconds,
                                                   guint                total_seconds);

/* ---- The calls -------------------------------------------------------- */

/* POST {url}/api/v1/devices with @code and @device_name (NULL: the host
 * name), then stores the enrolment and token (kiosk_store_set_enrolment()),
 * with the CA bundle that verified the aggregator.  @url is checked with
 * kiosk_enrolment_normalize_url().  A 4xx other than 429 (a wrong, used or
 * expired code) fails with KIOSK_ERROR_REFUSED; a reply without a device
 * id, a service, a token fit for an HTTP header or a public key with
 * KIOSK_ERROR_BAD_REPLY. */
gboolean            kiosk_client_enrol            (KioskClient         *self,
                                                   const char          *url,
                                                   const char          *code,
                                                   const char          *device_name,
                                                   GCancellable        *cancellable,
                                                   GError             **error);

/* GET /api/v1/forms, then GET /api/v1/forms/{id}?version=N for every
 * (id, version) not yet cached, caching each (kiosk_store_cache_form()
 * checks it parses) and checking it is the form that was asked for.
 * @n_fetched (may be NULL) gets how many were downloaded; 0 on failure. */
gboolean            kiosk_client_refresh_forms    (KioskClient         *self,
                                                   GCancellable        *cancellable,
                                                   guint               *n_fetched,
                                                   GError             **error);

/* GET /api/v1/children/{code}, caching the reply; falls back to the cached
 * copy as kiosk_uploader_lookup_child() describes. */
KioskChild         *kiosk_client_lookup_child     (KioskClient         *self,
                                                   const char          *code,
                                                   GCancellable        *cancellable,
                                                   GError             **error);

/* ---- Delivering the outbox, batch by batch ---------------------------- */

/* What a series of deliveries needs from the enrolment and the
 * configuration (the aggregator's address, the device token, the CA bundle,
 * the timeouts), read once, so that a sync pass reads the token once
 * however many batches it sends.  The token is wiped from memory when the
 * session is freed. */
typedef struct _KioskClientSession KioskClientSession;

/* KIOSK_ERROR_NOT_ENROLLED before enrolment, or the store's error. */
KioskClientSession *kiosk_client_open_session     (KioskClient         *self,
                                                   GError             **error);
void                kiosk_client_session_free     (KioskClientSession  *session);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskClientSession, kiosk_client_session_free)

/* One entry of a batch as sent, and what the reply said of it. */
typedef struct
{
  KioskItemKind  kind;
  const char    *id;        /* points into the batch's text */
  gboolean       decided;   /* the reply gave it one status we know */
  KioskVerdict   verdict;   /* when decided: DELIVERED or NEEDS_ATTENTION */
  const char    *status;    /* when decided: "stored", "duplicate",
                             * "conflict" or "rejected" (static) */
  char          *reason;    /* when NEEDS_ATTENTION: why, fit for the staff
                             * screen and the database */
} KioskBatchEntry;

/* One POST /api/v1/submissions: the request, its entries, and the reply. */
typedef struct
{
  KioskBatchText *text;     /* the request: {"submissions": [...], "offers": [...]} */
  GArray     *entries;      /* KioskBatchEntry, submissions then offers */
  GHashTable *by_id;        /* id → index in entries + 1 */
  long        status;       /* the reply's HTTP status; 0 before one */
  char       *error_code;   /* see kiosk_client_deliver() */
} KioskBatch;

/* Takes @text (from kiosk_store_next_batch_text()) and lists its entries,
 * none decided. */
void                kiosk_batch_init              (KioskBatch          *batch,
                                                   KioskBatchText      *text);
void                kiosk_batch_clear             (KioskBatch          *batch);
/* The entry with @id, or NULL when the batch does not hold it. */
KioskBatchEntry    *kiosk_batch_lookup            (KioskBatch          *batch,
                                                   const char          *id);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KioskBatch, kiosk_batch_clear)

/* Sends @batch and reads the reply into its entries.  TRUE only for a 200
 * whose body is a JSON object with a "submissions" or "offers" array; an
 * entry is then decided only by an explicit status for its id in the list
 * of its kind ("stored" and "duplicate" deliver it, "conflict" and
 * "rejected" need attention, with the reason), and an id given two
 * different statuses is not decided.  FALSE otherwise, with no entry
 * decided:
 *  - the network failed (kiosk_http_request()'s errors);
 *  - the aggregator refused the request as a whole with 400, 413 or 500
 *    and its JSON error body: @batch's error_code is that body's code and
 *    the error KIOSK_ERROR_BAD_REPLY;
 *  - any other status: KIOSK_ERROR_REFUSED for 401 and 403 (enrol again),
 *    else KIOSK_ERROR_BAD_REPLY;
 *  - a 200 that is not JSON of that shape: KIOSK_ERROR_BAD_REPLY. */
gboolean            kiosk_client_deliver          (KioskClientSession  *session,
                                                   KioskBatch          *batch,
                                                   GCancellable        *cancellable,
                                                   GError             **error);

G_END_DECLS
