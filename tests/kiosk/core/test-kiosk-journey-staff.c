/* test-kiosk-journey-staff.c — staff mode and the code look-up through
 * the journey, without a window: the PIN, setting goals, Back in staff
 * mode, the long press, and a code the service does not know. */
#include "config.h"

#include "kiosk-journey-test.h"
#include "kiosk-test-server.h"

#ifndef KT_JOURNEY_LOOKUP
#define KT_JOURNEY_LOOKUP FALSE
#endif

/* ---- Staff --------------------------------------------------------------- */

/* Into staff mode with a PIN, goals set with the family as a gas-goals
 * submission (keyworker, assisted), Finish out to Welcome. */
static void
test_staff_sets_goals (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(JsonNode) goals = NULL;
  g_autoptr(JsonNode) batch = NULL;
  JsonObject *submission;
  KioskChrome c;

  kiosk_journey_staff (f->journey);
  g_assert_false (kiosk_journey_get_choose_pin (f->journey));
  c = kj_chrome (f);
  g_assert_cmpint (c.back_label, ==, KIOSK_BACK_LABEL_CANCEL);
  g_assert_cmpint (c.next_label, ==, KIOSK_NEXT_LABEL_OK);
  g_assert_false (c.can_next);
  kiosk_journey_set_entry (f->journey, NULL, TRUE);
  g_assert_cmpint (kiosk_journey_next (f->journey), ==, KIOSK_NEXT_CHECK_PIN);
  kiosk_journey_staff_unlocked (f->journey);
  c = kj_chrome (f);
  g_assert_cmpint (c.back_label, ==, KIOSK_BACK_LABEL_CLOSE_STAFF);
  g_assert_false (c.next_shown || c.can_next);
  g_assert_true (c.can_staff);

  kiosk_journey_set_goals (f->journey);
  g_assert_true (kiosk_journey_is_setting_goals (f->journey));
  g_assert_false (kj_chrome (f).can_no_code);
  kiosk_journey_no_code (f->journey);
  g_assert_cmpint (kiosk_session_get_respondent (kj_session (f)), ==, KIOSK_RESPONDENT_KEYWORKER);
  g_assert_cmpint (kiosk_session_get_mode (kj_session (f)), ==, KIOSK_MODE_ASSISTED);
  kj_type_code (f, f->typed);
  kiosk_journey_next (f->journey);
  kj_expect_pages (f, KIOSK_PAGE_WELCOME, KIOSK_PAGE_PIN, KIOSK_PAGE_STAFF, KIOSK_PAGE_CODE,
                KIOSK_PAGE_QUESTION, END);

  g_assert_cmpstr (kj_item_id (f), ==, "about");
  kiosk_journey_next (f->journey);
  g_assert_cmpstr (kj_item_id (f), ==, "goals");
  g_assert_false (kj_chrome (f).can_next);
  goals = kt_json ("[{\"id\": \"g1\", \"text\": \"Synthetic goal three\", \"baseline\": -2},"
                   " {\"id\": \"g2\", \"text\": \"Synthetic goal four\", \"baseline\": -1}]");
  kiosk_session_set_answer (kj_session (f), kiosk_journey_get_step (f->journey),
                            json_node_copy (goals));
  g_assert_true (kj_chrome (f).can_next);
  kiosk_journey_next (f->journey);
  g_assert_true (kiosk_journey_send (f->journey, NULL));
  g_assert_false (kiosk_journey_is_setting_goals (f->journey));

  batch = kt_outbox_opened (f->store);
  submission = kt_submission (batch, "gas-goals");
  g_assert_cmpstr (json_object_get_string_member (submission, "mode"), ==, "assisted");
  g_assert_cmpstr (json_object_get_string_member (submission, "respondent"), ==, "keyworker");
  g_assert_cmpstr (json_object_get_string_member (submission, "child"), ==, f->code);
  g_assert_true (json_node_equal (json_object_get_member (json_object_get_object_member (submission, "answers"),
                                                          "goals"), goals));

  kiosk_journey_next (f->journey);
  kj_expect_pages (f, KIOSK_PAGE_QUESTION, KIOSK_PAGE_REVIEW, KIOSK_PAGE_THANKS, KIOSK_PAGE_WELCOME, END);
}

