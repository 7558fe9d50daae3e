/* cbz-debtor-list.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cbz-debtor-list-model.h"
#include "cbz-store.h"

G_BEGIN_DECLS

#define CBZ_TYPE_DEBTOR_LIST (cbz_debtor_list_get_type ())

G_DECLARE_FINAL_TYPE (CbzDebtorList, cbz_debtor_list, CBZ, DEBTOR_LIST, GtkWidget)

GtkWidget          *cbz_debtor_list_new                  (void);
CbzStore           *cbz_debtor_list_get_store            (CbzDebtorList *self);
void                cbz_debtor_list_set_store            (CbzDebtorList *self,
                                                          CbzStore      *store);
CbzDebtorListModel *cbz_debtor_list_get_model            (CbzDebtorList *self);
GtkColumnView      *cbz_debtor_list_get_column_view      (CbzDebtorList *self);
void                cbz_debtor_list_set_search_text      (CbzDebtorList *self,
                                                          const char    *text);
/* The customer the detail pane shows. */
gint64              cbz_debtor_list_get_selected_debtor_id (CbzDebtorList *self);
guint               cbz_debtor_list_get_n_selected       (CbzDebtorList *self);
GArray             *cbz_debtor_list_get_selected_debtor_ids (CbzDebtorList *self);
void                cbz_debtor_list_select_debtor        (CbzDebtorList *self,
                                                          gint64         debtor_id);
/* Shows the error page instead of the list (the portfolio could not be opened). */
void                cbz_debtor_list_show_error           (CbzDebtorList *self,
                                                          const char    *title,
                                                          const char    *message);
/* TRUE when the list is too narrow for its columns and shows one line
 * per customer (see :compact). */
gboolean            cbz_debtor_list_get_compact          (CbzDebtorList *self);
void                cbz_debtor_list_set_single_click_activate (CbzDebtorList *self,
                                                          gboolean       single_click);
/* "loading", "list", "empty", "no-results" or "error". */
const char         *cbz_debtor_list_get_state            (CbzDebtorList *self);

G_END_DECLS
