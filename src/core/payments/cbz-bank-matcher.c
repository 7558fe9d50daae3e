/* cbz-bank-matcher.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "cbz-bank-matcher-private.h"

/* An amount shared by more invoices than this says nothing by itself:
 * only the text (number, tax ID, name) can pick among them. */
#define SMALL_BUCKET 64
#define MAX_ALTERNATIVES 5
#define MAX_NAME_WORDS 6
#define CANCEL_CHECK_EVERY 256

/* What the matcher knows of one line between the two passes. */
typedef struct
{
  GArray *candidates;  /* CbzMatchCandidate, best first */
  int     chosen;      /* index into candidates, or -1 */
} LineState;

static void
line_matcher_init (CbzLineMatcher      *matcher,
                   const CbzMatchIndex *index)
{
  matcher->index = index;
  _cbz_bank_text_init (&matcher->text);
  matcher->scratch = g_string_sized_new (64);
  matcher->named_invoices = g_array_new (FALSE, FALSE, sizeof (guint32));
  matcher->tax_id_customers = g_array_new (FALSE, FALSE, sizeof (guint32));
  matcher->name_customers = g_array_new (FALSE, FALSE, sizeof (guint32));
}

static void
line_matcher_clear (CbzLineMatcher *matcher)
{
  _cbz_bank_text_clear (&matcher->text);
  g_string_free (matcher->scratch, TRUE);
  g_array_unref (matcher->named_invoices);
  g_array_unref (matcher->tax_id_customers);
  g_array_unref (matcher->name_customers);
}

static void
append_unique (GArray  *array,
               guint32  value)
{
  for (guint i = 0; i < array->len; i++)
    if (g_array_index (array, guint32, i) == value)
      return;
  g_array_append_val (array, value);
}

static gboolean
same_invoices (const CbzMatchCandidate *a,
               const CbzMatchCandidate *b)
{
  return a->n_invoices == b->n_invoices &&
         memcmp (a->invoices, b->invoices, a->n_invoices * sizeof a->invoices[0]) == 0;
}

static gboolean
is_older (const CbzMatchIndex *index,
          guint32              a,
          guint32              b)
{
  const CbzIndexInvoice *x = _cbz_match_index_invoice (index, a);
  const CbzIndexInvoice *y = _cbz_match_index_invoice (index, b);
  int by_date = cbz_date_compare (x->due_date, y->due_date);

  return by_date < 0 || (by_date == 0 && x->id < y->id);
}

void
_cbz_line_matcher_add (CbzLineMatcher          *matcher,
                       const CbzMatchCandidate *candidate)
{
  CbzMatchCandidate sorted = *candidate;

  /* Oldest first, so that equal sets compare equal. */
  for (guint i = 1; i < sorted.n_invoices; i++)
    for (guint j = i; j > 0 && is_older (matcher->index, sorted.invoices[j], sorted.invoices[j - 1]); j--)
      {
        guint32 swap = sorted.invoices[j];

        sorted.invoices[j] = sorted.invoices[j - 1];
        sorted.invoices[j - 1] = swap;
      }

  for (guint i = 0; i < matcher->candidates->len; i++)
    {
      CbzMatchCandidate *existing = &g_array_index (matcher->candidates, CbzMatchCandidate, i);

      if (same_invoices (existing, &sorted))
        {
          if (sorted.score > existing->score)
            *existing = sorted;
          return;
        }
    }
  g_array_append_val (matcher->candidates, sorted);
}

