/* cbz-dispute-resolve-dialog.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-dispute-resolve-dialog.h"
#include "cbz-money.h"
#include "cbz-store-disputes.h"
#include "payments/cbz-amount.h"

struct _CbzDisputeResolveDialog
{
  AdwWindow        parent_instance;

  CbzStore        *store;
  CbzDispute      *dispute;
  GCancellable    *cancellable;
  gboolean         busy;

  AdwWindowTitle  *window_title;
  AdwActionRow    *invoice_row;
  AdwActionRow    *reason_row;
  GtkCheckButton  *upheld_check;
  GtkCheckButton  *rejected_check;
  AdwEntryRow     *credit_row;
  AdwEntryRow     *note_row;
  GtkLabel        *credit_hint;
  GtkLabel        *error_label;
  GtkButton       *resolve_button;
};

enum {
  RESOLVED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (CbzDisputeResolveDialog, cbz_dispute_resolve_dialog, ADW_TYPE_WINDOW)

static guint signals[N_SIGNALS];

static void
show_error (CbzDisputeResolveDialog *self,
            const char              *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
on_resolution_toggled_cb (CbzDisputeResolveDialog *self)
{
  gboolean upheld = gtk_check_button_get_active (self->upheld_check);

  gtk_widget_set_sensitive (GTK_WIDGET (self->credit_row), upheld);
  gtk_widget_set_visible (GTK_WIDGET (self->credit_hint), upheld);
  show_error (self, NULL);
}

static void
on_credit_changed_cb (CbzDisputeResolveDialog *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->credit_row), "error");
  show_error (self, NULL);
}

static void
resolved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CbzDisputeResolveDialog) self = user_data;
  g_autoptr(CbzDispute) dispute = NULL;
  g_autoptr(GError) error = NULL;

  dispute = cbz_store_resolve_dispute_finish (CBZ_STORE (source), result, &error);
  self->busy = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->resolve_button), TRUE);
  if (dispute == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }
  g_signal_emit (self, signals[RESOLVED], 0, dispute);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_resolve_clicked_cb (CbzDisputeResolveDialog *self)
{
  g_autoptr(GError) error = NULL;
  gboolean upheld = gtk_check_button_get_active (self->upheld_check);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->credit_row));
  CbzMoney credit = cbz_money_init (0, self->dispute->currency);

  if (self->busy)
    return;

  /* Empty: upheld with no credit note. */
  if (upheld && *text != '\0' && !cbz_amount_parse (text, self->dispute->currency, &credit, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->credit_row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->credit_row));
      show_error (self, error->message);
      return;
    }
  if (g_strcmp0 (credit.currency, self->dispute->currency) != 0)
    {
      g_autofree char *message =
        /* Translators: what was typed, its currency, an invoice number, the invoice's currency */
        g_strdup_printf (_("“%s” is in %s, but invoice %s is in %s"), text, credit.currency,
                         self->dispute->invoice_number, self->dispute->currency);

      gtk_widget_add_css_class (GTK_WIDGET (self->credit_row), "error");
      show_error (self, message);
      return;
    }

  self->busy = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->resolve_button), FALSE);
  show_error (self, NULL);
  cbz_store_resolve_dispute_async (self->store, self->dispute->id,
                                   upheld ? CBZ_DISPUTE_RESOLUTION_UPHELD : CBZ_DISPUTE_RESOLUTION_REJECTED,
                                   upheld ? credit.minor : 0,
                                   gtk_editable_get_text (GTK_EDITABLE (self->note_row)),
                                   self->cancellable, resolved_cb, g_object_ref (self));
}

static void
cbz_dispute_resolve_dialog_dispose (GObject *object)
{
  CbzDisputeResolveDialog *self = CBZ_DISPUTE_RESOLVE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CBZ_TYPE_DISPUTE_RESOLVE_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->dispute, cbz_dispute_unref);

  G_OBJECT_CLASS (cbz_dispute_resolve_dialog_parent_class)->dispose (object);
}

static void
cbz_dispute_resolve_dialog_class_init (CbzDisputeResolveDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cbz_dispute_resolve_dialog_dispose;

  signals[RESOLVED] =
    g_signal_new ("resolved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CBZ_TYPE_DISPUTE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/cbz-dispute-resolve-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CbzDisputeResolveDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CbzDisputeResolveDialog, invoice_row);
  gtk_widget_class_bind_template_child (widget_class, CbzDisputeResolveDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, CbzDisputeResolveDialog, upheld_check);
  gtk_widget_class_bind_template_child (widget_class, CbzDisputeResolveDialog, rejected_check);
  gtk_widget_class_bind_template_child (widget_class, CbzDisputeResolveDialog, credit_row);
  gtk_widget_class_bind_template_child (widget_class, CbzDisputeResolveDialog, note_row);
  gtk_widget_class_bind_template_child (widget_class, CbzDisputeResolveDialog, credit_hint);
  gtk_widget_class_bind_template_child (widget_class, CbzDisputeResolveDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CbzDisputeResolveDialog, resolve_button);
  gtk_widget_class_bind_template_callback (widget_class, on_resolution_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_credit_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_resolve_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cbz_dispute_resolve_dialog_init (CbzDisputeResolveDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  /* The choices are named by their rows for screen readers. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->upheld_check), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  gtk_widget_get_ancestor (GTK_WIDGET (self->upheld_check), ADW_TYPE_ACTION_ROW),
                                  NULL, -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->rejected_check), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  gtk_widget_get_ancestor (GTK_WIDGET (self->rejected_check), ADW_TYPE_ACTION_ROW),
                                  NULL, -1);
}

CbzDisputeResolveDialog *
cbz_dispute_resolve_dialog_new (GtkWindow  *parent,
                                CbzStore   *store,
                                CbzDispute *dispute)
{
  CbzDisputeResolveDialog *self;
  g_autofree char *balance = NULL;
  g_autofree char *invoice = NULL;
  g_autofree char *hint = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CBZ_IS_STORE (store), NULL);
  g_return_val_if_fail (dispute != NULL, NULL);

  self = g_object_new (CBZ_TYPE_DISPUTE_RESOLVE_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->dispute = cbz_dispute_ref (dispute);

  balance = cbz_money_format (cbz_money_init (dispute->invoice_balance, dispute->currency), NULL);
  /* Translators: an invoice number and what it still owes */
  invoice = g_strdup_printf (_("%s · %s owed"), dispute->invoice_number, balance);
  adw_action_row_set_subtitle (self->invoice_row, invoice);
  if (dispute->note != NULL)
    {
      /* Translators: a dispute's reason ("Wrong amount") and what the customer said */
      g_autofree char *said = g_strdup_printf (_("%s: “%s”"), cbz_dispute_reason_get_label (dispute->reason),
                                               dispute->note);

      adw_action_row_set_subtitle (self->reason_row, said);
    }
  else
    adw_action_row_set_subtitle (self->reason_row, cbz_dispute_reason_get_label (dispute->reason));
  /* Translators: %s is what the invoice still owes, such as "$1,234.56" */
  hint = g_strdup_printf (_("The credit note comes off the invoice: at most %s. Leave it empty for none. "
                            "It is not a payment and is not counted as money collected."), balance);
  gtk_label_set_label (self->credit_hint, hint);
  on_resolution_toggled_cb (self);
  return self;
}
