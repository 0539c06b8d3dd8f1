/* test-principal.c — who is calling (core/agg-principal.c): each role by
 * the name the database and the admin verbs use, nothing else taken for
 * a role, and a principal let go of completely. */
#include "config.h"

#include "agg-principal.h"

static void
test_role_names (void)
{
  static const struct
  {
    AggRole     role;
    const char *name;
  } roles[] = {
    { AGG_ROLE_DEVICE, "device" },
    { AGG_ROLE_SERVICE, "service" },
    { AGG_ROLE_EVALUATOR, "evaluator" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      AggRole role = 0;

      g_assert_cmpstr (agg_role_to_string (roles[i].role), ==, roles[i].name);
      g_assert_true (agg_role_from_string (roles[i].name, &role));
      g_assert_cmpint (role, ==, roles[i].role);
    }

  /* Roles are bits, so that a route can admit several in one mask. */
  g_assert_cmpint (AGG_ROLE_DEVICE & AGG_ROLE_SERVICE, ==, 0);
  g_assert_cmpint (AGG_ROLE_DEVICE & AGG_ROLE_EVALUATOR, ==, 0);
  g_assert_cmpint (AGG_ROLE_SERVICE & AGG_ROLE_EVALUATOR, ==, 0);
}

static void
test_unknown_role_names (void)
{
  static const char * const unknown[] = { "Device", "devices", "admin", "", " service" };
  AggRole role = AGG_ROLE_SERVICE;

  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      g_assert_false (agg_role_from_string (unknown[i], &role));
      /* A refused name leaves the role as it was. */
      g_assert_cmpint (role, ==, AGG_ROLE_SERVICE);
    }
  g_assert_false (agg_role_from_string (NULL, &role));
}

static void
test_principal_clear (void)
{
  AggPrincipal principal = { g_strdup ("tok-7K3QMX2PAB"), AGG_ROLE_SERVICE, g_strdup ("test-service-a") };

  agg_principal_clear (&principal);
  g_assert_null (principal.token_id);
  g_assert_null (principal.service_id);
  g_assert_cmpint (principal.role, ==, 0);

  /* Clearing twice is harmless, as g_auto() may. */
  agg_principal_clear (&principal);
  {
    g_auto(AggPrincipal) scoped = { g_strdup ("dev-7K3QMX2PAB"), AGG_ROLE_DEVICE, NULL };

    g_assert_cmpint (scoped.role, ==, AGG_ROLE_DEVICE);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/aggregator/principal/role-names", test_role_names);
  g_test_add_func ("/aggregator/principal/unknown-role-names", test_unknown_role_names);
  g_test_add_func ("/aggregator/principal/clear", test_principal_clear);

  return g_test_run ();
}
