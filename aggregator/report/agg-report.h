/* agg-report.h — the reports of docs/reports.md, for the
 * CLI ("report", "export") and, through agg_report_request_render() in
 * agg-report-request.h, for GET /api/v1/reports/{kind}.
 *
 * Who may see what is decided by the caller, not here: a service token's
 * own service comes in as options->service_id and an evaluator's as NULL
 * (every service); AGG_REPORT_RESPONSES, the row-level experience export
 * that carries free text, is for evaluators only.  The caller also records
 * the pull in the audit trail (agg_audit_record() with action "report",
 * target agg_report_kind_to_string() and detail agg_report_describe()).
 *
 * Every report is computed from the database alone, read only; every
 * aggregate passes through libkvforms' kv-sdc.c (small-number suppression)
 * before it leaves.  Columns, formulas and flags are in docs/reports.md.
 */
#pragma once

#include <glib.h>

#include "agg-form-registry.h"
#include "agg-report-options.h"
#include "agg-store-reports.h"

G_BEGIN_DECLS

typedef enum
{
  AGG_REPORT_CHANGE,      /* per child × measure × respondent; pseudonymous rows */
  AGG_REPORT_COHORT,      /* service × age band × DSR × measure; suppressed */
  AGG_REPORT_EXPERIENCE,  /* standard 7.3 per service per quarter; suppressed */
  AGG_REPORT_SCORES,      /* export: every score as a long table; rows */
  AGG_REPORT_RESPONSES,   /* export: experience answers with free text; evaluators only */
} AggReportKind;

typedef enum
{
  AGG_REPORT_FORMAT_CSV,
  AGG_REPORT_FORMAT_JSON,
  AGG_REPORT_FORMAT_HTML,  /* change, cohort and experience only */
} AggReportFormat;

const char  *agg_report_kind_to_string        (AggReportKind           kind);
gboolean     agg_report_kind_from_string      (const char             *string,
                                               AggReportKind          *kind);
const char  *agg_report_format_to_string      (AggReportFormat         format);
gboolean     agg_report_format_from_string    (const char             *string,
                                               AggReportFormat        *format);
/* "text/csv; charset=utf-8; header=present", "application/json" or
 * "text/html; charset=utf-8". */
const char  *agg_report_format_content_type   (AggReportFormat         format);
/* Whether @format can be made for @kind (HTML only for the three reports). */
gboolean     agg_report_kind_has_format       (AggReportKind           kind,
                                               AggReportFormat         format);

/* Runs report @kind and returns it in @format.  @content_type, if not
 * NULL, gets a static string for the Content-Type header.  An unknown
 * service is AGG_ERROR_NOT_FOUND; bad options are AGG_ERROR_INVALID. */
GBytes      *agg_report_run                   (AggDb                  *db,
                                               AggReportKind           kind,
                                               const AggReportOptions *options,
                                               AggReportFormat         format,
                                               const char            **content_type,
                                               GError                **error);

/* A short line for the audit trail: "format=csv service=north
 * from=2025-04-01 to=2026-03-31".  Never a child code or free text. */
char        *agg_report_describe              (AggReportKind           kind,
                                               const AggReportOptions *options,
                                               AggReportFormat         format);

G_END_DECLS
