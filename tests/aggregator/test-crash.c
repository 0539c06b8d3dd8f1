/* test-crash.c — the real keyvoice-aggregator is killed with SIGKILL at
 * random moments while a client posts batches, and restarted.  Every id
 * the client saw acknowledged (stored or duplicate) must be in the
 * database exactly once, an acknowledged id must never be "stored" a
 * second time, and the database must pass PRAGMA integrity_check.
 *
 * The client behaves like the kiosk: an item stays queued until a reply
 * names it stored or duplicate, and is then resent with the same
 * content.
 *
 * How many batches are answered depends on how fast the machine is, so
 * that is not what is checked; only that some were answered while the
 * server was being killed, without which the run would prove nothing.
 * Under the sanitizers and valgrind (KEYVOICE_TEST_SLOWDOWN) the server
 * lives correspondingly longer between kills. */
#include "config.h"

#include <curl/curl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agg-admin.h"
#include "agg-db-private.h"
#include "agg-test-util.h"

#define KILLS       20
#define BATCH_NEW   40
/* The most queued items one batch carries, like the kiosk's uploader. */
#define BATCH_MAX   100
/* Batches that must be answered before the calm run, so that acknowledged
 * ids did live through kills.  A normal build answers far more. */
#define MIN_ANSWERED_UNDER_FIRE 5

typedef struct
{
  GMutex      lock;
  char       *url;          /* NULL while the server is down */
  gboolean    stop;
  const char *token;
  const char *children[2];
  GHashTable *acked;        /* id → the content acknowledged */
  GHashTable *queued;       /* id → content still to deliver */
  guint       next;
  guint       posts_ok;
  guint       posts_failed;
  guint       stored_twice; /* acknowledged, then "stored" again: a double */
  guint       reply_lost;   /* first acknowledged as "duplicate": the server
                             * committed, then died before replying */
} Client;

static char *
new_submission (Client *client)
{
  static const char * const items[] = {
    "enjoyment", "control", "self-care", "safety", "social", "own-time", "support", NULL
  };
  static const char * const levels[] = { "as-wanted", "mostly-fine", "not-enough", "serious-problem" };
  g_autoptr(JsonObject) submission = agg_test_submission ("family-qol", client->children[client->next % 2]);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *answers = json_object_new ();

  for (guint i = 0; items[i] != NULL; i++)
    json_object_set_string_member (answers, items[i], levels[(client->next + i) % 4]);
  json_object_set_object_member (submission, "answers", answers);
  client->next++;
  node = json_node_init_object (json_node_alloc (), submission);
  return json_to_string (node, FALSE);
}

/* One batch: queued items (new ones are queued while the queue is short),
 * and a few acknowledged ones again (they must come back "duplicate"). */
