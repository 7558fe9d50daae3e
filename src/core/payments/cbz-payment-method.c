/* cbz-payment-method.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-code-table-private.h"
#include "cbz-payments-error.h"
#include "cbz-payment-method.h"

G_DEFINE_ENUM_TYPE (CbzPaymentMethod, cbz_payment_method,
  G_DEFINE_ENUM_VALUE (CBZ_PAYMENT_METHOD_TRANSFER, "transfer"),
  G_DEFINE_ENUM_VALUE (CBZ_PAYMENT_METHOD_CASH, "cash"),
  G_DEFINE_ENUM_VALUE (CBZ_PAYMENT_METHOD_CARD, "card"),
  G_DEFINE_ENUM_VALUE (CBZ_PAYMENT_METHOD_CHECK, "check"),
  G_DEFINE_ENUM_VALUE (CBZ_PAYMENT_METHOD_DEPOSIT, "deposit"),
  G_DEFINE_ENUM_VALUE (CBZ_PAYMENT_METHOD_OTHER, "other"))

static const CbzCodeEntry entries[CBZ_PAYMENT_METHOD_N_VALUES] = {
  [CBZ_PAYMENT_METHOD_TRANSFER] = { "transfer", N_("Transfer / SPEI"), "spei wire transferencia" },
  [CBZ_PAYMENT_METHOD_CASH] = { "cash", N_("Cash"), "efectivo" },
  [CBZ_PAYMENT_METHOD_CARD] = { "card", N_("Card"), "tarjeta" },
  [CBZ_PAYMENT_METHOD_CHECK] = { "check", N_("Cheque"), "cheque" },
  [CBZ_PAYMENT_METHOD_DEPOSIT] = { "deposit", N_("Deposit"), "deposito" },
  [CBZ_PAYMENT_METHOD_OTHER] = { "other", N_("Other"), "otro" },
};

const char *
cbz_payment_method_to_string (CbzPaymentMethod value)
{
  return _cbz_code_table_to_string (entries, G_N_ELEMENTS (entries), value);
}

gboolean
cbz_payment_method_from_string (const char       *str,
                                CbzPaymentMethod *value)
{
  int found;

  g_return_val_if_fail (value != NULL, FALSE);

  if (!_cbz_code_table_from_string (entries, G_N_ELEMENTS (entries), str, &found))
    return FALSE;
  *value = (CbzPaymentMethod) found;
  return TRUE;
}

const char *
cbz_payment_method_get_label (CbzPaymentMethod value)
{
  return _cbz_code_table_get_label (entries, G_N_ELEMENTS (entries), value);
}

gboolean
cbz_payment_method_parse (const char        *text,
                          CbzPaymentMethod  *value,
                          GError           **error)
{
  g_autofree char *nicks = NULL;
  int found;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (_cbz_code_table_parse (entries, G_N_ELEMENTS (entries), text, &found))
    {
      *value = (CbzPaymentMethod) found;
      return TRUE;
    }

  nicks = _cbz_code_table_list_nicks (entries, G_N_ELEMENTS (entries));
  g_set_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_INVALID_CODE,
               _("“%s” is not a payment method; use one of: %s"), text, nicks);
  return FALSE;
}
