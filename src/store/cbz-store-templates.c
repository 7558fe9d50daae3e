/* cbz-store-templates.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The user's wordings of the messages the app sends: table
 * message_templates. WhatsApp template parameters are kept one per line.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-store-private.h"
#include "cbz-store-templates.h"

#define TEMPLATE_COLUMNS \
  "name, channel, language, subject, body, html, wa_template, wa_language, wa_params, sms_plain, updated_at"

static gboolean
is_message_channel (CbzEventChannel channel)
{
  return channel == CBZ_EVENT_CHANNEL_SMS ||
         channel == CBZ_EVENT_CHANNEL_WHATSAPP ||
         channel == CBZ_EVENT_CHANNEL_EMAIL;
}

/* The row at @stmt's current step, columns in the order of TEMPLATE_COLUMNS. */
static CbzStoreMessageTemplate *
template_from_row (sqlite3_stmt *stmt)
{
  CbzStoreMessageTemplate *self = g_new0 (CbzStoreMessageTemplate, 1);
  const char *params = (const char *) sqlite3_column_text (stmt, 8);

  self->name = _cbz_column_dup (stmt, 0);
  if (!cbz_event_channel_from_string ((const char *) sqlite3_column_text (stmt, 1), &self->channel))
    self->channel = CBZ_EVENT_CHANNEL_NONE;
  self->language = _cbz_column_dup (stmt, 2);
  self->subject = _cbz_column_dup (stmt, 3);
  self->body = _cbz_column_dup (stmt, 4);
  self->html = _cbz_column_dup (stmt, 5);
  self->wa_template = _cbz_column_dup (stmt, 6);
  self->wa_language = _cbz_column_dup (stmt, 7);
  self->wa_params = params != NULL && *params != '\0' ? g_strsplit (params, "\n", -1) : NULL;
  self->sms_plain = sqlite3_column_int (stmt, 9) != 0;
  self->updated_at = sqlite3_column_int64 (stmt, 10);
  return self;
}

CbzStoreMessageTemplate *
cbz_store_message_template_new (const char      *name,
                                CbzEventChannel  channel,
                                const char      *language)
{
  CbzStoreMessageTemplate *self = g_new0 (CbzStoreMessageTemplate, 1);

  self->name = g_strdup (name);
  self->channel = channel;
  self->language = g_strdup (language);
  return self;
}

CbzStoreMessageTemplate *
cbz_store_message_template_copy (const CbzStoreMessageTemplate *self)
{
  CbzStoreMessageTemplate *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->name = g_strdup (self->name);
  copy->language = g_strdup (self->language);
  copy->subject = g_strdup (self->subject);
  copy->body = g_strdup (self->body);
  copy->html = g_strdup (self->html);
  copy->wa_template = g_strdup (self->wa_template);
  copy->wa_language = g_strdup (self->wa_language);
  copy->wa_params = g_strdupv (self->wa_params);
  return copy;
}

void
cbz_store_message_template_free (CbzStoreMessageTemplate *self)
{
  if (self == NULL)
    return;

  g_free (self->name);
  g_free (self->language);
  g_free (self->subject);
  g_free (self->body);
  g_free (self->html);
  g_free (self->wa_template);
  g_free (self->wa_language);
  g_strfreev (self->wa_params);
  g_free (self);
}

gboolean
cbz_store_lookup_message_template (CbzStore                 *self,
                                   const char               *name,
                                   CbzEventChannel           channel,
                                   const char               *language,
                                   CbzStoreMessageTemplate **out_template,
                                   GError                  **error)
{
  static const char sql[] =
    "SELECT " TEMPLATE_COLUMNS " FROM message_templates WHERE name = ?1 AND channel = ?2 AND language = ?3";
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL && language != NULL, FALSE);
  g_return_val_if_fail (out_template != NULL, FALSE);

  *out_template = NULL;
  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  _cbz_bind_text (stmt, 1, name);
  _cbz_bind_text (stmt, 2, cbz_event_channel_to_string (channel));
  _cbz_bind_text (stmt, 3, language);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_template = template_from_row (stmt);
  else if (rc != SQLITE_DONE)
    _cbz_store_set_error (self, error, sql);
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

