/* kiosk-store-sync.c — KioskStore: what the uploader asks of the store
 * (kiosk-store-private.h): the body of the next request, the outcomes of
 * a reply, and the sync status the staff screen shows. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kv-json.h"
#include "kiosk-error.h"
#include "kiosk-store-private.h"

static JsonNode *
submission_row_to_json (KioskStore    *self,
                        sqlite3_stmt  *stmt,
                        GError       **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, kiosk_store_column_text (stmt, 0));
  json_builder_set_member_name (builder, "form");
  json_builder_add_string_value (builder, kiosk_store_column_text (stmt, 1));
  json_builder_set_member_name (builder, "form_version");
  json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 2));
  if (sqlite3_column_type (stmt, 13) != SQLITE_NULL)
    {
      /* sealed_version 2: routing in clear, everything else in the box. */
      g_autofree char *base64 = g_base64_encode (sqlite3_column_blob (stmt, 12),
                                                 sqlite3_column_bytes (stmt, 12));

      json_builder_set_member_name (builder, "month");
      json_builder_add_string_value (builder, kiosk_store_column_text (stmt, 14));
      json_builder_set_member_name (builder, "sealed_version");
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 13));
      json_builder_set_member_name (builder, "sealed");
      json_builder_add_string_value (builder, base64);
      json_builder_end_object (builder);
      return json_builder_get_root (builder);
    }
  if (sqlite3_column_type (stmt, 3) != SQLITE_NULL)
    {
      json_builder_set_member_name (builder, "goal_set");
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 3));
    }
  json_builder_set_member_name (builder, "child");
  if (sqlite3_column_type (stmt, 4) == SQLITE_NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, kiosk_store_column_text (stmt, 4));
  json_builder_set_member_name (builder, "respondent");
  json_builder_add_string_value (builder, kiosk_store_column_text (stmt, 5));
  json_builder_set_member_name (builder, "mode");
  json_builder_add_string_value (builder, kiosk_store_column_text (stmt, 6));
  json_builder_set_member_name (builder, "locale");
  json_builder_add_string_value (builder, kiosk_store_column_text (stmt, 7));
  json_builder_set_member_name (builder, "easy_read");
  json_builder_add_boolean_value (builder, sqlite3_column_int (stmt, 8) != 0);
  json_builder_set_member_name (builder, "started_at");
  json_builder_add_string_value (builder, kiosk_store_column_text (stmt, 9));
  json_builder_set_member_name (builder, "completed_at");
  json_builder_add_string_value (builder, kiosk_store_column_text (stmt, 10));

  if (sqlite3_column_type (stmt, 11) != SQLITE_NULL)
    {
      const char *text = kiosk_store_column_text (stmt, 11);
      JsonNode *answers = kv_json_parse (text, strlen (text), NULL);

      if (answers == NULL)
        {
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORAGE,
                       _("A stored submission is damaged."));
          return NULL;
        }
      json_builder_set_member_name (builder, "answers");
      json_builder_add_value (builder, answers);
    }
  else
    {
      g_autofree char *base64 = g_base64_encode (sqlite3_column_blob (stmt, 12),
                                                 sqlite3_column_bytes (stmt, 12));

      json_builder_set_member_name (builder, "sealed");
      json_builder_add_string_value (builder, base64);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Adds up to @max_items - *@taken queued submissions to @submissions,
 * oldest first, skipping the ids in @skip: the sealed ones (experience
 * feedback) when @sealed, every other one otherwise.  Inside the caller's
 * read transaction. */
static gboolean
add_queued_submissions (KioskStore  *self,
                        gboolean     sealed,
                        guint        max_items,
                        GHashTable  *skip,
                        JsonArray   *submissions,
                        guint       *taken,
                        GError     **error)
{
  g_autoptr(KioskStoreStmt) stmt = NULL;
  guint n_skip = skip != NULL ? g_hash_table_size (skip) : 0;
  int rc = SQLITE_DONE;

  stmt = kiosk_store_statement (self, KIOSK_QUERY_OUTBOX_QUEUED_BATCH, error);
  if (stmt == NULL)
    return FALSE;
  /* Asking for what is missing + |skip| rows is enough: at most |skip| of
   * them are left out. */
  sqlite3_bind_int64 (stmt, 1, (gint64) (max_items - *taken) + n_skip);
  sqlite3_bind_int (stmt, 2, sealed ? 1 : 0);
  while (*taken < max_items && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonNode *node;

      if (skip != NULL && g_hash_table_contains (skip, kiosk_store_column_text (stmt, 0)))
        continue;
      node = submission_row_to_json (self, stmt, error);
      if (node == NULL)
        return FALSE;
      json_array_add_element (submissions, node);
      (*taken)++;
    }
  if (*taken < max_items && rc != SQLITE_DONE)
    return kiosk_store_set_error (self, error);
  return TRUE;
}

JsonNode *
kiosk_store_next_batch (KioskStore  *self,
                        guint        max_items,
                        GHashTable  *skip,
                        GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(KioskStoreStmt) stmt = NULL;
  g_autoptr(JsonArray) submissions = json_array_new ();
  g_autoptr(JsonArray) offers = json_array_new ();
  g_autoptr(JsonObject) body = json_object_new ();
  JsonNode *root;
  guint n_skip = skip != NULL ? g_hash_table_size (skip) : 0;
  guint taken = 0;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);
  g_return_val_if_fail (max_items > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);

  /* One read transaction so submissions and offers come from the same
   * snapshot. */
  if (!kiosk_store_begin_read (self, error))
    return NULL;

  /* Sealed experience feedback never shares a request with anything that
   * names a child — an offer of the 7.3 ledger above all, but also the
   * family's other answers of the same visit — or the aggregator could
   * link the feedback to the child by the request it came in
   * (docs/domain.md §6).  A batch is therefore either submissions that are not sealed
   * with offers after them, or, once none of those is left, sealed
   * submissions alone. */
  if (!add_queued_submissions (self, FALSE, max_items, skip, submissions, &taken, error))
    {
      kiosk_store_rollback (self);
      return NULL;
    }

  if (taken < max_items)
    {
      stmt = kiosk_store_statement (self, KIOSK_QUERY_OFFERS_QUEUED_BATCH, error);
      if (stmt == NULL)
        {
          kiosk_store_rollback (self);
          return NULL;
        }
      sqlite3_bind_int64 (stmt, 1, (gint64) (max_items - taken) + n_skip);
      while (taken < max_items && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          JsonObject *offer;

          if (skip != NULL && g_hash_table_contains (skip, kiosk_store_column_text (stmt, 0)))
            continue;
          offer = json_object_new ();
          json_object_set_string_member (offer, "id", kiosk_store_column_text (stmt, 0));
          json_object_set_string_member (offer, "child", kiosk_store_column_text (stmt, 1));
          json_object_set_string_member (offer, "outcome", kiosk_store_column_text (stmt, 2));
          json_object_set_string_member (offer, "month", kiosk_store_column_text (stmt, 3));
          json_array_add_object_element (offers, offer);
          taken++;
        }
      if (taken < max_items && rc != SQLITE_DONE)
        {
          kiosk_store_set_error (self, error);
          kiosk_store_rollback (self);
          return NULL;
        }
    }

  if (taken == 0 &&
      !add_queued_submissions (self, TRUE, max_items, skip, submissions, &taken, error))
    {
      kiosk_store_rollback (self);
      return NULL;
    }
  kiosk_store_rollback (self);

  if (taken == 0)
    return NULL;

  json_object_set_array_member (body, "submissions", g_steal_pointer (&submissions));
  json_object_set_array_member (body, "offers", g_steal_pointer (&offers));
  root = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (root, g_steal_pointer (&body));
  return root;
}

