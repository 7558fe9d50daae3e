/* test-window.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "cbz-application.h"
#include "cbz-debtor-detail.h"
#include "cbz-debtor-list.h"
#include "cbz-demo.h"
#include "cbz-import-dialog.h"
#include "cbz-phone.h"
#include "cbz-test-util.h"
#include "cbz-ui-resources.h"
#include "cbz-window.h"

#define N_DEMO_CUSTOMERS 60
#define TIMEOUT_MS 20000

/* One application for the whole program: it owns its object path on the bus. */
static CbzApplication *app;

typedef struct
{
  CbzWindow      *window;
  char           *path;
} Fixture;

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type,
             gboolean (*match) (GtkWidget *widget, gconstpointer data),
             gconstpointer data)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && (match == NULL || match (root, data)))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
label_is_cb (GtkWidget     *widget,
             gconstpointer  text)
{
  return gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

static CbzDebtorList *
get_list (Fixture *fixture)
{
  return CBZ_DEBTOR_LIST (find_widget (GTK_WIDGET (fixture->window), CBZ_TYPE_DEBTOR_LIST,
                                       NULL, NULL));
}

static guint
get_n_rows (Fixture *fixture)
{
  return g_list_model_get_n_items (G_LIST_MODEL (cbz_debtor_list_get_model (get_list (fixture))));
}

static gboolean
store_is_open_cb (gpointer data)
{
  Fixture *fixture = data;

  return cbz_window_get_store (fixture->window) != NULL;
}

static void
make_database (Fixture *fixture,
               guint    n_customers)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzStore) store = NULL;

  fixture->path = cbz_test_build_tmp_path ("ui.sqlite");
  store = cbz_store_open (fixture->path, &error);
  g_assert_no_error (error);
  if (n_customers > 0)
    {
      cbz_demo_generate (store, n_customers, 2026, &error);
      g_assert_no_error (error);
    }
}

