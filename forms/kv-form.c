/* kv-form.c — reading form files into an immutable model.
 *
 * The format is docs/form-format.md.  Every rule is checked here, at load
 * time, so that the kiosk and the aggregator can trust a KvForm without
 * checking it again, and so that a service that writes its own form learns
 * exactly what is wrong and where: "FILE:LINE:COL: what".
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "kv-form.h"

/* Form files are small; anything bigger than this is not a form. */
#define KV_FORM_MAX_FILE_SIZE (1024 * 1024)
#define KV_ID_MAX_LENGTH 64
#define KV_TEXT_DEFAULT_MAX_LENGTH 2000
#define KV_GOAL_DEFAULT_MAX_LENGTH 300

struct _KvLevel
{
  char       *id;
  char       *label;
  char       *easy_label;
  char       *pictogram;
  gboolean    has_value;
  int         value;
  gboolean    has_weight;
  double      weight;
  gboolean    scored;
  KvPolarity  polarity;
  int         line;
  int         col;
};

struct _KvItem
{
  char       *id;
  KvItemType  type;
  gboolean    required;
  gboolean    scored;
  char       *prompt;
  char       *easy_prompt;
  char       *help;
  char       *easy_help;
  GPtrArray  *levels;
  gint64      min;
  gint64      max;
  guint       max_length;
  guint       min_choices;
  guint       max_choices;
  guint       max_goals;
  char       *condition_item;
  char       *condition_value;
  int         line;
  int         col;
  int         condition_line;
  int         condition_col;
};

struct _KvForm
{
  gatomicrefcount  ref_count;
  char            *id;
  guint            version;
  char            *title;
  char            *easy_title;
  char            *description;
  char            *easy_description;
  KvAudience       audience;
  KvFormKind       kind;
  KvScoringMethod  scoring;
  double           scoring_a;
  double           scoring_b;
  GBytes          *source;
  GPtrArray       *items;
  GHashTable      *items_by_id;
};

G_DEFINE_QUARK (kv-form-error-quark, kv_form_error)

static const char *audience_names[] = {
  [KV_AUDIENCE_ANYONE] = "anyone",
  [KV_AUDIENCE_YOUNG_PERSON] = "young-person",
  [KV_AUDIENCE_PARENT_CARER] = "parent-carer",
  [KV_AUDIENCE_KEYWORKER] = "keyworker",
};

static const char *kind_names[] = {
  [KV_FORM_KIND_OTHER] = "other",
  [KV_FORM_KIND_GAS_GOALS] = "gas-goals",
  [KV_FORM_KIND_GAS_REVIEW] = "gas-review",
  [KV_FORM_KIND_QUALITY_OF_LIFE] = "quality-of-life",
  [KV_FORM_KIND_EXPERIENCE] = "experience",
};

static const char *scoring_names[] = {
  [KV_SCORING_NONE] = "none",
  [KV_SCORING_LEVEL_SUM] = "level-sum",
  [KV_SCORING_WEIGHTED] = "weighted",
  [KV_SCORING_GAS] = "gas",
};

static const char *item_type_names[] = {
  [KV_ITEM_INFO] = "info",
  [KV_ITEM_SCALE] = "scale",
  [KV_ITEM_CHOICE] = "choice",
  [KV_ITEM_MULTIPLE] = "multiple",
  [KV_ITEM_TEXT] = "text",
  [KV_ITEM_NUMBER] = "number",
  [KV_ITEM_GAS_GOALS] = "gas-goals",
  [KV_ITEM_GAS_RATING] = "gas-rating",
};

static const char *polarity_names[] = {
  [KV_POLARITY_NONE] = "none",
  [KV_POLARITY_POSITIVE] = "positive",
  [KV_POLARITY_NEGATIVE] = "negative",
};

static int
lookup_name (const char * const *names,
             guint               n_names,
             const char         *value)
{
  for (guint i = 0; i < n_names; i++)
    if (g_strcmp0 (names[i], value) == 0)
      return (int) i;
  return -1;
}

static void
kv_level_free (KvLevel *level)
{
  g_free (level->id);
  g_free (level->label);
  g_free (level->easy_label);
  g_free (level->pictogram);
  g_free (level);
}

