/* agg-cli-report.c — "report change|cohort|experience" and "export
 * [scores|responses]": the reports of docs/reports.md from the command
 * line, audited like the HTTP API's. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "agg-audit.h"
#include "agg-cli.h"
#include "agg-report.h"

static int
run_report (const char    *command,
            AggReportKind  kind,
            int            argc,
            char         **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *service = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *forms_dir = NULL;
  g_autofree char *output = NULL;
  g_autofree char *actor = NULL;
  g_autofree char *detail = NULL;
  g_autoptr(AggDb) db = NULL;
  g_autoptr(AggFormRegistry) forms = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gboolean is_export = kind == AGG_REPORT_SCORES || kind == AGG_REPORT_RESPONSES;
  double rag_green = AGG_REPORT_DEFAULT_RAG_GREEN;
  double rag_amber = AGG_REPORT_DEFAULT_RAG_AMBER;
  AggReportFormat format = is_export ? AGG_REPORT_FORMAT_CSV : AGG_REPORT_FORMAT_JSON;
  AggReportOptions options;
  const GOptionEntry report_entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name,
      N_("csv, json or html (default json)"), N_("FORMAT") },
    { "service", 0, 0, G_OPTION_ARG_STRING, &service,
      N_("Only this service (default: every service)"), N_("ID") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("First day, YYYY-MM-DD"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Last day, YYYY-MM-DD"), N_("DATE") },
    { "rag-green", 0, 0, G_OPTION_ARG_DOUBLE, &rag_green,
      N_("experience: % of families asked for green (default 90)"), N_("PERCENT") },
    { "rag-amber", 0, 0, G_OPTION_ARG_DOUBLE, &rag_amber,
      N_("experience: % of families asked for amber (default 50)"), N_("PERCENT") },
    { "forms-dir", 0, 0, G_OPTION_ARG_FILENAME, &forms_dir,
      N_("Directory of form files (default: the installed forms)"), N_("DIR") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to FILE (readable by its owner only) instead of standard output"), N_("FILE") },
    { NULL }
  };
  const GOptionEntry export_entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name,
      N_("csv or json (default csv)"), N_("FORMAT") },
    { "service", 0, 0, G_OPTION_ARG_STRING, &service,
      N_("Only this service (default: every service)"), N_("ID") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("First day, YYYY-MM-DD"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Last day, YYYY-MM-DD"), N_("DATE") },
    { "forms-dir", 0, 0, G_OPTION_ARG_FILENAME, &forms_dir,
      N_("Directory of form files (default: the installed forms)"), N_("DIR") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to FILE (readable by its owner only) instead of standard output"), N_("FILE") },
    { NULL }
  };

  if (!agg_cli_parse (command, "",
                      is_export
                      ? _("Writes every score (scores) or every experience answer with its free "
                          "text (responses) as a long, tidy table for R, SPSS or Stata. For "
                          "evaluators only. Columns are described in docs/reports.md.")
                      : _("Writes the report as RFC 4180 CSV, as JSON ({\"rows\": […]}) or as "
                          "one self-contained HTML page with charts. Aggregates are suppressed "
                          "(1 to 7 is *, other counts rounded to 5). Columns are described in "
                          "docs/reports.md."),
                      is_export ? export_entries : report_entries, 0, &db_path, &argc, &argv))
    return AGG_EXIT_USAGE;

  if (format_name != NULL && !agg_report_format_from_string (format_name, &format))
    return agg_cli_usage (command, _("--format must be csv, json or html"));
  if (!agg_report_kind_has_format (kind, format))
    return agg_cli_usage (command, _("an export is csv or json"));

  agg_report_options_init (&options);
  options.service_id = service;
  options.from = from;
  options.to = to;
  options.rag_green = rag_green;
  options.rag_amber = rag_amber;
  if (!agg_report_options_check (&options, &error))
    return agg_cli_usage (command, error->message);

  if (!agg_cli_open_db_and_forms (command, db_path, forms_dir, &db, &forms))
    return AGG_EXIT_FAILED;
  options.forms = forms;

  bytes = agg_report_run (db, kind, &options, format, NULL, &error);
  if (bytes == NULL)
    return agg_cli_fail (command, error);

  /* Every report pulled is audited, as over HTTP; without the record the
   * report is not handed out. */
  actor = agg_audit_cli_actor ();
  detail = agg_report_describe (kind, &options, format);
  if (!agg_audit_record (db, actor, "report", agg_report_kind_to_string (kind), detail, &error))
    return agg_cli_fail (command, error);

  if (output != NULL)
    {
      /* Per-child rows and free text are sensitive: the file is its
       * owner's alone, and appears whole or not at all. */
      if (!g_file_set_contents_full (output, g_bytes_get_data (bytes, NULL),
                                     g_bytes_get_size (bytes),
                                     G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
        return agg_cli_fail (command, error);
      printf ("%s\n", output);
    }
  else
    {
      gsize size;
      const void *data = g_bytes_get_data (bytes, &size);

      if (fwrite (data, 1, size, stdout) != size || fflush (stdout) != 0)
        {
          fprintf (stderr, "keyvoice-aggregator %s: %s\n", command,
                   _("cannot write to standard output"));
          return AGG_EXIT_FAILED;
        }
    }
  return AGG_EXIT_OK;
}

static int
report_change (const char  *command,
               int          argc,
               char       **argv)
{
  return run_report (command, AGG_REPORT_CHANGE, argc, argv);
}

static int
report_cohort (const char  *command,
               int          argc,
               char       **argv)
{
  return run_report (command, AGG_REPORT_COHORT, argc, argv);
}

static int
report_experience (const char  *command,
                   int          argc,
                   char       **argv)
{
  return run_report (command, AGG_REPORT_EXPERIENCE, argc, argv);
}

static int
export_scores (const char  *command,
               int          argc,
               char       **argv)
{
  return run_report (command, AGG_REPORT_SCORES, argc, argv);
}

static int
export_responses (const char  *command,
                  int          argc,
                  char       **argv)
{
  return run_report (command, AGG_REPORT_RESPONSES, argc, argv);
}

int
agg_cli_report (int    argc,
                char **argv)
{
  static const AggSubcommand subcommands[] = {
    { "change", report_change, N_("Change over time per child, measure and respondent") },
    { "cohort", report_cohort, N_("Change by service, age band, DSR rating and measure") },
    { "experience", report_experience, N_("Standard 7.3 per service and quarter") },
  };

  return agg_cli_dispatch ("report", subcommands, G_N_ELEMENTS (subcommands), argc, argv);
}

int
agg_cli_export (int    argc,
                char **argv)
{
  static const AggSubcommand subcommands[] = {
    { "scores", export_scores, N_("Every score as a long table (the default)") },
    { "responses", export_responses, N_("Every experience answer, free text included") },
  };

  /* "export --db F --format csv" is "export scores". */
  if (argc < 2 || argv[1][0] == '-')
    {
      if (argc >= 2 && (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0))
        return agg_cli_dispatch ("export", subcommands, G_N_ELEMENTS (subcommands), argc, argv);
      return export_scores ("export", argc, argv);
    }
  return agg_cli_dispatch ("export", subcommands, G_N_ELEMENTS (subcommands), argc, argv);
}
