/* test-layers.c — the source tree keeps the shape docs/architecture.md
 * draws.
 *
 * The aggregator is built in layers, each a folder: store/ at the bottom,
 * then core/, report/, http/ and cli/, with demo/ on top, outside the
 * production library (agg-error.c, at the root, is below them all).  A file
 * may include headers of its own layer and the layers beneath it, never
 * above; and the include graph between modules (a module is a .c file and
 * its .h) has no cycle, so no two modules each need the other.  http/ and
 * cli/ reach the database only through core/ and report/: of store/ they
 * include agg-db.h alone (the handle and transactions), and the store's
 * own helper agg-store-query.h is included by store/ files only.  A
 * private header (-private.h) is shared within its own folder and
 * included nowhere else.  SQLite is the store's business: no file outside
 * store/ may see sqlite3.h, directly or through a header it includes.  In the kiosk, kiosk/core/ never sees
 * GTK, and the interface around it never sees SQLite or libcurl.  forms/
 * sees none of them.
 *
 * This walks the real tree under KV_SOURCE_ROOT and prints every arrow that
 * breaks a rule, naming both files.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
  char      *path;      /* relative to the source root: "aggregator/core/agg-ingest.c" */
  GPtrArray *quoted;    /* of char*: "agg-db.h", as written */
  GPtrArray *system;    /* of char*: "sqlite3.h", as written */
} SourceFile;

typedef struct
{
  char       *root;
  GHashTable *files;    /* path → SourceFile */
  GHashTable *by_name;  /* basename of a header → path */
} SourceTree;

static void
source_file_free (gpointer data)
{
  SourceFile *file = data;

  g_free (file->path);
  g_ptr_array_unref (file->quoted);
  g_ptr_array_unref (file->system);
  g_free (file);
}

static void
scan_includes (SourceFile *file,
               const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *p = lines[i];
      char open, close;
      const char *end;

      while (*p == ' ' || *p == '\t')
        p++;
      if (*p++ != '#')
        continue;
      while (*p == ' ' || *p == '\t')
        p++;
      if (!g_str_has_prefix (p, "include"))
        continue;
      p += strlen ("include");
      while (*p == ' ' || *p == '\t')
        p++;
      open = *p++;
      if (open != '"' && open != '<')
        continue;
      close = open == '"' ? '"' : '>';
      end = strchr (p, close);
      if (end == NULL)
        continue;
      g_ptr_array_add (open == '"' ? file->quoted : file->system, g_strndup (p, end - p));
    }
}

static void
scan_dir (SourceTree *tree,
          const char *relative)
{
  g_autofree char *full = g_build_filename (tree->root, relative, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (full, 0, &error);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (relative, name, NULL);
      g_autofree char *child_full = g_build_filename (tree->root, child, NULL);

      if (g_file_test (child_full, G_FILE_TEST_IS_DIR))
        {
          scan_dir (tree, child);
        }
      else if (g_str_has_suffix (name, ".c") || g_str_has_suffix (name, ".h"))
        {
          g_autofree char *text = NULL;
          SourceFile *file = g_new0 (SourceFile, 1);

          g_assert_true (g_file_get_contents (child_full, &text, NULL, &error));
          g_assert_no_error (error);
          file->path = g_strdup (child);
          file->quoted = g_ptr_array_new_with_free_func (g_free);
          file->system = g_ptr_array_new_with_free_func (g_free);
          scan_includes (file, text);
          g_hash_table_insert (tree->files, file->path, file);
          if (g_str_has_suffix (name, ".h"))
            {
              /* Header names are unique across the components, so a quoted
               * include names one file whichever folder it is in. */
              g_assert_null (g_hash_table_lookup (tree->by_name, name));
              g_hash_table_insert (tree->by_name, g_strdup (name), file->path);
            }
        }
    }
}

static SourceTree *
source_tree_load (void)
{
  static const char * const components[] = { "aggregator", "kiosk", "forms" };
  SourceTree *tree = g_new0 (SourceTree, 1);

  tree->root = g_strdup (g_getenv ("KV_SOURCE_ROOT"));
  g_assert_nonnull (tree->root);
  tree->files = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, source_file_free);
  tree->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (components); i++)
    scan_dir (tree, components[i]);
  return tree;
}

