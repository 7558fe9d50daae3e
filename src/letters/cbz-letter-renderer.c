/* cbz-letter-renderer.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <string.h>

#include "cbz-letter-image.h"
#include "cbz-letter-renderer.h"
#include "cbz-letter-text.h"

#define MM (72.0 / 25.4)

/* Page geometry in points. The recipient block sits where the window of a
 * DL/C5 envelope is (DIN 5008 form B: 45-90 mm from the top, 20 mm from the
 * left) on A4, and where a #10 window is for a letter folded in three on US
 * Letter; the text inside starts 5 mm in from the window's edge. */
#define MARGIN_LEFT     (25.0 * MM)
#define MARGIN_RIGHT    (20.0 * MM)
#define LETTERHEAD_TOP  (13.0 * MM)
#define CONTINUED_TOP   (30.0 * MM)
#define BOTTOM_LIMIT    (18.0 * MM)
#define WINDOW_WIDTH    (80.0 * MM)
#define QR_SIZE         (22.0 * MM)
#define LOGO_WIDTH      (48.0 * MM)
#define LOGO_HEIGHT     (20.0 * MM)
#define SIGNATURE_WIDTH (50.0 * MM)
#define SIGNATURE_HEIGHT (18.0 * MM)
#define ROW_HEIGHT      (5.0 * MM)
#define HEADER_HEIGHT   (6.5 * MM)
#define PARA_GAP        (3.0 * MM)
#define BOX_PAD         (3.5 * MM)

#define FONT_FAMILY "Liberation Sans, DejaVu Sans, sans-serif"

static const double ink[3] = { 0.11, 0.11, 0.13 };
static const double muted[3] = { 0.38, 0.40, 0.44 };
static const double accent[3] = { 0.13, 0.27, 0.45 };
static const double link_blue[3] = { 0.05, 0.30, 0.65 };

/* Words a letter prints besides its template, in the letter's language (not
 * the user's: a Spanish-speaking bookkeeper sends English letters too). */
typedef struct
{
  const char *attention;
  const char *tax_id;          /* default label of a tax ID */
  const char *columns[5];
  const char *total_overdue;
  const char *period_month;
  const char *period_year;
  const char *total_due;
  const char *how_to_pay;
  const char *bank;
  const char *holder;
  const char *account;
  const char *reference;
  const char *pay_online;
  const char *scan;
  const char *contact_to_pay;
  const char *continued;
  const char *phone;
} Words;

static const Words words_es = {
  "Atención:", "ID fiscal",
  { "Factura", "Emisión", "Vencimiento", "Días de atraso", "Saldo" },
  "Saldo vencido",
  "mensual", "anual", "Total a pagar",
  "Formas de pago", "Banco", "Beneficiario", "Cuenta", "Referencia", "Pago en línea",
  "Escanee el código para pagar en línea",
  "Para acordar la forma de pago, comuníquese con nosotros:",
  "(continúa en la página siguiente)", "Tel.",
};

static const Words words_en = {
  "Attn:", "Tax ID",
  { "Invoice", "Issued", "Due", "Days overdue", "Balance" },
  "Overdue balance",
  "per month", "per year", "Total due",
  "How to pay", "Bank", "Account holder", "Account", "Reference", "Pay online",
  "Scan the code to pay online",
  "To arrange payment, please contact us:",
  "(continued on the next page)", "Phone",
};

static const double column_share[5] = { 0.23, 0.17, 0.17, 0.17, 0.26 };

typedef enum
{
  ITEM_TEXT,
  ITEM_LINK_TEXT,
  ITEM_TABLE_HEADER,
  ITEM_TABLE_ROW,
  ITEM_RULE,
  ITEM_BOX,
  ITEM_QR,
  ITEM_IMAGE,
} ItemKind;

typedef struct
{
  ItemKind         kind;
  guint            page;
  double           x, y, w, h;
  CbzTextBlock    *block;
  const double    *color;
  char            *uri;
  guint            row;
  cairo_surface_t *image;
  gboolean         owns_image;
} Item;

struct _CbzLetterRenderer
{
  CbzCompanyProfile    *profile;
  PangoContext         *context;
  PangoFontDescription *body;
  PangoFontDescription *body_bold;
  PangoFontDescription *small;
  PangoFontDescription *small_bold;
  PangoFontDescription *tiny;
  PangoFontDescription *heading;
  GHashTable           *shared;      /* key → CbzTextBlock: text that recurs across letters */
  CbzTextShaper        *shaper;      /* the paragraphs' words */
  cairo_surface_t      *logo;
  cairo_surface_t      *signature;
};

struct _CbzLetterDocument
{
  CbzLetterRenderer *renderer;
  CbzLetter         *letter;
  const Words       *words;
  double             width, height;
  guint              n_pages;
  GArray            *items;          /* of Item */
  GPtrArray         *cells;          /* 5 strings per invoice row */
  char              *title;
  char              *subject;
  char              *payment_link;
  char              *running_head;   /* continuation pages: "Customer · date" */
  CbzTextBlock      *footer;
  /* Drawn on every page but the first, and only known once the pages are
   * counted: laid out at the end, so that drawing needs nothing of the
   * renderer (another thread may be laying out the next letter). */
  CbzTextBlock      *head_left;
  CbzTextBlock      *head_right;
  GPtrArray         *page_numbers;   /* of CbzTextBlock, one per page, or NULL */
  double             table_x, table_w;

  /* layout state */
  guint              page;
  double             y;
};

struct _CbzLetterPdf
{
  char            *path;
  GByteArray      *buffer;
  cairo_surface_t *surface;
  cairo_t         *cr;
  guint            n_pages;
  double           width, height;
  char            *title;
  char            *author;
  char            *subject;
};

static cairo_surface_t *qr_image (const char *text);

static void
item_clear (gpointer data)
{
  Item *item = data;

  g_clear_pointer (&item->block, cbz_text_block_unref);
  g_clear_pointer (&item->uri, g_free);
  if (item->owns_image)
    g_clear_pointer (&item->image, cairo_surface_destroy);
}

static void
set_color (cairo_t      *cr,
           const double *rgb)
{
  cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
}

