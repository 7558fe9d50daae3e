/* cbz-debtor-list.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "cbz-aging.h"
#include "cbz-debtor-compact-row.h"
#include "cbz-debtor-list-private.h"

enum {
  PROP_0,
  PROP_STORE,
  PROP_SELECTED_DEBTOR_ID,
  PROP_N_SELECTED,
  PROP_STATE,
  PROP_COMPACT,
  N_PROPS
};

enum {
  DEBTOR_ACTIVATED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (CbzDebtorList, cbz_debtor_list, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_state (CbzDebtorList *self,
           const char    *state)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), state) == 0)
    return;
  gtk_stack_set_visible_child_name (self->stack, state);
  /* Filters make no sense before there is anything to filter. */
  gtk_widget_set_visible (GTK_WIDGET (self->filter_bar),
                          g_str_equal (state, "list") || g_str_equal (state, "no-results"));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
update_state (CbzDebtorList *self)
{
  g_autoptr(GError) error = NULL;
  guint n_items;
  gint64 total;

  if (self->model == NULL)
    return;

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  if (n_items > 0)
    {
      g_autofree char *text = NULL;
      guint n_selected = cbz_debtor_list_get_n_selected (self);

      if (n_selected > 1)
        /* Translators: "3 of 300 customers selected" (for batch letters) */
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u customer selected",
                                             "%u of %u customers selected", n_items),
                                n_selected, n_items);
      else
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u customer", "%u customers", n_items),
                                n_items);
      gtk_label_set_label (self->count_label, text);
      set_state (self, "list");
      return;
    }

  total = cbz_store_count_debtors (self->store, &error);
  if (total < 0 || error != NULL)
    g_warning ("Could not count customers: %s", error != NULL ? error->message : "");
  gtk_label_set_label (self->count_label, "");
  set_state (self, total == 0 ? "empty" : "no-results");
}

static void
set_selected_id (CbzDebtorList *self,
                 gint64         id)
{
  if (self->selected_id == id)
    return;
  self->selected_id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_DEBTOR_ID]);
}

/* The first selected position, or GTK_INVALID_LIST_POSITION. */
static guint
first_selected (CbzDebtorList *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

  return gtk_bitset_is_empty (selected) ? GTK_INVALID_LIST_POSITION : gtk_bitset_get_minimum (selected);
}

/* Several customers can be selected (Ctrl and Shift, for batch letters);
 * the detail pane shows one: the one clicked last when a click leaves only
 * one selected, else the one it showed while still selected, else the first. */
static void
on_selection_changed_cb (CbzDebtorList *self,
                         guint          position,
                         guint          n_items)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  guint64 size = gtk_bitset_get_size (selected);
  int shown;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SELECTED]);
  update_state (self);
  if (size == 0)
    {
      /* A reload that drops the selected customer (a search that no longer
       * matches) keeps the detail on them; only a reload removing them from
       * the portfolio clears it, see on_items_changed_cb. */
      return;
    }
  if (size > 1 && self->selected_id != 0 &&
      (shown = cbz_debtor_list_model_find_id (self->model, self->selected_id)) >= 0 &&
      gtk_bitset_contains (selected, (guint) shown))
    return;
  set_selected_id (self, cbz_debtor_list_model_get_id (self->model, gtk_bitset_get_minimum (selected)));
}

static void
on_items_changed_cb (CbzDebtorList *self,
                     guint          position,
                     guint          removed,
                     guint          added,
                     GListModel    *model)
{
  update_state (self);

  if (self->selected_id != 0 && first_selected (self) == GTK_INVALID_LIST_POSITION)
    {
      int found = cbz_debtor_list_model_find_id (self->model, self->selected_id);

      if (found >= 0)
        gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), (guint) found, TRUE);
    }
}

static void
on_store_changed_cb (CbzDebtorList *self)
{
  /* The model reloads itself; the tags of the portfolio may have changed. */
  _cbz_debtor_list_reload_tags (self);
}

static void
on_layout_changed_cb (CbzDebtorList *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPACT]);
}

static void
on_row_activated_cb (CbzDebtorList *self,
                     guint          position)
{
  gint64 id = cbz_debtor_list_model_get_id (self->model, position);

  if (id == 0)
    return;
  set_selected_id (self, id);
  g_signal_emit (self, signals[DEBTOR_ACTIVATED], 0, id);
}

