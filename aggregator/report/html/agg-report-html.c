/* agg-report-html.c — self-contained HTML reports with inline SVG charts.
 *
 * The page must open anywhere, offline, and print: so one file, CSS inline,
 * charts drawn here as SVG, no script, no font or image fetched, and no URL
 * at all (inline SVG in HTML needs no namespace URL).  Every string that
 * comes from data is escaped with g_markup_escape_text() (or
 * g_markup_printf_escaped()), which is right for both HTML and SVG text and
 * attributes.
 *
 * Accessibility: each chart is <svg role="img" aria-labelledby> with a
 * <title> and a <desc>; the same figures are in a <table> with a caption
 * right after it; colours come from the Okabe & Ito (2008) palette, which
 * stays distinct with colour-blindness, and every series also differs by
 * marker shape; RAG bars carry their rating as text too.  Numbers in SVG
 * coordinates are written with g_ascii_formatd(), never printf's %f, which
 * follows the locale and would write "1,5" in some.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg-report-html.h"
#include "kv-sdc.h"

/* The page's style: calm colours with high contrast (body text 15:1, the
 * muted grey 7:1 on white), no animation, and an A4 print layout. */
static const char page_css[] =
  ":root{color-scheme:light;--ink:#1f2328;--muted:#4d5561;--line:#d0d7de;"
  "--panel:#f6f8fa;--accent:#0a5fa8}\n"
  "*{box-sizing:border-box}\n"
  "body{font-family:system-ui,Cantarell,'Noto Sans','DejaVu Sans',sans-serif;"
  "color:var(--ink);background:#fff;margin:0 auto;max-width:72rem;padding:1.5rem;"
  "line-height:1.5}\n"
  "h1{font-size:1.7rem;margin:0 0 .25rem}\n"
  "h2{font-size:1.3rem;margin:2rem 0 .5rem;border-bottom:2px solid var(--line);"
  "padding-bottom:.25rem}\n"
  "h3{font-size:1.05rem;margin:0}\n"
  ".meta{color:var(--muted);margin:0 0 1rem}\n"
  ".note{background:var(--panel);border-left:4px solid var(--accent);"
  "padding:.5rem .75rem;margin:1rem 0}\n"
  "figure{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1rem;"
  "margin:1.25rem 0;padding:1rem;border:1px solid var(--line);border-radius:.5rem;"
  "break-inside:avoid;page-break-inside:avoid}\n"
  "figcaption{grid-column:1/-1}\n"
  "figure.wide{grid-template-columns:1fr}\n"
  ".nowrap{white-space:nowrap}\n"
  "figure svg{display:block;width:100%;height:auto;margin-bottom:.5rem}\n"
  "figure.child svg{max-width:34rem}\n"
  ".data{overflow-x:auto}\n"
  "table{border-collapse:collapse;font-size:.85rem;font-variant-numeric:tabular-nums}\n"
  "caption{text-align:left;font-weight:600;padding:.25rem 0}\n"
  "th,td{border-bottom:1px solid var(--line);padding:.2rem .45rem;text-align:left;"
  "vertical-align:top}\n"
  "th{background:var(--panel)}\n"
  "td.num{text-align:right}\n"
  ".na{color:var(--muted)}\n"
  ".rows{overflow-x:auto}\n"
  "svg text{font-family:inherit;fill:#1f2328}\n"
  "svg .muted{fill:#4d5561}\n"
  "svg .grid{stroke:#e1e4e8;stroke-width:1}\n"
  "svg .axis{stroke:#57606a;stroke-width:1}\n"
  "svg .ref{stroke:#57606a;stroke-width:1;stroke-dasharray:4 3}\n"
  "@media (max-width:50rem){figure{grid-template-columns:1fr}}\n"
  "@media print{@page{size:A4;margin:14mm}"
  "body{max-width:none;padding:0;font-size:9.5pt}"
  "figure{grid-template-columns:1fr;border:0;padding:0}"
  "figure>div:first-of-type{display:flex;gap:4mm}"
  "figure svg{flex:1 1 0;min-width:0}"
  ".rows table{font-size:7.5pt}th,td{padding:.1rem .25rem}"
  ".rows{overflow:visible}thead{display:table-header-group}"
  "tr{break-inside:avoid;page-break-inside:avoid}"
  "h2{break-after:avoid;page-break-after:avoid}}\n";

/* Okabe & Ito (2008), "Color Universal Design", darkened where needed for
 * 3:1 contrast against white (WCAG 2.1, 1.4.11 non-text contrast). */
static const struct
{
  const char *respondent;
  const char *colour;
  const char *marker;    /* circle, square, triangle, diamond, cross */
} respondent_styles[] = {
  { "young-person",    "#0072B2", "circle" },
  { "parent-carer",    "#B34700", "square" },
  { "both",            "#007A5A", "triangle" },
  { "someone-helping", "#A6477F", "diamond" },
  { "keyworker",       "#555555", "cross" },
};

#define RAG_GREEN "#1a7f37"
#define RAG_AMBER "#9a6700"
#define RAG_RED   "#cf222e"
#define BAR_COLOUR "#0a5fa8"

/* A number for SVG or CSS: always '.', one decimal.  Returned by value so
 * it can be used inside a printf argument list without allocating. */
typedef struct
{
  char s[G_ASCII_DTOSTR_BUF_SIZE];
} Num;

static Num
num (double value)
{
  Num n;

  g_ascii_formatd (n.s, sizeof n.s, "%.1f", value);
  return n;
}

static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  g_string_append (out, escaped);
}

