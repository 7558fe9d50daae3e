/* cbz-dispute.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cbz-invoice.h"
#include "payments/cbz-dispute-reason.h"
#include "payments/cbz-dispute-resolution.h"

G_BEGIN_DECLS

/*
 * An invoice the customer says is wrong (table disputes). While it is open
 * the invoice is 'disputed': owed, but neither overdue nor chased. It ends
 * upheld (the customer was right: a credit note may reduce the invoice) or
 * rejected (the invoice is owed again as before).
 *
 * A reference-counted plain struct: read the fields directly; strings are
 * owned by the struct.
 */
typedef struct
{
  gint64                id;
  gint64                invoice_id;
  gint64                debtor_id;
  char                 *invoice_number;   /* as the customer knows it */
  char                 *currency;         /* the invoice's */
  gint64                invoice_amount;   /* the invoice's amount, minor units */
  gint64                invoice_balance;  /* what it still owes now, minor units */
  CbzDisputeReason      reason;
  char                 *note;             /* nullable */
  gint64                opened_at;        /* µs since the epoch, UTC */
  char                 *recorded_by;      /* nullable */
  CbzInvoiceStatus      prior_status;     /* the invoice's status before it was disputed */
  gint64                resolved_at;      /* 0 while open */
  CbzDisputeResolution  resolution;       /* meaningful once resolved */
  gint64                credit;           /* what an upheld dispute took off the invoice */
  char                 *resolution_note;  /* nullable */
} CbzDispute;

#define CBZ_TYPE_DISPUTE (cbz_dispute_get_type ())
GType        cbz_dispute_get_type     (void) G_GNUC_CONST;

CbzDispute  *cbz_dispute_new          (void);
CbzDispute  *cbz_dispute_ref          (CbzDispute       *dispute);
void         cbz_dispute_unref        (CbzDispute       *dispute);

gboolean     cbz_dispute_is_open      (const CbzDispute *dispute);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzDispute, cbz_dispute_unref)

G_END_DECLS
