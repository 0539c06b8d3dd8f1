/* kiosk-respondent-page.h — "Who is answering today?" */
#pragma once

#include "kiosk-screen.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_RESPONDENT_PAGE (kiosk_respondent_page_get_type ())

G_DECLARE_FINAL_TYPE (KioskRespondentPage, kiosk_respondent_page, KIOSK, RESPONDENT_PAGE, KioskScreen)

GtkWidget  *kiosk_respondent_page_new  (void);

G_END_DECLS
