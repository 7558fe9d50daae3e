/* cbz-cadence-json.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "cbz-cadence.h"

G_BEGIN_DECLS

/*
 * The cadence exchange format (docs/cadence-format.md): what the command
 * line's `cadence import/export` and the editor read and write.
 *
 * Import refuses a file with a wrong channel, time, weekday or offset with
 * a CBZ_CADENCE_ERROR naming the step (1-based, in the file's order) and
 * the value. Keys it does not know are ignored and named in a warning, so a
 * file written by a newer version or another tool still imports. Steps are
 * put in order of their offset (with a warning when the file had them in
 * another order).
 *
 * Export writes the canonical form: fixed key order, every core key of
 * each step, two-space indentation. export (import (x)) is stable: importing
 * an exported cadence and exporting it again gives the same text.
 */

/* A key import ignored, or something it changed. */
typedef struct
{
  guint  step;      /* 1-based position in the file; 0 for the cadence itself */
  char  *key;       /* the key concerned, or NULL */
  char  *message;   /* translated, for a person */
} CbzCadenceWarning;

#define CBZ_TYPE_CADENCE_WARNING (cbz_cadence_warning_get_type ())
GType              cbz_cadence_warning_get_type     (void) G_GNUC_CONST;
CbzCadenceWarning *cbz_cadence_warning_copy         (const CbzCadenceWarning *warning);
void               cbz_cadence_warning_free         (CbzCadenceWarning       *warning);

/*
 * Reads a cadence from JSON text (@length -1 when NUL-terminated).
 * @warnings: (out) (optional) (transfer full): a new array of
 * CbzCadenceWarning, empty when there was nothing to say.
 */
CbzCadence        *cbz_cadence_new_from_json        (const char         *json,
                                                     gssize              length,
                                                     GPtrArray         **warnings,
                                                     GError            **error);
/* The same from an already parsed node (a cadence inside a larger file). */
CbzCadence        *cbz_cadence_new_from_json_node   (JsonNode           *node,
                                                     GPtrArray         **warnings,
                                                     GError            **error);

/* The canonical JSON text, ending in a newline. (transfer full) */
char              *cbz_cadence_to_json              (const CbzCadence   *cadence);
/* (transfer full) */
JsonNode          *cbz_cadence_to_json_node         (const CbzCadence   *cadence);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CbzCadenceWarning, cbz_cadence_warning_free)

G_END_DECLS
