/* cbz-company-profile.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cbz-store.h"
#include "cbz-template.h"

G_BEGIN_DECLS

/*
 * Who sends the letters: the letterhead, the signature, how to pay, and how
 * late fees are stated. Kept in the database (table company_profile, one
 * row); it holds no secrets. A plain value: fill it, hand it to a renderer,
 * never change it while a renderer on another thread uses it.
 */

typedef enum
{
  CBZ_PAPER_A4,
  CBZ_PAPER_LETTER,
} CbzPaperSize;

typedef enum
{
  CBZ_LATE_FEE_NONE,
  CBZ_LATE_FEE_SIMPLE_INTEREST, /* balance × rate × days overdue / period */
} CbzLateFeeKind;

typedef enum
{
  CBZ_LATE_FEE_PERIOD_MONTHLY,  /* 30 days */
  CBZ_LATE_FEE_PERIOD_ANNUAL,   /* 365 days */
} CbzLateFeePeriod;

typedef struct
{
  char             *name;
  char             *tax_id;
  char             *address;              /* may hold several lines */
  char             *city;                 /* the place in the date line */
  char             *phone;
  char             *email;
  char             *website;
  GBytes           *logo_png;             /* nullable */
  GBytes           *signature_png;        /* nullable */
  char             *signer_name;
  char             *signer_title;
  char             *bank;
  char             *account_holder;
  char             *account_label;        /* "CLABE", "CBU", "Account" */
  char             *account;
  char             *reference_pattern;    /* template: "{{id_fiscal}}", "{{factura}}" */
  char             *payment_link_pattern; /* template: "https://pay.example/{{factura}}" */
  CbzPaperSize      paper;
  CbzLateFeeKind    late_fee_kind;
  gint64            late_fee_rate_bp;     /* basis points per period: 200 = 2.00 % */
  CbzLateFeePeriod  late_fee_period;
} CbzCompanyProfile;

#define CBZ_TYPE_COMPANY_PROFILE (cbz_company_profile_get_type ())
GType              cbz_company_profile_get_type  (void) G_GNUC_CONST;

CbzCompanyProfile *cbz_company_profile_new       (void);
CbzCompanyProfile *cbz_company_profile_copy      (const CbzCompanyProfile *self);
void               cbz_company_profile_free      (CbzCompanyProfile       *self);

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

const char        *cbz_paper_size_to_string      (CbzPaperSize             paper);
CbzPaperSize       cbz_paper_size_from_string    (const char              *str);
/* Width and height in PostScript points. */
void               cbz_paper_size_get_points     (CbzPaperSize             paper,
                                                  double                  *width,
                                                  double                  *height);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzCompanyProfile, cbz_company_profile_free)

G_END_DECLS
