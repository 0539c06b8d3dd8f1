/* kiosk-store.h — everything the tablet keeps on disk.
 *
 * One SQLite database, kiosk.db, in the data directory (WAL,
 * synchronous=FULL, numbered migrations from kiosk-store.sql, prepared
 * statements only).  It holds:
 *
 *  - the enrolment (aggregator URL, device id, service, public key);
 *  - the outbox: each completed submission, written in ONE transaction at
 *    Send together with its offer if it has one, until the aggregator
 *    acknowledges it;
 *  - the offers ledger outbox ("child X was asked in May: completed");
 *  - receipts: once the aggregator answered stored/duplicate for an id, the
 *    answers are deleted and only (id, form, status, acknowledged_at)
 *    remains;
 *  - cached forms and cached children for offline use;
 *  - the sync status (last attempt, last success, last error);
 *  - the staff PIN, as a libsodium password hash.
 *
 * The device token is NOT in the database: it is in its own file,
 * "device-token", mode 0600, in the data directory (itself made 0700), so a
 * copy of kiosk.db taken for support never carries a credential.
 *
 * Experience answers are sealed (kiosk-send.h, kiosk-seal.h) before they
 * reach the store, which has no way to open them.
 *
 * Thread safety: a KioskStore may be used from several threads at once
 * (the UI on the main thread, the uploader on its worker); every call is
 * serialised by an internal lock and is short (no network I/O happens
 * under it).  Several processes may open the same data directory (the UI
 * and a `keyvoice-kiosk --sync` from cron); SQLite's locking with a busy
 * timeout keeps them consistent.
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "kv-form.h"
#include "kv-gas.h"
#include "kiosk-child.h"
#include "kiosk-enrolment.h"
#include "kiosk-outbox-item.h"
#include "kiosk-outbox-status.h"
#include "kiosk-submission.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_STORE (kiosk_store_get_type ())

G_DECLARE_FINAL_TYPE (KioskStore, kiosk_store, KIOSK, STORE, GObject)

/* Opens (creating if needed, mode 0700) @data_dir and kiosk.db in it, and
 * applies any migrations not yet applied, each in its own transaction.
 * Fails with KIOSK_ERROR_STORAGE if the database is newer than this build
 * knows (a downgrade), or cannot be opened. */
KioskStore        *kiosk_store_open                  (const char        *data_dir,
                                                      GError           **error);
const char        *kiosk_store_get_data_dir          (KioskStore        *self);
/* The number of the last migration applied (for tests and diagnostics). */
guint              kiosk_store_get_schema_version    (KioskStore        *self);

/* ---- Enrolment ---------------------------------------------------------- */

gboolean           kiosk_store_is_enrolled           (KioskStore        *self);
/* NULL with KIOSK_ERROR_NOT_ENROLLED before enrolment. */
KioskEnrolment    *kiosk_store_get_enrolment         (KioskStore        *self,
                                                      GError           **error);
/* Replaces the enrolment.  @token is written first, atomically and
 * fsync'ed, to data_dir/device-token (0600); then the enrolment row is
 * committed.  A crash in between leaves the tablet not enrolled, never
 * enrolled without a token.  Undelivered submissions stay queued and will
 * be sent with the new token. */
gboolean           kiosk_store_set_enrolment         (KioskStore        *self,
                                                      KioskEnrolment    *enrolment,
                                                      const char        *token,
                                                      GError           **error);
/* The bearer token, for the uploader only; NULL with
 * KIOSK_ERROR_NOT_ENROLLED when there is none.  Never show or log it. */
char              *kiosk_store_dup_device_token      (KioskStore        *self,
                                                      GError           **error);

/* ---- Staff PIN ---------------------------------------------------------- */

gboolean           kiosk_store_has_staff_pin         (KioskStore        *self);
/* Stores crypto_pwhash_str() of @pin (at least 4 characters).  Slow on
 * purpose (about a tenth of a second and 64 MiB): call it from a worker
 * thread if the UI must stay responsive. */
gboolean           kiosk_store_set_staff_pin         (KioskStore        *self,
                                                      const char        *pin,
                                                      GError           **error);
/* TRUE only when a PIN is set and @pin matches it.  Just as slow. */
gboolean           kiosk_store_check_staff_pin       (KioskStore        *self,
                                                      const char        *pin);

