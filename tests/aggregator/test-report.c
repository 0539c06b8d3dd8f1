/* test-report.c — the change, cohort and 7.3 reports on a small data set
 * built by hand, whose every figure is worked out by hand below.
 *
 * THE DATA SET (all synthetic; every date is 2025)
 *
 * Service test-alpha ("Test Service Alpha"): TEST-A01…TEST-A13, under 18,
 * registered 5 Jan, DSR amber from 5 Jan.  A01–A09 have a goal set made by
 * the keyworker on 20 Jan: three unweighted goals, every baseline −1.
 *
 *   GAS T (docs/domain.md §1, ρ = 0.3, unweighted, n = 3):
 *   T = 50 + 10·Σx / √(0.7·3 + 0.3·9) = 50 + 10·Σx / √4.8 = 50 + 4.5644·Σx
 *   Σx = −5 → 27.18   −4 → 31.74   −3 → 36.31   −2 → 40.87   −1 → 45.44
 *          0 → 50.00    1 → 54.56    2 → 59.13    3 → 63.69    6 → 77.39
 *   Baseline of A01–A09 (Σx = −3): 36.31.  Change = latest − baseline, both
 *   rounded to 2 decimals first.
 *
 *   child  review(s) by parent carer              latest T  change  ≥0 goals
 *   A01    15 Mar (−1,−1,0); 15 Sep (0,0,0)        50.00    13.69   3 of 3
 *   A02    15 Sep (1,1,0)                          59.13    22.82   3 of 3
 *   A03    15 Sep (2,0,0)                          59.13    22.82   3 of 3
 *   A04    15 Sep (1,1,1)                          63.69    27.38   3 of 3
 *   A05    15 Sep (−1,0,0)                         45.44     9.13   2 of 3
 *   A06    15 Sep (−1,−1,−1)                       36.31     0.00   0 of 3
 *   A07    15 Sep (2,2,2)                          77.39    41.08   3 of 3
 *   A08    15 Sep (2,1,0)                          63.69    27.38   3 of 3
 *   A09    15 Sep (partial, 1, not rated)          50.00    13.69   1 of 2
 *          "partial" is scored −1 (Turner-Stokes & Williams 2010), the
 *          unrated goal is dropped: Σx = 0 over 2 goals → T = 50;
 *          flagged rated-2-of-3.
 *   A10–A13 have no answers at all (they only count as registered).
 *
 *   Family quality of life (7 items scored 3/2/1/0, total = sum), by the
 *   parent carer on 10 Feb and 10 Aug:
 *   A01  all "not enough" (7) → all "mostly fine" (14)        change  7.00
 *   A02  3 "mostly fine" + 4 "not enough" (10) → the same     change  0.00
 *   A03  all "mostly fine" (14) → safety "a serious problem",
 *        the rest "not enough" (0 + 6 = 6)                    change −8.00
 *
 * Service test-beta ("Test Service Beta"), registered 10 Jan unless said:
 *   B01  under 18, red.  Goal set 1 on 25 Jan (2 weighted goals), reviewed
 *        1 Mar; goal set 2 on 10 Apr: 3 unweighted goals, baselines
 *        (−2,−2,−1), Σx = −5 → 27.18.  Reviews of set 2: parent carer 1 Jul
 *        (1,0,0) → 54.56, change 27.38; young person 2 Jul (−1,0,0) →
 *        45.44, change 18.26.  Both rows flagged goal-set-changed; the
 *        review of set 1 is not used.
 *   B02  18–25, blue.  Goal set on 1 Feb (Σx = −3 → 36.31), never reviewed:
 *        one point, under the keyworker who set it.
 *   B03  under 18, red from 10 Jan, green from 1 Jun.  Goal set 25 Jan,
 *        baselines (−2,−1,−1), Σx = −4 → 31.74; review 20 Apr (1,1,1) →
 *        63.69, change 31.95.
 *   B04  under 18, red, registered 20 May.  One quality of life answer on
 *        15 Jun, every item "as I want it": 21; one point, no change.
 *   B05  under 18, amber.  Goal set 25 Jan whose goals all have importance
 *        0: every weight is 0, so neither the baseline nor the review of
 *        5 Mar has a score; zero points, flagged zero-weight.
 *
 * COHORT (one change per child and measure; for B01 the young person's,
 * first in respondent order at equal points).  Suppression (kv-sdc.c):
 * 0 stays 0, 1–7 is *, other counts round to 5, % from rounded counts,
 * mean/median/CI * under 8 people.
 *
 *   alpha · under 18 · amber · gas: 9 children with a change
 *     changes 0.00, 9.13, 13.69, 13.69, 22.82, 22.82, 27.38, 27.38, 41.08
 *     children 9 → 10; Σ = 177.99, mean = 19.776… → 19.8;
 *     median = 5th of 9 = 22.82 → 22.8;
 *     sd = √(Σ(x − mean)² / 8) = √(1166.54 / 8) = 12.0755;
 *     se = 12.0755 / 3 = 4.0252; t(0.975, 8 df) = 2.3060;
 *     95% CI = 19.777 ± 9.282 = 10.49 … 29.06 → 10.5, 29.1;
 *     improved (change > 0): 8 of 9 → rounded 10 of 10 → 100.0;
 *     goals at 0 or above at the latest review: 3+3+3+3+2+0+3+3+1 = 21 of
 *     3·8 + 2 = 26 → rounded 20 of 25 → 80.0.
 *   alpha · under 18 · amber · family-qol: 3 children → all *; not GAS, so
 *     no % goals achieved (null).
 *   beta · under 18 · red · gas: B01 alone → *.
 *   beta · under 18 · red · family-qol: B04 has no change → 0 children,
 *     every statistic null.
 *   beta · under 18 · amber · gas: B05, no change → 0, nulls.
 *   beta · under 18 · green · gas: B03 alone → *.
 *   beta · 18–25 · blue · gas: B02, no change → 0, nulls.
 *
 * STANDARD 7.3, 1 Apr – 30 Sep 2025 (2025/26 Q1 and Q2):
 *   alpha Q1: registered 13 → 15.  Asked in May: A01–A06 completed,
 *     A07–A09 declined; A01 asked again in June and declined (still
 *     completed).  Asked 9 → 10; % asked 10/15 = 66.7 → amber (≥ 50,
 *     < 90); completed 6 → *; declined 3 → *.
 *     10 responses (6 in May, 4 in June): FFT very good 5, good 3, neither
 *     1, don't know 1 → n 10; positive 8 → 10/10 = 100.0; negative 0/10 →
 *     0.0.  Who: parent carer 7, young person 2, both 1 → n 10; young
 *     person *, parent carer *, both *, someone helping 0/10 = 0.0.
 *     "listened": certainly 8, partly 1, don't know 1 → n (don't know
 *     excluded) 9 → 10; certainly 8 → 10/10 = 100.0; partly *; not 0.0.
 *     Every other item: certainly 10 → n 10; 100.0, 0.0, 0.0.
 *   alpha Q2: registered 15; asked A01–A04 in August (2 completed, 2
 *     declined) → *; % asked *; RAG * (rated only on a published %);
 *     2 responses → every count and % *.
 *   beta Q1: registered B01, B02, B03, B05 and B04 (20 May) = 5 → *;
 *     B01 asked in April, completed → asked *, completed *, declined 0;
 *     1 response → *.
 *   beta Q2: registered 5 → *; nobody asked → 0, % 0/5 → * (the
 *     denominator is suppressed); no responses → 0 and null percentages.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/wait.h>

#include "agg-demo-writer.h"
#include "agg-error.h"
#include "agg-report.h"
#include "agg-report-request.h"

typedef struct
{
  char            *dir;
  char            *db_path;
  AggDb           *db;
  AggFormRegistry *forms;
} Fixture;

typedef struct
{
  AggDemoWriter *writer;
  GHashTable    *ids;     /* code → child row id */
} Builder;

