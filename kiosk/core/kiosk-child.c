/* kiosk-child.c — a child's information, from GET /api/v1/children/{code}. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "kiosk-child.h"
#include "kiosk-error.h"

struct _KioskChild
{
  gatomicrefcount  ref_count;
  char            *code;
  char            *age_band;
  char            *dsr;
  KvGoalSet       *goal_set;
  guint            goal_set_version;
  char            *goal_set_date;
  GStrv            due;
  GDateTime       *fetched_at;
  gboolean         from_cache;
};

G_DEFINE_BOXED_TYPE (KioskChild, kiosk_child, kiosk_child_ref, kiosk_child_unref)

/* The reply is data from the network: every member is checked for its
 * type before use, and a problem names the member so that a mismatch
 * between kiosk and aggregator versions is easy to find. */
static gboolean
invalid (GError     **error,
         const char  *member)
{
  g_set_error (error, KIOSK_ERROR, KIOSK_ERROR_INVALID,
               _("The aggregator's information about this child is not valid (%s)."),
               member);
  return FALSE;
}

static gboolean
get_string (JsonObject  *object,
            const char  *member,
            gboolean     optional,
            char       **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *out = NULL;
      return optional ? TRUE : invalid (error, member);
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return invalid (error, member);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
parse_goal_set (KioskChild  *self,
                JsonNode    *node,
                GError     **error)
{
  JsonObject *object;
  JsonNode *version, *goals;
  g_autoptr(GError) local_error = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "goal_set");
  object = json_node_get_object (node);

  version = json_object_get_member (object, "version");
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
      json_node_get_value_type (version) != G_TYPE_INT64 ||
      json_node_get_int (version) <= 0 || json_node_get_int (version) > G_MAXINT)
    return invalid (error, "goal_set.version");
  self->goal_set_version = json_node_get_int (version);

  if (!get_string (object, "set_at", TRUE, &self->goal_set_date, error))
    return FALSE;

  goals = json_object_get_member (object, "goals");
  if (goals == NULL)
    return invalid (error, "goal_set.goals");
  self->goal_set = kv_goal_set_new_from_json (goals, &local_error);
  if (self->goal_set == NULL)
    {
      g_autofree char *where = g_strdup_printf ("goal_set: %s", local_error->message);

      return invalid (error, where);
    }
  return TRUE;
}

KioskChild *
kiosk_child_new_from_json (JsonNode   *node,
                           GDateTime  *fetched_at,
                           gboolean    from_cache,
                           GError    **error)
{
  g_autoptr(KioskChild) self = NULL;
  g_autoptr(GStrvBuilder) due = g_strv_builder_new ();
  JsonObject *object;
  JsonNode *due_node;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (KioskChild, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->fetched_at = fetched_at != NULL ? g_date_time_ref (fetched_at)
                                        : g_date_time_new_now_utc ();
  self->from_cache = !!from_cache;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, "/");
      return NULL;
    }
  object = json_node_get_object (node);

  if (!get_string (object, "code", FALSE, &self->code, error) ||
      !get_string (object, "age_band", FALSE, &self->age_band, error) ||
      !get_string (object, "dsr", TRUE, &self->dsr, error) ||
      !parse_goal_set (self, json_object_get_member (object, "goal_set"), error))
    return NULL;

  due_node = json_object_get_member (object, "due");
  if (due_node != NULL && !JSON_NODE_HOLDS_NULL (due_node))
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (due_node))
        {
          invalid (error, "due");
          return NULL;
        }
      array = json_node_get_array (due_node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (element) ||
              json_node_get_value_type (element) != G_TYPE_STRING)
            {
              g_autofree char *where = g_strdup_printf ("due[%u]", i);

              invalid (error, where);
              return NULL;
            }
          g_strv_builder_add (due, json_node_get_string (element));
        }
    }
  self->due = g_strv_builder_end (due);

  return g_steal_pointer (&self);
}

KioskChild *
kiosk_child_ref (KioskChild *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
kiosk_child_unref (KioskChild *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->code);
  g_free (self->age_band);
  g_free (self->dsr);
  g_clear_pointer (&self->goal_set, kv_goal_set_unref);
  g_free (self->goal_set_date);
  g_strfreev (self->due);
  g_date_time_unref (self->fetched_at);
  g_free (self);
}

const char *
kiosk_child_get_code (KioskChild *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->code;
}

const char *
kiosk_child_get_age_band (KioskChild *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->age_band;
}

const char *
kiosk_child_get_dsr (KioskChild *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->dsr;
}

KvGoalSet *
kiosk_child_get_goal_set (KioskChild *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->goal_set;
}

guint
kiosk_child_get_goal_set_version (KioskChild *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->goal_set_version;
}

const char *
kiosk_child_get_goal_set_date (KioskChild *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->goal_set_date;
}

const char * const *
kiosk_child_get_due (KioskChild *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->due;
}

gboolean
kiosk_child_is_due (KioskChild *self,
                    const char *form_id)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (form_id != NULL, FALSE);
  return g_strv_contains ((const char * const *) self->due, form_id);
}

GDateTime *
kiosk_child_get_fetched_at (KioskChild *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->fetched_at;
}

gboolean
kiosk_child_is_from_cache (KioskChild *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->from_cache;
}