static cairo_surface_t *
decode_image (GBytes      *bytes,
              gboolean     is_logo,
              double       box_width,
              double       box_height,
              GError     **error)
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

static PangoLayout *
make_layout (CbzLetterDocument          *doc,
             const PangoFontDescription *desc,
             const char                 *text,
             double                      width,
             PangoAlignment              align)
{
  PangoLayout *layout = pango_layout_new (doc->renderer->context);

  pango_layout_set_font_description (layout, desc);
  if (width > 0)
    pango_layout_set_width (layout, pango_units_from_double (width));
  pango_layout_set_alignment (layout, align);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

/* How a piece of text is set. */
typedef struct
{
  const PangoFontDescription *font;
  double                      width;      /* <= 0: as wide as it is */
  PangoAlignment              align;
  double                      spacing;    /* line spacing factor; 0: the font's */
  PangoWrapMode               wrap;
  PangoEllipsizeMode          ellipsize;  /* then one line */
} TextStyle;

#define STYLE(font, width, align) \
  ((TextStyle) { (font), (width), (align), 0.0, PANGO_WRAP_WORD, PANGO_ELLIPSIZE_NONE })

static CbzTextBlock *
block_from_layout (CbzLetterDocument *doc,
                   PangoLayout       *layout)
{
  CbzTextBlock *block = cbz_text_shaper_block_from_layout (doc->renderer->shaper, layout);

  g_object_unref (layout);
  return block;
}

/* Set word by word when the shaper can (cbz-letter-text.h), by PangoLayout
 * when not: character wrapping, text that needs ellipsizing, line feeds. */
static CbzTextBlock *
text_block (CbzLetterDocument *doc,
            const TextStyle   *style,
            const char        *text)
{
  CbzTextBlock *block = NULL;
  PangoLayout *layout;

  if (style->width > 0 && style->wrap != PANGO_WRAP_CHAR)
    block = cbz_text_shaper_layout_paragraph (doc->renderer->shaper, style->font, NULL, text, style->width,
                                              style->spacing, style->align, FALSE);
  if (block != NULL && style->ellipsize != PANGO_ELLIPSIZE_NONE && cbz_text_block_get_n_lines (block) > 1)
    g_clear_pointer (&block, cbz_text_block_unref);
  if (block != NULL)
    return block;

  layout = make_layout (doc, style->font, text, style->width, style->align);
  if (style->spacing > 0)
    pango_layout_set_line_spacing (layout, (float) style->spacing);
  pango_layout_set_wrap (layout, style->wrap);
  pango_layout_set_ellipsize (layout, style->ellipsize);
  return block_from_layout (doc, layout);
}

/*
 * Text that recurs from letter to letter (the letterhead, labels, table
 * cells, the bank details) is set once per renderer and shared by every
 * document it lays out. The cache is bounded; items keep their own
 * references.
 */
static CbzTextBlock *
shared_block (CbzLetterDocument *doc,
              const TextStyle   *style,
              const char        *text)
{
  CbzLetterRenderer *r = doc->renderer;
  g_autofree char *key = g_strdup_printf ("%p|%d|%d|%g|%d|%d|%s", (gpointer) style->font,
                                          (int) (style->width * 100), style->align, style->spacing,
                                          style->wrap, style->ellipsize, text);
  CbzTextBlock *block = g_hash_table_lookup (r->shared, key);

  if (block == NULL)
    {
      if (g_hash_table_size (r->shared) >= 4096)
        g_hash_table_remove_all (r->shared);
      block = text_block (doc, style, text);
      g_hash_table_insert (r->shared, g_steal_pointer (&key), block);
    }
  return cbz_text_block_ref (block);
}

static CbzTextBlock *
shared_text (CbzLetterDocument          *doc,
             const PangoFontDescription *font,
             const char                 *text,
             double                      width,
             PangoAlignment              align)
{
  TextStyle style = STYLE (font, width, align);

  return shared_block (doc, &style, text);
}

static CbzTextBlock *
letter_text (CbzLetterDocument          *doc,
             const PangoFontDescription *font,
             const char                 *text,
             double                      width,
             PangoAlignment              align)
{
  TextStyle style = STYLE (font, width, align);

  return text_block (doc, &style, text);
}

static double
text_height (const CbzTextBlock *block)
{
  return cbz_text_block_get_height (block);
}

static double
text_width (const CbzTextBlock *block)
{
  return cbz_text_block_get_width (block);
}

static Item *
add_item (CbzLetterDocument *doc,
          ItemKind           kind,
          double             x,
          double             y,
          double             w,
          double             h)
{
  Item item = { kind, doc->page, x, y, w, h, NULL, ink, NULL, 0, NULL, FALSE };

  g_array_append_val (doc->items, item);
  return &g_array_index (doc->items, Item, doc->items->len - 1);
}

/* Takes the reference to @block. */
static Item *
add_text (CbzLetterDocument *doc,
          CbzTextBlock      *block,
          double             x,
          double             y,
          const double      *color)
{
  Item *item = add_item (doc, ITEM_TEXT, x, y, text_width (block), text_height (block));

  item->block = block;
  item->color = color;
  return item;
}

static double
content_width (CbzLetterDocument *doc)
{
  return doc->width - MARGIN_LEFT - MARGIN_RIGHT;
}

static double
bottom_limit (CbzLetterDocument *doc)
{
  return doc->height - BOTTOM_LIMIT;
}

static void
new_page (CbzLetterDocument *doc)
{
  doc->page++;
  doc->y = CONTINUED_TOP;
}

/* Moves to a new page when @height does not fit, unless the page is still
 * empty (then nothing would fit anywhere better). */
static void
ensure_space (CbzLetterDocument *doc,
              double             height)
{
  if (doc->y + height > bottom_limit (doc) && doc->y > CONTINUED_TOP + 1.0)
    new_page (doc);
}

static char *
join_nonempty (const char *separator,
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

static char *
one_line (const char *text)
{
  g_auto(GStrv) parts = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");
  parts = g_strsplit (text, "\n", -1);
  out = g_string_new (NULL);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *p = g_strstrip (parts[i]);

      if (*p == '\0')
        continue;
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, p);
    }
  return g_string_free (out, FALSE);
}

