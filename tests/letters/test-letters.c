/* test-letters.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <poppler.h>
#include <string.h>

#include "cbz-letter-renderer.h"
#include "cbz-test-util.h"
#include "letters-sample.h"

#ifndef POPPLER_CHECK_VERSION
#define POPPLER_CHECK_VERSION(a, b, c) 0
#endif
#if !POPPLER_CHECK_VERSION (23, 0, 0)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)
#endif

static GBytes *
render_pdf (const CbzCompanyProfile *profile,
            const CbzLetter         *letter,
            const char              *template_text,
            guint                   *n_pages)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzLetterRenderer) renderer = cbz_letter_renderer_new (profile, &error);
  g_autoptr(CbzLetterDocument) doc = NULL;
  GBytes *pdf;

  g_assert_no_error (error);
  doc = cbz_letter_renderer_layout (renderer, letter, template_text, &error);
  g_assert_no_error (error);
  if (n_pages != NULL)
    *n_pages = cbz_letter_document_get_n_pages (doc);
  pdf = cbz_letter_document_to_pdf (doc, &error);
  g_assert_no_error (error);
  if (g_getenv ("CBZ_TEST_KEEP_TMP") != NULL)
    {
      g_autofree char *path = cbz_test_build_tmp_path ("render.pdf");
      g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), NULL);
      g_test_message ("kept %s", path);
    }
  return pdf;
}

static char *
write_tmp (GBytes     *bytes,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  char *path = cbz_test_build_tmp_path (name);

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  return path;
}

/* Money keeps its symbol and number together (a no-break space, or a space
 * and a word joiner); text read back from a PDF has a plain space. */
static char *
plain_spaces (const char *text)
{
  GString *out = g_string_new (text);

  g_string_replace (out, "\u00a0", " ", 0);
  g_string_replace (out, "\u202f", " ", 0);
  g_string_replace (out, "\u2060", "", 0);
  return g_string_free (out, FALSE);
}

