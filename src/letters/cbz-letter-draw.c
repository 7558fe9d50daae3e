/* cbz-letter-draw.c: laid-out letters drawn on cairo
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-letter-renderer-private.h"

static void
set_color (cairo_t      *cr,
           const double *rgb)
{
  cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
}

static void
draw_text (cairo_t            *cr,
           const CbzTextBlock *block,
           double              x,
           double              y,
           const double       *color)
{
  set_color (cr, color);
  cbz_text_block_draw (block, cr, x, y);
}

static char *
link_attributes (const char *uri)
{
  GString *out = g_string_new ("uri='");

  for (const char *p = uri; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '\'');
  return g_string_free (out, FALSE);
}

/*
 * The QR code as vector shapes on a white square with its quiet zone:
 * crisp at any resolution (a bitmap scaled up blurs, and zbarimg could not
 * read it below 180 dpi). Each patch of touching dark modules is drawn as
 * its outline, a polygon with a corner only where the outline turns, all
 * in one fill: a module per rectangle (or a run per rectangle) wrote
 * twice the numbers into every PDF, which cairo formats one by one and
 * compresses, a quarter of a letter's cost.
 */

/* Directions along the grid, clockwise: right, down, left, up. */
static const int step_x[4] = { 1, 0, -1, 0 };
static const int step_y[4] = { 0, 1, 0, -1 };

static gboolean
is_dark (const guint8 *modules,
         int           n,
         int           x,
         int           y)
{
  return x >= 0 && y >= 0 && x < n && y < n && modules[y * n + x];
}

/* The outlines of the dark modules, dark on the right of each edge (so the
 * outer outlines go clockwise and the holes counter-clockwise, for the
 * nonzero fill rule), added to @cr's path in module units. */
static void
trace_outlines (cairo_t      *cr,
                const guint8 *modules,
                int           n)
{
  int side = n + 1;
  /* Up to two edges leave each grid point (two dark modules touching at a
   * corner): the direction of each, or -1. */
  g_autofree gint8 *edges = g_malloc ((gsize) side * side * 2);

  memset (edges, -1, (gsize) side * side * 2);
#define ADD_EDGE(px, py, dir) G_STMT_START { \
    gint8 *e_ = &edges[((py) * side + (px)) * 2]; \
    e_[e_[0] < 0 ? 0 : 1] = (dir); \
  } G_STMT_END
  for (int y = 0; y < n; y++)
    for (int x = 0; x < n; x++)
      {
        if (!modules[y * n + x])
          continue;
        if (!is_dark (modules, n, x, y - 1))
          ADD_EDGE (x, y, 0);
        if (!is_dark (modules, n, x + 1, y))
          ADD_EDGE (x + 1, y, 1);
        if (!is_dark (modules, n, x, y + 1))
          ADD_EDGE (x + 1, y + 1, 2);
        if (!is_dark (modules, n, x - 1, y))
          ADD_EDGE (x, y + 1, 3);
      }
#undef ADD_EDGE

  for (int start = 0; start < side * side * 2; start++)
    {
      int point = start / 2;
      int dir;

      if (edges[start] < 0)
        continue;
      dir = edges[start];
      edges[start] = -1;
      cairo_move_to (cr, point % side, point / side);
      for (;;)
        {
          int x = point % side + step_x[dir];
          int y = point / side + step_y[dir];
          gint8 *out = &edges[(y * side + x) * 2];
          int next = -1;

          point = y * side + x;
          /* Where two outlines meet at a corner, turn right: each keeps
           * to its own modules. */
          for (int turn = 1; turn >= -1 && next < 0; turn--)
            for (int k = 0; k < 2; k++)
              if (out[k] == (dir + 4 + turn) % 4)
                {
                  next = k;
                  break;
                }
          if (next < 0)
            break;
          if (out[next] != dir)
            cairo_line_to (cr, x, y);
          dir = out[next];
          out[next] = -1;
        }
      cairo_close_path (cr);
    }
}

static void
draw_qr (cairo_t    *cr,
         const Item *item)
{
  int n = item->n_modules;
  double module;

  if (item->modules == NULL || g_getenv ("CBZ_NO_QR") != NULL)
    return;
  module = item->w / (n + 2 * QR_QUIET);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, item->x, item->y, item->w, item->w);
  cairo_fill (cr);
  cairo_translate (cr, item->x + QR_QUIET * module, item->y + QR_QUIET * module);
  cairo_scale (cr, module, module);
  trace_outlines (cr, g_bytes_get_data (item->modules, NULL), n);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
  cairo_fill (cr);
  cairo_restore (cr);
}

