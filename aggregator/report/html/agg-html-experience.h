/* agg-html-experience.h — the standard 7.3 report as a page
 * (docs/reports.md "experience"): per service, a bar chart of the families
 * asked in each quarter coloured by RAG rating, then the published rows and
 * the answers to each question. */
#pragma once

#include <glib.h>

#include "agg-html-page.h"
#include "agg-report-table.h"

G_BEGIN_DECLS

/* @table is the published 7.3 table (agg_report_experience_to_table()). */
void agg_html_experience (GString              *out,
                          const AggHtmlContext *context,
                          AggReportTable       *table);

G_END_DECLS
