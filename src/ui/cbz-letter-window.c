/* cbz-letter-window.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <poppler.h>

#include "cbz-company-profile.h"
#include "cbz-letter-archive.h"
#include "cbz-letter-renderer.h"
#include "cbz-letter-template.h"
#include "cbz-letter-window.h"
#include "cbz-ui-format.h"

#define RENDER_DELAY_MS 120
#define ZOOM_MIN 0.5
#define ZOOM_MAX 3.0

struct _CbzLetterWindow
{
  AdwWindow           parent_instance;

  CbzStore           *store;
  gint64              debtor_id;
  CbzLetter          *letter;
  CbzCompanyProfile  *profile;
  char               *letter_error;   /* why there is no letter, or NULL */

  GCancellable       *cancellable;    /* the preview being rendered */
  guint               render_id;
  guint               serial;
  GBytes             *pdf;
  char               *subject;
  guint               page;
  guint               n_pages;
  double              zoom;
  gboolean            loading_text;

  AdwToastOverlay    *toast_overlay;
  GtkDropDown        *level_dropdown;
  GtkDropDown        *language_dropdown;
  GtkTextView        *editor;
  GtkLabel           *problems_label;
  GtkLabel           *variables_label;
  GtkLabel           *template_state_label;
  GtkPicture         *picture;
  GtkLabel           *page_label;
  GtkLabel           *zoom_label;
  GtkSpinner         *spinner;
};

G_DEFINE_FINAL_TYPE (CbzLetterWindow, cbz_letter_window, ADW_TYPE_WINDOW)

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

static CbzLetterLevel
current_level (CbzLetterWindow *self)
{
  return (CbzLetterLevel) (gtk_drop_down_get_selected (self->level_dropdown) + 1);
}

static const char *
current_language (CbzLetterWindow *self)
{
  return gtk_drop_down_get_selected (self->language_dropdown) == 1 ? "en" : "es";
}

static char *
editor_text (CbzLetterWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->editor);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
show_toast (CbzLetterWindow *self,
            const char      *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
update_actions (CbzLetterWindow *self)
{
  gboolean ready = self->pdf != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "letter.save", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "letter.print", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "letter.previous-page", ready && self->page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "letter.next-page", ready && self->page + 1 < self->n_pages);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "letter.zoom-in", self->zoom < ZOOM_MAX);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "letter.zoom-out", self->zoom > ZOOM_MIN);
}

static void
update_labels (CbzLetterWindow *self)
{
  g_autofree char *zoom = g_strdup_printf ("%d %%", (int) (self->zoom * 100 + 0.5));

  gtk_label_set_label (self->zoom_label, zoom);
  if (self->n_pages > 0)
    {
      /* Translators: page navigation under the letter preview */
      g_autofree char *page = g_strdup_printf (_("Page %u of %u"), self->page + 1, self->n_pages);
      gtk_label_set_label (self->page_label, page);
    }
  else
    gtk_label_set_label (self->page_label, "");
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
      update_labels (self);
      update_actions (self);
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

  update_labels (self);
  update_actions (self);
}

static void
start_render (CbzLetterWindow *self)
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

  text = editor_text (self);
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
  g_task_set_source_tag (task, start_render);
  g_task_set_task_data (task, input, (GDestroyNotify) render_input_free);
  gtk_spinner_start (self->spinner);
  g_task_run_in_thread (task, render_thread);
}

static gboolean
render_timeout_cb (gpointer user_data)
{
  CbzLetterWindow *self = user_data;

  self->render_id = 0;
  start_render (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_render (CbzLetterWindow *self)
{
  g_clear_handle_id (&self->render_id, g_source_remove);
  self->render_id = g_timeout_add (RENDER_DELAY_MS, render_timeout_cb, self);
}

/* Underlines every bad placeholder and lists the problems under the editor. */
static void
check_template (CbzLetterWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->editor);
  g_autofree char *text = editor_text (self);
  g_autoptr(GPtrArray) problems = cbz_template_check (text);
  g_autoptr(GString) messages = g_string_new (NULL);

  cbz_ui_mark_template_problems (buffer, text, problems);
  for (guint i = 0; i < problems->len; i++)
    {
      CbzTemplateDiagnostic *d = g_ptr_array_index (problems, i);

      if (messages->len > 0)
        g_string_append_c (messages, '\n');
      g_string_append (messages, d->message);
    }

  if (messages->len == 0 && self->letter_error != NULL)
    g_string_append (messages, self->letter_error);
  gtk_label_set_label (self->problems_label, messages->str);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), messages->len > 0);
}

