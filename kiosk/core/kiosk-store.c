/* kiosk-store.c — the kiosk's SQLite store (docs/kiosk-core.md "Storage"):
 * opening, migrations, the statement cache and transactions; the other
 * concerns are in kiosk-store-*.c (kiosk-store-private.h).
 *
 * Durability: WAL with synchronous=FULL, so a transaction that returned
 * from COMMIT survives kill -9 and power loss.  Every write that must be
 * all-or-nothing (a Send, a reply's outcomes, a staff action) is one
 * BEGIN IMMEDIATE … COMMIT; IMMEDIATE takes the write lock up front, so
 * two processes on the same database wait for each other (busy timeout)
 * instead of failing half way with SQLITE_BUSY on lock upgrade.
 *
 * Privacy: secure_delete is on, so the pages that held answers are
 * overwritten when the answers are deleted after acknowledgement, not just
 * unlinked from the b-tree.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sodium.h>
#include <unistd.h>

#include "kiosk-core-resources.h"
#include "kiosk-error.h"
#include "kiosk-store-private.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

#define DB_NAME "kiosk.db"
#define TOKEN_NAME "device-token"
#define SQL_RESOURCE "/org/keyvoice/Kiosk/core/kiosk-store.sql"
#define BUSY_TIMEOUT_MS 10000

/* The names of the "-- @query NAME" lines, by KioskQuery. */
static const char * const query_names[KIOSK_N_QUERIES] = {
  [KIOSK_QUERY_SETTING_GET] = "setting_get",
  [KIOSK_QUERY_SETTING_SET] = "setting_set",
  [KIOSK_QUERY_SETTING_DELETE] = "setting_delete",
  [KIOSK_QUERY_ENROLMENT_GET] = "enrolment_get",
  [KIOSK_QUERY_ENROLMENT_SET] = "enrolment_set",
  [KIOSK_QUERY_OUTBOX_INSERT] = "outbox_insert",
  [KIOSK_QUERY_ID_KNOWN] = "id_known",
  [KIOSK_QUERY_OFFER_INSERT] = "offer_insert",
  [KIOSK_QUERY_OUTBOX_QUEUED_BATCH] = "outbox_queued_batch",
  [KIOSK_QUERY_OFFERS_QUEUED_BATCH] = "offers_queued_batch",
  [KIOSK_QUERY_OUTBOX_GET_FORM] = "outbox_get_form",
  [KIOSK_QUERY_OUTBOX_DELETE] = "outbox_delete",
  [KIOSK_QUERY_OFFER_DELETE] = "offer_delete",
  [KIOSK_QUERY_RECEIPT_INSERT] = "receipt_insert",
  [KIOSK_QUERY_RECEIPT_GET] = "receipt_get",
  [KIOSK_QUERY_OUTBOX_SET_NEEDS_ATTENTION] = "outbox_set_needs_attention",
  [KIOSK_QUERY_OFFER_SET_NEEDS_ATTENTION] = "offer_set_needs_attention",
  [KIOSK_QUERY_OUTBOX_NOTE_RETRY] = "outbox_note_retry",
  [KIOSK_QUERY_OFFER_NOTE_RETRY] = "offer_note_retry",
  [KIOSK_QUERY_OUTBOX_REQUEUE] = "outbox_requeue",
  [KIOSK_QUERY_OFFER_REQUEUE] = "offer_requeue",
  [KIOSK_QUERY_OUTBOX_DELETE_NEEDING_ATTENTION] = "outbox_delete_needing_attention",
  [KIOSK_QUERY_OFFER_DELETE_NEEDING_ATTENTION] = "offer_delete_needing_attention",
  [KIOSK_QUERY_COUNT_OUTBOX_BY_STATE] = "count_outbox_by_state",
  [KIOSK_QUERY_COUNT_OFFERS_BY_STATE] = "count_offers_by_state",
  [KIOSK_QUERY_COUNT_RECEIPTS] = "count_receipts",
  [KIOSK_QUERY_LIST_OUTBOX] = "list_outbox",
  [KIOSK_QUERY_FORM_CACHE] = "form_cache",
  [KIOSK_QUERY_FORM_HAS] = "form_has",
  [KIOSK_QUERY_FORM_LOAD_VERSION] = "form_load_version",
  [KIOSK_QUERY_FORM_LOAD_NEWEST] = "form_load_newest",
  [KIOSK_QUERY_CHILD_CACHE] = "child_cache",
  [KIOSK_QUERY_CHILD_LOOKUP] = "child_lookup",
  [KIOSK_QUERY_CHILD_FORGET] = "child_forget",
  [KIOSK_QUERY_CHILDREN_EXPIRE] = "children_expire",
  [KIOSK_QUERY_CHILDREN_FORGET_ALL] = "children_forget_all",
  [KIOSK_QUERY_CHILDREN_FORGET_FOR_NEW_DEVICE] = "children_forget_for_new_device",
};

