/* kv-form-parser.c — reading form files into the immutable model.
 *
 * The format is docs/form-format.md.  Every rule is checked here, at load
 * time, so that the kiosk and the aggregator can trust a KvForm without
 * checking it again, and so that a service that writes its own form learns
 * exactly what is wrong and where: "FILE:LINE:COL: what".  The model this
 * fills in is kv-form.c's; kv-form-syntax.c knows the format's vocabulary
 * (element names and nesting, ids, numbers, text) and this file its rules.
 */
#include "config.h"

#include <string.h>

#include "kv-form-private.h"
#include "kv-form-syntax.h"

/* Form files are small; anything bigger than this is not a form. */
#define KV_FORM_MAX_FILE_SIZE (1024 * 1024)
#define KV_TEXT_DEFAULT_MAX_LENGTH 2000
#define KV_GOAL_DEFAULT_MAX_LENGTH 300

typedef struct
{
  const char *filename;
  const char *data;         /* the whole file, to find where a tag starts */
  gsize       length;
  KvForm     *form;
  GArray     *stack;        /* of KvFormElement */
  KvItem     *item;         /* the <item> being read */
  KvLevel    *level;        /* the <level> being read */
  GString    *text;         /* text of the current text element */
  gboolean    text_easy;    /* the current text element is the easy-read variant */
  int         text_line;    /* where the current text element starts */
  int         text_col;
  gboolean    seen_form;
  int         form_line;
  int         form_col;
  gboolean    seen_scoring;
  int         scoring_line;
  int         scoring_col;
  /* Where the first weight="" was seen, to report it against a form that
   * does not declare weighted scoring. */
  int         weight_line;
  int         weight_col;
} ParseState;

/* Where the tag that GMarkup is handling starts, for error messages. */
static void
get_tag_position (GMarkupParseContext *ctx,
                  ParseState          *st,
                  int                 *line_out,
                  int                 *col_out)
{
  int line, col;

  g_markup_parse_context_get_position (ctx, &line, &col);
  kv_form_syntax_find_tag_start (st->data, st->length, line, col, line_out, col_out);
}

static gboolean G_GNUC_PRINTF (5, 6)
fail_at (GError     **error,
         const char  *filename,
         int          line,
         int          col,
         const char  *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_INVALID,
               "%s:%d:%d: %s", filename, line, col, message);
  return FALSE;
}

/* Fails at the parser's current position. */
#define FAIL(ctx, st, error, ...) \
  G_STMT_START { \
    int fail_line_, fail_col_; \
    get_tag_position ((ctx), (st), &fail_line_, &fail_col_); \
    fail_at ((error), (st)->filename, fail_line_, fail_col_, __VA_ARGS__); \
    return; \
  } G_STMT_END

static KvFormElement
current_element (ParseState *st)
{
  if (st->stack->len == 0)
    return KV_FORM_ELEMENT_NONE;
  return g_array_index (st->stack, KvFormElement, st->stack->len - 1);
}



/* Attribute handling: every element lists the attributes it accepts, so a
 * misspelt attribute is an error rather than silently ignored. */
static gboolean
check_attributes (GMarkupParseContext  *ctx,
                  ParseState           *st,
                  const char           *element,
                  const char          **names,
                  const char * const   *allowed,
                  GError              **error)
{
  gboolean repeated;
  int bad = kv_form_syntax_find_bad_attribute (names, allowed, &repeated);
  int line, col;

  if (bad < 0)
    return TRUE;
  get_tag_position (ctx, st, &line, &col);
  if (repeated)
    return fail_at (error, st->filename, line, col,
                    "attribute '%s' of <%s> is given twice", names[bad], element);
  return fail_at (error, st->filename, line, col,
                  "unknown attribute '%s' on <%s>", names[bad], element);
}

