/* bench-ingest.c — durable ingest over HTTP, and its limit: raw SQLite.
 *
 *   bench-ingest enrol URL CODE
 *       Enrols a synthetic tablet; prints "DEVICE_ID TOKEN".
 *   bench-ingest http URL TOKEN DB SERVICE COUNT BATCH
 *       Posts COUNT submissions about SERVICE's children (read from DB, a
 *       copy of the server's database) in requests of BATCH, one after the
 *       other on one kept-alive connection, as a tablet does; checks that
 *       every one is answered "stored".
 *   bench-ingest raw FROM INTO DEVICE_ID BATCH
 *       Inserts the submissions DEVICE_ID stored in FROM (and their scores),
 *       in the order they arrived, into INTO (a copy of the database the
 *       server started from) with bare sqlite3 calls: statements prepared
 *       once, one transaction per BATCH submissions, and the durability the
 *       aggregator uses (WAL, synchronous=FULL, foreign keys on).  The
 *       device's token is copied first if INTO does not have it.
 *
 * http and raw print "submissions=N seconds=S rate=R" (submissions per
 * second).  Only the requests (http) and the transactions (raw) are timed:
 * building the bodies and reading the rows happen before the clock starts.
 *
 * The submissions are half family quality of life and half GAS reviews of
 * each child's current goal set, so ingest validates, scores and stores
 * both kinds the aggregator receives most.  Everything is synthetic and
 * every connection is to 127.0.0.1.
 */
#include <curl/curl.h>
#include <glib.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static const char * const qol_items[] = {
  "enjoyment", "control", "self-care", "safety", "social", "own-time", "support",
};
static const char * const qol_levels[] = {
  "as-wanted", "mostly-fine", "not-enough", "serious-problem",
};

typedef struct
{
  char   *code;
  guint   goal_set;     /* 0: no goals set yet */
  GStrv   goal_ids;
} Child;

static void
child_free (gpointer data)
{
  Child *child = data;

  g_free (child->code);
  g_strfreev (child->goal_ids);
  g_free (child);
}

static G_GNUC_NORETURN void
die (const char *format,
     ...)
{
  va_list args;

  va_start (args, format);
  fprintf (stderr, "bench-ingest: ");
  vfprintf (stderr, format, args);
  fprintf (stderr, "\n");
  va_end (args);
  exit (1);
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

static sqlite3 *
open_db (const char *path,
         int         flags)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, flags, NULL) != SQLITE_OK)
    die ("%s: %s", path, db ? sqlite3_errmsg (db) : "cannot open");
  sqlite3_busy_timeout (db, 5000);
  return db;
}

static void
exec (sqlite3    *db,
      const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    die ("%s: %s", sql, message);
}

static sqlite3_stmt *
prepare (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    die ("%s: %s", sql, sqlite3_errmsg (db));
  return stmt;
}

/* ---- HTTP ------------------------------------------------------------ */

static size_t
collect (char   *data,
         size_t  size,
         size_t  count,
         void   *user_data)
{
  g_string_append_len (user_data, data, size * count);
  return size * count;
}

/* One request on @curl (whose connection is kept between calls); returns
 * the HTTP status and the body in @reply. */
static long
request (CURL       *curl,
         const char *url,
         const char *token,
         const char *body,
         GString    *reply)
{
  g_autofree char *authorization = NULL;
  struct curl_slist *headers = NULL;
  long status = 0;
  CURLcode rc;

  g_string_truncate (reply, 0);
  headers = curl_slist_append (headers, "Content-Type: application/json");
  /* As the kiosk: no "Expect: 100-continue" round trip before each body. */
  headers = curl_slist_append (headers, "Expect:");
  if (token != NULL)
    {
      authorization = g_strconcat ("Authorization: Bearer ", token, NULL);
      headers = curl_slist_append (headers, authorization);
    }
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_POSTFIELDS, body);
  curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE, (long) strlen (body));
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, reply);
  /* Never a proxy: the aggregator is on 127.0.0.1. */
  curl_easy_setopt (curl, CURLOPT_NOPROXY, "*");
  rc = curl_easy_perform (curl);
  curl_slist_free_all (headers);
  if (rc != CURLE_OK)
    die ("%s: %s", url, curl_easy_strerror (rc));
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  return status;
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, -1, NULL))
    die ("the reply is not JSON: %.200s", text);
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    die ("the reply is not an object: %.200s", text);
  return json_object_ref (json_node_get_object (root));
}