G_DEFINE_FINAL_TYPE (KioskStore, kiosk_store, G_TYPE_OBJECT)

/* ---- Helpers ------------------------------------------------------------ */

gboolean
kiosk_store_set_error (KioskStore  *self,
                       GError     **error)
{
  /* SQLite's messages name tables and constraints, never bound values, so
   * they are safe to show to staff and to log. */
  g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORAGE,
               _("The tablet's storage failed: %s"), sqlite3_errmsg (self->db));
  return FALSE;
}

char *
kiosk_store_format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  /* RFC 3339 in UTC, to the second, as docs/api.md shows. */
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

char *
kiosk_store_now_string (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return kiosk_store_format_time (now);
}

GDateTime *
kiosk_store_parse_time (const char *text)
{
  if (text == NULL)
    return NULL;
  return g_date_time_new_from_iso8601 (text, NULL);
}

sqlite3_stmt *
kiosk_store_statement (KioskStore  *self,
                       KioskQuery   query,
                       GError     **error)
{
  sqlite3_stmt *stmt;

  g_assert (query < KIOSK_N_QUERIES && self->queries[query] != NULL);

  stmt = self->statements[query];
  if (stmt != NULL)
    {
      /* Released statements are reset: a busy one would be held twice. */
      g_assert (!sqlite3_stmt_busy (stmt));
      return stmt;
    }

  /* PERSISTENT: SQLite keeps it out of its short-lived allocations, as it
   * lives as long as the connection. */
  if (sqlite3_prepare_v3 (self->db, self->queries[query], -1, SQLITE_PREPARE_PERSISTENT,
                          &stmt, NULL) != SQLITE_OK)
    {
      kiosk_store_set_error (self, error);
      return NULL;
    }
  self->statements[query] = stmt;
  self->n_prepared++;
  return stmt;
}

void
kiosk_store_release (sqlite3_stmt *stmt)
{
  if (stmt == NULL)
    return;
  /* A failed step was reported where it happened; reset only repeats its
   * code. */
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

guint
kiosk_store_get_n_prepared (KioskStore *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (self), 0);

  locker = g_mutex_locker_new (&self->lock);
  return self->n_prepared;
}

