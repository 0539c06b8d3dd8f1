/* agg-cli.h — the keyvoice-aggregator command line (docs/aggregator.md
 * "Command line"). */
#pragma once

#include <glib.h>

#include "agg-db.h"
#include "agg-form-registry.h"
#include "agg-principal.h"

G_BEGIN_DECLS

/* Exit statuses of every verb. */
enum
{
  AGG_EXIT_OK = 0,
  AGG_EXIT_FAILED = 1,   /* the verb ran and found errors, or could not finish */
  AGG_EXIT_USAGE = 2,    /* the command line itself is wrong */
};

/* A verb: "serve", "child"…; its run gets argv from its own name on. */
typedef struct
{
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *summary;   /* marked with N_(), translated when printed */
} AggVerb;

/* Runs the verb argv[1]: one of the production verbs, or one of @extra
 * (verbs from outside the production library, such as "demo"). */
int agg_cli_run   (int            argc,
                   char         **argv,
                   const AggVerb *extra,
                   guint          n_extra);

/* Verbs, one per file agg-cli-<verb>.c; each gets argv from its own name on. */
int agg_cli_forms   (int    argc,
                     char **argv);
int agg_cli_serve   (int    argc,
                     char **argv);
int agg_cli_service (int    argc,
                     char **argv);
int agg_cli_token   (int    argc,
                     char **argv);
int agg_cli_device  (int    argc,
                     char **argv);
int agg_cli_child   (int    argc,
                     char **argv);
int agg_cli_scores  (int    argc,
                     char **argv);
int agg_cli_audit   (int    argc,
                     char **argv);
int agg_cli_report  (int    argc,
                     char **argv);
int agg_cli_export  (int    argc,
                     char **argv);

/* A subcommand of a verb: "child add", "device revoke"… */
typedef struct
{
  const char *name;
  int       (*run) (const char *command, int argc, char **argv);
  const char *summary;
} AggSubcommand;

/* Runs the subcommand argv[1] of @verb from @subcommands, or prints their
 * list. */
int      agg_cli_dispatch (const char          *verb,
                           const AggSubcommand *subcommands,
                           guint                n_subcommands,
                           int                  argc,
                           char               **argv);

/* Parses @entries and the --db option every admin verb takes.  Prints what
 * is wrong and returns FALSE for a usage error; afterwards argv holds the
 * positional arguments after the command's name.  @n_positional is how
 * many must be left. */
gboolean agg_cli_parse    (const char          *command,
                           const char          *parameters,
                           const char          *summary,
                           const GOptionEntry  *entries,
                           guint                n_positional,
                           char               **db_path,
                           int                 *argc,
                           char              ***argv);

/* Opens --db, or prints why not.  NULL on failure. */
AggDb   *agg_cli_open_db  (const char          *command,
                           const char          *db_path);

/* Opens --db, then loads the forms of --forms-dir (@forms_dir; NULL: the
 * installed forms), or prints why not and returns FALSE.  *@db may be set
 * even then, for the caller's g_autoptr to free. */
gboolean agg_cli_open_db_and_forms (const char       *command,
                                    const char       *db_path,
                                    const char       *forms_dir,
                                    AggDb           **db,
                                    AggFormRegistry **forms);

/* Prints one line of a tab-separated table: @fields, NULL as an empty
 * field. */
void     agg_cli_print_fields (const char * const *fields,
                               guint               n_fields);

/* Prints "keyvoice-aggregator COMMAND: message" to stderr and returns
 * AGG_EXIT_FAILED. */
int      agg_cli_fail     (const char          *command,
                           const GError        *error);

/* Prints a usage error and returns AGG_EXIT_USAGE. */
int      agg_cli_usage    (const char          *command,
                           const char          *message);

/* Prints tokens (never the secrets) as "token list" and "device list" do;
 * @role (when not 0) and @service_id (when not NULL) filter. */
int      agg_cli_token_list (const char        *command,
                             AggRole            role,
                             const char        *service_id,
                             AggDb             *db);

/* "token revoke" and "device revoke": revokes the token argv[1] (with
 * @device_only, only a tablet's) and says so; @summary is the verb's
 * --help text. */
int      agg_cli_token_revoke (const char  *command,
                               const char  *summary,
                               gboolean     device_only,
                               int          argc,
                               char       **argv);

G_END_DECLS
