/* test-child-code.c — the codes on a family's card: what a keyworker
 * reads out and a family types must either be the right child or be
 * refused, never another child. */
#include "config.h"

#include <string.h>

#include "kv-child-code.h"

static void
test_known_check_character (void)
{
  /* Worked out by hand with Luhn mod 32 over the alphabet
   * 23456789ABCDEFGHJKLMNPQRSTUVWXYZ; the kiosk's keypad must agree. */
  g_assert_cmpint (kv_child_code_check_character ("K7Q3MX2", 7), ==, '8');
  g_assert_cmpint (kv_child_code_check_character ("2222222", 7), ==, '2');
  g_assert_cmpint (kv_child_code_check_character ("ZZZZZZZ", 7), ==, '9');
  g_assert_true (kv_child_code_is_valid ("K7Q3-MX28"));
  g_assert_false (kv_child_code_is_valid ("K7Q3-MX29"));
  /* Characters outside the alphabet have no check character. */
  g_assert_cmpint (kv_child_code_check_character ("K7Q3MX0", 7), ==, '\0');
}

static void
test_generated_codes_are_valid (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint n = 0; n < 1000; n++)
    {
      guint8 bytes[KV_CHILD_CODE_RANDOM_BYTES];
      g_autofree char *code = NULL;
      g_autofree char *again = NULL;

      for (guint i = 0; i < sizeof bytes; i++)
        bytes[i] = g_rand_int_range (rand, 0, 256);
      code = kv_child_code_new_from_bytes (bytes, sizeof bytes);
      g_assert_cmpuint (strlen (code), ==, 9);
      g_assert_cmpint (code[4], ==, '-');
      for (guint i = 0; i < 9; i++)
        if (i != 4)
          g_assert_true (kv_child_code_is_code_character (code[i]));
      again = kv_child_code_normalize (code);
      g_assert_cmpstr (again, ==, code);
    }
}

static void
test_typing_is_forgiving (void)
{
  g_autofree char *lower = kv_child_code_normalize ("k7q3mx28");
  g_autofree char *spaced = kv_child_code_normalize (" K7Q3 MX28 ");
  g_autofree char *hyphens = kv_child_code_normalize ("K7-Q3-MX-28");

  g_assert_cmpstr (lower, ==, "K7Q3-MX28");
  g_assert_cmpstr (spaced, ==, "K7Q3-MX28");
  g_assert_cmpstr (hyphens, ==, "K7Q3-MX28");
}

static void
test_ambiguous_and_malformed_refused (void)
{
  /* 0, O, 1 and I are not in the alphabet: a card never shows them, so
   * typing one is always a mistake. */
  static const char * const bad[] = {
    "", "K7Q3", "K7Q3-MX2", "K7Q3-MX288", "K7Q3-MX2O", "K7Q3-MX20",
    "K7Q3-MX21", "K7Q3-MX2I", "K7Q3_MX28", "K7Q3-MX2€", NULL
  };

  for (guint i = 0; bad[i] != NULL; i++)
    g_assert_false (kv_child_code_is_valid (bad[i]));
  g_assert_false (kv_child_code_is_valid (NULL));
}

static void
test_every_single_mistake_caught (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);

  for (guint n = 0; n < 200; n++)
    {
      guint8 bytes[KV_CHILD_CODE_RANDOM_BYTES];
      g_autofree char *code = NULL;

      for (guint i = 0; i < sizeof bytes; i++)
        bytes[i] = g_rand_int_range (rand, 0, 256);
      code = kv_child_code_new_from_bytes (bytes, sizeof bytes);

      for (guint position = 0; position < 9; position++)
        for (guint c = 0; position != 4 && c < KV_CHILD_CODE_RADIX; c++)
          {
            g_autofree char *typo = g_strdup (code);

            if (KV_CHILD_CODE_ALPHABET[c] == code[position])
              continue;
            typo[position] = KV_CHILD_CODE_ALPHABET[c];
            g_assert_false (kv_child_code_is_valid (typo));
          }
    }
}

static void
test_most_swaps_caught (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (13);
  guint swaps = 0, caught = 0;

  for (guint n = 0; n < 2000; n++)
    {
      guint8 bytes[KV_CHILD_CODE_RANDOM_BYTES];
      char bare[9];
      g_autofree char *code = NULL;

      for (guint i = 0; i < sizeof bytes; i++)
        bytes[i] = g_rand_int_range (rand, 0, 256);
      code = kv_child_code_new_from_bytes (bytes, sizeof bytes);
      memcpy (bare, code, 4);
      memcpy (bare + 4, code + 5, 4);
      bare[8] = '\0';

      for (guint i = 0; i + 1 < 8; i++)
        {
          char swapped[9];

          if (bare[i] == bare[i + 1])
            continue;
          memcpy (swapped, bare, sizeof swapped);
          swapped[i] = bare[i + 1];
          swapped[i + 1] = bare[i];
          swaps++;
          caught += !kv_child_code_is_valid (swapped);
        }
    }
  /* Luhn mod N misses a swap only for a few pairs of characters. */
  g_assert_cmpfloat ((double) caught / swaps, >, 0.99);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/forms/child-code/known-check-character", test_known_check_character);
  g_test_add_func ("/forms/child-code/generated-codes-are-valid", test_generated_codes_are_valid);
  g_test_add_func ("/forms/child-code/typing-is-forgiving", test_typing_is_forgiving);
  g_test_add_func ("/forms/child-code/ambiguous-and-malformed-refused", test_ambiguous_and_malformed_refused);
  g_test_add_func ("/forms/child-code/every-single-mistake-caught", test_every_single_mistake_caught);
  g_test_add_func ("/forms/child-code/most-swaps-caught", test_most_swaps_caught);

  return g_test_run ();
}
