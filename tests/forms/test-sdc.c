/* test-sdc.c — tests of kv-sdc.c, the small-number rule for aggregates
 * that leave the system: 0 stays 0, 1–7 is "*", other counts are rounded
 * to the nearest 5, percentages come from the rounded values, and a
 * statistic over fewer than 8 people is "*".
 */
#include "config.h"

#include <locale.h>
#include <math.h>

#include "kv-sdc.h"

/* Counts. */

typedef struct
{
  guint        n;
  KvSdcStatus  status;
  guint        rounded;
  const char  *text;
} CountVector;

static const CountVector count_vectors[] = {
  /* Nobody is not a disclosure. */
  { 0, KV_SDC_SHOWN, 0, "0" },
  /* 1–7: suppressed, and the real count is not handed back. */
  { 1, KV_SDC_SUPPRESSED, 0, "*" },
  { 2, KV_SDC_SUPPRESSED, 0, "*" },
  { 5, KV_SDC_SUPPRESSED, 0, "*" },
  { 7, KV_SDC_SUPPRESSED, 0, "*" },
  /* 8 is the first count shown: 8 is 2 from 10 and 3 from 5. */
  { 8, KV_SDC_SHOWN, 10, "10" },
  { 9, KV_SDC_SHOWN, 10, "10" },
  { 10, KV_SDC_SHOWN, 10, "10" },
  /* 12 is 2 from 10 and 3 from 15; 13 is 3 from 10 and 2 from 15. */
  { 12, KV_SDC_SHOWN, 10, "10" },
  { 13, KV_SDC_SHOWN, 15, "15" },
  { 14, KV_SDC_SHOWN, 15, "15" },
  { 15, KV_SDC_SHOWN, 15, "15" },
  { 17, KV_SDC_SHOWN, 15, "15" },
  { 18, KV_SDC_SHOWN, 20, "20" },
  { 1000, KV_SDC_SHOWN, 1000, "1000" },
  { 1002, KV_SDC_SHOWN, 1000, "1000" },
  { 1003, KV_SDC_SHOWN, 1005, "1005" },
  { 123457, KV_SDC_SHOWN, 123455, "123455" },
  { 123458, KV_SDC_SHOWN, 123460, "123460" },
  /* G_MAXUINT = 4294967295 is a multiple of 5, so the largest counts round
   * to it without overflowing; 4294967292 is 3 above 4294967290. */
  { G_MAXUINT, KV_SDC_SHOWN, G_MAXUINT, "4294967295" },
  { G_MAXUINT - 1, KV_SDC_SHOWN, G_MAXUINT, "4294967295" },
  { G_MAXUINT - 2, KV_SDC_SHOWN, G_MAXUINT, "4294967295" },
  { G_MAXUINT - 3, KV_SDC_SHOWN, G_MAXUINT - 5, "4294967290" },
};

static void
test_count_vectors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (count_vectors); i++)
    {
      const CountVector *v = &count_vectors[i];
      g_autofree char *text = NULL;
      guint rounded = 4242;

      g_test_message ("count %u", v->n);
      g_assert_cmpint (kv_sdc_count (v->n, &rounded), ==, v->status);
      g_assert_cmpuint (rounded, ==, v->rounded);

      text = kv_sdc_format_count (v->n);
      g_assert_cmpstr (text, ==, v->text);

      /* @rounded is optional. */
      g_assert_cmpint (kv_sdc_count (v->n, NULL), ==, v->status);
    }
}

static void
test_count_every_small_number_suppressed (void)
{
  for (guint n = 1; n <= 7; n++)
    {
      g_autofree char *text = kv_sdc_format_count (n);

      g_assert_cmpint (kv_sdc_count (n, NULL), ==, KV_SDC_SUPPRESSED);
      g_assert_cmpstr (text, ==, KV_SDC_MARK);
    }
}

/* For every count from 8 on, the published value is a multiple of 5 and
 * the nearest one: never more than 2 away. */
static void
test_count_rounds_to_nearest_five (void)
{
  for (guint n = 8; n <= 5000; n++)
    {
      guint rounded = 0;

      g_assert_cmpint (kv_sdc_count (n, &rounded), ==, KV_SDC_SHOWN);
      g_assert_cmpuint (rounded % 5, ==, 0);
      g_assert_cmpuint (rounded >= n ? rounded - n : n - rounded, <=, 2);
    }
}

/* Percentages. */

typedef struct
{
  const char  *path;
  guint        numerator;
  guint        denominator;
  KvSdcStatus  status;
  double       percent;   /* checked only when shown */
  const char  *text;
} PercentVector;

