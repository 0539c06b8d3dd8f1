/* test-kiosk-real-input.c — the kiosk as a person meets it: pointer and keys.
 *
 * The program starts an Xvfb of its own at the size --screen=WxH gives
 * (meson runs it at 1280x800 and at 800x1280), opens the kiosk window at the
 * size of that screen, and presses, holds and types through the X server
 * (kiosk-real-input.h): the staff corner's long press at GTK's default
 * settings, staff setting a child's goals, a family's visit with and
 * without a code, declining independent feedback (in standard words and
 * easy read), a new tablet's set-up, a whole form walked with the
 * keyboard alone, and, on
 * every kind of page, that each control can be touched without
 * scrolling.  With KIOSK_SCREENSHOT_DIR set it saves the screen of every
 * page it visits.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "kiosk-code-page.h"
#include "kiosk-decline-page.h"
#include "kiosk-forms-page.h"
#include "kiosk-goal-editor.h"
#include "kiosk-goal-row.h"
#include "kiosk-gui-test.h"
#include "kiosk-pin-page.h"
#include "kiosk-question-page.h"
#include "kiosk-real-input.h"
#include "kiosk-respondent-page.h"
#include "kiosk-review-page.h"
#include "kiosk-setup-page.h"
#include "kiosk-staff-page.h"
#include "kiosk-still-there-page.h"
#include "kiosk-text-keyboard.h"
#include "kiosk-thanks-page.h"
#include "kiosk-welcome-page.h"

/* A child with a two-goal set due a GAS review and the family quality of
 * life form (synthetic goals). */
#define CHILD_REVIEW_QOL \
  "{\"code\": \"%s\", \"age_band\": \"under-18\", \"dsr\": \"amber\"," \
  " \"goal_set\": {\"version\": 2, \"set_at\": \"2026-03-04\", \"goals\": [" \
  "   {\"id\": \"g1\", \"text\": \"Goal one of the test\", \"baseline\": -1," \
  "    \"levels\": {\"0\": \"Level zero of the test\"}}," \
  "   {\"id\": \"g2\", \"text\": \"Goal two of the test\", \"baseline\": -2}]}," \
  " \"due\": [\"gas-review\", \"family-qol\"]}"

#define CHILD_QOL \
  "{\"code\": \"%s\", \"age_band\": \"under-18\", \"dsr\": \"amber\"," \
  " \"goal_set\": null, \"due\": [\"family-qol\"]}"

#define STAFF_PIN "2468"
#define TYPED_TEXT "kri synthetic words"

static int screen_width;
static int screen_height;
static const char *size_name;

typedef struct
{
  KgtFixture  kgt;
  GString    *offscreen;   /* what the on-screen checks found */
} Fixture;

static void
setup_review_qol (Fixture       *f,
                  gconstpointer  data)
{
  kgt_setup (&f->kgt, CHILD_REVIEW_QOL);
  f->offscreen = g_string_new (NULL);
}

static void
setup_qol (Fixture       *f,
           gconstpointer  data)
{
  kgt_setup (&f->kgt, CHILD_QOL);
  f->offscreen = g_string_new (NULL);
}

/* A new tablet: not enrolled, no PIN (kgt_setup() without the enrolment). */
static void
setup_new_tablet (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->kgt.tmp_dir = kt_tmp_dir ();
  f->kgt.data_dir = g_build_filename (f->kgt.tmp_dir, "data", NULL);
  f->kgt.store = kiosk_store_open (f->kgt.data_dir, &error);
  g_assert_no_error (error);
  kt_keypair (&f->kgt.keys);
  f->kgt.code = kt_child_code ();
  kgt_open_window (&f->kgt, NULL);
  f->offscreen = g_string_new (NULL);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_string_free (f->offscreen, TRUE);
  kgt_teardown (&f->kgt);
}

static GtkWidget *
window (Fixture *f)
{
  return GTK_WIDGET (f->kgt.window);
}

static GtkWidget *
page (Fixture *f)
{
  return kgt_page (&f->kgt);
}

typedef struct
{
  Fixture *f;
  GType    type;
} PageWait;

static gboolean
page_is (gpointer data)
{
  PageWait *wait = data;

  return G_TYPE_CHECK_INSTANCE_TYPE (page (wait->f), wait->type);
}

/* Waits for the page of @type, then for it to be laid out on screen. */
static void
wait_page (Fixture *f,
           GType    type)
{
  PageWait wait = { f, type };

  if (!kri_wait (page_is, &wait, 10000))
    g_error ("waited for %s, but %s is shown", g_type_name (type), G_OBJECT_TYPE_NAME (page (f)));
  g_assert_true (kri_wait_shown (page (f)));
}

