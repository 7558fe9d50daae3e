/* cbz-fake-provider.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server: routing each request to its provider after the auth check,
 * the faults a test asked for, and the public API. The providers' own
 * handlers are in cbz-fake-provider-messaging.c and -email.c.
 */

#include "config.h"

#include <string.h>

#include "cbz-fake-provider-private.h"

G_DEFINE_FINAL_TYPE (CbzFakeProvider, cbz_fake_provider, G_TYPE_OBJECT)

/* Routing */

static gboolean
route_request (const char *method,
               const char *path,
               Route      *route)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  guint n = g_strv_length (parts);

  /* parts[0] is "" (leading slash). */
  if (n == 5 && g_str_equal (parts[1], "2010-04-01") && g_str_equal (parts[2], "Accounts") &&
      g_str_equal (parts[4], "Messages.json"))
    {
      route->provider = "twilio";
      route->operation = g_str_equal (method, "POST") ? "send" : "list";
      route->account = g_strdup (parts[3]);
      return TRUE;
    }
  if (n == 6 && g_str_equal (parts[1], "2010-04-01") && g_str_equal (parts[2], "Accounts") &&
      g_str_equal (parts[4], "Messages") && g_str_has_suffix (parts[5], ".json"))
    {
      route->provider = "twilio";
      route->operation = "poll";
      route->account = g_strdup (parts[3]);
      route->id = g_strndup (parts[5], strlen (parts[5]) - strlen (".json"));
      return TRUE;
    }
  /* Graph versions look like "v19.0"; Mailgun's "/v3/…" has no dot. */
  if (n == 4 && parts[1][0] == 'v' && g_ascii_isdigit (parts[1][1]) && strchr (parts[1], '.') != NULL &&
      (g_str_equal (parts[3], "messages") || g_str_equal (parts[3], "media")))
    {
      route->provider = "whatsapp";
      route->operation = g_str_equal (parts[3], "messages") ? "send" : "upload";
      route->version = g_strdup (parts[1]);
      route->account = g_strdup (parts[2]);
      return TRUE;
    }
  if (n == 4 && g_str_equal (parts[1], "v3") && g_str_equal (parts[2], "mail") && g_str_equal (parts[3], "send"))
    {
      route->provider = "sendgrid";
      route->operation = "send";
      return TRUE;
    }
  if (n == 3 && g_str_equal (parts[1], "v3") && g_str_equal (parts[2], "messages"))
    {
      route->provider = "sendgrid";
      route->operation = "poll";
      return TRUE;
    }
  if (n == 4 && g_str_equal (parts[1], "v3") &&
      (g_str_equal (parts[3], "messages") || g_str_equal (parts[3], "events")))
    {
      route->provider = "mailgun";
      route->operation = g_str_equal (parts[3], "messages") ? "send" : "poll";
      route->account = g_strdup (parts[2]);
      return TRUE;
    }
  if (n == 2 && g_str_equal (parts[1], "email"))
    {
      route->provider = "postmark";
      route->operation = "send";
      return TRUE;
    }
  if (n == 5 && g_str_equal (parts[1], "messages") && g_str_equal (parts[2], "outbound") &&
      g_str_equal (parts[4], "details"))
    {
      route->provider = "postmark";
      route->operation = "poll";
      route->id = g_strdup (parts[3]);
      return TRUE;
    }
  return FALSE;
}

/* Answers a 401 (or 404 for an unknown account) and returns FALSE when the
 * request is not authorized. */
