/* test-crash-loop.c — "a kiosk killed at any instant … an aggregator
 * killed mid-request: every completed submission arrives exactly once"
 * (docs/stress.md "Crash loops").
 *
 * A headless kiosk (e2e-kiosk-helper: the store's Send and the uploader's
 * sync passes, in a loop) and the real `keyvoice-aggregator serve` run
 * side by side.  Round after round one of them gets SIGKILL at a random
 * moment — the kiosk in the middle of Send or of an upload, the
 * aggregator while the kiosk is uploading to it — and is restarted.  At
 * the end the outbox is drained and the two databases are audited: every
 * submission a family was thanked for, and everything the kiosk deleted
 * as acknowledged, is on the aggregator exactly once, and both files pass
 * PRAGMA integrity_check.
 *
 *   test-crash-loop [--kills N] [--random-seed S]
 *
 * The suite runs a short loop; stress/crash-loop runs a long one.
 */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "e2e-util.h"
#include "e2e-family.h"

#define SUITE_KILLS 200

typedef enum
{
  MARK_READY,
  MARK_SEND,
  MARK_SYNC,
  MARK_SYNCED,
  N_MARKS
} Mark;

static const char * const mark_words[N_MARKS] = { "ready", "send", "sync", "synced" };

/* One run of the helper, and a thread reading where it is. */
typedef struct
{
  GSubprocess *process;
  GThread     *reader;
  GMutex       lock;
  GCond        cond;
  guint        marks[N_MARKS];
  gboolean     ended;
} Kiosk;

typedef struct
{
  char          *dir;
  char          *kiosk_dir;
  char          *log;
  KvTestAggregator agg;
  char          *child_a;
  char          *child_b;
  GRand         *rand;
  Kiosk         *kiosk;

  guint          kills_send;       /* the kiosk, after a "send" mark */
  guint          kills_in_send;    /*   … of which before its "sync" mark */
  guint          kills_sync;       /* the kiosk, after a "sync" mark */
  guint          kills_in_sync;    /*   … of which before its "synced" mark */
  guint          kills_agg;        /* the aggregator, after a "sync" mark */
  guint          kills_agg_in_sync;
  guint          kills_cron;       /* a `keyvoice-kiosk --sync` run beside the helper */
  guint          cron_runs;
} Loop;

static guint kills_wanted = SUITE_KILLS;
static guint32 random_seed;

/* How long the helper's Send bursts and sync passes usually last (µs, a
 * moving average over every helper run), so that kills are aimed inside
 * them rather than past their end. */
static GMutex phase_lock;
static double phase_us[N_MARKS] = { 0, 5000, 5000, 0 };

static void
note_phase (Mark   phase,
            gint64 duration)
{
  g_mutex_lock (&phase_lock);
  phase_us[phase] = 0.8 * phase_us[phase] + 0.2 * duration;
  g_mutex_unlock (&phase_lock);
}

static guint
phase_length_us (Mark phase)
{
  guint us;

  g_mutex_lock (&phase_lock);
  us = (guint) phase_us[phase];
  g_mutex_unlock (&phase_lock);
  return us;
}

static gpointer
read_marks (gpointer data)
{
  Kiosk *kiosk = data;
  g_autoptr(GDataInputStream) in =
    g_data_input_stream_new (g_subprocess_get_stdout_pipe (kiosk->process));
  gint64 since = 0;
  Mark last = MARK_READY;
  char *line;

  while ((line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, NULL)) != NULL)
    {
      gint64 now = g_get_monotonic_time ();

      g_mutex_lock (&kiosk->lock);
      for (Mark m = 0; m < N_MARKS; m++)
        if (g_str_equal (line, mark_words[m]))
          {
            /* "send" → "sync" is a Send burst; "sync" → "synced" a pass. */
            if ((last == MARK_SEND && m == MARK_SYNC) || (last == MARK_SYNC && m == MARK_SYNCED))
              note_phase (last, now - since);
            kiosk->marks[m]++;
            last = m;
            since = now;
          }
      g_cond_broadcast (&kiosk->cond);
      g_mutex_unlock (&kiosk->lock);
      g_free (line);
    }

  g_mutex_lock (&kiosk->lock);
  kiosk->ended = TRUE;
  g_cond_broadcast (&kiosk->cond);
  g_mutex_unlock (&kiosk->lock);
  return NULL;
}

