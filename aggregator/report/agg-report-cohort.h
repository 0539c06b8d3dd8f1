/* agg-report-cohort.h — change by service × age band × DSR rating ×
 * measure, with small-number suppression (docs/reports.md "cohort"). */
#pragma once

#include <glib.h>

#include "agg-report-change.h"
#include "agg-report-table.h"

G_BEGIN_DECLS

/* The published cohort rows: every count, percentage and statistic has
 * been through libkvforms' kv-sdc.c, so the table (and anything drawn from
 * it) holds nothing that may not leave the system. */
AggReportTable *agg_report_cohort_to_table (AggReportChange *change);

G_END_DECLS
