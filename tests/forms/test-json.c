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

/* JsonParser's tree of @text, which it must be able to read. */
static JsonNode *
json_glib_tree (const char *text,
                gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, (gssize) length, &error));
  g_assert_no_error (error);
  return json_parser_steal_root (parser);
}

/* Node for node: the same kinds, the same value types (an integer is not
 * a double), the same bits of every double, members in the same order. */
static void
assert_same_tree (JsonNode *ours,
                  JsonNode *theirs)
{
  g_assert_cmpint (json_node_get_node_type (ours), ==, json_node_get_node_type (theirs));
  switch (json_node_get_node_type (ours))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *a = json_node_get_object (ours);
        JsonObject *b = json_node_get_object (theirs);
        g_autoptr(GList) names_a = json_object_get_members (a);
        g_autoptr(GList) names_b = json_object_get_members (b);

        g_assert_cmpuint (g_list_length (names_a), ==, g_list_length (names_b));
        for (GList *l = names_a, *m = names_b; l != NULL; l = l->next, m = m->next)
          {
            g_assert_cmpstr (l->data, ==, m->data);
            assert_same_tree (json_object_get_member (a, l->data),
                              json_object_get_member (b, m->data));
          }
        break;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *a = json_node_get_array (ours);
        JsonArray *b = json_node_get_array (theirs);

        g_assert_cmpuint (json_array_get_length (a), ==, json_array_get_length (b));
        for (guint i = 0; i < json_array_get_length (a); i++)
          assert_same_tree (json_array_get_element (a, i), json_array_get_element (b, i));
        break;
      }
    case JSON_NODE_VALUE:
      g_assert_true (json_node_get_value_type (ours) == json_node_get_value_type (theirs));
      if (json_node_get_value_type (ours) == G_TYPE_INT64)
        g_assert_cmpint (json_node_get_int (ours), ==, json_node_get_int (theirs));
      else if (json_node_get_value_type (ours) == G_TYPE_DOUBLE)
        {
          double x = json_node_get_double (ours), y = json_node_get_double (theirs);

          g_assert_cmpmem (&x, sizeof x, &y, sizeof y);
        }
      else if (json_node_get_value_type (ours) == G_TYPE_BOOLEAN)
        g_assert_cmpint (json_node_get_boolean (ours), ==, json_node_get_boolean (theirs));
      else
        g_assert_cmpstr (json_node_get_string (ours), ==, json_node_get_string (theirs));
      break;
    case JSON_NODE_NULL:
      break;
    }
}

static void
assert_tree_as_json_glib (const char *text,
                          gsize       length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) ours = kv_json_parse (text, length, &error);
  g_autoptr(JsonNode) theirs = NULL;
  g_autofree char *ours_text = NULL;
  g_autofree char *theirs_text = NULL;

  g_assert_no_error (error);
  g_assert_true (json_node_is_immutable (ours));
  theirs = json_glib_tree (text, length);
  assert_same_tree (ours, theirs);
  ours_text = json_to_string (ours, FALSE);
  theirs_text = json_to_string (theirs, FALSE);
  g_assert_cmpstr (ours_text, ==, theirs_text);
}

static void
append_random_string (GString *text)
{
  static const char * const pieces[] = {
    "a", "Z", "7", " ", "-", "caf\\u00e9", "\\n", "\\t", "\\\\", "\\\"", "\\/", "\\b", "\\f", "\\r",
    "\\uD83D\\uDE00", "\\u20AC", "\\u0041", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
    "\xd8\xb3", "\xe0\xa6\x95",
  };
  guint n = g_test_rand_int_range (0, 8);

  g_string_append_c (text, '"');
  for (guint i = 0; i < n; i++)
    g_string_append (text, pieces[g_test_rand_int_range (0, G_N_ELEMENTS (pieces))]);
  g_string_append_c (text, '"');
}

