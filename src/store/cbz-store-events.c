/* cbz-store-events.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "cbz-money.h"
#include "cbz-store-private.h"

/* The bitácora: events and their links to invoices. */

/* Amount for a timeline summary, e.g. "MXN 1,234.56" (no locale: the summary
 * is stored once and read in any language). */
char *
_cbz_store_format_amount (gint64      minor,
                          const char *currency)
{
  /* The currency's own minor digits, as everywhere else in the app. */
  int n_digits = cbz_currency_get_digits (currency);
  guint64 scale = 1;
  guint64 abs_minor = minor < 0 ? (guint64) -minor : (guint64) minor;
  g_autofree char *digits = NULL;
  GString *out = g_string_new (currency);
  gsize len;

  for (int i = 0; i < n_digits; i++)
    scale *= 10;
  digits = g_strdup_printf ("%" G_GUINT64_FORMAT, abs_minor / scale);
  len = strlen (digits);

  g_string_append_c (out, ' ');
  if (minor < 0)
    g_string_append_c (out, '-');
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  if (n_digits > 0)
    g_string_append_printf (out, ".%0*" G_GUINT64_FORMAT, n_digits, abs_minor % scale);
  return g_string_free (out, FALSE);
}

CbzEvent *
_cbz_event_from_row (sqlite3_stmt *stmt)
{
  CbzEvent *event = g_object_new (CBZ_TYPE_EVENT, NULL);
  CbzEventKind kind;
  CbzEventChannel channel;
  CbzEventDirection direction;
  CbzDeliveryState state;
  const char *text;

  cbz_event_set_id (event, sqlite3_column_int64 (stmt, 0));
  cbz_event_set_debtor_id (event, sqlite3_column_int64 (stmt, 1));
  cbz_event_set_occurred_at (event, sqlite3_column_int64 (stmt, 2));

  text = (const char *) sqlite3_column_text (stmt, 3);
  if (!cbz_event_kind_from_string (text, &kind))
    {
      g_debug ("Event %" G_GINT64_FORMAT " has an unknown kind “%s”; shown as a note",
               cbz_event_get_id (event), text);
      kind = CBZ_EVENT_KIND_NOTE;
    }
  cbz_event_set_kind (event, kind);

  if (!cbz_event_channel_from_string ((const char *) sqlite3_column_text (stmt, 4), &channel))
    channel = CBZ_EVENT_CHANNEL_NONE;
  cbz_event_set_channel (event, channel);

  if (!cbz_event_direction_from_string ((const char *) sqlite3_column_text (stmt, 5), &direction))
    direction = CBZ_EVENT_DIRECTION_INTERNAL;
  cbz_event_set_direction (event, direction);

  cbz_event_set_summary (event, (const char *) sqlite3_column_text (stmt, 6));
  cbz_event_set_body (event, (const char *) sqlite3_column_text (stmt, 7));

  if (!cbz_delivery_state_from_string ((const char *) sqlite3_column_text (stmt, 8), &state))
    state = CBZ_DELIVERY_STATE_UNKNOWN;
  cbz_event_set_delivery_state (event, state);

  cbz_event_set_provider_message_id (event, (const char *) sqlite3_column_text (stmt, 9));
  cbz_event_set_attachment (event, (const char *) sqlite3_column_text (stmt, 10));
  cbz_event_set_data (event, (const char *) sqlite3_column_text (stmt, 11));
  cbz_event_set_recorded_by (event, (const char *) sqlite3_column_text (stmt, 12));
  return event;
}

static gboolean
read_invoice_ids (CbzStore  *self,
                  CbzEvent  *event,
                  GError   **error)
{
  static const char sql[] =
    "SELECT invoice_id FROM event_invoices WHERE event_id = ?1 ORDER BY invoice_id";
  sqlite3_stmt *stmt = _cbz_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cbz_event_get_id (event));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    cbz_event_add_invoice_id (event, sqlite3_column_int64 (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _cbz_store_set_error (self, error, sql);
      return FALSE;
    }
  return TRUE;
}

