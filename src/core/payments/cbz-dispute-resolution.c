/* cbz-dispute-resolution.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-code-table-private.h"
#include "cbz-payments-error.h"
#include "cbz-dispute-resolution.h"

G_DEFINE_ENUM_TYPE (CbzDisputeResolution, cbz_dispute_resolution,
  G_DEFINE_ENUM_VALUE (CBZ_DISPUTE_RESOLUTION_UPHELD, "upheld"),
  G_DEFINE_ENUM_VALUE (CBZ_DISPUTE_RESOLUTION_REJECTED, "rejected"))

static const CbzCodeEntry entries[CBZ_DISPUTE_RESOLUTION_N_VALUES] = {
  [CBZ_DISPUTE_RESOLUTION_UPHELD] = { "upheld", N_("Upheld with a credit"), "procede aceptada" },
  [CBZ_DISPUTE_RESOLUTION_REJECTED] = { "rejected", N_("Rejected"), "rechazada" },
};

const char *
cbz_dispute_resolution_to_string (CbzDisputeResolution value)
{
  return _cbz_code_table_to_string (entries, G_N_ELEMENTS (entries), value);
}

gboolean
cbz_dispute_resolution_from_string (const char           *str,
                                    CbzDisputeResolution *value)
{
  int found;

  g_return_val_if_fail (value != NULL, FALSE);

  if (!_cbz_code_table_from_string (entries, G_N_ELEMENTS (entries), str, &found))
    return FALSE;
  *value = (CbzDisputeResolution) found;
  return TRUE;
}

const char *
cbz_dispute_resolution_get_label (CbzDisputeResolution value)
{
  return _cbz_code_table_get_label (entries, G_N_ELEMENTS (entries), value);
}

gboolean
cbz_dispute_resolution_parse (const char            *text,
                              CbzDisputeResolution  *value,
                              GError               **error)
{
  g_autofree char *nicks = NULL;
  int found;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (_cbz_code_table_parse (entries, G_N_ELEMENTS (entries), text, &found))
    {
      *value = (CbzDisputeResolution) found;
      return TRUE;
    }

  nicks = _cbz_code_table_list_nicks (entries, G_N_ELEMENTS (entries));
  g_set_error (error, CBZ_PAYMENTS_ERROR, CBZ_PAYMENTS_ERROR_INVALID_CODE,
               _("“%s” is not a way to resolve a dispute; use one of: %s"), text, nicks);
  return FALSE;
}
