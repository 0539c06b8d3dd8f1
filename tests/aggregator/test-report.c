/* test-report.c — running a report (agg-report.c) on the data set of
 * agg-report-fixture.h: bad options and unknown services refused, and the
 * CLI's "report" and "export" with their audit record. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include "agg-db-private.h"
#include "agg-report-fixture.h"

static void
test_options_invalid (Fixture       *fixture,
                      gconstpointer  data)
{
  static const struct
  {
    const char *from;
    const char *to;
    double      green;
    double      amber;
  } cases[] = {
    { "2025-02-30", NULL, 90, 50 },
    { "25-01-01", NULL, 90, 50 },
    { NULL, "2025-1-1", 90, 50 },
    { "2025-06-01", "2025-05-31", 90, 50 },
    { NULL, NULL, 40, 50 },
    { NULL, NULL, 101, 50 },
    { NULL, NULL, 90, -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      AggReportOptions options;

      agg_report_options_init (&options);
      options.forms = fixture->forms;
      options.from = cases[i].from;
      options.to = cases[i].to;
      options.rag_green = cases[i].green;
      options.rag_amber = cases[i].amber;
      bytes = agg_report_run (fixture->db, AGG_REPORT_EXPERIENCE, &options,
                              AGG_REPORT_FORMAT_CSV, NULL, &error);
      g_assert_null (bytes);
      g_assert_error (error, AGG_ERROR, AGG_ERROR_INVALID);
    }
}

static void
test_unknown_service (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  AggReportOptions options;

  agg_report_options_init (&options);
  options.forms = fixture->forms;
  options.service_id = "test-gamma";
  bytes = agg_report_run (fixture->db, AGG_REPORT_CHANGE, &options, AGG_REPORT_FORMAT_JSON,
                          NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, AGG_ERROR, AGG_ERROR_NOT_FOUND);
}

static void
spawn (const char * const *args,
       char              **out,
       int                *status)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int wait_status;

  g_assert_true (g_spawn_sync (NULL, (char **) args, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, &err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  *status = WEXITSTATUS (wait_status);
}

static void
test_cli (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *file = g_build_filename (fixture->dir, "cohort.csv", NULL);
  g_autofree char *written = NULL;
  g_autofree char *expected = report_crlf (COHORT_HEADER
    "test-alpha,under-18,amber,gas,10,19.8,22.8,10.5,29.1,100.0,80.0\n"
    "test-alpha,under-18,amber,family-qol,*,*,*,*,*,*,\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) audit = NULL;
  GStatBuf info;
  int status;
  const char *report[] = {
    AGGREGATOR_PATH, "report", "cohort", "--db", fixture->db_path, "--format", "csv",
    "--service", "test-alpha", "--forms-dir", KV_SOURCE_FORMS_DIR, "-o", file, NULL,
  };
  const char *bad_format[] = {
    AGGREGATOR_PATH, "report", "change", "--db", fixture->db_path, "--format", "pdf", NULL,
  };
  const char *bad_date[] = {
    AGGREGATOR_PATH, "report", "change", "--db", fixture->db_path, "--from", "yesterday", NULL,
  };
  const char *export[] = {
    AGGREGATOR_PATH, "export", "--db", fixture->db_path, "--format", "csv",
    "--forms-dir", KV_SOURCE_FORMS_DIR, NULL,
  };

  spawn (report, &out, &status);
  g_assert_cmpint (status, ==, 0);
  /* The file it made, alone on the last line. */
  g_assert_true (g_str_has_suffix (out, "\n"));
  out[strlen (out) - 1] = '\0';
  g_assert_cmpstr (out, ==, file);
  g_clear_pointer (&out, g_free);
  g_assert_true (g_file_get_contents (file, &written, NULL, &error));
  g_assert_cmpstr (written, ==, expected);
  /* Per-child data and free text: the file is its owner's alone. */
  g_assert_cmpint (g_stat (file, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  g_unlink (file);

  /* The pull is in the audit trail, with what was asked. */
  audit = agg_db_prepare (fixture->db, "SELECT actor, action, target, detail FROM audit "
                                       "WHERE action = 'report'", &error);
  g_assert_no_error (error);
  g_assert_cmpint (agg_db_step (fixture->db, audit, &error), ==, SQLITE_ROW);
  g_assert_true (g_str_has_prefix (agg_db_column_text (audit, 0), "cli:"));
  g_assert_cmpstr (agg_db_column_text (audit, 2), ==, "cohort");
  g_assert_cmpstr (agg_db_column_text (audit, 3), ==, "format=csv service=test-alpha");

  spawn (bad_format, &out, &status);
  g_assert_cmpint (status, ==, 2);
  g_clear_pointer (&out, g_free);
  spawn (bad_date, &out, &status);
  g_assert_cmpint (status, ==, 2);
  g_clear_pointer (&out, g_free);

  /* "export --format csv" is every score, long. */
  spawn (export, &out, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (out, "child,service,age_band,dsr,form,form_version,"));
  g_assert_nonnull (strstr (out, "\r\nTEST-A09,test-alpha,under-18,amber,gas-review,1,parent-carer,"
                                 "self,2025-09-15,1,gas,review,50.00,2,3,50.0,scored,partial k-of-n\r\n"));
}

static void
test_kinds_and_formats (void)
{
  static const char * const kinds[] = { "change", "cohort", "experience", "scores", "responses" };
  AggReportKind kind;
  AggReportFormat format;

  /* Names go both ways; nothing else is a report or a format. */
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_assert_true (agg_report_kind_from_string (kinds[i], &kind));
      g_assert_cmpstr (agg_report_kind_to_string (kind), ==, kinds[i]);
    }
  g_assert_false (agg_report_kind_from_string ("everything", &kind));
  g_assert_false (agg_report_kind_from_string (NULL, &kind));
  g_assert_true (agg_report_format_from_string ("html", &format));
  g_assert_cmpint (format, ==, AGG_REPORT_FORMAT_HTML);
  g_assert_false (agg_report_format_from_string ("pdf", &format));
  g_assert_false (agg_report_format_from_string ("CSV", &format));

  g_assert_cmpstr (agg_report_format_content_type (AGG_REPORT_FORMAT_CSV), ==,
                   "text/csv; charset=utf-8; header=present");
  g_assert_cmpstr (agg_report_format_content_type (AGG_REPORT_FORMAT_JSON), ==, "application/json");
  g_assert_cmpstr (agg_report_format_content_type (AGG_REPORT_FORMAT_HTML), ==,
                   "text/html; charset=utf-8");

  /* HTML is for the three reports, not the row-level exports. */
  g_assert_true (agg_report_kind_has_format (AGG_REPORT_EXPERIENCE, AGG_REPORT_FORMAT_HTML));
  g_assert_false (agg_report_kind_has_format (AGG_REPORT_SCORES, AGG_REPORT_FORMAT_HTML));
  g_assert_false (agg_report_kind_has_format (AGG_REPORT_RESPONSES, AGG_REPORT_FORMAT_HTML));
  g_assert_true (agg_report_kind_has_format (AGG_REPORT_RESPONSES, AGG_REPORT_FORMAT_CSV));
}