GPtrArray *
cbz_store_list_message_templates (CbzStore    *self,
                                  const char  *name,
                                  GError     **error)
{
  static const char sql[] =
    "SELECT " TEMPLATE_COLUMNS " FROM message_templates WHERE name = ?1 ORDER BY channel, language";
  g_autoptr(GPtrArray) templates = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  templates = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_store_message_template_free);
  _cbz_bind_text (stmt, 1, name);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (templates, template_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _cbz_store_set_error (self, error, sql);
      return NULL;
    }
  return g_steal_pointer (&templates);
}

gboolean
cbz_store_save_message_template (CbzStore                 *self,
                                 CbzStoreMessageTemplate  *template,
                                 GError                  **error)
{
  static const char sql[] =
    "INSERT OR REPLACE INTO message_templates (" TEMPLATE_COLUMNS ")"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
  g_autofree char *params = NULL;
  sqlite3_stmt *stmt;
  gint64 now = cbz_store_now ();

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (template != NULL && template->name != NULL && template->language != NULL, FALSE);

  if (!is_message_channel (template->channel))
    {
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID,
                   /* Translators: %s is a channel such as "Letter" or "Phone". */
                   _("A message wording is for SMS, WhatsApp or e-mail, not for “%s”."),
                   cbz_event_channel_get_label (template->channel));
      return FALSE;
    }
  if (template->body == NULL || *template->body == '\0')
    {
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID,
                   /* Translators: 1 the message's name ("reminder"); 2 SMS, WhatsApp or E-mail. */
                   _("The “%1$s” message for %2$s has no text."),
                   template->name, cbz_event_channel_get_label (template->channel));
      return FALSE;
    }

  params = template->wa_params != NULL ? g_strjoinv ("\n", template->wa_params) : NULL;
  if (!cbz_store_begin (self, error))
    return FALSE;
  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    goto fail;
  _cbz_bind_text (stmt, 1, template->name);
  _cbz_bind_text (stmt, 2, cbz_event_channel_to_string (template->channel));
  _cbz_bind_text (stmt, 3, template->language);
  _cbz_bind_text (stmt, 4, template->subject);
  _cbz_bind_text (stmt, 5, template->body);
  _cbz_bind_text (stmt, 6, template->html);
  _cbz_bind_text (stmt, 7, template->wa_template);
  _cbz_bind_text (stmt, 8, template->wa_language);
  _cbz_bind_text (stmt, 9, params);
  sqlite3_bind_int (stmt, 10, template->sms_plain ? 1 : 0);
  sqlite3_bind_int64 (stmt, 11, now);
  if (!_cbz_store_step_done (self, stmt, sql, error) || !cbz_store_commit (self, error))
    goto fail;
  template->updated_at = now;
  return TRUE;

fail:
  cbz_store_rollback (self);
  return FALSE;
}

gboolean
cbz_store_delete_message_template (CbzStore         *self,
                                   const char       *name,
                                   CbzEventChannel   channel,
                                   const char       *language,
                                   GError          **error)
{
  static const char sql[] =
    "DELETE FROM message_templates WHERE name = ?1 AND channel = ?2 AND language = ?3";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL && language != NULL, FALSE);

  if (!cbz_store_begin (self, error))
    return FALSE;
  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    goto fail;
  _cbz_bind_text (stmt, 1, name);
  _cbz_bind_text (stmt, 2, cbz_event_channel_to_string (channel));
  _cbz_bind_text (stmt, 3, language);
  if (!_cbz_store_step_done (self, stmt, sql, error) || !cbz_store_commit (self, error))
    goto fail;
  return TRUE;

fail:
  cbz_store_rollback (self);
  return FALSE;
}
