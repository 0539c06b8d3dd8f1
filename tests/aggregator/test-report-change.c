/* test-report-change.c — the change report (agg-report-change.c) on the
 * data set of agg-report-fixture.h: every row, in CSV and JSON, and the
 * window. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "agg-report-fixture.h"

#define CHANGE_HEADER \
  "child,service,age_band,dsr,measure,respondent,baseline_date,baseline_score," \
  "latest_date,latest_score,change,points,flags\n"

static const char expected_change_csv[] =
  CHANGE_HEADER
  "TEST-A01,test-alpha,under-18,amber,gas,parent-carer,2025-01-20,36.31,2025-09-15,50.00,13.69,3,\n"
  "TEST-A01,test-alpha,under-18,amber,family-qol,parent-carer,2025-02-10,7.00,2025-08-10,14.00,7.00,2,\n"
  "TEST-A02,test-alpha,under-18,amber,gas,parent-carer,2025-01-20,36.31,2025-09-15,59.13,22.82,2,\n"
  "TEST-A02,test-alpha,under-18,amber,family-qol,parent-carer,2025-02-10,10.00,2025-08-10,10.00,0.00,2,\n"
  "TEST-A03,test-alpha,under-18,amber,gas,parent-carer,2025-01-20,36.31,2025-09-15,59.13,22.82,2,\n"
  "TEST-A03,test-alpha,under-18,amber,family-qol,parent-carer,2025-02-10,14.00,2025-08-10,6.00,-8.00,2,\n"
  "TEST-A04,test-alpha,under-18,amber,gas,parent-carer,2025-01-20,36.31,2025-09-15,63.69,27.38,2,\n"
  "TEST-A05,test-alpha,under-18,amber,gas,parent-carer,2025-01-20,36.31,2025-09-15,45.44,9.13,2,\n"
  "TEST-A06,test-alpha,under-18,amber,gas,parent-carer,2025-01-20,36.31,2025-09-15,36.31,0.00,2,\n"
  "TEST-A07,test-alpha,under-18,amber,gas,parent-carer,2025-01-20,36.31,2025-09-15,77.39,41.08,2,\n"
  "TEST-A08,test-alpha,under-18,amber,gas,parent-carer,2025-01-20,36.31,2025-09-15,63.69,27.38,2,\n"
  "TEST-A09,test-alpha,under-18,amber,gas,parent-carer,2025-01-20,36.31,2025-09-15,50.00,13.69,2,rated-2-of-3\n"
  "TEST-B01,test-beta,under-18,red,gas,young-person,2025-04-10,27.18,2025-07-02,45.44,18.26,2,goal-set-changed\n"
  "TEST-B01,test-beta,under-18,red,gas,parent-carer,2025-04-10,27.18,2025-07-01,54.56,27.38,2,goal-set-changed\n"
  "TEST-B02,test-beta,18-25,blue,gas,keyworker,2025-02-01,36.31,,,,1,\n"
  "TEST-B03,test-beta,under-18,green,gas,parent-carer,2025-01-25,31.74,2025-04-20,63.69,31.95,2,\n"
  "TEST-B04,test-beta,under-18,red,family-qol,parent-carer,2025-06-15,21.00,,,,1,\n"
  "TEST-B05,test-beta,under-18,amber,gas,parent-carer,,,,,,0,zero-weight\n";

static void
test_change_csv (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *csv = report_run (fixture, AGG_REPORT_CHANGE, AGG_REPORT_FORMAT_CSV, NULL);
  g_autofree char *expected = report_crlf (expected_change_csv);

  g_assert_cmpstr (csv, ==, expected);
}

static void
test_change_json (Fixture       *fixture,
                  gconstpointer  data)
{
#define ROW(child, service, age, dsr, measure, respondent, bd, bs, ld, ls, change, points, flags) \
  "  {\"child\": \"" child "\", \"service\": \"" service "\", \"age_band\": \"" age "\", " \
  "\"dsr\": \"" dsr "\", \"measure\": \"" measure "\", \"respondent\": \"" respondent "\", " \
  "\"baseline_date\": " bd ", \"baseline_score\": " bs ", \"latest_date\": " ld ", " \
  "\"latest_score\": " ls ", \"change\": " change ", \"points\": " points ", \"flags\": " flags "}"
#define ROW_A(child, ...) ROW (child, "test-alpha", "under-18", "amber", __VA_ARGS__)
  static const char expected[] =
    "{\"rows\": [\n"
    ROW_A ("TEST-A01", "gas", "parent-carer", "\"2025-01-20\"", "36.31", "\"2025-09-15\"", "50.00", "13.69", "3", "null") ",\n"
    ROW_A ("TEST-A01", "family-qol", "parent-carer", "\"2025-02-10\"", "7.00", "\"2025-08-10\"", "14.00", "7.00", "2", "null") ",\n"
    ROW_A ("TEST-A02", "gas", "parent-carer", "\"2025-01-20\"", "36.31", "\"2025-09-15\"", "59.13", "22.82", "2", "null") ",\n"
    ROW_A ("TEST-A02", "family-qol", "parent-carer", "\"2025-02-10\"", "10.00", "\"2025-08-10\"", "10.00", "0.00", "2", "null") ",\n"
    ROW_A ("TEST-A03", "gas", "parent-carer", "\"2025-01-20\"", "36.31", "\"2025-09-15\"", "59.13", "22.82", "2", "null") ",\n"
    ROW_A ("TEST-A03", "family-qol", "parent-carer", "\"2025-02-10\"", "14.00", "\"2025-08-10\"", "6.00", "-8.00", "2", "null") ",\n"
    ROW_A ("TEST-A04", "gas", "parent-carer", "\"2025-01-20\"", "36.31", "\"2025-09-15\"", "63.69", "27.38", "2", "null") ",\n"
    ROW_A ("TEST-A05", "gas", "parent-carer", "\"2025-01-20\"", "36.31", "\"2025-09-15\"", "45.44", "9.13", "2", "null") ",\n"
    ROW_A ("TEST-A06", "gas", "parent-carer", "\"2025-01-20\"", "36.31", "\"2025-09-15\"", "36.31", "0.00", "2", "null") ",\n"
    ROW_A ("TEST-A07", "gas", "parent-carer", "\"2025-01-20\"", "36.31", "\"2025-09-15\"", "77.39", "41.08", "2", "null") ",\n"
    ROW_A ("TEST-A08", "gas", "parent-carer", "\"2025-01-20\"", "36.31", "\"2025-09-15\"", "63.69", "27.38", "2", "null") ",\n"
    ROW_A ("TEST-A09", "gas", "parent-carer", "\"2025-01-20\"", "36.31", "\"2025-09-15\"", "50.00", "13.69", "2", "\"rated-2-of-3\"") ",\n"
    ROW ("TEST-B01", "test-beta", "under-18", "red", "gas", "young-person", "\"2025-04-10\"", "27.18", "\"2025-07-02\"", "45.44", "18.26", "2", "\"goal-set-changed\"") ",\n"
    ROW ("TEST-B01", "test-beta", "under-18", "red", "gas", "parent-carer", "\"2025-04-10\"", "27.18", "\"2025-07-01\"", "54.56", "27.38", "2", "\"goal-set-changed\"") ",\n"
    ROW ("TEST-B02", "test-beta", "18-25", "blue", "gas", "keyworker", "\"2025-02-01\"", "36.31", "null", "null", "null", "1", "null") ",\n"
    ROW ("TEST-B03", "test-beta", "under-18", "green", "gas", "parent-carer", "\"2025-01-25\"", "31.74", "\"2025-04-20\"", "63.69", "31.95", "2", "null") ",\n"
    ROW ("TEST-B04", "test-beta", "under-18", "red", "family-qol", "parent-carer", "\"2025-06-15\"", "21.00", "null", "null", "null", "1", "null") ",\n"
    ROW ("TEST-B05", "test-beta", "under-18", "amber", "gas", "parent-carer", "null", "null", "null", "null", "null", "0", "\"zero-weight\"") "\n"
    "]}\n";
#undef ROW_A
#undef ROW
  g_autofree char *text = report_run (fixture, AGG_REPORT_CHANGE, AGG_REPORT_FORMAT_JSON, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) parsed = json_from_string (text, &error);

  g_assert_cmpstr (text, ==, expected);
  /* And it is JSON a parser reads. */
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (parsed));
}

