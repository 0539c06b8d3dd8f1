/* test-kiosk-submission.c — one form's hand-in before Send
 * (kiosk/core/kiosk-submission.c): its id and start fixed when the session
 * starts, the defaults a family who changes nothing sends, what the setters
 * keep and refuse, and the wire names of respondents and modes
 * (docs/api.md). */
#include "config.h"

#include "kiosk-test-util.h"

static void
test_new (void)
{
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  g_autoptr(KioskSubmission) submission = kiosk_submission_new ("family-qol", 3);
  g_autoptr(GDateTime) after = g_date_time_new_now_utc ();
  g_autoptr(KioskSubmission) other = kiosk_submission_new ("family-qol", 3);
  const char *id = kiosk_submission_get_id (submission);
  GDateTime *started_at = kiosk_submission_get_started_at (submission);
  g_autofree char *lower = g_ascii_strdown (id, -1);

  /* A lower-case UUID, a new one each time: two sessions of the same form
   * are two submissions. */
  g_assert_true (g_uuid_string_is_valid (id));
  g_assert_cmpstr (id, ==, lower);
  g_assert_cmpstr (id, !=, kiosk_submission_get_id (other));
  /* The id does not change once made. */
  g_assert_true (kiosk_submission_get_id (submission) == id);

  g_assert_cmpstr (kiosk_submission_get_form (submission), ==, "family-qol");
  g_assert_cmpuint (kiosk_submission_get_form_version (submission), ==, 3);

  /* Started now, in UTC. */
  g_assert_cmpint (g_date_time_compare (before, started_at), <=, 0);
  g_assert_cmpint (g_date_time_compare (started_at, after), <=, 0);
  g_assert_cmpint (g_date_time_get_utc_offset (started_at), ==, 0);
}

/* What a family who answers without changing anything sends. */
static void
test_defaults (void)
{
  g_autoptr(KioskSubmission) submission = kiosk_submission_new ("gas-review", 1);

  g_assert_null (kiosk_submission_get_child (submission));
  g_assert_cmpint (kiosk_submission_get_respondent (submission), ==,
                   KIOSK_RESPONDENT_PARENT_CARER);
  g_assert_cmpint (kiosk_submission_get_mode (submission), ==, KIOSK_MODE_SELF);
  g_assert_cmpstr (kiosk_submission_get_locale (submission), ==, "en_GB");
  g_assert_false (kiosk_submission_get_easy_read (submission));
  g_assert_cmpuint (kiosk_submission_get_goal_set (submission), ==, 0);
}

static void
test_setters (void)
{
  g_autoptr(KioskSubmission) submission = kiosk_submission_new ("gas-review", 1);

  kiosk_submission_set_child (submission, KT_CHILD);
  g_assert_cmpstr (kiosk_submission_get_child (submission), ==, KT_CHILD);
  /* An empty code is no code: a family without one. */
  kiosk_submission_set_child (submission, "");
  g_assert_null (kiosk_submission_get_child (submission));
  kiosk_submission_set_child (submission, KT_CHILD);
  kiosk_submission_set_child (submission, NULL);
  g_assert_null (kiosk_submission_get_child (submission));

  kiosk_submission_set_respondent (submission, KIOSK_RESPONDENT_KEYWORKER);
  g_assert_cmpint (kiosk_submission_get_respondent (submission), ==, KIOSK_RESPONDENT_KEYWORKER);
  kiosk_submission_set_mode (submission, KIOSK_MODE_PROXY);
  g_assert_cmpint (kiosk_submission_get_mode (submission), ==, KIOSK_MODE_PROXY);
  kiosk_submission_set_locale (submission, "cy_GB");
  g_assert_cmpstr (kiosk_submission_get_locale (submission), ==, "cy_GB");
  /* Any true value is TRUE, as the wire's boolean needs. */
  kiosk_submission_set_easy_read (submission, 2);
  g_assert_cmpint (kiosk_submission_get_easy_read (submission), ==, TRUE);
  kiosk_submission_set_easy_read (submission, FALSE);
  g_assert_cmpint (kiosk_submission_get_easy_read (submission), ==, FALSE);
  kiosk_submission_set_goal_set (submission, 4);
  g_assert_cmpuint (kiosk_submission_get_goal_set (submission), ==, 4);
}

/* A value that cannot be sent is refused where it is set, and the
 * submission keeps what it had. */
