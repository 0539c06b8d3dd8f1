/* kiosk-uploader.c — delivering the outbox and filling the caches
 * (docs/kiosk-core.md "Delivery"; the wire format is docs/api.md).
 *
 * Threads: every network call runs on a GTask worker thread (or on the
 * caller's thread for the synchronous variants).  The scheduling state —
 * timers, backoff, the "state" property — belongs to the main context the
 * uploader was made on and is only touched there.  Configuration is read
 * under config_lock into a per-operation Session, and passes are
 * serialised by pass_lock so two never send the same entries at once from
 * one process.  (Two processes may; the aggregator answers "duplicate" to
 * the second, which also counts as delivered.)
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>

#include "kiosk-error.h"
#include "kiosk-http.h"
#include "kiosk-seal.h"
#include "kiosk-uploader.h"

#define MAX_BATCH 100
#define DEFAULT_CONNECT_TIMEOUT 10
#define DEFAULT_TOTAL_TIMEOUT 60
#define DEFAULT_MIN_BACKOFF 5
#define DEFAULT_MAX_BACKOFF (15 * 60)
#define DEFAULT_SYNC_INTERVAL (5 * 60)
/* After the network comes back, wait a moment for DHCP and DNS to settle. */
#define NETWORK_SETTLE_SECONDS 2
/* Automatic passes also refresh the cached forms, at most this often. */
#define FORMS_REFRESH_SECONDS (60 * 60)
/* Longest rejection reason kept for the staff screen, in characters. */
#define MAX_REASON 300
/* An entry the aggregator answers 500 each time it is sent alone, this
 * many times, while it acknowledges other entries, is parked as needing
 * attention (docs/kiosk-core.md, "Delivery"). */
#define SERVER_ERROR_STRIKES 3
/* Lone 500s a pass takes, with nothing acknowledged in between, before it
 * concludes that the aggregator is failing as a whole and stops. */
#define MAX_UNCONFIRMED_SERVER_ERRORS 3

struct _KioskUploader
{
  GObject             parent_instance;

  KioskStore         *store;
  GMainContext       *context;

  GMutex              config_lock;
  char               *ca_file;
  guint               connect_timeout;
  guint               total_timeout;
  guint               batch_size;
  guint               min_backoff;
  guint               max_backoff;
  guint               sync_interval;
  gint64              forms_refreshed_at;   /* monotonic µs; 0 = never */

  GMutex              pass_lock;
  /* Under pass_lock: the entries the aggregator answered 500 when they
   * were sent alone (id → Suspect), and how many entries it has
   * acknowledged in all, so a later pass knows whether it answered others
   * since. */
  GHashTable         *suspects;
  guint64             acknowledged;

  /* Main-context state. */
  gboolean            started;
  gboolean            running;
  gboolean            again;
  guint               failures;
  GSource            *timer;
  gint64              next_attempt;
  KioskUploaderState  state;
  char               *last_error;
  GNetworkMonitor    *monitor;
  gulong              network_changed_id;
};

G_DEFINE_FINAL_TYPE (KioskUploader, kiosk_uploader, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (KioskUploaderState, kiosk_uploader_state,
  G_DEFINE_ENUM_VALUE (KIOSK_UPLOADER_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (KIOSK_UPLOADER_SYNCING, "syncing"),
  G_DEFINE_ENUM_VALUE (KIOSK_UPLOADER_WAITING, "waiting"),
  G_DEFINE_ENUM_VALUE (KIOSK_UPLOADER_NOT_ENROLLED, "not-enrolled"))

enum
{
  PROP_0,
  PROP_STORE,
  PROP_STATE,
  PROP_LAST_ERROR,
  PROP_NEXT_ATTEMPT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SYNC_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- Sessions: what one operation needs, read once ---------------------- */

typedef struct
{
  char            *base_url;
  char            *token;
  char            *ca_file;
  KioskHttpConfig  http;
  guint            batch_size;
} Session;

static void
session_clear (Session *session)
{
  g_free (session->base_url);
  /* Not left lying about in freed memory (sodium_memzero is never
   * optimised away, unlike a memset before free). */
  if (session->token != NULL)
    sodium_memzero (session->token, strlen (session->token));
  g_free (session->token);
  g_free (session->ca_file);
  memset (session, 0, sizeof *session);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Session, session_clear)

/* Fills @session from the configuration and, when @enrolment_needed, from
 * the store's enrolment and token. */
static gboolean
session_init (KioskUploader  *self,
              Session        *session,
              gboolean        enrolment_needed,
              GError        **error)
{
  g_autoptr(KioskEnrolment) enrolment = NULL;

  memset (session, 0, sizeof *session);

  if (enrolment_needed)
    {
      enrolment = kiosk_store_get_enrolment (self->store, error);
      if (enrolment == NULL)
        return FALSE;
      session->token = kiosk_store_dup_device_token (self->store, error);
      if (session->token == NULL)
        return FALSE;
      session->base_url = g_strdup (kiosk_enrolment_get_aggregator_url (enrolment));
    }

  g_mutex_lock (&self->config_lock);
  if (self->ca_file != NULL)
    session->ca_file = g_strdup (self->ca_file);
  else if (enrolment != NULL)
    session->ca_file = g_strdup (kiosk_enrolment_get_ca_file (enrolment));
  session->http.connect_timeout = self->connect_timeout;
  session->http.total_timeout = self->total_timeout;
  session->batch_size = self->batch_size;
  g_mutex_unlock (&self->config_lock);

  session->http.ca_file = session->ca_file;
  return TRUE;
}

static char *
endpoint (const Session *session,
          const char    *path)
{
  return g_strconcat (session->base_url, path, NULL);
}

/* An HTTP status that is not the one expected, as an error.  401 and 403
 * mean the credential is no good; anything else means whoever answered is
 * not (or not yet) the aggregator doing its job. */
static gboolean
set_status_error (const KioskHttpReply  *reply,
                  GError               **error)
{
  g_autofree char *code = kiosk_http_error_code (reply->body);

  if (reply->status == 401 || reply->status == 403)
    g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_REFUSED,
                 _("The aggregator no longer accepts this tablet (%s): enrol it again."),
                 code != NULL ? code : "unauthorized");
  else if (code != NULL)
    g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY,
                 _("The aggregator answered with an error (HTTP %ld, %s)."),
                 reply->status, code);
  else
    g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY,
                 _("Something other than the aggregator answered (HTTP %ld); "
                   "the network may need a sign-in."),
                 reply->status);
  return FALSE;
}

