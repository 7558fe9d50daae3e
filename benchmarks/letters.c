/* letters.c: how fast collection letters are produced, against HTML-to-PDF
 * tools doing the same letter.
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints, in one run:
 *   - 1,000 personalised letters into one PDF (laid out on a second thread
 *     while the first writes the PDF, as the batch does);
 *   - 1,000 letters as separate PDF files, on every core;
 *   - the same letter as HTML through wkhtmltopdf (one process per letter,
 *     as Odoo and ERPNext do) and through weasyprint (one Python process
 *     for all of them), 100 letters each, and our speed-up over each;
 *   - preview latency: letter data to a poppler image of page 1;
 *   - a portfolio of 5,000 different customers (names, amounts, invoice
 *     numbers, both languages, every level) through one renderer, which
 *     lets its cache of shaped words go several times over.
 *
 * Usage: letters [N_LETTERS [N_HTML [N_PORTFOLIO]]]
 */

#include "config.h"

#include <glib/gstdio.h>
#include <poppler.h>
#include <qrencode.h>
#include <string.h>

#include "cbz-core.h"
#include "cbz-letter-renderer-private.h"
#include "cbz-letter-text-private.h"
#include "../tests/letters/letters-sample.h"

typedef struct
{
  const CbzCompanyProfile *profile;
  const char              *dir;
  guint                    n;
  gint                     next;
} SeparateJob;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

static gpointer
separate_thread (gpointer data)
{
  SeparateJob *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzLetterRenderer) renderer = cbz_letter_renderer_new (job->profile, &error);

  g_assert_no_error (error);
  for (;;)
    {
      guint i = (guint) g_atomic_int_add (&job->next, 1);
      g_autoptr(CbzLetter) letter = NULL;
      g_autoptr(CbzLetterDocument) doc = NULL;
      g_autoptr(GBytes) pdf = NULL;
      g_autofree char *path = NULL;

      if (i >= job->n)
        break;
      letter = sample_letter (i, 1 + i % 6, CBZ_LETTER_LEVEL_NOTICE, "es");
      doc = cbz_letter_renderer_layout (renderer, letter, NULL, &error);
      g_assert_no_error (error);
      pdf = cbz_letter_document_to_pdf (doc, &error);
      g_assert_no_error (error);
      path = g_strdup_printf ("%s/letter-%04u.pdf", job->dir, i);
      /* As the batch writes them (cbz-letter-batch.c): no fsync per file. */
      g_file_set_contents_full (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf),
                                G_FILE_SET_CONTENTS_NONE, 0644, &error);
      g_assert_no_error (error);
    }
  return NULL;
}

#define RUNS 3

static double
run_combined (const CbzCompanyProfile *profile,
              const char              *path,
              guint                    n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzLetterPdf) pdf = cbz_letter_pdf_new (path, "Cartas", profile->name);
  g_autoptr(GPtrArray) letters = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_letter_free);
  double t0 = now ();

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (letters, sample_letter (i, 1 + i % 6, CBZ_LETTER_LEVEL_NOTICE, "es"));

  /* As the batch does it (cbz-letter-batch.c): laid out on a second thread
   * while this one writes the PDF. */
  cbz_letter_pdf_add_letters (pdf, profile, (CbzLetter * const *) letters->pdata, n,
                              NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  cbz_letter_pdf_finish (pdf, NULL, &error);
  g_assert_no_error (error);
  return now () - t0;
}

/* One PDF per letter, every core: one renderer per thread. */
static double
run_separate (const CbzCompanyProfile *profile,
              const char              *dir,
              guint                    n,
              guint                    n_threads)
{
  static guint run = 0;
  /* A fresh folder per run: new files, as a batch writes (replacing files
   * would add an fsync per file to keep the old ones safe). */
  g_autofree char *subdir = g_strdup_printf ("%s/run-%u", dir, ++run);
  SeparateJob job = { profile, subdir, n, 0 };
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  double t0;

  g_mkdir_with_parents (subdir, 0700);
  t0 = now ();

  for (guint t = 1; t < n_threads; t++)
    g_ptr_array_add (threads, g_thread_new ("bench", separate_thread, &job));
  separate_thread (&job);
  for (guint t = 0; t < threads->len; t++)
    g_thread_join (g_ptr_array_index (threads, t));
  return now () - t0;
}

