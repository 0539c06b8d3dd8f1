/* kiosk-window.c — the kiosk's one window.
 *
 * The window shows what the journey (kiosk-journey.h) decides: it builds
 * the page the journey asks for, words the header and the bottom bar from
 * the journey's chrome, and shows "Are you still there?" over the page.
 * Its actions (kiosk-window-actions.c) hand every press on to the
 * journey.  Pages are built afresh every time they are shown and
 * destroyed when left, so no text a family typed lingers in a hidden
 * widget, and a language chosen at Welcome applies to every page built
 * after it.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kiosk-code-page.h"
#include "kiosk-decline-page.h"
#include "kiosk-forms-page.h"
#include "kiosk-language.h"
#include "kiosk-pin-page.h"
#include "kiosk-question-page.h"
#include "kiosk-respondent-page.h"
#include "kiosk-review-page.h"
#include "kiosk-setup-page.h"
#include "kiosk-staff-page.h"
#include "kiosk-still-there-page.h"
#include "kiosk-thanks-page.h"
#include "kiosk-welcome-page.h"
#include "kiosk-window-private.h"

G_DEFINE_FINAL_TYPE (KioskWindow, kiosk_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_UPLOADER,
  PROP_SETTINGS,
  PROP_LANGUAGE,
  PROP_EASY_READ,
  PROP_RESPONDENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_chrome (KioskWindow *self);

/* ---- Pages ------------------------------------------------------------- */

void
_kiosk_window_focus_page (KioskWindow *self)
{
  /* Move the keyboard focus into the new page, so that a keyboard,
   * switch or screen-reader user starts at its first control rather than
   * on a button of the page that was just destroyed (a question page
   * starts at its heading, not at an answer), and show where it is to
   * someone using keys (GTK would hide the ring until the next key press);
   * after a touch the page stays calm, with no ring.  When
   * the focus was on the page just left, the stack has already moved it
   * into the new one; moving it again would step past the first control. */
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if ((focus == NULL || !gtk_widget_is_ancestor (focus, self->page))
      && !gtk_widget_child_focus (self->page, GTK_DIR_TAB_FORWARD))
    gtk_widget_grab_focus (self->next_button);
  gtk_window_set_focus_visible (GTK_WINDOW (self), self->keyboard_in_use);
}

/* Tells the journey what the page on screen holds that Next needs. */
void
_kiosk_window_sync_entry (KioskWindow *self)
{
  if (KIOSK_IS_CODE_PAGE (self->page))
    kiosk_journey_set_entry (self->journey,
                             kiosk_code_page_get_code (KIOSK_CODE_PAGE (self->page)),
                             kiosk_code_page_is_complete (KIOSK_CODE_PAGE (self->page)));
  else if (KIOSK_IS_PIN_PAGE (self->page))
    kiosk_journey_set_entry (self->journey, NULL,
                             kiosk_pin_page_can_submit (KIOSK_PIN_PAGE (self->page)));
  else if (KIOSK_IS_SETUP_PAGE (self->page))
    kiosk_journey_set_entry (self->journey, NULL,
                             kiosk_setup_page_can_submit (KIOSK_SETUP_PAGE (self->page)));
}

static GtkWidget *
scrolling (GtkWidget *page)
{
  GtkWidget *holder = gtk_scrolled_window_new ();

  /* Every page may scroll: with the system's large-text setting a
   * question may not fit, and nothing must be cut off. */
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (holder),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (holder), page);
  return holder;
}

/* Pages with an easy-read version have an "easy-read" property; the
 * window keeps it in step with the journey's choice, also on the page
 * already on screen when the choice changes (Welcome). */
static void
apply_easy_read (KioskWindow *self,
                 GtkWidget   *page)
{
  if (page != NULL && KIOSK_IS_SCREEN (page))
    kiosk_screen_set_easy_read (KIOSK_SCREEN (page), kiosk_journey_get_easy_read (self->journey));
}

