/* test-api-reply.c — the answers every route is made of
 * (http/agg-api-reply.c): each error of the aggregator's domain as the
 * status and code docs/api.md gives it, internal failures without their
 * detail, work cut short by a stop as 503, and a JSON body read only when
 * it says it is JSON in UTF-8. */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "agg-api-reply.h"
#include "agg-error.h"
#include "agg-test-util.h"

/* The error code and message of @response, which must be an error reply
 * with @status. */
static void
assert_error_reply (AggResponse  *response,
                    guint         status,
                    const char   *code,
                    char        **message)
{
  g_autoptr(JsonObject) body = agg_test_response_object (response);
  JsonObject *error;

  g_assert_cmpuint (response->status, ==, status);
  g_assert_true (json_object_has_member (body, "error"));
  error = json_object_get_object_member (body, "error");
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
  if (message != NULL)
    *message = g_strdup (json_object_get_string_member (error, "message"));
}

static void
test_error_body (void)
{
  g_autoptr(GBytes) body = agg_api_error_body ("not-found", "there is no \"such\" form");
  g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

  g_assert_cmpstr (text, ==, "{\"error\":{\"code\":\"not-found\",\"message\":\"there is no \\\"such\\\" form\"}}");
}

static void
test_gerror_statuses (void)
{
  static const struct
  {
    AggError    error;
    guint       status;
    const char *code;
  } cases[] = {
    { AGG_ERROR_INVALID, 400, "bad-request" },
    { AGG_ERROR_UNAUTHORIZED, 401, "unauthorized" },
    { AGG_ERROR_FORBIDDEN, 403, "forbidden" },
    { AGG_ERROR_NOT_FOUND, 404, "not-found" },
    { AGG_ERROR_TOO_LARGE, 413, "too-large" },
    { AGG_ERROR_RATE_LIMITED, 429, "rate-limited" },
    { AGG_ERROR_NOT_IMPLEMENTED, 501, "not-implemented" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(AggResponse) response = { 0 };
      g_autoptr(GError) error = g_error_new_literal (AGG_ERROR, cases[i].error, "what went wrong");
      g_autofree char *message = NULL;

      agg_api_reply_gerror (&response, error);
      assert_error_reply (&response, cases[i].status, cases[i].code, &message);
      /* These are for the caller to read: the message goes with them. */
      g_assert_cmpstr (message, ==, "what went wrong");
      g_assert_cmpuint (response.retry_after, ==, 0);
    }
}

static void
test_busy_comes_back (void)
{
  g_auto(AggResponse) response = { 0 };
  g_autoptr(GError) error = g_error_new_literal (AGG_ERROR, AGG_ERROR_BUSY,
                                                 "database is locked: /srv/keyvoice/agg.db");
  g_autofree char *message = NULL;

  agg_api_reply_gerror (&response, error);
  assert_error_reply (&response, 503, "unavailable", &message);
  g_assert_cmpuint (response.retry_after, ==, AGG_API_BUSY_RETRY_AFTER);
  /* SQLite's message names the file, which is nobody's business. */
  g_assert_null (strstr (message, "agg.db"));
}

static void
test_internal_without_detail (void)
{
  static const AggError internal[] = { AGG_ERROR_DATABASE, AGG_ERROR_EXISTS, AGG_ERROR_KEY,
                                       AGG_ERROR_FORMS };

  for (guint i = 0; i <= G_N_ELEMENTS (internal); i++)
    {
      g_auto(AggResponse) response = { 0 };
      /* And an error of another domain altogether. */
      g_autoptr(GError) error = i < G_N_ELEMENTS (internal)
        ? g_error_new_literal (AGG_ERROR, internal[i], "constraint failed on table tokens")
        : g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "constraint failed on table tokens");
      g_autofree char *message = NULL;
      g_autofree char *log = NULL;

      response.log_path = g_strdup ("/api/v1/submissions");
      agg_api_reply_gerror (&response, error);
      assert_error_reply (&response, 500, "internal", &message);
      g_assert_null (strstr (message, "tokens"));

      /* The detail goes to the log instead, with the route. */
      log = agg_test_take_log ();
      g_assert_nonnull (strstr (log, "/api/v1/submissions"));
      g_assert_nonnull (strstr (log, "constraint failed on table tokens"));
    }
}

static void
test_unfinished (void)
{
  g_auto(AggResponse) stopped = { 0 };
  g_auto(AggResponse) refused = { 0 };
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     "Operation was cancelled");
  g_autoptr(GError) unauthorized = g_error_new_literal (AGG_ERROR, AGG_ERROR_UNAUTHORIZED,
                                                        "no token");

  agg_api_reply_unfinished (&stopped, cancelled);
  assert_error_reply (&stopped, 503, "unavailable", NULL);
  agg_api_reply_unfinished (&refused, unauthorized);
  assert_error_reply (&refused, 401, "unauthorized", NULL);
}

static void
test_too_large (void)
{
  g_auto(AggResponse) none = { 0 };
  g_auto(AggResponse) small = { 0 };
  g_autofree char *none_message = NULL;
  g_autofree char *small_message = NULL;

  agg_api_too_large_reply (&none, 0);
  assert_error_reply (&none, 413, "too-large", &none_message);
  agg_api_too_large_reply (&small, AGG_API_MAX_SMALL_BODY);
  assert_error_reply (&small, 413, "too-large", &small_message);

  /* The limit is named, in units a person reads (GLib puts a no-break
   * space before the unit). */
  g_assert_cmpstr (none_message, !=, small_message);
  g_assert_nonnull (strstr (small_message, "16.0"));
  g_assert_nonnull (strstr (small_message, "KiB"));
}

