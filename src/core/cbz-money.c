/* cbz-money.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "cbz-money.h"
#include "cbz-locale-private.h"

typedef struct
{
  const char *code;
  int         digits;
  const char *symbol;       /* what people in @country write */
  const char *intl_symbol;  /* what to write elsewhere, where "$" would be ambiguous */
  const char *country;      /* home country */
  const char *also_local;   /* other countries where @symbol is the local one, space separated */
  const char *name;
} CurrencyInfo;

/* Sorted by code (bsearch). */
static const CurrencyInfo currencies[] = {
  { "ARS", 2, "$",    "AR$",  "AR", NULL,              N_("Argentine peso") },
  { "BOB", 2, "Bs",   "Bs",   "BO", NULL,              N_("Bolivian boliviano") },
  { "BRL", 2, "R$",   "R$",   "BR", NULL,              N_("Brazilian real") },
  { "CAD", 2, "$",    "CA$",  "CA", NULL,              N_("Canadian dollar") },
  { "CLP", 0, "$",    "CLP$", "CL", NULL,              N_("Chilean peso") },
  { "COP", 0, "$",    "COL$", "CO", NULL,              N_("Colombian peso") },
  { "CRC", 2, "₡",    "₡",    "CR", NULL,              N_("Costa Rican colón") },
  { "DOP", 2, "RD$",  "RD$",  "DO", NULL,              N_("Dominican peso") },
  { "EUR", 2, "€",    "€",    "ES", NULL,              N_("Euro") },
  { "GBP", 2, "£",    "£",    "GB", NULL,              N_("Pound sterling") },
  { "GTQ", 2, "Q",    "Q",    "GT", NULL,              N_("Guatemalan quetzal") },
  { "HNL", 2, "L",    "L",    "HN", NULL,              N_("Honduran lempira") },
  { "MXN", 2, "$",    "MX$",  "MX", NULL,              N_("Mexican peso") },
  { "NIO", 2, "C$",   "C$",   "NI", NULL,              N_("Nicaraguan córdoba") },
  { "PAB", 2, "B/.",  "B/.",  "PA", NULL,              N_("Panamanian balboa") },
  { "PEN", 2, "S/",   "S/",   "PE", NULL,              N_("Peruvian sol") },
  { "PYG", 0, "₲",    "₲",    "PY", NULL,              N_("Paraguayan guaraní") },
  { "USD", 2, "$",    "US$",  "US", "EC SV PR PA",     N_("US dollar") },
  { "UYU", 2, "$",    "$U",   "UY", NULL,              N_("Uruguayan peso") },
};

static const char * const currency_codes[] = {
  "ARS", "BOB", "BRL", "CAD", "CLP", "COP", "CRC", "DOP", "EUR", "GBP",
  "GTQ", "HNL", "MXN", "NIO", "PAB", "PEN", "PYG", "USD", "UYU", NULL
};

/* Symbols and words that name a currency inside an amount, longest first so
 * that "US$" wins over "$". NULL code: the caller's currency. */
static const struct
{
  const char *token;
  const char *code;
} currency_tokens[] = {
  { "CLP$", "CLP" }, { "COL$", "COP" },
  { "US$", "USD" }, { "U$S", "USD" }, { "MX$", "MXN" }, { "AR$", "ARS" },
  { "CA$", "CAD" }, { "RD$", "DOP" }, { "S/.", "PEN" }, { "B/.", "PAB" },
  { "R$", "BRL" }, { "S/", "PEN" }, { "$U", "UYU" }, { "C$", "NIO" },
  { "Bs", "BOB" }, { "Q", "GTQ" }, { "L", "HNL" },
  { "€", "EUR" }, { "£", "GBP" }, { "₲", "PYG" }, { "₡", "CRC" },
  { "$", NULL },
};

G_DEFINE_QUARK (cbz-money-error-quark, cbz_money_error)

/* g_ascii_strncasecmp() inline: a big import looks up two codes a row. */
static int
compare_currency_cb (const void *key,
                     const void *element)
{
  const CurrencyInfo *info = element;
  const char *a = key;

  for (int i = 0; i < 3; i++)
    {
      int x = a[i] >= 'A' && a[i] <= 'Z' ? a[i] + ('a' - 'A') : (guchar) a[i];
      int y = info->code[i] >= 'A' && info->code[i] <= 'Z' ? info->code[i] + ('a' - 'A') : (guchar) info->code[i];

      if (x != y || x == 0)
        return x - y;
    }
  return 0;
}