static PopplerDocument *
open_pdf (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *doc = poppler_document_new_from_bytes (bytes, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

static char *
page_text (PopplerDocument *doc,
           int              index)
{
  g_autoptr(PopplerPage) page = poppler_document_get_page (doc, index);

  g_assert_nonnull (page);
  return poppler_page_get_text (page);
}

static char *
all_text (PopplerDocument *doc)
{
  GString *out = g_string_new (NULL);

  for (int i = 0; i < poppler_document_get_n_pages (doc); i++)
    {
      g_autofree char *text = page_text (doc, i);
      g_string_append (out, text);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* Runs a tool; returns its stdout, asserting it exited with 0. */
static char *
run_tool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_test_message ("%s failed: %s%s", argv[0], out, err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static void
assert_qpdf_clean (const char *path)
{
  const char *argv[] = { "qpdf", "--check", path, NULL };
  g_autofree char *out = run_tool (argv);

  g_assert_nonnull (strstr (out, "No syntax or stream encoding errors found"));
  g_assert_null (strstr (out, "WARNING"));
}

static void
test_text_and_totals (void)
{
  g_autoptr(CbzCompanyProfile) profile = sample_profile ();
  g_autoptr(CbzLetter) letter = sample_letter (0, 4, CBZ_LETTER_LEVEL_NOTICE, "es");
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) doc = NULL;
  g_autofree char *text = NULL;
  g_autofree char *total = NULL;
  g_autofree char *title = NULL;
  g_autofree char *author = NULL;
  g_autofree char *creator = NULL;
  g_autofree char *subject = NULL;
  guint n_pages = 0;

  pdf = render_pdf (profile, letter, NULL, &n_pages);
  g_assert_cmpuint (n_pages, ==, 1);
  doc = open_pdf (pdf);
  g_assert_cmpint (poppler_document_get_n_pages (doc), ==, 1);
  text = all_text (doc);

  g_assert_nonnull (strstr (text, "Comercializadora Núñez y Peña, S.A. de C.V."));
  g_assert_nonnull (strstr (text, "María José Peña Íñiguez"));
  for (guint i = 0; i < letter->invoices->len; i++)
    g_assert_nonnull (strstr (text, ((CbzLetterInvoice *) g_ptr_array_index (letter->invoices, i))->number));

  /* 125000 + 162150 + 199300 + 236450 = 722900 centavos */
  g_assert_cmpint (cbz_letter_get_overdue_total (letter), ==, 722900);
  {
    g_autofree char *raw = cbz_letter_format_money (letter, 722900);
    total = plain_spaces (raw);
  }
  g_assert_nonnull (strstr (total, "7,229.00"));
  g_assert_nonnull (strstr (text, total));
  g_assert_nonnull (strstr (text, "Querétaro, 23 de noviembre de 2026"));
  g_assert_nonnull (strstr (text, "Interés moratorio: 1.50 % mensual simple"));
  g_assert_nonnull (strstr (text, "012180001234567897"));
  g_assert_null (strstr (text, "{{"));
  g_assert_null (strstr (text, "Página"));

  g_object_get (doc, "title", &title, "author", &author, "creator", &creator, "subject", &subject, NULL);
  g_assert_cmpstr (title, ==, "Carta de cobranza — Comercializadora Núñez y Peña, S.A. de C.V.");
  g_assert_cmpstr (author, ==, "Distribuidora del Bajío, S.A. de C.V.");
  g_assert_true (g_str_has_prefix (creator, "Cobranza"));
  g_assert_cmpstr (subject, ==, "Aviso de saldo vencido — $ 7,229.00");
}

static void
test_english (void)
{
  g_autoptr(CbzCompanyProfile) profile = sample_profile ();
  g_autoptr(CbzLetter) letter = sample_letter (1, 2, CBZ_LETTER_LEVEL_REMINDER, "en");
  g_autoptr(GBytes) pdf = render_pdf (profile, letter, NULL, NULL);
  g_autoptr(PopplerDocument) doc = open_pdf (pdf);
  g_autofree char *text = all_text (doc);

  g_assert_nonnull (strstr (text, "Querétaro, November 23, 2026"));
  g_assert_nonnull (strstr (text, "Ferretería El Güero"));
  g_assert_nonnull (strstr (text, "Dear Jesús Ramírez,"));
  g_assert_nonnull (strstr (text, "How to pay"));
}

static void
test_qpdf_and_fonts (void)
{
  g_autoptr(CbzCompanyProfile) profile = sample_profile ();
  g_autoptr(CbzLetter) letter = sample_letter (0, 3, CBZ_LETTER_LEVEL_FINAL, "es");
  g_autoptr(GBytes) pdf = render_pdf (profile, letter, NULL, NULL);
  g_autofree char *path = write_tmp (pdf, "final.pdf");
  const char *argv[] = { "pdffonts", path, NULL };
  g_autofree char *fonts = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_fonts = 0;

  assert_qpdf_clean (path);

  /* name type encoding emb sub uni object ID: every font embedded and subset. */
  fonts = run_tool (argv);
  lines = g_strsplit (fonts, "\n", -1);
  for (guint i = 2; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      const char *cols[32];
      guint n = 0;

      if (*lines[i] == '\0')
        continue;
      fields = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      /* drop empty fields from runs of spaces */
      for (guint j = 0; fields[j] != NULL && n < G_N_ELEMENTS (cols); j++)
        if (*fields[j] != '\0')
          cols[n++] = fields[j];
      g_assert_cmpuint (n, >=, 7);
      g_assert_true (g_str_has_prefix (cols[0], "+") || strchr (cols[0], '+') != NULL);
      g_assert_cmpstr (cols[n - 5], ==, "yes"); /* emb */
      g_assert_cmpstr (cols[n - 4], ==, "yes"); /* sub */
      n_fonts++;
    }
  /* The logo goes in as the JPEG made once per renderer, not as pixels
   * each PDF compresses again. */
  {
    const char *images_argv[] = { "pdfimages", "-list", path, NULL };
    g_autofree char *images = run_tool (images_argv);
    g_auto(GStrv) rows = g_strsplit (images, "\n", -1);
    gboolean logo_is_jpeg = FALSE;

    for (guint i = 2; rows[i] != NULL; i++)
      {
        g_auto(GStrv) cols = g_strsplit_set (rows[i], " ", -1);
        g_autoptr(GPtrArray) fields = g_ptr_array_new ();

        for (guint j = 0; cols[j] != NULL; j++)
          if (*cols[j] != '\0')
            g_ptr_array_add (fields, cols[j]);
        /* page num type width height color comp bpc enc ... */
        if (fields->len >= 9 && g_str_equal (g_ptr_array_index (fields, 3), "240") &&
            g_str_equal (g_ptr_array_index (fields, 4), "96"))
          logo_is_jpeg = g_str_equal (g_ptr_array_index (fields, 8), "jpeg");
      }
    g_assert_true (logo_is_jpeg);
  }

  /* Regular and bold, in the PDF's WinAnsi encoding: nothing the letter
   * prints (soft hyphens' hyphens, the phone number's narrow spaces) needs
   * a third subset. */
  g_assert_cmpuint (n_fonts, ==, 2);
}

static void
test_multi_page (void)
{
  g_autoptr(CbzCompanyProfile) profile = sample_profile ();
  g_autoptr(CbzLetter) letter = sample_letter (3, 40, CBZ_LETTER_LEVEL_NOTICE, "es");
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) doc = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *total = NULL;
  guint n_pages = 0;
  int n;

  pdf = render_pdf (profile, letter, NULL, &n_pages);
  path = write_tmp (pdf, "long.pdf");
  assert_qpdf_clean (path);
  doc = open_pdf (pdf);
  n = poppler_document_get_n_pages (doc);
  g_assert_cmpint (n, >=, 2);
  g_assert_cmpint (n, ==, (int) n_pages);

  for (int i = 0; i < n; i++)
    {
      g_autofree char *t = page_text (doc, i);
      g_autofree char *footer = g_strdup_printf ("Página %d de %d", i + 1, n);

      g_assert_nonnull (strstr (t, footer));
    }

  /* The table header is on every page the table runs over: pages 1 and 2. */
  for (int i = 0; i < 2; i++)
    {
      g_autofree char *t = page_text (doc, i);

      g_assert_nonnull (strstr (t, "Vencimiento"));
      g_assert_nonnull (strstr (t, "Días de atraso"));
    }

  text = all_text (doc);
  for (guint i = 0; i < letter->invoices->len; i++)
    g_assert_nonnull (strstr (text, ((CbzLetterInvoice *) g_ptr_array_index (letter->invoices, i))->number));
  {
    g_autofree char *raw = cbz_letter_format_money (letter, cbz_letter_get_overdue_total (letter));
    total = plain_spaces (raw);
  }
  g_assert_nonnull (strstr (text, total));
}

static void
test_qr_and_link (void)
{
  g_autoptr(CbzCompanyProfile) profile = sample_profile ();
  g_autoptr(CbzLetter) letter = sample_letter (2, 2, CBZ_LETTER_LEVEL_REMINDER, "es");
  g_autoptr(GBytes) pdf = render_pdf (profile, letter, NULL, NULL);
  g_autoptr(PopplerDocument) doc = open_pdf (pdf);
  g_autoptr(PopplerPage) page = poppler_document_get_page (doc, 0);
  const char *expected = "https://pay.example/F-20101";
  g_autofree char *png = cbz_test_build_tmp_path ("qr.png");
  g_autofree char *decoded = NULL;
  GList *links;
  gboolean found = FALSE;
  cairo_surface_t *surface;
  cairo_t *cr;
  double w, h;

  /* The link is a real PDF link annotation. */
  links = poppler_page_get_link_mapping (page);
  for (GList *l = links; l != NULL; l = l->next)
    {
      PopplerLinkMapping *m = l->data;

      if (m->action->type == POPPLER_ACTION_URI && g_strcmp0 (m->action->uri.uri, expected) == 0)
        found = TRUE;
    }
  poppler_page_free_link_mapping (links);
  g_assert_true (found);

  /* And the QR code on the page decodes to it. */
  poppler_page_get_size (page, &w, &h);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) (w * 2), (int) (h * 2));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, 2, 2);
  poppler_page_render_for_printing (page, cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  {
    const char *argv[] = { "zbarimg", "--quiet", "--raw", png, NULL };
    decoded = run_tool (argv);
  }
  g_strstrip (decoded);
  g_assert_cmpstr (decoded, ==, expected);
}

static void
test_unknown_variable (void)
{
  g_autoptr(CbzCompanyProfile) profile = sample_profile ();
  g_autoptr(CbzLetter) letter = sample_letter (0, 1, CBZ_LETTER_LEVEL_REMINDER, "es");
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzLetterRenderer) renderer = cbz_letter_renderer_new (profile, &error);
  g_autoptr(CbzLetterDocument) doc = NULL;

  g_assert_no_error (error);
  doc = cbz_letter_renderer_layout (renderer, letter,
                                    "Asunto: Aviso\n\nEstimado {{nombre}}, debe {{saldo_vencid}}.\n",
                                    &error);
  g_assert_null (doc);
  g_assert_error (error, CBZ_TEMPLATE_ERROR, CBZ_TEMPLATE_ERROR_UNKNOWN_VARIABLE);
  g_assert_nonnull (strstr (error->message, "saldo_vencid"));
  g_assert_nonnull (strstr (error->message, "Line 3, column 27"));
}

