/* kv-form.c — the form model: KvForm, its items and their levels.
 *
 * A form is built once, by kv-form-parser.c, which checks every rule of
 * docs/form-format.md while it reads; from then on it never changes, so
 * the accessors here hand out what the parser stored without checking it
 * again, and a form may be shared between threads by reference.
 */
#include "config.h"

#include <string.h>

#include "kv-form-private.h"

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

int
kv_audience_from_string (const char *name)
{
  return lookup_name (audience_names, G_N_ELEMENTS (audience_names), name);
}

int
kv_form_kind_from_string (const char *name)
{
  return lookup_name (kind_names, G_N_ELEMENTS (kind_names), name);
}

int
kv_scoring_method_from_string (const char *name)
{
  return lookup_name (scoring_names, G_N_ELEMENTS (scoring_names), name);
}

int
kv_item_type_from_string (const char *name)
{
  return lookup_name (item_type_names, G_N_ELEMENTS (item_type_names), name);
}

int
kv_polarity_from_string (const char *name)
{
  return lookup_name (polarity_names, G_N_ELEMENTS (polarity_names), name);
}

void
kv_level_free (KvLevel *level)
{
  g_free (level->id);
  g_free (level->label);
  g_free (level->easy_label);
  g_free (level->pictogram);
  g_free (level);
}

void
kv_item_free (KvItem *item)
{
  g_free (item->id);
  g_free (item->prompt);
  g_free (item->easy_prompt);
  g_free (item->help);
  g_free (item->easy_help);
  g_clear_pointer (&item->levels, g_ptr_array_unref);
  g_free (item->pictogram);
  g_free (item->condition_item);
  g_free (item->condition_value);
  g_free (item);
}

KvForm *
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

KvSkip
kv_item_get_skip (const KvItem *item)
{
  g_return_val_if_fail (item != NULL, KV_SKIP_SKIP);
  return item->skip;
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

gboolean
kv_item_get_answer_from_respondent (const KvItem *item)
{
  g_return_val_if_fail (item != NULL, FALSE);
  return item->from_respondent;
}

const char *
kv_item_get_pictogram (const KvItem *item)
{
  g_return_val_if_fail (item != NULL, NULL);
  return item->pictogram;
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

const char *
kv_scoring_method_to_string (KvScoringMethod method)
{
  g_return_val_if_fail (method < G_N_ELEMENTS (scoring_names), NULL);
  return scoring_names[method];
}
