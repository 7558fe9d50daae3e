/* cbz-store-outbox.c: the outbox's rows, written
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Enqueueing (the unique key and the reminder's timeline entry, in one
 * transaction) and the changes of state. What is read back is in
 * cbz-store-outbox-queries.c.
 */

#include "config.h"

#include "cbz-store-outbox-private.h"

char *
_cbz_outbox_params_to_json (const char * const *params)
{
  GString *json;

  if (params == NULL)
    return NULL;

  json = g_string_new ("[");
  for (guint i = 0; params[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (json, ',');
      g_string_append_c (json, '"');
      for (const char *p = params[i]; *p != '\0'; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_printf (json, "\\%c", *p);
          else if ((guchar) *p < 0x20)
            g_string_append_printf (json, "\\u%04x", (guint) (guchar) *p);
          else
            g_string_append_c (json, *p);
        }
      g_string_append_c (json, '"');
    }
  g_string_append_c (json, ']');
  return g_string_free (json, FALSE);
}

/* For the bulk path: the strings outlive the step that reads them, and
 * copying every body twice shows in the 100,000-message figure. */
static void
bind_static (sqlite3_stmt *stmt,
             int           index,
             const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

static const char find_key_sql[] =
  "SELECT id FROM outbox WHERE debtor_id = ?1 AND action = ?2 AND invoice_set = ?3 AND cycle = ?4";

/* The reminder's timeline entry, written here rather than through
 * cbz_store_add_event (one savepoint each) so bulk enqueueing stays fast;
 * a queued reminder is not yet a contact, so last_contact_at is left. */
static const char insert_event_sql[] =
  "INSERT INTO events (debtor_id, occurred_at, kind, channel, direction, summary, body,"
  " delivery_state, data) VALUES (?1, ?2, 'reminder', ?3, 'outbound', ?4, ?5, 'queued', ?6)";

static const char link_invoice_sql[] =
  "INSERT OR IGNORE INTO event_invoices (event_id, invoice_id) VALUES (?1, ?2)";

static const char insert_sql[] =
  "INSERT INTO outbox (debtor_id, action, invoice_set, cycle, channel, provider, recipient,"
  " template, language, subject, body, html, wa_template, wa_language, wa_params, state,"
  " dry_run, attempts, next_attempt_at, created_at, updated_at, expires_at, id, event_id)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?21,"
  " ?16, 0, ?17, ?17, ?17, ?18, ?19, ?20)";

static const char max_id_sql[] = "SELECT COALESCE (max (id), 0) FROM outbox";

/* The statements of one batch, looked up once: at 100,000 messages even
 * the cache's lookup by SQL text shows. */
typedef struct
{
  sqlite3_stmt *find_key;
  sqlite3_stmt *insert_event;
  sqlite3_stmt *link_invoice;
  sqlite3_stmt *insert;
} Statements;

static gboolean
prepare_statements (CbzStore    *self,
                    Statements  *statements,
                    GError     **error)
{
  return (statements->find_key = _cbz_store_prepare (self, find_key_sql, error)) != NULL &&
         (statements->insert_event = _cbz_store_prepare (self, insert_event_sql, error)) != NULL &&
         (statements->link_invoice = _cbz_store_prepare (self, link_invoice_sql, error)) != NULL &&
         (statements->insert = _cbz_store_prepare (self, insert_sql, error)) != NULL;
}

/* A statement of the batch, ready to bind again. */
static sqlite3_stmt *
reuse (sqlite3_stmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return stmt;
}

/* Planned or clicked before: the id of the message already there, or 0. */
static gboolean
find_key (CbzStore               *self,
          const Statements       *statements,
          const CbzOutboxRecord  *row,
          gint64                 *id,
          GError                **error)
{
  sqlite3_stmt *stmt = reuse (statements->find_key);
  int rc;

  sqlite3_bind_int64 (stmt, 1, row->debtor_id);
  bind_static (stmt, 2, row->action);
  bind_static (stmt, 3, row->invoice_set);
  bind_static (stmt, 4, row->cycle);
  rc = sqlite3_step (stmt);
  *id = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _cbz_store_set_error (self, error, find_key_sql);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gint64
insert_event (CbzStore               *self,
              const Statements       *statements,
              const CbzOutboxInsert  *insert,
              gint64                  now,
              GError                **error)
{
  const CbzOutboxRecord *row = &insert->row;
  sqlite3_stmt *stmt = reuse (statements->insert_event);
  g_autofree char *data = NULL;

  data = g_strdup_printf ("{\"outbox_id\":%" G_GINT64_FORMAT "}", row->id);
  sqlite3_bind_int64 (stmt, 1, row->debtor_id);
  sqlite3_bind_int64 (stmt, 2, now);
  bind_static (stmt, 3, row->channel);
  bind_static (stmt, 4, insert->event_summary);
  bind_static (stmt, 5, insert->event_body != NULL ? insert->event_body : row->body);
  bind_static (stmt, 6, data);
  if (!_cbz_store_step_done (self, stmt, insert_event_sql, error))
    return 0;
  return sqlite3_last_insert_rowid (cbz_store_get_handle (self));
}

static gboolean
link_invoices (CbzStore          *self,
               const Statements  *statements,
               gint64             event_id,
               const char        *invoice_set,
               GError           **error)
{
  g_auto(GStrv) ids = NULL;

  if (invoice_set == NULL || invoice_set[0] == '\0')
    return TRUE;

  ids = g_strsplit (invoice_set, ",", -1);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      sqlite3_stmt *stmt = reuse (statements->link_invoice);

      sqlite3_bind_int64 (stmt, 1, event_id);
      sqlite3_bind_int64 (stmt, 2, g_ascii_strtoll (ids[i], NULL, 10));
      if (!_cbz_store_step_done (self, stmt, link_invoice_sql, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_row (CbzStore               *self,
            const Statements       *statements,
            const CbzOutboxRecord  *row,
            gint64                  now,
            GError                **error)
{
  sqlite3_stmt *stmt = reuse (statements->insert);
  g_autofree char *params = NULL;

  params = _cbz_outbox_params_to_json (row->wa_params);
  sqlite3_bind_int64 (stmt, 1, row->debtor_id);
  bind_static (stmt, 2, row->action);
  bind_static (stmt, 3, row->invoice_set);
  bind_static (stmt, 4, row->cycle);
  bind_static (stmt, 5, row->channel);
  bind_static (stmt, 6, row->provider);
  bind_static (stmt, 7, row->recipient);
  bind_static (stmt, 8, row->template_name);
  bind_static (stmt, 9, row->language);
  bind_static (stmt, 10, row->subject);
  bind_static (stmt, 11, row->body);
  bind_static (stmt, 12, row->html);
  bind_static (stmt, 13, row->wa_template);
  bind_static (stmt, 14, row->wa_language);
  bind_static (stmt, 15, params);
  sqlite3_bind_int (stmt, 16, row->dry_run ? 1 : 0);
  sqlite3_bind_int64 (stmt, 17, now);
  sqlite3_bind_int64 (stmt, 18, row->expires_at);
  sqlite3_bind_int64 (stmt, 19, row->id);
  sqlite3_bind_int64 (stmt, 20, row->event_id);
  bind_static (stmt, 21, cbz_outbox_state_to_string (CBZ_OUTBOX_STATE_QUEUED));
  /* The key was looked up in this same write transaction; the UNIQUE
   * constraint still refuses a second copy should anything slip past. */
  return _cbz_store_step_done (self, stmt, insert_sql, error);
}

/* Inserts one message inside the open transaction. */
static gboolean
enqueue_one (CbzStore         *self,
             const Statements *statements,
             CbzOutboxInsert  *insert,
             gint64           *next_id,
             gint64            now,
             GError          **error)
{
  CbzOutboxRecord *row = &insert->row;
  gint64 existing;

  insert->inserted = FALSE;
  if (!find_key (self, statements, row, &existing, error))
    return FALSE;
  if (existing != 0)
    {
      row->id = existing;
      return TRUE;
    }

  /* The id is chosen here (the transaction holds the write lock) so the
   * timeline entry can name its message and the message its entry without
   * a second write. */
  row->id = ++*next_id;
  row->event_id = insert_event (self, statements, insert, now, error);
  if (row->event_id == 0 ||
      !link_invoices (self, statements, row->event_id, row->invoice_set, error) ||
      !insert_row (self, statements, row, now, error))
    return FALSE;

  row->state = CBZ_OUTBOX_STATE_QUEUED;
  row->attempts = 0;
  row->next_attempt_at = now;
  row->created_at = now;
  row->updated_at = now;
  insert->inserted = TRUE;
  return TRUE;
}

/* A big batch dirties more pages than sqlite's default cache holds, and
 * spilling them to the WAL in the middle of the transaction costs a third of
 * the time: give the connection room while it lasts, then give it back. */
static gint64
widen_cache (CbzStore *self,
             gsize     n_messages)
{
  sqlite3 *db = cbz_store_get_handle (self);
  sqlite3_stmt *stmt = NULL;
  gint64 previous = 0;
  g_autofree char *sql = NULL;

  if (n_messages < 1000 ||
      sqlite3_prepare_v2 (db, "PRAGMA cache_size", -1, &stmt, NULL) != SQLITE_OK)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    previous = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  /* About 1 KiB per message, at most 256 MiB (negative: KiB). */
  sql = g_strdup_printf ("PRAGMA cache_size = %d", -(int) MIN ((gint64) n_messages * 2, 262144));
  sqlite3_exec (db, sql, NULL, NULL, NULL);
  return previous;
}

static void
restore_cache (CbzStore *self,
               gint64    previous)
{
  g_autofree char *sql = NULL;

  if (previous == 0)
    return;
  sql = g_strdup_printf ("PRAGMA cache_size = %" G_GINT64_FORMAT, previous);
  sqlite3_exec (cbz_store_get_handle (self), sql, NULL, NULL, NULL);
}

static gboolean
enqueue_all (CbzStore         *self,
             CbzOutboxInsert  *inserts,
             gsize             n_inserts,
             gint64            now,
             guint            *n_inserted,
             GError          **error)
{
  Statements statements;
  sqlite3_stmt *stmt;
  gint64 next_id;
  guint count = 0;

  if (!cbz_store_begin (self, error))
    return FALSE;

  stmt = _cbz_store_prepare (self, max_id_sql, error);
  if (stmt == NULL)
    goto fail;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _cbz_store_set_error (self, error, max_id_sql);
      sqlite3_reset (stmt);
      goto fail;
    }
  next_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (!prepare_statements (self, &statements, error))
    goto fail;
  for (gsize i = 0; i < n_inserts; i++)
    {
      if (!enqueue_one (self, &statements, &inserts[i], &next_id, now, error))
        goto fail;
      count += inserts[i].inserted ? 1 : 0;
    }

  if (!cbz_store_commit (self, error))
    goto fail;
  *n_inserted = count;
  return TRUE;

fail:
  cbz_store_rollback (self);
  for (gsize i = 0; i < n_inserts; i++)
    inserts[i].inserted = FALSE;
  return FALSE;
}

gboolean
cbz_store_outbox_enqueue (CbzStore         *self,
                          CbzOutboxInsert  *inserts,
                          gsize             n_inserts,
                          gint64            now,
                          guint            *n_inserted,
                          GError          **error)
{
  gint64 previous_cache;
  guint count = 0;
  gboolean ok;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (inserts != NULL || n_inserts == 0, FALSE);

  for (gsize i = 0; i < n_inserts; i++)
    {
      const CbzOutboxRecord *row = &inserts[i].row;

      g_return_val_if_fail (row->debtor_id > 0 && row->action != NULL && row->invoice_set != NULL &&
                            row->cycle != NULL && row->channel != NULL && row->provider != NULL &&
                            row->recipient != NULL && row->body != NULL &&
                            inserts[i].event_summary != NULL && row->expires_at > 0, FALSE);
    }

  previous_cache = widen_cache (self, n_inserts);
  ok = enqueue_all (self, inserts, n_inserts, now, &count, error);
  restore_cache (self, previous_cache);
  if (ok && n_inserted != NULL)
    *n_inserted = count;
  return ok;
}

gboolean
cbz_store_outbox_set_state (CbzStore        *self,
                            gint64           id,
                            CbzOutboxState   from,
                            CbzOutboxState   to,
                            const char      *last_error,
                            const char      *provider_message_id,
                            gint64           next_attempt_at,
                            gint64           now,
                            gboolean        *moved,
                            GError         **error)
{
  gboolean own;
  static const char sql[] =
    "UPDATE outbox SET state = ?3, last_error = ?4,"
    " provider_message_id = COALESCE (?5, provider_message_id),"
    " next_attempt_at = ?6, updated_at = ?7,"
    " attempts = attempts + ?8,"
    " sending_since = CASE WHEN ?8 THEN ?7 ELSE sending_since END"
    " WHERE id = ?1 AND state = ?2";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (from < CBZ_OUTBOX_N_STATES && to < CBZ_OUTBOX_N_STATES, FALSE);
  g_return_val_if_fail (moved != NULL, FALSE);

  *moved = FALSE;
  /* Most calls come inside the caller's transaction: no savepoint then. */
  own = !cbz_store_in_transaction (self);
  if (own && !cbz_store_begin (self, error))
    return FALSE;
  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  bind_static (stmt, 2, cbz_outbox_state_to_string (from));
  bind_static (stmt, 3, cbz_outbox_state_to_string (to));
  _cbz_bind_text (stmt, 4, last_error);
  _cbz_bind_text (stmt, 5, provider_message_id);
  sqlite3_bind_int64 (stmt, 6, next_attempt_at);
  sqlite3_bind_int64 (stmt, 7, now);
  sqlite3_bind_int (stmt, 8, to == CBZ_OUTBOX_STATE_SENDING ? 1 : 0);
  if (!_cbz_store_step_done (self, stmt, sql, error))
    goto fail;
  *moved = sqlite3_changes (cbz_store_get_handle (self)) == 1;
  if (own && !cbz_store_commit (self, error))
    goto fail;
  return TRUE;

fail:
  *moved = FALSE;
  if (own)
    cbz_store_rollback (self);
  return FALSE;
}

gboolean
cbz_store_outbox_set_expiry (CbzStore  *self,
                             gint64     id,
                             gint64     expires_at,
                             GError   **error)
{
  static const char sql[] = "UPDATE outbox SET expires_at = ?2 WHERE id = ?1";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CBZ_IS_STORE (self), FALSE);

  if (!cbz_store_begin (self, error))
    return FALSE;
  stmt = _cbz_store_prepare (self, sql, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, expires_at);
  if (!_cbz_store_step_done (self, stmt, sql, error) || !cbz_store_commit (self, error))
    goto fail;
  return TRUE;

fail:
  cbz_store_rollback (self);
  return FALSE;
}
