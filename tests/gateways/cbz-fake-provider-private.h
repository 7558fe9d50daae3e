/* cbz-fake-provider-private.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the files of the fake provider server: the server and its
 * routing (cbz-fake-provider.c), what every provider needs
 * (-support.c), the providers themselves (-messaging.c, -email.c) and the
 * control endpoints (-admin.c).
 */

#pragma once

#include <json-glib/json-glib.h>

#include "cbz-fake-provider.h"

G_BEGIN_DECLS

typedef struct
{
  char             *provider;
  CbzFakeFaultKind  kind;
  guint             skip;
  int               count;
  guint             every;
  guint             delay_ms;
  int               retry_after;
  int               reset_in;
  guint             matched;
} Fault;

typedef struct
{
  char             *id;
  char             *provider;
  char             *to;
  char             *from;
  char             *body;
  char             *subject;
  CbzFakeRecipient  behavior;
  gboolean          whatsapp;
  gboolean          inbound;
  guint             polls;
  GDateTime        *created;
} FakeMessage;

typedef struct
{
  const char *provider;
  const char *operation;
  char       *account;   /* Twilio SID, WhatsApp phone id, Mailgun domain */
  char       *version;   /* WhatsApp API version */
  char       *id;        /* message id for polls */
} Route;

struct _CbzFakeProvider
{
  GObject     parent_instance;

  SoupServer *server;
  char       *url;
  guint       port;

  GPtrArray  *requests;
  GHashTable *seen_sends;   /* duplicate key -> GUINT count */
  guint       duplicates;
  GHashTable *messages;     /* id -> FakeMessage */
  GPtrArray  *message_order;/* FakeMessage, borrowed from messages, oldest first */
  GHashTable *recipients;   /* number/address -> GINT behavior */
  GPtrArray  *faults;       /* Fault */
  GHashTable *templates;    /* "name|lang" -> GUINT parameter count */
  GHashTable *media;        /* uploaded media ids */
  guint       seq;
  guint       counter;
  guint       poll_steps;
  guint       in_flight;
  guint       max_in_flight;
};

/* cbz-fake-provider-support.c: records, names, checks, answers, bookkeeping, bodies, auth */

void _cbz_fake_request_free (CbzFakeRequest *request);
void _cbz_fake_message_free (FakeMessage *message);
void _cbz_fake_fault_free (Fault *fault);
void _cbz_fake_route_clear (Route *route);
const char *_cbz_fake_fault_name (CbzFakeFaultKind kind);
gboolean _cbz_fake_fault_kind_from_name (const char       *name,
                                         CbzFakeFaultKind *kind);
gboolean _cbz_fake_recipient_from_name (const char       *name,
                                        CbzFakeRecipient *behavior);
gboolean _cbz_fake_is_e164 (const char *number);
char *_cbz_fake_extract_address (const char *text);
gboolean _cbz_fake_is_base64 (const char *text);
CbzFakeRecipient _cbz_fake_recipient_behavior (CbzFakeProvider *self,
                                               const char      *to);
char *_cbz_fake_format_rfc2822 (GDateTime *time);
void _cbz_fake_respond (SoupServerMessage *msg,
                        guint              status,
                        const char        *content_type,
                        const char        *body);
void _cbz_fake_respond_node (SoupServerMessage *msg,
                             guint              status,
                             JsonNode          *node);
void _cbz_fake_respond_builder (SoupServerMessage *msg,
                                guint              status,
                                JsonBuilder       *builder);
void _cbz_fake_twilio_error (SoupServerMessage *msg,
                             guint              status,
                             int                code,
                             const char        *message);
void _cbz_fake_whatsapp_error (SoupServerMessage *msg,
                               guint              status,
                               int                code,
                               const char        *message,
                               const char        *details);
void _cbz_fake_sendgrid_error (SoupServerMessage *msg,
                               guint              status,
                               const char        *message,
                               const char        *field);
void _cbz_fake_mailgun_error (SoupServerMessage *msg,
                              guint              status,
                              const char        *message);
