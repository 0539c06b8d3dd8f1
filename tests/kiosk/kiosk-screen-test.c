/* kiosk-screen-test.c — the screen, pointer and keyboard for the tests
 * that look at the kiosk as a person does (test-kiosk-typing.c,
 * test-kiosk-easy-read.c). */
#include "config.h"

#include <string.h>
#include <gdk/x11/gdkx.h>

#include "kiosk-gui-test.h"
#include "kiosk-screen-test.h"

gboolean
kst_can_use_real_input (void)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");

  if (xdotool == NULL)
    {
      g_test_skip ("xdotool is not installed");
      return FALSE;
    }
  if (!GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_test_skip ("not an X11 display");
      return FALSE;
    }
  return TRUE;
}

void
kst_xdotool (const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status;
  va_list args;

  g_ptr_array_add (argv, (char *) "xdotool");
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  /* Let GTK read and handle what the X server now has for it. */
  kgt_run (80);
}

static char *
xid_of (GtkWidget *widget)
{
  GdkSurface *surface = gtk_native_get_surface (gtk_widget_get_native (widget));

  return g_strdup_printf ("%lu", (unsigned long) gdk_x11_surface_get_xid (surface));
}

/* A click at the centre of @widget, which must be on screen. */
void
kst_click (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  g_autofree char *xid = xid_of (widget);
  g_autofree char *x = NULL, *y = NULL;
  graphene_point_t centre;
  double dx, dy;

  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native),
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.f,
                                                                 gtk_widget_get_height (widget) / 2.f),
                                           &centre));
  gtk_native_get_surface_transform (native, &dx, &dy);
  x = g_strdup_printf ("%d", (int) (centre.x + dx));
  y = g_strdup_printf ("%d", (int) (centre.y + dy));
  kst_xdotool ("mousemove", "--window", xid, x, y, "click", "1", NULL);
}

void
kst_give_keyboard (GtkWidget *window)
{
  g_autofree char *xid = xid_of (window);

  kst_xdotool ("windowfocus", xid, NULL);
}

/* With KIOSK_SCREENSHOT_DIR set, the window as it is now, as
 * @name-WIDTHxHEIGHT.png, for a person to look at. */
void
kst_shoot (GtkWidget  *window,
           const char *name)
{
  const char *dir = g_getenv ("KIOSK_SCREENSHOT_DIR");
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  kgt_run (100);
  file = g_strdup_printf ("%s-%dx%d.png", name,
                          gtk_widget_get_width (window),
                          gtk_widget_get_height (window));
  path = g_build_filename (dir, file, NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  kgt_save_png (window, path);
}

static gboolean
is_control (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) || GTK_IS_TEXT_VIEW (widget) || GTK_IS_EDITABLE (widget);
}

/* Fails when a visible control under @widget does not lie wholly inside
 * @viewport (the page's scrolled window: what shows without scrolling). */
guint
kst_assert_on_screen (GtkWidget *viewport,
                      GtkWidget *widget)
{
  guint n = 0;

  if (!gtk_widget_get_visible (widget))
    return 0;

  if (is_control (widget))
    {
      graphene_rect_t r;

      g_assert_true (gtk_widget_compute_bounds (widget, viewport, &r));
      if (r.origin.x < 0 || r.origin.y < 0
          || r.origin.x + r.size.width > gtk_widget_get_width (viewport) + 0.5
          || r.origin.y + r.size.height > gtk_widget_get_height (viewport) + 0.5)
        g_error ("%s “%s” at %.0f,%.0f %.0f×%.0f is outside the %d×%d page",
                 G_OBJECT_TYPE_NAME (widget),
                 GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL
                 ? gtk_button_get_label (GTK_BUTTON (widget)) : "",
                 r.origin.x, r.origin.y, r.size.width, r.size.height,
                 gtk_widget_get_width (viewport), gtk_widget_get_height (viewport));
      n++;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += kst_assert_on_screen (viewport, child);
  return n;
}

GtkWidget *
kst_viewport_of (GtkWidget *page)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (page, GTK_TYPE_SCROLLED_WINDOW);

  g_assert_nonnull (scrolled);
  return scrolled;
}

/* The page needs no more width than the window has: it does not widen
 * the window, whatever the rest of the window does. */
void
kst_assert_fits_width (GtkWidget *page,
                       int        width)
{
  int minimum;

  gtk_widget_measure (page, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, width - 20);
}

const KstSize kst_landscape = { 1280, 800 };
const KstSize kst_portrait = { 800, 1280 };
const KstSize kst_small = { 1024, 768 };

void
kst_setup_window (KgtFixture    *f,
                  const KstSize *size)
{
  kgt_setup (f, "{\"code\": \"%s\", \"age_band\": \"under-18\", \"dsr\": \"amber\","
                " \"goal_set\": null, \"due\": [\"experience\"]}");
  /* As on the tablet, full screen: no frame or shadow around the page. */
  gtk_window_set_decorated (GTK_WINDOW (f->window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (f->window), size->width, size->height);
  kgt_run (100);
}
