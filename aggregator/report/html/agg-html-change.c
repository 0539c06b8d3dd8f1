/* agg-html-change.c — per-child trajectories.
 *
 * One figure per child, one panel per measure: for GAS a line per goal set
 * and respondent starting at that goal set's baseline, for a form a line
 * per respondent; the points of the charts are in the table beside them.
 * Rows are pseudonymous, for the child's own service and evaluators only
 * (docs/domain.md §4), so nothing here is suppressed.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "agg-html-change.h"
#include "agg-html-svg.h"
#include "agg-html-table.h"

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
draw_trajectory (GString              *out,
                 const AggHtmlContext *context,
                 const AggReportChild *child,
                 const char           *measure,
                 const char           *id,
                 double                day_min,
                 double                day_max)
{
  g_autoptr(GPtrArray) series = collect_series (child, measure, context->options);
  g_autoptr(GPtrArray) respondents = g_ptr_array_new ();
  gboolean is_gas = g_str_equal (measure, "gas");
  const char *name = agg_html_measure_label (context, measure);
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  /* 420 units wide with 12-unit type: two panels side by side on A4 print
   * their tick labels at about 7 pt. */
  AggHtmlPlot plot = { 56, 54, 346, 160, day_min, day_max, 0, 0, 12 };
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
  agg_html_svg_begin (out, id, 420, 264, title, description);
  agg_html_svg_text (out, 8, 18, "start", 14, "font-weight=\"600\"", name);

  agg_html_draw_value_axis (out, &plot, step, is_gas ? _("T-score") : _("Total score"));
  agg_html_draw_time_axis (out, &plot);

  if (is_gas)
    {
      agg_html_svg_line (out, plot.x, agg_html_plot_y (&plot, 50), plot.x + plot.width,
                         agg_html_plot_y (&plot, 50), "ref");
      agg_html_svg_text (out, plot.x + plot.width - 2, agg_html_plot_y (&plot, 50) - 4, "end", 10,
                         "class=\"muted\"", _("expected"));

      /* A renegotiated goal set starts a new baseline (docs/domain.md §1). */
      for (guint i = 0; i < child->points->len; i++)
        {
          const AggReportPoint *point = &g_array_index (child->points, AggReportPoint, i);
          double x;

          if (point->measure != measure || !g_str_equal (point->kind, "baseline")
              || point->goal_set < 2)
            continue;
          x = agg_html_plot_x (&plot, agg_html_day_number (point->date));
          agg_html_svg_line (out, x, plot.y, x, plot.y + plot.height, "ref");
          agg_html_svg_text (out, x + 3, plot.y + 10, "start", 10,
                             "class=\"muted\"", _("new goals"));
        }
    }

  for (guint s = 0; s < series->len; s++)
    {
      Series *line = g_ptr_array_index (series, s);
      const char *colour, *marker;

      agg_html_respondent_style (line->respondent, &colour, &marker);
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
              double day = agg_html_day_number (point->date);

              g_string_append_printf (out, "%s%s,%s", p > 0 ? " " : "",
                                      agg_html_num (agg_html_plot_x (&plot, day)).s,
                                      agg_html_num (agg_html_plot_y (&plot, point->score)).s);
            }
          g_string_append (out, "\"/>\n");
        }
      for (guint p = 0; p < line->points->len; p++)
        {
          const AggReportPoint *point = g_ptr_array_index (line->points, p);

          agg_html_svg_marker (out, marker,
                               agg_html_plot_x (&plot, agg_html_day_number (point->date)),
                               agg_html_plot_y (&plot, point->score), colour,
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
      const char *label = agg_html_respondent_label (respondent);

      agg_html_respondent_style (respondent, &colour, &marker);
      agg_html_svg_marker (out, marker, legend_x, 33, colour, FALSE);
      agg_html_svg_text (out, legend_x + 9, 37, "start", 12, "", label);
      legend_x += 24 + 6.8 * g_utf8_strlen (label, -1);
    }
  if (is_gas)
    {
      agg_html_svg_marker (out, "circle", legend_x, 33, "#555555", TRUE);
      agg_html_svg_text (out, legend_x + 9, 37, "start", 12, "", _("baseline"));
    }

  agg_html_svg_end (out);
}

static void
append_point_note (GString              *out,
                   const AggReportPoint *point)
{
  if (!point->scored)
    agg_html_append_escaped (out, point->status);
  else if (g_str_equal (point->measure, "gas") && point->k < point->n)
    agg_html_append_markup (out, _("%u of %u goals rated"), point->k, point->n);
  if (g_str_equal (point->measure, "gas") && point->goal_set > 0)
    {
      if (!point->scored || point->k < point->n)
        g_string_append (out, "; ");
      agg_html_append_markup (out, _("goal set %u"), point->goal_set);
    }
}

