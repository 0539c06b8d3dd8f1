/* test-cli-forms.c — "keyvoice-aggregator forms check" as a service would
 * run it: OK for the shipped forms, FILE:LINE:COL and exit 1 for broken
 * ones. */
#include "config.h"

#include <glib.h>
#include <string.h>
#include <sys/wait.h>

static void
run_check (const char * const *files,
           char              **out,
           char              **err,
           int                *status)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;
  int wait_status;

  g_strv_builder_add_many (builder, AGGREGATOR_PATH, "forms", "check", NULL);
  g_strv_builder_addv (builder, (const char **) files);
  argv = g_strv_builder_end (builder);

  g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  *status = WEXITSTATUS (wait_status);
}

static void
test_shipped_forms_ok (void)
{
  static const char * const names[] = {
    "experience.xml", "family-qol.xml", "gas-goals.xml", "gas-review.xml",
  };
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_ptr_array_add (files, g_build_filename (KV_SOURCE_FORMS_DIR, names[i], NULL));
  g_ptr_array_add (files, NULL);

  run_check ((const char * const *) files->pdata, &out, &err, &status);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpint (status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *line = g_strdup_printf ("%s: OK\n", (char *) files->pdata[i]);
      g_assert_nonnull (strstr (out, line));
    }
}

static void
test_broken_form_reported (void)
{
  /* The forms tests' own fixtures (tests/forms/data/). */
  g_autofree char *good = g_test_build_filename (G_TEST_DIST, "forms", "data", "good",
                                                 "all-types.xml", NULL);
  g_autofree char *bad = g_test_build_filename (G_TEST_DIST, "forms", "data", "broken",
                                                "duplicate-item-id.xml", NULL);
  const char *files[] = { good, bad, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;
  int status;

  run_check (files, &out, &err, &status);
  g_assert_cmpint (status, ==, 1);
  expected = g_strdup_printf ("%s: OK\n", good);
  g_assert_cmpstr (out, ==, expected);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("%s:10:3: item 'first' is defined twice (first at line 4)\n", bad);
  g_assert_cmpstr (err, ==, expected);
}

static void
test_usage (void)
{
  const char *none[] = { NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  run_check (none, &out, &err, &status);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "name at least one form file"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/aggregator/cli/forms-check/shipped-forms-ok", test_shipped_forms_ok);
  g_test_add_func ("/aggregator/cli/forms-check/broken-form-reported", test_broken_form_reported);
  g_test_add_func ("/aggregator/cli/forms-check/usage", test_usage);

  return g_test_run ();
}
