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

G_END_DECLS
