/* cbz-import-dialog.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-csv-import.h"
#include "cbz-import-dialog.h"
#include "cbz-import-writer.h"
#include "cbz-window.h"

/* Rows shown in the preview table. */
#define N_PREVIEW_ROWS 12
/* Height of a row of the problem list (two lines of text and margins). */
#define PROBLEM_ROW_HEIGHT 54

struct _CbzImportDialog
{
  AdwWindow         parent_instance;

  CbzStore         *store;
  CbzCsvImport     *import;
  GCancellable     *cancellable;
  GSettings        *settings;
  gboolean          busy;
  gboolean          updating;
  gulong            progress_id;
  guint             pulse_id;

  /* Copies of what the preview shows: the import belongs to the worker
   * while it validates, and cells may be bound at any time. */
  GPtrArray        *preview_rows;   /* (element-type GStrv) */
  GPtrArray        *problems;       /* (element-type CbzImportProblem) */
  GPtrArray        *column_rows;    /* (element-type AdwComboRow) */
  GtkStringList    *field_labels;

  AdwWindowTitle   *window_title;
  GtkButton        *cancel_button;
  GtkButton        *import_button;
  GtkButton        *choose_button;
  AdwToastOverlay  *toast_overlay;
  GtkStack         *stack;
  GtkLabel         *busy_label;
  GtkProgressBar   *progress_bar;
  AdwActionRow     *file_row;
  AdwActionRow     *format_row;
  AdwActionRow     *rows_row;
  AdwPreferencesGroup *columns_group;
  GtkColumnView    *preview_view;
  AdwPreferencesGroup *problems_group;
  AdwActionRow     *valid_only_row;
  GtkSwitch        *valid_only_switch;
  GtkScrolledWindow *problems_scroller;
  GtkListView      *problems_view;
  AdwStatusPage    *done_page;
  AdwStatusPage    *error_page;
};

G_DEFINE_FINAL_TYPE (CbzImportDialog, cbz_import_dialog, ADW_TYPE_WINDOW)

static void validate (CbzImportDialog *self);

/* The dialog was closed while a worker still held it: nothing to show. */
static gboolean
is_disposed (CbzImportDialog *self)
{
  return self->preview_rows == NULL;
}

static void
update_actions (CbzImportDialog *self)
{
  const char *state = gtk_stack_get_visible_child_name (self->stack);
  gboolean can_import = FALSE;

  if (!self->busy && g_strcmp0 (state, "preview") == 0 && self->import != NULL &&
      cbz_csv_import_is_validated (self->import) &&
      !cbz_csv_import_has_file_problems (self->import) &&
      cbz_csv_import_get_n_valid_rows (self->import) > 0)
    {
      can_import = cbz_csv_import_get_n_problems (self->import) == 0 ||
                   gtk_switch_get_active (self->valid_only_switch);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.import", can_import);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.choose", !self->busy);

  /* Once the file is in, the only thing left to do is to close. */
  gtk_widget_set_visible (GTK_WIDGET (self->import_button), g_strcmp0 (state, "preview") == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->choose_button),
                          g_strcmp0 (state, "preview") == 0 || g_strcmp0 (state, "error") == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), g_strcmp0 (state, "done") != 0);
}

static void
show_busy (CbzImportDialog *self,
           const char      *message)
{
  self->busy = TRUE;
  gtk_label_set_label (self->busy_label, message);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_stack_set_visible_child_name (self->stack, "busy");
  update_actions (self);
}

static void
show_error (CbzImportDialog *self,
            const char      *title,
            const char      *message)
{
  self->busy = FALSE;
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
  update_actions (self);
}

static void
on_progress_cb (CbzImportDialog *self)
{
  if (self->import != NULL)
    gtk_progress_bar_set_fraction (self->progress_bar, cbz_csv_import_get_progress (self->import));
}

static const char *
get_delimiter_name (char delimiter)
{
  switch (delimiter)
    {
    case ',':
      return _("commas");
    case ';':
      return _("semicolons");
    case '\t':
      return _("tabs");
    case '|':
      return _("vertical bars");
    default:
      return _("an unusual character");
    }
}

