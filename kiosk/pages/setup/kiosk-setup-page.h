/* kiosk-setup-page.h — a new tablet's first start: the service's address
 * and enrolment code, before any staff PIN can be chosen. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KIOSK_TYPE_SETUP_PAGE (kiosk_setup_page_get_type ())

G_DECLARE_FINAL_TYPE (KioskSetupPage, kiosk_setup_page, KIOSK, SETUP_PAGE, AdwBin)

/* @url: the address to offer (the aggregator-url setting), or NULL. */
GtkWidget   *kiosk_setup_page_new          (const char     *url);
const char  *kiosk_setup_page_get_url      (KioskSetupPage *self);
const char  *kiosk_setup_page_get_code     (KioskSetupPage *self);
/* Both typed: Next may be pressed ("notify::can-submit"). */
gboolean     kiosk_setup_page_can_submit   (KioskSetupPage *self);
void         kiosk_setup_page_set_message  (KioskSetupPage *self,
                                            const char     *message);
/* While enrolling, nothing can be changed. */
void         kiosk_setup_page_set_busy     (KioskSetupPage *self,
                                            gboolean        busy);

/* With @again, words the page for enrolling again from staff mode rather
 * than for a new tablet's first start (once, on a new page). */
void         kiosk_setup_page_set_again    (KioskSetupPage *self,
                                            gboolean        again);

G_END_DECLS