static int
cmd_enrol (const char *base_url,
           const char *code)
{
  g_autofree char *url = g_strconcat (base_url, "/api/v1/devices", NULL);
  g_autofree char *body = g_strdup_printf ("{\"code\": \"%s\", \"name\": \"Benchmark tablet\"}",
                                           code);
  g_autoptr(GString) reply = g_string_new (NULL);
  g_autoptr(JsonObject) object = NULL;
  CURL *curl = curl_easy_init ();
  long status = request (curl, url, NULL, body, reply);

  curl_easy_cleanup (curl);
  if (status != 201)
    die ("enrolment answered %ld: %s", status, reply->str);
  object = parse_object (reply->str);
  printf ("%s %s\n", json_object_get_string_member (object, "device_id"),
          json_object_get_string_member (object, "token"));
  return 0;
}

/* The children of @service, with their current goal sets. */
static GPtrArray *
load_children (const char *path,
               const char *service)
{
  GPtrArray *children = g_ptr_array_new_with_free_func (child_free);
  sqlite3 *db = open_db (path, SQLITE_OPEN_READONLY);
  g_autoptr(sqlite3_stmt) stmt = prepare (db,
    "SELECT c.code, g.version, g.goals FROM children AS c"
    "  LEFT JOIN goal_sets AS g ON g.child_id = c.id"
    "   AND g.version = (SELECT max (version) FROM goal_sets WHERE child_id = c.id)"
    " WHERE c.service_id = ?1 ORDER BY c.code");

  sqlite3_bind_text (stmt, 1, service, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Child *child = g_new0 (Child, 1);

      child->code = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      child->goal_set = sqlite3_column_int (stmt, 1);
      if (child->goal_set > 0)
        {
          g_autoptr(JsonParser) parser = json_parser_new ();
          g_autoptr(GPtrArray) ids = g_ptr_array_new ();
          JsonArray *goals;

          if (!json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 2),
                                           -1, NULL))
            die ("a stored goal set is not JSON");
          goals = json_node_get_array (json_parser_get_root (parser));
          for (guint i = 0; i < json_array_get_length (goals); i++)
            g_ptr_array_add (ids, g_strdup (json_object_get_string_member (
                                              json_array_get_object_element (goals, i), "id")));
          g_ptr_array_add (ids, NULL);
          child->goal_ids = (GStrv) g_ptr_array_steal (ids, NULL);
        }
      g_ptr_array_add (children, child);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_close (db);
  if (children->len == 0)
    die ("%s has no children in service %s", path, service);
  return children;
}

/* One submission as a tablet would send it: even numbers are family
 * quality of life, odd ones a GAS review when the child has goals. */
static void
add_submission (JsonBuilder *builder,
                GRand       *random,
                const Child *child,
                guint        n)
{
  g_autofree char *id = g_uuid_string_random ();
  int day = 1 + n % 28;
  int month = 1 + (n / 28) % 12;
  g_autofree char *started = g_strdup_printf ("2025-%02d-%02dT10:%02d:00+01:00", month, day,
                                              n % 50);
  g_autofree char *completed = g_strdup_printf ("2025-%02d-%02dT10:%02d:40+01:00", month, day,
                                                n % 50 + 5);
  gboolean review = (n % 2 == 1) && child->goal_set > 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "form");
  json_builder_add_string_value (builder, review ? "gas-review" : "family-qol");
  json_builder_set_member_name (builder, "form_version");
  json_builder_add_int_value (builder, 1);
  if (review)
    {
      json_builder_set_member_name (builder, "goal_set");
      json_builder_add_int_value (builder, child->goal_set);
    }
  json_builder_set_member_name (builder, "child");
  json_builder_add_string_value (builder, child->code);
  json_builder_set_member_name (builder, "respondent");
  json_builder_add_string_value (builder, "parent-carer");
  json_builder_set_member_name (builder, "mode");
  json_builder_add_string_value (builder, "self");
  json_builder_set_member_name (builder, "locale");
  json_builder_add_string_value (builder, "en_GB");
  json_builder_set_member_name (builder, "easy_read");
  json_builder_add_boolean_value (builder, n % 5 == 0);
  json_builder_set_member_name (builder, "started_at");
  json_builder_add_string_value (builder, started);
  json_builder_set_member_name (builder, "completed_at");
  json_builder_add_string_value (builder, completed);
  json_builder_set_member_name (builder, "answers");
  json_builder_begin_object (builder);
  if (review)
    {
      json_builder_set_member_name (builder, "ratings");
      json_builder_begin_object (builder);
      for (guint g = 0; child->goal_ids[g] != NULL; g++)
        {
          json_builder_set_member_name (builder, child->goal_ids[g]);
          json_builder_add_int_value (builder, g_rand_int_range (random, -2, 3));
        }
      json_builder_end_object (builder);
    }
  else
    {
      for (guint i = 0; i < G_N_ELEMENTS (qol_items); i++)
        {
          json_builder_set_member_name (builder, qol_items[i]);
          json_builder_add_string_value (builder, qol_levels[g_rand_int_range (random, 0, 4)]);
        }
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static int
cmd_http (const char *base_url,
          const char *token,
          const char *db_path,
          const char *service,
          guint       count,
          guint       batch)
{
  g_autoptr(GPtrArray) children = load_children (db_path, service);
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) random = g_rand_new_with_seed (42);
  g_autofree char *url = g_strconcat (base_url, "/api/v1/submissions", NULL);
  g_autoptr(GString) reply = g_string_new (NULL);
  CURL *curl;
  gint64 start;
  double seconds;
  guint stored = 0;

  /* Every body is built before the clock starts: the tablet's work is
   * not the aggregator's. */
  for (guint n = 0; n < count; n += batch)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "submissions");
      json_builder_begin_array (builder);
      for (guint i = n; i < MIN (count, n + batch); i++)
        add_submission (builder, random, g_ptr_array_index (children, i % children->len), i);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      g_ptr_array_add (bodies, json_to_string (root, FALSE));
    }

  curl = curl_easy_init ();
  start = g_get_monotonic_time ();
  for (guint b = 0; b < bodies->len; b++)
    {
      long status = request (curl, url, token, g_ptr_array_index (bodies, b), reply);
      g_autoptr(JsonObject) object = NULL;
      JsonArray *statuses;

      if (status != 200)
        die ("request %u answered %ld: %.300s", b, status, reply->str);
      object = parse_object (reply->str);
      statuses = json_object_get_array_member (object, "submissions");
      for (guint i = 0; i < json_array_get_length (statuses); i++)
        {
          JsonObject *item = json_array_get_object_element (statuses, i);

          if (!g_str_equal (json_object_get_string_member (item, "status"), "stored"))
            die ("a submission was not stored: %.300s", reply->str);
          stored++;
        }
    }
  seconds = seconds_since (start);
  curl_easy_cleanup (curl);

  if (stored != count)
    die ("%u of %u submissions stored", stored, count);
  printf ("submissions=%u seconds=%.3f rate=%.1f\n", count, seconds, count / seconds);
  return 0;
}

