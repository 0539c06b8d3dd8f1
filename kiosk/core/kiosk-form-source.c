/* kiosk-form-source.c — forms from the tablet's cache or the shipped copies. */
#include "config.h"

#include "kiosk-form-source.h"

struct _KioskFormSource
{
  GObject     parent_instance;

  KioskStore *store;
  char       *shipped_dir;
};

G_DEFINE_FINAL_TYPE (KioskFormSource, kiosk_form_source, G_TYPE_OBJECT)

static void
kiosk_form_source_finalize (GObject *object)
{
  KioskFormSource *self = KIOSK_FORM_SOURCE (object);

  g_clear_object (&self->store);
  g_free (self->shipped_dir);

  G_OBJECT_CLASS (kiosk_form_source_parent_class)->finalize (object);
}

static void
kiosk_form_source_class_init (KioskFormSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kiosk_form_source_finalize;
}

static void
kiosk_form_source_init (KioskFormSource *self)
{
}

KioskFormSource *
kiosk_form_source_new (KioskStore *store,
                       const char *shipped_dir)
{
  KioskFormSource *self;

  g_return_val_if_fail (KIOSK_IS_STORE (store), NULL);
  g_return_val_if_fail (shipped_dir != NULL, NULL);

  self = g_object_new (KIOSK_TYPE_FORM_SOURCE, NULL);
  self->store = g_object_ref (store);
  self->shipped_dir = g_strdup (shipped_dir);
  return self;
}

KioskFormSource *
kiosk_form_source_new_shipped (KioskStore *store)
{
  const char *dir = g_getenv ("KEYVOICE_FORMS_DIR");

  /* An installed kiosk has its forms in the data folder; one run from
   * the build tree before installing finds them in the sources. */
  if (dir == NULL)
    dir = g_file_test (KV_FORMS_DIR, G_FILE_TEST_IS_DIR) ? KV_FORMS_DIR : KV_SOURCE_FORMS_DIR;
  return kiosk_form_source_new (store, dir);
}

const char *
kiosk_form_source_get_shipped_dir (KioskFormSource *self)
{
  g_return_val_if_fail (KIOSK_IS_FORM_SOURCE (self), NULL);
  return self->shipped_dir;
}

KvForm *
kiosk_form_source_load (KioskFormSource  *self,
                        const char       *form_id,
                        GError          **error)
{
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  KvForm *form;

  g_return_val_if_fail (KIOSK_IS_FORM_SOURCE (self), NULL);
  g_return_val_if_fail (form_id != NULL, NULL);

  form = kiosk_store_load_form (self->store, form_id, 0, NULL);
  if (form != NULL)
    return form;

  file = g_strconcat (form_id, ".xml", NULL);
  path = g_build_filename (self->shipped_dir, file, NULL);
  return kv_form_new_from_file (path, error);
}
