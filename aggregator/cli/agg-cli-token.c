/* agg-cli-token.c — "token add|list|revoke": credentials for service leads
 * and evaluators. */
#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "agg-admin.h"
#include "agg-audit.h"
#include "agg-cli.h"

static int
token_add (const char  *command,
           int          argc,
           char       **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *role_name = NULL;
  g_autofree char *service_id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *actor = agg_audit_cli_actor ();
  g_autofree char *token_id = NULL;
  g_autofree char *token = NULL;
  g_autoptr(AggDb) db = NULL;
  g_autoptr(GError) error = NULL;
  AggRole role;
  const GOptionEntry entries[] = {
    { "role", 0, 0, G_OPTION_ARG_STRING, &role_name,
      N_("service (one service’s data) or evaluator (every service)"), N_("ROLE") },
    { "service", 0, 0, G_OPTION_ARG_STRING, &service_id,
      N_("The service a service token belongs to"), N_("ID") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name,
      N_("A label to recognise the token by in lists"), N_("LABEL") },
    { NULL }
  };

  if (!agg_cli_parse (command, "",
                      _("Adds a token and prints it once, on the last line; only its "
                        "digest is kept."),
                      entries, 0, &db_path, &argc, &argv))
    return AGG_EXIT_USAGE;
  if (!agg_role_from_string (role_name, &role) || role == AGG_ROLE_DEVICE)
    return agg_cli_usage (command, _("--role must be service or evaluator"));

  db = agg_cli_open_db (command, db_path);
  if (db == NULL)
    return AGG_EXIT_FAILED;

  if (!agg_admin_add_token (db, role, service_id, name, actor, &token_id, &token, &error))
    return agg_cli_fail (command, error);

  printf (_("Token id: %s (for “token revoke”)"), token_id);
  printf ("\n%s\n", _("The token is shown once. Keep it safe:"));
  printf ("%s\n", token);
  sodium_memzero (token, strlen (token));
  return AGG_EXIT_OK;
}

int
agg_cli_token_revoke (const char  *command,
                      const char  *summary,
                      gboolean     device_only,
                      int          argc,
                      char       **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *actor = agg_audit_cli_actor ();
  g_autoptr(AggDb) db = NULL;
  g_autoptr(GError) error = NULL;

  if (!agg_cli_parse (command, _("ID"), summary, NULL, 1, &db_path, &argc, &argv))
    return AGG_EXIT_USAGE;
  db = agg_cli_open_db (command, db_path);
  if (db == NULL)
    return AGG_EXIT_FAILED;

  if (!agg_admin_revoke_token (db, argv[1], device_only, actor, &error))
    return agg_cli_fail (command, error);
  printf (_("Revoked %s."), argv[1]);
  fputc ('\n', stdout);
  return AGG_EXIT_OK;
}

static int
token_revoke (const char  *command,
              int          argc,
              char       **argv)
{
  return agg_cli_token_revoke (command, _("Revokes a token at once."), FALSE, argc, argv);
}

int
agg_cli_token_list (const char *command,
                    AggRole     role,
                    const char *service_id,
                    AggDb      *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tokens = agg_admin_list_tokens (db, role, service_id, &error);

  if (tokens == NULL)
    return agg_cli_fail (command, error);
  printf ("id\trole\tservice\tname\tcreated_at\trevoked_at\n");
  for (guint i = 0; i < tokens->len; i++)
    {
      AggTokenRow *token = g_ptr_array_index (tokens, i);
      const char *fields[] = {
        token->id, token->role, token->service_id, token->name, token->created_at,
        token->revoked_at,
      };

      agg_cli_print_fields (fields, G_N_ELEMENTS (fields));
    }
  return AGG_EXIT_OK;
}

static int
token_list (const char  *command,
            int          argc,
            char       **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *role = NULL;
  g_autofree char *service_id = NULL;
  g_autoptr(AggDb) db = NULL;
  AggRole parsed = 0;
  const GOptionEntry entries[] = {
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, N_("Only tokens of this role"), N_("ROLE") },
    { "service", 0, 0, G_OPTION_ARG_STRING, &service_id, N_("Only this service’s tokens"), N_("ID") },
    { NULL }
  };

  if (!agg_cli_parse (command, "", _("Lists tokens (never the tokens themselves), tab-separated."),
                      entries, 0, &db_path, &argc, &argv))
    return AGG_EXIT_USAGE;
  if (role != NULL && !agg_role_from_string (role, &parsed))
    return agg_cli_usage (command, _("--role must be device, service or evaluator"));
  db = agg_cli_open_db (command, db_path);
  if (db == NULL)
    return AGG_EXIT_FAILED;
  return agg_cli_token_list (command, parsed, service_id, db);
}

int
agg_cli_token (int    argc,
               char **argv)
{
  static const AggSubcommand subcommands[] = {
    { "add",    token_add,    N_("Add a token: add --role service --service ID | --role evaluator") },
    { "list",   token_list,   N_("List tokens") },
    { "revoke", token_revoke, N_("Revoke a token: revoke ID") },
  };

  return agg_cli_dispatch ("token", subcommands, G_N_ELEMENTS (subcommands), argc, argv);
}
