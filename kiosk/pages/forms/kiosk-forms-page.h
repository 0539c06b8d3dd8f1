/* kiosk-forms-page.h — what the family will be asked today. */
#pragma once

#include "kiosk-screen.h"

#include "kiosk-session.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_FORMS_PAGE (kiosk_forms_page_get_type ())

G_DECLARE_FINAL_TYPE (KioskFormsPage, kiosk_forms_page, KIOSK, FORMS_PAGE, KioskScreen)

/* Lists the session's forms by title, in the session's language and
 * easy-read choice.  @note, when not NULL, is shown under the list. */
GtkWidget  *kiosk_forms_page_new  (KioskSession *session,
                                   const char   *note);

G_END_DECLS
