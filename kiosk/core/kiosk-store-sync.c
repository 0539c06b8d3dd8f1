/* kiosk-store-sync.c — KioskStore: what the uploader asks of the store
 * (kiosk-store-private.h): the body of the next request, the outcomes of
 * a reply, and the sync status the staff screen shows. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kv-json.h"
#include "kiosk-error.h"
#include "kiosk-json-writer.h"
#include "kiosk-store-private.h"

/* Writes the base64 of a blob column as a string member. */
static void
add_base64_member (GString      *out,
                   const char   *name,
                   sqlite3_stmt *stmt,
                   int           column)
{
  g_autofree char *base64 = g_base64_encode (sqlite3_column_blob (stmt, column),
                                             sqlite3_column_bytes (stmt, column));

  kiosk_json_add_string_member (out, name, base64);
}

/* Appends the members after "id" of one outbox row as a submission of the
 * wire format (docs/api.md), in the order the aggregator's replies and the
 * tests expect.  The answers are the stored JSON text, checked but not
 * parsed: Send stored them as json-glib wrote them. */
static gboolean
append_submission (KioskStore    *self,
                   sqlite3_stmt  *stmt,
                   GString       *out,
                   GError       **error)
{
  kiosk_json_add_string_member (out, "form", kiosk_store_column_text (stmt, 1));
  kiosk_json_add_int_member (out, "form_version", sqlite3_column_int64 (stmt, 2));
  if (sqlite3_column_type (stmt, 13) != SQLITE_NULL)
    {
      /* sealed_version 2: routing in clear, everything else in the box. */
      kiosk_json_add_string_member (out, "month", kiosk_store_column_text (stmt, 14));
      kiosk_json_add_int_member (out, "sealed_version", sqlite3_column_int64 (stmt, 13));
      add_base64_member (out, "sealed", stmt, 12);
      return TRUE;
    }
  if (sqlite3_column_type (stmt, 3) != SQLITE_NULL)
    kiosk_json_add_int_member (out, "goal_set", sqlite3_column_int64 (stmt, 3));
  kiosk_json_add_string_member (out, "child", kiosk_store_column_text (stmt, 4));
  kiosk_json_add_string_member (out, "respondent", kiosk_store_column_text (stmt, 5));
  kiosk_json_add_string_member (out, "mode", kiosk_store_column_text (stmt, 6));
  kiosk_json_add_string_member (out, "locale", kiosk_store_column_text (stmt, 7));
  kiosk_json_add_boolean_member (out, "easy_read", sqlite3_column_int (stmt, 8) != 0);
  kiosk_json_add_string_member (out, "started_at", kiosk_store_column_text (stmt, 9));
  kiosk_json_add_string_member (out, "completed_at", kiosk_store_column_text (stmt, 10));

  if (sqlite3_column_type (stmt, 11) != SQLITE_NULL)
    {
      const char *answers = kiosk_store_column_text (stmt, 11);
      gsize length = sqlite3_column_bytes (stmt, 11);

      /* One damaged row must not make the whole body something other
       * than JSON. */
      if (!kv_json_validate (answers, length, NULL))
        {
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_STORAGE,
                       _("A stored submission is damaged."));
          return FALSE;
        }
      kiosk_json_add_raw_member (out, "answers", answers, length);
    }
  else
    add_base64_member (out, "sealed", stmt, 12);
  return TRUE;
}

/* Appends the members after "id" of one offers row as an offer: sealed
 * (sealed_version 2, the child and the outcome in the box) or, for an
 * offer written before offers were sealed, in clear. */
static gboolean
append_offer (KioskStore    *self,
              sqlite3_stmt  *stmt,
              GString       *out,
              GError       **error)
{
  if (sqlite3_column_type (stmt, 4) != SQLITE_NULL)
    {
      kiosk_json_add_string_member (out, "month", kiosk_store_column_text (stmt, 3));
      kiosk_json_add_int_member (out, "sealed_version", 2);
      add_base64_member (out, "sealed", stmt, 4);
      return TRUE;
    }
  kiosk_json_add_string_member (out, "child", kiosk_store_column_text (stmt, 1));
  kiosk_json_add_string_member (out, "outcome", kiosk_store_column_text (stmt, 2));
  kiosk_json_add_string_member (out, "month", kiosk_store_column_text (stmt, 3));
  return TRUE;
}

typedef gboolean (*AppendRow) (KioskStore    *self,
                               sqlite3_stmt  *stmt,
                               GString       *out,
                               GError       **error);

/* Appends up to @max_items - *@taken queued rows of @query to @out with
 * @append, oldest first, skipping the ids in @skip, and adds their ids to
 * @ids.  For the outbox, @independent picks experience feedback or every
 * other submission.  Inside the caller's read transaction. */
