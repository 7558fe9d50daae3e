/* cbz-letter-window-detail.c: letters on a customer's page: Write Letter, and letters sent on the timeline
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-letter-archive.h"
#include "cbz-letter-window.h"

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