static char *
format_rate (gint64 bp)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%02d %%", bp / 100, (int) (bp % 100));
}

/* Page 1: letterhead, return address, recipient block, place and date. */
static void
layout_first_page (CbzLetterDocument *doc,
                   double            *body_top)
{
  CbzLetterRenderer *r = doc->renderer;
  const CbzCompanyProfile *p = r->profile;
  const CbzLetter *l = doc->letter;
  const Words *w = doc->words;
  double cw = content_width (doc);
  double right = doc->width - MARGIN_RIGHT;
  double recipient_y = l != NULL && p->paper == CBZ_PAPER_LETTER ? 2.0 * 72.0 : 50.0 * MM;
  double y, name_w;
  g_autofree char *address = one_line (p->address);
  g_autofree char *contact = NULL;
  g_autofree char *tax = NULL;
  g_autofree char *details = NULL;
  g_autofree char *return_line = NULL;
  g_autofree char *dateline = NULL;
  g_autofree char *date = NULL;
  g_autofree char *recipient = NULL;
  g_autofree char *locality = NULL;
  g_autofree char *debtor_tax = NULL;
  CbzTextBlock *block;
  gboolean has_logo = r->logo != NULL;
  PangoAlignment head_align = has_logo ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;

  /* Letterhead: logo on the left and the company on the right, or the
   * company alone on the left. */
  if (has_logo)
    {
      double iw = cairo_image_surface_get_width (r->logo);
      double ih = cairo_image_surface_get_height (r->logo);
      double scale = MIN (LOGO_WIDTH / iw, LOGO_HEIGHT / ih);
      Item *item = add_item (doc, ITEM_IMAGE, MARGIN_LEFT, LETTERHEAD_TOP, iw * scale, ih * scale);

      item->image = r->logo;
    }

  name_w = has_logo ? cw - 52.0 * MM : cw;
  block = shared_text (doc, r->heading, p->name != NULL ? p->name : "", name_w, head_align);
  add_text (doc, block, has_logo ? right - name_w : MARGIN_LEFT, LETTERHEAD_TOP - 1.0, accent);
  y = LETTERHEAD_TOP - 1.0 + text_height (block) + 0.8 * MM;

  if (p->tax_id != NULL)
    tax = g_strdup_printf ("%s %s", w->tax_id, p->tax_id);
  if (p->phone != NULL)
    contact = g_strdup_printf ("%s %s", w->phone, p->phone);
  {
    g_autofree char *line2 = join_nonempty ("  ·  ", contact, p->email, p->website, (const char *) -1);
    details = join_nonempty ("\n", address, line2, tax, (const char *) -1);
  }
  {
    TextStyle style = STYLE (r->small, name_w, head_align);

    style.spacing = 1.15;
    block = shared_block (doc, &style, details);
  }
  add_text (doc, block, has_logo ? right - name_w : MARGIN_LEFT, y, muted);
  y += text_height (block);

  y = MAX (y, has_logo ? LETTERHEAD_TOP + LOGO_HEIGHT : y) + 2.5 * MM;
  add_item (doc, ITEM_RULE, MARGIN_LEFT, y, cw, 0.9)->color = accent;

  /* Return address, the small line above the recipient in the window:
   * the company and the last line of its address (postcode and town). */
  {
    const char *last = p->address != NULL ? strrchr (p->address, '\n') : NULL;
    g_autofree char *town = g_strstrip (g_strdup (last != NULL ? last + 1 : p->address));

    return_line = join_nonempty (" · ", p->name, town, (const char *) -1);
  }
  {
    TextStyle style = STYLE (r->tiny, WINDOW_WIDTH, PANGO_ALIGN_LEFT);

    style.ellipsize = PANGO_ELLIPSIZE_END;
    block = shared_block (doc, &style, return_line);
  }
  add_text (doc, block, MARGIN_LEFT, recipient_y - 5.0 * MM, muted);
  add_item (doc, ITEM_RULE, MARGIN_LEFT, recipient_y - 5.0 * MM + text_height (block) + 0.3 * MM,
            MIN (text_width (block), WINDOW_WIDTH), 0.3)->color = muted;

  /* Recipient. */
  if (l->contact_person != NULL && *l->contact_person != '\0')
    contact = (g_free (contact), g_strdup_printf ("%s %s", w->attention, l->contact_person));
  else
    g_clear_pointer (&contact, g_free);
  {
    g_autofree char *pc_city = join_nonempty (" ", l->postal_code, l->city, (const char *) -1);
    locality = join_nonempty (", ", pc_city, l->region, (const char *) -1);
  }
  if (l->tax_id != NULL && *l->tax_id != '\0')
    debtor_tax = g_strdup_printf ("%s: %s", l->tax_id_kind != NULL ? l->tax_id_kind : w->tax_id, l->tax_id);
  recipient = join_nonempty ("\n", contact, l->address, locality, debtor_tax, (const char *) -1);

  {
    TextStyle style = STYLE (r->body_bold, WINDOW_WIDTH, PANGO_ALIGN_LEFT);

    style.wrap = PANGO_WRAP_WORD_CHAR;
    block = text_block (doc, &style, l->name != NULL ? l->name : "");
  }
  add_text (doc, block, MARGIN_LEFT, recipient_y, ink);
  y = recipient_y + text_height (block);
  {
    TextStyle style = STYLE (r->body, WINDOW_WIDTH, PANGO_ALIGN_LEFT);

    style.spacing = 1.1;
    block = text_block (doc, &style, recipient);
  }
  add_text (doc, block, MARGIN_LEFT, y, ink);
  y += text_height (block);

  /* Place and date, on the right, level with the recipient's name. */
  date = cbz_letter_format_date_long (l, l->date);
  dateline = p->city != NULL ? g_strdup_printf ("%s, %s", p->city, date) : g_strdup (date);
  block = shared_text (doc, r->body, dateline, cw - WINDOW_WIDTH - 5.0 * MM, PANGO_ALIGN_RIGHT);
  add_text (doc, block, right - (cw - WINDOW_WIDTH - 5.0 * MM), recipient_y, ink);

  *body_top = MAX (y, recipient_y + 40.0 * MM) + 4.0 * MM;
}

