/* agg-html-table.c — published rows as HTML tables. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "agg-html-page.h"
#include "agg-html-table.h"

static const struct
{
  const char *column;
  const char *label;
} column_labels[] = {
  { "child", N_("Child") },
  { "service", N_("Service") },
  { "age_band", N_("Age band") },
  { "dsr", N_("DSR") },
  { "measure", N_("Measure") },
  { "respondent", N_("Respondent") },
  { "baseline_date", N_("Baseline date") },
  { "baseline_score", N_("Baseline score") },
  { "latest_date", N_("Latest date") },
  { "latest_score", N_("Latest score") },
  { "change", N_("Change") },
  { "points", N_("Points") },
  { "flags", N_("Flags") },
  { "children", N_("Children with a change") },
  { "mean_change", N_("Mean change") },
  { "median_change", N_("Median change") },
  { "ci_lower", N_("95% CI lower") },
  { "ci_upper", N_("95% CI upper") },
  { "pct_improved", N_("% improved") },
  { "pct_goals_achieved", N_("% goals achieved") },
  { "quarter", N_("Quarter") },
  { "quarter_start", N_("From") },
  { "quarter_end", N_("To") },
  { "children_registered", N_("Children registered") },
  { "families_asked", N_("Families asked") },
  { "pct_asked", N_("% asked") },
  { "rag", N_("RAG") },
  { "completed", N_("Completed") },
  { "declined", N_("Declined") },
  { "responses", N_("Responses") },
  { "fft_n", N_("FFT answers") },
  { "fft_positive_pct", N_("FFT % positive") },
  { "fft_negative_pct", N_("FFT % negative") },
};

const char *
agg_html_column_label (const char *column)
{
  for (guint i = 0; i < G_N_ELEMENTS (column_labels); i++)
    if (g_str_equal (column, column_labels[i].column))
      return _(column_labels[i].label);
  return column;
}


static gboolean
is_numeric_column (AggReportTable *table,
                   guint           column)
{
  for (guint r = 0; r < agg_report_table_get_n_rows (table); r++)
    if (agg_report_table_get_kind (table, r, column) == AGG_REPORT_CELL_TEXT)
      return FALSE;
  return TRUE;
}

/* Whether @text is a date "YYYY-MM-DD", which must not break at its
 * hyphens. */
static gboolean
looks_like_date (const char *text)
{
  if (text == NULL || strlen (text) != 10)
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i == 4 || i == 7 ? text[i] != '-' : !g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

void
agg_html_append_cell (GString           *out,
                      AggReportCellKind  kind,
                      const char        *text,
                      gboolean           numeric)
{
  if (numeric)
    g_string_append (out, "<td class=\"num\">");
  else if (looks_like_date (text))
    g_string_append (out, "<td class=\"nowrap\">");
  else
    g_string_append (out, "<td>");
  switch (kind)
    {
    case AGG_REPORT_CELL_SUPPRESSED:
      agg_html_append_markup (out, "<abbr title=\"%s\">*</abbr>",
                              _("Suppressed: fewer than 8 people, or a count of 1 to 7"));
      break;
    case AGG_REPORT_CELL_EMPTY:
      agg_html_append_markup (out, "<span class=\"na\" title=\"%s\">–</span>", _("None"));
      break;
    case AGG_REPORT_CELL_TEXT:
    case AGG_REPORT_CELL_NUMBER:
    default:
      agg_html_append_escaped (out, text);
      break;
    }
  g_string_append (out, "</td>");
}

void
agg_html_append_columns_table (GString        *out,
                               AggReportTable *table,
                               const char     *caption,
                               guint           first,
                               guint           last)
{
  g_autofree gboolean *numeric = g_new0 (gboolean, last + 1);

  for (guint c = first; c <= last; c++)
    numeric[c] = is_numeric_column (table, c);

  g_string_append (out, "<div class=\"rows\">\n<table>\n");
  agg_html_append_markup (out, "<caption>%s</caption>\n<thead><tr>", caption);
  for (guint c = first; c <= last; c++)
    agg_html_append_markup (out, "<th scope=\"col\">%s</th>",
                            agg_html_column_label (agg_report_table_get_column (table, c)));
  g_string_append (out, "</tr></thead>\n<tbody>\n");
  for (guint r = 0; r < agg_report_table_get_n_rows (table); r++)
    {
      g_string_append (out, "<tr>");
      for (guint c = first; c <= last; c++)
        agg_html_append_cell (out, agg_report_table_get_kind (table, r, c),
                              agg_report_table_get_text (table, r, c), numeric[c]);
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</tbody>\n</table>\n</div>\n");
}

void
agg_html_append_rows_table (GString        *out,
                            AggReportTable *table,
                            const char     *caption)
{
  agg_html_append_columns_table (out, table, caption, 0,
                                 agg_report_table_get_n_columns (table) - 1);
}

double
agg_html_cell_value (AggReportTable *table,
                     guint           row,
                     int             column)
{
  if (column < 0 || agg_report_table_get_kind (table, row, column) != AGG_REPORT_CELL_NUMBER)
    return NAN;
  return g_ascii_strtod (agg_report_table_get_text (table, row, column), NULL);
}


GPtrArray *
agg_html_distinct_values (AggReportTable *table,
                          const char     *column)
{
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);
  int c = agg_report_table_find_column (table, column);

  for (guint r = 0; r < agg_report_table_get_n_rows (table); r++)
    {
      const char *value = agg_report_table_get_text (table, r, c);

      if (!g_ptr_array_find_with_equal_func (values, value, g_str_equal, NULL))
        g_ptr_array_add (values, g_strdup (value));
    }
  return values;
}

