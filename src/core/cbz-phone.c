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

/* Appends @digits split into groups of the given lengths (0 ends the list;
 * what is left over becomes a last group). */
static void
append_groups (GString    *out,
               const char *digits,
               const int  *lengths)
{
  gsize left = strlen (digits);

  for (guint i = 0; lengths[i] != 0 && left > 0; i++)
    {
      gsize n = MIN ((gsize) lengths[i], left);

      g_string_append_c (out, ' ');
      g_string_append_len (out, digits, n);
      digits += n;
      left -= n;
    }
  if (left > 0)
    {
      g_string_append_c (out, ' ');
      g_string_append (out, digits);
    }
}

/* Groups of three, the last two of four when that divides better:
 * 7 → 3 4, 8 → 4 4, 9 → 3 3 3, 10 → 3 3 4, 11 → 3 4 4. */
static void
append_generic (GString    *out,
                const char *digits)
{
  gsize left = strlen (digits);

  while (left > 0)
    {
      gsize n = left <= 4 ? left : left == 8 ? 4 : left == 5 ? 2 : 3;

      g_string_append_c (out, ' ');
      g_string_append_len (out, digits, n);
      digits += n;
      left -= n;
    }
}

/* Argentina's three-digit area codes (ENACOM); Buenos Aires is 11, and the
 * other areas have four digits. */
static gboolean
is_argentine_three_digit_area (const char *digits)
{
  static const char * const areas[] = {
    "220", "221", "223", "230", "236", "237", "249", "260", "261", "263", "264", "266",
    "280", "291", "294", "297", "298", "299", "336", "341", "342", "343", "345", "348",
    "351", "353", "358", "362", "364", "370", "376", "379", "380", "381", "383", "385",
    "387", "388",
  };

  for (guint i = 0; i < G_N_ELEMENTS (areas); i++)
    {
      if (strncmp (digits, areas[i], 3) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
append_national (GString           *out,
                 const CountryRule *rule,
                 const char        *national)
{
  static const int two_4_4[] = { 2, 4, 4, 0 };
  static const int three_3_4[] = { 3, 3, 4, 0 };
  static const int one_4_4[] = { 1, 4, 4, 0 };
  static const int two_3_4[] = { 2, 3, 4, 0 };
  static const int three_3_3[] = { 3, 3, 3, 0 };
  static const int one_3_4[] = { 1, 3, 4, 0 };
  static const int two_3_3[] = { 2, 3, 3, 0 };
  static const int four_2_4[] = { 4, 2, 4, 0 };
  const char *country = rule->country;
  gsize len = strlen (national);

  if (g_str_equal (rule->code, "1") && len == 10)
    append_groups (out, national, three_3_4);
  else if (g_str_equal (country, "MX") && len == 10)
    {
      /* Mexico City, Guadalajara and Monterrey have two-digit area codes. */
      gboolean big_city = g_str_has_prefix (national, "55") || g_str_has_prefix (national, "56") ||
                          g_str_has_prefix (national, "33") || g_str_has_prefix (national, "81");

      append_groups (out, national, big_city ? two_4_4 : three_3_4);
    }
  else if (g_str_equal (country, "CL") && len == 9)
    append_groups (out, national, national[0] == '9' || national[0] == '2' ? one_4_4 : two_3_4);
  else if (g_str_equal (country, "CO") && len == 10)
    append_groups (out, national, three_3_4);
  else if (g_str_equal (country, "PE") && len == 9)
    append_groups (out, national, three_3_3);
  else if (g_str_equal (country, "PE") && len == 8)
    append_groups (out, national, national[0] == '1' ? one_3_4 : two_3_3);
  else if (g_str_equal (country, "EC") && len == 9)
    append_groups (out, national, two_3_4);
  else if (g_str_equal (country, "EC") && len == 8)
    append_groups (out, national, one_3_4);
  else if (g_str_equal (country, "AR") && (len == 10 || (len == 11 && national[0] == '9')))
    {
      /* Mobiles are "9" and the area code. */
      if (len == 11)
        {
          g_string_append (out, " 9");
          national++;
        }
      if (g_str_has_prefix (national, "11"))
        append_groups (out, national, two_4_4);
      else if (is_argentine_three_digit_area (national))
        append_groups (out, national, three_3_4);
      else
        append_groups (out, national, four_2_4);
    }
  else
    append_generic (out, national);
}

/**
 * cbz_phone_format:
 * @e164: a number as cbz_phone_normalize() gives it ("+525581253952")
 *
 * Returns: (transfer full): the number the way people write it, with the
 *   country code and the groups of its country ("+52 55 8125 3952",
 *   "+56 9 8765 4321", "+54 9 11 2345 6789", "+1 415 555 0132"); other
 *   text comes back unchanged.
 */
char *
cbz_phone_format (const char *e164)
{
  const CountryRule *rule;
  GString *out;

  g_return_val_if_fail (e164 != NULL, NULL);

  if (e164[0] != '+' || strlen (e164 + 1) < 7 || strlen (e164 + 1) > 15 ||
      strspn (e164 + 1, "0123456789") != strlen (e164 + 1))
    return g_strdup (e164);

  rule = rule_for_calling_code (e164 + 1);
  if (rule == NULL)
    return g_strdup (e164);

  out = g_string_new ("+");
  g_string_append (out, rule->code);
  append_national (out, rule, e164 + 1 + strlen (rule->code));
  return g_string_free (out, FALSE);
}
