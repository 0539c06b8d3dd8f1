/* agg-demo.c — a year of synthetic keyworking data.
 *
 * Everything here is made up and says so: services are "Demo Service
 * North" and so on, goals and comments begin "Demo", and the numbers follow
 * simple rules, not any real service.  The rules are only there so that the
 * reports have something to show: most children improve a little over the
 * year, some do not; some goal sets are renegotiated; services differ in
 * how many families they ask about their experience, so the 7.3 report has
 * green, amber and red quarters.
 *
 * One GRand drives every choice in a fixed order, so one seed and one end
 * date always make the same database.  Rows are written by AggDemoWriter,
 * which checks and scores each submission exactly as ingest does.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kv-child-code.h"
#include "agg-demo-writer.h"
#include "agg-demo.h"
#include "agg-error.h"
#include "kv-answers.h"

static const struct
{
  const char *id;
  const char *name;
  double      p_asked;     /* chance a family is asked in a quarter */
  double      p_positive;  /* chance of a "very good" or "good" FFT answer */
} demo_services[] = {
  { "demo-north",   "Demo Service North",   0.95, 0.88 },
  { "demo-south",   "Demo Service South",   0.70, 0.78 },
  { "demo-east",    "Demo Service East",    0.40, 0.66 },
  { "demo-west",    "Demo Service West",    0.93, 0.82 },
  { "demo-central", "Demo Service Central", 0.60, 0.74 },
  { "demo-coast",   "Demo Service Coast",   0.88, 0.85 },
  { "demo-valley",  "Demo Service Valley",  0.55, 0.70 },
  { "demo-hills",   "Demo Service Hills",   0.97, 0.90 },
};

static const char * const demo_goals[] = {
  "Demo goal: go to the shop with a familiar adult",
  "Demo goal: sleep through the night most nights",
  "Demo goal: spend the whole school morning in class",
  "Demo goal: say when feeling worried, in words or with a card",
  "Demo goal: try one new food each week",
  "Demo goal: travel on the bus with support",
  "Demo goal: join a club once a week",
  "Demo goal: get ready in the morning with one reminder",
  "Demo goal: manage a change of plan without a crisis",
  "Demo goal: spend an hour with a sibling calmly",
  "Demo goal: see the GP for a check-up",
  "Demo goal: take part in planning the next review",
};

static const char * const demo_comments[] = {
  "Demo comment: the keyworker rang back the same day.",
  "Demo comment: it helped to have one person who knew everything.",
  "Demo comment: meetings were easier with the keyworker there.",
  "Demo comment: we would like more notice of changes.",
  "Demo comment: it took a while to get started.",
  "Demo comment: school and health finally talked to each other.",
};

/* Days are GDate Julian day numbers. */
typedef guint32 Day;

