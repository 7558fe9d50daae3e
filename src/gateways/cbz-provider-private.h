/* cbz-provider-private.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared plumbing for the CbzProvider implementations: the session, the
 * URL rules, and the mapping of transport failures and generic HTTP statuses.
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "cbz-provider.h"

G_BEGIN_DECLS

SoupSession              *_cbz_provider_get_session      (CbzProvider  *self);
const CbzProviderAccount *_cbz_provider_get_account_info (CbzProvider  *self);

/* @path_and_query is appended to the base URL; it must already be escaped.
 * Also accepts an absolute URL, which must pass the same loopback/https
 * rule. Returns NULL with @error set when the URL is refused. The message
 * never follows redirects (a POST must not silently become a GET). */
SoupMessage              *_cbz_provider_new_message      (CbzProvider  *self,
                                                          const char   *method,
                                                          const char   *path_and_query,
                                                          GError      **error);
void                      _cbz_provider_set_basic_auth   (SoupMessage  *message,
                                                          const char   *user,
                                                          const char   *password);
void                      _cbz_provider_set_bearer       (SoupMessage  *message,
                                                          const char   *token);

/* Serializes @multipart as @message's request body with its boundary. */
void                      _cbz_provider_set_multipart_body (SoupMessage   *message,
                                                            SoupMultipart *multipart);
/* Serializes @builder's root as a JSON request body. */
void                      _cbz_provider_set_json_body    (SoupMessage  *message,
                                                          JsonBuilder  *builder);

/* Seconds to wait from Retry-After (seconds or HTTP date) or
 * X-RateLimit-Reset (epoch seconds, or a delta when small); -1 if neither. */
gint64                    _cbz_provider_get_retry_after  (SoupMessage  *message);

/* A temporary failure for a request that got no HTTP answer (timeout,
 * refused or dropped connection, TLS). */
CbzSendResult            *_cbz_provider_transport_failure (CbzProvider  *self,
                                                           const GError *error);
/* A failure from an HTTP status the provider-specific code did not map:
 * 401/403/404/413/4xx permanent, 408/429/5xx temporary. @provider_code and
 * @provider_message come from the error body when it had them. */
CbzSendResult            *_cbz_provider_http_failure     (CbzProvider  *self,
                                                          SoupMessage  *message,
                                                          const char   *provider_code,
                                                          const char   *provider_message);
/* A failure with a specific reason; composes the human text from the
 * failure's description and the provider's own code and message. */
CbzSendResult            *_cbz_provider_failure          (CbzProvider    *self,
                                                          CbzSendOutcome  outcome,
                                                          CbzFailureCode  failure,
                                                          SoupMessage    *message,
                                                          const char     *provider_code,
                                                          const char     *provider_message);
/* A 2xx answer whose body cannot be read: the provider may have accepted the
 * message, so this is a TEMPORARY failure with MALFORMED_RESPONSE and the
 * HTTP status kept, which the outbox must reconcile rather than resend. */
CbzSendResult            *_cbz_provider_malformed        (CbzProvider  *self,
                                                          SoupMessage  *message);

/* Parses @body as JSON; NULL if it is not JSON or not an object/array. */
JsonNode                 *_cbz_provider_parse_json       (GBytes       *body);
/* Member helpers that tolerate absence and type mismatch. */
const char               *_cbz_json_get_string           (JsonObject   *object,
                                                          const char   *member);
/* A number or a numeric string as text ("21211"); NULL when absent/null. */
char                     *_cbz_json_dup_code             (JsonObject   *object,
                                                          const char   *member);

/* Human description of a failure code ("The phone number is not valid"). */
const char               *_cbz_failure_describe          (CbzFailureCode failure);

/* Maps a GError from a poll/list request to CBZ_PROVIDER_ERROR_TEMPORARY
 * (or passes G_IO_ERROR_CANCELLED through), scrubbed. */
void                      _cbz_provider_propagate_transport_error (CbzProvider  *self,
                                                                   GTask        *task,
                                                                   GError       *error);
/* Sets a poll/list error from an HTTP failure status. */
void                      _cbz_provider_return_http_error (CbzProvider  *self,
                                                           GTask        *task,
                                                           SoupMessage  *message,
                                                           const char   *provider_message);

/* Maps a complete HTTP answer to a send result. @body may be empty. */
typedef CbzSendResult *(*CbzProviderMapFunc) (CbzProvider *self,
                                              SoupMessage *message,
                                              GBytes      *body);

/* Sends @message and maps the answer with @map; transport failures become
 * temporary results. Finish with _cbz_provider_send_request_finish (which
 * only fails on cancellation). */
void                      _cbz_provider_send_request        (CbzProvider         *self,
                                                             SoupMessage         *message,
                                                             CbzProviderMapFunc   map,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
CbzSendResult            *_cbz_provider_send_request_finish (CbzProvider         *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
/* A send that fails before any request (bad message, refused URL). */
void                      _cbz_provider_report_result       (CbzProvider         *self,
                                                             CbzSendResult       *result,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);

/* Fetches @message; the body (possibly empty) is returned whatever the HTTP
 * status. A transport failure is CBZ_PROVIDER_ERROR_TEMPORARY (scrubbed). */
void                      _cbz_provider_fetch_async         (CbzProvider         *self,
                                                             SoupMessage         *message,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
GBytes                   *_cbz_provider_fetch_finish        (CbzProvider         *self,
                                                             GAsyncResult        *result,
                                                             SoupMessage        **message,
                                                             GError             **error);

G_END_DECLS
