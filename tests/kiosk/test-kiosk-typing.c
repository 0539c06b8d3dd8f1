/* test-kiosk-typing.c — the code page and a comment, typed as a family
 * types them: through the X server's pointer and keyboard (XTest, by
 * running xdotool), so GTK's own event handling, focus and layout decide
 * what happens.  At the tablet's sizes, sideways and upright, and at
 * 1024 × 768: every control of the page is on screen without scrolling,
 * a message never moves the keys, each press of Delete deletes one
 * character, Enter is Next, Next is a few Tabs away, and a comment can
 * be written with the on-screen keyboard alone.
 *
 * The test runs its own Xvfb, big enough for a tablet held upright
 * (xvfb-run's screen is shorter than 1280), with no window manager, so
 * the window is the size asked.  Skipped when Xvfb or xdotool is
 * missing. */
#include "config.h"

#include <string.h>

#include "kiosk-gui-test.h"
#include "kiosk-code-page.h"
#include "kiosk-forms-page.h"
#include "kiosk-keypad.h"
#include "kiosk-question-page.h"
#include "kiosk-screen-test.h"
#include "kiosk-text-keyboard.h"

/* ---- Geometry ----------------------------------------------------------- */

static void
setup (KgtFixture    *f,
       gconstpointer  data)
{
  const KstSize *size = data;

  kst_setup_window (f, size);
  g_test_message ("window %d×%d", gtk_widget_get_width (GTK_WIDGET (f->window)),
                  gtk_widget_get_height (GTK_WIDGET (f->window)));
  /* No smaller than asked, less a frame a window manager might add. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), <=, size->width);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), >=, size->width - 20);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (f->window)), <=, size->height);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (f->window)), >=, size->height - 20);
}

static void
teardown (KgtFixture    *f,
          gconstpointer  data)
{
  kgt_teardown (f);
}

static graphene_rect_t
bounds_in_window (KgtFixture *f,
                  GtkWidget  *widget)
{
  graphene_rect_t r;

  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (f->window), &r));
  return r;
}

static void
assert_same_place (const graphene_rect_t *a,
                   const graphene_rect_t *b)
{
  g_assert_cmpfloat (ABS (a->origin.x - b->origin.x), <, 0.5);
  g_assert_cmpfloat (ABS (a->origin.y - b->origin.y), <, 0.5);
  g_assert_cmpfloat (ABS (a->size.width - b->size.width), <, 0.5);
  g_assert_cmpfloat (ABS (a->size.height - b->size.height), <, 0.5);
}

static void
to_code_page (KgtFixture *f)
{
  kgt_act (f, "kiosk.start");
  kgt_act_s (f, "kiosk.respondent", "parent-carer");
  kgt_act (f, "kiosk.next");
  g_assert_true (KIOSK_IS_CODE_PAGE (kgt_page (f)));
  kgt_run (100);
}

/* ---- The code page ------------------------------------------------------ */

/* Every message fits the place kept for it: the keys, Delete and "I don't
 * have a code" stay where they were, all on screen. */
static void
test_code_messages_move_nothing (KgtFixture    *f,
                                 gconstpointer  data)
{
  static const KioskNotice notices[] = {
    KIOSK_NOTICE_CODE_UNKNOWN, KIOSK_NOTICE_CODE_MALFORMED, KIOSK_NOTICE_LOOKING_UP, KIOSK_NOTICE_NONE,
  };
  GtkWidget *page;
  graphene_rect_t keypad, delete, no_code;

  for (guint easy = 0; easy < 2; easy++)
    {
      if (easy)
        {
          kgt_act (f, "kiosk.back");
          kgt_act (f, "kiosk.back");
          g_assert_true (gtk_widget_activate_action (kgt_page (f), "kiosk.easy-read", NULL));
        }
      to_code_page (f);
      page = kgt_page (f);
      kst_shoot (GTK_WIDGET (f->window), easy ? "code-easy" : "code");
      kst_assert_fits_width (page, ((const KstSize *) data)->width);
      g_assert_cmpuint (kst_assert_on_screen (kst_viewport_of (page), page), >, 30);

      keypad = bounds_in_window (f, kgt_part (page, "keypad"));
      delete = bounds_in_window (f, kgt_part (page, "delete_button"));
      no_code = bounds_in_window (f, kgt_part (page, "no_code_button"));

      for (guint i = 0; i < G_N_ELEMENTS (notices); i++)
        {
          graphene_rect_t now;

          kiosk_code_page_show_notice (KIOSK_CODE_PAGE (page), notices[i]);
          kgt_run (50);
          if (notices[i] == KIOSK_NOTICE_CODE_UNKNOWN)
            kst_shoot (GTK_WIDGET (f->window), easy ? "code-unknown-easy" : "code-unknown");
          kst_assert_on_screen (kst_viewport_of (page), page);
          now = bounds_in_window (f, kgt_part (page, "keypad"));
          assert_same_place (&keypad, &now);
          now = bounds_in_window (f, kgt_part (page, "delete_button"));
          assert_same_place (&delete, &now);
          now = bounds_in_window (f, kgt_part (page, "no_code_button"));
          assert_same_place (&no_code, &now);
        }
    }
}

static guint
tabs_to (KgtFixture *f,
         GtkWidget  *target)
{
  GtkRoot *root = GTK_ROOT (f->window);

  for (guint tabs = 1; tabs <= 20; tabs++)
    {
      kst_xdotool ("key", "Tab", NULL);
      if (gtk_root_get_focus (root) == target)
        return tabs;
    }
  return G_MAXUINT;
}

/* Letters and digits from the keyboard, Delete by pointer, one character
 * a press with the message showing, Next in a few Tabs, Enter is Next. */
static void
test_code_by_keyboard_and_pointer (KgtFixture    *f,
                                   gconstpointer  data)
{
  GtkWidget *page, *delete, *next;
  graphene_rect_t before, after;
  g_autofree char *code = g_strdup (f->code);
  char *dash;
  guint tabs;

  if (!kst_can_use_real_input ())
    return;

  /* The typed code has no dash, as on most keyboards it is not typed. */
  if ((dash = strchr (code, '-')) != NULL)
    memmove (dash, dash + 1, strlen (dash));

  to_code_page (f);
  page = kgt_page (f);
  kst_give_keyboard (GTK_WIDGET (f->window));

  kst_xdotool ("type", "--delay", "20", "k7q3", NULL);
  g_assert_cmpstr (kiosk_code_page_get_code (KIOSK_CODE_PAGE (page)), ==, "K7Q3");

  /* The message a family sees when the code is not known, then Delete:
   * three presses, three characters, nothing moving in between. */
  kiosk_code_page_show_notice (KIOSK_CODE_PAGE (page), KIOSK_NOTICE_CODE_UNKNOWN);
  kgt_run (50);
  delete = kgt_part (page, "delete_button");
  before = bounds_in_window (f, kgt_part (page, "keypad"));
  kst_click (delete);
  g_assert_cmpstr (kiosk_code_page_get_code (KIOSK_CODE_PAGE (page)), ==, "K7Q");
  g_assert_null (kiosk_code_page_get_message (KIOSK_CODE_PAGE (page)));
  after = bounds_in_window (f, kgt_part (page, "keypad"));
  assert_same_place (&before, &after);
  kst_click (delete);
  kst_click (delete);
  g_assert_cmpstr (kiosk_code_page_get_code (KIOSK_CODE_PAGE (page)), ==, "K");
  /* A key of the keypad, by pointer. */
  kst_click (kiosk_keypad_get_key (KIOSK_KEYPAD (kgt_part (page, "keypad")), "Z"));
  g_assert_cmpstr (kiosk_code_page_get_code (KIOSK_CODE_PAGE (page)), ==, "KZ");
  kst_xdotool ("key", "--delay", "20", "BackSpace", "BackSpace", "BackSpace", NULL);
  g_assert_cmpstr (kiosk_code_page_get_code (KIOSK_CODE_PAGE (page)), ==, "");

  /* Enter before the code is whole does nothing. */
  kst_xdotool ("key", "Return", NULL);
  g_assert_true (kgt_page (f) == page);

  /* From the first key, a handful of Tabs reach Next: the keypad is one
   * stop, not thirty-two. */
  gtk_widget_grab_focus (kiosk_keypad_get_key (KIOSK_KEYPAD (kgt_part (page, "keypad")), "2"));
  next = kgt_find_actionable (GTK_WIDGET (f->window), "kiosk.next");
  kst_xdotool ("type", "--delay", "20", code, NULL);
  g_assert_true (kiosk_code_page_is_complete (KIOSK_CODE_PAGE (page)));
  tabs = tabs_to (f, next);
  g_test_message ("Next after %u Tabs", tabs);
  g_assert_cmpuint (tabs, <=, 5);

  /* Back on the keys (Tab backwards as far as it takes), Enter is Next. */
  for (guint i = 0; i < tabs; i++)
    kst_xdotool ("key", "shift+Tab", NULL);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)),
                                         kgt_part (page, "keypad")));
  kst_xdotool ("key", "Return", NULL);
  g_assert_true (kgt_wait_for_page (f, KIOSK_TYPE_FORMS_PAGE, 2000));
}

