/* test-demo.c — "keyvoice-aggregator demo": a small synthetic database that
 * the reports run on, the same for the same seed, scored as ingest scores,
 * and never written over real data. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include "agg-db-private.h"
#include "agg-demo.h"
#include "agg-test-util.h"

/* Every table that holds data; the audit trail has wall-clock times and is
 * left out. */
static const char * const content_tables[] = {
  "services", "tokens", "children", "dsr_ratings", "submissions", "goal_sets", "scores",
  "offers", "experience_responses", "experience_receipts", NULL,
};

static void
spawn (const char * const *args,
       char              **out,
       char              **err,
       int                *status)
{
  g_autoptr(GError) error = NULL;
  int wait_status;

  g_assert_true (g_spawn_sync (NULL, (char **) args, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  *status = WEXITSTATUS (wait_status);
}

static int
run_demo (const char *db_path,
          const char *seed,
          char      **out)
{
  g_autofree char *err = NULL;
  const char *args[] = {
    AGGREGATOR_PATH, "demo", "--db", db_path, "--children", "40", "--seed", seed,
    "--end", "2026-03-31", "--forms-dir", KV_SOURCE_FORMS_DIR, NULL,
  };
  int status;

  spawn (args, out, &err, &status);
  return status;
}

static char *
run_report (const char *db_path,
            const char *verb,
            const char *kind,
            const char *format)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *args[] = {
    AGGREGATOR_PATH, verb, kind, "--db", db_path, "--format", format,
    "--forms-dir", KV_SOURCE_FORMS_DIR, NULL,
  };
  int status;

  spawn (args, &out, &err, &status);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpint (status, ==, 0);
  return g_steal_pointer (&out);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* A digest of every row of @table, in sorted order, so that two databases
 * compare equal when they hold the same rows. */
static char *
table_digest (AggDb      *db,
              const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s", table);
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = agg_db_prepare (db, sql, &error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  int rc;

  g_assert_no_error (error);
  while ((rc = agg_db_step (db, stmt, &error)) == SQLITE_ROW)
    {
      GString *row = g_string_new (NULL);

      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          const guint8 *bytes = sqlite3_column_blob (stmt, c);
          int size = sqlite3_column_bytes (stmt, c);

          g_string_append_printf (row, "%d:", sqlite3_column_type (stmt, c));
          for (int i = 0; i < size; i++)
            g_string_append_printf (row, "%02x", bytes[i]);
          g_string_append_c (row, '|');
        }
      g_ptr_array_add (rows, g_string_free (row, FALSE));
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  g_ptr_array_sort (rows, compare_strings);
  for (guint i = 0; i < rows->len; i++)
    {
      g_checksum_update (checksum, g_ptr_array_index (rows, i), -1);
      g_checksum_update (checksum, (const guchar *) "\n", 1);
    }
  return g_strdup_printf ("%s %u", g_checksum_get_string (checksum), rows->len);
}

static char *
database_digest (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AggDb) db = agg_db_open (path, &error);
  GString *digest = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; content_tables[i] != NULL; i++)
    {
      g_autofree char *one = table_digest (db, content_tables[i]);

      g_string_append_printf (digest, "%s %s\n", content_tables[i], one);
    }
  return g_string_free (digest, FALSE);
}

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("test-demo-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static void
test_deterministic (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *a = g_build_filename (fixture->dir, "a.db", NULL);
  g_autofree char *b = g_build_filename (fixture->dir, "b.db", NULL);
  g_autofree char *c = g_build_filename (fixture->dir, "c.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *digest_a = NULL;
  g_autofree char *digest_b = NULL;
  g_autofree char *digest_c = NULL;
  g_autofree char *change_a = NULL;
  g_autofree char *change_b = NULL;

  g_assert_cmpint (run_demo (a, "7", &out), ==, 0);
  g_assert_true (g_str_has_prefix (out, "Synthetic data: 2 services, 40 children, "));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_demo (b, "7", &out), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_demo (c, "8", &out), ==, 0);

  digest_a = database_digest (a);
  digest_b = database_digest (b);
  digest_c = database_digest (c);
  g_assert_cmpstr (digest_a, ==, digest_b);
  g_assert_cmpstr (digest_a, !=, digest_c);

  change_a = run_report (a, "report", "change", "csv");
  change_b = run_report (b, "report", "change", "csv");
  g_assert_cmpstr (change_a, ==, change_b);
}

static void
test_reports_run (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char * const kinds[][3] = {
    { "report", "change", "csv" }, { "report", "change", "json" }, { "report", "change", "html" },
    { "report", "cohort", "csv" }, { "report", "cohort", "json" }, { "report", "cohort", "html" },
    { "report", "experience", "csv" }, { "report", "experience", "json" },
    { "report", "experience", "html" },
    { "export", "scores", "csv" }, { "export", "responses", "csv" },
  };
  g_autofree char *db_path = g_build_filename (fixture->dir, "demo.db", NULL);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AggDb) db = NULL;

  g_assert_cmpint (run_demo (db_path, "3", &out), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *text = run_report (db_path, kinds[i][0], kinds[i][1], kinds[i][2]);
      guint n_lines = 0;

      for (const char *p = text; *p != '\0'; p++)
        n_lines += *p == '\n';
      /* A header and rows: the demo leaves nothing empty. */
      g_assert_cmpuint (n_lines, >, 3);
    }

  db = agg_db_open (db_path, &error);
  g_assert_no_error (error);
  /* Obviously synthetic, and a year of it. */
  g_assert_cmpint (agg_test_count (db, "SELECT count (*) FROM services"
                                   " WHERE name NOT LIKE 'Demo Service %'"), ==, 0);
  g_assert_cmpint (agg_test_count (db, "SELECT count (*) FROM children"), ==, 40);
  g_assert_cmpint (agg_test_count (db, "SELECT count (*) FROM submissions"
                                   " WHERE completed_on > '2026-03-31'"), ==, 0);
  g_assert_cmpint (agg_test_count (db, "SELECT count (DISTINCT substr (completed_on, 1, 7))"
                                   " FROM submissions WHERE completed_on > '2025-03-31'"), ==, 12);
  g_assert_cmpint (agg_test_count (db, "SELECT count (*) FROM submissions"
                                   " WHERE form_id = 'gas-review'"), >, 40);
  g_assert_cmpint (agg_test_count (db, "SELECT count (*) FROM goal_sets WHERE version = 2"), >=, 0);
  /* Every scored form has its score, as ingest would have stored it. */
  g_assert_cmpint (agg_test_count (db, "SELECT count (*) FROM submissions AS s WHERE NOT EXISTS"
                                  " (SELECT 1 FROM scores WHERE submission_id = s.id)"), ==, 0);
  /* The synthetic tablets cannot be used. */
  g_assert_cmpint (agg_test_count (db,
                                   "SELECT count (*) FROM tokens WHERE revoked_at IS NULL"), ==, 0);
  g_assert_cmpint (agg_test_count (db, "SELECT count (*) FROM experience_responses"), ==,
                   agg_test_count (db, "SELECT count (*) FROM experience_receipts"));
  {
    g_autoptr(sqlite3_stmt) check = agg_db_prepare (db, "PRAGMA integrity_check", &error);

    g_assert_no_error (error);
    g_assert_cmpint (agg_db_step (db, check, &error), ==, SQLITE_ROW);
    g_assert_cmpstr (agg_db_column_text (check, 0), ==, "ok");
  }
}

static void
test_same_scores_as_ingest (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *db_path = g_build_filename (fixture->dir, "demo.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  const char *recompute[] = {
    AGGREGATOR_PATH, "scores", "recompute", "--db", db_path, "--forms-dir", KV_SOURCE_FORMS_DIR,
    NULL,
  };
  int status;

  g_assert_cmpint (run_demo (db_path, "5", &out), ==, 0);
  g_clear_pointer (&out, g_free);

  /* Recomputing every score from the stored answers with the aggregator's
   * own scoring gives back exactly what the demo stored. */
  {
    g_autoptr(AggDb) db = agg_db_open (db_path, &error);

    g_assert_no_error (error);
    before = table_digest (db, "scores");
  }
  spawn (recompute, &out, &err, &status);
  g_assert_cmpint (status, ==, 0);
  {
    g_autoptr(AggDb) db = agg_db_open (db_path, &error);

    g_assert_no_error (error);
    after = table_digest (db, "scores");
  }
  g_assert_cmpstr (before, ==, after);
}

static void
test_refuses_real_data (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *db_path = g_build_filename (fixture->dir, "real.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *add_service[] = {
    AGGREGATOR_PATH, "service", "add", "--db", db_path, "A real service", NULL,
  };
  const char *demo[] = {
    AGGREGATOR_PATH, "demo", "--db", db_path, "--children", "5",
    "--forms-dir", KV_SOURCE_FORMS_DIR, NULL,
  };
  const char *bad[] = {
    AGGREGATOR_PATH, "demo", "--db", db_path, "--children", "0", NULL,
  };
  int status;

  spawn (add_service, &out, &err, &status);
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  before = database_digest (db_path);

  spawn (demo, &out, &err, &status);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "already holds services"));
  after = database_digest (db_path);
  g_assert_cmpstr (before, ==, after);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  spawn (bad, &out, &err, &status);
  g_assert_cmpint (status, ==, 2);
}

