/* cbz-outbox.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cbz-outbox.h"
#include "cbz-outbox-private.h"

#define DEFAULT_MAX_AGE (24 * G_TIME_SPAN_HOUR)

typedef enum
{
  STMT_INSERT,
  STMT_FIND_KEY,
  STMT_GET,
  STMT_TRANSITION,
  STMT_CLAIM_CANDIDATES,
  STMT_DISPUTED,
  STMT_NEXT_DUE,
  STMT_NEXT_DUE_ANY,
  STMT_EXPIRED,
  STMT_INSERT_EVENT,
  STMT_LINK_INVOICE,
  STMT_MAX_ID,
  N_STMTS
} StmtId;

static const char * const stmt_sql[N_STMTS] = {
  [STMT_INSERT] =
    "INSERT INTO outbox (debtor_id, action, invoice_set, cycle, channel, provider, recipient,"
    " template, language, subject, body, html, wa_template, wa_language, wa_params, state,"
    " dry_run, attempts, next_attempt_at, created_at, updated_at, expires_at, id, event_id)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 'queued',"
    " ?16, 0, ?17, ?17, ?17, ?18, ?19, ?20)",
  [STMT_FIND_KEY] =
    "SELECT id FROM outbox WHERE debtor_id = ?1 AND action = ?2 AND invoice_set = ?3 AND cycle = ?4",
  [STMT_GET] =
    "SELECT id, debtor_id, action, invoice_set, cycle, channel, provider, recipient, template,"
    " language, subject, body, html, wa_template, wa_language, wa_params, state, dry_run,"
    " attempts, next_attempt_at, sending_since, last_error, provider_message_id, event_id,"
    " created_at, updated_at, expires_at FROM outbox WHERE id = ?1",
  [STMT_TRANSITION] =
    "UPDATE outbox SET state = ?3, last_error = ?4,"
    " provider_message_id = COALESCE (?5, provider_message_id),"
    " next_attempt_at = ?6, updated_at = ?7,"
    " attempts = attempts + (?3 = 'sending'),"
    " sending_since = CASE WHEN ?3 = 'sending' THEN ?7 ELSE sending_since END"
    " WHERE id = ?1 AND state = ?2",
  [STMT_CLAIM_CANDIDATES] =
    "SELECT o.id,"
    " CASE o.channel WHEN 'sms' THEN d.opt_out_sms WHEN 'whatsapp' THEN d.opt_out_whatsapp"
    "  ELSE d.opt_out_email END"
    " FROM outbox o JOIN debtors d ON d.id = o.debtor_id"
    " WHERE o.state = 'queued' AND o.next_attempt_at <= ?2 AND o.provider = ?1"
    " AND (?4 = 0 OR o.dry_run = 1)"
    " ORDER BY o.next_attempt_at, o.id LIMIT ?3",
  [STMT_DISPUTED] =
    "SELECT group_concat (number, ', ') FROM invoices"
    " WHERE status = 'disputed' AND debtor_id = ?1"
    " AND instr (',' || ?2 || ',', ',' || id || ',') > 0",
  [STMT_NEXT_DUE] =
    "SELECT min (next_attempt_at) FROM outbox WHERE state = 'queued' AND provider = ?1",
  [STMT_NEXT_DUE_ANY] =
    "SELECT min (next_attempt_at) FROM outbox WHERE state = 'queued'",
  [STMT_EXPIRED] =
    "SELECT id FROM outbox WHERE state = 'queued' AND expires_at <= ?1 ORDER BY id LIMIT 500",
  /* The reminder's timeline entry, written here rather than through
   * cbz_store_add_event (one savepoint each) so bulk enqueueing stays fast;
   * a queued reminder is not yet a contact, so last_contact_at is left. */
  [STMT_INSERT_EVENT] =
    "INSERT INTO events (debtor_id, occurred_at, kind, channel, direction, summary, body,"
    " delivery_state, data) VALUES (?1, ?2, 'reminder', ?3, 'outbound', ?4, ?5, 'queued', ?6)",
  [STMT_LINK_INVOICE] =
    "INSERT OR IGNORE INTO event_invoices (event_id, invoice_id) VALUES (?1, ?2)",
  [STMT_MAX_ID] =
    "SELECT COALESCE (max (id), 0) FROM outbox",
};

#define SELECT_COLUMNS \
  "id, debtor_id, action, invoice_set, cycle, channel, provider, recipient, template," \
  " language, subject, body, html, wa_template, wa_language, wa_params, state, dry_run," \
  " attempts, next_attempt_at, sending_since, last_error, provider_message_id, event_id," \
  " created_at, updated_at, expires_at"

struct _CbzOutbox
{
  GObject       parent_instance;

  CbzStore     *store;
  sqlite3_stmt *stmts[N_STMTS];
  gint64        max_age;
  gint64        next_id;  /* valid inside enqueue_many's transaction */
};

