/* cbz-bank-statement.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-csv-reader.h"
#include "cbz-text.h"

#include "cbz-bank-layout-private.h"
#include "cbz-bank-statement.h"

struct _CbzBankStatement
{
  const CbzBankLayout *layout;
  char                *encoding;
  char                 currency[4];
  guint                header_line;
  GArray              *lines;  /* CbzBankLine */
  CbzMoney             credits;
  CbzMoney             debits;
};

/* The row being read, and how. */
typedef struct
{
  CbzCsvTable   *table;
  CbzBankHeader  header;
  const char    *currency;
  guint          row;
} RowReader;

G_DEFINE_QUARK (cbz-bank-statement-error-quark, cbz_bank_statement_error)

static void
clear_line (gpointer data)
{
  CbzBankLine *line = data;

  g_free (line->description);
  g_free (line->reference);
}

/* Spreadsheets keep numbers as text with a leading apostrophe ('15012024),
 * and some exports wrap every cell in apostrophes ('ABONO SPEI'). */
static char *
dup_clean (const char *cell)
{
  gsize length;

  while (*cell == '\'' || *cell == ' ')
    cell++;
  length = strlen (cell);
  while (length > 0 && (cell[length - 1] == '\'' || cell[length - 1] == ' '))
    length--;
  return g_strndup (cell, length);
}

static const char *
get_cell (RowReader     *reader,
          CbzBankColumn  column)
{
  int field = reader->header.columns[column];

  if (field < 0)
    return "";
  return cbz_csv_table_get_cell (reader->table, reader->row, (guint) field);
}

static char *
dup_cell (RowReader     *reader,
          CbzBankColumn  column)
{
  return dup_clean (get_cell (reader, column));
}

static const char *
get_header (RowReader     *reader,
            CbzBankColumn  column)
{
  return cbz_csv_table_get_cell (reader->table, reader->header.header_row,
                                 (guint) reader->header.columns[column]);
}

static int
two_digits (const char *p)
{
  return (p[0] - '0') * 10 + (p[1] - '0');
}

static gboolean
parse_compact_date (const char *text,
                    CbzDate    *date)
{
  int year = two_digits (text + 4) * 100 + two_digits (text + 6);

  /* ddmmyyyy (Santander), or yyyymmdd when it cannot be read day first. */
  if (cbz_date_set_dmy (date, two_digits (text), two_digits (text + 2), year))
    return TRUE;
  return cbz_date_set_dmy (date, two_digits (text + 6), two_digits (text + 4),
                           two_digits (text) * 100 + two_digits (text + 2));
}

static gboolean
read_date (RowReader  *reader,
           const char *text,
           CbzDate    *date,
           GError    **error)
{
  gsize digits = strspn (text, "0123456789");

  if (digits == 8 && (text[8] == '\0' || text[8] == ' ') && parse_compact_date (text, date))
    return TRUE;
  if (digits != 8 && cbz_date_parse (text, CBZ_DATE_ORDER_DMY, date, NULL))
    return TRUE;

  g_set_error (error, CBZ_BANK_STATEMENT_ERROR, CBZ_BANK_STATEMENT_ERROR_BAD_DATE,
               _("Line %u, column “%s”: “%s” is not a date"),
               reader->row + 1, get_header (reader, CBZ_BANK_COLUMN_DATE),
               get_cell (reader, CBZ_BANK_COLUMN_DATE));
  return FALSE;
}

/* FALSE with @error when the cell is not an amount; @amount is 0 for an
 * empty cell or a dash. */
static gboolean
read_amount (RowReader      *reader,
             CbzBankColumn   column,
             gint64         *amount,
             GError        **error)
{
  g_autofree char *text = dup_cell (reader, column);
  CbzMoney money;

  *amount = 0;
  if (text[0] == '\0' || g_str_equal (text, "-") || g_str_equal (text, "—"))
    return TRUE;

  if (!cbz_money_parse (text, reader->currency, &money, NULL))
    {
      g_set_error (error, CBZ_BANK_STATEMENT_ERROR, CBZ_BANK_STATEMENT_ERROR_BAD_AMOUNT,
                   _("Line %u, column “%s”: “%s” is not an amount"),
                   reader->row + 1, get_header (reader, column), get_cell (reader, column));
      return FALSE;
    }
  if (g_ascii_strcasecmp (money.currency, reader->currency) != 0)
    {
      g_set_error (error, CBZ_BANK_STATEMENT_ERROR, CBZ_BANK_STATEMENT_ERROR_BAD_AMOUNT,
                   _("Line %u, column “%s”: “%s” is in %s, and the statement in %s"),
                   reader->row + 1, get_header (reader, column), get_cell (reader, column),
                   money.currency, reader->currency);
      return FALSE;
    }
  *amount = money.minor;
  return TRUE;
}

