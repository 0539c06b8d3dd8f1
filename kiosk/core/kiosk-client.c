/* kiosk-client.c — the four aggregator calls the kiosk makes (docs/api.md;
 * what counts as delivered is docs/kiosk-core.md "Delivery").
 *
 * Threads: the calls block and run on whichever thread calls them (the
 * uploader's workers).  The configuration is read under config_lock into a
 * KioskClientSession when a call starts, so a setter called meanwhile
 * applies from the next call and never changes one half-way.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>

#include "kiosk-client.h"
#include "kiosk-error.h"
#include "kiosk-http.h"
#include "kiosk-seal.h"

#define DEFAULT_CONNECT_TIMEOUT 10
#define DEFAULT_TOTAL_TIMEOUT 60
/* Longest rejection reason kept for the staff screen, in characters. */
#define MAX_REASON 300

struct _KioskClient
{
  GObject     parent_instance;

  KioskStore *store;

  GMutex      config_lock;
  char       *ca_file;
  guint       connect_timeout;
  guint       total_timeout;
};

G_DEFINE_FINAL_TYPE (KioskClient, kiosk_client, G_TYPE_OBJECT)

/* ---- Sessions: what one operation needs, read once ---------------------- */

struct _KioskClientSession
{
  char            *base_url;
  char            *token;
  char            *ca_file;
  KioskHttpConfig  http;
};

void
kiosk_client_session_free (KioskClientSession *session)
{
  if (session == NULL)
    return;
  g_free (session->base_url);
  /* Not left lying about in freed memory (sodium_memzero is never
   * optimised away, unlike a memset before free). */
  if (session->token != NULL)
    sodium_memzero (session->token, strlen (session->token));
  g_free (session->token);
  g_free (session->ca_file);
  g_free (session);
}

/* A session from the configuration and, when @enrolment_needed, from the
 * store's enrolment and token. */
static KioskClientSession *
session_new (KioskClient  *self,
             gboolean      enrolment_needed,
             GError      **error)
{
  g_autoptr(KioskClientSession) session = g_new0 (KioskClientSession, 1);
  g_autoptr(KioskEnrolment) enrolment = NULL;

  if (enrolment_needed)
    {
      enrolment = kiosk_store_get_enrolment (self->store, error);
      if (enrolment == NULL)
        return NULL;
      session->token = kiosk_store_dup_device_token (self->store, error);
      if (session->token == NULL)
        return NULL;
      session->base_url = g_strdup (kiosk_enrolment_get_aggregator_url (enrolment));
    }

  g_mutex_lock (&self->config_lock);
  if (self->ca_file != NULL)
    session->ca_file = g_strdup (self->ca_file);
  else if (enrolment != NULL)
    session->ca_file = g_strdup (kiosk_enrolment_get_ca_file (enrolment));
  session->http.connect_timeout = self->connect_timeout;
  session->http.total_timeout = self->total_timeout;
  g_mutex_unlock (&self->config_lock);

  session->http.ca_file = session->ca_file;
  return g_steal_pointer (&session);
}

