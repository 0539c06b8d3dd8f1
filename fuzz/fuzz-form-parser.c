/* fuzz-form-parser.c — the form-file reader under libFuzzer.
 *
 * A service lead may write a form file and hand it to the aggregator, so
 * kv_form_new_from_data() reads untrusted bytes.  A form that loads is
 * trusted everywhere after that, so this harness also checks what the
 * format promises of it (docs/form-format.md): every accessor answers,
 * ids look up what they name, a condition names an earlier item and one of
 * its levels, and a set of answers built to fit the form validates and
 * scores exactly as the rules say.  A form that loads but can never be
 * answered, or scores differently from its own definition, is a bug.
 */
#include "config.h"

#include <math.h>

#include "keyvoice-forms.h"
#include "fuzz-common.h"

/* The goal set every gas-rating answer of this harness rates. */
static const char form_parser_goal_set_json[] =
  "[{\"id\": \"g1\", \"text\": \"Made-up goal\", \"baseline\": -1},"
  " {\"id\": \"g2\", \"text\": \"Another made-up goal\", \"baseline\": -2,"
  "  \"importance\": 2, \"difficulty\": 3}]";

static const char *form_parser_item_types[] = {
  "info", "scale", "choice", "multiple", "text", "number", "gas-goals",
  "gas-rating",
};

static void
form_parser_walk_level (const KvForm  *form,
                        const KvItem  *item,
                        const KvLevel *level)
{
  const char *id = kv_level_get_id (level);

  kv_fuzz_check (id != NULL, "a level has no id");
  kv_fuzz_check (kv_item_lookup_level (item, id) == level,
                 "a level id does not look up its own level");
  kv_fuzz_check (kv_level_get_label (level, FALSE) != NULL,
                 "a level has no label");
  kv_fuzz_touch (kv_level_get_label (level, FALSE));
  kv_fuzz_touch (kv_level_get_label (level, TRUE));
  kv_fuzz_touch (kv_level_get_pictogram (level));
  (void) kv_level_get_polarity (level);

  if (kv_level_has_value (level))
    kv_fuzz_check (kv_level_get_value (level) >= -1000
                   && kv_level_get_value (level) <= 1000,
                   "a level value is outside -1000…1000");
  if (kv_level_has_weight (level))
    kv_fuzz_check (isfinite (kv_level_get_weight (level)),
                   "a level weight is not finite");
  else
    kv_fuzz_check (kv_form_get_scoring (form) != KV_SCORING_WEIGHTED
                   || kv_item_get_item_type (item) != KV_ITEM_SCALE
                   || !kv_item_get_scored (item)
                   || !kv_level_get_scored (level),
                   "a scored level of a weighted form has no weight");
  if (kv_level_get_scored (level)
      && kv_item_get_item_type (item) == KV_ITEM_SCALE)
    kv_fuzz_check (kv_level_has_value (level),
                   "a scored level of a scale item has no value");
}

