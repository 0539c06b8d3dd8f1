/* kiosk-journey.c — the family's way through the kiosk, without a window.
 *
 * The order of the screens is one table, `rules`: for each page what Next
 * and Back do, when Next may be pressed, and how the bottom bar looks.
 * Everything else here is what those steps need: what is due for a child,
 * looking a code up, Send, the timers and the wipe.
 */
#include "config.h"

#include <string.h>

#include "kv-child-code.h"
#include "kiosk-error.h"
#include "kiosk-journey.h"
#include "kiosk-timers.h"

struct _KioskJourney
{
  GObject          parent_instance;

  KioskStore      *store;
  KioskUploader   *uploader;
  GSettings       *settings;
  KioskFormSource *forms;
  KioskTimers     *timers;

  /* Where we are. */
  KioskPage        page;
  KioskStep        step;
  gboolean         choose_pin;
  gboolean         due_unknown;
  gboolean         still_there;
  guint            seconds_left;
  GCancellable    *lookup;
  /* What the page on screen holds (kiosk_journey_set_entry()). */
  char             entry[KV_CHILD_CODE_LENGTH + 1];
  gboolean         entry_complete;

  /* What the family chose.  All of it goes at reset. */
  KioskSession    *session;
  char            *language;
  gboolean         easy_read;
  char            *respondent;
  gboolean         staff;
  gboolean         setting_goals;
};

G_DEFINE_FINAL_TYPE (KioskJourney, kiosk_journey, G_TYPE_OBJECT)

enum {
  SIGNAL_SHOW_PAGE,
  SIGNAL_CHANGED,
  SIGNAL_NOTICE,
  SIGNAL_STILL_THERE,
  SIGNAL_COUNTDOWN,
  SIGNAL_WIPED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void arm_idle (KioskJourney *self);

/* ---- Small helpers ------------------------------------------------------ */

/* Respondent wire names (docs/api.md) are what the buttons carry. */
static gboolean
parse_respondent (const char      *name,
                  KioskRespondent *respondent)
{
  return name != NULL && *name != '\0' && kiosk_respondent_from_string (name, respondent);
}

static void
notice (KioskJourney *self,
        KioskNotice   what)
{
  g_signal_emit (self, signals[SIGNAL_NOTICE], 0, what);
}

static void
changed (KioskJourney *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
clear_entry (KioskJourney *self)
{
  /* The entry may be a child's code: leave nothing of it behind. */
  memset (self->entry, 0, sizeof self->entry);
  self->entry_complete = FALSE;
}

/* Every page change goes through here: the window builds the page, then
 * the idle timer starts if anyone is there to wait for. */
static void
show (KioskJourney *self,
      KioskPage     page)
{
  self->page = page;
  clear_entry (self);
  g_signal_emit (self, signals[SIGNAL_SHOW_PAGE], 0);
  arm_idle (self);
}

static void
show_question (KioskJourney    *self,
               const KioskStep *step)
{
  self->step = *step;
  show (self, KIOSK_PAGE_QUESTION);
}

static void
show_forms (KioskJourney *self,
            gboolean      due_unknown)
{
  self->due_unknown = due_unknown;
  show (self, KIOSK_PAGE_FORMS);
}

static void
show_pin (KioskJourney *self,
          gboolean      choose)
{
  self->choose_pin = choose;
  show (self, KIOSK_PAGE_PIN);
}

static void
go_to_step_or_review (KioskJourney *self,
                      gboolean      found,
                      KioskStep    *step)
{
  if (found)
    show_question (self, step);
  else
    show (self, KIOSK_PAGE_REVIEW);
}

static void
cancel_lookup (KioskJourney *self)
{
  if (self->lookup != NULL)
    {
      g_cancellable_cancel (self->lookup);
      g_clear_object (&self->lookup);
    }
}

/* ---- What is due ---------------------------------------------------------- */

static KvForm *
load_form (KioskJourney *self,
           const char   *form_id)
{
  g_autoptr(GError) error = NULL;
  KvForm *form = kiosk_form_source_load (self->forms, form_id, &error);

  /* A form id names no one, so the reason may go to the log for staff;
   * the family is offered the other forms. */
  if (form == NULL)
    g_warning ("Form “%s” is neither cached nor shipped: %s", form_id, error->message);
  return form;
}

/* What a family is offered: what the aggregator (or the cache) says is
 * due for the child, or with no code only the independent feedback.  A
 * code the kiosk could not look up still gets the forms that need no goal
 * set, rather than nothing. */
static void
add_family_forms (KioskJourney *self)
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

/* ---- Looking a code up -------------------------------------------------- */

static void
child_found (KioskJourney *self,
             const char   *code,
             KioskChild   *child,
             GError       *error)
{
  notice (self, KIOSK_NOTICE_NONE);

  if (g_error_matches (error, KIOSK_ERROR, KIOSK_ERROR_UNKNOWN_CHILD))
    {
      notice (self, KIOSK_NOTICE_CODE_UNKNOWN);
      changed (self);
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
        notice (self, KIOSK_NOTICE_GOALS_FORM_MISSING);
      return;
    }

  add_family_forms (self);
  show_forms (self, child == NULL);
}

typedef struct
{
  KioskJourney *journey;
  char         *code;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_object_unref (lookup->journey);
  g_free (lookup->code);
  g_free (lookup);
}

static void
lookup_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Lookup *lookup = user_data;
  KioskJourney *self = lookup->journey;
  g_autoptr(GError) error = NULL;
  g_autoptr(KioskChild) child = NULL;

  child = kiosk_uploader_lookup_child_finish (KIOSK_UPLOADER (object), result, &error);

  /* Cancelled: the kiosk was cleared, or the family went back, while the
   * aggregator was thinking.  The answer belongs to nobody now. */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      && self->lookup != NULL && !g_cancellable_is_cancelled (self->lookup)
      && self->page == KIOSK_PAGE_CODE)
    {
      g_clear_object (&self->lookup);
      child_found (self, lookup->code, child, error);
    }

