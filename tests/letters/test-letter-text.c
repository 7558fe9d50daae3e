/* test-letter-text.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The word-by-word shaper of letters (cbz-letter-text.c): it must set
 * paragraphs as PangoLayout does (same lines, same height), justify and
 * hyphenate them, print what it was given, and leave to PangoLayout what it
 * cannot set.
 */

#include "config.h"

#include <cairo-pdf.h>
#include <hb.h>
#include <poppler.h>
#include <string.h>

#include "cbz-letter-text-private.h"
#include "cbz-test-util.h"

#ifndef POPPLER_CHECK_VERSION
#define POPPLER_CHECK_VERSION(a, b, c) 0
#endif
#if !POPPLER_CHECK_VERSION (23, 0, 0)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)
#endif

#define MM (72.0 / 25.4)

/* The Spanish paragraphs of the level-2 letter, as the renderer hands them
 * over: soft hyphens at Spanish syllable breaks, U+2060 keeping money
 * together, U+202F in the phone number. */
static const char *paragraphs[] = {
  "Por me\u00addio de la pre\u00adsen\u00adte, Dis\u00adtri\u00adbui\u00addo\u00adra del Ba\u00adjío, S.A. de C.V. le "
  "in\u00adfor\u00adma que la cuen\u00adta de Co\u00admer\u00adcia\u00adli\u00adza\u00addo\u00adra Núñez y Peña, "
  "S.A. de C.V. pre\u00adsen\u00adta un sal\u00addo ven\u00adci\u00addo de $ \u20601,234,567.89, co\u00adrres\u00adpon\u00addien\u00adte "
  "a las fac\u00adtu\u00adras que se de\u00adta\u00adllan a con\u00adti\u00adnua\u00adción. La fac\u00adtu\u00adra más an\u00adti\u00adgua "
  "ven\u00adció el 15 de oc\u00adtu\u00adbre de 2026 y acu\u00admu\u00adla 39 días de atra\u00adso.",
  "A la fe\u00adcha no he\u00admos re\u00adci\u00adbi\u00addo el pago ni res\u00adpues\u00adta a nues\u00adtro re\u00adcor\u00adda\u00adto\u00adrio "
  "an\u00adte\u00adrior. Le so\u00adli\u00adci\u00adta\u00admos cu\u00adbrir el sal\u00addo a más tar\u00addar el 3 de di\u00adciem\u00adbre de 2026 "
  "por al\u00adgu\u00adno de los si\u00adguien\u00adtes me\u00addios, in\u00addi\u00adcan\u00addo la re\u00adfe\u00adren\u00adcia para que "
  "po\u00adda\u00admos iden\u00adti\u00adfi\u00adcar su pago:",
  "Si ya rea\u00adli\u00adzó el pago, le pe\u00addi\u00admos en\u00adviar\u00adnos el com\u00adpro\u00adban\u00adte para apli\u00adcar\u00adlo. "
  "Pue\u00adde lla\u00admar\u00adnos al +52\u202f442\u202f215\u202f3300 o es\u00adcri\u00adbir\u00adnos a cobranza@bajio.example.",
  "If you have already paid, please send us the receipt so that we can apply it. If paying the full "
  "amount is difficult, we invite you to contact us before that date to agree on a payment plan together.",
  "To date we have received neither the payment nor a reply. We ask you to pay the balance of $ \u206012,480.00 "
  "(invoices A-101, A-117 and A-120 for $ \u20609,870.50, $ \u20601,609.50 and $ \u20601,000.00) no later than "
  "December 3, 2026. You can call us at +52\u202f442\u202f215\u202f3300 or write to cobranza@bajio.example.",
  "Le es\u00adcri\u00adbi\u00admos de Dis\u00adtri\u00adbui\u00addo\u00adra del Ba\u00adjío, S.A. de C.V. "
  "para re\u00adcor\u00addar\u00adle, con toda cor\u00addia\u00adli\u00addad, que la cuen\u00adta de "
  "Au\u00adto\u00adpar\u00adtes Ibá\u00adñez tie\u00adne un sal\u00addo ven\u00adci\u00addo de "
  "$ \u2060987,654.32 (“fac\u00adtu\u00adras F-20101 y F-20102”): ¿po\u00addría con\u00adfir\u00admar\u00adnos "
  "la fe\u00adcha de pago? ¡Gra\u00adcias!",
};

