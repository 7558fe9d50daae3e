/* cbz-letter-text.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cbz-letter-text.h"

#include <cairo-ft.h>
#include <hb.h>
#include <hb-subset.h>
#include <pango/pangofc-font.h>

#define SOFT_HYPHEN "\u00ad"

/* The words kept: a batch's vocabulary is a few thousand. */
#define MAX_WORDS 20000

typedef struct
{
  guint16 font;     /* index into the shaper's fonts */
  guint32 glyph;    /* PANGO_GLYPH_EMPTY: nothing to draw */
  gint32  x, y;     /* Pango units, from the word's start and baseline */
} WordGlyph;

typedef struct
{
  guint  glyph_end;  /* the line takes glyphs [0, glyph_end) */
  gint32 width;      /* their advance */
  gboolean hyphen;   /* and shows a hyphen (a soft hyphen's break) */
} WordBreak;

typedef struct
{
  gboolean   usable;    /* FALSE: only PangoLayout can set it */
  guint      n_glyphs;
  WordGlyph *glyphs;
  gint32     width;
  guint      n_breaks;
  WordBreak *breaks;
} Word;

typedef struct
{
  gconstpointer  desc;
  PangoLanguage *language;
  const char    *text;
  gsize          len;
} WordKey;

typedef struct
{
  gint32 first_baseline;  /* from the top of the block */
  gint32 pitch;           /* baseline to baseline */
  gint32 one_line;        /* height of a one-line block */
} LineMetrics;

struct _CbzTextShaper
{
  PangoContext *context;
  GHashTable   *words;       /* WordKey* → Word* */
  GHashTable   *metrics;     /* "desc|spacing" → LineMetrics* */
  GPtrArray    *fonts;       /* PangoFont*, referenced */
  GPtrArray    *print_fonts; /* cairo_scaled_font_t*, the same index: what glyphs are drawn with */
  GHashTable   *print_faces; /* "file#index" → cairo_font_face_t* */
};

typedef struct
{
  cairo_scaled_font_t *font;   /* referenced */
  guint                start;
  guint                n;
} Run;

struct _CbzTextBlock
{
  gint          ref_count;
  double        width;
  double        height;
  double        baseline;
  double        ink_width;
  guint         n_lines;
  GArray       *glyphs;   /* cairo_glyph_t, from the block's top left */
  GArray       *runs;     /* Run */
};

static void
run_clear (gpointer data)
{
  Run *run = data;

  cairo_scaled_font_destroy (run->font);
}

static CbzTextBlock *
block_new (void)
{
  CbzTextBlock *block = g_new0 (CbzTextBlock, 1);

  block->ref_count = 1;
  block->glyphs = g_array_new (FALSE, FALSE, sizeof (cairo_glyph_t));
  block->runs = g_array_new (FALSE, FALSE, sizeof (Run));
  g_array_set_clear_func (block->runs, run_clear);
  return block;
}

/* Appends a glyph, in a new run when the font changes. */
static void
block_add_glyph (CbzTextBlock        *block,
                 cairo_scaled_font_t *font,
                 guint32              glyph,
                 double               x,
                 double               y)
{
  cairo_glyph_t g = { glyph, x, y };
  Run *last = block->runs->len > 0 ? &g_array_index (block->runs, Run, block->runs->len - 1) : NULL;

  if (last == NULL || last->font != font || last->start + last->n != block->glyphs->len)
    {
      Run run = { cairo_scaled_font_reference (font), block->glyphs->len, 0 };

      g_array_append_val (block->runs, run);
      last = &g_array_index (block->runs, Run, block->runs->len - 1);
    }
  g_array_append_val (block->glyphs, g);
  last->n++;
}

static guint
word_key_hash (gconstpointer data)
{
  const WordKey *key = data;
  guint hash = 5381;

  for (gsize i = 0; i < key->len; i++)
    hash = hash * 33 + (guchar) key->text[i];
  return hash ^ g_direct_hash (key->desc) ^ g_direct_hash (key->language);
}

