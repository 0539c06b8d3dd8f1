/* test-server.c — the real `keyvoice-aggregator serve` stays up under
 * many real client connections, not one polite client: its descriptors
 * stay flat, a thousand clients at once are all answered, and bodies held
 * open do not take its memory.  Deadlines and the connection cap are in
 * test-server-limits.c, the systemd watchdog in test-server-watchdog.c and
 * TLS in test-server-tls.c.
 *
 *   test-server [--connections N]
 *
 * --connections sets how many short-lived connections the churn test
 * makes (default 2,000); stress/connection-churn runs it with 100,000.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "agg-test-util.h"

static guint churn_connections = 2000;

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
              client->fd = agg_test_connect_nonblocking (port);
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
  run_clients (agg_test_url_port (url), AGG_TEST_HEALTH_REQUEST, 1, 1, 5000 * agg_test_slowdown (),
               pid, &tally);
  before = count_fds (pid);

  run_clients (agg_test_url_port (url), AGG_TEST_HEALTH_REQUEST, churn_connections, 8,
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
  agg_test_stop_server (pid);
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
  run_clients (agg_test_url_port (url), AGG_TEST_HEALTH_REQUEST, 1000, 1000,
               10000 * agg_test_slowdown (), 0, &tally);
  g_test_message ("1,000 simultaneous clients: %u answered 200, %u without an answer; "
                  "slowest %.1f ms", tally.ok, tally.failed, tally.slowest_us / 1000.0);
  g_assert_cmpuint (tally.ok, ==, 1000);
  agg_test_stop_server (pid);
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

      fds[i] = agg_test_connect (port);
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
  hold_bodies (agg_test_url_port (url), NULL, 40, fds);
  peak_kb = proc_status_kb (pid, "VmHWM:");
  unauthorized = finish_bodies (fds, 40, 401, &cut_anonymous);
  hold_bodies (agg_test_url_port (url), world.device_a, 40, fds);
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
  agg_test_stop_server (pid);
}

int
main (int   argc,
      char *argv[])
{
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--connections") && i + 1 < argc)
      churn_connections = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/aggregator/server/descriptors-stay-flat", test_descriptors_stay_flat);
  g_test_add_func ("/aggregator/server/thousand-clients-at-once", test_thousand_clients_at_once);
  g_test_add_func ("/aggregator/server/memory-under-body-attack", test_memory_under_body_attack);
  return g_test_run ();
}
