/* kiosk-task.h — a blocking operation run on a GTask worker thread
 * (internal).
 *
 * KioskUploader offers each of its operations as a blocking function and
 * an _async/_finish pair.  The pair is this helper around the blocking
 * half, so that the worker thread, the result and its error are written
 * once rather than once per operation.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The blocking half of an operation: reads its arguments from @data and
 * writes its results back into it.  Returns FALSE with @error set on
 * failure, when @data may hold results too (a sync pass's counts). */
typedef gboolean (*KioskTaskFunc) (gpointer       source_object,
                                   gpointer       data,
                                   GCancellable  *cancellable,
                                   GError       **error);

/* Runs @func (@source_object, @data, …) on a worker thread, then calls
 * @callback on the thread-default main context of the caller.  @data is
 * the task's, freed with @data_free when the result is. */
void      kiosk_task_run_async (gpointer             source_object,
                                gpointer             source_tag,
                                KioskTaskFunc        func,
                                gpointer             data,
                                GDestroyNotify       data_free,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data);

/* What @func returned for @result, which must come from
 * kiosk_task_run_async() with @source_object and @source_tag.  A
 * cancelled task fails with G_IO_ERROR_CANCELLED whatever @func returned.
 * *@data (may be NULL) is set to the operation's data, owned by @result,
 * failed or not. */
gboolean  kiosk_task_finish    (gpointer             source_object,
                                GAsyncResult        *result,
                                gpointer             source_tag,
                                gpointer            *data,
                                GError             **error);

G_END_DECLS
