/* kiosk-store.c — the kiosk's SQLite store (docs/kiosk-core.md "Storage").
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
#include <sodium.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "kv-answers.h"
#include "kv-json.h"
#include "kiosk-core-resources.h"
#include "kiosk-error.h"
#include "kiosk-seal.h"
#include "kiosk-store.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

#define DB_NAME "kiosk.db"
#define TOKEN_NAME "device-token"
#define SQL_RESOURCE "/org/keyvoice/Kiosk/core/kiosk-store.sql"
#define BUSY_TIMEOUT_MS 10000

#define SETTING_LAST_ATTEMPT "sync.last-attempt"
#define SETTING_LAST_SUCCESS "sync.last-success"
#define SETTING_LAST_ERROR   "sync.last-error"
#define SETTING_PIN_HASH     "staff.pin-hash"

/* The named statements of kiosk-store.sql; the names must match its
 * "-- @query NAME" lines, which kiosk_store_open() checks. */
typedef enum
{
  Q_SETTING_GET,
  Q_SETTING_SET,
  Q_SETTING_DELETE,
  Q_ENROLMENT_GET,
  Q_ENROLMENT_SET,
  Q_OUTBOX_INSERT,
  Q_ID_KNOWN,
  Q_OFFER_INSERT,
  Q_OUTBOX_QUEUED_BATCH,
  Q_OFFERS_QUEUED_BATCH,
  Q_OUTBOX_GET_FORM,
  Q_OUTBOX_DELETE,
  Q_OFFER_DELETE,
  Q_RECEIPT_INSERT,
  Q_RECEIPT_GET,
  Q_OUTBOX_SET_NEEDS_ATTENTION,
  Q_OFFER_SET_NEEDS_ATTENTION,
  Q_OUTBOX_NOTE_RETRY,
  Q_OFFER_NOTE_RETRY,
  Q_OUTBOX_REQUEUE,
  Q_OFFER_REQUEUE,
  Q_OUTBOX_DELETE_NEEDING_ATTENTION,
  Q_OFFER_DELETE_NEEDING_ATTENTION,
  Q_COUNT_OUTBOX_BY_STATE,
  Q_COUNT_OFFERS_BY_STATE,
  Q_COUNT_RECEIPTS,
  Q_LIST_OUTBOX,
  Q_FORM_CACHE,
  Q_FORM_HAS,
  Q_FORM_LOAD_VERSION,
  Q_FORM_LOAD_NEWEST,
  Q_CHILD_CACHE,
  Q_CHILD_LOOKUP,
  Q_CHILD_FORGET,
  Q_CHILDREN_EXPIRE,
  Q_CHILDREN_FORGET_FOR_NEW_DEVICE,
  N_QUERIES
} Query;

static const char * const query_names[N_QUERIES] = {
  [Q_SETTING_GET] = "setting_get",
  [Q_SETTING_SET] = "setting_set",
  [Q_SETTING_DELETE] = "setting_delete",
  [Q_ENROLMENT_GET] = "enrolment_get",
  [Q_ENROLMENT_SET] = "enrolment_set",
  [Q_OUTBOX_INSERT] = "outbox_insert",
  [Q_ID_KNOWN] = "id_known",
  [Q_OFFER_INSERT] = "offer_insert",
  [Q_OUTBOX_QUEUED_BATCH] = "outbox_queued_batch",
  [Q_OFFERS_QUEUED_BATCH] = "offers_queued_batch",
  [Q_OUTBOX_GET_FORM] = "outbox_get_form",
  [Q_OUTBOX_DELETE] = "outbox_delete",
  [Q_OFFER_DELETE] = "offer_delete",
  [Q_RECEIPT_INSERT] = "receipt_insert",
  [Q_RECEIPT_GET] = "receipt_get",
  [Q_OUTBOX_SET_NEEDS_ATTENTION] = "outbox_set_needs_attention",
  [Q_OFFER_SET_NEEDS_ATTENTION] = "offer_set_needs_attention",
  [Q_OUTBOX_NOTE_RETRY] = "outbox_note_retry",
  [Q_OFFER_NOTE_RETRY] = "offer_note_retry",
  [Q_OUTBOX_REQUEUE] = "outbox_requeue",
  [Q_OFFER_REQUEUE] = "offer_requeue",
  [Q_OUTBOX_DELETE_NEEDING_ATTENTION] = "outbox_delete_needing_attention",
  [Q_OFFER_DELETE_NEEDING_ATTENTION] = "offer_delete_needing_attention",
  [Q_COUNT_OUTBOX_BY_STATE] = "count_outbox_by_state",
  [Q_COUNT_OFFERS_BY_STATE] = "count_offers_by_state",
  [Q_COUNT_RECEIPTS] = "count_receipts",
  [Q_LIST_OUTBOX] = "list_outbox",
  [Q_FORM_CACHE] = "form_cache",
  [Q_FORM_HAS] = "form_has",
  [Q_FORM_LOAD_VERSION] = "form_load_version",
  [Q_FORM_LOAD_NEWEST] = "form_load_newest",
  [Q_CHILD_CACHE] = "child_cache",
  [Q_CHILD_LOOKUP] = "child_lookup",
  [Q_CHILD_FORGET] = "child_forget",
  [Q_CHILDREN_EXPIRE] = "children_expire",
  [Q_CHILDREN_FORGET_FOR_NEW_DEVICE] = "children_forget_for_new_device",
};

struct _KioskStore
{
  GObject    parent_instance;

  GMutex     lock;
  char      *data_dir;
  char      *token_path;
  sqlite3   *db;
  guint      schema_version;
  GPtrArray *migrations;            /* of char *, migration N at index N − 1 */
  char      *queries[N_QUERIES];
};

