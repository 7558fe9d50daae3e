/* cbz-message-template.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The wordings of the messages: built-in ones from the resources, the
 * user's own through the store (cbz-store-templates.h), checked with the
 * template engine and rendered. The reminder built from them is in
 * cbz-message-reminder.c.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cbz-message-template.h"
#include "cbz-store-templates.h"

#define RESOURCE_PREFIX "/io/github/cobranza/Cobranza/messages/"

G_DEFINE_QUARK (cbz-message-template-error-quark, cbz_message_template_error)

/* Helpers */

static const char *
channel_group (CbzChannel channel)
{
  return cbz_channel_to_string (channel);
}

typedef enum
{
  CHECK_SUBJECT,
  CHECK_TEXT,
  CHECK_HTML,
  CHECK_PARAMETER,
} CheckedField;

/* One sentence per field, so that each translates whole. */
static gboolean
check_text (CheckedField   field,
            const char    *text,
            guint          parameter,
            GError       **error)
{
  g_autoptr(GPtrArray) problems = NULL;
  CbzTemplateDiagnostic *first;

  if (text == NULL)
    return TRUE;

  problems = cbz_template_check (text);
  if (problems->len == 0)
    return TRUE;

  first = g_ptr_array_index (problems, 0);
  switch (field)
    {
    case CHECK_SUBJECT:
      /* Translators: 1 line; 2 column; 3 the template engine's message. */
      g_set_error (error, CBZ_MESSAGE_TEMPLATE_ERROR, CBZ_MESSAGE_TEMPLATE_ERROR_INVALID,
                   _("The subject has a problem at line %1$u, column %2$u: %3$s"),
                   first->line, first->column, first->message);
      break;
    case CHECK_TEXT:
      g_set_error (error, CBZ_MESSAGE_TEMPLATE_ERROR, CBZ_MESSAGE_TEMPLATE_ERROR_INVALID,
                   _("The text has a problem at line %1$u, column %2$u: %3$s"),
                   first->line, first->column, first->message);
      break;
    case CHECK_HTML:
      g_set_error (error, CBZ_MESSAGE_TEMPLATE_ERROR, CBZ_MESSAGE_TEMPLATE_ERROR_INVALID,
                   _("The HTML has a problem at line %1$u, column %2$u: %3$s"),
                   first->line, first->column, first->message);
      break;
    case CHECK_PARAMETER:
    default:
      /* Translators: 1 the parameter's number, as in {{1}}; 2 line; 3 column; 4 the engine's message. */
      g_set_error (error, CBZ_MESSAGE_TEMPLATE_ERROR, CBZ_MESSAGE_TEMPLATE_ERROR_INVALID,
                   _("WhatsApp parameter {{%1$u}} has a problem at line %2$u, column %3$u: %4$s"),
                   parameter, first->line, first->column, first->message);
      break;
    }
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

/* The user's saved wording as a template of this layer. */
static CbzMessageTemplate *
template_from_stored (const CbzStoreMessageTemplate *stored,
                      CbzChannel                     channel)
{
  CbzMessageTemplate *self = cbz_message_template_new (stored->name, channel, stored->language);

  self->subject = g_strdup (stored->subject);
  self->body = g_strdup (stored->body);
  self->html = g_strdup (stored->html);
  self->wa_template = g_strdup (stored->wa_template);
  self->wa_language = g_strdup (stored->wa_language);
  self->wa_params = g_strdupv (stored->wa_params);
  self->sms_plain = stored->sms_plain;
  return self;
}

static CbzStoreMessageTemplate *
template_to_stored (const CbzMessageTemplate *self)
{
  CbzStoreMessageTemplate *stored = cbz_store_message_template_new (self->name,
                                                                    cbz_channel_to_event_channel (self->channel),
                                                                    self->language);

  stored->subject = g_strdup (self->subject);
  stored->body = g_strdup (self->body);
  stored->html = g_strdup (self->html);
  stored->wa_template = g_strdup (self->wa_template);
  stored->wa_language = g_strdup (self->wa_language);
  stored->wa_params = g_strdupv (self->wa_params);
  stored->sms_plain = self->sms_plain;
  return stored;
}

CbzMessageTemplate *
cbz_message_template_load (CbzStore    *store,
                           const char  *name,
                           CbzChannel   channel,
                           const char  *language,
                           GError     **error)
{
  g_autoptr(CbzStoreMessageTemplate) stored = NULL;

  g_return_val_if_fail (CBZ_IS_STORE (store), NULL);
  g_return_val_if_fail (name != NULL && language != NULL, NULL);

  if (!cbz_store_lookup_message_template (store, name, cbz_channel_to_event_channel (channel), language,
                                          &stored, error))
    return NULL;
  if (stored != NULL)
    return template_from_stored (stored, channel);
  return cbz_message_template_load_builtin (name, channel, language, error);
}

/* Every text must pass the template engine before it is kept. */
static gboolean
check_template (const CbzMessageTemplate  *self,
                GError                   **error)
{
  if (self->body == NULL || *self->body == '\0')
    {
      g_set_error (error, CBZ_MESSAGE_TEMPLATE_ERROR, CBZ_MESSAGE_TEMPLATE_ERROR_INVALID,
                   _("The message has no text"));
      return FALSE;
    }
  if (!check_text (CHECK_SUBJECT, self->subject, 0, error) ||
      !check_text (CHECK_TEXT, self->body, 0, error) ||
      !check_text (CHECK_HTML, self->html, 0, error))
    return FALSE;
  for (guint i = 0; self->wa_params != NULL && self->wa_params[i] != NULL; i++)
    if (!check_text (CHECK_PARAMETER, self->wa_params[i], i + 1, error))
      return FALSE;
  return TRUE;
}

gboolean
cbz_message_template_save (const CbzMessageTemplate  *self,
                           CbzStore                  *store,
                           GError                   **error)
{
  g_autoptr(CbzStoreMessageTemplate) stored = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (CBZ_IS_STORE (store), FALSE);

  if (!check_template (self, error))
    return FALSE;
  stored = template_to_stored (self);
  return cbz_store_save_message_template (store, stored, error);
}

gboolean
cbz_message_template_reset (CbzStore    *store,
                            const char  *name,
                            CbzChannel   channel,
                            const char  *language,
                            GError     **error)
{
  g_return_val_if_fail (CBZ_IS_STORE (store), FALSE);
  g_return_val_if_fail (name != NULL && language != NULL, FALSE);

  return cbz_store_delete_message_template (store, name, cbz_channel_to_event_channel (channel), language, error);
}

/* The same, on the store's worker connections. */

typedef struct
{
  CbzMessageTemplate *template; /* save; reset: name, channel and language */
  char               *name;     /* list */
} TemplateJob;

static void
template_job_free (TemplateJob *job)
{
  g_clear_pointer (&job->template, cbz_message_template_free);
  g_free (job->name);
  g_free (job);
}

static gboolean
list_saved_job (CbzStore      *worker,
                gpointer       data,
                gpointer      *out_result,
                GCancellable  *cancellable,
                GError       **error)
{
  TemplateJob *job = data;
  g_autoptr(GPtrArray) stored = cbz_store_list_message_templates (worker, job->name, error);
  GPtrArray *templates;

  if (stored == NULL)
    return FALSE;
  templates = g_ptr_array_new_with_free_func ((GDestroyNotify) cbz_message_template_free);
  for (guint i = 0; i < stored->len; i++)
    {
      CbzStoreMessageTemplate *row = g_ptr_array_index (stored, i);
      CbzChannel channel;

      /* A row for a channel this version does not send is skipped. */
      if (cbz_channel_from_string (cbz_event_channel_to_string (row->channel), &channel))
        g_ptr_array_add (templates, template_from_stored (row, channel));
    }
  *out_result = templates;
  return TRUE;
}

static gboolean
save_job (CbzStore      *worker,
          gpointer       data,
          gpointer      *out_result,
          GCancellable  *cancellable,
          GError       **error)
{
  TemplateJob *job = data;

  return cbz_message_template_save (job->template, worker, error);
}

static gboolean
reset_job (CbzStore      *worker,
           gpointer       data,
           gpointer      *out_result,
           GCancellable  *cancellable,
           GError       **error)
{
  TemplateJob *job = data;

  return cbz_message_template_reset (worker, job->template->name, job->template->channel,
                                     job->template->language, error);
}

void
cbz_message_template_list_saved_async (CbzStore            *store,
                                       const char          *name,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  TemplateJob *job;

  g_return_if_fail (CBZ_IS_STORE (store));
  g_return_if_fail (name != NULL);

  job = g_new0 (TemplateJob, 1);
  job->name = g_strdup (name);
  cbz_store_run_async (store, list_saved_job, job, (GDestroyNotify) template_job_free,
                       (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

GPtrArray *
cbz_message_template_list_saved_finish (CbzStore      *store,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  gpointer templates = NULL;

  g_return_val_if_fail (CBZ_IS_STORE (store), NULL);

  if (!cbz_store_run_finish (store, result, &templates, error))
    return NULL;
  return templates;
}

void
cbz_message_template_save_async (const CbzMessageTemplate *self,
                                 CbzStore                 *store,
                                 GCancellable             *cancellable,
                                 GAsyncReadyCallback       callback,
                                 gpointer                  user_data)
{
  TemplateJob *job;

  g_return_if_fail (self != NULL);
  g_return_if_fail (CBZ_IS_STORE (store));

  job = g_new0 (TemplateJob, 1);
  job->template = cbz_message_template_copy (self);
  cbz_store_run_async (store, save_job, job, (GDestroyNotify) template_job_free, NULL,
                       cancellable, callback, user_data);
}

gboolean
cbz_message_template_save_finish (CbzStore      *store,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (CBZ_IS_STORE (store), FALSE);

  return cbz_store_run_finish (store, result, NULL, error);
}

void
cbz_message_template_reset_async (CbzStore            *store,
                                  const char          *name,
                                  CbzChannel           channel,
                                  const char          *language,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  TemplateJob *job;

  g_return_if_fail (CBZ_IS_STORE (store));
  g_return_if_fail (name != NULL && language != NULL);

  job = g_new0 (TemplateJob, 1);
  job->template = cbz_message_template_new (name, channel, language);
  cbz_store_run_async (store, reset_job, job, (GDestroyNotify) template_job_free, NULL,
                       cancellable, callback, user_data);
}

gboolean
cbz_message_template_reset_finish (CbzStore      *store,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (CBZ_IS_STORE (store), FALSE);

  return cbz_store_run_finish (store, result, NULL, error);
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
