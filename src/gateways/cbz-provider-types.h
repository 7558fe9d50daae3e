/* cbz-provider-types.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The values that cross the CbzProvider interface: the message to send, the
 * outcome of a send, a delivery report from polling, and a message found by
 * listing. All are plain boxed structs with public fields (owned strings),
 * so the outbox can build and copy them freely.
 */

#pragma once

#include <gio/gio.h>

#include "cbz-event.h"

G_BEGIN_DECLS

typedef enum
{
  CBZ_CHANNEL_SMS,
  CBZ_CHANNEL_WHATSAPP,
  CBZ_CHANNEL_EMAIL,
} CbzChannel;

/* "sms", "whatsapp", "email": the same words as events.channel. */
const char *cbz_channel_to_string   (CbzChannel  channel);
gboolean    cbz_channel_from_string (const char *text,
                                     CbzChannel *channel);
/* The same channel as the store and the timeline name it. */
CbzEventChannel cbz_channel_to_event_channel (CbzChannel channel);

/*
 * Where a message is, as far as the provider told us. The nick of each
 * value ("queued", "sent", ...) is what goes in events.delivery_state.
 */
typedef enum
{
  CBZ_DELIVERY_UNKNOWN,
  CBZ_DELIVERY_QUEUED,      /* accepted by the provider, not yet handed on */
  CBZ_DELIVERY_SENDING,
  CBZ_DELIVERY_SENT,        /* handed to the carrier / receiving server */
  CBZ_DELIVERY_DELIVERED,
  CBZ_DELIVERY_READ,        /* WhatsApp */
  CBZ_DELIVERY_UNDELIVERED, /* final: the carrier could not deliver */
  CBZ_DELIVERY_FAILED,      /* final: the provider gave up */
  CBZ_DELIVERY_RECEIVED,    /* an inbound message */
  CBZ_DELIVERY_CANCELED,
} CbzDeliveryStatus;

const char *cbz_delivery_status_to_string (CbzDeliveryStatus status);
/* TRUE for delivered, read, undelivered, failed, canceled, received: no
 * point polling again. */
gboolean    cbz_delivery_status_is_final  (CbzDeliveryStatus status);
/* TRUE for undelivered, failed, canceled. */
gboolean    cbz_delivery_status_is_failure (CbzDeliveryStatus status);

/* The machine-readable reason of a failure, common to every provider. The
 * provider's own code is kept next to it (CbzSendResult.provider_code). */
typedef enum
{
  CBZ_FAILURE_NONE,
  /* permanent */
  CBZ_FAILURE_BAD_CREDENTIALS,
  CBZ_FAILURE_FORBIDDEN,          /* account suspended, not allowed, unpaid */
  CBZ_FAILURE_INVALID_NUMBER,     /* or invalid e-mail address */
  CBZ_FAILURE_NOT_MOBILE,         /* landline, cannot receive SMS */
  CBZ_FAILURE_OPTED_OUT,          /* recipient replied STOP / inactive recipient */
  CBZ_FAILURE_TEMPLATE_NOT_APPROVED,
  CBZ_FAILURE_TEMPLATE_MISMATCH,  /* parameter count does not match the template */
  CBZ_FAILURE_OUTSIDE_WINDOW,     /* WhatsApp: more than 24 h since the customer wrote */
  CBZ_FAILURE_UNDELIVERABLE,
  CBZ_FAILURE_TOO_LARGE,
  CBZ_FAILURE_INVALID_REQUEST,    /* anything else the provider refused as malformed */
  CBZ_FAILURE_UNSUPPORTED,        /* this provider cannot send this kind of message */
  CBZ_FAILURE_INSECURE_URL,       /* base URL is plain http to a non-loopback host */
  /* temporary */
  CBZ_FAILURE_RATE_LIMITED,
  CBZ_FAILURE_SERVER_ERROR,
  CBZ_FAILURE_TIMEOUT,
  CBZ_FAILURE_NETWORK,            /* refused / dropped connection, DNS, TLS handshake */
  CBZ_FAILURE_MALFORMED_RESPONSE,
  CBZ_FAILURE_UNKNOWN,
} CbzFailureCode;

/* "bad-credentials", "invalid-number", ... (stable, for logs and sqlite). */
const char *cbz_failure_code_to_string (CbzFailureCode code);

typedef struct
{
  CbzChannel  channel;
  char       *to;                  /* E.164 "+5215512345678", or an e-mail address */
  char       *from;                /* NULL: the account's default sender */
  char       *subject;             /* e-mail */
  char       *body;                /* text body (SMS, WhatsApp text, e-mail text part) */
  char       *html;                /* e-mail HTML part, optional */

  /* Template message (WhatsApp Cloud template name, Twilio ContentSid "HX…"). */
  char       *template_name;
  char       *template_language;   /* "es_MX" */
  char      **template_parameters; /* NULL-terminated, in order {{1}}, {{2}}, … */

  /* Optional attachment (the letter PDF). */
  GBytes     *attachment;
  char       *attachment_filename;
  char       *attachment_mime;     /* default "application/pdf" */
  /* WhatsApp Cloud documents are sent by link or media id, not bytes. */
  char       *attachment_url;

  /* The outbox's unique key for this message, sent where the provider allows
   * a reference (custom args / metadata) and used to match on reconciliation. */
  char       *reference;
} CbzOutgoingMessage;

