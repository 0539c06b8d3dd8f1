/* agg-cli-service.c — "service add NAME" and "service list". */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "agg-admin.h"
#include "agg-audit.h"
#include "agg-cli.h"

static int
service_add (const char  *command,
             int          argc,
             char       **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *id = NULL;
  g_autofree char *actor = agg_audit_cli_actor ();
  g_autofree char *service_id = NULL;
  g_autoptr(AggDb) db = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "id", 0, 0, G_OPTION_ARG_STRING, &id,
      N_("The service’s id (default: made from the name)"), N_("ID") },
    { NULL }
  };

  if (!agg_cli_parse (command, _("NAME"), _("Adds a keyworking service and prints its id."),
                      entries, 1, &db_path, &argc, &argv))
    return AGG_EXIT_USAGE;
  db = agg_cli_open_db (command, db_path);
  if (db == NULL)
    return AGG_EXIT_FAILED;

  service_id = agg_admin_add_service (db, argv[1], id, actor, &error);
  if (service_id == NULL)
    return agg_cli_fail (command, error);

  printf ("%s\n", service_id);
  return AGG_EXIT_OK;
}

static int
service_list (const char  *command,
              int          argc,
              char       **argv)
{
  g_autofree char *db_path = NULL;
  g_autoptr(AggDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) services = NULL;

  if (!agg_cli_parse (command, "", _("Lists services, tab-separated."),
                      NULL, 0, &db_path, &argc, &argv))
    return AGG_EXIT_USAGE;
  db = agg_cli_open_db (command, db_path);
  if (db == NULL)
    return AGG_EXIT_FAILED;

  services = agg_admin_list_services (db, &error);
  if (services == NULL)
    return agg_cli_fail (command, error);
  printf ("id\tname\tcreated_at\tchildren\tdevices\n");
  for (guint i = 0; i < services->len; i++)
    {
      AggServiceRow *service = g_ptr_array_index (services, i);
      g_autofree char *n_children = g_strdup_printf ("%" G_GINT64_FORMAT, service->n_children);
      g_autofree char *n_devices = g_strdup_printf ("%" G_GINT64_FORMAT, service->n_devices);
      const char *fields[] = {
        service->id, service->name, service->created_at, n_children, n_devices,
      };

      agg_cli_print_fields (fields, G_N_ELEMENTS (fields));
    }
  return AGG_EXIT_OK;
}

int
agg_cli_service (int    argc,
                 char **argv)
{
  static const AggSubcommand subcommands[] = {
    { "add",  service_add,  N_("Add a service: add NAME [--id ID]; prints its id") },
    { "list", service_list, N_("List services") },
  };

  return agg_cli_dispatch ("service", subcommands, G_N_ELEMENTS (subcommands), argc, argv);
}
