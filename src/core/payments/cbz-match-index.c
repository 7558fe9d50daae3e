/* cbz-match-index.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cbz-bank-text-private.h"
#include "cbz-match-index-private.h"

/* Shorter numbers ("7", "12") turn up in every description. */
#define MIN_NUMBER_KEY 3
/* RUTs have 8 or 9 characters, RFCs 12 or 13, CUITs 11. */
#define MIN_TAX_ID_KEY 8

typedef struct
{
  gint64  balance;
  guint32 index;
  guint8  currency;
} AmountKey;

static guint32
add_string (CbzMatchIndex *index,
            const char    *text)
{
  gsize offset = index->strings->len;

  if (text == NULL || text[0] == '\0')
    return 0;
  g_return_val_if_fail (offset + strlen (text) < G_MAXUINT32, 0);
  g_string_append_len (index->strings, text, strlen (text) + 1);
  return (guint32) offset;
}

CbzMatchIndex *
cbz_match_index_new (void)
{
  CbzMatchIndex *index = g_new0 (CbzMatchIndex, 1);

  index->strings = g_string_sized_new (4096);
  g_string_append_len (index->strings, "", 1);
  index->customers = g_array_new (FALSE, TRUE, sizeof (CbzIndexCustomer));
  index->invoices = g_array_new (FALSE, TRUE, sizeof (CbzIndexInvoice));
  index->customer_ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  return index;
}

void
cbz_match_index_free (CbzMatchIndex *index)
{
  if (index == NULL)
    return;
  g_string_free (index->strings, TRUE);
  g_array_unref (index->customers);
  g_array_unref (index->invoices);
  g_clear_pointer (&index->customer_ids, g_hash_table_unref);
  g_free (index->by_amount);
  g_free (index->by_customer);
  g_free (index->by_number);
  g_free (index->by_tax_id);
  g_free (index->by_name);
  g_free (index);
}

static guint32
add_customer (CbzMatchIndex *index,
              gint64         customer_id,
              const char    *name,
              const char    *tax_id)
{
  CbzIndexCustomer customer = { 0 };
  g_autofree char *key = NULL;
  g_autoptr(GString) compact = g_string_sized_new (16);
  guint32 position = index->customers->len;

  customer.id = customer_id;
  if (name != NULL && name[0] != '\0')
    {
      key = _cbz_bank_name_key (name);
      customer.name = add_string (index, name);
      customer.name_key = add_string (index, key);
    }
  if (tax_id != NULL)
    {
      _cbz_bank_compact_into (tax_id, compact);
      if (compact->len >= MIN_TAX_ID_KEY && compact->len <= CBZ_BANK_TEXT_MAX_KEY)
        customer.tax_id = add_string (index, compact->str);
    }
  g_array_append_val (index->customers, customer);
  g_hash_table_insert (index->customer_ids, g_memdup2 (&customer_id, sizeof customer_id),
                       GUINT_TO_POINTER (position + 1));
  return position;
}

void
cbz_match_index_add_customer (CbzMatchIndex *index,
                              gint64         customer_id,
                              const char    *name,
                              const char    *tax_id)
{
  g_return_if_fail (index != NULL);
  g_return_if_fail (!index->built);

  if (g_hash_table_contains (index->customer_ids, &customer_id))
    return;
  add_customer (index, customer_id, name, tax_id);
}

static int
find_or_add_currency (CbzMatchIndex *index,
                      const char    *currency)
{
  for (guint i = 0; i < index->n_currencies; i++)
    if (g_ascii_strncasecmp (index->currencies[i], currency, 3) == 0)
      return (int) i;
  if (index->n_currencies == G_N_ELEMENTS (index->currencies))
    return -1;
  for (guint i = 0; i < 3; i++)
    index->currencies[index->n_currencies][i] = g_ascii_toupper (currency[i]);
  index->currencies[index->n_currencies][3] = '\0';
  return (int) index->n_currencies++;
}