  lookup_free (lookup);
}

static void
look_up_code (KioskJourney *self,
              const char   *code)
{
  Lookup *lookup;

  if (self->uploader == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KioskChild) child = kiosk_store_lookup_child (self->store, code, &error);

      child_found (self, code, child, error);
      return;
    }

  lookup = g_new0 (Lookup, 1);
  lookup->journey = g_object_ref (self);
  lookup->code = g_strdup (code);
  self->lookup = g_cancellable_new ();
  notice (self, KIOSK_NOTICE_LOOKING_UP);
  changed (self);
  kiosk_uploader_lookup_child_async (self->uploader, code, self->lookup,
                                     lookup_done_cb, lookup);
}

/* ---- The order of the screens ------------------------------------------- */

static gboolean
always (KioskJourney *self)
{
  return TRUE;
}

static gboolean
respondent_chosen (KioskJourney *self)
{
  KioskRespondent respondent;

  return parse_respondent (self->respondent, &respondent);
}

static gboolean
code_typed (KioskJourney *self)
{
  return self->lookup == NULL && self->entry_complete;
}

static gboolean
question_answered (KioskJourney *self)
{
  return kiosk_session_step_is_answered (self->session, &self->step)
         || kiosk_session_step_can_skip (self->session, &self->step);
}

static gboolean
pin_typed (KioskJourney *self)
{
  return self->entry_complete;
}

static KioskNextAction
next_from_respondent (KioskJourney *self)
{
  KioskRespondent respondent;

  if (!parse_respondent (self->respondent, &respondent))
    return KIOSK_NEXT_DONE;
  kiosk_session_set_respondent (self->session, respondent);
  kiosk_session_set_mode (self->session,
                          respondent == KIOSK_RESPONDENT_SOMEONE_HELPING ? KIOSK_MODE_ASSISTED
                                                                         : KIOSK_MODE_SELF);
  show (self, KIOSK_PAGE_CODE);
  return KIOSK_NEXT_DONE;
}

static KioskNextAction
next_from_code (KioskJourney *self)
{
  g_autofree char *code = kv_child_code_normalize (self->entry);

  if (code == NULL)
    notice (self, KIOSK_NOTICE_CODE_MALFORMED);
  else
    look_up_code (self, code);
  return KIOSK_NEXT_DONE;
}

