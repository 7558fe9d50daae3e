/* test-letter-layout.c: how letters sit on the page: up to eight invoices
 * on one page with the recipient in the envelope's window, a thin company
 * profile that leaves no sentence hanging, a QR code that reads on screen.
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CBZ_TEST_KEEP_PDF=dir keeps every PDF made, to look at.
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

#define MM (72.0 / 25.4)

static GBytes *
render_pdf (const CbzCompanyProfile *profile,
            const CbzLetter         *letter,
            const char              *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzLetterRenderer) renderer = cbz_letter_renderer_new (profile, &error);
  g_autoptr(CbzLetterDocument) doc = NULL;
  GBytes *pdf;
  const char *keep = g_getenv ("CBZ_TEST_KEEP_PDF");

  g_assert_no_error (error);
  doc = cbz_letter_renderer_layout (renderer, letter, NULL, &error);
  g_assert_no_error (error);
  pdf = cbz_letter_document_to_pdf (doc, &error);
  g_assert_no_error (error);
  if (keep != NULL)
    {
      g_autofree char *path = g_build_filename (keep, name, NULL);

      g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), NULL));
    }
  return pdf;
}

static PopplerDocument *
open_pdf (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *doc = poppler_document_new_from_bytes (bytes, NULL, &error);

  g_assert_no_error (error);
  return doc;
}

/* All the text, lines joined with spaces, as a reader would copy it. */
static char *
all_text (PopplerDocument *doc)
{
  GString *out = g_string_new (NULL);

  for (int i = 0; i < poppler_document_get_n_pages (doc); i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (doc, i);
      g_autofree char *text = poppler_page_get_text (page);

      g_string_append (out, text);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* The text with line breaks as spaces and hyphenated words whole again. */
static char *
flowing_text (const char *text)
{
  GString *out = g_string_new (text);

  g_string_replace (out, "-\n", "", 0);
  g_string_replace (out, "\n", " ", 0);
  while (g_string_replace (out, "  ", " ", 0) > 0)
    ;
  return g_string_free (out, FALSE);
}

/* Where @text is on @page, in points from the top left corner. */
static gboolean
find_text (PopplerPage      *page,
           const char       *text,
           PopplerRectangle *where)
{
  GList *found = poppler_page_find_text (page, text);
  double width, height;

  if (found == NULL)
    return FALSE;
  poppler_page_get_size (page, &width, &height);
  *where = *(PopplerRectangle *) found->data;
  /* poppler counts from the bottom. */
  where->y1 = height - ((PopplerRectangle *) found->data)->y2;
  where->y2 = height - ((PopplerRectangle *) found->data)->y1;
  g_list_free_full (found, (GDestroyNotify) poppler_rectangle_free);
  return TRUE;
}

static const char *
paper_name (CbzPaperSize paper)
{
  return paper == CBZ_PAPER_LETTER ? "letter" : "a4";
}

/*
 * Six and eight invoices, every level, both languages, A4 and US Letter:
 * one page, with the closing and the signature, and the customer's name and
 * address inside the envelope's window (DIN 5008 form B for a DL envelope
 * on A4: 20-100 mm from the left, 45-90 mm from the top; a #10 envelope's
 * window on US Letter: 7/8 in from the left, 1 7/8 to 3 1/4 in from the top).
 */
static void
test_one_page (void)
{
  const guint invoice_counts[] = { 6, 8 };
  const CbzPaperSize papers[] = { CBZ_PAPER_A4, CBZ_PAPER_LETTER };
  const char *languages[] = { "es", "en" };

  for (guint p = 0; p < G_N_ELEMENTS (papers); p++)
    for (guint n = 0; n < G_N_ELEMENTS (invoice_counts); n++)
      for (guint lang = 0; lang < G_N_ELEMENTS (languages); lang++)
        for (CbzLetterLevel level = CBZ_LETTER_LEVEL_REMINDER; level <= CBZ_LETTER_LEVEL_FINAL; level++)
          {
            g_autoptr(CbzCompanyProfile) profile = sample_profile ();
            g_autoptr(CbzLetter) letter = sample_letter (level, invoice_counts[n], level, languages[lang]);
            g_autofree char *name = g_strdup_printf ("one-page-%s-%u-%s-%d.pdf", paper_name (papers[p]),
                                                     invoice_counts[n], languages[lang], level);
            g_autoptr(GBytes) pdf = NULL;
            g_autoptr(PopplerDocument) doc = NULL;
            g_autoptr(PopplerPage) page = NULL;
            g_autofree char *text = NULL;
            PopplerRectangle where;
            const CbzLetterInvoice *last;

            profile->paper = papers[p];
            pdf = render_pdf (profile, letter, name);
            doc = open_pdf (pdf);
            g_test_message ("%s: %d pages", name, poppler_document_get_n_pages (doc));
            g_assert_cmpint (poppler_document_get_n_pages (doc), ==, 1);

            page = poppler_document_get_page (doc, 0);
            text = poppler_page_get_text (page);
            last = g_ptr_array_index (letter->invoices, letter->invoices->len - 1);
            g_assert_nonnull (strstr (text, last->number));
            g_assert_nonnull (strstr (text, profile->signer_name));
            g_assert_nonnull (strstr (text, profile->signer_title));

            g_assert_true (find_text (page, letter->name, &where));
            if (papers[p] == CBZ_PAPER_A4)
              {
                g_assert_cmpfloat (where.x1, >=, 20.0 * MM);
                g_assert_cmpfloat (where.y1, >=, 45.0 * MM);
              }
            else
              {
                g_assert_cmpfloat (where.x1, >=, 0.875 * 72);
                g_assert_cmpfloat (where.y1, >=, 1.875 * 72);
              }
            g_assert_true (find_text (page, "Ciudad de México, CDMX", &where) ||
                           find_text (page, "06500 Ciudad de México", &where));
            if (papers[p] == CBZ_PAPER_A4)
              {
                g_assert_cmpfloat (where.x2, <=, 100.0 * MM);
                g_assert_cmpfloat (where.y2, <=, 90.0 * MM);
              }
            else
              {
                g_assert_cmpfloat (where.x2, <=, (0.875 + 4.5) * 72);
                g_assert_cmpfloat (where.y2, <=, 3.25 * 72);
              }
          }
}

/* A profile with the company's name and, perhaps, a phone and an email. */
static CbzCompanyProfile *
thin_profile (const char *phone,
              const char *email)
{
  CbzCompanyProfile *profile = cbz_company_profile_new ();

  profile->name = g_strdup ("Ferretera del Centro");
  profile->phone = g_strdup (phone);
  profile->email = g_strdup (email);
  return profile;
}

/* Every level in both languages, as the customer reads it. */
static char *
read_letter (const CbzCompanyProfile *profile,
             CbzLetter               *letter,
             const char              *name)
{
  g_autoptr(GBytes) pdf = render_pdf (profile, letter, name);
  g_autoptr(PopplerDocument) doc = open_pdf (pdf);
  g_autofree char *text = all_text (doc);

  return flowing_text (text);
}

static void
assert_no_dangling (const char *text)
{
  /* What a sentence with a hole in it leaves behind. */
  g_assert_null (strstr (text, " ."));
  g_assert_null (strstr (text, " ,"));
  g_assert_null (strstr (text, " :"));
  g_assert_null (strstr (text, ": ."));
  g_assert_null (strstr (text, "al o "));
  g_assert_null (strstr (text, "at or "));
  g_assert_null (strstr (text, "{{"));
}

/*
 * With only the company's name, nothing says "call us at" or "write to",
 * and the payment box asks the customer to get in touch instead of
 * listing nothing after a colon. With a phone or an email only, the
 * sentence changes to what there is. No GLib warning on the way (they are
 * fatal here).
 */
static void
test_thin_profile (void)
{
  const char *languages[] = { "es", "en" };

  for (guint lang = 0; lang < G_N_ELEMENTS (languages); lang++)
    for (CbzLetterLevel level = CBZ_LETTER_LEVEL_REMINDER; level <= CBZ_LETTER_LEVEL_FINAL; level++)
      {
        gboolean en = lang == 1;
        g_autoptr(CbzCompanyProfile) bare = thin_profile (NULL, NULL);
        g_autoptr(CbzCompanyProfile) phone = thin_profile ("+52 55 1234 5678", NULL);
        g_autoptr(CbzCompanyProfile) email = thin_profile (NULL, "pagos@ferretera.example");
        g_autoptr(CbzLetter) letter = sample_letter (level, 2, level, languages[lang]);
        g_autofree char *name = g_strdup_printf ("thin-%s-%d.pdf", languages[lang], level);
        g_autofree char *text = read_letter (bare, letter, name);

        g_test_message ("%s", text);
        assert_no_dangling (text);
        g_assert_nonnull (strstr (text, "Ferretera del Centro"));
        g_assert_null (strstr (text, en ? "call us" : "llamarnos"));
        g_assert_null (strstr (text, en ? "write to" : "escribirnos"));
        g_assert_nonnull (strstr (text, en ? "To arrange payment, please contact us." :
                                             "Para acordar la forma de pago, comuníquese con nosotros."));

        g_clear_pointer (&text, g_free);
        text = read_letter (phone, letter, "thin-phone.pdf");
        assert_no_dangling (text);
        g_assert_nonnull (strstr (text, en ? "You can call us at +52 55 1234 5678." :
                                             "Puede llamarnos al +52 55 1234 5678."));
        g_assert_null (strstr (text, en ? "write to" : "escribirnos"));
        g_assert_nonnull (strstr (text, en ? "please contact us: +52 55 1234 5678" :
                                             "comuníquese con nosotros: +52 55 1234 5678"));

        g_clear_pointer (&text, g_free);
        text = read_letter (email, letter, "thin-email.pdf");
        assert_no_dangling (text);
        g_assert_nonnull (strstr (text, en ? "You can write to us at pagos@ferretera.example." :
                                             "Puede escribirnos a pagos@ferretera.example."));
        g_assert_null (strstr (text, en ? "call us" : "llamarnos"));

        /* A customer without a tax ID: no reference to quote. */
        g_clear_pointer (&letter->tax_id, g_free);
        g_clear_pointer (&text, g_free);
        text = read_letter (bare, letter, "thin-no-reference.pdf");
        assert_no_dangling (text);
        g_assert_null (strstr (text, en ? "quoting the reference" : "indicando la referencia"));
        g_assert_null (strstr (text, en ? "Reference" : "Referencia"));
      }
}

/* Runs @argv; its standard output. */
static char *
run (const char * const *argv,
     gboolean           *ok)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  *ok = g_spawn_check_wait_status (status, NULL);
  return out;
}

/*
 * Page 1 as a screen or a scanner sees it, from 96 to 600 dpi: zbarimg
 * reads the payment link off the QR code at every resolution, for a short
 * link and a long one (more modules).
 */
static void
test_qr_resolutions (void)
{
  const char *patterns[] = {
    "https://pay.example/{{factura}}",
    "https://pagos.distribuidora-del-bajio.example/cobranza/pagar?factura={{factura}}&cliente={{id_fiscal}}",
  };
  const int dpis[] = { 96, 110, 150, 200, 300, 600 };

  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    {
      g_autoptr(CbzCompanyProfile) profile = sample_profile ();
      g_autoptr(CbzLetter) letter = sample_letter (4, 3, CBZ_LETTER_LEVEL_NOTICE, "es");
      g_autoptr(GError) error = NULL;
      g_autoptr(CbzLetterRenderer) renderer = NULL;
      g_autoptr(CbzLetterDocument) doc = NULL;
      g_autoptr(GBytes) pdf = NULL;
      g_autofree char *name = g_strdup_printf ("qr-%u.pdf", i);
      g_autofree char *path = cbz_test_build_tmp_path (name);
      const char *link;

      g_free (profile->payment_link_pattern);
      profile->payment_link_pattern = g_strdup (patterns[i]);
      renderer = cbz_letter_renderer_new (profile, &error);
      g_assert_no_error (error);
      doc = cbz_letter_renderer_layout (renderer, letter, NULL, &error);
      g_assert_no_error (error);
      link = cbz_letter_document_get_payment_link (doc);
      g_assert_nonnull (link);
      pdf = cbz_letter_document_to_pdf (doc, &error);
      g_assert_no_error (error);
      g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), NULL));

      for (guint d = 0; d < G_N_ELEMENTS (dpis); d++)
        {
          g_autofree char *dpi = g_strdup_printf ("%d", dpis[d]);
          g_autofree char *prefix = g_strdup_printf ("%s-%d", path, dpis[d]);
          g_autofree char *png = g_strdup_printf ("%s-1.png", prefix);
          const char *render[] = { "pdftoppm", "-r", dpi, "-f", "1", "-l", "1", "-png", path, prefix, NULL };
          const char *decode[] = { "zbarimg", "--quiet", "--raw", png, NULL };
          g_autofree char *rendered = NULL;
          g_autofree char *decoded = NULL;
          gboolean ok = FALSE;

          rendered = run (render, &ok);
          g_assert_true (ok);
          decoded = run (decode, &ok);
          g_strstrip (decoded);
          g_test_message ("%d dpi: %s", dpis[d], decoded);
          g_assert_true (ok);
          g_assert_cmpstr (decoded, ==, link);
          g_unlink (png);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);

  g_test_add_func ("/letters/layout/one-page", test_one_page);
  g_test_add_func ("/letters/layout/thin-profile", test_thin_profile);
  g_test_add_func ("/letters/layout/qr-resolutions", test_qr_resolutions);

  return g_test_run ();
}
