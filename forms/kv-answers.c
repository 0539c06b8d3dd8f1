/* kv-answers.c — checking an answers object against its form.
 *
 * The rules are those of docs/form-format.md "Answers".
 * The aggregator runs this on every upload and the kiosk before Send, and
 * both may log the resulting messages, so a message names the item and
 * what is wrong but never repeats free text a family typed.
 */
#include "kv-answers.h"
#include "kv-echo.h"

void
kv_problem_free (KvProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->item_id);
  g_free (problem->message);
  g_free (problem);
}

const char *
kv_problem_kind_to_string (KvProblemKind kind)
{
  switch (kind)
    {
    case KV_PROBLEM_NOT_AN_OBJECT:
      return "not-an-object";
    case KV_PROBLEM_UNKNOWN_ITEM:
      return "unknown-item";
    case KV_PROBLEM_WRONG_TYPE:
      return "wrong-type";
    case KV_PROBLEM_OUT_OF_RANGE:
      return "out-of-range";
    case KV_PROBLEM_REQUIRED:
      return "required";
    case KV_PROBLEM_TOO_LONG:
      return "too-long";
    case KV_PROBLEM_CONDITION_FALSE:
      return "condition-false";
    default:
      break;
    }

  g_return_val_if_reached (NULL);
}

/* What a JSON node is, in words, without its value. */
static const char *
describe_node (JsonNode *node)
{
  if (node == NULL)
    return "nothing";

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return "an object";
    case JSON_NODE_ARRAY:
      return "an array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
      {
        GType type = json_node_get_value_type (node);

        if (type == G_TYPE_STRING)
          return "a string";
        if (type == G_TYPE_INT64)
          return "a whole number";
        if (type == G_TYPE_DOUBLE)
          return "a decimal number";
        if (type == G_TYPE_BOOLEAN)
          return "true or false";
        return "a value";
      }
    default:
      break;
    }

  return "something else";
}

static gboolean
node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* Only a JSON integer is a number answer: json-glib keeps 3 as gint64 and
 * 1.5 or 1e2 as gdouble, so a decimal, a string or a boolean is refused
 * rather than rounded or converted (docs/form-format.md "Answers": a number
 * answer is an integer). */
static gboolean
node_is_integer (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_INT64;
}

static KvProblem *
problem_new (KvProblemKind  kind,
             const char    *item_id,
             char          *message)
{
  KvProblem *problem = g_new0 (KvProblem, 1);

  problem->kind = kind;
  problem->item_id = g_strdup (item_id);
  problem->message = message;

  return problem;
}

/* Builds a problem whose message is "item 'ID': " followed by @format. */
G_GNUC_PRINTF (3, 4)
static KvProblem *
item_problem (KvProblemKind  kind,
              const KvItem  *item,
              const char    *format,
              ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  return problem_new (kind, kv_item_get_id (item),
                      g_strdup_printf ("item '%s': %s",
                                       kv_item_get_id (item), detail));
}

static char *
list_level_ids (const KvItem *item)
{
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < kv_item_get_n_levels (item); i++)
    {
      if (i > 0)
        g_string_append (ids, ", ");
      g_string_append (ids, kv_level_get_id (kv_item_get_level (item, i)));
    }

  return g_string_free (ids, FALSE);
}

static KvProblem *
unknown_level_problem (const KvItem *item,
                       const char   *level_id)
{
  g_autofree char *what = kv_echo_quote (level_id, "the answer");
  g_autofree char *ids = list_level_ids (item);

  return item_problem (KV_PROBLEM_OUT_OF_RANGE, item,
                       "%s is not one of its levels (%s)", what, ids);
}

/* Counts characters, not bytes: max-length is in characters
 * (docs/form-format.md), and the families write in many languages. */
static KvProblem *
check_text_length (const KvItem *item,
                   const char   *text,
                   const char   *what)
{
  guint max = kv_item_get_max_length (item);
  glong n_chars;

  if (!g_utf8_validate (text, -1, NULL))
    return item_problem (KV_PROBLEM_WRONG_TYPE, item,
                         "%s is not valid UTF-8", what);

  n_chars = g_utf8_strlen (text, -1);
  if (n_chars > (glong) max)
    return item_problem (KV_PROBLEM_TOO_LONG, item,
                         "%s is %ld characters, at most %u allowed",
                         what, n_chars, max);

  return NULL;
}

static KvProblem *
check_level (const KvItem *item,
             JsonNode     *node)
{
  const char *level_id;

  if (!node_is_string (node))
    return item_problem (KV_PROBLEM_WRONG_TYPE, item,
                         "expected a level id (a string), not %s",
                         describe_node (node));

  level_id = json_node_get_string (node);
  if (kv_item_lookup_level (item, level_id) == NULL)
    return unknown_level_problem (item, level_id);

  return NULL;
}

