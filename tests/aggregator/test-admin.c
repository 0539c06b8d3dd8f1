/* test-admin.c — core/agg-admin.c called directly: services, tokens,
 * enrolment, children and DSR ratings change in one transaction with their
 * audit record, refuse bad input with a clear error, and list back what
 * the verbs print. */
#include "config.h"

#include <string.h>

#include "agg-admin.h"
#include "agg-audit.h"
#include "agg-error.h"
#include "kv-child-code.h"
#include "agg-test-util.h"

#define ACTOR "cli:test"

static guint
n_audit_records (AggDb *db)
{
  return (guint) agg_test_count (db, "SELECT count(*) FROM audit");
}

/* Token @id of @tokens, or NULL: tokens made in the same second list in
 * the order of their random ids. */
static AggTokenRow *
find_token (GPtrArray  *tokens,
            const char *id)
{
  for (guint i = 0; i < tokens->len; i++)
    if (g_str_equal (((AggTokenRow *) g_ptr_array_index (tokens, i))->id, id))
      return g_ptr_array_index (tokens, i);
  return NULL;
}

static void
test_validators (void)
{
  g_assert_true (agg_admin_is_age_band ("under-18"));
  g_assert_true (agg_admin_is_age_band ("18-25"));
  g_assert_false (agg_admin_is_age_band ("adult"));
  g_assert_true (agg_admin_is_dsr_rating ("amber"));
  g_assert_false (agg_admin_is_dsr_rating ("purple"));
  g_assert_false (agg_admin_is_dsr_rating (NULL));
  g_assert_true (agg_admin_is_date ("2024-02-29"));
  g_assert_false (agg_admin_is_date ("2026-02-29"));
  g_assert_false (agg_admin_is_date ("2026-1-05"));
  g_assert_false (agg_admin_is_date ("1899-12-31"));
  g_assert_true (agg_admin_is_service_id ("test-a2"));
  g_assert_false (agg_admin_is_service_id ("2test"));
  g_assert_false (agg_admin_is_service_id ("test-"));
  g_assert_false (agg_admin_is_service_id ("Test"));
  g_assert_false (agg_admin_is_service_id ("a23456789012345678901234567890123"));
}