/* Back in staff mode: from the goals' code page to the staff page, from a
 * new PIN back to the staff page, and out; Cancel on a PIN never asked
 * for staff mode goes to Welcome. */
static void
test_staff_back (Fixture       *f,
                 gconstpointer  data)
{
  kiosk_journey_staff (f->journey);
  kiosk_journey_back (f->journey);
  kiosk_journey_staff (f->journey);
  kiosk_journey_staff_unlocked (f->journey);
  kiosk_journey_set_goals (f->journey);
  kiosk_journey_back (f->journey);
  g_assert_null (kj_session (f));
  g_assert_false (kiosk_journey_is_setting_goals (f->journey));
  kiosk_journey_change_pin (f->journey);
  g_assert_true (kiosk_journey_get_choose_pin (f->journey));
  kiosk_journey_back (f->journey);
  kiosk_journey_staff (f->journey);       /* already in staff mode: nothing */
  kiosk_journey_back (f->journey);
  kj_expect_pages (f, KIOSK_PAGE_WELCOME, KIOSK_PAGE_PIN, KIOSK_PAGE_WELCOME,
                KIOSK_PAGE_WELCOME, KIOSK_PAGE_PIN, KIOSK_PAGE_STAFF, KIOSK_PAGE_CODE,
                KIOSK_PAGE_STAFF, KIOSK_PAGE_PIN, KIOSK_PAGE_STAFF, KIOSK_PAGE_WELCOME, END);
  g_assert_true (kiosk_journey_is_blank (f->journey));
}

/* Staff mode never opens over a family's answers. */
static void
test_staff_clears_session (Fixture       *f,
                           gconstpointer  data)
{
  kj_reach_forms (f, "parent-carer");
  kiosk_journey_next (f->journey);
  kj_answer_i (f, 2);
  kiosk_journey_staff (f->journey);
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_PIN);
  g_assert_null (kj_session (f));
  g_assert_cmpuint (f->wiped, ==, 1);
  kiosk_journey_back (f->journey);
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_WELCOME);
}

/* Holding the corner for staff-hold-seconds opens the PIN screen; letting
 * go before that does nothing. */
static void
test_staff_corner (Fixture       *f,
                   gconstpointer  data)
{
  g_settings_set_double (f->settings, "staff-hold-seconds", 1.0);

  /* Real time, not stretched for slow runs: letting go must come first. */
  kiosk_journey_press_staff_corner (f->journey);
  kj_run_for (300);
  kiosk_journey_release_staff_corner (f->journey);
  kj_run_for (1200);
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_WELCOME);

  kiosk_journey_press_staff_corner (f->journey);
  kj_run_until (NULL, 0, 1600);
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_PIN);
}

/* ---- A code the service does not know --------------------------------- */

/* Through the uploader against a fake aggregator that knows no code:
 * while it looks, neither Next, Back nor "no code" may be pressed; then
 * the code page says so.  A look-up overtaken by a wipe is dropped. */
static void
test_code_unknown (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(KtServer) server = kt_server_new ();
  KioskUploader *uploader = kiosk_uploader_new (f->store);
  guint n;
  KioskChrome c;

  kt_enrol (f->store, kt_server_get_url (server), kt_server_get_keypair (server));
  g_assert_finalize_object (f->journey);
  kj_start_journey (f, uploader);

  kiosk_journey_start (f->journey);
  kiosk_journey_set_respondent (f->journey, "parent-carer");
  kiosk_journey_next (f->journey);
  kj_type_code (f, f->typed);
  kiosk_journey_next (f->journey);
  g_assert_true (kiosk_journey_is_looking_up (f->journey));
  g_assert_cmpint (g_array_index (f->notices, int, 0), ==, KIOSK_NOTICE_LOOKING_UP);
  c = kj_chrome (f);
  g_assert_false (c.can_next || c.can_back || c.can_no_code);

  n = f->notices->len;
  kj_run_until (&f->notices->len, n, 10000);
  g_assert_cmpuint (f->notices->len, ==, 3);
  g_assert_cmpint (g_array_index (f->notices, int, 1), ==, KIOSK_NOTICE_NONE);
  g_assert_cmpint (g_array_index (f->notices, int, 2), ==, KIOSK_NOTICE_CODE_UNKNOWN);
  g_assert_false (kiosk_journey_is_looking_up (f->journey));
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_CODE);
  g_assert_null (kiosk_session_get_code (kj_session (f)));
  g_assert_true (kj_chrome (f).can_no_code);

  /* Again, but the kiosk is wiped while it looks. */
  kiosk_journey_next (f->journey);
  g_assert_true (kiosk_journey_is_looking_up (f->journey));
  kiosk_journey_reset (f->journey);
  g_assert_false (kiosk_journey_is_looking_up (f->journey));
  n = f->notices->len;
  kj_run_until (NULL, 0, 1000);
  g_assert_cmpuint (f->notices->len, ==, n);
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_WELCOME);

  g_object_run_dispose (G_OBJECT (f->journey));
  g_object_unref (uploader);
  kj_run_until (NULL, 0, 200);
}