G_DEFINE_FINAL_TYPE (KioskStore, kiosk_store, G_TYPE_OBJECT)

/* ---- Helpers ------------------------------------------------------------ */

static gboolean
set_storage_error (KioskStore  *self,
                   GError     **error)
{
  /* SQLite's messages name tables and constraints, never bound values, so
   * they are safe to show to staff and to log. */
  g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORAGE,
               _("The tablet's storage failed: %s"), sqlite3_errmsg (self->db));
  return FALSE;
}

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  /* RFC 3339 in UTC, to the second, as docs/api.md shows. */
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

/* started_at and completed_at as sent: the tablet's own time with its UTC
 * offset (docs/api.md allows "±hh:mm").  The aggregator dates a submission
 * by the date part, which must be the day the family saw on the tablet:
 * 00:30 on 1 July in England is in July (and in the next quarter), though
 * it is still 30 June in UTC. */
static char *
format_local_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
}

static char *
now_string (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return format_time (now);
}

/* The month an offer belongs to is the family's month, in the tablet's
 * local time: a visit at 00:30 on 1 June in England is in June even
 * though it is still May in UTC. */
static char *
local_month (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  return g_date_time_format (local, "%Y-%m");
}

static GDateTime *
parse_time (const char *text)
{
  if (text == NULL)
    return NULL;
  return g_date_time_new_from_iso8601 (text, NULL);
}

static sqlite3_stmt *
prepare (KioskStore  *self,
         Query        query,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  g_assert (query < N_QUERIES && self->queries[query] != NULL);

  if (sqlite3_prepare_v2 (self->db, self->queries[query], -1, &stmt, NULL) != SQLITE_OK)
    {
      set_storage_error (self, error);
      return NULL;
    }
  return stmt;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

/* Runs a statement that returns no rows (or whose rows are not wanted). */
static gboolean
run (KioskStore    *self,
     sqlite3_stmt  *stmt,
     GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;
  if (rc != SQLITE_DONE)
    return set_storage_error (self, error);
  return TRUE;
}

static gboolean
exec (KioskStore  *self,
      const char  *sql,
      GError     **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return set_storage_error (self, error);
  return TRUE;
}

static gboolean
begin (KioskStore  *self,
       GError     **error)
{
  return exec (self, "BEGIN IMMEDIATE", error);
}

static gboolean
commit (KioskStore  *self,
        GError     **error)
{
  if (!exec (self, "COMMIT", error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

/* Rolls back the open transaction, if any, and returns FALSE so callers
 * can `return rollback (self);` after an error is already set. */
static gboolean
rollback (KioskStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static gboolean
count_query (KioskStore  *self,
             Query        query,
             const char  *state,
             guint       *count,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, query, error);

  if (stmt == NULL)
    return FALSE;
  if (state != NULL)
    bind_text (stmt, 1, state);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return set_storage_error (self, error);
  *count = sqlite3_column_int (stmt, 0);
  return TRUE;
}

static char *
get_setting (KioskStore  *self,
             const char  *key,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, Q_SETTING_GET, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup (column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    set_storage_error (self, error);
  return NULL;
}

static gboolean
set_setting (KioskStore  *self,
             const char  *key,
             const char  *value,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = prepare (self, value != NULL ? Q_SETTING_SET : Q_SETTING_DELETE, error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  if (value != NULL)
    bind_text (stmt, 2, value);
  return run (self, stmt, error);
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
  GString *queries[N_QUERIES] = { NULL, };
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

          for (q = 0; q < N_QUERIES; q++)
            if (g_str_equal (name, query_names[q]))
              break;
          g_assert (q < N_QUERIES && queries[q] == NULL);
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
  for (guint q = 0; q < N_QUERIES; q++)
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
    return set_storage_error (self, error);
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
      guint version;

      /* Each step re-reads the version inside its own write transaction,
       * so two processes opening a new data directory at once cannot both
       * apply the same migration. */
      if (!begin (self, error))
        return FALSE;
      if (!read_user_version (self, &version, error))
        return rollback (self);
      if (version > known)
        {
          rollback (self);
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORAGE,
                       _("The tablet's database was written by a newer version of Keyvoice "
                         "(schema %u; this version knows up to %u)."),
                       version, known);
          return FALSE;
        }
      if (version == known)
        {
          self->schema_version = version;
          return commit (self, error);
        }

      /* The number is ours, never input, and PRAGMA takes no parameters. */
      set_version = g_strdup_printf ("PRAGMA user_version = %u", version + 1);
      if (!exec (self, g_ptr_array_index (self->migrations, version), error) ||
          !exec (self, set_version, error) ||
          !commit (self, error))
        return rollback (self);
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
    return set_storage_error (self, error);
  if (g_ascii_strcasecmp (column_text (stmt, 0), expected) != 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORAGE,
                   _("The tablet's database could not be switched to safe writing (%s)."),
                   sql);
      return FALSE;
    }
  return TRUE;
}

/* Drops the cached children not fetched on the tablet's current local
 * day: what the aggregator said about a child (the family's own goal
 * wording among it) is kept for the day the family is seen, not beyond.
 * The lock is held. */
static gboolean
expire_children (KioskStore  *self,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = g_date_time_new_local (g_date_time_get_year (now),
                                                      g_date_time_get_month (now),
                                                      g_date_time_get_day_of_month (now),
                                                      0, 0, 0);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (today, 1);
  g_autofree char *start = format_time (today);
  g_autofree char *end = format_time (tomorrow);

  stmt = prepare (self, Q_CHILDREN_EXPIRE, error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, start);
  bind_text (stmt, 2, end);
  return run (self, stmt, error);
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
      set_storage_error (self, error);
      return NULL;
    }

  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (self->db, 1);

  /* WAL + synchronous=FULL: a commit is on stable storage before COMMIT
   * returns (NORMAL would only promise consistency, not durability, after
   * power loss).  secure_delete: deleted answers are overwritten. */
  if (!check_pragma_text (self, "PRAGMA journal_mode = WAL", "wal", error) ||
      !exec (self, "PRAGMA synchronous = FULL", error) ||
      !exec (self, "PRAGMA secure_delete = ON", error) ||
      !exec (self, "PRAGMA foreign_keys = ON", error) ||
      !exec (self, "PRAGMA trusted_schema = OFF", error) ||
      !migrate (self, error) ||
      !expire_children (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

static void
kiosk_store_finalize (GObject *object)
{
  KioskStore *self = KIOSK_STORE (object);

  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_clear_pointer (&self->migrations, g_ptr_array_unref);
  for (guint q = 0; q < N_QUERIES; q++)
    g_free (self->queries[q]);
  g_free (self->data_dir);
  g_free (self->token_path);
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

/* ---- Enrolment ---------------------------------------------------------- */

static KioskEnrolment *
get_enrolment_locked (KioskStore  *self,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, Q_ENROLMENT_GET, error);
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GDateTime) enrolled_at = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_ENROLLED,
                   _("This tablet is not enrolled yet."));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      set_storage_error (self, error);
      return NULL;
    }

  key = g_bytes_new (sqlite3_column_blob (stmt, 4), sqlite3_column_bytes (stmt, 4));
  enrolled_at = parse_time (column_text (stmt, 6));
  return kiosk_enrolment_new (column_text (stmt, 0), column_text (stmt, 1),
                              column_text (stmt, 2), column_text (stmt, 3),
                              key, column_text (stmt, 5), enrolled_at);
}

static char *
read_token (KioskStore  *self,
            GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!g_file_get_contents (self->token_path, &contents, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_ENROLLED,
                     _("This tablet is not enrolled yet."));
      else
        g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORAGE,
                     _("The tablet's device token cannot be read."));
      return NULL;
    }
  g_strstrip (contents);
  if (*contents == '\0')
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_ENROLLED,
                   _("This tablet is not enrolled yet."));
      return NULL;
    }
  return g_steal_pointer (&contents);
}

