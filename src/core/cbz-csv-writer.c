/* cbz-csv-writer.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-csv-writer.h"
#include "cbz-money.h"

#define FLUSH_AT (60 * 1024)

struct _CbzCsvWriter
{
  GOutputStream *out;
  GString       *buffer;
  gboolean       row_started;
};

/* The characters OWASP lists: a cell starting with one of them is a
 * formula to Excel, LibreOffice Calc or Google Sheets (a tab or a carriage
 * return first is skipped by some of them, and what follows may be one). */
static gboolean
is_formula_start (char c)
{
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

gboolean
cbz_csv_text_is_formula (const char *text)
{
  return text != NULL && is_formula_start (text[0]);
}

const char *
cbz_csv_cell_unguard (const char *cell)
{
  g_return_val_if_fail (cell != NULL, NULL);

  if (cell[0] == '\'' && is_formula_start (cell[1]))
    return cell + 1;
  return cell;
}

void
cbz_csv_append_text_cell (GString    *out,
                          const char *text)
{
  gboolean formula;

  g_return_if_fail (out != NULL);

  if (text == NULL || text[0] == '\0')
    return;

  formula = cbz_csv_text_is_formula (text);
  if (!formula && strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }

  g_string_append_c (out, '"');
  if (formula)
    g_string_append_c (out, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

CbzCsvWriter *
cbz_csv_writer_new (GOutputStream *out)
{
  CbzCsvWriter *self;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), NULL);

  self = g_new0 (CbzCsvWriter, 1);
  self->out = g_object_ref (out);
  self->buffer = g_string_sized_new (FLUSH_AT + 4096);
  return self;
}

void
cbz_csv_writer_free (CbzCsvWriter *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->out);
  g_string_free (self->buffer, TRUE);
  g_free (self);
}

static void
start_cell (CbzCsvWriter *self)
{
  if (self->row_started)
    g_string_append_c (self->buffer, ',');
  self->row_started = TRUE;
}

void
cbz_csv_writer_add_text (CbzCsvWriter *self,
                         const char   *text)
{
  g_return_if_fail (self != NULL);

  start_cell (self);
  cbz_csv_append_text_cell (self->buffer, text);
}

void
cbz_csv_writer_add_integer (CbzCsvWriter *self,
                            gint64        value)
{
  g_return_if_fail (self != NULL);

  start_cell (self);
  g_string_append_printf (self->buffer, "%" G_GINT64_FORMAT, value);
}

void
cbz_csv_writer_add_amount (CbzCsvWriter *self,
                           gint64        minor,
                           const char   *currency)
{
  int digits;
  guint64 abs_minor, scale = 1;

  g_return_if_fail (self != NULL);

  digits = currency != NULL && cbz_currency_is_known (currency) ? cbz_currency_get_digits (currency) : 2;
  abs_minor = minor < 0 ? (guint64) -(minor + 1) + 1 : (guint64) minor;
  for (int i = 0; i < digits; i++)
    scale *= 10;

  start_cell (self);
  if (minor < 0)
    g_string_append_c (self->buffer, '-');
  g_string_append_printf (self->buffer, "%" G_GUINT64_FORMAT, abs_minor / scale);
  if (digits > 0)
    g_string_append_printf (self->buffer, ".%0*" G_GUINT64_FORMAT, digits, abs_minor % scale);
}

gboolean
cbz_csv_writer_flush (CbzCsvWriter  *self,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->buffer->len == 0)
    return TRUE;
  if (!g_output_stream_write_all (self->out, self->buffer->str, self->buffer->len, NULL, cancellable, error))
    return FALSE;
  g_string_truncate (self->buffer, 0);
  return TRUE;
}

gboolean
cbz_csv_writer_end_row (CbzCsvWriter  *self,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  g_string_append (self->buffer, "\r\n");
  self->row_started = FALSE;
  if (self->buffer->len >= FLUSH_AT)
    return cbz_csv_writer_flush (self, cancellable, error);
  return TRUE;
}
