/* cbz-bank-combinations.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-bank-matcher-private.h"

/* A customer with more open invoices than this is searched among its
 * oldest ones only: customers pay the oldest first. */
#define MAX_SEARCHED 20
/* Steps of the search for one customer; past it, no combination is proposed. */
#define MAX_STEPS 200000
#define MAX_CUSTOMERS 8

typedef struct
{
  const gint64 *balances;
  guint         n;
  gint64        target;
  guint         steps;
  guint         found;
  guint         chosen[CBZ_MATCH_MAX_INVOICES];
  guint         n_chosen;
  guint         result[CBZ_MATCH_MAX_INVOICES];
  guint         n_result;
} Search;

/* Counts subsets of two or more (up to the first two) adding up to the
 * target, keeping the first in @result. @suffix[i] is the sum of the
 * balances from i on, to prune. */
static void
search_subsets (Search       *search,
                const gint64 *suffix,
                guint         start,
                gint64        remaining)
{
  if (remaining == 0)
    {
      if (search->n_chosen >= 2 && search->found++ == 0)
        {
          memcpy (search->result, search->chosen, sizeof search->chosen);
          search->n_result = search->n_chosen;
        }
      return;
    }
  for (guint i = start; i < search->n && search->found < 2; i++)
    {
      if (++search->steps > MAX_STEPS)
        {
          search->found = 2;
          return;
        }
      if (suffix[i] < remaining)
        return;
      if (search->balances[i] > remaining || search->n_chosen == CBZ_MATCH_MAX_INVOICES)
        continue;
      search->chosen[search->n_chosen++] = i;
      search_subsets (search, suffix, i + 1, remaining - search->balances[i]);
      search->n_chosen--;
    }
}

static gboolean
has_exact_single (CbzLineMatcher *matcher,
                  guint32         customer)
{
  for (guint i = 0; i < matcher->candidates->len; i++)
    {
      const CbzMatchCandidate *candidate = &g_array_index (matcher->candidates, CbzMatchCandidate, i);

      if (candidate->customer == customer && candidate->n_invoices == 1 &&
          candidate->invoiced == matcher->amount)
        return TRUE;
    }
  return FALSE;
}

static void
add_customer_combinations (CbzLineMatcher *matcher,
                           guint32         customer_index,
                           CbzMatchEvidence evidence)
{
  const CbzMatchIndex *index = matcher->index;
  const CbzIndexCustomer *customer = _cbz_match_index_customer (index, customer_index);
  guint32 invoices[MAX_SEARCHED];
  gint64 balances[MAX_SEARCHED];
  gint64 suffix[MAX_SEARCHED + 1];
  CbzMatchCandidate candidate = { 0 };
  Search search = { 0 };
  guint n = 0;
  gint64 sum = 0;

  if (has_exact_single (matcher, customer_index))
    return;

  for (guint i = 0; i < customer->n_invoices && n < MAX_SEARCHED; i++)
    {
      guint32 invoice_index = index->by_customer[customer->first_invoice + i];
      const CbzIndexInvoice *invoice = _cbz_match_index_invoice (index, invoice_index);

      if (invoice->currency != matcher->currency)
        continue;
      invoices[n] = invoice_index;
      balances[n++] = invoice->balance;
    }
  if (n < 2)
    return;

  candidate.rule = CBZ_MATCH_RULE_SEVERAL_INVOICES;
  candidate.evidence = evidence;
  candidate.customer = customer_index;
  candidate.invoiced = matcher->amount;

  /* The oldest invoices first: how most customers pay. */
  for (guint k = 0; k < n && k < CBZ_MATCH_MAX_INVOICES && sum < matcher->amount; k++)
    {
      sum += balances[k];
      if (sum == matcher->amount && k >= 1)
        {
          candidate.score = CBZ_SCORE_OLDEST_INVOICES;
          candidate.n_invoices = k + 1;
          memcpy (candidate.invoices, invoices, (k + 1) * sizeof invoices[0]);
          _cbz_line_matcher_add (matcher, &candidate);
          return;
        }
    }

  /* Otherwise any set of them, when exactly one adds up. */
  suffix[n] = 0;
  for (guint i = n; i-- > 0;)
    suffix[i] = suffix[i + 1] + balances[i];
  search.balances = balances;
  search.n = n;
  search.target = matcher->amount;
  search_subsets (&search, suffix, 0, matcher->amount);
  if (search.found != 1)
    return;

  candidate.score = CBZ_SCORE_ONLY_COMBINATION;
  candidate.n_invoices = search.n_result;
  for (guint i = 0; i < search.n_result; i++)
    candidate.invoices[i] = invoices[search.result[i]];
  _cbz_line_matcher_add (matcher, &candidate);
}

