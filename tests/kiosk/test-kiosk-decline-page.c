/* test-kiosk-decline-page.c — "Do you want to stop answering these?"
 * (kiosk/pages/decline/kiosk-decline-page.c): it names the part, says
 * what stopping means (the month's "not again" only for a child with a
 * code), has easy-read words, and is freed when it goes. */
#include "config.h"

#include "kiosk-decline-page.h"
#include "kiosk-gui-test.h"

static KioskSession *
feedback_session (const char *code)
{
  KioskSession *session = kiosk_session_new ("en", FALSE);
  g_autoptr(KvForm) experience = kt_shipped_form ("experience");

  kiosk_session_set_child (session, code, NULL);
  g_assert_true (kiosk_session_add_form (session, experience));
  return session;
}

static void
test_words (void)
{
  g_autoptr(KioskSession) session = feedback_session ("K7Q3-MX2P");
  GtkWidget *page = g_object_ref_sink (kiosk_decline_page_new (session, 0));

  g_assert_nonnull (kgt_find_text (page, "Stop answering these questions?"));
  g_assert_nonnull (kgt_find_text (page, kv_form_get_title (kiosk_session_get_form (session, 0), FALSE)));
  g_assert_nonnull (kgt_find_text (page, "That is fine. If you stop, none of your answers to these "
                                         "questions will be sent. Your other answers are kept. "
                                         "We will not ask you about this again this month."));

  kiosk_screen_set_easy_read (KIOSK_SCREEN (page), TRUE);
  g_assert_true (kiosk_screen_get_easy_read (KIOSK_SCREEN (page)));
  g_assert_nonnull (kgt_find_text (page, "Do you want to stop?"));
  g_assert_nonnull (kgt_find_text (page, kv_form_get_title (kiosk_session_get_form (session, 0), TRUE)));
  g_assert_nonnull (kgt_find_text (page, "That is OK. We will not send your answers to these questions. "
                                         "We will not ask you again this month."));
  g_assert_null (kgt_find_text (page, "Stop answering these questions?"));

  g_assert_finalize_object (page);
}

/* Without a code nothing is noted against a child, so nothing is said
 * about the month. */
static void
test_no_code (void)
{
  g_autoptr(KioskSession) session = feedback_session (NULL);
  GtkWidget *page = g_object_ref_sink (kiosk_decline_page_new (session, 0));

  g_assert_nonnull (kgt_find_text (page, "That is fine. If you stop, none of your answers to these "
                                         "questions will be sent. Your other answers are kept."));
  g_object_set (page, "easy-read", TRUE, NULL);
  g_assert_nonnull (kgt_find_text (page, "That is OK. We will not send your answers to these questions."));

  g_assert_finalize_object (page);
}

int
main (int   argc,
      char *argv[])
{
  kgt_init (&argc, &argv);

  g_test_add_func ("/kiosk/decline-page/words", test_words);
  g_test_add_func ("/kiosk/decline-page/no-code", test_no_code);

  return g_test_run ();
}
