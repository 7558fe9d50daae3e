/* test-import-ui.c: the import dialog's warnings and the customer's unverified tax ID
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs a display and a session bus: run under `xvfb-run -a dbus-run-session --`.
 */

#include "config.h"

#include <adwaita.h>

#include "cbz-debtor-detail.h"
#include "cbz-import-dialog.h"
#include "cbz-test-gtk.h"
#include "cbz-ui-resources.h"
#include "import-test-util.h"

#define TIMEOUT_MS 20000

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
group_title_is_cb (GtkWidget     *widget,
                   gconstpointer  title)
{
  return g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)), title) == 0;
}

static gboolean
label_is_cb (GtkWidget     *widget,
             gconstpointer  text)
{
  return g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

static gboolean
row_title_is_cb (GtkWidget     *widget,
                 gconstpointer  title)
{
  return g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

/* Visible all the way up to @root. */
static gboolean
is_shown (GtkWidget *widget,
          GtkWidget *root)
{
  for (; widget != NULL && widget != root; widget = gtk_widget_get_parent (widget))
    {
      if (!gtk_widget_get_visible (widget))
        return FALSE;
    }
  return widget == root;
}

static gboolean
dialog_state_is_cb (gpointer data)
{
  CbzImportDialog *dialog = g_object_get_data (G_OBJECT (data), "dialog");

  return g_strcmp0 (cbz_import_dialog_get_state (dialog), g_object_get_data (G_OBJECT (data), "state")) == 0;
}

static gboolean
wait_for_state (CbzImportDialog *dialog,
                const char      *state)
{
  g_autoptr(GObject) waiter = g_object_new (G_TYPE_OBJECT, NULL);

  g_object_set_data (waiter, "dialog", dialog);
  g_object_set_data (waiter, "state", (gpointer) state);
  return cbz_test_spin_until (dialog_state_is_cb, waiter, TIMEOUT_MS);
}

/* A file whose only trouble is tax IDs that do not check out: the dialog
 * lists them as warnings, and imports without being told to leave rows
 * out. */
static void
test_dialog_warnings (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("dialog.db");
  g_autofree char *fixture = cbz_test_get_fixture ("import-tax-id-warnings.csv");
  g_autoptr(GFile) file = g_file_new_for_path (fixture);
  g_autoptr(CbzStore) store = open_store (path);
  CbzImportDialog *dialog = cbz_import_dialog_new (NULL, store);
  GtkWidget *warnings;
  GtkWidget *problems;
  GtkWidget *list;

  gtk_window_present (GTK_WINDOW (dialog));
  cbz_import_dialog_open_file (dialog, file);
  g_assert_true (wait_for_state (dialog, "preview"));
  cbz_test_spin (200);

  warnings = find_widget (GTK_WIDGET (dialog), ADW_TYPE_PREFERENCES_GROUP, group_title_is_cb, "5 Warnings");
  problems = find_widget (GTK_WIDGET (dialog), ADW_TYPE_PREFERENCES_GROUP, group_title_is_cb, "0 Problems");
  g_assert_nonnull (warnings);
  g_assert_true (is_shown (warnings, GTK_WIDGET (dialog)));
  g_assert_nonnull (problems);
  g_assert_false (gtk_widget_get_visible (problems));
  list = find_widget (warnings, GTK_TYPE_LIST_VIEW, NULL, NULL);
  g_assert_nonnull (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)))), ==, 5);
  g_assert_nonnull (find_widget (list, GTK_TYPE_LABEL, label_is_cb,
                                 "“GODE561231GR9” is not a valid RFC: its check digit does not match (is a character mistyped?)"));
  g_assert_nonnull (find_widget (list, GTK_TYPE_LABEL, label_is_cb, "Row 2 · Identificación fiscal"));

  /* Nothing to leave out: Import goes straight through. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.import", NULL));
  g_assert_true (wait_for_state (dialog, "done"));
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM invoices"), ==, 7);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtors WHERE tax_id_problem IS NOT NULL"), ==, 5);
  g_assert_nonnull (find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL, label_is_cb,
                                 "7 invoices added\n6 new customers\n5 tax IDs kept as written and marked as unverified\n5 warnings"));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
mark_hidden_cb (gpointer data)
{
  GtkWidget *mark = data;

  return !gtk_widget_get_visible (gtk_widget_get_parent (mark));
}

static AdwMessageDialog *
find_message_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
        return l->data;
    }
  return NULL;
}

/* The customer page marks the unverified ID, with the reason; editing it
 * there to one that checks out clears the mark. */
static void
test_detail_unverified (void)
{
  g_autofree char *path = cbz_test_build_tmp_path ("detail.db");
  g_autoptr(CbzStore) store = open_store (path);
  g_autoptr(CbzImportSummary) summary = import_into (store, "import-tax-id-warnings.csv", CBZ_IMPORT_MODE_ALL_OR_NOTHING);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *detail = cbz_debtor_detail_new ();
  GtkWidget *mark;
  GtkWidget *problem_row;
  AdwMessageDialog *dialog;
  GtkWidget *entry;
  GtkWidget *check;

  gtk_window_set_default_size (GTK_WINDOW (window), 600, 800);
  gtk_window_set_child (GTK_WINDOW (window), detail);
  cbz_debtor_detail_set_store (CBZ_DEBTOR_DETAIL (detail), store);
  cbz_debtor_detail_set_debtor_id (CBZ_DEBTOR_DETAIL (detail), 1);
  gtk_window_present (GTK_WINDOW (window));
  cbz_test_spin (200);

  mark = find_widget (detail, GTK_TYPE_LABEL, label_is_cb, "Unverified");
  g_assert_nonnull (mark);
  g_assert_true (is_shown (mark, detail));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (gtk_widget_get_parent (mark)), ==,
                   "“GODE561231GR9” is not a valid RFC: its check digit does not match (is a character mistyped?)");
  problem_row = find_widget (detail, ADW_TYPE_ACTION_ROW, row_title_is_cb, "Not verified");
  g_assert_nonnull (problem_row);
  g_assert_true (gtk_widget_get_visible (problem_row));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (problem_row)), ==,
                   "“GODE561231GR9” is not a valid RFC: its check digit does not match (is a character mistyped?)");

  /* Edit it: checked as it is typed, saved on the store's worker. */
  g_assert_true (gtk_widget_activate_action (detail, "detail.edit-tax-id", NULL));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  entry = find_widget (GTK_WIDGET (dialog), GTK_TYPE_ENTRY, NULL, NULL);
  g_assert_nonnull (entry);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "GODE561231GR9");
  gtk_editable_set_text (GTK_EDITABLE (entry), "gode 561231 gr8");
  check = find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL, label_is_cb, "A valid RFC");
  g_assert_nonnull (check);
  adw_message_dialog_response (dialog, "save");

  g_assert_true (cbz_test_spin_until (mark_hidden_cb, mark, TIMEOUT_MS));
  g_assert_false (gtk_widget_get_visible (problem_row));
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM debtors WHERE id = 1 AND tax_id = 'GODE561231GR8'"
                                     " AND tax_id_problem IS NULL"), ==, 1);
  g_assert_nonnull (find_widget (detail, GTK_TYPE_LABEL, label_is_cb, "RFC GODE561231GR8"));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  cbz_test_init (&argc, &argv, NULL);
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  gtk_init ();
  adw_init ();
  cbz_ui_register_resource ();

  g_test_add_func ("/import/ui/dialog-warnings", test_dialog_warnings);
  g_test_add_func ("/import/ui/detail-unverified", test_detail_unverified);

  return g_test_run ();
}
