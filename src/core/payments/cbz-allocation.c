/* cbz-allocation.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "cbz-allocation.h"
#include "cbz-payments-error.h"

/* Invoices by id: a customer has a few invoices, but a bookkeeper's import
 * may give one thousands, and lookups must not be quadratic. */
typedef struct
{
  gint64 id;
  gsize  index;
} IdIndex;

static int
compare_id_index_cb (const void *a,
                     const void *b)
{
  const IdIndex *x = a;
  const IdIndex *y = b;

  return (x->id > y->id) - (x->id < y->id);
}

static IdIndex *
build_id_index (const CbzAllocationInvoice *invoices,
                gsize                       n_invoices)
{
  IdIndex *ids = g_new (IdIndex, MAX (n_invoices, 1));

  for (gsize i = 0; i < n_invoices; i++)
    ids[i] = (IdIndex) { invoices[i].invoice_id, i };
  qsort (ids, n_invoices, sizeof *ids, compare_id_index_cb);
  return ids;
}

static gssize
lookup_id (const IdIndex *ids,
           gsize          n_ids,
           gint64         id)
{
  IdIndex key = { id, 0 };
  const IdIndex *found = bsearch (&key, ids, n_ids, sizeof *ids, compare_id_index_cb);

  return found != NULL ? (gssize) found->index : -1;
}

static char *
describe_invoice (const CbzAllocationInvoice *invoice)
{
  if (invoice->number != NULL && invoice->number[0] != '\0')
    return g_strdup (invoice->number);
  return g_strdup_printf ("#%" G_GINT64_FORMAT, invoice->invoice_id);
}

static char *
format_money (CbzMoney money)
{
  return cbz_money_format_full (money, NULL, CBZ_MONEY_FORMAT_CODE);
}

typedef struct
{
  const CbzAllocationInvoice *invoices;
} OldestFirst;

static int
compare_oldest_first_cb (const void *a,
                         const void *b,
                         void       *user_data)
{
  const OldestFirst *data = user_data;
  const CbzAllocationInvoice *x = &data->invoices[*(const gsize *) a];
  const CbzAllocationInvoice *y = &data->invoices[*(const gsize *) b];
  int by_date = cbz_date_compare (x->due_date, y->due_date);

  if (by_date != 0)
    return by_date;
  return (x->invoice_id > y->invoice_id) - (x->invoice_id < y->invoice_id);
}

static CbzAllocation *
allocation_new (CbzAllocationSource source,
                CbzMoney            total,
                gsize               max_lines)
{
  CbzAllocation *allocation = g_new0 (CbzAllocation, 1);

  allocation->source = source;
  allocation->total = total;
  allocation->unapplied = total;
  allocation->credit_change = cbz_money_init (0, total.currency);
  allocation->lines = g_new0 (CbzAllocationLine, MAX (max_lines, 1));
  return allocation;
}

/* Gives @invoice what it owes, up to what is left. */
static void
pay_invoice (CbzAllocation              *allocation,
             const CbzAllocationInvoice *invoice)
{
  gint64 take = MIN (allocation->unapplied.minor, invoice->balance.minor);
  CbzAllocationLine *line;

  if (take <= 0)
    return;

  line = &allocation->lines[allocation->n_lines++];
  line->invoice_id = invoice->invoice_id;
  line->amount = cbz_money_init (take, invoice->balance.currency);
  line->balance_before = invoice->balance;
  line->balance_after = cbz_money_init (invoice->balance.minor - take, invoice->balance.currency);
  allocation->unapplied.minor -= take;
}

static void
pay_oldest_first (CbzAllocation              *allocation,
                  const CbzAllocationInvoice *invoices,
                  gsize                       n_invoices,
                  const gboolean             *already_paid)
{
  g_autofree gsize *order = g_new (gsize, MAX (n_invoices, 1));
  OldestFirst data = { invoices };
  gsize n_order = 0;

  for (gsize i = 0; i < n_invoices; i++)
    {
      const CbzAllocationInvoice *invoice = &invoices[i];

      if (invoice->disputed || invoice->balance.minor <= 0 ||
          !cbz_money_same_currency (invoice->balance, allocation->total) ||
          (already_paid != NULL && already_paid[i]))
        continue;
      order[n_order++] = i;
    }
  g_qsort_with_data (order, (gint) n_order, sizeof *order, compare_oldest_first_cb, &data);

  for (gsize i = 0; i < n_order && allocation->unapplied.minor > 0; i++)
    pay_invoice (allocation, &invoices[order[i]]);
}

