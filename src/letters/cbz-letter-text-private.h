/* cbz-letter-text-private.h: shared by the files of the letters' text
 * (cbz-letter-text.c, cbz-text-block.c, cbz-text-batch.c, cbz-print-font.c)
 * and read by their tests.
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-letter-text.h"

G_BEGIN_DECLS

typedef struct
{
  cairo_scaled_font_t *font;   /* referenced */
  guint                start;
  guint                n;
} CbzTextRun;

struct _CbzTextBlock
{
  gint          ref_count;
  double        width;
  double        height;
  double        baseline;
  double        ink_width;
  guint         n_lines;
  GArray       *glyphs;       /* cairo_glyph_t, from the block's top left */
  GArray       *runs;         /* CbzTextRun */
  GArray       *line_starts;  /* guint: where each line starts in the text, in bytes */
};

CbzTextBlock        *_cbz_text_block_new          (void);
/* Appends a glyph, in a new run when the font changes. */
void                 _cbz_text_block_add_glyph    (CbzTextBlock        *block,
                                                   cairo_scaled_font_t *font,
                                                   guint32              glyph,
                                                   double               x,
                                                   double               y);
/* Counts a line that starts at byte @start of the text. */
void                 _cbz_text_block_add_line     (CbzTextBlock        *block,
                                                   guint                start);

/* The font glyphs of @font are printed with: its file without TrueType
 * hinting instructions, or @font's own scaled font. @faces ("file#index" →
 * cairo_font_face_t*) keeps the faces made for one shaper. */
cairo_scaled_font_t *_cbz_print_font_new          (PangoFont           *font,
                                                   GHashTable          *faces);

/* The shaper (cbz-letter-text.c sets paragraphs; cbz-text-words.c keeps
 * the words and gaps they are made of). */

typedef struct
{
  guint16 font;     /* index into the shaper's fonts */
  guint32 glyph;    /* PANGO_GLYPH_EMPTY: nothing to draw */
  gint32  x, y;     /* Pango units, from the word's start and baseline */
} CbzTextGlyph;

#define CBZ_TEXT_UNMEASURED G_MININT32

/* Where a line may end inside a word, as pango_get_log_attrs() says. */
typedef struct
{
  guint    byte;       /* the next line starts at this byte of the word */
  guint    glyph_end;  /* the line takes glyphs [0, glyph_end) */
  gint32   pen;        /* their advance, in the whole word's shaping */
  gboolean hyphen;     /* the line then shows a hyphen (a soft hyphen's break) */
  gint32   head;       /* the word up to here, with the hyphen, shaped alone (as
                        * PangoLayout measures the line); or CBZ_TEXT_UNMEASURED */
  gint32   tail;       /* the rest of the word, shaped alone; or CBZ_TEXT_UNMEASURED */
} CbzTextWordBreak;

typedef struct
{
  gboolean          usable;     /* FALSE: only PangoLayout can set it */
  const char       *text;       /* the key's */
  guint             len;
  guint             head_len;   /* bytes of its first and last character, with their marks */
  guint             tail_len;
  guint             n_glyphs;
  CbzTextGlyph     *glyphs;
  gint32            width;
  gint32            tail_advance;  /* of its last character, as the word is shaped */
  guint             n_breaks;
  CbzTextWordBreak *breaks;
} CbzTextWord;

/* The spaces between two words, measured with the characters around them:
 * the font kerns letters against a space ("A T" is narrower than "A", " "
 * and "T" apart), and Unicode's line breaking rules decide by them whether
 * a line may end there (never before a word joiner, as in "$ ⁠1,234.56"). */
typedef struct
{
  gboolean allowed;   /* a line may end after these spaces */
  gint32   full;      /* their width between the two words */
  gint32   end;       /* what ending the line there adds to the first word, as
                       * PangoLayout counts it: the kerning before the space,
                       * less the space's kerning against what follows */
} CbzTextGap;

/* Words and gaps are kept under the text they stand for (a gap's is the
 * last character of one word, the spaces and the first of the next), the
 * font it is set in (an index into the shaper's own copies of the font
 * descriptions: never a pointer of the caller's, which a later call may
 * reuse for another font) and its language (interned by Pango for good). */
typedef struct
{
  guint          font;
  PangoLanguage *language;
  const char    *text;
  gsize          len;
} CbzTextKey;

struct _CbzTextShaper
{
  PangoContext *context;
  GPtrArray    *descs;       /* PangoFontDescription*, owned: what CbzTextKey.font indexes */
  GHashTable   *words;       /* CbzTextKey* → CbzTextWord* */
  GHashTable   *gaps;        /* CbzTextKey* → CbzTextGap* */
  GHashTable   *metrics;     /* vertical metrics by font and line spacing */
  GPtrArray    *fonts;       /* PangoFont*, referenced */
  GPtrArray    *print_fonts; /* cairo_scaled_font_t*, the same index: what glyphs are drawn with */
  GHashTable   *print_faces; /* "file#index" → cairo_font_face_t* */
  guint         max_entries;
  guint         n_evictions;
};

/* One paragraph's settings, while it is set. */
typedef struct
{
  CbzTextShaper              *shaper;
  const PangoFontDescription *desc;
  guint                       font;
  PangoLanguage              *language;
} CbzTextSetting;

/* The entries a shaper keeps (words, and the gaps between two words): a
 * batch's vocabulary is a few thousand. */
#define CBZ_TEXT_MAX_ENTRIES 20000

/* A table keyed by CbzTextKey*, which it owns. */
GHashTable          *_cbz_text_key_table_new           (GDestroyNotify         value_free);
void                 _cbz_text_word_free               (gpointer               data);
/* Lets the words and gaps go when there are too many: only before a
 * paragraph is set (see cbz-text-words.c). */
void                 _cbz_text_shaper_trim             (CbzTextShaper         *self);
/* The shaper's own copy of @desc: an index that stays valid for its life. */
guint                _cbz_text_shaper_intern_font      (CbzTextShaper              *self,
                                                        const PangoFontDescription *desc);
guint                _cbz_text_shaper_font_index       (CbzTextShaper         *self,
                                                        PangoFont             *font);
CbzTextWord         *_cbz_text_lookup_word             (const CbzTextSetting  *s,
                                                        const char            *text,
                                                        gsize                  len);
const CbzTextGap    *_cbz_text_lookup_gap              (const CbzTextSetting  *s,
                                                        const CbzTextWord     *before,
                                                        guint                  n_spaces,
                                                        const CbzTextWord     *after);
/* The line from break @from (-1: the word's start) to break @to, with its
 * hyphen, as PangoLayout measures it. */
gint32               _cbz_text_word_head_width         (const CbzTextSetting  *s,
                                                        CbzTextWord           *word,
                                                        int                    from,
                                                        guint                  to);
/* The rest of the word after break @from, shaped alone. */
gint32               _cbz_text_word_tail_width         (const CbzTextSetting  *s,
                                                        CbzTextWord           *word,
                                                        int                    from);

/* How many entries the shaper keeps (words and the gaps between them)
 * before it lets them all go at the start of the next paragraph. */
void                 _cbz_text_shaper_set_cache_limit (CbzTextShaper   *self,
                                                       guint            max_entries);
/* How many times it let them go. */
guint                _cbz_text_shaper_get_n_evictions (CbzTextShaper   *self);

G_END_DECLS
