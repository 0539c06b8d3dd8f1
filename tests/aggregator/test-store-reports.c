/* test-store-reports.c — the rows the reports read (store/
 * agg-store-reports.c), raw, before report/ rounds or suppresses
 * anything, on the data set of agg-report-fixture.h. */
#include "config.h"

#include <string.h>

#include "agg-db-private.h"
#include "agg-report-fixture.h"
#include "agg-store-reports.h"
#include "agg-store-services.h"

static void
test_read_transaction (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gboolean began = FALSE;

  g_assert_true (agg_store_reports_begin_read (fixture->db, &began, &error));
  g_assert_no_error (error);
  g_assert_true (began);
  g_assert_false (sqlite3_get_autocommit (agg_db_get_handle (fixture->db)));
  agg_store_reports_end_read (fixture->db, began);
  g_assert_true (sqlite3_get_autocommit (agg_db_get_handle (fixture->db)));

  /* Inside the caller's transaction, the report leaves it to the caller. */
  g_assert_true (agg_db_begin (fixture->db, &error));
  g_assert_true (agg_store_reports_begin_read (fixture->db, &began, &error));
  g_assert_false (began);
  agg_store_reports_end_read (fixture->db, began);
  g_assert_false (sqlite3_get_autocommit (agg_db_get_handle (fixture->db)));
  agg_db_rollback (fixture->db);
}

static void
test_services (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_auto(GStrv) all = NULL;
  g_auto(GStrv) beta = NULL;
  g_auto(GStrv) none = NULL;

  /* A report asks core/ (agg_admin_service_exists(), over the services
   * store) whether its service exists. */
  g_assert_cmpint (agg_store_services_exists (fixture->db, "test-alpha", &error), ==, 1);
  g_assert_cmpint (agg_store_services_exists (fixture->db, "test-gamma", &error), ==, 0);
  g_assert_no_error (error);

  all = agg_store_reports_service_ids (fixture->db, NULL, &error);
  beta = agg_store_reports_service_ids (fixture->db, "test-beta", &error);
  none = agg_store_reports_service_ids (fixture->db, "test-gamma", &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (all, ((const char * const[]) { "test-alpha", "test-beta", NULL }));
  g_assert_cmpstrv (beta, ((const char * const[]) { "test-beta", NULL }));
  g_assert_cmpuint (g_strv_length (none), ==, 0);

  names = agg_store_reports_service_names (fixture->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (names), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (names, "test-beta"), ==, "Test Service Beta");
}

typedef struct
{
  GPtrArray *lines;   /* of char*: "code measure kind respondent date score" */
  guint      stop_after;
} Points;

static gboolean
collect_point (const AggStoreChangePoint  *point,
               gpointer                    user_data,
               GError                    **error)
{
  Points *points = user_data;
  char score[G_ASCII_DTOSTR_BUF_SIZE] = "-";

  if (points->lines->len == points->stop_after)
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID, "stopped");
      return FALSE;
    }
  if (point->scored)
    g_ascii_formatd (score, sizeof score, "%.4f", point->score);
  g_ptr_array_add (points->lines,
                   g_strdup_printf ("%s %s %s %s %s %s %s %u/%u set %u", point->code,
                                    point->dsr, point->measure, point->kind, point->respondent,
                                    point->date, score, point->k, point->n, point->goal_set));
  return TRUE;
}

