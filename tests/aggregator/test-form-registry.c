/* test-form-registry.c — the forms the aggregator knows
 * (core/agg-form-registry.c): a folder of form files loaded once, every
 * version side by side, found by id and version, each with the digest of
 * its file; and a folder that cannot be loaded refused with the file at
 * fault named. */
#include "config.h"

#include <string.h>

#include "agg-error.h"
#include "agg-form-registry.h"
#include "agg-test-util.h"

/* Writes a small valid form file @name into @dir; @title tells apart two
 * files of the same id and version. */
static char *
write_form (const char *dir,
            const char *name,
            const char *id,
            guint       version,
            const char *title)
{
  g_autofree char *text = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                           "<form id=\"%s\" version=\"%u\" audience=\"anyone\""
                                           " kind=\"other\">\n"
                                           "  <title>%s</title>\n"
                                           "  <item id=\"first\" type=\"text\">\n"
                                           "    <prompt>Anything to add?</prompt>\n"
                                           "  </item>\n"
                                           "</form>\n", id, version, title);
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static void
write_file (const char *dir,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

static AggFormRegistry *
load (const char *dir)
{
  g_autoptr(GError) error = NULL;
  AggFormRegistry *registry = agg_form_registry_new_from_dir (dir, &error);

  g_assert_no_error (error);
  g_assert_nonnull (registry);
  return registry;
}

/* Asserts that loading @dir fails with exactly @message. */
static void
assert_refused (const char *dir,
                const char *message)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (agg_form_registry_new_from_dir (dir, &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_FORMS);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_shipped_forms (void)
{
  static const char * const ids[] = { "experience", "family-qol", "gas-goals", "gas-review" };
  g_autoptr(AggFormRegistry) registry = load (KV_SOURCE_FORMS_DIR);
  GPtrArray *forms = agg_form_registry_get_forms (registry);

  /* Sorted by id, whatever order the directory lists them in. */
  g_assert_cmpuint (forms->len, ==, G_N_ELEMENTS (ids));
  for (guint i = 0; i < forms->len; i++)
    {
      KvForm *form = g_ptr_array_index (forms, i);
      g_autofree char *file = g_strconcat (ids[i], ".xml", NULL);
      g_autofree char *path = g_build_filename (KV_SOURCE_FORMS_DIR, file, NULL);
      g_autofree char *contents = NULL;
      g_autofree char *digest = NULL;
      gsize length;

      g_assert_cmpstr (kv_form_get_id (form), ==, ids[i]);
      g_assert_true (agg_form_registry_lookup (registry, ids[i], 1) == form);
      g_assert_true (agg_form_registry_lookup_latest (registry, ids[i]) == form);

      /* The digest is of the file's bytes, as a tablet can check them. */
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
      g_assert_cmpstr (agg_form_registry_get_sha256 (registry, form), ==, digest);
    }
}

static void
test_lookup_unknown (void)
{
  g_autoptr(AggFormRegistry) registry = load (KV_SOURCE_FORMS_DIR);
  g_autofree char *path = g_build_filename (KV_SOURCE_FORMS_DIR, "family-qol.xml", NULL);
  g_autoptr(KvForm) outside = kv_form_new_from_file (path, NULL);

  g_assert_null (agg_form_registry_lookup (registry, "family-qol", 2));
  g_assert_null (agg_form_registry_lookup (registry, "family-qol", 0));
  g_assert_null (agg_form_registry_lookup (registry, "Family-QoL", 1));
  g_assert_null (agg_form_registry_lookup (registry, "", 1));
  g_assert_null (agg_form_registry_lookup (registry, NULL, 1));
  g_assert_null (agg_form_registry_lookup_latest (registry, "no-such-form"));
  g_assert_null (agg_form_registry_lookup_latest (registry, NULL));
  /* The same file loaded again is another form, not one of the registry's. */
  g_assert_nonnull (outside);
  g_assert_null (agg_form_registry_get_sha256 (registry, outside));
}

/* Old versions stay loaded beside new ones, so that a tablet that has not
 * updated yet is still understood. */
static void
test_versions_side_by_side (void)
{
  g_autofree char *dir = agg_test_make_dir ();
  g_autoptr(AggFormRegistry) registry = NULL;
  GPtrArray *forms;
  KvForm *old, *new;
  const char *digest;

  /* The file names sort against the versions and the ids. */
  g_free (write_form (dir, "a.xml", "test-zeta", 10, "Zeta ten"));
  g_free (write_form (dir, "b.xml", "test-zeta", 2, "Zeta two"));
  g_free (write_form (dir, "c.xml", "test-alpha", 1, "Alpha"));
  registry = load (dir);

  forms = agg_form_registry_get_forms (registry);
  g_assert_cmpuint (forms->len, ==, 3);
  g_assert_cmpstr (kv_form_get_id (g_ptr_array_index (forms, 0)), ==, "test-alpha");
  g_assert_cmpuint (kv_form_get_version (g_ptr_array_index (forms, 1)), ==, 2);
  g_assert_cmpuint (kv_form_get_version (g_ptr_array_index (forms, 2)), ==, 10);

  old = agg_form_registry_lookup (registry, "test-zeta", 2);
  new = agg_form_registry_lookup (registry, "test-zeta", 10);
  g_assert_nonnull (old);
  g_assert_nonnull (new);
  g_assert_cmpstr (kv_form_get_title (old, FALSE), ==, "Zeta two");
  g_assert_cmpstr (kv_form_get_title (new, FALSE), ==, "Zeta ten");
  g_assert_null (agg_form_registry_lookup (registry, "test-zeta", 1));
  /* The highest version, not the last file read. */
  g_assert_true (agg_form_registry_lookup_latest (registry, "test-zeta") == new);
  g_assert_true (agg_form_registry_lookup_latest (registry, "test-alpha") ==
                 g_ptr_array_index (forms, 0));

  digest = agg_form_registry_get_sha256 (registry, old);
  g_assert_cmpuint (strlen (digest), ==, 64);
  g_assert_true (strspn (digest, "0123456789abcdef") == 64);
  g_assert_cmpstr (digest, !=, agg_form_registry_get_sha256 (registry, new));
}

/* Only *.xml files are forms: notes and editors' backups beside them are
 * not read. */
static void
test_other_files_ignored (void)
{
  g_autofree char *dir = agg_test_make_dir ();
  g_autoptr(AggFormRegistry) registry = NULL;

  g_free (write_form (dir, "test-form.xml", "test-form", 1, "Test form"));
  write_file (dir, "README", "Not a form.");
  write_file (dir, "test-form.xml~", "<form broken");
  write_file (dir, "test-form.xml.orig", "<form broken");
  write_file (dir, "notes.XML.txt", "<form broken");
  registry = load (dir);

  g_assert_cmpuint (agg_form_registry_get_forms (registry)->len, ==, 1);
  g_assert_nonnull (agg_form_registry_lookup (registry, "test-form", 1));
}

/* A broken form file stops the load, with libkvforms' message naming the
 * file, the line and what is wrong (tests/forms/data/broken/). */
static void
test_broken_file (void)
{
  static const char * const broken[] = { "malformed-xml", "no-title", "wrong-root",
                                         "duplicate-item-id" };

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autofree char *dir = agg_test_make_dir ();
      g_autofree char *name = g_strconcat (broken[i], ".xml", NULL);
      g_autofree char *err_name = g_strconcat (broken[i], ".err", NULL);
      g_autofree char *contents = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GError) error = NULL;

      g_assert_true (g_file_get_contents (g_test_get_filename (G_TEST_DIST, "forms", "data",
                                                               "broken", name, NULL),
                                          &contents, NULL, NULL));
      g_assert_true (g_file_set_contents (path, contents, -1, NULL));
      g_clear_pointer (&contents, g_free);
      g_assert_true (g_file_get_contents (g_test_get_filename (G_TEST_DIST, "forms", "data",
                                                               "broken", err_name, NULL),
                                          &expected, NULL, NULL));
      g_strchomp (expected);
      /* A good form beside it does not save the load. */
      g_free (write_form (dir, "test-good.xml", "test-good", 1, "Good"));

      g_assert_null (agg_form_registry_new_from_dir (dir, &error));
      g_assert_error (error, AGG_ERROR, AGG_ERROR_FORMS);
      g_assert_true (g_str_has_prefix (error->message, path));
      g_assert_nonnull (strstr (error->message, expected));
    }
}

