/* test-forms-isolation.c — libkvforms is shared by the kiosk and the
 * aggregator and must stay pure C + GLib + json-glib: no GTK, SQLite,
 * libcurl or libsoup (docs/architecture.md).  This reads the symbols the
 * archive needs from elsewhere and fails on any from those libraries. */
#include "config.h"

#include <glib.h>
#include <string.h>

static const char * const forbidden_prefixes[] = {
  "gtk_", "gdk_", "gsk_", "adw_", "sqlite3_", "curl_", "soup_",
};

/* Returns the forbidden undefined symbols in `nm -P -u` output. */
static GPtrArray *
find_forbidden (const char *nm_output)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) lines = g_strsplit (nm_output, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], " ", 3);

      if (g_strv_length (fields) < 2 || strcmp (fields[1], "U") != 0)
        continue;
      for (guint j = 0; j < G_N_ELEMENTS (forbidden_prefixes); j++)
        if (g_str_has_prefix (fields[0], forbidden_prefixes[j]))
          g_ptr_array_add (found, g_strdup (fields[0]));
    }
  return g_steal_pointer (&found);
}

/* The checker itself must notice a forbidden symbol, or the real test
 * below could pass by never matching anything. */
static void
test_checker_catches (void)
{
  g_autoptr(GPtrArray) found =
    find_forbidden ("kv-form.c.o:\n"
                    "g_strdup U\n"
                    "sqlite3_open_v2 U\n"
                    "gtk_widget_show U\n"
                    "kv_form_ref T 0000 0010\n");

  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpstr (found->pdata[0], ==, "sqlite3_open_v2");
  g_assert_cmpstr (found->pdata[1], ==, "gtk_widget_show");
}

static void
test_archive_is_clean (void)
{
  const char *argv[] = { "nm", "-P", "-u", KVFORMS_ARCHIVE, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  /* It must at least see GLib, or nm read nothing. */
  g_assert_nonnull (strstr (out, "g_free U"));

  found = find_forbidden (out);
  for (guint i = 0; i < found->len; i++)
    g_test_message ("libkvforms needs %s", (char *) found->pdata[i]);
  g_assert_cmpuint (found->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/forms/isolation/checker-catches", test_checker_catches);
  g_test_add_func ("/forms/isolation/archive-is-clean", test_archive_is_clean);

  return g_test_run ();
}
