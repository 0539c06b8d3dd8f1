/* agg-test-util.c — the synthetic world and HTTP helpers of the aggregator
 * tests. */
#include "config.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "agg-admin.h"
#include "agg-db-private.h"
#include "agg-server.h"
#include "agg-test-util.h"
#include "kv-test-common.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CURL, curl_easy_cleanup)

#define ACTOR "cli:test"

/* Under the per-test data directory G_TEST_OPTION_ISOLATE_DIRS gives, so
 * the test harness removes it afterwards. */
char *
agg_test_make_dir (void)
{
  char *dir = g_build_filename (g_get_user_data_dir (), "kv-agg-test-XXXXXX", NULL);

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  g_assert_nonnull (g_mkdtemp (dir));
  return dir;
}

AggDb *
agg_test_open_db (void)
{
  g_autofree char *dir = agg_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(GError) error = NULL;
  AggDb *db = agg_db_open (path, &error);

  g_assert_no_error (error);
  return db;
}

guint
agg_test_slowdown (void)
{
  return kv_test_slowdown ();
}

static char *
enrol (AggDb      *db,
       const char *service,
       char      **device_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = agg_admin_create_enrolment_code (db, service, 1, ACTOR, &error);
  g_auto(AggEnrolment) enrolment = { 0 };

  g_assert_no_error (error);
  g_assert_true (agg_admin_enrol_device (db, code, "Test tablet", &enrolment, &error));
  g_assert_no_error (error);
  if (device_id != NULL)
    *device_id = g_strdup (enrolment.device_id);
  return g_strdup (enrolment.token);
}

void
agg_test_world_init (AggTestWorld *world)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *revoked_id = NULL;
  g_autofree char *id = NULL;
  g_autofree char *service = NULL;

  memset (world, 0, sizeof *world);
  world->dir = agg_test_make_dir ();
  world->db_path = g_build_filename (world->dir, "test.db", NULL);
  world->db = agg_db_open (world->db_path, &error);
  g_assert_no_error (error);
  world->forms = agg_form_registry_new_from_dir (KV_SOURCE_FORMS_DIR, &error);
  g_assert_no_error (error);
  key_path = agg_keys_default_path (world->db_path, NULL);
  world->keys = agg_keys_load_or_create (key_path, &error);
  g_assert_no_error (error);
  world->api = agg_api_new (world->db, world->forms, world->keys);

  world->service_a = "test-service-a";
  world->service_b = "test-service-b";
  service = agg_admin_add_service (world->db, "Test Service A", world->service_a, ACTOR, &error);
  g_assert_no_error (error);
  g_clear_pointer (&service, g_free);
  service = agg_admin_add_service (world->db, "Test Service B", world->service_b, ACTOR, &error);
  g_assert_no_error (error);

  world->child_a = agg_admin_add_child (world->db, world->service_a, "under-18", "red",
                                        "2026-01-10", ACTOR, &error);
  g_assert_no_error (error);
  world->child_a2 = agg_admin_add_child (world->db, world->service_a, "18-25", "blue",
                                         NULL, ACTOR, &error);
  g_assert_no_error (error);
  world->child_b = agg_admin_add_child (world->db, world->service_b, "under-18", "amber",
                                        NULL, ACTOR, &error);
  g_assert_no_error (error);

  world->device_a = enrol (world->db, world->service_a, &world->device_a_id);
  world->device_b = enrol (world->db, world->service_b, NULL);
  world->revoked = enrol (world->db, world->service_a, &revoked_id);
  g_assert_true (agg_admin_revoke_token (world->db, revoked_id, TRUE, ACTOR, &error));
  g_assert_no_error (error);

  g_assert_true (agg_admin_add_token (world->db, AGG_ROLE_SERVICE, world->service_a, "Test lead A",
                                      ACTOR, &id, &world->service_a_token, &error));
  g_clear_pointer (&id, g_free);
  g_assert_true (agg_admin_add_token (world->db, AGG_ROLE_SERVICE, world->service_b, "Test lead B",
                                      ACTOR, &id, &world->service_b_token, &error));
  g_clear_pointer (&id, g_free);
  g_assert_true (agg_admin_add_token (world->db, AGG_ROLE_EVALUATOR, NULL, "Test evaluator",
                                      ACTOR, &id, &world->evaluator, &error));
  g_assert_no_error (error);
}