/* Parses a body that must be a JSON object (strictly: kv-json.h). */
static JsonObject *
parse_object (GBytes      *body,
              GError     **error)
{
  return kiosk_http_parse_reply (body, error);
}

static const char *
get_string_member (JsonObject *object,
                   const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* ---- Delivery ----------------------------------------------------------- */

/* One entry of the request, as sent. */
typedef struct
{
  KioskItemKind  kind;
  const char    *id;        /* points into the request body */
  KioskVerdict   verdict;
  const char    *status;
  char          *reason;
  gboolean       decided;
  gboolean       contradicted;
} Entry;

static void
entry_clear (gpointer data)
{
  Entry *entry = data;

  g_free (entry->reason);
}

/* A reason from the network, made safe for the staff screen and the
 * database: valid UTF-8, no control characters, bounded length. */
static char *
clean_reason (const char *reason)
{
  g_autofree char *valid = g_utf8_make_valid (reason, -1);
  g_autofree char *shortened = NULL;

  for (char *p = valid; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = ' ';
  if (g_utf8_strlen (valid, -1) <= MAX_REASON)
    return g_steal_pointer (&valid);
  shortened = g_utf8_substring (valid, 0, MAX_REASON);
  return g_strconcat (shortened, "…", NULL);
}

static void
collect_entries (JsonObject *body,
                 const char *member,
                 KioskItemKind kind,
                 GArray     *entries,
                 GHashTable *by_id)
{
  JsonArray *array = json_object_get_array_member (body, member);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      Entry entry = { kind, NULL, KIOSK_VERDICT_RETRY, NULL, NULL, FALSE, FALSE };

      entry.id = json_object_get_string_member (json_array_get_object_element (array, i), "id");
      g_array_append_val (entries, entry);
      g_hash_table_insert (by_id, (gpointer) entry.id, GUINT_TO_POINTER (entries->len));
    }
}

/* Reads one reply list ("submissions" or "offers") into the entries.  A
 * status only counts for an id we sent, in the list of its kind; an id
 * mentioned twice with different statuses counts as not mentioned. */
static gboolean
read_statuses (JsonObject    *reply,
               const char    *member,
               KioskItemKind  kind,
               GArray        *entries,
               GHashTable    *by_id,
               GError       **error)
{
  JsonNode *node = json_object_get_member (reply, member);
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY,
                   _("The aggregator's reply does not have the expected shape (%s)."), member);
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      const char *id = get_string_member (object, "id");
      const char *status = get_string_member (object, "status");
      const char *reason = get_string_member (object, "reason");
      guint index;
      Entry *entry;
      KioskVerdict verdict;
      g_autofree char *why = NULL;

      if (id == NULL || status == NULL)
        continue;
      index = GPOINTER_TO_UINT (g_hash_table_lookup (by_id, id));
      if (index == 0)
        continue;
      entry = &g_array_index (entries, Entry, index - 1);
      if (entry->kind != kind)
        continue;

      if (g_str_equal (status, "stored") || g_str_equal (status, "duplicate"))
        verdict = KIOSK_VERDICT_DELIVERED;
      else if (g_str_equal (status, "conflict"))
        {
          verdict = KIOSK_VERDICT_NEEDS_ATTENTION;
          why = g_strdup (_("conflict: the aggregator already holds different answers "
                            "under the same id"));
        }
      else if (g_str_equal (status, "rejected"))
        {
          verdict = KIOSK_VERDICT_NEEDS_ATTENTION;
          why = reason != NULL ? clean_reason (reason) : g_strdup (_("rejected"));
        }
      else
        continue;   /* a status we do not know decides nothing */

      if (entry->decided && (entry->verdict != verdict ||
                             g_strcmp0 (entry->status, status) != 0))
        entry->contradicted = TRUE;
      else if (!entry->decided)
        {
          entry->decided = TRUE;
          entry->verdict = verdict;
          entry->status = status;
          entry->reason = g_steal_pointer (&why);
        }
    }
  return TRUE;
}

