/* cbz-agreement.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "cbz-agreement.h"
#include "cbz-local-day.h"
#include "cbz-payments-error.h"

static char *
format_money (CbzMoney money)
{
  return cbz_money_format_full (money, NULL, CBZ_MONEY_FORMAT_CODE);
}

static gboolean
check_count (guint    n_instalments,
             GError **error)
{
  if (n_instalments >= 1 && n_instalments <= CBZ_AGREEMENT_MAX_INSTALMENTS)
    return TRUE;
  g_set_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_INVALID_COUNT,
               _("An agreement has between 1 and %u instalments, not %u"),
               (guint) CBZ_AGREEMENT_MAX_INSTALMENTS, n_instalments);
  return FALSE;
}

static gboolean
check_total (CbzMoney   total,
             GError   **error)
{
  g_autofree char *text = NULL;

  if (total.minor > 0)
    return TRUE;
  text = format_money (total);
  g_set_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_INVALID_AMOUNT,
               _("An agreement must be for more than zero, not %s"), text);
  return FALSE;
}

CbzInstalment *
cbz_agreement_plan (CbzMoney      total,
                    guint         n_instalments,
                    CbzDate       first,
                    CbzInterval   every,
                    GError      **error)
{
  CbzInstalment *instalments;
  gint64 each;

  if (!check_total (total, error) || !check_count (n_instalments, error))
    return NULL;
  if (!cbz_date_is_set (first))
    {
      g_set_error_literal (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_INVALID_DATE,
                           _("An agreement needs the date of its first instalment"));
      return NULL;
    }
  if (total.minor < (gint64) n_instalments)
    {
      g_autofree char *text = format_money (total);

      g_set_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_INVALID_COUNT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s cannot be split into %u instalment",
                                "%s cannot be split into %u instalments",
                                n_instalments),
                   text, n_instalments);
      return NULL;
    }

  each = total.minor / n_instalments;
  instalments = g_new (CbzInstalment, n_instalments);
  for (guint i = 0; i < n_instalments; i++)
    {
      instalments[i].due_on = cbz_interval_nth_date (first, every, i);
      instalments[i].amount = cbz_money_init (each, total.currency);
    }
  /* The leftover cents go on the last instalment. */
  instalments[n_instalments - 1].amount.minor = total.minor - each * (n_instalments - 1);
  return instalments;
}

gboolean
cbz_agreement_check (CbzMoney              total,
                     const CbzInstalment  *instalments,
                     guint                 n_instalments,
                     GError              **error)
{
  CbzMoney sum;

  g_return_val_if_fail (instalments != NULL || n_instalments == 0, FALSE);

  if (!check_total (total, error) || !check_count (n_instalments, error))
    return FALSE;

  sum = cbz_money_init (0, total.currency);
  for (guint i = 0; i < n_instalments; i++)
    {
      const CbzInstalment *instalment = &instalments[i];

      if (!cbz_date_is_set (instalment->due_on))
        {
          g_set_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_INVALID_DATE,
                       _("Instalment %u has no date"), i + 1);
          return FALSE;
        }
      if (i > 0 && cbz_date_compare (instalment->due_on, instalments[i - 1].due_on) < 0)
        {
          g_autofree char *date = cbz_date_format_short (instalment->due_on, NULL);
          g_autofree char *previous = cbz_date_format_short (instalments[i - 1].due_on, NULL);

          g_set_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_INVALID_DATE,
                       _("Instalment %u (%s) falls before instalment %u (%s): instalments go "
                         "in date order"),
                       i + 1, date, i, previous);
          return FALSE;
        }
      if (!cbz_money_same_currency (instalment->amount, total))
        {
          g_set_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_CURRENCY_MISMATCH,
                       _("Instalment %u is in %s and the agreement in %s"),
                       i + 1, instalment->amount.currency, total.currency);
          return FALSE;
        }
      if (instalment->amount.minor <= 0)
        {
          g_autofree char *text = format_money (instalment->amount);

          g_set_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_INVALID_AMOUNT,
                       _("Instalment %u must be for more than zero, not %s"), i + 1, text);
          return FALSE;
        }
      if (!cbz_money_add (sum, instalment->amount, &sum, NULL))
        {
          g_set_error_literal (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_OVERFLOW,
                               _("The instalments are too large to add up exactly"));
          return FALSE;
        }
    }

  if (sum.minor != total.minor)
    {
      g_autofree char *sum_text = format_money (sum);
      g_autofree char *total_text = format_money (total);
      g_autofree char *difference = format_money (cbz_money_init (ABS (total.minor - sum.minor),
                                                                  total.currency));

      if (sum.minor < total.minor)
        g_set_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_SUM_MISMATCH,
                     _("The instalments add up to %s, %s less than the agreed total of %s"),
                     sum_text, difference, total_text);
      else
        g_set_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_SUM_MISMATCH,
                     _("The instalments add up to %s, %s more than the agreed total of %s"),
                     sum_text, difference, total_text);
      return FALSE;
    }
  return TRUE;
}

static int
compare_payments_cb (const void *a,
                     const void *b)
{
  const CbzPaymentRecord *x = *(const CbzPaymentRecord * const *) a;
  const CbzPaymentRecord *y = *(const CbzPaymentRecord * const *) b;
  int by_date = cbz_date_compare (x->paid_on, y->paid_on);

  if (by_date != 0)
    return by_date;
  return (x->recorded_at > y->recorded_at) - (x->recorded_at < y->recorded_at);
}

