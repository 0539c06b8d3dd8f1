/* agg-report-export.c — long, tidy tables of every score and every
 * experience answer, for evaluators' own analysis in R, SPSS or Stata.
 *
 * Rows are pseudonymous (child codes, never names) and not suppressed:
 * they go only to evaluators (docs/api.md "Roles"; docs/reports.md
 * "Exports").  The experience export carries no child, device or exact
 * time, only service and month, exactly as the answers are stored
 * (docs/api.md "POST /api/v1/submissions"), so it cannot be joined back to
 * the ledger of who was asked.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "agg-error.h"
#include "agg-report-export.h"
#include "agg-store-reports.h"

/* A number column of the export: empty when missing, else its text. */
static void
add_number_or_empty (AggReportTable *table,
                     const char     *number)
{
  if (number == NULL)
    agg_report_table_add_empty (table);
  else
    agg_report_table_add_number (table, number);
}

static void
add_double_or_empty (AggReportTable *table,
                     gboolean        has_value,
                     double          value,
                     guint           decimals)
{
  if (!has_value)
    agg_report_table_add_empty (table);
  else
    agg_report_table_add_double (table, value, decimals);
}

static gboolean
add_score_row (const AggStoreExportScore  *row,
               gpointer                    user_data,
               GError                    **error)
{
  AggReportTable *table = user_data;

  agg_report_table_begin_row (table);
  agg_report_table_add_text (table, row->code);
  agg_report_table_add_text (table, row->service_id);
  agg_report_table_add_text (table, row->age_band);
  agg_report_table_add_text (table, row->dsr);
  agg_report_table_add_text (table, row->form_id);
  add_number_or_empty (table, row->form_version);
  agg_report_table_add_text (table, row->respondent);
  agg_report_table_add_text (table, row->mode);
  agg_report_table_add_text (table, row->date);
  add_number_or_empty (table, row->goal_set);
  agg_report_table_add_text (table, row->measure);
  agg_report_table_add_text (table, row->kind);
  add_double_or_empty (table, row->has_score, row->score, 2);
  add_number_or_empty (table, row->k);
  add_number_or_empty (table, row->n);
  add_double_or_empty (table, row->has_pct_expected, row->pct_expected, 1);
  agg_report_table_add_text (table, row->status);
  agg_report_table_add_text (table, row->flags != NULL && row->flags[0] != '\0' ? row->flags : NULL);
  return TRUE;
}

AggReportTable *
agg_report_export_scores (AggDb                   *db,
                          const AggReportOptions  *options,
                          GError                 **error)
{
  static const char * const columns[] = {
    "child", "service", "age_band", "dsr", "form", "form_version", "respondent",
    "mode", "date", "goal_set", "measure", "kind", "score", "k", "n",
    "pct_expected", "status", "flags", NULL,
  };
  g_autoptr(AggReportTable) table = agg_report_table_new (columns);

  if (!agg_store_reports_export_scores (db, options->service_id, options->from, options->to,
                                        add_score_row, table, error))
    return NULL;
  return g_steal_pointer (&table);
}

/* An answer as one text: a level id or free text as it is, a number in
 * decimal, the levels of a multiple choice joined by ";" (level ids never
 * hold one). */
static char *
answer_to_text (JsonNode *node)
{
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          return g_strdup (json_node_get_string (node));
        case G_TYPE_INT64:
          return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
        case G_TYPE_BOOLEAN:
          return g_strdup (json_node_get_boolean (node) ? "true" : "false");
        default:
          break;
        }
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(GString) joined = g_string_new ("");

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          g_autofree char *text = answer_to_text (element);

          if (i > 0)
            g_string_append_c (joined, ';');
          g_string_append (joined, text);
        }
      return g_string_free (g_steal_pointer (&joined), FALSE);
    }

  return json_to_string (node, FALSE);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

typedef struct
{
  AggReportTable  *table;
  AggFormRegistry *forms;
  guint            response;   /* the number of the response, from 1 */
} ResponseExport;

static gboolean
add_response_rows (const AggStoreExperienceResponse  *stored,
                   gpointer                           user_data,
                   GError                           **error)
{
  ResponseExport *export = user_data;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  KvForm *form = agg_form_registry_lookup (export->forms, stored->form_id, stored->form_version);
  JsonObject *answers;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, stored->answers, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (root = json_parser_get_root (parser)))
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_DATABASE,
                   _("a stored experience response is not a JSON object"));
      return FALSE;
    }
  answers = json_node_get_object (root);
  export->response++;

  /* Items in the order the family saw them when the form is known;
   * otherwise in the stored (sorted) order. */
  if (form != NULL)
    {
      for (guint i = 0; i < kv_form_get_n_items (form); i++)
        {
          const char *id = kv_item_get_id (kv_form_get_item (form, i));

          if (json_object_has_member (answers, id))
            g_ptr_array_add (keys, (gpointer) id);
        }
    }
  else
    {
      g_autoptr(GList) members = json_object_get_members (answers);

      for (GList *l = members; l != NULL; l = l->next)
        g_ptr_array_add (keys, l->data);
      g_ptr_array_sort (keys, compare_strings);
    }

  for (guint i = 0; i < keys->len; i++)
    {
      const char *id = g_ptr_array_index (keys, i);
      g_autofree char *answer = answer_to_text (json_object_get_member (answers, id));

      agg_report_table_begin_row (export->table);
      agg_report_table_add_text (export->table, stored->service_id);
      agg_report_table_add_text (export->table, stored->month);
      agg_report_table_add_text (export->table, stored->form_id);
      agg_report_table_add_uint (export->table, stored->form_version);
      agg_report_table_add_uint (export->table, export->response);
      agg_report_table_add_text (export->table, id);
      agg_report_table_add_text (export->table, answer);
    }
  return TRUE;
}

AggReportTable *
agg_report_export_responses (AggDb                   *db,
                             const AggReportOptions  *options,
                             AggFormRegistry         *forms,
                             GError                 **error)
{
  static const char * const columns[] = {
    "service", "month", "form", "form_version", "response", "item", "answer", NULL,
  };
  g_autoptr(AggReportTable) table = agg_report_table_new (columns);
  g_autofree char *from_month = options->from != NULL ? g_strndup (options->from, 7) : NULL;
  g_autofree char *to_month = options->to != NULL ? g_strndup (options->to, 7) : NULL;
  ResponseExport export = { table, forms, 0 };

  if (!agg_store_reports_export_responses (db, options->service_id, from_month, to_month,
                                           add_response_rows, &export, error))
    return NULL;
  return g_steal_pointer (&table);
}