static void
show_page (KioskWindow *self,
           GtkWidget   *page)
{
  GtkWidget *holder = scrolling (page);
  GtkWidget *old = self->page_holder;

  apply_easy_read (self, page);

  gtk_stack_add_child (GTK_STACK (self->stack), holder);
  if (self->still_there == NULL)
    gtk_stack_set_visible_child (GTK_STACK (self->stack), holder);

  self->page_holder = holder;
  self->page = page;

  if (old != NULL)
    gtk_stack_remove (GTK_STACK (self->stack), old);

  update_chrome (self);
  _kiosk_window_focus_page (self);
}

static void
page_changed_cb (KioskWindow *self)
{
  update_chrome (self);
}

static void
pin_done_cb (KioskWindow *self)
{
  kiosk_journey_staff_unlocked (self->journey);
}

static GtkWidget *
new_welcome_page (KioskWindow *self)
{
  g_auto(GStrv) languages = g_settings_get_strv (self->settings, "languages");

  return kiosk_welcome_page_new ((const char * const *) languages);
}

/* Builds the page the journey is on. */
static GtkWidget *
new_page (KioskWindow *self)
{
  KioskJourney *journey = self->journey;
  KioskSession *session = kiosk_journey_get_session (journey);
  GtkWidget *page = NULL;

  switch (kiosk_journey_get_page (journey))
    {
    case KIOSK_PAGE_WELCOME:
      page = new_welcome_page (self);
      break;
    case KIOSK_PAGE_RESPONDENT:
      page = kiosk_respondent_page_new ();
      break;
    case KIOSK_PAGE_CODE:
      page = kiosk_code_page_new (kiosk_journey_is_setting_goals (journey));
      if (session != NULL && kiosk_session_get_code (session) != NULL)
        kiosk_code_page_set_code (KIOSK_CODE_PAGE (page), kiosk_session_get_code (session));
      g_signal_connect_swapped (page, "notify::code", G_CALLBACK (page_changed_cb), self);
      break;
    case KIOSK_PAGE_FORMS:
      page = kiosk_forms_page_new (session,
                                   kiosk_journey_get_due_unknown (journey)
                                   ? _("We could not check what is due for you just now, so we will ask the usual questions.")
                                   : NULL);
      break;
    case KIOSK_PAGE_QUESTION:
      page = kiosk_question_page_new (session, kiosk_journey_get_step (journey));
      g_signal_connect_swapped (page, "changed", G_CALLBACK (page_changed_cb), self);
      break;
    case KIOSK_PAGE_REVIEW:
      page = kiosk_review_page_new (session);
      kiosk_screen_set_easy_read (KIOSK_SCREEN (page), kiosk_journey_get_easy_read (journey));
      break;
    case KIOSK_PAGE_DECLINE:
      page = kiosk_decline_page_new (session, kiosk_journey_get_step (journey)->form);
      kiosk_screen_set_easy_read (KIOSK_SCREEN (page), kiosk_journey_get_easy_read (journey));
      break;
    case KIOSK_PAGE_THANKS:
      page = kiosk_thanks_page_new ();
      if (kiosk_journey_get_goals_sent (journey))
        kiosk_thanks_page_set_keyworker (KIOSK_THANKS_PAGE (page));
      break;
    case KIOSK_PAGE_PIN:
      page = kiosk_pin_page_new (self->store, kiosk_journey_get_choose_pin (journey));
      g_signal_connect_swapped (page, "notify::can-submit", G_CALLBACK (page_changed_cb), self);
      g_signal_connect_swapped (page, "done", G_CALLBACK (pin_done_cb), self);
      break;
    case KIOSK_PAGE_STAFF:
      page = kiosk_staff_page_new (self->store, self->uploader, self->settings);
      break;
    case KIOSK_PAGE_SETUP:
      {
        g_autofree char *url = g_settings_get_string (self->settings, "aggregator-url");
        g_autoptr(KioskEnrolment) enrolment = NULL;

        /* Enrolling again: the address it is enrolled to, unless the
         * settings name another. */
        if (*url == '\0' && (enrolment = kiosk_store_get_enrolment (self->store, NULL)) != NULL)
          {
            g_free (url);
            url = g_strdup (kiosk_enrolment_get_aggregator_url (enrolment));
          }
        page = kiosk_setup_page_new (url);
        kiosk_setup_page_set_again (KIOSK_SETUP_PAGE (page),
                                    kiosk_journey_is_enrolling_again (journey));
        g_signal_connect_swapped (page, "notify::can-submit", G_CALLBACK (page_changed_cb), self);
      }
      break;
    default:
      g_assert_not_reached ();
    }

  return page;
}

