/* agg-store-query.h — running a named statement of agg-store.sql, for the
 * store's own modules only (agg-store-services.c, agg-store-children.c…).
 *
 * Each helper prepares the statement @name through agg_db_query(), binds
 * @params to ?1…?n, steps it and releases it before it returns, so no
 * statement is ever held between two calls.  The modules above the store
 * never include this header: it hands sqlite3 statements to the function
 * that reads a row.
 */
#pragma once

#include <glib.h>

#include "agg-db-private.h"

G_BEGIN_DECLS

/* One parameter of a statement: a UTF-8 string (NULL binds SQL NULL) or,
 * with is_integer, a 64-bit integer.  Written with AGG_STORE_TEXT() and
 * AGG_STORE_INT(). */
typedef struct
{
  const char *text;
  gint64      integer;
  gboolean    is_integer;
} AggStoreParam;

#define AGG_STORE_TEXT(value) ((AggStoreParam) { .text = (value) })
#define AGG_STORE_INT(value) ((AggStoreParam) { .integer = (value), .is_integer = TRUE })

/* Makes the caller's value of the row @stmt stands on. */
typedef gpointer (*AggStoreReadRow) (sqlite3_stmt *stmt);
/* Handles the row @stmt stands on; FALSE, with @error set, stops the walk. */
typedef gboolean (*AggStoreStepRow) (sqlite3_stmt  *stmt,
                                     gpointer       user_data,
                                     GError       **error);

/* Runs a statement that returns no rows.  Returns how many rows it
 * changed, or -1 with @error set. */
gint64     agg_store_query_run     (AggDb                *db,
                                    const char           *name,
                                    const AggStoreParam  *params,
                                    guint                 n_params,
                                    GError              **error);
/* Whether the statement returns a row: 1 or 0, or -1 with @error set. */
int        agg_store_query_exists  (AggDb                *db,
                                    const char           *name,
                                    const AggStoreParam  *params,
                                    guint                 n_params,
                                    GError              **error);
/* Reads the first row with @read_row into *@row, or sets *@row to NULL
 * when there is none.  FALSE, with @error set, if the statement fails. */
gboolean   agg_store_query_get     (AggDb                *db,
                                    const char           *name,
                                    const AggStoreParam  *params,
                                    guint                 n_params,
                                    AggStoreReadRow       read_row,
                                    gpointer             *row,
                                    GError              **error);
/* Every row, read with @read_row, freed with @free_row; NULL, with @error
 * set, if the statement fails. */
GPtrArray *agg_store_query_list    (AggDb                *db,
                                    const char           *name,
                                    const AggStoreParam  *params,
                                    guint                 n_params,
                                    AggStoreReadRow       read_row,
                                    GDestroyNotify        free_row,
                                    GError              **error);
/* The rowid of the last row @db inserted. */
/* Hands every row to @step_row, in the statement's order, until it
 * returns FALSE; FALSE if the statement or @step_row fails. */
gboolean   agg_store_query_foreach (AggDb                *db,
                                    const char           *name,
                                    const AggStoreParam  *params,
                                    guint                 n_params,
                                    AggStoreStepRow       step_row,
                                    gpointer              user_data,
                                    GError              **error);
gint64     agg_store_query_last_id (AggDb                *db);

/* Column @index as a newly allocated string, or NULL. */
char      *agg_store_column_dup    (sqlite3_stmt         *stmt,
                                    int                   index);

G_END_DECLS