static gboolean
word_key_equal (gconstpointer a,
                gconstpointer b)
{
  const WordKey *x = a;
  const WordKey *y = b;

  return x->desc == y->desc && x->language == y->language && x->len == y->len &&
         memcmp (x->text, y->text, x->len) == 0;
}

static void
word_key_free (gpointer data)
{
  WordKey *key = data;

  g_free ((char *) key->text);
  g_free (key);
}

static void
word_free (gpointer data)
{
  Word *word = data;

  g_free (word->glyphs);
  g_free (word->breaks);
  g_free (word);
}

CbzTextShaper *
cbz_text_shaper_new (PangoContext *context)
{
  CbzTextShaper *self = g_new0 (CbzTextShaper, 1);

  g_return_val_if_fail (PANGO_IS_CONTEXT (context), NULL);

  self->context = g_object_ref (context);
  self->words = g_hash_table_new_full (word_key_hash, word_key_equal, word_key_free, word_free);
  self->metrics = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->fonts = g_ptr_array_new_with_free_func (g_object_unref);
  self->print_fonts = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_scaled_font_destroy);
  self->print_faces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) cairo_font_face_destroy);
  return self;
}

void
cbz_text_shaper_free (CbzTextShaper *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->words, g_hash_table_unref);
  g_clear_pointer (&self->metrics, g_hash_table_unref);
  g_clear_pointer (&self->print_fonts, g_ptr_array_unref);
  g_clear_pointer (&self->print_faces, g_hash_table_unref);
  g_clear_pointer (&self->fonts, g_ptr_array_unref);
  g_clear_object (&self->context);
  g_free (self);
}

/*
 * The fonts letters are printed with: each font file once more, without its
 * TrueType hinting instructions (hb-subset keeps every glyph at its index,
 * every character and every metric). Hinting steers rasterisers at screen
 * sizes; a PDF is drawn by its reader, which hints as it likes, and the
 * instructions were 60 % of every embedded font: compressing them again in
 * every separate letter cost more than anything else in it.
 */
static GMutex print_lock;
static GHashTable *print_data;   /* "file#index" → hb_blob_t*, or NULL when the original serves */
static FT_Library print_library;
static cairo_user_data_key_t ft_face_key;

/* The font file without instructions, made once per process. */
static hb_blob_t *
print_data_new (const char *file,
                int         index)
{
  hb_blob_t *blob = hb_blob_create_from_file_or_fail (file);
  hb_blob_t *glyf = NULL;
  hb_face_t *face = NULL;
  hb_subset_input_t *input = NULL;
  hb_face_t *subset = NULL;
  hb_blob_t *data = NULL;

  if (blob == NULL)
    return NULL;
  face = hb_face_create (blob, (unsigned int) index);
  /* Only TrueType outlines carry instructions worth dropping. */
  glyf = hb_face_reference_table (face, HB_TAG ('g', 'l', 'y', 'f'));
  if (hb_blob_get_length (glyf) > 0 && (input = hb_subset_input_create_or_fail ()) != NULL)
    {
      hb_subset_input_set_flags (input, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_RETAIN_GIDS);
      hb_face_collect_unicodes (face, hb_subset_input_unicode_set (input));
      hb_set_add_range (hb_subset_input_glyph_set (input), 0, hb_face_get_glyph_count (face) - 1);
      subset = hb_subset_or_fail (face, input);
      if (subset != NULL)
        data = hb_face_reference_blob (subset);
      hb_subset_input_destroy (input);
    }

  hb_blob_destroy (glyf);
  hb_face_destroy (subset);
  hb_face_destroy (face);
  hb_blob_destroy (blob);
  return data;
}

static void
ft_face_done (gpointer data)
{
  g_mutex_lock (&print_lock);
  FT_Done_Face (data);
  g_mutex_unlock (&print_lock);
}

/* A cairo face over @data of the shaper's own: threads that shared one
 * would take turns on its lock for every glyph they write. */
