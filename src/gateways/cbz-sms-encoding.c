/* cbz-sms-encoding.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-sms-encoding.h"

#define GSM7_SINGLE_LIMIT 160
#define GSM7_PART_LIMIT   153
#define UCS2_SINGLE_LIMIT 70
#define UCS2_PART_LIMIT   67

/* 3GPP TS 23.038 default alphabet, outside printable ASCII (which is all in it
 * except ` [ \ ] ^ { | } ~, and @ $ _ which are there at other positions). */
static const gunichar gsm7_basic_extra[] = {
  0x00A3, /* £ */ 0x00A5, /* ¥ */ 0x00E8, /* è */ 0x00E9, /* é */
  0x00F9, /* ù */ 0x00EC, /* ì */ 0x00F2, /* ò */ 0x00C7, /* Ç */
  0x00D8, /* Ø */ 0x00F8, /* ø */ 0x00C5, /* Å */ 0x00E5, /* å */
  0x0394, /* Δ */ 0x03A6, /* Φ */ 0x0393, /* Γ */ 0x039B, /* Λ */
  0x03A9, /* Ω */ 0x03A0, /* Π */ 0x03A8, /* Ψ */ 0x03A3, /* Σ */
  0x0398, /* Θ */ 0x039E, /* Ξ */ 0x00C6, /* Æ */ 0x00E6, /* æ */
  0x00DF, /* ß */ 0x00C9, /* É */ 0x00A4, /* ¤ */ 0x00A1, /* ¡ */
  0x00C4, /* Ä */ 0x00D6, /* Ö */ 0x00D1, /* Ñ */ 0x00DC, /* Ü */
  0x00A7, /* § */ 0x00BF, /* ¿ */ 0x00E4, /* ä */ 0x00F6, /* ö */
  0x00F1, /* ñ */ 0x00FC, /* ü */ 0x00E0, /* à */
};

/* Reached through the escape character: each costs two septets. */
static const gunichar gsm7_extension[] = {
  '\f', '^', '{', '}', '\\', '[', '~', ']', '|', 0x20AC, /* € */
};

/* Typography a word processor or a phone keyboard slips in, with the nearest
 * GSM-7 spelling. Letters with accents are handled by decomposition. */
static const struct
{
  gunichar    c;
  const char *replacement;
} punctuation_replacements[] = {
  { 0x2018, "'" }, { 0x2019, "'" }, { 0x201A, "'" }, { 0x201B, "'" },
  { 0x201C, "\"" }, { 0x201D, "\"" }, { 0x201E, "\"" }, { 0x00AB, "\"" }, { 0x00BB, "\"" },
  { 0x2013, "-" }, { 0x2014, "-" }, { 0x2010, "-" }, { 0x2011, "-" }, { 0x2212, "-" },
  { 0x2026, "..." }, { 0x00A0, " " }, { 0x202F, " " }, { 0x2009, " " }, { 0x00B7, "." },
  { '`', "'" }, { 0x00B4, "'" }, { 0x00BA, "o" }, { 0x00AA, "a" }, { 0x2022, "-" },
  { '\t', " " },
};

/**
 * cbz_sms_char_is_gsm7:
 * @c: a character
 * @septets: (out) (optional): 1, or 2 for an extension-table character
 *
 * Returns: whether @c can be sent in the GSM-7 alphabet.
 */
gboolean
cbz_sms_char_is_gsm7 (gunichar  c,
                      guint    *septets)
{
  guint cost = 0;

  if (c == '\n' || c == '\r')
    cost = 1;
  else if (c >= 0x20 && c < 0x7F)
    cost = (c == '`' || c == '[' || c == '\\' || c == ']' || c == '^' ||
            c == '{' || c == '|' || c == '}' || c == '~') ? 0 : 1;

  if (cost == 0)
    {
      for (guint i = 0; i < G_N_ELEMENTS (gsm7_basic_extra) && cost == 0; i++)
        if (gsm7_basic_extra[i] == c)
          cost = 1;
      for (guint i = 0; i < G_N_ELEMENTS (gsm7_extension) && cost == 0; i++)
        if (gsm7_extension[i] == c)
          cost = 2;
    }

  if (septets != NULL)
    *septets = cost;
  return cost != 0;
}

/* Greedy split the way handsets and gateways do it: an escape sequence or a
 * surrogate pair that does not fit moves whole to the next part. */
