/* bench-national.c — a synthetic national-scale aggregator database.
 *
 *   bench-national DB CHILDREN [SEED]
 *
 * Fills the new database DB with CHILDREN children spread over 40 services
 * and exactly ten submissions each (100,000 children make the 1,000,000
 * submissions of the report benchmark): a GAS goal set, four reviews of
 * it, and five family quality-of-life answers over one year; one child in
 * ten renegotiates its goals after the second review (a second goal set
 * and one review of it instead of the last two reviews), one in twenty
 * reviews leaves a goal unrated, some reviews are by the young person
 * rather than the usual respondent, and a third of the children have a
 * second DSR rating.  So the change and cohort reports meet every case
 * they handle, at scale.
 *
 * `keyvoice-aggregator demo` makes a richer year for people to look at,
 * about eight submissions per child; this program makes the counts the
 * benchmark asks for.  Rows go through AggDemoWriter, which validates and
 * scores every submission exactly as ingest does, so the database is what
 * real uploads would have made.  Durability does not matter while the
 * file is being made (it is renamed into place only once complete), so
 * this connection writes with synchronous=OFF and a large page cache.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "agg-db-private.h"
#include "agg-demo.h"
#include "agg-demo-writer.h"
#include "agg-form-registry.h"
#include "kv-child-code.h"

#define N_SERVICES         40
#define CHILDREN_PER_COMMIT 2000

/* The last day of the synthetic year, so that the same arguments always
 * make the same database. */
#define END_YEAR  2025
#define END_MONTH 6
#define END_DAY   30

static const char * const qol_items[] = {
  "enjoyment", "control", "self-care", "safety", "social", "own-time", "support",
};
/* family-qol's levels, by value 0…3. */
static const char * const qol_levels[] = {
  "serious-problem", "not-enough", "mostly-fine", "as-wanted",
};

typedef struct
{
  AggDemoWriter *writer;
  GRand         *random;
  GHashTable    *codes;
  guint32        start;   /* Julian day of the first day of the year */
} Generator;

