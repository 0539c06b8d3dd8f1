/* agg-report-change.c — per-child change over time.
 *
 * Rules (docs/domain.md §1, docs/reports.md "change"):
 *
 * - GAS.  Change is only computed between ratings of the same goal set
 *   (docs/domain.md §1): the row uses the child's latest goal set, its
 *   baseline is that goal set's baseline T (every goal at its baseline, Kiresuk & Sherman 1968 as corrected in the erratum to
 *   Turner-Stokes 2009, computed by libkvforms at ingest) and the latest
 *   point is the latest scored review of that set by the row's respondent.
 *   A child whose goals were renegotiated is flagged "goal-set-changed":
 *   the new set started a new baseline.  A review that rated fewer goals
 *   than the set has is flagged "rated-K-of-N" (never imputed).
 * - Form totals (e.g. family-qol).  The baseline is the first scored
 *   submission in the window and the latest the last one.  A submission
 *   without a total (not every item answered) is not a point; its status
 *   ("incomplete") becomes a flag.
 * - change = latest − baseline, both rounded to 2 decimals first, so that
 *   the published columns add up exactly.
 *
 * Per-child rows are pseudonymous and go only to the child's own service
 * and to evaluators (docs/domain.md §4), so nothing here is suppressed.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "agg-report-change.h"
#include "agg-store-reports.h"

struct _AggReportChange
{
  GPtrArray *children;   /* of AggReportChild* */
  GArray    *rows;       /* of AggReportChangeRow */
};

static const char * const respondent_order[] = {
  "young-person", "parent-carer", "both", "someone-helping", "keyworker",
};

static guint
respondent_rank (const char *respondent)
{
  for (guint i = 0; i < G_N_ELEMENTS (respondent_order); i++)
    if (g_strcmp0 (respondent, respondent_order[i]) == 0)
      return i;
  return G_N_ELEMENTS (respondent_order);
}

int
agg_report_compare_respondents (const char *a,
                                const char *b)
{
  guint rank_a = respondent_rank (a);
  guint rank_b = respondent_rank (b);

  if (rank_a != rank_b)
    return rank_a < rank_b ? -1 : 1;
  return g_strcmp0 (a, b);
}

int
agg_report_compare_measures (const char *a,
                             const char *b)
{
  gboolean a_gas = g_strcmp0 (a, "gas") == 0;
  gboolean b_gas = g_strcmp0 (b, "gas") == 0;

  if (a_gas != b_gas)
    return a_gas ? -1 : 1;
  return g_strcmp0 (a, b);
}

static int
compare_measure_ptrs (gconstpointer a,
                      gconstpointer b)
{
  return agg_report_compare_measures (*(const char * const *) a, *(const char * const *) b);
}

static int
compare_respondent_ptrs (gconstpointer a,
                         gconstpointer b)
{
  return agg_report_compare_respondents (*(const char * const *) a, *(const char * const *) b);
}

static void
child_free (gpointer data)
{
  AggReportChild *child = data;

  g_free (child->code);
  g_array_unref (child->points);
  g_free (child);
}

static void
row_clear (gpointer data)
{
  AggReportChangeRow *row = data;

  g_clear_pointer (&row->flags, g_free);
}

void
agg_report_change_free (AggReportChange *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->children);
  g_array_unref (self->rows);
  g_free (self);
}

typedef struct
{
  AggReportChange *self;
  AggReportChild  *child;   /* the child of the last point */
} Loading;

/* Strings are interned: reports hold a handful of distinct measures,
 * kinds, statuses, respondents, services and dates, however many points
 * there are. */
