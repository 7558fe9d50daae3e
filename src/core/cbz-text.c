/* cbz-text.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-text.h"

/* U+00C0..U+00FF (UTF-8 C3 80..C3 BF) folded the way NFKD + lowercase +
 * dropping marks folds them; NULL: a separator (× ÷). Spanish and
 * Portuguese names live almost entirely in this range, so they never take
 * the slow path. */
static const char * const latin1_fold[64] = {
  "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
  "d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u", "u", "y", "th", "ss",
  "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
  "d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u", "u", "y", "th", "y",
};

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
          /* What NFKD leaves of Latin-1 (æ ð ø þ ß): fold it like the fast path. */
          if (lower >= 0xC0 && lower <= 0xFF && latin1_fold[lower - 0xC0] != NULL)
            g_string_append (out, latin1_fold[lower - 0xC0]);
          else
            g_string_append_len (out, buf, g_unichar_to_utf8 (lower, buf));
        }
      else
        pending_space = TRUE;
    }
}

static void
append_word_part (GString    *out,
                  gsize       start_len,
                  gboolean   *pending_space,
                  const char *part)
{
  if (*pending_space && out->len > start_len)
    g_string_append_c (out, ' ');
  *pending_space = FALSE;
  g_string_append (out, part);
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

      if (c == 0xC3 && i + 1 < n && ((guchar) text[i + 1] & 0xC0) == 0x80)
        {
          const char *fold = latin1_fold[(guchar) text[i + 1] - 0x80];

          i++;
          if (fold == NULL)
            pending_space = TRUE;
          else
            append_word_part (out, start_len, &pending_space, fold);
          continue;
        }
      if (c == 0xC2 && i + 1 < n && ((guchar) text[i + 1] & 0xC0) == 0x80 &&
          (guchar) text[i + 1] != 0xB5)
        {
          guchar d = text[i + 1];

          i++;
          /* ª º ¹ ² ³ are letters and digits; the rest of the block is
           * punctuation, symbols and spaces. */
          if (d == 0xAA)
            append_word_part (out, start_len, &pending_space, "a");
          else if (d == 0xBA)
            append_word_part (out, start_len, &pending_space, "o");
          else if (d == 0xB9)
            append_word_part (out, start_len, &pending_space, "1");
          else if (d == 0xB2)
            append_word_part (out, start_len, &pending_space, "2");
          else if (d == 0xB3)
            append_word_part (out, start_len, &pending_space, "3");
          else
            pending_space = TRUE;
          continue;
        }
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
