/* cbz-tax-id.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-tax-id.h"

/* Inside this file Ñ is one byte, so that lengths and positions are in
 * characters the way the rules count them. */
#define ENYE '~'

typedef enum
{
  CHECK_OK,
  CHECK_SHAPE,   /* not this kind at all */
  CHECK_DIGIT,   /* this kind, wrong check digit */
} CheckResult;

typedef struct
{
  char     id[32];
  gsize    len;
  gboolean dash_before_last;  /* "12345678-5": the last character is a separate check digit */
} Cleaned;

static const char * const kind_names[] = { NULL, "RFC", "RUT", "CUIT", "NIT", "RUC" };

G_DEFINE_QUARK (cbz-tax-id-error-quark, cbz_tax_id_error)

static gboolean
all_digits (const char *s,
            gsize       n)
{
  for (gsize i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
    }
  return TRUE;
}

static gboolean
clean_text (const char *text,
            Cleaned    *out)
{
  const char *last_dash = NULL;

  memset (out, 0, sizeof *out);
  for (const char *p = text; *p != '\0'; p++)
    {
      unsigned char c = *p;

      if (out->len + 1 >= sizeof out->id)
        return FALSE;
      if (g_ascii_isalnum (c) || c == '&')
        out->id[out->len++] = g_ascii_toupper (c);
      else if (c == 0xC3 && ((unsigned char) p[1] == 0x91 || (unsigned char) p[1] == 0xB1))
        {
          out->id[out->len++] = ENYE;
          p++;
        }
      else if (c == '-')
        last_dash = p;
      else if (c == ' ' || c == '.' || c == '/' || c == '_' || c == '\t')
        continue;
      else if (c == 0xC2 && (unsigned char) p[1] == 0xA0)
        p++;
      else
        return FALSE;
    }

  /* Was the dash right before the final character? ("900.123.456-7") */
  if (last_dash != NULL)
    {
      const char *q = last_dash + 1;

      while (*q == ' ')
        q++;
      if (g_ascii_isalnum (*q))
        {
          q++;
          while (*q == ' ')
            q++;
          out->dash_before_last = *q == '\0';
        }
    }
  return TRUE;
}

static int
rfc_value (char c)
{
  static const char table[] = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ " "~";
  const char *at = strchr (table, c);

  return at != NULL && c != '\0' ? (int) (at - table) : -1;
}

static char
rfc_check (const char *body,
           gsize       len)
{
  char padded[13];
  int sum = 0;
  int remainder;

  if (len != 11 && len != 12)
    return 0;
  /* Companies' 12-character RFCs are weighed as if preceded by a space. */
  if (len == 11)
    {
      padded[0] = ' ';
      memcpy (padded + 1, body, 11);
    }
  else
    memcpy (padded, body, 12);
  padded[12] = '\0';

  for (int i = 0; i < 12; i++)
    {
      int v = rfc_value (padded[i]);

      if (v < 0)
        return 0;
      sum += v * (13 - i);
    }
  remainder = sum % 11;
  if (remainder == 0)
    return '0';
  return 11 - remainder == 10 ? 'A' : (char) ('0' + 11 - remainder);
}

static char
rut_check (const char *body,
           gsize       len)
{
  int sum = 0;
  int weight = 2;
  int r;

  if (len == 0 || !all_digits (body, len))
    return 0;
  for (gsize i = len; i > 0; i--)
    {
      sum += (body[i - 1] - '0') * weight;
      weight = weight == 7 ? 2 : weight + 1;
    }
  r = 11 - sum % 11;
  return r == 11 ? '0' : r == 10 ? 'K' : (char) ('0' + r);
}

/* CUIT and Peruvian RUC share their weights and differ in the last step. */
static int
mod11_5432 (const char *body)
{
  static const int weights[] = { 5, 4, 3, 2, 7, 6, 5, 4, 3, 2 };
  int sum = 0;

  for (int i = 0; i < 10; i++)
    sum += (body[i] - '0') * weights[i];
  return 11 - sum % 11;
}

static char
cuit_check (const char *body,
            gsize       len)
{
  int r;

  if (len != 10 || !all_digits (body, len))
    return 0;
  r = mod11_5432 (body);
  if (r == 10)
    return 0;  /* never issued: AFIP changes the prefix instead */
  return r == 11 ? '0' : (char) ('0' + r);
}

