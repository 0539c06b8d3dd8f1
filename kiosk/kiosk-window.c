/* kiosk-window.c — the kiosk's one window and the family's journey.
 *
 * The window owns the session (kiosk-session.h) and the order of the
 * screens; each page only shows and collects.  Pages are built afresh
 * every time they are shown and destroyed when left, so no text a family
 * typed lingers in a hidden widget, and a language chosen at Welcome
 * applies to every page built after it.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kv-child-code.h"
#include "kiosk-code-page.h"
#include "kiosk-error.h"
#include "kiosk-forms-page.h"
#include "kiosk-language.h"
#include "kiosk-pin-page.h"
#include "kiosk-question-page.h"
#include "kiosk-respondent-page.h"
#include "kiosk-review-page.h"
#include "kiosk-send.h"
#include "kiosk-staff-page.h"
#include "kiosk-still-there-page.h"
#include "kiosk-thanks-page.h"
#include "kiosk-welcome-page.h"
#include "kiosk-window.h"

typedef enum
{
  PAGE_WELCOME,
  PAGE_RESPONDENT,
  PAGE_CODE,
  PAGE_FORMS,
  PAGE_QUESTION,
  PAGE_REVIEW,
  PAGE_THANKS,
  PAGE_PIN,
  PAGE_STAFF,
} PageKind;

struct _KioskWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template. */
  GtkWidget            *header;
  GtkWidget            *form_title;
  GtkWidget            *progress_label;
  GtkWidget            *progress_bar;
  GtkWidget            *stack;
  GtkWidget            *bottom_bar;
  GtkWidget            *back_button;
  GtkWidget            *skip_button;
  GtkWidget            *decline_button;
  GtkWidget            *next_button;
  GtkWidget            *staff_corner;

  KioskStore           *store;
  KioskUploader        *uploader;
  GSettings            *settings;

  /* Where we are. */
  PageKind              kind;
  GtkWidget            *page;
  GtkWidget            *page_holder;
  GtkWidget            *still_there;
  GtkWidget            *still_there_holder;
  KioskStep             step;

  /* What the family chose.  All of it goes at reset. */
  KioskSession         *session;
  char                 *language;
  gboolean              easy_read;
  char                 *respondent;
  gboolean              staff;
  gboolean              setting_goals;
  GCancellable         *lookup;

  /* Timers. */
  gint64                last_activity;
  guint                 idle_source;
  guint                 countdown_source;
  guint                 countdown_left;
  guint                 thanks_source;
  guint                 welcome_source;
  guint                 staff_hold_source;
};

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

static void show_welcome (KioskWindow *self);
static void update_chrome (KioskWindow *self);
static void arm_idle (KioskWindow *self);

/* ---- Small helpers ------------------------------------------------------ */

static char *
default_language (KioskWindow *self)
{
  g_auto(GStrv) languages = g_settings_get_strv (self->settings, "languages");

  return g_strdup (languages[0] != NULL ? languages[0] : "en");
}

static void
note_activity (KioskWindow *self)
{
  self->last_activity = g_get_monotonic_time ();
  arm_idle (self);
}

static gboolean
is_blank (KioskWindow *self)
{
  g_autofree char *language = NULL;

  if (self->kind != PAGE_WELCOME || self->session != NULL || self->still_there != NULL)
    return FALSE;

  language = default_language (self);
  return g_strcmp0 (language, self->language) == 0
         && self->easy_read == g_settings_get_boolean (self->settings, "easy-read-default");
}

static void
clear_source (guint *source)
{
  if (*source != 0)
    {
      g_source_remove (*source);
      *source = 0;
    }
}

/* Respondent wire names (docs/api.md) are what the buttons carry. */
static gboolean
parse_respondent (const char      *name,
                  KioskRespondent *respondent)
{
  return name != NULL && *name != '\0' && kiosk_respondent_from_string (name, respondent);
}

/* ---- Pages ------------------------------------------------------------- */

static void
focus_page (KioskWindow *self)
{
  /* Move the keyboard focus into the new page, so that a keyboard,
   * switch or screen-reader user starts at its first control rather than
   * on a button of the page that was just destroyed. */
  if (!gtk_widget_child_focus (self->page, GTK_DIR_TAB_FORWARD))
    gtk_widget_grab_focus (self->next_button);
}

