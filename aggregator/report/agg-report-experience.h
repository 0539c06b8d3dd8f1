/* agg-report-experience.h — minimum standard 7.3 per service per quarter:
 * were families asked about keyworking, and what did they say (docs/reports.md
 * "experience"). */
#pragma once

#include <glib.h>

#include "agg-form-registry.h"
#include "agg-report-table.h"
#include "agg-report-options.h"
#include "agg-store-reports.h"

G_BEGIN_DECLS

/* The published rows, every count and percentage suppressed by
 * libkvforms' kv-sdc.c.  Item columns follow the newest "experience" form
 * in @forms. */
AggReportTable *agg_report_experience_to_table (AggDb                  *db,
                                                const AggReportOptions *options,
                                                AggFormRegistry        *forms,
                                                GError                **error);

/* The NHS financial-year quarter holding @date ("YYYY-MM-DD" or
 * "YYYY-MM"): its label ("2025/26 Q1"), first and last day.  FALSE when
 * @date is not a date. */
gboolean        agg_report_quarter_of          (const char             *date,
                                                char                  **label,
                                                char                  **first_day,
                                                char                  **last_day);

G_END_DECLS
