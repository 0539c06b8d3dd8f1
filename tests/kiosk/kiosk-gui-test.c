/* kiosk-gui-test.c — helpers for tests that drive the real kiosk window. */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <glib/gstdio.h>
#include <glib/gi18n.h>
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "kiosk-gui-test.h"
#include "kiosk-language.h"
#include "kiosk-style.h"

/* ---- The display ------------------------------------------------------ */

static GSubprocess *display_server;

/* In the X server, before it runs: it goes when the test program goes,
 * even one that fails half-way and never reaches kgt_stop_display(). */
static void
display_server_child_setup (gpointer data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

gboolean
kgt_start_display (guint width,
                   guint height)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_find_program_in_path ("Xvfb");
  g_autofree char *screen = g_strdup_printf ("%ux%ux24", width, height);
  g_autofree char *display = NULL;
  GString *number = g_string_new (NULL);
  int fds[2];
  char c;

  g_assert_null (display_server);
  if (program == NULL)
    {
      g_string_free (number, TRUE);
      return FALSE;
    }
  if (pipe (fds) != 0)
    g_error ("pipe: %s", g_strerror (errno));

  /* -displayfd: Xvfb finds a free display itself and writes its number
   * to the pipe once it accepts clients, so there is nothing to guess,
   * no race with another test starting its own, and nothing to wait for
   * against the clock. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                        | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_take_fd (launcher, fds[1], 3);
  g_subprocess_launcher_set_child_setup (launcher, display_server_child_setup, NULL, NULL);
  display_server = g_subprocess_launcher_spawn (launcher, &error, program, "-displayfd", "3",
                                                "-screen", "0", screen, "-nolisten", "tcp",
                                                "-noreset", NULL);
  if (display_server == NULL)
    g_error ("Xvfb: %s", error->message);

  while (read (fds[0], &c, 1) == 1 && c != '\n')
    g_string_append_c (number, c);
  close (fds[0]);
  if (number->len == 0)
    g_error ("Xvfb did not start");

  display = g_strdup_printf (":%s", number->str);
  g_string_free (number, TRUE);
  g_setenv ("DISPLAY", display, TRUE);
  g_unsetenv ("WAYLAND_DISPLAY");
  /* Only X11 has XTest, which the real-input tests press keys with. */
  g_setenv ("GDK_BACKEND", "x11", TRUE);
  atexit (kgt_stop_display);
  return TRUE;
}

void
kgt_stop_display (void)
{
  if (display_server == NULL)
    return;
  g_subprocess_send_signal (display_server, SIGTERM);
  g_subprocess_wait (display_server, NULL, NULL);
  g_clear_object (&display_server);
}

/* ---- Set-up ------------------------------------------------------------- */

void
kgt_init (int    *argc,
          char ***argv)
{
  /* A display of the program's own, unless it started one at a size it
   * chose: tests that run side by side on one shared X server take the
   * keyboard focus from each other's windows, and GTK forgets where the
   * focus was inside a window that loses it. */
  if (display_server == NULL)
    kgt_start_display (1920, 1920);

  /* The language test needs a locale other than plain "C", in which
   * gettext ignores LANGUAGE altogether. */
  if (setlocale (LC_ALL, "") == NULL || g_strcmp0 (setlocale (LC_MESSAGES, NULL), "C") == 0)
    setlocale (LC_ALL, "C.UTF-8");

  /* Not G_TEST_OPTION_ISOLATE_DIRS: it empties XDG_DATA_DIRS too, and
   * without the shared MIME database GTK cannot tell that a pictogram
   * is an SVG.  Each test makes its own data directory instead. */
  g_test_init (argc, argv, NULL);
  gtk_init ();
  adw_init ();
  kiosk_style_init ();
  textdomain (GETTEXT_PACKAGE);
  /* As the application does, before any uploader thread exists. */
  kiosk_language_apply (NULL);
}

void
kgt_setup (KgtFixture *f,
           const char *child_json)
{
  g_autoptr(GError) error = NULL;
  f->tmp_dir = kt_tmp_dir ();
  f->data_dir = g_build_filename (f->tmp_dir, "data", NULL);
  f->store = kiosk_store_open (f->data_dir, &error);
  g_assert_no_error (error);

  kt_keypair (&f->keys);
  kt_enrol (f->store, "http://127.0.0.1:9", &f->keys);

  f->code = kt_child_code ();

  if (child_json != NULL)
    {
      g_autofree char *json = g_strdup_printf (child_json, f->code);

      kiosk_store_cache_child (f->store, f->code, json, &error);
      g_assert_no_error (error);
    }

  kgt_open_window (f, NULL);
}

static int window_width = 1280;
static int window_height = 900;

void
kgt_set_window_size (int width,
                     int height)
{
  window_width = width;
  window_height = height;
}

void
kgt_open_window (KgtFixture    *f,
                 KioskUploader *uploader)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();

  /* Settings of one test must not leak into the next. */
  f->settings = g_settings_new_with_backend ("org.keyvoice.Kiosk", backend);

  f->window = kiosk_window_new (NULL, f->store, uploader, f->settings);
  gtk_window_set_default_size (GTK_WINDOW (f->window), window_width, window_height);
  gtk_window_present (GTK_WINDOW (f->window));
  kgt_run (50);
}

