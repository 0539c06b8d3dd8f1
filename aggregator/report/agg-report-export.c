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
#include "agg-report-sql.h"

static void
add_column_text (AggReportTable *table,
                 sqlite3_stmt   *stmt,
                 int             index)
{
  agg_report_table_add_text (table, agg_db_column_text (stmt, index));
}

static void
add_column_int (AggReportTable *table,
                sqlite3_stmt   *stmt,
                int             index)
{
  if (sqlite3_column_type (stmt, index) == SQLITE_NULL)
    agg_report_table_add_empty (table);
  else
    agg_report_table_add_number (table, agg_db_column_text (stmt, index));
}

static void
add_column_double (AggReportTable *table,
                   sqlite3_stmt   *stmt,
                   int             index,
                   guint           decimals)
{
  if (sqlite3_column_type (stmt, index) == SQLITE_NULL)
    agg_report_table_add_empty (table);
  else
    agg_report_table_add_double (table, sqlite3_column_double (stmt, index), decimals);
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
  g_autoptr(sqlite3_stmt) stmt = agg_db_prepare (db, AGG_REPORT_SQL_EXPORT_SCORES, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  agg_db_bind_text (stmt, 1, options->service_id);
  agg_db_bind_text (stmt, 2, options->from);
  agg_db_bind_text (stmt, 3, options->to);

  while ((rc = agg_db_step (db, stmt, error)) == SQLITE_ROW)
    {
      const char *flags = agg_db_column_text (stmt, 17);

      agg_report_table_begin_row (table);
      for (int i = 0; i <= 4; i++)
        add_column_text (table, stmt, i);          /* child … form */
      add_column_int (table, stmt, 5);             /* form_version */
      for (int i = 6; i <= 8; i++)
        add_column_text (table, stmt, i);          /* respondent, mode, date */
      add_column_int (table, stmt, 9);             /* goal_set */
      add_column_text (table, stmt, 10);           /* measure */
      add_column_text (table, stmt, 11);           /* kind */
      add_column_double (table, stmt, 12, 2);      /* score */
      add_column_int (table, stmt, 13);            /* k */
      add_column_int (table, stmt, 14);            /* n */
      add_column_double (table, stmt, 15, 1);      /* pct_expected */
      add_column_text (table, stmt, 16);           /* status */
      agg_report_table_add_text (table, flags != NULL && flags[0] != '\0' ? flags : NULL);
    }
  if (rc != SQLITE_DONE)
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
  g_autoptr(sqlite3_stmt) stmt = agg_db_prepare (db, AGG_REPORT_SQL_EXPORT_RESPONSES, error);
  g_autofree char *from_month = options->from != NULL ? g_strndup (options->from, 7) : NULL;
  g_autofree char *to_month = options->to != NULL ? g_strndup (options->to, 7) : NULL;
  guint response = 0;
  int rc;

  if (stmt == NULL)
    return NULL;
  agg_db_bind_text (stmt, 1, options->service_id);
  agg_db_bind_text (stmt, 2, from_month);
  agg_db_bind_text (stmt, 3, to_month);

  while ((rc = agg_db_step (db, stmt, error)) == SQLITE_ROW)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      g_autoptr(GPtrArray) keys = g_ptr_array_new ();
      const char *form_id = agg_db_column_text (stmt, 2);
      guint version = sqlite3_column_int (stmt, 3);
      KvForm *form = agg_form_registry_lookup (forms, form_id, version);
      JsonObject *answers;
      JsonNode *root;

      if (!json_parser_load_from_data (parser, agg_db_column_text (stmt, 4), -1, NULL)
          || !JSON_NODE_HOLDS_OBJECT (root = json_parser_get_root (parser)))
        {
          g_set_error (error, AGG_ERROR, AGG_ERROR_DATABASE,
                       _("a stored experience response is not a JSON object"));
          return NULL;
        }
      answers = json_node_get_object (root);
      response++;

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

          agg_report_table_begin_row (table);
          add_column_text (table, stmt, 0);
          add_column_text (table, stmt, 1);
          agg_report_table_add_text (table, form_id);
          agg_report_table_add_uint (table, version);
          agg_report_table_add_uint (table, response);
          agg_report_table_add_text (table, id);
          agg_report_table_add_text (table, answer);
        }
    }
  if (rc != SQLITE_DONE)
    return NULL;

  return g_steal_pointer (&table);
}
