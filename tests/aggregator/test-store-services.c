/* test-store-services.c — services stored, found and listed by id, with
 * how many children and tablets still enrolled each has. */
#include "config.h"

#include "agg-error.h"
#include "agg-store-children.h"
#include "agg-store-services.h"
#include "agg-store-tokens.h"
#include "agg-test-util.h"

#define NOW "2026-01-01T00:00:00Z"

static void
test_insert_and_exists (void)
{
  g_autoptr(AggDb) db = agg_test_open_db ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (agg_store_services_exists (db, "test-a", &error), ==, 0);
  g_assert_true (agg_store_services_insert (db, "test-a", "Test A", NOW, &error));
  g_assert_no_error (error);
  g_assert_cmpint (agg_store_services_exists (db, "test-a", &error), ==, 1);
  g_assert_cmpint (agg_store_services_exists (db, "test-b", &error), ==, 0);
  g_assert_no_error (error);

  /* An id is taken once. */
  g_assert_false (agg_store_services_insert (db, "test-a", "Test A again", NOW, &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_EXISTS);
}

static void
test_list_counts (void)
{
  g_autoptr(AggDb) db = agg_test_open_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) services = NULL;
  AggServiceRow *a, *b;
  gint64 id;

  services = agg_store_services_list (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (services->len, ==, 0);
  g_clear_pointer (&services, g_ptr_array_unref);

  g_assert_true (agg_store_services_insert (db, "test-b", "Test B", NOW, &error));
  g_assert_true (agg_store_services_insert (db, "test-a", "Test A", "2026-02-01T00:00:00Z",
                                            &error));
  g_assert_true (agg_store_children_insert (db, "2222-2222", "test-a", "18-25", NOW, &id, &error));
  g_assert_true (agg_store_children_insert (db, "3333-3333", "test-a", "under-18", NOW, &id,
                                            &error));
  /* Two tablets of A, one of them revoked, and a service lead's token,
   * which is not a tablet. */
  g_assert_true (agg_store_tokens_insert (db, "dev-1", "device", "test-a", "", "h1", NOW, &error));
  g_assert_true (agg_store_tokens_insert (db, "dev-2", "device", "test-a", "", "h2", NOW, &error));
  g_assert_cmpint (agg_store_tokens_revoke (db, "dev-2", NOW, &error), ==, 1);
  g_assert_true (agg_store_tokens_insert (db, "tok-1", "service", "test-a", "", "h3", NOW,
                                          &error));
  g_assert_no_error (error);

  services = agg_store_services_list (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (services->len, ==, 2);
  a = g_ptr_array_index (services, 0);
  b = g_ptr_array_index (services, 1);
  g_assert_cmpstr (a->id, ==, "test-a");
  g_assert_cmpstr (a->name, ==, "Test A");
  g_assert_cmpstr (a->created_at, ==, "2026-02-01T00:00:00Z");
  g_assert_cmpint (a->n_children, ==, 2);
  g_assert_cmpint (a->n_devices, ==, 1);
  g_assert_cmpstr (b->id, ==, "test-b");
  g_assert_cmpint (b->n_children, ==, 0);
  g_assert_cmpint (b->n_devices, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/aggregator/store-services/insert-and-exists", test_insert_and_exists);
  g_test_add_func ("/aggregator/store-services/list-counts", test_list_counts);

  return g_test_run ();
}
