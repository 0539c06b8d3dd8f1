/* kiosk-journey.c — the family's way through the kiosk, without a window.
 *
 * This file holds the journey's state, the buttons, the timers and the
 * wipe.  The order of the screens is one table in kiosk-journey-rules.c;
 * what is due, looking a code up and what Send writes are in
 * kiosk-journey-forms.c.
 */
#include "config.h"

#include <string.h>

#include "kiosk-journey-private.h"

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

void
_kiosk_journey_notice (KioskJourney *self,
                       KioskNotice   what)
{
  g_signal_emit (self, signals[SIGNAL_NOTICE], 0, what);
}

void
_kiosk_journey_changed (KioskJourney *self)
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
void
_kiosk_journey_show (KioskJourney *self,
                     KioskPage     page)
{
  self->page = page;
  /* A question reached from the review leads back there until the review
   * (or anything else) is shown again. */
  self->review_return = page == KIOSK_PAGE_REVIEW && self->from_review;
  if (page != KIOSK_PAGE_QUESTION && page != KIOSK_PAGE_DECLINE)
    self->from_review = FALSE;
  clear_entry (self);
  g_signal_emit (self, signals[SIGNAL_SHOW_PAGE], 0);
  arm_idle (self);
}

void
_kiosk_journey_show_question (KioskJourney    *self,
                              const KioskStep *step)
{
  self->step = *step;
  _kiosk_journey_show (self, KIOSK_PAGE_QUESTION);
}

void
_kiosk_journey_show_forms (KioskJourney *self,
                           gboolean      due_unknown)
{
  self->due_unknown = due_unknown;
  _kiosk_journey_show (self, KIOSK_PAGE_FORMS);
}

static void
show_pin (KioskJourney *self,
          gboolean      choose)
{
  self->choose_pin = choose;
  _kiosk_journey_show (self, KIOSK_PAGE_PIN);
}

void
_kiosk_journey_go_to_step_or_review (KioskJourney *self,
                                     gboolean      found,
                                     KioskStep    *step)
{
  if (found)
    _kiosk_journey_show_question (self, step);
  else
    _kiosk_journey_show (self, KIOSK_PAGE_REVIEW);
}

void
_kiosk_journey_cancel_lookup (KioskJourney *self)
{
  if (self->lookup != NULL)
    {
      g_cancellable_cancel (self->lookup);
      g_clear_object (&self->lookup);
    }
}

/* ---- Send ---------------------------------------------------------------- */

