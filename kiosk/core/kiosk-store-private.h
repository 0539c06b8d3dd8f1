/* kiosk-store-private.h — what the files of KioskStore share.
 *
 * KioskStore is one type split by concern (docs/kiosk-core.md "Storage"):
 *
 *  - kiosk-store.c: opening, migrations, the statement cache, transactions
 *    and the helpers below;
 *  - kiosk-store-enrolment.c: the enrolment, the device token, the staff
 *    PIN;
 *  - kiosk-store-outbox.c: queueing submissions and offers, the staff
 *    screen's view and actions, receipts;
 *  - kiosk-store-sync.c: what the uploader asks of the store (the next
 *    batch, a reply's outcomes, the sync status);
 *  - kiosk-store-cache.c: cached forms and cached children.
 *
 * Only these files include sqlite3.h.  Every function here expects the
 * store's lock to be held unless it says otherwise.
 */
#pragma once

#include <sqlite3.h>

#include "kiosk-store.h"

G_BEGIN_DECLS

#define KIOSK_STORE_SETTING_LAST_ATTEMPT "sync.last-attempt"
#define KIOSK_STORE_SETTING_LAST_SUCCESS "sync.last-success"
#define KIOSK_STORE_SETTING_LAST_ERROR   "sync.last-error"
#define KIOSK_STORE_SETTING_PIN_HASH     "staff.pin-hash"

/* The named statements of kiosk-store.sql; kiosk-store.c maps each to its
 * "-- @query NAME" line and checks at open that every one is there. */
typedef enum
{
  KIOSK_QUERY_SETTING_GET,
  KIOSK_QUERY_SETTING_SET,
  KIOSK_QUERY_SETTING_DELETE,
  KIOSK_QUERY_ENROLMENT_GET,
  KIOSK_QUERY_ENROLMENT_SET,
  KIOSK_QUERY_OUTBOX_INSERT,
  KIOSK_QUERY_ID_KNOWN,
  KIOSK_QUERY_OFFER_INSERT,
  KIOSK_QUERY_OUTBOX_QUEUED_BATCH,
  KIOSK_QUERY_OFFERS_QUEUED_BATCH,
  KIOSK_QUERY_OUTBOX_GET_FORM,
  KIOSK_QUERY_OUTBOX_DELETE,
  KIOSK_QUERY_OFFER_DELETE,
  KIOSK_QUERY_RECEIPT_INSERT,
  KIOSK_QUERY_RECEIPT_GET,
  KIOSK_QUERY_OUTBOX_SET_NEEDS_ATTENTION,
  KIOSK_QUERY_OFFER_SET_NEEDS_ATTENTION,
  KIOSK_QUERY_OUTBOX_NOTE_RETRY,
  KIOSK_QUERY_OFFER_NOTE_RETRY,
  KIOSK_QUERY_OUTBOX_REQUEUE,
  KIOSK_QUERY_OFFER_REQUEUE,
  KIOSK_QUERY_OUTBOX_DELETE_NEEDING_ATTENTION,
  KIOSK_QUERY_OFFER_DELETE_NEEDING_ATTENTION,
  KIOSK_QUERY_COUNT_OUTBOX_BY_STATE,
  KIOSK_QUERY_COUNT_OFFERS_BY_STATE,
  KIOSK_QUERY_COUNT_RECEIPTS,
  KIOSK_QUERY_LIST_OUTBOX,
  KIOSK_QUERY_FORM_CACHE,
  KIOSK_QUERY_FORM_HAS,
  KIOSK_QUERY_FORM_LOAD_VERSION,
  KIOSK_QUERY_FORM_LOAD_NEWEST,
  KIOSK_QUERY_CHILD_CACHE,
  KIOSK_QUERY_CHILD_LOOKUP,
  KIOSK_QUERY_CHILD_FORGET,
  KIOSK_QUERY_CHILDREN_FORGET_ALL,
  KIOSK_QUERY_CHILDREN_EXPIRE,
  KIOSK_QUERY_CHILDREN_FORGET_FOR_NEW_DEVICE,
  KIOSK_N_QUERIES
} KioskQuery;

struct _KioskStore
{
  GObject       parent_instance;

  GMutex        lock;
  char         *data_dir;
  char         *token_path;
  sqlite3      *db;
  guint         schema_version;
  GPtrArray    *migrations;                    /* of char *, migration N at index N − 1 */
  char         *queries[KIOSK_N_QUERIES];      /* their SQL text */
  sqlite3_stmt *statements[KIOSK_N_QUERIES];   /* prepared on first use, see below */
  guint         n_prepared;
  gboolean      replayable;                    /* kiosk_store_begin_replayable() is open */
  guint8       *cache_key;                     /* sodium_malloc'd, see kiosk-store-cache.c */
};