/* Clicks the control for @action (and @target) on the page or in the
 * window's bottom bar, as a finger would. */
static void
press (Fixture    *f,
       const char *action,
       const char *target)
{
  GtkWidget *button = kri_find_action (window (f), action, target);

  if (button == NULL)
    g_error ("no %s(%s) to press on %s", action, target != NULL ? target : "",
             G_OBJECT_TYPE_NAME (page (f)));
  kri_click (button);
}

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && gtk_widget_get_mapped (root)
      && gtk_widget_is_sensitive (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  GtkWidget *text = kgt_find_text (root, label);

  while (text != NULL && !GTK_IS_BUTTON (text))
    text = gtk_widget_get_parent (text);
  return text;
}

/* Every control on the page can be touched without scrolling, and the
 * window is no bigger than the screen; also a screenshot. */
static void
look (Fixture    *f,
      const char *name)
{
  g_autofree char *shot = g_strdup_printf ("%s-%s", size_name, name);
  g_autoptr(GString) here = g_string_new (NULL);
  int width = gtk_widget_get_width (window (f));
  int height = gtk_widget_get_height (window (f));

  g_assert_true (kri_wait_shown (page (f)));
  kri_screenshot (shot);

  if (width > screen_width || height > screen_height)
    g_string_append_printf (here, "  the window grew to %d×%d\n", width, height);
  kri_offscreen (window (f), window (f), here);
  if (here->len > 0)
    g_string_append_printf (f->offscreen, "%s at %s:\n%s", name, size_name, here->str);
}

static void
assert_all_on_screen (Fixture *f)
{
  if (f->offscreen->len > 0)
    {
      g_test_message ("off screen:\n%s", f->offscreen->str);
      g_test_fail_printf ("controls off screen (listed above)");
    }
}

/* ---- The staff corner ---------------------------------------------------- */

static GtkWidget *
staff_corner (Fixture *f)
{
  return kgt_part (window (f), "staff_corner");
}

static gboolean
pin_shown (gpointer data)
{
  return KIOSK_IS_PIN_PAGE (page (data));
}

static gboolean
setup_shown (gpointer data)
{
  return KIOSK_IS_SETUP_PAGE (page (data));
}

/* Holds the corner until @shown says staff mode has opened; returns how
 * long it took. */
static double
hold_corner_until (Fixture      *f,
                   KriCondition  shown)
{
  gint64 start;
  int x, y;

  g_assert_true (kri_wait_shown (staff_corner (f)));
  kri_centre (staff_corner (f), &x, &y);
  kri_move (x, y);
  kri_button (TRUE);
  start = g_get_monotonic_time ();
  g_assert_true (kri_wait (shown, f, 10000));
  kri_button (FALSE);
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

/* Holds the corner until the PIN page shows. */
static double
hold_corner (Fixture *f)
{
  return hold_corner_until (f, pin_shown);
}

static void
test_staff_hold (Fixture       *f,
                 gconstpointer  data)
{
  GtkSettings *settings = gtk_settings_get_default ();
  double seconds = g_settings_get_double (f->kgt.settings, "staff-hold-seconds");
  int double_click = 0, x, y;

  /* GTK's own settings, as on a tablet: nobody has made double clicks
   * slower to let the hold through. */
  g_object_get (settings, "gtk-double-click-time", &double_click, NULL);
  g_assert_cmpint (double_click, ==, 400);
  g_assert_cmpfloat (seconds, ==, 3.0);

  /* Let go after one second: nothing, even once the hold time is over. */
  kri_centre (staff_corner (f), &x, &y);
  kri_move (x, y);
  kri_button (TRUE);
  g_assert_false (kri_happens_within (pin_shown, f, 1000));
  kri_button (FALSE);
  g_assert_false (kri_happens_within (pin_shown, f, (guint) (seconds * 1000) + 500));

  /* Slide off the corner while holding: nothing either. */
  kri_button (TRUE);
  kri_move (screen_width / 2, screen_height / 2);
  g_assert_false (kri_happens_within (pin_shown, f, (guint) (seconds * 1000) + 500));
  kri_button (FALSE);
  g_assert_true (KIOSK_IS_WELCOME_PAGE (page (f)));

  /* Held: the PIN page, after the hold time and not before. */
  g_assert_cmpfloat (hold_corner (f), >=, seconds - 0.05);
  wait_page (f, KIOSK_TYPE_PIN_PAGE);
}

/* ---- Staff set goals (J3) ------------------------------------------------ */

static void
type_on_keypad (Fixture    *f,
                const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      char key[2] = { *p, '\0' };

      if (*p != '-')
        press (f, "kiosk.key", key);
    }
}

