/* test-store-children.c — children stored under a unique code and listed
 * by service; DSR ratings kept as history, the latest by date in force;
 * and what a tablet asks of a child: its newest goal set, its last answer
 * to a form, whether it was offered the experience questions this month. */
#include "config.h"

#include "agg-db-private.h"
#include "agg-error.h"
#include "agg-store-children.h"
#include "agg-store-services.h"
#include "agg-store-tokens.h"
#include "agg-test-util.h"

#define NOW "2026-01-01T00:00:00Z"

/* Services test-a and test-b, and child 2222-2222 of test-a; returns the
 * child's id. */
static gint64
populate (AggDb *db)
{
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  g_assert_true (agg_store_services_insert (db, "test-a", "Test A", NOW, &error));
  g_assert_true (agg_store_services_insert (db, "test-b", "Test B", NOW, &error));
  g_assert_true (agg_store_children_insert (db, "2222-2222", "test-a", "under-18", NOW, &id,
                                            &error));
  g_assert_no_error (error);
  return id;
}

static void
exec (AggDb      *db,
      const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (agg_db_exec (db, sql, &error));
  g_assert_no_error (error);
}

static void
test_insert_and_get (void)
{
  g_autoptr(AggDb) db = agg_test_open_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AggChildRow) child = NULL;
  g_autoptr(AggChildRow) missing = NULL;
  gint64 id = populate (db);
  gint64 other = 0;

  g_assert_cmpint (id, >, 0);
  g_assert_true (agg_store_children_get (db, "2222-2222", &child, &error));
  g_assert_no_error (error);
  g_assert_nonnull (child);
  g_assert_cmpint (child->id, ==, id);
  g_assert_cmpstr (child->code, ==, "2222-2222");
  g_assert_cmpstr (child->service_id, ==, "test-a");
  g_assert_cmpstr (child->age_band, ==, "under-18");

  g_assert_true (agg_store_children_get (db, "3333-3333", &missing, &error));
  g_assert_null (missing);

  /* A code is unique across services, and a child needs a real service. */
  g_assert_false (agg_store_children_insert (db, "2222-2222", "test-b", "18-25", NOW, &other,
                                             &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (agg_store_children_insert (db, "4444-4444", "test-none", "18-25", NOW, &other,
                                             &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_DATABASE);
  g_assert_cmpint (other, ==, 0);
}

static void
test_dsr_history (void)
{
  g_autoptr(AggDb) db = agg_test_open_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AggDsrRow) none = NULL;
  g_autoptr(AggDsrRow) current = NULL;
  g_autoptr(GPtrArray) history = NULL;
  gint64 id = populate (db);
  AggDsrRow *first;

  g_assert_true (agg_store_children_current_dsr (db, id, &none, &error));
  g_assert_null (none);

  /* Recorded out of order: the later date is in force, whatever was
   * recorded last, and the history runs by date. */
  g_assert_true (agg_store_children_add_dsr (db, id, "amber", "2026-03-01", "2026-03-01T09:00:00Z",
                                             &error));
  g_assert_true (agg_store_children_add_dsr (db, id, "red", "2026-02-01", "2026-03-02T09:00:00Z",
                                             &error));
  g_assert_no_error (error);
  g_assert_true (agg_store_children_current_dsr (db, id, &current, &error));
  g_assert_cmpstr (current->rating, ==, "amber");
  g_assert_cmpstr (current->rated_on, ==, "2026-03-01");
  g_assert_null (current->recorded_at);

  history = agg_store_children_dsr_history (db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  first = g_ptr_array_index (history, 0);
  g_assert_cmpstr (first->rating, ==, "red");
  g_assert_cmpstr (first->rated_on, ==, "2026-02-01");
  g_assert_cmpstr (first->recorded_at, ==, "2026-03-02T09:00:00Z");
  g_assert_cmpstr (((AggDsrRow *) g_ptr_array_index (history, 1))->rating, ==, "amber");

  /* Not a rating. */
  g_assert_false (agg_store_children_add_dsr (db, id, "purple", "2026-03-01", NOW, &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_DATABASE);
}

/* A device token and a gas-goals submission of child 2222-2222 that sets
 * goal set version 1. */
static void
add_goal_set (AggDb *db)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (agg_store_tokens_insert (db, "dev-a", "device", "test-a", "", "digest", NOW,
                                          &error));
  g_assert_no_error (error);
  exec (db, "INSERT INTO submissions VALUES ('sub-1', 'h', 'gas-goals', 1, 'gas-goals', "
            "(SELECT id FROM children WHERE code = '2222-2222'), 'dev-a', 'young-person', "
            "'self', 'en-GB', 0, '2026-02-01T10:00:00Z', '2026-02-01T10:05:00Z', "
            "'2026-02-01T10:05:00Z', '2026-02-01', 1, '{}', '2026-02-01T10:06:00Z')");
  exec (db, "INSERT INTO goal_sets VALUES ((SELECT id FROM children WHERE code = '2222-2222'), "
            "1, '2026-02-01', 'sub-1', '[{\"goal\":1}]', 1)");
}

static void
test_list (void)
{
  g_autoptr(AggDb) db = agg_test_open_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) of_b = NULL;
  gint64 id = populate (db);
  gint64 other;
  AggChildRow *row;

  g_assert_true (agg_store_children_insert (db, "3333-3333", "test-b", "18-25", NOW, &other,
                                            &error));
  g_assert_true (agg_store_children_insert (db, "2223-2222", "test-a", "18-25", NOW, &other,
                                            &error));
  g_assert_true (agg_store_children_add_dsr (db, id, "blue", "2026-01-10", NOW, &error));
  g_assert_no_error (error);
  add_goal_set (db);

  /* By service, then code. */
  all = agg_store_children_list (db, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 3);
  row = g_ptr_array_index (all, 0);
  g_assert_cmpstr (row->code, ==, "2222-2222");
  g_assert_cmpstr (row->service_id, ==, "test-a");
  g_assert_cmpstr (row->age_band, ==, "under-18");
  g_assert_cmpstr (row->dsr, ==, "blue");
  g_assert_cmpstr (row->dsr_since, ==, "2026-01-10");
  g_assert_cmpint (row->goal_set_version, ==, 1);
  row = g_ptr_array_index (all, 1);
  g_assert_cmpstr (row->code, ==, "2223-2222");
  g_assert_cmpstr (row->dsr, ==, "");
  g_assert_cmpstr (row->dsr_since, ==, "");
  g_assert_cmpint (row->goal_set_version, ==, 0);
  g_assert_cmpstr (((AggChildRow *) g_ptr_array_index (all, 2))->code, ==, "3333-3333");

  of_b = agg_store_children_list (db, "test-b", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (of_b->len, ==, 1);
  g_assert_cmpstr (((AggChildRow *) g_ptr_array_index (of_b, 0))->code, ==, "3333-3333");
}

static void
test_what_is_due (void)
{
  g_autoptr(AggDb) db = agg_test_open_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AggGoalSetRow) none = NULL;
  g_autoptr(AggGoalSetRow) goal_set = NULL;
  g_autofree char *never = NULL;
  g_autofree char *last = NULL;
  gint64 id = populate (db);

  g_assert_true (agg_store_children_current_goal_set (db, id, &none, &error));
  g_assert_null (none);
  g_assert_true (agg_store_children_last_answered (db, id, "gas-goals", &never, &error));
  g_assert_null (never);
  g_assert_cmpint (agg_store_children_offered_in (db, id, "2026-02", &error), ==, 0);
  g_assert_no_error (error);

  add_goal_set (db);
  exec (db, "INSERT INTO offers VALUES ('off-1', 'h', (SELECT id FROM children "
            "WHERE code = '2222-2222'), '2026-02', 'declined', 'dev-a', '2026-02-01T10:06:00Z')");

  g_assert_true (agg_store_children_current_goal_set (db, id, &goal_set, &error));
  g_assert_nonnull (goal_set);
  g_assert_cmpint (goal_set->version, ==, 1);
  g_assert_cmpstr (goal_set->set_on, ==, "2026-02-01");
  g_assert_cmpstr (goal_set->goals, ==, "[{\"goal\":1}]");
  g_assert_true (agg_store_children_last_answered (db, id, "gas-goals", &last, &error));
  g_assert_cmpstr (last, ==, "2026-02-01T10:05:00Z");
  g_assert_cmpint (agg_store_children_offered_in (db, id, "2026-02", &error), ==, 1);
  g_assert_cmpint (agg_store_children_offered_in (db, id, "2026-03", &error), ==, 0);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/aggregator/store-children/insert-and-get", test_insert_and_get);
  g_test_add_func ("/aggregator/store-children/dsr-history", test_dsr_history);
  g_test_add_func ("/aggregator/store-children/list", test_list);
  g_test_add_func ("/aggregator/store-children/what-is-due", test_what_is_due);

  return g_test_run ();
}
