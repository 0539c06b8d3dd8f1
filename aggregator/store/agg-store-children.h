/* agg-store-children.h — the children table and what hangs off a child:
 * its DSR ratings over time (dsr_ratings, child_dsr_current), and what a
 * tablet asks about it: its current goal set, its last answer to a form and
 * whether it was offered the experience questions in a month. */
#pragma once

#include <glib.h>

#include "agg-db.h"

G_BEGIN_DECLS

/* A child.  agg_store_children_get() fills id, code, service_id and
 * age_band; agg_store_children_list() every field but id. */
typedef struct
{
  gint64  id;
  char   *code;
  char   *service_id;
  char   *age_band;
  char   *dsr;                /* the current rating, "" when never rated */
  char   *dsr_since;          /* the date it applies from, "" when never rated */
  gint64  goal_set_version;   /* the newest goal set's version, 0 when none */
} AggChildRow;

/* One DSR rating; recorded_at is NULL from agg_store_children_current_dsr(). */
typedef struct
{
  char *rating;
  char *rated_on;
  char *recorded_at;
} AggDsrRow;

/* A child's current goal set. */
typedef struct
{
  gint64  version;
  char   *set_on;
  char   *goals;              /* the goals, as JSON */
} AggGoalSetRow;

void       agg_child_row_free                (AggChildRow     *row);
void       agg_dsr_row_free                  (AggDsrRow       *row);
void       agg_goal_set_row_free             (AggGoalSetRow   *row);

/* Adds child @code; *@id gets its row id.  A code already taken is
 * AGG_ERROR_EXISTS. */
gboolean   agg_store_children_insert         (AggDb           *db,
                                              const char      *code,
                                              const char      *service_id,
                                              const char      *age_band,
                                              const char      *created_at,
                                              gint64          *id,
                                              GError         **error);
/* Child @code (normalized) into *@row, or NULL when there is none.  FALSE
 * on a database failure. */
gboolean   agg_store_children_get            (AggDb           *db,
                                              const char      *code,
                                              AggChildRow    **row,
                                              GError         **error);
/* The children of @service_id (NULL: of every service), by service and
 * code: a GPtrArray of AggChildRow. */
GPtrArray *agg_store_children_list           (AggDb           *db,
                                              const char      *service_id,
                                              GError         **error);

gboolean   agg_store_children_add_dsr        (AggDb           *db,
                                              gint64           child_id,
                                              const char      *rating,
                                              const char      *rated_on,
                                              const char      *recorded_at,
                                              GError         **error);
/* The rating that applies now (the latest by date) into *@row, or NULL when
 * the child was never rated.  FALSE on a database failure. */
gboolean   agg_store_children_current_dsr    (AggDb           *db,
                                              gint64           child_id,
                                              AggDsrRow      **row,
                                              GError         **error);
/* Every rating of the child, by the date it applies from: a GPtrArray of
 * AggDsrRow. */
GPtrArray *agg_store_children_dsr_history    (AggDb           *db,
                                              gint64           child_id,
                                              GError         **error);

/* The child's newest goal set into *@row, or NULL when it has none.  FALSE
 * on a database failure. */
gboolean   agg_store_children_current_goal_set (AggDb         *db,
                                                gint64         child_id,
                                                AggGoalSetRow **row,
                                                GError        **error);
/* When the child last completed form @form_id (a UTC timestamp) into
 * *@completed, or NULL when never.  FALSE on a database failure. */
gboolean   agg_store_children_last_answered  (AggDb           *db,
                                              gint64           child_id,
                                              const char      *form_id,
                                              char           **completed,
                                              GError         **error);
/* Whether the offers ledger has an entry for the child in @month
 * ("YYYY-MM"): 1 or 0, or -1 with @error set. */
int        agg_store_children_offered_in     (AggDb           *db,
                                              gint64           child_id,
                                              const char      *month,
                                              GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AggChildRow, agg_child_row_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AggDsrRow, agg_dsr_row_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AggGoalSetRow, agg_goal_set_row_free)

G_END_DECLS
