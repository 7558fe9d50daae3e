/* cbz-import-dialog.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-import-dialog-private.h"
#include "cbz-window.h"

G_DEFINE_FINAL_TYPE (CbzImportDialog, cbz_import_dialog, ADW_TYPE_WINDOW)

/* The dialog was closed while a worker still held it: nothing to show. */
static gboolean
is_disposed (CbzImportDialog *self)
{
  return self->preview_rows == NULL;
}

static void
update_actions (CbzImportDialog *self)
{
  const char *state = gtk_stack_get_visible_child_name (self->stack);
  gboolean can_import = FALSE;

  if (!self->busy && g_strcmp0 (state, "preview") == 0 && self->import != NULL &&
      cbz_csv_import_is_validated (self->import) &&
      !cbz_csv_import_has_file_problems (self->import) &&
      cbz_csv_import_get_n_valid_rows (self->import) > 0)
    {
      /* Warnings never stand in the way; rows with problems do, until the
       * person says to leave them out. */
      can_import = cbz_csv_import_get_n_invalid_rows (self->import) == 0 ||
                   gtk_switch_get_active (self->valid_only_switch);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.import", can_import);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.choose", !self->busy);

  /* Once the file is in, the only thing left to do is to close. */
  gtk_widget_set_visible (GTK_WIDGET (self->import_button), g_strcmp0 (state, "preview") == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->choose_button),
                          g_strcmp0 (state, "preview") == 0 || g_strcmp0 (state, "error") == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), g_strcmp0 (state, "done") != 0);
}

static void
show_busy (CbzImportDialog *self,
           const char      *message)
{
  self->busy = TRUE;
  gtk_label_set_label (self->busy_label, message);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_stack_set_visible_child_name (self->stack, "busy");
  update_actions (self);
}

static void
show_error (CbzImportDialog *self,
            const char      *title,
            const char      *message)
{
  self->busy = FALSE;
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
  update_actions (self);
}

static void
on_progress_cb (CbzImportDialog *self)
{
  if (self->import != NULL)
    gtk_progress_bar_set_fraction (self->progress_bar, cbz_csv_import_get_progress (self->import));
}

static void
show_validation (CbzImportDialog *self)
{
  _cbz_import_dialog_show_file_info (self);
  _cbz_import_dialog_update_column_fields (self);
  _cbz_import_dialog_show_problems (self);
  gtk_stack_set_visible_child_name (self->stack, "preview");
  update_actions (self);
}

static void
on_validated_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CbzImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (is_disposed (self))
    return;

  self->busy = FALSE;
  if (!cbz_csv_import_validate_finish (CBZ_CSV_IMPORT (source), result, &error))
    {
      /* Cancelled halfway, the results are of no use: the person gave up. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_window_close (GTK_WINDOW (self));
      else
        show_error (self, _("Could Not Check the File"), error->message);
      return;
    }
  show_validation (self);
}

void
_cbz_import_dialog_validate (CbzImportDialog *self)
{
  show_busy (self, _("Checking the rows…"));
  cbz_csv_import_validate_async (self->import, self->cancellable, on_validated_cb,
                                 g_object_ref (self));
}

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CbzImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (is_disposed (self))
    return;

  self->busy = FALSE;
  if (!cbz_csv_import_load_finish (CBZ_CSV_IMPORT (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_window_close (GTK_WINDOW (self));
      else
        show_error (self, _("Could Not Read the File"), error->message);
      return;
    }

  _cbz_import_dialog_show_preview (self);
  _cbz_import_dialog_show_columns (self);
  show_validation (self);
}

static void
on_file_chosen_cb (GtkNativeDialog *chooser,
                   int              response,
                   gpointer         user_data)
{
  g_autoptr(CbzImportDialog) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      cbz_import_dialog_open_file (self, file);
    }
  else if (self->import == NULL)
    {
      /* Nothing chosen and nothing open: the dialog has no purpose. */
      gtk_window_close (GTK_WINDOW (self));
    }
  g_object_unref (chooser);
}

static gboolean
pulse_cb (gpointer user_data)
{
  CbzImportDialog *self = user_data;

  gtk_progress_bar_pulse (self->progress_bar);
  return G_SOURCE_CONTINUE;
}

static void
on_committed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CbzImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzImportSummary) summary = NULL;
  g_autofree char *description = NULL;
  g_autofree char *toast = NULL;
  GtkWindow *parent;

  if (is_disposed (self))
    return;

  self->busy = FALSE;
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  summary = cbz_import_writer_commit_finish (self->store, result, &error);
  if (summary == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Nothing was written: back to the preview. */
          show_validation (self);
          return;
        }
      show_error (self, _("Could Not Import the File"), error->message);
      return;
    }

  /* The store has told the list and the open customer to reload. */
  description = _cbz_import_dialog_describe_summary (summary);
  adw_status_page_set_description (self->done_page, description);
  gtk_stack_set_visible_child_name (self->stack, "done");
  update_actions (self);

  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (CBZ_IS_WINDOW (parent))
    {
      toast = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u invoice imported",
                                            "%u invoices imported", summary->rows_imported),
                               summary->rows_imported);
      cbz_window_add_toast (CBZ_WINDOW (parent), adw_toast_new (toast));
    }
}

