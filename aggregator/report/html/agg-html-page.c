/* agg-html-page.c — the frame of every HTML report, and the escaping and
 * labels its renderers write with. */
#include "config.h"

#include <glib/gi18n.h>

#include "agg-html-page.h"
#include "agg-report-change.h"
#include "agg-report-html-resources.h"

#define PAGE_CSS_PATH "/org/keyvoice/Aggregator/report/report.css"

AggHtmlNum
agg_html_num (double value)
{
  AggHtmlNum n;

  g_ascii_formatd (n.s, sizeof n.s, "%.1f", value);
  return n;
}

void
agg_html_append_escaped (GString    *out,
                         const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  g_string_append (out, escaped);
}

void
agg_html_append_markup (GString    *out,
                        const char *format,
                        ...)
{
  va_list args;
  g_autofree char *text = NULL;

  va_start (args, format);
  text = g_markup_vprintf_escaped (format, args);
  va_end (args);
  g_string_append (out, text);
}

const char *
agg_html_respondent_label (const char *respondent)
{
  if (g_strcmp0 (respondent, "young-person") == 0)
    return _("Young person");
  if (g_strcmp0 (respondent, "parent-carer") == 0)
    return _("Parent carer");
  if (g_strcmp0 (respondent, "both") == 0)
    return _("Young person and parent carer");
  if (g_strcmp0 (respondent, "someone-helping") == 0)
    return _("Someone helping");
  if (g_strcmp0 (respondent, "keyworker") == 0)
    return _("Keyworker");
  return respondent;
}

const char *
agg_html_age_band_label (const char *age_band)
{
  if (g_strcmp0 (age_band, "under-18") == 0)
    return _("under 18");
  if (g_strcmp0 (age_band, "18-25") == 0)
    return _("18 to 25");
  return age_band;
}

const char *
agg_html_dsr_label (const char *dsr)
{
  if (g_strcmp0 (dsr, "red") == 0)
    return _("DSR red");
  if (g_strcmp0 (dsr, "amber") == 0)
    return _("DSR amber");
  if (g_strcmp0 (dsr, "blue") == 0)
    return _("DSR blue");
  if (g_strcmp0 (dsr, "green") == 0)
    return _("DSR green");
  return _("no DSR rating");
}

const char *
agg_html_measure_label (const AggHtmlContext *context,
                        const char           *measure)
{
  KvForm *form;

  if (g_strcmp0 (measure, "gas") == 0)
    return _("Goal attainment (GAS T-score)");
  /* Our own quality-of-life form's title is a question to the family;
   * a report names what it measures. */
  if (g_strcmp0 (measure, "family-qol") == 0)
    return _("Family quality of life (total)");
  form = agg_form_registry_lookup_latest (context->forms, measure);
  if (form != NULL)
    return g_dgettext (GETTEXT_PACKAGE, kv_form_get_title (form, FALSE));
  return measure;
}

const char *
agg_html_service_label (const AggHtmlContext *context,
                        const char           *service_id)
{
  const char *name = g_hash_table_lookup (context->service_names, service_id);

  return name != NULL ? name : service_id;
}

static int
compare_measure_ptrs (gconstpointer a,
                      gconstpointer b)
{
  return agg_report_compare_measures (*(const char * const *) a, *(const char * const *) b);
}

void
agg_html_sort_measures (GPtrArray *measures)
{
  g_ptr_array_sort (measures, compare_measure_ptrs);
}

GBytes *
agg_html_page_css (void)
{
  g_autoptr(GError) error = NULL;
  GBytes *css = g_resource_lookup_data (agg_report_html_get_resource (), PAGE_CSS_PATH,
                                        G_RESOURCE_LOOKUP_FLAGS_NONE, &error);

  /* The style sheet is compiled into the program: not finding it is a
   * broken build, not something a caller could handle. */
  g_assert_no_error (error);
  return css;
}

static char *
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

void
agg_html_begin_page (GString              *out,
                     const AggHtmlContext *context,
                     const char           *title,
                     const char           *intro)
{
  const AggReportOptions *options = context->options;
  g_autoptr(GBytes) css = agg_html_page_css ();
  g_autofree char *made = options->generated != NULL ? g_strdup (options->generated) : today ();
  const char *services = options->service_id != NULL
                         ? agg_html_service_label (context, options->service_id)
                         : _("all services");

  g_string_append (out, "<!DOCTYPE html>\n");
  /* TRANSLATORS: the language tag (BCP 47) of this translation, written in
   * the lang attribute of HTML reports so screen readers pronounce them
   * right. */
  agg_html_append_markup (out,
                          "<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", _("en-GB"));
  g_string_append (out,
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
  agg_html_append_markup (out, "<title>%s — Keyvoice</title>\n", title);
  g_string_append (out, "<style>\n");
  g_string_append_len (out, g_bytes_get_data (css, NULL), g_bytes_get_size (css));
  g_string_append (out, "</style>\n</head>\n<body>\n<header>\n");
  agg_html_append_markup (out, "<h1>%s</h1>\n<p class=\"meta\">", title);
  agg_html_append_markup (out, _("Services: %s"), services);
  g_string_append (out, " · ");
  if (options->from != NULL || options->to != NULL)
    agg_html_append_markup (out, _("Dates: %s to %s"),
                            options->from != NULL ? options->from : _("the start"),
                            options->to != NULL ? options->to : _("the end"));
  else
    agg_html_append_escaped (out, _("Dates: all"));
  g_string_append (out, " · ");
  agg_html_append_markup (out, _("Made on %s"), made);
  g_string_append (out, "</p>\n</header>\n<main>\n");
  agg_html_append_markup (out, "<p class=\"note\">%s</p>\n", intro);
}

void
agg_html_end_page (GString *out)
{
  g_string_append (out, "</main>\n</body>\n</html>\n");
}

