/* cbz-letter-batch-dialog.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-debtor-list.h"
#include "cbz-letter-batch.h"
#include "cbz-letter-batch-dialog.h"
#include "cbz-window.h"

struct _CbzLetterBatchDialog
{
  AdwWindow       parent_instance;

  CbzStore       *store;
  GArray         *selected_ids;    /* (element-type gint64) the customers selected in the list */
  GCancellable   *cancellable;
  char           *combined_path;
  char           *folder;
  char           *result_uri;

  AdwComboRow    *level_row;
  AdwComboRow    *who_row;
  GtkSwitch      *combined_switch;
  GtkSwitch      *separate_switch;
  GtkSwitch      *record_switch;
  GtkProgressBar *progress_bar;
  GtkLabel       *status_label;
  GtkButton      *start_button;
  GtkButton      *cancel_button;
};

G_DEFINE_FINAL_TYPE (CbzLetterBatchDialog, cbz_letter_batch_dialog, ADW_TYPE_WINDOW)

static void choose_folder (CbzLetterBatchDialog *self);
static void run_batch (CbzLetterBatchDialog *self);

static void
set_running (CbzLetterBatchDialog *self,
             gboolean              running)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->start_button), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->level_row), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->who_row), !running);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), running);
}

static void
on_progress_cb (guint    done,
                guint    total,
                gpointer user_data)
{
  CbzLetterBatchDialog *self = user_data;
  g_autofree char *text = NULL;

  if (self->cancellable == NULL)
    return;
  /* Translators: progress of a batch of letters, "12 of 340" */
  text = g_strdup_printf (_("%u of %u"), done, total);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) done / total : 0);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
on_batch_finished_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(CbzLetterBatchDialog) self = user_data;
  g_autoptr(CbzLetterBatchResult) done = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  done = cbz_letter_batch_run_finish (result, &error);
  g_clear_object (&self->cancellable);
  set_running (self, FALSE);
  gtk_button_set_label (self->cancel_button, _("_Close"));

  if (done == NULL)
    {
      gtk_label_set_label (self->status_label,
                           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                             ? _("Cancelled: no letter was added to the timelines.") : error->message);
      return;
    }

  if (done->n_letters == 0)
    message = g_strdup (_("Nobody to write to: no customer at this level has overdue invoices."));
  else
    {
      /* Translators: how many pages the letters take, as in "3 letters written (4 pages)." */
      g_autofree char *pages = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u page", "%u pages", done->n_pages),
                                                done->n_pages);

      /* Translators: %s is the number of pages ("4 pages") */
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u letter written (%s).",
                                              "%u letters written (%s).", done->n_letters),
                                 done->n_letters, pages);
    }
  if (done->n_skipped > 0)
    {
      /* Translators: %s says why, e.g. "Talleres Quiroz asked not to receive letters" */
      g_autofree char *skipped = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u customer was left out: %s.",
                                                               "%u customers were left out, for example: %s.",
                                                               done->n_skipped),
                                                  done->n_skipped, (char *) g_ptr_array_index (done->skipped, 0));
      g_autofree char *both = g_strdup_printf ("%s\n%s", message, skipped);

      g_free (message);
      message = g_steal_pointer (&both);
    }
  gtk_label_set_label (self->status_label, message);

  if (done->n_letters > 0)
    {
      g_autoptr(GFile) file = g_file_new_for_path (self->combined_path != NULL ? self->combined_path : self->folder);

      g_free (self->result_uri);
      self->result_uri = g_file_get_uri (file);
      gtk_button_set_label (self->start_button, self->combined_path != NULL ? _("_Open PDF") : _("_Open Folder"));
    }
}