gboolean
kiosk_store_is_enrolled (KioskStore *self)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(KioskEnrolment) enrolment = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->lock);
  enrolment = get_enrolment_locked (self, NULL);
  return enrolment != NULL && g_file_test (self->token_path, G_FILE_TEST_IS_REGULAR);
}

KioskEnrolment *
kiosk_store_get_enrolment (KioskStore  *self,
                           GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  return get_enrolment_locked (self, error);
}

gboolean
kiosk_store_set_enrolment (KioskStore      *self,
                           KioskEnrolment  *enrolment,
                           const char      *token,
                           GError         **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) forget = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *enrolled_at = NULL;
  GBytes *key;

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);
  g_return_val_if_fail (enrolment != NULL, FALSE);
  g_return_val_if_fail (token != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  key = kiosk_enrolment_get_public_key (enrolment);
  if (*token == '\0' || g_bytes_get_size (key) != KIOSK_SEAL_PUBLIC_KEY_BYTES)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID,
                   _("The enrolment is incomplete (no token, or a public key of the wrong length)."));
      return FALSE;
    }

  locker = g_mutex_locker_new (&self->lock);

  /* The token first, durably: a crash after this but before the commit
   * below leaves an unused token and no enrolment, which re-enrolment
   * overwrites.  The opposite order could leave an enrolment without its
   * credential. */
  if (!g_file_set_contents_full (self->token_path, token, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORAGE,
                   _("The tablet's device token cannot be saved: %s"), local_error->message);
      return FALSE;
    }

  enrolled_at = format_time (kiosk_enrolment_get_enrolled_at (enrolment));
  if (!begin (self, error))
    return FALSE;
  /* Enrolled again, the tablet is a new device, perhaps of another service
   * or aggregator: nothing it was told about children before may be shown. */
  forget = prepare (self, Q_CHILDREN_FORGET_FOR_NEW_DEVICE, error);
  if (forget == NULL)
    return rollback (self);
  bind_text (forget, 1, kiosk_enrolment_get_device_id (enrolment));
  bind_text (forget, 2, kiosk_enrolment_get_service_id (enrolment));
  if (!run (self, forget, error))
    return rollback (self);
  stmt = prepare (self, Q_ENROLMENT_SET, error);
  if (stmt == NULL)
    return rollback (self);
  bind_text (stmt, 1, kiosk_enrolment_get_aggregator_url (enrolment));
  bind_text (stmt, 2, kiosk_enrolment_get_device_id (enrolment));
  bind_text (stmt, 3, kiosk_enrolment_get_service_id (enrolment));
  bind_text (stmt, 4, kiosk_enrolment_get_service_name (enrolment));
  sqlite3_bind_blob (stmt, 5, g_bytes_get_data (key, NULL), g_bytes_get_size (key),
                     SQLITE_TRANSIENT);
  bind_text (stmt, 6, kiosk_enrolment_get_ca_file (enrolment));
  bind_text (stmt, 7, enrolled_at);
  if (!run (self, stmt, error))
    return rollback (self);
  return commit (self, error);
}

char *
kiosk_store_dup_device_token (KioskStore  *self,
                              GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  return read_token (self, error);
}

/* ---- Staff PIN ---------------------------------------------------------- */

gboolean
kiosk_store_has_staff_pin (KioskStore *self)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *hash = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->lock);
  hash = get_setting (self, SETTING_PIN_HASH, NULL);
  return hash != NULL;
}