static void
start_form (GMarkupParseContext  *ctx,
            ParseState           *st,
            const char          **names,
            const char          **values,
            GError              **error)
{
  static const char * const allowed[] = { "id", "version", "audience", "kind", NULL };
  const char *id = kv_form_syntax_find_attribute (names, values, "id");
  const char *version = kv_form_syntax_find_attribute (names, values, "version");
  const char *audience = kv_form_syntax_find_attribute (names, values, "audience");
  const char *kind = kv_form_syntax_find_attribute (names, values, "kind");
  gint64 v;
  int n;

  if (!check_attributes (ctx, st, "form", names, allowed, error))
    return;
  if (id == NULL)
    FAIL (ctx, st, error, "<form> has no 'id'");
  if (!kv_form_syntax_is_valid_id (id))
    FAIL (ctx, st, error,
          "form id '%s' is not valid (lower-case letters, digits and '-', "
          "starting with a letter, at most %d)", id, KV_ID_MAX_LENGTH);
  if (version == NULL)
    FAIL (ctx, st, error, "<form> has no 'version'");
  if (!kv_form_syntax_parse_int64 (version, 1, G_MAXINT32, &v))
    FAIL (ctx, st, error, "form version '%s' is not a positive integer", version);
  if (audience == NULL)
    FAIL (ctx, st, error, "<form> has no 'audience'");
  n = kv_audience_from_string (audience);
  if (n < 0)
    FAIL (ctx, st, error,
          "unknown audience '%s' (young-person, parent-carer, keyworker or anyone)",
          audience);
  st->form->audience = n;
  if (kind == NULL)
    FAIL (ctx, st, error, "<form> has no 'kind'");
  n = kv_form_kind_from_string (kind);
  if (n < 0)
    FAIL (ctx, st, error,
          "unknown form kind '%s' (gas-goals, gas-review, quality-of-life, "
          "experience or other)", kind);
  st->form->kind = n;
  st->form->id = g_strdup (id);
  st->form->version = (guint) v;
  st->seen_form = TRUE;
  get_tag_position (ctx, st, &st->form_line, &st->form_col);
}

static void
start_scoring (GMarkupParseContext  *ctx,
               ParseState           *st,
               const char          **names,
               const char          **values,
               GError              **error)
{
  static const char * const allowed[] = { "method", "a", "b", NULL };
  const char *method = kv_form_syntax_find_attribute (names, values, "method");
  const char *a = kv_form_syntax_find_attribute (names, values, "a");
  const char *b = kv_form_syntax_find_attribute (names, values, "b");
  int n;

  if (!check_attributes (ctx, st, "scoring", names, allowed, error))
    return;
  if (st->seen_scoring)
    FAIL (ctx, st, error, "a form has at most one <scoring>");
  if (method == NULL)
    FAIL (ctx, st, error, "<scoring> has no 'method'");
  n = kv_scoring_method_from_string (method);
  if (n < 0)
    FAIL (ctx, st, error,
          "unknown scoring method '%s' (none, level-sum, weighted or gas)", method);
  st->form->scoring = n;
  if ((a || b) && n != KV_SCORING_WEIGHTED)
    FAIL (ctx, st, error,
          "'a' and 'b' belong to weighted scoring, not to method '%s'", method);
  if (a && !kv_form_syntax_parse_double (a, &st->form->scoring_a))
    FAIL (ctx, st, error, "scoring 'a' value '%s' is not a number", a);
  if (b && !kv_form_syntax_parse_double (b, &st->form->scoring_b))
    FAIL (ctx, st, error, "scoring 'b' value '%s' is not a number", b);
  if (n == KV_SCORING_GAS && st->form->kind != KV_FORM_KIND_GAS_REVIEW)
    FAIL (ctx, st, error, "gas scoring is only for forms of kind gas-review");
  if (st->form->items->len > 0)
    FAIL (ctx, st, error, "<scoring> must come before the first <item>");

  st->seen_scoring = TRUE;
  get_tag_position (ctx, st, &st->scoring_line, &st->scoring_col);
}

