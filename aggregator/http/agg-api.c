/* agg-api.c — routing, roles and the handlers of docs/api.md. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "agg-admin.h"
#include "agg-api.h"
#include "agg-audit.h"
#include "agg-auth.h"
#include "agg-children.h"
#include "agg-error.h"
#include "agg-ingest.h"
#include "agg-json.h"
#include "agg-rate-limiter.h"
#include "agg-report-request.h"

#define API_PREFIX "/api/v1/"

/* Enrolment needs no token, so it is limited per client address: ten
 * tries at once, then one every six minutes. */
#define ENROL_BURST      10
#define ENROL_PER_MINUTE (1.0 / 6.0)
#define LOOKUP_BURST      30
#define LOOKUP_PER_MINUTE 20.0

struct _AggApi
{
  GObject          parent_instance;

  AggDb           *db;
  AggFormRegistry *forms;
  AggKeys         *keys;
  AggRateLimiter  *lookups;     /* per token id: lookups and unknown children in uploads */
  AggRateLimiter  *enrolments;  /* per client address */

  /* Reports of agg_api_handle_async(): the workers, and the cancellable of
   * every report not yet rendered, so that stopping can cancel them and
   * wait for the last worker to let go of the database. */
  GThreadPool     *report_pool;
  GMutex           reports_lock;
  GCond            reports_idle;
  GPtrArray       *reports_running;
  AggApiReportHook report_hook;
  gpointer         report_hook_data;

  /* The writer of agg_api_handle_async(): one thread, started with the
   * first write, with a read-write connection of its own.  Uploads,
   * enrolments and audit records queue for it and are written one at a
   * time in the order they came, so the main loop never waits for a lock
   * or a COMMIT's fsync. */
  GMutex           writer_lock;
  GThread         *writer;
  GAsyncQueue     *writer_queue;        /* WriteItem, or &writer_stop */
  GCancellable    *writer_cancellable;  /* cancelled by agg_api_cancel_reports() */
  AggApiIngestHook ingest_hook;
  gpointer         ingest_hook_data;
  /* Main thread only: inside agg_api_handle_async(), where a handler hands
   * its writes to the writer instead of making them on self->db. */
  gboolean         defer_writes;
};

G_DEFINE_TYPE (AggApi, agg_api, G_TYPE_OBJECT)

typedef void (*Handler) (AggApi             *self,
                         const AggRequest   *request,
                         const AggPrincipal *principal,
                         const char         *parameter,
                         AggResponse        *response);

typedef struct
{
  const char *method;
  const char *path;        /* after /api/v1/; ends in "/" when a parameter follows */
  const char *log_path;
  guint       roles;       /* AggRole bits; 0 means no token is needed */
  Handler     handler;
  gsize       max_body;    /* the largest body the route reads */
} Route;

static void handle_health      (AggApi *, const AggRequest *, const AggPrincipal *, const char *, AggResponse *);
static void handle_enrol       (AggApi *, const AggRequest *, const AggPrincipal *, const char *, AggResponse *);
static void handle_forms       (AggApi *, const AggRequest *, const AggPrincipal *, const char *, AggResponse *);
static void handle_form        (AggApi *, const AggRequest *, const AggPrincipal *, const char *, AggResponse *);
static void handle_child       (AggApi *, const AggRequest *, const AggPrincipal *, const char *, AggResponse *);
static void handle_submissions (AggApi *, const AggRequest *, const AggPrincipal *, const char *, AggResponse *);
static void handle_report      (AggApi *, const AggRequest *, const AggPrincipal *, const char *, AggResponse *);

/* Only uploads carry big bodies.  Enrolment needs no token, so its body
 * is read from anyone: it is kept small enough that many at once cost
 * nothing.  The other routes take no body at all. */
static const Route routes[] = {
  { "GET",  "health",      "/api/v1/health",          0, handle_health, 0 },
  { "POST", "devices",     "/api/v1/devices",         0, handle_enrol, AGG_API_MAX_SMALL_BODY },
  { "GET",  "forms",       "/api/v1/forms",
    AGG_ROLE_DEVICE | AGG_ROLE_SERVICE | AGG_ROLE_EVALUATOR, handle_forms, 0 },
  { "GET",  "forms/",      "/api/v1/forms/{id}",
    AGG_ROLE_DEVICE | AGG_ROLE_SERVICE | AGG_ROLE_EVALUATOR, handle_form, 0 },
  /* Evaluators work from pseudonymous reports, not from a family's card:
   * a code lookup is for the tablet in the room and the service lead. */
  { "GET",  "children/",   "/api/v1/children/{code}", AGG_ROLE_DEVICE | AGG_ROLE_SERVICE, handle_child, 0 },
  { "POST", "submissions", "/api/v1/submissions",     AGG_ROLE_DEVICE, handle_submissions, AGG_API_MAX_BODY },
  { "GET",  "reports/",    "/api/v1/reports/{name}",  AGG_ROLE_SERVICE | AGG_ROLE_EVALUATOR, handle_report, 0 },
};

void
agg_response_clear (AggResponse *response)
{
  g_clear_pointer (&response->content_type, g_free);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->log_path, g_free);
  g_clear_pointer (&response->token_id, g_free);
  g_clear_pointer (&response->allow, g_free);
  response->status = 0;
  response->retry_after = 0;
}

static void render_report (gpointer data,
                           gpointer user_data);
static void stop_writer   (AggApi  *self);

static void
agg_api_dispose (GObject *object)
{
  AggApi *self = AGG_API (object);

  /* Every report holds a reference on the API until it is answered, so no
   * worker is busy with one now.  The pool is not waited for: the last
   * reference may be dropped on a worker thread, which cannot wait for
   * itself. */
  if (self->report_pool != NULL)
    {
      g_thread_pool_free (self->report_pool, FALSE, FALSE);
      self->report_pool = NULL;
    }
  /* Every write holds a reference too, so the writer is idle. */
  stop_writer (self);
  g_clear_object (&self->db);
  g_clear_object (&self->forms);
  g_clear_object (&self->keys);
  g_clear_object (&self->lookups);
  g_clear_object (&self->enrolments);

  G_OBJECT_CLASS (agg_api_parent_class)->dispose (object);
}

