/* cbz-activity.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cbz-event.h"
#include "cbz-metrics-input.h"
#include "cbz-promise.h"
#include "metrics/cbz-ratio.h"
#include "payments/cbz-agreement-state.h"
#include "payments/cbz-nonpayment-reason.h"

G_BEGIN_DECLS

/*
 * What the collector's work gives: money collected, promises kept,
 * agreements on track, messages delivered, reasons heard. Formulas and
 * worked examples in docs/metrics.md.
 */

/* Money collected, per currency. */
typedef struct
{
  char     currency[4];
  CbzMoney this_month;          /* from the 1st of @as_of's month to @as_of */
  CbzMoney last_month;          /* the whole month before */
  CbzMoney last_month_to_date;  /* the month before, up to the same day (its last day
                                 * when shorter): what this month compares with */
  CbzRatio change;              /* (this_month - last_month_to_date) / last_month_to_date:
                                 * +0.25 is 25 % more; undefined when nothing came in then */
} CbzCollected;

/* (element-type CbzCollected) sorted by currency; payments dated after
 * @as_of are not counted. */
GArray *cbz_metrics_collected        (const CbzMetricsPayment *payments,
                                      gsize                    n_payments,
                                      CbzDate                  as_of);

/* A promise as the dashboard counts it. */
typedef struct
{
  CbzPromiseStatus status;
  CbzDate          promised_on;
} CbzMetricsPromise;

typedef struct
{
  guint    n_kept;
  guint    n_broken;
  guint    n_pending;
  guint    n_cancelled;
  CbzRatio kept_rate;  /* kept / (kept + broken): decided promises only */
} CbzPromiseFigures;

/* Promises whose date falls between @from and @to (either unset: no
 * bound). */
void    cbz_metrics_promises         (const CbzMetricsPromise *promises,
                                      gsize                    n_promises,
                                      CbzDate                  from,
                                      CbzDate                  to,
                                      CbzPromiseFigures       *figures);

typedef struct
{
  guint    n_on_track;
  guint    n_missed;
  guint    n_completed;
  CbzRatio on_track_rate;  /* on track / (on track + missed): running agreements */
} CbzAgreementFigures;

void    cbz_metrics_agreements       (const CbzAgreementState *states,
                                      gsize                    n_states,
                                      CbzAgreementFigures     *figures);

/* A reminder as sent (or not) on a channel. */
typedef struct
{
  CbzEventChannel  channel;
  CbzDeliveryState state;
} CbzMetricsMessage;

typedef struct
{
  CbzEventChannel channel;
  guint           n_messages;   /* all of them */
  guint           n_attempted;  /* handed to a provider: sent, delivered, read, failed, unknown */
  guint           n_delivered;  /* delivered or read */
  guint           n_failed;
  guint           n_pending;    /* queued or sending */
  guint           n_not_sent;   /* dry runs, and those sent by hand (no receipt can come back) */
  CbzRatio        delivery_rate;  /* delivered / attempted */
} CbzChannelFigures;

/* (element-type CbzChannelFigures) one per channel with messages, in the
 * order of CbzEventChannel. */
GArray *cbz_metrics_messages         (const CbzMetricsMessage *messages,
                                      gsize                    n_messages);

/* How many times each reason was given: @counts has
 * CBZ_NONPAYMENT_REASON_N_VALUES slots, indexed by reason. */
void    cbz_metrics_nonpayment_reasons (const CbzNonpaymentReason *reasons,
                                        gsize                      n_reasons,
                                        guint                     *counts);

G_END_DECLS
