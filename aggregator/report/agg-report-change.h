/* agg-report-change.h — change over time per child × measure × respondent
 * (docs/reports.md "change"; docs/domain.md §1).
 *
 * An AggReportChange holds every time point of the children in a report's
 * scope and the change rows derived from them.  The cohort report and the
 * HTML trajectories are made from the same object, so the three can never
 * disagree.
 */
#pragma once

#include <glib.h>

#include "agg-report-table.h"
#include "agg-report-options.h"
#include "agg-store-reports.h"

G_BEGIN_DECLS

/* One score of one submission.  Strings are interned (a handful of
 * distinct values each, even over a million points). */
typedef struct
{
  const char *measure;       /* "gas" or a form id */
  const char *kind;          /* "baseline", "review" or "total" */
  const char *respondent;
  const char *date;          /* YYYY-MM-DD */
  gboolean    scored;
  double      score;         /* rounded to 2 decimals; valid when scored */
  guint       k;
  guint       n;
  gboolean    has_pct_expected;
  double      pct_expected;  /* GAS: % of rated goals at 0 or above */
  const char *status;
  guint       goal_set;      /* GAS: the goal set made or rated; 0 otherwise */
} AggReportPoint;

typedef struct
{
  char       *code;
  const char *service_id;
  const char *service_name;
  const char *age_band;
  const char *dsr;           /* in force at the end of the window; "unrated" if none */
  GArray     *points;        /* of AggReportPoint, in date order */
} AggReportChild;

typedef struct
{
  const AggReportChild *child;
  const char           *measure;
  const char           *respondent;
  guint                 goal_set;   /* GAS: the goal set the change is within */
  const AggReportPoint *baseline;   /* NULL when there is no scored baseline */
  const AggReportPoint *latest;     /* NULL when there is no later scored point */
  guint                 n_points;   /* scored points, baseline included */
  gboolean              has_change;
  double                change;     /* latest − baseline, of the rounded scores */
  char                 *flags;      /* space-separated, "" when none */
} AggReportChangeRow;

typedef struct _AggReportChange AggReportChange;

AggReportChange          *agg_report_change_new          (AggDb                  *db,
                                                          const AggReportOptions *options,
                                                          GError                **error);
void                      agg_report_change_free         (AggReportChange        *self);

guint                     agg_report_change_get_n_children (AggReportChange      *self);
const AggReportChild     *agg_report_change_get_child    (AggReportChange        *self,
                                                          guint                   index);
guint                     agg_report_change_get_n_rows   (AggReportChange        *self);
const AggReportChangeRow *agg_report_change_get_row      (AggReportChange        *self,
                                                          guint                   index);

/* The change report's published rows (docs/reports.md). */
AggReportTable           *agg_report_change_to_table     (AggReportChange        *self);

/* The order respondents are listed in: young person, parent carer, both,
 * someone helping, keyworker, then any other alphabetically. */
int                       agg_report_compare_respondents (const char             *a,
                                                          const char             *b);
/* "gas" first, then other measures alphabetically. */
int                       agg_report_compare_measures    (const char             *a,
                                                          const char             *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AggReportChange, agg_report_change_free)

G_END_DECLS