static gboolean
record_all (KioskUploader  *self,
            GArray         *entries,
            const char     *retry_reason,
            GError        **error)
{
  g_autoptr(GArray) outcomes = g_array_sized_new (FALSE, TRUE, sizeof (KioskOutcome),
                                                  entries->len);

  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = &g_array_index (entries, Entry, i);
      KioskOutcome outcome = { entry->kind, entry->id, KIOSK_VERDICT_RETRY, NULL, retry_reason };

      if (entry->decided && !entry->contradicted)
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

/* An entry the aggregator answered 500 when it was sent alone. */
typedef struct
{
  guint   strikes;        /* lone 500s so far, in a row */
  guint64 acknowledged;   /* self->acknowledged at the first of them */
} Suspect;

/* Whether the aggregator acknowledged other entries since it first
 * failed @suspect: then its 500s are about the entry, not an outage. */
static gboolean
answered_others_since (KioskUploader *self,
                       const Suspect *suspect)
{
  return self->acknowledged > suspect->acknowledged;
}

/* The suspect to send alone next, once everything else was tried: one the
 * aggregator has worked for others since it first failed (until it is
 * parked or delivered), else one not yet tried in this pass.  The fewest
 * strikes go first, so that a few poisoned entries cannot keep the
 * others waiting from one pass to the next. */
static char *
next_suspect (KioskUploader *self,
              GHashTable    *skip,
              GHashTable    *tried)
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

/* The aggregator answered its own 500 to @entries, which hold one entry
 * sent alone.  Its strikes count up only while the aggregator acknowledges
 * other entries after the first of them: a 500 with nothing acknowledged
 * since may be the aggregator failing for everyone, so the count starts
 * again from it (and *@unconfirmed counts it, for the pass to stop). */
static LoneOutcome
server_error_alone (KioskUploader  *self,
                    GArray         *entries,
                    long            status,
                    const char     *code,
                    GHashTable     *tried,
                    guint          *unconfirmed,
                    GError        **error)
{
  Entry *entry = &g_array_index (entries, Entry, 0);
  Suspect *suspect = g_hash_table_lookup (self->suspects, entry->id);
  g_autofree char *why = NULL;

  g_assert (entries->len == 1);

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
      entry->decided = TRUE;
      entry->verdict = KIOSK_VERDICT_NEEDS_ATTENTION;
      entry->status = "rejected";
      entry->reason = g_strdup_printf (_("the aggregator answered HTTP %ld (%s) to this entry "
                                         "sent alone %u times in a row, while it accepted "
                                         "other entries"),
                                       status, code, suspect->strikes);
      g_hash_table_remove (self->suspects, entry->id);
      return record_all (self, entries, NULL, error) ? LONE_PARKED : LONE_FAILED;
    }

  why = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "the aggregator answered HTTP %ld (%s) when this entry "
                                      "was sent alone (%u time in a row)",
                                      "the aggregator answered HTTP %ld (%s) when this entry "
                                      "was sent alone (%u times in a row)",
                                      suspect->strikes),
                         status, code, suspect->strikes);
  return record_all (self, entries, why, error) ? LONE_KEPT : LONE_FAILED;
}

/* Whether an entry tried alone in this pass is still a suspect. */
static gboolean
suspect_left (KioskUploader *self,
              GHashTable    *tried)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, tried);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_hash_table_contains (self->suspects, key))
      return TRUE;
  return FALSE;
}

/* Delivers everything queued; see the rules in kiosk-uploader.h. */
static gboolean
deliver_all (KioskUploader    *self,
             const Session    *session,
             GCancellable     *cancellable,
             KioskSyncReport  *report,
             GError          **error)
{
  g_autoptr(GHashTable) skip = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) tried = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *url = endpoint (session, "/api/v1/submissions");
  g_autofree char *expected = NULL;       /* the suspect just picked to go alone */
  g_autofree char *server_error = NULL;   /* why a suspect is still queued */
  guint batch_size = session->batch_size;
  guint unconfirmed = 0;
  GHashTableIter iter;
  gpointer key;

  /* Entries that failed alone in an earlier pass go after all the others. */
  g_hash_table_iter_init (&iter, self->suspects);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (skip, g_strdup (key));

  for (;;)
    {
      g_autoptr(JsonNode) request = NULL;
      g_autoptr(GArray) entries = g_array_new (FALSE, TRUE, sizeof (Entry));
      g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GBytes) body = NULL;
      g_autoptr(JsonObject) reply_object = NULL;
      g_autoptr(GError) local_error = NULL;
      g_auto(KioskHttpReply) reply = { 0, NULL };
      g_autofree char *code = NULL;
      JsonObject *request_object;
      guint decided = 0;
      gsize length;
      char *text;

      g_array_set_clear_func (entries, entry_clear);

      request = kiosk_store_next_batch (self->store, batch_size, skip, &local_error);
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

      request_object = json_node_get_object (request);
      collect_entries (request_object, "submissions", KIOSK_ITEM_SUBMISSION, entries, by_id);
      collect_entries (request_object, "offers", KIOSK_ITEM_OFFER, entries, by_id);
      if (expected != NULL && !g_hash_table_contains (by_id, expected))
        g_hash_table_remove (self->suspects, expected);
      g_clear_pointer (&expected, g_free);

      text = json_to_string (request, FALSE);
      length = strlen (text);
      body = g_bytes_new_take (text, length);

      if (!kiosk_http_request (&session->http, "POST", url, session->token, body, &reply,
                               cancellable, &local_error))
        {
          /* Whether the request got there is unknown: everything stays
           * queued, with the reason for the staff screen. */
          if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            record_all (self, entries, local_error->message, NULL);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      /* Refused as a whole by the aggregator itself (its JSON error body,
       * not a proxy's page): find the entry at fault by halving, and park
       * it alone.  Anything else answering 400 must not be able to park
       * the outbox, so it counts as a bad reply below.  The aggregator's
       * own 500 is halved the same way, but an entry is parked for it only
       * as server_error_alone() says. */
      if (reply.status == 400 || reply.status == 413 || reply.status == 500)
        code = kiosk_http_error_code (reply.body);
      if (code != NULL && entries->len > 1)
        {
          batch_size = MAX (1, entries->len / 2);
          continue;
        }
      if (code != NULL && reply.status == 500)
        {
          switch (server_error_alone (self, entries, reply.status, code, tried,
                                      &unconfirmed, error))
            {
            case LONE_FAILED:
              return FALSE;
            case LONE_PARKED:
              report->refused++;
              break;
            case LONE_KEPT:
              /* The others go first; it is tried alone again at the end. */
              g_hash_table_add (skip, g_strdup (g_array_index (entries, Entry, 0).id));
              set_status_error (&reply, &local_error);
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
          batch_size = session->batch_size;
          continue;
        }
      if (code != NULL)
        {
          Entry *entry = &g_array_index (entries, Entry, 0);

          entry->decided = TRUE;
          entry->verdict = KIOSK_VERDICT_NEEDS_ATTENTION;
          entry->status = "rejected";
          entry->reason = g_strdup_printf (_("refused by the aggregator (HTTP %ld, %s)"),
                                           reply.status, code);
          g_hash_table_remove (self->suspects, entry->id);
          if (!record_all (self, entries, NULL, error))
            return FALSE;
          report->refused++;
          batch_size = session->batch_size;
          continue;
        }
      if (reply.status != 200)
        {
          set_status_error (&reply, &local_error);
          record_all (self, entries, local_error->message, NULL);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      reply_object = parse_object (reply.body, &local_error);
      if (reply_object != NULL &&
          !json_object_has_member (reply_object, "submissions") &&
          !json_object_has_member (reply_object, "offers"))
        {
          g_set_error (&local_error, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY,
                       _("The aggregator's reply does not have the expected shape (%s)."),
                       "submissions");
          g_clear_pointer (&reply_object, json_object_unref);
        }
      if (reply_object == NULL ||
          !read_statuses (reply_object, "submissions", KIOSK_ITEM_SUBMISSION,
                          entries, by_id, &local_error) ||
          !read_statuses (reply_object, "offers", KIOSK_ITEM_OFFER,
                          entries, by_id, &local_error))
        {
          for (guint i = 0; i < entries->len; i++)
            g_array_index (entries, Entry, i).decided = FALSE;
          record_all (self, entries, local_error->message, NULL);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      for (guint i = 0; i < entries->len; i++)
        {
          Entry *entry = &g_array_index (entries, Entry, i);

          if (!entry->decided || entry->contradicted)
            {
              g_hash_table_add (skip, g_strdup (entry->id));
              continue;
            }
          g_hash_table_remove (self->suspects, entry->id);
          decided++;
          if (entry->verdict == KIOSK_VERDICT_NEEDS_ATTENTION)
            report->refused++;
          else if (entry->kind == KIOSK_ITEM_SUBMISSION)
            report->delivered++;
          else
            report->offers_delivered++;
        }

      if (!record_all (self, entries,
                       _("the aggregator's reply did not acknowledge it"), error))
        return FALSE;
      if (decided > 0)
        {
          self->acknowledged += decided;
          unconfirmed = 0;
        }

      if (decided < entries->len)
        {
          /* Something answered 200 with JSON but left ids out: not a
           * delivery.  Stop here rather than hammer it; the backoff decides
           * when to try again. */
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "The aggregator's reply did not acknowledge %u entry.",
                                    "The aggregator's reply did not acknowledge %u entries.",
                                    entries->len - decided),
                       entries->len - decided);
          return FALSE;
        }
      batch_size = session->batch_size;
    }
}

