/* cbz-debtor-list-filters.c: what the customer list shows and in which order
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The aging and tag filters and the sort column, as the person last chose
 * them (GSettings: aging-filter, tag-filter, sort-column, sort-descending),
 * passed on to the model.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-debtor-list-private.h"

/* The list's sort keys as stored in GSettings' sort-column. */
static const struct {
  const char    *nick;
  CbzDebtorSort  key;
} sort_keys[] = {
  { "name", CBZ_DEBTOR_SORT_NAME },
  { "overdue-balance", CBZ_DEBTOR_SORT_OVERDUE_BALANCE },
  { "oldest-days-overdue", CBZ_DEBTOR_SORT_DAYS_OVERDUE },
  { "open-invoices", CBZ_DEBTOR_SORT_OPEN_COUNT },
  { "last-contact", CBZ_DEBTOR_SORT_LAST_CONTACT },
  { "next-action", CBZ_DEBTOR_SORT_NEXT_ACTION },
};

/* The aging dropdown lists the filters in CbzAgingFilter order; these are
 * their GSettings nicks (enum io.github.cobranza.Cobranza.AgingFilter). */
static const struct {
  const char     *nick;
  CbzAgingFilter  filter;
  const char     *label;
} aging_filters[] = {
  { "all", CBZ_AGING_FILTER_ALL, N_("All Customers") },
  { "overdue", CBZ_AGING_FILTER_OVERDUE, N_("Overdue") },
  { "not-due", CBZ_AGING_FILTER_NOT_DUE, N_("Not Yet Due") },
  { "days-1-30", CBZ_AGING_FILTER_1_30, N_("1–30 Days Overdue") },
  { "days-31-60", CBZ_AGING_FILTER_31_60, N_("31–60 Days Overdue") },
  { "days-61-90", CBZ_AGING_FILTER_61_90, N_("61–90 Days Overdue") },
  { "days-91-120", CBZ_AGING_FILTER_91_120, N_("91–120 Days Overdue") },
  { "days-over-120", CBZ_AGING_FILTER_OVER_120, N_("Over 120 Days Overdue") },
};

static GtkColumnViewColumn *
get_column_for_sort (CbzDebtorList *self,
                     CbzDebtorSort  key)
{
  switch (key)
    {
    case CBZ_DEBTOR_SORT_NAME:
    case CBZ_DEBTOR_SORT_TAX_ID:
      return self->name_column;
    case CBZ_DEBTOR_SORT_OVERDUE_BALANCE:
    case CBZ_DEBTOR_SORT_OPEN_BALANCE:
      return self->overdue_column;
    case CBZ_DEBTOR_SORT_DAYS_OVERDUE:
      return self->days_column;
    case CBZ_DEBTOR_SORT_OPEN_COUNT:
      return self->count_column;
    case CBZ_DEBTOR_SORT_LAST_CONTACT:
      return self->contact_column;
    case CBZ_DEBTOR_SORT_NEXT_ACTION:
      return self->next_column;
    default:
      g_return_val_if_reached (self->days_column);
    }
}

static const char *
get_sort_nick (CbzDebtorSort key)
{
  for (guint i = 0; i < G_N_ELEMENTS (sort_keys); i++)
    {
      if (sort_keys[i].key == key)
        return sort_keys[i].nick;
    }
  return "oldest-days-overdue";
}

/* GtkColumnView in GTK 4.8 has no API to ask which column it sorts by. Each
 * column's sorter records itself when called, and a comparison through the
 * view's sorter calls only the primary column's sorter (the rest are asked
 * only on ties, and the probe never ties); the view inverts the result when
 * the column sorts descending. */
static int
probe_compare_cb (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  int *probed = (int *) a;

  *probed = GPOINTER_TO_INT (user_data);
  return GTK_ORDERING_SMALLER;
}

static void
on_view_sorter_changed_cb (CbzDebtorList   *self,
                           GtkSorterChange  change,
                           GtkSorter       *sorter)
{
  int probed = -1;
  int other = 0;
  GtkOrdering order;
  CbzDebtorSort key;
  gboolean descending;

  if (self->model == NULL || self->restoring)
    return;

  order = gtk_sorter_compare (sorter, &probed, &other);
  if (probed < 0)
    {
      /* GTK cycles a column ascending → descending → unsorted; a list always
       * has an order, so go back to ascending on the same column. */
      key = cbz_debtor_list_model_get_sort_key (self->model);
      self->restoring = TRUE;
      gtk_column_view_sort_by_column (self->column_view, get_column_for_sort (self, key),
                                      GTK_SORT_ASCENDING);
      self->restoring = FALSE;
      descending = FALSE;
    }
  else
    {
      key = (CbzDebtorSort) probed;
      descending = order == GTK_ORDERING_LARGER;
    }

  cbz_debtor_list_model_set_sort_key (self->model, key);
  cbz_debtor_list_model_set_descending (self->model, descending);
  g_settings_set_string (self->settings, "sort-column", get_sort_nick (key));
  g_settings_set_boolean (self->settings, "sort-descending", descending);
}