static void
show_file_info (CbzImportDialog *self)
{
  CbzCsvImport *import = self->import;
  g_autofree char *encoding = NULL;
  g_autofree char *format = NULL;
  g_autofree char *rows = NULL;
  guint n_rows = cbz_csv_import_get_n_rows (import);
  guint n_valid = cbz_csv_import_get_n_valid_rows (import);
  guint n_invalid = cbz_csv_import_get_n_invalid_rows (import);

  if (cbz_csv_import_get_had_bom (import))
    /* Translators: an encoding name and a note, e.g. "UTF-8 with byte order mark". */
    encoding = g_strdup_printf (_("%s with byte order mark"), cbz_csv_import_get_encoding (import));
  else
    encoding = g_strdup (cbz_csv_import_get_encoding (import));

  /* Translators: "UTF-8, values separated by semicolons, dates day first". */
  format = g_strdup_printf (_("%s, values separated by %s, %s"),
                            encoding,
                            get_delimiter_name (cbz_csv_import_get_delimiter (import)),
                            cbz_csv_import_get_date_order (import) == CBZ_DATE_ORDER_MDY
                              ? _("dates month first")
                              : _("dates day first"));

  if (n_invalid == 0)
    rows = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u invoice", "%u invoices", n_rows),
                            n_rows);
  else
    /* Translators: "1,200 invoices: 1,180 valid, 20 with problems". */
    rows = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u invoice: %u valid, %u with problems",
                                         "%u invoices: %u valid, %u with problems", n_rows),
                            n_rows, n_valid, n_invalid);

  adw_window_title_set_subtitle (self->window_title, cbz_csv_import_get_display_name (import));
  adw_action_row_set_subtitle (self->file_row, cbz_csv_import_get_display_name (import));
  adw_action_row_set_subtitle (self->format_row, format);
  adw_action_row_set_subtitle (self->rows_row, rows);
}

static void
on_column_field_changed_cb (AdwComboRow     *row,
                            GParamSpec      *pspec,
                            CbzImportDialog *self)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "column"));
  guint field = adw_combo_row_get_selected (row);

  if (self->updating || self->busy || field >= CBZ_IMPORT_N_FIELDS)
    return;

  cbz_csv_import_set_column_field (self->import, column, (CbzImportField) field);
  validate (self);
}

static char *
get_column_samples (CbzImportDialog *self,
                    guint            column)
{
  g_autoptr(GString) samples = g_string_new (NULL);
  guint n_shown = 0;

  for (guint i = 0; i < self->preview_rows->len && n_shown < 3; i++)
    {
      GStrv row = g_ptr_array_index (self->preview_rows, i);

      if (column >= g_strv_length (row) || row[column][0] == '\0')
        continue;
      if (samples->len > 0)
        g_string_append (samples, ", ");
      g_string_append (samples, row[column]);
      n_shown++;
    }
  return g_string_free (g_steal_pointer (&samples), FALSE);
}

static void
show_columns (CbzImportDialog *self)
{
  guint n_columns = cbz_csv_import_get_n_columns (self->import);

  for (guint i = 0; i < self->column_rows->len; i++)
    adw_preferences_group_remove (self->columns_group, g_ptr_array_index (self->column_rows, i));
  g_ptr_array_set_size (self->column_rows, 0);

  /* One row per column of the file: a file has tens of columns at most. */
  for (guint column = 0; column < n_columns; column++)
    {
      const char *header = cbz_csv_import_get_header (self->import, column);
      g_autofree char *samples = get_column_samples (self, column);
      g_autofree char *title = NULL;
      AdwComboRow *row;

      if (header == NULL || header[0] == '\0')
        title = g_strdup_printf (_("Column %u"), column + 1);
      else
        title = g_markup_escape_text (header, -1);

      row = ADW_COMBO_ROW (adw_combo_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      if (samples[0] != '\0')
        {
          g_autofree char *escaped = g_markup_escape_text (samples, -1);

          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
        }
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
      adw_combo_row_set_model (row, G_LIST_MODEL (self->field_labels));
      g_object_set_data (G_OBJECT (row), "column", GUINT_TO_POINTER (column));
      g_signal_connect (row, "notify::selected", G_CALLBACK (on_column_field_changed_cb), self);
      adw_preferences_group_add (self->columns_group, GTK_WIDGET (row));
      g_ptr_array_add (self->column_rows, row);
    }
}

static void
update_column_fields (CbzImportDialog *self)
{
  self->updating = TRUE;
  for (guint i = 0; i < self->column_rows->len; i++)
    {
      AdwComboRow *row = g_ptr_array_index (self->column_rows, i);
      guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "column"));
      CbzImportField field = cbz_csv_import_get_column_field (self->import, column);

      adw_combo_row_set_selected (row, field);
      if (field == CBZ_IMPORT_FIELD_NONE)
        gtk_widget_add_css_class (GTK_WIDGET (row), "dim-label");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (row), "dim-label");
    }
  self->updating = FALSE;
}