static void
agg_api_finalize (GObject *object)
{
  AggApi *self = AGG_API (object);

  g_assert (self->reports_running->len == 0);
  g_clear_pointer (&self->reports_running, g_ptr_array_unref);
  g_mutex_clear (&self->reports_lock);
  g_cond_clear (&self->reports_idle);
  g_clear_pointer (&self->writer_queue, g_async_queue_unref);
  g_clear_object (&self->writer_cancellable);
  g_mutex_clear (&self->writer_lock);

  G_OBJECT_CLASS (agg_api_parent_class)->finalize (object);
}

static void
agg_api_class_init (AggApiClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = agg_api_dispose;
  G_OBJECT_CLASS (klass)->finalize = agg_api_finalize;
}

static void
agg_api_init (AggApi *self)
{
  self->lookups = agg_rate_limiter_new (LOOKUP_BURST, LOOKUP_PER_MINUTE);
  self->enrolments = agg_rate_limiter_new (ENROL_BURST, ENROL_PER_MINUTE);

  /* Not exclusive: the threads come from GLib's shared pool when a report
   * arrives, and go back to it afterwards.  A non-exclusive pool cannot
   * fail to be made. */
  self->report_pool = g_thread_pool_new (render_report, NULL, AGG_API_REPORT_WORKERS, FALSE, NULL);
  g_mutex_init (&self->reports_lock);
  g_cond_init (&self->reports_idle);
  self->reports_running = g_ptr_array_new_with_free_func (g_object_unref);
  g_mutex_init (&self->writer_lock);
  self->writer_queue = g_async_queue_new ();
  self->writer_cancellable = g_cancellable_new ();
}

AggApi *
agg_api_new (AggDb           *db,
             AggFormRegistry *forms,
             AggKeys         *keys)
{
  AggApi *self;

  g_return_val_if_fail (AGG_IS_DB (db), NULL);
  g_return_val_if_fail (AGG_IS_FORM_REGISTRY (forms), NULL);
  g_return_val_if_fail (AGG_IS_KEYS (keys), NULL);

  self = g_object_new (AGG_TYPE_API, NULL);
  self->db = g_object_ref (db);
  /* Every request is routed and authenticated on the caller's one thread:
   * a wait for a lock here would stall every other client, health checks
   * included.  Better a quick 503 (see reply_gerror()).  The writer's
   * connection is given the same timeout: an upload waiting for an admin
   * verb's lock would hold up every upload behind it. */
  agg_db_set_busy_timeout (db, AGG_API_BUSY_TIMEOUT_MS);
  self->forms = g_object_ref (forms);
  self->keys = g_object_ref (keys);
  return self;
}

void
agg_api_set_lookup_limit (AggApi *self,
                          guint   burst,
                          double  per_minute)
{
  g_return_if_fail (AGG_IS_API (self));

  g_clear_object (&self->lookups);
  self->lookups = agg_rate_limiter_new (burst, per_minute);
}

/* Replies */

static void
reply_json (AggResponse *response,
            guint        status,
            JsonNode    *node)
{
  response->status = status;
  g_free (response->content_type);
  response->content_type = g_strdup ("application/json");
  g_clear_pointer (&response->body, g_bytes_unref);
  response->body = agg_json_to_bytes (node);
}

GBytes *
agg_api_error_body (const char *code,
                    const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return agg_json_to_bytes (root);
}

static void
reply_error (AggResponse *response,
             guint        status,
             const char  *code,
             const char  *message)
{
  response->status = status;
  g_free (response->content_type);
  response->content_type = g_strdup ("application/json");
  g_clear_pointer (&response->body, g_bytes_unref);
  response->body = agg_api_error_body (code, message);
}

/* The edge: a GError becomes a status.  Database and other internal
 * failures are logged here (their messages name no person) and answered
 * without detail. */
static void
reply_gerror (AggResponse  *response,
              const GError *error)
{
  if (error->domain == AGG_ERROR)
    switch ((AggError) error->code)
      {
      case AGG_ERROR_INVALID:
        reply_error (response, 400, "bad-request", error->message);
        return;
      case AGG_ERROR_UNAUTHORIZED:
        reply_error (response, 401, "unauthorized", error->message);
        return;
      case AGG_ERROR_FORBIDDEN:
        reply_error (response, 403, "forbidden", error->message);
        return;
      case AGG_ERROR_NOT_FOUND:
        reply_error (response, 404, "not-found", error->message);
        return;
      case AGG_ERROR_TOO_LARGE:
        reply_error (response, 413, "too-large", error->message);
        return;
      case AGG_ERROR_RATE_LIMITED:
        reply_error (response, 429, "rate-limited", error->message);
        return;
      case AGG_ERROR_NOT_IMPLEMENTED:
        reply_error (response, 501, "not-implemented", error->message);
        return;
      case AGG_ERROR_BUSY:
        /* An admin verb holds the write lock, and this thread must not
         * wait for it; nothing was stored, so the client just comes back.
         * SQLite's message would only name the file. */
        reply_error (response, 503, "unavailable",
                     _("the database is busy with other work; try again in a moment"));
        response->retry_after = AGG_API_BUSY_RETRY_AFTER;
        return;
      default:
        break;
      }

  g_message ("internal error on %s: %s",
             response->log_path != NULL ? response->log_path : "?", error->message);
  reply_error (response, 500, "internal", _("the aggregator failed; try again later"));
}