static void
cbz_debtor_list_dispose (GObject *object)
{
  CbzDebtorList *self = CBZ_DEBTOR_LIST (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->column_view != NULL)
    g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->column_view), self);

  gtk_widget_dispose_template (GTK_WIDGET (self), CBZ_TYPE_DEBTOR_LIST);
  /* The template's top box is a plain child of this widget. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_first_child (GTK_WIDGET (self)))
    gtk_widget_unparent (child);

  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->tags);

  G_OBJECT_CLASS (cbz_debtor_list_parent_class)->dispose (object);
}

static void
cbz_debtor_list_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CbzDebtorList *self = CBZ_DEBTOR_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_SELECTED_DEBTOR_ID:
      g_value_set_int64 (value, self->selected_id);
      break;

    case PROP_N_SELECTED:
      g_value_set_uint (value, cbz_debtor_list_get_n_selected (self));
      break;

    case PROP_STATE:
      g_value_set_string (value, cbz_debtor_list_get_state (self));
      break;

    case PROP_COMPACT:
      g_value_set_boolean (value, cbz_debtor_list_get_compact (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cbz_debtor_list_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CbzDebtorList *self = CBZ_DEBTOR_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      cbz_debtor_list_set_store (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cbz_debtor_list_class_init (CbzDebtorListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cbz_debtor_list_dispose;
  object_class->get_property = cbz_debtor_list_get_property;
  object_class->set_property = cbz_debtor_list_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CBZ_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_DEBTOR_ID] =
    g_param_spec_int64 ("selected-debtor-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * CbzDebtorList:n-selected:
   *
   * How many customers are selected (Ctrl+click, Shift+click, Ctrl+A).
   */
  properties[PROP_N_SELECTED] =
    g_param_spec_uint ("n-selected", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_string ("state", NULL, NULL,
                         "loading",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * CbzDebtorList:compact:
   *
   * Whether the list is too narrow for its columns and shows each customer
   * on one line (name, amount overdue, age) instead.
   */
  properties[PROP_COMPACT] =
    g_param_spec_boolean ("compact", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CbzDebtorList::debtor-activated:
   * @debtor_id: the customer's id
   *
   * A row was activated (double click, Enter): show that customer.
   */
  signals[DEBTOR_ACTIVATED] =
    g_signal_new ("debtor-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/cbz-debtor-list.ui");
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorList, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorList, aging_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorList, tag_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorList, count_label);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorList, stack);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorList, squeezer);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorList, columns_page);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorList, compact_page);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorList, compact_view);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorList, column_view);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorList, name_column);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorList, overdue_column);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorList, days_column);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorList, count_column);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorList, contact_column);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorList, next_column);
  gtk_widget_class_bind_template_child (widget_class, CbzDebtorList, error_page);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_aging_filter_changed_cb",
                                                G_CALLBACK (_cbz_debtor_list_on_aging_filter_changed_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "on_tag_filter_changed_cb",
                                                G_CALLBACK (_cbz_debtor_list_on_tag_filter_changed_cb));
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_layout_changed_cb);
#define BIND_CELL(what)                                                                     \
  gtk_widget_class_bind_template_callback_full (widget_class, "setup_" #what "_cb",        \
                                                G_CALLBACK (_cbz_debtor_list_setup_##what##_cb)); \
  gtk_widget_class_bind_template_callback_full (widget_class, "bind_" #what "_cb",         \
                                                G_CALLBACK (_cbz_debtor_list_bind_##what##_cb));
  CBZ_DEBTOR_LIST_CELL_CALLBACKS (BIND_CELL)
#undef BIND_CELL

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
cbz_debtor_list_init (CbzDebtorList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  _cbz_debtor_list_init_filters (self);

  self->selection = gtk_multi_selection_new (NULL);
  g_signal_connect_swapped (self->selection, "selection-changed",
                            G_CALLBACK (on_selection_changed_cb), self);
  /* Both layouts show the same selection: switching keeps it. */
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  gtk_list_view_set_model (self->compact_view, GTK_SELECTION_MODEL (self->selection));

  gtk_stack_set_visible_child_name (self->stack, "loading");
  gtk_widget_set_visible (self->filter_bar, FALSE);
}

GtkWidget *
cbz_debtor_list_new (void)
{
  return g_object_new (CBZ_TYPE_DEBTOR_LIST, NULL);
}

CbzStore *
cbz_debtor_list_get_store (CbzDebtorList *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_LIST (self), NULL);

  return self->store;
}

/**
 * cbz_debtor_list_set_store:
 *
 * Shows the customers of @store (NULL shows nothing), with the filters and
 * sort order the user last chose.
 */
void
cbz_debtor_list_set_store (CbzDebtorList *self,
                           CbzStore      *store)
{
  g_return_if_fail (CBZ_IS_DEBTOR_LIST (self));
  g_return_if_fail (store == NULL || CBZ_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  gtk_multi_selection_set_model (self->selection, NULL);
  g_clear_object (&self->model);
  g_set_object (&self->store, store);
  set_selected_id (self, 0);

  if (store != NULL)
    {
      g_autoptr(GError) error = NULL;

      self->model = cbz_debtor_list_model_new (store);
      _cbz_debtor_list_restore_filters (self);
      if (!cbz_debtor_list_model_reload (self->model, &error))
        {
          cbz_debtor_list_show_error (self, _("Could Not Read the Customers"), error->message);
        }
      else
        {
          g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self,
                                   G_CONNECT_SWAPPED);
          g_signal_connect_object (self->model, "items-changed", G_CALLBACK (on_items_changed_cb),
                                   self, G_CONNECT_SWAPPED);
          gtk_multi_selection_set_model (self->selection, G_LIST_MODEL (self->model));
          update_state (self);
        }
    }
  else
    set_state (self, "loading");

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

CbzDebtorListModel *
cbz_debtor_list_get_model (CbzDebtorList *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_LIST (self), NULL);

  return self->model;
}

GtkColumnView *
cbz_debtor_list_get_column_view (CbzDebtorList *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_LIST (self), NULL);

  return self->column_view;
}

void
cbz_debtor_list_set_search_text (CbzDebtorList *self,
                                 const char    *text)
{
  g_return_if_fail (CBZ_IS_DEBTOR_LIST (self));

  if (self->model != NULL)
    cbz_debtor_list_model_set_search_text (self->model, text);
}

guint
cbz_debtor_list_get_n_selected (CbzDebtorList *self)
{
  g_autoptr(GtkBitset) selected = NULL;

  g_return_val_if_fail (CBZ_IS_DEBTOR_LIST (self), 0);

  if (self->model == NULL)
    return 0;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  return (guint) MIN (gtk_bitset_get_size (selected), G_MAXUINT);
}

/**
 * cbz_debtor_list_get_selected_debtor_ids:
 *
 * Returns: (transfer full) (element-type gint64): the selected customers'
 *   ids in list order (rows are read from the database page by page).
 */
GArray *
cbz_debtor_list_get_selected_debtor_ids (CbzDebtorList *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GtkBitset) selected = NULL;
  GtkBitsetIter iter;
  guint position;

  g_return_val_if_fail (CBZ_IS_DEBTOR_LIST (self), ids);

  if (self->model == NULL)
    return ids;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position);
       more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      gint64 id = cbz_debtor_list_model_get_id (self->model, position);

      if (id > 0)
        g_array_append_val (ids, id);
    }
  return ids;
}

