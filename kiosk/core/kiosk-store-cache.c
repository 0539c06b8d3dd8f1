/* kiosk-store-cache.c — KioskStore: what the tablet keeps for offline use
 * (kiosk-store-private.h): the forms it was sent and the children it
 * looked up, with their goal sets.  Only what parses is cached.
 *
 * A cached child is found by its code, but the code is not in the
 * database: a row's key is a keyed BLAKE2b hash of the code, and what the
 * aggregator said (the code, the family's goal wording) is in a
 * crypto_secretbox whose key is derived from the code by the same hash.
 * The hash's key is 32 random bytes in data_dir/cache-key (0600), beside
 * the device token and never in kiosk.db, so neither a copy of the
 * database nor its WAL names a child or can be searched for one; reading
 * an entry needs that file and the code typed on the keypad, which is
 * what the offline look-up has.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "kv-child-code.h"
#include "kv-json.h"
#include "kiosk-error.h"
#include "kiosk-seal.h"
#include "kiosk-store-private.h"

#define CACHE_KEY_NAME "cache-key"
#define CACHE_KEY_BYTES crypto_generichash_KEYBYTES
#define ROW_KEY_BYTES 32

G_STATIC_ASSERT (ROW_KEY_BYTES + crypto_secretbox_KEYBYTES <= crypto_generichash_BYTES_MAX);

gboolean
kiosk_store_open_cache_key (KioskStore  *self,
                            GError     **error)
{
  g_autofree char *path = g_build_filename (self->data_dir, CACHE_KEY_NAME, NULL);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(KioskStoreStmt) stmt = NULL;
  gsize length = 0;

  if (!kiosk_seal_init (error))
    return FALSE;
  self->cache_key = sodium_malloc (CACHE_KEY_BYTES);
  g_assert (self->cache_key != NULL);

  if (g_file_get_contents (path, &contents, &length, NULL) && length == CACHE_KEY_BYTES)
    {
      memcpy (self->cache_key, contents, CACHE_KEY_BYTES);
      sodium_memzero (contents, length);
      return TRUE;
    }

  /* Missing (a new tablet, or one updated from a version without it) or
   * damaged: a new key, and the rows kept under the old one go. */
  randombytes_buf (self->cache_key, CACHE_KEY_BYTES);
  if (!g_file_set_contents_full (path, (const char *) self->cache_key, CACHE_KEY_BYTES,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORAGE,
                   _("The tablet's cache key cannot be written: %s"), local_error->message);
      return FALSE;
    }
  stmt = kiosk_store_statement (self, KIOSK_QUERY_CHILDREN_FORGET_ALL, error);
  return stmt != NULL && kiosk_store_run (self, stmt, error);
}

/* What @code gives under the cache key: the row's key, as hex, and the
 * key of its box.  A code is hashed in its display form, so "k7q3mx28"
 * finds what "K7Q3-MX28" cached; anything that is not a code, as it is. */
static void
derive_keys (KioskStore *self,
             const char *code,
             char        row_key[2 * ROW_KEY_BYTES + 1],
             guint8      box_key[crypto_secretbox_KEYBYTES])
{
  g_autofree char *normal = kv_child_code_normalize (code);
  const char *text = normal != NULL ? normal : code;
  guint8 out[ROW_KEY_BYTES + crypto_secretbox_KEYBYTES];

  crypto_generichash (out, sizeof out, (const guint8 *) text, strlen (text),
                      self->cache_key, CACHE_KEY_BYTES);
  sodium_bin2hex (row_key, 2 * ROW_KEY_BYTES + 1, out, ROW_KEY_BYTES);
  memcpy (box_key, out + ROW_KEY_BYTES, crypto_secretbox_KEYBYTES);
  sodium_memzero (out, sizeof out);
}

/* Drops the cached children not fetched on the tablet's current local
 * day: what the aggregator said about a child (the family's own goal
 * wording among it) is kept for the day the family is seen, not beyond.
 * The lock is held (or the store is being opened). */
gboolean
kiosk_store_expire_children_locked (KioskStore  *self,
                                    GError     **error)
{
  g_autoptr(KioskStoreStmt) stmt = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = g_date_time_new_local (g_date_time_get_year (now),
                                                      g_date_time_get_month (now),
                                                      g_date_time_get_day_of_month (now),
                                                      0, 0, 0);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (today, 1);
  g_autofree char *start = kiosk_store_format_time (today);
  g_autofree char *end = kiosk_store_format_time (tomorrow);

  stmt = kiosk_store_statement (self, KIOSK_QUERY_CHILDREN_EXPIRE, error);
  if (stmt == NULL)
    return FALSE;
  kiosk_store_bind_text (stmt, 1, start);
  kiosk_store_bind_text (stmt, 2, end);
  return kiosk_store_run (self, stmt, error);
}

