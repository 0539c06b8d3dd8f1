/* test-echo.c — what an error message may repeat of its input
 * (forms/kv-echo.c).
 *
 * Validation messages reach replies and logs, so only what is shaped like
 * an id may be quoted back; anything else, a name or a sentence a broken
 * client put where an id belongs, is replaced by a fixed description.
 */
#include "config.h"

#include <string.h>

#include "kv-echo.h"

static void
test_ids_are_safe (void)
{
  static const char * const safe[] = {
    "a", "mood", "goal-1", "q2.level_3", "ratings+extra", "0", "-", "a.b.c",
  };

  for (guint i = 0; i < G_N_ELEMENTS (safe); i++)
    {
      g_test_message ("%s", safe[i]);
      g_assert_true (kv_echo_is_safe (safe[i]));
    }
}

static void
test_other_text_is_not (void)
{
  static const char * const unsafe[] = {
    "", "Mood", "two words", "a/b", "it's", "line\nbreak", "tab\t", "x;y",
    "caf\xc3\xa9", "\"quoted\"", "<b>", "%s",
  };

  for (guint i = 0; i < G_N_ELEMENTS (unsafe); i++)
    g_assert_false (kv_echo_is_safe (unsafe[i]));
}

/* The limit is KV_ECHO_MAX_CHARS exactly: a long run of id characters
 * could still be text someone typed, so it is not repeated either. */
static void
test_length_limit (void)
{
  g_autofree char *at_limit = g_strnfill (KV_ECHO_MAX_CHARS, 'a');
  g_autofree char *over = g_strnfill (KV_ECHO_MAX_CHARS + 1, 'a');

  g_assert_true (kv_echo_is_safe (at_limit));
  g_assert_false (kv_echo_is_safe (over));
}

static void
test_quote (void)
{
  g_autofree char *quoted = kv_echo_quote ("goal-2", "a goal");
  g_autofree char *hidden = kv_echo_quote ("Sam's goal", "a goal");
  g_autofree char *empty = kv_echo_quote ("", "a key");
  const char *fallback = "a level";
  g_autofree char *copy = kv_echo_quote ("Not An Id", fallback);

  g_assert_cmpstr (quoted, ==, "'goal-2'");
  g_assert_cmpstr (hidden, ==, "a goal");
  g_assert_cmpstr (empty, ==, "a key");
  /* The fallback is a copy the caller may free, not the caller's string. */
  g_assert_cmpstr (copy, ==, fallback);
  g_assert_true (copy != fallback);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/forms/echo/ids-are-safe", test_ids_are_safe);
  g_test_add_func ("/forms/echo/other-text-is-not", test_other_text_is_not);
  g_test_add_func ("/forms/echo/length-limit", test_length_limit);
  g_test_add_func ("/forms/echo/quote", test_quote);

  return g_test_run ();
}
