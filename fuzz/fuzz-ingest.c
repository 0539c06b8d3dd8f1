/* fuzz-ingest.c — the aggregator's upload endpoint under libFuzzer.
 *
 * The input is the body of a POST /api/v1/submissions from an enrolled
 * tablet, handed to agg_api_handle() as AggServer would hand it over, but
 * without a socket.  Nothing is filtered: the body goes through the
 * aggregator's own JSON reading, envelope checks, form validation, sealed
 * boxes, scoring and storage.  What must hold for any body:
 *
 * - the reply is 200 with a status for every item, or a clear 400 or 413;
 *   never a server error, because bad input is not a failure of ours;
 * - sending the same body again stores nothing twice: every item stored
 *   the first time is a duplicate the second time, and a duplicate or a
 *   conflict stays one (docs/api.md, "nothing lost, nothing doubled" of
 *   docs/stress.md).
 *
 * Every input starts from the same small synthetic world, restored from a
 * snapshot, so that a crash replays from its input alone.  The world has
 * two services, a child in each and goal set 1 for the first child.  A
 * body names the children by the placeholders @CHILD-A@ and @CHILD-B@,
 * because their real codes are random.  The key that opens sealed boxes
 * is the made-up FUZZ_SECRET_KEY below, so seeds can carry sealed answers.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sodium.h>

#include "agg-admin.h"
#include "agg-api.h"
#include "agg-db-private.h"
#include "fuzz-common.h"

#define INGEST_ACTOR "cli:fuzz"

/* Obviously not a real key: the sealed seeds in fuzz/corpus/fuzz-ingest/
 * are sealed to the public key that follows from it. */
static const char ingest_secret_key[] = "Keyvoice fuzz key, made up here!";

typedef struct
{
  char            *dir;
  AggDb           *db;
  AggFormRegistry *forms;
  AggKeys         *keys;
  AggApi          *api;
  sqlite3         *snapshot;
  char            *authorization;
  char            *child_a;
  char            *child_b;
} IngestWorld;

static IngestWorld ingest_world;

static void
ingest_call (GBytes      *body,
             AggResponse *response)
{
  AggRequest request = {
    .method = "POST",
    .path = "/api/v1/submissions",
    .authorization = ingest_world.authorization,
    .content_type = "application/json",
    .body = body,
    .remote = "127.0.0.1",
  };

  memset (response, 0, sizeof *response);
  agg_api_handle (ingest_world.api, &request, response);
}

static void
ingest_remove_world (void)
{
  static const char * const files[] = {
    "fuzz.db", "fuzz.db-wal", "fuzz.db-shm", "fuzz.db-journal", "fuzz.key",
  };

  g_clear_object (&ingest_world.api);
  g_clear_object (&ingest_world.keys);
  g_clear_object (&ingest_world.forms);
  g_clear_object (&ingest_world.db);
  g_clear_pointer (&ingest_world.snapshot, sqlite3_close);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (ingest_world.dir, files[i], NULL);

      g_remove (path);
    }
  g_rmdir (ingest_world.dir);
}

static char *
ingest_add_child (const char *service,
                  const char *age_band,
                  const char *dsr)
{
  g_autoptr(GError) error = NULL;
  char *code = agg_admin_add_child (ingest_world.db, service, age_band, dsr, "2026-01-10",
                                    INGEST_ACTOR, &error);

  if (code == NULL)
    g_error ("cannot add a child: %s", error->message);
  return code;
}

/* Copies the whole of @from into @to, page by page. */
static void
ingest_copy_database (sqlite3 *to,
                      sqlite3 *from)
{
  sqlite3_backup *backup = sqlite3_backup_init (to, "main", from, "main");
  int rc;

  if (backup == NULL)
    g_error ("cannot copy the database: %s", sqlite3_errmsg (to));
  rc = sqlite3_backup_step (backup, -1);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    g_error ("cannot copy the database: %s", sqlite3_errstr (rc));
}

/* The synthetic world, made once in a directory of its own under
 * $TMPDIR.  fuzz/run points TMPDIR at tmpfs, because every input commits
 * with synchronous=FULL, and removes it afterwards, because a crash ends
 * the process before it can tidy up. */
