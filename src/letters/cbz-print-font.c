/* cbz-print-font.c: the fonts letters are printed with
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo-ft.h>
#include <hb.h>
#include <hb-subset.h>
#include <pango/pangofc-font.h>

#include "cbz-letter-text-private.h"

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
cairo_scaled_font_t *
_cbz_print_font_new (PangoFont  *font,
                     GHashTable *faces)
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

  face = g_hash_table_lookup (faces, key);
  if (face == NULL && (face = print_face_new (data)) != NULL)
    g_hash_table_insert (faces, g_steal_pointer (&key), face);

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