static void
start_item (GMarkupParseContext  *ctx,
            ParseState           *st,
            const char          **names,
            const char          **values,
            GError              **error)
{
  static const char * const allowed[] = {
    "id", "type", "required", "skip", "scored", "max-length", "min", "max",
    "min-choices", "max-choices", "max-goals", "answer-from", "pictogram", NULL
  };
  /* Which type-specific attributes each type takes. */
  static const struct { const char *attribute; guint types; } specific[] = {
    { "scored", 1 << KV_ITEM_SCALE },
    { "max-length", 1 << KV_ITEM_TEXT | 1 << KV_ITEM_GAS_GOALS },
    { "min", 1 << KV_ITEM_NUMBER },
    { "max", 1 << KV_ITEM_NUMBER },
    { "min-choices", 1 << KV_ITEM_MULTIPLE },
    { "max-choices", 1 << KV_ITEM_MULTIPLE },
    { "max-goals", 1 << KV_ITEM_GAS_GOALS },
    { "required", ~(1u << KV_ITEM_INFO) },
    { "skip", ~(1u << KV_ITEM_INFO) },
    { "answer-from", 1 << KV_ITEM_CHOICE },
    { "pictogram", 1 << KV_ITEM_INFO },
  };
  const char *id = kv_form_syntax_find_attribute (names, values, "id");
  const char *type = kv_form_syntax_find_attribute (names, values, "type");
  const char *value;
  KvItem *item, *first;
  gint64 n;
  int t;

  if (!check_attributes (ctx, st, "item", names, allowed, error))
    return;
  if (id == NULL)
    FAIL (ctx, st, error, "<item> has no 'id'");
  if (!kv_form_syntax_is_valid_id (id))
    FAIL (ctx, st, error,
          "item id '%s' is not valid (lower-case letters, digits and '-', "
          "starting with a letter, at most %d)", id, KV_ID_MAX_LENGTH);
  first = g_hash_table_lookup (st->form->items_by_id, id);
  if (first != NULL)
    FAIL (ctx, st, error, "item '%s' is defined twice (first at line %d)",
          id, first->line);
  if (type == NULL)
    FAIL (ctx, st, error, "item '%s' has no 'type'", id);
  t = kv_item_type_from_string (type);
  if (t < 0)
    FAIL (ctx, st, error,
          "item '%s' has unknown type '%s' (info, scale, choice, multiple, "
          "text, number, gas-goals or gas-rating)", id, type);

  for (guint i = 0; i < G_N_ELEMENTS (specific); i++)
    if (kv_form_syntax_find_attribute (names, values, specific[i].attribute) != NULL &&
        !(specific[i].types & (1u << t)))
      FAIL (ctx, st, error, "attribute '%s' does not apply to %s item '%s'",
            specific[i].attribute, type, id);

  item = g_new0 (KvItem, 1);
  item->id = g_strdup (id);
  item->type = t;
  item->required = t != KV_ITEM_INFO;
  item->scored = t == KV_ITEM_SCALE;
  item->levels = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_level_free);
  item->max_length = t == KV_ITEM_GAS_GOALS ? KV_GOAL_DEFAULT_MAX_LENGTH
                                            : KV_TEXT_DEFAULT_MAX_LENGTH;
  item->max_goals = KV_GAS_MAX_GOALS;
  get_tag_position (ctx, st, &item->line, &item->col);

  /* From here on the item belongs to the form, so a failure below frees it
   * with the form. */
  g_ptr_array_add (st->form->items, item);
  g_hash_table_insert (st->form->items_by_id, item->id, item);
  st->item = item;

  if ((value = kv_form_syntax_find_attribute (names, values, "required")) &&
      !kv_form_syntax_parse_yes_no (value, &item->required))
    FAIL (ctx, st, error, "item '%s': required must be 'yes' or 'no', not '%s'",
          id, value);
  if ((value = kv_form_syntax_find_attribute (names, values, "skip")))
    {
      /* Only how leaving the item out is worded: an item that may be left
       * out at all is one with required="no". */
      if (g_str_equal (value, "prefer-not-to-say"))
        item->skip = KV_SKIP_PREFER_NOT_TO_SAY;
      else if (!g_str_equal (value, "skip"))
        FAIL (ctx, st, error, "item '%s': skip must be 'skip' or 'prefer-not-to-say', not '%s'",
              id, value);
      if (item->required)
        FAIL (ctx, st, error, "item '%s': skip needs required=\"no\"", id);
    }
  if ((value = kv_form_syntax_find_attribute (names, values, "scored")) &&
      !kv_form_syntax_parse_yes_no (value, &item->scored))
    FAIL (ctx, st, error, "item '%s': scored must be 'yes' or 'no', not '%s'",
          id, value);
  if ((value = kv_form_syntax_find_attribute (names, values, "max-length")))
    {
      /* A goal's wording is checked by kv_goal_set_new_from_json () against
       * the same limit, so a goal list may lower it but not raise it. */
      gint64 limit = t == KV_ITEM_GAS_GOALS ? KV_GOAL_DEFAULT_MAX_LENGTH : 100000;

      if (!kv_form_syntax_parse_int64 (value, 1, limit, &n))
        FAIL (ctx, st, error,
              "item '%s': max-length '%s' is not a whole number from 1 to %" G_GINT64_FORMAT,
              id, value, limit);
      item->max_length = n;
    }
  if (t == KV_ITEM_NUMBER)
    {
      const char *min = kv_form_syntax_find_attribute (names, values, "min");
      const char *max = kv_form_syntax_find_attribute (names, values, "max");

      if (min == NULL || max == NULL)
        FAIL (ctx, st, error, "number item '%s' needs both 'min' and 'max'", id);
      if (!kv_form_syntax_parse_int64 (min, G_MININT64, G_MAXINT64, &item->min))
        FAIL (ctx, st, error, "item '%s': min '%s' is not a whole number", id, min);
      if (!kv_form_syntax_parse_int64 (max, G_MININT64, G_MAXINT64, &item->max))
        FAIL (ctx, st, error, "item '%s': max '%s' is not a whole number", id, max);
      if (item->min > item->max)
        FAIL (ctx, st, error, "item '%s': min %" G_GINT64_FORMAT
              " is greater than max %" G_GINT64_FORMAT, id, item->min, item->max);
    }
  if ((value = kv_form_syntax_find_attribute (names, values, "min-choices")))
    {
      if (!kv_form_syntax_parse_int64 (value, 0, 1000, &n))
        FAIL (ctx, st, error, "item '%s': min-choices '%s' is not a whole number",
              id, value);
      item->min_choices = n;
    }
  if ((value = kv_form_syntax_find_attribute (names, values, "max-choices")))
    {
      if (!kv_form_syntax_parse_int64 (value, 1, 1000, &n))
        FAIL (ctx, st, error,
              "item '%s': max-choices '%s' is not a whole number of at least 1",
              id, value);
      item->max_choices = n;
    }
  if ((value = kv_form_syntax_find_attribute (names, values, "answer-from")))
    {
      /* The only answer a tablet already has without asking: who is
       * answering, chosen before the first form. */
      if (!g_str_equal (value, "respondent"))
        FAIL (ctx, st, error, "item '%s': answer-from must be 'respondent', not '%s'",
              id, value);
      item->from_respondent = TRUE;
    }
  if ((value = kv_form_syntax_find_attribute (names, values, "pictogram")))
    {
      if (!kv_form_syntax_is_valid_id (value))
        FAIL (ctx, st, error, "item '%s': pictogram '%s' is not a valid name", id, value);
      item->pictogram = g_strdup (value);
    }
  if ((value = kv_form_syntax_find_attribute (names, values, "max-goals")))
    {
      if (!kv_form_syntax_parse_int64 (value, 1, KV_GAS_MAX_GOALS, &n))
        FAIL (ctx, st, error, "item '%s': max-goals '%s' is not a number from 1 to %d",
              id, value, KV_GAS_MAX_GOALS);
      item->max_goals = n;
    }
}

