/* agg-report.c — running a report and writing it in the asked format. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "agg-admin.h"
#include "agg-error.h"
#include "agg-report-change.h"
#include "agg-report-cohort.h"
#include "agg-report-experience.h"
#include "agg-report-export.h"
#include "agg-html-change.h"
#include "agg-html-cohort.h"
#include "agg-html-experience.h"
#include "agg-report.h"
#include "agg-store-reports.h"

static const char * const kind_names[] = {
  [AGG_REPORT_CHANGE] = "change",
  [AGG_REPORT_COHORT] = "cohort",
  [AGG_REPORT_EXPERIENCE] = "experience",
  [AGG_REPORT_SCORES] = "scores",
  [AGG_REPORT_RESPONSES] = "responses",
};

static const char * const format_names[] = {
  [AGG_REPORT_FORMAT_CSV] = "csv",
  [AGG_REPORT_FORMAT_JSON] = "json",
  [AGG_REPORT_FORMAT_HTML] = "html",
};

const char *
agg_report_kind_to_string (AggReportKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

gboolean
agg_report_kind_from_string (const char    *string,
                             AggReportKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (string, kind_names[i]) == 0)
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

const char *
agg_report_format_to_string (AggReportFormat format)
{
  g_return_val_if_fail (format < G_N_ELEMENTS (format_names), NULL);
  return format_names[format];
}

gboolean
agg_report_format_from_string (const char      *string,
                               AggReportFormat *format)
{
  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (g_strcmp0 (string, format_names[i]) == 0)
      {
        *format = i;
        return TRUE;
      }
  return FALSE;
}

const char *
agg_report_format_content_type (AggReportFormat format)
{
  switch (format)
    {
    case AGG_REPORT_FORMAT_CSV:
      /* RFC 4180 §3 registers text/csv, with "header" to say the first
       * record names the columns. */
      return "text/csv; charset=utf-8; header=present";
    case AGG_REPORT_FORMAT_JSON:
      return "application/json";
    case AGG_REPORT_FORMAT_HTML:
    default:
      return "text/html; charset=utf-8";
    }
}

gboolean
agg_report_kind_has_format (AggReportKind   kind,
                            AggReportFormat format)
{
  if (format != AGG_REPORT_FORMAT_HTML)
    return TRUE;
  return kind == AGG_REPORT_CHANGE || kind == AGG_REPORT_COHORT || kind == AGG_REPORT_EXPERIENCE;
}

char *
agg_report_describe (AggReportKind           kind,
                     const AggReportOptions *options,
                     AggReportFormat         format)
{
  GString *detail = g_string_new (NULL);

  g_string_append_printf (detail, "format=%s", agg_report_format_to_string (format));
  g_string_append_printf (detail, " service=%s",
                          options->service_id != NULL ? options->service_id : "all");
  if (options->from != NULL)
    g_string_append_printf (detail, " from=%s", options->from);
  if (options->to != NULL)
    g_string_append_printf (detail, " to=%s", options->to);
  if (kind == AGG_REPORT_EXPERIENCE
      && (options->rag_green != AGG_REPORT_DEFAULT_RAG_GREEN
          || options->rag_amber != AGG_REPORT_DEFAULT_RAG_AMBER))
    {
      char green[G_ASCII_DTOSTR_BUF_SIZE], amber[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (green, sizeof green, "%g", options->rag_green);
      g_ascii_formatd (amber, sizeof amber, "%g", options->rag_amber);
      g_string_append_printf (detail, " green=%s amber=%s", green, amber);
    }
  return g_string_free (detail, FALSE);
}

static gboolean
check_service (AggDb       *db,
               const char  *service_id,
               GError     **error)
{
  return service_id == NULL || agg_admin_service_exists (db, service_id, error);
}

static GBytes *
finish (GString         *out,
        AggReportFormat  format,
        const char     **content_type)
{
  if (content_type != NULL)
    *content_type = agg_report_format_content_type (format);
  return g_string_free_to_bytes (out);
}

GBytes *
agg_report_run (AggDb                   *db,
                AggReportKind            kind,
                const AggReportOptions  *options,
                AggReportFormat          format,
                const char             **content_type,
                GError                 **error)
{
  g_autoptr(AggFormRegistry) own_forms = NULL;
  g_autoptr(AggReportChange) change = NULL;
  g_autoptr(AggReportTable) table = NULL;
  g_autoptr(GHashTable) service_names = NULL;
  g_autoptr(GString) out = NULL;
  AggFormRegistry *forms = options->forms;
  gboolean in_transaction;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!agg_report_options_check (options, error))
    return NULL;
  if (!agg_report_kind_has_format (kind, format))
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID,
                   _("the %s export has no HTML form; ask for csv or json"),
                   agg_report_kind_to_string (kind));
      return NULL;
    }
  if (!check_service (db, options->service_id, error))
    return NULL;

  if (forms == NULL)
    {
      own_forms = agg_form_registry_new_from_dir (agg_form_registry_default_dir (), error);
      if (own_forms == NULL)
        return NULL;
      forms = own_forms;
    }

  /* One read transaction: every query of the report sees the same
   * snapshot, even while the server goes on storing uploads (WAL lets it). */
  if (!agg_store_reports_begin_read (db, &in_transaction, error))
    return NULL;

  switch (kind)
    {
    case AGG_REPORT_CHANGE:
    case AGG_REPORT_COHORT:
      change = agg_report_change_new (db, options, error);
      if (change != NULL)
        table = kind == AGG_REPORT_CHANGE ? agg_report_change_to_table (change)
                                          : agg_report_cohort_to_table (change);
      break;
    case AGG_REPORT_EXPERIENCE:
      table = agg_report_experience_to_table (db, options, forms, error);
      break;
    case AGG_REPORT_SCORES:
      table = agg_report_export_scores (db, options, error);
      break;
    case AGG_REPORT_RESPONSES:
      table = agg_report_export_responses (db, options, forms, error);
      break;
    default:
      g_assert_not_reached ();
    }

  if (table != NULL && format == AGG_REPORT_FORMAT_HTML)
    service_names = agg_store_reports_service_names (db, error);

  agg_store_reports_end_read (db, in_transaction);
  if (table == NULL || (format == AGG_REPORT_FORMAT_HTML && service_names == NULL))
    return NULL;

  out = g_string_new (NULL);
  switch (format)
    {
    case AGG_REPORT_FORMAT_CSV:
      agg_report_table_write_csv (table, out);
      break;
    case AGG_REPORT_FORMAT_JSON:
      agg_report_table_write_json (table, out);
      break;
    case AGG_REPORT_FORMAT_HTML:
      {
        AggHtmlContext context = { options, forms, service_names };

        if (kind == AGG_REPORT_CHANGE)
          agg_html_change (out, &context, change, table);
        else if (kind == AGG_REPORT_COHORT)
          agg_html_cohort (out, &context, table);
        else
          agg_html_experience (out, &context, table);
      }
      break;
    default:
      g_assert_not_reached ();
    }

  return finish (g_steal_pointer (&out), format, content_type);
}
