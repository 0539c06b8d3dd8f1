/* bench-minimal-window.c — the limit for the kiosk's start: the least a
 * libadwaita application can do to show a window.
 *
 * It opens one empty AdwApplicationWindow of the kiosk's default size
 * (kiosk-window.ui: 1024 × 768), and after the window's first frame has
 * been painted prints "first-frame" and quits — exactly what keyvoice-kiosk
 * does with KEYVOICE_EXIT_AFTER_FIRST_FRAME=1 — so that bench-launch can
 * time both the same way.
 */
#include <adwaita.h>
#include <stdio.h>

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);

  /* Only the first frame counts; later ones could come before the quit. */
  g_signal_handlers_disconnect_by_func (clock, on_after_paint, user_data);
  printf ("first-frame\n");
  fflush (stdout);
  g_application_quit (app);
}

static void
on_activate (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));

  gtk_window_set_title (GTK_WINDOW (window), "Minimal");
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 768);
  gtk_window_present (GTK_WINDOW (window));

  /* Presenting a toplevel realizes it, so it has its frame clock now. */
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_after_paint), app);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = NULL;

  /* NON_UNIQUE, as the kiosk: no D-Bus name to own or wait for. */
  app = adw_application_new ("org.keyvoice.BenchMinimalWindow", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (on_activate), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
