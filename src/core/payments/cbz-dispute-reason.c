/* cbz-dispute-reason.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-code-table-private.h"
#include "cbz-payments-error.h"
#include "cbz-dispute-reason.h"

G_DEFINE_ENUM_TYPE (CbzDisputeReason, cbz_dispute_reason,
  G_DEFINE_ENUM_VALUE (CBZ_DISPUTE_REASON_WRONG_AMOUNT, "wrong-amount"),
  G_DEFINE_ENUM_VALUE (CBZ_DISPUTE_REASON_NOT_RECEIVED, "not-received"),
  G_DEFINE_ENUM_VALUE (CBZ_DISPUTE_REASON_ALREADY_PAID, "already-paid"),
  G_DEFINE_ENUM_VALUE (CBZ_DISPUTE_REASON_QUALITY, "quality"),
  G_DEFINE_ENUM_VALUE (CBZ_DISPUTE_REASON_OTHER, "other"))

static const CbzCodeEntry entries[CBZ_DISPUTE_REASON_N_VALUES] = {
  [CBZ_DISPUTE_REASON_WRONG_AMOUNT] = { "wrong-amount", N_("Wrong amount"), "monto-incorrecto" },
  [CBZ_DISPUTE_REASON_NOT_RECEIVED] = { "not-received", N_("Goods or service not received"),
                                        "no-recibido" },
  [CBZ_DISPUTE_REASON_ALREADY_PAID] = { "already-paid", N_("Already paid"), "ya-pagada" },
  [CBZ_DISPUTE_REASON_QUALITY] = { "quality", N_("Quality problem"), "calidad" },
  [CBZ_DISPUTE_REASON_OTHER] = { "other", N_("Other"), "otro" },
};

const char *
cbz_dispute_reason_to_string (CbzDisputeReason value)
{
  return _cbz_code_table_to_string (entries, G_N_ELEMENTS (entries), value);
}

gboolean
cbz_dispute_reason_from_string (const char       *str,
                                CbzDisputeReason *value)
{
  int found;

  g_return_val_if_fail (value != NULL, FALSE);

  if (!_cbz_code_table_from_string (entries, G_N_ELEMENTS (entries), str, &found))
    return FALSE;
  *value = (CbzDisputeReason) found;
  return TRUE;
}

const char *
cbz_dispute_reason_get_label (CbzDisputeReason value)
{
  return _cbz_code_table_get_label (entries, G_N_ELEMENTS (entries), value);
}

gboolean
cbz_dispute_reason_parse (const char        *text,
                          CbzDisputeReason  *value,
                          GError           **error)
{
  g_autofree char *nicks = NULL;
  int found;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (_cbz_code_table_parse (entries, G_N_ELEMENTS (entries), text, &found))
    {
      *value = (CbzDisputeReason) found;
      return TRUE;
    }

  nicks = _cbz_code_table_list_nicks (entries, G_N_ELEMENTS (entries));
  g_set_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_INVALID_CODE,
               _("“%s” is not a dispute reason; use one of: %s"), text, nicks);
  return FALSE;
}
