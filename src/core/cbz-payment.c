/* cbz-payment.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cbz-payment.h"

typedef struct
{
  CbzPayment      payment;
  gatomicrefcount ref_count;
} CbzPaymentPrivate;

G_DEFINE_BOXED_TYPE (CbzPayment, cbz_payment, cbz_payment_ref, cbz_payment_unref)

CbzPayment *
cbz_payment_new (void)
{
  CbzPaymentPrivate *priv = g_new0 (CbzPaymentPrivate, 1);

  g_atomic_ref_count_init (&priv->ref_count);
  return &priv->payment;
}

CbzPayment *
cbz_payment_ref (CbzPayment *payment)
{
  CbzPaymentPrivate *priv = (CbzPaymentPrivate *) payment;

  g_return_val_if_fail (payment != NULL, NULL);

  g_atomic_ref_count_inc (&priv->ref_count);
  return payment;
}

void
cbz_payment_unref (CbzPayment *payment)
{
  CbzPaymentPrivate *priv = (CbzPaymentPrivate *) payment;

  g_return_if_fail (payment != NULL);

  if (!g_atomic_ref_count_dec (&priv->ref_count))
    return;

  g_free (payment->paid_on);
  g_free (payment->currency);
  g_free (payment->method);
  g_free (payment->reference);
  g_free (priv);
}
