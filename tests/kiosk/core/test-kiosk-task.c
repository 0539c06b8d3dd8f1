/* test-kiosk-task.c — a blocking operation on a worker thread
 * (kiosk-task.h): its result, its error and its data reach the caller's
 * main context, a cancelled task fails, and the data is freed once. */
#include "config.h"

#include <gio/gio.h>

#include "kiosk-task.h"

typedef struct
{
  int      value;         /* set by the operation */
  GThread *thread;        /* the thread it ran on */
  gboolean fail;          /* asked of the operation */
  guint   *n_freed;       /* counts data_free() calls */
} Data;

static void
data_free (gpointer pointer)
{
  Data *data = pointer;

  (*data->n_freed)++;
  g_free (data);
}

static gboolean
operation (gpointer       source_object,
           gpointer       pointer,
           GCancellable  *cancellable,
           GError       **error)
{
  Data *data = pointer;

  g_assert_true (G_IS_OBJECT (source_object));
  data->thread = g_thread_self ();
  data->value = 42;
  if (data->fail)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "synthetic failure");
      return FALSE;
    }
  return TRUE;
}

static gpointer test_tag = &test_tag;
static gpointer other_tag = &other_tag;

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

/* Runs operation() with a new Data and returns its result. */
static GAsyncResult *
run (GObject      *source,
     gboolean      fail,
     GCancellable *cancellable,
     guint        *n_freed,
     Data        **data_out)
{
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL };
  Data *data = g_new0 (Data, 1);

  data->fail = fail;
  data->n_freed = n_freed;
  *data_out = data;
  kiosk_task_run_async (source, test_tag, operation, data, data_free,
                        cancellable, done_cb, &wait);
  g_main_loop_run (wait.loop);
  g_main_loop_unref (wait.loop);
  return wait.result;
}

/* The last reference on a task may be its worker thread's for a moment
 * after the callback, so freeing is waited for, with a bound. */
static void
wait_for_free (GAsyncResult *result,
               guint        *n_freed)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_object_unref (result);
  while (*n_freed == 0 && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  g_assert_cmpuint (*n_freed, ==, 1);
}

/* What the operation returned, its error and its data, which it wrote on
 * a thread other than the caller's (that is the point), failed or not. */
static void
test_result (gconstpointer fail)
{
  g_autoptr(GObject) source = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GError) error = NULL;
  guint n_freed = 0;
  Data *data = NULL;
  gpointer out = NULL;
  GAsyncResult *result = run (source, GPOINTER_TO_INT (fail), NULL, &n_freed, &data);

  if (fail)
    {
      g_assert_false (kiosk_task_finish (source, result, test_tag, &out, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
    }
  else
    {
      g_assert_true (kiosk_task_finish (source, result, test_tag, &out, &error));
      g_assert_no_error (error);
    }
  g_assert_true (out == data);
  g_assert_cmpint (data->value, ==, 42);
  g_assert_true (data->thread != g_thread_self ());
  g_assert_cmpuint (n_freed, ==, 0);
  wait_for_free (result, &n_freed);
}

static void
test_cancelled (void)
{
  g_autoptr(GObject) source = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  guint n_freed = 0;
  Data *data = NULL;
  GAsyncResult *result;

  g_cancellable_cancel (cancellable);
  result = run (source, FALSE, cancellable, &n_freed, &data);
  g_assert_false (kiosk_task_finish (source, result, test_tag, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  wait_for_free (result, &n_freed);
}

/* Freed with the result, whether or not anyone asked for it. */
static void
test_data_freed_unfinished (void)
{
  g_autoptr(GObject) source = g_object_new (G_TYPE_OBJECT, NULL);
  guint n_freed = 0;
  Data *data = NULL;
  GAsyncResult *result = run (source, FALSE, NULL, &n_freed, &data);

  wait_for_free (result, &n_freed);
}

/* A result of another operation, or of another object, is refused. */
static void
test_wrong_result (void)
{
  g_autoptr(GObject) source = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) stranger = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GError) error = NULL;
  guint n_freed = 0;
  Data *data = NULL;
  gpointer out = NULL;
  GAsyncResult *result = run (source, FALSE, NULL, &n_freed, &data);

  g_test_expect_message ("keyvoice-kiosk-core", G_LOG_LEVEL_CRITICAL, "*source_tag*");
  g_assert_false (kiosk_task_finish (source, result, other_tag, &out, &error));
  g_test_assert_expected_messages ();
  g_test_expect_message ("keyvoice-kiosk-core", G_LOG_LEVEL_CRITICAL, "*g_task_is_valid*");
  g_assert_false (kiosk_task_finish (stranger, result, test_tag, &out, &error));
  g_test_assert_expected_messages ();
  g_assert_null (out);
  g_assert_no_error (error);

  g_assert_true (kiosk_task_finish (source, result, test_tag, &out, &error));
  g_assert_true (out == data);
  wait_for_free (result, &n_freed);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/kiosk/task/returns-data", GINT_TO_POINTER (FALSE), test_result);
  g_test_add_data_func ("/kiosk/task/failure-keeps-data", GINT_TO_POINTER (TRUE), test_result);
  g_test_add_func ("/kiosk/task/cancelled", test_cancelled);
  g_test_add_func ("/kiosk/task/data-freed-unfinished", test_data_freed_unfinished);
  g_test_add_func ("/kiosk/task/wrong-result", test_wrong_result);

  return g_test_run ();
}