/* Spanish syllable breaks, for hyphenating justified paragraphs: Pango 1.50
 * hyphenates at soft hyphens but has no dictionary of its own. Breaks only
 * before a consonant (or an inseparable pair like "br", "ch") that starts a
 * syllable, never inside a vowel group; keeps two letters before and three
 * after any break; leaves alone anything that is not a plain lowercase word
 * (numbers, e-mail addresses, links, names). */
static gboolean
is_vowel (gunichar c)
{
  return g_utf8_strchr ("aeiouáéíóúü", -1, g_unichar_tolower (c)) != NULL;
}

static gboolean
inseparable (gunichar a,
             gunichar b)
{
  if ((b == 'l' || b == 'r') && (a == 'b' || a == 'c' || a == 'f' || a == 'g' ||
                                 a == 'k' || a == 'p' || a == 't' || (a == 'd' && b == 'r')))
    return TRUE;
  return (a == 'c' && b == 'h') || (a == 'l' && b == 'l') || (a == 'r' && b == 'r');
}

static void
append_hyphenated (GString        *out,
                   const gunichar *w,
                   guint           n)
{
  gboolean breaks[64] = { FALSE, };
  guint last = 0;

  if (n >= 6 && n < G_N_ELEMENTS (breaks))
    {
      for (guint i = 1; i < n; i++)
        {
          guint c = 0, start;

          if (!is_vowel (w[i]) || is_vowel (w[i - 1]))
            continue;
          while (c < i && !is_vowel (w[i - 1 - c]))
            c++;
          if (c == i) /* no vowel before: the word's first syllable */
            continue;
          start = (c >= 2 && inseparable (w[i - 2], w[i - 1])) ? i - 2 : i - 1;
          if (start >= 2 && n - start >= 3 && start - last >= 2)
            {
              breaks[start] = TRUE;
              last = start;
            }
        }
    }

  for (guint i = 0; i < n; i++)
    {
      if (breaks[i])
        g_string_append (out, "\u00ad");
      g_string_append_unichar (out, w[i]);
    }
}

static char *
hyphenate_spanish (const char *text)
{
  GString *out = g_string_sized_new (strlen (text) + 64);
  gunichar word[64];
  guint n = 0;
  gboolean plain = TRUE;
  const char *p = text;

  for (;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && g_unichar_isalpha (c))
        {
          if (n < G_N_ELEMENTS (word))
            word[n++] = c;
          else
            plain = FALSE;
          if (!g_unichar_islower (c))
            plain = FALSE;
          continue;
        }

      /* a word ends; it is plain unless glued to digits, '@', '/', '.' + letter */
      if (n > 0)
        {
          if (plain && c != '@' && c != '/' && !g_unichar_isdigit (c) &&
              !(c == '.' && g_unichar_isalpha (g_utf8_get_char (g_utf8_next_char (p)))))
            append_hyphenated (out, word, n);
          else
            for (guint i = 0; i < n; i++)
              g_string_append_unichar (out, word[i]);
          n = 0;
        }
      if (c == 0)
        break;
      plain = !(c == '@' || c == '/' || c == '.' || c == ':' || g_unichar_isdigit (c));
      if (c == ' ' || c == '\n' || c == '(' || c == '"' || c == 0x201C || c == 0xAB)
        plain = TRUE;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

#define PARA_LINE_SPACING 1.15

static void
layout_paragraph (CbzLetterDocument *doc,
                  const char        *text)
{
  const char *language = cbz_letter_get_language (doc->letter);
  g_autofree char *hyphenated = g_str_equal (language, "es") ? hyphenate_spanish (text) : NULL;
  CbzTextBlock *block;
  double h;

  /* Justified, hyphenated at the soft hyphens, word by word. */
  block = cbz_text_shaper_layout_paragraph (doc->renderer->shaper, doc->renderer->body,
                                            pango_language_from_string (language),
                                            hyphenated != NULL ? hyphenated : text,
                                            content_width (doc), PARA_LINE_SPACING, PANGO_ALIGN_LEFT, TRUE);
  if (block == NULL)
    {
      /* What the shaper leaves to Pango (see cbz-letter-text.h), with the
       * language set so it breaks and hyphenates (at soft hyphens) by the
       * letter's rules. */
      PangoLayout *layout = make_layout (doc, doc->renderer->body, hyphenated != NULL ? hyphenated : text,
                                         content_width (doc), PANGO_ALIGN_LEFT);
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_language_new (pango_language_from_string (language)));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
      pango_layout_set_justify (layout, TRUE);
      pango_layout_set_line_spacing (layout, PARA_LINE_SPACING);
      block = block_from_layout (doc, layout);
    }

  h = text_height (block);
  ensure_space (doc, h);
  add_text (doc, block, MARGIN_LEFT, doc->y, ink);
  doc->y += h + PARA_GAP;
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
  CbzLetterRenderer *r = doc->renderer;
  double x = doc->table_x;

  for (guint c = 0; c < 5; c++)
    {
      double w = doc->table_w * column_share[c] - 4.0 * MM;
      TextStyle style = STYLE (header ? r->small_bold : r->body, w, c >= 3 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
      CbzTextBlock *cell;

      style.ellipsize = PANGO_ELLIPSIZE_END;
      cell = shared_block (doc, &style, cells[c]);
      add_text (doc, cell, x + 2.0 * MM, y + (h - text_height (cell)) / 2.0, header ? accent : ink);
      x += doc->table_w * column_share[c];
    }
}

static void
add_table_header (CbzLetterDocument *doc)
{
  add_item (doc, ITEM_TABLE_HEADER, doc->table_x, doc->y, doc->table_w, HEADER_HEIGHT);
  add_cells (doc, doc->words->columns, doc->y, HEADER_HEIGHT, TRUE);
  doc->y += HEADER_HEIGHT;
}

static void
layout_invoices (CbzLetterDocument *doc)
{
  CbzLetterRenderer *r = doc->renderer;
  const CbzCompanyProfile *p = r->profile;
  const CbzLetter *l = doc->letter;
  const Words *w = doc->words;
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
  ensure_space (doc, HEADER_HEIGHT + MIN (n, 3) * ROW_HEIGHT);
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

      if (doc->y + ROW_HEIGHT > bottom_limit (doc))
        {
          CbzTextBlock *more = shared_text (doc, r->small, w->continued, doc->table_w, PANGO_ALIGN_RIGHT);

          add_text (doc, more, doc->table_x, doc->y + 1.0 * MM, muted);
          new_page (doc);
          add_table_header (doc);
        }
      add_item (doc, ITEM_TABLE_ROW, doc->table_x, doc->y, doc->table_w, ROW_HEIGHT)->row = i;
      add_cells (doc, (const char * const *) &g_ptr_array_index (doc->cells, i * 5), doc->y, ROW_HEIGHT, FALSE);
      doc->y += ROW_HEIGHT;
    }

  /* Totals, kept together; with late fees, the terms are stated in full. */
  {
    g_autofree char *amount = cbz_letter_format_money (l, total);

    labels[n_totals] = shared_text (doc, r->body_bold, w->total_overdue, label_w, PANGO_ALIGN_RIGHT);
    amounts[n_totals++] = letter_text (doc, r->body_bold, amount, amount_w, PANGO_ALIGN_RIGHT);
  }
  if (p->late_fee_kind == CBZ_LATE_FEE_SIMPLE_INTEREST && p->late_fee_rate_bp > 0)
    {
      g_autofree char *rate = format_rate (p->late_fee_rate_bp);
      const char *period = p->late_fee_period == CBZ_LATE_FEE_PERIOD_ANNUAL ? w->period_year : w->period_month;
      g_autofree char *terms = w == &words_en
        ? g_strdup_printf ("Late interest: %s %s, simple, on each invoice’s balance for its days overdue", rate, period)
        : g_strdup_printf ("Interés moratorio: %s %s simple sobre el saldo de cada factura por sus días de atraso", rate, period);
      g_autofree char *fee = cbz_letter_format_money (l, fees);
      g_autofree char *sum = cbz_letter_format_money (l, total + fees);

      labels[n_totals] = shared_text (doc, r->small, terms, label_w, PANGO_ALIGN_RIGHT);
      amounts[n_totals++] = letter_text (doc, r->body, fee, amount_w, PANGO_ALIGN_RIGHT);
      labels[n_totals] = shared_text (doc, r->body_bold, w->total_due, label_w, PANGO_ALIGN_RIGHT);
      amounts[n_totals++] = letter_text (doc, r->body_bold, sum, amount_w, PANGO_ALIGN_RIGHT);
    }

  totals_h = 2.0 * MM;
  for (guint i = 0; i < n_totals; i++)
    totals_h += MAX (text_height (labels[i]), text_height (amounts[i])) + 1.2 * MM;
  ensure_space (doc, totals_h);

  add_item (doc, ITEM_RULE, doc->table_x, doc->y, doc->table_w, 0.8)->color = ink;
  doc->y += 1.6 * MM;
  for (guint i = 0; i < n_totals; i++)
    {
      double h = MAX (text_height (labels[i]), text_height (amounts[i]));

      add_text (doc, labels[i], doc->table_x, doc->y, i == 1 && n_totals == 3 ? muted : ink);
      add_text (doc, amounts[i], amount_x, doc->y, ink);
      doc->y += h + 1.2 * MM;
    }
  doc->y += PARA_GAP;
}