static void
show_page (KioskWindow *self,
           PageKind     kind,
           GtkWidget   *page)
{
  GtkWidget *holder = gtk_scrolled_window_new ();
  GtkWidget *old = self->page_holder;

  /* Every page may scroll: with the system's large-text setting a
   * question may not fit, and nothing must be cut off. */
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (holder),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (holder), page);
  gtk_stack_add_child (GTK_STACK (self->stack), holder);
  if (self->still_there == NULL)
    gtk_stack_set_visible_child (GTK_STACK (self->stack), holder);

  self->page_holder = holder;
  self->page = page;
  self->kind = kind;

  if (old != NULL)
    gtk_stack_remove (GTK_STACK (self->stack), old);

  update_chrome (self);
  focus_page (self);
  arm_idle (self);
}

static void
page_changed_cb (KioskWindow *self)
{
  update_chrome (self);
}

static void
show_question (KioskWindow     *self,
               const KioskStep *step)
{
  GtkWidget *page;

  self->step = *step;
  page = kiosk_question_page_new (self->session, step);
  g_signal_connect_swapped (page, "changed", G_CALLBACK (page_changed_cb), self);
  show_page (self, PAGE_QUESTION, page);
}

static void
show_forms (KioskWindow *self,
            const char  *note)
{
  show_page (self, PAGE_FORMS, kiosk_forms_page_new (self->session, note));
}

static void
show_code (KioskWindow *self)
{
  GtkWidget *page = kiosk_code_page_new (self->setting_goals);

  if (self->session != NULL && kiosk_session_get_code (self->session) != NULL)
    kiosk_code_page_set_code (KIOSK_CODE_PAGE (page), kiosk_session_get_code (self->session));
  g_signal_connect_swapped (page, "notify::code", G_CALLBACK (page_changed_cb), self);
  show_page (self, PAGE_CODE, page);
}

static void
show_review (KioskWindow *self)
{
  show_page (self, PAGE_REVIEW, kiosk_review_page_new (self->session));
}

static void
show_staff (KioskWindow *self)
{
  show_page (self, PAGE_STAFF, kiosk_staff_page_new (self->store, self->uploader, self->settings));
}

static void
pin_done_cb (KioskWindow *self)
{
  self->staff = TRUE;
  show_staff (self);
}

static void
show_pin (KioskWindow *self,
          gboolean     choose)
{
  GtkWidget *page = kiosk_pin_page_new (self->store, choose);

  g_signal_connect_swapped (page, "notify::can-submit", G_CALLBACK (page_changed_cb), self);
  g_signal_connect_swapped (page, "done", G_CALLBACK (pin_done_cb), self);
  show_page (self, PAGE_PIN, page);
}

static void
show_welcome (KioskWindow *self)
{
  g_auto(GStrv) languages = g_settings_get_strv (self->settings, "languages");

  show_page (self, PAGE_WELCOME, kiosk_welcome_page_new ((const char * const *) languages));
}

static gboolean
rebuild_welcome_cb (gpointer data)
{
  KioskWindow *self = data;

  self->welcome_source = 0;
  if (self->kind == PAGE_WELCOME)
    {
      show_welcome (self);
      kiosk_welcome_page_focus_language (KIOSK_WELCOME_PAGE (self->page), self->language);
    }
  return G_SOURCE_REMOVE;
}

/* ---- The chrome: header and bottom bar -------------------------------- */

static void
set_next (KioskWindow *self,
          const char  *label,
          const char  *action)
{
  gtk_button_set_label (GTK_BUTTON (self->next_button), label);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->next_button), action);
}

static gboolean
can_go_next (KioskWindow *self)
{
  KioskRespondent respondent;

  /* Behind "Are you still there?" nothing moves on but that question. */
  if (self->still_there != NULL)
    return FALSE;

  switch (self->kind)
    {
    case PAGE_RESPONDENT:
      return parse_respondent (self->respondent, &respondent);
    case PAGE_CODE:
      return self->lookup == NULL && kiosk_code_page_is_complete (KIOSK_CODE_PAGE (self->page));
    case PAGE_QUESTION:
      return kiosk_session_step_is_answered (self->session, &self->step)
             || kiosk_session_step_can_skip (self->session, &self->step);
    case PAGE_PIN:
      return kiosk_pin_page_can_submit (KIOSK_PIN_PAGE (self->page));
    case PAGE_FORMS:
    case PAGE_REVIEW:
    case PAGE_THANKS:
      return TRUE;
    case PAGE_WELCOME:
    case PAGE_STAFF:
    default:
      return FALSE;
    }
}

