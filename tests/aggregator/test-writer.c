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

/* ---- The gate: uploads wait in the hook until the test opens it ------- */

typedef struct
{
  GMutex   lock;
  GCond    changed;
  guint    held;        /* uploads waiting at the gate now */
  guint    passed;      /* uploads let through */
  gboolean open;
} Gate;

static void
gate_init (Gate *gate)
{
  memset (gate, 0, sizeof *gate);
  g_mutex_init (&gate->lock);
  g_cond_init (&gate->changed);
}

static void
gate_clear (Gate *gate)
{
  g_mutex_clear (&gate->lock);
  g_cond_clear (&gate->changed);
}

/* The hook, on the writer thread.  It also gives up after a while, so that
 * a server that runs it on its main loop fails the test instead of hanging
 * it. */
static void
gate_wait (GCancellable *cancellable,
           gpointer      user_data)
{
  Gate *gate = user_data;
  gint64 give_up = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND * agg_test_slowdown ();

  g_mutex_lock (&gate->lock);
  gate->held++;
  g_cond_broadcast (&gate->changed);
  /* Cancellation comes without a signal on our condition: look often. */
  while (!gate->open && !g_cancellable_is_cancelled (cancellable) &&
         g_get_monotonic_time () < give_up)
    g_cond_wait_until (&gate->changed, &gate->lock,
                       g_get_monotonic_time () + 10 * G_TIME_SPAN_MILLISECOND);
  gate->held--;
  gate->passed++;
  g_cond_broadcast (&gate->changed);
  g_mutex_unlock (&gate->lock);
}

/* Whether @n uploads are waiting at the gate within ten seconds (times
 * the slowdown of a sanitizer or valgrind run). */
static gboolean
gate_wait_for_held (Gate  *gate,
                    guint  n)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND * agg_test_slowdown ();
  gboolean reached;

  g_mutex_lock (&gate->lock);
  while (gate->held < n && g_get_monotonic_time () < deadline)
    g_cond_wait_until (&gate->changed, &gate->lock, deadline);
  reached = gate->held >= n;
  g_mutex_unlock (&gate->lock);
  return reached;
}

static void
gate_open (Gate *gate)
{
  g_mutex_lock (&gate->lock);
  gate->open = TRUE;
  g_cond_broadcast (&gate->changed);
  g_mutex_unlock (&gate->lock);
}

static guint
gate_passed (Gate *gate)
{
  guint passed;

  g_mutex_lock (&gate->lock);
  passed = gate->passed;
  g_mutex_unlock (&gate->lock);
  return passed;
}

/* ---- A request on its own thread, as a tablet would send it ------------ */

typedef struct
{
  char       *url;
  const char *method;
  const char *token;
  char       *body;
  GThread    *thread;
  long        status;
  char       *reply;
  gint        done;
} Call;

static gpointer
call_thread (gpointer data)
{
  Call *call = data;

  call->status = agg_test_http (call->method, call->url, call->token,
                                call->body != NULL ? JSON : NULL, call->body,
                                call->body != NULL ? strlen (call->body) : 0, &call->reply);
  g_atomic_int_set (&call->done, TRUE);
  return NULL;
}

/* Takes @body. */
static void
call_start (Call       *call,
            const char *method,
            const char *base_url,
            const char *path,
            const char *token,
            char       *body)
{
  memset (call, 0, sizeof *call);
  call->method = method;
  call->url = g_strconcat (base_url, path + 1, NULL);
  call->token = token;
  call->body = body;
  call->thread = g_thread_new ("test-client", call_thread, call);
}

/* Whether @call was answered within @ms milliseconds (times the
 * slowdown). */
static gboolean
call_wait (Call  *call,
           guint  ms)
{
  gint64 deadline = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND * agg_test_slowdown ();

  while (!g_atomic_int_get (&call->done) && g_get_monotonic_time () < deadline)
    g_usleep (G_TIME_SPAN_MILLISECOND);
  return g_atomic_int_get (&call->done);
}

static void
call_finish (Call *call)
{
  g_thread_join (call->thread);
  g_free (call->url);
  g_free (call->body);
  g_free (call->reply);
  memset (call, 0, sizeof *call);
}

/* ---- Uploads ------------------------------------------------------------ */