void
agg_test_world_clear (AggTestWorld *world)
{
  g_clear_object (&world->api);
  g_clear_object (&world->keys);
  g_clear_object (&world->forms);
  g_clear_object (&world->db);
  g_clear_pointer (&world->child_a, g_free);
  g_clear_pointer (&world->child_a2, g_free);
  g_clear_pointer (&world->child_b, g_free);
  g_clear_pointer (&world->device_a_id, g_free);
  g_clear_pointer (&world->device_a, g_free);
  g_clear_pointer (&world->device_b, g_free);
  g_clear_pointer (&world->service_a_token, g_free);
  g_clear_pointer (&world->service_b_token, g_free);
  g_clear_pointer (&world->evaluator, g_free);
  g_clear_pointer (&world->revoked, g_free);
  g_clear_pointer (&world->db_path, g_free);
  g_clear_pointer (&world->dir, g_free);
}

void
agg_test_world_setup (AggTestWorld  *world,
                      gconstpointer  data)
{
  agg_test_world_init (world);
}

void
agg_test_world_teardown (AggTestWorld  *world,
                         gconstpointer  data)
{
  agg_test_world_clear (world);
}

JsonObject *
agg_test_submission (const char *form,
                     const char *child)
{
  JsonObject *object = json_object_new ();
  g_autofree char *id = g_uuid_string_random ();

  json_object_set_string_member (object, "id", id);
  json_object_set_string_member (object, "form", form);
  json_object_set_int_member (object, "form_version", 1);
  if (child != NULL)
    json_object_set_string_member (object, "child", child);
  else
    json_object_set_null_member (object, "child");
  json_object_set_string_member (object, "respondent", "parent-carer");
  json_object_set_string_member (object, "mode", "self");
  json_object_set_string_member (object, "locale", "en_GB");
  json_object_set_boolean_member (object, "easy_read", FALSE);
  json_object_set_string_member (object, "started_at", "2026-05-04T10:00:00+01:00");
  json_object_set_string_member (object, "completed_at", "2026-05-04T10:06:40+01:00");
  return object;
}

static JsonNode *
list_node (JsonObject **objects,
           guint        n)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < n; i++)
    json_array_add_object_element (array, json_object_ref (objects[i]));
  json_node_take_array (node, array);
  return node;
}

char *
agg_test_batch (JsonObject **submissions,
                guint        n_submissions,
                JsonObject **offers,
                guint        n_offers)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  JsonObject *body = json_object_new ();

  json_node_take_object (root, body);

  json_object_set_member (body, "submissions", list_node (submissions, n_submissions));
  json_object_set_member (body, "offers", list_node (offers, n_offers));
  return json_to_string (root, FALSE);
}

