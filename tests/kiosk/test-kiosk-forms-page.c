/* test-kiosk-forms-page.c — what the family will be asked today
 * (kiosk/pages/forms/kiosk-forms-page.c): the session's forms by title,
 * numbered and in the session's wording, the promise of privacy before
 * independent feedback, and a kind word when there is nothing to do. */
#include "config.h"

#include "kiosk-gui-test.h"
#include "kiosk-forms-page.h"

static KioskSession *
session_with (gboolean             easy_read,
              const char * const  *ids)
{
  KioskSession *session = kiosk_session_new ("en", easy_read);

  kiosk_session_set_respondent (session, KIOSK_RESPONDENT_PARENT_CARER);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(KvForm) form = kt_shipped_form (ids[i]);

      g_assert_true (kiosk_session_add_form (session, form));
    }
  return session;
}

static guint
n_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

static void
assert_numbered_title (GtkWidget    *page,
                       KioskSession *session,
                       guint         index,
                       gboolean      easy_read)
{
  KvForm *form = kiosk_session_get_form (session, index);
  g_autofree char *title = g_strdup_printf ("%u. %s", index + 1,
                                            kv_form_get_title (form, easy_read));

  g_assert_nonnull (kgt_find_text (kgt_part (page, "list"), title));
}

static void
test_lists_forms (void)
{
  static const char * const ids[] = { "family-qol", "experience", NULL };
  g_autoptr(KioskSession) session = session_with (FALSE, ids);
  GtkWidget *page = g_object_ref_sink (kiosk_forms_page_new (session, NULL));

  assert_numbered_title (page, session, 0, FALSE);
  assert_numbered_title (page, session, 1, FALSE);
  g_assert_true (gtk_widget_get_visible (kgt_part (page, "list")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (kgt_part (page, "title"))), ==,
                   "Today we would like to ask you about");
  /* Said before the family chooses to give independent feedback. */
  g_assert_nonnull (kgt_find_text (page, "Private: your keyworker will not see these answers, "
                                         "and nobody can read them on this tablet."));
  g_assert_false (gtk_widget_get_visible (kgt_part (page, "note")));

  g_assert_finalize_object (page);
}

static void
test_easy_read (void)
{
  static const char * const ids[] = { "experience", NULL };
  g_autoptr(KioskSession) session = session_with (TRUE, ids);
  GtkWidget *page = g_object_ref_sink (kiosk_forms_page_new (session, NULL));

  assert_numbered_title (page, session, 0, TRUE);
  g_assert_nonnull (kgt_find_text (page, "Your keyworker will not see these answers."));
  g_assert_null (kgt_find_text (page, "Private: your keyworker will not see these answers, "
                                      "and nobody can read them on this tablet."));

  g_assert_finalize_object (page);
}

/* Only independent feedback carries the promise. */
static void
test_no_promise_for_other_forms (void)
{
  static const char * const ids[] = { "family-qol", NULL };
  g_autoptr(KioskSession) session = session_with (FALSE, ids);
  GtkWidget *page = g_object_ref_sink (kiosk_forms_page_new (session, "A note for today"));

  g_assert_null (kgt_find_text (page, "Private: your keyworker will not see these answers, "
                                      "and nobody can read them on this tablet."));
  g_assert_true (gtk_widget_get_visible (kgt_part (page, "note")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (kgt_part (page, "note"))), ==, "A note for today");

  g_assert_finalize_object (page);
}

static void
test_nothing_today (void)
{
  static const char * const none[] = { NULL };
  g_autoptr(KioskSession) session = session_with (FALSE, none);
  g_autoptr(KioskSession) easy = session_with (TRUE, none);
  GtkWidget *page = g_object_ref_sink (kiosk_forms_page_new (session, NULL));
  GtkWidget *easy_page = g_object_ref_sink (kiosk_forms_page_new (easy, NULL));

  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (kgt_part (page, "title"))), ==,
                   "There is nothing for you to answer today. Thank you for stopping by.");
  g_assert_false (gtk_widget_get_visible (kgt_part (page, "list")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (kgt_part (easy_page, "title"))), ==,
                   "There is nothing to answer today.");

  g_assert_finalize_object (page);
  g_assert_finalize_object (easy_page);
}

/* The window sets "easy-read" on the page it builds and when the choice
 * changes: the page follows, both ways, with easy-read titles, a lock
 * beside the promise, and one line with a picture that says what next. */