static gboolean
add_point (const AggStoreChangePoint  *stored,
           gpointer                    user_data,
           GError                    **error)
{
  Loading *loading = user_data;
  AggReportPoint point = { 0, };

  if (loading->child == NULL || !g_str_equal (loading->child->code, stored->code))
    {
      AggReportChild *child = g_new0 (AggReportChild, 1);

      child->code = g_strdup (stored->code);
      child->service_id = g_intern_string (stored->service_id);
      child->service_name = g_intern_string (stored->service_name);
      child->age_band = g_intern_string (stored->age_band);
      child->dsr = g_intern_string (stored->dsr);
      child->points = g_array_new (FALSE, FALSE, sizeof (AggReportPoint));
      g_ptr_array_add (loading->self->children, child);
      loading->child = child;
    }

  point.measure = g_intern_string (stored->measure);
  point.kind = g_intern_string (stored->kind);
  point.respondent = g_intern_string (stored->respondent);
  point.date = g_intern_string (stored->date);
  point.scored = stored->scored;
  /* Scores are published with two decimals (the precision of the
   * reference T-scores in docs/domain.md §1); rounding here, once, keeps
   * every later sum and difference consistent with what is shown. */
  if (point.scored)
    point.score = round (stored->score * 100.0) / 100.0;
  point.k = stored->k;
  point.n = stored->n;
  point.has_pct_expected = stored->has_pct_expected;
  if (point.has_pct_expected)
    point.pct_expected = stored->pct_expected;
  point.status = g_intern_string (stored->status);
  point.goal_set = stored->goal_set;
  g_array_append_val (loading->child->points, point);
  return TRUE;
}

static gboolean
load_points (AggReportChange         *self,
             AggDb                   *db,
             const AggReportOptions  *options,
             GError                 **error)
{
  Loading loading = { self, NULL };

  return agg_store_reports_change_points (db, options->service_id, options->to, add_point,
                                          &loading, error);
}

static gboolean
in_window (const AggReportPoint   *point,
           const AggReportOptions *options)
{
  /* The end of the window is applied by the query already. */
  return options->from == NULL || strcmp (point->date, options->from) >= 0;
}

static void
add_flag (GString    *flags,
          const char *flag)
{
  /* Each flag once: "incomplete" twice says nothing more. */
  const char *p = flags->str;
  gsize len = strlen (flag);

  while ((p = strstr (p, flag)) != NULL)
    {
      if ((p == flags->str || p[-1] == ' ') && (p[len] == ' ' || p[len] == '\0'))
        return;
      p += len;
    }

  if (flags->len > 0)
    g_string_append_c (flags, ' ');
  g_string_append (flags, flag);
}

/* Makes one row from an optional GAS baseline and the series after it. */
static void
add_row (AggReportChange      *self,
         const AggReportChild *child,
         const char           *measure,
         const char           *respondent,
         const AggReportPoint *gas_baseline,
         GPtrArray            *series)
{
  AggReportChangeRow row = { 0, };
  g_autoptr(GString) flags = g_string_new ("");
  gboolean is_gas = gas_baseline != NULL;
  const AggReportPoint *first = NULL;
  const AggReportPoint *last = NULL;

  row.child = child;
  row.measure = measure;
  row.respondent = respondent;

  if (is_gas)
    {
      row.goal_set = gas_baseline->goal_set;
      /* docs/domain.md §1: a renegotiated goal set starts a new baseline. */
      if (gas_baseline->goal_set > 1)
        add_flag (flags, "goal-set-changed");
      if (gas_baseline->scored)
        {
          row.baseline = gas_baseline;
          row.n_points++;
        }
    }

  for (guint i = 0; i < series->len; i++)
    {
      const AggReportPoint *point = g_ptr_array_index (series, i);

      if (!point->scored)
        continue;
      if (first == NULL)
        first = point;
      last = point;
      row.n_points++;
    }

  if (is_gas)
    {
      row.latest = last;
    }
  else
    {
      row.baseline = first;
      row.latest = last != first ? last : NULL;
    }

  row.has_change = row.baseline != NULL && row.latest != NULL;
  if (row.has_change)
    row.change = row.latest->score - row.baseline->score;

  /* Missing ratings are dropped and the score says "k of n goals rated";
   * never imputed (docs/domain.md §1). */
  if (is_gas && row.latest != NULL && row.latest->k < row.latest->n)
    {
      g_autofree char *flag = g_strdup_printf ("rated-%u-of-%u", row.latest->k, row.latest->n);

      add_flag (flags, flag);
    }

  /* A point without a score says why (incomplete, none-rated,
   * zero-weight, no-goals): the status is the flag. */
  if (is_gas && !gas_baseline->scored)
    add_flag (flags, gas_baseline->status);
  for (guint i = 0; i < series->len; i++)
    {
      const AggReportPoint *point = g_ptr_array_index (series, i);

      if (!point->scored)
        add_flag (flags, point->status);
    }

  row.flags = g_string_free (g_steal_pointer (&flags), FALSE);
  g_array_append_val (self->rows, row);
}