static void
show_page_cb (KioskWindow *self)
{
  const KioskStep *back_from;

  show_page (self, new_page (self));

  /* Back on the review after changing a question: start at its row. */
  back_from = kiosk_journey_get_review_return (self->journey);
  if (back_from != NULL && KIOSK_IS_REVIEW_PAGE (self->page))
    kiosk_review_page_focus_step (KIOSK_REVIEW_PAGE (self->page), back_from);
}

static gboolean
rebuild_welcome_cb (gpointer data)
{
  KioskWindow *self = data;

  self->welcome_source = 0;
  if (kiosk_journey_get_page (self->journey) == KIOSK_PAGE_WELCOME)
    {
      show_page (self, new_welcome_page (self));
      kiosk_welcome_page_focus_language (KIOSK_WELCOME_PAGE (self->page),
                                         kiosk_journey_get_language (self->journey));
    }
  return G_SOURCE_REMOVE;
}

/* ---- What the journey says besides pages -------------------------------- */

static void
notice_cb (KioskWindow *self,
           KioskNotice  notice)
{
  if (KIOSK_IS_REVIEW_PAGE (self->page))
    {
      if (notice == KIOSK_NOTICE_SAVE_FAILED)
        kiosk_review_page_set_message (KIOSK_REVIEW_PAGE (self->page),
                                       _("Sorry, your answers could not be saved. Please press Send again, or tell a member of staff."));
      return;
    }

  /* The code page words its own notices, in easy read too. */
  if (KIOSK_IS_CODE_PAGE (self->page))
    {
      kiosk_code_page_show_notice (KIOSK_CODE_PAGE (self->page), notice);
      return;
    }

  if (KIOSK_IS_SETUP_PAGE (self->page))
    {
      g_autofree char *text = NULL;

      switch (notice)
        {
        case KIOSK_NOTICE_SETUP_INCOMPLETE:
          text = g_strdup (_("Type the service’s address and the enrolment code first."));
          break;
        case KIOSK_NOTICE_ENROLLING:
          text = g_strdup (_("Connecting to the service…"));
          break;
        case KIOSK_NOTICE_ENROL_FAILED:
          if (kiosk_journey_get_setup_error (self->journey) != NULL)
            /* TRANSLATORS: %s is the reason, written for staff */
            text = g_strdup_printf (_("This tablet could not be enrolled: %s"),
                                    kiosk_journey_get_setup_error (self->journey));
          else
            text = g_strdup (_("This tablet cannot reach a service to enrol with."));
          break;
        default:
          break;
        }
      kiosk_setup_page_set_message (KIOSK_SETUP_PAGE (self->page), text);
      kiosk_setup_page_set_busy (KIOSK_SETUP_PAGE (self->page),
                                 kiosk_journey_is_enrolling (self->journey));
    }
}