static void
update_header (KioskWindow *self)
{
  KvForm *form;
  guint position, total;
  g_autofree char *progress = NULL;

  if (self->kind != PAGE_QUESTION || self->still_there != NULL)
    {
      gtk_widget_set_visible (self->header, FALSE);
      return;
    }

  form = kiosk_session_get_form (self->session, self->step.form);
  kiosk_session_get_progress (self->session, &self->step, &position, &total);

  gtk_label_set_label (GTK_LABEL (self->form_title),
                       g_dgettext (GETTEXT_PACKAGE,
                                   kv_form_get_title (form, kiosk_session_get_easy_read (self->session))));
  /* TRANSLATORS: progress through a form, e.g. "Question 3 of 7" */
  progress = g_strdup_printf (_("Question %u of %u"), position, total);
  gtk_label_set_label (GTK_LABEL (self->progress_label), progress);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress_bar),
                                 total > 0 ? (double) position / total : 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, progress,
                                  -1);
  gtk_widget_set_visible (self->header, TRUE);
}

static void
update_chrome (KioskWindow *self)
{
  gboolean question = self->kind == PAGE_QUESTION && self->still_there == NULL;

  update_header (self);

  gtk_widget_set_visible (self->bottom_bar,
                          self->still_there == NULL && self->kind != PAGE_WELCOME);

  switch (self->kind)
    {
    case PAGE_PIN:
      gtk_button_set_label (GTK_BUTTON (self->back_button), _("_Cancel"));
      break;
    case PAGE_STAFF:
      gtk_button_set_label (GTK_BUTTON (self->back_button), _("_Close staff mode"));
      break;
    default:
      gtk_button_set_label (GTK_BUTTON (self->back_button), _("_Back"));
      break;
    }
  gtk_widget_set_visible (self->back_button, self->kind != PAGE_THANKS);

  switch (self->kind)
    {
    case PAGE_FORMS:
      set_next (self, kiosk_session_get_n_forms (self->session) > 0 ? _("_Begin") : _("_Finish"),
                "kiosk.next");
      break;
    case PAGE_REVIEW:
      set_next (self, _("_Send"), "kiosk.send");
      break;
    case PAGE_THANKS:
      set_next (self, _("_Finish"), "kiosk.finish");
      break;
    case PAGE_PIN:
      set_next (self, _("_OK"), "kiosk.next");
      break;
    default:
      set_next (self, _("_Next"), "kiosk.next");
      break;
    }
  gtk_widget_set_visible (self->next_button, self->kind != PAGE_STAFF);

  gtk_button_set_label (GTK_BUTTON (self->skip_button),
                        question && self->step.goal >= 0 ? _("_Skip this goal") : _("_Skip this question"));
  gtk_widget_set_visible (self->skip_button,
                          question && kiosk_session_step_can_skip (self->session, &self->step));
  gtk_widget_set_visible (self->decline_button,
                          question && kiosk_session_can_decline (self->session, self->step.form));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "kiosk.next", can_go_next (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "kiosk.back",
                                 self->kind != PAGE_WELCOME && self->kind != PAGE_THANKS
                                 && self->lookup == NULL && self->still_there == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "kiosk.skip",
                                 question && kiosk_session_step_can_skip (self->session, &self->step));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "kiosk.decline",
                                 question && kiosk_session_can_decline (self->session, self->step.form));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "kiosk.send", self->kind == PAGE_REVIEW);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "kiosk.start", self->kind == PAGE_WELCOME);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "kiosk.no-code",
                                 self->kind == PAGE_CODE && !self->setting_goals && self->lookup == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "kiosk.still-here", self->still_there != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "kiosk.set-goals", self->kind == PAGE_STAFF);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "kiosk.change-pin", self->kind == PAGE_STAFF);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "kiosk.leave-fullscreen", self->kind == PAGE_STAFF);
}

/* ---- Forms ------------------------------------------------------------- */

/* A form from the tablet's cache (what the aggregator serves now), or the
 * copy shipped with the program when the tablet has never fetched one. */
static KvForm *
load_form (KioskWindow *self,
           const char  *form_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  const char *dir;
  KvForm *form;

  form = kiosk_store_load_form (self->store, form_id, 0, NULL);
  if (form != NULL)
    return form;

  dir = g_getenv ("KEYVOICE_FORMS_DIR");
  if (dir == NULL)
    dir = g_file_test (KV_FORMS_DIR, G_FILE_TEST_IS_DIR) ? KV_FORMS_DIR : KV_SOURCE_FORMS_DIR;

  file = g_strconcat (form_id, ".xml", NULL);
  path = g_build_filename (dir, file, NULL);
  form = kv_form_new_from_file (path, &error);
  if (form == NULL)
    g_warning ("Form “%s” is neither cached nor shipped: %s", form_id, error->message);
  return form;
}

