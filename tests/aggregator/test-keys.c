/* test-keys.c — the sealed-feedback key pair: made once, kept private,
 * the same after a restart, and refused when others could read it. */
#include "config.h"

#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

#include "agg-error.h"
#include "agg-keys.h"
#include "agg-test-util.h"

static char *
seal (AggKeys    *keys,
      const char *plain)
{
  const char *key_base64 = agg_keys_get_public_key_base64 (keys);
  guint8 key[crypto_box_PUBLICKEYBYTES];
  g_autofree guint8 *sealed = g_malloc (strlen (plain) + crypto_box_SEALBYTES);
  gsize length;

  g_assert_cmpint (sodium_base642bin (key, sizeof key, key_base64, strlen (key_base64), NULL,
                                      &length, NULL, sodium_base64_VARIANT_ORIGINAL), ==, 0);
  g_assert_cmpuint (length, ==, sizeof key);
  crypto_box_seal (sealed, (const guint8 *) plain, strlen (plain), key);
  return g_base64_encode (sealed, strlen (plain) + crypto_box_SEALBYTES);
}

static void
test_made_once_and_private (void)
{
  g_autofree char *dir = agg_test_make_dir ();
  g_autofree char *db = g_build_filename (dir, "agg.db", NULL);
  g_autofree char *path = agg_keys_default_path (db, NULL);
  g_autofree char *expected = g_build_filename (dir, "agg.db.key", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AggKeys) first = NULL;
  g_autoptr(AggKeys) second = NULL;
  g_autofree char *sealed = NULL;
  g_autoptr(GBytes) opened = NULL;
  GStatBuf info;

  g_assert_cmpstr (path, ==, expected);
  first = agg_keys_load_or_create (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  g_assert_cmpint (info.st_size, ==, crypto_box_SECRETKEYBYTES);

  /* A restart reads the same key: feedback sealed before it still opens. */
  sealed = seal (first, "{\"fft\": \"good\"}");
  second = agg_keys_load_or_create (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (agg_keys_get_public_key_base64 (first), ==, agg_keys_get_public_key_base64 (second));
  opened = agg_keys_open_sealed (second, sealed, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (opened, NULL), g_bytes_get_size (opened),
                   "{\"fft\": \"good\"}", strlen ("{\"fft\": \"good\"}"));
}

static void
test_key_dir (void)
{
  g_autofree char *path = agg_keys_default_path ("/var/lib/keyvoice/agg.db", "/etc/keyvoice");

  g_assert_cmpstr (path, ==, "/etc/keyvoice/agg.db.key");
}

static void
test_readable_key_refused (void)
{
  g_autofree char *dir = agg_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "open.key", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AggKeys) keys = agg_keys_load_or_create (path, &error);
  AggKeys *again;

  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  again = agg_keys_load_or_create (path, &error);
  g_assert_null (again);
  g_assert_error (error, AGG_ERROR, AGG_ERROR_KEY);
  g_assert_nonnull (strstr (error->message, "chmod 600"));
}

static void
test_truncated_key_refused (void)
{
  g_autofree char *dir = agg_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "short.key", NULL);
  g_autoptr(GError) error = NULL;
  AggKeys *keys;

  g_assert_true (g_file_set_contents_full (path, "short", 5, G_FILE_SET_CONTENTS_NONE, 0600, &error));
  keys = agg_keys_load_or_create (path, &error);
  g_assert_null (keys);
  g_assert_error (error, AGG_ERROR, AGG_ERROR_KEY);
}

static void
test_other_key_cannot_open (void)
{
  g_autofree char *dir = agg_test_make_dir ();
  g_autofree char *path_a = g_build_filename (dir, "a.key", NULL);
  g_autofree char *path_b = g_build_filename (dir, "b.key", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AggKeys) a = agg_keys_load_or_create (path_a, &error);
  g_autoptr(AggKeys) b = agg_keys_load_or_create (path_b, &error);
  g_autofree char *sealed = seal (a, "{}");
  g_autoptr(GBytes) opened = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (agg_keys_get_public_key_base64 (a), !=, agg_keys_get_public_key_base64 (b));
  opened = agg_keys_open_sealed (b, sealed, &error);
  g_assert_null (opened);
  g_assert_error (error, AGG_ERROR, AGG_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/aggregator/keys/made-once-and-private", test_made_once_and_private);
  g_test_add_func ("/aggregator/keys/key-dir", test_key_dir);
  g_test_add_func ("/aggregator/keys/readable-key-refused", test_readable_key_refused);
  g_test_add_func ("/aggregator/keys/truncated-key-refused", test_truncated_key_refused);
  g_test_add_func ("/aggregator/keys/other-key-cannot-open", test_other_key_cannot_open);

  return g_test_run ();
}
