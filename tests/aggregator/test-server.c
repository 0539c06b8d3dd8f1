/* test-server.c — the aggregator stays up: connections, limits, memory,
 * time-outs, TLS and the systemd watchdog, tried against the real
 * `keyvoice-aggregator serve` (or an AggServer on 127.0.0.1 port 0) by
 * many real client connections, not one polite client.
 *
 *   test-server [--connections N]
 *
 * --connections sets how many short-lived connections the churn test
 * makes (default 2,000); stress/connection-churn runs it with 100,000.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>

#include "agg-test-util.h"
#include "agg-watchdog.h"

static guint churn_connections = 2000;

static const char health_request[] = "GET /api/v1/health HTTP/1.1\r\n"
                                     "Host: 127.0.0.1\r\n\r\n";

/* Many clients at once, each one connection: connect, send the request,
 * read until the server closes or the answer is complete, close.  A
 * request whose answer does not come within timeout_ms is a failure. */
typedef struct
{
  int     fd;
  gsize   sent;
  GString *reply;
  gint64  started;
} Client;

typedef struct
{
  guint   answered;        /* a complete status line came */
  guint   ok;              /* ... and it was 200 */
  guint   failed;          /* no answer: refused, reset or timed out */
  guint   max_open_fds;    /* of the server, sampled */
  gint64  slowest_us;
} Tally;

static guint
count_fds (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/fd", (int) pid);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* A value of /proc/PID/status, in kB. */
static guint64
proc_status_kb (GPid        pid,
                const char *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *text = NULL;
  const char *line;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  line = strstr (text, field);
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen (field) + 1, NULL, 10);
}

/* Whether the resident memory of @pid is the server's own: not when it
 * runs under valgrind (scripts/run-tests' valgrind phase traces
 * children), nor when it was built, like this test, with AddressSanitizer,
 * whose shadow memory and quarantine would be counted too. */
static gboolean
memory_is_measurable (GPid pid)
{
  g_autofree char *link = g_strdup_printf ("/proc/%d/exe", (int) pid);
  g_autofree char *exe = g_file_read_link (link, NULL);

#ifdef __SANITIZE_ADDRESS__
  return FALSE;
#endif
  return exe != NULL && strstr (exe, "valgrind") == NULL;
}

static int
connect_nonblocking (guint16 port)
{
  struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons (port),
                                 .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  if (connect (fd, (struct sockaddr *) &address, sizeof address) != 0 && errno != EINPROGRESS)
    {
      close (fd);
      return -1;
    }
  return fd;
}

static int
connect_blocking (guint16 port)
{
  int fd = connect_nonblocking (port);
  struct pollfd pfd = { .fd = fd, .events = POLLOUT };

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (poll (&pfd, 1, 5000), ==, 1);
  g_assert_cmpint (fcntl (fd, F_SETFL, 0), ==, 0);
  return fd;
}

static gboolean
reply_complete (GString *reply)
{
  const char *end = strstr (reply->str, "\r\n\r\n");
  const char *length;

  if (end == NULL)
    return FALSE;
  length = strstr (reply->str, "Content-Length: ");
  if (length == NULL || length > end)
    return FALSE;
  return reply->len >= (gsize) (end + 4 - reply->str) + g_ascii_strtoull (length + 16, NULL, 10);
}

static void
client_finish (Client *client,
               Tally  *tally)
{
  gint64 took = g_get_monotonic_time () - client->started;

  if (g_str_has_prefix (client->reply->str, "HTTP/1.1 "))
    {
      tally->answered++;
      if (g_str_has_prefix (client->reply->str, "HTTP/1.1 200"))
        tally->ok++;
    }
  else
    {
      tally->failed++;
    }
  tally->slowest_us = MAX (tally->slowest_us, took);
  close (client->fd);
  client->fd = -1;
  g_string_free (client->reply, TRUE);
  client->reply = NULL;
}

