/* test-form-syntax.c — the vocabulary of a form file
 * (forms/kv-form-syntax.c): element names and nesting, attribute lists,
 * ids, yes/no, numbers, collapsed text and where a tag starts.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "kv-form-syntax.h"

static void
test_element_names (void)
{
  g_assert_cmpint (kv_form_syntax_element_from_name ("form"), ==, KV_FORM_ELEMENT_FORM);
  g_assert_cmpint (kv_form_syntax_element_from_name ("show-if"), ==, KV_FORM_ELEMENT_SHOW_IF);
  g_assert_cmpint (kv_form_syntax_element_from_name ("label"), ==, KV_FORM_ELEMENT_LABEL);
  /* Names are matched exactly: no case folding, no prefixes. */
  g_assert_cmpint (kv_form_syntax_element_from_name ("Form"), ==, KV_FORM_ELEMENT_NONE);
  g_assert_cmpint (kv_form_syntax_element_from_name ("item "), ==, KV_FORM_ELEMENT_NONE);
  g_assert_cmpint (kv_form_syntax_element_from_name ("show"), ==, KV_FORM_ELEMENT_NONE);
  g_assert_cmpint (kv_form_syntax_element_from_name (""), ==, KV_FORM_ELEMENT_NONE);
}

static void
test_element_nesting (void)
{
  g_assert_true (kv_form_syntax_element_allowed_in (KV_FORM_ELEMENT_FORM, KV_FORM_ELEMENT_NONE));
  g_assert_false (kv_form_syntax_element_allowed_in (KV_FORM_ELEMENT_ITEM, KV_FORM_ELEMENT_NONE));
  g_assert_true (kv_form_syntax_element_allowed_in (KV_FORM_ELEMENT_SCORING, KV_FORM_ELEMENT_FORM));
  g_assert_true (kv_form_syntax_element_allowed_in (KV_FORM_ELEMENT_ITEM, KV_FORM_ELEMENT_FORM));
  g_assert_false (kv_form_syntax_element_allowed_in (KV_FORM_ELEMENT_FORM, KV_FORM_ELEMENT_FORM));
  g_assert_false (kv_form_syntax_element_allowed_in (KV_FORM_ELEMENT_LEVEL, KV_FORM_ELEMENT_FORM));
  g_assert_true (kv_form_syntax_element_allowed_in (KV_FORM_ELEMENT_SHOW_IF, KV_FORM_ELEMENT_ITEM));
  g_assert_true (kv_form_syntax_element_allowed_in (KV_FORM_ELEMENT_LEVEL, KV_FORM_ELEMENT_ITEM));
  g_assert_false (kv_form_syntax_element_allowed_in (KV_FORM_ELEMENT_ITEM, KV_FORM_ELEMENT_ITEM));
  g_assert_true (kv_form_syntax_element_allowed_in (KV_FORM_ELEMENT_LABEL, KV_FORM_ELEMENT_LEVEL));
  g_assert_false (kv_form_syntax_element_allowed_in (KV_FORM_ELEMENT_PROMPT, KV_FORM_ELEMENT_LEVEL));
  /* Text elements hold text only. */
  g_assert_false (kv_form_syntax_element_allowed_in (KV_FORM_ELEMENT_LABEL, KV_FORM_ELEMENT_PROMPT));
  g_assert_false (kv_form_syntax_element_allowed_in (KV_FORM_ELEMENT_ITEM, KV_FORM_ELEMENT_SCORING));

  g_assert_true (kv_form_syntax_is_text_element (KV_FORM_ELEMENT_TITLE));
  g_assert_true (kv_form_syntax_is_text_element (KV_FORM_ELEMENT_HELP));
  g_assert_true (kv_form_syntax_is_text_element (KV_FORM_ELEMENT_LABEL));
  g_assert_false (kv_form_syntax_is_text_element (KV_FORM_ELEMENT_ITEM));
  g_assert_false (kv_form_syntax_is_text_element (KV_FORM_ELEMENT_SHOW_IF));
  g_assert_false (kv_form_syntax_is_text_element (KV_FORM_ELEMENT_NONE));
}