static const CurrencyInfo *
lookup_currency (const char *code)
{
  if (code == NULL || strlen (code) != 3)
    return NULL;
  return bsearch (code, currencies, G_N_ELEMENTS (currencies), sizeof currencies[0],
                  compare_currency_cb);
}

static gint64
power_of_ten (int digits)
{
  gint64 p = 1;

  for (int i = 0; i < digits; i++)
    p *= 10;
  return p;
}

static gboolean
check_same_currency (CbzMoney   a,
                     CbzMoney   b,
                     GError   **error)
{
  if (cbz_money_same_currency (a, b))
    return TRUE;
  g_set_error (error, CBZ_MONEY_ERROR, CBZ_MONEY_ERROR_CURRENCY_MISMATCH,
               _("Cannot combine amounts in %s and %s"), a.currency, b.currency);
  return FALSE;
}

static gboolean
set_overflow (GError **error)
{
  g_set_error_literal (error, CBZ_MONEY_ERROR, CBZ_MONEY_ERROR_OVERFLOW,
                       _("The amount is too large"));
  return FALSE;
}

static gboolean
country_in_list (const char *country,
                 const char *list)
{
  const char *p;

  if (list == NULL || country == NULL || country[0] == '\0')
    return FALSE;
  for (p = strstr (list, country); p != NULL; p = strstr (p + 1, country))
    {
      if ((p == list || p[-1] == ' ') && (p[2] == '\0' || p[2] == ' '))
        return TRUE;
    }
  return FALSE;
}

static void
append_grouped (GString    *out,
                guint64     value,
                const char *group)
{
  char digits[24];
  int n;

  n = g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, value);
  for (int i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append (out, group);
      g_string_append_c (out, digits[i]);
    }
}

/* Strips spaces, including the no-break and thin spaces spreadsheets use. */
static gboolean
skip_space (const char **p,
            const char  *end)
{
  const unsigned char *s = (const unsigned char *) *p;

  if (s < (const unsigned char *) end && (*s == ' ' || *s == '\t'))
    {
      *p += 1;
      return TRUE;
    }
  if ((const char *) s + 1 < end && s[0] == 0xC2 && s[1] == 0xA0)
    {
      *p += 2;
      return TRUE;
    }
  if ((const char *) s + 2 < end && s[0] == 0xE2 && s[1] == 0x80 &&
      (s[2] == 0xAF || s[2] == 0x89 || s[2] == 0x8A))
    {
      *p += 3;
      return TRUE;
    }
  return FALSE;
}

static gboolean
rskip_space (const char  *start,
             const char **end)
{
  const unsigned char *e = (const unsigned char *) *end;
  gsize len = *end - start;

  if (len >= 1 && (e[-1] == ' ' || e[-1] == '\t'))
    {
      *end -= 1;
      return TRUE;
    }
  if (len >= 2 && e[-2] == 0xC2 && e[-1] == 0xA0)
    {
      *end -= 2;
      return TRUE;
    }
  if (len >= 3 && e[-3] == 0xE2 && e[-2] == 0x80 &&
      (e[-1] == 0xAF || e[-1] == 0x89 || e[-1] == 0x8A))
    {
      *end -= 3;
      return TRUE;
    }
  return FALSE;
}

/* Matches a currency symbol or ISO code at @p (forward) or ending at @end
 * (backward). Sets *@code to the currency named, or "" for a bare "$". */
static gsize
match_currency_token (const char *p,
                      const char *end,
                      gboolean    backward,
                      const char **code)
{
  gsize avail = end - p;

  for (guint i = 0; i < G_N_ELEMENTS (currency_tokens); i++)
    {
      gsize len = strlen (currency_tokens[i].token);
      const char *at = backward ? end - len : p;

      if (len > avail)
        continue;
      if (strncmp (at, currency_tokens[i].token, len) == 0)
        {
          *code = currency_tokens[i].code != NULL ? currency_tokens[i].code : "";
          return len;
        }
    }

  if (avail >= 3)
    {
      const char *at = backward ? end - 3 : p;
      const CurrencyInfo *info;
      char word[4] = { at[0], at[1], at[2], 0 };

      /* A code must stand alone: "MXN100" is fine, "MXNX" is not a code. */
      if (backward ? (avail == 3 || !g_ascii_isalpha (at[-1]))
                   : (avail == 3 || !g_ascii_isalpha (at[3])))
        {
          info = lookup_currency (word);
          if (info != NULL)
            {
              *code = info->code;
              return 3;
            }
        }
    }
  return 0;
}

