/* test-form-parser.c — reading form files (forms/kv-form-parser.c).
 *
 * Every file under tests/forms/data/broken/ is one test: loading it must
 * fail with exactly the "LINE:COL: message" in the .err file beside it, so
 * a service writing its own form is told what is wrong and where.  What a
 * form that loads answers is tests/forms/test-form.c's.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "kv-form.h"

static void
test_broken (gconstpointer data)
{
  const char *name = data;
  g_autofree char *xml = g_strconcat (name, ".xml", NULL);
  g_autofree char *err = g_strconcat (name, ".err", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "broken", xml, NULL);
  g_autofree char *err_path = g_test_build_filename (G_TEST_DIST, "data", "broken", err, NULL);
  g_autofree char *expected_tail = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KvForm) form = NULL;

  g_assert_true (g_file_get_contents (err_path, &expected_tail, NULL, NULL));
  g_strchomp (expected_tail);
  expected = g_strdup_printf ("%s:%s", path, expected_tail);

  form = kv_form_new_from_file (path, &error);
  g_assert_null (form);
  g_assert_nonnull (error);
  g_assert_true (error->domain == KV_FORM_ERROR);
  g_assert_cmpstr (error->message, ==, expected);
}

/* Text is looked up as a gettext msgid, which xgettext extracts with white
 * space collapsed; the parser must arrive at the same string. */
static void
test_whitespace_collapsed (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "good", "all-types.xml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KvForm) form = kv_form_new_from_file (path, &error);

  g_assert_no_error (error);

  g_assert_cmpstr (kv_form_get_description (form, FALSE), ==,
                   "A test form. It has spaced-out text.");
  g_assert_cmpstr (kv_form_get_description (form, TRUE), ==,
                   "A test form. It has spaced-out text.");
}

/* An information screen may have a picture; a choice may be answered from
 * who is answering. */
static void
test_item_pictogram_and_respondent (void)
{
  static const char xml[] =
    "<form id='made-up' version='1' audience='anyone' kind='other'>"
    "<title>T</title>"
    "<item id='help' type='info' pictogram='kv-help-phone'><prompt>Call.</prompt></item>"
    "<item id='who' type='choice' answer-from='respondent'><prompt>Who?</prompt>"
    "<level id='young-person'><label>A</label></level>"
    "<level id='parent-carer'><label>B</label></level></item>"
    "<item id='other' type='choice'><prompt>Which?</prompt>"
    "<level id='x'><label>X</label></level><level id='y'><label>Y</label></level></item>"
    "</form>";
  g_autoptr(GError) error = NULL;
  g_autoptr(KvForm) form = kv_form_new_from_data (xml, -1, "made-up.xml", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (kv_item_get_pictogram (kv_form_get_item (form, 0)), ==, "kv-help-phone");
  g_assert_false (kv_item_get_answer_from_respondent (kv_form_get_item (form, 0)));
  g_assert_true (kv_item_get_answer_from_respondent (kv_form_get_item (form, 1)));
  g_assert_null (kv_item_get_pictogram (kv_form_get_item (form, 1)));
  g_assert_false (kv_item_get_answer_from_respondent (kv_form_get_item (form, 2)));
}

static void
test_weighted_scoring (void)
{
  static const char xml[] =
    "<form id='made-up' version='2' audience='parent-carer' kind='quality-of-life'>"
    "<title>Made-up weights</title>"
    "<scoring method='weighted' a='2.5' b='-1.25'/>"
    "<item id='one' type='scale'><prompt>One</prompt>"
    "<level id='high' value='1' weight='0.4'><label>High</label></level>"
    "<level id='low' value='0' weight='-0.1'><label>Low</label></level>"
    "</item></form>";
  g_autoptr(GError) error = NULL;
  g_autoptr(KvForm) form = kv_form_new_from_data (xml, -1, "made-up.xml", &error);
  const KvLevel *level;

  g_assert_no_error (error);
  g_assert_cmpint (kv_form_get_scoring (form), ==, KV_SCORING_WEIGHTED);
  g_assert_cmpfloat (kv_form_get_scoring_a (form), ==, 2.5);
  g_assert_cmpfloat (kv_form_get_scoring_b (form), ==, -1.25);
  level = kv_item_get_level (kv_form_get_item (form, 0), 1);
  g_assert_true (kv_level_has_weight (level));
  g_assert_cmpfloat (kv_level_get_weight (level), ==, -0.1);
}

static void
assert_data_fails (const char *xml,
                   gssize      length,
                   const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvForm) form = kv_form_new_from_data (xml, length, "t.xml", &error);

  g_assert_null (form);
  g_assert_error (error, KV_FORM_ERROR, KV_FORM_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, expected);
}

