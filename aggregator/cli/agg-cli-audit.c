/* agg-cli-audit.c — "audit list": the trail of enrolments, revocations,
 * tokens, children and reports. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "agg-cli.h"
#include "agg-sql.h"

static int
audit_list (const char  *command,
            int          argc,
            char       **argv)
{
  g_autofree char *db_path = NULL;
  g_autoptr(AggDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!agg_cli_parse (command, "", _("Prints the audit trail, oldest first, tab-separated."),
                      NULL, 0, &db_path, &argc, &argv))
    return AGG_EXIT_USAGE;
  db = agg_cli_open_db (command, db_path);
  if (db == NULL)
    return AGG_EXIT_FAILED;

  stmt = agg_db_prepare (db, AGG_SQL_AUDIT_LIST, &error);
  if (stmt == NULL)
    return agg_cli_fail (command, error);
  return agg_cli_print_rows (command, db, stmt, "at\tactor\taction\ttarget\tdetail");
}

int
agg_cli_audit (int    argc,
               char **argv)
{
  static const AggSubcommand subcommands[] = {
    { "list", audit_list, N_("Print the audit trail") },
  };

  return agg_cli_dispatch ("audit", subcommands, G_N_ELEMENTS (subcommands), argc, argv);
}
