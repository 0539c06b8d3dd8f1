/* kv-form.h — the form model shared by the kiosk and the aggregator.
 *
 * A KvForm is an immutable, reference-counted value read from a form file
 * (see docs/form-format.md).  Items and levels belong to their form and are
 * valid for as long as the form is.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KV_FORM_ERROR (kv_form_error_quark ())

typedef enum
{
  KV_FORM_ERROR_PARSE,    /* the file is not a well-formed form file */
  KV_FORM_ERROR_INVALID,  /* well-formed, but breaks a rule of the format */
  KV_FORM_ERROR_ANSWERS,  /* answers that do not fit the form */
  KV_FORM_ERROR_GOALS,    /* a GAS goal set or rating that is not valid */
  KV_FORM_ERROR_SCORING,  /* scoring asked of a form that does not declare it */
  KV_FORM_ERROR_JSON,     /* text that is not strict JSON (kv-json.h) */
  KV_FORM_ERROR_JSON_TOO_LARGE, /* strict JSON, but more values than kv-json.h allows */
} KvFormError;

typedef enum
{
  KV_AUDIENCE_ANYONE,
  KV_AUDIENCE_YOUNG_PERSON,
  KV_AUDIENCE_PARENT_CARER,
  KV_AUDIENCE_KEYWORKER,
} KvAudience;

typedef enum
{
  KV_FORM_KIND_OTHER,
  KV_FORM_KIND_GAS_GOALS,
  KV_FORM_KIND_GAS_REVIEW,
  KV_FORM_KIND_QUALITY_OF_LIFE,
  KV_FORM_KIND_EXPERIENCE,
} KvFormKind;

typedef enum
{
  KV_SCORING_NONE,
  KV_SCORING_LEVEL_SUM,   /* Σ level values, only when every scored item is answered */
  KV_SCORING_WEIGHTED,    /* a·Σ level weights + b (a licensed definition) */
  KV_SCORING_GAS,         /* GAS T-score over the child's goal set */
} KvScoringMethod;

typedef enum
{
  KV_ITEM_INFO,
  KV_ITEM_SCALE,        /* single choice on an ordered scale; levels carry values */
  KV_ITEM_CHOICE,       /* single choice, nominal */
  KV_ITEM_MULTIPLE,     /* multiple choice */
  KV_ITEM_TEXT,
  KV_ITEM_NUMBER,
  KV_ITEM_GAS_GOALS,
  KV_ITEM_GAS_RATING,
} KvItemType;

/* How leaving out an optional item is offered: "Skip this question", or
 * "I'd rather not say" where a question is personal (form-format.md). */
typedef enum
{
  KV_SKIP_SKIP,
  KV_SKIP_PREFER_NOT_TO_SAY,
} KvSkip;

typedef enum
{
  KV_POLARITY_NONE,
  KV_POLARITY_POSITIVE,
  KV_POLARITY_NEGATIVE,
} KvPolarity;

/* The most goals a GAS goal list may hold (docs/domain.md §1: up to six). */
#define KV_GAS_MAX_GOALS 6

typedef struct _KvForm  KvForm;
typedef struct _KvItem  KvItem;
typedef struct _KvLevel KvLevel;

GQuark           kv_form_error_quark        (void);

KvForm          *kv_form_new_from_file      (const char      *path,
                                             GError         **error);
KvForm          *kv_form_new_from_data      (const char      *data,
                                             gssize           length,
                                             const char      *filename,
                                             GError         **error);
KvForm          *kv_form_ref                (KvForm          *form);
void             kv_form_unref              (KvForm          *form);

const char      *kv_form_get_id             (const KvForm    *form);
guint            kv_form_get_version        (const KvForm    *form);
/* Text getters take @easy_read; they fall back to the standard text when the
 * form has no easy-read variant.  Strings are msgids in the "keyvoice"
 * gettext domain: translate them with g_dgettext() at the edge. */
const char      *kv_form_get_title          (const KvForm    *form,
                                             gboolean         easy_read);
const char      *kv_form_get_description    (const KvForm    *form,
                                             gboolean         easy_read);
