/* cbz-store-outbox-queries.c: the outbox's rows, read
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the Outbox window, the command line and the sender read: messages by
 * id and state, counts, what is due, what to ask the providers about, and
 * the few facts about customers that sending needs.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-store-outbox-private.h"

#define OUTBOX_COLUMNS \
  "id, debtor_id, action, invoice_set, cycle, channel, provider, recipient, template," \
  " language, subject, body, html, wa_template, wa_language, wa_params, state, dry_run," \
  " attempts, next_attempt_at, sending_since, last_error, provider_message_id, event_id," \
  " created_at, updated_at, expires_at"

GStrv
_cbz_outbox_params_from_json (const char *json)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  const char *p = json;

  if (json == NULL)
    return NULL;

  builder = g_strv_builder_new ();
  while (*p != '\0')
    {
      GString *item;

      if (*p != '"')
        {
          p++;
          continue;
        }
      item = g_string_new (NULL);
      for (p++; *p != '\0' && *p != '"'; p++)
        {
          if (*p == '\\' && p[1] == 'u' && strlen (p) >= 6)
            {
              char hex[5] = { p[2], p[3], p[4], p[5], 0 };
              g_string_append_unichar (item, (gunichar) g_ascii_strtoull (hex, NULL, 16));
              p += 5;
            }
          else if (*p == '\\' && p[1] != '\0')
            g_string_append_c (item, *++p);
          else
            g_string_append_c (item, *p);
        }
      if (*p == '"')
        p++;
      g_strv_builder_add (builder, item->str);
      g_string_free (item, TRUE);
    }
  return g_strv_builder_end (builder);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

/* Hands the statement's current row (columns OUTBOX_COLUMNS) to @func. */
static void
pass_row (sqlite3_stmt     *stmt,
          CbzOutboxRecordFunc  func,
          gpointer          user_data)
{
  g_auto(GStrv) params = _cbz_outbox_params_from_json (column_text (stmt, 15));
  CbzOutboxRecord row = { 0 };
  const char *state = column_text (stmt, 16);

  row.id = sqlite3_column_int64 (stmt, 0);
  row.debtor_id = sqlite3_column_int64 (stmt, 1);
  row.action = column_text (stmt, 2);
  row.invoice_set = column_text (stmt, 3);
  row.cycle = column_text (stmt, 4);
  row.channel = column_text (stmt, 5);
  row.provider = column_text (stmt, 6);
  row.recipient = column_text (stmt, 7);
  row.template_name = column_text (stmt, 8);
  row.language = column_text (stmt, 9);
  row.subject = column_text (stmt, 10);
  row.body = column_text (stmt, 11);
  row.html = column_text (stmt, 12);
  row.wa_template = column_text (stmt, 13);
  row.wa_language = column_text (stmt, 14);
  row.wa_params = (const char * const *) params;
  /* The CHECK constraint keeps other values out. */
  if (state == NULL || !cbz_outbox_state_from_string (state, &row.state))
    row.state = CBZ_OUTBOX_STATE_UNKNOWN;
  row.dry_run = sqlite3_column_int (stmt, 17) != 0;
  row.attempts = (guint) sqlite3_column_int (stmt, 18);
  row.next_attempt_at = sqlite3_column_int64 (stmt, 19);
  row.sending_since = sqlite3_column_int64 (stmt, 20);
  row.last_error = column_text (stmt, 21);
  row.provider_message_id = column_text (stmt, 22);
  row.event_id = sqlite3_column_int64 (stmt, 23);
  row.created_at = sqlite3_column_int64 (stmt, 24);
  row.updated_at = sqlite3_column_int64 (stmt, 25);
  row.expires_at = sqlite3_column_int64 (stmt, 26);
  func (&row, user_data);
}