static void
still_there_cb (KioskWindow *self,
                gboolean     shown)
{
  if (shown && self->still_there == NULL)
    {
      self->still_there = kiosk_still_there_page_new ();
      apply_easy_read (self, self->still_there);
      self->still_there_holder = scrolling (self->still_there);
      gtk_stack_add_child (GTK_STACK (self->stack), self->still_there_holder);
      gtk_stack_set_visible_child (GTK_STACK (self->stack), self->still_there_holder);
      kiosk_still_there_page_set_seconds_left (KIOSK_STILL_THERE_PAGE (self->still_there),
                                               kiosk_journey_get_seconds_left (self->journey));
      update_chrome (self);
      gtk_widget_child_focus (self->still_there, GTK_DIR_TAB_FORWARD);
    }
  else if (!shown && self->still_there != NULL)
    {
      self->still_there = NULL;
      if (self->page_holder != NULL)
        gtk_stack_set_visible_child (GTK_STACK (self->stack), self->page_holder);
      gtk_stack_remove (GTK_STACK (self->stack), g_steal_pointer (&self->still_there_holder));
    }
}

static void
countdown_cb (KioskWindow *self,
              guint        seconds_left)
{
  if (self->still_there != NULL)
    kiosk_still_there_page_set_seconds_left (KIOSK_STILL_THERE_PAGE (self->still_there),
                                             seconds_left);
}

static void
wiped_cb (KioskWindow *self)
{
  g_clear_handle_id (&self->welcome_source, g_source_remove);
  kiosk_language_apply (NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESPONDENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EASY_READ]);
}

/* ---- The chrome: header and bottom bar -------------------------------- */

/* "Part 2 of 3 · Question 4 of 9": only questions count, and on an
 * information screen only the part is said (the bar stays where the last
 * question left it). */
static char *
progress_text (const KioskChrome *chrome)
{
  g_autofree char *part = NULL;
  g_autofree char *question = NULL;

  if (chrome->n_parts > 1)
    /* TRANSLATORS: which of today's forms this is, e.g. "Part 2 of 3" */
    part = g_strdup_printf (_("Part %u of %u"), chrome->part, chrome->n_parts);
  if (chrome->question)
    /* TRANSLATORS: progress through one form, e.g. "Question 3 of 7" */
    question = g_strdup_printf (_("Question %u of %u"), chrome->position, chrome->total);

  if (part != NULL && question != NULL)
    /* TRANSLATORS: "Part 2 of 3 · Question 4 of 9" */
    return g_strdup_printf (_("%s · %s"), part, question);
  if (part != NULL)
    return g_steal_pointer (&part);
  return question != NULL ? g_steal_pointer (&question) : g_strdup ("");
}

static void
update_header (KioskWindow       *self,
               const KioskChrome *chrome)
{
  KioskSession *session = kiosk_journey_get_session (self->journey);
  KvForm *form;
  g_autofree char *progress = NULL;

  if (!chrome->header)
    {
      gtk_widget_set_visible (self->header, FALSE);
      return;
    }

  form = kiosk_session_get_form (session, chrome->form);
  gtk_label_set_label (GTK_LABEL (self->form_title),
                       g_dgettext (GETTEXT_PACKAGE,
                                   kv_form_get_title (form, kiosk_session_get_easy_read (session))));
  progress = progress_text (chrome);
  gtk_label_set_label (GTK_LABEL (self->progress_label), progress);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress_bar),
                                 chrome->total > 0 ? (double) chrome->position / chrome->total : 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, progress,
                                  -1);
  gtk_widget_set_visible (self->header, TRUE);
}

/* The bottom bar's words, standard and easy read.  Staff's own words
 * (Cancel, Close staff mode, OK) have no easy-read variant. */
static const char *
back_label (KioskBackLabel label,
            gboolean       easy_read)
{
  switch (label)
    {
    case KIOSK_BACK_LABEL_CANCEL:
      return _("_Cancel");
    case KIOSK_BACK_LABEL_CLOSE_STAFF:
      return _("_Close staff mode");
    case KIOSK_BACK_LABEL_QUESTIONS:
      return easy_read ? C_("easy read", "_Go back") : _("_Go back to the questions");
    case KIOSK_BACK_LABEL_BACK:
    default:
      return _("_Back");
    }
}