/* Makes @total requests of @request to 127.0.0.1:@port, @concurrency at
 * a time, and samples the open descriptors of @pid (when not 0) as it
 * goes.  After ten failures it starts no more: the server is not
 * answering. */
static void
run_clients (guint16     port,
             const char *request,
             guint       total,
             guint       concurrency,
             guint       timeout_ms,
             GPid        pid,
             Tally      *tally)
{
  g_autofree Client *clients = g_new0 (Client, concurrency);
  g_autofree struct pollfd *fds = g_new0 (struct pollfd, concurrency);
  gsize request_length = strlen (request);
  guint started = 0, running = 0, finished = 0;

  memset (tally, 0, sizeof *tally);
  for (guint i = 0; i < concurrency; i++)
    clients[i].fd = -1;

  while (finished < total)
    {
      gint64 now = g_get_monotonic_time ();

      for (guint i = 0; i < concurrency; i++)
        {
          Client *client = &clients[i];

          if (client->fd < 0 && started < total && tally->failed >= 10)
            total = started;
          if (client->fd < 0 && started < total)
            {
              client->fd = connect_nonblocking (port);
              client->sent = 0;
              client->reply = g_string_new (NULL);
              client->started = now;
              started++;
              running++;
              if (client->fd < 0)
                {
                  client->fd = open ("/dev/null", O_RDONLY);
                  client_finish (client, tally);
                  running--;
                  finished++;
                  continue;
                }
            }
          fds[i].fd = client->fd;
          fds[i].events = client->fd < 0 ? 0 : client->sent < request_length ? POLLOUT : POLLIN;
          fds[i].revents = 0;
        }
      if (running == 0)
        continue;
      g_assert_cmpint (poll (fds, concurrency, 100), >=, 0);

      for (guint i = 0; i < concurrency; i++)
        {
          Client *client = &clients[i];
          gboolean done = FALSE;

          if (client->fd < 0)
            continue;
          if (fds[i].revents & POLLOUT)
            {
              ssize_t n = send (client->fd, request + client->sent,
                                request_length - client->sent, MSG_NOSIGNAL);

              if (n > 0)
                client->sent += n;
              else if (n < 0 && errno != EAGAIN)
                done = TRUE;
            }
          else if (fds[i].revents & (POLLIN | POLLHUP | POLLERR))
            {
              char buffer[4096];
              ssize_t n = recv (client->fd, buffer, sizeof buffer, 0);

              if (n > 0)
                g_string_append_len (client->reply, buffer, n);
              /* A complete answer ends it, as a client that would keep
               * the connection for later but goes away instead. */
              done = n == 0 || (n < 0 && errno != EAGAIN) || reply_complete (client->reply);
            }
          if (!done && g_get_monotonic_time () - client->started > (gint64) timeout_ms * 1000)
            {
              g_string_truncate (client->reply, 0);
              done = TRUE;
            }
          if (done)
            {
              client_finish (client, tally);
              running--;
              finished++;
              if (pid != 0 && finished % 50 == 0)
                tally->max_open_fds = MAX (tally->max_open_fds, count_fds (pid));
            }
        }
    }
}

/* One health check through libcurl, which must answer 200. */
static void
check_health (const char *url)
{
  g_autofree char *health = g_strconcat (url, "api/v1/health", NULL);
  g_autofree char *reply = NULL;

  g_assert_cmpint (agg_test_http ("GET", health, NULL, NULL, NULL, 0, &reply), ==, 200);
}

static guint16
port_of (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  g_assert_nonnull (uri);
  return (guint16) g_uri_get_port (uri);
}

