/* cbz-letter-image.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <librsvg/rsvg.h>
#include <math.h>
#include <string.h>

#include "cbz-letter-image.h"

#include <setjmp.h>
#include <stdio.h>
#include <jpeglib.h>

#define PRINT_DPI 300.0

gboolean
cbz_letter_image_is_svg (GBytes *bytes)
{
  gsize size = 0;
  const char *data;
  gsize head;

  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &size);
  if (size >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return FALSE;
  /* An XML document with an <svg> element near its start (after an XML
   * declaration, comments or a doctype). */
  head = MIN (size, 4096);
  return g_strstr_len (data, (gssize) head, "<svg") != NULL;
}

static cairo_status_t
read_bytes_cb (void          *closure,
               unsigned char *data,
               unsigned int   length)
{
  GInputStream *stream = closure;
  gsize n = 0;

  if (!g_input_stream_read_all (stream, data, length, &n, NULL, NULL) || n != length)
    return CAIRO_STATUS_READ_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *
decode_png (GBytes  *bytes,
            GError **error)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  cairo_surface_t *surface;

  surface = cairo_image_surface_create_from_png_stream (read_bytes_cb, stream);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("it is neither a PNG nor an SVG image that can be read (%s)"),
                   cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return NULL;
    }
  return surface;
}

static cairo_surface_t *
draw_svg (GBytes  *bytes,
          double   box_width,
          double   box_height,
          GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GObject) handle_object = NULL;
  RsvgHandle *handle;
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  gboolean has_width, has_height, has_viewbox;
  RsvgLength width, height;
  RsvgRectangle viewbox;
  RsvgRectangle viewport;
  double aspect_w = box_width, aspect_h = box_height;
  double box_px_w = box_width / 72.0 * PRINT_DPI;
  double box_px_h = box_height / 72.0 * PRINT_DPI;
  double px_w, px_h, scale;
  cairo_surface_t *surface;
  cairo_t *cr;
  gboolean ok;

  /* librsvg 2.54 has no autoptr for its handle: hold it as a GObject. */
  handle = rsvg_handle_new_from_data (data, size, &local_error);
  handle_object = G_OBJECT (handle);
  if (handle == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("it is not an SVG image that can be read (%s)"), local_error->message);
      return NULL;
    }
  rsvg_handle_set_dpi (handle, PRINT_DPI);

  /* Its proportions: from its size, else its viewBox, else the box's. */
  rsvg_handle_get_intrinsic_dimensions (handle, &has_width, &width, &has_height, &height,
                                        &has_viewbox, &viewbox);
  if (!rsvg_handle_get_intrinsic_size_in_pixels (handle, &aspect_w, &aspect_h) ||
      aspect_w <= 0 || aspect_h <= 0)
    {
      if (has_viewbox && viewbox.width > 0 && viewbox.height > 0)
        {
          aspect_w = viewbox.width;
          aspect_h = viewbox.height;
        }
      else
        {
          aspect_w = box_width;
          aspect_h = box_height;
        }
    }

  scale = MIN (box_px_w / aspect_w, box_px_h / aspect_h);
  px_w = MAX (1.0, ceil (aspect_w * scale));
  px_h = MAX (1.0, ceil (aspect_h * scale));

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) px_w, (int) px_h);
  cr = cairo_create (surface);
  viewport = (RsvgRectangle) { 0, 0, px_w, px_h };
  ok = rsvg_handle_render_document (handle, cr, &viewport, &local_error);
  cairo_destroy (cr);
  if (!ok)
    {
      cairo_surface_destroy (surface);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("its SVG could not be drawn (%s)"), local_error->message);
      return NULL;
    }
  return surface;
}

cairo_surface_t *
cbz_letter_image_decode (GBytes  *bytes,
                         double   box_width,
                         double   box_height,
                         GError **error)
{
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (box_width > 0 && box_height > 0, NULL);

  if (cbz_letter_image_is_svg (bytes))
    return draw_svg (bytes, box_width, box_height, error);
  return decode_png (bytes, error);
}