void
agg_api_too_large_reply (AggResponse *response,
                         gsize        max_body)
{
  g_autofree char *limit = g_format_size_full (max_body, G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *message = max_body == 0
    ? g_strdup (_("this endpoint takes no body"))
    : g_strdup_printf (_("the body is larger than %s"), limit);

  reply_error (response, 413, "too-large", message);
}

/* Whether @content_type is application/json in UTF-8: RFC 8259 §8.1 JSON
 * is UTF-8, so a charset parameter may only say so.  Other parameters are
 * ignored.  Sets @charset_wrong when the type is right but the charset
 * is not. */
static gboolean
is_json_media_type (const char *content_type,
                    gboolean   *charset_wrong)
{
  g_auto(GStrv) parts = NULL;

  *charset_wrong = FALSE;
  if (content_type == NULL)
    return FALSE;
  parts = g_strsplit (content_type, ";", -1);
  if (g_ascii_strcasecmp (g_strstrip (parts[0]), "application/json") != 0)
    return FALSE;
  for (guint i = 1; parts[i] != NULL; i++)
    {
      char *parameter = g_strstrip (parts[i]);
      char *equals = strchr (parameter, '=');
      char *value;
      gsize length;

      if (equals == NULL)
        continue;
      *equals = '\0';
      if (g_ascii_strcasecmp (g_strstrip (parameter), "charset") != 0)
        continue;
      value = g_strstrip (equals + 1);
      length = strlen (value);
      if (length >= 2 && value[0] == '"' && value[length - 1] == '"')
        {
          value[length - 1] = '\0';
          value++;
        }
      if (g_ascii_strcasecmp (value, "utf-8") != 0)
        {
          *charset_wrong = TRUE;
          return FALSE;
        }
    }
  return TRUE;
}

/* Checks the content type and size and parses the body.  NULL when the
 * response already says what is wrong. */
static JsonNode *
read_json_body (const AggRequest *request,
                AggResponse      *response)
{
  g_autoptr(GError) error = NULL;
  gboolean charset_wrong;
  const char *data;
  gsize length;
  JsonNode *node;

  if (!is_json_media_type (request->content_type, &charset_wrong))
    {
      reply_error (response, 415, "unsupported-media-type",
                   charset_wrong
                   ? _("JSON is UTF-8: the charset of the body may only be utf-8")
                   : _("send the body as application/json"));
      return NULL;
    }
  if (request->body == NULL || g_bytes_get_size (request->body) == 0)
    {
      reply_error (response, 400, "bad-request", _("the body is empty"));
      return NULL;
    }

  data = g_bytes_get_data (request->body, &length);
  node = agg_json_parse (data, length, &error);
  if (node == NULL)
    reply_gerror (response, error);
  return node;
}

/* Handlers */

static void
handle_health (AggApi             *self,
               const AggRequest   *request,
               const AggPrincipal *principal,
               const char         *parameter,
               AggResponse        *response)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "ok");
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  reply_json (response, 200, root);
}

/* The enrolment limit, taken on the caller's thread before anything is
 * queued for the writer, so that strangers cannot fill its queue.  FALSE
 * when @response already says no. */
static gboolean
take_enrolment (AggApi           *self,
                const AggRequest *request,
                AggResponse      *response)
{
  if (!agg_rate_limiter_take (self->enrolments,
                              request->remote != NULL ? request->remote : "",
                              g_get_monotonic_time ()))
    {
      reply_error (response, 429, "rate-limited", _("too many enrolment attempts; wait and try again"));
      response->retry_after = (guint) ceil (60.0 / ENROL_PER_MINUTE);
      return FALSE;
    }
  return TRUE;
}

/* Enrols the device of @request on @db: the main connection, or the
 * writer's. */
static void
enrol_device (AggApi             *self,
              AggDb              *db,
              const AggRequest   *request,
              const AggPrincipal *principal,
              AggResponse        *response)
{
  static const char * const enrol_members[] = { "code", "name", NULL };
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(AggEnrolment) enrolment = { 0 };
  JsonObject *object;
  JsonNode *code;
  JsonNode *name;

  body = read_json_body (request, response);
  if (body == NULL)
    return;
  if (!JSON_NODE_HOLDS_OBJECT (body))
    {
      reply_error (response, 400, "bad-request",
                   _("the body must be an object {\"code\": …, \"name\": …}"));
      return;
    }
  object = json_node_get_object (body);
  if (!agg_json_check_members (object, enrol_members, _("the body"), &error))
    {
      reply_gerror (response, error);
      return;
    }
  code = json_object_get_member (object, "code");
  name = json_object_get_member (object, "name");
  if (code == NULL || !JSON_NODE_HOLDS_VALUE (code) ||
      json_node_get_value_type (code) != G_TYPE_STRING)
    {
      reply_error (response, 400, "bad-request", _("“code” must be a string"));
      return;
    }
  if (name != NULL && !JSON_NODE_HOLDS_NULL (name) &&
      (!JSON_NODE_HOLDS_VALUE (name) || json_node_get_value_type (name) != G_TYPE_STRING))
    {
      reply_error (response, 400, "bad-request", _("“name” must be a string"));
      return;
    }

  if (!agg_admin_enrol_device (db, json_node_get_string (code),
                               name != NULL && !JSON_NODE_HOLDS_NULL (name)
                               ? json_node_get_string (name) : "",
                               &enrolment, &error))
    {
      reply_gerror (response, error);
      return;
    }
  response->token_id = g_strdup (enrolment.device_id);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "device_id");
  json_builder_add_string_value (builder, enrolment.device_id);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, enrolment.token);
  json_builder_set_member_name (builder, "service");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, enrolment.service_id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, enrolment.service_name);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "public_key");
  json_builder_add_string_value (builder, agg_keys_get_public_key_base64 (self->keys));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  reply_json (response, 201, root);
}

static void
handle_enrol (AggApi             *self,
              const AggRequest   *request,
              const AggPrincipal *principal,
              const char         *parameter,
              AggResponse        *response)
{
  if (take_enrolment (self, request, response))
    enrol_device (self, self->db, request, principal, response);
}

static void
handle_forms (AggApi             *self,
              const AggRequest   *request,
              const AggPrincipal *principal,
              const char         *parameter,
              AggResponse        *response)
{
  GPtrArray *forms = agg_form_registry_get_forms (self->forms);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "forms");
  json_builder_begin_array (builder);
  for (guint i = 0; i < forms->len; i++)
    {
      KvForm *form = g_ptr_array_index (forms, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, kv_form_get_id (form));
      json_builder_set_member_name (builder, "version");
      json_builder_add_int_value (builder, kv_form_get_version (form));
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, kv_form_kind_to_string (kv_form_get_kind (form)));
      json_builder_set_member_name (builder, "sha256");
      json_builder_add_string_value (builder, agg_form_registry_get_sha256 (self->forms, form));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  reply_json (response, 200, root);
}

