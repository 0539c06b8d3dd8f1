/* test-fuzz-regressions.c — every input that ever broke a fuzz harness,
 * replayed through the harness itself.
 *
 * The harnesses in fuzz/ are compiled in here under other names, so an
 * input takes exactly the path it took under libFuzzer, checks included.
 * Each file of tests/fuzz/data/HARNESS/ is one test, and so is
 * each seed of fuzz/corpus/HARNESS/, so that the checks the harnesses make
 * also hold for the seeds in the everyday build.  Every input runs in a
 * subprocess: a harness that finds a problem aborts, and under
 * AddressSanitizer a leak only shows when the process exits, so the
 * subprocess's exit status is the verdict and its report lands in the log.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

typedef int (*OneInput) (const uint8_t *data,
                         size_t         size);

typedef struct
{
  const char *name;
  OneInput    one_input;
} Harness;

/* The ingest harness needs the aggregator, so tests/fuzz/meson.build builds
 * this file a second time for it alone, as test-fuzz-regressions-ingest. */
#ifdef KV_FUZZ_REGRESSIONS_INGEST

#define LLVMFuzzerTestOneInput fuzz_ingest_one_input
#include "../../fuzz/fuzz-ingest.c"
#undef LLVMFuzzerTestOneInput

static const Harness harnesses[] = {
  { "fuzz-ingest", fuzz_ingest_one_input },
};

#elif defined (KV_FUZZ_REGRESSIONS_KIOSK_REPLY)

/* Likewise the kiosk's reply harness, which needs the kiosk's core. */
#define LLVMFuzzerTestOneInput fuzz_kiosk_reply_one_input
#include "../../fuzz/fuzz-kiosk-reply.c"
#undef LLVMFuzzerTestOneInput

static const Harness harnesses[] = {
  { "fuzz-kiosk-reply", fuzz_kiosk_reply_one_input },
};

#else

#define LLVMFuzzerTestOneInput fuzz_form_parser_one_input
#include "../../fuzz/fuzz-form-parser.c"
#undef LLVMFuzzerTestOneInput

#define LLVMFuzzerTestOneInput fuzz_answers_one_input
#include "../../fuzz/fuzz-answers.c"
#undef LLVMFuzzerTestOneInput

static const Harness harnesses[] = {
  { "fuzz-form-parser", fuzz_form_parser_one_input },
  { "fuzz-answers", fuzz_answers_one_input },
};

#endif

typedef struct
{
  const Harness *harness;
  char          *path;
} Replay;

static void
replay_free (gpointer data)
{
  Replay *replay = data;

  g_free (replay->path);
  g_free (replay);
}

static void
test_replay (gconstpointer data)
{
  const Replay *replay = data;

  if (g_test_subprocess ())
    {
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      gsize length;

      g_file_get_contents (replay->path, &contents, &length, &error);
      g_assert_no_error (error);
      /* The harness gets the bytes alone, as libFuzzer hands them over:
       * the copy has no terminating NUL that a reader could lean on. */
      {
        g_autofree uint8_t *bytes = g_memdup2 (contents, length);

        replay->harness->one_input (bytes, length);
      }
      return;
    }

  /* One broken input must not hide what the others would show. */
  g_test_set_nonfatal_assertions ();
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Adds one test per file of @dir as /fuzz/HARNESS/KIND/FILE, and returns
 * how many; a directory that does not exist has none. */
static guint
add_replays (const Harness *harness,
             const char    *kind,
             const char    *dir,
             GPtrArray     *keep)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (handle == NULL)
    return 0;
  while ((name = g_dir_read_name (handle)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      Replay *replay = g_new0 (Replay, 1);
      g_autofree char *test_path = NULL;

      replay->harness = harness;
      replay->path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      test_path = g_strdup_printf ("/fuzz/%s/%s/%s", harness->name, kind,
                                   (const char *) g_ptr_array_index (names, i));
      g_test_add_data_func (test_path, replay, test_replay);
      g_ptr_array_add (keep, replay);
    }

  return names->len;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) replays = g_ptr_array_new_with_free_func (replay_free);
  int status;

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (harnesses); i++)
    {
      g_autofree char *regressions = g_test_build_filename (G_TEST_DIST, "data",
                                                            harnesses[i].name,
                                                            NULL);
      g_autofree char *corpus = g_test_build_filename (G_TEST_DIST, "..", "..", "fuzz",
                                                       "corpus", harnesses[i].name,
                                                       NULL);

      add_replays (&harnesses[i], "regressions", regressions, replays);
      /* A harness without seeds would make this test pass by testing
       * nothing, so that is a failure of its own. */
      if (add_replays (&harnesses[i], "corpus", corpus, replays) == 0)
        g_error ("no seed corpus in %s", corpus);
    }

  status = g_test_run ();
  return status;
}