static void
unlock_staff (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  if (!kiosk_store_has_staff_pin (f->kgt.store))
    {
      kiosk_store_set_staff_pin (f->kgt.store, STAFF_PIN, &error);
      g_assert_no_error (error);
    }
  hold_corner (f);
  wait_page (f, KIOSK_TYPE_PIN_PAGE);
  look (f, "pin");
  type_on_keypad (f, STAFF_PIN);
  press (f, "kiosk.next", NULL);
  wait_page (f, KIOSK_TYPE_STAFF_PAGE);
  look (f, "staff");
}

static const KvItem *
item (Fixture *f)
{
  return kiosk_session_get_step_item (kiosk_window_get_session (f->kgt.window),
                                      kiosk_question_page_get_step (KIOSK_QUESTION_PAGE (page (f))));
}

/* Types @text (lower case, spaces) by touching the keys of @keyboard. */
static void
type_on_text_keyboard (GtkWidget  *keyboard,
                       const char *text)
{
  g_assert_nonnull (keyboard);
  for (const char *p = text; *p != '\0'; p++)
    {
      char key[2] = { *p, '\0' };
      GtkWidget *button = kiosk_text_keyboard_get_key (KIOSK_TEXT_KEYBOARD (keyboard), key);

      if (button == NULL)
        g_error ("no key for “%s” on the text keyboard", key);
      kri_click (button);
    }
}

