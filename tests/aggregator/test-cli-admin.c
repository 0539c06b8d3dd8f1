/* test-cli-admin.c — the admin verbs as a service lead runs them: what a
 * verb creates is alone on the last line of stdout, mistakes get a clear
 * message and exit status, and everything lands in the audit trail. */
#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include "kv-child-code.h"
#include "agg-test-util.h"

typedef struct
{
  char *dir;
  char *db;
} Fixture;

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  fixture->dir = agg_test_make_dir ();
  fixture->db = g_build_filename (fixture->dir, "admin.db", NULL);
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  g_free (fixture->db);
  g_free (fixture->dir);
}

/* Runs keyvoice-aggregator with @args (NULL-terminated) and "--db DB".
 * Returns the exit status. */
static int
run (Fixture  *fixture,
     char    **out,
     char    **err,
     ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  const char *arg;
  int wait_status;
  va_list args;

  g_strv_builder_add (builder, AGGREGATOR_PATH);
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_strv_builder_add (builder, arg);
  va_end (args);
  g_strv_builder_add_many (builder, "--db", fixture->db, NULL);
  argv = g_strv_builder_end (builder);

  g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &stdout_text, &stderr_text, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);
  return WEXITSTATUS (wait_status);
}

/* The last line of @text, without its newline. */
static char *
last_line (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = g_strv_length (lines);

  g_assert_cmpuint (n, >=, 2);
  g_assert_cmpstr (lines[n - 1], ==, "");  /* ends in a newline */
  return g_strdup (lines[n - 2]);
}

