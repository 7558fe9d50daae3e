/* cbz-outbox-window-private.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the files of CbzOutboxWindow share: the window's state, the list
 * (cbz-outbox-window.c), the person's decisions about one message
 * (cbz-outbox-window-decisions.c) and Send Queued Now
 * (cbz-outbox-window-send.c).
 */

#pragma once

#include "cbz-outbox-item.h"
#include "cbz-outbox-window.h"
#include "cbz-sender.h"

G_BEGIN_DECLS

struct _CbzOutboxWindow
{
  AdwWindow             parent_instance;

  CbzStore             *store;
  CbzOutbox            *outbox;
  GCancellable         *cancellable;
  GListStore           *messages;
  CbzOutboxFilter       filter;
  guint64               counts[CBZ_OUTBOX_N_STATES];
  gboolean              loaded;
  gboolean              loading;
  gboolean              reload_pending;
  gboolean              main_dirty;
  gboolean              disposed;
  guint                 reload_id;
  guint                 n_decisions;

  /* Send Queued Now */
  CbzSender            *sender;
  GCancellable         *send_cancellable;
  gboolean              preparing;   /* loading the accounts */
  gboolean              dry_run;
  CbzSenderAccounts    *accounts;

  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *filter_stack;
  GtkRevealer          *progress_revealer;
  GtkLabel             *progress_label;
  GtkProgressBar       *progress_bar;
  GtkStack             *content_stack;
  AdwStatusPage        *no_results_page;
  AdwStatusPage        *error_page;
  GtkListView          *list_view;
  GtkLabel             *limit_label;
};

/* cbz-outbox-window.c */
void           _cbz_outbox_window_show_toast        (CbzOutboxWindow *self,
                                                     const char      *text);
/* Reads the list again once a burst of changes settled. */
void           _cbz_outbox_window_schedule_reload   (CbzOutboxWindow *self);
/* Tells the main window's store the file changed (its list and timelines
 * follow), without reloading this window twice. */
void           _cbz_outbox_window_notify_main_store (CbzOutboxWindow *self);
void           _cbz_outbox_window_update_actions    (CbzOutboxWindow *self);
/* The row of message @id, or NULL. (transfer full) */
CbzOutboxItem *_cbz_outbox_window_find_item         (CbzOutboxWindow *self,
                                                     gint64           id);

/* cbz-outbox-window-decisions.c: outbox.resend, .dont-resend, .cancel */
void           _cbz_outbox_window_class_init_decisions (GtkWidgetClass *widget_class);

/* cbz-outbox-window-send.c: outbox.send-queued, .stop-sending */
void           _cbz_outbox_window_class_init_send      (GtkWidgetClass *widget_class);
/* Whether Send Queued Now is running or getting ready. */
gboolean       _cbz_outbox_window_is_sending           (CbzOutboxWindow *self);
/* Whether it is running (and so can be stopped). */
gboolean       _cbz_outbox_window_can_stop_sending     (CbzOutboxWindow *self);
/* At dispose: stops taking new messages (those on their way finish). */
void           _cbz_outbox_window_stop_sending         (CbzOutboxWindow *self);

G_END_DECLS