/* Two files of the same id and version: which is meant cannot be told, so
 * the load stops, naming both, the first in name order second. */
static void
test_duplicate_version (void)
{
  g_autofree char *dir = agg_test_make_dir ();
  g_autofree char *first = write_form (dir, "test-form-copy.xml", "test-form", 3, "One");
  g_autofree char *second = write_form (dir, "test-form.xml", "test-form", 3, "Another");
  g_autofree char *message = g_strdup_printf ("%s: form “test-form” version 3 is also defined"
                                              " in %s", second, first);

  g_free (write_form (dir, "test-form-v4.xml", "test-form", 4, "Four"));
  assert_refused (dir, message);
}

static void
test_no_forms (void)
{
  g_autofree char *dir = agg_test_make_dir ();
  g_autofree char *message = g_strdup_printf ("%s holds no form files (*.xml)", dir);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", NULL);
  g_autoptr(GError) error = NULL;

  assert_refused (dir, message);
  write_file (dir, "README", "Not a form.");
  assert_refused (dir, message);

  g_assert_null (agg_form_registry_new_from_dir (missing, &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_FORMS);
  g_assert_true (g_str_has_prefix (error->message, "cannot read the forms directory: "));
}

/* The installed forms when they are installed, else the source tree's,
 * so that a build runs before it is installed. */
static void
test_default_dir (void)
{
  const char *dir = agg_form_registry_default_dir ();
  g_autoptr(AggFormRegistry) registry = load (dir);

  if (g_file_test (KV_FORMS_DIR, G_FILE_TEST_IS_DIR))
    g_assert_cmpstr (dir, ==, KV_FORMS_DIR);
  else
    g_assert_cmpstr (dir, ==, KV_SOURCE_FORMS_DIR);
  g_assert_nonnull (agg_form_registry_lookup_latest (registry, "family-qol"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/aggregator/form-registry/shipped-forms", test_shipped_forms);
  g_test_add_func ("/aggregator/form-registry/lookup-unknown", test_lookup_unknown);
  g_test_add_func ("/aggregator/form-registry/versions-side-by-side", test_versions_side_by_side);
  g_test_add_func ("/aggregator/form-registry/other-files-ignored", test_other_files_ignored);
  g_test_add_func ("/aggregator/form-registry/broken-file", test_broken_file);
  g_test_add_func ("/aggregator/form-registry/duplicate-version", test_duplicate_version);
  g_test_add_func ("/aggregator/form-registry/no-forms", test_no_forms);
  g_test_add_func ("/aggregator/form-registry/default-dir", test_default_dir);

  return g_test_run ();
}