static void
test_custom_template_markers (void)
{
  g_autoptr(CbzCompanyProfile) profile = sample_profile ();
  g_autoptr(CbzLetter) letter = sample_letter (4, 2, CBZ_LETTER_LEVEL_NOTICE, "es");
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) doc = NULL;
  g_autofree char *text = NULL;
  const char *tmpl = "Asunto: Saldo de {{nombre}}\nSaludo: Hola {{contacto}}:\nDespedida: Saludos,\n\n"
                     "Primero el pago.\n\n[pago]\n\nLuego el detalle:\n\n[facturas]\n";

  pdf = render_pdf (profile, letter, tmpl, NULL);
  doc = open_pdf (pdf);
  text = all_text (doc);
  g_assert_nonnull (strstr (text, "Saldo de Papelería La Pérgola"));
  g_assert_nonnull (strstr (text, "Hola Andrés Núñez:"));
  g_assert_true (strstr (text, "Formas de pago") < strstr (text, "Luego el detalle"));
  g_assert_true (strstr (text, "Luego el detalle") < strstr (text, "Emisión"));
  g_assert_null (strstr (text, "[pago]"));
}

static void
test_no_company (void)
{
  g_autoptr(CbzCompanyProfile) profile = cbz_company_profile_new ();
  g_autoptr(CbzLetter) letter = sample_letter (0, 1, CBZ_LETTER_LEVEL_REMINDER, "es");
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzLetterRenderer) renderer = cbz_letter_renderer_new (profile, &error);
  g_autoptr(CbzLetterDocument) doc = NULL;

  g_assert_no_error (error);
  doc = cbz_letter_renderer_layout (renderer, letter, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, CBZ_LETTER_ERROR, CBZ_LETTER_ERROR_NO_COMPANY);
}

