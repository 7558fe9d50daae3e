/* cbz-store-debtors.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-store-private.h"

/* Debtors: their columns, tags and opt-outs. */

#define DEBTOR_COLUMNS \
  "id, name, name_key, tax_id, tax_id_kind, contact_person, phone, mobile, whatsapp, " \
  "email, address, city, region, postal_code, country, language, currency, " \
  "opt_out_sms, opt_out_whatsapp, opt_out_email, opt_out_letter, opt_out_call, " \
  "notes, created_at, updated_at, tax_id_problem"

static void
set_debtor_not_found (GError **error,
                      gint64   id)
{
  g_autofree char *id_str = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_NOT_FOUND,
               _("There is no customer with id %s in the portfolio"), id_str);
}

static CbzDebtor *
debtor_from_row (sqlite3_stmt *stmt)
{
  CbzDebtor *debtor = cbz_debtor_new ();
  int c = 0;

  debtor->id = sqlite3_column_int64 (stmt, c++);
  debtor->name = _cbz_column_dup (stmt, c++);
  debtor->name_key = _cbz_column_dup (stmt, c++);
  debtor->tax_id = _cbz_column_dup (stmt, c++);
  debtor->tax_id_kind = _cbz_column_dup (stmt, c++);
  debtor->contact_person = _cbz_column_dup (stmt, c++);
  debtor->phone = _cbz_column_dup (stmt, c++);
  debtor->mobile = _cbz_column_dup (stmt, c++);
  debtor->whatsapp = _cbz_column_dup (stmt, c++);
  debtor->email = _cbz_column_dup (stmt, c++);
  debtor->address = _cbz_column_dup (stmt, c++);
  debtor->city = _cbz_column_dup (stmt, c++);
  debtor->region = _cbz_column_dup (stmt, c++);
  debtor->postal_code = _cbz_column_dup (stmt, c++);
  debtor->country = _cbz_column_dup (stmt, c++);
  g_free (debtor->language);
  debtor->language = _cbz_column_dup (stmt, c++);
  g_free (debtor->currency);
  debtor->currency = _cbz_column_dup (stmt, c++);
  debtor->opt_out_sms = sqlite3_column_int (stmt, c++) != 0;
  debtor->opt_out_whatsapp = sqlite3_column_int (stmt, c++) != 0;
  debtor->opt_out_email = sqlite3_column_int (stmt, c++) != 0;
  debtor->opt_out_letter = sqlite3_column_int (stmt, c++) != 0;
  debtor->opt_out_call = sqlite3_column_int (stmt, c++) != 0;
  debtor->notes = _cbz_column_dup (stmt, c++);
  debtor->created_at = sqlite3_column_int64 (stmt, c++);
  debtor->updated_at = sqlite3_column_int64 (stmt, c++);
  debtor->tax_id_problem = _cbz_column_dup (stmt, c++);
  return debtor;
}

static GStrv
read_tags (CbzStore  *self,
           gint64     debtor_id,
           GError   **error)
{
  static const char sql[] = "SELECT tag FROM debtor_tags WHERE debtor_id = ?1 ORDER BY tag";
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt = _cbz_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, debtor_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      _cbz_store_set_error (self, error, sql);
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);
  return g_strv_builder_end (builder);
}

/**
 * cbz_store_get_debtor:
 *
 * Returns: (transfer full): the debtor with its tags, or NULL with
 *   %CBZ_STORE_ERROR_NOT_FOUND when there is none with @id.
 */
CbzDebtor *
cbz_store_get_debtor (CbzStore  *self,
                      gint64     id,
                      GError   **error)
{
  static const char sql[] = "SELECT " DEBTOR_COLUMNS " FROM debtors WHERE id = ?1";
  g_autoptr(CbzDebtor) debtor = NULL;
  sqlite3_stmt *stmt;
  GStrv tags;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    debtor = debtor_from_row (stmt);
  else if (rc == SQLITE_DONE)
    set_debtor_not_found (error, id);
  else
    _cbz_store_set_error (self, error, sql);
  sqlite3_reset (stmt);

  if (debtor == NULL)
    return NULL;

  tags = read_tags (self, id, error);
  if (tags == NULL)
    return NULL;
  g_strfreev (debtor->tags);
  debtor->tags = tags;

  return g_steal_pointer (&debtor);
}