static cairo_font_face_t *
print_face_new (hb_blob_t *data)
{
  cairo_font_face_t *face;
  unsigned int length;
  const char *bytes = hb_blob_get_data (data, &length);
  FT_Face ft_face = NULL;
  FT_Error failed;

  g_mutex_lock (&print_lock);
  failed = (print_library == NULL && FT_Init_FreeType (&print_library) != 0) ||
           FT_New_Memory_Face (print_library, (const FT_Byte *) bytes, (FT_Long) length, 0, &ft_face) != 0;
  g_mutex_unlock (&print_lock);
  if (failed)
    return NULL;

  face = cairo_ft_font_face_create_for_ft_face (ft_face, 0);
  if (cairo_font_face_set_user_data (face, &ft_face_key, ft_face, ft_face_done) != CAIRO_STATUS_SUCCESS)
    {
      cairo_font_face_destroy (face);
      ft_face_done (ft_face);
      return NULL;
    }
  return face;
}

/* The unhinted twin of @font, or @font's own scaled font. */
static cairo_scaled_font_t *
print_font_new (CbzTextShaper *self,
                PangoFont     *font)
{
  cairo_scaled_font_t *scaled = pango_cairo_font_get_scaled_font (PANGO_CAIRO_FONT (font));
  g_autofree char *key = NULL;
  cairo_font_face_t *face;
  hb_blob_t *data = NULL;
  FcPattern *pattern;
  FcChar8 *file = NULL;
  int index = 0;

  if (!PANGO_IS_FC_FONT (font) || scaled == NULL)
    return scaled != NULL ? cairo_scaled_font_reference (scaled) : NULL;
  pattern = pango_fc_font_get_pattern (PANGO_FC_FONT (font));
  if (FcPatternGetString (pattern, FC_FILE, 0, &file) != FcResultMatch)
    return cairo_scaled_font_reference (scaled);
  FcPatternGetInteger (pattern, FC_INDEX, 0, &index);
  key = g_strdup_printf ("%s#%d", (const char *) file, index);

  g_mutex_lock (&print_lock);
  if (print_data == NULL)
    print_data = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!g_hash_table_lookup_extended (print_data, key, NULL, (gpointer *) &data))
    {
      data = print_data_new ((const char *) file, index);
      g_hash_table_insert (print_data, g_strdup (key), data);
    }
  g_mutex_unlock (&print_lock);
  if (data == NULL)
    return cairo_scaled_font_reference (scaled);

  face = g_hash_table_lookup (self->print_faces, key);
  if (face == NULL && (face = print_face_new (data)) != NULL)
    g_hash_table_insert (self->print_faces, g_steal_pointer (&key), face);

  if (face != NULL)
    {
      cairo_font_options_t *options = cairo_font_options_create ();
      cairo_matrix_t font_matrix, ctm;
      cairo_scaled_font_t *twin;

      cairo_scaled_font_get_font_matrix (scaled, &font_matrix);
      cairo_scaled_font_get_ctm (scaled, &ctm);
      cairo_scaled_font_get_font_options (scaled, options);
      twin = cairo_scaled_font_create (face, &font_matrix, &ctm, options);
      cairo_font_options_destroy (options);
      if (cairo_scaled_font_status (twin) == CAIRO_STATUS_SUCCESS)
        return twin;
      cairo_scaled_font_destroy (twin);
    }
  return cairo_scaled_font_reference (scaled);
}

static guint
font_index (CbzTextShaper *self,
            PangoFont     *font)
{
  guint i;

  for (i = 0; i < self->fonts->len; i++)
    {
      if (g_ptr_array_index (self->fonts, i) == font)
        return i;
    }
  g_ptr_array_add (self->fonts, g_object_ref (font));
  g_ptr_array_add (self->print_fonts, print_font_new (self, font));
  return i;
}

typedef struct
{
  guint    byte;     /* the line ends before this byte of the word */
  gboolean hyphen;
} BreakAt;