/* Preview table */

static void
setup_preview_cell_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
  gtk_list_item_set_child (item, label);
}

static void
bind_preview_cell_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      CbzImportDialog          *self)
{
  GtkStringObject *index = gtk_list_item_get_item (item);
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));
  guint row_index = (guint) g_ascii_strtoull (gtk_string_object_get_string (index), NULL, 10);
  GStrv row;
  const char *text = "";

  if (row_index < self->preview_rows->len)
    {
      row = g_ptr_array_index (self->preview_rows, row_index);
      if (column < g_strv_length (row))
        text = row[column];
    }
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text);
  gtk_widget_set_tooltip_text (gtk_list_item_get_child (item), text[0] != '\0' ? text : NULL);
}

static void
show_preview (CbzImportDialog *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->preview_view);
  guint n_columns = cbz_csv_import_get_n_columns (self->import);
  guint n_rows = MIN (cbz_csv_import_get_n_rows (self->import), N_PREVIEW_ROWS);
  g_autoptr(GtkStringList) indices = gtk_string_list_new (NULL);
  g_autoptr(GtkNoSelection) selection = NULL;

  g_ptr_array_set_size (self->preview_rows, 0);
  for (guint i = 0; i < n_rows; i++)
    {
      GStrv row = g_new0 (char *, n_columns + 1);
      g_autofree char *index = g_strdup_printf ("%u", i);

      for (guint column = 0; column < n_columns; column++)
        {
          const char *cell = cbz_csv_import_get_cell (self->import, i, column);

          row[column] = g_strdup (cell != NULL ? cell : "");
        }
      g_ptr_array_add (self->preview_rows, row);
      gtk_string_list_append (indices, index);
    }

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (self->preview_view, column);
    }

  /* The row number, as in the spreadsheet, then every column of the file. */
  for (guint column = 0; column < n_columns; column++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) view_column = NULL;
      const char *header = cbz_csv_import_get_header (self->import, column);

      g_object_set_data (G_OBJECT (factory), "column", GUINT_TO_POINTER (column));
      g_signal_connect (factory, "setup", G_CALLBACK (setup_preview_cell_cb), self);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_preview_cell_cb), self);
      view_column = gtk_column_view_column_new (header, factory);
      gtk_column_view_column_set_resizable (view_column, TRUE);
      gtk_column_view_append_column (self->preview_view, view_column);
    }

  selection = gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&indices)));
  gtk_column_view_set_model (self->preview_view, GTK_SELECTION_MODEL (selection));
}

/* Problems */

static void
setup_problem_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *where = gtk_label_new (NULL);
  GtkWidget *reason = gtk_label_new (NULL);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (where), 0);
  gtk_label_set_ellipsize (GTK_LABEL (where), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (where, "caption-heading");
  gtk_widget_add_css_class (where, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (reason), 0);
  gtk_label_set_wrap (GTK_LABEL (reason), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (reason), PANGO_WRAP_WORD_CHAR);
  gtk_box_append (GTK_BOX (box), where);
  gtk_box_append (GTK_BOX (box), reason);
  gtk_list_item_set_child (item, box);
}

