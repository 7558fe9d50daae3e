/* cbz-text-words.c: the words and gaps a text shaper keeps
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <hb.h>

#include "cbz-letter-text-private.h"

static guint
key_hash (gconstpointer data)
{
  const CbzTextKey *key = data;
  guint hash = 5381;

  for (gsize i = 0; i < key->len; i++)
    hash = hash * 33 + (guchar) key->text[i];
  return hash ^ (key->font * 0x9e3779b1u) ^ g_direct_hash (key->language);
}

static gboolean
key_equal (gconstpointer a,
           gconstpointer b)
{
  const CbzTextKey *x = a;
  const CbzTextKey *y = b;

  return x->font == y->font && x->language == y->language && x->len == y->len &&
         memcmp (x->text, y->text, x->len) == 0;
}

static CbzTextKey *
key_dup (const CbzTextKey *key)
{
  CbzTextKey *owned = g_new (CbzTextKey, 1);

  *owned = *key;
  owned->text = g_strndup (key->text, key->len);
  return owned;
}

static void
key_free (gpointer data)
{
  CbzTextKey *key = data;

  g_free ((char *) key->text);
  g_free (key);
}

void
_cbz_text_word_free (gpointer data)
{
  CbzTextWord *word = data;

  g_free (word->glyphs);
  g_free (word->breaks);
  g_free (word);
}

GHashTable *
_cbz_text_key_table_new (GDestroyNotify value_free)
{
  return g_hash_table_new_full (key_hash, key_equal, key_free, value_free);
}

void
_cbz_text_shaper_set_cache_limit (CbzTextShaper *self,
                                  guint          max_entries)
{
  g_return_if_fail (self != NULL);

  self->max_entries = MAX (max_entries, 1);
}

guint
_cbz_text_shaper_get_n_evictions (CbzTextShaper *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_evictions;
}

/*
 * The one place words and gaps are let go, before a paragraph is set:
 * while one is set, its words, gaps and the pieces of its lines point into
 * the caches, and the caches only grow. Blocks copy what they draw, so
 * nothing outlives the call that set it.
 */
void
_cbz_text_shaper_trim (CbzTextShaper *self)
{
  if (g_hash_table_size (self->words) + g_hash_table_size (self->gaps) < self->max_entries)
    return;
  g_hash_table_remove_all (self->words);
  g_hash_table_remove_all (self->gaps);
  self->n_evictions++;
}

/* The shaper's own copy of @desc: an index that stays valid for its life. */
guint
_cbz_text_shaper_intern_font (CbzTextShaper              *self,
                              const PangoFontDescription *desc)
{
  guint i;

  for (i = 0; i < self->descs->len; i++)
    {
      if (pango_font_description_equal (g_ptr_array_index (self->descs, i), desc))
        return i;
    }
  g_ptr_array_add (self->descs, pango_font_description_copy (desc));
  return i;
}

guint
_cbz_text_shaper_font_index (CbzTextShaper *self,
                             PangoFont     *font)
{
  guint i;

  for (i = 0; i < self->fonts->len; i++)
    {
      if (g_ptr_array_index (self->fonts, i) == font)
        return i;
    }
  g_ptr_array_add (self->fonts, g_object_ref (font));
  g_ptr_array_add (self->print_fonts, _cbz_print_font_new (font, self->print_faces));
  return i;
}

static GList *
itemize (const CbzTextSetting *s,
         const char           *text,
         gsize                 len)
{
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_font_desc_new (s->desc));
  pango_attr_list_insert (attrs, pango_attr_language_new (s->language));
  return pango_itemize (s->shaper->context, text, 0, (int) len, attrs, NULL);
}