static void
test_staff_goals (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JsonNode) batch = NULL;
  JsonObject *submission, *goal;
  JsonArray *goals;
  GtkWidget *editor, *entry;

  unlock_staff (f);
  /* Every section of staff mode on screen, and enrolling again: the
   * set-up page, whose Cancel comes back here. */
  {
    static const char * const sections[] = { "Outbox", "This tablet", "Settings", "With a family" };

    for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
      {
        g_autofree char *name = g_strdup_printf ("staff-section-%u", i + 1);
        GtkWidget *button = find_button (page (f), sections[i]);

        g_assert_nonnull (button);
        kri_click (button);
        g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));
        look (f, name);
        /* The outbox's figures are read, not touched, so the control check
         * does not see them: the last must show above the bottom bar too. */
        if (i == 0)
          {
            GtkWidget *row = kgt_part (page (f), "error_row");
            GtkWidget *scrolled = gtk_widget_get_ancestor (row, GTK_TYPE_SCROLLED_WINDOW);
            graphene_rect_t bounds;

            g_assert_true (gtk_widget_compute_bounds (row, scrolled, &bounds));
            if (bounds.origin.y + bounds.size.height > gtk_widget_get_height (scrolled))
              g_string_append_printf (f->offscreen, "outbox at %s:\n  “Last error” ends at %.0f, below %d\n",
                                      size_name, bounds.origin.y + bounds.size.height,
                                      gtk_widget_get_height (scrolled));
          }
        if (i == 1)
          {
            press (f, "kiosk.enrol-again", NULL);
            wait_page (f, KIOSK_TYPE_SETUP_PAGE);
            g_assert_nonnull (kgt_find_text (page (f), "Enrol this tablet again"));
            /* The address it is enrolled to, to keep or change. */
            g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kgt_part (page (f), "url_entry"))),
                             ==, "http://127.0.0.1:9");
            look (f, "enrol-again");
            press (f, "kiosk.back", NULL);
            wait_page (f, KIOSK_TYPE_STAFF_PAGE);
            /* A new page: the first section again. */
            button = find_button (page (f), sections[i]);
            kri_click (button);
          }
      }
  }
  press (f, "kiosk.set-goals", NULL);
  wait_page (f, KIOSK_TYPE_CODE_PAGE);
  look (f, "staff-code");
  type_on_keypad (f, f->kgt.code);
  press (f, "kiosk.next", NULL);

  wait_page (f, KIOSK_TYPE_QUESTION_PAGE);
  g_assert_cmpstr (kv_item_get_id (item (f)), ==, "about");
  /* Only touches so far: no focus ring on the new page. */
  g_assert_false (gtk_window_get_focus_visible (GTK_WINDOW (window (f))));
  look (f, "gas-goals-about");
  press (f, "kiosk.next", NULL);

  wait_page (f, KIOSK_TYPE_QUESTION_PAGE);
  g_assert_cmpstr (kv_item_get_id (item (f)), ==, "goals");
  editor = kiosk_question_page_get_goal_editor (KIOSK_QUESTION_PAGE (page (f)));
  /* New goals replace the child's goals now, which are shown first. */
  g_assert_nonnull (kgt_find_text (editor, "The goals now, agreed on 4 March 2026"));
  g_assert_nonnull (kgt_find_text (editor, "1. Goal one of the test"));
  g_assert_nonnull (kgt_find_text (editor, "2. Goal two of the test"));
  look (f, "gas-goals-current");
  press (f, "goals.start-new", NULL);
  look (f, "gas-goals-goals");
  entry = find_type (editor, GTK_TYPE_ENTRY);
  g_assert_nonnull (entry);
  /* A touch on the goal's words brings the kiosk's own keyboard: a
   * touch-only tablet has no other. */
  kri_click (entry);
  g_assert_true (kri_wait_shown (kgt_part (editor, "typing")));
  g_assert_nonnull (kgt_find_text (editor, "Goal 1, in the family’s own words"));
  type_on_text_keyboard (find_type (editor, KIOSK_TYPE_TEXT_KEYBOARD), TYPED_TEXT);
  look (f, "gas-goals-typing");
  kri_click (kri_find_action (editor, "goals.done-typing", NULL));
  g_assert_true (kri_wait_shown (entry));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, TYPED_TEXT);
  kri_click (find_button (editor, "Some of it already"));
  look (f, "gas-goals-goals-typed");

  /* A second goal, below the first: it is brought into view when added,
   * and again after its words are typed; then it is removed. */
  {
    GtkWidget *rows = kgt_part (editor, "rows");
    GtkWidget *second, *words;
    g_autoptr(GString) unseen = g_string_new (NULL);

    press (f, "goals.add", NULL);
    second = gtk_widget_get_last_child (rows);
    words = kiosk_goal_row_get_words_field (KIOSK_GOAL_ROW (second));
    g_assert_true (kri_wait_shown (words));
    kri_settle ();
    kgt_run (200);
    if (kri_offscreen (window (f), words, unseen) > 0)
      g_error ("the new goal is not in view:\n%s", unseen->str);
    kri_click (words);
    g_assert_true (kri_wait_shown (kgt_part (editor, "typing")));
    type_on_text_keyboard (find_type (editor, KIOSK_TYPE_TEXT_KEYBOARD), "second");
    kri_click (kri_find_action (editor, "goals.done-typing", NULL));
    g_assert_true (kri_wait_shown (words));
    kgt_run (200);
    if (kri_offscreen (window (f), words, unseen) > 0)
      g_error ("after Done, the goal's words are not in view:\n%s", unseen->str);
    /* Two goal cards are taller than a tablet held sideways: the page
     * scrolls, so this is a picture and not the every-control check. */
    {
      g_autofree char *shot = g_strdup_printf ("%s-gas-goals-second", size_name);

      kri_screenshot (shot);
    }
    kri_click (kri_find_action (second, "goal.remove", NULL));
    kri_settle ();
    g_assert_true (gtk_widget_get_last_child (rows) != second);
  }
  press (f, "kiosk.next", NULL);

  /* The goals themselves, for a last look before Send. */
  wait_page (f, KIOSK_TYPE_REVIEW_PAGE);
  g_assert_nonnull (kgt_find_text (page (f), "Goal 1: " TYPED_TEXT));
  look (f, "gas-goals-review");
  press (f, "kiosk.send", NULL);
  wait_page (f, KIOSK_TYPE_THANKS_PAGE);
  g_assert_nonnull (kgt_find_text (page (f), "Goals saved"));
  look (f, "gas-goals-thanks");

  batch = kgt_outbox (&f->kgt);
  submission = kgt_submission (batch, "gas-goals");
  g_assert_nonnull (submission);
  g_assert_cmpstr (json_object_get_string_member (submission, "respondent"), ==, "keyworker");
  g_assert_cmpstr (json_object_get_string_member (submission, "mode"), ==, "assisted");
  g_assert_cmpstr (json_object_get_string_member (submission, "child"), ==, f->kgt.code);
  goals = json_object_get_array_member (json_object_get_object_member (submission, "answers"), "goals");
  g_assert_cmpuint (json_array_get_length (goals), ==, 1);
  goal = json_array_get_object_element (goals, 0);
  g_assert_cmpstr (json_object_get_string_member (goal, "text"), ==, TYPED_TEXT);
  g_assert_cmpint (json_object_get_int_member (goal, "baseline"), ==, -1);

  press (f, "kiosk.finish", NULL);
  wait_page (f, KIOSK_TYPE_WELCOME_PAGE);
  assert_all_on_screen (f);
}