static void
open_window (Fixture *fixture)
{
  fixture->window = g_object_ref_sink (cbz_window_new (app, fixture->path));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (cbz_test_spin_until (store_is_open_cb, fixture, TIMEOUT_MS));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  make_database (fixture, GPOINTER_TO_UINT (data));
  open_window (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  g_clear_pointer (&fixture->path, g_free);
  /* Let the destroyed widgets' idles run before the next test. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

typedef struct
{
  Fixture    *fixture;
  const char *text;
} FindLabel;

static gboolean
label_is_visible_cb (gpointer data)
{
  FindLabel *find = data;
  GtkWidget *view = GTK_WIDGET (cbz_debtor_list_get_column_view (get_list (find->fixture)));

  return find_widget (view, GTK_TYPE_LABEL, label_is_cb, find->text) != NULL;
}

static void
test_window_rows (Fixture       *fixture,
                  gconstpointer  data)
{
  CbzDebtorList *list = get_list (fixture);
  GListModel *model = G_LIST_MODEL (cbz_debtor_list_get_model (list));
  g_autoptr(CbzDebtorRow) first = NULL;
  FindLabel find = { fixture, NULL };

  g_assert_cmpstr (cbz_debtor_list_get_state (list), ==, "list");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_DEMO_CUSTOMERS);

  first = g_list_model_get_item (model, 0);
  g_assert_nonnull (first);
  find.text = cbz_debtor_row_get_name (first);
  g_assert_cmpstr (find.text, !=, "");
  /* The first customer's name is drawn in a cell of the column view. */
  g_assert_true (cbz_test_spin_until (label_is_visible_cb, &find, TIMEOUT_MS));
}

static gboolean
n_rows_is_cb (gpointer data)
{
  gpointer *args = data;

  return get_n_rows (args[0]) == GPOINTER_TO_UINT (args[1]);
}

static void
wait_for_n_rows (Fixture *fixture,
                 guint    n_rows)
{
  gpointer args[] = { fixture, GUINT_TO_POINTER (n_rows) };

  g_assert_true (cbz_test_spin_until (n_rows_is_cb, args, TIMEOUT_MS));
}

static void
test_window_search (Fixture       *fixture,
                    gconstpointer  data)
{
  CbzDebtorList *list = get_list (fixture);
  GtkWidget *entry = find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_SEARCH_ENTRY, NULL, NULL);
  g_autoptr(CbzDebtorRow) row = NULL;
  g_autoptr(CbzDebtorRow) found = NULL;
  g_autofree char *tax_id = NULL;

  g_assert_nonnull (entry);
  row = g_list_model_get_item (G_LIST_MODEL (cbz_debtor_list_get_model (list)), 7);
  tax_id = g_strdup (cbz_debtor_row_get_tax_id (row));
  g_assert_nonnull (tax_id);

  /* Ctrl+F's action opens the search bar and focuses the entry. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.search", NULL));

  /* Typing a tax ID leaves that customer alone in the list. */
  gtk_editable_set_text (GTK_EDITABLE (entry), tax_id);
  wait_for_n_rows (fixture, 1);
  found = g_list_model_get_item (G_LIST_MODEL (cbz_debtor_list_get_model (list)), 0);
  g_assert_cmpint (cbz_debtor_row_get_id (found), ==, cbz_debtor_row_get_id (row));
  g_assert_cmpstr (cbz_debtor_list_get_state (list), ==, "list");

  /* Nothing matches: the "no results" page, not the empty portfolio one. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "zzqxw no such customer");
  wait_for_n_rows (fixture, 0);
  g_assert_cmpstr (cbz_debtor_list_get_state (list), ==, "no-results");

  /* Clearing the search brings everyone back. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  wait_for_n_rows (fixture, N_DEMO_CUSTOMERS);
  g_assert_cmpstr (cbz_debtor_list_get_state (list), ==, "list");
}

static void
test_window_sort (Fixture       *fixture,
                  gconstpointer  data)
{
  CbzDebtorList *list = get_list (fixture);
  CbzDebtorListModel *model = cbz_debtor_list_get_model (list);
  GtkColumnView *view = cbz_debtor_list_get_column_view (list);
  GListModel *columns = gtk_column_view_get_columns (view);
  g_autoptr(GtkColumnViewColumn) name_column = g_list_model_get_item (columns, 0);
  g_autoptr(GtkColumnViewColumn) overdue_column = g_list_model_get_item (columns, 1);
  g_autoptr(CbzDebtorRow) a = NULL;
  g_autoptr(CbzDebtorRow) b = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *sort_column = NULL;

  /* The default order: the oldest debts first. */
  g_assert_cmpint (cbz_debtor_list_model_get_sort_key (model), ==, CBZ_DEBTOR_SORT_DAYS_OVERDUE);
  g_assert_true (cbz_debtor_list_model_get_descending (model));

  /* Clicking a header sorts in sqlite, not in GTK. */
  gtk_column_view_sort_by_column (view, overdue_column, GTK_SORT_DESCENDING);
  g_assert_cmpint (cbz_debtor_list_model_get_sort_key (model), ==,
                   CBZ_DEBTOR_SORT_OVERDUE_BALANCE);
  g_assert_true (cbz_debtor_list_model_get_descending (model));
  a = g_list_model_get_item (G_LIST_MODEL (model), 0);
  b = g_list_model_get_item (G_LIST_MODEL (model), 1);
  g_assert_cmpint (cbz_debtor_row_get_overdue_balance (a), >=, cbz_debtor_row_get_overdue_balance (b));

  gtk_column_view_sort_by_column (view, name_column, GTK_SORT_ASCENDING);
  g_assert_cmpint (cbz_debtor_list_model_get_sort_key (model), ==, CBZ_DEBTOR_SORT_NAME);
  g_assert_false (cbz_debtor_list_model_get_descending (model));
  sort_column = g_settings_get_string (settings, "sort-column");
  g_assert_cmpstr (sort_column, ==, "name");
  g_assert_false (g_settings_get_boolean (settings, "sort-descending"));

  /* Put the default back for the other tests (GSettings is shared in memory). */
  g_settings_reset (settings, "sort-column");
  g_settings_reset (settings, "sort-descending");
}