/**
 * cbz_store_add_event:
 *
 * Inserts @event (its id must be 0) with its invoice links, sets its id,
 * and moves the debtor's last contact forward when the event is inbound or
 * outbound.
 *
 * Returns: the new id, or 0 with @error set.
 */
gint64
cbz_store_add_event (CbzStore  *self,
                     CbzEvent  *event,
                     GError   **error)
{
  static const char sql[] =
    "INSERT INTO events (debtor_id, occurred_at, kind, channel, direction, summary, body,"
    " delivery_state, provider_message_id, attachment, data, recorded_by)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
  static const char link_sql[] =
    "INSERT OR IGNORE INTO event_invoices (event_id, invoice_id) VALUES (?1, ?2)";
  static const char contact_sql[] =
    "UPDATE debtor_summaries SET last_contact_at = MAX (COALESCE (last_contact_at, ?2), ?2)"
    " WHERE debtor_id = ?1";
  CbzDeliveryState state = cbz_event_get_delivery_state (event);
  CbzEventDirection direction = cbz_event_get_direction (event);
  gboolean contact;
  const gint64 *invoice_ids;
  gsize n_invoice_ids;
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (CBZ_IS_STORE (self), 0);
  g_return_val_if_fail (CBZ_IS_EVENT (event), 0);
  g_return_val_if_fail (cbz_event_get_id (event) == 0, 0);

  if (cbz_event_get_summary (event) == NULL)
    {
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID,
                   _("A timeline entry needs a summary"));
      return 0;
    }

  if (!cbz_store_begin (self, error))
    return 0;

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, cbz_event_get_debtor_id (event));
  sqlite3_bind_int64 (stmt, 2, cbz_event_get_occurred_at (event));
  _cbz_bind_text (stmt, 3, cbz_event_kind_to_string (cbz_event_get_kind (event)));
  _cbz_bind_text (stmt, 4, cbz_event_channel_to_string (cbz_event_get_channel (event)));
  _cbz_bind_text (stmt, 5, cbz_event_direction_to_string (cbz_event_get_direction (event)));
  _cbz_bind_text (stmt, 6, cbz_event_get_summary (event));
  _cbz_bind_text (stmt, 7, cbz_event_get_body (event));
  _cbz_bind_text (stmt, 8, cbz_delivery_state_to_string (cbz_event_get_delivery_state (event)));
  _cbz_bind_text (stmt, 9, cbz_event_get_provider_message_id (event));
  _cbz_bind_text (stmt, 10, cbz_event_get_attachment (event));
  _cbz_bind_text (stmt, 11, cbz_event_get_data (event));
  _cbz_bind_text (stmt, 12, cbz_event_get_recorded_by (event));
  if (!_cbz_store_step_done (self, stmt, sql, error))
    goto fail;
  id = sqlite3_last_insert_rowid (cbz_store_get_handle (self));

  invoice_ids = cbz_event_get_invoice_ids (event, &n_invoice_ids);
  for (gsize i = 0; i < n_invoice_ids; i++)
    {
      stmt = _cbz_store_prepare (self, link_sql, error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, invoice_ids[i]);
      if (!_cbz_store_step_done (self, stmt, link_sql, error))
        goto fail;
    }

  /* Same rule as CBZ_CONTACT_CONDITION. */
  contact = direction == CBZ_EVENT_DIRECTION_INBOUND ||
            (direction == CBZ_EVENT_DIRECTION_OUTBOUND &&
             state != CBZ_DELIVERY_STATE_QUEUED && state != CBZ_DELIVERY_STATE_FAILED &&
             state != CBZ_DELIVERY_STATE_DRY_RUN);
  if (contact)
    {
      stmt = _cbz_store_prepare (self, contact_sql, error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, cbz_event_get_debtor_id (event));
      sqlite3_bind_int64 (stmt, 2, cbz_event_get_occurred_at (event));
      if (!_cbz_store_step_done (self, stmt, contact_sql, error))
        goto fail;
    }

  if (!cbz_store_commit (self, error))
    goto fail;

  cbz_event_set_id (event, id);
  return id;