static KioskNextAction
next_from_forms (KioskJourney *self)
{
  KioskStep step;

  if (kiosk_session_get_n_forms (self->session) == 0)
    kiosk_journey_reset (self);
  else
    go_to_step_or_review (self, kiosk_session_first_step (self->session, &step), &step);
  return KIOSK_NEXT_DONE;
}

static KioskNextAction
next_from_question (KioskJourney *self)
{
  KioskStep step = self->step;

  go_to_step_or_review (self, kiosk_session_next_step (self->session, &step), &step);
  return KIOSK_NEXT_DONE;
}

static KioskNextAction
next_from_review (KioskJourney *self)
{
  return KIOSK_NEXT_SEND;
}

static KioskNextAction
next_from_pin (KioskJourney *self)
{
  return KIOSK_NEXT_CHECK_PIN;
}

static KioskNextAction
next_from_thanks (KioskJourney *self)
{
  kiosk_journey_reset (self);
  return KIOSK_NEXT_DONE;
}

static void
back_from_respondent (KioskJourney *self)
{
  /* Back to Welcome keeps the language and easy-read choice the family
   * just made; the half-started session goes. */
  g_clear_object (&self->session);
  show (self, KIOSK_PAGE_WELCOME);
}

static void
back_from_code (KioskJourney *self)
{
  cancel_lookup (self);
  if (self->setting_goals)
    {
      g_clear_object (&self->session);
      self->setting_goals = FALSE;
      show (self, KIOSK_PAGE_STAFF);
    }
  else
    show (self, KIOSK_PAGE_RESPONDENT);
}

static void
back_from_forms (KioskJourney *self)
{
  show (self, KIOSK_PAGE_CODE);
}

static void
back_from_question (KioskJourney *self)
{
  KioskStep step = self->step;

  if (kiosk_session_previous_step (self->session, &step))
    show_question (self, &step);
  else if (self->setting_goals)
    show (self, KIOSK_PAGE_CODE);
  else
    show_forms (self, FALSE);
}

static void
back_from_review (KioskJourney *self)
{
  KioskStep step;

  if (kiosk_session_last_step (self->session, &step))
    show_question (self, &step);
  else
    show_forms (self, FALSE);
}

static void
back_from_pin (KioskJourney *self)
{
  if (self->staff)
    show (self, KIOSK_PAGE_STAFF);
  else
    kiosk_journey_reset (self);
}

typedef struct
{
  /* What Next does here, and whether it may be pressed (NULL: never). */
  KioskNextAction (*next)     (KioskJourney *self);
  gboolean        (*can_next) (KioskJourney *self);
  /* What Back does here (NULL: Back is disabled). */
  void            (*back)     (KioskJourney *self);

  gboolean          bottom_bar;
  gboolean          back_shown;
  KioskBackLabel    back_label;
  gboolean          next_shown;
  KioskNextLabel    next_label;
  const char       *next_action;
} PageRules;

/* Which page follows which.  Welcome leads on with kiosk.start, the code
 * page also with kiosk.no-code, the staff page with its own buttons. */
static const PageRules rules[] = {
  [KIOSK_PAGE_WELCOME] = {
    NULL, NULL, NULL,
    FALSE, TRUE, KIOSK_BACK_LABEL_BACK, TRUE, KIOSK_NEXT_LABEL_NEXT, "kiosk.next" },
  [KIOSK_PAGE_RESPONDENT] = {
    next_from_respondent, respondent_chosen, back_from_respondent,
    TRUE, TRUE, KIOSK_BACK_LABEL_BACK, TRUE, KIOSK_NEXT_LABEL_NEXT, "kiosk.next" },
  [KIOSK_PAGE_CODE] = {
    next_from_code, code_typed, back_from_code,
    TRUE, TRUE, KIOSK_BACK_LABEL_BACK, TRUE, KIOSK_NEXT_LABEL_NEXT, "kiosk.next" },
  /* "Begin", or "Finish" when nothing is due. */
  [KIOSK_PAGE_FORMS] = {
    next_from_forms, always, back_from_forms,
    TRUE, TRUE, KIOSK_BACK_LABEL_BACK, TRUE, KIOSK_NEXT_LABEL_BEGIN, "kiosk.next" },
  [KIOSK_PAGE_QUESTION] = {
    next_from_question, question_answered, back_from_question,
    TRUE, TRUE, KIOSK_BACK_LABEL_BACK, TRUE, KIOSK_NEXT_LABEL_NEXT, "kiosk.next" },
  [KIOSK_PAGE_REVIEW] = {
    next_from_review, always, back_from_review,
    TRUE, TRUE, KIOSK_BACK_LABEL_BACK, TRUE, KIOSK_NEXT_LABEL_SEND, "kiosk.send" },
  [KIOSK_PAGE_THANKS] = {
    next_from_thanks, always, NULL,
    TRUE, FALSE, KIOSK_BACK_LABEL_BACK, TRUE, KIOSK_NEXT_LABEL_FINISH, "kiosk.finish" },
  [KIOSK_PAGE_PIN] = {
    next_from_pin, pin_typed, back_from_pin,
    TRUE, TRUE, KIOSK_BACK_LABEL_CANCEL, TRUE, KIOSK_NEXT_LABEL_OK, "kiosk.next" },
  [KIOSK_PAGE_STAFF] = {
    NULL, NULL, kiosk_journey_reset,
    TRUE, TRUE, KIOSK_BACK_LABEL_CLOSE_STAFF, FALSE, KIOSK_NEXT_LABEL_NEXT, "kiosk.next" },
};

