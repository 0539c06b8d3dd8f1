/* test-kiosk-store-cache.c — cached forms and children
 * (kiosk-store-cache.c). */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kiosk-test-util.h"

static void
test_caches (void)
{
  g_autofree char *dir = kt_data_dir ("caches");
  g_autoptr(KioskStore) store = kt_open_store (dir);
  g_autofree char *xml = kt_read_data ("qol.xml");
  g_autofree char *child_json = kt_read_data ("child.json");
  g_autoptr(GBytes) bytes = g_bytes_new (xml, strlen (xml));
  g_autoptr(GBytes) broken = g_bytes_new_static ("<form", 5);
  g_autoptr(KvForm) form = NULL;
  g_autoptr(KioskChild) child = NULL;
  g_autoptr(GError) error = NULL;

  form = kiosk_store_load_form (store, "kiosk-test-qol", 0, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_CACHED);
  g_clear_error (&error);

  g_assert_false (kiosk_store_cache_form (store, broken, &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID);
  g_clear_error (&error);
  kiosk_store_cache_form (store, bytes, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_store_has_form (store, "kiosk-test-qol", 1));
  g_assert_false (kiosk_store_has_form (store, "kiosk-test-qol", 2));
  form = kiosk_store_load_form (store, "kiosk-test-qol", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kv_form_get_n_items (form), ==, 3);

  g_assert_false (kiosk_store_cache_child (store, KT_CHILD, "{\"code\": 7}", &error));
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID);
  g_clear_error (&error);
  kiosk_store_cache_child (store, KT_CHILD, child_json, &error);
  g_assert_no_error (error);
  child = kiosk_store_lookup_child (store, KT_CHILD, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_child_is_from_cache (child));
  g_assert_cmpuint (kiosk_child_get_goal_set_version (child), ==, 3);
  g_assert_cmpuint (kv_goal_set_get_n_goals (kiosk_child_get_goal_set (child)), ==, 2);
  g_assert_true (kiosk_child_is_due (child, "kiosk-test-qol"));
  g_assert_cmpstr (kiosk_child_get_dsr (child), ==, "amber");
  g_clear_pointer (&child, kiosk_child_unref);

  kiosk_store_forget_child (store, KT_CHILD, &error);
  g_assert_no_error (error);
  child = kiosk_store_lookup_child (store, KT_CHILD, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_CACHED);
}

/* @days days and @seconds seconds from the start of the local day, as the
 * store writes fetched_at (UTC). */
static char *
local_day_plus (int days,
                int seconds)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (now),
                                                         g_date_time_get_month (now),
                                                         g_date_time_get_day_of_month (now),
                                                         0, 0, 0);
  g_autoptr(GDateTime) shifted = g_date_time_add_full (midnight, 0, 0, days, 0, 0, seconds);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (shifted);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static void
set_fetched_at (sqlite3    *db,
                const char *fetched_at)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE cached_children SET fetched_at = '%s'",
                                          fetched_at);

  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

/* A cached child (the family's goal wording among it) lasts for the
 * tablet's local day it was fetched on.  The tablet is put fourteen hours
 * ahead of UTC: its midnight is 10:00 UTC, so the two times either side of
 * it below are on the same UTC day and only the local day tells them
 * apart. */
