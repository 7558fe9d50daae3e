/* cbz-text-block.c: text as glyphs, ready to draw
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cbz-letter-text-private.h"

static void
run_clear (gpointer data)
{
  CbzTextRun *run = data;

  cairo_scaled_font_destroy (run->font);
}

CbzTextBlock *
_cbz_text_block_new (void)
{
  CbzTextBlock *block = g_new0 (CbzTextBlock, 1);

  block->ref_count = 1;
  block->glyphs = g_array_new (FALSE, FALSE, sizeof (cairo_glyph_t));
  block->runs = g_array_new (FALSE, FALSE, sizeof (CbzTextRun));
  block->line_starts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_set_clear_func (block->runs, run_clear);
  return block;
}

void
_cbz_text_block_add_glyph (CbzTextBlock        *block,
                           cairo_scaled_font_t *font,
                           guint32              glyph,
                           double               x,
                           double               y)
{
  cairo_glyph_t g = { glyph, x, y };
  CbzTextRun *last = block->runs->len > 0 ? &g_array_index (block->runs, CbzTextRun, block->runs->len - 1) : NULL;

  if (last == NULL || last->font != font || last->start + last->n != block->glyphs->len)
    {
      CbzTextRun run = { cairo_scaled_font_reference (font), block->glyphs->len, 0 };

      g_array_append_val (block->runs, run);
      last = &g_array_index (block->runs, CbzTextRun, block->runs->len - 1);
    }
  g_array_append_val (block->glyphs, g);
  last->n++;
}

void
_cbz_text_block_add_line (CbzTextBlock *block,
                          guint         start)
{
  g_array_append_val (block->line_starts, start);
  block->n_lines++;
}

CbzTextBlock *
cbz_text_block_ref (CbzTextBlock *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
cbz_text_block_unref (CbzTextBlock *self)
{
  if (self == NULL || !g_atomic_int_dec_and_test (&self->ref_count))
    return;

  g_clear_pointer (&self->glyphs, g_array_unref);
  g_clear_pointer (&self->runs, g_array_unref);
  g_clear_pointer (&self->line_starts, g_array_unref);
  g_free (self);
}

double
cbz_text_block_get_width (const CbzTextBlock *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->width;
}

double
cbz_text_block_get_height (const CbzTextBlock *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->height;
}

double
cbz_text_block_get_baseline (const CbzTextBlock *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->baseline;
}

double
cbz_text_block_get_ink_width (const CbzTextBlock *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->ink_width;
}

guint
cbz_text_block_get_n_lines (const CbzTextBlock *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_lines;
}

guint
cbz_text_block_get_line_start (const CbzTextBlock *self,
                               guint               line)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (line < self->line_starts->len, 0);

  return g_array_index (self->line_starts, guint, line);
}

void
cbz_text_block_draw (const CbzTextBlock *self,
                     cairo_t            *cr,
                     double              x,
                     double              y)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  if (self->runs->len == 0)
    return;
  cairo_save (cr);
  cairo_translate (cr, x, y);
  for (guint i = 0; i < self->runs->len; i++)
    {
      const CbzTextRun *run = &g_array_index (self->runs, CbzTextRun, i);

      cairo_set_scaled_font (cr, run->font);
      cairo_show_glyphs (cr, &g_array_index (self->glyphs, cairo_glyph_t, run->start), (int) run->n);
    }
  cairo_restore (cr);
}
