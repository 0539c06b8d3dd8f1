/* test-shipped-forms.c — the four shipped forms, as families see them.
 *
 * These tests read the shipped files (not copies) with the real parser and
 * check what a family, a keyworker or a report would notice: the ids and
 * versions the aggregator stores answers under, who each form is for, an
 * easy-read version of every question, the quality-of-life scale, the
 * Friends and Family Test question word for word, and a picture for every
 * answer that names one.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "kv-form.h"
#include "forms-test-util.h"


static const char *shipped_ids[] = { "experience", "family-qol", "gas-goals", "gas-review" };

static char *
source_path (const char *first, ...)
{
  const char *root = g_getenv ("KV_SOURCE_ROOT");
  GPtrArray *parts = g_ptr_array_new ();
  const char *part;
  va_list args;
  char *path;

  /* tests/meson.build sets this; running the binary by hand needs it too. */
  g_assert_nonnull (root);

  g_ptr_array_add (parts, (gpointer) root);
  va_start (args, first);
  for (part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);

  path = g_build_filenamev ((char **) parts->pdata);
  g_ptr_array_free (parts, TRUE);
  return path;
}

static KvForm *
load_shipped (const char *id)
{
  g_autofree char *name = g_strconcat (id, ".xml", NULL);
  g_autofree char *path = source_path ("forms", name, NULL);

  return forms_test_load_path (path);
}

static const KvItem *
lookup_item (const KvForm *form,
             const char   *id,
             KvItemType    type)
{
  const KvItem *item = kv_form_lookup_item (form, id);

  if (item == NULL)
    g_error ("form '%s' has no item '%s'", kv_form_get_id (form), id);
  g_assert_cmpstr (kv_item_type_to_string (kv_item_get_item_type (item)), ==,
                   kv_item_type_to_string (type));
  return item;
}

static guint
item_index (const KvForm *form,
            const char   *id)
{
  for (guint i = 0; i < kv_form_get_n_items (form); i++)
    if (g_str_equal (kv_item_get_id (kv_form_get_item (form, i)), id))
      return i;
  g_error ("form '%s' has no item '%s'", kv_form_get_id (form), id);
  return G_MAXUINT;
}

static guint
count_words (const char *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);

  return g_strv_length (words);
}

/* Every shipped form loads, under the id the aggregator files answers by
 * (its file name) and at version 1. */
static void
test_ids_and_versions (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (shipped_ids); i++)
    {
      g_autoptr(KvForm) form = load_shipped (shipped_ids[i]);

      g_assert_cmpstr (kv_form_get_id (form), ==, shipped_ids[i]);
      g_assert_cmpuint (kv_form_get_version (form), ==, 1);
    }
}

/* No form file in forms/ goes unchecked: a fifth form needs its own tests. */
static void
test_no_unexpected_forms (void)
{
  g_autofree char *dir_path = source_path ("forms", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, &error);
  const char *name;
  guint n_forms = 0;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *id = NULL;
      gboolean known = FALSE;

      if (!g_str_has_suffix (name, ".xml"))
        continue;
      id = g_strndup (name, strlen (name) - strlen (".xml"));
      for (guint i = 0; i < G_N_ELEMENTS (shipped_ids); i++)
        known = known || g_str_equal (id, shipped_ids[i]);
      if (!known)
        g_error ("forms/%s is not one of the shipped forms this test knows", name);
      n_forms++;
    }
  g_assert_cmpuint (n_forms, ==, G_N_ELEMENTS (shipped_ids));
}