JsonObject *
agg_test_parse_object (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

JsonObject *
agg_test_qol_submission (const char *child)
{
  static const char * const items[] = {
    "enjoyment", "control", "self-care", "safety", "social", "own-time", "support", NULL
  };
  JsonObject *submission = agg_test_submission ("family-qol", child);
  JsonObject *answers = json_object_new ();

  for (guint i = 0; items[i] != NULL; i++)
    json_object_set_string_member (answers, items[i], "mostly-fine");
  json_object_set_object_member (submission, "answers", answers);
  return submission;
}

char *
agg_test_qol_batch (const char *child)
{
  g_autoptr(JsonObject) submission = agg_test_qol_submission (child);

  return agg_test_batch (&submission, 1, NULL, 0);
}

void
agg_test_call (AggApi      *api,
               const char  *method,
               const char  *path,
               const char  *token,
               const char  *content_type,
               const char  *body,
               AggResponse *response)
{
  g_autofree char *authorization = token != NULL ? g_strconcat ("Bearer ", token, NULL) : NULL;
  g_autoptr(GBytes) bytes = body != NULL ? g_bytes_new (body, strlen (body)) : NULL;
  g_autoptr(GHashTable) query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *bare_path = NULL;
  const char *question = strchr (path, '?');
  AggRequest request = { 0 };

  if (question != NULL)
    {
      g_auto(GStrv) pairs = g_strsplit (question + 1, "&", -1);

      bare_path = g_strndup (path, question - path);
      for (guint i = 0; pairs[i] != NULL; i++)
        {
          g_auto(GStrv) pair = g_strsplit (pairs[i], "=", 2);

          g_hash_table_insert (query, g_strdup (pair[0]), g_strdup (pair[1] != NULL ? pair[1] : ""));
        }
    }
  else
    {
      bare_path = g_strdup (path);
    }

  request.method = method;
  request.path = bare_path;
  request.query = query;
  request.authorization = authorization;
  request.content_type = content_type;
  request.body = bytes;
  request.remote = "127.0.0.1";
  agg_response_clear (response);
  agg_api_handle (api, &request, response);
}

JsonObject *
agg_test_response_object (AggResponse *response)
{
  g_autofree char *text = NULL;

  g_assert_nonnull (response->body);
  g_assert_cmpstr (response->content_type, ==, "application/json");
  text = g_strndup (g_bytes_get_data (response->body, NULL), g_bytes_get_size (response->body));
  return agg_test_parse_object (text);
}

const char *
agg_test_item_status (JsonObject  *reply,
                      const char  *list,
                      guint        index,
                      const char **reason)
{
  JsonArray *array = json_object_get_array_member (reply, list);
  JsonObject *item;

  g_assert_cmpuint (index, <, json_array_get_length (array));
  item = json_array_get_object_element (array, index);
  if (reason != NULL)
    *reason = json_object_get_string_member_with_default (item, "reason", NULL);
  return json_object_get_string_member (item, "status");
}

gint64
agg_test_count (AggDb      *db,
                const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = agg_db_prepare (db, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (agg_db_step (db, stmt, &error), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

struct _AggTestServer
{
  AggApi       *api;
  AggServerLimits limits;
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  char         *url;
  GMutex        lock;
  GCond         ready;
};

static gpointer
server_thread (gpointer data)
{
  AggTestServer *self = data;
  g_autoptr(AggServer) server = NULL;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (self->context);
  server = agg_server_new (self->api, NULL);
  agg_server_set_limits (server, &self->limits);
  g_assert_true (agg_server_listen (server, "127.0.0.1:0", &error));
  g_assert_no_error (error);

  g_mutex_lock (&self->lock);
  self->url = agg_server_get_url (server);
  g_cond_signal (&self->ready);
  g_mutex_unlock (&self->lock);

  g_main_loop_run (self->loop);
  g_clear_object (&server);
  /* Let the closed connections finish on this context. */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

AggTestServer *
agg_test_server_start (AggApi *api)
{
  AggServerLimits limits;

  agg_server_limits_init (&limits);
  return agg_test_server_start_with_limits (api, &limits);
}

AggTestServer *
agg_test_server_start_with_limits (AggApi                *api,
                                   const AggServerLimits *limits)
{
  AggTestServer *self = g_new0 (AggTestServer, 1);

  self->api = g_object_ref (api);
  self->limits = *limits;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  g_mutex_init (&self->lock);
  g_cond_init (&self->ready);

  g_mutex_lock (&self->lock);
  self->thread = g_thread_new ("test-server", server_thread, self);
  while (self->url == NULL)
    g_cond_wait (&self->ready, &self->lock);
  g_mutex_unlock (&self->lock);

  g_assert_true (g_str_has_prefix (self->url, "http://127.0.0.1:"));
  return self;
}

const char *
agg_test_server_get_url (AggTestServer *self)
{
  return self->url;
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
agg_test_server_stop (AggTestServer *self)
{
  g_main_context_invoke (self->context, quit_loop, self->loop);
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_object_unref (self->api);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->ready);
  g_free (self->url);
  g_free (self);
}

static size_t
collect (char   *data,
         size_t  size,
         size_t  n,
         void   *user_data)
{
  g_string_append_len (user_data, data, size * n);
  return size * n;
}

/* The value of a Retry-After header line, kept in *@user_data. */
static size_t
find_retry_after (char   *data,
                  size_t  size,
                  size_t  n,
                  void   *user_data)
{
  char **retry_after = user_data;
  g_autofree char *line = g_strndup (data, size * n);

  if (g_ascii_strncasecmp (line, "Retry-After:", 12) == 0)
    {
      g_free (*retry_after);
      *retry_after = g_strstrip (g_strdup (line + 12));
    }
  return size * n;
}

long
agg_test_http (const char  *method,
               const char  *url,
               const char  *token,
               const char  *content_type,
               const char  *body,
               gsize        length,
               char       **response)
{
  return agg_test_http_full (method, url, token, content_type, body, length, response, NULL);
}

long
agg_test_http_full (const char  *method,
                    const char  *url,
                    const char  *token,
                    const char  *content_type,
                    const char  *body,
                    gsize        length,
                    char       **response,
                    char       **retry_after)
{
  g_autoptr(CURL) curl = curl_easy_init ();
  g_autoptr(GString) received = g_string_new (NULL);
  g_autofree char *authorization = NULL;
  g_autofree char *type = NULL;
  struct curl_slist *headers = NULL;
  long status = 0;

  g_assert_nonnull (curl);
  /* Only ever 127.0.0.1, never through a proxy from the environment. */
  g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_PROXY, "");
  curl_easy_setopt (curl, CURLOPT_NOPROXY, "*");
  curl_easy_setopt (curl, CURLOPT_CUSTOMREQUEST, method);
  /* Only against a server that hangs: under a sanitizer or valgrind a
   * large batch legitimately takes many times longer. */
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, 20L * agg_test_slowdown ());
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, received);
  if (retry_after != NULL)
    {
      *retry_after = NULL;
      curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, find_retry_after);
      curl_easy_setopt (curl, CURLOPT_HEADERDATA, retry_after);
    }
  if (token != NULL)
    {
      authorization = g_strconcat ("Authorization: Bearer ", token, NULL);
      headers = curl_slist_append (headers, authorization);
    }
  if (content_type != NULL)
    {
      type = g_strconcat ("Content-Type: ", content_type, NULL);
      headers = curl_slist_append (headers, type);
    }
  if (body != NULL)
    {
      curl_easy_setopt (curl, CURLOPT_POSTFIELDS, body);
      curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) length);
    }
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);

  if (curl_easy_perform (curl) == CURLE_OK)
    curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all (headers);

  if (response != NULL)
    *response = g_strndup (received->str, received->len);
  return status;
}