static void
fill_counts (KioskUploader   *self,
             KioskSyncReport *report)
{
  g_autoptr(KioskOutboxStatus) status = kiosk_store_get_outbox_status (self->store, NULL);

  if (status == NULL)
    return;
  report->queued = status->queued + status->offers_queued;
  report->needs_attention = status->needs_attention;
}

gboolean
kiosk_uploader_sync (KioskUploader    *self,
                     GCancellable     *cancellable,
                     KioskSyncReport  *report,
                     GError          **error)
{
  g_autoptr(GMutexLocker) pass_locker = NULL;
  g_auto(Session) session = { NULL, };
  g_autoptr(GError) local_error = NULL;
  KioskSyncReport local_report = { 0, };
  gboolean ok;

  g_return_val_if_fail (KIOSK_IS_UPLOADER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  pass_locker = g_mutex_locker_new (&self->pass_lock);

  /* Every pass, periodic ones included, also lets yesterday's cached
   * children go, so a tablet left on overnight does not keep them until
   * someone looks one up. */
  ok = kiosk_store_expire_children (self->store, &local_error) &&
       session_init (self, &session, TRUE, &local_error) &&
       deliver_all (self, &session, cancellable, &local_report, &local_error);

  if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autoptr(GError) record_error = NULL;

      if (!kiosk_store_record_sync (self->store, ok ? NULL : local_error->message,
                                    &record_error) && ok)
        {
          ok = FALSE;
          local_error = g_steal_pointer (&record_error);
        }
    }

  fill_counts (self, &local_report);
  if (report != NULL)
    *report = local_report;
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok;
}

static void
sync_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  KioskSyncReport *report = g_new0 (KioskSyncReport, 1);
  GError *error = NULL;

  /* The report is wanted on failure too, so it travels as task data and
   * the boolean result carries the error. */
  kiosk_uploader_sync (source_object, cancellable, report, &error);
  g_task_set_task_data (task, report, g_free);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
kiosk_uploader_sync_async (KioskUploader       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KIOSK_IS_UPLOADER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiosk_uploader_sync_async);
  g_task_run_in_thread (task, sync_thread);
}

