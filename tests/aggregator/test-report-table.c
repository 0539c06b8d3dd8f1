/* test-report-table.c — the CSV and JSON writers of a report's rows, on
 * values small enough to check by eye. */
#include "config.h"

#include <string.h>

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

/* A value that may not be published is withheld as "*" or left empty, and
 * one that may be is left to the caller. */
static void
test_withheld (void)
{
  g_autoptr(AggReportTable) table = agg_report_table_new (columns);
  g_autoptr(GString) out = g_string_new (NULL);

  agg_report_table_begin_row (table);
  g_assert_true (agg_report_table_add_withheld (table, KV_SDC_SUPPRESSED));
  g_assert_true (agg_report_table_add_withheld (table, KV_SDC_UNDEFINED));
  g_assert_false (agg_report_table_add_withheld (table, KV_SDC_SHOWN));
  agg_report_table_add_number (table, "40.0");

  agg_report_table_write_csv (table, out);
  g_assert_cmpstr (out->str, ==, "name,value,note\r\n*,,40.0\r\n");
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/aggregator/report-table/csv-quoting", test_csv_quoting);
  g_test_add_func ("/aggregator/report-table/withheld", test_withheld);
  g_test_add_func ("/aggregator/report-table/json-escaping", test_json_escaping);
  g_test_add_func ("/aggregator/report-table/json-empty", test_json_empty);
  g_test_add_func ("/aggregator/report-table/number-format", test_number_format);

  return g_test_run ();
}
