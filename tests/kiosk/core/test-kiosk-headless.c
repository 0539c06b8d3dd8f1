/* test-kiosk-headless.c — `keyvoice-kiosk --enrol URL CODE` and `--sync`:
 * exit statuses and a one-line summary that never shows a code, an answer
 * or a token.  Each case runs in a subprocess (it prints), which prints
 * "exit=N" for the parent to check. */
#include "config.h"

#include "kiosk-test-server.h"

static KioskStore *
open_store (const char *dir)
{
  g_autoptr(GError) error = NULL;
  KioskStore *store = kiosk_store_open (dir, &error);

  g_assert_no_error (error);
  return store;
}

/* Runs the current test in a subprocess and checks what it printed. */
static void
expect (const char *exit_line,
        const char *stdout_pattern,
        const char *stderr_pattern)
{
  /* Only against a hang; a sanitized run is many times slower. */
  g_test_trap_subprocess (NULL, (guint64) 30 * G_USEC_PER_SEC * kt_slowdown (),
                          G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout (exit_line);
  if (stdout_pattern != NULL)
    g_test_trap_assert_stdout (stdout_pattern);
  if (stderr_pattern != NULL)
    g_test_trap_assert_stderr (stderr_pattern);
  /* Privacy: no child code, answer or token on either stream. */
  g_test_trap_assert_stdout_unmatched ("*" KT_CHILD "*");
  g_test_trap_assert_stderr_unmatched ("*" KT_CHILD "*");
  g_test_trap_assert_stdout_unmatched ("*" KT_TOKEN "*");
  g_test_trap_assert_stderr_unmatched ("*" KT_TOKEN "*");
  g_test_trap_assert_stdout_unmatched ("*" KT_SECRET_MARKER "*");
}

/* A store enrolled to @server with three submissions, one carrying the
 * secret marker in its free text. */
static char *
prepare (KtServer   *server,
         const char *url)
{
  g_autofree char *dir = kt_data_dir ("headless");
  g_autoptr(KioskStore) store = open_store (dir);
  g_autoptr(KvForm) form = kt_load_form ("qol.xml");
  g_autoptr(KioskSubmission) submission = kiosk_submission_new ("kiosk-test-qol", 1);
  g_autoptr(JsonNode) answers = kt_json ("{\"alpha\": \"fine\", \"beta\": \"fine\", "
                                         "\"note\": \"" KT_SECRET_MARKER "\"}");
  g_autoptr(GError) error = NULL;

  kt_enrol (store, url != NULL ? url : kt_server_get_url (server), kt_server_get_keypair (server));
  g_free (kt_add_qol (store, KT_CHILD));
  g_free (kt_add_qol (store, KT_CHILD));
  kiosk_submission_set_child (submission, KT_CHILD);
  kiosk_send_submission (store, submission, form, answers, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&dir);
}

static void
test_sync_not_enrolled (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = kt_data_dir ("headless");

      g_print ("exit=%d\n", kiosk_headless_sync (dir));
      return;
    }
  expect ("*exit=3*", NULL, "*not enrolled*");
}

static void
test_sync_all_delivered (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(KtServer) server = kt_server_new ();
      g_autofree char *dir = prepare (server, NULL);
      int status = kiosk_headless_sync (dir);

      g_assert_cmpuint (kt_server_n_stored (server), ==, 3);
      g_print ("exit=%d\n", status);
      return;
    }
  expect ("*exit=0*", "*Sync: 3 delivered, 0 need attention, 0 waiting.*", NULL);
}

static void
test_sync_needs_attention (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(KtServer) server = kt_server_new ();
      g_autofree char *dir = prepare (server, NULL);

      kt_server_set_mode (server, KT_REPLY_REJECTED);
      g_print ("exit=%d\n", kiosk_headless_sync (dir));
      return;
    }
  expect ("*exit=1*", "*Sync: 0 delivered, 3 need attention, 0 waiting.*", NULL);
}

static void
test_sync_unreachable (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(KtServer) server = kt_server_new ();
      g_autofree char *closed = kt_closed_url ();
      g_autofree char *dir = prepare (server, closed);

      g_print ("exit=%d\n", kiosk_headless_sync (dir));
      return;
    }
  expect ("*exit=2*", "*Sync: 0 delivered, 0 need attention, 3 waiting.*",
          "*could not be reached*");
}