static void
start_level (GMarkupParseContext  *ctx,
             ParseState           *st,
             const char          **names,
             const char          **values,
             GError              **error)
{
  static const char * const allowed[] = {
    "id", "value", "weight", "scored", "polarity", "pictogram", NULL
  };
  KvItem *item = st->item;
  const char *id = kv_form_syntax_find_attribute (names, values, "id");
  const char *value;
  KvLevel *level;
  gint64 n;
  int p;

  if (!check_attributes (ctx, st, "level", names, allowed, error))
    return;
  if (item->type != KV_ITEM_SCALE && item->type != KV_ITEM_CHOICE &&
      item->type != KV_ITEM_MULTIPLE)
    FAIL (ctx, st, error, "%s item '%s' cannot have levels",
          kv_item_type_to_string (item->type), item->id);
  if (id == NULL)
    FAIL (ctx, st, error, "a level of item '%s' has no 'id'", item->id);
  if (!kv_form_syntax_is_valid_id (id))
    FAIL (ctx, st, error, "level id '%s' of item '%s' is not valid", id, item->id);
  for (guint i = 0; i < item->levels->len; i++)
    {
      KvLevel *other = g_ptr_array_index (item->levels, i);

      if (strcmp (other->id, id) == 0)
        FAIL (ctx, st, error, "item '%s' has two levels with id '%s' (first at line %d)",
              item->id, id, other->line);
    }

  level = g_new0 (KvLevel, 1);
  level->id = g_strdup (id);
  level->scored = TRUE;
  get_tag_position (ctx, st, &level->line, &level->col);
  g_ptr_array_add (item->levels, level);
  st->level = level;

  if ((value = kv_form_syntax_find_attribute (names, values, "value")))
    {
      if (!kv_form_syntax_parse_int64 (value, -1000, 1000, &n))
        FAIL (ctx, st, error, "level '%s' of item '%s': value '%s' is not a whole number",
              id, item->id, value);
      level->has_value = TRUE;
      level->value = n;
    }
  if ((value = kv_form_syntax_find_attribute (names, values, "weight")))
    {
      if (!kv_form_syntax_parse_double (value, &level->weight))
        FAIL (ctx, st, error, "level '%s' of item '%s': weight '%s' is not a number",
              id, item->id, value);
      level->has_weight = TRUE;
      if (st->weight_line == 0)
        get_tag_position (ctx, st, &st->weight_line, &st->weight_col);
    }
  if ((value = kv_form_syntax_find_attribute (names, values, "scored")) &&
      !kv_form_syntax_parse_yes_no (value, &level->scored))
    FAIL (ctx, st, error, "level '%s' of item '%s': scored must be 'yes' or 'no'",
          id, item->id);
  if ((value = kv_form_syntax_find_attribute (names, values, "polarity")))
    {
      p = kv_polarity_from_string (value);
      if (p <= KV_POLARITY_NONE)
        FAIL (ctx, st, error,
              "level '%s' of item '%s': polarity must be 'positive' or 'negative'",
              id, item->id);
      level->polarity = p;
    }
  if ((value = kv_form_syntax_find_attribute (names, values, "pictogram")))
    {
      if (!kv_form_syntax_is_valid_id (value))
        FAIL (ctx, st, error, "level '%s' of item '%s': pictogram '%s' is not a valid name",
              id, item->id, value);
      level->pictogram = g_strdup (value);
    }
}

