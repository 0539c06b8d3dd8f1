/* test-http.c — the API through a real SoupServer on 127.0.0.1, port 0,
 * hit by libcurl: enrolment, submit → stored, the same batch → duplicate,
 * an edited resend → conflict, bad input → rejected and nothing stored,
 * bodies over the limit, child lookups, rate limits and the request log. */
#include "config.h"

#include <string.h>

#include "agg-admin.h"
#include "agg-db-private.h"
#include "agg-test-util.h"

#define JSON "application/json"

typedef struct
{
  AggTestWorld   world;
  AggTestServer *server;
  char           url[256];
} Fixture;

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  agg_test_world_init (&fixture->world);
  fixture->server = agg_test_server_start (fixture->world.api);
  g_strlcpy (fixture->url, agg_test_server_get_url (fixture->server), sizeof fixture->url);
  g_free (agg_test_take_log ());
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  agg_test_server_stop (fixture->server);
  agg_test_world_clear (&fixture->world);
}

static long
request (Fixture     *fixture,
         const char  *method,
         const char  *path,
         const char  *token,
         const char  *body,
         char       **response)
{
  g_autofree char *url = g_strconcat (fixture->url, path + 1, NULL);

  return agg_test_http (method, url, token, body != NULL ? JSON : NULL, body,
                        body != NULL ? strlen (body) : 0, response);
}

static const char *
status_of (const char *reply,
           guint       index)
{
  static char status[32];
  g_autoptr(JsonObject) object = agg_test_parse_object (reply);

  g_strlcpy (status, agg_test_item_status (object, "submissions", index, NULL), sizeof status);
  return status;
}

static void
test_health (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *body = NULL;

  g_assert_cmpint (request (fixture, "GET", "/api/v1/health", NULL, NULL, &body), ==, 200);
  g_assert_cmpstr (body, ==, "{\"status\":\"ok\",\"version\":\"" PACKAGE_VERSION "\"}");
}

static void
test_enrolment (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = agg_admin_create_enrolment_code (fixture->world.db, "test-service-b", 24,
                                                           "cli:test", &error);
  g_autofree char *body = g_strdup_printf ("{\"code\": \"%s\", \"name\": \"Test tablet 9\"}", code);
  g_autofree char *lower = g_ascii_strdown (body, -1);
  g_autofree char *reply = NULL;
  g_autofree char *again = NULL;
  g_autofree char *forms = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *log = NULL;
  const char *token;

  g_assert_no_error (error);
  g_assert_cmpint (request (fixture, "POST", "/api/v1/devices", NULL, body, &reply), ==, 201);
  object = agg_test_parse_object (reply);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "device_id"), "dev-"));
  token = json_object_get_string_member (object, "token");
  g_assert_true (g_str_has_prefix (token, "kv_"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "service"), "id"),
                   ==, "test-service-b");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "service"), "name"),
                   ==, "Test Service B");
  g_assert_cmpstr (json_object_get_string_member (object, "public_key"), ==,
                   agg_keys_get_public_key_base64 (fixture->world.keys));

  /* The token works at once, and is stored only as a digest. */
  g_assert_cmpint (request (fixture, "GET", "/api/v1/forms", token, NULL, &forms), ==, 200);
  g_assert_cmpint (agg_test_count (fixture->world.db, "SELECT count(*) FROM tokens WHERE token_hash LIKE 'kv_%'"), ==, 0);

  /* A code works once, however it is typed. */
  g_assert_cmpint (request (fixture, "POST", "/api/v1/devices", NULL, lower, &again), ==, 401);
  g_assert_nonnull (strstr (again, "\"unauthorized\""));
  g_clear_pointer (&again, g_free);
  g_assert_cmpint (request (fixture, "POST", "/api/v1/devices", NULL,
                            "{\"code\": \"2222-2222-2222-2222\"}", &again), ==, 401);
  g_clear_pointer (&again, g_free);
  g_assert_cmpint (request (fixture, "POST", "/api/v1/devices", NULL, "{\"code\": 7}", &again), ==, 400);
  g_clear_pointer (&again, g_free);
  g_assert_cmpint (request (fixture, "POST", "/api/v1/devices", NULL, "{\"code\": ", &again), ==, 400);

  g_assert_cmpint (agg_test_count (fixture->world.db,
                                   "SELECT count(*) FROM audit WHERE action = 'device-enrol'"), ==, 4);

  /* The log names the device, never the token or the code. */
  log = agg_test_take_log ();
  g_assert_nonnull (strstr (log, "POST /api/v1/devices 201"));
  g_assert_null (strstr (log, token));
  g_assert_null (strstr (log, code));
}

