/* cbz-call-outcome.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-code-table-private.h"
#include "cbz-payments-error.h"
#include "cbz-call-outcome.h"

G_DEFINE_ENUM_TYPE (CbzCallOutcome, cbz_call_outcome,
  G_DEFINE_ENUM_VALUE (CBZ_CALL_OUTCOME_NO_ANSWER, "no-answer"),
  G_DEFINE_ENUM_VALUE (CBZ_CALL_OUTCOME_WRONG_NUMBER, "wrong-number"),
  G_DEFINE_ENUM_VALUE (CBZ_CALL_OUTCOME_LEFT_MESSAGE, "left-message"),
  G_DEFINE_ENUM_VALUE (CBZ_CALL_OUTCOME_PROMISED_TO_PAY, "promised-to-pay"),
  G_DEFINE_ENUM_VALUE (CBZ_CALL_OUTCOME_DISPUTES, "disputes"),
  G_DEFINE_ENUM_VALUE (CBZ_CALL_OUTCOME_CALL_BACK, "call-back"),
  G_DEFINE_ENUM_VALUE (CBZ_CALL_OUTCOME_PAID_ALREADY, "paid-already"),
  G_DEFINE_ENUM_VALUE (CBZ_CALL_OUTCOME_OTHER, "other"))

static const CbzCodeEntry entries[CBZ_CALL_OUTCOME_N_VALUES] = {
  [CBZ_CALL_OUTCOME_NO_ANSWER] = { "no-answer", N_("No answer"), "sin-respuesta" },
  [CBZ_CALL_OUTCOME_WRONG_NUMBER] = { "wrong-number", N_("Wrong number"), "numero-equivocado" },
  [CBZ_CALL_OUTCOME_LEFT_MESSAGE] = { "left-message", N_("Left a message"), "mensaje" },
  [CBZ_CALL_OUTCOME_PROMISED_TO_PAY] = { "promised-to-pay", N_("Promised to pay"), "promesa" },
  [CBZ_CALL_OUTCOME_DISPUTES] = { "disputes", N_("Disputes the debt"), "disputa" },
  [CBZ_CALL_OUTCOME_CALL_BACK] = { "call-back", N_("Asked to call back"), "llamar-despues" },
  [CBZ_CALL_OUTCOME_PAID_ALREADY] = { "paid-already", N_("Says it is paid already"), "ya-pago" },
  [CBZ_CALL_OUTCOME_OTHER] = { "other", N_("Other"), "otro" },
};

const char *
cbz_call_outcome_to_string (CbzCallOutcome value)
{
  return _cbz_code_table_to_string (entries, G_N_ELEMENTS (entries), value);
}

gboolean
cbz_call_outcome_from_string (const char     *str,
                              CbzCallOutcome *value)
{
  int found;

  g_return_val_if_fail (value != NULL, FALSE);

  if (!_cbz_code_table_from_string (entries, G_N_ELEMENTS (entries), str, &found))
    return FALSE;
  *value = (CbzCallOutcome) found;
  return TRUE;
}

const char *
cbz_call_outcome_get_label (CbzCallOutcome value)
{
  return _cbz_code_table_get_label (entries, G_N_ELEMENTS (entries), value);
}

gboolean
cbz_call_outcome_parse (const char      *text,
                        CbzCallOutcome  *value,
                        GError         **error)
{
  g_autofree char *nicks = NULL;
  int found;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (_cbz_code_table_parse (entries, G_N_ELEMENTS (entries), text, &found))
    {
      *value = (CbzCallOutcome) found;
      return TRUE;
    }

  nicks = _cbz_code_table_list_nicks (entries, G_N_ELEMENTS (entries));
  g_set_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_INVALID_CODE,
               _("“%s” is not a call outcome; use one of: %s"), text, nicks);
  return FALSE;
}