static KvProblem *
check_multiple (const KvItem *item,
                JsonNode     *node)
{
  g_autoptr(GHashTable) seen = NULL;
  JsonArray *array;
  guint n, min, max;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return item_problem (KV_PROBLEM_WRONG_TYPE, item,
                         "expected an array of level ids, not %s",
                         describe_node (node));

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  seen = g_hash_table_new (g_str_hash, g_str_equal);

  /* Shape first, then values, so that a message about a level id is
   * never about something that is not a level id at all. */
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *level_id;

      if (!node_is_string (element))
        return item_problem (KV_PROBLEM_WRONG_TYPE, item,
                             "choice %u is %s, expected a level id (a string)",
                             i + 1, describe_node (element));

      level_id = json_node_get_string (element);
      if (!g_hash_table_add (seen, (gpointer) level_id))
        {
          g_autofree char *what = kv_echo_quote (level_id, "a level");

          return item_problem (KV_PROBLEM_WRONG_TYPE, item,
                               "%s is chosen more than once", what);
        }
    }

  for (guint i = 0; i < n; i++)
    {
      const char *level_id = json_array_get_string_element (array, i);

      if (kv_item_lookup_level (item, level_id) == NULL)
        return unknown_level_problem (item, level_id);
    }

  min = kv_item_get_min_choices (item);
  max = kv_item_get_max_choices (item);
  if (n < min)
    return item_problem (KV_PROBLEM_OUT_OF_RANGE, item,
                         "%u chosen, at least %u needed", n, min);
  if (max > 0 && n > max)
    return item_problem (KV_PROBLEM_OUT_OF_RANGE, item,
                         "%u chosen, at most %u allowed", n, max);

  return NULL;
}

static KvProblem *
check_text (const KvItem *item,
            JsonNode     *node)
{
  if (!node_is_string (node))
    return item_problem (KV_PROBLEM_WRONG_TYPE, item,
                         "expected text (a string), not %s",
                         describe_node (node));

  return check_text_length (item, json_node_get_string (node), "the text");
}

static KvProblem *
check_number (const KvItem *item,
              JsonNode     *node)
{
  gint64 value, min, max;

  if (!node_is_integer (node))
    return item_problem (KV_PROBLEM_WRONG_TYPE, item,
                         "expected a whole number, not %s",
                         describe_node (node));

  value = json_node_get_int (node);
  min = kv_item_get_min (item);
  max = kv_item_get_max (item);
  if (value < min || value > max)
    return item_problem (KV_PROBLEM_OUT_OF_RANGE, item,
                         "%" G_GINT64_FORMAT " is outside %" G_GINT64_FORMAT
                         "…%" G_GINT64_FORMAT, value, min, max);

  return NULL;
}

/* The goal rules themselves (ids, baseline, importance with difficulty…)
 * belong to kv-gas.c, so that a goal set read from an upload and one
 * read back from storage are checked alike; the form adds only its own
 * limits on how many goals and how many characters. */
static KvProblem *
check_goals (const KvItem *item,
             JsonNode     *node)
{
  g_autoptr(KvGoalSet) set = NULL;
  g_autoptr(GError) local_error = NULL;
  guint n, max_goals;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return item_problem (KV_PROBLEM_WRONG_TYPE, item,
                         "expected an array of goals, not %s",
                         describe_node (node));

  n = json_array_get_length (json_node_get_array (node));
  max_goals = kv_item_get_max_goals (item);
  if (n > max_goals)
    return item_problem (KV_PROBLEM_OUT_OF_RANGE, item,
                         "%u goals, at most %u allowed", n, max_goals);

  set = kv_goal_set_new_from_json (node, &local_error);
  if (set == NULL)
    return item_problem (KV_PROBLEM_OUT_OF_RANGE, item, "%s",
                         local_error->message);

  /* Places are named as kv-gas.c names them ("goals[0].text"), so that
   * both kinds of message about one goal list read alike. */
  for (guint i = 0; i < kv_goal_set_get_n_goals (set); i++)
    {
      const KvGoal *goal = kv_goal_set_get_goal (set, i);
      g_autofree char *place = g_strdup_printf ("goals[%u].text", i);
      KvProblem *problem;

      problem = check_text_length (item, kv_goal_get_text (goal), place);
      if (problem != NULL)
        return problem;

      for (int level = -2; level <= 2; level++)
        {
          const char *text = kv_goal_get_level_text (goal, level);

          if (text == NULL)
            continue;

          g_free (place);
          place = g_strdup_printf ("goals[%u].levels['%d']", i, level);
          problem = check_text_length (item, text, place);
          if (problem != NULL)
            return problem;
        }
    }

  return NULL;
}