/* ---- A family's visit (J1, J2) ------------------------------------------- */

/* Answers the question on screen by touch: the first answer offered, the
 * test's words typed for a comment, the lowest number; Next, or Skip
 * where nothing can be chosen. */
static void
answer_by_touch (Fixture    *f,
                 const char *name)
{
  const KvItem *it = item (f);
  g_autofree char *shot = g_strdup_printf ("%s-%s", name, kv_item_get_id (it));
  GtkWidget *text;

  look (f, shot);
  switch (kv_item_get_item_type (it))
    {
    case KV_ITEM_SCALE:
    case KV_ITEM_CHOICE:
    case KV_ITEM_GAS_RATING:
      press (f, "kiosk.choose", NULL);
      break;
    case KV_ITEM_MULTIPLE:
      press (f, "kiosk.toggle", NULL);
      break;
    case KV_ITEM_TEXT:
    case KV_ITEM_NUMBER:
      text = find_type (page (f), GTK_TYPE_TEXT_VIEW);
      if (text == NULL)
        text = find_type (page (f), GTK_TYPE_TEXT);
      if (text != NULL)
        {
          g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, kv_item_get_min (it));

          kri_click (text);
          kri_type (kv_item_get_item_type (it) == KV_ITEM_TEXT ? TYPED_TEXT : number);
        }
      break;
    default:
      break;
    }

  if (kgt_can (&f->kgt, "kiosk.next"))
    press (f, "kiosk.next", NULL);
  else
    press (f, "kiosk.skip", NULL);
}

typedef struct
{
  Fixture         *f;
  const KioskStep *was;
} MoveWait;

static gboolean
moved_on (gpointer data)
{
  MoveWait *wait = data;

  return !KIOSK_IS_QUESTION_PAGE (page (wait->f))
         || memcmp (kiosk_question_page_get_step (KIOSK_QUESTION_PAGE (page (wait->f))),
                    wait->was, sizeof *wait->was) != 0;
}

/* The next page, not the same question again. */
static void
wait_moved_on (Fixture         *f,
               const KioskStep *was)
{
  MoveWait wait = { f, was };

  if (!kri_wait (moved_on, &wait, 10000))
    g_error ("Next did not move on from %s", G_OBJECT_TYPE_NAME (page (f)));
}

/* Until the review: every question, each page waited for. */
static void
answer_all (Fixture    *f,
            const char *name)
{
  for (guint n = 0; n < 100; n++)
    {
      PageWait review = { f, KIOSK_TYPE_REVIEW_PAGE };
      const KioskStep *before;
      KioskStep was;

      kri_settle ();
      if (page_is (&review))
        return;
      wait_page (f, KIOSK_TYPE_QUESTION_PAGE);
      before = kiosk_question_page_get_step (KIOSK_QUESTION_PAGE (page (f)));
      was = *before;
      answer_by_touch (f, name);
      wait_moved_on (f, &was);
    }
  g_error ("the form never reached its review");
}

static void
start_visit (Fixture    *f,
             const char *respondent)
{
  wait_page (f, KIOSK_TYPE_WELCOME_PAGE);
  look (f, "welcome");
  press (f, "kiosk.easy-read", NULL);
  look (f, "welcome-easy-read");
  press (f, "kiosk.start", NULL);
  wait_page (f, KIOSK_TYPE_RESPONDENT_PAGE);
  look (f, "respondent");
  press (f, "kiosk.respondent", respondent);
  press (f, "kiosk.next", NULL);
  wait_page (f, KIOSK_TYPE_CODE_PAGE);
  look (f, "code");
}

static void
finish_visit (Fixture *f)
{
  wait_page (f, KIOSK_TYPE_REVIEW_PAGE);
  look (f, "review");
  press (f, "kiosk.send", NULL);
  wait_page (f, KIOSK_TYPE_THANKS_PAGE);
  look (f, "thanks");
  press (f, "kiosk.finish", NULL);
  wait_page (f, KIOSK_TYPE_WELCOME_PAGE);
  g_assert_null (kiosk_window_get_session (f->kgt.window));
}