gboolean
kiosk_uploader_sync_finish (KioskUploader    *self,
                            GAsyncResult     *result,
                            KioskSyncReport  *report,
                            GError          **error)
{
  KioskSyncReport *task_report;

  g_return_val_if_fail (KIOSK_IS_UPLOADER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  task_report = g_task_get_task_data (G_TASK (result));
  if (report != NULL)
    {
      if (task_report != NULL)
        *report = *task_report;
      else
        memset (report, 0, sizeof *report);
    }
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- Enrolment ---------------------------------------------------------- */

static gboolean
enrol (KioskUploader  *self,
       const char     *url,
       const char     *code,
       const char     *device_name,
       GCancellable   *cancellable,
       GError        **error)
{
  g_auto(Session) session = { NULL, };
  g_auto(KioskHttpReply) reply = { 0, NULL };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autoptr(KioskEnrolment) enrolment = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *devices_url = NULL;
  JsonNode *service_node;
  JsonObject *service;
  const char *device_id, *token, *service_id, *service_name;
  char *text;

  base_url = kiosk_enrolment_normalize_url (url, error);
  if (base_url == NULL)
    return FALSE;
  if (code == NULL || *code == '\0')
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID,
                   _("The enrolment code is empty."));
      return FALSE;
    }
  if (!session_init (self, &session, FALSE, error))
    return FALSE;
  session.base_url = g_steal_pointer (&base_url);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, device_name != NULL ? device_name : g_get_host_name ());
  json_builder_end_object (builder);
  request = json_builder_get_root (builder);
  text = json_to_string (request, FALSE);
  body = g_bytes_new_take (text, strlen (text));

  devices_url = endpoint (&session, "/api/v1/devices");
  if (!kiosk_http_request (&session.http, "POST", devices_url, NULL, body, &reply,
                           cancellable, error))
    return FALSE;

  if (reply.status >= 400 && reply.status < 500 && reply.status != 429)
    {
      g_autofree char *error_code = kiosk_http_error_code (reply.body);

      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_REFUSED,
                   _("The aggregator refused the enrolment code (%s). "
                     "Codes work once and expire: ask for a new one."),
                   error_code != NULL ? error_code : "refused");
      return FALSE;
    }
  if (reply.status != 200 && reply.status != 201)
    return set_status_error (&reply, error);

  object = parse_object (reply.body, error);
  if (object == NULL)
    return FALSE;

  device_id = get_string_member (object, "device_id");
  token = get_string_member (object, "token");
  service_node = json_object_get_member (object, "service");
  service = service_node != NULL && JSON_NODE_HOLDS_OBJECT (service_node)
            ? json_node_get_object (service_node) : NULL;
  service_id = get_string_member (service, "id");
  service_name = get_string_member (service, "name");
  if (device_id == NULL || token == NULL || *token == '\0' ||
      service_id == NULL || service_name == NULL)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY,
                   _("The aggregator's reply does not have the expected shape (%s)."),
                   "devices");
      return FALSE;
    }
  /* Tokens go into an HTTP header: refuse anything that could smuggle a
   * second header line in. */
  for (const char *p = token; *p != '\0'; p++)
    if ((guchar) *p <= 0x20 || (guchar) *p >= 0x7f)
      {
        g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY,
                     _("The aggregator's reply does not have the expected shape (%s)."),
                     "token");
        return FALSE;
      }

  key = kiosk_seal_decode_public_key (get_string_member (object, "public_key"), error);
  if (key == NULL)
    return FALSE;

  enrolment = kiosk_enrolment_new (session.base_url, device_id, service_id, service_name,
                                   key, session.ca_file, NULL);
  return kiosk_store_set_enrolment (self->store, enrolment, token, error);
}

gboolean
kiosk_uploader_enrol (KioskUploader  *self,
                      const char     *url,
                      const char     *code,
                      const char     *device_name,
                      GCancellable   *cancellable,
                      GError        **error)
{
  g_return_val_if_fail (KIOSK_IS_UPLOADER (self), FALSE);
  g_return_val_if_fail (url != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return enrol (self, url, code, device_name, cancellable, error);
}

typedef struct
{
  char *url;
  char *code;
  char *name;
} EnrolData;

static void
enrol_data_free (EnrolData *data)
{
  g_free (data->url);
  if (data->code != NULL)
    sodium_memzero (data->code, strlen (data->code));
  g_free (data->code);
  g_free (data->name);
  g_free (data);
}

static void
enrol_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  EnrolData *data = task_data;
  GError *error = NULL;

  if (enrol (source_object, data->url, data->code, data->name, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
kiosk_uploader_enrol_async (KioskUploader       *self,
                            const char          *url,
                            const char          *code,
                            const char          *device_name,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  EnrolData *data;

  g_return_if_fail (KIOSK_IS_UPLOADER (self));
  g_return_if_fail (url != NULL);

  data = g_new0 (EnrolData, 1);
  data->url = g_strdup (url);
  data->code = g_strdup (code);
  data->name = g_strdup (device_name);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiosk_uploader_enrol_async);
  g_task_set_task_data (task, data, (GDestroyNotify) enrol_data_free);
  g_task_run_in_thread (task, enrol_thread);
}

gboolean
kiosk_uploader_enrol_finish (KioskUploader  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (KIOSK_IS_UPLOADER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- Forms -------------------------------------------------------------- */

/* Form ids go into URL paths; docs/form-format.md allows only these. */
static gboolean
is_form_id (const char *id)
{
  if (id == NULL || !g_ascii_islower (*id) || strlen (id) > 64)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

static gboolean
refresh_forms (KioskUploader  *self,
               GCancellable   *cancellable,
               guint          *n_fetched,
               GError        **error)
{
  g_auto(Session) session = { NULL, };
  g_auto(KioskHttpReply) reply = { 0, NULL };
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *list_url = NULL;
  JsonNode *forms_node;
  JsonArray *forms;
  guint fetched = 0;

  if (n_fetched != NULL)
    *n_fetched = 0;
  if (!session_init (self, &session, TRUE, error))
    return FALSE;

  list_url = endpoint (&session, "/api/v1/forms");
  if (!kiosk_http_request (&session.http, "GET", list_url, session.token, NULL, &reply,
                           cancellable, error))
    return FALSE;
  if (reply.status != 200)
    return set_status_error (&reply, error);
  object = parse_object (reply.body, error);
  if (object == NULL)
    return FALSE;

  forms_node = json_object_get_member (object, "forms");
  if (forms_node == NULL || !JSON_NODE_HOLDS_ARRAY (forms_node))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY,
                   _("The aggregator's reply does not have the expected shape (%s)."), "forms");
      return FALSE;
    }
  forms = json_node_get_array (forms_node);

  for (guint i = 0; i < json_array_get_length (forms); i++)
    {
      JsonNode *element = json_array_get_element (forms, i);
      JsonObject *entry = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      JsonNode *version_node = entry ? json_object_get_member (entry, "version") : NULL;
      const char *id = get_string_member (entry, "id");
      g_auto(KioskHttpReply) form_reply = { 0, NULL };
      g_autofree char *form_url = NULL;
      gint64 version;

      if (!is_form_id (id) || version_node == NULL || !JSON_NODE_HOLDS_VALUE (version_node) ||
          json_node_get_value_type (version_node) != G_TYPE_INT64 ||
          (version = json_node_get_int (version_node)) <= 0 || version > G_MAXINT)
        {
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY,
                       _("The aggregator's reply does not have the expected shape (%s)."),
                       "forms");
          return FALSE;
        }
      if (kiosk_store_has_form (self->store, id, version))
        continue;

      form_url = g_strdup_printf ("%s/api/v1/forms/%s?version=%" G_GINT64_FORMAT,
                                  session.base_url, id, version);
      if (!kiosk_http_request (&session.http, "GET", form_url, session.token, NULL,
                               &form_reply, cancellable, error))
        return FALSE;
      if (form_reply.status != 200)
        return set_status_error (&form_reply, error);
      if (!kiosk_store_cache_form (self->store, form_reply.body, error))
        return FALSE;
      /* The file must be the form that was asked for, or the cache would
       * answer for one form with another. */
      if (!kiosk_store_has_form (self->store, id, version))
        {
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY,
                       _("The aggregator sent a different form than the one asked for (%s)."),
                       id);
          return FALSE;
        }
      fetched++;
    }

  if (n_fetched != NULL)
    *n_fetched = fetched;
  return TRUE;
}

gboolean
kiosk_uploader_refresh_forms (KioskUploader  *self,
                              GCancellable   *cancellable,
                              guint          *n_fetched,
                              GError        **error)
{
  g_return_val_if_fail (KIOSK_IS_UPLOADER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return refresh_forms (self, cancellable, n_fetched, error);
}

static void
refresh_forms_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  GError *error = NULL;
  guint n_fetched = 0;

  if (refresh_forms (source_object, cancellable, &n_fetched, &error))
    g_task_return_int (task, n_fetched);
  else
    g_task_return_error (task, error);
}

void
kiosk_uploader_refresh_forms_async (KioskUploader       *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KIOSK_IS_UPLOADER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiosk_uploader_refresh_forms_async);
  g_task_run_in_thread (task, refresh_forms_thread);
}