static gboolean
set_text_overflow (const char  *text,
                   GError     **error)
{
  g_set_error (error, CBZ_MONEY_ERROR, CBZ_MONEY_ERROR_OVERFLOW,
               _("“%s” is too large an amount"), text);
  return FALSE;
}

static gboolean
set_invalid (const char  *text,
             GError     **error)
{
  g_set_error (error, CBZ_MONEY_ERROR, CBZ_MONEY_ERROR_INVALID,
               _("“%s” is not a valid amount"), text);
  return FALSE;
}

static gboolean
is_group_only_separator (const char *p,
                         const char *end,
                         gsize      *len)
{
  const char *q = p;

  if (*p == '\'')
    {
      *len = 1;
      return TRUE;
    }
  if (strncmp (p, "’", MIN ((gsize) (end - p), strlen ("’"))) == 0 && (gsize) (end - p) >= strlen ("’"))
    {
      *len = strlen ("’");
      return TRUE;
    }
  if (skip_space (&q, end))
    {
      *len = q - p;
      return TRUE;
    }
  return FALSE;
}

/* Parses the digits-and-separators part. */
static gboolean
parse_number (const char  *text,
              const char  *p,
              const char  *end,
              int          digits,
              const char  *currency,
              guint64     *magnitude,
              GError     **error)
{
  /* Runs of digits and the separator that follows each. */
  enum { MAX_RUNS = 16 };
  const char *run_start[MAX_RUNS];
  gsize run_len[MAX_RUNS];
  char sep[MAX_RUNS];  /* '.', ',' or 'g' (a space or apostrophe: grouping only) */
  guint n_runs = 0;
  int decimal_at = -1;  /* index of the run after the decimal separator */
  guint64 whole = 0;
  guint64 frac = 0;
  guint64 scale;

  if (p >= end)
    return set_invalid (text, error);

  while (p <= end)
    {
      const char *start = p;
      gsize glen;

      if (n_runs == MAX_RUNS)
        return set_invalid (text, error);
      while (p < end && g_ascii_isdigit (*p))
        p++;
      run_start[n_runs] = start;
      run_len[n_runs] = p - start;
      if (p == end)
        {
          sep[n_runs++] = 0;
          break;
        }
      if (*p == '.' || *p == ',')
        {
          sep[n_runs++] = *p;
          p++;
        }
      else if (is_group_only_separator (p, end, &glen))
        {
          sep[n_runs++] = 'g';
          p += glen;
        }
      else
        return set_invalid (text, error);
    }

  /* Which separator is the decimal one? */
  if (n_runs > 1)
    {
      int last = -1;
      gboolean other_kind = FALSE;
      gboolean same_kind_before = FALSE;

      for (int i = (int) n_runs - 2; i >= 0; i--)
        {
          if (sep[i] == '.' || sep[i] == ',')
            {
              last = i;
              break;
            }
        }
      if (last >= 0)
        {
          for (int i = 0; i < last; i++)
            {
              if (sep[i] == sep[last])
                same_kind_before = TRUE;
              else if (sep[i] != 'g')
                other_kind = TRUE;
            }

          if (other_kind && same_kind_before)
            return set_invalid (text, error);
          if (other_kind)
            decimal_at = last + 1;
          else if (same_kind_before)
            decimal_at = -1;
          else if (last == (int) n_runs - 2 && run_len[last + 1] == 3 &&
                   run_len[last] >= 1 && run_len[last] <= 3 &&
                   !(run_len[last] == 1 && run_start[last][0] == '0' && last == 0) &&
                   digits != 3)
            decimal_at = -1;  /* "1.234": thousands */
          else
            decimal_at = last + 1;
        }
    }

  /* Validate the grouping of the whole part. */
  {
    guint n_whole = decimal_at >= 0 ? (guint) decimal_at : n_runs;

    if (decimal_at >= 0 && (guint) decimal_at != n_runs - 1)
      return set_invalid (text, error);
    if (n_whole > 1)
      {
        if (run_len[0] < 1 || run_len[0] > 3)
          return set_invalid (text, error);
        for (guint i = 1; i < n_whole; i++)
          {
            if (run_len[i] != 3)
              return set_invalid (text, error);
          }
      }
    if (decimal_at >= 0 && n_whole == 1 && run_len[0] == 0 && run_len[decimal_at] == 0)
      return set_invalid (text, error);
    if (decimal_at < 0 && run_len[0] == 0)
      return set_invalid (text, error);

    for (guint i = 0; i < n_whole; i++)
      {
        for (gsize j = 0; j < run_len[i]; j++)
          {
            guint d = run_start[i][j] - '0';

            if (whole > (G_MAXUINT64 - d) / 10)
              return set_text_overflow (text, error);
            whole = whole * 10 + d;
          }
      }
  }

  if (decimal_at >= 0)
    {
      const char *f = run_start[decimal_at];
      gsize flen = run_len[decimal_at];

      for (gsize j = 0; j < flen; j++)
        {
          if ((int) j < digits)
            frac = frac * 10 + (guint64) (f[j] - '0');
          else if (f[j] != '0')
            {
              if (digits == 0)
                g_set_error (error, CBZ_MONEY_ERROR, CBZ_MONEY_ERROR_TOO_MANY_DECIMALS,
                             _("“%s” has decimals, but %s amounts have none"), text, currency);
              else
                g_set_error (error, CBZ_MONEY_ERROR, CBZ_MONEY_ERROR_TOO_MANY_DECIMALS,
                             _("“%s” has more decimals than %s allows (%d)"),
                             text, currency, digits);
              return FALSE;
            }
        }
      for (gsize j = flen; (int) j < digits; j++)
        frac *= 10;
    }

  scale = (guint64) power_of_ten (digits);
  if (whole > (G_MAXUINT64 - frac) / scale)
    return set_text_overflow (text, error);
  *magnitude = whole * scale + frac;
  return TRUE;
}

