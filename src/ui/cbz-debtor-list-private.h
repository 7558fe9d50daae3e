/* cbz-debtor-list-private.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cbz-debtor-list.h"

G_BEGIN_DECLS

/* CbzDebtorList is written in three files: cbz-debtor-list.c (the widget,
 * its states and selection), cbz-debtor-list-filters.c (filters and sort
 * order) and cbz-debtor-list-cells.c (how each customer looks). */
struct _CbzDebtorList
{
  GtkWidget           parent_instance;

  CbzStore           *store;
  CbzDebtorListModel *model;
  GtkMultiSelection  *selection;
  GSettings          *settings;
  GtkStringList      *tags;
  gint64              selected_id;
  gboolean            restoring;

  GtkWidget          *filter_bar;
  GtkDropDown        *aging_dropdown;
  GtkDropDown        *tag_dropdown;
  GtkLabel           *count_label;
  GtkStack           *stack;
  AdwSqueezer        *squeezer;
  GtkWidget          *columns_page;
  GtkWidget          *compact_page;
  GtkListView        *compact_view;
  GtkColumnView      *column_view;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *overdue_column;
  GtkColumnViewColumn *days_column;
  GtkColumnViewColumn *count_column;
  GtkColumnViewColumn *contact_column;
  GtkColumnViewColumn *next_column;
  AdwStatusPage      *error_page;
};

/* cbz-debtor-list-filters.c */
void _cbz_debtor_list_init_filters               (CbzDebtorList *self);
/* Applies the filters and sort order saved in GSettings to the model. */
void _cbz_debtor_list_restore_filters            (CbzDebtorList *self);
/* Lists the portfolio's tags in the tag filter. */
void _cbz_debtor_list_reload_tags                (CbzDebtorList *self);
void _cbz_debtor_list_on_aging_filter_changed_cb (CbzDebtorList *self);
void _cbz_debtor_list_on_tag_filter_changed_cb   (CbzDebtorList *self);


/*
 * The cells of the customer list (cbz-debtor-list-cells.c): the columns of
 * the wide list and the rows of the compact one. The lists are virtual:
 * cells are made once (setup) and refilled with whatever row scrolls into
 * them (bind). Template callbacks of cbz-debtor-list.ui.
 */
#define CBZ_DEBTOR_LIST_CELL_CALLBACKS(X) \
  X (name) X (overdue) X (days) X (count) X (contact) X (next) X (compact)

#define CBZ_DEBTOR_LIST_DECLARE_CELL(what)                                               \
  void _cbz_debtor_list_setup_##what##_cb (GtkSignalListItemFactory *factory,            \
                                           GtkListItem              *item,               \
                                           gpointer                  user_data);         \
  void _cbz_debtor_list_bind_##what##_cb  (GtkSignalListItemFactory *factory,            \
                                           GtkListItem              *item,               \
                                           gpointer                  user_data);

CBZ_DEBTOR_LIST_CELL_CALLBACKS (CBZ_DEBTOR_LIST_DECLARE_CELL)

G_END_DECLS