static void
handle_form (AggApi             *self,
             const AggRequest   *request,
             const AggPrincipal *principal,
             const char         *parameter,
             AggResponse        *response)
{
  const char *version = request->query != NULL ? g_hash_table_lookup (request->query, "version") : NULL;
  KvForm *form;

  if (version != NULL)
    {
      guint64 number;

      if (!g_ascii_string_to_unsigned (version, 10, 1, G_MAXINT, &number, NULL))
        {
          reply_error (response, 400, "bad-request", _("“version” must be a positive integer"));
          return;
        }
      form = agg_form_registry_lookup (self->forms, parameter, number);
    }
  else
    {
      form = agg_form_registry_lookup_latest (self->forms, parameter);
    }
  if (form == NULL)
    {
      reply_error (response, 404, "not-found", _("there is no such form"));
      return;
    }

  response->status = 200;
  response->content_type = g_strdup ("application/xml; charset=utf-8");
  response->body = g_bytes_ref (kv_form_get_source (form));
}

/* Writes the first refusal of a run to the audit trail, on @db, unless it
 * is written already: the writer may find several queued for one run. */
static void
record_child_code_limit (AggApi     *self,
                         AggDb      *db,
                         const char *token_id,
                         const char *by)
{
  gint64 now = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;

  if (agg_rate_limiter_is_flagged (self->lookups, token_id, now))
    return;
  detail = g_strconcat ("by=", by, NULL);
  if (agg_audit_record (db, token_id, "child-code-limit", token_id, detail, &error))
    agg_rate_limiter_flag (self->lookups, token_id, now);
  else
    g_message ("cannot record a child-code limit in the audit trail: %s", error->message);
}

static void queue_child_code_limit (AggApi     *self,
                                    const char *token_id);

/* A token that has used up its child-code budget, by lookups or by
 * uploads naming unknown children (agg_ingest_batch()): 429 until the
 * bucket holds a request again.  The first refusal of each run goes to the
 * audit trail (a run ends when the bucket is full again), so that an
 * administrator sees a tablet that guesses codes and can revoke it: on
 * @db, or by the writer when @db is NULL (a lookup on the main thread). */
static void
refuse_child_codes (AggApi             *self,
                    AggDb              *db,
                    const AggPrincipal *principal,
                    const char         *by,
                    AggResponse        *response)
{
  gint64 now = g_get_monotonic_time ();

  reply_error (response, 429, "rate-limited",
               _("too many child lookups or unknown child codes; wait and try again"));
  response->retry_after = MAX (1, agg_rate_limiter_get_wait (self->lookups, principal->token_id, now));

  if (agg_rate_limiter_is_flagged (self->lookups, principal->token_id, now))
    return;
  if (db != NULL)
    record_child_code_limit (self, db, principal->token_id, by);
  else
    queue_child_code_limit (self, principal->token_id);
}

static void
handle_child (AggApi             *self,
              const AggRequest   *request,
              const AggPrincipal *principal,
              const char         *parameter,
              AggResponse        *response)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(JsonNode) child = NULL;
  g_autoptr(GError) error = NULL;

  /* The bucket is taken before the lookup, so a guess costs the same
   * whether or not the code exists. */
  if (!agg_rate_limiter_take (self->lookups, principal->token_id, g_get_monotonic_time ()))
    {
      refuse_child_codes (self, self->defer_writes ? NULL : self->db, principal, "lookups",
                          response);
      return;
    }

  child = agg_children_describe (self->db, self->forms, parameter, principal->service_id, now, &error);
  if (child == NULL)
    {
      reply_gerror (response, error);
      return;
    }
  reply_json (response, 200, child);
}

/* Stores the batch of @request on @db: the main connection, or the
 * writer's. */
static void
submit_batch (AggApi             *self,
              AggDb              *db,
              const AggRequest   *request,
              const AggPrincipal *principal,
              AggResponse        *response)
{
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;

  body = read_json_body (request, response);
  if (body == NULL)
    return;

  reply = agg_ingest_batch (db, self->forms, self->keys, principal, self->lookups, body, &error);
  if (g_error_matches (error, AGG_ERROR, AGG_ERROR_RATE_LIMITED))
    {
      refuse_child_codes (self, db, principal, "uploads", response);
      return;
    }
  if (reply == NULL)
    {
      reply_gerror (response, error);
      return;
    }
  reply_json (response, 200, reply);
}

static void
handle_submissions (AggApi             *self,
                    const AggRequest   *request,
                    const AggPrincipal *principal,
                    const char         *parameter,
                    AggResponse        *response)
{
  submit_batch (self, self->db, request, principal, response);
}

/* Reports */

/* Fixes which service a report covers: a service token sees its own
 * service and nothing else, whatever it asks for; an evaluator may narrow
 * to one service (NULL: every service).  FALSE when @response says no. */
static gboolean
report_scope (const AggRequest    *request,
              const AggPrincipal  *principal,
              const char         **service_id,
              AggResponse         *response)
{
  const char *asked = request->query != NULL ? g_hash_table_lookup (request->query, "service") : NULL;

  if (principal->role == AGG_ROLE_SERVICE)
    {
      if (asked != NULL && g_strcmp0 (asked, principal->service_id) != 0)
        {
          reply_error (response, 403, "forbidden", _("a service token reports on its own service only"));
          return FALSE;
        }
      *service_id = principal->service_id;
    }
  else
    {
      if (asked != NULL && !agg_admin_is_service_id (asked))
        {
          reply_error (response, 400, "bad-request", _("“service” is not a service id"));
          return FALSE;
        }
      *service_id = asked;
    }
  return TRUE;
}

/* The detail of the audit record of a report pulled over HTTP. */
static char *
report_audit_detail (const char *service_id,
                     GHashTable *query)
{
  const char *format = query != NULL ? g_hash_table_lookup (query, "format") : NULL;

  return g_strdup_printf ("service=%s format=%s",
                          service_id != NULL ? service_id : "*",
                          format != NULL ? format : "json");
}