static char *
html_escape (const char *s)
{
  return g_markup_escape_text (s != NULL ? s : "", -1);
}

static char *
qr_data_uri (const char *text)
{
  QRcode *qr = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  int scale = 6, size = (qr->width + 4) * scale;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, size, size);
  cairo_t *cr = cairo_create (surface);
  GByteArray *png = g_byte_array_new ();
  g_autofree char *b64 = NULL;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (int y = 0; y < qr->width; y++)
    for (int x = 0; x < qr->width; x++)
      if (qr->data[y * qr->width + x] & 1)
        cairo_rectangle (cr, (x + 2) * scale, (y + 2) * scale, scale, scale);
  cairo_fill (cr);
  cairo_destroy (cr);
  cairo_surface_write_to_png_stream (surface, sample_png_write_cb, png);
  cairo_surface_destroy (surface);
  QRcode_free (qr);
  b64 = g_base64_encode (png->data, png->len);
  g_byte_array_unref (png);
  return g_strdup_printf ("data:image/png;base64,%s", b64);
}

/* The same letter as an ERP would template it in HTML: letterhead with logo,
 * recipient, date, subject, paragraphs, invoice table, totals, payment box
 * with link and QR code, signature. */
static char *
letter_html (const CbzCompanyProfile *p,
             const CbzLetter         *l,
             const char              *logo_uri)
{
  GString *h = g_string_new (NULL);
  g_autofree char *name = html_escape (l->name);
  g_autofree char *contact = html_escape (l->contact_person);
  g_autofree char *company = html_escape (p->name);
  g_autofree char *total = cbz_letter_format_money (l, cbz_letter_get_overdue_total (l));
  g_autofree char *link = g_strdup_printf ("https://pay.example/%s",
                                           ((CbzLetterInvoice *) g_ptr_array_index (l->invoices, 0))->number);
  g_autofree char *qr = qr_data_uri (link);

  g_string_append_printf (h,
    "<!DOCTYPE html><html lang=\"es\"><head><meta charset=\"utf-8\"><style>"
    "@page { size: A4; margin: 18mm 20mm 20mm 25mm }"
    "body { font-family: 'Liberation Sans', sans-serif; font-size: 10pt; color: #1c1c21 }"
    ".head { display: flex; justify-content: space-between; border-bottom: 1px solid #22456f; padding-bottom: 4mm }"
    ".head h1 { color: #22456f; font-size: 15pt; margin: 0; text-align: right }"
    ".small { font-size: 8pt; color: #61666f; text-align: right }"
    "p { text-align: justify; hyphens: auto; line-height: 1.15 }"
    "table { width: 100%%; border-collapse: collapse } th { background: #ebeff5; font-size: 8pt; text-align: left; padding: 4px }"
    "td { padding: 3px 4px } td.n { text-align: right } tr:nth-child(even) td { background: #f7f8fa }"
    ".pay { background: #f3f5f8; border-left: 2px solid #22456f; padding: 3mm; overflow: hidden }"
    ".pay img.qr { float: right; width: 22mm }"
    "</style></head><body>"
    "<div class=\"head\"><img src=\"%s\" style=\"height: 20mm\"><div><h1>%s</h1>"
    "<div class=\"small\">Av. Constituyentes 1450, Col. El Pueblito<br>Tel. %s · %s<br>ID fiscal %s</div></div></div>"
    "<div style=\"margin-top: 12mm; display: flex; justify-content: space-between\">"
    "<div><b>%s</b><br>Atención: %s<br>Calle Río Lerma 212, int. 4<br>06500 Ciudad de México, CDMX<br>RFC: %s</div>"
    "<div>%s, 23 de noviembre de 2026</div></div>"
    "<p style=\"margin-top: 18mm\"><b>Aviso de saldo vencido — %s</b></p><p>Estimado(a) %s:</p>"
    "<p>Por medio de la presente, %s le informa que la cuenta de %s presenta un saldo vencido de %s, "
    "correspondiente a las facturas que se detallan a continuación.</p>"
    "<table><tr><th>Factura</th><th>Emisión</th><th>Vencimiento</th><th>Días de atraso</th><th>Saldo</th></tr>",
    logo_uri, company, p->phone, p->email, p->tax_id, name, contact, l->tax_id, p->city, total, contact,
    company, name, total);

  for (guint i = 0; i < l->invoices->len; i++)
    {
      const CbzLetterInvoice *inv = g_ptr_array_index (l->invoices, i);
      g_autofree char *issue = cbz_letter_format_date_short (l, inv->issue_date);
      g_autofree char *due = cbz_letter_format_date_short (l, inv->due_date);
      g_autofree char *bal = cbz_letter_format_money (l, inv->balance);

      g_string_append_printf (h, "<tr><td>%s</td><td>%s</td><td>%s</td><td class=\"n\">%d</td><td class=\"n\">%s</td></tr>",
                              inv->number, issue, due, inv->days_overdue, bal);
    }

  g_string_append_printf (h,
    "<tr><td colspan=\"4\" class=\"n\"><b>Saldo vencido</b></td><td class=\"n\"><b>%s</b></td></tr></table>"
    "<p>A la fecha no hemos recibido el pago ni respuesta a nuestro recordatorio anterior. Le solicitamos cubrir "
    "el saldo a más tardar el 3 de diciembre de 2026 por alguno de los siguientes medios:</p>"
    "<div class=\"pay\"><img class=\"qr\" src=\"%s\"><b>Formas de pago</b><br>Banco: %s<br>CLABE: %s<br>"
    "Referencia: <b>%s</b><br>Pago en línea: <a href=\"%s\">%s</a></div>"
    "<p>Si ya realizó el pago, le pedimos enviarnos el comprobante para aplicarlo.</p>"
    "<p>Atentamente,</p><p style=\"margin-top: 12mm\"><b>%s</b><br>%s</p></body></html>",
    total, qr, p->bank, p->account, l->tax_id, link, link, p->signer_name, p->signer_title);

  return g_string_free (h, FALSE);
}

