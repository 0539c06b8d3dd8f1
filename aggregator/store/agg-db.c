/* agg-db.c — opening the database and bringing its schema up to date. */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg-db-private.h"
#include "agg-error.h"
#include "agg-resources.h"

/* "KVAG": PRAGMA application_id marks the file as ours, so that pointing
 * --db at some other SQLite file fails instead of adding our tables to it. */
#define AGG_APPLICATION_ID 0x4B564147

#define SCHEMA_PATH "/org/keyvoice/Aggregator/schema/"
#define QUERIES_PATH "/org/keyvoice/Aggregator/agg-store.sql"

struct _AggDb
{
  GObject  parent_instance;

  char       *path;
  sqlite3    *handle;
  int         schema_version;
  gboolean    tightened;
  GHashTable *cached;   /* SQL constant → sqlite3_stmt, see agg_db_prepare_cached() */
};

G_DEFINE_TYPE (AggDb, agg_db, G_TYPE_OBJECT)

static void
agg_db_finalize (GObject *object)
{
  AggDb *self = AGG_DB (object);

  /* The cached statements go first; then sqlite3_close_v2() defers the
   * close until every other statement is finalized, so a leaked statement
   * cannot make this fail. */
  g_clear_pointer (&self->cached, g_hash_table_unref);
  g_clear_pointer (&self->handle, sqlite3_close_v2);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (agg_db_parent_class)->finalize (object);
}

static void
agg_db_class_init (AggDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = agg_db_finalize;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
agg_db_init (AggDb *self)
{
  /* Keyed by the address of the constant, not its text: hashing a long
   * statement for every item would cost more than the lookup saves.  The
   * same text at two addresses is merely prepared twice. */
  self->cached = g_hash_table_new_full (NULL, NULL, NULL, finalize_statement);
}

static void
set_sqlite_error (AggDb       *self,
                  GError     **error,
                  const char  *what)
{
  int code = sqlite3_extended_errcode (self->handle);
  AggError kind = AGG_ERROR_DATABASE;

  if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY)
    kind = AGG_ERROR_EXISTS;
  /* Every SQLITE_BUSY_* says the same: the lock was not free in time.
   * Nothing was written, so the caller may simply try again. */
  else if ((code & 0xff) == SQLITE_BUSY)
    kind = AGG_ERROR_BUSY;

  /* TRANSLATORS: the database file, what failed, and SQLite's own
   * message. */
  g_set_error (error, AGG_ERROR, kind, _("%s: %s: %s"),
               self->path, what, sqlite3_errmsg (self->handle));
}