/* The language each paragraph is in. */
static const char *
paragraph_language (guint i)
{
  return i == 3 || i == 4 ? "en" : "es";
}

typedef struct
{
  PangoContext         *context;
  PangoFontDescription *font;
  CbzTextShaper        *shaper;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  cairo_font_options_t *options = cairo_font_options_create ();

  /* As the letter renderer sets its context up. */
  f->context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (f->context, options);
  cairo_font_options_destroy (options);
  pango_cairo_context_set_resolution (f->context, 72.0);
  pango_context_set_round_glyph_positions (f->context, FALSE);
  f->font = pango_font_description_from_string ("Liberation Sans, DejaVu Sans, sans-serif 10");
  f->shaper = cbz_text_shaper_new (f->context);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->shaper, cbz_text_shaper_free);
  g_clear_pointer (&f->font, pango_font_description_free);
  g_clear_object (&f->context);
}

static PangoLayout *
pango_paragraph (Fixture    *f,
                 const char *text,
                 double      width,
                 const char *language)
{
  PangoLayout *layout = pango_layout_new (f->context);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_layout_set_font_description (layout, f->font);
  pango_layout_set_width (layout, pango_units_from_double (width));
  pango_attr_list_insert (attrs, pango_attr_language_new (pango_language_from_string (language)));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_justify (layout, TRUE);
  pango_layout_set_line_spacing (layout, 1.15f);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

/* Draws @block into a one-page PDF and returns its text, as poppler reads it. */
static char *
block_text (CbzTextBlock *block,
            const char   *name)
{
  g_autofree char *path = cbz_test_build_tmp_path (name);
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PopplerDocument) doc = NULL;
  g_autoptr(PopplerPage) page = NULL;
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);

  cbz_text_block_draw (block, cr, 60, 60);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  uri = g_filename_to_uri (path, NULL, &error);
  g_assert_no_error (error);
  doc = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  page = poppler_document_get_page (doc, 0);
  return poppler_page_get_text (page);
}

/* The same lines and height as PangoLayout at several widths. */
static void
test_matches_pango (Fixture       *f,
                    gconstpointer  data)
{
  const double widths[] = { 165.0 * MM, 120.0 * MM, 80.0 * MM };

  for (guint i = 0; i < G_N_ELEMENTS (paragraphs); i++)
    for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
      {
        const char *language = paragraph_language (i);
        g_autoptr(PangoLayout) layout = pango_paragraph (f, paragraphs[i], widths[w], language);
        g_autoptr(CbzTextBlock) block = NULL;
        PangoRectangle logical;

        block = cbz_text_shaper_layout_paragraph (f->shaper, f->font, pango_language_from_string (language),
                                                  paragraphs[i], widths[w], 1.15, PANGO_ALIGN_LEFT, TRUE);
        g_assert_nonnull (block);
        pango_layout_get_extents (layout, NULL, &logical);
        g_test_message ("paragraph %u at %.0f mm: %u lines (Pango %d)", i, widths[w] / MM,
                        cbz_text_block_get_n_lines (block), pango_layout_get_line_count (layout));
        g_assert_cmpuint (cbz_text_block_get_n_lines (block), ==, (guint) pango_layout_get_line_count (layout));
        g_assert_cmpfloat_with_epsilon (cbz_text_block_get_height (block), pango_units_to_double (logical.height), 0.01);
        g_assert_cmpfloat_with_epsilon (cbz_text_block_get_baseline (block),
                                        pango_units_to_double (pango_layout_get_baseline (layout)), 0.01);
        /* Justified: every line but the last as wide as the column. */
        g_assert_cmpfloat (cbz_text_block_get_width (block), <=, widths[w] + 0.01);
      }
}

