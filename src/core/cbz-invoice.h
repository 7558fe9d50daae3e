/* cbz-invoice.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  CBZ_INVOICE_STATUS_OPEN,
  CBZ_INVOICE_STATUS_PARTIALLY_PAID,
  CBZ_INVOICE_STATUS_PAID,
  CBZ_INVOICE_STATUS_DISPUTED,
  CBZ_INVOICE_STATUS_WRITTEN_OFF,
} CbzInvoiceStatus;

#define CBZ_TYPE_INVOICE_STATUS (cbz_invoice_status_get_type ())
GType        cbz_invoice_status_get_type    (void) G_GNUC_CONST;

/* 'open', 'partially-paid', 'paid', 'disputed', 'written-off' (the sqlite values). */
const char  *cbz_invoice_status_to_string   (CbzInvoiceStatus  status);
gboolean     cbz_invoice_status_from_string (const char       *str,
                                             CbzInvoiceStatus *status);
/* For people: "Open", "Partially paid", … (translated). */
const char  *cbz_invoice_status_get_label   (CbzInvoiceStatus  status);

/*
 * One invoice. A reference-counted plain struct: read and fill the fields
 * directly. Money is in minor units of @currency (ISO 4217); dates are
 * 'YYYY-MM-DD'; instants are microseconds since the Unix epoch, UTC.
 */
typedef struct
{
  gint64            id;
  gint64            debtor_id;
  char             *number;
  char             *issue_date;     /* nullable */
  char             *due_date;
  char             *currency;
  gint64            amount;
  gint64            balance;
  CbzInvoiceStatus  status;
  char             *description;    /* nullable */
  gint64            created_at;
  gint64            updated_at;
  /* Filled by the store when reading: days past due_date as of the store's
   * today (0 when not yet due). */
  gint64            days_overdue;
} CbzInvoice;

#define CBZ_TYPE_INVOICE (cbz_invoice_get_type ())
GType        cbz_invoice_get_type (void) G_GNUC_CONST;

CbzInvoice  *cbz_invoice_new      (void);
CbzInvoice  *cbz_invoice_ref      (CbzInvoice *invoice);
void         cbz_invoice_unref    (CbzInvoice *invoice);
/* TRUE when some balance is still owed and the status counts as owed
 * (open, partially paid or disputed). */
gboolean     cbz_invoice_is_open  (const CbzInvoice *invoice);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzInvoice, cbz_invoice_unref)

G_END_DECLS