static void
source_tree_free (SourceTree *tree)
{
  g_hash_table_unref (tree->by_name);
  g_hash_table_unref (tree->files);
  g_free (tree->root);
  g_free (tree);
}

/* The file a quoted include names, or NULL for one outside the three
 * components (config.h, generated resources). */
static SourceFile *
resolve (SourceTree *tree,
         const char *include)
{
  const char *path = g_hash_table_lookup (tree->by_name, include);

  return path != NULL ? g_hash_table_lookup (tree->files, path) : NULL;
}

/* Whether @file sees the system header @header, directly or through the
 * headers it includes; on success *via is the file that includes it. */
static gboolean
sees_system_header (SourceTree  *tree,
                    SourceFile  *file,
                    const char  *header,
                    GHashTable  *visited,
                    const char **via)
{
  if (!g_hash_table_add (visited, file->path))
    return FALSE;
  for (guint i = 0; i < file->system->len; i++)
    if (g_str_equal (g_ptr_array_index (file->system, i), header))
      {
        *via = file->path;
        return TRUE;
      }
  for (guint i = 0; i < file->quoted->len; i++)
    {
      SourceFile *target = resolve (tree, g_ptr_array_index (file->quoted, i));

      if (target != NULL && sees_system_header (tree, target, header, visited, via))
        return TRUE;
    }
  return FALSE;
}

/* Appends one line to @problems for every file under @prefix (but not
 * under @except) that sees any of @headers. */
static void
forbid_system_headers (SourceTree         *tree,
                       const char         *prefix,
                       const char         *except,
                       const char * const *headers,
                       GString            *problems)
{
  GHashTableIter iter;
  SourceFile *file;

  g_hash_table_iter_init (&iter, tree->files);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &file))
    {
      if (!g_str_has_prefix (file->path, prefix) ||
          (except != NULL && g_str_has_prefix (file->path, except)))
        continue;
      for (guint i = 0; headers[i] != NULL; i++)
        {
          g_autoptr(GHashTable) visited = g_hash_table_new (g_str_hash, g_str_equal);
          const char *via = NULL;

          if (sees_system_header (tree, file, headers[i], visited, &via))
            g_string_append_printf (problems, "%s sees <%s> (included by %s)\n",
                                    file->path, headers[i], via);
        }
    }
}

/* Prints every problem, one a line and sorted (the tree is walked in hash
 * order), and fails the test if there is any. */
static void
report_problems (GString *problems)
{
  g_auto(GStrv) lines = NULL;
  g_autofree char *sorted = NULL;

  if (problems->len == 0)
    return;
  lines = g_strsplit (problems->str, "\n", -1);
  qsort (lines, g_strv_length (lines), sizeof (char *), (GCompareFunc) g_strcmp0);
  sorted = g_strjoinv ("\n", lines);
  g_test_message ("%s", g_strstrip (sorted));
  g_test_fail ();
}

/* The aggregator's layers, bottom first; a path's layer is the first
 * whose folder it is in, and the root (agg-error, main.c) is layer 0. */
static const char * const aggregator_layers[] = {
  "aggregator/", "aggregator/store/", "aggregator/core/", "aggregator/report/",
  "aggregator/http/", "aggregator/cli/", "aggregator/demo/",
};

static int
aggregator_layer (const char *path)
{
  int layer = -1;

  for (guint i = 0; i < G_N_ELEMENTS (aggregator_layers); i++)
    if (g_str_has_prefix (path, aggregator_layers[i]))
      layer = i;
  return layer;
}

/* What is wrong with @file including @target, or NULL if nothing is. */
typedef const char *(*IncludeRule) (SourceFile *file,
                                    SourceFile *target);

/* Fails the test, printing each, if any quoted include of a file of the
 * three components breaks @rule. */
