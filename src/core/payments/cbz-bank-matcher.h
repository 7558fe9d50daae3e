/* cbz-bank-matcher.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cbz-bank-statement.h"
#include "cbz-match-index.h"
#include "cbz-match-rule.h"

G_BEGIN_DECLS

/*
 * Proposes, for each credit of a bank statement, the open invoice (or
 * invoices) it most likely pays. Nothing is recorded here: the person
 * accepts, changes or ignores each proposal in the review list.
 *
 * The rules, surest first (cbz-match-rule.h), all within the line's
 * currency:
 *
 *  invoice-number    the amount equals an invoice's balance and the invoice's
 *                    number is in the description or reference;
 *  tax-id            the amount equals the balance of an invoice of the
 *                    customer whose tax ID is in the text;
 *  several-numbers   the text names several invoices of one customer whose
 *                    balances add up to the amount exactly;
 *  name              the amount equals the balance of an invoice of a customer
 *                    the text names (all the significant words of the name;
 *                    the last word of the text may be cut short);
 *  several-invoices  several invoices of a customer the text identifies add up
 *                    to the amount exactly: the oldest ones first, or else the
 *                    only combination that does;
 *  rounding          the amount is within one unit of the currency (1.00 MXN,
 *                    1 CLP) of a balance, and the number, tax ID or name is in
 *                    the text: bank fees and rounding eat a few cents;
 *  amount-only       nothing in the text helps, and exactly one open invoice
 *                    has this balance.
 *
 * Text is compared in upper case, without accents or separators
 * (cbz-bank-text-private.h): "pago fact f-2024/0153" names invoice
 * "F20240153". Among equally good invoices, the oldest due date wins.
 *
 * Debits never match. A line whose fingerprint is in @known_fingerprints
 * (what the store recorded from earlier imports) is reported as already
 * imported and matches nothing, so importing a statement twice records
 * nothing twice. No invoice is claimed by two lines: lines are served in
 * the order of their best proposal's score (then file order), and a line
 * whose candidates were all taken falls back to its next one, or to
 * unmatched.
 */

/* The most invoices one proposal names. */
#define CBZ_MATCH_MAX_INVOICES 12

typedef enum
{
  CBZ_MATCH_EVIDENCE_NONE,     /* amount only */
  CBZ_MATCH_EVIDENCE_NUMBER,   /* the invoice number is in the text */
  CBZ_MATCH_EVIDENCE_TAX_ID,   /* the customer's tax ID is in the text */
  CBZ_MATCH_EVIDENCE_NAME,     /* the customer's name is in the text */
} CbzMatchEvidence;

typedef struct
{
  CbzMatchRule     rule;
  CbzMatchEvidence evidence;
  guint            score;        /* 1..100: higher is surer; orders proposals */
  gint64           customer_id;
  guint            n_invoices;
  gint64           invoice_ids[CBZ_MATCH_MAX_INVOICES];  /* oldest first */
  CbzMoney         invoiced;     /* their balances added up */
  CbzMoney         difference;   /* the line's amount minus @invoiced (0 unless rounding) */
  char            *reason;       /* why, for the review list: a translated sentence */
} CbzMatchProposal;

typedef enum
{
  CBZ_BANK_MATCH_PROPOSED,          /* a credit with a proposal */
  CBZ_BANK_MATCH_UNMATCHED,         /* a credit nothing points to (stays listed for later) */
  CBZ_BANK_MATCH_DEBIT,             /* money out: never matched */
  CBZ_BANK_MATCH_ALREADY_IMPORTED,  /* its fingerprint was recorded before */
} CbzBankMatchStatus;

typedef struct
{
  guint               line_index;    /* into the lines given */
  CbzBankMatchStatus  status;
  CbzMatchProposal   *proposal;      /* PROPOSED only */
  /* (element-type CbzMatchProposal) the other candidates, best first (at
   * most 5), leaving out invoices another line's proposal took: for "pick
   * another invoice". */
  GPtrArray          *alternatives;
} CbzBankLineMatch;

/*
 * Matches @lines (a statement's, cbz_bank_statement_get_lines()) against
 * @index (built). @known_fingerprints: a set of fingerprints (char *, as
 * g_str_hash/g_str_equal keys) or NULL. Returns (element-type
 * CbzBankLineMatch) one per line, in the same order; NULL only when
 * @cancellable was cancelled (checked every few hundred lines).
 */
GPtrArray        *cbz_bank_match                  (const CbzMatchIndex *index,
                                                   const CbzBankLine   *lines,
                                                   guint                n_lines,
                                                   GHashTable          *known_fingerprints,
                                                   GCancellable        *cancellable);

CbzMatchProposal *cbz_match_proposal_copy         (const CbzMatchProposal *proposal);
void              cbz_match_proposal_free         (CbzMatchProposal       *proposal);
void              cbz_bank_line_match_free        (CbzBankLineMatch       *match);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzMatchProposal, cbz_match_proposal_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzBankLineMatch, cbz_bank_line_match_free)

G_END_DECLS
