/* test-report-stats.c — the statistics behind the cohort report
 * (agg-report-stats.c): Student's t and a summary of a few values, against
 * figures from the tables and worked by hand. */
#include "config.h"

#include <math.h>

#include "agg-report-stats.h"

static void
test_t_quantiles (void)
{
  /* Student's t, two-sided 95%: the familiar table values. */
  static const struct
  {
    double df;
    double t;
  } table[] = {
    { 1, 12.7062 }, { 2, 4.3027 }, { 7, 2.3646 }, { 8, 2.3060 }, { 9, 2.2622 },
    { 30, 2.0423 }, { 120, 1.9799 }, { 1000, 1.9623 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    g_assert_cmpfloat_with_epsilon (agg_report_t_quantile (0.975, table[i].df), table[i].t, 5e-5);

  g_assert_cmpfloat_with_epsilon (agg_report_t_quantile (0.025, 8), -2.3060, 5e-5);
  g_assert_cmpfloat (agg_report_t_quantile (0.5, 8), ==, 0.0);
  g_assert_cmpfloat_with_epsilon (agg_report_t_cdf (0.0, 5), 0.5, 1e-12);
  /* One degree of freedom is the Cauchy distribution: P(T ≤ 1) = 3/4. */
  g_assert_cmpfloat_with_epsilon (agg_report_t_cdf (1.0, 1), 0.75, 1e-10);
}

static void
test_summary (void)
{
  double values[] = { 4, 1, 3, 2 };
  double one[] = { 7 };
  AggReportSummary summary;

  /* 1, 2, 3, 4: mean 2.5, median 2.5, sd √(5/3) = 1.2910, half-width
   * t(0.975, 3) · sd / 2 = 3.1824 · 0.6455 = 2.0543. */
  agg_report_summarize (values, G_N_ELEMENTS (values), &summary);
  g_assert_cmpuint (summary.n, ==, 4);
  g_assert_cmpfloat_with_epsilon (summary.mean, 2.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (summary.median, 2.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (summary.sd, sqrt (5.0 / 3.0), 1e-12);
  g_assert_cmpfloat_with_epsilon (summary.ci_lower, 2.5 - 2.0543, 1e-4);
  g_assert_cmpfloat_with_epsilon (summary.ci_upper, 2.5 + 2.0543, 1e-4);

  agg_report_summarize (one, 1, &summary);
  g_assert_cmpfloat (summary.mean, ==, 7);
  g_assert_cmpfloat (summary.median, ==, 7);
  g_assert_cmpfloat (summary.ci_lower, ==, 7);

  agg_report_summarize (NULL, 0, &summary);
  g_assert_cmpuint (summary.n, ==, 0);
}

static void
test_quantile_inverts_cdf (void)
{
  static const double dfs[] = { 1, 3, 8, 40 };
  static const double ps[] = { 0.01, 0.2, 0.5, 0.9, 0.995 };

  /* The quantile is the inverse of the distribution function, and both
   * are symmetric about 0. */
  for (guint d = 0; d < G_N_ELEMENTS (dfs); d++)
    for (guint i = 0; i < G_N_ELEMENTS (ps); i++)
      {
        double t = agg_report_t_quantile (ps[i], dfs[d]);

        g_assert_cmpfloat_with_epsilon (agg_report_t_cdf (t, dfs[d]), ps[i], 1e-6);
        g_assert_cmpfloat_with_epsilon (agg_report_t_quantile (1 - ps[i], dfs[d]), -t, 1e-6);
        g_assert_cmpfloat_with_epsilon (agg_report_t_cdf (-t, dfs[d]), 1 - ps[i], 1e-6);
      }
}

static void
test_summary_odd (void)
{
  double values[] = { 9, -3, 0, 3, 6 };
  AggReportSummary summary;

  /* −3, 0, 3, 6, 9: median the middle value 3, mean 3, sd √(90/4) =
   * 4.7434; the values come back sorted, and the interval is symmetric:
   * t(0.975, 4) · sd / √5 = 2.7764 · 2.1213 = 5.8898. */
  agg_report_summarize (values, G_N_ELEMENTS (values), &summary);
  g_assert_cmpuint (summary.n, ==, 5);
  g_assert_cmpfloat_with_epsilon (summary.median, 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (summary.mean, 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (summary.sd, sqrt (90.0 / 4.0), 1e-12);
  g_assert_cmpfloat_with_epsilon (summary.ci_upper - summary.mean, 5.8898, 1e-4);
  g_assert_cmpfloat_with_epsilon (summary.mean - summary.ci_lower, 5.8898, 1e-4);
  g_assert_cmpfloat (values[0], ==, -3);
  g_assert_cmpfloat (values[4], ==, 9);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/aggregator/report-stats/t-quantiles", test_t_quantiles);
  g_test_add_func ("/aggregator/report-stats/summary", test_summary);
  g_test_add_func ("/aggregator/report-stats/quantile-inverts-cdf", test_quantile_inverts_cdf);
  g_test_add_func ("/aggregator/report-stats/summary-odd", test_summary_odd);

  return g_test_run ();
}