/* Only the members docs/api.md defines; a refused body uses up nothing. */
static void
test_enrolment_unknown_member (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = agg_admin_create_enrolment_code (fixture->world.db, "test-service-a", 24,
                                                           "cli:test", &error);
  g_autofree char *extra = g_strdup_printf ("{\"code\": \"%s\", \"name\": \"Test tablet\", "
                                            "\"location\": \"Room 2\"}", code);
  g_autofree char *twice = g_strdup_printf ("{\"code\": \"%s\", \"code\": \"%s\"}", code, code);
  g_autofree char *body = g_strdup_printf ("{\"code\": \"%s\"}", code);
  g_autofree char *reply = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (request (fixture, "POST", "/api/v1/devices", NULL, extra, &reply), ==, 400);
  g_assert_nonnull (strstr (reply, "member “location”"));
  g_assert_null (strstr (reply, code));
  g_clear_pointer (&reply, g_free);
  g_assert_cmpint (request (fixture, "POST", "/api/v1/devices", NULL, twice, &reply), ==, 400);
  g_assert_nonnull (strstr (reply, "the key “code” appears twice"));
  g_assert_null (strstr (reply, code));
  g_clear_pointer (&reply, g_free);
  g_assert_cmpint (request (fixture, "POST", "/api/v1/devices", NULL, body, &reply), ==, 201);
}

static void
test_expired_code (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = agg_admin_create_enrolment_code (fixture->world.db, "test-service-a", 1,
                                                           "cli:test", &error);
  g_autofree char *body = g_strdup_printf ("{\"code\": \"%s\"}", code);
  g_autofree char *reply = NULL;

  g_assert_true (agg_db_exec (fixture->world.db,
                              "UPDATE enrolment_codes SET expires_at = '2020-01-01T00:00:00Z'", &error));
  g_assert_cmpint (request (fixture, "POST", "/api/v1/devices", NULL, body, &reply), ==, 401);
  g_assert_cmpstr (reply, ==, "{\"error\":{\"code\":\"unauthorized\","
                              "\"message\":\"the enrolment code is unknown, used or expired\"}}");
}

static void
test_submit_duplicate_conflict (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(JsonObject) good = agg_test_qol_submission (fixture->world.child_a);
  g_autoptr(JsonObject) bad = agg_test_qol_submission (fixture->world.child_a);
  JsonObject *items[2] = { good, bad };
  g_autofree char *batch = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *edited = NULL;

  json_object_set_string_member (bad, "mode", "telepathy");
  batch = agg_test_batch (items, 2, NULL, 0);

  g_assert_cmpint (request (fixture, "POST", "/api/v1/submissions", fixture->world.device_a, batch, &reply), ==, 200);
  g_assert_cmpstr (status_of (reply, 0), ==, "stored");
  g_assert_cmpstr (status_of (reply, 1), ==, "rejected");
  g_clear_pointer (&reply, g_free);

  g_assert_cmpint (request (fixture, "POST", "/api/v1/submissions", fixture->world.device_a, batch, &reply), ==, 200);
  g_assert_cmpstr (status_of (reply, 0), ==, "duplicate");
  g_assert_cmpstr (status_of (reply, 1), ==, "rejected");
  g_clear_pointer (&reply, g_free);

  json_object_set_boolean_member (good, "easy_read", TRUE);
  edited = agg_test_batch (items, 1, NULL, 0);
  g_assert_cmpint (request (fixture, "POST", "/api/v1/submissions", fixture->world.device_a, edited, &reply), ==, 200);
  g_assert_cmpstr (status_of (reply, 0), ==, "conflict");

  g_assert_cmpint (agg_test_count (fixture->world.db, "SELECT count(*) FROM submissions"), ==, 1);
  g_assert_cmpint (agg_test_count (fixture->world.db, "SELECT easy_read FROM submissions"), ==, 0);
}

static void
test_body_too_large (Fixture       *fixture,
                     gconstpointer  data)
{
  gsize length = AGG_API_MAX_BODY + 1024;
  g_autofree char *body = g_malloc (length);
  g_autofree char *reply = NULL;
  g_autofree char *url = g_strconcat (fixture->url, "api/v1/submissions", NULL);
  g_autofree char *health = NULL;

  /* A valid start, so only the size is wrong. */
  memset (body, ' ', length);
  memcpy (body, "{\"submissions\": []", strlen ("{\"submissions\": []"));
  body[length - 1] = '}';
  g_assert_cmpint (agg_test_http ("POST", url, fixture->world.device_a, JSON, body, length, &reply), ==, 413);
  g_assert_nonnull (strstr (reply, "\"too-large\""));
  /* The server is still well. */
  g_assert_cmpint (request (fixture, "GET", "/api/v1/health", NULL, NULL, &health), ==, 200);
}

