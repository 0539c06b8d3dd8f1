/* agg-report-options.h — what every report is asked for (docs/reports.md):
 * its service, its window and the RAG thresholds of standard 7.3.  Its own
 * header, so each report's header can take options without including
 * agg-report.h, which includes them. */
#pragma once

#include <glib.h>

#include "agg-form-registry.h"

G_BEGIN_DECLS

/* The default RAG thresholds of the 7.3 report, in % of families asked. */
#define AGG_REPORT_DEFAULT_RAG_GREEN 90.0
#define AGG_REPORT_DEFAULT_RAG_AMBER 50.0

typedef struct
{
  const char      *service_id;  /* NULL: every service */
  const char      *from;        /* "YYYY-MM-DD", inclusive, or NULL */
  const char      *to;          /* "YYYY-MM-DD", inclusive, or NULL */
  double           rag_green;   /* ≥ this % asked is green */
  double           rag_amber;   /* ≥ this % asked is amber; below is red */
  AggFormRegistry *forms;       /* the forms answers were given on; NULL:
                                 * agg_form_registry_default_dir () */
  const char      *generated;   /* date printed on HTML pages; NULL: today */
} AggReportOptions;

/* Every field NULL, thresholds at their defaults. */
void     agg_report_options_init  (AggReportOptions        *options);
/* Checks @options: dates are real YYYY-MM-DD dates, from ≤ to, and
 * 0 ≤ amber ≤ green ≤ 100.  AGG_ERROR_INVALID with a reason otherwise. */
gboolean agg_report_options_check (const AggReportOptions  *options,
                                   GError                 **error);

G_END_DECLS
