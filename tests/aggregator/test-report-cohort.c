/* test-report-cohort.c — the cohort report (agg-report-cohort.c) on the
 * data set of agg-report-fixture.h, suppression included. */
#include "config.h"

#include "agg-report-fixture.h"

static void
test_cohort_csv (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *csv = report_run (fixture, AGG_REPORT_COHORT, AGG_REPORT_FORMAT_CSV, NULL);
  g_autofree char *expected = report_crlf (COHORT_HEADER
    "test-alpha,under-18,amber,gas,10,19.8,22.8,10.5,29.1,100.0,80.0\n"
    "test-alpha,under-18,amber,family-qol,*,*,*,*,*,*,\n"
    "test-beta,under-18,red,gas,*,*,*,*,*,*,*\n"
    "test-beta,under-18,red,family-qol,0,,,,,,\n"
    "test-beta,under-18,amber,gas,0,,,,,,\n"
    "test-beta,under-18,green,gas,*,*,*,*,*,*,*\n"
    "test-beta,18-25,blue,gas,0,,,,,,\n");

  g_assert_cmpstr (csv, ==, expected);
}

static void
test_cohort_json (Fixture       *fixture,
                  gconstpointer  data)
{
#define ROW(service, age, dsr, measure, children, mean, median, lo, hi, improved, goals) \
  "  {\"service\": \"" service "\", \"age_band\": \"" age "\", \"dsr\": \"" dsr "\", " \
  "\"measure\": \"" measure "\", \"children\": " children ", \"mean_change\": " mean ", " \
  "\"median_change\": " median ", \"ci_lower\": " lo ", \"ci_upper\": " hi ", " \
  "\"pct_improved\": " improved ", \"pct_goals_achieved\": " goals "}"
#define S "\"*\""
  static const char expected[] =
    "{\"rows\": [\n"
    ROW ("test-alpha", "under-18", "amber", "gas", "10", "19.8", "22.8", "10.5", "29.1", "100.0", "80.0") ",\n"
    ROW ("test-alpha", "under-18", "amber", "family-qol", S, S, S, S, S, S, "null") ",\n"
    ROW ("test-beta", "under-18", "red", "gas", S, S, S, S, S, S, S) ",\n"
    ROW ("test-beta", "under-18", "red", "family-qol", "0", "null", "null", "null", "null", "null", "null") ",\n"
    ROW ("test-beta", "under-18", "amber", "gas", "0", "null", "null", "null", "null", "null", "null") ",\n"
    ROW ("test-beta", "under-18", "green", "gas", S, S, S, S, S, S, S) ",\n"
    ROW ("test-beta", "18-25", "blue", "gas", "0", "null", "null", "null", "null", "null", "null") "\n"
    "]}\n";
#undef S
#undef ROW
  g_autofree char *text = report_run (fixture, AGG_REPORT_COHORT, AGG_REPORT_FORMAT_JSON, NULL);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_cohort_one_service (Fixture       *fixture,
                         gconstpointer  data)
{
  AggReportOptions options;
  g_autofree char *csv = NULL;
  g_autofree char *expected = NULL;

  /* A service sees its own strata only, with the same figures. */
  agg_report_options_init (&options);
  options.service_id = "test-alpha";
  csv = report_run (fixture, AGG_REPORT_COHORT, AGG_REPORT_FORMAT_CSV, &options);
  expected = report_crlf (COHORT_HEADER
    "test-alpha,under-18,amber,gas,10,19.8,22.8,10.5,29.1,100.0,80.0\n"
    "test-alpha,under-18,amber,family-qol,*,*,*,*,*,*,\n");
  g_assert_cmpstr (csv, ==, expected);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  REPORT_TEST_ADD ("cohort/csv", test_cohort_csv);
  REPORT_TEST_ADD ("cohort/json", test_cohort_json);
  REPORT_TEST_ADD ("cohort/one-service", test_cohort_one_service);

  return g_test_run ();
}
