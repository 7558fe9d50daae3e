/* cbz-message-template.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "cbz-credentials.h"
#include "cbz-message-template.h"
#include "cbz-money.h"

#define RESOURCE_PREFIX "/io/github/cobranza/Cobranza/messages/"

G_DEFINE_QUARK (cbz-message-template-error-quark, cbz_message_template_error)

/* Helpers */

static const char *
channel_group (CbzChannel channel)
{
  return cbz_channel_to_string (channel);
}

static gboolean
check_text (const char  *what,
            const char  *text,
            GError     **error)
{
  g_autoptr(GPtrArray) problems = NULL;
  CbzTemplateDiagnostic *first;

  if (text == NULL)
    return TRUE;

  problems = cbz_template_check (text);
  if (problems->len == 0)
    return TRUE;

  first = g_ptr_array_index (problems, 0);
  g_set_error (error, CBZ_MESSAGE_TEMPLATE_ERROR, CBZ_MESSAGE_TEMPLATE_ERROR_INVALID,
               /* Translators: 1 "subject", "text"…; 2 line; 3 column; 4 the engine's message. */
               _("The message %s has a problem at line %u, column %u: %s"),
               what, first->line, first->column, first->message);
  return FALSE;
}

static char *
render_text (const char          *text,
             CbzTemplateContext  *context,
             GError             **error)
{
  if (text == NULL)
    return NULL;
  return cbz_template_expand (text, context, error);
}

static char *
join_numbers (GPtrArray  *numbers,
              const char *language)
{
  gboolean english = g_str_has_prefix (language, "en");
  GString *out = g_string_new (NULL);
  guint shown = MIN (numbers->len, 3);

  /* A reminder that lists twenty invoices no longer fits in an SMS. */
  if (numbers->len > 3)
    shown = 2;

  for (guint i = 0; i < shown; i++)
    {
      if (i > 0)
        g_string_append (out, (i == shown - 1 && numbers->len == shown) ? (english ? " and " : " y ") : ", ");
      g_string_append (out, g_ptr_array_index (numbers, i));
    }
  if (numbers->len > shown)
    g_string_append_printf (out, english ? " and %u more" : " y %u más", numbers->len - shown);
  return g_string_free (out, FALSE);
}

static char *
format_date (const char *iso,
             const char *language)
{
  int y, m, d;

  if (iso == NULL || sscanf (iso, "%d-%d-%d", &y, &m, &d) != 3)
    return g_strdup (iso != NULL ? iso : "");
  if (g_str_has_prefix (language, "en"))
    return g_strdup (iso);
  return g_strdup_printf ("%02d/%02d/%04d", d, m, y);
}

/* Public API */

CbzMessageTemplate *
cbz_message_template_new (const char *name,
                          CbzChannel  channel,
                          const char *language)
{
  CbzMessageTemplate *self = g_new0 (CbzMessageTemplate, 1);

  self->name = g_strdup (name);
  self->channel = channel;
  self->language = g_strdup (language);
  return self;
}

