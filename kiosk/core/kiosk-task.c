/* kiosk-task.c — a blocking operation run on a GTask worker thread. */
#include "config.h"

#include "kiosk-task.h"

typedef struct
{
  KioskTaskFunc   func;
  gpointer        data;
  GDestroyNotify  data_free;
} Call;

static void
call_free (Call *call)
{
  if (call->data_free != NULL && call->data != NULL)
    call->data_free (call->data);
  g_free (call);
}

static void
call_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Call *call = task_data;
  GError *error = NULL;

  if (call->func (source_object, call->data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    {
      /* A function that fails must say why, or the caller would read a
       * failure with no error. */
      g_assert (error != NULL);
      g_task_return_error (task, error);
    }
}

void
kiosk_task_run_async (gpointer             source_object,
                      gpointer             source_tag,
                      KioskTaskFunc        func,
                      gpointer             data,
                      GDestroyNotify       data_free,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Call *call;

  g_return_if_fail (G_IS_OBJECT (source_object));
  g_return_if_fail (func != NULL);

  call = g_new0 (Call, 1);
  call->func = func;
  call->data = data;
  call->data_free = data_free;

  task = g_task_new (source_object, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  g_task_run_in_thread (task, call_thread);
}

gboolean
kiosk_task_finish (gpointer       source_object,
                   GAsyncResult  *result,
                   gpointer       source_tag,
                   gpointer      *data,
                   GError       **error)
{
  Call *call;

  g_return_val_if_fail (g_task_is_valid (result, source_object), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  call = g_task_get_task_data (G_TASK (result));
  if (data != NULL)
    *data = call->data;
  return g_task_propagate_boolean (G_TASK (result), error);
}
