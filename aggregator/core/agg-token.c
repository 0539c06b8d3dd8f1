/* agg-token.c — random secrets and their digests. */
#include "config.h"

#include <sodium.h>
#include <string.h>

#include "kv-child-code.h"
#include "agg-token.h"

#define TOKEN_BYTES 32
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
