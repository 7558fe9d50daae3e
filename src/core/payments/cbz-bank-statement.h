/* cbz-bank-statement.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cbz-bank-layout.h"
#include "cbz-date.h"
#include "cbz-money.h"

G_BEGIN_DECLS

/*
 * A bank statement exported as CSV: its layout is recognised from the
 * header row (cbz-bank-layout.h), the bytes decoded (UTF-8, with or without
 * BOM, or Windows-1252) and the delimiter found (, ; tab |) as the importer
 * does, and every movement read into a CbzBankLine.
 *
 * What a line is: a row whose date cell starts with a digit (an apostrophe
 * first is allowed: spreadsheets keep 'ddmmyyyy as text that way). Rows
 * about the account before the header, blank rows and rows whose date cell
 * holds words ("Total", "Saldo final") are skipped, and so are rows with no
 * money moving (an opening balance). Dates: dd/mm/yyyy, dd-mm-yyyy,
 * dd.mm.yy, yyyy-mm-dd, ddmmyyyy, "15-ENE-2024", with or without a time.
 * Amounts: "1.234,56" and "1,234.56", with or without "$"; debits and
 * credits in two columns, or in one signed column, or an amount and a
 * +/- column.
 *
 * Any cell that cannot be read stops the import with an error naming the
 * line (1-based, as a text editor counts them), the column (its header) and
 * the value: nothing is half read.
 */

#define CBZ_BANK_STATEMENT_ERROR (cbz_bank_statement_error_quark ())

typedef enum
{
  CBZ_BANK_STATEMENT_ERROR_UNKNOWN_LAYOUT,  /* no header row of a bank we know */
  CBZ_BANK_STATEMENT_ERROR_BAD_DATE,
  CBZ_BANK_STATEMENT_ERROR_BAD_AMOUNT,
  CBZ_BANK_STATEMENT_ERROR_BOTH_AMOUNTS,    /* a debit and a credit on one line */
  CBZ_BANK_STATEMENT_ERROR_BAD_SIGN,        /* neither + nor - in a +/- column */
} CbzBankStatementError;

GQuark cbz_bank_statement_error_quark (void);

/* A hexadecimal SHA-256 prefix (128 bits) and the NUL. */
#define CBZ_BANK_FINGERPRINT_SIZE 33

typedef struct
{
  guint    line;         /* 1-based line of the file */
  CbzDate  date;
  CbzMoney amount;       /* > 0: money in (abono, depósito); < 0: money out (cargo, retiro) */
  gboolean has_balance;
  CbzMoney balance;      /* the running balance the bank printed, when it did */
  char    *description;  /* the description, and the detail column after " / " when there is one */
  char    *reference;    /* "" when the layout has none */
  /* The same for the same movement every time the statement (or another
   * statement covering the same days) is read: date, amount, balance,
   * description and reference, plus how many identical lines came before
   * it in this file. The store remembers the fingerprints it has recorded. */
  char     fingerprint[CBZ_BANK_FINGERPRINT_SIZE];
} CbzBankLine;

typedef struct _CbzBankStatement CbzBankStatement;

/*
 * Reads a statement. @encoding: NULL to detect. @currency: NULL for the one
 * the header names ("Abonos (USD)") or else the bank's (MXN, CLP). Takes
 * ownership of @contents (g_malloc'ed, @length bytes).
 */
CbzBankStatement    *cbz_bank_statement_new_from_data   (char                *contents,
                                                         gsize                length,
                                                         const char          *encoding,
                                                         const char          *currency,
                                                         GError             **error);
CbzBankStatement    *cbz_bank_statement_new_from_file   (GFile               *file,
                                                         const char          *encoding,
                                                         const char          *currency,
                                                         GCancellable        *cancellable,
                                                         GError             **error);
void                 cbz_bank_statement_free            (CbzBankStatement    *statement);

const CbzBankLayout *cbz_bank_statement_get_layout      (CbzBankStatement    *statement);
/* "UTF-8", "WINDOWS-1252"… */
const char          *cbz_bank_statement_get_encoding    (CbzBankStatement    *statement);
const char          *cbz_bank_statement_get_currency    (CbzBankStatement    *statement);
/* 1-based line of the header row. */
guint                cbz_bank_statement_get_header_line (CbzBankStatement    *statement);
/* The movements, in file order (transfer none). */
const CbzBankLine   *cbz_bank_statement_get_lines       (CbzBankStatement    *statement,
                                                         guint               *n_lines);
/* Money in and money out, in the statement's currency. */
CbzMoney             cbz_bank_statement_get_credits     (CbzBankStatement    *statement);
CbzMoney             cbz_bank_statement_get_debits      (CbzBankStatement    *statement);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzBankStatement, cbz_bank_statement_free)

G_END_DECLS
