/* test-kiosk-end-to-end.c — the kiosk window against the real aggregator.
 *
 * `keyvoice-aggregator serve` runs on 127.0.0.1, port 0; the tablet is
 * enrolled to it and the window has a real uploader.  A family's code is
 * looked up over the network, what is due comes from the aggregator, and
 * what the family hands in must be accepted by the aggregator's own
 * validation.  Then a keyworker sets goals in staff mode, and the next
 * visit rates exactly those goals. */
#include "config.h"

#include "kv-child-code.h"
#include "kiosk-code-page.h"
#include "kiosk-forms-page.h"
#include "kiosk-goal-editor.h"
#include "kiosk-gui-test.h"
#include "kiosk-pin-page.h"
#include "kiosk-question-page.h"
#include "kiosk-review-page.h"
#include "kiosk-setup-page.h"
#include "kiosk-staff-page.h"
#include "kiosk-thanks-page.h"
#include "kiosk-welcome-page.h"
#include "kv-test-aggregator.h"

typedef struct
{
  KgtFixture     kgt;
  KvTestAggregator agg;
  char          *service;
  char          *enrol_code;
  KioskUploader *uploader;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  KgtFixture *k = &f->kgt;
  g_autoptr(GError) error = NULL;
  gboolean enrolled = GPOINTER_TO_INT (data);

  k->tmp_dir = g_dir_make_tmp ("kiosk-e2e-XXXXXX", &error);
  g_assert_no_error (error);
  k->data_dir = g_build_filename (k->tmp_dir, "kiosk", NULL);
  kv_test_aggregator_init (&f->agg, k->tmp_dir);

  f->service = kv_test_aggregator_add_service (&f->agg, "Synthetic Test Service");
  f->enrol_code = kv_test_aggregator_enrol_code (&f->agg, f->service);
  k->code = kv_test_aggregator_add_child (&f->agg, f->service, "under-18", "amber");
  g_assert_true (kv_child_code_is_valid (k->code));
  kv_test_aggregator_start (&f->agg);

  k->store = kiosk_store_open (k->data_dir, &error);
  g_assert_no_error (error);
  f->uploader = kiosk_uploader_new (k->store);
  kiosk_uploader_set_timeouts (f->uploader, 2, 10);
  if (enrolled)
    {
      kiosk_uploader_enrol (f->uploader, f->agg.url, f->enrol_code, "Synthetic test tablet",
                            NULL, &error);
      g_assert_no_error (error);
    }

  kgt_open_window (k, f->uploader);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  kiosk_uploader_stop (f->uploader);
  kv_test_aggregator_clear (&f->agg);
  kgt_teardown (&f->kgt);
  g_clear_object (&f->uploader);
  g_free (f->service);
  g_free (f->enrol_code);
}

/* Runs the main loop until the outbox is empty (everything acknowledged
 * by the aggregator), and returns the final status. */
static KioskOutboxStatus *
wait_until_delivered (Fixture *f)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < end)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KioskOutboxStatus) status = kiosk_store_get_outbox_status (f->kgt.store, &error);

      g_assert_no_error (error);
      if (status->queued == 0 && status->offers_queued == 0 && status->last_success != NULL)
        return g_steal_pointer (&status);
      kgt_run (100);
    }
  g_error ("the outbox was not delivered in time");
}

static const KvItem *
current_item (KgtFixture *k)
{
  KioskSession *session = kiosk_window_get_session (k->window);

  return kiosk_session_get_step_item (session,
                                      kiosk_question_page_get_step (KIOSK_QUESTION_PAGE (kgt_page (k))));
}

static void
answer_everything (KgtFixture *k)
{
  while (KIOSK_IS_QUESTION_PAGE (kgt_page (k)))
    {
      const KvItem *item = current_item (k);

      switch (kv_item_get_item_type (item))
        {
        case KV_ITEM_SCALE:
        case KV_ITEM_CHOICE:
          kgt_act_s (k, "kiosk.choose", kv_level_get_id (kv_item_get_level (item, 0)));
          break;
        case KV_ITEM_GAS_RATING:
          kgt_act_s (k, "kiosk.choose", "1");
          break;
        default:
          break;
        }
      kgt_act (k, "kiosk.next");
    }
}

static void
enter_code (KgtFixture *k,
            const char *code)
{
  g_assert_true (KIOSK_IS_CODE_PAGE (kgt_page (k)));
  kgt_type_code (k, code);
  kgt_act (k, "kiosk.next");
}