G_DEFINE_FINAL_TYPE (CbzOutbox, cbz_outbox, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (CbzOutboxMessage, cbz_outbox_message,
                     cbz_outbox_message_copy, cbz_outbox_message_free)
G_DEFINE_QUARK (cbz-outbox-error-quark, cbz_outbox_error)

static const char * const state_names[CBZ_OUTBOX_N_STATES] = {
  [CBZ_OUTBOX_STATE_QUEUED] = "queued",
  [CBZ_OUTBOX_STATE_SENDING] = "sending",
  [CBZ_OUTBOX_STATE_SENT] = "sent",
  [CBZ_OUTBOX_STATE_DELIVERED] = "delivered",
  [CBZ_OUTBOX_STATE_FAILED] = "failed",
  [CBZ_OUTBOX_STATE_UNKNOWN] = "unknown",
  [CBZ_OUTBOX_STATE_DRY_RUN] = "dry-run",
  [CBZ_OUTBOX_STATE_CANCELLED] = "cancelled",
};

/* Helpers */

static gboolean
set_sql_error (GError  **error,
               sqlite3  *db,
               const char *what)
{
  g_set_error (error, CBZ_OUTBOX_ERROR, CBZ_OUTBOX_ERROR_SQL,
               /* Translators: first %s is what was being done ("add a message"), then sqlite's own message. */
               _("Could not %s in the outbox: %s"), what, sqlite3_errmsg (db));
  return FALSE;
}

static sqlite3_stmt *
get_stmt (CbzOutbox  *self,
          StmtId      id,
          GError    **error)
{
  sqlite3 *db = cbz_store_get_handle (self->store);

  if (self->stmts[id] == NULL &&
      sqlite3_prepare_v3 (db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
                          &self->stmts[id], NULL) != SQLITE_OK)
    {
      set_sql_error (error, db, _("prepare a query"));
      return NULL;
    }

  sqlite3_reset (self->stmts[id]);
  sqlite3_clear_bindings (self->stmts[id]);
  return self->stmts[id];
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
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

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

static char *
params_to_json (char **params)
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

/* Reads back what params_to_json wrote (strings only). */
static char **
params_from_json (const char *json)
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

static CbzOutboxMessage *
message_from_row (sqlite3_stmt *stmt)
{
  CbzOutboxMessage *message = g_new0 (CbzOutboxMessage, 1);
  g_autofree char *params = NULL;
  const char *channel = (const char *) sqlite3_column_text (stmt, 5);
  const char *state = (const char *) sqlite3_column_text (stmt, 16);

  message->id = sqlite3_column_int64 (stmt, 0);
  message->debtor_id = sqlite3_column_int64 (stmt, 1);
  message->action = column_text (stmt, 2);
  message->invoice_set = column_text (stmt, 3);
  message->cycle = column_text (stmt, 4);
  if (channel == NULL || !cbz_channel_from_string (channel, &message->channel))
    message->channel = CBZ_CHANNEL_SMS;
  message->provider = column_text (stmt, 6);
  message->recipient = column_text (stmt, 7);
  message->template_name = column_text (stmt, 8);
  message->language = column_text (stmt, 9);
  message->subject = column_text (stmt, 10);
  message->body = column_text (stmt, 11);
  message->html = column_text (stmt, 12);
  message->wa_template = column_text (stmt, 13);
  message->wa_language = column_text (stmt, 14);
  params = column_text (stmt, 15);
  message->wa_params = params_from_json (params);
  if (state == NULL || !cbz_outbox_state_from_string (state, &message->state))
    message->state = CBZ_OUTBOX_STATE_UNKNOWN;
  message->dry_run = sqlite3_column_int (stmt, 17) != 0;
  message->attempts = (guint) sqlite3_column_int (stmt, 18);
  message->next_attempt_at = sqlite3_column_int64 (stmt, 19);
  message->sending_since = sqlite3_column_int64 (stmt, 20);
  message->last_error = column_text (stmt, 21);
  message->provider_message_id = column_text (stmt, 22);
  message->event_id = sqlite3_column_int64 (stmt, 23);
  message->created_at = sqlite3_column_int64 (stmt, 24);
  message->updated_at = sqlite3_column_int64 (stmt, 25);
  message->expires_at = sqlite3_column_int64 (stmt, 26);
  return message;
}

static CbzDeliveryState
state_to_delivery (CbzOutboxState state)
{
  switch (state)
    {
    case CBZ_OUTBOX_STATE_QUEUED:
      return CBZ_DELIVERY_STATE_QUEUED;
    case CBZ_OUTBOX_STATE_SENDING:
      return CBZ_DELIVERY_STATE_SENDING;
    case CBZ_OUTBOX_STATE_SENT:
      return CBZ_DELIVERY_STATE_SENT;
    case CBZ_OUTBOX_STATE_DELIVERED:
      return CBZ_DELIVERY_STATE_DELIVERED;
    case CBZ_OUTBOX_STATE_UNKNOWN:
      return CBZ_DELIVERY_STATE_UNKNOWN;
    case CBZ_OUTBOX_STATE_DRY_RUN:
      return CBZ_DELIVERY_STATE_DRY_RUN;
    case CBZ_OUTBOX_STATE_FAILED:
    case CBZ_OUTBOX_STATE_CANCELLED:
    case CBZ_OUTBOX_N_STATES:
    default:
      return CBZ_DELIVERY_STATE_FAILED;
    }
}

static CbzEventChannel
channel_to_event (CbzChannel channel)
{
  switch (channel)
    {
    case CBZ_CHANNEL_WHATSAPP:
      return CBZ_EVENT_CHANNEL_WHATSAPP;
    case CBZ_CHANNEL_EMAIL:
      return CBZ_EVENT_CHANNEL_EMAIL;
    case CBZ_CHANNEL_SMS:
    default:
      return CBZ_EVENT_CHANNEL_SMS;
    }
}

static const char *
reminder_summary (CbzChannel channel)
{
  switch (channel)
    {
    case CBZ_CHANNEL_WHATSAPP:
      return _("WhatsApp reminder");
    case CBZ_CHANNEL_EMAIL:
      return _("Email reminder");
    case CBZ_CHANNEL_SMS:
    default:
      return _("SMS reminder");
    }
}

static gboolean
add_status_event (CbzOutbox               *self,
                  const CbzOutboxMessage  *message,
                  const char              *summary,
                  const char              *body,
                  GError                 **error)
{
  g_autoptr(CbzEvent) event = cbz_event_new (message->debtor_id, CBZ_EVENT_KIND_STATUS, summary);
  g_autofree char *data = g_strdup_printf ("{\"outbox_id\":%" G_GINT64_FORMAT "}", message->id);

  cbz_event_set_channel (event, channel_to_event (message->channel));
  cbz_event_set_direction (event, CBZ_EVENT_DIRECTION_INTERNAL);
  cbz_event_set_body (event, body);
  cbz_event_set_data (event, data);
  return cbz_store_add_event (self->store, event, error) != 0;
}

static gboolean
validate_message (const CbzOutboxMessage  *message,
                  GError                 **error)
{
  if (message->debtor_id <= 0)
    {
      g_set_error (error, CBZ_OUTBOX_ERROR, CBZ_OUTBOX_ERROR_INVALID,
                   _("A message needs a customer"));
      return FALSE;
    }
  if (message->recipient == NULL || *message->recipient == '\0')
    {
      g_set_error (error, CBZ_OUTBOX_ERROR, CBZ_OUTBOX_ERROR_INVALID,
                   _("Customer %lld has no %s address to send to"),
                   (long long) message->debtor_id, cbz_channel_to_string (message->channel));
      return FALSE;
    }
  if (message->body == NULL || message->provider == NULL || message->action == NULL)
    {
      g_set_error (error, CBZ_OUTBOX_ERROR, CBZ_OUTBOX_ERROR_INVALID,
                   _("The message for customer %lld has no text, provider or action"),
                   (long long) message->debtor_id);
      return FALSE;
    }
  return TRUE;
}

/* Inserts one message inside the open transaction. */
static gboolean
enqueue_one (CbzOutbox         *self,
             CbzOutboxMessage  *message,
             gint64             now,
             gboolean          *inserted,
             GError           **error)
{
  sqlite3 *db = cbz_store_get_handle (self->store);
  sqlite3_stmt *stmt;
  g_autofree char *params = NULL;
  g_autofree char *data = NULL;
  g_autofree char *event_body = NULL;
  const char *invoice_set = message->invoice_set != NULL ? message->invoice_set : "";
  const char *cycle = message->cycle != NULL ? message->cycle : "";
  gint64 event_id;

  *inserted = FALSE;
  if (!validate_message (message, error))
    return FALSE;

  /* A rehearsal must not take the key of the real message it rehearses. */
  if (message->dry_run && !g_str_has_prefix (message->action, "dry-run:"))
    {
      char *action = g_strconcat ("dry-run:", message->action, NULL);
      g_free (message->action);
      message->action = action;
    }

  /* Planned or clicked before: report the message that is already there. */
  if ((stmt = get_stmt (self, STMT_FIND_KEY, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, message->debtor_id);
  bind_static (stmt, 2, message->action);
  bind_static (stmt, 3, invoice_set);
  bind_static (stmt, 4, cycle);
  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      message->id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      return TRUE;
    case SQLITE_DONE:
      sqlite3_reset (stmt);
      break;
    default:
      return set_sql_error (error, db, _("look for an existing message"));
    }

  /* The id is chosen here (the transaction holds the write lock) so the
   * timeline entry can name its message and the message its entry without
   * a second write. */
  message->id = ++self->next_id;

  if ((stmt = get_stmt (self, STMT_INSERT_EVENT, error)) == NULL)
    return FALSE;
  if (message->subject != NULL)
    event_body = g_strdup_printf ("%s\n\n%s", message->subject, message->body);
  data = g_strdup_printf ("{\"outbox_id\":%" G_GINT64_FORMAT "}", message->id);
  sqlite3_bind_int64 (stmt, 1, message->debtor_id);
  sqlite3_bind_int64 (stmt, 2, now);
  bind_static (stmt, 3, cbz_channel_to_string (message->channel));
  bind_static (stmt, 4, reminder_summary (message->channel));
  bind_static (stmt, 5, event_body != NULL ? event_body : message->body);
  bind_static (stmt, 6, data);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return set_sql_error (error, db, _("add the message to the timeline"));
  sqlite3_reset (stmt);
  event_id = sqlite3_last_insert_rowid (db);

  if (invoice_set[0] != '\0')
    {
      g_auto(GStrv) ids = g_strsplit (invoice_set, ",", -1);

      for (guint i = 0; ids[i] != NULL; i++)
        {
          if ((stmt = get_stmt (self, STMT_LINK_INVOICE, error)) == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, event_id);
          sqlite3_bind_int64 (stmt, 2, g_ascii_strtoll (ids[i], NULL, 10));
          if (sqlite3_step (stmt) != SQLITE_DONE)
            return set_sql_error (error, db, _("link the message to its invoices"));
          sqlite3_reset (stmt);
        }
    }

  if ((stmt = get_stmt (self, STMT_INSERT, error)) == NULL)
    return FALSE;
  params = params_to_json (message->wa_params);
  sqlite3_bind_int64 (stmt, 1, message->debtor_id);
  bind_static (stmt, 2, message->action);
  bind_static (stmt, 3, invoice_set);
  bind_static (stmt, 4, cycle);
  bind_static (stmt, 5, cbz_channel_to_string (message->channel));
  bind_static (stmt, 6, message->provider);
  bind_static (stmt, 7, message->recipient);
  bind_static (stmt, 8, message->template_name);
  bind_static (stmt, 9, message->language);
  bind_static (stmt, 10, message->subject);
  bind_static (stmt, 11, message->body);
  bind_static (stmt, 12, message->html);
  bind_static (stmt, 13, message->wa_template);
  bind_static (stmt, 14, message->wa_language);
  bind_static (stmt, 15, params);
  sqlite3_bind_int (stmt, 16, message->dry_run ? 1 : 0);
  sqlite3_bind_int64 (stmt, 17, now);
  sqlite3_bind_int64 (stmt, 18, message->expires_at > 0 ? message->expires_at : now + self->max_age);
  sqlite3_bind_int64 (stmt, 19, message->id);
  sqlite3_bind_int64 (stmt, 20, event_id);
  /* The key was looked up above in this same write transaction; the UNIQUE
   * constraint still refuses a second copy should anything slip past. */
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return set_sql_error (error, db, _("add a message"));
  sqlite3_reset (stmt);

  message->state = CBZ_OUTBOX_STATE_QUEUED;
  message->attempts = 0;
  message->next_attempt_at = now;
  message->created_at = now;
  message->updated_at = now;
  if (message->expires_at <= 0)
    message->expires_at = now + self->max_age;
  message->event_id = event_id;

  *inserted = TRUE;
  return TRUE;
}

static CbzOutboxMessage *
get_message (CbzOutbox  *self,
             gint64      id,
             GError    **error)
{
  sqlite3_stmt *stmt = get_stmt (self, STMT_GET, error);
  CbzOutboxMessage *message;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, CBZ_OUTBOX_ERROR, CBZ_OUTBOX_ERROR_NOT_FOUND,
                   _("There is no message %lld in the outbox"), (long long) id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      set_sql_error (error, cbz_store_get_handle (self->store), _("read a message"));
      return NULL;
    }
  message = message_from_row (stmt);
  sqlite3_reset (stmt);
  return message;
}

static GPtrArray *
select_messages (CbzOutbox   *self,
                 const char  *sql,
                 GError     **error,
                 ...)
{
  sqlite3 *db = cbz_store_get_handle (self->store);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_outbox_message_free);
  sqlite3_stmt *stmt = NULL;
  va_list args;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sql_error (error, db, _("prepare a query"));
      return NULL;
    }

  /* Bindings are (int index, gint64 value) pairs ended by index 0. */
  va_start (args, error);
  for (int index = va_arg (args, int); index != 0; index = va_arg (args, int))
    sqlite3_bind_int64 (stmt, index, va_arg (args, gint64));
  va_end (args);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (messages, message_from_row (stmt));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sql_error (error, db, _("list messages"));
      return NULL;
    }
  return g_steal_pointer (&messages);
}