static gboolean
can_go_next (KioskJourney *self)
{
  const PageRules *here = &rules[self->page];

  /* Behind "Are you still there?" nothing moves on but that question. */
  return !self->still_there && here->can_next != NULL && here->can_next (self);
}

static gboolean
can_go_back (KioskJourney *self)
{
  return rules[self->page].back != NULL && self->lookup == NULL && !self->still_there;
}

void
kiosk_journey_get_chrome (KioskJourney *self,
                          KioskChrome  *chrome)
{
  const PageRules *here;
  gboolean question;

  g_return_if_fail (KIOSK_IS_JOURNEY (self));
  g_return_if_fail (chrome != NULL);

  here = &rules[self->page];
  question = self->page == KIOSK_PAGE_QUESTION && !self->still_there;
  memset (chrome, 0, sizeof *chrome);

  chrome->header = question;
  if (question)
    {
      chrome->form = self->step.form;
      kiosk_session_get_progress (self->session, &self->step, &chrome->position, &chrome->total);
    }

  chrome->bottom_bar = here->bottom_bar && !self->still_there;
  chrome->back_shown = here->back_shown;
  chrome->back_label = here->back_label;
  chrome->next_shown = here->next_shown;
  chrome->next_label = here->next_label;
  if (chrome->next_label == KIOSK_NEXT_LABEL_BEGIN && kiosk_session_get_n_forms (self->session) == 0)
    chrome->next_label = KIOSK_NEXT_LABEL_FINISH;
  chrome->next_action = here->next_action;
  chrome->skip_goal = question && self->step.goal >= 0;

  chrome->can_next = can_go_next (self);
  chrome->can_back = can_go_back (self);
  chrome->can_skip = question && kiosk_session_step_can_skip (self->session, &self->step);
  chrome->can_decline = question && kiosk_session_can_decline (self->session, self->step.form);
  chrome->can_send = self->page == KIOSK_PAGE_REVIEW;
  chrome->can_start = self->page == KIOSK_PAGE_WELCOME;
  chrome->can_no_code = self->page == KIOSK_PAGE_CODE && !self->setting_goals && self->lookup == NULL;
  chrome->can_still_here = self->still_there;
  chrome->can_staff = self->page == KIOSK_PAGE_STAFF;
}

/* ---- Send ---------------------------------------------------------------- */

/* What each form's submission holds: the child's code (none without one),
 * who answered and how, the session's locale and easy-read choice, and
 * for a GAS review the version of the goal set it rates. */
static gboolean
send_session (KioskJourney  *self,
              GError       **error)
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
      if (!kiosk_store_add_submission (self->store, submission, form, answers, goal_set, error))
        return FALSE;
      kiosk_session_mark_sent (session, i);
    }

  return TRUE;
}

