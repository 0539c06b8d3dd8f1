/* agg-report-experience.c — the standard 7.3 report.
 *
 * Minimum standard 7.3 asks that all children, young people and parent
 * carers are asked about their experience of keyworking independently of
 * their keyworker (NHS England's minimum standards, docs/domain.md §6).
 * Services report quarterly by NHS financial year (docs/domain.md §6), so
 * rows are service × financial-year quarter (Q1 = April to June).
 *
 * - children_registered: children of the service registered on or before
 *   the last day of the quarter, and any child whose family was asked in
 *   the quarter (a family asked is evidently registered).
 * - families_asked: children with at least one offer in the ledger in the
 *   quarter; completed: of those, the ones that completed at least once;
 *   declined: the rest, who declined every time they were asked.
 * - responses: experience answers of the service in the quarter.  They
 *   carry no child (docs/domain.md §6), so they are not limited to the
 *   families in the ledger: anyone may give feedback without a code.
 * - FFT % positive = (Very good + Good) ÷ all responses to the question and
 *   % negative = (Poor + Very poor) ÷ all responses, "Don't know" included
 *   (docs/domain.md §3, NHS England FFT guidance), as KvItemSummary counts
 *   them.
 * - Our keyworking items: % of each level, "Don't know" excluded from the
 *   denominator (docs/domain.md §3), again as KvItemSummary counts them.
 * - rag: green when % asked ≥ the green threshold (90 by default), amber
 *   when ≥ the amber one (50), red below (docs/reports.md).  It is rated on
 *   the published, suppressed percentage, so the rating never tells more
 *   than the counts beside it: "*" when % asked is suppressed.
 *
 * Every count goes through kv_sdc_format_count() and every percentage
 * through kv_sdc_format_percent() (computed from the rounded counts); the
 * rule itself lives only in forms/kv-sdc.c.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "agg-error.h"
#include "agg-report-experience.h"
#include "agg-store-reports.h"
#include "kv-score.h"
#include "kv-sdc.h"

#define FFT_ITEM "fft"
#define EXPERIENCE_FORM "experience"

/* A calendar quarter as a number: year × 4 + (month − 1) / 3. */
typedef int Quarter;

static gboolean
parse_month (const char *text,
             int        *year,
             int        *month)
{
  if (text == NULL || strlen (text) < 7 || text[4] != '-')
    return FALSE;
  for (int i = 0; i < 7; i++)
    if (i != 4 && !g_ascii_isdigit (text[i]))
      return FALSE;
  *year = atoi (text);
  *month = atoi (text + 5);
  return *month >= 1 && *month <= 12;
}

static gboolean
quarter_of (const char *text,
            Quarter    *quarter)
{
  int year, month;

  if (!parse_month (text, &year, &month))
    return FALSE;
  *quarter = year * 4 + (month - 1) / 3;
  return TRUE;
}

static void
quarter_describe (Quarter   quarter,
                  char    **label,
                  char    **first_day,
                  char    **last_day,
                  char    **first_month,
                  char    **last_month)
{
  int year = quarter / 4;
  int first = (quarter % 4) * 3 + 1;
  int last = first + 2;
  /* January to March is Q4 of the financial year that began the April
   * before; April to June is Q1. */
  int fy = first >= 4 ? year : year - 1;
  int fq = first >= 4 ? (first - 4) / 3 + 1 : 4;

  if (label != NULL)
    *label = g_strdup_printf ("%d/%02d Q%d", fy, (fy + 1) % 100, fq);
  if (first_day != NULL)
    *first_day = g_strdup_printf ("%04d-%02d-01", year, first);
  if (last_day != NULL)
    *last_day = g_strdup_printf ("%04d-%02d-%02d", year, last,
                                 g_date_get_days_in_month (last, year));
  if (first_month != NULL)
    *first_month = g_strdup_printf ("%04d-%02d", year, first);
  if (last_month != NULL)
    *last_month = g_strdup_printf ("%04d-%02d", year, last);
}

gboolean
agg_report_quarter_of (const char  *date,
                       char       **label,
                       char       **first_day,
                       char       **last_day)
{
  Quarter quarter;

  if (!quarter_of (date, &quarter))
    return FALSE;
  quarter_describe (quarter, label, first_day, last_day, NULL, NULL);
  return TRUE;
}

/* A column name R, SPSS and Stata all accept: letters, digits and '_'. */
static char *
column_name (const char *item,
             const char *level,
             const char *suffix)
{
  GString *name = g_string_new (item);

  if (level != NULL)
    g_string_append_printf (name, "_%s", level);
  if (suffix != NULL)
    g_string_append_printf (name, "_%s", suffix);
  for (gsize i = 0; i < name->len; i++)
    if (!g_ascii_isalnum (name->str[i]))
      name->str[i] = '_';
  return g_string_free (name, FALSE);
}

/* The items summarised: every choice and scale item of the form.  The FFT
 * item has its own columns. */
