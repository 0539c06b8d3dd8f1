/* test-potfiles.c — po/POTFILES.in lists every file with translatable text.
 *
 * A file missing from POTFILES.in is never extracted, so its strings are
 * shown in English to every family whatever language they chose.  This test
 * walks the source tree, finds every file that holds translatable text and
 * checks it is listed, that every listed file exists, and that the list is
 * sorted (byte order, as `LC_ALL=C sort` gives) with no repeats.
 *
 * What counts as translatable:
 *  - C sources and headers that call one of the glib gettext macros with a
 *    string literal, or any of the plural-form gettext functions;
 *  - GtkBuilder files with translatable="yes";
 *  - desktop entry and AppStream templates (*.desktop.in, *.metainfo.xml.in);
 *  - every form file directly in forms/ (their text is translatable by
 *    forms/keyvoice-forms.its).
 * Build trees (_build*, build*), hidden directories such as .git,
 * subprojects/ and the test fixtures in the data/ folders of tests/ (such
 * as tests/forms/data/) are not sources.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#define POTFILES_IN "po/POTFILES.in"

static gboolean
is_identifier_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

static const char *
skip_space (const char *p)
{
  while (g_ascii_isspace (*p))
    p++;
  return p;
}

/* Whether C text calls _, N_, C_ or NC_ with a string literal, or calls any
 * function whose name ends in "ngettext".  Identifiers are matched whole,
 * so my_( or g_strdup_( do not count. */
