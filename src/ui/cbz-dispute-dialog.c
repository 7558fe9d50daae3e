/* cbz-dispute-dialog.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-dispute-dialog.h"
#include "cbz-money.h"
#include "cbz-store-disputes.h"
#include "cbz-ui-format.h"

struct _CbzDisputeDialog
{
  AdwWindow        parent_instance;

  CbzStore        *store;
  gint64           debtor_id;
  GCancellable    *cancellable;
  GPtrArray       *invoices;        /* (element-type CbzInvoice) the rows of invoice_row; NULL until read */
  gint64           wanted_invoice;  /* chosen before the invoices were read */
  gboolean         busy;

  AdwWindowTitle  *window_title;
  AdwComboRow     *invoice_row;
  AdwComboRow     *reason_row;
  AdwEntryRow     *note_row;
  GtkLabel        *error_label;
  GtkButton       *dispute_button;
};

enum {
  OPENED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (CbzDisputeDialog, cbz_dispute_dialog, ADW_TYPE_WINDOW)

static guint signals[N_SIGNALS];

static void
show_error (CbzDisputeDialog *self,
            const char       *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_sensitivity (CbzDisputeDialog *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->dispute_button),
                            self->invoices != NULL && self->invoices->len > 0 && !self->busy);
}

/* "F-001 · $1,234.56 owed · due 31/10/2026" */
static char *
describe_invoice (const CbzInvoice *invoice)
{
  g_autofree char *balance = cbz_money_format (cbz_money_init (invoice->balance, invoice->currency), NULL);
  g_autofree char *due = cbz_ui_format_iso_date (invoice->due_date);

  /* Translators: an invoice number, what it still owes, its due date */
  return g_strdup_printf (_("%s · %s owed · due %s"), invoice->number, balance, due);
}

static void
invoices_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CbzDisputeDialog) self = user_data;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  GPtrArray *invoices;

  invoices = cbz_store_list_disputable_invoices_finish (CBZ_STORE (source), result, &error);
  if (invoices == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }
  self->invoices = invoices;
  for (guint i = 0; i < invoices->len; i++)
    {
      g_autofree char *label = describe_invoice (invoices->pdata[i]);

      gtk_string_list_append (labels, label);
    }
  adw_combo_row_set_model (self->invoice_row, G_LIST_MODEL (labels));
  if (invoices->len == 0)
    show_error (self, _("Nothing to dispute: every invoice this customer owes is disputed already."));
  else if (self->wanted_invoice != 0)
    cbz_dispute_dialog_select_invoice (self, self->wanted_invoice);
  update_sensitivity (self);
}

static void
dispute_opened_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CbzDisputeDialog) self = user_data;
  g_autoptr(CbzDispute) dispute = NULL;
  g_autoptr(GError) error = NULL;

  dispute = cbz_store_open_dispute_finish (CBZ_STORE (source), result, &error);
  self->busy = FALSE;
  if (dispute == NULL)
    {
      update_sensitivity (self);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }
  g_signal_emit (self, signals[OPENED], 0, dispute);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_dispute_clicked_cb (CbzDisputeDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->invoice_row);
  CbzInvoice *invoice;

  if (self->invoices == NULL || selected >= self->invoices->len || self->busy)
    return;
  invoice = self->invoices->pdata[selected];
  self->busy = TRUE;
  update_sensitivity (self);
  show_error (self, NULL);
  cbz_store_open_dispute_async (self->store, invoice->id,
                                (CbzDisputeReason) adw_combo_row_get_selected (self->reason_row),
                                gtk_editable_get_text (GTK_EDITABLE (self->note_row)),
                                self->cancellable, dispute_opened_cb, g_object_ref (self));
}

static void
cbz_dispute_dialog_dispose (GObject *object)
{
  CbzDisputeDialog *self = CBZ_DISPUTE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CBZ_TYPE_DISPUTE_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->invoices, g_ptr_array_unref);

  G_OBJECT_CLASS (cbz_dispute_dialog_parent_class)->dispose (object);
}

static void
cbz_dispute_dialog_class_init (CbzDisputeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cbz_dispute_dialog_dispose;

  signals[OPENED] =
    g_signal_new ("opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CBZ_TYPE_DISPUTE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/cbz-dispute-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CbzDisputeDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CbzDisputeDialog, invoice_row);
  gtk_widget_class_bind_template_child (widget_class, CbzDisputeDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, CbzDisputeDialog, note_row);
  gtk_widget_class_bind_template_child (widget_class, CbzDisputeDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CbzDisputeDialog, dispute_button);
  gtk_widget_class_bind_template_callback (widget_class, on_dispute_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cbz_dispute_dialog_init (CbzDisputeDialog *self)
{
  g_autoptr(GtkStringList) reasons = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  for (guint i = 0; i < CBZ_DISPUTE_REASON_N_VALUES; i++)
    gtk_string_list_append (reasons, cbz_dispute_reason_get_label (i));
  adw_combo_row_set_model (self->reason_row, G_LIST_MODEL (reasons));
}

CbzDisputeDialog *
cbz_dispute_dialog_new (GtkWindow *parent,
                        CbzStore  *store,
                        gint64     debtor_id)
{
  CbzDisputeDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CBZ_IS_STORE (store), NULL);

  self = g_object_new (CBZ_TYPE_DISPUTE_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->debtor_id = debtor_id;
  cbz_store_list_disputable_invoices_async (store, debtor_id, self->cancellable, invoices_read_cb,
                                            g_object_ref (self));
  return self;
}

void
cbz_dispute_dialog_set_customer (CbzDisputeDialog *self,
                                 const CbzDebtor  *debtor)
{
  g_return_if_fail (CBZ_IS_DISPUTE_DIALOG (self));
  g_return_if_fail (debtor != NULL);

  adw_window_title_set_subtitle (self->window_title, debtor->name != NULL ? debtor->name : "");
}

void
cbz_dispute_dialog_set_note (CbzDisputeDialog *self,
                             const char       *note)
{
  g_return_if_fail (CBZ_IS_DISPUTE_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->note_row), note != NULL ? note : "");
}

gboolean
cbz_dispute_dialog_select_invoice (CbzDisputeDialog *self,
                                   gint64            invoice_id)
{
  g_return_val_if_fail (CBZ_IS_DISPUTE_DIALOG (self), FALSE);

  if (self->invoices == NULL)
    {
      self->wanted_invoice = invoice_id;
      return TRUE;
    }
  for (guint i = 0; i < self->invoices->len; i++)
    {
      if (((CbzInvoice *) self->invoices->pdata[i])->id == invoice_id)
        {
          adw_combo_row_set_selected (self->invoice_row, i);
          return TRUE;
        }
    }
  return FALSE;
}

void
cbz_dispute_dialog_set_reason (CbzDisputeDialog *self,
                               CbzDisputeReason  reason)
{
  g_return_if_fail (CBZ_IS_DISPUTE_DIALOG (self));
  g_return_if_fail ((guint) reason < CBZ_DISPUTE_REASON_N_VALUES);

  adw_combo_row_set_selected (self->reason_row, reason);
}

gboolean
cbz_dispute_dialog_is_ready (CbzDisputeDialog *self)
{
  g_return_val_if_fail (CBZ_IS_DISPUTE_DIALOG (self), FALSE);

  return self->invoices != NULL && self->invoices->len > 0 && !self->busy;
}
