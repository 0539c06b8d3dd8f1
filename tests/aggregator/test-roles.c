/* test-roles.c — every endpoint × every kind of caller, through a real
 * server: no token, a revoked token, a tablet of service A, the lead of
 * service A, the lead of service B and an evaluator.  Service A never
 * sees service B's children. */
#include "config.h"

#include <string.h>

#include "agg-admin.h"
#include "agg-test-util.h"

/* A report that is allowed answers 200, or 501 while the reports are not
 * written; never 401 or 403. */
#define REPORT 1

enum { NONE, REVOKED, DEVICE_A, SERVICE_A, SERVICE_B, EVALUATOR, N_CALLERS };

static const char * const caller_names[] = {
  "no token", "revoked", "device A", "service A", "service B", "evaluator"
};

typedef struct
{
  const char *method;
  const char *path;        /* "{A}" and "{B}" stand for the children's codes */
  gboolean    body;        /* send a fresh valid batch for child A */
  int         expected[N_CALLERS];
} Row;

static const Row matrix[] = {
  { "GET",  "/api/v1/health",              FALSE, { 200, 200, 200, 200, 200, 200 } },
  { "POST", "/api/v1/devices",             FALSE, { 415, 415, 415, 415, 415, 415 } },
  { "GET",  "/api/v1/forms",               FALSE, { 401, 401, 200, 200, 200, 200 } },
  { "GET",  "/api/v1/forms/gas-review",    FALSE, { 401, 401, 200, 200, 200, 200 } },
  { "GET",  "/api/v1/children/{A}",        FALSE, { 401, 401, 200, 200, 404, 403 } },
  { "GET",  "/api/v1/children/{B}",        FALSE, { 401, 401, 404, 404, 200, 403 } },
  { "POST", "/api/v1/submissions",         TRUE,  { 401, 401, 200, 403, 403, 403 } },
  { "GET",  "/api/v1/reports/change",      FALSE, { 401, 401, 403, REPORT, REPORT, REPORT } },
  { "GET",  "/api/v1/reports/cohort",      FALSE, { 401, 401, 403, REPORT, REPORT, REPORT } },
  { "GET",  "/api/v1/reports/experience",  FALSE, { 401, 401, 403, REPORT, REPORT, REPORT } },
  { "GET",  "/api/v1/reports/change?service=test-service-b",
                                           FALSE, { 401, 401, 403, 403, REPORT, REPORT } },
  { "GET",  "/api/v1/reports/nonsense",    FALSE, { 401, 401, 403, 404, 404, 404 } },
};

static char *
fresh_batch (AggTestWorld *world)
{
  static const char * const items[] = {
    "enjoyment", "control", "self-care", "safety", "social", "own-time", "support", NULL
  };
  g_autoptr(JsonObject) submission = agg_test_submission ("family-qol", world->child_a);
  JsonObject *answers = json_object_new ();

  for (guint i = 0; items[i] != NULL; i++)
    json_object_set_string_member (answers, items[i], "as-wanted");
  json_object_set_object_member (submission, "answers", answers);
  return agg_test_batch (&submission, 1, NULL, 0);
}

static char *
expand (const char   *path,
        AggTestWorld *world)
{
  g_autoptr(GString) expanded = g_string_new (path);

  g_string_replace (expanded, "{A}", world->child_a, 0);
  g_string_replace (expanded, "{B}", world->child_b, 0);
  return g_string_free (g_steal_pointer (&expanded), FALSE);
}

static void
test_matrix (void)
{
  g_auto(AggTestWorld) world = { 0 };
  AggTestServer *server;
  const char *tokens[N_CALLERS];
  guint device_posts = 0;

  agg_test_world_init (&world);
  server = agg_test_server_start (world.api);
  tokens[NONE] = NULL;
  tokens[REVOKED] = world.revoked;
  tokens[DEVICE_A] = world.device_a;
  tokens[SERVICE_A] = world.service_a_token;
  tokens[SERVICE_B] = world.service_b_token;
  tokens[EVALUATOR] = world.evaluator;

  for (guint r = 0; r < G_N_ELEMENTS (matrix); r++)
    for (guint c = 0; c < N_CALLERS; c++)
      {
        const Row *row = &matrix[r];
        g_autofree char *path = expand (row->path, &world);
        g_autofree char *url = g_strconcat (agg_test_server_get_url (server), path + 1, NULL);
        g_autofree char *body = row->body ? fresh_batch (&world) : NULL;
        g_autofree char *reply = NULL;
        long status;

        status = agg_test_http (row->method, url, tokens[c], body != NULL ? "application/json" : NULL,
                                body, body != NULL ? strlen (body) : 0, &reply);
        g_test_message ("%s %s as %s → %ld", row->method, row->path, caller_names[c], status);
        if (row->expected[c] == REPORT)
          g_assert_true (status == 200 || status == 501);
        else
          g_assert_cmpint (status, ==, row->expected[c]);

        if (row->body && status == 200)
          device_posts++;
        /* Whatever service A or a tablet of service A is given, it never
         * holds a child code of service B. */
        if (c == DEVICE_A || c == SERVICE_A)
          g_assert_null (strstr (reply, world.child_b));
        if (c == SERVICE_B)
          g_assert_null (strstr (reply, world.child_a));
      }

  /* Only the tablet's upload was stored. */
  g_assert_cmpuint (device_posts, ==, 1);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count(*) FROM submissions"), ==, 1);

  agg_test_server_stop (server);
}

static void
test_revocation_is_immediate (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_autoptr(GError) error = NULL;
  AggTestServer *server;
  g_autofree char *url = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  agg_test_world_init (&world);
  server = agg_test_server_start (world.api);
  url = g_strconcat (agg_test_server_get_url (server), "api/v1/forms", NULL);

  g_assert_cmpint (agg_test_http ("GET", url, world.device_a, NULL, NULL, 0, &before), ==, 200);
  g_assert_true (agg_admin_revoke_token (world.db, world.device_a_id, TRUE, "cli:test", &error));
  g_assert_no_error (error);
  g_assert_cmpint (agg_test_http ("GET", url, world.device_a, NULL, NULL, 0, &after), ==, 401);
  g_assert_cmpint (agg_test_count (world.db,
                                   "SELECT count(*) FROM audit WHERE action = 'device-revoke'"), ==, 2);

  agg_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/aggregator/roles/matrix", test_matrix);
  g_test_add_func ("/aggregator/roles/revocation-is-immediate", test_revocation_is_immediate);

  return g_test_run ();
}
