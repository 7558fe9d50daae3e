/* cbz-agreement.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cbz-agreement-state.h"
#include "cbz-date.h"
#include "cbz-instalment-state.h"
#include "cbz-interval.h"
#include "cbz-money.h"
#include "cbz-payment-record.h"

G_BEGIN_DECLS

/*
 * Payment agreements (convenios de pago): a total split into instalments,
 * each with its date and amount, and where the agreement stands given the
 * payments made towards it.
 *
 * Planning: cbz_agreement_plan() splits a total into N equal instalments
 * from a first date, every interval (cbz_interval_nth_date() for the month
 * ends). Equal means the total divided by N in minor units, rounded down;
 * the cents left over go on the LAST instalment, so every instalment but the
 * last shows the same amount (1,000.00 in 3: 333.33, 333.33, 333.34). A
 * person may then edit dates and amounts one by one; cbz_agreement_check()
 * says whether the edited plan still adds up to the total, to the cent.
 *
 * Standing: payments made towards the agreement pay its instalments in date
 * order (the first unpaid one first). An instalment not paid in full becomes
 * late at the end of its day in the customer's time zone; a late payment
 * then pays it (and marks it paid late).
 */

#define CBZ_AGREEMENT_MAX_INSTALMENTS 120

typedef struct
{
  CbzDate  due_on;
  CbzMoney amount;  /* > 0 */
} CbzInstalment;

/* @n_instalments instalments (1..CBZ_AGREEMENT_MAX_INSTALMENTS) adding up to
 * @total, the first on @first. Returns a newly allocated array (g_free), or
 * NULL with @error when @total is not above zero, @first is not set, the
 * count is out of range, or @total has fewer minor units than instalments. */
CbzInstalment *cbz_agreement_plan  (CbzMoney              total,
                                    guint                 n_instalments,
                                    CbzDate               first,
                                    CbzInterval           every,
                                    GError              **error);

/* TRUE when @instalments (edited by a person) make a valid plan for
 * @total: a count in range, every amount above zero and in @total's
 * currency, dates set and in order (two on one day are allowed), and a sum
 * equal to @total. The error names the instalment, or the difference
 * ("… 0.01 less than the agreed total …"). */
gboolean       cbz_agreement_check (CbzMoney              total,
                                    const CbzInstalment  *instalments,
                                    guint                 n_instalments,
                                    GError              **error);

typedef struct
{
  CbzInstalmentState state;
  CbzMoney           paid;       /* what the payments gave this instalment */
  CbzMoney           remaining;  /* amount - paid */
  gint64             late_from;  /* the instant its day ends in the zone */
  CbzDate            paid_on;    /* the date of the payment that completed it (PAID only) */
  gboolean           paid_late;  /* PAID, by a payment dated after its day */
} CbzInstalmentStatus;

typedef struct
{
  CbzAgreementState    state;
  guint                n_instalments;
  guint                n_paid;
  guint                n_late;
  int                  next_unpaid;  /* index of the first instalment not paid in full, -1 when completed */
  CbzMoney             paid;         /* counted towards the agreement (never more than its total) */
  CbzMoney             remaining;    /* total - paid */
  CbzMoney             late_amount;  /* the remaining amounts of the late instalments */
  CbzInstalmentStatus *instalments;  /* n_instalments of them */
} CbzAgreementEvaluation;

/*
 * Where the agreement stands at @at (µs UTC) for a customer in @tz, given
 * the payments made towards it (in any order). A payment counts when it is
 * in the agreement's currency, dated on or before the customer's date at
 * @at, and entered by @at (or its entry time is unknown). What is paid
 * beyond the total is ignored here (allocation makes it credit).
 * @instalments must make a valid plan (cbz_agreement_check()); the error is
 * that check's.
 */
CbzAgreementEvaluation *cbz_agreement_evaluate (const CbzInstalment    *instalments,
                                                guint                   n_instalments,
                                                const CbzPaymentRecord *payments,
                                                gsize                   n_payments,
                                                GTimeZone              *tz,
                                                gint64                  at,
                                                GError                **error);
void                    cbz_agreement_evaluation_free (CbzAgreementEvaluation *evaluation);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzAgreementEvaluation, cbz_agreement_evaluation_free)

G_END_DECLS