static void
test_window_filter (Fixture       *fixture,
                    gconstpointer  data)
{
  CbzDebtorList *list = get_list (fixture);
  CbzDebtorListModel *model = cbz_debtor_list_get_model (list);
  GtkWidget *aging = find_widget (GTK_WIDGET (list), GTK_TYPE_DROP_DOWN, NULL, NULL);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *saved = NULL;
  guint n_rows;

  g_assert_nonnull (aging);
  /* The dropdown lists the filters in CbzAgingFilter order. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (aging), CBZ_AGING_FILTER_OVER_120);
  g_assert_cmpint (cbz_debtor_list_model_get_aging_filter (model), ==, CBZ_AGING_FILTER_OVER_120);

  n_rows = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n_rows, >, 0);
  g_assert_cmpuint (n_rows, <, N_DEMO_CUSTOMERS);
  for (guint i = 0; i < n_rows; i++)
    {
      g_autoptr(CbzDebtorRow) row = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_cmpint (cbz_debtor_row_get_days_overdue (row), >, 120);
    }

  /* Remembered for the next time the window opens. */
  saved = g_settings_get_string (settings, "aging-filter");
  g_assert_cmpstr (saved, ==, "days-over-120");

  gtk_drop_down_set_selected (GTK_DROP_DOWN (aging), CBZ_AGING_FILTER_ALL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_DEMO_CUSTOMERS);
  g_settings_reset (settings, "aging-filter");
}

static gboolean
is_tag_dropdown_cb (GtkWidget     *widget,
                    gconstpointer  data)
{
  GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (widget));

  /* The aging dropdown has a fixed list; the tag one starts with "All Tags". */
  return model != NULL && g_list_model_get_n_items (model) > 1 &&
         g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), 0), "All Tags") == 0;
}

static void
test_window_tag (Fixture       *fixture,
                 gconstpointer  data)
{
  CbzDebtorList *list = get_list (fixture);
  CbzDebtorListModel *model = cbz_debtor_list_get_model (list);
  CbzStore *store = cbz_window_get_store (fixture->window);
  GtkWidget *dropdown = find_widget (GTK_WIDGET (list), GTK_TYPE_DROP_DOWN, is_tag_dropdown_cb, NULL);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *saved = NULL;
  const char *tag;
  guint n_rows;

  /* The demo tags its customers; the dropdown lists those tags. */
  g_assert_nonnull (dropdown);
  g_assert_true (gtk_widget_get_visible (dropdown));
  tag = gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown))), 1);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 1);
  g_assert_cmpstr (cbz_debtor_list_model_get_tag (model), ==, tag);

  n_rows = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n_rows, >, 0);
  g_assert_cmpuint (n_rows, <, N_DEMO_CUSTOMERS);
  for (guint i = 0; i < n_rows; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CbzDebtor) debtor = cbz_store_get_debtor (store, cbz_debtor_list_model_get_id (model, i),
                                                          &error);

      g_assert_no_error (error);
      g_assert_true (cbz_debtor_has_tag (debtor, tag));
    }

  saved = g_settings_get_string (settings, "tag-filter");
  g_assert_cmpstr (saved, ==, tag);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 0);
  g_assert_null (cbz_debtor_list_model_get_tag (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_DEMO_CUSTOMERS);
}

static gboolean
detail_shows_cb (gpointer data)
{
  gpointer *args = data;
  CbzDebtorDetail *detail = args[0];
  CbzDebtor *debtor = cbz_debtor_detail_get_debtor (detail);

  return debtor != NULL && debtor->id == *(gint64 *) args[1];
}

static void
test_window_detail (Fixture       *fixture,
                    gconstpointer  data)
{
  CbzDebtorList *list = get_list (fixture);
  CbzDebtorDetail *detail;
  g_autoptr(CbzDebtorRow) row = NULL;
  gint64 id;
  gpointer args[2];

  detail = CBZ_DEBTOR_DETAIL (find_widget (GTK_WIDGET (fixture->window), CBZ_TYPE_DEBTOR_DETAIL,
                                           NULL, NULL));
  g_assert_nonnull (detail);
  g_assert_null (cbz_debtor_detail_get_debtor (detail));

  /* The list is sorted by days overdue: its first customer owes something. */
  row = g_list_model_get_item (G_LIST_MODEL (cbz_debtor_list_get_model (list)), 0);
  id = cbz_debtor_row_get_id (row);
  cbz_window_show_debtor (fixture->window, id);
  args[0] = detail;
  args[1] = &id;
  g_assert_true (cbz_test_spin_until (detail_shows_cb, args, TIMEOUT_MS));

  g_assert_cmpint (cbz_debtor_list_get_selected_debtor_id (list), ==, id);
  g_assert_cmpstr (cbz_debtor_detail_get_debtor (detail)->name, ==, cbz_debtor_row_get_name (row));
  g_assert_cmpuint (g_list_model_get_n_items (cbz_debtor_detail_get_invoices (detail)), ==,
                    (guint) cbz_debtor_row_get_open_count (row));
  g_assert_cmpuint (g_list_model_get_n_items (cbz_debtor_detail_get_invoices (detail)), >, 0);
  g_assert_nonnull (cbz_debtor_detail_get_timeline (detail));
}

