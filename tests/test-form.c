/* test-form.c — reading form files (forms/kv-form.c).
 *
 * Every file under tests/data/broken/ is one test: loading it must fail
 * with exactly the "LINE:COL: message" in the .err file beside it, so a
 * service writing its own form is told what is wrong and where.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "kv-form.h"

static KvForm *
load_good (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "good", name, NULL);
  g_autoptr(GError) error = NULL;
  KvForm *form;

  form = kv_form_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (form);
  return form;
}

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

static void
test_every_item_type (void)
{
  g_autoptr(KvForm) form = load_good ("all-types.xml");
  const KvItem *item;
  const KvLevel *level;

  g_assert_cmpstr (kv_form_get_id (form), ==, "all-types");
  g_assert_cmpuint (kv_form_get_version (form), ==, 3);
  g_assert_cmpint (kv_form_get_audience (form), ==, KV_AUDIENCE_YOUNG_PERSON);
  g_assert_cmpint (kv_form_get_kind (form), ==, KV_FORM_KIND_OTHER);
  g_assert_cmpint (kv_form_get_scoring (form), ==, KV_SCORING_NONE);
  g_assert_cmpuint (kv_form_get_n_items (form), ==, 8);

  item = kv_form_get_item (form, 0);
  g_assert_cmpint (kv_item_get_item_type (item), ==, KV_ITEM_INFO);
  g_assert_false (kv_item_get_required (item));

  item = kv_form_lookup_item (form, "mood");
  g_assert_nonnull (item);
  g_assert_cmpint (kv_item_get_item_type (item), ==, KV_ITEM_SCALE);
  g_assert_false (kv_item_get_required (item));
  g_assert_true (kv_item_get_scored (item));
  g_assert_cmpstr (kv_item_get_help (item, FALSE), ==, "Pick the face that fits best.");
  g_assert_cmpuint (kv_item_get_n_levels (item), ==, 4);
  level = kv_item_get_level (item, 0);
  g_assert_cmpstr (kv_level_get_id (level), ==, "good");
  g_assert_true (kv_level_has_value (level));
  g_assert_cmpint (kv_level_get_value (level), ==, 2);
  g_assert_cmpstr (kv_level_get_pictogram (level), ==, "kv-test-good");
  g_assert_cmpint (kv_level_get_polarity (level), ==, KV_POLARITY_POSITIVE);
  g_assert_false (kv_level_has_weight (level));
  level = kv_item_lookup_level (item, "unsure");
  g_assert_nonnull (level);
  g_assert_false (kv_level_get_scored (level));
  g_assert_false (kv_level_has_value (level));
  g_assert_null (kv_level_get_pictogram (level));
  g_assert_null (kv_item_lookup_level (item, "missing"));

  item = kv_form_lookup_item (form, "pets");
  g_assert_cmpint (kv_item_get_item_type (item), ==, KV_ITEM_MULTIPLE);
  g_assert_cmpuint (kv_item_get_min_choices (item), ==, 1);
  g_assert_cmpuint (kv_item_get_max_choices (item), ==, 2);

  item = kv_form_lookup_item (form, "why-bad");
  g_assert_cmpint (kv_item_get_item_type (item), ==, KV_ITEM_TEXT);
  g_assert_cmpuint (kv_item_get_max_length (item), ==, 120);
  g_assert_cmpstr (kv_item_get_condition_item (item), ==, "mood");
  g_assert_cmpstr (kv_item_get_condition_value (item), ==, "bad");
  g_assert_null (kv_item_get_condition_item (kv_form_lookup_item (form, "pets")));

  item = kv_form_lookup_item (form, "visits");
  g_assert_cmpint (kv_item_get_min (item), ==, 0);
  g_assert_cmpint (kv_item_get_max (item), ==, 52);
  g_assert_true (kv_item_get_required (item));

  item = kv_form_lookup_item (form, "side");
  g_assert_cmpint (kv_item_get_item_type (item), ==, KV_ITEM_CHOICE);
  g_assert_false (kv_item_get_scored (item));

  item = kv_form_lookup_item (form, "goals");
  g_assert_cmpint (kv_item_get_item_type (item), ==, KV_ITEM_GAS_GOALS);
  g_assert_cmpuint (kv_item_get_max_goals (item), ==, 4);
  g_assert_cmpuint (kv_item_get_max_length (item), ==, 80);
  g_assert_true (kv_form_find_item_of_type (form, KV_ITEM_GAS_GOALS) == item);

  item = kv_form_lookup_item (form, "ratings");
  g_assert_cmpint (kv_item_get_item_type (item), ==, KV_ITEM_GAS_RATING);
  g_assert_true (kv_form_find_item_of_type (form, KV_ITEM_TEXT) ==
                 kv_form_lookup_item (form, "why-bad"));
}

static void
test_easy_read_falls_back (void)
{
  g_autoptr(KvForm) form = load_good ("all-types.xml");
  const KvItem *mood = kv_form_lookup_item (form, "mood");
  const KvItem *pets = kv_form_lookup_item (form, "pets");

  g_assert_cmpstr (kv_form_get_title (form, FALSE), ==, "Every kind of question");
  g_assert_cmpstr (kv_form_get_title (form, TRUE), ==, "All the questions");
  g_assert_cmpstr (kv_item_get_prompt (mood, TRUE), ==, "How do you feel?");
  g_assert_cmpstr (kv_item_get_prompt (mood, FALSE), ==, "How do you feel today?");
  /* No easy-read variant: the standard text is shown rather than nothing. */
  g_assert_cmpstr (kv_item_get_prompt (pets, TRUE), ==, "Which pets do you like?");
  g_assert_cmpstr (kv_level_get_label (kv_item_get_level (mood, 0), TRUE), ==, "Happy");
  g_assert_cmpstr (kv_level_get_label (kv_item_get_level (mood, 1), TRUE), ==, "Okay");
  g_assert_null (kv_item_get_help (pets, TRUE));
}