CbzAllocation *
cbz_allocation_new_for_payment (CbzMoney                    payment,
                                const CbzAllocationInvoice *invoices,
                                gsize                       n_invoices,
                                const gint64               *chosen_ids,
                                gsize                       n_chosen,
                                CbzAllocationFlags          flags,
                                GError                    **error)
{
  g_autoptr(CbzAllocation) allocation = NULL;
  g_autofree IdIndex *ids = NULL;
  g_autofree gboolean *chosen = NULL;

  g_return_val_if_fail (invoices != NULL || n_invoices == 0, NULL);
  g_return_val_if_fail (chosen_ids != NULL || n_chosen == 0, NULL);

  if (payment.minor <= 0)
    {
      g_autofree char *text = format_money (payment);

      g_set_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_INVALID_AMOUNT,
                   _("A payment must be more than zero, not %s"), text);
      return NULL;
    }

  ids = build_id_index (invoices, n_invoices);
  chosen = g_new0 (gboolean, MAX (n_invoices, 1));

  /* Check every choice before planning anything. */
  for (gsize i = 0; i < n_chosen; i++)
    {
      gssize index = lookup_id (ids, n_invoices, chosen_ids[i]);
      g_autofree char *name = NULL;

      if (index < 0)
        {
          g_autofree char *id = g_strdup_printf ("#%" G_GINT64_FORMAT, chosen_ids[i]);

          g_set_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_UNKNOWN_INVOICE,
                       _("Invoice %s is not one of this customer’s open invoices"), id);
          return NULL;
        }
      name = describe_invoice (&invoices[index]);
      if (chosen[index])
        {
          g_set_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_DUPLICATE_INVOICE,
                       _("Invoice %s was chosen twice"), name);
          return NULL;
        }
      if (!cbz_money_same_currency (invoices[index].balance, payment))
        {
          g_set_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_CURRENCY_MISMATCH,
                       _("Invoice %s is in %s and the payment in %s: a payment only pays "
                         "invoices in its own currency"),
                       name, invoices[index].balance.currency, payment.currency);
          return NULL;
        }
      chosen[index] = TRUE;
    }

  allocation = allocation_new (CBZ_ALLOCATION_SOURCE_PAYMENT, payment, n_invoices);
  for (gsize i = 0; i < n_chosen && allocation->unapplied.minor > 0; i++)
    pay_invoice (allocation, &invoices[lookup_id (ids, n_invoices, chosen_ids[i])]);
  if (n_chosen == 0 || (flags & CBZ_ALLOCATION_FLAGS_THEN_OLDEST) != 0)
    pay_oldest_first (allocation, invoices, n_invoices, chosen);

  allocation->credit_change = allocation->unapplied;
  return g_steal_pointer (&allocation);
}

CbzAllocation *
cbz_allocation_new_for_credit (CbzMoney                    credit,
                               const CbzAllocationInvoice *invoices,
                               gsize                       n_invoices,
                               GError                    **error)
{
  CbzAllocation *allocation;

  g_return_val_if_fail (invoices != NULL || n_invoices == 0, NULL);

  if (credit.minor < 0)
    {
      g_autofree char *text = format_money (credit);

      g_set_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_INVALID_AMOUNT,
                   _("Credit to apply cannot be below zero, as %s is"), text);
      return NULL;
    }

  allocation = allocation_new (CBZ_ALLOCATION_SOURCE_CREDIT, credit, n_invoices);
  pay_oldest_first (allocation, invoices, n_invoices, NULL);
  allocation->credit_change = cbz_money_init (allocation->unapplied.minor - credit.minor,
                                              credit.currency);
  return allocation;
}

CbzAllocation *
cbz_allocation_copy (const CbzAllocation *allocation)
{
  CbzAllocation *copy;

  g_return_val_if_fail (allocation != NULL, NULL);

  copy = g_memdup2 (allocation, sizeof *allocation);
  copy->lines = g_memdup2 (allocation->lines, sizeof *allocation->lines * MAX (allocation->n_lines, 1));
  return copy;
}

CbzAllocation *
cbz_allocation_invert (const CbzAllocation *allocation)
{
  CbzAllocation *inverse;

  g_return_val_if_fail (allocation != NULL, NULL);

  inverse = cbz_allocation_copy (allocation);
  inverse->inverted = !allocation->inverted;
  inverse->credit_change = cbz_money_negate (allocation->credit_change);
  for (guint i = 0; i < inverse->n_lines; i++)
    {
      CbzAllocationLine *line = &inverse->lines[i];
      CbzMoney before = line->balance_before;

      line->amount = cbz_money_negate (line->amount);
      line->balance_before = line->balance_after;
      line->balance_after = before;
    }
  return inverse;
}