static void
test_bad_logo (void)
{
  g_autoptr(CbzCompanyProfile) profile = sample_profile ();
  g_autoptr(GError) error = NULL;
  CbzLetterRenderer *renderer;

  g_bytes_unref (profile->logo_png);
  profile->logo_png = g_bytes_new_static ("not a png", 9);
  renderer = cbz_letter_renderer_new (profile, &error);
  g_assert_null (renderer);
  g_assert_error (error, CBZ_LETTER_ERROR, CBZ_LETTER_ERROR_IMAGE);
}

/* An SVG logo is drawn in the letterhead's logo box: a red logo twice as
 * wide as high is drawn 48 × 19.2 mm in the 48 × 20 mm box, keeping its
 * shape: the box's centre is red, the page below the letterhead is not. */
static void
test_svg_logo (void)
{
  static const char svg[] =
    "<?xml version=\"1.0\"?>\n"
    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 200 80\">"
    "<rect width=\"200\" height=\"80\" fill=\"#ff0000\"/></svg>";
  g_autoptr(CbzCompanyProfile) profile = sample_profile ();
  g_autoptr(CbzLetter) letter = sample_letter (2, 1, CBZ_LETTER_LEVEL_REMINDER, "es");
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) doc = NULL;
  g_autoptr(PopplerPage) page = NULL;
  g_autoptr(GError) error = NULL;
  const double mm = 72.0 / 25.4;
  cairo_surface_t *surface;
  cairo_t *cr;
  double width, height;
  guint32 inside, outside;
  int stride;
  guint8 *data;

  g_clear_pointer (&profile->logo_png, g_bytes_unref);
  profile->logo_png = g_bytes_new_static (svg, sizeof svg - 1);
  pdf = render_pdf (profile, letter, NULL, NULL);
  doc = open_pdf (pdf);
  page = poppler_document_get_page (doc, 0);
  poppler_page_get_size (page, &width, &height);

  /* Page 1 at 1 pixel per point. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) width, (int) height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  poppler_page_render_for_printing (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
#define PIXEL(x, y) (*(guint32 *) (gpointer) (data + (int) (y) * stride + (int) (x) * 4) & 0xffffff)
  inside = PIXEL (25.0 * mm + 24.0 * mm, 13.0 * mm + 9.0 * mm);
  outside = PIXEL (25.0 * mm + 24.0 * mm, 13.0 * mm + 30.0 * mm);
#undef PIXEL
  cairo_surface_destroy (surface);
  /* Red, as a JPEG keeps it (cbz_letter_image_attach_jpeg): within a few
   * levels of 255, 0, 0. */
  g_assert_cmpuint ((inside >> 16) & 0xff, >=, 0xfa);
  g_assert_cmpuint ((inside >> 8) & 0xff, <=, 0x05);
  g_assert_cmpuint (inside & 0xff, <=, 0x05);
  g_assert_cmphex (outside, !=, inside);

  /* A broken SVG is refused with a reason, before any letter is written. */
  g_clear_pointer (&profile->logo_png, g_bytes_unref);
  profile->logo_png = g_bytes_new_static ("<svg xmlns=\"http://www.w3.org/2000/svg\"><rect", 45);
  g_assert_null (cbz_letter_renderer_new (profile, &error));
  g_assert_error (error, CBZ_LETTER_ERROR, CBZ_LETTER_ERROR_IMAGE);
  g_assert_nonnull (strstr (error->message, "SVG"));
}

