/* cbz-letter.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-letter.h"

G_DEFINE_QUARK (cbz-letter-error-quark, cbz_letter_error)

G_DEFINE_BOXED_TYPE (CbzLetter, cbz_letter, cbz_letter_copy, cbz_letter_free)

static void
letter_invoice_free (CbzLetterInvoice *invoice)
{
  g_free (invoice->number);
  g_free (invoice);
}

CbzLetter *
cbz_letter_new (void)
{
  CbzLetter *self = g_new0 (CbzLetter, 1);

  self->language = g_strdup ("es");
  self->currency = g_strdup ("MXN");
  self->level = CBZ_LETTER_LEVEL_REMINDER;
  self->date = cbz_date_today ();
  self->invoices = g_ptr_array_new_with_free_func ((GDestroyNotify) letter_invoice_free);
  return self;
}

CbzLetter *
cbz_letter_copy (const CbzLetter *self)
{
  CbzLetter *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = cbz_letter_new ();
  copy->debtor_id = self->debtor_id;
  copy->name = g_strdup (self->name);
  copy->contact_person = g_strdup (self->contact_person);
  copy->tax_id = g_strdup (self->tax_id);
  copy->tax_id_kind = g_strdup (self->tax_id_kind);
  copy->address = g_strdup (self->address);
  copy->city = g_strdup (self->city);
  copy->region = g_strdup (self->region);
  copy->postal_code = g_strdup (self->postal_code);
  copy->country = g_strdup (self->country);
  g_free (copy->language);
  copy->language = g_strdup (self->language);
  g_free (copy->currency);
  copy->currency = g_strdup (self->currency);
  copy->date = self->date;
  copy->level = self->level;
  for (guint i = 0; i < self->invoices->len; i++)
    {
      const CbzLetterInvoice *inv = g_ptr_array_index (self->invoices, i);
      CbzLetterInvoice *c = cbz_letter_add_invoice (copy, inv->number, inv->issue_date,
                                                    inv->due_date, inv->balance);

      c->invoice_id = inv->invoice_id;
      c->days_overdue = inv->days_overdue;
    }
  return copy;
}

void
cbz_letter_free (CbzLetter *self)
{
  if (self == NULL)
    return;

  g_free (self->name);
  g_free (self->contact_person);
  g_free (self->tax_id);
  g_free (self->tax_id_kind);
  g_free (self->address);
  g_free (self->city);
  g_free (self->region);
  g_free (self->postal_code);
  g_free (self->country);
  g_free (self->language);
  g_free (self->currency);
  g_ptr_array_unref (self->invoices);
  g_free (self);
}

/**
 * cbz_letter_add_invoice:
 *
 * Appends an invoice; its days overdue are computed against the letter's
 * date (set the date first).
 *
 * Returns: (transfer none): the new row, to adjust further.
 */
CbzLetterInvoice *
cbz_letter_add_invoice (CbzLetter  *self,
                        const char *number,
                        CbzDate     issue_date,
                        CbzDate     due_date,
                        gint64      balance)
{
  CbzLetterInvoice *inv;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (number != NULL, NULL);

  inv = g_new0 (CbzLetterInvoice, 1);
  inv->number = g_strdup (number);
  inv->issue_date = issue_date;
  inv->due_date = due_date;
  inv->balance = balance;
  inv->days_overdue = cbz_date_days_overdue (due_date, self->date);
  g_ptr_array_add (self->invoices, inv);
  return inv;
}

gint64
cbz_letter_get_overdue_total (const CbzLetter *self)
{
  gint64 total = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->invoices->len; i++)
    total += ((CbzLetterInvoice *) g_ptr_array_index (self->invoices, i))->balance;
  return total;
}

const char *
cbz_letter_get_language (const CbzLetter *self)
{
  g_return_val_if_fail (self != NULL, "es");

  if (self->language != NULL && g_ascii_strncasecmp (self->language, "en", 2) == 0)
    return "en";
  return "es";
}

/**
 * cbz_letter_new_from_store:
 *
 * Returns: (transfer full) (nullable): the letter, or %NULL with
 *   %CBZ_LETTER_ERROR_NOTHING_OVERDUE, %CBZ_LETTER_ERROR_OPTED_OUT or a store
 *   error.
 */
CbzLetter *
cbz_letter_new_from_store (CbzStore        *store,
                           gint64           debtor_id,
                           CbzLetterLevel   level,
                           const char      *language,
                           int              min_days_overdue,
                           GError         **error)
{
  g_autoptr(CbzDebtor) debtor = NULL;
  g_autoptr(GPtrArray) invoices = NULL;
  g_autoptr(CbzLetter) letter = NULL;
  CbzDate today;

  g_return_val_if_fail (CBZ_IS_STORE (store), NULL);
  g_return_val_if_fail (level >= CBZ_LETTER_LEVEL_REMINDER && level <= CBZ_LETTER_LEVEL_FINAL, NULL);

  debtor = cbz_store_get_debtor (store, debtor_id, error);
  if (debtor == NULL)
    return NULL;

  if (debtor->opt_out_letter)
    {
      g_set_error (error, CBZ_LETTER_ERROR, CBZ_LETTER_ERROR_OPTED_OUT,
                   _("%s asked not to receive letters"), debtor->name);
      return NULL;
    }

  invoices = cbz_store_list_invoices (store, debtor_id, TRUE, error);
  if (invoices == NULL)
    return NULL;

  if (!cbz_date_from_iso (cbz_store_get_today (store), &today))
    today = cbz_date_today ();

  letter = cbz_letter_new ();
  letter->debtor_id = debtor->id;
  letter->name = g_strdup (debtor->name);
  letter->contact_person = g_strdup (debtor->contact_person);
  letter->tax_id = g_strdup (debtor->tax_id);
  letter->tax_id_kind = g_strdup (debtor->tax_id_kind);
  letter->address = g_strdup (debtor->address);
  letter->city = g_strdup (debtor->city);
  letter->region = g_strdup (debtor->region);
  letter->postal_code = g_strdup (debtor->postal_code);
  letter->country = g_strdup (debtor->country);
  g_free (letter->language);
  letter->language = g_strdup (language != NULL ? language : debtor->language);
  g_free (letter->currency);
  letter->currency = g_strdup (debtor->currency != NULL ? debtor->currency : "MXN");
  letter->date = today;
  letter->level = level;

  for (guint i = 0; i < invoices->len; i++)
    {
      CbzInvoice *inv = g_ptr_array_index (invoices, i);
      CbzLetterInvoice *row;
      CbzDate issue = { 0, }, due;
      int days;

      /* A disputed invoice is not chased until the dispute is resolved, and
       * one letter states one currency's figures. */
      if (inv->status == CBZ_INVOICE_STATUS_DISPUTED || inv->balance <= 0 ||
          g_strcmp0 (inv->currency, letter->currency) != 0 ||
          !cbz_date_from_iso (inv->due_date, &due))
        continue;
      days = cbz_date_days_overdue (due, today);
      if (days <= 0 || days < min_days_overdue)
        continue;
      if (inv->issue_date != NULL)
        cbz_date_from_iso (inv->issue_date, &issue);

      row = cbz_letter_add_invoice (letter, inv->number, issue, due, inv->balance);
      row->invoice_id = inv->id;
    }

  if (letter->invoices->len == 0)
    {
      g_set_error (error, CBZ_LETTER_ERROR, CBZ_LETTER_ERROR_NOTHING_OVERDUE,
                   _("%s has no overdue invoices in %s to write about"),
                   debtor->name, letter->currency);
      return NULL;
    }

  return g_steal_pointer (&letter);
}