gboolean
kiosk_store_set_staff_pin (KioskStore  *self,
                           const char  *pin,
                           GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  char hash[crypto_pwhash_STRBYTES];

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);
  g_return_val_if_fail (pin != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_utf8_strlen (pin, -1) < 4)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID,
                   _("The PIN must have at least 4 digits."));
      return FALSE;
    }
  if (!kiosk_seal_init (error))
    return FALSE;

  /* Hashing is slow on purpose; it happens before taking the lock so the
   * uploader is not held up by it. */
  if (crypto_pwhash_str (hash, pin, strlen (pin),
                         crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORAGE,
                   _("There is not enough memory to protect the PIN."));
      return FALSE;
    }

  locker = g_mutex_locker_new (&self->lock);
  return set_setting (self, SETTING_PIN_HASH, hash, error);
}

gboolean
kiosk_store_check_staff_pin (KioskStore *self,
                             const char *pin)
{
  g_autofree char *hash = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);
  g_return_val_if_fail (pin != NULL, FALSE);

  {
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

    hash = get_setting (self, SETTING_PIN_HASH, NULL);
  }
  if (hash == NULL || !kiosk_seal_init (NULL))
    return FALSE;
  return crypto_pwhash_str_verify (hash, pin, strlen (pin)) == 0;
}

/* ---- Outbox ------------------------------------------------------------- */

static gboolean
id_known (KioskStore  *self,
          const char  *id,
          gboolean    *known,
          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, Q_ID_KNOWN, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_storage_error (self, error);
  *known = rc == SQLITE_ROW;
  return TRUE;
}

static gboolean
insert_offer (KioskStore  *self,
              const char  *child,
              const char  *outcome,
              const char  *month,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, Q_OFFER_INSERT, error);
  g_autofree char *id = g_uuid_string_random ();

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  bind_text (stmt, 2, child);
  bind_text (stmt, 3, outcome);
  bind_text (stmt, 4, month);
  return run (self, stmt, error);
}

gboolean
kiosk_store_add_submission (KioskStore       *self,
                            KioskSubmission  *submission,
                            const KvForm     *form,
                            JsonNode         *answers,
                            const KvGoalSet  *goal_set,
                            GError          **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDateTime) completed = NULL;
  g_autoptr(GBytes) sealed = NULL;
  g_autofree char *started_at = NULL;
  g_autofree char *completed_at = NULL;
  g_autofree char *month = NULL;
  g_autofree char *answers_json = NULL;
  const char *child;
  const char *offer_child = NULL;
  KvFormKind kind;
  gboolean is_sealed, known;
  guint goal_set_version;

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);
  g_return_val_if_fail (submission != NULL, FALSE);
  g_return_val_if_fail (form != NULL, FALSE);
  g_return_val_if_fail (answers != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_str_equal (kv_form_get_id (form), kiosk_submission_get_form (submission)) ||
      kv_form_get_version (form) != kiosk_submission_get_form_version (submission))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID,
                   _("The answers are for a different form or form version."));
      return FALSE;
    }

  /* The same rules the aggregator applies (libkvforms): answers that it
   * would reject are refused here, before anything is written, so a family
   * is never told "sent" for something that can never be delivered. */
  if (!kv_form_validate_answers (form, answers, goal_set, NULL, &local_error))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID,
                   _("The answers do not fit the form: %s"), local_error->message);
      return FALSE;
    }

  kind = kv_form_get_kind (form);
  goal_set_version = kiosk_submission_get_goal_set (submission);
  if (kind == KV_FORM_KIND_GAS_REVIEW && goal_set_version == 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID,
                   _("A goal review must name the goal set it rates."));
      return FALSE;
    }
  /* docs/api.md: goal_set only on gas-review. */
  if (kind != KV_FORM_KIND_GAS_REVIEW)
    goal_set_version = 0;

  completed = g_date_time_new_now_utc ();
  completed_at = format_local_time (completed);
  started_at = format_local_time (kiosk_submission_get_started_at (submission));
  child = kiosk_submission_get_child (submission);
  is_sealed = kind == KV_FORM_KIND_EXPERIENCE;
  if (is_sealed)
    {
      /* sealed_version 2 (docs/api.md): the box holds the answers and
       * every member that could date the visit or describe the family;
       * only id, form, form version and the month stay in clear. */
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) box = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "answers");
      json_builder_add_value (builder, json_node_copy (answers));
      json_builder_set_member_name (builder, "respondent");
      json_builder_add_string_value (builder, kiosk_respondent_to_string (
                                       kiosk_submission_get_respondent (submission)));
      json_builder_set_member_name (builder, "mode");
      json_builder_add_string_value (builder, kiosk_mode_to_string (
                                       kiosk_submission_get_mode (submission)));
      json_builder_set_member_name (builder, "locale");
      json_builder_add_string_value (builder, kiosk_submission_get_locale (submission));
      json_builder_set_member_name (builder, "easy_read");
      json_builder_add_boolean_value (builder, kiosk_submission_get_easy_read (submission));
      json_builder_set_member_name (builder, "started_at");
      json_builder_add_string_value (builder, started_at);
      json_builder_set_member_name (builder, "completed_at");
      json_builder_add_string_value (builder, completed_at);
      json_builder_end_object (builder);
      box = json_builder_get_root (builder);
      answers_json = json_to_string (box, FALSE);
      month = local_month (completed);
    }
  else
    {
      answers_json = json_to_string (answers, FALSE);
    }

  locker = g_mutex_locker_new (&self->lock);

  if (is_sealed)
    {
      g_autoptr(KioskEnrolment) enrolment = get_enrolment_locked (self, error);

      if (enrolment == NULL)
        {
          sodium_memzero (answers_json, strlen (answers_json));
          return FALSE;
        }
      sealed = kiosk_seal (kiosk_enrolment_get_public_key (enrolment),
                           answers_json, strlen (answers_json), error);
      /* The clear text must not outlive sealing, even in freed memory. */
      sodium_memzero (answers_json, strlen (answers_json));
      if (sealed == NULL)
        return FALSE;
      /* The sealed answers are never linked to the child on disk; the
       * child's part is the offer. */
      offer_child = child;
      child = NULL;
    }

  if (!begin (self, error))
    return FALSE;

  if (!id_known (self, kiosk_submission_get_id (submission), &known, error))
    return rollback (self);
  if (known)
    {
      rollback (self);
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID,
                   _("These answers have already been saved."));
      return FALSE;
    }

  stmt = prepare (self, Q_OUTBOX_INSERT, error);
  if (stmt == NULL)
    return rollback (self);
  bind_text (stmt, 1, kiosk_submission_get_id (submission));
  bind_text (stmt, 2, kiosk_submission_get_form (submission));
  sqlite3_bind_int64 (stmt, 3, kiosk_submission_get_form_version (submission));
  if (goal_set_version > 0)
    sqlite3_bind_int64 (stmt, 4, goal_set_version);
  else
    sqlite3_bind_null (stmt, 4);
  bind_text (stmt, 5, child);
  if (is_sealed)
    {
      /* Columns 6 to 12 stay NULL: what they would hold is in the box. */
      sqlite3_bind_blob (stmt, 13, g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed),
                         SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 14, 2);
      bind_text (stmt, 15, month);
    }
  else
    {
      bind_text (stmt, 6, kiosk_respondent_to_string (kiosk_submission_get_respondent (submission)));
      bind_text (stmt, 7, kiosk_mode_to_string (kiosk_submission_get_mode (submission)));
      bind_text (stmt, 8, kiosk_submission_get_locale (submission));
      sqlite3_bind_int (stmt, 9, kiosk_submission_get_easy_read (submission) ? 1 : 0);
      bind_text (stmt, 10, started_at);
      bind_text (stmt, 11, completed_at);
      bind_text (stmt, 12, answers_json);
    }
  if (!run (self, stmt, error))
    return rollback (self);

  if (offer_child != NULL && !insert_offer (self, offer_child, "completed", month, error))
    return rollback (self);

  return commit (self, error);
}