static void
test_family (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(JsonNode) batch = NULL;
  JsonObject *review, *qol;

  start_visit (f, "parent-carer");
  type_on_keypad (f, f->kgt.code);
  look (f, "code-typed");
  press (f, "kiosk.next", NULL);
  wait_page (f, KIOSK_TYPE_FORMS_PAGE);
  look (f, "forms");
  press (f, "kiosk.next", NULL);
  answer_all (f, "family");
  finish_visit (f);

  batch = kgt_outbox (&f->kgt);
  review = kgt_submission (batch, "gas-review");
  qol = kgt_submission (batch, "family-qol");
  g_assert_nonnull (review);
  g_assert_nonnull (qol);
  for (JsonObject *s = review; s != NULL; s = s == review ? qol : NULL)
    {
      g_assert_cmpstr (json_object_get_string_member (s, "child"), ==, f->kgt.code);
      g_assert_cmpstr (json_object_get_string_member (s, "respondent"), ==, "parent-carer");
      g_assert_true (json_object_get_boolean_member (s, "easy_read"));
      g_assert_cmpuint (json_object_get_size (json_object_get_object_member (s, "answers")), >, 0);
    }
  assert_all_on_screen (f);
}

static void
test_no_code (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(JsonNode) batch = NULL;
  JsonObject *experience;

  start_visit (f, "young-person");
  press (f, "kiosk.no-code", NULL);
  wait_page (f, KIOSK_TYPE_FORMS_PAGE);
  look (f, "forms-no-code");
  press (f, "kiosk.next", NULL);
  answer_all (f, "experience");
  finish_visit (f);

  /* Independent feedback: sealed on the tablet, and tied to no child. */
  batch = kt_outbox (f->kgt.store);
  experience = kgt_submission (batch, "experience");
  g_assert_nonnull (experience);
  g_assert_true (json_object_has_member (experience, "sealed"));
  g_assert_false (json_object_has_member (experience, "answers"));
  g_clear_pointer (&batch, json_node_unref);
  batch = kgt_outbox (&f->kgt);
  experience = kgt_submission (batch, "experience");
  g_assert_nonnull (experience);
  g_assert_true (json_object_has_member (experience, "answers"));
  g_assert_true (!json_object_has_member (experience, "child")
                 || json_object_get_null_member (experience, "child"));
  assert_all_on_screen (f);
}

/* ---- The keyboard alone ------------------------------------------------- */

/* Tabs (forward) until @target has the focus, as someone following the
 * focus ring would; fails when it never does. */
static void
tab_to (Fixture   *f,
        GtkWidget *target)
{
  for (guint i = 0; i < 60; i++)
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window (f)));

      if (focus != NULL && (focus == target || gtk_widget_is_ancestor (focus, target)))
        return;
      kri_keys ("Tab", NULL);
    }
  g_error ("Tab never reached %s on %s", G_OBJECT_TYPE_NAME (target), G_OBJECT_TYPE_NAME (page (f)));
}

static void
key_press (Fixture    *f,
           const char *action,
           const char *target,
           const char *key)
{
  GtkWidget *button = kri_find_action (window (f), action, target);

  if (button == NULL)
    g_error ("no %s to reach on %s", action, G_OBJECT_TYPE_NAME (page (f)));
  tab_to (f, button);
  kri_keys (key, NULL);
}

static void
test_keyboard_only (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonNode) batch = NULL;
  JsonObject *qol;

  kri_focus (GTK_WINDOW (window (f)));
  wait_page (f, KIOSK_TYPE_WELCOME_PAGE);
  key_press (f, "kiosk.start", NULL, "Return");
  wait_page (f, KIOSK_TYPE_RESPONDENT_PAGE);
  key_press (f, "kiosk.respondent", "parent-carer", "space");
  key_press (f, "kiosk.next", NULL, "Return");
  wait_page (f, KIOSK_TYPE_CODE_PAGE);
  /* The code's own characters are keys too. */
  for (const char *p = f->kgt.code; *p != '\0'; p++)
    if (*p != '-')
      {
        char key[2] = { g_ascii_tolower (*p), '\0' };
        kri_keys (key, NULL);
      }
  key_press (f, "kiosk.next", NULL, "Return");
  wait_page (f, KIOSK_TYPE_FORMS_PAGE);
  key_press (f, "kiosk.next", NULL, "Return");

  for (guint n = 0; n < 40; n++)
    {
      PageWait review = { f, KIOSK_TYPE_REVIEW_PAGE };
      const KvItem *it;
      KioskStep was;

      kri_settle ();
      if (page_is (&review))
        break;
      wait_page (f, KIOSK_TYPE_QUESTION_PAGE);
      /* Someone using keys sees where the focus is on every new page. */
      g_assert_true (gtk_window_get_focus_visible (GTK_WINDOW (window (f))));
      it = item (f);
      was = *kiosk_question_page_get_step (KIOSK_QUESTION_PAGE (page (f)));
      if (kv_item_get_item_type (it) == KV_ITEM_SCALE || kv_item_get_item_type (it) == KV_ITEM_CHOICE)
        key_press (f, "kiosk.choose", NULL, "space");
      key_press (f, "kiosk.next", NULL, "Return");
      wait_moved_on (f, &was);
    }

  wait_page (f, KIOSK_TYPE_REVIEW_PAGE);
  key_press (f, "kiosk.send", NULL, "Return");
  wait_page (f, KIOSK_TYPE_THANKS_PAGE);

  batch = kgt_outbox (&f->kgt);
  qol = kgt_submission (batch, "family-qol");
  g_assert_nonnull (qol);
  g_assert_cmpstr (json_object_get_string_member (qol, "respondent"), ==, "parent-carer");
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (qol, "answers")), >, 0);
}

