/* kiosk-journey-rules.c — which page follows which.
 *
 * The order of the screens is one table, `rules`: for each page what Next
 * and Back do, when Next may be pressed, and how the bottom bar looks.
 * Also here: when a GAS review is offered at all.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "kiosk-journey-private.h"

/* Respondent wire names (docs/api.md) are what the buttons carry. */
static gboolean
parse_respondent (const char      *name,
                  KioskRespondent *respondent)
{
  return name != NULL && *name != '\0' && kiosk_respondent_from_string (name, respondent);
}

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

/* Next means "this is my answer": a question is left unanswered only with
 * Skip (or "I'd rather not say"), never by pressing Next without
 * noticing.  A comment box may simply be left blank. */
static gboolean
question_answered (KioskJourney *self)
{
  const KvItem *item = kiosk_session_get_step_item (self->session, &self->step);

  return kiosk_session_step_is_answered (self->session, &self->step)
         || (kv_item_get_item_type (item) == KV_ITEM_TEXT
             && kiosk_session_step_can_skip (self->session, &self->step));
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
  _kiosk_journey_show (self, KIOSK_PAGE_CODE);
  return KIOSK_NEXT_DONE;
}

static KioskNextAction
next_from_code (KioskJourney *self)
{
  g_autofree char *code = kv_child_code_normalize (self->entry);

  if (code == NULL)
    _kiosk_journey_notice (self, KIOSK_NOTICE_CODE_MALFORMED);
  else
    _kiosk_journey_look_up_code (self, code);
  return KIOSK_NEXT_DONE;
}

static KioskNextAction
next_from_forms (KioskJourney *self)
{
  KioskStep step;

  if (kiosk_session_get_n_forms (self->session) == 0)
    kiosk_journey_reset (self);
  else
    _kiosk_journey_go_to_step_or_review (self, kiosk_session_first_step (self->session, &step), &step);
  return KIOSK_NEXT_DONE;
}

/* The screen after the question on screen, in @step; FALSE when it is
 * the review.  Reached from the review, a question leads back there,
 * unless the change brought up something not seen yet in the same part:
 * a word of help after a worrying answer, or a question still
 * unanswered (as after "Answer them after all"). */
static gboolean
step_after_question (KioskJourney *self,
                     KioskStep    *step)
{
  gboolean found;

  *step = self->step;
  found = kiosk_session_next_step (self->session, step);
  if (self->from_review && found
      && (step->form != self->step.form
          || (kiosk_session_step_is_question (self->session, step)
              && kiosk_session_get_step_status (self->session, step) != KIOSK_STEP_NOT_ANSWERED)))
    found = FALSE;
  return found;
}

void
_kiosk_journey_leave_question (KioskJourney *self)
{
  KioskStep step;
  gboolean found = step_after_question (self, &step);

  _kiosk_journey_go_to_step_or_review (self, found, &step);
}

static KioskNextAction
next_from_question (KioskJourney *self)
{
  /* Only a blank comment gets here unanswered: it is left out. */
  if (!kiosk_session_step_is_answered (self->session, &self->step))
    kiosk_session_skip_step (self->session, &self->step);
  _kiosk_journey_leave_question (self);
  return KIOSK_NEXT_DONE;
}