static gpointer
request_thread (gpointer data)
{
  AggTestRequest *request = data;

  request->status = agg_test_http (request->method, request->url, request->token,
                                   request->body != NULL ? "application/json" : NULL,
                                   request->body,
                                   request->body != NULL ? strlen (request->body) : 0,
                                   &request->reply);
  g_atomic_int_set (&request->done, TRUE);
  return NULL;
}

void
agg_test_request_start (AggTestRequest *request,
                        const char     *method,
                        const char     *base_url,
                        const char     *path,
                        const char     *token,
                        char           *body)
{
  memset (request, 0, sizeof *request);
  request->method = method;
  request->url = g_strconcat (base_url, path + 1, NULL);
  request->token = token;
  request->body = body;
  request->thread = g_thread_new ("test-client", request_thread, request);
}

gboolean
agg_test_request_wait (AggTestRequest *request,
                       guint           ms)
{
  gint64 deadline = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND * agg_test_slowdown ();

  while (!g_atomic_int_get (&request->done) && g_get_monotonic_time () < deadline)
    g_usleep (G_TIME_SPAN_MILLISECOND);
  return g_atomic_int_get (&request->done);
}

void
agg_test_request_join (AggTestRequest *request)
{
  g_thread_join (request->thread);
  request->thread = NULL;
}

void
agg_test_request_finish (AggTestRequest *request)
{
  if (request->thread != NULL)
    agg_test_request_join (request);
  g_free (request->url);
  g_free (request->body);
  g_free (request->reply);
  memset (request, 0, sizeof *request);
}

void
agg_test_gate_init (AggTestGate *gate,
                    guint        give_up_seconds)
{
  memset (gate, 0, sizeof *gate);
  g_mutex_init (&gate->lock);
  g_cond_init (&gate->changed);
  gate->give_up = give_up_seconds;
}

void
agg_test_gate_clear (AggTestGate *gate)
{
  g_mutex_clear (&gate->lock);
  g_cond_clear (&gate->changed);
}

