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

/* The states of Mexico as people write them, after cbz_text_normalize_name(). */
static const char * const mexican_states[] = {
  "aguascalientes", "ags", "baja california", "bc", "baja california sur", "bcs", "campeche",
  "chiapas", "chihuahua", "ciudad de mexico", "cdmx", "distrito federal", "df", "coahuila",
  "coahuila de zaragoza", "colima", "durango", "estado de mexico", "edo de mexico", "edo mex",
  "edomex", "mexico", "guanajuato", "gto", "guerrero", "hidalgo", "jalisco", "jal", "michoacan",
  "michoacan de ocampo", "morelos", "nayarit", "nuevo leon", "nl", "oaxaca", "puebla", "queretaro",
  "queretaro de arteaga", "qro", "quintana roo", "q roo", "san luis potosi", "slp", "sinaloa",
  "sonora", "tabasco", "tamaulipas", "tamps", "tlaxcala", "veracruz",
  "veracruz de ignacio de la llave", "yucatan", "zacatecas",
};

/* Values looked at to tell what an "Estado" column holds. */
#define SAMPLE_VALUES 2000

/* "Estado" (or "State") heads the state of the address in most Mexican
 * exports (Jalisco, Nuevo León) and the invoice's status in others. */
static gboolean
is_state_or_status_header (const char *header)
{
  g_autofree char *key = cbz_text_normalize_name (header);

  return g_str_equal (key, "estado") || g_str_equal (key, "edo") || g_str_equal (key, "state");
}

static gboolean
is_state_name (const char *text)
{
  g_autofree char *key = cbz_text_normalize_name (text);

  for (guint i = 0; i < G_N_ELEMENTS (mexican_states); i++)
    {
      if (g_str_equal (key, mexican_states[i]))
        return TRUE;
    }
  return FALSE;
}

/* Decides from the values: mostly invoice statuses (pagada, pendiente,
 * vencida) is the status, mostly state names (or nothing at all) is the
 * region. Anything else is left for the person to say: read as statuses
 * every row would be refused, read as places customers would get their
 * account standing as an address. */
static CbzImportField
field_from_state_or_status_values (CbzCsvImport *self,
                                   guint         column)
{
  guint n_rows = cbz_csv_table_get_n_rows (self->table);
  guint n_values = 0;
  guint n_statuses = 0;
  guint n_states = 0;

  for (guint row = 1; row < n_rows && n_values < SAMPLE_VALUES; row++)
    {
      const char *value = cbz_csv_table_get_cell (self->table, row, column);
      CbzInvoiceStatus status;

      if (value[0] == '\0')
        continue;
      n_values++;
      if (_cbz_csv_import_parse_status (value, &status))
        n_statuses++;
      else if (is_state_name (value))
        n_states++;
    }
  if (n_statuses * 2 > n_values)
    return CBZ_IMPORT_FIELD_STATUS;
  if (n_states * 2 > n_values || n_values == 0)
    return CBZ_IMPORT_FIELD_REGION;
  return CBZ_IMPORT_FIELD_NONE;
}

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

      if (is_state_or_status_header (header))
        field = field_from_state_or_status_values (self, c);

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
