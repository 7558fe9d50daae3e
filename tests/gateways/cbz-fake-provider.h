/* cbz-fake-provider.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An in-process stand-in for Twilio, WhatsApp Cloud, SendGrid, Mailgun and
 * Postmark: a SoupServer on 127.0.0.1 (kernel-chosen port) that checks auth
 * and request encodings like the real APIs, answers with their success and
 * error shapes, advances message status on each poll, lists inbound replies,
 * injects faults, and records every request so tests can count duplicates.
 *
 * Control from another process goes through admin endpoints:
 *   GET  /_fake/requests    every request received, as JSON
 *   GET  /_fake/stats       counters (received, accepted, duplicates, ...)
 *   POST /_fake/reset       forget requests, messages, faults, recipients
 *   POST /_fake/faults      {"kind":"429","provider":"twilio","count":3,
 *                            "skip":0,"every":1,"delay_ms":0,
 *                            "retry_after":2,"reset_in":5}
 *   DELETE /_fake/faults
 *   POST /_fake/recipients  {"to":"+52…","behavior":"opted-out"}
 *   POST /_fake/inbound     {"from":"+52…","to":"+1…","body":"BAJA"}
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* The credentials the fake accepts (anything else is a 401). */
#define CBZ_FAKE_TWILIO_SID        "AC0123456789abcdef0123456789abcdef"
#define CBZ_FAKE_TWILIO_TOKEN      "fake-twilio-auth-token-7c1e"
#define CBZ_FAKE_TWILIO_FROM       "+15005550006"
#define CBZ_FAKE_WHATSAPP_TOKEN    "EAAfakeWhatsappToken91ab"
#define CBZ_FAKE_WHATSAPP_PHONE_ID "106540352242922"
#define CBZ_FAKE_SENDGRID_KEY      "SG.fake-sendgrid-key.3f9d"
#define CBZ_FAKE_MAILGUN_KEY       "key-fake-mailgun-5e2a"
#define CBZ_FAKE_MAILGUN_DOMAIN    "mg.example.mx"
#define CBZ_FAKE_POSTMARK_TOKEN    "fake-postmark-server-token-b04c"

typedef enum
{
  CBZ_FAKE_RECIPIENT_NORMAL,
  CBZ_FAKE_RECIPIENT_OPTED_OUT,      /* Twilio 21610, WhatsApp 131050, Postmark 406 */
  CBZ_FAKE_RECIPIENT_LANDLINE,       /* Twilio 21614 */
  CBZ_FAKE_RECIPIENT_INVALID,        /* Twilio 21211, WhatsApp 100, Mailgun/Postmark invalid To */
  CBZ_FAKE_RECIPIENT_UNDELIVERABLE,  /* accepted; polling ends undelivered (30003) / bounced */
  CBZ_FAKE_RECIPIENT_OUTSIDE_WINDOW, /* WhatsApp 131047; Twilio WhatsApp: failed 63016 on poll */
} CbzFakeRecipient;

typedef enum
{
  CBZ_FAKE_FAULT_LATENCY,            /* wait delay_ms, then handle normally */
  CBZ_FAKE_FAULT_SLOW,               /* handle (and record) now, answer after delay_ms */
  CBZ_FAKE_FAULT_DROP,               /* close the connection, nothing recorded */
  CBZ_FAKE_FAULT_DROP_AFTER_ACCEPT,  /* accept and record, then close without answering */
  CBZ_FAKE_FAULT_500,
  CBZ_FAKE_FAULT_503,
  CBZ_FAKE_FAULT_429,                /* Retry-After if retry_after >= 0, X-RateLimit-Reset if reset_in > 0 */
  CBZ_FAKE_FAULT_MALFORMED,          /* accept and record, answer 2xx with broken JSON */
} CbzFakeFaultKind;

typedef struct
{
  const char       *provider;     /* "twilio", …, or NULL for any */
  CbzFakeFaultKind  kind;
  guint             skip;         /* let this many matching requests through first */
  int               count;        /* how many times to fire; -1 = forever */
  guint             every;        /* fire on every Nth matching request (0 or 1: each) */
  guint             delay_ms;     /* LATENCY, SLOW */
  int               retry_after;  /* 429: seconds, -1 = no header */
  int               reset_in;     /* 429: X-RateLimit-Reset = now + reset_in, 0 = no header */
} CbzFakeFault;

