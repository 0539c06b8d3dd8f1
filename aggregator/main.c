/* main.c — keyvoice-aggregator entry point; the verbs live in agg-cli.c. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "agg-cli.h"

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  return agg_cli_run (argc, argv);
}