void
_cbz_debtor_list_on_aging_filter_changed_cb (CbzDebtorList *self)
{
  guint selected = gtk_drop_down_get_selected (self->aging_dropdown);

  if (self->model == NULL || self->restoring || selected >= G_N_ELEMENTS (aging_filters))
    return;

  cbz_debtor_list_model_set_aging_filter (self->model, aging_filters[selected].filter);
  g_settings_set_string (self->settings, "aging-filter", aging_filters[selected].nick);
}

void
_cbz_debtor_list_on_tag_filter_changed_cb (CbzDebtorList *self)
{
  guint selected = gtk_drop_down_get_selected (self->tag_dropdown);
  const char *tag = NULL;

  if (self->model == NULL || self->restoring || selected == GTK_INVALID_LIST_POSITION)
    return;

  if (selected > 0)
    tag = gtk_string_list_get_string (self->tags, selected);
  cbz_debtor_list_model_set_tag (self->model, tag);
  g_settings_set_string (self->settings, "tag-filter", tag != NULL ? tag : "");
}

void
_cbz_debtor_list_reload_tags (CbzDebtorList *self)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) tags = NULL;
  g_autofree char *wanted = NULL;
  guint n_old;
  guint selected = 0;

  tags = cbz_store_list_tags (self->store, &error);
  if (tags == NULL)
    {
      g_warning ("Could not list tags: %s", error != NULL ? error->message : "");
      return;
    }

  wanted = g_settings_get_string (self->settings, "tag-filter");
  self->restoring = TRUE;
  n_old = g_list_model_get_n_items (G_LIST_MODEL (self->tags));
  gtk_string_list_splice (self->tags, 1, n_old - 1, (const char * const *) tags);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      if (g_str_equal (tags[i], wanted))
        selected = i + 1;
    }
  gtk_drop_down_set_selected (self->tag_dropdown, selected);
  self->restoring = FALSE;

  gtk_widget_set_visible (GTK_WIDGET (self->tag_dropdown), tags[0] != NULL);
  if (selected == 0 && wanted[0] != '\0')
    g_settings_set_string (self->settings, "tag-filter", "");
  cbz_debtor_list_model_set_tag (self->model, selected == 0 ? NULL : tags[selected - 1]);
}

void
_cbz_debtor_list_restore_filters (CbzDebtorList *self)
{
  g_autofree char *aging = g_settings_get_string (self->settings, "aging-filter");
  g_autofree char *sort_nick = g_settings_get_string (self->settings, "sort-column");
  gboolean descending = g_settings_get_boolean (self->settings, "sort-descending");
  CbzDebtorSort key = CBZ_DEBTOR_SORT_DAYS_OVERDUE;

  self->restoring = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (aging_filters); i++)
    {
      if (g_str_equal (aging_filters[i].nick, aging))
        {
          gtk_drop_down_set_selected (self->aging_dropdown, i);
          cbz_debtor_list_model_set_aging_filter (self->model, aging_filters[i].filter);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (sort_keys); i++)
    {
      if (g_str_equal (sort_keys[i].nick, sort_nick))
        key = sort_keys[i].key;
    }
  cbz_debtor_list_model_set_sort_key (self->model, key);
  cbz_debtor_list_model_set_descending (self->model, descending);
  gtk_column_view_sort_by_column (self->column_view, get_column_for_sort (self, key),
                                  descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);

  self->restoring = FALSE;

  _cbz_debtor_list_reload_tags (self);
}

static void
set_probe_sorter (GtkColumnViewColumn *column,
                  CbzDebtorSort        key)
{
  g_autoptr(GtkCustomSorter) sorter = NULL;

  sorter = gtk_custom_sorter_new (probe_compare_cb, GINT_TO_POINTER ((int) key), NULL);
  gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
}

void
_cbz_debtor_list_init_filters (CbzDebtorList *self)
{
  g_autoptr(GtkStringList) aging = gtk_string_list_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (aging_filters); i++)
    gtk_string_list_append (aging, _(aging_filters[i].label));
  gtk_drop_down_set_model (self->aging_dropdown, G_LIST_MODEL (aging));

  self->tags = gtk_string_list_new (NULL);
  gtk_string_list_append (self->tags, _("All Tags"));
  gtk_drop_down_set_model (self->tag_dropdown, G_LIST_MODEL (self->tags));
  gtk_widget_set_visible (GTK_WIDGET (self->tag_dropdown), FALSE);

  set_probe_sorter (self->name_column, CBZ_DEBTOR_SORT_NAME);
  set_probe_sorter (self->overdue_column, CBZ_DEBTOR_SORT_OVERDUE_BALANCE);
  set_probe_sorter (self->days_column, CBZ_DEBTOR_SORT_DAYS_OVERDUE);
  set_probe_sorter (self->count_column, CBZ_DEBTOR_SORT_OPEN_COUNT);
  set_probe_sorter (self->contact_column, CBZ_DEBTOR_SORT_LAST_CONTACT);
  set_probe_sorter (self->next_column, CBZ_DEBTOR_SORT_NEXT_ACTION);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (on_view_sorter_changed_cb), self, G_CONNECT_SWAPPED);
}