/* The lines of @block start where @layout's do; says where they part. */
static gboolean
same_lines (CbzTextBlock *block,
            PangoLayout  *layout,
            const char   *what)
{
  GSList *lines = pango_layout_get_lines_readonly (layout);
  const char *text = pango_layout_get_text (layout);
  guint n = cbz_text_block_get_n_lines (block);

  if (n != g_slist_length (lines))
    {
      g_test_message ("%s: %u lines, Pango %u", what, n, g_slist_length (lines));
      return FALSE;
    }
  for (guint i = 0; i < n; i++, lines = lines->next)
    {
      guint ours = cbz_text_block_get_line_start (block, i);
      guint pango = (guint) ((PangoLayoutLine *) lines->data)->start_index;

      if (ours != pango)
        {
          g_test_message ("%s: line %u starts at “%.12s”, Pango's at “%.12s”", what, i + 1, text + ours,
                          text + pango);
          return FALSE;
        }
    }
  return TRUE;
}

/* A line of @layout wider than @width: a word that does not fit it. */
static gboolean
overflows (PangoLayout *layout,
           double       width)
{
  for (GSList *l = pango_layout_get_lines_readonly (layout); l != NULL; l = l->next)
    {
      PangoRectangle logical;

      pango_layout_line_get_extents (l->data, NULL, &logical);
      if (pango_units_to_double (logical.width) > width + 0.01)
        return TRUE;
    }
  return FALSE;
}

/* Line by line as PangoLayout breaks them, at 500 widths from 40 to 165 mm:
 * every line starts at the same character, so no line ends with a "$" cut
 * from its amount, nor anywhere Pango would not end it. */
static void
test_lines_match_pango (Fixture       *f,
                        gconstpointer  data)
{
  guint differ = 0;

  for (guint i = 0; i < G_N_ELEMENTS (paragraphs); i++)
    for (guint step = 0; step < 500; step++)
      {
        double width = (40.0 + 125.0 * step / 499.0) * MM;
        const char *language = paragraph_language (i);
        g_autoptr(PangoLayout) layout = pango_paragraph (f, paragraphs[i], width, language);
        g_autoptr(CbzTextBlock) block = NULL;
        g_autofree char *what = g_strdup_printf ("paragraph %u at %.2f mm", i, width / MM);

        block = cbz_text_shaper_layout_paragraph (f->shaper, f->font, pango_language_from_string (language),
                                                  paragraphs[i], width, 1.15, PANGO_ALIGN_LEFT, TRUE);
        /* Left to PangoLayout only when a word is wider than the line. */
        if (block == NULL)
          {
            g_assert_true (overflows (layout, width));
            continue;
          }
        if (!same_lines (block, layout, what))
          differ++;
        for (guint k = 1; k < cbz_text_block_get_n_lines (block); k++)
          {
            guint start = cbz_text_block_get_line_start (block, k);

            g_assert_false (start >= 2 && paragraphs[i][start - 2] == '$');
            g_assert_false (g_str_has_prefix (paragraphs[i] + start, "\u2060"));
          }
      }
  g_assert_cmpuint (differ, ==, 0);
}

/* Glyphs of @block that are not spaces, in order. */
static GArray *
printed_glyphs (CbzTextBlock *block,
                guint32       space)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (guint32));

  for (guint i = 0; i < block->glyphs->len; i++)
    {
      guint32 glyph = (guint32) g_array_index (block->glyphs, cairo_glyph_t, i).index;

      if (glyph != space)
        g_array_append_val (out, glyph);
    }
  return out;
}

/* Thousands of different words through a shaper that keeps 60: it lets
 * them go time and again, never while a paragraph still points at them
 * (run under AddressSanitizer), and what it sets stays what Pango sets:
 * the same lines, the same glyphs. */
