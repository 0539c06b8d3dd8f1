/* agg-api-report-pool.c — the report workers of agg_api_handle_async():
 * at most AGG_API_REPORT_WORKERS threads, each rendering on a read-only
 * connection of its own, so that a report taking minutes holds up
 * neither the main loop nor the writer.  A report is handed out only once
 * the writer has written its audit record. */
#include "config.h"

#include "agg-api-private.h"
#include "agg-audit.h"
#include "agg-report-request.h"

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
  AggApiHook       hook;
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
  agg_db_set_cancellable (db, job->cancellable);

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
write_report_audit (AggApiPrivate *self,
                    AggDb         *db,
                    GCancellable  *cancellable,
                    gpointer       data,
                    const GError  *refusal)
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

/* The worker: owns one reference on the task, given by
 * agg_api_begin_report(). */
static void
render_report (gpointer data,
               gpointer user_data)
{
  GTask *task = data;
  AggApiPrivate *self = user_data;
  ReportJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* A rendered report still needs its audit record, which the writer
   * writes: it returns the task. */
  if (render_job (job, &error))
    agg_api_queue_write (self, write_report_audit, g_object_ref (task), g_object_unref);
  else
    g_task_return_error (task, g_steal_pointer (&error));

  /* Done with the database: agg_api_cancel_report_workers() may stop
   * waiting. */
  g_mutex_lock (&self->reports_lock);
  g_ptr_array_remove_fast (self->reports_running, job->cancellable);
  if (self->reports_running->len == 0)
    g_cond_broadcast (&self->reports_idle);
  g_mutex_unlock (&self->reports_lock);

  /* Last, as this may drop the last reference on the API. */
  g_object_unref (task);
}

void
agg_api_init_reports (AggApiPrivate *self,
                      guint          n_workers)
{
  /* Not exclusive: the threads come from GLib's shared pool when a report
   * arrives, and go back to it afterwards.  A non-exclusive pool cannot
   * fail to be made. */
  self->report_pool = g_thread_pool_new (render_report, self, n_workers, FALSE, NULL);
  g_mutex_init (&self->reports_lock);
  g_cond_init (&self->reports_idle);
  self->reports_running = g_ptr_array_new_with_free_func (g_object_unref);
}

void
agg_api_free_report_pool (AggApiPrivate *self)
{
  /* Every report holds a reference on the API until it is answered, so no
   * worker is busy with one now.  The pool is not waited for: the last
   * reference may be dropped on a worker thread, which cannot wait for
   * itself. */
  if (self->report_pool != NULL)
    {
      g_thread_pool_free (self->report_pool, FALSE, FALSE);
      self->report_pool = NULL;
    }
}

void
agg_api_clear_reports (AggApiPrivate *self)
{
  g_assert (self->reports_running->len == 0);
  g_clear_pointer (&self->reports_running, g_ptr_array_unref);
  g_mutex_clear (&self->reports_lock);
  g_cond_clear (&self->reports_idle);
}

gboolean
agg_api_begin_report (AggApiPrivate       *self,
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

  if (!agg_api_report_scope (request, principal, &service_id, response))
    return FALSE;

  job = g_new0 (ReportJob, 1);
  job->name = g_strdup (parameter);
  job->role = principal->role;
  job->service_id = g_strdup (service_id);
  job->actor = g_strdup (principal->token_id);
  job->detail = agg_api_report_audit_detail (service_id, request->query);
  job->query = request->query != NULL ? copy_query (request->query) : NULL;
  job->forms = g_object_ref (self->forms);
  job->db_path = g_strdup (agg_db_get_path (self->db));
  job->log_path = g_strdup (response->log_path);
  job->cancellable = g_cancellable_new ();
  job->hook = self->report_hook;
  job->hook_data = self->report_hook_data;

  task = g_task_new (self->object, job->cancellable, callback, user_data);
  g_task_set_source_tag (task, agg_api_begin_report);
  g_task_set_task_data (task, job, report_job_free);

  g_mutex_lock (&self->reports_lock);
  g_ptr_array_add (self->reports_running, g_object_ref (job->cancellable));
  g_mutex_unlock (&self->reports_lock);

  /* A non-exclusive pool queues the task and never fails. */
  g_thread_pool_push (self->report_pool, g_steal_pointer (&task), NULL);
  return TRUE;
}

void
agg_api_finish_report (AggApiPrivate *self,
                       GTask         *task,
                       AggResponse   *response)
{
  g_autoptr(GError) error = NULL;
  ReportJob *job = g_task_get_task_data (task);

  response->log_path = g_strdup (job->log_path);
  response->token_id = g_strdup (job->actor);

  if (!g_task_propagate_boolean (task, &error))
    {
      agg_api_reply_unfinished (response, error);
      return;
    }

  /* The writer has written the audit record: without it the task would
   * have failed. */
  agg_api_give_report (&job->content_type, &job->body, response);
}

void
agg_api_cancel_report_workers (AggApiPrivate *self)
{
  g_mutex_lock (&self->reports_lock);
  for (guint i = 0; i < self->reports_running->len; i++)
    g_cancellable_cancel (g_ptr_array_index (self->reports_running, i));
  while (self->reports_running->len > 0)
    g_cond_wait (&self->reports_idle, &self->reports_lock);
  g_mutex_unlock (&self->reports_lock);
}
