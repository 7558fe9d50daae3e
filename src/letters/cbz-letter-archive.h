/* cbz-letter-archive.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-letter.h"
#include "cbz-store.h"

G_BEGIN_DECLS

/*
 * Letters as sent: every produced PDF is kept byte for byte in a
 * `documents/` folder next to the database file, named by its SHA-256
 * ("sha256-<hex>.pdf"), and a 'letter' event on the customer's timeline
 * points at it, so it can be reopened later exactly as it went out.
 */

/* The documents folder of @database_path (not created). */
char    *cbz_letter_archive_get_dir       (const char       *database_path);

/* Writes @pdf into the documents folder of @database_path unless a file with
 * its hash is there already; returns the attachment name. Thread-safe. */
char    *cbz_letter_archive_store_pdf     (const char       *database_path,
                                           GBytes           *pdf,
                                           GError          **error);

/* Records the 'letter' event for @letter whose PDF was stored as @attachment;
 * returns the event id, or 0 with @error set. */
gint64   cbz_letter_archive_record        (CbzStore         *store,
                                           const CbzLetter  *letter,
                                           const char       *subject,
                                           guint             n_pages,
                                           const char       *attachment,
                                           GError          **error);

/* Stores and records in one step. */
gint64   cbz_letter_archive_add           (CbzStore         *store,
                                           const CbzLetter  *letter,
                                           const char       *subject,
                                           guint             n_pages,
                                           GBytes           *pdf,
                                           GError          **error);

/* Full path of a stored attachment, or NULL (with @error) when the name is
 * not one of ours or the file is missing. */
char    *cbz_letter_archive_get_path      (const char       *database_path,
                                           const char       *attachment,
                                           GError          **error);

G_END_DECLS
