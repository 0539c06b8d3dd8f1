/* test-auth.c — the Authorization header of a request (docs/api.md
 * "Roles"): "Bearer TOKEN" finds the token's principal, whatever the case
 * of the scheme; no header, another scheme, no token, an unknown or a
 * revoked one are all refused with one and the same 401 message. */
#include "config.h"

#include "agg-auth.h"
#include "agg-error.h"
#include "agg-test-util.h"
#include "agg-token.h"

/* The principal behind @authorization, which must be found. */
static void
assert_principal (AggTestWorld *world,
                  const char   *authorization,
                  AggRole       role,
                  const char   *service_id)
{
  g_auto(AggPrincipal) principal = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (agg_auth_authenticate (world->db, authorization, &principal, &error));
  g_assert_no_error (error);
  g_assert_nonnull (principal.token_id);
  g_assert_cmpint (principal.role, ==, role);
  g_assert_cmpstr (principal.service_id, ==, service_id);
}

static void
test_each_role (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_autofree char *device = NULL;
  g_autofree char *service = NULL;
  g_autofree char *evaluator = NULL;
  g_auto(AggPrincipal) principal = { 0 };
  g_autoptr(GError) error = NULL;

  agg_test_world_init (&world);
  device = g_strconcat ("Bearer ", world.device_a, NULL);
  service = g_strconcat ("Bearer ", world.service_b_token, NULL);
  evaluator = g_strconcat ("Bearer ", world.evaluator, NULL);

  assert_principal (&world, device, AGG_ROLE_DEVICE, world.service_a);
  assert_principal (&world, service, AGG_ROLE_SERVICE, world.service_b);
  assert_principal (&world, evaluator, AGG_ROLE_EVALUATOR, NULL);

  /* The request log names the device by its id, never by its token. */
  g_assert_true (agg_auth_authenticate (world.db, device, &principal, &error));
  g_assert_cmpstr (principal.token_id, ==, world.device_a_id);
}

static void
test_scheme_and_spaces (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_autofree char *lower = NULL;
  g_autofree char *upper = NULL;
  g_autofree char *spaces = NULL;

  agg_test_world_init (&world);
  /* The scheme is case-insensitive (RFC 9110 §11.1), and spaces before
   * the token do not count. */
  lower = g_strconcat ("bearer ", world.device_a, NULL);
  upper = g_strconcat ("BEARER ", world.device_a, NULL);
  spaces = g_strconcat ("Bearer    ", world.device_a, NULL);

  assert_principal (&world, lower, AGG_ROLE_DEVICE, world.service_a);
  assert_principal (&world, upper, AGG_ROLE_DEVICE, world.service_a);
  assert_principal (&world, spaces, AGG_ROLE_DEVICE, world.service_a);
}

static void
test_refusals_read_the_same (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_autofree char *basic = NULL;
  g_autofree char *no_space = NULL;
  g_autofree char *bare = NULL;
  g_autofree char *trailing = NULL;
  g_autofree char *revoked = NULL;
  g_auto(AggPrincipal) nobody = { 0 };
  g_autoptr(GError) unknown = NULL;
  const char *refused[10];

  agg_test_world_init (&world);
  basic = g_strconcat ("Basic ", world.device_a, NULL);
  no_space = g_strconcat ("Bearer", world.device_a, NULL);
  trailing = g_strconcat ("Bearer ", world.device_a, " ", NULL);
  revoked = g_strconcat ("Bearer ", world.revoked, NULL);
  /* The token alone, without its scheme. */
  bare = g_strdup (world.device_a);

  refused[0] = NULL;              /* no header */
  refused[1] = "";
  refused[2] = "Bearer";
  refused[3] = "Bearer    ";
  refused[4] = basic;
  refused[5] = no_space;
  refused[6] = bare;
  refused[7] = trailing;
  refused[8] = "Bearer kv_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  refused[9] = revoked;

  /* Each is told exactly what a token nobody issued is told. */
  g_assert_false (agg_token_lookup (world.db, NULL, &nobody, &unknown));
  g_assert_error (unknown, AGG_ERROR, AGG_ERROR_UNAUTHORIZED);
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_auto(AggPrincipal) principal = { 0 };
      g_autoptr(GError) error = NULL;
      gboolean found = agg_auth_authenticate (world.db, refused[i], &principal, &error);

      g_assert_false (found);
      g_assert_null (principal.token_id);
      g_assert_error (error, unknown->domain, unknown->code);
      g_assert_cmpstr (error->message, ==, unknown->message);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/aggregator/auth/each-role", test_each_role);
  g_test_add_func ("/aggregator/auth/scheme-and-spaces", test_scheme_and_spaces);
  g_test_add_func ("/aggregator/auth/refusals-read-the-same", test_refusals_read_the_same);

  return g_test_run ();
}
