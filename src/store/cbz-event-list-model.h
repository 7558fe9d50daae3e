/* cbz-event-list-model.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cbz-store.h"

G_BEGIN_DECLS

/*
 * CbzEventListModel: a GListModel of CbzEvent, one debtor's timeline newest
 * first (occurred_at, then id). Pages rows from sqlite on demand; reloads on
 * the store's ::changed and when :debtor-id changes (0 = empty).
 */
#define CBZ_TYPE_EVENT_LIST_MODEL (cbz_event_list_model_get_type ())
G_DECLARE_FINAL_TYPE (CbzEventListModel, cbz_event_list_model, CBZ, EVENT_LIST_MODEL, GObject)

CbzEventListModel *cbz_event_list_model_new           (CbzStore          *store,
                                                       gint64             debtor_id);
gint64             cbz_event_list_model_get_debtor_id (CbzEventListModel *self);
void               cbz_event_list_model_set_debtor_id (CbzEventListModel *self,
                                                       gint64             debtor_id);
gboolean           cbz_event_list_model_reload        (CbzEventListModel *self,
                                                       GError           **error);

G_END_DECLS
