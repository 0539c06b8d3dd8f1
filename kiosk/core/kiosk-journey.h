/* kiosk-journey.h — the family's way through the kiosk, without a window.
 *
 * The journey decides everything a family meets (docs/kiosk.md "The
 * journey"): which screen is shown, which follows which, what Back and
 * Next do and when they may be pressed, which buttons the bottom bar
 * shows, what is due for a child, "Are you still there?" and the wipe
 * after it, staff mode, and what Send writes.  It holds the session
 * (kiosk-session.h) and the choices made at Welcome, and never touches
 * GTK: the window builds a page when told to ("show-page") and hands
 * every button press on to one of the functions below, so each journey
 * is tested here without a display.
 *
 * Signals:
 *   show-page ()            build the page for kiosk_journey_get_page()
 *                           now; the page before it goes
 *   changed ()              what kiosk_journey_get_chrome() says may have
 *                           changed (a look-up started, …)
 *   notice (KioskNotice)    a word for the page on screen
 *   still-there (gboolean)  show or hide "Are you still there?"
 *   countdown (guint)       its seconds left, once a second
 *   wiped ()                the session and everything chosen at Welcome
 *                           were dropped; Welcome follows
 */
#pragma once

#include <gio/gio.h>

#include "kiosk-form-source.h"
#include "kiosk-session.h"
#include "kiosk-store.h"
#include "kiosk-uploader.h"

G_BEGIN_DECLS

typedef enum
{
  KIOSK_PAGE_WELCOME,
  KIOSK_PAGE_RESPONDENT,
  KIOSK_PAGE_CODE,
  KIOSK_PAGE_FORMS,
  KIOSK_PAGE_QUESTION,
  KIOSK_PAGE_REVIEW,
  /* "Do you want to stop answering these?" before experience feedback is
   * declined; Back keeps the answers. */
  KIOSK_PAGE_DECLINE,
  KIOSK_PAGE_THANKS,
  KIOSK_PAGE_PIN,
  KIOSK_PAGE_STAFF,
  KIOSK_PAGE_SETUP,   /* first start: enrol before a PIN can be chosen */
} KioskPage;

/* What the page on screen should say (the window words it). */
typedef enum
{
  KIOSK_NOTICE_NONE,                /* a look-up ended: not busy, no word */
  KIOSK_NOTICE_LOOKING_UP,          /* the code is being looked up */
  KIOSK_NOTICE_CODE_MALFORMED,      /* the check character is wrong */
  KIOSK_NOTICE_CODE_UNKNOWN,        /* the service does not know the code */
  KIOSK_NOTICE_GOALS_FORM_MISSING,  /* no gas-goals form on this tablet */
  KIOSK_NOTICE_SAVE_FAILED,         /* Send could not write the answers */
  KIOSK_NOTICE_SETUP_INCOMPLETE,    /* set-up: the address or code is missing */
  KIOSK_NOTICE_ENROLLING,           /* set-up: enrolling now */
  KIOSK_NOTICE_ENROL_FAILED,        /* set-up: see kiosk_journey_get_setup_error() */
} KioskNotice;

typedef enum
{
  KIOSK_BACK_LABEL_BACK,
  KIOSK_BACK_LABEL_CANCEL,
  KIOSK_BACK_LABEL_CLOSE_STAFF,
  KIOSK_BACK_LABEL_QUESTIONS,   /* "Go back to the questions" */
} KioskBackLabel;

typedef enum
{
  KIOSK_NEXT_LABEL_NEXT,
  KIOSK_NEXT_LABEL_BEGIN,
  KIOSK_NEXT_LABEL_FINISH,
  KIOSK_NEXT_LABEL_SEND,
  KIOSK_NEXT_LABEL_OK,
  KIOSK_NEXT_LABEL_DONE,        /* a question reached from the review */
  KIOSK_NEXT_LABEL_DECLINE,     /* "Yes, I'd rather not" */
} KioskNextLabel;

/* How Skip is worded. */
typedef enum
{
  KIOSK_SKIP_LABEL_QUESTION,           /* "Skip this question" */
  KIOSK_SKIP_LABEL_GOAL,               /* "Skip this goal" */
  KIOSK_SKIP_LABEL_PREFER_NOT_TO_SAY,  /* "I'd rather not say" */
} KioskSkipLabel;