gboolean
kiosk_journey_send (KioskJourney  *self,
                    GError       **error)
{
  g_return_val_if_fail (KIOSK_IS_JOURNEY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  kiosk_journey_note_activity (self);
  if (self->page != KIOSK_PAGE_REVIEW)
    return TRUE;

  if (!send_session (self, error))
    {
      notice (self, KIOSK_NOTICE_SAVE_FAILED);
      return FALSE;
    }

  if (self->uploader != NULL)
    kiosk_uploader_sync_now (self->uploader);

  /* Sent: from here on the answers exist only in the store's outbox (and,
   * for independent feedback, only sealed).  The Thank-you screen keeps
   * the family's language; everything else goes now. */
  g_clear_object (&self->session);
  self->setting_goals = FALSE;
  self->staff = FALSE;
  show (self, KIOSK_PAGE_THANKS);
  kiosk_timers_start_thanks (self->timers, g_settings_get_uint (self->settings, "thank-you-timeout"));
  return TRUE;
}

/* ---- Idle, "Are you still there?" and the wipe --------------------------- */

char *
kiosk_journey_dup_default_language (KioskJourney *self)
{
  g_auto(GStrv) languages = NULL;

  g_return_val_if_fail (KIOSK_IS_JOURNEY (self), NULL);

  languages = g_settings_get_strv (self->settings, "languages");
  return g_strdup (languages[0] != NULL ? languages[0] : "en");
}

gboolean
kiosk_journey_is_blank (KioskJourney *self)
{
  g_autofree char *language = NULL;

  g_return_val_if_fail (KIOSK_IS_JOURNEY (self), FALSE);

  if (self->page != KIOSK_PAGE_WELCOME || self->session != NULL || self->still_there)
    return FALSE;

  language = kiosk_journey_dup_default_language (self);
  return g_strcmp0 (language, self->language) == 0
         && self->easy_read == g_settings_get_boolean (self->settings, "easy-read-default");
}

static void
arm_idle (KioskJourney *self)
{
  if (self->still_there || kiosk_journey_is_blank (self))
    return;

  kiosk_timers_start_idle (self->timers, g_settings_get_uint (self->settings, "idle-timeout") * 1000);
}

static void
hide_still_there (KioskJourney *self)
{
  kiosk_timers_stop_countdown (self->timers);
  if (self->still_there)
    {
      self->still_there = FALSE;
      g_signal_emit (self, signals[SIGNAL_STILL_THERE], 0, FALSE);
    }
}

static void
idle_cb (KioskJourney *self)
{
  if (kiosk_journey_is_blank (self) || self->still_there)
    return;

  self->still_there = TRUE;
  self->seconds_left = MAX (g_settings_get_uint (self->settings, "still-there-countdown"), 1);
  kiosk_timers_start_countdown (self->timers, self->seconds_left, 1000);
  g_signal_emit (self, signals[SIGNAL_STILL_THERE], 0, TRUE);
}

static void
countdown_cb (KioskJourney *self,
              guint         left)
{
  self->seconds_left = left;
  if (left == 0)
    kiosk_journey_reset (self);
  else
    g_signal_emit (self, signals[SIGNAL_COUNTDOWN], 0, left);
}

void
kiosk_journey_reset (KioskJourney *self)
{
  g_return_if_fail (KIOSK_IS_JOURNEY (self));

  cancel_lookup (self);
  kiosk_timers_stop_thanks (self->timers);
  kiosk_timers_stop_idle (self->timers);
  hide_still_there (self);

  /* Dropping the session drops every answer, the code and the goal set
   * with it (kiosk-session.c); nothing of it was ever written down. */
  g_clear_object (&self->session);
  self->staff = FALSE;
  self->setting_goals = FALSE;

  g_free (self->respondent);
  self->respondent = g_strdup ("");
  g_free (self->language);
  self->language = kiosk_journey_dup_default_language (self);
  self->easy_read = g_settings_get_boolean (self->settings, "easy-read-default");

  g_signal_emit (self, signals[SIGNAL_WIPED], 0);
  show (self, KIOSK_PAGE_WELCOME);
}

void
kiosk_journey_note_activity (KioskJourney *self)
{
  g_return_if_fail (KIOSK_IS_JOURNEY (self));

  kiosk_timers_note_activity (self->timers);
  arm_idle (self);
}

gboolean
kiosk_journey_still_here (KioskJourney *self)
{
  g_return_val_if_fail (KIOSK_IS_JOURNEY (self), FALSE);

  if (!self->still_there)
    return FALSE;

  hide_still_there (self);
  kiosk_journey_note_activity (self);
  changed (self);
  return TRUE;
}

/* ---- The buttons ------------------------------------------------------- */

void
kiosk_journey_start (KioskJourney *self)
{
  g_return_if_fail (KIOSK_IS_JOURNEY (self));

  kiosk_journey_note_activity (self);
  if (self->page != KIOSK_PAGE_WELCOME)
    return;

  g_clear_object (&self->session);
  self->session = kiosk_session_new (self->language, self->easy_read);
  show (self, KIOSK_PAGE_RESPONDENT);
}

void
kiosk_journey_no_code (KioskJourney *self)
{
  g_return_if_fail (KIOSK_IS_JOURNEY (self));

  kiosk_journey_note_activity (self);
  if (self->page != KIOSK_PAGE_CODE || self->setting_goals)
    return;

  kiosk_session_set_child (self->session, NULL, NULL);
  add_family_forms (self);
  show_forms (self, FALSE);
}

KioskNextAction
kiosk_journey_next (KioskJourney *self)
{
  g_return_val_if_fail (KIOSK_IS_JOURNEY (self), KIOSK_NEXT_DONE);

  kiosk_journey_note_activity (self);
  if (!can_go_next (self))
    return KIOSK_NEXT_DONE;
  return rules[self->page].next (self);
}

void
kiosk_journey_back (KioskJourney *self)
{
  g_return_if_fail (KIOSK_IS_JOURNEY (self));

  kiosk_journey_note_activity (self);
  if (can_go_back (self))
    rules[self->page].back (self);
}

void
kiosk_journey_skip (KioskJourney *self)
{
  KioskStep step;

  g_return_if_fail (KIOSK_IS_JOURNEY (self));

  kiosk_journey_note_activity (self);
  if (self->page != KIOSK_PAGE_QUESTION || !kiosk_session_step_can_skip (self->session, &self->step))
    return;

  /* Skipping means no answer, even if one was chosen before. */
  kiosk_session_set_answer (self->session, &self->step, NULL);
  step = self->step;
  go_to_step_or_review (self, kiosk_session_next_step (self->session, &step), &step);
}

void
kiosk_journey_decline (KioskJourney *self)
{
  KioskStep step;

  g_return_if_fail (KIOSK_IS_JOURNEY (self));

  kiosk_journey_note_activity (self);
  if (self->page != KIOSK_PAGE_QUESTION || !kiosk_session_can_decline (self->session, self->step.form))
    return;

  kiosk_session_decline (self->session, self->step.form);
  step = self->step;
  go_to_step_or_review (self, kiosk_session_next_step (self->session, &step), &step);
}

void
kiosk_journey_staff (KioskJourney *self)
{
  g_return_if_fail (KIOSK_IS_JOURNEY (self));

  if (self->page == KIOSK_PAGE_PIN || self->page == KIOSK_PAGE_STAFF)
    return;

  /* Staff mode never opens over a family's answers: whatever session was
   * on screen is cleared first. */
  kiosk_journey_reset (self);
  show_pin (self, FALSE);
}

void
kiosk_journey_staff_unlocked (KioskJourney *self)
{
  g_return_if_fail (KIOSK_IS_JOURNEY (self));

  if (self->page != KIOSK_PAGE_PIN)
    return;

  self->staff = TRUE;
  show (self, KIOSK_PAGE_STAFF);
}

void
kiosk_journey_set_goals (KioskJourney *self)
{
  g_return_if_fail (KIOSK_IS_JOURNEY (self));

  kiosk_journey_note_activity (self);
  if (self->page != KIOSK_PAGE_STAFF)
    return;

  /* Goals are set by the keyworker with the family (docs/domain.md §1), in
   * the kiosk's own language: mode "assisted", respondent "keyworker". */
  g_clear_object (&self->session);
  self->session = kiosk_session_new (self->language, FALSE);
  kiosk_session_set_respondent (self->session, KIOSK_RESPONDENT_KEYWORKER);
  kiosk_session_set_mode (self->session, KIOSK_MODE_ASSISTED);
  self->setting_goals = TRUE;
  show (self, KIOSK_PAGE_CODE);
}

void
kiosk_journey_change_pin (KioskJourney *self)
{
  g_return_if_fail (KIOSK_IS_JOURNEY (self));

  kiosk_journey_note_activity (self);
  if (self->page == KIOSK_PAGE_STAFF)
    show_pin (self, TRUE);
}

/* Staff hold the top corner for a few seconds (staff-hold-seconds):
 * far longer than GTK's long press, so that a child resting a hand on
 * the corner does not open the PIN screen.  Letting go, or the press
 * being taken over by anything else, starts again from nothing. */
void
kiosk_journey_press_staff_corner (KioskJourney *self)
{
  double seconds;

  g_return_if_fail (KIOSK_IS_JOURNEY (self));

  seconds = g_settings_get_double (self->settings, "staff-hold-seconds");
  kiosk_timers_start_staff_hold (self->timers, (guint) (seconds * 1000));
}

void
kiosk_journey_release_staff_corner (KioskJourney *self)
{
  g_return_if_fail (KIOSK_IS_JOURNEY (self));
  kiosk_timers_stop_staff_hold (self->timers);
}

/* ---- Choices and state -------------------------------------------------- */

void
kiosk_journey_set_entry (KioskJourney *self,
                         const char   *text,
                         gboolean      complete)
{
  g_return_if_fail (KIOSK_IS_JOURNEY (self));

  clear_entry (self);
  if (text != NULL)
    g_strlcpy (self->entry, text, sizeof self->entry);
  self->entry_complete = complete;
}

const char *
kiosk_journey_get_language (KioskJourney *self)
{
  g_return_val_if_fail (KIOSK_IS_JOURNEY (self), NULL);
  return self->language;
}

gboolean
kiosk_journey_set_language (KioskJourney *self,
                            const char   *language)
{
  g_autofree char *fallback = NULL;

  g_return_val_if_fail (KIOSK_IS_JOURNEY (self), FALSE);

  if (language == NULL || *language == '\0')
    language = fallback = kiosk_journey_dup_default_language (self);
  if (g_strcmp0 (self->language, language) == 0)
    return FALSE;

  g_free (self->language);
  self->language = g_strdup (language);
  kiosk_journey_note_activity (self);
  return TRUE;
}

gboolean
kiosk_journey_get_easy_read (KioskJourney *self)
{
  g_return_val_if_fail (KIOSK_IS_JOURNEY (self), FALSE);
  return self->easy_read;
}

gboolean
kiosk_journey_set_easy_read (KioskJourney *self,
                             gboolean      easy_read)
{
  g_return_val_if_fail (KIOSK_IS_JOURNEY (self), FALSE);

  easy_read = !!easy_read;
  if (self->easy_read == easy_read)
    return FALSE;

  self->easy_read = easy_read;
  if (self->session != NULL)
    kiosk_session_set_easy_read (self->session, easy_read);
  kiosk_journey_note_activity (self);
  return TRUE;
}

const char *
kiosk_journey_get_respondent (KioskJourney *self)
{
  g_return_val_if_fail (KIOSK_IS_JOURNEY (self), NULL);
  return self->respondent != NULL ? self->respondent : "";
}

gboolean
kiosk_journey_set_respondent (KioskJourney *self,
                              const char   *respondent)
{
  g_return_val_if_fail (KIOSK_IS_JOURNEY (self), FALSE);

  if (g_strcmp0 (self->respondent, respondent) == 0)
    return FALSE;

  g_free (self->respondent);
  self->respondent = g_strdup (respondent);
  kiosk_journey_note_activity (self);
  changed (self);
  return TRUE;
}

KioskPage
kiosk_journey_get_page (KioskJourney *self)
{
  g_return_val_if_fail (KIOSK_IS_JOURNEY (self), KIOSK_PAGE_WELCOME);
  return self->page;
}

const KioskStep *
kiosk_journey_get_step (KioskJourney *self)
{
  g_return_val_if_fail (KIOSK_IS_JOURNEY (self), NULL);
  return &self->step;
}

KioskSession *
kiosk_journey_get_session (KioskJourney *self)
{
  g_return_val_if_fail (KIOSK_IS_JOURNEY (self), NULL);
  return self->session;
}

gboolean
kiosk_journey_is_setting_goals (KioskJourney *self)
{
  g_return_val_if_fail (KIOSK_IS_JOURNEY (self), FALSE);
  return self->setting_goals;
}

gboolean
kiosk_journey_get_choose_pin (KioskJourney *self)
{
  g_return_val_if_fail (KIOSK_IS_JOURNEY (self), FALSE);
  return self->choose_pin;
}

gboolean
kiosk_journey_get_due_unknown (KioskJourney *self)
{
  g_return_val_if_fail (KIOSK_IS_JOURNEY (self), FALSE);
  return self->due_unknown;
}

gboolean
kiosk_journey_is_looking_up (KioskJourney *self)
{
  g_return_val_if_fail (KIOSK_IS_JOURNEY (self), FALSE);
  return self->lookup != NULL;
}

gboolean
kiosk_journey_is_still_there (KioskJourney *self)
{
  g_return_val_if_fail (KIOSK_IS_JOURNEY (self), FALSE);
  return self->still_there;
}

guint
kiosk_journey_get_seconds_left (KioskJourney *self)
{
  g_return_val_if_fail (KIOSK_IS_JOURNEY (self), 0);
  return self->seconds_left;
}

/* ---- Object ------------------------------------------------------------ */

static void
kiosk_journey_dispose (GObject *object)
{
  KioskJourney *self = KIOSK_JOURNEY (object);

  cancel_lookup (self);
  if (self->timers != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->timers, self);
      kiosk_timers_stop_all (self->timers);
    }
  g_clear_object (&self->session);
  clear_entry (self);

  G_OBJECT_CLASS (kiosk_journey_parent_class)->dispose (object);
}