static void
test_attributes (void)
{
  static const char * const allowed[] = { "id", "type", "required", NULL };
  const char *fine[] = { "type", "id", NULL };
  const char *fine_values[] = { "text", "why", NULL };
  const char *unknown[] = { "id", "typo", "type", NULL };
  const char *twice[] = { "id", "type", "id", "typo", NULL };
  const char *none[] = { NULL };
  gboolean repeated = TRUE;

  g_assert_cmpint (kv_form_syntax_find_bad_attribute (fine, allowed, &repeated), ==, -1);
  g_assert_cmpint (kv_form_syntax_find_bad_attribute (none, allowed, &repeated), ==, -1);
  g_assert_cmpint (kv_form_syntax_find_bad_attribute (unknown, allowed, &repeated), ==, 1);
  g_assert_false (repeated);
  /* The first fault in the tag's order is the one reported. */
  g_assert_cmpint (kv_form_syntax_find_bad_attribute (twice, allowed, &repeated), ==, 2);
  g_assert_true (repeated);

  g_assert_cmpstr (kv_form_syntax_find_attribute (fine, fine_values, "id"), ==, "why");
  g_assert_cmpstr (kv_form_syntax_find_attribute (fine, fine_values, "type"), ==, "text");
  g_assert_null (kv_form_syntax_find_attribute (fine, fine_values, "required"));
}

static void
test_ids (void)
{
  g_autofree char *longest = g_strnfill (KV_ID_MAX_LENGTH, 'a');
  g_autofree char *too_long = g_strnfill (KV_ID_MAX_LENGTH + 1, 'a');

  g_assert_true (kv_form_syntax_is_valid_id ("a"));
  g_assert_true (kv_form_syntax_is_valid_id ("family-qol"));
  g_assert_true (kv_form_syntax_is_valid_id ("q10"));
  g_assert_true (kv_form_syntax_is_valid_id (longest));
  g_assert_false (kv_form_syntax_is_valid_id (too_long));
  g_assert_false (kv_form_syntax_is_valid_id (""));
  g_assert_false (kv_form_syntax_is_valid_id ("1st"));
  g_assert_false (kv_form_syntax_is_valid_id ("-a"));
  g_assert_false (kv_form_syntax_is_valid_id ("Mood"));
  g_assert_false (kv_form_syntax_is_valid_id ("a_b"));
  g_assert_false (kv_form_syntax_is_valid_id ("a.b"));
  g_assert_false (kv_form_syntax_is_valid_id ("a b"));
  g_assert_false (kv_form_syntax_is_valid_id ("caf\xc3\xa9"));
}

static void
test_yes_no (void)
{
  gboolean value = FALSE;

  g_assert_true (kv_form_syntax_parse_yes_no ("yes", &value));
  g_assert_true (value);
  g_assert_true (kv_form_syntax_parse_yes_no ("no", &value));
  g_assert_false (value);
  value = TRUE;
  /* Anything else is refused and leaves the value as it was. */
  g_assert_false (kv_form_syntax_parse_yes_no ("Yes", &value));
  g_assert_false (kv_form_syntax_parse_yes_no ("true", &value));
  g_assert_false (kv_form_syntax_parse_yes_no ("1", &value));
  g_assert_false (kv_form_syntax_parse_yes_no ("", &value));
  g_assert_false (kv_form_syntax_parse_yes_no ("yes ", &value));
  g_assert_true (value);
}

static void
test_whole_numbers (void)
{
  gint64 n = 0;

  g_assert_true (kv_form_syntax_parse_int64 ("52", 0, 100, &n));
  g_assert_cmpint (n, ==, 52);
  g_assert_true (kv_form_syntax_parse_int64 ("-1000", -1000, 1000, &n));
  g_assert_cmpint (n, ==, -1000);
  g_assert_true (kv_form_syntax_parse_int64 ("9223372036854775807", G_MININT64, G_MAXINT64, &n));
  g_assert_cmpint (n, ==, G_MAXINT64);
  g_assert_false (kv_form_syntax_parse_int64 ("101", 0, 100, &n));
  g_assert_false (kv_form_syntax_parse_int64 ("-1", 0, 100, &n));
  g_assert_false (kv_form_syntax_parse_int64 ("9223372036854775808", G_MININT64, G_MAXINT64, &n));
  g_assert_false (kv_form_syntax_parse_int64 ("1.0", 0, 100, &n));
  g_assert_false (kv_form_syntax_parse_int64 ("0x10", 0, 100, &n));
  g_assert_false (kv_form_syntax_parse_int64 (" 5", 0, 100, &n));
  g_assert_false (kv_form_syntax_parse_int64 ("5 ", 0, 100, &n));
  g_assert_false (kv_form_syntax_parse_int64 ("", 0, 100, &n));
}

