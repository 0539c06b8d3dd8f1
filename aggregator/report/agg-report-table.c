/* agg-report-table.c — report rows and their CSV and JSON forms. */
#include "config.h"

#include <string.h>

#include "agg-json.h"
#include "agg-report-table.h"
#include "kv-sdc.h"

typedef struct
{
  AggReportCellKind  kind;
  char              *text;   /* NULL for empty and suppressed cells */
} Cell;

struct _AggReportTable
{
  GPtrArray *columns;   /* of char* */
  GArray    *cells;     /* of Cell, row after row */
  guint      n_rows;
};

static void
cell_clear (gpointer data)
{
  Cell *cell = data;

  g_clear_pointer (&cell->text, g_free);
}

AggReportTable *
agg_report_table_new (const char * const *columns)
{
  AggReportTable *table;

  g_return_val_if_fail (columns != NULL && columns[0] != NULL, NULL);

  table = g_new0 (AggReportTable, 1);
  table->columns = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; columns[i] != NULL; i++)
    g_ptr_array_add (table->columns, g_strdup (columns[i]));
  table->cells = g_array_new (FALSE, TRUE, sizeof (Cell));
  g_array_set_clear_func (table->cells, cell_clear);
  return table;
}

void
agg_report_table_free (AggReportTable *table)
{
  if (table == NULL)
    return;
  g_ptr_array_unref (table->columns);
  g_array_unref (table->cells);
  g_free (table);
}

guint
agg_report_table_get_n_columns (AggReportTable *table)
{
  return table->columns->len;
}

const char *
agg_report_table_get_column (AggReportTable *table,
                             guint           column)
{
  g_return_val_if_fail (column < table->columns->len, NULL);
  return g_ptr_array_index (table->columns, column);
}

guint
agg_report_table_get_n_rows (AggReportTable *table)
{
  return table->n_rows;
}

int
agg_report_table_find_column (AggReportTable *table,
                              const char     *name)
{
  for (guint i = 0; i < table->columns->len; i++)
    if (g_str_equal (g_ptr_array_index (table->columns, i), name))
      return i;
  return -1;
}

static gboolean
row_is_complete (AggReportTable *table)
{
  return table->cells->len == table->n_rows * table->columns->len;
}

void
agg_report_table_begin_row (AggReportTable *table)
{
  /* A short row would shift every later cell into the wrong column, which
   * would publish a value under another value's name. */
  g_assert (row_is_complete (table));
  table->n_rows++;
}

static void
add_cell (AggReportTable    *table,
          AggReportCellKind  kind,
          char              *text)
{
  Cell cell = { kind, text };

  g_assert (table->n_rows > 0);
  g_assert (table->cells->len < table->n_rows * table->columns->len);
  g_array_append_val (table->cells, cell);
}

void
agg_report_table_add_empty (AggReportTable *table)
{
  add_cell (table, AGG_REPORT_CELL_EMPTY, NULL);
}

void
agg_report_table_add_text (AggReportTable *table,
                           const char     *text)
{
  if (text == NULL)
    add_cell (table, AGG_REPORT_CELL_EMPTY, NULL);
  else
    add_cell (table, AGG_REPORT_CELL_TEXT, g_strdup (text));
}

void
agg_report_table_add_number (AggReportTable *table,
                             const char     *number)
{
  g_assert (number != NULL && number[0] != '\0');
  add_cell (table, AGG_REPORT_CELL_NUMBER, g_strdup (number));
}

void
agg_report_table_add_uint (AggReportTable *table,
                           guint           value)
{
  add_cell (table, AGG_REPORT_CELL_NUMBER, g_strdup_printf ("%u", value));
}

void
agg_report_table_add_double (AggReportTable *table,
                             double          value,
                             guint           decimals)
{
  char format[8];
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_assert (decimals <= 9);
  g_snprintf (format, sizeof format, "%%.%uf", decimals);
  g_ascii_formatd (buf, sizeof buf, format, value);

  /* −0.004 rounds to "-0.00"; publish the plain zero it is. */
  if (buf[0] == '-' && strspn (buf + 1, "0.") == strlen (buf + 1))
    memmove (buf, buf + 1, strlen (buf));

  add_cell (table, AGG_REPORT_CELL_NUMBER, g_strdup (buf));
}