static void
ingest_make_world (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *enrolment_code = NULL;
  g_autofree char *service = NULL;
  g_auto(AggEnrolment) enrolment = { 0 };
  g_autoptr(GBytes) goals = NULL;
  g_auto(AggResponse) response = { 0 };
  g_autofree char *goals_body = NULL;
  const char *base = g_get_tmp_dir ();
  int fd;

  if (sodium_init () < 0)
    g_error ("libsodium does not start");

  ingest_world.dir = g_build_filename (base, "kv-fuzz-ingest-XXXXXX", NULL);
  if (g_mkdtemp (ingest_world.dir) == NULL)
    g_error ("cannot make a directory in %s: %s", base, g_strerror (errno));
  atexit (ingest_remove_world);

  key_path = g_build_filename (ingest_world.dir, "fuzz.key", NULL);
  fd = g_open (key_path, O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0 || write (fd, ingest_secret_key, crypto_box_SECRETKEYBYTES)
                != crypto_box_SECRETKEYBYTES)
    g_error ("cannot write the key file");
  close (fd);

  db_path = g_build_filename (ingest_world.dir, "fuzz.db", NULL);
  ingest_world.db = agg_db_open (db_path, &error);
  if (ingest_world.db == NULL)
    g_error ("cannot open the database: %s", error->message);
  ingest_world.forms = agg_form_registry_new_from_dir (KV_SOURCE_FORMS_DIR, &error);
  if (ingest_world.forms == NULL)
    g_error ("cannot read the forms: %s", error->message);
  ingest_world.keys = agg_keys_load_or_create (key_path, &error);
  if (ingest_world.keys == NULL)
    g_error ("cannot read the key: %s", error->message);
  ingest_world.api = agg_api_new (ingest_world.db, ingest_world.forms, ingest_world.keys);

  service = agg_admin_add_service (ingest_world.db, "Fuzz Service A", "fuzz-service-a",
                                   INGEST_ACTOR, &error);
  g_clear_pointer (&service, g_free);
  if (error == NULL)
    service = agg_admin_add_service (ingest_world.db, "Fuzz Service B", "fuzz-service-b",
                                     INGEST_ACTOR, &error);
  if (error != NULL)
    g_error ("cannot add the services: %s", error->message);
  ingest_world.child_a = ingest_add_child ("fuzz-service-a", "under-18", "red");
  ingest_world.child_b = ingest_add_child ("fuzz-service-b", "18-25", "blue");

  enrolment_code = agg_admin_create_enrolment_code (ingest_world.db, "fuzz-service-a", 1,
                                                    INGEST_ACTOR, &error);
  if (enrolment_code == NULL
      || !agg_admin_enrol_device (ingest_world.db, enrolment_code, "Fuzz tablet",
                                  &enrolment, &error))
    g_error ("cannot enrol the tablet: %s", error->message);
  ingest_world.authorization = g_strconcat ("Bearer ", enrolment.token, NULL);

  /* Goal set 1 of child A, so that a review needs no goal setting first. */
  goals_body = g_strdup_printf (
    "{\"submissions\": [{\"id\": \"00000000-0000-4000-8000-000000000001\","
    " \"form\": \"gas-goals\", \"form_version\": 1, \"child\": \"%s\","
    " \"respondent\": \"keyworker\", \"mode\": \"self\", \"locale\": \"en_GB\","
    " \"easy_read\": false, \"started_at\": \"2026-01-10T10:00:00Z\","
    " \"completed_at\": \"2026-01-10T10:20:00Z\","
    " \"answers\": {\"goals\": ["
    "  {\"id\": \"g1\", \"text\": \"Made-up goal\", \"baseline\": -1},"
    "  {\"id\": \"g2\", \"text\": \"Another made-up goal\", \"baseline\": -2,"
    "   \"importance\": 2, \"difficulty\": 3}]}}]}", ingest_world.child_a);
  goals = g_bytes_new (goals_body, strlen (goals_body));
  ingest_call (goals, &response);
  if (response.status != 200
      || g_strstr_len (g_bytes_get_data (response.body, NULL),
                       g_bytes_get_size (response.body), "\"stored\"") == NULL)
    g_error ("cannot store the first goal set: %u %.*s", response.status,
             (int) g_bytes_get_size (response.body),
             (const char *) g_bytes_get_data (response.body, NULL));

  /* Only the API's own limits apply to what the fuzzer sends. */
  agg_api_set_lookup_limit (ingest_world.api, G_MAXUINT, 1e9);

  if (sqlite3_open (":memory:", &ingest_world.snapshot) != SQLITE_OK)
    g_error ("cannot open an in-memory database");
  ingest_copy_database (ingest_world.snapshot, agg_db_get_handle (ingest_world.db));
}

/* @data with the child placeholders replaced by the children's codes. */
static GBytes *
ingest_body (const uint8_t *data,
             size_t         size)
{
  static const char * const placeholders[] = { "@CHILD-A@", "@CHILD-B@" };
  const char *codes[] = { ingest_world.child_a, ingest_world.child_b };
  GByteArray *body = g_byte_array_sized_new (size);
  size_t i = 0;

  while (i < size)
    {
      gboolean replaced = FALSE;

      for (guint p = 0; p < G_N_ELEMENTS (placeholders) && !replaced; p++)
        {
          size_t n = strlen (placeholders[p]);

          if (size - i >= n && memcmp (data + i, placeholders[p], n) == 0)
            {
              g_byte_array_append (body, (const guint8 *) codes[p], strlen (codes[p]));
              i += n;
              replaced = TRUE;
            }
        }
      if (!replaced)
        g_byte_array_append (body, data + i++, 1);
    }

  return g_byte_array_free_to_bytes (body);
}

