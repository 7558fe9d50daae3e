/* cbz-enum.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * The string forms of the model's enums (the values stored in sqlite, in
 * GSettings and on the command line) are their GEnumClass nicks, declared
 * once with G_DEFINE_ENUM_TYPE next to the enum: no second table to keep in
 * step with it.
 */

/* The nick of @value ("partially-paid"), or NULL when @value is not a value
 * of @enum_type. */
const char *cbz_enum_to_nick   (GType       enum_type,
                                int         value);
/* Sets @value to the value whose nick is @nick; FALSE (and @value left
 * alone) when @nick is NULL or not a nick of @enum_type. */
gboolean    cbz_enum_from_nick (GType       enum_type,
                                const char *nick,
                                int        *value);

G_END_DECLS
