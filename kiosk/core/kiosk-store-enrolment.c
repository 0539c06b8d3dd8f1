/* kiosk-store-enrolment.c — KioskStore: the enrolment, the device token
 * and the staff PIN (kiosk-store-private.h).
 *
 * The token is kept in its own file, never in the database, so that a copy
 * of kiosk.db taken for support never carries a credential.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "kiosk-error.h"
#include "kiosk-seal.h"
#include "kiosk-store-private.h"

/* ---- Enrolment ---------------------------------------------------------- */

static KioskEnrolment *
get_enrolment_locked (KioskStore  *self,
                      GError     **error)
{
  g_autoptr(KioskStoreStmt) stmt = kiosk_store_statement (self, KIOSK_QUERY_ENROLMENT_GET, error);
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
      kiosk_store_set_error (self, error);
      return NULL;
    }

  key = g_bytes_new (sqlite3_column_blob (stmt, 4), sqlite3_column_bytes (stmt, 4));
  enrolled_at = kiosk_store_parse_time (kiosk_store_column_text (stmt, 6));
  return kiosk_enrolment_new (kiosk_store_column_text (stmt, 0), kiosk_store_column_text (stmt, 1),
                              kiosk_store_column_text (stmt, 2), kiosk_store_column_text (stmt, 3),
                              key, kiosk_store_column_text (stmt, 5), enrolled_at);
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
  g_autoptr(KioskStoreStmt) stmt = NULL;
  g_autoptr(KioskStoreStmt) forget = NULL;
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

  enrolled_at = kiosk_store_format_time (kiosk_enrolment_get_enrolled_at (enrolment));
  if (!kiosk_store_begin (self, error))
    return FALSE;
  /* Enrolled again, the tablet is a new device, perhaps of another service
   * or aggregator: nothing it was told about children before may be shown. */
  forget = kiosk_store_statement (self, KIOSK_QUERY_CHILDREN_FORGET_FOR_NEW_DEVICE, error);
  if (forget == NULL)
    return kiosk_store_rollback (self);
  kiosk_store_bind_text (forget, 1, kiosk_enrolment_get_device_id (enrolment));
  kiosk_store_bind_text (forget, 2, kiosk_enrolment_get_service_id (enrolment));
  if (!kiosk_store_run (self, forget, error))
    return kiosk_store_rollback (self);
  stmt = kiosk_store_statement (self, KIOSK_QUERY_ENROLMENT_SET, error);
  if (stmt == NULL)
    return kiosk_store_rollback (self);
  kiosk_store_bind_text (stmt, 1, kiosk_enrolment_get_aggregator_url (enrolment));
  kiosk_store_bind_text (stmt, 2, kiosk_enrolment_get_device_id (enrolment));
  kiosk_store_bind_text (stmt, 3, kiosk_enrolment_get_service_id (enrolment));
  kiosk_store_bind_text (stmt, 4, kiosk_enrolment_get_service_name (enrolment));
  sqlite3_bind_blob (stmt, 5, g_bytes_get_data (key, NULL), g_bytes_get_size (key),
                     SQLITE_TRANSIENT);
  kiosk_store_bind_text (stmt, 6, kiosk_enrolment_get_ca_file (enrolment));
  kiosk_store_bind_text (stmt, 7, enrolled_at);
  if (!kiosk_store_run (self, stmt, error))
    return kiosk_store_rollback (self);
  return kiosk_store_commit_and_checkpoint (self, error);
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
  hash = kiosk_store_get_setting (self, KIOSK_STORE_SETTING_PIN_HASH, NULL);
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
  return kiosk_store_set_setting (self, KIOSK_STORE_SETTING_PIN_HASH, hash, error);
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

    hash = kiosk_store_get_setting (self, KIOSK_STORE_SETTING_PIN_HASH, NULL);
  }
  if (hash == NULL || !kiosk_seal_init (NULL))
    return FALSE;
  return crypto_pwhash_str_verify (hash, pin, strlen (pin)) == 0;
}