/* What Next asks of the window, besides a page the journey shows. */
typedef enum
{
  KIOSK_NEXT_DONE,       /* nothing: the journey moved on, or could not */
  KIOSK_NEXT_SEND,       /* Next on the review is Send (kiosk.send) */
  KIOSK_NEXT_CHECK_PIN,  /* the PIN page checks the PIN itself, then
                          * kiosk_journey_staff_unlocked() */
  KIOSK_NEXT_ENROL,      /* the set-up page hands its address and code to
                          * kiosk_journey_enrol() */
} KioskNextAction;

/* The window's header and bottom bar, and which actions are enabled. */
typedef struct
{
  /* The header: the title of form @form, "Part @part of @n_parts" and,
   * on a question (not an information screen), "Question @position of
   * @total", counting only questions (kiosk_session_get_progress ()). */
  gboolean        header;
  guint           form;
  guint           part;
  guint           n_parts;
  gboolean        question;
  guint           position;
  guint           total;

  gboolean        bottom_bar;
  KioskBackLabel  back_label;
  gboolean        back_shown;
  KioskNextLabel  next_label;
  const char     *next_action;  /* "kiosk.next", "kiosk.send" or "kiosk.finish" */
  gboolean        next_shown;
  KioskSkipLabel  skip_label;

  /* Enabled actions; Skip and "I'd rather not answer these" (in the
   * header, far from Skip) show only when enabled. */
  gboolean        can_next;
  gboolean        can_back;
  gboolean        can_skip;
  gboolean        can_decline;
  gboolean        can_send;
  gboolean        can_start;
  gboolean        can_no_code;
  gboolean        can_still_here;
  gboolean        can_staff;    /* set-goals, change-pin, leave-fullscreen */
} KioskChrome;

#define KIOSK_TYPE_JOURNEY (kiosk_journey_get_type ())

G_DECLARE_FINAL_TYPE (KioskJourney, kiosk_journey, KIOSK, JOURNEY, GObject)

/* @uploader may be NULL: children are then looked up in the store's
 * cache only, and Send never starts a sync.  @settings is
 * org.keyvoice.Kiosk (timeouts, languages, easy-read default).  The
 * journey starts blank at Welcome once kiosk_journey_reset() is called. */
KioskJourney    *kiosk_journey_new               (KioskStore       *store,
                                                  KioskUploader    *uploader,
                                                  GSettings        *settings,
                                                  KioskFormSource  *forms);

/* Where we are. */
KioskPage        kiosk_journey_get_page          (KioskJourney     *self);
/* With KIOSK_PAGE_QUESTION, the question on screen. */
const KioskStep *kiosk_journey_get_step          (KioskJourney     *self);
/* The session in progress, or NULL on a blank kiosk. */
KioskSession    *kiosk_journey_get_session       (KioskJourney     *self);
/* Staff are setting a child's goals (the code page is the staff's one). */
gboolean         kiosk_journey_is_setting_goals  (KioskJourney     *self);
/* With KIOSK_PAGE_THANKS: what was sent were goals a keyworker set. */
gboolean         kiosk_journey_get_goals_sent    (KioskJourney     *self);
/* With KIOSK_PAGE_PIN: a new PIN is chosen rather than checked. */
gboolean         kiosk_journey_get_choose_pin    (KioskJourney     *self);
/* With KIOSK_PAGE_FORMS: the child could not be looked up just now, so
 * the usual forms are offered (the page says so). */
gboolean         kiosk_journey_get_due_unknown   (KioskJourney     *self);
gboolean         kiosk_journey_is_looking_up     (KioskJourney     *self);
/* With KIOSK_PAGE_QUESTION: the question was reached from the review, and
 * Next (Done) or Back leads back there. */
gboolean         kiosk_journey_is_from_review    (KioskJourney     *self);
/* With KIOSK_PAGE_REVIEW shown again after such a question: that
 * question, so the review can start where the family left it; else
 * NULL. */
const KioskStep *kiosk_journey_get_review_return (KioskJourney     *self);
gboolean         kiosk_journey_is_still_there    (KioskJourney     *self);
guint            kiosk_journey_get_seconds_left  (KioskJourney     *self);
/* Nothing chosen, nothing on screen but Welcome: nobody to wait for. */
gboolean         kiosk_journey_is_blank          (KioskJourney     *self);
void             kiosk_journey_get_chrome        (KioskJourney     *self,
                                                  KioskChrome      *chrome);

