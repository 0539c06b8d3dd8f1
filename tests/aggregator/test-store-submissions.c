/* test-store-submissions.c — the rows an upload stores, written from
 * their structs and read back: submissions, goal sets, offers and the
 * experience receipts and responses; an id stored twice is refused as
 * AGG_ERROR_EXISTS and leaves the first row as it was. */
#include "config.h"

#include "agg-error.h"
#include "agg-store-submissions.h"
#include "agg-test-util.h"
#include "kv-child-code.h"

#define ID_1 "6f1c0c3e-5d6b-4a8e-9a49-0d0b3c9e2a11"
#define ID_2 "0b9f5d7e-2c41-4f0a-8d7e-5a3b1c2d4e22"

/* The row id of the child with code @code. */
static gint64
child_id_of (AggTestWorld *world,
             const char   *code)
{
  g_autofree char *normal = kv_child_code_normalize (code);
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM children WHERE code = '%s'", normal);

  return agg_test_count (world->db, sql);
}

/* A family-qol submission of child A, sent by device A. */
static AggStoredSubmission
qol_row (AggTestWorld *world,
         const char   *id)
{
  return (AggStoredSubmission) {
    .id = id,
    .content_hash = "hash-1",
    .form_id = "family-qol",
    .form_version = 1,
    .form_kind = "quality-of-life",
    .child_id = child_id_of (world, world->child_a),
    .device_id = world->device_a_id,
    .respondent = "parent-carer",
    .mode = "assisted",
    .locale = "en_GB",
    .easy_read = TRUE,
    .started_at = "2024-03-01T10:00:00+01:00",
    .completed_at = "2024-03-01T10:06:00+01:00",
    .completed_utc = "2024-03-01T09:06:00Z",
    .completed_on = "2024-03-01",
    .answers = "{\"enjoyment\":\"mostly-fine\"}",
    .received_at = "2024-03-02T08:00:00Z",
  };
}

static void
insert (AggTestWorld              *world,
        const AggStoredSubmission *row)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (agg_store_submission_insert (world->db, row, &error));
  g_assert_no_error (error);
}

/* What agg_store_submission_foreach() hands out, copied. */
typedef struct
{
  guint  n_rows;
  char  *id;
  char  *form_id;
  int    form_version;
  char  *form_kind;
  gint64 child_id;
  gint64 goal_set_version;
  char  *answers;
  guint  stop_after;   /* 0: never */
} Seen;

static gboolean
remember_row (const AggStoredSubmission  *row,
              gpointer                    user_data,
              GError                    **error)
{
  Seen *seen = user_data;

  seen->n_rows++;
  g_free (seen->id);
  g_free (seen->form_id);
  g_free (seen->form_kind);
  g_free (seen->answers);
  seen->id = g_strdup (row->id);
  seen->form_id = g_strdup (row->form_id);
  seen->form_version = row->form_version;
  seen->form_kind = g_strdup (row->form_kind);
  seen->child_id = row->child_id;
  seen->goal_set_version = row->goal_set_version;
  seen->answers = g_strdup (row->answers);
  g_assert_null (row->device_id);
  if (seen->stop_after > 0 && seen->n_rows == seen->stop_after)
    {
      g_set_error_literal (error, AGG_ERROR, AGG_ERROR_INVALID, "stopped");
      return FALSE;
    }
  return TRUE;
}

static void
seen_clear (Seen *seen)
{
  g_free (seen->id);
  g_free (seen->form_id);
  g_free (seen->form_kind);
  g_free (seen->answers);
}

