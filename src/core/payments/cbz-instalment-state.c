/* cbz-instalment-state.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-code-table-private.h"
#include "cbz-payments-error.h"
#include "cbz-instalment-state.h"

G_DEFINE_ENUM_TYPE (CbzInstalmentState, cbz_instalment_state,
  G_DEFINE_ENUM_VALUE (CBZ_INSTALMENT_STATE_PAID, "paid"),
  G_DEFINE_ENUM_VALUE (CBZ_INSTALMENT_STATE_DUE, "due"),
  G_DEFINE_ENUM_VALUE (CBZ_INSTALMENT_STATE_LATE, "late"))

static const CbzCodeEntry entries[CBZ_INSTALMENT_STATE_N_VALUES] = {
  [CBZ_INSTALMENT_STATE_PAID] = { "paid", NC_("instalment state", "Paid"), "pagada",
                                  "instalment state" },
  [CBZ_INSTALMENT_STATE_DUE] = { "due", NC_("instalment state", "Due"), "pendiente",
                                 "instalment state" },
  [CBZ_INSTALMENT_STATE_LATE] = { "late", NC_("instalment state", "Late"), "vencida atrasada",
                                  "instalment state" },
};

const char *
cbz_instalment_state_to_string (CbzInstalmentState value)
{
  return _cbz_code_table_to_string (entries, G_N_ELEMENTS (entries), value);
}

gboolean
cbz_instalment_state_from_string (const char         *str,
                                  CbzInstalmentState *value)
{
  int found;

  g_return_val_if_fail (value != NULL, FALSE);

  if (!_cbz_code_table_from_string (entries, G_N_ELEMENTS (entries), str, &found))
    return FALSE;
  *value = (CbzInstalmentState) found;
  return TRUE;
}

const char *
cbz_instalment_state_get_label (CbzInstalmentState value)
{
  return _cbz_code_table_get_label (entries, G_N_ELEMENTS (entries), value);
}

gboolean
cbz_instalment_state_parse (const char          *text,
                            CbzInstalmentState  *value,
                            GError             **error)
{
  g_autofree char *nicks = NULL;
  int found;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (_cbz_code_table_parse (entries, G_N_ELEMENTS (entries), text, &found))
    {
      *value = (CbzInstalmentState) found;
      return TRUE;
    }

  nicks = _cbz_code_table_list_nicks (entries, G_N_ELEMENTS (entries));
  g_set_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_INVALID_CODE,
               _("“%s” is not an instalment state; use one of: %s"), text, nicks);
  return FALSE;
}
