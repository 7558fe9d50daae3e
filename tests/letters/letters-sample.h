/* letters-sample.h: deterministic sample letters for tests and benchmarks.
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "cbz-company-profile.h"
#include "cbz-letter.h"

static cairo_status_t
sample_png_write_cb (void                *closure,
                     const unsigned char *data,
                     unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A small drawn logo (a blue square with a white "D"), as PNG bytes. */
static inline GBytes *
sample_logo_png (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 240, 96);
  cairo_t *cr = cairo_create (surface);
  GByteArray *buffer = g_byte_array_new ();

  cairo_set_source_rgb (cr, 0.13, 0.27, 0.45);
  cairo_rectangle (cr, 0, 0, 96, 96);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 12);
  cairo_move_to (cr, 30, 20);
  cairo_line_to (cr, 30, 76);
  cairo_curve_to (cr, 80, 76, 80, 20, 30, 20);
  cairo_stroke (cr);
  cairo_set_source_rgb (cr, 0.85, 0.55, 0.15);
  cairo_rectangle (cr, 110, 40, 120, 16);
  cairo_fill (cr);
  cairo_destroy (cr);
  cairo_surface_write_to_png_stream (surface, sample_png_write_cb, buffer);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (buffer);
}

static inline CbzCompanyProfile *
sample_profile (void)
{
  CbzCompanyProfile *p = cbz_company_profile_new ();

  p->name = g_strdup ("Distribuidora del Bajío, S.A. de C.V.");
  p->tax_id = g_strdup ("DBA980312KX4");
  p->address = g_strdup ("Av. Constituyentes 1450, Col. El Pueblito\n76904 Corregidora, Qro.");
  p->city = g_strdup ("Querétaro");
  p->phone = g_strdup ("+52 442 215 3300");
  p->email = g_strdup ("cobranza@bajio.example");
  p->website = g_strdup ("bajio.example");
  p->logo_png = sample_logo_png ();
  p->signer_name = g_strdup ("Laura Gómez Ibarra");
  p->signer_title = g_strdup ("Gerente de Crédito y Cobranza");
  p->bank = g_strdup ("BBVA México");
  p->account_holder = g_strdup ("Distribuidora del Bajío, S.A. de C.V.");
  p->account_label = g_strdup ("CLABE");
  p->account = g_strdup ("012180001234567897");
  p->reference_pattern = g_strdup ("{{id_fiscal}}");
  p->payment_link_pattern = g_strdup ("https://pay.example/{{factura}}");
  p->paper = CBZ_PAPER_A4;
  p->late_fee_kind = CBZ_LATE_FEE_SIMPLE_INTEREST;
  p->late_fee_rate_bp = 150;
  p->late_fee_period = CBZ_LATE_FEE_PERIOD_MONTHLY;
  return p;
}

/* Customer @index with @n_invoices overdue invoices, dated 2026-11-23. */
static inline CbzLetter *
sample_letter (guint          index,
               guint          n_invoices,
               CbzLetterLevel level,
               const char    *language)
{
  static const char *names[] = {
    "Comercializadora Núñez y Peña, S.A. de C.V.", "Ferretería El Güero", "Panadería Doña Óliva",
    "Construcciones Ávila Muñoz", "Papelería La Pérgola", "Autopartes Ibáñez",
  };
  static const char *contacts[] = {
    "María José Peña Íñiguez", "Jesús Ramírez", NULL, "Sofía Ávila", "Andrés Núñez", "Begoña Ruíz",
  };
  CbzLetter *l = cbz_letter_new ();

  l->debtor_id = 1000 + index;
  l->name = g_strdup (names[index % G_N_ELEMENTS (names)]);
  l->contact_person = g_strdup (contacts[index % G_N_ELEMENTS (contacts)]);
  l->tax_id = g_strdup_printf ("CNP%06u%s", 120305 + index, "AB1");
  l->tax_id_kind = g_strdup ("RFC");
  l->address = g_strdup ("Calle Río Lerma 212, int. 4\nCol. Cuauhtémoc");
  l->city = g_strdup ("Ciudad de México");
  l->region = g_strdup ("CDMX");
  l->postal_code = g_strdup ("06500");
  l->country = g_strdup ("MX");
  g_free (l->language);
  l->language = g_strdup (language);
  l->level = level;
  l->date = cbz_date_init (2026, 11, 23);

  for (guint i = 0; i < n_invoices; i++)
    {
      g_autofree char *number = g_strdup_printf ("F-%05u", 20000 + index * 50 + i);
      CbzDate due = cbz_date_add_days (l->date, -(gint32) (15 + i * 9));
      CbzDate issue = cbz_date_add_days (due, -30);

      cbz_letter_add_invoice (l, number, issue, due, 125000 + (gint64) i * 37150 + index * 11);
    }
  return l;
}
