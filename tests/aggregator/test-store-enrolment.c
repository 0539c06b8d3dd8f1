/* test-store-enrolment.c — an enrolment code is found by its digest with
 * its service's name, and used once. */
#include "config.h"

#include "agg-error.h"
#include "agg-store-enrolment.h"
#include "agg-store-services.h"
#include "agg-store-tokens.h"
#include "agg-test-util.h"

static void
test_lookup_and_use (void)
{
  g_autoptr(AggDb) db = agg_test_open_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AggEnrolmentRow) code = NULL;
  g_autoptr(AggEnrolmentRow) used = NULL;
  g_autoptr(AggEnrolmentRow) missing = NULL;

  g_assert_true (agg_store_services_insert (db, "test-a", "Test Service A",
                                            "2026-01-01T00:00:00Z", &error));
  g_assert_true (agg_store_enrolment_insert (db, "code-digest", "test-a", "2026-01-02T00:00:00Z",
                                             "2026-01-03T00:00:00Z", &error));
  g_assert_no_error (error);

  g_assert_true (agg_store_enrolment_lookup (db, "code-digest", &code, &error));
  g_assert_nonnull (code);
  g_assert_cmpstr (code->service_id, ==, "test-a");
  g_assert_cmpstr (code->service_name, ==, "Test Service A");
  g_assert_cmpstr (code->expires_at, ==, "2026-01-03T00:00:00Z");
  g_assert_null (code->used_at);

  /* The device the code enrolled must be a token. */
  g_assert_true (agg_store_tokens_insert (db, "dev-a", "device", "test-a", "", "token-digest",
                                          "2026-01-02T01:00:00Z", &error));
  g_assert_cmpint (agg_store_enrolment_use (db, "code-digest", "2026-01-02T01:00:00Z", "dev-a",
                                            &error), ==, 1);
  /* Once only. */
  g_assert_cmpint (agg_store_enrolment_use (db, "code-digest", "2026-01-02T02:00:00Z", "dev-a",
                                            &error), ==, 0);
  g_assert_cmpint (agg_store_enrolment_use (db, "other-digest", "2026-01-02T02:00:00Z", "dev-a",
                                            &error), ==, 0);
  g_assert_no_error (error);

  g_assert_true (agg_store_enrolment_lookup (db, "code-digest", &used, &error));
  g_assert_cmpstr (used->used_at, ==, "2026-01-02T01:00:00Z");
  g_assert_true (agg_store_enrolment_lookup (db, "other-digest", &missing, &error));
  g_assert_null (missing);
  g_assert_no_error (error);
}

static void
test_unknown_service_refused (void)
{
  g_autoptr(AggDb) db = agg_test_open_db ();
  g_autoptr(GError) error = NULL;

  g_assert_false (agg_store_enrolment_insert (db, "code-digest", "test-none",
                                              "2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z",
                                              &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_DATABASE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/aggregator/store-enrolment/lookup-and-use", test_lookup_and_use);
  g_test_add_func ("/aggregator/store-enrolment/unknown-service-refused",
                   test_unknown_service_refused);

  return g_test_run ();
}
