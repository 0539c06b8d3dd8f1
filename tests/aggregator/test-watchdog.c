/* test-watchdog.c — systemd's notifications without systemd: the test
 * binds the datagram socket NOTIFY_SOCKET names (an abstract name, or a
 * file) and reads what the watchdog sends.  READY=1 at the start and
 * STOPPING=1 at the end; WATCHDOG=1 only when systemd asked for a watchdog
 * for this very process, and then only when the health probe was answered
 * "200", or when the server says it is busy.  Without NOTIFY_SOCKET,
 * nothing.  test-server-watchdog.c runs the same against the real program. */
#include "config.h"

#include <gio/gunixsocketaddress.h>
#include <string.h>
#include <unistd.h>

#include "agg-test-util.h"
#include "agg-watchdog.h"

/* The datagram socket systemd would listen on, and what arrived on it. */
typedef struct
{
  GSocket *socket;
  char    *name;    /* the value of NOTIFY_SOCKET */
  GString *heard;   /* each datagram, then "|" */
} Notify;

static void
notify_init (Notify   *notify,
             gboolean  abstract)
{
  static guint counter;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) error = NULL;

  notify->socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_DATAGRAM,
                                 G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_assert_no_error (error);
  if (abstract)
    {
      g_autofree char *name = g_strdup_printf ("keyvoice-test-watchdog-%d-%u", (int) getpid (),
                                               counter++);

      address = g_unix_socket_address_new_with_type (name, -1, G_UNIX_SOCKET_ADDRESS_ABSTRACT);
      notify->name = g_strconcat ("@", name, NULL);
    }
  else
    {
      g_autofree char *dir = agg_test_make_dir ();

      notify->name = g_build_filename (dir, "notify", NULL);
      address = g_unix_socket_address_new (notify->name);
    }
  g_assert_true (g_socket_bind (notify->socket, address, FALSE, &error));
  g_assert_no_error (error);
  g_socket_set_blocking (notify->socket, FALSE);
  notify->heard = g_string_new (NULL);
}

static void
notify_clear (Notify *notify)
{
  g_clear_object (&notify->socket);
  g_clear_pointer (&notify->name, g_free);
  if (notify->heard != NULL)
    g_string_free (g_steal_pointer (&notify->heard), TRUE);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Notify, notify_clear)

/* Runs this thread's main context, where the probes run, for up to @ms
 * (times the slowdown), keeping what arrives; returns early once @until
 * (if not NULL) has arrived. */
static void
listen_for (Notify     *notify,
            guint       ms,
            const char *until)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * agg_test_slowdown () * 1000;

  while (g_get_monotonic_time () < end)
    {
      char buffer[256];
      gssize n;

      while (g_main_context_iteration (NULL, FALSE))
        ;
      n = g_socket_receive (notify->socket, buffer, sizeof buffer, NULL, NULL);
      if (n > 0)
        g_string_append_printf (notify->heard, "%.*s|", (int) n, buffer);
      else
        g_usleep (2 * 1000);
      if (until != NULL && strstr (notify->heard->str, until) != NULL)
        return;
    }
}

/* Starts a watchdog for @url with the environment systemd would give it:
 * @usec and @pid may be NULL, as when a unit has no WatchdogSec=. */
static AggWatchdog *
start (Notify              *notify,
       const char          *url,
       const char          *usec,
       const char          *pid,
       AggWatchdogBusyFunc  busy,
       gpointer             busy_data)
{
  AggWatchdog *watchdog;

  g_setenv ("NOTIFY_SOCKET", notify->name, TRUE);
  if (usec != NULL)
    g_setenv ("WATCHDOG_USEC", usec, TRUE);
  if (pid != NULL)
    g_setenv ("WATCHDOG_PID", pid, TRUE);
  watchdog = agg_watchdog_start (url, busy, busy_data);
  g_unsetenv ("NOTIFY_SOCKET");
  g_unsetenv ("WATCHDOG_USEC");
  g_unsetenv ("WATCHDOG_PID");
  return watchdog;
}

static void
stop (AggWatchdog *watchdog)
{
  agg_watchdog_stop (watchdog);
  /* Let a cancelled probe finish before the watchdog goes. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
always_busy (gpointer user_data)
{
  guint *calls = user_data;

  (*calls)++;
  return TRUE;
}

/* A port on loopback that nothing listens on: a probe there fails. */
static guint16
closed_port (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, &error);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, any_port, TRUE, &error));
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* A server on 127.0.0.1 that answers every connection with @status_line
 * at once, on this thread's main context. */
