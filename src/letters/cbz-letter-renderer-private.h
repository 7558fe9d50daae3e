/* cbz-letter-renderer-private.h: shared by the files that lay letters out
 * (cbz-letter-renderer.c: the renderer and its documents; cbz-letter-page.c:
 * letterhead, recipient, paragraphs, signature; cbz-letter-table.c: the
 * invoices; cbz-letter-payment.c: how to pay; cbz-letter-draw.c: pages on
 * cairo; cbz-letter-pdf.c: PDF files).
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <pango/pangocairo.h>

#include "cbz-letter-renderer.h"
#include "cbz-letter-text.h"

G_BEGIN_DECLS

#define MM (72.0 / 25.4)

/* Page geometry in points. The recipient block sits where the window of a
 * DL/C5 envelope is (DIN 5008 form B: 45-90 mm from the top, 20 mm from the
 * left) on A4, and where a #10 window is for a letter folded in three on US
 * Letter; the text inside starts 5 mm in from the window's edge. */
#define MARGIN_LEFT      (25.0 * MM)
#define MARGIN_RIGHT     (20.0 * MM)
#define LETTERHEAD_TOP   (13.0 * MM)
#define CONTINUED_TOP    (30.0 * MM)
#define BOTTOM_LIMIT     (17.0 * MM)
#define WINDOW_WIDTH     (80.0 * MM)
#define LOGO_WIDTH       (48.0 * MM)
#define LOGO_HEIGHT      (20.0 * MM)
#define SIGNATURE_WIDTH  (50.0 * MM)
#define SIGNATURE_HEIGHT (18.0 * MM)
/* Light modules around a QR code, as the standard asks. */
#define QR_QUIET         4

#define FONT_FAMILY "Liberation Sans, DejaVu Sans, sans-serif"

extern const double _cbz_letter_ink[3];
extern const double _cbz_letter_muted[3];
extern const double _cbz_letter_accent[3];
extern const double _cbz_letter_link_blue[3];

/* Words a letter prints besides its template, in the letter's language (not
 * the user's: a Spanish-speaking bookkeeper sends English letters too). */
typedef struct
{
  gboolean    english;         /* else Spanish; sentences with figures are written out
                                * at their place, in both languages */
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
  const char *contact_to_pay;  /* when the profile has no phone nor email */
  const char *continued;
  const char *phone;
} CbzLetterWords;

extern const CbzLetterWords _cbz_letter_words_es;
extern const CbzLetterWords _cbz_letter_words_en;

/* The vertical rhythm of a letter. A letter laid out with the first spills
 * onto a second page is laid out again with the second, which keeps a
 * handful of invoices, the closing and the signature on one page. */
typedef struct
{
  double para_gap;          /* between paragraphs and blocks */
  double line_spacing;      /* of paragraphs */
  double row_height;        /* of the invoice table */
  double header_height;
  double total_gap;         /* between the totals */
  double box_pad;           /* inside the payment box */
  double box_row_gap;       /* between its rows */
  double signature_space;   /* to sign by hand, without a signature image */
} CbzLetterSpacing;

extern const CbzLetterSpacing _cbz_letter_spacing_normal;
extern const CbzLetterSpacing _cbz_letter_spacing_tight;

/* The fonts of a letter: an index, never a pointer, in cache keys. */
typedef enum
{
  CBZ_LETTER_FONT_BODY,
  CBZ_LETTER_FONT_BODY_BOLD,
  CBZ_LETTER_FONT_SMALL,
  CBZ_LETTER_FONT_SMALL_BOLD,
  CBZ_LETTER_FONT_TINY,
  CBZ_LETTER_FONT_HEADING,
  CBZ_LETTER_N_FONTS
} CbzLetterFont;

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

/* Something drawn on a page, in points from its top left corner. */
typedef struct
{
  ItemKind         kind;
  guint            page;
  double           x, y, w, h;
  CbzTextBlock    *block;
  const double    *color;
  char            *uri;
  guint            row;
  cairo_surface_t *image;       /* the renderer's */
  GBytes          *modules;     /* ITEM_QR: a dark (1) or light (0) byte per module, row by row */
  int              n_modules;   /* ITEM_QR: modules on a side */
} Item;

struct _CbzLetterRenderer
{
  CbzCompanyProfile    *profile;
  PangoContext         *context;
  PangoFontDescription *fonts[CBZ_LETTER_N_FONTS];
  GHashTable           *shared;      /* key → CbzTextBlock: text that recurs across letters */
  CbzTextShaper        *shaper;      /* the paragraphs' words */
  cairo_surface_t      *logo;
  cairo_surface_t      *signature;
};

