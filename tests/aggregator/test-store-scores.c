/* test-store-scores.c — scores written from their struct and read back,
 * and each step of writing recomputed scores over the stored ones: a
 * score updated in place, one of another measure replaced, one that is no
 * more deleted, a new one added, and the temporary table and the relaxed
 * durability gone at the end. */
#include "config.h"

#include "agg-error.h"
#include "agg-store-scores.h"
#include "agg-store-submissions.h"
#include "agg-test-util.h"
#include "kv-child-code.h"

static const char * const ids[] = {
  "11111111-1111-4111-8111-111111111111",
  "22222222-2222-4222-8222-222222222222",
  "33333333-3333-4333-8333-333333333333",
  "44444444-4444-4444-8444-444444444444",
};

/* Stores a family-qol submission of child A for each of ids[]. */
static void
add_submissions (AggTestWorld *world)
{
  g_autofree char *code = kv_child_code_normalize (world->child_a);
  g_autoptr(GError) error = NULL;
  gint64 child_id = agg_store_submission_find_child (world->db, code, world->service_a, &error);

  g_assert_cmpint (child_id, >, 0);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      AggStoredSubmission row = {
        .id = ids[i],
        .content_hash = "hash",
        .form_id = "family-qol",
        .form_version = 1,
        .form_kind = "quality-of-life",
        .child_id = child_id,
        .device_id = world->device_a_id,
        .respondent = "parent-carer",
        .mode = "self",
        .locale = "en_GB",
        .started_at = "2024-03-01T10:00:00Z",
        .completed_at = "2024-03-01T10:06:00Z",
        .completed_utc = "2024-03-01T10:06:00Z",
        .completed_on = "2024-03-01",
        .answers = "{}",
        .received_at = "2024-03-01T10:07:00Z",
      };

      g_assert_true (agg_store_submission_insert (world->db, &row, &error));
      g_assert_no_error (error);
    }
}

static AggStoredScore
total (double score)
{
  return (AggStoredScore) {
    .measure = "family-qol",
    .kind = "total",
    .has_score = TRUE,
    .score = score,
    .k = 7,
    .n = 7,
    .status = "scored",
  };
}

static void
insert_score (AggTestWorld         *world,
              const char           *id,
              const AggStoredScore *score)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (agg_store_score_insert (world->db, id, score, &error));
  g_assert_no_error (error);
}

static void
test_insert_read_back (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_autoptr(GError) error = NULL;
  AggStoredScore score = total (12.5);
  AggStoredScore gas = {
    .measure = "gas",
    .kind = "review",
    .has_score = FALSE,
    .k = 0,
    .n = 3,
    .has_pct_expected = TRUE,
    .pct_expected = 66.5,
    .status = "none-rated",
    .flags = (char *) "k-of-n partial",
  };

  agg_test_world_init (&world);
  add_submissions (&world);
  g_assert_cmpint (agg_store_score_max_rowid (world.db, &error), ==, 0);
  g_assert_no_error (error);

  insert_score (&world, ids[0], &score);
  insert_score (&world, ids[1], &gas);
  g_assert_cmpint (agg_store_score_max_rowid (world.db, &error), ==, 2);

  /* No flags is "", no percentage NULL. */
  g_assert_cmpint (agg_test_count (world.db, "SELECT count (*) FROM scores"
                                             " WHERE measure = 'family-qol' AND kind = 'total'"
                                             " AND score = 12.5 AND k = 7 AND n = 7"
                                             " AND pct_expected IS NULL AND status = 'scored'"
                                             " AND flags = ''"), ==, 1);
  /* No score is NULL, whatever the struct's score holds. */
  g_assert_cmpint (agg_test_count (world.db, "SELECT count (*) FROM scores"
                                             " WHERE measure = 'gas' AND kind = 'review'"
                                             " AND score IS NULL AND k = 0 AND n = 3"
                                             " AND pct_expected = 66.5"
                                             " AND status = 'none-rated'"
                                             " AND flags = 'k-of-n partial'"), ==, 1);

  /* A second score of the same measure for a submission is refused. */
  score.score = 3.0;
  g_assert_false (agg_store_score_insert (world.db, ids[0], &score, &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_EXISTS);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count (*) FROM scores WHERE score = 3"),
                   ==, 0);
}

