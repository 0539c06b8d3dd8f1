/* agg-report-options.c — what a report is asked for: its window, its
 * service and its RAG thresholds, and the check that they make sense. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "agg-error.h"
#include "agg-report-options.h"

void
agg_report_options_init (AggReportOptions *options)
{
  g_return_if_fail (options != NULL);

  *options = (AggReportOptions) {
    .rag_green = AGG_REPORT_DEFAULT_RAG_GREEN,
    .rag_amber = AGG_REPORT_DEFAULT_RAG_AMBER,
  };
}

static gboolean
is_date (const char *text)
{
  int year, month, day;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  year = g_ascii_strtoll (text, NULL, 10);
  month = g_ascii_strtoll (text + 5, NULL, 10);
  day = g_ascii_strtoll (text + 8, NULL, 10);
  return g_date_valid_dmy (day, month, year);
}

gboolean
agg_report_options_check (const AggReportOptions  *options,
                          GError                 **error)
{
  g_return_val_if_fail (options != NULL, FALSE);

  if (options->from != NULL && !is_date (options->from))
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID,
                   _("the start date must be a date written YYYY-MM-DD"));
      return FALSE;
    }
  if (options->to != NULL && !is_date (options->to))
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID,
                   _("the end date must be a date written YYYY-MM-DD"));
      return FALSE;
    }
  if (options->from != NULL && options->to != NULL && strcmp (options->from, options->to) > 0)
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID,
                   _("the start date is after the end date"));
      return FALSE;
    }
  if (!(options->rag_amber >= 0.0 && options->rag_amber <= options->rag_green
        && options->rag_green <= 100.0))
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID,
                   _("the RAG thresholds must satisfy 0 ≤ amber ≤ green ≤ 100"));
      return FALSE;
    }
  return TRUE;
}
