/* cbz-fake-provider-admin.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The control endpoints (/_fake/...) another process uses, and the
 * --fault syntax of the standalone program.
 */

#include "config.h"

#include <string.h>

#include "cbz-fake-provider-private.h"

/* Admin endpoints */

static void
add_optional_string (JsonBuilder *b,
                     const char  *name,
                     const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
admin_requests (CbzFakeProvider   *self,
                SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (guint i = 0; i < self->requests->len; i++)
    {
      CbzFakeRequest *request = g_ptr_array_index (self->requests, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "seq");
      json_builder_add_int_value (b, request->seq);
      add_optional_string (b, "provider", request->provider);
      add_optional_string (b, "operation", request->operation);
      add_optional_string (b, "method", request->method);
      add_optional_string (b, "path", request->path);
      add_optional_string (b, "content_type", request->content_type);
      json_builder_set_member_name (b, "status");
      json_builder_add_int_value (b, request->status);
      json_builder_set_member_name (b, "accepted");
      json_builder_add_boolean_value (b, request->accepted);
      json_builder_set_member_name (b, "duplicate");
      json_builder_add_boolean_value (b, request->duplicate);
      add_optional_string (b, "fault", request->fault);
      add_optional_string (b, "to", request->to);
      add_optional_string (b, "from", request->from);
      add_optional_string (b, "subject", request->subject);
      add_optional_string (b, "body", request->body);
      add_optional_string (b, "template", request->template_name);
      add_optional_string (b, "reference", request->reference);
      add_optional_string (b, "message_id", request->message_id);
      add_optional_string (b, "attachment_encoding", request->attachment_encoding);
      add_optional_string (b, "attachment_filename", request->attachment_filename);
      json_builder_set_member_name (b, "attachment_size");
      json_builder_add_int_value (b, request->attachment ? (gint64) g_bytes_get_size (request->attachment) : 0);
      add_optional_string (b, "user_agent", request->user_agent);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  _cbz_fake_respond_builder (msg, 200, b);
}

static void
admin_stats (CbzFakeProvider   *self,
             SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const char * const providers[] = { "twilio", "whatsapp", "sendgrid", "mailgun", "postmark" };
  guint faults = 0;
  guint rejected = 0;

  for (guint i = 0; i < self->requests->len; i++)
    {
      CbzFakeRequest *request = g_ptr_array_index (self->requests, i);

      if (request->fault != NULL)
        faults++;
      if (request->status >= 400)
        rejected++;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "received");
  json_builder_add_int_value (b, cbz_fake_provider_count_received (self, NULL));
  json_builder_set_member_name (b, "accepted");
  json_builder_add_int_value (b, cbz_fake_provider_count_accepted (self, NULL));
  json_builder_set_member_name (b, "duplicates");
  json_builder_add_int_value (b, self->duplicates);
  json_builder_set_member_name (b, "rejected");
  json_builder_add_int_value (b, rejected);
  json_builder_set_member_name (b, "faults");
  json_builder_add_int_value (b, faults);
  json_builder_set_member_name (b, "in_flight");
  json_builder_add_int_value (b, self->in_flight);
  json_builder_set_member_name (b, "max_in_flight");
  json_builder_add_int_value (b, self->max_in_flight);
  json_builder_set_member_name (b, "by_provider");
  json_builder_begin_object (b);
  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    {
      json_builder_set_member_name (b, providers[i]);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "received");
      json_builder_add_int_value (b, cbz_fake_provider_count_received (self, providers[i]));
      json_builder_set_member_name (b, "accepted");
      json_builder_add_int_value (b, cbz_fake_provider_count_accepted (self, providers[i]));
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  _cbz_fake_respond_builder (msg, 200, b);
}

static JsonObject *
admin_body (SoupServerMessage *msg,
            JsonParser        *parser)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));

  return _cbz_fake_parse_json_object (body, parser);
}

static gint64
jint (JsonObject *object,
      const char *member,
      gint64      fallback)
{
  if (object == NULL || !json_object_has_member (object, member) ||
      !JSON_NODE_HOLDS_VALUE (json_object_get_member (object, member)))
    return fallback;
  return json_object_get_int_member (object, member);
}

