/* kiosk-real-input.c — a pointer and a keyboard for tests, through the X server. */
#include "config.h"

#include <stdarg.h>
#include <string.h>
#include <gdk/x11/gdkx.h>

#include "kiosk-gui-test.h"
#include "kiosk-real-input.h"
#include "kv-test-common.h"

/* ---- Waiting ------------------------------------------------------------ */

void
kri_settle (void)
{
  GdkDisplay *display = gdk_display_get_default ();

  /* A round trip: every event the server made before it is now ours. */
  gdk_display_sync (display);
  for (guint i = 0; i < 1000 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
wait_until (KriCondition done,
            gpointer     data,
            gint64       end)
{
  guint wake = g_timeout_add (10, wake_cb, NULL);
  gboolean ok;

  kri_settle ();
  while (!(ok = done (data)) && g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, TRUE);
      kri_settle ();
    }
  g_source_remove (wake);
  return ok;
}

gboolean
kri_wait (KriCondition done,
          gpointer     data,
          guint        ms)
{
  return wait_until (done, data,
                     g_get_monotonic_time () + (gint64) ms * 1000 * kv_test_slowdown ());
}

gboolean
kri_happens_within (KriCondition done,
                    gpointer     data,
                    guint        ms)
{
  return wait_until (done, data, g_get_monotonic_time () + (gint64) ms * 1000);
}

static gboolean
shown (gpointer data)
{
  GtkWidget *widget = data;
  GtkNative *native = gtk_widget_get_native (widget);

  return native != NULL && gtk_widget_get_mapped (GTK_WIDGET (native))
         && gtk_widget_get_mapped (widget)
         && gtk_widget_get_width (widget) > 0 && gtk_widget_get_height (widget) > 0;
}

gboolean
kri_wait_shown (GtkWidget *widget)
{
  g_autoptr(GtkWidget) keep = g_object_ref (widget);

  if (!kri_wait (shown, widget, 5000))
    return FALSE;

  /* Then one whole frame more, so that a layout still pending (a page
   * just added can make the window lay itself out again) is done and the
   * widget is where the screen shows it. */
  return kgt_wait_for_paint (GTK_WIDGET (gtk_widget_get_native (widget)),
                             5000 * kv_test_slowdown ())
         && shown (widget);
}

/* ---- The pointer ---------------------------------------------------------- */

static void
xdotool (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) tool = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) "xdotool");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  tool = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_NONE, &error);
  if (tool == NULL || !g_subprocess_wait_check (tool, NULL, &error))
    g_error ("xdotool %s: %s", args[0], error->message);
  kri_settle ();
}

void
kri_centre (GtkWidget *widget,
            int       *x,
            int       *y)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GdkSurface *surface = gtk_native_get_surface (native);
  graphene_point_t centre, in_native;
  double surface_x, surface_y;
  Display *dpy;
  Window child;
  int root_x, root_y;

  centre = GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.0,
                                gtk_widget_get_height (widget) / 2.0);
  if (!gtk_widget_compute_point (widget, GTK_WIDGET (native), &centre, &in_native))
    g_error ("%s is not in a window", G_OBJECT_TYPE_NAME (widget));
  gtk_native_get_surface_transform (native, &surface_x, &surface_y);

  /* Where the surface is on the screen: 0,0 with no window manager, but
   * a popover (a drop-down's list) has a surface of its own. */
  dpy = gdk_x11_display_get_xdisplay (gdk_surface_get_display (surface));
  XTranslateCoordinates (dpy, gdk_x11_surface_get_xid (surface), DefaultRootWindow (dpy),
                         0, 0, &root_x, &root_y, &child);

  *x = root_x + (int) (in_native.x + surface_x);
  *y = root_y + (int) (in_native.y + surface_y);
}

void
kri_move (int x,
          int y)
{
  g_autofree char *sx = g_strdup_printf ("%d", x);
  g_autofree char *sy = g_strdup_printf ("%d", y);
  const char *args[] = { "mousemove", "--sync", sx, sy, NULL };

  xdotool (args);
}

void
kri_button (gboolean down)
{
  const char *args[] = { down ? "mousedown" : "mouseup", "1", NULL };

  xdotool (args);
}

void
kri_click (GtkWidget *widget)
{
  int x, y;

  if (!kri_wait_shown (widget))
    g_error ("%s is not on screen", G_OBJECT_TYPE_NAME (widget));
  kri_centre (widget, &x, &y);
  kri_move (x, y);
  kri_button (TRUE);
  kri_button (FALSE);
}

/* ---- The keyboard ---------------------------------------------------------- */

static gboolean
active (gpointer data)
{
  return gtk_window_is_active (GTK_WINDOW (data));
}