gboolean
kiosk_store_add_declined_offer (KioskStore  *self,
                                const char  *child,
                                GDateTime   *when,
                                GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *month = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);
  g_return_val_if_fail (child != NULL && *child != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (when == NULL)
    when = now = g_date_time_new_now_local ();
  month = local_month (when);

  locker = g_mutex_locker_new (&self->lock);
  if (!begin (self, error))
    return FALSE;
  if (!insert_offer (self, child, "declined", month, error))
    return rollback (self);
  return commit (self, error);
}

KioskOutboxStatus *
kiosk_store_get_outbox_status (KioskStore  *self,
                               GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(KioskOutboxStatus) status = g_new0 (KioskOutboxStatus, 1);
  g_autofree char *last_attempt = NULL;
  g_autofree char *last_success = NULL;
  guint queued_offers_attention = 0;
  GError *local_error = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);

  /* One read transaction, so the counts are consistent with each other
   * even while the uploader moves entries about. */
  if (!exec (self, "BEGIN", error))
    return NULL;
  if (!count_query (self, Q_COUNT_OUTBOX_BY_STATE, "queued", &status->queued, error) ||
      !count_query (self, Q_COUNT_OFFERS_BY_STATE, "queued", &status->offers_queued, error) ||
      !count_query (self, Q_COUNT_OUTBOX_BY_STATE, "needs-attention",
                    &status->needs_attention, error) ||
      !count_query (self, Q_COUNT_OFFERS_BY_STATE, "needs-attention",
                    &queued_offers_attention, error) ||
      !count_query (self, Q_COUNT_RECEIPTS, NULL, &status->sent, error))
    {
      rollback (self);
      return NULL;
    }
  status->needs_attention += queued_offers_attention;

  last_attempt = get_setting (self, SETTING_LAST_ATTEMPT, &local_error);
  if (local_error == NULL)
    last_success = get_setting (self, SETTING_LAST_SUCCESS, &local_error);
  if (local_error == NULL)
    status->last_error = get_setting (self, SETTING_LAST_ERROR, &local_error);
  rollback (self);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  status->last_attempt = parse_time (last_attempt);
  status->last_success = parse_time (last_success);
  return g_steal_pointer (&status);
}

GPtrArray *
kiosk_store_list_outbox (KioskStore  *self,
                         GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) items = NULL;
  int rc;

  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  stmt = prepare (self, Q_LIST_OUTBOX, error);
  if (stmt == NULL)
    return NULL;

  items = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_outbox_item_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KioskOutboxItem *item = g_new0 (KioskOutboxItem, 1);

      item->kind = sqlite3_column_int (stmt, 0) == 0 ? KIOSK_ITEM_SUBMISSION : KIOSK_ITEM_OFFER;
      item->id = g_strdup (column_text (stmt, 1));
      item->form = g_strdup (column_text (stmt, 2));
      item->state = g_strcmp0 (column_text (stmt, 3), "queued") == 0
                    ? KIOSK_ITEM_QUEUED : KIOSK_ITEM_NEEDS_ATTENTION;
      item->reason = g_strdup (column_text (stmt, 4));
      item->attempts = sqlite3_column_int (stmt, 5);
      item->completed_at = parse_time (column_text (stmt, 6));
      item->month = g_strdup (column_text (stmt, 7));
      g_ptr_array_add (items, item);
    }
  if (rc != SQLITE_DONE)
    {
      set_storage_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&items);
}