static void
start_show_if (GMarkupParseContext  *ctx,
               ParseState           *st,
               const char          **names,
               const char          **values,
               GError              **error)
{
  static const char * const allowed[] = { "item", "equals", NULL };
  KvItem *item = st->item;
  const char *target_id = kv_form_syntax_find_attribute (names, values, "item");
  const char *equals = kv_form_syntax_find_attribute (names, values, "equals");
  KvItem *target;
  gboolean found = FALSE;

  if (!check_attributes (ctx, st, "show-if", names, allowed, error))
    return;
  if (item->condition_item != NULL)
    FAIL (ctx, st, error, "item '%s' has more than one <show-if>", item->id);
  if (target_id == NULL || equals == NULL)
    FAIL (ctx, st, error, "<show-if> of item '%s' needs both 'item' and 'equals'",
          item->id);
  target = g_hash_table_lookup (st->form->items_by_id, target_id);
  if (target == item)
    FAIL (ctx, st, error, "item '%s' has a condition on itself", item->id);
  if (target == NULL)
    FAIL (ctx, st, error,
          "the condition of item '%s' names item '%s', which does not exist "
          "or comes later in the form", item->id, target_id);
  if (target->type != KV_ITEM_SCALE && target->type != KV_ITEM_CHOICE &&
      target->type != KV_ITEM_MULTIPLE)
    FAIL (ctx, st, error,
          "the condition of item '%s' names %s item '%s'; conditions need a "
          "scale, choice or multiple item", item->id,
          kv_item_type_to_string (target->type), target_id);
  for (guint i = 0; i < target->levels->len; i++)
    if (strcmp (((KvLevel *) g_ptr_array_index (target->levels, i))->id, equals) == 0)
      found = TRUE;
  if (!found)
    FAIL (ctx, st, error,
          "the condition of item '%s' asks for level '%s', which item '%s' does not have",
          item->id, equals, target_id);

  item->condition_item = g_strdup (target_id);
  item->condition_value = g_strdup (equals);
  get_tag_position (ctx, st, &item->condition_line, &item->condition_col);
}

static void
start_text (GMarkupParseContext  *ctx,
            ParseState           *st,
            const char           *element_name,
            const char          **names,
            const char          **values,
            GError              **error)
{
  static const char * const allowed[] = { "easy-read", NULL };
  const char *easy = kv_form_syntax_find_attribute (names, values, "easy-read");

  if (!check_attributes (ctx, st, element_name, names, allowed, error))
    return;
  get_tag_position (ctx, st, &st->text_line, &st->text_col);
  st->text_easy = FALSE;
  if (easy && !kv_form_syntax_parse_yes_no (easy, &st->text_easy))
    FAIL (ctx, st, error, "easy-read on <%s> must be 'yes' or 'no', not '%s'",
          element_name, easy);
  g_string_truncate (st->text, 0);
}

