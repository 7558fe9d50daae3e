/* cbz-import-dialog-report.c: the file, its problems and warnings, what the import did
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cbz-import-dialog-private.h"

/* Height of a row of a problem list (two lines of text and margins). */
#define PROBLEM_ROW_HEIGHT 54
/* Rows a problem list shows before it scrolls. */
#define PROBLEM_ROWS_SHOWN 5

static const char *
get_separator_name (char delimiter)
{
  switch (delimiter)
    {
    case ',':
      return C_("separator", "Comma");
    case ';':
      return C_("separator", "Semicolon");
    case '\t':
      return C_("separator", "Tab");
    case '|':
      return C_("separator", "Vertical bar");
    default:
      return NULL;
    }
}

void
_cbz_import_dialog_show_file_info (CbzImportDialog *self)
{
  CbzCsvImport *import = self->import;
  g_autofree char *encoding = NULL;
  g_autofree char *separator = NULL;
  g_autofree char *rows = NULL;
  guint n_rows = cbz_csv_import_get_n_rows (import);
  char delimiter = cbz_csv_import_get_delimiter (import);

  if (cbz_csv_import_get_had_bom (import))
    /* Translators: an encoding name, e.g. "UTF-8 with byte order mark". */
    encoding = g_strdup_printf (_("%s with byte order mark"), cbz_csv_import_get_encoding (import));
  else
    encoding = g_strdup (cbz_csv_import_get_encoding (import));

  if (get_separator_name (delimiter) != NULL)
    separator = g_strdup (get_separator_name (delimiter));
  else
    /* Translators: the character between values, when it is not a usual one: “#”. */
    separator = g_strdup_printf (_("“%c”"), delimiter);

  rows = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u invoice", "%u invoices", n_rows), n_rows);

  adw_window_title_set_subtitle (self->window_title, cbz_csv_import_get_display_name (import));
  adw_action_row_set_subtitle (self->file_row, cbz_csv_import_get_display_name (import));
  adw_action_row_set_subtitle (self->encoding_row, encoding);
  adw_action_row_set_subtitle (self->separator_row, separator);
  adw_action_row_set_subtitle (self->dates_row,
                               cbz_csv_import_get_date_order (import) == CBZ_DATE_ORDER_MDY
                                 ? _("Month first (12/31/2026)")
                                 : _("Day first (31/12/2026)"));
  adw_action_row_set_subtitle (self->rows_row, rows);
}

/* Problem lists: a GtkStringList of indices into the dialog's copies. */

static void
setup_problem_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *where = gtk_label_new (NULL);
  GtkWidget *reason = gtk_label_new (NULL);

  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_end (row, 12);
  gtk_widget_set_margin_top (row, 6);
  gtk_widget_set_margin_bottom (row, 6);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_set_margin_top (icon, 2);
  gtk_widget_set_hexpand (box, TRUE);
  gtk_label_set_xalign (GTK_LABEL (where), 0);
  gtk_label_set_ellipsize (GTK_LABEL (where), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (where, "caption-heading");
  gtk_widget_add_css_class (where, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (reason), 0);
  gtk_label_set_wrap (GTK_LABEL (reason), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (reason), PANGO_WRAP_WORD_CHAR);
  gtk_box_append (GTK_BOX (box), where);
  gtk_box_append (GTK_BOX (box), reason);
  gtk_box_append (GTK_BOX (row), icon);
  gtk_box_append (GTK_BOX (row), box);
  gtk_list_item_set_child (item, row);
}

static void
bind_problem_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GPtrArray *problems = user_data;
  GtkStringObject *index = gtk_list_item_get_item (item);
  guint i = (guint) g_ascii_strtoull (gtk_string_object_get_string (index), NULL, 10);
  GtkWidget *icon = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  GtkWidget *where = gtk_widget_get_first_child (gtk_widget_get_next_sibling (icon));
  GtkWidget *reason = gtk_widget_get_next_sibling (where);
  const CbzImportProblem *problem;
  g_autofree char *location = NULL;

  if (i >= problems->len)
    return;
  problem = g_ptr_array_index (problems, i);

  if (problem->row == 0)
    location = g_strdup (_("Whole file"));
  else if (problem->column < 0 || problem->column_name == NULL)
    location = g_strdup_printf (_("Row %u"), problem->row);
  else
    /* Translators: where a problem is: "Row 17 · vencimiento". */
    location = g_strdup_printf (_("Row %u · %s"), problem->row, problem->column_name);

  gtk_image_set_from_icon_name (GTK_IMAGE (icon), problem->warning ? "dialog-warning-symbolic"
                                                                   : "dialog-error-symbolic");
  gtk_widget_remove_css_class (icon, problem->warning ? "error" : "warning");
  gtk_widget_add_css_class (icon, problem->warning ? "warning" : "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  problem->warning ? _("Warning") : _("Problem"), -1);
  gtk_label_set_label (GTK_LABEL (where), location);
  gtk_label_set_label (GTK_LABEL (reason), problem->reason != NULL ? problem->reason
                                                                   : problem->message);
  gtk_widget_set_tooltip_text (reason, problem->message);
}