static void
on_text_changed_cb (CbzLetterWindow *self)
{
  if (self->loading_text)
    return;
  check_template (self);
  gtk_label_set_label (self->template_state_label, _("Edited for this letter"));
  schedule_render (self);
}

static void
load_template_text (CbzLetterWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gboolean custom = FALSE;

  text = cbz_letter_template_load (self->store, current_level (self), current_language (self), &custom, &error);
  if (text == NULL)
    {
      show_toast (self, error->message);
      text = cbz_letter_template_get_builtin (current_level (self), current_language (self));
    }

  self->loading_text = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->editor), text, -1);
  self->loading_text = FALSE;
  gtk_label_set_label (self->template_state_label,
                       custom ? _("Your default text for this level") : _("Built-in text"));
  check_template (self);
}

static void
load_letter (CbzLetterWindow *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->letter, cbz_letter_free);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  self->page = 0;
  self->n_pages = 0;

  self->letter = cbz_letter_new_from_store (self->store, self->debtor_id, current_level (self),
                                            current_language (self), 1, &error);
  g_clear_pointer (&self->letter_error, g_free);
  if (self->letter == NULL)
    {
      self->letter_error = g_strdup (error->message);
      gtk_picture_set_paintable (self->picture, NULL);
    }
  else
    {
      g_autofree char *title = g_strdup_printf (_("Letter to %s"), self->letter->name);
      gtk_window_set_title (GTK_WINDOW (self), title);
    }

  load_template_text (self);
  update_labels (self);
  update_actions (self);
  start_render (self);
}

static void
on_choice_changed_cb (CbzLetterWindow *self)
{
  if (self->store != NULL)
    load_letter (self);
}

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

      show_toast (self, message);
    }
  else
    show_toast (self, done->done_message);
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
    show_toast (self, error->message);
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

static void
save_action_cb (GtkWidget  *widget,
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

static void
print_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CbzLetterWindow *self = CBZ_LETTER_WINDOW (widget);
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPageSetup) setup = NULL;
  g_autoptr(GtkPaperSize) paper = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = editor_text (self);
  GtkPrintOperationResult result;
  PrintJob *job;

  job = g_new0 (PrintJob, 1);
  job->self = g_object_ref (self);
  job->renderer = cbz_letter_renderer_new (self->profile, &error);
  if (job->renderer != NULL)
    job->doc = cbz_letter_renderer_layout (job->renderer, self->letter, text, &error);
  if (job->doc == NULL)
    {
      show_toast (self, error->message);
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
    show_toast (self, error->message);
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY && self->pdf != NULL)
    record_letter (self, _("Letter sent to the printer and added to the timeline"));
}

static void
keep_template_action_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  CbzLetterWindow *self = CBZ_LETTER_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = editor_text (self);

  if (!cbz_letter_template_save (self->store, current_level (self), current_language (self), text, &error))
    {
      show_toast (self, error->message);
      return;
    }
  gtk_label_set_label (self->template_state_label, _("Your default text for this level"));
  show_toast (self, _("Every letter of this level and language will use this text"));
}

static void
reset_template_action_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  CbzLetterWindow *self = CBZ_LETTER_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!cbz_letter_template_reset (self->store, current_level (self), current_language (self), &error))
    {
      show_toast (self, error->message);
      return;
    }
  load_template_text (self);
  start_render (self);
}

static void
page_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CbzLetterWindow *self = CBZ_LETTER_WINDOW (widget);

  if (g_str_equal (action_name, "letter.next-page") && self->page + 1 < self->n_pages)
    self->page++;
  else if (g_str_equal (action_name, "letter.previous-page") && self->page > 0)
    self->page--;
  else
    return;
  update_labels (self);
  update_actions (self);
  start_render (self);
}