/* Steps a bound statement to its end, each row to @func. */
static gboolean
pass_rows (CbzStore          *self,
           sqlite3_stmt      *stmt,
           const char        *sql,
           CbzOutboxRecordFunc   func,
           gpointer           user_data,
           GError           **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    pass_row (stmt, func, user_data);
  if (rc != SQLITE_DONE)
    _cbz_store_set_error (self, error, sql);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE;
}

/* The ids (column 0) of every row, as gint64. */
static GArray *
read_ids (CbzStore      *self,
          sqlite3_stmt  *stmt,
          const char    *sql,
          GError       **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    _cbz_store_set_error (self, error, sql);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE ? g_steal_pointer (&ids) : NULL;
}

/* The single integer of a one-row query, or @otherwise when it is NULL. */
static gboolean
read_integer (CbzStore      *self,
              sqlite3_stmt  *stmt,
              const char    *sql,
              gint64         otherwise,
              gint64        *value,
              GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    *value = sqlite3_column_type (stmt, 0) == SQLITE_NULL ? otherwise : sqlite3_column_int64 (stmt, 0);
  else if (rc == SQLITE_DONE)
    *value = otherwise;
  else
    _cbz_store_set_error (self, error, sql);
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

typedef struct
{
  CbzOutboxRecordFunc func;
  gpointer         user_data;
  gboolean         found;
} FindOne;

static void
found_one_cb (const CbzOutboxRecord *row,
              gpointer            user_data)
{
  FindOne *find = user_data;

  find->found = TRUE;
  find->func (row, find->user_data);
}

gboolean
cbz_store_outbox_get (CbzStore          *self,
                      gint64             id,
                      CbzOutboxRecordFunc   func,
                      gpointer           user_data,
                      GError           **error)
{
  static const char sql[] = "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE id = ?1";
  FindOne find = { func, user_data, FALSE };
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!pass_rows (self, stmt, sql, found_one_cb, &find, error))
    return FALSE;
  if (!find.found)
    {
      g_set_error (error, CBZ_STORE_ERROR, CBZ_STORE_ERROR_NOT_FOUND,
                   _("There is no message %lld in the outbox"), (long long) id);
      return FALSE;
    }
  return TRUE;
}

