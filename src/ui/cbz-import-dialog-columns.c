/* cbz-import-dialog-columns.c: what each column holds, and the first rows
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-import-dialog-private.h"

/* Rows shown in the preview table. */
#define N_PREVIEW_ROWS 12

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
  _cbz_import_dialog_validate (self);
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

void
_cbz_import_dialog_show_columns (CbzImportDialog *self)
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

void
_cbz_import_dialog_update_column_fields (CbzImportDialog *self)
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

void
_cbz_import_dialog_show_preview (CbzImportDialog *self)
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
