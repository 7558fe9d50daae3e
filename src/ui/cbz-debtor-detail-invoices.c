/* cbz-debtor-detail-invoices.c: the invoices tab and the totals above it
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-debtor-detail-private.h"
#include "cbz-invoice-item.h"
#include "cbz-money.h"
#include "cbz-ui-format.h"

/* Sums of open balances in one currency. */
typedef struct
{
  char   currency[4];
  gint64 balance;
  gint64 overdue;
  guint  count;
} CurrencyTotal;

static CurrencyTotal *
find_total (GArray     *totals,
            const char *currency)
{
  CurrencyTotal total = { { 0 } };

  for (guint i = 0; i < totals->len; i++)
    {
      CurrencyTotal *t = &g_array_index (totals, CurrencyTotal, i);

      if (g_ascii_strcasecmp (t->currency, currency) == 0)
        return t;
    }
  g_strlcpy (total.currency, currency, sizeof total.currency);
  g_array_append_val (totals, total);
  return &g_array_index (totals, CurrencyTotal, totals->len - 1);
}

void
_cbz_debtor_detail_show_invoices (CbzDebtorDetail *self,
                                  GPtrArray       *invoices)
{
  g_autoptr(GArray) totals = g_array_new (FALSE, TRUE, sizeof (CurrencyTotal));
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) others = g_string_new (NULL);
  g_autofree char *overdue = NULL;
  g_autofree char *balance = NULL;
  const CurrencyTotal *main_total;
  gint64 oldest_days = 0;
  guint n_open = 0;

  /* The debtor's own currency comes first even when nothing is owed in it. */
  find_total (totals, self->debtor->currency != NULL ? self->debtor->currency : "MXN");

  for (guint i = 0; i < invoices->len; i++)
    {
      CbzInvoice *invoice = g_ptr_array_index (invoices, i);
      CurrencyTotal *total;

      g_ptr_array_add (items, cbz_invoice_item_new (invoice));
      if (!cbz_invoice_is_open (invoice))
        continue;

      n_open++;
      total = find_total (totals, invoice->currency);
      total->balance += invoice->balance;
      total->count++;
      /* Disputed: owed, but not overdue, as in the list (debtor_summaries). */
      if (invoice->days_overdue > 0 && invoice->status != CBZ_INVOICE_STATUS_DISPUTED)
        {
          total->overdue += invoice->balance;
          oldest_days = MAX (oldest_days, invoice->days_overdue);
        }
    }

  g_list_store_splice (self->invoices, 0, g_list_model_get_n_items (G_LIST_MODEL (self->invoices)),
                       items->pdata, items->len);
  gtk_stack_set_visible_child_name (self->invoices_stack, items->len > 0 ? "list" : "empty");

  main_total = &g_array_index (totals, CurrencyTotal, 0);
  overdue = cbz_money_format (cbz_money_init (main_total->overdue, main_total->currency), NULL);
  balance = cbz_money_format (cbz_money_init (main_total->balance, main_total->currency), NULL);
  gtk_label_set_label (self->overdue_label, overdue);
  gtk_label_set_label (self->balance_label, balance);
  adw_view_stack_page_set_badge_number (self->invoices_page, n_open);
  cbz_ui_format_aging_badge (self->aging_badge, oldest_days, n_open > 0);

  for (guint i = 1; i < totals->len; i++)
    {
      const CurrencyTotal *t = &g_array_index (totals, CurrencyTotal, i);
      g_autofree char *t_balance = cbz_money_format_full (cbz_money_init (t->balance, t->currency),
                                                          NULL, CBZ_MONEY_FORMAT_CODE);
      g_autofree char *t_overdue = cbz_money_format_full (cbz_money_init (t->overdue, t->currency),
                                                          NULL, CBZ_MONEY_FORMAT_CODE);

      if (others->len > 0)
        g_string_append (others, "\n");
      /* Translators: totals in a second currency: "USD 1,200.00 open, USD 800.00 overdue". */
      g_string_append_printf (others, _("%s open, %s overdue"), t_balance, t_overdue);
    }
  if (others->len > 0)
    {
      g_autofree char *text = g_strdup_printf (_("Also in other currencies: %s"), others->str);

      gtk_label_set_label (self->currencies_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->currencies_label), others->len > 0);
}

/* Invoice cells */

static CbzInvoice *
get_invoice (GtkListItem *item)
{
  return cbz_invoice_item_get_invoice (gtk_list_item_get_item (item));
}

/* How a plain cell shows its text (the factory's user data). */
typedef enum
{
  CELL_TEXT,    /* ellipsized when short of room */
  CELL_DATE,    /* never cut */
  CELL_MONEY,   /* never cut, right-aligned, tabular figures */
} CellKind;

static void
setup_text_cell_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  CellKind kind = GPOINTER_TO_INT (user_data);

  gtk_label_set_xalign (GTK_LABEL (label), kind == CELL_MONEY ? 1 : 0);
  if (kind == CELL_TEXT)
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (kind != CELL_TEXT)
    gtk_widget_add_css_class (label, "money");
  gtk_list_item_set_child (item, label);
}

