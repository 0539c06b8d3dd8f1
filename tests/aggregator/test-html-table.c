/* test-html-table.c — published rows as HTML tables (agg-html-table.c),
 * and the cells read back for the charts: a suppressed figure must never
 * come back as a number. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "agg-html-table.h"

static AggReportTable *
make_table (void)
{
  static const char * const columns[] = { "service", "quarter_start", "children", "mean_change", NULL };
  AggReportTable *table = agg_report_table_new (columns);

  agg_report_table_begin_row (table);
  agg_report_table_add_text (table, "test-alpha");
  agg_report_table_add_text (table, "2025-04-01");
  agg_report_table_add_uint (table, 10);
  agg_report_table_add_double (table, 19.78, 1);
  agg_report_table_begin_row (table);
  agg_report_table_add_text (table, "test-beta");
  agg_report_table_add_text (table, "2025-07-01");
  agg_report_table_add_suppressed (table);
  agg_report_table_add_empty (table);
  agg_report_table_begin_row (table);
  agg_report_table_add_text (table, "test-alpha");
  agg_report_table_add_empty (table);
  agg_report_table_add_uint (table, 0);
  agg_report_table_add_suppressed (table);
  return table;
}

static void
test_column_labels (void)
{
  g_assert_cmpstr (agg_html_column_label ("pct_asked"), ==, "% asked");
  g_assert_cmpstr (agg_html_column_label ("ci_lower"), ==, "95% CI lower");
  g_assert_cmpstr (agg_html_column_label ("who_n"), ==, "who_n");
}

static void
test_cells (void)
{
  g_autoptr(GString) out = g_string_new (NULL);

  agg_html_append_cell (out, AGG_REPORT_CELL_NUMBER, "12.5", TRUE);
  g_assert_cmpstr (out->str, ==, "<td class=\"num\">12.5</td>");

  /* A date does not break at its hyphens; other text may. */
  g_string_truncate (out, 0);
  agg_html_append_cell (out, AGG_REPORT_CELL_TEXT, "2025-04-01", FALSE);
  agg_html_append_cell (out, AGG_REPORT_CELL_TEXT, "2025-4-01", FALSE);
  agg_html_append_cell (out, AGG_REPORT_CELL_TEXT, "a<b", FALSE);
  g_assert_cmpstr (out->str, ==, "<td class=\"nowrap\">2025-04-01</td><td>2025-4-01</td>"
                                 "<td>a&lt;b</td>");

  /* A suppressed cell says why; an empty one is a dash. */
  g_string_truncate (out, 0);
  agg_html_append_cell (out, AGG_REPORT_CELL_SUPPRESSED, "*", TRUE);
  g_assert_cmpstr (out->str, ==, "<td class=\"num\"><abbr title=\"Suppressed: fewer than 8 "
                                 "people, or a count of 1 to 7\">*</abbr></td>");
  g_string_truncate (out, 0);
  agg_html_append_cell (out, AGG_REPORT_CELL_EMPTY, "", FALSE);
  g_assert_cmpstr (out->str, ==, "<td><span class=\"na\" title=\"None\">–</span></td>");
}

static void
test_columns_table (void)
{
  g_autoptr(AggReportTable) table = make_table ();
  g_autoptr(GString) out = g_string_new (NULL);

  /* Columns 2…3 only; both hold no text, so both are numeric. */
  agg_html_append_columns_table (out, table, "Caption & all", 2, 3);
  g_assert_true (g_str_has_prefix (out->str, "<div class=\"rows\">\n<table>\n"
                                             "<caption>Caption &amp; all</caption>\n<thead><tr>"
                                             "<th scope=\"col\">Children with a change</th>"
                                             "<th scope=\"col\">Mean change</th></tr></thead>\n"
                                             "<tbody>\n<tr><td class=\"num\">10</td>"
                                             "<td class=\"num\">19.8</td></tr>\n"));
  g_assert_true (g_str_has_suffix (out->str, "</tbody>\n</table>\n</div>\n"));
  g_assert_null (strstr (out->str, "test-alpha"));

  /* Every column: the text columns are not numeric. */
  g_string_truncate (out, 0);
  agg_html_append_rows_table (out, table, "All");
  g_assert_nonnull (strstr (out->str, "<tr><td>test-alpha</td><td class=\"nowrap\">2025-04-01</td>"
                                      "<td class=\"num\">10</td>"));
}

static void
test_cell_value (void)
{
  g_autoptr(AggReportTable) table = make_table ();

  g_assert_cmpfloat (agg_html_cell_value (table, 0, 3), ==, 19.8);
  g_assert_cmpfloat (agg_html_cell_value (table, 2, 2), ==, 0);
  /* Suppressed, empty, text and no column at all are not numbers. */
  g_assert_true (isnan (agg_html_cell_value (table, 1, 2)));
  g_assert_true (isnan (agg_html_cell_value (table, 1, 3)));
  g_assert_true (isnan (agg_html_cell_value (table, 0, 0)));
  g_assert_true (isnan (agg_html_cell_value (table, 0, -1)));
}

static void
test_distinct_values (void)
{
  g_autoptr(AggReportTable) table = make_table ();
  g_autoptr(GPtrArray) services = agg_html_distinct_values (table, "service");

  g_assert_cmpuint (services->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (services, 0), ==, "test-alpha");
  g_assert_cmpstr (g_ptr_array_index (services, 1), ==, "test-beta");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/aggregator/html-table/column-labels", test_column_labels);
  g_test_add_func ("/aggregator/html-table/cells", test_cells);
  g_test_add_func ("/aggregator/html-table/columns-table", test_columns_table);
  g_test_add_func ("/aggregator/html-table/cell-value", test_cell_value);
  g_test_add_func ("/aggregator/html-table/distinct-values", test_distinct_values);

  return g_test_run ();
}
