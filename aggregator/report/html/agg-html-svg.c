/* agg-html-svg.c — chart drawing for the HTML reports. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "agg-html-page.h"
#include "agg-html-svg.h"

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

void
agg_html_svg_begin (GString    *out,
                    const char *id,
                    double      width,
                    double      height,
                    const char *title,
                    const char *description)
{
  agg_html_append_markup (out, "<svg role=\"img\" aria-labelledby=\"%s-title %s-desc\" ", id, id);
  g_string_append_printf (out, "viewBox=\"0 0 %s %s\" width=\"%s\" height=\"%s\">\n",
                          agg_html_num (width).s, agg_html_num (height).s, agg_html_num (width).s,
                          agg_html_num (height).s);
  agg_html_append_markup (out, "<title id=\"%s-title\">%s</title>\n", id, title);
  agg_html_append_markup (out, "<desc id=\"%s-desc\">%s</desc>\n", id, description);
  g_string_append_printf (out,
                          "<rect x=\"0\" y=\"0\" width=\"%s\" height=\"%s\" fill=\"#ffffff\"/>\n",
                          agg_html_num (width).s, agg_html_num (height).s);
}

void
agg_html_svg_end (GString *out)
{
  g_string_append (out, "</svg>\n");
}

void
agg_html_svg_line (GString    *out,
                   double      x1,
                   double      y1,
                   double      x2,
                   double      y2,
                   const char *class_name)
{
  g_string_append_printf (out, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" class=\"%s\"/>\n",
                          agg_html_num (x1).s, agg_html_num (y1).s, agg_html_num (x2).s,
                          agg_html_num (y2).s, class_name);
}

void
agg_html_svg_text (GString    *out,
                   double      x,
                   double      y,
                   const char *anchor,
                   double      size,
                   const char *extra,
                   const char *text)
{
  g_string_append_printf (out, "<text x=\"%s\" y=\"%s\" text-anchor=\"%s\" font-size=\"%s\" %s>",
                          agg_html_num (x).s, agg_html_num (y).s, anchor,
                          agg_html_num (size).s, extra);
  agg_html_append_escaped (out, text);
  g_string_append (out, "</text>\n");
}

void
agg_html_svg_marker (GString    *out,
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
                            agg_html_num (x - 4.5).s, agg_html_num (y - 4.5).s, fill, colour);
  else if (g_str_equal (shape, "triangle"))
    g_string_append_printf (out, "<polygon points=\"%s,%s %s,%s %s,%s\" fill=\"%s\" "
                            "stroke=\"%s\" stroke-width=\"2\"/>\n",
                            agg_html_num (x).s, agg_html_num (y - 6).s,
                            agg_html_num (x + 5.5).s, agg_html_num (y + 4).s,
                            agg_html_num (x - 5.5).s, agg_html_num (y + 4).s, fill, colour);
  else if (g_str_equal (shape, "diamond"))
    g_string_append_printf (out, "<polygon points=\"%s,%s %s,%s %s,%s %s,%s\" fill=\"%s\" "
                            "stroke=\"%s\" stroke-width=\"2\"/>\n",
                            agg_html_num (x).s, agg_html_num (y - 6).s,
                            agg_html_num (x + 6).s, agg_html_num (y).s,
                            agg_html_num (x).s, agg_html_num (y + 6).s, agg_html_num (x - 6).s,
                            agg_html_num (y).s, fill, colour);
  else if (g_str_equal (shape, "cross"))
    g_string_append_printf (out, "<path d=\"M%s %sL%s %sM%s %sL%s %s\" stroke=\"%s\" "
                            "stroke-width=\"2.5\" fill=\"none\"/>\n",
                            agg_html_num (x - 5).s, agg_html_num (y - 5).s,
                            agg_html_num (x + 5).s, agg_html_num (y + 5).s,
                            agg_html_num (x - 5).s, agg_html_num (y + 5).s, agg_html_num (x + 5).s,
                            agg_html_num (y - 5).s, colour);
  else
    g_string_append_printf (out, "<circle cx=\"%s\" cy=\"%s\" r=\"5\" fill=\"%s\" "
                            "stroke=\"%s\" stroke-width=\"2\"/>\n",
                            agg_html_num (x).s, agg_html_num (y).s, fill, colour);
}

void
agg_html_respondent_style (const char  *respondent,
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

double
agg_html_day_number (const char *date)
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

double
agg_html_plot_x (const AggHtmlPlot *plot,
                 double             day)
{
  return plot->x + (day - plot->day_min) / (plot->day_max - plot->day_min) * plot->width;
}

double
agg_html_plot_y (const AggHtmlPlot *plot,
                 double             value)
{
  double clamped = CLAMP (value, plot->y_min, plot->y_max);

  return plot->y + plot->height
         - (clamped - plot->y_min) / (plot->y_max - plot->y_min) * plot->height;
}

void
agg_html_draw_time_axis (GString           *out,
                         const AggHtmlPlot *plot)
{
  int year, month, last_year, last_month, n_months, step;

  month_of_day (plot->day_min, &year, &month);
  month_of_day (plot->day_max, &last_year, &last_month);
  n_months = (last_year - year) * 12 + (last_month - month) + 1;
  step = MAX (1, (n_months + 4) / 5);

  agg_html_svg_line (out, plot->x, plot->y + plot->height, plot->x + plot->width,
                     plot->y + plot->height, "axis");

  /* A tick on the first of every step-th month inside the range. */
  for (int i = 0; i <= n_months; i += step)
    {
      int m = (month - 1 + i) % 12 + 1;
      int y = year + (month - 1 + i) / 12;
      g_autofree char *label = g_strdup_printf ("%04d-%02d", y, m);
      g_autofree char *first = g_strdup_printf ("%04d-%02d-01", y, m);
      double day = agg_html_day_number (first);
      double x;

      if (day < plot->day_min || day > plot->day_max)
        continue;
      x = agg_html_plot_x (plot, day);
      agg_html_svg_line (out, x, plot->y + plot->height, x, plot->y + plot->height + 4, "axis");
      agg_html_svg_text (out, x, plot->y + plot->height + plot->font + 5, "middle", plot->font,
                         "class=\"muted\"", label);
    }
  agg_html_svg_text (out, plot->x + plot->width / 2, plot->y + plot->height + 2 * plot->font + 12,
                     "middle", plot->font + 1, "", _("Date of answer"));
}

void
agg_html_draw_value_axis (GString           *out,
                          const AggHtmlPlot *plot,
                          double             step,
                          const char        *label)
{
  g_autofree char *rotate = NULL;
  double label_x = plot->x - 40;
  double label_y = plot->y + plot->height / 2;

  for (double v = plot->y_min; v <= plot->y_max + 1e-9; v += step)
    {
      char text[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (text, sizeof text, "%.0f", v);
      agg_html_svg_line (out, plot->x, agg_html_plot_y (plot, v), plot->x + plot->width,
                         agg_html_plot_y (plot, v), "grid");
      agg_html_svg_text (out, plot->x - 6,
                         agg_html_plot_y (plot, v) + plot->font / 3, "end", plot->font,
                         "class=\"muted\"", text);
    }
  agg_html_svg_line (out, plot->x, plot->y, plot->x, plot->y + plot->height, "axis");

  rotate = g_strdup_printf ("transform=\"rotate(-90 %s %s)\"", agg_html_num (label_x).s,
                            agg_html_num (label_y).s);
  agg_html_svg_text (out, label_x, label_y, "middle", plot->font + 1, rotate, label);
}

