/* test-token.c — the secrets the aggregator hands out (docs/aggregator.md
 * "Roles and credentials"): tokens of 32 random bytes in URL-safe base64,
 * ids and enrolment codes from the child-code alphabet, enrolment codes
 * read however they were typed, SHA-256 digests, and finding the
 * principal behind a token, where every kind of refusal reads the same. */
#include "config.h"

#include <string.h>

#include "agg-admin.h"
#include "agg-error.h"
#include "agg-test-util.h"
#include "agg-token.h"
#include "kv-child-code.h"

static gboolean
all_code_characters (const char *text,
                     gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!kv_child_code_is_code_character (text[i]))
      return FALSE;
  return TRUE;
}

static void
test_generate (void)
{
  g_autofree char *first = agg_token_generate ();
  g_autofree char *second = agg_token_generate ();

  /* "kv_" and 43 characters: 32 bytes of base64url without padding. */
  g_assert_true (g_str_has_prefix (first, "kv_"));
  g_assert_cmpuint (strlen (first), ==, 3 + 43);
  for (const char *p = first + 3; *p != '\0'; p++)
    g_assert_true (g_ascii_isalnum (*p) || *p == '-' || *p == '_');
  g_assert_cmpstr (first, !=, second);
}

static void
test_generate_id (void)
{
  g_autofree char *first = agg_token_generate_id ("dev");
  g_autofree char *second = agg_token_generate_id ("dev");
  g_autofree char *other = agg_token_generate_id ("tok");

  g_assert_true (g_str_has_prefix (first, "dev-"));
  g_assert_cmpuint (strlen (first), ==, 4 + 10);
  g_assert_true (all_code_characters (first + 4, 10));
  g_assert_cmpstr (first, !=, second);
  g_assert_true (g_str_has_prefix (other, "tok-"));
}

static void
test_enrolment_code (void)
{
  g_autofree char *code = agg_token_generate_enrolment_code ();
  g_autofree char *again = agg_token_generate_enrolment_code ();
  g_autofree char *normal = NULL;

  /* Four groups of four, for typing on a tablet. */
  g_assert_cmpuint (strlen (code), ==, 19);
  for (guint i = 0; i < 19; i++)
    {
      if (i % 5 == 4)
        g_assert_cmpint (code[i], ==, '-');
      else
        g_assert_true (kv_child_code_is_code_character (code[i]));
    }
  g_assert_cmpstr (code, !=, again);

  normal = agg_token_normalize_enrolment_code (code);
  g_assert_cmpuint (strlen (normal), ==, 16);
  g_assert_true (all_code_characters (normal, 16));
}

static void
test_normalize_enrolment_code (void)
{
  static const char * const same[] = {
    "7K3Q-MX2P-AB4C-DEF9",
    "7K3QMX2PAB4CDEF9",
    "7k3q-mx2p-ab4c-def9",
    " 7K3Q MX2P AB4C DEF9 ",
    "7K3Q--MX2P-AB4C-DEF9-",
  };
  static const char * const refused[] = {
    "",
    "7K3Q-MX2P-AB4C-DEF",       /* 15 characters */
    "7K3Q-MX2P-AB4C-DEF9-2",    /* 17 */
    "7K3Q-MX2P-AB4C-DEF0",      /* 0 is not in the alphabet */
    "7K3Q-MX2P-AB4C-DEFO",      /* nor O */
    "7K3Q-MX2P-AB4C-DEF1",      /* nor 1 */
    "7K3Q-MX2P-AB4C-DEFI",      /* nor I */
    "7K3Q_MX2P_AB4C_DEF9",      /* only spaces and hyphens are ignored */
  };

  for (guint i = 0; i < G_N_ELEMENTS (same); i++)
    {
      g_autofree char *normal = agg_token_normalize_enrolment_code (same[i]);

      g_assert_cmpstr (normal, ==, "7K3QMX2PAB4CDEF9");
    }
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *normal = agg_token_normalize_enrolment_code (refused[i]);

      g_assert_null (normal);
    }
  g_assert_null (agg_token_normalize_enrolment_code (NULL));
}