/* The reply's body as JSON; every reply of the API is JSON. */
static JsonNode *
ingest_reply (const AggResponse *response)
{
  gsize length;
  const uint8_t *data = response->body != NULL
                        ? g_bytes_get_data (response->body, &length) : NULL;
  JsonNode *node = data != NULL ? kv_fuzz_parse_json (data, length) : NULL;

  kv_fuzz_check (node != NULL && JSON_NODE_HOLDS_OBJECT (node),
                 "a reply that is not a JSON object");
  return node;
}

/* The "status" of each item of @list in a 200 reply, checking its shape. */
static GPtrArray *
ingest_statuses (JsonObject *reply,
                 const char *list)
{
  static const char * const known[] = { "stored", "duplicate", "conflict", "rejected" };
  GPtrArray *statuses = g_ptr_array_new ();
  JsonNode *node = json_object_get_member (reply, list);
  JsonArray *items;

  kv_fuzz_check (node != NULL && JSON_NODE_HOLDS_ARRAY (node), "a reply without its lists");
  items = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *element = json_array_get_element (items, i);
      JsonObject *item;
      const char *status;
      gboolean is_known = FALSE;

      kv_fuzz_check (JSON_NODE_HOLDS_OBJECT (element), "a reply item that is not an object");
      item = json_node_get_object (element);
      status = json_object_get_string_member_with_default (item, "status", NULL);
      for (guint k = 0; k < G_N_ELEMENTS (known); k++)
        is_known = is_known || g_strcmp0 (status, known[k]) == 0;
      kv_fuzz_check (is_known, "a reply item without a known status");
      kv_fuzz_check (g_strcmp0 (status, "rejected") != 0
                     || json_object_get_string_member_with_default (item, "reason", NULL) != NULL,
                     "a rejection without a reason");
      kv_fuzz_check (json_object_has_member (item, "id"), "a reply item without its id");
      g_ptr_array_add (statuses, (gpointer) status);
    }

  return statuses;
}

static void
ingest_check_replay (JsonObject *first,
                     JsonObject *second,
                     const char *list)
{
  g_autoptr(GPtrArray) before = ingest_statuses (first, list);
  g_autoptr(GPtrArray) after = ingest_statuses (second, list);

  kv_fuzz_check (before->len == after->len, "the same batch got replies of other lengths");
  for (guint i = 0; i < before->len; i++)
    {
      const char *was = g_ptr_array_index (before, i);
      const char *now = g_ptr_array_index (after, i);

      if (g_str_equal (was, "stored") || g_str_equal (was, "duplicate"))
        kv_fuzz_check (g_str_equal (now, "duplicate"),
                       "an item stored once was not a duplicate the second time");
      else if (g_str_equal (was, "conflict"))
        kv_fuzz_check (g_str_equal (now, "conflict"), "a conflict did not stay a conflict");
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) body = NULL;
  g_auto(AggResponse) first = { 0 };
  g_auto(AggResponse) second = { 0 };
  g_autoptr(JsonNode) first_reply = NULL;
  g_autoptr(JsonNode) second_reply = NULL;

  kv_fuzz_init ();
  if (ingest_world.api == NULL)
    ingest_make_world ();

  ingest_copy_database (agg_db_get_handle (ingest_world.db), ingest_world.snapshot);
  body = ingest_body (data, size);

  ingest_call (body, &first);
  /* To see what a crashing input got back: KV_FUZZ_VERBOSE=1 HARNESS FILE. */
  if (g_getenv ("KV_FUZZ_VERBOSE") != NULL && first.body != NULL)
    g_printerr ("HTTP %u %.*s\n", first.status, (int) g_bytes_get_size (first.body),
                (const char *) g_bytes_get_data (first.body, NULL));
  if (first.status != 200 && first.status != 400 && first.status != 413)
    g_error ("a body got HTTP %u: %.*s", first.status,
             first.body ? (int) g_bytes_get_size (first.body) : 0,
             first.body ? (const char *) g_bytes_get_data (first.body, NULL) : "");
  first_reply = ingest_reply (&first);
  if (first.status != 200)
    {
      kv_fuzz_check (json_object_has_member (json_node_get_object (first_reply), "error"),
                     "a refusal without an error object");
      return 0;
    }

  ingest_call (body, &second);
  kv_fuzz_check (second.status == 200, "a batch accepted once was refused the second time");
  second_reply = ingest_reply (&second);
  ingest_check_replay (json_node_get_object (first_reply),
                       json_node_get_object (second_reply), "submissions");
  ingest_check_replay (json_node_get_object (first_reply),
                       json_node_get_object (second_reply), "offers");

  return 0;
}