static const char *
next_label (KioskNextLabel label,
            gboolean       easy_read)
{
  switch (label)
    {
    case KIOSK_NEXT_LABEL_BEGIN:
      return easy_read ? C_("easy read", "_Start") : _("_Begin");
    case KIOSK_NEXT_LABEL_FINISH:
      return _("_Finish");
    case KIOSK_NEXT_LABEL_SEND:
      return _("_Send");
    case KIOSK_NEXT_LABEL_OK:
      return _("_OK");
    case KIOSK_NEXT_LABEL_DONE:
      return _("_Done");
    case KIOSK_NEXT_LABEL_DECLINE:
      return easy_read ? C_("easy read", "_Yes, stop") : _("_Yes, I’d rather not");
    case KIOSK_NEXT_LABEL_NEXT:
    default:
      return _("_Next");
    }
}

static const char *
skip_label (KioskSkipLabel label,
            gboolean       easy_read)
{
  switch (label)
    {
    case KIOSK_SKIP_LABEL_GOAL:
      return easy_read ? C_("easy read", "_Skip this one") : _("_Skip this goal");
    case KIOSK_SKIP_LABEL_PREFER_NOT_TO_SAY:
      return easy_read ? C_("easy read", "I do_n’t want to say") : _("I’d rather _not say");
    case KIOSK_SKIP_LABEL_QUESTION:
    default:
      return easy_read ? C_("easy read", "_Skip this one") : _("_Skip this question");
    }
}

static void
update_chrome (KioskWindow *self)
{
  KioskChrome chrome;
  gboolean easy_read = kiosk_journey_get_easy_read (self->journey);

  _kiosk_window_sync_entry (self);
  kiosk_journey_get_chrome (self->journey, &chrome);

  update_header (self, &chrome);
  gtk_widget_set_visible (self->bottom_bar, chrome.bottom_bar);

  gtk_button_set_label (GTK_BUTTON (self->back_button), back_label (chrome.back_label, easy_read));
  gtk_widget_set_visible (self->back_button, chrome.back_shown);

  gtk_button_set_label (GTK_BUTTON (self->next_button), next_label (chrome.next_label, easy_read));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->next_button), chrome.next_action);
  gtk_widget_set_visible (self->next_button, chrome.next_shown);
  /* "Yes, I'd rather not" is a choice as good as going back, not the
   * way the kiosk would like the family to go. */
  if (chrome.next_label == KIOSK_NEXT_LABEL_DECLINE)
    gtk_widget_remove_css_class (self->next_button, "suggested-action");
  else
    gtk_widget_add_css_class (self->next_button, "suggested-action");

  gtk_button_set_label (GTK_BUTTON (self->skip_button), skip_label (chrome.skip_label, easy_read));
  gtk_widget_set_visible (self->skip_button, chrome.can_skip);
  gtk_button_set_label (GTK_BUTTON (self->decline_button),
                        easy_read ? C_("easy read", "I do not want to _answer these")
                                  : _("I’d _rather not answer these"));
  gtk_widget_set_visible (self->decline_button, chrome.can_decline);

  _kiosk_window_actions_update (self, &chrome);
}

/* ---- Input ------------------------------------------------------------- */

static gboolean
activity_cb (KioskWindow *self,
             GdkEvent    *event)
{
  switch (gdk_event_get_event_type (event))
    {
    case GDK_BUTTON_PRESS:
    case GDK_TOUCH_BEGIN:
      self->keyboard_in_use = FALSE;
      kiosk_journey_note_activity (self->journey);
      break;
    case GDK_KEY_PRESS:
      self->keyboard_in_use = TRUE;
      kiosk_journey_note_activity (self->journey);
      break;
    case GDK_BUTTON_RELEASE:
    case GDK_MOTION_NOTIFY:
    case GDK_TOUCH_UPDATE:
    case GDK_SCROLL:
      kiosk_journey_note_activity (self->journey);
      break;
    default:
      break;
    }

  /* Only watching: every event goes on to the widget it was meant for. */
  return GDK_EVENT_PROPAGATE;
}