gint64
cbz_debtor_list_get_selected_debtor_id (CbzDebtorList *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_LIST (self), 0);

  return self->selected_id;
}

/**
 * cbz_debtor_list_select_debtor:
 *
 * Selects the customer (and scrolls to them) when they are in the list.
 */
void
cbz_debtor_list_select_debtor (CbzDebtorList *self,
                               gint64         debtor_id)
{
  int position;

  g_return_if_fail (CBZ_IS_DEBTOR_LIST (self));

  if (self->model == NULL)
    return;

  position = cbz_debtor_list_model_find_id (self->model, debtor_id);
  if (position < 0)
    return;
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), (guint) position, TRUE);

  /* GTK 4.8 has no gtk_column_view_scroll_to(); the list view inside the
   * column view has the action, as has the compact list. */
  if (cbz_debtor_list_get_compact (self))
    {
      gtk_widget_activate_action (GTK_WIDGET (self->compact_view), "list.scroll-to-item", "u", (guint) position);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_VIEW (child))
        gtk_widget_activate_action (child, "list.scroll-to-item", "u", (guint) position);
    }
}

void
cbz_debtor_list_show_error (CbzDebtorList *self,
                            const char    *title,
                            const char    *message)
{
  g_return_if_fail (CBZ_IS_DEBTOR_LIST (self));

  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, message);
  set_state (self, "error");
}

const char *
cbz_debtor_list_get_state (CbzDebtorList *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_LIST (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
cbz_debtor_list_get_compact (CbzDebtorList *self)
{
  g_return_val_if_fail (CBZ_IS_DEBTOR_LIST (self), FALSE);

  return adw_squeezer_get_visible_child (self->squeezer) == self->compact_page;
}

/**
 * cbz_debtor_list_set_single_click_activate:
 *
 * On a narrow window one tap opens the customer, like a phone list; on a
 * wide one a click selects and a double click (or Enter) opens.
 */
void
cbz_debtor_list_set_single_click_activate (CbzDebtorList *self,
                                           gboolean       single_click)
{
  g_return_if_fail (CBZ_IS_DEBTOR_LIST (self));

  gtk_column_view_set_single_click_activate (self->column_view, single_click);
  gtk_list_view_set_single_click_activate (self->compact_view, single_click);
}
