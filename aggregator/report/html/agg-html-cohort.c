/* agg-html-cohort.c — mean change by group, drawn from the published
 * cohort table. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "agg-html-cohort.h"
#include "agg-html-svg.h"
#include "agg-html-table.h"

#define BAR_COLOUR "#0a5fa8"

static double
nice_ceiling (double value)
{
  static const double steps[] = { 5, 10, 20, 25, 50, 100 };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (value <= steps[i])
      return steps[i];
  return ceil (value / 100.0) * 100.0;
}

static void
draw_cohort_measure (GString              *out,
                     const AggHtmlContext *context,
                     AggReportTable       *table,
                     const char           *measure,
                     guint                 index)
{
  int c_service = agg_report_table_find_column (table, "service");
  int c_age = agg_report_table_find_column (table, "age_band");
  int c_dsr = agg_report_table_find_column (table, "dsr");
  int c_measure = agg_report_table_find_column (table, "measure");
  int c_children = agg_report_table_find_column (table, "children");
  int c_mean = agg_report_table_find_column (table, "mean_change");
  int c_median = agg_report_table_find_column (table, "median_change");
  int c_lower = agg_report_table_find_column (table, "ci_lower");
  int c_upper = agg_report_table_find_column (table, "ci_upper");
  int c_improved = agg_report_table_find_column (table, "pct_improved");
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *id = g_strdup_printf ("cohort-%u", index);
  g_autofree char *title = NULL;
  const char *name = agg_html_measure_label (context, measure);
  double extent = 0;
  double label_width = 300, row_height = 30, top = 46, bottom = 48;
  double width = 780, value_width = 90;
  AggHtmlPlot plot;

  for (guint r = 0; r < agg_report_table_get_n_rows (table); r++)
    if (g_str_equal (agg_report_table_get_text (table, r, c_measure), measure))
      {
        g_array_append_val (rows, r);
        for (int c = c_mean; c <= c_upper; c++)
          if (!isnan (agg_html_cell_value (table, r, c)))
            extent = MAX (extent, fabs (agg_html_cell_value (table, r, c)));
      }

  extent = nice_ceiling (extent);
  plot = (AggHtmlPlot) { label_width, top, width - label_width - value_width - 10,
                  rows->len * row_height, 0, 1, -extent, extent, 11 };

  /* TRANSLATORS: a chart title; %s is a measure such as "Goal attainment
   * (GAS T-score)". */
  title = g_strdup_printf (_("Mean change in %s by service, age band and DSR rating"), name);

  agg_html_append_markup (out, "<figure class=\"wide\" id=\"%s\">\n<figcaption><h3>%s</h3>",
                          id, title);
  agg_html_append_markup (out, "<p class=\"meta\">%s</p></figcaption>\n<div>\n",
                          _("Bars show the mean change from baseline to the latest score of "
                            "children with at least two time points; the whiskers are the 95% "
                            "confidence interval. Groups of fewer than 8 children are "
                            "suppressed."));

  agg_html_svg_begin (out, id, width, top + plot.height + bottom, title,
                      _("Horizontal bar chart: one bar per group of service, age band and DSR "
                        "rating; bars right of zero are improvements. Suppressed groups have no "
                        "bar. The figures are in the table that follows."));

  /* The value axis, at the top and the bottom, in the measure's units. */
  for (int i = -2; i <= 2; i++)
    {
      double v = extent * i / 2.0;
      double x = label_width + (v + extent) / (2 * extent) * plot.width;
      char text[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (text, sizeof text, "%+.0f", v);
      if (i == 0)
        g_strlcpy (text, "0", sizeof text);
      agg_html_svg_line (out, x, top - 4, x, top + plot.height, i == 0 ? "axis" : "grid");
      agg_html_svg_text (out, x, top - 8, "middle", 11, "class=\"muted\"", text);
    }
  agg_html_svg_text (out, label_width + plot.width / 2, top + plot.height + 20, "middle", 12, "",
                     _("Mean change (latest minus baseline), with 95% confidence interval"));
  agg_html_svg_text (out, label_width + plot.width / 2, top + plot.height + 38, "middle", 11,
                     "class=\"muted\"", _("← worse · better →"));
  agg_html_svg_text (out, 8, 18, "start", 13, "font-weight=\"600\"", name);

  for (guint i = 0; i < rows->len; i++)
    {
      guint r = g_array_index (rows, guint, i);
      double y = top + i * row_height;
      double mean = agg_html_cell_value (table, r, c_mean);
      double lower = agg_html_cell_value (table, r, c_lower);
      double upper = agg_html_cell_value (table, r, c_upper);
      double x0 = label_width + plot.width / 2;
      const char *service = agg_report_table_get_text (table, r, c_service);
      const char *age_band = agg_report_table_get_text (table, r, c_age);
      const char *dsr = agg_report_table_get_text (table, r, c_dsr);
      g_autofree char *label = g_strdup_printf ("%s · %s · %s",
                                                agg_html_service_label (context, service),
                                                agg_html_age_band_label (age_band),
                                                agg_html_dsr_label (dsr));

      /* Long service names are cut so the label keeps to its column; the
       * full name is in the table. */
      if (g_utf8_strlen (label, -1) > 46)
        {
          g_autofree char *cut = g_utf8_substring (label, 0, 45);

          g_free (label);
          label = g_strconcat (cut, "…", NULL);
        }
      agg_html_svg_text (out, label_width - 8, y + row_height / 2 + 4, "end", 11, "", label);

      if (!isnan (mean))
        {
          double xm = label_width + (mean + extent) / (2 * extent) * plot.width;
          char text[G_ASCII_DTOSTR_BUF_SIZE];

          g_string_append_printf (out, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"14\" "
                                  "fill=\"%s\"/>\n",
                                  agg_html_num (MIN (x0, xm)).s,
                                  agg_html_num (y + row_height / 2 - 7).s,
                                  agg_html_num (MAX (fabs (xm - x0), 1.5)).s, BAR_COLOUR);
          if (!isnan (lower) && !isnan (upper))
            {
              double xl = label_width + (lower + extent) / (2 * extent) * plot.width;
              double xu = label_width + (upper + extent) / (2 * extent) * plot.width;
              double yc = y + row_height / 2;

              g_string_append_printf (out, "<path d=\"M%s %sL%s %sM%s %sL%s %sM%s %sL%s %s\" "
                                      "stroke=\"#1f2328\" stroke-width=\"1.5\" fill=\"none\"/>\n",
                                      agg_html_num (xl).s, agg_html_num (yc).s,
                                      agg_html_num (xu).s, agg_html_num (yc).s,
                                      agg_html_num (xl).s, agg_html_num (yc - 6).s,
                                      agg_html_num (xl).s, agg_html_num (yc + 6).s,
                                      agg_html_num (xu).s, agg_html_num (yc - 6).s,
                                      agg_html_num (xu).s, agg_html_num (yc + 6).s);
            }
          g_ascii_formatd (text, sizeof text, "%+.1f", mean);
          agg_html_svg_text (out, width - value_width + 4,
                             y + row_height / 2 + 4, "start", 11, "", text);
        }
      else
        {
          gboolean suppressed = agg_report_table_get_kind (table, r, c_mean)
                                == AGG_REPORT_CELL_SUPPRESSED;

          agg_html_svg_text (out, x0 + 6, y + row_height / 2 + 4, "start", 11, "class=\"muted\"",
                             suppressed ? _("suppressed: under 8 children")
                                        : _("no child with two time points"));
        }
    }
  agg_html_svg_end (out);

  g_string_append (out, "</div>\n<div class=\"data\">\n<table>\n");
  agg_html_append_markup (out, "<caption>%s</caption>\n", title);
  agg_html_append_markup (out, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                          "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                          "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                          "</tr></thead>\n<tbody>\n",
                          _("Group"), _("Children"), _("Mean"), _("95% CI"),
                          _("Median"), _("% improved"));
  for (guint i = 0; i < rows->len; i++)
    {
      guint r = g_array_index (rows, guint, i);

      const char *service = agg_report_table_get_text (table, r, c_service);
      const char *age_band = agg_report_table_get_text (table, r, c_age);
      const char *dsr = agg_report_table_get_text (table, r, c_dsr);

      agg_html_append_markup (out, "<tr><th scope=\"row\">%s · %s · %s</th>",
                              agg_html_service_label (context, service),
                              agg_html_age_band_label (age_band), agg_html_dsr_label (dsr));
      agg_html_append_cell (out, agg_report_table_get_kind (table, r, c_children),
                            agg_report_table_get_text (table, r, c_children), TRUE);
      agg_html_append_cell (out, agg_report_table_get_kind (table, r, c_mean),
                            agg_report_table_get_text (table, r, c_mean), TRUE);
      if (agg_report_table_get_kind (table, r, c_lower) == AGG_REPORT_CELL_NUMBER)
        agg_html_append_markup (out, "<td class=\"num\">%s to %s</td>",
                                agg_report_table_get_text (table, r, c_lower),
                                agg_report_table_get_text (table, r, c_upper));
      else
        agg_html_append_cell (out, agg_report_table_get_kind (table, r, c_lower), "", TRUE);
      agg_html_append_cell (out, agg_report_table_get_kind (table, r, c_median),
                            agg_report_table_get_text (table, r, c_median), TRUE);
      agg_html_append_cell (out, agg_report_table_get_kind (table, r, c_improved),
                            agg_report_table_get_text (table, r, c_improved), TRUE);
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</tbody>\n</table>\n</div>\n</figure>\n");
}

void
agg_html_cohort (GString              *out,
                 const AggHtmlContext *context,
                 AggReportTable       *table)
{
  g_autoptr(GPtrArray) measures = agg_html_distinct_values (table, "measure");

  agg_html_begin_page (out, context, _("Cohort change"),
                       _("Change from baseline to the latest score, by service, age band, DSR "
                         "rating and measure, for children with at least two time points. Small "
                         "numbers are suppressed: 1 to 7 is shown as *, other counts are rounded "
                         "to the nearest 5, percentages are computed from the rounded counts, and "
                         "a mean, median or confidence interval over fewer than 8 children is *."));

  agg_html_sort_measures (measures);

  agg_html_append_markup (out, "<h2>%s</h2>\n", _("Change by group"));
  if (measures->len == 0)
    agg_html_append_markup (out, "<p>%s</p>\n", _("No child has a score in this report yet."));
  for (guint m = 0; m < measures->len; m++)
    draw_cohort_measure (out, context, table, g_ptr_array_index (measures, m), m + 1);

  agg_html_append_markup (out, "<h2>%s</h2>\n", _("All rows"));
  agg_html_append_rows_table (out, table,
                              _("Cohort change by service, age band, DSR rating and measure"));
  agg_html_end_page (out);
}