/* ---- Every page on screen ------------------------------------------------ */

static gboolean
still_there_shown (gpointer data)
{
  return find_type (data, KIOSK_TYPE_STILL_THERE_PAGE) != NULL;
}

/* The pages not visited by the journeys above: the still-there question,
 * and the PIN being chosen. */
static void
test_other_pages (Fixture       *f,
                  gconstpointer  data)
{
  g_settings_set_uint (f->kgt.settings, "idle-timeout", 1);
  press (f, "kiosk.start", NULL);
  wait_page (f, KIOSK_TYPE_RESPONDENT_PAGE);
  g_assert_true (kri_wait (still_there_shown, f->kgt.window, 10000));
  g_assert_true (kri_wait_shown (find_type (window (f), KIOSK_TYPE_STILL_THERE_PAGE)));
  look (f, "still-there");
  press (f, "kiosk.still-here", NULL);
  g_settings_set_uint (f->kgt.settings, "idle-timeout", 120);
  wait_page (f, KIOSK_TYPE_RESPONDENT_PAGE);
  press (f, "kiosk.back", NULL);
  wait_page (f, KIOSK_TYPE_WELCOME_PAGE);

  hold_corner (f);
  wait_page (f, KIOSK_TYPE_PIN_PAGE);
  look (f, "pin-choose");
  assert_all_on_screen (f);
}

/* "I'd rather not answer these" in the header on independent feedback
 * opens "Stop answering these questions?"; in standard words its Go back
 * returns to the question, in easy read "Yes, stop" goes on to the
 * review.  The forms page is seen here in standard words (the journeys
 * above choose easy read on Welcome). */
static void
test_decline (Fixture       *f,
              gconstpointer  data)
{
  gboolean easy_read = GPOINTER_TO_INT (data);
  const char *name = easy_read ? "decline-easy-read" : "decline";
  g_autofree char *forms = g_strdup_printf ("forms-%s", name);

  wait_page (f, KIOSK_TYPE_WELCOME_PAGE);
  if (easy_read)
    press (f, "kiosk.easy-read", NULL);
  press (f, "kiosk.start", NULL);
  wait_page (f, KIOSK_TYPE_RESPONDENT_PAGE);
  press (f, "kiosk.respondent", "young-person");
  press (f, "kiosk.next", NULL);
  wait_page (f, KIOSK_TYPE_CODE_PAGE);
  press (f, "kiosk.no-code", NULL);
  wait_page (f, KIOSK_TYPE_FORMS_PAGE);
  g_assert_cmpint (gtk_widget_has_css_class (page (f), "kiosk-easy-read"), ==, easy_read);
  look (f, forms);
  press (f, "kiosk.next", NULL);
  wait_page (f, KIOSK_TYPE_QUESTION_PAGE);
  look (f, easy_read ? "experience-easy-read-first" : "experience-first");

  press (f, "kiosk.decline", NULL);
  wait_page (f, KIOSK_TYPE_DECLINE_PAGE);
  look (f, name);
  if (easy_read)
    {
      press (f, "kiosk.next", NULL);
      wait_page (f, KIOSK_TYPE_REVIEW_PAGE);
      look (f, "review-declined-easy-read");
    }
  else
    {
      press (f, "kiosk.back", NULL);
      wait_page (f, KIOSK_TYPE_QUESTION_PAGE);
    }
  assert_all_on_screen (f);
}

/* A new tablet: holding the corner opens the set-up, not a PIN; the
 * address and code typed on the kiosk's keys and on a keyboard, and, with no service to reach,
 * the message saying so, which must not push a control off screen. */
