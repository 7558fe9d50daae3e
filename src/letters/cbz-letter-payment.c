/* cbz-letter-payment.c: how to pay: bank details, the payment link and its QR code
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <qrencode.h>
#include <string.h>

#include "cbz-letter-renderer-private.h"

/*
 * The QR code is a customer's shortcut to paying, read off a screen (the
 * emailed PDF, shown at 96 dpi or so) as often as off paper. Each module is
 * at least 0.8 mm, three pixels of a page shown at 96 dpi, with the quiet
 * zone of four modules the standard asks for; the code grows with the link
 * (a longer link needs more modules) and never shrinks below 24 mm.
 */
#define QR_MODULE_MIN (0.8 * MM)
#define QR_SIZE_MIN   (24.0 * MM)

/* The modules of the code for @text, without the quiet zone: a byte per
 * module, 1 for dark, row by row. Encoded while laying out, so that drawing
 * is only drawing. */
static GBytes *
qr_modules (const char *text,
            int        *n_modules)
{
  QRcode *qr = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  guint8 *modules;
  int n;

  if (qr == NULL)
    return NULL;
  n = qr->width;
  modules = g_malloc ((gsize) n * n);
  for (int i = 0; i < n * n; i++)
    modules[i] = qr->data[i] & 1;
  QRcode_free (qr);
  *n_modules = n;
  return g_bytes_new_take (modules, (gsize) n * n);
}

/* How to reach the company, "+52 442 215 3300 · cobranza@empresa.mx", or NULL. */
static char *
contact_line (const CbzCompanyProfile *p)
{
  g_autofree char *contact = _cbz_letter_join_nonempty ("  ·  ", p->phone, p->email, (const char *) -1);

  return *contact != '\0' ? g_steal_pointer (&contact) : NULL;
}

/* When the profile says nothing of how to pay: ask the customer to get in
 * touch, with the phone and email when there are any. */
static char *
contact_to_pay (CbzLetterDocument *doc)
{
  const CbzLetterWords *w = doc->words;
  g_autofree char *contact = contact_line (doc->renderer->profile);

  if (contact == NULL)
    return g_strdup (w->contact_to_pay);
  return w->english
    ? g_strdup_printf ("To arrange payment, please contact us: %s", contact)
    : g_strdup_printf ("Para acordar la forma de pago, comuníquese con nosotros: %s", contact);
}

typedef struct
{
  const char *key;
  const char *value;
  gboolean    bold;
} PayRow;

void
_cbz_letter_layout_payment (CbzLetterDocument  *doc,
                            CbzTemplateContext *context)
{
  CbzLetterRenderer *r = doc->renderer;
  const CbzCompanyProfile *p = r->profile;
  const CbzLetterWords *w = doc->words;
  const char *reference = cbz_template_context_get (context, CBZ_TEMPLATE_VAR_PAYMENT_REFERENCE);
  const char *link = doc->payment_link;
  g_autoptr(GBytes) modules = NULL;
  int n_modules = 0;
  double qr_size = 0;
  double box_w = content_width (doc);
  double text_x = MARGIN_LEFT + doc->spacing->box_pad;
  double text_w, key_w = 30.0 * MM;
  double y, h, box_y, text_h;
  PayRow rows[4];
  guint n_rows = 0;
  CbzTextBlock *title, *link_label = NULL, *link_block = NULL, *caption = NULL, *fallback = NULL;
  CbzTextBlock *keys[G_N_ELEMENTS (rows)], *values[G_N_ELEMENTS (rows)];

  if (link != NULL)
    modules = qr_modules (link, &n_modules);
  if (modules != NULL)
    qr_size = MAX (QR_SIZE_MIN, (n_modules + 2 * QR_QUIET) * QR_MODULE_MIN);
  text_w = box_w - 2 * doc->spacing->box_pad - (modules != NULL ? qr_size + 4.0 * MM : 0);

#define ROW(k, v, b) G_STMT_START { \
    if ((v) != NULL && *(v) != '\0') \
      rows[n_rows++] = (PayRow) { (k), (v), (b) }; \
  } G_STMT_END
  ROW (w->bank, p->bank, FALSE);
  ROW (w->holder, p->account_holder, FALSE);
  ROW (p->account_label != NULL ? p->account_label : w->account, p->account, FALSE);
  ROW (w->reference, reference, TRUE);
