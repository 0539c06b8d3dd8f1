/* test-store-query.c — running a named statement: parameters bound in
 * order, text or integer, NULL as SQL NULL; changes counted; the first
 * row, or none; every row in the statement's order; and a statement never
 * left half-stepped for the next caller. */
#include "config.h"

#include "agg-db-private.h"
#include "agg-error.h"
#include "agg-store-query.h"
#include "agg-test-util.h"

static gpointer
read_first_column (sqlite3_stmt *stmt)
{
  return agg_store_column_dup (stmt, 0);
}

static void
add_service (AggDb      *db,
             const char *id,
             const char *name)
{
  g_autoptr(GError) error = NULL;
  const AggStoreParam params[] = {
    AGG_STORE_TEXT (id), AGG_STORE_TEXT (name), AGG_STORE_TEXT ("2026-01-01T00:00:00Z"),
  };

  g_assert_cmpint (agg_store_query_run (db, "service-insert", params, G_N_ELEMENTS (params),
                                        &error), ==, 1);
  g_assert_no_error (error);
}

static void
test_run_counts_changes (void)
{
  g_autoptr(AggDb) db = agg_test_open_db ();
  g_autoptr(GError) error = NULL;
  const AggStoreParam revoke[] = { AGG_STORE_TEXT ("tok-NONE"), AGG_STORE_TEXT ("now") };
  const AggStoreParam again[] = {
    AGG_STORE_TEXT ("test-a"), AGG_STORE_TEXT ("Test A again"), AGG_STORE_TEXT ("now"),
  };

  add_service (db, "test-a", "Test A");
  /* An UPDATE that matches nothing changes nothing, and is no failure. */
  g_assert_cmpint (agg_store_query_run (db, "token-revoke", revoke, G_N_ELEMENTS (revoke),
                                        &error), ==, 0);
  g_assert_no_error (error);

  g_assert_cmpint (agg_store_query_run (db, "service-insert", again, G_N_ELEMENTS (again),
                                        &error), ==, -1);
  g_assert_error (error, AGG_ERROR, AGG_ERROR_EXISTS);
}

static void
test_exists_and_get (void)
{
  g_autoptr(AggDb) db = agg_test_open_db ();
  g_autoptr(GError) error = NULL;
  const AggStoreParam known[] = { AGG_STORE_TEXT ("test-a") };
  const AggStoreParam unknown[] = { AGG_STORE_TEXT ("test-z") };
  const AggStoreParam null[] = { AGG_STORE_TEXT (NULL) };
  g_autofree char *id = NULL;
  char *none = (char *) "untouched";

  add_service (db, "test-a", "Test A");
  g_assert_cmpint (agg_store_query_exists (db, "service-get", known, 1, &error), ==, 1);
  g_assert_cmpint (agg_store_query_exists (db, "service-get", unknown, 1, &error), ==, 0);
  /* NULL binds SQL NULL, which equals nothing. */
  g_assert_cmpint (agg_store_query_exists (db, "service-get", null, 1, &error), ==, 0);
  g_assert_no_error (error);

  g_assert_true (agg_store_query_get (db, "service-get", known, 1, read_first_column,
                                      (gpointer *) &id, &error));
  g_assert_cmpstr (id, ==, "test-a");
  /* No row clears the caller's pointer. */
  g_assert_true (agg_store_query_get (db, "service-get", unknown, 1, read_first_column,
                                      (gpointer *) &none, &error));
  g_assert_null (none);
  g_assert_no_error (error);
}

static void
test_list_in_order (void)
{
  g_autoptr(AggDb) db = agg_test_open_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = NULL;

  ids = agg_store_query_list (db, "service-list", NULL, 0, read_first_column, g_free, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_ptr_array_unref);

  add_service (db, "test-c", "Test C");
  add_service (db, "test-a", "Test A");
  add_service (db, "test-b", "Test B");
  ids = agg_store_query_list (db, "service-list", NULL, 0, read_first_column, g_free, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, "test-a");
  g_assert_cmpstr (g_ptr_array_index (ids, 1), ==, "test-b");
  g_assert_cmpstr (g_ptr_array_index (ids, 2), ==, "test-c");
}

