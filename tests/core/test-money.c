/* test-money.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "cbz-money.h"
#include "cbz-test-util.h"

#define NBSP "\u00a0"

static void
assert_format (gint64      minor,
               const char *currency,
               const char *locale,
               const char *expected)
{
  g_autofree char *text = cbz_money_format (cbz_money_init (minor, currency), locale);

  g_assert_cmpstr (text, ==, expected);
}

static void
assert_parse (const char *text,
              const char *currency,
              gint64      expected_minor,
              const char *expected_currency)
{
  g_autoptr(GError) error = NULL;
  CbzMoney money;

  if (!cbz_money_parse (text, currency, &money, &error))
    g_error ("could not parse “%s”: %s", text, error->message);
  g_assert_cmpint (money.minor, ==, expected_minor);
  g_assert_cmpstr (money.currency, ==, expected_currency);
}

static void
assert_parse_fails (const char *text,
                    const char *currency,
                    int         code)
{
  g_autoptr(GError) error = NULL;
  CbzMoney money;

  g_assert_false (cbz_money_parse (text, currency, &money, &error));
  g_assert_error (error, CBZ_MONEY_ERROR, code);
  g_assert_nonnull (strstr (error->message, text));
}

static void
test_money_currencies (void)
{
  g_assert_cmpint (cbz_currency_get_digits ("MXN"), ==, 2);
  g_assert_cmpint (cbz_currency_get_digits ("usd"), ==, 2);
  g_assert_cmpint (cbz_currency_get_digits ("CLP"), ==, 0);
  g_assert_cmpint (cbz_currency_get_digits ("COP"), ==, 0);
  g_assert_cmpint (cbz_currency_get_digits ("PYG"), ==, 0);
  g_assert_cmpint (cbz_currency_get_digits ("XYZ"), ==, -1);
  g_assert_cmpstr (cbz_currency_get_symbol ("PEN"), ==, "S/");
  g_assert_cmpstr (cbz_currency_get_symbol ("BRL"), ==, "R$");
  g_assert_cmpstr (cbz_currency_get_country ("COP"), ==, "CO");
  g_assert_true (cbz_currency_is_known ("GTQ"));
  g_assert_false (cbz_currency_is_known ("MX"));
  g_assert_cmpstr (cbz_currency_get_name ("MXN"), ==, "Mexican peso");
  for (const char * const *c = cbz_currency_list (); *c != NULL; c++)
    {
      g_assert_true (cbz_currency_is_known (*c));
      if (c[1] != NULL)
        g_assert_cmpint (strcmp (c[0], c[1]), <, 0);
    }
}

static void
test_money_format (void)
{
  assert_format (123456, "MXN", "es_MX.UTF-8", "$" NBSP "1,234.56");
  assert_format (-123456, "MXN", "es_MX.UTF-8", "-$" NBSP "1,234.56");
  assert_format (5, "MXN", "es_MX", "$" NBSP "0.05");
  assert_format (0, "MXN", "es_MX", "$" NBSP "0.00");
  assert_format (123456789, "MXN", "en_US", "MX$" NBSP "1,234,567.89");
  assert_format (123456, "USD", "en_US", "$" NBSP "1,234.56");
  assert_format (123456, "USD", "es_MX", "US$" NBSP "1,234.56");
  assert_format (123456, "USD", "es_EC", "$" NBSP "1.234,56");
  assert_format (1234567, "CLP", "es_CL.UTF-8", "$" NBSP "1.234.567");
  assert_format (-1234567, "CLP", "es_CL", "-$" NBSP "1.234.567");
  assert_format (1234567, "COP", "es_CO", "$" NBSP "1.234.567");
  assert_format (123456, "ARS", "es_AR", "$" NBSP "1.234,56");
  assert_format (123456, "BRL", "pt_BR", "R$" NBSP "1.234,56");
  assert_format (123456, "PEN", "es_PE", "S/" NBSP "1,234.56");
  assert_format (123456, "EUR", "es_ES", "1.234,56" NBSP "€");
  assert_format (123456, "GTQ", "es_GT", "Q" NBSP "1,234.56");
  assert_format (123456, "DOP", "es_DO", "RD$" NBSP "1,234.56");
  assert_format (100000, "PYG", "es_PY", "₲" NBSP "100.000");
  /* A locale without a country writes like the currency's own country. */
  assert_format (123456, "MXN", "C", "$" NBSP "1,234.56");
  assert_format (1234567, "CLP", "C.UTF-8", "$" NBSP "1.234.567");
  assert_format (123456, "BRL", "es", "R$" NBSP "1.234,56");
  /* Extremes do not overflow. */
  assert_format (G_MININT64, "MXN", "es_MX", "-$" NBSP "92,233,720,368,547,758.08");
  assert_format (G_MAXINT64, "CLP", "es_CL", "$" NBSP "9.223.372.036.854.775.807");
}