struct _CbzLetterDocument
{
  CbzLetterRenderer    *renderer;
  CbzLetter            *letter;
  const CbzLetterWords *words;
  const CbzLetterSpacing *spacing;
  double                width, height;
  guint                 n_pages;
  GArray               *items;          /* of Item */
  GPtrArray            *cells;          /* 5 strings per invoice row */
  char                 *title;
  char                 *subject;
  char                 *payment_link;
  char                 *running_head;   /* continuation pages: "Customer · date" */
  CbzTextBlock         *footer;
  /* Drawn on every page but the first, and only known once the pages are
   * counted: laid out at the end, so that drawing needs nothing of the
   * renderer (another thread may be laying out the next letter). */
  CbzTextBlock         *head_left;
  CbzTextBlock         *head_right;
  GPtrArray            *page_numbers;   /* of CbzTextBlock, one per page, or NULL */
  double                table_x, table_w;

  /* layout state */
  guint                 page;
  double                y;
};

/* How a piece of text is set. */
typedef struct
{
  CbzLetterFont      font;
  double             width;      /* <= 0: as wide as it is */
  PangoAlignment     align;
  double             spacing;    /* line spacing factor; 0: the font's */
  PangoWrapMode      wrap;
  PangoEllipsizeMode ellipsize;  /* then one line */
} TextStyle;

#define STYLE(font, width, align) \
  ((TextStyle) { (font), (width), (align), 0.0, PANGO_WRAP_WORD, PANGO_ELLIPSIZE_NONE })

static inline double
text_height (const CbzTextBlock *block)
{
  return cbz_text_block_get_height (block);
}

static inline double
text_width (const CbzTextBlock *block)
{
  return cbz_text_block_get_width (block);
}

static inline double
content_width (const CbzLetterDocument *doc)
{
  return doc->width - MARGIN_LEFT - MARGIN_RIGHT;
}

static inline double
bottom_limit (const CbzLetterDocument *doc)
{
  return doc->height - BOTTOM_LIMIT;
}

/* Text (cbz-letter-renderer.c). */
PangoLayout  *_cbz_letter_make_layout       (CbzLetterDocument  *doc,
                                             CbzLetterFont       font,
                                             const char         *text,
                                             double              width,
                                             PangoAlignment      align);
/* Takes @layout. */
CbzTextBlock *_cbz_letter_block_from_layout (CbzLetterDocument  *doc,
                                             PangoLayout        *layout);
CbzTextBlock *_cbz_letter_text_block        (CbzLetterDocument  *doc,
                                             const TextStyle    *style,
                                             const char         *text);
/* Text that recurs from letter to letter, set once per renderer. */
CbzTextBlock *_cbz_letter_shared_block      (CbzLetterDocument  *doc,
                                             const TextStyle    *style,
                                             const char         *text);
CbzTextBlock *_cbz_letter_shared_text       (CbzLetterDocument  *doc,
                                             CbzLetterFont       font,
                                             const char         *text,
                                             double              width,
                                             PangoAlignment      align);
/* Text of this letter only. */
CbzTextBlock *_cbz_letter_own_text          (CbzLetterDocument  *doc,
                                             CbzLetterFont       font,
                                             const char         *text,
                                             double              width,
                                             PangoAlignment      align);
/* The non-empty strings, up to (const char *) -1, joined. */
char         *_cbz_letter_join_nonempty     (const char         *separator,
                                             ...);

/* Items and pages (cbz-letter-renderer.c). */
Item         *_cbz_letter_add_item          (CbzLetterDocument  *doc,
                                             ItemKind            kind,
                                             double              x,
                                             double              y,
                                             double              w,
                                             double              h);
/* Takes the reference to @block. */
Item         *_cbz_letter_add_text          (CbzLetterDocument  *doc,
                                             CbzTextBlock       *block,
                                             double              x,
                                             double              y,
                                             const double       *color);
void          _cbz_letter_new_page          (CbzLetterDocument  *doc);
/* Moves to a new page when @height does not fit, unless the page is still
 * empty (then nothing would fit anywhere better). */
void          _cbz_letter_ensure_space      (CbzLetterDocument  *doc,
                                             double              height);

/* The parts of a letter, in the order they are laid out. */
void          _cbz_letter_layout_first_page (CbzLetterDocument  *doc,
                                             double             *body_top);
void          _cbz_letter_layout_paragraph  (CbzLetterDocument  *doc,
                                             const char         *text);
void          _cbz_letter_layout_invoices   (CbzLetterDocument  *doc);
void          _cbz_letter_layout_payment    (CbzLetterDocument  *doc,
                                             CbzTemplateContext *context);
void          _cbz_letter_layout_signature  (CbzLetterDocument  *doc,
                                             const char         *closing);
void          _cbz_letter_layout_page_furniture (CbzLetterDocument *doc);

G_END_DECLS