/* Nothing queued, but the aggregator is gone: cron still hears about it. */
static void
test_sync_nothing_queued_unreachable (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(KtServer) server = kt_server_new ();
      g_autofree char *closed = kt_closed_url ();
      g_autofree char *dir = kt_data_dir ("headless");
      g_autoptr(KioskStore) store = open_store (dir);

      kt_enrol (store, closed, kt_server_get_keypair (server));
      g_print ("exit=%d\n", kiosk_headless_sync (dir));
      return;
    }
  expect ("*exit=2*", "*Sync: 0 delivered, 0 need attention, 0 waiting.*", NULL);
}

static void
test_sync_captive_portal (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(KtServer) server = kt_server_new ();
      g_autofree char *dir = prepare (server, NULL);

      kt_server_set_mode (server, KT_REPLY_PORTAL);
      g_print ("exit=%d\n", kiosk_headless_sync (dir));
      return;
    }
  expect ("*exit=2*", "*3 waiting*", NULL);
}

/* A reply of 100,000 "[" once took `keyvoice-kiosk --sync` down with
 * SIGSEGV (json-glib's recursion); now it is a bad reply like any other. */
static void
test_sync_deep_reply (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(KtServer) server = kt_server_new ();
      g_autofree char *dir = prepare (server, NULL);

      kt_server_set_mode (server, KT_REPLY_DEEP);
      g_print ("exit=%d\n", kiosk_headless_sync (dir));
      return;
    }
  expect ("*exit=2*", "*3 waiting*", "*not the aggregator's*");
}

static void
test_sync_refused (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(KtServer) server = kt_server_new ();
      g_autofree char *dir = prepare (server, NULL);

      kt_server_set_mode (server, KT_REPLY_UNAUTHORIZED);
      g_print ("exit=%d\n", kiosk_headless_sync (dir));
      return;
    }
  expect ("*exit=5*", "*3 waiting*", "*enrol it again*");
}

static void
test_enrol (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(KtServer) server = kt_server_new ();
      g_autofree char *dir = kt_data_dir ("headless");
      g_autoptr(KioskStore) store = NULL;
      int status = kiosk_headless_enrol (dir, kt_server_get_url (server), KT_ENROL_CODE);

      store = open_store (dir);
      g_assert_true (kiosk_store_is_enrolled (store));
      g_assert_true (kiosk_store_has_form (store, "kiosk-test-qol", 1));
      g_print ("exit=%d\n", status);
      return;
    }
  expect ("*exit=0*", "*Enrolled; 2 forms fetched.*", NULL);
}

static void
test_enrol_bad_code (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(KtServer) server = kt_server_new ();
      g_autofree char *dir = kt_data_dir ("headless");

      g_print ("exit=%d\n", kiosk_headless_enrol (dir, kt_server_get_url (server), "KT-WRONG"));
      return;
    }
  expect ("*exit=5*", NULL, "*refused the enrolment code*");
}

static void
test_enrol_usage (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = kt_data_dir ("headless");

      /* Plain http to anything but loopback is refused before any network. */
      g_print ("exit=%d\n", kiosk_headless_enrol (dir, "http://keyvoice.example.org", "X"));
      g_print ("exit=%d\n", kiosk_headless_enrol (dir, NULL, "X"));
      return;
    }
  expect ("*exit=4*exit=4*", NULL, "*https*");
}

static void
test_enrol_unreachable (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = kt_data_dir ("headless");
      g_autofree char *closed = kt_closed_url ();

      g_print ("exit=%d\n", kiosk_headless_enrol (dir, closed, "X"));
      return;
    }
  expect ("*exit=2*", NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/kiosk/headless/sync-not-enrolled", test_sync_not_enrolled);
  g_test_add_func ("/kiosk/headless/sync-all-delivered", test_sync_all_delivered);
  g_test_add_func ("/kiosk/headless/sync-needs-attention", test_sync_needs_attention);
  g_test_add_func ("/kiosk/headless/sync-unreachable", test_sync_unreachable);
  g_test_add_func ("/kiosk/headless/sync-nothing-queued-unreachable",
                   test_sync_nothing_queued_unreachable);
  g_test_add_func ("/kiosk/headless/sync-captive-portal", test_sync_captive_portal);
  g_test_add_func ("/kiosk/headless/sync-deep-reply", test_sync_deep_reply);
  g_test_add_func ("/kiosk/headless/sync-refused", test_sync_refused);
  g_test_add_func ("/kiosk/headless/enrol", test_enrol);
  g_test_add_func ("/kiosk/headless/enrol-bad-code", test_enrol_bad_code);
  g_test_add_func ("/kiosk/headless/enrol-usage", test_enrol_usage);
  g_test_add_func ("/kiosk/headless/enrol-unreachable", test_enrol_unreachable);

  return g_test_run ();
}