static guint
kiosk_mark (Kiosk *kiosk,
            Mark   mark)
{
  guint n;

  g_mutex_lock (&kiosk->lock);
  n = kiosk->marks[mark];
  g_mutex_unlock (&kiosk->lock);
  return n;
}

/* Waits until the helper says @mark once more than it had when called. */
static void
kiosk_wait_mark (Kiosk *kiosk,
                 Mark   mark)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC * e2e_slowdown ();
  guint seen;

  g_mutex_lock (&kiosk->lock);
  seen = kiosk->marks[mark] + (mark == MARK_READY ? 0 : 1);
  while (kiosk->marks[mark] < seen && !kiosk->ended)
    if (!g_cond_wait_until (&kiosk->cond, &kiosk->lock, end))
      break;
  if (kiosk->marks[mark] < seen)
    g_error ("the kiosk helper %s before saying \"%s\"",
             kiosk->ended ? "ended" : "hung", mark_words[mark]);
  g_mutex_unlock (&kiosk->lock);
}

static void
kiosk_start (Loop *loop)
{
  g_autofree char *seed = g_strdup_printf ("%u", g_rand_int (loop->rand));
  const char *argv[] = { E2E_KIOSK_HELPER, loop->kiosk_dir, loop->log, seed,
                         loop->child_a, loop->child_b, NULL };
  g_autoptr(GSubprocessLauncher) launcher = kv_test_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GError) error = NULL;
  Kiosk *kiosk = g_new0 (Kiosk, 1);

  g_mutex_init (&kiosk->lock);
  g_cond_init (&kiosk->cond);
  kiosk->process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  kiosk->reader = g_thread_new ("marks", read_marks, kiosk);
  loop->kiosk = kiosk;
  kiosk_wait_mark (kiosk, MARK_READY);
}

static void
kiosk_kill (Loop *loop)
{
  Kiosk *kiosk = g_steal_pointer (&loop->kiosk);
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (kiosk->process, SIGKILL);
  g_subprocess_wait (kiosk->process, NULL, &error);
  g_assert_no_error (error);
  /* Died of the SIGKILL, not of an error of its own. */
  g_assert_true (g_subprocess_get_if_signaled (kiosk->process));
  g_assert_cmpint (g_subprocess_get_term_sig (kiosk->process), ==, SIGKILL);
  g_thread_join (kiosk->reader);
  g_object_unref (kiosk->process);
  g_mutex_clear (&kiosk->lock);
  g_cond_clear (&kiosk->cond);
  g_free (kiosk);
}

static void
pause_ms (Loop *loop,
          guint max_ms)
{
  g_usleep (g_rand_int_range (loop->rand, 0, max_ms * 1000 + 1));
}

/* A random moment within the usual length of @phase, and a little past
 * it, so that its very end is hit too. */
static void
pause_in (Loop *loop,
          Mark  phase)
{
  g_usleep (g_rand_int_range (loop->rand, 0, phase_length_us (phase) * 5 / 4 + 1));
}

/* The world before the first kill: a service, two children, a tablet
 * enrolled with the real `keyvoice-kiosk --enrol`, its forms cached, and
 * goals set for child A so that reviews can rate them. */
