/* test-report-experience.c — the standard 7.3 report
 * (agg-report-experience.c) on the data set of agg-report-fixture.h:
 * quarters, RAG thresholds and the span of a service's activity. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "agg-report-fixture.h"

#define EXPERIENCE_HEADER \
  "service,quarter,quarter_start,quarter_end,children_registered,families_asked,pct_asked,rag," \
  "completed,declined,responses,fft_n,fft_positive_pct,fft_negative_pct," \
  "who_n,who_young_person_pct,who_parent_carer_pct,who_both_pct,who_someone_helping_pct," \
  "listened_n,listened_certainly_true_pct,listened_partly_true_pct,listened_not_true_pct," \
  "kept_informed_n,kept_informed_certainly_true_pct,kept_informed_partly_true_pct,kept_informed_not_true_pct," \
  "involved_n,involved_certainly_true_pct,involved_partly_true_pct,involved_not_true_pct," \
  "joined_up_n,joined_up_certainly_true_pct,joined_up_partly_true_pct,joined_up_not_true_pct," \
  "right_time_n,right_time_certainly_true_pct,right_time_partly_true_pct,right_time_not_true_pct," \
  "understood_n,understood_certainly_true_pct,understood_partly_true_pct,understood_not_true_pct," \
  "easy_to_reach_n,easy_to_reach_certainly_true_pct,easy_to_reach_partly_true_pct,easy_to_reach_not_true_pct," \
  "crisis_n,crisis_certainly_true_pct,crisis_partly_true_pct,crisis_not_true_pct\n"

#define ALL_TRUE_10 "10,100.0,0.0,0.0"
#define STARS_4 "*,*,*,*"
#define ZERO_ITEM "0,,,"

static void
test_experience_csv (Fixture       *fixture,
                     gconstpointer  data)
{
  AggReportOptions options;
  g_autofree char *csv = NULL;
  g_autofree char *expected = NULL;

  report_experience_options (&options);
  csv = report_run (fixture, AGG_REPORT_EXPERIENCE, AGG_REPORT_FORMAT_CSV, &options);
  expected = report_crlf (EXPERIENCE_HEADER
    "test-alpha,2025/26 Q1,2025-04-01,2025-06-30,15,10,66.7,amber,*,*,10,10,100.0,0.0,"
    "10,*,*,*,0.0,"
    "10,100.0,*,0.0," ALL_TRUE_10 "," ALL_TRUE_10 "," ALL_TRUE_10 "," ALL_TRUE_10 ","
    ALL_TRUE_10 "," ALL_TRUE_10 "," ALL_TRUE_10 "\n"
    "test-alpha,2025/26 Q2,2025-07-01,2025-09-30,15,*,*,*,*,*,*,*,*,*,"
    "*,*,*,*,*,"
    STARS_4 "," STARS_4 "," STARS_4 "," STARS_4 "," STARS_4 "," STARS_4 "," STARS_4 "," STARS_4 "\n"
    "test-beta,2025/26 Q1,2025-04-01,2025-06-30,*,*,*,*,*,0,*,*,*,*,"
    "*,*,*,*,*,"
    STARS_4 "," STARS_4 "," STARS_4 "," STARS_4 "," STARS_4 "," STARS_4 "," STARS_4 "," STARS_4 "\n"
    "test-beta,2025/26 Q2,2025-07-01,2025-09-30,*,0,*,*,0,0,0,0,,,"
    "0,,,,,"
    ZERO_ITEM "," ZERO_ITEM "," ZERO_ITEM "," ZERO_ITEM "," ZERO_ITEM "," ZERO_ITEM ","
    ZERO_ITEM "," ZERO_ITEM "\n");

  g_assert_cmpstr (csv, ==, expected);
  /* Free text never reaches an aggregate report. */
  g_assert_null (strstr (csv, "quoted"));
}

