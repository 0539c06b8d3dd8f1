/* test-ingest-envelope.c — a body that is not a batch (bad JSON, the
 * wrong media type, too deep, too many items, too large) is refused whole
 * with an error that says where, never what the family wrote, and stores
 * nothing. */
#include "config.h"

#include <string.h>

#include "agg-error.h"
#include "agg-ingest.h"
#include "agg-ingest-fixture.h"
#include "agg-json.h"

typedef struct
{
  const char *name;
  const char *content_type;
  const char *body;        /* NULL: built by the test */
  guint       status;
  const char *code;
  const char *message;     /* a part of the error's message, or NULL */
} BadEnvelope;

static const BadEnvelope bad_envelopes[] = {
  { "malformed-json", JSON, "{\"submissions\": [", 400, "bad-request" },
  { "trailing-document", JSON, "{\"submissions\": []} {\"offers\": []}", 400, "bad-request" },
  { "error-does-not-quote-body", JSON, "{\"submissions\": [], \"note\": \"Test free text \\ude00\"}",
    400, "bad-request" },
  { "not-an-object", JSON, "[1, 2, 3]", 400, "bad-request" },
  /* json-glib 1.6 leaks on these three, so they must not reach it. */
  { "scalar-then-array", JSON, "7 [\"made-up\"]", 400, "bad-request" },
  { "half-surrogate-pair", JSON, "{\"note\": \"made-up \\ud83d\\u0041\"}", 400, "bad-request" },
  { "cut-short-escape", JSON, "{\"note\": \"made-up \\u12\"}", 400, "bad-request" },
  { "submissions-not-array", JSON, "{\"submissions\": {}}", 400, "bad-request" },
  { "offers-not-array", JSON, "{\"offers\": \"none\"}", 400, "bad-request" },
  { "empty-body", JSON, "", 400, "bad-request" },
  { "not-utf8", JSON, "{\"submissions\": [\"\xff\xfe\"]}", 400, "bad-request" },
  { "wrong-content-type", "text/plain", "{\"submissions\": []}", 415, "unsupported-media-type" },
  { "no-content-type", NULL, "{\"submissions\": []}", 415, "unsupported-media-type" },
  { "deep-nesting", JSON, NULL, 400, "bad-request" },
  { "too-many-items", JSON, NULL, 413, "too-large" },
  { "too-large-body", JSON, NULL, 413, "too-large" },
  /* Only RFC 8259 JSON with the members docs/api.md defines. */
  { "single-quotes", JSON, "{'submissions': []}", 400, "bad-request", "single quotes" },
  { "comment", JSON, "{\"submissions\": [] /* note */}", 400, "bad-request",
    "line 1, column 20 (byte 19): comments" },
  { "hex-number", JSON, "{\"submissions\": [0x1]}", 400, "bad-request", "hexadecimal" },
  { "leading-zero", JSON, "{\"submissions\": [01]}", 400, "bad-request", "start with a 0" },
  { "trailing-comma", JSON, "{\"submissions\": [],}", 400, "bad-request", "comma" },
  { "raw-control-character", JSON, "{\"submissions\": [{\"id\": \"a\x01\"}]}", 400,
    "bad-request", "U+0001" },
  { "escaped-nul", JSON, "{\"submissions\": [{\"id\": \"Test free text\\u0000\"}]}", 400,
    "bad-request", "\\u0000" },
  { "duplicate-key", JSON, "{\"submissions\": [],\n \"submissions\": [{}]}", 400, "bad-request",
    "line 2, column 2 (byte 21): the key “submissions” appears twice" },
  { "unknown-member-padded", JSON, NULL, 400, "bad-request", "member “padding”" },
  { "charset-latin1", "application/json; charset=latin1", "{\"submissions\": []}", 415,
    "unsupported-media-type", "utf-8" },
  { "charset-quoted-latin1", "application/json; charset=\"ISO-8859-1\"", "{\"submissions\": []}",
    415, "unsupported-media-type", "utf-8" },
  { "many-empty-objects", JSON, NULL, 413, "too-large", "more than 100000 values" },
};

/* A parse error says where, never what: the text around it may be a
 * family's words. */