gboolean
kiosk_uploader_refresh_forms_finish (KioskUploader  *self,
                                     GAsyncResult   *result,
                                     guint          *n_fetched,
                                     GError        **error)
{
  gssize fetched;

  g_return_val_if_fail (KIOSK_IS_UPLOADER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  fetched = g_task_propagate_int (G_TASK (result), error);
  if (n_fetched != NULL)
    *n_fetched = fetched < 0 ? 0 : fetched;
  return fetched >= 0;
}

/* ---- Children ----------------------------------------------------------- */

static KioskChild *
lookup_child (KioskUploader  *self,
              const char     *code,
              GCancellable   *cancellable,
              GError        **error)
{
  g_auto(Session) session = { NULL, };
  g_auto(KioskHttpReply) reply = { 0, NULL };
  g_autoptr(GError) network_error = NULL;
  g_autoptr(GError) cache_error = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *url = NULL;
  KioskChild *child;

  if (code == NULL || *code == '\0')
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID, _("The code is empty."));
      return NULL;
    }
  if (!session_init (self, &session, TRUE, error))
    return NULL;

  escaped = g_uri_escape_string (code, NULL, FALSE);
  url = g_strconcat (session.base_url, "/api/v1/children/", escaped, NULL);

  if (kiosk_http_request (&session.http, "GET", url, session.token, NULL, &reply,
                          cancellable, &network_error))
    {
      if (reply.status == 200)
        {
          g_autoptr(JsonObject) object = parse_object (reply.body, &network_error);

          if (object != NULL)
            {
              g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
              g_autofree char *text = g_strndup (g_bytes_get_data (reply.body, NULL),
                                                 g_bytes_get_size (reply.body));

              child = kiosk_child_new_from_json (node, NULL, FALSE, error);
              if (child == NULL)
                return NULL;
              /* A failure to cache only costs offline use later; the
               * family still gets the live answer now. */
              kiosk_store_cache_child (self->store, code, text, NULL);
              return child;
            }
        }
      else if (reply.status == 404)
        {
          kiosk_store_forget_child (self->store, code, NULL);
          g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_UNKNOWN_CHILD,
                       _("This code is not known for this service."));
          return NULL;
        }
      else
        {
          set_status_error (&reply, &network_error);
          if (g_error_matches (network_error, KIOSK_ERROR, KIOSK_ERROR_REFUSED))
            {
              g_propagate_error (error, g_steal_pointer (&network_error));
              return NULL;
            }
        }
    }

  if (g_error_matches (network_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&network_error));
      return NULL;
    }

  /* Offline, behind a portal or a failing server: the cached copy lets
   * the family go on. */
  child = kiosk_store_lookup_child (self->store, code, &cache_error);
  if (child == NULL)
    g_propagate_error (error, g_steal_pointer (&network_error));
  return child;
}

KioskChild *
kiosk_uploader_lookup_child (KioskUploader  *self,
                             const char     *code,
                             GCancellable   *cancellable,
                             GError        **error)
{
  g_return_val_if_fail (KIOSK_IS_UPLOADER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return lookup_child (self, code, cancellable, error);
}

static void
lookup_child_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GError *error = NULL;
  KioskChild *child = lookup_child (source_object, task_data, cancellable, &error);

  if (child != NULL)
    g_task_return_pointer (task, child, (GDestroyNotify) kiosk_child_unref);
  else
    g_task_return_error (task, error);
}

void
kiosk_uploader_lookup_child_async (KioskUploader       *self,
                                   const char          *code,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KIOSK_IS_UPLOADER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kiosk_uploader_lookup_child_async);
  g_task_set_task_data (task, g_strdup (code), g_free);
  g_task_run_in_thread (task, lookup_child_thread);
}