static void
test_kinds_and_audiences (void)
{
  struct {
    const char      *id;
    KvFormKind       kind;
    KvAudience       audience;
    KvScoringMethod  scoring;
  } expected[] = {
    { "gas-goals", KV_FORM_KIND_GAS_GOALS, KV_AUDIENCE_KEYWORKER, KV_SCORING_NONE },
    { "gas-review", KV_FORM_KIND_GAS_REVIEW, KV_AUDIENCE_ANYONE, KV_SCORING_GAS },
    { "family-qol", KV_FORM_KIND_QUALITY_OF_LIFE, KV_AUDIENCE_PARENT_CARER, KV_SCORING_LEVEL_SUM },
    { "experience", KV_FORM_KIND_EXPERIENCE, KV_AUDIENCE_ANYONE, KV_SCORING_NONE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(KvForm) form = load_shipped (expected[i].id);

      g_assert_cmpstr (kv_form_kind_to_string (kv_form_get_kind (form)), ==,
                       kv_form_kind_to_string (expected[i].kind));
      g_assert_cmpstr (kv_audience_to_string (kv_form_get_audience (form)), ==,
                       kv_audience_to_string (expected[i].audience));
      g_assert_cmpint (kv_form_get_scoring (form), ==, expected[i].scoring);
    }
}

/* A family that asks for easy read gets it on every screen: the title, every
 * question and every piece of help have their own easy-read wording, and an
 * answer label with none is no longer than three words.  The one exception
 * is the Friends and Family Test, whose question and answers are used word
 * for word in easy read too (docs/domain.md §3). */
static void
test_easy_read_everywhere (void)
{
  for (guint f = 0; f < G_N_ELEMENTS (shipped_ids); f++)
    {
      g_autoptr(KvForm) form = load_shipped (shipped_ids[f]);

      g_assert_cmpstr (kv_form_get_title (form, TRUE), !=, kv_form_get_title (form, FALSE));
      if (kv_form_get_description (form, FALSE) != NULL)
        g_assert_cmpstr (kv_form_get_description (form, TRUE), !=,
                         kv_form_get_description (form, FALSE));

      for (guint i = 0; i < kv_form_get_n_items (form); i++)
        {
          const KvItem *item = kv_form_get_item (form, i);

          if (g_str_equal (shipped_ids[f], "experience") && g_str_equal (kv_item_get_id (item), "fft"))
            {
              g_assert_cmpstr (kv_item_get_prompt (item, TRUE), ==, kv_item_get_prompt (item, FALSE));
              for (guint l = 0; l < kv_item_get_n_levels (item); l++)
                g_assert_cmpstr (kv_level_get_label (kv_item_get_level (item, l), TRUE), ==,
                                 kv_level_get_label (kv_item_get_level (item, l), FALSE));
              continue;
            }
          if (g_strcmp0 (kv_item_get_prompt (item, TRUE), kv_item_get_prompt (item, FALSE)) == 0)
            g_error ("%s: item '%s' has no easy-read prompt",
                     shipped_ids[f], kv_item_get_id (item));
          if (kv_item_get_help (item, FALSE) != NULL &&
              g_strcmp0 (kv_item_get_help (item, TRUE), kv_item_get_help (item, FALSE)) == 0)
            g_error ("%s: item '%s' has no easy-read help",
                     shipped_ids[f], kv_item_get_id (item));

          for (guint l = 0; l < kv_item_get_n_levels (item); l++)
            {
              const KvLevel *level = kv_item_get_level (item, l);
              const char *label = kv_level_get_label (level, FALSE);

              if (g_strcmp0 (kv_level_get_label (level, TRUE), label) == 0 &&
                  count_words (label) > 3)
                g_error ("%s: level '%s' of '%s' needs an easy-read label",
                         shipped_ids[f], kv_level_get_id (level), kv_item_get_id (item));
            }
        }
    }
}

static void
check_msgid_safe (const char *form_id,
                  const char *text)
{
  if (text == NULL)
    return;
  /* xgettext keeps "&amp;" escaped in the msgid while the parser unescapes
   * it, so such a string would never find its translation. */
  if (strpbrk (text, "&<>") != NULL)
    g_error ("%s: '%s' contains a character that breaks translation", form_id, text);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_cmpuint (strlen (text), >, 0);
}

/* Every string a family reads can be found in the translation catalogue. */
static void
test_text_is_translatable (void)
{
  for (guint f = 0; f < G_N_ELEMENTS (shipped_ids); f++)
    {
      g_autoptr(KvForm) form = load_shipped (shipped_ids[f]);

      for (int er = 0; er <= 1; er++)
        {
          check_msgid_safe (shipped_ids[f], kv_form_get_title (form, er));
          check_msgid_safe (shipped_ids[f], kv_form_get_description (form, er));
          for (guint i = 0; i < kv_form_get_n_items (form); i++)
            {
              const KvItem *item = kv_form_get_item (form, i);

              check_msgid_safe (shipped_ids[f], kv_item_get_prompt (item, er));
              check_msgid_safe (shipped_ids[f], kv_item_get_help (item, er));
              for (guint l = 0; l < kv_item_get_n_levels (item); l++)
                check_msgid_safe (shipped_ids[f],
                                  kv_level_get_label (kv_item_get_level (item, l), er));
            }
        }
    }
}

/* The keyworker first reads what goal setting is, then writes up to six
 * goals under the item id `goals` (docs/form-format.md "Answers"). */
static void
test_gas_goals (void)
{
  g_autoptr(KvForm) form = load_shipped ("gas-goals");
  const KvItem *goals = lookup_item (form, "goals", KV_ITEM_GAS_GOALS);

  g_assert_cmpint (kv_item_get_item_type (kv_form_get_item (form, 0)), ==, KV_ITEM_INFO);
  g_assert_cmpuint (kv_item_get_max_goals (goals), ==, 6);
  g_assert_true (kv_item_get_required (goals));
  g_assert_true (kv_form_find_item_of_type (form, KV_ITEM_GAS_GOALS) == goals);
}

/* The review rates the goal set under the item id `ratings`; anything else
 * on the form can be skipped. */
static void
test_gas_review (void)
{
  g_autoptr(KvForm) form = load_shipped ("gas-review");
  const KvItem *ratings = lookup_item (form, "ratings", KV_ITEM_GAS_RATING);

  g_assert_true (kv_form_find_item_of_type (form, KV_ITEM_GAS_RATING) == ratings);
  g_assert_true (kv_item_get_required (ratings));
  for (guint i = 0; i < kv_form_get_n_items (form); i++)
    {
      const KvItem *item = kv_form_get_item (form, i);

      if (item != ratings && kv_item_get_item_type (item) != KV_ITEM_INFO)
        g_assert_false (kv_item_get_required (item));
    }
}

/* Seven areas of the carer's own life, each on the same four steps from
 * "as I want it" (3) to "a serious problem" (0), each with its picture, and
 * no licensed weights in the repository (docs/domain.md §2). */
static void
test_family_qol (void)
{
  g_autoptr(KvForm) form = load_shipped ("family-qol");
  static const char *areas[] = {
    "enjoyment", "control", "self-care", "safety", "social", "own-time", "support",
  };
  static const char *level_ids[] = { "as-wanted", "mostly-fine", "not-enough", "serious-problem" };
  /* The kiosk's one set of faces: the same face for the same place on
   * every scale. */
  static const char *faces[] = {
    "kv-face-very-happy", "kv-face-happy", "kv-face-sad", "kv-face-very-sad",
  };
  guint n_scale = 0;

  for (guint i = 0; i < G_N_ELEMENTS (areas); i++)
    {
      const KvItem *item = lookup_item (form, areas[i], KV_ITEM_SCALE);

      g_assert_true (kv_item_get_scored (item));
      /* Each may be left out, worded "I'd rather not say"; the total then
       * needs every answer (docs/domain.md §2). */
      g_assert_false (kv_item_get_required (item));
      g_assert_cmpint (kv_item_get_skip (item), ==, KV_SKIP_PREFER_NOT_TO_SAY);
      g_assert_cmpuint (kv_item_get_n_levels (item), ==, 4);
      for (guint l = 0; l < 4; l++)
        {
          const KvLevel *level = kv_item_get_level (item, l);
          const char *pictogram = faces[l];

          g_assert_cmpstr (kv_level_get_id (level), ==, level_ids[l]);
          g_assert_true (kv_level_has_value (level));
          g_assert_cmpint (kv_level_get_value (level), ==, 3 - (int) l);
          g_assert_true (kv_level_get_scored (level));
          g_assert_false (kv_level_has_weight (level));
          g_assert_cmpstr (kv_level_get_pictogram (level), ==, pictogram);
        }
      /* Safety has honest answers of its own; every other area the same
       * four. */
      if (g_str_equal (areas[i], "safety"))
        {
          g_assert_cmpstr (kv_level_get_label (kv_item_get_level (item, 0), FALSE), ==, "Yes, I feel safe");
          g_assert_cmpstr (kv_level_get_label (kv_item_get_level (item, 3), FALSE), ==, "I often do not feel safe");
        }
      else
        {
          g_assert_cmpstr (kv_level_get_label (kv_item_get_level (item, 0), FALSE), ==, "As I want it");
          g_assert_cmpstr (kv_level_get_label (kv_item_get_level (item, 3), FALSE), ==, "A serious problem");
        }
    }

  for (guint i = 0; i < kv_form_get_n_items (form); i++)
    if (kv_item_get_item_type (kv_form_get_item (form, i)) == KV_ITEM_SCALE)
      n_scale++;
  g_assert_cmpuint (n_scale, ==, G_N_ELEMENTS (areas));
}

/* Someone who says their safety is a serious problem is told where help is,
 * and nobody else sees that screen. */
static void
test_family_qol_safety_help (void)
{
  g_autoptr(KvForm) form = load_shipped ("family-qol");
  const KvItem *help = lookup_item (form, "safety-help", KV_ITEM_INFO);

  g_assert_cmpstr (kv_item_get_condition_item (help), ==, "safety");
  g_assert_cmpstr (kv_item_get_condition_value (help), ==, "serious-problem");
  g_assert_cmpuint (item_index (form, "safety-help"), ==, item_index (form, "safety") + 1);
  g_assert_nonnull (strstr (kv_item_get_prompt (help, FALSE), "999"));
  g_assert_nonnull (strstr (kv_item_get_prompt (help, TRUE), "999"));
}

/* Before any question, the family is told plainly that their keyworker will
 * not see the answers. */
static void
test_experience_privacy_first (void)
{
  g_autoptr(KvForm) form = load_shipped ("experience");
  const KvItem *first = kv_form_get_item (form, 0);

  g_assert_cmpint (kv_item_get_item_type (first), ==, KV_ITEM_INFO);
  g_assert_nonnull (strstr (kv_item_get_prompt (first, FALSE),
                            "Your keyworker will not see these answers."));
  g_assert_nonnull (strstr (kv_item_get_prompt (first, TRUE),
                            "Your keyworker will not see your answers."));
}

static void
test_experience_who (void)
{
  g_autoptr(KvForm) form = load_shipped ("experience");
  const KvItem *who = lookup_item (form, "who", KV_ITEM_CHOICE);
  static const char *ids[] = { "young-person", "parent-carer", "both", "someone-helping" };

  g_assert_cmpuint (kv_item_get_n_levels (who), ==, G_N_ELEMENTS (ids));
  for (guint l = 0; l < G_N_ELEMENTS (ids); l++)
    g_assert_cmpstr (kv_level_get_id (kv_item_get_level (who, l)), ==, ids[l]);
}

/* The NHS Friends and Family Test question and answers, word for word, so
 * the service's figures compare with every other FFT return.  "Don't know"
 * is an ordinary scored answer: the FFT counts it among all responses. */
static void
test_experience_fft (void)
{
  g_autoptr(KvForm) form = load_shipped ("experience");
  const KvItem *fft = lookup_item (form, "fft", KV_ITEM_CHOICE);
  static const struct {
    const char *id;
    const char *label;
    KvPolarity  polarity;
    const char *pictogram;
  } expected[] = {
    { "very-good", "Very good", KV_POLARITY_POSITIVE, "kv-face-very-happy" },
    { "good", "Good", KV_POLARITY_POSITIVE, "kv-face-happy" },
    { "neither", "Neither good nor poor", KV_POLARITY_NONE, "kv-face-neutral" },
    { "poor", "Poor", KV_POLARITY_NEGATIVE, "kv-face-sad" },
    { "very-poor", "Very poor", KV_POLARITY_NEGATIVE, "kv-face-very-sad" },
    { "dont-know", "Don't know", KV_POLARITY_NONE, "kv-dont-know" },
  };

  g_assert_cmpstr (kv_item_get_prompt (fft, FALSE), ==,
                   "Overall, how was your experience of our service?");
  /* Feedback is given freely: the question may be skipped. */
  g_assert_false (kv_item_get_required (fft));
  g_assert_null (kv_item_get_condition_item (fft));
  g_assert_cmpuint (kv_item_get_n_levels (fft), ==, G_N_ELEMENTS (expected));
  for (guint l = 0; l < G_N_ELEMENTS (expected); l++)
    {
      const KvLevel *level = kv_item_get_level (fft, l);

      g_assert_cmpstr (kv_level_get_id (level), ==, expected[l].id);
      g_assert_cmpstr (kv_level_get_label (level, FALSE), ==, expected[l].label);
      g_assert_cmpint (kv_level_get_polarity (level), ==, expected[l].polarity);
      g_assert_cmpstr (kv_level_get_pictogram (level), ==, expected[l].pictogram);
      g_assert_true (kv_level_get_scored (level));
    }
}

/* The FFT question is followed straight away by an optional "why". */
static void
test_experience_fft_follow_up (void)
{
  g_autoptr(KvForm) form = load_shipped ("experience");
  guint fft = item_index (form, "fft");
  const KvItem *next = kv_form_get_item (form, fft + 1);

  g_assert_cmpint (kv_item_get_item_type (next), ==, KV_ITEM_TEXT);
  g_assert_false (kv_item_get_required (next));
  g_assert_null (kv_item_get_condition_item (next));
}

/* Our own keyworking statements: Certainly true (2, positive), Partly true
 * (1), Not true (0, negative) and Don't know, which is left out of scores
 * and summaries (docs/domain.md §3). */
static void
test_experience_keyworking_items (void)
{
  g_autoptr(KvForm) form = load_shipped ("experience");
  static const struct {
    const char *id;
    const char *label;
    gboolean    scored;
    int         value;
    KvPolarity  polarity;
  } expected[] = {
    { "certainly-true", "Certainly true", TRUE, 2, KV_POLARITY_POSITIVE },
    { "partly-true", "Partly true", TRUE, 1, KV_POLARITY_NONE },
    { "not-true", "Not true", TRUE, 0, KV_POLARITY_NEGATIVE },
    { "dont-know", "Don't know", FALSE, 0, KV_POLARITY_NONE },
  };
  guint n_scale = 0;

  for (guint i = 0; i < kv_form_get_n_items (form); i++)
    {
      const KvItem *item = kv_form_get_item (form, i);

      if (kv_item_get_item_type (item) != KV_ITEM_SCALE)
        continue;
      n_scale++;
      g_assert_cmpuint (kv_item_get_n_levels (item), ==, G_N_ELEMENTS (expected));
      for (guint l = 0; l < G_N_ELEMENTS (expected); l++)
        {
          const KvLevel *level = kv_item_get_level (item, l);

          g_assert_cmpstr (kv_level_get_id (level), ==, expected[l].id);
          g_assert_cmpstr (kv_level_get_label (level, FALSE), ==, expected[l].label);
          g_assert_cmpint (kv_level_get_scored (level), ==, expected[l].scored);
          g_assert_cmpint (kv_level_get_polarity (level), ==, expected[l].polarity);
          if (expected[l].scored)
            g_assert_cmpint (kv_level_get_value (level), ==, expected[l].value);
          else
            g_assert_false (kv_level_has_value (level));
        }
    }
  g_assert_cmpuint (n_scale, >=, 6);
  g_assert_cmpuint (n_scale, <=, 8);

  /* The statements the minimum standards name. */
  lookup_item (form, "listened", KV_ITEM_SCALE);
  lookup_item (form, "kept-informed", KV_ITEM_SCALE);
  lookup_item (form, "involved", KV_ITEM_SCALE);
  lookup_item (form, "joined-up", KV_ITEM_SCALE);
  lookup_item (form, "crisis", KV_ITEM_SCALE);
}

/* The open questions can always be skipped, and the crisis advice appears
 * only to someone who did not know who to contact. */
static void
test_experience_who_from_respondent (void)
{
  g_autoptr(KvForm) form = load_shipped ("experience");
  const KvItem *who = lookup_item (form, "who", KV_ITEM_CHOICE);

  /* Asked once, at the start, not again in the form. */
  g_assert_true (kv_item_get_answer_from_respondent (who));
  g_assert_true (kv_item_get_required (who));
}

static void
test_experience_optional_text (void)
{
  g_autoptr(KvForm) form = load_shipped ("experience");
  const KvItem *help = lookup_item (form, "crisis-help", KV_ITEM_INFO);

  g_assert_false (kv_item_get_required (lookup_item (form, "fft-reason", KV_ITEM_TEXT)));
  g_assert_false (kv_item_get_required (lookup_item (form, "what-was-good", KV_ITEM_TEXT)));
  g_assert_false (kv_item_get_required (lookup_item (form, "could-be-better", KV_ITEM_TEXT)));

  g_assert_cmpstr (kv_item_get_condition_item (help), ==, "crisis");
  g_assert_cmpstr (kv_item_get_condition_value (help), ==, "not-true");
  g_assert_cmpuint (item_index (form, "crisis-help"), ==, item_index (form, "crisis") + 1);
}

static void
check_pictogram (const char *name)
{
  g_autofree char *file = g_strconcat (name, ".svg", NULL);
  g_autofree char *path = source_path ("data", "icons", "hicolor", "scalable", "actions",
                                       file, NULL);
  g_autofree char *svg = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents (path, &svg, NULL, &error))
    g_error ("pictogram %s: %s", name, error->message);
  g_assert_nonnull (strstr (svg, "viewBox=\"0 0 64 64\""));
  g_assert_nonnull (strstr (svg, "<title>"));
  /* Pictures carry no words: the label beside them is what gets translated. */
  g_assert_null (strstr (svg, "<text"));
}