static void
kv_item_free (KvItem *item)
{
  g_free (item->id);
  g_free (item->prompt);
  g_free (item->easy_prompt);
  g_free (item->help);
  g_free (item->easy_help);
  g_clear_pointer (&item->levels, g_ptr_array_unref);
  g_free (item->condition_item);
  g_free (item->condition_value);
  g_free (item);
}

static KvForm *
kv_form_alloc (void)
{
  KvForm *form = g_new0 (KvForm, 1);

  g_atomic_ref_count_init (&form->ref_count);
  form->items = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_item_free);
  form->items_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  form->scoring_a = 1.0;
  return form;
}

KvForm *
kv_form_ref (KvForm *form)
{
  g_return_val_if_fail (form != NULL, NULL);

  g_atomic_ref_count_inc (&form->ref_count);
  return form;
}

void
kv_form_unref (KvForm *form)
{
  g_return_if_fail (form != NULL);

  if (!g_atomic_ref_count_dec (&form->ref_count))
    return;

  g_free (form->id);
  g_free (form->title);
  g_free (form->easy_title);
  g_free (form->description);
  g_free (form->easy_description);
  g_clear_pointer (&form->source, g_bytes_unref);
  g_hash_table_unref (form->items_by_id);
  g_ptr_array_unref (form->items);
  g_free (form);
}

/* Parsing ---------------------------------------------------------------- */

typedef enum
{
  ELEMENT_NONE,
  ELEMENT_FORM,
  ELEMENT_TITLE,
  ELEMENT_DESCRIPTION,
  ELEMENT_SCORING,
  ELEMENT_ITEM,
  ELEMENT_PROMPT,
  ELEMENT_HELP,
  ELEMENT_SHOW_IF,
  ELEMENT_LEVEL,
  ELEMENT_LABEL,
} Element;