gboolean
kiosk_store_cache_form (KioskStore  *self,
                        GBytes      *xml,
                        GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(KioskStoreStmt) stmt = NULL;
  g_autoptr(KvForm) form = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *now = kiosk_store_now_string ();

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
  stmt = kiosk_store_statement (self, KIOSK_QUERY_FORM_CACHE, error);
  if (stmt == NULL)
    return FALSE;
  kiosk_store_bind_text (stmt, 1, kv_form_get_id (form));
  sqlite3_bind_int64 (stmt, 2, kv_form_get_version (form));
  sqlite3_bind_blob (stmt, 3, g_bytes_get_data (xml, NULL), g_bytes_get_size (xml),
                     SQLITE_TRANSIENT);
  kiosk_store_bind_text (stmt, 4, now);
  return kiosk_store_run (self, stmt, error);
}

gboolean
kiosk_store_has_form (KioskStore *self,
                      const char *form_id,
                      guint       version)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(KioskStoreStmt) stmt = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);
  g_return_val_if_fail (form_id != NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  stmt = kiosk_store_statement (self, KIOSK_QUERY_FORM_HAS, NULL);
  if (stmt == NULL)
    return FALSE;
  kiosk_store_bind_text (stmt, 1, form_id);
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
  g_autoptr(KioskStoreStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  KvForm *form;
  int rc;

  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);
  g_return_val_if_fail (form_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  stmt = kiosk_store_statement (self, version > 0 ? KIOSK_QUERY_FORM_LOAD_VERSION
                                                  : KIOSK_QUERY_FORM_LOAD_NEWEST, error);
  if (stmt == NULL)
    return NULL;
  kiosk_store_bind_text (stmt, 1, form_id);
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
      kiosk_store_set_error (self, error);
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
  g_autoptr(KioskStoreStmt) stmt = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(KioskChild) child = NULL;
  g_autofree char *now = kiosk_store_now_string ();
  g_autofree guint8 *box = NULL;
  char row_key[2 * ROW_KEY_BYTES + 1];
  guint8 box_key[crypto_secretbox_KEYBYTES];
  gsize length;
  gsize box_length;

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

  length = strlen (json);
  box_length = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + length;
  box = g_malloc (box_length);
  randombytes_buf (box, crypto_secretbox_NONCEBYTES);

  locker = g_mutex_locker_new (&self->lock);
  derive_keys (self, code, row_key, box_key);
  crypto_secretbox_easy (box + crypto_secretbox_NONCEBYTES, (const guint8 *) json, length,
                         box, box_key);
  sodium_memzero (box_key, sizeof box_key);
  if (!kiosk_store_expire_children_locked (self, error))
    return FALSE;
  stmt = kiosk_store_statement (self, KIOSK_QUERY_CHILD_CACHE, error);
  if (stmt == NULL)
    return FALSE;
  kiosk_store_bind_text (stmt, 1, row_key);
  sqlite3_bind_blob (stmt, 2, box, box_length, SQLITE_TRANSIENT);
  kiosk_store_bind_text (stmt, 3, now);
  return kiosk_store_run (self, stmt, error);
}

KioskChild *
kiosk_store_lookup_child (KioskStore  *self,
                          const char  *code,
                          GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(KioskStoreStmt) stmt = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GDateTime) fetched_at = NULL;
  g_autofree char *json = NULL;
  char row_key[2 * ROW_KEY_BYTES + 1];
  guint8 box_key[crypto_secretbox_KEYBYTES];
  const guint8 *box;
  gsize box_length;
  gsize length = 0;
  int rc;

  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  if (!kiosk_store_expire_children_locked (self, error))
    return NULL;
  stmt = kiosk_store_statement (self, KIOSK_QUERY_CHILD_LOOKUP, error);
  if (stmt == NULL)
    return NULL;
  derive_keys (self, code, row_key, box_key);
  kiosk_store_bind_text (stmt, 1, row_key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_CACHED,
                   _("This code is not known on this tablet and the aggregator cannot be reached."));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      kiosk_store_set_error (self, error);
      return NULL;
    }

  box = sqlite3_column_blob (stmt, 0);
  box_length = sqlite3_column_bytes (stmt, 0);
  if (box != NULL && box_length > crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    {
      length = box_length - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
      json = g_malloc (length + 1);
      if (crypto_secretbox_open_easy ((guint8 *) json, box + crypto_secretbox_NONCEBYTES,
                                      box_length - crypto_secretbox_NONCEBYTES, box,
                                      box_key) == 0)
        {
          json[length] = '\0';
          node = kv_json_parse (json, length, NULL);
        }
      sodium_memzero (json, length);
    }
  sodium_memzero (box_key, sizeof box_key);
  fetched_at = kiosk_store_parse_time (kiosk_store_column_text (stmt, 1));
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
  char row_key[2 * ROW_KEY_BYTES + 1];
  guint8 box_key[crypto_secretbox_KEYBYTES];
  int changes;

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  derive_keys (self, code, row_key, box_key);
  sodium_memzero (box_key, sizeof box_key);
  return kiosk_store_run_changes (self, KIOSK_QUERY_CHILD_FORGET, row_key, &changes, error);
}

gboolean
kiosk_store_expire_children (KioskStore  *self,
                             GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  return kiosk_store_expire_children_locked (self, error);
}