static gboolean
authorize (SoupServerMessage *msg,
           const Route       *route)
{
  if (g_str_equal (route->provider, "twilio"))
    {
      if (!_cbz_fake_check_basic (msg, CBZ_FAKE_TWILIO_SID, CBZ_FAKE_TWILIO_TOKEN) ||
          g_strcmp0 (route->account, CBZ_FAKE_TWILIO_SID) != 0)
        {
          _cbz_fake_twilio_error (msg, 401, 20003, "Authenticate");
          return FALSE;
        }
    }
  else if (g_str_equal (route->provider, "whatsapp"))
    {
      if (!_cbz_fake_check_bearer (msg, CBZ_FAKE_WHATSAPP_TOKEN))
        {
          _cbz_fake_whatsapp_error (msg, 401, 190, "Error validating access token: Session has expired.", NULL);
          return FALSE;
        }
      if (g_strcmp0 (route->account, CBZ_FAKE_WHATSAPP_PHONE_ID) != 0)
        {
          g_autofree char *text = g_strdup_printf ("Unsupported post request. Object with ID '%s' does not exist, cannot be loaded due to missing permissions, or does not support this operation.",
                                                   route->account);
          _cbz_fake_whatsapp_error (msg, 400, 100, text, NULL);
          return FALSE;
        }
    }
  else if (g_str_equal (route->provider, "sendgrid"))
    {
      if (!_cbz_fake_check_bearer (msg, CBZ_FAKE_SENDGRID_KEY))
        {
          _cbz_fake_sendgrid_error (msg, 401, "The provided authorization grant is invalid, expired, or revoked", NULL);
          return FALSE;
        }
    }
  else if (g_str_equal (route->provider, "mailgun"))
    {
      if (!_cbz_fake_check_basic (msg, "api", CBZ_FAKE_MAILGUN_KEY))
        {
          _cbz_fake_respond (msg, 401, "text/plain", "Forbidden");
          return FALSE;
        }
      if (g_strcmp0 (route->account, CBZ_FAKE_MAILGUN_DOMAIN) != 0)
        {
          g_autofree char *text = g_strdup_printf ("Domain not found: %s", route->account);
          _cbz_fake_mailgun_error (msg, 404, text);
          return FALSE;
        }
    }
  else if (g_str_equal (route->provider, "postmark"))
    {
      const char *token = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                        "X-Postmark-Server-Token");

      if (g_strcmp0 (token, CBZ_FAKE_POSTMARK_TOKEN) != 0)
        {
          _cbz_fake_postmark_error (msg, 401, 10, "The Server Token you provided in the X-Postmark-Server-Token request header was invalid. Please verify that you are using a valid token.");
          return FALSE;
        }
    }
  return TRUE;
}

static void
handle_provider (CbzFakeProvider   *self,
                 SoupServerMessage *msg,
                 CbzFakeRequest    *request,
                 const Route       *route,
                 GHashTable        *query)
{
  GBytes *body = request->raw_body;
  const char *method = request->method;

  if (!authorize (msg, route))
    return;

  if (g_str_equal (route->provider, "twilio"))
    {
      if (g_str_equal (route->operation, "send"))
        _cbz_fake_twilio_send (self, msg, request, body);
      else if (g_str_equal (route->operation, "poll") && g_str_equal (method, "GET"))
        _cbz_fake_twilio_poll (self, msg, route);
      else if (g_str_equal (route->operation, "list") && g_str_equal (method, "GET"))
        _cbz_fake_twilio_list (self, msg, route, query);
      else
        _cbz_fake_twilio_error (msg, 405, 20004, "Method not allowed");
    }
  else if (g_str_equal (route->provider, "whatsapp"))
    {
      if (!g_str_equal (method, "POST"))
        _cbz_fake_whatsapp_error (msg, 400, 100, "Unsupported get request.", NULL);
      else if (g_str_equal (route->operation, "send"))
        _cbz_fake_whatsapp_send (self, msg, request, body);
      else
        _cbz_fake_whatsapp_upload (self, msg, request, body);
    }
  else if (g_str_equal (route->provider, "sendgrid"))
    {
      if (g_str_equal (route->operation, "send") && g_str_equal (method, "POST"))
        _cbz_fake_sendgrid_send (self, msg, request, body);
      else if (g_str_equal (route->operation, "poll") && g_str_equal (method, "GET"))
        _cbz_fake_sendgrid_poll (self, msg, query);
      else
        _cbz_fake_sendgrid_error (msg, 405, "Method not allowed", NULL);
    }
  else if (g_str_equal (route->provider, "mailgun"))
    {
      if (g_str_equal (route->operation, "send") && g_str_equal (method, "POST"))
        _cbz_fake_mailgun_send (self, msg, request, body);
      else if (g_str_equal (route->operation, "poll") && g_str_equal (method, "GET"))
        _cbz_fake_mailgun_events (self, msg, query);
      else
        _cbz_fake_mailgun_error (msg, 405, "Method not allowed");
    }
  else if (g_str_equal (route->provider, "postmark"))
    {
      if (g_str_equal (route->operation, "send") && g_str_equal (method, "POST"))
        _cbz_fake_postmark_send (self, msg, request, body);
      else if (g_str_equal (route->operation, "poll") && g_str_equal (method, "GET"))
        _cbz_fake_postmark_details (self, msg, route);
      else
        _cbz_fake_postmark_error (msg, 405, 0, "Method not allowed");
    }
}

