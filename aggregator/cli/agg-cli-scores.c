/* agg-cli-scores.c — "scores recompute": derived scores are a cache of
 * what libkvforms says about the stored answers; this rebuilds it, for
 * example after a scoring fix in libkvforms. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "agg-cli.h"
#include "agg-form-registry.h"
#include "agg-scores.h"

static int
scores_recompute (const char  *command,
                  int          argc,
                  char       **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *forms_dir = NULL;
  g_autoptr(AggDb) db = NULL;
  g_autoptr(AggFormRegistry) forms = NULL;
  g_autoptr(GError) error = NULL;
  guint n_scores = 0;
  const GOptionEntry entries[] = {
    { "forms-dir", 0, 0, G_OPTION_ARG_FILENAME, &forms_dir,
      N_("Directory of form files (default: the installed forms)"), N_("DIR") },
    { NULL }
  };

  if (!agg_cli_parse (command, "",
                      _("Deletes every derived score and computes them again from the "
                        "stored answers, in one transaction."),
                      entries, 0, &db_path, &argc, &argv))
    return AGG_EXIT_USAGE;
  if (!agg_cli_open_db_and_forms (command, db_path, forms_dir, &db, &forms))
    return AGG_EXIT_FAILED;

  if (!agg_scores_recompute (db, forms, &n_scores, &error))
    return agg_cli_fail (command, error);
  printf (g_dngettext (GETTEXT_PACKAGE, "%u score recomputed.", "%u scores recomputed.", n_scores),
          n_scores);
  fputc ('\n', stdout);
  return AGG_EXIT_OK;
}

int
agg_cli_scores (int    argc,
                char **argv)
{
  static const AggSubcommand subcommands[] = {
    { "recompute", scores_recompute, N_("Recompute every derived score from the stored answers") },
  };

  return agg_cli_dispatch ("scores", subcommands, G_N_ELEMENTS (subcommands), argc, argv);
}