static void
kiosk_journey_finalize (GObject *object)
{
  KioskJourney *self = KIOSK_JOURNEY (object);

  g_clear_object (&self->timers);
  g_clear_object (&self->store);
  g_clear_object (&self->uploader);
  g_clear_object (&self->settings);
  g_clear_object (&self->forms);
  g_free (self->language);
  g_free (self->respondent);

  G_OBJECT_CLASS (kiosk_journey_parent_class)->finalize (object);
}

static void
kiosk_journey_class_init (KioskJourneyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GType type = G_TYPE_FROM_CLASS (klass);

  object_class->dispose = kiosk_journey_dispose;
  object_class->finalize = kiosk_journey_finalize;

  signals[SIGNAL_SHOW_PAGE] =
    g_signal_new ("show-page", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_NOTICE] =
    g_signal_new ("notice", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);
  signals[SIGNAL_STILL_THERE] =
    g_signal_new ("still-there", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  signals[SIGNAL_COUNTDOWN] =
    g_signal_new ("countdown", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[SIGNAL_WIPED] =
    g_signal_new ("wiped", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kiosk_journey_init (KioskJourney *self)
{
  self->page = KIOSK_PAGE_WELCOME;
  self->respondent = g_strdup ("");
  self->step.goal = -1;
}

KioskJourney *
kiosk_journey_new (KioskStore      *store,
                   KioskUploader   *uploader,
                   GSettings       *settings,
                   KioskFormSource *forms)
{
  KioskJourney *self;

  g_return_val_if_fail (KIOSK_IS_STORE (store), NULL);
  g_return_val_if_fail (uploader == NULL || KIOSK_IS_UPLOADER (uploader), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (KIOSK_IS_FORM_SOURCE (forms), NULL);

  self = g_object_new (KIOSK_TYPE_JOURNEY, NULL);
  self->store = g_object_ref (store);
  self->uploader = uploader != NULL ? g_object_ref (uploader) : NULL;
  self->settings = g_object_ref (settings);
  self->forms = g_object_ref (forms);
  self->language = kiosk_journey_dup_default_language (self);
  self->easy_read = g_settings_get_boolean (settings, "easy-read-default");

  self->timers = kiosk_timers_new ();
  g_signal_connect_swapped (self->timers, "idle", G_CALLBACK (idle_cb), self);
  g_signal_connect_swapped (self->timers, "countdown", G_CALLBACK (countdown_cb), self);
  g_signal_connect_swapped (self->timers, "thanks-over", G_CALLBACK (kiosk_journey_reset), self);
  g_signal_connect_swapped (self->timers, "staff-hold", G_CALLBACK (kiosk_journey_staff), self);
  return self;
}