static void
layout_payment (CbzLetterDocument  *doc,
                CbzTemplateContext *context)
{
  CbzLetterRenderer *r = doc->renderer;
  const CbzCompanyProfile *p = r->profile;
  const Words *w = doc->words;
  const char *reference = cbz_template_context_get (context, CBZ_TEMPLATE_VAR_PAYMENT_REFERENCE);
  const char *link = doc->payment_link;
  gboolean has_qr = link != NULL;
  double box_w = content_width (doc);
  double text_x = MARGIN_LEFT + BOX_PAD;
  double text_w = box_w - 2 * BOX_PAD - (has_qr ? QR_SIZE + 6.0 * MM : 0);
  double key_w = 30.0 * MM;
  double y, h, box_y;
  GPtrArray *rows = g_ptr_array_new ();
  CbzTextBlock *title, *link_block = NULL, *caption = NULL, *fallback = NULL;
  double text_h;

#define ROW(key, value) G_STMT_START { \
    if ((value) != NULL && *(const char *) (value) != '\0') \
      { g_ptr_array_add (rows, (gpointer) (key)); g_ptr_array_add (rows, (gpointer) (value)); } \
  } G_STMT_END
  ROW (w->bank, p->bank);
  ROW (w->holder, p->account_holder);
  ROW (p->account_label != NULL ? p->account_label : w->account, p->account);
  ROW (w->reference, reference);