static void
test_cache_eviction (Fixture       *f,
                     gconstpointer  data)
{
  static const char *names[] = { "Comercializadora", "Núñez", "Peña", "Ferretería", "Güero", "Panadería",
                                 "Óliva", "Construcciones", "Ávila", "Muñoz", "Papelería", "Pérgola" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(PangoFont) font = pango_context_load_font (f->context, f->font);
  hb_codepoint_t space = 0;

  g_assert_true (hb_font_get_nominal_glyph (pango_font_get_hb_font (font), ' ', &space));
  _cbz_text_shaper_set_cache_limit (f->shaper, 60);

  for (guint n = 0; n < 300; n++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(PangoLayout) layout = NULL;
      g_autoptr(CbzTextBlock) block = NULL;
      g_autoptr(CbzTextBlock) reference = NULL;
      g_autoptr(GArray) ours = NULL;
      g_autoptr(GArray) theirs = NULL;
      g_autofree char *what = g_strdup_printf ("paragraph %u", n);
      double width = (40.0 + g_rand_double (rand) * 125.0) * MM;

      for (guint w = 0; w < 40; w++)
        {
          if (w > 0)
            g_string_append_c (text, ' ');
          if (w % 4 == 3)
            g_string_append_printf (text, "$ \u2060%u,%03u.%02u", g_rand_int_range (rand, 1, 999),
                                    g_rand_int_range (rand, 0, 999), g_rand_int_range (rand, 0, 99));
          else if (w % 4 == 1)
            g_string_append_printf (text, "F-%05u", g_rand_int_range (rand, 0, 99999));
          else
            g_string_append (text, names[g_rand_int_range (rand, 0, G_N_ELEMENTS (names))]);
        }

      layout = pango_paragraph (f, text->str, width, "es");
      block = cbz_text_shaper_layout_paragraph (f->shaper, f->font, pango_language_from_string ("es"),
                                                text->str, width, 1.15, PANGO_ALIGN_LEFT, TRUE);
      g_assert_nonnull (block);
      g_assert_true (same_lines (block, layout, what));
      reference = cbz_text_shaper_block_from_layout (f->shaper, layout);
      ours = printed_glyphs (block, space);
      theirs = printed_glyphs (reference, space);
      g_assert_cmpmem (ours->data, ours->len * sizeof (guint32), theirs->data, theirs->len * sizeof (guint32));
    }
  g_test_message ("%u evictions", _cbz_text_shaper_get_n_evictions (f->shaper));
  g_assert_cmpuint (_cbz_text_shaper_get_n_evictions (f->shaper), >=, 10);
}

/* The same font described twice, freed in between (the caller's pointer
 * may come back for another font): each is set in its own size. */
static void
test_font_identity (Fixture       *f,
                    gconstpointer  data)
{
  for (guint i = 0; i < 20; i++)
    {
      PangoFontDescription *desc = pango_font_description_from_string (i % 2 == 0 ? "Liberation Sans 10"
                                                                                    : "Liberation Sans 20");
      g_autoptr(CbzTextBlock) block = cbz_text_shaper_layout_paragraph (f->shaper, desc, NULL, "Saldo vencido",
                                                                         200.0 * MM, 0, PANGO_ALIGN_LEFT, FALSE);
      g_autoptr(PangoLayout) layout = pango_layout_new (f->context);
      PangoRectangle logical;

      pango_layout_set_font_description (layout, desc);
      pango_layout_set_text (layout, "Saldo vencido", -1);
      pango_layout_get_extents (layout, NULL, &logical);
      g_assert_cmpfloat_with_epsilon (cbz_text_block_get_height (block), pango_units_to_double (logical.height), 0.01);
      g_assert_cmpfloat_with_epsilon (cbz_text_block_get_width (block), pango_units_to_double (logical.width), 0.01);
      pango_font_description_free (desc);
    }
}

/* Words come out whole and in order, a soft hyphen shows as "-" only at
 * the end of a line, money stays together, the narrow spaces of a phone
 * number read as spaces. */
static void
test_prints_the_text (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(CbzTextBlock) block = NULL;
  g_autoptr(GString) expected = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GString) joined = NULL;

  block = cbz_text_shaper_layout_paragraph (f->shaper, f->font, pango_language_from_string ("es"),
                                            paragraphs[2], 80.0 * MM, 1.15, PANGO_ALIGN_LEFT, TRUE);
  g_assert_nonnull (block);
  g_assert_cmpuint (cbz_text_block_get_n_lines (block), >=, 4);
  text = block_text (block, "text-block.pdf");

  /* A line that ends in a hyphen continues the word on the next one. */
  joined = g_string_new (text);
  g_string_replace (joined, "-\n", "", 0);
  g_string_replace (joined, "\n", " ", 0);
  expected = g_string_new (paragraphs[2]);
  g_string_replace (expected, "\u00ad", "", 0);
  g_string_replace (expected, "\u202f", " ", 0);
  g_test_message ("%s", text);
  g_assert_cmpstr (g_strstrip (joined->str), ==, expected->str);
  g_assert_nonnull (strstr (text, "+52 442 215 3300"));
}

