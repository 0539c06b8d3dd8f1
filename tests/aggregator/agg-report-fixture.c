/* agg-report-fixture.c — building the report tests' data set
 * (agg-report-fixture.h says what it holds and why each figure is what
 * it is). */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "agg-demo-writer.h"
#include "agg-report-fixture.h"

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

void
report_fixture_set_up (Fixture       *fixture,
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

void
report_fixture_tear_down (Fixture       *fixture,
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

char *
report_run (Fixture                *fixture,
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

char *
report_crlf (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  return g_strjoinv ("\r\n", lines);
}

void
report_experience_options (AggReportOptions *options)
{
  agg_report_options_init (options);
  options->from = "2025-04-01";
  options->to = "2025-09-30";
}