/* Ctrl/Shift-selecting several customers (for batch letters) keeps the
 * detail on one of them and hands all their ids over, in list order. */
static void
test_window_multi_select (Fixture       *fixture,
                          gconstpointer  data)
{
  CbzDebtorList *list = get_list (fixture);
  GtkColumnView *view = cbz_debtor_list_get_column_view (list);
  GtkSelectionModel *selection = gtk_column_view_get_model (view);
  GListModel *model = G_LIST_MODEL (cbz_debtor_list_get_model (list));
  g_autoptr(CbzDebtorRow) first = g_list_model_get_item (model, 0);
  g_autoptr(CbzDebtorRow) fourth = g_list_model_get_item (model, 3);
  g_autoptr(CbzDebtorRow) fifth = g_list_model_get_item (model, 4);
  g_autoptr(GArray) ids = NULL;

  g_assert_true (GTK_IS_MULTI_SELECTION (selection));
  g_assert_cmpuint (cbz_debtor_list_get_n_selected (list), ==, 0);

  gtk_selection_model_select_item (selection, 0, TRUE);
  g_assert_cmpint (cbz_debtor_list_get_selected_debtor_id (list), ==, cbz_debtor_row_get_id (first));
  gtk_selection_model_select_range (selection, 3, 2, FALSE);
  g_assert_cmpuint (cbz_debtor_list_get_n_selected (list), ==, 3);
  /* The detail stays on the customer it showed. */
  g_assert_cmpint (cbz_debtor_list_get_selected_debtor_id (list), ==, cbz_debtor_row_get_id (first));

  ids = cbz_debtor_list_get_selected_debtor_ids (list);
  g_assert_cmpuint (ids->len, ==, 3);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, cbz_debtor_row_get_id (first));
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, cbz_debtor_row_get_id (fourth));
  g_assert_cmpint (g_array_index (ids, gint64, 2), ==, cbz_debtor_row_get_id (fifth));

  /* Leaving the first out moves the detail to the first still selected. */
  gtk_selection_model_unselect_item (selection, 0);
  g_assert_cmpint (cbz_debtor_list_get_selected_debtor_id (list), ==, cbz_debtor_row_get_id (fourth));
  g_assert_cmpuint (cbz_debtor_list_get_n_selected (list), ==, 2);
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} LabelIn;

static gboolean
label_in_cb (gpointer data)
{
  LabelIn *find = data;

  return find_widget (find->root, GTK_TYPE_LABEL, label_is_cb, find->text) != NULL;
}

static gboolean
compact_is_cb (gpointer data)
{
  gpointer *args = data;

  return cbz_debtor_list_get_compact (args[0]) == GPOINTER_TO_INT (args[1]);
}

static void
wait_for_compact (CbzDebtorList *list,
                  gboolean       compact)
{
  gpointer args[] = { list, GINT_TO_POINTER (compact) };

  g_assert_true (cbz_test_spin_until (compact_is_cb, args, TIMEOUT_MS));
}

/* The first row (in list order) whose customer also owes in other
 * currencies, and the words the list says that with. */
static CbzDebtorRow *
find_row_with_other_currencies (CbzDebtorList  *list,
                                char          **out_words)
{
  GListModel *model = G_LIST_MODEL (cbz_debtor_list_get_model (list));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CbzDebtorRow) row = g_list_model_get_item (model, i);
      const char * const *codes = cbz_debtor_row_get_other_currency_codes (row);

      if (codes != NULL)
        {
          *out_words = g_strdup_printf ("+ %u %s", g_strv_length ((char **) codes),
                                        g_strv_length ((char **) codes) == 1 ? "currency" : "currencies");
          return g_steal_pointer (&row);
        }
    }
  return NULL;
}