static void
drop_connection (CbzFakeProvider   *self,
                 SoupServerMessage *msg)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

  /* A stolen connection never reports request-finished. */
  if (self->in_flight > 0)
    self->in_flight--;

  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
}

static Fault *
match_fault (CbzFakeProvider *self,
             const char      *provider)
{
  for (guint i = 0; i < self->faults->len; i++)
    {
      Fault *fault = g_ptr_array_index (self->faults, i);
      guint index;

      if (fault->provider != NULL && g_strcmp0 (fault->provider, provider) != 0)
        continue;
      if (fault->count == 0)
        continue;
      index = fault->matched++;
      if (index < fault->skip)
        continue;
      if (fault->every > 1 && (index - fault->skip) % fault->every != 0)
        continue;
      if (fault->count > 0)
        fault->count--;
      return fault;
    }
  return NULL;
}

typedef struct
{
  CbzFakeProvider   *self;
  SoupServerMessage *msg;
  CbzFakeRequest    *request;
  Route              route;
  GHashTable        *query;
  gboolean           handle;    /* LATENCY: handle when the delay ends */
  gboolean           malformed;
} Delayed;

static void
delayed_free (Delayed *delayed)
{
  g_clear_object (&delayed->self);
  g_clear_object (&delayed->msg);
  g_clear_pointer (&delayed->request, _cbz_fake_request_free);
  _cbz_fake_route_clear (&delayed->route);
  g_clear_pointer (&delayed->query, g_hash_table_unref);
  g_free (delayed);
}

static void
break_body (SoupServerMessage *msg,
            CbzFakeRequest    *request)
{
  guint status = soup_server_message_get_status (msg);

  if (status >= 200 && status < 300)
    {
      /* A truncated body with the success status the provider would use. */
      _cbz_fake_respond (msg, status, "application/json", "{\"sid\": \"SM");
    }
}

