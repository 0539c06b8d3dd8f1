/* forms-test-util.c — the forms tests' shared loaders (forms-test-util.h). */
#include "config.h"

#include "forms-test-util.h"

/* Reads the form at @path, which the case expects to be well formed. */
KvForm *
forms_test_load_path (const char *path)
{
  g_autoptr(GError) error = NULL;
  KvForm *form;

  form = kv_form_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (form);
  return form;
}

/* Reads tests/forms/data/@dir/@file, each test's own made-up forms. */
KvForm *
forms_test_load_fixture (const char *dir,
                         const char *file)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", dir, file, NULL);

  return forms_test_load_path (path);
}

JsonNode *
forms_test_parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  node = json_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* A goal set from its JSON, which the case expects to be valid. */
KvGoalSet *
forms_test_goal_set (const char *json)
{
  g_autoptr(JsonNode) node = forms_test_parse_json (json);
  g_autoptr(GError) error = NULL;
  KvGoalSet *set;

  set = kv_goal_set_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_nonnull (set);
  return set;
}