static gboolean
run_changes (KioskStore  *self,
             Query        query,
             const char  *id,
             int         *changes,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, query, error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  if (!run (self, stmt, error))
    return FALSE;
  *changes = sqlite3_changes (self->db);
  return TRUE;
}

gboolean
kiosk_store_retry_item (KioskStore  *self,
                        const char  *id,
                        GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  int changes = 0;

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  if (!begin (self, error))
    return FALSE;
  if (!run_changes (self, Q_OUTBOX_REQUEUE, id, &changes, error))
    return rollback (self);
  if (changes == 0 && !run_changes (self, Q_OFFER_REQUEUE, id, &changes, error))
    return rollback (self);
  if (changes == 0)
    {
      rollback (self);
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID,
                   _("This entry does not need attention."));
      return FALSE;
    }
  return commit (self, error);
}

static gboolean
insert_receipt (KioskStore  *self,
                const char  *id,
                const char  *kind,
                const char  *form,
                const char  *status,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, Q_RECEIPT_INSERT, error);
  g_autofree char *now = now_string ();

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  bind_text (stmt, 2, kind);
  bind_text (stmt, 3, form);
  bind_text (stmt, 4, status);
  bind_text (stmt, 5, now);
  return run (self, stmt, error);
}

gboolean
kiosk_store_discard_item (KioskStore  *self,
                          const char  *id,
                          GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *form = NULL;
  const char *kind = "submission";
  int rc;

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  if (!begin (self, error))
    return FALSE;

  stmt = prepare (self, Q_OUTBOX_DELETE_NEEDING_ATTENTION, error);
  if (stmt == NULL)
    return rollback (self);
  bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    form = g_strdup (column_text (stmt, 0));
  if (rc == SQLITE_ROW)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_storage_error (self, error);
      return rollback (self);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (form == NULL)
    {
      int changes = 0;

      kind = "offer";
      if (!run_changes (self, Q_OFFER_DELETE_NEEDING_ATTENTION, id, &changes, error))
        return rollback (self);
      if (changes == 0)
        {
          rollback (self);
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID,
                       _("This entry does not need attention."));
          return FALSE;
        }
    }

  if (!insert_receipt (self, id, kind, form, "discarded", error))
    return rollback (self);
  return commit (self, error);
}

gboolean
kiosk_store_has_receipt (KioskStore  *self,
                         const char  *id,
                         char       **status)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (status != NULL)
    *status = NULL;
  locker = g_mutex_locker_new (&self->lock);
  stmt = prepare (self, Q_RECEIPT_GET, NULL);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  if (status != NULL)
    *status = g_strdup (column_text (stmt, 0));
  return TRUE;
}

/* ---- Caches ------------------------------------------------------------- */

gboolean
kiosk_store_cache_form (KioskStore  *self,
                        GBytes      *xml,
                        GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(KvForm) form = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *now = now_string ();

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);
  g_return_val_if_fail (xml != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Only a form that parses is cached, so that a broken download can
   * never replace nothing with something the UI cannot show. */
  form = kv_form_new_from_data (g_bytes_get_data (xml, NULL), g_bytes_get_size (xml),
                                "form", &local_error);
  if (form == NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID,
                   _("The form is not valid: %s"), local_error->message);
      return FALSE;
    }

  locker = g_mutex_locker_new (&self->lock);
  stmt = prepare (self, Q_FORM_CACHE, error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, kv_form_get_id (form));
  sqlite3_bind_int64 (stmt, 2, kv_form_get_version (form));
  sqlite3_bind_blob (stmt, 3, g_bytes_get_data (xml, NULL), g_bytes_get_size (xml),
                     SQLITE_TRANSIENT);
  bind_text (stmt, 4, now);
  return run (self, stmt, error);
}

gboolean
kiosk_store_has_form (KioskStore *self,
                      const char *form_id,
                      guint       version)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);
  g_return_val_if_fail (form_id != NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  stmt = prepare (self, Q_FORM_HAS, NULL);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, form_id);
  sqlite3_bind_int64 (stmt, 2, version);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

KvForm *
kiosk_store_load_form (KioskStore  *self,
                       const char  *form_id,
                       guint        version,
                       GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  KvForm *form;
  int rc;

  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);
  g_return_val_if_fail (form_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  stmt = prepare (self, version > 0 ? Q_FORM_LOAD_VERSION : Q_FORM_LOAD_NEWEST, error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, form_id);
  if (version > 0)
    sqlite3_bind_int64 (stmt, 2, version);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_CACHED,
                   _("The form “%s” is not on this tablet yet."), form_id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      set_storage_error (self, error);
      return NULL;
    }

  form = kv_form_new_from_data (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0),
                                form_id, &local_error);
  if (form == NULL)
    g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORAGE,
                 _("The cached form is damaged: %s"), local_error->message);
  return form;
}

gboolean
kiosk_store_cache_child (KioskStore  *self,
                         const char  *code,
                         const char  *json,
                         GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(KioskChild) child = NULL;
  g_autofree char *now = now_string ();

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (json != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* As with forms, only what parses is cached. */
  node = kv_json_parse (json, strlen (json), NULL);
  if (node == NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID,
                   _("The aggregator's information about this child is not valid (%s)."),
                   "/");
      return FALSE;
    }
  child = kiosk_child_new_from_json (node, NULL, FALSE, error);
  if (child == NULL)
    return FALSE;

  locker = g_mutex_locker_new (&self->lock);
  if (!expire_children (self, error))
    return FALSE;
  stmt = prepare (self, Q_CHILD_CACHE, error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, code);
  bind_text (stmt, 2, json);
  bind_text (stmt, 3, now);
  return run (self, stmt, error);
}