void
kiosk_store_bind_text (sqlite3_stmt *stmt,
                       int           index,
                       const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

const char *
kiosk_store_column_text (sqlite3_stmt *stmt,
                         int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

gboolean
kiosk_store_run (KioskStore    *self,
                 sqlite3_stmt  *stmt,
                 GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;
  if (rc != SQLITE_DONE)
    return kiosk_store_set_error (self, error);
  return TRUE;
}

gboolean
kiosk_store_run_changes (KioskStore  *self,
                         KioskQuery   query,
                         const char  *id,
                         int         *changes,
                         GError     **error)
{
  g_autoptr(KioskStoreStmt) stmt = kiosk_store_statement (self, query, error);

  if (stmt == NULL)
    return FALSE;
  kiosk_store_bind_text (stmt, 1, id);
  if (!kiosk_store_run (self, stmt, error))
    return FALSE;
  *changes = sqlite3_changes (self->db);
  return TRUE;
}

/* Transaction control and connection pragmas are fixed text with no
 * parameters, so they are not named queries. */
static gboolean
exec (KioskStore  *self,
      const char  *sql,
      GError     **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return kiosk_store_set_error (self, error);
  return TRUE;
}

/* Back to synchronous=FULL after a replayable transaction.  Setting it
 * cannot fail on an open connection, and if it ever did every later
 * commit would be less durable than promised, so that is fatal. */
static void
end_replayable (KioskStore *self)
{
  if (!self->replayable)
    return;
  self->replayable = FALSE;
  if (sqlite3_exec (self->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL) != SQLITE_OK)
    g_error ("The tablet's database cannot go back to durable commits: %s",
             sqlite3_errmsg (self->db));
}

gboolean
kiosk_store_begin (KioskStore  *self,
                   GError     **error)
{
  return exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
kiosk_store_begin_read (KioskStore  *self,
                        GError     **error)
{
  return exec (self, "BEGIN", error);
}

gboolean
kiosk_store_begin_replayable (KioskStore  *self,
                              GError     **error)
{
  g_assert (!self->replayable);

  /* In WAL mode synchronous=NORMAL still commits atomically and in order;
   * only the last such commits before a power cut can be lost, never
   * half of one, and never one that a durable commit followed. */
  if (!exec (self, "PRAGMA synchronous = NORMAL", error))
    return FALSE;
  self->replayable = TRUE;
  if (!exec (self, "BEGIN IMMEDIATE", error))
    {
      end_replayable (self);
      return FALSE;
    }
  return TRUE;
}

/* A checkpoint in TRUNCATE mode copies every page of the WAL into the
 * database and empties the WAL file, so the page images it held (rows
 * since deleted, overwritten by secure_delete in the database) are gone
 * from disk.  It may not finish while another connection reads (the
 * headless --sync of another process, say): the next one will, and
 * journal_size_limit cuts the WAL down whenever SQLite restarts it. */
void
kiosk_store_checkpoint (KioskStore *self)
{
  int rc;

  /* Without waiting: TRUNCATE waits for every reader of another
   * connection to finish, and Send must not stall the screen for the busy
   * timeout while a headless --sync reads. */
  sqlite3_busy_timeout (self->db, 0);
  rc = sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
    g_debug ("kiosk store: WAL checkpoint failed: %s", sqlite3_errmsg (self->db));
}

gboolean
kiosk_store_commit_and_checkpoint (KioskStore  *self,
                                   GError     **error)
{
  if (!kiosk_store_commit (self, error))
    return FALSE;
  kiosk_store_checkpoint (self);
  return TRUE;
}

gboolean
kiosk_store_commit (KioskStore  *self,
                    GError     **error)
{
  gboolean ok = exec (self, "COMMIT", error);

  if (!ok)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  end_replayable (self);
  return ok;
}

gboolean
kiosk_store_rollback (KioskStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  end_replayable (self);
  return FALSE;
}

char *
kiosk_store_get_setting (KioskStore  *self,
                         const char  *key,
                         GError     **error)
{
  g_autoptr(KioskStoreStmt) stmt = kiosk_store_statement (self, KIOSK_QUERY_SETTING_GET, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  kiosk_store_bind_text (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup (kiosk_store_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    kiosk_store_set_error (self, error);
  return NULL;
}

gboolean
kiosk_store_set_setting (KioskStore  *self,
                         const char  *key,
                         const char  *value,
                         GError     **error)
{
  g_autoptr(KioskStoreStmt) stmt = NULL;

  stmt = kiosk_store_statement (self, value != NULL ? KIOSK_QUERY_SETTING_SET
                                                    : KIOSK_QUERY_SETTING_DELETE, error);
  if (stmt == NULL)
    return FALSE;
  kiosk_store_bind_text (stmt, 1, key);
  if (value != NULL)
    kiosk_store_bind_text (stmt, 2, value);
  return kiosk_store_run (self, stmt, error);
}

/* ---- Opening and migrations --------------------------------------------- */

/* Splits kiosk-store.sql into its migrations and named queries.  The
 * file is compiled into this library, so a malformed one is a build
 * defect caught by every test, not a run-time condition: hence asserts. */
static void
load_sql (KioskStore *self)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) migrations = g_ptr_array_new ();
  g_auto(GStrv) lines = NULL;
  g_autofree char *text = NULL;
  GString *queries[KIOSK_N_QUERIES] = { NULL, };
  GString *current = NULL;

  bytes = g_resource_lookup_data (kiosk_core_get_resource (), SQL_RESOURCE,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &local_error);
  g_assert_no_error (local_error);

  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (g_str_has_prefix (line, "-- @migration "))
        {
          guint64 number = g_ascii_strtoull (line + strlen ("-- @migration "), NULL, 10);

          g_assert (number == migrations->len + 1);
          current = g_string_new (NULL);
          g_ptr_array_add (migrations, current);
        }
      else if (g_str_has_prefix (line, "-- @query "))
        {
          const char *name = line + strlen ("-- @query ");
          guint q;

          for (q = 0; q < KIOSK_N_QUERIES; q++)
            if (g_str_equal (name, query_names[q]))
              break;
          g_assert (q < KIOSK_N_QUERIES && queries[q] == NULL);
          current = queries[q] = g_string_new (NULL);
        }
      else if (current != NULL && !g_str_has_prefix (line, "--"))
        {
          g_string_append (current, line);
          g_string_append_c (current, '\n');
        }
    }

  self->migrations = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < migrations->len; i++)
    g_ptr_array_add (self->migrations,
                     g_string_free (g_ptr_array_index (migrations, i), FALSE));
  for (guint q = 0; q < KIOSK_N_QUERIES; q++)
    {
      g_assert (queries[q] != NULL);
      self->queries[q] = g_string_free (queries[q], FALSE);
    }
}

static gboolean
read_user_version (KioskStore  *self,
                   guint       *version,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  /* Connection pragmas stay beside the code that needs their results;
   * none of them takes any input. */
  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    return kiosk_store_set_error (self, error);
  *version = sqlite3_column_int (stmt, 0);
  return TRUE;
}

static gboolean
migrate (KioskStore  *self,
         GError     **error)
{
  guint known = self->migrations->len;

  for (;;)
    {
      g_autofree char *set_version = NULL;
      guint version = 0;

      /* Each step re-reads the version inside its own write transaction,
       * so two processes opening a new data directory at once cannot both
       * apply the same migration. */
      if (!kiosk_store_begin (self, error))
        return FALSE;
      if (!read_user_version (self, &version, error))
        return kiosk_store_rollback (self);
      if (version > known)
        {
          kiosk_store_rollback (self);
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORAGE,
                       _("The tablet's database was written by a newer version of Keyvoice "
                         "(schema %u; this version knows up to %u)."),
                       version, known);
          return FALSE;
        }
      if (version == known)
        {
          self->schema_version = version;
          return kiosk_store_commit (self, error);
        }

      /* The number is ours, never input, and PRAGMA takes no parameters. */
      set_version = g_strdup_printf ("PRAGMA user_version = %u", version + 1);
      if (!exec (self, g_ptr_array_index (self->migrations, version), error) ||
          !exec (self, set_version, error) ||
          !kiosk_store_commit (self, error))
        return kiosk_store_rollback (self);
    }
}

/* The database file is created 0600 before SQLite opens it: SQLite gives
 * its -wal and -shm files the same mode as the database, so nothing of the
 * store is ever readable by other users. */
static gboolean
create_private_file (const char  *path,
                     GError     **error)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORAGE,
                   _("The tablet's database cannot be created: %s"),
                   g_strerror (saved_errno));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

