/* agg-report-table.h — the rows of a report, ready to be written as CSV or
 * JSON (docs/reports.md).
 *
 * A report is built as a table of named columns and rows of cells.  A cell
 * is empty (missing: an empty CSV field, JSON null), text (a JSON string), a
 * number already formatted in its published precision (a bare JSON number,
 * so that "63.69" is never written as 63.689999999999998) or suppressed
 * (the string "*" in both formats, docs/domain.md §4 and docs/reports.md).
 */
#pragma once

#include <glib.h>

#include "kv-sdc.h"

G_BEGIN_DECLS

typedef enum
{
  AGG_REPORT_CELL_EMPTY,
  AGG_REPORT_CELL_TEXT,
  AGG_REPORT_CELL_NUMBER,
  AGG_REPORT_CELL_SUPPRESSED,
} AggReportCellKind;

typedef struct _AggReportTable AggReportTable;

/* @columns is a NULL-terminated list of column names; they are copied. */
AggReportTable    *agg_report_table_new          (const char * const *columns);
void               agg_report_table_free         (AggReportTable     *table);

guint              agg_report_table_get_n_columns (AggReportTable    *table);
const char        *agg_report_table_get_column   (AggReportTable     *table,
                                                  guint               column);
guint              agg_report_table_get_n_rows   (AggReportTable     *table);

/* Starts a new row; the cells that follow fill it from the left.  A row
 * must be complete (one cell per column) before the next one starts or the
 * table is written. */
void               agg_report_table_begin_row    (AggReportTable     *table);
void               agg_report_table_add_empty    (AggReportTable     *table);
/* NULL is an empty cell. */
void               agg_report_table_add_text     (AggReportTable     *table,
                                                  const char         *text);
/* @number must be a formatted decimal number such as "-3.5" or "12". */
void               agg_report_table_add_number   (AggReportTable     *table,
                                                  const char         *number);
void               agg_report_table_add_uint     (AggReportTable     *table,
                                                  guint               value);
/* @value with @decimals digits after the '.', whatever the locale. */
void               agg_report_table_add_double   (AggReportTable     *table,
                                                  double              value,
                                                  guint               decimals);
void               agg_report_table_add_suppressed (AggReportTable   *table);
/* For a value that may not be published (@status not KV_SDC_SHOWN), adds
 * "*" or an empty cell and returns TRUE; for one that may, adds nothing and
 * returns FALSE, so the caller adds the value. */
gboolean           agg_report_table_add_withheld (AggReportTable     *table,
                                                  KvSdcStatus         status);
/* Adds what libkvforms' kv_sdc_format_*() gave: "*" is suppressed, "" is
 * empty and anything else is a number. */
void               agg_report_table_add_sdc      (AggReportTable     *table,
                                                  const char         *formatted);

AggReportCellKind  agg_report_table_get_kind     (AggReportTable     *table,
                                                  guint               row,
                                                  guint               column);
/* The cell's text: "" when empty, "*" when suppressed. */
const char        *agg_report_table_get_text     (AggReportTable     *table,
                                                  guint               row,
                                                  guint               column);
/* The column named @name, or -1. */
int                agg_report_table_find_column  (AggReportTable     *table,
                                                  const char         *name);

/* RFC 4180: a header row, fields separated by commas, records ended by
 * CRLF, a field quoted when it holds a comma, a quote, CR or LF, with its
 * quotes doubled.  UTF-8 without a byte order mark. */
void               agg_report_table_write_csv    (AggReportTable     *table,
                                                  GString            *out);
/* {"rows": [{column: value, …}, …]} with one row object per line. */
void               agg_report_table_write_json   (AggReportTable     *table,
                                                  GString            *out);


G_DEFINE_AUTOPTR_CLEANUP_FUNC (AggReportTable, agg_report_table_free)

G_END_DECLS