static void
run_batch (CbzLetterBatchDialog *self)
{
  g_autoptr(CbzLetterBatchOptions) options = NULL;

  options = cbz_letter_batch_options_new (adw_combo_row_get_selected (self->level_row) + 1);
  options->combined_path = g_strdup (self->combined_path);
  options->folder = g_strdup (self->folder);
  options->record = gtk_switch_get_active (self->record_switch);
  if (adw_combo_row_get_selected (self->who_row) == 1 && self->selected_ids->len > 0)
    {
      options->debtor_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), self->selected_ids->len);
      g_array_append_vals (options->debtor_ids, self->selected_ids->data, self->selected_ids->len);
    }

  self->cancellable = g_cancellable_new ();
  set_running (self, TRUE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_label_set_label (self->status_label, "");
  cbz_letter_batch_run_async (self->store, options, self->cancellable, on_progress_cb, self,
                              on_batch_finished_cb, g_object_ref (self));
}

static void
on_folder_chosen_cb (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  CbzLetterBatchDialog *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      g_free (self->folder);
      self->folder = g_file_get_path (file);
      run_batch (self);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
choose_folder (CbzLetterBatchDialog *self)
{
  GtkFileChooserNative *dialog;

  if (!gtk_switch_get_active (self->separate_switch))
    {
      run_batch (self);
      return;
    }
  dialog = gtk_file_chooser_native_new (_("Folder for the Letters"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Select"), _("_Cancel"));
  g_signal_connect (dialog, "response", G_CALLBACK (on_folder_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
on_file_chosen_cb (GtkNativeDialog *dialog,
                   int              response,
                   gpointer         user_data)
{
  CbzLetterBatchDialog *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      g_free (self->combined_path);
      self->combined_path = g_file_get_path (file);
      choose_folder (self);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
on_start_clicked_cb (CbzLetterBatchDialog *self)
{
  GtkFileChooserNative *dialog;
  g_autofree char *name = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");

  if (self->result_uri != NULL)
    {
      gtk_show_uri (GTK_WINDOW (self), self->result_uri, GDK_CURRENT_TIME);
      return;
    }

  g_clear_pointer (&self->combined_path, g_free);
  g_clear_pointer (&self->folder, g_free);
  if (!gtk_switch_get_active (self->combined_switch) && !gtk_switch_get_active (self->separate_switch))
    {
      gtk_label_set_label (self->status_label, _("Choose at least one kind of output."));
      return;
    }
  if (!gtk_switch_get_active (self->combined_switch))
    {
      choose_folder (self);
      return;
    }

  /* Translators: suggested file name of a batch of letters: level, date */
  name = g_strdup_printf (_("letters-level-%u-%s.pdf"), adw_combo_row_get_selected (self->level_row) + 1, date);
  dialog = gtk_file_chooser_native_new (_("Save the Letters as PDF"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_signal_connect (dialog, "response", G_CALLBACK (on_file_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
on_cancel_clicked_cb (CbzLetterBatchDialog *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
cbz_letter_batch_dialog_dispose (GObject *object)
{
  CbzLetterBatchDialog *self = CBZ_LETTER_BATCH_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CBZ_TYPE_LETTER_BATCH_DIALOG);

  G_OBJECT_CLASS (cbz_letter_batch_dialog_parent_class)->dispose (object);
}

static void
cbz_letter_batch_dialog_finalize (GObject *object)
{
  CbzLetterBatchDialog *self = CBZ_LETTER_BATCH_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->selected_ids, g_array_unref);
  g_free (self->combined_path);
  g_free (self->folder);
  g_free (self->result_uri);

  G_OBJECT_CLASS (cbz_letter_batch_dialog_parent_class)->finalize (object);
}

static void
cbz_letter_batch_dialog_class_init (CbzLetterBatchDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cbz_letter_batch_dialog_dispose;
  object_class->finalize = cbz_letter_batch_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/cbz-letter-batch-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CbzLetterBatchDialog, level_row);
  gtk_widget_class_bind_template_child (widget_class, CbzLetterBatchDialog, who_row);
  gtk_widget_class_bind_template_child (widget_class, CbzLetterBatchDialog, combined_switch);
  gtk_widget_class_bind_template_child (widget_class, CbzLetterBatchDialog, separate_switch);
  gtk_widget_class_bind_template_child (widget_class, CbzLetterBatchDialog, record_switch);
  gtk_widget_class_bind_template_child (widget_class, CbzLetterBatchDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CbzLetterBatchDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, CbzLetterBatchDialog, start_button);
  gtk_widget_class_bind_template_child (widget_class, CbzLetterBatchDialog, cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, on_start_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cbz_letter_batch_dialog_init (CbzLetterBatchDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->selected_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
}

CbzLetterBatchDialog *
cbz_letter_batch_dialog_new (GtkWindow *parent,
                             CbzStore  *store,
                             GArray    *selected_ids)
{
  CbzLetterBatchDialog *self;
  g_autoptr(GtkStringList) who = NULL;

  g_return_val_if_fail (CBZ_IS_STORE (store), NULL);

  self = g_object_new (CBZ_TYPE_LETTER_BATCH_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  if (selected_ids != NULL)
    g_array_append_vals (self->selected_ids, selected_ids->data, selected_ids->len);

  who = gtk_string_list_new (NULL);
  gtk_string_list_append (who, _("Everyone at this level today"));
  if (self->selected_ids->len == 1)
    gtk_string_list_append (who, _("The customer selected in the list"));
  else if (self->selected_ids->len > 1)
    {
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "The %u customer selected in the list",
                                                             "The %u customers selected in the list",
                                                             self->selected_ids->len),
                                                self->selected_ids->len);

      gtk_string_list_append (who, label);
    }
  adw_combo_row_set_model (self->who_row, G_LIST_MODEL (who));
  /* Selecting several customers first says who the letters are for. */
  if (self->selected_ids->len > 1)
    adw_combo_row_set_selected (self->who_row, 1);
  return self;
}

/**
 * cbz_letter_batch_dialog_run_to:
 * @combined_path: (nullable): one PDF with every letter
 * @folder: (nullable): a folder for one PDF per customer
 *
 * Starts the batch as chosen in the dialog, writing where the file choosers
 * would have said (for scripts and tests; the Start button asks).
 */
void
cbz_letter_batch_dialog_run_to (CbzLetterBatchDialog *self,
                                const char           *combined_path,
                                const char           *folder)
{
  g_return_if_fail (CBZ_IS_LETTER_BATCH_DIALOG (self));
  g_return_if_fail (combined_path != NULL || folder != NULL);
  g_return_if_fail (self->cancellable == NULL);

  g_free (self->combined_path);
  self->combined_path = g_strdup (combined_path);
  g_free (self->folder);
  self->folder = g_strdup (folder);
  run_batch (self);
}

gboolean
cbz_letter_batch_dialog_is_running (CbzLetterBatchDialog *self)
{
  g_return_val_if_fail (CBZ_IS_LETTER_BATCH_DIALOG (self), FALSE);
  return self->cancellable != NULL;
}

const char *
cbz_letter_batch_dialog_get_status (CbzLetterBatchDialog *self)
{
  g_return_val_if_fail (CBZ_IS_LETTER_BATCH_DIALOG (self), NULL);
  return gtk_label_get_label (self->status_label);
}

/* The customer list lives somewhere inside the main window. */
static CbzDebtorList *
find_debtor_list (GtkWidget *widget)
{
  if (CBZ_IS_DEBTOR_LIST (widget))
    return CBZ_DEBTOR_LIST (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      CbzDebtorList *found = find_debtor_list (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
batch_letters_action_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  CbzWindow *window = CBZ_WINDOW (widget);
  CbzDebtorList *list = find_debtor_list (widget);
  CbzStore *store = cbz_window_get_store (window);
  CbzLetterBatchDialog *dialog;
  g_autoptr(GArray) selected = NULL;

  if (store == NULL)
    return;
  selected = list != NULL ? cbz_debtor_list_get_selected_debtor_ids (list) : NULL;
  dialog = cbz_letter_batch_dialog_new (GTK_WINDOW (window), store, selected);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
cbz_letter_batch_dialog_install_action (GtkWidgetClass *window_class)
{
  gtk_widget_class_install_action (window_class, "win.batch-letters", NULL, batch_letters_action_cb);
  gtk_widget_class_add_binding_action (window_class, GDK_KEY_l, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.batch-letters", NULL);
}
