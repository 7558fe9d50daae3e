/* cbz-invoice.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-enum.h"
#include "cbz-invoice.h"

typedef struct
{
  CbzInvoice      invoice;
  gatomicrefcount ref_count;
} CbzInvoicePrivate;

G_DEFINE_ENUM_TYPE (CbzInvoiceStatus, cbz_invoice_status,
  G_DEFINE_ENUM_VALUE (CBZ_INVOICE_STATUS_OPEN, "open"),
  G_DEFINE_ENUM_VALUE (CBZ_INVOICE_STATUS_PARTIALLY_PAID, "partially-paid"),
  G_DEFINE_ENUM_VALUE (CBZ_INVOICE_STATUS_PAID, "paid"),
  G_DEFINE_ENUM_VALUE (CBZ_INVOICE_STATUS_DISPUTED, "disputed"),
  G_DEFINE_ENUM_VALUE (CBZ_INVOICE_STATUS_WRITTEN_OFF, "written-off"))

G_DEFINE_BOXED_TYPE (CbzInvoice, cbz_invoice, cbz_invoice_ref, cbz_invoice_unref)

/* For people; the string form (the sqlite value) is the enum's nick. */
static const char * const labels[] = {
  [CBZ_INVOICE_STATUS_OPEN] = N_("Open"),
  [CBZ_INVOICE_STATUS_PARTIALLY_PAID] = N_("Partially paid"),
  [CBZ_INVOICE_STATUS_PAID] = N_("Paid"),
  [CBZ_INVOICE_STATUS_DISPUTED] = N_("Disputed"),
  [CBZ_INVOICE_STATUS_WRITTEN_OFF] = N_("Written off"),
};

const char *
cbz_invoice_status_to_string (CbzInvoiceStatus status)
{
  return cbz_enum_to_nick (CBZ_TYPE_INVOICE_STATUS, status);
}

gboolean
cbz_invoice_status_from_string (const char       *str,
                                CbzInvoiceStatus *status)
{
  g_return_val_if_fail (status != NULL, FALSE);

  return cbz_enum_from_nick (CBZ_TYPE_INVOICE_STATUS, str, (int *) status);
}

const char *
cbz_invoice_status_get_label (CbzInvoiceStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (labels), NULL);

  return _(labels[status]);
}

CbzInvoice *
cbz_invoice_new (void)
{
  CbzInvoicePrivate *priv = g_new0 (CbzInvoicePrivate, 1);

  g_atomic_ref_count_init (&priv->ref_count);
  priv->invoice.status = CBZ_INVOICE_STATUS_OPEN;
  return &priv->invoice;
}

CbzInvoice *
cbz_invoice_ref (CbzInvoice *invoice)
{
  CbzInvoicePrivate *priv = (CbzInvoicePrivate *) invoice;

  g_return_val_if_fail (invoice != NULL, NULL);

  g_atomic_ref_count_inc (&priv->ref_count);
  return invoice;
}

void
cbz_invoice_unref (CbzInvoice *invoice)
{
  CbzInvoicePrivate *priv = (CbzInvoicePrivate *) invoice;

  g_return_if_fail (invoice != NULL);

  if (!g_atomic_ref_count_dec (&priv->ref_count))
    return;

  g_free (invoice->number);
  g_free (invoice->issue_date);
  g_free (invoice->due_date);
  g_free (invoice->currency);
  g_free (invoice->description);
  g_free (priv);
}

gboolean
cbz_invoice_is_open (const CbzInvoice *invoice)
{
  g_return_val_if_fail (invoice != NULL, FALSE);

  if (invoice->balance <= 0)
    return FALSE;

  switch (invoice->status)
    {
    case CBZ_INVOICE_STATUS_OPEN:
    case CBZ_INVOICE_STATUS_PARTIALLY_PAID:
    case CBZ_INVOICE_STATUS_DISPUTED:
      return TRUE;
    case CBZ_INVOICE_STATUS_PAID:
    case CBZ_INVOICE_STATUS_WRITTEN_OFF:
    default:
      return FALSE;
    }
}