static void
test_money_format_flags (void)
{
  g_autofree char *code = cbz_money_format_full (cbz_money_init (-123456, "MXN"), "es_MX",
                                                  CBZ_MONEY_FORMAT_CODE);
  g_autofree char *plain = cbz_money_format_full (cbz_money_init (-123456, "ARS"), "es_AR",
                                                   CBZ_MONEY_FORMAT_NO_SYMBOL);

  g_assert_cmpstr (code, ==, "MXN -1,234.56");
  g_assert_cmpstr (plain, ==, "-1.234,56");
}

static void
test_money_format_current_locale (void)
{
  g_autofree char *text = NULL;
  const char *saved = setlocale (LC_MONETARY, NULL);
  g_autofree char *old = g_strdup (saved);

  if (setlocale (LC_MONETARY, "es_MX.UTF-8") == NULL)
    {
      g_test_skip ("es_MX.UTF-8 is not installed");
      return;
    }
  text = cbz_money_format (cbz_money_init (-250000, "CLP"), NULL);
  g_assert_cmpstr (text, ==, "-CLP$" NBSP "250,000");
  setlocale (LC_MONETARY, old);
}

static void
test_money_parse (void)
{
  assert_parse ("1.234,56", "MXN", 123456, "MXN");
  assert_parse ("1,234.56", "MXN", 123456, "MXN");
  assert_parse ("$ 1 234", "MXN", 123400, "MXN");
  assert_parse ("$" NBSP "1" NBSP "234,5", "MXN", 123450, "MXN");
  assert_parse ("1234", "MXN", 123400, "MXN");
  assert_parse ("-1.234,56", "MXN", -123456, "MXN");
  assert_parse ("(1.234,56)", "MXN", -123456, "MXN");
  assert_parse ("($1,234.56)", "MXN", -123456, "MXN");
  assert_parse ("$ -1,234.56", "MXN", -123456, "MXN");
  assert_parse ("1.234,56-", "MXN", -123456, "MXN");
  assert_parse ("−12.50", "MXN", -1250, "MXN");
  assert_parse ("+12.5", "MXN", 1250, "MXN");
  assert_parse ("  12,5  ", "MXN", 1250, "MXN");
  assert_parse (".5", "MXN", 50, "MXN");
  assert_parse ("0,05", "MXN", 5, "MXN");
  assert_parse ("0.500", "MXN", 50, "MXN");
  assert_parse ("1'234.56", "MXN", 123456, "MXN");
  assert_parse ("1.234.567", "MXN", 123456700, "MXN");
  assert_parse ("1,234,567.89", "MXN", 123456789, "MXN");
  /* "1.234": one separator and three digits is a thousands separator. */
  assert_parse ("1.234", "MXN", 123400, "MXN");
  assert_parse ("1,234", "MXN", 123400, "MXN");
  assert_parse ("1.234", "CLP", 1234, "CLP");
  assert_parse ("1.5", "MXN", 150, "MXN");
  assert_parse ("1,50", "MXN", 150, "MXN");
  /* Zero-decimal currencies accept zero decimals and nothing else. */
  assert_parse ("$ 1.234.567", "CLP", 1234567, "CLP");
  assert_parse ("1.234.567,00", "COP", 1234567, "COP");
  assert_parse ("1234567.00", "COP", 1234567, "COP");
  /* The text may name the currency. */
  assert_parse ("US$ 12.50", "MXN", 1250, "USD");
  assert_parse ("USD 12.50", "MXN", 1250, "USD");
  assert_parse ("12.50 usd", "MXN", 1250, "USD");
  assert_parse ("S/ 1,234.56", "MXN", 123456, "PEN");
  assert_parse ("R$ 1.234,56", "MXN", 123456, "BRL");
  assert_parse ("1.234 CLP", "MXN", 1234, "CLP");
  assert_parse ("1.234,50 €", "MXN", 123450, "EUR");
  assert_parse ("MXN1234", NULL, 123400, "MXN");
}

