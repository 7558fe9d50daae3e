/* cbz-match-rule.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * Why a bank line was proposed for an invoice (or several): the rules of
 * the matcher, from surest to least sure. Each value has a stable nick
 * (what sqlite stores and the command line takes) and a translated label,
 * from one table.
 */
typedef enum
{
  CBZ_MATCH_RULE_INVOICE_NUMBER,   /* 'invoice-number': exact amount, and the invoice number in the text */
  CBZ_MATCH_RULE_TAX_ID,           /* 'tax-id': exact amount, and the customer's tax ID in the text */
  CBZ_MATCH_RULE_SEVERAL_NUMBERS,  /* 'several-numbers': invoices named in the text add up to the amount exactly */
  CBZ_MATCH_RULE_NAME,             /* 'name': exact amount, and the customer's name in the text */
  CBZ_MATCH_RULE_SEVERAL_INVOICES, /* 'several-invoices': invoices of the customer the text names add up exactly */
  CBZ_MATCH_RULE_ROUNDING,         /* 'rounding': within one unit of the currency, with the number, tax ID or name */
  CBZ_MATCH_RULE_AMOUNT_ONLY,      /* 'amount-only': the only open invoice for exactly this amount */
} CbzMatchRule;

#define CBZ_MATCH_RULE_N_VALUES (CBZ_MATCH_RULE_AMOUNT_ONLY + 1)

#define CBZ_TYPE_MATCH_RULE (cbz_match_rule_get_type ())
GType        cbz_match_rule_get_type    (void) G_GNUC_CONST;

/* The stable nick: 'invoice-number', 'tax-id', 'several-numbers',
 * 'name', 'several-invoices', 'rounding', 'amount-only'. */
const char  *cbz_match_rule_to_string   (CbzMatchRule  value);
/* Exactly a nick; FALSE for anything else (including NULL). */
gboolean     cbz_match_rule_from_string (const char   *str,
                                         CbzMatchRule *value);
/* Translated, for people. */
const char  *cbz_match_rule_get_label   (CbzMatchRule  value);
/* What a person types (the command line, a script): the nick, the English
 * or translated label or a Spanish word, in any case, with or without
 * accents. The error names the text and lists the nicks. */
gboolean     cbz_match_rule_parse       (const char    *text,
                                         CbzMatchRule  *value,
                                         GError       **error);

/* How sure a proposal is, for the review list. */
typedef enum
{
  CBZ_MATCH_CONFIDENCE_HIGH,    /* the text names the invoice or the customer's tax ID, and the amount is exact */
  CBZ_MATCH_CONFIDENCE_MEDIUM,  /* the text names the customer, and the amount is exact */
  CBZ_MATCH_CONFIDENCE_LOW,     /* the amount is only close, or nothing in the text confirms it */
} CbzMatchConfidence;

CbzMatchConfidence cbz_match_rule_get_confidence (CbzMatchRule rule);
/* "High", "Medium", "Low", translated. */
const char        *cbz_match_confidence_get_label (CbzMatchConfidence confidence);
/* TRUE for the rules `bank-import --accept-exact` records without review:
 * the amount exact, and an invoice number or the tax ID in the text. */
gboolean           cbz_match_rule_is_exact       (CbzMatchRule rule);

G_END_DECLS