fail:
  cbz_store_rollback (self);
  return 0;
}

/**
 * cbz_store_get_event:
 *
 * Returns: (transfer full): the event with its invoice ids, or NULL with
 *   %CBZ_STORE_ERROR_NOT_FOUND.
 */
CbzEvent *
cbz_store_get_event (CbzStore  *self,
                     gint64     id,
                     GError   **error)
{
  static const char sql[] = "SELECT " CBZ_EVENT_COLUMNS " FROM events e WHERE e.id = ?1";
  g_autoptr(CbzEvent) event = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    event = _cbz_event_from_row (stmt);
  else if (rc == SQLITE_DONE)
    {
      g_autofree char *id_str = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_NOT_FOUND,
                   _("There is no timeline entry with id %s"), id_str);
    }
  else
    _cbz_store_set_error (self, error, sql);
  sqlite3_reset (stmt);

  if (event == NULL || !read_invoice_ids (self, event, error))
    return NULL;
  return g_steal_pointer (&event);
}

/**
 * cbz_store_update_event_delivery:
 * @provider_message_id: (nullable): the provider's id for the message; NULL
 *   keeps the current one
 */
gboolean
cbz_store_update_event_delivery (CbzStore          *self,
                                 gint64             event_id,
                                 CbzDeliveryState   state,
                                 const char        *provider_message_id,
                                 GError           **error)
{
  static const char sql[] =
    "UPDATE events SET delivery_state = ?1,"
    " provider_message_id = COALESCE (?2, provider_message_id) WHERE id = ?3";
  static const char contact_sql[] =
    "UPDATE debtor_summaries SET last_contact_at ="
    " (SELECT MAX (e.occurred_at) FROM events e WHERE e.debtor_id = debtor_summaries.debtor_id"
    "  AND " CBZ_CONTACT_CONDITION ")"
    " WHERE debtor_id = (SELECT debtor_id FROM events WHERE id = ?1)";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);

  if (!cbz_store_begin (self, error))
    return FALSE;

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    goto fail;
  _cbz_bind_text (stmt, 1, cbz_delivery_state_to_string (state));
  _cbz_bind_text (stmt, 2, provider_message_id);
  sqlite3_bind_int64 (stmt, 3, event_id);
  if (!_cbz_store_step_done (self, stmt, sql, error))
    goto fail;
  if (sqlite3_changes (cbz_store_get_handle (self)) == 0)
    {
      g_autofree char *id_str = g_strdup_printf ("%" G_GINT64_FORMAT, event_id);

      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_NOT_FOUND,
                   _("There is no timeline entry with id %s"), id_str);
      goto fail;
    }

  /* A message that went out (or turned out not to) moves last contact. */
  stmt = _cbz_store_prepare (self, contact_sql, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, event_id);
  if (!_cbz_store_step_done (self, stmt, contact_sql, error))
    goto fail;

  if (!cbz_store_commit (self, error))
    goto fail;
  return TRUE;

fail:
  cbz_store_rollback (self);
  return FALSE;
}

/**
 * cbz_store_find_event_by_provider_id:
 *
 * Returns: (transfer full) (nullable): the event whose provider_message_id
 *   is @provider_message_id; NULL without error when there is none.
 */
CbzEvent *
cbz_store_find_event_by_provider_id (CbzStore    *self,
                                     const char  *provider_message_id,
                                     GError     **error)
{
  static const char sql[] =
    "SELECT id FROM events WHERE provider_message_id = ?1 ORDER BY id DESC LIMIT 1";
  sqlite3_stmt *stmt;
  gint64 id = 0;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);
  g_return_val_if_fail (provider_message_id != NULL, NULL);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  _cbz_bind_text (stmt, 1, provider_message_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    _cbz_store_set_error (self, error, sql);
  sqlite3_reset (stmt);

  if (id == 0)
    return NULL;
  return cbz_store_get_event (self, id, error);
}