static void
bind_problem_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 CbzImportDialog          *self)
{
  GtkStringObject *index = gtk_list_item_get_item (item);
  guint i = (guint) g_ascii_strtoull (gtk_string_object_get_string (index), NULL, 10);
  const CbzImportProblem *problem;
  GtkWidget *where = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  GtkWidget *reason = gtk_widget_get_next_sibling (where);
  g_autofree char *location = NULL;

  if (i >= self->problems->len)
    return;
  problem = g_ptr_array_index (self->problems, i);

  if (problem->row == 0)
    location = g_strdup (_("Whole file"));
  else if (problem->column < 0 || problem->column_name == NULL)
    location = g_strdup_printf (_("Row %u"), problem->row);
  else
    /* Translators: where a problem is: "Row 17 · vencimiento". */
    location = g_strdup_printf (_("Row %u · %s"), problem->row, problem->column_name);

  gtk_label_set_label (GTK_LABEL (where), location);
  gtk_label_set_label (GTK_LABEL (reason), problem->reason != NULL ? problem->reason
                                                                   : problem->message);
  gtk_widget_set_tooltip_text (reason, problem->message);
}

static void
show_problems (CbzImportDialog *self)
{
  GPtrArray *problems = cbz_csv_import_get_problems (self->import);
  guint n_problems = cbz_csv_import_get_n_problems (self->import);
  gboolean file_problems = cbz_csv_import_has_file_problems (self->import);
  g_autoptr(GtkStringList) indices = gtk_string_list_new (NULL);
  g_autoptr(GtkNoSelection) selection = NULL;
  g_autofree char *title = NULL;
  const char *description;

  g_ptr_array_set_size (self->problems, 0);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      g_autofree char *index = g_strdup_printf ("%u", i);

      g_ptr_array_add (self->problems, cbz_import_problem_copy (g_ptr_array_index (problems, i)));
      gtk_string_list_append (indices, index);
    }
  selection = gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&indices)));
  gtk_list_view_set_model (self->problems_view, GTK_SELECTION_MODEL (selection));
  /* A list view only measures the rows it has made: give the box room for
   * up to five problems, and let the rest scroll. */
  gtk_scrolled_window_set_min_content_height (self->problems_scroller,
                                              (int) MIN (self->problems->len, 5) * PROBLEM_ROW_HEIGHT);

  gtk_widget_set_visible (GTK_WIDGET (self->problems_group), n_problems > 0);
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Problem", "%u Problems", n_problems),
                           n_problems);
  adw_preferences_group_set_title (self->problems_group, title);

  if (file_problems)
    description = _("Choose which column holds each missing field above; nothing can be imported until then.");
  else if (cbz_csv_import_get_n_valid_rows (self->import) == 0)
    description = _("No row can be imported. Fix the file and choose it again.");
  else
    description = _("Fix these rows in the file and choose it again, or import the other rows now.");
  adw_preferences_group_set_description (self->problems_group, description);

  gtk_widget_set_visible (GTK_WIDGET (self->valid_only_row),
                          !file_problems && cbz_csv_import_get_n_valid_rows (self->import) > 0);
}

static void
show_validation (CbzImportDialog *self)
{
  show_file_info (self);
  update_column_fields (self);
  show_problems (self);
  gtk_stack_set_visible_child_name (self->stack, "preview");
  update_actions (self);
}

static void
on_validated_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CbzImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (is_disposed (self))
    return;

  self->busy = FALSE;
  if (!cbz_csv_import_validate_finish (CBZ_CSV_IMPORT (source), result, &error))
    {
      /* Cancelled halfway, the results are of no use: the person gave up. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_window_close (GTK_WINDOW (self));
      else
        show_error (self, _("Could Not Check the File"), error->message);
      return;
    }
  show_validation (self);
}

static void
validate (CbzImportDialog *self)
{
  show_busy (self, _("Checking the rows…"));
  cbz_csv_import_validate_async (self->import, self->cancellable, on_validated_cb,
                                 g_object_ref (self));
}

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CbzImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (is_disposed (self))
    return;

  self->busy = FALSE;
  if (!cbz_csv_import_load_finish (CBZ_CSV_IMPORT (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_window_close (GTK_WINDOW (self));
      else
        show_error (self, _("Could Not Read the File"), error->message);
      return;
    }

  show_preview (self);
  show_columns (self);
  show_validation (self);
}

static void
on_file_chosen_cb (GtkNativeDialog *chooser,
                   int              response,
                   gpointer         user_data)
{
  g_autoptr(CbzImportDialog) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      cbz_import_dialog_open_file (self, file);
    }
  else if (self->import == NULL)
    {
      /* Nothing chosen and nothing open: the dialog has no purpose. */
      gtk_window_close (GTK_WINDOW (self));
    }
  g_object_unref (chooser);
}

