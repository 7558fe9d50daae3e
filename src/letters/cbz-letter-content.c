/* cbz-letter-content.c: a letter template filled in for one letter
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-letter-template.h"

/*
 * A letter says nothing it has no value for. A company profile may hold
 * only a name: "Puede llamarnos al  o escribirnos a ." is what filling
 * blindly would print. So, before a paragraph is filled in:
 *
 *  - text in square brackets with a variable in it is optional, and "|"
 *    separates alternatives: "[Llámenos al {{telefono_empresa}} o escríbanos
 *    a {{correo_empresa}}.|Llámenos al {{telefono_empresa}}.|Escríbanos a
 *    {{correo_empresa}}.]" prints the first alternative whose variables all
 *    have values, or nothing;
 *  - then a sentence that still names a variable without a value is left
 *    out, and a paragraph left with no sentence disappears.
 */

static void
block_free (CbzLetterBlock *block)
{
  g_free (block->text);
  g_free (block);
}

static void
add_block (GPtrArray          *blocks,
           CbzLetterBlockKind  kind,
           char               *text)
{
  CbzLetterBlock *block = g_new0 (CbzLetterBlock, 1);

  block->kind = kind;
  block->text = text;
  g_ptr_array_add (blocks, block);
}

/* "Asunto:" → &content->subject, for header lines at the top. */
static char **
header_field (CbzLetterContent  *content,
              const char        *line,
              const char       **value)
{
  static const struct { const char *key; gsize offset; } keys[] = {
    { "asunto:", G_STRUCT_OFFSET (CbzLetterContent, subject) },
    { "subject:", G_STRUCT_OFFSET (CbzLetterContent, subject) },
    { "saludo:", G_STRUCT_OFFSET (CbzLetterContent, salutation) },
    { "salutation:", G_STRUCT_OFFSET (CbzLetterContent, salutation) },
    { "despedida:", G_STRUCT_OFFSET (CbzLetterContent, closing) },
    { "closing:", G_STRUCT_OFFSET (CbzLetterContent, closing) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      gsize len = strlen (keys[i].key);

      if (g_ascii_strncasecmp (line, keys[i].key, len) == 0)
        {
          *value = line + len;
          while (**value == ' ' || **value == '\t')
            (*value)++;
          return G_STRUCT_MEMBER_P (content, keys[i].offset);
        }
    }
  return NULL;
}

static gboolean
is_marker (const char *paragraph,
           const char *es,
           const char *en)
{
  return g_ascii_strcasecmp (paragraph, es) == 0 || g_ascii_strcasecmp (paragraph, en) == 0;
}

/* TRUE when every variable @text names has a value in @context. */
static gboolean
has_values (const char         *text,
            gsize               len,
            CbzTemplateContext *context)
{
  g_autofree char *copy = g_strndup (text, len);
  g_autoptr(CbzTemplate) tmpl = NULL;

  if (strstr (copy, "{{") == NULL)
    return TRUE;
  /* The whole text was checked before: this parses. */
  tmpl = cbz_template_new (copy, NULL);
  if (tmpl == NULL)
    return TRUE;
  for (guint var = 0; var < CBZ_TEMPLATE_N_VARS; var++)
    {
      const char *value;

      if (!cbz_template_uses (tmpl, var))
        continue;
      value = cbz_template_context_get (context, var);
      if (value == NULL || *value == '\0')
        return FALSE;
    }
  return TRUE;
}

/* The alternatives in square brackets chosen (see the top of this file);
 * brackets without "|" nor a variable are text. */
static void
choose_alternatives (GString            *out,
                     const char         *text,
                     CbzTemplateContext *context)
{
  const char *p = text;
  const char *open;

  while ((open = strchr (p, '[')) != NULL)
    {
      const char *close = strchr (open + 1, ']');
      const char *alt;

      if (close == NULL)
        break;
      if (memchr (open, '|', close - open) == NULL && g_strstr_len (open, close - open, "{{") == NULL)
        {
          g_string_append_len (out, p, close + 1 - p);
          p = close + 1;
          continue;
        }

      g_string_append_len (out, p, open - p);
      for (alt = open + 1; alt <= close;)
        {
          const char *bar = memchr (alt, '|', close - alt);
          const char *end = bar != NULL ? bar : close;

          if (has_values (alt, end - alt, context))
            {
              g_string_append_len (out, alt, end - alt);
              break;
            }
          alt = end + 1;
        }
      p = close + 1;
    }
  g_string_append (out, p);
}

static gboolean
is_closer (gunichar c)
{
  return c == ')' || c == '"' || c == '\'' || c == 0x201D || c == 0x2019 || c == 0xBB;
}

/* Where the sentence starting at @p ends: after ".", "!" or "?" (and any
 * closing quote or parenthesis) followed by a space and something that is
 * not a lowercase letter ("S.A. de C.V." goes on), or at the end. */
static const char *
sentence_end (const char *p)
{
  for (; *p != '\0'; p = g_utf8_next_char (p))
    {
      const char *after;

      if (*p != '.' && *p != '!' && *p != '?')
        continue;
      after = p + 1;
      while (*after != '\0' && is_closer (g_utf8_get_char (after)))
        after = g_utf8_next_char (after);
      if (*after == '\0')
        return after;
      if (*after == ' ')
        {
          const char *next = after;

          while (*next == ' ')
            next++;
          if (*next == '\0' || !g_unichar_islower (g_utf8_get_char (next)))
            return after;
        }
    }
  return p;
}

/* @text without the sentences that name a variable with no value, its
 * spaces single. */
static char *
keep_sentences (const char         *text,
                CbzTemplateContext *context)
{
  GString *out = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      const char *end;

      while (*p == ' ')
        p++;
      if (*p == '\0')
        break;
      end = sentence_end (p);
      if (has_values (p, end - p, context))
        {
          if (out->len > 0)
            g_string_append_c (out, ' ');
          for (const char *c = p; c < end; c++)
            {
              if (*c == ' ' && (out->len == 0 || out->str[out->len - 1] == ' ' || strchr (".,;:", c[1]) != NULL))
                continue;
              g_string_append_c (out, *c);
            }
        }
      p = end;
    }
  while (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

/* @raw (template text) filled in for the letter; "" when nothing of it is left. */
static char *
fill (const char          *raw,
      CbzTemplateContext  *context,
      GError             **error)
{
  g_autoptr(GString) chosen = g_string_new (NULL);
  g_autofree char *kept = NULL;

  choose_alternatives (chosen, raw, context);
  kept = keep_sentences (chosen->str, context);
  if (*kept == '\0')
    return g_steal_pointer (&kept);
  return cbz_template_expand (kept, context, error);
}

CbzLetterContent *
cbz_letter_content_new (const char          *text,
                        CbzTemplateContext  *context,
                        GError             **error)
{
  g_autoptr(CbzLetterContent) content = NULL;
  g_autoptr(CbzTemplate) check = NULL;
  g_autofree char *rendered = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) paragraph = g_string_new (NULL);
  gboolean in_header = TRUE;
  gboolean have_invoices = FALSE, have_payment = FALSE;
  guint i;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (context != NULL, NULL);

  /* Check the whole text once, so errors carry the lines and columns the
   * person sees in the editor. */
  check = cbz_template_new (text, error);
  if (check == NULL)
    return NULL;
  rendered = cbz_template_render (check, context, error);
  if (rendered == NULL)
    return NULL;

  content = g_new0 (CbzLetterContent, 1);
  content->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);

  lines = g_strsplit (text, "\n", -1);
  for (i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      const char *value = NULL;
      char **field;

      if (in_header)
        {
          if (*line == '\0')
            continue;
          field = header_field (content, line, &value);
          if (field != NULL)
            {
              g_free (*field);
              *field = fill (value, context, error);
              if (*field == NULL)
                return NULL;
              continue;
            }
          in_header = FALSE;
        }

      if (*line != '\0')
        {
          if (paragraph->len > 0)
            g_string_append_c (paragraph, ' ');
          g_string_append (paragraph, line);
          if (lines[i + 1] != NULL)
            continue;
        }

      if (paragraph->len == 0)
        continue;

      if (is_marker (paragraph->str, "[facturas]", "[invoices]"))
        {
          if (!have_invoices)
            add_block (content->blocks, CBZ_LETTER_BLOCK_INVOICES, NULL);
          have_invoices = TRUE;
        }
      else if (is_marker (paragraph->str, "[pago]", "[payment]"))
        {
          if (!have_payment)
            add_block (content->blocks, CBZ_LETTER_BLOCK_PAYMENT, NULL);
          have_payment = TRUE;
        }
      else
        {
          char *filled = fill (paragraph->str, context, error);

          if (filled == NULL)
            return NULL;
          if (*filled != '\0')
            add_block (content->blocks, CBZ_LETTER_BLOCK_PARAGRAPH, filled);
          else
            g_free (filled);
        }
      g_string_truncate (paragraph, 0);
    }

  if (!have_invoices)
    {
      CbzLetterBlock *block = g_new0 (CbzLetterBlock, 1);

      block->kind = CBZ_LETTER_BLOCK_INVOICES;
      g_ptr_array_insert (content->blocks, MIN (1, (int) content->blocks->len), block);
    }
  if (!have_payment)
    {
      for (i = 0; i < content->blocks->len; i++)
        {
          CbzLetterBlock *b = g_ptr_array_index (content->blocks, i);

          if (b->kind == CBZ_LETTER_BLOCK_INVOICES)
            {
              CbzLetterBlock *block = g_new0 (CbzLetterBlock, 1);

              block->kind = CBZ_LETTER_BLOCK_PAYMENT;
              g_ptr_array_insert (content->blocks, i + 1, block);
              break;
            }
        }
    }

  return g_steal_pointer (&content);
}

void
cbz_letter_content_free (CbzLetterContent *content)
{
  if (content == NULL)
    return;
  g_free (content->subject);
  g_free (content->salutation);
  g_free (content->closing);
  g_ptr_array_unref (content->blocks);
  g_free (content);
}
