/* agg-cli-child.c — "child add|set-dsr|list|show": pseudonymous children
 * and their Dynamic Support Register rating over time. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "agg-admin.h"
#include "agg-audit.h"
#include "kv-child-code.h"
#include "agg-cli.h"
#include "agg-error.h"
#include "agg-sql.h"

static int
child_add (const char  *command,
           int          argc,
           char       **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *service_id = NULL;
  g_autofree char *age_band = NULL;
  g_autofree char *dsr = NULL;
  g_autofree char *date = NULL;
  g_autofree char *actor = agg_audit_cli_actor ();
  g_autofree char *code = NULL;
  g_autoptr(AggDb) db = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "service", 0, 0, G_OPTION_ARG_STRING, &service_id, N_("The child’s service"), N_("ID") },
    { "age-band", 0, 0, G_OPTION_ARG_STRING, &age_band, N_("under-18 or 18-25"), N_("BAND") },
    { "dsr", 0, 0, G_OPTION_ARG_STRING, &dsr,
      N_("Dynamic Support Register rating: red, amber, blue or green"), N_("RAG") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date,
      N_("The date the DSR rating applies from (default today)"), N_("YYYY-MM-DD") },
    { NULL }
  };

  if (!agg_cli_parse (command, "",
                      _("Registers a child and prints the code for the family’s card."),
                      entries, 0, &db_path, &argc, &argv))
    return AGG_EXIT_USAGE;
  if (service_id == NULL || age_band == NULL)
    return agg_cli_usage (command, _("--service ID and --age-band BAND are required"));
  if (date != NULL && dsr == NULL)
    return agg_cli_usage (command, _("--date goes with --dsr"));

  db = agg_cli_open_db (command, db_path);
  if (db == NULL)
    return AGG_EXIT_FAILED;

  code = agg_admin_add_child (db, service_id, age_band, dsr, date, actor, &error);
  if (code == NULL)
    return agg_cli_fail (command, error);
  printf ("%s\n", code);
  return AGG_EXIT_OK;
}

static int
child_set_dsr (const char  *command,
               int          argc,
               char       **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *date = NULL;
  g_autofree char *actor = agg_audit_cli_actor ();
  g_autoptr(AggDb) db = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &date,
      N_("The date the rating applies from (default today)"), N_("YYYY-MM-DD") },
    { NULL }
  };

  if (!agg_cli_parse (command, _("CODE RAG"),
                      _("Records a new DSR rating; earlier ratings are kept as history."),
                      entries, 2, &db_path, &argc, &argv))
    return AGG_EXIT_USAGE;
  db = agg_cli_open_db (command, db_path);
  if (db == NULL)
    return AGG_EXIT_FAILED;

  if (!agg_admin_set_dsr (db, argv[1], argv[2], date, actor, &error))
    return agg_cli_fail (command, error);
  return AGG_EXIT_OK;
}

static int
child_list (const char  *command,
            int          argc,
            char       **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *service_id = NULL;
  g_autoptr(AggDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const GOptionEntry entries[] = {
    { "service", 0, 0, G_OPTION_ARG_STRING, &service_id, N_("Only this service’s children"), N_("ID") },
    { NULL }
  };

  if (!agg_cli_parse (command, "", _("Lists children, tab-separated."),
                      entries, 0, &db_path, &argc, &argv))
    return AGG_EXIT_USAGE;
  db = agg_cli_open_db (command, db_path);
  if (db == NULL)
    return AGG_EXIT_FAILED;

  stmt = agg_db_prepare (db, AGG_SQL_CHILD_LIST, &error);
  if (stmt == NULL)
    return agg_cli_fail (command, error);
  agg_db_bind_text (stmt, 1, service_id);
  return agg_cli_print_rows (command, db, stmt, "code\tservice\tage_band\tdsr\tdsr_since\tgoal_set");
}

static int
child_show (const char  *command,
            int          argc,
            char       **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *code = NULL;
  g_autoptr(AggDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) child = NULL;
  g_autoptr(sqlite3_stmt) history = NULL;
  int rc;

  if (!agg_cli_parse (command, _("CODE"), _("Shows a child’s service, age band and DSR history."),
                      NULL, 1, &db_path, &argc, &argv))
    return AGG_EXIT_USAGE;
  code = kv_child_code_normalize (argv[1]);
  if (code == NULL)
    return agg_cli_usage (command, _("that is not a child code (check the characters)"));
  db = agg_cli_open_db (command, db_path);
  if (db == NULL)
    return AGG_EXIT_FAILED;

  child = agg_db_prepare (db, AGG_SQL_CHILD_GET, &error);
  if (child == NULL)
    return agg_cli_fail (command, error);
  agg_db_bind_text (child, 1, code);
  rc = agg_db_step (db, child, &error);
  if (rc < 0)
    return agg_cli_fail (command, error);
  if (rc != SQLITE_ROW)
    {
      g_set_error (&error, AGG_ERROR, AGG_ERROR_NOT_FOUND, _("there is no child “%s”"), code);
      return agg_cli_fail (command, error);
    }
  printf ("code\t%s\nservice\t%s\nage_band\t%s\n", code,
          agg_db_column_text (child, 1), agg_db_column_text (child, 2));

  history = agg_db_prepare (db, AGG_SQL_DSR_HISTORY, &error);
  if (history == NULL)
    return agg_cli_fail (command, error);
  sqlite3_bind_int64 (history, 1, sqlite3_column_int64 (child, 0));
  while ((rc = agg_db_step (db, history, &error)) == SQLITE_ROW)
    printf ("dsr\t%s\t%s\n", agg_db_column_text (history, 0), agg_db_column_text (history, 1));
  if (rc < 0)
    return agg_cli_fail (command, error);
  return AGG_EXIT_OK;
}

int
agg_cli_child (int    argc,
               char **argv)
{
  static const AggSubcommand subcommands[] = {
    { "add",     child_add,     N_("Register a child: add --service ID --age-band BAND [--dsr RAG]; prints the code") },
    { "set-dsr", child_set_dsr, N_("Record a DSR rating: set-dsr CODE RAG [--date D]") },
    { "list",    child_list,    N_("List children [--service ID]") },
    { "show",    child_show,    N_("Show a child’s DSR history: show CODE") },
  };

  return agg_cli_dispatch ("child", subcommands, G_N_ELEMENTS (subcommands), argc, argv);
}
