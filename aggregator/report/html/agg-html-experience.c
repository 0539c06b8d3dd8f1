/* agg-html-experience.c — standard 7.3, drawn from the published table.
 * RAG bars carry their rating as text too, not only as colour. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "agg-html-experience.h"
#include "agg-html-svg.h"
#include "agg-html-table.h"
#include "kv-sdc.h"

#define RAG_GREEN "#1a7f37"
#define RAG_AMBER "#9a6700"
#define RAG_RED   "#cf222e"

static const char *
rag_colour (const char *rag)
{
  if (g_strcmp0 (rag, "green") == 0)
    return RAG_GREEN;
  if (g_strcmp0 (rag, "amber") == 0)
    return RAG_AMBER;
  return RAG_RED;
}

static const char *
rag_label (const char *rag)
{
  if (g_strcmp0 (rag, "green") == 0)
    return _("green");
  if (g_strcmp0 (rag, "amber") == 0)
    return _("amber");
  if (g_strcmp0 (rag, "red") == 0)
    return _("red");
  return rag;
}

static void
draw_compliance (GString              *out,
                 const AggHtmlContext *context,
                 AggReportTable       *table,
                 const char           *service_id,
                 guint                 index)
{
  int c_service = agg_report_table_find_column (table, "service");
  int c_quarter = agg_report_table_find_column (table, "quarter");
  int c_registered = agg_report_table_find_column (table, "children_registered");
  int c_asked = agg_report_table_find_column (table, "families_asked");
  int c_pct = agg_report_table_find_column (table, "pct_asked");
  int c_rag = agg_report_table_find_column (table, "rag");
  int c_positive = agg_report_table_find_column (table, "fft_positive_pct");
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *id = g_strdup_printf ("compliance-%u", index);
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  g_autofree char *legend = NULL;
  const AggReportOptions *options = context->options;
  /* Room above the plot for a 100% bar's two labels, and to its right for
   * the names of the threshold lines. */
  double bar_step = 64, left = 56, top = 76, plot_height = 180, bottom = 58, right = 96;
  double width;
  AggHtmlPlot plot;

  for (guint r = 0; r < agg_report_table_get_n_rows (table); r++)
    if (g_str_equal (agg_report_table_get_text (table, r, c_service), service_id))
      g_array_append_val (rows, r);

  plot = (AggHtmlPlot) { left, top, MAX (300, rows->len * bar_step + 20), plot_height,
                         0, 1, 0, 100, 11 };
  width = left + plot.width + right;

  /* TRANSLATORS: a chart title; %s is a service's name. */
  title = g_strdup_printf (_("Families asked about keyworking, %s"),
                           agg_html_service_label (context, service_id));
  description = g_strdup_printf (_("Bar chart of the percentage of registered families asked "
                                   "about their experience in each quarter, coloured by RAG "
                                   "rating: green at %.0f%% or more, amber at %.0f%% or more, "
                                   "red below. The figures are in the table that follows."),
                                 options->rag_green, options->rag_amber);
  legend = g_strdup_printf (_("green ≥ %.0f%% · amber ≥ %.0f%% · red below"),
                            options->rag_green, options->rag_amber);

  agg_html_append_markup (out, "<figure id=\"%s\">\n<figcaption><h3>%s</h3></figcaption>\n"
                          "<div>\n", id, title);
  agg_html_svg_begin (out, id, width, top + plot_height + bottom, title, description);
  agg_html_svg_text (out, 8, 18, "start", 13, "font-weight=\"600\"",
                     _("Standard 7.3: % of families asked"));
  agg_html_svg_text (out, 8, 36, "start", 11, "class=\"muted\"", legend);

  agg_html_draw_value_axis (out, &plot, 25, _("% asked"));
  agg_html_svg_line (out, plot.x, plot.y + plot.height, plot.x + plot.width,
                     plot.y + plot.height, "axis");
  agg_html_svg_line (out, plot.x, agg_html_plot_y (&plot, options->rag_green), plot.x + plot.width,
                     agg_html_plot_y (&plot, options->rag_green), "ref");
  agg_html_svg_line (out, plot.x, agg_html_plot_y (&plot, options->rag_amber), plot.x + plot.width,
                     agg_html_plot_y (&plot, options->rag_amber), "ref");
  {
    g_autofree char *green = g_strdup_printf (_("green %.0f%%"), options->rag_green);
    g_autofree char *amber = g_strdup_printf (_("amber %.0f%%"), options->rag_amber);

    agg_html_svg_text (out, plot.x + plot.width + 6,
                       agg_html_plot_y (&plot, options->rag_green) + 4, "start", 11,
                       "class=\"muted\"", green);
    agg_html_svg_text (out, plot.x + plot.width + 6,
                       agg_html_plot_y (&plot, options->rag_amber) + 4, "start", 11,
                       "class=\"muted\"", amber);
  }

  for (guint i = 0; i < rows->len; i++)
    {
      guint r = g_array_index (rows, guint, i);
      double pct = agg_html_cell_value (table, r, c_pct);
      double top_y = agg_html_plot_y (&plot, pct);
      double x = left + 10 + i * bar_step;
      double bar_width = bar_step - 20;
      const char *quarter = agg_report_table_get_text (table, r, c_quarter);
      const char *space = strchr (quarter, ' ');
      g_autofree char *year = space != NULL ? g_strndup (quarter, space - quarter)
                                            : g_strdup (quarter);

      if (!isnan (pct))
        {
          const char *rag = agg_report_table_get_text (table, r, c_rag);
          char text[G_ASCII_DTOSTR_BUF_SIZE];

          g_string_append_printf (out, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" "
                                  "fill=\"%s\"/>\n",
                                  agg_html_num (x).s, agg_html_num (top_y).s,
                                  agg_html_num (bar_width).s,
                                  agg_html_num (plot.y + plot.height - top_y).s,
                                  rag_colour (rag));
          g_ascii_formatd (text, sizeof text - 1, "%.0f", pct);
          g_strlcat (text, "%", sizeof text);
          agg_html_svg_text (out, x + bar_width / 2,
                             agg_html_plot_y (&plot, pct) - 14, "middle", 11, "", text);
          agg_html_svg_text (out, x + bar_width / 2, agg_html_plot_y (&plot, pct) - 3, "middle", 10,
                             "class=\"muted\"", rag_label (rag));
        }
      else
        {
          agg_html_svg_text (out, x + bar_width / 2, plot.y + plot.height - 6, "middle", 12, "",
                             agg_report_table_get_kind (table, r, c_pct)
                             == AGG_REPORT_CELL_SUPPRESSED ? KV_SDC_MARK : "–");
        }
      agg_html_svg_text (out, x + bar_width / 2, plot.y + plot.height + 15, "middle", 10,
                         "class=\"muted\"", year);
      agg_html_svg_text (out, x + bar_width / 2, plot.y + plot.height + 28, "middle", 11, "",
                         space != NULL ? space + 1 : "");
    }
  agg_html_svg_text (out, plot.x + plot.width / 2, plot.y + plot.height + 48, "middle", 12, "",
                     _("Quarter (NHS financial year)"));
  agg_html_svg_end (out);

  g_string_append (out, "</div>\n<div class=\"data\">\n<table>\n");
  agg_html_append_markup (out, "<caption>%s</caption>\n", title);
  agg_html_append_markup (out, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                          "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                          "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                          "</tr></thead>\n<tbody>\n",
                          _("Quarter"), _("Registered"), _("Asked"), _("% asked"), _("RAG"),
                          _("FFT % positive"));
  for (guint i = 0; i < rows->len; i++)
    {
      guint r = g_array_index (rows, guint, i);
      int columns[] = { c_registered, c_asked, c_pct, c_rag, c_positive };

      agg_html_append_markup (out, "<tr><th scope=\"row\" class=\"nowrap\">%s</th>",
                              agg_report_table_get_text (table, r, c_quarter));
      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        {
          const char *text = agg_report_table_get_text (table, r, columns[c]);

          agg_html_append_cell (out, agg_report_table_get_kind (table, r, columns[c]),
                                columns[c] == c_rag ? rag_label (text) : text,
                                columns[c] != c_rag);
        }
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</tbody>\n</table>\n</div>\n</figure>\n");
}