static void
on_start_element (GMarkupParseContext  *ctx,
                  const char           *element_name,
                  const char          **names,
                  const char          **values,
                  gpointer              user_data,
                  GError              **error)
{
  ParseState *st = user_data;
  KvFormElement parent = current_element (st);
  KvFormElement element = kv_form_syntax_element_from_name (element_name);

  if (element == KV_FORM_ELEMENT_NONE)
    FAIL (ctx, st, error, "unknown element <%s>", element_name);
  /* GMarkup accepts a second top-level element; a form file has one. */
  if (parent == KV_FORM_ELEMENT_NONE && st->seen_form)
    FAIL (ctx, st, error, "a form file holds one <form>; <%s> follows it", element_name);
  if (!kv_form_syntax_element_allowed_in (element, parent))
    {
      if (parent == KV_FORM_ELEMENT_NONE)
        FAIL (ctx, st, error, "the root element must be <form>, not <%s>", element_name);
      FAIL (ctx, st, error, "<%s> is not allowed inside <%s>", element_name,
            (const char *) g_markup_parse_context_get_element_stack (ctx)->next->data);
    }

  g_array_append_val (st->stack, element);

  switch (element)
    {
    case KV_FORM_ELEMENT_FORM:
      start_form (ctx, st, names, values, error);
      break;
    case KV_FORM_ELEMENT_SCORING:
      start_scoring (ctx, st, names, values, error);
      break;
    case KV_FORM_ELEMENT_ITEM:
      start_item (ctx, st, names, values, error);
      break;
    case KV_FORM_ELEMENT_LEVEL:
      start_level (ctx, st, names, values, error);
      break;
    case KV_FORM_ELEMENT_SHOW_IF:
      start_show_if (ctx, st, names, values, error);
      break;
    case KV_FORM_ELEMENT_TITLE:
    case KV_FORM_ELEMENT_DESCRIPTION:
    case KV_FORM_ELEMENT_PROMPT:
    case KV_FORM_ELEMENT_HELP:
    case KV_FORM_ELEMENT_LABEL:
      start_text (ctx, st, element_name, names, values, error);
      break;
    case KV_FORM_ELEMENT_NONE:
    default:
      g_assert_not_reached ();
    }
}

/* Stores the text just read in its slot: @plain or @easy, by variant. */
static void
store_text (GMarkupParseContext  *ctx,
            ParseState           *st,
            const char           *what,
            char                **plain,
            char                **easy,
            GError              **error)
{
  char **slot = st->text_easy ? easy : plain;
  g_autofree char *text = kv_form_syntax_normalize_text (st->text->str);

  const char *element = g_markup_parse_context_get_element (ctx);

  if (*slot != NULL)
    {
      fail_at (error, st->filename, st->text_line, st->text_col,
               "%s has a second %s<%s>", what,
               st->text_easy ? "easy-read " : "", element);
      return;
    }
  if (*text == '\0')
    {
      fail_at (error, st->filename, st->text_line, st->text_col,
               "<%s> of %s is empty", element, what);
      return;
    }
  *slot = g_steal_pointer (&text);
}

static gboolean
end_level (KvItem      *item,
           KvLevel     *level,
           ParseState  *st,
           GError     **error)
{
  if (level->label == NULL)
    return fail_at (error, st->filename, level->line, level->col,
                    "level '%s' of item '%s' has no <label>", level->id, item->id);
  if (item->type == KV_ITEM_SCALE && level->scored && !level->has_value)
    return fail_at (error, st->filename, level->line, level->col,
                    "level '%s' of scale item '%s' has no 'value'",
                    level->id, item->id);
  return TRUE;
}