/* Right and centred lines end at, or sit in the middle of, the width. */
static void
test_alignment (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CbzTextBlock) left = NULL;
  g_autoptr(CbzTextBlock) right = NULL;
  g_autoptr(CbzTextBlock) centre = NULL;

  left = cbz_text_shaper_layout_paragraph (f->shaper, f->font, NULL, "Saldo vencido", 60.0 * MM, 0,
                                           PANGO_ALIGN_LEFT, FALSE);
  right = cbz_text_shaper_layout_paragraph (f->shaper, f->font, NULL, "Saldo vencido", 60.0 * MM, 0,
                                            PANGO_ALIGN_RIGHT, FALSE);
  centre = cbz_text_shaper_layout_paragraph (f->shaper, f->font, NULL, "Saldo vencido", 60.0 * MM, 0,
                                             PANGO_ALIGN_CENTER, FALSE);
  g_assert_cmpuint (cbz_text_block_get_n_lines (left), ==, 1);
  /* As PangoLayout measures them: left-aligned text as wide as itself,
   * the others as wide as the width. */
  g_assert_cmpfloat (cbz_text_block_get_width (left), <, 30.0 * MM);
  g_assert_cmpfloat_with_epsilon (cbz_text_block_get_width (right), 60.0 * MM, 0.01);
  g_assert_cmpfloat_with_epsilon (cbz_text_block_get_ink_width (right), cbz_text_block_get_width (left), 0.01);
  g_assert_cmpfloat_with_epsilon (cbz_text_block_get_width (centre), 60.0 * MM, 0.01);
}

/* What only PangoLayout can set: NULL. */
static void
test_leaves_to_pango (Fixture       *f,
                      gconstpointer  data)
{
  const char *texts[] = {
    "Calle Río Lerma 212\nCol. Cuauhtémoc",                              /* a line feed */
    "pagos.example/unadireccionmuylargaquenocabeenningunalinea",        /* a word wider than the line */
    "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd",                  /* right to left */
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(CbzTextBlock) block = cbz_text_shaper_layout_paragraph (f->shaper, f->font, NULL, texts[i],
                                                                         40.0 * MM, 0, PANGO_ALIGN_LEFT, FALSE);

      g_assert_null (block);
    }
}

/* A link breaks where Pango breaks it (after "/" and hyphens), a word
 * joiner keeps "$" with its amount. */
static void
test_break_opportunities (Fixture       *f,
                          gconstpointer  data)
{
  const char *link = "https://pagos.example/una-direccion-muy-larga-que-no-cabe-en-la-linea";
  const char *money = "Total $ \u20601,234.56";
  g_autoptr(CbzTextBlock) block = NULL;
  g_autoptr(PangoLayout) layout = pango_layout_new (f->context);

  block = cbz_text_shaper_layout_paragraph (f->shaper, f->font, NULL, link, 40.0 * MM, 0, PANGO_ALIGN_LEFT, FALSE);
  g_assert_nonnull (block);
  pango_layout_set_font_description (layout, f->font);
  pango_layout_set_width (layout, pango_units_from_double (40.0 * MM));
  pango_layout_set_text (layout, link, -1);
  g_assert_cmpuint (cbz_text_block_get_n_lines (block), >=, 2);
  g_assert_true (same_lines (block, layout, "link"));

  /* Narrower than "Total $ 1,234.56" but wide enough for "Total $": the
   * amount moves to the next line with its sign. */
  g_clear_pointer (&block, cbz_text_block_unref);
  block = cbz_text_shaper_layout_paragraph (f->shaper, f->font, NULL, money, 20.0 * MM, 0, PANGO_ALIGN_LEFT, FALSE);
  g_assert_nonnull (block);
  g_assert_cmpuint (cbz_text_block_get_n_lines (block), ==, 2);
  g_assert_cmpstr (money + cbz_text_block_get_line_start (block, 1), ==, "$ \u20601,234.56");
}