static char *
day_string (guint32 julian)
{
  g_autoptr(GDate) date = g_date_new_julian (julian);

  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

static char *
time_string (GRand   *random,
             guint32  julian)
{
  g_autofree char *day = day_string (julian);

  return g_strdup_printf ("%sT%02d:%02d:00Z", day, g_rand_int_range (random, 9, 17),
                          g_rand_int_range (random, 0, 60));
}

static char *
new_code (Generator *gen)
{
  /* Codes come from the seeded generator, so a seed repeats; a clash is
   * drawn again. */
  while (TRUE)
    {
      guint8 bytes[KV_CHILD_CODE_RANDOM_BYTES];
      char *code;

      for (guint i = 0; i < sizeof bytes; i++)
        bytes[i] = g_rand_int_range (gen->random, 0, 256);
      code = kv_child_code_new_from_bytes (bytes, sizeof bytes);
      if (g_hash_table_add (gen->codes, code))
        return g_strdup (code);
    }
}

static JsonNode *
make_ratings (Generator *gen,
              guint      n_goals,
              double     progress)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  /* One review in twenty leaves its last goal unrated (dropped, never
   * imputed: the report flags it rated-K-of-N). */
  guint n_rated = n_goals > 1 && agg_demo_chance (gen->random, 0.05) ? n_goals - 1 : n_goals;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ratings");
  json_builder_begin_object (builder);
  for (guint g = 0; g < n_rated; g++)
    {
      g_autofree char *id = g_strdup_printf ("g%u", g + 1);
      /* Drawn once: CLAMP evaluates its argument more than once. */
      long drawn = lround (progress - 1.0 + 0.7 * agg_demo_gaussian (gen->random));
      int level = CLAMP (drawn, -2, 2);

      json_builder_set_member_name (builder, id);
      if (level == -1 && agg_demo_chance (gen->random, 0.2))
        json_builder_add_string_value (builder, "partial");
      else
        json_builder_add_int_value (builder, level);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static JsonNode *
make_qol (Generator *gen,
          double     level)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (qol_items); i++)
    {
      long drawn = lround (level + 0.6 * agg_demo_gaussian (gen->random));
      int value = CLAMP (drawn, 0, 3);

      json_builder_set_member_name (builder, qol_items[i]);
      json_builder_add_string_value (builder, qol_levels[value]);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
add_goal_set (Generator  *gen,
              gint64      child_id,
              guint32     day,
              guint      *n_goals,
              guint      *version,
              GError    **error)
{
  g_autoptr(JsonNode) goals = NULL;
  g_autofree char *at = time_string (gen->random, day);

  *n_goals = g_rand_int_range (gen->random, 2, 6);
  goals = agg_demo_goals_answers (gen->random, *n_goals, NULL, 0);
  return agg_demo_writer_add_submission (gen->writer, child_id, "gas-goals", "keyworker", at,
                                         goals, 0, version, error);
}

static gboolean
add_review (Generator   *gen,
            gint64       child_id,
            const char  *respondent,
            guint32      day,
            guint        n_goals,
            guint        version,
            double       progress,
            GError     **error)
{
  g_autoptr(JsonNode) ratings = make_ratings (gen, n_goals, progress);
  g_autofree char *at = time_string (gen->random, day);

  /* One review in seven is the young person's own. */
  if (agg_demo_chance (gen->random, 0.15))
    respondent = "young-person";
  return agg_demo_writer_add_submission (gen->writer, child_id, "gas-review", respondent, at,
                                         ratings, version, NULL, error);
}

/* Exactly ten submissions: see the comment at the top. */
static gboolean
add_child (Generator  *gen,
           guint       index,
           GError    **error)
{
  static const char * const ratings[] = { "red", "amber", "blue", "green" };
  static const char * const respondents[] = { "parent-carer", "both", "someone-helping" };
  g_autofree char *code = new_code (gen);
  g_autofree char *service = g_strdup_printf ("bench-%02u", index % N_SERVICES + 1);
  gboolean adult = agg_demo_chance (gen->random, 0.25);
  guint32 registered = gen->start + g_rand_int_range (gen->random, 0, 40);
  g_autofree char *registered_on = day_string (registered);
  g_autofree char *created_at = g_strconcat (registered_on, "T09:30:00Z", NULL);
  const char *respondent = respondents[g_rand_int_range (gen->random, 0, 3)];
  double trend = g_rand_double_range (gen->random, -0.3, 1.2);
  double qol_start = g_rand_double_range (gen->random, 0.8, 2.2);
  gboolean renegotiates = agg_demo_chance (gen->random, 0.1);
  guint32 day = registered + g_rand_int_range (gen->random, 7, 21);
  guint n_goals, version;
  gint64 child_id;

  child_id = agg_demo_writer_add_child (gen->writer, code, service,
                                        adult ? "18-25" : "under-18", created_at, error);
  if (child_id == 0)
    return FALSE;

  /* Eligibility (docs/domain.md §5): under 18 rated red, amber or blue; 18 to 25
   * rated blue.  A third are rated again later in the year. */
  if (!agg_demo_writer_add_dsr (gen->writer, child_id,
                                adult ? "blue" : ratings[g_rand_int_range (gen->random, 0, 3)],
                                registered_on, error))
    return FALSE;
  if (agg_demo_chance (gen->random, 0.33))
    {
      g_autofree char *later = day_string (registered + g_rand_int_range (gen->random, 60, 300));

      if (!agg_demo_writer_add_dsr (gen->writer, child_id,
                                    ratings[g_rand_int_range (gen->random, 0, 4)], later, error))
        return FALSE;
    }

  if (!add_goal_set (gen, child_id, day, &n_goals, &version, error))
    return FALSE;
  for (guint r = 1; r <= 4; r++)
    {
      day += g_rand_int_range (gen->random, 60, 76);
      if (renegotiates && r == 3)
        {
          /* New goals a week after the second review: a new baseline. */
          if (!add_goal_set (gen, child_id, day, &n_goals, &version, error))
            return FALSE;
          day += g_rand_int_range (gen->random, 40, 60);
          if (!add_review (gen, child_id, respondent, day, n_goals, version, trend, error))
            return FALSE;
          break;
        }
      if (!add_review (gen, child_id, respondent, day, n_goals, version, trend * r * 0.8, error))
        return FALSE;
    }

  day = registered + g_rand_int_range (gen->random, 10, 30);
  for (guint q = 0; q < 5; q++, day += g_rand_int_range (gen->random, 60, 70))
    {
      g_autoptr(JsonNode) answers = make_qol (gen, qol_start + 0.35 * trend * MIN (q, 3));
      g_autofree char *at = time_string (gen->random, day);

      if (!agg_demo_writer_add_submission (gen->writer, child_id, "family-qol", "parent-carer",
                                           at, answers, 0, NULL, error))
        return FALSE;
    }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AggDb) db = NULL;
  g_autoptr(AggFormRegistry) forms = NULL;
  g_autoptr(GRand) random = NULL;
  g_autoptr(GHashTable) codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GDate) end = g_date_new_dmy (END_DAY, END_MONTH, END_YEAR);
  Generator gen = { 0 };
  guint64 n_children;
  guint64 seed = 1;
  gint64 started = g_get_monotonic_time ();

  if ((argc != 3 && argc != 4)
      || !g_ascii_string_to_unsigned (argv[2], 10, 1, 10000000, &n_children, NULL)
      || (argc == 4 && !g_ascii_string_to_unsigned (argv[3], 10, 0, G_MAXUINT32, &seed, NULL)))
    {
      fprintf (stderr, "usage: bench-national DB CHILDREN [SEED]\n");
      return 2;
    }

  db = agg_db_open (argv[1], &error);
  if (db != NULL)
    forms = agg_form_registry_new_from_dir (agg_form_registry_default_dir (), &error);
  if (forms == NULL
      || !agg_db_exec (db, "PRAGMA synchronous = OFF", &error)
      || !agg_db_exec (db, "PRAGMA cache_size = -1048576", &error)
      || !agg_db_begin (db, &error))
    goto failed;

  random = g_rand_new_with_seed (seed);
  gen.random = random;
  gen.codes = codes;
  gen.start = g_date_get_julian (end) - 364;
  gen.writer = agg_demo_writer_new (db, forms, random, &error);
  if (gen.writer == NULL)
    goto failed;

  for (guint s = 1; s <= N_SERVICES; s++)
    {
      g_autofree char *id = g_strdup_printf ("bench-%02u", s);
      g_autofree char *name = g_strdup_printf ("Synthetic Service %02u", s);

      if (!agg_demo_writer_add_service (gen.writer, id, name, "2024-01-01T08:00:00Z", &error))
        goto failed;
    }

  for (guint c = 0; c < n_children; c++)
    {
      if (!add_child (&gen, c, &error))
        goto failed;
      /* Commit now and then so the write-ahead log stays small. */
      if (c % CHILDREN_PER_COMMIT == CHILDREN_PER_COMMIT - 1)
        {
          if (!agg_db_commit (db, &error) || !agg_db_begin (db, &error))
            goto failed;
        }
    }

  printf ("children=%u submissions=%u seconds=%.1f\n", (guint) n_children,
          agg_demo_writer_get_n_submissions (gen.writer),
          (g_get_monotonic_time () - started) / 1e6);
  g_clear_pointer (&gen.writer, agg_demo_writer_free);
  if (!agg_db_commit (db, &error)
      || !agg_db_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", &error))
    goto failed;
  return 0;

failed:
  g_clear_pointer (&gen.writer, agg_demo_writer_free);
  fprintf (stderr, "bench-national: %s\n", error->message);
  return 1;
}