static char
ruc_pe_check (const char *body,
              gsize       len)
{
  int r;

  if (len != 10 || !all_digits (body, len))
    return 0;
  r = mod11_5432 (body);
  return (char) ('0' + r % 10);
}

static char
nit_check (const char *body,
           gsize       len)
{
  static const int weights[] = { 3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71 };
  int sum = 0;
  int r;

  if (len == 0 || len > G_N_ELEMENTS (weights) || !all_digits (body, len))
    return 0;
  for (gsize i = 0; i < len; i++)
    sum += (body[len - 1 - i] - '0') * weights[i];
  r = sum % 11;
  return (char) ('0' + (r > 1 ? 11 - r : r));
}

static gboolean
rfc_date_ok (const char *yymmdd)
{
  int yy = (yymmdd[0] - '0') * 10 + (yymmdd[1] - '0');
  int mm = (yymmdd[2] - '0') * 10 + (yymmdd[3] - '0');
  int dd = (yymmdd[4] - '0') * 10 + (yymmdd[5] - '0');
  static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (mm < 1 || mm > 12 || dd < 1 || dd > days[mm - 1])
    return FALSE;
  /* 29 February needs a leap year in one of the two centuries it may mean. */
  if (mm == 2 && dd == 29 && yy % 4 != 0)
    return FALSE;
  return TRUE;
}

static CheckResult
check_rfc (const Cleaned *c)
{
  gsize letters;

  if (c->len != 12 && c->len != 13)
    return CHECK_SHAPE;
  letters = c->len - 9;
  for (gsize i = 0; i < letters; i++)
    {
      if (!g_ascii_isupper (c->id[i]) && c->id[i] != '&' && c->id[i] != ENYE)
        return CHECK_SHAPE;
    }
  if (!all_digits (c->id + letters, 6) || !rfc_date_ok (c->id + letters))
    return CHECK_SHAPE;
  for (gsize i = letters + 6; i < c->len; i++)
    {
      if (!g_ascii_isalnum (c->id[i]))
        return CHECK_SHAPE;
    }
  /* The SAT's generic RFCs (public at large, foreigners) have no valid check. */
  if (strcmp (c->id, "XAXX010101000") == 0 || strcmp (c->id, "XEXX010101000") == 0)
    return CHECK_OK;
  return rfc_check (c->id, c->len - 1) == c->id[c->len - 1] ? CHECK_OK : CHECK_DIGIT;
}

static CheckResult
check_rut (const Cleaned *c)
{
  if (c->len < 8 || c->len > 9 || !all_digits (c->id, c->len - 1))
    return CHECK_SHAPE;
  if (!g_ascii_isdigit (c->id[c->len - 1]) && c->id[c->len - 1] != 'K')
    return CHECK_SHAPE;
  return rut_check (c->id, c->len - 1) == c->id[c->len - 1] ? CHECK_OK : CHECK_DIGIT;
}

static CheckResult
check_cuit (const Cleaned *c)
{
  static const char * const prefixes[] = { "20", "23", "24", "25", "26", "27", "30", "33", "34" };
  gboolean prefix_ok = FALSE;

  if (c->len != 11 || !all_digits (c->id, 11))
    return CHECK_SHAPE;
  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    prefix_ok = prefix_ok || strncmp (c->id, prefixes[i], 2) == 0;
  if (!prefix_ok)
    return CHECK_SHAPE;
  return cuit_check (c->id, 10) == c->id[10] ? CHECK_OK : CHECK_DIGIT;
}

static CheckResult
check_ruc_pe (const Cleaned *c)
{
  static const char * const prefixes[] = { "10", "15", "16", "17", "20" };
  gboolean prefix_ok = FALSE;

  if (c->len != 11 || !all_digits (c->id, 11))
    return CHECK_SHAPE;
  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    prefix_ok = prefix_ok || strncmp (c->id, prefixes[i], 2) == 0;
  if (!prefix_ok)
    return CHECK_SHAPE;
  return ruc_pe_check (c->id, 10) == c->id[10] ? CHECK_OK : CHECK_DIGIT;
}

