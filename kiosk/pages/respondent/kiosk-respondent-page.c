/* kiosk-respondent-page.c — "Who is answering today?"
 *
 * Four choices, each naming the window's stateful action kiosk.respondent
 * with the wire name of the respondent (docs/api.md), so the chosen one
 * shows as pressed and the window knows the answer.
 */
#include "config.h"

#include "kiosk-respondent-page.h"

struct _KioskRespondentPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (KioskRespondentPage, kiosk_respondent_page, ADW_TYPE_BIN)

static void
kiosk_respondent_page_class_init (KioskRespondentPageClass *klass)
{
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass),
                                               "/org/keyvoice/Kiosk/kiosk-respondent-page.ui");
}

static void
kiosk_respondent_page_init (KioskRespondentPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kiosk_respondent_page_new (void)
{
  return g_object_new (KIOSK_TYPE_RESPONDENT_PAGE, NULL);
}
