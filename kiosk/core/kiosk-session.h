/* kiosk-session.h — one family's visit to the kiosk, held in memory only.
 *
 * A session starts when someone presses Start on the welcome screen and
 * ends at Send, at Finish, or when the kiosk clears itself after nobody
 * answered "Are you still there?".  Until Send nothing of it is written
 * anywhere, so dropping the last reference is all it takes to wipe it:
 * answers, the child's code, the language and the easy-read choice.
 *
 * The session also knows how to walk its forms one question at a time
 * (a KioskStep): which items are shown given the answers so far, where
 * Back and Next lead, and what "3 of 7" means.  It never touches GTK, so
 * the walk is tested without a display.
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "keyvoice-forms.h"
#include "kiosk-child.h"
#include "kiosk-submission.h"

G_BEGIN_DECLS

/* One screen of questions: item @item of form @form, and for a GAS rating
 * item the goal it rates (@goal; -1 for every other item). */
typedef struct
{
  guint form;
  guint item;
  int   goal;
} KioskStep;

/* Where a question stands, as the review shows it (never the answer). */
typedef enum
{
  KIOSK_STEP_NOT_ANSWERED,  /* not answered, and not left out on purpose */
  KIOSK_STEP_ANSWERED,
  KIOSK_STEP_SKIPPED,       /* Skip, "I'd rather not say", or a comment left blank */
} KioskStepStatus;

#define KIOSK_TYPE_SESSION (kiosk_session_get_type ())

G_DECLARE_FINAL_TYPE (KioskSession, kiosk_session, KIOSK, SESSION, GObject)

KioskSession    *kiosk_session_new                (const char       *language,
                                                   gboolean          easy_read);

const char      *kiosk_session_get_language       (KioskSession     *self);
/* The POSIX locale name sent with each submission, e.g. "en_GB". */
char            *kiosk_session_dup_locale         (KioskSession     *self);
gboolean         kiosk_session_get_easy_read      (KioskSession     *self);
void             kiosk_session_set_easy_read      (KioskSession     *self,
                                                   gboolean          easy_read);

gboolean         kiosk_session_has_respondent     (KioskSession     *self);
KioskRespondent  kiosk_session_get_respondent     (KioskSession     *self);
void             kiosk_session_set_respondent     (KioskSession     *self,
                                                   KioskRespondent   respondent);
KioskMode        kiosk_session_get_mode           (KioskSession     *self);
void             kiosk_session_set_mode           (KioskSession     *self,
                                                   KioskMode         mode);

/* The child's checked code (NULL for a family without one) and what the
 * aggregator, or the tablet's cache, knows about the child (may be NULL
 * even with a code when neither could tell). */
const char      *kiosk_session_get_code           (KioskSession     *self);
KioskChild      *kiosk_session_get_child          (KioskSession     *self);
void             kiosk_session_set_child          (KioskSession     *self,
                                                   const char       *code,
                                                   KioskChild       *child);

/* Whether @form suits the person answering: a form for parent carers is
 * not put to a young person alone, and a keyworker's form is never put
 * to a family. */
gboolean         kiosk_session_form_suits         (KioskSession     *self,
                                                   const KvForm     *form);

/* Forms are answered in the order they are added.  Adding one starts its
 * submission (its UUID and started_at).  A GAS review needs the child's
 * goal set and is refused without one. */
gboolean         kiosk_session_add_form           (KioskSession     *self,
                                                   KvForm           *form);
void             kiosk_session_clear_forms        (KioskSession     *self);
guint            kiosk_session_get_n_forms        (KioskSession     *self);
KvForm          *kiosk_session_get_form           (KioskSession     *self,
                                                   guint             index);
KioskSubmission *kiosk_session_get_submission     (KioskSession     *self,
                                                   guint             index);
/* The goal set a GAS review in this session rates, or NULL. */
KvGoalSet       *kiosk_session_get_goal_set       (KioskSession     *self);

/* Experience feedback may be declined: its answers are dropped and only
 * the ledger learns "declined".  Declining again is harmless. */
gboolean         kiosk_session_can_decline        (KioskSession     *self,
                                                   guint             form);
