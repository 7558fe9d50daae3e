/* cbz-opt-out.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CBZ_REPLY_INTENT_NONE,
  CBZ_REPLY_INTENT_OPT_OUT,
  CBZ_REPLY_INTENT_OPT_IN,
} CbzReplyIntent;

CbzReplyIntent cbz_opt_out_classify (const char  *reply,
                                     char       **keyword);

G_END_DECLS