gboolean
cbz_currency_is_known (const char *code)
{
  return lookup_currency (code) != NULL;
}

/**
 * cbz_currency_get_digits:
 *
 * Returns: the number of minor digits (2 for MXN, 0 for CLP), or -1 for an
 *   unknown code.
 */
int
cbz_currency_get_digits (const char *code)
{
  const CurrencyInfo *info = lookup_currency (code);

  return info != NULL ? info->digits : -1;
}

const char *
cbz_currency_get_symbol (const char *code)
{
  const CurrencyInfo *info = lookup_currency (code);

  return info != NULL ? info->symbol : NULL;
}

const char *
cbz_currency_get_name (const char *code)
{
  const CurrencyInfo *info = lookup_currency (code);

  return info != NULL ? g_dgettext (GETTEXT_PACKAGE, info->name) : NULL;
}

const char *
cbz_currency_get_country (const char *code)
{
  const CurrencyInfo *info = lookup_currency (code);

  return info != NULL ? info->country : NULL;
}

const char * const *
cbz_currency_list (void)
{
  return currency_codes;
}

CbzMoney
cbz_money_init (gint64      minor,
                const char *currency)
{
  CbzMoney money = { minor, { 0 } };

  if (currency != NULL)
    {
      for (guint i = 0; i < 3 && currency[i] != '\0'; i++)
        money.currency[i] = g_ascii_toupper (currency[i]);
    }
  return money;
}

gboolean
cbz_money_is_zero (CbzMoney money)
{
  return money.minor == 0;
}

gboolean
cbz_money_is_negative (CbzMoney money)
{
  return money.minor < 0;
}

gboolean
cbz_money_same_currency (CbzMoney a,
                         CbzMoney b)
{
  return strncmp (a.currency, b.currency, 3) == 0;
}

int
cbz_money_compare (CbzMoney a,
                   CbzMoney b)
{
  int c = strncmp (a.currency, b.currency, 3);

  if (c != 0)
    return c < 0 ? -1 : 1;
  return (a.minor > b.minor) - (a.minor < b.minor);
}

gboolean
cbz_money_equal (CbzMoney a,
                 CbzMoney b)
{
  return cbz_money_compare (a, b) == 0;
}

gboolean
cbz_money_add (CbzMoney   a,
               CbzMoney   b,
               CbzMoney  *result,
               GError   **error)
{
  gint64 sum;

  g_return_val_if_fail (result != NULL, FALSE);

  if (!check_same_currency (a, b, error))
    return FALSE;
  if (__builtin_add_overflow (a.minor, b.minor, &sum))
    return set_overflow (error);
  *result = cbz_money_init (sum, a.currency);
  return TRUE;
}