typedef struct
{
  const char *filename;
  const char *data;         /* the whole file, to find where a tag starts */
  gsize       length;
  KvForm     *form;
  GArray     *stack;        /* of Element */
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

/* GMarkup reports a position somewhere after the start tag it is handling;
 * a person fixing a form wants the place where the tag starts. */
static void
get_tag_position (GMarkupParseContext *ctx,
                  ParseState          *st,
                  int                 *line_out,
                  int                 *col_out)
{
  const char *end = st->data + st->length;
  const char *p = st->data;
  const char *line_start;
  int line, col;

  g_markup_parse_context_get_position (ctx, &line, &col);

  for (int l = 1; l < line && p < end; p++)
    if (*p == '\n')
      l++;
  for (int c = 1; c < col && p < end && *p != '\n'; c++)
    p = g_utf8_next_char (p);
  if (p >= end)
    p = end - 1;
  /* The reported place is just past the tag's closing '>', sometimes inside
   * the next tag already; so find that '>' first, then its '<'. */
  while (p > st->data && *p != '>')
    p--;
  while (p > st->data && *p != '<')
    p--;

  line = 1;
  line_start = st->data;
  for (const char *q = st->data; q < p; q++)
    if (*q == '\n')
      {
        line++;
        line_start = q + 1;
      }
  *line_out = line;
  *col_out = (int) g_utf8_strlen (line_start, p - line_start) + 1;
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

static Element
element_from_name (const char *name)
{
  static const struct { const char *name; Element element; } names[] = {
    { "form", ELEMENT_FORM },
    { "title", ELEMENT_TITLE },
    { "description", ELEMENT_DESCRIPTION },
    { "scoring", ELEMENT_SCORING },
    { "item", ELEMENT_ITEM },
    { "prompt", ELEMENT_PROMPT },
    { "help", ELEMENT_HELP },
    { "show-if", ELEMENT_SHOW_IF },
    { "level", ELEMENT_LEVEL },
    { "label", ELEMENT_LABEL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (names[i].name, name) == 0)
      return names[i].element;
  return ELEMENT_NONE;
}

/* Which elements may appear directly inside which. */
static gboolean
element_allowed_in (Element child,
                    Element parent)
{
  switch (parent)
    {
    case ELEMENT_NONE:
      return child == ELEMENT_FORM;
    case ELEMENT_FORM:
      return child == ELEMENT_TITLE || child == ELEMENT_DESCRIPTION ||
             child == ELEMENT_SCORING || child == ELEMENT_ITEM;
    case ELEMENT_ITEM:
      return child == ELEMENT_PROMPT || child == ELEMENT_HELP ||
             child == ELEMENT_SHOW_IF || child == ELEMENT_LEVEL;
    case ELEMENT_LEVEL:
      return child == ELEMENT_LABEL;
    case ELEMENT_TITLE:
    case ELEMENT_DESCRIPTION:
    case ELEMENT_SCORING:
    case ELEMENT_PROMPT:
    case ELEMENT_HELP:
    case ELEMENT_SHOW_IF:
    case ELEMENT_LABEL:
    default:
      return FALSE;
    }
}

static gboolean
is_text_element (Element element)
{
  return element == ELEMENT_TITLE || element == ELEMENT_DESCRIPTION ||
         element == ELEMENT_PROMPT || element == ELEMENT_HELP ||
         element == ELEMENT_LABEL;
}

static Element
current_element (ParseState *st)
{
  if (st->stack->len == 0)
    return ELEMENT_NONE;
  return g_array_index (st->stack, Element, st->stack->len - 1);
}

/* Ids are what answers are keyed by and what URLs carry, so keep them to a
 * small safe alphabet. */
static gboolean
is_valid_id (const char *id)
{
  gsize len = strlen (id);

  if (len == 0 || len > KV_ID_MAX_LENGTH || !g_ascii_islower (id[0]))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_islower (id[i]) && !g_ascii_isdigit (id[i]) && id[i] != '-')
      return FALSE;
  return TRUE;
}

static gboolean
parse_yes_no (const char *value,
              gboolean   *out)
{
  if (g_strcmp0 (value, "yes") == 0)
    *out = TRUE;
  else if (g_strcmp0 (value, "no") == 0)
    *out = FALSE;
  else
    return FALSE;
  return TRUE;
}

static gboolean
parse_int64 (const char *value,
             gint64      min,
             gint64      max,
             gint64     *out)
{
  return g_ascii_string_to_signed (value, 10, min, max, out, NULL);
}

static gboolean
parse_double (const char *value,
              double     *out)
{
  char *end = NULL;
  double d;

  if (value == NULL || *value == '\0' || g_ascii_isspace (*value))
    return FALSE;
  errno = 0;
  d = g_ascii_strtod (value, &end);
  if (errno != 0 || end == NULL || *end != '\0' || !isfinite (d))
    return FALSE;
  *out = d;
  return TRUE;
}

/* Collapses runs of white space and trims, as xgettext does for ITS
 * elements without xml:space="preserve", so that the string we look up at
 * run time is the msgid that was extracted. */
static char *
normalize_text (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean pending_space = FALSE;

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isspace (*p))
        {
          pending_space = out->len > 0;
          continue;
        }
      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
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
  for (guint i = 0; names[i]; i++)
    {
      gboolean ok = FALSE;
      int line, col;

      for (guint j = 0; allowed[j]; j++)
        if (strcmp (names[i], allowed[j]) == 0)
          ok = TRUE;
      if (ok)
        {
          for (guint k = 0; k < i; k++)
            if (strcmp (names[k], names[i]) == 0)
              ok = FALSE;
          if (!ok)
            {
              get_tag_position (ctx, st, &line, &col);
              return fail_at (error, st->filename, line, col,
                              "attribute '%s' of <%s> is given twice",
                              names[i], element);
            }
          continue;
        }
      get_tag_position (ctx, st, &line, &col);
      return fail_at (error, st->filename, line, col,
                      "unknown attribute '%s' on <%s>", names[i], element);
    }
  return TRUE;
}

static const char *
find_attribute (const char **names,
                const char **values,
                const char  *name)
{
  for (guint i = 0; names[i]; i++)
    if (strcmp (names[i], name) == 0)
      return values[i];
  return NULL;
}

static void
start_form (GMarkupParseContext  *ctx,
            ParseState           *st,
            const char          **names,
            const char          **values,
            GError              **error)
{
  static const char * const allowed[] = { "id", "version", "audience", "kind", NULL };
  const char *id = find_attribute (names, values, "id");
  const char *version = find_attribute (names, values, "version");
  const char *audience = find_attribute (names, values, "audience");
  const char *kind = find_attribute (names, values, "kind");
  gint64 v;
  int n;

  if (!check_attributes (ctx, st, "form", names, allowed, error))
    return;
  if (id == NULL)
    FAIL (ctx, st, error, "<form> has no 'id'");
  if (!is_valid_id (id))
    FAIL (ctx, st, error,
          "form id '%s' is not valid (lower-case letters, digits and '-', "
          "starting with a letter, at most %d)", id, KV_ID_MAX_LENGTH);
  if (version == NULL)
    FAIL (ctx, st, error, "<form> has no 'version'");
  if (!parse_int64 (version, 1, G_MAXINT32, &v))
    FAIL (ctx, st, error, "form version '%s' is not a positive integer", version);
  if (audience == NULL)
    FAIL (ctx, st, error, "<form> has no 'audience'");
  n = lookup_name (audience_names, G_N_ELEMENTS (audience_names), audience);
  if (n < 0)
    FAIL (ctx, st, error,
          "unknown audience '%s' (young-person, parent-carer, keyworker or anyone)",
          audience);
  st->form->audience = n;
  if (kind == NULL)
    FAIL (ctx, st, error, "<form> has no 'kind'");
  n = lookup_name (kind_names, G_N_ELEMENTS (kind_names), kind);
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
  const char *method = find_attribute (names, values, "method");
  const char *a = find_attribute (names, values, "a");
  const char *b = find_attribute (names, values, "b");
  int n;

  if (!check_attributes (ctx, st, "scoring", names, allowed, error))
    return;
  if (st->seen_scoring)
    FAIL (ctx, st, error, "a form has at most one <scoring>");
  if (method == NULL)
    FAIL (ctx, st, error, "<scoring> has no 'method'");
  n = lookup_name (scoring_names, G_N_ELEMENTS (scoring_names), method);
  if (n < 0)
    FAIL (ctx, st, error,
          "unknown scoring method '%s' (none, level-sum, weighted or gas)", method);
  st->form->scoring = n;
  if ((a || b) && n != KV_SCORING_WEIGHTED)
    FAIL (ctx, st, error,
          "'a' and 'b' belong to weighted scoring, not to method '%s'", method);
  if (a && !parse_double (a, &st->form->scoring_a))
    FAIL (ctx, st, error, "scoring 'a' value '%s' is not a number", a);
  if (b && !parse_double (b, &st->form->scoring_b))
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
    "id", "type", "required", "scored", "max-length", "min", "max",
    "min-choices", "max-choices", "max-goals", NULL
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
  };
  const char *id = find_attribute (names, values, "id");
  const char *type = find_attribute (names, values, "type");
  const char *value;
  KvItem *item, *first;
  gint64 n;
  int t;

  if (!check_attributes (ctx, st, "item", names, allowed, error))
    return;
  if (id == NULL)
    FAIL (ctx, st, error, "<item> has no 'id'");
  if (!is_valid_id (id))
    FAIL (ctx, st, error,
          "item id '%s' is not valid (lower-case letters, digits and '-', "
          "starting with a letter, at most %d)", id, KV_ID_MAX_LENGTH);
  first = g_hash_table_lookup (st->form->items_by_id, id);
  if (first != NULL)
    FAIL (ctx, st, error, "item '%s' is defined twice (first at line %d)",
          id, first->line);
  if (type == NULL)
    FAIL (ctx, st, error, "item '%s' has no 'type'", id);
  t = lookup_name (item_type_names, G_N_ELEMENTS (item_type_names), type);
  if (t < 0)
    FAIL (ctx, st, error,
          "item '%s' has unknown type '%s' (info, scale, choice, multiple, "
          "text, number, gas-goals or gas-rating)", id, type);

  for (guint i = 0; i < G_N_ELEMENTS (specific); i++)
    if (find_attribute (names, values, specific[i].attribute) != NULL &&
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

  if ((value = find_attribute (names, values, "required")) &&
      !parse_yes_no (value, &item->required))
    FAIL (ctx, st, error, "item '%s': required must be 'yes' or 'no', not '%s'",
          id, value);
  if ((value = find_attribute (names, values, "scored")) &&
      !parse_yes_no (value, &item->scored))
    FAIL (ctx, st, error, "item '%s': scored must be 'yes' or 'no', not '%s'",
          id, value);
  if ((value = find_attribute (names, values, "max-length")))
    {
      /* A goal's wording is checked by kv_goal_set_new_from_json () against
       * the same limit, so a goal list may lower it but not raise it. */
      gint64 limit = t == KV_ITEM_GAS_GOALS ? KV_GOAL_DEFAULT_MAX_LENGTH : 100000;

      if (!parse_int64 (value, 1, limit, &n))
        FAIL (ctx, st, error,
              "item '%s': max-length '%s' is not a whole number from 1 to %" G_GINT64_FORMAT,
              id, value, limit);
      item->max_length = n;
    }
  if (t == KV_ITEM_NUMBER)
    {
      const char *min = find_attribute (names, values, "min");
      const char *max = find_attribute (names, values, "max");

      if (min == NULL || max == NULL)
        FAIL (ctx, st, error, "number item '%s' needs both 'min' and 'max'", id);
      if (!parse_int64 (min, G_MININT64, G_MAXINT64, &item->min))
        FAIL (ctx, st, error, "item '%s': min '%s' is not a whole number", id, min);
      if (!parse_int64 (max, G_MININT64, G_MAXINT64, &item->max))
        FAIL (ctx, st, error, "item '%s': max '%s' is not a whole number", id, max);
      if (item->min > item->max)
        FAIL (ctx, st, error, "item '%s': min %" G_GINT64_FORMAT
              " is greater than max %" G_GINT64_FORMAT, id, item->min, item->max);
    }
  if ((value = find_attribute (names, values, "min-choices")))
    {
      if (!parse_int64 (value, 0, 1000, &n))
        FAIL (ctx, st, error, "item '%s': min-choices '%s' is not a whole number",
              id, value);
      item->min_choices = n;
    }
  if ((value = find_attribute (names, values, "max-choices")))
    {
      if (!parse_int64 (value, 1, 1000, &n))
        FAIL (ctx, st, error,
              "item '%s': max-choices '%s' is not a whole number of at least 1",
              id, value);
      item->max_choices = n;
    }
  if ((value = find_attribute (names, values, "max-goals")))
    {
      if (!parse_int64 (value, 1, KV_GAS_MAX_GOALS, &n))
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
  const char *id = find_attribute (names, values, "id");
  const char *value;
  KvLevel *level;
  gint64 n;
  int p;

  if (!check_attributes (ctx, st, "level", names, allowed, error))
    return;
  if (item->type != KV_ITEM_SCALE && item->type != KV_ITEM_CHOICE &&
      item->type != KV_ITEM_MULTIPLE)
    FAIL (ctx, st, error, "%s item '%s' cannot have levels",
          item_type_names[item->type], item->id);
  if (id == NULL)
    FAIL (ctx, st, error, "a level of item '%s' has no 'id'", item->id);
  if (!is_valid_id (id))
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

  if ((value = find_attribute (names, values, "value")))
    {
      if (!parse_int64 (value, -1000, 1000, &n))
        FAIL (ctx, st, error, "level '%s' of item '%s': value '%s' is not a whole number",
              id, item->id, value);
      level->has_value = TRUE;
      level->value = n;
    }
  if ((value = find_attribute (names, values, "weight")))
    {
      if (!parse_double (value, &level->weight))
        FAIL (ctx, st, error, "level '%s' of item '%s': weight '%s' is not a number",
              id, item->id, value);
      level->has_weight = TRUE;
      if (st->weight_line == 0)
        get_tag_position (ctx, st, &st->weight_line, &st->weight_col);
    }
  if ((value = find_attribute (names, values, "scored")) &&
      !parse_yes_no (value, &level->scored))
    FAIL (ctx, st, error, "level '%s' of item '%s': scored must be 'yes' or 'no'",
          id, item->id);
  if ((value = find_attribute (names, values, "polarity")))
    {
      p = lookup_name (polarity_names, G_N_ELEMENTS (polarity_names), value);
      if (p <= KV_POLARITY_NONE)
        FAIL (ctx, st, error,
              "level '%s' of item '%s': polarity must be 'positive' or 'negative'",
              id, item->id);
      level->polarity = p;
    }
  if ((value = find_attribute (names, values, "pictogram")))
    {
      if (!is_valid_id (value))
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
  const char *target_id = find_attribute (names, values, "item");
  const char *equals = find_attribute (names, values, "equals");
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
          item_type_names[target->type], target_id);
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
  const char *easy = find_attribute (names, values, "easy-read");

  if (!check_attributes (ctx, st, element_name, names, allowed, error))
    return;
  get_tag_position (ctx, st, &st->text_line, &st->text_col);
  st->text_easy = FALSE;
  if (easy && !parse_yes_no (easy, &st->text_easy))
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
  Element parent = current_element (st);
  Element element = element_from_name (element_name);

  if (element == ELEMENT_NONE)
    FAIL (ctx, st, error, "unknown element <%s>", element_name);
  /* GMarkup accepts a second top-level element; a form file has one. */
  if (parent == ELEMENT_NONE && st->seen_form)
    FAIL (ctx, st, error, "a form file holds one <form>; <%s> follows it", element_name);
  if (!element_allowed_in (element, parent))
    {
      if (parent == ELEMENT_NONE)
        FAIL (ctx, st, error, "the root element must be <form>, not <%s>", element_name);
      FAIL (ctx, st, error, "<%s> is not allowed inside <%s>", element_name,
            (const char *) g_markup_parse_context_get_element_stack (ctx)->next->data);
    }

  g_array_append_val (st->stack, element);

  switch (element)
    {
    case ELEMENT_FORM:
      start_form (ctx, st, names, values, error);
      break;
    case ELEMENT_SCORING:
      start_scoring (ctx, st, names, values, error);
      break;
    case ELEMENT_ITEM:
      start_item (ctx, st, names, values, error);
      break;
    case ELEMENT_LEVEL:
      start_level (ctx, st, names, values, error);
      break;
    case ELEMENT_SHOW_IF:
      start_show_if (ctx, st, names, values, error);
      break;
    case ELEMENT_TITLE:
    case ELEMENT_DESCRIPTION:
    case ELEMENT_PROMPT:
    case ELEMENT_HELP:
    case ELEMENT_LABEL:
      start_text (ctx, st, element_name, names, values, error);
      break;
    case ELEMENT_NONE:
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
  g_autofree char *text = normalize_text (st->text->str);

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
  const char *type = item_type_names[item->type];

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
                    scoring_names[form->scoring]);

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
  Element element = current_element (st);
  g_autofree char *what = NULL;

  g_array_set_size (st->stack, st->stack->len - 1);

  switch (element)
    {
    case ELEMENT_TITLE:
      store_text (ctx, st, "the form", &st->form->title, &st->form->easy_title, error);
      break;
    case ELEMENT_DESCRIPTION:
      store_text (ctx, st, "the form", &st->form->description,
                  &st->form->easy_description, error);
      break;
    case ELEMENT_PROMPT:
      what = g_strdup_printf ("item '%s'", st->item->id);
      store_text (ctx, st, what, &st->item->prompt, &st->item->easy_prompt, error);
      break;
    case ELEMENT_HELP:
      what = g_strdup_printf ("item '%s'", st->item->id);
      store_text (ctx, st, what, &st->item->help, &st->item->easy_help, error);
      break;
    case ELEMENT_LABEL:
      what = g_strdup_printf ("level '%s' of item '%s'", st->level->id, st->item->id);
      store_text (ctx, st, what, &st->level->label, &st->level->easy_label, error);
      break;
    case ELEMENT_LEVEL:
      end_level (st->item, st->level, st, error);
      st->level = NULL;
      break;
    case ELEMENT_ITEM:
      end_item (st->item, st, error);
      st->item = NULL;
      break;
    case ELEMENT_FORM:
      end_form (st, error);
      break;
    case ELEMENT_SCORING:
    case ELEMENT_SHOW_IF:
      break;
    case ELEMENT_NONE:
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

  if (is_text_element (current_element (st)))
    {
      g_string_append_len (st->text, text, text_len);
      return;
    }
  for (gsize i = 0; i < text_len; i++)
    if (!g_ascii_isspace (text[i]))
      {
        if (current_element (st) == ELEMENT_NONE)
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

/* GMarkup's own messages start "Error on line N char M: "; our format puts
 * the place first, so take that prefix off. */
static const char *
strip_markup_prefix (const char *message)
{
  const char *colon;

  if (g_str_has_prefix (message, "Error on line ") &&
      (colon = strstr (message, ": ")) != NULL)
    return colon + 2;
  return message;
}

static gboolean
is_blank (const char *data,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isspace (data[i]))
      return FALSE;
  return TRUE;
}

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

  if (is_blank (data, length))
    {
      g_set_error (error, KV_FORM_ERROR, KV_FORM_ERROR_PARSE,
                   "%s:1:1: the file has no <form> element", filename);
      return NULL;
    }

  form = kv_form_alloc ();
  stack = g_array_new (FALSE, FALSE, sizeof (Element));
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
                       filename, line, col, strip_markup_prefix (local_error->message));
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

/* Accessors --------------------------------------------------------------- */

const char *
kv_form_get_id (const KvForm *form)
{
  g_return_val_if_fail (form != NULL, NULL);
  return form->id;
}

guint
kv_form_get_version (const KvForm *form)
{
  g_return_val_if_fail (form != NULL, 0);
  return form->version;
}

const char *
kv_form_get_title (const KvForm *form,
                   gboolean      easy_read)
{
  g_return_val_if_fail (form != NULL, NULL);
  return easy_read && form->easy_title ? form->easy_title : form->title;
}

const char *
kv_form_get_description (const KvForm *form,
                         gboolean      easy_read)
{
  g_return_val_if_fail (form != NULL, NULL);
  return easy_read && form->easy_description ? form->easy_description
                                             : form->description;
}

KvAudience
kv_form_get_audience (const KvForm *form)
{
  g_return_val_if_fail (form != NULL, KV_AUDIENCE_ANYONE);
  return form->audience;
}

KvFormKind
kv_form_get_kind (const KvForm *form)
{
  g_return_val_if_fail (form != NULL, KV_FORM_KIND_OTHER);
  return form->kind;
}

KvScoringMethod
kv_form_get_scoring (const KvForm *form)
{
  g_return_val_if_fail (form != NULL, KV_SCORING_NONE);
  return form->scoring;
}

double
kv_form_get_scoring_a (const KvForm *form)
{
  g_return_val_if_fail (form != NULL, 1.0);
  return form->scoring_a;
}

double
kv_form_get_scoring_b (const KvForm *form)
{
  g_return_val_if_fail (form != NULL, 0.0);
  return form->scoring_b;
}

GBytes *
kv_form_get_source (const KvForm *form)
{
  g_return_val_if_fail (form != NULL, NULL);
  return form->source;
}

guint
kv_form_get_n_items (const KvForm *form)
{
  g_return_val_if_fail (form != NULL, 0);
  return form->items->len;
}

const KvItem *
kv_form_get_item (const KvForm *form,
                  guint         index)
{
  g_return_val_if_fail (form != NULL, NULL);
  g_return_val_if_fail (index < form->items->len, NULL);
  return g_ptr_array_index (form->items, index);
}

const KvItem *
kv_form_lookup_item (const KvForm *form,
                     const char   *id)
{
  g_return_val_if_fail (form != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);
  return g_hash_table_lookup (form->items_by_id, id);
}

const KvItem *
kv_form_find_item_of_type (const KvForm *form,
                           KvItemType    type)
{
  g_return_val_if_fail (form != NULL, NULL);

  for (guint i = 0; i < form->items->len; i++)
    {
      const KvItem *item = g_ptr_array_index (form->items, i);

      if (item->type == type)
        return item;
    }
  return NULL;
}

const char *
kv_item_get_id (const KvItem *item)
{
  g_return_val_if_fail (item != NULL, NULL);
  return item->id;
}

KvItemType
kv_item_get_item_type (const KvItem *item)
{
  g_return_val_if_fail (item != NULL, KV_ITEM_INFO);
  return item->type;
}

gboolean
kv_item_get_required (const KvItem *item)
{
  g_return_val_if_fail (item != NULL, FALSE);
  return item->required;
}

gboolean
kv_item_get_scored (const KvItem *item)
{
  g_return_val_if_fail (item != NULL, FALSE);
  return item->scored;
}

const char *
kv_item_get_prompt (const KvItem *item,
                    gboolean      easy_read)
{
  g_return_val_if_fail (item != NULL, NULL);
  return easy_read && item->easy_prompt ? item->easy_prompt : item->prompt;
}

const char *
kv_item_get_help (const KvItem *item,
                  gboolean      easy_read)
{
  g_return_val_if_fail (item != NULL, NULL);
  return easy_read && item->easy_help ? item->easy_help : item->help;
}

guint
kv_item_get_n_levels (const KvItem *item)
{
  g_return_val_if_fail (item != NULL, 0);
  return item->levels->len;
}

const KvLevel *
kv_item_get_level (const KvItem *item,
                   guint         index)
{
  g_return_val_if_fail (item != NULL, NULL);
  g_return_val_if_fail (index < item->levels->len, NULL);
  return g_ptr_array_index (item->levels, index);
}

const KvLevel *
kv_item_lookup_level (const KvItem *item,
                      const char   *id)
{
  g_return_val_if_fail (item != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < item->levels->len; i++)
    {
      const KvLevel *level = g_ptr_array_index (item->levels, i);

      if (strcmp (level->id, id) == 0)
        return level;
    }
  return NULL;
}

gint64
kv_item_get_min (const KvItem *item)
{
  g_return_val_if_fail (item != NULL, 0);
  return item->min;
}

gint64
kv_item_get_max (const KvItem *item)
{
  g_return_val_if_fail (item != NULL, 0);
  return item->max;
}

guint
kv_item_get_max_length (const KvItem *item)
{
  g_return_val_if_fail (item != NULL, 0);
  return item->max_length;
}

guint
kv_item_get_min_choices (const KvItem *item)
{
  g_return_val_if_fail (item != NULL, 0);
  return item->min_choices;
}

guint
kv_item_get_max_choices (const KvItem *item)
{
  g_return_val_if_fail (item != NULL, 0);
  return item->max_choices;
}

guint
kv_item_get_max_goals (const KvItem *item)
{
  g_return_val_if_fail (item != NULL, 0);
  return item->max_goals;
}

const char *
kv_item_get_condition_item (const KvItem *item)
{
  g_return_val_if_fail (item != NULL, NULL);
  return item->condition_item;
}

const char *
kv_item_get_condition_value (const KvItem *item)
{
  g_return_val_if_fail (item != NULL, NULL);
  return item->condition_value;
}

const char *
kv_level_get_id (const KvLevel *level)
{
  g_return_val_if_fail (level != NULL, NULL);
  return level->id;
}

const char *
kv_level_get_label (const KvLevel *level,
                    gboolean       easy_read)
{
  g_return_val_if_fail (level != NULL, NULL);
  return easy_read && level->easy_label ? level->easy_label : level->label;
}

const char *
kv_level_get_pictogram (const KvLevel *level)
{
  g_return_val_if_fail (level != NULL, NULL);
  return level->pictogram;
}

gboolean
kv_level_has_value (const KvLevel *level)
{
  g_return_val_if_fail (level != NULL, FALSE);
  return level->has_value;
}

int
kv_level_get_value (const KvLevel *level)
{
  g_return_val_if_fail (level != NULL, 0);
  return level->value;
}

gboolean
kv_level_has_weight (const KvLevel *level)
{
  g_return_val_if_fail (level != NULL, FALSE);
  return level->has_weight;
}

double
kv_level_get_weight (const KvLevel *level)
{
  g_return_val_if_fail (level != NULL, 0.0);
  return level->weight;
}

gboolean
kv_level_get_scored (const KvLevel *level)
{
  g_return_val_if_fail (level != NULL, FALSE);
  return level->scored;
}

KvPolarity
kv_level_get_polarity (const KvLevel *level)
{
  g_return_val_if_fail (level != NULL, KV_POLARITY_NONE);
  return level->polarity;
}

const char *
kv_audience_to_string (KvAudience audience)
{
  g_return_val_if_fail (audience < G_N_ELEMENTS (audience_names), NULL);
  return audience_names[audience];
}

const char *
kv_form_kind_to_string (KvFormKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

const char *
kv_item_type_to_string (KvItemType type)
{
  g_return_val_if_fail (type < G_N_ELEMENTS (item_type_names), NULL);
  return item_type_names[type];
}