/* An empty object node.  json_node_init_object() takes its own reference,
 * so the object is handed over rather than leaked. */
static JsonNode *
new_object_node (void)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, json_object_new ());
  return node;
}

static JsonNode *
json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

static gint64
child (Builder    *b,
       const char *code,
       const char *service,
       const char *age_band,
       const char *registered,
       const char *dsr)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *created_at = g_strconcat (registered, "T09:00:00Z", NULL);
  gint64 id = agg_demo_writer_add_child (b->writer, code, service, age_band, created_at, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_true (agg_demo_writer_add_dsr (b->writer, id, dsr, registered, &error));
  g_assert_no_error (error);
  g_hash_table_insert (b->ids, g_strdup (code), g_memdup2 (&id, sizeof id));
  return id;
}

static gint64
id_of (Builder    *b,
       const char *code)
{
  gint64 *id = g_hash_table_lookup (b->ids, code);

  g_assert_nonnull (id);
  return *id;
}

static void
dsr (Builder    *b,
     const char *code,
     const char *rating,
     const char *date)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (agg_demo_writer_add_dsr (b->writer, id_of (b, code), rating, date, &error));
  g_assert_no_error (error);
}

static guint
goals (Builder    *b,
       const char *code,
       const char *date,
       const char *goal_list)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("{\"goals\": %s}", goal_list);
  g_autofree char *at = g_strconcat (date, "T10:00:00Z", NULL);
  g_autoptr(JsonNode) answers = json (text);
  guint version = 0;

  g_assert_true (agg_demo_writer_add_submission (b->writer, id_of (b, code), "gas-goals",
                                                 "keyworker", at, answers, 0, &version, &error));
  g_assert_no_error (error);
  return version;
}

static void
review (Builder    *b,
        const char *code,
        guint       goal_set,
        const char *respondent,
        const char *date,
        const char *ratings)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("{\"ratings\": %s}", ratings);
  g_autofree char *at = g_strconcat (date, "T11:00:00Z", NULL);
  g_autoptr(JsonNode) answers = json (text);

  g_assert_true (agg_demo_writer_add_submission (b->writer, id_of (b, code), "gas-review",
                                                 respondent, at, answers, goal_set, NULL, &error));
  g_assert_no_error (error);
}

/* Seven levels, in the form's item order: enjoyment, control, self-care,
 * safety, social, own-time, support. */
static void
qol (Builder           *b,
     const char        *code,
     const char        *date,
     const char * const levels[7])
{
  static const char * const items[] = {
    "enjoyment", "control", "self-care", "safety", "social", "own-time", "support",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *at = g_strconcat (date, "T12:00:00Z", NULL);
  g_autoptr(JsonNode) answers = new_object_node ();

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    json_object_set_string_member (json_node_get_object (answers), items[i], levels[i]);
  g_assert_true (agg_demo_writer_add_submission (b->writer, id_of (b, code), "family-qol",
                                                 "parent-carer", at, answers, 0, NULL, &error));
  g_assert_no_error (error);
}

static void
offer (Builder    *b,
       const char *code,
       const char *month,
       const char *outcome)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (agg_demo_writer_add_offer (b->writer, id_of (b, code), month, outcome, &error));
  g_assert_no_error (error);
}