CbzMessageTemplate *
cbz_message_template_copy (const CbzMessageTemplate *self)
{
  CbzMessageTemplate *copy;

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
cbz_message_template_free (CbzMessageTemplate *self)
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

void
cbz_rendered_message_free (CbzRenderedMessage *message)
{
  if (message == NULL)
    return;

  g_free (message->subject);
  g_free (message->body);
  g_free (message->html);
  g_strfreev (message->wa_params);
  g_free (message);
}

CbzMessageTemplate *
cbz_message_template_load_builtin (const char  *name,
                                   CbzChannel   channel,
                                   const char  *language,
                                   GError     **error)
{
  g_autoptr(CbzMessageTemplate) self = NULL;
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = NULL;
  g_autofree char *html_file = NULL;
  const char *group = channel_group (channel);

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (language != NULL, NULL);

  path = g_strdup_printf (RESOURCE_PREFIX "%s-%s.ini", name, language);
  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL && !g_str_equal (language, "es"))
    return cbz_message_template_load_builtin (name, channel, "es", error);
  if (bytes == NULL ||
      !g_key_file_load_from_bytes (keyfile, bytes, G_KEY_FILE_NONE, NULL) ||
      !g_key_file_has_group (keyfile, group))
    {
      g_set_error (error, CBZ_MESSAGE_TEMPLATE_ERROR, CBZ_MESSAGE_TEMPLATE_ERROR_NOT_FOUND,
                   _("There is no built-in “%s” message for %s"), name, group);
      return NULL;
    }

  self = cbz_message_template_new (name, channel, language);
  self->builtin = TRUE;
  self->sms_plain = g_key_file_get_boolean (keyfile, group, "plain", NULL);
  self->subject = g_key_file_get_string (keyfile, group, "subject", NULL);
  self->body = g_key_file_get_string (keyfile, group, channel == CBZ_CHANNEL_EMAIL ? "text" : "body", NULL);
  self->wa_template = g_key_file_get_string (keyfile, group, "template", NULL);
  self->wa_language = g_key_file_get_string (keyfile, group, "language", NULL);
  self->wa_params = g_key_file_get_string_list (keyfile, group, "parameters", NULL, NULL);

  html_file = g_key_file_get_string (keyfile, group, "html-file", NULL);
  if (html_file != NULL)
    {
      g_autofree char *html_path = g_strconcat (RESOURCE_PREFIX, html_file, NULL);
      g_autoptr(GBytes) html = g_resources_lookup_data (html_path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);

      if (html == NULL)
        return NULL;
      self->html = g_strndup (g_bytes_get_data (html, NULL), g_bytes_get_size (html));
    }

  if (self->body == NULL)
    {
      g_set_error (error, CBZ_MESSAGE_TEMPLATE_ERROR, CBZ_MESSAGE_TEMPLATE_ERROR_NOT_FOUND,
                   _("The built-in “%s” message for %s has no text"), name, group);
      return NULL;
    }
  return g_steal_pointer (&self);
}

CbzMessageTemplate *
cbz_message_template_load (CbzStore    *store,
                           const char  *name,
                           CbzChannel   channel,
                           const char  *language,
                           GError     **error)
{
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  CbzMessageTemplate *self = NULL;
  int rc;

  g_return_val_if_fail (CBZ_IS_STORE (store), NULL);
  g_return_val_if_fail (name != NULL && language != NULL, NULL);

  db = cbz_store_get_handle (store);
  if (sqlite3_prepare_v2 (db,
                          "SELECT subject, body, html, wa_template, wa_language, wa_params, sms_plain"
                          " FROM message_templates WHERE name = ?1 AND channel = ?2 AND language = ?3",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, CBZ_MESSAGE_TEMPLATE_ERROR, CBZ_MESSAGE_TEMPLATE_ERROR_SQL,
                   _("Could not read message templates: %s"), sqlite3_errmsg (db));
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, cbz_channel_to_string (channel), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, language, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *params = (const char *) sqlite3_column_text (stmt, 5);

      self = cbz_message_template_new (name, channel, language);
      self->subject = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      self->body = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      self->html = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      self->wa_template = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      self->wa_language = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      /* Parameters are stored one per line. */
      self->wa_params = params != NULL && *params != '\0' ? g_strsplit (params, "\n", -1) : NULL;
      self->sms_plain = sqlite3_column_int (stmt, 6) != 0;
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      g_set_error (error, CBZ_MESSAGE_TEMPLATE_ERROR, CBZ_MESSAGE_TEMPLATE_ERROR_SQL,
                   _("Could not read message templates: %s"), sqlite3_errmsg (db));
      return NULL;
    }
  if (self != NULL)
    return self;
  return cbz_message_template_load_builtin (name, channel, language, error);
}

