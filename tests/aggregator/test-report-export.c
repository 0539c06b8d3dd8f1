/* test-report-export.c — the evaluators' row-level exports
 * (agg-report-export.c) on the data set of agg-report-fixture.h: free text
 * quoted so it reads back as it was, every score, and no HTML. */
#include "config.h"

#include <string.h>

#include "agg-report-fixture.h"

/* A small RFC 4180 reader: the fields of every record, to show that what
 * was written reads back as it was. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *record = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '"')
        {
          for (p++; *p != '\0'; p++)
            {
              if (*p == '"' && p[1] == '"')
                g_string_append_c (field, *p++);
              else if (*p == '"')
                break;
              else
                g_string_append_c (field, *p);
            }
          g_assert_true (*p == '"');
          p++;
        }
      else
        {
          while (*p != '\0' && *p != ',' && *p != '\r')
            {
              /* An unquoted field may not hold a quote or a line break. */
              g_assert_true (*p != '"' && *p != '\n');
              g_string_append_c (field, *p++);
            }
        }

      g_ptr_array_add (record, g_string_free (field, FALSE));
      field = g_string_new (NULL);
      if (*p == ',')
        {
          p++;
          continue;
        }
      g_assert_true (p[0] == '\r' && p[1] == '\n');
      p += 2;
      g_ptr_array_add (records, record);
      record = g_ptr_array_new_with_free_func (g_free);
    }
  g_assert_cmpuint (record->len, ==, 0);
  g_ptr_array_unref (record);
  g_string_free (field, TRUE);
  return records;
}

static void
test_export_responses_quoting (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *csv = report_run (fixture, AGG_REPORT_RESPONSES, AGG_REPORT_FORMAT_CSV, NULL);
  g_autoptr(GPtrArray) records = parse_csv (csv);
  guint n_reasons = 0;

  /* The hostile free text is one field, its quotes doubled, its comma and
   * line break inside the quotes. */
  g_assert_nonnull (strstr (csv, ",fft-reason,\"Demo: \"\"quoted\"\", with comma\r\n"
                                 "=HYPERLINK(\"\"x\"\")\"\r\n"));

  g_assert_cmpuint (records->len, >, 1);
  for (guint r = 0; r < records->len; r++)
    {
      GPtrArray *record = g_ptr_array_index (records, r);

      g_assert_cmpuint (record->len, ==, 7);
      if (g_str_equal (g_ptr_array_index (record, 5), "fft-reason"))
        {
          g_assert_cmpstr (g_ptr_array_index (record, 0), ==, "test-alpha");
          g_assert_cmpstr (g_ptr_array_index (record, 1), ==, "2025-05");
          g_assert_cmpstr (g_ptr_array_index (record, 6), ==, HOSTILE_REASON);
          n_reasons++;
        }
    }
  g_assert_cmpuint (n_reasons, ==, 1);
  /* 13 responses × 10 answered items (who, fft, 8 keyworking items), plus
   * the one reason, plus the header. */
  g_assert_cmpuint (records->len, ==, 1 + 13 * 10 + 1);
}

static void
test_export_scores (Fixture       *fixture,
                    gconstpointer  data)
{
  AggReportOptions options;
  g_autofree char *csv = NULL;
  g_autofree char *expected = NULL;

  agg_report_options_init (&options);
  options.service_id = "test-beta";
  options.to = "2025-03-31";
  csv = report_run (fixture, AGG_REPORT_SCORES, AGG_REPORT_FORMAT_CSV, &options);
  /* B01's first, weighted goal set: T = 50 + 10·(6·−1 + 1·−2) /
   * √(0.7·(36 + 1) + 0.3·7²) = 50 − 80/√40.6 = 37.44; its review (0, 0)
   * is 50.  The DSR is the rating in force on the day. */
  expected = report_crlf (
    "child,service,age_band,dsr,form,form_version,respondent,mode,date,goal_set,measure,"
    "kind,score,k,n,pct_expected,status,flags\n"
    "TEST-B01,test-beta,under-18,red,gas-goals,1,keyworker,self,2025-01-25,1,gas,baseline,37.44,2,2,0.0,scored,weighted\n"
    "TEST-B01,test-beta,under-18,red,gas-review,1,parent-carer,self,2025-03-01,1,gas,review,50.00,2,2,100.0,scored,weighted\n"
    "TEST-B02,test-beta,18-25,blue,gas-goals,1,keyworker,self,2025-02-01,1,gas,baseline,36.31,3,3,0.0,scored,\n"
    "TEST-B03,test-beta,under-18,red,gas-goals,1,keyworker,self,2025-01-25,1,gas,baseline,31.74,3,3,0.0,scored,\n"
    "TEST-B05,test-beta,under-18,amber,gas-goals,1,keyworker,self,2025-01-25,1,gas,baseline,,2,2,0.0,zero-weight,weighted\n"
    "TEST-B05,test-beta,under-18,amber,gas-review,1,parent-carer,self,2025-03-05,1,gas,review,,2,2,100.0,zero-weight,weighted\n");
  g_assert_cmpstr (csv, ==, expected);
}

static void
test_export_has_no_html (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  AggReportOptions options;

  agg_report_options_init (&options);
  options.forms = fixture->forms;
  bytes = agg_report_run (fixture->db, AGG_REPORT_SCORES, &options, AGG_REPORT_FORMAT_HTML,
                          NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, AGG_ERROR, AGG_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  REPORT_TEST_ADD ("export/responses-quoting", test_export_responses_quoting);
  REPORT_TEST_ADD ("export/scores", test_export_scores);
  REPORT_TEST_ADD ("export/no-html", test_export_has_no_html);

  return g_test_run ();
}
