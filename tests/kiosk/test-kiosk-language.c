/* test-kiosk-language.c — a language chosen at Welcome lasts one session.
 *
 * Uses a test-only catalogue, "xx", compiled at build time from
 * data/xx.po, in which every translated string is marked "[xx]". */
#include "config.h"

#include <glib/gstdio.h>
#include <glib/gi18n.h>

#include "kiosk-gui-test.h"
#include "kiosk-language.h"
#include "kiosk-question-page.h"
#include "kiosk-respondent-page.h"
#include "kiosk-still-there-page.h"
#include "kiosk-welcome-page.h"

#define CHILD \
  "{\"code\": \"%s\", \"age_band\": \"under-18\", \"dsr\": \"amber\"," \
  " \"goal_set\": {\"version\": 4, \"goals\": [" \
  "   {\"id\": \"g1\", \"text\": \"Sleep through most nights\", \"baseline\": -2}]}," \
  " \"due\": [\"gas-review\"]}"

static char *locale_dir;

static void
install_catalogue (void)
{
  g_autofree char *mo = g_test_build_filename (G_TEST_BUILT, "keyvoice.mo", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *target = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  locale_dir = g_dir_make_tmp ("kiosk-locale-XXXXXX", &error);
  g_assert_no_error (error);
  dir = g_build_filename (locale_dir, "xx", "LC_MESSAGES", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  target = g_build_filename (dir, "keyvoice.mo", NULL);

  g_file_get_contents (mo, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (target, contents, length, &error);
  g_assert_no_error (error);

  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
}

static void
setup (KgtFixture    *f,
       gconstpointer  data)
{
  const char *languages[] = { "en", "xx", NULL };

  kgt_setup (f, CHILD);
  g_settings_set_strv (f->settings, "languages", languages);
  kiosk_window_reset (f->window);
}

static void
teardown (KgtFixture    *f,
          gconstpointer  data)
{
  kgt_teardown (f);
}

static void
test_session_language (KgtFixture    *f,
                       gconstpointer  data)
{
  g_autoptr(JsonNode) batch = NULL;

  g_assert_nonnull (kgt_find_text (kgt_page (f), "_Start"));
  g_assert_nonnull (kgt_find_text (kgt_page (f), "English"));

  kgt_act_s (f, "kiosk.language", "xx");
  /* The welcome page is rebuilt in the new language once the click is
   * over. */
  kgt_run (50);
  g_assert_true (KIOSK_IS_WELCOME_PAGE (kgt_page (f)));
  g_assert_nonnull (kgt_find_text (kgt_page (f), "[xx] _Start"));
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "_Start"), ==, "[xx] _Start");

  /* The interface and the forms, for the whole session. */
  kgt_act (f, "kiosk.start");
  g_assert_nonnull (kgt_find_text (kgt_page (f), "[xx] Who is answering today?"));
  kgt_act_s (f, "kiosk.respondent", "young-person");
  kgt_act (f, "kiosk.next");
  kgt_type_code (f, f->code);
  kgt_act (f, "kiosk.next");
  kgt_act (f, "kiosk.next");
  g_assert_true (KIOSK_IS_QUESTION_PAGE (kgt_page (f)));
  g_assert_nonnull (kgt_find_text (kgt_page (f), "[xx] Since you set this goal, how has it gone?"));
  g_assert_nonnull (kgt_find_text (GTK_WIDGET (f->window), "[xx] How are your goals going?"));
  g_assert_nonnull (kgt_find_text (GTK_WIDGET (f->window), "[xx] Question 1 of 2"));
  /* The family's own words are never translated. */
  g_assert_nonnull (kgt_find_text (kgt_page (f), "Sleep through most nights"));

  kgt_act_s (f, "kiosk.choose", "2");
  kgt_act (f, "kiosk.next");
  kgt_act (f, "kiosk.skip");
  kgt_act (f, "kiosk.send");

  batch = kgt_outbox (f);
  g_assert_cmpstr (json_object_get_string_member (kgt_submission (batch, "gas-review"), "locale"),
                   ==, "xx_GB");

  /* After the session, the kiosk is back in its own language. */
  kgt_act (f, "kiosk.finish");
  g_assert_true (KIOSK_IS_WELCOME_PAGE (kgt_page (f)));
  g_assert_nonnull (kgt_find_text (kgt_page (f), "_Start"));
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "_Start"), ==, "_Start");
  g_assert_null (kiosk_language_get_current ());
}

/* A family that picked a language and walked away: the idle wipe puts
 * the language back too. */
static void
test_wipe_resets_language (KgtFixture    *f,
                           gconstpointer  data)
{
  g_autofree char *language = NULL;

  g_settings_set_uint (f->settings, "idle-timeout", 1);
  g_settings_set_uint (f->settings, "still-there-countdown", 1);
  kgt_act_s (f, "kiosk.language", "xx");
  g_assert_true (gtk_widget_activate_action (kgt_page (f), "kiosk.easy-read", NULL));
  kgt_run (50);
  g_assert_nonnull (kgt_find_text (kgt_page (f), "[xx] _Start"));

  /* Welcome with a language chosen is not blank: it times out too. */
  g_assert_true (kgt_wait_for_page (f, KIOSK_TYPE_STILL_THERE_PAGE, 3000));
  kgt_run (1500);
  g_assert_true (KIOSK_IS_WELCOME_PAGE (kgt_page (f)));
  g_assert_nonnull (kgt_find_text (kgt_page (f), "_Start"));

  g_object_get (f->window, "language", &language, NULL);
  g_assert_cmpstr (language, ==, "en");
  {
    gboolean easy_read = TRUE;
    g_object_get (f->window, "easy-read", &easy_read, NULL);
    g_assert_false (easy_read);
  }
}

static void
test_autonyms (void)
{
  g_assert_cmpstr (kiosk_language_get_name ("cy"), ==, "Cymraeg");
  g_assert_cmpstr (kiosk_language_get_name ("pl_PL.UTF-8"), ==, "Polski");
  g_assert_cmpstr (kiosk_language_get_name ("xx"), ==, "xx");

  kiosk_language_apply ("ur");
  g_assert_cmpint (gtk_widget_get_default_direction (), ==, GTK_TEXT_DIR_RTL);
  kiosk_language_apply (NULL);
  g_assert_cmpint (gtk_widget_get_default_direction (), ==, GTK_TEXT_DIR_LTR);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  kgt_init (&argc, &argv);
  install_catalogue ();

  g_test_add_func ("/kiosk/language/autonyms-and-direction", test_autonyms);
  g_test_add ("/kiosk/language/lasts-one-session", KgtFixture, NULL,
              setup, test_session_language, teardown);
  g_test_add ("/kiosk/language/wipe-resets-language", KgtFixture, NULL,
              setup, test_wipe_resets_language, teardown);

  status = g_test_run ();

  {
    g_autofree char *mo = g_build_filename (locale_dir, "xx", "LC_MESSAGES", "keyvoice.mo", NULL);
    g_autofree char *lc = g_build_filename (locale_dir, "xx", "LC_MESSAGES", NULL);
    g_autofree char *xx = g_build_filename (locale_dir, "xx", NULL);
    g_unlink (mo);
    g_rmdir (lc);
    g_rmdir (xx);
    g_rmdir (locale_dir);
    g_free (locale_dir);
  }
  return status;
}