/* Where a line may end inside @text (a word without spaces): at a soft
 * hyphen, which then shows a hyphen, and after a hyphen between letters. */
static GArray *
find_breaks (const char *text,
             gsize       len)
{
  GArray *breaks = g_array_new (FALSE, FALSE, sizeof (BreakAt));

  for (gsize i = 1; i + 1 < len; i++)
    {
      if (memcmp (text + i, SOFT_HYPHEN, 2) == 0 && i + 2 < len)
        {
          BreakAt b = { (guint) i, TRUE };

          g_array_append_val (breaks, b);
        }
      else if (text[i] == '-' && g_ascii_isalpha (text[i - 1]) && g_ascii_isalpha (text[i + 1]))
        {
          BreakAt b = { (guint) i + 1, FALSE };

          g_array_append_val (breaks, b);
        }
    }
  return breaks;
}

static Word *
shape_word (CbzTextShaper              *self,
            const PangoFontDescription *desc,
            PangoLanguage              *language,
            const char                 *text,
            gsize                       len)
{
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
  g_autoptr(GArray) glyphs = g_array_new (FALSE, FALSE, sizeof (WordGlyph));
  g_autoptr(GArray) bytes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) pens = g_array_new (FALSE, FALSE, sizeof (gint32));
  g_autoptr(GArray) breaks = find_breaks (text, len);
  PangoGlyphString *gs = pango_glyph_string_new ();
  Word *word = g_new0 (Word, 1);
  GList *items;
  gint32 pen = 0;

  word->usable = TRUE;
  pango_attr_list_insert (attrs, pango_attr_font_desc_new (desc));
  if (language != NULL)
    pango_attr_list_insert (attrs, pango_attr_language_new (language));
  items = pango_itemize (self->context, text, 0, (int) len, attrs, NULL);

  for (GList *l = items; l != NULL; l = l->next)
    {
      PangoItem *item = l->data;
      guint font;

      /* Right-to-left text is PangoLayout's to order. */
      if (item->analysis.level % 2 != 0 || item->analysis.font == NULL)
        {
          word->usable = FALSE;
          break;
        }
      font = font_index (self, item->analysis.font);
      pango_shape_with_flags (text + item->offset, item->length, text, (int) len, &item->analysis, gs,
                              PANGO_SHAPE_NONE);
      for (int i = 0; i < gs->num_glyphs; i++)
        {
          const PangoGlyphInfo *info = &gs->glyphs[i];
          WordGlyph g = { (guint16) font, info->glyph, pen + info->geometry.x_offset, info->geometry.y_offset };
          guint byte = (guint) (item->offset + gs->log_clusters[i]);

          if (info->glyph & PANGO_GLYPH_UNKNOWN_FLAG)
            word->usable = FALSE;
          /* A narrow no-break space (phone numbers) prints as the space it
           * is: one subset of the font less in every PDF (U+202F is not in
           * the PDF's WinAnsi encoding), and plain spaces when copied. */
          if (strncmp (text + byte, "\u202f", 3) == 0)
            {
              hb_codepoint_t space;

              if (hb_font_get_nominal_glyph (pango_font_get_hb_font (item->analysis.font), ' ', &space))
                g.glyph = space;
            }
          g_array_append_val (glyphs, g);
          g_array_append_val (bytes, byte);
          g_array_append_val (pens, pen);
          pen += info->geometry.width;
        }
    }
  g_list_free_full (items, (GDestroyNotify) pango_item_free);
  pango_glyph_string_free (gs);

  word->width = pen;
  word->n_glyphs = glyphs->len;

  /* A break at byte b ends the line before the first glyph of a cluster
   * at or after b. */
  word->n_breaks = breaks->len;
  word->breaks = g_new (WordBreak, breaks->len);
  for (guint k = 0; k < breaks->len; k++)
    {
      const BreakAt *at = &g_array_index (breaks, BreakAt, k);
      guint g = 0;

      while (g < glyphs->len && g_array_index (bytes, guint, g) < at->byte)
        g++;
      word->breaks[k].glyph_end = g;
      word->breaks[k].width = g < pens->len ? g_array_index (pens, gint32, g) : pen;
      word->breaks[k].hyphen = at->hyphen;
    }
  word->glyphs = (WordGlyph *) (gpointer) g_array_free (g_steal_pointer (&glyphs), FALSE);
  return word;
}