KioskChild *
kiosk_store_lookup_child (KioskStore  *self,
                          const char  *code,
                          GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GDateTime) fetched_at = NULL;
  int rc;

  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  if (!expire_children (self, error))
    return NULL;
  stmt = prepare (self, Q_CHILD_LOOKUP, error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, code);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_CACHED,
                   _("This code is not known on this tablet and the aggregator cannot be reached."));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      set_storage_error (self, error);
      return NULL;
    }

  node = column_text (stmt, 0) != NULL
         ? kv_json_parse (column_text (stmt, 0), strlen (column_text (stmt, 0)), NULL) : NULL;
  fetched_at = parse_time (column_text (stmt, 1));
  if (node == NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORAGE,
                   _("The tablet's cached information about this child is damaged."));
      return NULL;
    }
  return kiosk_child_new_from_json (node, fetched_at, TRUE, error);
}

gboolean
kiosk_store_forget_child (KioskStore  *self,
                          const char  *code,
                          GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  int changes;

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  return run_changes (self, Q_CHILD_FORGET, code, &changes, error);
}

gboolean
kiosk_store_expire_children (KioskStore  *self,
                             GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  return expire_children (self, error);
}

/* ---- For the uploader --------------------------------------------------- */

static JsonNode *
submission_row_to_json (KioskStore    *self,
                        sqlite3_stmt  *stmt,
                        GError       **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, column_text (stmt, 0));
  json_builder_set_member_name (builder, "form");
  json_builder_add_string_value (builder, column_text (stmt, 1));
  json_builder_set_member_name (builder, "form_version");
  json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 2));
  if (sqlite3_column_type (stmt, 13) != SQLITE_NULL)
    {
      /* sealed_version 2: routing in clear, everything else in the box. */
      g_autofree char *base64 = g_base64_encode (sqlite3_column_blob (stmt, 12),
                                                 sqlite3_column_bytes (stmt, 12));

      json_builder_set_member_name (builder, "month");
      json_builder_add_string_value (builder, column_text (stmt, 14));
      json_builder_set_member_name (builder, "sealed_version");
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 13));
      json_builder_set_member_name (builder, "sealed");
      json_builder_add_string_value (builder, base64);
      json_builder_end_object (builder);
      return json_builder_get_root (builder);
    }
  if (sqlite3_column_type (stmt, 3) != SQLITE_NULL)
    {
      json_builder_set_member_name (builder, "goal_set");
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 3));
    }
  json_builder_set_member_name (builder, "child");
  if (sqlite3_column_type (stmt, 4) == SQLITE_NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, column_text (stmt, 4));
  json_builder_set_member_name (builder, "respondent");
  json_builder_add_string_value (builder, column_text (stmt, 5));
  json_builder_set_member_name (builder, "mode");
  json_builder_add_string_value (builder, column_text (stmt, 6));
  json_builder_set_member_name (builder, "locale");
  json_builder_add_string_value (builder, column_text (stmt, 7));
  json_builder_set_member_name (builder, "easy_read");
  json_builder_add_boolean_value (builder, sqlite3_column_int (stmt, 8) != 0);
  json_builder_set_member_name (builder, "started_at");
  json_builder_add_string_value (builder, column_text (stmt, 9));
  json_builder_set_member_name (builder, "completed_at");
  json_builder_add_string_value (builder, column_text (stmt, 10));

  if (sqlite3_column_type (stmt, 11) != SQLITE_NULL)
    {
      const char *text = column_text (stmt, 11);
      JsonNode *answers = kv_json_parse (text, strlen (text), NULL);

      if (answers == NULL)
        {
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORAGE,
                       _("A stored submission is damaged."));
          return NULL;
        }
      json_builder_set_member_name (builder, "answers");
      json_builder_add_value (builder, answers);
    }
  else
    {
      g_autofree char *base64 = g_base64_encode (sqlite3_column_blob (stmt, 12),
                                                 sqlite3_column_bytes (stmt, 12));

      json_builder_set_member_name (builder, "sealed");
      json_builder_add_string_value (builder, base64);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Adds up to @max_items - *@taken queued submissions to @submissions,
 * oldest first, skipping the ids in @skip: the sealed ones (experience
 * feedback) when @sealed, every other one otherwise.  Inside the caller's
 * read transaction. */
static gboolean
add_queued_submissions (KioskStore  *self,
                        gboolean     sealed,
                        guint        max_items,
                        GHashTable  *skip,
                        JsonArray   *submissions,
                        guint       *taken,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, Q_OUTBOX_QUEUED_BATCH, error);
  guint n_skip = skip != NULL ? g_hash_table_size (skip) : 0;
  int rc = SQLITE_DONE;

  if (stmt == NULL)
    return FALSE;
  /* Asking for what is missing + |skip| rows is enough: at most |skip| of
   * them are left out. */
  sqlite3_bind_int64 (stmt, 1, (gint64) (max_items - *taken) + n_skip);
  sqlite3_bind_int (stmt, 2, sealed ? 1 : 0);
  while (*taken < max_items && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonNode *node;

      if (skip != NULL && g_hash_table_contains (skip, column_text (stmt, 0)))
        continue;
      node = submission_row_to_json (self, stmt, error);
      if (node == NULL)
        return FALSE;
      json_array_add_element (submissions, node);
      (*taken)++;
    }
  if (*taken < max_items && rc != SQLITE_DONE)
    return set_storage_error (self, error);
  return TRUE;
}

