/* agg-demo-writer.c — synthetic rows, checked and scored as ingest does. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "agg-demo-writer.h"
#include "agg-error.h"
#include "agg-ingest.h"
#include "agg-json.h"
#include "agg-scores.h"
#include "agg-store-submissions.h"
#include "kv-answers.h"

typedef struct
{
  char       *code;
  const char *device_id;   /* the service's tablet; owned by devices */
} Child;

struct _AggDemoWriter
{
  AggDb           *db;
  AggFormRegistry *forms;
  GRand           *random;

  GHashTable      *devices;    /* service id → device token id */
  GHashTable      *children;   /* child row id (gint64*) → Child */

  guint            n_submissions;
  guint            n_offers;
  guint            n_responses;
};

static void
child_free (gpointer data)
{
  Child *child = data;

  g_free (child->code);
  g_free (child);
}

void
agg_demo_writer_free (AggDemoWriter *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->devices, g_hash_table_unref);
  g_clear_pointer (&self->children, g_hash_table_unref);
  g_clear_object (&self->forms);
  g_clear_object (&self->db);
  g_free (self);
}

AggDemoWriter *
agg_demo_writer_new (AggDb            *db,
                     AggFormRegistry  *forms,
                     GRand            *random,
                     GError          **error)
{
  g_autoptr(AggDemoWriter) self = g_new0 (AggDemoWriter, 1);
  g_autoptr(AggDbCachedStmt) any = NULL;

  g_return_val_if_fail (AGG_IS_DB (db), NULL);
  g_return_val_if_fail (AGG_IS_FORM_REGISTRY (forms), NULL);
  g_return_val_if_fail (random != NULL, NULL);

  self->db = g_object_ref (db);
  self->forms = g_object_ref (forms);
  self->random = random;
  self->devices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->children = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, child_free);

  any = agg_db_query (db, "demo-any-service", error);
  if (any == NULL || agg_db_step (db, any, error) != SQLITE_ROW)
    return NULL;
  if (sqlite3_column_int (any, 0) != 0)
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_EXISTS,
                   _("%s already holds services; synthetic data goes only into an empty "
                     "database"), agg_db_get_path (db));
      return NULL;
    }

  return g_steal_pointer (&self);
}

/* Runs a named statement of the tables whose writers are not in store/
 * yet (services, tokens, children, DSR ratings), bound by the caller,
 * once, and releases it for the next use. */
static gboolean
run (AggDemoWriter  *self,
     sqlite3_stmt   *stmt,
     GError        **error)
{
  gboolean ok = agg_db_run (self->db, stmt, error);

  agg_db_release (stmt);
  return ok;
}

static void
random_bytes (GRand  *random,
              guint8 *buffer,
              gsize   length)
{
  for (gsize i = 0; i < length; i++)
    buffer[i] = g_rand_int_range (random, 0, 256);
}

