/* test-kiosk-seal.c — independent feedback is sealed to the aggregator
 * (docs/domain.md §6), and the kiosk has no way to open it. */
#include "config.h"

#include <sodium.h>
#include <string.h>

#include "kiosk-test-util.h"

static void
test_seal_opens_with_secret_key (void)
{
  static const char answers[] = "{\"overall\":\"good\",\"say\":\"" KT_SECRET_MARKER "\"}";
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GBytes) box1 = NULL;
  g_autoptr(GBytes) box2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guchar *opened = g_malloc0 (sizeof answers);
  KtKeyPair pair;

  kt_keypair (&pair);
  key = g_bytes_new (pair.public_key, sizeof pair.public_key);

  box1 = kiosk_seal (key, answers, strlen (answers), &error);
  g_assert_no_error (error);
  box2 = kiosk_seal (key, answers, strlen (answers), &error);
  g_assert_no_error (error);

  g_assert_cmpuint (g_bytes_get_size (box1), ==, strlen (answers) + crypto_box_SEALBYTES);
  /* A fresh ephemeral key each time: two boxes of the same answers differ,
   * so equal answers cannot be spotted by equal boxes. */
  g_assert_false (g_bytes_equal (box1, box2));
  g_assert_null (g_strstr_len (g_bytes_get_data (box1, NULL), g_bytes_get_size (box1),
                               KT_SECRET_MARKER));

  g_assert_cmpint (crypto_box_seal_open (opened, g_bytes_get_data (box1, NULL),
                                         g_bytes_get_size (box1),
                                         pair.public_key, pair.secret_key), ==, 0);
  g_assert_cmpstr ((char *) opened, ==, answers);
}

static void
test_seal_wrong_key_cannot_open (void)
{
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GBytes) box = NULL;
  g_autoptr(GError) error = NULL;
  guchar opened[16];
  KtKeyPair pair, other;

  kt_keypair (&pair);
  kt_keypair (&other);
  key = g_bytes_new (pair.public_key, sizeof pair.public_key);
  box = kiosk_seal (key, "{\"a\":1}", 7, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crypto_box_seal_open (opened, g_bytes_get_data (box, NULL),
                                         g_bytes_get_size (box),
                                         other.public_key, other.secret_key), !=, 0);
}

static void
test_seal_bad_keys (void)
{
  g_autoptr(GBytes) short_key = g_bytes_new_static ("0123456789", 10);
  g_autoptr(GBytes) box = NULL;
  g_autoptr(GBytes) decoded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *good = NULL;
  KtKeyPair pair;

  box = kiosk_seal (short_key, "x", 1, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_SEAL);
  g_assert_null (box);
  g_clear_error (&error);
  box = kiosk_seal (NULL, "x", 1, &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_SEAL);
  g_clear_error (&error);

  decoded = kiosk_seal_decode_public_key ("AAAA", &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_SEAL);
  g_clear_error (&error);
  decoded = kiosk_seal_decode_public_key ("", &error);
  g_assert_error (error, KIOSK_ERROR, KIOSK_ERROR_SEAL);
  g_clear_error (&error);

  kt_keypair (&pair);
  good = g_base64_encode (pair.public_key, sizeof pair.public_key);
  decoded = kiosk_seal_decode_public_key (good, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (decoded, NULL), g_bytes_get_size (decoded),
                   pair.public_key, sizeof pair.public_key);
}

/* Reads the symbols the core library needs from elsewhere.  It must seal
 * (crypto_box_seal) and must not be able to open a box (no
 * crypto_box_seal_open or crypto_box_open*) nor load GTK. */
static void
test_core_cannot_open (void)
{
  const char *argv[] = { "nm", "-P", "-u", KIOSK_CORE_ARCHIVE, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean seals = FALSE;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], " ", 3);

      if (g_strv_length (fields) < 2 || !g_str_equal (fields[1], "U"))
        continue;
      if (g_str_equal (fields[0], "crypto_box_seal"))
        seals = TRUE;
      g_assert_false (g_str_has_prefix (fields[0], "crypto_box_seal_open"));
      g_assert_false (g_str_has_prefix (fields[0], "crypto_box_open"));
      g_assert_false (g_str_has_prefix (fields[0], "crypto_box_easy_open"));
      g_assert_false (g_str_has_prefix (fields[0], "gtk_"));
      g_assert_false (g_str_has_prefix (fields[0], "adw_"));
    }
  /* Guards the guard: if nm printed nothing useful this would fail. */
  g_assert_true (seals);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/kiosk/seal/opens-with-secret-key", test_seal_opens_with_secret_key);
  g_test_add_func ("/kiosk/seal/wrong-key-cannot-open", test_seal_wrong_key_cannot_open);
  g_test_add_func ("/kiosk/seal/bad-keys", test_seal_bad_keys);
  g_test_add_func ("/kiosk/seal/core-cannot-open", test_core_cannot_open);

  return g_test_run ();
}
