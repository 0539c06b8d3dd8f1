/* kiosk-submission.h — what a family (or a keyworker) hands in for one form.
 *
 * A KioskSubmission is made when a form's session starts — that is when its
 * UUID and started_at are fixed (docs/api.md "id") — and filled in as the
 * session goes: who is answering, in which mode and language, which child.
 * At Send it is given, with the answers, to kiosk_send_submission()
 * (kiosk-send.h), which checks the answers, stamps completed_at and has
 * the store write everything in one transaction.
 *
 * It holds no answers itself: answers stay with the UI until Send, so an
 * abandoned session leaves nothing behind here.  Reference-counted; not
 * thread-safe (build it on one thread).
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Who answered (docs/api.md "respondent"). */
typedef enum
{
  KIOSK_RESPONDENT_YOUNG_PERSON,
  KIOSK_RESPONDENT_PARENT_CARER,
  KIOSK_RESPONDENT_BOTH,
  KIOSK_RESPONDENT_SOMEONE_HELPING,
  KIOSK_RESPONDENT_KEYWORKER,
} KioskRespondent;

/* How the answers were given (docs/api.md "mode"): by the respondent
 * alone, with help from someone reading or pressing for them, or by
 * someone answering on their behalf.  Staff setting goals use ASSISTED. */
typedef enum
{
  KIOSK_MODE_SELF,
  KIOSK_MODE_ASSISTED,
  KIOSK_MODE_PROXY,
} KioskMode;

#define KIOSK_TYPE_SUBMISSION (kiosk_submission_get_type ())

typedef struct _KioskSubmission KioskSubmission;

GType             kiosk_submission_get_type        (void) G_GNUC_CONST;

/* Starts a submission of form @form_id at @form_version: makes its UUID
 * and sets started_at to now.  Defaults: no child, respondent parent carer,
 * mode self, locale "en_GB", not easy-read, no goal set. */
KioskSubmission  *kiosk_submission_new             (const char       *form_id,
                                                    guint             form_version);
KioskSubmission  *kiosk_submission_ref             (KioskSubmission  *self);
void              kiosk_submission_unref           (KioskSubmission  *self);

/* The lower-case UUID made by kiosk_submission_new(). */
const char       *kiosk_submission_get_id          (KioskSubmission  *self);
const char       *kiosk_submission_get_form        (KioskSubmission  *self);
guint             kiosk_submission_get_form_version (KioskSubmission *self);
/* When the session started, in UTC. */
GDateTime        *kiosk_submission_get_started_at  (KioskSubmission  *self);

/* The child's code as typed (and checked) on the keypad, or NULL for a
 * family without a code.  For an experience form the store never writes
 * the code beside the answers: it goes into the offers ledger instead. */
void              kiosk_submission_set_child       (KioskSubmission  *self,
                                                    const char       *child);
const char       *kiosk_submission_get_child       (KioskSubmission  *self);
void              kiosk_submission_set_respondent  (KioskSubmission  *self,
                                                    KioskRespondent   respondent);
KioskRespondent   kiosk_submission_get_respondent  (KioskSubmission  *self);
void              kiosk_submission_set_mode        (KioskSubmission  *self,
                                                    KioskMode         mode);
KioskMode         kiosk_submission_get_mode        (KioskSubmission  *self);
/* A POSIX locale name such as "en_GB" or "cy_GB" (the language chosen at
 * Welcome). */
void              kiosk_submission_set_locale      (KioskSubmission  *self,
                                                    const char       *locale);
const char       *kiosk_submission_get_locale      (KioskSubmission  *self);
void              kiosk_submission_set_easy_read   (KioskSubmission  *self,
                                                    gboolean          easy_read);
gboolean          kiosk_submission_get_easy_read   (KioskSubmission  *self);
/* For a gas-review: the version of the goal set being rated (from
 * kiosk_child_get_goal_set_version()).  0, the default, means none. */
void              kiosk_submission_set_goal_set    (KioskSubmission  *self,
                                                    guint             goal_set_version);
guint             kiosk_submission_get_goal_set    (KioskSubmission  *self);

/* Wire names ("parent-carer", "assisted"), and back.  The parsers return
 * FALSE for an unknown name. */
const char       *kiosk_respondent_to_string       (KioskRespondent   respondent);
gboolean          kiosk_respondent_from_string     (const char       *name,
                                                    KioskRespondent  *respondent);
const char       *kiosk_mode_to_string             (KioskMode         mode);
gboolean          kiosk_mode_from_string           (const char       *name,
                                                    KioskMode        *mode);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KioskSubmission, kiosk_submission_unref)

G_END_DECLS