static void
test_late_fee (void)
{
  g_autoptr(CbzCompanyProfile) profile = sample_profile ();

  /* 1.5 % a month on 1,000.00 for 45 days = 22.50 */
  g_assert_cmpint (cbz_letter_compute_late_fee (profile, 100000, 45), ==, 2250);
  profile->late_fee_period = CBZ_LATE_FEE_PERIOD_ANNUAL;
  profile->late_fee_rate_bp = 3650;
  /* 36.5 % a year on 1,000.00 for 10 days = 10.00 */
  g_assert_cmpint (cbz_letter_compute_late_fee (profile, 100000, 10), ==, 1000);
  profile->late_fee_kind = CBZ_LATE_FEE_NONE;
  g_assert_cmpint (cbz_letter_compute_late_fee (profile, 100000, 10), ==, 0);
}

/* Mean absolute difference per channel (0-255) between two same-size images. */
static double
image_difference (cairo_surface_t *a,
                  cairo_surface_t *b)
{
  int w = cairo_image_surface_get_width (a);
  int h = cairo_image_surface_get_height (a);
  int sa = cairo_image_surface_get_stride (a);
  int sb = cairo_image_surface_get_stride (b);
  const guint8 *da, *db;
  guint64 sum = 0;

  g_assert_cmpint (w, ==, cairo_image_surface_get_width (b));
  g_assert_cmpint (h, ==, cairo_image_surface_get_height (b));
  cairo_surface_flush (a);
  cairo_surface_flush (b);
  da = cairo_image_surface_get_data (a);
  db = cairo_image_surface_get_data (b);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      for (int c = 0; c < 3; c++)
        sum += ABS ((int) da[y * sa + x * 4 + c] - (int) db[y * sb + x * 4 + c]);
  return (double) sum / ((double) w * h * 3);
}

static cairo_surface_t *
render_page_image (GBytes *pdf,
                   double  scale)
{
  g_autoptr(PopplerDocument) doc = open_pdf (pdf);
  g_autoptr(PopplerPage) page = poppler_document_get_page (doc, 0);
  cairo_surface_t *surface;
  cairo_t *cr;
  double w, h;

  poppler_page_get_size (page, &w, &h);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) (w * scale), (int) (h * scale));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render_for_printing (page, cr);
  cairo_destroy (cr);
  return surface;
}