/* The invoices the text names, when they belong to one customer and add up. */
static void
add_named_invoices (CbzLineMatcher *matcher)
{
  const CbzMatchIndex *index = matcher->index;
  CbzMatchCandidate candidate = { 0 };
  guint32 customer = G_MAXUINT32;

  for (guint i = 0; i < matcher->named_invoices->len; i++)
    {
      guint32 invoice_index = g_array_index (matcher->named_invoices, guint32, i);
      const CbzIndexInvoice *invoice = _cbz_match_index_invoice (index, invoice_index);

      if (invoice->currency != matcher->currency)
        continue;
      if (customer != G_MAXUINT32 && invoice->customer != customer)
        return;
      if (candidate.n_invoices == CBZ_MATCH_MAX_INVOICES)
        return;
      customer = invoice->customer;
      candidate.invoices[candidate.n_invoices++] = invoice_index;
      candidate.invoiced += invoice->balance;
    }
  if (candidate.n_invoices < 2 || candidate.invoiced != matcher->amount)
    return;

  candidate.rule = CBZ_MATCH_RULE_SEVERAL_NUMBERS;
  candidate.evidence = CBZ_MATCH_EVIDENCE_NUMBER;
  candidate.score = CBZ_SCORE_SEVERAL_NUMBERS;
  candidate.customer = customer;
  _cbz_line_matcher_add (matcher, &candidate);
}

static guint
add_unique (guint32  *customers,
            guint     n,
            guint32   customer)
{
  for (guint i = 0; i < n; i++)
    if (customers[i] == customer)
      return n;
  if (n < MAX_CUSTOMERS)
    customers[n++] = customer;
  return n;
}

void
_cbz_line_matcher_add_combinations (CbzLineMatcher *matcher)
{
  guint32 customers[MAX_CUSTOMERS];
  CbzMatchEvidence evidence[MAX_CUSTOMERS];
  guint n = 0;

  add_named_invoices (matcher);

  /* The customers the text points to, the surest evidence first. */
  for (guint i = 0; i < matcher->tax_id_customers->len; i++)
    {
      guint before = n;

      n = add_unique (customers, n, g_array_index (matcher->tax_id_customers, guint32, i));
      if (n > before)
        evidence[before] = CBZ_MATCH_EVIDENCE_TAX_ID;
    }
  for (guint i = 0; i < matcher->named_invoices->len; i++)
    {
      guint32 invoice_index = g_array_index (matcher->named_invoices, guint32, i);
      guint before = n;

      n = add_unique (customers, n, _cbz_match_index_invoice (matcher->index, invoice_index)->customer);
      if (n > before)
        evidence[before] = CBZ_MATCH_EVIDENCE_NUMBER;
    }
  for (guint i = 0; i < matcher->name_customers->len; i++)
    {
      guint before = n;

      n = add_unique (customers, n, g_array_index (matcher->name_customers, guint32, i));
      if (n > before)
        evidence[before] = CBZ_MATCH_EVIDENCE_NAME;
    }

  for (guint i = 0; i < n; i++)
    add_customer_combinations (matcher, customers[i], evidence[i]);
}
