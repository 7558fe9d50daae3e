/* cbz-letter-text.c: paragraphs set word by word
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <hb.h>

#include "cbz-letter-text-private.h"

typedef struct
{
  gint32 first_baseline;  /* from the top of the block */
  gint32 pitch;           /* baseline to baseline */
  gint32 one_line;        /* height of a one-line block */
} LineMetrics;

typedef struct
{
  guint  font;
  double spacing;
} MetricsKey;

static guint
metrics_key_hash (gconstpointer data)
{
  const MetricsKey *key = data;

  return key->font ^ g_double_hash (&key->spacing);
}

static gboolean
metrics_key_equal (gconstpointer a,
                   gconstpointer b)
{
  const MetricsKey *x = a;
  const MetricsKey *y = b;

  return x->font == y->font && x->spacing == y->spacing;
}

CbzTextShaper *
cbz_text_shaper_new (PangoContext *context)
{
  CbzTextShaper *self;

  g_return_val_if_fail (PANGO_IS_CONTEXT (context), NULL);

  self = g_new0 (CbzTextShaper, 1);
  self->context = g_object_ref (context);
  self->descs = g_ptr_array_new_with_free_func ((GDestroyNotify) pango_font_description_free);
  self->words = _cbz_text_key_table_new (_cbz_text_word_free);
  self->gaps = _cbz_text_key_table_new (g_free);
  self->metrics = g_hash_table_new_full (metrics_key_hash, metrics_key_equal, g_free, g_free);
  self->fonts = g_ptr_array_new_with_free_func (g_object_unref);
  self->print_fonts = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_scaled_font_destroy);
  self->print_faces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) cairo_font_face_destroy);
  self->max_entries = CBZ_TEXT_MAX_ENTRIES;
  return self;
}

void
cbz_text_shaper_free (CbzTextShaper *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->words, g_hash_table_unref);
  g_clear_pointer (&self->gaps, g_hash_table_unref);
  g_clear_pointer (&self->metrics, g_hash_table_unref);
  g_clear_pointer (&self->descs, g_ptr_array_unref);
  g_clear_pointer (&self->print_fonts, g_ptr_array_unref);
  g_clear_pointer (&self->print_faces, g_hash_table_unref);
  g_clear_pointer (&self->fonts, g_ptr_array_unref);
  g_clear_object (&self->context);
  g_free (self);
}

/* The vertical metrics PangoLayout gives lines of @s's font at @line_spacing. */
static const LineMetrics *
line_metrics (const CbzTextSetting *s,
              double                line_spacing)
{
  MetricsKey key = { s->font, line_spacing };
  LineMetrics *m = g_hash_table_lookup (s->shaper->metrics, &key);

  if (m == NULL)
    {
      g_autoptr(PangoLayout) layout = pango_layout_new (s->shaper->context);
      PangoRectangle one, two;

      pango_layout_set_font_description (layout, s->desc);
      pango_layout_set_line_spacing (layout, (float) line_spacing);
      pango_layout_set_text (layout, "Xg", -1);
      pango_layout_get_extents (layout, NULL, &one);
      m = g_new (LineMetrics, 1);
      m->first_baseline = pango_layout_get_baseline (layout);
      m->one_line = one.height;
      pango_layout_set_text (layout, "Xg\nXg", -1);
      pango_layout_get_extents (layout, NULL, &two);
      m->pitch = two.height - one.height;
      g_hash_table_insert (s->shaper->metrics, g_memdup2 (&key, sizeof key), m);
    }
  return m;
}

typedef struct
{
  CbzTextWord      *word;
  const CbzTextGap *gap_before;   /* NULL for the first */
  guint             n_spaces;     /* before it */
  guint             start;        /* its first byte in the paragraph */
} Token;

/* Where a line ends: after @word's break @at, or after the whole word
 * (@at = -1). */
typedef struct
{
  guint word;
  int   at;
} LineEnd;

typedef struct
{
  const CbzTextSetting *s;
  CbzTextBlock         *block;
  const CbzTextWord    *space;
  const CbzTextWord    *hyphen;
  GArray               *tokens;   /* Token */
  const char           *text;
  gint32                width;
  const LineMetrics    *metrics;
  PangoAlignment        align;
  gboolean              justify;
  gint32                widest;
} Paragraph;

