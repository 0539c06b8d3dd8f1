/* kiosk-store-outbox.c — KioskStore: the outbox (kiosk-store-private.h).
 *
 * Queueing what Send made (kiosk-send.h checks and seals it first) and the
 * offers ledger, the staff screen's counts, list and actions, and the
 * receipts that are all that remains of a delivered entry.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "kiosk-error.h"
#include "kiosk-json-writer.h"
#include "kiosk-seal.h"
#include "kiosk-store-private.h"

/* The month an offer belongs to is the family's month, in the tablet's
 * local time: a visit at 00:30 on 1 June in England is in June even
 * though it is still May in UTC. */
static char *
local_month (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  return g_date_time_format (local, "%Y-%m");
}

static gboolean
id_known (KioskStore  *self,
          const char  *id,
          gboolean    *known,
          GError     **error)
{
  g_autoptr(KioskStoreStmt) stmt = kiosk_store_statement (self, KIOSK_QUERY_ID_KNOWN, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  kiosk_store_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return kiosk_store_set_error (self, error);
  *known = rc == SQLITE_ROW;
  return TRUE;
}

/* The enrolment's public key, to seal to; KIOSK_ERROR_NOT_ENROLLED when
 * the tablet has none. */
static GBytes *
public_key_locked (KioskStore  *self,
                   GError     **error)
{
  g_autoptr(KioskStoreStmt) stmt = kiosk_store_statement (self, KIOSK_QUERY_ENROLMENT_GET, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_bytes_new (sqlite3_column_blob (stmt, 4), sqlite3_column_bytes (stmt, 4));
  if (rc != SQLITE_DONE)
    {
      kiosk_store_set_error (self, error);
      return NULL;
    }
  g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_ENROLLED,
               _("This tablet is not set up yet, so answers cannot be sealed."));
  return NULL;
}

/* Writes an offer of the 7.3 ledger, sealed (docs/api.md): the child's
 * code and the outcome go into a box only the aggregator can open, and
 * only the month stays in clear, so the tablet keeps no readable record
 * of which family was asked. */
static gboolean
insert_offer (KioskStore  *self,
              const char  *child,
              const char  *outcome,
              const char  *month,
              GError     **error)
{
  g_autoptr(KioskStoreStmt) stmt = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(GBytes) key = public_key_locked (self, error);
  g_autoptr(GBytes) sealed = NULL;
  g_autoptr(GString) box = NULL;

  if (key == NULL)
    return FALSE;
  box = g_string_new ("{");
  kiosk_json_add_string_member (box, "child", child);
  kiosk_json_add_string_member (box, "outcome", outcome);
  g_string_append_c (box, '}');
  sealed = kiosk_seal (key, box->str, box->len, error);
  sodium_memzero (box->str, box->allocated_len);
  if (sealed == NULL)
    return FALSE;

  stmt = kiosk_store_statement (self, KIOSK_QUERY_OFFER_INSERT, error);
  if (stmt == NULL)
    return FALSE;
  kiosk_store_bind_text (stmt, 1, id);
  kiosk_store_bind_text (stmt, 2, month);
  sqlite3_bind_blob (stmt, 3, g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed),
                     SQLITE_TRANSIENT);
  return kiosk_store_run (self, stmt, error);
}

gboolean
kiosk_store_queue_submission (KioskStore            *self,
                              const KioskOutboxRow  *row,
                              GError               **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(KioskStoreStmt) stmt = NULL;
  gboolean known = FALSE;

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);
  g_return_val_if_fail (row != NULL && row->id != NULL && row->form != NULL, FALSE);
  g_return_val_if_fail (row->form_version > 0, FALSE);
  /* The shapes the outbox table's CHECKs allow (kiosk-store.sql). */
  g_return_val_if_fail ((row->answers == NULL) != (row->sealed == NULL), FALSE);
  g_return_val_if_fail (row->sealed == NULL || (row->child == NULL && row->month != NULL),
                        FALSE);
  g_return_val_if_fail (row->offer_child == NULL || row->sealed != NULL, FALSE);
  g_return_val_if_fail (!row->independent || row->sealed != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  if (!kiosk_store_begin (self, error))
    return FALSE;

  if (!id_known (self, row->id, &known, error))
    return kiosk_store_rollback (self);
  if (known)
    {
      kiosk_store_rollback (self);
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID,
                   _("These answers have already been saved."));
      return FALSE;
    }

  stmt = kiosk_store_statement (self, KIOSK_QUERY_OUTBOX_INSERT, error);
  if (stmt == NULL)
    return kiosk_store_rollback (self);
  kiosk_store_bind_text (stmt, 1, row->id);
  kiosk_store_bind_text (stmt, 2, row->form);
  sqlite3_bind_int64 (stmt, 3, row->form_version);
  if (row->goal_set > 0)
    sqlite3_bind_int64 (stmt, 4, row->goal_set);
  else
    sqlite3_bind_null (stmt, 4);
  kiosk_store_bind_text (stmt, 5, row->child);
  if (row->sealed != NULL)
    {
      /* Columns 6 to 12 stay NULL: what they would hold is in the box. */
      sqlite3_bind_blob (stmt, 13, g_bytes_get_data (row->sealed, NULL),
                         g_bytes_get_size (row->sealed), SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 14, 2);
      kiosk_store_bind_text (stmt, 15, row->month);
    }
  else
    {
      kiosk_store_bind_text (stmt, 6, row->respondent);
      kiosk_store_bind_text (stmt, 7, row->mode);
      kiosk_store_bind_text (stmt, 8, row->locale);
      sqlite3_bind_int (stmt, 9, row->easy_read ? 1 : 0);
      kiosk_store_bind_text (stmt, 10, row->started_at);
      kiosk_store_bind_text (stmt, 11, row->completed_at);
      kiosk_store_bind_text (stmt, 12, row->answers);
    }
  sqlite3_bind_int (stmt, 16, row->independent ? 1 : 0);
  if (!kiosk_store_run (self, stmt, error))
    return kiosk_store_rollback (self);

  if (row->offer_child != NULL &&
      !insert_offer (self, row->offer_child, "completed", row->month, error))
    return kiosk_store_rollback (self);

  return kiosk_store_commit_and_checkpoint (self, error);
}