/* The item columns of the 7.3 report come in groups: "<item>_n" and then
 * "<item>_<level>_pct" for each scored level (agg-report-experience.c). */
typedef struct
{
  char      *item;      /* the column prefix: the item id with '-' as '_' */
  guint      n_column;
  GArray    *columns;   /* of guint: the level columns */
  GPtrArray *levels;    /* of char*: the level part of their names */
} ItemGroup;

static void
item_group_free (gpointer data)
{
  ItemGroup *group = data;

  g_free (group->item);
  g_array_unref (group->columns);
  g_ptr_array_unref (group->levels);
  g_free (group);
}

static gboolean
same_levels (const ItemGroup *a,
             const ItemGroup *b)
{
  if (a->levels->len != b->levels->len)
    return FALSE;
  for (guint i = 0; i < a->levels->len; i++)
    if (!g_str_equal (g_ptr_array_index (a->levels, i), g_ptr_array_index (b->levels, i)))
      return FALSE;
  return TRUE;
}

static GPtrArray *
item_groups (AggReportTable *table,
             guint           first)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func (item_group_free);
  ItemGroup *group = NULL;

  for (guint c = first; c < agg_report_table_get_n_columns (table); c++)
    {
      const char *name = agg_report_table_get_column (table, c);

      if (g_str_has_suffix (name, "_n"))
        {
          group = g_new0 (ItemGroup, 1);
          group->item = g_strndup (name, strlen (name) - 2);
          group->n_column = c;
          group->columns = g_array_new (FALSE, FALSE, sizeof (guint));
          group->levels = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (groups, group);
        }
      else if (group != NULL && g_str_has_suffix (name, "_pct")
               && g_str_has_prefix (name, group->item) && name[strlen (group->item)] == '_')
        {
          const char *level = name + strlen (group->item) + 1;

          g_array_append_val (group->columns, c);
          g_ptr_array_add (group->levels, g_strndup (level, strlen (level) - strlen ("_pct")));
        }
    }
  return groups;
}