static void
test_service (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *id = NULL;

  g_assert_cmpint (run (fixture, &out, &err, "service", "add", "Test Service North", NULL), ==, 0);
  id = last_line (out);
  g_assert_cmpstr (id, ==, "test-service-north");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (fixture, &out, &err, "service", "add", "Test Service North", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already a service"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (fixture, &out, &err, "service", "add", "Test South", "--id", "Bad Id", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "not a service id"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (fixture, &out, &err, "service", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "test-service-north\tTest Service North\t"));
}

static void
test_tokens (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *token = NULL;
  g_autofree char *list = NULL;
  g_autofree char *audit = NULL;
  g_autofree char *token_id = NULL;
  const char *id_line;

  g_assert_cmpint (run (fixture, NULL, NULL, "service", "add", "Test A", "--id", "test-a", NULL), ==, 0);
  g_assert_cmpint (run (fixture, &out, &err, "token", "add", "--role", "service", "--service", "test-a", NULL), ==, 0);
  token = last_line (out);
  g_assert_true (g_str_has_prefix (token, "kv_"));
  g_assert_cmpuint (strlen (token), ==, 46);
  id_line = strstr (out, "tok-");
  g_assert_nonnull (id_line);
  token_id = g_strndup (id_line, strlen ("tok-") + 10);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (fixture, &out, &err, "token", "add", "--role", "evaluator", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (fixture, &out, &err, "token", "add", "--role", "device", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (fixture, &out, &err, "token", "add", "--role", "service", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "--service"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (fixture, &out, &err, "token", "add", "--role", "service", "--service", "nope", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no service"));

  g_assert_cmpint (run (fixture, &list, NULL, "token", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (list, token_id));
  g_assert_null (strstr (list, token));

  g_assert_cmpint (run (fixture, NULL, NULL, "token", "revoke", token_id, NULL), ==, 0);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (fixture, NULL, &err, "token", "revoke", token_id, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already revoked"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (fixture, NULL, &err, "token", "revoke", "tok-NOPE", NULL), ==, 1);

  g_assert_cmpint (run (fixture, &audit, NULL, "audit", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (audit, "\ttoken-add\t"));
  g_assert_nonnull (strstr (audit, "\ttoken-revoke\t"));
  g_assert_null (strstr (audit, token));
}

static void
test_devices (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *code = NULL;
  g_autofree char *audit = NULL;
  g_autofree char *list = NULL;

  g_assert_cmpint (run (fixture, NULL, NULL, "service", "add", "Test A", "--id", "test-a", NULL), ==, 0);
  g_assert_cmpint (run (fixture, &out, &err, "device", "enrol-code", "--service", "test-a", NULL), ==, 0);
  code = last_line (out);
  g_assert_cmpuint (strlen (code), ==, 19);
  g_assert_true (code[4] == '-' && code[9] == '-' && code[14] == '-');
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (fixture, &out, &err, "device", "enrol-code", "--service", "test-a", "--expires", "0", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (fixture, &out, &err, "device", "enrol-code", "--service", "nope", NULL), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (fixture, &out, &err, "device", "revoke", "dev-NOPE", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no device"));

  g_assert_cmpint (run (fixture, &list, NULL, "device", "list", NULL), ==, 0);
  g_assert_cmpstr (list, ==, "id\trole\tservice\tname\tcreated_at\trevoked_at\n");
  g_assert_cmpint (run (fixture, &audit, NULL, "audit", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (audit, "\tenrol-code\ttest-a\t"));
  g_assert_null (strstr (audit, code));
}

static void
test_children (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *code = NULL;
  g_autofree char *other = NULL;
  g_autofree char *list = NULL;
  g_autofree char *show = NULL;
  g_autofree char *audit = NULL;
  g_autofree char *expected = NULL;

  g_assert_cmpint (run (fixture, NULL, NULL, "service", "add", "Test A", "--id", "test-a", NULL), ==, 0);
  g_assert_cmpint (run (fixture, NULL, NULL, "service", "add", "Test B", "--id", "test-b", NULL), ==, 0);
  g_assert_cmpint (run (fixture, &out, &err, "child", "add", "--service", "test-a", "--age-band", "under-18",
                        "--dsr", "amber", "--date", "2026-01-05", NULL), ==, 0);
  code = last_line (out);
  g_assert_true (kv_child_code_is_valid (code));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (fixture, &out, NULL, "child", "add", "--service", "test-b", "--age-band", "18-25", NULL), ==, 0);
  other = last_line (out);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (fixture, &out, &err, "child", "add", "--service", "test-a", "--age-band", "adult", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "not an age band"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (fixture, &out, &err, "child", "add", "--service", "test-a", "--age-band", "18-25",
                        "--dsr", "purple", NULL), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A later rating becomes the current one; the earlier stays as history,
   * and a rating dated before it does not displace it. */
  g_assert_cmpint (run (fixture, NULL, NULL, "child", "set-dsr", code, "blue", "--date", "2026-03-01", NULL), ==, 0);
  g_assert_cmpint (run (fixture, NULL, NULL, "child", "set-dsr", code, "red", "--date", "2026-02-01", NULL), ==, 0);
  g_assert_cmpint (run (fixture, NULL, &err, "child", "set-dsr", code, "blue", "--date", "2026-02-30", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "not a date"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (fixture, NULL, &err, "child", "set-dsr", "2222-2222", "blue", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no child"));

  g_assert_cmpint (run (fixture, &list, NULL, "child", "list", "--service", "test-a", NULL), ==, 0);
  expected = g_strdup_printf ("code\tservice\tage_band\tdsr\tdsr_since\tgoal_set\n"
                              "%s\ttest-a\tunder-18\tblue\t2026-03-01\t\n", code);
  g_assert_cmpstr (list, ==, expected);
  g_assert_null (strstr (list, other));

  g_assert_cmpint (run (fixture, &show, NULL, "child", "show", code, NULL), ==, 0);
  g_assert_nonnull (strstr (show, "dsr\tamber\t2026-01-05\ndsr\tred\t2026-02-01\ndsr\tblue\t2026-03-01\n"));

  g_assert_cmpint (run (fixture, &audit, NULL, "audit", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (audit, "\tchild-add\t"));
  g_assert_nonnull (strstr (audit, "\tchild-set-dsr\t"));
}

static void
test_usage (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { AGGREGATOR_PATH, "child", "list", NULL };
  int wait_status;

  /* --db is required. */
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &wait_status, &error));
  g_assert_cmpint (WEXITSTATUS (wait_status), ==, 2);
  g_assert_nonnull (strstr (err, "--db FILE is required"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (fixture, &out, &err, "child", "fly", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "unknown command"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (fixture, &out, &err, "scores", "recompute", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "0 scores recomputed.\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/aggregator/cli/" path, Fixture, NULL, setup, func, teardown)
  ADD ("service", test_service);
  ADD ("tokens", test_tokens);
  ADD ("devices", test_devices);
  ADD ("children", test_children);
  ADD ("usage", test_usage);
#undef ADD

  return g_test_run ();
}
