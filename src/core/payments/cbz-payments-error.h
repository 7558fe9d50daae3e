/* cbz-payments-error.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The errors of the collector's daily work (core/payments/): allocating a
 * payment, undoing it, promises, payment agreements, the codes typed on the
 * command line and amounts. Every message is a whole sentence for a person,
 * naming the value, the invoice or the instalment concerned. Bank statements
 * have their own domain (CBZ_BANK_STATEMENT_ERROR).
 */
#define CBZ_PAYMENTS_ERROR (cbz_payments_error_quark ())

typedef enum
{
  CBZ_PAYMENTS_ERROR_INVALID_AMOUNT,     /* not an amount, zero or negative where it must be more */
  CBZ_PAYMENTS_ERROR_CURRENCY_MISMATCH,  /* money of two currencies in one operation */
  CBZ_PAYMENTS_ERROR_UNKNOWN_INVOICE,    /* a chosen invoice is not among the customer's open ones */
  CBZ_PAYMENTS_ERROR_DUPLICATE_INVOICE,  /* the same invoice chosen twice */
  CBZ_PAYMENTS_ERROR_WOULD_GO_NEGATIVE,  /* applying (or undoing) would leave a balance or a credit below zero */
  CBZ_PAYMENTS_ERROR_INVALID_TIME_ZONE,  /* not an IANA time zone this system knows */
  CBZ_PAYMENTS_ERROR_INVALID_DATE,       /* a date missing or out of order */
  CBZ_PAYMENTS_ERROR_INVALID_INTERVAL,   /* not "1m", "15d", "7d"… */
  CBZ_PAYMENTS_ERROR_INVALID_COUNT,      /* instalments out of range */
  CBZ_PAYMENTS_ERROR_SUM_MISMATCH,       /* instalments do not add up to the agreed total */
  CBZ_PAYMENTS_ERROR_INVALID_CODE,       /* not a payment method, call outcome, reason… */
  CBZ_PAYMENTS_ERROR_OVERFLOW,           /* amounts too large to add up exactly */
} CbzPaymentsError;

GQuark cbz_payments_error_quark (void);

G_END_DECLS
