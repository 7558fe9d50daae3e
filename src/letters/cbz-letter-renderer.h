/* cbz-letter-renderer.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "cbz-company-profile.h"
#include "cbz-letter.h"
#include "cbz-letter-template.h"

G_BEGIN_DECLS

/*
 * Lays letters out with Pango and draws them with cairo: onto a PDF surface
 * (cbz_letter_pdf_*), or onto any cairo_t, e.g. GtkPrintOperation's, page by
 * page (cbz_letter_document_draw_page). A renderer holds Pango state and the
 * decoded images of one company profile; it and the documents it makes
 * belong to the thread that created them (make one renderer per thread).
 */

typedef struct _CbzLetterRenderer CbzLetterRenderer;
typedef struct _CbzLetterDocument CbzLetterDocument;
typedef struct _CbzLetterPdf      CbzLetterPdf;

CbzLetterRenderer *cbz_letter_renderer_new            (const CbzCompanyProfile *profile,
                                                       GError                 **error);
void               cbz_letter_renderer_free           (CbzLetterRenderer       *self);
const CbzCompanyProfile *cbz_letter_renderer_get_profile (CbzLetterRenderer    *self);

/* Lays out @letter with @template_text (NULL: the built-in text of its level
 * and language). Errors: CBZ_TEMPLATE_ERROR, CBZ_LETTER_ERROR. */
CbzLetterDocument *cbz_letter_renderer_layout         (CbzLetterRenderer       *self,
                                                       const CbzLetter         *letter,
                                                       const char              *template_text,
                                                       GError                 **error);

void               cbz_letter_document_free           (CbzLetterDocument       *self);
guint              cbz_letter_document_get_n_pages    (CbzLetterDocument       *self);
void               cbz_letter_document_get_page_size  (CbzLetterDocument       *self,
                                                       double                  *width,
                                                       double                  *height);
const char        *cbz_letter_document_get_title      (CbzLetterDocument       *self);
const char        *cbz_letter_document_get_subject    (CbzLetterDocument       *self);
/* The payment link printed (and linked and put in the QR code), or NULL. */
const char        *cbz_letter_document_get_payment_link (CbzLetterDocument     *self);
const CbzLetter   *cbz_letter_document_get_letter     (CbzLetterDocument       *self);
/* Draws page @page (0-based) with its top-left corner at the origin, in points. */
void               cbz_letter_document_draw_page      (CbzLetterDocument       *self,
                                                       cairo_t                 *cr,
                                                       guint                    page);
/* The whole letter as a PDF of its own. */
GBytes            *cbz_letter_document_to_pdf         (CbzLetterDocument       *self,
                                                       GError                 **error);

/* A PDF made of several letters (batch printing). */
CbzLetterPdf      *cbz_letter_pdf_new                 (const char              *path,
                                                       const char              *title,
                                                       const char              *author);
void               cbz_letter_pdf_add                 (CbzLetterPdf            *self,
                                                       CbzLetterDocument       *document);
/* Writes the file (or, for a NULL path, returns the bytes in @out_bytes). */
gboolean           cbz_letter_pdf_finish              (CbzLetterPdf            *self,
                                                       GBytes                 **out_bytes,
                                                       GError                 **error);
void               cbz_letter_pdf_free                (CbzLetterPdf            *self);

/* The template text for @letter (NULL: the built-in one for its level). */
typedef const char *(*CbzLetterTemplateFunc)          (const CbzLetter         *letter,
                                                       gpointer                 user_data);
/* @document was just added to the PDF (and is freed afterwards). */
typedef void        (*CbzLetterAddedFunc)             (guint                    index,
                                                       CbzLetterDocument       *document,
                                                       gpointer                 user_data);

gboolean           cbz_letter_pdf_add_letters         (CbzLetterPdf            *self,
                                                       const CbzCompanyProfile *profile,
                                                       CbzLetter * const       *letters,
                                                       guint                    n_letters,
                                                       CbzLetterTemplateFunc    template_func,
                                                       gpointer                 template_data,
                                                       CbzLetterAddedFunc       added_func,
                                                       gpointer                 added_data,
                                                       GCancellable            *cancellable,
                                                       GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzLetterRenderer, cbz_letter_renderer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzLetterDocument, cbz_letter_document_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzLetterPdf, cbz_letter_pdf_free)

G_END_DECLS
