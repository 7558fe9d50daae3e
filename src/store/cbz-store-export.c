/* cbz-store-export.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-csv-writer.h"
#include "cbz-store-private.h"

/*
 * The open invoices with their customers' data as CSV (RFC 4180: comma,
 * double quotes, CRLF, UTF-8), one row per invoice, under Spanish headers the
 * importer recognises, so export then import gives the same portfolio.
 * Amounts are plain numbers ("1234.56", "-12.50"; "15000" for currencies
 * without decimals) and dates ISO, so no locale can misread them. Text that
 * a spreadsheet would run as a formula (a customer named "=HYPERLINK(…)")
 * is neutralised by the writer (cbz-csv-writer.h); the importer takes the
 * neutralising apostrophe off again.
 */

static const char * const headers[] = {
  "cliente", "id fiscal", "contacto", "telefono", "celular", "whatsapp", "correo",
  "direccion", "ciudad", "region", "codigo postal", "pais", "idioma", "etiquetas",
  "factura", "emision", "vencimiento", "moneda", "monto", "saldo", "estado", "descripcion",
};

#define COLUMN_CURRENCY 17
#define COLUMN_AMOUNT 18
#define COLUMN_BALANCE 19

static const char export_sql[] =
  "SELECT d.name, d.tax_id, d.contact_person, d.phone, d.mobile, d.whatsapp, d.email,"
  " d.address, d.city, d.region, d.postal_code, d.country, d.language,"
  " (SELECT group_concat (tag, ', ') FROM (SELECT tag FROM debtor_tags t"
  "   WHERE t.debtor_id = d.id ORDER BY tag)),"
  " i.number, i.issue_date, i.due_date, i.currency, i.amount, i.balance, i.status, i.description"
  " FROM invoices i JOIN debtors d ON d.id = i.debtor_id"
  " WHERE i.balance > 0 AND i.status IN ('open', 'partially-paid', 'disputed')"
  /* The importer gives a new customer the currency of their first row: the
   * customer's own currency goes first. */
  " ORDER BY d.name_key, d.id, i.currency <> d.currency, i.due_date, i.id";

/**
 * cbz_store_export_csv:
 * @out: where to write the CSV
 * @n_rows: (out) (optional): how many invoices were written
 *
 * Writes the open invoices (balance > 0; open, partially paid or disputed)
 * with their customers' data as CSV that `cobranza-cli import` reads back.
 */
gboolean
cbz_store_export_csv (CbzStore       *self,
                      GOutputStream  *out,
                      guint          *n_rows,
                      GCancellable   *cancellable,
                      GError        **error)
{
  g_autoptr(CbzCsvWriter) writer = NULL;
  sqlite3_stmt *stmt;
  guint rows = 0;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  writer = cbz_csv_writer_new (out);
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    cbz_csv_writer_add_text (writer, headers[i]);
  if (!cbz_csv_writer_end_row (writer, cancellable, error))
    return FALSE;

  stmt = _cbz_store_prepare (self, export_sql, error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *currency = (const char *) sqlite3_column_text (stmt, COLUMN_CURRENCY);

      for (int c = 0; c < (int) G_N_ELEMENTS (headers); c++)
        {
          if (c == COLUMN_AMOUNT || c == COLUMN_BALANCE)
            cbz_csv_writer_add_amount (writer, sqlite3_column_int64 (stmt, c), currency);
          else
            cbz_csv_writer_add_text (writer, (const char *) sqlite3_column_text (stmt, c));
        }
      rows++;
      if (!cbz_csv_writer_end_row (writer, cancellable, error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
    }
  if (rc != SQLITE_DONE)
    {
      _cbz_store_set_error (self, error, export_sql);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);

  if (!cbz_csv_writer_flush (writer, cancellable, error))
    return FALSE;
  if (n_rows != NULL)
    *n_rows = rows;
  return TRUE;
}
