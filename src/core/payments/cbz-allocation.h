/* cbz-allocation.h
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
 * Applying money to a customer's open invoices.
 *
 * A payment goes to the invoices the person ticked, in the order given, and
 * (when asked, or when nothing was ticked) to the rest oldest due date first.
 * What is left over after every eligible invoice is paid becomes the
 * customer's credit, in the payment's currency; later, available credit is
 * applied the same way (cbz_allocation_new_for_credit). Automatic allocation
 * skips disputed invoices; an invoice the person ticks is paid even when
 * disputed (they chose it). Money never crosses currencies.
 *
 * The result is a plan: nothing changes until the store writes it. Its lines
 * are what the store records (one row per invoice touched); the same lines,
 * negated by cbz_allocation_invert(), are the exact undo. Invariants, for any
 * input: the lines' amounts plus @unapplied equal @total to the cent; no
 * balance goes below zero; a payment leaves credit only when every eligible
 * invoice is paid in full.
 *
 * The customer's credit is one number per currency (what earlier
 * overpayments left and credit allocations have not used yet); the store
 * keeps it, and cbz_allocation_apply() moves it along with the balances.
 */

/* One open invoice of the customer, as allocation needs it. */
typedef struct
{
  gint64      invoice_id;
  const char *number;    /* for error messages; may be NULL (the id is shown) */
  CbzDate     due_date;
  CbzMoney    balance;   /* what is still owed, >= 0 */
  gboolean    disputed;  /* skipped unless the person chose it */
} CbzAllocationInvoice;

typedef enum
{
  CBZ_ALLOCATION_SOURCE_PAYMENT,  /* new money: what is left over becomes credit */
  CBZ_ALLOCATION_SOURCE_CREDIT,   /* the customer's existing credit: what is left stays credit */
} CbzAllocationSource;

typedef enum
{
  CBZ_ALLOCATION_FLAGS_NONE        = 0,
  /* With chosen invoices: after them, pay the others oldest first. (With
   * none chosen, allocation is always oldest first.) */
  CBZ_ALLOCATION_FLAGS_THEN_OLDEST = 1 << 0,
} CbzAllocationFlags;

/* The money one invoice receives. For an inverted allocation (an undo)
 * @amount is negative and the balance goes back up. */
typedef struct
{
  gint64   invoice_id;
  CbzMoney amount;
  CbzMoney balance_before;
  CbzMoney balance_after;   /* balance_before - amount */
} CbzAllocationLine;

typedef struct
{
  CbzAllocationSource source;
  gboolean            inverted;       /* an undo made by cbz_allocation_invert() */
  CbzMoney            total;          /* the payment, or the credit available */
  CbzMoney            unapplied;      /* what no invoice took: the new credit (payment) or
                                       * the credit still left (credit) */
  CbzMoney            credit_change;  /* what happens to the customer's credit: +unapplied
                                       * for a payment, -(total - unapplied) for credit;
                                       * negated in an undo */
  guint               n_lines;
  CbzAllocationLine  *lines;          /* in the order the money was applied */
} CbzAllocation;

/*
 * Plans a payment of @payment (> 0) over @invoices (the customer's open
 * invoices, any order, any currencies: only those in @payment's currency are
 * eligible). @chosen_ids (may be NULL when @n_chosen is 0) are the invoices
 * the person ticked, paid first and in that order; each must be among
 * @invoices, in the payment's currency, and given once. Ties between equal
 * due dates go to the lower invoice id (the one imported first).
 */
CbzAllocation *cbz_allocation_new_for_payment (CbzMoney                    payment,
                                               const CbzAllocationInvoice *invoices,
                                               gsize                       n_invoices,
                                               const gint64               *chosen_ids,
                                               gsize                       n_chosen,
                                               CbzAllocationFlags          flags,
                                               GError                    **error);

/* Plans applying @credit (>= 0; 0 gives an allocation with no lines) to
 * @invoices oldest first, skipping disputed ones. */
CbzAllocation *cbz_allocation_new_for_credit  (CbzMoney                    credit,
                                               const CbzAllocationInvoice *invoices,
                                               gsize                       n_invoices,
                                               GError                    **error);

/* The exact undo of @allocation: the same lines with the amounts negated and
 * the balances swapped, and the credit change negated. Inverting twice gives
 * the original back. */
CbzAllocation *cbz_allocation_invert          (const CbzAllocation        *allocation);

CbzAllocation *cbz_allocation_copy            (const CbzAllocation        *allocation);
void           cbz_allocation_free            (CbzAllocation              *allocation);

/* The sum of the lines' amounts (negative for an undo). */
CbzMoney       cbz_allocation_get_applied     (const CbzAllocation        *allocation);

/*
 * Applies @allocation to @invoices (their balances) and to @credit (the
 * customer's credit in the allocation's currency): what the store does in
 * its transaction, for tests and previews. Checks everything first and
 * changes nothing on error: an invoice of a line missing from @invoices, a
 * balance or the credit that would go below zero (undoing a payment whose
 * credit has been used since, say), a currency that does not match.
 */
gboolean       cbz_allocation_apply           (const CbzAllocation        *allocation,
                                               CbzAllocationInvoice       *invoices,
                                               gsize                       n_invoices,
                                               CbzMoney                   *credit,
                                               GError                    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzAllocation, cbz_allocation_free)

G_END_DECLS