static void
test_family_visit (Fixture       *f,
                   gconstpointer  data)
{
  KgtFixture *k = &f->kgt;
  g_autoptr(KioskOutboxStatus) status = NULL;
  KioskSession *session;

  kgt_act (k, "kiosk.start");
  kgt_act_s (k, "kiosk.respondent", "parent-carer");
  kgt_act (k, "kiosk.next");
  enter_code (k, k->code);

  /* The lookup goes over the network: the page waits, then moves on. */
  g_assert_true (kgt_wait_for_page (k, KIOSK_TYPE_FORMS_PAGE, 10000));
  session = kiosk_window_get_session (k->window);
  g_assert_nonnull (kiosk_session_get_child (session));
  g_assert_false (kiosk_child_is_from_cache (kiosk_session_get_child (session)));
  /* No goals set yet: quality of life and the independent feedback. */
  g_assert_cmpuint (kiosk_session_get_n_forms (session), ==, 2);
  g_assert_cmpstr (kv_form_get_id (kiosk_session_get_form (session, 0)), ==, "family-qol");
  g_assert_cmpstr (kv_form_get_id (kiosk_session_get_form (session, 1)), ==, "experience");

  kgt_act (k, "kiosk.next");
  answer_everything (k);
  kgt_act (k, "kiosk.send");
  g_assert_true (KIOSK_IS_THANKS_PAGE (kgt_page (k)));

  status = wait_until_delivered (f);
  /* Two forms and the ledger entry "asked this month: completed". */
  g_assert_cmpuint (status->sent, ==, 3);
  g_assert_cmpuint (status->needs_attention, ==, 0);
}

static void
test_unknown_code (Fixture       *f,
                   gconstpointer  data)
{
  KgtFixture *k = &f->kgt;
  const guint8 random[KV_CHILD_CODE_RANDOM_BYTES] = { 1, 2, 3, 4, 5, 6, 7 };
  g_autofree char *stranger = kv_child_code_new_from_bytes (random, sizeof random);

  kgt_act (k, "kiosk.start");
  kgt_act_s (k, "kiosk.respondent", "young-person");
  kgt_act (k, "kiosk.next");
  enter_code (k, stranger);

  /* A well-formed code the service does not know: a kind word on the
   * keypad, not a network error and not an empty list of forms. */
  {
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (kiosk_code_page_get_message (KIOSK_CODE_PAGE (kgt_page (k))) != NULL
           && g_str_has_prefix (kiosk_code_page_get_message (KIOSK_CODE_PAGE (kgt_page (k))), "Just a moment")
           && g_get_monotonic_time () < end)
      kgt_run (50);
  }
  g_assert_true (KIOSK_IS_CODE_PAGE (kgt_page (k)));
  g_assert_nonnull (kiosk_code_page_get_message (KIOSK_CODE_PAGE (kgt_page (k))));
  g_assert_true (g_str_has_prefix (kiosk_code_page_get_message (KIOSK_CODE_PAGE (kgt_page (k))),
                                   "We could not find this code"));
  g_assert_true (kgt_can (k, "kiosk.no-code"));
}

static void
test_goals_then_review (Fixture       *f,
                        gconstpointer  data)
{
  KgtFixture *k = &f->kgt;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) goals = NULL;
  g_autoptr(KioskOutboxStatus) first = NULL;
  g_autoptr(KioskOutboxStatus) second = NULL;
  KioskSession *session;
  KvGoalSet *set;

  /* The keyworker, in staff mode, with the family. */
  kiosk_store_set_staff_pin (k->store, "2468", &error);
  g_assert_no_error (error);
  kgt_act (k, "kiosk.staff");
  for (const char *p = "2468"; *p != '\0'; p++)
    {
      char key[2] = { *p, '\0' };
      kgt_act_s (k, "kiosk.key", key);
    }
  kgt_act (k, "kiosk.next");
  g_assert_true (kgt_wait_for_page (k, KIOSK_TYPE_STAFF_PAGE, 10000));
  kgt_act (k, "kiosk.set-goals");
  enter_code (k, k->code);
  g_assert_true (kgt_wait_for_page (k, KIOSK_TYPE_QUESTION_PAGE, 10000));
  kgt_act (k, "kiosk.next");

  goals = kt_json ("[{\"id\": \"g1\", \"text\": \"Go to the park on Saturdays\", \"baseline\": -1,"
                   "  \"importance\": 3, \"difficulty\": 1},"
                   " {\"id\": \"g2\", \"text\": \"Tell someone when it is too much\", \"baseline\": -2}]");
  kiosk_goal_editor_load (KIOSK_GOAL_EDITOR (kiosk_question_page_get_goal_editor (KIOSK_QUESTION_PAGE (kgt_page (k)))),
                          goals);
  kgt_act (k, "kiosk.next");
  kgt_act (k, "kiosk.send");
  first = wait_until_delivered (f);
  g_assert_cmpuint (first->sent, ==, 1);
  g_assert_cmpuint (first->needs_attention, ==, 0);
  kgt_act (k, "kiosk.finish");

  /* The family straight after: goals set minutes ago are not reviewed
   * yet (docs/domain.md §1). */
  kgt_act (k, "kiosk.start");
  kgt_act_s (k, "kiosk.respondent", "both");
  kgt_act (k, "kiosk.next");
  enter_code (k, k->code);
  g_assert_true (kgt_wait_for_page (k, KIOSK_TYPE_FORMS_PAGE, 10000));
  session = kiosk_window_get_session (k->window);
  for (guint i = 0; i < kiosk_session_get_n_forms (session); i++)
    g_assert_cmpstr (kv_form_get_id (kiosk_session_get_form (session, i)), !=, "gas-review");
  kiosk_window_reset (k->window);

  /* Their visit a fortnight later: the review rates exactly those goals. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GDateTime) later = g_date_time_add_days (now, 14);

    kiosk_journey_set_today (kiosk_window_get_journey (k->window), later);
  }
  kgt_act (k, "kiosk.start");
  kgt_act_s (k, "kiosk.respondent", "both");
  kgt_act (k, "kiosk.next");
  enter_code (k, k->code);
  g_assert_true (kgt_wait_for_page (k, KIOSK_TYPE_FORMS_PAGE, 10000));

  session = kiosk_window_get_session (k->window);
  g_assert_cmpstr (kv_form_get_id (kiosk_session_get_form (session, 0)), ==, "gas-review");
  set = kiosk_session_get_goal_set (session);
  g_assert_nonnull (set);
  g_assert_cmpuint (kv_goal_set_get_n_goals (set), ==, 2);
  g_assert_cmpstr (kv_goal_get_text (kv_goal_set_get_goal (set, 0)), ==, "Go to the park on Saturdays");

  kgt_act (k, "kiosk.next");
  answer_everything (k);
  kgt_act (k, "kiosk.send");
  second = wait_until_delivered (f);
  g_assert_cmpuint (second->needs_attention, ==, 0);
  /* The goals; then the review, quality of life, the sealed feedback and
   * its ledger entry. */
  g_assert_cmpuint (second->sent, ==, 5);
}