/* A PangoLayout's glyphs, as a block: the same lines, extents and text. */
static void
test_from_layout (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(PangoLayout) layout = pango_layout_new (f->context);
  g_autoptr(CbzTextBlock) block = NULL;
  g_autofree char *text = NULL;
  PangoRectangle logical;

  pango_layout_set_font_description (layout, f->font);
  pango_layout_set_text (layout, "Atención: Sofía Ávila\nCalle Río Lerma 212, int. 4\nCol. Cuauhtémoc", -1);
  block = cbz_text_shaper_block_from_layout (f->shaper, layout);
  pango_layout_get_extents (layout, NULL, &logical);
  g_assert_cmpuint (cbz_text_block_get_n_lines (block), ==, 3);
  g_assert_cmpfloat_with_epsilon (cbz_text_block_get_height (block), pango_units_to_double (logical.height), 0.001);
  g_assert_cmpfloat_with_epsilon (cbz_text_block_get_width (block), pango_units_to_double (logical.width), 0.001);
  text = block_text (block, "from-layout.pdf");
  g_assert_cmpstr (g_strstrip (text), ==, "Atención: Sofía Ávila\nCalle Río Lerma 212, int. 4\nCol. Cuauhtémoc");
}

static gboolean
contains (const char *bytes,
          gsize       len,
          const char *tag)
{
  for (gsize i = 0; i + 4 <= len; i++)
    {
      if (memcmp (bytes + i, tag, 4) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The fonts the glyphs are printed with carry no TrueType instructions:
 * neither the tables (fpgm, prep, cvt) nor per-glyph ones reach the PDF. */
static void
test_unhinted_fonts (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CbzTextBlock) block = NULL;
  g_autofree char *path = cbz_test_build_tmp_path ("fonts.pdf");
  g_autofree char *qdf = cbz_test_build_tmp_path ("fonts-qdf.pdf");
  g_autoptr(GError) error = NULL;
  g_autofree char *bytes = NULL;
  gsize len = 0;
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);
  const char *argv[] = { "qpdf", "--qdf", "--object-streams=disable", path, qdf, NULL };
  int status = 0;

  block = cbz_text_shaper_layout_paragraph (f->shaper, f->font, NULL, paragraphs[3], 160.0 * MM, 0,
                                            PANGO_ALIGN_LEFT, TRUE);
  cbz_text_block_draw (block, cr, 60, 60);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_file_get_contents (qdf, &bytes, &len, &error);
  g_assert_no_error (error);
  /* The embedded font, uncompressed by qpdf: its table directory. */
  g_assert_true (contains (bytes, len, "glyf"));
  g_assert_true (contains (bytes, len, "hmtx"));
  g_assert_false (contains (bytes, len, "fpgm"));
  g_assert_false (contains (bytes, len, "prep"));
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/letters/text/matches-pango", test_matches_pango);
  ADD ("/letters/text/lines-match-pango", test_lines_match_pango);
  ADD ("/letters/text/cache-eviction", test_cache_eviction);
  ADD ("/letters/text/font-identity", test_font_identity);
  ADD ("/letters/text/prints-the-text", test_prints_the_text);
  ADD ("/letters/text/alignment", test_alignment);
  ADD ("/letters/text/leaves-to-pango", test_leaves_to_pango);
  ADD ("/letters/text/break-opportunities", test_break_opportunities);
  ADD ("/letters/text/from-layout", test_from_layout);
  ADD ("/letters/text/unhinted-fonts", test_unhinted_fonts);
#undef ADD

  return g_test_run ();
}
