/* agg-keys.c — making, storing and using the sealed-box key pair. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agg-error.h"
#include "agg-keys.h"
#include "agg-token.h"

struct _AggKeys
{
  GObject  parent_instance;

  guint8   public_key[crypto_box_PUBLICKEYBYTES];
  guint8  *secret_key;     /* sodium_malloc'd: guarded and locked pages */
  char    *public_key_base64;
};

G_DEFINE_TYPE (AggKeys, agg_keys, G_TYPE_OBJECT)

static void
agg_keys_finalize (GObject *object)
{
  AggKeys *self = AGG_KEYS (object);

  /* sodium_free() wipes the memory before giving it back. */
  g_clear_pointer (&self->secret_key, sodium_free);
  g_clear_pointer (&self->public_key_base64, g_free);

  G_OBJECT_CLASS (agg_keys_parent_class)->finalize (object);
}

static void
agg_keys_class_init (AggKeysClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = agg_keys_finalize;
}

static void
agg_keys_init (AggKeys *self)
{
  agg_token_init ();
  self->secret_key = sodium_malloc (crypto_box_SECRETKEYBYTES);
  g_assert (self->secret_key != NULL);
}

char *
agg_keys_default_path (const char *db_path,
                       const char *key_dir)
{
  g_autofree char *base = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (db_path != NULL, NULL);

  base = g_path_get_basename (db_path);
  dir = key_dir != NULL ? g_strdup (key_dir) : g_path_get_dirname (db_path);
  name = g_strconcat (base, ".key", NULL);
  return g_build_filename (dir, name, NULL);
}

static gboolean
set_file_error (GError     **error,
                const char  *path,
                const char  *what,
                int          saved_errno)
{
  g_set_error (error, AGG_ERROR, AGG_ERROR_KEY, "%s: %s: %s", path, what, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
read_key (AggKeys     *self,
          const char  *path,
          int          fd,
          GError     **error)
{
  struct stat info;
  gssize n;

  if (fstat (fd, &info) != 0)
    return set_file_error (error, path, _("cannot inspect the key file"), errno);
  if ((info.st_mode & 077) != 0)
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_KEY,
                   _("%s: the secret key file may be read by others; make it private "
                     "(chmod 600) and consider making a new key"),
                   path);
      return FALSE;
    }
  if (info.st_size != crypto_box_SECRETKEYBYTES)
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_KEY,
                   _("%s: a secret key file holds exactly %d bytes"), path,
                   crypto_box_SECRETKEYBYTES);
      return FALSE;
    }
  do
    n = read (fd, self->secret_key, crypto_box_SECRETKEYBYTES);
  while (n < 0 && errno == EINTR);
  if (n != crypto_box_SECRETKEYBYTES)
    return set_file_error (error, path, _("cannot read the key file"), n < 0 ? errno : EIO);

  /* The public key follows from the secret one. */
  crypto_scalarmult_base (self->public_key, self->secret_key);
  return TRUE;
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         length)
{
  while (length > 0)
    {
      gssize n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      length -= n;
    }
  return TRUE;
}

/* Writes a new key to a private temporary file, syncs it, and links it
 * into place.  link() fails if another process got there first, in which
 * case its key is the one to use. */
static gboolean
create_key (AggKeys     *self,
            const char  *path,
            gboolean    *lost_race,
            GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *temp = g_strconcat (path, ".XXXXXX", NULL);
  int fd;
  int dir_fd;

  *lost_race = FALSE;
  crypto_box_keypair (self->public_key, self->secret_key);

  fd = g_mkstemp_full (temp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    return set_file_error (error, path, _("cannot create the key file"), errno);
  if (!write_all (fd, self->secret_key, crypto_box_SECRETKEYBYTES) || fsync (fd) != 0)
    {
      int saved_errno = errno;

      close (fd);
      g_unlink (temp);
      return set_file_error (error, path, _("cannot write the key file"), saved_errno);
    }
  close (fd);

  if (link (temp, path) != 0)
    {
      int saved_errno = errno;

      g_unlink (temp);
      if (saved_errno == EEXIST)
        {
          *lost_race = TRUE;
          return FALSE;
        }
      return set_file_error (error, path, _("cannot create the key file"), saved_errno);
    }
  g_unlink (temp);

  /* The new name must survive a crash too. */
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0)
    {
      fsync (dir_fd);
      close (dir_fd);
    }
  return TRUE;
}

