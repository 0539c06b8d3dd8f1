/* test-db.c — opening the database: WAL, synchronous=FULL, migrations,
 * a private file, and refusing files that are not ours. */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "agg-db-private.h"
#include "agg-error.h"
#include "agg-test-util.h"

static char *
pragma_text (AggDb      *db,
             const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = agg_db_prepare (db, sql, &error);
  char *value;

  g_assert_no_error (error);
  g_assert_cmpint (agg_db_step (db, stmt, &error), ==, SQLITE_ROW);
  value = g_strdup (agg_db_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static void
test_new_database (void)
{
  g_autofree char *dir = agg_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "new.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AggDb) db = agg_db_open (path, &error);
  g_autofree char *journal = NULL;
  GStatBuf info;

  g_assert_no_error (error);
  g_assert_cmpint (agg_db_get_schema_version (db), ==, agg_db_get_latest_version ());
  g_assert_cmpint (agg_test_count (db, "PRAGMA user_version"), ==, agg_db_get_latest_version ());
  journal = pragma_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (journal, ==, "wal");
  /* 2 is FULL: every commit is synced. */
  g_assert_cmpint (agg_test_count (db, "PRAGMA synchronous"), ==, 2);
  g_assert_cmpint (agg_test_count (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (agg_test_count (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'submissions'"), ==, 1);

  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
}

/* A database others could read (copied in, or made by the sqlite3 shell
 * under umask 022) is made private when it is opened, log and all, and
 * the opener is told. */
static void
test_readable_database_made_private (void)
{
  g_autofree char *dir = agg_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "shared.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  AggDb *db = agg_db_open (path, &error);
  GStatBuf info;

  g_assert_no_error (error);
  g_assert_false (agg_db_was_made_private (db));
  g_object_unref (db);
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_assert_true (g_file_set_contents (wal, "", 0, NULL));
  g_assert_cmpint (g_chmod (wal, 0644), ==, 0);

  db = agg_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (agg_db_was_made_private (db));
  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (wal, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  g_object_unref (db);
}

static void
test_reopen_keeps_data (void)
{
  g_autofree char *dir = agg_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "again.db", NULL);
  g_autoptr(GError) error = NULL;
  AggDb *db = agg_db_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (agg_db_exec (db, "INSERT INTO services VALUES ('test-x', 'Test X', '2026-01-01T00:00:00Z')", &error));
  g_object_unref (db);

  db = agg_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (agg_test_count (db, "SELECT count(*) FROM services"), ==, 1);
  g_object_unref (db);
}

static void
test_foreign_database_refused (void)
{
  g_autofree char *dir = agg_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "other.db", NULL);
  g_autoptr(GError) error = NULL;
  sqlite3 *other;
  AggDb *db;

  g_assert_cmpint (sqlite3_open (path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "CREATE TABLE recipes (name TEXT)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);

  db = agg_db_open (path, &error);
  g_assert_null (db);
  g_assert_error (error, AGG_ERROR, AGG_ERROR_DATABASE);
  g_assert_nonnull (g_strstr_len (error->message, -1, "not a Keyvoice aggregator database"));
}

static void
test_newer_schema_refused (void)
{
  g_autofree char *dir = agg_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "future.db", NULL);
  g_autoptr(GError) error = NULL;
  AggDb *db = agg_db_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (agg_db_exec (db, "PRAGMA user_version = 999", &error));
  g_object_unref (db);

  db = agg_db_open (path, &error);
  g_assert_null (db);
  g_assert_error (error, AGG_ERROR, AGG_ERROR_DATABASE);
  g_assert_nonnull (g_strstr_len (error->message, -1, "newer than this program"));
}

static void
test_unique_violation_is_exists (void)
{
  g_autofree char *dir = agg_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "unique.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AggDb) db = agg_db_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (agg_db_exec (db, "INSERT INTO services VALUES ('test-x', 'Test X', 'now')", &error));
  g_assert_false (agg_db_exec (db, "INSERT INTO services VALUES ('test-x', 'Test Y', 'now')", &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_EXISTS);
}

/* Every statement of store/agg-store.sql prepares against the schema this
 * program writes, so a typo or a renamed column fails here, not in the
 * field the first time some rare path runs. */
static void
test_every_query_prepares (void)
{
  g_autofree char *dir = agg_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "queries.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AggDb) db = agg_db_open (path, &error);
  g_auto(GStrv) names = agg_db_list_queries ();

  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), >=, 40);
  /* Some statements work on the temporary table "scores recompute" makes. */
  g_assert_true (agg_db_exec (db, agg_db_sql ("recomputed-create"), &error));
  g_assert_no_error (error);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;

      /* Run above already, and it cannot make the table twice. */
      if (g_str_equal (names[i], "recomputed-create"))
        continue;
      stmt = agg_db_prepare (db, agg_db_sql (names[i]), &error);

      if (error != NULL)
        g_test_message ("query %s: %s", names[i], error->message);
      g_assert_no_error (error);
      g_assert_nonnull (stmt);
    }
}

/* A named statement is prepared once per connection and handed out again. */
static void
test_named_query_cached (void)
{
  g_autofree char *dir = agg_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "cached.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AggDb) db = agg_db_open (path, &error);
  sqlite3_stmt *first, *again;

  g_assert_no_error (error);
  first = agg_db_query (db, "service-get", &error);
  g_assert_no_error (error);
  agg_db_release (first);
  again = agg_db_query (db, "service-get", &error);
  g_assert_no_error (error);
  g_assert_true (first == again);
  g_assert_cmpstr (sqlite3_sql (again), ==, agg_db_sql ("service-get"));
  agg_db_release (again);
}

/* An unknown name is a bug of the program: it stops, naming the query. */
static void
test_unknown_query_aborts (void)
{
  if (g_test_subprocess ())
    {
      agg_db_sql ("no-such-query");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*no query named*no-such-query*");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/aggregator/db/new-database", test_new_database);
  g_test_add_func ("/aggregator/db/reopen-keeps-data", test_reopen_keeps_data);
  g_test_add_func ("/aggregator/db/readable-database-made-private",
                   test_readable_database_made_private);
  g_test_add_func ("/aggregator/db/foreign-database-refused", test_foreign_database_refused);
  g_test_add_func ("/aggregator/db/newer-schema-refused", test_newer_schema_refused);
  g_test_add_func ("/aggregator/db/unique-violation-is-exists", test_unique_violation_is_exists);
  g_test_add_func ("/aggregator/db/every-query-prepares", test_every_query_prepares);
  g_test_add_func ("/aggregator/db/named-query-cached", test_named_query_cached);
  g_test_add_func ("/aggregator/db/unknown-query-aborts", test_unknown_query_aborts);

  return g_test_run ();
}