static void
test_setup (Fixture       *f,
            gconstpointer  data)
{
  GtkWidget *message;

  g_assert_false (kiosk_store_is_enrolled (f->kgt.store));
  g_assert_false (kiosk_store_has_staff_pin (f->kgt.store));
  wait_page (f, KIOSK_TYPE_WELCOME_PAGE);
  hold_corner_until (f, setup_shown);
  wait_page (f, KIOSK_TYPE_SETUP_PAGE);
  look (f, "setup");

  /* By touch alone, as on a tablet with no keyboard: the address typed on
   * the kiosk's keys, then the code, after touching its field. */
  kri_focus (GTK_WINDOW (window (f)));
  kri_click (kgt_part (page (f), "url_entry"));
  kri_keys ("ctrl+a", "BackSpace", NULL);
  {
    GtkWidget *keyboard = kgt_part (page (f), "keyboard");

    type_on_text_keyboard (keyboard, "http");
    kri_click (kgt_part (keyboard, "layer_key"));
    type_on_text_keyboard (keyboard, ":/");
    kri_click (kgt_part (keyboard, "layer_key"));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kgt_part (page (f), "url_entry"))), ==,
                     "http:/");
    kri_click (kgt_part (page (f), "code_entry"));
    type_on_text_keyboard (keyboard, "synthetic");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kgt_part (page (f), "code_entry"))), ==,
                     "synthetic");
  }
  /* And on a keyboard, where there is one. */
  kri_click (kgt_part (page (f), "url_entry"));
  kri_keys ("ctrl+a", "BackSpace", NULL);
  kri_type ("https://127.0.0.1:9");
  kri_settle ();
  g_assert_true (kgt_can (&f->kgt, "kiosk.next"));
  look (f, "setup-typed");

  press (f, "kiosk.next", NULL);
  message = kgt_part (page (f), "message");
  g_assert_true (kri_wait_shown (message));
  look (f, "setup-message");
  g_assert_false (kiosk_store_is_enrolled (f->kgt.store));

  press (f, "kiosk.back", NULL);
  wait_page (f, KIOSK_TYPE_WELCOME_PAGE);
  assert_all_on_screen (f);
}

/* GTK 4.8 counts a pressed button's "active" state along its ancestors,
 * and loses count when a press removes the page it is on (every Next,
 * Start and Set goals does), then warns about the window.  The warning is
 * GTK's bookkeeping, seen only through real presses, and harmless; any
 * other warning still fails the test. */
static gboolean
fatal_cb (const char     *domain,
          GLogLevelFlags  level,
          const char     *message,
          gpointer        data)
{
  return !(g_strcmp0 (domain, "Gtk") == 0
           && g_str_has_prefix (message, "Broken accounting of active state"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Ours, before g_test_init() sees the arguments. */
  screen_width = 1280;
  screen_height = 800;
  for (int i = 1; i < argc; i++)
    if (g_str_has_prefix (argv[i], "--screen=")
        && sscanf (argv[i] + strlen ("--screen="), "%dx%d", &screen_width, &screen_height) == 2)
      {
        memmove (&argv[i], &argv[i + 1], (argc - i) * sizeof *argv);
        argc--;
        break;
      }
  size_name = screen_width > screen_height ? "landscape" : "portrait";

  if (!kgt_start_display (screen_width, screen_height))
    g_error ("these tests need Xvfb, to have a screen of the tablet's size");
  kgt_init (&argc, &argv);
  kgt_set_window_size (screen_width, screen_height);
  g_test_log_set_fatal_handler (fatal_cb, NULL);

  g_test_add ("/kiosk/real-input/staff-hold", Fixture, NULL,
              setup_review_qol, test_staff_hold, teardown);
  g_test_add ("/kiosk/real-input/staff-sets-goals", Fixture, NULL,
              setup_review_qol, test_staff_goals, teardown);
  g_test_add ("/kiosk/real-input/family-visit", Fixture, NULL,
              setup_review_qol, test_family, teardown);
  g_test_add ("/kiosk/real-input/no-code-feedback", Fixture, NULL,
              setup_review_qol, test_no_code, teardown);
  g_test_add ("/kiosk/real-input/keyboard-only", Fixture, NULL,
              setup_qol, test_keyboard_only, teardown);
  g_test_add ("/kiosk/real-input/other-pages", Fixture, NULL,
              setup_qol, test_other_pages, teardown);
  g_test_add ("/kiosk/real-input/decline", Fixture, GINT_TO_POINTER (FALSE),
              setup_review_qol, test_decline, teardown);
  g_test_add ("/kiosk/real-input/decline-easy-read", Fixture, GINT_TO_POINTER (TRUE),
              setup_review_qol, test_decline, teardown);
  g_test_add ("/kiosk/real-input/new-tablet-setup", Fixture, NULL,
              setup_new_tablet, test_setup, teardown);

  status = g_test_run ();
  kgt_stop_display ();
  return status;
}
