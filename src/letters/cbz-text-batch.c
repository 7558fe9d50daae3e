/* cbz-text-batch.c: the text of one page, drawn at once
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-letter-text-private.h"

typedef struct
{
  cairo_scaled_font_t *font;     /* a block's, not referenced: blocks outlive the batch */
  const double        *color;
  GArray              *glyphs;   /* cairo_glyph_t, in page coordinates */
} BatchGroup;

struct _CbzTextBatch
{
  GArray *groups;   /* BatchGroup */
};

static void
batch_group_clear (gpointer data)
{
  BatchGroup *group = data;

  g_clear_pointer (&group->glyphs, g_array_unref);
}

CbzTextBatch *
cbz_text_batch_new (void)
{
  CbzTextBatch *self = g_new0 (CbzTextBatch, 1);

  self->groups = g_array_new (FALSE, FALSE, sizeof (BatchGroup));
  g_array_set_clear_func (self->groups, batch_group_clear);
  return self;
}

void
cbz_text_batch_add (CbzTextBatch       *self,
                    const CbzTextBlock *block,
                    double              x,
                    double              y,
                    const double       *color)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (block != NULL);
  g_return_if_fail (color != NULL);

  for (guint i = 0; i < block->runs->len; i++)
    {
      const CbzTextRun *run = &g_array_index (block->runs, CbzTextRun, i);
      BatchGroup *group = NULL;
      guint start;

      for (guint g = 0; g < self->groups->len && group == NULL; g++)
        {
          BatchGroup *candidate = &g_array_index (self->groups, BatchGroup, g);

          if (candidate->font == run->font &&
              (candidate->color == color || memcmp (candidate->color, color, 3 * sizeof (double)) == 0))
            group = candidate;
        }
      if (group == NULL)
        {
          BatchGroup fresh = { run->font, color, g_array_sized_new (FALSE, FALSE, sizeof (cairo_glyph_t), 256) };

          g_array_append_val (self->groups, fresh);
          group = &g_array_index (self->groups, BatchGroup, self->groups->len - 1);
        }

      start = group->glyphs->len;
      g_array_append_vals (group->glyphs, &g_array_index (block->glyphs, cairo_glyph_t, run->start), run->n);
      for (guint k = start; k < group->glyphs->len; k++)
        {
          cairo_glyph_t *glyph = &g_array_index (group->glyphs, cairo_glyph_t, k);

          glyph->x += x;
          glyph->y += y;
        }
    }
}

void
cbz_text_batch_draw (CbzTextBatch *self,
                     cairo_t      *cr)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  for (guint g = 0; g < self->groups->len; g++)
    {
      const BatchGroup *group = &g_array_index (self->groups, BatchGroup, g);

      cairo_set_source_rgb (cr, group->color[0], group->color[1], group->color[2]);
      cairo_set_scaled_font (cr, group->font);
      cairo_show_glyphs (cr, (const cairo_glyph_t *) (gconstpointer) group->glyphs->data, (int) group->glyphs->len);
    }
}

void
cbz_text_batch_free (CbzTextBatch *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->groups, g_array_unref);
  g_free (self);
}