void
agg_report_table_add_suppressed (AggReportTable *table)
{
  add_cell (table, AGG_REPORT_CELL_SUPPRESSED, NULL);
}

gboolean
agg_report_table_add_withheld (AggReportTable *table,
                               KvSdcStatus     status)
{
  switch (status)
    {
    case KV_SDC_SHOWN:
      return FALSE;
    case KV_SDC_SUPPRESSED:
      agg_report_table_add_suppressed (table);
      return TRUE;
    case KV_SDC_UNDEFINED:
    default:
      agg_report_table_add_empty (table);
      return TRUE;
    }
}

void
agg_report_table_add_sdc (AggReportTable *table,
                          const char     *formatted)
{
  if (g_str_equal (formatted, KV_SDC_MARK))
    agg_report_table_add_suppressed (table);
  else if (formatted[0] == '\0')
    agg_report_table_add_empty (table);
  else
    agg_report_table_add_number (table, formatted);
}

static const Cell *
get_cell (AggReportTable *table,
          guint           row,
          guint           column)
{
  g_return_val_if_fail (row < table->n_rows, NULL);
  g_return_val_if_fail (column < table->columns->len, NULL);
  return &g_array_index (table->cells, Cell, row * table->columns->len + column);
}

AggReportCellKind
agg_report_table_get_kind (AggReportTable *table,
                           guint           row,
                           guint           column)
{
  return get_cell (table, row, column)->kind;
}

const char *
agg_report_table_get_text (AggReportTable *table,
                           guint           row,
                           guint           column)
{
  const Cell *cell = get_cell (table, row, column);

  switch (cell->kind)
    {
    case AGG_REPORT_CELL_SUPPRESSED:
      return KV_SDC_MARK;
    case AGG_REPORT_CELL_TEXT:
    case AGG_REPORT_CELL_NUMBER:
      return cell->text;
    case AGG_REPORT_CELL_EMPTY:
    default:
      return "";
    }
}

static void
append_csv_field (GString    *out,
                  const char *text)
{
  /* RFC 4180 §2.6–2.7: a field holding a comma, a quote or a line break is
   * enclosed in quotes, and a quote inside it is written twice. */
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

void
agg_report_table_write_csv (AggReportTable *table,
                            GString        *out)
{
  guint n_columns = table->columns->len;

  g_assert (row_is_complete (table));

  for (guint c = 0; c < n_columns; c++)
    {
      if (c > 0)
        g_string_append_c (out, ',');
      append_csv_field (out, g_ptr_array_index (table->columns, c));
    }
  g_string_append (out, "\r\n");

  for (guint r = 0; r < table->n_rows; r++)
    {
      for (guint c = 0; c < n_columns; c++)
        {
          if (c > 0)
            g_string_append_c (out, ',');
          append_csv_field (out, agg_report_table_get_text (table, r, c));
        }
      g_string_append (out, "\r\n");
    }
}


void
agg_report_table_write_json (AggReportTable *table,
                             GString        *out)
{
  guint n_columns = table->columns->len;

  g_assert (row_is_complete (table));

  g_string_append (out, "{\"rows\": [");
  for (guint r = 0; r < table->n_rows; r++)
    {
      g_string_append (out, r == 0 ? "\n  {" : ",\n  {");
      for (guint c = 0; c < n_columns; c++)
        {
          const Cell *cell = get_cell (table, r, c);

          if (c > 0)
            g_string_append (out, ", ");
          agg_json_append_string (out, g_ptr_array_index (table->columns, c));
          g_string_append (out, ": ");
          switch (cell->kind)
            {
            case AGG_REPORT_CELL_EMPTY:
              g_string_append (out, "null");
              break;
            case AGG_REPORT_CELL_NUMBER:
              g_string_append (out, cell->text);
              break;
            case AGG_REPORT_CELL_SUPPRESSED:
              agg_json_append_string (out, KV_SDC_MARK);
              break;
            case AGG_REPORT_CELL_TEXT:
            default:
              agg_json_append_string (out, cell->text);
              break;
            }
        }
      g_string_append_c (out, '}');
    }
  g_string_append (out, table->n_rows > 0 ? "\n]}\n" : "]}\n");
}
