/* kv-test-aggregator.c — the real aggregator as a child process
 * (kv-test-aggregator.h). */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "kv-test-aggregator.h"

void
kv_test_aggregator_init (KvTestAggregator *agg,
                         const char       *dir)
{
  memset (agg, 0, sizeof *agg);
  agg->db = g_build_filename (dir, "aggregator.db", NULL);
  agg->log = g_build_filename (dir, "aggregator.log", NULL);
}

void
kv_test_aggregator_clear (KvTestAggregator *agg)
{
  if (agg->serve != NULL)
    kv_test_aggregator_stop (agg);
  g_clear_pointer (&agg->db, g_free);
  g_clear_pointer (&agg->log, g_free);
  g_clear_pointer (&agg->listen, g_free);
  g_clear_pointer (&agg->url, g_free);
}

char *
kv_test_aggregator_run (KvTestAggregator   *agg,
                        const char * const *args)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;

  g_strv_builder_add (builder, AGGREGATOR_PATH);
  g_strv_builder_addv (builder, (const char **) args);
  g_strv_builder_add_many (builder, "--db", agg->db, NULL);
  argv = g_strv_builder_end (builder);

  process = g_subprocess_newv ((const char * const *) argv,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("keyvoice-aggregator %s %s failed: %s", args[0], args[1], err);
  return out;
}

char *
kv_test_aggregator_verb (KvTestAggregator   *agg,
                         const char * const *args)
{
  g_autofree char *out = kv_test_aggregator_run (agg, args);
  g_auto(GStrv) lines = g_strsplit (g_strstrip (out), "\n", -1);
  guint n = g_strv_length (lines);

  g_assert_cmpuint (n, >, 0);
  return g_strdup (g_strstrip (lines[n - 1]));
}

char *
kv_test_read_first_line (GSubprocess *process)
{
  g_autoptr(GDataInputStream) in =
    g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_autoptr(GError) error = NULL;
  char *line;

  /* The stream must not close the pipe: the process keeps writing to it
   * (or at least keeps it open) after its first line. */
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (in), FALSE);
  line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);
  g_assert_no_error (error);
  return line;
}

char *
kv_test_aggregator_add_service (KvTestAggregator *agg,
                                const char       *name)
{
  const char *args[] = { "service", "add", name, NULL };

  return kv_test_aggregator_verb (agg, args);
}

char *
kv_test_aggregator_enrol_code (KvTestAggregator *agg,
                               const char       *service)
{
  const char *args[] = { "device", "enrol-code", "--service", service, NULL };

  return kv_test_aggregator_verb (agg, args);
}

char *
kv_test_aggregator_add_child (KvTestAggregator *agg,
                              const char       *service,
                              const char       *age_band,
                              const char       *dsr)
{
  const char *args[] = { "child", "add", "--service", service,
                         "--age-band", age_band, "--dsr", dsr, NULL };

  return kv_test_aggregator_verb (agg, args);
}

static void
die_with_parent (gpointer data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGKILL);
#endif
}

GSubprocessLauncher *
kv_test_launcher_new (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  return launcher;
}

static GSubprocess *
spawn_serve (KvTestAggregator *agg,
             const char       *listen,
             char            **url)
{
  g_autoptr(GSubprocessLauncher) launcher = kv_test_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  /* The request log is kept for whoever has to read a failure. */
  g_subprocess_launcher_set_stderr_file_path (launcher, agg->log);
  process = g_subprocess_launcher_spawn (launcher, &error, AGGREGATOR_PATH, "serve",
                                         "--db", agg->db, "--listen", listen,
                                         "--forms-dir", KV_SOURCE_FORMS_DIR, NULL);
  g_assert_no_error (error);

  line = kv_test_read_first_line (process);
  if (line == NULL || !g_str_has_prefix (line, "http://127.0.0.1:"))
    {
      /* It could not listen (the port was taken in the meantime). */
      g_subprocess_force_exit (process);
      g_subprocess_wait (process, NULL, NULL);
      return NULL;
    }
  *url = g_steal_pointer (&line);
  return g_steal_pointer (&process);
}

void
kv_test_aggregator_start (KvTestAggregator *agg)
{
  g_autofree char *url = NULL;

  g_assert_null (agg->serve);
  if (agg->listen == NULL)
    {
      const char *port;

      agg->serve = spawn_serve (agg, "127.0.0.1:0", &url);
      g_assert_nonnull (agg->serve);
      port = url + strlen ("http://127.0.0.1:");
      agg->listen = g_strdup_printf ("127.0.0.1:%d", atoi (port));
      agg->url = g_steal_pointer (&url);
      return;
    }

  /* The same port again.  A killed server's socket is gone at once, but
   * leave a few tries for the kernel to catch up. */
  for (guint attempt = 0; attempt < 50 && agg->serve == NULL; attempt++)
    {
      agg->serve = spawn_serve (agg, agg->listen, &url);
      if (agg->serve == NULL)
        g_usleep (100 * 1000);
    }
  if (agg->serve == NULL)
    g_error ("the aggregator could not listen on %s again", agg->listen);
  g_assert_cmpstr (url, ==, agg->url);
}

static void
end_serve (KvTestAggregator *agg,
           int               signal_number)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (agg->serve);
  g_subprocess_send_signal (agg->serve, signal_number);
  g_subprocess_wait (agg->serve, NULL, &error);
  g_assert_no_error (error);
  if (signal_number == SIGTERM)
    g_assert_true (g_subprocess_get_successful (agg->serve));
  g_clear_object (&agg->serve);
}

void
kv_test_aggregator_kill (KvTestAggregator *agg)
{
  end_serve (agg, SIGKILL);
}

void
kv_test_aggregator_stop (KvTestAggregator *agg)
{
  end_serve (agg, SIGTERM);
}
