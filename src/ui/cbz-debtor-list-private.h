/* cbz-debtor-list-private.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-debtor-list.h"

G_BEGIN_DECLS

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
