/* kiosk-application.h — keyvoice-kiosk as an application.
 *
 * Reads the command line (kiosk-application.c), runs --enrol and --sync
 * headless without ever opening a window, and otherwise opens the store,
 * starts the uploader and shows the kiosk window, full screen unless
 * --windowed.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_APPLICATION (kiosk_application_get_type ())

G_DECLARE_FINAL_TYPE (KioskApplication, kiosk_application, KIOSK, APPLICATION, AdwApplication)

KioskApplication  *kiosk_application_new  (void);

G_END_DECLS