static void
loop_init (Loop *loop)
{
  g_autofree char *service = NULL;
  g_autofree char *code = NULL;
  g_autoptr(KioskStore) store = NULL;
  g_autoptr(KioskUploader) uploader = NULL;
  g_autofree char *goals_id = NULL;
  g_autoptr(KioskChild) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  int fd;

  memset (loop, 0, sizeof *loop);
  loop->dir = e2e_make_dir ("keyvoice-crash-loop");
  loop->kiosk_dir = g_build_filename (loop->dir, "kiosk", NULL);
  loop->log = g_build_filename (loop->dir, "thanked.log", NULL);
  loop->rand = g_rand_new_with_seed (random_seed);
  kv_test_aggregator_init (&loop->agg, loop->dir);

  service = kv_test_aggregator_add_service (&loop->agg, "Synthetic Crash Service");
  code = kv_test_aggregator_enrol_code (&loop->agg, service);
  loop->child_a = kv_test_aggregator_add_child (&loop->agg, service, "under-18", "red");
  loop->child_b = kv_test_aggregator_add_child (&loop->agg, service, "18-25", "blue");
  kv_test_aggregator_start (&loop->agg);

  {
    const char *enrol[] = { KIOSK_PATH, "--data-dir", loop->kiosk_dir, "--enrol",
                            loop->agg.url, code, NULL };
    const char *sync[] = { KIOSK_PATH, "--data-dir", loop->kiosk_dir, "--sync", NULL };
    g_autoptr(GSubprocess) process = NULL;

    process = g_subprocess_newv (enrol, G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
    g_assert_no_error (error);
    g_assert_true (g_subprocess_wait_check (process, NULL, &error));
    g_assert_no_error (error);
    g_clear_object (&process);
    process = g_subprocess_newv (sync, G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
    g_assert_no_error (error);
    g_assert_true (g_subprocess_wait_check (process, NULL, &error));
    g_assert_no_error (error);
  }

  store = kiosk_store_open (loop->kiosk_dir, &error);
  g_assert_no_error (error);
  uploader = kiosk_uploader_new (store);
  goals_id = e2e_families_set_goals (store, loop->child_a, &error);
  g_assert_no_error (error);
  kiosk_uploader_sync (uploader, NULL, NULL, &error);
  g_assert_no_error (error);
  child = kiosk_uploader_lookup_child (uploader, loop->child_a, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kiosk_child_get_goal_set_version (child), ==, 1);

  /* The goals were thanked for like anything else. */
  line = g_strdup_printf ("goals %s\n", goals_id);
  fd = open (loop->log, O_WRONLY | O_APPEND | O_CREAT, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, line, strlen (line)), ==, strlen (line));
  close (fd);
}

static void
loop_clear (Loop *loop)
{
  kv_test_aggregator_clear (&loop->agg);
  e2e_remove_tree (loop->dir);
  g_free (loop->dir);
  g_free (loop->kiosk_dir);
  g_free (loop->log);
  g_free (loop->child_a);
  g_free (loop->child_b);
  g_rand_free (loop->rand);
}

static guint
total_kills (Loop *loop)
{
  return loop->kills_send + loop->kills_sync + loop->kills_agg + loop->kills_cron;
}

/* One round: someone dies at a random moment, and comes back. */
static void
round_of_kills (Loop *loop)
{
  int pick = g_rand_int_range (loop->rand, 0, 100);

  if (pick >= 90)
    {
      /* A second process on the same data directory, as cron's
       * `keyvoice-kiosk --sync` beside the running kiosk: both send the
       * same entries, and this one dies at a random moment of its run. */
      const char *argv[] = { KIOSK_PATH, "--data-dir", loop->kiosk_dir, "--sync", NULL };
      g_autoptr(GSubprocessLauncher) launcher =
        kv_test_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                              G_SUBPROCESS_FLAGS_STDERR_SILENCE);
      g_autoptr(GSubprocess) cron = NULL;
      g_autoptr(GError) error = NULL;

      cron = g_subprocess_launcher_spawnv (launcher, argv, &error);
      g_assert_no_error (error);
      loop->cron_runs++;
      pause_ms (loop, 150);
      g_subprocess_send_signal (cron, SIGKILL);
      g_subprocess_wait (cron, NULL, &error);
      g_assert_no_error (error);
      if (g_subprocess_get_if_signaled (cron))
        {
          /* Our SIGKILL, not a crash of its own. */
          g_assert_cmpint (g_subprocess_get_term_sig (cron), ==, SIGKILL);
          loop->kills_cron++;
        }
      else if (g_subprocess_get_exit_status (cron) != 0)
        /* It finished first: everything delivered (0).  Nothing may need
         * attention (1) or fail in the store (6), and the aggregator is
         * up (2 would mean it was not). */
        g_error ("keyvoice-kiosk --sync exited with %d", g_subprocess_get_exit_status (cron));
      return;
    }

  if (pick < 30)
    {
      /* Around Send: after "send" the helper commits one to six forms,
       * each synchronously, then says "sync". */
      guint syncs;

      kiosk_wait_mark (loop->kiosk, MARK_SEND);
      syncs = kiosk_mark (loop->kiosk, MARK_SYNC);
      pause_in (loop, MARK_SEND);
      if (kiosk_mark (loop->kiosk, MARK_SYNC) == syncs)
        loop->kills_in_send++;
      kiosk_kill (loop);
      loop->kills_send++;
      kiosk_start (loop);
    }
  else if (pick < 60)
    {
      /* Around upload: requests in flight, replies being recorded. */
      guint synced;

      kiosk_wait_mark (loop->kiosk, MARK_SYNC);
      synced = kiosk_mark (loop->kiosk, MARK_SYNCED);
      pause_in (loop, MARK_SYNC);
      if (kiosk_mark (loop->kiosk, MARK_SYNCED) == synced)
        loop->kills_in_sync++;
      kiosk_kill (loop);
      loop->kills_sync++;
      kiosk_start (loop);
    }
  else
    {
      /* The aggregator during ingest: while the kiosk is uploading. */
      guint synced;
      gboolean both = g_rand_int_range (loop->rand, 0, 4) == 0;

      kiosk_wait_mark (loop->kiosk, MARK_SYNC);
      synced = kiosk_mark (loop->kiosk, MARK_SYNCED);
      pause_in (loop, MARK_SYNC);
      if (kiosk_mark (loop->kiosk, MARK_SYNCED) == synced)
        loop->kills_agg_in_sync++;
      kv_test_aggregator_kill (&loop->agg);
      loop->kills_agg++;
      if (both)
        {
          /* Both down at once: the kiosk mid-pass against a dead server. */
          pause_ms (loop, 20);
          kiosk_kill (loop);
          loop->kills_sync++;
        }
      else
        {
          /* Let the kiosk meet the closed port for a moment. */
          pause_ms (loop, 30);
        }
      kv_test_aggregator_start (&loop->agg);
      if (both)
        kiosk_start (loop);
    }
}

