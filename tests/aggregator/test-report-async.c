/* test-report-async.c — reports do not block ingest.  A report is held on
 * its worker thread at a gate the test controls (agg_api_set_report_hook(),
 * or KEYVOICE_AGGREGATOR_TEST_REPORT_GATE for the real program), and while
 * it waits, a tablet's upload through the same server is stored and
 * acknowledged.  The report then arrives whole and audited; at most
 * AGG_API_REPORT_WORKERS render at once; a report whose audit record
 * cannot be written is not handed out; and stopping the server — in
 * process, or the real keyvoice-aggregator with SIGTERM — while a report
 * is held neither crashes nor damages the database. */
#include "config.h"

#include <curl/curl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "agg-admin.h"
#include "agg-db-private.h"
#include "agg-report-request.h"
#include "agg-test-util.h"

#define JSON "application/json"
#define GATE_VARIABLE "KEYVOICE_AGGREGATOR_TEST_REPORT_GATE"

/* ---- Uploads ------------------------------------------------------------ */

/* Posts one quality-of-life answer for @child and asserts it is stored. */
static void
upload (const char *base_url,
        const char *token,
        const char *child)
{
  g_autofree char *url = g_strconcat (base_url, "api/v1/submissions", NULL);
  g_autofree char *batch = agg_test_qol_batch (child);
  g_autofree char *reply = NULL;
  g_autoptr(JsonObject) object = NULL;

  g_assert_cmpint (agg_test_http ("POST", url, token, JSON, batch, strlen (batch), &reply), ==, 200);
  object = agg_test_parse_object (reply);
  g_assert_cmpstr (agg_test_item_status (object, "submissions", 0, NULL), ==, "stored");
}

static gint64
reports_audited (AggDb *db)
{
  return agg_test_count (db, "SELECT count(*) FROM audit WHERE action = 'report'");
}

/* ---- In process --------------------------------------------------------- */