void
_cbz_fake_handle_admin (CbzFakeProvider   *self,
                        SoupServerMessage *msg,
                        const char        *path)
{
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (g_str_equal (path, "/_fake/requests") && g_str_equal (method, "GET"))
    admin_requests (self, msg);
  else if (g_str_equal (path, "/_fake/stats") && g_str_equal (method, "GET"))
    admin_stats (self, msg);
  else if (g_str_equal (path, "/_fake/reset") && g_str_equal (method, "POST"))
    {
      cbz_fake_provider_reset (self);
      _cbz_fake_respond (msg, 200, "application/json", "{}");
    }
  else if (g_str_equal (path, "/_fake/faults") && g_str_equal (method, "DELETE"))
    {
      cbz_fake_provider_clear_faults (self);
      _cbz_fake_respond (msg, 200, "application/json", "{}");
    }
  else if (g_str_equal (path, "/_fake/faults") && g_str_equal (method, "POST"))
    {
      JsonObject *object = admin_body (msg, parser);
      CbzFakeFault fault = { 0 };

      if (object == NULL || !_cbz_fake_fault_kind_from_name (_cbz_fake_jstr (object, "kind"), &fault.kind))
        {
          _cbz_fake_respond (msg, 400, "application/json", "{\"message\":\"kind must be latency, slow, drop, drop-after-accept, 500, 503, 429 or malformed\"}");
          return;
        }
      fault.provider = _cbz_fake_jstr (object, "provider");
      fault.skip = (guint) jint (object, "skip", 0);
      fault.count = (int) jint (object, "count", 1);
      fault.every = (guint) jint (object, "every", 1);
      fault.delay_ms = (guint) jint (object, "delay_ms", 0);
      fault.retry_after = (int) jint (object, "retry_after", -1);
      fault.reset_in = (int) jint (object, "reset_in", 0);
      cbz_fake_provider_add_fault (self, &fault);
      _cbz_fake_respond (msg, 200, "application/json", "{}");
    }
  else if (g_str_equal (path, "/_fake/recipients") && g_str_equal (method, "POST"))
    {
      JsonObject *object = admin_body (msg, parser);
      CbzFakeRecipient behavior;

      if (object == NULL || _cbz_fake_jstr (object, "to") == NULL ||
          !_cbz_fake_recipient_from_name (_cbz_fake_jstr (object, "behavior"), &behavior))
        {
          _cbz_fake_respond (msg, 400, "application/json", "{\"message\":\"to and behavior (normal, opted-out, landline, invalid, undeliverable, outside-window) are required\"}");
          return;
        }
      cbz_fake_provider_set_recipient (self, _cbz_fake_jstr (object, "to"), behavior);
      _cbz_fake_respond (msg, 200, "application/json", "{}");
    }
  else if (g_str_equal (path, "/_fake/inbound") && g_str_equal (method, "POST"))
    {
      JsonObject *object = admin_body (msg, parser);

      if (object == NULL || _cbz_fake_jstr (object, "from") == NULL || _cbz_fake_jstr (object, "to") == NULL ||
          _cbz_fake_jstr (object, "body") == NULL)
        {
          _cbz_fake_respond (msg, 400, "application/json", "{\"message\":\"from, to and body are required\"}");
          return;
        }
      cbz_fake_provider_add_inbound (self, _cbz_fake_jstr (object, "from"), _cbz_fake_jstr (object, "to"),
                                     _cbz_fake_jstr (object, "body"), NULL);
      _cbz_fake_respond (msg, 200, "application/json", "{}");
    }
  else
    _cbz_fake_respond (msg, 404, "application/json", "{\"message\":\"unknown admin endpoint\"}");
}

gboolean
cbz_fake_fault_parse (const char    *spec,
                      CbzFakeFault  *fault,
                      char         **provider,
                      GError       **error)
{
  g_auto(GStrv) parts = g_strsplit (spec, ",", -1);

  memset (fault, 0, sizeof *fault);
  fault->count = -1;
  fault->retry_after = -1;
  *provider = NULL;

  if (parts[0] == NULL || !_cbz_fake_fault_kind_from_name (parts[0], &fault->kind))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "“%s”: a fault starts with latency, slow, drop, drop-after-accept, 500, 503, 429 or malformed",
                   spec);
      return FALSE;
    }
  for (guint i = 1; parts[i] != NULL; i++)
    {
      const char *eq = strchr (parts[i], '=');
      g_autofree char *key = NULL;
      const char *value;

      if (eq == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "“%s”: expected key=value", parts[i]);
          return FALSE;
        }
      key = g_strndup (parts[i], (gsize) (eq - parts[i]));
      value = eq + 1;
      if (g_str_equal (key, "provider"))
        {
          g_free (*provider);
          *provider = g_strdup (value);
        }
      else if (g_str_equal (key, "count"))
        fault->count = atoi (value);
      else if (g_str_equal (key, "skip"))
        fault->skip = (guint) atoi (value);
      else if (g_str_equal (key, "every"))
        fault->every = (guint) atoi (value);
      else if (g_str_equal (key, "delay"))
        fault->delay_ms = (guint) atoi (value);
      else if (g_str_equal (key, "retry-after"))
        fault->retry_after = atoi (value);
      else if (g_str_equal (key, "reset-in"))
        fault->reset_in = atoi (value);
      else
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "“%s”: unknown fault option (provider, count, skip, every, delay, retry-after, reset-in)",
                       key);
          g_clear_pointer (provider, g_free);
          return FALSE;
        }
    }
  fault->provider = *provider;
  return TRUE;
}