/* Every keyworking item "certainly true" except "listened". */
static void
experience (Builder    *b,
            const char *service,
            const char *date,
            const char *who,
            const char *fft,
            const char *listened,
            const char *reason)
{
  static const char * const others[] = {
    "kept-informed", "involved", "joined-up", "right-time", "understood", "easy-to-reach",
    "crisis",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *at = g_strconcat (date, "T13:00:00Z", NULL);
  g_autoptr(JsonNode) answers = new_object_node ();
  JsonObject *object = json_node_get_object (answers);

  json_object_set_string_member (object, "who", who);
  json_object_set_string_member (object, "fft", fft);
  if (reason != NULL)
    json_object_set_string_member (object, "fft-reason", reason);
  json_object_set_string_member (object, "listened", listened);
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    json_object_set_string_member (object, others[i], "certainly-true");
  g_assert_true (agg_demo_writer_add_experience (b->writer, service, at, answers, &error));
  g_assert_no_error (error);
}

#define HOSTILE_REASON "Demo: \"quoted\", with comma\r\n=HYPERLINK(\"x\")"

#define UNWEIGHTED_3 \
  "[{\"id\": \"g1\", \"text\": \"Test goal one\", \"baseline\": -1}," \
  " {\"id\": \"g2\", \"text\": \"Test goal two\", \"baseline\": -1}," \
  " {\"id\": \"g3\", \"text\": \"Test goal three\", \"baseline\": -1}]"

static void
build_data (Fixture *fixture)
{
  static const char * const all_not_enough[7] = {
    "not-enough", "not-enough", "not-enough", "not-enough", "not-enough", "not-enough", "not-enough",
  };
  static const char * const all_mostly_fine[7] = {
    "mostly-fine", "mostly-fine", "mostly-fine", "mostly-fine", "mostly-fine", "mostly-fine",
    "mostly-fine",
  };
  static const char * const three_fine_four_not[7] = {
    "mostly-fine", "mostly-fine", "mostly-fine", "not-enough", "not-enough", "not-enough",
    "not-enough",
  };
  static const char * const unsafe[7] = {
    "not-enough", "not-enough", "not-enough", "serious-problem", "not-enough", "not-enough",
    "not-enough",
  };
  static const char * const all_as_wanted[7] = {
    "as-wanted", "as-wanted", "as-wanted", "as-wanted", "as-wanted", "as-wanted", "as-wanted",
  };
  static const struct
  {
    const char *code;
    const char *ratings;
  } alpha_reviews[] = {
    { "TEST-A01", "{\"g1\": 0, \"g2\": 0, \"g3\": 0}" },
    { "TEST-A02", "{\"g1\": 1, \"g2\": 1, \"g3\": 0}" },
    { "TEST-A03", "{\"g1\": 2, \"g2\": 0, \"g3\": 0}" },
    { "TEST-A04", "{\"g1\": 1, \"g2\": 1, \"g3\": 1}" },
    { "TEST-A05", "{\"g1\": -1, \"g2\": 0, \"g3\": 0}" },
    { "TEST-A06", "{\"g1\": -1, \"g2\": -1, \"g3\": -1}" },
    { "TEST-A07", "{\"g1\": 2, \"g2\": 2, \"g3\": 2}" },
    { "TEST-A08", "{\"g1\": 2, \"g2\": 1, \"g3\": 0}" },
    { "TEST-A09", "{\"g1\": \"partial\", \"g2\": 1}" },
  };
  g_autoptr(GRand) random = g_rand_new_with_seed (42);
  g_autoptr(GError) error = NULL;
  g_autoptr(AggDemoWriter) writer = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  Builder b;
  guint set;

  g_assert_true (agg_db_begin (fixture->db, &error));
  writer = agg_demo_writer_new (fixture->db, fixture->forms, random, &error);
  g_assert_no_error (error);
  b.writer = writer;
  b.ids = ids;

  g_assert_true (agg_demo_writer_add_service (writer, "test-alpha", "Test Service Alpha",
                                              "2024-12-01T09:00:00Z", &error));
  g_assert_true (agg_demo_writer_add_service (writer, "test-beta", "Test Service Beta",
                                              "2024-12-01T09:00:00Z", &error));
  g_assert_no_error (error);

  for (guint i = 1; i <= 13; i++)
    {
      g_autofree char *code = g_strdup_printf ("TEST-A%02u", i);

      child (&b, code, "test-alpha", "under-18", "2025-01-05", "amber");
    }
  for (guint i = 0; i < G_N_ELEMENTS (alpha_reviews); i++)
    {
      set = goals (&b, alpha_reviews[i].code, "2025-01-20", UNWEIGHTED_3);
      g_assert_cmpuint (set, ==, 1);
      if (i == 0)
        review (&b, "TEST-A01", set, "parent-carer", "2025-03-15",
                "{\"g1\": -1, \"g2\": -1, \"g3\": 0}");
      review (&b, alpha_reviews[i].code, set, "parent-carer", "2025-09-15", alpha_reviews[i].ratings);
    }
  qol (&b, "TEST-A01", "2025-02-10", all_not_enough);
  qol (&b, "TEST-A01", "2025-08-10", all_mostly_fine);
  qol (&b, "TEST-A02", "2025-02-10", three_fine_four_not);
  qol (&b, "TEST-A02", "2025-08-10", three_fine_four_not);
  qol (&b, "TEST-A03", "2025-02-10", all_mostly_fine);
  qol (&b, "TEST-A03", "2025-08-10", unsafe);

  child (&b, "TEST-B01", "test-beta", "under-18", "2025-01-10", "red");
  child (&b, "TEST-B02", "test-beta", "18-25", "2025-01-10", "blue");
  child (&b, "TEST-B03", "test-beta", "under-18", "2025-01-10", "red");
  child (&b, "TEST-B04", "test-beta", "under-18", "2025-05-20", "red");
  child (&b, "TEST-B05", "test-beta", "under-18", "2025-01-10", "amber");
  dsr (&b, "TEST-B03", "green", "2025-06-01");

  set = goals (&b, "TEST-B01", "2025-01-25",
               "[{\"id\": \"g1\", \"text\": \"Test goal one\", \"baseline\": -1,"
               "  \"importance\": 2, \"difficulty\": 3},"
               " {\"id\": \"g2\", \"text\": \"Test goal two\", \"baseline\": -2,"
               "  \"importance\": 1, \"difficulty\": 1}]");
  review (&b, "TEST-B01", set, "parent-carer", "2025-03-01", "{\"g1\": 0, \"g2\": 0}");
  set = goals (&b, "TEST-B01", "2025-04-10",
               "[{\"id\": \"h1\", \"text\": \"Test goal four\", \"baseline\": -2},"
               " {\"id\": \"h2\", \"text\": \"Test goal five\", \"baseline\": -2},"
               " {\"id\": \"h3\", \"text\": \"Test goal six\", \"baseline\": -1}]");
  g_assert_cmpuint (set, ==, 2);
  review (&b, "TEST-B01", set, "parent-carer", "2025-07-01", "{\"h1\": 1, \"h2\": 0, \"h3\": 0}");
  review (&b, "TEST-B01", set, "young-person", "2025-07-02", "{\"h1\": -1, \"h2\": 0, \"h3\": 0}");

  goals (&b, "TEST-B02", "2025-02-01", UNWEIGHTED_3);

  set = goals (&b, "TEST-B03", "2025-01-25",
               "[{\"id\": \"g1\", \"text\": \"Test goal one\", \"baseline\": -2},"
               " {\"id\": \"g2\", \"text\": \"Test goal two\", \"baseline\": -1},"
               " {\"id\": \"g3\", \"text\": \"Test goal three\", \"baseline\": -1}]");
  review (&b, "TEST-B03", set, "parent-carer", "2025-04-20", "{\"g1\": 1, \"g2\": 1, \"g3\": 1}");

  qol (&b, "TEST-B04", "2025-06-15", all_as_wanted);

  set = goals (&b, "TEST-B05", "2025-01-25",
               "[{\"id\": \"g1\", \"text\": \"Test goal one\", \"baseline\": -1,"
               "  \"importance\": 0, \"difficulty\": 2},"
               " {\"id\": \"g2\", \"text\": \"Test goal two\", \"baseline\": -1,"
               "  \"importance\": 0, \"difficulty\": 1}]");
  review (&b, "TEST-B05", set, "parent-carer", "2025-03-05", "{\"g1\": 1, \"g2\": 1}");

  /* Standard 7.3. */
  for (guint i = 1; i <= 9; i++)
    {
      g_autofree char *code = g_strdup_printf ("TEST-A%02u", i);

      offer (&b, code, "2025-05", i <= 6 ? "completed" : "declined");
    }
  offer (&b, "TEST-A01", "2025-06", "declined");
  for (guint i = 1; i <= 4; i++)
    {
      g_autofree char *code = g_strdup_printf ("TEST-A%02u", i);

      offer (&b, code, "2025-08", i <= 2 ? "completed" : "declined");
    }
  offer (&b, "TEST-B01", "2025-04", "completed");

  experience (&b, "test-alpha", "2025-05-03", "parent-carer", "very-good", "certainly-true", HOSTILE_REASON);
  experience (&b, "test-alpha", "2025-05-04", "parent-carer", "very-good", "certainly-true", NULL);
  experience (&b, "test-alpha", "2025-05-05", "parent-carer", "very-good", "certainly-true", NULL);
  experience (&b, "test-alpha", "2025-05-06", "parent-carer", "very-good", "certainly-true", NULL);
  experience (&b, "test-alpha", "2025-05-07", "parent-carer", "very-good", "certainly-true", NULL);
  experience (&b, "test-alpha", "2025-05-08", "parent-carer", "good", "certainly-true", NULL);
  experience (&b, "test-alpha", "2025-06-02", "parent-carer", "good", "certainly-true", NULL);
  experience (&b, "test-alpha", "2025-06-03", "young-person", "good", "certainly-true", NULL);
  experience (&b, "test-alpha", "2025-06-04", "young-person", "neither", "partly-true", NULL);
  experience (&b, "test-alpha", "2025-06-05", "both", "dont-know", "dont-know", NULL);
  experience (&b, "test-alpha", "2025-08-11", "parent-carer", "very-good", "certainly-true", NULL);
  experience (&b, "test-alpha", "2025-08-12", "parent-carer", "good", "certainly-true", NULL);
  experience (&b, "test-beta", "2025-04-22", "parent-carer", "good", "certainly-true", NULL);

  g_clear_pointer (&writer, agg_demo_writer_free);
  g_assert_true (agg_db_commit (fixture->db, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("test-report-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->dir, "agg.db", NULL);
  fixture->db = agg_db_open (fixture->db_path, &error);
  g_assert_no_error (error);
  fixture->forms = agg_form_registry_new_from_dir (KV_SOURCE_FORMS_DIR, &error);
  g_assert_no_error (error);
  build_data (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (fixture->db_path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (fixture->db_path, "-shm", NULL);

  g_clear_object (&fixture->forms);
  g_clear_object (&fixture->db);
  g_unlink (fixture->db_path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (fixture->dir);
  g_free (fixture->db_path);
  g_free (fixture->dir);
}

static char *
run (Fixture                *fixture,
     AggReportKind           kind,
     AggReportFormat         format,
     const AggReportOptions *given)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  AggReportOptions options;
  const char *content_type = NULL;

  if (given != NULL)
    options = *given;
  else
    agg_report_options_init (&options);
  options.forms = fixture->forms;
  options.generated = "2026-01-01";

  bytes = agg_report_run (fixture->db, kind, &options, format, &content_type, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  g_assert_cmpstr (content_type, ==, agg_report_format_content_type (format));
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* CSV lines are written with CRLF; the expectations below are written with
 * "\n" and turned into CRLF here. */
static char *
crlf (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  return g_strjoinv ("\r\n", lines);
}

#define CHANGE_HEADER \
  "child,service,age_band,dsr,measure,respondent,baseline_date,baseline_score," \
  "latest_date,latest_score,change,points,flags\n"

static const char expected_change_csv[] =
  CHANGE_HEADER
  "TEST-A01,test-alpha,under-18,amber,gas,parent-carer,2025-01-20,36.31,2025-09-15,50.00,13.69,3,\n"
  "TEST-A01,test-alpha,under-18,amber,family-qol,parent-carer,2025-02-10,7.00,2025-08-10,14.00,7.00,2,\n"
  "TEST-A02,test-alpha,under-18,amber,gas,parent-carer,2025-01-20,36.31,2025-09-15,59.13,22.82,2,\n"
  "TEST-A02,test-alpha,under-18,amber,family-qol,parent-carer,2025-02-10,10.00,2025-08-10,10.00,0.00,2,\n"
  "TEST-A03,test-alpha,under-18,amber,gas,parent-carer,2025-01-20,36.31,2025-09-15,59.13,22.82,2,\n"
  "TEST-A03,test-alpha,under-18,amber,family-qol,parent-carer,2025-02-10,14.00,2025-08-10,6.00,-8.00,2,\n"
  "TEST-A04,test-alpha,under-18,amber,gas,parent-carer,2025-01-20,36.31,2025-09-15,63.69,27.38,2,\n"
  "TEST-A05,test-alpha,under-18,amber,gas,parent-carer,2025-01-20,36.31,2025-09-15,45.44,9.13,2,\n"
  "TEST-A06,test-alpha,under-18,amber,gas,parent-carer,2025-01-20,36.31,2025-09-15,36.31,0.00,2,\n"
  "TEST-A07,test-alpha,under-18,amber,gas,parent-carer,2025-01-20,36.31,2025-09-15,77.39,41.08,2,\n"
  "TEST-A08,test-alpha,under-18,amber,gas,parent-carer,2025-01-20,36.31,2025-09-15,63.69,27.38,2,\n"
  "TEST-A09,test-alpha,under-18,amber,gas,parent-carer,2025-01-20,36.31,2025-09-15,50.00,13.69,2,rated-2-of-3\n"
  "TEST-B01,test-beta,under-18,red,gas,young-person,2025-04-10,27.18,2025-07-02,45.44,18.26,2,goal-set-changed\n"
  "TEST-B01,test-beta,under-18,red,gas,parent-carer,2025-04-10,27.18,2025-07-01,54.56,27.38,2,goal-set-changed\n"
  "TEST-B02,test-beta,18-25,blue,gas,keyworker,2025-02-01,36.31,,,,1,\n"
  "TEST-B03,test-beta,under-18,green,gas,parent-carer,2025-01-25,31.74,2025-04-20,63.69,31.95,2,\n"
  "TEST-B04,test-beta,under-18,red,family-qol,parent-carer,2025-06-15,21.00,,,,1,\n"
  "TEST-B05,test-beta,under-18,amber,gas,parent-carer,,,,,,0,zero-weight\n";

static void
test_change_csv (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *csv = run (fixture, AGG_REPORT_CHANGE, AGG_REPORT_FORMAT_CSV, NULL);
  g_autofree char *expected = crlf (expected_change_csv);

  g_assert_cmpstr (csv, ==, expected);
}

static void
test_change_json (Fixture       *fixture,
                  gconstpointer  data)
{
#define ROW(child, service, age, dsr, measure, respondent, bd, bs, ld, ls, change, points, flags) \
  "  {\"child\": \"" child "\", \"service\": \"" service "\", \"age_band\": \"" age "\", " \
  "\"dsr\": \"" dsr "\", \"measure\": \"" measure "\", \"respondent\": \"" respondent "\", " \
  "\"baseline_date\": " bd ", \"baseline_score\": " bs ", \"latest_date\": " ld ", " \
  "\"latest_score\": " ls ", \"change\": " change ", \"points\": " points ", \"flags\": " flags "}"
#define ROW_A(child, ...) ROW (child, "test-alpha", "under-18", "amber", __VA_ARGS__)
  static const char expected[] =
    "{\"rows\": [\n"
    ROW_A ("TEST-A01", "gas", "parent-carer", "\"2025-01-20\"", "36.31", "\"2025-09-15\"", "50.00", "13.69", "3", "null") ",\n"
    ROW_A ("TEST-A01", "family-qol", "parent-carer", "\"2025-02-10\"", "7.00", "\"2025-08-10\"", "14.00", "7.00", "2", "null") ",\n"
    ROW_A ("TEST-A02", "gas", "parent-carer", "\"2025-01-20\"", "36.31", "\"2025-09-15\"", "59.13", "22.82", "2", "null") ",\n"
    ROW_A ("TEST-A02", "family-qol", "parent-carer", "\"2025-02-10\"", "10.00", "\"2025-08-10\"", "10.00", "0.00", "2", "null") ",\n"
    ROW_A ("TEST-A03", "gas", "parent-carer", "\"2025-01-20\"", "36.31", "\"2025-09-15\"", "59.13", "22.82", "2", "null") ",\n"
    ROW_A ("TEST-A03", "family-qol", "parent-carer", "\"2025-02-10\"", "14.00", "\"2025-08-10\"", "6.00", "-8.00", "2", "null") ",\n"
    ROW_A ("TEST-A04", "gas", "parent-carer", "\"2025-01-20\"", "36.31", "\"2025-09-15\"", "63.69", "27.38", "2", "null") ",\n"
    ROW_A ("TEST-A05", "gas", "parent-carer", "\"2025-01-20\"", "36.31", "\"2025-09-15\"", "45.44", "9.13", "2", "null") ",\n"
    ROW_A ("TEST-A06", "gas", "parent-carer", "\"2025-01-20\"", "36.31", "\"2025-09-15\"", "36.31", "0.00", "2", "null") ",\n"
    ROW_A ("TEST-A07", "gas", "parent-carer", "\"2025-01-20\"", "36.31", "\"2025-09-15\"", "77.39", "41.08", "2", "null") ",\n"
    ROW_A ("TEST-A08", "gas", "parent-carer", "\"2025-01-20\"", "36.31", "\"2025-09-15\"", "63.69", "27.38", "2", "null") ",\n"
    ROW_A ("TEST-A09", "gas", "parent-carer", "\"2025-01-20\"", "36.31", "\"2025-09-15\"", "50.00", "13.69", "2", "\"rated-2-of-3\"") ",\n"
    ROW ("TEST-B01", "test-beta", "under-18", "red", "gas", "young-person", "\"2025-04-10\"", "27.18", "\"2025-07-02\"", "45.44", "18.26", "2", "\"goal-set-changed\"") ",\n"
    ROW ("TEST-B01", "test-beta", "under-18", "red", "gas", "parent-carer", "\"2025-04-10\"", "27.18", "\"2025-07-01\"", "54.56", "27.38", "2", "\"goal-set-changed\"") ",\n"
    ROW ("TEST-B02", "test-beta", "18-25", "blue", "gas", "keyworker", "\"2025-02-01\"", "36.31", "null", "null", "null", "1", "null") ",\n"
    ROW ("TEST-B03", "test-beta", "under-18", "green", "gas", "parent-carer", "\"2025-01-25\"", "31.74", "\"2025-04-20\"", "63.69", "31.95", "2", "null") ",\n"
    ROW ("TEST-B04", "test-beta", "under-18", "red", "family-qol", "parent-carer", "\"2025-06-15\"", "21.00", "null", "null", "null", "1", "null") ",\n"
    ROW ("TEST-B05", "test-beta", "under-18", "amber", "gas", "parent-carer", "null", "null", "null", "null", "null", "0", "\"zero-weight\"") "\n"
    "]}\n";
#undef ROW_A
#undef ROW
  g_autofree char *text = run (fixture, AGG_REPORT_CHANGE, AGG_REPORT_FORMAT_JSON, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) parsed = json_from_string (text, &error);

  g_assert_cmpstr (text, ==, expected);
  /* And it is JSON a parser reads. */
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (parsed));
}

static void
test_change_window (Fixture       *fixture,
                    gconstpointer  data)
{
  AggReportOptions options;
  g_autofree char *alpha = NULL;
  g_autofree char *beta = NULL;
  g_autofree char *expected_beta = NULL;

  /* From 1 May: A01's March review is outside the window, but the goal
   * set's baseline (20 Jan) still anchors the September review, so the GAS
   * row has 2 points; its February quality of life answer is outside too,
   * which leaves one point and no change. */
  agg_report_options_init (&options);
  options.service_id = "test-alpha";
  options.from = "2025-05-01";
  alpha = run (fixture, AGG_REPORT_CHANGE, AGG_REPORT_FORMAT_CSV, &options);
  g_assert_true (g_str_has_prefix (alpha,
    "child,service,age_band,dsr,measure,respondent,baseline_date,baseline_score,"
    "latest_date,latest_score,change,points,flags\r\n"
    "TEST-A01,test-alpha,under-18,amber,gas,parent-carer,2025-01-20,36.31,2025-09-15,50.00,13.69,2,\r\n"
    "TEST-A01,test-alpha,under-18,amber,family-qol,parent-carer,2025-08-10,14.00,,,,1,\r\n"));
  g_assert_null (strstr (alpha, "test-beta"));

  /* Up to 31 May: B01's second goal set exists but has no review yet; B03
   * was still rated red (green from 1 June); B04's only answer is later. */
  agg_report_options_init (&options);
  options.service_id = "test-beta";
  options.to = "2025-05-31";
  beta = run (fixture, AGG_REPORT_CHANGE, AGG_REPORT_FORMAT_CSV, &options);
  expected_beta = crlf (CHANGE_HEADER
    "TEST-B01,test-beta,under-18,red,gas,keyworker,2025-04-10,27.18,,,,1,goal-set-changed\n"
    "TEST-B02,test-beta,18-25,blue,gas,keyworker,2025-02-01,36.31,,,,1,\n"
    "TEST-B03,test-beta,under-18,red,gas,parent-carer,2025-01-25,31.74,2025-04-20,63.69,31.95,2,\n"
    "TEST-B05,test-beta,under-18,amber,gas,parent-carer,,,,,,0,zero-weight\n");
  g_assert_cmpstr (beta, ==, expected_beta);
}

#define COHORT_HEADER \
  "service,age_band,dsr,measure,children,mean_change,median_change,ci_lower,ci_upper," \
  "pct_improved,pct_goals_achieved\n"

static void
test_cohort_csv (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *csv = run (fixture, AGG_REPORT_COHORT, AGG_REPORT_FORMAT_CSV, NULL);
  g_autofree char *expected = crlf (COHORT_HEADER
    "test-alpha,under-18,amber,gas,10,19.8,22.8,10.5,29.1,100.0,80.0\n"
    "test-alpha,under-18,amber,family-qol,*,*,*,*,*,*,\n"
    "test-beta,under-18,red,gas,*,*,*,*,*,*,*\n"
    "test-beta,under-18,red,family-qol,0,,,,,,\n"
    "test-beta,under-18,amber,gas,0,,,,,,\n"
    "test-beta,under-18,green,gas,*,*,*,*,*,*,*\n"
    "test-beta,18-25,blue,gas,0,,,,,,\n");

  g_assert_cmpstr (csv, ==, expected);
}

static void
test_cohort_json (Fixture       *fixture,
                  gconstpointer  data)
{
#define ROW(service, age, dsr, measure, children, mean, median, lo, hi, improved, goals) \
  "  {\"service\": \"" service "\", \"age_band\": \"" age "\", \"dsr\": \"" dsr "\", " \
  "\"measure\": \"" measure "\", \"children\": " children ", \"mean_change\": " mean ", " \
  "\"median_change\": " median ", \"ci_lower\": " lo ", \"ci_upper\": " hi ", " \
  "\"pct_improved\": " improved ", \"pct_goals_achieved\": " goals "}"
#define S "\"*\""
  static const char expected[] =
    "{\"rows\": [\n"
    ROW ("test-alpha", "under-18", "amber", "gas", "10", "19.8", "22.8", "10.5", "29.1", "100.0", "80.0") ",\n"
    ROW ("test-alpha", "under-18", "amber", "family-qol", S, S, S, S, S, S, "null") ",\n"
    ROW ("test-beta", "under-18", "red", "gas", S, S, S, S, S, S, S) ",\n"
    ROW ("test-beta", "under-18", "red", "family-qol", "0", "null", "null", "null", "null", "null", "null") ",\n"
    ROW ("test-beta", "under-18", "amber", "gas", "0", "null", "null", "null", "null", "null", "null") ",\n"
    ROW ("test-beta", "under-18", "green", "gas", S, S, S, S, S, S, S) ",\n"
    ROW ("test-beta", "18-25", "blue", "gas", "0", "null", "null", "null", "null", "null", "null") "\n"
    "]}\n";
#undef S
#undef ROW
  g_autofree char *text = run (fixture, AGG_REPORT_COHORT, AGG_REPORT_FORMAT_JSON, NULL);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_cohort_one_service (Fixture       *fixture,
                         gconstpointer  data)
{
  AggReportOptions options;
  g_autofree char *csv = NULL;
  g_autofree char *expected = NULL;

  /* A service sees its own strata only, with the same figures. */
  agg_report_options_init (&options);
  options.service_id = "test-alpha";
  csv = run (fixture, AGG_REPORT_COHORT, AGG_REPORT_FORMAT_CSV, &options);
  expected = crlf (COHORT_HEADER
    "test-alpha,under-18,amber,gas,10,19.8,22.8,10.5,29.1,100.0,80.0\n"
    "test-alpha,under-18,amber,family-qol,*,*,*,*,*,*,\n");
  g_assert_cmpstr (csv, ==, expected);
}

#define EXPERIENCE_HEADER \
  "service,quarter,quarter_start,quarter_end,children_registered,families_asked,pct_asked,rag," \
  "completed,declined,responses,fft_n,fft_positive_pct,fft_negative_pct," \
  "who_n,who_young_person_pct,who_parent_carer_pct,who_both_pct,who_someone_helping_pct," \
  "listened_n,listened_certainly_true_pct,listened_partly_true_pct,listened_not_true_pct," \
  "kept_informed_n,kept_informed_certainly_true_pct,kept_informed_partly_true_pct,kept_informed_not_true_pct," \
  "involved_n,involved_certainly_true_pct,involved_partly_true_pct,involved_not_true_pct," \
  "joined_up_n,joined_up_certainly_true_pct,joined_up_partly_true_pct,joined_up_not_true_pct," \
  "right_time_n,right_time_certainly_true_pct,right_time_partly_true_pct,right_time_not_true_pct," \
  "understood_n,understood_certainly_true_pct,understood_partly_true_pct,understood_not_true_pct," \
  "easy_to_reach_n,easy_to_reach_certainly_true_pct,easy_to_reach_partly_true_pct,easy_to_reach_not_true_pct," \
  "crisis_n,crisis_certainly_true_pct,crisis_partly_true_pct,crisis_not_true_pct\n"

#define ALL_TRUE_10 "10,100.0,0.0,0.0"
#define STARS_4 "*,*,*,*"
#define ZERO_ITEM "0,,,"

static void
experience_options (AggReportOptions *options)
{
  agg_report_options_init (options);
  options->from = "2025-04-01";
  options->to = "2025-09-30";
}

static void
test_experience_csv (Fixture       *fixture,
                     gconstpointer  data)
{
  AggReportOptions options;
  g_autofree char *csv = NULL;
  g_autofree char *expected = NULL;

  experience_options (&options);
  csv = run (fixture, AGG_REPORT_EXPERIENCE, AGG_REPORT_FORMAT_CSV, &options);
  expected = crlf (EXPERIENCE_HEADER
    "test-alpha,2025/26 Q1,2025-04-01,2025-06-30,15,10,66.7,amber,*,*,10,10,100.0,0.0,"
    "10,*,*,*,0.0,"
    "10,100.0,*,0.0," ALL_TRUE_10 "," ALL_TRUE_10 "," ALL_TRUE_10 "," ALL_TRUE_10 ","
    ALL_TRUE_10 "," ALL_TRUE_10 "," ALL_TRUE_10 "\n"
    "test-alpha,2025/26 Q2,2025-07-01,2025-09-30,15,*,*,*,*,*,*,*,*,*,"
    "*,*,*,*,*,"
    STARS_4 "," STARS_4 "," STARS_4 "," STARS_4 "," STARS_4 "," STARS_4 "," STARS_4 "," STARS_4 "\n"
    "test-beta,2025/26 Q1,2025-04-01,2025-06-30,*,*,*,*,*,0,*,*,*,*,"
    "*,*,*,*,*,"
    STARS_4 "," STARS_4 "," STARS_4 "," STARS_4 "," STARS_4 "," STARS_4 "," STARS_4 "," STARS_4 "\n"
    "test-beta,2025/26 Q2,2025-07-01,2025-09-30,*,0,*,*,0,0,0,0,,,"
    "0,,,,,"
    ZERO_ITEM "," ZERO_ITEM "," ZERO_ITEM "," ZERO_ITEM "," ZERO_ITEM "," ZERO_ITEM ","
    ZERO_ITEM "," ZERO_ITEM "\n");

  g_assert_cmpstr (csv, ==, expected);
  /* Free text never reaches an aggregate report. */
  g_assert_null (strstr (csv, "quoted"));
}

static void
test_experience_json (Fixture       *fixture,
                      gconstpointer  data)
{
  AggReportOptions options;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *rows;
  JsonObject *alpha_q1, *alpha_q2, *beta_q2;

  experience_options (&options);
  text = run (fixture, AGG_REPORT_EXPERIENCE, AGG_REPORT_FORMAT_JSON, &options);
  g_assert_true (g_str_has_prefix (text,
    "{\"rows\": [\n  {\"service\": \"test-alpha\", \"quarter\": \"2025/26 Q1\", "
    "\"quarter_start\": \"2025-04-01\", \"quarter_end\": \"2025-06-30\", "
    "\"children_registered\": 15, \"families_asked\": 10, \"pct_asked\": 66.7, "
    "\"rag\": \"amber\", \"completed\": \"*\", \"declined\": \"*\", \"responses\": 10, "
    "\"fft_n\": 10, \"fft_positive_pct\": 100.0, \"fft_negative_pct\": 0.0, "
    "\"who_n\": 10, \"who_young_person_pct\": \"*\", \"who_parent_carer_pct\": \"*\", "
    "\"who_both_pct\": \"*\", \"who_someone_helping_pct\": 0.0, "
    "\"listened_n\": 10, \"listened_certainly_true_pct\": 100.0, "
    "\"listened_partly_true_pct\": \"*\", \"listened_not_true_pct\": 0.0, "));

  root = json_from_string (text, &error);
  g_assert_no_error (error);
  rows = json_object_get_array_member (json_node_get_object (root), "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 4);
  alpha_q1 = json_array_get_object_element (rows, 0);
  alpha_q2 = json_array_get_object_element (rows, 1);
  beta_q2 = json_array_get_object_element (rows, 3);

  /* Numbers are numbers, suppressed cells the string "*", nothing null. */
  g_assert_cmpfloat (json_object_get_double_member (alpha_q1, "crisis_certainly_true_pct"), ==, 100.0);
  g_assert_cmpint (json_object_get_int_member (alpha_q1, "children_registered"), ==, 15);
  g_assert_cmpstr (json_object_get_string_member (alpha_q2, "rag"), ==, "*");
  g_assert_cmpstr (json_object_get_string_member (alpha_q2, "fft_negative_pct"), ==, "*");
  g_assert_true (json_object_get_null_member (beta_q2, "fft_positive_pct"));
  g_assert_cmpint (json_object_get_int_member (beta_q2, "families_asked"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (beta_q2, "pct_asked"), ==, "*");
}

static void
test_experience_rag_thresholds (Fixture       *fixture,
                                gconstpointer  data)
{
  AggReportOptions options;
  g_autofree char *red = NULL;
  g_autofree char *green = NULL;

  /* Alpha Q1 published 66.7% asked: amber by default, red when amber
   * starts at 70, green when green starts at 60. */
  experience_options (&options);
  options.service_id = "test-alpha";
  options.rag_amber = 70;
  red = run (fixture, AGG_REPORT_EXPERIENCE, AGG_REPORT_FORMAT_CSV, &options);
  g_assert_nonnull (strstr (red, "2025-06-30,15,10,66.7,red,"));

  experience_options (&options);
  options.service_id = "test-alpha";
  options.rag_green = 60;
  green = run (fixture, AGG_REPORT_EXPERIENCE, AGG_REPORT_FORMAT_CSV, &options);
  g_assert_nonnull (strstr (green, "2025-06-30,15,10,66.7,green,"));
}

static void
test_experience_span (Fixture       *fixture,
                      gconstpointer  data)
{
  AggReportOptions options;
  g_autofree char *csv = NULL;

  /* Without dates, a service's quarters run from its first registration
   * (January 2025, 2024/25 Q4) to its last activity (August, Q2). */
  agg_report_options_init (&options);
  options.service_id = "test-alpha";
  csv = run (fixture, AGG_REPORT_EXPERIENCE, AGG_REPORT_FORMAT_CSV, &options);
  g_assert_nonnull (strstr (csv, "\r\ntest-alpha,2024/25 Q4,2025-01-01,2025-03-31,15,0,0.0,red,0,0,0,"));
  g_assert_nonnull (strstr (csv, "\r\ntest-alpha,2025/26 Q1,"));
  g_assert_nonnull (strstr (csv, "\r\ntest-alpha,2025/26 Q2,"));
  g_assert_null (strstr (csv, "2025/26 Q3"));
  g_assert_null (strstr (csv, "test-beta"));
}

/* A small RFC 4180 reader: the fields of every record, to show that what
 * was written reads back as it was. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *record = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '"')
        {
          for (p++; *p != '\0'; p++)
            {
              if (*p == '"' && p[1] == '"')
                g_string_append_c (field, *p++);
              else if (*p == '"')
                break;
              else
                g_string_append_c (field, *p);
            }
          g_assert_true (*p == '"');
          p++;
        }
      else
        {
          while (*p != '\0' && *p != ',' && *p != '\r')
            {
              /* An unquoted field may not hold a quote or a line break. */
              g_assert_true (*p != '"' && *p != '\n');
              g_string_append_c (field, *p++);
            }
        }

      g_ptr_array_add (record, g_string_free (field, FALSE));
      field = g_string_new (NULL);
      if (*p == ',')
        {
          p++;
          continue;
        }
      g_assert_true (p[0] == '\r' && p[1] == '\n');
      p += 2;
      g_ptr_array_add (records, record);
      record = g_ptr_array_new_with_free_func (g_free);
    }
  g_assert_cmpuint (record->len, ==, 0);
  g_ptr_array_unref (record);
  g_string_free (field, TRUE);
  return records;
}

static void
test_export_responses_quoting (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *csv = run (fixture, AGG_REPORT_RESPONSES, AGG_REPORT_FORMAT_CSV, NULL);
  g_autoptr(GPtrArray) records = parse_csv (csv);
  guint n_reasons = 0;

  /* The hostile free text is one field, its quotes doubled, its comma and
   * line break inside the quotes. */
  g_assert_nonnull (strstr (csv, ",fft-reason,\"Demo: \"\"quoted\"\", with comma\r\n"
                                 "=HYPERLINK(\"\"x\"\")\"\r\n"));

  g_assert_cmpuint (records->len, >, 1);
  for (guint r = 0; r < records->len; r++)
    {
      GPtrArray *record = g_ptr_array_index (records, r);

      g_assert_cmpuint (record->len, ==, 7);
      if (g_str_equal (g_ptr_array_index (record, 5), "fft-reason"))
        {
          g_assert_cmpstr (g_ptr_array_index (record, 0), ==, "test-alpha");
          g_assert_cmpstr (g_ptr_array_index (record, 1), ==, "2025-05");
          g_assert_cmpstr (g_ptr_array_index (record, 6), ==, HOSTILE_REASON);
          n_reasons++;
        }
    }
  g_assert_cmpuint (n_reasons, ==, 1);
  /* 13 responses × 10 answered items (who, fft, 8 keyworking items), plus
   * the one reason, plus the header. */
  g_assert_cmpuint (records->len, ==, 1 + 13 * 10 + 1);
}

static void
test_export_scores (Fixture       *fixture,
                    gconstpointer  data)
{
  AggReportOptions options;
  g_autofree char *csv = NULL;
  g_autofree char *expected = NULL;

  agg_report_options_init (&options);
  options.service_id = "test-beta";
  options.to = "2025-03-31";
  csv = run (fixture, AGG_REPORT_SCORES, AGG_REPORT_FORMAT_CSV, &options);
  /* B01's first, weighted goal set: T = 50 + 10·(6·−1 + 1·−2) /
   * √(0.7·(36 + 1) + 0.3·7²) = 50 − 80/√40.6 = 37.44; its review (0, 0)
   * is 50.  The DSR is the rating in force on the day. */
  expected = crlf (
    "child,service,age_band,dsr,form,form_version,respondent,mode,date,goal_set,measure,"
    "kind,score,k,n,pct_expected,status,flags\n"
    "TEST-B01,test-beta,under-18,red,gas-goals,1,keyworker,self,2025-01-25,1,gas,baseline,37.44,2,2,0.0,scored,weighted\n"
    "TEST-B01,test-beta,under-18,red,gas-review,1,parent-carer,self,2025-03-01,1,gas,review,50.00,2,2,100.0,scored,weighted\n"
    "TEST-B02,test-beta,18-25,blue,gas-goals,1,keyworker,self,2025-02-01,1,gas,baseline,36.31,3,3,0.0,scored,\n"
    "TEST-B03,test-beta,under-18,red,gas-goals,1,keyworker,self,2025-01-25,1,gas,baseline,31.74,3,3,0.0,scored,\n"
    "TEST-B05,test-beta,under-18,amber,gas-goals,1,keyworker,self,2025-01-25,1,gas,baseline,,2,2,0.0,zero-weight,weighted\n"
    "TEST-B05,test-beta,under-18,amber,gas-review,1,parent-carer,self,2025-03-05,1,gas,review,,2,2,100.0,zero-weight,weighted\n");
  g_assert_cmpstr (csv, ==, expected);
}

static void
assert_self_contained (const char *html)
{
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>\n<html lang="));
  g_assert_true (g_str_has_suffix (html, "</html>\n"));
  /* One file: no URL, no fetched resource, no script. */
  g_assert_null (strstr (html, "http://"));
  g_assert_null (strstr (html, "https://"));
  g_assert_null (strstr (html, "src="));
  g_assert_null (strstr (html, "href="));
  g_assert_null (strstr (html, "<script"));
  g_assert_null (strstr (html, "url("));
  g_assert_null (strstr (html, "@import"));
  /* Charts are inline SVG with an accessible title, and print on A4. */
  g_assert_nonnull (strstr (html, "<svg role=\"img\""));
  g_assert_nonnull (strstr (html, "<title id="));
  g_assert_nonnull (strstr (html, "<desc id="));
  g_assert_nonnull (strstr (html, "@page{size:A4"));
  g_assert_nonnull (strstr (html, "<caption>"));
}

static void
test_html (Fixture       *fixture,
           gconstpointer  data)
{
  AggReportOptions options;
  g_autofree char *change = run (fixture, AGG_REPORT_CHANGE, AGG_REPORT_FORMAT_HTML, NULL);
  g_autofree char *cohort = run (fixture, AGG_REPORT_COHORT, AGG_REPORT_FORMAT_HTML, NULL);
  g_autofree char *experience = NULL;

  experience_options (&options);
  experience = run (fixture, AGG_REPORT_EXPERIENCE, AGG_REPORT_FORMAT_HTML, &options);

  assert_self_contained (change);
  assert_self_contained (cohort);
  assert_self_contained (experience);

  /* Every child with a score has a trajectory, named by its code; the
   * service is named, escaped. */
  g_assert_nonnull (strstr (change, "<title id=\"child-1-0-title\">Goal attainment (GAS T-score) "
                                    "over time for child TEST-A01</title>"));
  g_assert_nonnull (strstr (change, "child TEST-B05"));
  g_assert_nonnull (strstr (change, "Test Service Beta"));
  /* The cohort chart draws only published figures: alpha's mean, and the
   * suppressed strata say so instead of drawing a bar. */
  g_assert_nonnull (strstr (cohort, ">+19.8</text>"));
  g_assert_nonnull (strstr (cohort, "suppressed: under 8 children"));
  g_assert_null (strstr (cohort, "18.26"));
  /* The 7.3 bars, with the rating in words as well as in colour. */
  g_assert_nonnull (strstr (experience, ">67%</text>"));
  g_assert_nonnull (strstr (experience, ">amber</text>"));
  g_assert_null (strstr (experience, "quoted"));
}

static void
test_html_escapes (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *html = NULL;

  /* A service named by someone careless or hostile. */
  stmt = agg_db_prepare (fixture->db, "UPDATE services SET name = ?1 WHERE id = 'test-beta'", &error);
  g_assert_no_error (error);
  agg_db_bind_text (stmt, 1, "Beta <script>alert(1)</script> & \"friends\"");
  g_assert_true (agg_db_run (fixture->db, stmt, &error));
  g_assert_no_error (error);

  html = run (fixture, AGG_REPORT_CHANGE, AGG_REPORT_FORMAT_HTML, NULL);
  g_assert_null (strstr (html, "<script"));
  g_assert_nonnull (strstr (html, "Beta &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;friends&quot;"));
}

static void
test_render (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GHashTable) query = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *content_type = NULL;
  g_autofree char *text = NULL;
  AggReportScope service = { AGG_ROLE_SERVICE, "test-beta", "tok-test", fixture->forms };
  AggReportScope evaluator = { AGG_ROLE_EVALUATOR, NULL, "tok-eval", fixture->forms };

  /* A service token's scope is its own service: no alpha row. */
  g_hash_table_insert (query, "format", "csv");
  g_assert_true (agg_report_request_render (fixture->db, "change", &service, query, &content_type,
                                     &body, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (content_type, ==, "text/csv; charset=utf-8; header=present");
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_assert_null (strstr (text, "test-alpha"));
  g_assert_nonnull (strstr (text, "TEST-B03,test-beta,"));
  g_clear_pointer (&body, g_bytes_unref);
  g_clear_pointer (&content_type, g_free);

  /* JSON by default. */
  g_hash_table_remove_all (query);
  g_assert_true (agg_report_request_render (fixture->db, "cohort", &evaluator, query, &content_type,
                                     &body, &error));
  g_assert_cmpstr (content_type, ==, "application/json");
  g_clear_pointer (&body, g_bytes_unref);
  g_clear_pointer (&content_type, g_free);

  /* Bad parameters are a clear AGG_ERROR_INVALID, never ignored. */
  g_hash_table_insert (query, "from", "2025-13-01");
  g_assert_false (agg_report_request_render (fixture->db, "cohort", &evaluator, query, &content_type,
                                      &body, &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_INVALID);
  g_clear_error (&error);
  g_hash_table_remove_all (query);
  g_hash_table_insert (query, "colour", "blue");
  g_assert_false (agg_report_request_render (fixture->db, "cohort", &evaluator, query, &content_type,
                                      &body, &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_INVALID);
  g_clear_error (&error);
  g_hash_table_remove_all (query);
  g_hash_table_insert (query, "format", "xlsx");
  g_assert_false (agg_report_request_render (fixture->db, "cohort", &evaluator, query, &content_type,
                                      &body, &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_INVALID);
  g_clear_error (&error);
  g_hash_table_remove_all (query);

  /* Unknown reports are not found; the row-level exports, with free text,
   * are the evaluator's only. */
  g_assert_false (agg_report_request_render (fixture->db, "everything", &evaluator, query,
                                      &content_type, &body, &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (agg_report_request_render (fixture->db, "responses", &service, query, &content_type,
                                      &body, &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_true (agg_report_request_render (fixture->db, "responses", &evaluator, query, &content_type,
                                     &body, &error));
  g_assert_no_error (error);
}

static void
test_options_invalid (Fixture       *fixture,
                      gconstpointer  data)
{
  static const struct
  {
    const char *from;
    const char *to;
    double      green;
    double      amber;
  } cases[] = {
    { "2025-02-30", NULL, 90, 50 },
    { "25-01-01", NULL, 90, 50 },
    { NULL, "2025-1-1", 90, 50 },
    { "2025-06-01", "2025-05-31", 90, 50 },
    { NULL, NULL, 40, 50 },
    { NULL, NULL, 101, 50 },
    { NULL, NULL, 90, -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      AggReportOptions options;

      agg_report_options_init (&options);
      options.forms = fixture->forms;
      options.from = cases[i].from;
      options.to = cases[i].to;
      options.rag_green = cases[i].green;
      options.rag_amber = cases[i].amber;
      bytes = agg_report_run (fixture->db, AGG_REPORT_EXPERIENCE, &options,
                              AGG_REPORT_FORMAT_CSV, NULL, &error);
      g_assert_null (bytes);
      g_assert_error (error, AGG_ERROR, AGG_ERROR_INVALID);
    }
}

static void
test_unknown_service (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  AggReportOptions options;

  agg_report_options_init (&options);
  options.forms = fixture->forms;
  options.service_id = "test-gamma";
  bytes = agg_report_run (fixture->db, AGG_REPORT_CHANGE, &options, AGG_REPORT_FORMAT_JSON,
                          NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, AGG_ERROR, AGG_ERROR_NOT_FOUND);
}

static void
test_export_has_no_html (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  AggReportOptions options;

  agg_report_options_init (&options);
  options.forms = fixture->forms;
  bytes = agg_report_run (fixture->db, AGG_REPORT_SCORES, &options, AGG_REPORT_FORMAT_HTML,
                          NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, AGG_ERROR, AGG_ERROR_INVALID);
}

static void
spawn (const char * const *args,
       char              **out,
       int                *status)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int wait_status;

  g_assert_true (g_spawn_sync (NULL, (char **) args, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, &err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  *status = WEXITSTATUS (wait_status);
}

static void
test_cli (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *file = g_build_filename (fixture->dir, "cohort.csv", NULL);
  g_autofree char *written = NULL;
  g_autofree char *expected = crlf (COHORT_HEADER
    "test-alpha,under-18,amber,gas,10,19.8,22.8,10.5,29.1,100.0,80.0\n"
    "test-alpha,under-18,amber,family-qol,*,*,*,*,*,*,\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) audit = NULL;
  GStatBuf info;
  int status;
  const char *report[] = {
    AGGREGATOR_PATH, "report", "cohort", "--db", fixture->db_path, "--format", "csv",
    "--service", "test-alpha", "--forms-dir", KV_SOURCE_FORMS_DIR, "-o", file, NULL,
  };
  const char *bad_format[] = {
    AGGREGATOR_PATH, "report", "change", "--db", fixture->db_path, "--format", "pdf", NULL,
  };
  const char *bad_date[] = {
    AGGREGATOR_PATH, "report", "change", "--db", fixture->db_path, "--from", "yesterday", NULL,
  };
  const char *export[] = {
    AGGREGATOR_PATH, "export", "--db", fixture->db_path, "--format", "csv",
    "--forms-dir", KV_SOURCE_FORMS_DIR, NULL,
  };

  spawn (report, &out, &status);
  g_assert_cmpint (status, ==, 0);
  /* The file it made, alone on the last line. */
  g_assert_true (g_str_has_suffix (out, "\n"));
  out[strlen (out) - 1] = '\0';
  g_assert_cmpstr (out, ==, file);
  g_clear_pointer (&out, g_free);
  g_assert_true (g_file_get_contents (file, &written, NULL, &error));
  g_assert_cmpstr (written, ==, expected);
  /* Per-child data and free text: the file is its owner's alone. */
  g_assert_cmpint (g_stat (file, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  g_unlink (file);

  /* The pull is in the audit trail, with what was asked. */
  audit = agg_db_prepare (fixture->db, "SELECT actor, action, target, detail FROM audit "
                                       "WHERE action = 'report'", &error);
  g_assert_no_error (error);
  g_assert_cmpint (agg_db_step (fixture->db, audit, &error), ==, SQLITE_ROW);
  g_assert_true (g_str_has_prefix (agg_db_column_text (audit, 0), "cli:"));
  g_assert_cmpstr (agg_db_column_text (audit, 2), ==, "cohort");
  g_assert_cmpstr (agg_db_column_text (audit, 3), ==, "format=csv service=test-alpha");

  spawn (bad_format, &out, &status);
  g_assert_cmpint (status, ==, 2);
  g_clear_pointer (&out, g_free);
  spawn (bad_date, &out, &status);
  g_assert_cmpint (status, ==, 2);
  g_clear_pointer (&out, g_free);

  /* "export --format csv" is every score, long. */
  spawn (export, &out, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (out, "child,service,age_band,dsr,form,form_version,"));
  g_assert_nonnull (strstr (out, "\r\nTEST-A09,test-alpha,under-18,amber,gas-review,1,parent-carer,"
                                 "self,2025-09-15,1,gas,review,50.00,2,3,50.0,scored,partial k-of-n\r\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/aggregator/report/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("change/csv", test_change_csv);
  ADD ("change/json", test_change_json);
  ADD ("change/window", test_change_window);
  ADD ("cohort/csv", test_cohort_csv);
  ADD ("cohort/json", test_cohort_json);
  ADD ("cohort/one-service", test_cohort_one_service);
  ADD ("experience/csv", test_experience_csv);
  ADD ("experience/json", test_experience_json);
  ADD ("experience/rag-thresholds", test_experience_rag_thresholds);
  ADD ("experience/span", test_experience_span);
  ADD ("export/responses-quoting", test_export_responses_quoting);
  ADD ("export/scores", test_export_scores);
  ADD ("export/no-html", test_export_has_no_html);
  ADD ("html/self-contained", test_html);
  ADD ("html/escapes", test_html_escapes);
  ADD ("render/query-and-scope", test_render);
  ADD ("options/invalid", test_options_invalid);
  ADD ("options/unknown-service", test_unknown_service);
  ADD ("cli/report-and-export", test_cli);
#undef ADD

  return g_test_run ();
}