/* ---- Raw SQLite --------------------------------------------------------- */

#define N_SUBMISSION_COLUMNS 18
#define N_SCORE_COLUMNS 9

typedef struct
{
  sqlite3_value *submission[N_SUBMISSION_COLUMNS];
  GPtrArray     *scores;   /* of sqlite3_value *[N_SCORE_COLUMNS] */
} Row;

static void
values_free (sqlite3_value **values,
             guint           n)
{
  for (guint i = 0; i < n; i++)
    sqlite3_value_free (values[i]);
}

static void
score_free (gpointer data)
{
  values_free (data, N_SCORE_COLUMNS);
  g_free (data);
}

static void
row_free (gpointer data)
{
  Row *row = data;

  values_free (row->submission, N_SUBMISSION_COLUMNS);
  g_ptr_array_unref (row->scores);
  g_free (row);
}

static int
cmd_raw (const char *from,
         const char *into,
         const char *device_id,
         guint       batch)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (row_free);
  sqlite3 *source = open_db (from, SQLITE_OPEN_READONLY);
  sqlite3 *db;
  gint64 start;
  double seconds;

  /* The rows exactly as the aggregator stored them, in arrival order:
   * the same rows, so the same bytes go to disk. */
  {
    g_autoptr(sqlite3_stmt) submissions = prepare (source,
      "SELECT id, content_hash, form_id, form_version, form_kind, child_id, device_id,"
      "       respondent, mode, locale, easy_read, started_at, completed_at, completed_utc,"
      "       completed_on, goal_set_version, answers, received_at"
      "  FROM submissions WHERE device_id = ?1 ORDER BY rowid");
    g_autoptr(sqlite3_stmt) scores = prepare (source,
      "SELECT submission_id, measure, kind, score, k, n, pct_expected, status, flags"
      "  FROM scores WHERE submission_id = ?1");

    sqlite3_bind_text (submissions, 1, device_id, -1, SQLITE_STATIC);
    while (sqlite3_step (submissions) == SQLITE_ROW)
      {
        Row *row = g_new0 (Row, 1);

        row->scores = g_ptr_array_new_with_free_func (score_free);
        for (guint i = 0; i < N_SUBMISSION_COLUMNS; i++)
          row->submission[i] = sqlite3_value_dup (sqlite3_column_value (submissions, i));
        sqlite3_bind_value (scores, 1, row->submission[0]);
        while (sqlite3_step (scores) == SQLITE_ROW)
          {
            sqlite3_value **values = g_new0 (sqlite3_value *, N_SCORE_COLUMNS);

            for (guint i = 0; i < N_SCORE_COLUMNS; i++)
              values[i] = sqlite3_value_dup (sqlite3_column_value (scores, i));
            g_ptr_array_add (row->scores, values);
          }
        sqlite3_reset (scores);
        g_ptr_array_add (rows, row);
      }
  }
  sqlite3_close (source);
  if (rows->len == 0)
    die ("%s holds no submissions from device %s", from, device_id);

  db = open_db (into, SQLITE_OPEN_READWRITE);
  exec (db, "PRAGMA journal_mode = WAL");
  exec (db, "PRAGMA synchronous = FULL");
  exec (db, "PRAGMA foreign_keys = ON");

  /* The device's token, if INTO predates the enrolment, so the rows'
   * foreign key holds; not timed. */
  {
    g_autoptr(sqlite3_stmt) attach = prepare (db, "ATTACH ?1 AS source");
    g_autoptr(sqlite3_stmt) token = NULL;

    sqlite3_bind_text (attach, 1, from, -1, SQLITE_STATIC);
    if (sqlite3_step (attach) != SQLITE_DONE)
      die ("ATTACH %s: %s", from, sqlite3_errmsg (db));
    token = prepare (db, "INSERT OR IGNORE INTO main.tokens SELECT * FROM source.tokens WHERE id = ?1");
    sqlite3_bind_text (token, 1, device_id, -1, SQLITE_STATIC);
    if (sqlite3_step (token) != SQLITE_DONE)
      die ("copying the device's token: %s", sqlite3_errmsg (db));
    g_clear_pointer (&token, sqlite3_finalize);
    exec (db, "DETACH source");
  }

  {
    g_autoptr(sqlite3_stmt) insert_submission = prepare (db,
      "INSERT INTO submissions (id, content_hash, form_id, form_version, form_kind, child_id,"
      "                         device_id, respondent, mode, locale, easy_read, started_at,"
      "                         completed_at, completed_utc, completed_on, goal_set_version,"
      "                         answers, received_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)");
    g_autoptr(sqlite3_stmt) insert_score = prepare (db,
      "INSERT INTO scores (submission_id, measure, kind, score, k, n, pct_expected, status, flags)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");

    start = g_get_monotonic_time ();
    for (guint r = 0; r < rows->len; r++)
      {
        Row *row = g_ptr_array_index (rows, r);

        if (r % batch == 0)
          exec (db, "BEGIN IMMEDIATE");
        for (guint i = 0; i < N_SUBMISSION_COLUMNS; i++)
          sqlite3_bind_value (insert_submission, i + 1, row->submission[i]);
        if (sqlite3_step (insert_submission) != SQLITE_DONE)
          die ("insert: %s", sqlite3_errmsg (db));
        sqlite3_reset (insert_submission);
        for (guint s = 0; s < row->scores->len; s++)
          {
            sqlite3_value **values = g_ptr_array_index (row->scores, s);

            for (guint i = 0; i < N_SCORE_COLUMNS; i++)
              sqlite3_bind_value (insert_score, i + 1, values[i]);
            if (sqlite3_step (insert_score) != SQLITE_DONE)
              die ("insert: %s", sqlite3_errmsg (db));
            sqlite3_reset (insert_score);
          }
        if (r % batch == batch - 1 || r == rows->len - 1)
          exec (db, "COMMIT");
      }
    seconds = seconds_since (start);
  }
  sqlite3_close (db);

  printf ("submissions=%u seconds=%.3f rate=%.1f\n", rows->len, seconds, rows->len / seconds);
  return 0;
}

static guint
parse_count (const char *text)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT32, &value, NULL))
    die ("not a positive number: %s", text);
  return value;
}

int
main (int   argc,
      char *argv[])
{
  curl_global_init (CURL_GLOBAL_DEFAULT);

  if (argc == 4 && g_str_equal (argv[1], "enrol"))
    return cmd_enrol (argv[2], argv[3]);
  if (argc == 8 && g_str_equal (argv[1], "http"))
    return cmd_http (argv[2], argv[3], argv[4], argv[5], parse_count (argv[6]),
                     parse_count (argv[7]));
  if (argc == 6 && g_str_equal (argv[1], "raw"))
    return cmd_raw (argv[2], argv[3], argv[4], parse_count (argv[5]));

  fprintf (stderr,
           "usage: bench-ingest enrol URL CODE\n"
           "       bench-ingest http URL TOKEN DB SERVICE COUNT BATCH\n"
           "       bench-ingest raw FROM INTO DEVICE_ID BATCH\n");
  return 2;
}