static void
test_not_a_form (void)
{
  g_autofree char *big = g_malloc (2 * 1024 * 1024 + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(KvForm) form = NULL;

  assert_data_fails ("", 0, "t.xml:1:1: the file has no <form> element");
  assert_data_fails ("  \n ", -1, "t.xml:1:1: the file has no <form> element");
  assert_data_fails ("<form id=\"x\xff\"/>", -1, "t.xml:1:1: the file is not valid UTF-8");

  memset (big, ' ', 2 * 1024 * 1024);
  big[2 * 1024 * 1024] = '\0';
  assert_data_fails (big, -1,
                     "t.xml:1:1: the file is 2097152 bytes; a form file is at most 1048576");

  form = kv_form_new_from_file ("/nonexistent/form.xml", &error);
  g_assert_null (form);
  g_assert_error (error, KV_FORM_ERROR, KV_FORM_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "/nonexistent/form.xml: cannot read the file: "));
}

/* Rules the broken corpus does not reach, each a form made up in place:
 * the message names the rule broken and the place where its tag starts. */
typedef struct
{
  const char *path;
  const char *xml;
  const char *expected;
} RuleCase;

#define FORM_HEAD "<form id='f' version='1' audience='anyone' kind='other'><title>T</title>"
#define LEVELS_XY "<level id='x'><label>X</label></level><level id='y'><label>Y</label></level>"

static const RuleCase rule_cases[] = {
  { "/forms/form-parser/rule/attribute-given-twice",
    FORM_HEAD "<item id='a' type='text' required='yes' required='no'><prompt>P</prompt></item></form>",
    "t.xml:1:73: attribute 'required' of <item> is given twice" },
  { "/forms/form-parser/rule/attribute-of-another-type",
    FORM_HEAD "<item id='a' type='text' min='1'><prompt>P</prompt></item></form>",
    "t.xml:1:73: attribute 'min' does not apply to text item 'a'" },
  /* Columns count characters, not bytes: the comment holds three
   * two-byte characters, and the item is still at column 87. */
  { "/forms/form-parser/rule/column-in-characters",
    "<form id='f' version='1' audience='anyone' kind='other'><title>T\xc3\xa9" "e</title>"
    "<!-- \xc3\xa9\xc3\xa9\xc3\xa9 --><item id='a' type='text' min='1'><prompt>P</prompt></item></form>",
    "t.xml:1:87: attribute 'min' does not apply to text item 'a'" },
  /* Only a choice can be answered from the respondent, only from the
   * respondent, and only with respondents' names. */
  { "/forms/form-parser/rule/answer-from-on-scale",
    FORM_HEAD "<item id='a' type='scale' answer-from='respondent'><prompt>P</prompt></item></form>",
    "t.xml:1:73: attribute 'answer-from' does not apply to scale item 'a'" },
  { "/forms/form-parser/rule/answer-from-elsewhere",
    FORM_HEAD "<item id='a' type='choice' answer-from='child'><prompt>P</prompt></item></form>",
    "t.xml:1:73: item 'a': answer-from must be 'respondent', not 'child'" },
  { "/forms/form-parser/rule/answer-from-not-a-respondent",
    FORM_HEAD "<item id='a' type='choice' answer-from='respondent'><prompt>P</prompt>"
    "<level id='parent-carer'><label>X</label></level><level id='x'><label>Y</label></level>"
    "</item></form>",
    "t.xml:1:73: item 'a' is answered from the respondent, but 'x' is not one "
    "(young-person, parent-carer, both, someone-helping or keyworker)" },
  { "/forms/form-parser/rule/pictogram-on-question",
    FORM_HEAD "<item id='a' type='text' pictogram='kv-help-phone'><prompt>P</prompt></item></form>",
    "t.xml:1:73: attribute 'pictogram' does not apply to text item 'a'" },
  { "/forms/form-parser/rule/polarity-none",
    FORM_HEAD "<item id='a' type='scale'><prompt>P</prompt>"
    "<level id='x' value='1' polarity='none'><label>X</label></level></item></form>",
    "t.xml:1:117: level 'x' of item 'a': polarity must be 'positive' or 'negative'" },
  { "/forms/form-parser/rule/scoring-after-items",
    FORM_HEAD "<item id='a' type='info'><prompt>P</prompt></item><scoring method='none'/></form>",
    "t.xml:1:123: <scoring> must come before the first <item>" },
  { "/forms/form-parser/rule/max-choices-over-levels",
    FORM_HEAD "<item id='a' type='multiple' max-choices='3'><prompt>P</prompt>" LEVELS_XY
    "</item></form>",
    "t.xml:1:73: item 'a': max-choices 3 is more than its 2 levels" },
  { "/forms/form-parser/rule/condition-on-itself",
    FORM_HEAD "<item id='a' type='choice'><prompt>P</prompt><show-if item='a' equals='x'/>"
    LEVELS_XY "</item></form>",
    "t.xml:1:118: item 'a' has a condition on itself" },
  /* A goal list may lower the goal wording's limit but not raise it. */
  { "/forms/form-parser/rule/goal-length-over-limit",
    FORM_HEAD "<item id='a' type='gas-goals' max-length='301'><prompt>P</prompt></item></form>",
    "t.xml:1:73: item 'a': max-length '301' is not a whole number from 1 to 300" },
  { "/forms/form-parser/rule/easy-read-not-yes-no",
    FORM_HEAD "<item id='a' type='text'><prompt easy-read='maybe'>P</prompt></item></form>",
    "t.xml:1:98: easy-read on <prompt> must be 'yes' or 'no', not 'maybe'" },
  { "/forms/form-parser/rule/blank-prompt",
    FORM_HEAD "<item id='a' type='text'><prompt> \n\t </prompt></item></form>",
    "t.xml:1:98: <prompt> of item 'a' is empty" },
  { "/forms/form-parser/rule/text-inside-item",
    FORM_HEAD "<item id='a' type='text'><prompt>P</prompt>stray</item></form>",
    "t.xml:1:107: unexpected text inside <item>" },
  { "/forms/form-parser/rule/upper-case-id",
    FORM_HEAD "<item id='Bad' type='info'><prompt>P</prompt></item></form>",
    "t.xml:1:73: item id 'Bad' is not valid (lower-case letters, digits and '-', "
    "starting with a letter, at most 64)" },
  /* Only an item that may be left out has a way of being left out. */
  { "/forms/form-parser/rule/skip-on-required",
    FORM_HEAD "<item id='a' type='text' skip='prefer-not-to-say'><prompt>P</prompt></item></form>",
    "t.xml:1:73: item 'a': skip needs required=\"no\"" },
  { "/forms/form-parser/rule/skip-unknown",
    FORM_HEAD "<item id='a' type='text' required='no' skip='maybe'><prompt>P</prompt></item></form>",
    "t.xml:1:73: item 'a': skip must be 'skip' or 'prefer-not-to-say', not 'maybe'" },
  { "/forms/form-parser/rule/skip-on-info",
    FORM_HEAD "<item id='a' type='info' skip='skip'><prompt>P</prompt></item></form>",
    "t.xml:1:73: attribute 'skip' does not apply to info item 'a'" },
  { "/forms/form-parser/rule/number-range-reversed",
    FORM_HEAD "<item id='a' type='number' min='5' max='1'><prompt>P</prompt></item></form>",
    "t.xml:1:73: item 'a': min 5 is greater than max 1" },
};

