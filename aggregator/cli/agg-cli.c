/* agg-cli.c — dispatching keyvoice-aggregator's verbs, and what every verb
 * shares: option parsing, --db and error messages. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "agg-cli.h"

static const AggVerb verbs[] = {
  { "serve",   agg_cli_serve,   N_("Run the HTTP API (serve --db FILE [--listen HOST:PORT])") },
  { "service", agg_cli_service, N_("Add and list services") },
  { "token",   agg_cli_token,   N_("Add, list and revoke service and evaluator tokens") },
  { "device",  agg_cli_device,  N_("Enrol, list and revoke tablets") },
  { "child",   agg_cli_child,   N_("Register children and keep their DSR rating") },
  { "scores",  agg_cli_scores,  N_("Recompute derived scores from the stored answers") },
  { "audit",   agg_cli_audit,   N_("Show the audit trail") },
  { "report",  agg_cli_report,  N_("Reports: change, cohort or experience (csv, json, html)") },
  { "export",  agg_cli_export,  N_("Evaluators' row-level export of scores or experience answers") },
  { "forms",   agg_cli_forms,   N_("Check form files (forms check FILE…)") },
};

static void
print_usage (FILE          *out,
             const AggVerb *extra,
             guint          n_extra)
{
  fprintf (out, "%s\n\n", _("Usage: keyvoice-aggregator VERB [OPTION…]"));
  fprintf (out, "%s\n", _("Verbs:"));
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    fprintf (out, "  %-10s %s\n", verbs[i].name, _(verbs[i].summary));
  for (guint i = 0; i < n_extra; i++)
    fprintf (out, "  %-10s %s\n", extra[i].name, _(extra[i].summary));
  fprintf (out, "\n%s\n", _("Run “keyvoice-aggregator VERB --help” for a verb’s options."));
}

int
agg_cli_run (int            argc,
             char         **argv,
             const AggVerb *extra,
             guint          n_extra)
{
  g_return_val_if_fail (argc >= 1, AGG_EXIT_USAGE);

  if (argc < 2)
    {
      print_usage (stderr, extra, n_extra);
      return AGG_EXIT_USAGE;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 ||
      strcmp (argv[1], "help") == 0)
    {
      print_usage (stdout, extra, n_extra);
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
  for (guint i = 0; i < n_extra; i++)
    if (strcmp (argv[1], extra[i].name) == 0)
      return extra[i].run (argc - 1, argv + 1);

  fprintf (stderr, _("keyvoice-aggregator: unknown verb “%s”"), argv[1]);
  fputs ("\n\n", stderr);
  print_usage (stderr, extra, n_extra);
  return AGG_EXIT_USAGE;
}

static void
print_subcommands (FILE                *out,
                   const char          *verb,
                   const AggSubcommand *subcommands,
                   guint                n_subcommands)
{
  fprintf (out, _("Usage: keyvoice-aggregator %s COMMAND [OPTION…]"), verb);
  fprintf (out, "\n\n%s\n", _("Commands:"));
  for (guint i = 0; i < n_subcommands; i++)
    fprintf (out, "  %-12s %s\n", subcommands[i].name, _(subcommands[i].summary));
}

int
agg_cli_dispatch (const char          *verb,
                  const AggSubcommand *subcommands,
                  guint                n_subcommands,
                  int                  argc,
                  char               **argv)
{
  if (argc >= 2 && (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0))
    {
      print_subcommands (stdout, verb, subcommands, n_subcommands);
      return AGG_EXIT_OK;
    }
  if (argc >= 2)
    for (guint i = 0; i < n_subcommands; i++)
      if (strcmp (argv[1], subcommands[i].name) == 0)
        {
          g_autofree char *command = g_strdup_printf ("%s %s", verb, argv[1]);

          return subcommands[i].run (command, argc - 1, argv + 1);
        }

  if (argc >= 2)
    {
      fprintf (stderr, _("keyvoice-aggregator %s: unknown command “%s”"), verb, argv[1]);
      fputs ("\n\n", stderr);
    }
  print_subcommands (stderr, verb, subcommands, n_subcommands);
  return AGG_EXIT_USAGE;
}

gboolean
agg_cli_parse (const char          *command,
               const char          *parameters,
               const char          *summary,
               const GOptionEntry  *entries,
               guint                n_positional,
               char               **db_path,
               int                 *argc,
               char              ***argv)
{
  const GOptionEntry db_entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, db_path,
      N_("The aggregator’s database (created if missing)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;

  context = g_option_context_new (parameters);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (summary != NULL)
    g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, db_entries, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      agg_cli_usage (command, error->message);
      return FALSE;
    }
  if (*db_path == NULL)
    {
      agg_cli_usage (command, _("--db FILE is required"));
      return FALSE;
    }
  if ((guint) (*argc - 1) != n_positional)
    {
      g_autofree char *message = g_strdup_printf (_("expected: %s"), parameters);

      agg_cli_usage (command, message);
      return FALSE;
    }
  return TRUE;
}

AggDb *
agg_cli_open_db (const char *command,
                 const char *db_path)
{
  g_autoptr(GError) error = NULL;
  AggDb *db = agg_db_open (db_path, &error);

  if (db == NULL)
    agg_cli_fail (command, error);
  else if (agg_db_was_made_private (db))
    fprintf (stderr, _("keyvoice-aggregator %s: %s could be read by other users; "
                       "it is now readable by its owner only (mode 0600)\n"),
             command, db_path);
  return db;
}

gboolean
agg_cli_open_db_and_forms (const char       *command,
                           const char       *db_path,
                           const char       *forms_dir,
                           AggDb           **db,
                           AggFormRegistry **forms)
{
  g_autoptr(GError) error = NULL;

  *db = agg_cli_open_db (command, db_path);
  if (*db == NULL)
    return FALSE;
  *forms = agg_form_registry_new_from_dir (forms_dir != NULL ? forms_dir
                                                             : agg_form_registry_default_dir (),
                                           &error);
  if (*forms == NULL)
    {
      agg_cli_fail (command, error);
      return FALSE;
    }
  return TRUE;
}

int
agg_cli_fail (const char   *command,
              const GError *error)
{
  fprintf (stderr, "keyvoice-aggregator %s: %s\n", command, error->message);
  return AGG_EXIT_FAILED;
}

void
agg_cli_print_fields (const char * const *fields,
                      guint               n_fields)
{
  /* NULL reads as an empty field, as in any tab-separated table. */
  for (guint i = 0; i < n_fields; i++)
    printf ("%s%c", fields[i] != NULL ? fields[i] : "", i + 1 < n_fields ? '\t' : '\n');
}

int
agg_cli_usage (const char *command,
               const char *message)
{
  fprintf (stderr, "keyvoice-aggregator %s: %s\n", command, message);
  fprintf (stderr, _("Run “keyvoice-aggregator %s --help” for its options."), command);
  fputc ('\n', stderr);
  return AGG_EXIT_USAGE;
}