void _cbz_fake_postmark_error (SoupServerMessage *msg,
                               guint              status,
                               int                code,
                               const char        *message);
void _cbz_fake_respond_fault_status (CbzFakeProvider   *self,
                                     SoupServerMessage *msg,
                                     const char        *provider,
                                     guint              status,
                                     const Fault       *fault);
FakeMessage *_cbz_fake_remember_message (CbzFakeProvider *self,
                                         CbzFakeRequest  *request,
                                         gboolean         whatsapp);
void _cbz_fake_mark_accepted (CbzFakeProvider *self,
                              CbzFakeRequest  *request);
const char *_cbz_fake_advance_status (CbzFakeProvider *self,
                                      FakeMessage     *message,
                                      gboolean        *final_failure);
const char *_cbz_fake_current_status (CbzFakeProvider *self,
                                      FakeMessage     *message);
GHashTable *_cbz_fake_parse_multipart (SoupServerMessage *msg,
                                       GBytes            *body,
                                       CbzFakeRequest    *request);
GHashTable *_cbz_fake_parse_form (GBytes *body);
JsonObject *_cbz_fake_parse_json_object (GBytes     *body,
                                         JsonParser *parser);
const char *_cbz_fake_jstr (JsonObject *object,
                            const char *member);
JsonObject *_cbz_fake_jobj (JsonObject *object,
                            const char *member);
JsonArray *_cbz_fake_jarr (JsonObject *object,
                           const char *member);
void _cbz_fake_copy_string_members (CbzFakeRequest *request,
                                    JsonObject     *object);
gboolean _cbz_fake_check_basic (SoupServerMessage *msg,
                                const char        *user,
                                const char        *password);
gboolean _cbz_fake_check_bearer (SoupServerMessage *msg,
                                 const char        *token);

/* cbz-fake-provider-messaging.c: Twilio and WhatsApp Cloud */

void _cbz_fake_twilio_send (CbzFakeProvider   *self,
                            SoupServerMessage *msg,
                            CbzFakeRequest    *request,
                            GBytes            *body);
void _cbz_fake_twilio_poll (CbzFakeProvider   *self,
                            SoupServerMessage *msg,
                            const Route       *route);
void _cbz_fake_twilio_list (CbzFakeProvider   *self,
                            SoupServerMessage *msg,
                            const Route       *route,
                            GHashTable        *query);
void _cbz_fake_whatsapp_send (CbzFakeProvider   *self,
                              SoupServerMessage *msg,
                              CbzFakeRequest    *request,
                              GBytes            *body);
void _cbz_fake_whatsapp_upload (CbzFakeProvider   *self,
                                SoupServerMessage *msg,
                                CbzFakeRequest    *request,
                                GBytes            *body);

/* cbz-fake-provider-email.c: SendGrid, Mailgun and Postmark */

void _cbz_fake_sendgrid_send (CbzFakeProvider   *self,
                              SoupServerMessage *msg,
                              CbzFakeRequest    *request,
                              GBytes            *body);
void _cbz_fake_sendgrid_poll (CbzFakeProvider   *self,
                              SoupServerMessage *msg,
                              GHashTable        *query);
void _cbz_fake_mailgun_send (CbzFakeProvider   *self,
                             SoupServerMessage *msg,
                             CbzFakeRequest    *request,
                             GBytes            *body);
void _cbz_fake_mailgun_events (CbzFakeProvider   *self,
                               SoupServerMessage *msg,
                               GHashTable        *query);
void _cbz_fake_postmark_send (CbzFakeProvider   *self,
                              SoupServerMessage *msg,
                              CbzFakeRequest    *request,
                              GBytes            *body);
void _cbz_fake_postmark_details (CbzFakeProvider   *self,
                                 SoupServerMessage *msg,
                                 const Route       *route);

/* cbz-fake-provider-admin.c: the control endpoints */

void _cbz_fake_handle_admin (CbzFakeProvider   *self,
                             SoupServerMessage *msg,
                             const char        *path);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Route, _cbz_fake_route_clear)

G_END_DECLS
