/* agg-html-table.h — a report's published rows as HTML tables, and the
 * reading back of their cells for the charts.
 *
 * Charts are drawn from the published (suppressed) table, never from the
 * raw figures, so a chart cannot show what the table hides: a suppressed
 * cell reads back as NAN, like an empty one.
 */
#pragma once

#include <glib.h>

#include "agg-report-table.h"

G_BEGIN_DECLS

/* The column's heading for people; an unknown column is its own label. */
const char *agg_html_column_label         (const char        *column);
/* One <td>: right-aligned when @numeric, unbroken when @text is a date;
 * a suppressed cell is "*" with its reason as a tooltip, an empty one a
 * dash. */
void        agg_html_append_cell          (GString           *out,
                                           AggReportCellKind  kind,
                                           const char        *text,
                                           gboolean           numeric);
/* The columns @first…@last of @table as a captioned HTML table; a column
 * with no text cell is numeric. */
void        agg_html_append_columns_table (GString           *out,
                                           AggReportTable    *table,
                                           const char        *caption,
                                           guint              first,
                                           guint              last);
/* Every column of @table. */
void        agg_html_append_rows_table    (GString           *out,
                                           AggReportTable    *table,
                                           const char        *caption);
/* The published number in a cell, or NAN for "*", an empty cell, text or
 * a @column of -1. */
double      agg_html_cell_value           (AggReportTable    *table,
                                           guint              row,
                                           int                column);
/* The values of @column in @table (char *), each once, in the order first
 * seen. */
GPtrArray  *agg_html_distinct_values      (AggReportTable    *table,
                                           const char        *column);

G_END_DECLS