JsonNode *
kiosk_store_next_batch (KioskStore  *self,
                        guint        max_items,
                        GHashTable  *skip,
                        GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) submissions = json_array_new ();
  g_autoptr(JsonArray) offers = json_array_new ();
  g_autoptr(JsonObject) body = json_object_new ();
  JsonNode *root;
  guint n_skip = skip != NULL ? g_hash_table_size (skip) : 0;
  guint taken = 0;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);
  g_return_val_if_fail (max_items > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);

  /* One read transaction so submissions and offers come from the same
   * snapshot. */
  if (!exec (self, "BEGIN", error))
    return NULL;

  /* Sealed experience feedback never shares a request with anything that
   * names a child — an offer of the 7.3 ledger above all, but also the
   * family's other answers of the same visit — or the aggregator could
   * link the feedback to the child by the request it came in
   * (docs/domain.md §6).  A batch is therefore either submissions that are not sealed
   * with offers after them, or, once none of those is left, sealed
   * submissions alone. */
  if (!add_queued_submissions (self, FALSE, max_items, skip, submissions, &taken, error))
    {
      rollback (self);
      return NULL;
    }

  if (taken < max_items)
    {
      stmt = prepare (self, Q_OFFERS_QUEUED_BATCH, error);
      if (stmt == NULL)
        {
          rollback (self);
          return NULL;
        }
      sqlite3_bind_int64 (stmt, 1, (gint64) (max_items - taken) + n_skip);
      while (taken < max_items && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          JsonObject *offer;

          if (skip != NULL && g_hash_table_contains (skip, column_text (stmt, 0)))
            continue;
          offer = json_object_new ();
          json_object_set_string_member (offer, "id", column_text (stmt, 0));
          json_object_set_string_member (offer, "child", column_text (stmt, 1));
          json_object_set_string_member (offer, "outcome", column_text (stmt, 2));
          json_object_set_string_member (offer, "month", column_text (stmt, 3));
          json_array_add_object_element (offers, offer);
          taken++;
        }
      if (taken < max_items && rc != SQLITE_DONE)
        {
          set_storage_error (self, error);
          rollback (self);
          return NULL;
        }
    }

  if (taken == 0 &&
      !add_queued_submissions (self, TRUE, max_items, skip, submissions, &taken, error))
    {
      rollback (self);
      return NULL;
    }
  rollback (self);

  if (taken == 0)
    return NULL;

  json_object_set_array_member (body, "submissions", g_steal_pointer (&submissions));
  json_object_set_array_member (body, "offers", g_steal_pointer (&offers));
  root = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (root, g_steal_pointer (&body));
  return root;
}

static gboolean
record_outcome (KioskStore          *self,
                const KioskOutcome  *outcome,
                GError             **error)
{
  gboolean is_offer = outcome->kind == KIOSK_ITEM_OFFER;
  int changes = 0;

  switch (outcome->verdict)
    {
    case KIOSK_VERDICT_DELIVERED:
      {
        g_autofree char *form = NULL;

        if (!is_offer)
          {
            g_autoptr(sqlite3_stmt) stmt = prepare (self, Q_OUTBOX_GET_FORM, error);
            int rc;

            if (stmt == NULL)
              return FALSE;
            bind_text (stmt, 1, outcome->id);
            rc = sqlite3_step (stmt);
            if (rc == SQLITE_ROW)
              form = g_strdup (column_text (stmt, 0));
            else if (rc != SQLITE_DONE)
              return set_storage_error (self, error);
          }

        if (!run_changes (self, is_offer ? Q_OFFER_DELETE : Q_OUTBOX_DELETE,
                          outcome->id, &changes, error))
          return FALSE;
        /* Already gone (another process got the same acknowledgement
         * first): its receipt exists, nothing to do. */
        if (changes == 0)
          return TRUE;
        return insert_receipt (self, outcome->id, is_offer ? "offer" : "submission", form,
                               g_strcmp0 (outcome->status, "duplicate") == 0
                               ? "duplicate" : "stored",
                               error);
      }

    case KIOSK_VERDICT_NEEDS_ATTENTION:
    case KIOSK_VERDICT_RETRY:
      {
        Query query;
        g_autoptr(sqlite3_stmt) stmt = NULL;

        if (outcome->verdict == KIOSK_VERDICT_NEEDS_ATTENTION)
          query = is_offer ? Q_OFFER_SET_NEEDS_ATTENTION : Q_OUTBOX_SET_NEEDS_ATTENTION;
        else
          query = is_offer ? Q_OFFER_NOTE_RETRY : Q_OUTBOX_NOTE_RETRY;
        stmt = prepare (self, query, error);
        if (stmt == NULL)
          return FALSE;
        bind_text (stmt, 1, outcome->id);
        bind_text (stmt, 2, outcome->reason);
        return run (self, stmt, error);
      }

    default:
      g_assert_not_reached ();
    }
}

gboolean
kiosk_store_record_outcomes (KioskStore          *self,
                             const KioskOutcome  *outcomes,
                             guint                n_outcomes,
                             GError             **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);
  g_return_val_if_fail (outcomes != NULL || n_outcomes == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  if (!begin (self, error))
    return FALSE;
  for (guint i = 0; i < n_outcomes; i++)
    if (!record_outcome (self, &outcomes[i], error))
      return rollback (self);
  return commit (self, error);
}

gboolean
kiosk_store_record_sync (KioskStore  *self,
                         const char  *error_message,
                         GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *now = now_string ();

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  if (!begin (self, error))
    return FALSE;
  if (!set_setting (self, SETTING_LAST_ATTEMPT, now, error) ||
      (error_message == NULL && !set_setting (self, SETTING_LAST_SUCCESS, now, error)) ||
      !set_setting (self, SETTING_LAST_ERROR, error_message, error))
    return rollback (self);
  return commit (self, error);
}
