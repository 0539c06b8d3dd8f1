/* test-kv-test-common.c — the helpers every component's tests share
 * (kv-test-common.c).
 *
 * The slowdown factor is read once per process, so each case runs this
 * program again with the environment it names and reads back the factor
 * the child printed.
 */
#include "config.h"

#include <stdlib.h>

#include "kv-test-common.h"

static const char *self_path;

/* Runs this program with KEYVOICE_TEST_SLOWDOWN set to @value (unset when
 * NULL) and returns the factor it saw. */
static guint
slowdown_with (const char *value)
{
  g_auto(GStrv) envp = g_get_environ ();
  const char *argv[] = { self_path, "--print-slowdown", NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  guint64 factor = 0;
  int status = 0;

  if (value != NULL)
    envp = g_environ_setenv (envp, "KEYVOICE_TEST_SLOWDOWN", value, TRUE);
  else
    envp = g_environ_unsetenv (envp, "KEYVOICE_TEST_SLOWDOWN");

  g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  g_strchomp (out);
  g_assert_true (g_ascii_string_to_unsigned (out, 10, 0, G_MAXUINT, &factor, NULL));
  return (guint) factor;
}

static void
test_slowdown_unset (void)
{
  g_assert_cmpuint (slowdown_with (NULL), ==, 1);
}

static void
test_slowdown_set (void)
{
  g_assert_cmpuint (slowdown_with ("10"), ==, 10);
  g_assert_cmpuint (slowdown_with ("1"), ==, 1);
  g_assert_cmpuint (slowdown_with ("1000"), ==, 1000);
}

/* A factor that is no number, or outside 1 to 1000, is taken as none:
 * a zero would make every wait instant. */
static void
test_slowdown_refused (void)
{
  g_assert_cmpuint (slowdown_with (""), ==, 1);
  g_assert_cmpuint (slowdown_with ("ten"), ==, 1);
  g_assert_cmpuint (slowdown_with ("0"), ==, 1);
  g_assert_cmpuint (slowdown_with ("1001"), ==, 1);
  g_assert_cmpuint (slowdown_with ("-3"), ==, 1);
  g_assert_cmpuint (slowdown_with ("5x"), ==, 1);
}

/* Asked again, the factor stays what it was first read as. */
static void
test_slowdown_read_once (void)
{
  guint first = kv_test_slowdown ();

  g_setenv ("KEYVOICE_TEST_SLOWDOWN", first == 7 ? "8" : "7", TRUE);
  g_assert_cmpuint (kv_test_slowdown (), ==, first);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 2 && g_str_equal (argv[1], "--print-slowdown"))
    {
      g_print ("%u\n", kv_test_slowdown ());
      return EXIT_SUCCESS;
    }

  self_path = argv[0];
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/test-common/slowdown/unset", test_slowdown_unset);
  g_test_add_func ("/test-common/slowdown/set", test_slowdown_set);
  g_test_add_func ("/test-common/slowdown/refused", test_slowdown_refused);
  g_test_add_func ("/test-common/slowdown/read-once", test_slowdown_read_once);

  return g_test_run ();
}
