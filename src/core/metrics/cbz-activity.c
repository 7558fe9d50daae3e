/* cbz-activity.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-activity.h"
#include "cbz-metrics-private.h"

GArray *
cbz_metrics_collected (const CbzMetricsPayment *payments,
                       gsize                    n_payments,
                       CbzDate                  as_of)
{
  GArray *results = g_array_new (FALSE, TRUE, sizeof (CbzCollected));
  CbzDate month_start, last_start, last_end, last_to_date;

  g_return_val_if_fail (payments != NULL || n_payments == 0, results);
  g_return_val_if_fail (cbz_date_is_set (as_of), results);

  month_start = cbz_date_init (as_of.year, as_of.month, 1);
  last_end = cbz_date_add_days (month_start, -1);
  last_start = cbz_date_init (last_end.year, last_end.month, 1);
  last_to_date = cbz_date_init (last_end.year, last_end.month, MIN (as_of.day, last_end.day));

  for (gsize i = 0; i < n_payments; i++)
    {
      const CbzMetricsPayment *payment = &payments[i];
      CbzCollected *collected;

      if (cbz_date_compare (payment->paid_on, last_start) < 0 ||
          cbz_date_compare (payment->paid_on, as_of) > 0 || payment->amount.minor <= 0)
        continue;
      collected = _cbz_metrics_for_currency (results, payment->amount.currency);
      if (cbz_date_compare (payment->paid_on, month_start) >= 0)
        collected->this_month.minor = _cbz_metrics_add (collected->this_month.minor, payment->amount.minor);
      else
        {
          collected->last_month.minor = _cbz_metrics_add (collected->last_month.minor, payment->amount.minor);
          if (cbz_date_compare (payment->paid_on, last_to_date) <= 0)
            collected->last_month_to_date.minor = _cbz_metrics_add (collected->last_month_to_date.minor,
                                                                    payment->amount.minor);
        }
    }

  for (guint i = 0; i < results->len; i++)
    {
      CbzCollected *collected = &g_array_index (results, CbzCollected, i);

      memcpy (collected->this_month.currency, collected->currency, 4);
      memcpy (collected->last_month.currency, collected->currency, 4);
      memcpy (collected->last_month_to_date.currency, collected->currency, 4);
      collected->change = cbz_ratio_init (collected->this_month.minor - collected->last_month_to_date.minor,
                                          collected->last_month_to_date.minor);
    }
  _cbz_metrics_sort_by_currency (results);
  return results;
}

void
cbz_metrics_promises (const CbzMetricsPromise *promises,
                      gsize                    n_promises,
                      CbzDate                  from,
                      CbzDate                  to,
                      CbzPromiseFigures       *figures)
{
  g_return_if_fail (promises != NULL || n_promises == 0);
  g_return_if_fail (figures != NULL);

  memset (figures, 0, sizeof *figures);
  for (gsize i = 0; i < n_promises; i++)
    {
      const CbzMetricsPromise *promise = &promises[i];

      if ((cbz_date_is_set (from) && cbz_date_compare (promise->promised_on, from) < 0) ||
          (cbz_date_is_set (to) && cbz_date_compare (promise->promised_on, to) > 0))
        continue;
      switch (promise->status)
        {
        case CBZ_PROMISE_STATUS_KEPT:
          figures->n_kept++;
          break;
        case CBZ_PROMISE_STATUS_BROKEN:
          figures->n_broken++;
          break;
        case CBZ_PROMISE_STATUS_PENDING:
          figures->n_pending++;
          break;
        case CBZ_PROMISE_STATUS_CANCELLED:
          figures->n_cancelled++;
          break;
        default:
          break;
        }
    }
  figures->kept_rate = cbz_ratio_init (figures->n_kept, figures->n_kept + figures->n_broken);
}

void
cbz_metrics_agreements (const CbzAgreementState *states,
                        gsize                    n_states,
                        CbzAgreementFigures     *figures)
{
  g_return_if_fail (states != NULL || n_states == 0);
  g_return_if_fail (figures != NULL);

  memset (figures, 0, sizeof *figures);
  for (gsize i = 0; i < n_states; i++)
    {
      switch (states[i])
        {
        case CBZ_AGREEMENT_STATE_ON_TRACK:
          figures->n_on_track++;
          break;
        case CBZ_AGREEMENT_STATE_MISSED:
          figures->n_missed++;
          break;
        case CBZ_AGREEMENT_STATE_COMPLETED:
          figures->n_completed++;
          break;
        default:
          break;
        }
    }
  figures->on_track_rate = cbz_ratio_init (figures->n_on_track, figures->n_on_track + figures->n_missed);
}

static void
count_message (CbzChannelFigures *figures,
               CbzDeliveryState   state)
{
  figures->n_messages++;
  switch (state)
    {
    case CBZ_DELIVERY_STATE_DELIVERED:
    case CBZ_DELIVERY_STATE_READ:
      figures->n_delivered++;
      figures->n_attempted++;
      break;
    case CBZ_DELIVERY_STATE_FAILED:
      figures->n_failed++;
      figures->n_attempted++;
      break;
    case CBZ_DELIVERY_STATE_SENT:
    case CBZ_DELIVERY_STATE_UNKNOWN:
      figures->n_attempted++;
      break;
    case CBZ_DELIVERY_STATE_QUEUED:
    case CBZ_DELIVERY_STATE_SENDING:
      figures->n_pending++;
      break;
    case CBZ_DELIVERY_STATE_DRY_RUN:
    case CBZ_DELIVERY_STATE_BY_HAND:
    case CBZ_DELIVERY_STATE_NONE:
    default:
      figures->n_not_sent++;
      break;
    }
}

GArray *
cbz_metrics_messages (const CbzMetricsMessage *messages,
                      gsize                    n_messages)
{
  GArray *results = g_array_new (FALSE, TRUE, sizeof (CbzChannelFigures));
  g_autofree CbzChannelFigures *by_channel = NULL;
  guint n_channels = CBZ_EVENT_CHANNEL_IN_PERSON + 1;

  g_return_val_if_fail (messages != NULL || n_messages == 0, results);

  by_channel = g_new0 (CbzChannelFigures, n_channels);
  for (gsize i = 0; i < n_messages; i++)
    {
      guint channel = (guint) messages[i].channel;

      if (channel >= n_channels)
        continue;
      by_channel[channel].channel = messages[i].channel;
      count_message (&by_channel[channel], messages[i].state);
    }
  for (guint c = 0; c < n_channels; c++)
    {
      if (by_channel[c].n_messages == 0)
        continue;
      by_channel[c].delivery_rate = cbz_ratio_init (by_channel[c].n_delivered, by_channel[c].n_attempted);
      g_array_append_val (results, by_channel[c]);
    }
  return results;
}

void
cbz_metrics_nonpayment_reasons (const CbzNonpaymentReason *reasons,
                                gsize                      n_reasons,
                                guint                     *counts)
{
  g_return_if_fail (reasons != NULL || n_reasons == 0);
  g_return_if_fail (counts != NULL);

  memset (counts, 0, sizeof (guint) * CBZ_NONPAYMENT_REASON_N_VALUES);
  for (gsize i = 0; i < n_reasons; i++)
    if ((guint) reasons[i] < CBZ_NONPAYMENT_REASON_N_VALUES)
      counts[reasons[i]]++;
}