/* A version 4 UUID (RFC 4122 §4.4) from the seeded generator. */
static char *
random_uuid (GRand *random)
{
  guint8 b[16];

  random_bytes (random, b, sizeof b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                          "%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                          b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

gboolean
agg_demo_writer_add_service (AggDemoWriter  *self,
                             const char     *id,
                             const char     *name,
                             const char     *created_at,
                             GError        **error)
{
  static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  g_autoptr(GString) device_id = g_string_new ("dev-");
  g_autofree char *secret = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *device_name = NULL;
  sqlite3_stmt *stmt;
  guint8 bytes[32];

  g_return_val_if_fail (self != NULL && id != NULL && name != NULL, FALSE);

  stmt = agg_db_query (self->db, "service-insert", error);
  if (stmt == NULL)
    return FALSE;
  agg_db_bind_text (stmt, 1, id);
  agg_db_bind_text (stmt, 2, name);
  agg_db_bind_text (stmt, 3, created_at);
  if (!run (self, stmt, error))
    return FALSE;

  for (guint i = 0; i < 10; i++)
    g_string_append_c (device_id, alphabet[g_rand_int_range (self->random, 0, 32)]);
  random_bytes (self->random, bytes, sizeof bytes);
  secret = g_base64_encode (bytes, sizeof bytes);
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, secret, -1);
  device_name = g_strdup_printf ("%s (synthetic tablet)", name);

  stmt = agg_db_query (self->db, "token-insert", error);
  if (stmt == NULL)
    return FALSE;
  agg_db_bind_text (stmt, 1, device_id->str);
  agg_db_bind_text (stmt, 2, "device");
  agg_db_bind_text (stmt, 3, id);
  agg_db_bind_text (stmt, 4, device_name);
  agg_db_bind_text (stmt, 5, hash);
  agg_db_bind_text (stmt, 6, created_at);
  if (!run (self, stmt, error))
    return FALSE;

  /* The token was never handed to anyone; revoked, it cannot be used even
   * by someone who reran the seed. */
  stmt = agg_db_query (self->db, "token-revoke", error);
  if (stmt == NULL)
    return FALSE;
  agg_db_bind_text (stmt, 1, device_id->str);
  agg_db_bind_text (stmt, 2, created_at);
  if (!run (self, stmt, error))
    return FALSE;

  g_hash_table_insert (self->devices, g_strdup (id), g_strdup (device_id->str));
  return TRUE;
}

gint64
agg_demo_writer_add_child (AggDemoWriter  *self,
                           const char     *code,
                           const char     *service_id,
                           const char     *age_band,
                           const char     *created_at,
                           GError        **error)
{
  const char *device_id;
  sqlite3_stmt *stmt;
  Child *child;
  gint64 *key;

  g_return_val_if_fail (self != NULL && code != NULL, 0);

  device_id = g_hash_table_lookup (self->devices, service_id);
  if (device_id == NULL)
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_NOT_FOUND,
                   _("there is no service “%s”"), service_id);
      return 0;
    }

  stmt = agg_db_query (self->db, "child-insert", error);
  if (stmt == NULL)
    return 0;
  agg_db_bind_text (stmt, 1, code);
  agg_db_bind_text (stmt, 2, service_id);
  agg_db_bind_text (stmt, 3, age_band);
  agg_db_bind_text (stmt, 4, created_at);
  if (!run (self, stmt, error))
    return 0;

  child = g_new0 (Child, 1);
  child->code = g_strdup (code);
  child->device_id = device_id;
  key = g_new (gint64, 1);
  *key = sqlite3_last_insert_rowid (agg_db_get_handle (self->db));
  g_hash_table_insert (self->children, key, child);
  return *key;
}

gboolean
agg_demo_writer_add_dsr (AggDemoWriter  *self,
                         gint64          child_id,
                         const char     *rating,
                         const char     *rated_on,
                         GError        **error)
{
  g_autofree char *recorded_at = g_strconcat (rated_on, "T09:00:00Z", NULL);
  sqlite3_stmt *stmt;

  stmt = agg_db_query (self->db, "dsr-insert", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, child_id);
  agg_db_bind_text (stmt, 2, rating);
  agg_db_bind_text (stmt, 3, rated_on);
  agg_db_bind_text (stmt, 4, recorded_at);
  return run (self, stmt, error);
}

/* The submission as a tablet would send it (docs/api.md), so that its
 * content hash is the one ingest would store. */
static JsonNode *
wire_submission (const char *id,
                 KvForm     *form,
                 const char *code,
                 const char *respondent,
                 const char *started_at,
                 const char *completed_at,
                 JsonNode   *answers,
                 guint       goal_set)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "form");
  json_builder_add_string_value (builder, kv_form_get_id (form));
  json_builder_set_member_name (builder, "form_version");
  json_builder_add_int_value (builder, kv_form_get_version (form));
  if (goal_set > 0)
    {
      json_builder_set_member_name (builder, "goal_set");
      json_builder_add_int_value (builder, goal_set);
    }
  json_builder_set_member_name (builder, "child");
  if (code != NULL)
    json_builder_add_string_value (builder, code);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "respondent");
  json_builder_add_string_value (builder, respondent);
  json_builder_set_member_name (builder, "mode");
  json_builder_add_string_value (builder, "self");
  json_builder_set_member_name (builder, "locale");
  json_builder_add_string_value (builder, "en_GB");
  json_builder_set_member_name (builder, "easy_read");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "started_at");
  json_builder_add_string_value (builder, started_at);
  json_builder_set_member_name (builder, "completed_at");
  json_builder_add_string_value (builder, completed_at);
  json_builder_set_member_name (builder, "answers");
  json_builder_add_value (builder, json_node_copy (answers));
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Started six minutes before it was completed: a plausible session. */
static gboolean
times_of (const char  *completed_at,
          char       **started_at,
          char       **completed_utc,
          char       **completed_on,
          GError     **error)
{
  g_autoptr(GDateTime) completed = g_date_time_new_from_iso8601 (completed_at, NULL);
  g_autoptr(GDateTime) started = NULL;
  g_autoptr(GDateTime) utc = NULL;

  if (completed == NULL || strlen (completed_at) < 10)
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID,
                   _("“%s” is not an RFC 3339 date and time"), completed_at);
      return FALSE;
    }
  started = g_date_time_add_minutes (completed, -6);
  utc = g_date_time_to_utc (completed);
  *started_at = g_date_time_format_iso8601 (started);
  *completed_utc = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  /* As ingest: the date the family saw, the local date as sent. */
  *completed_on = g_strndup (completed_at, 10);
  return TRUE;
}