static void
check_includes (IncludeRule rule)
{
  SourceTree *tree = source_tree_load ();
  g_autoptr(GString) problems = g_string_new (NULL);
  GHashTableIter iter;
  SourceFile *file;

  g_hash_table_iter_init (&iter, tree->files);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &file))
    for (guint i = 0; i < file->quoted->len; i++)
      {
        SourceFile *target = resolve (tree, g_ptr_array_index (file->quoted, i));
        const char *problem = target != NULL ? rule (file, target) : NULL;

        if (problem != NULL)
          g_string_append_printf (problems, "%s includes %s, %s\n",
                                  file->path, target->path, problem);
      }

  report_problems (problems);
  source_tree_free (tree);
}

static const char *
layer_problem (SourceFile *file,
               SourceFile *target)
{
  int layer = aggregator_layer (file->path);
  int target_layer;

  /* main.c sits on top of everything it links. */
  if (layer < 0 || g_str_equal (file->path, "aggregator/main.c") ||
      g_str_has_prefix (target->path, "forms/"))
    return NULL;
  target_layer = aggregator_layer (target->path);
  if (target_layer < 0)
    return "outside the aggregator";
  if (target_layer > layer)
    return "a layer above it";
  return NULL;
}

static void
test_aggregator_layers (void)
{
  check_includes (layer_problem);
}

/* Whether @file may include the store/ header @target: http/ and cli/
 * only agg-db.h, and nothing outside store/ the helper of its modules. */
static const char *
store_header_problem (SourceFile *file,
                      SourceFile *target)
{
  if (!g_str_has_prefix (target->path, "aggregator/store/") ||
      g_str_has_prefix (file->path, "aggregator/store/"))
    return NULL;
  if (g_str_equal (target->path, "aggregator/store/agg-store-query.h"))
    return "the store's own helper";
  if ((g_str_has_prefix (file->path, "aggregator/http/") ||
       g_str_has_prefix (file->path, "aggregator/cli/")) &&
      !g_str_equal (target->path, "aggregator/store/agg-db.h"))
    return "a store header other than agg-db.h";
  return NULL;
}

static void
test_store_headers (void)
{
  check_includes (store_header_problem);
}

/* A private header (kiosk-window-private.h, agg-db-private.h) is shared
 * by the files of its own folder and included nowhere else. */
static const char *
private_header_problem (SourceFile *file,
                        SourceFile *target)
{
  g_autofree char *folder = g_path_get_dirname (file->path);
  g_autofree char *target_folder = g_path_get_dirname (target->path);

  if (g_str_has_suffix (target->path, "-private.h") && !g_str_equal (folder, target_folder))
    return "a private header of another folder";
  return NULL;
}

static void
test_private_headers (void)
{
  check_includes (private_header_problem);
}

/* A module is a file name without its extension: agg-ingest.c and
 * agg-ingest.h are one module, and so is a private header the module's
 * files share (kv-form-private.h belongs to kv-form). */
static char *
module_of (const char *path)
{
  const char *dot = strrchr (path, '.');
  char *module = g_strndup (path, dot - path);

  if (g_str_has_suffix (module, "-private"))
    module[strlen (module) - strlen ("-private")] = '\0';
  return module;
}

static gboolean
find_cycle (GHashTable *edges,
            const char *module,
            GHashTable *state,      /* module → 1 on the path, 2 done */
            GPtrArray  *path)
{
  GHashTable *targets = g_hash_table_lookup (edges, module);
  GHashTableIter iter;
  const char *target;

  g_hash_table_insert (state, (gpointer) module, GINT_TO_POINTER (1));
  g_ptr_array_add (path, (gpointer) module);
  if (targets != NULL)
    {
      g_hash_table_iter_init (&iter, targets);
      while (g_hash_table_iter_next (&iter, (gpointer *) &target, NULL))
        {
          int seen = GPOINTER_TO_INT (g_hash_table_lookup (state, target));

          if (seen == 1)
            {
              g_ptr_array_add (path, (gpointer) target);
              return TRUE;
            }
          if (seen == 0 && find_cycle (edges, target, state, path))
            return TRUE;
        }
    }
  g_hash_table_insert (state, (gpointer) module, GINT_TO_POINTER (2));
  g_ptr_array_remove_index (path, path->len - 1);
  return FALSE;
}