/* Fills @response with a report whose pull is audited.  Takes
 * @content_type and @body. */
static void
give_report (char        **content_type,
             GBytes      **body,
             AggResponse  *response)
{
  response->status = 200;
  g_free (response->content_type);
  response->content_type = g_steal_pointer (content_type);
  g_clear_pointer (&response->body, g_bytes_unref);
  response->body = g_steal_pointer (body);
}

/* Every report pulled is audited; if the record cannot be written the
 * report is not handed out.  Takes @content_type and @body. */
static void
hand_out_report (AggApi       *self,
                 const char   *actor,
                 const char   *name,
                 const char   *detail,
                 char        **content_type,
                 GBytes      **body,
                 AggResponse  *response)
{
  g_autoptr(GError) error = NULL;

  if (!agg_audit_record (self->db, actor, "report", name, detail, &error))
    {
      reply_gerror (response, error);
      return;
    }
  give_report (content_type, body, response);
}

/* The synchronous way, for agg_api_handle(): rendered here, on the main
 * connection. */
static void
handle_report (AggApi             *self,
               const AggRequest   *request,
               const AggPrincipal *principal,
               const char         *parameter,
               AggResponse        *response)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *content_type = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *detail = NULL;
  AggReportScope scope = { principal->role, NULL, principal->token_id, self->forms };

  if (!report_scope (request, principal, &scope.service_id, response))
    return;

  if (!agg_report_request_render (self->db, parameter, &scope, request->query, &content_type,
                                  &body, &error))
    {
      reply_gerror (response, error);
      return;
    }

  detail = report_audit_detail (scope.service_id, request->query);
  hand_out_report (self, principal->token_id, parameter, detail, &content_type, &body, response);
}

/* The writer */

/* What the writer does with one item: writes on @db, or, when @refusal is
 * set (the server is stopping, or the connection cannot be opened), does
 * not touch the database and answers with @refusal.  On the writer
 * thread, or on the caller's when no writer thread could be started. */
typedef void (*WriteFunc) (AggApi       *self,
                           AggDb        *db,
                           GCancellable *cancellable,
                           gpointer      data,
                           const GError *refusal);

typedef struct
{
  AggApi         *api;        /* a reference */
  WriteFunc       func;
  gpointer        data;
  GDestroyNotify  data_free;
} WriteItem;

/* The writer thread's own: it refers to nothing of the API, whose last
 * reference may be dropped on this thread. */
typedef struct
{
  GAsyncQueue  *queue;
  char         *db_path;
  GCancellable *cancellable;
} Writer;

/* Queued after the last item: the writer thread closes its connection and
 * returns. */
static WriteItem writer_stop;

static void
write_item_free (WriteItem *item)
{
  if (item->data_free != NULL)
    item->data_free (item->data);
  /* Last, as this may drop the last reference on the API. */
  g_object_unref (item->api);
  g_free (item);
}

static gpointer
writer_main (gpointer data)
{
  Writer *writer = data;
  g_autoptr(AggDb) db = NULL;
  WriteItem *item;

  while ((item = g_async_queue_pop (writer->queue)) != &writer_stop)
    {
      g_autoptr(GError) refusal = NULL;

      /* Opened on the first write, and again after a failed open, the
       * same way as the main connection and with the same patience. */
      if (!g_cancellable_set_error_if_cancelled (writer->cancellable, &refusal) && db == NULL)
        {
          db = agg_db_open (writer->db_path, &refusal);
          if (db != NULL)
            agg_db_set_busy_timeout (db, AGG_API_BUSY_TIMEOUT_MS);
        }
      item->func (item->api, refusal == NULL ? db : NULL, writer->cancellable, item->data,
                  refusal);
      write_item_free (item);
    }

  g_clear_object (&db);
  g_async_queue_unref (writer->queue);
  g_free (writer->db_path);
  g_object_unref (writer->cancellable);
  g_free (writer);
  return NULL;
}

/* Hands @data to the writer thread, started if it is not running; @func
 * runs there, and @data_free after it.  Any thread. */
static void
queue_write (AggApi         *self,
             WriteFunc       func,
             gpointer        data,
             GDestroyNotify  data_free)
{
  g_autoptr(GError) error = NULL;
  WriteItem *item = g_new0 (WriteItem, 1);

  item->api = g_object_ref (self);
  item->func = func;
  item->data = data;
  item->data_free = data_free;

  g_mutex_lock (&self->writer_lock);
  if (self->writer == NULL)
    {
      Writer *writer = g_new0 (Writer, 1);

      writer->queue = g_async_queue_ref (self->writer_queue);
      writer->db_path = g_strdup (agg_db_get_path (self->db));
      writer->cancellable = g_object_ref (self->writer_cancellable);
      self->writer = g_thread_try_new ("agg-writer", writer_main, writer, &error);
      if (self->writer == NULL)
        {
          g_async_queue_unref (writer->queue);
          g_free (writer->db_path);
          g_object_unref (writer->cancellable);
          g_free (writer);
        }
    }
  if (self->writer != NULL)
    g_async_queue_push (self->writer_queue, item);
  g_mutex_unlock (&self->writer_lock);

  if (error != NULL)
    {
      item->func (self, NULL, self->writer_cancellable, item->data, error);
      write_item_free (item);
    }
}

/* Lets the writer thread finish what is queued and waits for it, unless
 * this is the writer thread itself (the last reference on the API was
 * dropped there), which then returns after the item it is on. */
static void
stop_writer (AggApi *self)
{
  GThread *thread;

  g_mutex_lock (&self->writer_lock);
  thread = g_steal_pointer (&self->writer);
  if (thread != NULL)
    g_async_queue_push (self->writer_queue, &writer_stop);
  g_mutex_unlock (&self->writer_lock);

  if (thread == NULL)
    return;
  if (thread == g_thread_self ())
    g_thread_unref (thread);
  else
    g_thread_join (thread);
}

/* A request for the writer: copies of what its handler reads, since the
 * request is gone by the time it runs, and the answer it makes. */
typedef void (*WriteHandler) (AggApi             *self,
                              AggDb              *db,
                              const AggRequest   *request,
                              const AggPrincipal *principal,
                              AggResponse        *response);