typedef struct
{
  GSocketService *service;
  guint16         port;
  const char     *status_line;
  guint           connections;
} Answerer;

static gboolean
answer (GSocketService    *service,
        GSocketConnection *connection,
        GObject           *source,
        gpointer           user_data)
{
  Answerer *answerer = user_data;
  g_autofree char *reply = g_strconcat (answerer->status_line, "\r\n"
                                        "Content-Length: 0\r\nConnection: close\r\n\r\n", NULL);
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  answerer->connections++;
  g_output_stream_write_all (out, reply, strlen (reply), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static void
answerer_start (Answerer   *answerer,
                const char *status_line)
{
  g_autoptr(GError) error = NULL;

  answerer->service = g_socket_service_new ();
  answerer->status_line = status_line;
  answerer->connections = 0;
  answerer->port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (answerer->service),
                                                         NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (answerer->service, "incoming", G_CALLBACK (answer), answerer);
  g_socket_service_start (answerer->service);
}

static void
answerer_stop (Answerer *answerer)
{
  g_socket_service_stop (answerer->service);
  g_socket_listener_close (G_SOCKET_LISTENER (answerer->service));
  g_clear_object (&answerer->service);
}

static void
test_nothing_without_notify_socket (void)
{
  g_autoptr(AggWatchdog) watchdog = NULL;
  guint busy_calls = 0;

  g_unsetenv ("NOTIFY_SOCKET");
  g_setenv ("WATCHDOG_USEC", "300000", TRUE);
  watchdog = agg_watchdog_start ("http://127.0.0.1:1/", always_busy, &busy_calls);
  g_unsetenv ("WATCHDOG_USEC");

  g_assert_false (agg_watchdog_is_active (watchdog));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  /* No probe was even started. */
  g_assert_cmpuint (busy_calls, ==, 0);
  agg_watchdog_stop (watchdog);
}

static void
check_ready_and_stopping (gboolean abstract)
{
  g_auto(Notify) notify = { 0 };
  g_autoptr(AggWatchdog) watchdog = NULL;

  notify_init (&notify, abstract);
  watchdog = start (&notify, "http://127.0.0.1:1/", NULL, NULL, NULL, NULL);
  g_assert_true (agg_watchdog_is_active (watchdog));
  listen_for (&notify, 200, NULL);
  /* Without WATCHDOG_USEC, systemd wants no watchdog: no probes. */
  g_assert_cmpstr (notify.heard->str, ==, "READY=1\nSTATUS=serving|");

  stop (watchdog);
  listen_for (&notify, 1000, "STOPPING=1");
  g_assert_cmpstr (notify.heard->str, ==, "READY=1\nSTATUS=serving|STOPPING=1|");
}

static void
test_ready_and_stopping_abstract (void)
{
  check_ready_and_stopping (TRUE);
}

static void
test_ready_and_stopping_path (void)
{
  check_ready_and_stopping (FALSE);
}

static void
test_watchdog_of_another_process (void)
{
  g_auto(Notify) notify = { 0 };
  g_autoptr(AggWatchdog) watchdog = NULL;
  g_autofree char *other = g_strdup_printf ("%d", (int) getpid () + 1);
  guint busy_calls = 0;

  notify_init (&notify, TRUE);
  watchdog = start (&notify, "http://127.0.0.1:1/", "300000", other, always_busy, &busy_calls);
  listen_for (&notify, 300, NULL);
  g_assert_cmpstr (notify.heard->str, ==, "READY=1\nSTATUS=serving|");
  g_assert_cmpuint (busy_calls, ==, 0);
  stop (watchdog);
}

static void
test_interval_must_be_a_number (void)
{
  static const char * const bad[] = { "0", "soon", "-300000", "" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(Notify) notify = { 0 };
      g_autoptr(AggWatchdog) watchdog = NULL;
      guint busy_calls = 0;

      notify_init (&notify, TRUE);
      watchdog = start (&notify, "http://127.0.0.1:1/", bad[i], NULL, always_busy, &busy_calls);
      listen_for (&notify, 100, NULL);
      g_assert_cmpstr (notify.heard->str, ==, "READY=1\nSTATUS=serving|");
      g_assert_cmpuint (busy_calls, ==, 0);
      stop (watchdog);
    }
}

static void
test_busy_is_alive (void)
{
  g_auto(Notify) notify = { 0 };
  g_autoptr(AggWatchdog) watchdog = NULL;
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/", closed_port ());
  g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());
  guint busy_calls = 0;

  /* Every 100 ms.  Nothing answers at the URL, but a server serving all
   * the connections it may is busy, not stuck: it is fed without a probe,
   * at once and then each interval. */
  notify_init (&notify, TRUE);
  watchdog = start (&notify, url, "300000", pid, always_busy, &busy_calls);
  listen_for (&notify, 2000, "WATCHDOG=1|WATCHDOG=1|WATCHDOG=1|");
  g_assert_true (g_str_has_prefix (notify.heard->str,
                                   "READY=1\nSTATUS=serving|WATCHDOG=1|WATCHDOG=1|WATCHDOG=1|"));
  g_assert_cmpuint (busy_calls, >=, 3);
  stop (watchdog);
}

static void
test_probe_answered (void)
{
  g_auto(Notify) notify = { 0 };
  g_autoptr(AggWatchdog) watchdog = NULL;
  g_autofree char *url = NULL;
  Answerer answerer = { 0 };

  answerer_start (&answerer, "HTTP/1.1 200 OK");
  /* A server on every address is probed on loopback. */
  url = g_strdup_printf ("http://0.0.0.0:%u/", answerer.port);
  notify_init (&notify, TRUE);
  watchdog = start (&notify, url, "300000", NULL, NULL, NULL);
  listen_for (&notify, 3000, "WATCHDOG=1|WATCHDOG=1|");
  g_assert_true (g_str_has_prefix (notify.heard->str, "READY=1\nSTATUS=serving|WATCHDOG=1|WATCHDOG=1|"));
  g_assert_cmpuint (answerer.connections, >=, 2);
  stop (watchdog);
  answerer_stop (&answerer);
}

static void
test_probe_refused_or_failing (void)
{
  static const char * const not_alive[] = { "HTTP/1.1 503 Service Unavailable", "HTTP/1.0 200 OK",
                                            "SSH-2.0-OpenSSH" };

  for (guint i = 0; i < G_N_ELEMENTS (not_alive); i++)
    {
      g_auto(Notify) notify = { 0 };
      g_autoptr(AggWatchdog) watchdog = NULL;
      g_autofree char *url = NULL;
      Answerer answerer = { 0 };

      /* Anything but "HTTP/1.1 200" is no answer from our server. */
      answerer_start (&answerer, not_alive[i]);
      url = g_strdup_printf ("http://127.0.0.1:%u/", answerer.port);
      notify_init (&notify, TRUE);
      watchdog = start (&notify, url, "300000", NULL, NULL, NULL);
      listen_for (&notify, 500, NULL);
      g_assert_cmpuint (answerer.connections, >=, 2);
      g_assert_cmpstr (notify.heard->str, ==, "READY=1\nSTATUS=serving|");
      stop (watchdog);
      answerer_stop (&answerer);
    }

  {
    g_auto(Notify) notify = { 0 };
    g_autoptr(AggWatchdog) watchdog = NULL;
    g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/", closed_port ());

    /* Nobody listening: no WATCHDOG=1 either. */
    notify_init (&notify, TRUE);
    watchdog = start (&notify, url, "300000", NULL, NULL, NULL);
    listen_for (&notify, 500, NULL);
    g_assert_cmpstr (notify.heard->str, ==, "READY=1\nSTATUS=serving|");
    stop (watchdog);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/aggregator/watchdog/nothing-without-notify-socket",
                   test_nothing_without_notify_socket);
  g_test_add_func ("/aggregator/watchdog/ready-and-stopping-abstract",
                   test_ready_and_stopping_abstract);
  g_test_add_func ("/aggregator/watchdog/ready-and-stopping-path", test_ready_and_stopping_path);
  g_test_add_func ("/aggregator/watchdog/watchdog-of-another-process",
                   test_watchdog_of_another_process);
  g_test_add_func ("/aggregator/watchdog/interval-must-be-a-number", test_interval_must_be_a_number);
  g_test_add_func ("/aggregator/watchdog/busy-is-alive", test_busy_is_alive);
  g_test_add_func ("/aggregator/watchdog/probe-answered", test_probe_answered);
  g_test_add_func ("/aggregator/watchdog/probe-refused-or-failing", test_probe_refused_or_failing);

  return g_test_run ();
}