static void
staff_press_cb (KioskWindow *self)
{
  kiosk_journey_press_staff_corner (self->journey);
}

static void
staff_release_cb (KioskWindow *self)
{
  kiosk_journey_release_staff_corner (self->journey);
}

/* A hold that slides off the corner is not a hold: it ends there, and
 * the gesture gives the press up so that it cannot start again until the
 * finger is lifted. */
static void
staff_move_cb (KioskWindow    *self,
               double          offset_x,
               double          offset_y,
               GtkGestureDrag *gesture)
{
  double x, y;

  if (!gtk_gesture_drag_get_start_point (gesture, &x, &y))
    return;
  if (!gtk_widget_contains (self->staff_corner, x + offset_x, y + offset_y))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      kiosk_journey_release_staff_corner (self->journey);
    }
}

/* ---- Properties -------------------------------------------------------- */

static void
set_language (KioskWindow *self,
              const char  *language)
{
  g_autofree char *first = NULL;

  if (!kiosk_journey_set_language (self->journey, language))
    return;

  first = kiosk_journey_dup_default_language (self->journey);
  language = kiosk_journey_get_language (self->journey);
  kiosk_language_apply (g_strcmp0 (first, language) == 0 ? NULL : language);

  /* The welcome page was built in the old language.  Rebuilding it from
   * inside the click on one of its own buttons is asking for trouble, so
   * it happens as soon as that click is over. */
  if (kiosk_journey_get_page (self->journey) == KIOSK_PAGE_WELCOME && self->welcome_source == 0)
    self->welcome_source = g_idle_add (rebuild_welcome_cb, self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}

static void
update_contrast (KioskWindow *self)
{
  gboolean high = g_settings_get_boolean (self->settings, "high-contrast")
                  || adw_style_manager_get_high_contrast (adw_style_manager_get_default ());

  if (high)
    gtk_widget_add_css_class (GTK_WIDGET (self), "kiosk-high-contrast");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "kiosk-high-contrast");
}

static void
kiosk_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KioskWindow *self = KIOSK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_UPLOADER:
      g_value_set_object (value, self->uploader);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_LANGUAGE:
      g_value_set_string (value, self->journey != NULL ? kiosk_journey_get_language (self->journey) : "");
      break;
    case PROP_EASY_READ:
      g_value_set_boolean (value, self->journey != NULL && kiosk_journey_get_easy_read (self->journey));
      break;
    case PROP_RESPONDENT:
      g_value_set_string (value, self->journey != NULL ? kiosk_journey_get_respondent (self->journey) : "");
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  KioskWindow *self = KIOSK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_UPLOADER:
      self->uploader = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_LANGUAGE:
      set_language (self, g_value_get_string (value));
      break;
    case PROP_EASY_READ:
      if (kiosk_journey_set_easy_read (self->journey, g_value_get_boolean (value)))
        {
          apply_easy_read (self, self->page);
          update_chrome (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_RESPONDENT:
      if (kiosk_journey_set_respondent (self->journey, g_value_get_string (value)))
        g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_window_constructed (GObject *object)
{
  KioskWindow *self = KIOSK_WINDOW (object);
  g_autoptr(KioskFormSource) forms = NULL;
  GtkEventController *watcher;

  G_OBJECT_CLASS (kiosk_window_parent_class)->constructed (object);

  g_assert (self->store != NULL);
  g_assert (self->settings != NULL);

  forms = kiosk_form_source_new_shipped (self->store);
  self->journey = kiosk_journey_new (self->store, self->uploader, self->settings, forms);
  g_signal_connect_swapped (self->journey, "show-page", G_CALLBACK (show_page_cb), self);
  g_signal_connect_swapped (self->journey, "changed", G_CALLBACK (update_chrome), self);
  g_signal_connect_swapped (self->journey, "notice", G_CALLBACK (notice_cb), self);
  g_signal_connect_swapped (self->journey, "still-there", G_CALLBACK (still_there_cb), self);
  g_signal_connect_swapped (self->journey, "countdown", G_CALLBACK (countdown_cb), self);
  g_signal_connect_swapped (self->journey, "wiped", G_CALLBACK (wiped_cb), self);

  /* Watch every input event before any widget sees it, only to know
   * someone is there. */
  watcher = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (watcher, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (watcher, "event", G_CALLBACK (activity_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), watcher);

  g_signal_connect_object (self->settings, "changed::high-contrast",
                           G_CALLBACK (update_contrast), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::high-contrast",
                           G_CALLBACK (update_contrast), self, G_CONNECT_SWAPPED);
  update_contrast (self);

  kiosk_window_reset (self);
}

static void
kiosk_window_dispose (GObject *object)
{
  KioskWindow *self = KIOSK_WINDOW (object);

  /* A look-up still running holds the journey; disposing it now cancels
   * the look-up and stops its timers, and nothing reaches this window
   * any more. */
  if (self->journey != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->journey, self);
      g_object_run_dispose (G_OBJECT (self->journey));
      g_clear_object (&self->journey);
    }
  g_clear_handle_id (&self->welcome_source, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), KIOSK_TYPE_WINDOW);

  G_OBJECT_CLASS (kiosk_window_parent_class)->dispose (object);
}

static void
kiosk_window_finalize (GObject *object)
{
  KioskWindow *self = KIOSK_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->uploader);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kiosk_window_parent_class)->finalize (object);
}

