/* test-audit.c — core/agg-audit.c called directly: every change leaves
 * one record, in order, a failed change none, and no record ever holds a
 * token or an enrolment code. */
#include "config.h"

#include <string.h>

#include "agg-admin.h"
#include "agg-audit.h"
#include "agg-error.h"
#include "agg-test-util.h"

static void
test_cli_actor (void)
{
  g_autofree char *actor = agg_audit_cli_actor ();
  g_autofree char *expected = g_strconcat ("cli:", g_get_user_name (), NULL);

  g_assert_cmpstr (actor, ==, expected);
}

/* The actions of @records joined by spaces. */
static char *
actions_of (GPtrArray *records)
{
  GString *actions = g_string_new (NULL);

  for (guint i = 0; i < records->len; i++)
    g_string_append_printf (actions, "%s%s", i > 0 ? " " : "",
                            ((AggAuditRow *) g_ptr_array_index (records, i))->action);
  return g_string_free (actions, FALSE);
}

static void
test_trail (void)
{
  g_auto(AggTestWorld) world = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *actions = NULL;
  g_autofree char *code = NULL;
  g_autofree char *none = NULL;
  AggAuditRow *last;

  agg_test_world_init (&world);
  code = agg_admin_create_enrolment_code (world.db, world.service_b, 2, "cli:test", &error);
  g_assert_no_error (error);
  /* Refused, so not recorded. */
  none = agg_admin_add_service (world.db, "Test Service A", world.service_a, "cli:test", &error);
  g_assert_error (error, AGG_ERROR, AGG_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_true (agg_audit_record (world.db, "tok-test", "report", NULL, NULL, &error));
  g_assert_no_error (error);

  records = agg_audit_list (world.db, &error);
  g_assert_no_error (error);
  actions = actions_of (records);
  /* What agg_test_world_init() did, in order, then the two above. */
  g_assert_cmpstr (actions, ==,
                   "service-add service-add child-add child-add child-add "
                   "enrol-code device-enrol enrol-code device-enrol enrol-code device-enrol "
                   "device-revoke token-add token-add token-add enrol-code report");

  last = g_ptr_array_index (records, records->len - 1);
  g_assert_cmpstr (last->actor, ==, "tok-test");
  g_assert_cmpstr (last->target, ==, "");
  g_assert_cmpstr (last->detail, ==, "");
  g_assert_true (g_str_has_suffix (last->at, "Z"));
  last = g_ptr_array_index (records, records->len - 2);
  g_assert_cmpstr (last->target, ==, world.service_b);
  g_assert_true (g_str_has_prefix (last->detail, "expires "));

  for (guint i = 0; i < records->len; i++)
    {
      AggAuditRow *record = g_ptr_array_index (records, i);
      const char *secrets[] = {
        code, world.device_a, world.device_b, world.revoked, world.service_a_token,
        world.service_b_token, world.evaluator,
      };

      for (guint j = 0; j < G_N_ELEMENTS (secrets); j++)
        {
          g_assert_null (strstr (record->target, secrets[j]));
          g_assert_null (strstr (record->detail, secrets[j]));
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/aggregator/audit/cli-actor", test_cli_actor);
  g_test_add_func ("/aggregator/audit/trail", test_trail);

  return g_test_run ();
}