#define TOKEN(para, i) (&g_array_index ((para)->tokens, Token, (i)))

/*
 * The last place from (@first, @from) where the line may end and still fit,
 * as PangoLayout chooses it; FALSE when there is none (a word wider than the
 * line: PangoLayout's to overflow). Near the end of the line every
 * candidate is measured as PangoLayout measures it; far from it, the word's
 * own shaping tells.
 */
static gboolean
find_line_end (Paragraph *para,
               guint      first,
               int        from,
               LineEnd   *end)
{
  const CbzTextSetting *s = para->s;
  gint32 slack = pango_font_description_get_size (s->desc) / 4;
  gboolean found = FALSE;
  gint32 acc = 0;   /* the line up to the word, with the spaces before it */

  for (guint w = first; w < para->tokens->len; w++)
    {
      CbzTextWord *word = TOKEN (para, w)->word;
      int start = w == first ? from : -1;
      gint32 start_pen = start >= 0 ? word->breaks[start].pen : 0;
      gint32 whole;

      if (acc > para->width + 2 * slack)
        break;

      for (guint k = (guint) (start + 1); k < word->n_breaks; k++)
        {
          const CbzTextWordBreak *b = &word->breaks[k];
          gint32 guess = acc + b->pen - start_pen + (b->hyphen ? para->hyphen->width : 0);

          if (guess > para->width + slack)
            break;
          if (guess < para->width - slack || acc + _cbz_text_word_head_width (s, word, start, k) <= para->width)
            {
              end->word = w;
              end->at = (int) k;
              found = TRUE;
            }
        }

      whole = acc + _cbz_text_word_tail_width (s, word, start);
      if (w + 1 == para->tokens->len)
        {
          if (whole <= para->width)
            {
              end->word = w;
              end->at = -1;
              found = TRUE;
            }
          break;
        }
      if (TOKEN (para, w + 1)->gap_before->allowed && whole + TOKEN (para, w + 1)->gap_before->end <= para->width)
        {
          end->word = w;
          end->at = -1;
          found = TRUE;
        }
      acc = whole + TOKEN (para, w + 1)->gap_before->full;
    }
  return found;
}

/* Sets the line from (@first, @from) to @end at @baseline. */
static void
emit_line (Paragraph     *para,
           guint          first,
           int            from,
           const LineEnd *end,
           gint32         baseline,
           gboolean       last)
{
  const CbzTextSetting *s = para->s;
  const CbzTextWord *space = para->space;
  const CbzTextWord *hyphen = para->hyphen;
  gboolean shows_hyphen = end->at >= 0 && TOKEN (para, end->word)->word->breaks[end->at].hyphen;
  gint32 natural = 0;
  guint n_spaces = 0;
  gint32 extra = 0, extra_rest = 0;
  gint32 x;

  _cbz_text_block_add_line (para->block, TOKEN (para, first)->start +
                                         (from >= 0 ? TOKEN (para, first)->word->breaks[from].byte : 0));

  for (guint w = first; w <= end->word; w++)
    {
      const CbzTextWord *word = TOKEN (para, w)->word;
      gint32 a = w == first && from >= 0 ? word->breaks[from].pen : 0;
      gint32 b = w == end->word && end->at >= 0 ? word->breaks[end->at].pen : word->width;

      if (w > first)
        {
          natural += TOKEN (para, w)->gap_before->full;
          n_spaces += TOKEN (para, w)->n_spaces;
        }
      natural += b - a;
    }
  if (shows_hyphen)
    natural += hyphen->width;

  if (para->justify && !last && n_spaces > 0 && natural < para->width)
    {
      extra = (para->width - natural) / (gint32) n_spaces;
      extra_rest = (para->width - natural) - extra * (gint32) n_spaces;
    }
  x = extra > 0 || para->align == PANGO_ALIGN_LEFT ? 0
      : para->align == PANGO_ALIGN_RIGHT ? para->width - natural : (para->width - natural) / 2;

#define ADD_GLYPH(wg, dx) G_STMT_START { \
    const CbzTextGlyph *g_ = (wg); \
    if (g_->glyph != PANGO_GLYPH_EMPTY) \
      _cbz_text_block_add_glyph (para->block, g_ptr_array_index (s->shaper->print_fonts, g_->font), \
                                 g_->glyph, pango_units_to_double ((dx) + g_->x), \
                                 pango_units_to_double (baseline + g_->y)); \
  } G_STMT_END

  for (guint w = first; w <= end->word; w++)
    {
      const Token *t = TOKEN (para, w);
      const CbzTextWord *word = t->word;
      guint g0 = w == first && from >= 0 ? word->breaks[from].glyph_end : 0;
      guint g1 = w == end->word && end->at >= 0 ? word->breaks[end->at].glyph_end : word->n_glyphs;
      gint32 shift = w == first && from >= 0 ? word->breaks[from].pen : 0;

      if (w > first)
        {
          /* The spaces themselves, for text extraction; the gap is wider
           * when justified (the last space takes the rounding). */
          for (guint n = 0; n < t->n_spaces; n++)
            for (guint k = 0; k < space->n_glyphs; k++)
              ADD_GLYPH (&space->glyphs[k], x + (gint32) n * space->width);
          n_spaces -= t->n_spaces;
          x += t->gap_before->full + extra * (gint32) t->n_spaces + (n_spaces == 0 ? extra_rest : 0);
        }
      for (guint k = g0; k < g1; k++)
        ADD_GLYPH (&word->glyphs[k], x - shift);
      x += (w == end->word && end->at >= 0 ? word->breaks[end->at].pen : word->width) - shift;
    }
  if (shows_hyphen)
    for (guint k = 0; k < hyphen->n_glyphs; k++)
      ADD_GLYPH (&hyphen->glyphs[k], x);
