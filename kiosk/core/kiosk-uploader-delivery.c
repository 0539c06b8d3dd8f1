/* kiosk-uploader-delivery.c — one sync pass: batches, halving, and the
 * entries the aggregator keeps failing (docs/kiosk-core.md "Delivery").
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "kiosk-error.h"
#include "kiosk-uploader-delivery.h"

/* An entry the aggregator answers 500 each time it is sent alone, this
 * many times, while it acknowledges other entries, is parked as needing
 * attention (docs/kiosk-core.md, "Delivery"). */
#define SERVER_ERROR_STRIKES 3
/* Lone 500s a pass takes, with nothing acknowledged in between, before it
 * concludes that the aggregator is failing as a whole and stops. */
#define MAX_UNCONFIRMED_SERVER_ERRORS 3

struct _KioskUploaderDelivery
{
  KioskStore *store;
  /* The entries the aggregator answered 500 when they were sent alone
   * (id → Suspect), and how many entries it has acknowledged in all, so a
   * later pass knows whether it answered others since. */
  GHashTable *suspects;
  guint64     acknowledged;
};

/* An entry the aggregator answered 500 when it was sent alone. */
typedef struct
{
  guint   strikes;        /* lone 500s so far, in a row */
  guint64 acknowledged;   /* self->acknowledged at the first of them */
} Suspect;

KioskUploaderDelivery *
kiosk_uploader_delivery_new (KioskStore *store)
{
  KioskUploaderDelivery *self = g_new0 (KioskUploaderDelivery, 1);

  self->store = g_object_ref (store);
  self->suspects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

void
kiosk_uploader_delivery_free (KioskUploaderDelivery *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->store);
  g_clear_pointer (&self->suspects, g_hash_table_unref);
  g_free (self);
}

/* Records what @batch's entries came to: each decided one as decided, the
 * others as still queued, with @retry_reason. */
static gboolean
record_all (KioskUploaderDelivery  *self,
            KioskBatch             *batch,
            const char             *retry_reason,
            GError                **error)
{
  GArray *entries = batch->entries;
  g_autoptr(GArray) outcomes = g_array_sized_new (FALSE, TRUE, sizeof (KioskOutcome),
                                                  entries->len);

  for (guint i = 0; i < entries->len; i++)
    {
      KioskBatchEntry *entry = &g_array_index (entries, KioskBatchEntry, i);
      KioskOutcome outcome = { entry->kind, entry->id, KIOSK_VERDICT_RETRY, NULL, retry_reason };

      if (entry->decided)
        {
          outcome.verdict = entry->verdict;
          outcome.status = entry->status;
          outcome.reason = entry->reason;
        }
      g_array_append_val (outcomes, outcome);
    }
  return kiosk_store_record_outcomes (self->store, (KioskOutcome *) outcomes->data,
                                      outcomes->len, error);
}

/* Decides @entry as needing attention for @reason (taken). */
static void
park (KioskBatchEntry *entry,
      char            *reason)
{
  entry->decided = TRUE;
  entry->verdict = KIOSK_VERDICT_NEEDS_ATTENTION;
  entry->status = "rejected";
  g_free (entry->reason);
  entry->reason = reason;
}

/* Whether the aggregator acknowledged other entries since it first
 * failed @suspect: then its 500s are about the entry, not an outage. */
static gboolean
answered_others_since (KioskUploaderDelivery *self,
                       const Suspect         *suspect)
{
  return self->acknowledged > suspect->acknowledged;
}

/* The suspect to send alone next, once everything else was tried: one the
 * aggregator has worked for others since it first failed (until it is
 * parked or delivered), else one not yet tried in this pass.  The fewest
 * strikes go first, so that a few poisoned entries cannot keep the
 * others waiting from one pass to the next. */
static char *
next_suspect (KioskUploaderDelivery *self,
              GHashTable            *skip,
              GHashTable            *tried)
{
  GHashTableIter iter;
  gpointer key, value;
  const char *best = NULL;
  guint best_strikes = G_MAXUINT;

  g_hash_table_iter_init (&iter, self->suspects);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const Suspect *suspect = value;

      if (!g_hash_table_contains (skip, key) ||
          (g_hash_table_contains (tried, key) && !answered_others_since (self, suspect)))
        continue;
      if (suspect->strikes < best_strikes)
        {
          best = key;
          best_strikes = suspect->strikes;
        }
    }
  return g_strdup (best);
}

