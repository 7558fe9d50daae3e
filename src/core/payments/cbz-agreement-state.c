/* cbz-agreement-state.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-code-table-private.h"
#include "cbz-payments-error.h"
#include "cbz-agreement-state.h"

G_DEFINE_ENUM_TYPE (CbzAgreementState, cbz_agreement_state,
  G_DEFINE_ENUM_VALUE (CBZ_AGREEMENT_STATE_ON_TRACK, "on-track"),
  G_DEFINE_ENUM_VALUE (CBZ_AGREEMENT_STATE_MISSED, "missed"),
  G_DEFINE_ENUM_VALUE (CBZ_AGREEMENT_STATE_COMPLETED, "completed"))

static const CbzCodeEntry entries[CBZ_AGREEMENT_STATE_N_VALUES] = {
  [CBZ_AGREEMENT_STATE_ON_TRACK] = { "on-track", NC_("agreement state", "On track"), "al-corriente",
                                     "agreement state" },
  [CBZ_AGREEMENT_STATE_MISSED] = { "missed", NC_("agreement state", "Missed instalment"),
                                   "incumplido atrasado", "agreement state" },
  [CBZ_AGREEMENT_STATE_COMPLETED] = { "completed", NC_("agreement state", "Completed"),
                                      "completado pagado", "agreement state" },
};

const char *
cbz_agreement_state_to_string (CbzAgreementState value)
{
  return _cbz_code_table_to_string (entries, G_N_ELEMENTS (entries), value);
}

gboolean
cbz_agreement_state_from_string (const char        *str,
                                 CbzAgreementState *value)
{
  int found;

  g_return_val_if_fail (value != NULL, FALSE);

  if (!_cbz_code_table_from_string (entries, G_N_ELEMENTS (entries), str, &found))
    return FALSE;
  *value = (CbzAgreementState) found;
  return TRUE;
}

const char *
cbz_agreement_state_get_label (CbzAgreementState value)
{
  return _cbz_code_table_get_label (entries, G_N_ELEMENTS (entries), value);
}

gboolean
cbz_agreement_state_parse (const char         *text,
                           CbzAgreementState  *value,
                           GError            **error)
{
  g_autofree char *nicks = NULL;
  int found;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (_cbz_code_table_parse (entries, G_N_ELEMENTS (entries), text, &found))
    {
      *value = (CbzAgreementState) found;
      return TRUE;
    }

  nicks = _cbz_code_table_list_nicks (entries, G_N_ELEMENTS (entries));
  g_set_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_INVALID_CODE,
               _("“%s” is not an agreement state; use one of: %s"), text, nicks);
  return FALSE;
}