KioskClientSession *
kiosk_client_open_session (KioskClient  *self,
                           GError      **error)
{
  g_return_val_if_fail (KIOSK_IS_CLIENT (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return session_new (self, TRUE, error);
}

static char *
endpoint (const KioskClientSession *session,
          const char               *path)
{
  return g_strconcat (session->base_url, path, NULL);
}

/* ---- Reading replies ---------------------------------------------------- */

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

/* The reply of the wrong shape, naming the part (a JSON member) at fault. */
static gboolean
set_shape_error (const char  *part,
                 GError     **error)
{
  g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY,
               _("The aggregator's reply does not have the expected shape (%s)."), part);
  return FALSE;
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

static JsonObject *
get_object_member (JsonObject *object,
                   const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* ---- Enrolment ---------------------------------------------------------- */

/* Tokens go into an HTTP header: nothing that could smuggle a second
 * header line in. */
static gboolean
is_header_safe (const char *token)
{
  if (token == NULL || *token == '\0')
    return FALSE;
  for (const char *p = token; *p != '\0'; p++)
    if ((guchar) *p <= 0x20 || (guchar) *p >= 0x7f)
      return FALSE;
  return TRUE;
}

gboolean
kiosk_client_enrol (KioskClient   *self,
                    const char    *url,
                    const char    *code,
                    const char    *device_name,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(KioskClientSession) session = NULL;
  g_auto(KioskHttpReply) reply = { 0, NULL };
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autoptr(KioskEnrolment) enrolment = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *devices_url = NULL;
  JsonObject *service;
  const char *device_id, *token, *service_id, *service_name;
  char *text;

  g_return_val_if_fail (KIOSK_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (url != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  base_url = kiosk_enrolment_normalize_url (url, error);
  if (base_url == NULL)
    return FALSE;
  if (code == NULL || *code == '\0')
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID,
                   _("The enrolment code is empty."));
      return FALSE;
    }
  session = session_new (self, FALSE, error);
  if (session == NULL)
    return FALSE;
  session->base_url = g_steal_pointer (&base_url);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, device_name != NULL ? device_name : g_get_host_name ());
  json_builder_end_object (builder);
  request = json_builder_get_root (builder);
  text = json_to_string (request, FALSE);
  body = g_bytes_new_take (text, strlen (text));

  devices_url = endpoint (session, "/api/v1/devices");
  if (!kiosk_http_request (&session->http, "POST", devices_url, NULL, body, &reply,
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

  object = kiosk_http_parse_reply (reply.body, error);
  if (object == NULL)
    return FALSE;

  device_id = get_string_member (object, "device_id");
  token = get_string_member (object, "token");
  service = get_object_member (object, "service");
  service_id = get_string_member (service, "id");
  service_name = get_string_member (service, "name");
  if (device_id == NULL || token == NULL || *token == '\0' ||
      service_id == NULL || service_name == NULL)
    return set_shape_error ("devices", error);
  if (!is_header_safe (token))
    return set_shape_error ("token", error);

  key = kiosk_seal_decode_public_key (get_string_member (object, "public_key"), error);
  if (key == NULL)
    return FALSE;

  enrolment = kiosk_enrolment_new (session->base_url, device_id, service_id, service_name,
                                   key, session->ca_file, NULL);
  return kiosk_store_set_enrolment (self->store, enrolment, token, error);
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

/* Downloads and caches form @id at @version. */
static gboolean
fetch_form (KioskClient         *self,
            KioskClientSession  *session,
            const char          *id,
            gint64               version,
            GCancellable        *cancellable,
            GError             **error)
{
  g_auto(KioskHttpReply) reply = { 0, NULL };
  g_autofree char *url = NULL;

  url = g_strdup_printf ("%s/api/v1/forms/%s?version=%" G_GINT64_FORMAT,
                         session->base_url, id, version);
  if (!kiosk_http_request (&session->http, "GET", url, session->token, NULL,
                           &reply, cancellable, error))
    return FALSE;
  if (reply.status != 200)
    return set_status_error (&reply, error);
  if (!kiosk_store_cache_form (self->store, reply.body, error))
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
  return TRUE;
}

gboolean
kiosk_client_refresh_forms (KioskClient   *self,
                            GCancellable  *cancellable,
                            guint         *n_fetched,
                            GError       **error)
{
  g_autoptr(KioskClientSession) session = NULL;
  g_auto(KioskHttpReply) reply = { 0, NULL };
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *list_url = NULL;
  JsonNode *forms_node;
  JsonArray *forms;
  guint fetched = 0;

  g_return_val_if_fail (KIOSK_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_fetched != NULL)
    *n_fetched = 0;
  session = session_new (self, TRUE, error);
  if (session == NULL)
    return FALSE;

  list_url = endpoint (session, "/api/v1/forms");
  if (!kiosk_http_request (&session->http, "GET", list_url, session->token, NULL, &reply,
                           cancellable, error))
    return FALSE;
  if (reply.status != 200)
    return set_status_error (&reply, error);
  object = kiosk_http_parse_reply (reply.body, error);
  if (object == NULL)
    return FALSE;

  forms_node = json_object_get_member (object, "forms");
  if (forms_node == NULL || !JSON_NODE_HOLDS_ARRAY (forms_node))
    return set_shape_error ("forms", error);
  forms = json_node_get_array (forms_node);

  for (guint i = 0; i < json_array_get_length (forms); i++)
    {
      JsonNode *element = json_array_get_element (forms, i);
      JsonObject *entry = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      JsonNode *version_node = entry ? json_object_get_member (entry, "version") : NULL;
      const char *id = get_string_member (entry, "id");
      gint64 version;

      if (!is_form_id (id) || version_node == NULL || !JSON_NODE_HOLDS_VALUE (version_node) ||
          json_node_get_value_type (version_node) != G_TYPE_INT64 ||
          (version = json_node_get_int (version_node)) <= 0 || version > G_MAXINT)
        return set_shape_error ("forms", error);
      if (kiosk_store_has_form (self->store, id, version))
        continue;
      if (!fetch_form (self, session, id, version, cancellable, error))
        return FALSE;
      fetched++;
    }

  if (n_fetched != NULL)
    *n_fetched = fetched;
  return TRUE;
}

/* ---- Children ----------------------------------------------------------- */

KioskChild *
kiosk_client_lookup_child (KioskClient   *self,
                           const char    *code,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(KioskClientSession) session = NULL;
  g_auto(KioskHttpReply) reply = { 0, NULL };
  g_autoptr(GError) network_error = NULL;
  g_autoptr(GError) cache_error = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *url = NULL;
  KioskChild *child;

  g_return_val_if_fail (KIOSK_IS_CLIENT (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (code == NULL || *code == '\0')
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID, _("The code is empty."));
      return NULL;
    }
  session = session_new (self, TRUE, error);
  if (session == NULL)
    return NULL;

  escaped = g_uri_escape_string (code, NULL, FALSE);
  url = g_strconcat (session->base_url, "/api/v1/children/", escaped, NULL);

  if (kiosk_http_request (&session->http, "GET", url, session->token, NULL, &reply,
                          cancellable, &network_error))
    {
      if (reply.status == 200)
        {
          g_autoptr(JsonObject) object = kiosk_http_parse_reply (reply.body, &network_error);

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

/* ---- Delivery ----------------------------------------------------------- */

static void
batch_entry_clear (gpointer data)
{
  KioskBatchEntry *entry = data;

  g_free (entry->reason);
}

static void
collect_entries (KioskBatch    *batch,
                 GPtrArray     *ids,
                 KioskItemKind  kind)
{
  for (guint i = 0; i < ids->len; i++)
    {
      KioskBatchEntry entry = { kind, NULL, FALSE, KIOSK_VERDICT_RETRY, NULL, NULL };

      entry.id = g_ptr_array_index (ids, i);
      g_array_append_val (batch->entries, entry);
      g_hash_table_insert (batch->by_id, (gpointer) entry.id,
                           GUINT_TO_POINTER (batch->entries->len));
    }
}

void
kiosk_batch_init (KioskBatch     *batch,
                  KioskBatchText *text)
{
  g_return_if_fail (batch != NULL);
  g_return_if_fail (text != NULL && text->body != NULL);

  memset (batch, 0, sizeof *batch);
  batch->text = text;
  batch->entries = g_array_new (FALSE, TRUE, sizeof (KioskBatchEntry));
  g_array_set_clear_func (batch->entries, batch_entry_clear);
  batch->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  collect_entries (batch, text->submissions, KIOSK_ITEM_SUBMISSION);
  collect_entries (batch, text->offers, KIOSK_ITEM_OFFER);
}

void
kiosk_batch_clear (KioskBatch *batch)
{
  g_clear_pointer (&batch->by_id, g_hash_table_unref);
  g_clear_pointer (&batch->entries, g_array_unref);
  g_clear_pointer (&batch->text, kiosk_batch_text_free);
  g_clear_pointer (&batch->error_code, g_free);
  batch->status = 0;
}

KioskBatchEntry *
kiosk_batch_lookup (KioskBatch *batch,
                    const char *id)
{
  guint index;

  g_return_val_if_fail (batch != NULL && batch->by_id != NULL, NULL);

  index = GPOINTER_TO_UINT (g_hash_table_lookup (batch->by_id, id));
  return index != 0 ? &g_array_index (batch->entries, KioskBatchEntry, index - 1) : NULL;
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

/* What one status in a reply decides for its entry: the verdict, the
 * status as the store records it (a static string) and, for needing
 * attention, the reason.  FALSE for a status we do not know, which
 * decides nothing. */
static gboolean
read_verdict (const char    *status,
              const char    *reason,
              KioskVerdict  *verdict,
              const char   **known_status,
              char         **why)
{
  static const char *const delivered[] = { "stored", "duplicate" };

  for (guint i = 0; i < G_N_ELEMENTS (delivered); i++)
    if (g_str_equal (status, delivered[i]))
      {
        *verdict = KIOSK_VERDICT_DELIVERED;
        *known_status = delivered[i];
        return TRUE;
      }
  *verdict = KIOSK_VERDICT_NEEDS_ATTENTION;
  if (g_str_equal (status, "conflict"))
    {
      *known_status = "conflict";
      *why = g_strdup (_("conflict: the aggregator already holds different answers "
                         "under the same id"));
      return TRUE;
    }
  if (g_str_equal (status, "rejected"))
    {
      *known_status = "rejected";
      *why = reason != NULL ? clean_reason (reason) : g_strdup (_("rejected"));
      return TRUE;
    }
  return FALSE;
}

/* Reads one reply list ("submissions" or "offers") into the entries.  A
 * status only counts for an id we sent, in the list of its kind; an id
 * mentioned twice with different statuses is marked in @contradicted. */
static gboolean
read_statuses (KioskBatch    *batch,
               JsonObject    *reply,
               const char    *member,
               KioskItemKind  kind,
               GHashTable    *contradicted,
               GError       **error)
{
  JsonNode *node = json_object_get_member (reply, member);
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return set_shape_error (member, error);

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      const char *id = get_string_member (object, "id");
      const char *status = get_string_member (object, "status");
      KioskBatchEntry *entry;
      KioskVerdict verdict;
      const char *known_status = NULL;
      g_autofree char *why = NULL;

      if (id == NULL || status == NULL)
        continue;
      entry = kiosk_batch_lookup (batch, id);
      if (entry == NULL || entry->kind != kind)
        continue;
      if (!read_verdict (status, get_string_member (object, "reason"),
                         &verdict, &known_status, &why))
        continue;

      if (entry->decided && (entry->verdict != verdict ||
                             !g_str_equal (entry->status, known_status)))
        g_hash_table_add (contradicted, entry);
      else if (!entry->decided)
        {
          entry->decided = TRUE;
          entry->verdict = verdict;
          entry->status = known_status;
          entry->reason = g_steal_pointer (&why);
        }
    }
  return TRUE;
}

static void
undecide (KioskBatchEntry *entry)
{
  entry->decided = FALSE;
  entry->verdict = KIOSK_VERDICT_RETRY;
  entry->status = NULL;
  g_clear_pointer (&entry->reason, g_free);
}

/* Reads a 200 reply's body into @batch; on failure no entry is decided. */
static gboolean
read_delivery (KioskBatch  *batch,
               GBytes      *body,
               GError     **error)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GHashTable) contradicted = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer entry;

  object = kiosk_http_parse_reply (body, error);
  if (object == NULL)
    return FALSE;
  if (!json_object_has_member (object, "submissions") &&
      !json_object_has_member (object, "offers"))
    return set_shape_error ("submissions", error);
  if (!read_statuses (batch, object, "submissions", KIOSK_ITEM_SUBMISSION,
                      contradicted, error) ||
      !read_statuses (batch, object, "offers", KIOSK_ITEM_OFFER, contradicted, error))
    {
      for (guint i = 0; i < batch->entries->len; i++)
        undecide (&g_array_index (batch->entries, KioskBatchEntry, i));
      return FALSE;
    }

  /* A reply that says two things of an id says nothing of it. */
  g_hash_table_iter_init (&iter, contradicted);
  while (g_hash_table_iter_next (&iter, &entry, NULL))
    undecide (entry);
  return TRUE;
}

gboolean
kiosk_client_deliver (KioskClientSession  *session,
                      KioskBatch          *batch,
                      GCancellable        *cancellable,
                      GError             **error)
{
  g_auto(KioskHttpReply) reply = { 0, NULL };
  g_autofree char *url = NULL;

  g_return_val_if_fail (session != NULL, FALSE);
  g_return_val_if_fail (batch != NULL && batch->text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  url = endpoint (session, "/api/v1/submissions");
  if (!kiosk_http_request (&session->http, "POST", url, session->token, batch->text->body,
                           &reply, cancellable, error))
    return FALSE;
  batch->status = reply.status;

  /* Refused as a whole by the aggregator itself: its JSON error body, not
   * a proxy's page.  A 400 from anything else must not be able to have
   * the uploader split and park the outbox, so it is a bad reply like any
   * other status. */
  if (reply.status == 400 || reply.status == 413 || reply.status == 500)
    {
      g_free (batch->error_code);
      batch->error_code = kiosk_http_error_code (reply.body);
    }
  if (reply.status != 200)
    return set_status_error (&reply, error);
  return read_delivery (batch, reply.body, error);
}

/* ---- GObject ------------------------------------------------------------ */

void
kiosk_client_set_ca_file (KioskClient *self,
                          const char  *ca_file)
{
  g_return_if_fail (KIOSK_IS_CLIENT (self));

  g_mutex_lock (&self->config_lock);
  g_free (self->ca_file);
  self->ca_file = (ca_file != NULL && *ca_file != '\0') ? g_strdup (ca_file) : NULL;
  g_mutex_unlock (&self->config_lock);
}

void
kiosk_client_set_timeouts (KioskClient *self,
                           guint        connect_seconds,
                           guint        total_seconds)
{
  g_return_if_fail (KIOSK_IS_CLIENT (self));
  g_return_if_fail (connect_seconds > 0 && total_seconds > 0);

  g_mutex_lock (&self->config_lock);
  self->connect_timeout = connect_seconds;
  self->total_timeout = total_seconds;
  g_mutex_unlock (&self->config_lock);
}

KioskClient *
kiosk_client_new (KioskStore *store)
{
  KioskClient *self;

  g_return_val_if_fail (KIOSK_IS_STORE (store), NULL);

  self = g_object_new (KIOSK_TYPE_CLIENT, NULL);
  self->store = g_object_ref (store);
  return self;
}

static void
kiosk_client_finalize (GObject *object)
{
  KioskClient *self = KIOSK_CLIENT (object);

  g_clear_object (&self->store);
  g_free (self->ca_file);
  g_mutex_clear (&self->config_lock);

  G_OBJECT_CLASS (kiosk_client_parent_class)->finalize (object);
}

static void
kiosk_client_class_init (KioskClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kiosk_client_finalize;
}

static void
kiosk_client_init (KioskClient *self)
{
  g_mutex_init (&self->config_lock);
  self->connect_timeout = DEFAULT_CONNECT_TIMEOUT;
  self->total_timeout = DEFAULT_TOTAL_TIMEOUT;
}
