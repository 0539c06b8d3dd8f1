/* kv-sdc.c — statistical disclosure control for aggregates that leave the
 * system.
 *
 * This is the NHS secondary-care small-number rule (docs/domain.md §4), from
 * NHS Digital, "Disclosure control methodology for Hospital Episode
 * Statistics (HES) and Emergency Care Data Set (ECDS)", applied by its
 * Secondary Care Analysis team from September 2018.  We apply it to every
 * aggregate, since ours are all below national level:
 *
 * - 0 stays 0;
 * - 1–7 becomes "*";
 * - any other count is rounded to the nearest 5;
 * - percentages are computed from the rounded values, so that a published
 *   percentage cannot be used to recover the unrounded count;
 * - a mean or median over fewer than 8 people is "*".
 */
#include "config.h"

#include <math.h>

#include "kv-sdc.h"

/* Counts from 1 up to this are suppressed. */
#define KV_SDC_MAX_SUPPRESSED (KV_SDC_MIN_PEOPLE - 1)
#define KV_SDC_ROUNDING       5

KvSdcStatus
kv_sdc_count (guint  n,
              guint *rounded)
{
  guint result;
  KvSdcStatus status;

  if (n == 0)
    {
      /* Nobody is not a disclosure: 0 is published as it is. */
      result = 0;
      status = KV_SDC_SHOWN;
    }
  else if (n <= KV_SDC_MAX_SUPPRESSED)
    {
      /* A suppressed count gives back 0 rather than @n, so that a caller
       * that forgets to look at the status cannot publish the real count. */
      result = 0;
      status = KV_SDC_SUPPRESSED;
    }
  else
    {
      /* Counts are whole numbers, so n mod 5 is never 2.5 and there is no
       * tie to break.  The sum is done in 64 bits because n + 2 may not fit
       * a guint; the result always does, since G_MAXUINT is a multiple of 5. */
      guint64 wide = ((guint64) n + KV_SDC_ROUNDING / 2) / KV_SDC_ROUNDING
                     * KV_SDC_ROUNDING;

      g_assert (wide <= G_MAXUINT);
      result = (guint) wide;
      status = KV_SDC_SHOWN;
    }

  if (rounded != NULL)
    *rounded = result;

  return status;
}

KvSdcStatus
kv_sdc_percent (guint   numerator,
                guint   denominator,
                double *percent)
{
  guint rounded_numerator;
  guint rounded_denominator;

  g_return_val_if_fail (numerator <= denominator, KV_SDC_UNDEFINED);

  /* A percentage of nobody has no value to publish (nor to hide). */
  if (denominator == 0)
    return KV_SDC_UNDEFINED;

  if (kv_sdc_count (numerator, &rounded_numerator) == KV_SDC_SUPPRESSED
      || kv_sdc_count (denominator, &rounded_denominator) == KV_SDC_SUPPRESSED)
    return KV_SDC_SUPPRESSED;

  /* A shown, non-zero count rounds to at least 10, so this cannot be 0. */
  g_assert (rounded_denominator > 0);

  if (percent != NULL)
    *percent = 100.0 * rounded_numerator / rounded_denominator;

  return KV_SDC_SHOWN;
}

KvSdcStatus
kv_sdc_statistic (guint n_people)
{
  /* A mean or median of nobody is not a number at all, which is different
   * from a number that must be hidden. */
  if (n_people == 0)
    return KV_SDC_UNDEFINED;

  if (n_people < KV_SDC_MIN_PEOPLE)
    return KV_SDC_SUPPRESSED;

  return KV_SDC_SHOWN;
}

/* One decimal, always with a '.', whatever the locale: reports are read by
 * R, SPSS and Stata as well as by people. */
static char *
format_one_decimal (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buf, sizeof buf, "%.1f", value);

  /* A small negative value such as −0.04 prints as "-0.0"; publish it as
   * the plain 0.0 it rounds to. */
  if (g_str_equal (buf, "-0.0"))
    return g_strdup ("0.0");

  return g_strdup (buf);
}

char *
kv_sdc_format_count (guint n)
{
  guint rounded;

  if (kv_sdc_count (n, &rounded) == KV_SDC_SUPPRESSED)
    return g_strdup (KV_SDC_MARK);

  return g_strdup_printf ("%u", rounded);
}

char *
kv_sdc_format_percent (guint numerator,
                       guint denominator)
{
  double percent;

  g_return_val_if_fail (numerator <= denominator, g_strdup (""));

  switch (kv_sdc_percent (numerator, denominator, &percent))
    {
    case KV_SDC_SHOWN:
      return format_one_decimal (percent);
    case KV_SDC_SUPPRESSED:
      return g_strdup (KV_SDC_MARK);
    case KV_SDC_UNDEFINED:
    default:
      return g_strdup ("");
    }
}

char *
kv_sdc_format_statistic (double value,
                         guint  n_people)
{
  switch (kv_sdc_statistic (n_people))
    {
    case KV_SDC_SHOWN:
      g_return_val_if_fail (isfinite (value), g_strdup (""));
      return format_one_decimal (value);
    case KV_SDC_SUPPRESSED:
      return g_strdup (KV_SDC_MARK);
    case KV_SDC_UNDEFINED:
    default:
      return g_strdup ("");
    }
}
