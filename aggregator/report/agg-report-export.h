/* agg-report-export.h — the evaluator's row-level exports (docs/reports.md
 * "Exports"): every score as a long table, and the only place free text
 * appears. */
#pragma once

#include <glib.h>

#include "agg-form-registry.h"
#include "agg-report-table.h"
#include "agg-report-options.h"
#include "agg-store-reports.h"

G_BEGIN_DECLS

/* Every derived score, one row per score. */
AggReportTable *agg_report_export_scores    (AggDb                  *db,
                                             const AggReportOptions *options,
                                             GError                **error);

/* Every experience answer, one row per response × item, free text
 * included.  For evaluators only. */
AggReportTable *agg_report_export_responses (AggDb                  *db,
                                             const AggReportOptions *options,
                                             AggFormRegistry        *forms,
                                             GError                **error);

G_END_DECLS