gboolean
cbz_message_template_save (const CbzMessageTemplate  *self,
                           CbzStore                  *store,
                           GError                   **error)
{
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *params = NULL;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (CBZ_IS_STORE (store), FALSE);

  if (self->body == NULL || *self->body == '\0')
    {
      g_set_error (error, CBZ_MESSAGE_TEMPLATE_ERROR, CBZ_MESSAGE_TEMPLATE_ERROR_INVALID,
                   _("The message has no text"));
      return FALSE;
    }
  if (!check_text (_("subject"), self->subject, error) ||
      !check_text (_("text"), self->body, error) ||
      !check_text (_("HTML"), self->html, error))
    return FALSE;
  for (guint i = 0; self->wa_params != NULL && self->wa_params[i] != NULL; i++)
    if (!check_text (_("WhatsApp parameter"), self->wa_params[i], error))
      return FALSE;

  params = self->wa_params != NULL ? g_strjoinv ("\n", self->wa_params) : NULL;
  db = cbz_store_get_handle (store);
  if (sqlite3_prepare_v2 (db,
                          "INSERT OR REPLACE INTO message_templates (name, channel, language, subject,"
                          " body, html, wa_template, wa_language, wa_params, sms_plain, updated_at)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, CBZ_MESSAGE_TEMPLATE_ERROR, CBZ_MESSAGE_TEMPLATE_ERROR_SQL,
                   _("Could not save the message template: %s"), sqlite3_errmsg (db));
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, self->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, cbz_channel_to_string (self->channel), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, self->language, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, self->subject, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, self->body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, self->html, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, self->wa_template, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, self->wa_language, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 9, params, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 10, self->sms_plain ? 1 : 0);
  sqlite3_bind_int64 (stmt, 11, cbz_store_now ());
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  sqlite3_finalize (stmt);
  if (!ok)
    {
      g_set_error (error, CBZ_MESSAGE_TEMPLATE_ERROR, CBZ_MESSAGE_TEMPLATE_ERROR_SQL,
                   _("Could not save the message template: %s"), sqlite3_errmsg (db));
      return FALSE;
    }
  cbz_store_mark_changed (store);
  return TRUE;
}

gboolean
cbz_message_template_reset (CbzStore    *store,
                            const char  *name,
                            CbzChannel   channel,
                            const char  *language,
                            GError     **error)
{
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (CBZ_IS_STORE (store), FALSE);

  db = cbz_store_get_handle (store);
  if (sqlite3_prepare_v2 (db, "DELETE FROM message_templates WHERE name = ?1 AND channel = ?2 AND language = ?3",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, CBZ_MESSAGE_TEMPLATE_ERROR, CBZ_MESSAGE_TEMPLATE_ERROR_SQL,
                   _("Could not reset the message template: %s"), sqlite3_errmsg (db));
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, cbz_channel_to_string (channel), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, language, -1, SQLITE_TRANSIENT);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  sqlite3_finalize (stmt);
  if (!ok)
    {
      g_set_error (error, CBZ_MESSAGE_TEMPLATE_ERROR, CBZ_MESSAGE_TEMPLATE_ERROR_SQL,
                   _("Could not reset the message template: %s"), sqlite3_errmsg (db));
      return FALSE;
    }
  cbz_store_mark_changed (store);
  return TRUE;
}

CbzRenderedMessage *
cbz_message_template_render (const CbzMessageTemplate  *self,
                             CbzTemplateContext        *context,
                             GError                   **error)
{
  g_autoptr(CbzRenderedMessage) rendered = g_new0 (CbzRenderedMessage, 1);

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (context != NULL, NULL);

  rendered->body = render_text (self->body, context, error);
  if (rendered->body == NULL)
    return NULL;
  if (self->subject != NULL && (rendered->subject = render_text (self->subject, context, error)) == NULL)
    return NULL;
  if (self->html != NULL && (rendered->html = render_text (self->html, context, error)) == NULL)
    return NULL;

  if (self->wa_params != NULL)
    {
      guint n = g_strv_length (self->wa_params);

      rendered->wa_params = g_new0 (char *, n + 1);
      for (guint i = 0; i < n; i++)
        if ((rendered->wa_params[i] = render_text (self->wa_params[i], context, error)) == NULL)
          return NULL;
    }

  if (self->channel == CBZ_CHANNEL_SMS && self->sms_plain)
    {
      char *plain = cbz_sms_replace_accents (rendered->body);
      g_free (rendered->body);
      rendered->body = plain;
    }
  cbz_sms_count (rendered->body, &rendered->sms);
  return g_steal_pointer (&rendered);
}