static void
derive_gas (AggReportChange        *self,
            const AggReportChild   *child,
            const AggReportOptions *options)
{
  const AggReportPoint *baseline = NULL;
  g_autoptr(GPtrArray) respondents = g_ptr_array_new ();

  /* The latest goal set is the one whose baseline has the highest
   * version; only its reviews count (docs/domain.md §1). */
  for (guint i = 0; i < child->points->len; i++)
    {
      const AggReportPoint *point = &g_array_index (child->points, AggReportPoint, i);

      if (point->measure == g_intern_static_string ("gas")
          && point->kind == g_intern_static_string ("baseline")
          && (baseline == NULL || point->goal_set > baseline->goal_set))
        baseline = point;
    }
  if (baseline == NULL)
    return;

  for (guint i = 0; i < child->points->len; i++)
    {
      const AggReportPoint *point = &g_array_index (child->points, AggReportPoint, i);

      if (point->measure == g_intern_static_string ("gas")
          && point->kind == g_intern_static_string ("review")
          && point->goal_set == baseline->goal_set
          && in_window (point, options)
          && !g_ptr_array_find (respondents, point->respondent, NULL))
        g_ptr_array_add (respondents, (gpointer) point->respondent);
    }
  g_ptr_array_sort (respondents, compare_respondent_ptrs);

  if (respondents->len == 0)
    {
      g_autoptr(GPtrArray) none = g_ptr_array_new ();

      /* Goals set but not yet reviewed: one row, so the child is seen,
       * under the respondent who set the goals.  A baseline from before
       * the window with no review inside it is not in the window at all. */
      if (in_window (baseline, options))
        add_row (self, child, baseline->measure, baseline->respondent, baseline, none);
      return;
    }

  for (guint r = 0; r < respondents->len; r++)
    {
      const char *respondent = g_ptr_array_index (respondents, r);
      g_autoptr(GPtrArray) series = g_ptr_array_new ();

      for (guint i = 0; i < child->points->len; i++)
        {
          const AggReportPoint *point = &g_array_index (child->points, AggReportPoint, i);

          if (point->measure == baseline->measure
              && point->kind == g_intern_static_string ("review")
              && point->goal_set == baseline->goal_set
              && point->respondent == respondent
              && in_window (point, options))
            g_ptr_array_add (series, (gpointer) point);
        }
      add_row (self, child, baseline->measure, respondent, baseline, series);
    }
}

static void
derive_total (AggReportChange        *self,
              const AggReportChild   *child,
              const char             *measure,
              const AggReportOptions *options)
{
  g_autoptr(GPtrArray) respondents = g_ptr_array_new ();

  for (guint i = 0; i < child->points->len; i++)
    {
      const AggReportPoint *point = &g_array_index (child->points, AggReportPoint, i);

      if (point->measure == measure
          && point->kind == g_intern_static_string ("total")
          && in_window (point, options)
          && !g_ptr_array_find (respondents, point->respondent, NULL))
        g_ptr_array_add (respondents, (gpointer) point->respondent);
    }
  g_ptr_array_sort (respondents, compare_respondent_ptrs);

  for (guint r = 0; r < respondents->len; r++)
    {
      const char *respondent = g_ptr_array_index (respondents, r);
      g_autoptr(GPtrArray) series = g_ptr_array_new ();

      for (guint i = 0; i < child->points->len; i++)
        {
          const AggReportPoint *point = &g_array_index (child->points, AggReportPoint, i);

          if (point->measure == measure
              && point->kind == g_intern_static_string ("total")
              && point->respondent == respondent
              && in_window (point, options))
            g_ptr_array_add (series, (gpointer) point);
        }
      add_row (self, child, measure, respondent, NULL, series);
    }
}

