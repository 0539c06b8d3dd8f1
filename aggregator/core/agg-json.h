/* agg-json.h — the one canonical way to write JSON, so that equal content
 * always hashes the same (duplicate and conflict detection) and stored
 * answers read the same whichever tablet sent them. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Compact JSON with object members sorted by key (byte order), integers
 * as integers, doubles in shortest round-trip form and strings escaped
 * only where JSON requires. */
/* Appends @string as a JSON string literal (RFC 8259 §7). */
void      agg_json_append_string (GString     *out,
                                  const char  *string);
char     *agg_json_canonical     (JsonNode    *node);
/* Lower-case hex SHA-256 of the canonical form. */
char     *agg_json_content_hash  (JsonNode    *node);
/* Parses @data as strict JSON (kv_json_parse()); a clear AGG_ERROR_INVALID
 * naming line, column and byte when it is not, AGG_ERROR_TOO_LARGE when it
 * holds more values than KV_JSON_MAX_VALUES. */
JsonNode *agg_json_parse         (const char  *data,
                                  gssize       length,
                                  GError     **error);
/* Checks that every member of @object is one of @known (NULL-terminated);
 * otherwise an AGG_ERROR_INVALID naming the first unknown member (when it
 * is a short identifier, never anyone's words) and @where ("the body",
 * "submission 3"…). */
gboolean  agg_json_check_members (JsonObject         *object,
                                  const char * const *known,
                                  const char         *where,
                                  GError            **error);
/* Serialises @node compactly, as it is (no sorting), for replies. */
GBytes   *agg_json_to_bytes      (JsonNode    *node);

G_END_DECLS