static void
stop_server (GPid pid)
{
  int status;

  kill (pid, SIGTERM);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

static void
limit_files (gpointer data)
{
  struct rlimit limit = { GPOINTER_TO_UINT (data), GPOINTER_TO_UINT (data) };

  setrlimit (RLIMIT_NOFILE, &limit);
}

/* The clients of a test need more descriptors than the usual 1,024. */
static gboolean
raise_own_file_limit (rlim_t wanted)
{
  struct rlimit limit;

  g_assert_cmpint (getrlimit (RLIMIT_NOFILE, &limit), ==, 0);
  if (limit.rlim_max < wanted)
    return FALSE;
  limit.rlim_cur = MAX (limit.rlim_cur, wanted);
  return setrlimit (RLIMIT_NOFILE, &limit) == 0;
}

/* libsoup 3.2 left each keep-alive connection that the client closed in
 * CLOSE-WAIT for good; with 256 descriptors the server stopped answering
 * after about 220 of them. */
static void
test_descriptors_stay_flat (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_autofree char *url = NULL;
  guint before, after;
  Tally tally;
  GPid pid;

  agg_test_world_init (&world);
  pid = agg_test_start_server_full (world.db_path, NULL, NULL, limit_files,
                                    GUINT_TO_POINTER (256), &url);
  /* Let it open what it opens at start. */
  run_clients (port_of (url), health_request, 1, 1, 5000 * agg_test_slowdown (), pid, &tally);
  before = count_fds (pid);

  run_clients (port_of (url), health_request, churn_connections, 8,
               5000 * agg_test_slowdown (), pid, &tally);
  after = count_fds (pid);
  g_test_message ("%u short-lived connections under --nofile=256: %u answered 200, %u failed; "
                  "open descriptors %u before, at most %u during, %u after; slowest %.1f ms",
                  churn_connections, tally.ok, tally.failed, before,
                  MAX (tally.max_open_fds, after), after, tally.slowest_us / 1000.0);
  g_assert_cmpuint (tally.failed, ==, 0);
  g_assert_cmpuint (tally.ok, ==, churn_connections);
  g_assert_cmpuint (tally.answered, ==, churn_connections);
  /* Flat: what 8 clients at once hold, and no more. */
  g_assert_cmpuint (tally.max_open_fds, <=, before + 8 + 4);
  g_assert_cmpuint (after, <=, before + 2);
  stop_server (pid);
}

/* GLib's default listen backlog of 10 left a third of 1,000 clients
 * arriving together without an answer while the server sat idle. */
static void
test_thousand_clients_at_once (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_autofree char *url = NULL;
  Tally tally;
  GPid pid;

  if (!raise_own_file_limit (1200))
    {
      g_test_skip ("this process may not open 1,000 connections at once");
      return;
    }
  agg_test_world_init (&world);
  pid = agg_test_start_server (world.db_path, NULL, &url);
  /* Every client connects before any is answered: the kernel's backlog,
   * not the server's speed, decides who waits.  Ten seconds is far more
   * than 1,000 health checks take, and far less than a SYN retried after
   * an overflowing backlog dropped it (1, 3, 7 s ...) would. */
  run_clients (port_of (url), health_request, 1000, 1000, 10000 * agg_test_slowdown (), 0,
               &tally);
  g_test_message ("1,000 simultaneous clients: %u answered 200, %u without an answer; "
                  "slowest %.1f ms", tally.ok, tally.failed, tally.slowest_us / 1000.0);
  g_assert_cmpuint (tally.ok, ==, 1000);
  stop_server (pid);
}

/* Connections that send a request's headers and almost all of an 8 MiB
 * body, and then wait. */
static void
hold_bodies (guint16     port,
             const char *token,
             guint       n,
             int        *fds)
{
  const gsize length = 8 * 1024 * 1024;
  g_autofree char *body = g_malloc (length);
  g_autofree char *head = g_strdup_printf ("POST /api/v1/submissions HTTP/1.1\r\n"
                                           "Host: 127.0.0.1\r\n"
                                           "%s%s%s"
                                           "Content-Type: application/json\r\n"
                                           "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                                           token != NULL ? "Authorization: Bearer " : "",
                                           token != NULL ? token : "",
                                           token != NULL ? "\r\n" : "", length);

  memset (body, ' ', length);
  for (guint i = 0; i < n; i++)
    {
      gsize sent = 0;

      fds[i] = connect_blocking (port);
      g_assert_cmpint (send (fds[i], head, strlen (head), MSG_NOSIGNAL), ==, (ssize_t) strlen (head));
      /* A body the server refused is cut off after a few seconds: a
       * slow run (valgrind) may see that here already. */
      while (sent < length - 1)
        {
          ssize_t m = send (fds[i], body + sent, MIN (length - 1 - sent, 65536), MSG_NOSIGNAL);

          if (m <= 0)
            break;
          sent += m;
        }
    }
}

/* Sends the last byte of each held body and counts the answers with
 * @status, and in *@cut_off the connections the server closed without
 * one (a refused body that was still coming after its few seconds). */
static guint
finish_bodies (int   *fds,
               guint  n,
               guint  status,
               guint *cut_off)
{
  g_autofree char *prefix = g_strdup_printf ("HTTP/1.1 %u ", status);
  guint matching = 0;

  *cut_off = 0;
  for (guint i = 0; i < n; i++)
    {
      char reply[64] = "";

      send (fds[i], " ", 1, MSG_NOSIGNAL);
      if (recv (fds[i], reply, sizeof reply - 1, MSG_WAITALL) <= 0)
        (*cut_off)++;
      else if (g_str_has_prefix (reply, prefix))
        matching++;
      close (fds[i]);
    }
  return matching;
}

/* One POST of 8 MiB of `{"x":[{},{},…]}` to the endpoint anyone may call
 * took the server from 9 MB to 850 MB; 40 connections holding almost all
 * of an 8 MiB body each added 320 MB.  Bodies are now refused before they
 * are read unless the token may send them, enrolment takes 16 KiB, and
 * bodies in flight share a 64 MiB budget. */
static void
test_memory_under_body_attack (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_autofree char *url = NULL;
  g_autofree char *bomb = NULL;
  g_autofree char *reply = NULL;
  g_autoptr(GString) text = g_string_new ("{\"x\":[");
  g_autofree char *devices_url = NULL;
  g_autofree char *submissions_url = NULL;
  int fds[40];
  guint64 idle_kb, peak_kb, after_kb;
  guint unauthorized, busy, cut_anonymous, cut_device;
  gint64 deadline;
  GPid pid;

  agg_test_world_init (&world);
  pid = agg_test_start_server (world.db_path, NULL, &url);
  check_health (url);
  idle_kb = proc_status_kb (pid, "VmRSS:");

  while (text->len < 8 * 1024 * 1024 - 8)
    g_string_append (text, "{},");
  g_string_append (text, "{}]}");
  devices_url = g_strconcat (url, "api/v1/devices", NULL);
  submissions_url = g_strconcat (url, "api/v1/submissions", NULL);
  g_assert_cmpint (agg_test_http ("POST", devices_url, NULL, "application/json", text->str,
                                  text->len, &reply), ==, 413);
  /* A tablet may send 8 MiB, but not 2.8 million values: the JSON gate
   * counts them before any tree is built. */
  g_clear_pointer (&reply, g_free);
  g_assert_cmpint (agg_test_http ("POST", submissions_url, world.device_a, "application/json",
                                  text->str, text->len, &reply), ==, 413);

  /* Nobody's and a tablet's: the first are refused at their headers, the
   * second over the budget. */
  hold_bodies (port_of (url), NULL, 40, fds);
  peak_kb = proc_status_kb (pid, "VmHWM:");
  unauthorized = finish_bodies (fds, 40, 401, &cut_anonymous);
  hold_bodies (port_of (url), world.device_a, 40, fds);
  peak_kb = MAX (peak_kb, proc_status_kb (pid, "VmHWM:"));
  busy = finish_bodies (fds, 40, 503, &cut_device);

  /* The memory goes back, once the server has seen every connection
   * close. */
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC * agg_test_slowdown ();
  do
    {
      g_usleep (100 * 1000);
      check_health (url);
      after_kb = proc_status_kb (pid, "VmRSS:");
    }
  while (after_kb >= idle_kb + 24 * 1024 && g_get_monotonic_time () < deadline);
  g_test_message ("RSS idle %" G_GUINT64_FORMAT " kB, peak %" G_GUINT64_FORMAT " kB, after %"
                  G_GUINT64_FORMAT " kB; 40 held 8 MiB bodies without a token: %u answered "
                  "401, %u cut off; 40 with a device token: %u answered 503 (busy), %u cut off",
                  idle_kb, peak_kb, after_kb, unauthorized, cut_anonymous, busy, cut_device);
  if (memory_is_measurable (pid))
    {
      g_assert_cmpuint (peak_kb, <, 200 * 1024);
      g_assert_cmpuint (after_kb, <, idle_kb + 24 * 1024);
    }
  /* Every body without a token is refused, and every one past the budget;
   * 64 MiB holds seven 8 MiB bodies. */
  g_assert_cmpuint (unauthorized + cut_anonymous, ==, 40);
  g_assert_cmpuint (busy + cut_device, >=, 40 - 8);
  stop_server (pid);
}

typedef struct
{
  AggTestWorld   world;
  AggTestServer *server;
  guint16        port;
} Fixture;

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  AggServerLimits limits;

  agg_server_limits_init (&limits);
  limits.max_connections = 2;
  limits.header_timeout_ms = 400 * agg_test_slowdown ();
  limits.idle_timeout_ms = 400 * agg_test_slowdown ();
  limits.request_timeout_ms = 1200 * agg_test_slowdown ();
  limits.refused_body_timeout_ms = 300 * agg_test_slowdown ();
  agg_test_world_init (&fixture->world);
  fixture->server = agg_test_server_start_with_limits (fixture->world.api, &limits);
  fixture->port = port_of (agg_test_server_get_url (fixture->server));
  g_free (agg_test_take_log ());
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  agg_test_server_stop (fixture->server);
  agg_test_world_clear (&fixture->world);
}


