/* agg-children.c — a child as a tablet sees it. */
#include "config.h"

#include <glib/gi18n.h>

#include "kv-child-code.h"
#include "agg-children.h"
#include "agg-db.h"
#include "agg-error.h"
#include "agg-json.h"
#include "agg-store-children.h"

static JsonNode *
not_found (GError **error)
{
  g_set_error_literal (error, AGG_ERROR, AGG_ERROR_NOT_FOUND, _("there is no such child"));
  return NULL;
}

/* The ids of the forms of @kind, each once, in id order. */
static GPtrArray *
form_ids_of_kind (AggFormRegistry *forms,
                  KvFormKind       kind)
{
  GPtrArray *all = agg_form_registry_get_forms (forms);
  GPtrArray *ids = g_ptr_array_new ();

  for (guint i = 0; i < all->len; i++)
    {
      KvForm *form = g_ptr_array_index (all, i);
      const char *id = kv_form_get_id (form);

      if (kv_form_get_kind (form) == kind &&
          (ids->len == 0 || g_strcmp0 (g_ptr_array_index (ids, ids->len - 1), id) != 0))
        g_ptr_array_add (ids, (gpointer) id);
    }
  return ids;
}

/* Whether the child answered form @form_id since @since (UTC timestamp).
 * Returns -1 on a database failure. */
static int
answered_since (AggDb       *db,
                gint64       child_id,
                const char  *form_id,
                const char  *since,
                GError     **error)
{
  g_autofree char *last = NULL;

  if (!agg_store_children_last_answered (db, child_id, form_id, &last, error))
    return -1;
  return last != NULL && g_strcmp0 (last, since) > 0;
}

JsonNode *
agg_children_describe (AggDb            *db,
                       AggFormRegistry  *forms,
                       const char       *code,
                       const char       *service_id,
                       GDateTime        *now,
                       GError          **error)
{
  g_autofree char *normal = kv_child_code_normalize (code);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(AggChildRow) child = NULL;
  g_autoptr(AggDsrRow) dsr = NULL;
  g_autoptr(AggGoalSetRow) goal_set = NULL;
  g_autoptr(GPtrArray) reviews = NULL;
  g_autoptr(GPtrArray) qols = NULL;
  g_autoptr(GPtrArray) experiences = NULL;
  g_autoptr(GDateTime) qol_since = NULL;
  g_autofree char *qol_since_text = NULL;
  g_autofree char *month = NULL;
  gboolean has_goal_set;
  gint64 child_id;

  g_return_val_if_fail (AGG_IS_DB (db), NULL);
  g_return_val_if_fail (service_id != NULL, NULL);

  if (normal == NULL)
    return not_found (error);

  if (!agg_store_children_get (db, normal, &child, error))
    return NULL;
  if (child == NULL || g_strcmp0 (child->service_id, service_id) != 0)
    return not_found (error);
  child_id = child->id;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, normal);
  json_builder_set_member_name (builder, "age_band");
  json_builder_add_string_value (builder, child->age_band);

  if (!agg_store_children_current_dsr (db, child_id, &dsr, error))
    return NULL;
  json_builder_set_member_name (builder, "dsr");
  if (dsr != NULL)
    json_builder_add_string_value (builder, dsr->rating);
  else
    json_builder_add_null_value (builder);

  if (!agg_store_children_current_goal_set (db, child_id, &goal_set, error))
    return NULL;
  has_goal_set = goal_set != NULL;
  json_builder_set_member_name (builder, "goal_set");
  if (has_goal_set)
    {
      g_autoptr(JsonNode) goals = agg_json_parse (goal_set->goals, -1, error);

      if (goals == NULL)
        return NULL;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "version");
      json_builder_add_int_value (builder, goal_set->version);
      json_builder_set_member_name (builder, "set_at");
      json_builder_add_string_value (builder, goal_set->set_on);
      json_builder_set_member_name (builder, "goals");
      json_builder_add_value (builder, g_steal_pointer (&goals));
      json_builder_end_object (builder);
    }
  else
    {
      json_builder_add_null_value (builder);
    }

  /* What is due, in the order docs/api.md gives. */
  qol_since = g_date_time_add_days (now, -AGG_QOL_INTERVAL_DAYS);
  qol_since_text = agg_db_timestamp (qol_since);
  month = g_date_time_format (now, "%Y-%m");
  reviews = form_ids_of_kind (forms, KV_FORM_KIND_GAS_REVIEW);
  qols = form_ids_of_kind (forms, KV_FORM_KIND_QUALITY_OF_LIFE);
  experiences = form_ids_of_kind (forms, KV_FORM_KIND_EXPERIENCE);

  json_builder_set_member_name (builder, "due");
  json_builder_begin_array (builder);
  for (guint i = 0; has_goal_set && i < reviews->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (reviews, i));
  for (guint i = 0; i < qols->len; i++)
    {
      int answered = answered_since (db, child_id, g_ptr_array_index (qols, i),
                                     qol_since_text, error);

      if (answered < 0)
        return NULL;
      if (!answered)
        json_builder_add_string_value (builder, g_ptr_array_index (qols, i));
    }
  if (experiences->len > 0)
    {
      int offered = agg_store_children_offered_in (db, child_id, month, error);

      if (offered < 0)
        return NULL;
      for (guint i = 0; !offered && i < experiences->len; i++)
        json_builder_add_string_value (builder, g_ptr_array_index (experiences, i));
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