static void
derive_rows (AggReportChange        *self,
             const AggReportOptions *options)
{
  for (guint c = 0; c < self->children->len; c++)
    {
      const AggReportChild *child = g_ptr_array_index (self->children, c);
      g_autoptr(GPtrArray) measures = g_ptr_array_new ();

      for (guint i = 0; i < child->points->len; i++)
        {
          const AggReportPoint *point = &g_array_index (child->points, AggReportPoint, i);

          if (!g_ptr_array_find (measures, point->measure, NULL))
            g_ptr_array_add (measures, (gpointer) point->measure);
        }
      g_ptr_array_sort (measures, compare_measure_ptrs);

      for (guint m = 0; m < measures->len; m++)
        {
          const char *measure = g_ptr_array_index (measures, m);

          if (g_str_equal (measure, "gas"))
            derive_gas (self, child, options);
          else
            derive_total (self, child, measure, options);
        }
    }
}

AggReportChange *
agg_report_change_new (AggDb                   *db,
                       const AggReportOptions  *options,
                       GError                 **error)
{
  g_autoptr(AggReportChange) self = g_new0 (AggReportChange, 1);

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  self->children = g_ptr_array_new_with_free_func (child_free);
  self->rows = g_array_new (FALSE, TRUE, sizeof (AggReportChangeRow));
  g_array_set_clear_func (self->rows, row_clear);

  if (!load_points (self, db, options, error))
    return NULL;
  derive_rows (self, options);
  return g_steal_pointer (&self);
}

guint
agg_report_change_get_n_children (AggReportChange *self)
{
  return self->children->len;
}

const AggReportChild *
agg_report_change_get_child (AggReportChange *self,
                             guint            index)
{
  g_return_val_if_fail (index < self->children->len, NULL);
  return g_ptr_array_index (self->children, index);
}

guint
agg_report_change_get_n_rows (AggReportChange *self)
{
  return self->rows->len;
}

const AggReportChangeRow *
agg_report_change_get_row (AggReportChange *self,
                           guint            index)
{
  g_return_val_if_fail (index < self->rows->len, NULL);
  return &g_array_index (self->rows, AggReportChangeRow, index);
}

static void
add_point_cells (AggReportTable       *table,
                 const AggReportPoint *point)
{
  if (point == NULL)
    {
      agg_report_table_add_empty (table);
      agg_report_table_add_empty (table);
      return;
    }
  agg_report_table_add_text (table, point->date);
  agg_report_table_add_double (table, point->score, 2);
}

AggReportTable *
agg_report_change_to_table (AggReportChange *self)
{
  static const char * const columns[] = {
    "child", "service", "age_band", "dsr", "measure", "respondent",
    "baseline_date", "baseline_score", "latest_date", "latest_score",
    "change", "points", "flags", NULL,
  };
  AggReportTable *table = agg_report_table_new (columns);

  for (guint i = 0; i < self->rows->len; i++)
    {
      const AggReportChangeRow *row = &g_array_index (self->rows, AggReportChangeRow, i);

      agg_report_table_begin_row (table);
      agg_report_table_add_text (table, row->child->code);
      agg_report_table_add_text (table, row->child->service_id);
      agg_report_table_add_text (table, row->child->age_band);
      agg_report_table_add_text (table, row->child->dsr);
      agg_report_table_add_text (table, row->measure);
      agg_report_table_add_text (table, row->respondent);
      add_point_cells (table, row->baseline);
      add_point_cells (table, row->latest);
      if (row->has_change)
        agg_report_table_add_double (table, row->change, 2);
      else
        agg_report_table_add_empty (table);
      agg_report_table_add_uint (table, row->n_points);
      agg_report_table_add_text (table, row->flags[0] != '\0' ? row->flags : NULL);
    }
  return table;
}
