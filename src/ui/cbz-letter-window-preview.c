/* cbz-letter-window-preview.c: the letter window's preview, rendered off the main thread
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <poppler.h>

#include "cbz-letter-renderer.h"
#include "cbz-letter-window-private.h"

#define RENDER_DELAY_MS 120

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

typedef struct
{
  CbzLetter         *letter;
  CbzCompanyProfile *profile;
  char              *text;
  guint              page;
  double             scale;
  guint              serial;
} RenderInput;

typedef struct
{
  GBytes *pdf;
  char   *subject;
  guint   n_pages;
  int     width, height, stride;
  GBytes *pixels;
} RenderOutput;

static void
render_input_free (RenderInput *input)
{
  cbz_letter_free (input->letter);
  cbz_company_profile_free (input->profile);
  g_free (input->text);
  g_free (input);
}

static void
render_output_free (RenderOutput *output)
{
  g_clear_pointer (&output->pdf, g_bytes_unref);
  g_clear_pointer (&output->pixels, g_bytes_unref);
  g_free (output->subject);
  g_free (output);
}

/* Worker thread: the letter to PDF bytes, then page N of that very PDF to
 * pixels with poppler — the preview shows what Save writes. */
static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RenderInput *input = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzLetterRenderer) renderer = NULL;
  g_autoptr(CbzLetterDocument) doc = NULL;
  g_autoptr(PopplerDocument) pdoc = NULL;
  g_autoptr(PopplerPage) page = NULL;
  RenderOutput *output;
  cairo_surface_t *surface;
  cairo_t *cr;
  double w, h;

  renderer = cbz_letter_renderer_new (input->profile, &error);
  if (renderer != NULL)
    doc = cbz_letter_renderer_layout (renderer, input->letter, input->text, &error);
  if (doc == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  output = g_new0 (RenderOutput, 1);
  output->pdf = cbz_letter_document_to_pdf (doc, &error);
  output->subject = g_strdup (cbz_letter_document_get_subject (doc));
  output->n_pages = cbz_letter_document_get_n_pages (doc);
  if (output->pdf == NULL || g_task_return_error_if_cancelled (task))
    {
      if (error != NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      render_output_free (output);
      return;
    }

  pdoc = poppler_document_new_from_bytes (output->pdf, NULL, &error);
  if (pdoc == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      render_output_free (output);
      return;
    }
  page = poppler_document_get_page (pdoc, MIN (input->page, output->n_pages - 1));
  poppler_page_get_size (page, &w, &h);

  output->width = (int) (w * input->scale);
  output->height = (int) (h * input->scale);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, output->width, output->height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, input->scale, input->scale);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  output->stride = cairo_image_surface_get_stride (surface);
  output->pixels = g_bytes_new (cairo_image_surface_get_data (surface), (gsize) output->stride * output->height);
  cairo_surface_destroy (surface);

  g_task_return_pointer (task, output, (GDestroyNotify) render_output_free);
}

static void
on_render_finished_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(CbzLetterWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  RenderOutput *output;

  RenderInput *input = g_task_get_task_data (G_TASK (result));

  output = g_task_propagate_pointer (G_TASK (result), &error);
  /* A newer preview is on its way (or the window closed): drop this one. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || input->serial != self->serial)
    {
      g_clear_pointer (&output, render_output_free);
      return;
    }

  gtk_spinner_stop (self->spinner);
  if (output == NULL)
    {
      gtk_label_set_label (self->problems_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->problems_label), TRUE);
      g_clear_pointer (&self->pdf, g_bytes_unref);
      self->n_pages = 0;
      _cbz_letter_window_update_labels (self);
      _cbz_letter_window_update_actions (self);
      return;
    }

  g_clear_pointer (&self->pdf, g_bytes_unref);
  self->pdf = g_bytes_ref (output->pdf);
  g_free (self->subject);
  self->subject = g_strdup (output->subject);
  self->n_pages = output->n_pages;
  self->page = MIN (self->page, self->n_pages - 1);

  /* cairo's ARGB32 is GDK's default memory format on little- and big-endian alike. */
  texture = gdk_memory_texture_new (output->width, output->height, GDK_MEMORY_DEFAULT,
                                    output->pixels, output->stride);
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  render_output_free (output);

  _cbz_letter_window_update_labels (self);
  _cbz_letter_window_update_actions (self);
}

void
_cbz_letter_window_start_render (CbzLetterWindow *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *text = NULL;
  RenderInput *input;
  int scale_factor;

  g_clear_handle_id (&self->render_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->letter == NULL)
    {
      gtk_spinner_stop (self->spinner);
      return;
    }

  text = _cbz_letter_window_get_text (self);
  problems = cbz_template_check (text);
  if (problems->len > 0)
    {
      /* The editor shows what is wrong; the last good preview stays. */
      gtk_spinner_stop (self->spinner);
      return;
    }

  scale_factor = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  input = g_new0 (RenderInput, 1);
  input->letter = cbz_letter_copy (self->letter);
  input->profile = cbz_company_profile_copy (self->profile);
  input->text = g_steal_pointer (&text);
  input->page = self->page;
  /* 1.0 is the page at 96 dpi: 72 pt × 4/3 px. */
  input->scale = self->zoom * 4.0 / 3.0 * scale_factor;

  self->cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->cancellable, on_render_finished_cb, g_object_ref (self));
  input->serial = ++self->serial;
  g_task_set_source_tag (task, _cbz_letter_window_start_render);
  g_task_set_task_data (task, input, (GDestroyNotify) render_input_free);
  gtk_spinner_start (self->spinner);
  g_task_run_in_thread (task, render_thread);
}

static gboolean
render_timeout_cb (gpointer user_data)
{
  CbzLetterWindow *self = user_data;

  self->render_id = 0;
  _cbz_letter_window_start_render (self);
  return G_SOURCE_REMOVE;
}

void
_cbz_letter_window_schedule_render (CbzLetterWindow *self)
{
  g_clear_handle_id (&self->render_id, g_source_remove);
  self->render_id = g_timeout_add (RENDER_DELAY_MS, render_timeout_cb, self);
}