static CheckResult
check_ruc_ec (const Cleaned *c)
{
  int province;
  int third;
  int sum = 0;

  if (c->len != 13 || !all_digits (c->id, 13) || strcmp (c->id + 10, "000") == 0)
    return CHECK_SHAPE;
  province = (c->id[0] - '0') * 10 + (c->id[1] - '0');
  third = c->id[2] - '0';
  if ((province < 1 || province > 24) && province != 30)
    return CHECK_SHAPE;

  if (third < 6)
    {
      /* People: their cédula, a mod-10 check. */
      for (int i = 0; i < 9; i++)
        {
          int v = (c->id[i] - '0') * (i % 2 == 0 ? 2 : 1);
          sum += v > 9 ? v - 9 : v;
        }
      return (10 - sum % 10) % 10 == c->id[9] - '0' ? CHECK_OK : CHECK_DIGIT;
    }
  if (third == 6)
    {
      static const int w[] = { 3, 2, 7, 6, 5, 4, 3, 2 };
      int r;

      for (int i = 0; i < 8; i++)
        sum += (c->id[i] - '0') * w[i];
      r = 11 - sum % 11;
      return (r == 11 ? 0 : r) == c->id[8] - '0' ? CHECK_OK : CHECK_DIGIT;
    }
  if (third == 9)
    {
      static const int w[] = { 4, 3, 2, 7, 6, 5, 4, 3, 2 };
      int r;

      for (int i = 0; i < 9; i++)
        sum += (c->id[i] - '0') * w[i];
      r = 11 - sum % 11;
      return (r == 11 ? 0 : r) == c->id[9] - '0' ? CHECK_OK : CHECK_DIGIT;
    }
  return CHECK_SHAPE;
}

/* A NIT written with its check digit ("900.123.456-7", or ten digits), or,
 * when we know it is Colombian, without it ("900123456"): we add it then. */
static CheckResult
check_nit (Cleaned  *c,
           gboolean  body_may_lack_check)
{
  if (!all_digits (c->id, c->len))
    return CHECK_SHAPE;
  if (c->dash_before_last || c->len == 10)
    {
      if (c->len < 7 || c->len > 11)
        return CHECK_SHAPE;
      return nit_check (c->id, c->len - 1) == c->id[c->len - 1] ? CHECK_OK : CHECK_DIGIT;
    }
  if (body_may_lack_check && c->len >= 6 && c->len <= 9)
    {
      c->id[c->len] = nit_check (c->id, c->len);
      c->len++;
      c->id[c->len] = '\0';
      return CHECK_OK;
    }
  return CHECK_SHAPE;
}

static CbzTaxIdKind
kind_for_country (const char *country)
{
  if (country == NULL)
    return CBZ_TAX_ID_UNKNOWN;
  if (g_ascii_strcasecmp (country, "MX") == 0)
    return CBZ_TAX_ID_RFC;
  if (g_ascii_strcasecmp (country, "CL") == 0)
    return CBZ_TAX_ID_RUT;
  if (g_ascii_strcasecmp (country, "AR") == 0)
    return CBZ_TAX_ID_CUIT;
  if (g_ascii_strcasecmp (country, "CO") == 0)
    return CBZ_TAX_ID_NIT;
  if (g_ascii_strcasecmp (country, "PE") == 0 || g_ascii_strcasecmp (country, "EC") == 0)
    return CBZ_TAX_ID_RUC;
  return CBZ_TAX_ID_UNKNOWN;
}

static const char *
country_of_kind (CbzTaxIdKind  kind,
                 const char   *country_hint)
{
  switch (kind)
    {
    case CBZ_TAX_ID_RFC:
      return "MX";
    case CBZ_TAX_ID_RUT:
      return "CL";
    case CBZ_TAX_ID_CUIT:
      return "AR";
    case CBZ_TAX_ID_NIT:
      return "CO";
    case CBZ_TAX_ID_RUC:
      return country_hint != NULL && g_ascii_strcasecmp (country_hint, "EC") == 0 ? "EC" : "PE";
    case CBZ_TAX_ID_UNKNOWN:
    default:
      return "";
    }
}