gboolean
cbz_store_outbox_list (CbzStore             *self,
                       const CbzOutboxState *states,
                       gsize                 n_states,
                       gint64                debtor_id,
                       guint                 limit,
                       CbzOutboxRecordFunc      func,
                       gpointer              user_data,
                       GError              **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT " OUTBOX_COLUMNS " FROM outbox WHERE 1");
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (states != NULL || n_states == 0, FALSE);
  g_return_val_if_fail (n_states <= CBZ_OUTBOX_N_STATES, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  /* One statement per shape, each cached by the store. */
  if (debtor_id != 0)
    g_string_append (sql, " AND debtor_id = ?1");
  if (n_states > 0)
    {
      g_string_append (sql, " AND state IN (");
      for (gsize i = 0; i < n_states; i++)
        g_string_append_printf (sql, "%s?%" G_GSIZE_FORMAT, i > 0 ? ", " : "", i + 3);
      g_string_append_c (sql, ')');
    }
  g_string_append (sql, " ORDER BY id DESC LIMIT ?2");

  stmt = _cbz_store_prepare (self, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  if (debtor_id != 0)
    sqlite3_bind_int64 (stmt, 1, debtor_id);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);
  for (gsize i = 0; i < n_states; i++)
    {
      g_return_val_if_fail (states[i] < CBZ_OUTBOX_N_STATES, FALSE);
      sqlite3_bind_text (stmt, (int) i + 3, cbz_outbox_state_to_string (states[i]), -1, SQLITE_STATIC);
    }
  return pass_rows (self, stmt, sql->str, func, user_data, error);
}

/* Where a state goes in a view: its block (grouped) or the one list, or
 * -1 when the view does not show it. */
static int
view_slot (const CbzOutboxState *states,
           gsize                 n_states,
           gboolean              grouped,
           CbzOutboxState        state)
{
  if (n_states == 0)
    return 0;
  for (gsize i = 0; i < n_states; i++)
    if (states[i] == state)
      return grouped ? (int) i : 0;
  return -1;
}

gboolean
cbz_store_outbox_read_view (CbzStore             *self,
                            const CbzOutboxState *states,
                            gsize                 n_states,
                            gboolean              grouped,
                            guint                 limit,
                            guint64              *counts,
                            CbzOutboxRecordFunc   func,
                            gpointer              user_data,
                            GError              **error)
{
  /* The counts need every row's state anyway, and the rare states (held,
   * failed) are spread over the whole table: one backward pass finds both,
   * then the rows shown are read by id. (No index on state: see
   * 0002-outbox.sql.) */
  static const char scan_sql[] = "SELECT id, state FROM outbox ORDER BY id DESC";
  static const char row_sql[] = "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE id = ?1";
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  gsize n_blocks = grouped && n_states > 0 ? n_states : 1;
  guint taken = 0;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (states != NULL || n_states == 0, FALSE);
  g_return_val_if_fail (n_states <= CBZ_OUTBOX_N_STATES, FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  memset (counts, 0, sizeof (guint64) * CBZ_OUTBOX_N_STATES);
  for (gsize i = 0; i < n_blocks; i++)
    g_ptr_array_add (blocks, g_array_new (FALSE, FALSE, sizeof (gint64)));

  stmt = _cbz_store_prepare (self, scan_sql, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      CbzOutboxState state;
      int slot;

      if (!cbz_outbox_state_from_string (column_text (stmt, 1), &state))
        continue;
      counts[state]++;
      slot = view_slot (states, n_states, grouped, state);
      /* Each block may fill the whole limit: the blocks before it may be short. */
      if (slot >= 0)
        {
          GArray *block = g_ptr_array_index (blocks, slot);

          if (limit == 0 || block->len < limit)
            g_array_append_val (block, id);
        }
    }
  if (rc != SQLITE_DONE)
    _cbz_store_set_error (self, error, scan_sql);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return FALSE;

  for (gsize i = 0; i < n_blocks; i++)
    {
      GArray *block = g_ptr_array_index (blocks, i);

      for (guint j = 0; j < block->len && (limit == 0 || taken < limit); j++, taken++)
        {
          stmt = _cbz_store_prepare (self, row_sql, error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, g_array_index (block, gint64, j));
          if (!pass_rows (self, stmt, row_sql, func, user_data, error))
            return FALSE;
        }
    }
  return TRUE;
}

gboolean
cbz_store_outbox_count_by_state (CbzStore  *self,
                                 guint64   *counts,
                                 GError   **error)
{
  static const char sql[] = "SELECT state, count(*) FROM outbox GROUP BY state";
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  memset (counts, 0, sizeof (guint64) * CBZ_OUTBOX_N_STATES);
  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CbzOutboxState state;

      if (cbz_outbox_state_from_string (column_text (stmt, 0), &state))
        counts[state] = (guint64) sqlite3_column_int64 (stmt, 1);
    }
  if (rc != SQLITE_DONE)
    _cbz_store_set_error (self, error, sql);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE;
}

GHashTable *
cbz_store_outbox_get_customer_names (CbzStore      *self,
                                     const gint64  *debtor_ids,
                                     gsize          n_debtor_ids,
                                     GError       **error)
{
  /* One query for the whole list, rather than one per row shown: the ids
   * go in as one JSON array. */
  static const char sql[] =
    "SELECT id, name FROM debtors WHERE id IN (SELECT value FROM json_each (?1))";
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GString) ids = g_string_new ("[");
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);
  g_return_val_if_fail (debtor_ids != NULL || n_debtor_ids == 0, NULL);

  names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  if (n_debtor_ids == 0)
    return g_steal_pointer (&names);

  for (gsize i = 0; i < n_debtor_ids; i++)
    g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", debtor_ids[i]);
  g_string_append_c (ids, ']');

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  _cbz_bind_text (stmt, 1, ids->str);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_hash_table_insert (names, g_memdup2 (&id, sizeof id), g_strdup (column_text (stmt, 1)));
    }
  if (rc != SQLITE_DONE)
    _cbz_store_set_error (self, error, sql);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE ? g_steal_pointer (&names) : NULL;
}