typedef enum
{
  LONE_KEPT,     /* still queued, with the reason */
  LONE_PARKED,   /* moved to "needs attention" */
  LONE_FAILED,   /* the store failed */
} LoneOutcome;

/* The aggregator answered its own 500 to @batch, which holds one entry
 * sent alone.  Its strikes count up only while the aggregator acknowledges
 * other entries after the first of them: a 500 with nothing acknowledged
 * since may be the aggregator failing for everyone, so the count starts
 * again from it (and *@unconfirmed counts it, for the pass to stop). */
static LoneOutcome
server_error_alone (KioskUploaderDelivery  *self,
                    KioskBatch             *batch,
                    GHashTable             *tried,
                    guint                  *unconfirmed,
                    GError                **error)
{
  KioskBatchEntry *entry = &g_array_index (batch->entries, KioskBatchEntry, 0);
  Suspect *suspect = g_hash_table_lookup (self->suspects, entry->id);
  g_autofree char *why = NULL;

  g_assert (batch->entries->len == 1);

  if (suspect == NULL)
    {
      suspect = g_new0 (Suspect, 1);
      g_hash_table_insert (self->suspects, g_strdup (entry->id), suspect);
    }
  g_hash_table_add (tried, g_strdup (entry->id));
  if (suspect->strikes == 0 || !answered_others_since (self, suspect))
    {
      suspect->strikes = 1;
      suspect->acknowledged = self->acknowledged;
      (*unconfirmed)++;
    }
  else
    suspect->strikes++;

  if (suspect->strikes >= SERVER_ERROR_STRIKES)
    {
      park (entry, g_strdup_printf (_("the aggregator answered HTTP %ld (%s) to this entry "
                                      "sent alone %u times in a row, while it accepted "
                                      "other entries"),
                                    batch->status, batch->error_code, suspect->strikes));
      g_hash_table_remove (self->suspects, entry->id);
      return record_all (self, batch, NULL, error) ? LONE_PARKED : LONE_FAILED;
    }

  why = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "the aggregator answered HTTP %ld (%s) when this entry "
                                      "was sent alone (%u time in a row)",
                                      "the aggregator answered HTTP %ld (%s) when this entry "
                                      "was sent alone (%u times in a row)",
                                      suspect->strikes),
                         batch->status, batch->error_code, suspect->strikes);
  return record_all (self, batch, why, error) ? LONE_KEPT : LONE_FAILED;
}

/* Whether an entry tried alone in this pass is still a suspect. */
static gboolean
suspect_left (KioskUploaderDelivery *self,
              GHashTable            *tried)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, tried);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_hash_table_contains (self->suspects, key))
      return TRUE;
  return FALSE;
}

/* Takes what the reply decided for @batch into @counts and the store.
 * The entries it left undecided go into @skip, for this pass not to send
 * them again; *@n_decided gets how many it decided. */
static gboolean
take_reply (KioskUploaderDelivery  *self,
            KioskBatch             *batch,
            GHashTable             *skip,
            KioskDeliveryCounts    *counts,
            guint                  *n_decided,
            GError                **error)
{
  guint decided = 0;

  for (guint i = 0; i < batch->entries->len; i++)
    {
      KioskBatchEntry *entry = &g_array_index (batch->entries, KioskBatchEntry, i);

      if (!entry->decided)
        {
          g_hash_table_add (skip, g_strdup (entry->id));
          continue;
        }
      g_hash_table_remove (self->suspects, entry->id);
      decided++;
      if (entry->verdict == KIOSK_VERDICT_NEEDS_ATTENTION)
        counts->refused++;
      else if (entry->kind == KIOSK_ITEM_SUBMISSION)
        counts->delivered++;
      else
        counts->offers_delivered++;
    }

  *n_decided = decided;
  return record_all (self, batch, _("the aggregator's reply did not acknowledge it"), error);
}

