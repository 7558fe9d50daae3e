/* cbz-letter-renderer.c: letters laid out as pages
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "cbz-letter-image.h"
#include "cbz-letter-renderer-private.h"

const double _cbz_letter_ink[3] = { 0.11, 0.11, 0.13 };
const double _cbz_letter_muted[3] = { 0.38, 0.40, 0.44 };
const double _cbz_letter_accent[3] = { 0.13, 0.27, 0.45 };
const double _cbz_letter_link_blue[3] = { 0.05, 0.30, 0.65 };

const CbzLetterSpacing _cbz_letter_spacing_normal = {
  2.5 * MM, 1.15, 4.6 * MM, 6.0 * MM, 1.0 * MM, 3.0 * MM, 0.4 * MM, 9.0 * MM,
};

const CbzLetterSpacing _cbz_letter_spacing_tight = {
  1.8 * MM, 1.08, 4.2 * MM, 5.2 * MM, 0.6 * MM, 2.5 * MM, 0.2 * MM, 7.0 * MM,
};

const CbzLetterWords _cbz_letter_words_es = {
  FALSE, "Atención:", "ID fiscal",
  { "Factura", "Emisión", "Vencimiento", "Días de atraso", "Saldo" },
  "Saldo vencido",
  "mensual", "anual", "Total a pagar",
  "Formas de pago", "Banco", "Beneficiario", "Cuenta", "Referencia", "Pago en línea",
  "Escanee el código para pagar en línea",
  "Para acordar la forma de pago, comuníquese con nosotros.",
  "(continúa en la página siguiente)", "Tel.",
};

const CbzLetterWords _cbz_letter_words_en = {
  TRUE, "Attn:", "Tax ID",
  { "Invoice", "Issued", "Due", "Days overdue", "Balance" },
  "Overdue balance",
  "per month", "per year", "Total due",
  "How to pay", "Bank", "Account holder", "Account", "Reference", "Pay online",
  "Scan the code to pay online",
  "To arrange payment, please contact us.",
  "(continued on the next page)", "Phone",
};

static void
item_clear (gpointer data)
{
  Item *item = data;

  g_clear_pointer (&item->block, cbz_text_block_unref);
  g_clear_pointer (&item->uri, g_free);
  g_clear_pointer (&item->modules, g_bytes_unref);
}

static cairo_surface_t *
decode_image (GBytes    *bytes,
              gboolean   is_logo,
              double     box_width,
              double     box_height,
              GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  cairo_surface_t *surface;

  if (bytes == NULL)
    return NULL;
  surface = cbz_letter_image_decode (bytes, box_width, box_height, &local_error);
  if (surface == NULL)
    {
      if (is_logo)
        /* Translators: %s says what is wrong, e.g. "it is not an SVG image that can be read (…)" */
        g_set_error (error, CBZ_LETTER_ERROR, CBZ_LETTER_ERROR_IMAGE,
                     _("The company logo cannot be used: %s"), local_error->message);
      else
        g_set_error (error, CBZ_LETTER_ERROR, CBZ_LETTER_ERROR_IMAGE,
                     _("The signature image cannot be used: %s"), local_error->message);
    }
  return surface;
}

/*
 * Letters are printed on white: an image with transparency is flattened onto
 * white once, and one much larger than its box at 300 dpi is scaled down
 * once, so every PDF embeds a small opaque image with no soft mask. Each
 * PDF would compress its pixels again (this was a third of the cost of a
 * letter on its own, and still a tenth after that): it is encoded once, as
 * a JPEG that cairo copies into every PDF as it is.
 */
static cairo_surface_t *
prepare_image (cairo_surface_t *image,
               double           box_width,
               double           box_height)
{
  int w = cairo_image_surface_get_width (image);
  int h = cairo_image_surface_get_height (image);
  double max_scale = MIN (box_width / 72.0 * 300.0 / w, box_height / 72.0 * 300.0 / h);
  double scale = MIN (max_scale, 1.0);
  int nw = MAX (1, (int) (w * scale + 0.5));
  int nh = MAX (1, (int) (h * scale + 0.5));
  cairo_surface_t *flat = cairo_image_surface_create (CAIRO_FORMAT_RGB24, nw, nh);
  cairo_t *cr = cairo_create (flat);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, (double) nw / w, (double) nh / h);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (image);
  cbz_letter_image_attach_jpeg (flat);
  return flat;
}