static KvForm *
lookup_form (AggDemoWriter  *self,
             const char     *form_id,
             GError        **error)
{
  KvForm *form = agg_form_registry_lookup_latest (self->forms, form_id);

  if (form == NULL)
    g_set_error (error, AGG_ERROR, AGG_ERROR_FORMS, _("there is no form “%s”"), form_id);
  return form;
}

gboolean
agg_demo_writer_add_submission (AggDemoWriter  *self,
                                gint64          child_id,
                                const char     *form_id,
                                const char     *respondent,
                                const char     *completed_at,
                                JsonNode       *answers,
                                guint           goal_set,
                                guint          *made_goal_set,
                                GError        **error)
{
  g_autoptr(KvGoalSet) goals = NULL;
  g_autoptr(JsonNode) wire = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(AggScore) score = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *started_at = NULL;
  g_autofree char *completed_utc = NULL;
  g_autofree char *completed_on = NULL;
  AggStoredSubmission row;
  gboolean has_score = FALSE;
  gint64 made = 0;
  const Child *child;
  KvFormKind kind;
  KvForm *form;

  g_return_val_if_fail (self != NULL && answers != NULL, FALSE);

  child = g_hash_table_lookup (self->children, &child_id);
  if (child == NULL)
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_NOT_FOUND, _("there is no such child"));
      return FALSE;
    }
  form = lookup_form (self, form_id, error);
  if (form == NULL)
    return FALSE;
  kind = kv_form_get_kind (form);
  if (!times_of (completed_at, &started_at, &completed_utc, &completed_on, error))
    return FALSE;

  /* The same checks, in the same order, as ingest's read_submission(). */
  if (kind == KV_FORM_KIND_GAS_REVIEW)
    {
      goals = agg_scores_load_goal_set (self->db, child_id, goal_set, error);
      if (goals == NULL)
        {
          if (error == NULL || *error == NULL)
            g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID,
                         _("goal set %u does not exist for this child"), goal_set);
          return FALSE;
        }
    }
  if (!kv_form_validate_answers (form, answers, goals, NULL, &local_error))
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID, "%s", local_error->message);
      return FALSE;
    }
  if (kind == KV_FORM_KIND_GAS_GOALS)
    {
      goals = agg_scores_goal_set_from_answers (form, answers, &local_error);
      if (goals == NULL)
        {
          g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID, "%s", local_error->message);
          return FALSE;
        }
    }
  if (!agg_score_derive (form, answers, goals, &score, &has_score, &local_error))
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID, "%s", local_error->message);
      return FALSE;
    }

  id = random_uuid (self->random);
  wire = wire_submission (id, form, child->code, respondent, started_at, completed_at, answers,
                          kind == KV_FORM_KIND_GAS_REVIEW ? goal_set : 0);
  hash = agg_json_content_hash (wire);
  row = (AggStoredSubmission) {
    .id = id,
    .content_hash = hash,
    .child_id = child_id,
    .device_id = child->device_id,
    .respondent = respondent,
    .mode = "self",
    .locale = "en_GB",
    .easy_read = FALSE,
    .started_at = started_at,
    .completed_at = completed_at,
    .completed_utc = completed_utc,
    .completed_on = completed_on,
    .goal_set_version = kind == KV_FORM_KIND_GAS_REVIEW ? goal_set : 0,
    /* Received as soon as it was completed: a synthetic tablet is always
     * online, and the database stays the same for the same seed. */
    .received_at = completed_utc,
  };
  if (!agg_ingest_store_submission (self->db, &row, form, answers, goals,
                                    has_score ? &score : NULL, &made, error))
    return FALSE;
  if (made_goal_set != NULL && kind == KV_FORM_KIND_GAS_GOALS)
    *made_goal_set = made;

  self->n_submissions++;
  return TRUE;
}