gboolean
kiosk_uploader_delivery_run (KioskUploaderDelivery  *self,
                             KioskClientSession     *session,
                             guint                   max_batch,
                             GCancellable           *cancellable,
                             KioskDeliveryCounts    *counts,
                             GError                **error)
{
  g_autoptr(GHashTable) skip = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) tried = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *expected = NULL;       /* the suspect just picked to go alone */
  g_autofree char *server_error = NULL;   /* why a suspect is still queued */
  guint batch_size = max_batch;
  guint unconfirmed = 0;
  GHashTableIter iter;
  gpointer key;

  /* Entries that failed alone in an earlier pass go after all the others. */
  g_hash_table_iter_init (&iter, self->suspects);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (skip, g_strdup (key));

  for (;;)
    {
      g_autoptr(KioskBatchText) request = NULL;
      g_auto(KioskBatch) batch = { NULL, };
      g_autoptr(GError) local_error = NULL;
      guint decided;

      request = kiosk_store_next_batch_text (self->store, batch_size, skip, &local_error);
      if (request == NULL && local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (request == NULL)
        {
          /* Everything else was tried: now the suspects, one at a time. */
          if (expected != NULL)
            g_hash_table_remove (self->suspects, expected);   /* no longer queued */
          g_clear_pointer (&expected, g_free);
          expected = next_suspect (self, skip, tried);
          if (expected != NULL)
            {
              g_hash_table_remove (skip, expected);
              batch_size = 1;
              continue;
            }
          if (server_error != NULL && suspect_left (self, tried))
            {
              /* A suspect is still queued: not a pass that delivered all
               * it could, so the backoff applies. */
              g_set_error_literal (error, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY, server_error);
              return FALSE;
            }
          return TRUE;   /* nothing (more) to send */
        }

      kiosk_batch_init (&batch, g_steal_pointer (&request));
      if (expected != NULL && kiosk_batch_lookup (&batch, expected) == NULL)
        g_hash_table_remove (self->suspects, expected);
      g_clear_pointer (&expected, g_free);

      if (!kiosk_client_deliver (session, &batch, cancellable, &local_error) &&
          batch.error_code == NULL)
        {
          /* Whether the request got there is unknown, or the reply said
           * nothing we can trust: everything stays queued, with the reason
           * for the staff screen. */
          if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            record_all (self, &batch, local_error->message, NULL);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      /* Refused as a whole by the aggregator itself: find the entry at
       * fault by halving, and park it alone.  The aggregator's own 500 is
       * halved the same way, but an entry is parked for it only as
       * server_error_alone() says. */
      if (batch.error_code != NULL && batch.entries->len > 1)
        {
          batch_size = MAX (1, batch.entries->len / 2);
          continue;
        }
      if (batch.error_code != NULL && batch.status == 500)
        {
          switch (server_error_alone (self, &batch, tried, &unconfirmed, error))
            {
            case LONE_FAILED:
              return FALSE;
            case LONE_PARKED:
              counts->refused++;
              break;
            case LONE_KEPT:
              /* The others go first; it is tried alone again at the end. */
              g_hash_table_add (skip, g_strdup (g_array_index (batch.entries,
                                                               KioskBatchEntry, 0).id));
              g_free (server_error);
              server_error = g_strdup (local_error->message);
              if (unconfirmed >= MAX_UNCONFIRMED_SERVER_ERRORS)
                {
                  g_propagate_error (error, g_steal_pointer (&local_error));
                  return FALSE;
                }
              break;
            default:
              g_assert_not_reached ();
            }
          batch_size = max_batch;
          continue;
        }
      if (batch.error_code != NULL)
        {
          KioskBatchEntry *entry = &g_array_index (batch.entries, KioskBatchEntry, 0);

          park (entry, g_strdup_printf (_("refused by the aggregator (HTTP %ld, %s)"),
                                        batch.status, batch.error_code));
          g_hash_table_remove (self->suspects, entry->id);
          if (!record_all (self, &batch, NULL, error))
            return FALSE;
          counts->refused++;
          batch_size = max_batch;
          continue;
        }

      if (!take_reply (self, &batch, skip, counts, &decided, error))
        return FALSE;
      if (decided > 0)
        {
          self->acknowledged += decided;
          unconfirmed = 0;
        }

      if (decided < batch.entries->len)
        {
          /* Something answered 200 with JSON but left ids out: not a
           * delivery.  Stop here rather than hammer it; the backoff decides
           * when to try again. */
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "The aggregator's reply did not acknowledge %u entry.",
                                    "The aggregator's reply did not acknowledge %u entries.",
                                    batch.entries->len - decided),
                       batch.entries->len - decided);
          return FALSE;
        }
      batch_size = max_batch;
    }
}
