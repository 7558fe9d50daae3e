/* cbz-invoice-item.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cbz-invoice-item.h"

struct _CbzInvoiceItem
{
  GObject     parent_instance;

  CbzInvoice *invoice;
};

G_DEFINE_FINAL_TYPE (CbzInvoiceItem, cbz_invoice_item, G_TYPE_OBJECT)

static void
cbz_invoice_item_finalize (GObject *object)
{
  CbzInvoiceItem *self = CBZ_INVOICE_ITEM (object);

  g_clear_pointer (&self->invoice, cbz_invoice_unref);

  G_OBJECT_CLASS (cbz_invoice_item_parent_class)->finalize (object);
}

static void
cbz_invoice_item_class_init (CbzInvoiceItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cbz_invoice_item_finalize;
}

static void
cbz_invoice_item_init (CbzInvoiceItem *self)
{
}

CbzInvoiceItem *
cbz_invoice_item_new (CbzInvoice *invoice)
{
  CbzInvoiceItem *self;

  g_return_val_if_fail (invoice != NULL, NULL);

  self = g_object_new (CBZ_TYPE_INVOICE_ITEM, NULL);
  self->invoice = cbz_invoice_ref (invoice);
  return self;
}

CbzInvoice *
cbz_invoice_item_get_invoice (CbzInvoiceItem *self)
{
  g_return_val_if_fail (CBZ_IS_INVOICE_ITEM (self), NULL);

  return self->invoice;
}
