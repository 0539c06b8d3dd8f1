/* kv-form-private.h — the insides of the form model (private to
 * libkvforms).
 *
 * kv-form.c owns the three types and answers for them; kv-form-parser.c
 * is the one place that fills them in, so it needs the structs too.
 * Nothing outside these two files may include this header: everyone else
 * sees a KvForm only through kv-form.h, which is what keeps it immutable.
 */
#pragma once

#include "kv-form.h"

G_BEGIN_DECLS

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
  KvSkip      skip;
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
  gboolean    from_respondent;
  char       *pictogram;
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

/* A form with no id, no items and the default scoring (a = 1, b = 0). */
KvForm      *kv_form_alloc                (void);
void         kv_item_free                 (KvItem          *item);
void         kv_level_free                (KvLevel         *level);

/* The names a form file spells these with, for reading it: each returns
 * the value named, or -1 for a name it does not know. */
int          kv_audience_from_string      (const char      *name);
int          kv_form_kind_from_string     (const char      *name);
int          kv_scoring_method_from_string (const char     *name);
int          kv_item_type_from_string     (const char      *name);
int          kv_polarity_from_string      (const char      *name);
const char  *kv_scoring_method_to_string  (KvScoringMethod  method);

G_END_DECLS