static gboolean
c_source_is_translatable (const char *text)
{
  static const char * const macros[] = { "_", "N_", "C_", "NC_" };
  const char *p = text;

  while (*p != '\0')
    {
      const char *start, *after;
      gsize len;

      if (!is_identifier_char (*p) || (p > text && is_identifier_char (p[-1])))
        {
          p++;
          continue;
        }

      start = p;
      while (is_identifier_char (*p))
        p++;
      len = p - start;

      after = skip_space (p);
      if (*after != '(')
        continue;

      for (guint i = 0; i < G_N_ELEMENTS (macros); i++)
        if (len == strlen (macros[i]) && strncmp (start, macros[i], len) == 0 &&
            *skip_space (after + 1) == '"')
          return TRUE;

      if (len >= strlen ("ngettext") &&
          strncmp (p - strlen ("ngettext"), "ngettext", strlen ("ngettext")) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Whether the file at @relpath (relative to the tree's root, '/'-separated)
 * with @contents needs to be in POTFILES.in. */
static gboolean
is_translatable (const char *relpath,
                 const char *contents)
{
  g_autofree char *dir = g_path_get_dirname (relpath);

  if (g_str_has_suffix (relpath, ".c") || g_str_has_suffix (relpath, ".h"))
    return c_source_is_translatable (contents);
  if (g_str_has_suffix (relpath, ".ui"))
    return strstr (contents, "translatable=\"yes\"") != NULL;
  if (strstr (relpath, ".desktop.in") != NULL || strstr (relpath, ".metainfo.xml.in") != NULL)
    return TRUE;
  if (g_str_equal (dir, "forms") && g_str_has_suffix (relpath, ".xml"))
    return TRUE;
  return FALSE;
}

/* tests/data/, tests/forms/data/ and the like: fixtures, some of them made
 * to look like a source tree with translatable text of its own. */
static gboolean
is_test_data_dir (const char *relpath,
                  const char *name)
{
  return g_str_equal (name, "data") && g_str_has_prefix (relpath, "tests/");
}

static gboolean
is_skipped_dir (const char *relpath,
                const char *name)
{
  return name[0] == '.' ||
         g_str_has_prefix (name, "_build") ||
         g_str_has_prefix (name, "build") ||
         g_str_equal (relpath, "subprojects") ||
         is_test_data_dir (relpath, name);
}

/* Adds the relative path of every translatable file under @root/@rel to
 * @found.  Symbolic links are not followed, so a link into a build tree or
 * back up the tree cannot loop. */
static void
scan_dir (const char *root,
          const char *rel,
          GPtrArray  *found)
{
  g_autofree char *path = rel ? g_build_filename (root, rel, NULL) : g_strdup (root);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child_rel = rel ? g_strconcat (rel, "/", name, NULL) : g_strdup (name);
      g_autofree char *child = g_build_filename (root, child_rel, NULL);
      g_autofree char *contents = NULL;

      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        continue;

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          if (!is_skipped_dir (child_rel, name))
            scan_dir (root, child_rel, found);
          continue;
        }

      if (!g_file_get_contents (child, &contents, NULL, &error))
        g_error ("%s", error->message);
      if (is_translatable (child_rel, contents))
        g_ptr_array_add (found, g_steal_pointer (&child_rel));
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Returns every problem with @root's POTFILES.in, one message each, in a
 * fixed order: problems with the list itself by line, then missing files by
 * path.  An empty array means the list is complete and tidy. */
static GPtrArray *
check_potfiles (const char *root)
{
  g_autofree char *potfiles = g_build_filename (root, POTFILES_IN, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *problems = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) lines = NULL;
  const char *previous = NULL;

  if (!g_file_get_contents (potfiles, &contents, NULL, NULL))
    {
      g_ptr_array_add (problems, g_strdup (POTFILES_IN " cannot be read"));
      return problems;
    }

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *entry = g_strstrip (lines[i]);
      g_autofree char *path = NULL;

      if (entry[0] == '\0' || entry[0] == '#')
        continue;

      path = g_build_filename (root, entry, NULL);
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (problems, g_strdup_printf (POTFILES_IN ":%u: '%s' does not exist",
                                                    i + 1, entry));

      if (previous != NULL && strcmp (previous, entry) == 0)
        g_ptr_array_add (problems, g_strdup_printf (POTFILES_IN ":%u: '%s' is listed twice",
                                                    i + 1, entry));
      else if (previous != NULL && strcmp (previous, entry) > 0)
        g_ptr_array_add (problems,
                         g_strdup_printf (POTFILES_IN ":%u: '%s' is out of order: "
                                          "it should come before '%s'",
                                          i + 1, entry, previous));
      previous = entry;
      g_hash_table_add (listed, g_strdup (entry));
    }

  scan_dir (root, NULL, found);
  g_ptr_array_sort (found, compare_strings);
  for (guint i = 0; i < found->len; i++)
    {
      const char *file = g_ptr_array_index (found, i);

      if (!g_hash_table_contains (listed, file))
        g_ptr_array_add (problems,
                         g_strdup_printf ("%s has translatable text but is not in " POTFILES_IN,
                                          file));
    }

  return problems;
}

/* All problems as one string, one a line, so a failure shows every one. */
static char *
join_problems (GPtrArray *problems)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    g_string_append_printf (out, "%s\n", (const char *) g_ptr_array_index (problems, i));
  return g_string_free (out, FALSE);
}

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "potfiles", name, NULL);
}

/* The real tree: what translators will actually be given. */
static void
test_source_tree (void)
{
  const char *root = g_getenv ("KV_SOURCE_ROOT");
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *report = NULL;

  g_assert_nonnull (root);
  problems = check_potfiles (root);
  report = join_problems (problems);
  g_assert_cmpstr (report, ==, "");
}

static void
test_complete_list_passes (void)
{
  g_autofree char *root = fixture ("complete");
  g_autoptr(GPtrArray) problems = check_potfiles (root);
  g_autofree char *report = join_problems (problems);

  g_assert_cmpstr (report, ==, "");
}

static void
test_missing_entry_is_reported (void)
{
  g_autofree char *root = fixture ("missing");
  g_autoptr(GPtrArray) problems = check_potfiles (root);
  g_autofree char *report = join_problems (problems);

  g_assert_cmpstr (report, ==,
                   "forms/extra.xml has translatable text but is not in po/POTFILES.in\n"
                   "src/forgotten.c has translatable text but is not in po/POTFILES.in\n"
                   "src/plural.c has translatable text but is not in po/POTFILES.in\n"
                   "ui/window.ui has translatable text but is not in po/POTFILES.in\n");
}