/* Wide: the phone under the last contact, formatted for people, and the
 * other currencies said in words. */
static void
test_window_columns (Fixture       *fixture,
                     gconstpointer  data)
{
  CbzDebtorList *list = get_list (fixture);
  GListModel *model = G_LIST_MODEL (cbz_debtor_list_get_model (list));
  g_autoptr(CbzDebtorRow) first = g_list_model_get_item (model, 0);
  g_autoptr(CbzDebtorRow) several = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *words = NULL;
  LabelIn find = { GTK_WIDGET (cbz_debtor_list_get_column_view (list)), NULL };

  wait_for_compact (list, FALSE);
  g_assert_nonnull (cbz_debtor_row_get_phone (first));
  phone = cbz_phone_format (cbz_debtor_row_get_phone (first));
  g_assert_cmpstr (phone, !=, cbz_debtor_row_get_phone (first));
  g_assert_true (g_str_has_prefix (phone, "+5"));
  g_assert_nonnull (strchr (phone, ' '));
  find.text = phone;
  g_assert_true (cbz_test_spin_until (label_in_cb, &find, TIMEOUT_MS));

  /* Sorted by amount, the list keeps each currency together. */
  cbz_debtor_list_model_set_sort_key (cbz_debtor_list_get_model (list), CBZ_DEBTOR_SORT_OVERDUE_BALANCE);
  several = find_row_with_other_currencies (list, &words);
  g_assert_nonnull (several);
  cbz_debtor_list_select_debtor (list, cbz_debtor_row_get_id (several));
  find.text = words;
  g_assert_true (cbz_test_spin_until (label_in_cb, &find, TIMEOUT_MS));
}

static gboolean
widget_unmapped_cb (gpointer widget)
{
  return !gtk_widget_get_mapped (widget);
}

/* Narrow: one line per customer (name, amount, age) instead of columns
 * cut off at the right. */
static void
test_window_narrow (Fixture       *fixture,
                    gconstpointer  data)
{
  CbzDebtorList *list = get_list (fixture);
  GListModel *model = G_LIST_MODEL (cbz_debtor_list_get_model (list));
  g_autoptr(CbzDebtorRow) first = g_list_model_get_item (model, 0);
  g_autoptr(CbzDebtorRow) several = NULL;
  g_autofree char *words = NULL;
  GtkSelectionModel *selection = gtk_column_view_get_model (cbz_debtor_list_get_column_view (list));
  LabelIn find = { GTK_WIDGET (list), cbz_debtor_row_get_name (first) };

  wait_for_compact (list, TRUE);
  g_assert_true (cbz_test_spin_until (label_in_cb, &find, TIMEOUT_MS));
  /* Once the crossfade is over, the columns are gone. */
  g_assert_true (cbz_test_spin_until (widget_unmapped_cb, cbz_debtor_list_get_column_view (list), TIMEOUT_MS));

  /* The amount and the other currencies in words are on the line too. */
  several = find_row_with_other_currencies (list, &words);
  g_assert_nonnull (several);
  cbz_debtor_list_select_debtor (list, cbz_debtor_row_get_id (several));
  find.text = words;
  g_assert_true (cbz_test_spin_until (label_in_cb, &find, TIMEOUT_MS));

  /* Both layouts show one selection. */
  gtk_selection_model_select_item (selection, 2, TRUE);
  g_assert_cmpint (cbz_debtor_list_get_selected_debtor_id (list), ==,
                   cbz_debtor_list_model_get_id (cbz_debtor_list_get_model (list), 2));
}

/* The switch follows the width the list gets, not the window's: a wide
 * pane beside it makes it compact, and columns come back with the room. */