G_GNUC_PRINTF (2, 3)
static void
append_markup (GString    *out,
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

/* Labels of the values reports use, for people. */

static const char *
respondent_label (const char *respondent)
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

static const char *
age_band_label (const char *age_band)
{
  if (g_strcmp0 (age_band, "under-18") == 0)
    return _("under 18");
  if (g_strcmp0 (age_band, "18-25") == 0)
    return _("18 to 25");
  return age_band;
}

static const char *
dsr_label (const char *dsr)
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

static const char *
measure_label (const AggReportHtmlContext *context,
               const char                 *measure)
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

static const char *
service_label (const AggReportHtmlContext *context,
               const char                 *service_id)
{
  const char *name = g_hash_table_lookup (context->service_names, service_id);

  return name != NULL ? name : service_id;
}

static const struct
{
  const char *column;
  const char *label;
} column_labels[] = {
  { "child", N_("Child") },
  { "service", N_("Service") },
  { "age_band", N_("Age band") },
  { "dsr", N_("DSR") },
  { "measure", N_("Measure") },
  { "respondent", N_("Respondent") },
  { "baseline_date", N_("Baseline date") },
  { "baseline_score", N_("Baseline score") },
  { "latest_date", N_("Latest date") },
  { "latest_score", N_("Latest score") },
  { "change", N_("Change") },
  { "points", N_("Points") },
  { "flags", N_("Flags") },
  { "children", N_("Children with a change") },
  { "mean_change", N_("Mean change") },
  { "median_change", N_("Median change") },
  { "ci_lower", N_("95% CI lower") },
  { "ci_upper", N_("95% CI upper") },
  { "pct_improved", N_("% improved") },
  { "pct_goals_achieved", N_("% goals achieved") },
  { "quarter", N_("Quarter") },
  { "quarter_start", N_("From") },
  { "quarter_end", N_("To") },
  { "children_registered", N_("Children registered") },
  { "families_asked", N_("Families asked") },
  { "pct_asked", N_("% asked") },
  { "rag", N_("RAG") },
  { "completed", N_("Completed") },
  { "declined", N_("Declined") },
  { "responses", N_("Responses") },
  { "fft_n", N_("FFT answers") },
  { "fft_positive_pct", N_("FFT % positive") },
  { "fft_negative_pct", N_("FFT % negative") },
};

static const char *
column_label (const char *column)
{
  for (guint i = 0; i < G_N_ELEMENTS (column_labels); i++)
    if (g_str_equal (column, column_labels[i].column))
      return _(column_labels[i].label);
  return column;
}

static char *
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

static void
begin_page (GString                    *out,
            const AggReportHtmlContext *context,
            const char                 *title,
            const char                 *intro)
{
  const AggReportOptions *options = context->options;
  g_autofree char *made = options->generated != NULL ? g_strdup (options->generated) : today ();
  const char *services = options->service_id != NULL
                         ? service_label (context, options->service_id) : _("all services");

  g_string_append (out, "<!DOCTYPE html>\n");
  /* TRANSLATORS: the language tag (BCP 47) of this translation, written in
   * the lang attribute of HTML reports so screen readers pronounce them
   * right. */
  append_markup (out, "<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", _("en-GB"));
  g_string_append (out, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
  append_markup (out, "<title>%s — Keyvoice</title>\n", title);
  g_string_append_printf (out, "<style>\n%s</style>\n</head>\n<body>\n<header>\n", page_css);
  append_markup (out, "<h1>%s</h1>\n<p class=\"meta\">", title);
  append_markup (out, _("Services: %s"), services);
  g_string_append (out, " · ");
  if (options->from != NULL || options->to != NULL)
    append_markup (out, _("Dates: %s to %s"),
                   options->from != NULL ? options->from : _("the start"),
                   options->to != NULL ? options->to : _("the end"));
  else
    append_escaped (out, _("Dates: all"));
  g_string_append (out, " · ");
  append_markup (out, _("Made on %s"), made);
  g_string_append (out, "</p>\n</header>\n<main>\n");
  append_markup (out, "<p class=\"note\">%s</p>\n", intro);
}

static void
end_page (GString *out)
{
  g_string_append (out, "</main>\n</body>\n</html>\n");
}

static gboolean
is_numeric_column (AggReportTable *table,
                   guint           column)
{
  for (guint r = 0; r < agg_report_table_get_n_rows (table); r++)
    if (agg_report_table_get_kind (table, r, column) == AGG_REPORT_CELL_TEXT)
      return FALSE;
  return TRUE;
}

/* Whether @text is a date "YYYY-MM-DD", which must not break at its
 * hyphens. */
static gboolean
looks_like_date (const char *text)
{
  if (text == NULL || strlen (text) != 10)
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i == 4 || i == 7 ? text[i] != '-' : !g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

static void
append_cell (GString           *out,
             AggReportCellKind  kind,
             const char        *text,
             gboolean           numeric)
{
  if (numeric)
    g_string_append (out, "<td class=\"num\">");
  else if (looks_like_date (text))
    g_string_append (out, "<td class=\"nowrap\">");
  else
    g_string_append (out, "<td>");
  switch (kind)
    {
    case AGG_REPORT_CELL_SUPPRESSED:
      append_markup (out, "<abbr title=\"%s\">*</abbr>",
                     _("Suppressed: fewer than 8 people, or a count of 1 to 7"));
      break;
    case AGG_REPORT_CELL_EMPTY:
      append_markup (out, "<span class=\"na\" title=\"%s\">–</span>", _("None"));
      break;
    case AGG_REPORT_CELL_TEXT:
    case AGG_REPORT_CELL_NUMBER:
    default:
      append_escaped (out, text);
      break;
    }
  g_string_append (out, "</td>");
}

/* The columns @first…@last of @table as an HTML table. */
static void
append_columns_table (GString        *out,
                      AggReportTable *table,
                      const char     *caption,
                      guint           first,
                      guint           last)
{
  g_autofree gboolean *numeric = g_new0 (gboolean, last + 1);

  for (guint c = first; c <= last; c++)
    numeric[c] = is_numeric_column (table, c);

  g_string_append (out, "<div class=\"rows\">\n<table>\n");
  append_markup (out, "<caption>%s</caption>\n<thead><tr>", caption);
  for (guint c = first; c <= last; c++)
    append_markup (out, "<th scope=\"col\">%s</th>",
                   column_label (agg_report_table_get_column (table, c)));
  g_string_append (out, "</tr></thead>\n<tbody>\n");
  for (guint r = 0; r < agg_report_table_get_n_rows (table); r++)
    {
      g_string_append (out, "<tr>");
      for (guint c = first; c <= last; c++)
        append_cell (out, agg_report_table_get_kind (table, r, c),
                     agg_report_table_get_text (table, r, c), numeric[c]);
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</tbody>\n</table>\n</div>\n");
}

static void
append_rows_table (GString        *out,
                   AggReportTable *table,
                   const char     *caption)
{
  append_columns_table (out, table, caption, 0, agg_report_table_get_n_columns (table) - 1);
}

/* SVG pieces. */

static void
svg_begin (GString    *out,
           const char *id,
           double      width,
           double      height,
           const char *title,
           const char *description)
{
  append_markup (out, "<svg role=\"img\" aria-labelledby=\"%s-title %s-desc\" ", id, id);
  g_string_append_printf (out, "viewBox=\"0 0 %s %s\" width=\"%s\" height=\"%s\">\n",
                          num (width).s, num (height).s, num (width).s, num (height).s);
  append_markup (out, "<title id=\"%s-title\">%s</title>\n", id, title);
  append_markup (out, "<desc id=\"%s-desc\">%s</desc>\n", id, description);
  g_string_append_printf (out, "<rect x=\"0\" y=\"0\" width=\"%s\" height=\"%s\" fill=\"#ffffff\"/>\n",
                          num (width).s, num (height).s);
}

static void
svg_end (GString *out)
{
  g_string_append (out, "</svg>\n");
}

static void
svg_line (GString    *out,
          double      x1,
          double      y1,
          double      x2,
          double      y2,
          const char *class_name)
{
  g_string_append_printf (out, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" class=\"%s\"/>\n",
                          num (x1).s, num (y1).s, num (x2).s, num (y2).s, class_name);
}

/* @anchor is start, middle or end; @extra is more attributes, or "". */
static void
svg_text (GString    *out,
          double      x,
          double      y,
          const char *anchor,
          double      size,
          const char *extra,
          const char *text)
{
  g_string_append_printf (out, "<text x=\"%s\" y=\"%s\" text-anchor=\"%s\" font-size=\"%s\" %s>",
                          num (x).s, num (y).s, anchor, num (size).s, extra);
  append_escaped (out, text);
  g_string_append (out, "</text>\n");
}

static void
svg_marker (GString    *out,
            const char *shape,
            double      x,
            double      y,
            const char *colour,
            gboolean    hollow)
{
  const char *fill = hollow ? "#ffffff" : colour;

  if (g_str_equal (shape, "square"))
    g_string_append_printf (out, "<rect x=\"%s\" y=\"%s\" width=\"9\" height=\"9\" fill=\"%s\" "
                            "stroke=\"%s\" stroke-width=\"2\"/>\n",
                            num (x - 4.5).s, num (y - 4.5).s, fill, colour);
  else if (g_str_equal (shape, "triangle"))
    g_string_append_printf (out, "<polygon points=\"%s,%s %s,%s %s,%s\" fill=\"%s\" "
                            "stroke=\"%s\" stroke-width=\"2\"/>\n",
                            num (x).s, num (y - 6).s, num (x + 5.5).s, num (y + 4).s,
                            num (x - 5.5).s, num (y + 4).s, fill, colour);
  else if (g_str_equal (shape, "diamond"))
    g_string_append_printf (out, "<polygon points=\"%s,%s %s,%s %s,%s %s,%s\" fill=\"%s\" "
                            "stroke=\"%s\" stroke-width=\"2\"/>\n",
                            num (x).s, num (y - 6).s, num (x + 6).s, num (y).s,
                            num (x).s, num (y + 6).s, num (x - 6).s, num (y).s, fill, colour);
  else if (g_str_equal (shape, "cross"))
    g_string_append_printf (out, "<path d=\"M%s %sL%s %sM%s %sL%s %s\" stroke=\"%s\" "
                            "stroke-width=\"2.5\" fill=\"none\"/>\n",
                            num (x - 5).s, num (y - 5).s, num (x + 5).s, num (y + 5).s,
                            num (x - 5).s, num (y + 5).s, num (x + 5).s, num (y - 5).s, colour);
  else
    g_string_append_printf (out, "<circle cx=\"%s\" cy=\"%s\" r=\"5\" fill=\"%s\" "
                            "stroke=\"%s\" stroke-width=\"2\"/>\n",
                            num (x).s, num (y).s, fill, colour);
}

static void
respondent_style (const char  *respondent,
                  const char **colour,
                  const char **marker)
{
  for (guint i = 0; i < G_N_ELEMENTS (respondent_styles); i++)
    if (g_strcmp0 (respondent, respondent_styles[i].respondent) == 0)
      {
        *colour = respondent_styles[i].colour;
        *marker = respondent_styles[i].marker;
        return;
      }
  *colour = "#555555";
  *marker = "circle";
}

static int
compare_measure_ptrs (gconstpointer a,
                      gconstpointer b)
{
  return agg_report_compare_measures (*(const char * const *) a, *(const char * const *) b);
}

/* Days since year 1 of a YYYY-MM-DD date. */
static double
day_number (const char *date)
{
  int year, month, day;

  if (date == NULL || sscanf (date, "%4d-%2d-%2d", &year, &month, &day) != 3
      || !g_date_valid_dmy (day, month, year))
    return 0.0;
  {
    g_autoptr(GDate) d = g_date_new_dmy (day, month, year);

    return g_date_get_julian (d);
  }
}

static void
month_of_day (double  day,
              int    *year,
              int    *month)
{
  g_autoptr(GDate) d = g_date_new_julian ((guint32) day);

  *year = g_date_get_year (d);
  *month = g_date_get_month (d);
}

/* Per-child trajectories. */

typedef struct
{
  double x;
  double y;
  double width;
  double height;
  double day_min;
  double day_max;
  double y_min;
  double y_max;
  double font;      /* tick labels; axis titles are one larger */
} Plot;

static double
plot_x (const Plot *plot,
        double      day)
{
  return plot->x + (day - plot->day_min) / (plot->day_max - plot->day_min) * plot->width;
}

static double
plot_y (const Plot *plot,
        double      value)
{
  double clamped = CLAMP (value, plot->y_min, plot->y_max);

  return plot->y + plot->height - (clamped - plot->y_min) / (plot->y_max - plot->y_min) * plot->height;
}

static void
draw_time_axis (GString    *out,
                const Plot *plot)
{
  int year, month, last_year, last_month, n_months, step;

  month_of_day (plot->day_min, &year, &month);
  month_of_day (plot->day_max, &last_year, &last_month);
  n_months = (last_year - year) * 12 + (last_month - month) + 1;
  step = MAX (1, (n_months + 4) / 5);

  svg_line (out, plot->x, plot->y + plot->height, plot->x + plot->width,
            plot->y + plot->height, "axis");

  /* A tick on the first of every step-th month inside the range. */
  for (int i = 0; i <= n_months; i += step)
    {
      int m = (month - 1 + i) % 12 + 1;
      int y = year + (month - 1 + i) / 12;
      g_autofree char *label = g_strdup_printf ("%04d-%02d", y, m);
      g_autofree char *first = g_strdup_printf ("%04d-%02d-01", y, m);
      double day = day_number (first);
      double x;

      if (day < plot->day_min || day > plot->day_max)
        continue;
      x = plot_x (plot, day);
      svg_line (out, x, plot->y + plot->height, x, plot->y + plot->height + 4, "axis");
      svg_text (out, x, plot->y + plot->height + plot->font + 5, "middle", plot->font,
                "class=\"muted\"", label);
    }
  svg_text (out, plot->x + plot->width / 2, plot->y + plot->height + 2 * plot->font + 12,
            "middle", plot->font + 1, "", _("Date of answer"));
}

static void
draw_value_axis (GString    *out,
                 const Plot *plot,
                 double      step,
                 const char *label)
{
  g_autofree char *rotate = NULL;
  double label_x = plot->x - 40;
  double label_y = plot->y + plot->height / 2;

  for (double v = plot->y_min; v <= plot->y_max + 1e-9; v += step)
    {
      char text[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (text, sizeof text, "%.0f", v);
      svg_line (out, plot->x, plot_y (plot, v), plot->x + plot->width, plot_y (plot, v), "grid");
      svg_text (out, plot->x - 6, plot_y (plot, v) + plot->font / 3, "end", plot->font,
                "class=\"muted\"", text);
    }
  svg_line (out, plot->x, plot->y, plot->x, plot->y + plot->height, "axis");

  rotate = g_strdup_printf ("transform=\"rotate(-90 %s %s)\"", num (label_x).s, num (label_y).s);
  svg_text (out, label_x, label_y, "middle", plot->font + 1, rotate, label);
}

typedef struct
{
  const char           *respondent;
  GPtrArray            *points;   /* of const AggReportPoint*, scored, in date order */
} Series;

static void
series_free (gpointer data)
{
  Series *series = data;

  g_ptr_array_unref (series->points);
  g_free (series);
}

static Series *
series_new (const char *respondent)
{
  Series *series = g_new0 (Series, 1);

  series->respondent = respondent;
  series->points = g_ptr_array_new ();
  return series;
}

static gboolean
point_shown (const AggReportPoint   *point,
             const AggReportOptions *options)
{
  /* A GAS baseline anchors the reviews after it even when it was set before
   * the window (docs/reports.md). */
  if (g_str_equal (point->kind, "baseline"))
    return TRUE;
  return options->from == NULL || strcmp (point->date, options->from) >= 0;
}

/* The lines of one measure of one child: for GAS one per goal set and
 * respondent, each starting at the goal set's baseline; for a form one per
 * respondent. */
static GPtrArray *
collect_series (const AggReportChild   *child,
                const char             *measure,
                const AggReportOptions *options)
{
  GPtrArray *all = g_ptr_array_new_with_free_func (series_free);
  gboolean is_gas = g_str_equal (measure, "gas");

  for (guint i = 0; i < child->points->len; i++)
    {
      const AggReportPoint *base = &g_array_index (child->points, AggReportPoint, i);
      gboolean any_review = FALSE;

      if (!is_gas || base->measure != measure || !g_str_equal (base->kind, "baseline"))
        continue;

      for (guint j = 0; j < child->points->len; j++)
        {
          const AggReportPoint *review = &g_array_index (child->points, AggReportPoint, j);
          Series *series = NULL;

          if (review->measure != measure || !g_str_equal (review->kind, "review")
              || review->goal_set != base->goal_set || !review->scored
              || !point_shown (review, options))
            continue;
          any_review = TRUE;
          for (guint s = 0; s < all->len; s++)
            {
              Series *candidate = g_ptr_array_index (all, s);
              const AggReportPoint *first = g_ptr_array_index (candidate->points, 0);

              if (candidate->respondent == review->respondent && first == base)
                series = candidate;
            }
          if (series == NULL)
            {
              series = series_new (review->respondent);
              if (base->scored)
                g_ptr_array_add (series->points, (gpointer) base);
              g_ptr_array_add (all, series);
            }
          g_ptr_array_add (series->points, (gpointer) review);
        }

      if (!any_review && base->scored)
        {
          Series *series = series_new (base->respondent);

          g_ptr_array_add (series->points, (gpointer) base);
          g_ptr_array_add (all, series);
        }
    }

  if (is_gas)
    return all;

  for (guint i = 0; i < child->points->len; i++)
    {
      const AggReportPoint *point = &g_array_index (child->points, AggReportPoint, i);
      Series *series = NULL;

      if (point->measure != measure || !point->scored || !point_shown (point, options))
        continue;
      for (guint s = 0; s < all->len; s++)
        if (((Series *) g_ptr_array_index (all, s))->respondent == point->respondent)
          series = g_ptr_array_index (all, s);
      if (series == NULL)
        {
          series = series_new (point->respondent);
          g_ptr_array_add (all, series);
        }
      g_ptr_array_add (series->points, (gpointer) point);
    }
  return all;
}

static void
draw_trajectory (GString                    *out,
                 const AggReportHtmlContext *context,
                 const AggReportChild       *child,
                 const char                 *measure,
                 const char                 *id,
                 double                      day_min,
                 double                      day_max)
{
  g_autoptr(GPtrArray) series = collect_series (child, measure, context->options);
  g_autoptr(GPtrArray) respondents = g_ptr_array_new ();
  gboolean is_gas = g_str_equal (measure, "gas");
  const char *name = measure_label (context, measure);
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  /* 420 units wide with 12-unit type: two panels side by side on A4 print
   * their tick labels at about 7 pt. */
  Plot plot = { 56, 54, 346, 160, day_min, day_max, 0, 0, 12 };
  double step;
  double legend_x;

  /* GAS T-scores run from about 19 (six goals, all much less than
   * expected) to about 81; 50 is "as expected". */
  if (is_gas)
    {
      plot.y_min = 20;
      plot.y_max = 80;
      step = 10;
    }
  else
    {
      double top = 0;

      for (guint s = 0; s < series->len; s++)
        {
          Series *line = g_ptr_array_index (series, s);

          for (guint p = 0; p < line->points->len; p++)
            top = MAX (top, ((const AggReportPoint *) g_ptr_array_index (line->points, p))->score);
        }
      plot.y_max = MAX (5.0, ceil (top / 5.0) * 5.0);
      step = plot.y_max / 5.0;
    }

  /* TRANSLATORS: a chart title: the measure, then the child's code. */
  title = g_strdup_printf (_("%s over time for child %s"), name, child->code);
  description = g_strdup_printf (is_gas
                                 ? _("Line chart of the GAS T-score at goal setting and at each "
                                     "review, one line per goal set and respondent; 50 is the "
                                     "expected outcome. The figures are in the table that follows.")
                                 : _("Line chart of the total score at each answer, one line per "
                                     "respondent; higher is better. The figures are in the table "
                                     "that follows."));
  svg_begin (out, id, 420, 264, title, description);
  svg_text (out, 8, 18, "start", 14, "font-weight=\"600\"", name);

  draw_value_axis (out, &plot, step, is_gas ? _("T-score") : _("Total score"));
  draw_time_axis (out, &plot);

  if (is_gas)
    {
      svg_line (out, plot.x, plot_y (&plot, 50), plot.x + plot.width, plot_y (&plot, 50), "ref");
      svg_text (out, plot.x + plot.width - 2, plot_y (&plot, 50) - 4, "end", 10,
                "class=\"muted\"", _("expected"));

      /* A renegotiated goal set starts a new baseline (docs/domain.md §1). */
      for (guint i = 0; i < child->points->len; i++)
        {
          const AggReportPoint *point = &g_array_index (child->points, AggReportPoint, i);
          double x;

          if (point->measure != measure || !g_str_equal (point->kind, "baseline")
              || point->goal_set < 2)
            continue;
          x = plot_x (&plot, day_number (point->date));
          svg_line (out, x, plot.y, x, plot.y + plot.height, "ref");
          svg_text (out, x + 3, plot.y + 10, "start", 10, "class=\"muted\"", _("new goals"));
        }
    }

  for (guint s = 0; s < series->len; s++)
    {
      Series *line = g_ptr_array_index (series, s);
      const char *colour, *marker;

      respondent_style (line->respondent, &colour, &marker);
      if (!g_ptr_array_find (respondents, line->respondent, NULL))
        g_ptr_array_add (respondents, (gpointer) line->respondent);

      if (line->points->len > 1)
        {
          g_string_append (out, "<polyline fill=\"none\" stroke-width=\"2.5\" stroke=\"");
          g_string_append (out, colour);
          g_string_append (out, "\" points=\"");
          for (guint p = 0; p < line->points->len; p++)
            {
              const AggReportPoint *point = g_ptr_array_index (line->points, p);

              g_string_append_printf (out, "%s%s,%s", p > 0 ? " " : "",
                                      num (plot_x (&plot, day_number (point->date))).s,
                                      num (plot_y (&plot, point->score)).s);
            }
          g_string_append (out, "\"/>\n");
        }
      for (guint p = 0; p < line->points->len; p++)
        {
          const AggReportPoint *point = g_ptr_array_index (line->points, p);

          svg_marker (out, marker, plot_x (&plot, day_number (point->date)),
                      plot_y (&plot, point->score), colour,
                      g_str_equal (point->kind, "baseline"));
        }
    }

  /* The legend, on its own line under the panel's name, names every line
   * by colour and by marker. */
  legend_x = 14;
  for (guint r = 0; r < respondents->len; r++)
    {
      const char *respondent = g_ptr_array_index (respondents, r);
      const char *colour, *marker;
      const char *label = respondent_label (respondent);

      respondent_style (respondent, &colour, &marker);
      svg_marker (out, marker, legend_x, 33, colour, FALSE);
      svg_text (out, legend_x + 9, 37, "start", 12, "", label);
      legend_x += 24 + 6.8 * g_utf8_strlen (label, -1);
    }
  if (is_gas)
    {
      svg_marker (out, "circle", legend_x, 33, "#555555", TRUE);
      svg_text (out, legend_x + 9, 37, "start", 12, "", _("baseline"));
    }

  svg_end (out);
}

static void
append_point_note (GString              *out,
                   const AggReportPoint *point)
{
  if (!point->scored)
    append_escaped (out, point->status);
  else if (g_str_equal (point->measure, "gas") && point->k < point->n)
    append_markup (out, _("%u of %u goals rated"), point->k, point->n);
  if (g_str_equal (point->measure, "gas") && point->goal_set > 0)
    {
      if (!point->scored || point->k < point->n)
        g_string_append (out, "; ");
      append_markup (out, _("goal set %u"), point->goal_set);
    }
}

static void
draw_child (GString                    *out,
            const AggReportHtmlContext *context,
            const AggReportChild       *child,
            guint                       index)
{
  g_autoptr(GPtrArray) measures = g_ptr_array_new ();
  double day_min = G_MAXDOUBLE, day_max = -G_MAXDOUBLE;

  for (guint i = 0; i < child->points->len; i++)
    {
      const AggReportPoint *point = &g_array_index (child->points, AggReportPoint, i);
      double day;

      if (!point_shown (point, context->options))
        continue;
      day = day_number (point->date);
      day_min = MIN (day_min, day);
      day_max = MAX (day_max, day);
      if (!g_ptr_array_find (measures, point->measure, NULL))
        g_ptr_array_add (measures, (gpointer) point->measure);
    }
  if (measures->len == 0)
    return;
  g_ptr_array_sort (measures, compare_measure_ptrs);

  /* A fortnight either side, so points are not on the frame; at least two
   * months in all, so one point does not fill the axis. */
  day_min -= 14;
  day_max += 14;
  if (day_max - day_min < 60)
    {
      double middle = (day_min + day_max) / 2;

      day_min = middle - 30;
      day_max = middle + 30;
    }

  append_markup (out, "<figure class=\"child\" id=\"child-%u\">\n<figcaption><h3>", index);
  append_markup (out, _("Child %s"), child->code);
  g_string_append (out, "</h3>");
  append_markup (out, "<p class=\"meta\">%s · %s · %s</p></figcaption>\n",
                 service_label (context, child->service_id), age_band_label (child->age_band),
                 dsr_label (child->dsr));

  g_string_append (out, "<div>\n");
  for (guint m = 0; m < measures->len; m++)
    {
      g_autofree char *id = g_strdup_printf ("child-%u-%u", index, m);

      draw_trajectory (out, context, child, g_ptr_array_index (measures, m), id, day_min, day_max);
    }
  g_string_append (out, "</div>\n<div class=\"data\">\n<table>\n");
  append_markup (out, "<caption>%s</caption>\n", _("The figures of the charts"));
  append_markup (out, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n",
                 _("Date"), _("Respondent"), _("Score"), _("Note"));

  /* One group of rows per measure, headed by its name, in the order of
   * the charts. */
  for (guint m = 0; m < measures->len; m++)
    {
      append_markup (out, "<tbody>\n<tr><th scope=\"rowgroup\" colspan=\"4\">%s</th></tr>\n",
                     measure_label (context, g_ptr_array_index (measures, m)));
      for (guint i = 0; i < child->points->len; i++)
        {
          const AggReportPoint *point = &g_array_index (child->points, AggReportPoint, i);
          char score[G_ASCII_DTOSTR_BUF_SIZE] = "–";

          if (point->measure != g_ptr_array_index (measures, m)
              || !point_shown (point, context->options))
            continue;
          if (point->scored)
            g_ascii_formatd (score, sizeof score, "%.2f", point->score);
          append_markup (out, "<tr><td class=\"nowrap\">%s</td><td>%s%s</td>"
                         "<td class=\"num\">%s</td><td>",
                         point->date, respondent_label (point->respondent),
                         g_str_equal (point->kind, "baseline") ? _(" (baseline)") : "",
                         score);
          append_point_note (out, point);
          g_string_append (out, "</td></tr>\n");
        }
      g_string_append (out, "</tbody>\n");
    }
  g_string_append (out, "</table>\n</div>\n</figure>\n");
}

void
agg_report_html_change (GString                    *out,
                        const AggReportHtmlContext *context,
                        AggReportChange            *change,
                        AggReportTable             *table)
{
  g_autoptr(GPtrArray) children = g_ptr_array_new ();
  guint n_children, n_drawn;

  /* The children of the rows, in their order: a child whose answers all
   * fall outside the window has no row and no chart. */
  for (guint i = 0; i < agg_report_change_get_n_rows (change); i++)
    {
      const AggReportChild *child = agg_report_change_get_row (change, i)->child;

      if (children->len == 0 || g_ptr_array_index (children, children->len - 1) != child)
        g_ptr_array_add (children, (gpointer) child);
    }
  n_children = children->len;
  n_drawn = MIN (n_children, AGG_REPORT_HTML_MAX_TRAJECTORIES);

  begin_page (out, context, _("Change over time per child"),
              _("Each row is one child, one measure and one respondent: the baseline, the "
                "latest score and the change between them. For goal attainment the baseline "
                "is the T-score of the child's current goal set at the time it was set, and a "
                "renegotiated goal set starts a new baseline. Children are shown by their "
                "pseudonymous code only. These rows are not suppressed: they are for the "
                "child's own service and for evaluators, and must not be shared further."));

  append_markup (out, "<h2>%s</h2>\n", _("Trajectories"));
  if (n_children == 0)
    append_markup (out, "<p>%s</p>\n", _("No child has a score in this report yet."));
  else if (n_drawn < n_children)
    {
      g_string_append (out, "<p>");
      append_markup (out, _("Charts are drawn for the first %u of %u children; every child is "
                            "in the table of all rows."), n_drawn, n_children);
      g_string_append (out, "</p>\n");
    }
  for (guint i = 0; i < n_drawn; i++)
    draw_child (out, context, g_ptr_array_index (children, i), i + 1);

  append_markup (out, "<h2>%s</h2>\n", _("All rows"));
  append_rows_table (out, table, _("Change per child, measure and respondent"));
  end_page (out);
}

/* Parses a published number back, or NAN for "*" and empty cells. */
static double
cell_value (AggReportTable *table,
            guint           row,
            int             column)
{
  if (column < 0 || agg_report_table_get_kind (table, row, column) != AGG_REPORT_CELL_NUMBER)
    return NAN;
  return g_ascii_strtod (agg_report_table_get_text (table, row, column), NULL);
}

static double
nice_ceiling (double value)
{
  static const double steps[] = { 5, 10, 20, 25, 50, 100 };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (value <= steps[i])
      return steps[i];
  return ceil (value / 100.0) * 100.0;
}

static void
draw_cohort_measure (GString                    *out,
                     const AggReportHtmlContext *context,
                     AggReportTable             *table,
                     const char                 *measure,
                     guint                       index)
{
  int c_service = agg_report_table_find_column (table, "service");
  int c_age = agg_report_table_find_column (table, "age_band");
  int c_dsr = agg_report_table_find_column (table, "dsr");
  int c_measure = agg_report_table_find_column (table, "measure");
  int c_children = agg_report_table_find_column (table, "children");
  int c_mean = agg_report_table_find_column (table, "mean_change");
  int c_median = agg_report_table_find_column (table, "median_change");
  int c_lower = agg_report_table_find_column (table, "ci_lower");
  int c_upper = agg_report_table_find_column (table, "ci_upper");
  int c_improved = agg_report_table_find_column (table, "pct_improved");
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *id = g_strdup_printf ("cohort-%u", index);
  g_autofree char *title = NULL;
  const char *name = measure_label (context, measure);
  double extent = 0;
  double label_width = 300, row_height = 30, top = 46, bottom = 48;
  double width = 780, value_width = 90;
  Plot plot;

  for (guint r = 0; r < agg_report_table_get_n_rows (table); r++)
    if (g_str_equal (agg_report_table_get_text (table, r, c_measure), measure))
      {
        g_array_append_val (rows, r);
        for (int c = c_mean; c <= c_upper; c++)
          if (!isnan (cell_value (table, r, c)))
            extent = MAX (extent, fabs (cell_value (table, r, c)));
      }

  extent = nice_ceiling (extent);
  plot = (Plot) { label_width, top, width - label_width - value_width - 10,
                  rows->len * row_height, 0, 1, -extent, extent, 11 };

  /* TRANSLATORS: a chart title; %s is a measure such as "Goal attainment
   * (GAS T-score)". */
  title = g_strdup_printf (_("Mean change in %s by service, age band and DSR rating"), name);

  append_markup (out, "<figure class=\"wide\" id=\"%s\">\n<figcaption><h3>%s</h3>", id, title);
  append_markup (out, "<p class=\"meta\">%s</p></figcaption>\n<div>\n",
                 _("Bars show the mean change from baseline to the latest score of children "
                   "with at least two time points; the whiskers are the 95% confidence interval. "
                   "Groups of fewer than 8 children are suppressed."));

  svg_begin (out, id, width, top + plot.height + bottom, title,
             _("Horizontal bar chart: one bar per group of service, age band and DSR rating; "
               "bars right of zero are improvements. Suppressed groups have no bar. The "
               "figures are in the table that follows."));

  /* The value axis, at the top and the bottom, in the measure's units. */
  for (int i = -2; i <= 2; i++)
    {
      double v = extent * i / 2.0;
      double x = label_width + (v + extent) / (2 * extent) * plot.width;
      char text[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (text, sizeof text, "%+.0f", v);
      if (i == 0)
        g_strlcpy (text, "0", sizeof text);
      svg_line (out, x, top - 4, x, top + plot.height, i == 0 ? "axis" : "grid");
      svg_text (out, x, top - 8, "middle", 11, "class=\"muted\"", text);
    }
  svg_text (out, label_width + plot.width / 2, top + plot.height + 20, "middle", 12, "",
            _("Mean change (latest minus baseline), with 95% confidence interval"));
  svg_text (out, label_width + plot.width / 2, top + plot.height + 38, "middle", 11,
            "class=\"muted\"", _("← worse · better →"));
  svg_text (out, 8, 18, "start", 13, "font-weight=\"600\"", name);

  for (guint i = 0; i < rows->len; i++)
    {
      guint r = g_array_index (rows, guint, i);
      double y = top + i * row_height;
      double mean = cell_value (table, r, c_mean);
      double lower = cell_value (table, r, c_lower);
      double upper = cell_value (table, r, c_upper);
      double x0 = label_width + plot.width / 2;
      g_autofree char *label = g_strdup_printf ("%s · %s · %s",
                                                service_label (context, agg_report_table_get_text (table, r, c_service)),
                                                age_band_label (agg_report_table_get_text (table, r, c_age)),
                                                dsr_label (agg_report_table_get_text (table, r, c_dsr)));

      /* Long service names are cut so the label keeps to its column; the
       * full name is in the table. */
      if (g_utf8_strlen (label, -1) > 46)
        {
          g_autofree char *cut = g_utf8_substring (label, 0, 45);

          g_free (label);
          label = g_strconcat (cut, "…", NULL);
        }
      svg_text (out, label_width - 8, y + row_height / 2 + 4, "end", 11, "", label);

      if (!isnan (mean))
        {
          double xm = label_width + (mean + extent) / (2 * extent) * plot.width;
          char text[G_ASCII_DTOSTR_BUF_SIZE];

          g_string_append_printf (out, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"14\" "
                                  "fill=\"%s\"/>\n",
                                  num (MIN (x0, xm)).s, num (y + row_height / 2 - 7).s,
                                  num (MAX (fabs (xm - x0), 1.5)).s, BAR_COLOUR);
          if (!isnan (lower) && !isnan (upper))
            {
              double xl = label_width + (lower + extent) / (2 * extent) * plot.width;
              double xu = label_width + (upper + extent) / (2 * extent) * plot.width;
              double yc = y + row_height / 2;

              g_string_append_printf (out, "<path d=\"M%s %sL%s %sM%s %sL%s %sM%s %sL%s %s\" "
                                      "stroke=\"#1f2328\" stroke-width=\"1.5\" fill=\"none\"/>\n",
                                      num (xl).s, num (yc).s, num (xu).s, num (yc).s,
                                      num (xl).s, num (yc - 6).s, num (xl).s, num (yc + 6).s,
                                      num (xu).s, num (yc - 6).s, num (xu).s, num (yc + 6).s);
            }
          g_ascii_formatd (text, sizeof text, "%+.1f", mean);
          svg_text (out, width - value_width + 4, y + row_height / 2 + 4, "start", 11, "", text);
        }
      else
        {
          gboolean suppressed = agg_report_table_get_kind (table, r, c_mean)
                                == AGG_REPORT_CELL_SUPPRESSED;

          svg_text (out, x0 + 6, y + row_height / 2 + 4, "start", 11, "class=\"muted\"",
                    suppressed ? _("suppressed: under 8 children")
                               : _("no child with two time points"));
        }
    }
  svg_end (out);

  g_string_append (out, "</div>\n<div class=\"data\">\n<table>\n");
  append_markup (out, "<caption>%s</caption>\n", title);
  append_markup (out, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                 "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
                 _("Group"), _("Children"), _("Mean"), _("95% CI"), _("Median"), _("% improved"));
  for (guint i = 0; i < rows->len; i++)
    {
      guint r = g_array_index (rows, guint, i);

      append_markup (out, "<tr><th scope=\"row\">%s · %s · %s</th>",
                     service_label (context, agg_report_table_get_text (table, r, c_service)),
                     age_band_label (agg_report_table_get_text (table, r, c_age)),
                     dsr_label (agg_report_table_get_text (table, r, c_dsr)));
      append_cell (out, agg_report_table_get_kind (table, r, c_children),
                   agg_report_table_get_text (table, r, c_children), TRUE);
      append_cell (out, agg_report_table_get_kind (table, r, c_mean),
                   agg_report_table_get_text (table, r, c_mean), TRUE);
      if (agg_report_table_get_kind (table, r, c_lower) == AGG_REPORT_CELL_NUMBER)
        append_markup (out, "<td class=\"num\">%s to %s</td>",
                       agg_report_table_get_text (table, r, c_lower),
                       agg_report_table_get_text (table, r, c_upper));
      else
        append_cell (out, agg_report_table_get_kind (table, r, c_lower), "", TRUE);
      append_cell (out, agg_report_table_get_kind (table, r, c_median),
                   agg_report_table_get_text (table, r, c_median), TRUE);
      append_cell (out, agg_report_table_get_kind (table, r, c_improved),
                   agg_report_table_get_text (table, r, c_improved), TRUE);
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</tbody>\n</table>\n</div>\n</figure>\n");
}

/* The values of @column in @table, each once, in the order first seen. */
static GPtrArray *
distinct_values (AggReportTable *table,
                 const char     *column)
{
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);
  int c = agg_report_table_find_column (table, column);

  for (guint r = 0; r < agg_report_table_get_n_rows (table); r++)
    {
      const char *value = agg_report_table_get_text (table, r, c);

      if (!g_ptr_array_find_with_equal_func (values, value, g_str_equal, NULL))
        g_ptr_array_add (values, g_strdup (value));
    }
  return values;
}

void
agg_report_html_cohort (GString                    *out,
                        const AggReportHtmlContext *context,
                        AggReportTable             *table)
{
  g_autoptr(GPtrArray) measures = distinct_values (table, "measure");

  begin_page (out, context, _("Cohort change"),
              _("Change from baseline to the latest score, by service, age band, DSR rating "
                "and measure, for children with at least two time points. Small numbers are "
                "suppressed: 1 to 7 is shown as *, other counts are rounded to the nearest 5, "
                "percentages are computed from the rounded counts, and a mean, median or "
                "confidence interval over fewer than 8 children is *."));

  g_ptr_array_sort (measures, compare_measure_ptrs);

  append_markup (out, "<h2>%s</h2>\n", _("Change by group"));
  if (measures->len == 0)
    append_markup (out, "<p>%s</p>\n", _("No child has a score in this report yet."));
  for (guint m = 0; m < measures->len; m++)
    draw_cohort_measure (out, context, table, g_ptr_array_index (measures, m), m + 1);

  append_markup (out, "<h2>%s</h2>\n", _("All rows"));
  append_rows_table (out, table, _("Cohort change by service, age band, DSR rating and measure"));
  end_page (out);
}

static const char *
rag_colour (const char *rag)
{
  if (g_strcmp0 (rag, "green") == 0)
    return RAG_GREEN;
  if (g_strcmp0 (rag, "amber") == 0)
    return RAG_AMBER;
  return RAG_RED;
}

static const char *
rag_label (const char *rag)
{
  if (g_strcmp0 (rag, "green") == 0)
    return _("green");
  if (g_strcmp0 (rag, "amber") == 0)
    return _("amber");
  if (g_strcmp0 (rag, "red") == 0)
    return _("red");
  return rag;
}

static void
draw_compliance (GString                    *out,
                 const AggReportHtmlContext *context,
                 AggReportTable             *table,
                 const char                 *service_id,
                 guint                       index)
{
  int c_service = agg_report_table_find_column (table, "service");
  int c_quarter = agg_report_table_find_column (table, "quarter");
  int c_registered = agg_report_table_find_column (table, "children_registered");
  int c_asked = agg_report_table_find_column (table, "families_asked");
  int c_pct = agg_report_table_find_column (table, "pct_asked");
  int c_rag = agg_report_table_find_column (table, "rag");
  int c_positive = agg_report_table_find_column (table, "fft_positive_pct");
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *id = g_strdup_printf ("compliance-%u", index);
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  g_autofree char *legend = NULL;
  const AggReportOptions *options = context->options;
  /* Room above the plot for a 100% bar's two labels, and to its right for
   * the names of the threshold lines. */
  double bar_step = 64, left = 56, top = 76, plot_height = 180, bottom = 58, right = 96;
  double width;
  Plot plot;

  for (guint r = 0; r < agg_report_table_get_n_rows (table); r++)
    if (g_str_equal (agg_report_table_get_text (table, r, c_service), service_id))
      g_array_append_val (rows, r);

  plot = (Plot) { left, top, MAX (300, rows->len * bar_step + 20), plot_height, 0, 1, 0, 100, 11 };
  width = left + plot.width + right;

  /* TRANSLATORS: a chart title; %s is a service's name. */
  title = g_strdup_printf (_("Families asked about keyworking, %s"), service_label (context, service_id));
  description = g_strdup_printf (_("Bar chart of the percentage of registered families asked "
                                   "about their experience in each quarter, coloured by RAG "
                                   "rating: green at %.0f%% or more, amber at %.0f%% or more, "
                                   "red below. The figures are in the table that follows."),
                                 options->rag_green, options->rag_amber);
  legend = g_strdup_printf (_("green ≥ %.0f%% · amber ≥ %.0f%% · red below"),
                            options->rag_green, options->rag_amber);

  append_markup (out, "<figure id=\"%s\">\n<figcaption><h3>%s</h3></figcaption>\n<div>\n", id, title);
  svg_begin (out, id, width, top + plot_height + bottom, title, description);
  svg_text (out, 8, 18, "start", 13, "font-weight=\"600\"", _("Standard 7.3: % of families asked"));
  svg_text (out, 8, 36, "start", 11, "class=\"muted\"", legend);

  draw_value_axis (out, &plot, 25, _("% asked"));
  svg_line (out, plot.x, plot.y + plot.height, plot.x + plot.width, plot.y + plot.height, "axis");
  svg_line (out, plot.x, plot_y (&plot, options->rag_green), plot.x + plot.width,
            plot_y (&plot, options->rag_green), "ref");
  svg_line (out, plot.x, plot_y (&plot, options->rag_amber), plot.x + plot.width,
            plot_y (&plot, options->rag_amber), "ref");
  {
    g_autofree char *green = g_strdup_printf (_("green %.0f%%"), options->rag_green);
    g_autofree char *amber = g_strdup_printf (_("amber %.0f%%"), options->rag_amber);

    svg_text (out, plot.x + plot.width + 6, plot_y (&plot, options->rag_green) + 4, "start", 11,
              "class=\"muted\"", green);
    svg_text (out, plot.x + plot.width + 6, plot_y (&plot, options->rag_amber) + 4, "start", 11,
              "class=\"muted\"", amber);
  }

  for (guint i = 0; i < rows->len; i++)
    {
      guint r = g_array_index (rows, guint, i);
      double pct = cell_value (table, r, c_pct);
      double x = left + 10 + i * bar_step;
      double bar_width = bar_step - 20;
      const char *quarter = agg_report_table_get_text (table, r, c_quarter);
      const char *space = strchr (quarter, ' ');
      g_autofree char *year = space != NULL ? g_strndup (quarter, space - quarter) : g_strdup (quarter);

      if (!isnan (pct))
        {
          const char *rag = agg_report_table_get_text (table, r, c_rag);
          char text[G_ASCII_DTOSTR_BUF_SIZE];

          g_string_append_printf (out, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" "
                                  "fill=\"%s\"/>\n",
                                  num (x).s, num (plot_y (&plot, pct)).s, num (bar_width).s,
                                  num (plot.y + plot.height - plot_y (&plot, pct)).s,
                                  rag_colour (rag));
          g_ascii_formatd (text, sizeof text - 1, "%.0f", pct);
          g_strlcat (text, "%", sizeof text);
          svg_text (out, x + bar_width / 2, plot_y (&plot, pct) - 14, "middle", 11, "", text);
          svg_text (out, x + bar_width / 2, plot_y (&plot, pct) - 3, "middle", 10,
                    "class=\"muted\"", rag_label (rag));
        }
      else
        {
          svg_text (out, x + bar_width / 2, plot.y + plot.height - 6, "middle", 12, "",
                    agg_report_table_get_kind (table, r, c_pct) == AGG_REPORT_CELL_SUPPRESSED
                    ? KV_SDC_MARK : "–");
        }
      svg_text (out, x + bar_width / 2, plot.y + plot.height + 15, "middle", 10,
                "class=\"muted\"", year);
      svg_text (out, x + bar_width / 2, plot.y + plot.height + 28, "middle", 11, "",
                space != NULL ? space + 1 : "");
    }
  svg_text (out, plot.x + plot.width / 2, plot.y + plot.height + 48, "middle", 12, "",
            _("Quarter (NHS financial year)"));
  svg_end (out);

  g_string_append (out, "</div>\n<div class=\"data\">\n<table>\n");
  append_markup (out, "<caption>%s</caption>\n", title);
  append_markup (out, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                 "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
                 _("Quarter"), _("Registered"), _("Asked"), _("% asked"), _("RAG"),
                 _("FFT % positive"));
  for (guint i = 0; i < rows->len; i++)
    {
      guint r = g_array_index (rows, guint, i);
      int columns[] = { c_registered, c_asked, c_pct, c_rag, c_positive };

      append_markup (out, "<tr><th scope=\"row\" class=\"nowrap\">%s</th>",
                     agg_report_table_get_text (table, r, c_quarter));
      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        append_cell (out, agg_report_table_get_kind (table, r, columns[c]),
                     columns[c] == c_rag ? rag_label (agg_report_table_get_text (table, r, c_rag))
                                         : agg_report_table_get_text (table, r, columns[c]),
                     columns[c] != c_rag);
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</tbody>\n</table>\n</div>\n</figure>\n");
}

/* The item columns of the 7.3 report come in groups: "<item>_n" and then
 * "<item>_<level>_pct" for each scored level (agg-report-experience.c). */
typedef struct
{
  char      *item;      /* the column prefix: the item id with '-' as '_' */
  guint      n_column;
  GArray    *columns;   /* of guint: the level columns */
  GPtrArray *levels;    /* of char*: the level part of their names */
} ItemGroup;

static void
item_group_free (gpointer data)
{
  ItemGroup *group = data;

  g_free (group->item);
  g_array_unref (group->columns);
  g_ptr_array_unref (group->levels);
  g_free (group);
}

static gboolean
same_levels (const ItemGroup *a,
             const ItemGroup *b)
{
  if (a->levels->len != b->levels->len)
    return FALSE;
  for (guint i = 0; i < a->levels->len; i++)
    if (!g_str_equal (g_ptr_array_index (a->levels, i), g_ptr_array_index (b->levels, i)))
      return FALSE;
  return TRUE;
}

static GPtrArray *
item_groups (AggReportTable *table,
             guint           first)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func (item_group_free);
  ItemGroup *group = NULL;

  for (guint c = first; c < agg_report_table_get_n_columns (table); c++)
    {
      const char *name = agg_report_table_get_column (table, c);

      if (g_str_has_suffix (name, "_n"))
        {
          group = g_new0 (ItemGroup, 1);
          group->item = g_strndup (name, strlen (name) - 2);
          group->n_column = c;
          group->columns = g_array_new (FALSE, FALSE, sizeof (guint));
          group->levels = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (groups, group);
        }
      else if (group != NULL && g_str_has_suffix (name, "_pct")
               && g_str_has_prefix (name, group->item) && name[strlen (group->item)] == '_')
        {
          const char *level = name + strlen (group->item) + 1;

          g_array_append_val (group->columns, c);
          g_ptr_array_add (group->levels, g_strndup (level, strlen (level) - strlen ("_pct")));
        }
    }
  return groups;
}

static gboolean
matches_column_name (const char *id,
                     const char *name)
{
  gsize length = strlen (id);

  if (length != strlen (name))
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if ((g_ascii_isalnum (id[i]) ? id[i] : '_') != name[i])
      return FALSE;
  return TRUE;
}

/* The experience form's item behind a column prefix, for its wording. */
static const KvItem *
experience_item (const AggReportHtmlContext *context,
                 const char                 *name)
{
  KvForm *form = agg_form_registry_lookup_latest (context->forms, "experience");

  for (guint i = 0; form != NULL && i < kv_form_get_n_items (form); i++)
    if (matches_column_name (kv_item_get_id (kv_form_get_item (form, i)), name))
      return kv_form_get_item (form, i);
  return NULL;
}

static const char *
level_label (const KvItem *item,
             const char   *name)
{
  for (guint l = 0; item != NULL && l < kv_item_get_n_levels (item); l++)
    {
      const KvLevel *level = kv_item_get_level (item, l);

      if (matches_column_name (kv_level_get_id (level), name))
        return g_dgettext (GETTEXT_PACKAGE, kv_level_get_label (level, FALSE));
    }
  return name;
}

/* The answers to the questions, one row per service, quarter and question,
 * so that the page prints: the published table is 50 columns wide.
 * Questions answered on the same levels share a table. */
static void
append_item_tables (GString                    *out,
                    const AggReportHtmlContext *context,
                    AggReportTable             *table,
                    guint                       first)
{
  g_autoptr(GPtrArray) groups = item_groups (table, first);
  int c_service = agg_report_table_find_column (table, "service");
  int c_quarter = agg_report_table_find_column (table, "quarter");

  for (guint g = 0; g < groups->len;)
    {
      ItemGroup *head = g_ptr_array_index (groups, g);
      const KvItem *head_item = experience_item (context, head->item);
      guint end = g + 1;

      while (end < groups->len && same_levels (head, g_ptr_array_index (groups, end)))
        end++;

      g_string_append (out, "<div class=\"rows\">\n<table>\n");
      append_markup (out, "<caption>%s</caption>\n<thead><tr>",
                     _("Answers, in % of those who answered each question (“Don’t know” left "
                       "out of the keyworking questions)"));
      append_markup (out, "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                     "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
                     _("Service"), _("Quarter"), _("Question"), _("Answers"));
      for (guint l = 0; l < head->levels->len; l++)
        append_markup (out, "<th scope=\"col\">%s %%</th>",
                       level_label (head_item, g_ptr_array_index (head->levels, l)));
      g_string_append (out, "</tr></thead>\n<tbody>\n");

      for (guint r = 0; r < agg_report_table_get_n_rows (table); r++)
        for (guint i = g; i < end; i++)
          {
            ItemGroup *group = g_ptr_array_index (groups, i);
            const KvItem *item = experience_item (context, group->item);

            append_markup (out, "<tr><td>%s</td><td class=\"nowrap\">%s</td><th scope=\"row\">%s</th>",
                           service_label (context, agg_report_table_get_text (table, r, c_service)),
                           agg_report_table_get_text (table, r, c_quarter),
                           item != NULL ? g_dgettext (GETTEXT_PACKAGE, kv_item_get_prompt (item, FALSE))
                                        : group->item);
            append_cell (out, agg_report_table_get_kind (table, r, group->n_column),
                         agg_report_table_get_text (table, r, group->n_column), TRUE);
            for (guint l = 0; l < group->columns->len; l++)
              {
                guint c = g_array_index (group->columns, guint, l);

                append_cell (out, agg_report_table_get_kind (table, r, c),
                             agg_report_table_get_text (table, r, c), TRUE);
              }
            g_string_append (out, "</tr>\n");
          }
      g_string_append (out, "</tbody>\n</table>\n</div>\n");
      g = end;
    }
}

void
agg_report_html_experience (GString                    *out,
                            const AggReportHtmlContext *context,
                            AggReportTable             *table)
{
  g_autoptr(GPtrArray) services = distinct_values (table, "service");

  begin_page (out, context, _("Experience of keyworking (standard 7.3)"),
              _("Per service and quarter: how many registered families were asked about their "
                "experience of keyworking, independently of their keyworker, and what those who "
                "answered said. Friends and Family Test percentages count every answer, "
                "\"Don't know\" included; the keyworking items leave \"Don't know\" out. Small "
                "numbers are suppressed: 1 to 7 is shown as *, other counts are rounded to the "
                "nearest 5 and percentages are computed from the rounded counts."));


  append_markup (out, "<h2>%s</h2>\n", _("Families asked, by quarter"));
  if (services->len == 0)
    append_markup (out, "<p>%s</p>\n", _("No service has children or answers in this report yet."));
  for (guint s = 0; s < services->len; s++)
    draw_compliance (out, context, table, g_ptr_array_index (services, s), s + 1);

  append_markup (out, "<h2>%s</h2>\n", _("All rows"));
  {
    int last = agg_report_table_find_column (table, "fft_negative_pct");

    g_assert (last > 0);
    append_columns_table (out, table, _("Standard 7.3 by service and quarter"), 0, last);
    append_item_tables (out, context, table, last + 1);
  }
  end_page (out);
}
