/* test-children.c — core/agg-children.c called directly: what a tablet
 * learns of a child, and what is due as of a given moment: quality of life
 * again after 28 days, the experience questions once a month. */
#include "config.h"

#include "agg-admin.h"
#include "agg-children.h"
#include "agg-error.h"
#include "agg-test-util.h"

/* agg_children_describe() of @code for service A as of @iso (UTC), as one
 * compact JSON text. */
static char *
describe (AggTestWorld *world,
          const char   *code,
          const char   *iso)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (iso, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_assert_nonnull (now);
  node = agg_children_describe (world->db, world->forms, code, world->service_a, now, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  return json_to_string (node, FALSE);
}

static void
test_fresh_child (AggTestWorld  *world,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *unrated = agg_admin_add_child (world->db, world->service_a, "18-25", NULL,
                                                  NULL, "cli:test", &error);
  g_autofree char *lower = g_ascii_strdown (world->child_a, -1);
  g_autofree char *json = NULL;
  g_autofree char *expected = NULL;

  g_assert_no_error (error);
  json = describe (world, lower, "2026-05-20T12:00:00Z");
  expected = g_strdup_printf ("{\"code\":\"%s\",\"age_band\":\"under-18\",\"dsr\":\"red\","
                              "\"goal_set\":null,\"due\":[\"family-qol\",\"experience\"]}",
                              world->child_a);
  g_assert_cmpstr (json, ==, expected);
  g_clear_pointer (&json, g_free);
  g_clear_pointer (&expected, g_free);

  json = describe (world, unrated, "2026-05-20T12:00:00Z");
  expected = g_strdup_printf ("{\"code\":\"%s\",\"age_band\":\"18-25\",\"dsr\":null,"
                              "\"goal_set\":null,\"due\":[\"family-qol\",\"experience\"]}",
                              unrated);
  g_assert_cmpstr (json, ==, expected);
}

/* Another service's child, an unknown code and a malformed one are all
 * the same "no such child". */
static void
test_not_found (AggTestWorld  *world,
               gconstpointer  data)
{
  const char *codes[] = { world->child_b, "2222-2222", "nonsense" };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = agg_children_describe (world->db, world->forms, codes[i],
                                                        world->service_a, now, &error);

      g_assert_null (node);
      g_assert_error (error, AGG_ERROR, AGG_ERROR_NOT_FOUND);
      g_assert_cmpstr (error->message, ==, "there is no such child");
    }
}

/* A quality-of-life answer completed 2026-05-04T09:06:40Z and a declined
 * offer in May 2026. */
static void
test_due_by_date (AggTestWorld  *world,
                 gconstpointer  data)
{
  g_autoptr(JsonObject) submission = agg_test_qol_submission (world->child_a);
  g_autofree char *offer_json = g_strdup_printf (
    "{\"id\": \"6f1c2a4e-0000-4000-8000-000000000001\", \"child\": \"%s\", "
    "\"month\": \"2026-05\", \"outcome\": \"declined\"}", world->child_a);
  g_autoptr(JsonObject) offer = agg_test_parse_object (offer_json);
  g_autofree char *batch = agg_test_batch (&submission, 1, &offer, 1);
  g_auto(AggResponse) response = { 0 };
  g_autofree char *json = NULL;

  agg_test_call (world->api, "POST", "/api/v1/submissions", world->device_a,
                 "application/json", batch, &response);
  g_assert_cmpuint (response.status, ==, 200);

  /* 27 days on, in May: nothing is due. */
  json = describe (world, world->child_a, "2026-05-31T09:00:00Z");
  g_assert_true (g_str_has_suffix (json, "\"due\":[]}"));
  g_clear_pointer (&json, g_free);
  /* 29 days on, in June: both again. */
  json = describe (world, world->child_a, "2026-06-02T10:00:00Z");
  g_assert_true (g_str_has_suffix (json, "\"due\":[\"family-qol\",\"experience\"]}"));
  g_clear_pointer (&json, g_free);
  /* Still within 28 days, but a new month. */
  json = describe (world, world->child_a, "2026-06-01T00:00:00Z");
  g_assert_true (g_str_has_suffix (json, "\"due\":[\"experience\"]}"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/aggregator/children/" path, AggTestWorld, NULL, agg_test_world_setup, func, \
              agg_test_world_teardown)
  ADD ("fresh-child", test_fresh_child);
  ADD ("not-found", test_not_found);
  ADD ("due-by-date", test_due_by_date);
#undef ADD

  return g_test_run ();
}
