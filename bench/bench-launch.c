/* bench-launch.c — times a program from its start to its first frame, and
 * reports its peak memory.
 *
 *   bench-launch PROGRAM [ARG…]
 *
 * The program must print a line "first-frame" once its first frame is
 * painted, then exit (keyvoice-kiosk with KEYVOICE_EXIT_AFTER_FIRST_FRAME=1,
 * bench-minimal-window always).  Prints one line:
 *
 *   first_frame_ms=123.4 peak_rss_kb=45678
 *
 * The clock starts just before fork(), so exec, the dynamic linker and
 * every library constructor count, as they do when a tablet starts the
 * kiosk; both programs are measured by this same code, so whatever the
 * measurement itself costs is the same on both sides.  Peak memory is the
 * child's maximum resident set size as the kernel accounted it (wait4()'s
 * ru_maxrss, the same figure as VmHWM), which needs no cooperation from
 * the program.
 *
 * Plain POSIX on purpose: the harness should not share a library with
 * what it measures.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* A start that takes longer than this has failed, not merely been slow. */
#define TIMEOUT_MS 60000

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int
main (int   argc,
      char *argv[])
{
  char buffer[4096];
  size_t used = 0;
  double start, first_frame = -1;
  struct rusage usage;
  int fds[2];
  int status;
  pid_t pid;

  if (argc < 2)
    {
      fprintf (stderr, "usage: bench-launch PROGRAM [ARG…]\n");
      return 2;
    }
  if (pipe2 (fds, O_CLOEXEC) != 0)
    {
      perror ("pipe2");
      return 1;
    }

  start = now_ms ();
  pid = fork ();
  if (pid < 0)
    {
      perror ("fork");
      return 1;
    }
  if (pid == 0)
    {
      dup2 (fds[1], STDOUT_FILENO);
      execvp (argv[1], argv + 1);
      fprintf (stderr, "bench-launch: cannot run %s: %s\n", argv[1], strerror (errno));
      _exit (127);
    }
  close (fds[1]);

  /* Read the child's output until the marker, then drain it to the end so
   * the child never blocks on a full pipe while it shuts down. */
  while (1)
    {
      struct pollfd pfd = { fds[0], POLLIN, 0 };
      double left = TIMEOUT_MS - (now_ms () - start);
      ssize_t n;

      if (left <= 0)
        {
          fprintf (stderr, "bench-launch: %s did not finish within %d ms\n", argv[1], TIMEOUT_MS);
          kill (pid, SIGKILL);
          waitpid (pid, NULL, 0);
          return 1;
        }
      if (poll (&pfd, 1, (int) left) <= 0)
        continue;
      n = read (fds[0], buffer + used, sizeof buffer - 1 - used);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      used += n;
      buffer[used] = '\0';
      if (first_frame < 0 && strstr (buffer, "first-frame\n") != NULL)
        first_frame = now_ms () - start;
      /* Keep only the tail: enough to find a marker split across reads. */
      if (used > sizeof buffer / 2)
        {
          memmove (buffer, buffer + used - 64, 64);
          used = 64;
        }
    }
  close (fds[0]);

  if (wait4 (pid, &status, 0, &usage) < 0)
    {
      perror ("wait4");
      return 1;
    }
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      fprintf (stderr, "bench-launch: %s failed (status %d)\n", argv[1], status);
      return 1;
    }
  if (first_frame < 0)
    {
      fprintf (stderr, "bench-launch: %s never printed first-frame\n", argv[1]);
      return 1;
    }

  printf ("first_frame_ms=%.1f peak_rss_kb=%ld\n", first_frame, usage.ru_maxrss);
  return 0;
}
