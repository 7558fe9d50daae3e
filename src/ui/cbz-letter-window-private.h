/* cbz-letter-window-private.h: shared by the files of CbzLetterWindow
 * (cbz-letter-window.c: the window and its template editor;
 * cbz-letter-window-preview.c: the preview; cbz-letter-window-output.c:
 * save, print and the timeline; cbz-letter-window-detail.c: its place on a
 * customer's page).
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-company-profile.h"
#include "cbz-letter.h"
#include "cbz-letter-window.h"

G_BEGIN_DECLS

#define ZOOM_MIN 0.5
#define ZOOM_MAX 3.0

struct _CbzLetterWindow
{
  AdwWindow           parent_instance;

  CbzStore           *store;
  gint64              debtor_id;
  CbzLetter          *letter;
  CbzCompanyProfile  *profile;
  char               *letter_error;   /* why there is no letter, or NULL */

  GCancellable       *cancellable;    /* the preview being rendered */
  guint               render_id;
  guint               serial;
  GBytes             *pdf;
  char               *subject;
  guint               page;
  guint               n_pages;
  double              zoom;
  gboolean            loading_text;

  AdwToastOverlay    *toast_overlay;
  GtkDropDown        *level_dropdown;
  GtkDropDown        *language_dropdown;
  GtkTextView        *editor;
  GtkLabel           *problems_label;
  GtkLabel           *variables_label;
  GtkLabel           *template_state_label;
  GtkPicture         *picture;
  GtkLabel           *page_label;
  GtkLabel           *zoom_label;
  GtkSpinner         *spinner;
};

char *_cbz_letter_window_get_text           (CbzLetterWindow *self);
void  _cbz_letter_window_show_toast         (CbzLetterWindow *self,
                                             const char      *message);
void  _cbz_letter_window_update_actions     (CbzLetterWindow *self);
void  _cbz_letter_window_update_labels      (CbzLetterWindow *self);

/* The preview, rendered off the main thread (now, or after a pause for typing). */
void  _cbz_letter_window_start_render       (CbzLetterWindow *self);
void  _cbz_letter_window_schedule_render    (CbzLetterWindow *self);

/* letter.save and letter.print. */
void  _cbz_letter_window_save_action_cb     (GtkWidget       *widget,
                                             const char      *action_name,
                                             GVariant        *parameter);
void  _cbz_letter_window_print_action_cb    (GtkWidget       *widget,
                                             const char      *action_name,
                                             GVariant        *parameter);

G_END_DECLS