static void
test_submission_insert_read_back (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  AggStoredSubmission row;
  gint64 goal_set = -1;
  Seen seen = { 0 };

  agg_test_world_init (&world);
  row = qol_row (&world, ID_1);
  insert (&world, &row);

  g_assert_true (agg_store_submission_find (world.db, ID_1, &hash, &goal_set, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (hash, ==, "hash-1");
  g_assert_cmpint (goal_set, ==, 0);

  /* Every column as given; no goal set is NULL, not 0. */
  g_assert_cmpint (agg_test_count (world.db,
                                   "SELECT count (*) FROM submissions WHERE id = '" ID_1 "'"
                                   " AND form_id = 'family-qol' AND form_version = 1"
                                   " AND form_kind = 'quality-of-life' AND respondent = 'parent-carer'"
                                   " AND mode = 'assisted' AND locale = 'en_GB' AND easy_read = 1"
                                   " AND started_at = '2024-03-01T10:00:00+01:00'"
                                   " AND completed_at = '2024-03-01T10:06:00+01:00'"
                                   " AND completed_utc = '2024-03-01T09:06:00Z'"
                                   " AND completed_on = '2024-03-01'"
                                   " AND goal_set_version IS NULL"
                                   " AND answers = '{\"enjoyment\":\"mostly-fine\"}'"
                                   " AND received_at = '2024-03-02T08:00:00Z'"),
                   ==, 1);
  g_assert_cmpint (agg_test_count (world.db,
                                   "SELECT count (*) FROM submissions AS s JOIN tokens AS t"
                                   " ON t.id = s.device_id WHERE t.role = 'device'"),
                   ==, 1);

  g_assert_true (agg_store_submission_foreach (world.db, remember_row, &seen, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen.n_rows, ==, 1);
  g_assert_cmpstr (seen.id, ==, ID_1);
  g_assert_cmpstr (seen.form_id, ==, "family-qol");
  g_assert_cmpint (seen.form_version, ==, 1);
  g_assert_cmpstr (seen.form_kind, ==, "quality-of-life");
  g_assert_cmpint (seen.child_id, ==, row.child_id);
  g_assert_cmpint (seen.goal_set_version, ==, 0);
  g_assert_cmpstr (seen.answers, ==, "{\"enjoyment\":\"mostly-fine\"}");
  seen_clear (&seen);
}

static void
test_submission_duplicate_id (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  AggStoredSubmission row;
  gint64 goal_set;

  agg_test_world_init (&world);
  row = qol_row (&world, ID_1);
  insert (&world, &row);

  row.content_hash = "hash-2";
  row.respondent = "young-person";
  g_assert_false (agg_store_submission_insert (world.db, &row, &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_EXISTS);

  /* The first row stands as it was. */
  g_assert_cmpint (agg_test_count (world.db, "SELECT count (*) FROM submissions"), ==, 1);
  g_assert_true (agg_store_submission_find (world.db, ID_1, &hash, &goal_set, NULL));
  g_assert_cmpstr (hash, ==, "hash-1");
  g_assert_cmpint (agg_test_count (world.db, "SELECT count (*) FROM submissions"
                                             " WHERE respondent = 'parent-carer'"), ==, 1);
}

/* An id never stored is no row, no hash and no error; a refused row (a
 * respondent the schema does not know) is a database error, not EXISTS. */
static void
test_submission_unknown_and_invalid (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_autoptr(GError) error = NULL;
  /* Overwritten, not freed: an out parameter. */
  char *hash = (char *) "left over";
  AggStoredSubmission row;
  gint64 goal_set = 7;

  agg_test_world_init (&world);
  g_assert_true (agg_store_submission_find (world.db, ID_2, &hash, &goal_set, &error));
  g_assert_no_error (error);
  g_assert_null (hash);
  g_assert_cmpint (goal_set, ==, 0);

  row = qol_row (&world, ID_2);
  row.respondent = "the-neighbour";
  g_assert_false (agg_store_submission_insert (world.db, &row, &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_DATABASE);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count (*) FROM submissions"), ==, 0);
}

/* A gas-goals submission's id finds the goal set it made; a review keeps
 * the version it rates. */
static void
test_goal_sets (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *goals = NULL;
  AggStoredSubmission row;
  AggStoredGoalSet set;
  gint64 child_id;
  gint64 goal_set;
  Seen seen = { 0 };

  agg_test_world_init (&world);
  child_id = child_id_of (&world, world.child_a);
  g_assert_cmpint (agg_store_goal_set_next_version (world.db, child_id, &error), ==, 1);
  g_assert_no_error (error);

  row = qol_row (&world, ID_1);
  row.form_id = "gas-goals";
  row.form_kind = "gas-goals";
  row.goal_set_version = 1;
  insert (&world, &row);
  set = (AggStoredGoalSet) {
    .child_id = child_id,
    .version = 1,
    .set_on = "2024-03-01",
    .submission_id = ID_1,
    .goals = "[{\"id\":\"g1\"}]",
    .n_goals = 1,
  };
  g_assert_true (agg_store_goal_set_insert (world.db, &set, &error));
  g_assert_no_error (error);
  g_assert_cmpint (agg_store_goal_set_next_version (world.db, child_id, &error), ==, 2);
  /* Another child has none yet. */
  g_assert_cmpint (agg_store_goal_set_next_version (world.db,
                                                    child_id_of (&world, world.child_b),
                                                    &error), ==, 1);

  goals = agg_store_goal_set_get_goals (world.db, child_id, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (goals, ==, "[{\"id\":\"g1\"}]");
  g_assert_null (agg_store_goal_set_get_goals (world.db, child_id, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (agg_test_count (world.db, "SELECT n_goals FROM goal_sets"), ==, 1);

  g_assert_true (agg_store_submission_find (world.db, ID_1, &hash, &goal_set, &error));
  g_assert_cmpstr (hash, ==, "hash-1");
  g_assert_cmpint (goal_set, ==, 1);

  /* The same version twice is refused. */
  set.submission_id = ID_2;
  g_assert_false (agg_store_goal_set_insert (world.db, &set, &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_EXISTS);
  g_clear_error (&error);

  /* A review names the set it rates, but finds no set of its own. */
  g_clear_pointer (&hash, g_free);
  row = qol_row (&world, ID_2);
  row.form_id = "gas-review";
  row.form_kind = "gas-review";
  row.goal_set_version = 1;
  insert (&world, &row);
  g_assert_true (agg_store_submission_find (world.db, ID_2, &hash, &goal_set, &error));
  g_assert_cmpint (goal_set, ==, 0);
  g_assert_cmpint (agg_test_count (world.db, "SELECT goal_set_version FROM submissions"
                                             " WHERE id = '" ID_2 "'"), ==, 1);

  seen.stop_after = 1;
  g_assert_false (agg_store_submission_foreach (world.db, remember_row, &seen, &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_INVALID);
  g_assert_cmpuint (seen.n_rows, ==, 1);
  seen_clear (&seen);
}

/* A child is found only through its own service. */
static void
test_find_child (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *normal_a = NULL;
  g_autofree char *normal_b = NULL;

  agg_test_world_init (&world);
  normal_a = kv_child_code_normalize (world.child_a);
  normal_b = kv_child_code_normalize (world.child_b);

  g_assert_cmpint (agg_store_submission_find_child (world.db, normal_a, world.service_a, &error),
                   ==, child_id_of (&world, world.child_a));
  g_assert_no_error (error);
  g_assert_cmpint (agg_store_submission_find_child (world.db, normal_b, world.service_a, &error),
                   ==, 0);
  g_assert_cmpint (agg_store_submission_find_child (world.db, "ZZZZ-ZZZZ", world.service_a,
                                                    &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpint (agg_store_submission_find_child (world.db, normal_b, world.service_b, &error),
                   ==, child_id_of (&world, world.child_b));
}

static void
test_offers (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_autoptr(GError) error = NULL;
  /* Overwritten, not freed: an out parameter. */
  char *hash = (char *) "left over";
  AggStoredOffer row;

  agg_test_world_init (&world);
  g_assert_true (agg_store_offer_find (world.db, ID_1, &hash, &error));
  g_assert_no_error (error);
  g_assert_null (hash);

  row = (AggStoredOffer) {
    .id = ID_1,
    .content_hash = "offer-hash",
    .child_id = child_id_of (&world, world.child_a),
    .month = "2024-03",
    .outcome = "declined",
    .device_id = world.device_a_id,
    .received_at = "2024-03-28T17:00:00Z",
  };
  g_assert_true (agg_store_offer_insert (world.db, &row, &error));
  g_assert_no_error (error);
  g_assert_true (agg_store_offer_find (world.db, ID_1, &hash, &error));
  g_assert_cmpstr (hash, ==, "offer-hash");
  g_assert_cmpint (agg_test_count (world.db, "SELECT count (*) FROM offers WHERE month = '2024-03'"
                                             " AND outcome = 'declined'"
                                             " AND received_at = '2024-03-28T17:00:00Z'"), ==, 1);

  /* An offer id is not a submission id. */
  g_clear_pointer (&hash, g_free);
  {
    gint64 goal_set;

    g_assert_true (agg_store_submission_find (world.db, ID_1, &hash, &goal_set, &error));
    g_assert_null (hash);
  }

  row.outcome = "completed";
  g_assert_false (agg_store_offer_insert (world.db, &row, &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_EXISTS);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count (*) FROM offers"
                                             " WHERE outcome = 'declined'"), ==, 1);
}

/* The receipt and the response are two rows; the receipt's id is found as
 * a submission's, and the response gets the key given or a random one. */
static void
test_experience (void)
{
  static const guint8 key[AGG_STORED_EXPERIENCE_KEY_SIZE] = {
    0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe,
  };
  g_auto(AggTestWorld) world = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  AggStoredExperience row = {
    .submission_id = ID_1,
    .content_hash = "experience-hash",
    .key = key,
    .month = "2024-03",
    .form_id = "experience",
    .form_version = 1,
    .answers = "{\"listened\":\"yes\"}",
  };
  gint64 goal_set;

  agg_test_world_init (&world);
  row.service_id = world.service_a;
  g_assert_true (agg_store_experience_insert (world.db, &row, &error));
  g_assert_no_error (error);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count (*) FROM experience_responses"
                                             " WHERE id = x'0123456789abcdef1032547698badcfe'"
                                             " AND month = '2024-03' AND form_version = 1"
                                             " AND answers = '{\"listened\":\"yes\"}'"), ==, 1);
  g_assert_true (agg_store_submission_find (world.db, ID_1, &hash, &goal_set, &error));
  g_assert_cmpstr (hash, ==, "experience-hash");
  g_assert_cmpint (goal_set, ==, 0);

  /* Sent again: the receipt refuses it, and no second response is
   * written. */
  row.key = NULL;
  g_assert_false (agg_store_experience_insert (world.db, &row, &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count (*) FROM experience_responses"), ==, 1);

  /* Without a key, a random one of the same size. */
  row.submission_id = ID_2;
  g_assert_true (agg_store_experience_insert (world.db, &row, &error));
  g_assert_no_error (error);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count (*) FROM experience_responses"
                                             " WHERE length (id) = 16"), ==, 2);
  g_assert_cmpint (agg_test_count (world.db, "SELECT count (*) FROM experience_receipts"), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store/submissions/insert-read-back", test_submission_insert_read_back);
  g_test_add_func ("/store/submissions/duplicate-id", test_submission_duplicate_id);
  g_test_add_func ("/store/submissions/unknown-and-invalid", test_submission_unknown_and_invalid);
  g_test_add_func ("/store/submissions/goal-sets", test_goal_sets);
  g_test_add_func ("/store/submissions/find-child", test_find_child);
  g_test_add_func ("/store/submissions/offers", test_offers);
  g_test_add_func ("/store/submissions/experience", test_experience);

  return g_test_run ();
}
