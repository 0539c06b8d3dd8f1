/* agg-report-cohort.c — cohort change with small-number suppression.
 *
 * A stratum is service × age band × DSR rating (as in force at the end of
 * the window) × measure (docs/domain.md §5).  Each child counts once per
 * measure: of the child's change rows for a measure (one per respondent)
 * the one with the most points is used, and of equal ones the first in respondent order (young person, parent carer, both,
 * someone helping, keyworker), so a child rated by two people is not
 * counted twice.
 *
 * Suppression is libkvforms' kv-sdc.c and only that (docs/domain.md §4, the
 * NHS secondary-care rule): counts through kv_sdc_format_count(), percentages
 * through kv_sdc_format_percent() (computed from the rounded counts), and the
 * mean, median and both confidence limits through kv_sdc_format_statistic(),
 * which gives "*" under 8 people.  The percentage of goals achieved counts
 * goals, not people, so it is also withheld ("*") whenever the children it
 * comes from are fewer than 8.
 */
#include "config.h"

#include <math.h>

#include "agg-report-cohort.h"
#include "agg-report-stats.h"
#include "kv-sdc.h"

typedef struct
{
  const char *service_id;
  const char *age_band;
  const char *dsr;
  const char *measure;
  GArray     *changes;          /* of double: children with a change */
  guint       n_improved;       /* change > 0 */
  guint       goals_achieved;   /* GAS: rated goals at 0 or above at the latest review */
  guint       goals_rated;      /* GAS: goals rated at the latest review */
} Stratum;

static void
stratum_free (gpointer data)
{
  Stratum *stratum = data;

  g_array_unref (stratum->changes);
  g_free (stratum);
}

static guint
rank_of (const char         *value,
         const char * const *order)
{
  guint i;

  for (i = 0; order[i] != NULL; i++)
    if (g_str_equal (value, order[i]))
      return i;
  return i;
}

static int
compare_ranked (const char         *a,
                const char         *b,
                const char * const *order)
{
  guint rank_a = rank_of (a, order);
  guint rank_b = rank_of (b, order);

  if (rank_a != rank_b)
    return rank_a < rank_b ? -1 : 1;
  return g_strcmp0 (a, b);
}

static int
compare_strata (gconstpointer a,
                gconstpointer b)
{
  static const char * const age_bands[] = { "under-18", "18-25", NULL };
  static const char * const ratings[] = { "red", "amber", "blue", "green", "unrated", NULL };
  const Stratum *x = *(const Stratum * const *) a;
  const Stratum *y = *(const Stratum * const *) b;
  int c;

  if ((c = g_strcmp0 (x->service_id, y->service_id)) != 0)
    return c;
  if ((c = compare_ranked (x->age_band, y->age_band, age_bands)) != 0)
    return c;
  if ((c = compare_ranked (x->dsr, y->dsr, ratings)) != 0)
    return c;
  return agg_report_compare_measures (x->measure, y->measure);
}

/* Whether @candidate is a better row for its child and measure than
 * @chosen (see the comment at the top). */
static gboolean
is_better (const AggReportChangeRow *candidate,
           const AggReportChangeRow *chosen)
{
  if (candidate->n_points != chosen->n_points)
    return candidate->n_points > chosen->n_points;
  return agg_report_compare_respondents (candidate->respondent, chosen->respondent) < 0;
}

static void
add_child (GHashTable               *by_key,
           GPtrArray                *strata,
           const AggReportChangeRow *row)
{
  g_autofree char *key = g_strjoin ("\n", row->child->service_id, row->child->age_band,
                                    row->child->dsr, row->measure, NULL);
  Stratum *stratum = g_hash_table_lookup (by_key, key);

  if (stratum == NULL)
    {
      stratum = g_new0 (Stratum, 1);
      stratum->service_id = row->child->service_id;
      stratum->age_band = row->child->age_band;
      stratum->dsr = row->child->dsr;
      stratum->measure = row->measure;
      stratum->changes = g_array_new (FALSE, FALSE, sizeof (double));
      g_hash_table_insert (by_key, g_steal_pointer (&key), stratum);
      g_ptr_array_add (strata, stratum);
    }

  if (!row->has_change)
    return;

  g_array_append_val (stratum->changes, row->change);
  if (row->change > 0.0)
    stratum->n_improved++;

  /* The score keeps % of rated goals at 0 or above and k rated goals; the
   * count of goals achieved is recovered from the two. */
  if (g_str_equal (row->measure, "gas") && row->latest->has_pct_expected)
    {
      stratum->goals_rated += row->latest->k;
      stratum->goals_achieved += (guint) lround (row->latest->pct_expected * row->latest->k / 100.0);
    }
}

static void
add_statistic (AggReportTable *table,
               double          value,
               guint           n_people)
{
  g_autofree char *text = kv_sdc_format_statistic (value, n_people);

  agg_report_table_add_sdc (table, text);
}

AggReportTable *
agg_report_cohort_to_table (AggReportChange *change)
{
  static const char * const columns[] = {
    "service", "age_band", "dsr", "measure", "children",
    "mean_change", "median_change", "ci_lower", "ci_upper",
    "pct_improved", "pct_goals_achieved", NULL,
  };
  g_autoptr(GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) strata = g_ptr_array_new_with_free_func (stratum_free);
  AggReportTable *table = agg_report_table_new (columns);
  guint n_rows = agg_report_change_get_n_rows (change);

  /* Rows come grouped by child, then measure, so a child's rows for one
   * measure are next to each other. */
  for (guint i = 0; i < n_rows;)
    {
      const AggReportChangeRow *chosen = agg_report_change_get_row (change, i);
      guint j;

      for (j = i + 1; j < n_rows; j++)
        {
          const AggReportChangeRow *next = agg_report_change_get_row (change, j);

          if (next->child != chosen->child || next->measure != chosen->measure)
            break;
          if (is_better (next, chosen))
            chosen = next;
        }
      add_child (by_key, strata, chosen);
      i = j;
    }

  g_ptr_array_sort (strata, compare_strata);

  for (guint s = 0; s < strata->len; s++)
    {
      Stratum *stratum = g_ptr_array_index (strata, s);
      AggReportSummary summary;
      g_autofree char *children = NULL;
      g_autofree char *improved = NULL;
      guint n = stratum->changes->len;

      agg_report_summarize ((double *) (void *) stratum->changes->data, n, &summary);

      agg_report_table_begin_row (table);
      agg_report_table_add_text (table, stratum->service_id);
      agg_report_table_add_text (table, stratum->age_band);
      agg_report_table_add_text (table, stratum->dsr);
      agg_report_table_add_text (table, stratum->measure);

      children = kv_sdc_format_count (n);
      agg_report_table_add_sdc (table, children);

      add_statistic (table, summary.mean, n);
      add_statistic (table, summary.median, n);
      add_statistic (table, summary.ci_lower, n);
      add_statistic (table, summary.ci_upper, n);

      improved = kv_sdc_format_percent (stratum->n_improved, n);
      agg_report_table_add_sdc (table, improved);

      if (!g_str_equal (stratum->measure, "gas"))
        {
          agg_report_table_add_empty (table);
        }
      else
        {
          if (!agg_report_table_add_withheld (table, kv_sdc_statistic (n)))
            {
              g_autofree char *goals = kv_sdc_format_percent (stratum->goals_achieved,
                                                              stratum->goals_rated);

              agg_report_table_add_sdc (table, goals);
            }
        }
    }

  return table;
}