static void
test_child_lookup (Fixture       *fixture,
                   gconstpointer  data)
{
  AggTestWorld *world = &fixture->world;
  g_autofree char *path_a = g_strconcat ("/api/v1/children/", world->child_a, NULL);
  g_autofree char *path_lower = g_ascii_strdown (path_a, -1);
  g_autofree char *path_b = g_strconcat ("/api/v1/children/", world->child_b, NULL);
  g_autofree char *reply = NULL;
  g_autofree char *other = NULL;
  g_autofree char *unknown = NULL;
  g_autofree char *malformed = NULL;
  g_autofree char *log = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonObject) submission = agg_test_qol_submission (world->child_a);
  g_autofree char *batch = NULL;
  g_autofree char *month = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  JsonArray *due;

  g_assert_cmpint (request (fixture, "GET", path_a, world->device_a, NULL, &reply), ==, 200);
  object = agg_test_parse_object (reply);
  g_assert_cmpstr (json_object_get_string_member (object, "code"), ==, world->child_a);
  g_assert_cmpstr (json_object_get_string_member (object, "age_band"), ==, "under-18");
  g_assert_cmpstr (json_object_get_string_member (object, "dsr"), ==, "red");
  g_assert_true (json_object_get_null_member (object, "goal_set"));
  due = json_object_get_array_member (object, "due");
  g_assert_cmpuint (json_array_get_length (due), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (due, 0), ==, "family-qol");
  g_assert_cmpstr (json_array_get_string_element (due, 1), ==, "experience");
  g_clear_pointer (&object, json_object_unref);
  g_clear_pointer (&reply, g_free);

  /* Goals set, quality of life answered now and an offer this month: only
   * the review is due. */
  {
    g_autofree char *completed = g_date_time_format_iso8601 (now);
    JsonObject *goal_set = agg_test_submission ("gas-goals", world->child_a);
    g_autoptr(JsonObject) answers = agg_test_parse_object (
      "{\"goals\": [{\"id\": \"g1\", \"text\": \"Test goal\", \"baseline\": -2}]}");
    JsonObject *offer = json_object_new ();
    g_autofree char *offer_id = g_uuid_string_random ();
    JsonObject *items[2] = { goal_set, submission };

    month = g_date_time_format (now, "%Y-%m");
    json_object_set_object_member (goal_set, "answers", json_object_ref (answers));
    json_object_set_string_member (goal_set, "respondent", "keyworker");
    json_object_set_string_member (submission, "completed_at", completed);
    json_object_set_string_member (offer, "id", offer_id);
    json_object_set_string_member (offer, "child", world->child_a);
    json_object_set_string_member (offer, "outcome", "declined");
    json_object_set_string_member (offer, "month", month);
    batch = agg_test_batch (items, 2, &offer, 1);
    g_assert_cmpint (request (fixture, "POST", "/api/v1/submissions", world->device_a, batch, &reply), ==, 200);
    g_assert_cmpstr (status_of (reply, 0), ==, "stored");
    g_assert_cmpstr (status_of (reply, 1), ==, "stored");
    g_clear_pointer (&reply, g_free);
    json_object_unref (goal_set);
    json_object_unref (offer);
  }
  g_assert_cmpint (request (fixture, "GET", path_lower, world->device_a, NULL, &reply), ==, 200);
  object = agg_test_parse_object (reply);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "goal_set"), "version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "goal_set"), "set_at"),
                   ==, "2026-05-04");
  due = json_object_get_array_member (object, "due");
  g_assert_cmpuint (json_array_get_length (due), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (due, 0), ==, "gas-review");

  /* Another service's code, an unknown code and a malformed one answer
   * exactly alike. */
  g_assert_cmpint (request (fixture, "GET", path_b, world->device_a, NULL, &other), ==, 404);
  g_assert_cmpint (request (fixture, "GET", "/api/v1/children/2222-2222", world->device_a, NULL, &unknown), ==, 404);
  g_assert_cmpint (request (fixture, "GET", "/api/v1/children/nonsense", world->device_a, NULL, &malformed), ==, 404);
  g_assert_cmpstr (other, ==, unknown);
  g_assert_cmpstr (malformed, ==, unknown);

  /* The log has the route, never the code. */
  log = agg_test_take_log ();
  g_assert_nonnull (strstr (log, "GET /api/v1/children/{code} 200"));
  g_assert_nonnull (strstr (log, "GET /api/v1/children/{code} 404"));
  g_assert_null (strstr (log, world->child_a));
  g_assert_null (strstr (log, world->child_b));
  g_assert_null (strstr (log, "2222-2222"));
  g_assert_null (strstr (log, world->device_a));
}