static void
form_parser_walk_item (const KvForm *form,
                       guint         index)
{
  const KvItem *item = kv_form_get_item (form, index);
  const char *id = kv_item_get_id (item);
  KvItemType type = kv_item_get_item_type (item);
  const char *condition_item = kv_item_get_condition_item (item);
  guint n_levels = kv_item_get_n_levels (item);

  kv_fuzz_check (id != NULL, "an item has no id");
  kv_fuzz_check (kv_form_lookup_item (form, id) == item,
                 "an item id does not look up its own item");
  kv_fuzz_check (type < G_N_ELEMENTS (form_parser_item_types),
                 "an item has a type the format does not have");
  kv_fuzz_check (g_strcmp0 (kv_item_type_to_string (type),
                            form_parser_item_types[type]) == 0,
                 "an item type does not name itself");
  kv_fuzz_check (kv_item_get_prompt (item, FALSE) != NULL,
                 "an item has no prompt");
  kv_fuzz_touch (kv_item_get_prompt (item, FALSE));
  kv_fuzz_touch (kv_item_get_prompt (item, TRUE));
  kv_fuzz_touch (kv_item_get_help (item, FALSE));
  kv_fuzz_touch (kv_item_get_help (item, TRUE));
  (void) kv_item_get_required (item);
  (void) kv_item_get_scored (item);

  switch (type)
    {
    case KV_ITEM_SCALE:
    case KV_ITEM_CHOICE:
      kv_fuzz_check (n_levels >= 2, "a single-choice item has fewer than two levels");
      break;
    case KV_ITEM_MULTIPLE:
      kv_fuzz_check (n_levels >= 1, "a multiple item has no levels");
      kv_fuzz_check (kv_item_get_max_choices (item) <= n_levels,
                     "max-choices is more than the levels");
      kv_fuzz_check (kv_item_get_min_choices (item)
                     <= (kv_item_get_max_choices (item)
                         ? kv_item_get_max_choices (item) : n_levels),
                     "min-choices is more than can be chosen");
      break;
    case KV_ITEM_NUMBER:
      kv_fuzz_check (kv_item_get_min (item) <= kv_item_get_max (item),
                     "a number item's min is above its max");
      break;
    case KV_ITEM_TEXT:
      kv_fuzz_check (kv_item_get_max_length (item) >= 1,
                     "a text item allows no characters");
      break;
    case KV_ITEM_GAS_GOALS:
      kv_fuzz_check (kv_item_get_max_goals (item) >= 1
                     && kv_item_get_max_goals (item) <= KV_GAS_MAX_GOALS,
                     "max-goals is outside 1…6");
      kv_fuzz_check (kv_item_get_max_length (item) >= 1,
                     "a goal may have no characters");
      break;
    case KV_ITEM_INFO:
    case KV_ITEM_GAS_RATING:
    default:
      kv_fuzz_check (n_levels == 0, "an item without levels has levels");
      break;
    }

  for (guint j = 0; j < n_levels; j++)
    form_parser_walk_level (form, item, kv_item_get_level (item, j));

  if (condition_item != NULL)
    {
      const KvItem *target = kv_form_lookup_item (form, condition_item);
      gboolean earlier = FALSE;

      kv_fuzz_check (target != NULL, "a condition names no item");
      for (guint j = 0; j < index; j++)
        earlier = earlier || kv_form_get_item (form, j) == target;
      kv_fuzz_check (earlier, "a condition names a later item");
      kv_fuzz_check (kv_item_lookup_level (target,
                                           kv_item_get_condition_value (item))
                     != NULL,
                     "a condition names a level its item does not have");
    }
  else
    {
      kv_fuzz_check (kv_item_get_condition_value (item) == NULL,
                     "a condition value without a condition item");
    }
}

static void
form_parser_walk (const KvForm *form,
                  const uint8_t *data,
                  size_t         size)
{
  GBytes *source = kv_form_get_source (form);
  guint n_items = kv_form_get_n_items (form);

  kv_fuzz_check (kv_form_get_id (form) != NULL, "the form has no id");
  kv_fuzz_check (kv_form_get_version (form) >= 1, "the form version is 0");
  kv_fuzz_check (kv_form_get_title (form, FALSE) != NULL, "the form has no title");
  kv_fuzz_touch (kv_form_get_title (form, TRUE));
  kv_fuzz_touch (kv_form_get_description (form, FALSE));
  kv_fuzz_touch (kv_form_get_description (form, TRUE));
  kv_fuzz_check (kv_audience_to_string (kv_form_get_audience (form)) != NULL,
                 "the audience has no name");
  kv_fuzz_check (kv_form_kind_to_string (kv_form_get_kind (form)) != NULL,
                 "the kind has no name");
  kv_fuzz_check (isfinite (kv_form_get_scoring_a (form))
                 && isfinite (kv_form_get_scoring_b (form)),
                 "a scoring constant is not finite");

  /* The source is served to kiosks as it was written. */
  kv_fuzz_check (source != NULL
                 && g_bytes_get_size (source) == size
                 && memcmp (g_bytes_get_data (source, NULL), data, size) == 0,
                 "the form's source is not the bytes it was read from");

  kv_fuzz_check (n_items >= 1, "the form has no items");
  for (guint i = 0; i < n_items; i++)
    form_parser_walk_item (form, i);

  for (guint t = 0; t < G_N_ELEMENTS (form_parser_item_types); t++)
    {
      const KvItem *first = kv_form_find_item_of_type (form, t);

      for (guint i = 0; i < n_items && first != NULL; i++)
        {
          const KvItem *item = kv_form_get_item (form, i);

          if (kv_item_get_item_type (item) == (KvItemType) t)
            {
              kv_fuzz_check (item == first,
                             "find_item_of_type does not find the first");
              break;
            }
        }
    }

  if (kv_form_get_kind (form) == KV_FORM_KIND_GAS_REVIEW
      || kv_form_get_scoring (form) == KV_SCORING_GAS)
    kv_fuzz_check (kv_form_find_item_of_type (form, KV_ITEM_GAS_RATING) != NULL,
                   "a GAS review form has no rating item");
  if (kv_form_get_kind (form) == KV_FORM_KIND_GAS_GOALS)
    kv_fuzz_check (kv_form_find_item_of_type (form, KV_ITEM_GAS_GOALS) != NULL,
                   "a GAS goals form has no goals item");
  if (kv_form_get_scoring (form) == KV_SCORING_GAS)
    kv_fuzz_check (kv_form_get_kind (form) == KV_FORM_KIND_GAS_REVIEW,
                   "GAS scoring on a form that is not a GAS review");
}