static void
set_default (CbzTemplateContext *context,
             CbzTemplateVar      var,
             const char         *value)
{
  if (cbz_template_context_get (context, var) == NULL)
    cbz_template_context_set (context, var, value);
}

CbzTemplateContext *
cbz_message_context_new_for_debtor (CbzStore            *store,
                                    gint64               debtor_id,
                                    CbzTemplateContext  *company,
                                    GArray             **invoice_ids,
                                    GError             **error)
{
  g_autoptr(CbzTemplateContext) context = NULL;
  g_autoptr(CbzDebtor) debtor = NULL;
  g_autoptr(GPtrArray) invoices = NULL;
  g_autoptr(GPtrArray) numbers = g_ptr_array_new ();
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *locale = NULL;
  g_autofree char *overdue_text = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *invoices_text = NULL;
  g_autofree char *due_text = NULL;
  g_autofree char *days_text = NULL;
  g_autofree char *count_text = NULL;
  g_autofree char *today_text = NULL;
  const char *language;
  const char *oldest_due = NULL;
  const char *oldest_number = NULL;
  gint64 overdue = 0;
  gint64 total = 0;
  gint64 max_days = 0;
  guint n_disputed = 0;

  g_return_val_if_fail (CBZ_IS_STORE (store), NULL);

  debtor = cbz_store_get_debtor (store, debtor_id, error);
  if (debtor == NULL)
    return NULL;
  invoices = cbz_store_list_invoices (store, debtor_id, TRUE, error);
  if (invoices == NULL)
    return NULL;

  language = debtor->language != NULL ? debtor->language : "es";
  locale = g_strdup_printf ("%s_%s", language, debtor->country != NULL ? debtor->country : "MX");

  for (guint i = 0; i < invoices->len; i++)
    {
      CbzInvoice *invoice = g_ptr_array_index (invoices, i);

      /* Amounts are summed in the customer's main currency only. */
      if (g_strcmp0 (invoice->currency, debtor->currency) != 0 || invoice->balance <= 0)
        continue;
      total += invoice->balance;
      if (invoice->days_overdue <= 0)
        continue;
      if (invoice->status == CBZ_INVOICE_STATUS_DISPUTED)
        {
          n_disputed++;
          continue;
        }
      overdue += invoice->balance;
      max_days = MAX (max_days, invoice->days_overdue);
      if (oldest_due == NULL || g_strcmp0 (invoice->due_date, oldest_due) < 0)
        {
          oldest_due = invoice->due_date;
          oldest_number = invoice->number;
        }
      g_ptr_array_add (numbers, invoice->number);
      g_array_append_val (ids, invoice->id);
    }

  if (ids->len == 0)
    {
      if (n_disputed > 0)
        g_set_error (error, CBZ_MESSAGE_TEMPLATE_ERROR, CBZ_MESSAGE_TEMPLATE_ERROR_NOTHING_DUE,
                     _("%s: every overdue invoice is disputed; disputed invoices are not chased"),
                     debtor->name);
      else
        g_set_error (error, CBZ_MESSAGE_TEMPLATE_ERROR, CBZ_MESSAGE_TEMPLATE_ERROR_NOTHING_DUE,
                     _("%s has nothing overdue"), debtor->name);
      return NULL;
    }

  context = company != NULL ? cbz_template_context_copy (company) : cbz_template_context_new ();
  overdue_text = cbz_money_format (cbz_money_init (overdue, debtor->currency), locale);
  total_text = cbz_money_format (cbz_money_init (total, debtor->currency), locale);
  invoices_text = join_numbers (numbers, language);
  due_text = format_date (oldest_due, language);
  days_text = g_strdup_printf ("%" G_GINT64_FORMAT, max_days);
  count_text = g_strdup_printf ("%u", ids->len);
  today_text = format_date (cbz_store_get_today (store), language);

  cbz_template_context_set (context, CBZ_TEMPLATE_VAR_NAME, debtor->name);
  cbz_template_context_set (context, CBZ_TEMPLATE_VAR_CONTACT,
                            debtor->contact_person != NULL ? debtor->contact_person : debtor->name);
  cbz_template_context_set (context, CBZ_TEMPLATE_VAR_TAX_ID, debtor->tax_id != NULL ? debtor->tax_id : "");
  cbz_template_context_set (context, CBZ_TEMPLATE_VAR_OVERDUE_BALANCE, overdue_text);
  cbz_template_context_set (context, CBZ_TEMPLATE_VAR_TOTAL_BALANCE, total_text);
  cbz_template_context_set (context, CBZ_TEMPLATE_VAR_DAYS_OVERDUE, days_text);
  cbz_template_context_set (context, CBZ_TEMPLATE_VAR_DUE_DATE, due_text);
  cbz_template_context_set (context, CBZ_TEMPLATE_VAR_INVOICES, invoices_text);
  cbz_template_context_set (context, CBZ_TEMPLATE_VAR_INVOICE, oldest_number);
  cbz_template_context_set (context, CBZ_TEMPLATE_VAR_INVOICE_COUNT, count_text);
  cbz_template_context_set (context, CBZ_TEMPLATE_VAR_CURRENCY, debtor->currency);
  set_default (context, CBZ_TEMPLATE_VAR_DATE, today_text);
  set_default (context, CBZ_TEMPLATE_VAR_TOTAL_DUE, overdue_text);

  /* Optional company details: blank rather than an error when not set up.
   * The company's name is not optional: a reminder must say who sends it. */
  set_default (context, CBZ_TEMPLATE_VAR_COMPANY_PHONE, "");
  set_default (context, CBZ_TEMPLATE_VAR_COMPANY_EMAIL, "");
  set_default (context, CBZ_TEMPLATE_VAR_PAYMENT_LINK, "");
  set_default (context, CBZ_TEMPLATE_VAR_PAYMENT_REFERENCE, "");
  set_default (context, CBZ_TEMPLATE_VAR_BANK, "");
  set_default (context, CBZ_TEMPLATE_VAR_ACCOUNT, "");
  set_default (context, CBZ_TEMPLATE_VAR_SIGNER, "");
  set_default (context, CBZ_TEMPLATE_VAR_LATE_FEE, "");
  set_default (context, CBZ_TEMPLATE_VAR_DEADLINE, "");

  if (invoice_ids != NULL)
    *invoice_ids = g_steal_pointer (&ids);
  return g_steal_pointer (&context);
}

