/* test-store-audit.c — the audit trail keeps every record in the order it
 * was written, with "" for a missing target or detail. */
#include "config.h"

#include "agg-store-audit.h"
#include "agg-test-util.h"

static void
test_insert_and_list (void)
{
  g_autoptr(AggDb) db = agg_test_open_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  AggAuditRow *first, *second;

  records = agg_store_audit_list (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 0);
  g_clear_pointer (&records, g_ptr_array_unref);

  /* Written later but stamped earlier: the trail keeps the order of
   * writing, not of the stamps. */
  g_assert_true (agg_store_audit_insert (db, "2026-01-02T00:00:00Z", "cli:test", "service-add",
                                         "test-a", NULL, &error));
  g_assert_true (agg_store_audit_insert (db, "2026-01-01T00:00:00Z", "tok-1", "report", NULL,
                                         "change csv", &error));
  g_assert_no_error (error);

  records = agg_store_audit_list (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 2);
  first = g_ptr_array_index (records, 0);
  second = g_ptr_array_index (records, 1);
  g_assert_cmpstr (first->at, ==, "2026-01-02T00:00:00Z");
  g_assert_cmpstr (first->actor, ==, "cli:test");
  g_assert_cmpstr (first->action, ==, "service-add");
  g_assert_cmpstr (first->target, ==, "test-a");
  g_assert_cmpstr (first->detail, ==, "");
  g_assert_cmpstr (second->actor, ==, "tok-1");
  g_assert_cmpstr (second->target, ==, "");
  g_assert_cmpstr (second->detail, ==, "change csv");
}

/* A record written inside a transaction that is rolled back is gone with
 * it: an action and its record stand or fall together. */
static void
test_rolled_back_with_the_change (void)
{
  g_autoptr(AggDb) db = agg_test_open_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;

  g_assert_true (agg_db_begin (db, &error));
  g_assert_true (agg_store_audit_insert (db, "2026-01-01T00:00:00Z", "cli:test", "child-add",
                                         "2222-2222", "test-a", &error));
  agg_db_rollback (db);
  g_assert_no_error (error);

  records = agg_store_audit_list (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/aggregator/store-audit/insert-and-list", test_insert_and_list);
  g_test_add_func ("/aggregator/store-audit/rolled-back-with-the-change",
                   test_rolled_back_with_the_change);

  return g_test_run ();
}