/* What a family is offered: what the aggregator (or the cache) says is
 * due for the child, or with no code only the independent feedback.  A
 * code the kiosk could not look up still gets the forms that need no goal
 * set, rather than nothing. */
static void
add_family_forms (KioskWindow *self)
{
  static const char * const without_child[] = { "experience", NULL };
  static const char * const unknown_due[] = { "family-qol", "experience", NULL };
  KioskChild *child = kiosk_session_get_child (self->session);
  const char * const *due;
  gboolean enrolled = kiosk_store_is_enrolled (self->store);

  if (child != NULL)
    due = kiosk_child_get_due (child);
  else if (kiosk_session_get_code (self->session) != NULL)
    due = unknown_due;
  else
    due = without_child;

  kiosk_session_clear_forms (self->session);
  for (guint i = 0; due[i] != NULL; i++)
    {
      g_autoptr(KvForm) form = load_form (self, due[i]);

      if (form == NULL || !kiosk_session_form_suits (self->session, form))
        continue;

      /* Independent feedback is sealed to the aggregator's key, which a
       * tablet only has once enrolled; asking for answers that could not
       * be kept safely would waste the family's time. */
      if (kv_form_get_kind (form) == KV_FORM_KIND_EXPERIENCE && !enrolled)
        continue;

      kiosk_session_add_form (self->session, form);
    }
}

static void
child_found (KioskWindow *self,
             const char  *code,
             KioskChild  *child,
             GError      *error)
{
  KioskCodePage *page = KIOSK_CODE_PAGE (self->page);
  const char *note = NULL;

  kiosk_code_page_set_busy (page, FALSE);
  kiosk_code_page_set_message (page, NULL);

  if (g_error_matches (error, KIOSK_ERROR, KIOSK_ERROR_UNKNOWN_CHILD))
    {
      kiosk_code_page_set_message (page,
                                   self->setting_goals
                                   ? _("The service does not know this code. Please check it against the family’s card.")
                                   : _("We could not find this code. Please check it against your card. A member of staff can help, or you can choose “I don’t have a code”."));
      update_chrome (self);
      return;
    }

  kiosk_session_set_child (self->session, code, child);

  if (self->setting_goals)
    {
      g_autoptr(KvForm) form = load_form (self, "gas-goals");
      KioskStep step;

      kiosk_session_clear_forms (self->session);
      if (form != NULL && kiosk_session_add_form (self->session, form)
          && kiosk_session_first_step (self->session, &step))
        show_question (self, &step);
      else
        kiosk_code_page_set_message (page, _("The goal-setting form is missing from this tablet."));
      return;
    }

  if (child == NULL)
    note = _("We could not check what is due for you just now, so we will ask the usual questions.");

  add_family_forms (self);
  show_forms (self, note);
}

typedef struct
{
  KioskWindow *window;
  char        *code;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_object_unref (lookup->window);
  g_free (lookup->code);
  g_free (lookup);
}

static void
lookup_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Lookup *lookup = user_data;
  KioskWindow *self = lookup->window;
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskChild) child = NULL;

  child = kiosk_uploader_lookup_child_finish (KIOSK_UPLOADER (object), result, &error);

  /* Cancelled: the kiosk was cleared, or the family went back, while the
   * aggregator was thinking.  The answer belongs to nobody now. */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      && self->lookup != NULL && !g_cancellable_is_cancelled (self->lookup)
      && self->kind == PAGE_CODE)
    {
      g_clear_object (&self->lookup);
      child_found (self, lookup->code, child, error);
    }

  lookup_free (lookup);
}

static void
look_up_code (KioskWindow *self,
              const char  *code)
{
  if (self->uploader == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KioskChild) child = kiosk_store_lookup_child (self->store, code, &error);

      child_found (self, code, child, error);
      return;
    }

  {
    Lookup *lookup = g_new0 (Lookup, 1);

    lookup->window = g_object_ref (self);
    lookup->code = g_strdup (code);
    self->lookup = g_cancellable_new ();
    kiosk_code_page_set_busy (KIOSK_CODE_PAGE (self->page), TRUE);
    update_chrome (self);
    kiosk_uploader_lookup_child_async (self->uploader, code, self->lookup,
                                       lookup_done_cb, lookup);
  }
}

static void
cancel_lookup (KioskWindow *self)
{
  if (self->lookup != NULL)
    {
      g_cancellable_cancel (self->lookup);
      g_clear_object (&self->lookup);
    }
}

/* ---- Send -------------------------------------------------------------- */