void
kri_focus (GtkWindow *window)
{
  GdkSurface *surface;
  g_autofree char *xid = NULL;

  g_assert_true (kri_wait_shown (GTK_WIDGET (window)));
  surface = gtk_native_get_surface (GTK_NATIVE (window));
  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  {
    const char *args[] = { "windowfocus", "--sync", xid, NULL };
    xdotool (args);
  }
  g_assert_true (kri_wait (active, window, 5000));
}

void
kri_keys (const char *keys,
          ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  g_ptr_array_add (args, (gpointer) "key");
  g_ptr_array_add (args, (gpointer) "--delay");
  g_ptr_array_add (args, (gpointer) "20");
  va_start (ap, keys);
  for (const char *key = keys; key != NULL; key = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) key);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  xdotool ((const char * const *) args->pdata);
}

void
kri_type (const char *text)
{
  const char *args[] = { "type", "--delay", "20", "--", text, NULL };

  xdotool (args);
}

/* ---- Looking at the screen ------------------------------------------------- */

static gboolean
on_screen (GtkWidget *widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_is_sensitive (widget)
         && gtk_widget_get_width (widget) > 0 && gtk_widget_get_height (widget) > 0;
}

GtkWidget *
kri_find_action (GtkWidget  *root,
                 const char *action,
                 const char *target)
{
  if (GTK_IS_ACTIONABLE (root) && on_screen (root)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    {
      GVariant *value = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (root));

      if (target == NULL
          || (value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING)
              && g_str_equal (g_variant_get_string (value, NULL), target)))
        return root;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = kri_find_action (child, action, target);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_control (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget) || GTK_IS_SWITCH (widget)
         || GTK_IS_DROP_DOWN (widget) || GTK_IS_TEXT (widget) || GTK_IS_TEXT_VIEW (widget)
         || GTK_IS_SCALE (widget) || GTK_IS_SPIN_BUTTON (widget);
}

static const char *
first_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_label (GTK_LABEL (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *label = first_label (child);

      if (label != NULL && *label != '\0')
        return label;
    }
  return NULL;
}

static gboolean
inside (const graphene_rect_t *inner,
        const graphene_rect_t *outer)
{
  /* Half a pixel for rounding in the layout. */
  return inner->origin.x >= outer->origin.x - 0.5
         && inner->origin.y >= outer->origin.y - 0.5
         && inner->origin.x + inner->size.width <= outer->origin.x + outer->size.width + 0.5
         && inner->origin.y + inner->size.height <= outer->origin.y + outer->size.height + 0.5;
}

guint
kri_offscreen (GtkWidget *window,
               GtkWidget *root,
               GString   *report)
{
  guint n = 0;

  if (!gtk_widget_get_mapped (root))
    return 0;

  if (is_control (root) && on_screen (root) && gtk_widget_get_can_target (root))
    {
      graphene_rect_t bounds, frame;
      const char *why = NULL;

      frame = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (window), gtk_widget_get_height (window));
      if (!gtk_widget_compute_bounds (root, window, &bounds) || !inside (&bounds, &frame))
        why = "outside the window";
      for (GtkWidget *up = gtk_widget_get_parent (root); why == NULL && up != NULL && up != window;
           up = gtk_widget_get_parent (up))
        if (GTK_IS_SCROLLED_WINDOW (up)
            && gtk_widget_compute_bounds (up, window, &frame) && !inside (&bounds, &frame))
          why = "scrolled out of sight";

      if (why != NULL)
        {
          const char *action = GTK_IS_ACTIONABLE (root)
                               ? gtk_actionable_get_action_name (GTK_ACTIONABLE (root)) : NULL;

          g_string_append_printf (report, "  %s “%s”%s%s at %.0f,%.0f %.0f×%.0f: %s\n",
                                  G_OBJECT_TYPE_NAME (root),
                                  first_label (root) != NULL ? first_label (root) : "",
                                  action != NULL ? " " : "", action != NULL ? action : "",
                                  bounds.origin.x, bounds.origin.y,
                                  bounds.size.width, bounds.size.height, why);
          n++;
        }
      /* A drop-down's or a spin button's own parts are the same control. */
      if (GTK_IS_DROP_DOWN (root) || GTK_IS_SPIN_BUTTON (root))
        return n;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += kri_offscreen (window, child, report);
  return n;
}

void
kri_screenshot (const char *name)
{
  const char *dir = g_getenv ("KIOSK_SCREENSHOT_DIR");
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GSubprocess) import = NULL;
  g_autoptr(GError) error = NULL;

  if (dir == NULL || *dir == '\0')
    return;

  g_mkdir_with_parents (dir, 0755);
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  /* What the X server shows: the frame must be painted first. */
  kri_settle ();
  import = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "import", "-window", "root",
                             path, NULL);
  if (import == NULL || !g_subprocess_wait_check (import, NULL, &error))
    g_test_message ("screenshot %s: %s", name, error->message);
}