/* Every answer that names a picture has one, and so does each of the five
 * GAS levels the kiosk draws for a goal review. */
static void
test_pictograms_exist (void)
{
  static const char *gas[] = {
    "kv-face-very-sad", "kv-face-sad", "kv-face-neutral", "kv-face-happy", "kv-face-very-happy",
  };
  guint n_checked = 0;

  for (guint i = 0; i < G_N_ELEMENTS (gas); i++)
    check_pictogram (gas[i]);

  for (guint f = 0; f < G_N_ELEMENTS (shipped_ids); f++)
    {
      g_autoptr(KvForm) form = load_shipped (shipped_ids[f]);

      for (guint i = 0; i < kv_form_get_n_items (form); i++)
        {
          const KvItem *item = kv_form_get_item (form, i);

          for (guint l = 0; l < kv_item_get_n_levels (item); l++)
            {
              const char *name = kv_level_get_pictogram (kv_item_get_level (item, l));

              if (name != NULL)
                {
                  check_pictogram (name);
                  n_checked++;
                }
            }
        }
    }
  g_assert_cmpuint (n_checked, >, 0);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/shipped-forms/ids-and-versions", test_ids_and_versions);
  g_test_add_func ("/shipped-forms/no-unexpected-forms", test_no_unexpected_forms);
  g_test_add_func ("/shipped-forms/kinds-and-audiences", test_kinds_and_audiences);
  g_test_add_func ("/shipped-forms/easy-read-everywhere", test_easy_read_everywhere);
  g_test_add_func ("/shipped-forms/text-is-translatable", test_text_is_translatable);
  g_test_add_func ("/shipped-forms/gas-goals/goals-item", test_gas_goals);
  g_test_add_func ("/shipped-forms/gas-review/ratings-item", test_gas_review);
  g_test_add_func ("/shipped-forms/family-qol/seven-areas-scored-3-to-0", test_family_qol);
  g_test_add_func ("/shipped-forms/family-qol/safety-help", test_family_qol_safety_help);
  g_test_add_func ("/shipped-forms/experience/privacy-first", test_experience_privacy_first);
  g_test_add_func ("/shipped-forms/experience/who-is-answering", test_experience_who);
  g_test_add_func ("/shipped-forms/experience/fft-verbatim", test_experience_fft);
  g_test_add_func ("/shipped-forms/experience/fft-follow-up", test_experience_fft_follow_up);
  g_test_add_func ("/shipped-forms/experience/keyworking-items", test_experience_keyworking_items);
  g_test_add_func ("/shipped-forms/experience/who-from-respondent", test_experience_who_from_respondent);
  g_test_add_func ("/shipped-forms/experience/optional-text", test_experience_optional_text);
  g_test_add_func ("/shipped-forms/pictograms-exist", test_pictograms_exist);

  return g_test_run ();
}
