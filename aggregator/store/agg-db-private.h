/* agg-db-private.h — running statements on an AggDb, for store/ alone.
 *
 * Every statement is a named query of store/agg-store.sql, prepared with
 * agg_db_query(); nothing is ever built from input.  Only files in
 * aggregator/store/ include this header (tests/test-layers.c checks), so
 * SQLite's types and calls stay below the store's own functions.  The
 * tests include it to look into the database they made.
 */
#pragma once

#include <sqlite3.h>

#include "agg-db.h"

G_BEGIN_DECLS

sqlite3      *agg_db_get_handle         (AggDb         *db);

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

/* Binds a UTF-8 string, or NULL as SQL NULL. */
void          agg_db_bind_text          (sqlite3_stmt  *stmt,
                                         int            index,
                                         const char    *text);
/* Column @index as a string, or NULL. */
const char   *agg_db_column_text        (sqlite3_stmt  *stmt,
                                         int            index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* A statement from agg_db_prepare_cached(): released, not finalized. */
typedef sqlite3_stmt AggDbCachedStmt;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AggDbCachedStmt, agg_db_release)

G_END_DECLS