#undef ADD_GLYPH

  para->widest = MAX (para->widest, extra > 0 ? para->width : natural);
}

/* The paragraph's words and the spaces between them; FALSE when PangoLayout
 * must set it. */
static gboolean
split_words (Paragraph *para)
{
  const char *text = para->text;
  const char *p = text;

  /* Line feeds, tabs and other controls are PangoLayout's, and so are
   * spaces a line would start with. */
  for (const char *c = text; *c != '\0'; c++)
    {
      if ((guchar) *c < 0x20)
        return FALSE;
    }
  if (*p == ' ')
    return FALSE;

  while (*p != '\0')
    {
      const char *stop = strchr (p, ' ');
      gsize len = stop != NULL ? (gsize) (stop - p) : strlen (p);
      Token token = { _cbz_text_lookup_word (para->s, p, len), NULL, 0, (guint) (p - text) };
      const char *next = p + len;

      if (!token.word->usable)
        return FALSE;
      if (para->tokens->len > 0)
        {
          Token *before = TOKEN (para, para->tokens->len - 1);

          token.n_spaces = (guint) (p - (text + before->start + before->word->len));
          token.gap_before = _cbz_text_lookup_gap (para->s, before->word, token.n_spaces, token.word);
        }
      g_array_append_val (para->tokens, token);

      /* Spaces at the end take no room: PangoLayout leaves them out of the
       * last line's width. */
      while (*next == ' ')
        next++;
      p = next;
    }
  return para->tokens->len > 0;
}