/* Pays the instalments in order with the payments in date order. */
static void
pay_instalments (CbzAgreementEvaluation  *evaluation,
                 const CbzInstalment     *instalments,
                 const CbzPaymentRecord **counted,
                 gsize                    n_counted)
{
  guint next = 0;

  for (gsize p = 0; p < n_counted && next < evaluation->n_instalments; p++)
    {
      gint64 left = counted[p]->amount.minor;

      while (left > 0 && next < evaluation->n_instalments)
        {
          CbzInstalmentStatus *status = &evaluation->instalments[next];
          gint64 take = MIN (left, status->remaining.minor);

          status->paid.minor += take;
          status->remaining.minor -= take;
          left -= take;
          if (status->remaining.minor == 0)
            {
              status->paid_on = counted[p]->paid_on;
              status->paid_late = cbz_date_compare (counted[p]->paid_on, instalments[next].due_on) > 0;
              next++;
            }
        }
    }
}

CbzAgreementEvaluation *
cbz_agreement_evaluate (const CbzInstalment    *instalments,
                        guint                   n_instalments,
                        const CbzPaymentRecord *payments,
                        gsize                   n_payments,
                        GTimeZone              *tz,
                        gint64                  at,
                        GError                **error)
{
  g_autoptr(CbzAgreementEvaluation) evaluation = NULL;
  g_autofree const CbzPaymentRecord **counted = NULL;
  CbzMoney total;
  CbzDate today;
  gsize n_counted = 0;

  g_return_val_if_fail (instalments != NULL && n_instalments > 0, NULL);
  g_return_val_if_fail (payments != NULL || n_payments == 0, NULL);
  g_return_val_if_fail (tz != NULL, NULL);

  /* The plan's own total; cbz_agreement_check() then rejects bad amounts. */
  total = cbz_money_init (0, instalments[0].amount.currency);
  for (guint i = 0; i < n_instalments; i++)
    if (instalments[i].amount.minor > 0)
      total.minor = instalments[i].amount.minor > G_MAXINT64 - total.minor
                    ? G_MAXINT64 : total.minor + instalments[i].amount.minor;
  if (!cbz_agreement_check (total, instalments, n_instalments, error))
    return NULL;

  today = cbz_local_date_at (at, tz);
  counted = g_new (const CbzPaymentRecord *, MAX (n_payments, 1));
  for (gsize i = 0; i < n_payments; i++)
    {
      const CbzPaymentRecord *payment = &payments[i];

      if (!cbz_money_same_currency (payment->amount, total) || payment->amount.minor <= 0 ||
          cbz_date_compare (payment->paid_on, today) > 0 ||
          (payment->recorded_at != 0 && payment->recorded_at > at))
        continue;
      counted[n_counted++] = payment;
    }
  qsort (counted, n_counted, sizeof *counted, compare_payments_cb);

  evaluation = g_new0 (CbzAgreementEvaluation, 1);
  evaluation->n_instalments = n_instalments;
  evaluation->next_unpaid = -1;
  evaluation->paid = cbz_money_init (0, total.currency);
  evaluation->late_amount = cbz_money_init (0, total.currency);
  evaluation->instalments = g_new0 (CbzInstalmentStatus, n_instalments);
  for (guint i = 0; i < n_instalments; i++)
    {
      evaluation->instalments[i].paid = cbz_money_init (0, total.currency);
      evaluation->instalments[i].remaining = instalments[i].amount;
      evaluation->instalments[i].late_from =
        cbz_local_day_start (cbz_date_add_days (instalments[i].due_on, 1), tz);
    }

  pay_instalments (evaluation, instalments, counted, n_counted);

  for (guint i = 0; i < n_instalments; i++)
    {
      CbzInstalmentStatus *status = &evaluation->instalments[i];

      evaluation->paid.minor += status->paid.minor;
      if (status->remaining.minor == 0)
        {
          status->state = CBZ_INSTALMENT_STATE_PAID;
          evaluation->n_paid++;
          continue;
        }
      if (evaluation->next_unpaid < 0)
        evaluation->next_unpaid = (int) i;
      if (at >= status->late_from)
        {
          status->state = CBZ_INSTALMENT_STATE_LATE;
          evaluation->n_late++;
          evaluation->late_amount.minor += status->remaining.minor;
        }
      else
        status->state = CBZ_INSTALMENT_STATE_DUE;
    }
  evaluation->remaining = cbz_money_init (total.minor - evaluation->paid.minor, total.currency);

  if (evaluation->n_paid == n_instalments)
    evaluation->state = CBZ_AGREEMENT_STATE_COMPLETED;
  else if (evaluation->n_late > 0)
    evaluation->state = CBZ_AGREEMENT_STATE_MISSED;
  else
    evaluation->state = CBZ_AGREEMENT_STATE_ON_TRACK;
  return g_steal_pointer (&evaluation);
}

void
cbz_agreement_evaluation_free (CbzAgreementEvaluation *evaluation)
{
  if (evaluation == NULL)
    return;
  g_free (evaluation->instalments);
  g_free (evaluation);
}