#define CBZ_TYPE_OUTGOING_MESSAGE (cbz_outgoing_message_get_type ())
GType               cbz_outgoing_message_get_type (void) G_GNUC_CONST;
CbzOutgoingMessage *cbz_outgoing_message_new      (CbzChannel                channel,
                                                   const char               *to,
                                                   const char               *body);
CbzOutgoingMessage *cbz_outgoing_message_copy     (const CbzOutgoingMessage *message);
void                cbz_outgoing_message_free     (CbzOutgoingMessage       *message);
void                cbz_outgoing_message_set_template   (CbzOutgoingMessage *message,
                                                         const char         *name,
                                                         const char         *language,
                                                         const char * const *parameters);
void                cbz_outgoing_message_set_attachment (CbzOutgoingMessage *message,
                                                         GBytes             *bytes,
                                                         const char         *filename,
                                                         const char         *mime_type);

typedef enum
{
  CBZ_SEND_ACCEPTED,
  CBZ_SEND_PERMANENT_FAILURE,   /* do not retry this message as it is */
  CBZ_SEND_TEMPORARY_FAILURE,   /* retry later: see retry_after */
} CbzSendOutcome;

/*
 * TEMPORARY failures come in two kinds. Most (429, 5xx, a refused
 * connection) mean the provider did not take the message. But TIMEOUT,
 * NETWORK (connection dropped after the request went out) and
 * MALFORMED_RESPONSE (http_status is then the 2xx the provider answered) are
 * ambiguous: the provider may have accepted it. Reconcile those (list the
 * recipient's messages where the provider allows) or hold them for the user
 * rather than resending blindly.
 */
typedef struct
{
  CbzSendOutcome     outcome;
  char              *provider_message_id; /* ACCEPTED: "SM…", "wamid…", X-Message-Id, … */
  CbzDeliveryStatus  status;              /* ACCEPTED: usually QUEUED */
  CbzFailureCode     failure;             /* CBZ_FAILURE_NONE when accepted */
  char              *provider_code;       /* the provider's code as text ("21211"), or NULL */
  char              *reason;              /* for a person; never contains a secret */
  gint64             retry_after;         /* TEMPORARY: seconds to wait, -1 = use backoff */
  guint              http_status;         /* 0 when no HTTP answer arrived */
} CbzSendResult;

#define CBZ_TYPE_SEND_RESULT (cbz_send_result_get_type ())
GType          cbz_send_result_get_type (void) G_GNUC_CONST;
CbzSendResult *cbz_send_result_new_accepted  (const char          *provider_message_id,
                                              CbzDeliveryStatus    status,
                                              guint                http_status);
CbzSendResult *cbz_send_result_new_failure   (CbzSendOutcome       outcome,
                                              CbzFailureCode       failure,
                                              const char          *provider_code,
                                              const char          *reason,
                                              gint64               retry_after,
                                              guint                http_status);
CbzSendResult *cbz_send_result_copy          (const CbzSendResult *result);
void           cbz_send_result_free          (CbzSendResult       *result);
/* One line for a person or a CLI: "accepted, id SM…" / "permanent failure
 * (21211 invalid-number): The 'To' number…". */
char          *cbz_send_result_to_string     (const CbzSendResult *result);

/* What polling one message said. */
typedef struct
{
  char              *provider_message_id;
  CbzDeliveryStatus  status;
  CbzFailureCode     failure;        /* for undelivered/failed */
  char              *provider_code;  /* e.g. "30003" */
  char              *reason;
} CbzDeliveryReport;

#define CBZ_TYPE_DELIVERY_REPORT (cbz_delivery_report_get_type ())
GType              cbz_delivery_report_get_type (void) G_GNUC_CONST;
CbzDeliveryReport *cbz_delivery_report_copy     (const CbzDeliveryReport *report);
void               cbz_delivery_report_free     (CbzDeliveryReport       *report);

/* A message found by listing (Twilio): inbound replies, or our own sends
 * when reconciling a message left in "sending". */
typedef struct
{
  char              *provider_message_id;
  gboolean           inbound;
  char              *from;
  char              *to;
  char              *body;
  CbzDeliveryStatus  status;
  char              *error_code;     /* NULL when none */
  GDateTime         *date_sent;      /* may be NULL (not yet sent) */
  GDateTime         *date_created;
} CbzProviderMessage;

#define CBZ_TYPE_PROVIDER_MESSAGE (cbz_provider_message_get_type ())
GType               cbz_provider_message_get_type (void) G_GNUC_CONST;
CbzProviderMessage *cbz_provider_message_copy     (const CbzProviderMessage *message);
void                cbz_provider_message_free     (CbzProviderMessage       *message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzOutgoingMessage, cbz_outgoing_message_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzSendResult, cbz_send_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzDeliveryReport, cbz_delivery_report_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzProviderMessage, cbz_provider_message_free)

G_END_DECLS