static void
add_single (CbzLineMatcher   *matcher,
            guint32           invoice_index,
            CbzMatchEvidence  evidence)
{
  const CbzIndexInvoice *invoice = _cbz_match_index_invoice (matcher->index, invoice_index);
  CbzMatchCandidate candidate = { 0 };
  gint64 difference;

  if (invoice->currency != matcher->currency)
    return;
  difference = matcher->amount - invoice->balance;
  if (ABS (difference) > matcher->tolerance)
    return;

  candidate.evidence = evidence;
  candidate.customer = invoice->customer;
  candidate.n_invoices = 1;
  candidate.invoices[0] = invoice_index;
  candidate.invoiced = invoice->balance;
  if (difference == 0)
    {
      static const struct { CbzMatchRule rule; guint score; } exact[] = {
        [CBZ_MATCH_EVIDENCE_NONE] = { CBZ_MATCH_RULE_AMOUNT_ONLY, CBZ_SCORE_AMOUNT_ONLY },
        [CBZ_MATCH_EVIDENCE_NUMBER] = { CBZ_MATCH_RULE_INVOICE_NUMBER, CBZ_SCORE_INVOICE_NUMBER },
        [CBZ_MATCH_EVIDENCE_TAX_ID] = { CBZ_MATCH_RULE_TAX_ID, CBZ_SCORE_TAX_ID },
        [CBZ_MATCH_EVIDENCE_NAME] = { CBZ_MATCH_RULE_NAME, CBZ_SCORE_NAME },
      };

      candidate.rule = exact[evidence].rule;
      candidate.score = exact[evidence].score;
    }
  else
    {
      static const guint rounding[] = {
        [CBZ_MATCH_EVIDENCE_NONE] = 0,
        [CBZ_MATCH_EVIDENCE_NUMBER] = CBZ_SCORE_ROUNDING_NUMBER,
        [CBZ_MATCH_EVIDENCE_TAX_ID] = CBZ_SCORE_ROUNDING_TAX_ID,
        [CBZ_MATCH_EVIDENCE_NAME] = CBZ_SCORE_ROUNDING_NAME,
      };

      if (evidence == CBZ_MATCH_EVIDENCE_NONE)
        return;
      candidate.rule = CBZ_MATCH_RULE_ROUNDING;
      candidate.score = rounding[evidence];
    }
  _cbz_line_matcher_add (matcher, &candidate);
}

static void
add_customer_invoices (CbzLineMatcher   *matcher,
                       guint32           customer_index,
                       CbzMatchEvidence  evidence)
{
  const CbzIndexCustomer *customer = _cbz_match_index_customer (matcher->index, customer_index);

  for (guint i = 0; i < customer->n_invoices; i++)
    add_single (matcher, matcher->index->by_customer[customer->first_invoice + i], evidence);
}

/* Every stretch of the compact text between two word boundaries that is an
 * invoice number or a tax ID in the index. */
static void
find_keys (CbzLineMatcher *matcher)
{
  const CbzMatchIndex *index = matcher->index;
  const char *compact = matcher->text.compact->str;
  gsize length = matcher->text.compact->len;

  for (gsize start = 0; start < length; start++)
    {
      guint64 hash = CBZ_HASH64_INIT;

      if (!_cbz_bank_text_is_boundary (&matcher->text, start))
        continue;
      for (gsize end = start + 1; end <= length && end - start <= CBZ_BANK_TEXT_MAX_KEY; end++)
        {
          guint first, last;

          hash = _cbz_hash64_step (hash, (guchar) compact[end - 1]);
          if (!_cbz_bank_text_is_boundary (&matcher->text, end))
            continue;

          _cbz_match_index_hash_range (index->by_number, index->n_by_number, hash, &first, &last);
          for (guint i = first; i < last; i++)
            {
              guint32 invoice_index = index->by_number[i].index;
              const CbzIndexInvoice *invoice = _cbz_match_index_invoice (index, invoice_index);

              g_string_truncate (matcher->scratch, 0);
              _cbz_bank_compact_into (_cbz_match_index_string (index, invoice->number), matcher->scratch);
              if (matcher->scratch->len == end - start &&
                  memcmp (matcher->scratch->str, compact + start, end - start) == 0)
                append_unique (matcher->named_invoices, invoice_index);
            }

          _cbz_match_index_hash_range (index->by_tax_id, index->n_by_tax_id, hash, &first, &last);
          for (guint i = first; i < last; i++)
            {
              guint32 customer_index = index->by_tax_id[i].index;
              const char *tax_id = _cbz_match_index_string (index,
                                                            _cbz_match_index_customer (index, customer_index)->tax_id);

              if (strlen (tax_id) == end - start && memcmp (tax_id, compact + start, end - start) == 0)
                append_unique (matcher->tax_id_customers, customer_index);
            }
        }
    }
}

/* Runs of up to MAX_NAME_WORDS words of the text that are a customer's
 * name key, once legal forms and articles are left out of both ("BAJIO SAPI
 * DE CV" and "del Bajío, S.A.P.I. de C.V." are both "bajio"). */
