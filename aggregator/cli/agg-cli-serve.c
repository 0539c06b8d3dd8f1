/* agg-cli-serve.c — "serve": the HTTP API until SIGTERM or SIGINT. */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "agg-api.h"
#include "agg-cli.h"
#include "agg-error.h"
#include "agg-form-registry.h"
#include "agg-keys.h"
#include "agg-server.h"
#include "agg-watchdog.h"

/* The environment variable that holds every report at a gate, for tests
 * of what the server does while a report is being rendered. */
#define REPORT_GATE_VARIABLE "KEYVOICE_AGGREGATOR_TEST_REPORT_GATE"

static gboolean
quit (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/* On a report worker: creates the gate file to say a report is waiting,
 * then waits until the file is gone (or the report is cancelled).  This
 * makes a "slow report" exact, where a big database would only make it
 * likely. */
static void
wait_at_gate (GCancellable *cancellable,
              gpointer      user_data)
{
  const char *gate = user_data;

  if (!g_file_set_contents (gate, "", 0, NULL))
    return;
  while (g_file_test (gate, G_FILE_TEST_EXISTS) && !g_cancellable_is_cancelled (cancellable))
    g_usleep (10 * 1000);
}

/* systemd starts services with a soft limit of 1,024 open files and a
 * hard one far above it; the connections may use what the hard one
 * allows. */
static void
raise_file_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max)
    return;
  limit.rlim_cur = MIN (limit.rlim_max, 65536);
  setrlimit (RLIMIT_NOFILE, &limit);
}

static gboolean
server_is_full (gpointer user_data)
{
  return agg_server_is_full (user_data);
}

int
agg_cli_serve (int    argc,
               char **argv)
{
  const char *command = "serve";
  g_autofree char *db_path = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *key_dir = NULL;
  g_autofree char *forms_dir = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *url = NULL;
  g_autoptr(AggDb) db = NULL;
  g_autoptr(AggFormRegistry) forms = NULL;
  g_autoptr(AggKeys) keys = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(AggApi) api = NULL;
  g_autoptr(AggServer) server = NULL;
  g_autoptr(AggWatchdog) watchdog = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  AggServerLimits limits;
  int max_connections = 0;
  const GOptionEntry entries[] = {
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen,
      N_("Address to listen on (default " AGG_DEFAULT_LISTEN "; port 0 picks a free one)"),
      N_("HOST:PORT") },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert,
      N_("PEM certificate: serve HTTPS (with --tls-key)"), N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key,
      N_("PEM private key of the certificate"), N_("FILE") },
    { "key-dir", 0, 0, G_OPTION_ARG_FILENAME, &key_dir,
      N_("Where the sealed-feedback secret key lives (default: beside the database)"), N_("DIR") },
    { "forms-dir", 0, 0, G_OPTION_ARG_FILENAME, &forms_dir,
      N_("Directory of form files (default: the installed forms)"), N_("DIR") },
    { "max-connections", 0, 0, G_OPTION_ARG_INT, &max_connections,
      N_("Connections served at once; more wait their turn (default 512, never more than "
         "the open-file limit allows)"), N_("N") },
    { NULL }
  };

  if (!agg_cli_parse (command, "",
                      _("Serves the API of docs/api.md.  Prints the URL it listens on, "
                        "then one log line per request on standard error."),
                      entries, 0, &db_path, &argc, &argv))
    return AGG_EXIT_USAGE;
  if ((tls_cert == NULL) != (tls_key == NULL))
    return agg_cli_usage (command, _("--tls-cert and --tls-key go together"));
  if (max_connections < 0)
    return agg_cli_usage (command, _("--max-connections must be at least 1"));

  raise_file_limit ();
  agg_server_use_strict_tls ();

#ifdef __GLIBC__
  /* Each request builds its JSON trees (and SQLite its temporary b-trees)
   * at the top of the heap and frees them again.  By default glibc then
   * hands that memory back to the kernel after every request and takes
   * page faults to get it back on the next: a third of the server's CPU
   * time in durable ingest (bench/run, docs/benchmarks.md).  Keeping a few
   * MiB at the top of the heap costs that much memory and no more. */
  mallopt (M_TRIM_THRESHOLD, 8 * 1024 * 1024);
  mallopt (M_TOP_PAD, 1024 * 1024);
#endif

  if (!agg_cli_open_db_and_forms (command, db_path, forms_dir, &db, &forms))
    return AGG_EXIT_FAILED;

  key_path = agg_keys_default_path (db_path, key_dir);
  keys = agg_keys_load_or_create (key_path, &error);
  if (keys == NULL)
    return agg_cli_fail (command, error);

  if (tls_cert != NULL)
    {
      certificate = g_tls_certificate_new_from_files (tls_cert, tls_key, &error);
      if (certificate == NULL)
        return agg_cli_fail (command, error);
    }

  api = agg_api_new (db, forms, keys);
  if (g_getenv (REPORT_GATE_VARIABLE) != NULL)
    agg_api_set_report_hook (api, wait_at_gate, (gpointer) g_getenv (REPORT_GATE_VARIABLE));
  server = agg_server_new (api, certificate);
  agg_server_limits_init (&limits);
  if (max_connections > 0)
    limits.max_connections = max_connections;
  agg_server_set_limits (server, &limits);
  if (!agg_server_listen (server, listen != NULL ? listen : AGG_DEFAULT_LISTEN, &error))
    return agg_cli_fail (command, error);

  /* The URL alone on the first line of standard output, so scripts and
   * tests can find a port chosen with :0. */
  url = agg_server_get_url (server);
  printf ("%s\n", url);
  fflush (stdout);
  agg_server_get_limits (server, &limits);
  g_message ("serving %u forms; database schema version %d; at most %u connections at once",
             agg_form_registry_get_forms (forms)->len, agg_db_get_schema_version (db),
             limits.max_connections);
  watchdog = agg_watchdog_start (url, server_is_full, server);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, quit, loop);
  g_unix_signal_add (SIGINT, quit, loop);
  g_main_loop_run (loop);

  g_message ("stopping");
  agg_watchdog_stop (watchdog);
  /* Reports still being rendered are cancelled, and their threads waited
   * for, before the database is closed. */
  agg_server_stop (server);
  return AGG_EXIT_OK;
}
