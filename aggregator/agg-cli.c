/* agg-cli.c — dispatching keyvoice-aggregator's verbs. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "agg-cli.h"

typedef struct
{
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *summary;
} AggVerb;

static const AggVerb verbs[] = {
  { "forms", agg_cli_forms, N_("Check form files (forms check FILE…)") },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: keyvoice-aggregator VERB [OPTION…]"));
  fprintf (out, "%s\n", _("Verbs:"));
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    fprintf (out, "  %-10s %s\n", verbs[i].name, _(verbs[i].summary));
  fprintf (out, "\n%s\n", _("Run “keyvoice-aggregator VERB --help” for a verb’s options."));
}

int
agg_cli_run (int    argc,
             char **argv)
{
  g_return_val_if_fail (argc >= 1, AGG_EXIT_USAGE);

  if (argc < 2)
    {
      print_usage (stderr);
      return AGG_EXIT_USAGE;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 ||
      strcmp (argv[1], "help") == 0)
    {
      print_usage (stdout);
      return AGG_EXIT_OK;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("keyvoice-aggregator %s\n", PACKAGE_VERSION);
      return AGG_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    if (strcmp (argv[1], verbs[i].name) == 0)
      return verbs[i].run (argc - 1, argv + 1);

  fprintf (stderr, _("keyvoice-aggregator: unknown verb “%s”"), argv[1]);
  fputs ("\n\n", stderr);
  print_usage (stderr);
  return AGG_EXIT_USAGE;
}