gboolean
kiosk_store_add_declined_offer (KioskStore  *self,
                                const char  *child,
                                GDateTime   *when,
                                GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *month = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);
  g_return_val_if_fail (child != NULL && *child != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (when == NULL)
    when = now = g_date_time_new_now_local ();
  month = local_month (when);

  locker = g_mutex_locker_new (&self->lock);
  if (!kiosk_store_begin (self, error))
    return FALSE;
  if (!insert_offer (self, child, "declined", month, error))
    return kiosk_store_rollback (self);
  return kiosk_store_commit_and_checkpoint (self, error);
}

static gboolean
count_query (KioskStore  *self,
             KioskQuery   query,
             const char  *state,
             guint       *count,
             GError     **error)
{
  g_autoptr(KioskStoreStmt) stmt = kiosk_store_statement (self, query, error);

  if (stmt == NULL)
    return FALSE;
  if (state != NULL)
    kiosk_store_bind_text (stmt, 1, state);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return kiosk_store_set_error (self, error);
  *count = sqlite3_column_int (stmt, 0);
  return TRUE;
}

KioskOutboxStatus *
kiosk_store_get_outbox_status (KioskStore  *self,
                               GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(KioskOutboxStatus) status = g_new0 (KioskOutboxStatus, 1);
  g_autofree char *last_attempt = NULL;
  g_autofree char *last_success = NULL;
  guint queued_offers_attention = 0;
  GError *local_error = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);

  /* One read transaction, so the counts are consistent with each other
   * even while the uploader moves entries about. */
  if (!kiosk_store_begin_read (self, error))
    return NULL;
  if (!count_query (self, KIOSK_QUERY_COUNT_OUTBOX_BY_STATE, "queued", &status->queued, error) ||
      !count_query (self, KIOSK_QUERY_COUNT_OFFERS_BY_STATE, "queued",
                    &status->offers_queued, error) ||
      !count_query (self, KIOSK_QUERY_COUNT_OUTBOX_BY_STATE, "needs-attention",
                    &status->needs_attention, error) ||
      !count_query (self, KIOSK_QUERY_COUNT_OFFERS_BY_STATE, "needs-attention",
                    &queued_offers_attention, error) ||
      !count_query (self, KIOSK_QUERY_COUNT_RECEIPTS, NULL, &status->sent, error))
    {
      kiosk_store_rollback (self);
      return NULL;
    }
  status->needs_attention += queued_offers_attention;

  last_attempt = kiosk_store_get_setting (self, KIOSK_STORE_SETTING_LAST_ATTEMPT, &local_error);
  if (local_error == NULL)
    last_success = kiosk_store_get_setting (self, KIOSK_STORE_SETTING_LAST_SUCCESS, &local_error);
  if (local_error == NULL)
    status->last_error = kiosk_store_get_setting (self, KIOSK_STORE_SETTING_LAST_ERROR,
                                                  &local_error);
  kiosk_store_rollback (self);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  status->last_attempt = kiosk_store_parse_time (last_attempt);
  status->last_success = kiosk_store_parse_time (last_success);
  return g_steal_pointer (&status);
}

