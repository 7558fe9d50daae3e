/* cbz-store-session-private.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-store.h"

G_BEGIN_DECLS

/*
 * Which opens of a portfolio file need the full integrity check: the ones
 * after a program that had the file open ended without closing it, after
 * the file changed outside Cobranza, and after a version upgrade. See
 * cbz-store-session.c for how that is known across processes.
 */
typedef struct _CbzStoreSession CbzStoreSession;

/* Registers this open of @db_path (call before opening the connection) and
 * says what it must check. @new_file: the file is new or empty (nothing to
 * check). Never fails: when the record cannot be kept, every open of the
 * file checks it fully (the reason is logged with g_debug). */
CbzStoreSession *_cbz_store_session_open       (const char       *db_path,
                                                gboolean          new_file,
                                                CbzStoreCheck    *out_check);
/* A full integrity check of the file, started after this session opened,
 * passed: it is known sound from now on. */
void             _cbz_store_session_set_sound  (CbzStoreSession  *session);
/* Ends the session: call after the connection (and every worker connection
 * of this process to the file) is closed. The last session to end records
 * the file as it left it. Frees @session. */
void             _cbz_store_session_close      (CbzStoreSession  *session);

/* The folder the record lives in, next to the file ("<db_path>-sessions"). */
char            *_cbz_store_session_dir_for    (const char       *db_path);
/* The record's key file in that folder (for tests that play an older
 * version). */
char            *_cbz_store_session_state_path (const char       *db_path);

G_END_DECLS
