/* cbz-bank-layout-private.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-bank-layout.h"
#include "cbz-csv-reader.h"

G_BEGIN_DECLS

/* What a column of a statement holds. */
typedef enum
{
  CBZ_BANK_COLUMN_DATE,
  CBZ_BANK_COLUMN_DESCRIPTION,
  CBZ_BANK_COLUMN_DETAIL,     /* more description, appended to it */
  CBZ_BANK_COLUMN_REFERENCE,
  CBZ_BANK_COLUMN_AMOUNT,     /* signed, or unsigned with a SIGN column */
  CBZ_BANK_COLUMN_SIGN,       /* "+" / "-" (or abono / cargo) for AMOUNT */
  CBZ_BANK_COLUMN_DEBIT,      /* money out */
  CBZ_BANK_COLUMN_CREDIT,     /* money in */
  CBZ_BANK_COLUMN_BALANCE,
} CbzBankColumn;

#define CBZ_BANK_N_COLUMNS (CBZ_BANK_COLUMN_BALANCE + 1)

/* Where a layout's columns are in one file: -1 for a column it lacks. */
typedef struct
{
  const CbzBankLayout *layout;
  guint                header_row;
  int                  columns[CBZ_BANK_N_COLUMNS];
  char                 currency[4];  /* named by a header, or "" */
} CbzBankHeader;

/* Looks for a known header row among the first rows of @table. */
gboolean _cbz_bank_layout_detect (CbzCsvTable   *table,
                                  CbzBankHeader *header);

G_END_DECLS
