/* kiosk-test-util.c — small helpers shared by the kiosk core tests. */
#include "config.h"

#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

#include "kv-child-code.h"
#include "kiosk-test-util.h"
#include "kv-test-common.h"

char *
kt_data_dir (const char *name)
{
  /* G_TEST_OPTION_ISOLATE_DIRS gives every test its own user data dir. */
  return g_build_filename (g_get_user_data_dir (), name, NULL);
}

guint
kt_slowdown (void)
{
  return kv_test_slowdown ();
}

KioskStore *
kt_open_store (const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  KioskStore *store = kiosk_store_open (data_dir, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

char *
kt_set_tz (const char *tz)
{
  char *saved = g_strdup (g_getenv ("TZ"));

  g_setenv ("TZ", tz, TRUE);
  return saved;
}

void
kt_restore_tz (const char *saved)
{
  if (saved != NULL)
    g_setenv ("TZ", saved, TRUE);
  else
    g_unsetenv ("TZ");
}

char *
kt_read_data (const char *file)
{
  g_autofree char *path = g_build_filename (KT_DATA_DIR, file, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

KvForm *
kt_load_form (const char *file)
{
  g_autofree char *path = g_build_filename (KT_DATA_DIR, file, NULL);
  g_autoptr(GError) error = NULL;
  KvForm *form = kv_form_new_from_file (path, &error);

  g_assert_no_error (error);
  return form;
}

KvForm *
kt_shipped_form (const char *id)
{
  g_autofree char *file = g_strconcat (id, ".xml", NULL);
  g_autofree char *path = g_build_filename (KV_SOURCE_FORMS_DIR, file, NULL);
  g_autoptr(GError) error = NULL;
  KvForm *form = kv_form_new_from_file (path, &error);

  g_assert_no_error (error);
  return form;
}

JsonNode *
kt_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

void
kt_keypair (KtKeyPair *pair)
{
  g_assert_cmpint (sodium_init (), >=, 0);
  crypto_box_keypair (pair->public_key, pair->secret_key);
}

/* Every key pair a store was enrolled with, so that kt_outbox_opened()
 * can find the secret key of a store's public key. */
static GPtrArray *enrolled_pairs;
G_LOCK_DEFINE_STATIC (enrolled_pairs);

static void
remember_pair (const KtKeyPair *pair)
{
  G_LOCK (enrolled_pairs);
  if (enrolled_pairs == NULL)
    enrolled_pairs = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (enrolled_pairs, g_memdup2 (pair, sizeof *pair));
  G_UNLOCK (enrolled_pairs);
}

static const KtKeyPair *
find_pair (GBytes *public_key)
{
  const KtKeyPair *found = NULL;

  G_LOCK (enrolled_pairs);
  for (guint i = 0; enrolled_pairs != NULL && i < enrolled_pairs->len && found == NULL; i++)
    {
      const KtKeyPair *pair = g_ptr_array_index (enrolled_pairs, i);

      if (g_bytes_get_size (public_key) == sizeof pair->public_key &&
          memcmp (g_bytes_get_data (public_key, NULL), pair->public_key,
                  sizeof pair->public_key) == 0)
        found = pair;
    }
  G_UNLOCK (enrolled_pairs);
  return found;
}

void
kt_enrol (KioskStore      *store,
          const char      *url,
          const KtKeyPair *pair)
{
  g_autoptr(GBytes) key = g_bytes_new (pair->public_key, sizeof pair->public_key);
  g_autoptr(KioskEnrolment) enrolment = NULL;
  g_autoptr(GError) error = NULL;

  remember_pair (pair);
  enrolment = kiosk_enrolment_new (url, "device-test", "service-test", "Test service",
                                   key, NULL, NULL);
  kiosk_store_set_enrolment (store, enrolment, "kt-synthetic-token", &error);
  g_assert_no_error (error);
}

const KtKeyPair *
kt_test_pair (void)
{
  static KtKeyPair pair;
  static gsize made = 0;

  if (g_once_init_enter (&made))
    {
      kt_keypair (&pair);
      g_once_init_leave (&made, 1);
    }
  return &pair;
}

void
kt_ensure_enrolled (KioskStore *store)
{
  if (!kiosk_store_is_enrolled (store))
    kt_enrol (store, "http://127.0.0.1:9", kt_test_pair ());
}

char *
kt_add_qol (KioskStore *store,
            const char *child)
{
  g_autoptr(KvForm) form = kt_load_form ("qol.xml");
  g_autoptr(KioskSubmission) submission = kiosk_submission_new ("kiosk-test-qol", 1);
  g_autoptr(JsonNode) answers = kt_json ("{\"alpha\": \"fine\", \"beta\": \"not-fine\"}");
  g_autoptr(GError) error = NULL;

  kt_ensure_enrolled (store);
  kiosk_submission_set_child (submission, child);
  kiosk_send_submission (store, submission, form, answers, NULL, &error);
  g_assert_no_error (error);
  return g_strdup (kiosk_submission_get_id (submission));
}

JsonNode *
kt_answers_for_form (const KvForm *form,
                     const char   *text)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonNode *node;

  for (guint i = 0; i < kv_form_get_n_items (form); i++)
    {
      const KvItem *item = kv_form_get_item (form, i);
      const char *id = kv_item_get_id (item);

      if (kv_item_get_condition_item (item) != NULL)
        continue;
      switch (kv_item_get_item_type (item))
        {
        case KV_ITEM_SCALE:
        case KV_ITEM_CHOICE:
          json_object_set_string_member (object, id,
                                         kv_level_get_id (kv_item_get_level (item, 0)));
          break;
        case KV_ITEM_MULTIPLE:
          {
            JsonArray *array = json_array_new ();

            json_array_add_string_element (array, kv_level_get_id (kv_item_get_level (item, 0)));
            json_object_set_array_member (object, id, array);
          }
          break;
        case KV_ITEM_TEXT:
          if (text != NULL)
            json_object_set_string_member (object, id, text);
          break;
        case KV_ITEM_NUMBER:
          json_object_set_int_member (object, id, kv_item_get_min (item));
          break;
        case KV_ITEM_INFO:
        case KV_ITEM_GAS_GOALS:
        case KV_ITEM_GAS_RATING:
        default:
          break;
        }
    }

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, g_steal_pointer (&object));
  return node;
}

void
kt_cache_child (KioskStore *store)
{
  g_autofree char *child_json = kt_read_data ("child.json");
  g_autoptr(GError) error = NULL;

  kiosk_store_cache_child (store, KT_CHILD, child_json, &error);
  g_assert_no_error (error);
}

void
kt_assert_child_cached (KioskStore *store,
                        gboolean    cached)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskChild) child = kiosk_store_lookup_child (store, KT_CHILD, &error);

  if (cached)
    {
      g_assert_no_error (error);
      g_assert_nonnull (child);
    }
  else
    {
      g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_CACHED);
      g_assert_null (child);
    }
}

