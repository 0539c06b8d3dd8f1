/* agg-report-stats.c — mean, median and a t-based confidence interval.
 *
 * Cohorts of keyworking services are small (a stratum of one service, one
 * age band and one DSR rating often holds ten or twenty children), so the
 * 95% confidence interval of a mean change uses Student's t distribution
 * with n − 1 degrees of freedom rather than the normal approximation,
 * which is too narrow at that size (Student 1908; Altman, "Practical
 * Statistics for Medical Research", 1991, §9.3).
 *
 * The t distribution function is computed through the regularized
 * incomplete beta function, I_x(a, b), evaluated with its continued
 * fraction by the modified Lentz method (Abramowitz & Stegun 26.5.8 and
 * 26.7.1; Lentz 1976), and the quantile by bisection on it.  A report is
 * published with one decimal, so the bisection runs to far beyond that.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "agg-report-stats.h"

#define CF_MAX_ITERATIONS 300
#define CF_EPSILON        1e-15
#define CF_TINY           1e-300

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The continued fraction of I_x(a, b) (A&S 26.5.8), good for
 * x < (a + 1) / (a + b + 2). */
static double
beta_continued_fraction (double a,
                         double b,
                         double x)
{
  double qab = a + b;
  double qap = a + 1.0;
  double qam = a - 1.0;
  double c = 1.0;
  double d = 1.0 - qab * x / qap;
  double h;

  if (fabs (d) < CF_TINY)
    d = CF_TINY;
  d = 1.0 / d;
  h = d;

  for (int m = 1; m <= CF_MAX_ITERATIONS; m++)
    {
      int m2 = 2 * m;
      double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
      double delta;

      /* The even step of the fraction. */
      d = 1.0 + aa * d;
      if (fabs (d) < CF_TINY)
        d = CF_TINY;
      c = 1.0 + aa / c;
      if (fabs (c) < CF_TINY)
        c = CF_TINY;
      d = 1.0 / d;
      h *= d * c;

      /* The odd step. */
      aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
      d = 1.0 + aa * d;
      if (fabs (d) < CF_TINY)
        d = CF_TINY;
      c = 1.0 + aa / c;
      if (fabs (c) < CF_TINY)
        c = CF_TINY;
      d = 1.0 / d;
      delta = d * c;
      h *= delta;
      if (fabs (delta - 1.0) < CF_EPSILON)
        break;
    }

  return h;
}

/* The regularized incomplete beta function I_x(a, b). */
static double
incomplete_beta (double a,
                 double b,
                 double x)
{
  double front;

  if (x <= 0.0)
    return 0.0;
  if (x >= 1.0)
    return 1.0;

  front = exp (lgamma (a + b) - lgamma (a) - lgamma (b)
               + a * log (x) + b * log1p (-x));

  /* The fraction converges fast only on one side of the mean; on the
   * other, use the symmetry I_x(a, b) = 1 − I_{1−x}(b, a). */
  if (x < (a + 1.0) / (a + b + 2.0))
    return front * beta_continued_fraction (a, b, x) / a;

  return 1.0 - front * beta_continued_fraction (b, a, 1.0 - x) / b;
}

double
agg_report_t_cdf (double t,
                  double df)
{
  double tail;

  g_return_val_if_fail (df > 0.0, NAN);

  /* A&S 26.7.1: P(|T| > t) = I_{df/(df+t²)}(df/2, 1/2). */
  tail = 0.5 * incomplete_beta (df / 2.0, 0.5, df / (df + t * t));
  return t >= 0.0 ? 1.0 - tail : tail;
}

double
agg_report_t_quantile (double p,
                       double df)
{
  double low = 0.0;
  double high = 1.0;

  g_return_val_if_fail (p > 0.0 && p < 1.0, NAN);
  g_return_val_if_fail (df > 0.0, NAN);

  if (p < 0.5)
    return -agg_report_t_quantile (1.0 - p, df);
  if (p == 0.5)
    return 0.0;

  /* Widen the bracket until it holds the quantile, then halve it.  With
   * 1 df the 0.975 quantile is 12.7, so this takes a handful of steps. */
  while (agg_report_t_cdf (high, df) < p)
    {
      low = high;
      high *= 2.0;
    }
  for (int i = 0; i < 200 && high - low > 1e-12; i++)
    {
      double mid = 0.5 * (low + high);

      if (agg_report_t_cdf (mid, df) < p)
        low = mid;
      else
        high = mid;
    }

  return 0.5 * (low + high);
}

void
agg_report_summarize (double           *values,
                      guint             n,
                      AggReportSummary *summary)
{
  double sum = 0.0;
  double squares = 0.0;

  g_return_if_fail (summary != NULL);

  *summary = (AggReportSummary) { .n = n };
  if (n == 0)
    return;

  qsort (values, n, sizeof (double), compare_doubles);

  for (guint i = 0; i < n; i++)
    sum += values[i];
  summary->mean = sum / n;

  summary->median = n % 2 == 1 ? values[n / 2]
                               : 0.5 * (values[n / 2 - 1] + values[n / 2]);

  if (n < 2)
    {
      summary->ci_lower = summary->ci_upper = summary->mean;
      return;
    }

  /* Two passes (mean first, then squared deviations) keep the variance
   * exact for values that are all close together. */
  for (guint i = 0; i < n; i++)
    squares += (values[i] - summary->mean) * (values[i] - summary->mean);
  summary->sd = sqrt (squares / (n - 1));

  {
    double half_width = agg_report_t_quantile (0.975, n - 1)
                        * summary->sd / sqrt ((double) n);

    summary->ci_lower = summary->mean - half_width;
    summary->ci_upper = summary->mean + half_width;
  }
}