static gboolean
on_delay_elapsed_cb (gpointer user_data)
{
  Delayed *delayed = user_data;

  if (delayed->handle)
    handle_provider (delayed->self, delayed->msg, delayed->request, &delayed->route, delayed->query);
  delayed->request->status = soup_server_message_get_status (delayed->msg);
  soup_server_message_unpause (delayed->msg);
  return G_SOURCE_REMOVE;
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  CbzFakeProvider *self = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_auto(Route) route = { 0 };
  CbzFakeRequest *request;
  Fault *fault;
  const char *header;

  if (g_str_has_prefix (path, "/_fake/"))
    {
      _cbz_fake_handle_admin (self, msg, path);
      return;
    }

  request = g_rc_box_new0 (CbzFakeRequest);
  request->seq = ++self->seq;
  request->method = g_strdup (soup_server_message_get_method (msg));
  {
    GUri *uri = soup_server_message_get_uri (msg);
    const char *q = g_uri_get_query (uri);

    request->path = q ? g_strdup_printf ("%s?%s", path, q) : g_strdup (path);
  }
  request->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  header = soup_message_headers_get_one (headers, "Authorization");
  if (header == NULL)
    header = soup_message_headers_get_one (headers, "X-Postmark-Server-Token");
  request->authorization = g_strdup (header);
  request->user_agent = g_strdup (soup_message_headers_get_one (headers, "User-Agent"));
  {
    g_autoptr(GBytes) flat = soup_message_body_flatten (body);
    request->raw_body = g_bytes_ref (flat);
  }
  g_ptr_array_add (self->requests, request);

  if (!route_request (request->method, path, &route))
    {
      _cbz_fake_respond (msg, 404, "application/json", "{\"message\":\"The requested resource was not found\"}");
      request->status = 404;
      return;
    }
  request->provider = g_strdup (route.provider);
  request->operation = g_strdup (route.operation);

  fault = match_fault (self, route.provider);
  if (fault != NULL)
    {
      request->fault = g_strdup (_cbz_fake_fault_name (fault->kind));
      switch (fault->kind)
        {
        case CBZ_FAKE_FAULT_DROP:
          request->status = 0;
          drop_connection (self, msg);
          return;

        case CBZ_FAKE_FAULT_500:
        case CBZ_FAKE_FAULT_503:
        case CBZ_FAKE_FAULT_429:
          _cbz_fake_respond_fault_status (self, msg, route.provider,
                                fault->kind == CBZ_FAKE_FAULT_500 ? 500 :
                                fault->kind == CBZ_FAKE_FAULT_503 ? 503 : 429, fault);
          request->status = soup_server_message_get_status (msg);
          return;

        case CBZ_FAKE_FAULT_LATENCY:
        case CBZ_FAKE_FAULT_SLOW:
          {
            Delayed *delayed = g_new0 (Delayed, 1);

            delayed->self = g_object_ref (self);
            delayed->msg = g_object_ref (msg);
            delayed->request = g_rc_box_acquire (request);
            delayed->route = route;
            memset (&route, 0, sizeof route);
            delayed->query = query ? g_hash_table_ref (query) : NULL;
            delayed->handle = fault->kind == CBZ_FAKE_FAULT_LATENCY;
            if (!delayed->handle)
              handle_provider (self, msg, request, &delayed->route, query);
            soup_server_message_pause (msg);
            g_timeout_add_full (G_PRIORITY_DEFAULT, fault->delay_ms, on_delay_elapsed_cb,
                                delayed, (GDestroyNotify) delayed_free);
            return;
          }

        case CBZ_FAKE_FAULT_DROP_AFTER_ACCEPT:
          handle_provider (self, msg, request, &route, query);
          request->status = 0;
          drop_connection (self, msg);
          return;

        case CBZ_FAKE_FAULT_MALFORMED:
          handle_provider (self, msg, request, &route, query);
          break_body (msg, request);
          request->status = soup_server_message_get_status (msg);
          return;

        default:
          break;
        }
    }

  handle_provider (self, msg, request, &route, query);
  request->status = soup_server_message_get_status (msg);
}

static void
on_request_started_cb (SoupServer        *server,
                       SoupServerMessage *msg,
                       gpointer           user_data)
{
  CbzFakeProvider *self = user_data;

  self->in_flight++;
  self->max_in_flight = MAX (self->max_in_flight, self->in_flight);
}

static void
on_request_done_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  CbzFakeProvider *self = user_data;

  if (self->in_flight > 0)
    self->in_flight--;
}

static void
add_default_templates (CbzFakeProvider *self)
{
  cbz_fake_provider_add_template (self, "recordatorio_pago", "es_MX", 2);
  cbz_fake_provider_add_template (self, "recordatorio_pago", "es", 2);
}

static void
cbz_fake_provider_finalize (GObject *object)
{
  CbzFakeProvider *self = CBZ_FAKE_PROVIDER (object);

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->requests, g_ptr_array_unref);
  g_clear_pointer (&self->seen_sends, g_hash_table_unref);
  g_clear_pointer (&self->message_order, g_ptr_array_unref);
  g_clear_pointer (&self->messages, g_hash_table_unref);
  g_clear_pointer (&self->recipients, g_hash_table_unref);
  g_clear_pointer (&self->faults, g_ptr_array_unref);
  g_clear_pointer (&self->templates, g_hash_table_unref);
  g_clear_pointer (&self->media, g_hash_table_unref);

  G_OBJECT_CLASS (cbz_fake_provider_parent_class)->finalize (object);
}

