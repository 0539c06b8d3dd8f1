/* agg-db.h — the aggregator's SQLite database.
 *
 * An AggDb is one open connection in WAL mode with synchronous=FULL and
 * foreign keys on, whose schema has been brought up to date by the numbered
 * migrations in aggregator/schema/.  Every statement is prepared from a
 * constant in agg-sql.h; nothing is ever built from input.
 */
#pragma once

#include <glib-object.h>
#include <sqlite3.h>

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
const char   *agg_db_get_path           (AggDb         *db);
sqlite3      *agg_db_get_handle         (AggDb         *db);
/* The number of the last migration applied. */
int           agg_db_get_schema_version (AggDb         *db);
/* The number of the newest migration this program knows. */
int           agg_db_get_latest_version (void);

sqlite3_stmt *agg_db_prepare            (AggDb         *db,
                                         const char    *sql,
                                         GError       **error);
/* The text of the statement @name of store/agg-store.sql ("child-insert");
 * aborts if there is none, since names are constants of the program.  The
 * text lives as long as the process. */
const char   *agg_db_sql                (const char    *name);
/* Every statement name of agg-store.sql, sorted; free with g_strfreev(). */
GStrv         agg_db_list_queries       (void);
/* agg_db_prepare_cached() of the statement @name: prepared the first time
 * this connection asks, then kept; release it with agg_db_release(). */
sqlite3_stmt *agg_db_query              (AggDb         *db,
                                         const char    *name,
                                         GError       **error);

/* The statement for the constant @sql, prepared once per connection and
 * kept: for the statements ingest runs for every item, where preparing
 * costs more than running.  It belongs to @db: never finalize it; release
 * it with agg_db_release() (g_autoptr(AggDbCachedStmt) does), which resets
 * it and clears its bindings.  Never hold the same statement twice at once. */
sqlite3_stmt *agg_db_prepare_cached     (AggDb         *db,
                                         const char    *sql,
                                         GError       **error);
void          agg_db_release            (sqlite3_stmt  *stmt);
/* Steps @stmt once: SQLITE_ROW or SQLITE_DONE, or -1 with @error set.
 * A UNIQUE or PRIMARY KEY violation is AGG_ERROR_EXISTS; a lock that stayed
 * taken for the whole busy timeout is AGG_ERROR_BUSY. */
int           agg_db_step               (AggDb         *db,
                                         sqlite3_stmt  *stmt,
                                         GError       **error);
/* Steps a statement that returns no rows. */
gboolean      agg_db_run                (AggDb         *db,
                                         sqlite3_stmt  *stmt,
                                         GError       **error);
/* Prepares, binds nothing, and runs a constant statement. */
gboolean      agg_db_exec               (AggDb         *db,
                                         const char    *sql,
                                         GError       **error);

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

/* Binds a UTF-8 string, or NULL as SQL NULL. */
void          agg_db_bind_text          (sqlite3_stmt  *stmt,
                                         int            index,
                                         const char    *text);
/* Column @index as a string, or NULL. */
const char   *agg_db_column_text        (sqlite3_stmt  *stmt,
                                         int            index);

/* Now, in UTC, as the database stores it: "YYYY-MM-DDTHH:MM:SSZ". */
char         *agg_db_timestamp_now      (void);
char         *agg_db_timestamp          (GDateTime     *time);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* A statement from agg_db_prepare_cached(): released, not finalized. */
typedef sqlite3_stmt AggDbCachedStmt;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AggDbCachedStmt, agg_db_release)

G_END_DECLS
