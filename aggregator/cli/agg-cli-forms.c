/* agg-cli-forms.c — "forms check FILE…": lets a service that writes its own
 * form find every mistake before a tablet ever sees the file. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "agg-cli.h"
#include "kv-form.h"

static int
forms_check (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  int status = AGG_EXIT_OK;

  context = g_option_context_new (_("FILE… — check form files"));
  g_option_context_set_summary (context,
                                _("Prints “FILE: OK” for every valid form and "
                                  "“FILE:LINE:COL: what is wrong” for every broken one."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "keyvoice-aggregator forms check: %s\n", error->message);
      return AGG_EXIT_USAGE;
    }
  if (argc < 2)
    {
      fprintf (stderr, "%s\n", _("keyvoice-aggregator forms check: name at least one form file"));
      return AGG_EXIT_USAGE;
    }

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) form_error = NULL;
      g_autoptr(KvForm) form = kv_form_new_from_file (argv[i], &form_error);

      if (form != NULL)
        {
          printf ("%s: OK\n", argv[i]);
        }
      else
        {
          fprintf (stderr, "%s\n", form_error->message);
          status = AGG_EXIT_FAILED;
        }
    }
  return status;
}

int
agg_cli_forms (int    argc,
               char **argv)
{
  if (argc >= 2 && strcmp (argv[1], "check") == 0)
    return forms_check (argc - 1, argv + 1);

  fprintf (stderr, "%s\n", _("Usage: keyvoice-aggregator forms check FILE…"));
  return AGG_EXIT_USAGE;
}