static void
test_rule (gconstpointer data)
{
  const RuleCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KvForm) form = kv_form_new_from_data (c->xml, -1, "t.xml", &error);

  g_assert_null (form);
  g_assert_error (error, KV_FORM_ERROR, KV_FORM_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, c->expected);
}

/* The shipped quality-of-life form may be left out question by question,
 * worded "I'd rather not say"; a form that says nothing skips plainly. */
static void
test_skip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "..", "forms", "family-qol.xml", NULL);
  g_autoptr(KvForm) qol = kv_form_new_from_file (path, &error);
  g_autoptr(KvForm) plain = NULL;
  const KvItem *safety;

  g_assert_no_error (error);
  safety = kv_form_lookup_item (qol, "safety");
  g_assert_false (kv_item_get_required (safety));
  g_assert_cmpint (kv_item_get_skip (safety), ==, KV_SKIP_PREFER_NOT_TO_SAY);

  plain = kv_form_new_from_data (FORM_HEAD "<item id='a' type='text' required='no'><prompt>P</prompt></item>"
                                 "<item id='b' type='text' required='no' skip='skip'><prompt>P</prompt></item></form>",
                                 -1, "t.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpint (kv_item_get_skip (kv_form_lookup_item (plain, "a")), ==, KV_SKIP_SKIP);
  g_assert_cmpint (kv_item_get_skip (kv_form_lookup_item (plain, "b")), ==, KV_SKIP_SKIP);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *broken_dir = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/forms/form-parser/whitespace-collapsed", test_whitespace_collapsed);
  g_test_add_func ("/forms/form-parser/weighted-scoring", test_weighted_scoring);
  g_test_add_func ("/forms/form-parser/item-pictogram-and-respondent", test_item_pictogram_and_respondent);
  g_test_add_func ("/forms/form-parser/not-a-form", test_not_a_form);
  g_test_add_func ("/forms/form-parser/skip", test_skip);
  for (guint i = 0; i < G_N_ELEMENTS (rule_cases); i++)
    g_test_add_data_func (rule_cases[i].path, &rule_cases[i], test_rule);
  broken_dir = g_test_build_filename (G_TEST_DIST, "data", "broken", NULL);
  dir = g_dir_open (broken_dir, 0, NULL);
  g_assert_nonnull (dir);
  for (const char *name; (name = g_dir_read_name (dir)) != NULL;)
    if (g_str_has_suffix (name, ".xml"))
      g_ptr_array_add (names, g_strndup (name, strlen (name) - 4));
  g_ptr_array_sort (names, compare_names);
  /* A broken corpus that shrank unnoticed would let errors go untested. */
  g_assert_cmpuint (names->len, >=, 12);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("/forms/form-parser/broken/%s",
                                               (char *) names->pdata[i]);
      g_test_add_data_func (path, names->pdata[i], test_broken);
    }

  return g_test_run ();
}
