/* cbz-bank-text.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-text.h"

#include "cbz-bank-text-private.h"

/* Words that say what kind of company it is, not which one. */
static const char * const name_noise[] = {
  "sa", "de", "cv", "rl", "srl", "sapi", "sab", "sc", "spa", "ltda", "eirl", "sas", "cia",
  "y", "e", "el", "la", "las", "los", "del", "limitada", "sociedad", "anonima", "inc", "llc",
  "ltd", "co", "corp", "the", "and", "of",
};

static gboolean
is_name_noise (const char *word)
{
  return strlen (word) < 2 || g_strv_contains (name_noise, word);
}

void
_cbz_bank_text_init (CbzBankText *text)
{
  text->compact = g_string_sized_new (128);
  text->boundaries = g_array_sized_new (FALSE, TRUE, sizeof (guint8), 129);
  text->words = g_string_sized_new (128);
  text->word_list = g_ptr_array_new_with_free_func (g_free);
  text->key_words = g_ptr_array_new ();
}

void
_cbz_bank_text_clear (CbzBankText *text)
{
  g_string_free (text->compact, TRUE);
  g_array_unref (text->boundaries);
  g_string_free (text->words, TRUE);
  g_ptr_array_unref (text->key_words);
  g_ptr_array_unref (text->word_list);
}

static int
char_class (char c)
{
  return g_ascii_isdigit (c) ? 1 : 2;
}

/* Compacts the normalised words in @words into @compact, marking where
 * words start and end in @boundaries (when not NULL). */
static void
compact_words (const char *words,
               GString    *compact,
               GArray     *boundaries)
{
  gboolean separated = TRUE;
  guint8 edge;

  for (const char *p = words; *p != '\0'; p++)
    {
      char c = *p;

      if (!g_ascii_isalnum (c))
        {
          separated = TRUE;
          continue;
        }
      c = g_ascii_toupper (c);
      if (boundaries != NULL)
        {
          edge = separated || compact->len == 0 ||
                 char_class (compact->str[compact->len - 1]) != char_class (c);
          g_array_append_val (boundaries, edge);
        }
      g_string_append_c (compact, c);
      separated = FALSE;
    }
  edge = 1;
  if (boundaries != NULL)
    g_array_append_val (boundaries, edge);
}

void
_cbz_bank_text_set (CbzBankText *text,
                    const char  *description,
                    const char  *reference)
{
  g_string_truncate (text->compact, 0);
  g_array_set_size (text->boundaries, 0);
  g_string_truncate (text->words, 0);
  g_ptr_array_set_size (text->key_words, 0);
  g_ptr_array_set_size (text->word_list, 0);

  if (description != NULL)
    cbz_text_normalize_name_into (description, -1, text->words);
  if (reference != NULL && reference[0] != '\0')
    {
      if (text->words->len > 0)
        g_string_append_c (text->words, ' ');
      cbz_text_normalize_name_into (reference, -1, text->words);
    }
  compact_words (text->words->str, text->compact, text->boundaries);

  for (const char *p = text->words->str; *p != '\0';)
    {
      const char *end = strchr (p, ' ');

      if (end == NULL)
        end = p + strlen (p);
      if (end > p)
        {
          char *word = g_strndup (p, end - p);

          g_ptr_array_add (text->word_list, word);
          if (!is_name_noise (word))
            g_ptr_array_add (text->key_words, word);
        }
      p = *end == ' ' ? end + 1 : end;
    }
}

gboolean
_cbz_bank_text_is_boundary (const CbzBankText *text,
                            gsize              position)
{
  return position < text->boundaries->len &&
         g_array_index (text->boundaries, guint8, position) != 0;
}

gboolean
_cbz_bank_text_contains (const CbzBankText *text,
                         const char        *key,
                         gsize              key_length)
{
  const char *haystack = text->compact->str;
  gsize length = text->compact->len;

  if (key_length == 0 || key_length > length)
    return FALSE;
  for (const char *p = haystack; (p = g_strstr_len (p, length - (p - haystack), key)) != NULL; p++)
    {
      gsize start = p - haystack;

      if (_cbz_bank_text_is_boundary (text, start) &&
          _cbz_bank_text_is_boundary (text, start + key_length))
        return TRUE;
    }
  return FALSE;
}

void
_cbz_bank_compact_into (const char *text,
                        GString    *out)
{
  g_autoptr(GString) words = g_string_sized_new (32);

  cbz_text_normalize_name_into (text, -1, words);
  compact_words (words->str, out, NULL);
}

guint64
_cbz_hash64 (const char *data,
             gsize       length)
{
  guint64 hash = CBZ_HASH64_INIT;

  for (gsize i = 0; i < length; i++)
    hash = _cbz_hash64_step (hash, (guchar) data[i]);
  return hash;
}

char *
_cbz_bank_name_key (const char *name)
{
  g_autofree char *normalized = cbz_text_normalize_name (name);
  g_auto(GStrv) words = g_strsplit (normalized, " ", -1);
  GString *key = g_string_sized_new (strlen (normalized));

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (is_name_noise (words[i]))
        continue;
      if (key->len > 0)
        g_string_append_c (key, ' ');
      g_string_append (key, words[i]);
    }
  return g_string_free (key, FALSE);
}

static gboolean
has_word (const CbzBankText *text,
          const char        *word,
          gsize              word_length)
{
  guint n = text->word_list->len;

  for (guint i = 0; i < n; i++)
    {
      const char *candidate = g_ptr_array_index (text->word_list, i);
      gsize length = strlen (candidate);

      if (length == word_length && memcmp (candidate, word, length) == 0)
        return TRUE;
      /* "FERRETERIA LOPEZ SA DE C" and "FERRETERIA LOP": the bank cut it. */
      if (i == n - 1 && length >= 3 && length < word_length &&
          memcmp (candidate, word, length) == 0)
        return TRUE;
    }
  return FALSE;
}

gboolean
_cbz_bank_text_has_name (const CbzBankText *text,
                         const char        *name_key)
{
  const char *p = name_key;

  if (name_key[0] == '\0' || (strchr (name_key, ' ') == NULL && strlen (name_key) < 4))
    return FALSE;

  while (*p != '\0')
    {
      const char *end = strchr (p, ' ');

      if (end == NULL)
        end = p + strlen (p);
      if (!has_word (text, p, end - p))
        return FALSE;
      p = *end == ' ' ? end + 1 : end;
    }
  return TRUE;
}
