/* test-report-table.c — the CSV and JSON writers and the statistics behind
 * the cohort report, on values small enough to check by eye. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "agg-report-stats.h"
#include "agg-report-table.h"

static const char * const columns[] = { "name", "value", "note", NULL };

static void
test_csv_quoting (void)
{
  g_autoptr(AggReportTable) table = agg_report_table_new (columns);
  g_autoptr(GString) out = g_string_new (NULL);

  agg_report_table_begin_row (table);
  agg_report_table_add_text (table, "plain");
  agg_report_table_add_number (table, "1.5");
  agg_report_table_add_empty (table);

  /* RFC 4180 §2.6–2.7: comma, quote, CR and LF force quotes; quotes are
   * doubled; a leading '=' or a tab is data, written as it is. */
  agg_report_table_begin_row (table);
  agg_report_table_add_text (table, "a,b");
  agg_report_table_add_suppressed (table);
  agg_report_table_add_text (table, "say \"hi\"\r\nthen =SUM(A1)\tand ’quotes’");

  agg_report_table_begin_row (table);
  agg_report_table_add_text (table, "");
  agg_report_table_add_sdc (table, "");
  agg_report_table_add_sdc (table, "*");

  agg_report_table_write_csv (table, out);
  g_assert_cmpstr (out->str, ==,
                   "name,value,note\r\n"
                   "plain,1.5,\r\n"
                   "\"a,b\",*,\"say \"\"hi\"\"\r\nthen =SUM(A1)\tand ’quotes’\"\r\n"
                   ",,*\r\n");
}

static void
test_json_escaping (void)
{
  g_autoptr(AggReportTable) table = agg_report_table_new (columns);
  g_autoptr(GString) out = g_string_new (NULL);

  agg_report_table_begin_row (table);
  agg_report_table_add_text (table, "quote \" backslash \\ newline \n tab \t bell \a é");
  agg_report_table_add_suppressed (table);
  agg_report_table_add_empty (table);
  agg_report_table_begin_row (table);
  agg_report_table_add_text (table, "x");
  agg_report_table_add_uint (table, 15);
  agg_report_table_add_double (table, 2.0 / 3.0, 1);

  agg_report_table_write_json (table, out);
  g_assert_cmpstr (out->str, ==,
                   "{\"rows\": [\n"
                   "  {\"name\": \"quote \\\" backslash \\\\ newline \\n tab \\t bell \\u0007 é\", "
                   "\"value\": \"*\", \"note\": null},\n"
                   "  {\"name\": \"x\", \"value\": 15, \"note\": 0.7}\n"
                   "]}\n");
}

static void
test_json_empty (void)
{
  g_autoptr(AggReportTable) table = agg_report_table_new (columns);
  g_autoptr(GString) out = g_string_new (NULL);

  agg_report_table_write_json (table, out);
  g_assert_cmpstr (out->str, ==, "{\"rows\": []}\n");
}

static void
test_number_format (void)
{
  g_autoptr(AggReportTable) table = agg_report_table_new (columns);

  agg_report_table_begin_row (table);
  /* A tiny negative difference is published as the zero it rounds to. */
  agg_report_table_add_double (table, -0.004, 2);
  agg_report_table_add_double (table, -0.006, 2);
  agg_report_table_add_double (table, 63.693063937629155, 2);
  g_assert_cmpstr (agg_report_table_get_text (table, 0, 0), ==, "0.00");
  g_assert_cmpstr (agg_report_table_get_text (table, 0, 1), ==, "-0.01");
  g_assert_cmpstr (agg_report_table_get_text (table, 0, 2), ==, "63.69");
  g_assert_cmpint (agg_report_table_find_column (table, "note"), ==, 2);
  g_assert_cmpint (agg_report_table_find_column (table, "nothing"), ==, -1);
}

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/aggregator/report-table/csv-quoting", test_csv_quoting);
  g_test_add_func ("/aggregator/report-table/json-escaping", test_json_escaping);
  g_test_add_func ("/aggregator/report-table/json-empty", test_json_empty);
  g_test_add_func ("/aggregator/report-table/number-format", test_number_format);
  g_test_add_func ("/aggregator/report-stats/t-quantiles", test_t_quantiles);
  g_test_add_func ("/aggregator/report-stats/summary", test_summary);

  return g_test_run ();
}