static void
post_once (Client *client)
{
  g_autoptr(GString) body = g_string_new ("{\"submissions\": [");
  g_autoptr(GHashTable) sent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *url = NULL;
  g_autofree char *reply = NULL;
  g_autoptr(JsonObject) object = NULL;
  GHashTableIter iter;
  gpointer id, content;
  guint n = 0, resent = 0;
  long status;

  g_mutex_lock (&client->lock);
  if (client->url != NULL)
    url = g_strconcat (client->url, "api/v1/submissions", NULL);
  for (guint i = 0; g_hash_table_size (client->queued) < BATCH_MAX - BATCH_NEW && i < BATCH_NEW; i++)
    {
      char *json = new_submission (client);
      g_autoptr(JsonObject) parsed = agg_test_parse_object (json);

      g_hash_table_insert (client->queued, g_strdup (json_object_get_string_member (parsed, "id")), json);
    }
  g_hash_table_iter_init (&iter, client->queued);
  while (g_hash_table_size (sent) < BATCH_MAX && g_hash_table_iter_next (&iter, &id, &content))
    g_hash_table_insert (sent, g_strdup (id), g_strdup (content));
  g_hash_table_iter_init (&iter, client->acked);
  while (resent < 5 && g_hash_table_iter_next (&iter, &id, &content))
    {
      g_hash_table_insert (sent, g_strdup (id), g_strdup (content));
      resent++;
    }
  g_mutex_unlock (&client->lock);

  if (url == NULL)
    {
      g_usleep (2000);
      return;
    }

  g_hash_table_iter_init (&iter, sent);
  while (g_hash_table_iter_next (&iter, &id, &content))
    g_string_append_printf (body, "%s%s", n++ > 0 ? ", " : "", (char *) content);
  g_string_append (body, "]}");

  status = agg_test_http ("POST", url, client->token, "application/json", body->str, body->len, &reply);

  g_mutex_lock (&client->lock);
  if (status != 200)
    {
      /* Only an explicit status in a JSON reply counts as delivered. */
      client->posts_failed++;
      g_mutex_unlock (&client->lock);
      return;
    }
  client->posts_ok++;
  object = agg_test_parse_object (reply);
  {
    JsonArray *items = json_object_get_array_member (object, "submissions");

    g_assert_cmpuint (json_array_get_length (items), ==, g_hash_table_size (sent));
    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        JsonObject *item = json_array_get_object_element (items, i);
        const char *item_id = json_object_get_string_member (item, "id");
        const char *item_status = json_object_get_string_member (item, "status");

        g_assert_true (g_str_equal (item_status, "stored") || g_str_equal (item_status, "duplicate"));
        if (g_hash_table_contains (client->acked, item_id))
          {
            if (g_str_equal (item_status, "stored"))
              client->stored_twice++;
            continue;
          }
        if (g_str_equal (item_status, "duplicate"))
          client->reply_lost++;
        g_hash_table_insert (client->acked, g_strdup (item_id),
                             g_strdup (g_hash_table_lookup (sent, item_id)));
        g_hash_table_remove (client->queued, item_id);
      }
  }
  g_mutex_unlock (&client->lock);
}

static gpointer
client_thread (gpointer data)
{
  Client *client = data;

  while (TRUE)
    {
      gboolean stop;

      g_mutex_lock (&client->lock);
      stop = client->stop;
      g_mutex_unlock (&client->lock);
      if (stop)
        return NULL;
      post_once (client);
    }
}