static gboolean
is_summarised (const KvItem *item)
{
  KvItemType type = kv_item_get_item_type (item);

  return type == KV_ITEM_CHOICE || type == KV_ITEM_SCALE;
}

/* g_strv_builder_take() is GLib 2.80, newer than Debian 12's. */
static void
add_column (GStrvBuilder *builder,
            char         *name)
{
  g_strv_builder_add (builder, name);
  g_free (name);
}

static GStrv
make_columns (const KvForm *form)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_strv_builder_add_many (builder,
                           "service", "quarter", "quarter_start", "quarter_end",
                           "children_registered", "families_asked", "pct_asked", "rag",
                           "completed", "declined", "responses",
                           "fft_n", "fft_positive_pct", "fft_negative_pct", NULL);

  for (guint i = 0; i < kv_form_get_n_items (form); i++)
    {
      const KvItem *item = kv_form_get_item (form, i);

      if (!is_summarised (item) || g_str_equal (kv_item_get_id (item), FFT_ITEM))
        continue;

      add_column (builder, column_name (kv_item_get_id (item), NULL, "n"));
      for (guint l = 0; l < kv_item_get_n_levels (item); l++)
        {
          const KvLevel *level = kv_item_get_level (item, l);

          /* "Don't know" is not scored and so has no share to publish. */
          if (kv_level_get_scored (level))
            add_column (builder, column_name (kv_item_get_id (item),
                                              kv_level_get_id (level), "pct"));
        }
    }

  return g_strv_builder_end (builder);
}

static void
add_count (AggReportTable *table,
           guint           n)
{
  g_autofree char *text = kv_sdc_format_count (n);

  agg_report_table_add_sdc (table, text);
}

static void
add_percent (AggReportTable *table,
             guint           numerator,
             guint           denominator)
{
  g_autofree char *text = kv_sdc_format_percent (numerator, denominator);

  agg_report_table_add_sdc (table, text);
}

static void
add_rag (AggReportTable         *table,
         guint                   asked,
         guint                   registered,
         const AggReportOptions *options)
{
  double percent;

  if (agg_report_table_add_withheld (table, kv_sdc_percent (asked, registered, &percent)))
    return;
  if (percent >= options->rag_green)
    agg_report_table_add_text (table, "green");
  else if (percent >= options->rag_amber)
    agg_report_table_add_text (table, "amber");
  else
    agg_report_table_add_text (table, "red");
}

typedef struct
{
  KvForm    *form;        /* the newest experience form, borrowed */
  GPtrArray *summaries;   /* of KvItemSummary, one per summarised item in form order */
  guint      n_responses;
} Tally;

static void
tally_init (Tally  *tally,
            KvForm *form)
{
  tally->form = form;
  tally->summaries = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_item_summary_free);
  tally->n_responses = 0;
  for (guint i = 0; i < kv_form_get_n_items (form); i++)
    {
      const KvItem *item = kv_form_get_item (form, i);

      if (is_summarised (item))
        g_ptr_array_add (tally->summaries, kv_item_summary_new (item));
    }
}

static void
tally_clear (Tally *tally)
{
  g_clear_pointer (&tally->summaries, g_ptr_array_unref);
}

static KvItemSummary *
tally_lookup (Tally      *tally,
              const char *item_id)
{
  for (guint i = 0; i < tally->summaries->len; i++)
    {
      KvItemSummary *summary = g_ptr_array_index (tally->summaries, i);

      if (g_str_equal (kv_item_get_id (kv_item_summary_get_item (summary)), item_id))
        return summary;
    }
  return NULL;
}

