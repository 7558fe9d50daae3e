/* cbz-store-company.h: the company profile letters and reminders are sent with
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-store.h"

G_BEGIN_DECLS

/*
 * Who sends the letters: the letterhead, the signature, how to pay, and how
 * late fees are stated. Kept in the portfolio (one row); it holds no
 * secrets. A plain value: fill it, hand it to a renderer, never change it
 * while a renderer on another thread uses it. cbz-company-profile.h (in
 * letters/) adds what letters do with it.
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
  GBytes           *logo_png;             /* nullable: PNG or SVG bytes */
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
GType              cbz_company_profile_get_type     (void) G_GNUC_CONST;

CbzCompanyProfile *cbz_company_profile_new          (void);
CbzCompanyProfile *cbz_company_profile_copy         (const CbzCompanyProfile *self);
void               cbz_company_profile_free         (CbzCompanyProfile       *self);

/* "a4" or "letter", as stored and as the command line takes them. */
const char        *cbz_paper_size_to_string         (CbzPaperSize             paper);
CbzPaperSize       cbz_paper_size_from_string       (const char              *str);

/* The stored profile, or an empty one (every text NULL) when none was saved
 * yet; empty texts read back as NULL. */
CbzCompanyProfile *cbz_store_load_company_profile   (CbzStore                *self,
                                                     GError                 **error);
/* Replaces the stored profile; emits ::changed. */
gboolean           cbz_store_save_company_profile   (CbzStore                *self,
                                                     const CbzCompanyProfile *profile,
                                                     GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzCompanyProfile, cbz_company_profile_free)

G_END_DECLS
