/* test-db.c — opening the database: WAL, synchronous=FULL, migrations,
 * a private file, and refusing files that are not ours. */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "agg-db.h"
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

  return g_test_run ();
}