static double
run_wkhtmltopdf (const char *dir,
                 guint       n)
{
  double t0 = now ();

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *html = g_strdup_printf ("%s/letter-%04u.html", dir, i);
      g_autofree char *pdf = g_strdup_printf ("%s/wk-%04u.pdf", dir, i);
      const char *argv[] = { "wkhtmltopdf", "--quiet", "--enable-local-file-access", "-s", "A4", html, pdf, NULL };
      g_autoptr(GError) error = NULL;
      int status = 0;

      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                         G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error) ||
          !g_file_test (pdf, G_FILE_TEST_EXISTS))
        {
          g_printerr ("wkhtmltopdf failed: %s\n", error != NULL ? error->message : "no output");
          return -1;
        }
    }
  return now () - t0;
}

static double
run_weasyprint (const char *dir,
                guint       n)
{
  g_autofree char *script = g_strdup_printf (
    "import weasyprint\n"
    "for i in range(%u):\n"
    "    weasyprint.HTML(filename='%s/letter-%%04d.html' %% i).write_pdf('%s/wp-%%04d.pdf' %% i)\n",
    n, dir, dir);
  /* The interpreter weasyprint was installed for (a PATH python may lack it). */
  const char *python = g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE) ? "/usr/bin/python3" : "python3";
  const char *argv[] = { python, "-c", script, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;
  double t0 = now ();

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, NULL))
    {
      g_printerr ("weasyprint failed: %s\n", error != NULL ? error->message : "exit status");
      return -1;
    }
  return now () - t0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Letter data to pixels of page 1, as the preview does it: lay out, write
 * the PDF, open it with poppler, render page 1 at 1.5× (an A4 page at 108 dpi). */