static gboolean
matches_column_name (const char *id,
                     const char *name)
{
  gsize length = strlen (id);

  if (length != strlen (name))
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if ((g_ascii_isalnum (id[i]) ? id[i] : '_') != name[i])
      return FALSE;
  return TRUE;
}

/* The experience form's item behind a column prefix, for its wording. */
static const KvItem *
experience_item (const AggHtmlContext *context,
                 const char           *name)
{
  KvForm *form = agg_form_registry_lookup_latest (context->forms, "experience");

  for (guint i = 0; form != NULL && i < kv_form_get_n_items (form); i++)
    if (matches_column_name (kv_item_get_id (kv_form_get_item (form, i)), name))
      return kv_form_get_item (form, i);
  return NULL;
}

static const char *
level_label (const KvItem *item,
             const char   *name)
{
  for (guint l = 0; item != NULL && l < kv_item_get_n_levels (item); l++)
    {
      const KvLevel *level = kv_item_get_level (item, l);

      if (matches_column_name (kv_level_get_id (level), name))
        return g_dgettext (GETTEXT_PACKAGE, kv_level_get_label (level, FALSE));
    }
  return name;
}

/* The answers to the questions, one row per service, quarter and question,
 * so that the page prints: the published table is 50 columns wide.
 * Questions answered on the same levels share a table. */