/* ---- A comment on the on-screen keyboard -------------------------------- */

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (widget), type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* To the first free-text question of the experience form. */
static void
to_comment (KgtFixture *f)
{
  KioskSession *session;

  kgt_act (f, "kiosk.start");
  kgt_act_s (f, "kiosk.respondent", "parent-carer");
  kgt_act (f, "kiosk.next");
  kgt_act (f, "kiosk.no-code");
  g_assert_true (KIOSK_IS_FORMS_PAGE (kgt_page (f)));
  kgt_act (f, "kiosk.next");

  session = kiosk_window_get_session (f->window);
  while (KIOSK_IS_QUESTION_PAGE (kgt_page (f)))
    {
      const KioskStep *step = kiosk_question_page_get_step (KIOSK_QUESTION_PAGE (kgt_page (f)));
      const KvItem *it = kiosk_session_get_step_item (session, step);

      if (kv_item_get_item_type (it) == KV_ITEM_TEXT)
        break;
      if (kv_item_get_item_type (it) == KV_ITEM_SCALE || kv_item_get_item_type (it) == KV_ITEM_CHOICE)
        kgt_act_s (f, "kiosk.choose", kv_level_get_id (kv_item_get_level (it, 0)));
      kgt_act (f, "kiosk.next");
    }
  g_assert_true (KIOSK_IS_QUESTION_PAGE (kgt_page (f)));
  kgt_run (100);
}