static void
draw_child (GString              *out,
            const AggHtmlContext *context,
            const AggReportChild *child,
            guint                 index)
{
  g_autoptr(GPtrArray) measures = g_ptr_array_new ();
  double day_min = G_MAXDOUBLE, day_max = -G_MAXDOUBLE;

  for (guint i = 0; i < child->points->len; i++)
    {
      const AggReportPoint *point = &g_array_index (child->points, AggReportPoint, i);
      double day;

      if (!point_shown (point, context->options))
        continue;
      day = agg_html_day_number (point->date);
      day_min = MIN (day_min, day);
      day_max = MAX (day_max, day);
      if (!g_ptr_array_find (measures, point->measure, NULL))
        g_ptr_array_add (measures, (gpointer) point->measure);
    }
  if (measures->len == 0)
    return;
  agg_html_sort_measures (measures);

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

  agg_html_append_markup (out, "<figure class=\"child\" id=\"child-%u\">\n<figcaption><h3>", index);
  agg_html_append_markup (out, _("Child %s"), child->code);
  g_string_append (out, "</h3>");
  agg_html_append_markup (out, "<p class=\"meta\">%s · %s · %s</p></figcaption>\n",
                          agg_html_service_label (context, child->service_id),
                          agg_html_age_band_label (child->age_band),
                          agg_html_dsr_label (child->dsr));

  g_string_append (out, "<div>\n");
  for (guint m = 0; m < measures->len; m++)
    {
      g_autofree char *id = g_strdup_printf ("child-%u-%u", index, m);

      draw_trajectory (out, context, child, g_ptr_array_index (measures, m), id, day_min, day_max);
    }
  g_string_append (out, "</div>\n<div class=\"data\">\n<table>\n");
  agg_html_append_markup (out, "<caption>%s</caption>\n", _("The figures of the charts"));
  agg_html_append_markup (out, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                          "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n",
                          _("Date"), _("Respondent"), _("Score"), _("Note"));

  /* One group of rows per measure, headed by its name, in the order of
   * the charts. */
  for (guint m = 0; m < measures->len; m++)
    {
      agg_html_append_markup (out,
                              "<tbody>\n<tr><th scope=\"rowgroup\" colspan=\"4\">%s</th></tr>\n",
                              agg_html_measure_label (context, g_ptr_array_index (measures, m)));
      for (guint i = 0; i < child->points->len; i++)
        {
          const AggReportPoint *point = &g_array_index (child->points, AggReportPoint, i);
          char score[G_ASCII_DTOSTR_BUF_SIZE] = "–";

          if (point->measure != g_ptr_array_index (measures, m)
              || !point_shown (point, context->options))
            continue;
          if (point->scored)
            g_ascii_formatd (score, sizeof score, "%.2f", point->score);
          agg_html_append_markup (out, "<tr><td class=\"nowrap\">%s</td><td>%s%s</td>"
                                  "<td class=\"num\">%s</td><td>",
                                  point->date, agg_html_respondent_label (point->respondent),
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
agg_html_change (GString              *out,
                 const AggHtmlContext *context,
                 AggReportChange      *change,
                 AggReportTable       *table)
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
  n_drawn = MIN (n_children, AGG_HTML_MAX_TRAJECTORIES);

  agg_html_begin_page (out, context, _("Change over time per child"),
                       _("Each row is one child, one measure and one respondent: the baseline, the "
                         "latest score and the change between them. For goal attainment the "
                         "baseline is the T-score of the child's current goal set at the time it "
                         "was set, and a renegotiated goal set starts a new baseline. Children are "
                         "shown by their pseudonymous code only. These rows are not suppressed: "
                         "they are for the child's own service and for evaluators, and must not be "
                         "shared further."));

  agg_html_append_markup (out, "<h2>%s</h2>\n", _("Trajectories"));
  if (n_children == 0)
    agg_html_append_markup (out, "<p>%s</p>\n", _("No child has a score in this report yet."));
  else if (n_drawn < n_children)
    {
      g_string_append (out, "<p>");
      agg_html_append_markup (out, _("Charts are drawn for the first %u of %u children; every "
                                     "child is in the table of all rows."), n_drawn, n_children);
      g_string_append (out, "</p>\n");
    }
  for (guint i = 0; i < n_drawn; i++)
    draw_child (out, context, g_ptr_array_index (children, i), i + 1);

  agg_html_append_markup (out, "<h2>%s</h2>\n", _("All rows"));
  agg_html_append_rows_table (out, table, _("Change per child, measure and respondent"));
  agg_html_end_page (out);
}