static void
test_lookups_rate_limited (Fixture       *fixture,
                           gconstpointer  data)
{
  AggTestWorld *world = &fixture->world;
  g_autofree char *path = g_strconcat ("/api/v1/children/", world->child_a, NULL);
  g_autofree char *limited = NULL;
  g_autofree char *other_device = NULL;

  agg_api_set_lookup_limit (world->api, 3, 0.01);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *reply = NULL;

      g_assert_cmpint (request (fixture, "GET", i == 1 ? "/api/v1/children/2222-2222" : path,
                                world->device_a, NULL, &reply), ==, i == 1 ? 404 : 200);
    }
  /* Known and unknown codes draw from the same bucket. */
  g_assert_cmpint (request (fixture, "GET", "/api/v1/children/2222-2222", world->device_a, NULL, &limited), ==, 429);
  g_assert_nonnull (strstr (limited, "\"rate-limited\""));
  g_clear_pointer (&limited, g_free);
  g_assert_cmpint (request (fixture, "GET", path, world->device_a, NULL, &limited), ==, 429);
  {
    g_auto(AggResponse) response = { 0 };

    /* 0.01 a minute: the next lookup is 6000 s away. */
    agg_test_call (world->api, "GET", path, world->device_a, NULL, NULL, &response);
    g_assert_cmpuint (response.status, ==, 429);
    g_assert_cmpuint (response.retry_after, ==, 6000);
  }
  /* Each token has its own bucket. */
  g_assert_cmpint (request (fixture, "GET", path, world->service_a_token, NULL, &other_device), ==, 200);
}

static void
test_forms (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *list = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = g_build_filename (KV_SOURCE_FORMS_DIR, "family-qol.xml", NULL);
  g_autofree char *sha = NULL;
  g_autoptr(JsonObject) object = NULL;
  JsonArray *forms;
  gsize length;
  gboolean found = FALSE;

  g_assert_true (g_file_get_contents (path, &file, &length, NULL));
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) file, length);

  g_assert_cmpint (request (fixture, "GET", "/api/v1/forms", fixture->world.device_a, NULL, &list), ==, 200);
  object = agg_test_parse_object (list);
  forms = json_object_get_array_member (object, "forms");
  g_assert_cmpuint (json_array_get_length (forms), ==, 4);
  for (guint i = 0; i < json_array_get_length (forms); i++)
    {
      JsonObject *form = json_array_get_object_element (forms, i);

      if (g_str_equal (json_object_get_string_member (form, "id"), "family-qol"))
        {
          found = TRUE;
          g_assert_cmpint (json_object_get_int_member (form, "version"), ==, 1);
          g_assert_cmpstr (json_object_get_string_member (form, "kind"), ==, "quality-of-life");
          g_assert_cmpstr (json_object_get_string_member (form, "sha256"), ==, sha);
        }
    }
  g_assert_true (found);

  g_assert_cmpint (request (fixture, "GET", "/api/v1/forms/family-qol", fixture->world.device_a, NULL, &xml), ==, 200);
  g_assert_cmpstr (xml, ==, file);
  g_assert_cmpint (request (fixture, "GET", "/api/v1/forms/family-qol?version=2", fixture->world.device_a, NULL, &missing), ==, 404);
  g_assert_cmpint (request (fixture, "GET", "/api/v1/forms/family-qol?version=x", fixture->world.device_a, NULL, &bad), ==, 400);
}

static void
test_unknown_routes (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *reply = NULL;
  g_autofree char *wrong = NULL;
  g_autofree char *log = NULL;

  g_assert_cmpint (request (fixture, "GET", "/api/v1/nothing-here/K7Q3-MX28", fixture->world.device_a, NULL, &reply), ==, 404);
  g_assert_nonnull (strstr (reply, "\"not-found\""));
  g_assert_cmpint (request (fixture, "DELETE", "/api/v1/submissions", fixture->world.device_a, NULL, &wrong), ==, 405);
  log = agg_test_take_log ();
  g_assert_null (strstr (log, "K7Q3-MX28"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  agg_test_capture_log ();

#define ADD(path, func) \
  g_test_add ("/aggregator/http/" path, Fixture, NULL, setup, func, teardown)
  ADD ("health", test_health);
  ADD ("enrolment", test_enrolment);
  ADD ("expired-code", test_expired_code);
  ADD ("enrolment-unknown-member", test_enrolment_unknown_member);
  ADD ("submit-duplicate-conflict", test_submit_duplicate_conflict);
  ADD ("body-too-large", test_body_too_large);
  ADD ("child-lookup", test_child_lookup);
  ADD ("lookups-rate-limited", test_lookups_rate_limited);
  ADD ("forms", test_forms);
  ADD ("unknown-routes", test_unknown_routes);
#undef ADD

  return g_test_run ();
}
