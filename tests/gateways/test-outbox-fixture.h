/* test-outbox-fixture.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Four customers (one with only a disputed invoice), the in-process fake
 * provider, and the process's clock standing still until a test moves it.
 */

#pragma once

#include "cbz-clock.h"
#include "cbz-fake-provider.h"
#include "cbz-message-template.h"
#include "cbz-outbox-private.h"
#include "cbz-outbox.h"
#include "cbz-sender.h"
#include "cbz-store.h"
#include "cbz-test-util.h"

G_BEGIN_DECLS

typedef struct
{
  char            *path;
  CbzClock        *clock;       /* the process's, standing still until moved */
  CbzStore        *store;
  CbzOutbox       *outbox;
  CbzFakeProvider *fake;
  gint64           debtors[4];
  gint64           invoices[4];
  gint64           disputed_invoice;
} Fixture;

void              outbox_fixture_set_up    (Fixture       *fixture,
                                            gconstpointer  data);
void              outbox_fixture_tear_down (Fixture       *fixture,
                                            gconstpointer  data);

/* A reminder to customer @debtor (0..3) keyed by @action, its invoice and
 * the cycle 2026-11-23. */
CbzOutboxMessage *make_message             (Fixture       *fixture,
                                            guint          debtor,
                                            CbzChannel     channel,
                                            const char    *provider,
                                            const char    *action);
/* Enqueues make_message()'s message; its id. */
gint64            enqueue                  (Fixture       *fixture,
                                            guint          debtor,
                                            CbzChannel     channel,
                                            const char    *provider,
                                            const char    *action);
CbzOutboxMessage *get                      (Fixture       *fixture,
                                            gint64         id);
/* A sender on the fixture's store with an account for @provider (NULL:
 * none) on the fake server; no waiting, no reconcile delay, 1-4 s backoff. */
CbzSender        *new_sender               (Fixture       *fixture,
                                            const char    *provider);
/* Runs @sender to its end, spinning the main loop; fails the test on error. */
CbzSenderSummary  run_sender               (CbzSender     *sender);
CbzEvent         *reminder_event           (Fixture       *fixture,
                                            gint64         id);
/* The single integer @sql answers, read from the file by a connection of
 * the test's own. */
gint64            count_rows               (Fixture       *fixture,
                                            const char    *sql);

#define OUTBOX_TEST_ADD(path, func) \
  g_test_add (path, Fixture, NULL, outbox_fixture_set_up, func, outbox_fixture_tear_down)

G_END_DECLS