/* Whether the server closes @fd within @ms (all it sends is read and
 * dropped). */
static gboolean
closed_within (int   fd,
               guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      struct pollfd pfd = { .fd = fd, .events = POLLIN };
      char buffer[512];

      if (poll (&pfd, 1, 50) == 1)
        {
          ssize_t n = recv (fd, buffer, sizeof buffer, 0);

          if (n <= 0)
            return TRUE;
        }
    }
  return FALSE;
}

/* The headers and the first bytes of a tablet's upload of 100 bytes. */
static char *
partial_upload (Fixture *fixture)
{
  return g_strdup_printf ("POST /api/v1/submissions HTTP/1.1\r\nHost: x\r\n"
                          "Authorization: Bearer %s\r\n"
                          "Content-Type: application/json\r\n"
                          "Content-Length: 100\r\n\r\n{\"submi",
                          fixture->world.device_a);
}

/* A client that connects and says nothing, or stops in the middle of
 * its body, is cut off; the log says so, and does not call it a 500. */
static void
test_silent_clients_cut_off (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *log = NULL;
  g_autofree char *head = partial_upload (fixture);
  int silent = connect_blocking (fixture->port);
  int slow = connect_blocking (fixture->port);

  g_assert_cmpint (send (slow, head, strlen (head), MSG_NOSIGNAL), ==, (ssize_t) strlen (head));
  g_assert_true (closed_within (silent, 3000 * agg_test_slowdown ()));
  g_assert_true (closed_within (slow, 3000 * agg_test_slowdown ()));
  close (silent);
  close (slow);

  g_usleep (100 * 1000);
  log = agg_test_take_log ();
  g_assert_nonnull (strstr (log, "POST /api/v1/submissions aborted (timed out)"));
  g_assert_null (strstr (log, " 500 "));
}