static void
test_ingest_while_report_renders (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_autoptr(GHashTable) query = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autofree char *content_type = NULL;
  g_autoptr(GBytes) expected = NULL;
  g_autofree char *health = NULL;
  g_autofree char *health_url = NULL;
  AggTestServer *server;
  const char *url;
  AggTestGate gate;
  AggTestRequest pull;

  agg_test_world_init (&world);
  agg_test_gate_init (&gate, 0);
  agg_api_set_report_hook (world.api, agg_test_gate_wait, &gate);
  server = agg_test_server_start (world.api);
  url = agg_test_server_get_url (server);

  upload (url, world.device_a, world.child_a);
  agg_test_request_start (&pull, "GET", url, "/api/v1/reports/change?format=csv",
                          world.service_a_token, NULL);
  g_assert_true (agg_test_gate_wait_for_held (&gate, 1));

  /* The report is held on its worker; the tablet's upload through the same
   * server is stored and acknowledged all the same, and so is a health
   * check, before the report is done. */
  upload (url, world.device_a, world.child_a2);
  health_url = g_strconcat (url, "api/v1/health", NULL);
  g_assert_cmpint (agg_test_http ("GET", health_url, NULL, NULL, NULL, 0, &health), ==, 200);
  g_assert_false (g_atomic_int_get (&pull.done));
  g_assert_cmpint (agg_test_count (world.db, "SELECT count(*) FROM submissions"), ==, 2);
  g_assert_cmpint (reports_audited (world.db), ==, 0);

  agg_test_gate_open (&gate);
  agg_test_request_join (&pull);

  /* Whole: byte for byte what the synchronous path renders from the same
   * data, which includes the upload stored while the report waited (its
   * snapshot is taken when it starts), and audited once. */
  g_assert_cmpint (pull.status, ==, 200);
  g_hash_table_insert (query, "format", "csv");
  {
    AggReportScope scope = { AGG_ROLE_SERVICE, world.service_a, "test", world.forms };

    g_assert_true (agg_report_request_render (world.db, "change", &scope, query, &content_type,
                                               &expected, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpstr (pull.reply, ==, g_bytes_get_data (expected, NULL));
  g_assert_nonnull (strstr (pull.reply, world.child_a));
  g_assert_nonnull (strstr (pull.reply, world.child_a2));
  g_assert_cmpint (reports_audited (world.db), ==, 1);

  agg_test_server_stop (server);
  agg_test_request_finish (&pull);
  agg_test_gate_clear (&gate);
}

static void
test_at_most_two_workers (void)
{
  g_auto(AggTestWorld) world = { 0 };
  AggTestServer *server;
  const char *url;
  AggTestGate gate;
  AggTestRequest pulls[AGG_API_REPORT_WORKERS + 1];

  agg_test_world_init (&world);
  agg_test_gate_init (&gate, 0);
  agg_api_set_report_hook (world.api, agg_test_gate_wait, &gate);
  server = agg_test_server_start (world.api);
  url = agg_test_server_get_url (server);

  for (guint i = 0; i < G_N_ELEMENTS (pulls); i++)
    agg_test_request_start (&pulls[i], "GET", url, "/api/v1/reports/experience?format=json",
                            world.evaluator, NULL);
  g_assert_true (agg_test_gate_wait_for_held (&gate, AGG_API_REPORT_WORKERS));

  /* The one more waits for a worker; uploads still go through.  It gets
   * as long to wrongly start on a slow run as on a normal one. */
  upload (url, world.device_a, world.child_a);
  g_usleep (300 * G_TIME_SPAN_MILLISECOND * agg_test_slowdown ());
  g_assert_cmpuint (agg_test_gate_most_held (&gate), ==, AGG_API_REPORT_WORKERS);
  for (guint i = 0; i < G_N_ELEMENTS (pulls); i++)
    g_assert_false (g_atomic_int_get (&pulls[i].done));

  agg_test_gate_open (&gate);
  for (guint i = 0; i < G_N_ELEMENTS (pulls); i++)
    {
      agg_test_request_join (&pulls[i]);
      g_assert_cmpint (pulls[i].status, ==, 200);
      g_assert_true (g_str_has_prefix (pulls[i].reply, "{\"rows\":"));
      agg_test_request_finish (&pulls[i]);
    }
  g_assert_cmpuint (agg_test_gate_most_held (&gate), ==, AGG_API_REPORT_WORKERS);
  g_assert_cmpint (reports_audited (world.db), ==, G_N_ELEMENTS (pulls));

  agg_test_server_stop (server);
  agg_test_gate_clear (&gate);
}

/* The audit record is written by the writer, on its own connection,
 * after the worker is done; if it cannot be, the report is not handed
 * out.  The trigger is in the database, not TEMP, so that every
 * connection sees it. */
static void
test_unaudited_report_withheld (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_autoptr(GError) error = NULL;
  AggTestServer *server;
  AggTestGate gate;
  AggTestRequest pull;

  agg_test_world_init (&world);
  agg_test_gate_init (&gate, 0);
  agg_api_set_report_hook (world.api, agg_test_gate_wait, &gate);
  server = agg_test_server_start (world.api);

  agg_test_request_start (&pull, "GET", agg_test_server_get_url (server),
                          "/api/v1/reports/change?format=csv", world.evaluator, NULL);
  g_assert_true (agg_test_gate_wait_for_held (&gate, 1));
  g_assert_true (agg_db_exec (world.db, "CREATE TRIGGER test_no_audit BEFORE INSERT ON audit "
                                        "BEGIN SELECT RAISE (ABORT, 'test says no'); END", &error));
  g_assert_no_error (error);
  agg_test_gate_open (&gate);
  agg_test_request_join (&pull);

  g_assert_cmpint (pull.status, ==, 500);
  g_assert_nonnull (strstr (pull.reply, "\"internal\""));
  g_assert_null (strstr (pull.reply, "child,"));
  g_assert_true (agg_db_exec (world.db, "DROP TRIGGER test_no_audit", &error));
  g_assert_no_error (error);
  g_assert_cmpint (reports_audited (world.db), ==, 0);

  agg_test_server_stop (server);
  agg_test_request_finish (&pull);
  agg_test_gate_clear (&gate);
}

/* Stopping the server while a report is held cancels it: no crash, no
 * hang, nothing handed out, nothing audited. */
static void
test_stop_while_rendering (void)
{
  g_auto(AggTestWorld) world = { 0 };
  AggTestServer *server;
  AggTestGate gate;
  AggTestRequest pull;

  agg_test_world_init (&world);
  agg_test_gate_init (&gate, 0);
  agg_api_set_report_hook (world.api, agg_test_gate_wait, &gate);
  server = agg_test_server_start (world.api);

  agg_test_request_start (&pull, "GET", agg_test_server_get_url (server),
                          "/api/v1/reports/cohort?format=json", world.evaluator, NULL);
  g_assert_true (agg_test_gate_wait_for_held (&gate, 1));
  agg_test_server_stop (server);
  agg_test_request_join (&pull);

  /* 503 if the answer got out before the connection closed, else none. */
  g_assert_true (pull.status == 503 || pull.status == 0);
  g_assert_cmpint (reports_audited (world.db), ==, 0);
  g_assert_false (gate.open);

  agg_test_request_finish (&pull);
  agg_test_gate_clear (&gate);
}

/* ---- The real program --------------------------------------------------- */

/* SIGTERM, then the exit status, within ten seconds times the slowdown
 * (-1 if it hangs): valgrind's leak check alone takes seconds at exit. */
static int
terminate (GPid pid)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND * agg_test_slowdown ();
  int status = 0;
  pid_t done = 0;

  g_assert_cmpint (kill (pid, SIGTERM), ==, 0);
  while (done == 0 && g_get_monotonic_time () < deadline)
    {
      done = waitpid (pid, &status, WNOHANG);
      if (done == 0)
        g_usleep (10 * G_TIME_SPAN_MILLISECOND);
    }
  if (done == 0)
    {
      kill (pid, SIGKILL);
      waitpid (pid, &status, 0);
      status = -1;
    }
  g_spawn_close_pid (pid);
  return status;
}

static void
test_sigterm_while_rendering (void)
{
  g_autofree char *dir = agg_test_make_dir ();
  g_autofree char *db_path = g_build_filename (dir, "sigterm.db", NULL);
  g_autofree char *gate = g_build_filename (dir, "report-gate", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AggDb) db = NULL;
  g_autofree char *service = NULL;
  g_autofree char *child = NULL;
  g_autofree char *code = NULL;
  g_autofree char *token_id = NULL;
  g_autofree char *token = NULL;
  g_autofree char *url = NULL;
  g_autofree char *again_url = NULL;
  g_auto(GStrv) gated_env = g_environ_setenv (g_get_environ (), GATE_VARIABLE, gate, TRUE);
  g_auto(GStrv) plain_env = g_environ_unsetenv (g_get_environ (), GATE_VARIABLE);
  g_auto(AggEnrolment) enrolment = { 0 };
  gint64 deadline;
  GPid pid;
  int status;
  AggTestRequest pull;

  db = agg_db_open (db_path, &error);
  g_assert_no_error (error);
  service = agg_admin_add_service (db, "Test Sigterm Service", "test-sigterm", "cli:test", &error);
  child = agg_admin_add_child (db, "test-sigterm", "under-18", "amber", NULL, "cli:test", &error);
  code = agg_admin_create_enrolment_code (db, "test-sigterm", 1, "cli:test", &error);
  g_assert_true (agg_admin_enrol_device (db, code, "Test tablet", &enrolment, &error));
  g_assert_true (agg_admin_add_token (db, AGG_ROLE_SERVICE, "test-sigterm", "Test lead", "cli:test",
                                      &token_id, &token, &error));
  g_assert_no_error (error);
  g_clear_object (&db);

  pid = agg_test_start_server (db_path, gated_env, &url);
  upload (url, enrolment.token, child);
  agg_test_request_start (&pull, "GET", url, "/api/v1/reports/change?format=json", token, NULL);

  /* The worker makes the gate file when the report waits there. */
  deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND * agg_test_slowdown ();
  while (!g_file_test (gate, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < deadline)
    g_usleep (10 * G_TIME_SPAN_MILLISECOND);
  g_assert_true (g_file_test (gate, G_FILE_TEST_EXISTS));

  /* Stopped with the report in flight: a clean exit, not a signal. */
  status = terminate (pid);
  g_assert_cmpint (status, !=, -1);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  agg_test_request_join (&pull);
  g_assert_cmpint (pull.status, !=, 200);
  agg_test_request_finish (&pull);
  g_assert_cmpint (g_unlink (gate), ==, 0);

  /* Nothing damaged: the database checks out, the upload acknowledged
   * before is there once, the unfinished report was never audited. */
  db = agg_db_open (db_path, &error);
  g_assert_no_error (error);
  {
    g_autoptr(sqlite3_stmt) stmt = agg_db_prepare (db, "PRAGMA integrity_check", &error);

    g_assert_cmpint (agg_db_step (db, stmt, &error), ==, SQLITE_ROW);
    g_assert_cmpstr (agg_db_column_text (stmt, 0), ==, "ok");
  }
  g_assert_cmpint (agg_test_count (db, "SELECT count(*) FROM submissions"), ==, 1);
  g_assert_cmpint (reports_audited (db), ==, 0);
  g_clear_object (&db);

  /* And the next run reports on it as usual. */
  pid = agg_test_start_server (db_path, plain_env, &again_url);
  agg_test_request_start (&pull, "GET", again_url, "/api/v1/reports/change?format=json", token,
                          NULL);
  agg_test_request_join (&pull);
  g_assert_cmpint (pull.status, ==, 200);
  g_assert_nonnull (strstr (pull.reply, child));
  agg_test_request_finish (&pull);
  status = terminate (pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  curl_global_init (CURL_GLOBAL_DEFAULT);

  g_test_add_func ("/aggregator/report-async/ingest-while-report-renders",
                   test_ingest_while_report_renders);
  g_test_add_func ("/aggregator/report-async/at-most-two-workers", test_at_most_two_workers);
  g_test_add_func ("/aggregator/report-async/unaudited-report-withheld",
                   test_unaudited_report_withheld);
  g_test_add_func ("/aggregator/report-async/stop-while-rendering", test_stop_while_rendering);
  g_test_add_func ("/aggregator/report-async/sigterm-while-rendering",
                   test_sigterm_while_rendering);

  return g_test_run ();
}
