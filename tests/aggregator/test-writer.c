/* test-writer.c — uploads are stored by the writer thread, not on the
 * server's main loop.  An upload is held on the writer at a gate the test
 * controls (agg_api_set_ingest_hook()); while it waits, a health check and
 * a form list through the same server are answered at once, and a second
 * upload waits its turn behind the first.  Once the gate opens, both are
 * stored exactly once, in order; stopping the server while an upload is
 * held answers it 503 (or closes the connection) and stores nothing; and a
 * lookup's child-code refusal still reaches the audit trail once. */
#include "config.h"

#include <string.h>

#include "agg-test-util.h"

#define JSON "application/json"

/* ---- Uploads ------------------------------------------------------------ */

static const char *
first_status (const char *reply)
{
  static char status[16];
  g_autoptr(JsonObject) object = agg_test_parse_object (reply);

  g_strlcpy (status, agg_test_item_status (object, "submissions", 0, NULL), sizeof status);
  return status;
}

static gint64
count_submissions (AggTestWorld *world)
{
  return agg_test_count (world->db, "SELECT count(*) FROM submissions");
}

/* ---- Tests -------------------------------------------------------------- */

static void
test_health_while_upload_held (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_autofree char *batch = NULL;
  AggTestServer *server;
  const char *url;
  AggTestRequest first, second, health, forms, again;
  AggTestGate gate;

  agg_test_world_init (&world);
  agg_test_gate_init (&gate, 20);
  agg_api_set_ingest_hook (world.api, agg_test_gate_wait, &gate);
  server = agg_test_server_start (world.api);
  url = agg_test_server_get_url (server);

  batch = agg_test_qol_batch (world.child_a);
  agg_test_request_start (&first, "POST", url, "/api/v1/submissions", world.device_a,
                          g_strdup (batch));
  g_assert_true (agg_test_gate_wait_for_held (&gate, 1));

  /* The writer is held inside the upload; the main loop is not.  A health
   * check and a form list are answered while it waits. */
  agg_test_request_start (&health, "GET", url, "/api/v1/health", NULL, NULL);
  g_assert_true (agg_test_request_wait (&health, 2000));
  g_assert_cmpint (health.status, ==, 200);
  g_assert_nonnull (strstr (health.reply, "\"ok\""));
  agg_test_request_start (&forms, "GET", url, "/api/v1/forms", world.device_a, NULL);
  g_assert_true (agg_test_request_wait (&forms, 2000));
  g_assert_cmpint (forms.status, ==, 200);

  /* A second upload waits its turn behind the first: one writer, one
   * batch at a time. */
  agg_test_request_start (&second, "POST", url, "/api/v1/submissions", world.device_b,
                          agg_test_qol_batch (world.child_b));
  g_assert_false (agg_test_request_wait (&second, 200));
  g_assert_false (g_atomic_int_get (&first.done));
  g_assert_cmpuint (agg_test_gate_passed (&gate), ==, 0);
  g_assert_cmpint (count_submissions (&world), ==, 0);

  agg_test_gate_open (&gate);
  g_assert_true (agg_test_request_wait (&first, 10000));
  g_assert_true (agg_test_request_wait (&second, 10000));
  g_assert_cmpint (first.status, ==, 200);
  g_assert_cmpstr (first_status (first.reply), ==, "stored");
  g_assert_cmpint (second.status, ==, 200);
  g_assert_cmpstr (first_status (second.reply), ==, "stored");
  g_assert_cmpint (count_submissions (&world), ==, 2);

  /* Exactly once: the same batch again is a duplicate, stored nowhere. */
  agg_test_request_start (&again, "POST", url, "/api/v1/submissions", world.device_a,
                          g_strdup (batch));
  g_assert_true (agg_test_request_wait (&again, 10000));
  g_assert_cmpint (again.status, ==, 200);
  g_assert_cmpstr (first_status (again.reply), ==, "duplicate");
  g_assert_cmpint (count_submissions (&world), ==, 2);

  agg_test_server_stop (server);
  agg_test_request_finish (&first);
  agg_test_request_finish (&second);
  agg_test_request_finish (&health);
  agg_test_request_finish (&forms);
  agg_test_request_finish (&again);
  agg_test_gate_clear (&gate);
}