static KioskNextAction
next_from_decline (KioskJourney *self)
{
  KioskStep step = self->step;
  gboolean found;

  kiosk_session_decline (self->session, self->step.form);
  found = !self->from_review && kiosk_session_next_step (self->session, &step);
  _kiosk_journey_go_to_step_or_review (self, found, &step);
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
next_from_setup (KioskJourney *self)
{
  return KIOSK_NEXT_ENROL;
}

static gboolean
setup_typed (KioskJourney *self)
{
  return self->entry_complete && self->enrolling == NULL;
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
  _kiosk_journey_show (self, KIOSK_PAGE_WELCOME);
}

static void
back_from_code (KioskJourney *self)
{
  _kiosk_journey_cancel_lookup (self);
  if (self->setting_goals)
    {
      g_clear_object (&self->session);
      self->setting_goals = FALSE;
      _kiosk_journey_show (self, KIOSK_PAGE_STAFF);
    }
  else
    _kiosk_journey_show (self, KIOSK_PAGE_RESPONDENT);
}

static void
back_from_forms (KioskJourney *self)
{
  _kiosk_journey_show (self, KIOSK_PAGE_CODE);
}

static void
back_from_question (KioskJourney *self)
{
  KioskStep step = self->step;

  /* Back goes where the family came from. */
  if (self->from_review)
    _kiosk_journey_show (self, KIOSK_PAGE_REVIEW);
  else if (kiosk_session_previous_step (self->session, &step))
    _kiosk_journey_show_question (self, &step);
  else if (self->setting_goals)
    _kiosk_journey_show (self, KIOSK_PAGE_CODE);
  else
    _kiosk_journey_show_forms (self, FALSE);
}

static void
back_from_review (KioskJourney *self)
{
  KioskStep step;

  if (kiosk_session_last_step (self->session, &step))
    _kiosk_journey_show_question (self, &step);
  else
    _kiosk_journey_show_forms (self, FALSE);
}

static void
back_from_decline (KioskJourney *self)
{
  /* Nothing was dropped: the question and its answers are as they were. */
  _kiosk_journey_show (self, KIOSK_PAGE_QUESTION);
}

static void
back_from_pin (KioskJourney *self)
{
  if (self->staff)
    _kiosk_journey_show (self, KIOSK_PAGE_STAFF);
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
  /* "Go back to the questions" on the left, where Back always is; "Yes,
   * I'd rather not" where Next always is. */
  [KIOSK_PAGE_DECLINE] = {
    next_from_decline, always, back_from_decline,
    TRUE, TRUE, KIOSK_BACK_LABEL_QUESTIONS, TRUE, KIOSK_NEXT_LABEL_DECLINE, "kiosk.next" },
  [KIOSK_PAGE_THANKS] = {
    next_from_thanks, always, NULL,
    TRUE, FALSE, KIOSK_BACK_LABEL_BACK, TRUE, KIOSK_NEXT_LABEL_FINISH, "kiosk.finish" },
  [KIOSK_PAGE_PIN] = {
    next_from_pin, pin_typed, back_from_pin,
    TRUE, TRUE, KIOSK_BACK_LABEL_CANCEL, TRUE, KIOSK_NEXT_LABEL_OK, "kiosk.next" },
  [KIOSK_PAGE_STAFF] = {
    NULL, NULL, kiosk_journey_reset,
    TRUE, TRUE, KIOSK_BACK_LABEL_CLOSE_STAFF, FALSE, KIOSK_NEXT_LABEL_NEXT, "kiosk.next" },
  [KIOSK_PAGE_SETUP] = {
    next_from_setup, setup_typed, _kiosk_journey_back_from_setup,
    TRUE, TRUE, KIOSK_BACK_LABEL_CANCEL, TRUE, KIOSK_NEXT_LABEL_NEXT, "kiosk.next" },
};

gboolean
_kiosk_journey_can_go_next (KioskJourney *self)
{
  const PageRules *here = &rules[self->page];

  /* Behind "Are you still there?" nothing moves on but that question. */
  return !self->still_there && here->can_next != NULL && here->can_next (self);
}

gboolean
_kiosk_journey_can_go_back (KioskJourney *self)
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
      chrome->part = self->step.form + 1;
      chrome->n_parts = kiosk_session_get_n_forms (self->session);
      chrome->question = kiosk_session_step_is_question (self->session, &self->step);
      kiosk_session_get_progress (self->session, &self->step, &chrome->position, &chrome->total);
    }

  chrome->bottom_bar = here->bottom_bar && !self->still_there;
  chrome->back_shown = here->back_shown;
  chrome->back_label = here->back_label;
  chrome->next_shown = here->next_shown;
  chrome->next_label = here->next_label;
  if (chrome->next_label == KIOSK_NEXT_LABEL_BEGIN && kiosk_session_get_n_forms (self->session) == 0)
    chrome->next_label = KIOSK_NEXT_LABEL_FINISH;
  /* "Done" only where Next goes back to the review. */
  if (question && self->from_review)
    {
      KioskStep after;

      if (!step_after_question (self, &after))
        chrome->next_label = KIOSK_NEXT_LABEL_DONE;
    }
  chrome->next_action = here->next_action;
  chrome->skip_label = KIOSK_SKIP_LABEL_QUESTION;
  if (question && self->step.goal >= 0)
    chrome->skip_label = KIOSK_SKIP_LABEL_GOAL;
  else if (question
           && kv_item_get_skip (kiosk_session_get_step_item (self->session, &self->step)) == KV_SKIP_PREFER_NOT_TO_SAY)
    chrome->skip_label = KIOSK_SKIP_LABEL_PREFER_NOT_TO_SAY;

  chrome->can_next = _kiosk_journey_can_go_next (self);
  chrome->can_back = _kiosk_journey_can_go_back (self);
  chrome->can_skip = question && kiosk_session_step_can_skip (self->session, &self->step);
  chrome->can_decline = question && kiosk_session_can_decline (self->session, self->step.form);
  chrome->can_send = self->page == KIOSK_PAGE_REVIEW;
  chrome->can_start = self->page == KIOSK_PAGE_WELCOME;
  chrome->can_no_code = self->page == KIOSK_PAGE_CODE && !self->setting_goals && self->lookup == NULL;
  chrome->can_still_here = self->still_there;
  chrome->can_staff = self->page == KIOSK_PAGE_STAFF;
}

KioskNextAction
kiosk_journey_next (KioskJourney *self)
{
  g_return_val_if_fail (KIOSK_IS_JOURNEY (self), KIOSK_NEXT_DONE);

  kiosk_journey_note_activity (self);
  if (!_kiosk_journey_can_go_next (self))
    return KIOSK_NEXT_DONE;
  return rules[self->page].next (self);
}

void
kiosk_journey_back (KioskJourney *self)
{
  g_return_if_fail (KIOSK_IS_JOURNEY (self));

  kiosk_journey_note_activity (self);
  if (_kiosk_journey_can_go_back (self))
    rules[self->page].back (self);
}

/* A review of goals set minutes ago asks a family how something went that
 * has not had time to happen, so a review waits until the goals have had
 * two weeks (docs/domain.md §1).  The aggregator says a review is due
 * whenever a goal set exists; this only holds back the first one. */
gboolean
_kiosk_journey_review_is_due (const char *set_at,
                              GDateTime  *today)
{
  g_autoptr(GDate) set = NULL;
  g_autoptr(GDate) now = NULL;
  int year, month, day;

  g_return_val_if_fail (today != NULL, TRUE);

  if (set_at == NULL || sscanf (set_at, "%4d-%2d-%2d", &year, &month, &day) != 3
      || strlen (set_at) != 10 || !g_date_valid_dmy (day, month, year))
    return TRUE;

  set = g_date_new_dmy (day, month, year);
  now = g_date_new_dmy (g_date_time_get_day_of_month (today),
                        g_date_time_get_month (today),
                        g_date_time_get_year (today));
  return g_date_days_between (set, now) >= KIOSK_GAS_REVIEW_FIRST_DAYS;
}
