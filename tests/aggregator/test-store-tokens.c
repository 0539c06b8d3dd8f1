/* test-store-tokens.c — tokens kept by digest: found by id or by digest
 * while valid, revoked once, and listed by role and service without their
 * digests. */
#include "config.h"

#include "agg-error.h"
#include "agg-store-services.h"
#include "agg-store-tokens.h"
#include "agg-test-util.h"

static AggDb *
open_with_services (void)
{
  AggDb *db = agg_test_open_db ();
  g_autoptr(GError) error = NULL;

  g_assert_true (agg_store_services_insert (db, "test-a", "Test A", "2026-01-01T00:00:00Z",
                                            &error));
  g_assert_true (agg_store_services_insert (db, "test-b", "Test B", "2026-01-01T00:00:00Z",
                                            &error));
  g_assert_no_error (error);
  return db;
}

static void
test_get_and_lookup (void)
{
  g_autoptr(AggDb) db = open_with_services ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AggTokenRow) token = NULL;
  g_autoptr(AggTokenRow) found = NULL;
  g_autoptr(AggTokenRow) missing = NULL;

  g_assert_true (agg_store_tokens_insert (db, "tok-lead", "service", "test-a", "Test lead",
                                          "digest-lead", "2026-01-02T00:00:00Z", &error));
  g_assert_true (agg_store_tokens_insert (db, "tok-eval", "evaluator", NULL, "",
                                          "digest-eval", "2026-01-02T00:00:00Z", &error));
  g_assert_no_error (error);

  g_assert_true (agg_store_tokens_get (db, "tok-lead", &token, &error));
  g_assert_nonnull (token);
  g_assert_cmpstr (token->id, ==, "tok-lead");
  g_assert_cmpstr (token->role, ==, "service");
  g_assert_cmpstr (token->service_id, ==, "test-a");
  g_assert_null (token->revoked_at);

  g_assert_true (agg_store_tokens_lookup (db, "digest-eval", &found, &error));
  g_assert_nonnull (found);
  g_assert_cmpstr (found->id, ==, "tok-eval");
  g_assert_cmpstr (found->role, ==, "evaluator");
  g_assert_null (found->service_id);

  g_assert_true (agg_store_tokens_lookup (db, "digest-none", &missing, &error));
  g_assert_null (missing);
  g_assert_true (agg_store_tokens_get (db, "tok-none", &missing, &error));
  g_assert_null (missing);
  g_assert_no_error (error);

  /* A digest belongs to one token. */
  g_assert_false (agg_store_tokens_insert (db, "tok-other", "service", "test-b", "",
                                           "digest-lead", "2026-01-03T00:00:00Z", &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_EXISTS);
}

static void
test_revoke (void)
{
  g_autoptr(AggDb) db = open_with_services ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AggTokenRow) token = NULL;
  g_autoptr(AggTokenRow) found = NULL;

  g_assert_true (agg_store_tokens_insert (db, "dev-a", "device", "test-a", "Tablet",
                                          "digest-a", "2026-01-02T00:00:00Z", &error));
  g_assert_cmpint (agg_store_tokens_revoke (db, "dev-a", "2026-01-05T00:00:00Z", &error), ==, 1);
  /* The first revocation stands; a second changes nothing. */
  g_assert_cmpint (agg_store_tokens_revoke (db, "dev-a", "2026-01-06T00:00:00Z", &error), ==, 0);
  g_assert_cmpint (agg_store_tokens_revoke (db, "dev-none", "2026-01-06T00:00:00Z", &error),
                   ==, 0);
  g_assert_no_error (error);

  g_assert_true (agg_store_tokens_get (db, "dev-a", &token, &error));
  g_assert_cmpstr (token->revoked_at, ==, "2026-01-05T00:00:00Z");
  /* A revoked token authenticates nobody. */
  g_assert_true (agg_store_tokens_lookup (db, "digest-a", &found, &error));
  g_assert_null (found);
  g_assert_no_error (error);
}

/* Returns the ids of @tokens joined by spaces. */
static char *
ids_of (GPtrArray *tokens)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;

  for (guint i = 0; i < tokens->len; i++)
    g_strv_builder_add (builder, ((AggTokenRow *) g_ptr_array_index (tokens, i))->id);
  ids = g_strv_builder_end (builder);
  return g_strjoinv (" ", ids);
}

static void
test_list_filters (void)
{
  g_autoptr(AggDb) db = open_with_services ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GPtrArray) of_a = NULL;
  g_autoptr(GPtrArray) devices_of_b = NULL;
  g_autofree char *all_ids = NULL;
  AggTokenRow *eval, *dev;

  /* Listed by creation time, then id. */
  g_assert_true (agg_store_tokens_insert (db, "tok-z", "evaluator", NULL, "Test evaluator",
                                          "d1", "2026-01-01T00:00:00Z", &error));
  g_assert_true (agg_store_tokens_insert (db, "dev-b", "device", "test-b", "", "d2",
                                          "2026-01-03T00:00:00Z", &error));
  g_assert_true (agg_store_tokens_insert (db, "dev-a", "device", "test-a", "Tablet A", "d3",
                                          "2026-01-03T00:00:00Z", &error));
  g_assert_true (agg_store_tokens_insert (db, "tok-a", "service", "test-a", "", "d4",
                                          "2026-01-02T00:00:00Z", &error));
  g_assert_cmpint (agg_store_tokens_revoke (db, "dev-a", "2026-01-04T00:00:00Z", &error), ==, 1);
  g_assert_no_error (error);

  all = agg_store_tokens_list (db, NULL, NULL, &error);
  g_assert_no_error (error);
  all_ids = ids_of (all);
  g_assert_cmpstr (all_ids, ==, "tok-z tok-a dev-a dev-b");

  /* Every field, "" where a token has no service or is not revoked. */
  eval = g_ptr_array_index (all, 0);
  g_assert_cmpstr (eval->role, ==, "evaluator");
  g_assert_cmpstr (eval->service_id, ==, "");
  g_assert_cmpstr (eval->name, ==, "Test evaluator");
  g_assert_cmpstr (eval->created_at, ==, "2026-01-01T00:00:00Z");
  g_assert_cmpstr (eval->revoked_at, ==, "");
  dev = g_ptr_array_index (all, 2);
  g_assert_cmpstr (dev->service_id, ==, "test-a");
  g_assert_cmpstr (dev->name, ==, "Tablet A");
  g_assert_cmpstr (dev->revoked_at, ==, "2026-01-04T00:00:00Z");

  devices = agg_store_tokens_list (db, "device", NULL, &error);
  of_a = agg_store_tokens_list (db, NULL, "test-a", &error);
  devices_of_b = agg_store_tokens_list (db, "device", "test-b", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (devices->len, ==, 2);
  g_assert_cmpuint (of_a->len, ==, 2);
  g_assert_cmpuint (devices_of_b->len, ==, 1);
  g_assert_cmpstr (((AggTokenRow *) g_ptr_array_index (devices_of_b, 0))->id, ==, "dev-b");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/aggregator/store-tokens/get-and-lookup", test_get_and_lookup);
  g_test_add_func ("/aggregator/store-tokens/revoke", test_revoke);
  g_test_add_func ("/aggregator/store-tokens/list-filters", test_list_filters);

  return g_test_run ();
}