/* ---- First start ---------------------------------------------------------- */

/* A tablet with neither a PIN nor an enrolment: staff mode asks for the
 * service's address and enrolment code, not for a PIN, and nothing gets
 * past that page without enrolling. */
static void
test_first_start_needs_code (Fixture       *f,
                             gconstpointer  data)
{
  KioskChrome c;

  g_assert_false (kiosk_store_has_staff_pin (f->store));
  kiosk_journey_staff (f->journey);
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_SETUP);
  c = kj_chrome (f);
  g_assert_false (c.can_next);
  g_assert_cmpint (c.back_label, ==, KIOSK_BACK_LABEL_CANCEL);

  /* Ctrl+Alt+S again, or the corner held again: still the set-up. */
  kiosk_journey_staff (f->journey);
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_SETUP);

  kiosk_journey_set_entry (f->journey, NULL, TRUE);
  g_assert_cmpint (kiosk_journey_next (f->journey), ==, KIOSK_NEXT_ENROL);
  kiosk_journey_enrol (f->journey, "  ", "KT-GOOD-CODE");
  g_assert_cmpint (g_array_index (f->notices, int, f->notices->len - 1), ==,
                   KIOSK_NOTICE_SETUP_INCOMPLETE);
  /* No way to reach a service (no uploader): refused, and no PIN page. */
  kiosk_journey_enrol (f->journey, "http://127.0.0.1:9", "KT-GOOD-CODE");
  g_assert_cmpint (g_array_index (f->notices, int, f->notices->len - 1), ==,
                   KIOSK_NOTICE_ENROL_FAILED);
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_SETUP);

  kiosk_journey_back (f->journey);
  kj_expect_pages (f, KIOSK_PAGE_WELCOME, KIOSK_PAGE_SETUP, KIOSK_PAGE_WELCOME, END);
  g_assert_false (kiosk_store_has_staff_pin (f->store));
}

/* Through the uploader against a fake aggregator: a wrong code is
 * refused, the right one enrols the tablet, and only then is a PIN
 * chosen. */
static void
test_first_start_enrols (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(KtServer) server = kt_server_new ();
  KioskUploader *uploader = kiosk_uploader_new (f->store);
  guint n;

  g_assert_finalize_object (f->journey);
  kj_start_journey (f, uploader);

  kiosk_journey_staff (f->journey);
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_SETUP);
  kiosk_journey_set_entry (f->journey, NULL, TRUE);

  n = f->notices->len;
  kiosk_journey_enrol (f->journey, kt_server_get_url (server), "KT-WRONG-CODE");
  g_assert_true (kiosk_journey_is_enrolling (f->journey));
  g_assert_false (kj_chrome (f).can_next);
  kj_run_until (&f->notices->len, n + 1, 10000);
  g_assert_cmpint (g_array_index (f->notices, int, f->notices->len - 1), ==,
                   KIOSK_NOTICE_ENROL_FAILED);
  g_assert_nonnull (kiosk_journey_get_setup_error (f->journey));
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_SETUP);
  g_assert_false (kiosk_store_is_enrolled (f->store));

  kiosk_journey_enrol (f->journey, kt_server_get_url (server), KT_ENROL_CODE);
  for (guint i = 0; i < 500 && kiosk_journey_get_page (f->journey) == KIOSK_PAGE_SETUP; i++)
    kj_run_for (20);
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_PIN);
  g_assert_true (kiosk_journey_get_choose_pin (f->journey));
  g_assert_true (kiosk_store_is_enrolled (f->store));

  /* From now on the tablet is enrolled: no set-up again. */
  kiosk_journey_back (f->journey);
  kiosk_journey_staff (f->journey);
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_PIN);

  g_object_run_dispose (G_OBJECT (f->journey));
  g_object_unref (uploader);
  kj_run_until (NULL, 0, 200);
}

