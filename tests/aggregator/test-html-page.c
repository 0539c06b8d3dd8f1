/* test-html-page.c — the frame of every HTML report (agg-html-page.c):
 * numbers written the same in every locale, data escaped, labels for
 * people, the style sheet from its resource, and the header saying what
 * was asked. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "agg-html-page.h"

static void
test_num (void)
{
  /* One decimal, always a '.', even where the locale writes a ','. */
  g_assert_cmpstr (agg_html_num (0).s, ==, "0.0");
  g_assert_cmpstr (agg_html_num (12.25).s, ==, "12.2");
  g_assert_cmpstr (agg_html_num (12.26).s, ==, "12.3");
  g_assert_cmpstr (agg_html_num (-4.5).s, ==, "-4.5");
  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") != NULL)
    {
      g_assert_cmpstr (agg_html_num (1.5).s, ==, "1.5");
      setlocale (LC_NUMERIC, "C");
    }
}

static void
test_escaping (void)
{
  g_autoptr(GString) out = g_string_new (NULL);

  agg_html_append_escaped (out, "<b>Tom & \"Jerry\"</b>");
  g_assert_cmpstr (out->str, ==, "&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;");

  g_string_truncate (out, 0);
  agg_html_append_escaped (out, NULL);
  g_assert_cmpstr (out->str, ==, "");

  /* The format is markup; its arguments are data. */
  agg_html_append_markup (out, "<td title=\"%s\">%u</td>", "a\"b<c>", 7);
  g_assert_cmpstr (out->str, ==, "<td title=\"a&quot;b&lt;c&gt;\">7</td>");
}

static void
test_labels (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AggFormRegistry) forms = agg_form_registry_new_from_dir (KV_SOURCE_FORMS_DIR, &error);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  AggReportOptions options;
  AggHtmlContext context = { &options, forms, names };
  KvForm *experience;

  g_assert_no_error (error);
  agg_report_options_init (&options);
  g_hash_table_insert (names, "test-alpha", "Test Service Alpha");

  g_assert_cmpstr (agg_html_respondent_label ("parent-carer"), ==, "Parent carer");
  g_assert_cmpstr (agg_html_respondent_label ("both"), ==, "Young person and parent carer");
  g_assert_cmpstr (agg_html_respondent_label ("someone-new"), ==, "someone-new");
  g_assert_cmpstr (agg_html_age_band_label ("18-25"), ==, "18 to 25");
  g_assert_cmpstr (agg_html_age_band_label ("over-25"), ==, "over-25");
  g_assert_cmpstr (agg_html_dsr_label ("amber"), ==, "DSR amber");
  g_assert_cmpstr (agg_html_dsr_label ("unrated"), ==, "no DSR rating");
  g_assert_cmpstr (agg_html_dsr_label (NULL), ==, "no DSR rating");

  /* GAS and our quality-of-life form by what they measure; another form
   * by its title; a measure no form knows by its id. */
  g_assert_cmpstr (agg_html_measure_label (&context, "gas"), ==, "Goal attainment (GAS T-score)");
  g_assert_cmpstr (agg_html_measure_label (&context, "family-qol"), ==,
                   "Family quality of life (total)");
  experience = agg_form_registry_lookup_latest (forms, "experience");
  g_assert_nonnull (experience);
  g_assert_cmpstr (agg_html_measure_label (&context, "experience"), ==,
                   kv_form_get_title (experience, FALSE));
  g_assert_cmpstr (agg_html_measure_label (&context, "test-unknown"), ==, "test-unknown");

  g_assert_cmpstr (agg_html_service_label (&context, "test-alpha"), ==, "Test Service Alpha");
  g_assert_cmpstr (agg_html_service_label (&context, "test-gone"), ==, "test-gone");
}

static void
test_sort_measures (void)
{
  g_autoptr(GPtrArray) measures = g_ptr_array_new ();

  g_ptr_array_add (measures, "family-qol");
  g_ptr_array_add (measures, "experience");
  g_ptr_array_add (measures, "gas");
  g_ptr_array_add (measures, "alpha");
  agg_html_sort_measures (measures);
  g_assert_cmpstr (g_ptr_array_index (measures, 0), ==, "gas");
  g_assert_cmpstr (g_ptr_array_index (measures, 1), ==, "alpha");
  g_assert_cmpstr (g_ptr_array_index (measures, 2), ==, "experience");
  g_assert_cmpstr (g_ptr_array_index (measures, 3), ==, "family-qol");
}

static void
test_css_is_the_file (void)
{
  g_autoptr(GBytes) css = agg_html_page_css ();
  g_autofree char *path = g_build_filename (g_getenv ("KV_SOURCE_ROOT"), "aggregator", "report",
                                            "html", "report.css", NULL);
  g_autofree char *file = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  /* Byte for byte: the page carries the file as it is, so it must hold
   * nothing (a comment, a URL) that may not reach every page. */
  g_assert_true (g_file_get_contents (path, &file, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (css, NULL), g_bytes_get_size (css), file, length);
  g_assert_null (strstr (file, "/*"));
  g_assert_null (strstr (file, "url("));
  g_assert_nonnull (strstr (file, "@page{size:A4"));
}

static void
test_frame (void)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GBytes) css = agg_html_page_css ();
  g_autofree char *style = NULL;
  AggReportOptions options;
  AggHtmlContext context = { &options, NULL, names };

  agg_report_options_init (&options);
  options.service_id = "test-alpha";
  options.to = "2025-09-30";
  options.generated = "2026-01-01";
  g_hash_table_insert (names, "test-alpha", "Alpha & Co");

  agg_html_begin_page (out, &context, "Test <title>", "An intro & more.");
  agg_html_end_page (out);

  g_assert_true (g_str_has_prefix (out->str, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n"));
  g_assert_nonnull (strstr (out->str, "<title>Test &lt;title&gt; — Keyvoice</title>\n"));
  style = g_strdup_printf ("<style>\n%.*s</style>\n", (int) g_bytes_get_size (css),
                           (const char *) g_bytes_get_data (css, NULL));
  g_assert_nonnull (strstr (out->str, style));
  g_assert_nonnull (strstr (out->str, "<h1>Test &lt;title&gt;</h1>\n<p class=\"meta\">"
                                      "Services: Alpha &amp; Co · Dates: the start to 2025-09-30 · "
                                      "Made on 2026-01-01</p>\n</header>\n<main>\n"
                                      "<p class=\"note\">An intro &amp; more.</p>\n"));
  g_assert_true (g_str_has_suffix (out->str, "</main>\n</body>\n</html>\n"));

  /* Every service and every date. */
  g_string_truncate (out, 0);
  agg_report_options_init (&options);
  options.generated = "2026-01-01";
  agg_html_begin_page (out, &context, "T", "I");
  g_assert_nonnull (strstr (out->str, "Services: all services · Dates: all · Made on 2026-01-01"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/aggregator/html-page/num", test_num);
  g_test_add_func ("/aggregator/html-page/escaping", test_escaping);
  g_test_add_func ("/aggregator/html-page/labels", test_labels);
  g_test_add_func ("/aggregator/html-page/sort-measures", test_sort_measures);
  g_test_add_func ("/aggregator/html-page/css-is-the-file", test_css_is_the_file);
  g_test_add_func ("/aggregator/html-page/frame", test_frame);

  return g_test_run ();
}