/* Quality 95 without chroma subsampling: the coloured edges of a logo stay
 * as sharp as the pixels (the usual 4:2:0 halves their colour). */
#define JPEG_QUALITY 95

typedef struct
{
  struct jpeg_error_mgr base;
  jmp_buf               escape;
} JpegErrors;

/* libjpeg's own handler exits the process. */
static void
jpeg_error_exit (j_common_ptr cinfo)
{
  JpegErrors *errors = (JpegErrors *) (gpointer) cinfo->err;

  longjmp (errors->escape, 1);
}

/* Encodes @image (RGB24) into *@out, a buffer from malloc(); @row holds
 * one row of RGB samples. */
static gboolean
encode_jpeg (cairo_surface_t  *image,
             guchar           *row,
             unsigned char   **out,
             unsigned long    *out_size)
{
  struct jpeg_compress_struct cinfo;
  JpegErrors jerr;
  const guchar *data = cairo_image_surface_get_data (image);
  int width = cairo_image_surface_get_width (image);
  int stride = cairo_image_surface_get_stride (image);

  cinfo.err = jpeg_std_error (&jerr.base);
  jerr.base.error_exit = jpeg_error_exit;
  if (setjmp (jerr.escape) != 0)
    {
      jpeg_destroy_compress (&cinfo);
      return FALSE;
    }
  jpeg_create_compress (&cinfo);
  jpeg_mem_dest (&cinfo, out, out_size);
  cinfo.image_width = (JDIMENSION) width;
  cinfo.image_height = (JDIMENSION) cairo_image_surface_get_height (image);
  cinfo.input_components = 3;
  cinfo.in_color_space = JCS_RGB;
  jpeg_set_defaults (&cinfo);
  jpeg_set_quality (&cinfo, JPEG_QUALITY, TRUE);
  for (int c = 0; c < 3; c++)
    {
      cinfo.comp_info[c].h_samp_factor = 1;
      cinfo.comp_info[c].v_samp_factor = 1;
    }
  jpeg_start_compress (&cinfo, TRUE);

  while (cinfo.next_scanline < cinfo.image_height)
    {
      const guint32 *pixels = (const guint32 *) (gconstpointer) (data + (gsize) cinfo.next_scanline * stride);
      JSAMPROW rows[1] = { row };

      for (int x = 0; x < width; x++)
        {
          row[x * 3] = (pixels[x] >> 16) & 0xff;
          row[x * 3 + 1] = (pixels[x] >> 8) & 0xff;
          row[x * 3 + 2] = pixels[x] & 0xff;
        }
      jpeg_write_scanlines (&cinfo, rows, 1);
    }
  jpeg_finish_compress (&cinfo);
  jpeg_destroy_compress (&cinfo);
  return TRUE;
}

gboolean
cbz_letter_image_attach_jpeg (cairo_surface_t *image)
{
  g_autofree guchar *row = NULL;
  unsigned char *out = NULL;
  unsigned long out_size = 0;

  g_return_val_if_fail (image != NULL, FALSE);

  if (cairo_surface_get_type (image) != CAIRO_SURFACE_TYPE_IMAGE ||
      cairo_image_surface_get_format (image) != CAIRO_FORMAT_RGB24)
    return FALSE;
  cairo_surface_flush (image);
  if (cairo_image_surface_get_data (image) == NULL || cairo_image_surface_get_width (image) <= 0 ||
      cairo_image_surface_get_height (image) <= 0)
    return FALSE;

  row = g_malloc ((gsize) cairo_image_surface_get_width (image) * 3);
  if (!encode_jpeg (image, row, &out, &out_size) ||
      cairo_surface_set_mime_data (image, CAIRO_MIME_TYPE_JPEG, out, out_size, free, out) != CAIRO_STATUS_SUCCESS)
    {
      free (out);
      return FALSE;
    }
  return TRUE;
}
