/* fuzz-kiosk-reply.c — what the kiosk reads from the network, under
 * libFuzzer.
 *
 * The input is the body of a reply from whoever answers the tablet: the
 * aggregator, a captive portal, or anyone on the path.  It goes through
 * kiosk_http_parse_reply() (every JSON reply the uploader reads),
 * kiosk_http_error_code() (error bodies) and, when it is an object,
 * kiosk_child_new_from_json() (GET /api/v1/children/{code}).  What must
 * hold for any body:
 *
 * - nothing crashes, leaks or raises a critical, however deep or long;
 * - a reply parses exactly when libkvforms' strict gate accepts it and it
 *   is an object, and what parses writes back out as strict JSON again;
 * - an error code is a short lower-case word or nothing, since it goes on
 *   the staff screen and into logs.
 */
#include "config.h"

#include "kiosk-child.h"
#include "kiosk-error.h"
#include "kiosk-http.h"
#include "kv-form.h"
#include "kv-json.h"
#include "fuzz-common.h"

static void
reply_check_code (const char *code)
{
  if (code == NULL)
    return;
  kv_fuzz_check (*code != '\0' && strlen (code) <= 32, "an error code of the wrong length");
  for (const char *p = code; *p != '\0'; p++)
    kv_fuzz_check (g_ascii_islower (*p) || *p == '-', "an error code with other characters");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(GError) gate_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *code = NULL;
  gboolean strict;

  kv_fuzz_init ();

  strict = kv_json_validate ((const char *) data, size, &gate_error);
  kv_fuzz_check (strict == (gate_error == NULL), "the gate's verdict and error disagree");
  kv_fuzz_check (strict || g_str_has_prefix (gate_error->message, "line "),
                 "a gate error that does not say where");

  object = kiosk_http_parse_reply (body, &error);
  if (object == NULL)
    {
      kv_fuzz_check (g_error_matches (error, KIOSK_ERROR, KIOSK_ERROR_BAD_REPLY),
                     "a refused reply that is not a bad reply");
      if (strict)
        {
          g_autoptr(JsonNode) root = kv_json_parse ((const char *) data, size, NULL);

          kv_fuzz_check (root != NULL, "strict JSON that json-glib cannot read");
          kv_fuzz_check (!JSON_NODE_HOLDS_OBJECT (root), "a strict JSON object refused as a reply");
        }
    }
  else
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
      g_autoptr(KioskChild) child = NULL;
      g_autoptr(GError) child_error = NULL;
      g_autofree char *again = NULL;

      kv_fuzz_check (strict, "a reply read that the strict gate refuses");
      again = json_to_string (node, FALSE);
      kv_fuzz_check (kv_json_validate (again, strlen (again), NULL),
                     "json-glib wrote out what the gate refuses");

      child = kiosk_child_new_from_json (node, NULL, FALSE, &child_error);
      kv_fuzz_check ((child == NULL) == (child_error != NULL),
                     "a child lookup with both or neither of a child and an error");
      if (child_error != NULL)
        kv_fuzz_touch (child_error->message);
    }

  code = kiosk_http_error_code (body);
  reply_check_code (code);
  return 0;
}