static void
zoom_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CbzLetterWindow *self = CBZ_LETTER_WINDOW (widget);

  if (g_str_equal (action_name, "letter.zoom-in"))
    self->zoom = MIN (self->zoom * 1.25, ZOOM_MAX);
  else
    self->zoom = MAX (self->zoom / 1.25, ZOOM_MIN);
  update_labels (self);
  update_actions (self);
  start_render (self);
}

static char *
variables_help (void)
{
  const CbzTemplateVariable *vars;
  g_autoptr(GString) list = g_string_new (NULL);
  guint n = 0;

  vars = cbz_template_get_variables (&n);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (list, "%s{{%s}}", i > 0 ? ", " : "", vars[i].name);
  /* Translators: %s is the list of variables, "{{nombre}}, {{contacto}}, …"; keep
   * [facturas], [pago] and the example [first|second] as they are */
  return g_strdup_printf (_("Variables: %s. Paragraphs [facturas] and [pago] place the invoice table and "
                            "the payment details. A sentence with a variable that has no value is left out, "
                            "and [first|second] prints the first choice whose variables all have values."),
                          list->str);
}

static void
cbz_letter_window_dispose (GObject *object)
{
  CbzLetterWindow *self = CBZ_LETTER_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->render_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CBZ_TYPE_LETTER_WINDOW);

  G_OBJECT_CLASS (cbz_letter_window_parent_class)->dispose (object);
}

static void
cbz_letter_window_finalize (GObject *object)
{
  CbzLetterWindow *self = CBZ_LETTER_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->letter, cbz_letter_free);
  g_clear_pointer (&self->profile, cbz_company_profile_free);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  g_free (self->subject);
  g_free (self->letter_error);

  G_OBJECT_CLASS (cbz_letter_window_parent_class)->finalize (object);
}

