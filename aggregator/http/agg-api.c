/* agg-api.c — the API object, its route table and the dispatch: each
 * request is routed, its caller authenticated and its role checked here,
 * then answered by the route's handler (agg-route-*.c), the writer
 * (agg-api-writer.c) or a report worker (agg-api-report-pool.c). */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "agg-api.h"
#include "agg-api-private.h"
#include "agg-auth.h"

#define API_PREFIX "/api/v1/"

#define LOOKUP_BURST      30
#define LOOKUP_PER_MINUTE 20.0

struct _AggApi
{
  GObject       parent_instance;

  AggApiPrivate priv;
};

G_DEFINE_TYPE (AggApi, agg_api, G_TYPE_OBJECT)

typedef void (*Handler) (AggApiPrivate      *self,
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

/* Only uploads carry big bodies.  Enrolment needs no token, so its body
 * is read from anyone: it is kept small enough that many at once cost
 * nothing.  The other routes take no body at all. */
static const Route routes[] = {
  { "GET",  "health",      "/api/v1/health",          0, agg_api_handle_health, 0 },
  { "POST", "devices",     "/api/v1/devices",         0, agg_api_handle_enrol, AGG_API_MAX_SMALL_BODY },
  { "GET",  "forms",       "/api/v1/forms",
    AGG_ROLE_DEVICE | AGG_ROLE_SERVICE | AGG_ROLE_EVALUATOR, agg_api_handle_forms, 0 },
  { "GET",  "forms/",      "/api/v1/forms/{id}",
    AGG_ROLE_DEVICE | AGG_ROLE_SERVICE | AGG_ROLE_EVALUATOR, agg_api_handle_form, 0 },
  /* Evaluators work from pseudonymous reports, not from a family's card:
   * a code lookup is for the tablet in the room and the service lead. */
  { "GET",  "children/",   "/api/v1/children/{code}",
    AGG_ROLE_DEVICE | AGG_ROLE_SERVICE, agg_api_handle_child, 0 },
  { "POST", "submissions", "/api/v1/submissions",
    AGG_ROLE_DEVICE, agg_api_handle_submissions, AGG_API_MAX_BODY },
  { "GET",  "reports/",    "/api/v1/reports/{name}",
    AGG_ROLE_SERVICE | AGG_ROLE_EVALUATOR, agg_api_handle_report, 0 },
};

static void
agg_api_dispose (GObject *object)
{
  AggApiPrivate *priv = &AGG_API (object)->priv;

  agg_api_free_report_pool (priv);
  /* Every write holds a reference too, so the writer is idle. */
  agg_api_stop_writer (priv);
  g_clear_object (&priv->db);
  g_clear_object (&priv->forms);
  g_clear_object (&priv->keys);
  g_clear_object (&priv->lookups);
  g_clear_object (&priv->enrolments);

  G_OBJECT_CLASS (agg_api_parent_class)->dispose (object);
}

static void
agg_api_finalize (GObject *object)
{
  AggApiPrivate *priv = &AGG_API (object)->priv;

  agg_api_clear_reports (priv);
  agg_api_clear_writer (priv);

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
  AggApiPrivate *priv = &self->priv;

  priv->object = G_OBJECT (self);
  priv->lookups = agg_rate_limiter_new (LOOKUP_BURST, LOOKUP_PER_MINUTE);
  priv->enrolments = agg_rate_limiter_new (AGG_API_ENROL_BURST, AGG_API_ENROL_PER_MINUTE);
  agg_api_init_reports (priv, AGG_API_REPORT_WORKERS);
  agg_api_init_writer (priv);
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
  self->priv.db = g_object_ref (db);
  /* Every request is routed and authenticated on the caller's one thread:
   * a wait for a lock here would stall every other client, health checks
   * included.  Better a quick 503 (see agg_api_reply_gerror()).  The
   * writer's connection is given the same timeout: an upload waiting for
   * an admin verb's lock would hold up every upload behind it. */
  agg_db_set_busy_timeout (db, AGG_API_BUSY_TIMEOUT_MS);
  self->priv.forms = g_object_ref (forms);
  self->priv.keys = g_object_ref (keys);
  return self;
}

void
agg_api_set_lookup_limit (AggApi *self,
                          guint   burst,
                          double  per_minute)
{
  g_return_if_fail (AGG_IS_API (self));

  g_clear_object (&self->priv.lookups);
  self->priv.lookups = agg_rate_limiter_new (burst, per_minute);
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
route_request (AggApiPrivate     *self,
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
      agg_api_reply_error (response, 404, "not-found", _("there is no such endpoint"));
      return NULL;
    }
  if (route == NULL)
    {
      response->log_path = g_strdup ("(known path, wrong method)");
      response->allow = g_string_free (g_steal_pointer (&allow), FALSE);
      agg_api_reply_error (response, 405, "method-not-allowed", _("this endpoint does not take that method"));
      return NULL;
    }
  response->log_path = g_strdup (route->log_path);

  if (route->roles != 0)
    {
      if (!agg_auth_authenticate (self->db, request->authorization, principal, &error))
        {
          agg_api_reply_gerror (response, error);
          return NULL;
        }
      response->token_id = g_strdup (principal->token_id);
      if ((route->roles & principal->role) == 0)
        {
          agg_api_reply_error (response, 403, "forbidden", _("this token’s role may not use this endpoint"));
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
  route = route_request (&self->priv, &headers_only, &principal, &parameter, response);
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

  route = route_request (&self->priv, request, &principal, &parameter, response);
  if (route != NULL)
    route->handler (&self->priv, request, &principal, parameter, response);
}

gboolean
agg_api_handle_async (AggApi              *self,
                      const AggRequest    *request,
                      AggResponse         *response,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  AggApiPrivate *priv;
  g_auto(AggPrincipal) principal = { 0 };
  const char *parameter = NULL;
  const Route *route;

  g_return_val_if_fail (AGG_IS_API (self), TRUE);
  g_return_val_if_fail (request != NULL && request->method != NULL && request->path != NULL, TRUE);
  g_return_val_if_fail (response != NULL, TRUE);

  priv = &self->priv;
  route = route_request (priv, request, &principal, &parameter, response);
  if (route == NULL)
    return TRUE;
  /* Reports take long enough to be worth a thread of their own; uploads
   * and enrolments write, and a COMMIT waits for fsync, so they go to the
   * writer.  The rest only read, and are answered here and now. */
  if (route->handler == agg_api_handle_report)
    return !agg_api_begin_report (priv, request, &principal, parameter, response, callback,
                                  user_data);
  if (route->handler == agg_api_handle_submissions)
    {
      agg_api_begin_write (priv, agg_api_submit_batch, request, &principal, response, callback,
                           user_data);
      return FALSE;
    }
  if (route->handler == agg_api_handle_enrol)
    {
      if (!agg_api_take_enrolment (priv, request, response))
        return TRUE;
      agg_api_begin_write (priv, agg_api_enrol_device, request, &principal, response, callback,
                           user_data);
      return FALSE;
    }
  priv->defer_writes = TRUE;
  route->handler (priv, request, &principal, parameter, response);
  priv->defer_writes = FALSE;
  return TRUE;
}

void
agg_api_handle_finish (AggApi       *self,
                       GAsyncResult *result,
                       AggResponse  *response)
{
  gpointer tag;

  g_return_if_fail (AGG_IS_API (self));
  g_return_if_fail (g_task_is_valid (result, self));
  tag = g_task_get_source_tag (G_TASK (result));
  g_return_if_fail (tag == agg_api_begin_report || tag == agg_api_begin_write);
  g_return_if_fail (response != NULL);

  agg_response_clear (response);
  if (tag == agg_api_begin_write)
    agg_api_finish_write (&self->priv, G_TASK (result), response);
  else
    agg_api_finish_report (&self->priv, G_TASK (result), response);
}

void
agg_api_cancel_reports (AggApi *self)
{
  g_return_if_fail (AGG_IS_API (self));

  agg_api_cancel_report_workers (&self->priv);
  /* No worker queues an audit record any more: the writer may stop. */
  agg_api_cancel_writes (&self->priv);
}

void
agg_api_set_report_hook (AggApi           *self,
                         AggApiReportHook  hook,
                         gpointer          user_data)
{
  g_return_if_fail (AGG_IS_API (self));

  self->priv.report_hook = hook;
  self->priv.report_hook_data = user_data;
}

void
agg_api_set_ingest_hook (AggApi           *self,
                         AggApiIngestHook  hook,
                         gpointer          user_data)
{
  g_return_if_fail (AGG_IS_API (self));

  self->priv.ingest_hook = hook;
  self->priv.ingest_hook_data = user_data;
}