/* A client that goes away in the middle of its body is logged as an
 * abort, not as the aggregator's failure. */
static void
test_client_abort_logged (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *log = NULL;
  g_autofree char *head = partial_upload (fixture);
  int fd = connect_blocking (fixture->port);

  g_assert_cmpint (send (fd, head, strlen (head), MSG_NOSIGNAL), ==, (ssize_t) strlen (head));
  g_usleep (100 * 1000);
  close (fd);
  g_usleep (200 * 1000 * agg_test_slowdown ());

  log = agg_test_take_log ();
  g_assert_nonnull (strstr (log, "POST /api/v1/submissions aborted (by the client)"));
  g_assert_null (strstr (log, " 500 "));
}

/* Sends a byte every @every_ms until the server closes @fd; returns how
 * long that took (ms), or -1 after @max_ms. */
static gint64
trickle_until_closed (int   fd,
                      guint every_ms,
                      guint max_ms)
{
  gint64 start = g_get_monotonic_time ();

  while (g_get_monotonic_time () - start < (gint64) max_ms * 1000)
    {
      if (send (fd, " ", 1, MSG_NOSIGNAL) != 1 || closed_within (fd, every_ms))
        return (g_get_monotonic_time () - start) / 1000;
    }
  return -1;
}

/* A body that trickles in, a byte at a time, each in time for the idle
 * time-out, is still cut off when the whole request has taken too long:
 * otherwise 512 such clients hold the server for as long as they like. */