static CheckResult
check_kind (CbzTaxIdKind  kind,
            const char   *country_hint,
            Cleaned      *c,
            const char  **country)
{
  CheckResult r;

  switch (kind)
    {
    case CBZ_TAX_ID_RFC:
      *country = "MX";
      return check_rfc (c);
    case CBZ_TAX_ID_RUT:
      *country = "CL";
      return check_rut (c);
    case CBZ_TAX_ID_CUIT:
      *country = "AR";
      return check_cuit (c);
    case CBZ_TAX_ID_NIT:
      *country = "CO";
      return check_nit (c, country_hint != NULL && g_ascii_strcasecmp (country_hint, "CO") == 0);
    case CBZ_TAX_ID_RUC:
      if (country_hint == NULL || g_ascii_strcasecmp (country_hint, "EC") != 0)
        {
          *country = "PE";
          r = check_ruc_pe (c);
          if (r != CHECK_SHAPE)
            return r;
        }
      *country = "EC";
      return check_ruc_ec (c);
    case CBZ_TAX_ID_UNKNOWN:
    default:
      return CHECK_SHAPE;
    }
}

static void
fill_result (const Cleaned *c,
             CbzTaxIdKind   kind,
             const char    *country,
             CbzTaxId      *result)
{
  gsize o = 0;

  result->kind = kind;
  g_strlcpy (result->country, country, sizeof result->country);
  for (gsize i = 0; i < c->len && o + 3 < sizeof result->normalized; i++)
    {
      if (c->id[i] == ENYE)
        {
          result->normalized[o++] = (char) 0xC3;
          result->normalized[o++] = (char) 0x91;
        }
      else
        result->normalized[o++] = c->id[i];
    }
  result->normalized[o] = '\0';
}

gboolean
cbz_tax_id_parse (const char    *text,
                  const char    *country_hint,
                  CbzTaxIdKind   kind_hint,
                  CbzTaxId      *result,
                  GError       **error)
{
  static const CbzTaxIdKind order[] = {
    CBZ_TAX_ID_RFC, CBZ_TAX_ID_RUT, CBZ_TAX_ID_CUIT, CBZ_TAX_ID_RUC, CBZ_TAX_ID_NIT,
  };
  Cleaned cleaned;
  CbzTaxIdKind first;
  CbzTaxIdKind bad_check = CBZ_TAX_ID_UNKNOWN;
  const char *bad_check_country = NULL;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  memset (result, 0, sizeof *result);
  if (!clean_text (text, &cleaned))
    goto invalid;
  if (cleaned.len == 0)
    {
      g_set_error_literal (error, CBZ_TAX_ID_ERROR, CBZ_TAX_ID_ERROR_EMPTY,
                           _("The tax ID is empty"));
      return FALSE;
    }

  first = kind_hint != CBZ_TAX_ID_UNKNOWN ? kind_hint : kind_for_country (country_hint);
  /* A column headed "NIT" is as good as knowing the customer is Colombian. */
  if (kind_hint == CBZ_TAX_ID_NIT)
    country_hint = "CO";

  /* The hinted kind first, then (without a forced kind) every other one:
   * a Mexican business may well have a Colombian customer. */
  for (int i = -1; i < (int) G_N_ELEMENTS (order); i++)
    {
      CbzTaxIdKind kind = i < 0 ? first : order[i];
      Cleaned attempt = cleaned;
      const char *country = NULL;
      CheckResult r;

      if (kind == CBZ_TAX_ID_UNKNOWN || (i >= 0 && kind == first))
        continue;
      if (i >= 0 && kind_hint != CBZ_TAX_ID_UNKNOWN)
        break;

      r = check_kind (kind, country_hint, &attempt, &country);
      if (r == CHECK_OK)
        {
          fill_result (&attempt, kind, country, result);
          return TRUE;
        }
      if (r == CHECK_DIGIT && bad_check == CBZ_TAX_ID_UNKNOWN)
        {
          bad_check = kind;
          bad_check_country = country;
        }
    }

  if (bad_check != CBZ_TAX_ID_UNKNOWN)
    {
      result->kind = bad_check;
      g_strlcpy (result->country, bad_check_country, sizeof result->country);
      g_set_error (error, CBZ_TAX_ID_ERROR, CBZ_TAX_ID_ERROR_CHECK_DIGIT,
                   /* Translators: the second %s is RFC, RUT, CUIT, NIT or RUC. */
                   _("“%s” is not a valid %s: its check digit does not match (is a character mistyped?)"),
                   text, kind_names[bad_check]);
      return FALSE;
    }

invalid:
  result->kind = kind_hint;
  g_strlcpy (result->country, country_of_kind (kind_hint, country_hint), sizeof result->country);
  if (kind_hint != CBZ_TAX_ID_UNKNOWN)
    g_set_error (error, CBZ_TAX_ID_ERROR, CBZ_TAX_ID_ERROR_INVALID,
                 /* Translators: the second %s is RFC, RUT, CUIT, NIT or RUC. */
                 _("“%s” is not a valid %s"), text, kind_names[kind_hint]);
  else
    g_set_error (error, CBZ_TAX_ID_ERROR, CBZ_TAX_ID_ERROR_INVALID,
                 _("“%s” is not a valid RFC, RUT, CUIT, NIT or RUC"), text);
  return FALSE;
}

