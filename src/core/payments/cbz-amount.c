/* cbz-amount.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-amount.h"
#include "cbz-payments-error.h"

gboolean
cbz_amount_parse (const char  *text,
                  const char  *default_currency,
                  CbzMoney    *amount,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  CbzMoney parsed;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (amount != NULL, FALSE);

  if (!cbz_money_parse (text, default_currency, &parsed, &local_error))
    {
      /* The money parser's messages about decimals, size and currency name
       * the text already; "not a valid amount" deserves an example. */
      if (g_error_matches (local_error, CBZ_MONEY_ERROR, CBZ_MONEY_ERROR_INVALID))
        g_set_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_INVALID_AMOUNT,
                     _("“%s” is not an amount: write it like 1.234,56 or 1,234.56, with or "
                       "without a currency code (MXN 1,234.56)"),
                     text);
      else
        g_set_error_literal (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_INVALID_AMOUNT,
                             local_error->message);
      return FALSE;
    }

  if (parsed.minor <= 0)
    {
      g_set_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_INVALID_AMOUNT,
                   _("“%s” is not more than zero: the amount must be positive"), text);
      return FALSE;
    }

  *amount = parsed;
  return TRUE;
}