static PangoFontDescription *
font (const char  *family,
      double       size,
      PangoWeight  weight)
{
  PangoFontDescription *desc = pango_font_description_from_string (family);

  pango_font_description_set_size (desc, (int) (size * PANGO_SCALE));
  pango_font_description_set_weight (desc, weight);
  return desc;
}

PangoLayout *
_cbz_letter_make_layout (CbzLetterDocument *doc,
                         CbzLetterFont      font,
                         const char        *text,
                         double             width,
                         PangoAlignment     align)
{
  PangoLayout *layout = pango_layout_new (doc->renderer->context);

  pango_layout_set_font_description (layout, doc->renderer->fonts[font]);
  if (width > 0)
    pango_layout_set_width (layout, pango_units_from_double (width));
  pango_layout_set_alignment (layout, align);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

CbzTextBlock *
_cbz_letter_block_from_layout (CbzLetterDocument *doc,
                               PangoLayout       *layout)
{
  CbzTextBlock *block = cbz_text_shaper_block_from_layout (doc->renderer->shaper, layout);

  g_object_unref (layout);
  return block;
}

/* Set word by word when the shaper can (cbz-letter-text.h), by PangoLayout
 * when not: character wrapping, text that needs ellipsizing, line feeds. */
CbzTextBlock *
_cbz_letter_text_block (CbzLetterDocument *doc,
                        const TextStyle   *style,
                        const char        *text)
{
  CbzTextBlock *block = NULL;
  PangoLayout *layout;

  if (style->width > 0 && style->wrap != PANGO_WRAP_CHAR)
    block = cbz_text_shaper_layout_paragraph (doc->renderer->shaper, doc->renderer->fonts[style->font], NULL,
                                              text, style->width, style->spacing, style->align, FALSE);
  if (block != NULL && style->ellipsize != PANGO_ELLIPSIZE_NONE && cbz_text_block_get_n_lines (block) > 1)
    g_clear_pointer (&block, cbz_text_block_unref);
  if (block != NULL)
    return block;

  layout = _cbz_letter_make_layout (doc, style->font, text, style->width, style->align);
  if (style->spacing > 0)
    pango_layout_set_line_spacing (layout, (float) style->spacing);
  pango_layout_set_wrap (layout, style->wrap);
  pango_layout_set_ellipsize (layout, style->ellipsize);
  return _cbz_letter_block_from_layout (doc, layout);
}

/*
 * Text that recurs from letter to letter (the letterhead, labels, table
 * cells, the bank details) is set once per renderer and shared by every
 * document it lays out. The cache is bounded; items keep their own
 * references.
 */
CbzTextBlock *
_cbz_letter_shared_block (CbzLetterDocument *doc,
                          const TextStyle   *style,
                          const char        *text)
{
  CbzLetterRenderer *r = doc->renderer;
  g_autofree char *key = g_strdup_printf ("%d|%d|%d|%g|%d|%d|%s", style->font,
                                          (int) (style->width * 100), style->align, style->spacing,
                                          style->wrap, style->ellipsize, text);
  CbzTextBlock *block = g_hash_table_lookup (r->shared, key);

  if (block == NULL)
    {
      if (g_hash_table_size (r->shared) >= 4096)
        g_hash_table_remove_all (r->shared);
      block = _cbz_letter_text_block (doc, style, text);
      g_hash_table_insert (r->shared, g_steal_pointer (&key), block);
    }
  return cbz_text_block_ref (block);
}

CbzTextBlock *
_cbz_letter_shared_text (CbzLetterDocument *doc,
                         CbzLetterFont      font,
                         const char        *text,
                         double             width,
                         PangoAlignment     align)
{
  TextStyle style = STYLE (font, width, align);

  return _cbz_letter_shared_block (doc, &style, text);
}

CbzTextBlock *
_cbz_letter_own_text (CbzLetterDocument *doc,
                      CbzLetterFont      font,
                      const char        *text,
                      double             width,
                      PangoAlignment     align)
{
  TextStyle style = STYLE (font, width, align);

  return _cbz_letter_text_block (doc, &style, text);
}

Item *
_cbz_letter_add_item (CbzLetterDocument *doc,
                      ItemKind           kind,
                      double             x,
                      double             y,
                      double             w,
                      double             h)
{
  Item item = { kind, doc->page, x, y, w, h, NULL, _cbz_letter_ink, NULL, 0, NULL, NULL, 0 };

  g_array_append_val (doc->items, item);
  return &g_array_index (doc->items, Item, doc->items->len - 1);
}

Item *
_cbz_letter_add_text (CbzLetterDocument *doc,
                      CbzTextBlock      *block,
                      double             x,
                      double             y,
                      const double      *color)
{
  Item *item = _cbz_letter_add_item (doc, ITEM_TEXT, x, y, text_width (block), text_height (block));

  item->block = block;
  item->color = color;
  return item;
}

void
_cbz_letter_new_page (CbzLetterDocument *doc)
{
  doc->page++;
  doc->y = CONTINUED_TOP;
}

void
_cbz_letter_ensure_space (CbzLetterDocument *doc,
                          double             height)
{
  if (doc->y + height > bottom_limit (doc) && doc->y > CONTINUED_TOP + 1.0)
    _cbz_letter_new_page (doc);
}

char *
_cbz_letter_join_nonempty (const char *separator,
               ...)
{
  GString *out = g_string_new (NULL);
  const char *s;
  va_list args;

  va_start (args, separator);
  while ((s = va_arg (args, const char *)) != (const char *) -1)
    {
      if (s == NULL || *s == '\0')
        continue;
      if (out->len > 0)
        g_string_append (out, separator);
      g_string_append (out, s);
    }
  va_end (args);
  return g_string_free (out, FALSE);
}

/**
 * cbz_letter_renderer_new:
 * @profile: the sender; copied
 *
 * Returns: (transfer full) (nullable): a renderer, or %NULL when the profile's
 *   logo or signature cannot be read (%CBZ_LETTER_ERROR_IMAGE).
 */
CbzLetterRenderer *
cbz_letter_renderer_new (const CbzCompanyProfile  *profile,
                         GError                  **error)
{
  g_autoptr(CbzLetterRenderer) self = NULL;
  cairo_font_options_t *options;

  g_return_val_if_fail (profile != NULL, NULL);

  self = g_new0 (CbzLetterRenderer, 1);
  self->profile = cbz_company_profile_copy (profile);

  self->logo = decode_image (profile->logo_png, TRUE, LOGO_WIDTH, LOGO_HEIGHT, error);
  if (profile->logo_png != NULL && self->logo == NULL)
    return NULL;
  self->signature = decode_image (profile->signature_png, FALSE, SIGNATURE_WIDTH, SIGNATURE_HEIGHT, error);
  if (profile->signature_png != NULL && self->signature == NULL)
    return NULL;
  if (self->logo != NULL)
    self->logo = prepare_image (self->logo, LOGO_WIDTH, LOGO_HEIGHT);
  if (self->signature != NULL)
    self->signature = prepare_image (self->signature, SIGNATURE_WIDTH, SIGNATURE_HEIGHT);

  /* Device-independent metrics: the same layout on PDF, screen and printer. */
  self->context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (self->context, options);
  cairo_font_options_destroy (options);
  pango_cairo_context_set_resolution (self->context, 72.0);
  pango_context_set_round_glyph_positions (self->context, FALSE);

  self->fonts[CBZ_LETTER_FONT_BODY] = font (FONT_FAMILY, 10.0, PANGO_WEIGHT_NORMAL);
  self->fonts[CBZ_LETTER_FONT_BODY_BOLD] = font (FONT_FAMILY, 10.0, PANGO_WEIGHT_BOLD);
  self->fonts[CBZ_LETTER_FONT_SMALL] = font (FONT_FAMILY, 8.0, PANGO_WEIGHT_NORMAL);
  self->fonts[CBZ_LETTER_FONT_SMALL_BOLD] = font (FONT_FAMILY, 8.0, PANGO_WEIGHT_BOLD);
  self->fonts[CBZ_LETTER_FONT_TINY] = font (FONT_FAMILY, 6.5, PANGO_WEIGHT_NORMAL);
  self->fonts[CBZ_LETTER_FONT_HEADING] = font (FONT_FAMILY, 15.0, PANGO_WEIGHT_BOLD);
  self->shared = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) cbz_text_block_unref);
  self->shaper = cbz_text_shaper_new (self->context);

  return g_steal_pointer (&self);
}