#undef ROW

  title = shared_text (doc, r->body_bold, w->how_to_pay, text_w, PANGO_ALIGN_LEFT);
  text_h = text_height (title) + 1.5 * MM;

  if (rows->len / 2 <= 1 && link == NULL)
    {
      g_autofree char *contact = join_nonempty ("  ·  ", p->phone, p->email, (const char *) -1);
      g_autofree char *text = g_strdup_printf ("%s %s", w->contact_to_pay, contact);

      fallback = letter_text (doc, r->body, text, text_w, PANGO_ALIGN_LEFT);
      text_h += text_height (fallback) + 1.0 * MM;
    }

  /* Measure first, so the whole box moves to the next page if needed. */
  {
    CbzTextBlock *probe = shared_text (doc, r->body, "Xg", -1, PANGO_ALIGN_LEFT);

    text_h += (rows->len / 2) * (text_height (probe) + 0.6 * MM);
    cbz_text_block_unref (probe);
  }
  if (link != NULL)
    {
      g_autofree char *label = g_strdup_printf ("%s:", w->pay_online);

      TextStyle style = STYLE (r->body, text_w - key_w, PANGO_ALIGN_LEFT);

      style.wrap = PANGO_WRAP_CHAR;
      link_block = text_block (doc, &style, link);
      text_h += text_height (link_block) + 0.6 * MM;
      caption = shared_text (doc, r->tiny, w->scan, QR_SIZE + 4.0 * MM, PANGO_ALIGN_CENTER);
      g_ptr_array_add (rows, (gpointer) NULL);
      g_ptr_array_add (rows, g_strdup (label)); /* freed below */
    }

  h = MAX (text_h, has_qr ? QR_SIZE + text_height (caption) + 1.0 * MM : 0) + 2 * BOX_PAD;
  ensure_space (doc, h);
  box_y = doc->y;
  add_item (doc, ITEM_BOX, MARGIN_LEFT, box_y, box_w, h);

  y = box_y + BOX_PAD;
  add_text (doc, title, text_x, y, accent);
  y += text_height (title) + 1.5 * MM;
  if (fallback != NULL)
    {
      add_text (doc, fallback, text_x, y, ink);
      y += text_height (fallback) + 1.0 * MM;
    }

  for (guint i = 0; i + 1 < rows->len; i += 2)
    {
      const char *key = g_ptr_array_index (rows, i);
      const char *value = g_ptr_array_index (rows, i + 1);
      CbzTextBlock *k, *v;
      double row_h;

      if (key == NULL)
        {
          /* The payment link row. */
          Item *item;

          k = shared_text (doc, r->body, value, key_w, PANGO_ALIGN_LEFT);
          add_text (doc, k, text_x, y, muted);
          item = add_text (doc, link_block, text_x + key_w, y, link_blue);
          item->kind = ITEM_LINK_TEXT;
          item->uri = g_strdup (link);
          y += text_height (link_block) + 0.6 * MM;
          g_free ((char *) value);
          continue;
        }

      k = shared_text (doc, r->body, key, key_w, PANGO_ALIGN_LEFT);
      v = shared_text (doc, key == w->reference ? r->body_bold : r->body, value, text_w - key_w,
                       PANGO_ALIGN_LEFT);
      add_text (doc, k, text_x, y, muted);
      add_text (doc, v, text_x + key_w, y, ink);
      row_h = MAX (text_height (k), text_height (v));
      y += row_h + 0.6 * MM;
    }

  if (has_qr)
    {
      double qx = MARGIN_LEFT + box_w - BOX_PAD - QR_SIZE;
      Item *item = add_item (doc, ITEM_QR, qx, box_y + BOX_PAD, QR_SIZE, QR_SIZE);

      item->uri = g_strdup (link);
      item->image = qr_image (link);
      item->owns_image = TRUE;
      add_text (doc, caption, qx - 2.0 * MM, box_y + BOX_PAD + QR_SIZE + 0.8 * MM, muted);
    }

  g_ptr_array_unref (rows);
  doc->y = box_y + h + PARA_GAP;
}

static void
layout_signature (CbzLetterDocument *doc,
                  const char        *closing)
{
  CbzLetterRenderer *r = doc->renderer;
  const CbzCompanyProfile *p = r->profile;
  CbzTextBlock *close_block, *name = NULL, *title;
  /* The company is in the letterhead; under the name goes the signer's title. */
  g_autofree char *title_text = g_strdup (p->signer_title != NULL ? p->signer_title : p->name);
  double sig_h = 10.0 * MM, sig_w = 0;
  double h, y;

  close_block = shared_text (doc, r->body, closing != NULL ? closing : "", content_width (doc),
                             PANGO_ALIGN_LEFT);
  if (r->signature != NULL)
    {
      double iw = cairo_image_surface_get_width (r->signature);
      double ih = cairo_image_surface_get_height (r->signature);
      double scale = MIN (SIGNATURE_WIDTH / iw, SIGNATURE_HEIGHT / ih);

      sig_w = iw * scale;
      sig_h = ih * scale;
    }
  if (p->signer_name != NULL)
    name = shared_text (doc, r->body_bold, p->signer_name, 80.0 * MM, PANGO_ALIGN_LEFT);
  title = shared_text (doc, r->body, title_text, 80.0 * MM, PANGO_ALIGN_LEFT);

  h = text_height (close_block) + 2.0 * MM + sig_h + 1.5 * MM +
      (name != NULL ? text_height (name) : 0) + text_height (title);
  ensure_space (doc, h);

  y = doc->y;
  add_text (doc, close_block, MARGIN_LEFT, y, ink);
  y += text_height (close_block) + 2.0 * MM;
  if (r->signature != NULL)
    {
      Item *item = add_item (doc, ITEM_IMAGE, MARGIN_LEFT, y, sig_w, sig_h);

      item->image = r->signature;
    }
  y += sig_h;
  add_item (doc, ITEM_RULE, MARGIN_LEFT, y, 60.0 * MM, 0.5)->color = muted;
  y += 1.5 * MM;
  if (name != NULL)
    {
      add_text (doc, name, MARGIN_LEFT, y, ink);
      y += text_height (name);
    }
  add_text (doc, title, MARGIN_LEFT, y, muted);
  doc->y = y + text_height (title);
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

/* The QR code as a one-pixel-per-module image, scaled up without
 * smoothing: a few hundred bytes in the PDF, where one rectangle per module
 * costs far more to write and to read. Encoded while laying out, so that
 * drawing is only drawing. */
static cairo_surface_t *
qr_image (const char *text)
{
  QRcode *qr = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  const int quiet = 2;
  cairo_surface_t *image;
  guint8 *data;
  int size, stride;

  if (qr == NULL)
    return NULL;

  size = qr->width + 2 * quiet;
  image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, size, size);
  data = cairo_image_surface_get_data (image);
  stride = cairo_image_surface_get_stride (image);
  for (int y = 0; y < size; y++)
    {
      guint32 *row = (guint32 *) (gpointer) (data + y * stride);

      for (int x = 0; x < size; x++)
        {
          int qx = x - quiet, qy = y - quiet;
          gboolean dark = qx >= 0 && qy >= 0 && qx < qr->width && qy < qr->width &&
                          (qr->data[qy * qr->width + qx] & 1);

          row[x] = dark ? 0x000000 : 0xffffff;
        }
    }
  cairo_surface_mark_dirty (image);
  QRcode_free (qr);
  return image;
}