static void
test_recompute_steps (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_autoptr(GError) error = NULL;
  AggStoredScore old = total (10.0);
  AggStoredScore changed = total (20.0);
  AggStoredScore other = total (5.0);
  gint64 n_rows = -1;
  gint64 n_scores = -1;

  agg_test_world_init (&world);
  add_submissions (&world);
  insert_score (&world, ids[0], &old);   /* rowid 1: to be updated */
  insert_score (&world, ids[1], &old);   /* rowid 2: to lose its score */
  insert_score (&world, ids[2], &old);   /* rowid 3: to get another measure */
  other.measure = "other-measure";

  g_assert_true (agg_store_recompute_begin (world.db, &error));
  g_assert_no_error (error);
  /* 1 is NORMAL: the chunks do not wait for the disk. */
  g_assert_cmpint (agg_test_count (world.db, "PRAGMA synchronous"), ==, 1);

  g_assert_true (agg_store_recomputed_insert (world.db, ids[0], &changed, &error));
  g_assert_true (agg_store_recomputed_insert (world.db, ids[1], NULL, &error));
  g_assert_true (agg_store_recomputed_insert (world.db, ids[2], &other, &error));
  g_assert_true (agg_store_recomputed_insert (world.db, ids[3], &changed, &error));
  g_assert_no_error (error);
  g_assert_true (agg_store_recomputed_count (world.db, &n_rows, &n_scores, &error));
  g_assert_cmpint (n_rows, ==, 4);
  g_assert_cmpint (n_scores, ==, 3);

  /* Only the stored rows in the range are written over. */
  g_assert_true (agg_store_recomputed_write_stored (world.db, 2, 3, &error));
  g_assert_no_error (error);
  g_assert_cmpint (agg_test_count (world.db, "SELECT score FROM scores"
                                             " WHERE submission_id = '11111111-1111-4111-8111-111111111111'"),
                   ==, 10);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count (*) FROM scores"
                                             " WHERE submission_id IN ('22222222-2222-4222-8222-222222222222',"
                                             " '33333333-3333-4333-8333-333333333333')"), ==, 0);
  g_assert_true (agg_store_recomputed_write_stored (world.db, 1, 1, &error));
  g_assert_cmpint (agg_test_count (world.db, "SELECT score FROM scores"
                                             " WHERE submission_id = '11111111-1111-4111-8111-111111111111'"),
                   ==, 20);

  /* Then the scores not there yet: the other measure and the new one. */
  g_assert_true (agg_store_recomputed_write_new (world.db, 1, 2, &error));
  g_assert_cmpint (agg_test_count (world.db, "SELECT count (*) FROM scores"), ==, 1);
  g_assert_true (agg_store_recomputed_write_new (world.db, 3, 4, &error));
  g_assert_no_error (error);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count (*) FROM scores"), ==, 3);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count (*) FROM scores"
                                             " WHERE measure = 'other-measure' AND score = 5"), ==, 1);
  g_assert_cmpint (agg_test_count (world.db, "SELECT score FROM scores"
                                             " WHERE submission_id = '44444444-4444-4444-8444-444444444444'"),
                   ==, 20);
  /* Written twice, nothing changes. */
  g_assert_true (agg_store_recomputed_write_new (world.db, 1, 4, &error));
  g_assert_cmpint (agg_test_count (world.db, "SELECT count (*) FROM scores"), ==, 3);

  g_assert_true (agg_store_recompute_end (world.db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (agg_test_count (world.db, "PRAGMA synchronous"), ==, 2);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count (*) FROM temp.sqlite_schema"
                                             " WHERE name = 'recomputed_scores'"), ==, 0);
  g_assert_false (agg_store_recomputed_count (world.db, &n_rows, &n_scores, &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_DATABASE);
}

/* A table a failed run left behind is replaced by an empty one. */
static void
test_recompute_begin_again (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_autoptr(GError) error = NULL;
  AggStoredScore score = total (1.0);
  gint64 n_rows = -1;
  gint64 n_scores = -1;

  agg_test_world_init (&world);
  add_submissions (&world);
  g_assert_true (agg_store_recompute_begin (world.db, &error));
  g_assert_true (agg_store_recomputed_insert (world.db, ids[0], &score, &error));
  g_assert_no_error (error);

  g_assert_true (agg_store_recompute_begin (world.db, &error));
  g_assert_no_error (error);
  g_assert_true (agg_store_recomputed_count (world.db, &n_rows, &n_scores, &error));
  g_assert_cmpint (n_rows, ==, 0);
  g_assert_cmpint (n_scores, ==, 0);
  g_assert_true (agg_store_recompute_end (world.db, &error));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store/scores/insert-read-back", test_insert_read_back);
  g_test_add_func ("/store/scores/recompute-steps", test_recompute_steps);
  g_test_add_func ("/store/scores/recompute-begin-again", test_recompute_begin_again);

  return g_test_run ();
}
