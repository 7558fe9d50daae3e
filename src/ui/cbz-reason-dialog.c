/* cbz-reason-dialog.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-reason-dialog.h"
#include "cbz-store-notes.h"

struct _CbzReasonDialog
{
  AdwWindow        parent_instance;

  CbzStore        *store;
  gint64           debtor_id;
  GCancellable    *cancellable;
  gboolean         busy;

  AdwWindowTitle  *window_title;
  AdwComboRow     *reason_row;
  AdwEntryRow     *note_row;
  GtkLabel        *error_label;
  GtkButton       *record_button;
};

enum {
  RECORDED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (CbzReasonDialog, cbz_reason_dialog, ADW_TYPE_WINDOW)

static guint signals[N_SIGNALS];

static void
recorded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CbzReasonDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 event_id;

  event_id = cbz_store_set_nonpayment_reason_finish (CBZ_STORE (source), result, &error);
  self->busy = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->record_button), TRUE);
  if (event_id == 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_label_set_label (self->error_label, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
        }
      return;
    }
  g_signal_emit (self, signals[RECORDED], 0, event_id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_record_clicked_cb (CbzReasonDialog *self)
{
  if (self->busy)
    return;
  self->busy = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->record_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  cbz_store_set_nonpayment_reason_async (self->store, self->debtor_id,
                                         (CbzNonpaymentReason) adw_combo_row_get_selected (self->reason_row),
                                         gtk_editable_get_text (GTK_EDITABLE (self->note_row)),
                                         self->cancellable, recorded_cb, g_object_ref (self));
}

static void
cbz_reason_dialog_dispose (GObject *object)
{
  CbzReasonDialog *self = CBZ_REASON_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CBZ_TYPE_REASON_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cbz_reason_dialog_parent_class)->dispose (object);
}

static void
cbz_reason_dialog_class_init (CbzReasonDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cbz_reason_dialog_dispose;

  signals[RECORDED] =
    g_signal_new ("recorded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/cbz-reason-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CbzReasonDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CbzReasonDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, CbzReasonDialog, note_row);
  gtk_widget_class_bind_template_child (widget_class, CbzReasonDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CbzReasonDialog, record_button);
  gtk_widget_class_bind_template_callback (widget_class, on_record_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cbz_reason_dialog_init (CbzReasonDialog *self)
{
  g_autoptr(GtkStringList) reasons = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  for (guint i = 0; i < CBZ_NONPAYMENT_REASON_N_VALUES; i++)
    gtk_string_list_append (reasons, cbz_nonpayment_reason_get_label (i));
  adw_combo_row_set_model (self->reason_row, G_LIST_MODEL (reasons));
}

CbzReasonDialog *
cbz_reason_dialog_new (GtkWindow *parent,
                       CbzStore  *store,
                       gint64     debtor_id)
{
  CbzReasonDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CBZ_IS_STORE (store), NULL);

  self = g_object_new (CBZ_TYPE_REASON_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->debtor_id = debtor_id;
  return self;
}

void
cbz_reason_dialog_set_customer (CbzReasonDialog *self,
                                const CbzDebtor *debtor)
{
  g_return_if_fail (CBZ_IS_REASON_DIALOG (self));
  g_return_if_fail (debtor != NULL);

  adw_window_title_set_subtitle (self->window_title, debtor->name != NULL ? debtor->name : "");
}

void
cbz_reason_dialog_set_reason (CbzReasonDialog     *self,
                              CbzNonpaymentReason  reason)
{
  g_return_if_fail (CBZ_IS_REASON_DIALOG (self));
  g_return_if_fail ((guint) reason < CBZ_NONPAYMENT_REASON_N_VALUES);

  adw_combo_row_set_selected (self->reason_row, reason);
}
