/* cbz-letter-text.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <pango/pangocairo.h>

G_BEGIN_DECLS

/*
 * The body paragraphs of letters, set word by word.
 *
 * A batch of letters repeats the same few hundred words (the template's,
 * the customers' names, the amounts' words): each is shaped once by Pango
 * and HarfBuzz and kept, with the places pango_get_log_attrs() lets a line
 * end inside it (soft hyphens, which then show a hyphen; hyphens; slashes),
 * and so are the spaces between two words, measured with the letters around
 * them (the font kerns letters against spaces) and breakable only where
 * Unicode's rules allow (a word joiner keeps "$" with its amount). Lines end
 * where PangoLayout would end them, measured as PangoLayout measures them,
 * and are justified by widening the spaces; the vertical metrics are the
 * ones PangoLayout gives the same font and line spacing, so a paragraph
 * sits and measures exactly as a PangoLayout would. Drawing is one
 * cairo_show_glyphs() per line and font.
 *
 * What this does not handle (text that needs bidirectional or complex
 * shaping across words, glyphs missing from every font, a word wider than
 * the line, line feeds, leading spaces) is left to PangoLayout: the shaper
 * says so by returning NULL.
 *
 * Words are kept until there are many thousands, then let go before the
 * next paragraph (never while one is being set).
 */
typedef struct _CbzTextShaper CbzTextShaper;
typedef struct _CbzTextBlock  CbzTextBlock;

CbzTextShaper *cbz_text_shaper_new              (PangoContext               *context);
void           cbz_text_shaper_free             (CbzTextShaper              *self);

/* Lines of at most @width points (> 0), aligned, the last one never
 * justified; NULL when PangoLayout is needed. */
CbzTextBlock  *cbz_text_shaper_layout_paragraph (CbzTextShaper              *self,
                                                 const PangoFontDescription *desc,
                                                 PangoLanguage              *language,
                                                 const char                 *text,
                                                 double                      width,
                                                 double                      line_spacing,
                                                 PangoAlignment              align,
                                                 gboolean                    justify);

/* Any text PangoLayout can set, as glyphs: blocks hold no Pango object,
 * only cairo's (thread-safe) scaled fonts, so one thread can lay letters
 * out while another draws them. */
CbzTextBlock  *cbz_text_shaper_block_from_layout (CbzTextShaper             *self,
                                                  PangoLayout               *layout);

CbzTextBlock  *cbz_text_block_ref               (CbzTextBlock               *self);
void           cbz_text_block_unref             (CbzTextBlock               *self);

/* Logical extents, from the block's top left corner. */
double         cbz_text_block_get_width         (const CbzTextBlock         *self);
double         cbz_text_block_get_height        (const CbzTextBlock         *self);
/* Of the first line, from the top. */
double         cbz_text_block_get_baseline      (const CbzTextBlock         *self);
/* How far the ink of the glyphs reaches to the right. */
double         cbz_text_block_get_ink_width     (const CbzTextBlock         *self);
guint          cbz_text_block_get_n_lines       (const CbzTextBlock         *self);
/* Where line @line starts in the text it was set from, in bytes. */
guint          cbz_text_block_get_line_start    (const CbzTextBlock         *self,
                                                 guint                       line);
/* Draws with (@x, @y) the block's top left corner, in the current source. */
void           cbz_text_block_draw              (const CbzTextBlock         *self,
                                                 cairo_t                    *cr,
                                                 double                      x,
                                                 double                      y);

/*
 * The text of one page, drawn with one cairo_show_glyphs() per font and
 * colour instead of one per block and font: every cairo operation on a PDF
 * is recorded, analysed and written, so fewer and longer ones are cheaper.
 * Draw it after whatever the text lies on.
 */
typedef struct _CbzTextBatch CbzTextBatch;

CbzTextBatch  *cbz_text_batch_new               (void);
/* @color: three components, kept by reference until the batch is drawn. */
void           cbz_text_batch_add               (CbzTextBatch               *self,
                                                 const CbzTextBlock         *block,
                                                 double                      x,
                                                 double                      y,
                                                 const double               *color);
void           cbz_text_batch_draw              (CbzTextBatch               *self,
                                                 cairo_t                    *cr);
void           cbz_text_batch_free              (CbzTextBatch               *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzTextShaper, cbz_text_shaper_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzTextBatch, cbz_text_batch_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzTextBlock, cbz_text_block_unref)

G_END_DECLS
