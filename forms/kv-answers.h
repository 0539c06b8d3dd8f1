/* kv-answers.h — checking an answers object against its form.
 *
 * The aggregator calls this on every upload and the kiosk before Send, so
 * that both apply exactly the same rules.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "kv-form.h"
#include "kv-gas.h"

G_BEGIN_DECLS

typedef enum
{
  KV_PROBLEM_NOT_AN_OBJECT,     /* the answers are not a JSON object */
  KV_PROBLEM_UNKNOWN_ITEM,      /* a key the form has no item for (or an info item) */
  KV_PROBLEM_WRONG_TYPE,        /* e.g. a number where a level id was expected */
  KV_PROBLEM_OUT_OF_RANGE,      /* unknown level, number outside range, bad rating … */
  KV_PROBLEM_REQUIRED,          /* a required, shown item without an answer */
  KV_PROBLEM_TOO_LONG,          /* text longer than the item allows */
  KV_PROBLEM_CONDITION_FALSE,   /* an answer to an item that was not shown */
} KvProblemKind;

typedef struct
{
  KvProblemKind  kind;
  char          *item_id;   /* NULL for KV_PROBLEM_NOT_AN_OBJECT */
  char          *message;   /* "item 'q3': 7 is outside 0…5" */
} KvProblem;

void         kv_problem_free           (KvProblem     *problem);
const char  *kv_problem_kind_to_string (KvProblemKind  kind);

/* Checks @answers against @form.  @goal_set, when given, is the goal set a
 * GAS rating item rates: its keys must then be goal ids of that set.
 *
 * Returns TRUE when the answers are valid.  Otherwise returns FALSE, sets
 * @error (KV_FORM_ERROR_ANSWERS, every problem joined by "; ") and, when
 * @problems is not NULL, gives back a GPtrArray of KvProblem, one per
 * offending item, in form order. */
gboolean     kv_form_validate_answers  (const KvForm    *form,
                                        JsonNode        *answers,
                                        const KvGoalSet *goal_set,
                                        GPtrArray      **problems,
                                        GError         **error);

/* Whether @item is shown given the answers so far. */
gboolean     kv_item_is_shown          (const KvItem    *item,
                                        JsonObject      *answers);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KvProblem, kv_problem_free)

G_END_DECLS
