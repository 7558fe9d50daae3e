/* cbz-call-actions-private.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cbz-call-actions.h"

G_BEGIN_DECLS

/*
 * What the files of CbzCallActions share:
 *   cbz-call-actions.c          the object, calls and their tasks, the
 *                               status area;
 *   cbz-call-actions-records.c  disputes, notes, reasons, opt-outs.
 */

struct _CbzCallActions
{
  GObject          parent_instance;

  CbzDebtorDetail    *detail;   /* weak: the page owns this object */
  GSimpleActionGroup *call_group;
  GSimpleActionGroup *note_group;
  GSimpleActionGroup *dispute_group;
  GSimpleActionGroup *reason_group;
  GSimpleActionGroup *opt_out_group;
  GtkWidget          *tasks;
  GtkWidget          *disputes;
  GtkWidget          *reason;
};

/* Takes back what an action wrote, for a toast's Undo. */
typedef void (*CbzCallActionsUndo) (gpointer data);

/* The page's window, for dialogs and toasts (NULL when not in one). */
GtkWindow *_cbz_call_actions_get_window   (CbzCallActions *self);
/* A toast on the page's window; with @undo, an Undo button that calls it
 * with @data (freed with @data_free when the toast goes). */
void       _cbz_call_actions_toast        (CbzCallActions *self,
                                           const char     *text,
                                           CbzCallActionsUndo undo,
                                           gpointer        data,
                                           GDestroyNotify  data_free);
/* Opens the dispute form for the page's customer, with @note filled in. */
void       _cbz_call_actions_open_dispute (CbzCallActions *self,
                                           const char     *note);
/* Adds the actions and Record menu items of cbz-call-actions-records.c. */
void       _cbz_call_actions_add_records  (CbzCallActions *self);

G_END_DECLS
