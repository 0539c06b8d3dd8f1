/* kiosk-seal.c — sealing what a family gave (docs/domain.md §6,
 * docs/kiosk-core.md "Storage").
 *
 * Only crypto_box_seal is used here.  There is intentionally no
 * crypto_box_seal_open anywhere in the kiosk: the secret key lives only on
 * the aggregator, so once sealed, answers cannot be read on the tablet.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "kiosk-error.h"
#include "kiosk-seal.h"

G_STATIC_ASSERT (KIOSK_SEAL_PUBLIC_KEY_BYTES == crypto_box_PUBLICKEYBYTES);

gboolean
kiosk_seal_init (GError **error)
{
  static gsize initialised = 0;
  static gboolean ok = FALSE;

  if (g_once_init_enter (&initialised))
    {
      /* sodium_init() is itself idempotent and thread-safe; the once only
       * keeps the result for later callers. */
      ok = sodium_init () >= 0;
      g_once_init_leave (&initialised, 1);
    }

  if (!ok)
    g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_SEAL,
                 _("The encryption library could not start."));
  return ok;
}

GBytes *
kiosk_seal (GBytes      *public_key,
            const void  *plaintext,
            gsize        length,
            GError     **error)
{
  g_autofree guchar *box = NULL;
  gsize key_length = 0;
  const guchar *key;

  g_return_val_if_fail (plaintext != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!kiosk_seal_init (error))
    return NULL;

  key = public_key != NULL ? g_bytes_get_data (public_key, &key_length) : NULL;
  if (key == NULL || key_length != crypto_box_PUBLICKEYBYTES)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_SEAL,
                   _("The aggregator's public key is missing or has the wrong length."));
      return NULL;
    }
  if (length > G_MAXSIZE - crypto_box_SEALBYTES)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_SEAL,
                   _("The answers are too large to seal."));
      return NULL;
    }

  box = g_malloc (length + crypto_box_SEALBYTES);
  if (crypto_box_seal (box, plaintext, length, key) != 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_SEAL,
                   _("The answers could not be sealed."));
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&box), length + crypto_box_SEALBYTES);
}

GBytes *
kiosk_seal_decode_public_key (const char  *base64,
                              GError     **error)
{
  g_autofree guchar *key = NULL;
  gsize length = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* g_base64_decode() does not report malformed input, so the length check
   * below is what rejects garbage; a key of the right length that is not a
   * real point on the curve is still refused by crypto_box_seal(). */
  if (base64 != NULL && *base64 != '\0')
    key = g_base64_decode (base64, &length);
  if (key == NULL || length != crypto_box_PUBLICKEYBYTES)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_SEAL,
                   _("The aggregator's public key is missing or has the wrong length."));
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&key), length);
}
