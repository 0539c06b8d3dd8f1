/* agg-report-stats.h — the few statistics the cohort report needs. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint  n;
  double mean;
  double median;
  double sd;          /* sample standard deviation (n − 1); 0 when n < 2 */
  double ci_lower;    /* 95% confidence interval of the mean (t, n − 1 df); */
  double ci_upper;    /* equal to the mean when n < 2 */
} AggReportSummary;

/* Summarises @n values (which it sorts in place). */
void    agg_report_summarize       (double           *values,
                                    guint             n,
                                    AggReportSummary *summary);

/* The @p quantile (0 < p < 1) of Student's t distribution with @df
 * degrees of freedom. */
double  agg_report_t_quantile      (double            p,
                                    double            df);

/* P(T ≤ t) for Student's t with @df degrees of freedom. */
double  agg_report_t_cdf           (double            t,
                                    double            df);

G_END_DECLS