static gboolean
write_tags (CbzStore   *self,
            CbzDebtor  *debtor,
            GError    **error)
{
  static const char delete_sql[] = "DELETE FROM debtor_tags WHERE debtor_id = ?1";
  static const char insert_sql[] =
    "INSERT OR IGNORE INTO debtor_tags (debtor_id, tag) VALUES (?1, ?2)";
  sqlite3_stmt *stmt;

  stmt = _cbz_store_prepare (self, delete_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, debtor->id);
  if (!_cbz_store_step_done (self, stmt, delete_sql, error))
    return FALSE;

  for (guint i = 0; debtor->tags != NULL && debtor->tags[i] != NULL; i++)
    {
      g_autofree char *tag = g_strstrip (g_strdup (debtor->tags[i]));

      if (*tag == '\0')
        continue;
      stmt = _cbz_store_prepare (self, insert_sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, debtor->id);
      _cbz_bind_text (stmt, 2, tag);
      if (!_cbz_store_step_done (self, stmt, insert_sql, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * cbz_store_save_debtor:
 *
 * Inserts @debtor when its id is 0 (and sets the id and created_at) or
 * updates every column of the existing row; replaces its tags. name_key is
 * computed from the name when NULL.
 */
gboolean
cbz_store_save_debtor (CbzStore   *self,
                       CbzDebtor  *debtor,
                       GError    **error)
{
  static const char insert_sql[] =
    "INSERT INTO debtors (name, name_key, tax_id, tax_id_kind, contact_person, phone, mobile,"
    " whatsapp, email, address, city, region, postal_code, country, language, currency,"
    " opt_out_sms, opt_out_whatsapp, opt_out_email, opt_out_letter, opt_out_call, notes,"
    " created_at, updated_at, tax_id_problem)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
    " ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?26)";
  static const char update_sql[] =
    "UPDATE debtors SET name = ?1, name_key = ?2, tax_id = ?3, tax_id_kind = ?4,"
    " contact_person = ?5, phone = ?6, mobile = ?7, whatsapp = ?8, email = ?9, address = ?10,"
    " city = ?11, region = ?12, postal_code = ?13, country = ?14, language = ?15,"
    " currency = ?16, opt_out_sms = ?17, opt_out_whatsapp = ?18, opt_out_email = ?19,"
    " opt_out_letter = ?20, opt_out_call = ?21, notes = ?22, created_at = ?23,"
    " updated_at = ?24, tax_id_problem = ?26 WHERE id = ?25";
  g_autofree char *name_key = NULL;
  sqlite3_stmt *stmt;
  gint64 now = cbz_store_now ();
  gboolean insert;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (debtor != NULL, FALSE);

  if (debtor->name == NULL || *debtor->name == '\0')
    {
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID,
                   _("A customer needs a name"));
      return FALSE;
    }

  insert = debtor->id == 0;
  name_key = debtor->name_key != NULL ? g_strdup (debtor->name_key) : _cbz_search_key (debtor->name);

  if (!cbz_store_begin (self, error))
    return FALSE;

  stmt = _cbz_store_prepare (self, insert ? insert_sql : update_sql, error);
  if (stmt == NULL)
    goto fail;

  _cbz_bind_text (stmt, 1, debtor->name);
  _cbz_bind_text (stmt, 2, name_key);
  _cbz_bind_text (stmt, 3, debtor->tax_id);
  _cbz_bind_text (stmt, 4, debtor->tax_id_kind);
  _cbz_bind_text (stmt, 5, debtor->contact_person);
  _cbz_bind_text (stmt, 6, debtor->phone);
  _cbz_bind_text (stmt, 7, debtor->mobile);
  _cbz_bind_text (stmt, 8, debtor->whatsapp);
  _cbz_bind_text (stmt, 9, debtor->email);
  _cbz_bind_text (stmt, 10, debtor->address);
  _cbz_bind_text (stmt, 11, debtor->city);
  _cbz_bind_text (stmt, 12, debtor->region);
  _cbz_bind_text (stmt, 13, debtor->postal_code);
  _cbz_bind_text (stmt, 14, debtor->country);
  _cbz_bind_text (stmt, 15, debtor->language != NULL ? debtor->language : "es");
  _cbz_bind_text (stmt, 16, debtor->currency != NULL ? debtor->currency : "MXN");
  sqlite3_bind_int (stmt, 17, debtor->opt_out_sms);
  sqlite3_bind_int (stmt, 18, debtor->opt_out_whatsapp);
  sqlite3_bind_int (stmt, 19, debtor->opt_out_email);
  sqlite3_bind_int (stmt, 20, debtor->opt_out_letter);
  sqlite3_bind_int (stmt, 21, debtor->opt_out_call);
  _cbz_bind_text (stmt, 22, debtor->notes);
  sqlite3_bind_int64 (stmt, 23, debtor->created_at != 0 ? debtor->created_at : now);
  sqlite3_bind_int64 (stmt, 24, now);
  if (!insert)
    sqlite3_bind_int64 (stmt, 25, debtor->id);
  _cbz_bind_text (stmt, 26, debtor->tax_id != NULL ? debtor->tax_id_problem : NULL);

  if (!_cbz_store_step_done (self, stmt, insert ? insert_sql : update_sql, error))
    goto fail;

  if (insert)
    debtor->id = sqlite3_last_insert_rowid (cbz_store_get_handle (self));
  else if (sqlite3_changes (cbz_store_get_handle (self)) == 0)
    {
      set_debtor_not_found (error, debtor->id);
      goto fail;
    }

  if (debtor->created_at == 0)
    debtor->created_at = now;
  debtor->updated_at = now;
  if (debtor->name_key == NULL)
    debtor->name_key = g_steal_pointer (&name_key);

  if (!write_tags (self, debtor, error) ||
      !cbz_store_refresh_summaries (self, &debtor->id, 1, error) ||
      !cbz_store_commit (self, error))
    goto fail;

  return TRUE;

fail:
  cbz_store_rollback (self);
  return FALSE;
}

/**
 * cbz_store_set_debtor_tax_id:
 * @text: the tax ID as the person typed it; empty removes it
 * @out_problem: (out) (optional) (transfer full): why it did not check out,
 *   or NULL
 *
 * Checks @text (cbz_debtor_set_tax_id()) and stores it on the customer: an
 * ID that checks out replaces the old one and clears its unverified mark;
 * one that does not is kept as written, still marked. Refuses an ID that
 * checks out but already belongs to another customer. Refreshes the
 * customer's entry in the search index.
 */
gboolean
cbz_store_set_debtor_tax_id (CbzStore    *self,
                             gint64       debtor_id,
                             const char  *text,
                             char       **out_problem,
                             GError     **error)
{
  static const char update_sql[] =
    "UPDATE debtors SET tax_id = ?2, tax_id_kind = ?3, tax_id_problem = ?4, updated_at = ?5 WHERE id = ?1";
  static const char owner_sql[] =
    "SELECT name FROM debtors WHERE tax_id = ?1 AND tax_id_problem IS NULL AND id <> ?2";
  g_autoptr(CbzDebtor) debtor = NULL;
  g_autoptr(GError) problem = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);

  if (out_problem != NULL)
    *out_problem = NULL;
  if (!cbz_store_begin (self, error))
    return FALSE;
  debtor = cbz_store_get_debtor (self, debtor_id, error);
  if (debtor == NULL)
    goto fail;

  if (cbz_debtor_set_tax_id (debtor, text, &problem) && debtor->tax_id != NULL)
    {
      g_autofree char *owner = NULL;

      stmt = _cbz_store_prepare (self, owner_sql, error);
      if (stmt == NULL)
        goto fail;
      _cbz_bind_text (stmt, 1, debtor->tax_id);
      sqlite3_bind_int64 (stmt, 2, debtor_id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        owner = _cbz_column_dup (stmt, 0);
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          _cbz_store_set_error (self, error, owner_sql);
          goto fail;
        }
      if (owner != NULL)
        {
          g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID,
                       /* Translators: the first %s is a tax ID, the second a customer's name. */
                       _("The tax ID %s already belongs to another customer, “%s”"), debtor->tax_id, owner);
          goto fail;
        }
    }

  stmt = _cbz_store_prepare (self, update_sql, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, debtor_id);
  _cbz_bind_text (stmt, 2, debtor->tax_id);
  _cbz_bind_text (stmt, 3, debtor->tax_id_kind);
  _cbz_bind_text (stmt, 4, debtor->tax_id_problem);
  sqlite3_bind_int64 (stmt, 5, cbz_store_now ());
  if (!_cbz_store_step_done (self, stmt, update_sql, error) ||
      !cbz_store_refresh_summaries (self, &debtor_id, 1, error) ||
      !cbz_store_commit (self, error))
    goto fail;

  if (out_problem != NULL && problem != NULL)
    *out_problem = g_strdup (problem->message);
  return TRUE;

fail:
  cbz_store_rollback (self);
  return FALSE;
}

/**
 * cbz_store_find_debtor_by_tax_id:
 * @tax_id: as a person types it ("MPA-600313-YT1", "12.345.678-5"): matched
 *   without spaces, dots or dashes, in capitals
 *
 * Returns: the customer's id; 0 (no error) when nobody has it, -1 with
 *   @error set on failure.
 */
gint64
cbz_store_find_debtor_by_tax_id (CbzStore    *self,
                                 const char  *tax_id,
                                 GError     **error)
{
  static const char sql[] = "SELECT id FROM debtors WHERE tax_id = ?1 ORDER BY id LIMIT 1";
  g_autoptr(GString) key = g_string_new (NULL);
  sqlite3_stmt *stmt;
  gint64 id = 0;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (self), -1);
  g_return_val_if_fail (tax_id != NULL, -1);

  /* The form debtors.tax_id is kept in (cbz-store.h: normalised). */
  for (const char *p = tax_id; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ' ' || c == '.' || c == '-' || c == 0x2010 || c == 0x2011)
        continue;
      g_string_append_unichar (key, g_unichar_toupper (c));
    }

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return -1;
  _cbz_bind_text (stmt, 1, key->str);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      _cbz_store_set_error (self, error, sql);
      id = -1;
    }
  sqlite3_reset (stmt);
  return id;
}

