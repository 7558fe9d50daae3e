/* cbz-debtor-list-cells.c: what each customer looks like in the list
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-debtor-compact-row.h"
#include "cbz-debtor-list-private.h"
#include "cbz-money.h"
#include "cbz-phone.h"
#include "cbz-ui-format.h"

static GtkWidget *
make_label (float        xalign,
            const char  *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* A cell of two lines, @first over @second (a dim caption), centred. */
static void
set_two_lines (GtkListItem *item,
               GtkWidget   *first,
               GtkWidget   *second)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_widget_add_css_class (second, "dim-label");
  gtk_widget_add_css_class (second, "caption");
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), first);
  gtk_box_append (GTK_BOX (box), second);
  gtk_list_item_set_child (item, box);
}

static void
get_two_lines (GtkListItem  *item,
               GtkWidget   **first,
               GtkWidget   **second)
{
  *first = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  *second = gtk_widget_get_next_sibling (*first);
}

static void
set_dim (GtkWidget *widget,
         gboolean   dim)
{
  if (dim)
    gtk_widget_add_css_class (widget, "dim-label");
  else
    gtk_widget_remove_css_class (widget, "dim-label");
}

/* What the list marks beside a customer, in words: "In dispute · Promise
 * pending", or NULL. */
static char *
describe_flags (guint flags)
{
  GPtrArray *parts = g_ptr_array_new ();
  char *text;

  if (flags & CBZ_SUMMARY_FLAG_INSTALMENT_LATE)
    g_ptr_array_add (parts, (gpointer) _("Instalment late"));
  else if (flags & CBZ_SUMMARY_FLAG_AGREEMENT)
    g_ptr_array_add (parts, (gpointer) _("Payment agreement"));
  if (flags & CBZ_SUMMARY_FLAG_PROMISE_PENDING)
    g_ptr_array_add (parts, (gpointer) _("Promise pending"));
  if (flags & CBZ_SUMMARY_FLAG_DISPUTED)
    g_ptr_array_add (parts, (gpointer) _("In dispute"));
  g_ptr_array_add (parts, NULL);
  text = parts->len > 1 ? g_strjoinv (" · ", (char **) parts->pdata) : NULL;
  g_ptr_array_free (parts, TRUE);
  return text;
}

/* The name, and under it the tax ID and what the list marks. */
void
_cbz_debtor_list_setup_name_cb (GtkSignalListItemFactory *factory,
                                GtkListItem              *item,
                                gpointer                  user_data)
{
  GtkWidget *name = make_label (0, NULL);

  /* The name is what people scan the list for: never squeeze it to a few
   * letters to make room for the figures. */
  gtk_label_set_width_chars (GTK_LABEL (name), 18);
  set_two_lines (item, name, make_label (0, NULL));
}

void
_cbz_debtor_list_bind_name_cb (GtkSignalListItemFactory *factory,
                               GtkListItem              *item,
                               gpointer                  user_data)
{
  CbzDebtorRow *row = gtk_list_item_get_item (item);
  const char *tax_id_text = cbz_debtor_row_get_tax_id (row);
  GtkWidget *name, *tax_id;

  guint flags = cbz_debtor_row_get_flags (row);
  g_autofree char *marks = describe_flags (flags);
  g_autofree char *id_text = NULL;
  g_autofree char *second = NULL;

  get_two_lines (item, &name, &tax_id);
  gtk_label_set_label (GTK_LABEL (name), cbz_debtor_row_get_name (row));
  gtk_widget_set_tooltip_text (name, cbz_debtor_row_get_name (row));
  /* "RFC MPA600313YT1": the kind of ID, then the ID. */
  if (tax_id_text != NULL && cbz_debtor_row_get_tax_id_kind (row) != NULL)
    id_text = g_strdup_printf ("%s %s", cbz_debtor_row_get_tax_id_kind (row), tax_id_text);
  else
    id_text = g_strdup (tax_id_text);

  if (id_text != NULL && marks != NULL)
    second = g_strdup_printf ("%s · %s", id_text, marks);
  else
    second = g_strdup (id_text != NULL ? id_text : marks);
  gtk_label_set_label (GTK_LABEL (tax_id), second != NULL ? second : "");
  gtk_widget_set_tooltip_text (tax_id, marks);
  gtk_widget_set_visible (tax_id, second != NULL);
  /* A late instalment is what the collector must see first. */
  if (flags & CBZ_SUMMARY_FLAG_INSTALMENT_LATE)
    gtk_widget_add_css_class (tax_id, "warning");
  else
    gtk_widget_remove_css_class (tax_id, "warning");
}

/* The amount overdue, and under it how many other currencies the customer
 * also owes in (those amounts are not in it). */
void
_cbz_debtor_list_setup_overdue_cb (GtkSignalListItemFactory *factory,
                                   GtkListItem              *item,
                                   gpointer                  user_data)
{
  GtkWidget *amount = make_label (1, "money");

  /* An amount cut short is a wrong amount. */
  gtk_label_set_ellipsize (GTK_LABEL (amount), PANGO_ELLIPSIZE_NONE);
  set_two_lines (item, amount, make_label (1, NULL));
}

