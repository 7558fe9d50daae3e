/* cbz-provider-private.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the CbzProvider implementations share with the base class. The base
 * class owns the GTask and libsoup plumbing of every operation: it checks
 * the message, sends the requests, reads the bodies, maps transport
 * failures and HTTP statuses, reads Retry-After, walks pages and writes the
 * sentences a person reads. An implementation only says how its requests
 * look and how its answers read, through the vfuncs below.
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "cbz-provider.h"

G_BEGIN_DECLS

/* A request an implementation describes; the base class makes the
 * SoupMessage, adds the credentials (authorize) and sends it. */
typedef struct
{
  const char *method;       /* SOUP_METHOD_POST, SOUP_METHOD_GET */
  char       *path;         /* below the base URL, already escaped, with its query */
  char       *content_type; /* NULL with no body */
  GBytes     *body;
} CbzProviderRequest;

/* An answer as the base class read it, for the implementation to parse. */
typedef struct
{
  SoupMessage *message; /* its status and headers */
  GBytes      *body;    /* possibly empty */
  JsonNode    *json;    /* the body parsed, NULL when it is not JSON */
  JsonObject  *object;  /* the JSON's root object, or NULL */
} CbzProviderReply;

/* What an answer said about a message: the id it was given, or why the
 * provider did not take it. */
typedef struct
{
  char              *id;        /* taken: the provider's id (may stay NULL) */
  CbzDeliveryStatus  status;    /* taken: where it is (default QUEUED) */
  CbzFailureCode     failure;   /* not taken: CBZ_FAILURE_NONE = decided by the HTTP status */
  gboolean           temporary; /* with @failure: worth trying again later */
  char              *code;      /* the provider's own code as text ("21211"), or NULL */
  char              *text;      /* the provider's own words, or NULL */
} CbzProviderAnswer;

struct _CbzProviderClass
{
  GObjectClass parent_class;

  /* Set by each implementation in class_init. */
  const char          *id;                      /* "twilio" */
  CbzProviderFeatures  features;
  double               default_rate_per_second; /* documented sending limit */
  guint                default_concurrency;

  /* Puts the account's credentials on @request. */
  void                 (*authorize)       (CbzProvider              *self,
                                           SoupMessage              *request);

  /* Local checks before anything goes out: NULL when @message can be sent,
   * else why not (a sentence for a person) with *@failure set. */
  char                *(*check_message)   (CbzProvider              *self,
                                           const CbzOutgoingMessage *message,
                                           CbzFailureCode           *failure);

  /* Optional first step of a send (WhatsApp: upload the document first).
   * FALSE when @message needs none. */
  gboolean             (*build_upload)    (CbzProvider              *self,
                                           const CbzOutgoingMessage *message,
                                           CbzProviderRequest       *request);
  /* The id a 2xx answer to the upload carries, or NULL when unreadable. */
  char                *(*parse_upload)    (CbzProvider              *self,
                                           const CbzProviderReply   *reply);

  /* The send itself; @upload_id is what parse_upload returned, or NULL. */
  void                 (*build_send)      (CbzProvider              *self,
                                           const CbzOutgoingMessage *message,
                                           const char               *upload_id,
                                           CbzProviderRequest       *request);
  /* A 2xx answer to a send. TRUE when the provider took the message, with
   * @answer's id (it may stay NULL: SendGrid without X-Message-Id) and
   * status. FALSE when it said no (@answer's failure set) or the answer
   * cannot be read (failure left NONE: the message may have been taken). */
  gboolean             (*parse_send)      (CbzProvider              *self,
                                           const CbzProviderReply   *reply,
                                           CbzProviderAnswer        *answer);
  /* Any answer that is not 2xx, to a send, upload, poll or list: the
   * provider's code and words, and a failure where they name one. */
  void                 (*parse_error)     (CbzProvider              *self,
                                           const CbzProviderReply   *reply,
                                           CbzProviderAnswer        *answer);

  /* Status polling; NULL where the provider has none. FALSE with @error
   * when @provider_message_id cannot be asked about. */
  gboolean             (*build_poll)      (CbzProvider              *self,
                                           const char               *provider_message_id,
                                           CbzProviderRequest       *request,
                                           GError                  **error);
  /* A 2xx answer to a poll, or NULL when it cannot be read. */
  CbzDeliveryReport   *(*parse_poll)      (CbzProvider              *self,
                                           const char               *provider_message_id,
                                           const CbzProviderReply   *reply);

  /* Listing; NULL where the provider has none. The path of the first
   * page, then each page's rows (CbzProviderMessage appended to
   * @messages) and the path of the next page (NULL on the last). FALSE
   * when a page cannot be read. */
  char                *(*list_path)       (CbzProvider              *self,
                                           const char               *to,
                                           const char               *from,
                                           GDateTime                *sent_after);
  gboolean             (*parse_list_page) (CbzProvider              *self,
                                           const CbzProviderReply   *reply,
                                           GPtrArray                *messages,
                                           char                    **next_path);

  gpointer padding[8];
};

/* cbz-provider.c */

const CbzProviderAccount *_cbz_provider_get_account_info (CbzProvider              *self);
SoupSession              *_cbz_provider_get_session      (CbzProvider              *self);

/* cbz-provider-request.c: requests and their bodies */