static void
append_count (GString    *text,
              const char *sentence)
{
  if (text->len > 0)
    g_string_append (text, "\n");
  g_string_append (text, sentence);
}

/* What the import did, in a few lines for the result page. */
static char *
describe_summary (const CbzImportSummary *summary)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *invoices = NULL;
  g_autofree char *customers = NULL;
  g_autofree char *skipped = NULL;

  /* Translators: the first part of "12 invoices added, 3 updated, 40 unchanged". */
  invoices = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u invoice added", "%u invoices added",
                                           summary->invoices_created),
                              summary->invoices_created);
  if (summary->invoices_updated > 0 || summary->invoices_unchanged > 0)
    {
      g_autofree char *rest = NULL;

      /* Translators: the rest of "12 invoices added, 3 updated, 40 unchanged". */
      rest = g_strdup_printf (_("%s, %u updated, %u unchanged"), invoices,
                              summary->invoices_updated, summary->invoices_unchanged);
      g_free (invoices);
      invoices = g_steal_pointer (&rest);
    }
  append_count (text, invoices);

  customers = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new customer", "%u new customers",
                                            summary->customers_created),
                               summary->customers_created);
  if (summary->customers_updated > 0)
    {
      g_autofree char *rest = NULL;

      /* Translators: the rest of "2 new customers, 5 with new contact data". */
      rest = g_strdup_printf (_("%s, %u with new contact data"), customers,
                              summary->customers_updated);
      g_free (customers);
      customers = g_steal_pointer (&rest);
    }
  append_count (text, customers);

  if (summary->rows_skipped > 0)
    {
      skipped = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u row with problems was left out",
                                              "%u rows with problems were left out",
                                              summary->rows_skipped),
                                 summary->rows_skipped);
      append_count (text, skipped);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
pulse_cb (gpointer user_data)
{
  CbzImportDialog *self = user_data;

  gtk_progress_bar_pulse (self->progress_bar);
  return G_SOURCE_CONTINUE;
}

static void
on_committed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CbzImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CbzImportSummary) summary = NULL;
  g_autofree char *description = NULL;
  g_autofree char *toast = NULL;
  GtkWindow *parent;

  if (is_disposed (self))
    return;

  self->busy = FALSE;
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  summary = cbz_import_writer_commit_finish (result, &error);
  if (summary == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Nothing was written: back to the preview. */
          show_validation (self);
          return;
        }
      show_error (self, _("Could Not Import the File"), error->message);
      return;
    }

  /* The writer used a connection of its own: tell this one the portfolio
   * changed so the list and the open customer reload. */
  cbz_store_mark_changed (self->store);

  description = describe_summary (summary);
  adw_status_page_set_description (self->done_page, description);
  gtk_stack_set_visible_child_name (self->stack, "done");
  update_actions (self);

  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (CBZ_IS_WINDOW (parent))
    {
      toast = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u invoice imported",
                                            "%u invoices imported", summary->rows_imported),
                               summary->rows_imported);
      cbz_window_add_toast (CBZ_WINDOW (parent), adw_toast_new (toast));
    }
}

static void
import_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CbzImportDialog *self = CBZ_IMPORT_DIALOG (widget);
  CbzImportMode mode = gtk_switch_get_active (self->valid_only_switch)
                         ? CBZ_IMPORT_MODE_VALID_ROWS_ONLY
                         : CBZ_IMPORT_MODE_ALL_OR_NOTHING;

  show_busy (self, _("Importing invoices…"));
  /* The writer reports no progress: show that it is working. */
  self->pulse_id = g_timeout_add (100, pulse_cb, self);
  cbz_import_writer_commit_async (cbz_store_get_path (self->store), self->import, mode,
                                  self->cancellable, on_committed_cb, g_object_ref (self));
}

static void
choose_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  cbz_import_dialog_choose_file (CBZ_IMPORT_DIALOG (widget));
}

