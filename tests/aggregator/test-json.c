/* test-json.c — the aggregator's JSON (core/agg-json.c): the canonical
 * form whose digest finds a resent submission (docs/api.md), the same for
 * the same content in any member order and different for any change;
 * strict parsing with errors that say what kind of wrong; the check for
 * members docs/api.md does not define; and replies written as they are. */
#include "config.h"

#include <string.h>

#include "agg-error.h"
#include "agg-json.h"

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = agg_json_parse (text, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static char *
canonical (const char *text)
{
  g_autoptr(JsonNode) node = parse (text);

  return agg_json_canonical (node);
}

static char *
content_hash (const char *text)
{
  g_autoptr(JsonNode) node = parse (text);

  return agg_json_content_hash (node);
}

static void
test_canonical_form (void)
{
  static const struct
  {
    const char *text;
    const char *canonical;
  } cases[] = {
    /* Members sorted by key, at every depth; arrays keep their order. */
    { "{\"b\": 1, \"a\": 2}", "{\"a\":2,\"b\":1}" },
    { "{\"z\": {\"y\": [3, 1, 2], \"x\": null}, \"a\": true}",
      "{\"a\":true,\"z\":{\"x\":null,\"y\":[3,1,2]}}" },
    /* Byte order: upper case before lower case, shorter before longer. */
    { "{\"ab\": 1, \"B\": 2, \"a\": 3}", "{\"B\":2,\"a\":3,\"ab\":1}" },
    { "[ ]", "[]" },
    { "{ }", "{}" },
    { "[false, -7, 2.5, \"x\"]", "[false,-7,2.5,\"x\"]" },
    /* Only what JSON requires is escaped; the rest stays UTF-8. */
    { "\"quote \\\" backslash \\\\ slash \\/ é\"", "\"quote \\\" backslash \\\\ slash / é\"" },
    { "\"\\n\\r\\t\\b\\f\\u0001\\u001f\"", "\"\\n\\r\\t\\b\\f\\u0001\\u001f\"" },
    { "\"\\u00e9\"", "\"é\"" },
    { "9007199254740991", "9007199254740991" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = canonical (cases[i].text);

      g_assert_cmpstr (text, ==, cases[i].canonical);
    }
}

static void
test_same_content_same_hash (void)
{
  g_autofree char *first = content_hash ("{\"id\": \"sub-1\", \"answers\": {\"q1\": 2, \"q2\": \"mostly-fine\"},"
                                         " \"tags\": [\"a\", \"b\"]}");
  g_autofree char *reordered = content_hash ("{\"tags\": [\"a\", \"b\"],"
                                             " \"answers\": {\"q2\": \"mostly-fine\", \"q1\": 2},"
                                             " \"id\": \"sub-1\"}");
  g_autofree char *spaced = content_hash ("{\n  \"answers\" : { \"q1\" : 2 , \"q2\" : \"mostly-fine\" } ,\n"
                                          "  \"id\" : \"sub-1\",\n  \"tags\" : [ \"a\" , \"b\" ]\n}\n");
  g_autoptr(JsonNode) node = parse ("{\"b\": [1, {\"d\": 4, \"c\": 3}], \"a\": \"x\"}");
  g_autofree char *text = agg_json_canonical (node);
  g_autofree char *hash = agg_json_content_hash (node);
  g_autofree char *expected = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);

  g_assert_cmpstr (first, ==, reordered);
  g_assert_cmpstr (first, ==, spaced);
  /* The digest is lower-case hex SHA-256 of the canonical text. */
  g_assert_cmpstr (hash, ==, expected);
  g_assert_cmpuint (strlen (hash), ==, 64);
}

static void
test_any_change_another_hash (void)
{
  static const char base[] = "{\"id\": \"sub-1\", \"answers\": {\"q1\": 2, \"q2\": true, \"q3\": null},"
                             " \"tags\": [\"a\", \"b\"], \"score\": 1.5}";
  static const char * const changed[] = {
    "{\"id\": \"sub-2\", \"answers\": {\"q1\": 2, \"q2\": true, \"q3\": null}, \"tags\": [\"a\", \"b\"], \"score\": 1.5}",
    "{\"id\": \"sub-1\", \"answers\": {\"q1\": 3, \"q2\": true, \"q3\": null}, \"tags\": [\"a\", \"b\"], \"score\": 1.5}",
    "{\"id\": \"sub-1\", \"answers\": {\"q1\": 2, \"q2\": false, \"q3\": null}, \"tags\": [\"a\", \"b\"], \"score\": 1.5}",
    "{\"id\": \"sub-1\", \"answers\": {\"q1\": 2, \"q2\": true, \"q3\": 0}, \"tags\": [\"a\", \"b\"], \"score\": 1.5}",
    "{\"id\": \"sub-1\", \"answers\": {\"q1\": 2, \"q2\": true, \"q3\": null}, \"tags\": [\"b\", \"a\"], \"score\": 1.5}",
    "{\"id\": \"sub-1\", \"answers\": {\"q1\": 2, \"q2\": true, \"q3\": null}, \"tags\": [\"a\", \"b\"], \"score\": 1.25}",
    /* A string that reads like the number is not the number. */
    "{\"id\": \"sub-1\", \"answers\": {\"q1\": \"2\", \"q2\": true, \"q3\": null}, \"tags\": [\"a\", \"b\"], \"score\": 1.5}",
    /* A member more, a member less, a member renamed. */
    "{\"id\": \"sub-1\", \"answers\": {\"q1\": 2, \"q2\": true, \"q3\": null, \"q4\": 1}, \"tags\": [\"a\", \"b\"], \"score\": 1.5}",
    "{\"id\": \"sub-1\", \"answers\": {\"q1\": 2, \"q2\": true}, \"tags\": [\"a\", \"b\"], \"score\": 1.5}",
    "{\"id\": \"sub-1\", \"answers\": {\"Q1\": 2, \"q2\": true, \"q3\": null}, \"tags\": [\"a\", \"b\"], \"score\": 1.5}",
    /* The same values nested differently. */
    "{\"id\": \"sub-1\", \"answers\": [{\"q1\": 2, \"q2\": true, \"q3\": null}], \"tags\": [\"a\", \"b\"], \"score\": 1.5}",
    "{\"id\": \"sub-1\", \"answers\": {\"q1\": 2, \"q2\": true, \"q3\": null}, \"tags\": [\"a\", [\"b\"]], \"score\": 1.5}",
  };
  g_autofree char *original = content_hash (base);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_hash_table_add (seen, g_strdup (original));
  for (guint i = 0; i < G_N_ELEMENTS (changed); i++)
    {
      g_autofree char *hash = content_hash (changed[i]);

      /* Different from the original, and from every other change. */
      g_assert_true (g_hash_table_add (seen, g_steal_pointer (&hash)));
    }
}

static void
test_keys_are_escaped_too (void)
{
  g_autofree char *text = canonical ("{\"a\\\"b\": 1, \"line\\nbreak\": 2}");

  /* '"' (0x22) sorts before 'l'; both keys come out escaped. */
  g_assert_cmpstr (text, ==, "{\"a\\\"b\":1,\"line\\nbreak\":2}");
}

static void
test_append_string (void)
{
  g_autoptr(GString) out = g_string_new ("x=");

  agg_json_append_string (out, "tab\there \"q\" \x02");
  g_assert_cmpstr (out->str, ==, "x=\"tab\\there \\\"q\\\" \\u0002\"");
}

static void
test_parse_errors (void)
{
  static const char * const invalid[] = {
    "",
    "{\"a\": 1,}",              /* a trailing comma */
    "{'a': 1}",                 /* single quotes */
    "{\"a\": 1, \"a\": 2}",     /* a key twice */
    "[1] [2]",                  /* something after the value */
    "{\"a\": 01}",              /* a leading zero */
  };
  g_autoptr(GString) huge = g_string_new ("[");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonNode) refused = agg_json_parse (invalid[i], -1, &local_error);

      g_assert_null (refused);
      g_assert_error (local_error, AGG_ERROR, AGG_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (local_error->message, "the body is not valid JSON: "));
    }

  /* More values than any body of ours holds is too large, not invalid. */
  for (guint i = 0; i <= 100000; i++)
    g_string_append (huge, i == 0 ? "0" : ",0");
  g_string_append_c (huge, ']');
  node = agg_json_parse (huge->str, huge->len, &error);
  g_assert_null (node);
  g_assert_error (error, AGG_ERROR, AGG_ERROR_TOO_LARGE);
}