static void
test_reference_image (void)
{
  g_autoptr(CbzCompanyProfile) profile = sample_profile ();
  g_autoptr(CbzLetter) letter = sample_letter (0, 4, CBZ_LETTER_LEVEL_NOTICE, "es");
  g_autoptr(GBytes) pdf = render_pdf (profile, letter, NULL, NULL);
  g_autofree char *reference = cbz_test_get_fixture ("letters-level2-es.png");
  cairo_surface_t *actual = render_page_image (pdf, 1.0);
  cairo_surface_t *expected;
  double diff;

  if (g_getenv ("CBZ_UPDATE_REFERENCE") != NULL)
    g_assert_cmpint (cairo_surface_write_to_png (actual, reference), ==, CAIRO_STATUS_SUCCESS);

  expected = cairo_image_surface_create_from_png (reference);
  g_assert_cmpint (cairo_surface_status (expected), ==, CAIRO_STATUS_SUCCESS);
  diff = image_difference (actual, expected);
  g_test_message ("mean difference from %s: %.3f", reference, diff);
  /* Antialiasing differences between cairo/poppler builds stay far below
   * this; a moved block or a changed font does not. */
  g_assert_cmpfloat (diff, <, 1.5);

  cairo_surface_destroy (actual);
  cairo_surface_destroy (expected);
}

static void
test_combined_pdf (void)
{
  g_autoptr(CbzCompanyProfile) profile = sample_profile ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzLetterRenderer) renderer = cbz_letter_renderer_new (profile, &error);
  g_autofree char *path = cbz_test_build_tmp_path ("combined.pdf");
  g_autoptr(CbzLetterPdf) pdf = cbz_letter_pdf_new (path, "Cartas", profile->name);
  g_autoptr(PopplerDocument) doc = NULL;
  g_autofree char *uri = NULL;
  guint expected_pages = 0;

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(CbzLetter) letter = sample_letter (i, i == 2 ? 40 : 2, CBZ_LETTER_LEVEL_NOTICE, "es");
      g_autoptr(CbzLetterDocument) d = cbz_letter_renderer_layout (renderer, letter, NULL, &error);

      g_assert_no_error (error);
      expected_pages += cbz_letter_document_get_n_pages (d);
      cbz_letter_pdf_add (pdf, d);
    }
  g_assert_true (cbz_letter_pdf_finish (pdf, NULL, &error));
  g_assert_no_error (error);
  assert_qpdf_clean (path);

  uri = g_filename_to_uri (path, NULL, NULL);
  doc = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (doc), ==, expected_pages);
}

typedef struct
{
  GArray  *added;         /* the indexes, as added */
  guint    pages;
  guint    letter_pages[64];
  guint    broken;        /* this letter's template names an unknown variable */
} PipelineRun;

static const char *
pipeline_template (const CbzLetter *letter,
                   gpointer         data)
{
  PipelineRun *run = data;

  return letter->debtor_id == 1000 + run->broken ? "Asunto: Aviso\n\nSu saldo es {{saldo_desconocido}}." : NULL;
}

static void
pipeline_added (guint              index,
                CbzLetterDocument *doc,
                gpointer           data)
{
  PipelineRun *run = data;

  g_array_append_val (run->added, index);
  run->pages += cbz_letter_document_get_n_pages (doc);
  if (index < G_N_ELEMENTS (run->letter_pages))
    run->letter_pages[index] = cbz_letter_document_get_n_pages (doc);
}

/* Letters laid out on a second thread while this one writes: all of them,
 * in order, each page where it belongs; a letter that cannot be laid out
 * stops the batch with its name in the error; so does cancelling. */