/* After the last kill: deliver whatever is still queued, calmly. */
static void
drain (Loop *loop)
{
  g_autoptr(KioskStore) store = NULL;
  g_autoptr(KioskUploader) uploader = NULL;
  g_autoptr(GError) error = NULL;
  KioskSyncReport report = { 0, };

  store = kiosk_store_open (loop->kiosk_dir, &error);
  g_assert_no_error (error);
  uploader = kiosk_uploader_new (store);
  for (guint pass = 0; pass < 10; pass++)
    {
      g_clear_error (&error);
      if (kiosk_uploader_sync (uploader, NULL, &report, &error) && report.queued == 0)
        break;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (report.queued, ==, 0);
}

static GHashTable *
read_thanked (const char *log)
{
  GHashTable *thanked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (log, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (lines[i], " ", 2);

      if (*lines[i] == '\0')
        continue;
      g_assert_cmpuint (g_strv_length (parts), ==, 2);
      g_assert_true (g_uuid_string_is_valid (parts[1]));
      /* An id is thanked for once, whatever the kills did. */
      g_assert_false (g_hash_table_contains (thanked, parts[1]));
      g_hash_table_insert (thanked, g_strdup (parts[1]), g_strdup (parts[0]));
    }
  return thanked;
}

static void
test_crash_loop (void)
{
  g_autoptr(GHashTable) thanked = NULL;
  g_autofree char *kiosk_db = NULL;
  g_autofree char *kiosk_check = NULL;
  g_autofree char *agg_check = NULL;
  gint64 duplicates, offers;
  gint64 start = g_get_monotonic_time ();
  E2eAudit audit;
  Loop loop;
  sqlite3 *db;

  loop_init (&loop);
  kiosk_start (&loop);
  while (total_kills (&loop) < kills_wanted)
    round_of_kills (&loop);
  kiosk_kill (&loop);

  drain (&loop);
  kv_test_aggregator_stop (&loop.agg);

  kiosk_db = g_build_filename (loop.kiosk_dir, "kiosk.db", NULL);
  kiosk_check = e2e_integrity_check (kiosk_db);
  agg_check = e2e_integrity_check (loop.agg.db);

  thanked = read_thanked (loop.log);
  e2e_audit (loop.kiosk_dir, loop.agg.db, thanked, &audit);
  db = e2e_open_db (kiosk_db);
  duplicates = e2e_count (db, "SELECT count(*) FROM receipts WHERE status = 'duplicate'");
  offers = e2e_count (db, "SELECT count(*) FROM receipts WHERE kind = 'offer'");
  sqlite3_close (db);

  g_test_message ("crash loop (random seed %u): %u kills in %.1f s: kiosk during Send %u "
                  "(%u before its sync), kiosk during upload %u (%u mid-pass), "
                  "aggregator during ingest %u (%u mid-pass), a second kiosk process "
                  "(--sync) %u of %u runs",
                  random_seed, total_kills (&loop),
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC,
                  loop.kills_send, loop.kills_in_send, loop.kills_sync, loop.kills_in_sync,
                  loop.kills_agg, loop.kills_agg_in_sync, loop.kills_cron, loop.cron_runs);
  g_test_message ("submissions thanked %u; kiosk acknowledged %u entries (%" G_GINT64_FORMAT
                  " offers, %" G_GINT64_FORMAT " as duplicate: the reply was lost after "
                  "the commit); aggregator holds %u",
                  audit.completed, audit.delivered, offers, duplicates, audit.on_aggregator);
  g_test_message ("lost %u, doubled %u, still queued %u, needs attention %u; "
                  "integrity_check: kiosk %s, aggregator %s",
                  audit.lost, audit.doubled, audit.still_queued, audit.needs_attention,
                  kiosk_check, agg_check);

  g_assert_cmpstr (kiosk_check, ==, "ok");
  g_assert_cmpstr (agg_check, ==, "ok");
  g_assert_cmpuint (audit.lost, ==, 0);
  g_assert_cmpuint (audit.doubled, ==, 0);
  g_assert_cmpuint (audit.still_queued, ==, 0);
  g_assert_cmpuint (audit.needs_attention, ==, 0);
  /* Everything the kiosk let go of is on the aggregator, and nothing else. */
  g_assert_cmpuint (audit.on_aggregator, ==, audit.delivered);
  g_assert_cmpuint (audit.completed, >, total_kills (&loop));

  loop_clear (&loop);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  {
    const E2eOption options[] = { { "--kills", &kills_wanted }, { NULL, NULL } };

    random_seed = e2e_parse_options (argc, argv, options);
  }
  g_assert_cmpuint (kills_wanted, >, 0);

  g_test_add_func ("/e2e/crash-loop/kill-kiosk-and-aggregator", test_crash_loop);

  return g_test_run ();
}
