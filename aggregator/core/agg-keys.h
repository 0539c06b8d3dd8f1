/* agg-keys.h — the aggregator's key pair for sealed experience feedback.
 *
 * Tablets seal experience answers to the public key (crypto_box_seal), so
 * only the aggregator can open them.  The pair is made on first start; the
 * secret key lives in a file only its owner may read, beside the database
 * or in --key-dir.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define AGG_TYPE_KEYS (agg_keys_get_type ())

G_DECLARE_FINAL_TYPE (AggKeys, agg_keys, AGG, KEYS, GObject)

/* The key file for @db_path: "<db file name>.key" in @key_dir, or beside
 * the database when @key_dir is NULL. */
char        *agg_keys_default_path         (const char   *db_path,
                                            const char   *key_dir);

/* Reads the secret key at @path, or makes a new pair and writes it there
 * (mode 0600) when the file does not exist.  A key file others may read
 * is refused: the key could already be out. */
AggKeys     *agg_keys_load_or_create       (const char   *path,
                                            GError      **error);

/* The 32-byte crypto_box public key, base64 (standard alphabet). */
const char  *agg_keys_get_public_key_base64 (AggKeys     *self);

/* Opens a sealed box sent as base64.  The result is the plain bytes; a
 * box that is not base64, too short, or not sealed to our key is
 * AGG_ERROR_INVALID. */
GBytes      *agg_keys_open_sealed          (AggKeys      *self,
                                            const char   *sealed_base64,
                                            GError      **error);

G_END_DECLS