static gboolean
send_session (KioskWindow  *self,
              GError      **error)
{
  KioskSession *session = self->session;
  const char *code = kiosk_session_get_code (session);
  KioskChild *child = kiosk_session_get_child (session);
  g_autofree char *locale = kiosk_session_dup_locale (session);

  for (guint i = 0; i < kiosk_session_get_n_forms (session); i++)
    {
      KvForm *form = kiosk_session_get_form (session, i);
      KioskSubmission *submission = kiosk_session_get_submission (session, i);
      g_autoptr(JsonNode) answers = NULL;
      KvGoalSet *goal_set = NULL;

      if (kiosk_session_is_sent (session, i))
        continue;

      if (kiosk_session_is_declined (session, i))
        {
          /* Without a code there is no child to note "declined" against. */
          if (code != NULL && !kiosk_store_add_declined_offer (self->store, code, NULL, error))
            return FALSE;
          kiosk_session_mark_sent (session, i);
          continue;
        }

      kiosk_submission_set_child (submission, code);
      kiosk_submission_set_respondent (submission, kiosk_session_get_respondent (session));
      kiosk_submission_set_mode (submission, kiosk_session_get_mode (session));
      kiosk_submission_set_locale (submission, locale);
      kiosk_submission_set_easy_read (submission, kiosk_session_get_easy_read (session));

      if (kv_form_find_item_of_type (form, KV_ITEM_GAS_RATING) != NULL && child != NULL)
        {
          goal_set = kiosk_child_get_goal_set (child);
          kiosk_submission_set_goal_set (submission, kiosk_child_get_goal_set_version (child));
        }

      answers = kiosk_session_dup_answers (session, i);
      if (!kiosk_send_submission (self->store, submission, form, answers, goal_set, error))
        return FALSE;
      kiosk_session_mark_sent (session, i);
    }

  return TRUE;
}

/* ---- Reset and the timers --------------------------------------------- */

static void
hide_still_there (KioskWindow *self)
{
  clear_source (&self->countdown_source);
  if (self->still_there != NULL)
    {
      self->still_there = NULL;
      if (self->page_holder != NULL)
        gtk_stack_set_visible_child (GTK_STACK (self->stack), self->page_holder);
      gtk_stack_remove (GTK_STACK (self->stack), g_steal_pointer (&self->still_there_holder));
    }
}

void
kiosk_window_reset (KioskWindow *self)
{
  g_return_if_fail (KIOSK_IS_WINDOW (self));

  cancel_lookup (self);
  clear_source (&self->thanks_source);
  clear_source (&self->idle_source);
  clear_source (&self->welcome_source);
  hide_still_there (self);

  /* Dropping the session drops every answer, the code and the goal set
   * with it (kiosk-session.c); nothing of it was ever written down. */
  g_clear_object (&self->session);
  self->staff = FALSE;
  self->setting_goals = FALSE;

  g_clear_pointer (&self->respondent, g_free);
  self->respondent = g_strdup ("");
  g_clear_pointer (&self->language, g_free);
  self->language = default_language (self);
  self->easy_read = g_settings_get_boolean (self->settings, "easy-read-default");
  kiosk_language_apply (NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESPONDENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EASY_READ]);

  show_welcome (self);
}

static gboolean
countdown_cb (gpointer data)
{
  KioskWindow *self = data;

  if (--self->countdown_left == 0)
    {
      self->countdown_source = 0;
      kiosk_window_reset (self);
      return G_SOURCE_REMOVE;
    }

  kiosk_still_there_page_set_seconds_left (KIOSK_STILL_THERE_PAGE (self->still_there),
                                           self->countdown_left);
  return G_SOURCE_CONTINUE;
}

static void
show_still_there (KioskWindow *self)
{
  GtkWidget *holder;

  if (self->still_there != NULL)
    return;

  self->still_there = kiosk_still_there_page_new ();
  self->still_there_holder = holder = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (holder),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (holder), self->still_there);
  gtk_stack_add_child (GTK_STACK (self->stack), holder);
  gtk_stack_set_visible_child (GTK_STACK (self->stack), holder);

  self->countdown_left = MAX (g_settings_get_uint (self->settings, "still-there-countdown"), 1);
  kiosk_still_there_page_set_seconds_left (KIOSK_STILL_THERE_PAGE (self->still_there),
                                           self->countdown_left);
  self->countdown_source = g_timeout_add (1000, countdown_cb, self);

  update_chrome (self);
  gtk_widget_child_focus (self->still_there, GTK_DIR_TAB_FORWARD);
}

