/* test-kiosk-json-writer.c — JSON text written into a GString
 * (kiosk-json-writer.c): the same text as json-glib's generator. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "kv-json.h"
#include "kiosk-json-writer.h"

/* What json_to_string() writes for the string @text. */
static char *
json_glib_string (const char *text)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, text);
  return json_to_string (node, FALSE);
}

static void
assert_written_as_json_glib (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *expected = json_glib_string (text);

  kiosk_json_append_string (out, text);
  g_assert_cmpstr (out->str, ==, expected);
}

/* Every ASCII character alone and amid other text, as json-glib escapes
 * it; U+001F, which json-glib leaves raw (not JSON), is escaped. */
static void
test_string_escapes (void)
{
  for (int c = 1; c < 0x80; c++)
    {
      char alone[2] = { (char) c, '\0' };
      g_autofree char *amid = g_strdup_printf ("ab%cc%cd", c, c);

      if (c == 0x1f)
        continue;
      assert_written_as_json_glib (alone);
      assert_written_as_json_glib (amid);
    }

  {
    g_autoptr(GString) out = g_string_new (NULL);

    kiosk_json_append_string (out, "a\x1f" "b");
    g_assert_cmpstr (out->str, ==, "\"a\\u001fb\"");
    g_assert_true (kv_json_validate (out->str, out->len, NULL));
  }
}

static void
test_string_utf8_and_null (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *texts[] = {
    "", "plain", "caf\xc3\xa9", "\xe2\x80\xa8 and \xe2\x80\xa9", "\xf0\x9f\x98\x90",
    "a/b", "\"quoted\\\"", "line\nbreak\ttab\r\f\b", "\x7f" "del",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    assert_written_as_json_glib (texts[i]);

  kiosk_json_append_string (out, NULL);
  g_assert_cmpstr (out->str, ==, "null");
}

/* Members and elements get their commas, also after nested and empty
 * values, and the whole is what json-glib writes for the same tree. */
static void
test_members_and_elements (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonNode) parsed = NULL;
  g_autofree char *again = NULL;
  const char *raw = "{\"x\":[1,2.5,null]}";

  g_string_append_c (out, '{');
  kiosk_json_add_string_member (out, "id", "one");
  kiosk_json_add_int_member (out, "n", -42);
  kiosk_json_add_boolean_member (out, "yes", TRUE);
  kiosk_json_add_boolean_member (out, "no", FALSE);
  kiosk_json_add_string_member (out, "none", NULL);
  kiosk_json_begin_member (out, "empty");
  g_string_append (out, "{}");
  kiosk_json_begin_member (out, "list");
  g_string_append_c (out, '[');
  for (guint i = 0; i < 3; i++)
    {
      kiosk_json_begin_element (out);
      g_string_append_c (out, '{');
      kiosk_json_add_int_member (out, "i", i);
      g_string_append_c (out, '}');
    }
  kiosk_json_begin_element (out);
  g_string_append (out, "[]");
  g_string_append_c (out, ']');
  kiosk_json_add_raw_member (out, "raw", raw, strlen (raw));
  kiosk_json_add_int_member (out, "big", G_GINT64_CONSTANT (9007199254740991));
  g_string_append_c (out, '}');

  g_assert_cmpstr (out->str, ==,
                   "{\"id\":\"one\",\"n\":-42,\"yes\":true,\"no\":false,\"none\":null,"
                   "\"empty\":{},\"list\":[{\"i\":0},{\"i\":1},{\"i\":2},[]],"
                   "\"raw\":{\"x\":[1,2.5,null]},\"big\":9007199254740991}");

  parsed = kv_json_parse (out->str, out->len, NULL);
  g_assert_nonnull (parsed);
  again = json_to_string (parsed, FALSE);
  g_assert_cmpstr (again, ==, out->str);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk/json-writer/string-escapes", test_string_escapes);
  g_test_add_func ("/kiosk/json-writer/string-utf8-and-null", test_string_utf8_and_null);
  g_test_add_func ("/kiosk/json-writer/members-and-elements", test_members_and_elements);

  return g_test_run ();
}
