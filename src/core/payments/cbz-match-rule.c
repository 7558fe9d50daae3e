/* cbz-match-rule.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-code-table-private.h"
#include "cbz-payments-error.h"
#include "cbz-match-rule.h"

G_DEFINE_ENUM_TYPE (CbzMatchRule, cbz_match_rule,
  G_DEFINE_ENUM_VALUE (CBZ_MATCH_RULE_INVOICE_NUMBER, "invoice-number"),
  G_DEFINE_ENUM_VALUE (CBZ_MATCH_RULE_TAX_ID, "tax-id"),
  G_DEFINE_ENUM_VALUE (CBZ_MATCH_RULE_SEVERAL_NUMBERS, "several-numbers"),
  G_DEFINE_ENUM_VALUE (CBZ_MATCH_RULE_NAME, "name"),
  G_DEFINE_ENUM_VALUE (CBZ_MATCH_RULE_SEVERAL_INVOICES, "several-invoices"),
  G_DEFINE_ENUM_VALUE (CBZ_MATCH_RULE_ROUNDING, "rounding"),
  G_DEFINE_ENUM_VALUE (CBZ_MATCH_RULE_AMOUNT_ONLY, "amount-only"))

static const CbzCodeEntry entries[CBZ_MATCH_RULE_N_VALUES] = {
  [CBZ_MATCH_RULE_INVOICE_NUMBER] = { "invoice-number", N_("Amount and invoice number"), NULL },
  [CBZ_MATCH_RULE_TAX_ID] = { "tax-id", N_("Amount and tax ID"), NULL },
  [CBZ_MATCH_RULE_SEVERAL_NUMBERS] = { "several-numbers", N_("Several invoices named"), NULL },
  [CBZ_MATCH_RULE_NAME] = { "name", N_("Amount and name"), NULL },
  [CBZ_MATCH_RULE_SEVERAL_INVOICES] = { "several-invoices", N_("Several invoices of one customer"),
                                        NULL },
  [CBZ_MATCH_RULE_ROUNDING] = { "rounding", N_("Amount within rounding"), NULL },
  [CBZ_MATCH_RULE_AMOUNT_ONLY] = { "amount-only", N_("Amount only"), NULL },
};

const char *
cbz_match_rule_to_string (CbzMatchRule value)
{
  return _cbz_code_table_to_string (entries, G_N_ELEMENTS (entries), value);
}

gboolean
cbz_match_rule_from_string (const char   *str,
                            CbzMatchRule *value)
{
  int found;

  g_return_val_if_fail (value != NULL, FALSE);

  if (!_cbz_code_table_from_string (entries, G_N_ELEMENTS (entries), str, &found))
    return FALSE;
  *value = (CbzMatchRule) found;
  return TRUE;
}

const char *
cbz_match_rule_get_label (CbzMatchRule value)
{
  return _cbz_code_table_get_label (entries, G_N_ELEMENTS (entries), value);
}

gboolean
cbz_match_rule_parse (const char    *text,
                      CbzMatchRule  *value,
                      GError       **error)
{
  g_autofree char *nicks = NULL;
  int found;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (_cbz_code_table_parse (entries, G_N_ELEMENTS (entries), text, &found))
    {
      *value = (CbzMatchRule) found;
      return TRUE;
    }

  nicks = _cbz_code_table_list_nicks (entries, G_N_ELEMENTS (entries));
  g_set_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_INVALID_CODE,
               _("“%s” is not a matching rule; use one of: %s"), text, nicks);
  return FALSE;
}

CbzMatchConfidence
cbz_match_rule_get_confidence (CbzMatchRule rule)
{
  switch (rule)
    {
    case CBZ_MATCH_RULE_INVOICE_NUMBER:
    case CBZ_MATCH_RULE_TAX_ID:
    case CBZ_MATCH_RULE_SEVERAL_NUMBERS:
      return CBZ_MATCH_CONFIDENCE_HIGH;
    case CBZ_MATCH_RULE_NAME:
    case CBZ_MATCH_RULE_SEVERAL_INVOICES:
      return CBZ_MATCH_CONFIDENCE_MEDIUM;
    case CBZ_MATCH_RULE_ROUNDING:
    case CBZ_MATCH_RULE_AMOUNT_ONLY:
      return CBZ_MATCH_CONFIDENCE_LOW;
    default:
      g_return_val_if_reached (CBZ_MATCH_CONFIDENCE_LOW);
    }
}

const char *
cbz_match_confidence_get_label (CbzMatchConfidence confidence)
{
  switch (confidence)
    {
    case CBZ_MATCH_CONFIDENCE_HIGH:
      return C_("match confidence", "High");
    case CBZ_MATCH_CONFIDENCE_MEDIUM:
      return C_("match confidence", "Medium");
    case CBZ_MATCH_CONFIDENCE_LOW:
      return C_("match confidence", "Low");
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
cbz_match_rule_is_exact (CbzMatchRule rule)
{
  return rule == CBZ_MATCH_RULE_INVOICE_NUMBER ||
         rule == CBZ_MATCH_RULE_TAX_ID ||
         rule == CBZ_MATCH_RULE_SEVERAL_NUMBERS;
}
