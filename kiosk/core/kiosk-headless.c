/* kiosk-headless.c — `keyvoice-kiosk --enrol URL CODE` and `--sync`.
 *
 * This is an edge of the program: it is where errors are printed.  It
 * prints counts and the kiosk's own error messages, which never carry a
 * child code, an answer or a token (kiosk-error.h).
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "kiosk-error.h"
#include "kiosk-headless.h"
#include "kiosk-uploader.h"

static KioskExitStatus
exit_status_for (const GError *error)
{
  if (error->domain != KIOSK_ERROR)
    return KIOSK_EXIT_UNREACHABLE;

  switch ((KioskError) error->code)
    {
    case KIOSK_ERROR_STORAGE:
      return KIOSK_EXIT_STORAGE;
    case KIOSK_ERROR_NOT_ENROLLED:
      return KIOSK_EXIT_NOT_ENROLLED;
    case KIOSK_ERROR_INVALID:
      return KIOSK_EXIT_USAGE;
    case KIOSK_ERROR_REFUSED:
      return KIOSK_EXIT_REFUSED;
    case KIOSK_ERROR_UNREACHABLE:
    case KIOSK_ERROR_TLS:
    case KIOSK_ERROR_BAD_REPLY:
    case KIOSK_ERROR_SEAL:
    case KIOSK_ERROR_UNKNOWN_CHILD:
    case KIOSK_ERROR_NOT_CACHED:
    default:
      return KIOSK_EXIT_UNREACHABLE;
    }
}

static KioskUploader *
make_uploader (KioskStore *store)
{
  KioskUploader *uploader = kiosk_uploader_new (store);
  const char *ca_file = g_getenv ("KEYVOICE_CA_FILE");

  if (ca_file != NULL && *ca_file != '\0')
    kiosk_uploader_set_ca_file (uploader, ca_file);
  return uploader;
}

int
kiosk_headless_enrol (const char *data_dir,
                      const char *url,
                      const char *code)
{
  g_autoptr(KioskStore) store = NULL;
  g_autoptr(KioskUploader) uploader = NULL;
  g_autoptr(GError) error = NULL;
  guint n_forms = 0;

  if (data_dir == NULL || url == NULL || code == NULL || *code == '\0')
    {
      g_printerr (_("Usage: keyvoice-kiosk --enrol URL CODE\n"));
      return KIOSK_EXIT_USAGE;
    }

  store = kiosk_store_open (data_dir, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return KIOSK_EXIT_STORAGE;
    }

  uploader = make_uploader (store);
  if (!kiosk_uploader_enrol (uploader, url, code, NULL, NULL, &error))
    {
      g_printerr (_("Enrolment failed: %s\n"), error->message);
      return exit_status_for (error);
    }

  if (!kiosk_uploader_refresh_forms (uploader, NULL, &n_forms, &error))
    {
      /* Enrolment stands; the forms come with the next sync. */
      g_printerr (_("Enrolled, but the forms could not be fetched yet: %s\n"), error->message);
      g_clear_error (&error);
    }

  g_print (g_dngettext (GETTEXT_PACKAGE,
                        "Enrolled; %u form fetched.\n",
                        "Enrolled; %u forms fetched.\n", n_forms),
           n_forms);
  return KIOSK_EXIT_OK;
}

int
kiosk_headless_sync (const char *data_dir)
{
  g_autoptr(KioskStore) store = NULL;
  g_autoptr(KioskUploader) uploader = NULL;
  g_autoptr(GError) error = NULL;
  KioskSyncReport report = { 0, };
  KioskExitStatus status;
  gboolean ok;

  if (data_dir == NULL)
    {
      g_printerr (_("Usage: keyvoice-kiosk --sync\n"));
      return KIOSK_EXIT_USAGE;
    }

  store = kiosk_store_open (data_dir, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return KIOSK_EXIT_STORAGE;
    }
  if (!kiosk_store_is_enrolled (store))
    {
      g_printerr (_("This tablet is not enrolled yet: run keyvoice-kiosk --enrol URL CODE first.\n"));
      return KIOSK_EXIT_NOT_ENROLLED;
    }

  uploader = make_uploader (store);
  ok = kiosk_uploader_sync (uploader, NULL, &report, &error);
  if (ok)
    {
      g_autoptr(GError) forms_error = NULL;

      status = report.needs_attention > 0 ? KIOSK_EXIT_NEEDS_ATTENTION : KIOSK_EXIT_OK;
      /* With nothing queued the delivery pass makes no request, so the
       * forms refresh is what shows whether the aggregator can be reached
       * and still accepts this tablet. */
      if (!kiosk_uploader_refresh_forms (uploader, NULL, NULL, &forms_error))
        {
          g_printerr (_("The forms could not be refreshed: %s\n"), forms_error->message);
          status = exit_status_for (forms_error);
        }
    }
  else
    {
      g_printerr ("%s\n", error->message);
      status = exit_status_for (error);
    }

  /* TRANSLATORS: a one-line summary of a sync; the numbers count
   * submissions and ledger entries. */
  g_print (_("Sync: %u delivered, %u need attention, %u waiting.\n"),
           report.delivered + report.offers_delivered, report.needs_attention, report.queued);
  return status;
}