static void
test_services (AggTestWorld  *world,
              gconstpointer  data)
{
  AggDb *db = world->db;
  g_autoptr(GError) error = NULL;
  g_autofree char *slug = NULL;
  g_autofree char *none = NULL;
  g_autoptr(GPtrArray) services = NULL;
  guint n_records = n_audit_records (db);
  AggServiceRow *a;

  slug = agg_admin_add_service (db, "  Test Service: North!  ", NULL, ACTOR, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (slug, ==, "test-service-north");

  none = agg_admin_add_service (db, "Test A again", "test-service-a", ACTOR, &error);
  g_assert_null (none);
  g_assert_error (error, AGG_ERROR, AGG_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "choose another id"));
  g_clear_error (&error);
  none = agg_admin_add_service (db, "Test\tTab", "test-tab", ACTOR, &error);
  g_assert_error (error, AGG_ERROR, AGG_ERROR_INVALID);
  g_clear_error (&error);
  none = agg_admin_add_service (db, "!!!", NULL, ACTOR, &error);
  g_assert_error (error, AGG_ERROR, AGG_ERROR_INVALID);
  g_clear_error (&error);
  /* Only the service that was added left a record. */
  g_assert_cmpuint (n_audit_records (db), ==, n_records + 1);

  g_assert_true (agg_admin_service_exists (db, "test-service-north", &error));
  g_assert_false (agg_admin_service_exists (db, "test-service-south", &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Service A has two children and one tablet still enrolled. */
  services = agg_admin_list_services (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (services->len, ==, 3);
  a = g_ptr_array_index (services, 0);
  g_assert_cmpstr (a->id, ==, "test-service-a");
  g_assert_cmpstr (a->name, ==, "Test Service A");
  g_assert_cmpint (a->n_children, ==, 2);
  g_assert_cmpint (a->n_devices, ==, 1);
  g_assert_cmpstr (((AggServiceRow *) g_ptr_array_index (services, 1))->id, ==,
                   "test-service-b");
}

static void
test_tokens (AggTestWorld  *world,
            gconstpointer  data)
{
  AggDb *db = world->db;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GPtrArray) evaluators = NULL;
  g_autoptr(GPtrArray) of_b = NULL;

  g_assert_false (agg_admin_add_token (db, AGG_ROLE_SERVICE, NULL, NULL, ACTOR, &id, &token,
                                       &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (agg_admin_add_token (db, AGG_ROLE_EVALUATOR, "test-service-a", NULL, ACTOR,
                                       &id, &token, &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (agg_admin_add_token (db, AGG_ROLE_DEVICE, "test-service-a", NULL, ACTOR, &id,
                                       &token, &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (agg_admin_add_token (db, AGG_ROLE_SERVICE, "test-service-z", NULL, ACTOR, &id,
                                       &token, &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (id);

  g_assert_true (agg_admin_add_token (db, AGG_ROLE_EVALUATOR, NULL, "Test second evaluator",
                                      ACTOR, &id, &token, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (id, "tok-"));
  g_assert_true (g_str_has_prefix (token, "kv_"));

  evaluators = agg_admin_list_tokens (db, AGG_ROLE_EVALUATOR, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (evaluators->len, ==, 2);
  g_assert_nonnull (find_token (evaluators, id));
  g_assert_cmpstr (find_token (evaluators, id)->name, ==, "Test second evaluator");
  g_assert_cmpstr (find_token (evaluators, id)->service_id, ==, "");
  /* Service B's tablet and its lead's token. */
  of_b = agg_admin_list_tokens (db, 0, "test-service-b", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (of_b->len, ==, 2);

  /* A tablet's revocation does not reach other tokens; a token is revoked
   * once, and the second try says when the first was. */
  g_assert_false (agg_admin_revoke_token (db, id, TRUE, ACTOR, &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (agg_admin_revoke_token (db, id, FALSE, ACTOR, &error));
  g_assert_no_error (error);
  g_assert_false (agg_admin_revoke_token (db, id, FALSE, ACTOR, &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "already revoked on 20"));
}

static void
test_enrolment (AggTestWorld  *world,
               gconstpointer  data)
{
  AggDb *db = world->db;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *none = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  g_auto(AggEnrolment) enrolment = { 0 };
  g_auto(AggEnrolment) again = { 0 };

  none = agg_admin_create_enrolment_code (db, "test-service-a", 0, ACTOR, &error);
  g_assert_error (error, AGG_ERROR, AGG_ERROR_INVALID);
  g_clear_error (&error);
  none = agg_admin_create_enrolment_code (db, "test-service-z", 1, ACTOR, &error);
  g_assert_error (error, AGG_ERROR, AGG_ERROR_NOT_FOUND);
  g_clear_error (&error);

  code = agg_admin_create_enrolment_code (db, "test-service-b", 1, ACTOR, &error);
  g_assert_no_error (error);
  /* Typed in lower case, the code still works. */
  {
    g_autofree char *typed = g_ascii_strdown (code, -1);

    g_assert_true (agg_admin_enrol_device (db, typed, "Test tablet", &enrolment, &error));
  }
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (enrolment.device_id, "dev-"));
  g_assert_cmpstr (enrolment.service_id, ==, "test-service-b");
  g_assert_cmpstr (enrolment.service_name, ==, "Test Service B");

  g_assert_false (agg_admin_enrol_device (db, code, "Test tablet", &again, &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_UNAUTHORIZED);
  g_assert_null (again.token);
  g_clear_error (&error);
  g_assert_false (agg_admin_enrol_device (db, "not a code", NULL, &again, &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  devices = agg_admin_list_tokens (db, AGG_ROLE_DEVICE, "test-service-b", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (devices->len, ==, 2);
  g_assert_nonnull (find_token (devices, enrolment.device_id));
  g_assert_cmpstr (find_token (devices, enrolment.device_id)->name, ==, "Test tablet");
}

static void
test_children (AggTestWorld  *world,
              gconstpointer  data)
{
  AggDb *db = world->db;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *none = NULL;
  g_autoptr(GPtrArray) children = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(AggChildRow) child = NULL;
  g_autoptr(AggChildRow) missing = NULL;

  none = agg_admin_add_child (db, "test-service-a", "adult", NULL, NULL, ACTOR, &error);
  g_assert_error (error, AGG_ERROR, AGG_ERROR_INVALID);
  g_clear_error (&error);
  none = agg_admin_add_child (db, "test-service-z", "18-25", NULL, NULL, ACTOR, &error);
  g_assert_error (error, AGG_ERROR, AGG_ERROR_NOT_FOUND);
  g_clear_error (&error);

  code = agg_admin_add_child (db, "test-service-b", "18-25", NULL, NULL, ACTOR, &error);
  g_assert_no_error (error);
  g_assert_true (kv_child_code_is_valid (code));

  children = agg_admin_list_children (db, "test-service-b", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (children->len, ==, 2);
  for (guint i = 0; i < children->len; i++)
    {
      AggChildRow *row = g_ptr_array_index (children, i);

      /* The new child has no rating yet; the world's child of B is amber. */
      g_assert_cmpstr (row->dsr, ==, g_str_equal (row->code, code) ? "" : "amber");
      g_assert_cmpint (row->goal_set_version, ==, 0);
    }

  g_assert_true (agg_admin_set_dsr (db, code, "green", "2026-04-01", ACTOR, &error));
  g_assert_true (agg_admin_set_dsr (db, code, "red", "2026-03-01", ACTOR, &error));
  g_assert_no_error (error);
  g_assert_false (agg_admin_set_dsr (db, code, NULL, NULL, ACTOR, &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_INVALID);
  g_clear_error (&error);

  child = agg_admin_find_child (db, code, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (child->service_id, ==, "test-service-b");
  g_assert_cmpstr (child->age_band, ==, "18-25");
  history = agg_admin_dsr_history (db, code, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_cmpstr (((AggDsrRow *) g_ptr_array_index (history, 0))->rating, ==, "red");
  g_assert_cmpstr (((AggDsrRow *) g_ptr_array_index (history, 1))->rating, ==, "green");

  missing = agg_admin_find_child (db, "2222-2222", &error);
  g_assert_null (missing);
  g_assert_error (error, AGG_ERROR, AGG_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (agg_admin_dsr_history (db, "O0-nonsense", &error));
  g_assert_error (error, AGG_ERROR, AGG_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/aggregator/admin/validators", test_validators);
#define ADD(path, func) \
  g_test_add ("/aggregator/admin/" path, AggTestWorld, NULL, agg_test_world_setup, func, \
              agg_test_world_teardown)
  ADD ("services", test_services);
  ADD ("tokens", test_tokens);
  ADD ("enrolment", test_enrolment);
  ADD ("children", test_children);
#undef ADD

  return g_test_run ();
}
