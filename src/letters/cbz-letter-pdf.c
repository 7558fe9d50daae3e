/* cbz-letter-pdf.c: letters as PDF files
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>

#include "cbz-letter-renderer-private.h"

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

