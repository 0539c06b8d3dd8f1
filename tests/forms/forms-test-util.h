/* forms-test-util.h — what the forms tests share: reading a form that must
 * load, and JSON and goal sets that must parse.
 *
 * Each helper fails the test where it stands, so a case reads as what it
 * checks rather than as error handling.
 */
#pragma once

#include "kv-form.h"
#include "kv-gas.h"

G_BEGIN_DECLS

KvForm    *forms_test_load_path     (const char *path);
KvForm    *forms_test_load_fixture  (const char *dir,
                                     const char *file);
JsonNode  *forms_test_parse_json    (const char *text);
KvGoalSet *forms_test_goal_set      (const char *json);

G_END_DECLS