void             kiosk_session_decline            (KioskSession     *self,
                                                   guint             form);
gboolean         kiosk_session_is_declined        (KioskSession     *self,
                                                   guint             form);
/* Answers them after all (the answers given before declining are gone). */
void             kiosk_session_undecline          (KioskSession     *self,
                                                   guint             form);

/* Send writes each form in its own transaction; a form already written
 * is marked so that pressing Send again after a failure never writes it
 * twice. */
void             kiosk_session_mark_sent          (KioskSession     *self,
                                                   guint             form);
gboolean         kiosk_session_is_sent            (KioskSession     *self,
                                                   guint             form);

/* Answers.  @value is taken (NULL clears the answer).  For a GAS rating
 * step the value is the rating of the step's goal. */
JsonNode        *kiosk_session_get_answer         (KioskSession     *self,
                                                   const KioskStep  *step);
void             kiosk_session_set_answer         (KioskSession     *self,
                                                   const KioskStep  *step,
                                                   JsonNode         *value);
/* The answers of @form as they will be sent: only items that are shown
 * given the other answers. */
JsonNode        *kiosk_session_dup_answers        (KioskSession     *self,
                                                   guint             form);
/* How many questions of @form have an answer and how many were shown. */
void             kiosk_session_count_answers      (KioskSession     *self,
                                                   guint             form,
                                                   guint            *n_answered,
                                                   guint            *n_shown);

/* The walk.  first/next/previous return FALSE when there is no such step
 * (no form, past the last question, before the first one). */
gboolean         kiosk_session_first_step         (KioskSession     *self,
                                                   KioskStep        *step);
gboolean         kiosk_session_next_step          (KioskSession     *self,
                                                   KioskStep        *step);
gboolean         kiosk_session_previous_step      (KioskSession     *self,
                                                   KioskStep        *step);
gboolean         kiosk_session_last_step          (KioskSession     *self,
                                                   KioskStep        *step);
const KvItem    *kiosk_session_get_step_item      (KioskSession     *self,
                                                   const KioskStep  *step);
const KvGoal    *kiosk_session_get_step_goal      (KioskSession     *self,
                                                   const KioskStep  *step);
/* "Question 3 of 7" within the step's form, counting only the questions
 * shown given the answers so far (a GAS rating is one question per goal;
 * information screens are not questions).  On an information screen
 * @position is the number of questions before it. */
void             kiosk_session_get_progress       (KioskSession     *self,
                                                   const KioskStep  *step,
                                                   guint            *position,
                                                   guint            *total);
/* Whether the step may be left out: optional items and every GAS goal (a
 * review with no goal rated is not sent).  Not an information screen:
 * there is nothing to leave out. */
gboolean         kiosk_session_step_can_skip      (KioskSession     *self,
                                                   const KioskStep  *step);
/* Whether the step has a complete answer (Next may go on). */
gboolean         kiosk_session_step_is_answered   (KioskSession     *self,
                                                   const KioskStep  *step);

/* Whether the step is a question rather than an information screen. */
gboolean         kiosk_session_step_is_question   (KioskSession     *self,
                                                   const KioskStep  *step);
/* Whether @step is one of the screens the walk shows now (its form not
 * declined, its item shown given the answers so far). */
gboolean         kiosk_session_step_is_shown      (KioskSession     *self,
                                                   const KioskStep  *step);
/* The family leaves the step out on purpose: its answer is cleared and it
 * counts as skipped until answered again. */
void             kiosk_session_skip_step          (KioskSession     *self,
                                                   const KioskStep  *step);
KioskStepStatus  kiosk_session_get_step_status    (KioskSession     *self,
                                                   const KioskStep  *step);
/* The question steps of @form shown now, in order (an array of
 * KioskStep; empty when declined): what the review lists and what
 * kiosk_session_get_progress () counts. */
GArray          *kiosk_session_list_questions     (KioskSession     *self,
                                                   guint             form);
/* Whether anything of @form would be sent (kiosk_session_dup_answers ()
 * is not empty). */
gboolean         kiosk_session_has_answers        (KioskSession     *self,
                                                   guint             form);

G_END_DECLS
