/* test-report-request.c — a report asked for by name with query
 * parameters and a caller's scope (agg-report-request.c), on the data set
 * of agg-report-fixture.h. */
#include "config.h"

#include <string.h>

#include "agg-report-fixture.h"
#include "agg-report-request.h"

static void
test_render (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GHashTable) query = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *content_type = NULL;
  g_autofree char *text = NULL;
  AggReportScope service = { AGG_ROLE_SERVICE, "test-beta", "tok-test", fixture->forms };
  AggReportScope evaluator = { AGG_ROLE_EVALUATOR, NULL, "tok-eval", fixture->forms };

  /* A service token's scope is its own service: no alpha row. */
  g_hash_table_insert (query, "format", "csv");
  g_assert_true (agg_report_request_render (fixture->db, "change", &service, query, &content_type,
                                            &body, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (content_type, ==, "text/csv; charset=utf-8; header=present");
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_assert_null (strstr (text, "test-alpha"));
  g_assert_nonnull (strstr (text, "TEST-B03,test-beta,"));
  g_clear_pointer (&body, g_bytes_unref);
  g_clear_pointer (&content_type, g_free);

  /* JSON by default. */
  g_hash_table_remove_all (query);
  g_assert_true (agg_report_request_render (fixture->db, "cohort", &evaluator, query, &content_type,
                                            &body, &error));
  g_assert_cmpstr (content_type, ==, "application/json");
  g_clear_pointer (&body, g_bytes_unref);
  g_clear_pointer (&content_type, g_free);

  /* Bad parameters are a clear AGG_ERROR_INVALID, never ignored. */
  g_hash_table_insert (query, "from", "2025-13-01");
  g_assert_false (agg_report_request_render (fixture->db, "cohort", &evaluator, query, &content_type,
                                             &body, &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_INVALID);
  g_clear_error (&error);
  g_hash_table_remove_all (query);
  g_hash_table_insert (query, "colour", "blue");
  g_assert_false (agg_report_request_render (fixture->db, "cohort", &evaluator, query, &content_type,
                                             &body, &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_INVALID);
  g_clear_error (&error);
  g_hash_table_remove_all (query);
  g_hash_table_insert (query, "format", "xlsx");
  g_assert_false (agg_report_request_render (fixture->db, "cohort", &evaluator, query, &content_type,
                                             &body, &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_INVALID);
  g_clear_error (&error);
  g_hash_table_remove_all (query);

  /* Unknown reports are not found; the row-level exports, with free text,
   * are the evaluator's only. */
  g_assert_false (agg_report_request_render (fixture->db, "everything", &evaluator, query,
                                             &content_type, &body, &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (agg_report_request_render (fixture->db, "responses", &service, query, &content_type,
                                             &body, &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_true (agg_report_request_render (fixture->db, "responses", &evaluator, query, &content_type,
                                            &body, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  REPORT_TEST_ADD ("render/query-and-scope", test_render);

  return g_test_run ();
}