static gboolean
add_queued (KioskStore  *self,
            KioskQuery   query,
            AppendRow    append,
            gboolean     independent,
            guint        max_items,
            GHashTable  *skip,
            GString     *out,
            GPtrArray   *ids,
            guint       *taken,
            GError     **error)
{
  g_autoptr(KioskStoreStmt) stmt = NULL;
  guint n_skip = skip != NULL ? g_hash_table_size (skip) : 0;
  int rc = SQLITE_DONE;

  stmt = kiosk_store_statement (self, query, error);
  if (stmt == NULL)
    return FALSE;
  /* Asking for what is missing + |skip| rows is enough: at most |skip| of
   * them are left out. */
  sqlite3_bind_int64 (stmt, 1, (gint64) (max_items - *taken) + n_skip);
  if (query == KIOSK_QUERY_OUTBOX_QUEUED_BATCH)
    sqlite3_bind_int (stmt, 2, independent ? 1 : 0);
  while (*taken < max_items && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = kiosk_store_column_text (stmt, 0);

      if (skip != NULL && g_hash_table_contains (skip, id))
        continue;
      g_ptr_array_add (ids, g_strdup (id));
      kiosk_json_begin_element (out);
      g_string_append_c (out, '{');
      kiosk_json_add_string_member (out, "id", id);
      if (!append (self, stmt, out, error))
        return FALSE;
      g_string_append_c (out, '}');
      (*taken)++;
    }
  if (*taken < max_items && rc != SQLITE_DONE)
    return kiosk_store_set_error (self, error);
  return TRUE;
}

void
kiosk_batch_text_free (KioskBatchText *text)
{
  if (text == NULL)
    return;
  g_clear_pointer (&text->body, g_bytes_unref);
  g_clear_pointer (&text->submissions, g_ptr_array_unref);
  g_clear_pointer (&text->offers, g_ptr_array_unref);
  g_free (text);
}

/* Writes the body inside the caller's read transaction; see
 * kiosk_store_next_batch_text(). */
static gboolean
write_batch (KioskStore      *self,
             guint            max_items,
             GHashTable      *skip,
             GString         *submissions,
             GString         *offers,
             KioskBatchText  *text,
             guint           *taken,
             GError         **error)
{
  /* Experience feedback never shares a request with anything that names a
   * child — an offer of the 7.3 ledger above all, but also the family's
   * other answers of the same visit — or the aggregator, which opens every
   * box, could link the feedback to the child by the request it came in
   * (docs/domain.md §6).  A batch is therefore either the other
   * submissions with offers after them, or, once none of those is left,
   * experience feedback alone. */
  if (!add_queued (self, KIOSK_QUERY_OUTBOX_QUEUED_BATCH, append_submission, FALSE, max_items,
                   skip, submissions, text->submissions, taken, error))
    return FALSE;
  if (*taken < max_items &&
      !add_queued (self, KIOSK_QUERY_OFFERS_QUEUED_BATCH, append_offer, FALSE, max_items,
                   skip, offers, text->offers, taken, error))
    return FALSE;
  if (*taken == 0 &&
      !add_queued (self, KIOSK_QUERY_OUTBOX_QUEUED_BATCH, append_submission, TRUE, max_items,
                   skip, submissions, text->submissions, taken, error))
    return FALSE;
  return TRUE;
}

KioskBatchText *
kiosk_store_next_batch_text (KioskStore  *self,
                             guint        max_items,
                             GHashTable  *skip,
                             GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(KioskBatchText) text = NULL;
  g_autoptr(GString) body = NULL;
  g_autoptr(GString) offers = NULL;
  guint taken = 0;
  gboolean ok;

  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);
  g_return_val_if_fail (max_items > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  text = g_new0 (KioskBatchText, 1);
  text->submissions = g_ptr_array_new_with_free_func (g_free);
  text->offers = g_ptr_array_new_with_free_func (g_free);
  /* About 300 bytes a submission in clear: one allocation for most
   * bodies. */
  body = g_string_sized_new (64 + 400 * (gsize) MIN (max_items, 500));
  offers = g_string_new (NULL);
  g_string_append (body, "{\"submissions\":[");
  g_string_append_c (offers, '[');

  locker = g_mutex_locker_new (&self->lock);
  /* One read transaction so submissions and offers come from the same
   * snapshot. */
  if (!kiosk_store_begin_read (self, error))
    return NULL;
  ok = write_batch (self, max_items, skip, body, offers, text, &taken, error);
  kiosk_store_rollback (self);
  if (!ok || taken == 0)
    return NULL;

  g_string_append (body, "],\"offers\":");
  g_string_append_len (body, offers->str, offers->len);
  g_string_append (body, "]}");
  text->body = g_string_free_to_bytes (g_steal_pointer (&body));
  return g_steal_pointer (&text);
}

JsonNode *
kiosk_store_next_batch (KioskStore  *self,
                        guint        max_items,
                        GHashTable  *skip,
                        GError     **error)
{
  g_autoptr(KioskBatchText) text = NULL;
  gconstpointer data;
  gsize length;

  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);
  g_return_val_if_fail (max_items > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  text = kiosk_store_next_batch_text (self, max_items, skip, error);
  if (text == NULL)
    return NULL;
  data = g_bytes_get_data (text->body, &length);
  return kv_json_parse (data, length, error);
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

  /* Replayable: if a power cut loses these outcomes, the items are still
   * queued and are sent again, and the aggregator, which holds them
   * durably, answers "duplicate" with the same verdict, so nothing is lost
   * or stored twice (docs/kiosk-core.md "Delivery"). */
  locker = g_mutex_locker_new (&self->lock);
  if (!kiosk_store_begin_replayable (self, error))
    return FALSE;
  for (guint i = 0; i < n_outcomes; i++)
    if (!record_outcome (self, &outcomes[i], now, error))
      return kiosk_store_rollback (self);
  /* The WAL is emptied once per pass (kiosk_store_record_sync()), not per
   * batch: a TRUNCATE checkpoint syncs the database file, and one per
   * batch cost more than a second of a 10,000-entry sync. */
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
  /* The end of a pass: the rows it delivered were deleted, and the WAL
   * goes with their page images. */
  return kiosk_store_commit_and_checkpoint (self, error);
}