static void
test_stale_and_unsorted_entries_are_reported (void)
{
  g_autofree char *root = fixture ("stale");
  g_autoptr(GPtrArray) problems = check_potfiles (root);
  g_autofree char *report = join_problems (problems);

  g_assert_cmpstr (report, ==,
                   "po/POTFILES.in:3: 'src/a.c' is out of order: it should come before 'src/b.c'\n"
                   "po/POTFILES.in:4: 'src/a.c' is listed twice\n"
                   "po/POTFILES.in:5: 'src/gone.c' does not exist\n");
}

static void
write_file (const char *root,
            const char *relpath,
            const char *contents)
{
  g_autofree char *path = g_build_filename (root, relpath, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* Build trees, .git and test fixtures are not scanned, but a real source
 * beside them still is.  Made at run time: git will not store a directory
 * named .git, and the project ignores build trees. */
static void
test_build_and_git_dirs_are_skipped (void)
{
  const char *call = "const char *s = _(\"Hello\");\n";
  /* G_TEST_OPTION_ISOLATE_DIRS gives each test its own cache directory and
   * removes it afterwards. */
  g_autofree char *root = g_build_filename (g_get_user_cache_dir (), "tree", NULL);
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *report = NULL;

  write_file (root, POTFILES_IN, "# Nothing yet.\n");
  write_file (root, ".git/hooks/hook.c", call);
  write_file (root, "_build/kiosk/generated.c", call);
  write_file (root, "_build-forms/po/its/x.ui", "<property translatable=\"yes\">x</property>");
  write_file (root, "build/generated.c", call);
  write_file (root, "builddir/generated.c", call);
  write_file (root, "subprojects/lib/lib.c", call);
  write_file (root, "tests/data/fixture.c", call);
  write_file (root, "tests/forms/data/potfiles/src/fixture.c", call);
  write_file (root, "tests/kiosk/core/data/fixture.c", call);

  problems = check_potfiles (root);
  report = join_problems (problems);
  g_assert_cmpstr (report, ==, "");
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_clear_pointer (&report, g_free);

  write_file (root, "tests/test-real.c", call);
  /* A folder named data/ outside tests/ is a source like any other. */
  write_file (root, "kiosk/data/real.c", call);
  problems = check_potfiles (root);
  report = join_problems (problems);
  g_assert_cmpstr (report, ==,
                   "kiosk/data/real.c has translatable text but is not in po/POTFILES.in\n"
                   "tests/test-real.c has translatable text but is not in po/POTFILES.in\n");
}

/* The C matcher itself: whole identifiers only, literals only for the
 * macros, and the plural functions however they are spelt.  (Literals that
 * would match are split in two so that this file does not match itself.) */
static void
test_c_matcher (void)
{
  g_assert_true (c_source_is_translatable ("x = _(\"a\");"));
  g_assert_true (c_source_is_translatable ("x = _ (\"a\");"));
  g_assert_true (c_source_is_translatable ("{ N_(\"a\"), }"));
  g_assert_true (c_source_is_translatable ("C_(\"context\", \"a\")"));
  g_assert_true (c_source_is_translatable ("g_dngettext" " (NULL, \"a\", \"b\", n)"));
  g_assert_true (c_source_is_translatable ("ngettext" " (\"a\", \"b\", n)"));

  g_assert_false (c_source_is_translatable ("x = _(name);"));
  g_assert_false (c_source_is_translatable ("my_(\"a\");"));
  g_assert_false (c_source_is_translatable ("g_print (\"a\");"));
  g_assert_false (c_source_is_translatable ("int ngettext_count = 0;"));
  g_assert_false (c_source_is_translatable (""));
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/potfiles/source-tree-is-complete", test_source_tree);
  g_test_add_func ("/potfiles/complete-list-passes", test_complete_list_passes);
  g_test_add_func ("/potfiles/missing-entry-is-reported", test_missing_entry_is_reported);
  g_test_add_func ("/potfiles/stale-and-unsorted-entries-are-reported",
                   test_stale_and_unsorted_entries_are_reported);
  g_test_add_func ("/potfiles/build-and-git-dirs-are-skipped",
                   test_build_and_git_dirs_are_skipped);
  g_test_add_func ("/potfiles/c-matcher", test_c_matcher);

  return g_test_run ();
}
