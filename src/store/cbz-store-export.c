/* cbz-store-export.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-money.h"
#include "cbz-store-private.h"

/*
 * The open invoices with their customers' data as CSV (RFC 4180: comma,
 * double quotes, CRLF, UTF-8), one row per invoice, under Spanish headers the
 * importer recognises, so export then import gives the same portfolio.
 * Amounts are plain ("1234.56"; "15000" for currencies without decimals) and
 * dates ISO, so no locale can misread them.
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

static void
append_field (GString    *out,
              const char *value)
{
  if (value == NULL)
    return;
  if (strpbrk (value, ",\"\r\n") == NULL)
    {
      g_string_append (out, value);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_amount (GString    *out,
               gint64      minor,
               const char *currency)
{
  int digits = currency != NULL && cbz_currency_is_known (currency) ? cbz_currency_get_digits (currency) : 2;
  guint64 abs_minor = minor < 0 ? (guint64) -minor : (guint64) minor;
  guint64 scale = 1;

  for (int i = 0; i < digits; i++)
    scale *= 10;

  if (minor < 0)
    g_string_append_c (out, '-');
  g_string_append_printf (out, "%" G_GUINT64_FORMAT, abs_minor / scale);
  if (digits > 0)
    g_string_append_printf (out, ".%0*" G_GUINT64_FORMAT, digits, abs_minor % scale);
}

static gboolean
flush (GOutputStream  *out,
       GString        *buffer,
       GCancellable   *cancellable,
       GError        **error)
{
  if (!g_output_stream_write_all (out, buffer->str, buffer->len, NULL, cancellable, error))
    return FALSE;
  g_string_truncate (buffer, 0);
  return TRUE;
}

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
  g_autoptr(GString) buffer = g_string_sized_new (64 * 1024);
  sqlite3_stmt *stmt;
  guint rows = 0;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      if (i > 0)
        g_string_append_c (buffer, ',');
      append_field (buffer, headers[i]);
    }
  g_string_append (buffer, "\r\n");

  stmt = _cbz_store_prepare (self, export_sql, error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *currency = (const char *) sqlite3_column_text (stmt, COLUMN_CURRENCY);

      for (int c = 0; c < (int) G_N_ELEMENTS (headers); c++)
        {
          if (c > 0)
            g_string_append_c (buffer, ',');
          if (c == COLUMN_AMOUNT || c == COLUMN_BALANCE)
            append_amount (buffer, sqlite3_column_int64 (stmt, c), currency);
          else
            append_field (buffer, (const char *) sqlite3_column_text (stmt, c));
        }
      g_string_append (buffer, "\r\n");
      rows++;

      if (buffer->len > 60 * 1024 && !flush (out, buffer, cancellable, error))
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

  if (!flush (out, buffer, cancellable, error))
    return FALSE;
  if (n_rows != NULL)
    *n_rows = rows;
  return TRUE;
}