void
kgt_teardown (KgtFixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  kgt_run (10);
  g_clear_object (&f->settings);
  g_clear_object (&f->store);
  kt_remove_tree (f->tmp_dir);
  g_clear_pointer (&f->tmp_dir, g_free);
  g_clear_pointer (&f->data_dir, g_free);
  g_clear_pointer (&f->code, g_free);
}

static gboolean
quit_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  g_main_context_wakeup (NULL);
  return G_SOURCE_REMOVE;
}

void
kgt_run (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, quit_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  /* On a loaded machine the timeout can be due before idle work that an
   * action queued (a page rebuilt after a click, a layout pass), and it
   * outranks idles; so also run whatever is ready now.  The cap keeps a
   * source that is always ready from holding the test forever. */
  for (guint i = 0; i < 1000 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

gboolean
kgt_wait_for_page (KgtFixture *f,
                   GType       type,
                   guint       ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (!G_TYPE_CHECK_INSTANCE_TYPE (kgt_page (f), type) && g_get_monotonic_time () < end)
    kgt_run (20);
  return G_TYPE_CHECK_INSTANCE_TYPE (kgt_page (f), type);
}

static void
painted_cb (GdkFrameClock *clock,
            gpointer       data)
{
  *(gboolean *) data = TRUE;
  g_main_context_wakeup (NULL);
}

gboolean
kgt_wait_for_paint (GtkWidget *widget,
                    guint      ms)
{
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;
  gulong handler;

  clock = gtk_widget_get_frame_clock (widget);
  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), &painted);
  gtk_widget_queue_draw (widget);
  while (!painted && g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_signal_handler_disconnect (clock, handler);
  return painted;
}

GtkWidget *
kgt_page (KgtFixture *f)
{
  return kiosk_window_get_page (f->window);
}

GtkWidget *
kgt_find_actionable (GtkWidget  *widget,
                     const char *action)
{
  if (GTK_IS_ACTIONABLE (widget)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = kgt_find_actionable (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* GTK 4.8 has no public way to ask whether a widget action is enabled,
 * but a button naming a disabled action goes insensitive, which is also
 * exactly what the family sees. */
gboolean
kgt_can (KgtFixture *f,
         const char *action)
{
  return kgt_widget_can (GTK_WIDGET (f->window), action);
}

gboolean
kgt_widget_can (GtkWidget  *widget,
                const char *action)
{
  GtkWidget *button = kgt_find_actionable (widget, action);

  return button != NULL && gtk_widget_is_sensitive (button);
}

void
kgt_act (KgtFixture *f,
         const char *action)
{
  if (!gtk_widget_activate_action (kgt_page (f), action, NULL))
    g_error ("action %s is not available on %s", action, G_OBJECT_TYPE_NAME (kgt_page (f)));
  kgt_run (5);
}

void
kgt_act_s (KgtFixture *f,
           const char *action,
           const char *arg)
{
  if (!gtk_widget_activate_action (kgt_page (f), action, "s", arg))
    g_error ("action %s('%s') is not available on %s", action, arg,
             G_OBJECT_TYPE_NAME (kgt_page (f)));
  kgt_run (5);
}

void
kgt_type_code (KgtFixture *f,
               const char *code)
{
  for (const char *p = code; *p != '\0'; p++)
    {
      char key[2] = { *p, '\0' };

      if (*p != '-')
        kgt_act_s (f, "kiosk.key", key);
    }
}

GtkWidget *
kgt_find_text (GtkWidget  *widget,
               const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return widget;
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), text) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = kgt_find_text (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
kgt_show (GtkWidget *widget)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 900);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));
  kgt_run (20);
  return window;
}

GtkWidget *
kgt_show_with_actions (GtkWidget    *widget,
                       GActionGroup *actions)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_widget_insert_action_group (box, "kiosk", actions);
  gtk_box_append (GTK_BOX (box), widget);
  return kgt_show (box);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

void
kgt_count_notifies (gpointer    object,
                    const char *property,
                    guint      *count)
{
  g_autofree char *signal = g_strconcat ("notify::", property, NULL);

  g_signal_connect (object, signal, G_CALLBACK (count_notify_cb), count);
}

GtkWidget *
kgt_part (GtkWidget  *widget,
          const char *name)
{
  GObject *part = gtk_widget_get_template_child (widget, G_OBJECT_TYPE (widget), name);

  if (part == NULL)
    g_error ("%s has no template child %s", G_OBJECT_TYPE_NAME (widget), name);
  return GTK_WIDGET (part);
}

gboolean
kgt_press_key (GtkWidget       *widget,
               guint            keyval,
               GdkModifierType  state)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        {
          g_signal_emit_by_name (controller, "key-pressed", keyval, 0, state, &handled);
          kgt_run (5);
          return handled;
        }
    }
  g_error ("%s has no key controller", G_OBJECT_TYPE_NAME (widget));
}

JsonNode *
kgt_outbox (KgtFixture *f)
{
  return kt_outbox_opened (f->store);
}

JsonObject *
kgt_submission (JsonNode   *batch,
                const char *form)
{
  return kt_submission (batch, form);
}

GdkTexture *
kgt_render (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  /* A page switched in a moment ago may not have drawn yet; give it a
   * few frames rather than failing on a slow machine. */
  for (guint i = 0; node == NULL && i < 50; i++)
    {
      kgt_run (20);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (renderer, node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}

void
kgt_save_png (GtkWidget  *widget,
              const char *path)
{
  g_autoptr(GdkTexture) texture = kgt_render (widget);

  g_assert_true (gdk_texture_save_to_png (texture, path));
}