static void
form_parser_count_root (GMarkupParseContext  *context,
                        const char           *element_name,
                        const char          **attribute_names,
                        const char          **attribute_values,
                        gpointer              user_data,
                        GError              **error)
{
  guint *n_roots = user_data;

  if (g_markup_parse_context_get_element_stack (context)->next == NULL)
    (*n_roots)++;
}

/* How many top-level elements the file has, counted by GMarkup alone: a
 * form file holds one <form>, and a second one must not be merged into
 * the first. */
static guint
form_parser_n_roots (const uint8_t *data,
                     size_t         size)
{
  static const GMarkupParser counter = { form_parser_count_root, NULL, NULL, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  guint n_roots = 0;

  context = g_markup_parse_context_new (&counter, 0, &n_roots, NULL);
  if (!g_markup_parse_context_parse (context, (const char *) data, size, NULL)
      || !g_markup_parse_context_end_parse (context, NULL))
    return 0;

  return n_roots;
}

/* The text of a text answer or goal: made up, shortened to what @max
 * characters allow (it is ASCII, so characters are bytes). */
static JsonNode *
form_parser_text (const char *text,
                  guint       max)
{
  g_autofree char *cut = g_strndup (text, max);

  return json_node_init_string (json_node_alloc (), cut);
}

static JsonNode *
form_parser_goals (const KvItem *item,
                   guint         seed)
{
  g_autoptr(JsonArray) array = json_array_new ();
  guint n = 1 + seed % kv_item_get_max_goals (item);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *goal = json_object_new ();
      g_autofree char *id = g_strdup_printf ("g%u", i + 1);

      json_object_set_string_member (goal, "id", id);
      json_object_set_member (goal, "text",
                              form_parser_text ("Made-up goal",
                                                kv_item_get_max_length (item)));
      json_object_set_int_member (goal, "baseline", (seed >> i) & 1 ? -1 : -2);
      if ((seed >> (i + 8)) & 1)
        {
          json_object_set_int_member (goal, "importance", (seed + i) % 4);
          json_object_set_int_member (goal, "difficulty", (seed + 2 * i) % 4);
        }
      json_array_add_object_element (array, goal);
    }

  return json_node_init_array (json_node_alloc (), array);
}

static JsonNode *
form_parser_ratings (guint seed)
{
  g_autoptr(JsonObject) object = json_object_new ();

  /* "partial" is a rating too; 5 stands for it here. */
  for (guint i = 0; i < 2; i++)
    {
      const char *id = i == 0 ? "g1" : "g2";
      guint pick = (seed >> (4 * i)) % 7;

      if (pick == 6 && i == 1)
        continue;
      if (pick >= 5)
        json_object_set_string_member (object, id, "partial");
      else
        json_object_set_int_member (object, id, (gint64) pick - 2);
    }

  return json_node_init_object (json_node_alloc (), object);
}

/* Answers that fit @form: every shown item answered (an optional one only
 * when @seed says so), levels picked by @seed.  The expected score is
 * worked out alongside, straight from docs/domain.md §2: a total only when
 * every shown, scored item has a scored answer. */