GArray *
cbz_store_outbox_list_due (CbzStore    *self,
                           const char  *provider,
                           gint64       now,
                           guint        limit,
                           gboolean     only_dry_runs,
                           GError     **error)
{
  static const char sql[] =
    "SELECT o.id,"
    " CASE o.channel WHEN 'sms' THEN d.opt_out_sms WHEN 'whatsapp' THEN d.opt_out_whatsapp"
    "  ELSE d.opt_out_email END"
    " FROM outbox o JOIN debtors d ON d.id = o.debtor_id"
    " WHERE o.state = 'queued' AND o.next_attempt_at <= ?2 AND o.provider = ?1"
    " AND (?4 = 0 OR o.dry_run = 1)"
    " ORDER BY o.next_attempt_at, o.id LIMIT ?3";
  g_autoptr(GArray) due = g_array_new (FALSE, FALSE, sizeof (CbzOutboxDue));
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);
  g_return_val_if_fail (provider != NULL, NULL);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  _cbz_bind_text (stmt, 1, provider);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, limit);
  sqlite3_bind_int (stmt, 4, only_dry_runs ? 1 : 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CbzOutboxDue one = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int (stmt, 1) != 0 };

      g_array_append_val (due, one);
    }
  if (rc != SQLITE_DONE)
    _cbz_store_set_error (self, error, sql);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE ? g_steal_pointer (&due) : NULL;
}

char *
cbz_store_outbox_find_disputed (CbzStore    *self,
                                gint64       debtor_id,
                                const char  *invoice_set,
                                GError     **error)
{
  static const char sql[] =
    "SELECT group_concat (number, ', ') FROM invoices"
    " WHERE status = 'disputed' AND debtor_id = ?1"
    " AND instr (',' || ?2 || ',', ',' || id || ',') > 0";
  sqlite3_stmt *stmt;
  char *numbers = NULL;

  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);

  if (invoice_set == NULL || *invoice_set == '\0')
    return NULL;
  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, debtor_id);
  _cbz_bind_text (stmt, 2, invoice_set);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    numbers = _cbz_column_dup (stmt, 0);
  else
    _cbz_store_set_error (self, error, sql);
  sqlite3_reset (stmt);
  return numbers;
}

GArray *
cbz_store_outbox_list_expired (CbzStore  *self,
                               gint64     now,
                               guint      limit,
                               GError   **error)
{
  static const char sql[] =
    "SELECT id FROM outbox WHERE state = 'queued' AND expires_at <= ?1 ORDER BY id LIMIT ?2";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, limit);
  return read_ids (self, stmt, sql, error);
}

gboolean
cbz_store_outbox_next_due (CbzStore    *self,
                           const char  *provider,
                           gint64      *next_due,
                           GError     **error)
{
  static const char sql[] =
    "SELECT min (next_attempt_at) FROM outbox WHERE state = 'queued' AND provider = ?1";
  static const char any_sql[] =
    "SELECT min (next_attempt_at) FROM outbox WHERE state = 'queued'";
  const char *text = provider != NULL ? sql : any_sql;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (next_due != NULL, FALSE);

  stmt = _cbz_store_prepare (self, text, error);
  if (stmt == NULL)
    return FALSE;
  if (provider != NULL)
    _cbz_bind_text (stmt, 1, provider);
  return read_integer (self, stmt, text, G_MAXINT64, next_due, error);
}