KioskChild *
kiosk_uploader_lookup_child_finish (KioskUploader  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (KIOSK_IS_UPLOADER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Automatic syncing (main context only) ------------------------------ */

static void start_pass (KioskUploader *self);

static void
set_state (KioskUploader      *self,
           KioskUploaderState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_last_error (KioskUploader *self,
                const char    *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;
  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
cancel_timer (KioskUploader *self)
{
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  if (self->next_attempt != 0)
    {
      self->next_attempt = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_ATTEMPT]);
    }
}

static gboolean
timer_cb (gpointer user_data)
{
  KioskUploader *self = user_data;

  g_clear_pointer (&self->timer, g_source_unref);
  self->next_attempt = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_ATTEMPT]);
  start_pass (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (KioskUploader *self,
          guint          delay_ms)
{
  cancel_timer (self);
  self->timer = g_timeout_source_new (delay_ms);
  g_source_set_callback (self->timer, timer_cb, self, NULL);
  g_source_set_static_name (self->timer, "[keyvoice] kiosk uploader");
  g_source_attach (self->timer, self->context);
  self->next_attempt = g_get_real_time () + (gint64) delay_ms * 1000;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_ATTEMPT]);
}

/* Exponential backoff with jitter: the nth consecutive failure waits a
 * random time in the upper half of min·2ⁿ⁻¹, capped at max, so a room full
 * of tablets coming back online does not knock on the aggregator in step. */
static guint
backoff_ms (KioskUploader *self)
{
  double step;

  g_mutex_lock (&self->config_lock);
  step = self->min_backoff * 1000.0;
  for (guint i = 1; i < self->failures && step < self->max_backoff * 1000.0; i++)
    step *= 2;
  step = MIN (step, self->max_backoff * 1000.0);
  g_mutex_unlock (&self->config_lock);

  return (guint) g_random_double_range (step / 2, step);
}

static void
pass_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  KioskUploader *self = KIOSK_UPLOADER (source);
  g_autoptr(GError) error = NULL;
  KioskSyncReport report;
  gboolean ok;
  guint interval;

  ok = kiosk_uploader_sync_finish (self, result, &report, &error);
  self->running = FALSE;

  g_mutex_lock (&self->config_lock);
  interval = self->sync_interval;
  g_mutex_unlock (&self->config_lock);

  if (ok)
    {
      self->failures = 0;
      set_last_error (self, NULL);
    }
  else
    set_last_error (self, error->message);

  if (self->again)
    {
      self->again = FALSE;
      g_signal_emit (self, signals[SYNC_FINISHED], 0, ok);
      start_pass (self);
      return;
    }

  if (g_error_matches (error, KIOSK_ERROR, KIOSK_ERROR_NOT_ENROLLED))
    {
      /* Nothing to do until someone enrols the tablet (and then calls
       * kiosk_uploader_sync_now()). */
      set_state (self, KIOSK_UPLOADER_NOT_ENROLLED);
    }
  else if (!ok)
    {
      self->failures++;
      /* WAITING promises a next attempt; without start() there is none,
       * and last-error tells the story. */
      if (self->started)
        {
          set_state (self, KIOSK_UPLOADER_WAITING);
          schedule (self, backoff_ms (self));
        }
      else
        set_state (self, KIOSK_UPLOADER_IDLE);
    }
  else
    {
      set_state (self, KIOSK_UPLOADER_IDLE);
      /* A pass with nothing queued makes no request, so ticking while idle
       * costs nothing and catches entries written by another process. */
      if (self->started && interval > 0)
        schedule (self, interval * 1000);
    }

  g_signal_emit (self, signals[SYNC_FINISHED], 0, ok);
}

/* An automatic pass: deliver, then keep the forms cache fresh so that a
 * newly enrolled tablet, or a form the aggregator updated, is ready for
 * the next family without anyone running --sync. */
static void
auto_pass_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  KioskUploader *self = source_object;
  KioskSyncReport *report = g_new0 (KioskSyncReport, 1);
  GError *error = NULL;
  gboolean refresh;
  gint64 now = g_get_monotonic_time ();

  kiosk_uploader_sync (self, cancellable, report, &error);
  g_task_set_task_data (task, report, g_free);

  g_mutex_lock (&self->config_lock);
  refresh = error == NULL &&
            (self->forms_refreshed_at == 0 ||
             now - self->forms_refreshed_at >= (gint64) FORMS_REFRESH_SECONDS * G_USEC_PER_SEC);
  g_mutex_unlock (&self->config_lock);

  /* A failed refresh is not the pass's failure: the outbox is what the
   * state reports on, and the next pass tries the forms again. */
  if (refresh && refresh_forms (self, cancellable, NULL, NULL))
    {
      g_mutex_lock (&self->config_lock);
      self->forms_refreshed_at = now;
      g_mutex_unlock (&self->config_lock);
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
start_pass (KioskUploader *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->running)
    {
      self->again = TRUE;
      return;
    }
  cancel_timer (self);
  self->running = TRUE;
  set_state (self, KIOSK_UPLOADER_SYNCING);

  /* Tagged as a sync task so kiosk_uploader_sync_finish() reads it. */
  task = g_task_new (self, NULL, pass_done, NULL);
  g_task_set_source_tag (task, kiosk_uploader_sync_async);
  g_task_run_in_thread (task, auto_pass_thread);
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    gpointer         user_data)
{
  KioskUploader *self = user_data;

  /* Only a waiting uploader cares: an idle one has nothing to send, and a
   * running one will find out for itself. */
  if (available && self->started && self->state == KIOSK_UPLOADER_WAITING)
    schedule (self, NETWORK_SETTLE_SECONDS * 1000);
}

void
kiosk_uploader_start (KioskUploader *self)
{
  g_return_if_fail (KIOSK_IS_UPLOADER (self));

  if (self->started)
    return;
  self->started = TRUE;
  self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->network_changed_id = g_signal_connect (self->monitor, "network-changed",
                                               G_CALLBACK (network_changed_cb), self);
  if (!self->running)
    schedule (self, 0);
}

void
kiosk_uploader_stop (KioskUploader *self)
{
  g_return_if_fail (KIOSK_IS_UPLOADER (self));

  self->started = FALSE;
  cancel_timer (self);
  if (self->monitor != NULL)
    {
      g_clear_signal_handler (&self->network_changed_id, self->monitor);
      g_clear_object (&self->monitor);
    }
  if (!self->running && self->state == KIOSK_UPLOADER_WAITING)
    set_state (self, KIOSK_UPLOADER_IDLE);
}