static gboolean
check_pragma_text (KioskStore  *self,
                   const char  *sql,
                   const char  *expected,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    return kiosk_store_set_error (self, error);
  if (g_ascii_strcasecmp (kiosk_store_column_text (stmt, 0), expected) != 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORAGE,
                   _("The tablet's database could not be switched to safe writing (%s)."),
                   sql);
      return FALSE;
    }
  return TRUE;
}


KioskStore *
kiosk_store_open (const char  *data_dir,
                  GError     **error)
{
  g_autoptr(KioskStore) self = NULL;
  g_autofree char *db_path = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORAGE,
                   _("The data folder cannot be created: %s"), g_strerror (saved_errno));
      return NULL;
    }

  self = g_object_new (KIOSK_TYPE_STORE, NULL);
  self->data_dir = g_strdup (data_dir);
  self->token_path = g_build_filename (data_dir, TOKEN_NAME, NULL);
  db_path = g_build_filename (data_dir, DB_NAME, NULL);

  load_sql (self);
  if (!create_private_file (db_path, error))
    return NULL;

  if (sqlite3_open_v2 (db_path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                       NULL) != SQLITE_OK)
    {
      if (self->db == NULL)
        {
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORAGE,
                       _("The tablet's database cannot be opened."));
          return NULL;
        }
      kiosk_store_set_error (self, error);
      return NULL;
    }

  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (self->db, 1);

  /* WAL + synchronous=FULL: a commit is on stable storage before COMMIT
   * returns (NORMAL would only promise consistency, not durability, after
   * power loss).  secure_delete: deleted rows are overwritten in the
   * database.  journal_size_limit 0: whenever SQLite starts the WAL
   * afresh it cuts the file to nothing rather than keep old page images
   * to write over (kiosk_store_checkpoint() empties it after Send and
   * after deliveries). */
  if (!check_pragma_text (self, "PRAGMA journal_mode = WAL", "wal", error) ||
      !exec (self, "PRAGMA synchronous = FULL", error) ||
      !exec (self, "PRAGMA secure_delete = ON", error) ||
      !exec (self, "PRAGMA journal_size_limit = 0", error) ||
      !exec (self, "PRAGMA foreign_keys = ON", error) ||
      !exec (self, "PRAGMA trusted_schema = OFF", error) ||
      !migrate (self, error) ||
      !kiosk_store_open_cache_key (self, error) ||
      !kiosk_store_expire_children_locked (self, error))
    return NULL;
  /* What an older version, or a run that ended before its checkpoint,
   * left in the WAL goes now. */
  kiosk_store_checkpoint (self);

  return g_steal_pointer (&self);
}

static void
kiosk_store_finalize (GObject *object)
{
  KioskStore *self = KIOSK_STORE (object);

  /* The cached statements go first; sqlite3_close_v2() would otherwise
   * keep the connection open until they were finalized. */
  for (guint q = 0; q < KIOSK_N_QUERIES; q++)
    g_clear_pointer (&self->statements[q], sqlite3_finalize);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_clear_pointer (&self->migrations, g_ptr_array_unref);
  for (guint q = 0; q < KIOSK_N_QUERIES; q++)
    g_free (self->queries[q]);
  g_free (self->data_dir);
  g_free (self->token_path);
  if (self->cache_key != NULL)
    sodium_free (self->cache_key);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (kiosk_store_parent_class)->finalize (object);
}

static void
kiosk_store_class_init (KioskStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kiosk_store_finalize;
}

static void
kiosk_store_init (KioskStore *self)
{
  g_mutex_init (&self->lock);
}

const char *
kiosk_store_get_data_dir (KioskStore *self)
{
  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);
  return self->data_dir;
}

guint
kiosk_store_get_schema_version (KioskStore *self)
{
  g_return_val_if_fail (KIOSK_IS_STORE (self), 0);
  return self->schema_version;
}