static void
test_window_squeezed (Fixture       *fixture,
                      gconstpointer  data)
{
  CbzDebtorList *list = get_list (fixture);
  GtkWidget *detail = find_widget (GTK_WIDGET (fixture->window), CBZ_TYPE_DEBTOR_DETAIL, NULL, NULL);
  GtkSelectionModel *selection = gtk_column_view_get_model (cbz_debtor_list_get_column_view (list));

  wait_for_compact (list, FALSE);
  gtk_selection_model_select_item (selection, 4, TRUE);

  gtk_widget_set_size_request (detail, 1000, -1);
  wait_for_compact (list, TRUE);
  g_assert_true (gtk_selection_model_is_selected (selection, 4));

  gtk_widget_set_size_request (detail, 360, -1);
  wait_for_compact (list, FALSE);
  g_assert_true (gtk_selection_model_is_selected (selection, 4));
}

static void
fixture_set_up_narrow (Fixture       *fixture,
                       gconstpointer  data)
{
  make_database (fixture, GPOINTER_TO_UINT (data));
  fixture->window = g_object_ref_sink (cbz_window_new (app, fixture->path));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 720);
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (cbz_test_spin_until (store_is_open_cb, fixture, TIMEOUT_MS));
}

static void
test_window_empty (Fixture       *fixture,
                   gconstpointer  data)
{
  CbzDebtorList *list = get_list (fixture);

  g_assert_cmpuint (get_n_rows (fixture), ==, 0);
  g_assert_cmpstr (cbz_debtor_list_get_state (list), ==, "empty");
}

/* A help viewer for help: links: a desktop file in the test's own data
 * folder, made the default handler, whose program writes the link it was
 * given to a file. */
static char *
install_fake_help_viewer (void)
{
  const char *tmp = cbz_test_get_tmp_dir ();
  g_autofree char *apps = g_build_filename (g_get_user_data_dir (), "applications", NULL);
  g_autofree char *script = g_build_filename (tmp, "fake-yelp.sh", NULL);
  g_autofree char *desktop_path = g_build_filename (apps, "cbz-fake-yelp.desktop", NULL);
  g_autofree char *mimeapps = g_build_filename (g_get_user_config_dir (), "mimeapps.list", NULL);
  g_autofree char *script_text = NULL;
  g_autofree char *desktop = NULL;
  g_autoptr(GError) error = NULL;
  char *caught = g_build_filename (tmp, "caught-help-uri.txt", NULL);

  script_text = g_strdup_printf ("#!/bin/sh\nprintf '%%s' \"$1\" > '%s.part' && mv '%s.part' '%s'\n",
                                 caught, caught, caught);
  g_assert_true (g_file_set_contents (script, script_text, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (script, 0755), ==, 0);

  g_assert_cmpint (g_mkdir_with_parents (apps, 0700), ==, 0);
  desktop = g_strdup_printf ("[Desktop Entry]\nType=Application\nName=Fake Help\n"
                             "Exec=%s %%u\nMimeType=x-scheme-handler/help;\nNoDisplay=true\n", script);
  g_assert_true (g_file_set_contents (desktop_path, desktop, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_config_dir (), 0700), ==, 0);
  g_assert_true (g_file_set_contents (mimeapps, "[Default Applications]\n"
                                      "x-scheme-handler/help=cbz-fake-yelp.desktop\n", -1, &error));
  g_assert_no_error (error);
  return caught;
}

static gboolean
file_exists_cb (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static void
test_window_help (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *caught = install_fake_help_viewer ();
  g_autofree char *uri = NULL;
  const char * const *accels = NULL;
  g_auto(GStrv) help_accels = NULL;

  /* F1 opens the user guide. */
  help_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.help");
  accels = (const char * const *) help_accels;
  g_assert_nonnull (accels);
  g_assert_cmpstr (accels[0], ==, "F1");

  g_action_group_activate_action (G_ACTION_GROUP (app), "help", NULL);
  g_assert_true (cbz_test_spin_until (file_exists_cb, caught, TIMEOUT_MS));
  g_assert_true (g_file_get_contents (caught, &uri, NULL, NULL));
  g_assert_cmpstr (uri, ==, "help:" APP_ID);
}

static CbzImportDialog *
find_import_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      if (CBZ_IS_IMPORT_DIALOG (l->data))
        return l->data;
    }
  return NULL;
}

static gboolean
dialog_state_is_cb (gpointer data)
{
  const char *state = data;
  CbzImportDialog *dialog = find_import_dialog ();

  return dialog != NULL && g_strcmp0 (cbz_import_dialog_get_state (dialog), state) == 0;
}