void
agg_test_gate_wait (GCancellable *cancellable,
                    gpointer      user_data)
{
  AggTestGate *gate = user_data;
  gint64 give_up = G_MAXINT64;

  if (gate->give_up > 0)
    give_up = g_get_monotonic_time () + gate->give_up * G_TIME_SPAN_SECOND * agg_test_slowdown ();

  g_mutex_lock (&gate->lock);
  gate->held++;
  gate->most_held = MAX (gate->most_held, gate->held);
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

gboolean
agg_test_gate_wait_for_held (AggTestGate *gate,
                             guint        n)
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

void
agg_test_gate_open (AggTestGate *gate)
{
  g_mutex_lock (&gate->lock);
  gate->open = TRUE;
  g_cond_broadcast (&gate->changed);
  g_mutex_unlock (&gate->lock);
}

guint
agg_test_gate_passed (AggTestGate *gate)
{
  guint passed;

  g_mutex_lock (&gate->lock);
  passed = gate->passed;
  g_mutex_unlock (&gate->lock);
  return passed;
}

guint
agg_test_gate_most_held (AggTestGate *gate)
{
  guint most;

  g_mutex_lock (&gate->lock);
  most = gate->most_held;
  g_mutex_unlock (&gate->lock);
  return most;
}

GPid
agg_test_start_server (const char  *db_path,
                       char       **envp,
                       char       **url)
{
  return agg_test_start_server_full (db_path, envp, NULL, NULL, NULL, url);
}

GPid
agg_test_start_server_full (const char           *db_path,
                            char                **envp,
                            const char * const   *extra_args,
                            GSpawnChildSetupFunc  child_setup,
                            gpointer              child_data,
                            char                **url)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOChannel) channel = NULL;
  g_autofree char *line = NULL;
  GPid pid;
  int out;

  g_strv_builder_add_many (builder, AGGREGATOR_PATH, "serve", "--db", db_path,
                           "--listen", "127.0.0.1:0", "--forms-dir", KV_SOURCE_FORMS_DIR, NULL);
  if (extra_args != NULL)
    g_strv_builder_addv (builder, (const char **) extra_args);
  argv = g_strv_builder_end (builder);
  g_assert_true (g_spawn_async_with_pipes (NULL, argv, envp,
                                           G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDERR_TO_DEV_NULL,
                                           child_setup, child_data, &pid, NULL, &out, NULL,
                                           &error));
  g_assert_no_error (error);
  /* The server prints the address it listens on as its first line. */
  channel = g_io_channel_unix_new (out);
  g_io_channel_set_close_on_unref (channel, TRUE);
  g_assert_cmpint (g_io_channel_read_line (channel, &line, NULL, NULL, &error), ==, G_IO_STATUS_NORMAL);
  g_assert_no_error (error);
  g_strchomp (line);
  g_assert_true (g_str_has_prefix (line, "http://127.0.0.1:") || g_str_has_prefix (line, "https://127.0.0.1:"));
  *url = g_steal_pointer (&line);
  return pid;
}

void
agg_test_stop_server (GPid pid)
{
  int status;

  kill (pid, SIGTERM);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

guint16
agg_test_url_port (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  g_assert_nonnull (uri);
  return (guint16) g_uri_get_port (uri);
}

int
agg_test_connect_nonblocking (guint16 port)
{
  struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons (port),
                                 .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  if (connect (fd, (struct sockaddr *) &address, sizeof address) != 0 && errno != EINPROGRESS)
    {
      close (fd);
      return -1;
    }
  return fd;
}

int
agg_test_connect (guint16 port)
{
  int fd = agg_test_connect_nonblocking (port);
  struct pollfd pfd = { .fd = fd, .events = POLLOUT };

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (poll (&pfd, 1, 5000), ==, 1);
  g_assert_cmpint (fcntl (fd, F_SETFL, 0), ==, 0);
  return fd;
}

/* Every log line of the process, to check what the request log holds. */
static GMutex log_lock;
static GString *log_text;

static GLogWriterOutput
capture_log (GLogLevelFlags   level,
             const GLogField *fields,
             gsize            n_fields,
             gpointer         user_data)
{
  g_mutex_lock (&log_lock);
  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, "MESSAGE") == 0)
      g_string_append_printf (log_text, "%s\n", (const char *) fields[i].value);
  g_mutex_unlock (&log_lock);
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

void
agg_test_capture_log (void)
{
  log_text = g_string_new (NULL);
  g_log_set_writer_func (capture_log, NULL, NULL);
}

char *
agg_test_take_log (void)
{
  char *text;

  g_mutex_lock (&log_lock);
  text = g_strdup (log_text->str);
  g_string_truncate (log_text, 0);
  g_mutex_unlock (&log_lock);
  return text;
}
