/* kiosk-journey-test.c — a journey to drive in tests, and what it did. */
#include "config.h"

#include <string.h>

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "kv-child-code.h"
#include "kiosk-journey-test.h"

const Setup kj_review_qol = { CHILD_REVIEW_QOL, TRUE };
const Setup kj_experience = { CHILD_EXPERIENCE, TRUE };
const Setup kj_uncached = { NULL, TRUE };
const Setup kj_not_enrolled = { NULL, FALSE };

static void
show_page_cb (KioskJourney *journey,
              Fixture      *f)
{
  KioskPage page = kiosk_journey_get_page (journey);

  g_array_append_val (f->pages, page);
}

static void
notice_cb (KioskJourney *journey,
           int           notice,
           Fixture      *f)
{
  g_array_append_val (f->notices, notice);
}

static void
wiped_cb (KioskJourney *journey,
          Fixture      *f)
{
  f->wiped++;
}

static void
still_there_cb (KioskJourney *journey,
                gboolean      shown,
                Fixture      *f)
{
  if (shown)
    f->still_there++;
}

void
kj_start_journey (Fixture       *f,
                  KioskUploader *uploader)
{
  g_autoptr(KioskFormSource) forms = kiosk_form_source_new (f->store, KV_SOURCE_FORMS_DIR);

  f->journey = kiosk_journey_new (f->store, uploader, f->settings, forms);
  g_signal_connect (f->journey, "show-page", G_CALLBACK (show_page_cb), f);
  g_signal_connect (f->journey, "notice", G_CALLBACK (notice_cb), f);
  g_signal_connect (f->journey, "wiped", G_CALLBACK (wiped_cb), f);
  g_signal_connect (f->journey, "still-there", G_CALLBACK (still_there_cb), f);
  kiosk_journey_reset (f->journey);
  g_array_set_size (f->pages, 0);
  f->wiped = 0;
}

void
kj_setup (Fixture       *f,
          gconstpointer  data)
{
  const Setup *how = data;
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GError) error = NULL;

  f->tmp_dir = kt_tmp_dir ();
  f->dir = g_build_filename (f->tmp_dir, "data", NULL);
  f->store = kiosk_store_open (f->dir, &error);
  g_assert_no_error (error);
  kt_keypair (&f->keys);
  if (how->enrolled)
    kt_enrol (f->store, "http://127.0.0.1:9", &f->keys);

  f->code = kt_child_code ();
  /* The keypad holds the code without its separator. */
  f->typed = g_strdup (f->code);
  memmove (f->typed + 4, f->typed + 5, strlen (f->typed + 5) + 1);
  if (how->child_json != NULL)
    {
      g_autofree char *json = g_strdup_printf (how->child_json, f->code);

      kiosk_store_cache_child (f->store, f->code, json, &error);
      g_assert_no_error (error);
    }

  f->settings = g_settings_new_with_backend ("org.keyvoice.Kiosk", backend);
  f->pages = g_array_new (FALSE, FALSE, sizeof (KioskPage));
  f->notices = g_array_new (FALSE, FALSE, sizeof (int));
  kj_start_journey (f, NULL);
  g_assert_true (kiosk_journey_is_blank (f->journey));
}

void
kj_teardown (Fixture       *f,
             gconstpointer  data)
{
  g_assert_finalize_object (f->journey);
  g_clear_object (&f->settings);
  g_clear_object (&f->store);
  g_array_unref (f->pages);
  g_array_unref (f->notices);
  kt_remove_tree (f->tmp_dir);
  g_free (f->tmp_dir);
  g_free (f->dir);
  g_free (f->code);
  g_free (f->typed);
}

/* ---- Helpers ------------------------------------------------------------ */

static gboolean
quit_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until *@flag changes from @before (or @ms pass). */
void
kj_run_until (guint       *flag,
              guint        before,
              guint        ms)
{
  gboolean done = FALSE;
  guint source = g_timeout_add (ms * kt_slowdown (), quit_cb, &done);

  while (!done && (flag == NULL || *flag == before))
    g_main_context_iteration (NULL, TRUE);
  if (!done)
    g_source_remove (source);
}