KvAudience       kv_form_get_audience       (const KvForm    *form);
KvFormKind       kv_form_get_kind           (const KvForm    *form);
KvScoringMethod  kv_form_get_scoring        (const KvForm    *form);
/* For KV_SCORING_WEIGHTED: score = a·Σweight + b. */
double           kv_form_get_scoring_a      (const KvForm    *form);
double           kv_form_get_scoring_b      (const KvForm    *form);
/* The file's bytes exactly as read, for serving and caching. */
GBytes          *kv_form_get_source         (const KvForm    *form);

guint            kv_form_get_n_items        (const KvForm    *form);
const KvItem    *kv_form_get_item           (const KvForm    *form,
                                             guint            index);
const KvItem    *kv_form_lookup_item        (const KvForm    *form,
                                             const char      *id);
/* The first item of @type, or NULL. */
const KvItem    *kv_form_find_item_of_type  (const KvForm    *form,
                                             KvItemType       type);

const char      *kv_item_get_id             (const KvItem    *item);
KvItemType       kv_item_get_item_type      (const KvItem    *item);
gboolean         kv_item_get_required       (const KvItem    *item);
/* How leaving out an optional item is worded (the skip attribute). */
KvSkip           kv_item_get_skip           (const KvItem    *item);
/* Whether the item counts towards the form's score (scale items only;
 * default yes). */
gboolean         kv_item_get_scored         (const KvItem    *item);
const char      *kv_item_get_prompt         (const KvItem    *item,
                                             gboolean         easy_read);
const char      *kv_item_get_help           (const KvItem    *item,
                                             gboolean         easy_read);
guint            kv_item_get_n_levels       (const KvItem    *item);
const KvLevel   *kv_item_get_level          (const KvItem    *item,
                                             guint            index);
const KvLevel   *kv_item_lookup_level       (const KvItem    *item,
                                             const char      *id);
/* KV_ITEM_NUMBER: inclusive range. */
gint64           kv_item_get_min            (const KvItem    *item);
gint64           kv_item_get_max            (const KvItem    *item);
/* KV_ITEM_TEXT and the goal wording of KV_ITEM_GAS_GOALS: in characters. */
guint            kv_item_get_max_length     (const KvItem    *item);
/* KV_ITEM_MULTIPLE: how many may be chosen (max 0 = any). */
guint            kv_item_get_min_choices    (const KvItem    *item);
guint            kv_item_get_max_choices    (const KvItem    *item);
/* KV_ITEM_GAS_GOALS: 1…KV_GAS_MAX_GOALS. */
guint            kv_item_get_max_goals      (const KvItem    *item);
/* KV_ITEM_CHOICE with answer-from="respondent": not asked; the answer is
 * who is answering, which the kiosk already knows (its level ids are
 * respondent names). */
gboolean         kv_item_get_answer_from_respondent (const KvItem *item);
/* KV_ITEM_INFO: a picture shown with the text, or NULL. */
const char      *kv_item_get_pictogram      (const KvItem    *item);
/* The item is shown only when the answer to condition_item is (or, for a
 * multiple-choice item, includes) the level condition_value.  NULL when
 * the item is always shown. */
const char      *kv_item_get_condition_item  (const KvItem   *item);
const char      *kv_item_get_condition_value (const KvItem   *item);

const char      *kv_level_get_id            (const KvLevel   *level);
const char      *kv_level_get_label         (const KvLevel   *level,
                                             gboolean         easy_read);
/* Pictogram icon name, or NULL. */
const char      *kv_level_get_pictogram     (const KvLevel   *level);
gboolean         kv_level_has_value         (const KvLevel   *level);
int              kv_level_get_value         (const KvLevel   *level);
gboolean         kv_level_has_weight        (const KvLevel   *level);
double           kv_level_get_weight        (const KvLevel   *level);
/* FALSE for a "Don't know" style level that is left out of scores and of
 * the denominator of item summaries. */
gboolean         kv_level_get_scored        (const KvLevel   *level);
KvPolarity       kv_level_get_polarity      (const KvLevel   *level);

const char      *kv_audience_to_string      (KvAudience       audience);
const char      *kv_form_kind_to_string     (KvFormKind       kind);
const char      *kv_item_type_to_string     (KvItemType       type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvForm, kv_form_unref)

G_END_DECLS