sqlite3_stmt *
agg_db_prepare (AggDb       *self,
                const char  *sql,
                GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (AGG_IS_DB (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  if (sqlite3_prepare_v2 (self->handle, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sqlite_error (self, error, _("cannot prepare a statement"));
      return NULL;
    }
  return stmt;
}

/* The statements of agg-store.sql, parsed once per process: name → SQL
 * text.  The texts live as long as the process, so the statement cache
 * can keep using their addresses as keys. */
static GHashTable *
load_queries (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *queries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GString) sql = NULL;
  g_autofree char *name = NULL;

  bytes = g_resources_lookup_data (QUERIES_PATH, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    g_error ("The store's statements are missing from the program: %s", error->message);

  lines = g_strsplit (g_bytes_get_data (bytes, NULL), "\n", -1);
  for (guint i = 0; ; i++)
    {
      const char *line = lines[i];

      if (line == NULL || g_str_has_prefix (line, "-- @query "))
        {
          if (name != NULL)
            {
              g_strstrip (sql->str);
              if (sql->str[0] == '\0' || g_hash_table_contains (queries, name))
                g_error ("agg-store.sql: query “%s” is empty or named twice", name);
              g_hash_table_insert (queries, g_steal_pointer (&name),
                                   g_strdup (sql->str));
            }
          if (line == NULL)
            break;
          name = g_strstrip (g_strdup (line + strlen ("-- @query ")));
          /* One buffer for every statement: each is copied out above. */
          if (sql == NULL)
            sql = g_string_new (NULL);
          g_string_truncate (sql, 0);
        }
      else if (name != NULL && !g_str_has_prefix (g_strchug ((char *) line), "--"))
        {
          g_string_append (sql, line);
          g_string_append_c (sql, '\n');
        }
    }
  return queries;
}

static GHashTable *
get_queries (void)
{
  static GHashTable *queries;

  if (g_once_init_enter (&queries))
    g_once_init_leave (&queries, load_queries ());
  return queries;
}

const char *
agg_db_sql (const char *name)
{
  const char *sql = g_hash_table_lookup (get_queries (), name);

  /* Names are constants of the program, and every one is prepared by
   * tests/aggregator/test-db.c: a missing one is a bug, not bad input. */
  if (sql == NULL)
    g_error ("agg-store.sql has no query named “%s”", name);
  return sql;
}

GStrv
agg_db_list_queries (void)
{
  g_autofree const char **names = NULL;
  guint n_names = 0;

  names = (const char **) g_hash_table_get_keys_as_array (get_queries (), &n_names);
  qsort (names, n_names, sizeof (char *), (GCompareFunc) g_strcmp0);
  return g_strdupv ((char **) names);
}

sqlite3_stmt *
agg_db_query (AggDb       *self,
              const char  *name,
              GError     **error)
{
  return agg_db_prepare_cached (self, agg_db_sql (name), error);
}

sqlite3_stmt *
agg_db_prepare_cached (AggDb       *self,
                       const char  *sql,
                       GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (AGG_IS_DB (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  stmt = g_hash_table_lookup (self->cached, sql);
  if (stmt != NULL)
    {
      /* Released statements are reset; a busy one is held twice. */
      g_assert (!sqlite3_stmt_busy (stmt));
      return stmt;
    }

  /* PERSISTENT: SQLite keeps it out of its short-lived allocations. */
  if (sqlite3_prepare_v3 (self->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL)
      != SQLITE_OK)
    {
      set_sqlite_error (self, error, _("cannot prepare a statement"));
      return NULL;
    }
  /* The key is the caller's constant, which lives as long as the program. */
  g_hash_table_insert (self->cached, (gpointer) sql, stmt);
  return stmt;
}

void
agg_db_release (sqlite3_stmt *stmt)
{
  if (stmt == NULL)
    return;
  /* A failed step is reported by agg_db_step(); reset repeats its code. */
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

int
agg_db_step (AggDb         *self,
             sqlite3_stmt  *stmt,
             GError       **error)
{
  int rc;

  g_return_val_if_fail (AGG_IS_DB (self), -1);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return rc;

  set_sqlite_error (self, error, _("a statement failed"));
  return -1;
}

gboolean
agg_db_run (AggDb         *self,
            sqlite3_stmt  *stmt,
            GError       **error)
{
  int rc = agg_db_step (self, stmt, error);

  if (rc < 0)
    return FALSE;
  g_assert (rc == SQLITE_DONE);
  return TRUE;
}

gboolean
agg_db_exec (AggDb       *self,
             const char  *sql,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = agg_db_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  /* Pragmas answer with a row; anything else must be DONE. */
  while (TRUE)
    {
      int rc = agg_db_step (self, stmt, error);

      if (rc < 0)
        return FALSE;
      if (rc == SQLITE_DONE)
        return TRUE;
    }
}

gboolean
agg_db_begin (AggDb   *self,
              GError **error)
{
  return agg_db_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
agg_db_begin_read (AggDb   *self,
                   GError **error)
{
  return agg_db_exec (self, "BEGIN DEFERRED", error);
}

gboolean
agg_db_commit (AggDb   *self,
               GError **error)
{
  if (agg_db_exec (self, "COMMIT", error))
    return TRUE;
  /* A failed COMMIT (a full disk, an I/O error) may leave the transaction
   * open; roll it back so the next one starts clean. */
  agg_db_rollback (self);
  return FALSE;
}

void
agg_db_rollback (AggDb *self)
{
  g_return_if_fail (AGG_IS_DB (self));

  if (!sqlite3_get_autocommit (self->handle))
    sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
}

void
agg_db_bind_text (sqlite3_stmt *stmt,
                  int           index,
                  const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

const char *
agg_db_column_text (sqlite3_stmt *stmt,
                    int           index)
{
  return (const char *) sqlite3_column_text (stmt, index);
}

char *
agg_db_timestamp (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

char *
agg_db_timestamp_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return agg_db_timestamp (now);
}

static gint64
query_int (AggDb       *self,
           const char  *sql,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = agg_db_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return -1;
  rc = agg_db_step (self, stmt, error);
  if (rc < 0)
    return -1;
  if (rc != SQLITE_ROW)
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_DATABASE,
                   _("%s: a pragma gave no answer"), self->path);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The migrations compiled into the program, sorted by number.  A file is
 * named NNN-what.sql; its number is the schema version it brings. */
static GPtrArray *
list_migrations (void)
{
  g_auto(GStrv) names = g_resource_enumerate_children (agg_get_resource (), SCHEMA_PATH,
                                                       G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  GPtrArray *result = g_ptr_array_new_with_free_func (g_free);

  g_assert (names != NULL);
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_has_suffix (names[i], ".sql"))
      g_ptr_array_add (result, g_strdup (names[i]));
  g_ptr_array_sort (result, compare_names);

  /* The numbers must run 1, 2, 3… with no gap: a gap would mean a lost
   * file, and applying the later ones would build the wrong schema. */
  for (guint i = 0; i < result->len; i++)
    g_assert ((guint) atoi (g_ptr_array_index (result, i)) == i + 1);
  return result;
}

int
agg_db_get_latest_version (void)
{
  g_autoptr(GPtrArray) migrations = list_migrations ();

  return migrations->len;
}

static gboolean
apply_migration (AggDb       *self,
                 const char  *name,
                 int          version,
                 GError     **error)
{
  g_autofree char *path = g_strconcat (SCHEMA_PATH, name, NULL);
  g_autoptr(GBytes) bytes = g_resource_lookup_data (agg_get_resource (), path,
                                                    G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autofree char *set_version = NULL;
  char *message = NULL;

  g_assert (bytes != NULL);

  if (!agg_db_begin (self, error))
    return FALSE;

  /* The migration is a fixed script compiled into the program, so it runs
   * through sqlite3_exec(); nothing in it comes from input. */
  if (sqlite3_exec (self->handle, g_bytes_get_data (bytes, NULL), NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_DATABASE,
                   _("%s: migration %s failed: %s"), self->path, name, message);
      sqlite3_free (message);
      agg_db_rollback (self);
      return FALSE;
    }

  /* Pragmas take no parameters; the number is ours, not input. */
  set_version = g_strdup_printf ("PRAGMA user_version = %d", version);
  if (!agg_db_exec (self, set_version, error) ||
      !agg_db_exec (self, "PRAGMA application_id = " G_STRINGIFY (AGG_APPLICATION_ID), error) ||
      !agg_db_commit (self, error))
    {
      agg_db_rollback (self);
      return FALSE;
    }
  return TRUE;
}

static gboolean
migrate (AggDb   *self,
         GError **error)
{
  g_autoptr(GPtrArray) migrations = list_migrations ();
  gint64 application_id;
  gint64 version;

  application_id = query_int (self, "PRAGMA application_id", error);
  if (application_id < 0)
    return FALSE;
  version = query_int (self, "PRAGMA user_version", error);
  if (version < 0)
    return FALSE;

  if (application_id != 0 && application_id != AGG_APPLICATION_ID)
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_DATABASE,
                   _("%s is not a Keyvoice aggregator database"), self->path);
      return FALSE;
    }
  if (application_id == 0)
    {
      gint64 n_tables = query_int (self, "SELECT count(*) FROM sqlite_schema", error);

      if (n_tables < 0)
        return FALSE;
      if (n_tables > 0)
        {
          g_set_error (error, AGG_ERROR, AGG_ERROR_DATABASE,
                       _("%s is not a Keyvoice aggregator database"), self->path);
          return FALSE;
        }
    }
  if (version > (gint64) migrations->len)
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_DATABASE,
                   _("%s has schema version %d, newer than this program knows (%u); "
                     "upgrade keyvoice-aggregator"),
                   self->path, (int) version, migrations->len);
      return FALSE;
    }

  for (guint i = version; i < migrations->len; i++)
    if (!apply_migration (self, g_ptr_array_index (migrations, i), i + 1, error))
      return FALSE;

  self->schema_version = migrations->len;
  return TRUE;
}

static gboolean
make_private (AggDb       *self,
              const char  *path,
              gboolean     existed,
              GError     **error)
{
  const char * const suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      GStatBuf st;

      if (g_stat (file, &st) != 0)
        continue;   /* no log yet */
      if (existed && (st.st_mode & 0077) == 0)
        continue;
      if (g_chmod (file, 0600) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, AGG_ERROR, AGG_ERROR_DATABASE, _("%s: cannot make it private: %s"),
                       file, g_strerror (saved_errno));
          return FALSE;
        }
      if (existed)
        self->tightened = TRUE;
    }
  return TRUE;
}

gboolean
agg_db_was_made_private (AggDb *self)
{
  g_return_val_if_fail (AGG_IS_DB (self), FALSE);

  return self->tightened;
}

AggDb *
agg_db_open (const char  *path,
             GError     **error)
{
  g_autoptr(AggDb) self = NULL;
  g_autofree char *journal_mode = NULL;
  gboolean existed;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (AGG_TYPE_DB, NULL);
  self->path = g_strdup (path);
  existed = g_file_test (path, G_FILE_TEST_EXISTS);

  rc = sqlite3_open_v2 (path, &self->handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_DATABASE, _("%s: cannot open: %s"),
                   path, self->handle ? sqlite3_errmsg (self->handle) : sqlite3_errstr (rc));
      return NULL;
    }
  sqlite3_extended_result_codes (self->handle, 1);

  /* The database holds pseudonymous health data: only its owner reads it.
   * SQLite gives the -wal and -shm files the same mode.  A database made
   * elsewhere (copied in, built with the sqlite3 shell under umask 022) is
   * made private too, write-ahead log and all, and the caller told. */
  if (!make_private (self, path, existed, error))
    return NULL;

  /* Another process (an admin verb beside the server) may hold the write
   * lock for a moment; wait for it rather than fail.  The server shortens
   * this with agg_db_set_busy_timeout(). */
  sqlite3_busy_timeout (self->handle, AGG_DB_BUSY_TIMEOUT_MS);

  {
    g_autoptr(sqlite3_stmt) stmt = agg_db_prepare (self, "PRAGMA journal_mode = WAL", error);

    if (stmt == NULL || agg_db_step (self, stmt, error) != SQLITE_ROW)
      return NULL;
    journal_mode = g_strdup (agg_db_column_text (stmt, 0));
  }
  if (g_ascii_strcasecmp (journal_mode, "wal") != 0)
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_DATABASE,
                   _("%s: cannot switch to write-ahead logging"), path);
      return NULL;
    }

  /* synchronous=FULL syncs the WAL on every commit, so a submission the
   * server has acknowledged survives a power cut, not just a crash. */
  if (!agg_db_exec (self, "PRAGMA synchronous = FULL", error) ||
      !agg_db_exec (self, "PRAGMA foreign_keys = ON", error))
    return NULL;

  if (!migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

AggDb *
agg_db_open_readonly (const char  *path,
                      GError     **error)
{
  g_autoptr(AggDb) self = NULL;
  gint64 application_id;
  gint64 version;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (AGG_TYPE_DB, NULL);
  self->path = g_strdup (path);

  /* NOMUTEX: the connection belongs to one thread at a time, so SQLite's
   * own locking of every call would only cost time on long reports. */
  rc = sqlite3_open_v2 (path, &self->handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_DATABASE, _("%s: cannot open: %s"),
                   path, self->handle ? sqlite3_errmsg (self->handle) : sqlite3_errstr (rc));
      return NULL;
    }
  sqlite3_extended_result_codes (self->handle, 1);
  /* The same patience as the writing connection: a checkpoint or an admin
   * verb may hold a lock for a moment. */
  sqlite3_busy_timeout (self->handle, AGG_DB_BUSY_TIMEOUT_MS);

  /* Only a database of ours at exactly the schema this program writes:
   * a reader must never guess at tables an older or newer schema has. */
  application_id = query_int (self, "PRAGMA application_id", error);
  if (application_id < 0)
    return NULL;
  version = query_int (self, "PRAGMA user_version", error);
  if (version < 0)
    return NULL;
  if (application_id != AGG_APPLICATION_ID)
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_DATABASE,
                   _("%s is not a Keyvoice aggregator database"), path);
      return NULL;
    }
  if (version != agg_db_get_latest_version ())
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_DATABASE,
                   _("%s has schema version %d, but this program reads version %d"),
                   path, (int) version, agg_db_get_latest_version ());
      return NULL;
    }

  self->schema_version = version;
  return g_steal_pointer (&self);
}