void
kj_run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, quit_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* The pages shown since the last call are exactly these, ending in END. */
void
kj_expect_pages (Fixture *f,
                 ...)
{
  va_list args;
  guint i = 0;
  int page;

  va_start (args, f);
  while ((page = va_arg (args, int)) != END)
    {
      g_assert_cmpuint (i, <, f->pages->len);
      g_assert_cmpint (g_array_index (f->pages, KioskPage, i), ==, page);
      i++;
    }
  va_end (args);
  g_assert_cmpuint (i, ==, f->pages->len);
  g_array_set_size (f->pages, 0);
}

KioskSession *
kj_session (Fixture *f)
{
  return kiosk_journey_get_session (f->journey);
}

KioskChrome
kj_chrome (Fixture *f)
{
  KioskChrome chrome;

  kiosk_journey_get_chrome (f->journey, &chrome);
  return chrome;
}

const char *
kj_item_id (Fixture *f)
{
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_QUESTION);
  return kv_item_get_id (kiosk_session_get_step_item (kj_session (f), kiosk_journey_get_step (f->journey)));
}

KvItemType
kj_item_type (Fixture *f)
{
  return kv_item_get_item_type (kiosk_session_get_step_item (kj_session (f),
                                                             kiosk_journey_get_step (f->journey)));
}

void
kj_answer_s (Fixture    *f,
             const char *value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, value);
  kiosk_session_set_answer (kj_session (f), kiosk_journey_get_step (f->journey), node);
}

void
kj_answer_i (Fixture *f,
             gint64   value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_int (node, value);
  kiosk_session_set_answer (kj_session (f), kiosk_journey_get_step (f->journey), node);
}

/* Answers the question on screen with its @level-th level (or @text for
 * a text item) and presses Next. */
void
kj_answer_here (Fixture    *f,
                guint       level,
                const char *text)
{
  const KvItem *it = kiosk_session_get_step_item (kj_session (f), kiosk_journey_get_step (f->journey));

  if (kv_item_get_item_type (it) == KV_ITEM_TEXT && text != NULL)
    kj_answer_s (f, text);
  else if (kv_item_get_item_type (it) == KV_ITEM_SCALE || kv_item_get_item_type (it) == KV_ITEM_CHOICE)
    kj_answer_s (f, kv_level_get_id (kv_item_get_level (it, level)));
  g_assert_cmpint (kiosk_journey_next (f->journey), ==, KIOSK_NEXT_DONE);
}

/* The same for every question left, up to the review. */
void
kj_answer_all (Fixture    *f,
               guint       level,
               const char *text)
{
  while (kiosk_journey_get_page (f->journey) == KIOSK_PAGE_QUESTION)
    kj_answer_here (f, level, text);
  g_assert_cmpint (kiosk_journey_get_page (f->journey), ==, KIOSK_PAGE_REVIEW);
}

void
kj_type_code (Fixture    *f,
              const char *typed)
{
  kiosk_journey_set_entry (f->journey, typed, strlen (typed) == KV_CHILD_CODE_LENGTH);
}

/* Welcome → who is answering → code → forms due. */
void
kj_reach_forms (Fixture    *f,
                const char *respondent)
{
  kiosk_journey_start (f->journey);
  g_assert_false (kj_chrome (f).can_next);
  g_assert_true (kiosk_journey_set_respondent (f->journey, respondent));
  g_assert_true (kj_chrome (f).can_next);
  kiosk_journey_next (f->journey);

  g_assert_false (kj_chrome (f).can_next);
  kj_type_code (f, f->typed);
  g_assert_true (kj_chrome (f).can_next);
  kiosk_journey_next (f->journey);
  kj_expect_pages (f, KIOSK_PAGE_RESPONDENT, KIOSK_PAGE_CODE, KIOSK_PAGE_FORMS, END);
}

JsonNode *
kj_answers_of (JsonNode   *batch,
               const char *form)
{
  JsonObject *submission = kt_submission (batch, form);

  g_assert_nonnull (submission);
  return json_object_get_member (submission, "answers");
}

JsonArray *
kj_offers_of (JsonNode *batch)
{
  return json_object_get_array_member (json_node_get_object (batch), "offers");
}
