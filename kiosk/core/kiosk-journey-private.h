/* kiosk-journey-private.h — what the parts of KioskJourney share.
 *
 * kiosk-journey.c holds the object, its state and the buttons;
 * kiosk-journey-rules.c the order of the screens and the chrome;
 * kiosk-journey-forms.c what is due, looking a code up and what Send
 * writes; kiosk-journey-setup.c a new tablet's first start.
 */
#pragma once

#include "kv-child-code.h"
#include "kiosk-journey.h"
#include "kiosk-timers.h"

G_BEGIN_DECLS

struct _KioskJourney
{
  GObject          parent_instance;

  KioskStore      *store;
  KioskUploader   *uploader;
  GSettings       *settings;
  KioskFormSource *forms;
  KioskTimers     *timers;
  GDateTime       *today;   /* NULL: now */

  /* Where we are. */
  KioskPage        page;
  KioskStep        step;
  /* The question on screen was reached from the review. */
  gboolean         from_review;
  /* The question gone to from the review, and whether the review is
   * shown again after it. */
  KioskStep        review_step;
  gboolean         review_return;
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
  gboolean         goals_sent;   /* Thank you follows goal setting */
  gboolean         setting_goals;

  /* First start (kiosk-journey-setup.c). */
  GCancellable    *enrolling;
  char            *setup_url;
  char            *setup_error;
};

/* kiosk-journey-setup.c */
gboolean         _kiosk_journey_needs_setup          (KioskJourney    *self);
void             _kiosk_journey_cancel_setup         (KioskJourney    *self);
void             _kiosk_journey_back_from_setup      (KioskJourney    *self);

/* kiosk-journey.c */
void             _kiosk_journey_notice               (KioskJourney    *self,
                                                      KioskNotice      what);
void             _kiosk_journey_changed              (KioskJourney    *self);
/* Every page change goes through here. */
void             _kiosk_journey_show                 (KioskJourney    *self,
                                                      KioskPage        page);
void             _kiosk_journey_show_question        (KioskJourney    *self,
                                                      const KioskStep *step);
void             _kiosk_journey_show_forms           (KioskJourney    *self,
                                                      gboolean         due_unknown);
/* The question @step when @found, else the review. */
void             _kiosk_journey_go_to_step_or_review (KioskJourney    *self,
                                                      gboolean         found,
                                                      KioskStep       *step);
void             _kiosk_journey_cancel_lookup        (KioskJourney    *self);

/* kiosk-journey-rules.c */
/* A GAS review is first offered KIOSK_GAS_REVIEW_FIRST_DAYS after its
 * goals were set (docs/domain.md §1). */
#define KIOSK_GAS_REVIEW_FIRST_DAYS 14
/* Whether a review of goals set on @set_at ("YYYY-MM-DD", the
 * aggregator's goal_set.set_at) may be offered on @today (a local date).
 * A missing or unreadable date does not hold a review back. */
gboolean         _kiosk_journey_review_is_due        (const char      *set_at,
                                                      GDateTime       *today);
/* Moves on from the question on screen (after Next or Skip). */
void             _kiosk_journey_leave_question       (KioskJourney    *self);
gboolean         _kiosk_journey_can_go_next          (KioskJourney    *self);
gboolean         _kiosk_journey_can_go_back          (KioskJourney    *self);

/* kiosk-journey-forms.c */
void             _kiosk_journey_add_family_forms     (KioskJourney    *self);
void             _kiosk_journey_look_up_code         (KioskJourney    *self,
                                                      const char      *code);
gboolean         _kiosk_journey_send_session         (KioskJourney    *self,
                                                      GError         **error);

G_END_DECLS