static void
find_names (CbzLineMatcher *matcher)
{
  const CbzMatchIndex *index = matcher->index;
  GPtrArray *words = matcher->text.key_words;

  for (guint i = 0; i < words->len; i++)
    {
      guint64 hash = CBZ_HASH64_INIT;

      g_string_truncate (matcher->scratch, 0);
      for (guint j = i; j < words->len && j < i + MAX_NAME_WORDS; j++)
        {
          const char *word = g_ptr_array_index (words, j);
          guint first, last;

          if (j > i)
            {
              hash = _cbz_hash64_step (hash, ' ');
              g_string_append_c (matcher->scratch, ' ');
            }
          for (const char *p = word; *p != '\0'; p++)
            hash = _cbz_hash64_step (hash, (guchar) *p);
          g_string_append (matcher->scratch, word);

          _cbz_match_index_hash_range (index->by_name, index->n_by_name, hash, &first, &last);
          for (guint k = first; k < last; k++)
            {
              guint32 customer_index = index->by_name[k].index;
              const char *key = _cbz_match_index_string (index,
                                                         _cbz_match_index_customer (index, customer_index)->name_key);

              if (g_str_equal (key, matcher->scratch->str))
                append_unique (matcher->name_customers, customer_index);
            }
        }
    }
}

/* Invoices close to the amount when there are few of them: their
 * customers' names are checked one by one, cut-off words and all. */
static void
scan_small_bucket (CbzLineMatcher *matcher)
{
  const CbzMatchIndex *index = matcher->index;
  guint first, last, exact_first, exact_last;

  _cbz_match_index_amount_range (index, matcher->currency, matcher->amount - matcher->tolerance,
                                 matcher->amount + matcher->tolerance, &first, &last);
  if (last - first <= SMALL_BUCKET)
    {
      for (guint i = first; i < last; i++)
        {
          const CbzIndexInvoice *invoice = _cbz_match_index_invoice (index, index->by_amount[i]);
          const CbzIndexCustomer *customer = _cbz_match_index_customer (index, invoice->customer);

          if (customer->name_key != 0 &&
              _cbz_bank_text_has_name (&matcher->text,
                                       _cbz_match_index_string (index, customer->name_key)))
            add_single (matcher, index->by_amount[i], CBZ_MATCH_EVIDENCE_NAME);
        }
    }

  if (matcher->candidates->len > 0)
    return;
  _cbz_match_index_amount_range (index, matcher->currency, matcher->amount, matcher->amount,
                                 &exact_first, &exact_last);
  if (exact_last - exact_first == 1)
    add_single (matcher, index->by_amount[exact_first], CBZ_MATCH_EVIDENCE_NONE);
}

static int
compare_candidates_cb (const void *a,
                       const void *b,
                       void       *user_data)
{
  const CbzLineMatcher *matcher = user_data;
  const CbzMatchCandidate *x = a;
  const CbzMatchCandidate *y = b;
  const CbzIndexInvoice *xi, *yi;
  gint64 dx, dy;
  int by_date;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  dx = ABS (matcher->amount - x->invoiced);
  dy = ABS (matcher->amount - y->invoiced);
  if (dx != dy)
    return dx < dy ? -1 : 1;
  xi = _cbz_match_index_invoice (matcher->index, x->invoices[0]);
  yi = _cbz_match_index_invoice (matcher->index, y->invoices[0]);
  by_date = cbz_date_compare (xi->due_date, yi->due_date);
  if (by_date != 0)
    return by_date;
  return (xi->id > yi->id) - (xi->id < yi->id);
}

/* All the candidates for one credit, best first. */
static GArray *
find_candidates (CbzLineMatcher    *matcher,
                 const CbzBankLine *line)
{
  const CbzMatchIndex *index = matcher->index;
  int digits = cbz_currency_get_digits (line->amount.currency);

  matcher->candidates = g_array_new (FALSE, FALSE, sizeof (CbzMatchCandidate));
  matcher->currency = _cbz_match_index_find_currency (index, line->amount.currency);
  if (matcher->currency < 0)
    return g_steal_pointer (&matcher->candidates);

  matcher->amount = line->amount.minor;
  matcher->tolerance = 1;
  for (int i = 0; i < digits; i++)
    matcher->tolerance *= 10;
  g_array_set_size (matcher->named_invoices, 0);
  g_array_set_size (matcher->tax_id_customers, 0);
  g_array_set_size (matcher->name_customers, 0);
  _cbz_bank_text_set (&matcher->text, line->description, line->reference);

  find_keys (matcher);
  find_names (matcher);
  for (guint i = 0; i < matcher->named_invoices->len; i++)
    add_single (matcher, g_array_index (matcher->named_invoices, guint32, i), CBZ_MATCH_EVIDENCE_NUMBER);
  for (guint i = 0; i < matcher->tax_id_customers->len; i++)
    add_customer_invoices (matcher, g_array_index (matcher->tax_id_customers, guint32, i),
                           CBZ_MATCH_EVIDENCE_TAX_ID);
  for (guint i = 0; i < matcher->name_customers->len; i++)
    add_customer_invoices (matcher, g_array_index (matcher->name_customers, guint32, i),
                           CBZ_MATCH_EVIDENCE_NAME);
  _cbz_line_matcher_add_combinations (matcher);
  scan_small_bucket (matcher);

  g_array_sort_with_data (matcher->candidates, compare_candidates_cb, matcher);
  return g_steal_pointer (&matcher->candidates);
}

