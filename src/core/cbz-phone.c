/* cbz-phone.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-phone.h"

typedef struct
{
  const char *country;
  const char *code;     /* calling code without "+" */
  guint8      min_len;  /* national significant number length */
  guint8      max_len;
  const char *trunk;    /* national trunk prefix dropped before the number, or NULL */
} CountryRule;

static const CountryRule rules[] = {
  { "AR", "54",  10, 11, "0" },   /* mobiles: +54 9 + 10 digits */
  { "BO", "591",  8,  8, "0" },
  { "BR", "55",  10, 11, "0" },
  { "CA", "1",   10, 10, "1" },
  { "CL", "56",   9,  9, "0" },
  { "CO", "57",  10, 10, "0" },
  { "CR", "506",  8,  8, NULL },
  { "DO", "1",   10, 10, "1" },
  { "EC", "593",  8,  9, "0" },
  { "ES", "34",   9,  9, NULL },
  { "GT", "502",  8,  8, NULL },
  { "HN", "504",  8,  8, NULL },
  { "MX", "52",  10, 10, NULL },  /* trunk prefixes handled in drop_trunk_mx() */
  { "NI", "505",  8,  8, NULL },
  { "PA", "507",  7,  8, NULL },
  { "PE", "51",   8,  9, "0" },
  { "PR", "1",   10, 10, "1" },
  { "PY", "595",  9,  9, "0" },
  { "SV", "503",  8,  8, NULL },
  { "US", "1",   10, 10, "1" },
  { "UY", "598",  8,  8, "0" },
  { "VE", "58",  10, 10, "0" },
};

G_DEFINE_QUARK (cbz-phone-error-quark, cbz_phone_error)

static const CountryRule *
rule_for_country (const char *country)
{
  if (country == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      if (g_ascii_strcasecmp (rules[i].country, country) == 0)
        return &rules[i];
    }
  return NULL;
}

/* The rule whose calling code starts @digits (international numbers). Codes
 * shared by several countries (+1) share their length rules too. */
static const CountryRule *
rule_for_calling_code (const char *digits)
{
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      if (g_str_has_prefix (digits, rules[i].code) &&
          /* +5 alone would match +52 and +598: code lengths differ, compare fully. */
          strlen (digits) > strlen (rules[i].code))
        return &rules[i];
    }
  return NULL;
}

static void
drop_prefix (char  *digits,
             gsize  n)
{
  memmove (digits, digits + n, strlen (digits + n) + 1);
}

/* Mexico dropped its 01/044/045 prefixes in 2019, but address books still
 * have them; and "+52 1" marked mobiles until then. */
static void
drop_trunk_mx (char *digits)
{
  gsize len = strlen (digits);

  if (len == 13 && (g_str_has_prefix (digits, "044") || g_str_has_prefix (digits, "045")))
    drop_prefix (digits, 3);
  else if (len == 12 && g_str_has_prefix (digits, "01"))
    drop_prefix (digits, 2);
  else if (len == 11 && digits[0] == '1')
    drop_prefix (digits, 1);
}

/* Argentina: "area + 15 + local" (12 digits once the 0 is dropped) is the
 * mobile written the local way; internationally it is "9 + area + local". */
static void
fix_argentine_mobile (char *digits)
{
  gsize len = strlen (digits);

  if (len != 12)
    return;
  for (gsize area = 2; area <= 4; area++)
    {
      if (digits[area] == '1' && digits[area + 1] == '5')
        {
          memmove (digits + area, digits + area + 2, len - area - 2 + 1);
          memmove (digits + 1, digits, strlen (digits) + 1);
          digits[0] = '9';
          return;
        }
    }
}

static gboolean
check_length (const char         *text,
              const CountryRule  *rule,
              const char         *national,
              GError            **error)
{
  gsize len = strlen (national);

  if (len < rule->min_len)
    {
      g_set_error (error, CBZ_PHONE_ERROR, CBZ_PHONE_ERROR_TOO_SHORT,
                   _("“%s” is too short for a phone number in +%s (it needs %u digits after the country code)"),
                   text, rule->code, (guint) rule->min_len);
      return FALSE;
    }
  if (len > rule->max_len)
    {
      g_set_error (error, CBZ_PHONE_ERROR, CBZ_PHONE_ERROR_TOO_LONG,
                   _("“%s” is too long for a phone number in +%s (it has %u digits after the country code, at most %u expected)"),
                   text, rule->code, (guint) len, (guint) rule->max_len);
      return FALSE;
    }
  return TRUE;
}

