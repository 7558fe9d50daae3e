/* cbz-cli-commands.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-cli.h"

G_BEGIN_DECLS

/* One declaration per command file; the table in cobranza-cli.c lists them. */

G_END_DECLS