/* Text is looked up as a gettext msgid, which xgettext extracts with white
 * space collapsed; the parser must arrive at the same string. */
static void
test_whitespace_collapsed (void)
{
  g_autoptr(KvForm) form = load_good ("all-types.xml");

  g_assert_cmpstr (kv_form_get_description (form, FALSE), ==,
                   "A test form. It has spaced-out text.");
  g_assert_cmpstr (kv_form_get_description (form, TRUE), ==,
                   "A test form. It has spaced-out text.");
}

static void
test_source_is_kept (void)
{
  g_autoptr(KvForm) form = load_good ("all-types.xml");
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "good", "all-types.xml", NULL);
  g_autofree char *contents = NULL;
  gsize length;
  GBytes *source = kv_form_get_source (form);

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpmem (g_bytes_get_data (source, NULL), g_bytes_get_size (source),
                   contents, length);
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

static void
test_ref_counting (void)
{
  KvForm *form = load_good ("all-types.xml");
  KvForm *other = kv_form_ref (form);

  g_assert_true (form == other);
  kv_form_unref (other);
  g_assert_cmpstr (kv_form_get_id (form), ==, "all-types");
  kv_form_unref (form);
}

static void
test_names (void)
{
  g_assert_cmpstr (kv_audience_to_string (KV_AUDIENCE_PARENT_CARER), ==, "parent-carer");
  g_assert_cmpstr (kv_form_kind_to_string (KV_FORM_KIND_QUALITY_OF_LIFE), ==, "quality-of-life");
  g_assert_cmpstr (kv_item_type_to_string (KV_ITEM_GAS_RATING), ==, "gas-rating");
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

  g_test_add_func ("/forms/form/every-item-type", test_every_item_type);
  g_test_add_func ("/forms/form/easy-read-falls-back", test_easy_read_falls_back);
  g_test_add_func ("/forms/form/whitespace-collapsed", test_whitespace_collapsed);
  g_test_add_func ("/forms/form/source-is-kept", test_source_is_kept);
  g_test_add_func ("/forms/form/weighted-scoring", test_weighted_scoring);
  g_test_add_func ("/forms/form/not-a-form", test_not_a_form);
  g_test_add_func ("/forms/form/ref-counting", test_ref_counting);
  g_test_add_func ("/forms/form/names", test_names);

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
      g_autofree char *path = g_strdup_printf ("/forms/form/broken/%s",
                                               (char *) names->pdata[i]);
      g_test_add_data_func (path, names->pdata[i], test_broken);
    }

  return g_test_run ();
}