static Day
parse_day (const char *date)
{
  int y, m, d;

  if (date == NULL || sscanf (date, "%4d-%2d-%2d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return 0;
  {
    g_autoptr(GDate) g = g_date_new_dmy (d, m, y);

    return g_date_get_julian (g);
  }
}

static void
day_parts (Day  day,
           int *y,
           int *m,
           int *d)
{
  g_autoptr(GDate) g = g_date_new_julian (day);

  *y = g_date_get_year (g);
  *m = g_date_get_month (g);
  *d = g_date_get_day (g);
}

static char *
day_string (Day day)
{
  int y, m, d;

  day_parts (day, &y, &m, &d);
  return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
}

static char *
month_string (Day day)
{
  int y, m, d;

  day_parts (day, &y, &m, &d);
  return g_strdup_printf ("%04d-%02d", y, m);
}

/* A time on @day within clinic hours, in UTC. */
static char *
time_string (GRand *random,
             Day    day)
{
  int y, m, d;

  day_parts (day, &y, &m, &d);
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:00Z", y, m, d,
                          g_rand_int_range (random, 9, 17), g_rand_int_range (random, 0, 60));
}

gboolean
agg_demo_chance (GRand  *random,
                 double  p)
{
  return g_rand_double (random) < p;
}

double
agg_demo_gaussian (GRand *random)
{
  double u = 1.0 - g_rand_double (random);
  double v = g_rand_double (random);

  return sqrt (-2.0 * log (u)) * cos (2.0 * G_PI * v);
}

typedef struct
{
  AggDemoWriter        *writer;
  AggFormRegistry      *forms;
  GRand                *random;
  GHashTable           *codes;
  Day                   start;
  Day                   end;
  guint                 n_services;
  AggDemoStats         *stats;
} Demo;

typedef struct
{
  gint64      id;
  guint       service;
  gboolean    adult;
  Day         registered;
  double      trend;        /* progress per 100 days, in GAS levels */
  double      qol_start;    /* mean quality-of-life level at the start, 0…3 */
  const char *respondent;   /* who usually answers the reviews */
} DemoChild;

static char *
new_code (Demo *demo)
{
  /* Codes are drawn from the seeded generator, not the system's CSPRNG,
   * so a seed repeats; a clash is drawn again. */
  while (TRUE)
    {
      guint8 bytes[KV_CHILD_CODE_RANDOM_BYTES];
      char *code;

      for (guint i = 0; i < sizeof bytes; i++)
        bytes[i] = g_rand_int_range (demo->random, 0, 256);
      code = kv_child_code_new_from_bytes (bytes, sizeof bytes);
      if (!g_hash_table_contains (demo->codes, code))
        {
          g_hash_table_add (demo->codes, code);
          return g_strdup (code);
        }
      g_free (code);
    }
}

static const char *
pick (GRand              *random,
      const char * const *values,
      const double       *weights,
      guint               n)
{
  double total = 0, x;

  for (guint i = 0; i < n; i++)
    total += weights[i];
  x = g_rand_double (random) * total;
  for (guint i = 0; i < n; i++)
    {
      if (x < weights[i])
        return values[i];
      x -= weights[i];
    }
  return values[n - 1];
}

static gboolean
add_dsr_history (Demo       *demo,
                 DemoChild  *child,
                 GError    **error)
{
  static const char * const ratings[] = { "red", "amber", "blue", "green" };
  static const double young[] = { 0.35, 0.45, 0.20, 0.0 };
  static const double later[] = { 0.2, 0.4, 0.05, 0.35 };
  g_autofree char *first_day = day_string (child->registered);
  /* Eligibility (docs/domain.md §5): under 18 rated red, amber or blue; 18 to 25
   * rated blue. */
  const char *first = child->adult ? "blue" : pick (demo->random, ratings, young, 4);

  if (!agg_demo_writer_add_dsr (demo->writer, child->id, first, first_day, error))
    return FALSE;

  if (agg_demo_chance (demo->random, 0.4) && child->registered + 60 < demo->end)
    {
      Day day = child->registered + 30 + g_rand_int_range (demo->random, 0, demo->end - child->registered - 30);
      g_autofree char *date = day_string (day);
      const char *next = pick (demo->random, ratings, later, 4);

      if (!g_str_equal (next, first)
          && !agg_demo_writer_add_dsr (demo->writer, child->id, next, date, error))
        return FALSE;
    }
  return TRUE;
}

/* An empty object node.  json_node_init_object() takes its own reference,
 * so the object is handed over rather than leaked. */
static JsonNode *
new_object_node (void)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, json_object_new ());
  return node;
}

