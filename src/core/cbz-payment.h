/* cbz-payment.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A payment received; applied to one invoice, or to the debtor's account when
 * invoice_id is 0. Reference-counted plain struct. */
typedef struct
{
  gint64  id;
  gint64  debtor_id;
  gint64  invoice_id;   /* 0 = not tied to an invoice */
  char   *paid_on;      /* 'YYYY-MM-DD' */
  char   *currency;
  gint64  amount;       /* minor units, > 0 */
  char   *method;       /* nullable: 'transfer', 'cash', 'card', 'check', … */
  char   *reference;    /* nullable */
  gint64  created_at;
} CbzPayment;

#define CBZ_TYPE_PAYMENT (cbz_payment_get_type ())
GType        cbz_payment_get_type (void) G_GNUC_CONST;

CbzPayment  *cbz_payment_new      (void);
CbzPayment  *cbz_payment_ref      (CbzPayment *payment);
void         cbz_payment_unref    (CbzPayment *payment);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzPayment, cbz_payment_unref)

G_END_DECLS
