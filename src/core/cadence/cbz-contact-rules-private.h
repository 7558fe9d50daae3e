/* cbz-contact-rules-private.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-contact-rules.h"

G_BEGIN_DECLS

/* cbz_frequency_cap_allows() with the contacts' local days already known
 * (@days[i] is the local day, since the epoch, of @contacts[i]). */
gboolean _cbz_frequency_cap_allows_days (const CbzFrequencyCap  *cap,
                                         gint32                  day,
                                         CbzEventChannel         channel,
                                         const CbzContactRecord *contacts,
                                         const gint32           *days,
                                         gsize                   n_contacts);

G_END_DECLS
