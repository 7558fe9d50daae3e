/* cbz-promise-evaluation.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-local-day.h"
#include "cbz-payments-error.h"
#include "cbz-promise-evaluation.h"

static gboolean
check_terms (const CbzPromiseTerms  *terms,
             GError                **error)
{
  if (!cbz_date_is_set (terms->promised_on))
    {
      g_set_error_literal (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_INVALID_DATE,
                           _("A promise to pay needs the date the customer will pay by"));
      return FALSE;
    }
  if (terms->amount.minor <= 0)
    {
      g_autofree char *text = cbz_money_format_full (terms->amount, NULL, CBZ_MONEY_FORMAT_CODE);

      g_set_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_INVALID_AMOUNT,
                   _("A promise to pay must be for more than zero, not %s"), text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
counts_towards (const CbzPromiseTerms  *terms,
                CbzDate                 made_on,
                const CbzPaymentRecord *payment,
                gint64                  at)
{
  if (!cbz_money_same_currency (payment->amount, terms->amount) || payment->amount.minor <= 0)
    return FALSE;
  if (cbz_date_compare (payment->paid_on, made_on) < 0 ||
      cbz_date_compare (payment->paid_on, terms->promised_on) > 0)
    return FALSE;
  if (payment->recorded_at != 0 &&
      (payment->recorded_at < terms->made_at || payment->recorded_at > at))
    return FALSE;
  return TRUE;
}

gboolean
cbz_promise_evaluate (const CbzPromiseTerms  *terms,
                      const CbzPaymentRecord *payments,
                      gsize                   n_payments,
                      GTimeZone              *tz,
                      gint64                  at,
                      CbzPromiseEvaluation   *result,
                      GError                **error)
{
  CbzDate made_on;
  gint64 paid = 0;

  g_return_val_if_fail (terms != NULL, FALSE);
  g_return_val_if_fail (payments != NULL || n_payments == 0, FALSE);
  g_return_val_if_fail (tz != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  if (!check_terms (terms, error))
    return FALSE;
  /* A promise for the day it was made can look made "tomorrow" once the
   * customer's zone is edited to one further east: count from the promised
   * day then. */
  made_on = cbz_local_date_at (terms->made_at, tz);
  if (cbz_date_compare (made_on, terms->promised_on) > 0)
    made_on = terms->promised_on;

  for (gsize i = 0; i < n_payments; i++)
    {
      if (!counts_towards (terms, made_on, &payments[i], at))
        continue;
      if (paid > G_MAXINT64 - payments[i].amount.minor)
        {
          g_set_error_literal (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_OVERFLOW,
                               _("The payments are too large to add up exactly"));
          return FALSE;
        }
      paid += payments[i].amount.minor;
    }

  result->paid = cbz_money_init (paid, terms->amount.currency);
  result->shortfall = cbz_money_init (MAX (terms->amount.minor - paid, 0), terms->amount.currency);
  result->decides_at = cbz_local_day_start (cbz_date_add_days (terms->promised_on, 1), tz);
  if (at < result->decides_at)
    result->status = CBZ_PROMISE_STATUS_PENDING;
  else if (result->shortfall.minor == 0)
    result->status = CBZ_PROMISE_STATUS_KEPT;
  else
    result->status = CBZ_PROMISE_STATUS_BROKEN;
  return TRUE;
}