static void
test_window_import (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = cbz_test_get_fixture ("ui-import.csv");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  CbzImportDialog *dialog;
  GtkWidget *valid_only;

  g_assert_cmpstr (cbz_debtor_list_get_state (get_list (fixture)), ==, "empty");

  /* `cobranza facturas.csv` and the Import button end up here. */
  cbz_window_import (fixture->window, file);
  g_assert_true (cbz_test_spin_until (dialog_state_is_cb, (gpointer) "preview", TIMEOUT_MS));
  dialog = find_import_dialog ();

  /* Row 4 has 31/02: by default nothing may be imported. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.import", NULL);
  g_assert_cmpstr (cbz_import_dialog_get_state (dialog), ==, "preview");

  valid_only = find_widget (GTK_WIDGET (dialog), GTK_TYPE_SWITCH, NULL, NULL);
  g_assert_nonnull (valid_only);
  gtk_switch_set_active (GTK_SWITCH (valid_only), TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.import", NULL));
  g_assert_true (cbz_test_spin_until (dialog_state_is_cb, (gpointer) "done", TIMEOUT_MS));

  /* The list reloads with the three good rows' customers. */
  wait_for_n_rows (fixture, 3);
  g_assert_cmpstr (cbz_debtor_list_get_state (get_list (fixture)), ==, "list");

  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  cbz_test_init (&argc, &argv, NULL);
  /* Rendering is done with cairo (GSK_RENDERER); without this GDK still
   * probes GL, and Mesa's driver leaks a buffer LeakSanitizer cannot name. */
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  gtk_init ();
  adw_init ();
  cbz_ui_register_resource ();

  app = cbz_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add ("/ui/window/rows", Fixture, GUINT_TO_POINTER (N_DEMO_CUSTOMERS),
              fixture_set_up, test_window_rows, fixture_tear_down);
  g_test_add ("/ui/window/search", Fixture, GUINT_TO_POINTER (N_DEMO_CUSTOMERS),
              fixture_set_up, test_window_search, fixture_tear_down);
  g_test_add ("/ui/window/sort", Fixture, GUINT_TO_POINTER (N_DEMO_CUSTOMERS),
              fixture_set_up, test_window_sort, fixture_tear_down);
  g_test_add ("/ui/window/filter", Fixture, GUINT_TO_POINTER (N_DEMO_CUSTOMERS),
              fixture_set_up, test_window_filter, fixture_tear_down);
  g_test_add ("/ui/window/tag", Fixture, GUINT_TO_POINTER (N_DEMO_CUSTOMERS),
              fixture_set_up, test_window_tag, fixture_tear_down);
  g_test_add ("/ui/window/detail", Fixture, GUINT_TO_POINTER (N_DEMO_CUSTOMERS),
              fixture_set_up, test_window_detail, fixture_tear_down);
  g_test_add ("/ui/window/multi-select", Fixture, GUINT_TO_POINTER (N_DEMO_CUSTOMERS),
              fixture_set_up, test_window_multi_select, fixture_tear_down);
  g_test_add ("/ui/window/columns", Fixture, GUINT_TO_POINTER (N_DEMO_CUSTOMERS),
              fixture_set_up, test_window_columns, fixture_tear_down);
  g_test_add ("/ui/window/narrow", Fixture, GUINT_TO_POINTER (N_DEMO_CUSTOMERS),
              fixture_set_up_narrow, test_window_narrow, fixture_tear_down);
  g_test_add ("/ui/window/squeezed", Fixture, GUINT_TO_POINTER (N_DEMO_CUSTOMERS),
              fixture_set_up, test_window_squeezed, fixture_tear_down);
  g_test_add ("/ui/window/empty", Fixture, GUINT_TO_POINTER (0),
              fixture_set_up, test_window_empty, fixture_tear_down);
  g_test_add ("/ui/window/import", Fixture, GUINT_TO_POINTER (0),
              fixture_set_up, test_window_import, fixture_tear_down);
  g_test_add ("/ui/window/help", Fixture, GUINT_TO_POINTER (0),
              fixture_set_up, test_window_help, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