static void
import_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CbzImportDialog *self = CBZ_IMPORT_DIALOG (widget);
  CbzImportMode mode = gtk_switch_get_active (self->valid_only_switch)
                         ? CBZ_IMPORT_MODE_VALID_ROWS_ONLY
                         : CBZ_IMPORT_MODE_ALL_OR_NOTHING;

  show_busy (self, _("Importing invoices…"));
  /* The writer reports no progress: show that it is working. */
  self->pulse_id = g_timeout_add (100, pulse_cb, self);
  cbz_import_writer_commit_async (self->store, self->import, mode,
                                  self->cancellable, on_committed_cb, g_object_ref (self));
}

static void
choose_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  cbz_import_dialog_choose_file (CBZ_IMPORT_DIALOG (widget));
}

static void
cancel_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CbzImportDialog *self = CBZ_IMPORT_DIALOG (widget);

  if (self->busy)
    {
      /* Stops reading, checking or writing (a cancelled import writes
       * nothing); the callbacks decide where to go back to, since until
       * they run the import belongs to the worker. */
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

static void
on_valid_only_changed_cb (CbzImportDialog *self)
{
  update_actions (self);
}

static void
cbz_import_dialog_dispose (GObject *object)
{
  CbzImportDialog *self = CBZ_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  if (self->import != NULL)
    g_clear_signal_handler (&self->progress_id, self->import);

  gtk_widget_dispose_template (GTK_WIDGET (self), CBZ_TYPE_IMPORT_DIALOG);

  g_clear_object (&self->import);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->field_labels);
  g_clear_pointer (&self->preview_rows, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_clear_pointer (&self->column_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (cbz_import_dialog_parent_class)->dispose (object);
}

static void
cbz_import_dialog_class_init (CbzImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cbz_import_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/cbz-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, choose_button);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, busy_label);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, encoding_row);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, separator_row);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, dates_row);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, rows_row);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, columns_group);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, preview_view);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, problems_group);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, valid_only_row);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, valid_only_switch);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, problems_scroller);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, problems_view);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, warnings_group);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, warnings_scroller);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, warnings_view);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, done_page);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, error_page);
  gtk_widget_class_bind_template_callback (widget_class, on_valid_only_changed_cb);

  gtk_widget_class_install_action (widget_class, "import.import", NULL, import_action_cb);
  gtk_widget_class_install_action (widget_class, "import.choose", NULL, choose_action_cb);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, cancel_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "import.cancel", NULL);
}

static void
cbz_import_dialog_init (CbzImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);
  self->preview_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_import_problem_free);
  self->warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_import_problem_free);
  self->column_rows = g_ptr_array_new ();

  /* The column chooser lists the fields in CbzImportField order, so the
   * selected position is the field. */
  self->field_labels = gtk_string_list_new (NULL);
  for (guint field = 0; field < CBZ_IMPORT_N_FIELDS; field++)
    gtk_string_list_append (self->field_labels, cbz_import_field_get_label (field));

  _cbz_import_dialog_init_report (self);

  gtk_stack_set_visible_child_name (self->stack, "choose");
  update_actions (self);
}

CbzImportDialog *
cbz_import_dialog_new (GtkWindow *parent,
                       CbzStore  *store)
{
  CbzImportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CBZ_IS_STORE (store), NULL);

  self = g_object_new (CBZ_TYPE_IMPORT_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);
  return self;
}

void
cbz_import_dialog_choose_file (CbzImportDialog *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  g_return_if_fail (CBZ_IS_IMPORT_DIALOG (self));

  gtk_file_filter_set_name (csv, _("Spreadsheet files (CSV, TXT)"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_mime_type (csv, "text/plain");
  gtk_file_filter_add_mime_type (csv, "text/tab-separated-values");
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_add_suffix (csv, "txt");
  gtk_file_filter_add_suffix (csv, "tsv");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");

  chooser = gtk_file_chooser_native_new (_("Import Invoices"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), csv);
  g_signal_connect (chooser, "response", G_CALLBACK (on_file_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
cbz_import_dialog_open_file (CbzImportDialog *self,
                             GFile           *file)
{
  g_autofree char *country = NULL;
  g_autofree char *currency = NULL;
  g_autofree char *message = NULL;

  g_return_if_fail (CBZ_IS_IMPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!self->busy);

  if (self->import != NULL)
    g_clear_signal_handler (&self->progress_id, self->import);
  g_clear_object (&self->import);
  gtk_switch_set_active (self->valid_only_switch, FALSE);

  self->import = cbz_csv_import_new (file);
  country = g_settings_get_string (self->settings, "default-country");
  currency = g_settings_get_string (self->settings, "default-currency");
  cbz_csv_import_set_default_country (self->import, country);
  cbz_csv_import_set_default_currency (self->import, currency);
  self->progress_id = g_signal_connect_swapped (self->import, "notify::progress",
                                                G_CALLBACK (on_progress_cb), self);

  /* Translators: %s is a file name. */
  message = g_strdup_printf (_("Reading “%s”…"), cbz_csv_import_get_display_name (self->import));
  show_busy (self, message);
  cbz_csv_import_load_async (self->import, self->cancellable, on_loaded_cb, g_object_ref (self));
}

const char *
cbz_import_dialog_get_state (CbzImportDialog *self)
{
  g_return_val_if_fail (CBZ_IS_IMPORT_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}
