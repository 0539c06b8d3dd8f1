/* agg-form-registry.c — loading a directory of form files. */
#include "config.h"

#include <glib/gi18n.h>

#include "agg-error.h"
#include "agg-form-registry.h"

struct _AggFormRegistry
{
  GObject     parent_instance;

  GPtrArray  *forms;     /* KvForm, sorted by id then version */
  GHashTable *by_key;    /* "id\nversion" → KvForm (borrowed from forms) */
  GHashTable *sha256;    /* KvForm → hex digest */
};

G_DEFINE_TYPE (AggFormRegistry, agg_form_registry, G_TYPE_OBJECT)

static void
agg_form_registry_finalize (GObject *object)
{
  AggFormRegistry *self = AGG_FORM_REGISTRY (object);

  g_clear_pointer (&self->by_key, g_hash_table_unref);
  g_clear_pointer (&self->sha256, g_hash_table_unref);
  g_clear_pointer (&self->forms, g_ptr_array_unref);

  G_OBJECT_CLASS (agg_form_registry_parent_class)->finalize (object);
}

static void
agg_form_registry_class_init (AggFormRegistryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = agg_form_registry_finalize;
}

static void
agg_form_registry_init (AggFormRegistry *self)
{
  self->forms = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_form_unref);
  self->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->sha256 = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
}

const char *
agg_form_registry_default_dir (void)
{
  if (g_file_test (KV_FORMS_DIR, G_FILE_TEST_IS_DIR))
    return KV_FORMS_DIR;
  return KV_SOURCE_FORMS_DIR;
}

static char *
make_key (const char *id,
          guint       version)
{
  return g_strdup_printf ("%s\n%u", id, version);
}

static int
compare_forms (gconstpointer a,
               gconstpointer b)
{
  const KvForm *form_a = *(KvForm * const *) a;
  const KvForm *form_b = *(KvForm * const *) b;
  int by_id = g_strcmp0 (kv_form_get_id (form_a), kv_form_get_id (form_b));

  if (by_id != 0)
    return by_id;
  return (kv_form_get_version (form_a) > kv_form_get_version (form_b)) -
         (kv_form_get_version (form_a) < kv_form_get_version (form_b));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

AggFormRegistry *
agg_form_registry_new_from_dir (const char  *dir,
                                GError     **error)
{
  g_autoptr(AggFormRegistry) self = g_object_new (AGG_TYPE_FORM_REGISTRY, NULL);
  g_autoptr(GHashTable) files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) handle = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name;

  g_return_val_if_fail (dir != NULL, NULL);

  handle = g_dir_open (dir, 0, &local_error);
  if (handle == NULL)
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_FORMS, _("cannot read the forms directory: %s"),
                   local_error->message);
      return NULL;
    }
  /* Sorted, so that which of two clashing files is named first does not
   * depend on the file system. */
  while ((name = g_dir_read_name (handle)) != NULL)
    if (g_str_has_suffix (name, ".xml"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_autoptr(KvForm) form = kv_form_new_from_file (path, &local_error);
      g_autofree char *key = NULL;
      GBytes *source;

      if (form == NULL)
        {
          g_set_error (error, AGG_ERROR, AGG_ERROR_FORMS, "%s", local_error->message);
          return NULL;
        }
      key = make_key (kv_form_get_id (form), kv_form_get_version (form));
      if (g_hash_table_contains (files, key))
        {
          g_set_error (error, AGG_ERROR, AGG_ERROR_FORMS,
                       _("%s: form “%s” version %u is also defined in %s"), path,
                       kv_form_get_id (form), kv_form_get_version (form),
                       (char *) g_hash_table_lookup (files, key));
          return NULL;
        }
      source = kv_form_get_source (form);
      g_hash_table_insert (self->sha256, form,
                           g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, source));
      g_hash_table_insert (files, g_strdup (key), g_steal_pointer (&path));
      g_hash_table_insert (self->by_key, g_steal_pointer (&key), form);
      g_ptr_array_add (self->forms, g_steal_pointer (&form));
    }

  if (self->forms->len == 0)
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_FORMS, _("%s holds no form files (*.xml)"), dir);
      return NULL;
    }
  g_ptr_array_sort (self->forms, compare_forms);
  return g_steal_pointer (&self);
}

KvForm *
agg_form_registry_lookup (AggFormRegistry *self,
                          const char      *id,
                          guint            version)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (AGG_IS_FORM_REGISTRY (self), NULL);

  if (id == NULL)
    return NULL;
  key = make_key (id, version);
  return g_hash_table_lookup (self->by_key, key);
}

KvForm *
agg_form_registry_lookup_latest (AggFormRegistry *self,
                                 const char      *id)
{
  KvForm *latest = NULL;

  g_return_val_if_fail (AGG_IS_FORM_REGISTRY (self), NULL);

  for (guint i = 0; i < self->forms->len; i++)
    {
      KvForm *form = g_ptr_array_index (self->forms, i);

      if (g_strcmp0 (kv_form_get_id (form), id) == 0)
        latest = form;  /* sorted by version, so the last match wins */
    }
  return latest;
}

GPtrArray *
agg_form_registry_get_forms (AggFormRegistry *self)
{
  g_return_val_if_fail (AGG_IS_FORM_REGISTRY (self), NULL);
  return self->forms;
}

const char *
agg_form_registry_get_sha256 (AggFormRegistry *self,
                              KvForm          *form)
{
  g_return_val_if_fail (AGG_IS_FORM_REGISTRY (self), NULL);
  return g_hash_table_lookup (self->sha256, form);
}
