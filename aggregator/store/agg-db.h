/* agg-db.h — the aggregator's SQLite database.
 *
 * An AggDb is one open connection in WAL mode with synchronous=FULL and
 * foreign keys on, whose schema has been brought up to date by the numbered
 * migrations in store/schema/.  This header is the handle the layers
 * above pass around, its settings and its transactions; the statements
 * are store/'s own business (agg-db-private.h, and the agg-store-*.h
 * modules that run them), so nothing above store/ sees SQLite.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define AGG_TYPE_DB (agg_db_get_type ())

G_DECLARE_FINAL_TYPE (AggDb, agg_db, AGG, DB, GObject)

/* How long a connection waits for a lock another connection holds, by
 * default: an admin verb beside the server waits this long for a batch,
 * and the other way round, before it fails. */
#define AGG_DB_BUSY_TIMEOUT_MS 5000

/* Opens (creating it, mode 0600) and migrates the database at @path.  An
 * existing database, or its write-ahead log, that others could read is
 * made private (0600) on the way. */
AggDb        *agg_db_open               (const char    *path,
                                         GError       **error);
/* Whether agg_db_open() had to take others' access away. */
gboolean      agg_db_was_made_private   (AggDb         *db);
/* A second, read-only connection to a database agg_db_open() has already
 * brought up to date (it never migrates), for a reader on another thread:
 * WAL lets it read a consistent snapshot while the first connection goes on
 * writing.  Like every AggDb, use it from one thread at a time. */
AggDb        *agg_db_open_readonly      (const char    *path,
                                         GError       **error);
/* Changes how long @db waits for a lock before a statement fails with
 * AGG_ERROR_BUSY (0: not at all). */
void          agg_db_set_busy_timeout   (AggDb         *db,
                                         guint          milliseconds);
/* Lets @db keep up to @kib KiB of pages in memory (SQLite's default is
 * 2 MiB), for a transaction that writes more than that. */
gboolean      agg_db_set_cache_size     (AggDb         *db,
                                         guint          kib,
                                         GError       **error);
/* Interrupts whatever statement the connection runs, within a few thousand
 * steps, once @cancellable is cancelled; the statement then fails.  The
 * caller keeps @cancellable alive while it uses @db. */
void          agg_db_set_cancellable    (AggDb         *db,
                                         GCancellable  *cancellable);
const char   *agg_db_get_path           (AggDb         *db);
/* The number of the last migration applied. */
int           agg_db_get_schema_version (AggDb         *db);
/* The number of the newest migration this program knows. */
int           agg_db_get_latest_version (void);

/* BEGIN IMMEDIATE: takes the write lock now, so a transaction never fails
 * half-way for want of it. */
gboolean      agg_db_begin              (AggDb         *db,
                                         GError       **error);
/* BEGIN DEFERRED: reads one snapshot, and takes the write lock only if
 * it writes the main database (a connection's temporary tables take
 * none). */
gboolean      agg_db_begin_read         (AggDb         *db,
                                         GError       **error);
gboolean      agg_db_commit             (AggDb         *db,
                                         GError       **error);
/* Rolls back if a transaction is open; safe to call when none is. */
void          agg_db_rollback           (AggDb         *db);

/* Now, in UTC, as the database stores it: "YYYY-MM-DDTHH:MM:SSZ". */
char         *agg_db_timestamp_now      (void);
char         *agg_db_timestamp          (GDateTime     *time);

G_END_DECLS