/* ---- Outbox ------------------------------------------------------------- */

/* One outbox row, as kiosk_send_submission() (kiosk-send.h) makes it from
 * a checked submission: the store stores rows and checks nothing about
 * the answers.  Exactly one of @answers (the JSON text, in clear) and
 * @sealed (a sealed_version 2 box, docs/api.md) is set; Send always seals,
 * and the clear shape is kept for rows queued by older versions (and the
 * store's own tests).  A sealed row names no child and keeps in clear only
 * id, form, form version and @month.  Experience feedback is
 * @independent: it never travels in a request with anything naming a
 * child, and its child, if any, is @offer_child, for which an offer
 * {child, "completed", @month} is written, itself sealed (the store seals
 * it to the enrolment's key: KIOSK_ERROR_NOT_ENROLLED without one), in the
 * same transaction, with no link between the two on disk. */
typedef struct
{
  const char *id;
  const char *form;
  guint       form_version;
  /* In clear rows only: */
  guint       goal_set;       /* 0: none (only a gas-review rates one) */
  const char *child;          /* NULL: none */
  const char *respondent;     /* wire names: "parent-carer", "self" … */
  const char *mode;
  const char *locale;
  gboolean    easy_read;
  const char *started_at;     /* RFC 3339 with the tablet's UTC offset */
  const char *completed_at;
  const char *answers;
  /* In sealed rows only: */
  GBytes     *sealed;
  const char *month;          /* "YYYY-MM", the tablet's local month */
  gboolean    independent;    /* experience feedback */
  const char *offer_child;
} KioskOutboxRow;

/* Writes @row to the outbox, queued, in ONE transaction with its offer if
 * it has one.  A submission id may be added once: adding it again (while
 * queued, needing attention, or after its receipt) fails with
 * KIOSK_ERROR_INVALID and changes nothing. */
gboolean           kiosk_store_queue_submission      (KioskStore        *self,
                                                      const KioskOutboxRow *row,
                                                      GError           **error);
/* The family chose not to give experience feedback: records the offer
 * {child, "declined", month of @when (NULL: now, local time)}, sealed to
 * the enrolment's key (KIOSK_ERROR_NOT_ENROLLED without one). */
gboolean           kiosk_store_add_declined_offer    (KioskStore        *self,
                                                      const char        *child,
                                                      GDateTime         *when,
                                                      GError           **error);

/* Counts and sync times for the staff screen. */
KioskOutboxStatus *kiosk_store_get_outbox_status     (KioskStore        *self,
                                                      GError           **error);
/* Every undelivered submission and offer (queued and needing attention),
 * oldest first, as KioskOutboxItem.  Never the answers or the child. */
GPtrArray         *kiosk_store_list_outbox           (KioskStore        *self,
                                                      GError           **error);
/* Staff action on an item needing attention: queue it again (after the
 * aggregator was fixed, say).  Fails with KIOSK_ERROR_INVALID if @id is
 * not an item needing attention. */
gboolean           kiosk_store_retry_item            (KioskStore        *self,
                                                      const char        *id,
                                                      GError           **error);
/* Staff action on an item needing attention: give it up.  Its answers are
 * deleted and a receipt with status "discarded" is kept, so nothing ever
 * disappears without trace.  Queued items cannot be discarded. */
gboolean           kiosk_store_discard_item          (KioskStore        *self,
                                                      const char        *id,
                                                      GError           **error);
/* Whether a receipt exists for @id, and with which status ("stored",
 * "duplicate", "discarded"); @status may be NULL. */
gboolean           kiosk_store_has_receipt           (KioskStore        *self,
                                                      const char        *id,
                                                      char             **status);

/* ---- Caches ------------------------------------------------------------- */

/* Caches a form file after checking it parses.  Replaces an entry with the
 * same id and version. */
gboolean           kiosk_store_cache_form            (KioskStore        *self,
                                                      GBytes            *xml,
                                                      GError           **error);
gboolean           kiosk_store_has_form              (KioskStore        *self,
                                                      const char        *form_id,
                                                      guint              version);
/* The cached form @form_id at @version, or its newest cached version when
 * @version is 0.  KIOSK_ERROR_NOT_CACHED when absent.  (Falling back to the
 * forms shipped with the program is the caller's choice.) */