static void
cancel_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CbzImportDialog *self = CBZ_IMPORT_DIALOG (widget);

  if (self->busy)
    {
      /* Stops reading, checking or writing (a cancelled import writes
       * nothing); the callbacks decide where to go back to, since until
       * they run the import belongs to the worker. */
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

static void
on_valid_only_changed_cb (CbzImportDialog *self)
{
  update_actions (self);
}

static void
cbz_import_dialog_dispose (GObject *object)
{
  CbzImportDialog *self = CBZ_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  if (self->import != NULL)
    g_clear_signal_handler (&self->progress_id, self->import);

  gtk_widget_dispose_template (GTK_WIDGET (self), CBZ_TYPE_IMPORT_DIALOG);

  g_clear_object (&self->import);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->field_labels);
  g_clear_pointer (&self->preview_rows, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->column_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (cbz_import_dialog_parent_class)->dispose (object);
}

static void
cbz_import_dialog_class_init (CbzImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cbz_import_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/cbz-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, choose_button);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, busy_label);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, rows_row);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, columns_group);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, preview_view);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, problems_group);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, valid_only_row);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, valid_only_switch);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, problems_scroller);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, problems_view);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, done_page);
  gtk_widget_class_bind_template_child (widget_class, CbzImportDialog, error_page);
  gtk_widget_class_bind_template_callback (widget_class, on_valid_only_changed_cb);

  gtk_widget_class_install_action (widget_class, "import.import", NULL, import_action_cb);
  gtk_widget_class_install_action (widget_class, "import.choose", NULL, choose_action_cb);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, cancel_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "import.cancel", NULL);
}

static void
cbz_import_dialog_init (CbzImportDialog *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);
  self->preview_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_import_problem_free);
  self->column_rows = g_ptr_array_new ();

  /* The column chooser lists the fields in CbzImportField order, so the
   * selected position is the field. */
  self->field_labels = gtk_string_list_new (NULL);
  for (guint field = 0; field < CBZ_IMPORT_N_FIELDS; field++)
    gtk_string_list_append (self->field_labels, cbz_import_field_get_label (field));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_problem_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_problem_cb), self);
  gtk_list_view_set_factory (self->problems_view, factory);
  g_object_unref (factory);

  gtk_stack_set_visible_child_name (self->stack, "choose");
  update_actions (self);
}

CbzImportDialog *
cbz_import_dialog_new (GtkWindow *parent,
                       CbzStore  *store)
{
  CbzImportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CBZ_IS_STORE (store), NULL);

  self = g_object_new (CBZ_TYPE_IMPORT_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);
  return self;
}

void
cbz_import_dialog_choose_file (CbzImportDialog *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  g_return_if_fail (CBZ_IS_IMPORT_DIALOG (self));

  gtk_file_filter_set_name (csv, _("Spreadsheet files (CSV, TXT)"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_mime_type (csv, "text/plain");
  gtk_file_filter_add_mime_type (csv, "text/tab-separated-values");
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_add_suffix (csv, "txt");
  gtk_file_filter_add_suffix (csv, "tsv");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");

  chooser = gtk_file_chooser_native_new (_("Import Invoices"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), csv);
  g_signal_connect (chooser, "response", G_CALLBACK (on_file_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
cbz_import_dialog_open_file (CbzImportDialog *self,
                             GFile           *file)
{
  g_autofree char *country = NULL;
  g_autofree char *currency = NULL;
  g_autofree char *message = NULL;

  g_return_if_fail (CBZ_IS_IMPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!self->busy);

  if (self->import != NULL)
    g_clear_signal_handler (&self->progress_id, self->import);
  g_clear_object (&self->import);
  gtk_switch_set_active (self->valid_only_switch, FALSE);

  self->import = cbz_csv_import_new (file);
  country = g_settings_get_string (self->settings, "default-country");
  currency = g_settings_get_string (self->settings, "default-currency");
  cbz_csv_import_set_default_country (self->import, country);
  cbz_csv_import_set_default_currency (self->import, currency);
  self->progress_id = g_signal_connect_swapped (self->import, "notify::progress",
                                                G_CALLBACK (on_progress_cb), self);

  /* Translators: %s is a file name. */
  message = g_strdup_printf (_("Reading “%s”…"), cbz_csv_import_get_display_name (self->import));
  show_busy (self, message);
  cbz_csv_import_load_async (self->import, self->cancellable, on_loaded_cb, g_object_ref (self));
}

const char *
cbz_import_dialog_get_state (CbzImportDialog *self)
{
  g_return_val_if_fail (CBZ_IS_IMPORT_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}
