/* test-report-html.c — the three reports as HTML pages (report/html/) on
 * the data set of agg-report-fixture.h: self-contained, accessible, drawn
 * from published figures only, and escaped. */
#include "config.h"

#include <string.h>

#include "agg-db-private.h"
#include "agg-report-fixture.h"

static void
assert_self_contained (const char *html)
{
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>\n<html lang="));
  g_assert_true (g_str_has_suffix (html, "</html>\n"));
  /* One file: no URL, no fetched resource, no script. */
  g_assert_null (strstr (html, "http://"));
  g_assert_null (strstr (html, "https://"));
  g_assert_null (strstr (html, "src="));
  g_assert_null (strstr (html, "href="));
  g_assert_null (strstr (html, "<script"));
  g_assert_null (strstr (html, "url("));
  g_assert_null (strstr (html, "@import"));
  /* Charts are inline SVG with an accessible title, and print on A4. */
  g_assert_nonnull (strstr (html, "<svg role=\"img\""));
  g_assert_nonnull (strstr (html, "<title id="));
  g_assert_nonnull (strstr (html, "<desc id="));
  g_assert_nonnull (strstr (html, "@page{size:A4"));
  g_assert_nonnull (strstr (html, "<caption>"));
}

static void
test_html (Fixture       *fixture,
           gconstpointer  data)
{
  AggReportOptions options;
  g_autofree char *change = report_run (fixture, AGG_REPORT_CHANGE, AGG_REPORT_FORMAT_HTML, NULL);
  g_autofree char *cohort = report_run (fixture, AGG_REPORT_COHORT, AGG_REPORT_FORMAT_HTML, NULL);
  g_autofree char *experience = NULL;

  report_experience_options (&options);
  experience = report_run (fixture, AGG_REPORT_EXPERIENCE, AGG_REPORT_FORMAT_HTML, &options);

  assert_self_contained (change);
  assert_self_contained (cohort);
  assert_self_contained (experience);

  /* Every child with a score has a trajectory, named by its code; the
   * service is named, escaped. */
  g_assert_nonnull (strstr (change, "<title id=\"child-1-0-title\">Goal attainment (GAS T-score) "
                                    "over time for child TEST-A01</title>"));
  g_assert_nonnull (strstr (change, "child TEST-B05"));
  g_assert_nonnull (strstr (change, "Test Service Beta"));
  /* The cohort chart draws only published figures: alpha's mean, and the
   * suppressed strata say so instead of drawing a bar. */
  g_assert_nonnull (strstr (cohort, ">+19.8</text>"));
  g_assert_nonnull (strstr (cohort, "suppressed: under 8 children"));
  g_assert_null (strstr (cohort, "18.26"));
  /* The 7.3 bars, with the rating in words as well as in colour. */
  g_assert_nonnull (strstr (experience, ">67%</text>"));
  g_assert_nonnull (strstr (experience, ">amber</text>"));
  g_assert_null (strstr (experience, "quoted"));
}

static void
test_html_escapes (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *html = NULL;

  /* A service named by someone careless or hostile. */
  stmt = agg_db_prepare (fixture->db, "UPDATE services SET name = ?1 WHERE id = 'test-beta'", &error);
  g_assert_no_error (error);
  agg_db_bind_text (stmt, 1, "Beta <script>alert(1)</script> & \"friends\"");
  g_assert_true (agg_db_run (fixture->db, stmt, &error));
  g_assert_no_error (error);

  html = report_run (fixture, AGG_REPORT_CHANGE, AGG_REPORT_FORMAT_HTML, NULL);
  g_assert_null (strstr (html, "<script"));
  g_assert_nonnull (strstr (html, "Beta &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;friends&quot;"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  REPORT_TEST_ADD ("html/self-contained", test_html);
  REPORT_TEST_ADD ("html/escapes", test_html_escapes);

  return g_test_run ();
}