static gboolean
read_sign (RowReader  *reader,
           int        *sign,
           GError    **error)
{
  static const char * const plus[] = { "abono", "credito", "deposito", "ingreso", "a" };
  static const char * const minus[] = { "cargo", "debito", "retiro", "egreso", "c" };
  g_autofree char *text = dup_cell (reader, CBZ_BANK_COLUMN_SIGN);
  g_autofree char *word = cbz_text_normalize_name (text);

  if (g_str_equal (text, "+"))
    *sign = 1;
  else if (g_str_equal (text, "-"))
    *sign = -1;
  else if (g_strv_contains (plus, word))
    *sign = 1;
  else if (g_strv_contains (minus, word))
    *sign = -1;
  else
    {
      g_set_error (error, CBZ_BANK_STATEMENT_ERROR, CBZ_BANK_STATEMENT_ERROR_BAD_SIGN,
                   _("Line %u, column “%s”: “%s” says neither + (money in) nor - (money out)"),
                   reader->row + 1, get_header (reader, CBZ_BANK_COLUMN_SIGN),
                   get_cell (reader, CBZ_BANK_COLUMN_SIGN));
      return FALSE;
    }
  return TRUE;
}

/* The money that moved: signed, 0 for a row without movement. */
static gboolean
read_movement (RowReader  *reader,
               gint64     *amount,
               GError    **error)
{
  gint64 debit, credit;
  int sign = 1;

  if (reader->header.columns[CBZ_BANK_COLUMN_AMOUNT] >= 0)
    {
      if (!read_amount (reader, CBZ_BANK_COLUMN_AMOUNT, amount, error))
        return FALSE;
      if (reader->header.columns[CBZ_BANK_COLUMN_SIGN] >= 0 && *amount != 0)
        {
          if (!read_sign (reader, &sign, error))
            return FALSE;
          *amount = sign * ABS (*amount);
        }
      return TRUE;
    }

  if (!read_amount (reader, CBZ_BANK_COLUMN_DEBIT, &debit, error) ||
      !read_amount (reader, CBZ_BANK_COLUMN_CREDIT, &credit, error))
    return FALSE;
  if (debit != 0 && credit != 0)
    {
      g_set_error (error, CBZ_BANK_STATEMENT_ERROR, CBZ_BANK_STATEMENT_ERROR_BOTH_AMOUNTS,
                   _("Line %u has both a debit (“%s”) and a credit (“%s”): a movement is one "
                     "or the other"),
                   reader->row + 1, get_cell (reader, CBZ_BANK_COLUMN_DEBIT),
                   get_cell (reader, CBZ_BANK_COLUMN_CREDIT));
      return FALSE;
    }
  /* Some banks print debits as negative numbers in their own column. */
  *amount = credit != 0 ? ABS (credit) : -ABS (debit);
  return TRUE;
}

static char *
read_description (RowReader *reader)
{
  g_autofree char *description = dup_cell (reader, CBZ_BANK_COLUMN_DESCRIPTION);
  g_autofree char *detail = dup_cell (reader, CBZ_BANK_COLUMN_DETAIL);

  if (detail[0] == '\0' || g_str_equal (detail, description))
    return g_steal_pointer (&description);
  if (description[0] == '\0')
    return g_steal_pointer (&detail);
  return g_strconcat (description, " / ", detail, NULL);
}

static void
compute_fingerprint (CbzBankLine *line,
                     GHashTable  *seen)
{
  g_autofree char *description = cbz_text_normalize_name (line->description);
  g_autofree char *reference = cbz_text_normalize_name (line->reference);
  g_autofree char *balance = line->has_balance
                             ? g_strdup_printf ("%" G_GINT64_FORMAT, line->balance.minor)
                             : g_strdup ("-");
  char date[CBZ_DATE_ISO_LENGTH];
  char *key;
  guint count;
  g_autofree char *keyed = NULL;
  g_autofree char *digest = NULL;

  key = g_strdup_printf ("%s|%" G_GINT64_FORMAT "|%s|%s|%s|%s",
                         cbz_date_to_iso (line->date, date), line->amount.minor,
                         line->amount.currency, balance, description, reference);
  /* Two identical movements in one statement (two equal transfers on one
   * day) are two lines: number the repeats. */
  count = GPOINTER_TO_UINT (g_hash_table_lookup (seen, key));
  g_hash_table_replace (seen, key, GUINT_TO_POINTER (count + 1));
  keyed = g_strdup_printf ("%s#%u", key, count);
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, keyed, -1);
  g_strlcpy (line->fingerprint, digest, sizeof line->fingerprint);
}