/**
 * cbz_message_default_provider:
 * @channel: a channel
 *
 * Returns: the provider used for @channel when none is named
 */
const char *
cbz_message_default_provider (CbzChannel channel)
{
  static const char * const email_providers[] = { "sendgrid", "mailgun", "postmark" };

  switch (channel)
    {
    case CBZ_CHANNEL_WHATSAPP:
      return "whatsapp";
    case CBZ_CHANNEL_EMAIL:
      /* The first e-mail provider with credentials in the environment or
       * turned on in Preferences. */
      for (guint i = 0; i < G_N_ELEMENTS (email_providers); i++)
        {
          g_autoptr(CbzProviderAccount) account = cbz_credentials_account_from_env (email_providers[i]);

          if (account != NULL || cbz_credentials_is_enabled (email_providers[i]))
            return email_providers[i];
        }
      return "sendgrid";
    case CBZ_CHANNEL_SMS:
    default:
      return "twilio";
    }
}

/**
 * cbz_message_pick_recipient:
 *
 * Returns: (transfer full) (nullable): where to reach @debtor on @channel
 */
char *
cbz_message_pick_recipient (const CbzDebtor *debtor,
                            CbzChannel       channel)
{
  switch (channel)
    {
    case CBZ_CHANNEL_WHATSAPP:
      return g_strdup (debtor->whatsapp != NULL ? debtor->whatsapp : debtor->mobile);
    case CBZ_CHANNEL_EMAIL:
      if (debtor->email == NULL)
        return NULL;
      {
        g_auto(GStrv) addresses = g_strsplit (debtor->email, ",", 2);
        return g_strstrip (g_strdup (addresses[0]));
      }
    case CBZ_CHANNEL_SMS:
    default:
      return g_strdup (debtor->mobile != NULL ? debtor->mobile : debtor->phone);
    }
}

