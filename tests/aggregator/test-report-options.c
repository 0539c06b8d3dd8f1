/* test-report-options.c — what a report may be asked for
 * (agg-report-options.c): real dates, a window the right way round, and
 * RAG thresholds in order. */
#include "config.h"

#include "agg-error.h"
#include "agg-report-options.h"

static void
test_defaults (void)
{
  g_autoptr(GError) error = NULL;
  AggReportOptions options;

  /* Every service, every date, thresholds of 90% and 50%: and that is a
   * report one may ask for. */
  agg_report_options_init (&options);
  g_assert_null (options.service_id);
  g_assert_null (options.from);
  g_assert_null (options.to);
  g_assert_null (options.forms);
  g_assert_null (options.generated);
  g_assert_cmpfloat (options.rag_green, ==, 90.0);
  g_assert_cmpfloat (options.rag_amber, ==, 50.0);
  g_assert_true (agg_report_options_check (&options, &error));
  g_assert_no_error (error);
}

typedef struct
{
  const char *from;
  const char *to;
  double      green;
  double      amber;
} Case;

/* Checks the options of @c and says whether they were accepted; a refusal
 * must be AGG_ERROR_INVALID with a reason. */
static gboolean
check (const Case *c)
{
  g_autoptr(GError) error = NULL;
  AggReportOptions options;
  gboolean accepted;

  agg_report_options_init (&options);
  options.from = c->from;
  options.to = c->to;
  options.rag_green = c->green;
  options.rag_amber = c->amber;
  accepted = agg_report_options_check (&options, &error);
  if (accepted)
    g_assert_no_error (error);
  else
    g_assert_error (error, AGG_ERROR, AGG_ERROR_INVALID);
  return accepted;
}

static void
test_accepted (void)
{
  static const Case cases[] = {
    { "2024-02-29", NULL, 90, 50 },           /* a leap day */
    { "2025-06-01", "2025-06-01", 90, 50 },   /* a window of one day */
    { NULL, "2025-12-31", 90, 50 },
    { NULL, NULL, 100, 0 },
    { NULL, NULL, 70, 70 },                   /* no amber band at all */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_true (check (&cases[i]));
}

static void
test_refused (void)
{
  static const Case cases[] = {
    { "2025-02-29", NULL, 90, 50 },           /* not a leap year */
    { "2025-04-31", NULL, 90, 50 },
    { "2025-00-10", NULL, 90, 50 },
    { "2025/01/01", NULL, 90, 50 },
    { "2025-01-01T00:00", NULL, 90, 50 },
    { "", NULL, 90, 50 },
    { NULL, "2025-1-01", 90, 50 },
    { NULL, "yesterday", 90, 50 },
    { "2025-06-02", "2025-06-01", 90, 50 },
    { NULL, NULL, 49, 50 },
    { NULL, NULL, 100.5, 50 },
    { NULL, NULL, 90, -0.5 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_false (check (&cases[i]));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/aggregator/report-options/defaults", test_defaults);
  g_test_add_func ("/aggregator/report-options/accepted", test_accepted);
  g_test_add_func ("/aggregator/report-options/refused", test_refused);

  return g_test_run ();
}
