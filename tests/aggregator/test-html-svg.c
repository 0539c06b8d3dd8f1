/* test-html-svg.c — the pieces the charts are drawn with (agg-html-svg.c):
 * an accessible frame, escaped text, markers that differ by shape, and
 * axes that put days and values where they belong. */
#include "config.h"

#include <string.h>

#include "agg-html-svg.h"

static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *p = haystack; (p = strstr (p, needle)) != NULL; p += strlen (needle))
    n++;
  return n;
}

static void
test_frame (void)
{
  g_autoptr(GString) out = g_string_new (NULL);

  agg_html_svg_begin (out, "c-1", 420, 264.25, "Title & <more>", "What it shows");
  agg_html_svg_end (out);
  g_assert_cmpstr (out->str, ==,
                   "<svg role=\"img\" aria-labelledby=\"c-1-title c-1-desc\" "
                   "viewBox=\"0 0 420.0 264.2\" width=\"420.0\" height=\"264.2\">\n"
                   "<title id=\"c-1-title\">Title &amp; &lt;more&gt;</title>\n"
                   "<desc id=\"c-1-desc\">What it shows</desc>\n"
                   "<rect x=\"0\" y=\"0\" width=\"420.0\" height=\"264.2\" fill=\"#ffffff\"/>\n"
                   "</svg>\n");
}

static void
test_line_and_text (void)
{
  g_autoptr(GString) out = g_string_new (NULL);

  agg_html_svg_line (out, 1, 2.25, 3, 4, "grid");
  agg_html_svg_text (out, 10, 20, "end", 11, "class=\"muted\"", "A < B");
  g_assert_cmpstr (out->str, ==,
                   "<line x1=\"1.0\" y1=\"2.2\" x2=\"3.0\" y2=\"4.0\" class=\"grid\"/>\n"
                   "<text x=\"10.0\" y=\"20.0\" text-anchor=\"end\" font-size=\"11.0\" "
                   "class=\"muted\">A &lt; B</text>\n");
}

static void
test_markers (void)
{
  static const char * const shapes[] = { "circle", "square", "triangle", "diamond", "cross" };
  static const char * const elements[] = { "<circle ", "<rect ", "<polygon ", "<polygon ", "<path " };
  static const char * const respondents[] = {
    "young-person", "parent-carer", "both", "someone-helping", "keyworker",
  };
  g_autoptr(GPtrArray) colours = g_ptr_array_new ();
  g_autoptr(GPtrArray) markers = g_ptr_array_new ();
  const char *colour, *marker;

  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      agg_html_svg_marker (out, shapes[i], 50, 60, "#0072B2", FALSE);
      g_assert_true (g_str_has_prefix (out->str, elements[i]));
      g_assert_nonnull (strstr (out->str, "#0072B2"));
    }

  /* Hollow markers (a GAS baseline) are filled white. */
  {
    g_autoptr(GString) out = g_string_new (NULL);

    agg_html_svg_marker (out, "circle", 50, 60, "#555555", TRUE);
    g_assert_cmpstr (out->str, ==, "<circle cx=\"50.0\" cy=\"60.0\" r=\"5\" fill=\"#ffffff\" "
                                   "stroke=\"#555555\" stroke-width=\"2\"/>\n");
  }

  /* Every respondent has its own colour and its own shape, so no line is
   * told from another by colour alone. */
  for (guint i = 0; i < G_N_ELEMENTS (respondents); i++)
    {
      agg_html_respondent_style (respondents[i], &colour, &marker);
      g_assert_false (g_ptr_array_find_with_equal_func (colours, colour, g_str_equal, NULL));
      g_assert_false (g_ptr_array_find_with_equal_func (markers, marker, g_str_equal, NULL));
      g_ptr_array_add (colours, (gpointer) colour);
      g_ptr_array_add (markers, (gpointer) marker);
    }
  agg_html_respondent_style ("someone-new", &colour, &marker);
  g_assert_cmpstr (colour, ==, "#555555");
  g_assert_cmpstr (marker, ==, "circle");
}

static void
test_days_and_plot (void)
{
  AggHtmlPlot plot = { 50, 10, 300, 100, 0, 0, 20, 80, 12 };
  double day = agg_html_day_number ("2025-01-01");

  g_assert_cmpfloat (agg_html_day_number ("2025-01-31") - day, ==, 30);
  g_assert_cmpfloat (agg_html_day_number ("2025-03-01") - agg_html_day_number ("2025-02-28"), ==, 1);
  g_assert_cmpfloat (agg_html_day_number ("2025-02-30"), ==, 0);
  g_assert_cmpfloat (agg_html_day_number ("soon"), ==, 0);
  g_assert_cmpfloat (agg_html_day_number (NULL), ==, 0);

  plot.day_min = day;
  plot.day_max = day + 60;
  g_assert_cmpfloat (agg_html_plot_x (&plot, day), ==, 50);
  g_assert_cmpfloat (agg_html_plot_x (&plot, day + 30), ==, 200);
  g_assert_cmpfloat (agg_html_plot_x (&plot, day + 60), ==, 350);
  /* Up is more; values off the range stay on its edge. */
  g_assert_cmpfloat (agg_html_plot_y (&plot, 20), ==, 110);
  g_assert_cmpfloat (agg_html_plot_y (&plot, 50), ==, 60);
  g_assert_cmpfloat (agg_html_plot_y (&plot, 80), ==, 10);
  g_assert_cmpfloat (agg_html_plot_y (&plot, 5), ==, 110);
  g_assert_cmpfloat (agg_html_plot_y (&plot, 95), ==, 10);
}

static void
test_axes (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  AggHtmlPlot plot = { 56, 54, 346, 160, 0, 0, 20, 80, 12 };

  /* 15 January to 15 June: six months, so a tick every second month from
   * January, on the first of the month; 1 January is off the axis, which
   * leaves March and May. */
  plot.day_min = agg_html_day_number ("2025-01-15");
  plot.day_max = agg_html_day_number ("2025-06-15");
  agg_html_draw_time_axis (out, &plot);
  g_assert_null (strstr (out->str, ">2025-01</text>"));
  g_assert_null (strstr (out->str, ">2025-02</text>"));
  g_assert_nonnull (strstr (out->str, ">2025-03</text>"));
  g_assert_null (strstr (out->str, ">2025-04</text>"));
  g_assert_nonnull (strstr (out->str, ">2025-05</text>"));
  g_assert_null (strstr (out->str, ">2025-06</text>"));
  g_assert_cmpuint (count (out->str, "class=\"muted\""), ==, 2);
  g_assert_nonnull (strstr (out->str, ">Date of answer</text>"));

  /* 20 to 80 by 10: seven grid lines and labels, the title turned up. */
  g_string_truncate (out, 0);
  agg_html_draw_value_axis (out, &plot, 10, "T-score");
  g_assert_cmpuint (count (out->str, "class=\"grid\""), ==, 7);
  g_assert_nonnull (strstr (out->str, ">20</text>"));
  g_assert_nonnull (strstr (out->str, ">80</text>"));
  g_assert_nonnull (strstr (out->str, "transform=\"rotate(-90 16.0 134.0)\">T-score</text>"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/aggregator/html-svg/frame", test_frame);
  g_test_add_func ("/aggregator/html-svg/line-and-text", test_line_and_text);
  g_test_add_func ("/aggregator/html-svg/markers", test_markers);
  g_test_add_func ("/aggregator/html-svg/days-and-plot", test_days_and_plot);
  g_test_add_func ("/aggregator/html-svg/axes", test_axes);

  return g_test_run ();
}
