/* agg-report-request.c — GET /api/v1/reports/{name}: query parameters and
 * the caller's scope in, a report out (the reports themselves are
 * agg-report.c's). */
#include "config.h"

#include <glib/gi18n.h>

#include "agg-error.h"
#include "agg-report.h"
#include "agg-report-request.h"

/* Parses a threshold such as "90" or "87.5" (0…100). */
static gboolean
parse_threshold (const char  *name,
                 const char  *text,
                 double      *value,
                 GError     **error)
{
  char *end = NULL;
  double parsed = g_ascii_strtod (text, &end);

  if (text[0] == '\0' || end == NULL || *end != '\0' || !(parsed >= 0.0 && parsed <= 100.0))
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID,
                   _("“%s” must be a percentage from 0 to 100"), name);
      return FALSE;
    }
  *value = parsed;
  return TRUE;
}

gboolean
agg_report_request_render (AggDb                 *db,
                           const char            *name,
                           const AggReportScope  *scope,
                           GHashTable            *query,
                           char                 **content_type,
                           GBytes               **body,
                           GError               **error)
{
  AggReportOptions options;
  AggReportKind kind;
  AggReportFormat format = AGG_REPORT_FORMAT_JSON;
  const char *type = NULL;
  GHashTableIter iter;
  gpointer key, value;
  GBytes *bytes;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (scope != NULL, FALSE);
  g_return_val_if_fail (content_type != NULL && body != NULL, FALSE);

  if (!agg_report_kind_from_string (name, &kind))
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_NOT_FOUND, _("there is no report “%s”"),
                   name != NULL ? name : "");
      return FALSE;
    }

  /* The row-level exports are the evaluator's alone (docs/api.md
   * "Roles"); the experience export is where free text is, so this is
   * checked here as well as by the caller. */
  if ((kind == AGG_REPORT_SCORES || kind == AGG_REPORT_RESPONSES)
      && scope->role != AGG_ROLE_EVALUATOR)
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_FORBIDDEN,
                   _("the “%s” export is for evaluators only"), name);
      return FALSE;
    }

  agg_report_options_init (&options);
  options.service_id = scope->service_id;
  options.forms = scope->forms;

  if (query != NULL)
    {
      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          const char *parameter = key;
          const char *text = value != NULL ? value : "";

          if (g_str_equal (parameter, "format"))
            {
              if (!agg_report_format_from_string (text, &format))
                {
                  g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID,
                               _("“format” must be json, csv or html"));
                  return FALSE;
                }
            }
          else if (g_str_equal (parameter, "from"))
            options.from = text;
          else if (g_str_equal (parameter, "to"))
            options.to = text;
          else if (g_str_equal (parameter, "rag_green"))
            {
              if (!parse_threshold (parameter, text, &options.rag_green, error))
                return FALSE;
            }
          else if (g_str_equal (parameter, "rag_amber"))
            {
              if (!parse_threshold (parameter, text, &options.rag_amber, error))
                return FALSE;
            }
          else if (!g_str_equal (parameter, "service"))
            {
              /* "service" was turned into the scope by the caller.  Anything
               * else is a mistake worth telling, not a filter silently
               * ignored. */
              g_set_error (error, AGG_ERROR, AGG_ERROR_INVALID,
                           _("unknown query parameter “%s”"), parameter);
              return FALSE;
            }
        }
    }

  bytes = agg_report_run (db, kind, &options, format, &type, error);
  if (bytes == NULL)
    return FALSE;

  *content_type = g_strdup (type);
  *body = bytes;
  return TRUE;
}
