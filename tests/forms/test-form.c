/* test-form.c — the form model (forms/kv-form.c): what a form, its items
 * and their levels answer once a form file has been read.
 *
 * The forms are tests/forms/data/good/; how they are read and every way a
 * file can be refused is tests/forms/test-form-parser.c's.
 */
#include "config.h"

#include <locale.h>

#include "kv-form.h"
#include "forms-test-util.h"

static void
test_every_item_type (void)
{
  g_autoptr(KvForm) form = forms_test_load_fixture ("good", "all-types.xml");
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
  g_autoptr(KvForm) form = forms_test_load_fixture ("good", "all-types.xml");
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

static void
test_source_is_kept (void)
{
  g_autoptr(KvForm) form = forms_test_load_fixture ("good", "all-types.xml");
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "good", "all-types.xml", NULL);
  g_autofree char *contents = NULL;
  gsize length;
  GBytes *source = kv_form_get_source (form);

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpmem (g_bytes_get_data (source, NULL), g_bytes_get_size (source),
                   contents, length);
}

/* Forms without weighted scoring still answer the identity a = 1, b = 0,
 * so a caller that scales by them changes nothing. */
static void
test_scoring_defaults (void)
{
  g_autoptr(KvForm) form = forms_test_load_fixture ("good", "all-types.xml");

  g_assert_cmpint (kv_form_get_scoring (form), ==, KV_SCORING_NONE);
  g_assert_cmpfloat (kv_form_get_scoring_a (form), ==, 1.0);
  g_assert_cmpfloat (kv_form_get_scoring_b (form), ==, 0.0);
}

/* Lookups of what a form does not have answer NULL, not a near match. */
static void
test_lookups_miss (void)
{
  g_autoptr(KvForm) form = forms_test_load_fixture ("good", "all-types.xml");
  const KvItem *mood = kv_form_lookup_item (form, "mood");

  g_assert_null (kv_form_lookup_item (form, "no-such-item"));
  g_assert_null (kv_form_lookup_item (form, "moo"));
  g_assert_null (kv_item_lookup_level (mood, "goo"));
  g_assert_null (kv_item_lookup_level (kv_form_lookup_item (form, "why-bad"), "good"));
  g_assert_cmpuint (kv_item_get_n_levels (kv_form_lookup_item (form, "why-bad")), ==, 0);
  /* Every item is reachable by index and by id alike. */
  for (guint i = 0; i < kv_form_get_n_items (form); i++)
    {
      const KvItem *item = kv_form_get_item (form, i);

      g_assert_true (kv_form_lookup_item (form, kv_item_get_id (item)) == item);
    }
}

static void
test_ref_counting (void)
{
  KvForm *form = forms_test_load_fixture ("good", "all-types.xml");
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
  g_assert_cmpstr (kv_audience_to_string (KV_AUDIENCE_ANYONE), ==, "anyone");
  g_assert_cmpstr (kv_form_kind_to_string (KV_FORM_KIND_GAS_REVIEW), ==, "gas-review");
  g_assert_cmpstr (kv_item_type_to_string (KV_ITEM_INFO), ==, "info");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/forms/form/every-item-type", test_every_item_type);
  g_test_add_func ("/forms/form/easy-read-falls-back", test_easy_read_falls_back);
  g_test_add_func ("/forms/form/source-is-kept", test_source_is_kept);
  g_test_add_func ("/forms/form/scoring-defaults", test_scoring_defaults);
  g_test_add_func ("/forms/form/lookups-miss", test_lookups_miss);
  g_test_add_func ("/forms/form/ref-counting", test_ref_counting);
  g_test_add_func ("/forms/form/names", test_names);

  return g_test_run ();
}
