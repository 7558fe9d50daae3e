/* cbz-opt-out.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-opt-out.h"

/* The words Twilio honours plus what Spanish speakers write. Matched without
 * accents or case, as the whole reply or as its first word(s). */
static const char * const opt_out_keywords[] = {
  "STOP", "STOPALL", "UNSUBSCRIBE", "END", "QUIT", "REVOKE", "OPTOUT", "CANCEL",
  "BAJA", "ALTO", "CANCELAR", "NO MAS",
};

/* Re-subscribing needs an unambiguous reply: only the whole message counts
 * ("Yes, I will pay on Friday" is not a request to receive reminders again). */
static const char * const opt_in_keywords[] = {
  "START", "YES", "UNSTOP",
};

/* Uppercase, accents removed, every run of non-alphanumerics (punctuation,
 * spaces, emoji) turned into one separator that remembers whether it was only
 * white space: "No, más" must not read as "NO MAS". */
static char *
normalize_reply (const char *reply)
{
  GString *out = g_string_new (NULL);
  gboolean in_gap = FALSE;
  gboolean gap_has_punct = FALSE;

  for (const char *p = reply; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);
      gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];

      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;

      if (g_unichar_fully_decompose (c, FALSE, decomposed, G_N_ELEMENTS (decomposed)) > 0)
        c = decomposed[0];

      if (g_unichar_isalnum (c))
        {
          if (in_gap && out->len > 0)
            g_string_append_c (out, gap_has_punct ? '|' : ' ');
          in_gap = FALSE;
          gap_has_punct = FALSE;
          g_string_append_unichar (out, g_unichar_toupper (c));
        }
      else
        {
          in_gap = TRUE;
          if (!g_unichar_isspace (c))
            gap_has_punct = TRUE;
        }
    }

  return g_string_free (out, FALSE);
}

static gboolean
starts_with_words (const char *normalized,
                   const char *keyword)
{
  gsize len = strlen (keyword);

  if (strncmp (normalized, keyword, len) != 0)
    return FALSE;
  return normalized[len] == '\0' || normalized[len] == ' ' || normalized[len] == '|';
}

/**
 * cbz_opt_out_classify:
 * @reply: the text of an inbound message
 * @keyword: (out) (optional) (transfer full): the keyword found, e.g. "BAJA"
 *
 * Reads a customer's reply for an opt-out ("STOP", "Baja", "no más
 * mensajes") or a re-subscription ("START"), ignoring accents and case.
 *
 * Returns: what the reply asks for
 */
CbzReplyIntent
cbz_opt_out_classify (const char  *reply,
                      char       **keyword)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (reply != NULL, CBZ_REPLY_INTENT_NONE);

  if (keyword != NULL)
    *keyword = NULL;

  normalized = normalize_reply (reply);
  for (guint i = 0; i < G_N_ELEMENTS (opt_out_keywords); i++)
    {
      if (starts_with_words (normalized, opt_out_keywords[i]))
        {
          if (keyword != NULL)
            *keyword = g_strdup (opt_out_keywords[i]);
          return CBZ_REPLY_INTENT_OPT_OUT;
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (opt_in_keywords); i++)
    {
      if (g_str_equal (normalized, opt_in_keywords[i]))
        {
          if (keyword != NULL)
            *keyword = g_strdup (opt_in_keywords[i]);
          return CBZ_REPLY_INTENT_OPT_IN;
        }
    }

  return CBZ_REPLY_INTENT_NONE;
}