static const Word *
lookup_word (CbzTextShaper              *self,
             const PangoFontDescription *desc,
             PangoLanguage              *language,
             const char                 *text,
             gsize                       len)
{
  WordKey key = { desc, language, text, len };
  Word *word = g_hash_table_lookup (self->words, &key);

  if (word == NULL)
    {
      WordKey *owned = g_new (WordKey, 1);

      if (g_hash_table_size (self->words) >= MAX_WORDS)
        g_hash_table_remove_all (self->words);
      *owned = key;
      owned->text = g_strndup (text, len);
      word = shape_word (self, desc, language, owned->text, len);
      g_hash_table_insert (self->words, owned, word);
    }
  return word;
}

/* The vertical metrics PangoLayout gives lines of @desc at @line_spacing. */
static const LineMetrics *
line_metrics (CbzTextShaper              *self,
              const PangoFontDescription *desc,
              double                      line_spacing)
{
  g_autofree char *key = g_strdup_printf ("%p|%g", (gpointer) desc, line_spacing);
  LineMetrics *m = g_hash_table_lookup (self->metrics, key);

  if (m == NULL)
    {
      g_autoptr(PangoLayout) layout = pango_layout_new (self->context);
      PangoRectangle one, two;

      pango_layout_set_font_description (layout, desc);
      pango_layout_set_line_spacing (layout, (float) line_spacing);
      pango_layout_set_text (layout, "Xg", -1);
      pango_layout_get_extents (layout, NULL, &one);
      m = g_new (LineMetrics, 1);
      m->first_baseline = pango_layout_get_baseline (layout);
      m->one_line = one.height;
      pango_layout_set_text (layout, "Xg\nXg", -1);
      pango_layout_get_extents (layout, NULL, &two);
      m->pitch = two.height - one.height;
      g_hash_table_insert (self->metrics, g_steal_pointer (&key), m);
    }
  return m;
}

typedef struct
{
  const Word *word;
  guint       first;      /* glyphs [first, last) of it */
  guint       last;
  gint32      shift;      /* subtracted from their x: the part before */
  gint32      width;
  gboolean    hyphen;     /* followed by a hyphen */
  gboolean    space_before;
} Piece;

/* Sets one line's pieces at @baseline; returns its width. */
static gint32
emit_line (CbzTextShaper  *self,
           CbzTextBlock   *block,
           GArray         *pieces,
           const Word     *space,
           const Word     *hyphen,
           gint32          width,
           gint32          baseline,
           PangoAlignment  align,
           gboolean        justify)
{
  gint32 natural = 0;
  guint n_spaces = 0;
  gint32 extra = 0, extra_rest = 0;
  gint32 x;

  for (guint i = 0; i < pieces->len; i++)
    {
      const Piece *p = &g_array_index (pieces, Piece, i);

      if (p->space_before)
        {
          natural += space->width;
          n_spaces++;
        }
      natural += p->width + (p->hyphen ? hyphen->width : 0);
    }
  if (justify && n_spaces > 0 && natural < width)
    {
      extra = (width - natural) / (gint32) n_spaces;
      extra_rest = (width - natural) - extra * (gint32) n_spaces;
    }
  x = extra > 0 || align == PANGO_ALIGN_LEFT ? 0
      : align == PANGO_ALIGN_RIGHT ? width - natural : (width - natural) / 2;

#define ADD_GLYPH(wg, dx) G_STMT_START { \
    const WordGlyph *g_ = (wg); \
    if (g_->glyph != PANGO_GLYPH_EMPTY) \
      block_add_glyph (block, g_ptr_array_index (self->print_fonts, g_->font), \
                       g_->glyph, pango_units_to_double ((dx) + g_->x), \
                       pango_units_to_double (baseline + g_->y)); \
  } G_STMT_END

  for (guint i = 0; i < pieces->len; i++)
    {
      const Piece *p = &g_array_index (pieces, Piece, i);

      if (p->space_before)
        {
          /* The space itself, for text extraction; the gap is wider when
           * justified (the last space takes the rounding). */
          for (guint k = 0; k < space->n_glyphs; k++)
            ADD_GLYPH (&space->glyphs[k], x);
          x += space->width + extra + (--n_spaces == 0 ? extra_rest : 0);
        }
      for (guint k = p->first; k < p->last; k++)
        ADD_GLYPH (&p->word->glyphs[k], x - p->shift);
      x += p->width;
      if (p->hyphen)
        {
          for (guint k = 0; k < hyphen->n_glyphs; k++)
            ADD_GLYPH (&hyphen->glyphs[k], x);
          x += hyphen->width;
        }
    }
