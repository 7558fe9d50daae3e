/* cbz-application.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CBZ_TYPE_APPLICATION (cbz_application_get_type ())

G_DECLARE_FINAL_TYPE (CbzApplication, cbz_application, CBZ, APPLICATION, AdwApplication)

CbzApplication *cbz_application_new                (void);
const char     *cbz_application_get_database_path  (CbzApplication *self);
void            cbz_application_set_database_path  (CbzApplication *self,
                                                    const char     *path);
GtkWindow      *cbz_application_get_preferences    (CbzApplication *self);

G_END_DECLS
