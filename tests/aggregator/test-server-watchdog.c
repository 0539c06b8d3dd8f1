/* test-server-watchdog.c — under systemd (Type=notify, WatchdogSec=)
 * the real `keyvoice-aggregator serve` says it is ready and alive while it
 * answers, and the watchdog's probe needs a real answer. */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <gio/gunixsocketaddress.h>

#include "agg-test-util.h"
#include "agg-watchdog.h"

/* A notification socket such as systemd's, on a temporary path. */
static GSocket *
notify_socket (char **path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree char *dir = agg_test_make_dir ();
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_DATAGRAM,
                                  G_SOCKET_PROTOCOL_DEFAULT, &error);

  g_assert_no_error (error);
  *path = g_build_filename (dir, "notify", NULL);
  address = g_unix_socket_address_new (*path);
  g_assert_true (g_socket_bind (socket, address, FALSE, &error));
  g_assert_no_error (error);
  return socket;
}

/* The notifications that arrive within @ms, joined by "|". */
static char *
notifications (GSocket *socket,
               guint    ms)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  for (gint64 now = g_get_monotonic_time (); now < end; now = g_get_monotonic_time ())
    {
      char buffer[256];
      gssize n;

      g_socket_set_timeout (socket, 0);
      if (!g_socket_condition_timed_wait (socket, G_IO_IN, end - now, NULL, NULL))
        break;
      n = g_socket_receive (socket, buffer, sizeof buffer - 1, NULL, NULL);
      if (n > 0)
        g_string_append_printf (text, "%.*s|", (int) n, buffer);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Under systemd (Type=notify, WatchdogSec=) the server says it is ready
 * and goes on saying it is alive while it answers its own health probe,
 * or serves all the connections it may (busy, not stuck: its deadlines
 * end them).  Stopped, it says nothing, and systemd restarts it. */
static void
test_watchdog (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;
  g_autofree char *first = NULL;
  g_autofree char *full = NULL;
  g_autofree char *stopped = NULL;
  g_autofree char *again = NULL;
  g_autofree char *stopping = NULL;
  g_autoptr(GSocket) socket = notify_socket (&path);
  guint interval_ms = 300 * agg_test_slowdown ();
  g_autofree char *usec = g_strdup_printf ("%u", interval_ms * 3 * 1000);
  g_auto(GStrv) envp = g_get_environ ();
  const char * const args[] = { "--max-connections", "2", NULL };
  int held[2];
  GPid pid;

  envp = g_environ_setenv (envp, "NOTIFY_SOCKET", path, TRUE);
  envp = g_environ_setenv (envp, "WATCHDOG_USEC", usec, TRUE);
  agg_test_world_init (&world);
  pid = agg_test_start_server_full (world.db_path, envp, args, NULL, NULL, &url);

  first = notifications (socket, interval_ms * 4);
  g_assert_true (g_str_has_prefix (first, "READY=1"));
  g_assert_nonnull (strstr (first, "WATCHDOG=1"));

  /* Two silent clients take every connection it serves. */
  held[0] = agg_test_connect (agg_test_url_port (url));
  held[1] = agg_test_connect (agg_test_url_port (url));
  full = notifications (socket, interval_ms * 4);
  g_assert_nonnull (strstr (full, "WATCHDOG=1"));
  close (held[0]);
  close (held[1]);

  kill (pid, SIGSTOP);
  g_free (notifications (socket, interval_ms));
  stopped = notifications (socket, interval_ms * 4);
  g_assert_null (strstr (stopped, "WATCHDOG=1"));
  kill (pid, SIGCONT);
  again = notifications (socket, interval_ms * 6);
  g_assert_nonnull (strstr (again, "WATCHDOG=1"));

  kill (pid, SIGTERM);
  stopping = notifications (socket, 3000 * agg_test_slowdown ());
  g_assert_nonnull (strstr (stopping, "STOPPING=1"));
  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);
}

/* The probe is a real request: an address that takes the connection but
 * never answers (a server that has stopped accepting and answering) gets
 * no WATCHDOG=1. */
static void
test_watchdog_needs_an_answer (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GSocket) notify = notify_socket (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) mute = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                          G_SOCKET_PROTOCOL_TCP, &error);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(AggWatchdog) watchdog = NULL;
  g_autoptr(GString) heard = g_string_new (NULL);
  guint interval_ms = 300 * agg_test_slowdown ();
  g_autofree char *usec = g_strdup_printf ("%u", interval_ms * 3 * 1000);
  g_autofree char *url = NULL;
  gint64 end;

  g_assert_no_error (error);
  g_assert_true (g_socket_bind (mute, any_port, TRUE, &error));
  g_assert_true (g_socket_listen (mute, &error));
  bound = g_socket_get_local_address (mute, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u/",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  g_setenv ("NOTIFY_SOCKET", path, TRUE);
  g_setenv ("WATCHDOG_USEC", usec, TRUE);
  watchdog = agg_watchdog_start (url, NULL, NULL);
  g_unsetenv ("NOTIFY_SOCKET");
  g_unsetenv ("WATCHDOG_USEC");
  g_assert_true (agg_watchdog_is_active (watchdog));

  /* The probes run on this thread's main context. */
  end = g_get_monotonic_time () + (gint64) interval_ms * 5 * 1000;
  while (g_get_monotonic_time () < end)
    {
      char buffer[256];
      gssize n;

      g_main_context_iteration (NULL, FALSE);
      n = g_socket_receive_with_blocking (notify, buffer, sizeof buffer - 1, FALSE, NULL, NULL);
      if (n > 0)
        g_string_append_printf (heard, "%.*s|", (int) n, buffer);
      else
        g_usleep (5 * 1000);
    }
  g_assert_true (g_str_has_prefix (heard->str, "READY=1"));
  g_assert_null (strstr (heard->str, "WATCHDOG=1"));
  agg_watchdog_stop (watchdog);
  /* Let the cancelled probe finish. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  agg_test_capture_log ();

  g_test_add_func ("/aggregator/server/watchdog", test_watchdog);
  g_test_add_func ("/aggregator/server/watchdog-needs-an-answer", test_watchdog_needs_an_answer);
  return g_test_run ();
}