static void
test_decimal_numbers (void)
{
  double d = 0.0;

  g_assert_true (kv_form_syntax_parse_double ("2.5", &d));
  g_assert_cmpfloat (d, ==, 2.5);
  g_assert_true (kv_form_syntax_parse_double ("-0.125", &d));
  g_assert_cmpfloat (d, ==, -0.125);
  g_assert_true (kv_form_syntax_parse_double ("1e2", &d));
  g_assert_cmpfloat (d, ==, 100.0);
  g_assert_false (kv_form_syntax_parse_double ("", &d));
  g_assert_false (kv_form_syntax_parse_double (NULL, &d));
  g_assert_false (kv_form_syntax_parse_double (" 1", &d));
  g_assert_false (kv_form_syntax_parse_double ("1 ", &d));
  g_assert_false (kv_form_syntax_parse_double ("1,5", &d));
  g_assert_false (kv_form_syntax_parse_double ("abc", &d));
  /* A weight must be a number a score can be computed with. */
  g_assert_false (kv_form_syntax_parse_double ("inf", &d));
  g_assert_false (kv_form_syntax_parse_double ("nan", &d));
  g_assert_false (kv_form_syntax_parse_double ("1e999", &d));
  g_assert_cmpfloat (d, ==, 100.0);
}

/* The same collapsing xgettext does, so run-time lookups find the msgid. */
static void
test_normalize_text (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "Hello", "Hello" },
    { "  Hello  ", "Hello" },
    { "How do\n    you   feel?", "How do you feel?" },
    { "\t a \r\n b \t", "a b" },
    { "   ", "" },
    { "", "" },
    { "caf\xc3\xa9  au lait", "caf\xc3\xa9 au lait" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = kv_form_syntax_normalize_text (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
assert_tag_start (const char *data,
                  int         line,
                  int         col,
                  int         expected_line,
                  int         expected_col)
{
  int found_line = 0, found_col = 0;

  kv_form_syntax_find_tag_start (data, strlen (data), line, col, &found_line, &found_col);
  g_assert_cmpint (found_line, ==, expected_line);
  g_assert_cmpint (found_col, ==, expected_col);
}

/* GMarkup reports a place at or just past a tag's '>'; the tag starts at
 * its '<', and columns count characters. */
static void
test_tag_start (void)
{
  /* Just past "<b x='1'>" on the first line. */
  assert_tag_start ("<a><b x='1'>", 1, 13, 1, 4);
  /* Inside the next tag already: still the one before it. */
  assert_tag_start ("<a>\n  <b/><c>", 2, 7, 2, 3);
  /* Two-byte characters before the tag count once each. */
  assert_tag_start ("<a>\xc3\xa9\xc3\xa9<b>", 1, 9, 1, 6);
  /* Past the end of the data: the last tag. */
  assert_tag_start ("<a>\n<b>", 9, 9, 2, 1);
}

static void
test_markup_prefix_and_blank (void)
{
  g_assert_cmpstr (kv_form_syntax_strip_markup_prefix ("Error on line 3 char 7: Odd character"),
                   ==, "Odd character");
  g_assert_cmpstr (kv_form_syntax_strip_markup_prefix ("Document ended unexpectedly"),
                   ==, "Document ended unexpectedly");
  g_assert_cmpstr (kv_form_syntax_strip_markup_prefix ("Error on line 3"), ==, "Error on line 3");

  g_assert_true (kv_form_syntax_is_blank ("", 0));
  g_assert_true (kv_form_syntax_is_blank (" \n\t\r ", 5));
  g_assert_false (kv_form_syntax_is_blank ("  <", 3));
  /* Only the first @length bytes count. */
  g_assert_true (kv_form_syntax_is_blank ("  <form/>", 2));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/forms/form-syntax/element-names", test_element_names);
  g_test_add_func ("/forms/form-syntax/element-nesting", test_element_nesting);
  g_test_add_func ("/forms/form-syntax/attributes", test_attributes);
  g_test_add_func ("/forms/form-syntax/ids", test_ids);
  g_test_add_func ("/forms/form-syntax/yes-no", test_yes_no);
  g_test_add_func ("/forms/form-syntax/whole-numbers", test_whole_numbers);
  g_test_add_func ("/forms/form-syntax/decimal-numbers", test_decimal_numbers);
  g_test_add_func ("/forms/form-syntax/normalize-text", test_normalize_text);
  g_test_add_func ("/forms/form-syntax/tag-start", test_tag_start);
  g_test_add_func ("/forms/form-syntax/markup-prefix-and-blank", test_markup_prefix_and_blank);

  return g_test_run ();
}