static gboolean
read_lines (CbzBankStatement  *statement,
            RowReader         *reader,
            GError           **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_rows = cbz_csv_table_get_n_rows (reader->table);

  for (reader->row = reader->header.header_row + 1; reader->row < n_rows; reader->row++)
    {
      g_autofree char *date_text = dup_cell (reader, CBZ_BANK_COLUMN_DATE);
      CbzBankLine line = { 0 };
      gint64 balance = 0;

      /* Blank rows, totals, notes: not movements. */
      if (!g_ascii_isdigit (date_text[0]))
        continue;
      if (!read_date (reader, date_text, &line.date, error) ||
          !read_movement (reader, &line.amount.minor, error))
        return FALSE;
      if (line.amount.minor == 0)
        continue;
      if (reader->header.columns[CBZ_BANK_COLUMN_BALANCE] >= 0)
        {
          g_autofree char *text = dup_cell (reader, CBZ_BANK_COLUMN_BALANCE);

          if (!read_amount (reader, CBZ_BANK_COLUMN_BALANCE, &balance, error))
            return FALSE;
          line.has_balance = text[0] != '\0';
        }

      line.line = reader->row + 1;
      memcpy (line.amount.currency, statement->currency, sizeof line.amount.currency);
      line.balance = cbz_money_init (balance, statement->currency);
      line.description = read_description (reader);
      line.reference = dup_cell (reader, CBZ_BANK_COLUMN_REFERENCE);
      compute_fingerprint (&line, seen);
      g_array_append_val (statement->lines, line);

      if (line.amount.minor > 0)
        statement->credits.minor += line.amount.minor;
      else
        statement->debits.minor -= line.amount.minor;
    }
  return TRUE;
}

static char *
describe_headers (CbzCsvTable *table)
{
  guint n_rows = MIN (cbz_csv_table_get_n_rows (table), 40);
  guint chosen = 0;
  GString *text = g_string_new (NULL);

  /* The first row with a few cells is what the person will recognise. */
  for (guint row = 0; row < n_rows; row++)
    {
      guint filled = 0;

      for (guint f = 0; f < cbz_csv_table_get_n_fields (table, row); f++)
        filled += cbz_csv_table_get_cell (table, row, f)[0] != '\0';
      if (filled >= 3)
        {
          chosen = row;
          break;
        }
    }
  for (guint f = 0; f < cbz_csv_table_get_n_fields (table, chosen); f++)
    {
      const char *cell = cbz_csv_table_get_cell (table, chosen, f);

      if (cell[0] == '\0')
        continue;
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append_printf (text, "“%s”", cell);
    }
  return g_string_free (text, FALSE);
}

static char *
describe_banks (void)
{
  guint n_layouts;
  const CbzBankLayout * const *layouts = cbz_bank_layout_list (&n_layouts);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; i < n_layouts; i++)
    {
      const char *name = cbz_bank_layout_get_bank_name (layouts[i]);

      if (!g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
        g_ptr_array_add (names, (gpointer) name);
    }
  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **) names->pdata);
}

/* Reads @contents as a table and finds its header, trying each delimiter
 * when the detected one does not give a known header (a few lines about
 * the account before the header can mislead the detection). */