/* The goal sets the demo and bench/bench-national.c share: goals g1…gN,
 * a baseline of −1 or −2, weights from 1 to 3 or none, texts from the list
 * or numbered; the same seed draws the same set. */
static void
test_goals_answers (void)
{
  static const char * const texts[] = { "Test goal one", "Test goal two" };
  g_autoptr(GRand) random = g_rand_new_with_seed (3);
  g_autoptr(GRand) again = g_rand_new_with_seed (3);
  gboolean seen_weighted = FALSE, seen_unweighted = FALSE;

  for (guint round = 0; round < 40; round++)
    {
      gboolean numbered = round % 2 == 0;
      g_autoptr(JsonNode) node = agg_demo_goals_answers (random, 3, numbered ? NULL : texts,
                                                         numbered ? 0 : G_N_ELEMENTS (texts));
      g_autoptr(JsonNode) same = agg_demo_goals_answers (again, 3, numbered ? NULL : texts,
                                                         numbered ? 0 : G_N_ELEMENTS (texts));
      JsonArray *goals = json_object_get_array_member (json_node_get_object (node), "goals");

      g_assert_true (json_node_equal (node, same));
      g_assert_cmpuint (json_array_get_length (goals), ==, 3);
      for (guint g = 0; g < 3; g++)
        {
          JsonObject *goal = json_array_get_object_element (goals, g);
          g_autofree char *id = g_strdup_printf ("g%u", g + 1);
          g_autofree char *numbered_text = g_strdup_printf ("Synthetic goal %u", g + 1);
          const char *text = json_object_get_string_member (goal, "text");
          gint64 baseline = json_object_get_int_member (goal, "baseline");

          g_assert_cmpstr (json_object_get_string_member (goal, "id"), ==, id);
          if (numbered)
            g_assert_cmpstr (text, ==, numbered_text);
          else
            g_assert_true (g_str_equal (text, texts[0]) || g_str_equal (text, texts[1]));
          g_assert_true (baseline == -1 || baseline == -2);
          if (json_object_has_member (goal, "importance"))
            {
              seen_weighted = TRUE;
              g_assert_cmpint (json_object_get_int_member (goal, "importance"), >=, 1);
              g_assert_cmpint (json_object_get_int_member (goal, "importance"), <=, 3);
              g_assert_cmpint (json_object_get_int_member (goal, "difficulty"), >=, 1);
              g_assert_cmpint (json_object_get_int_member (goal, "difficulty"), <=, 3);
            }
          else
            {
              seen_unweighted = TRUE;
              g_assert_false (json_object_has_member (goal, "difficulty"));
            }
        }
    }
  g_assert_true (seen_weighted);
  g_assert_true (seen_unweighted);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/aggregator/demo/goals-answers", test_goals_answers);
  g_test_add ("/aggregator/demo/deterministic", Fixture, NULL, fixture_set_up,
              test_deterministic, fixture_tear_down);
  g_test_add ("/aggregator/demo/reports-run", Fixture, NULL, fixture_set_up,
              test_reports_run, fixture_tear_down);
  g_test_add ("/aggregator/demo/same-scores-as-ingest", Fixture, NULL, fixture_set_up,
              test_same_scores_as_ingest, fixture_tear_down);
  g_test_add ("/aggregator/demo/refuses-real-data", Fixture, NULL, fixture_set_up,
              test_refuses_real_data, fixture_tear_down);

  return g_test_run ();
}
