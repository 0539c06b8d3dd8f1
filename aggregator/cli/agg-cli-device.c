/* agg-cli-device.c — "device enrol-code|list|revoke": the tablets. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "agg-admin.h"
#include "agg-audit.h"
#include "agg-cli.h"

#define DEFAULT_ENROLMENT_HOURS 24

static int
device_enrol_code (const char  *command,
                   int          argc,
                   char       **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *service_id = NULL;
  g_autofree char *actor = agg_audit_cli_actor ();
  g_autofree char *code = NULL;
  g_autoptr(AggDb) db = NULL;
  g_autoptr(GError) error = NULL;
  int hours = DEFAULT_ENROLMENT_HOURS;
  const GOptionEntry entries[] = {
    { "service", 0, 0, G_OPTION_ARG_STRING, &service_id,
      N_("The service the tablet will belong to"), N_("ID") },
    { "expires", 0, 0, G_OPTION_ARG_INT, &hours,
      N_("Hours until the code stops working (default 24)"), N_("HOURS") },
    { NULL }
  };

  if (!agg_cli_parse (command, "",
                      _("Prints a one-time code that enrols one tablet "
                        "(keyvoice-kiosk --enrol URL CODE)."),
                      entries, 0, &db_path, &argc, &argv))
    return AGG_EXIT_USAGE;
  if (service_id == NULL)
    return agg_cli_usage (command, _("--service ID is required"));
  if (hours < 1 || hours > AGG_MAX_ENROLMENT_HOURS)
    {
      g_autofree char *message = g_strdup_printf (_("--expires must be from 1 to %d hours"),
                                                  AGG_MAX_ENROLMENT_HOURS);
      return agg_cli_usage (command, message);
    }

  db = agg_cli_open_db (command, db_path);
  if (db == NULL)
    return AGG_EXIT_FAILED;

  code = agg_admin_create_enrolment_code (db, service_id, hours, actor, &error);
  if (code == NULL)
    return agg_cli_fail (command, error);

  printf (g_dngettext (GETTEXT_PACKAGE,
                       "Enrolment code for %s, works once within %d hour:",
                       "Enrolment code for %s, works once within %d hours:", hours),
          service_id, hours);
  printf ("\n%s\n", code);
  return AGG_EXIT_OK;
}

static int
device_revoke (const char  *command,
               int          argc,
               char       **argv)
{
  return agg_cli_token_revoke (command,
                               _("Stops a tablet’s token at once; the tablet must be enrolled again."),
                               TRUE, argc, argv);
}

static int
device_list (const char  *command,
             int          argc,
             char       **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *service_id = NULL;
  g_autoptr(AggDb) db = NULL;
  const GOptionEntry entries[] = {
    { "service", 0, 0, G_OPTION_ARG_STRING, &service_id, N_("Only this service’s tablets"), N_("ID") },
    { NULL }
  };

  if (!agg_cli_parse (command, "", _("Lists enrolled tablets, tab-separated."),
                      entries, 0, &db_path, &argc, &argv))
    return AGG_EXIT_USAGE;
  db = agg_cli_open_db (command, db_path);
  if (db == NULL)
    return AGG_EXIT_FAILED;
  return agg_cli_token_list (command, AGG_ROLE_DEVICE, service_id, db);
}

int
agg_cli_device (int    argc,
                char **argv)
{
  static const AggSubcommand subcommands[] = {
    { "enrol-code", device_enrol_code, N_("Make a one-time enrolment code: enrol-code --service ID [--expires HOURS]") },
    { "list",       device_list,       N_("List tablets") },
    { "revoke",     device_revoke,     N_("Revoke a tablet: revoke ID") },
  };

  return agg_cli_dispatch ("device", subcommands, G_N_ELEMENTS (subcommands), argc, argv);
}
