/* agg-cli-audit.c — "audit list": the trail of enrolments, revocations,
 * tokens, children and reports. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "agg-audit.h"
#include "agg-cli.h"

static int
audit_list (const char  *command,
            int          argc,
            char       **argv)
{
  g_autofree char *db_path = NULL;
  g_autoptr(AggDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;

  if (!agg_cli_parse (command, "", _("Prints the audit trail, oldest first, tab-separated."),
                      NULL, 0, &db_path, &argc, &argv))
    return AGG_EXIT_USAGE;
  db = agg_cli_open_db (command, db_path);
  if (db == NULL)
    return AGG_EXIT_FAILED;

  records = agg_audit_list (db, &error);
  if (records == NULL)
    return agg_cli_fail (command, error);
  printf ("at\tactor\taction\ttarget\tdetail\n");
  for (guint i = 0; i < records->len; i++)
    {
      AggAuditRow *record = g_ptr_array_index (records, i);
      const char *fields[] = {
        record->at, record->actor, record->action, record->target, record->detail,
      };

      agg_cli_print_fields (fields, G_N_ELEMENTS (fields));
    }
  return AGG_EXIT_OK;
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
