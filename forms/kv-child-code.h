/* kv-child-code.h — the short codes on a family's card, e.g. K7Q3-MX28.
 *
 * A code is seven random characters and a check character, written as two
 * groups of four.  The alphabet has no 0, O, 1 or I, so nothing on the card
 * can be read two ways, and the check character (Luhn mod 32) catches every
 * single mistyped character and most swaps of neighbours before a lookup is
 * ever made.
 *
 * It lives in libkvforms because both sides need the same rule: the
 * aggregator makes codes, and the kiosk's keypad checks one before it ever
 * goes on the network.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KV_CHILD_CODE_ALPHABET     "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
#define KV_CHILD_CODE_RADIX        32
/* Characters in a code, check character included, separator excluded. */
#define KV_CHILD_CODE_LENGTH       8
#define KV_CHILD_CODE_RANDOM_BYTES (KV_CHILD_CODE_LENGTH - 1)

/* Makes a code from KV_CHILD_CODE_RANDOM_BYTES bytes the caller drew from
 * a cryptographic source (the aggregator uses libsodium).  Returns the
 * display form, "XXXX-XXXX". */
char     *kv_child_code_new_from_bytes   (const guint8 *random,
                                           gsize         n_random);

/* Reads what a person typed: case, spaces and hyphens do not matter.
 * Returns the display form when the code is well-formed and its check
 * character is right, NULL otherwise. */
char     *kv_child_code_normalize        (const char   *input);
gboolean  kv_child_code_is_valid         (const char   *input);

/* The check character for @payload (@length characters of the alphabet,
 * no separator), or '\0' when a character is not in the alphabet. */
char      kv_child_code_check_character  (const char   *payload,
                                           gsize         length);

/* Whether @c may appear in a code (upper case only); for keypads. */
gboolean  kv_child_code_is_code_character (char         c);

G_END_DECLS
