/* cbz-import-dialog-private.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-csv-import.h"
#include "cbz-import-dialog.h"
#include "cbz-import-writer.h"

G_BEGIN_DECLS

/*
 * What the files of CbzImportDialog share:
 *   cbz-import-dialog.c          the steps (choose, read, check, import) and the actions;
 *   cbz-import-dialog-columns.c  what each column holds, and the first rows;
 *   cbz-import-dialog-report.c   the file, its problems and warnings, what the import did.
 */

struct _CbzImportDialog
{
  AdwWindow            parent_instance;

  CbzStore            *store;
  CbzCsvImport        *import;
  GCancellable        *cancellable;
  GSettings           *settings;
  gboolean             busy;
  gboolean             updating;
  gulong               progress_id;
  guint                pulse_id;

  /* Copies of what the preview shows: the import belongs to the worker
   * while it validates, and cells may be bound at any time. */
  GPtrArray           *preview_rows;   /* (element-type GStrv) */
  GPtrArray           *problems;       /* (element-type CbzImportProblem): errors */
  GPtrArray           *warnings;       /* (element-type CbzImportProblem) */
  GPtrArray           *column_rows;    /* (element-type AdwComboRow) */
  GtkStringList       *field_labels;

  AdwWindowTitle      *window_title;
  GtkButton           *cancel_button;
  GtkButton           *import_button;
  GtkButton           *choose_button;
  AdwToastOverlay     *toast_overlay;
  GtkStack            *stack;
  GtkLabel            *busy_label;
  GtkProgressBar      *progress_bar;
  AdwActionRow        *file_row;
  AdwActionRow        *encoding_row;
  AdwActionRow        *separator_row;
  AdwActionRow        *dates_row;
  AdwActionRow        *rows_row;
  AdwPreferencesGroup *columns_group;
  GtkColumnView       *preview_view;
  AdwPreferencesGroup *problems_group;
  AdwActionRow        *valid_only_row;
  GtkSwitch           *valid_only_switch;
  GtkScrolledWindow   *problems_scroller;
  GtkListView         *problems_view;
  AdwPreferencesGroup *warnings_group;
  GtkScrolledWindow   *warnings_scroller;
  GtkListView         *warnings_view;
  AdwStatusPage       *done_page;
  AdwStatusPage       *error_page;
};

/* cbz-import-dialog.c: checks the rows again (after a column changed). */
void   _cbz_import_dialog_validate              (CbzImportDialog        *self);

/* cbz-import-dialog-columns.c */
void   _cbz_import_dialog_show_columns          (CbzImportDialog        *self);
void   _cbz_import_dialog_update_column_fields  (CbzImportDialog        *self);
void   _cbz_import_dialog_show_preview          (CbzImportDialog        *self);

/* cbz-import-dialog-report.c */
void   _cbz_import_dialog_init_report           (CbzImportDialog        *self);
void   _cbz_import_dialog_show_file_info        (CbzImportDialog        *self);
void   _cbz_import_dialog_show_problems         (CbzImportDialog        *self);
char  *_cbz_import_dialog_describe_summary      (const CbzImportSummary *summary);

G_END_DECLS
