/* cbz-locale.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-locale-private.h"

#define NBSP "\u00a0"

static const CbzNumberStyle number_styles[] = {
  /* Decimal comma, dot grouping. */
  { "AR", ",", ".", FALSE }, { "BO", ",", ".", FALSE }, { "BR", ",", ".", FALSE },
  { "CL", ",", ".", FALSE }, { "CO", ",", ".", FALSE }, { "EC", ",", ".", FALSE },
  { "PY", ",", ".", FALSE }, { "UY", ",", ".", FALSE }, { "VE", ",", ".", FALSE },
  { "ID", ",", ".", FALSE },
  /* Europe: the symbol goes after the number. */
  { "AT", ",", ".", TRUE }, { "BE", ",", ".", TRUE }, { "DE", ",", ".", TRUE },
  { "ES", ",", ".", TRUE }, { "GR", ",", ".", TRUE }, { "IT", ",", ".", TRUE },
  { "NL", ",", ".", TRUE }, { "PT", ",", ".", TRUE },
  { "FI", ",", NBSP, TRUE }, { "FR", ",", NBSP, TRUE },
  /* Decimal comma, space grouping, symbol first. */
  { "CR", ",", NBSP, FALSE },
};

static const CbzNumberStyle default_style = { "", ".", ",", FALSE };

void
_cbz_locale_get_country (const char *locale,
                         char        country[3])
{
  const char *underscore;

  country[0] = '\0';
  if (locale == NULL)
    return;
  underscore = strchr (locale, '_');
  if (underscore == NULL || !g_ascii_isalpha (underscore[1]) || !g_ascii_isalpha (underscore[2]))
    return;
  country[0] = g_ascii_toupper (underscore[1]);
  country[1] = g_ascii_toupper (underscore[2]);
  country[2] = '\0';
}

void
_cbz_locale_get_language (const char *locale,
                          char        language[4])
{
  guint i;

  language[0] = '\0';
  if (locale == NULL || g_str_equal (locale, "C") || g_str_has_prefix (locale, "C.") ||
      g_str_equal (locale, "POSIX"))
    return;
  for (i = 0; i < 3 && g_ascii_isalpha (locale[i]); i++)
    language[i] = g_ascii_tolower (locale[i]);
  language[i] = '\0';
}

const CbzNumberStyle *
_cbz_number_style_for_country (const char *country)
{
  if (country != NULL && country[0] != '\0')
    {
      for (guint i = 0; i < G_N_ELEMENTS (number_styles); i++)
        {
          if (g_str_equal (number_styles[i].country, country))
            return &number_styles[i];
        }
    }
  return &default_style;
}
