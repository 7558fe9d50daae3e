/* cbz-letter-window-output.c: saving and printing a letter, and keeping it on the timeline
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-letter-archive.h"
#include "cbz-letter-renderer.h"
#include "cbz-letter-window-private.h"

/* The letter as it went out, kept on the customer's timeline: written on
 * one of the store's worker connections (the PDF is written to disk and
 * flushed before the event is recorded). */
typedef struct
{
  CbzLetter *letter;
  char      *subject;
  guint      n_pages;
  GBytes    *pdf;
} RecordJob;

typedef struct
{
  CbzLetterWindow *self;
  const char      *done_message;
} RecordDone;

static void
record_job_free (RecordJob *job)
{
  cbz_letter_free (job->letter);
  g_free (job->subject);
  g_bytes_unref (job->pdf);
  g_free (job);
}

static gboolean
record_job_run (CbzStore      *worker,
                gpointer       data,
                gpointer      *out_result,
                GCancellable  *cancellable,
                GError       **error)
{
  RecordJob *job = data;

  return cbz_letter_archive_add (worker, job->letter, job->subject, job->n_pages, job->pdf, error) != 0;
}

static void
on_letter_recorded_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  RecordDone *done = user_data;
  g_autoptr(CbzLetterWindow) self = done->self;
  g_autoptr(GError) error = NULL;

  if (!cbz_store_run_finish (CBZ_STORE (source), result, NULL, &error))
    {
      /* Translators: %s says why, e.g. "The documents folder … could not be created: …" */
      g_autofree char *message = g_strdup_printf (_("The letter was not added to the timeline: %s"), error->message);

      _cbz_letter_window_show_toast (self, message);
    }
  else
    _cbz_letter_window_show_toast (self, done->done_message);
  g_free (done);
}

static void
record_letter (CbzLetterWindow *self,
               const char      *done_message)
{
  RecordJob *job;
  RecordDone *done;

  g_return_if_fail (self->pdf != NULL && self->letter != NULL);

  job = g_new0 (RecordJob, 1);
  job->letter = cbz_letter_copy (self->letter);
  job->subject = g_strdup (self->subject);
  job->n_pages = self->n_pages;
  job->pdf = g_bytes_ref (self->pdf);
  done = g_new0 (RecordDone, 1);
  done->self = g_object_ref (self);
  done->done_message = done_message;
  cbz_store_run_async (self->store, record_job_run, job, (GDestroyNotify) record_job_free, NULL, NULL,
                       on_letter_recorded_cb, done);
}

static void
save_to (CbzLetterWindow *self,
         GFile           *file)
{
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents (file, g_bytes_get_data (self->pdf, NULL), g_bytes_get_size (self->pdf),
                                NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, &error))
    _cbz_letter_window_show_toast (self, error->message);
  else
    record_letter (self, _("Letter saved and added to the timeline"));
}

static void
on_save_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  CbzLetterWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT && self->pdf != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      save_to (self, file);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

void
_cbz_letter_window_save_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CbzLetterWindow *self = CBZ_LETTER_WINDOW (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *ascii = g_str_to_ascii (self->letter != NULL ? self->letter->name : "", "C");
  g_autofree char *name = NULL;

  for (char *p = ascii; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      *p = '-';
  /* Translators: the suggested file name of a saved letter; keep the .pdf */
  name = g_strdup_printf (_("letter-%s.pdf"), ascii);

  dialog = gtk_file_chooser_native_new (_("Save Letter as PDF"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_signal_connect (dialog, "response", G_CALLBACK (on_save_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

typedef struct
{
  CbzLetterWindow   *self;
  CbzLetterRenderer *renderer;
  CbzLetterDocument *doc;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_clear_pointer (&job->doc, cbz_letter_document_free);
  g_clear_pointer (&job->renderer, cbz_letter_renderer_free);
  g_clear_object (&job->self);
  g_free (job);
}

/* The printer gets the same cairo drawing as the PDF, not a picture of it. */
static void
on_draw_page_cb (GtkPrintOperation *operation,
                 GtkPrintContext   *context,
                 int                page,
                 gpointer           user_data)
{
  PrintJob *job = user_data;

  cbz_letter_document_draw_page (job->doc, gtk_print_context_get_cairo_context (context), (guint) page);
}

void
_cbz_letter_window_print_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CbzLetterWindow *self = CBZ_LETTER_WINDOW (widget);
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPageSetup) setup = NULL;
  g_autoptr(GtkPaperSize) paper = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = _cbz_letter_window_get_text (self);
  GtkPrintOperationResult result;
  PrintJob *job;

  job = g_new0 (PrintJob, 1);
  job->self = g_object_ref (self);
  job->renderer = cbz_letter_renderer_new (self->profile, &error);
  if (job->renderer != NULL)
    job->doc = cbz_letter_renderer_layout (job->renderer, self->letter, text, &error);
  if (job->doc == NULL)
    {
      _cbz_letter_window_show_toast (self, error->message);
      print_job_free (job);
      return;
    }

  operation = gtk_print_operation_new ();
  paper = gtk_paper_size_new (self->profile->paper == CBZ_PAPER_LETTER ? GTK_PAPER_NAME_LETTER : GTK_PAPER_NAME_A4);
  setup = gtk_page_setup_new ();
  gtk_page_setup_set_paper_size_and_default_margins (setup, paper);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_n_pages (operation, (int) cbz_letter_document_get_n_pages (job->doc));
  gtk_print_operation_set_job_name (operation, cbz_letter_document_get_title (job->doc));
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect_data (operation, "draw-page", G_CALLBACK (on_draw_page_cb), job,
                         (GClosureNotify) print_job_free, 0);

  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, GTK_WINDOW (self), &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    _cbz_letter_window_show_toast (self, error->message);
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY && self->pdf != NULL)
    record_letter (self, _("Letter sent to the printer and added to the timeline"));
}

void
cbz_letter_window_save_to (CbzLetterWindow *self,
                           GFile           *file)
{
  g_return_if_fail (CBZ_IS_LETTER_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->pdf != NULL);

  save_to (self, file);
}

