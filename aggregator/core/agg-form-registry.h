/* agg-form-registry.h — every form the aggregator knows, all versions side
 * by side, loaded once at start from a directory of *.xml files.
 *
 * Uploads name a form and version; old versions stay loaded so that a
 * tablet that has not updated yet is still understood.
 */
#pragma once

#include <glib-object.h>

#include "kv-form.h"

G_BEGIN_DECLS

#define AGG_TYPE_FORM_REGISTRY (agg_form_registry_get_type ())

G_DECLARE_FINAL_TYPE (AggFormRegistry, agg_form_registry, AGG, FORM_REGISTRY, GObject)

/* The installed forms (KV_FORMS_DIR) when they exist, else the source
 * tree's (KV_SOURCE_FORMS_DIR), so a build runs before it is installed. */
const char      *agg_form_registry_default_dir     (void);

/* Loads every *.xml in @dir.  A broken file, two files with the same id
 * and version, or no form at all is an error naming the file. */
AggFormRegistry *agg_form_registry_new_from_dir    (const char       *dir,
                                                    GError          **error);

/* Borrowed; NULL when unknown. */
KvForm          *agg_form_registry_lookup          (AggFormRegistry  *self,
                                                    const char       *id,
                                                    guint             version);
KvForm          *agg_form_registry_lookup_latest   (AggFormRegistry  *self,
                                                    const char       *id);
/* Every form, sorted by id then version.  Borrowed. */
GPtrArray       *agg_form_registry_get_forms       (AggFormRegistry  *self);
/* Lower-case hex SHA-256 of the form file's bytes. */
const char      *agg_form_registry_get_sha256      (AggFormRegistry  *self,
                                                    KvForm           *form);

G_END_DECLS