void                      _cbz_provider_request_clear    (CbzProviderRequest       *request);
/* Takes @path (escaped, below the base URL). */
void                      _cbz_provider_request_init     (CbzProviderRequest       *request,
                                                          const char               *method,
                                                          char                     *path);
void                      _cbz_provider_request_set_json (CbzProviderRequest       *request,
                                                          JsonBuilder              *builder);
void                      _cbz_provider_request_set_multipart (CbzProviderRequest  *request,
                                                               SoupMultipart       *multipart);
/* Takes @form ("a=1&b=2", values escaped). */
void                      _cbz_provider_request_set_form (CbzProviderRequest       *request,
                                                          GString                  *form);
/* Appends name=value to a form or query, escaping @value. */
void                      _cbz_form_append               (GString                  *form,
                                                          const char               *name,
                                                          const char               *value);

void                      _cbz_provider_set_basic_auth   (SoupMessage              *request,
                                                          const char               *user,
                                                          const char               *password);
void                      _cbz_provider_set_bearer       (SoupMessage              *request,
                                                          const char               *token);

/* The attachment's file name and type, with the defaults every provider
 * uses ("document.pdf", "application/pdf"). */
const char               *_cbz_attachment_filename       (const CbzOutgoingMessage *message);
const char               *_cbz_attachment_mime           (const CbzOutgoingMessage *message);
/* TRUE when @text has at least one character. */
gboolean                  _cbz_has_text                  (const char               *text);

/* cbz-provider-failure.c: what went wrong, for a person and the outbox */

void                      _cbz_provider_answer_clear     (CbzProviderAnswer        *answer);
/* Seconds to wait from Retry-After (seconds or HTTP date) or
 * X-RateLimit-Reset (epoch seconds, or a delta when small); -1 if neither. */
gint64                    _cbz_provider_get_retry_after  (SoupMessage              *answer);
/* The result of a send that was refused or failed. @recipient (may be
 * NULL) is named in the sentence; @answer carries the provider's code and
 * words and, when its failure is NONE, the HTTP status of @message decides:
 * 401/403/404/413/4xx permanent, 408/429/5xx temporary. */
CbzSendResult            *_cbz_provider_answer_result    (CbzProvider              *self,
                                                          const char               *recipient,
                                                          SoupMessage              *message,
                                                          const CbzProviderAnswer  *answer);
/* A send refused before anything went out (@reason is the whole sentence). */
CbzSendResult            *_cbz_provider_refused_result   (CbzProvider              *self,
                                                          CbzFailureCode            failure,
                                                          const char               *reason);
/* A temporary failure for a request that got no HTTP answer (timeout,
 * refused or dropped connection, TLS); permanent for an address refused as
 * insecure. */
CbzSendResult            *_cbz_provider_transport_result (CbzProvider              *self,
                                                          const GError             *error);
/* A 2xx answer whose body cannot be read: the provider may have accepted
 * the message, so this is a TEMPORARY failure with MALFORMED_RESPONSE and
 * the HTTP status kept, which the outbox must reconcile, not resend. */
CbzSendResult            *_cbz_provider_malformed_result (CbzProvider              *self,
                                                          SoupMessage              *answer);
/* Fills @report's failure, provider code and reason for a message the
 * provider reports as not delivered (@recipient, @code, @text may be NULL). */
void                      _cbz_provider_report_failure   (CbzProvider              *self,
                                                          CbzDeliveryReport        *report,
                                                          CbzFailureCode            failure,
                                                          const char               *recipient,
                                                          const char               *code,
                                                          const char               *text);
/* Poll/list errors: a transport failure is TEMPORARY (G_IO_ERROR_CANCELLED
 * and provider errors pass through), scrubbed; takes @error. */
GError                   *_cbz_provider_transport_error  (CbzProvider              *self,
                                                          GError                   *error);
/* Poll/list errors from an HTTP status: 408/429/5xx TEMPORARY, else PERMANENT. */
GError                   *_cbz_provider_http_error       (CbzProvider              *self,
                                                          SoupMessage              *answer,
                                                          const char               *provider_text);

/* cbz-provider-json.c: tolerant readers and terse writers */

/* Parses @body; NULL unless it is a JSON object or array. */
JsonNode                 *_cbz_provider_parse_json       (GBytes                   *body);
/* The root object of @root, or NULL. */
JsonObject               *_cbz_json_object               (JsonNode                 *root);
/* Members that tolerate absence and a different type (NULL then). */
const char               *_cbz_json_get_string           (JsonObject               *object,
                                                          const char               *member);
JsonObject               *_cbz_json_get_object           (JsonObject               *object,
                                                          const char               *member);
JsonArray                *_cbz_json_get_array            (JsonObject               *object,
                                                          const char               *member);
/* A number or a numeric string as text ("21211"); NULL when absent/null. */
char                     *_cbz_json_dup_code             (JsonObject               *object,
                                                          const char               *member);
/* @body as text when it is short printable UTF-8 (an error page some
 * proxies send instead of JSON), else NULL. */
char                     *_cbz_body_excerpt              (GBytes                   *body);
/* Adds "member": "value" to the object being built. */
void                      _cbz_json_add_string           (JsonBuilder              *builder,
                                                          const char               *member,
                                                          const char               *value);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CbzProviderRequest, _cbz_provider_request_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CbzProviderAnswer, _cbz_provider_answer_clear)

G_END_DECLS