static void
init_problem_list (GtkListView *view,
                   GPtrArray   *problems)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_problem_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_problem_cb), problems);
  gtk_list_view_set_factory (view, factory);
  g_object_unref (factory);
}

void
_cbz_import_dialog_init_report (CbzImportDialog *self)
{
  init_problem_list (self->problems_view, self->problems);
  init_problem_list (self->warnings_view, self->warnings);
}

/* Fills @view with the problems of @all that are (or are not) warnings,
 * copied into @copies. */
static void
fill_problem_list (GtkListView       *view,
                   GtkScrolledWindow *scroller,
                   GPtrArray         *all,
                   gboolean           warnings,
                   GPtrArray         *copies)
{
  g_autoptr(GtkStringList) indices = gtk_string_list_new (NULL);
  g_autoptr(GtkNoSelection) selection = NULL;

  g_ptr_array_set_size (copies, 0);
  for (guint i = 0; all != NULL && i < all->len; i++)
    {
      const CbzImportProblem *problem = g_ptr_array_index (all, i);
      char index[16];

      if (problem->warning != warnings)
        continue;
      g_snprintf (index, sizeof index, "%u", copies->len);
      g_ptr_array_add (copies, cbz_import_problem_copy (problem));
      gtk_string_list_append (indices, index);
    }
  selection = gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&indices)));
  gtk_list_view_set_model (view, GTK_SELECTION_MODEL (selection));
  /* A list view only measures the rows it has made: give the box room for
   * a few, and let the rest scroll. */
  gtk_scrolled_window_set_min_content_height (scroller,
                                              (int) MIN (copies->len, PROBLEM_ROWS_SHOWN) * PROBLEM_ROW_HEIGHT);
}

void
_cbz_import_dialog_show_problems (CbzImportDialog *self)
{
  GPtrArray *all = cbz_csv_import_get_problems (self->import);
  guint n_warnings = cbz_csv_import_get_n_warnings (self->import);
  guint n_errors = cbz_csv_import_get_n_problems (self->import) - n_warnings;
  guint n_invalid = cbz_csv_import_get_n_invalid_rows (self->import);
  guint n_valid = cbz_csv_import_get_n_valid_rows (self->import);
  gboolean file_problems = cbz_csv_import_has_file_problems (self->import);
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  g_autofree char *warnings_title = NULL;

  fill_problem_list (self->problems_view, self->problems_scroller, all, FALSE, self->problems);
  fill_problem_list (self->warnings_view, self->warnings_scroller, all, TRUE, self->warnings);

  gtk_widget_set_visible (GTK_WIDGET (self->problems_group), n_errors > 0);
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Problem", "%u Problems", n_errors), n_errors);
  adw_preferences_group_set_title (self->problems_group, title);

  if (file_problems)
    description = g_strdup (_("Choose which column holds each missing field below; nothing can be imported until then."));
  else if (n_valid == 0)
    description = g_strdup (_("No row can be imported. Fix the file and choose it again."));
  else
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%u row cannot be imported as it is. Fix it in the file and choose the file again, or import the other rows now.",
                                                "%u rows cannot be imported as they are. Fix them in the file and choose the file again, or import the other rows now.",
                                                n_invalid),
                                   n_invalid);
  adw_preferences_group_set_description (self->problems_group, description);
  gtk_widget_set_visible (GTK_WIDGET (self->valid_only_row), !file_problems && n_valid > 0);

  gtk_widget_set_visible (GTK_WIDGET (self->warnings_group), n_warnings > 0 && !file_problems);
  warnings_title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Warning", "%u Warnings", n_warnings),
                                    n_warnings);
  adw_preferences_group_set_title (self->warnings_group, warnings_title);
}

static void
start_line (GString *text)
{
  if (text->len > 0)
    g_string_append_c (text, '\n');
}

/* What the import did, one line per count, for the result page. */
char *
_cbz_import_dialog_describe_summary (const CbzImportSummary *summary)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n;

  /* Said even for nothing: "0 invoices added". */
  n = summary->invoices_created;
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u invoice added", "%u invoices added", n), n);
  if ((n = summary->invoices_updated) > 0)
    {
      start_line (text);
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u invoice updated", "%u invoices updated", n), n);
    }
  if ((n = summary->invoices_unchanged) > 0)
    {
      start_line (text);
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u invoice unchanged", "%u invoices unchanged", n), n);
    }
  if ((n = summary->customers_created) > 0)
    {
      start_line (text);
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u new customer", "%u new customers", n), n);
    }
  if ((n = summary->customers_updated) > 0)
    {
      start_line (text);
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u customer with new contact data",
                                                 "%u customers with new contact data", n), n);
    }
  if ((n = summary->tax_ids_unverified) > 0)
    {
      start_line (text);
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u tax ID kept as written and marked as unverified",
                                                 "%u tax IDs kept as written and marked as unverified", n), n);
    }
  if ((n = summary->n_warnings) > 0)
    {
      start_line (text);
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings", n), n);
    }
  if ((n = summary->rows_skipped) > 0)
    {
      start_line (text);
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u row with problems was left out",
                                                 "%u rows with problems were left out", n), n);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}