static void
test_parse_error_says_where (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = agg_json_parse ("{\"note\": \"made-up words\",\n \"x\": tru}", -1, &error);
  g_autoptr(JsonNode) pair = NULL;

  g_assert_null (node);
  g_assert_error (error, AGG_ERROR, AGG_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "the body is not valid JSON: line 2, column 7 (byte 32): a value should start here");
  g_assert_null (strstr (error->message, "made-up"));
  g_clear_error (&error);

  /* A whole surrogate pair is a character like any other. */
  pair = agg_json_parse ("{\"note\": \"made-up \\ud83d\\ude00\"}", -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pair);
}

static void
test_bad_envelope (gconstpointer data)
{
  const BadEnvelope *bad = data;
  g_auto(AggTestWorld) world = { 0 };
  g_auto(AggResponse) response = { 0 };
  g_autoptr(JsonObject) reply = NULL;
  g_autofree char *built = NULL;
  gint64 before;

  agg_test_world_init (&world);
  before = ingest_stored_rows (&world);

  if (g_str_equal (bad->name, "deep-nesting"))
    {
      g_autofree char *open = g_strnfill (100000, '[');
      built = g_strconcat ("{\"submissions\": ", open, NULL);
    }
  else if (g_str_equal (bad->name, "too-many-items"))
    {
      GString *text = g_string_new ("{\"submissions\": [");

      for (guint i = 0; i <= AGG_INGEST_MAX_ITEMS; i++)
        g_string_append (text, i == 0 ? "{}" : ", {}");
      g_string_append (text, "]}");
      built = g_string_free (text, FALSE);
    }
  else if (g_str_equal (bad->name, "too-large-body"))
    {
      g_autofree char *padding = g_strnfill (AGG_API_MAX_BODY, ' ');
      built = g_strconcat ("{\"submissions\": []", padding, "}", NULL);
    }
  else if (g_str_equal (bad->name, "unknown-member-padded"))
    {
      g_autofree char *padding = g_strnfill (AGG_API_MAX_BODY - 100, 'x');
      built = g_strconcat ("{\"submissions\": [], \"padding\": \"", padding, "\"}", NULL);
    }
  else if (g_str_equal (bad->name, "many-empty-objects"))
    {
      /* About 2.8 million empty objects in 8 MiB: json-glib would need
       * most of a gigabyte for them. */
      gsize n = (AGG_API_MAX_BODY - 100) / 3;
      GString *text = g_string_sized_new (AGG_API_MAX_BODY);

      g_string_append (text, "{\"submissions\": [{}");
      for (gsize i = 1; i < n; i++)
        g_string_append (text, ",{}");
      g_string_append (text, "]}");
      built = g_string_free (text, FALSE);
    }

  agg_test_call (world.api, "POST", SUBMIT, world.device_a, bad->content_type,
                 built != NULL ? built : bad->body, &response);
  g_assert_cmpuint (response.status, ==, bad->status);
  reply = agg_test_response_object (&response);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (reply, "error"), "code"),
                   ==, bad->code);
  /* An error names where, never what the family wrote. */
  g_test_message ("%s", json_object_get_string_member (json_object_get_object_member (reply, "error"),
                                                       "message"));
  g_assert_null (strstr (json_object_get_string_member (json_object_get_object_member (reply, "error"),
                                                        "message"), "Test free text"));
  if (bad->message != NULL)
    g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (reply, "error"),
                                                             "message"), bad->message));
  g_assert_cmpint (ingest_stored_rows (&world), ==, before);
}

/* UTF-8 may be said out loud, in any case and quoted. */
static void
test_charset_utf8 (void)
{
  static const char * const types[] = {
    "application/json; charset=utf-8", "application/json;charset=UTF-8",
    "Application/JSON; charset=\"utf-8\"", "application/json; version=1",
  };
  g_auto(AggTestWorld) world = { 0 };

  agg_test_world_init (&world);
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_auto(AggResponse) response = { 0 };

      agg_test_call (world.api, "POST", SUBMIT, world.device_a, types[i],
                     "{\"submissions\": []}", &response);
      g_assert_cmpuint (response.status, ==, 200);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/aggregator/ingest/envelope/parse-error-says-where", test_parse_error_says_where);
  for (guint i = 0; i < G_N_ELEMENTS (bad_envelopes); i++)
    {
      g_autofree char *path = g_strconcat ("/aggregator/ingest/envelope/", bad_envelopes[i].name, NULL);

      g_test_add_data_func (path, &bad_envelopes[i], test_bad_envelope);
    }
  g_test_add_func ("/aggregator/ingest/envelope/charset-utf8", test_charset_utf8);

  return g_test_run ();
}