static CbzCsvTable *
open_table (const char     *contents,
            gsize           length,
            const char     *encoding,
            CbzBankHeader  *header,
            GError        **error)
{
  static const char delimiters[] = { 0, ',', ';', '\t', '|' };
  g_autoptr(CbzCsvTable) first = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (delimiters); i++)
    {
      g_autoptr(CbzCsvTable) table = NULL;
      char *copy = g_malloc (length + 1);

      memcpy (copy, contents, length);
      copy[length] = '\0';
      table = cbz_csv_table_new_from_data (copy, length, encoding, delimiters[i], NULL, NULL,
                                           NULL, i == 0 ? error : NULL);
      if (table == NULL)
        {
          if (i == 0)
            return NULL;
          continue;
        }
      if (i > 0 && cbz_csv_table_get_delimiter (table) == cbz_csv_table_get_delimiter (first))
        continue;
      if (_cbz_bank_layout_detect (table, header))
        return g_steal_pointer (&table);
      if (first == NULL)
        first = g_steal_pointer (&table);
    }

  {
    g_autofree char *found = describe_headers (first);
    g_autofree char *banks = describe_banks ();

    g_set_error (error, CBZ_BANK_STATEMENT_ERROR, CBZ_BANK_STATEMENT_ERROR_UNKNOWN_LAYOUT,
                 _("This is not a statement export Cobranza knows (from %s). The headers found "
                   "are: %s"),
                 banks, found);
  }
  return NULL;
}

CbzBankStatement *
cbz_bank_statement_new_from_data (char        *contents,
                                  gsize        length,
                                  const char  *encoding,
                                  const char  *currency,
                                  GError     **error)
{
  g_autofree char *owned = contents;
  g_autoptr(CbzBankStatement) statement = NULL;
  g_autoptr(CbzCsvTable) table = NULL;
  RowReader reader = { 0 };

  g_return_val_if_fail (contents != NULL, NULL);

  table = open_table (contents, length, encoding, &reader.header, error);
  if (table == NULL)
    return NULL;

  statement = g_new0 (CbzBankStatement, 1);
  statement->layout = reader.header.layout;
  statement->encoding = g_strdup (cbz_csv_table_get_encoding (table));
  statement->header_line = reader.header.header_row + 1;
  statement->lines = g_array_new (FALSE, TRUE, sizeof (CbzBankLine));
  g_array_set_clear_func (statement->lines, clear_line);

  if (currency == NULL || currency[0] == '\0')
    currency = reader.header.currency[0] != '\0' ? reader.header.currency
                                                 : cbz_bank_layout_get_currency (statement->layout);
  for (guint i = 0; i < 3 && currency[i] != '\0'; i++)
    statement->currency[i] = g_ascii_toupper (currency[i]);
  statement->credits = cbz_money_init (0, statement->currency);
  statement->debits = cbz_money_init (0, statement->currency);

  reader.table = table;
  reader.currency = statement->currency;
  if (!read_lines (statement, &reader, error))
    return NULL;
  return g_steal_pointer (&statement);
}

CbzBankStatement *
cbz_bank_statement_new_from_file (GFile         *file,
                                  const char    *encoding,
                                  const char    *currency,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, error))
    return NULL;
  return cbz_bank_statement_new_from_data (contents, length, encoding, currency, error);
}

void
cbz_bank_statement_free (CbzBankStatement *statement)
{
  if (statement == NULL)
    return;
  g_clear_pointer (&statement->lines, g_array_unref);
  g_free (statement->encoding);
  g_free (statement);
}

const CbzBankLayout *
cbz_bank_statement_get_layout (CbzBankStatement *statement)
{
  g_return_val_if_fail (statement != NULL, NULL);

  return statement->layout;
}

const char *
cbz_bank_statement_get_encoding (CbzBankStatement *statement)
{
  g_return_val_if_fail (statement != NULL, NULL);

  return statement->encoding;
}

const char *
cbz_bank_statement_get_currency (CbzBankStatement *statement)
{
  g_return_val_if_fail (statement != NULL, NULL);

  return statement->currency;
}

guint
cbz_bank_statement_get_header_line (CbzBankStatement *statement)
{
  g_return_val_if_fail (statement != NULL, 0);

  return statement->header_line;
}

const CbzBankLine *
cbz_bank_statement_get_lines (CbzBankStatement *statement,
                              guint            *n_lines)
{
  g_return_val_if_fail (statement != NULL, NULL);

  if (n_lines != NULL)
    *n_lines = statement->lines->len;
  return (const CbzBankLine *) statement->lines->data;
}

CbzMoney
cbz_bank_statement_get_credits (CbzBankStatement *statement)
{
  g_return_val_if_fail (statement != NULL, cbz_money_init (0, "XXX"));

  return statement->credits;
}

CbzMoney
cbz_bank_statement_get_debits (CbzBankStatement *statement)
{
  g_return_val_if_fail (statement != NULL, cbz_money_init (0, "XXX"));

  return statement->debits;
}