static void
test_change_points (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  Points points = { lines, G_MAXUINT };

  /* Beta up to 31 May, in child and date order; the DSR is the one in
   * force on the last day (B03 was red until June); B05's zero-weight
   * goals have no score; the score is as stored, unrounded. */
  g_assert_true (agg_store_reports_change_points (fixture->db, "test-beta", "2025-05-31",
                                                  collect_point, &points, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lines->len, ==, 8);
  g_assert_cmpstr (g_ptr_array_index (lines, 0), ==,
                   "TEST-B01 red gas baseline keyworker 2025-01-25 37.4447 2/2 set 1");
  g_assert_cmpstr (g_ptr_array_index (lines, 2), ==,
                   "TEST-B01 red gas baseline keyworker 2025-04-10 27.1782 3/3 set 2");
  g_assert_cmpstr (g_ptr_array_index (lines, 4), ==,
                   "TEST-B03 red gas baseline keyworker 2025-01-25 31.7426 3/3 set 1");
  g_assert_cmpstr (g_ptr_array_index (lines, 6), ==,
                   "TEST-B05 amber gas baseline keyworker 2025-01-25 - 2/2 set 1");

  /* A row handler that fails stops the walk with its error. */
  g_ptr_array_set_size (lines, 0);
  points.stop_after = 2;
  g_assert_false (agg_store_reports_change_points (fixture->db, NULL, NULL, collect_point,
                                                   &points, &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_INVALID);
  g_assert_cmpuint (lines->len, ==, 2);
}

static gboolean
count_response (const AggStoreExperienceResponse  *response,
                gpointer                           user_data,
                GError                           **error)
{
  guint *n = user_data;

  g_assert_cmpuint (response->form_version, >=, 1);
  g_assert_true (g_str_has_prefix (response->answers, "{"));
  (*n)++;
  return TRUE;
}

static void
test_experience (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  guint registered = 0, asked = 0, completed = 0, responses = 0;

  /* Alpha registered its children in January and was last active in
   * August. */
  g_assert_true (agg_store_reports_experience_span (fixture->db, "test-alpha", &first, &last,
                                                    &error));
  g_assert_cmpstr (first, ==, "2025-01");
  g_assert_cmpstr (last, ==, "2025-08");

  /* 2025/26 Q1, before suppression: 13 registered, 9 families asked, 6 of
   * them completed; 10 responses. */
  g_assert_true (agg_store_reports_experience_registered (fixture->db, "test-alpha",
                                                          "2025-06-30", "2025-04", "2025-06",
                                                          &registered, &error));
  g_assert_true (agg_store_reports_experience_asked (fixture->db, "test-alpha", "2025-04",
                                                     "2025-06", &asked, &completed, &error));
  g_assert_true (agg_store_reports_experience_responses (fixture->db, "test-alpha", "2025-04",
                                                         "2025-06", count_response, &responses,
                                                         &error));
  g_assert_no_error (error);
  g_assert_cmpuint (registered, ==, 13);
  g_assert_cmpuint (asked, ==, 9);
  g_assert_cmpuint (completed, ==, 6);
  g_assert_cmpuint (responses, ==, 10);

  /* Beta's B04 was registered in May: not yet in 2024/25 Q4. */
  g_assert_true (agg_store_reports_experience_registered (fixture->db, "test-beta",
                                                          "2025-03-31", "2025-01", "2025-03",
                                                          &registered, &error));
  g_assert_cmpuint (registered, ==, 4);
}

static gboolean
check_score (const AggStoreExportScore  *row,
             gpointer                    user_data,
             GError                    **error)
{
  GPtrArray *rows = user_data;

  g_ptr_array_add (rows, g_strdup_printf ("%s %s v%s set %s %s %s %s k%s n%s %s [%s]",
                                          row->code, row->dsr, row->form_version,
                                          row->goal_set, row->measure, row->kind,
                                          row->has_score ? "scored" : "unscored",
                                          row->k, row->n, row->status,
                                          row->flags != NULL ? row->flags : "(null)"));
  return TRUE;
}

static gboolean
check_response (const AggStoreExperienceResponse  *response,
                gpointer                           user_data,
                GError                           **error)
{
  GPtrArray *months = user_data;

  g_assert_cmpstr (response->service_id, ==, "test-alpha");
  g_assert_cmpstr (response->form_id, ==, "experience");
  g_ptr_array_add (months, g_strdup (response->month));
  return TRUE;
}

static void
test_exports (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) months = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  g_assert_true (agg_store_reports_export_scores (fixture->db, "test-beta", NULL, "2025-03-31",
                                                  check_score, rows, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 6);
  g_assert_cmpstr (g_ptr_array_index (rows, 0), ==,
                   "TEST-B01 red v1 set 1 gas baseline scored k2 n2 scored [weighted]");
  g_assert_cmpstr (g_ptr_array_index (rows, 2), ==,
                   "TEST-B02 blue v1 set 1 gas baseline scored k3 n3 scored []");
  g_assert_cmpstr (g_ptr_array_index (rows, 5), ==,
                   "TEST-B05 amber v1 set 1 gas review unscored k2 n2 zero-weight [weighted]");

  /* Months, not dates: August's two answers are in, June's are not. */
  g_assert_true (agg_store_reports_export_responses (fixture->db, "test-alpha", "2025-07",
                                                     "2025-08", check_response, months,
                                                     &error));
  g_assert_no_error (error);
  g_assert_cmpuint (months->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (months, 0), ==, "2025-08");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/aggregator/store-reports/" path, Fixture, NULL, report_fixture_set_up, func, \
              report_fixture_tear_down)
  ADD ("read-transaction", test_read_transaction);
  ADD ("services", test_services);
  ADD ("change-points", test_change_points);
  ADD ("experience", test_experience);
  ADD ("exports", test_exports);
#undef ADD

  return g_test_run ();
}
