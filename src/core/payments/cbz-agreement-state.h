/* cbz-agreement-state.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * Where a payment agreement (convenio de pago) stands at an instant. Each
 * value has a stable nick (what sqlite stores and the command line takes)
 * and a translated label, from one table.
 */
typedef enum
{
  CBZ_AGREEMENT_STATE_ON_TRACK,  /* 'on-track': every instalment whose day has ended is paid */
  CBZ_AGREEMENT_STATE_MISSED,    /* 'missed': at least one instalment is late */
  CBZ_AGREEMENT_STATE_COMPLETED, /* 'completed': every instalment is paid */
} CbzAgreementState;

#define CBZ_AGREEMENT_STATE_N_VALUES (CBZ_AGREEMENT_STATE_COMPLETED + 1)

#define CBZ_TYPE_AGREEMENT_STATE (cbz_agreement_state_get_type ())
GType        cbz_agreement_state_get_type    (void) G_GNUC_CONST;

/* The stable nick: 'on-track', 'missed', 'completed'. */
const char  *cbz_agreement_state_to_string   (CbzAgreementState  value);
/* Exactly a nick; FALSE for anything else (including NULL). */
gboolean     cbz_agreement_state_from_string (const char        *str,
                                              CbzAgreementState *value);
/* Translated, for people. */
const char  *cbz_agreement_state_get_label   (CbzAgreementState  value);
/* What a person types (the command line, a script): the nick, the English
 * or translated label or a Spanish word, in any case, with or without
 * accents. The error names the text and lists the nicks. */
gboolean     cbz_agreement_state_parse       (const char         *text,
                                              CbzAgreementState  *value,
                                              GError            **error);

G_END_DECLS
