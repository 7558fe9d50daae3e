/* cbz-payment-record.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cbz-date.h"
#include "cbz-money.h"

G_BEGIN_DECLS

/*
 * A payment received, as promises and agreements weigh it: a plain value
 * the store fills from a row of payments.
 */
typedef struct
{
  CbzDate  paid_on;      /* the day the money arrived (payments.paid_on) */
  gint64   recorded_at;  /* when it was entered (payments.created_at), µs since the
                          * epoch UTC; 0 when unknown: then it counts at any instant */
  CbzMoney amount;       /* > 0 */
} CbzPaymentRecord;

G_END_DECLS