static JsonNode *
form_parser_build_answers (const KvForm *form,
                           guint         seed,
                           KvFormScore  *expected)
{
  g_autoptr(JsonObject) answers = json_object_new ();
  g_autoptr(GHashTable) hidden = g_hash_table_new (g_str_hash, g_str_equal);
  KvScoringMethod method = kv_form_get_scoring (form);
  double sum = 0.0;

  memset (expected, 0, sizeof *expected);

  for (guint i = 0; i < kv_form_get_n_items (form); i++)
    {
      const KvItem *item = kv_form_get_item (form, i);
      const char *id = kv_item_get_id (item);
      const char *condition_item = kv_item_get_condition_item (item);
      KvItemType type = kv_item_get_item_type (item);
      guint n_levels = kv_item_get_n_levels (item);
      guint pick = seed + 7 * i;
      gboolean scored_item = type == KV_ITEM_SCALE && kv_item_get_scored (item);
      const KvLevel *level = NULL;

      if (!kv_item_is_shown (item, answers)
          || (condition_item != NULL
              && g_hash_table_contains (hidden, condition_item)))
        {
          g_hash_table_add (hidden, (gpointer) id);
          continue;
        }

      if (scored_item)
        expected->n_needed++;

      if (type == KV_ITEM_INFO)
        continue;
      if (!kv_item_get_required (item) && (seed >> (i % 16)) & 1)
        continue;

      switch (type)
        {
        case KV_ITEM_SCALE:
        case KV_ITEM_CHOICE:
          level = kv_item_get_level (item, pick % n_levels);
          json_object_set_string_member (answers, id, kv_level_get_id (level));
          break;
        case KV_ITEM_MULTIPLE:
          {
            JsonArray *array = json_array_new ();
            guint max = kv_item_get_max_choices (item);
            guint n = MAX (kv_item_get_min_choices (item),
                           kv_item_get_required (item) ? 1 : 0);

            if (max == 0)
              max = n_levels;
            if (n < max && (pick & 1))
              n++;
            for (guint j = 0; j < n; j++)
              json_array_add_string_element (array,
                kv_level_get_id (kv_item_get_level (item, (pick + j) % n_levels)));
            json_object_set_array_member (answers, id, array);
          }
          break;
        case KV_ITEM_TEXT:
          json_object_set_member (answers, id,
                                  form_parser_text ("A made-up answer.",
                                                    kv_item_get_max_length (item)));
          break;
        case KV_ITEM_NUMBER:
          json_object_set_int_member (answers, id,
                                      pick & 1 ? kv_item_get_max (item)
                                               : kv_item_get_min (item));
          break;
        case KV_ITEM_GAS_GOALS:
          json_object_set_member (answers, id, form_parser_goals (item, seed));
          break;
        case KV_ITEM_GAS_RATING:
          json_object_set_member (answers, id, form_parser_ratings (seed));
          break;
        case KV_ITEM_INFO:
        default:
          g_assert_not_reached ();
        }

      if (scored_item && kv_level_get_scored (level))
        {
          expected->n_answered++;
          sum += method == KV_SCORING_WEIGHTED ? kv_level_get_weight (level)
                                               : kv_level_get_value (level);
        }
    }

  expected->complete = expected->n_needed > 0
                       && expected->n_answered == expected->n_needed;
  if (expected->complete)
    expected->total = method == KV_SCORING_WEIGHTED
                      ? kv_form_get_scoring_a (form) * sum + kv_form_get_scoring_b (form)
                      : sum;

  return json_node_init_object (json_node_alloc (), answers);
}

static void
form_parser_check_answers (const KvForm    *form,
                           const KvGoalSet *goal_set,
                           guint            seed)
{
  g_autoptr(JsonNode) answers = NULL;
  g_autoptr(GError) error = NULL;
  KvFormScore expected, score;
  KvScoringMethod method = kv_form_get_scoring (form);

  answers = form_parser_build_answers (form, seed, &expected);

  if (!kv_form_validate_answers (form, answers, goal_set, NULL, &error))
    g_error ("answers built to fit the form are refused: %s", error->message);
  kv_fuzz_check (kv_form_validate_answers (form, answers, NULL, NULL, NULL),
                 "answers valid against a goal set are refused without one");

  if (method == KV_SCORING_LEVEL_SUM || method == KV_SCORING_WEIGHTED)
    {
      if (!kv_form_score_answers (form, answers, &score, &error))
        g_error ("valid answers cannot be scored: %s", error->message);
      kv_fuzz_check (score.complete == expected.complete
                     && score.n_needed == expected.n_needed
                     && score.n_answered == expected.n_answered,
                     "the score counts other items than the rules say");
      kv_fuzz_check (!score.complete
                     || fabs (score.total - expected.total)
                        <= 1e-9 * MAX (1.0, fabs (expected.total)),
                     "the score's total is not the rules' total");
    }
  else
    {
      kv_fuzz_check (!kv_form_score_answers (form, answers, &score, NULL),
                     "a form without level scoring gave a score");
    }

  if (method == KV_SCORING_GAS)
    {
      const KvItem *item = kv_form_find_item_of_type (form, KV_ITEM_GAS_RATING);
      JsonNode *ratings = json_object_get_member (json_node_get_object (answers),
                                                  kv_item_get_id (item));
      KvGasScore gas;

      if (ratings != NULL)
        {
          if (!kv_gas_score_review (goal_set, ratings, &gas, &error))
            g_error ("valid ratings cannot be scored: %s", error->message);
          kv_fuzz_check (gas.n_goals == kv_goal_set_get_n_goals (goal_set)
                         && gas.n_rated <= gas.n_goals,
                         "a GAS review counts goals wrongly");
        }
    }
}