gboolean
cbz_money_subtract (CbzMoney   a,
                    CbzMoney   b,
                    CbzMoney  *result,
                    GError   **error)
{
  gint64 difference;

  g_return_val_if_fail (result != NULL, FALSE);

  if (!check_same_currency (a, b, error))
    return FALSE;
  if (__builtin_sub_overflow (a.minor, b.minor, &difference))
    return set_overflow (error);
  *result = cbz_money_init (difference, a.currency);
  return TRUE;
}

gboolean
cbz_money_multiply (CbzMoney   a,
                    gint64     factor,
                    CbzMoney  *result,
                    GError   **error)
{
  gint64 product;

  g_return_val_if_fail (result != NULL, FALSE);

  if (__builtin_mul_overflow (a.minor, factor, &product))
    return set_overflow (error);
  *result = cbz_money_init (product, a.currency);
  return TRUE;
}

CbzMoney
cbz_money_negate (CbzMoney money)
{
  /* G_MININT64 has no positive counterpart; saturate rather than wrap. */
  money.minor = money.minor == G_MININT64 ? G_MAXINT64 : -money.minor;
  return money;
}

gboolean
cbz_money_apply_basis_points (CbzMoney   money,
                              gint64     basis_points,
                              CbzMoney  *result,
                              GError   **error)
{
  gint64 product;
  gint64 quotient;
  gint64 remainder;

  g_return_val_if_fail (result != NULL, FALSE);

  if (__builtin_mul_overflow (money.minor, basis_points, &product))
    return set_overflow (error);
  quotient = product / 10000;
  remainder = product % 10000;
  /* Half away from zero, the way people round money by hand. */
  if (remainder >= 5000)
    quotient++;
  else if (remainder <= -5000)
    quotient--;
  *result = cbz_money_init (quotient, money.currency);
  return TRUE;
}

CbzMoney *
cbz_money_split (CbzMoney money,
                 guint    n_parts)
{
  CbzMoney *parts;
  gint64 share;
  gint64 leftover;

  g_return_val_if_fail (n_parts > 0, NULL);

  parts = g_new (CbzMoney, n_parts);
  share = money.minor / (gint64) n_parts;
  leftover = money.minor % (gint64) n_parts;
  for (guint i = 0; i < n_parts; i++)
    {
      gint64 extra = 0;

      if (leftover > 0 && (gint64) i < leftover)
        extra = 1;
      else if (leftover < 0 && (gint64) i < -leftover)
        extra = -1;
      parts[i] = cbz_money_init (share + extra, money.currency);
    }
  return parts;
}

char *
cbz_money_format (CbzMoney    money,
                  const char *locale)
{
  return cbz_money_format_full (money, locale, CBZ_MONEY_FORMAT_DEFAULT);
}

static char fallback_country[3];

void
cbz_money_set_fallback_country (const char *country)
{
  if (country == NULL || strlen (country) != 2 ||
      !g_ascii_isalpha (country[0]) || !g_ascii_isalpha (country[1]))
    {
      fallback_country[0] = '\0';
      return;
    }
  fallback_country[0] = g_ascii_toupper (country[0]);
  fallback_country[1] = g_ascii_toupper (country[1]);
  fallback_country[2] = '\0';
}

char *
cbz_money_format_full (CbzMoney             money,
                       const char          *locale,
                       CbzMoneyFormatFlags  flags)
{
  const CurrencyInfo *info = lookup_currency (money.currency);
  const CbzNumberStyle *style;
  char country[3];
  int digits = info != NULL ? info->digits : 2;
  guint64 magnitude;
  guint64 scale = (guint64) power_of_ten (digits);
  const char *symbol = NULL;
  gboolean negative = money.minor < 0;
  gboolean after = FALSE;
  GString *out = g_string_sized_new (24);
  GString *number = g_string_sized_new (24);

  if (locale == NULL)
    locale = setlocale (LC_MONETARY, NULL);
  _cbz_locale_get_country (locale, country);
  if (country[0] == '\0' && fallback_country[0] != '\0')
    memcpy (country, fallback_country, 3);
  if (country[0] == '\0' && info != NULL)
    memcpy (country, info->country, 3);
  style = _cbz_number_style_for_country (country);

  magnitude = negative ? (guint64) 0 - (guint64) money.minor : (guint64) money.minor;
  append_grouped (number, magnitude / scale, style->group);
  if (digits > 0)
    {
      g_string_append (number, style->decimal);
      g_string_append_printf (number, "%0*" G_GUINT64_FORMAT, digits, magnitude % scale);
    }

  if (flags & CBZ_MONEY_FORMAT_NO_SYMBOL)
    {
      if (negative)
        g_string_append_c (out, '-');
      g_string_append (out, number->str);
    }
  else if ((flags & CBZ_MONEY_FORMAT_CODE) || info == NULL)
    {
      g_string_append_printf (out, "%.3s %s%s", money.currency, negative ? "-" : "", number->str);
    }
  else
    {
      if (g_str_equal (country, info->country) || country_in_list (country, info->also_local))
        symbol = info->symbol;
      else
        symbol = info->intl_symbol;
      after = style->symbol_after;

      if (negative)
        g_string_append_c (out, '-');
      if (after)
        g_string_append_printf (out, "%s\u00a0%s", number->str, symbol);
      else
        g_string_append_printf (out, "%s\u00a0%s", symbol, number->str);
    }

  g_string_free (number, TRUE);
  return g_string_free (out, FALSE);
}