static void
test_reply_replaces (void)
{
  g_auto(AggResponse) response = { 0 };
  g_autoptr(JsonNode) node = json_from_string ("{\"status\": \"ok\"}", NULL);
  g_autofree char *text = NULL;

  /* A later reply takes the place of an earlier one, body and all. */
  agg_api_reply_error (&response, 400, "bad-request", "first");
  agg_api_reply_json (&response, 200, node);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_cmpstr (response.content_type, ==, "application/json");
  text = g_strndup (g_bytes_get_data (response.body, NULL), g_bytes_get_size (response.body));
  g_assert_cmpstr (text, ==, "{\"status\":\"ok\"}");

  agg_response_clear (&response);
  g_assert_cmpuint (response.status, ==, 0);
  g_assert_null (response.body);
  g_assert_null (response.content_type);
}

/* Reads @body sent as @content_type; NULL when refused, with @response
 * holding the refusal. */
static JsonNode *
read_body (const char  *content_type,
           const char  *body,
           AggResponse *response)
{
  g_autoptr(GBytes) bytes = body != NULL ? g_bytes_new (body, strlen (body)) : NULL;
  AggRequest request = { "POST", "/api/v1/devices", NULL, NULL, content_type, bytes, NULL };

  return agg_api_read_json_body (&request, response);
}

static void
test_json_media_types (void)
{
  static const char * const json[] = {
    "application/json",
    "application/json; charset=utf-8",
    "Application/JSON;Charset=\"UTF-8\"",
    "application/json; boundary=x; charset=utf-8",
    " application/json ; q=1",
  };
  static const char * const not_json[] = {
    "text/plain",
    "application/jsonx",
    "application/x-www-form-urlencoded",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (json); i++)
    {
      g_auto(AggResponse) response = { 0 };
      g_autoptr(JsonNode) node = read_body (json[i], "{\"code\": \"x\"}", &response);

      g_assert_nonnull (node);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
      g_assert_cmpuint (response.status, ==, 0);
    }
  for (guint i = 0; i <= G_N_ELEMENTS (not_json); i++)
    {
      g_auto(AggResponse) response = { 0 };
      /* And no Content-Type at all. */
      g_autoptr(JsonNode) node = read_body (i < G_N_ELEMENTS (not_json) ? not_json[i] : NULL,
                                            "{\"code\": \"x\"}", &response);

      g_assert_null (node);
      assert_error_reply (&response, 415, "unsupported-media-type", NULL);
    }
}

static void
test_json_is_utf8 (void)
{
  static const char * const charsets[] = {
    "application/json; charset=latin1",
    "application/json; charset=\"utf-16\"",
    "application/json; charset=",
  };
  g_autofree char *wrong_type = NULL;

  {
    g_auto(AggResponse) response = { 0 };
    g_autoptr(JsonNode) node = read_body ("text/json", "{}", &response);

    g_assert_null (node);
    assert_error_reply (&response, 415, "unsupported-media-type", &wrong_type);
  }
  for (guint i = 0; i < G_N_ELEMENTS (charsets); i++)
    {
      g_auto(AggResponse) response = { 0 };
      g_autoptr(JsonNode) node = read_body (charsets[i], "{}", &response);
      g_autofree char *message = NULL;

      g_assert_null (node);
      assert_error_reply (&response, 415, "unsupported-media-type", &message);
      /* The answer says what is wrong: the charset, not the type. */
      g_assert_cmpstr (message, !=, wrong_type);
      g_assert_nonnull (strstr (message, "utf-8"));
    }
}

static void
test_json_body_refused (void)
{
  static const struct
  {
    const char *body;
    guint       status;
    const char *code;
  } cases[] = {
    { NULL, 400, "bad-request" },
    { "", 400, "bad-request" },
    { "{\"code\": }", 400, "bad-request" },
    { "{\"code\": \"x\"} trailing", 400, "bad-request" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(AggResponse) response = { 0 };
      g_autoptr(JsonNode) node = read_body ("application/json", cases[i].body, &response);

      g_assert_null (node);
      assert_error_reply (&response, cases[i].status, cases[i].code, NULL);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  agg_test_capture_log ();

  g_test_add_func ("/aggregator/api-reply/error-body", test_error_body);
  g_test_add_func ("/aggregator/api-reply/gerror-statuses", test_gerror_statuses);
  g_test_add_func ("/aggregator/api-reply/busy-comes-back", test_busy_comes_back);
  g_test_add_func ("/aggregator/api-reply/internal-without-detail", test_internal_without_detail);
  g_test_add_func ("/aggregator/api-reply/unfinished", test_unfinished);
  g_test_add_func ("/aggregator/api-reply/too-large", test_too_large);
  g_test_add_func ("/aggregator/api-reply/reply-replaces", test_reply_replaces);
  g_test_add_func ("/aggregator/api-reply/json-media-types", test_json_media_types);
  g_test_add_func ("/aggregator/api-reply/json-is-utf8", test_json_is_utf8);
  g_test_add_func ("/aggregator/api-reply/json-body-refused", test_json_body_refused);

  return g_test_run ();
}