static void
cbz_fake_provider_class_init (CbzFakeProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cbz_fake_provider_finalize;
}

static void
cbz_fake_provider_init (CbzFakeProvider *self)
{
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) _cbz_fake_request_free);
  self->seen_sends = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->messages = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) _cbz_fake_message_free);
  self->message_order = g_ptr_array_new ();
  self->recipients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->faults = g_ptr_array_new_with_free_func ((GDestroyNotify) _cbz_fake_fault_free);
  self->templates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->media = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->poll_steps = 2;
  add_default_templates (self);
}

CbzFakeProvider *
cbz_fake_provider_new (guint    port,
                       GError **error)
{
  g_autoptr(CbzFakeProvider) self = g_object_new (CBZ_TYPE_FAKE_PROVIDER, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GSocket) socket = NULL;
  GSList *uris;

  self->server = soup_server_new ("server-header", "cobranza-fake-provider ", NULL);
  soup_server_add_handler (self->server, NULL, server_cb, self, NULL);
  g_signal_connect (self->server, "request-started", G_CALLBACK (on_request_started_cb), self);
  g_signal_connect (self->server, "request-finished", G_CALLBACK (on_request_done_cb), self);
  g_signal_connect (self->server, "request-aborted", G_CALLBACK (on_request_done_cb), self);

  /* Our own socket, for a listen backlog that takes a burst of 16+ new
   * connections at once (GSocket's default of 10 made clients wait ~1 s
   * for a SYN retry, which the benchmark then measured). Always 127.0.0.1. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return NULL;
  g_socket_set_listen_backlog (socket, 256);
  if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error))
    return NULL;
  if (!soup_server_listen_socket (self->server, socket, 0, error))
    return NULL;

  uris = soup_server_get_uris (self->server);
  g_assert (uris != NULL);
  self->port = (guint) g_uri_get_port (uris->data);
  self->url = g_strdup_printf ("http://127.0.0.1:%u", self->port);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return g_steal_pointer (&self);
}

const char *
cbz_fake_provider_get_url (CbzFakeProvider *self)
{
  g_return_val_if_fail (CBZ_IS_FAKE_PROVIDER (self), NULL);
  return self->url;
}

guint
cbz_fake_provider_get_port (CbzFakeProvider *self)
{
  g_return_val_if_fail (CBZ_IS_FAKE_PROVIDER (self), 0);
  return self->port;
}

void
cbz_fake_provider_reset (CbzFakeProvider *self)
{
  g_return_if_fail (CBZ_IS_FAKE_PROVIDER (self));

  g_ptr_array_set_size (self->requests, 0);
  g_hash_table_remove_all (self->seen_sends);
  self->duplicates = 0;
  g_ptr_array_set_size (self->message_order, 0);
  g_hash_table_remove_all (self->messages);
  g_hash_table_remove_all (self->recipients);
  g_ptr_array_set_size (self->faults, 0);
  g_hash_table_remove_all (self->media);
  g_hash_table_remove_all (self->templates);
  add_default_templates (self);
  self->seq = 0;
  self->max_in_flight = self->in_flight;
  self->poll_steps = 2;
}

void
cbz_fake_provider_set_recipient (CbzFakeProvider  *self,
                                 const char       *to,
                                 CbzFakeRecipient  behavior)
{
  g_return_if_fail (CBZ_IS_FAKE_PROVIDER (self));
  g_return_if_fail (to != NULL);

  g_hash_table_replace (self->recipients, g_strdup (to), GINT_TO_POINTER (behavior));
}

void
cbz_fake_provider_add_fault (CbzFakeProvider    *self,
                             const CbzFakeFault *fault)
{
  Fault *copy;

  g_return_if_fail (CBZ_IS_FAKE_PROVIDER (self));
  g_return_if_fail (fault != NULL);

  copy = g_new0 (Fault, 1);
  copy->provider = g_strdup (fault->provider);
  copy->kind = fault->kind;
  copy->skip = fault->skip;
  copy->count = fault->count;
  copy->every = fault->every;
  copy->delay_ms = fault->delay_ms;
  copy->retry_after = fault->retry_after;
  copy->reset_in = fault->reset_in;
  g_ptr_array_add (self->faults, copy);
}

void
cbz_fake_provider_clear_faults (CbzFakeProvider *self)
{
  g_return_if_fail (CBZ_IS_FAKE_PROVIDER (self));
  g_ptr_array_set_size (self->faults, 0);
}

void
cbz_fake_provider_add_inbound (CbzFakeProvider *self,
                               const char      *from,
                               const char      *to,
                               const char      *body,
                               GDateTime       *date_sent)
{
  FakeMessage *message;

  g_return_if_fail (CBZ_IS_FAKE_PROVIDER (self));

  message = g_new0 (FakeMessage, 1);
  message->id = g_strdup_printf ("SM%08x%024x", g_random_int (), ++self->counter);
  message->provider = g_strdup ("twilio");
  message->from = g_strdup (from);
  message->to = g_strdup (to);
  message->body = g_strdup (body);
  message->inbound = TRUE;
  message->created = date_sent ? g_date_time_to_utc (date_sent) : g_date_time_new_now_utc ();
  g_hash_table_insert (self->messages, message->id, message);
  g_ptr_array_add (self->message_order, message);
}

void
cbz_fake_provider_add_template (CbzFakeProvider *self,
                                const char      *name,
                                const char      *language,
                                guint            n_parameters)
{
  g_return_if_fail (CBZ_IS_FAKE_PROVIDER (self));

  g_hash_table_replace (self->templates, g_strdup_printf ("%s|%s", name, language),
                        GUINT_TO_POINTER (n_parameters));
}

void
cbz_fake_provider_set_poll_steps (CbzFakeProvider *self,
                                  guint            steps)
{
  g_return_if_fail (CBZ_IS_FAKE_PROVIDER (self));
  self->poll_steps = MAX (steps, 1);
}

GPtrArray *
cbz_fake_provider_get_requests (CbzFakeProvider *self)
{
  g_return_val_if_fail (CBZ_IS_FAKE_PROVIDER (self), NULL);
  return self->requests;
}

CbzFakeRequest *
cbz_fake_provider_get_last (CbzFakeProvider *self,
                            const char      *provider)
{
  g_return_val_if_fail (CBZ_IS_FAKE_PROVIDER (self), NULL);

  for (guint i = self->requests->len; i > 0; i--)
    {
      CbzFakeRequest *request = g_ptr_array_index (self->requests, i - 1);

      if (provider == NULL || g_strcmp0 (request->provider, provider) == 0)
        return request;
    }
  return NULL;
}

guint
cbz_fake_provider_count_received (CbzFakeProvider *self,
                                  const char      *provider)
{
  guint count = 0;

  g_return_val_if_fail (CBZ_IS_FAKE_PROVIDER (self), 0);

  for (guint i = 0; i < self->requests->len; i++)
    {
      CbzFakeRequest *request = g_ptr_array_index (self->requests, i);

      if (provider == NULL || g_strcmp0 (request->provider, provider) == 0)
        count++;
    }
  return count;
}

guint
cbz_fake_provider_count_accepted (CbzFakeProvider *self,
                                  const char      *provider)
{
  guint count = 0;

  g_return_val_if_fail (CBZ_IS_FAKE_PROVIDER (self), 0);

  for (guint i = 0; i < self->requests->len; i++)
    {
      CbzFakeRequest *request = g_ptr_array_index (self->requests, i);

      if (request->accepted && (provider == NULL || g_strcmp0 (request->provider, provider) == 0))
        count++;
    }
  return count;
}

guint
cbz_fake_provider_count_duplicates (CbzFakeProvider *self)
{
  g_return_val_if_fail (CBZ_IS_FAKE_PROVIDER (self), 0);
  return self->duplicates;
}

guint
cbz_fake_provider_get_max_in_flight (CbzFakeProvider *self)
{
  g_return_val_if_fail (CBZ_IS_FAKE_PROVIDER (self), 0);
  return self->max_in_flight;
}
