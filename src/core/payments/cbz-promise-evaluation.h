/* cbz-promise-evaluation.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cbz-date.h"
#include "cbz-money.h"
#include "cbz-promise.h"
#include "cbz-payment-record.h"

G_BEGIN_DECLS

/*
 * Whether a promise to pay was kept.
 *
 * A promise is open (CBZ_PROMISE_STATUS_PENDING) until the end of the
 * promised date on the customer's calendar, that is until the first instant
 * of the next day in the customer's time zone (not midnight UTC, not the
 * collector's midnight). From that instant on it is kept when the payments
 * made since the promise cover its amount, and broken otherwise, with the
 * shortfall. A promise covered early stays PENDING until its day ends (so the
 * decision happens once, on the day after), but @paid and @shortfall already
 * say so: the planner can stop reminding as soon as the shortfall is zero.
 *
 * "Payments since it was made": in the promise's currency, dated
 * (paid_on) from the customer's date when the promise was made up to the
 * promised date, and entered (recorded_at) no earlier than the promise, so a
 * payment entered that morning, before the call, does not count towards it.
 * Only payments entered by @at count: evaluating at an earlier instant gives
 * what was known then. A payment dated on time but entered late (a bank
 * statement imported two days after) turns a broken promise into a kept one
 * when evaluated again; whether to revisit decided promises is the store's
 * choice.
 *
 * The state depends on the zone given now: when the customer's zone is
 * edited (America/Mexico_City to America/Tijuana), an undecided promise is
 * decided at the new zone's midnight.
 */
typedef struct
{
  gint64   made_at;      /* when the customer promised, µs since the epoch UTC */
  CbzDate  promised_on;  /* the day they said they would pay by */
  CbzMoney amount;       /* > 0 */
} CbzPromiseTerms;

typedef struct
{
  CbzPromiseStatus status;      /* PENDING, KEPT or BROKEN (never CANCELLED) */
  CbzMoney         paid;        /* payments counted towards the promise */
  CbzMoney         shortfall;   /* amount - paid, never below zero */
  gint64           decides_at;  /* the instant the promised day ends in the zone */
} CbzPromiseEvaluation;

/* FALSE with @error for terms that cannot be a promise (no date, an amount
 * not above zero). Payments in other currencies are ignored. */
gboolean cbz_promise_evaluate (const CbzPromiseTerms  *terms,
                               const CbzPaymentRecord *payments,
                               gsize                   n_payments,
                               GTimeZone              *tz,
                               gint64                  at,
                               CbzPromiseEvaluation   *result,
                               GError                **error);

G_END_DECLS