JsonNode *
agg_demo_goals_answers (GRand              *random,
                        guint               n_goals,
                        const char * const *texts,
                        guint               n_texts)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gboolean weighted = agg_demo_chance (random, 0.4);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "goals");
  json_builder_begin_array (builder);
  for (guint g = 0; g < n_goals; g++)
    {
      g_autofree char *id = g_strdup_printf ("g%u", g + 1);
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, id);
      json_builder_set_member_name (builder, "text");
      if (texts != NULL)
        json_builder_add_string_value (builder, texts[g_rand_int_range (random, 0, n_texts)]);
      else
        {
          text = g_strdup_printf ("Synthetic goal %u", g + 1);
          json_builder_add_string_value (builder, text);
        }
      json_builder_set_member_name (builder, "baseline");
      /* docs/domain.md §1: −1 with some ability already, −2 with none. */
      json_builder_add_int_value (builder, agg_demo_chance (random, 0.6) ? -1 : -2);
      if (weighted)
        {
          json_builder_set_member_name (builder, "importance");
          json_builder_add_int_value (builder, g_rand_int_range (random, 1, 4));
          json_builder_set_member_name (builder, "difficulty");
          json_builder_add_int_value (builder, g_rand_int_range (random, 1, 4));
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static JsonNode *
make_goals (Demo *demo,
            guint n_goals)
{
  return agg_demo_goals_answers (demo->random, n_goals, demo_goals, G_N_ELEMENTS (demo_goals));
}

static JsonNode *
make_ratings (Demo      *demo,
              DemoChild *child,
              guint      n_goals,
              double     hundreds_of_days)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n_rated = 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ratings");
  json_builder_begin_object (builder);
  for (guint g = 0; g < n_goals; g++)
    {
      g_autofree char *id = g_strdup_printf ("g%u", g + 1);
      double drift = child->trend * MIN (hundreds_of_days, 3.0) * 1.2 - 1.0
                     + 0.7 * agg_demo_gaussian (demo->random);
      int level = CLAMP ((int) lround (drift), -2, 2);

      /* A few goals are not rated at a review: they are dropped from the
       * score, never imputed (docs/domain.md §1). */
      if (g > 0 && agg_demo_chance (demo->random, 0.05))
        continue;
      json_builder_set_member_name (builder, id);
      if (level == -1 && agg_demo_chance (demo->random, 0.2))
        json_builder_add_string_value (builder, "partial");
      else
        json_builder_add_int_value (builder, level);
      n_rated++;
    }
  g_assert (n_rated > 0);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
add_gas (Demo       *demo,
         DemoChild  *child,
         GError    **error)
{
  Day set_on = MAX (child->registered, demo->start - 120) + g_rand_int_range (demo->random, 7, 22);
  guint n_reviews = 0;

  while (set_on <= demo->end)
    {
      guint n_goals = g_rand_int_range (demo->random, 2, 6);
      g_autoptr(JsonNode) goals = make_goals (demo, n_goals);
      g_autofree char *when = time_string (demo->random, set_on);
      guint version = 0;
      Day review = set_on + g_rand_int_range (demo->random, 60, 101);
      Day renegotiate = 0;

      if (!agg_demo_writer_add_submission (demo->writer, child->id, "gas-goals", "keyworker",
                                           when, goals, 0, &version, error))
        return FALSE;

      for (; review <= demo->end; review += g_rand_int_range (demo->random, 80, 111))
        {
          g_autoptr(JsonNode) ratings = make_ratings (demo, child, n_goals, (review - set_on) / 100.0);
          g_autofree char *at = time_string (demo->random, review);
          const char *respondent = agg_demo_chance (demo->random, 0.15) ? "young-person" : child->respondent;

          if (!agg_demo_writer_add_submission (demo->writer, child->id, "gas-review", respondent,
                                               at, ratings, version, NULL, error))
            return FALSE;
          n_reviews++;

          /* Some families and keyworkers agree new goals after a while. */
          if (n_reviews >= 2 && version == 1 && agg_demo_chance (demo->random, 0.12))
            {
              renegotiate = review + 7;
              break;
            }
        }
      if (renegotiate == 0)
        break;
      set_on = renegotiate;
    }
  return TRUE;
}

static JsonNode *
make_qol (Demo      *demo,
          DemoChild *child,
          KvForm    *form,
          double     hundreds_of_days)
{
  g_autoptr(JsonNode) root = new_object_node ();
  JsonObject *answers = json_node_get_object (root);
  double level = child->qol_start + 0.35 * child->trend * MIN (hundreds_of_days, 3.0);

  /* Answer every shown scale item with the level whose value is nearest a
   * noisy draw around the child's current level. */
  for (guint i = 0; i < kv_form_get_n_items (form); i++)
    {
      const KvItem *item = kv_form_get_item (form, i);
      int value = CLAMP ((int) lround (level + 0.6 * agg_demo_gaussian (demo->random)), 0, 3);
      const KvLevel *best = NULL;

      if (kv_item_get_item_type (item) != KV_ITEM_SCALE || !kv_item_is_shown (item, answers))
        continue;
      for (guint l = 0; l < kv_item_get_n_levels (item); l++)
        {
          const KvLevel *candidate = kv_item_get_level (item, l);

          if (kv_level_has_value (candidate) && kv_level_get_scored (candidate)
              && (best == NULL || abs (kv_level_get_value (candidate) - value)
                                  < abs (kv_level_get_value (best) - value)))
            best = candidate;
        }
      if (best != NULL)
        json_object_set_string_member (answers, kv_item_get_id (item), kv_level_get_id (best));
    }
  return g_steal_pointer (&root);
}

static gboolean
add_qol (Demo       *demo,
         DemoChild  *child,
         GError    **error)
{
  KvForm *form = agg_form_registry_lookup_latest (demo->forms, "family-qol");
  Day first = MAX (child->registered, demo->start - 60) + g_rand_int_range (demo->random, 10, 30);

  if (form == NULL)
    return TRUE;   /* a forms directory without it: nothing to fill */

  for (Day day = first; day <= demo->end; day += g_rand_int_range (demo->random, 60, 101))
    {
      g_autoptr(JsonNode) answers = make_qol (demo, child, form, (day - first) / 100.0);
      g_autofree char *at = time_string (demo->random, day);

      if (!agg_demo_writer_add_submission (demo->writer, child->id, "family-qol", "parent-carer",
                                           at, answers, 0, NULL, error))
        return FALSE;
    }
  return TRUE;
}

static JsonNode *
make_experience (Demo  *demo,
                 guint  service)
{
  static const char * const who[] = { "parent-carer", "young-person", "both", "someone-helping" };
  static const double who_weights[] = { 0.55, 0.2, 0.2, 0.05 };
  static const char * const fft[] = { "very-good", "good", "neither", "poor", "very-poor", "dont-know" };
  static const char * const items[] = {
    "listened", "kept-informed", "involved", "joined-up", "right-time", "understood",
    "easy-to-reach", "crisis",
  };
  static const char * const truth[] = { "certainly-true", "partly-true", "not-true", "dont-know" };
  double positive = demo_services[service].p_positive;
  double fft_weights[] = { positive * 0.6, positive * 0.4, 0.07, (0.93 - positive) * 0.6,
                           (0.93 - positive) * 0.4, 0.03 };
  double truth_weights[] = { positive * 0.7, 0.25, (1 - positive) * 0.5, 0.07 };
  g_autoptr(JsonNode) root = new_object_node ();
  JsonObject *answers = json_node_get_object (root);

  json_object_set_string_member (answers, "who", pick (demo->random, who, who_weights, 4));
  json_object_set_string_member (answers, "fft", pick (demo->random, fft, fft_weights, 6));
  if (agg_demo_chance (demo->random, 0.2))
    json_object_set_string_member (answers, "fft-reason",
                                   demo_comments[g_rand_int_range (demo->random, 0,
                                                                   G_N_ELEMENTS (demo_comments))]);
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    json_object_set_string_member (answers, items[i], pick (demo->random, truth, truth_weights, 4));
  if (agg_demo_chance (demo->random, 0.15))
    json_object_set_string_member (answers, "what-was-good",
                                   demo_comments[g_rand_int_range (demo->random, 0, 3)]);
  if (agg_demo_chance (demo->random, 0.1))
    json_object_set_string_member (answers, "could-be-better",
                                   demo_comments[g_rand_int_range (demo->random, 3, 6)]);
  return g_steal_pointer (&root);
}

static gboolean
add_experience (Demo       *demo,
                DemoChild  *child,
                GError    **error)
{
  Day from = child->registered;
  int y, m, d;

  day_parts (from, &y, &m, &d);

  /* Quarter by quarter (April–June, July–September… as the NHS year runs),
   * the family is asked once in a month of it, or not at all. */
  while (TRUE)
    {
      int first_month = ((m - 1) / 3) * 3 + 1;
      g_autoptr(GDate) quarter_start = g_date_new_dmy (1, first_month, y);
      g_autoptr(GDate) quarter_end = g_date_new_dmy (1, first_month, y);
      Day lo, hi;

      g_date_add_months (quarter_end, 3);
      g_date_subtract_days (quarter_end, 1);
      lo = MAX (from, g_date_get_julian (quarter_start));
      hi = MIN (demo->end, g_date_get_julian (quarter_end));
      if (lo > demo->end)
        break;

      if (lo <= hi && agg_demo_chance (demo->random, demo_services[child->service].p_asked))
        {
          Day day = lo + g_rand_int_range (demo->random, 0, hi - lo + 1);
          g_autofree char *month = month_string (day);
          gboolean completed = agg_demo_chance (demo->random, 0.75);

          if (!agg_demo_writer_add_offer (demo->writer, child->id, month,
                                          completed ? "completed" : "declined", error))
            return FALSE;
          if (completed)
            {
              g_autoptr(JsonNode) answers = make_experience (demo, child->service);
              g_autofree char *at = time_string (demo->random, day);

              if (!agg_demo_writer_add_experience (demo->writer,
                                                   demo_services[child->service].id,
                                                   at, answers, error))
                return FALSE;
            }
        }

      m = first_month + 3;
      if (m > 12)
        {
          m -= 12;
          y++;
        }
    }
  return TRUE;
}

static gboolean
add_child (Demo    *demo,
           GError **error)
{
  static const char * const respondents[] = { "parent-carer", "young-person", "both" };
  static const double respondent_weights[] = { 0.7, 0.15, 0.15 };
  DemoChild child = { 0 };
  g_autofree char *code = new_code (demo);
  g_autofree char *created_at = NULL;
  g_autofree char *registered = NULL;

  child.service = g_rand_int_range (demo->random, 0, demo->n_services);
  child.adult = agg_demo_chance (demo->random, 0.25);
  /* Four in ten were on the caseload before the year began. */
  if (agg_demo_chance (demo->random, 0.4))
    child.registered = demo->start - g_rand_int_range (demo->random, 1, 181);
  else
    child.registered = demo->start + g_rand_int_range (demo->random, 0, 271);
  child.trend = g_rand_double_range (demo->random, -0.3, 1.2);
  child.qol_start = g_rand_double_range (demo->random, 0.8, 2.2);
  child.respondent = pick (demo->random, respondents, respondent_weights, 3);

  registered = day_string (child.registered);
  created_at = g_strconcat (registered, "T09:30:00Z", NULL);
  child.id = agg_demo_writer_add_child (demo->writer, code, demo_services[child.service].id,
                                        child.adult ? "18-25" : "under-18", created_at, error);
  if (child.id == 0)
    return FALSE;

  return add_dsr_history (demo, &child, error)
         && add_gas (demo, &child, error)
         && add_qol (demo, &child, error)
         && add_experience (demo, &child, error);
}

gboolean
agg_demo_fill (AggDb                 *db,
               AggFormRegistry       *forms,
               const AggDemoOptions  *options,
               AggDemoStats          *stats,
               GError               **error)
{
  g_autoptr(GRand) random = NULL;
  g_autoptr(GHashTable) codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(AggDemoWriter) writer = NULL;
  g_autofree char *today = NULL;
  AggDemoStats local_stats = { 0 };
  Demo demo = { 0 };
  Day end;

  g_return_val_if_fail (AGG_IS_DB (db), FALSE);
  g_return_val_if_fail (AGG_IS_FORM_REGISTRY (forms), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);

  if (options->end == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      today = g_date_time_format (now, "%Y-%m-%d");
    }
  end = parse_day (options->end != NULL ? options->end : today);
  if (end == 0)
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID,
                   _("the end date must be a date written YYYY-MM-DD"));
      return FALSE;
    }

  random = g_rand_new_with_seed (options->seed);
  demo.forms = forms;
  demo.random = random;
  demo.codes = codes;
  demo.end = end;
  demo.start = end - 364;
  demo.n_services = CLAMP (options->n_children / 40, 2, G_N_ELEMENTS (demo_services));
  demo.stats = stats != NULL ? stats : &local_stats;
  *demo.stats = (AggDemoStats) { 0 };

  /* One transaction: a million rows commit once, and a failure leaves the
   * database as empty as it was.  A transaction that large outgrows
   * SQLite's default 2 MiB page cache and would spill pages to the WAL
   * again and again; a bigger cache, for this connection only, keeps them
   * in memory until the commit. */
  if (!agg_db_set_cache_size (db, 256 * 1024, error) || !agg_db_begin (db, error))
    return FALSE;
  writer = agg_demo_writer_new (db, forms, random, error);
  if (writer == NULL)
    goto failed;
  demo.writer = writer;

  for (guint s = 0; s < demo.n_services; s++)
    {
      g_autofree char *opened = day_string (demo.start - 400);
      g_autofree char *created_at = g_strconcat (opened, "T08:00:00Z", NULL);

      if (!agg_demo_writer_add_service (writer, demo_services[s].id, demo_services[s].name,
                                        created_at, error))
        goto failed;
    }
  for (guint c = 0; c < options->n_children; c++)
    if (!add_child (&demo, error))
      goto failed;

  demo.stats->n_services = demo.n_services;
  demo.stats->n_children = options->n_children;
  demo.stats->n_submissions = agg_demo_writer_get_n_submissions (writer);
  demo.stats->n_offers = agg_demo_writer_get_n_offers (writer);
  demo.stats->n_responses = agg_demo_writer_get_n_responses (writer);

  /* The writer goes before the commit: it holds no statement open, and
   * nothing may write through it after. */
  g_clear_pointer (&writer, agg_demo_writer_free);
  return agg_db_commit (db, error);

failed:
  g_clear_pointer (&writer, agg_demo_writer_free);
  agg_db_rollback (db);
  return FALSE;
}