static double
preview_latency (const CbzCompanyProfile *profile)
{
  double times[21];

  for (guint run = 0; run < G_N_ELEMENTS (times); run++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CbzLetter) letter = sample_letter (run, 5, CBZ_LETTER_LEVEL_NOTICE, "es");
      double t0 = now ();
      g_autoptr(CbzLetterRenderer) renderer = cbz_letter_renderer_new (profile, &error);
      g_autoptr(CbzLetterDocument) doc = cbz_letter_renderer_layout (renderer, letter, NULL, &error);
      g_autoptr(GBytes) pdf = cbz_letter_document_to_pdf (doc, &error);
      PopplerDocument *pd = poppler_document_new_from_bytes (pdf, NULL, &error);
      PopplerPage *page = poppler_document_get_page (pd, 0);
      double w, h;
      cairo_surface_t *surface;
      cairo_t *cr;

      poppler_page_get_size (page, &w, &h);
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) (w * 1.5), (int) (h * 1.5));
      cr = cairo_create (surface);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cairo_scale (cr, 1.5, 1.5);
      poppler_page_render (page, cr);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      times[run] = (now () - t0) * 1000.0;
      cairo_surface_destroy (surface);
      g_object_unref (page);
      g_object_unref (pd);
    }
  qsort (times, G_N_ELEMENTS (times), sizeof (double), compare_doubles);
  return times[G_N_ELEMENTS (times) / 2];
}

/* Customer @i of a varied portfolio: its own name, contact, tax ID,
 * invoices and amounts; one in five writes in English. */
static CbzLetter *
portfolio_letter (guint i)
{
  static const char *trades[] = { "Comercializadora", "Ferretería", "Distribuidora", "Abarrotes", "Papelería",
                                  "Construcciones", "Autopartes", "Farmacia", "Refaccionaria", "Transportes" };
  static const char *families[] = { "Núñez", "Peña", "Ávila", "Muñoz", "Ibáñez", "Ruiz", "Ortega", "Quiroz",
                                    "Salinas", "Treviño", "Galván", "Cárdenas", "Zúñiga", "Villaseñor", "Echeverría",
                                    "Montaño", "Saldívar", "Ledesma", "Barragán", "Olguín" };
  static const char *places[] = { "del Bajío", "de Occidente", "del Norte", "Hermanos", "y Asociados",
                                  "de Querétaro", "de la Laguna", "del Golfo" };
  CbzLetter *letter = sample_letter (i, 1 + i % 8, 1 + i % 3, i % 5 == 0 ? "en" : "es");
  guint f = (i / G_N_ELEMENTS (trades)) % G_N_ELEMENTS (families);

  g_free (letter->name);
  letter->name = g_strdup_printf ("%s %s %s %u", trades[i % G_N_ELEMENTS (trades)], families[f],
                                  places[(i / 7) % G_N_ELEMENTS (places)], i);
  g_free (letter->contact_person);
  letter->contact_person = g_strdup_printf ("%s %s", families[(f + 3) % G_N_ELEMENTS (families)],
                                            families[(i * 7) % G_N_ELEMENTS (families)]);
  return letter;
}

/* Letters for a whole portfolio through one renderer: how fast, and how
 * many times its shaper let the words go. */
