/* cbz-letter-image.h: the letterhead's logo and the signature, PNG or SVG
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* TRUE when @bytes hold an SVG document rather than a PNG. */
gboolean         cbz_letter_image_is_svg  (GBytes   *bytes);

/* Decodes a PNG, or draws an SVG at 300 dpi to fit a @box_width x
 * @box_height box (in points) keeping its proportions. Fails with a
 * G_IO_ERROR_INVALID_DATA naming what is wrong when neither can be read. */
cairo_surface_t *cbz_letter_image_decode  (GBytes   *bytes,
                                           double    box_width,
                                           double    box_height,
                                           GError  **error);

/* Gives an opaque image (CAIRO_FORMAT_RGB24) a JPEG rendering of itself,
 * at a quality where nothing is lost to the eye, as cairo mime data: PDFs
 * then carry those bytes as they are instead of compressing the pixels
 * again in each of them. FALSE (and no change) when it cannot be encoded. */
gboolean         cbz_letter_image_attach_jpeg (cairo_surface_t *image);

G_END_DECLS
