/* agg-json.h — the one canonical way to write JSON, so that equal content
 * always hashes the same (duplicate and conflict detection) and stored
 * answers read the same whichever tablet sent them. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The deepest nesting of arrays and objects agg_json_parse() accepts. */
#define AGG_JSON_MAX_DEPTH 32

/* Compact JSON with object members sorted by key (byte order), integers
 * as integers, doubles in shortest round-trip form and strings escaped
 * only where JSON requires. */
/* Appends @string as a JSON string literal (RFC 8259 §7). */
void      agg_json_append_string (GString     *out,
                                  const char  *string);
char     *agg_json_canonical     (JsonNode    *node);
/* Lower-case hex SHA-256 of the canonical form. */
char     *agg_json_content_hash  (JsonNode    *node);
/* Parses @data as JSON; a clear AGG_ERROR_INVALID naming line and column
 * when it is not. */
JsonNode *agg_json_parse         (const char  *data,
                                  gssize       length,
                                  GError     **error);
/* Serialises @node compactly, as it is (no sorting), for replies. */
GBytes   *agg_json_to_bytes      (JsonNode    *node);

G_END_DECLS