/* The statement cache.  kiosk_store_statement() gives the statement of
 * @query, prepared on its first use on this connection and kept until the
 * store is finalized.  It belongs to the store: never finalize it; release
 * it with kiosk_store_release() once done (g_autoptr(KioskStoreStmt) does
 * at the end of the scope), which resets it, so that it holds no read
 * snapshot and no lock, and clears its bindings, so that no bound answer
 * stays in its memory.  The same query is never held twice at once. */
sqlite3_stmt *kiosk_store_statement          (KioskStore    *self,
                                              KioskQuery     query,
                                              GError       **error);
void          kiosk_store_release            (sqlite3_stmt  *stmt);
/* How many statements this store has prepared (for the tests: with the
 * cache, repeated calls add nothing).  Takes the lock. */
guint         kiosk_store_get_n_prepared     (KioskStore    *self);

typedef sqlite3_stmt KioskStoreStmt;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskStoreStmt, kiosk_store_release)

/* Sets KIOSK_ERROR_STORAGE with SQLite's last message; returns FALSE. */
gboolean      kiosk_store_set_error          (KioskStore    *self,
                                              GError       **error);
/* Binds @text, or NULL as SQL NULL (the text is copied). */
void          kiosk_store_bind_text          (sqlite3_stmt  *stmt,
                                              int            index,
                                              const char    *text);
const char   *kiosk_store_column_text        (sqlite3_stmt  *stmt,
                                              int            column);
/* Steps a statement until it is done, ignoring any rows. */
gboolean      kiosk_store_run                (KioskStore    *self,
                                              sqlite3_stmt  *stmt,
                                              GError       **error);
/* Runs @query with @id bound to ?1 and gives the number of rows it
 * changed. */
gboolean      kiosk_store_run_changes        (KioskStore    *self,
                                              KioskQuery     query,
                                              const char    *id,
                                              int           *changes,
                                              GError       **error);
/* Transactions: BEGIN IMMEDIATE (the write lock up front) or a plain
 * BEGIN for a consistent read. */
gboolean      kiosk_store_begin              (KioskStore    *self,
                                              GError       **error);
gboolean      kiosk_store_begin_read         (KioskStore    *self,
                                              GError       **error);
/* BEGIN IMMEDIATE for a transaction that may be lost at a power cut
 * without harm, because doing it again gives the same result: it commits
 * without waiting for the disk (synchronous=NORMAL until it ends), and the
 * next durable commit carries it to the disk with its own.  Only for what
 * the aggregator already holds (docs/kiosk-core.md "Storage"). */
gboolean      kiosk_store_begin_replayable   (KioskStore    *self,
                                              GError       **error);
gboolean      kiosk_store_commit             (KioskStore    *self,
                                              GError       **error);
/* Empties the WAL into the database (kiosk-store.c says why); never
 * fails the caller: a checkpoint that cannot finish now finishes later. */
void          kiosk_store_checkpoint         (KioskStore    *self);
/* kiosk_store_commit(), then kiosk_store_checkpoint(): for every
 * transaction that writes a family's sealed answers or deletes rows. */
gboolean      kiosk_store_commit_and_checkpoint (KioskStore *self,
                                              GError       **error);
/* Rolls back the open transaction, if any, and returns FALSE so callers
 * can `return kiosk_store_rollback (self);` once an error is set. */
gboolean      kiosk_store_rollback           (KioskStore    *self);

/* A setting, or NULL (with no error) when it is not set. */
char         *kiosk_store_get_setting        (KioskStore    *self,
                                              const char    *key,
                                              GError       **error);
/* Sets a setting; a NULL @value removes it. */
gboolean      kiosk_store_set_setting        (KioskStore    *self,
                                              const char    *key,
                                              const char    *value,
                                              GError       **error);

/* Times as the database keeps them: RFC 3339 in UTC, to the second. */
char         *kiosk_store_format_time        (GDateTime     *time);
char         *kiosk_store_now_string         (void);
GDateTime    *kiosk_store_parse_time         (const char    *text);

/* kiosk-store-outbox.c: keeps a receipt for @id, acknowledged at
 * @acknowledged_at (kiosk_store_now_string()); one that exists already is
 * kept as it is. */
gboolean      kiosk_store_insert_receipt     (KioskStore    *self,
                                              const char    *id,
                                              const char    *kind,
                                              const char    *form,
                                              const char    *status,
                                              const char    *acknowledged_at,
                                              GError       **error);

/* kiosk-store-cache.c: reads data_dir/cache-key, the secret the cached
 * children are kept under, or makes it (and empties the cache, which
 * nothing could read any more) when it is missing or damaged. */
gboolean      kiosk_store_open_cache_key     (KioskStore    *self,
                                              GError       **error);
/* kiosk-store-cache.c: drops the cached children not fetched on the
 * tablet's current local day (also when the store opens). */
gboolean      kiosk_store_expire_children_locked (KioskStore  *self,
                                                  GError     **error);

G_END_DECLS