static void
run_portfolio (const CbzCompanyProfile *profile,
               const char              *dir,
               guint                    n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzLetterRenderer) renderer = cbz_letter_renderer_new (profile, &error);
  g_autofree char *path = g_build_filename (dir, "portfolio.pdf", NULL);
  g_autoptr(CbzLetterPdf) pdf = cbz_letter_pdf_new (path, "Cartas", profile->name);
  guint pages = 0;
  double t0 = now (), t;

  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CbzLetter) letter = portfolio_letter (i);
      g_autoptr(CbzLetterDocument) doc = cbz_letter_renderer_layout (renderer, letter, NULL, &error);

      g_assert_no_error (error);
      pages += cbz_letter_document_get_n_pages (doc);
      cbz_letter_pdf_add (pdf, doc);
    }
  cbz_letter_pdf_finish (pdf, NULL, &error);
  g_assert_no_error (error);
  t = now () - t0;
  printf ("portfolio of %u customers, one thread: %.3f s -> %.0f letters/s, %u pages, "
          "word cache emptied %u times\n",
          n, t, n / t, pages, _cbz_text_shaper_get_n_evictions (renderer->shaper));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CbzCompanyProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *combined = NULL;
  g_autofree char *logo_uri = NULL;
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 1000;
  guint n_html = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 100;
  guint n_portfolio = argc > 3 ? (guint) g_ascii_strtoull (argv[3], NULL, 10) : 5000;
  guint n_threads = g_get_num_processors ();
  double t_combined, t_separate, t_wk = -1, t_wp = -1, ms;
  g_autofree char *loadavg = NULL;
  double ours_combined, ours_separate;

  cbz_core_init ();
  profile = sample_profile ();
  dir = g_dir_make_tmp ("cobranza-bench-XXXXXX", &error);
  g_assert_no_error (error);

  /* Warm up fontconfig and the font caches once, as a running app has. */
  {
    g_autoptr(CbzLetterRenderer) r = cbz_letter_renderer_new (profile, NULL);
    g_autoptr(CbzLetter) l = sample_letter (0, 3, CBZ_LETTER_LEVEL_NOTICE, "es");
    g_autoptr(CbzLetterDocument) d = cbz_letter_renderer_layout (r, l, NULL, NULL);
    g_autoptr(GBytes) b = cbz_letter_document_to_pdf (d, NULL);
  }

  printf ("Collection letters, %u letters with 1-6 overdue invoices each, level 2, Spanish, A4\n", n);
  g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL);
  printf ("(%u processors; load average before the run: %.14s)\n\n", n_threads,
          loadavg != NULL ? g_strstrip (loadavg) : "unknown");

  /* The machine may be shared: each throughput is the best of RUNS runs
   * (all of them printed), the usual way to read a noisy clock. */
  combined = g_build_filename (dir, "combined.pdf", NULL);
  t_combined = G_MAXDOUBLE;
  printf ("one combined PDF       ");
  for (guint run = 0; run < RUNS; run++)
    {
      double t = run_combined (profile, combined, n);

      printf (" %.3f s", t);
      t_combined = MIN (t_combined, t);
    }
  ours_combined = n / t_combined;
  printf ("  -> %.0f letters/s  (target >= 600)\n", ours_combined);

  t_separate = G_MAXDOUBLE;
  printf ("separate PDF files     ");
  for (guint run = 0; run < RUNS; run++)
    {
      double t = run_separate (profile, dir, n, n_threads);

      printf (" %.3f s", t);
      t_separate = MIN (t_separate, t);
    }
  ours_separate = n / t_separate;
  printf ("  -> %.0f letters/s  (target >= 500, %u threads)\n", ours_separate, n_threads);

  /* 3. The same letters as HTML. */
  {
    g_autofree char *logo_b64 = g_base64_encode (g_bytes_get_data (profile->logo_png, NULL),
                                                 g_bytes_get_size (profile->logo_png));
    logo_uri = g_strdup_printf ("data:image/png;base64,%s", logo_b64);
  }
  for (guint i = 0; i < n_html; i++)
    {
      g_autoptr(CbzLetter) letter = sample_letter (i, 1 + i % 6, CBZ_LETTER_LEVEL_NOTICE, "es");
      g_autofree char *html = letter_html (profile, letter, logo_uri);
      g_autofree char *path = g_strdup_printf ("%s/letter-%04u.html", dir, i);

      g_file_set_contents (path, html, -1, &error);
      g_assert_no_error (error);
    }

  if (n_html > 0)
    t_wk = run_wkhtmltopdf (dir, n_html);
  if (t_wk > 0)
    printf ("wkhtmltopdf (%u, 1 process each) %6.2f s  %7.1f letters/s  -> ours %.0fx (combined), %.0fx (separate)\n",
            n_html, t_wk, n_html / t_wk, ours_combined / (n_html / t_wk), ours_separate / (n_html / t_wk));
  else
    printf ("wkhtmltopdf: %s\n", n_html > 0 ? "not measured (see the error above)" : "skipped");

  if (n_html > 0)
    t_wp = run_weasyprint (dir, n_html);
  if (t_wp > 0)
    printf ("weasyprint  (%u, 1 process)      %6.2f s  %7.1f letters/s  -> ours %.0fx (combined), %.0fx (separate)\n",
            n_html, t_wp, n_html / t_wp, ours_combined / (n_html / t_wp), ours_separate / (n_html / t_wp));
  else
    printf ("weasyprint: %s\n", n_html > 0 ? "not measured (see the error above)" : "skipped");

  /* 4. Preview. */
  ms = preview_latency (profile);
  printf ("\npreview: letter data -> poppler image of page 1, median of 21: %.1f ms  (target < 150)\n", ms);

  /* 5. A portfolio that empties the word cache. */
  if (n_portfolio > 0)
    run_portfolio (profile, dir, n_portfolio);

  remove_tree (dir);
  return 0;
}