void
cbz_allocation_free (CbzAllocation *allocation)
{
  if (allocation == NULL)
    return;
  g_free (allocation->lines);
  g_free (allocation);
}

CbzMoney
cbz_allocation_get_applied (const CbzAllocation *allocation)
{
  gint64 sum = 0;

  g_return_val_if_fail (allocation != NULL, cbz_money_init (0, "XXX"));

  for (guint i = 0; i < allocation->n_lines; i++)
    sum += allocation->lines[i].amount.minor;
  return cbz_money_init (sum, allocation->total.currency);
}

static gboolean
check_credit (const CbzAllocation  *allocation,
              CbzMoney              credit,
              CbzMoney             *new_credit,
              GError              **error)
{
  if (credit.minor == 0)
    credit = cbz_money_init (0, allocation->total.currency);
  if (!cbz_money_same_currency (credit, allocation->total))
    {
      g_set_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_CURRENCY_MISMATCH,
                   _("The customer’s credit is in %s and this allocation in %s"),
                   credit.currency, allocation->total.currency);
      return FALSE;
    }
  if (!cbz_money_add (credit, allocation->credit_change, new_credit, NULL))
    {
      g_set_error_literal (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_OVERFLOW,
                           _("The customer’s credit would be too large to keep exactly"));
      return FALSE;
    }
  if (new_credit->minor < 0)
    {
      g_autofree char *have = format_money (credit);
      g_autofree char *need = format_money (cbz_money_negate (allocation->credit_change));

      if (allocation->inverted && allocation->source == CBZ_ALLOCATION_SOURCE_PAYMENT)
        g_set_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_WOULD_GO_NEGATIVE,
                     _("This payment left %s of credit and only %s is left: undo what used the "
                       "credit first"),
                     need, have);
      else
        g_set_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_WOULD_GO_NEGATIVE,
                     _("The customer has %s of credit, less than the %s this needs"),
                     have, need);
      return FALSE;
    }
  return TRUE;
}

gboolean
cbz_allocation_apply (const CbzAllocation  *allocation,
                      CbzAllocationInvoice *invoices,
                      gsize                 n_invoices,
                      CbzMoney             *credit,
                      GError              **error)
{
  g_autofree IdIndex *ids = NULL;
  g_autofree gint64 *balances = NULL;
  CbzMoney new_credit;

  g_return_val_if_fail (allocation != NULL, FALSE);
  g_return_val_if_fail (invoices != NULL || n_invoices == 0, FALSE);
  g_return_val_if_fail (credit != NULL, FALSE);

  if (!check_credit (allocation, *credit, &new_credit, error))
    return FALSE;

  ids = build_id_index (invoices, n_invoices);
  balances = g_new (gint64, MAX (n_invoices, 1));
  for (gsize i = 0; i < n_invoices; i++)
    balances[i] = invoices[i].balance.minor;

  for (guint i = 0; i < allocation->n_lines; i++)
    {
      const CbzAllocationLine *line = &allocation->lines[i];
      gssize index = lookup_id (ids, n_invoices, line->invoice_id);
      g_autofree char *name = NULL;

      if (index < 0)
        {
          g_autofree char *id = g_strdup_printf ("#%" G_GINT64_FORMAT, line->invoice_id);

          g_set_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_UNKNOWN_INVOICE,
                       _("Invoice %s is not one of this customer’s invoices"), id);
          return FALSE;
        }
      name = describe_invoice (&invoices[index]);
      if (!cbz_money_same_currency (invoices[index].balance, line->amount))
        {
          g_set_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_CURRENCY_MISMATCH,
                       _("Invoice %s is in %s and the payment in %s: a payment only pays "
                         "invoices in its own currency"),
                       name, invoices[index].balance.currency, line->amount.currency);
          return FALSE;
        }
      if (line->amount.minor > balances[index])
        {
          g_autofree char *owed = format_money (cbz_money_init (balances[index], line->amount.currency));
          g_autofree char *amount = format_money (line->amount);

          g_set_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_WOULD_GO_NEGATIVE,
                       _("Invoice %s owes %s, less than the %s this would apply to it"),
                       name, owed, amount);
          return FALSE;
        }
      if (line->amount.minor < 0 && balances[index] > G_MAXINT64 + line->amount.minor)
        {
          g_set_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_OVERFLOW,
                       _("The balance of invoice %s would be too large to keep exactly"), name);
          return FALSE;
        }
      balances[index] -= line->amount.minor;
    }

  for (gsize i = 0; i < n_invoices; i++)
    invoices[i].balance.minor = balances[i];
  *credit = new_credit;
  return TRUE;
}