/* The advance of @text shaped in one piece, as PangoLayout shapes a run. */
static gint32
measure (const CbzTextSetting *s,
         const char           *text,
         gsize                 len)
{
  GList *items = itemize (s, text, len);
  PangoGlyphString *gs = pango_glyph_string_new ();
  gint32 width = 0;

  for (GList *l = items; l != NULL; l = l->next)
    {
      PangoItem *item = l->data;

      pango_shape_with_flags (text + item->offset, item->length, text, (int) len, &item->analysis, gs,
                              PANGO_SHAPE_NONE);
      width += pango_glyph_string_get_width (gs);
    }
  g_list_free_full (items, (GDestroyNotify) pango_item_free);
  pango_glyph_string_free (gs);
  return width;
}

/* @text shaped in one piece, as PangoLayout shapes a run: the advance of
 * each cluster, at the byte the cluster starts. */
static void
measure_bytes (const CbzTextSetting *s,
               const char           *text,
               gsize                 len,
               gint32               *advance)
{
  GList *items = itemize (s, text, len);
  PangoGlyphString *gs = pango_glyph_string_new ();

  for (GList *l = items; l != NULL; l = l->next)
    {
      PangoItem *item = l->data;

      pango_shape_with_flags (text + item->offset, item->length, text, (int) len, &item->analysis, gs,
                              PANGO_SHAPE_NONE);
      for (int i = 0; i < gs->num_glyphs; i++)
        advance[item->offset + gs->log_clusters[i]] += gs->glyphs[i].geometry.width;
    }
  g_list_free_full (items, (GDestroyNotify) pango_item_free);
  pango_glyph_string_free (gs);
}

/* @a, @b and @c one after the other, measured. */
static gint32
measure3 (const CbzTextSetting *s,
          const char           *a,
          gsize                 a_len,
          const char           *b,
          gsize                 b_len,
          const char           *c,
          gsize                 c_len)
{
  g_autofree char *text = g_malloc (a_len + b_len + c_len + 1);

  memcpy (text, a, a_len);
  memcpy (text + a_len, b, b_len);
  memcpy (text + a_len + b_len, c, c_len);
  text[a_len + b_len + c_len] = '\0';
  return measure (s, text, a_len + b_len + c_len);
}

/* The hyphen PangoLayout inserts: U+2010 when the font has it. */
static const char *
inserted_hyphen (const CbzTextSetting *s)
{
  g_autoptr(PangoFont) font = pango_context_load_font (s->shaper->context, s->desc);
  hb_codepoint_t glyph;

  if (font == NULL || hb_font_get_nominal_glyph (pango_font_get_hb_font (font), 0x2010, &glyph))
    return "\u2010";
  return "-";
}