static void
test_money_parse_errors (void)
{
  assert_parse_fails ("", "MXN", CBZ_MONEY_ERROR_INVALID);
  assert_parse_fails ("abc", "MXN", CBZ_MONEY_ERROR_INVALID);
  assert_parse_fails ("12abc", "MXN", CBZ_MONEY_ERROR_INVALID);
  assert_parse_fails ("1.23.4", "MXN", CBZ_MONEY_ERROR_INVALID);
  assert_parse_fails ("1,234.567,89", "MXN", CBZ_MONEY_ERROR_INVALID);
  assert_parse_fails ("12,34,567", "MXN", CBZ_MONEY_ERROR_INVALID);
  assert_parse_fails ("$", "MXN", CBZ_MONEY_ERROR_INVALID);
  assert_parse_fails ("--5", "MXN", CBZ_MONEY_ERROR_INVALID);
  assert_parse_fails ("US$ 5 MXN", "MXN", CBZ_MONEY_ERROR_INVALID);
  assert_parse_fails ("1234.567", "MXN", CBZ_MONEY_ERROR_TOO_MANY_DECIMALS);
  assert_parse_fails ("0.125", "MXN", CBZ_MONEY_ERROR_TOO_MANY_DECIMALS);
  assert_parse_fails ("1.234,5", "CLP", CBZ_MONEY_ERROR_TOO_MANY_DECIMALS);
  assert_parse_fails ("99999999999999999999", "MXN", CBZ_MONEY_ERROR_OVERFLOW);
  assert_parse_fails ("92233720368547758.08", "MXN", CBZ_MONEY_ERROR_OVERFLOW);

  {
    g_autoptr(GError) error = NULL;
    CbzMoney money;

    g_assert_false (cbz_money_parse ("12", "XYZ", &money, &error));
    g_assert_error (error, CBZ_MONEY_ERROR, CBZ_MONEY_ERROR_UNKNOWN_CURRENCY);
  }
}

/* Everything we write, we read back, in every currency and every style. */
static void
test_money_round_trip (void)
{
  static const char * const locales[] = {
    "es_MX", "en_US", "es_CL", "es_AR", "es_CO", "pt_BR", "es_PE", "es_ES", "es_CR", "C",
  };
  static const gint64 amounts[] = {
    0, 1, 5, 99, 100, 123456, -123456, 100000000, 987654321012, -7, G_MAXINT64 / 1000,
  };

  for (const char * const *c = cbz_currency_list (); *c != NULL; c++)
    {
      for (guint l = 0; l < G_N_ELEMENTS (locales); l++)
        {
          for (guint a = 0; a < G_N_ELEMENTS (amounts); a++)
            {
              for (int flags = 0; flags < 3; flags++)
                {
                  g_autoptr(GError) error = NULL;
                  CbzMoney in = cbz_money_init (amounts[a], *c);
                  CbzMoney out;
                  g_autofree char *text = cbz_money_format_full (in, locales[l], flags);

                  if (!cbz_money_parse (text, *c, &out, &error))
                    g_error ("%s in %s: “%s” does not parse: %s", *c, locales[l], text,
                             error->message);
                  g_assert_cmpint (out.minor, ==, in.minor);
                  g_assert_cmpstr (out.currency, ==, in.currency);
                }
            }
        }
    }
}