GPtrArray *
kiosk_store_list_outbox (KioskStore  *self,
                         GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(KioskStoreStmt) stmt = NULL;
  g_autoptr(GPtrArray) items = NULL;
  int rc;

  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  stmt = kiosk_store_statement (self, KIOSK_QUERY_LIST_OUTBOX, error);
  if (stmt == NULL)
    return NULL;

  items = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_outbox_item_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KioskOutboxItem *item = g_new0 (KioskOutboxItem, 1);

      item->kind = sqlite3_column_int (stmt, 0) == 0 ? KIOSK_ITEM_SUBMISSION : KIOSK_ITEM_OFFER;
      item->id = g_strdup (kiosk_store_column_text (stmt, 1));
      item->form = g_strdup (kiosk_store_column_text (stmt, 2));
      item->state = g_strcmp0 (kiosk_store_column_text (stmt, 3), "queued") == 0
                    ? KIOSK_ITEM_QUEUED : KIOSK_ITEM_NEEDS_ATTENTION;
      item->reason = g_strdup (kiosk_store_column_text (stmt, 4));
      item->attempts = sqlite3_column_int (stmt, 5);
      item->completed_at = kiosk_store_parse_time (kiosk_store_column_text (stmt, 6));
      item->month = g_strdup (kiosk_store_column_text (stmt, 7));
      g_ptr_array_add (items, item);
    }
  if (rc != SQLITE_DONE)
    {
      kiosk_store_set_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&items);
}

gboolean
kiosk_store_retry_item (KioskStore  *self,
                        const char  *id,
                        GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  int changes = 0;

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  if (!kiosk_store_begin (self, error))
    return FALSE;
  if (!kiosk_store_run_changes (self, KIOSK_QUERY_OUTBOX_REQUEUE, id, &changes, error))
    return kiosk_store_rollback (self);
  if (changes == 0 &&
      !kiosk_store_run_changes (self, KIOSK_QUERY_OFFER_REQUEUE, id, &changes, error))
    return kiosk_store_rollback (self);
  if (changes == 0)
    {
      kiosk_store_rollback (self);
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID,
                   _("This entry does not need attention."));
      return FALSE;
    }
  return kiosk_store_commit (self, error);
}

gboolean
kiosk_store_insert_receipt (KioskStore  *self,
                            const char  *id,
                            const char  *kind,
                            const char  *form,
                            const char  *status,
                            const char  *acknowledged_at,
                            GError     **error)
{
  g_autoptr(KioskStoreStmt) stmt = kiosk_store_statement (self, KIOSK_QUERY_RECEIPT_INSERT, error);

  if (stmt == NULL)
    return FALSE;
  kiosk_store_bind_text (stmt, 1, id);
  kiosk_store_bind_text (stmt, 2, kind);
  kiosk_store_bind_text (stmt, 3, form);
  kiosk_store_bind_text (stmt, 4, status);
  kiosk_store_bind_text (stmt, 5, acknowledged_at);
  return kiosk_store_run (self, stmt, error);
}

gboolean
kiosk_store_discard_item (KioskStore  *self,
                          const char  *id,
                          GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(KioskStoreStmt) stmt = NULL;
  g_autofree char *form = NULL;
  g_autofree char *now = NULL;
  const char *kind = "submission";
  int rc;

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  if (!kiosk_store_begin (self, error))
    return FALSE;

  stmt = kiosk_store_statement (self, KIOSK_QUERY_OUTBOX_DELETE_NEEDING_ATTENTION, error);
  if (stmt == NULL)
    return kiosk_store_rollback (self);
  kiosk_store_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    form = g_strdup (kiosk_store_column_text (stmt, 0));
  if (rc == SQLITE_ROW)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      kiosk_store_set_error (self, error);
      return kiosk_store_rollback (self);
    }
  g_clear_pointer (&stmt, kiosk_store_release);

  if (form == NULL)
    {
      int changes = 0;

      kind = "offer";
      if (!kiosk_store_run_changes (self, KIOSK_QUERY_OFFER_DELETE_NEEDING_ATTENTION, id,
                                    &changes, error))
        return kiosk_store_rollback (self);
      if (changes == 0)
        {
          kiosk_store_rollback (self);
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID,
                       _("This entry does not need attention."));
          return FALSE;
        }
    }

  now = kiosk_store_now_string ();
  if (!kiosk_store_insert_receipt (self, id, kind, form, "discarded", now, error))
    return kiosk_store_rollback (self);
  return kiosk_store_commit_and_checkpoint (self, error);
}

gboolean
kiosk_store_has_receipt (KioskStore  *self,
                         const char  *id,
                         char       **status)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(KioskStoreStmt) stmt = NULL;

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (status != NULL)
    *status = NULL;
  locker = g_mutex_locker_new (&self->lock);
  stmt = kiosk_store_statement (self, KIOSK_QUERY_RECEIPT_GET, NULL);
  if (stmt == NULL)
    return FALSE;
  kiosk_store_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  if (status != NULL)
    *status = g_strdup (kiosk_store_column_text (stmt, 0));
  return TRUE;
}