void
_cbz_debtor_list_bind_overdue_cb (GtkSignalListItemFactory *factory,
                                  GtkListItem              *item,
                                  gpointer                  user_data)
{
  CbzDebtorRow *row = gtk_list_item_get_item (item);
  gint64 overdue = cbz_debtor_row_get_overdue_balance (row);
  g_autofree char *text = NULL;
  g_autofree char *more_text = NULL;
  g_autofree char *more_tooltip = NULL;
  GtkWidget *amount, *more;

  get_two_lines (item, &amount, &more);
  text = cbz_money_format (cbz_money_init (overdue, cbz_debtor_row_get_currency (row)), NULL);
  more_text = cbz_ui_format_other_currencies (cbz_debtor_row_get_other_currency_codes (row), &more_tooltip);

  gtk_label_set_label (GTK_LABEL (amount), text);
  set_dim (amount, overdue == 0);
  gtk_label_set_label (GTK_LABEL (more), more_text != NULL ? more_text : "");
  gtk_widget_set_visible (more, more_text != NULL);
  gtk_widget_set_tooltip_text (gtk_list_item_get_child (item), more_tooltip);
}

void
_cbz_debtor_list_setup_days_cb (GtkSignalListItemFactory *factory,
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

void
_cbz_debtor_list_bind_days_cb (GtkSignalListItemFactory *factory,
                               GtkListItem              *item,
                               gpointer                  user_data)
{
  CbzDebtorRow *row = gtk_list_item_get_item (item);
  GtkWidget *badge = gtk_list_item_get_child (item);

  cbz_ui_format_aging_badge (GTK_LABEL (badge),
                             cbz_debtor_row_get_days_overdue (row),
                             cbz_debtor_row_get_open_count (row) > 0);
}

void
_cbz_debtor_list_setup_count_cb (GtkSignalListItemFactory *factory,
                                 GtkListItem              *item,
                                 gpointer                  user_data)
{
  gtk_list_item_set_child (item, make_label (1, "numeric"));
}

void
_cbz_debtor_list_bind_count_cb (GtkSignalListItemFactory *factory,
                                GtkListItem              *item,
                                gpointer                  user_data)
{
  CbzDebtorRow *row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *text = NULL;

  text = g_strdup_printf ("%" G_GINT64_FORMAT, cbz_debtor_row_get_open_count (row));
  gtk_label_set_label (GTK_LABEL (label), text);
}

/* When the customer was last reached, and under it the number to call:
 * how to reach them again. */
void
_cbz_debtor_list_setup_contact_cb (GtkSignalListItemFactory *factory,
                                   GtkListItem              *item,
                                   gpointer                  user_data)
{
  GtkWidget *phone = make_label (0, "numeric");

  /* A phone number cut short is of no use: it keeps its width, and the
   * list turns compact before it would not fit. */
  gtk_label_set_ellipsize (GTK_LABEL (phone), PANGO_ELLIPSIZE_NONE);
  set_two_lines (item, make_label (0, NULL), phone);
}

void
_cbz_debtor_list_bind_contact_cb (GtkSignalListItemFactory *factory,
                                  GtkListItem              *item,
                                  gpointer                  user_data)
{
  CbzDebtorRow *row = gtk_list_item_get_item (item);
  gint64 at = cbz_debtor_row_get_last_contact_at (row);
  const char *phone_e164 = cbz_debtor_row_get_phone (row);
  g_autofree char *text = cbz_ui_format_relative_day (at);
  g_autofree char *full = cbz_ui_format_date_time (at);
  g_autofree char *phone_text = phone_e164 != NULL ? cbz_phone_format (phone_e164) : NULL;
  GtkWidget *when, *phone;

  get_two_lines (item, &when, &phone);
  gtk_label_set_label (GTK_LABEL (when), text);
  gtk_widget_set_tooltip_text (when, full);
  set_dim (when, at == 0);
  gtk_label_set_label (GTK_LABEL (phone), phone_text != NULL ? phone_text : "");
  gtk_widget_set_visible (phone, phone_text != NULL);
}

void
_cbz_debtor_list_setup_next_cb (GtkSignalListItemFactory *factory,
                                GtkListItem              *item,
                                gpointer                  user_data)
{
  gtk_list_item_set_child (item, make_label (0, NULL));
}

void
_cbz_debtor_list_bind_next_cb (GtkSignalListItemFactory *factory,
                               GtkListItem              *item,
                               gpointer                  user_data)
{
  CbzDebtorRow *row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  const char *next = cbz_debtor_row_get_next_action (row);

  gtk_label_set_label (GTK_LABEL (label), next != NULL ? next : "");
  gtk_widget_set_tooltip_text (label, next);
}

/* The narrow list: one widget per row on screen, refilled. */
void
_cbz_debtor_list_setup_compact_cb (GtkSignalListItemFactory *factory,
                                   GtkListItem              *item,
                                   gpointer                  user_data)
{
  gtk_list_item_set_child (item, cbz_debtor_compact_row_new ());
}

void
_cbz_debtor_list_bind_compact_cb (GtkSignalListItemFactory *factory,
                                  GtkListItem              *item,
                                  gpointer                  user_data)
{
  cbz_debtor_compact_row_set_row (CBZ_DEBTOR_COMPACT_ROW (gtk_list_item_get_child (item)),
                                  gtk_list_item_get_item (item));
}