static void
append_dotted (GString    *out,
               const char *digits,
               gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, '.');
      g_string_append_c (out, digits[i]);
    }
}

char *
cbz_tax_id_format (const CbzTaxId *tax_id)
{
  const char *n;
  gsize len;
  GString *out;

  g_return_val_if_fail (tax_id != NULL, NULL);

  n = tax_id->normalized;
  len = strlen (n);
  out = g_string_sized_new (len + 6);
  switch (tax_id->kind)
    {
    case CBZ_TAX_ID_RUT:
    case CBZ_TAX_ID_NIT:
      if (len < 2)
        goto plain;
      append_dotted (out, n, len - 1);
      g_string_append_printf (out, "-%c", n[len - 1]);
      break;
    case CBZ_TAX_ID_CUIT:
      if (len != 11)
        goto plain;
      g_string_append_printf (out, "%.2s-%.8s-%c", n, n + 2, n[10]);
      break;
    case CBZ_TAX_ID_RFC:
    case CBZ_TAX_ID_RUC:
    case CBZ_TAX_ID_UNKNOWN:
    default:
    plain:
      g_string_append (out, n);
      break;
    }
  return g_string_free (out, FALSE);
}

const char *
cbz_tax_id_problem_to_string (CbzTaxIdError problem)
{
  switch (problem)
    {
    case CBZ_TAX_ID_ERROR_CHECK_DIGIT:
      return "check-digit";
    case CBZ_TAX_ID_ERROR_INVALID:
      return "invalid";
    case CBZ_TAX_ID_ERROR_EMPTY:
    default:
      return NULL;
    }
}

gboolean
cbz_tax_id_problem_from_string (const char    *text,
                                CbzTaxIdError *problem)
{
  g_return_val_if_fail (problem != NULL, FALSE);

  if (g_strcmp0 (text, "check-digit") == 0)
    *problem = CBZ_TAX_ID_ERROR_CHECK_DIGIT;
  else if (g_strcmp0 (text, "invalid") == 0)
    *problem = CBZ_TAX_ID_ERROR_INVALID;
  else
    return FALSE;
  return TRUE;
}

const char *
cbz_tax_id_kind_to_string (CbzTaxIdKind kind)
{
  g_return_val_if_fail (kind <= CBZ_TAX_ID_RUC, NULL);

  return kind_names[kind];
}

CbzTaxIdKind
cbz_tax_id_kind_from_string (const char *text)
{
  if (text == NULL)
    return CBZ_TAX_ID_UNKNOWN;
  for (guint i = 1; i < G_N_ELEMENTS (kind_names); i++)
    {
      if (g_ascii_strcasecmp (text, kind_names[i]) == 0)
        return (CbzTaxIdKind) i;
    }
  return CBZ_TAX_ID_UNKNOWN;
}

char
cbz_tax_id_compute_check (CbzTaxIdKind  kind,
                          const char   *body)
{
  Cleaned c;

  g_return_val_if_fail (body != NULL, 0);

  if (!clean_text (body, &c))
    return 0;
  switch (kind)
    {
    case CBZ_TAX_ID_RFC:
      return rfc_check (c.id, c.len);
    case CBZ_TAX_ID_RUT:
      return rut_check (c.id, c.len);
    case CBZ_TAX_ID_CUIT:
      return cuit_check (c.id, c.len);
    case CBZ_TAX_ID_NIT:
      return nit_check (c.id, c.len);
    case CBZ_TAX_ID_RUC:
      return ruc_pe_check (c.id, c.len);
    case CBZ_TAX_ID_UNKNOWN:
    default:
      return 0;
    }
}
