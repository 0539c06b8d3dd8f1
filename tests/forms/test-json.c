/* test-json.c — the strict JSON gate: RFC 8259 passes (and json-glib reads
 * it the same), everything lenient is refused with where and what, deep
 * and huge texts are refused before json-glib builds anything, and the
 * largest legitimate batch passes with room to spare. */
#include "config.h"

#include <string.h>

#include "kv-form.h"
#include "kv-json.h"

/* Valid JSON, each of which json-glib must read too. */
static const char * const good[] = {
  "{}",
  "[]",
  " \t\r\n{ \"a\" : [ 1 , -0 , 0.5 , -1.5e3 , 1E+2 , 2e-2 , 9007199254740991 , -9007199254740991 , 0.000001 ] } \n",
  "\"top-level string\"",
  "7",
  "true",
  "null",
  "{\"a\":{\"a\":{\"a\":null}},\"b\":false}",
  "[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"]",
  "[\"\\u00e9\\uD83D\\uDE00 caf\xc3\xa9 \xf0\x9f\x98\x80 \xe2\x82\xac\"]",
  "{\"a\":1,\"A\":2,\"a \":3}",
  /* Duplicates only count within one object. */
  "[{\"id\":1},{\"id\":2}]",
  "{\"x\":{\"id\":1},\"y\":{\"id\":1}}",
  /* A key of a nested object, closed or still open, is not one of its
   * parent's. */
  "{\"a\":{\"b\":1,\"c\":{\"b\":2}},\"b\":3,\"c\":{\"a\":4}}",
  /* Many keys (past the ones compared one by one), none twice. */
  "{\"k00\":0,\"k01\":1,\"k02\":2,\"k03\":3,\"k04\":4,\"k05\":5,\"k06\":6,\"k07\":7,"
  "\"k08\":8,\"k09\":9,\"k10\":10,\"k11\":11,\"k12\":12,\"k13\":13,\"k14\":14,"
  "\"k15\":15,\"k16\":16,\"k17\":{\"k00\":0},\"k18\":18,\"k19\":19}",
};

typedef struct
{
  const char *name;
  const char *text;
  gsize       length;   /* 0: strlen (text) */
  const char *where;    /* the start of the message */
  const char *what;     /* a part of it */
} Bad;