typedef struct
{
  WriteHandler  handler;
  char         *method;
  char         *path;
  char         *content_type;
  char         *remote;
  GBytes       *body;
  AggPrincipal  principal;
  AggResponse   response;
} WriteJob;

static void
write_job_free (gpointer data)
{
  WriteJob *job = data;

  g_free (job->method);
  g_free (job->path);
  g_free (job->content_type);
  g_free (job->remote);
  g_clear_pointer (&job->body, g_bytes_unref);
  agg_principal_clear (&job->principal);
  agg_response_clear (&job->response);
  g_free (job);
}

/* On the writer thread: answers one request of begin_write(). */
static void
write_request (AggApi       *self,
               AggDb        *db,
               GCancellable *cancellable,
               gpointer      data,
               const GError *refusal)
{
  GTask *task = data;
  WriteJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  AggRequest request = { 0 };

  if (refusal != NULL)
    {
      g_task_return_error (task, g_error_copy (refusal));
      return;
    }
  if (job->handler == submit_batch && self->ingest_hook != NULL)
    {
      self->ingest_hook (cancellable, self->ingest_hook_data);
      /* Held past the stop: nothing was stored, so the tablet sends it
       * again. */
      if (g_cancellable_set_error_if_cancelled (cancellable, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  request.method = job->method;
  request.path = job->path;
  request.content_type = job->content_type;
  request.body = job->body;
  request.remote = job->remote;
  job->handler (self, db, &request, &job->principal, &job->response);
  g_task_return_boolean (task, TRUE);
}

/* Hands a request that writes to the writer; its answer comes through
 * @callback and agg_api_handle_finish(). */
static void
begin_write (AggApi              *self,
             WriteHandler         handler,
             const AggRequest    *request,
             const AggPrincipal  *principal,
             const AggResponse   *response,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task;
  WriteJob *job = g_new0 (WriteJob, 1);

  job->handler = handler;
  job->method = g_strdup (request->method);
  job->path = g_strdup (request->path);
  job->content_type = g_strdup (request->content_type);
  job->remote = g_strdup (request->remote);
  job->body = request->body != NULL ? g_bytes_ref (request->body) : NULL;
  job->principal.token_id = g_strdup (principal->token_id);
  job->principal.role = principal->role;
  job->principal.service_id = g_strdup (principal->service_id);
  job->response.log_path = g_strdup (response->log_path);
  job->response.token_id = g_strdup (response->token_id);

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, begin_write);
  g_task_set_task_data (task, job, write_job_free);
  queue_write (self, write_request, task, g_object_unref);
}

/* On the writer thread: the audit record of a lookup's child-code
 * refusal (refuse_child_codes()).  A refusal is only logged, as a record
 * that cannot be written is; the next refusal of the run tries again. */
static void
write_child_code_limit (AggApi       *self,
                        AggDb        *db,
                        GCancellable *cancellable,
                        gpointer      data,
                        const GError *refusal)
{
  if (refusal != NULL)
    g_message ("cannot record a child-code limit in the audit trail: %s", refusal->message);
  else
    record_child_code_limit (self, db, data, "lookups");
}

static void
queue_child_code_limit (AggApi     *self,
                        const char *token_id)
{
  queue_write (self, write_child_code_limit, g_strdup (token_id), g_free);
}

/* One report of agg_api_handle_async(): everything the worker needs,
 * copied, since the request is gone by the time it runs. */
typedef struct
{
  char            *name;
  AggRole          role;
  char            *service_id;    /* NULL: every service */
  char            *actor;         /* the token id */
  char            *detail;        /* for the audit record */
  GHashTable      *query;
  AggFormRegistry *forms;
  char            *db_path;
  char            *log_path;
  GCancellable    *cancellable;
  AggApiReportHook hook;
  gpointer         hook_data;

  /* The worker's result, read on the main thread once the task returned. */
  char            *content_type;
  GBytes          *body;
} ReportJob;

static void
report_job_free (gpointer data)
{
  ReportJob *job = data;

  g_free (job->name);
  g_free (job->service_id);
  g_free (job->actor);
  g_free (job->detail);
  g_clear_pointer (&job->query, g_hash_table_unref);
  g_clear_object (&job->forms);
  g_free (job->db_path);
  g_free (job->log_path);
  g_clear_object (&job->cancellable);
  g_free (job->content_type);
  g_clear_pointer (&job->body, g_bytes_unref);
  g_free (job);
}

static GHashTable *
copy_query (GHashTable *query)
{
  GHashTable *copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, query);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy, g_strdup (key), g_strdup (value));
  return copy;
}

/* SQLite's progress handler: a non-zero answer interrupts the statement
 * running, so a cancelled report stops within a few thousand steps instead
 * of running on for minutes. */
static int
interrupt_if_cancelled (void *data)
{
  return g_cancellable_is_cancelled (data);
}

/* On a worker thread: renders @job on a read-only connection of its own,
 * opened after the hook so that the report sees every upload stored
 * before it started, and closed before returning. */