static void
kiosk_window_class_init (KioskWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kiosk_window_get_property;
  object_class->set_property = kiosk_window_set_property;
  object_class->constructed = kiosk_window_constructed;
  object_class->dispose = kiosk_window_dispose;
  object_class->finalize = kiosk_window_finalize;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KIOSK_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UPLOADER] =
    g_param_spec_object ("uploader", NULL, NULL, KIOSK_TYPE_UPLOADER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EASY_READ] =
    g_param_spec_boolean ("easy-read", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESPONDENT] =
    g_param_spec_string ("respondent", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/keyvoice/Kiosk/kiosk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, header);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, form_title);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, bottom_bar);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, skip_button);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, decline_button);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, next_button);
  gtk_widget_class_bind_template_child (widget_class, KioskWindow, staff_corner);
  gtk_widget_class_bind_template_callback (widget_class, staff_press_cb);
  gtk_widget_class_bind_template_callback (widget_class, staff_release_cb);
  gtk_widget_class_bind_template_callback (widget_class, staff_move_cb);

  _kiosk_window_class_actions_init (widget_class);
}

static void
kiosk_window_init (KioskWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

KioskWindow *
kiosk_window_new (GtkApplication *app,
                  KioskStore     *store,
                  KioskUploader  *uploader,
                  GSettings      *settings)
{
  g_return_val_if_fail (app == NULL || GTK_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (KIOSK_IS_STORE (store), NULL);
  g_return_val_if_fail (uploader == NULL || KIOSK_IS_UPLOADER (uploader), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (KIOSK_TYPE_WINDOW,
                       "application", app,
                       "store", store,
                       "uploader", uploader,
                       "settings", settings,
                       NULL);
}

GtkWidget *
kiosk_window_get_page (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);
  return self->still_there != NULL ? self->still_there : self->page;
}

KioskSession *
kiosk_window_get_session (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);
  return kiosk_journey_get_session (self->journey);
}

KioskJourney *
kiosk_window_get_journey (KioskWindow *self)
{
  g_return_val_if_fail (KIOSK_IS_WINDOW (self), NULL);
  return self->journey;
}

void
kiosk_window_reset (KioskWindow *self)
{
  g_return_if_fail (KIOSK_IS_WINDOW (self));
  kiosk_journey_reset (self->journey);
}