static gboolean
end_item (KvItem      *item,
          ParseState  *st,
          GError     **error)
{
  guint n_levels = item->levels->len;
  const char *type = kv_item_type_to_string (item->type);

  if (item->prompt == NULL)
    return fail_at (error, st->filename, item->line, item->col,
                    "item '%s' has no <prompt>", item->id);
  if ((item->type == KV_ITEM_SCALE || item->type == KV_ITEM_CHOICE ||
       item->type == KV_ITEM_MULTIPLE) && n_levels == 0)
    return fail_at (error, st->filename, item->line, item->col,
                    "%s item '%s' has no levels", type, item->id);
  if ((item->type == KV_ITEM_SCALE || item->type == KV_ITEM_CHOICE) && n_levels < 2)
    return fail_at (error, st->filename, item->line, item->col,
                    "%s item '%s' needs at least two levels", type, item->id);
  if (item->type == KV_ITEM_MULTIPLE)
    {
      guint max = item->max_choices ? item->max_choices : n_levels;

      if (item->max_choices > n_levels)
        return fail_at (error, st->filename, item->line, item->col,
                        "item '%s': max-choices %u is more than its %u levels",
                        item->id, item->max_choices, n_levels);
      if (item->min_choices > max)
        return fail_at (error, st->filename, item->line, item->col,
                        "item '%s': min-choices %u is more than %u",
                        item->id, item->min_choices, max);
    }
  if (item->from_respondent)
    {
      static const char * const respondents[] = {
        "young-person", "parent-carer", "both", "someone-helping", "keyworker", NULL
      };

      for (guint i = 0; i < n_levels; i++)
        {
          const char *level = ((KvLevel *) g_ptr_array_index (item->levels, i))->id;

          if (!g_strv_contains (respondents, level))
            return fail_at (error, st->filename, item->line, item->col,
                            "item '%s' is answered from the respondent, but '%s' is not one "
                            "(young-person, parent-carer, both, someone-helping or keyworker)",
                            item->id, level);
        }
    }
  if (item->type == KV_ITEM_SCALE && item->scored)
    {
      gboolean any_scored = FALSE;

      for (guint i = 0; i < n_levels; i++)
        any_scored |= ((KvLevel *) g_ptr_array_index (item->levels, i))->scored;
      if (!any_scored)
        return fail_at (error, st->filename, item->line, item->col,
                        "scored item '%s' has no scored level", item->id);
    }
  return TRUE;
}

/* Rules that need the whole form. */
static gboolean
end_form (ParseState  *st,
          GError     **error)
{
  KvForm *form = st->form;
  int line = st->form_line, col = st->form_col;

  if (form->title == NULL)
    return fail_at (error, st->filename, line, col, "form '%s' has no <title>", form->id);
  if (form->items->len == 0)
    return fail_at (error, st->filename, line, col, "form '%s' has no items", form->id);

  if (form->scoring != KV_SCORING_WEIGHTED && st->weight_line != 0)
    return fail_at (error, st->filename, st->weight_line, st->weight_col,
                    "a level has a weight, but the form does not declare "
                    "<scoring method=\"weighted\">");

  if ((form->scoring == KV_SCORING_LEVEL_SUM || form->scoring == KV_SCORING_WEIGHTED) &&
      kv_form_find_item_of_type (form, KV_ITEM_SCALE) == NULL)
    return fail_at (error, st->filename, st->scoring_line, st->scoring_col,
                    "%s scoring needs at least one scale item",
                    kv_scoring_method_to_string (form->scoring));

  if (form->scoring == KV_SCORING_WEIGHTED)
    for (guint i = 0; i < form->items->len; i++)
      {
        KvItem *item = g_ptr_array_index (form->items, i);

        if (item->type != KV_ITEM_SCALE || !item->scored)
          continue;
        for (guint j = 0; j < item->levels->len; j++)
          {
            KvLevel *level = g_ptr_array_index (item->levels, j);

            if (level->scored && !level->has_weight)
              return fail_at (error, st->filename, level->line, level->col,
                              "level '%s' of item '%s' has no weight, but the form "
                              "uses weighted scoring", level->id, item->id);
          }
      }

  if (form->scoring == KV_SCORING_GAS &&
      kv_form_find_item_of_type (form, KV_ITEM_GAS_RATING) == NULL)
    return fail_at (error, st->filename, st->scoring_line, st->scoring_col,
                    "gas scoring needs a gas-rating item");
  if (form->kind == KV_FORM_KIND_GAS_GOALS &&
      kv_form_find_item_of_type (form, KV_ITEM_GAS_GOALS) == NULL)
    return fail_at (error, st->filename, line, col,
                    "a form of kind gas-goals needs a gas-goals item");
  if (form->kind == KV_FORM_KIND_GAS_REVIEW &&
      kv_form_find_item_of_type (form, KV_ITEM_GAS_RATING) == NULL)
    return fail_at (error, st->filename, line, col,
                    "a form of kind gas-review needs a gas-rating item");
  return TRUE;
}

