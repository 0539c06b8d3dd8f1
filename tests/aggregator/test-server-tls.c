/* test-server-tls.c — the real `keyvoice-aggregator serve` with a
 * certificate speaks only TLS 1.2 and 1.3 with forward-secret AEAD suites,
 * as `openssl s_client` finds. */
#include "config.h"

#include <fcntl.h>
#include <unistd.h>

#include "agg-test-util.h"

/* Whether `openssl s_client` completes a handshake with @args. */
static gboolean
handshake (guint16      port,
           const char  *args)
{
  g_autofree char *command = g_strdup_printf ("openssl s_client -connect 127.0.0.1:%u %s",
                                              port, args);
  g_auto(GStrv) argv = NULL;
  g_autofree char *out = NULL;
  int status = -1;

  g_assert_true (g_shell_parse_argv (command, NULL, &argv, NULL));
  g_assert_true (g_spawn_sync (NULL, argv, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL
                               | G_SPAWN_CHILD_INHERITS_STDIN,
                               NULL, NULL, &out, NULL, &status, NULL));
  return g_spawn_check_wait_status (status, NULL) && strstr (out, "Cipher is (NONE)") == NULL;
}

/* Only TLS 1.2 and 1.3, and only forward-secret AEAD suites. */
static void
test_tls_strict (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_autofree char *dir = agg_test_make_dir ();
  g_autofree char *cert = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  g_autofree char *make = NULL;
  g_autofree char *url = NULL;
  g_auto(GStrv) argv = NULL;
  const char *args[] = { "--tls-cert", cert, "--tls-key", key, NULL };
  int status = -1;
  int null_in;
  guint16 port;
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  GPid pid;

  if (openssl == NULL)
    {
      g_test_skip ("openssl is not installed");
      return;
    }
  make = g_strdup_printf ("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost "
                          "-keyout %s -out %s", key, cert);
  g_assert_true (g_shell_parse_argv (make, NULL, &argv, NULL));
  g_assert_true (g_spawn_sync (NULL, argv, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL
                               | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  agg_test_world_init (&world);
  pid = agg_test_start_server_full (world.db_path, NULL, args, NULL, NULL, &url);
  g_assert_true (g_str_has_prefix (url, "https://127.0.0.1:"));
  port = agg_test_url_port (url);

  /* s_client reads the request from standard input: give it none. */
  null_in = dup (STDIN_FILENO);
  g_assert_cmpint (dup2 (open ("/dev/null", O_RDONLY), STDIN_FILENO), ==, STDIN_FILENO);
  /* OpenSSL 3 refuses the old versions itself at its default security
   * level, hence level 0: the server must be the one that says no. */
  g_assert_false (handshake (port, "-tls1 -cipher DEFAULT:@SECLEVEL=0"));
  g_assert_false (handshake (port, "-tls1_1 -cipher DEFAULT:@SECLEVEL=0"));
  g_assert_false (handshake (port, "-tls1_2 -cipher AES128-SHA:@SECLEVEL=0"));
  g_assert_false (handshake (port, "-tls1_2 -cipher AES256-GCM-SHA384"));
  g_assert_true (handshake (port, "-tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256"));
  g_assert_true (handshake (port, "-tls1_3"));
  dup2 (null_in, STDIN_FILENO);
  close (null_in);
  agg_test_stop_server (pid);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/aggregator/server/tls-strict", test_tls_strict);
  return g_test_run ();
}
