/* cbz-tax-id.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CBZ_TAX_ID_ERROR (cbz_tax_id_error_quark ())

typedef enum
{
  CBZ_TAX_ID_ERROR_EMPTY,
  CBZ_TAX_ID_ERROR_INVALID,      /* not shaped like any tax ID we know (or the one asked for) */
  CBZ_TAX_ID_ERROR_CHECK_DIGIT,  /* right shape, wrong check digit: usually a typo */
} CbzTaxIdError;

typedef enum
{
  CBZ_TAX_ID_UNKNOWN,
  CBZ_TAX_ID_RFC,   /* Mexico, 12 (companies) or 13 (people) characters */
  CBZ_TAX_ID_RUT,   /* Chile, number + check digit (0-9 or K) */
  CBZ_TAX_ID_CUIT,  /* Argentina, 11 digits */
  CBZ_TAX_ID_NIT,   /* Colombia, number + check digit */
  CBZ_TAX_ID_RUC,   /* Peru (11 digits) or Ecuador (13 digits) */
} CbzTaxIdKind;

/* Longest normalised form (13) and the NUL, with room for multibyte Ñ. */
#define CBZ_TAX_ID_SIZE 24

typedef struct
{
  CbzTaxIdKind kind;
  char         country[3];                  /* "MX", "CL", "AR", "CO", "PE", "EC" */
  char         normalized[CBZ_TAX_ID_SIZE]; /* uppercase, no spaces, dots or dashes */
} CbzTaxId;

GQuark        cbz_tax_id_error_quark        (void);

/*
 * Recognises, normalises and validates a tax ID (check digits, and the date
 * inside an RFC). @country_hint (ISO 3166-1, or NULL) settles shapes several
 * countries share: "20123456786" may be a CUIT or a Peruvian RUC.
 * @kind_hint (or CBZ_TAX_ID_UNKNOWN) forces one kind, e.g. when the
 * spreadsheet column is headed "RUT".
 *
 * When it fails, @result still says what the text was taken for, when that
 * is known (the kind whose check digit did not match, or the forced kind):
 * its kind and country, else CBZ_TAX_ID_UNKNOWN; normalized is empty.
 */
gboolean      cbz_tax_id_parse              (const char   *text,
                                             const char   *country_hint,
                                             CbzTaxIdKind  kind_hint,
                                             CbzTaxId     *result,
                                             GError      **error);
/* A tax ID that did not check out is kept as written, with why it did not
 * (debtors.tax_id_problem): "check-digit" for CBZ_TAX_ID_ERROR_CHECK_DIGIT,
 * "invalid" for CBZ_TAX_ID_ERROR_INVALID, NULL for anything else. */
const char   *cbz_tax_id_problem_to_string  (CbzTaxIdError  problem);
gboolean      cbz_tax_id_problem_from_string (const char    *text,
                                              CbzTaxIdError *problem);
/* For display: "12.345.678-5", "20-12345678-6", "900.123.456-7". */
char         *cbz_tax_id_format             (const CbzTaxId *tax_id);
/* "RFC", "RUT", ... or NULL for CBZ_TAX_ID_UNKNOWN: the values of debtors.tax_id_kind. */
const char   *cbz_tax_id_kind_to_string     (CbzTaxIdKind  kind);
CbzTaxIdKind  cbz_tax_id_kind_from_string   (const char   *text);

/*
 * The check character for @body (the ID without it): an RFC's first 11 or 12
 * characters, a RUT's or NIT's number, a CUIT's or Peruvian RUC's first ten
 * digits. Returns 0 when @body cannot have one. Used to build valid IDs
 * (demo data) as well as to check them.
 */
char          cbz_tax_id_compute_check      (CbzTaxIdKind  kind,
                                             const char   *body);

G_END_DECLS