/* A new tablet: staff mode opens on the set-up, which takes the
 * aggregator's address and the enrolment code before any PIN; the kiosk
 * enrols itself, and only then is a PIN chosen.  The staff screen then
 * says so, and a family's feedback can be sealed. */
static void
test_staff_enrols (Fixture       *f,
                   gconstpointer  data)
{
  KgtFixture *k = &f->kgt;
  GtkWidget *url, *code;

  g_assert_false (kiosk_store_is_enrolled (k->store));

  kgt_act (k, "kiosk.staff");
  g_assert_true (KIOSK_IS_SETUP_PAGE (kgt_page (k)));
  g_assert_false (kgt_can (k, "kiosk.next"));
  url = kgt_part (kgt_page (k), "url_entry");
  code = kgt_part (kgt_page (k), "code_entry");
  gtk_editable_set_text (GTK_EDITABLE (url), f->agg.url);
  gtk_editable_set_text (GTK_EDITABLE (code), f->enrol_code);
  kgt_run (10);
  g_assert_true (kgt_can (k, "kiosk.next"));
  kgt_act (k, "kiosk.next");

  g_assert_true (kgt_wait_for_page (k, KIOSK_TYPE_PIN_PAGE, 10000));
  g_assert_true (kiosk_store_is_enrolled (k->store));
  g_assert_false (kiosk_store_has_staff_pin (k->store));
  for (guint round = 0; round < 2; round++)
    {
      for (const char *p = "97531"; *p != '\0'; p++)
        {
          char key[2] = { *p, '\0' };
          kgt_act_s (k, "kiosk.key", key);
        }
      kgt_act (k, "kiosk.next");
    }
  g_assert_true (kgt_wait_for_page (k, KIOSK_TYPE_STAFF_PAGE, 10000));
  g_assert_true (kiosk_store_has_staff_pin (k->store));
  kgt_run (100);
  g_assert_true (kgt_can (k, "kiosk.sync-now"));
  {
    g_autofree char *saved = g_settings_get_string (k->settings, "aggregator-url");
    g_assert_cmpstr (saved, ==, f->agg.url);
  }
}

int
main (int   argc,
      char *argv[])
{
  kgt_init (&argc, &argv);

  g_test_add ("/kiosk/end-to-end/family-visit-delivered", Fixture, GINT_TO_POINTER (TRUE),
              setup, test_family_visit, teardown);
  g_test_add ("/kiosk/end-to-end/unknown-code", Fixture, GINT_TO_POINTER (TRUE),
              setup, test_unknown_code, teardown);
  g_test_add ("/kiosk/end-to-end/goals-set-then-reviewed", Fixture, GINT_TO_POINTER (TRUE),
              setup, test_goals_then_review, teardown);
  g_test_add ("/kiosk/end-to-end/staff-enrols-tablet", Fixture, GINT_TO_POINTER (FALSE),
              setup, test_staff_enrols, teardown);

  return g_test_run ();
}
