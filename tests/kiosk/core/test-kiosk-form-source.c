/* test-kiosk-form-source.c — forms come from the tablet's cache first and
 * the shipped copies second; KEYVOICE_FORMS_DIR picks the shipped folder. */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "kiosk-form-source.h"
#include "kiosk-test-util.h"

static char *tmp_dir;

/* A folder of its own under the test's temporary directory. */
static char *
dir_for (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static KioskStore *
open_store (const char *name)
{
  g_autofree char *dir = dir_for (name);
  g_autoptr(GError) error = NULL;
  KioskStore *store = kiosk_store_open (dir, &error);

  g_assert_no_error (error);
  return store;
}

/* Without a cached copy, the shipped file is read. */
static void
test_shipped (void)
{
  g_autoptr(KioskStore) store = open_store ("shipped");
  g_autoptr(KioskFormSource) forms = kiosk_form_source_new (store, KV_SOURCE_FORMS_DIR);
  g_autoptr(GError) error = NULL;
  g_autoptr(KvForm) form = kiosk_form_source_load (forms, "family-qol", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (kv_form_get_id (form), ==, "family-qol");
  g_assert_cmpstr (kiosk_form_source_get_shipped_dir (forms), ==, KV_SOURCE_FORMS_DIR);
}

/* A form neither cached nor shipped fails with the file's error. */
static void
test_missing (void)
{
  g_autoptr(KioskStore) store = open_store ("missing");
  g_autofree char *empty = dir_for ("missing-forms");
  g_autoptr(KioskFormSource) forms = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KvForm) form = NULL;

  g_assert_cmpint (g_mkdir_with_parents (empty, 0700), ==, 0);
  forms = kiosk_form_source_new (store, empty);
  form = kiosk_form_source_load (forms, "family-qol", &error);
  g_assert_null (form);
  g_assert_nonnull (error);
}

/* What the aggregator served, once cached, wins over the shipped copy. */
static void
test_cache_first (void)
{
  g_autoptr(KioskStore) store = open_store ("cached");
  g_autofree char *dir = dir_for ("cached-forms");
  g_autofree char *path = g_build_filename (dir, "kiosk-test-qol.xml", NULL);
  g_autofree char *xml = kt_read_data ("qol.xml");
  g_autoptr(GString) shipped = g_string_new (xml);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(KioskFormSource) forms = NULL;
  g_autoptr(KvForm) before = NULL;
  g_autoptr(KvForm) after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpuint (g_string_replace (shipped, "<title>Test quality of life</title>",
                                      "<title>Shipped copy</title>", 1), ==, 1);
  g_file_set_contents (path, shipped->str, -1, &error);
  g_assert_no_error (error);
  forms = kiosk_form_source_new (store, dir);

  before = kiosk_form_source_load (forms, "kiosk-test-qol", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kv_form_get_title (before, FALSE), ==, "Shipped copy");

  bytes = g_bytes_new (xml, strlen (xml));
  kiosk_store_cache_form (store, bytes, &error);
  g_assert_no_error (error);
  after = kiosk_form_source_load (forms, "kiosk-test-qol", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kv_form_get_title (after, FALSE), ==, "Test quality of life");
}

/* The program's own source reads KEYVOICE_FORMS_DIR. */
static void
test_environment (void)
{
  g_autoptr(KioskStore) store = open_store ("environment");
  g_autofree char *dir = dir_for ("environment-forms");
  g_autoptr(KioskFormSource) forms = NULL;

  g_setenv ("KEYVOICE_FORMS_DIR", dir, TRUE);
  forms = kiosk_form_source_new_shipped (store);
  g_assert_cmpstr (kiosk_form_source_get_shipped_dir (forms), ==, dir);
  g_clear_object (&forms);

  g_unsetenv ("KEYVOICE_FORMS_DIR");
  forms = kiosk_form_source_new_shipped (store);
  g_assert_true (g_str_equal (kiosk_form_source_get_shipped_dir (forms), KV_FORMS_DIR)
                 || g_str_equal (kiosk_form_source_get_shipped_dir (forms), KV_SOURCE_FORMS_DIR));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = kt_tmp_dir ();

  g_test_add_func ("/kiosk/form-source/shipped", test_shipped);
  g_test_add_func ("/kiosk/form-source/missing", test_missing);
  g_test_add_func ("/kiosk/form-source/cache-first", test_cache_first);
  g_test_add_func ("/kiosk/form-source/environment", test_environment);

  status = g_test_run ();
  kt_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