static void
append_item_tables (GString              *out,
                    const AggHtmlContext *context,
                    AggReportTable       *table,
                    guint                 first)
{
  g_autoptr(GPtrArray) groups = item_groups (table, first);
  int c_service = agg_report_table_find_column (table, "service");
  int c_quarter = agg_report_table_find_column (table, "quarter");

  for (guint g = 0; g < groups->len;)
    {
      ItemGroup *head = g_ptr_array_index (groups, g);
      const KvItem *head_item = experience_item (context, head->item);
      guint end = g + 1;

      while (end < groups->len && same_levels (head, g_ptr_array_index (groups, end)))
        end++;

      g_string_append (out, "<div class=\"rows\">\n<table>\n");
      agg_html_append_markup (out, "<caption>%s</caption>\n<thead><tr>",
                              _("Answers, in % of those who answered each question (“Don’t know” "
                                "left out of the keyworking questions)"));
      agg_html_append_markup (out, "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                              "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
                              _("Service"), _("Quarter"), _("Question"), _("Answers"));
      for (guint l = 0; l < head->levels->len; l++)
        agg_html_append_markup (out, "<th scope=\"col\">%s %%</th>",
                                level_label (head_item, g_ptr_array_index (head->levels, l)));
      g_string_append (out, "</tr></thead>\n<tbody>\n");

      for (guint r = 0; r < agg_report_table_get_n_rows (table); r++)
        for (guint i = g; i < end; i++)
          {
            ItemGroup *group = g_ptr_array_index (groups, i);
            const KvItem *item = experience_item (context, group->item);

            const char *service = agg_report_table_get_text (table, r, c_service);

            agg_html_append_markup (out, "<tr><td>%s</td><td class=\"nowrap\">%s</td>"
                                    "<th scope=\"row\">%s</th>",
                                    agg_html_service_label (context, service),
                                    agg_report_table_get_text (table, r, c_quarter),
                                    item != NULL ? g_dgettext (GETTEXT_PACKAGE,
                                                               kv_item_get_prompt (item, FALSE))
                                                 : group->item);
            agg_html_append_cell (out, agg_report_table_get_kind (table, r, group->n_column),
                                  agg_report_table_get_text (table, r, group->n_column), TRUE);
            for (guint l = 0; l < group->columns->len; l++)
              {
                guint c = g_array_index (group->columns, guint, l);

                agg_html_append_cell (out, agg_report_table_get_kind (table, r, c),
                                      agg_report_table_get_text (table, r, c), TRUE);
              }
            g_string_append (out, "</tr>\n");
          }
      g_string_append (out, "</tbody>\n</table>\n</div>\n");
      g = end;
    }
}

void
agg_html_experience (GString              *out,
                     const AggHtmlContext *context,
                     AggReportTable       *table)
{
  g_autoptr(GPtrArray) services = agg_html_distinct_values (table, "service");

  agg_html_begin_page (out, context, _("Experience of keyworking (standard 7.3)"),
                       _("Per service and quarter: how many registered families were asked about "
                         "their experience of keyworking, independently of their keyworker, and "
                         "what those who answered said. Friends and Family Test percentages count "
                         "every answer, \"Don't know\" included; the keyworking items leave "
                         "\"Don't know\" out. Small numbers are suppressed: 1 to 7 is shown as *, "
                         "other counts are rounded to the nearest 5 and percentages are computed "
                         "from the rounded counts."));

  agg_html_append_markup (out, "<h2>%s</h2>\n", _("Families asked, by quarter"));
  if (services->len == 0)
    agg_html_append_markup (out, "<p>%s</p>\n",
                            _("No service has children or answers in this report yet."));
  for (guint s = 0; s < services->len; s++)
    draw_compliance (out, context, table, g_ptr_array_index (services, s), s + 1);

  agg_html_append_markup (out, "<h2>%s</h2>\n", _("All rows"));
  {
    int last = agg_report_table_find_column (table, "fft_negative_pct");

    g_assert (last > 0);
    agg_html_append_columns_table (out, table, _("Standard 7.3 by service and quarter"), 0, last);
    append_item_tables (out, context, table, last + 1);
  }
  agg_html_end_page (out);
}