static void
test_parse_length (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  /* Only @length bytes are read: what follows them is not part of it. */
  node = agg_json_parse ("[1, 2]garbage", 6, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 2);
}

static void
test_check_members (void)
{
  static const char * const known[] = { "code", "name", NULL };
  g_autoptr(JsonNode) good = parse ("{\"code\": \"x\", \"name\": \"y\"}");
  g_autoptr(JsonNode) partial = parse ("{\"name\": \"y\"}");
  g_autoptr(JsonNode) extra = parse ("{\"code\": \"x\", \"colour\": \"red\"}");
  g_autoptr(JsonNode) words = parse ("{\"code\": \"x\", \"my child said this\": 1}");
  g_autoptr(GError) error = NULL;

  g_assert_true (agg_json_check_members (json_node_get_object (good), known, "the body", &error));
  g_assert_no_error (error);
  /* Missing members are for the caller to ask for; only unknown ones are
   * refused here. */
  g_assert_true (agg_json_check_members (json_node_get_object (partial), known, "the body", &error));
  g_assert_no_error (error);

  g_assert_false (agg_json_check_members (json_node_get_object (extra), known, "submission 3",
                                          &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "submission 3"));
  g_assert_nonnull (strstr (error->message, "“colour”"));
  g_clear_error (&error);

  /* A name that could be someone's words is not repeated. */
  g_assert_false (agg_json_check_members (json_node_get_object (words), known, "the body", &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_INVALID);
  g_assert_null (strstr (error->message, "child"));
  g_assert_nonnull (strstr (error->message, "the body"));
}

static void
test_to_bytes_as_it_is (void)
{
  g_autoptr(JsonNode) node = parse ("{\"b\": 1, \"a\": [true, null]}");
  g_autoptr(GBytes) bytes = agg_json_to_bytes (node);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  /* A reply keeps the order it was built in, compactly. */
  g_assert_cmpstr (text, ==, "{\"b\":1,\"a\":[true,null]}");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/aggregator/json/canonical-form", test_canonical_form);
  g_test_add_func ("/aggregator/json/same-content-same-hash", test_same_content_same_hash);
  g_test_add_func ("/aggregator/json/any-change-another-hash", test_any_change_another_hash);
  g_test_add_func ("/aggregator/json/keys-are-escaped-too", test_keys_are_escaped_too);
  g_test_add_func ("/aggregator/json/append-string", test_append_string);
  g_test_add_func ("/aggregator/json/parse-errors", test_parse_errors);
  g_test_add_func ("/aggregator/json/parse-length", test_parse_length);
  g_test_add_func ("/aggregator/json/check-members", test_check_members);
  g_test_add_func ("/aggregator/json/to-bytes-as-it-is", test_to_bytes_as_it_is);

  return g_test_run ();
}