CbzTextBlock *
cbz_text_shaper_layout_paragraph (CbzTextShaper              *self,
                                  const PangoFontDescription *desc,
                                  PangoLanguage              *language,
                                  const char                 *text,
                                  double                      width,
                                  double                      line_spacing,
                                  PangoAlignment              align,
                                  gboolean                    justify)
{
  g_autoptr(CbzTextBlock) block = NULL;
  g_autoptr(GArray) tokens = g_array_new (FALSE, FALSE, sizeof (Token));
  CbzTextSetting s;
  Paragraph para = { &s, NULL, NULL, NULL, tokens, text, 0, NULL, align, justify, 0 };
  gint32 baseline;
  guint first = 0;
  int from = -1;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (desc != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  _cbz_text_shaper_trim (self);

  s.shaper = self;
  s.desc = desc;
  s.font = _cbz_text_shaper_intern_font (self, desc);
  s.language = language != NULL ? language : pango_context_get_language (self->context);

  para.space = _cbz_text_lookup_word (&s, " ", 1);
  para.hyphen = _cbz_text_lookup_word (&s, "-", 1);
  if (!para.space->usable || !para.hyphen->usable)
    return NULL;
  para.width = pango_units_from_double (width);
  if (!split_words (&para))
    return NULL;
  para.metrics = line_metrics (&s, line_spacing);

  block = _cbz_text_block_new ();
  para.block = block;
  baseline = para.metrics->first_baseline;
  while (first < tokens->len)
    {
      LineEnd end;

      if (!find_line_end (&para, first, from, &end))
        return NULL;
      emit_line (&para, first, from, &end, baseline,
                 end.word + 1 == tokens->len && end.at < 0);
      baseline += para.metrics->pitch;
      if (end.at >= 0)
        {
          first = end.word;
          from = end.at;
        }
      else
        {
          first = end.word + 1;
          from = -1;
        }
    }

  /* As PangoLayout measures a layout with a width: as wide as the width
   * unless left-aligned. */
  block->width = pango_units_to_double (align == PANGO_ALIGN_LEFT ? para.widest : para.width);
  block->ink_width = pango_units_to_double (para.widest);
  block->baseline = pango_units_to_double (para.metrics->first_baseline);
  block->height = pango_units_to_double (para.metrics->one_line +
                                         (gint32) (MAX (block->n_lines, 1) - 1) * para.metrics->pitch);
  return g_steal_pointer (&block);
}

CbzTextBlock *
cbz_text_shaper_block_from_layout (CbzTextShaper *self,
                                   PangoLayout   *layout)
{
  CbzTextBlock *block;
  const char *text;
  PangoLayoutIter *iter;
  PangoRectangle ink, logical;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (PANGO_IS_LAYOUT (layout), NULL);

  block = _cbz_text_block_new ();
  text = pango_layout_get_text (layout);
  iter = pango_layout_get_iter (layout);
  for (GSList *l = pango_layout_get_lines_readonly (layout); l != NULL; l = l->next)
    _cbz_text_block_add_line (block, (guint) ((PangoLayoutLine *) l->data)->start_index);

  do
    {
      PangoLayoutRun *run = pango_layout_iter_get_run_readonly (iter);
      PangoRectangle extents;
      cairo_scaled_font_t *font;
      guint index;
      int baseline, x;

      /* NULL: the end of a line. */
      if (run == NULL)
        continue;
      index = _cbz_text_shaper_font_index (self, run->item->analysis.font);
      font = g_ptr_array_index (self->print_fonts, index);
      if (font == NULL)
        continue;
      pango_layout_iter_get_run_extents (iter, NULL, &extents);
      baseline = pango_layout_iter_get_baseline (iter);
      x = extents.x;
      for (int i = 0; i < run->glyphs->num_glyphs; i++)
        {
          const PangoGlyphInfo *info = &run->glyphs->glyphs[i];
          guint32 glyph = info->glyph;

          if (glyph != PANGO_GLYPH_EMPTY)
            {
              const char *cluster = text + run->item->offset + run->glyphs->log_clusters[i];
              hb_codepoint_t space;

              /* Missing from every font: the font's own "missing" box. */
              if (glyph & PANGO_GLYPH_UNKNOWN_FLAG)
                glyph = 0;
              /* As in shape_word(). */
              else if (strncmp (cluster, "\u202f", 3) == 0 &&
                       hb_font_get_nominal_glyph (pango_font_get_hb_font (run->item->analysis.font), ' ', &space))
                glyph = space;
              _cbz_text_block_add_glyph (block, font, glyph, pango_units_to_double (x + info->geometry.x_offset),
                                         pango_units_to_double (baseline + info->geometry.y_offset));
            }
          x += info->geometry.width;
        }
    }
  while (pango_layout_iter_next_run (iter));
  pango_layout_iter_free (iter);

  pango_layout_get_extents (layout, &ink, &logical);
  block->width = pango_units_to_double (logical.width);
  block->height = pango_units_to_double (logical.height);
  block->baseline = pango_units_to_double (pango_layout_get_baseline (layout));
  block->ink_width = pango_units_to_double (ink.width);
  return block;
}
