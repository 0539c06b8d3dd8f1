/* agg-html-change.h — the change report as a page (docs/reports.md
 * "change"): a chart of every child's trajectories, one panel per measure
 * with the figures in a table beside it, then the table of all rows. */
#pragma once

#include <glib.h>

#include "agg-html-page.h"
#include "agg-report-change.h"
#include "agg-report-table.h"

G_BEGIN_DECLS

/* Children whose trajectories are drawn; the table of rows holds them all. */
#define AGG_HTML_MAX_TRAJECTORIES 40

/* @table is agg_report_change_to_table (@change). */
void agg_html_change (GString              *out,
                      const AggHtmlContext *context,
                      AggReportChange      *change,
                      AggReportTable       *table);

G_END_DECLS