static gboolean
render_job (ReportJob  *job,
            GError    **error)
{
  g_autoptr(AggDb) db = NULL;
  g_autoptr(GError) local_error = NULL;
  AggReportScope scope = { job->role, job->service_id, job->actor, job->forms };

  if (g_cancellable_set_error_if_cancelled (job->cancellable, error))
    return FALSE;
  if (job->hook != NULL)
    job->hook (job->cancellable, job->hook_data);
  if (g_cancellable_set_error_if_cancelled (job->cancellable, error))
    return FALSE;

  db = agg_db_open_readonly (job->db_path, error);
  if (db == NULL)
    return FALSE;
  sqlite3_progress_handler (agg_db_get_handle (db), 10000, interrupt_if_cancelled,
                            job->cancellable);

  if (!agg_report_request_render (db, job->name, &scope, job->query, &job->content_type,
                                  &job->body, &local_error))
    {
      /* An interrupted statement is the cancellation, not a failure of
       * the database. */
      if (!g_cancellable_set_error_if_cancelled (job->cancellable, error))
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* On the writer thread: the audit record of a rendered report.  Without
 * it the report is not handed out. */
static void
write_report_audit (AggApi       *self,
                    AggDb        *db,
                    GCancellable *cancellable,
                    gpointer      data,
                    const GError *refusal)
{
  GTask *task = data;
  ReportJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (refusal != NULL)
    g_task_return_error (task, g_error_copy (refusal));
  else if (!agg_audit_record (db, job->actor, "report", job->name, job->detail, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* The worker: owns one reference on the task, given by begin_report(). */
static void
render_report (gpointer data,
               gpointer user_data)
{
  GTask *task = data;
  AggApi *self = g_task_get_source_object (task);
  ReportJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* A rendered report still needs its audit record, which the writer
   * writes: it returns the task. */
  if (render_job (job, &error))
    queue_write (self, write_report_audit, g_object_ref (task), g_object_unref);
  else
    g_task_return_error (task, g_steal_pointer (&error));

  /* Done with the database: agg_api_cancel_reports() may stop waiting. */
  g_mutex_lock (&self->reports_lock);
  g_ptr_array_remove_fast (self->reports_running, job->cancellable);
  if (self->reports_running->len == 0)
    g_cond_broadcast (&self->reports_idle);
  g_mutex_unlock (&self->reports_lock);

  /* Last, as this may drop the last reference on the API. */
  g_object_unref (task);
}

/* Hands a report to a worker.  FALSE when @response already says no. */
static gboolean
begin_report (AggApi              *self,
              const AggRequest    *request,
              const AggPrincipal  *principal,
              const char          *parameter,
              AggResponse         *response,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const char *service_id;
  ReportJob *job;

  if (!report_scope (request, principal, &service_id, response))
    return FALSE;

  job = g_new0 (ReportJob, 1);
  job->name = g_strdup (parameter);
  job->role = principal->role;
  job->service_id = g_strdup (service_id);
  job->actor = g_strdup (principal->token_id);
  job->detail = report_audit_detail (service_id, request->query);
  job->query = request->query != NULL ? copy_query (request->query) : NULL;
  job->forms = g_object_ref (self->forms);
  job->db_path = g_strdup (agg_db_get_path (self->db));
  job->log_path = g_strdup (response->log_path);
  job->cancellable = g_cancellable_new ();
  job->hook = self->report_hook;
  job->hook_data = self->report_hook_data;

  task = g_task_new (self, job->cancellable, callback, user_data);
  g_task_set_source_tag (task, agg_api_handle_async);
  g_task_set_task_data (task, job, report_job_free);

  g_mutex_lock (&self->reports_lock);
  g_ptr_array_add (self->reports_running, g_object_ref (job->cancellable));
  g_mutex_unlock (&self->reports_lock);

  /* A non-exclusive pool queues the task and never fails. */
  g_thread_pool_push (self->report_pool, g_steal_pointer (&task), NULL);
  return TRUE;
}

/* Routing */

/* Whether @path is @route's, whatever the method; *@parameter gets the
 * part after a route ending in "/". */
static gboolean
route_matches_path (const Route  *route,
                    const char   *path,
                    const char  **parameter)
{
  gsize length = strlen (route->path);
  const char *rest;

  *parameter = NULL;
  if (!g_str_has_prefix (path, API_PREFIX))
    return FALSE;
  rest = path + strlen (API_PREFIX);

  if (route->path[length - 1] != '/')
    return strcmp (rest, route->path) == 0;
  if (strncmp (rest, route->path, length) != 0)
    return FALSE;
  rest += length;
  if (*rest == '\0' || strchr (rest, '/') != NULL)
    return FALSE;
  *parameter = rest;
  return TRUE;
}

/* Finds the route for @method and @path.  @allow collects the methods the
 * path does take, for a 405. */
static const Route *
match (const char  *method,
       const char  *path,
       const char **parameter,
       GString     *allow)
{
  const Route *found = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      const char *tail;

      if (!route_matches_path (&routes[i], path, &tail))
        continue;
      if (allow->len > 0)
        g_string_append (allow, ", ");
      g_string_append (allow, routes[i].method);
      if (strcmp (method, routes[i].method) == 0)
        {
          found = &routes[i];
          *parameter = tail;
        }
    }
  return found;
}

char *
agg_api_log_path (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      const char *tail;

      if (route_matches_path (&routes[i], path, &tail))
        return g_strdup (routes[i].log_path);
    }
  return g_strdup ("(unknown path)");
}

/* Finds the route, authenticates the caller and checks the route's roles.
 * Returns the route whose handler answers, or NULL when @response already
 * says no. */
static const Route *
route_request (AggApi            *self,
               const AggRequest  *request,
               AggPrincipal      *principal,
               const char       **parameter,
               AggResponse       *response)
{
  g_autoptr(GString) allow = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const Route *route;

  route = match (request->method, request->path, parameter, allow);
  if (route == NULL && allow->len == 0)
    {
      /* An unknown path is never logged as sent: it could hold anything. */
      response->log_path = g_strdup ("(unknown path)");
      reply_error (response, 404, "not-found", _("there is no such endpoint"));
      return NULL;
    }
  if (route == NULL)
    {
      response->log_path = g_strdup ("(known path, wrong method)");
      response->allow = g_string_free (g_steal_pointer (&allow), FALSE);
      reply_error (response, 405, "method-not-allowed", _("this endpoint does not take that method"));
      return NULL;
    }
  response->log_path = g_strdup (route->log_path);

  if (route->roles != 0)
    {
      if (!agg_auth_authenticate (self->db, request->authorization, principal, &error))
        {
          reply_gerror (response, error);
          return NULL;
        }
      response->token_id = g_strdup (principal->token_id);
      if ((route->roles & principal->role) == 0)
        {
          reply_error (response, 403, "forbidden", _("this token’s role may not use this endpoint"));
          return NULL;
        }
    }
  if (request->body != NULL && g_bytes_get_size (request->body) > route->max_body)
    {
      agg_api_too_large_reply (response, route->max_body);
      return NULL;
    }
  return route;
}

gboolean
agg_api_admit_body (AggApi           *self,
                    const AggRequest *request,
                    gsize            *max_body,
                    AggResponse      *response)
{
  g_auto(AggPrincipal) principal = { 0 };
  const char *parameter = NULL;
  AggRequest headers_only;
  const Route *route;

  g_return_val_if_fail (AGG_IS_API (self), FALSE);
  g_return_val_if_fail (request != NULL && request->method != NULL && request->path != NULL, FALSE);
  g_return_val_if_fail (max_body != NULL, FALSE);
  g_return_val_if_fail (response != NULL, FALSE);

  headers_only = *request;
  headers_only.body = NULL;
  route = route_request (self, &headers_only, &principal, &parameter, response);
  if (route == NULL)
    return FALSE;
  /* Only the log fields are filled in (the route and the token id), for
   * a request that ends before its handler runs. */
  *max_body = route->max_body;
  return TRUE;
}

void
agg_api_handle (AggApi           *self,
                const AggRequest *request,
                AggResponse      *response)
{
  g_auto(AggPrincipal) principal = { 0 };
  const char *parameter = NULL;
  const Route *route;

  g_return_if_fail (AGG_IS_API (self));
  g_return_if_fail (request != NULL && request->method != NULL && request->path != NULL);
  g_return_if_fail (response != NULL);

  route = route_request (self, request, &principal, &parameter, response);
  if (route != NULL)
    route->handler (self, request, &principal, parameter, response);
}

gboolean
agg_api_handle_async (AggApi              *self,
                      const AggRequest    *request,
                      AggResponse         *response,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_auto(AggPrincipal) principal = { 0 };
  const char *parameter = NULL;
  const Route *route;

  g_return_val_if_fail (AGG_IS_API (self), TRUE);
  g_return_val_if_fail (request != NULL && request->method != NULL && request->path != NULL, TRUE);
  g_return_val_if_fail (response != NULL, TRUE);

  route = route_request (self, request, &principal, &parameter, response);
  if (route == NULL)
    return TRUE;
  /* Reports take long enough to be worth a thread of their own; uploads
   * and enrolments write, and a COMMIT waits for fsync, so they go to the
   * writer.  The rest only read, and are answered here and now. */
  if (route->handler == handle_report)
    return !begin_report (self, request, &principal, parameter, response, callback, user_data);
  if (route->handler == handle_submissions)
    {
      begin_write (self, submit_batch, request, &principal, response, callback, user_data);
      return FALSE;
    }
  if (route->handler == handle_enrol)
    {
      if (!take_enrolment (self, request, response))
        return TRUE;
      begin_write (self, enrol_device, request, &principal, response, callback, user_data);
      return FALSE;
    }
  self->defer_writes = TRUE;
  route->handler (self, request, &principal, parameter, response);
  self->defer_writes = FALSE;
  return TRUE;
}

/* The answer of a request begin_write() took away. */
static void
finish_write (AggApi       *self,
              GTask        *task,
              AggResponse  *response)
{
  g_autoptr(GError) error = NULL;
  WriteJob *job = g_task_get_task_data (task);

  if (!g_task_propagate_boolean (task, &error))
    {
      response->log_path = g_strdup (job->response.log_path);
      response->token_id = g_strdup (job->response.token_id);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        reply_error (response, 503, "unavailable", _("the aggregator is stopping; try again later"));
      else
        reply_gerror (response, error);
      return;
    }
  *response = job->response;
  memset (&job->response, 0, sizeof job->response);
}

void
agg_api_handle_finish (AggApi       *self,
                       GAsyncResult *result,
                       AggResponse  *response)
{
  g_autoptr(GError) error = NULL;
  ReportJob *job;

  g_return_if_fail (AGG_IS_API (self));
  g_return_if_fail (g_task_is_valid (result, self));
  g_return_if_fail (g_task_get_source_tag (G_TASK (result)) == agg_api_handle_async ||
                    g_task_get_source_tag (G_TASK (result)) == begin_write);
  g_return_if_fail (response != NULL);

  agg_response_clear (response);
  if (g_task_get_source_tag (G_TASK (result)) == begin_write)
    {
      finish_write (self, G_TASK (result), response);
      return;
    }

  job = g_task_get_task_data (G_TASK (result));
  response->log_path = g_strdup (job->log_path);
  response->token_id = g_strdup (job->actor);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        reply_error (response, 503, "unavailable", _("the aggregator is stopping; try again later"));
      else
        reply_gerror (response, error);
      return;
    }

  /* The writer has written the audit record: without it the task would
   * have failed. */
  give_report (&job->content_type, &job->body, response);
}

void
agg_api_cancel_reports (AggApi *self)
{
  g_return_if_fail (AGG_IS_API (self));

  g_mutex_lock (&self->reports_lock);
  for (guint i = 0; i < self->reports_running->len; i++)
    g_cancellable_cancel (g_ptr_array_index (self->reports_running, i));
  while (self->reports_running->len > 0)
    g_cond_wait (&self->reports_idle, &self->reports_lock);
  g_mutex_unlock (&self->reports_lock);

  /* No worker queues an audit record any more.  What waits for the writer
   * is refused, and answered 503; the write in progress, a batch perhaps,
   * is committed (or rolled back) and answered as usual.  Then the
   * writer's connection is closed.  A later write starts a new writer. */
  g_mutex_lock (&self->writer_lock);
  g_cancellable_cancel (self->writer_cancellable);
  g_mutex_unlock (&self->writer_lock);
  stop_writer (self);
  g_mutex_lock (&self->writer_lock);
  g_object_unref (self->writer_cancellable);
  self->writer_cancellable = g_cancellable_new ();
  g_mutex_unlock (&self->writer_lock);
}

void
agg_api_set_report_hook (AggApi           *self,
                         AggApiReportHook  hook,
                         gpointer          user_data)
{
  g_return_if_fail (AGG_IS_API (self));

  self->report_hook = hook;
  self->report_hook_data = user_data;
}

void
agg_api_set_ingest_hook (AggApi           *self,
                         AggApiIngestHook  hook,
                         gpointer          user_data)
{
  g_return_if_fail (AGG_IS_API (self));

  self->ingest_hook = hook;
  self->ingest_hook_data = user_data;
}