static void
on_end_element (GMarkupParseContext  *ctx,
                const char           *element_name,
                gpointer              user_data,
                GError              **error)
{
  ParseState *st = user_data;
  KvFormElement element = current_element (st);
  g_autofree char *what = NULL;

  g_array_set_size (st->stack, st->stack->len - 1);

  switch (element)
    {
    case KV_FORM_ELEMENT_TITLE:
      store_text (ctx, st, "the form", &st->form->title, &st->form->easy_title, error);
      break;
    case KV_FORM_ELEMENT_DESCRIPTION:
      store_text (ctx, st, "the form", &st->form->description,
                  &st->form->easy_description, error);
      break;
    case KV_FORM_ELEMENT_PROMPT:
      what = g_strdup_printf ("item '%s'", st->item->id);
      store_text (ctx, st, what, &st->item->prompt, &st->item->easy_prompt, error);
      break;
    case KV_FORM_ELEMENT_HELP:
      what = g_strdup_printf ("item '%s'", st->item->id);
      store_text (ctx, st, what, &st->item->help, &st->item->easy_help, error);
      break;
    case KV_FORM_ELEMENT_LABEL:
      what = g_strdup_printf ("level '%s' of item '%s'", st->level->id, st->item->id);
      store_text (ctx, st, what, &st->level->label, &st->level->easy_label, error);
      break;
    case KV_FORM_ELEMENT_LEVEL:
      end_level (st->item, st->level, st, error);
      st->level = NULL;
      break;
    case KV_FORM_ELEMENT_ITEM:
      end_item (st->item, st, error);
      st->item = NULL;
      break;
    case KV_FORM_ELEMENT_FORM:
      end_form (st, error);
      break;
    case KV_FORM_ELEMENT_SCORING:
    case KV_FORM_ELEMENT_SHOW_IF:
      break;
    case KV_FORM_ELEMENT_NONE:
    default:
      g_assert_not_reached ();
    }
}

static void
on_text (GMarkupParseContext  *ctx,
         const char           *text,
         gsize                 text_len,
         gpointer              user_data,
         GError              **error)
{
  ParseState *st = user_data;

  if (kv_form_syntax_is_text_element (current_element (st)))
    {
      g_string_append_len (st->text, text, text_len);
      return;
    }
  for (gsize i = 0; i < text_len; i++)
    if (!g_ascii_isspace (text[i]))
      {
        if (current_element (st) == KV_FORM_ELEMENT_NONE)
          FAIL (ctx, st, error, "text outside <form>");
        FAIL (ctx, st, error, "unexpected text inside <%s>",
              (const char *) g_markup_parse_context_get_element (ctx));
      }
}

static const GMarkupParser form_parser = {
  on_start_element,
  on_end_element,
  on_text,
  NULL,
  NULL,
};


KvForm *
kv_form_new_from_data (const char  *data,
                       gssize       length,
                       const char  *filename,
                       GError     **error)
{
  g_autoptr(GMarkupParseContext) ctx = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GArray) stack = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(KvForm) form = NULL;
  ParseState st = { 0 };

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (filename == NULL)
    filename = "<form>";
  if (length < 0)
    length = strlen (data);
  if (length > KV_FORM_MAX_FILE_SIZE)
    {
      g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_PARSE,
                   "%s:1:1: the file is %" G_GSSIZE_FORMAT " bytes; a form file "
                   "is at most %d", filename, length, KV_FORM_MAX_FILE_SIZE);
      return NULL;
    }
  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_PARSE,
                   "%s:1:1: the file is not valid UTF-8", filename);
      return NULL;
    }

  if (kv_form_syntax_is_blank (data, length))
    {
      g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_PARSE,
                   "%s:1:1: the file has no <form> element", filename);
      return NULL;
    }

  form = kv_form_alloc ();
  stack = g_array_new (FALSE, FALSE, sizeof (KvFormElement));
  text = g_string_new (NULL);
  st.filename = filename;
  st.data = data;
  st.length = length;
  st.form = form;
  st.stack = stack;
  st.text = text;

  ctx = g_markup_parse_context_new (&form_parser, 0,
                                    &st, NULL);
  if (!g_markup_parse_context_parse (ctx, data, length, &local_error) ||
      !g_markup_parse_context_end_parse (ctx, &local_error))
    {
      if (local_error->domain == KV_FORM_ERROR)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
        }
      else
        {
          int line, col;

          g_markup_parse_context_get_position (ctx, &line, &col);
          g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_PARSE, "%s:%d:%d: %s",
                       filename, line, col,
                       kv_form_syntax_strip_markup_prefix (local_error->message));
        }
      return NULL;
    }
  if (!st.seen_form)
    {
      g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_PARSE,
                   "%s:1:1: the file has no <form> element", filename);
      return NULL;
    }

  form->source = g_bytes_new (data, length);
  return g_steal_pointer (&form);
}

KvForm *
kv_form_new_from_file (const char  *path,
                       GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_PARSE,
                   "%s: cannot read the file: %s", path, local_error->message);
      return NULL;
    }
  return kv_form_new_from_data (contents, length, path, error);
}