gboolean
agg_demo_writer_add_offer (AggDemoWriter  *self,
                           gint64          child_id,
                           const char     *month,
                           const char     *outcome,
                           GError        **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) wire = NULL;
  g_autofree char *id = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *received_at = NULL;
  const Child *child = g_hash_table_lookup (self->children, &child_id);
  AggStoredOffer row;

  if (child == NULL)
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_NOT_FOUND, _("there is no such child"));
      return FALSE;
    }

  id = random_uuid (self->random);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "child");
  json_builder_add_string_value (builder, child->code);
  json_builder_set_member_name (builder, "outcome");
  json_builder_add_string_value (builder, outcome);
  json_builder_set_member_name (builder, "month");
  json_builder_add_string_value (builder, month);
  json_builder_end_object (builder);
  wire = json_builder_get_root (builder);
  hash = agg_json_content_hash (wire);
  received_at = g_strconcat (month, "-28T17:00:00Z", NULL);

  row = (AggStoredOffer) {
    .id = id,
    .content_hash = hash,
    .child_id = child_id,
    .month = month,
    .outcome = outcome,
    .device_id = child->device_id,
    .received_at = received_at,
  };
  if (!agg_store_offer_insert (self->db, &row, error))
    return FALSE;
  self->n_offers++;
  return TRUE;
}

gboolean
agg_demo_writer_add_experience (AggDemoWriter  *self,
                                const char     *service_id,
                                const char     *completed_at,
                                JsonNode       *answers,
                                GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) wire = NULL;
  g_autofree char *id = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *month = NULL;
  g_autofree char *started_at = NULL;
  g_autofree char *completed_utc = NULL;
  g_autofree char *completed_on = NULL;
  KvForm *form = lookup_form (self, "experience", error);
  guint8 key[AGG_STORED_EXPERIENCE_KEY_SIZE];
  AggStoredExperience row;

  if (form == NULL)
    return FALSE;
  if (!g_hash_table_contains (self->devices, service_id))
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_NOT_FOUND,
                   _("there is no service “%s”"), service_id);
      return FALSE;
    }
  if (!times_of (completed_at, &started_at, &completed_utc, &completed_on, error))
    return FALSE;
  if (!kv_form_validate_answers (form, answers, NULL, NULL, &local_error))
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID, "%s", local_error->message);
      return FALSE;
    }

  id = random_uuid (self->random);
  wire = wire_submission (id, form, NULL, "someone-helping", started_at, completed_at, answers, 0);
  hash = agg_json_content_hash (wire);
  canonical = agg_json_canonical (answers);
  month = g_strndup (completed_on, 7);
  random_bytes (self->random, key, sizeof key);

  /* As ingest's store_experience(), but with the key from the seed. */
  row = (AggStoredExperience) {
    .submission_id = id,
    .content_hash = hash,
    .key = key,
    .service_id = service_id,
    .month = month,
    .form_id = kv_form_get_id (form),
    .form_version = kv_form_get_version (form),
    .answers = canonical,
  };
  if (!agg_store_experience_insert (self->db, &row, error))
    return FALSE;
  self->n_responses++;
  return TRUE;
}

guint
agg_demo_writer_get_n_submissions (AggDemoWriter *self)
{
  return self->n_submissions;
}

guint
agg_demo_writer_get_n_offers (AggDemoWriter *self)
{
  return self->n_offers;
}

guint
agg_demo_writer_get_n_responses (AggDemoWriter *self)
{
  return self->n_responses;
}
