/* kiosk-send.c — Send: check, stamp, seal, queue (kiosk-send.h). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "kv-answers.h"
#include "kiosk-error.h"
#include "kiosk-json-writer.h"
#include "kiosk-seal.h"
#include "kiosk-send.h"

/* started_at and completed_at as sent: the tablet's own time with its UTC
 * offset (docs/api.md allows "±hh:mm").  The aggregator dates a submission
 * by the date part, which must be the day the family saw on the tablet:
 * 00:30 on 1 July in England is in July (and in the next quarter), though
 * it is still 30 June in UTC. */
static char *
format_local_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
}

/* sealed_version 2 (docs/api.md): the box holds the answers and every
 * member that could date the visit, name the child or describe the
 * family; only id, form, form version and the month stay in clear.
 * Written with the store's JSON writer straight into one buffer, which
 * the caller wipes once it is sealed. */
static GString *
sealed_contents (KioskSubmission *submission,
                 const char      *answers,
                 const char      *child,
                 guint            goal_set,
                 const char      *started_at,
                 const char      *completed_at)
{
  GString *out = g_string_sized_new (256 + strlen (answers));

  g_string_append_c (out, '{');
  if (child != NULL)
    kiosk_json_add_string_member (out, "child", child);
  if (goal_set > 0)
    kiosk_json_add_int_member (out, "goal_set", goal_set);
  kiosk_json_add_string_member (out, "respondent", kiosk_respondent_to_string (
                                  kiosk_submission_get_respondent (submission)));
  kiosk_json_add_string_member (out, "mode", kiosk_mode_to_string (
                                  kiosk_submission_get_mode (submission)));
  kiosk_json_add_string_member (out, "locale", kiosk_submission_get_locale (submission));
  kiosk_json_add_boolean_member (out, "easy_read", kiosk_submission_get_easy_read (submission));
  kiosk_json_add_string_member (out, "started_at", started_at);
  kiosk_json_add_string_member (out, "completed_at", completed_at);
  kiosk_json_add_raw_member (out, "answers", answers, strlen (answers));
  g_string_append_c (out, '}');
  return out;
}

/* Seals @text to @store's enrolment and wipes it: the clear text must not
 * outlive sealing, even in freed memory. */
static GBytes *
seal_and_wipe (KioskStore  *store,
               GString     *text,
               GError     **error)
{
  g_autoptr(KioskEnrolment) enrolment = kiosk_store_get_enrolment (store, error);
  GBytes *sealed = NULL;

  if (enrolment != NULL)
    sealed = kiosk_seal (kiosk_enrolment_get_public_key (enrolment), text->str, text->len,
                         error);
  sodium_memzero (text->str, text->allocated_len);
  return sealed;
}

gboolean
kiosk_send_submission (KioskStore       *store,
                       KioskSubmission  *submission,
                       const KvForm     *form,
                       JsonNode         *answers,
                       const KvGoalSet  *goal_set,
                       GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDateTime) completed = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GBytes) sealed = NULL;
  g_autoptr(GString) contents = NULL;
  g_autofree char *started_at = NULL;
  g_autofree char *completed_at = NULL;
  g_autofree char *month = NULL;
  g_autofree char *answers_json = NULL;
  KioskOutboxRow row = { NULL, };
  KvFormKind kind;
  guint goal_set_version;

  g_return_val_if_fail (KIOSK_IS_STORE (store), FALSE);
  g_return_val_if_fail (submission != NULL, FALSE);
  g_return_val_if_fail (form != NULL, FALSE);
  g_return_val_if_fail (answers != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_str_equal (kv_form_get_id (form), kiosk_submission_get_form (submission)) ||
      kv_form_get_version (form) != kiosk_submission_get_form_version (submission))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID,
                   _("The answers are for a different form or form version."));
      return FALSE;
    }

  /* The same rules the aggregator applies (libkvforms): answers that it
   * would reject are refused here, before anything is written, so a family
   * is never told "sent" for something that can never be delivered. */
  if (!kv_form_validate_answers (form, answers, goal_set, NULL, &local_error))
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID,
                   _("The answers do not fit the form: %s"), local_error->message);
      return FALSE;
    }

  kind = kv_form_get_kind (form);
  goal_set_version = kiosk_submission_get_goal_set (submission);
  if (kind == KV_FORM_KIND_GAS_REVIEW && goal_set_version == 0)
    {
      g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID,
                   _("A goal review must name the goal set it rates."));
      return FALSE;
    }
  /* docs/api.md: goal_set only on gas-review. */
  if (kind != KV_FORM_KIND_GAS_REVIEW)
    goal_set_version = 0;

  completed = g_date_time_new_now_utc ();
  completed_at = format_local_time (completed);
  started_at = format_local_time (kiosk_submission_get_started_at (submission));
  local = g_date_time_to_local (completed);
  month = g_date_time_format (local, "%Y-%m");
  row.id = kiosk_submission_get_id (submission);
  row.form = kiosk_submission_get_form (submission);
  row.form_version = kiosk_submission_get_form_version (submission);
  row.month = month;

  /* Every kind is sealed (docs/kiosk-core.md "Storage"): the store is
   * never given answers, a child's code or the visit's times in clear.
   * Experience feedback names no child even inside its box; the child's
   * part is the offer, kept sealed too, dated by the family's local month. */
  answers_json = json_to_string (answers, FALSE);
  contents = sealed_contents (submission, answers_json,
                              kind == KV_FORM_KIND_EXPERIENCE ? NULL
                              : kiosk_submission_get_child (submission),
                              goal_set_version, started_at, completed_at);
  sodium_memzero (answers_json, strlen (answers_json));
  sealed = seal_and_wipe (store, contents, error);
  if (sealed == NULL)
    return FALSE;
  row.sealed = sealed;
  if (kind == KV_FORM_KIND_EXPERIENCE)
    {
      row.independent = TRUE;
      row.offer_child = kiosk_submission_get_child (submission);
    }

  return kiosk_store_queue_submission (store, &row, error);
}