/* Applies one outcome inside the caller's transaction; @now is the
 * acknowledgement time of the whole reply. */
static gboolean
record_outcome (KioskStore          *self,
                const KioskOutcome  *outcome,
                const char          *now,
                GError             **error)
{
  gboolean is_offer = outcome->kind == KIOSK_ITEM_OFFER;

  switch (outcome->verdict)
    {
    case KIOSK_VERDICT_DELIVERED:
      {
        g_autofree char *form = NULL;
        int changes = 0;

        if (!is_offer)
          {
            g_autoptr(KioskStoreStmt) stmt = NULL;
            int rc;

            stmt = kiosk_store_statement (self, KIOSK_QUERY_OUTBOX_GET_FORM, error);
            if (stmt == NULL)
              return FALSE;
            kiosk_store_bind_text (stmt, 1, outcome->id);
            rc = sqlite3_step (stmt);
            if (rc == SQLITE_ROW)
              form = g_strdup (kiosk_store_column_text (stmt, 0));
            else if (rc != SQLITE_DONE)
              return kiosk_store_set_error (self, error);
          }

        if (!kiosk_store_run_changes (self, is_offer ? KIOSK_QUERY_OFFER_DELETE
                                                     : KIOSK_QUERY_OUTBOX_DELETE,
                                      outcome->id, &changes, error))
          return FALSE;
        /* Already gone (another process got the same acknowledgement
         * first): its receipt exists, nothing to do. */
        if (changes == 0)
          return TRUE;
        return kiosk_store_insert_receipt (self, outcome->id,
                                           is_offer ? "offer" : "submission", form,
                                           g_strcmp0 (outcome->status, "duplicate") == 0
                                           ? "duplicate" : "stored",
                                           now, error);
      }

    case KIOSK_VERDICT_NEEDS_ATTENTION:
    case KIOSK_VERDICT_RETRY:
      {
        KioskQuery query;
        g_autoptr(KioskStoreStmt) stmt = NULL;

        if (outcome->verdict == KIOSK_VERDICT_NEEDS_ATTENTION)
          query = is_offer ? KIOSK_QUERY_OFFER_SET_NEEDS_ATTENTION
                           : KIOSK_QUERY_OUTBOX_SET_NEEDS_ATTENTION;
        else
          query = is_offer ? KIOSK_QUERY_OFFER_NOTE_RETRY : KIOSK_QUERY_OUTBOX_NOTE_RETRY;
        stmt = kiosk_store_statement (self, query, error);
        if (stmt == NULL)
          return FALSE;
        kiosk_store_bind_text (stmt, 1, outcome->id);
        kiosk_store_bind_text (stmt, 2, outcome->reason);
        return kiosk_store_run (self, stmt, error);
      }

    default:
      g_assert_not_reached ();
    }
}

gboolean
kiosk_store_record_outcomes (KioskStore          *self,
                             const KioskOutcome  *outcomes,
                             guint                n_outcomes,
                             GError             **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *now = kiosk_store_now_string ();

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);
  g_return_val_if_fail (outcomes != NULL || n_outcomes == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  if (!kiosk_store_begin (self, error))
    return FALSE;
  for (guint i = 0; i < n_outcomes; i++)
    if (!record_outcome (self, &outcomes[i], now, error))
      return kiosk_store_rollback (self);
  return kiosk_store_commit (self, error);
}

gboolean
kiosk_store_record_sync (KioskStore  *self,
                         const char  *error_message,
                         GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *now = kiosk_store_now_string ();

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  if (!kiosk_store_begin (self, error))
    return FALSE;
  if (!kiosk_store_set_setting (self, KIOSK_STORE_SETTING_LAST_ATTEMPT, now, error) ||
      (error_message == NULL &&
       !kiosk_store_set_setting (self, KIOSK_STORE_SETTING_LAST_SUCCESS, now, error)) ||
      !kiosk_store_set_setting (self, KIOSK_STORE_SETTING_LAST_ERROR, error_message, error))
    return kiosk_store_rollback (self);
  return kiosk_store_commit (self, error);
}