static const PercentVector percent_vectors[] = {
  /* 12/13 → 10/15 → 66.666…: from the rounded values, where the raw
   * counts would give 92.3. */
  { "/forms/sdc/percent/from-rounded-values", 12, 13,
    KV_SDC_SHOWN, 200.0 / 3.0, "66.7" },
  /* 10/30 → 33.333… */
  { "/forms/sdc/percent/one-third", 10, 30,
    KV_SDC_SHOWN, 100.0 / 3.0, "33.3" },
  /* 8/12 → 10/10 = 100 %: rounding can make the percentage 100. */
  { "/forms/sdc/percent/rounds-to-all", 8, 12,
    KV_SDC_SHOWN, 100.0, "100.0" },
  /* 50/60 → 50/60 = 83.333… */
  { "/forms/sdc/percent/no-rounding-needed", 50, 60,
    KV_SDC_SHOWN, 250.0 / 3.0, "83.3" },
  /* 1003/3002 → 1005/3000 = 33.5 (the raw counts give 33.41). */
  { "/forms/sdc/percent/large", 1003, 3002,
    KV_SDC_SHOWN, 33.5, "33.5" },
  /* 0/20 → 0/20 = 0 %: zero is shown, not suppressed. */
  { "/forms/sdc/percent/zero-numerator", 0, 20,
    KV_SDC_SHOWN, 0.0, "0.0" },
  /* 3/20: the numerator is 1–7. */
  { "/forms/sdc/percent/suppressed-numerator", 3, 20,
    KV_SDC_SUPPRESSED, 0.0, "*" },
  /* 7/100: the numerator is at the top of the suppressed range. */
  { "/forms/sdc/percent/suppressed-numerator-7", 7, 100,
    KV_SDC_SUPPRESSED, 0.0, "*" },
  /* 0/5: the numerator is 0, but the denominator is 1–7. */
  { "/forms/sdc/percent/suppressed-denominator", 0, 5,
    KV_SDC_SUPPRESSED, 0.0, "*" },
  /* 7/7: both suppressed. */
  { "/forms/sdc/percent/both-suppressed", 7, 7,
    KV_SDC_SUPPRESSED, 0.0, "*" },
  /* 8/8 → 10/10 = 100 %: 8 is the first count shown. */
  { "/forms/sdc/percent/eight-of-eight", 8, 8,
    KV_SDC_SHOWN, 100.0, "100.0" },
  /* 0/0: a percentage of nobody has no value. */
  { "/forms/sdc/percent/zero-denominator", 0, 0,
    KV_SDC_UNDEFINED, 0.0, "" },
};

static void
test_percent_vector (gconstpointer data)
{
  const PercentVector *v = data;
  g_autofree char *text = NULL;
  double percent = -1.0;
  KvSdcStatus status;

  status = kv_sdc_percent (v->numerator, v->denominator, &percent);
  g_assert_cmpint (status, ==, v->status);
  if (status == KV_SDC_SHOWN)
    g_assert_cmpfloat_with_epsilon (percent, v->percent, 1e-9);
  else
    g_assert_cmpfloat (percent, ==, -1.0);

  text = kv_sdc_format_percent (v->numerator, v->denominator);
  g_assert_cmpstr (text, ==, v->text);
}

/* A numerator above its denominator is a bug in the caller, not a
 * percentage to publish. */
static void
test_percent_numerator_above_denominator (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *text = kv_sdc_format_percent (20, 10);

      (void) text;
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*numerator <= denominator*");
}

/* Statistics. */

static void
test_statistic (void)
{
  static const struct
  {
    guint        n_people;
    KvSdcStatus  status;
  } vectors[] = {
    { 0, KV_SDC_UNDEFINED },
    { 1, KV_SDC_SUPPRESSED },
    { 7, KV_SDC_SUPPRESSED },
    { 8, KV_SDC_SHOWN },
    { 9, KV_SDC_SHOWN },
    { 1000, KV_SDC_SHOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    g_assert_cmpint (kv_sdc_statistic (vectors[i].n_people), ==,
                     vectors[i].status);
}

static void
test_format_statistic (void)
{
  static const struct
  {
    double      value;
    guint       n_people;
    const char *text;
  } vectors[] = {
    /* Fewer than 8 people: hidden, whatever the value. */
    { 63.693064, 7, "*" },
    { 63.693064, 1, "*" },
    /* 8 people or more: one decimal. */
    { 63.693064, 8, "63.7" },
    { 50.0, 8, "50.0" },
    { -12.34, 20, "-12.3" },
    { 1234.56, 100, "1234.6" },
    /* −0.04 rounds to zero and is published without a sign. */
    { -0.04, 10, "0.0" },
    /* Nobody: no statistic at all. */
    { 0.0, 0, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autofree char *text = kv_sdc_format_statistic (vectors[i].value,
                                                       vectors[i].n_people);

      g_test_message ("statistic %g over %u", vectors[i].value,
                      vectors[i].n_people);
      g_assert_cmpstr (text, ==, vectors[i].text);
    }
}

/* Reports are read by statistics packages: a decimal comma would break
 * them.  Runs only where a locale with a decimal comma is installed. */
static void
test_format_ignores_locale (void)
{
  static const char * const locales[] = {
    "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8",
  };
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));
  g_autofree char *percent = NULL;
  g_autofree char *statistic = NULL;
  gboolean found = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (locales) && !found; i++)
    found = setlocale (LC_NUMERIC, locales[i]) != NULL;

  if (!found)
    {
      g_test_skip ("no locale with a decimal comma is installed");
      return;
    }

  percent = kv_sdc_format_percent (10, 30);
  statistic = kv_sdc_format_statistic (2.5, 8);
  setlocale (LC_NUMERIC, saved);

  g_assert_cmpstr (percent, ==, "33.3");
  g_assert_cmpstr (statistic, ==, "2.5");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/forms/sdc/count/vectors", test_count_vectors);
  g_test_add_func ("/forms/sdc/count/one-to-seven-suppressed",
                   test_count_every_small_number_suppressed);
  g_test_add_func ("/forms/sdc/count/rounds-to-nearest-five",
                   test_count_rounds_to_nearest_five);

  for (guint i = 0; i < G_N_ELEMENTS (percent_vectors); i++)
    g_test_add_data_func (percent_vectors[i].path, &percent_vectors[i],
                          test_percent_vector);
  g_test_add_func ("/forms/sdc/percent/numerator-above-denominator",
                   test_percent_numerator_above_denominator);

  g_test_add_func ("/forms/sdc/statistic/status", test_statistic);
  g_test_add_func ("/forms/sdc/statistic/format", test_format_statistic);
  g_test_add_func ("/forms/sdc/format-ignores-locale",
                   test_format_ignores_locale);

  return g_test_run ();
}
