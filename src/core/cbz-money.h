/* cbz-money.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Money is an amount in the currency's minor units (centavos) and an ISO 4217
 * code. It is a plain value: copy it, pass it by value, compare it with
 * cbz_money_compare(). There is no floating point anywhere in this API.
 *
 * Minor digits follow what people use, not always ISO 4217: CLP, PYG and COP
 * have none (COP centavos are not in circulation and Colombian invoices show
 * whole pesos), so 1.234.567 COP is stored as minor = 1234567.
 */
typedef struct
{
  gint64 minor;
  char   currency[4];
} CbzMoney;

#define CBZ_MONEY_ERROR (cbz_money_error_quark ())

typedef enum
{
  CBZ_MONEY_ERROR_INVALID,           /* not an amount at all */
  CBZ_MONEY_ERROR_TOO_MANY_DECIMALS, /* more non-zero decimals than the currency has */
  CBZ_MONEY_ERROR_OVERFLOW,          /* does not fit in 64 bits of minor units */
  CBZ_MONEY_ERROR_UNKNOWN_CURRENCY,
  CBZ_MONEY_ERROR_CURRENCY_MISMATCH, /* arithmetic between currencies, or text says another currency */
} CbzMoneyError;

typedef enum
{
  CBZ_MONEY_FORMAT_DEFAULT   = 0,
  CBZ_MONEY_FORMAT_NO_SYMBOL = 1 << 0, /* "1,234.56": for entry fields and exports */
  CBZ_MONEY_FORMAT_CODE      = 1 << 1, /* "MXN 1,234.56": unambiguous across countries */
} CbzMoneyFormatFlags;

GQuark       cbz_money_error_quark          (void);

/* Currency table. @code is an ISO 4217 code, any case. */
gboolean     cbz_currency_is_known          (const char *code);
int          cbz_currency_get_digits        (const char *code);
const char  *cbz_currency_get_symbol        (const char *code);
const char  *cbz_currency_get_name          (const char *code);
/* The country (ISO 3166-1 alpha-2) where the currency is the local one. */
const char  *cbz_currency_get_country       (const char *code);
/* Known codes, sorted; do not free. */
const char * const *cbz_currency_list       (void);

CbzMoney     cbz_money_init                 (gint64      minor,
                                             const char *currency);
gboolean     cbz_money_is_zero              (CbzMoney    money);
gboolean     cbz_money_is_negative          (CbzMoney    money);
gboolean     cbz_money_same_currency        (CbzMoney    a,
                                             CbzMoney    b);
/* Orders by currency code, then amount: usable with qsort. */
int          cbz_money_compare              (CbzMoney    a,
                                             CbzMoney    b);
gboolean     cbz_money_equal                (CbzMoney    a,
                                             CbzMoney    b);

/* Exact arithmetic: FALSE (with @error set) on a currency mismatch or overflow. */
gboolean     cbz_money_add                  (CbzMoney    a,
                                             CbzMoney    b,
                                             CbzMoney   *result,
                                             GError    **error);
gboolean     cbz_money_subtract             (CbzMoney    a,
                                             CbzMoney    b,
                                             CbzMoney   *result,
                                             GError    **error);
gboolean     cbz_money_multiply             (CbzMoney    a,
                                             gint64      factor,
                                             CbzMoney   *result,
                                             GError    **error);
CbzMoney     cbz_money_negate               (CbzMoney    money);
/* @money * @basis_points / 10000, rounded half away from zero (interest, fees). */
gboolean     cbz_money_apply_basis_points   (CbzMoney    money,
                                             gint64      basis_points,
                                             CbzMoney   *result,
                                             GError    **error);
/* Splits into @n_parts parts that add up exactly (the first ones get the
 * leftover minor units): instalment plans. Returns a newly allocated array. */
CbzMoney    *cbz_money_split                (CbzMoney    money,
                                             guint       n_parts);

/*
 * Formats for a person. @locale is a POSIX locale name ("es_CL.UTF-8",
 * "pt_BR", "en_US") or NULL for the current LC_MONETARY locale. The locale's
 * country decides the separators ("$ 1,234.56" in Mexico, "$ 1.234" in
 * Chile, "R$ 1.234,56" in Brazil); a locale without a country ("C", "es")
 * uses the currency's own country. A currency that is not the locale
 * country's own gets an unambiguous symbol (US$, MX$).
 */
char        *cbz_money_format               (CbzMoney    money,
                                             const char *locale);
char        *cbz_money_format_full          (CbzMoney    money,
                                             const char *locale,
                                             CbzMoneyFormatFlags flags);
/*
 * The country whose separators and symbols to use when the locale names none
 * ("C.UTF-8", a bare "es"), instead of each currency's own: a list mixing
 * pesos of several countries then stays unambiguous ("$" for the home
 * currency, "AR$", "CLP$" for the others). ISO 3166 code or NULL to unset.
 * Set once at start-up, before other threads format money.
 */
void         cbz_money_set_fallback_country (const char *country);

/*
 * Parses an amount as people type it or spreadsheets export it:
 * "1.234,56", "1,234.56", "$ 1 234", "1234", "-1.234,56", "(1.234,56)",
 * "US$ 12", "1.234.567 CLP". A single separator followed by exactly three
 * digits is a thousands separator ("1.234" is one thousand two hundred and
 * thirty-four in every currency); otherwise the last separator is the decimal
 * one. Decimals beyond the currency's digits are accepted only when they are
 * zeros: nothing is ever rounded away.
 *
 * @currency is used unless the text names a currency itself ("US$", "USD",
 * "R$", "S/"); a plain "$" means @currency.
 */
gboolean     cbz_money_parse                (const char *text,
                                             const char *currency,
                                             CbzMoney   *result,
                                             GError    **error);

G_END_DECLS
