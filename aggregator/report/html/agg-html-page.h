/* agg-html-page.h — the frame every HTML report shares: the head with its
 * style sheet, the header naming what was asked, the footer, and the
 * escaping and labels the renderers write with.
 *
 * A report's page must open anywhere, offline, and print (docs/reports.md
 * "HTML"): so one file, the style sheet inline (report.css, a resource),
 * no script, no font or image fetched and no URL at all.  Every string that
 * comes from data goes through agg_html_append_escaped() or
 * agg_html_append_markup(), which are right for both HTML and SVG text and
 * attributes.
 */
#pragma once

#include <glib.h>

#include "agg-form-registry.h"
#include "agg-report-options.h"

G_BEGIN_DECLS

/* What a renderer needs besides its rows. */
typedef struct
{
  const AggReportOptions *options;
  AggFormRegistry        *forms;          /* for measure names */
  GHashTable             *service_names;  /* service id → name */
} AggHtmlContext;

/* A number for SVG or CSS: always '.', one decimal, whatever the locale
 * (printf's %f would write "1,5" in some).  Returned by value so it can be
 * used inside a printf argument list without allocating. */
typedef struct
{
  char s[G_ASCII_DTOSTR_BUF_SIZE];
} AggHtmlNum;

AggHtmlNum  agg_html_num               (double                 value);
/* Appends @text (NULL as "") escaped for HTML text and attributes. */
void        agg_html_append_escaped    (GString               *out,
                                        const char            *text);
/* g_markup_printf_escaped(), appended: every %s argument is escaped. */
void        agg_html_append_markup     (GString               *out,
                                        const char            *format,
                                        ...) G_GNUC_PRINTF (2, 3);

/* Labels for people of the values reports hold; an unknown value is its
 * own label. */
const char *agg_html_respondent_label  (const char            *respondent);
const char *agg_html_age_band_label    (const char            *age_band);
/* "DSR red"…; anything not a rating is "no DSR rating". */
const char *agg_html_dsr_label         (const char            *dsr);
/* GAS and our quality-of-life form by what they measure, other forms by
 * their title. */
const char *agg_html_measure_label     (const AggHtmlContext  *context,
                                        const char            *measure);
/* The service's name, or its id when it has none. */
const char *agg_html_service_label     (const AggHtmlContext  *context,
                                        const char            *service_id);
/* Sorts measure names (const char *) as the reports list them: "gas"
 * first, then the others alphabetically. */
void        agg_html_sort_measures     (GPtrArray             *measures);

/* The page's style sheet: the resource report.css, read at every page so
 * that the file in the source tree is the one place it is written. */
GBytes     *agg_html_page_css          (void);
/* Opens the page: head, style, the header with @title, the services, the
 * window and the day it was made, then @intro as a note. */
void        agg_html_begin_page        (GString               *out,
                                        const AggHtmlContext  *context,
                                        const char            *title,
                                        const char            *intro);
void        agg_html_end_page          (GString               *out);

G_END_DECLS