/* From staff mode, the set-up page enrols the tablet again: Cancel goes
 * back to staff mode, not to Welcome, and so does a new enrolment, with
 * the PIN as it was. */
static void
test_enrol_again (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(KtServer) server = kt_server_new ();
  g_autoptr(KioskEnrolment) enrolment = NULL;
  g_autoptr(GError) error = NULL;
  KioskUploader *uploader = kiosk_uploader_new (f->store);

  g_assert_finalize_object (f->journey);
  kj_start_journey (f, uploader);
  g_assert_true (kiosk_store_is_enrolled (f->store));
  kiosk_store_set_staff_pin (f->store, "2468", &error);
  g_assert_no_error (error);

  /* Not from Welcome: only from staff mode. */
  kiosk_journey_enrol_again (f->journey);
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_WELCOME);

  kiosk_journey_staff (f->journey);
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_PIN);
  kiosk_journey_staff_unlocked (f->journey);
  kiosk_journey_enrol_again (f->journey);
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_SETUP);
  g_assert_true (kiosk_journey_is_enrolling_again (f->journey));
  g_assert_cmpint (kj_chrome (f).back_label, ==, KIOSK_BACK_LABEL_CANCEL);
  kiosk_journey_back (f->journey);
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_STAFF);

  kiosk_journey_enrol_again (f->journey);
  kiosk_journey_set_entry (f->journey, NULL, TRUE);
  kiosk_journey_enrol (f->journey, kt_server_get_url (server), KT_ENROL_CODE);
  for (guint i = 0; i < 500 && kiosk_journey_get_page (f->journey) == KIOSK_PAGE_SETUP; i++)
    kj_run_for (20);
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_STAFF);
  g_assert_false (kiosk_journey_get_choose_pin (f->journey));
  g_assert_true (kiosk_store_has_staff_pin (f->store));
  enrolment = kiosk_store_get_enrolment (f->store, NULL);
  g_assert_nonnull (enrolment);
  g_assert_cmpstr (kiosk_enrolment_get_aggregator_url (enrolment), ==, kt_server_get_url (server));

  g_object_run_dispose (G_OBJECT (f->journey));
  g_object_unref (uploader);
  kj_run_until (NULL, 0, 200);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, setup_data, func) \
  g_test_add ("/kiosk/journey/" path, Fixture, &setup_data, kj_setup, func, kj_teardown)

  /* The case with a fake aggregator is built on its own as
   * test-kiosk-journey-lookup (tests/kiosk/core/meson.build): libsoup
   * 3.2's known leaks are suppressed only with full stacks, which the
   * sanitizer phase gives the "kiosk-core" suite but not "kiosk". */
  if (KT_JOURNEY_LOOKUP)
    {
      ADD ("code-unknown-to-the-service", kj_uncached, test_code_unknown);
      ADD ("first-start-enrols-before-pin", kj_not_enrolled, test_first_start_enrols);
      ADD ("staff-enrols-again", kj_review_qol, test_enrol_again);
      return g_test_run ();
    }

  ADD ("staff-sets-goals", kj_review_qol, test_staff_sets_goals);
  ADD ("staff-back", kj_review_qol, test_staff_back);
  ADD ("staff-clears-session", kj_review_qol, test_staff_clears_session);
  ADD ("staff-corner-hold", kj_review_qol, test_staff_corner);
  ADD ("first-start-needs-enrolment-code", kj_not_enrolled, test_first_start_needs_code);

#undef ADD

  return g_test_run ();
}