/* One request as the fake saw it. */
typedef struct
{
  guint       seq;
  char       *provider;           /* NULL for admin/unknown paths */
  char       *operation;          /* "send", "poll", "list", "upload" */
  char       *method;
  char       *path;               /* with query */
  char       *content_type;       /* media type only */
  char       *authorization;      /* Authorization / X-Postmark-Server-Token as sent */
  char       *user_agent;
  guint       status;             /* HTTP status answered, 0 when dropped */
  gboolean    accepted;           /* a send the fake took (counted for duplicates) */
  gboolean    duplicate;          /* an accepted send identical to an earlier one */
  char       *fault;              /* fault applied, or NULL */
  char       *to;
  char       *from;
  char       *body;
  char       *subject;
  char       *html;
  char       *template_name;
  char       *reference;
  char       *message_id;
  GHashTable *fields;             /* form / multipart / top-level JSON string fields */
  char       *attachment_encoding;/* "base64-json", "multipart-file", or NULL */
  char       *attachment_filename;
  char       *attachment_type;
  GBytes     *attachment;         /* decoded bytes */
  GBytes     *raw_body;
} CbzFakeRequest;

#define CBZ_TYPE_FAKE_PROVIDER (cbz_fake_provider_get_type ())
G_DECLARE_FINAL_TYPE (CbzFakeProvider, cbz_fake_provider, CBZ, FAKE_PROVIDER, GObject)

/* Listens on 127.0.0.1 with a kernel-chosen port (or @port when non-zero),
 * served from the thread-default main context. */
CbzFakeProvider *cbz_fake_provider_new           (guint              port,
                                                  GError           **error);
const char      *cbz_fake_provider_get_url       (CbzFakeProvider   *self);
guint            cbz_fake_provider_get_port      (CbzFakeProvider   *self);

void             cbz_fake_provider_reset         (CbzFakeProvider   *self);
void             cbz_fake_provider_set_recipient (CbzFakeProvider   *self,
                                                  const char        *to,
                                                  CbzFakeRecipient   behavior);
void             cbz_fake_provider_add_fault     (CbzFakeProvider   *self,
                                                  const CbzFakeFault *fault);
void             cbz_fake_provider_clear_faults  (CbzFakeProvider   *self);
/* A Twilio inbound message to our number; @date_sent NULL = now. */
void             cbz_fake_provider_add_inbound   (CbzFakeProvider   *self,
                                                  const char        *from,
                                                  const char        *to,
                                                  const char        *body,
                                                  GDateTime         *date_sent);
/* An approved WhatsApp template and its number of body parameters.
 * Defaults: recordatorio_pago (es_MX, es) with 2. */
void             cbz_fake_provider_add_template  (CbzFakeProvider   *self,
                                                  const char        *name,
                                                  const char        *language,
                                                  guint              n_parameters);
/* Polls a message needs before it reaches its final status (default 2:
 * queued -> sent -> delivered). */
void             cbz_fake_provider_set_poll_steps (CbzFakeProvider  *self,
                                                   guint             steps);

/* Every request received (CbzFakeRequest, owned by the fake). */
GPtrArray       *cbz_fake_provider_get_requests  (CbzFakeProvider   *self);
/* The last request for @provider (NULL = any), or NULL. */
CbzFakeRequest  *cbz_fake_provider_get_last      (CbzFakeProvider   *self,
                                                  const char        *provider);
guint            cbz_fake_provider_count_received (CbzFakeProvider  *self,
                                                   const char       *provider);
guint            cbz_fake_provider_count_accepted (CbzFakeProvider  *self,
                                                   const char       *provider);
guint            cbz_fake_provider_count_duplicates (CbzFakeProvider *self);
guint            cbz_fake_provider_get_max_in_flight (CbzFakeProvider *self);

/* Parses "429,provider=twilio,count=3,retry-after=2" (the standalone
 * program's --fault syntax). */
gboolean         cbz_fake_fault_parse            (const char        *spec,
                                                  CbzFakeFault      *fault,
                                                  char             **provider,
                                                  GError           **error);

G_END_DECLS