void
cbz_letter_renderer_free (CbzLetterRenderer *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->profile, cbz_company_profile_free);
  g_clear_pointer (&self->shared, g_hash_table_unref);
  g_clear_pointer (&self->shaper, cbz_text_shaper_free);
  g_clear_object (&self->context);
  for (guint i = 0; i < CBZ_LETTER_N_FONTS; i++)
    g_clear_pointer (&self->fonts[i], pango_font_description_free);
  g_clear_pointer (&self->logo, cairo_surface_destroy);
  g_clear_pointer (&self->signature, cairo_surface_destroy);
  g_free (self);
}

const CbzCompanyProfile *
cbz_letter_renderer_get_profile (CbzLetterRenderer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->profile;
}

/* The letter with @content, in the rhythm of @spacing. */
static CbzLetterDocument *
layout_document (CbzLetterRenderer      *self,
                 const CbzLetter        *letter,
                 const CbzLetterContent *content,
                 CbzTemplateContext     *context,
                 const CbzLetterSpacing *spacing)
{
  const CbzCompanyProfile *p = self->profile;
  CbzLetterDocument *doc = g_new0 (CbzLetterDocument, 1);
  g_autofree char *date = NULL;
  g_autofree char *footer = NULL;
  const char *link;
  CbzTextBlock *block;
  double body_top;

  doc->renderer = self;
  doc->letter = cbz_letter_copy (letter);
  doc->words = g_str_equal (cbz_letter_get_language (letter), "en") ? &_cbz_letter_words_en : &_cbz_letter_words_es;
  doc->spacing = spacing;
  cbz_paper_size_get_points (p->paper, &doc->width, &doc->height);
  doc->items = g_array_new (FALSE, TRUE, sizeof (Item));
  g_array_set_clear_func (doc->items, item_clear);
  doc->cells = g_ptr_array_new_with_free_func (g_free);
  doc->table_x = MARGIN_LEFT;
  doc->table_w = content_width (doc);
  doc->title = doc->words->english
    ? g_strdup_printf ("Collection letter — %s", letter->name != NULL ? letter->name : "")
    : g_strdup_printf ("Carta de cobranza — %s", letter->name != NULL ? letter->name : "");
  {
    /* For the PDF's metadata and the timeline: without the word joiners
     * that only steer line breaking on paper. */
    GString *subject = g_string_new (content->subject);

    g_string_replace (subject, "\u2060", "", 0);
    doc->subject = g_string_free (subject, FALSE);
  }
  link = cbz_template_context_get (context, CBZ_TEMPLATE_VAR_PAYMENT_LINK);
  doc->payment_link = link != NULL && *link != '\0' ? g_strdup (link) : NULL;
  date = cbz_letter_format_date_long (letter, letter->date);
  doc->running_head = g_strdup_printf ("%s · %s", letter->name != NULL ? letter->name : "", date);

  footer = _cbz_letter_join_nonempty ("  ·  ", p->name, p->tax_id, p->phone, p->email, p->website, (const char *) -1);
  {
    TextStyle style = STYLE (CBZ_LETTER_FONT_TINY, content_width (doc) - 28.0 * MM, PANGO_ALIGN_LEFT);

    style.ellipsize = PANGO_ELLIPSIZE_END;
    doc->footer = _cbz_letter_shared_block (doc, &style, footer);
  }

  _cbz_letter_layout_first_page (doc, &body_top);
  doc->y = body_top;

  /* The subject in bold, then the salutation. */
  block = _cbz_letter_own_text (doc, CBZ_LETTER_FONT_BODY_BOLD, content->subject != NULL ? content->subject : "",
                                content_width (doc), PANGO_ALIGN_LEFT);
  _cbz_letter_add_text (doc, block, MARGIN_LEFT, doc->y, _cbz_letter_ink);
  doc->y += text_height (block) + 3.0 * MM;

  if (content->salutation != NULL)
    {
      block = _cbz_letter_own_text (doc, CBZ_LETTER_FONT_BODY, content->salutation, content_width (doc),
                                    PANGO_ALIGN_LEFT);
      _cbz_letter_add_text (doc, block, MARGIN_LEFT, doc->y, _cbz_letter_ink);
      doc->y += text_height (block) + spacing->para_gap;
    }

  for (guint i = 0; i < content->blocks->len; i++)
    {
      CbzLetterBlock *part = g_ptr_array_index (content->blocks, i);

      switch (part->kind)
        {
        case CBZ_LETTER_BLOCK_PARAGRAPH:
          _cbz_letter_layout_paragraph (doc, part->text);
          break;
        case CBZ_LETTER_BLOCK_INVOICES:
          _cbz_letter_layout_invoices (doc);
          break;
        case CBZ_LETTER_BLOCK_PAYMENT:
          _cbz_letter_layout_payment (doc, context);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  _cbz_letter_layout_signature (doc, content->closing);
  doc->n_pages = doc->page + 1;
  _cbz_letter_layout_page_furniture (doc);
  return doc;
}

/**
 * cbz_letter_renderer_layout:
 *
 * Returns: (transfer full) (nullable): the laid-out letter.
 */
CbzLetterDocument *
cbz_letter_renderer_layout (CbzLetterRenderer  *self,
                            const CbzLetter    *letter,
                            const char         *template_text,
                            GError            **error)
{
  g_autoptr(CbzLetterDocument) doc = NULL;
  g_autoptr(CbzTemplateContext) context = NULL;
  g_autoptr(CbzLetterContent) content = NULL;
  g_autofree char *builtin = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (letter != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!cbz_company_profile_is_set (self->profile))
    {
      g_set_error_literal (error, CBZ_LETTER_ERROR, CBZ_LETTER_ERROR_NO_COMPANY,
                           _("Letters need your company’s name: fill in the company profile in Preferences"));
      return NULL;
    }

  if (template_text == NULL)
    template_text = builtin = cbz_letter_template_get_builtin (letter->level, letter->language);

  context = cbz_letter_build_context (letter, self->profile);
  content = cbz_letter_content_new (template_text, context, error);
  if (content == NULL)
    return NULL;

  doc = layout_document (self, letter, content, context, &_cbz_letter_spacing_normal);
  /* A letter that just spills onto a second page (the signature alone, a
   * few lines) keeps to one with tighter spacing. */
  if (doc->n_pages == 2)
    {
      CbzLetterDocument *tight = layout_document (self, letter, content, context, &_cbz_letter_spacing_tight);

      if (tight->n_pages == 1)
        {
          cbz_letter_document_free (doc);
          doc = tight;
        }
      else
        cbz_letter_document_free (tight);
    }
  return g_steal_pointer (&doc);
}

void
cbz_letter_document_free (CbzLetterDocument *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->cells, g_ptr_array_unref);
  g_clear_pointer (&self->letter, cbz_letter_free);
  g_clear_pointer (&self->footer, cbz_text_block_unref);
  g_clear_pointer (&self->head_left, cbz_text_block_unref);
  g_clear_pointer (&self->head_right, cbz_text_block_unref);
  g_clear_pointer (&self->page_numbers, g_ptr_array_unref);
  g_free (self->title);
  g_free (self->subject);
  g_free (self->payment_link);
  g_free (self->running_head);
  g_free (self);
}

guint
cbz_letter_document_get_n_pages (CbzLetterDocument *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_pages;
}

void
cbz_letter_document_get_page_size (CbzLetterDocument *self,
                                   double            *width,
                                   double            *height)
{
  g_return_if_fail (self != NULL);

  if (width != NULL)
    *width = self->width;
  if (height != NULL)
    *height = self->height;
}

const char *
cbz_letter_document_get_title (CbzLetterDocument *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->title;
}

const char *
cbz_letter_document_get_subject (CbzLetterDocument *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->subject;
}

const char *
cbz_letter_document_get_payment_link (CbzLetterDocument *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->payment_link;
}

const CbzLetter *
cbz_letter_document_get_letter (CbzLetterDocument *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->letter;
}