const char *
cbz_phone_get_calling_code (const char *country)
{
  const CountryRule *rule = rule_for_country (country);

  return rule != NULL ? rule->code : NULL;
}

gboolean
cbz_phone_normalize_into (const char *text,
                          const char *default_country,
                          char        e164[CBZ_PHONE_E164_SIZE],
                          GError    **error)
{
  char digits[64];
  gsize n = 0;
  gboolean international = FALSE;
  gboolean seen_digit = FALSE;
  const CountryRule *rule;
  const char *national;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (e164 != NULL, FALSE);

  for (const char *p = text; *p != '\0'; p++)
    {
      unsigned char c = *p;

      if (g_ascii_isdigit (c))
        {
          if (n + 1 >= sizeof digits)
            {
              g_set_error (error, CBZ_PHONE_ERROR, CBZ_PHONE_ERROR_TOO_LONG,
                           _("“%s” is too long to be a phone number"), text);
              return FALSE;
            }
          digits[n++] = c;
          seen_digit = TRUE;
        }
      else if (c == '+' && !seen_digit && !international)
        international = TRUE;
      else if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/' || c == '\t')
        continue;
      else if (c == 0xC2 && (unsigned char) p[1] == 0xA0)  /* no-break space */
        p++;
      else
        {
          g_set_error (error, CBZ_PHONE_ERROR, CBZ_PHONE_ERROR_INVALID_CHARACTERS,
                       _("“%s” has characters that are not part of a phone number"), text);
          return FALSE;
        }
    }
  digits[n] = '\0';

  if (n == 0)
    {
      g_set_error_literal (error, CBZ_PHONE_ERROR, CBZ_PHONE_ERROR_EMPTY,
                           _("The phone number is empty"));
      return FALSE;
    }

  /* "00" is the international prefix almost everywhere in Latin America. */
  if (!international && n > 2 && digits[0] == '0' && digits[1] == '0')
    {
      drop_prefix (digits, 2);
      international = TRUE;
    }

  if (international)
    {
      rule = rule_for_calling_code (digits);
      if (rule == NULL)
        {
          /* A country we have no rules for: E.164 bounds only. */
          n = strlen (digits);
          if (n < 8)
            {
              g_set_error (error, CBZ_PHONE_ERROR, CBZ_PHONE_ERROR_TOO_SHORT,
                           _("“%s” is too short to be a phone number"), text);
              return FALSE;
            }
          if (n > 15)
            {
              g_set_error (error, CBZ_PHONE_ERROR, CBZ_PHONE_ERROR_TOO_LONG,
                           _("“%s” is too long to be a phone number"), text);
              return FALSE;
            }
          g_snprintf (e164, CBZ_PHONE_E164_SIZE, "+%s", digits);
          return TRUE;
        }
      drop_prefix (digits, strlen (rule->code));
      if (g_str_equal (rule->country, "MX") && strlen (digits) == 11 && digits[0] == '1')
        drop_prefix (digits, 1);
    }
  else
    {
      rule = rule_for_country (default_country);
      if (rule == NULL)
        {
          g_set_error (error, CBZ_PHONE_ERROR, CBZ_PHONE_ERROR_NO_COUNTRY,
                       _("“%s” has no country code; write it with + and the country code"), text);
          return FALSE;
        }
      if (g_str_equal (rule->country, "MX"))
        drop_trunk_mx (digits);
      else if (g_str_equal (rule->country, "AR"))
        {
          if (digits[0] == '0')
            drop_prefix (digits, 1);
          fix_argentine_mobile (digits);
        }
      else if (rule->trunk != NULL && g_str_equal (rule->trunk, "0"))
        {
          /* No national number starts with 0 where 0 is the trunk prefix. */
          if (digits[0] == '0')
            drop_prefix (digits, 1);
        }
      else if (rule->trunk != NULL && strlen (digits) == (gsize) rule->max_len + 1 &&
               g_str_has_prefix (digits, rule->trunk))
        drop_prefix (digits, strlen (rule->trunk));
    }

  national = digits;
  if (!check_length (text, rule, national, error))
    return FALSE;
  g_snprintf (e164, CBZ_PHONE_E164_SIZE, "+%s%s", rule->code, national);
  return TRUE;
}

char *
cbz_phone_normalize (const char *text,
                     const char *default_country,
                     GError    **error)
{
  char e164[CBZ_PHONE_E164_SIZE];

  if (!cbz_phone_normalize_into (text, default_country, e164, error))
    return NULL;
  return g_strdup (e164);
}
