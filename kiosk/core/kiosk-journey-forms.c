/* kiosk-journey-forms.c — what is due, looking a code up, and what Send
 * writes. */
#include "config.h"

#include "kiosk-error.h"
#include "kiosk-journey-private.h"
#include "kiosk-send.h"

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
void
_kiosk_journey_add_family_forms (KioskJourney *self)
{
  static const char * const without_child[] = { "experience", NULL };
  static const char * const unknown_due[] = { "family-qol", "experience", NULL };
  KioskChild *child = kiosk_session_get_child (self->session);
  const char * const *due;
  gboolean enrolled = kiosk_store_is_enrolled (self->store);
  g_autoptr(GDateTime) today = self->today != NULL ? g_date_time_ref (self->today)
                                                   : g_date_time_new_now_local ();

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

      /* Goals set today are not reviewed today (kiosk-journey-rules.c). */
      if (kv_form_get_kind (form) == KV_FORM_KIND_GAS_REVIEW && child != NULL
          && !_kiosk_journey_review_is_due (kiosk_child_get_goal_set_date (child), today))
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
  _kiosk_journey_notice (self, KIOSK_NOTICE_NONE);

  if (g_error_matches (error, KIOSK_ERROR, KIOSK_ERROR_UNKNOWN_CHILD))
    {
      _kiosk_journey_notice (self, KIOSK_NOTICE_CODE_UNKNOWN);
      _kiosk_journey_changed (self);
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
        _kiosk_journey_show_question (self, &step);
      else
        _kiosk_journey_notice (self, KIOSK_NOTICE_GOALS_FORM_MISSING);
      return;
    }

  _kiosk_journey_add_family_forms (self);
  _kiosk_journey_show_forms (self, child == NULL);
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

void
_kiosk_journey_look_up_code (KioskJourney *self,
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
  _kiosk_journey_notice (self, KIOSK_NOTICE_LOOKING_UP);
  _kiosk_journey_changed (self);
  kiosk_uploader_lookup_child_async (self->uploader, code, self->lookup,
                                     lookup_done_cb, lookup);
}
/* ---- Send ---------------------------------------------------------------- */

/* What each form's submission holds: the child's code (none without one),
 * who answered and how, the session's locale and easy-read choice, and
 * for a GAS review the version of the goal set it rates. */
gboolean
_kiosk_journey_send_session (KioskJourney  *self,
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

      /* A form the family left out question by question says nothing,
       * so nothing is sent; independent feedback left out entirely was
       * offered and not given, which the ledger calls declined. */
      if (!kiosk_session_is_declined (session, i) && !kiosk_session_has_answers (session, i)
          && kv_form_get_kind (form) != KV_FORM_KIND_EXPERIENCE)
        {
          kiosk_session_mark_sent (session, i);
          continue;
        }

      if (kiosk_session_is_declined (session, i) || !kiosk_session_has_answers (session, i))
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