/* Lifecycle */

static void
cbz_outbox_finalize (GObject *object)
{
  CbzOutbox *self = (CbzOutbox *) object;

  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&self->stmts[i], sqlite3_finalize);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cbz_outbox_parent_class)->finalize (object);
}

static void
cbz_outbox_class_init (CbzOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cbz_outbox_finalize;
}

static void
cbz_outbox_init (CbzOutbox *self)
{
  self->max_age = DEFAULT_MAX_AGE;
}

/* States */

const char *
cbz_outbox_state_to_string (CbzOutboxState state)
{
  g_return_val_if_fail (state < CBZ_OUTBOX_N_STATES, NULL);
  return state_names[state];
}

gboolean
cbz_outbox_state_from_string (const char     *text,
                              CbzOutboxState *state)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = 0; i < CBZ_OUTBOX_N_STATES; i++)
    {
      if (g_str_equal (text, state_names[i]))
        {
          if (state != NULL)
            *state = (CbzOutboxState) i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
cbz_outbox_state_get_label (CbzOutboxState state)
{
  switch (state)
    {
    case CBZ_OUTBOX_STATE_QUEUED:
      return C_("message state", "Queued");
    case CBZ_OUTBOX_STATE_SENDING:
      return C_("message state", "Sending");
    case CBZ_OUTBOX_STATE_SENT:
      return C_("message state", "Sent");
    case CBZ_OUTBOX_STATE_DELIVERED:
      return C_("message state", "Delivered");
    case CBZ_OUTBOX_STATE_FAILED:
      return C_("message state", "Failed");
    case CBZ_OUTBOX_STATE_UNKNOWN:
      return C_("message state", "Unknown — check before resending");
    case CBZ_OUTBOX_STATE_DRY_RUN:
      return C_("message state", "Not sent (dry run)");
    case CBZ_OUTBOX_STATE_CANCELLED:
      return C_("message state", "Cancelled");
    case CBZ_OUTBOX_N_STATES:
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
cbz_outbox_state_is_final (CbzOutboxState state)
{
  switch (state)
    {
    case CBZ_OUTBOX_STATE_SENT:
    case CBZ_OUTBOX_STATE_DELIVERED:
    case CBZ_OUTBOX_STATE_FAILED:
    case CBZ_OUTBOX_STATE_DRY_RUN:
    case CBZ_OUTBOX_STATE_CANCELLED:
      return TRUE;
    case CBZ_OUTBOX_STATE_QUEUED:
    case CBZ_OUTBOX_STATE_SENDING:
    case CBZ_OUTBOX_STATE_UNKNOWN:
    case CBZ_OUTBOX_N_STATES:
    default:
      return FALSE;
    }
}

/* Messages */

CbzOutboxMessage *
cbz_outbox_message_new (gint64      debtor_id,
                        CbzChannel  channel,
                        const char *provider,
                        const char *recipient,
                        const char *body)
{
  CbzOutboxMessage *message = g_new0 (CbzOutboxMessage, 1);

  message->debtor_id = debtor_id;
  message->channel = channel;
  message->provider = g_strdup (provider);
  message->recipient = g_strdup (recipient);
  message->body = g_strdup (body);
  message->invoice_set = g_strdup ("");
  message->cycle = g_strdup ("");
  message->state = CBZ_OUTBOX_STATE_QUEUED;
  return message;
}

CbzOutboxMessage *
cbz_outbox_message_copy (const CbzOutboxMessage *message)
{
  CbzOutboxMessage *copy;

  g_return_val_if_fail (message != NULL, NULL);

  copy = g_memdup2 (message, sizeof *message);
  copy->action = g_strdup (message->action);
  copy->invoice_set = g_strdup (message->invoice_set);
  copy->cycle = g_strdup (message->cycle);
  copy->provider = g_strdup (message->provider);
  copy->recipient = g_strdup (message->recipient);
  copy->template_name = g_strdup (message->template_name);
  copy->language = g_strdup (message->language);
  copy->subject = g_strdup (message->subject);
  copy->body = g_strdup (message->body);
  copy->html = g_strdup (message->html);
  copy->wa_template = g_strdup (message->wa_template);
  copy->wa_language = g_strdup (message->wa_language);
  copy->wa_params = g_strdupv (message->wa_params);
  copy->last_error = g_strdup (message->last_error);
  copy->provider_message_id = g_strdup (message->provider_message_id);
  return copy;
}

void
cbz_outbox_message_free (CbzOutboxMessage *message)
{
  if (message == NULL)
    return;

  g_free (message->action);
  g_free (message->invoice_set);
  g_free (message->cycle);
  g_free (message->provider);
  g_free (message->recipient);
  g_free (message->template_name);
  g_free (message->language);
  g_free (message->subject);
  g_free (message->body);
  g_free (message->html);
  g_free (message->wa_template);
  g_free (message->wa_language);
  g_strfreev (message->wa_params);
  g_free (message->last_error);
  g_free (message->provider_message_id);
  g_free (message);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

void
cbz_outbox_message_set_key (CbzOutboxMessage *message,
                            const char       *action,
                            const gint64     *invoice_ids,
                            gsize             n_invoice_ids,
                            const char       *cycle)
{
  g_autofree gint64 *sorted = NULL;
  GString *set = g_string_new (NULL);

  g_return_if_fail (message != NULL);
  g_return_if_fail (action != NULL);

  sorted = g_memdup2 (invoice_ids, n_invoice_ids * sizeof (gint64));
  if (n_invoice_ids > 0)
    qsort (sorted, n_invoice_ids, sizeof (gint64), compare_ids);
  for (gsize i = 0; i < n_invoice_ids; i++)
    {
      if (i > 0 && sorted[i] == sorted[i - 1])
        continue;
      g_string_append_printf (set, "%s%" G_GINT64_FORMAT, set->len > 0 ? "," : "", sorted[i]);
    }

  g_free (message->action);
  message->action = g_strdup (action);
  g_free (message->invoice_set);
  message->invoice_set = g_string_free (set, FALSE);
  g_free (message->cycle);
  message->cycle = g_strdup (cycle != NULL ? cycle : "");
}

/* Public API */

/**
 * cbz_outbox_new:
 * @store: the connection to work on (this thread's)
 *
 * Returns: (transfer full): a new outbox
 */
CbzOutbox *
cbz_outbox_new (CbzStore *store)
{
  CbzOutbox *self;

  g_return_val_if_fail (CBZ_IS_STORE (store), NULL);

  self = g_object_new (CBZ_TYPE_OUTBOX, NULL);
  self->store = g_object_ref (store);
  return self;
}

CbzStore *
cbz_outbox_get_store (CbzOutbox *self)
{
  g_return_val_if_fail (CBZ_IS_OUTBOX (self), NULL);
  return self->store;
}

gint64
cbz_outbox_get_max_age (CbzOutbox *self)
{
  g_return_val_if_fail (CBZ_IS_OUTBOX (self), 0);
  return self->max_age;
}

void
cbz_outbox_set_max_age (CbzOutbox *self,
                        gint64     max_age_usec)
{
  g_return_if_fail (CBZ_IS_OUTBOX (self));
  g_return_if_fail (max_age_usec > 0);
  self->max_age = max_age_usec;
}

gboolean
cbz_outbox_enqueue (CbzOutbox         *self,
                    CbzOutboxMessage  *message,
                    gboolean          *inserted,
                    GError           **error)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new ();
  guint n_inserted = 0;

  g_return_val_if_fail (CBZ_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (message != NULL, FALSE);

  g_ptr_array_add (one, message);
  if (!cbz_outbox_enqueue_many (self, one, &n_inserted, error))
    return FALSE;
  if (inserted != NULL)
    *inserted = n_inserted == 1;
  return TRUE;
}

static gboolean enqueue_all (CbzOutbox  *self,
                             GPtrArray  *messages,
                             gint64      now,
                             guint      *n_inserted,
                             GError    **error);

/* A big batch dirties more pages than sqlite's default cache holds, and
 * spilling them to the WAL in the middle of the transaction costs a third of
 * the time: give the connection room while it lasts, then give it back. */
static gint64
widen_cache (CbzOutbox *self,
             guint      n_messages)
{
  sqlite3 *db = cbz_store_get_handle (self->store);
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
restore_cache (CbzOutbox *self,
               gint64     previous)
{
  g_autofree char *sql = NULL;

  if (previous == 0)
    return;
  sql = g_strdup_printf ("PRAGMA cache_size = %" G_GINT64_FORMAT, previous);
  sqlite3_exec (cbz_store_get_handle (self->store), sql, NULL, NULL, NULL);
}

gboolean
cbz_outbox_enqueue_many (CbzOutbox  *self,
                         GPtrArray  *messages,
                         guint      *n_inserted,
                         GError    **error)
{
  gint64 now = cbz_store_now ();
  gint64 previous_cache;
  guint count = 0;
  gboolean ok;

  g_return_val_if_fail (CBZ_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (messages != NULL, FALSE);

  previous_cache = widen_cache (self, messages->len);
  ok = enqueue_all (self, messages, now, &count, error);
  restore_cache (self, previous_cache);
  if (ok && n_inserted != NULL)
    *n_inserted = count;
  return ok;
}

static gboolean
enqueue_all (CbzOutbox  *self,
             GPtrArray  *messages,
             gint64      now,
             guint      *n_inserted,
             GError    **error)
{
  guint count = 0;

  if (!cbz_store_begin (self->store, error))
    return FALSE;

  {
    sqlite3_stmt *stmt = get_stmt (self, STMT_MAX_ID, error);

    if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
      {
        if (stmt != NULL)
          set_sql_error (error, cbz_store_get_handle (self->store), _("number new messages"));
        cbz_store_rollback (self->store);
        return FALSE;
      }
    self->next_id = sqlite3_column_int64 (stmt, 0);
    sqlite3_reset (stmt);
  }

  for (guint i = 0; i < messages->len; i++)
    {
      gboolean inserted;

      if (!enqueue_one (self, g_ptr_array_index (messages, i), now, &inserted, error))
        {
          cbz_store_rollback (self->store);
          return FALSE;
        }
      count += inserted ? 1 : 0;
    }

  if (count > 0)
    cbz_store_mark_changed (self->store);
  if (!cbz_store_commit (self->store, error))
    return FALSE;

  *n_inserted = count;
  return TRUE;
}

CbzOutboxMessage *
cbz_outbox_get (CbzOutbox  *self,
                gint64      id,
                GError    **error)
{
  g_return_val_if_fail (CBZ_IS_OUTBOX (self), NULL);
  return get_message (self, id, error);
}

GPtrArray *
cbz_outbox_list (CbzOutbox  *self,
                 int         state,
                 gint64      debtor_id,
                 guint       limit,
                 GError    **error)
{
  g_return_val_if_fail (CBZ_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (state >= -1 && state < CBZ_OUTBOX_N_STATES, NULL);

  /* The state is bound as its index into the CASE below. */
  return select_messages (self,
                          "SELECT " SELECT_COLUMNS " FROM outbox"
                          " WHERE (?1 < 0 OR state = CASE ?1 WHEN 0 THEN 'queued'"
                          "  WHEN 1 THEN 'sending' WHEN 2 THEN 'sent' WHEN 3 THEN 'delivered'"
                          "  WHEN 4 THEN 'failed' WHEN 5 THEN 'unknown' WHEN 6 THEN 'dry-run'"
                          "  ELSE 'cancelled' END)"
                          " AND (?2 = 0 OR debtor_id = ?2)"
                          " ORDER BY id DESC LIMIT ?3",
                          error,
                          1, (gint64) state,
                          2, debtor_id,
                          3, limit > 0 ? (gint64) limit : (gint64) -1,
                          0);
}

gboolean
cbz_outbox_count_by_state (CbzOutbox  *self,
                           guint64    *counts,
                           GError    **error)
{
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (CBZ_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  db = cbz_store_get_handle (self->store);
  memset (counts, 0, sizeof (guint64) * CBZ_OUTBOX_N_STATES);
  if (sqlite3_prepare_v2 (db, "SELECT state, count(*) FROM outbox GROUP BY state",
                          -1, &stmt, NULL) != SQLITE_OK)
    return set_sql_error (error, db, _("count messages"));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CbzOutboxState state;

      if (cbz_outbox_state_from_string ((const char *) sqlite3_column_text (stmt, 0), &state))
        counts[state] = (guint64) sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return set_sql_error (error, db, _("count messages"));
  return TRUE;
}

GHashTable *
cbz_outbox_list_customer_names (CbzOutbox  *self,
                                GError    **error)
{
  g_autoptr(GHashTable) names = NULL;
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (CBZ_IS_OUTBOX (self), NULL);

  db = cbz_store_get_handle (self->store);
  /* One query for the whole list, rather than one per row shown. */
  if (sqlite3_prepare_v2 (db, "SELECT id, name FROM debtors"
                          " WHERE id IN (SELECT DISTINCT debtor_id FROM outbox)",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sql_error (error, db, _("find the customers’ names"));
      return NULL;
    }
  names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (names, g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)),
                         g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sql_error (error, db, _("find the customers’ names"));
      return NULL;
    }
  return g_steal_pointer (&names);
}

static gboolean
user_decision (CbzOutbox       *self,
               gint64           id,
               CbzOutboxState   allowed_from_a,
               CbzOutboxState   allowed_from_b,
               CbzOutboxState   to,
               const char      *reason,
               GError         **error)
{
  g_autoptr(CbzOutboxMessage) message = NULL;

  if (!cbz_store_begin (self->store, error))
    return FALSE;

  message = get_message (self, id, error);
  if (message == NULL)
    goto fail;

  if (message->state != allowed_from_a && message->state != allowed_from_b)
    {
      g_set_error (error, CBZ_OUTBOX_ERROR, CBZ_OUTBOX_ERROR_WRONG_STATE,
                   _("Message %lld is “%s”; that cannot be changed now"),
                   (long long) id, cbz_outbox_state_get_label (message->state));
      goto fail;
    }

  if (!_cbz_outbox_transition (self, message, to, NULL, reason, cbz_store_now (), error))
    goto fail;

  return cbz_store_commit (self->store, error);

fail:
  cbz_store_rollback (self->store);
  return FALSE;
}

gboolean
cbz_outbox_resend (CbzOutbox  *self,
                   gint64      id,
                   GError    **error)
{
  g_return_val_if_fail (CBZ_IS_OUTBOX (self), FALSE);

  /* The user looked and decided: it starts over, with a fresh expiry. */
  if (!user_decision (self, id, CBZ_OUTBOX_STATE_UNKNOWN, CBZ_OUTBOX_STATE_FAILED,
                      CBZ_OUTBOX_STATE_QUEUED, _("Sent again at the user’s request"), error))
    return FALSE;

  {
    sqlite3 *db = cbz_store_get_handle (self->store);
    sqlite3_stmt *stmt = NULL;
    gboolean ok;

    if (sqlite3_prepare_v2 (db, "UPDATE outbox SET expires_at = ?2 WHERE id = ?1",
                            -1, &stmt, NULL) != SQLITE_OK)
      return set_sql_error (error, db, _("renew a message"));
    sqlite3_bind_int64 (stmt, 1, id);
    sqlite3_bind_int64 (stmt, 2, cbz_store_now () + self->max_age);
    ok = sqlite3_step (stmt) == SQLITE_DONE;
    sqlite3_finalize (stmt);
    if (!ok)
      return set_sql_error (error, db, _("renew a message"));
  }
  return TRUE;
}

gboolean
cbz_outbox_mark_failed (CbzOutbox   *self,
                        gint64       id,
                        const char  *reason,
                        GError     **error)
{
  g_return_val_if_fail (CBZ_IS_OUTBOX (self), FALSE);

  return user_decision (self, id, CBZ_OUTBOX_STATE_UNKNOWN, CBZ_OUTBOX_STATE_QUEUED,
                        CBZ_OUTBOX_STATE_FAILED,
                        reason != NULL ? reason : _("Marked as failed by the user"), error);
}

gboolean
cbz_outbox_cancel (CbzOutbox  *self,
                   gint64      id,
                   GError    **error)
{
  g_return_val_if_fail (CBZ_IS_OUTBOX (self), FALSE);

  return user_decision (self, id, CBZ_OUTBOX_STATE_QUEUED, CBZ_OUTBOX_STATE_QUEUED,
                        CBZ_OUTBOX_STATE_CANCELLED, _("Cancelled by the user"), error);
}

/* For CbzSender */

static char *
status_summary (const CbzOutboxMessage *message,
                CbzOutboxState          from,
                CbzOutboxState          to)
{
  const char *what = reminder_summary (message->channel);

  switch (to)
    {
    case CBZ_OUTBOX_STATE_FAILED:
      /* Translators: %s is "SMS reminder", "Email reminder", … */
      return g_strdup_printf (_("%s failed"), what);
    case CBZ_OUTBOX_STATE_UNKNOWN:
      /* Translators: %s is "SMS reminder", "Email reminder", … */
      return g_strdup_printf (_("%s held: check before resending"), what);
    case CBZ_OUTBOX_STATE_CANCELLED:
      /* Translators: %s is "SMS reminder", "Email reminder", … */
      return g_strdup_printf (_("%s cancelled"), what);
    case CBZ_OUTBOX_STATE_QUEUED:
      if (from == CBZ_OUTBOX_STATE_SENDING)
        /* Translators: %s is "SMS reminder", "Email reminder", … */
        return g_strdup_printf (_("%s will be retried"), what);
      if (from == CBZ_OUTBOX_STATE_UNKNOWN || from == CBZ_OUTBOX_STATE_FAILED)
        /* Translators: %s is "SMS reminder", "Email reminder", … */
        return g_strdup_printf (_("%s queued again"), what);
      return NULL;
    case CBZ_OUTBOX_STATE_SENDING:
    case CBZ_OUTBOX_STATE_SENT:
    case CBZ_OUTBOX_STATE_DELIVERED:
    case CBZ_OUTBOX_STATE_DRY_RUN:
    case CBZ_OUTBOX_N_STATES:
    default:
      return NULL;
    }
}

gboolean
_cbz_outbox_transition (CbzOutbox         *self,
                        CbzOutboxMessage  *message,
                        CbzOutboxState     state,
                        const char        *provider_message_id,
                        const char        *reason,
                        gint64             next_attempt_at,
                        GError           **error)
{
  sqlite3 *db = cbz_store_get_handle (self->store);
  sqlite3_stmt *stmt;
  g_autofree char *summary = NULL;
  gint64 now = cbz_store_now ();
  CbzOutboxState from = message->state;

  if ((stmt = get_stmt (self, STMT_TRANSITION, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, message->id);
  bind_text (stmt, 2, state_names[from]);
  bind_text (stmt, 3, state_names[state]);
  bind_text (stmt, 4, reason);
  bind_text (stmt, 5, provider_message_id);
  sqlite3_bind_int64 (stmt, 6, next_attempt_at);
  sqlite3_bind_int64 (stmt, 7, now);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return set_sql_error (error, db, _("change a message’s state"));
  sqlite3_reset (stmt);
  if (sqlite3_changes (db) != 1)
    {
      g_set_error (error, CBZ_OUTBOX_ERROR, CBZ_OUTBOX_ERROR_WRONG_STATE,
                   _("Message %lld is no longer “%s”"),
                   (long long) message->id, cbz_outbox_state_get_label (from));
      return FALSE;
    }

  message->state = state;
  g_free (message->last_error);
  message->last_error = g_strdup (reason);
  if (provider_message_id != NULL)
    {
      g_free (message->provider_message_id);
      message->provider_message_id = g_strdup (provider_message_id);
    }
  message->next_attempt_at = next_attempt_at;
  message->updated_at = now;
  if (state == CBZ_OUTBOX_STATE_SENDING)
    {
      message->attempts++;
      message->sending_since = now;
    }

  if (message->event_id != 0 &&
      !cbz_store_update_event_delivery (self->store, message->event_id, state_to_delivery (state),
                                        message->provider_message_id, error))
    return FALSE;

  summary = status_summary (message, from, state);
  if (summary != NULL && !add_status_event (self, message, summary, reason, error))
    return FALSE;

  cbz_store_mark_changed (self->store);
  return TRUE;
}

static char *
find_disputed (CbzOutbox               *self,
               const CbzOutboxMessage  *message,
               GError                 **error)
{
  sqlite3_stmt *stmt;
  char *numbers;

  if (message->invoice_set == NULL || *message->invoice_set == '\0')
    return NULL;
  if ((stmt = get_stmt (self, STMT_DISPUTED, error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, message->debtor_id);
  bind_text (stmt, 2, message->invoice_set);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_sql_error (error, cbz_store_get_handle (self->store), _("check disputed invoices"));
      return NULL;
    }
  numbers = column_text (stmt, 0);
  sqlite3_reset (stmt);
  return numbers;
}

static const char *
opted_out_reason (CbzChannel channel)
{
  switch (channel)
    {
    case CBZ_CHANNEL_WHATSAPP:
      return _("Not sent: the customer opted out of WhatsApp messages");
    case CBZ_CHANNEL_EMAIL:
      return _("Not sent: the customer opted out of email");
    case CBZ_CHANNEL_SMS:
    default:
      return _("Not sent: the customer opted out of SMS");
    }
}

gboolean
_cbz_outbox_claim (CbzOutbox   *self,
                   const char  *provider,
                   guint        limit,
                   gboolean     dry_run,
                   gboolean     only_dry_runs,
                   gint64       now,
                   GPtrArray   *claimed,
                   GPtrArray   *settled,
                   GError     **error)
{
  sqlite3 *db = cbz_store_get_handle (self->store);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) opted_out = g_array_new (FALSE, FALSE, sizeof (gboolean));
  sqlite3_stmt *stmt;
  guint n_claimed = claimed->len;
  guint n_settled = settled->len;
  int rc;

  if (limit == 0)
    return TRUE;

  if (!cbz_store_begin (self->store, error))
    return FALSE;

  if ((stmt = get_stmt (self, STMT_CLAIM_CANDIDATES, error)) == NULL)
    goto fail;
  bind_text (stmt, 1, provider);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, limit);
  sqlite3_bind_int (stmt, 4, only_dry_runs ? 1 : 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gboolean out = sqlite3_column_int (stmt, 1) != 0;

      g_array_append_val (ids, id);
      g_array_append_val (opted_out, out);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sql_error (error, db, _("find messages to send"));
      goto fail;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(CbzOutboxMessage) message = get_message (self, g_array_index (ids, gint64, i), error);
      g_autofree char *disputed = NULL;
      GError *local_error = NULL;

      if (message == NULL)
        goto fail;

      if (g_array_index (opted_out, gboolean, i))
        {
          if (!_cbz_outbox_transition (self, message, CBZ_OUTBOX_STATE_FAILED, NULL,
                                       opted_out_reason (message->channel), now, error))
            goto fail;
          g_ptr_array_add (settled, g_steal_pointer (&message));
          continue;
        }

      disputed = find_disputed (self, message, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          goto fail;
        }
      if (disputed != NULL)
        {
          g_autofree char *reason =
            g_strdup_printf (_("Not sent: invoice %s is disputed; disputed invoices are not chased"),
                             disputed);

          if (!_cbz_outbox_transition (self, message, CBZ_OUTBOX_STATE_FAILED, NULL,
                                       reason, now, error))
            goto fail;
          g_ptr_array_add (settled, g_steal_pointer (&message));
          continue;
        }

      if (dry_run || message->dry_run)
        {
          if (!_cbz_outbox_transition (self, message, CBZ_OUTBOX_STATE_DRY_RUN, NULL,
                                       NULL, now, error))
            goto fail;
          g_ptr_array_add (settled, g_steal_pointer (&message));
          continue;
        }

      if (!_cbz_outbox_transition (self, message, CBZ_OUTBOX_STATE_SENDING, NULL, NULL,
                                   now, error))
        goto fail;
      g_ptr_array_add (claimed, g_steal_pointer (&message));
    }

  /* The point of the outbox: "sending" is on disk before any request leaves. */
  if (!cbz_store_commit (self->store, error))
    {
      g_ptr_array_set_size (claimed, n_claimed);
      g_ptr_array_set_size (settled, n_settled);
      return FALSE;
    }
  return TRUE;

fail:
  cbz_store_rollback (self->store);
  g_ptr_array_set_size (claimed, n_claimed);
  g_ptr_array_set_size (settled, n_settled);
  return FALSE;
}

gboolean
_cbz_outbox_fail_expired (CbzOutbox  *self,
                          gint64      now,
                          guint      *n_failed,
                          GError    **error)
{
  sqlite3 *db = cbz_store_get_handle (self->store);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  *n_failed = 0;
  if ((stmt = get_stmt (self, STMT_EXPIRED, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_sql_error (error, db, _("find expired messages"));
  if (ids->len == 0)
    return TRUE;

  if (!cbz_store_begin (self->store, error))
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(CbzOutboxMessage) message = get_message (self, g_array_index (ids, gint64, i), error);
      g_autofree char *reason = NULL;
      g_autoptr(GDateTime) created = NULL;
      g_autofree char *when = NULL;

      if (message == NULL)
        goto fail;
      created = g_date_time_new_from_unix_local (message->created_at / G_USEC_PER_SEC);
      when = g_date_time_format (created, "%Y-%m-%d %H:%M");
      if (message->last_error != NULL)
        reason = g_strdup_printf (_("Gave up: still not sent after %u attempts since %s. Last error: %s"),
                                  message->attempts, when, message->last_error);
      else
        reason = g_strdup_printf (_("Gave up: still not sent since %s, too old to send now"), when);
      if (!_cbz_outbox_transition (self, message, CBZ_OUTBOX_STATE_FAILED, NULL, reason, now, error))
        goto fail;
    }
  if (!cbz_store_commit (self->store, error))
    return FALSE;
  *n_failed = ids->len;
  return TRUE;

fail:
  cbz_store_rollback (self->store);
  return FALSE;
}

gint64
_cbz_outbox_next_due (CbzOutbox   *self,
                      const char  *provider,
                      GError     **error)
{
  sqlite3_stmt *stmt = get_stmt (self, provider != NULL ? STMT_NEXT_DUE : STMT_NEXT_DUE_ANY, error);
  gint64 due = G_MAXINT64;

  if (stmt == NULL)
    return G_MAXINT64;
  if (provider != NULL)
    bind_text (stmt, 1, provider);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    due = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return due;
}

GStrv
_cbz_outbox_pending_providers (CbzOutbox  *self,
                               GError    **error)
{
  sqlite3 *db = cbz_store_get_handle (self->store);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, "SELECT DISTINCT provider FROM outbox"
                              " WHERE state IN ('queued', 'sending') ORDER BY provider",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sql_error (error, db, _("list providers"));
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sql_error (error, db, _("list providers"));
      return NULL;
    }
  return g_strv_builder_end (builder);
}

GPtrArray *
_cbz_outbox_list_sending (CbzOutbox  *self,
                          GError    **error)
{
  return select_messages (self,
                          "SELECT " SELECT_COLUMNS " FROM outbox WHERE state = 'sending'"
                          " ORDER BY sending_since, id",
                          error, 0);
}

GPtrArray *
_cbz_outbox_list_to_poll (CbzOutbox   *self,
                          const char  *provider,
                          gint64       now,
                          guint        limit,
                          GError     **error)
{
  sqlite3 *db = cbz_store_get_handle (self->store);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_outbox_message_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db,
                          "SELECT " SELECT_COLUMNS " FROM outbox WHERE state = 'sent' AND provider = ?1"
                          " AND provider_message_id IS NOT NULL AND next_attempt_at <= ?2"
                          " AND sending_since > ?2 - 259200000000 ORDER BY next_attempt_at LIMIT ?3",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sql_error (error, db, _("find messages to follow up"));
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, provider, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (messages, message_from_row (stmt));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sql_error (error, db, _("find messages to follow up"));
      return NULL;
    }
  return g_steal_pointer (&messages);
}

gint64
_cbz_outbox_count_pending (CbzOutbox  *self,
                           GError    **error)
{
  sqlite3 *db = cbz_store_get_handle (self->store);
  sqlite3_stmt *stmt = NULL;
  gint64 count = -1;

  if (sqlite3_prepare_v2 (db, "SELECT count(*) FROM outbox WHERE state IN ('queued', 'sending')",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sql_error (error, db, _("count messages"));
      return -1;
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    set_sql_error (error, db, _("count messages"));
  sqlite3_finalize (stmt);
  return count;
}
