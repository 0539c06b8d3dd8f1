/* kiosk-window-actions.c — the window's widget actions.
 *
 * Every button of the window names one of these, and tests drive the
 * window through them (kiosk-window.h lists them).  Each hands the press
 * on to the journey (kiosk-journey.h), which decides what it means; only
 * what needs a widget (the PIN page's own check, leaving full screen)
 * happens here.
 */
#include "config.h"

#include "kiosk-pin-page.h"
#include "kiosk-setup-page.h"
#include "kiosk-window-private.h"

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  kiosk_journey_start (KIOSK_WINDOW (widget)->journey);
}

static void
no_code_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  kiosk_journey_no_code (KIOSK_WINDOW (widget)->journey);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);

  _kiosk_window_sync_entry (self);
  switch (kiosk_journey_next (self->journey))
    {
    case KIOSK_NEXT_SEND:
      gtk_widget_activate_action (widget, "kiosk.send", NULL);
      break;
    case KIOSK_NEXT_CHECK_PIN:
      kiosk_pin_page_submit (KIOSK_PIN_PAGE (self->page));
      break;
    case KIOSK_NEXT_ENROL:
      kiosk_journey_enrol (self->journey,
                           kiosk_setup_page_get_url (KIOSK_SETUP_PAGE (self->page)),
                           kiosk_setup_page_get_code (KIOSK_SETUP_PAGE (self->page)));
      break;
    case KIOSK_NEXT_DONE:
    default:
      break;
    }
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  kiosk_journey_back (KIOSK_WINDOW (widget)->journey);
}

static void
skip_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  kiosk_journey_skip (KIOSK_WINDOW (widget)->journey);
}

static void
decline_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  kiosk_journey_decline (KIOSK_WINDOW (widget)->journey);
}

static void
go_to_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KioskStep step;

  g_variant_get (parameter, "(uui)", &step.form, &step.item, &step.goal);
  kiosk_journey_go_to (KIOSK_WINDOW (widget)->journey, &step);
}

static void
undecline_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  kiosk_journey_undecline (KIOSK_WINDOW (widget)->journey, g_variant_get_uint32 (parameter));
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_autoptr(GError) error = NULL;

  /* The store's messages never carry answers or codes (kiosk-error.h),
   * so the reason may go to the log for staff to find; the review page
   * says what to do ("notice"). */
  if (!kiosk_journey_send (KIOSK_WINDOW (widget)->journey, &error))
    g_warning ("Could not save a session: %s", error->message);
}

static void
finish_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  kiosk_window_reset (KIOSK_WINDOW (widget));
}

static void
still_here_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);

  if (kiosk_journey_still_here (self->journey))
    _kiosk_window_focus_page (self);
}

static void
staff_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  kiosk_journey_staff (KIOSK_WINDOW (widget)->journey);
}

static void
set_goals_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  kiosk_journey_set_goals (KIOSK_WINDOW (widget)->journey);
}

static void
change_pin_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  kiosk_journey_change_pin (KIOSK_WINDOW (widget)->journey);
}

static void
enrol_again_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  kiosk_journey_enrol_again (KIOSK_WINDOW (widget)->journey);
}

static void
leave_fullscreen_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  kiosk_journey_note_activity (KIOSK_WINDOW (widget)->journey);
  gtk_window_unfullscreen (GTK_WINDOW (widget));
}

/* The properties "language", "easy-read" and "respondent" must be
 * installed first: the stateful actions are made from them. */
void
_kiosk_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "kiosk.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "kiosk.no-code", NULL, no_code_action);
  gtk_widget_class_install_action (widget_class, "kiosk.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "kiosk.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "kiosk.skip", NULL, skip_action);
  gtk_widget_class_install_action (widget_class, "kiosk.decline", NULL, decline_action);
  gtk_widget_class_install_action (widget_class, "kiosk.go-to", "(uui)", go_to_action);
  gtk_widget_class_install_action (widget_class, "kiosk.undecline", "u", undecline_action);
  gtk_widget_class_install_action (widget_class, "kiosk.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "kiosk.finish", NULL, finish_action);
  gtk_widget_class_install_action (widget_class, "kiosk.still-here", NULL, still_here_action);
  gtk_widget_class_install_action (widget_class, "kiosk.staff", NULL, staff_action);
  gtk_widget_class_install_action (widget_class, "kiosk.set-goals", NULL, set_goals_action);
  gtk_widget_class_install_action (widget_class, "kiosk.change-pin", NULL, change_pin_action);
  gtk_widget_class_install_action (widget_class, "kiosk.enrol-again", NULL, enrol_again_action);
  gtk_widget_class_install_action (widget_class, "kiosk.leave-fullscreen", NULL, leave_fullscreen_action);
  gtk_widget_class_install_property_action (widget_class, "kiosk.language", "language");
  gtk_widget_class_install_property_action (widget_class, "kiosk.easy-read", "easy-read");
  gtk_widget_class_install_property_action (widget_class, "kiosk.respondent", "respondent");
}

/* Which actions may be pressed now, as the journey says. */
void
_kiosk_window_actions_update (KioskWindow       *self,
                              const KioskChrome *chrome)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "kiosk.next", chrome->can_next);
  gtk_widget_action_set_enabled (widget, "kiosk.back", chrome->can_back);
  gtk_widget_action_set_enabled (widget, "kiosk.skip", chrome->can_skip);
  gtk_widget_action_set_enabled (widget, "kiosk.decline", chrome->can_decline);
  gtk_widget_action_set_enabled (widget, "kiosk.send", chrome->can_send);
  gtk_widget_action_set_enabled (widget, "kiosk.go-to", chrome->can_send);
  gtk_widget_action_set_enabled (widget, "kiosk.undecline", chrome->can_send);
  gtk_widget_action_set_enabled (widget, "kiosk.start", chrome->can_start);
  gtk_widget_action_set_enabled (widget, "kiosk.no-code", chrome->can_no_code);
  gtk_widget_action_set_enabled (widget, "kiosk.still-here", chrome->can_still_here);
  gtk_widget_action_set_enabled (widget, "kiosk.set-goals", chrome->can_staff);
  gtk_widget_action_set_enabled (widget, "kiosk.change-pin", chrome->can_staff);
  gtk_widget_action_set_enabled (widget, "kiosk.enrol-again", chrome->can_staff);
  gtk_widget_action_set_enabled (widget, "kiosk.leave-fullscreen", chrome->can_staff);
}
