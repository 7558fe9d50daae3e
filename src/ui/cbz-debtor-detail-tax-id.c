/* cbz-debtor-detail-tax-id.c: the tax ID's unverified mark, and editing it
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An import keeps a tax ID that does not check out as written (a collector
 * still has to collect from that customer) and marks it unverified. The
 * page says so, with the reason, next to the ID and on the Contact page,
 * until someone edits the ID: the new one is checked as it is typed, and
 * one that checks out clears the mark.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-debtor-detail-private.h"
#include "cbz-tax-id.h"

typedef struct
{
  gint64  debtor_id;
  char   *text;
} SaveTaxId;

static void
save_tax_id_free (SaveTaxId *save)
{
  g_free (save->text);
  g_free (save);
}

void
_cbz_debtor_detail_show_tax_id (CbzDebtorDetail *self)
{
  const CbzDebtor *debtor = self->debtor;
  g_autofree char *text = NULL;
  g_autofree char *reason = cbz_debtor_describe_tax_id_problem (debtor);

  if (debtor->tax_id != NULL)
    text = debtor->tax_id_kind != NULL
             ? g_strdup_printf ("%s %s", debtor->tax_id_kind, debtor->tax_id)
             : g_strdup (debtor->tax_id);

  gtk_label_set_label (self->tax_id_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->tax_id_label), text != NULL);
  gtk_widget_set_visible (self->tax_id_mark, reason != NULL);
  gtk_widget_set_tooltip_text (self->tax_id_mark, reason);

  /* Always there, so that a customer without one can be given one. */
  adw_action_row_set_subtitle (self->tax_id_row, text != NULL ? text : _("None"));
  adw_action_row_set_subtitle (self->tax_id_problem_row, reason != NULL ? reason : "");
  gtk_widget_set_visible (GTK_WIDGET (self->tax_id_problem_row), reason != NULL);
}

/* What the text typed so far would be, under the entry. */
static void
on_tax_id_text_changed_cb (GtkEditable *entry,
                           GtkLabel    *check)
{
  const char *country = g_object_get_data (G_OBJECT (entry), "country");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  CbzTaxId parsed;

  if (cbz_tax_id_parse (gtk_editable_get_text (entry), country, CBZ_TAX_ID_UNKNOWN, &parsed, &error))
    {
      /* Translators: %s is RFC, RUT, CUIT, NIT or RUC. */
      text = g_strdup_printf (_("A valid %s"), cbz_tax_id_kind_to_string (parsed.kind));
      gtk_widget_remove_css_class (GTK_WIDGET (check), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (check), "success");
    }
  else if (g_error_matches (error, CBZ_TAX_ID_ERROR, CBZ_TAX_ID_ERROR_EMPTY))
    {
      text = g_strdup (_("The customer will have no tax ID."));
      gtk_widget_remove_css_class (GTK_WIDGET (check), "warning");
      gtk_widget_remove_css_class (GTK_WIDGET (check), "success");
    }
  else
    {
      text = g_strdup (error->message);
      gtk_widget_remove_css_class (GTK_WIDGET (check), "success");
      gtk_widget_add_css_class (GTK_WIDGET (check), "warning");
    }
  gtk_label_set_label (check, text);
}

static void
on_tax_id_saved_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CbzDebtorDetail) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;
  GtkRoot *root;
  AdwMessageDialog *dialog;

  /* On success the store has told the page to reload: the mark follows. */
  if (cbz_store_run_finish (CBZ_STORE (source), result, (gpointer *) &problem, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Could Not Save the Tax ID"), error->message));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
save_tax_id_work (CbzStore      *worker,
                  gpointer       data,
                  gpointer      *out_result,
                  GCancellable  *cancellable,
                  GError       **error)
{
  SaveTaxId *save = data;
  char *problem = NULL;

  if (!cbz_store_set_debtor_tax_id (worker, save->debtor_id, save->text, &problem, error))
    return FALSE;
  *out_result = problem;
  return TRUE;
}

static void
on_edit_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     CbzDebtorDetail  *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  SaveTaxId *save;

  if (!g_str_equal (response, "save") || self->store == NULL || self->debtor == NULL)
    return;

  save = g_new0 (SaveTaxId, 1);
  save->debtor_id = self->debtor->id;
  save->text = g_strdup (gtk_editable_get_text (entry));
  cbz_store_run_async (self->store, save_tax_id_work, save, (GDestroyNotify) save_tax_id_free, g_free,
                       self->cancellable, on_tax_id_saved_cb, g_object_ref (self));
}

static void
edit_tax_id_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CbzDebtorDetail *self = CBZ_DEBTOR_DETAIL (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  AdwMessageDialog *dialog;
  GtkWidget *box;
  GtkWidget *entry;
  GtkWidget *check;

  if (self->debtor == NULL)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Edit Tax ID"),
                                                       _("An RFC, RUT, CUIT, NIT or RUC. One that does not check out is kept as written and marked as unverified.")));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  entry = gtk_entry_new ();
  check = gtk_label_new (NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Tax ID"), -1);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_label_set_xalign (GTK_LABEL (check), 0);
  gtk_label_set_wrap (GTK_LABEL (check), TRUE);
  gtk_widget_add_css_class (check, "caption");
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), check);
  g_object_set_data_full (G_OBJECT (entry), "country", g_strdup (self->debtor->country), g_free);
  g_signal_connect (entry, "changed", G_CALLBACK (on_tax_id_text_changed_cb), check);
  gtk_editable_set_text (GTK_EDITABLE (entry), self->debtor->tax_id != NULL ? self->debtor->tax_id : "");
  on_tax_id_text_changed_cb (GTK_EDITABLE (entry), GTK_LABEL (check));

  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_edit_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

void
_cbz_debtor_detail_class_init_tax_id (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorDetail, tax_id_label);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorDetail, tax_id_mark);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorDetail, tax_id_row);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorDetail, tax_id_problem_row);
  gtk_widget_class_install_action (widget_class, "detail.edit-tax-id", NULL, edit_tax_id_action_cb);
}
