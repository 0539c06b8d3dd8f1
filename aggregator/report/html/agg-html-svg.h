/* agg-html-svg.h — the pieces the HTML reports draw their charts with:
 * inline SVG, no script.
 *
 * Accessibility (docs/reports.md "HTML"): each chart is <svg role="img"
 * aria-labelledby> with a <title> and a <desc>; colours come from the
 * Okabe & Ito (2008) palette, which stays distinct with colour-blindness,
 * and every respondent's line also differs by marker shape.  Coordinates
 * are written with agg_html_num(), never printf's %f.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A plot area: where it is on the chart (x, y, width, height, in SVG
 * units), the days (agg_html_day_number()) and values its edges stand
 * for, and the size of its tick labels. */
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
} AggHtmlPlot;

/* Opens an <svg> of @width × @height whose <title> and <desc> have the ids
 * "@id-title" and "@id-desc", on a white ground. */
void    agg_html_svg_begin         (GString           *out,
                                    const char        *id,
                                    double             width,
                                    double             height,
                                    const char        *title,
                                    const char        *description);
void    agg_html_svg_end           (GString           *out);
/* @class_name is a class of report.css: axis, grid or ref. */
void    agg_html_svg_line          (GString           *out,
                                    double             x1,
                                    double             y1,
                                    double             x2,
                                    double             y2,
                                    const char        *class_name);
/* @anchor is start, middle or end; @extra is more attributes, or "";
 * @text is escaped. */
void    agg_html_svg_text          (GString           *out,
                                    double             x,
                                    double             y,
                                    const char        *anchor,
                                    double             size,
                                    const char        *extra,
                                    const char        *text);
/* A marker centred on @x, @y: circle, square, triangle, diamond or cross
 * (anything else is a circle); @hollow fills it white. */
void    agg_html_svg_marker        (GString           *out,
                                    const char        *shape,
                                    double             x,
                                    double             y,
                                    const char        *colour,
                                    gboolean           hollow);
/* The colour and marker of @respondent's lines; grey circles for one
 * without a style of its own. */
void    agg_html_respondent_style  (const char        *respondent,
                                    const char       **colour,
                                    const char       **marker);

/* The Julian day of a YYYY-MM-DD date, or 0 when @date is not one. */
double  agg_html_day_number        (const char        *date);
double  agg_html_plot_x            (const AggHtmlPlot *plot,
                                    double             day);
/* @value clamped to the plot's range. */
double  agg_html_plot_y            (const AggHtmlPlot *plot,
                                    double             value);
/* The date axis under the plot: a tick and a YYYY-MM label on the first
 * of every month it can fit five of, and its title. */
void    agg_html_draw_time_axis    (GString           *out,
                                    const AggHtmlPlot *plot);
/* The value axis: a grid line and label every @step from the bottom of
 * the range, and @label turned up its side. */
void    agg_html_draw_value_axis   (GString           *out,
                                    const AggHtmlPlot *plot,
                                    double             step,
                                    const char        *label);

G_END_DECLS