/* Bytes of the first character of @text with the marks that follow it. */
static guint
first_cluster (const char *text,
               gsize       len)
{
  const char *end = text + len;
  const char *p = g_utf8_next_char (text);

  while (p < end && g_unichar_ismark (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);
  return (guint) (p - text);
}

/* Bytes of the last character of @text with its marks. */
static guint
last_cluster (const char *text,
              gsize       len)
{
  const char *p = text + len;

  do
    p = g_utf8_prev_char (p);
  while (p > text && g_unichar_ismark (g_utf8_get_char (p)));
  return (guint) (text + len - p);
}

static CbzTextWord *
shape_word (const CbzTextSetting *s,
            const char           *text,
            gsize                 len)
{
  g_autoptr(GArray) glyphs = g_array_new (FALSE, FALSE, sizeof (CbzTextGlyph));
  g_autoptr(GArray) bytes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) pens = g_array_new (FALSE, FALSE, sizeof (gint32));
  g_autoptr(GArray) breaks = g_array_new (FALSE, FALSE, sizeof (CbzTextWordBreak));
  g_autofree PangoLogAttr *attrs = NULL;
  PangoGlyphString *gs = pango_glyph_string_new ();
  CbzTextWord *word = g_new0 (CbzTextWord, 1);
  GList *items;
  gint32 pen = 0;
  glong n_chars = g_utf8_strlen (text, (gssize) len);
  const char *p;

  word->usable = TRUE;
  word->text = text;
  word->len = (guint) len;
  word->head_len = first_cluster (text, len);
  word->tail_len = last_cluster (text, len);

  items = itemize (s, text, len);
  for (GList *l = items; l != NULL; l = l->next)
    {
      PangoItem *item = l->data;
      guint font;

      /* Right-to-left text is PangoLayout's to order. */
      if (item->analysis.level % 2 != 0 || item->analysis.font == NULL)
        {
          word->usable = FALSE;
          break;
        }
      font = _cbz_text_shaper_font_index (s->shaper, item->analysis.font);
      pango_shape_with_flags (text + item->offset, item->length, text, (int) len, &item->analysis, gs,
                              PANGO_SHAPE_NONE);
      for (int i = 0; i < gs->num_glyphs; i++)
        {
          const PangoGlyphInfo *info = &gs->glyphs[i];
          CbzTextGlyph g = { (guint16) font, info->glyph, pen + info->geometry.x_offset, info->geometry.y_offset };
          guint byte = (guint) (item->offset + gs->log_clusters[i]);

          if (info->glyph & PANGO_GLYPH_UNKNOWN_FLAG)
            word->usable = FALSE;
          /* A narrow no-break space (phone numbers) prints as the space it
           * is: one subset of the font less in every PDF (U+202F is not in
           * the PDF's WinAnsi encoding), and plain spaces when copied. */
          if (strncmp (text + byte, "\u202f", 3) == 0)
            {
              hb_codepoint_t space;

              if (hb_font_get_nominal_glyph (pango_font_get_hb_font (item->analysis.font), ' ', &space))
                g.glyph = space;
            }
          g_array_append_val (glyphs, g);
          g_array_append_val (bytes, byte);
          g_array_append_val (pens, pen);
          pen += info->geometry.width;
        }
    }
  g_list_free_full (items, (GDestroyNotify) pango_item_free);
  pango_glyph_string_free (gs);

  word->width = pen;
  word->n_glyphs = glyphs->len;
  word->tail_advance = 0;
  for (guint g = 0; g < glyphs->len; g++)
    {
      if (g_array_index (bytes, guint, g) >= len - word->tail_len)
        {
          word->tail_advance = pen - g_array_index (pens, gint32, g);
          break;
        }
    }

  /* Where Pango lets a line end inside the word (after a soft hyphen, which
   * then shows a hyphen, after a hyphen between letters, …): a break at
   * byte b ends the line before the first glyph of a cluster at or after b. */
  attrs = g_new0 (PangoLogAttr, n_chars + 1);
  pango_get_log_attrs (text, (int) len, -1, s->language, attrs, (int) n_chars + 1);
  p = text;
  for (glong i = 0; i < n_chars; i++, p = g_utf8_next_char (p))
    {
      CbzTextWordBreak b = { (guint) (p - text), 0, 0, FALSE, CBZ_TEXT_UNMEASURED, CBZ_TEXT_UNMEASURED };
      guint g = 0;

      if (i == 0 || !attrs[i].is_line_break)
        continue;
      /* A break that takes the character before it away (U+2027) is PangoLayout's. */
      if (attrs[i].break_removes_preceding)
        word->usable = FALSE;
      while (g < glyphs->len && g_array_index (bytes, guint, g) < b.byte)
        g++;
      b.glyph_end = g;
      b.pen = g < pens->len ? g_array_index (pens, gint32, g) : pen;
      b.hyphen = attrs[i].break_inserts_hyphen;
      g_array_append_val (breaks, b);
    }
  word->n_breaks = breaks->len;
  word->breaks = (CbzTextWordBreak *) (gpointer) g_array_free (g_steal_pointer (&breaks), FALSE);
  word->glyphs = (CbzTextGlyph *) (gpointer) g_array_free (g_steal_pointer (&glyphs), FALSE);
  return word;
}

