/* agg-api-writer.c — the writer thread of agg_api_handle_async(): one
 * thread with a read-write connection of its own, which writes uploads,
 * enrolments and audit records one at a time in the order they came. */
#include "config.h"

#include <string.h>

#include "agg-api-private.h"

typedef struct
{
  AggApiPrivate   *api;        /* its object: a reference */
  AggApiWriteFunc  func;
  gpointer         data;
  GDestroyNotify   data_free;
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
  g_object_unref (item->api->object);
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

void
agg_api_init_writer (AggApiPrivate *self)
{
  g_mutex_init (&self->writer_lock);
  self->writer_queue = g_async_queue_new ();
  self->writer_cancellable = g_cancellable_new ();
}

void
agg_api_clear_writer (AggApiPrivate *self)
{
  g_clear_pointer (&self->writer_queue, g_async_queue_unref);
  g_clear_object (&self->writer_cancellable);
  g_mutex_clear (&self->writer_lock);
}

void
agg_api_queue_write (AggApiPrivate   *self,
                     AggApiWriteFunc  func,
                     gpointer         data,
                     GDestroyNotify   data_free)
{
  g_autoptr(GError) error = NULL;
  WriteItem *item = g_new0 (WriteItem, 1);

  item->api = self;
  g_object_ref (self->object);
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

/* On the writer thread itself (the last reference on the API was dropped
 * there), this returns at once, and the thread after the item it is on. */
void
agg_api_stop_writer (AggApiPrivate *self)
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

void
agg_api_cancel_writes (AggApiPrivate *self)
{
  /* What waits for the writer is refused, and answered 503; the write in
   * progress, a batch perhaps, is committed (or rolled back) and answered
   * as usual.  Then the writer's connection is closed.  A later write
   * starts a new writer. */
  g_mutex_lock (&self->writer_lock);
  g_cancellable_cancel (self->writer_cancellable);
  g_mutex_unlock (&self->writer_lock);
  agg_api_stop_writer (self);
  g_mutex_lock (&self->writer_lock);
  g_object_unref (self->writer_cancellable);
  self->writer_cancellable = g_cancellable_new ();
  g_mutex_unlock (&self->writer_lock);
}

/* A request for the writer: copies of what its handler reads, since the
 * request is gone by the time it runs, and the answer it makes. */
typedef struct
{
  AggApiWriteHandler  handler;
  char               *method;
  char               *path;
  char               *content_type;
  char               *remote;
  GBytes             *body;
  AggPrincipal        principal;
  AggResponse         response;
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

/* On the writer thread: answers one request of agg_api_begin_write(). */
static void
write_request (AggApiPrivate *self,
               AggDb         *db,
               GCancellable  *cancellable,
               gpointer       data,
               const GError  *refusal)
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
  if (job->handler == agg_api_submit_batch && self->ingest_hook != NULL)
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

void
agg_api_begin_write (AggApiPrivate       *self,
                     AggApiWriteHandler   handler,
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

  task = g_task_new (self->object, NULL, callback, user_data);
  g_task_set_source_tag (task, agg_api_begin_write);
  g_task_set_task_data (task, job, write_job_free);
  agg_api_queue_write (self, write_request, task, g_object_unref);
}

void
agg_api_finish_write (AggApiPrivate *self,
                      GTask         *task,
                      AggResponse   *response)
{
  g_autoptr(GError) error = NULL;
  WriteJob *job = g_task_get_task_data (task);

  if (!g_task_propagate_boolean (task, &error))
    {
      response->log_path = g_strdup (job->response.log_path);
      response->token_id = g_strdup (job->response.token_id);
      agg_api_reply_unfinished (response, error);
      return;
    }
  *response = job->response;
  memset (&job->response, 0, sizeof job->response);
}
