/* cbz-letter-table.c: the invoices a letter is about, and their totals
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cbz-letter-renderer-private.h"

static const double column_share[5] = { 0.23, 0.17, 0.17, 0.17, 0.26 };

static char *
format_rate (gint64 bp)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%02d %%", bp / 100, (int) (bp % 100));
}

/* One row of the invoice table's five cells, centred in its height,
 * amounts and days on the right, cut short with "…" when too long. */
static void
add_cells (CbzLetterDocument  *doc,
           const char * const *cells,
           double              y,
           double              h,
           gboolean            header)
{
  double x = doc->table_x;

  for (guint c = 0; c < 5; c++)
    {
      double w = doc->table_w * column_share[c] - 4.0 * MM;
      TextStyle style = STYLE (header ? CBZ_LETTER_FONT_SMALL_BOLD : CBZ_LETTER_FONT_BODY, w,
                               c >= 3 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
      CbzTextBlock *cell;

      style.ellipsize = PANGO_ELLIPSIZE_END;
      cell = _cbz_letter_shared_block (doc, &style, cells[c]);
      _cbz_letter_add_text (doc, cell, x + 2.0 * MM, y + (h - text_height (cell)) / 2.0, header ? _cbz_letter_accent : _cbz_letter_ink);
      x += doc->table_w * column_share[c];
    }
}

static void
add_table_header (CbzLetterDocument *doc)
{
  _cbz_letter_add_item (doc, ITEM_TABLE_HEADER, doc->table_x, doc->y, doc->table_w, doc->spacing->header_height);
  add_cells (doc, doc->words->columns, doc->y, doc->spacing->header_height, TRUE);
  doc->y += doc->spacing->header_height;
}

void
_cbz_letter_layout_invoices (CbzLetterDocument *doc)
{
  CbzLetterRenderer *r = doc->renderer;
  const CbzCompanyProfile *p = r->profile;
  const CbzLetter *l = doc->letter;
  const CbzLetterWords *w = doc->words;
  guint n = l->invoices->len;
  gint64 total = 0, fees = 0;
  double label_w = doc->table_w * (1.0 - column_share[4]) - 2.0 * MM;
  double amount_x = doc->table_x + doc->table_w * (1.0 - column_share[4]);
  double amount_w = doc->table_w * column_share[4] - 2.0 * MM;
  double totals_h;
  CbzTextBlock *labels[3] = { NULL, };
  CbzTextBlock *amounts[3] = { NULL, };
  guint n_totals = 0;

  /* Start the table where its header and a few rows fit together. */
  _cbz_letter_ensure_space (doc, doc->spacing->header_height + MIN (n, 3) * doc->spacing->row_height);
  add_table_header (doc);

  for (guint i = 0; i < n; i++)
    {
      const CbzLetterInvoice *inv = g_ptr_array_index (l->invoices, i);

      total += inv->balance;
      fees += cbz_letter_compute_late_fee (p, inv->balance, inv->days_overdue);

      g_ptr_array_add (doc->cells, g_strdup (inv->number));
      g_ptr_array_add (doc->cells, cbz_letter_format_date_short (l, inv->issue_date));
      g_ptr_array_add (doc->cells, cbz_letter_format_date_short (l, inv->due_date));
      g_ptr_array_add (doc->cells, g_strdup_printf ("%d", inv->days_overdue));
      g_ptr_array_add (doc->cells, cbz_letter_format_money (l, inv->balance));

      if (doc->y + doc->spacing->row_height > bottom_limit (doc))
        {
          CbzTextBlock *more = _cbz_letter_shared_text (doc, CBZ_LETTER_FONT_SMALL, w->continued, doc->table_w, PANGO_ALIGN_RIGHT);

          _cbz_letter_add_text (doc, more, doc->table_x, doc->y + 1.0 * MM, _cbz_letter_muted);
          _cbz_letter_new_page (doc);
          add_table_header (doc);
        }
      _cbz_letter_add_item (doc, ITEM_TABLE_ROW, doc->table_x, doc->y, doc->table_w, doc->spacing->row_height)->row = i;
      add_cells (doc, (const char * const *) &g_ptr_array_index (doc->cells, i * 5), doc->y, doc->spacing->row_height, FALSE);
      doc->y += doc->spacing->row_height;
    }

  /* Totals, kept together; with late fees, the terms are stated in full. */
  {
    g_autofree char *amount = cbz_letter_format_money (l, total);

    labels[n_totals] = _cbz_letter_shared_text (doc, CBZ_LETTER_FONT_BODY_BOLD, w->total_overdue, label_w,
                                                PANGO_ALIGN_RIGHT);
    amounts[n_totals++] = _cbz_letter_own_text (doc, CBZ_LETTER_FONT_BODY_BOLD, amount, amount_w, PANGO_ALIGN_RIGHT);
  }
  if (p->late_fee_kind == CBZ_LATE_FEE_SIMPLE_INTEREST && p->late_fee_rate_bp > 0)
    {
      g_autofree char *rate = format_rate (p->late_fee_rate_bp);
      const char *period = p->late_fee_period == CBZ_LATE_FEE_PERIOD_ANNUAL ? w->period_year : w->period_month;
      g_autofree char *terms = w->english
        ? g_strdup_printf ("Late interest: %s %s, simple, on each invoice’s balance for its days overdue", rate, period)
        : g_strdup_printf ("Interés moratorio: %s %s simple sobre el saldo de cada factura por sus días de atraso", rate, period);
      g_autofree char *fee = cbz_letter_format_money (l, fees);
      g_autofree char *sum = cbz_letter_format_money (l, total + fees);

      labels[n_totals] = _cbz_letter_shared_text (doc, CBZ_LETTER_FONT_SMALL, terms, label_w, PANGO_ALIGN_RIGHT);
      amounts[n_totals++] = _cbz_letter_own_text (doc, CBZ_LETTER_FONT_BODY, fee, amount_w, PANGO_ALIGN_RIGHT);
      labels[n_totals] = _cbz_letter_shared_text (doc, CBZ_LETTER_FONT_BODY_BOLD, w->total_due, label_w,
                                                  PANGO_ALIGN_RIGHT);
      amounts[n_totals++] = _cbz_letter_own_text (doc, CBZ_LETTER_FONT_BODY_BOLD, sum, amount_w, PANGO_ALIGN_RIGHT);
    }

  totals_h = 2.0 * MM;
  for (guint i = 0; i < n_totals; i++)
    totals_h += MAX (text_height (labels[i]), text_height (amounts[i])) + doc->spacing->total_gap;
  _cbz_letter_ensure_space (doc, totals_h);

  _cbz_letter_add_item (doc, ITEM_RULE, doc->table_x, doc->y, doc->table_w, 0.8)->color = _cbz_letter_ink;
  doc->y += 1.4 * MM;
  for (guint i = 0; i < n_totals; i++)
    {
      double h = MAX (text_height (labels[i]), text_height (amounts[i]));

      _cbz_letter_add_text (doc, labels[i], doc->table_x, doc->y,
                            i == 1 && n_totals == 3 ? _cbz_letter_muted : _cbz_letter_ink);
      _cbz_letter_add_text (doc, amounts[i], amount_x, doc->y, _cbz_letter_ink);
      doc->y += h + doc->spacing->total_gap;
    }
  doc->y += doc->spacing->para_gap;
}