static void
test_cached_children_expire (void)
{
  g_autofree char *dir = kt_data_dir ("children-expire");
  g_autofree char *saved_tz = NULL;
  g_autoptr(KioskStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *last_night = NULL;
  g_autofree char *early_today = NULL;
  g_autofree char *tomorrow = NULL;
  sqlite3 *db;

  saved_tz = kt_set_tz ("<+14>-14");
  last_night = local_day_plus (0, -1);
  early_today = local_day_plus (0, 1);
  tomorrow = local_day_plus (1, 0);

  store = kt_open_store (dir);
  db = kt_open_raw (dir);

  /* Read: fetched one second before the tablet's midnight, it is gone,
   * row and all. */
  kt_cache_child (store);
  kt_assert_child_cached (store, TRUE);
  set_fetched_at (db, last_night);
  kt_assert_child_cached (store, FALSE);
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM cached_children"), ==, 0);

  /* Fetched one second after it, it is today's. */
  kt_cache_child (store);
  set_fetched_at (db, early_today);
  kt_assert_child_cached (store, TRUE);

  /* Periodically (each sync pass calls this): a clock that was put back
   * leaves a time after today, which goes too. */
  set_fetched_at (db, tomorrow);
  g_assert_true (kiosk_store_expire_children (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM cached_children"), ==, 0);

  /* At start: yesterday's is dropped when the store opens, before anyone
   * looks it up. */
  kt_cache_child (store);
  set_fetched_at (db, last_night);
  g_assert_finalize_object (g_steal_pointer (&store));
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM cached_children"), ==, 1);
  store = kt_open_store (dir);
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM cached_children"), ==, 0);

  sqlite3_close (db);
  kt_restore_tz (saved_tz);
}

/* A cached child is kept under a keyed hash of its code, its information
 * in a box only its code opens: neither the code nor the family's goal
 * wording is in kiosk.db or its WAL, and the offline look-up still finds
 * the child (by any spelling of the code).  Without the cache key the
 * cache is of no use, so a new key empties it. */
static void
test_children_cached_unreadable (void)
{
  g_autofree char *dir = kt_data_dir ("cache-unreadable");
  g_autoptr(KioskStore) store = kt_open_store (dir);
  g_autofree char *code = kt_child_code ();
  g_autofree char *lower = g_ascii_strdown (code, -1);
  g_autofree char *key_path = g_build_filename (dir, "cache-key", NULL);
  g_autofree char *json = NULL;
  g_autoptr(KioskChild) child = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) parts = g_strsplit (code, "-", -1);
  g_autofree char *unbroken = g_strjoinv ("", parts);
  GStatBuf st;
  sqlite3 *db;

  json = g_strdup_printf ("{\"code\": \"%s\", \"age_band\": \"under-18\", \"dsr\": null, "
                          "\"goal_set\": {\"version\": 1, \"set_at\": \"2026-01-02\", "
                          "\"goals\": [{\"id\": \"g1\", \"text\": \"" KT_SECRET_MARKER "\", "
                          "\"baseline\": -1}]}, \"due\": [\"gas-review\"]}", code);
  g_assert_true (kiosk_store_cache_child (store, code, json, &error));
  g_assert_no_error (error);
  kt_cache_child (store);

  g_assert_false (kt_dir_contains (dir, KT_SECRET_MARKER));
  g_assert_false (kt_dir_contains (dir, "Synthetic goal one"));
  g_assert_false (kt_dir_contains (dir, code));
  g_assert_false (kt_dir_contains (dir, unbroken));
  g_assert_false (kt_dir_contains (dir, KT_CHILD));
  db = kt_open_raw (dir);
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM cached_children WHERE length (key) = 64"),
                   ==, 2);
  sqlite3_close (db);
  g_assert_cmpint (g_stat (key_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (st.st_size, ==, 32);

  child = kiosk_store_lookup_child (store, lower, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kiosk_child_get_code (child), ==, code);
  g_clear_pointer (&child, kiosk_child_unref);
  kt_assert_child_cached (store, TRUE);

  /* Forgetting finds the row by the code too. */
  g_assert_true (kiosk_store_forget_child (store, code, &error));
  g_assert_no_error (error);
  child = kiosk_store_lookup_child (store, code, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_NOT_CACHED);
  g_clear_error (&error);

  /* Reopened with its key, the cache is kept; without it, it is emptied. */
  g_clear_object (&store);
  store = kt_open_store (dir);
  kt_assert_child_cached (store, TRUE);
  g_clear_object (&store);
  g_assert_cmpint (g_unlink (key_path), ==, 0);
  store = kt_open_store (dir);
  db = kt_open_raw (dir);
  g_assert_cmpint (kt_count (db, "SELECT count(*) FROM cached_children"), ==, 0);
  sqlite3_close (db);
  kt_assert_child_cached (store, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/kiosk/store/cache/forms-and-children", test_caches);
  g_test_add_func ("/kiosk/store/cache/children-expire", test_cached_children_expire);
  g_test_add_func ("/kiosk/store/cache/children-cached-unreadable",
                   test_children_cached_unreadable);

  return g_test_run ();
}