static void
stop_server (GPid pid,
             int  signal_number)
{
  int status;

  g_assert_cmpint (kill (pid, signal_number), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
}

static void
set_url (Client     *client,
         const char *url)
{
  g_mutex_lock (&client->lock);
  g_free (client->url);
  client->url = g_strdup (url);
  g_mutex_unlock (&client->lock);
}

static void
test_killed_at_random (void)
{
  g_autofree char *dir = agg_test_make_dir ();
  g_autofree char *db_path = g_build_filename (dir, "crash.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *child_a = NULL;
  g_autofree char *child_b = NULL;
  g_autofree char *code = NULL;
  g_auto(AggEnrolment) enrolment = { 0 };
  g_autoptr(AggDb) db = NULL;
  g_autofree char *service = NULL;
  g_autofree char *check = NULL;
  Client client = { 0 };
  GThread *thread;
  GHashTableIter iter;
  gpointer id;
  guint slowdown = agg_test_slowdown ();
  guint answered_under_fire;
  guint acked_under_fire;

  /* The world, made before the server ever runs. */
  db = agg_db_open (db_path, &error);
  g_assert_no_error (error);
  service = agg_admin_add_service (db, "Test Crash Service", "test-crash", "cli:test", &error);
  child_a = agg_admin_add_child (db, "test-crash", "under-18", "red", NULL, "cli:test", &error);
  child_b = agg_admin_add_child (db, "test-crash", "18-25", "blue", NULL, "cli:test", &error);
  code = agg_admin_create_enrolment_code (db, "test-crash", 1, "cli:test", &error);
  g_assert_true (agg_admin_enrol_device (db, code, "Test tablet", &enrolment, &error));
  g_assert_no_error (error);
  g_clear_object (&db);

  g_mutex_init (&client.lock);
  client.token = enrolment.token;
  client.children[0] = child_a;
  client.children[1] = child_b;
  client.acked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  client.queued = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  thread = g_thread_new ("client", client_thread, &client);

  for (guint round = 0; round < KILLS; round++)
    {
      g_autofree char *url = NULL;
      GPid pid = agg_test_start_server (db_path, NULL, &url);

      set_url (&client, url);
      /* A random moment within a few batches' time, however slow the
       * build: too short, and no batch is ever answered before a kill. */
      g_usleep ((gulong) g_test_rand_int_range (20, 250) * 1000 * slowdown);
      /* Kill first, then tell the client: it must cope with a server that
       * vanishes mid-request. */
      stop_server (pid, SIGKILL);
      set_url (&client, NULL);
    }

  g_mutex_lock (&client.lock);
  answered_under_fire = client.posts_ok;
  acked_under_fire = g_hash_table_size (client.acked);
  g_mutex_unlock (&client.lock);

  /* A last, calm run delivers whatever is still queued. */
  {
    g_autofree char *url = NULL;
    GPid pid = agg_test_start_server (db_path, NULL, &url);
    gint64 deadline = g_get_monotonic_time () + (gint64) 10 * G_USEC_PER_SEC * slowdown;
    guint queued;

    set_url (&client, url);
    do
      {
        g_usleep (20000);
        g_mutex_lock (&client.lock);
        queued = g_hash_table_size (client.queued);
        if (queued == 0 || g_get_monotonic_time () > deadline)
          client.stop = TRUE;
        g_mutex_unlock (&client.lock);
      }
    while (!client.stop);
    g_thread_join (thread);
    stop_server (pid, SIGKILL);
  }

  g_test_message ("slowdown %u: %u batches answered (%u of them, for %u ids, while the "
                  "server was being killed), %u not; %u ids acknowledged, %u of them after "
                  "a reply was lost", slowdown, client.posts_ok, answered_under_fire,
                  acked_under_fire, client.posts_failed, g_hash_table_size (client.acked),
                  client.reply_lost);
  g_assert_cmpuint (answered_under_fire, >=, MIN_ANSWERED_UNDER_FIRE);
  g_assert_cmpuint (client.stored_twice, ==, 0);

  db = agg_db_open (db_path, &error);
  g_assert_no_error (error);
  {
    g_autoptr(sqlite3_stmt) stmt = agg_db_prepare (db, "PRAGMA integrity_check", &error);

    g_assert_cmpint (agg_db_step (db, stmt, &error), ==, SQLITE_ROW);
    g_assert_cmpstr (agg_db_column_text (stmt, 0), ==, "ok");
  }

  /* Every acknowledged id is there exactly once, with the content that was
   * acknowledged, and nothing else is. */
  g_hash_table_iter_init (&iter, client.acked);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    {
      g_autoptr(sqlite3_stmt) stmt = agg_db_prepare (db, "SELECT count(*) FROM submissions WHERE id = ?1", &error);

      agg_db_bind_text (stmt, 1, id);
      g_assert_cmpint (agg_db_step (db, stmt, &error), ==, SQLITE_ROW);
      g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
    }
  g_assert_cmpint (g_hash_table_size (client.queued), ==, 0);
  g_assert_cmpint (agg_test_count (db, "SELECT count(*) FROM submissions"), ==, g_hash_table_size (client.acked));
  g_assert_cmpint (agg_test_count (db, "SELECT count(*) FROM scores"), ==, g_hash_table_size (client.acked));

  g_hash_table_unref (client.acked);
  g_hash_table_unref (client.queued);
  g_free (client.url);
  g_mutex_clear (&client.lock);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  curl_global_init (CURL_GLOBAL_DEFAULT);

  g_test_add_func ("/aggregator/crash/killed-at-random", test_killed_at_random);

  return g_test_run ();
}
