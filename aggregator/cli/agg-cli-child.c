/* agg-cli-child.c — "child add|set-dsr|list|show": pseudonymous children
 * and their Dynamic Support Register rating over time. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "agg-admin.h"
#include "agg-audit.h"
#include "kv-child-code.h"
#include "agg-cli.h"

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
  g_autoptr(GPtrArray) children = NULL;
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

  children = agg_admin_list_children (db, service_id, &error);
  if (children == NULL)
    return agg_cli_fail (command, error);
  printf ("code\tservice\tage_band\tdsr\tdsr_since\tgoal_set\n");
  for (guint i = 0; i < children->len; i++)
    {
      AggChildRow *child = g_ptr_array_index (children, i);
      g_autofree char *goal_set = NULL;
      const char *fields[6];

      /* A child without a goal set has an empty field. */
      if (child->goal_set_version > 0)
        goal_set = g_strdup_printf ("%" G_GINT64_FORMAT, child->goal_set_version);
      fields[0] = child->code;
      fields[1] = child->service_id;
      fields[2] = child->age_band;
      fields[3] = child->dsr;
      fields[4] = child->dsr_since;
      fields[5] = goal_set;
      agg_cli_print_fields (fields, G_N_ELEMENTS (fields));
    }
  return AGG_EXIT_OK;
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
  g_autoptr(AggChildRow) child = NULL;
  g_autoptr(GPtrArray) history = NULL;

  if (!agg_cli_parse (command, _("CODE"), _("Shows a child’s service, age band and DSR history."),
                      NULL, 1, &db_path, &argc, &argv))
    return AGG_EXIT_USAGE;
  code = kv_child_code_normalize (argv[1]);
  if (code == NULL)
    return agg_cli_usage (command, _("that is not a child code (check the characters)"));
  db = agg_cli_open_db (command, db_path);
  if (db == NULL)
    return AGG_EXIT_FAILED;

  child = agg_admin_find_child (db, code, &error);
  if (child == NULL)
    return agg_cli_fail (command, error);
  printf ("code\t%s\nservice\t%s\nage_band\t%s\n", code, child->service_id, child->age_band);

  history = agg_admin_dsr_history (db, code, &error);
  if (history == NULL)
    return agg_cli_fail (command, error);
  for (guint i = 0; i < history->len; i++)
    {
      AggDsrRow *rating = g_ptr_array_index (history, i);

      printf ("dsr\t%s\t%s\n", rating->rating, rating->rated_on);
    }
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