/* The number with the issue date under it: the pane is narrow. */
static void
setup_number_cell_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *number = gtk_label_new (NULL);
  GtkWidget *issued = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (number), 0);
  gtk_label_set_ellipsize (GTK_LABEL (number), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (issued), 0);
  gtk_label_set_ellipsize (GTK_LABEL (issued), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (issued, "dim-label");
  gtk_widget_add_css_class (issued, "caption");
  gtk_box_append (GTK_BOX (box), number);
  gtk_box_append (GTK_BOX (box), issued);
  gtk_list_item_set_child (item, box);
}

static void
bind_number_cell_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  user_data)
{
  CbzInvoice *invoice = get_invoice (item);
  GtkWidget *number = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  GtkWidget *issued = gtk_widget_get_next_sibling (number);
  g_autofree char *date = cbz_ui_format_iso_date (invoice->issue_date);
  g_autofree char *text = NULL;

  gtk_label_set_label (GTK_LABEL (number), invoice->number);
  gtk_widget_set_tooltip_text (number, invoice->description);
  if (invoice->issue_date != NULL)
    /* Translators: under an invoice number; %s is its issue date. */
    text = g_strdup_printf (_("Issued %s"), date);
  gtk_label_set_label (GTK_LABEL (issued), text != NULL ? text : "");
  gtk_widget_set_visible (issued, text != NULL);
}

static void
bind_due_cell_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  g_autofree char *text = cbz_ui_format_iso_date (get_invoice (item)->due_date);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static void
setup_badge_cell_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  user_data)
{
  GtkWidget *badge = gtk_label_new (NULL);

  gtk_widget_set_halign (badge, GTK_ALIGN_START);
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "aging-badge");
  gtk_widget_add_css_class (badge, "caption");
  gtk_list_item_set_child (item, badge);
}

static void
bind_days_cell_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  CbzInvoice *invoice = get_invoice (item);

  cbz_ui_format_aging_badge_compact (GTK_LABEL (gtk_list_item_get_child (item)),
                                     invoice->days_overdue, cbz_invoice_is_open (invoice));
}

/* The balance with the invoice's status under it ("Partially paid"): the
 * pane is narrow, and the status explains the balance. */
static void
setup_balance_cell_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *balance = gtk_label_new (NULL);
  GtkWidget *status = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (balance), 1);
  gtk_widget_add_css_class (balance, "money");
  gtk_label_set_xalign (GTK_LABEL (status), 1);
  gtk_label_set_ellipsize (GTK_LABEL (status), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (status, "dim-label");
  gtk_widget_add_css_class (status, "caption");
  gtk_box_append (GTK_BOX (box), balance);
  gtk_box_append (GTK_BOX (box), status);
  gtk_list_item_set_child (item, box);
}

static void
bind_balance_cell_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  user_data)
{
  CbzInvoice *invoice = get_invoice (item);
  GtkWidget *balance = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  GtkWidget *status = gtk_widget_get_next_sibling (balance);
  g_autofree char *balance_text = NULL;
  g_autofree char *amount_text = NULL;
  g_autofree char *tooltip = NULL;

  balance_text = cbz_money_format (cbz_money_init (invoice->balance, invoice->currency), NULL);
  amount_text = cbz_money_format (cbz_money_init (invoice->amount, invoice->currency), NULL);
  /* Translators: tooltip of an invoice's balance; %s is the invoice's full amount. */
  tooltip = g_strdup_printf (_("Invoice amount: %s"), amount_text);
  gtk_label_set_label (GTK_LABEL (balance), balance_text);
  gtk_widget_set_tooltip_text (balance, tooltip);
  gtk_label_set_label (GTK_LABEL (status), cbz_invoice_status_get_label (invoice->status));
}

static void
add_invoice_column (CbzDebtorDetail *self,
                    const char      *title,
                    CellKind         kind,
                    GCallback        setup,
                    GCallback        bind,
                    gboolean         expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_signal_connect (factory, "setup", setup, GINT_TO_POINTER ((int) kind));
  g_signal_connect (factory, "bind", bind, NULL);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (self->invoice_view, column);
}

void
_cbz_debtor_detail_init_invoices (CbzDebtorDetail *self)
{
  g_autoptr(GtkNoSelection) invoice_selection = NULL;

  self->invoices = g_list_store_new (CBZ_TYPE_INVOICE_ITEM);
  invoice_selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->invoices)));
  gtk_column_view_set_model (self->invoice_view, GTK_SELECTION_MODEL (invoice_selection));

  add_invoice_column (self, _("Invoice"), CELL_TEXT, G_CALLBACK (setup_number_cell_cb),
                      G_CALLBACK (bind_number_cell_cb), TRUE);
  add_invoice_column (self, _("Due"), CELL_DATE, G_CALLBACK (setup_text_cell_cb),
                      G_CALLBACK (bind_due_cell_cb), FALSE);
  add_invoice_column (self, _("Days"), CELL_TEXT, G_CALLBACK (setup_badge_cell_cb),
                      G_CALLBACK (bind_days_cell_cb), FALSE);
  add_invoice_column (self, _("Balance"), CELL_MONEY, G_CALLBACK (setup_balance_cell_cb),
                      G_CALLBACK (bind_balance_cell_cb), FALSE);
}
