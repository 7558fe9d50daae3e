/* cbz-letter-archive.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "cbz-letter-archive.h"
#include "cbz-letter-template.h"

char *
cbz_letter_archive_get_dir (const char *database_path)
{
  g_autofree char *dir = NULL;

  g_return_val_if_fail (database_path != NULL, NULL);

  dir = g_path_get_dirname (database_path);
  return g_build_filename (dir, "documents", NULL);
}

/* "sha256-" + 64 hex digits + ".pdf", nothing else: the name comes from the
 * database and must never reach outside the folder. */
static gboolean
is_attachment_name (const char *name)
{
  if (name == NULL || strlen (name) != 7 + 64 + 4 ||
      !g_str_has_prefix (name, "sha256-") || !g_str_has_suffix (name, ".pdf"))
    return FALSE;
  for (guint i = 7; i < 7 + 64; i++)
    if (!g_ascii_isxdigit (name[i]) || g_ascii_isupper (name[i]))
      return FALSE;
  return TRUE;
}

char *
cbz_letter_archive_store_pdf (const char  *database_path,
                              GBytes      *pdf,
                              GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (database_path != NULL, NULL);
  g_return_val_if_fail (pdf != NULL, NULL);

  dir = cbz_letter_archive_get_dir (database_path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("The documents folder “%s” could not be created: %s"), dir, g_strerror (saved));
      return NULL;
    }

  hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  name = g_strdup_printf ("sha256-%s.pdf", hash);
  path = g_build_filename (dir, name, NULL);

  /* Same bytes, same name: a file already there is this very letter. */
  if (!g_file_test (path, G_FILE_TEST_EXISTS) &&
      !g_file_set_contents_full (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return NULL;

  return g_steal_pointer (&name);
}

gint64
cbz_letter_archive_record (CbzStore         *store,
                           const CbzLetter  *letter,
                           const char       *subject,
                           guint             n_pages,
                           const char       *attachment,
                           GError          **error)
{
  g_autoptr(CbzEvent) event = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *data = NULL;

  g_return_val_if_fail (CBZ_IS_STORE (store), 0);
  g_return_val_if_fail (letter != NULL, 0);
  g_return_val_if_fail (is_attachment_name (attachment), 0);

  /* Translators: a timeline entry, e.g. "Letter: Formal notice (level 2)" */
  summary = g_strdup_printf (_("Letter: %s (level %d)"),
                             cbz_letter_level_get_label (letter->level), letter->level);
  data = g_strdup_printf ("{\"level\":%d,\"language\":\"%s\",\"pages\":%u,\"currency\":\"%s\","
                          "\"overdue\":%" G_GINT64_FORMAT ",\"invoices\":%u}",
                          letter->level, cbz_letter_get_language (letter), n_pages,
                          letter->currency, cbz_letter_get_overdue_total (letter),
                          letter->invoices->len);

  event = cbz_event_new (letter->debtor_id, CBZ_EVENT_KIND_LETTER, summary);
  cbz_event_set_channel (event, CBZ_EVENT_CHANNEL_LETTER);
  cbz_event_set_direction (event, CBZ_EVENT_DIRECTION_OUTBOUND);
  cbz_event_set_delivery_state (event, CBZ_DELIVERY_STATE_BY_HAND);
  cbz_event_set_body (event, subject);
  cbz_event_set_attachment (event, attachment);
  cbz_event_set_data (event, data);
  for (guint i = 0; i < letter->invoices->len; i++)
    {
      const CbzLetterInvoice *inv = g_ptr_array_index (letter->invoices, i);

      if (inv->invoice_id > 0)
        cbz_event_add_invoice_id (event, inv->invoice_id);
    }

  return cbz_store_add_event (store, event, error);
}

gint64
cbz_letter_archive_add (CbzStore         *store,
                        const CbzLetter  *letter,
                        const char       *subject,
                        guint             n_pages,
                        GBytes           *pdf,
                        GError          **error)
{
  g_autofree char *attachment = NULL;

  g_return_val_if_fail (CBZ_IS_STORE (store), 0);

  attachment = cbz_letter_archive_store_pdf (cbz_store_get_path (store), pdf, error);
  if (attachment == NULL)
    return 0;
  return cbz_letter_archive_record (store, letter, subject, n_pages, attachment, error);
}

char *
cbz_letter_archive_get_path (const char  *database_path,
                             const char  *attachment,
                             GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (database_path != NULL, NULL);

  if (!is_attachment_name (attachment))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                   _("“%s” is not the name of a stored letter"), attachment != NULL ? attachment : "");
      return NULL;
    }

  dir = cbz_letter_archive_get_dir (database_path);
  path = g_build_filename (dir, attachment, NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The stored letter “%s” is missing from “%s”"), attachment, dir);
      return NULL;
    }
  return g_steal_pointer (&path);
}