/* Integers bind as integers, and the last id is the row just inserted. */
static void
test_integer_and_last_id (void)
{
  g_autoptr(AggDb) db = agg_test_open_db ();
  g_autoptr(GError) error = NULL;
  const AggStoreParam child[] = {
    AGG_STORE_TEXT ("2222-2222"), AGG_STORE_TEXT ("test-a"), AGG_STORE_TEXT ("18-25"),
    AGG_STORE_TEXT ("now"),
  };
  g_autofree char *rating = NULL;
  gint64 id;

  add_service (db, "test-a", "Test A");
  g_assert_cmpint (agg_store_query_run (db, "child-insert", child, G_N_ELEMENTS (child),
                                        &error), ==, 1);
  id = agg_store_query_last_id (db);
  g_assert_cmpint (id, >, 0);

  {
    const AggStoreParam dsr[] = {
      AGG_STORE_INT (id), AGG_STORE_TEXT ("green"), AGG_STORE_TEXT ("2026-02-02"),
      AGG_STORE_TEXT ("now"),
    };
    const AggStoreParam current[] = { AGG_STORE_INT (id) };

    g_assert_cmpint (agg_store_query_run (db, "dsr-insert", dsr, G_N_ELEMENTS (dsr), &error),
                     ==, 1);
    g_assert_true (agg_store_query_get (db, "dsr-current", current, 1, read_first_column,
                                        (gpointer *) &rating, &error));
  }
  g_assert_no_error (error);
  g_assert_cmpstr (rating, ==, "green");
}

/* A statement is released when the helper returns, even after a failure,
 * so the same statement serves the next call. */
static void
test_released_after_failure (void)
{
  g_autoptr(AggDb) db = agg_test_open_db ();
  g_autoptr(GError) error = NULL;
  const AggStoreParam orphan[] = {
    AGG_STORE_TEXT ("2222-2222"), AGG_STORE_TEXT ("test-none"), AGG_STORE_TEXT ("18-25"),
    AGG_STORE_TEXT ("now"),
  };
  const AggStoreParam child[] = {
    AGG_STORE_TEXT ("2222-2222"), AGG_STORE_TEXT ("test-a"), AGG_STORE_TEXT ("18-25"),
    AGG_STORE_TEXT ("now"),
  };

  add_service (db, "test-a", "Test A");
  /* A child of a service that does not exist breaks the foreign key. */
  g_assert_cmpint (agg_store_query_run (db, "child-insert", orphan, 4, &error), ==, -1);
  g_assert_error (error, AGG_ERROR, AGG_ERROR_DATABASE);
  g_clear_error (&error);
  g_assert_cmpint (agg_store_query_run (db, "child-insert", child, 4, &error), ==, 1);
  g_assert_no_error (error);
}

/* Binding fewer parameters than the statement has is a bug of the
 * program: it stops. */
static void
test_wrong_parameter_count_aborts (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(AggDb) db = agg_test_open_db ();
      const AggStoreParam params[] = { AGG_STORE_TEXT ("test-a") };

      agg_store_query_run (db, "service-insert", params, G_N_ELEMENTS (params), NULL);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*n_params*");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/aggregator/store-query/run-counts-changes", test_run_counts_changes);
  g_test_add_func ("/aggregator/store-query/exists-and-get", test_exists_and_get);
  g_test_add_func ("/aggregator/store-query/list-in-order", test_list_in_order);
  g_test_add_func ("/aggregator/store-query/integer-and-last-id", test_integer_and_last_id);
  g_test_add_func ("/aggregator/store-query/released-after-failure",
                   test_released_after_failure);
  g_test_add_func ("/aggregator/store-query/wrong-parameter-count-aborts",
                   test_wrong_parameter_count_aborts);

  return g_test_run ();
}