static char *
qol_batch (const char *child)
{
  static const char * const items[] = {
    "enjoyment", "control", "self-care", "safety", "social", "own-time", "support", NULL
  };
  g_autoptr(JsonObject) submission = agg_test_submission ("family-qol", child);
  JsonObject *answers = json_object_new ();

  for (guint i = 0; items[i] != NULL; i++)
    json_object_set_string_member (answers, items[i], "mostly-fine");
  json_object_set_object_member (submission, "answers", answers);
  return agg_test_batch (&submission, 1, NULL, 0);
}

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
  Call first, second, health, forms, again;
  Gate gate;

  agg_test_world_init (&world);
  gate_init (&gate);
  agg_api_set_ingest_hook (world.api, gate_wait, &gate);
  server = agg_test_server_start (world.api);
  url = agg_test_server_get_url (server);

  batch = qol_batch (world.child_a);
  call_start (&first, "POST", url, "/api/v1/submissions", world.device_a, g_strdup (batch));
  g_assert_true (gate_wait_for_held (&gate, 1));

  /* The writer is held inside the upload; the main loop is not.  A health
   * check and a form list are answered while it waits. */
  call_start (&health, "GET", url, "/api/v1/health", NULL, NULL);
  g_assert_true (call_wait (&health, 2000));
  g_assert_cmpint (health.status, ==, 200);
  g_assert_nonnull (strstr (health.reply, "\"ok\""));
  call_start (&forms, "GET", url, "/api/v1/forms", world.device_a, NULL);
  g_assert_true (call_wait (&forms, 2000));
  g_assert_cmpint (forms.status, ==, 200);

  /* A second upload waits its turn behind the first: one writer, one
   * batch at a time. */
  call_start (&second, "POST", url, "/api/v1/submissions", world.device_b,
              qol_batch (world.child_b));
  g_assert_false (call_wait (&second, 200));
  g_assert_false (g_atomic_int_get (&first.done));
  g_assert_cmpuint (gate_passed (&gate), ==, 0);
  g_assert_cmpint (count_submissions (&world), ==, 0);

  gate_open (&gate);
  g_assert_true (call_wait (&first, 10000));
  g_assert_true (call_wait (&second, 10000));
  g_assert_cmpint (first.status, ==, 200);
  g_assert_cmpstr (first_status (first.reply), ==, "stored");
  g_assert_cmpint (second.status, ==, 200);
  g_assert_cmpstr (first_status (second.reply), ==, "stored");
  g_assert_cmpint (count_submissions (&world), ==, 2);

  /* Exactly once: the same batch again is a duplicate, stored nowhere. */
  call_start (&again, "POST", url, "/api/v1/submissions", world.device_a, g_strdup (batch));
  g_assert_true (call_wait (&again, 10000));
  g_assert_cmpint (again.status, ==, 200);
  g_assert_cmpstr (first_status (again.reply), ==, "duplicate");
  g_assert_cmpint (count_submissions (&world), ==, 2);

  agg_test_server_stop (server);
  call_finish (&first);
  call_finish (&second);
  call_finish (&health);
  call_finish (&forms);
  call_finish (&again);
  gate_clear (&gate);
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
  Call first, second, after;
  Gate gate;

  agg_test_world_init (&world);
  gate_init (&gate);
  agg_api_set_ingest_hook (world.api, gate_wait, &gate);
  server = agg_test_server_start (world.api);
  url = agg_test_server_get_url (server);

  call_start (&first, "POST", url, "/api/v1/submissions", world.device_a,
              qol_batch (world.child_a));
  g_assert_true (gate_wait_for_held (&gate, 1));
  call_start (&second, "POST", url, "/api/v1/submissions", world.device_b,
              qol_batch (world.child_b));
  g_assert_false (call_wait (&second, 200));

  agg_test_server_stop (server);
  g_assert_true (call_wait (&first, 10000));
  g_assert_true (call_wait (&second, 10000));
  g_assert_true (first.status == 503 || first.status == 0);
  g_assert_true (second.status == 503 || second.status == 0);
  g_assert_false (gate.open);
  g_assert_cmpint (count_submissions (&world), ==, 0);

  /* The same API serves again, with a new writer. */
  agg_api_set_ingest_hook (world.api, NULL, NULL);
  server = agg_test_server_start (world.api);
  call_start (&after, "POST", agg_test_server_get_url (server), "/api/v1/submissions",
              world.device_a, qol_batch (world.child_a));
  g_assert_true (call_wait (&after, 10000));
  g_assert_cmpint (after.status, ==, 200);
  g_assert_cmpstr (first_status (after.reply), ==, "stored");
  g_assert_cmpint (count_submissions (&world), ==, 1);
  agg_test_server_stop (server);

  call_finish (&first);
  call_finish (&second);
  call_finish (&after);
  gate_clear (&gate);
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
      Call lookup;

      call_start (&lookup, "GET", agg_test_server_get_url (server), path, world.device_a, NULL);
      g_assert_true (call_wait (&lookup, 10000));
      g_assert_cmpint (lookup.status, ==, i == 0 ? 200 : 429);
      call_finish (&lookup);
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
