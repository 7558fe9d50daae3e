/* cbz-invoice-item.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cbz-invoice.h"

G_BEGIN_DECLS

/* A CbzInvoice (a boxed struct) wrapped as a GObject, for GListModels. */
#define CBZ_TYPE_INVOICE_ITEM (cbz_invoice_item_get_type ())

G_DECLARE_FINAL_TYPE (CbzInvoiceItem, cbz_invoice_item, CBZ, INVOICE_ITEM, GObject)

CbzInvoiceItem *cbz_invoice_item_new         (CbzInvoice     *invoice);
CbzInvoice     *cbz_invoice_item_get_invoice (CbzInvoiceItem *self);

G_END_DECLS
