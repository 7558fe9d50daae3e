/* cbz-metrics-input.h
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
 * What the dashboard's figures are computed from: plain arrays the store
 * fills from its tables (on a worker thread), in any order. No figure ever
 * adds two currencies: every result is per currency.
 */

/* An invoice, open or not. */
typedef struct
{
  gint64   invoice_id;
  gint64   customer_id;
  CbzMoney amount;      /* as invoiced: what counts as a credit sale */
  CbzMoney balance;     /* still owed now (0 when paid or written off) */
  CbzDate  issue_date;  /* the sale's date; when unset, the due date stands in */
  CbzDate  due_date;
  gboolean disputed;    /* excluded from overdue and aging, shown apart */
} CbzMetricsInvoice;

/* Money received from a customer (a row of payments). */
typedef struct
{
  CbzDate  paid_on;
  CbzMoney amount;      /* > 0 */
} CbzMetricsPayment;

/* Anything that reduced what an invoice owes, on a date: a payment's
 * allocation, applied credit, a credit note, a write-off. With the
 * invoices, they give the receivables at any past date. */
typedef struct
{
  gint64   invoice_id;
  CbzDate  settled_on;
  CbzMoney amount;      /* > 0 */
} CbzMetricsSettlement;

G_END_DECLS
