/* cbz-ratio.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "cbz-ratio.h"

/* Decimals shown never go beyond this. */
#define MAX_DECIMALS 12

CbzRatio
cbz_ratio_init (gint64 num,
                gint64 den)
{
  if (den < 0 && num != G_MININT64 && den != G_MININT64)
    return (CbzRatio) { -num, -den };
  if (den < 0)
    return (CbzRatio) { 0, 0 };
  return (CbzRatio) { num, den };
}

gboolean
cbz_ratio_is_defined (CbzRatio ratio)
{
  return ratio.den > 0;
}

/* a × 10 = 10 × quotient-by-den + remainder, without overflow: @a < @den. */
static guint
next_digit (guint64 *remainder,
            guint64  den)
{
  guint64 r = *remainder;
  guint64 acc = 0;
  guint digit = 0;

  /* Ten additions of r modulo den, counting the wraps. */
  for (guint i = 0; i < 10; i++)
    {
      if (acc >= den - r)
        {
          acc -= den - r;
          digit++;
        }
      else
        acc += r;
    }
  *remainder = acc;
  return digit;
}

int
cbz_ratio_compare (CbzRatio a,
                   CbzRatio b)
{
  gboolean negative_a, negative_b;
  guint64 ua, ub, qa, qb, ra, rb;

  if (!cbz_ratio_is_defined (a) || !cbz_ratio_is_defined (b))
    return cbz_ratio_is_defined (a) - cbz_ratio_is_defined (b);

  negative_a = a.num < 0;
  negative_b = b.num < 0;
  if (negative_a != negative_b)
    return negative_a ? -1 : 1;

  ua = negative_a ? (guint64) 0 - (guint64) a.num : (guint64) a.num;
  ub = negative_b ? (guint64) 0 - (guint64) b.num : (guint64) b.num;
  qa = ua / (guint64) a.den;
  qb = ub / (guint64) b.den;
  ra = ua % (guint64) a.den;
  rb = ub % (guint64) b.den;

  /* Compare the expansions digit by digit: exact, and enough for any two
   * fractions of 64-bit numbers after a bounded number of digits. */
  for (guint i = 0; i < 40 && qa == qb && (ra != 0 || rb != 0); i++)
    {
      qa = next_digit (&ra, (guint64) a.den);
      qb = next_digit (&rb, (guint64) b.den);
    }
  if (qa == qb)
    return 0;
  return ((qa < qb) != negative_a) ? -1 : 1;
}

gboolean
cbz_ratio_to_scaled (CbzRatio  ratio,
                     guint     decimals,
                     gint64   *scaled)
{
  guint64 magnitude, whole, remainder, value;
  gboolean negative;
  guint next;

  g_return_val_if_fail (scaled != NULL, FALSE);
  g_return_val_if_fail (decimals <= MAX_DECIMALS, FALSE);

  if (!cbz_ratio_is_defined (ratio))
    return FALSE;

  negative = ratio.num < 0;
  magnitude = negative ? (guint64) 0 - (guint64) ratio.num : (guint64) ratio.num;
  whole = magnitude / (guint64) ratio.den;
  remainder = magnitude % (guint64) ratio.den;

  value = whole;
  for (guint i = 0; i < decimals; i++)
    {
      if (value > (G_MAXINT64 - 9) / 10)
        return FALSE;
      value = value * 10 + next_digit (&remainder, (guint64) ratio.den);
    }
  /* Half away from zero: look at the next digit. */
  next = next_digit (&remainder, (guint64) ratio.den);
  if (next >= 5)
    value++;
  if (value > (guint64) G_MAXINT64)
    return FALSE;
  *scaled = negative ? -(gint64) value : (gint64) value;
  return TRUE;
}

static char *
format_scaled (CbzRatio    ratio,
               guint       decimals,
               guint       extra,
               const char *mark)
{
  gint64 scaled;
  guint64 magnitude, unit = 1;

  if (!cbz_ratio_to_scaled (ratio, decimals + extra, &scaled))
    return NULL;
  /* Percentages: the two extra digits are whole percents, not decimals. */
  for (guint i = 0; i < decimals; i++)
    unit *= 10;
  magnitude = scaled < 0 ? (guint64) 0 - (guint64) scaled : (guint64) scaled;
  if (decimals == 0)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT, scaled < 0 ? "-" : "", magnitude);
  return g_strdup_printf ("%s%" G_GUINT64_FORMAT "%s%0*" G_GUINT64_FORMAT, scaled < 0 ? "-" : "",
                          magnitude / unit, mark, (int) decimals, magnitude % unit);
}

static const char *
locale_mark (void)
{
  const char *mark = localeconv ()->decimal_point;

  return mark != NULL && mark[0] != '\0' ? mark : ".";
}

char *
cbz_ratio_to_string (CbzRatio ratio,
                     guint    decimals)
{
  return format_scaled (ratio, decimals, 0, ".");
}

char *
cbz_ratio_format (CbzRatio ratio,
                  guint    decimals)
{
  return format_scaled (ratio, decimals, 0, locale_mark ());
}

char *
cbz_ratio_to_percent_string (CbzRatio ratio,
                             guint    decimals)
{
  return format_scaled (ratio, decimals, 2, ".");
}

char *
cbz_ratio_format_percent (CbzRatio ratio,
                          guint    decimals)
{
  return format_scaled (ratio, decimals, 2, locale_mark ());
}
