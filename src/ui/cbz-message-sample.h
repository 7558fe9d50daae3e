/* cbz-message-sample.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cbz-store.h"
#include "cbz-template.h"

G_BEGIN_DECLS

/*
 * The values the Messages page previews a wording with: a real customer of
 * the open portfolio when one has something overdue (the one the main
 * window shows, else the first by name), example values otherwise.
 */
typedef enum
{
  CBZ_MESSAGE_SAMPLE_EXAMPLE,   /* example values */
  CBZ_MESSAGE_SAMPLE_SELECTED,  /* the customer shown in the main window */
  CBZ_MESSAGE_SAMPLE_FIRST,     /* the first customer with something overdue */
} CbzMessageSampleKind;

typedef struct
{
  CbzMessageSampleKind  kind;
  CbzTemplateContext   *context;
  gint64                debtor_id; /* 0 for example values */
  char                 *problem;   /* what sending would still need (no company name), or NULL */
} CbzMessageSample;

/* Example values for every variable. */
CbzMessageSample *cbz_message_sample_new_example (void);
void              cbz_message_sample_free        (CbzMessageSample    *self);
/* "For Ferretería López, the customer shown in the main window." */
char             *cbz_message_sample_describe    (const CbzMessageSample *self,
                                                  gboolean             have_store);

/* Reads the company and a customer on @store's worker connections:
 * @preferred_debtor_id (0: none) when it has something overdue, else the
 * first overdue customer by name, else example values. */
void              cbz_message_sample_load_async  (CbzStore            *store,
                                                  gint64               preferred_debtor_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
CbzMessageSample *cbz_message_sample_load_finish (CbzStore            *store,
                                                  GAsyncResult        *result,
                                                  GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzMessageSample, cbz_message_sample_free)

G_END_DECLS