void
cbz_match_index_add_invoice (CbzMatchIndex *index,
                             gint64         invoice_id,
                             gint64         customer_id,
                             const char    *number,
                             CbzMoney       balance,
                             CbzDate        due_date)
{
  CbzIndexInvoice invoice = { 0 };
  gpointer position;
  int currency;

  g_return_if_fail (index != NULL);
  g_return_if_fail (!index->built);

  if (balance.minor <= 0 || (currency = find_or_add_currency (index, balance.currency)) < 0)
    return;

  position = g_hash_table_lookup (index->customer_ids, &customer_id);
  invoice.customer = position != NULL ? GPOINTER_TO_UINT (position) - 1
                                      : add_customer (index, customer_id, NULL, NULL);
  invoice.id = invoice_id;
  invoice.balance = balance.minor;
  invoice.currency = (guint8) currency;
  invoice.due_date = due_date;
  invoice.number = add_string (index, number);
  g_array_append_val (index->invoices, invoice);
}

static int
compare_amount_key_cb (const void *a,
                       const void *b)
{
  const AmountKey *x = a;
  const AmountKey *y = b;

  if (x->currency != y->currency)
    return x->currency - y->currency;
  if (x->balance != y->balance)
    return x->balance < y->balance ? -1 : 1;
  return (x->index > y->index) - (x->index < y->index);
}

static int
compare_hash_cb (const void *a,
                 const void *b)
{
  const CbzIndexHash *x = a;
  const CbzIndexHash *y = b;

  if (x->hash != y->hash)
    return x->hash < y->hash ? -1 : 1;
  return (x->index > y->index) - (x->index < y->index);
}

static int
compare_due_cb (const void *a,
                const void *b,
                void       *user_data)
{
  const CbzMatchIndex *index = user_data;
  const CbzIndexInvoice *x = _cbz_match_index_invoice (index, *(const guint32 *) a);
  const CbzIndexInvoice *y = _cbz_match_index_invoice (index, *(const guint32 *) b);
  int by_date = cbz_date_compare (x->due_date, y->due_date);

  if (by_date != 0)
    return by_date;
  return (x->id > y->id) - (x->id < y->id);
}

static void
build_by_customer (CbzMatchIndex *index)
{
  guint n_invoices = index->invoices->len;
  guint n_customers = index->customers->len;
  g_autofree guint32 *next = g_new0 (guint32, MAX (n_customers, 1));
  guint32 start = 0;

  /* A counting sort by customer, then each customer's few invoices by date. */
  for (guint i = 0; i < n_invoices; i++)
    g_array_index (index->customers, CbzIndexCustomer,
                   _cbz_match_index_invoice (index, i)->customer).n_invoices++;
  for (guint c = 0; c < n_customers; c++)
    {
      CbzIndexCustomer *customer = &g_array_index (index->customers, CbzIndexCustomer, c);

      customer->first_invoice = start;
      next[c] = start;
      start += customer->n_invoices;
    }
  index->by_customer = g_new (guint32, MAX (n_invoices, 1));
  for (guint i = 0; i < n_invoices; i++)
    index->by_customer[next[_cbz_match_index_invoice (index, i)->customer]++] = i;
  for (guint c = 0; c < n_customers; c++)
    {
      const CbzIndexCustomer *customer = _cbz_match_index_customer (index, c);

      if (customer->n_invoices > 1)
        g_qsort_with_data (index->by_customer + customer->first_invoice,
                           (gint) customer->n_invoices, sizeof (guint32), compare_due_cb, index);
    }
}

static void
build_by_amount (CbzMatchIndex *index)
{
  guint n_invoices = index->invoices->len;
  g_autofree AmountKey *keys = g_new (AmountKey, MAX (n_invoices, 1));

  for (guint i = 0; i < n_invoices; i++)
    {
      const CbzIndexInvoice *invoice = _cbz_match_index_invoice (index, i);

      keys[i] = (AmountKey) { invoice->balance, i, invoice->currency };
    }
  qsort (keys, n_invoices, sizeof *keys, compare_amount_key_cb);
  index->by_amount = g_new (guint32, MAX (n_invoices, 1));
  for (guint i = 0; i < n_invoices; i++)
    index->by_amount[i] = keys[i].index;
}