static gboolean
idle_cb (gpointer data)
{
  KioskWindow *self = data;
  gint64 timeout = (gint64) g_settings_get_uint (self->settings, "idle-timeout") * G_USEC_PER_SEC;
  gint64 idle = g_get_monotonic_time () - self->last_activity;

  self->idle_source = 0;

  if (is_blank (self) || self->still_there != NULL)
    return G_SOURCE_REMOVE;

  /* Someone touched the screen since this timer was set: wait for what
   * is left of the timeout from their last touch. */
  if (idle < timeout)
    {
      self->idle_source = g_timeout_add (MAX ((timeout - idle) / 1000, 1), idle_cb, self);
      return G_SOURCE_REMOVE;
    }

  show_still_there (self);
  return G_SOURCE_REMOVE;
}

static void
arm_idle (KioskWindow *self)
{
  guint seconds;

  if (self->idle_source != 0 || self->still_there != NULL || is_blank (self))
    return;

  seconds = g_settings_get_uint (self->settings, "idle-timeout");
  self->idle_source = g_timeout_add_full (G_PRIORITY_DEFAULT, seconds * 1000, idle_cb, self, NULL);
}

static gboolean
activity_cb (KioskWindow *self,
             GdkEvent    *event)
{
  switch (gdk_event_get_event_type (event))
    {
    case GDK_BUTTON_PRESS:
    case GDK_BUTTON_RELEASE:
    case GDK_MOTION_NOTIFY:
    case GDK_KEY_PRESS:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCH_UPDATE:
    case GDK_SCROLL:
      self->last_activity = g_get_monotonic_time ();
      arm_idle (self);
      break;
    default:
      break;
    }

  /* Only watching: every event goes on to the widget it was meant for. */
  return GDK_EVENT_PROPAGATE;
}

static gboolean
thanks_timeout_cb (gpointer data)
{
  KioskWindow *self = data;

  self->thanks_source = 0;
  kiosk_window_reset (self);
  return G_SOURCE_REMOVE;
}

/* ---- Actions ----------------------------------------------------------- */

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);

  note_activity (self);
  if (self->kind != PAGE_WELCOME)
    return;

  g_clear_object (&self->session);
  self->session = kiosk_session_new (self->language, self->easy_read);
  show_page (self, PAGE_RESPONDENT, kiosk_respondent_page_new ());
}

static void
no_code_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);

  note_activity (self);
  if (self->kind != PAGE_CODE || self->setting_goals)
    return;

  kiosk_session_set_child (self->session, NULL, NULL);
  add_family_forms (self);
  show_forms (self, NULL);
}

static void
go_to_step_or_review (KioskWindow *self,
                      gboolean     found,
                      KioskStep   *step)
{
  if (found)
    show_question (self, step);
  else
    show_review (self);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);
  KioskRespondent respondent;
  KioskStep step;

  note_activity (self);
  if (!can_go_next (self))
    return;

  switch (self->kind)
    {
    case PAGE_RESPONDENT:
      if (!parse_respondent (self->respondent, &respondent))
        return;
      kiosk_session_set_respondent (self->session, respondent);
      kiosk_session_set_mode (self->session,
                              respondent == KIOSK_RESPONDENT_SOMEONE_HELPING ? KIOSK_MODE_ASSISTED
                                                                             : KIOSK_MODE_SELF);
      show_code (self);
      break;

    case PAGE_CODE:
      {
        g_autofree char *code = kv_child_code_normalize (kiosk_code_page_get_code (KIOSK_CODE_PAGE (self->page)));

        if (code == NULL)
          {
            kiosk_code_page_set_message (KIOSK_CODE_PAGE (self->page),
                                         _("That code does not look quite right. Please check each letter and number against the card and try again."));
            return;
          }
        look_up_code (self, code);
      }
      break;

    case PAGE_FORMS:
      if (kiosk_session_get_n_forms (self->session) == 0)
        kiosk_window_reset (self);
      else
        go_to_step_or_review (self, kiosk_session_first_step (self->session, &step), &step);
      break;

    case PAGE_QUESTION:
      step = self->step;
      go_to_step_or_review (self, kiosk_session_next_step (self->session, &step), &step);
      break;

    case PAGE_REVIEW:
      gtk_widget_activate_action (widget, "kiosk.send", NULL);
      break;

    case PAGE_PIN:
      kiosk_pin_page_submit (KIOSK_PIN_PAGE (self->page));
      break;

    case PAGE_THANKS:
      kiosk_window_reset (self);
      break;

    case PAGE_WELCOME:
    case PAGE_STAFF:
    default:
      break;
    }
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);
  KioskStep step;

  note_activity (self);

  switch (self->kind)
    {
    case PAGE_RESPONDENT:
      /* Back to Welcome keeps the language and easy-read choice the
       * family just made; the half-started session goes. */
      g_clear_object (&self->session);
      show_welcome (self);
      break;

    case PAGE_CODE:
      cancel_lookup (self);
      if (self->setting_goals)
        {
          g_clear_object (&self->session);
          self->setting_goals = FALSE;
          show_staff (self);
        }
      else
        show_page (self, PAGE_RESPONDENT, kiosk_respondent_page_new ());
      break;

    case PAGE_FORMS:
      show_code (self);
      break;

    case PAGE_QUESTION:
      step = self->step;
      if (kiosk_session_previous_step (self->session, &step))
        show_question (self, &step);
      else if (self->setting_goals)
        show_code (self);
      else
        show_forms (self, NULL);
      break;

    case PAGE_REVIEW:
      if (kiosk_session_last_step (self->session, &step))
        show_question (self, &step);
      else
        show_forms (self, NULL);
      break;

    case PAGE_PIN:
      if (self->staff)
        show_staff (self);
      else
        kiosk_window_reset (self);
      break;

    case PAGE_STAFF:
      kiosk_window_reset (self);
      break;

    case PAGE_WELCOME:
    case PAGE_THANKS:
    default:
      break;
    }
}