/* What the page on screen holds that Next needs: whether its entry is
 * complete (code: every character typed; PIN: enough digits and no check
 * running), and on the code page the characters typed. */
void             kiosk_journey_set_entry         (KioskJourney     *self,
                                                  const char       *text,
                                                  gboolean          complete);

/* Choices made before or during a session.  An empty or NULL language is
 * the kiosk's own (the first of "languages"). */
char            *kiosk_journey_dup_default_language (KioskJourney  *self);
const char      *kiosk_journey_get_language      (KioskJourney     *self);
gboolean         kiosk_journey_set_language      (KioskJourney     *self,
                                                  const char       *language);
gboolean         kiosk_journey_get_easy_read     (KioskJourney     *self);
gboolean         kiosk_journey_set_easy_read     (KioskJourney     *self,
                                                  gboolean          easy_read);
/* The respondent's wire name (docs/api.md), "" before one is chosen. */
const char      *kiosk_journey_get_respondent    (KioskJourney     *self);
gboolean         kiosk_journey_set_respondent    (KioskJourney     *self,
                                                  const char       *respondent);

/* The day the journey takes as today for when a goal review is due
 * (kiosk-journey-rules.c); NULL, the default, is the tablet's own clock.
 * For tests that visit "a fortnight later". */
void             kiosk_journey_set_today         (KioskJourney     *self,
                                                  GDateTime        *today);

/* Someone touched the screen or pressed a key. */
void             kiosk_journey_note_activity     (KioskJourney     *self);

/* The buttons.  Each does nothing where its action is not enabled. */
void             kiosk_journey_start             (KioskJourney     *self);
void             kiosk_journey_no_code           (KioskJourney     *self);
KioskNextAction  kiosk_journey_next              (KioskJourney     *self);
void             kiosk_journey_back              (KioskJourney     *self);
void             kiosk_journey_skip              (KioskJourney     *self);
/* "I'd rather not answer these": asks first (KIOSK_PAGE_DECLINE), where
 * Next declines and Back returns to the question with every answer
 * kept. */
void             kiosk_journey_decline           (KioskJourney     *self);
/* On the review: straight to one question (a step of
 * kiosk_session_list_questions ()), and back to the review after it. */
void             kiosk_journey_go_to             (KioskJourney     *self,
                                                  const KioskStep  *step);
/* On the review: answer a declined form after all, from its first
 * question. */
void             kiosk_journey_undecline         (KioskJourney     *self,
                                                  guint             form);
/* Writes every form of the session to the store's outbox and shows Thank
 * you.  On failure nothing written is written twice when Send is pressed
 * again; the error names no answer or code. */
gboolean         kiosk_journey_send              (KioskJourney     *self,
                                                  GError          **error);
gboolean         kiosk_journey_still_here        (KioskJourney     *self);
void             kiosk_journey_staff             (KioskJourney     *self);
void             kiosk_journey_staff_unlocked    (KioskJourney     *self);
void             kiosk_journey_set_goals         (KioskJourney     *self);
void             kiosk_journey_change_pin        (KioskJourney     *self);
/* First start (KIOSK_PAGE_SETUP, shown by kiosk_journey_staff() on a
 * tablet with neither a PIN nor an enrolment): enrols the tablet with the
 * service's enrolment code, then asks for a new PIN.  The reason it could
 * not, for staff, is kiosk_journey_get_setup_error(). */
void             kiosk_journey_enrol             (KioskJourney     *self,
                                                  const char       *url,
                                                  const char       *code);
gboolean         kiosk_journey_is_enrolling      (KioskJourney     *self);
const char      *kiosk_journey_get_setup_error   (KioskJourney     *self);
/* From staff mode: the same page, to enrol the tablet again (a new code,
 * or a service at a new address); the PIN stays, and Cancel or success
 * go back to staff mode. */
void             kiosk_journey_enrol_again       (KioskJourney     *self);
gboolean         kiosk_journey_is_enrolling_again (KioskJourney    *self);
/* The top corner is held (staff-hold-seconds open the PIN screen), or let
 * go. */
void             kiosk_journey_press_staff_corner   (KioskJourney  *self);
void             kiosk_journey_release_staff_corner (KioskJourney  *self);

/* Drops the session and everything chosen in it, and shows Welcome. */
void             kiosk_journey_reset             (KioskJourney     *self);

G_END_DECLS
