/* kiosk-application.c — keyvoice-kiosk as an application. */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "kiosk-application.h"
#include "kiosk-core.h"
#include "kiosk-language.h"
#include "kiosk-style.h"
#include "kiosk-window.h"

#define KIOSK_APP_ID "org.keyvoice.Kiosk"

struct _KioskApplication
{
  AdwApplication  parent_instance;

  char           *data_dir;
  gboolean        windowed;
  KioskStore     *store;
  KioskUploader  *uploader;
  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (KioskApplication, kiosk_application, ADW_TYPE_APPLICATION)

static char *
default_data_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "keyvoice", NULL);
}

/* --enrol and --sync are for provisioning, cron and tests: they are
 * answered here, before GTK is even started, and the process exits with
 * the status kiosk-headless.h describes. */
static int
kiosk_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  KioskApplication *self = KIOSK_APPLICATION (app);
  g_autofree char *data_dir = NULL;
  g_auto(GStrv) rest = NULL;
  gboolean enrol = FALSE, sync = FALSE;

  if (g_variant_dict_lookup (options, "data-dir", "^ay", &data_dir))
    self->data_dir = g_strdup (data_dir);
  else
    self->data_dir = default_data_dir ();
  g_variant_dict_lookup (options, "windowed", "b", &self->windowed);
  g_variant_dict_lookup (options, "enrol", "b", &enrol);
  g_variant_dict_lookup (options, "sync", "b", &sync);
  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^as", &rest);

  if (enrol && sync)
    {
      g_printerr ("%s\n", _("--enrol and --sync cannot be used together."));
      return KIOSK_EXIT_USAGE;
    }

  if (enrol)
    {
      if (rest == NULL || g_strv_length (rest) != 2)
        {
          g_printerr ("%s\n", _("Usage: keyvoice-kiosk [--data-dir DIR] --enrol URL CODE"));
          return KIOSK_EXIT_USAGE;
        }
      return kiosk_headless_enrol (self->data_dir, rest[0], rest[1]);
    }

  if (sync)
    {
      if (rest != NULL && rest[0] != NULL)
        {
          g_printerr ("%s\n", _("Usage: keyvoice-kiosk [--data-dir DIR] --sync"));
          return KIOSK_EXIT_USAGE;
        }
      return kiosk_headless_sync (self->data_dir);
    }

  if (rest != NULL && rest[0] != NULL)
    {
      g_printerr (_("Unexpected argument “%s”.\n"), rest[0]);
      return KIOSK_EXIT_USAGE;
    }

  return -1;
}

static void
kiosk_application_startup (GApplication *app)
{
  KioskApplication *self = KIOSK_APPLICATION (app);
  g_autoptr(GError) error = NULL;

  G_APPLICATION_CLASS (kiosk_application_parent_class)->startup (app);

  kiosk_style_init ();
  self->settings = g_settings_new (KIOSK_APP_ID);

  self->store = kiosk_store_open (self->data_dir, &error);
  if (self->store == NULL)
    {
      g_printerr (_("Cannot open the kiosk’s data in %s: %s\n"), self->data_dir, error->message);
      g_application_quit (app);
      return;
    }

  /* Before the uploader's threads exist (kiosk-language.h). */
  kiosk_language_apply (NULL);

  self->uploader = kiosk_uploader_new (self->store);
  kiosk_uploader_start (self->uploader);
}

/* KEYVOICE_EXIT_AFTER_FIRST_FRAME=1: once the window has painted its
 * first frame, print "first-frame" and quit.  This is how bench/ times the
 * kiosk's start against a minimal libadwaita window (docs/benchmarks.md);
 * the frame clock's after-paint is the moment the first frame is done. */
static void
on_first_frame (GdkFrameClock *clock,
                gpointer       user_data)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_frame, user_data);
  g_print ("first-frame\n");
  g_application_quit (G_APPLICATION (user_data));
}

static void
kiosk_application_activate (GApplication *app)
{
  KioskApplication *self = KIOSK_APPLICATION (app);
  GtkWindow *window;

  if (self->store == NULL)
    return;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    {
      window = GTK_WINDOW (kiosk_window_new (GTK_APPLICATION (app), self->store,
                                             self->uploader, self->settings));
      if (!self->windowed)
        gtk_window_fullscreen (window);
    }

  gtk_window_present (window);

  /* Presenting realizes the window, so it has its frame clock now. */
  if (g_strcmp0 (g_getenv ("KEYVOICE_EXIT_AFTER_FIRST_FRAME"), "1") == 0)
    g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                             G_CALLBACK (on_first_frame), app, 0);
}

static void
kiosk_application_shutdown (GApplication *app)
{
  KioskApplication *self = KIOSK_APPLICATION (app);

  if (self->uploader != NULL)
    kiosk_uploader_stop (self->uploader);

  G_APPLICATION_CLASS (kiosk_application_parent_class)->shutdown (app);
}

static void
kiosk_application_finalize (GObject *object)
{
  KioskApplication *self = KIOSK_APPLICATION (object);

  g_clear_object (&self->uploader);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_free (self->data_dir);

  G_OBJECT_CLASS (kiosk_application_parent_class)->finalize (object);
}

static void
kiosk_application_class_init (KioskApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = kiosk_application_finalize;
  app_class->handle_local_options = kiosk_application_handle_local_options;
  app_class->startup = kiosk_application_startup;
  app_class->activate = kiosk_application_activate;
  app_class->shutdown = kiosk_application_shutdown;
}

static void
kiosk_application_init (KioskApplication *self)
{
  static const GOptionEntry entries[] = {
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Keep the tablet’s data in DIR"), N_("DIR") },
    { "windowed", 'w', 0, G_OPTION_ARG_NONE, NULL,
      N_("Open in a window instead of full screen"), NULL },
    { "enrol", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Enrol this tablet to the aggregator at URL with enrolment CODE, then exit"), NULL },
    { "sync", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Send everything waiting in the outbox, then exit"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL, NULL, N_("[URL CODE]") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

KioskApplication *
kiosk_application_new (void)
{
  /* One kiosk per process, with no D-Bus activation: a tablet runs one,
   * and tests and --data-dir run several side by side. */
  return g_object_new (KIOSK_TYPE_APPLICATION,
                       "application-id", KIOSK_APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/org/keyvoice/Kiosk",
                       NULL);
}
