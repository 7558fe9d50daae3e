/* cbz-payments.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

/*
 * Everything in core/payments/ (GLib only, no database): include this or
 * the one header needed.
 *
 *   cbz-allocation.h          a payment or credit applied to open invoices, and its undo
 *   cbz-promise-evaluation.h  a promise to pay: pending, kept or broken at an instant
 *   cbz-agreement.h           payment agreements: instalment plans and their standing
 *   cbz-interval.h            "1m", "15d", "7d": how far apart instalments fall
 *   cbz-local-day.h           the customer's calendar day in their time zone
 *   cbz-payment-method.h      transfer/SPEI, cash, card, cheque, deposit, other
 *   cbz-call-outcome.h        what came of a call
 *   cbz-dispute-reason.h      why an invoice is disputed
 *   cbz-dispute-resolution.h  how a dispute ended
 *   cbz-nonpayment-reason.h   why a customer has not paid
 *   cbz-amount.h              amounts typed on the command line
 *   cbz-bank-statement.h      bank statement CSV exports (cbz-bank-layout.h: which banks)
 *   cbz-match-index.h         open invoices indexed for matching
 *   cbz-bank-matcher.h        bank credits proposed against open invoices (cbz-match-rule.h)
 *   cbz-payments-error.h      the error domain
 */

#include "cbz-agreement.h"
#include "cbz-agreement-state.h"
#include "cbz-allocation.h"
#include "cbz-amount.h"
#include "cbz-bank-layout.h"
#include "cbz-bank-matcher.h"
#include "cbz-bank-statement.h"
#include "cbz-call-outcome.h"
#include "cbz-dispute-reason.h"
#include "cbz-dispute-resolution.h"
#include "cbz-instalment-state.h"
#include "cbz-interval.h"
#include "cbz-local-day.h"
#include "cbz-match-index.h"
#include "cbz-match-rule.h"
#include "cbz-nonpayment-reason.h"
#include "cbz-payment-method.h"
#include "cbz-payment-record.h"
#include "cbz-payments-error.h"
#include "cbz-promise-evaluation.h"