static void
skip_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);
  KioskStep step;

  note_activity (self);
  if (self->kind != PAGE_QUESTION || !kiosk_session_step_can_skip (self->session, &self->step))
    return;

  /* Skipping means no answer, even if one was chosen before. */
  kiosk_session_set_answer (self->session, &self->step, NULL);
  step = self->step;
  go_to_step_or_review (self, kiosk_session_next_step (self->session, &step), &step);
}

static void
decline_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);
  KioskStep step;

  note_activity (self);
  if (self->kind != PAGE_QUESTION || !kiosk_session_can_decline (self->session, self->step.form))
    return;

  kiosk_session_decline (self->session, self->step.form);
  step = self->step;
  go_to_step_or_review (self, kiosk_session_next_step (self->session, &step), &step);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  note_activity (self);
  if (self->kind != PAGE_REVIEW)
    return;

  if (!send_session (self, &error))
    {
      /* The store's messages never carry answers or codes (kiosk-error.h),
       * so the reason may go to the log for staff to find. */
      g_warning ("Could not save a session: %s", error->message);
      kiosk_review_page_set_message (KIOSK_REVIEW_PAGE (self->page),
                                     _("Sorry, your answers could not be saved. Please press Send again, or tell a member of staff."));
      return;
    }

  if (self->uploader != NULL)
    kiosk_uploader_sync_now (self->uploader);

  /* Sent: from here on the answers exist only in the store's outbox (and,
   * for independent feedback, only sealed).  The Thank-you screen keeps
   * the family's language; everything else goes now. */
  g_clear_object (&self->session);
  self->setting_goals = FALSE;
  self->staff = FALSE;
  show_page (self, PAGE_THANKS, kiosk_thanks_page_new ());
  self->thanks_source = g_timeout_add_seconds (g_settings_get_uint (self->settings, "thank-you-timeout"),
                                               thanks_timeout_cb, self);
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

  if (self->still_there == NULL)
    return;

  hide_still_there (self);
  note_activity (self);
  update_chrome (self);
  focus_page (self);
}

static void
staff_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);

  if (self->kind == PAGE_PIN || self->kind == PAGE_STAFF)
    return;

  /* Staff mode never opens over a family's answers: whatever session was
   * on screen is cleared first. */
  kiosk_window_reset (self);
  show_pin (self, FALSE);
}

/* Staff hold the top corner for a few seconds (staff-hold-seconds):
 * far longer than GTK's long press, so that a child resting a hand on
 * the corner does not open the PIN screen.  Letting go, or the press
 * being taken over by anything else, starts again from nothing. */
static gboolean
staff_hold_cb (gpointer data)
{
  KioskWindow *self = data;

  self->staff_hold_source = 0;
  gtk_widget_activate_action (GTK_WIDGET (self), "kiosk.staff", NULL);
  return G_SOURCE_REMOVE;
}

static void
staff_press_cb (KioskWindow *self)
{
  double seconds = g_settings_get_double (self->settings, "staff-hold-seconds");

  clear_source (&self->staff_hold_source);
  self->staff_hold_source = g_timeout_add ((guint) (seconds * 1000), staff_hold_cb, self);
}

static void
staff_release_cb (KioskWindow *self)
{
  clear_source (&self->staff_hold_source);
}