/* Stopping the server while an upload is held, with another queued behind
 * it: neither crashes nor hangs, both are refused (or their connections
 * closed), and nothing is stored; the database is fine for the next
 * server. */
static void
test_stop_while_upload_held (void)
{
  g_auto(AggTestWorld) world = { 0 };
  AggTestServer *server;
  const char *url;
  AggTestRequest first, second, after;
  AggTestGate gate;

  agg_test_world_init (&world);
  agg_test_gate_init (&gate, 20);
  agg_api_set_ingest_hook (world.api, agg_test_gate_wait, &gate);
  server = agg_test_server_start (world.api);
  url = agg_test_server_get_url (server);

  agg_test_request_start (&first, "POST", url, "/api/v1/submissions", world.device_a,
                          agg_test_qol_batch (world.child_a));
  g_assert_true (agg_test_gate_wait_for_held (&gate, 1));
  agg_test_request_start (&second, "POST", url, "/api/v1/submissions", world.device_b,
                          agg_test_qol_batch (world.child_b));
  g_assert_false (agg_test_request_wait (&second, 200));

  agg_test_server_stop (server);
  g_assert_true (agg_test_request_wait (&first, 10000));
  g_assert_true (agg_test_request_wait (&second, 10000));
  g_assert_true (first.status == 503 || first.status == 0);
  g_assert_true (second.status == 503 || second.status == 0);
  g_assert_false (gate.open);
  g_assert_cmpint (count_submissions (&world), ==, 0);

  /* The same API serves again, with a new writer. */
  agg_api_set_ingest_hook (world.api, NULL, NULL);
  server = agg_test_server_start (world.api);
  agg_test_request_start (&after, "POST", agg_test_server_get_url (server),
                          "/api/v1/submissions", world.device_a, agg_test_qol_batch (world.child_a));
  g_assert_true (agg_test_request_wait (&after, 10000));
  g_assert_cmpint (after.status, ==, 200);
  g_assert_cmpstr (first_status (after.reply), ==, "stored");
  g_assert_cmpint (count_submissions (&world), ==, 1);
  agg_test_server_stop (server);

  agg_test_request_finish (&first);
  agg_test_request_finish (&second);
  agg_test_request_finish (&after);
  agg_test_gate_clear (&gate);
}

/* Over HTTP, the audit record of a lookup refused for the child-code
 * budget is written by the writer: once for the run, however many
 * refusals were queued before it was written. */
static void
test_lookup_limit_audited (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_autofree char *path = NULL;
  AggTestServer *server;
  gint64 deadline;
  gint64 records = 0;

  agg_test_world_init (&world);
  agg_api_set_lookup_limit (world.api, 1, 0.01);
  server = agg_test_server_start (world.api);
  path = g_strconcat ("/api/v1/children/", world.child_a, NULL);

  for (guint i = 0; i < 4; i++)
    {
      AggTestRequest lookup;

      agg_test_request_start (&lookup, "GET", agg_test_server_get_url (server), path,
                              world.device_a, NULL);
      g_assert_true (agg_test_request_wait (&lookup, 10000));
      g_assert_cmpint (lookup.status, ==, i == 0 ? 200 : 429);
      agg_test_request_finish (&lookup);
    }

  deadline = g_get_monotonic_time () + 5 * G_TIME_SPAN_SECOND * agg_test_slowdown ();
  while (records == 0 && g_get_monotonic_time () < deadline)
    {
      g_usleep (5 * G_TIME_SPAN_MILLISECOND);
      records = agg_test_count (world.db, "SELECT count(*) FROM audit"
                                          " WHERE action = 'child-code-limit'"
                                          " AND detail = 'by=lookups'");
    }
  /* Stopping waits for the writer: nothing more can be on its way. */
  agg_test_server_stop (server);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count(*) FROM audit"
                                             " WHERE action = 'child-code-limit'"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/aggregator/writer/health-while-upload-held", test_health_while_upload_held);
  g_test_add_func ("/aggregator/writer/stop-while-upload-held", test_stop_while_upload_held);
  g_test_add_func ("/aggregator/writer/lookup-limit-audited", test_lookup_limit_audited);

  return g_test_run ();
}