static char *
describe_customer (const CbzMatchIndex    *index,
                   const CbzIndexCustomer *customer)
{
  if (customer->name != 0)
    return g_strdup (_cbz_match_index_string (index, customer->name));
  if (customer->tax_id != 0)
    return g_strdup (_cbz_match_index_string (index, customer->tax_id));
  return g_strdup_printf ("#%" G_GINT64_FORMAT, customer->id);
}

static char *
describe_invoice (const CbzMatchIndex *index,
                  guint32              invoice_index)
{
  const CbzIndexInvoice *invoice = _cbz_match_index_invoice (index, invoice_index);

  if (invoice->number != 0)
    return g_strdup (_cbz_match_index_string (index, invoice->number));
  return g_strdup_printf ("#%" G_GINT64_FORMAT, invoice->id);
}

static char *
describe_invoices (const CbzMatchIndex     *index,
                   const CbzMatchCandidate *candidate)
{
  GString *list = g_string_new (NULL);

  for (guint i = 0; i < candidate->n_invoices; i++)
    {
      g_autofree char *number = describe_invoice (index, candidate->invoices[i]);

      if (i > 0)
        g_string_append (list, ", ");
      g_string_append (list, number);
    }
  return g_string_free (list, FALSE);
}

static char *
explain (const CbzMatchIndex     *index,
         const CbzMatchCandidate *candidate,
         CbzMoney                 difference)
{
  const CbzIndexCustomer *customer = _cbz_match_index_customer (index, candidate->customer);
  g_autofree char *invoices = describe_invoices (index, candidate);
  g_autofree char *name = describe_customer (index, customer);
  g_autofree char *gap = NULL;
  const char *tax_id = _cbz_match_index_string (index, customer->tax_id);
  guint n = candidate->n_invoices;

  difference.minor = ABS (difference.minor);
  gap = cbz_money_format_full (difference, NULL, CBZ_MONEY_FORMAT_CODE);

  switch (candidate->rule)
    {
    case CBZ_MATCH_RULE_INVOICE_NUMBER:
      return g_strdup_printf (_("The amount equals the balance of invoice %s, and its number "
                                "is in the description or reference"),
                              invoices);
    case CBZ_MATCH_RULE_TAX_ID:
      return g_strdup_printf (_("The amount equals the balance of invoice %s of %s, whose tax "
                                "ID %s is in the description or reference"),
                              invoices, name, tax_id);
    case CBZ_MATCH_RULE_SEVERAL_NUMBERS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The amount equals the balance of the %u invoice "
                                           "named in the description or reference: %s",
                                           "The amount equals the balances of the %u invoices "
                                           "named in the description or reference: %s",
                                           n),
                              n, invoices);
    case CBZ_MATCH_RULE_NAME:
      return g_strdup_printf (_("The amount equals the balance of invoice %s, and the "
                                "description or reference names %s"),
                              invoices, name);
    case CBZ_MATCH_RULE_SEVERAL_INVOICES:
      if (candidate->score == CBZ_SCORE_OLDEST_INVOICES)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "The amount equals the balance of the %u oldest "
                                             "invoice of %s: %s",
                                             "The amount equals the balances of the %u oldest "
                                             "invoices of %s: %s",
                                             n),
                                n, name, invoices);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The amount equals the balance of %u invoice of %s, "
                                           "the only combination that adds up: %s",
                                           "The amount equals the balances of %u invoices of "
                                           "%s, the only combination that adds up: %s",
                                           n),
                              n, name, invoices);
    case CBZ_MATCH_RULE_ROUNDING:
      switch (candidate->evidence)
        {
        case CBZ_MATCH_EVIDENCE_TAX_ID:
          return g_strdup_printf (_("The amount is %s away from the balance of invoice %s of "
                                    "%s, whose tax ID %s is in the description or reference"),
                                  gap, invoices, name, tax_id);
        case CBZ_MATCH_EVIDENCE_NAME:
          return g_strdup_printf (_("The amount is %s away from the balance of invoice %s, and "
                                    "the description or reference names %s"),
                                  gap, invoices, name);
        case CBZ_MATCH_EVIDENCE_NUMBER:
        case CBZ_MATCH_EVIDENCE_NONE:
        default:
          return g_strdup_printf (_("The amount is %s away from the balance of invoice %s, "
                                    "whose number is in the description or reference"),
                                  gap, invoices);
        }
    case CBZ_MATCH_RULE_AMOUNT_ONLY:
    default:
      return g_strdup_printf (_("Invoice %s is the only open invoice for exactly this amount; "
                                "nothing in the description or reference confirms it"),
                              invoices);
    }
}

