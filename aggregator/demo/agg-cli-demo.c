/* agg-cli-demo.c — "demo": fills an empty database with a year of
 * obviously synthetic data, for the demo and for benchmarks. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "agg-audit.h"
#include "agg-cli-demo.h"
#include "agg-demo.h"

static int
agg_cli_demo (int    argc,
              char **argv)
{
  const char *command = "demo";
  g_autofree char *db_path = NULL;
  g_autofree char *forms_dir = NULL;
  g_autofree char *end = NULL;
  g_autofree char *actor = NULL;
  g_autofree char *detail = NULL;
  g_autoptr(AggDb) db = NULL;
  g_autoptr(AggFormRegistry) forms = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = NULL;
  int n_children = AGG_DEMO_DEFAULT_CHILDREN;
  int seed = AGG_DEMO_DEFAULT_SEED;
  AggDemoOptions options = { 0 };
  AggDemoStats stats = { 0 };
  const GOptionEntry entries[] = {
    { "children", 0, 0, G_OPTION_ARG_INT, &n_children,
      N_("How many children (default 120)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed,
      N_("Seed of the generator: the same seed gives the same data (default 1)"), N_("S") },
    { "end", 0, 0, G_OPTION_ARG_STRING, &end,
      N_("Last day of the year of data, YYYY-MM-DD (default today)"), N_("DATE") },
    { "forms-dir", 0, 0, G_OPTION_ARG_FILENAME, &forms_dir,
      N_("Directory of form files (default: the installed forms)"), N_("DIR") },
    { NULL }
  };

  if (!agg_cli_parse (command, "",
                      _("Fills an empty database with synthetic services (“Demo Service "
                        "North”…), children, DSR ratings, goal sets and a year of answers, "
                        "checked and scored as uploads are. Never use it on a database with "
                        "real data: it refuses one that has any service."),
                      entries, 0, &db_path, &argc, &argv))
    return AGG_EXIT_USAGE;
  if (n_children < 1 || n_children > 10000000)
    return agg_cli_usage (command, _("--children must be from 1 to 10000000"));
  if (seed < 0)
    return agg_cli_usage (command, _("--seed must not be negative"));

  if (!agg_cli_open_db_and_forms (command, db_path, forms_dir, &db, &forms))
    return AGG_EXIT_FAILED;

  options.n_children = n_children;
  options.seed = seed;
  options.end = end;
  timer = g_timer_new ();
  if (!agg_demo_fill (db, forms, &options, &stats, &error))
    return agg_cli_fail (command, error);
  g_timer_stop (timer);

  actor = agg_audit_cli_actor ();
  detail = g_strdup_printf ("children=%d seed=%d end=%s", n_children, seed,
                            end != NULL ? end : "today");
  if (!agg_audit_record (db, actor, "demo-fill", "", detail, &error))
    return agg_cli_fail (command, error);

  printf (_("Synthetic data: %u services, %u children, %u submissions, %u offers, "
            "%u experience answers (%.1f s)."),
          stats.n_services, stats.n_children, stats.n_submissions, stats.n_offers,
          stats.n_responses, g_timer_elapsed (timer, NULL));
  putchar ('\n');
  return AGG_EXIT_OK;
}

const AggVerb agg_cli_demo_verb = {
  "demo", agg_cli_demo, N_("Fill an empty database with a year of synthetic data")
};