static void
test_experience_json (Fixture       *fixture,
                      gconstpointer  data)
{
  AggReportOptions options;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *rows;
  JsonObject *alpha_q1, *alpha_q2, *beta_q2;

  report_experience_options (&options);
  text = report_run (fixture, AGG_REPORT_EXPERIENCE, AGG_REPORT_FORMAT_JSON, &options);
  g_assert_true (g_str_has_prefix (text,
    "{\"rows\": [\n  {\"service\": \"test-alpha\", \"quarter\": \"2025/26 Q1\", "
    "\"quarter_start\": \"2025-04-01\", \"quarter_end\": \"2025-06-30\", "
    "\"children_registered\": 15, \"families_asked\": 10, \"pct_asked\": 66.7, "
    "\"rag\": \"amber\", \"completed\": \"*\", \"declined\": \"*\", \"responses\": 10, "
    "\"fft_n\": 10, \"fft_positive_pct\": 100.0, \"fft_negative_pct\": 0.0, "
    "\"who_n\": 10, \"who_young_person_pct\": \"*\", \"who_parent_carer_pct\": \"*\", "
    "\"who_both_pct\": \"*\", \"who_someone_helping_pct\": 0.0, "
    "\"listened_n\": 10, \"listened_certainly_true_pct\": 100.0, "
    "\"listened_partly_true_pct\": \"*\", \"listened_not_true_pct\": 0.0, "));

  root = json_from_string (text, &error);
  g_assert_no_error (error);
  rows = json_object_get_array_member (json_node_get_object (root), "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 4);
  alpha_q1 = json_array_get_object_element (rows, 0);
  alpha_q2 = json_array_get_object_element (rows, 1);
  beta_q2 = json_array_get_object_element (rows, 3);

  /* Numbers are numbers, suppressed cells the string "*", nothing null. */
  g_assert_cmpfloat (json_object_get_double_member (alpha_q1, "crisis_certainly_true_pct"), ==, 100.0);
  g_assert_cmpint (json_object_get_int_member (alpha_q1, "children_registered"), ==, 15);
  g_assert_cmpstr (json_object_get_string_member (alpha_q2, "rag"), ==, "*");
  g_assert_cmpstr (json_object_get_string_member (alpha_q2, "fft_negative_pct"), ==, "*");
  g_assert_true (json_object_get_null_member (beta_q2, "fft_positive_pct"));
  g_assert_cmpint (json_object_get_int_member (beta_q2, "families_asked"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (beta_q2, "pct_asked"), ==, "*");
}

static void
test_experience_rag_thresholds (Fixture       *fixture,
                                gconstpointer  data)
{
  AggReportOptions options;
  g_autofree char *red = NULL;
  g_autofree char *green = NULL;

  /* Alpha Q1 published 66.7% asked: amber by default, red when amber
   * starts at 70, green when green starts at 60. */
  report_experience_options (&options);
  options.service_id = "test-alpha";
  options.rag_amber = 70;
  red = report_run (fixture, AGG_REPORT_EXPERIENCE, AGG_REPORT_FORMAT_CSV, &options);
  g_assert_nonnull (strstr (red, "2025-06-30,15,10,66.7,red,"));

  report_experience_options (&options);
  options.service_id = "test-alpha";
  options.rag_green = 60;
  green = report_run (fixture, AGG_REPORT_EXPERIENCE, AGG_REPORT_FORMAT_CSV, &options);
  g_assert_nonnull (strstr (green, "2025-06-30,15,10,66.7,green,"));
}

static void
test_experience_span (Fixture       *fixture,
                      gconstpointer  data)
{
  AggReportOptions options;
  g_autofree char *csv = NULL;

  /* Without dates, a service's quarters run from its first registration
   * (January 2025, 2024/25 Q4) to its last activity (August, Q2). */
  agg_report_options_init (&options);
  options.service_id = "test-alpha";
  csv = report_run (fixture, AGG_REPORT_EXPERIENCE, AGG_REPORT_FORMAT_CSV, &options);
  g_assert_nonnull (strstr (csv, "\r\ntest-alpha,2024/25 Q4,2025-01-01,2025-03-31,15,0,0.0,red,0,0,0,"));
  g_assert_nonnull (strstr (csv, "\r\ntest-alpha,2025/26 Q1,"));
  g_assert_nonnull (strstr (csv, "\r\ntest-alpha,2025/26 Q2,"));
  g_assert_null (strstr (csv, "2025/26 Q3"));
  g_assert_null (strstr (csv, "test-beta"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  REPORT_TEST_ADD ("experience/csv", test_experience_csv);
  REPORT_TEST_ADD ("experience/json", test_experience_json);
  REPORT_TEST_ADD ("experience/rag-thresholds", test_experience_rag_thresholds);
  REPORT_TEST_ADD ("experience/span", test_experience_span);

  return g_test_run ();
}
