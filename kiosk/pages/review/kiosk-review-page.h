/* kiosk-review-page.h — a short look back before Send. */
#pragma once

#include <adwaita.h>

#include "kiosk-session.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_REVIEW_PAGE (kiosk_review_page_get_type ())

G_DECLARE_FINAL_TYPE (KioskReviewPage, kiosk_review_page, KIOSK, REVIEW_PAGE, AdwBin)

GtkWidget  *kiosk_review_page_new          (KioskSession     *session);
/* Says what went wrong at Send; NULL hides it. */
void        kiosk_review_page_set_message  (KioskReviewPage  *self,
                                            const char       *message);

G_END_DECLS