gboolean
cbz_money_parse (const char *text,
                 const char *currency,
                 CbzMoney   *result,
                 GError    **error)
{
  const char *p;
  const char *end;
  const char *named = NULL;
  gboolean negative = FALSE;
  gboolean progress = TRUE;
  const CurrencyInfo *info;
  guint64 magnitude = 0;
  char code[4] = { 0 };

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  p = text;
  end = text + strlen (text);

  /* Most cells are bare numbers ("1234.56"): nothing to peel. */
  if (p < end && g_ascii_isdigit (*p) && g_ascii_isdigit (end[-1]))
    progress = FALSE;

  /* Peel signs, parentheses and currency names off both ends, in any order:
   * "-$ 1.234", "$ -1.234", "($1,234.00)", "1.234 CLP-" all occur. */
  while (progress && p < end)
    {
      const char *found = NULL;
      gsize len;

      progress = FALSE;
      while (skip_space (&p, end))
        progress = TRUE;
      while (p < end && rskip_space (p, &end))
        progress = TRUE;
      if (p >= end)
        break;
      if (*p == '(' && end[-1] == ')' && !negative)
        {
          negative = TRUE;
          p++;
          end--;
          progress = TRUE;
          continue;
        }
      if ((*p == '-' || *p == '+') && !(negative && *p == '-'))
        {
          negative = negative || *p == '-';
          p++;
          progress = TRUE;
          continue;
        }
      if (end - p >= 3 && strncmp (p, "−", 3) == 0 && !negative)
        {
          negative = TRUE;
          p += 3;
          progress = TRUE;
          continue;
        }
      if (end[-1] == '-' && !negative)
        {
          negative = TRUE;
          end--;
          progress = TRUE;
          continue;
        }
      len = match_currency_token (p, end, FALSE, &found);
      if (len > 0)
        p += len;
      else if ((len = match_currency_token (p, end, TRUE, &found)) > 0)
        end -= len;
      if (len > 0)
        {
          /* "US$ 5 MXN" names two currencies: not an amount. */
          if (named != NULL && found[0] != '\0' && named[0] != '\0' && !g_str_equal (named, found))
            return set_invalid (text, error);
          if (named == NULL || named[0] == '\0')
            named = found;
          progress = TRUE;
          continue;
        }
    }

  if (named != NULL && named[0] != '\0')
    memcpy (code, named, 3);
  else if (currency != NULL)
    for (guint i = 0; i < 3 && currency[i] != '\0'; i++)
      code[i] = g_ascii_toupper (currency[i]);

  info = lookup_currency (code);
  if (info == NULL)
    {
      g_set_error (error, CBZ_MONEY_ERROR, CBZ_MONEY_ERROR_UNKNOWN_CURRENCY,
                   _("“%s” is not a currency code this program knows"),
                   code[0] != '\0' ? code : "");
      return FALSE;
    }

  if (p >= end || !(g_ascii_isdigit (*p) || *p == '.' || *p == ','))
    return set_invalid (text, error);

  if (!parse_number (text, p, end, info->digits, info->code, &magnitude, error))
    return FALSE;

  if (magnitude > (guint64) G_MAXINT64)
    return set_text_overflow (text, error);

  *result = cbz_money_init (negative ? -(gint64) magnitude : (gint64) magnitude, info->code);
  return TRUE;
}