static void
test_describe (void)
{
  g_autofree char *plain = NULL;
  g_autofree char *window = NULL;
  g_autofree char *thresholds = NULL;
  g_autofree char *not_experience = NULL;
  AggReportOptions options;

  agg_report_options_init (&options);
  plain = agg_report_describe (AGG_REPORT_EXPERIENCE, &options, AGG_REPORT_FORMAT_JSON);
  g_assert_cmpstr (plain, ==, "format=json service=all");

  options.service_id = "test-alpha";
  options.from = "2025-04-01";
  options.to = "2026-03-31";
  window = agg_report_describe (AGG_REPORT_CHANGE, &options, AGG_REPORT_FORMAT_CSV);
  g_assert_cmpstr (window, ==, "format=csv service=test-alpha from=2025-04-01 to=2026-03-31");

  /* Thresholds are named only when they are not the defaults, and only
   * for the report they change. */
  agg_report_options_init (&options);
  options.rag_green = 87.5;
  thresholds = agg_report_describe (AGG_REPORT_EXPERIENCE, &options, AGG_REPORT_FORMAT_HTML);
  g_assert_cmpstr (thresholds, ==, "format=html service=all green=87.5 amber=50");
  not_experience = agg_report_describe (AGG_REPORT_COHORT, &options, AGG_REPORT_FORMAT_HTML);
  g_assert_cmpstr (not_experience, ==, "format=html service=all");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  REPORT_TEST_ADD ("options/invalid", test_options_invalid);
  REPORT_TEST_ADD ("options/unknown-service", test_unknown_service);
  REPORT_TEST_ADD ("cli/report-and-export", test_cli);
  g_test_add_func ("/aggregator/report/kinds-and-formats", test_kinds_and_formats);
  g_test_add_func ("/aggregator/report/describe", test_describe);

  return g_test_run ();
}