void
agg_db_set_busy_timeout (AggDb *self,
                         guint  milliseconds)
{
  g_return_if_fail (AGG_IS_DB (self));

  sqlite3_busy_timeout (self->handle, (int) MIN (milliseconds, (guint) G_MAXINT));
}

gboolean
agg_db_set_cache_size (AggDb   *self,
                       guint    kib,
                       GError **error)
{
  g_autofree char *pragma = NULL;

  g_return_val_if_fail (AGG_IS_DB (self), FALSE);

  /* Pragmas take no parameters; the number is ours, not input.  A
   * negative size is in KiB, not pages. */
  pragma = g_strdup_printf ("PRAGMA cache_size = -%u", kib);
  return agg_db_exec (self, pragma, error);
}

/* SQLite's progress handler: a non-zero answer interrupts the statement
 * running, so a cancelled report stops within a few thousand steps instead
 * of running on for minutes. */
static int
interrupt_if_cancelled (void *data)
{
  return g_cancellable_is_cancelled (data);
}

void
agg_db_set_cancellable (AggDb        *self,
                        GCancellable *cancellable)
{
  g_return_if_fail (AGG_IS_DB (self));
  g_return_if_fail (G_IS_CANCELLABLE (cancellable));

  /* The connection keeps a pointer, not a reference: the caller keeps
   * @cancellable for as long as it uses the connection. */
  sqlite3_progress_handler (self->handle, 10000, interrupt_if_cancelled, cancellable);
}

const char *
agg_db_get_path (AggDb *self)
{
  g_return_val_if_fail (AGG_IS_DB (self), NULL);
  return self->path;
}

sqlite3 *
agg_db_get_handle (AggDb *self)
{
  g_return_val_if_fail (AGG_IS_DB (self), NULL);
  return self->handle;
}

int
agg_db_get_schema_version (AggDb *self)
{
  g_return_val_if_fail (AGG_IS_DB (self), 0);
  return self->schema_version;
}