static void
draw_qr (cairo_t    *cr,
         const Item *item)
{
  int size;

  if (item->image == NULL)
    return;

  size = cairo_image_surface_get_width (item->image);
  cairo_save (cr);
  cairo_translate (cr, item->x, item->y);
  cairo_scale (cr, item->w / size, item->w / size);
  cairo_set_source_surface (cr, item->image, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  /* A fill, not cairo_paint(): see ITEM_IMAGE. */
  cairo_rectangle (cr, 0, 0, size, size);
  cairo_fill (cr);
  cairo_restore (cr);
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

static void
draw_item (CbzLetterDocument *doc,
           cairo_t           *cr,
           const Item        *item)
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
      set_color (cr, accent);
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

/* What only the page count decides: the running head of continuation
 * pages and the page numbers. */
static void
layout_page_furniture (CbzLetterDocument *doc)
{
  CbzLetterRenderer *r = doc->renderer;
  double cw = content_width (doc);
  TextStyle style;

  if (doc->n_pages < 2)
    return;

  style = STYLE (r->small_bold, cw * 0.4, PANGO_ALIGN_LEFT);
  style.ellipsize = PANGO_ELLIPSIZE_END;
  doc->head_left = shared_block (doc, &style, r->profile->name != NULL ? r->profile->name : "");
  style = STYLE (r->small, cw * 0.6, PANGO_ALIGN_RIGHT);
  style.ellipsize = PANGO_ELLIPSIZE_START;
  doc->head_right = text_block (doc, &style, doc->running_head);

  doc->page_numbers = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_text_block_unref);
  for (guint page = 0; page < doc->n_pages; page++)
    {
      g_autofree char *text = doc->words == &words_en
        ? g_strdup_printf ("Page %u of %u", page + 1, doc->n_pages)
        : g_strdup_printf ("Página %u de %u", page + 1, doc->n_pages);

      g_ptr_array_add (doc->page_numbers, shared_text (doc, r->small, text, 26.0 * MM, PANGO_ALIGN_RIGHT));
    }
}

static void
draw_running_head (CbzLetterDocument *doc,
                   cairo_t           *cr,
                   CbzTextBatch      *text)
{
  double cw = content_width (doc);

  cbz_text_batch_add (text, doc->head_left, MARGIN_LEFT, 15.0 * MM, accent);
  cbz_text_batch_add (text, doc->head_right, MARGIN_LEFT + cw * 0.4, 15.0 * MM, muted);
  set_color (cr, muted);
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

  set_color (cr, muted);
  cairo_rectangle (cr, MARGIN_LEFT, y - 1.5 * MM, cw, 0.3);
  cairo_fill (cr);
  cbz_text_batch_add (text, doc->footer, MARGIN_LEFT, y, muted);

  if (doc->page_numbers != NULL)
    cbz_text_batch_add (text, g_ptr_array_index (doc->page_numbers, page), MARGIN_LEFT + cw - 26.0 * MM, y, ink);
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

  self->body = font (FONT_FAMILY, 10.0, PANGO_WEIGHT_NORMAL);
  self->body_bold = font (FONT_FAMILY, 10.0, PANGO_WEIGHT_BOLD);
  self->small = font (FONT_FAMILY, 8.0, PANGO_WEIGHT_NORMAL);
  self->small_bold = font (FONT_FAMILY, 8.0, PANGO_WEIGHT_BOLD);
  self->tiny = font (FONT_FAMILY, 6.5, PANGO_WEIGHT_NORMAL);
  self->heading = font (FONT_FAMILY, 15.0, PANGO_WEIGHT_BOLD);
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
  g_clear_pointer (&self->body, pango_font_description_free);
  g_clear_pointer (&self->body_bold, pango_font_description_free);
  g_clear_pointer (&self->small, pango_font_description_free);
  g_clear_pointer (&self->small_bold, pango_font_description_free);
  g_clear_pointer (&self->tiny, pango_font_description_free);
  g_clear_pointer (&self->heading, pango_font_description_free);
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
  g_autofree char *ref_line = NULL;
  g_autofree char *date = NULL;
  g_autofree char *footer = NULL;
  const CbzCompanyProfile *p;
  const char *link;
  CbzTextBlock *block;
  double body_top;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (letter != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  p = self->profile;
  if (!cbz_company_profile_is_set (p))
    {
      g_set_error_literal (error, CBZ_LETTER_ERROR, CBZ_LETTER_ERROR_NO_COMPANY,
                           _("Letters need your company’s name: fill in the company profile in Preferences"));
      return NULL;
    }

  if (template_text == NULL)
    template_text = builtin = cbz_letter_template_get_builtin (letter->level, letter->language);

  context = cbz_letter_build_context (letter, p);
  content = cbz_letter_content_new (template_text, context, error);
  if (content == NULL)
    return NULL;

  doc = g_new0 (CbzLetterDocument, 1);
  doc->renderer = self;
  doc->letter = cbz_letter_copy (letter);
  doc->words = g_str_equal (cbz_letter_get_language (letter), "en") ? &words_en : &words_es;
  cbz_paper_size_get_points (p->paper, &doc->width, &doc->height);
  doc->items = g_array_new (FALSE, TRUE, sizeof (Item));
  g_array_set_clear_func (doc->items, item_clear);
  doc->cells = g_ptr_array_new_with_free_func (g_free);
  doc->table_x = MARGIN_LEFT;
  doc->table_w = content_width (doc);
  doc->title = doc->words == &words_en
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

  {
    footer = join_nonempty ("  ·  ", p->name, p->tax_id, p->phone, p->email, p->website, (const char *) -1);
  }
  {
    TextStyle style = STYLE (self->tiny, content_width (doc) - 28.0 * MM, PANGO_ALIGN_LEFT);

    style.ellipsize = PANGO_ELLIPSIZE_END;
    doc->footer = shared_block (doc, &style, footer);
  }

  layout_first_page (doc, &body_top);
  doc->y = body_top;

  /* Reference line: subject in bold, then who the letter is about. */
  block = letter_text (doc, self->body_bold, content->subject != NULL ? content->subject : "",
                       content_width (doc), PANGO_ALIGN_LEFT);
  add_text (doc, block, MARGIN_LEFT, doc->y, ink);
  doc->y += text_height (block) + 0.8 * MM;
  if (letter->debtor_id > 0)
    {
      ref_line = doc->words == &words_en
        ? g_strdup_printf ("Customer no. %" G_GINT64_FORMAT, letter->debtor_id)
        : g_strdup_printf ("Cliente n.º %" G_GINT64_FORMAT, letter->debtor_id);
    }
  if (ref_line != NULL)
    {
      block = letter_text (doc, self->small, ref_line, content_width (doc), PANGO_ALIGN_LEFT);
      add_text (doc, block, MARGIN_LEFT, doc->y, muted);
      doc->y += text_height (block);
    }
  doc->y += 4.0 * MM;

  if (content->salutation != NULL)
    {
      block = letter_text (doc, self->body, content->salutation, content_width (doc), PANGO_ALIGN_LEFT);
      add_text (doc, block, MARGIN_LEFT, doc->y, ink);
      doc->y += text_height (block) + PARA_GAP;
    }

  for (guint i = 0; i < content->blocks->len; i++)
    {
      CbzLetterBlock *part = g_ptr_array_index (content->blocks, i);

      switch (part->kind)
        {
        case CBZ_LETTER_BLOCK_PARAGRAPH:
          layout_paragraph (doc, part->text);
          break;
        case CBZ_LETTER_BLOCK_INVOICES:
          layout_invoices (doc);
          break;
        case CBZ_LETTER_BLOCK_PAYMENT:
          layout_payment (doc, context);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  layout_signature (doc, content->closing);
  doc->n_pages = doc->page + 1;
  layout_page_furniture (doc);

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
        draw_item (self, cr, item);
    }

  draw_footer (self, cr, text, page);
  cbz_text_batch_draw (text, cr);

  cairo_restore (cr);
}

static cairo_status_t
write_bytes_cb (void                *closure,
                const unsigned char *data,
                unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/**
 * cbz_letter_pdf_new:
 * @path: (nullable): the file to write, or %NULL to collect the bytes
 * @title: the document title
 * @author: (nullable): the author (the company)
 */
CbzLetterPdf *
cbz_letter_pdf_new (const char *path,
                    const char *title,
                    const char *author)
{
  CbzLetterPdf *self = g_new0 (CbzLetterPdf, 1);

  self->path = g_strdup (path);
  self->title = g_strdup (title);
  self->author = g_strdup (author);
  return self;
}

static void
pdf_start (CbzLetterPdf *self,
           double        width,
           double        height)
{
  g_autofree char *creator = g_strdup_printf ("%s %s", PACKAGE_NAME, PACKAGE_VERSION);

  if (self->path != NULL)
    self->surface = cairo_pdf_surface_create (self->path, width, height);
  else
    {
      self->buffer = g_byte_array_sized_new (64 * 1024);
      self->surface = cairo_pdf_surface_create_for_stream (write_bytes_cb, self->buffer, width, height);
    }
  cairo_pdf_surface_set_metadata (self->surface, CAIRO_PDF_METADATA_TITLE, self->title != NULL ? self->title : "");
  if (self->author != NULL)
    cairo_pdf_surface_set_metadata (self->surface, CAIRO_PDF_METADATA_AUTHOR, self->author);
  if (self->subject != NULL)
    cairo_pdf_surface_set_metadata (self->surface, CAIRO_PDF_METADATA_SUBJECT, self->subject);
  cairo_pdf_surface_set_metadata (self->surface, CAIRO_PDF_METADATA_CREATOR, creator);
  self->cr = cairo_create (self->surface);
}

void
cbz_letter_pdf_add (CbzLetterPdf      *self,
                    CbzLetterDocument *document)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (document != NULL);

  if (self->surface == NULL)
    {
      pdf_start (self, document->width, document->height);
      self->width = document->width;
      self->height = document->height;
    }

  for (guint page = 0; page < document->n_pages; page++)
    {
      /* cairo 1.16 damages the object table when the size is set for no
       * change, so only on a real change of paper. */
      if (document->width != self->width || document->height != self->height)
        {
          cairo_pdf_surface_set_size (self->surface, document->width, document->height);
          self->width = document->width;
          self->height = document->height;
        }
      cbz_letter_document_draw_page (document, self->cr, page);
      cairo_show_page (self->cr);
      self->n_pages++;
    }
}

gboolean
cbz_letter_pdf_finish (CbzLetterPdf  *self,
                       GBytes       **out_bytes,
                       GError       **error)
{
  cairo_status_t status;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->surface == NULL)
    {
      g_set_error_literal (error, CBZ_LETTER_ERROR, CBZ_LETTER_ERROR_WRITE,
                           _("There are no letters to write"));
      return FALSE;
    }

  g_clear_pointer (&self->cr, cairo_destroy);
  cairo_surface_finish (self->surface);
  status = cairo_surface_status (self->surface);
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CBZ_LETTER_ERROR, CBZ_LETTER_ERROR_WRITE,
                   _("The PDF “%s” could not be written: %s"),
                   self->path != NULL ? self->path : self->title, cairo_status_to_string (status));
      return FALSE;
    }

  if (out_bytes != NULL && self->buffer != NULL)
    *out_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&self->buffer));
  return TRUE;
}

void
cbz_letter_pdf_free (CbzLetterPdf *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->cr, cairo_destroy);
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  g_clear_pointer (&self->buffer, g_byte_array_unref);
  g_free (self->path);
  g_free (self->title);
  g_free (self->author);
  g_free (self->subject);
  g_free (self);
}

/**
 * cbz_letter_document_to_pdf:
 *
 * Returns: (transfer full) (nullable): the PDF bytes.
 */
GBytes *
cbz_letter_document_to_pdf (CbzLetterDocument  *self,
                            GError            **error)
{
  g_autoptr(CbzLetterPdf) pdf = NULL;
  GBytes *bytes = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  pdf = cbz_letter_pdf_new (NULL, self->title, self->renderer->profile->name);
  pdf->subject = g_strdup (self->subject);
  cbz_letter_pdf_add (pdf, self);
  if (!cbz_letter_pdf_finish (pdf, &bytes, error))
    return NULL;
  return bytes;
}