static void
test_money_arithmetic (void)
{
  g_autoptr(GError) error = NULL;
  CbzMoney a = cbz_money_init (1050, "mxn");
  CbzMoney b = cbz_money_init (-2075, "MXN");
  CbzMoney r;
  CbzMoney *parts;
  gint64 total = 0;

  g_assert_cmpstr (a.currency, ==, "MXN");
  g_assert_true (cbz_money_add (a, b, &r, &error));
  g_assert_no_error (error);
  g_assert_cmpint (r.minor, ==, -1025);
  g_assert_true (cbz_money_is_negative (r));
  g_assert_true (cbz_money_subtract (a, b, &r, NULL));
  g_assert_cmpint (r.minor, ==, 3125);
  g_assert_true (cbz_money_multiply (a, 3, &r, NULL));
  g_assert_cmpint (r.minor, ==, 3150);
  g_assert_cmpint (cbz_money_negate (a).minor, ==, -1050);
  g_assert_true (cbz_money_is_zero (cbz_money_init (0, "CLP")));

  g_assert_false (cbz_money_add (a, cbz_money_init (1, "USD"), &r, &error));
  g_assert_error (error, CBZ_MONEY_ERROR, CBZ_MONEY_ERROR_CURRENCY_MISMATCH);
  g_clear_error (&error);
  g_assert_false (cbz_money_add (cbz_money_init (G_MAXINT64, "MXN"), a, &r, &error));
  g_assert_error (error, CBZ_MONEY_ERROR, CBZ_MONEY_ERROR_OVERFLOW);
  g_clear_error (&error);
  g_assert_false (cbz_money_multiply (cbz_money_init (G_MAXINT64 / 2, "MXN"), 3, &r, &error));
  g_assert_error (error, CBZ_MONEY_ERROR, CBZ_MONEY_ERROR_OVERFLOW);

  /* 2.5% of 10.50 is 0.2625 -> 0.26; of 10.30 is 0.2575 -> 0.26; negatives mirror. */
  g_assert_true (cbz_money_apply_basis_points (a, 250, &r, NULL));
  g_assert_cmpint (r.minor, ==, 26);
  g_assert_true (cbz_money_apply_basis_points (cbz_money_init (1030, "MXN"), 250, &r, NULL));
  g_assert_cmpint (r.minor, ==, 26);
  g_assert_true (cbz_money_apply_basis_points (cbz_money_init (-1030, "MXN"), 250, &r, NULL));
  g_assert_cmpint (r.minor, ==, -26);
  g_assert_true (cbz_money_apply_basis_points (cbz_money_init (200, "MXN"), 2500, &r, NULL));
  g_assert_cmpint (r.minor, ==, 50);

  parts = cbz_money_split (cbz_money_init (1000, "MXN"), 3);
  g_assert_cmpint (parts[0].minor, ==, 334);
  g_assert_cmpint (parts[1].minor, ==, 333);
  g_assert_cmpint (parts[2].minor, ==, 333);
  for (int i = 0; i < 3; i++)
    total += parts[i].minor;
  g_assert_cmpint (total, ==, 1000);
  g_free (parts);
  parts = cbz_money_split (cbz_money_init (-1000, "MXN"), 3);
  g_assert_cmpint (parts[0].minor + parts[1].minor + parts[2].minor, ==, -1000);
  g_assert_cmpint (parts[0].minor, ==, -334);
  g_free (parts);

  g_assert_cmpint (cbz_money_compare (cbz_money_init (5, "MXN"), cbz_money_init (7, "MXN")), <, 0);
  g_assert_cmpint (cbz_money_compare (cbz_money_init (9, "CLP"), cbz_money_init (1, "MXN")), <, 0);
  g_assert_true (cbz_money_equal (cbz_money_init (7, "USD"), cbz_money_init (7, "usd")));
}

/* A locale without a country: each currency in its own country's way, or,
 * once the business's country is set, the home currency plainly and the
 * others with unambiguous symbols. */
static void
test_money_fallback_country (void)
{
  CbzMoney ars = cbz_money_init (123456, "ARS");
  CbzMoney mxn = cbz_money_init (123456, "MXN");
  g_autofree char *ars_own = cbz_money_format (ars, "C.UTF-8");
  g_autofree char *mxn_own = cbz_money_format (mxn, "C.UTF-8");
  g_autofree char *ars_mx = NULL;
  g_autofree char *mxn_mx = NULL;
  g_autofree char *ars_cl = NULL;

  g_assert_cmpstr (ars_own, ==, "$\u00a01.234,56");
  g_assert_cmpstr (mxn_own, ==, "$\u00a01,234.56");

  cbz_money_set_fallback_country ("mx");
  ars_mx = cbz_money_format (ars, "C.UTF-8");
  mxn_mx = cbz_money_format (mxn, "C.UTF-8");
  /* A locale with a country still decides. */
  ars_cl = cbz_money_format (ars, "es_CL.UTF-8");
  cbz_money_set_fallback_country (NULL);

  g_assert_cmpstr (mxn_mx, ==, "$\u00a01,234.56");
  g_assert_cmpstr (ars_mx, !=, "$\u00a01,234.56");
  g_assert_true (g_str_has_prefix (ars_mx, "AR$"));
  g_assert_true (g_str_has_suffix (ars_mx, "1,234.56"));
  g_assert_true (g_str_has_prefix (ars_cl, "AR$"));
  g_assert_true (g_str_has_suffix (ars_cl, "1.234,56"));
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/money/currencies", test_money_currencies);
  g_test_add_func ("/core/money/format", test_money_format);
  g_test_add_func ("/core/money/format-flags", test_money_format_flags);
  g_test_add_func ("/core/money/format-current-locale", test_money_format_current_locale);
  g_test_add_func ("/core/money/fallback-country", test_money_fallback_country);
  g_test_add_func ("/core/money/parse", test_money_parse);
  g_test_add_func ("/core/money/parse-errors", test_money_parse_errors);
  g_test_add_func ("/core/money/round-trip", test_money_round_trip);
  g_test_add_func ("/core/money/arithmetic", test_money_arithmetic);

  return g_test_run ();
}
