/* agg-html-cohort.h — the cohort report as a page (docs/reports.md
 * "cohort"): per measure, a bar chart of the mean change of every group
 * with its 95% confidence interval, then the table of all rows. */
#pragma once

#include <glib.h>

#include "agg-html-page.h"
#include "agg-report-table.h"

G_BEGIN_DECLS

/* @table is the published cohort table (agg_report_cohort_to_table()):
 * the bars are drawn from its suppressed figures, so a suppressed group
 * has no bar. */
void agg_html_cohort (GString              *out,
                      const AggHtmlContext *context,
                      AggReportTable       *table);

G_END_DECLS