void
kiosk_uploader_sync_now (KioskUploader *self)
{
  g_return_if_fail (KIOSK_IS_UPLOADER (self));

  start_pass (self);
}

KioskUploaderState
kiosk_uploader_get_state (KioskUploader *self)
{
  g_return_val_if_fail (KIOSK_IS_UPLOADER (self), KIOSK_UPLOADER_IDLE);
  return self->state;
}

const char *
kiosk_uploader_get_last_error (KioskUploader *self)
{
  g_return_val_if_fail (KIOSK_IS_UPLOADER (self), NULL);
  return self->last_error;
}

gint64
kiosk_uploader_get_next_attempt (KioskUploader *self)
{
  g_return_val_if_fail (KIOSK_IS_UPLOADER (self), 0);
  return self->next_attempt;
}

/* ---- Configuration ------------------------------------------------------ */

void
kiosk_uploader_set_ca_file (KioskUploader *self,
                            const char    *ca_file)
{
  g_return_if_fail (KIOSK_IS_UPLOADER (self));

  g_mutex_lock (&self->config_lock);
  g_free (self->ca_file);
  self->ca_file = (ca_file != NULL && *ca_file != '\0') ? g_strdup (ca_file) : NULL;
  g_mutex_unlock (&self->config_lock);
}

void
kiosk_uploader_set_timeouts (KioskUploader *self,
                             guint          connect_seconds,
                             guint          total_seconds)
{
  g_return_if_fail (KIOSK_IS_UPLOADER (self));
  g_return_if_fail (connect_seconds > 0 && total_seconds > 0);

  g_mutex_lock (&self->config_lock);
  self->connect_timeout = connect_seconds;
  self->total_timeout = total_seconds;
  g_mutex_unlock (&self->config_lock);
}

void
kiosk_uploader_set_batch_size (KioskUploader *self,
                               guint          max_items)
{
  g_return_if_fail (KIOSK_IS_UPLOADER (self));
  g_return_if_fail (max_items >= 1 && max_items <= MAX_BATCH);

  g_mutex_lock (&self->config_lock);
  self->batch_size = max_items;
  g_mutex_unlock (&self->config_lock);
}

void
kiosk_uploader_set_backoff (KioskUploader *self,
                            guint          min_seconds,
                            guint          max_seconds)
{
  g_return_if_fail (KIOSK_IS_UPLOADER (self));
  g_return_if_fail (min_seconds > 0 && min_seconds <= max_seconds);

  g_mutex_lock (&self->config_lock);
  self->min_backoff = min_seconds;
  self->max_backoff = max_seconds;
  g_mutex_unlock (&self->config_lock);
}

void
kiosk_uploader_set_sync_interval (KioskUploader *self,
                                  guint          seconds)
{
  g_return_if_fail (KIOSK_IS_UPLOADER (self));

  g_mutex_lock (&self->config_lock);
  self->sync_interval = seconds;
  g_mutex_unlock (&self->config_lock);
}

/* ---- GObject ------------------------------------------------------------ */

KioskUploader *
kiosk_uploader_new (KioskStore *store)
{
  g_return_val_if_fail (KIOSK_IS_STORE (store), NULL);

  return g_object_new (KIOSK_TYPE_UPLOADER, "store", store, NULL);
}

KioskStore *
kiosk_uploader_get_store (KioskUploader *self)
{
  g_return_val_if_fail (KIOSK_IS_UPLOADER (self), NULL);
  return self->store;
}

static void
kiosk_uploader_dispose (GObject *object)
{
  KioskUploader *self = KIOSK_UPLOADER (object);

  /* The last reference may be dropped by a GTask on a worker thread, so
   * only thread-safe calls here and no notifications. */
  self->started = FALSE;
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  if (self->monitor != NULL)
    {
      g_clear_signal_handler (&self->network_changed_id, self->monitor);
      g_clear_object (&self->monitor);
    }
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kiosk_uploader_parent_class)->dispose (object);
}

static void
kiosk_uploader_finalize (GObject *object)
{
  KioskUploader *self = KIOSK_UPLOADER (object);

  g_free (self->ca_file);
  g_free (self->last_error);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->config_lock);
  g_mutex_clear (&self->pass_lock);
  g_clear_pointer (&self->suspects, g_hash_table_unref);

  G_OBJECT_CLASS (kiosk_uploader_parent_class)->finalize (object);
}

static void
kiosk_uploader_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KioskUploader *self = KIOSK_UPLOADER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_NEXT_ATTEMPT:
      g_value_set_int64 (value, self->next_attempt);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_uploader_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KioskUploader *self = KIOSK_UPLOADER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_uploader_class_init (KioskUploaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kiosk_uploader_dispose;
  object_class->finalize = kiosk_uploader_finalize;
  object_class->get_property = kiosk_uploader_get_property;
  object_class->set_property = kiosk_uploader_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KIOSK_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, KIOSK_TYPE_UPLOADER_STATE, KIOSK_UPLOADER_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NEXT_ATTEMPT] =
    g_param_spec_int64 ("next-attempt", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SYNC_FINISHED] =
    g_signal_new ("sync-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
kiosk_uploader_init (KioskUploader *self)
{
  g_mutex_init (&self->config_lock);
  g_mutex_init (&self->pass_lock);
  self->suspects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->context = g_main_context_ref_thread_default ();
  self->connect_timeout = DEFAULT_CONNECT_TIMEOUT;
  self->total_timeout = DEFAULT_TOTAL_TIMEOUT;
  self->batch_size = MAX_BATCH;
  self->min_backoff = DEFAULT_MIN_BACKOFF;
  self->max_backoff = DEFAULT_MAX_BACKOFF;
  self->sync_interval = DEFAULT_SYNC_INTERVAL;
  self->state = KIOSK_UPLOADER_IDLE;
}
