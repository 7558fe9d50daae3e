/* cbz-company-profile.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cbz-store.h"
#include "cbz-store-company.h"
#include "cbz-template.h"

G_BEGIN_DECLS

/*
 * Who sends the letters (CbzCompanyProfile, a plain value the store keeps:
 * cbz-store-company.h), and what letters and reminders take from it.
 */

/* Returns the stored profile, or an empty one when none was saved yet. */
CbzCompanyProfile *cbz_company_profile_load      (CbzStore                *store,
                                                  GError                 **error);
gboolean           cbz_company_profile_save      (const CbzCompanyProfile *self,
                                                  CbzStore                *store,
                                                  GError                 **error);

/* TRUE when the profile names the company (the least a letter needs). */
gboolean           cbz_company_profile_is_set    (const CbzCompanyProfile *self);

/* Who a reminder comes from: the stored profile's name, phone, email, bank,
 * account and signer as message template variables. Fails with
 * CBZ_LETTER_ERROR_NO_COMPANY when the company has no name yet. */
CbzTemplateContext *cbz_company_profile_load_sender_context (CbzStore  *store,
                                                             GError   **error);

/* Width and height in PostScript points. */
void               cbz_paper_size_get_points     (CbzPaperSize             paper,
                                                  double                  *width,
                                                  double                  *height);

G_END_DECLS
