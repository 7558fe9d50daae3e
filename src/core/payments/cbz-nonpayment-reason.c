/* cbz-nonpayment-reason.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-code-table-private.h"
#include "cbz-payments-error.h"
#include "cbz-nonpayment-reason.h"

G_DEFINE_ENUM_TYPE (CbzNonpaymentReason, cbz_nonpayment_reason,
  G_DEFINE_ENUM_VALUE (CBZ_NONPAYMENT_REASON_FORGOT, "forgot"),
  G_DEFINE_ENUM_VALUE (CBZ_NONPAYMENT_REASON_CASH_FLOW, "cash-flow"),
  G_DEFINE_ENUM_VALUE (CBZ_NONPAYMENT_REASON_PAY_DAY_MISMATCH, "pay-day-mismatch"),
  G_DEFINE_ENUM_VALUE (CBZ_NONPAYMENT_REASON_DISPUTES_AMOUNT, "disputes-amount"),
  G_DEFINE_ENUM_VALUE (CBZ_NONPAYMENT_REASON_LOST_CONTACT, "lost-contact"),
  G_DEFINE_ENUM_VALUE (CBZ_NONPAYMENT_REASON_OTHER, "other"))

static const CbzCodeEntry entries[CBZ_NONPAYMENT_REASON_N_VALUES] = {
  [CBZ_NONPAYMENT_REASON_FORGOT] = { "forgot", N_("Forgot"), "olvido" },
  [CBZ_NONPAYMENT_REASON_CASH_FLOW] = { "cash-flow", N_("Cash-flow problems"), "liquidez" },
  [CBZ_NONPAYMENT_REASON_PAY_DAY_MISMATCH] = { "pay-day-mismatch", N_("Pay-day mismatch"),
                                               "fecha-de-pago" },
  [CBZ_NONPAYMENT_REASON_DISPUTES_AMOUNT] = { "disputes-amount", N_("Disputes the amount"),
                                              "disputa" },
  [CBZ_NONPAYMENT_REASON_LOST_CONTACT] = { "lost-contact", N_("Lost contact"), "sin-contacto" },
  [CBZ_NONPAYMENT_REASON_OTHER] = { "other", N_("Other"), "otro" },
};

const char *
cbz_nonpayment_reason_to_string (CbzNonpaymentReason value)
{
  return _cbz_code_table_to_string (entries, G_N_ELEMENTS (entries), value);
}

gboolean
cbz_nonpayment_reason_from_string (const char          *str,
                                   CbzNonpaymentReason *value)
{
  int found;

  g_return_val_if_fail (value != NULL, FALSE);

  if (!_cbz_code_table_from_string (entries, G_N_ELEMENTS (entries), str, &found))
    return FALSE;
  *value = (CbzNonpaymentReason) found;
  return TRUE;
}

const char *
cbz_nonpayment_reason_get_label (CbzNonpaymentReason value)
{
  return _cbz_code_table_get_label (entries, G_N_ELEMENTS (entries), value);
}

gboolean
cbz_nonpayment_reason_parse (const char           *text,
                             CbzNonpaymentReason  *value,
                             GError              **error)
{
  g_autofree char *nicks = NULL;
  int found;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (_cbz_code_table_parse (entries, G_N_ELEMENTS (entries), text, &found))
    {
      *value = (CbzNonpaymentReason) found;
      return TRUE;
    }

  nicks = _cbz_code_table_list_nicks (entries, G_N_ELEMENTS (entries));
  g_set_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_INVALID_CODE,
               _("“%s” is not a reason for non-payment; use one of: %s"), text, nicks);
  return FALSE;
}
