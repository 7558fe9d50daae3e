/* cbz-message-params-group.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/*
 * The WhatsApp template's parameters on the Messages page: one entry row
 * per {{1}}, {{2}}, …, each a template text of its own, added with the
 * group's Add button (action params.add) and removed with each row's
 * button. ::changed is emitted when the person edits, adds or removes one.
 */
#define CBZ_TYPE_MESSAGE_PARAMS_GROUP (cbz_message_params_group_get_type ())
G_DECLARE_FINAL_TYPE (CbzMessageParamsGroup, cbz_message_params_group, CBZ, MESSAGE_PARAMS_GROUP, AdwPreferencesGroup)

/* Shows @params (NULL: none), without ::changed. */
void       cbz_message_params_group_set_params (CbzMessageParamsGroup *self,
                                                char * const          *params);
/* (transfer full) the texts in order, or NULL when there are none. */
char     **cbz_message_params_group_dup_params (CbzMessageParamsGroup *self);
/* Adds a row and focuses it; emits ::changed. */
GtkWidget *cbz_message_params_group_add        (CbzMessageParamsGroup *self,
                                                const char            *text);
/* Marks each row that has a problem and shows the first one under the
 * rows; returns it (transfer full), or NULL when every row is good. */
char      *cbz_message_params_group_check      (CbzMessageParamsGroup *self);

G_END_DECLS