#undef ADD_GLYPH
  block->n_lines++;
  return extra > 0 ? width : natural;
}

CbzTextBlock *
cbz_text_shaper_layout_paragraph (CbzTextShaper              *self,
                                  const PangoFontDescription *desc,
                                  PangoLanguage              *language,
                                  const char                 *text,
                                  double                      width,
                                  double                      line_spacing,
                                  PangoAlignment              align,
                                  gboolean                    justify)
{
  g_autoptr(CbzTextBlock) block = NULL;
  g_autoptr(GArray) pieces = g_array_new (FALSE, FALSE, sizeof (Piece));
  const LineMetrics *m;
  const Word *space, *hyphen;
  gint32 max_width = pango_units_from_double (width);
  gint32 line_width = 0;
  gint32 widest = 0;
  gint32 line;
  gint32 baseline;
  const char *p = text;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (desc != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  /* Line feeds, tabs and other controls are PangoLayout's. */
  for (const char *c = text; *c != '\0'; c++)
    {
      if ((guchar) *c < 0x20)
        return NULL;
    }

  space = lookup_word (self, desc, language, " ", 1);
  hyphen = lookup_word (self, desc, language, "-", 1);
  if (!space->usable || !hyphen->usable)
    return NULL;
  m = line_metrics (self, desc, line_spacing);

  block = block_new ();
  baseline = m->first_baseline;

  while (*p == ' ')
    p++;
  while (*p != '\0')
    {
      const char *end = strchr (p, ' ');
      gsize len = end != NULL ? (gsize) (end - p) : strlen (p);
      const Word *word = lookup_word (self, desc, language, p, len);
      Piece piece = { word, 0, word->n_glyphs, 0, word->width, FALSE, pieces->len > 0 };

      if (!word->usable)
        return NULL;

      for (;;)
        {
          gint32 needed = (piece.space_before ? space->width : 0) + piece.width;
          gint32 room = max_width - line_width;
          gboolean placed = FALSE;

          if (needed <= room)
            {
              g_array_append_val (pieces, piece);
              line_width += needed;
              break;
            }

          /* The longest start of the word that fits, at a break. */
          for (guint k = word->n_breaks; k-- > 0 && !placed;)
            {
              const WordBreak *b = &word->breaks[k];
              gint32 part = b->width - piece.shift;

              if (b->glyph_end <= piece.first || b->glyph_end >= piece.last)
                continue;
              if ((piece.space_before ? space->width : 0) + part + (b->hyphen ? hyphen->width : 0) <= room)
                {
                  Piece head = piece;

                  head.last = b->glyph_end;
                  head.width = part;
                  head.hyphen = b->hyphen;
                  g_array_append_val (pieces, head);
                  line = emit_line (self, block, pieces, space, hyphen, max_width, baseline, align, justify);
                  widest = MAX (widest, line);
                  baseline += m->pitch;
                  g_array_set_size (pieces, 0);
                  line_width = 0;

                  piece.first = b->glyph_end;
                  piece.shift = b->width;
                  piece.width = word->width - b->width;
                  piece.space_before = FALSE;
                  placed = TRUE;
                }
            }
          if (placed)
            continue;

          /* Nothing of it fits here: a new line, unless this one is empty
           * (a word wider than the line is PangoLayout's to cut). */
          if (pieces->len == 0)
            return NULL;
          line = emit_line (self, block, pieces, space, hyphen, max_width, baseline, align, justify);
          widest = MAX (widest, line);
          baseline += m->pitch;
          g_array_set_size (pieces, 0);
          line_width = 0;
          piece.space_before = FALSE;
        }

      p += len;
      while (*p == ' ')
        p++;
    }
  if (pieces->len > 0)
    {
      line = emit_line (self, block, pieces, space, hyphen, max_width, baseline, align, FALSE);
      widest = MAX (widest, line);
    }

  /* As PangoLayout measures a layout with a width: as wide as the width
   * unless left-aligned. */
  block->width = pango_units_to_double (align == PANGO_ALIGN_LEFT ? widest : max_width);
  block->ink_width = pango_units_to_double (widest);
  block->baseline = pango_units_to_double (m->first_baseline);
  block->height = pango_units_to_double (m->one_line + (gint32) (MAX (block->n_lines, 1) - 1) * m->pitch);
  return g_steal_pointer (&block);
}

CbzTextBlock *
cbz_text_shaper_block_from_layout (CbzTextShaper *self,
                                   PangoLayout   *layout)
{
  CbzTextBlock *block = block_new ();
  const char *text = pango_layout_get_text (layout);
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  PangoRectangle ink, logical;

  do
    {
      PangoLayoutRun *run = pango_layout_iter_get_run_readonly (iter);
      PangoRectangle extents;
      cairo_scaled_font_t *font;
      guint index;
      int baseline, x;

      if (run == NULL)
        {
          /* The end of a line. */
          block->n_lines++;
          continue;
        }
      index = font_index (self, run->item->analysis.font);
      font = g_ptr_array_index (self->print_fonts, index);
      if (font == NULL)
        continue;
      pango_layout_iter_get_run_extents (iter, NULL, &extents);
      baseline = pango_layout_iter_get_baseline (iter);
      x = extents.x;
      for (int i = 0; i < run->glyphs->num_glyphs; i++)
        {
          const PangoGlyphInfo *info = &run->glyphs->glyphs[i];
          guint32 glyph = info->glyph;

          if (glyph != PANGO_GLYPH_EMPTY)
            {
              const char *cluster = text + run->item->offset + run->glyphs->log_clusters[i];
              hb_codepoint_t space;

              /* Missing from every font: the font's own "missing" box. */
              if (glyph & PANGO_GLYPH_UNKNOWN_FLAG)
                glyph = 0;
              /* As in emit_line(). */
              else if (strncmp (cluster, "\u202f", 3) == 0 &&
                       hb_font_get_nominal_glyph (pango_font_get_hb_font (run->item->analysis.font), ' ', &space))
                glyph = space;
              block_add_glyph (block, font, glyph, pango_units_to_double (x + info->geometry.x_offset),
                               pango_units_to_double (baseline + info->geometry.y_offset));
            }
          x += info->geometry.width;
        }
    }
  while (pango_layout_iter_next_run (iter));
  pango_layout_iter_free (iter);

  pango_layout_get_extents (layout, &ink, &logical);
  block->width = pango_units_to_double (logical.width);
  block->height = pango_units_to_double (logical.height);
  block->baseline = pango_units_to_double (pango_layout_get_baseline (layout));
  block->ink_width = pango_units_to_double (ink.width);
  return block;
}

CbzTextBlock *
cbz_text_block_ref (CbzTextBlock *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
cbz_text_block_unref (CbzTextBlock *self)
{
  if (self == NULL || !g_atomic_int_dec_and_test (&self->ref_count))
    return;

  g_clear_pointer (&self->glyphs, g_array_unref);
  g_clear_pointer (&self->runs, g_array_unref);
  g_free (self);
}

double
cbz_text_block_get_width (const CbzTextBlock *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->width;
}

double
cbz_text_block_get_height (const CbzTextBlock *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->height;
}

double
cbz_text_block_get_baseline (const CbzTextBlock *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->baseline;
}

double
cbz_text_block_get_ink_width (const CbzTextBlock *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->ink_width;
}

guint
cbz_text_block_get_n_lines (const CbzTextBlock *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_lines;
}

void
cbz_text_block_draw (const CbzTextBlock *self,
                     cairo_t            *cr,
                     double              x,
                     double              y)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  if (self->runs->len == 0)
    return;
  cairo_save (cr);
  cairo_translate (cr, x, y);
  for (guint i = 0; i < self->runs->len; i++)
    {
      const Run *run = &g_array_index (self->runs, Run, i);

      cairo_set_scaled_font (cr, run->font);
      cairo_show_glyphs (cr, &g_array_index (self->glyphs, cairo_glyph_t, run->start), (int) run->n);
    }
  cairo_restore (cr);
}

typedef struct
{
  cairo_scaled_font_t *font;     /* a block's, not referenced: blocks outlive the batch */
  const double        *color;
  GArray              *glyphs;   /* cairo_glyph_t, in page coordinates */
} BatchGroup;

struct _CbzTextBatch
{
  GArray *groups;   /* BatchGroup */
};

static void
batch_group_clear (gpointer data)
{
  BatchGroup *group = data;

  g_clear_pointer (&group->glyphs, g_array_unref);
}

CbzTextBatch *
cbz_text_batch_new (void)
{
  CbzTextBatch *self = g_new0 (CbzTextBatch, 1);

  self->groups = g_array_new (FALSE, FALSE, sizeof (BatchGroup));
  g_array_set_clear_func (self->groups, batch_group_clear);
  return self;
}

void
cbz_text_batch_add (CbzTextBatch       *self,
                    const CbzTextBlock *block,
                    double              x,
                    double              y,
                    const double       *color)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (block != NULL);
  g_return_if_fail (color != NULL);

  for (guint i = 0; i < block->runs->len; i++)
    {
      const Run *run = &g_array_index (block->runs, Run, i);
      BatchGroup *group = NULL;
      guint start;

      for (guint g = 0; g < self->groups->len && group == NULL; g++)
        {
          BatchGroup *candidate = &g_array_index (self->groups, BatchGroup, g);

          if (candidate->font == run->font &&
              (candidate->color == color || memcmp (candidate->color, color, 3 * sizeof (double)) == 0))
            group = candidate;
        }
      if (group == NULL)
        {
          BatchGroup fresh = { run->font, color, g_array_sized_new (FALSE, FALSE, sizeof (cairo_glyph_t), 256) };

          g_array_append_val (self->groups, fresh);
          group = &g_array_index (self->groups, BatchGroup, self->groups->len - 1);
        }

      start = group->glyphs->len;
      g_array_append_vals (group->glyphs, &g_array_index (block->glyphs, cairo_glyph_t, run->start), run->n);
      for (guint k = start; k < group->glyphs->len; k++)
        {
          cairo_glyph_t *glyph = &g_array_index (group->glyphs, cairo_glyph_t, k);

          glyph->x += x;
          glyph->y += y;
        }
    }
}

void
cbz_text_batch_draw (CbzTextBatch *self,
                     cairo_t      *cr)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  for (guint g = 0; g < self->groups->len; g++)
    {
      const BatchGroup *group = &g_array_index (self->groups, BatchGroup, g);

      cairo_set_source_rgb (cr, group->color[0], group->color[1], group->color[2]);
      cairo_set_scaled_font (cr, group->font);
      cairo_show_glyphs (cr, (const cairo_glyph_t *) (gconstpointer) group->glyphs->data, (int) group->glyphs->len);
    }
}

void
cbz_text_batch_free (CbzTextBatch *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->groups, g_array_unref);
  g_free (self);
}