static const Bad bad[] = {
  { "empty", "", 0, "line 1, column 1 (byte 0)", "empty" },
  { "only-space", "  \n ", 0, "line 2, column 2 (byte 4)", "empty" },
  { "single-quotes", "{'a': 1}", 0, "line 1, column 2 (byte 1)", "single quotes" },
  { "single-quoted-value", "{\"a\": 'b'}", 0, "line 1, column 7 (byte 6)", "single quotes" },
  { "block-comment", "{\"a\": 1 /* note */}", 0, "line 1, column 9 (byte 8)", "comments" },
  { "line-comment", "// note\n{}", 0, "line 1, column 1 (byte 0)", "comments" },
  { "hex", "{\"a\": 0x1}", 0, "line 1, column 7 (byte 6)", "hexadecimal" },
  { "leading-zero", "[01]", 0, "line 1, column 2 (byte 1)", "start with a 0" },
  { "leading-zero-negative", "[-01]", 0, "line 1, column 2 (byte 1)", "start with a 0" },
  { "plus-sign", "[+1]", 0, "line 1, column 2 (byte 1)", "starts with a digit" },
  { "bare-point", "[.5]", 0, "line 1, column 2 (byte 1)", "starts with a digit" },
  { "point-without-digits", "[1.]", 0, "line 1, column 2 (byte 1)", "after “.”" },
  { "exponent-without-digits", "[1e]", 0, "line 1, column 2 (byte 1)", "exponent" },
  { "number-too-large", "[1e400]", 0, "line 1, column 2 (byte 1)", "too large" },
  { "integer-too-large", "[9223372036854775808]", 0, "line 1, column 2 (byte 1)", "too large" },
  { "integer-beyond-2^53", "[9007199254740992]", 0, "line 1, column 2 (byte 1)", "too large" },
  { "double-beyond-2^53", "[1e17]", 0, "line 1, column 2 (byte 1)", "too large" },
  { "double-too-small", "{\"\":1e-300}", 0, "line 1, column 5 (byte 4)", "too small" },
  { "nan", "[NaN]", 0, "line 1, column 2 (byte 1)", "value should start" },
  { "capital-true", "[True]", 0, "line 1, column 2 (byte 1)", "value should start" },
  { "trailing-comma-array", "[1, 2, ]", 0, "line 1, column 8 (byte 7)", "comma must not come before “]”" },
  { "trailing-comma-object", "{\"a\": 1,}", 0, "line 1, column 9 (byte 8)", "comma must not come before “}”" },
  { "missing-comma", "[1 2]", 0, "line 1, column 4 (byte 3)", "“,” or “]”" },
  { "missing-colon", "{\"a\" 1}", 0, "line 1, column 6 (byte 5)", "“:”" },
  { "unquoted-key", "{a: 1}", 0, "line 1, column 2 (byte 1)", "key" },
  { "raw-newline", "[\"a\nb\"]", 0, "line 1, column 4 (byte 3)", "U+000A" },
  { "raw-tab", "[\"a\tb\"]", 0, "line 1, column 4 (byte 3)", "U+0009" },
  { "raw-nul", "[\"a\0b\"]", 7, "line 1, column 4 (byte 3)", "U+0000" },
  { "escaped-nul", "[\"made-up\\u0000cut\"]", 0, "line 1, column 10 (byte 9)", "\\u0000" },
  { "bad-escape", "[\"\\q\"]", 0, "line 1, column 3 (byte 2)", "“\\q”" },
  { "short-unicode-escape", "[\"\\u12\"]", 0, "line 1, column 3 (byte 2)", "four hexadecimal" },
  { "lone-high-surrogate", "[\"\\uD83D\"]", 0, "line 1, column 3 (byte 2)", "first half" },
  { "high-then-not-low", "[\"\\uD83D\\u0041\"]", 0, "line 1, column 3 (byte 2)", "first half" },
  { "lone-low-surrogate", "[\"\\uDE00\"]", 0, "line 1, column 3 (byte 2)", "second half" },
  { "not-utf8", "[\"\xff\"]", 0, "line 1, column 3 (byte 2)", "UTF-8" },
  { "overlong-utf8", "[\"\xc0\xaf\"]", 0, "line 1, column 3 (byte 2)", "UTF-8" },
  { "overlong-utf8-three", "[\"\xe0\x80\xaf\"]", 0, "line 1, column 3 (byte 2)", "UTF-8" },
  { "surrogate-in-utf8", "[\"\xed\xa0\x80\"]", 0, "line 1, column 3 (byte 2)", "UTF-8" },
  { "beyond-unicode", "[\"\xf4\x90\x80\x80\"]", 0, "line 1, column 3 (byte 2)", "UTF-8" },
  { "cut-utf8", "[\"\xc3", 0, "line 1, column 3 (byte 2)", "UTF-8" },
  { "utf8-outside-string", "[\xc3\xa9]", 0, "line 1, column 2 (byte 1)", "value should start" },
  { "byte-order-mark", "\xef\xbb\xbf{}", 0, "line 1, column 1 (byte 0)", "value should start" },
  { "duplicate-key", "{\"a\": 1,\n \"form\": 2, \"form\": 3}", 0, "line 2, column 13 (byte 21)",
    "the key “form” appears twice" },
  { "duplicate-key-escaped", "{\"ab\": 1, \"a\\u0062\": 2}", 0, "line 1, column 11 (byte 10)",
    "the key “ab” appears twice" },
  { "duplicate-key-after-many",
    "{\"k00\":0,\"k01\":1,\"k02\":2,\"k03\":3,\"k04\":4,\"k05\":5,\"k06\":6,\"k07\":7,"
    "\"k08\":8,\"k09\":9,\"k10\":10,\"k11\":11,\"k12\":12,\"k13\":13,\"k14\":14,"
    "\"k15\":15,\"k16\":16,\"k17\":17,\"k0\\u0033\":18}", 0,
    "line 1, column 154 (byte 153)", "the key “k03” appears twice" },
  { "duplicate-key-after-nested", "{\"a\":{\"b\":{}},\"b\":1,\"a\":2}", 0,
    "line 1, column 21 (byte 20)", "the key “a” appears twice" },
  { "duplicate-key-not-named", "{\"made up\": 1, \"made up\": 2}", 0, "line 1, column 16 (byte 15)",
    "a key appears twice" },
  { "second-document", "{} {}", 0, "line 1, column 4 (byte 3)", "more after" },
  { "unclosed-array", "[1, [2]", 0, "line 1, column 8 (byte 7)", "array is closed" },
  { "unclosed-string", "[\"abc", 0, "line 1, column 2 (byte 1)", "never closed" },
  { "wrong-closer", "[1}", 0, "line 1, column 3 (byte 2)", "“,” or “]”" },
  { "column-counts-characters", "[\"\xc3\xa9\xc3\xa9\", x]", 0, "line 1, column 8 (byte 9)",
    "value should start" },
};