static void
test_pipeline (void)
{
  g_autoptr(CbzCompanyProfile) profile = sample_profile ();
  g_autoptr(GPtrArray) letters = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_letter_free);
  g_autofree char *path = cbz_test_build_tmp_path ("pipeline.pdf");
  g_autoptr(CbzLetterPdf) pdf = cbz_letter_pdf_new (path, "Cartas", profile->name);
  g_autoptr(PopplerDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) added = g_array_new (FALSE, FALSE, sizeof (guint));
  PipelineRun run = { added, 0, { 0 }, G_MAXUINT };
  g_autofree char *uri = NULL;
  int page = 0;

  /* More letters than wait between the threads, one of several pages. */
  for (guint i = 0; i < 60; i++)
    g_ptr_array_add (letters, sample_letter (i, i == 17 ? 60 : 1 + i % 6, CBZ_LETTER_LEVEL_NOTICE, "es"));
  g_assert_true (cbz_letter_pdf_add_letters (pdf, profile, (CbzLetter * const *) letters->pdata, letters->len,
                                             pipeline_template, &run, pipeline_added, &run, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cbz_letter_pdf_finish (pdf, NULL, &error));
  g_assert_no_error (error);
  assert_qpdf_clean (path);

  g_assert_cmpuint (added->len, ==, 60);
  for (guint i = 0; i < added->len; i++)
    g_assert_cmpuint (g_array_index (added, guint, i), ==, i);
  uri = g_filename_to_uri (path, NULL, NULL);
  doc = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (doc), ==, (int) run.pages);
  g_assert_cmpuint (run.letter_pages[17], >=, 2);
  /* Each letter starts where the one before it ended. */
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *text = page_text (doc, page);
      g_autofree char *number = g_strdup_printf ("Cliente n.º %u", 1000 + i);

      g_assert_nonnull (strstr (text, number));
      page += run.letter_pages[i];
    }

  /* Letter 7 cannot be laid out: letters 0 to 6 are in, the error names 7. */
  {
    g_autoptr(CbzLetterPdf) broken = cbz_letter_pdf_new (NULL, "Cartas", profile->name);
    g_autoptr(GError) local_error = NULL;
    const CbzLetter *seventh = g_ptr_array_index (letters, 7);

    g_array_set_size (added, 0);
    run.broken = 7;
    g_assert_false (cbz_letter_pdf_add_letters (broken, profile, (CbzLetter * const *) letters->pdata,
                                                letters->len, pipeline_template, &run, pipeline_added, &run,
                                                NULL, &local_error));
    g_assert_error (local_error, CBZ_TEMPLATE_ERROR, CBZ_TEMPLATE_ERROR_UNKNOWN_VARIABLE);
    g_assert_true (g_str_has_prefix (local_error->message, seventh->name));
    g_assert_cmpuint (added->len, ==, 7);
  }

  /* Cancelled: nothing more is added. */
  {
    g_autoptr(CbzLetterPdf) cancelled = cbz_letter_pdf_new (NULL, "Cartas", profile->name);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) local_error = NULL;

    g_array_set_size (added, 0);
    run.broken = G_MAXUINT;
    g_cancellable_cancel (cancellable);
    g_assert_false (cbz_letter_pdf_add_letters (cancelled, profile, (CbzLetter * const *) letters->pdata,
                                                letters->len, pipeline_template, &run, pipeline_added, &run,
                                                cancellable, &local_error));
    g_assert_error (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpuint (added->len, ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/letters/pdf/text-and-totals", test_text_and_totals);
  g_test_add_func ("/letters/pdf/english", test_english);
  g_test_add_func ("/letters/pdf/qpdf-and-fonts", test_qpdf_and_fonts);
  g_test_add_func ("/letters/pdf/multi-page", test_multi_page);
  g_test_add_func ("/letters/pdf/qr-and-link", test_qr_and_link);
  g_test_add_func ("/letters/pdf/combined", test_combined_pdf);
  g_test_add_func ("/letters/pdf/pipeline", test_pipeline);
  g_test_add_func ("/letters/pdf/reference-image", test_reference_image);
  g_test_add_func ("/letters/template/unknown-variable", test_unknown_variable);
  g_test_add_func ("/letters/template/markers", test_custom_template_markers);
  g_test_add_func ("/letters/errors/no-company", test_no_company);
  g_test_add_func ("/letters/errors/bad-logo", test_bad_logo);
  g_test_add_func ("/letters/svg-logo", test_svg_logo);
  g_test_add_func ("/letters/late-fee", test_late_fee);

  return g_test_run ();
}