static void
set_goals_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);

  note_activity (self);
  if (self->kind != PAGE_STAFF)
    return;

  /* Goals are set by the keyworker with the family (docs/domain.md §1), in
   * the kiosk's own language: mode "assisted", respondent "keyworker". */
  g_clear_object (&self->session);
  self->session = kiosk_session_new (self->language, FALSE);
  kiosk_session_set_respondent (self->session, KIOSK_RESPONDENT_KEYWORKER);
  kiosk_session_set_mode (self->session, KIOSK_MODE_ASSISTED);
  self->setting_goals = TRUE;
  show_code (self);
}

static void
change_pin_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KioskWindow *self = KIOSK_WINDOW (widget);

  note_activity (self);
  if (self->kind == PAGE_STAFF)
    show_pin (self, TRUE);
}

static void
leave_fullscreen_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  note_activity (KIOSK_WINDOW (widget));
  gtk_window_unfullscreen (GTK_WINDOW (widget));
}

/* ---- Properties -------------------------------------------------------- */

static void
set_language (KioskWindow *self,
              const char  *language)
{
  g_autofree char *fallback = NULL;

  if (language == NULL || *language == '\0')
    language = fallback = default_language (self);
  if (g_strcmp0 (self->language, language) == 0)
    return;

  g_free (self->language);
  self->language = g_strdup (language);

  {
    g_autofree char *first = default_language (self);
    kiosk_language_apply (g_strcmp0 (first, language) == 0 ? NULL : language);
  }

  /* The welcome page was built in the old language.  Rebuilding it from
   * inside the click on one of its own buttons is asking for trouble, so
   * it happens as soon as that click is over. */
  if (self->kind == PAGE_WELCOME && self->welcome_source == 0)
    self->welcome_source = g_idle_add (rebuild_welcome_cb, self);

  note_activity (self);
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
      g_value_set_string (value, self->language != NULL ? self->language : "");
      break;
    case PROP_EASY_READ:
      g_value_set_boolean (value, self->easy_read);
      break;
    case PROP_RESPONDENT:
      g_value_set_string (value, self->respondent != NULL ? self->respondent : "");
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
      if (self->easy_read != g_value_get_boolean (value))
        {
          self->easy_read = g_value_get_boolean (value);
          if (self->session != NULL)
            kiosk_session_set_easy_read (self->session, self->easy_read);
          note_activity (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_RESPONDENT:
      if (g_strcmp0 (self->respondent, g_value_get_string (value)) != 0)
        {
          g_free (self->respondent);
          self->respondent = g_value_dup_string (value);
          note_activity (self);
          update_chrome (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_window_constructed (GObject *object)
{
  KioskWindow *self = KIOSK_WINDOW (object);
  GtkEventController *watcher;

  G_OBJECT_CLASS (kiosk_window_parent_class)->constructed (object);

  g_assert (self->store != NULL);
  g_assert (self->settings != NULL);

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

  cancel_lookup (self);
  clear_source (&self->idle_source);
  clear_source (&self->countdown_source);
  clear_source (&self->thanks_source);
  clear_source (&self->welcome_source);
  clear_source (&self->staff_hold_source);
  g_clear_object (&self->session);

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
  g_free (self->language);
  g_free (self->respondent);

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

  gtk_widget_class_install_action (widget_class, "kiosk.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "kiosk.no-code", NULL, no_code_action);
  gtk_widget_class_install_action (widget_class, "kiosk.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "kiosk.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "kiosk.skip", NULL, skip_action);
  gtk_widget_class_install_action (widget_class, "kiosk.decline", NULL, decline_action);
  gtk_widget_class_install_action (widget_class, "kiosk.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "kiosk.finish", NULL, finish_action);
  gtk_widget_class_install_action (widget_class, "kiosk.still-here", NULL, still_here_action);
  gtk_widget_class_install_action (widget_class, "kiosk.staff", NULL, staff_action);
  gtk_widget_class_install_action (widget_class, "kiosk.set-goals", NULL, set_goals_action);
  gtk_widget_class_install_action (widget_class, "kiosk.change-pin", NULL, change_pin_action);
  gtk_widget_class_install_action (widget_class, "kiosk.leave-fullscreen", NULL, leave_fullscreen_action);
  gtk_widget_class_install_property_action (widget_class, "kiosk.language", "language");
  gtk_widget_class_install_property_action (widget_class, "kiosk.easy-read", "easy-read");
  gtk_widget_class_install_property_action (widget_class, "kiosk.respondent", "respondent");
}

static void
kiosk_window_init (KioskWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->last_activity = g_get_monotonic_time ();
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
  return self->session;
}