KvForm            *kiosk_store_load_form             (KioskStore        *self,
                                                      const char        *form_id,
                                                      guint              version,
                                                      GError           **error);
/* Cached children last only for the tablet's local day they were fetched
 * on: the store drops older ones when it opens, before every read and
 * write of the cache, and on kiosk_store_expire_children() (which each
 * sync pass calls).  kiosk_store_set_enrolment() with another device id or
 * service (enrolling again) drops them all. */
/* Caches a child's information (the JSON text of the reply) by code: under
 * a keyed hash of the code, in a box only the code opens
 * (kiosk-store-cache.c), so kiosk.db names no child. */
gboolean           kiosk_store_cache_child           (KioskStore        *self,
                                                      const char        *code,
                                                      const char        *json,
                                                      GError           **error);
/* The cached child, marked as from the cache; KIOSK_ERROR_NOT_CACHED when
 * absent. */
KioskChild        *kiosk_store_lookup_child          (KioskStore        *self,
                                                      const char        *code,
                                                      GError           **error);
/* Drops a cached child (the aggregator said it no longer knows the code). */
gboolean           kiosk_store_forget_child          (KioskStore        *self,
                                                      const char        *code,
                                                      GError           **error);
/* Drops the cached children not fetched on the tablet's current local day. */
gboolean           kiosk_store_expire_children       (KioskStore        *self,
                                                      GError           **error);

/* ---- For the uploader --------------------------------------------------- */

/* The body of the next POST /api/v1/submissions: {"submissions": [...],
 * "offers": [...]} with at most @max_items queued entries in all, oldest
 * first, skipping the ids in @skip (may be NULL): those already tried in
 * this sync pass.  Sealed experience feedback is never in the same body as
 * an offer or a submission that is not sealed: those come first (the
 * submissions, then the offers), and sealed submissions only in a body of
 * their own once none of those is left.  NULL, with no error, when nothing
 * is left to send. */
JsonNode          *kiosk_store_next_batch            (KioskStore        *self,
                                                      guint              max_items,
                                                      GHashTable        *skip,
                                                      GError           **error);

/* The same body as the JSON text to send, and the ids it carries.  The
 * stored answers go into it as they are, checked with kv_json_validate()
 * but never parsed (a damaged one fails with KIOSK_ERROR_STORAGE), which
 * is why the uploader uses this and not the tree.  Answers stored as Send
 * stores them (json-glib's text) make the body byte for byte what
 * json_to_string() writes for kiosk_store_next_batch()'s tree; answers in
 * another spelling read back as the same tree. */
typedef struct
{
  GBytes    *body;          /* the JSON text, without a terminating NUL */
  GPtrArray *submissions;   /* their ids (char *), in the body's order */
  GPtrArray *offers;        /* likewise */
} KioskBatchText;

KioskBatchText    *kiosk_store_next_batch_text       (KioskStore        *self,
                                                      guint              max_items,
                                                      GHashTable        *skip,
                                                      GError           **error);
void               kiosk_batch_text_free             (KioskBatchText    *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskBatchText, kiosk_batch_text_free)

typedef enum
{
  KIOSK_VERDICT_DELIVERED,        /* stored or duplicate: delete, keep a receipt */
  KIOSK_VERDICT_NEEDS_ATTENTION,  /* conflict or rejected: park it, with the reason */
  KIOSK_VERDICT_RETRY,            /* no decision: stays queued, attempts + 1 */
} KioskVerdict;

typedef struct
{
  KioskItemKind  kind;
  const char    *id;
  KioskVerdict   verdict;
  const char    *status;   /* the wire status ("stored", "rejected" …) */
  const char    *reason;   /* NEEDS_ATTENTION and RETRY: why; may be NULL */
} KioskOutcome;

/* Applies the outcomes of one reply in one transaction.  Ids that are not
 * (or no longer) in the outbox are ignored, so applying a reply twice, or
 * from two processes, is harmless. */
gboolean           kiosk_store_record_outcomes       (KioskStore        *self,
                                                      const KioskOutcome *outcomes,
                                                      guint              n_outcomes,
                                                      GError           **error);
/* Records that a sync pass ended: always the attempt time; the success
 * time when @error_message is NULL; the last error otherwise. */
gboolean           kiosk_store_record_sync           (KioskStore        *self,
                                                      const char        *error_message,
                                                      GError           **error);

G_END_DECLS