AggKeys *
agg_keys_load_or_create (const char  *path,
                         GError     **error)
{
  g_autoptr(AggKeys) self = NULL;
  guint8 encoded_check[crypto_box_PUBLICKEYBYTES];
  gsize b64_length;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (AGG_TYPE_KEYS, NULL);

  for (guint attempt = 0; attempt < 2; attempt++)
    {
      int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

      if (fd >= 0)
        {
          gboolean ok = read_key (self, path, fd, error);

          close (fd);
          if (!ok)
            return NULL;
          break;
        }
      if (errno != ENOENT)
        {
          set_file_error (error, path, _("cannot open the key file"), errno);
          return NULL;
        }

      {
        gboolean lost_race;

        if (create_key (self, path, &lost_race, error))
          break;
        if (!lost_race)
          return NULL;
      }
    }

  b64_length = sodium_base64_ENCODED_LEN (crypto_box_PUBLICKEYBYTES, sodium_base64_VARIANT_ORIGINAL);
  self->public_key_base64 = g_malloc (b64_length);
  sodium_bin2base64 (self->public_key_base64, b64_length, self->public_key,
                     sizeof self->public_key, sodium_base64_VARIANT_ORIGINAL);

  /* A key that does not match itself would seal answers no one can open:
   * check the pair once now rather than lose every response later. */
  {
    const guint8 probe[] = "keyvoice";
    guint8 sealed[crypto_box_SEALBYTES + sizeof probe];

    crypto_box_seal (sealed, probe, sizeof probe, self->public_key);
    if (crypto_box_seal_open (encoded_check, sealed, sizeof sealed,
                              self->public_key, self->secret_key) != 0 ||
        memcmp (encoded_check, probe, sizeof probe) != 0)
      {
        g_set_error (error, AGG_ERROR, AGG_ERROR_KEY, _("%s: the key pair does not work"), path);
        return NULL;
      }
  }

  return g_steal_pointer (&self);
}

const char *
agg_keys_get_public_key_base64 (AggKeys *self)
{
  g_return_val_if_fail (AGG_IS_KEYS (self), NULL);
  return self->public_key_base64;
}

GBytes *
agg_keys_open_sealed (AggKeys     *self,
                      const char  *sealed_base64,
                      GError     **error)
{
  g_autofree guint8 *sealed = NULL;
  g_autofree guint8 *plain = NULL;
  gsize base64_length;
  gsize sealed_length;

  g_return_val_if_fail (AGG_IS_KEYS (self), NULL);
  g_return_val_if_fail (sealed_base64 != NULL, NULL);

  base64_length = strlen (sealed_base64);
  sealed = g_malloc (base64_length / 4 * 3 + 3);
  if (sodium_base642bin (sealed, base64_length / 4 * 3 + 3, sealed_base64, base64_length,
                         NULL, &sealed_length, NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
    {
      g_set_error_literal (error, AGG_ERROR, AGG_ERROR_INVALID,
                           _("“sealed” is not base64 (standard alphabet, with padding)"));
      return NULL;
    }
  if (sealed_length <= crypto_box_SEALBYTES)
    {
      g_set_error_literal (error, AGG_ERROR, AGG_ERROR_INVALID,
                           _("“sealed” is too short to be a sealed box"));
      return NULL;
    }

  plain = g_malloc (sealed_length - crypto_box_SEALBYTES + 1);
  if (crypto_box_seal_open (plain, sealed, sealed_length, self->public_key, self->secret_key) != 0)
    {
      g_set_error_literal (error, AGG_ERROR, AGG_ERROR_INVALID,
                           _("“sealed” cannot be opened: it was not sealed to this "
                             "aggregator’s public key, or it was altered"));
      return NULL;
    }
  plain[sealed_length - crypto_box_SEALBYTES] = '\0';
  return g_bytes_new_take (g_steal_pointer (&plain), sealed_length - crypto_box_SEALBYTES);
}
