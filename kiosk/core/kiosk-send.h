/* kiosk-send.h — Send: a finished form's answers, checked, into the outbox.
 *
 * This is what stands between the UI (or a headless caller) and the
 * store's outbox: it checks the answers with the same rules as the
 * aggregator, stamps completed_at, seals the submission to the
 * enrolment's public key (kiosk-seal.h), whatever its form, and hands the
 * resulting row to kiosk_store_queue_submission(), which stores it and
 * checks nothing about the answers.  docs/kiosk-core.md "Storage"
 * describes the rows.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kv-form.h"
#include "kv-gas.h"
#include "kiosk-store.h"
#include "kiosk-submission.h"

G_BEGIN_DECLS

/* Checks @answers against @form (kv_form_validate_answers(), with
 * @goal_set for a gas-review when given), stamps the submission's
 * completed_at, and writes it — in ONE transaction — to @store's outbox,
 * queued.
 *
 * The answers, with the child, the goal set, respondent, mode, locale,
 * easy read and both times, are sealed to the enrolment's public key
 * (sealed_version 2, docs/api.md) and only the box is written, beside id,
 * form, form version and the month: nothing of it is readable on the
 * tablet afterwards.  For a form of kind experience the box names no child
 * and, when the submission named one, an offer {child, "completed", month
 * of completed_at}, sealed too, is written in the same transaction.  Fails
 * with KIOSK_ERROR_NOT_ENROLLED when there is no key to seal to.
 *
 * Answers that do not fit the form, or a submission for another form or
 * version, fail with KIOSK_ERROR_INVALID before anything is written.  A
 * submission id may be sent once; sending it again fails with
 * KIOSK_ERROR_INVALID and changes nothing.  The answers are not kept
 * beyond the outbox row. */
gboolean  kiosk_send_submission  (KioskStore       *store,
                                  KioskSubmission  *submission,
                                  const KvForm     *form,
                                  JsonNode         *answers,
                                  const KvGoalSet  *goal_set,
                                  GError          **error);

G_END_DECLS
