/* cbz-company-profile.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-company-profile.h"
#include "cbz-letter.h"

/**
 * cbz_company_profile_load:
 *
 * Returns: (transfer full) (nullable): the stored profile (an empty one when
 *   none was saved), or %NULL with a %CBZ_STORE_ERROR.
 */
CbzCompanyProfile *
cbz_company_profile_load (CbzStore  *store,
                          GError   **error)
{
  g_return_val_if_fail (CBZ_IS_STORE (store), NULL);

  return cbz_store_load_company_profile (store, error);
}

gboolean
cbz_company_profile_save (const CbzCompanyProfile  *self,
                          CbzStore                 *store,
                          GError                  **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (CBZ_IS_STORE (store), FALSE);

  return cbz_store_save_company_profile (store, self, error);
}

gboolean
cbz_company_profile_is_set (const CbzCompanyProfile *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->name != NULL && *self->name != '\0';
}

void
cbz_paper_size_get_points (CbzPaperSize  paper,
                           double       *width,
                           double       *height)
{
  if (paper == CBZ_PAPER_LETTER)
    {
      *width = 612.0;
      *height = 792.0;
    }
  else
    {
      *width = 210.0 / 25.4 * 72.0;
      *height = 297.0 / 25.4 * 72.0;
    }
}

CbzTemplateContext *
cbz_company_profile_load_sender_context (CbzStore  *store,
                                         GError   **error)
{
  g_autoptr(CbzTemplateContext) context = NULL;
  g_autoptr(CbzCompanyProfile) profile = NULL;

  g_return_val_if_fail (CBZ_IS_STORE (store), NULL);

  profile = cbz_store_load_company_profile (store, error);
  if (profile == NULL)
    return NULL;
  if (!cbz_company_profile_is_set (profile))
    {
      g_set_error_literal (error, CBZ_LETTER_ERROR, CBZ_LETTER_ERROR_NO_COMPANY,
                           _("Reminders must say who sends them: fill in your company’s name "
                             "in Preferences, Letters (or with “cobranza-cli company --name”)"));
      return NULL;
    }

  context = cbz_template_context_new ();
  cbz_template_context_set (context, CBZ_TEMPLATE_VAR_COMPANY, profile->name);
  if (profile->phone != NULL)
    cbz_template_context_set (context, CBZ_TEMPLATE_VAR_COMPANY_PHONE, profile->phone);
  if (profile->email != NULL)
    cbz_template_context_set (context, CBZ_TEMPLATE_VAR_COMPANY_EMAIL, profile->email);
  if (profile->bank != NULL)
    cbz_template_context_set (context, CBZ_TEMPLATE_VAR_BANK, profile->bank);
  if (profile->account != NULL)
    cbz_template_context_set (context, CBZ_TEMPLATE_VAR_ACCOUNT, profile->account);
  if (profile->signer_name != NULL)
    cbz_template_context_set (context, CBZ_TEMPLATE_VAR_SIGNER, profile->signer_name);
  return g_steal_pointer (&context);
}