/**
 * cbz_message_build_reminder:
 *
 * Renders @template_name for the customer into an outbox message keyed by
 * "manual:TEMPLATE:CHANNEL", its overdue undisputed invoices and @cycle, so
 * asking twice the same day for the same invoices gives the same key.
 *
 * Returns: (transfer full) (nullable): the message; NULL with a reason for a
 *   person in *@skip when the customer is skipped (nothing overdue, no
 *   address), NULL with @error on failure
 */
CbzOutboxMessage *
cbz_message_build_reminder (CbzStore            *store,
                            gint64               debtor_id,
                            CbzChannel           channel,
                            const char          *provider,
                            const char          *template_name,
                            CbzTemplateContext  *company,
                            const char          *cycle,
                            char               **skip,
                            GError             **error)
{
  g_autoptr(CbzDebtor) debtor = NULL;
  g_autoptr(CbzTemplateContext) context = NULL;
  g_autoptr(CbzMessageTemplate) template = NULL;
  g_autoptr(CbzRenderedMessage) rendered = NULL;
  g_autoptr(GArray) invoice_ids = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *recipient = NULL;
  g_autofree char *action = NULL;
  CbzOutboxMessage *message;

  debtor = cbz_store_get_debtor (store, debtor_id, error);
  if (debtor == NULL)
    return NULL;

  recipient = cbz_message_pick_recipient (debtor, channel);
  if (recipient == NULL || *recipient == '\0')
    {
      *skip = g_strdup_printf (_("%s (customer %lld) has no %s address"),
                               debtor->name, (long long) debtor_id, cbz_channel_to_string (channel));
      return NULL;
    }

  context = cbz_message_context_new_for_debtor (store, debtor_id, company, &invoice_ids, &local_error);
  if (context == NULL)
    {
      if (g_error_matches (local_error, CBZ_MESSAGE_TEMPLATE_ERROR, CBZ_MESSAGE_TEMPLATE_ERROR_NOTHING_DUE))
        {
          *skip = g_strdup (local_error->message);
          return NULL;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  template = cbz_message_template_load (store, template_name, channel,
                                        debtor->language != NULL ? debtor->language : "es", error);
  if (template == NULL)
    return NULL;
  rendered = cbz_message_template_render (template, context, error);
  if (rendered == NULL)
    return NULL;

  message = cbz_outbox_message_new (debtor_id, channel, provider, recipient, rendered->body);
  action = g_strdup_printf ("manual:%s:%s", template_name, cbz_channel_to_string (channel));
  cbz_outbox_message_set_key (message, action, (const gint64 *) (gpointer) invoice_ids->data,
                              invoice_ids->len, cycle);
  message->template_name = g_strdup (template_name);
  message->language = g_strdup (template->language);
  message->subject = g_steal_pointer (&rendered->subject);
  message->html = g_steal_pointer (&rendered->html);
  /* Meta names templates ("recordatorio_pago"); Twilio wants the ContentSid
   * ("HX…") of its own copy. A Meta name is no use to Twilio: the text goes
   * instead (fine inside the 24-hour window, refused with a reason outside). */
  if (channel == CBZ_CHANNEL_WHATSAPP && template->wa_template != NULL &&
      (g_strcmp0 (provider, "twilio") != 0 || g_str_has_prefix (template->wa_template, "HX")))
    {
      message->wa_template = g_strdup (template->wa_template);
      message->wa_language = g_strdup (template->wa_language);
      message->wa_params = g_steal_pointer (&rendered->wa_params);
    }
  return message;
}