GStrv
cbz_store_outbox_pending_providers (CbzStore  *self,
                                    GError   **error)
{
  static const char sql[] =
    "SELECT DISTINCT provider FROM outbox WHERE state IN ('queued', 'sending') ORDER BY provider";
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    _cbz_store_set_error (self, error, sql);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE ? g_strv_builder_end (builder) : NULL;
}

gboolean
cbz_store_outbox_count_pending (CbzStore  *self,
                                guint64   *count,
                                GError   **error)
{
  static const char sql[] = "SELECT count(*) FROM outbox WHERE state IN ('queued', 'sending')";
  sqlite3_stmt *stmt;
  gint64 value = 0;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (count != NULL, FALSE);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL || !read_integer (self, stmt, sql, 0, &value, error))
    return FALSE;
  *count = (guint64) MAX (value, 0);
  return TRUE;
}

GHashTable *
cbz_store_outbox_count_queued_by_provider (CbzStore  *self,
                                           guint64   *n_queued,
                                           GError   **error)
{
  static const char sql[] =
    "SELECT provider, count(*), sum (dry_run = 0) FROM outbox WHERE state = 'queued' GROUP BY provider";
  g_autoptr(GHashTable) counts = NULL;
  sqlite3_stmt *stmt;
  guint64 total = 0;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);
  g_return_val_if_fail (n_queued != NULL, NULL);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint64 real = (guint64) sqlite3_column_int64 (stmt, 2);

      total += (guint64) sqlite3_column_int64 (stmt, 1);
      if (real > 0)
        g_hash_table_insert (counts, _cbz_column_dup (stmt, 0), GUINT_TO_POINTER ((guint) MIN (real, G_MAXUINT)));
    }
  if (rc != SQLITE_DONE)
    _cbz_store_set_error (self, error, sql);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return NULL;
  *n_queued = total;
  return g_steal_pointer (&counts);
}

gboolean
cbz_store_outbox_list_sending (CbzStore          *self,
                               CbzOutboxRecordFunc   func,
                               gpointer           user_data,
                               GError           **error)
{
  static const char sql[] =
    "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE state = 'sending' ORDER BY sending_since, id";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  return pass_rows (self, stmt, sql, func, user_data, error);
}

gboolean
cbz_store_outbox_list_to_poll (CbzStore          *self,
                               const char        *provider,
                               gint64             now,
                               guint              limit,
                               CbzOutboxRecordFunc   func,
                               gpointer           user_data,
                               GError           **error)
{
  static const char sql[] =
    "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE state = 'sent' AND provider = ?1"
    " AND provider_message_id IS NOT NULL AND next_attempt_at <= ?2"
    " AND sending_since > ?2 - 259200000000 ORDER BY next_attempt_at LIMIT ?3";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (provider != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  _cbz_bind_text (stmt, 1, provider);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, limit);
  return pass_rows (self, stmt, sql, func, user_data, error);
}

gint64
cbz_store_find_debtor_by_number (CbzStore    *self,
                                 const char  *number,
                                 GError     **error)
{
  static const char sql[] =
    "SELECT id FROM debtors WHERE mobile = ?1 OR whatsapp = ?1 OR phone = ?1 ORDER BY id LIMIT 1";
  sqlite3_stmt *stmt;
  gint64 id = 0;

  g_return_val_if_fail (CBZ_IS_STORE (self), 0);
  g_return_val_if_fail (number != NULL, 0);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return 0;
  _cbz_bind_text (stmt, 1, number);
  if (!read_integer (self, stmt, sql, 0, &id, error))
    return 0;
  return id;
}

GArray *
cbz_store_list_overdue_debtor_ids (CbzStore  *self,
                                   GError   **error)
{
  static const char sql[] =
    "SELECT debtor_id FROM debtor_summaries WHERE overdue_balance > 0 ORDER BY debtor_id";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CBZ_IS_STORE (self), NULL);

  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  return read_ids (self, stmt, sql, error);
}
