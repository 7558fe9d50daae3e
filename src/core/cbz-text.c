/* cbz-text.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-text.h"

static void
normalize_unicode (const char *text,
                   gssize      length,
                   GString    *out,
                   gsize       start_len)
{
  g_autofree char *valid = g_utf8_make_valid (text, length);
  g_autofree char *decomposed = g_utf8_normalize (valid, -1, G_NORMALIZE_NFKD);
  gboolean pending_space = FALSE;

  for (const char *p = decomposed; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c))
        continue;
      if (g_unichar_isalnum (c))
        {
          char buf[6];
          gunichar lower = g_unichar_tolower (c);

          if (pending_space && out->len > start_len)
            g_string_append_c (out, ' ');
          pending_space = FALSE;
          if (lower == 0x00DF)  /* ß casefolds to ss */
            g_string_append (out, "ss");
          else
            g_string_append_len (out, buf, g_unichar_to_utf8 (lower, buf));
        }
      else
        pending_space = TRUE;
    }
}

void
cbz_text_normalize_name_into (const char *text,
                              gssize      length,
                              GString    *out)
{
  gsize start_len;
  gsize n;
  gboolean pending_space = FALSE;

  g_return_if_fail (text != NULL);
  g_return_if_fail (out != NULL);

  n = length < 0 ? strlen (text) : (gsize) length;
  start_len = out->len;

  /* Nearly every name is ASCII: one pass, no allocation. */
  for (gsize i = 0; i < n; i++)
    {
      unsigned char c = text[i];

      if (c >= 0x80)
        {
          g_string_truncate (out, start_len);
          normalize_unicode (text, n, out, start_len);
          return;
        }
      if (g_ascii_isalnum (c))
        {
          if (pending_space && out->len > start_len)
            g_string_append_c (out, ' ');
          pending_space = FALSE;
          g_string_append_c (out, g_ascii_tolower (c));
        }
      else
        pending_space = TRUE;
    }
}

char *
cbz_text_normalize_name (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text));
  cbz_text_normalize_name_into (text, -1, out);
  return g_string_free (out, FALSE);
}

char *
cbz_text_strip (char *text)
{
  char *start;
  char *end;

  g_return_val_if_fail (text != NULL, NULL);

  start = text;
  while (*start != '\0')
    {
      gunichar c = g_utf8_get_char_validated (start, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2 || !g_unichar_isspace (c))
        break;
      start = g_utf8_next_char (start);
    }
  end = start + strlen (start);
  while (end > start)
    {
      char *prev = g_utf8_find_prev_char (start, end);
      gunichar c;

      if (prev == NULL)
        break;
      c = g_utf8_get_char_validated (prev, end - prev);
      if (c == (gunichar) -1 || c == (gunichar) -2 || !g_unichar_isspace (c))
        break;
      end = prev;
    }
  memmove (text, start, end - start);
  text[end - start] = '\0';
  return text;
}
