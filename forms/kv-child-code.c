/* kv-child-code.c — making and checking the codes on a family's card.
 *
 * GLib only: the kiosk reuses this file for its keypad. */
#include "kv-child-code.h"

#include <string.h>

static int
char_value (char c)
{
  const char *p;

  if (c == '\0')
    return -1;
  p = strchr (KV_CHILD_CODE_ALPHABET, c);
  return p != NULL ? (int) (p - KV_CHILD_CODE_ALPHABET) : -1;
}

gboolean
kv_child_code_is_code_character (char c)
{
  return char_value (c) >= 0;
}

/* Luhn mod N (N = 32), the generalisation of the Luhn algorithm to an
 * alphabet of N characters: from the right, every other value is doubled
 * and its base-N digits summed; the check value brings the sum to a
 * multiple of N.  Walking from the right, the character next to the check
 * character is the first to be doubled. */
static guint
luhn_sum (const char *chars,
          gsize       length,
          gboolean    double_first)
{
  gboolean double_it = double_first;
  guint sum = 0;

  for (gsize i = length; i > 0; i--)
    {
      guint addend = char_value (chars[i - 1]);

      if (double_it)
        addend *= 2;
      sum += addend / KV_CHILD_CODE_RADIX + addend % KV_CHILD_CODE_RADIX;
      double_it = !double_it;
    }
  return sum;
}

char
kv_child_code_check_character (const char *payload,
                                gsize       length)
{
  guint sum;

  g_return_val_if_fail (payload != NULL, '\0');

  for (gsize i = 0; i < length; i++)
    if (char_value (payload[i]) < 0)
      return '\0';

  sum = luhn_sum (payload, length, TRUE);
  return KV_CHILD_CODE_ALPHABET[(KV_CHILD_CODE_RADIX - sum % KV_CHILD_CODE_RADIX) %
                                 KV_CHILD_CODE_RADIX];
}

static char *
display_form (const char *bare)
{
  return g_strdup_printf ("%.4s-%.4s", bare, bare + 4);
}

char *
kv_child_code_new_from_bytes (const guint8 *random,
                               gsize         n_random)
{
  char bare[KV_CHILD_CODE_LENGTH + 1];

  g_return_val_if_fail (random != NULL, NULL);
  g_return_val_if_fail (n_random == KV_CHILD_CODE_RANDOM_BYTES, NULL);

  /* 256 is a multiple of 32, so taking each byte mod 32 keeps every
   * character equally likely. */
  for (gsize i = 0; i < KV_CHILD_CODE_RANDOM_BYTES; i++)
    bare[i] = KV_CHILD_CODE_ALPHABET[random[i] % KV_CHILD_CODE_RADIX];
  bare[KV_CHILD_CODE_RANDOM_BYTES] =
    kv_child_code_check_character (bare, KV_CHILD_CODE_RANDOM_BYTES);
  bare[KV_CHILD_CODE_LENGTH] = '\0';

  return display_form (bare);
}

char *
kv_child_code_normalize (const char *input)
{
  char bare[KV_CHILD_CODE_LENGTH + 1];
  gsize n = 0;

  if (input == NULL)
    return NULL;

  for (const char *p = input; *p != '\0'; p++)
    {
      char c = g_ascii_toupper (*p);

      if (c == ' ' || c == '-')
        continue;
      if (n == KV_CHILD_CODE_LENGTH || char_value (c) < 0)
        return NULL;
      bare[n++] = c;
    }
  if (n != KV_CHILD_CODE_LENGTH)
    return NULL;
  bare[n] = '\0';

  if (luhn_sum (bare, KV_CHILD_CODE_LENGTH, FALSE) % KV_CHILD_CODE_RADIX != 0)
    return NULL;

  return display_form (bare);
}

gboolean
kv_child_code_is_valid (const char *input)
{
  g_autofree char *code = kv_child_code_normalize (input);

  return code != NULL;
}