static void
test_trickling_body_cut_off (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *log = NULL;
  g_autofree char *head = g_strdup_printf ("POST /api/v1/submissions HTTP/1.1\r\nHost: x\r\n"
                                           "Authorization: Bearer %s\r\n"
                                           "Content-Type: application/json\r\n"
                                           "Content-Length: 100000\r\n\r\n",
                                           fixture->world.device_a);
  int fd = connect_blocking (fixture->port);
  gint64 took;

  g_assert_cmpint (send (fd, head, strlen (head), MSG_NOSIGNAL), ==, (ssize_t) strlen (head));
  took = trickle_until_closed (fd, 150 * agg_test_slowdown (), 6000 * agg_test_slowdown ());
  close (fd);
  g_assert_cmpint (took, >=, 0);
  g_usleep (100 * 1000);
  log = agg_test_take_log ();
  g_assert_nonnull (strstr (log, "POST /api/v1/submissions aborted (timed out)"));
}

/* A body refused at its headers is not waited for: the client that
 * declared 100 MB without a token and sends it slowly is let go soon. */
static void
test_refused_body_not_waited_for (Fixture       *fixture,
                                  gconstpointer  data)
{
  static const char head[] = "POST /api/v1/devices HTTP/1.1\r\nHost: x\r\n"
                             "Content-Type: application/json\r\n"
                             "Content-Length: 104857600\r\n\r\n";
  int fd = connect_blocking (fixture->port);
  gint64 took;

  g_assert_cmpint (send (fd, head, strlen (head), MSG_NOSIGNAL), ==, (ssize_t) strlen (head));
  took = trickle_until_closed (fd, 100 * agg_test_slowdown (), 3000 * agg_test_slowdown ());
  close (fd);
  g_assert_cmpint (took, >=, 0);
  g_assert_cmpint (took, <, 1200 * agg_test_slowdown ());
  g_free (agg_test_take_log ());
}

/* The request log writes only what it chose: a method the client made up
 * (a child code, say) is not copied into it, and a request refused before
 * its handler still names the token id that sent it. */
