/* agg-report-html.h — reports as one self-contained HTML page: inline CSS,
 * inline SVG charts drawn here, no script, no external reference.
 *
 * Every chart is an <svg role="img"> with a <title> and a <desc>, axis
 * labels, and a data table beside it for screen readers; the page prints
 * on A4.  Aggregate charts are drawn from the published (suppressed)
 * table, never from the raw figures, so a chart cannot show what the
 * table hides.
 */
#pragma once

#include <glib.h>

#include "agg-form-registry.h"
#include "agg-report-change.h"
#include "agg-report-table.h"
#include "agg-report-options.h"

G_BEGIN_DECLS

/* Children whose trajectories are drawn; the table of rows holds them all. */
#define AGG_REPORT_HTML_MAX_TRAJECTORIES 40

typedef struct
{
  const AggReportOptions *options;
  AggFormRegistry        *forms;          /* for measure names */
  GHashTable             *service_names;  /* service id → name */
} AggReportHtmlContext;

void  agg_report_html_change      (GString                    *out,
                                   const AggReportHtmlContext *context,
                                   AggReportChange            *change,
                                   AggReportTable             *table);
void  agg_report_html_cohort      (GString                    *out,
                                   const AggReportHtmlContext *context,
                                   AggReportTable             *table);
void  agg_report_html_experience  (GString                    *out,
                                   const AggReportHtmlContext *context,
                                   AggReportTable             *table);

G_END_DECLS