static void
draw_item (cairo_t    *cr,
           const Item *item)
{
  switch (item->kind)
    {
    case ITEM_TEXT:
      draw_text (cr, item->block, item->x, item->y, item->color);
      break;

    case ITEM_LINK_TEXT:
      {
        g_autofree char *attrs = link_attributes (item->uri);

        /* cairo 1.16 writes a broken object table for a link outside any
         * structure element; one around each link keeps the rest of the
         * page out of the structure tree (tagging every drawing operation
         * made each letter a third slower). */
        cairo_tag_begin (cr, "P", NULL);
        cairo_tag_begin (cr, CAIRO_TAG_LINK, attrs);
        draw_text (cr, item->block, item->x, item->y, item->color);
        cairo_rectangle (cr, item->x, item->y + cbz_text_block_get_baseline (item->block) + 1.2,
                         MIN (cbz_text_block_get_ink_width (item->block), item->w), 0.5);
        cairo_fill (cr);
        cairo_tag_end (cr, CAIRO_TAG_LINK);
        cairo_tag_end (cr, "P");
      }
      break;

    case ITEM_TABLE_HEADER:
      cairo_set_source_rgb (cr, 0.92, 0.94, 0.96);
      cairo_rectangle (cr, item->x, item->y, item->w, item->h);
      cairo_fill (cr);
      break;

    case ITEM_TABLE_ROW:
      if (item->row % 2 == 1)
        {
          cairo_set_source_rgb (cr, 0.97, 0.975, 0.98);
          cairo_rectangle (cr, item->x, item->y, item->w, item->h);
          cairo_fill (cr);
        }
      break;

    case ITEM_RULE:
      set_color (cr, item->color);
      cairo_rectangle (cr, item->x, item->y, item->w, item->h);
      cairo_fill (cr);
      break;

    case ITEM_BOX:
      cairo_set_source_rgb (cr, 0.955, 0.962, 0.972);
      cairo_rectangle (cr, item->x, item->y, item->w, item->h);
      cairo_fill (cr);
      set_color (cr, _cbz_letter_accent);
      cairo_rectangle (cr, item->x, item->y, 1.2, item->h);
      cairo_fill (cr);
      break;

    case ITEM_QR:
      {
        g_autofree char *attrs = link_attributes (item->uri);

        cairo_tag_begin (cr, "Figure", NULL);
        cairo_tag_begin (cr, CAIRO_TAG_LINK, attrs);
        draw_qr (cr, item);
        cairo_tag_end (cr, CAIRO_TAG_LINK);
        cairo_tag_end (cr, "Figure");
      }
      break;

    case ITEM_IMAGE:
      cairo_save (cr);
      cairo_translate (cr, item->x, item->y);
      cairo_scale (cr, item->w / cairo_image_surface_get_width (item->image),
                   item->h / cairo_image_surface_get_height (item->image));
      cairo_set_source_surface (cr, item->image, 0, 0);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
      /* A fill, not cairo_paint(): on cairo 1.16 a painted image in a PDF
       * that also has a link tag breaks the object table. */
      cairo_rectangle (cr, 0, 0, cairo_image_surface_get_width (item->image),
                       cairo_image_surface_get_height (item->image));
      cairo_fill (cr);
      cairo_restore (cr);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
draw_running_head (CbzLetterDocument *doc,
                   cairo_t           *cr,
                   CbzTextBatch      *text)
{
  double cw = content_width (doc);

  cbz_text_batch_add (text, doc->head_left, MARGIN_LEFT, 15.0 * MM, _cbz_letter_accent);
  cbz_text_batch_add (text, doc->head_right, MARGIN_LEFT + cw * 0.4, 15.0 * MM, _cbz_letter_muted);
  set_color (cr, _cbz_letter_muted);
  cairo_rectangle (cr, MARGIN_LEFT, 15.0 * MM + text_height (doc->head_right) + 1.5 * MM, cw, 0.4);
  cairo_fill (cr);
}

static void
draw_footer (CbzLetterDocument *doc,
             cairo_t           *cr,
             CbzTextBatch      *text,
             guint              page)
{
  double y = doc->height - 14.0 * MM;
  double cw = content_width (doc);

  set_color (cr, _cbz_letter_muted);
  cairo_rectangle (cr, MARGIN_LEFT, y - 1.5 * MM, cw, 0.3);
  cairo_fill (cr);
  cbz_text_batch_add (text, doc->footer, MARGIN_LEFT, y, _cbz_letter_muted);

  if (doc->page_numbers != NULL)
    cbz_text_batch_add (text, g_ptr_array_index (doc->page_numbers, page), MARGIN_LEFT + cw - 26.0 * MM, y,
                        _cbz_letter_ink);
}

void
cbz_letter_document_draw_page (CbzLetterDocument *self,
                               cairo_t           *cr,
                               guint              page)
{
  g_autoptr(CbzTextBatch) text = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (page < self->n_pages);

  text = cbz_text_batch_new ();
  cairo_save (cr);

  if (page > 0 && self->head_left != NULL)
    draw_running_head (self, cr, text);

  /* What text lies on first (table rows, the payment box), then the text
   * of the whole page at once. */
  for (guint i = 0; i < self->items->len; i++)
    {
      const Item *item = &g_array_index (self->items, Item, i);

      if (item->page != page)
        continue;
      if (item->kind == ITEM_TEXT)
        cbz_text_batch_add (text, item->block, item->x, item->y, item->color);
      else
        draw_item (cr, item);
    }

  draw_footer (self, cr, text, page);
  cbz_text_batch_draw (text, cr);

  cairo_restore (cr);
}