static void
test_good (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;

      g_test_message ("%s", good[i]);
      node = kv_json_parse (good[i], strlen (good[i]), &error);
      g_assert_no_error (error);
      g_assert_nonnull (node);
      g_assert_true (json_node_is_immutable (node));
    }
}

static void
test_bad (gconstpointer data)
{
  const Bad *b = data;
  gsize length = b->length != 0 ? b->length : strlen (b->text);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_assert_false (kv_json_validate (b->text, length, &error));
  g_assert_error (error, KV_FORM_ERROR, KV_FORM_ERROR_JSON);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, b->where));
  g_assert_nonnull (strstr (error->message, b->what));
  /* Errors say where, never quote the text. */
  g_assert_null (strstr (error->message, "made-up"));
  g_assert_null (strstr (error->message, "made up"));
  g_clear_error (&error);

  node = kv_json_parse (b->text, length, &error);
  g_assert_null (node);
  g_assert_error (error, KV_FORM_ERROR, KV_FORM_ERROR_JSON);
  /* Without an error to fill in, the answer is the same. */
  g_assert_false (kv_json_validate (b->text, length, NULL));
}

/* 100,000 "[" would take json-glib's recursion off the end of the stack. */
static void
test_depth (void)
{
  g_autofree char *deep = g_strnfill (100000, '[');
  g_autoptr(GString) limit = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_null (kv_json_parse (deep, strlen (deep), &error));
  g_assert_error (error, KV_FORM_ERROR, KV_FORM_ERROR_JSON);
  g_assert_nonnull (strstr (error->message, "(byte 64): arrays and objects nest deeper than 64"));
  g_clear_error (&error);

  /* Exactly the limit is fine, in arrays and objects alike. */
  for (guint i = 0; i < KV_JSON_MAX_DEPTH / 2; i++)
    g_string_append (limit, "{\"a\":[");
  for (guint i = 0; i < KV_JSON_MAX_DEPTH / 2; i++)
    g_string_append (limit, "]}");
  g_assert_true (kv_json_validate (limit->str, limit->len, &error));
  g_assert_no_error (error);
  g_string_prepend_c (limit, '[');
  g_string_append_c (limit, ']');
  g_assert_false (kv_json_validate (limit->str, limit->len, &error));
  g_assert_error (error, KV_FORM_ERROR, KV_FORM_ERROR_JSON);
}

/* 8 MiB of "{}," is 2.8 million values, which json-glib would turn into
 * most of a gigabyte; it is refused at the first value over the cap. */