static void
click_key (GtkWidget  *keyboard,
           const char *text)
{
  GtkWidget *key = kiosk_text_keyboard_get_key (KIOSK_TEXT_KEYBOARD (keyboard), text);

  g_assert_nonnull (key);
  kst_click (key);
}

static void
test_comment_by_touch (KgtFixture    *f,
                       gconstpointer  data)
{
  GtkWidget *page, *keyboard, *view;
  graphene_rect_t before, after;
  g_autofree char *text = NULL;
  GtkTextIter start, end;
  JsonNode *answer;

  to_comment (f);
  page = kgt_page (f);
  keyboard = find_type (page, KIOSK_TYPE_TEXT_KEYBOARD);
  view = find_type (page, GTK_TYPE_TEXT_VIEW);
  g_assert_nonnull (keyboard);
  g_assert_nonnull (view);
  g_assert_true (kiosk_text_keyboard_get_target (KIOSK_TEXT_KEYBOARD (keyboard)) == view);
  /* The page starts in the text, not on a key a stray Space would press. */
  g_assert_true (gtk_widget_has_focus (view));
  kst_shoot (GTK_WIDGET (f->window), "comment");
  kst_assert_fits_width (page, ((const KstSize *) data)->width);
  /* The text box and every key fit on the screen together. */
  g_assert_cmpuint (kst_assert_on_screen (kst_viewport_of (page), page), >, 30);
  before = bounds_in_window (f, keyboard);

  if (!kst_can_use_real_input ())
    return;

  kst_click (kgt_part (keyboard, "shift_key"));
  click_key (keyboard, "K");
  click_key (keyboard, "i");
  click_key (keyboard, "n");
  click_key (keyboard, "d");
  click_key (keyboard, " ");
  click_key (keyboard, "s");
  click_key (keyboard, "t");
  click_key (keyboard, "a");
  click_key (keyboard, "f");
  click_key (keyboard, "f");
  click_key (keyboard, "x");
  kst_click (kgt_part (keyboard, "delete_key"));
  kst_click (kgt_part (keyboard, "layer_key"));
  click_key (keyboard, "!");
  kst_click (kgt_part (keyboard, "layer_key"));

  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), &start, &end);
  text = gtk_text_iter_get_text (&start, &end);
  g_assert_cmpstr (text, ==, "Kind staff!");
  kst_shoot (GTK_WIDGET (f->window), "comment-typed");
  /* The cursor is in the text, not on a key. */
  g_assert_true (gtk_widget_has_focus (view));
  /* What Next will take is what was typed. */
  answer = kiosk_session_get_answer (kiosk_window_get_session (f->window),
                                     kiosk_question_page_get_step (KIOSK_QUESTION_PAGE (page)));
  g_assert_nonnull (answer);
  g_assert_cmpstr (json_node_get_string (answer), ==, "Kind staff!");
  /* Typing moved nothing. */
  after = bounds_in_window (f, keyboard);
  assert_same_place (&before, &after);
}

int
main (int   argc,
      char *argv[])
{
  static const struct { const char *name; const KstSize *size; } sizes[] = {
    { "1280x800", &kst_landscape }, { "800x1280", &kst_portrait }, { "1024x768", &kst_small },
  };

  gboolean own_server = kgt_start_display (KST_SCREEN, KST_SCREEN);
  int status;

  kgt_init (&argc, &argv);
  if (!own_server)
    g_test_message ("no Xvfb: on the display there is, which may be too small");

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *messages = g_strdup_printf ("/kiosk/typing/%s/code-messages-move-nothing", sizes[i].name);
      g_autofree char *code = g_strdup_printf ("/kiosk/typing/%s/code-by-keyboard-and-pointer", sizes[i].name);
      g_autofree char *comment = g_strdup_printf ("/kiosk/typing/%s/comment-by-touch", sizes[i].name);

      g_test_add (messages, KgtFixture, sizes[i].size, setup, test_code_messages_move_nothing, teardown);
      g_test_add (code, KgtFixture, sizes[i].size, setup, test_code_by_keyboard_and_pointer, teardown);
      if (sizes[i].size != &kst_small)
        g_test_add (comment, KgtFixture, sizes[i].size, setup, test_comment_by_touch, teardown);
    }

  status = g_test_run ();
  kgt_stop_display ();
  return status;
}
