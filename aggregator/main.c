/* main.c — keyvoice-aggregator entry point.  The production verbs live in
 * cli/agg-cli.c; "demo" comes from demo/, which is kept out of the
 * production library. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "agg-cli-demo.h"

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  return agg_cli_run (argc, argv, &agg_cli_demo_verb, 1);
}