static void
test_too_many_values (void)
{
  gsize n = 8 * 1024 * 1024 / 3;
  g_autoptr(GString) text = g_string_sized_new (n * 3 + 16);
  g_autoptr(GError) error = NULL;

  g_string_append (text, "{\"x\":[");
  for (gsize i = 0; i < n; i++)
    g_string_append (text, i == 0 ? "{}" : ",{}");
  g_string_append (text, "]}");

  g_assert_null (kv_json_parse (text->str, text->len, &error));
  g_assert_error (error, KV_FORM_ERROR, KV_FORM_ERROR_JSON_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "more than 100000 values"));
  g_clear_error (&error);

  /* Members count as much as elements. */
  g_string_assign (text, "{");
  for (guint i = 0; i <= KV_JSON_MAX_VALUES; i++)
    g_string_append_printf (text, "%s\"k%u\":0", i == 0 ? "" : ",", i);
  g_string_append (text, "}");
  g_assert_false (kv_json_validate (text->str, text->len, &error));
  g_assert_error (error, KV_FORM_ERROR, KV_FORM_ERROR_JSON_TOO_LARGE);
}

static void
append_goal_submission (GString *text,
                        guint    n)
{
  g_string_append_printf (text,
                          "%s{\"id\":\"00000000-0000-4000-8000-%012u\",\"form\":\"gas-goals\","
                          "\"form_version\":1,\"child\":\"K7Q3-MX28\",\"respondent\":\"keyworker\","
                          "\"mode\":\"assisted\",\"locale\":\"en_GB\",\"easy_read\":false,"
                          "\"started_at\":\"2026-05-01T10:02:03+01:00\","
                          "\"completed_at\":\"2026-05-01T10:06:40+01:00\",\"answers\":{\"goals\":[",
                          n == 0 ? "" : ",", n);
  for (guint g = 0; g < KV_GAS_MAX_GOALS; g++)
    g_string_append_printf (text,
                            "%s{\"id\":\"g%u\",\"text\":\"Test goal\",\"baseline\":-1,"
                            "\"importance\":2,\"difficulty\":1,\"levels\":{\"-2\":\"a\","
                            "\"-1\":\"b\",\"0\":\"c\",\"1\":\"d\",\"2\":\"e\"}}",
                            g == 0 ? "" : ",", g + 1);
  g_string_append (text, "]}}");
}

/* The heaviest batch the aggregator takes (500 submissions of six goals
 * with every level written out, and 500 offers) is well under the cap. */
static void
test_largest_batch_passes (void)
{
  g_autoptr(GString) text = g_string_new ("{\"submissions\":[");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  guint values = 2;

  for (guint i = 0; i < 500; i++)
    append_goal_submission (text, i);
  g_string_append (text, "],\"offers\":[");
  for (guint i = 0; i < 500; i++)
    g_string_append_printf (text, "%s{\"id\":\"00000000-0000-4000-9000-%012u\","
                            "\"child\":\"K7Q3-MX28\",\"outcome\":\"completed\","
                            "\"month\":\"2026-05\"}", i == 0 ? "" : ",", i);
  g_string_append (text, "]}");

  node = kv_json_parse (text->str, text->len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);

  /* Per submission: its element, 11 members, "goals", 6 goal elements of
   * 6 members and 5 levels each; per offer its element and 4 members. */
  values += 500 * (1 + 11 + 1 + KV_GAS_MAX_GOALS * (1 + 6 + 5)) + 500 * 5;
  g_test_message ("%u values of %d", values, KV_JSON_MAX_VALUES);
  g_assert_cmpuint (values * 2, <, KV_JSON_MAX_VALUES);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/forms/json/good", test_good);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = g_strconcat ("/forms/json/bad/", bad[i].name, NULL);

      g_test_add_data_func (path, &bad[i], test_bad);
    }
  g_test_add_func ("/forms/json/depth", test_depth);
  g_test_add_func ("/forms/json/too-many-values", test_too_many_values);
  g_test_add_func ("/forms/json/largest-batch-passes", test_largest_batch_passes);

  return g_test_run ();
}
