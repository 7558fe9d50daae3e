/* cbz-csv-import-mapping.c: which column holds what
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-csv-import-private.h"
#include "cbz-text.h"

void
_cbz_csv_import_detect_mapping (CbzCsvImport *self)
{
  for (guint f = 0; f < CBZ_IMPORT_N_FIELDS; f++)
    self->field_column[f] = -1;
  self->tax_id_kind_hint = CBZ_TAX_ID_UNKNOWN;

  for (guint c = 0; c < self->n_columns; c++)
    {
      const char *header = cbz_csv_table_get_cell (self->table, 0, c);
      CbzImportField field = cbz_import_field_from_header (header);

      /* The first column of a kind wins; "Teléfono 2" stays out. */
      if (field != CBZ_IMPORT_FIELD_NONE && self->field_column[field] >= 0)
        field = CBZ_IMPORT_FIELD_NONE;
      self->mapping[c] = field;
      if (field != CBZ_IMPORT_FIELD_NONE)
        self->field_column[field] = c;
    }
}

void
_cbz_csv_import_update_tax_id_hint (CbzCsvImport *self)
{
  int column = self->field_column[CBZ_IMPORT_FIELD_TAX_ID];
  g_autofree char *key = NULL;
  g_auto(GStrv) words = NULL;

  self->tax_id_kind_hint = CBZ_TAX_ID_UNKNOWN;
  if (column < 0)
    return;
  key = cbz_text_normalize_name (cbz_csv_table_get_cell (self->table, 0, column));
  words = g_strsplit (key, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      CbzTaxIdKind kind = cbz_tax_id_kind_from_string (words[i]);

      if (kind != CBZ_TAX_ID_UNKNOWN)
        {
          self->tax_id_kind_hint = kind;
          return;
        }
    }
}

/* 03/04/2025: day first unless the file only makes sense month first. */
void
_cbz_csv_import_detect_date_order (CbzCsvImport *self)
{
  static const CbzImportField date_fields[] = { CBZ_IMPORT_FIELD_ISSUE_DATE, CBZ_IMPORT_FIELD_DUE_DATE };
  guint n_rows = cbz_csv_import_get_n_rows (self);
  guint day_first = 0;
  guint month_first = 0;

  for (guint i = 0; i < n_rows && i < 10000; i++)
    {
      for (guint f = 0; f < G_N_ELEMENTS (date_fields); f++)
        {
          const char *text = _cbz_csv_import_cell (self, i, date_fields[f]);
          int a = 0;
          int b = 0;
          const char *p;

          if (text == NULL)
            continue;
          for (p = text; g_ascii_isdigit (*p); p++)
            a = a * 10 + (*p - '0');
          if (p - text > 2 || (*p != '/' && *p != '-' && *p != '.'))
            continue;
          for (p++; g_ascii_isdigit (*p); p++)
            b = b * 10 + (*p - '0');
          if (a > 12 && b <= 12)
            day_first++;
          else if (b > 12 && a <= 12)
            month_first++;
        }
    }
  self->date_order = month_first > 0 && day_first == 0 ? CBZ_DATE_ORDER_MDY : CBZ_DATE_ORDER_DMY;
}

static void
add_file_problem (GPtrArray      *problems,
                  CbzImportError  code,
                  const char     *reason)
{
  g_ptr_array_add (problems, cbz_import_problem_new (0, -1, NULL, NULL, code, reason));
}

gboolean
_cbz_csv_import_check_required_columns (CbzCsvImport *self,
                                        GPtrArray    *problems)
{
  guint before = problems->len;

  if (self->field_column[CBZ_IMPORT_FIELD_CUSTOMER_NAME] < 0)
    add_file_problem (problems, CBZ_IMPORT_ERROR_MISSING_COLUMN,
                      _("No column holds the customer’s name (a header such as “cliente”, “razón social” or “customer”)"));
  if (self->field_column[CBZ_IMPORT_FIELD_INVOICE_NUMBER] < 0)
    add_file_problem (problems, CBZ_IMPORT_ERROR_MISSING_COLUMN,
                      _("No column holds the invoice number (a header such as “factura”, “folio” or “invoice”)"));
  if (self->field_column[CBZ_IMPORT_FIELD_DUE_DATE] < 0)
    add_file_problem (problems, CBZ_IMPORT_ERROR_MISSING_COLUMN,
                      _("No column holds the due date (a header such as “vencimiento” or “due date”)"));
  if (self->field_column[CBZ_IMPORT_FIELD_AMOUNT] < 0 && self->field_column[CBZ_IMPORT_FIELD_BALANCE] < 0)
    add_file_problem (problems, CBZ_IMPORT_ERROR_MISSING_COLUMN,
                      _("No column holds the amount or the balance (a header such as “monto”, “saldo” or “amount”)"));
  self->n_problems += problems->len - before;
  return problems->len == before;
}