static void
cbz_letter_window_class_init (CbzLetterWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cbz_letter_window_dispose;
  object_class->finalize = cbz_letter_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/cbz-letter-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CbzLetterWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CbzLetterWindow, level_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CbzLetterWindow, language_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CbzLetterWindow, editor);
  gtk_widget_class_bind_template_child (widget_class, CbzLetterWindow, problems_label);
  gtk_widget_class_bind_template_child (widget_class, CbzLetterWindow, variables_label);
  gtk_widget_class_bind_template_child (widget_class, CbzLetterWindow, template_state_label);
  gtk_widget_class_bind_template_child (widget_class, CbzLetterWindow, picture);
  gtk_widget_class_bind_template_child (widget_class, CbzLetterWindow, page_label);
  gtk_widget_class_bind_template_child (widget_class, CbzLetterWindow, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, CbzLetterWindow, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_choice_changed_cb);

  gtk_widget_class_install_action (widget_class, "letter.save", NULL, save_action_cb);
  gtk_widget_class_install_action (widget_class, "letter.print", NULL, print_action_cb);
  gtk_widget_class_install_action (widget_class, "letter.keep-template", NULL, keep_template_action_cb);
  gtk_widget_class_install_action (widget_class, "letter.reset-template", NULL, reset_template_action_cb);
  gtk_widget_class_install_action (widget_class, "letter.next-page", NULL, page_action_cb);
  gtk_widget_class_install_action (widget_class, "letter.previous-page", NULL, page_action_cb);
  gtk_widget_class_install_action (widget_class, "letter.zoom-in", NULL, zoom_action_cb);
  gtk_widget_class_install_action (widget_class, "letter.zoom-out", NULL, zoom_action_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "letter.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "letter.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "letter.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "letter.previous-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "letter.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "letter.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "letter.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cbz_letter_window_init (CbzLetterWindow *self)
{
  GtkTextBuffer *buffer;
  g_autofree char *help = variables_help ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* An A4 page fits the preview pane of the default window size. */
  self->zoom = 0.8;
  buffer = gtk_text_view_get_buffer (self->editor);
  gtk_text_buffer_create_tag (buffer, "problem", "underline", PANGO_UNDERLINE_ERROR,
                              "underline-rgba", &(GdkRGBA) { 0.88, 0.11, 0.14, 1.0 }, NULL);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (on_text_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_label_set_label (self->variables_label, help);
  update_labels (self);
  update_actions (self);
}

/**
 * cbz_letter_window_new:
 * @parent: (nullable): the main window
 * @store: the portfolio
 * @debtor_id: the customer
 */
CbzLetterWindow *
cbz_letter_window_new (GtkWindow *parent,
                       CbzStore  *store,
                       gint64     debtor_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzDebtor) debtor = NULL;
  CbzLetterWindow *self;

  g_return_val_if_fail (CBZ_IS_STORE (store), NULL);

  self = g_object_new (CBZ_TYPE_LETTER_WINDOW, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->debtor_id = debtor_id;
  self->profile = cbz_company_profile_load (store, &error);
  if (self->profile == NULL)
    {
      show_toast (self, error->message);
      self->profile = cbz_company_profile_new ();
      g_clear_error (&error);
    }

  /* The customer's own language first; the level their oldest invoice puts them at. */
  debtor = cbz_store_get_debtor (store, debtor_id, NULL);
  if (debtor != NULL && debtor->language != NULL && g_str_has_prefix (debtor->language, "en"))
    gtk_drop_down_set_selected (self->language_dropdown, 1);

  load_letter (self);
  if (self->letter != NULL)
    {
      int days = 0;

      for (guint i = 0; i < self->letter->invoices->len; i++)
        days = MAX (days, ((CbzLetterInvoice *) g_ptr_array_index (self->letter->invoices, i))->days_overdue);
      if (days >= 60)
        gtk_drop_down_set_selected (self->level_dropdown, 2);
      else if (days >= 30)
        gtk_drop_down_set_selected (self->level_dropdown, 1);
    }

  return self;
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

GBytes *
cbz_letter_window_get_pdf (CbzLetterWindow *self)
{
  g_return_val_if_fail (CBZ_IS_LETTER_WINDOW (self), NULL);

  return self->pdf;
}

guint
cbz_letter_window_get_n_pages (CbzLetterWindow *self)
{
  g_return_val_if_fail (CBZ_IS_LETTER_WINDOW (self), 0);

  return self->n_pages;
}

static void
on_write_letter_clicked_cb (GtkButton       *button,
                            CbzDebtorDetail *detail)
{
  CbzStore *store = cbz_debtor_detail_get_store (detail);
  gint64 debtor_id = cbz_debtor_detail_get_debtor_id (detail);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (detail));
  CbzLetterWindow *window;

  if (store == NULL || debtor_id <= 0)
    return;
  window = cbz_letter_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, store, debtor_id);
  gtk_window_present (GTK_WINDOW (window));
}

/* Activating a letter on the timeline opens the PDF kept when it was sent. */
static void
on_timeline_activate_cb (GtkListView     *view,
                         guint            position,
                         CbzDebtorDetail *detail)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (view));
  CbzStore *store = cbz_debtor_detail_get_store (detail);
  g_autoptr(GObject) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  CbzEvent *event;

  if (model == NULL || store == NULL || g_list_model_get_item_type (model) != CBZ_TYPE_EVENT)
    return;
  item = g_list_model_get_item (model, position);
  event = CBZ_EVENT (item);
  if (event == NULL || cbz_event_get_kind (event) != CBZ_EVENT_KIND_LETTER ||
      cbz_event_get_attachment (event) == NULL)
    return;

  path = cbz_letter_archive_get_path (cbz_store_get_path (store), cbz_event_get_attachment (event), &error);
  if (path == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }
  file = g_file_new_for_path (path);
  uri = g_file_get_uri (file);
  gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (view))), uri, GDK_CURRENT_TIME);
}

static void
connect_list_views (GtkWidget       *widget,
                    CbzDebtorDetail *detail)
{
  if (GTK_IS_LIST_VIEW (widget))
    g_signal_connect_object (widget, "activate", G_CALLBACK (on_timeline_activate_cb), detail, 0);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    connect_list_views (child, detail);
}

void
cbz_letter_window_add_to_detail (CbzDebtorDetail *detail)
{
  GtkWidget *button;

  g_return_if_fail (CBZ_IS_DEBTOR_DETAIL (detail));

  button = gtk_button_new_with_mnemonic (_("Write _Letter…"));
  gtk_widget_set_tooltip_text (button, _("Write a collection letter to this customer"));
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_write_letter_clicked_cb), detail, 0);
  cbz_debtor_detail_add_action_widget (detail, button);
  connect_list_views (GTK_WIDGET (detail), detail);
}
