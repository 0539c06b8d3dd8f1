/* test-kiosk-application.c — keyvoice-kiosk's command line.
 *
 * --enrol and --sync run headless: they must work with no display at all
 * and exit with the status kiosk-headless.h promises. */
#include "config.h"

#include <glib/gstdio.h>

#include "kiosk-core.h"

static char *tmp_dir;

static int
run_kiosk (const char * const *args,
           char              **out,
           char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = g_build_filename (tmp_dir, "data", NULL);
  int status = 0;

  g_ptr_array_add (argv, (char *) g_getenv ("KEYVOICE_KIOSK"));
  g_ptr_array_add (argv, "--data-dir");
  g_ptr_array_add (argv, data_dir);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  /* No display: a headless verb that tried to open one would fail. */
  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                out, err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_sync_not_enrolled (void)
{
  const char *args[] = { "--sync", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_kiosk (args, &out, &err), ==, KIOSK_EXIT_NOT_ENROLLED);
  g_assert_null (strstr (err, "Gtk"));
  g_assert_cmpstr (err, !=, "");
}

static void
test_enrol_needs_https (void)
{
  const char *args[] = { "--enrol", "http://keyvoice.example.org", "ENROL-CODE", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_kiosk (args, &out, &err), ==, KIOSK_EXIT_USAGE);
  /* The code is a credential: it never appears in what is printed. */
  g_assert_null (strstr (out, "ENROL-CODE"));
  g_assert_null (strstr (err, "ENROL-CODE"));
}

static void
test_usage (void)
{
  const char *enrol_alone[] = { "--enrol", NULL };
  const char *sync_extra[] = { "--sync", "extra", NULL };
  const char *both[] = { "--sync", "--enrol", "https://a.example", "X", NULL };
  g_autofree char *out1 = NULL, *err1 = NULL, *out2 = NULL, *err2 = NULL, *out3 = NULL, *err3 = NULL;

  g_assert_cmpint (run_kiosk (enrol_alone, &out1, &err1), ==, KIOSK_EXIT_USAGE);
  g_assert_cmpint (run_kiosk (sync_extra, &out2, &err2), ==, KIOSK_EXIT_USAGE);
  g_assert_cmpint (run_kiosk (both, &out3, &err3), ==, KIOSK_EXIT_USAGE);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("KEYVOICE_KIOSK"));
  tmp_dir = g_dir_make_tmp ("kiosk-cli-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/kiosk/application/sync-before-enrolment", test_sync_not_enrolled);
  g_test_add_func ("/kiosk/application/enrol-needs-https", test_enrol_needs_https);
  g_test_add_func ("/kiosk/application/usage-errors", test_usage);

  status = g_test_run ();
  remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