gint64
cbz_store_count_debtors (CbzStore  *self,
                         GError   **error)
{
  static const char sql[] = "SELECT COUNT(*) FROM debtors";
  sqlite3_stmt *stmt;
  gint64 count = -1;

  g_return_val_if_fail (CBZ_IS_STORE (self), -1);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    _cbz_store_set_error (self, error, sql);
  sqlite3_reset (stmt);
  return count;
}

/**
 * cbz_store_list_tags:
 *
 * Returns: (transfer full): every tag in use, sorted; NULL on error.
 */
GStrv
cbz_store_list_tags (CbzStore  *self,
                     GError   **error)
{
  static const char sql[] = "SELECT DISTINCT tag FROM debtor_tags ORDER BY tag";
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _cbz_store_set_error (self, error, sql);
      return NULL;
    }
  return g_strv_builder_end (builder);
}

static gboolean
set_opt_out (CbzStore         *self,
             gint64            debtor_id,
             CbzEventChannel   channel,
             gboolean          opt_out,
             const char       *evidence,
             const char       *recorded_by,
             GError          **error)
{
  const char *column = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(CbzEvent) event = NULL;
  sqlite3_stmt *stmt;

  switch (channel)
    {
    case CBZ_EVENT_CHANNEL_SMS:
      column = "opt_out_sms";
      break;
    case CBZ_EVENT_CHANNEL_WHATSAPP:
      column = "opt_out_whatsapp";
      break;
    case CBZ_EVENT_CHANNEL_EMAIL:
      column = "opt_out_email";
      break;
    case CBZ_EVENT_CHANNEL_LETTER:
      column = "opt_out_letter";
      break;
    case CBZ_EVENT_CHANNEL_PHONE:
      column = "opt_out_call";
      break;
    case CBZ_EVENT_CHANNEL_NONE:
    case CBZ_EVENT_CHANNEL_IN_PERSON:
    default:
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_INVALID,
                   _("Customers cannot opt out of the channel “%s”"),
                   cbz_event_channel_get_label (channel));
      return FALSE;
    }

  /* The column name comes from the fixed list above, never from input. */
  sql = g_strdup_printf ("UPDATE debtors SET %s = ?1, updated_at = ?2 WHERE id = ?3", column);

  if (!cbz_store_begin (self, error))
    return FALSE;

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int (stmt, 1, opt_out ? 1 : 0);
  sqlite3_bind_int64 (stmt, 2, cbz_store_now ());
  sqlite3_bind_int64 (stmt, 3, debtor_id);
  if (!_cbz_store_step_done (self, stmt, sql, error))
    goto fail;
  if (sqlite3_changes (cbz_store_get_handle (self)) == 0)
    {
      set_debtor_not_found (error, debtor_id);
      goto fail;
    }

  if (opt_out)
    /* Translators: %s is a channel such as "WhatsApp" */
    summary = g_strdup_printf (_("Opted out of %s"), cbz_event_channel_get_label (channel));
  else
    /* Translators: %s is a channel such as "WhatsApp" */
    summary = g_strdup_printf (_("Opted back in to %s"), cbz_event_channel_get_label (channel));

  event = cbz_event_new (debtor_id, CBZ_EVENT_KIND_OPT_OUT, summary);
  cbz_event_set_channel (event, channel);
  cbz_event_set_body (event, evidence);
  cbz_event_set_data (event, opt_out ? "{\"opt_out\":true}" : "{\"opt_out\":false}");
  cbz_event_set_recorded_by (event, recorded_by);
  if (cbz_store_add_event (self, event, error) == 0 || !cbz_store_commit (self, error))
    goto fail;

  return TRUE;

fail:
  cbz_store_rollback (self);
  return FALSE;
}

/**
 * cbz_store_set_opt_out:
 * @channel: SMS, WhatsApp, email, letter or phone
 * @evidence: (nullable): how the customer asked (kept as the event body)
 *
 * Sets or clears the debtor's opt-out flag for @channel and records an
 * 'opt-out' event on the timeline, in one transaction.
 */
gboolean
cbz_store_set_opt_out (CbzStore         *self,
                       gint64            debtor_id,
                       CbzEventChannel   channel,
                       gboolean          opt_out,
                       const char       *evidence,
                       GError          **error)
{
  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);

  return set_opt_out (self, debtor_id, channel, opt_out, evidence, NULL, error);
}

/**
 * cbz_store_set_opt_out_by_hand:
 *
 * The same, recorded by the person at this computer (a request by phone,
 * in writing, in person), not by the program reading a reply.
 */
gboolean
cbz_store_set_opt_out_by_hand (CbzStore         *self,
                               gint64            debtor_id,
                               CbzEventChannel   channel,
                               gboolean          opt_out,
                               const char       *evidence,
                               GError          **error)
{
  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);

  return set_opt_out (self, debtor_id, channel, opt_out, evidence, cbz_event_get_local_user (), error);
}
