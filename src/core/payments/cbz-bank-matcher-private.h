/* cbz-bank-matcher-private.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-bank-matcher.h"
#include "cbz-bank-text-private.h"
#include "cbz-match-index-private.h"

G_BEGIN_DECLS

/* Scores: they order proposals within a line and lines among themselves. */
enum
{
  CBZ_SCORE_INVOICE_NUMBER   = 100,
  CBZ_SCORE_TAX_ID           = 95,
  CBZ_SCORE_SEVERAL_NUMBERS  = 90,
  CBZ_SCORE_NAME             = 75,
  CBZ_SCORE_OLDEST_INVOICES  = 70,
  CBZ_SCORE_ONLY_COMBINATION = 65,
  CBZ_SCORE_ROUNDING_NUMBER  = 50,
  CBZ_SCORE_ROUNDING_TAX_ID  = 48,
  CBZ_SCORE_ROUNDING_NAME    = 45,
  CBZ_SCORE_AMOUNT_ONLY      = 30,
};

/* A proposal before it is chosen: indices into the index, no strings. */
typedef struct
{
  CbzMatchRule     rule;
  CbzMatchEvidence evidence;
  guint            score;
  guint32          customer;
  guint            n_invoices;
  guint32          invoices[CBZ_MATCH_MAX_INVOICES];
  gint64           invoiced;
} CbzMatchCandidate;

/* What one credit line is matched with. */
typedef struct
{
  const CbzMatchIndex *index;
  CbzBankText          text;
  GString             *scratch;
  GArray              *candidates;       /* CbzMatchCandidate */
  GArray              *named_invoices;   /* guint32: invoices whose number is in the text */
  GArray              *tax_id_customers; /* guint32 */
  GArray              *name_customers;   /* guint32 */
  int                  currency;
  gint64               amount;
  gint64               tolerance;
} CbzLineMatcher;

/* Adds @candidate unless the same invoices are there with a better score. */
void _cbz_line_matcher_add (CbzLineMatcher          *matcher,
                            const CbzMatchCandidate *candidate);
/* Combinations: several invoices of one customer for one credit. */
void _cbz_line_matcher_add_combinations (CbzLineMatcher *matcher);

G_END_DECLS
