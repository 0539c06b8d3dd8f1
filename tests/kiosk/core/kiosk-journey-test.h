/* kiosk-journey-test.h — a journey to drive in tests, and what it did.
 *
 * Each test gets a store in a temporary folder (enrolled with a key pair
 * the test keeps, so it can open sealed answers as only the aggregator
 * could), settings in memory, the shipped forms, and a KioskJourney
 * without an uploader whose pages, notices and wipes are recorded.
 */
#pragma once

#include "kiosk-journey.h"
#include "kiosk-test-util.h"

G_BEGIN_DECLS

/* A child with a two-goal set (version 2) due a GAS review and the family
 * quality-of-life form. */
#define CHILD_REVIEW_QOL \
  "{\"code\": \"%s\", \"age_band\": \"under-18\", \"dsr\": \"amber\"," \
  " \"goal_set\": {\"version\": 2, \"set_at\": \"2026-03-04\", \"goals\": [" \
  "   {\"id\": \"g1\", \"text\": \"Synthetic goal one\", \"baseline\": -1}," \
  "   {\"id\": \"g2\", \"text\": \"Synthetic goal two\", \"baseline\": -2}]}," \
  " \"due\": [\"gas-review\", \"family-qol\"]}"

#define CHILD_EXPERIENCE \
  "{\"code\": \"%s\", \"age_band\": \"under-18\", \"dsr\": \"red\"," \
  " \"goal_set\": null, \"due\": [\"experience\"]}"

#define END (-1)

typedef struct
{
  char         *tmp_dir;
  char         *dir;
  KioskStore   *store;
  GSettings    *settings;
  KioskJourney *journey;
  KtKeyPair     keys;
  char         *code;
  char         *typed;      /* the code as the keypad holds it */
  GArray       *pages;      /* KioskPage, every page shown */
  GArray       *notices;    /* KioskNotice */
  guint         wiped;
  guint         still_there;
} Fixture;

typedef struct
{
  const char *child_json;  /* cached for the fixture's code, or NULL */
  gboolean    enrolled;
} Setup;

/* What kj_setup() is given as the test's data. */
extern const Setup kj_review_qol;     /* due a GAS review and family QoL */
extern const Setup kj_experience;     /* due independent feedback */
extern const Setup kj_uncached;       /* a code the tablet has never seen */
extern const Setup kj_not_enrolled;   /* ditto, on a tablet not enrolled */

void          kj_setup          (Fixture       *f,
                                 gconstpointer  data);
void          kj_teardown       (Fixture       *f,
                                 gconstpointer  data);
/* Replaces the fixture's journey by a blank one with @uploader. */
void          kj_start_journey  (Fixture       *f,
                                 KioskUploader *uploader);

/* Runs the main loop until *@flag changes from @before, or @ms (times
 * kt_slowdown()) pass; with @flag NULL, for that long. */
void          kj_run_until      (guint         *flag,
                                 guint          before,
                                 guint          ms);
/* Runs the main loop for @ms of real time. */
void          kj_run_for        (guint          ms);
/* The pages shown since the last call are exactly these, ending in END. */
void          kj_expect_pages   (Fixture       *f,
                                 ...);

KioskSession *kj_session        (Fixture       *f);
KioskChrome   kj_chrome         (Fixture       *f);
const char   *kj_item_id        (Fixture       *f);
KvItemType    kj_item_type      (Fixture       *f);
void          kj_answer_s       (Fixture       *f,
                                 const char    *value);
void          kj_answer_i       (Fixture       *f,
                                 gint64         value);
/* Answers the question on screen with its @level-th level (or @text for
 * a text item) and presses Next; kj_answer_all() up to the review. */
void          kj_answer_here    (Fixture       *f,
                                 guint          level,
                                 const char    *text);
void          kj_answer_all     (Fixture       *f,
                                 guint          level,
                                 const char    *text);
/* The keypad holds @typed: complete when it has every character. */
void          kj_type_code      (Fixture       *f,
                                 const char    *typed);
/* Welcome → who is answering → the fixture's code → forms due. */
void          kj_reach_forms    (Fixture       *f,
                                 const char    *respondent);

JsonNode     *kj_answers_of     (JsonNode      *batch,
                                 const char    *form);
JsonArray    *kj_offers_of      (JsonNode      *batch);

G_END_DECLS