static void
test_setters_refuse (void)
{
  g_autoptr(KioskSubmission) submission = kiosk_submission_new ("family-qol", 1);

  kiosk_submission_set_respondent (submission, KIOSK_RESPONDENT_BOTH);
  g_test_expect_message ("keyvoice-kiosk-core", G_LOG_LEVEL_CRITICAL, "*respondent*");
  kiosk_submission_set_respondent (submission, KIOSK_RESPONDENT_KEYWORKER + 1);
  g_test_assert_expected_messages ();
  g_assert_cmpint (kiosk_submission_get_respondent (submission), ==, KIOSK_RESPONDENT_BOTH);

  kiosk_submission_set_mode (submission, KIOSK_MODE_ASSISTED);
  g_test_expect_message ("keyvoice-kiosk-core", G_LOG_LEVEL_CRITICAL, "*mode*");
  kiosk_submission_set_mode (submission, KIOSK_MODE_PROXY + 1);
  g_test_assert_expected_messages ();
  g_assert_cmpint (kiosk_submission_get_mode (submission), ==, KIOSK_MODE_ASSISTED);

  g_test_expect_message ("keyvoice-kiosk-core", G_LOG_LEVEL_CRITICAL, "*locale*");
  kiosk_submission_set_locale (submission, "");
  g_test_assert_expected_messages ();
  g_assert_cmpstr (kiosk_submission_get_locale (submission), ==, "en_GB");

  /* A form needs an id and a version of at least 1. */
  g_test_expect_message ("keyvoice-kiosk-core", G_LOG_LEVEL_CRITICAL, "*form_id*");
  g_assert_null (kiosk_submission_new ("", 1));
  g_test_assert_expected_messages ();
  g_test_expect_message ("keyvoice-kiosk-core", G_LOG_LEVEL_CRITICAL, "*form_version*");
  g_assert_null (kiosk_submission_new ("family-qol", 0));
  g_test_assert_expected_messages ();
}

/* The names of docs/api.md, both ways; only these names. */
static void
test_wire_names (void)
{
  static const struct
  {
    KioskRespondent respondent;
    const char     *name;
  } respondents[] = {
    { KIOSK_RESPONDENT_YOUNG_PERSON, "young-person" },
    { KIOSK_RESPONDENT_PARENT_CARER, "parent-carer" },
    { KIOSK_RESPONDENT_BOTH, "both" },
    { KIOSK_RESPONDENT_SOMEONE_HELPING, "someone-helping" },
    { KIOSK_RESPONDENT_KEYWORKER, "keyworker" },
  };
  static const struct
  {
    KioskMode   mode;
    const char *name;
  } modes[] = {
    { KIOSK_MODE_SELF, "self" },
    { KIOSK_MODE_ASSISTED, "assisted" },
    { KIOSK_MODE_PROXY, "proxy" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (respondents); i++)
    {
      KioskRespondent respondent = i == 0 ? KIOSK_RESPONDENT_KEYWORKER
                                          : KIOSK_RESPONDENT_YOUNG_PERSON;

      g_assert_cmpstr (kiosk_respondent_to_string (respondents[i].respondent), ==,
                       respondents[i].name);
      g_assert_true (kiosk_respondent_from_string (respondents[i].name, &respondent));
      g_assert_cmpint (respondent, ==, respondents[i].respondent);
    }
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      KioskMode mode = i == 0 ? KIOSK_MODE_PROXY : KIOSK_MODE_SELF;

      g_assert_cmpstr (kiosk_mode_to_string (modes[i].mode), ==, modes[i].name);
      g_assert_true (kiosk_mode_from_string (modes[i].name, &mode));
      g_assert_cmpint (mode, ==, modes[i].mode);
    }
}

static void
test_unknown_wire_names (void)
{
  static const char * const unknown[] = {
    "", "Parent-carer", "parent_carer", "parent carer", "self ", "Self", "helper", "3",
  };
  KioskRespondent respondent = KIOSK_RESPONDENT_SOMEONE_HELPING;
  KioskMode mode = KIOSK_MODE_ASSISTED;

  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      g_assert_false (kiosk_respondent_from_string (unknown[i], &respondent));
      g_assert_false (kiosk_mode_from_string (unknown[i], &mode));
    }
  g_assert_false (kiosk_respondent_from_string (NULL, &respondent));
  g_assert_false (kiosk_mode_from_string (NULL, &mode));
  /* A refused name leaves the value as it was. */
  g_assert_cmpint (respondent, ==, KIOSK_RESPONDENT_SOMEONE_HELPING);
  g_assert_cmpint (mode, ==, KIOSK_MODE_ASSISTED);
  /* A respondent's name is not a mode, nor the other way round. */
  g_assert_false (kiosk_mode_from_string ("keyworker", &mode));
  g_assert_false (kiosk_respondent_from_string ("proxy", &respondent));
}

/* The journey and the pages share one submission: a reference keeps it
 * whole after the first is let go. */
static void
test_ref (void)
{
  KioskSubmission *submission = kiosk_submission_new ("family-qol", 1);
  KioskSubmission *copy = g_boxed_copy (KIOSK_TYPE_SUBMISSION, submission);
  g_autofree char *id = g_strdup (kiosk_submission_get_id (submission));

  g_assert_true (copy == submission);
  kiosk_submission_set_child (submission, KT_CHILD);
  kiosk_submission_unref (submission);
  g_assert_cmpstr (kiosk_submission_get_id (copy), ==, id);
  g_assert_cmpstr (kiosk_submission_get_child (copy), ==, KT_CHILD);
  g_boxed_free (KIOSK_TYPE_SUBMISSION, copy);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk/submission/new", test_new);
  g_test_add_func ("/kiosk/submission/defaults", test_defaults);
  g_test_add_func ("/kiosk/submission/setters", test_setters);
  g_test_add_func ("/kiosk/submission/setters-refuse", test_setters_refuse);
  g_test_add_func ("/kiosk/submission/wire-names", test_wire_names);
  g_test_add_func ("/kiosk/submission/unknown-wire-names", test_unknown_wire_names);
  g_test_add_func ("/kiosk/submission/ref", test_ref);

  return g_test_run ();
}