static void
test_easy_read_property (void)
{
  static const char * const ids[] = { "family-qol", "experience", NULL };
  g_autoptr(KioskSession) session = session_with (FALSE, ids);
  GtkWidget *page = g_object_ref_sink (kiosk_forms_page_new (session, NULL));
  gboolean easy_read = TRUE;
  guint notified = 0;

  g_object_get (page, "easy-read", &easy_read, NULL);
  g_assert_false (easy_read);
  g_assert_false (gtk_widget_get_visible (kgt_part (page, "easy")));
  g_assert_false (gtk_widget_has_css_class (page, "kiosk-easy-read"));
  kgt_count_notifies (page, "easy-read", &notified);

  g_object_set (page, "easy-read", TRUE, NULL);
  g_object_set (page, "easy-read", TRUE, NULL);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (gtk_widget_has_css_class (page, "kiosk-easy-read"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (kgt_part (page, "title"))), ==,
                   "Today we will ask you about:");
  assert_numbered_title (page, session, 0, TRUE);
  assert_numbered_title (page, session, 1, TRUE);
  g_assert_cmpuint (n_children (kgt_part (page, "list")), ==, 2);
  g_assert_nonnull (kgt_find_text (page, "Your keyworker will not see these answers."));
  g_assert_null (kgt_find_text (page, "Private: your keyworker will not see these answers, "
                                      "and nobody can read them on this tablet."));
  g_assert_true (gtk_widget_get_visible (kgt_part (page, "easy")));
  g_assert_true (gtk_widget_get_visible (kgt_part (page, "easy_start")));
  g_assert_false (gtk_widget_get_visible (kgt_part (page, "easy_done")));
  g_assert_nonnull (kgt_find_text (kgt_part (page, "easy_start"), "Press Start when you are ready."));

  g_object_set (page, "easy-read", FALSE, NULL);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_false (gtk_widget_has_css_class (page, "kiosk-easy-read"));
  g_assert_false (gtk_widget_get_visible (kgt_part (page, "easy")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (kgt_part (page, "title"))), ==,
                   "Today we would like to ask you about");
  assert_numbered_title (page, session, 0, FALSE);
  g_assert_cmpuint (n_children (kgt_part (page, "list")), ==, 2);
  g_assert_nonnull (kgt_find_text (page, "Private: your keyworker will not see these answers, "
                                         "and nobody can read them on this tablet."));

  g_assert_finalize_object (page);
}

/* Nothing due, in easy read: a short line, and the tablet handed back. */
static void
test_easy_read_nothing_today (void)
{
  static const char * const none[] = { NULL };
  g_autoptr(KioskSession) session = session_with (TRUE, none);
  GtkWidget *page = g_object_ref_sink (kiosk_forms_page_new (session, NULL));
  gboolean easy_read = FALSE;

  g_object_get (page, "easy-read", &easy_read, NULL);
  g_assert_true (easy_read);
  g_assert_true (gtk_widget_get_visible (kgt_part (page, "easy")));
  g_assert_false (gtk_widget_get_visible (kgt_part (page, "easy_start")));
  g_assert_true (gtk_widget_get_visible (kgt_part (page, "easy_done")));
  g_assert_nonnull (kgt_find_text (kgt_part (page, "easy_done"), "Please give the tablet back."));

  g_object_set (page, "easy-read", FALSE, NULL);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (kgt_part (page, "title"))), ==,
                   "There is nothing for you to answer today. Thank you for stopping by.");
  g_assert_false (gtk_widget_get_visible (kgt_part (page, "list")));

  g_assert_finalize_object (page);
}

int
main (int   argc,
      char *argv[])
{
  kgt_init (&argc, &argv);

  g_test_add_func ("/kiosk/forms-page/lists-forms", test_lists_forms);
  g_test_add_func ("/kiosk/forms-page/easy-read", test_easy_read);
  g_test_add_func ("/kiosk/forms-page/no-promise-for-other-forms", test_no_promise_for_other_forms);
  g_test_add_func ("/kiosk/forms-page/nothing-today", test_nothing_today);
  g_test_add_func ("/kiosk/forms-page/easy-read-property", test_easy_read_property);
  g_test_add_func ("/kiosk/forms-page/easy-read-nothing-today", test_easy_read_nothing_today);

  return g_test_run ();
}