static CbzMatchProposal *
make_proposal (const CbzMatchIndex     *index,
               const CbzMatchCandidate *candidate,
               const CbzBankLine       *line)
{
  CbzMatchProposal *proposal = g_new0 (CbzMatchProposal, 1);

  proposal->rule = candidate->rule;
  proposal->evidence = candidate->evidence;
  proposal->score = candidate->score;
  proposal->customer_id = _cbz_match_index_customer (index, candidate->customer)->id;
  proposal->n_invoices = candidate->n_invoices;
  for (guint i = 0; i < candidate->n_invoices; i++)
    proposal->invoice_ids[i] = _cbz_match_index_invoice (index, candidate->invoices[i])->id;
  proposal->invoiced = cbz_money_init (candidate->invoiced, line->amount.currency);
  proposal->difference = cbz_money_init (line->amount.minor - candidate->invoiced,
                                         line->amount.currency);
  proposal->reason = explain (index, candidate, proposal->difference);
  return proposal;
}

static gboolean
is_free (const guint8            *claimed,
         const CbzMatchCandidate *candidate)
{
  for (guint i = 0; i < candidate->n_invoices; i++)
    if (claimed[candidate->invoices[i] / 8] & (1u << (candidate->invoices[i] % 8)))
      return FALSE;
  return TRUE;
}

static void
claim (guint8                  *claimed,
       const CbzMatchCandidate *candidate)
{
  for (guint i = 0; i < candidate->n_invoices; i++)
    claimed[candidate->invoices[i] / 8] |= (guint8) (1u << (candidate->invoices[i] % 8));
}

typedef struct
{
  LineState *states;
} ServeOrder;

static int
compare_serve_order_cb (const void *a,
                        const void *b,
                        void       *user_data)
{
  const ServeOrder *data = user_data;
  guint x = *(const guint *) a;
  guint y = *(const guint *) b;
  guint sx = g_array_index (data->states[x].candidates, CbzMatchCandidate, 0).score;
  guint sy = g_array_index (data->states[y].candidates, CbzMatchCandidate, 0).score;

  if (sx != sy)
    return sx > sy ? -1 : 1;
  return (x > y) - (x < y);
}

/* Gives each line its best candidate that no surer line took. */
static void
assign (const CbzMatchIndex *index,
        LineState           *states,
        guint                n_lines,
        guint8              *claimed)
{
  g_autofree guint *order = g_new (guint, MAX (n_lines, 1));
  ServeOrder data = { states };
  guint n_order = 0;

  for (guint i = 0; i < n_lines; i++)
    if (states[i].candidates != NULL && states[i].candidates->len > 0)
      order[n_order++] = i;
  g_qsort_with_data (order, (gint) n_order, sizeof *order, compare_serve_order_cb, &data);

  for (guint k = 0; k < n_order; k++)
    {
      LineState *state = &states[order[k]];

      for (guint c = 0; c < state->candidates->len; c++)
        {
          const CbzMatchCandidate *candidate = &g_array_index (state->candidates, CbzMatchCandidate, c);

          if (is_free (claimed, candidate))
            {
              claim (claimed, candidate);
              state->chosen = (int) c;
              break;
            }
        }
    }
}