static void
test_hash (void)
{
  g_autofree char *abc = agg_token_hash ("abc");
  g_autofree char *token = agg_token_generate ();
  g_autofree char *first = agg_token_hash (token);
  g_autofree char *second = agg_token_hash (token);

  /* FIPS 180-2's example: lower-case hex. */
  g_assert_cmpstr (abc, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  g_assert_cmpstr (first, ==, second);
  g_assert_cmpstr (first, !=, abc);
}

static void
test_random_bytes (void)
{
  guint8 first[32] = { 0 };
  guint8 second[32] = { 0 };
  guint8 zero[32] = { 0 };

  agg_token_random_bytes (first, sizeof first);
  agg_token_random_bytes (second, sizeof second);
  g_assert_true (memcmp (first, zero, sizeof zero) != 0);
  g_assert_true (memcmp (first, second, sizeof first) != 0);
}

static void
assert_found (AggDb      *db,
              const char *token,
              const char *token_id,
              AggRole     role,
              const char *service_id)
{
  g_auto(AggPrincipal) principal = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (agg_token_lookup (db, token, &principal, &error));
  g_assert_no_error (error);
  if (token_id != NULL)
    g_assert_cmpstr (principal.token_id, ==, token_id);
  g_assert_nonnull (principal.token_id);
  g_assert_cmpint (principal.role, ==, role);
  g_assert_cmpstr (principal.service_id, ==, service_id);
}

static void
test_lookup_every_role (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *evaluator_id = NULL;
  g_autofree char *evaluator = NULL;
  g_autofree char *lead_id = NULL;
  g_autofree char *lead = NULL;

  agg_test_world_init (&world);
  g_assert_true (agg_admin_add_token (world.db, AGG_ROLE_EVALUATOR, NULL, "Test evaluator 2",
                                      "cli:test", &evaluator_id, &evaluator, &error));
  g_assert_no_error (error);
  g_assert_true (agg_admin_add_token (world.db, AGG_ROLE_SERVICE, world.service_b, "Test lead 2",
                                      "cli:test", &lead_id, &lead, &error));
  g_assert_no_error (error);

  assert_found (world.db, world.device_a, world.device_a_id, AGG_ROLE_DEVICE, world.service_a);
  assert_found (world.db, world.device_b, NULL, AGG_ROLE_DEVICE, world.service_b);
  assert_found (world.db, lead, lead_id, AGG_ROLE_SERVICE, world.service_b);
  assert_found (world.db, world.service_a_token, NULL, AGG_ROLE_SERVICE, world.service_a);
  assert_found (world.db, evaluator, evaluator_id, AGG_ROLE_EVALUATOR, NULL);
}

static void
test_lookup_refusals_read_the_same (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_autofree char *unknown = agg_token_generate ();
  g_autofree char *padding = g_strnfill (90, 'A');
  g_autofree char *too_long = NULL;
  g_autofree char *short_one = NULL;
  g_autofree char *message = NULL;
  const char *refused[6];

  agg_test_world_init (&world);
  /* Longer than any token of ours, with a real one at its start; and a
   * real one without its last character. */
  too_long = g_strconcat (world.device_a, padding, NULL);
  short_one = g_strndup (world.device_a, strlen (world.device_a) - 1);
  refused[0] = NULL;
  refused[1] = "";
  refused[2] = unknown;
  refused[3] = world.revoked;
  refused[4] = too_long;
  refused[5] = short_one;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_auto(AggPrincipal) principal = { 0 };
      g_autoptr(GError) error = NULL;

      g_assert_false (agg_token_lookup (world.db, refused[i], &principal, &error));
      g_assert_error (error, AGG_ERROR, AGG_ERROR_UNAUTHORIZED);
      g_assert_null (principal.token_id);
      /* Nothing in the answer tells a missing token from an unknown or a
       * revoked one. */
      if (message == NULL)
        message = g_strdup (error->message);
      g_assert_cmpstr (error->message, ==, message);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/aggregator/token/generate", test_generate);
  g_test_add_func ("/aggregator/token/generate-id", test_generate_id);
  g_test_add_func ("/aggregator/token/enrolment-code", test_enrolment_code);
  g_test_add_func ("/aggregator/token/normalize-enrolment-code", test_normalize_enrolment_code);
  g_test_add_func ("/aggregator/token/hash", test_hash);
  g_test_add_func ("/aggregator/token/random-bytes", test_random_bytes);
  g_test_add_func ("/aggregator/token/lookup-every-role", test_lookup_every_role);
  g_test_add_func ("/aggregator/token/lookup-refusals-read-the-same",
                   test_lookup_refusals_read_the_same);

  return g_test_run ();
}