static void
append_random_number (GString *text)
{
  switch (g_test_rand_int_range (0, 5))
    {
    case 0:
      g_string_append_printf (text, "%d", g_test_rand_int_range (-1000, 1000));
      break;
    case 1:
      g_string_append_printf (text, "%" G_GINT64_FORMAT,
                              (gint64) (g_test_rand_double_range (-9.007e15, 9.007e15)));
      break;
    case 2:
      {
        char buffer[G_ASCII_DTOSTR_BUF_SIZE];

        g_string_append (text, g_ascii_formatd (buffer, sizeof buffer, "%.17g",
                                                g_test_rand_double_range (-1e6, 1e6)));
        if (strpbrk (buffer, ".e") == NULL)
          g_string_append (text, ".5");
        break;
      }
    case 3:
      g_string_append_printf (text, "%d.%03d%c%c%d", g_test_rand_int_range (-99, 100),
                              g_test_rand_int_range (0, 1000), g_test_rand_bit () ? 'e' : 'E',
                              g_test_rand_bit () ? '+' : '-', g_test_rand_int_range (0, 5));
      break;
    default:
      g_string_append (text, g_test_rand_bit () ? "-0" : "0.25");
      break;
    }
}

static void
append_random_value (GString *text,
                     guint    depth)
{
  const char *space = g_test_rand_bit () ? "" : " \n\t\r" + g_test_rand_int_range (0, 4);
  guint kind = g_test_rand_int_range (0, depth < 5 ? 8 : 5);

  g_string_append (text, space);
  if (kind == 0)
    append_random_string (text);
  else if (kind == 1 || kind == 2)
    append_random_number (text);
  else if (kind == 3)
    g_string_append (text, g_test_rand_bit () ? "true" : "false");
  else if (kind == 4)
    g_string_append (text, "null");
  else if (kind == 5 || kind == 6)
    {
      guint n = g_test_rand_int_range (0, 6);

      g_string_append_c (text, '{');
      for (guint i = 0; i < n; i++)
        {
          g_string_append_printf (text, "%s\"k%u%s\":", i == 0 ? "" : ",", i,
                                  g_test_rand_bit () ? "\\u00e9" : "");
          append_random_value (text, depth + 1);
        }
      g_string_append_c (text, '}');
    }
  else
    {
      guint n = g_test_rand_int_range (0, 6);

      g_string_append_c (text, '[');
      for (guint i = 0; i < n; i++)
        {
          if (i > 0)
            g_string_append_c (text, ',');
          append_random_value (text, depth + 1);
        }
      g_string_append_c (text, ']');
    }
  g_string_append (text, space);
}

/* kv_json_parse() builds its tree itself: it must be JsonParser's, for
 * the good texts above, every JSON file of the tests and the fuzz corpus
 * that passes the gate, and a few thousand random texts. */
static void
test_tree_as_json_glib (void)
{
  const char * const dirs[] = {
    "../../fuzz/corpus/fuzz-ingest", "../../fuzz/corpus/fuzz-answers",
    "../../fuzz/corpus/fuzz-kiosk-reply", "../fuzz/data/fuzz-ingest",
    "../fuzz/data/fuzz-kiosk-reply", "../kiosk/core/data",
  };
  guint files = 0;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    assert_tree_as_json_glib (good[i], strlen (good[i]));

  for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, dirs[d], NULL);
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *file = g_build_filename (path, name, NULL);
          g_autofree char *text = NULL;
          gsize length;

          if (!g_file_get_contents (file, &text, &length, NULL) ||
              !kv_json_validate (text, length, NULL))
            continue;
          assert_tree_as_json_glib (text, length);
          files++;
        }
    }
  g_test_message ("%u files", files);
  g_assert_cmpuint (files, >, 20);

  for (guint i = 0; i < 3000; i++)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      append_random_value (text, 0);
      g_assert_true (kv_json_validate (text->str, text->len, NULL));
      assert_tree_as_json_glib (text->str, text->len);
    }
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
  g_test_add_func ("/forms/json/tree-as-json-glib-builds-it", test_tree_as_json_glib);
  g_test_add_func ("/forms/json/depth", test_depth);
  g_test_add_func ("/forms/json/too-many-values", test_too_many_values);
  g_test_add_func ("/forms/json/largest-batch-passes", test_largest_batch_passes);

  return g_test_run ();
}
