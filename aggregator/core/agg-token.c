/* agg-token.c — random secrets, their digests, and the token behind a
 * digest. */
#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "kv-child-code.h"
#include "agg-error.h"
#include "agg-store-tokens.h"
#include "agg-token.h"

#define TOKEN_BYTES 32
/* A token is "kv_" and 43 characters; anything much longer is not one of
 * ours and is not worth hashing. */
#define MAX_TOKEN_LENGTH 128
#define ENROLMENT_CODE_LENGTH 16

void
agg_token_init (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      /* sodium_init() fails only when the system cannot give it
       * randomness; nothing here is safe without that. */
      if (sodium_init () < 0)
        g_error ("libsodium cannot be initialised: no source of randomness");
      g_once_init_leave (&initialised, 1);
    }
}

void
agg_token_random_bytes (guint8 *buffer,
                        gsize   length)
{
  agg_token_init ();
  randombytes_buf (buffer, length);
}

char *
agg_token_generate (void)
{
  guint8 bytes[TOKEN_BYTES];
  char encoded[sodium_base64_ENCODED_LEN (TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  char *token;

  agg_token_random_bytes (bytes, sizeof bytes);
  sodium_bin2base64 (encoded, sizeof encoded, bytes, sizeof bytes,
                     sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  token = g_strconcat ("kv_", encoded, NULL);
  sodium_memzero (bytes, sizeof bytes);
  sodium_memzero (encoded, sizeof encoded);
  return token;
}

static void
random_chars (char  *out,
              gsize  n)
{
  guint8 bytes[32];

  g_assert (n <= sizeof bytes);
  agg_token_random_bytes (bytes, n);
  /* 256 is a multiple of the alphabet's 32 characters: no bias. */
  for (gsize i = 0; i < n; i++)
    out[i] = KV_CHILD_CODE_ALPHABET[bytes[i] % KV_CHILD_CODE_RADIX];
  sodium_memzero (bytes, sizeof bytes);
}

char *
agg_token_generate_id (const char *prefix)
{
  char chars[10];

  g_return_val_if_fail (prefix != NULL, NULL);

  random_chars (chars, sizeof chars);
  return g_strdup_printf ("%s-%.10s", prefix, chars);
}

char *
agg_token_generate_enrolment_code (void)
{
  char c[ENROLMENT_CODE_LENGTH];

  random_chars (c, sizeof c);
  return g_strdup_printf ("%.4s-%.4s-%.4s-%.4s", c, c + 4, c + 8, c + 12);
}

char *
agg_token_normalize_enrolment_code (const char *input)
{
  GString *code;

  if (input == NULL)
    return NULL;

  code = g_string_new (NULL);
  for (const char *p = input; *p != '\0'; p++)
    {
      char c = g_ascii_toupper (*p);

      if (c == ' ' || c == '-')
        continue;
      if (!kv_child_code_is_code_character (c) || code->len == ENROLMENT_CODE_LENGTH)
        {
          g_string_free (code, TRUE);
          return NULL;
        }
      g_string_append_c (code, c);
    }
  if (code->len != ENROLMENT_CODE_LENGTH)
    {
      g_string_free (code, TRUE);
      return NULL;
    }
  return g_string_free (code, FALSE);
}

char *
agg_token_hash (const char *secret)
{
  g_return_val_if_fail (secret != NULL, NULL);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, secret, -1);
}

static gboolean
unauthorized (GError **error)
{
  g_set_error_literal (error, AGG_ERROR, AGG_ERROR_UNAUTHORIZED,
                       _("the token is missing, unknown or revoked"));
  return FALSE;
}

gboolean
agg_token_lookup (AggDb         *db,
                  const char    *token,
                  AggPrincipal  *principal,
                  GError       **error)
{
  g_autoptr(AggTokenRow) row = NULL;
  g_autofree char *hash = NULL;

  g_return_val_if_fail (AGG_IS_DB (db), FALSE);
  g_return_val_if_fail (principal != NULL, FALSE);

  if (token == NULL || *token == '\0' || strlen (token) > MAX_TOKEN_LENGTH)
    return unauthorized (error);

  hash = agg_token_hash (token);
  if (!agg_store_tokens_lookup (db, hash, &row, error))
    return FALSE;
  if (row == NULL)
    return unauthorized (error);

  if (!agg_role_from_string (row->role, &principal->role))
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_DATABASE,
                   _("token %s has an unknown role"), row->id);
      return FALSE;
    }
  principal->token_id = g_strdup (row->id);
  principal->service_id = g_strdup (row->service_id);
  return TRUE;
}