static CbzBankLineMatch *
make_line_match (const CbzMatchIndex *index,
                 const CbzBankLine   *line,
                 guint                line_index,
                 LineState           *state,
                 const guint8        *claimed,
                 CbzBankMatchStatus   status)
{
  CbzBankLineMatch *match = g_new0 (CbzBankLineMatch, 1);

  match->line_index = line_index;
  match->status = status;
  match->alternatives = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_match_proposal_free);
  if (state->candidates == NULL)
    return match;

  if (state->chosen >= 0)
    {
      match->status = CBZ_BANK_MATCH_PROPOSED;
      match->proposal = make_proposal (index, &g_array_index (state->candidates, CbzMatchCandidate,
                                                              state->chosen), line);
    }
  for (guint c = 0; c < state->candidates->len && match->alternatives->len < MAX_ALTERNATIVES; c++)
    {
      const CbzMatchCandidate *candidate = &g_array_index (state->candidates, CbzMatchCandidate, c);

      if ((int) c != state->chosen && is_free (claimed, candidate))
        g_ptr_array_add (match->alternatives, make_proposal (index, candidate, line));
    }
  return match;
}

GPtrArray *
cbz_bank_match (const CbzMatchIndex *index,
                const CbzBankLine   *lines,
                guint                n_lines,
                GHashTable          *known_fingerprints,
                GCancellable        *cancellable)
{
  g_autofree LineState *states = NULL;
  g_autofree CbzBankMatchStatus *statuses = NULL;
  g_autofree guint8 *claimed = NULL;
  CbzLineMatcher matcher = { 0 };
  GPtrArray *result;

  g_return_val_if_fail (index != NULL, NULL);
  g_return_val_if_fail (index->built, NULL);
  g_return_val_if_fail (lines != NULL || n_lines == 0, NULL);

  states = g_new0 (LineState, MAX (n_lines, 1));
  statuses = g_new0 (CbzBankMatchStatus, MAX (n_lines, 1));
  line_matcher_init (&matcher, index);
  for (guint i = 0; i < n_lines; i++)
    {
      const CbzBankLine *line = &lines[i];

      states[i].chosen = -1;
      if (i % CANCEL_CHECK_EVERY == 0 && g_cancellable_is_cancelled (cancellable))
        break;
      if (known_fingerprints != NULL && g_hash_table_contains (known_fingerprints, line->fingerprint))
        statuses[i] = CBZ_BANK_MATCH_ALREADY_IMPORTED;
      else if (line->amount.minor <= 0)
        statuses[i] = CBZ_BANK_MATCH_DEBIT;
      else
        {
          statuses[i] = CBZ_BANK_MATCH_UNMATCHED;
          states[i].candidates = find_candidates (&matcher, line);
        }
    }
  line_matcher_clear (&matcher);

  if (g_cancellable_is_cancelled (cancellable))
    {
      for (guint i = 0; i < n_lines; i++)
        g_clear_pointer (&states[i].candidates, g_array_unref);
      return NULL;
    }

  claimed = g_new0 (guint8, index->invoices->len / 8 + 1);
  assign (index, states, n_lines, claimed);

  result = g_ptr_array_new_full (n_lines, (GDestroyNotify) cbz_bank_line_match_free);
  for (guint i = 0; i < n_lines; i++)
    {
      g_ptr_array_add (result, make_line_match (index, &lines[i], i, &states[i], claimed,
                                                statuses[i]));
      g_clear_pointer (&states[i].candidates, g_array_unref);
    }
  return result;
}

CbzMatchProposal *
cbz_match_proposal_copy (const CbzMatchProposal *proposal)
{
  CbzMatchProposal *copy;

  g_return_val_if_fail (proposal != NULL, NULL);

  copy = g_memdup2 (proposal, sizeof *proposal);
  copy->reason = g_strdup (proposal->reason);
  return copy;
}

void
cbz_match_proposal_free (CbzMatchProposal *proposal)
{
  if (proposal == NULL)
    return;
  g_free (proposal->reason);
  g_free (proposal);
}

void
cbz_bank_line_match_free (CbzBankLineMatch *match)
{
  if (match == NULL)
    return;
  g_clear_pointer (&match->proposal, cbz_match_proposal_free);
  g_clear_pointer (&match->alternatives, g_ptr_array_unref);
  g_free (match);
}