CbzTextWord *
_cbz_text_lookup_word (const CbzTextSetting *s,
                       const char           *text,
                       gsize                 len)
{
  CbzTextKey key = { s->font, s->language, text, len };
  CbzTextWord *word = g_hash_table_lookup (s->shaper->words, &key);

  if (word == NULL)
    {
      CbzTextKey *owned = key_dup (&key);

      word = shape_word (s, owned->text, len);
      g_hash_table_insert (s->shaper->words, owned, word);
    }
  return word;
}

/* The spaces between @before and @after (@n_spaces of them). */
const CbzTextGap *
_cbz_text_lookup_gap (const CbzTextSetting *s,
                      const CbzTextWord    *before,
                      guint                 n_spaces,
                      const CbzTextWord    *after)
{
  const char *tail = before->text + before->len - before->tail_len;
  gsize len = before->tail_len + n_spaces + after->head_len;
  g_autofree char *text = g_malloc (len + 1);
  CbzTextKey key = { s->font, s->language, text, len };
  CbzTextGap *gap;

  memcpy (text, tail, before->tail_len);
  memset (text + before->tail_len, ' ', n_spaces);
  memcpy (text + before->tail_len + n_spaces, after->text, after->head_len);
  text[len] = '\0';

  gap = g_hash_table_lookup (s->shaper->gaps, &key);
  if (gap == NULL)
    {
      g_autofree gint32 *advance = g_new0 (gint32, len);
      gint32 space_alone = _cbz_text_lookup_word (s, " ", 1)->width;
      gint32 kern_before = -before->tail_advance;
      gint32 spaces = 0;
      glong n_chars = g_utf8_strlen (text, (gssize) len);
      g_autofree PangoLogAttr *attrs = g_new0 (PangoLogAttr, n_chars + 1);
      glong at = g_utf8_strlen (text, before->tail_len + n_spaces);

      /* One shaping of the last letter, the spaces and the next letter
       * tells how they kern: against what the word's own shaping gave its
       * last letter, and what a space is alone. */
      measure_bytes (s, text, len, advance);
      for (guint i = 0; i < before->tail_len; i++)
        kern_before += advance[i];
      for (guint i = 0; i + 1 < n_spaces; i++)
        spaces += advance[before->tail_len + i];

      gap = g_new0 (CbzTextGap, 1);
      pango_get_log_attrs (text, (int) len, -1, s->language, attrs, (int) n_chars + 1);
      gap->allowed = attrs[at].is_line_break;
      gap->full = kern_before + spaces + advance[before->tail_len + n_spaces - 1];
      /* PangoLayout measures a line that ends in spaces shaped as they are
       * (the last letter kerned against the space, the last space alone)
       * and takes away the last space's width as the whole paragraph was
       * shaped (kerned against the next word). */
      gap->end = kern_before + spaces + space_alone - advance[before->tail_len + n_spaces - 1];
      g_hash_table_insert (s->shaper->gaps, key_dup (&key), gap);
    }
  return gap;
}

gint32
_cbz_text_word_head_width (const CbzTextSetting *s,
                           CbzTextWord          *word,
                           int                   from,
                           guint                 to)
{
  CbzTextWordBreak *b = &word->breaks[to];
  guint start = from >= 0 ? word->breaks[from].byte : 0;
  const char *hyphen = b->hyphen ? inserted_hyphen (s) : "";

  if (from >= 0)
    return measure3 (s, word->text + start, b->byte - start, hyphen, strlen (hyphen), "", 0);
  if (b->head == CBZ_TEXT_UNMEASURED)
    b->head = measure3 (s, word->text, b->byte, hyphen, strlen (hyphen), "", 0);
  return b->head;
}

gint32
_cbz_text_word_tail_width (const CbzTextSetting *s,
                           CbzTextWord          *word,
                           int                   from)
{
  CbzTextWordBreak *b;

  if (from < 0)
    return word->width;
  b = &word->breaks[from];
  if (b->tail == CBZ_TEXT_UNMEASURED)
    b->tail = measure (s, word->text + b->byte, word->len - b->byte);
  return b->tail;
}