static void
build_by_number (CbzMatchIndex *index)
{
  guint n_invoices = index->invoices->len;
  g_autoptr(GString) compact = g_string_sized_new (32);

  index->by_number = g_new (CbzIndexHash, MAX (n_invoices, 1));
  index->n_by_number = 0;
  for (guint i = 0; i < n_invoices; i++)
    {
      const CbzIndexInvoice *invoice = _cbz_match_index_invoice (index, i);

      g_string_truncate (compact, 0);
      _cbz_bank_compact_into (_cbz_match_index_string (index, invoice->number), compact);
      if (compact->len < MIN_NUMBER_KEY || compact->len > CBZ_BANK_TEXT_MAX_KEY)
        continue;
      index->by_number[index->n_by_number++] = (CbzIndexHash) {
        _cbz_hash64 (compact->str, compact->len), i
      };
    }
  qsort (index->by_number, index->n_by_number, sizeof (CbzIndexHash), compare_hash_cb);
}

static void
build_customer_hashes (CbzMatchIndex *index)
{
  guint n_customers = index->customers->len;

  index->by_tax_id = g_new (CbzIndexHash, MAX (n_customers, 1));
  index->by_name = g_new (CbzIndexHash, MAX (n_customers, 1));
  index->n_by_tax_id = index->n_by_name = 0;
  for (guint c = 0; c < n_customers; c++)
    {
      const CbzIndexCustomer *customer = _cbz_match_index_customer (index, c);

      if (customer->tax_id != 0)
        {
          const char *tax_id = _cbz_match_index_string (index, customer->tax_id);

          index->by_tax_id[index->n_by_tax_id++] = (CbzIndexHash) {
            _cbz_hash64 (tax_id, strlen (tax_id)), c
          };
        }
      if (customer->name_key != 0)
        {
          const char *key = _cbz_match_index_string (index, customer->name_key);

          index->by_name[index->n_by_name++] = (CbzIndexHash) { _cbz_hash64 (key, strlen (key)), c };
        }
    }
  qsort (index->by_tax_id, index->n_by_tax_id, sizeof (CbzIndexHash), compare_hash_cb);
  qsort (index->by_name, index->n_by_name, sizeof (CbzIndexHash), compare_hash_cb);
}

void
cbz_match_index_build (CbzMatchIndex *index)
{
  g_return_if_fail (index != NULL);
  g_return_if_fail (!index->built);

  g_clear_pointer (&index->customer_ids, g_hash_table_unref);
  build_by_customer (index);
  build_by_amount (index);
  build_by_number (index);
  build_customer_hashes (index);
  index->built = TRUE;
}

gboolean
cbz_match_index_is_built (const CbzMatchIndex *index)
{
  g_return_val_if_fail (index != NULL, FALSE);

  return index->built;
}

guint
cbz_match_index_get_n_invoices (const CbzMatchIndex *index)
{
  g_return_val_if_fail (index != NULL, 0);

  return index->invoices->len;
}

guint
cbz_match_index_get_n_customers (const CbzMatchIndex *index)
{
  g_return_val_if_fail (index != NULL, 0);

  return index->customers->len;
}

int
_cbz_match_index_find_currency (const CbzMatchIndex *index,
                                const char          *currency)
{
  for (guint i = 0; i < index->n_currencies; i++)
    if (g_ascii_strncasecmp (index->currencies[i], currency, 3) == 0)
      return (int) i;
  return -1;
}

/* The first position of by_amount whose (currency, balance) is not below. */
static guint
amount_lower_bound (const CbzMatchIndex *index,
                    int                  currency,
                    gint64               balance)
{
  guint lo = 0, hi = index->invoices->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const CbzIndexInvoice *invoice = _cbz_match_index_invoice (index, index->by_amount[mid]);

      if (invoice->currency < currency ||
          (invoice->currency == currency && invoice->balance < balance))
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

void
_cbz_match_index_amount_range (const CbzMatchIndex *index,
                               int                  currency,
                               gint64               min,
                               gint64               max,
                               guint               *first,
                               guint               *last)
{
  *first = amount_lower_bound (index, currency, min);
  *last = max == G_MAXINT64 ? amount_lower_bound (index, currency + 1, G_MININT64)
                            : amount_lower_bound (index, currency, max + 1);
}

void
_cbz_match_index_hash_range (const CbzIndexHash *table,
                             guint               n_table,
                             guint64             hash,
                             guint              *first,
                             guint              *last)
{
  guint lo = 0, hi = n_table;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (table[mid].hash < hash)
        lo = mid + 1;
      else
        hi = mid;
    }
  *first = lo;
  while (lo < n_table && table[lo].hash == hash)
    lo++;
  *last = lo;
}