static void
test_change_window (Fixture       *fixture,
                    gconstpointer  data)
{
  AggReportOptions options;
  g_autofree char *alpha = NULL;
  g_autofree char *beta = NULL;
  g_autofree char *expected_beta = NULL;

  /* From 1 May: A01's March review is outside the window, but the goal
   * set's baseline (20 Jan) still anchors the September review, so the GAS
   * row has 2 points; its February quality of life answer is outside too,
   * which leaves one point and no change. */
  agg_report_options_init (&options);
  options.service_id = "test-alpha";
  options.from = "2025-05-01";
  alpha = report_run (fixture, AGG_REPORT_CHANGE, AGG_REPORT_FORMAT_CSV, &options);
  g_assert_true (g_str_has_prefix (alpha,
    "child,service,age_band,dsr,measure,respondent,baseline_date,baseline_score,"
    "latest_date,latest_score,change,points,flags\r\n"
    "TEST-A01,test-alpha,under-18,amber,gas,parent-carer,2025-01-20,36.31,2025-09-15,50.00,13.69,2,\r\n"
    "TEST-A01,test-alpha,under-18,amber,family-qol,parent-carer,2025-08-10,14.00,,,,1,\r\n"));
  g_assert_null (strstr (alpha, "test-beta"));

  /* Up to 31 May: B01's second goal set exists but has no review yet; B03
   * was still rated red (green from 1 June); B04's only answer is later. */
  agg_report_options_init (&options);
  options.service_id = "test-beta";
  options.to = "2025-05-31";
  beta = report_run (fixture, AGG_REPORT_CHANGE, AGG_REPORT_FORMAT_CSV, &options);
  expected_beta = report_crlf (CHANGE_HEADER
    "TEST-B01,test-beta,under-18,red,gas,keyworker,2025-04-10,27.18,,,,1,goal-set-changed\n"
    "TEST-B02,test-beta,18-25,blue,gas,keyworker,2025-02-01,36.31,,,,1,\n"
    "TEST-B03,test-beta,under-18,red,gas,parent-carer,2025-01-25,31.74,2025-04-20,63.69,31.95,2,\n"
    "TEST-B05,test-beta,under-18,amber,gas,parent-carer,,,,,,0,zero-weight\n");
  g_assert_cmpstr (beta, ==, expected_beta);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  REPORT_TEST_ADD ("change/csv", test_change_csv);
  REPORT_TEST_ADD ("change/json", test_change_json);
  REPORT_TEST_ADD ("change/window", test_change_window);

  return g_test_run ();
}