static void
test_log_writes_only_its_own_words (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autofree char *log = NULL;
  g_autofree char *token_field = g_strdup_printf ("token=%s", fixture->world.device_a_id);
  g_autofree char *too_big = g_strdup_printf ("POST /api/v1/submissions HTTP/1.1\r\nHost: x\r\n"
                                              "Authorization: Bearer %s\r\n"
                                              "Content-Type: application/json\r\n"
                                              "Content-Length: 99999999\r\n\r\n",
                                              fixture->world.device_a);
  static const char odd[] = "K7Q3-MX28 /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n";
  int fd = connect_blocking (fixture->port);

  g_assert_cmpint (send (fd, odd, strlen (odd), MSG_NOSIGNAL), ==, (ssize_t) strlen (odd));
  g_assert_true (closed_within (fd, 3000 * agg_test_slowdown ()));
  close (fd);
  fd = connect_blocking (fixture->port);
  g_assert_cmpint (send (fd, too_big, strlen (too_big), MSG_NOSIGNAL), ==, (ssize_t) strlen (too_big));
  g_assert_true (closed_within (fd, 3000 * agg_test_slowdown ()));
  close (fd);
  g_usleep (100 * 1000);

  log = agg_test_take_log ();
  g_assert_null (strstr (log, "K7Q3"));
  g_assert_nonnull (strstr (log, "(other method)"));
  g_assert_nonnull (strstr (log, "POST /api/v1/submissions"));
  g_assert_nonnull (strstr (log, token_field));
}

/* Past max_connections a client waits its turn in the backlog, and is
 * served as soon as one ends; nobody's descriptors run out. */
static void
test_connections_capped (Fixture       *fixture,
                         gconstpointer  data)
{
  int first = connect_blocking (fixture->port);
  int second = connect_blocking (fixture->port);
  int third = connect_blocking (fixture->port);
  struct pollfd pfd = { .fd = third, .events = POLLIN };
  char reply[256] = "";

  g_assert_cmpint (send (third, health_request, strlen (health_request), MSG_NOSIGNAL), >, 0);
  /* Two idle connections are all this server serves at once. */
  g_assert_cmpint (poll (&pfd, 1, 150), ==, 0);
  close (first);
  g_assert_cmpint (poll (&pfd, 1, 5000 * agg_test_slowdown ()), ==, 1);
  g_assert_cmpint (recv (third, reply, sizeof reply - 1, 0), >, 0);
  g_assert_true (g_str_has_prefix (reply, "HTTP/1.1 200"));
  g_assert_nonnull (strstr (reply, "Connection: close"));
  close (second);
  close (third);
}

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
  held[0] = connect_blocking (port_of (url));
  held[1] = connect_blocking (port_of (url));
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
  port = port_of (url);

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
  stop_server (pid);
}

int
main (int   argc,
      char *argv[])
{
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--connections") && i + 1 < argc)
      churn_connections = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  agg_test_capture_log ();

  g_test_add_func ("/aggregator/server/descriptors-stay-flat", test_descriptors_stay_flat);
  g_test_add_func ("/aggregator/server/thousand-clients-at-once", test_thousand_clients_at_once);
  g_test_add_func ("/aggregator/server/memory-under-body-attack", test_memory_under_body_attack);
  g_test_add ("/aggregator/server/silent-clients-cut-off", Fixture, NULL,
              setup, test_silent_clients_cut_off, teardown);
  g_test_add ("/aggregator/server/client-abort-logged", Fixture, NULL,
              setup, test_client_abort_logged, teardown);
  g_test_add ("/aggregator/server/trickling-body-cut-off", Fixture, NULL,
              setup, test_trickling_body_cut_off, teardown);
  g_test_add ("/aggregator/server/refused-body-not-waited-for", Fixture, NULL,
              setup, test_refused_body_not_waited_for, teardown);
  g_test_add ("/aggregator/server/log-writes-only-its-own-words", Fixture, NULL,
              setup, test_log_writes_only_its_own_words, teardown);
  g_test_add ("/aggregator/server/connections-capped", Fixture, NULL,
              setup, test_connections_capped, teardown);
  g_test_add_func ("/aggregator/server/watchdog", test_watchdog);
  g_test_add_func ("/aggregator/server/watchdog-needs-an-answer", test_watchdog_needs_an_answer);
  g_test_add_func ("/aggregator/server/tls-strict", test_tls_strict);
  return g_test_run ();
}