static void
test_no_include_cycles (void)
{
  SourceTree *tree = source_tree_load ();
  g_autoptr(GHashTable) edges = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) g_hash_table_unref);
  g_autoptr(GHashTable) state = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GList) modules = NULL;
  GHashTableIter iter;
  SourceFile *file;

  g_hash_table_iter_init (&iter, tree->files);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &file))
    {
      g_autofree char *module = module_of (file->path);
      GHashTable *targets = g_hash_table_lookup (edges, module);

      if (targets == NULL)
        {
          targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_hash_table_insert (edges, g_strdup (module), targets);
        }
      for (guint i = 0; i < file->quoted->len; i++)
        {
          SourceFile *target = resolve (tree, g_ptr_array_index (file->quoted, i));
          g_autofree char *target_module = NULL;

          if (target == NULL)
            continue;
          target_module = module_of (target->path);
          if (!g_str_equal (target_module, module))
            g_hash_table_add (targets, g_steal_pointer (&target_module));
        }
    }

  /* Walk in a fixed order, so a failure names the same cycles every run;
   * each cycle is printed once, from the module where the walk met it. */
  modules = g_list_sort (g_hash_table_get_keys (edges), (GCompareFunc) strcmp);
  for (GList *l = modules; l != NULL; l = l->next)
    {
      g_autoptr(GPtrArray) path = g_ptr_array_new ();
      const char *again;
      guint start = 0;

      if (g_hash_table_contains (state, l->data) ||
          !find_cycle (edges, l->data, state, path))
        continue;

      again = g_ptr_array_index (path, path->len - 1);
      while (!g_str_equal (g_ptr_array_index (path, start), again))
        start++;
      g_string_append (problems, "include cycle:");
      for (guint i = start; i < path->len; i++)
        g_string_append_printf (problems, " %s%s", i > start ? "-> " : "",
                                (const char *) g_ptr_array_index (path, i));
      g_string_append_c (problems, '\n');

      /* Everything on the walk so far is reported or finished: mark it
       * done, so the next start looks for a different cycle. */
      for (guint i = 0; i < path->len; i++)
        g_hash_table_insert (state, g_ptr_array_index (path, i), GINT_TO_POINTER (2));
    }

  report_problems (problems);
  source_tree_free (tree);
}

static void
test_sqlite_only_in_store (void)
{
  static const char * const sqlite[] = { "sqlite3.h", NULL };
  SourceTree *tree = source_tree_load ();
  g_autoptr(GString) problems = g_string_new (NULL);

  forbid_system_headers (tree, "aggregator/", "aggregator/store/", sqlite, problems);
  report_problems (problems);
  source_tree_free (tree);
}

static void
test_kiosk_halves (void)
{
  static const char * const gui[] = { "gtk/gtk.h", "adwaita.h", NULL };
  static const char * const below_gui[] = { "sqlite3.h", "curl/curl.h", NULL };
  static const char * const below_forms[] = {
    "gtk/gtk.h", "adwaita.h", "sqlite3.h", "curl/curl.h", "libsoup/soup.h", NULL
  };
  SourceTree *tree = source_tree_load ();
  g_autoptr(GString) problems = g_string_new (NULL);

  forbid_system_headers (tree, "kiosk/core/", NULL, gui, problems);
  forbid_system_headers (tree, "kiosk/", "kiosk/core/", below_gui, problems);
  forbid_system_headers (tree, "forms/", NULL, below_forms, problems);
  report_problems (problems);
  source_tree_free (tree);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/layers/aggregator/no-arrow-up", test_aggregator_layers);
  g_test_add_func ("/layers/aggregator/store-headers", test_store_headers);
  g_test_add_func ("/layers/aggregator/sqlite-only-in-store", test_sqlite_only_in_store);
  g_test_add_func ("/layers/private-headers", test_private_headers);
  g_test_add_func ("/layers/no-include-cycles", test_no_include_cycles);
  g_test_add_func ("/layers/kiosk-halves", test_kiosk_halves);

  return g_test_run ();
}