gboolean
kiosk_journey_send (KioskJourney  *self,
                    GError       **error)
{
  g_return_val_if_fail (KIOSK_IS_JOURNEY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  kiosk_journey_note_activity (self);
  if (self->page != KIOSK_PAGE_REVIEW)
    return TRUE;

  if (!_kiosk_journey_send_session (self, error))
    {
      _kiosk_journey_notice (self, KIOSK_NOTICE_SAVE_FAILED);
      return FALSE;
    }

  if (self->uploader != NULL)
    kiosk_uploader_sync_now (self->uploader);

  /* Sent: from here on the answers exist only in the store's outbox (and,
   * for independent feedback, only sealed).  The Thank-you screen keeps
   * the family's language; everything else goes now. */
  g_clear_object (&self->session);
  self->goals_sent = self->setting_goals;
  self->setting_goals = FALSE;
  self->staff = FALSE;
  _kiosk_journey_show (self, KIOSK_PAGE_THANKS);
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

  _kiosk_journey_cancel_lookup (self);
  _kiosk_journey_cancel_setup (self);
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
  _kiosk_journey_show (self, KIOSK_PAGE_WELCOME);
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
  _kiosk_journey_changed (self);
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
  _kiosk_journey_show (self, KIOSK_PAGE_RESPONDENT);
}

void
kiosk_journey_no_code (KioskJourney *self)
{
  g_return_if_fail (KIOSK_IS_JOURNEY (self));

  kiosk_journey_note_activity (self);
  if (self->page != KIOSK_PAGE_CODE || self->setting_goals)
    return;

  kiosk_session_set_child (self->session, NULL, NULL);
  _kiosk_journey_add_family_forms (self);
  _kiosk_journey_show_forms (self, FALSE);
}

void
kiosk_journey_skip (KioskJourney *self)
{
  g_return_if_fail (KIOSK_IS_JOURNEY (self));

  kiosk_journey_note_activity (self);
  if (self->page != KIOSK_PAGE_QUESTION || self->still_there
      || !kiosk_session_step_can_skip (self->session, &self->step))
    return;

  /* Skipping means no answer, even if one was chosen before; the review
   * says "Skipped" and leads back in one tap. */
  kiosk_session_skip_step (self->session, &self->step);
  _kiosk_journey_leave_question (self);
}

void
kiosk_journey_decline (KioskJourney *self)
{
  g_return_if_fail (KIOSK_IS_JOURNEY (self));

  kiosk_journey_note_activity (self);
  if (self->page != KIOSK_PAGE_QUESTION || self->still_there
      || !kiosk_session_can_decline (self->session, self->step.form))
    return;

  /* Declining drops every answer of the form and is noted against the
   * child for the month, so it is asked first; nothing changes until the
   * family says yes. */
  _kiosk_journey_show (self, KIOSK_PAGE_DECLINE);
}

void
kiosk_journey_go_to (KioskJourney    *self,
                     const KioskStep *step)
{
  g_return_if_fail (KIOSK_IS_JOURNEY (self));
  g_return_if_fail (step != NULL);

  kiosk_journey_note_activity (self);
  if (self->page != KIOSK_PAGE_REVIEW || self->still_there
      || !kiosk_session_step_is_shown (self->session, step)
      || !kiosk_session_step_is_question (self->session, step))
    return;

  self->from_review = TRUE;
  self->review_step = *step;
  _kiosk_journey_show_question (self, step);
}

void
kiosk_journey_undecline (KioskJourney *self,
                         guint         form)
{
  KioskStep step = { form, 0, -1 };

  g_return_if_fail (KIOSK_IS_JOURNEY (self));

  kiosk_journey_note_activity (self);
  if (self->page != KIOSK_PAGE_REVIEW || self->still_there
      || form >= kiosk_session_get_n_forms (self->session)
      || !kiosk_session_is_declined (self->session, form))
    return;

  kiosk_session_undecline (self->session, form);
  /* The form's first screen, which may be a word about privacy. */
  if (!kiosk_session_step_is_shown (self->session, &step)
      && (!kiosk_session_next_step (self->session, &step) || step.form != form))
    return;
  self->from_review = TRUE;
  self->review_step = step;
  _kiosk_journey_show_question (self, &step);
}

void
kiosk_journey_staff (KioskJourney *self)
{
  g_return_if_fail (KIOSK_IS_JOURNEY (self));

  if (self->page == KIOSK_PAGE_PIN || self->page == KIOSK_PAGE_STAFF
      || self->page == KIOSK_PAGE_SETUP)
    return;

  /* Staff mode never opens over a family's answers: whatever session was
   * on screen is cleared first.  A new tablet is set up first: nobody
   * chooses its PIN before it is enrolled with the service's code. */
  kiosk_journey_reset (self);
  if (_kiosk_journey_needs_setup (self))
    _kiosk_journey_show (self, KIOSK_PAGE_SETUP);
  else
    show_pin (self, FALSE);
}

void
kiosk_journey_staff_unlocked (KioskJourney *self)
{
  g_return_if_fail (KIOSK_IS_JOURNEY (self));

  if (self->page != KIOSK_PAGE_PIN)
    return;

  self->staff = TRUE;
  _kiosk_journey_show (self, KIOSK_PAGE_STAFF);
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
  _kiosk_journey_show (self, KIOSK_PAGE_CODE);
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
kiosk_journey_set_today (KioskJourney *self,
                         GDateTime    *today)
{
  g_return_if_fail (KIOSK_IS_JOURNEY (self));

  g_clear_pointer (&self->today, g_date_time_unref);
  if (today != NULL)
    self->today = g_date_time_ref (today);
}

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
  _kiosk_journey_changed (self);
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
kiosk_journey_get_goals_sent (KioskJourney *self)
{
  g_return_val_if_fail (KIOSK_IS_JOURNEY (self), FALSE);
  return self->page == KIOSK_PAGE_THANKS && self->goals_sent;
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

const KioskStep *
kiosk_journey_get_review_return (KioskJourney *self)
{
  g_return_val_if_fail (KIOSK_IS_JOURNEY (self), NULL);
  return self->page == KIOSK_PAGE_REVIEW && self->review_return ? &self->review_step : NULL;
}

gboolean
kiosk_journey_is_from_review (KioskJourney *self)
{
  g_return_val_if_fail (KIOSK_IS_JOURNEY (self), FALSE);
  return self->from_review;
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

  _kiosk_journey_cancel_lookup (self);
  _kiosk_journey_cancel_setup (self);
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
  g_clear_pointer (&self->today, g_date_time_unref);
  g_free (self->language);
  g_free (self->respondent);
  g_free (self->setup_url);

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