#undef ROW

  /* Measure first, so the whole box moves to the next page if needed. */
  title = _cbz_letter_shared_text (doc, CBZ_LETTER_FONT_BODY_BOLD, w->how_to_pay, text_w, PANGO_ALIGN_LEFT);
  text_h = text_height (title) + 1.2 * MM;

  /* A reference alone says nothing of where to pay. */
  if ((n_rows == 0 || (n_rows == 1 && rows[0].key == w->reference)) && link == NULL)
    {
      g_autofree char *text = contact_to_pay (doc);

      fallback = _cbz_letter_own_text (doc, CBZ_LETTER_FONT_BODY, text, text_w, PANGO_ALIGN_LEFT);
      text_h += text_height (fallback) + 1.0 * MM;
    }
  for (guint i = 0; i < n_rows; i++)
    {
      keys[i] = _cbz_letter_shared_text (doc, CBZ_LETTER_FONT_BODY, rows[i].key, key_w, PANGO_ALIGN_LEFT);
      values[i] = _cbz_letter_shared_text (doc, rows[i].bold ? CBZ_LETTER_FONT_BODY_BOLD : CBZ_LETTER_FONT_BODY,
                                           rows[i].value, text_w - key_w, PANGO_ALIGN_LEFT);
      text_h += MAX (text_height (keys[i]), text_height (values[i])) + doc->spacing->box_row_gap;
    }
  if (link != NULL)
    {
      TextStyle style = STYLE (CBZ_LETTER_FONT_BODY, text_w - key_w, PANGO_ALIGN_LEFT);
      g_autofree char *label = g_strdup_printf ("%s:", w->pay_online);

      style.wrap = PANGO_WRAP_CHAR;
      link_block = _cbz_letter_text_block (doc, &style, link);
      link_label = _cbz_letter_shared_text (doc, CBZ_LETTER_FONT_BODY, label, key_w, PANGO_ALIGN_LEFT);
      text_h += text_height (link_block) + doc->spacing->box_row_gap;
    }
  if (modules != NULL)
    caption = _cbz_letter_shared_text (doc, CBZ_LETTER_FONT_TINY, w->scan, qr_size + 4.0 * MM, PANGO_ALIGN_CENTER);

  h = text_h + 2 * doc->spacing->box_pad;
  if (modules != NULL)
    h = MAX (h, 1.0 * MM + qr_size + 0.3 * MM + text_height (caption) + 1.5 * MM);
  _cbz_letter_ensure_space (doc, h);
  box_y = doc->y;
  _cbz_letter_add_item (doc, ITEM_BOX, MARGIN_LEFT, box_y, box_w, h);

  y = box_y + doc->spacing->box_pad;
  _cbz_letter_add_text (doc, title, text_x, y, _cbz_letter_accent);
  y += text_height (title) + 1.2 * MM;
  if (fallback != NULL)
    {
      _cbz_letter_add_text (doc, fallback, text_x, y, _cbz_letter_ink);
      y += text_height (fallback) + 1.0 * MM;
    }
  for (guint i = 0; i < n_rows; i++)
    {
      double row_h = MAX (text_height (keys[i]), text_height (values[i]));

      _cbz_letter_add_text (doc, keys[i], text_x, y, _cbz_letter_muted);
      _cbz_letter_add_text (doc, values[i], text_x + key_w, y, _cbz_letter_ink);
      y += row_h + doc->spacing->box_row_gap;
    }
  if (link_block != NULL)
    {
      Item *item;

      _cbz_letter_add_text (doc, link_label, text_x, y, _cbz_letter_muted);
      item = _cbz_letter_add_text (doc, link_block, text_x + key_w, y, _cbz_letter_link_blue);
      item->kind = ITEM_LINK_TEXT;
      item->uri = g_strdup (link);
    }

  if (modules != NULL)
    {
      /* The code's white square (with its quiet zone) fills the box's
       * padding on the right, level with the title. */
      double qx = MARGIN_LEFT + box_w - qr_size - 1.0 * MM;
      double qy = box_y + 1.0 * MM;
      Item *item = _cbz_letter_add_item (doc, ITEM_QR, qx, qy, qr_size, qr_size);

      item->uri = g_strdup (link);
      item->modules = g_steal_pointer (&modules);
      item->n_modules = n_modules;
      _cbz_letter_add_text (doc, caption, qx - 2.0 * MM, qy + qr_size + 0.3 * MM, _cbz_letter_muted);
    }

  doc->y = box_y + h + doc->spacing->para_gap;
}
