/* cbz-sms-encoding.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CBZ_SMS_ENCODING_GSM7,
  CBZ_SMS_ENCODING_UCS2,
} CbzSmsEncoding;

/*
 * How an SMS body travels: GSM-7 (160 septets in one part, 153 per part when
 * split; extension characters such as € [ ] { } cost two) or, as soon as one
 * character is outside GSM-7, UCS-2 for the whole message (70 UTF-16 units,
 * 67 per part). A part never splits an escape sequence or a surrogate pair.
 */
typedef struct
{
  CbzSmsEncoding encoding;
  guint          units;          /* septets (GSM-7) or UTF-16 code units (UCS-2) */
  guint          parts;          /* 0 for an empty body */
  guint          units_per_part; /* 160/153 or 70/67, according to @parts */
  guint          remaining;      /* units left in the last part before one more part */
  gunichar       first_non_gsm;  /* the character that forced UCS-2, or 0 */
} CbzSmsCount;

gboolean cbz_sms_char_is_gsm7     (gunichar     c,
                                   guint       *septets);
void     cbz_sms_count            (const char  *text,
                                   CbzSmsCount *count);
char    *cbz_sms_replace_accents  (const char  *text);

G_END_DECLS
