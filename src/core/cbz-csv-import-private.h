/* cbz-csv-import-private.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-csv-writer.h"
#include "cbz-csv-import.h"
#include "cbz-csv-reader.h"

G_BEGIN_DECLS

/*
 * What the files of CbzCsvImport share:
 *   cbz-csv-import.c            the object: options, loading, what was found;
 *   cbz-csv-import-mapping.c    which column holds what;
 *   cbz-csv-import-values.c     one row's cells, typed and checked;
 *   cbz-csv-import-customers.c  the customer half of the rows, checked once per customer;
 *   cbz-csv-import-validate.c   every row, on one thread or two, and the same invoice twice.
 */

typedef enum
{
  ROW_VALID,
  ROW_INVALID,
  ROW_BLANK,
} RowState;

/* The typed invoice half of each valid row (CbzImportInvoice), kept from
 * validation so that the writer neither parses dates and amounts a second
 * time nor goes back to the cells, which it reads in customer order, far
 * from file order (48 bytes a row). */
typedef CbzImportInvoice InvoiceCache;

struct _CbzCsvImport
{
  GObject          parent_instance;

  GFile           *file;
  char            *display_name;
  char            *encoding_option;
  char             delimiter_option;
  char            *default_country;
  char            *default_currency;

  CbzCsvTable     *table;
  guint            n_columns;
  CbzImportField  *mapping;                       /* per column */
  int              field_column[CBZ_IMPORT_N_FIELDS];
  CbzTaxIdKind     tax_id_kind_hint;              /* from a header like "RUT" */
  CbzDateOrder     date_order;

  GPtrArray       *problems;
  guint            n_problems;                    /* warnings included */
  guint            n_warnings;
  guint8          *row_state;                     /* RowState per data row */
  InvoiceCache    *invoice_cache;                 /* per data row, valid rows only */
  guint32         *customer_row;                  /* per data row: see cbz_csv_import_get_customer_row() */
  guint            n_valid;
  guint            n_invalid;
  guint            n_blank;
  gboolean         validated;
  gboolean         has_file_problems;

  gboolean         busy;
  int              progress_permille;             /* atomic */
  int              progress_pending;              /* atomic */
  GMainContext    *progress_context;
};

/* Where the checking puts the problems it finds: the first
 * CBZ_CSV_IMPORT_MAX_PROBLEMS of them, and how many there are in all. Each
 * thread checking rows has its own. */
typedef struct
{
  GPtrArray *array;
  guint      n;           /* warnings included */
  guint      n_warnings;
} Problems;

/* Rows repeat their customer's cells (one row per invoice): the customer
 * half of a row is checked once per distinct set of cells. */
typedef struct _CustomerMemo CustomerMemo;
struct _CustomerMemo
{
  gboolean      valid;            /* the customer cells have no problem (warnings aside) */
  guint32       first_valid_row;  /* G_MAXUINT32 until a whole row of it is valid */
  guint32       first_row;        /* where its thread met it first, and warned */
  guint         n_warnings;       /* its cells' warnings: the first of that row's problems */
  const char   *customer_key;     /* tax ID, else "\n" + name key */
  /* Checked on two threads: each has its own memos, merged by cells. */
  const char   *cells;
  CustomerMemo *merged;
};

/* Rows between two looks at the cancellable (and two progress reports). */
#define PROGRESS_ROWS 16384

/* The cell of @field in data row @index, or NULL when it is empty or no
 * column holds @field. The hottest function of a check. */
static inline const char *
_cbz_csv_import_cell (CbzCsvImport   *self,
                      guint           index,
                      CbzImportField  field)
{
  int column = self->field_column[field];
  const char *value;

  if (column < 0)
    return NULL;
  /* Without the apostrophe a CSV writer puts before a formula (ours does:
   * cbz-csv-writer.h), so an export reads back as it was. */
  value = cbz_csv_table_get_cell (self->table, index + 1, column);
  if (G_UNLIKELY (value[0] == '\''))
    value = cbz_csv_cell_unguard (value);
  return value[0] != '\0' ? value : NULL;
}

/* cbz-csv-import.c */
void          _cbz_csv_import_set_progress          (CbzCsvImport         *self,
                                                     double                fraction);
gboolean      _cbz_csv_import_row_is_blank          (CbzCsvImport         *self,
                                                     guint                 index);

/* cbz-csv-import-mapping.c */
void          _cbz_csv_import_detect_mapping        (CbzCsvImport         *self);
void          _cbz_csv_import_update_tax_id_hint    (CbzCsvImport         *self);
void          _cbz_csv_import_detect_date_order     (CbzCsvImport         *self);
gboolean      _cbz_csv_import_check_required_columns (CbzCsvImport        *self,
                                                     GPtrArray            *problems);

/* cbz-csv-import-values.c. A problem that refuses the row, and one the
 * row is imported with; with @problems NULL, nothing is kept. */
void          _cbz_csv_import_add_problem           (CbzCsvImport         *self,
                                                     Problems             *problems,
                                                     guint                 index,
                                                     CbzImportField        field,
                                                     CbzImportError        code,
                                                     const char           *reason);
void          _cbz_csv_import_add_warning           (CbzCsvImport         *self,
                                                     Problems             *problems,
                                                     guint                 index,
                                                     CbzImportField        field,
                                                     CbzImportError        code,
                                                     const char           *reason);
/* An invoice status in Spanish or English ("pagada", "en disputa",
 * "partially paid"). */
gboolean      _cbz_csv_import_parse_status          (const char           *text,
                                                     CbzInvoiceStatus     *status);
/* An amount written the plainest ways ("1234.56", "1,234.56", "1234") in
 * a currency of @digits minor digits; FALSE for anything else. */
gboolean      _cbz_csv_import_parse_plain_amount    (const char           *text,
                                                     int                   digits,
                                                     gint64               *minor);
/* Types and checks data row @index into @record.
 * With @problems, reports every problem of the row; without, stops at the
 * first. */
gboolean      _cbz_csv_import_convert_row           (CbzCsvImport         *self,
                                                     guint                 index,
                                                     CbzImportRecordParts  parts,
                                                     CbzImportRecord      *record,
                                                     Problems             *problems);

/* cbz-csv-import-customers.c */
guint         _cbz_csv_import_hash_key              (gconstpointer         key);
void          _cbz_csv_import_get_customer_cells    (CbzCsvImport         *self,
                                                     guint                 index,
                                                     GString              *cells);
CustomerMemo *_cbz_csv_import_check_customer        (CbzCsvImport         *self,
                                                     guint                 index,
                                                     GString              *cells,
                                                     GHashTable           *customers,
                                                     GStringChunk         *chunk,
                                                     GString              *key,
                                                     CbzImportRecord      *record,
                                                     Problems             *problems);

/* cbz-csv-import-validate.c */
gboolean      _cbz_csv_import_validate_rows         (CbzCsvImport         *self,
                                                     GCancellable         *cancellable,
                                                     double                progress_from,
                                                     GError              **error);

G_END_DECLS