static KvProblem *
check_ratings (const KvItem    *item,
               JsonNode        *node,
               const KvGoalSet *goal_set)
{
  g_autoptr(GList) goal_ids = NULL;
  JsonObject *ratings;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return item_problem (KV_PROBLEM_WRONG_TYPE, item,
                         "expected an object of goal ratings, not %s",
                         describe_node (node));

  ratings = json_node_get_object (node);
  goal_ids = json_object_get_members (ratings);
  for (const GList *l = goal_ids; l != NULL; l = l->next)
    {
      const char *goal_id = l->data;
      g_autofree char *what = kv_echo_quote (goal_id, "a key");
      g_autoptr(GError) local_error = NULL;
      double scored;

      if (goal_set != NULL
          && kv_goal_set_lookup_goal (goal_set, goal_id) == NULL)
        return item_problem (KV_PROBLEM_OUT_OF_RANGE, item,
                             "%s is not a goal of the goal set", what);

      g_free (what);
      what = kv_echo_quote (goal_id, "a goal");
      if (!kv_gas_parse_rating (json_object_get_member (ratings, goal_id),
                                &scored, &local_error))
        return item_problem (KV_PROBLEM_OUT_OF_RANGE, item,
                             "the rating of %s: %s",
                             what, local_error->message);
    }

  return NULL;
}

/* Whether @node has the right shape for @item but carries nothing: an
 * empty string, list of choices, goal list or rating object.  A required
 * item needs more than that; for a GAS rating item this is the rule "at
 * least one goal rated".  A node of the wrong shape is not empty but
 * wrong, and check_answer() says so. */
static gboolean
node_is_empty_answer (const KvItem *item,
                      JsonNode     *node)
{
  switch (kv_item_get_item_type (item))
    {
    case KV_ITEM_SCALE:
    case KV_ITEM_CHOICE:
    case KV_ITEM_TEXT:
      return node_is_string (node) && *json_node_get_string (node) == '\0';
    case KV_ITEM_MULTIPLE:
    case KV_ITEM_GAS_GOALS:
      return JSON_NODE_HOLDS_ARRAY (node)
             && json_array_get_length (json_node_get_array (node)) == 0;
    case KV_ITEM_GAS_RATING:
      return JSON_NODE_HOLDS_OBJECT (node)
             && json_object_get_size (json_node_get_object (node)) == 0;
    case KV_ITEM_INFO:
    case KV_ITEM_NUMBER:
    default:
      break;
    }

  return FALSE;
}

static KvProblem *
required_problem (const KvItem *item)
{
  if (kv_item_get_item_type (item) == KV_ITEM_GAS_RATING)
    return item_problem (KV_PROBLEM_REQUIRED, item,
                         "required, but no goal is rated");

  return item_problem (KV_PROBLEM_REQUIRED, item, "required, but not answered");
}

static KvProblem *
condition_problem (const KvForm *form,
                   const KvItem *item)
{
  const char *condition_item = kv_item_get_condition_item (item);
  const KvItem *other = kv_form_lookup_item (form, condition_item);
  gboolean includes = other != NULL
                      && kv_item_get_item_type (other) == KV_ITEM_MULTIPLE;

  return item_problem (KV_PROBLEM_CONDITION_FALSE, item,
                       "answered, but not shown (it is asked only when '%s' %s '%s')",
                       condition_item, includes ? "includes" : "is",
                       kv_item_get_condition_value (item));
}

static KvProblem *
check_answer (const KvItem    *item,
              JsonNode        *node,
              const KvGoalSet *goal_set)
{
  switch (kv_item_get_item_type (item))
    {
    case KV_ITEM_INFO:
      return item_problem (KV_PROBLEM_UNKNOWN_ITEM, item,
                           "an information item takes no answer");
    case KV_ITEM_SCALE:
    case KV_ITEM_CHOICE:
      return check_level (item, node);
    case KV_ITEM_MULTIPLE:
      return check_multiple (item, node);
    case KV_ITEM_TEXT:
      return check_text (item, node);
    case KV_ITEM_NUMBER:
      return check_number (item, node);
    case KV_ITEM_GAS_GOALS:
      return check_goals (item, node);
    case KV_ITEM_GAS_RATING:
      return check_ratings (item, node, goal_set);
    default:
      break;
    }

  g_assert_not_reached ();
}