/* Answers that do not fit must be refused with one problem per item and
 * an error that is their messages joined (kv-answers.h). */
static void
form_parser_check_refusal (const KvForm *form,
                           JsonNode     *answers)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) joined = g_string_new (NULL);

  if (kv_form_validate_answers (form, answers, NULL, &problems, &error))
    {
      kv_fuzz_check (problems == NULL && error == NULL,
                     "valid answers came with problems");
      return;
    }

  kv_fuzz_check (error != NULL && problems != NULL && problems->len > 0,
                 "refused answers came without problems");
  for (guint i = 0; i < problems->len; i++)
    {
      const KvProblem *problem = g_ptr_array_index (problems, i);

      kv_fuzz_check (kv_problem_kind_to_string (problem->kind) != NULL,
                     "a problem kind has no name");
      if (i > 0)
        g_string_append (joined, "; ");
      g_string_append (joined, problem->message);
    }
  kv_fuzz_check (g_str_equal (joined->str, error->message),
                 "the error is not the problems' messages joined");
}

/* Counting every level once gives one response per level, and the scored
 * and polar ones exactly as the form marks them. */
static void
form_parser_check_summaries (const KvForm *form)
{
  for (guint i = 0; i < kv_form_get_n_items (form); i++)
    {
      const KvItem *item = kv_form_get_item (form, i);
      g_autoptr(KvItemSummary) summary = NULL;
      guint n_scored = 0, n_positive = 0, n_negative = 0;

      if (kv_item_get_item_type (item) != KV_ITEM_SCALE
          && kv_item_get_item_type (item) != KV_ITEM_CHOICE)
        continue;

      summary = kv_item_summary_new (item);
      for (guint j = 0; j < kv_item_get_n_levels (item); j++)
        {
          const KvLevel *level = kv_item_get_level (item, j);

          kv_fuzz_check (kv_item_summary_add (summary, kv_level_get_id (level), NULL),
                         "a level of the item is not counted");
          if (kv_level_get_scored (level))
            {
              n_scored++;
              n_positive += kv_level_get_polarity (level) == KV_POLARITY_POSITIVE;
              n_negative += kv_level_get_polarity (level) == KV_POLARITY_NEGATIVE;
            }
        }
      kv_fuzz_check (!kv_item_summary_add (summary, "Not a level", NULL),
                     "an unknown level is counted");
      kv_fuzz_check (kv_item_summary_get_n_responses (summary)
                     == kv_item_get_n_levels (item)
                     && kv_item_summary_get_n_scored (summary) == n_scored
                     && kv_item_summary_get_n_positive (summary) == n_positive
                     && kv_item_summary_get_n_negative (summary) == n_negative,
                     "an item summary counts differently from its levels");
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(KvForm) form = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) goals = NULL;
  g_autoptr(KvGoalSet) goal_set = NULL;
  g_autoptr(JsonNode) empty = NULL;
  guint seed;

  kv_fuzz_init ();

  /* The reader takes a length, so the input needs no terminating NUL; a
   * zero-length input still needs a valid pointer. */
  form = kv_form_new_from_data (size > 0 ? (const char *) data : "",
                                (gssize) size, "fuzz.xml", &error);
  if (form == NULL)
    {
      kv_fuzz_check (error != NULL && error->domain == KV_FORM_ERROR
                     && g_str_has_prefix (error->message, "fuzz.xml:"),
                     "a refused form has no error naming the file");
      return 0;
    }
  kv_fuzz_check (error == NULL, "a loaded form came with an error");

  kv_form_unref (kv_form_ref (form));
  kv_fuzz_check (form_parser_n_roots (data, size) == 1,
                 "a file with more than one top-level element loaded");
  form_parser_walk (form, data, size);
  form_parser_check_summaries (form);

  goals = json_from_string (form_parser_goal_set_json, NULL);
  goal_set = kv_goal_set_new_from_json (goals, NULL);
  kv_fuzz_check (goal_set != NULL, "the harness's own goal set is refused");

  /* The seed picks the answers; it comes from the input so that a crash
   * replays exactly. */
  seed = g_str_hash (kv_form_get_id (form)) ^ (guint) size;
  form_parser_check_answers (form, goal_set, seed);
  form_parser_check_answers (form, goal_set, ~seed);

  empty = json_from_string ("{}", NULL);
  form_parser_check_refusal (form, empty);
  form_parser_check_refusal (form, goals);

  return 0;
}