static gboolean
tally_add (Tally       *tally,
           const char  *answers_json,
           guint        form_version,
           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonObject *answers;

  if (!json_parser_load_from_data (parser, answers_json, -1, &local_error)
      || !JSON_NODE_HOLDS_OBJECT (root = json_parser_get_root (parser)))
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_DATABASE,
                   _("a stored experience response is not a JSON object"));
      return FALSE;
    }
  answers = json_node_get_object (root);
  tally->n_responses++;

  for (guint i = 0; i < tally->summaries->len; i++)
    {
      KvItemSummary *summary = g_ptr_array_index (tally->summaries, i);
      const char *item_id = kv_item_get_id (kv_item_summary_get_item (summary));
      JsonNode *node = json_object_get_member (answers, item_id);

      if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
          || json_node_get_value_type (node) != G_TYPE_STRING)
        continue;

      if (!kv_item_summary_add (summary, json_node_get_string (node), &local_error))
        {
          /* Answers were valid for their own version; a level the newest
           * version dropped cannot be counted under it. */
          g_set_error (error, AGG_ERROR, AGG_ERROR_FORMS,
                       _("an experience response to form version %u cannot be "
                         "summarised with version %u: %s"),
                       form_version, kv_form_get_version (tally->form), local_error->message);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
tally_response (const AggStoreExperienceResponse  *response,
                gpointer                           user_data,
                GError                           **error)
{
  return tally_add (user_data, response->answers, response->form_version, error);
}

static void
add_tally_cells (AggReportTable *table,
                 Tally          *tally)
{
  KvItemSummary *fft = tally_lookup (tally, FFT_ITEM);

  add_count (table, tally->n_responses);

  if (fft != NULL)
    {
      guint n = kv_item_summary_get_n_scored (fft);

      add_count (table, n);
      add_percent (table, kv_item_summary_get_n_positive (fft), n);
      add_percent (table, kv_item_summary_get_n_negative (fft), n);
    }
  else
    {
      agg_report_table_add_empty (table);
      agg_report_table_add_empty (table);
      agg_report_table_add_empty (table);
    }

  for (guint i = 0; i < tally->summaries->len; i++)
    {
      KvItemSummary *summary = g_ptr_array_index (tally->summaries, i);
      const KvItem *item = kv_item_summary_get_item (summary);
      guint n = kv_item_summary_get_n_scored (summary);

      if (g_str_equal (kv_item_get_id (item), FFT_ITEM))
        continue;

      add_count (table, n);
      for (guint l = 0; l < kv_item_get_n_levels (item); l++)
        if (kv_level_get_scored (kv_item_get_level (item, l)))
          add_percent (table, kv_item_summary_get_level_count (summary, l), n);
    }
}

static gboolean
add_service_rows (AggDb                  *db,
                  AggReportTable         *table,
                  const char             *service_id,
                  const AggReportOptions *options,
                  KvForm                 *form,
                  GError                **error)
{
  g_autofree char *first_active = NULL;
  g_autofree char *last_active = NULL;
  Quarter first, last;
  gboolean has_first, has_last;

  if (!agg_store_reports_experience_span (db, service_id, &first_active, &last_active, error))
    return FALSE;

  /* The quarters of the window, or else those from the service's first to
   * its last activity. */
  has_first = options->from != NULL ? quarter_of (options->from, &first)
                                    : quarter_of (first_active, &first);
  has_last = options->to != NULL ? quarter_of (options->to, &last)
                                 : quarter_of (last_active, &last);
  if (!has_first && !has_last)
    return TRUE;
  if (!has_first)
    first = last;
  if (!has_last)
    last = first;

  for (Quarter q = first; q <= last; q++)
    {
      g_autofree char *label = NULL;
      g_autofree char *first_day = NULL;
      g_autofree char *last_day = NULL;
      g_autofree char *first_month = NULL;
      g_autofree char *last_month = NULL;
      guint registered, asked, completed;
      Tally tally;
      gboolean ok;

      quarter_describe (q, &label, &first_day, &last_day, &first_month, &last_month);

      if (!agg_store_reports_experience_registered (db, service_id, last_day, first_month,
                                                    last_month, &registered, error)
          || !agg_store_reports_experience_asked (db, service_id, first_month, last_month,
                                                  &asked, &completed, error))
        return FALSE;
      g_assert (asked <= registered && completed <= asked);

      tally_init (&tally, form);
      ok = agg_store_reports_experience_responses (db, service_id, first_month, last_month,
                                                   tally_response, &tally, error);
      if (ok)
        {
          agg_report_table_begin_row (table);
          agg_report_table_add_text (table, service_id);
          agg_report_table_add_text (table, label);
          agg_report_table_add_text (table, first_day);
          agg_report_table_add_text (table, last_day);
          add_count (table, registered);
          add_count (table, asked);
          add_percent (table, asked, registered);
          add_rag (table, asked, registered, options);
          add_count (table, completed);
          add_count (table, asked - completed);
          add_tally_cells (table, &tally);
        }
      tally_clear (&tally);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

AggReportTable *
agg_report_experience_to_table (AggDb                   *db,
                                const AggReportOptions  *options,
                                AggFormRegistry         *forms,
                                GError                 **error)
{
  g_auto(GStrv) services = NULL;
  g_autoptr(AggReportTable) table = NULL;
  g_auto(GStrv) columns = NULL;
  KvForm *form;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (AGG_IS_FORM_REGISTRY (forms), NULL);

  form = agg_form_registry_lookup_latest (forms, EXPERIENCE_FORM);
  if (form == NULL)
    {
      g_set_error (error, AGG_ERROR, AGG_ERROR_FORMS,
                   _("no “%s” form is loaded, so experience answers cannot be read"),
                   EXPERIENCE_FORM);
      return NULL;
    }

  columns = make_columns (form);
  table = agg_report_table_new ((const char * const *) columns);

  services = agg_store_reports_service_ids (db, options->service_id, error);
  if (services == NULL)
    return NULL;
  for (guint i = 0; services[i] != NULL; i++)
    if (!add_service_rows (db, table, services[i], options, form, error))
      return NULL;

  return g_steal_pointer (&table);
}