static guint
count_parts (const guint *costs,
             guint        n_costs,
             guint        total,
             guint        single_limit,
             guint        part_limit,
             guint       *remaining)
{
  guint parts = 1;
  guint used = 0;

  if (total == 0)
    {
      *remaining = single_limit;
      return 0;
    }
  if (total <= single_limit)
    {
      *remaining = single_limit - total;
      return 1;
    }

  for (guint i = 0; i < n_costs; i++)
    {
      if (used + costs[i] > part_limit)
        {
          parts++;
          used = 0;
        }
      used += costs[i];
    }
  *remaining = part_limit - used;
  return parts;
}

/**
 * cbz_sms_count:
 * @text: a UTF-8 message body
 * @count: (out caller-allocates): where to put the figures
 *
 * Counts the encoding, units and parts @text needs as one SMS.
 */
void
cbz_sms_count (const char  *text,
               CbzSmsCount *count)
{
  g_autoptr(GArray) gsm_costs = NULL;
  g_autoptr(GArray) ucs_costs = NULL;
  guint gsm_total = 0;
  guint ucs_total = 0;
  gunichar first_non_gsm = 0;

  g_return_if_fail (text != NULL);
  g_return_if_fail (count != NULL);

  gsm_costs = g_array_new (FALSE, FALSE, sizeof (guint));
  ucs_costs = g_array_new (FALSE, FALSE, sizeof (guint));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      guint septets;
      guint units = c > 0xFFFF ? 2 : 1;

      if (cbz_sms_char_is_gsm7 (c, &septets))
        {
          g_array_append_val (gsm_costs, septets);
          gsm_total += septets;
        }
      else if (first_non_gsm == 0)
        first_non_gsm = c;

      g_array_append_val (ucs_costs, units);
      ucs_total += units;
    }

  memset (count, 0, sizeof *count);
  count->first_non_gsm = first_non_gsm;
  if (first_non_gsm == 0)
    {
      count->encoding = CBZ_SMS_ENCODING_GSM7;
      count->units = gsm_total;
      count->parts = count_parts ((const guint *) (gpointer) gsm_costs->data, gsm_costs->len,
                                  gsm_total, GSM7_SINGLE_LIMIT, GSM7_PART_LIMIT,
                                  &count->remaining);
      count->units_per_part = count->parts > 1 ? GSM7_PART_LIMIT : GSM7_SINGLE_LIMIT;
    }
  else
    {
      count->encoding = CBZ_SMS_ENCODING_UCS2;
      count->units = ucs_total;
      count->parts = count_parts ((const guint *) (gpointer) ucs_costs->data, ucs_costs->len,
                                  ucs_total, UCS2_SINGLE_LIMIT, UCS2_PART_LIMIT,
                                  &count->remaining);
      count->units_per_part = count->parts > 1 ? UCS2_PART_LIMIT : UCS2_SINGLE_LIMIT;
    }
}

static const char *
lookup_punctuation (gunichar c)
{
  for (guint i = 0; i < G_N_ELEMENTS (punctuation_replacements); i++)
    if (punctuation_replacements[i].c == c)
      return punctuation_replacements[i].replacement;
  return NULL;
}

/**
 * cbz_sms_replace_accents:
 * @text: a UTF-8 message body
 *
 * Replaces the characters GSM-7 lacks by their nearest GSM-7 spelling (á -> a,
 * Í -> I, “ -> ", … -> ...), keeping those it has (ñ é ü ¿ ¡ ...), so a Spanish
 * reminder fits in 160 characters instead of 70. Characters with no sensible
 * replacement (emoji) are kept: the message then still goes as UCS-2.
 *
 * Returns: (transfer full): the new text
 */
char *
cbz_sms_replace_accents (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *replacement;
      gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
      gsize n_decomposed;

      if (cbz_sms_char_is_gsm7 (c, NULL))
        {
          g_string_append_unichar (out, c);
          continue;
        }

      replacement = lookup_punctuation (c);
      if (replacement != NULL)
        {
          g_string_append (out, replacement);
          continue;
        }

      /* á = a + U+0301: keep the base letter when GSM-7 has it. */
      n_decomposed = g_unichar_fully_decompose (c, FALSE, decomposed, G_N_ELEMENTS (decomposed));
      if (n_decomposed > 1 && cbz_sms_char_is_gsm7 (decomposed[0], NULL))
        g_string_append_unichar (out, decomposed[0]);
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}