gboolean
kv_item_is_shown (const KvItem *item,
                  JsonObject   *answers)
{
  const char *condition_item;
  const char *condition_value;
  JsonNode *node;

  g_return_val_if_fail (item != NULL, FALSE);

  condition_item = kv_item_get_condition_item (item);
  if (condition_item == NULL)
    return TRUE;

  condition_value = kv_item_get_condition_value (item);

  /* An unanswered condition is a false one: the item stays hidden until
   * the family gives the answer it depends on (docs/form-format.md). */
  if (answers == NULL)
    return FALSE;
  node = json_object_get_member (answers, condition_item);
  if (node == NULL)
    return FALSE;

  if (node_is_string (node))
    return g_strcmp0 (json_node_get_string (node), condition_value) == 0;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (node_is_string (element)
              && g_strcmp0 (json_node_get_string (element),
                            condition_value) == 0)
            return TRUE;
        }
    }

  return FALSE;
}

static char *
join_messages (GPtrArray *problems)
{
  GString *joined = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      const KvProblem *problem = g_ptr_array_index (problems, i);

      if (i > 0)
        g_string_append (joined, "; ");
      g_string_append (joined, problem->message);
    }

  return g_string_free (joined, FALSE);
}

static gboolean
finish (GPtrArray  *list,
        GPtrArray **problems,
        GError    **error)
{
  g_autofree char *joined = NULL;

  if (list->len == 0)
    return TRUE;

  joined = join_messages (list);
  g_set_error_literal (error, KV_FORM_ERROR, KV_FORM_ERROR_ANSWERS, joined);
  if (problems != NULL)
    *problems = g_ptr_array_ref (list);

  return FALSE;
}

gboolean
kv_form_validate_answers (const KvForm    *form,
                          JsonNode        *answers,
                          const KvGoalSet *goal_set,
                          GPtrArray      **problems,
                          GError         **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GHashTable) hidden = NULL;
  g_autoptr(GList) keys = NULL;
  JsonObject *object;
  guint n_items;

  g_return_val_if_fail (form != NULL, FALSE);
  g_return_val_if_fail (problems == NULL || *problems == NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_problem_free);

  if (answers == NULL || !JSON_NODE_HOLDS_OBJECT (answers))
    {
      g_ptr_array_add (list,
                       problem_new (KV_PROBLEM_NOT_AN_OBJECT, NULL,
                                    g_strdup_printf ("the answers must be a JSON object, not %s",
                                                     describe_node (answers))));
      return finish (list, problems, error);
    }

  object = json_node_get_object (answers);
  hidden = g_hash_table_new (g_str_hash, g_str_equal);
  n_items = kv_form_get_n_items (form);

  for (guint i = 0; i < n_items; i++)
    {
      const KvItem *item = kv_form_get_item (form, i);
      const char *id = kv_item_get_id (item);
      const char *condition_item = kv_item_get_condition_item (item);
      JsonNode *node = json_object_get_member (object, id);
      KvProblem *problem;
      gboolean shown;

      /* An item whose condition names a hidden item is hidden too, even
       * when a stale answer to that item is still there: the family never
       * saw it.  Conditions name earlier items only, so one pass in form
       * order settles them all. */
      shown = kv_item_is_shown (item, object)
              && (condition_item == NULL
                  || !g_hash_table_contains (hidden, condition_item));
      if (!shown)
        g_hash_table_add (hidden, (gpointer) id);

      if (kv_item_get_item_type (item) == KV_ITEM_INFO)
        {
          if (node != NULL)
            g_ptr_array_add (list, check_answer (item, node, goal_set));
          continue;
        }

      if (node == NULL)
        {
          /* A hidden item is never required (docs/form-format.md). */
          if (shown && kv_item_get_required (item))
            g_ptr_array_add (list, required_problem (item));
          continue;
        }

      if (!shown)
        problem = condition_problem (form, item);
      else if (kv_item_get_required (item) && node_is_empty_answer (item, node))
        problem = required_problem (item);
      else
        problem = check_answer (item, node, goal_set);

      if (problem != NULL)
        g_ptr_array_add (list, problem);
    }

  /* Keys the form has no item for come last, in the order they were sent. */
  keys = json_object_get_members (object);
  for (const GList *l = keys; l != NULL; l = l->next)
    {
      const char *key = l->data;
      g_autofree char *message = NULL;

      if (kv_form_lookup_item (form, key) != NULL)
        continue;

      if (kv_echo_is_safe (key))
        message = g_strdup_printf ("'%s' is not an item of form '%s'",
                                   key, kv_form_get_id (form));
      else
        message = g_strdup_printf ("an answer is keyed by something that is "
                                   "not an item of form '%s'",
                                   kv_form_get_id (form));
      g_ptr_array_add (list,
                       problem_new (KV_PROBLEM_UNKNOWN_ITEM, key,
                                    g_steal_pointer (&message)));
    }

  return finish (list, problems, error);
}