sqlite3 *
kt_open_raw (const char *data_dir)
{
  g_autofree char *path = g_build_filename (data_dir, "kiosk.db", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  return db;
}

gint64
kt_count (sqlite3    *db,
          const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static gboolean
contains_bytes (const char *haystack,
                gsize       length,
                const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; n <= length && i <= length - n; i++)
    if (memcmp (haystack + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

gboolean
kt_dir_contains (const char *data_dir,
                 const char *needle)
{
  g_autoptr(GDir) dir = g_dir_open (data_dir, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (data_dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (!g_file_get_contents (path, &contents, &length, NULL))
        continue;
      if (contains_bytes (contents, length, needle))
        return TRUE;
    }
  return FALSE;
}

char *
kt_child_code (void)
{
  guint8 random[KV_CHILD_CODE_RANDOM_BYTES];
  char *code;

  for (guint i = 0; i < G_N_ELEMENTS (random); i++)
    random[i] = (guint8) g_test_rand_int ();
  code = kv_child_code_new_from_bytes (random, sizeof random);
  g_assert_true (kv_child_code_is_valid (code));
  return code;
}

JsonNode *
kt_outbox (KioskStore *store)
{
  g_autoptr(GError) error = NULL;
  JsonNode *batch = kiosk_store_next_batch (store, 100, NULL, &error);

  g_assert_no_error (error);
  return batch;
}

JsonObject *
kt_submission (JsonNode   *batch,
               const char *form)
{
  JsonArray *submissions;

  if (batch == NULL)
    return NULL;

  submissions = json_object_get_array_member (json_node_get_object (batch), "submissions");
  for (guint i = 0; submissions != NULL && i < json_array_get_length (submissions); i++)
    {
      JsonObject *submission = json_array_get_object_element (submissions, i);

      if (g_strcmp0 (json_object_get_string_member (submission, "form"), form) == 0)
        return submission;
    }
  return NULL;
}

JsonNode *
kt_open_sealed (JsonObject      *submission,
                const KtKeyPair *pair)
{
  g_autofree guchar *sealed = NULL;
  g_autofree guchar *plain = NULL;
  gsize sealed_len = 0;

  sealed = g_base64_decode (json_object_get_string_member (submission, "sealed"), &sealed_len);
  g_assert_cmpuint (sealed_len, >, crypto_box_SEALBYTES);
  plain = g_malloc0 (sealed_len - crypto_box_SEALBYTES + 1);
  g_assert_cmpint (crypto_box_seal_open (plain, sealed, sealed_len,
                                         pair->public_key, pair->secret_key), ==, 0);
  return kt_json ((const char *) plain);
}

char *
kt_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("kiosk-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
kt_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        kt_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

JsonObject *
kt_opened (JsonObject      *item,
           const KtKeyPair *pair)
{
  g_autoptr(JsonNode) inside = NULL;
  JsonObject *opened = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, item);
  while (json_object_iter_next (&iter, &name, &value))
    if (!g_str_equal (name, "sealed") && !g_str_equal (name, "sealed_version") &&
        !g_str_equal (name, "month"))
      json_object_set_member (opened, name, json_node_copy (value));
  if (!json_object_has_member (item, "sealed_version"))
    return opened;

  inside = kt_open_sealed (item, pair != NULL ? pair : kt_test_pair ());
  json_object_iter_init (&iter, json_node_get_object (inside));
  while (json_object_iter_next (&iter, &name, &value))
    json_object_set_member (opened, name, json_node_copy (value));
  return opened;
}

/* The items of @list, each through kt_opened(). */
static JsonNode *
open_list (JsonArray       *list,
           const KtKeyPair *pair)
{
  g_autoptr(JsonArray) opened = json_array_new ();

  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    json_array_add_object_element (opened, kt_opened (json_array_get_object_element (list, i),
                                                      pair));
  return json_node_init_array (json_node_alloc (), opened);
}

JsonNode *
kt_outbox_opened (KioskStore *store)
{
  g_autoptr(JsonNode) batch = kt_outbox (store);
  g_autoptr(KioskEnrolment) enrolment = NULL;
  g_autoptr(JsonObject) opened = NULL;
  const KtKeyPair *pair;
  JsonObject *body;

  if (batch == NULL)
    return NULL;
  enrolment = kiosk_store_get_enrolment (store, NULL);
  g_assert_nonnull (enrolment);
  pair = find_pair (kiosk_enrolment_get_public_key (enrolment));
  g_assert_nonnull (pair);
  body = json_node_get_object (batch);
  opened = json_object_new ();
  json_object_set_member (opened, "submissions",
                          open_list (json_object_get_array_member (body, "submissions"), pair));
  json_object_set_member (opened, "offers",
                          open_list (json_object_get_array_member (body, "offers"), pair));
  return json_node_init_object (json_node_alloc (), opened);
}
