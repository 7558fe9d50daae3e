/* cbz-cli-commands.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cbz-cli.h"

G_BEGIN_DECLS

/* One declaration per command file; the table in cobranza-cli.c lists them. */
int cbz_cli_demo (const char *database, int argc, char **argv);
int cbz_cli_export (const char *database, int argc, char **argv);
int cbz_cli_company (const char *database, int argc, char **argv);
int cbz_cli_import (const char *database, int argc, char **argv);
int cbz_cli_letters (const char *database, int argc, char **argv);
int cbz_cli_outbox (const char *database, int argc, char **argv);
int cbz_cli_send (const char *database, int argc, char **argv);
int cbz_cli_send_test (const char *database, int argc, char **argv);
int cbz_cli_call (const char *database, int argc, char **argv);
int cbz_cli_dispute (const char *database, int argc, char **argv);
int cbz_cli_note (const char *database, int argc, char **argv);
int cbz_cli_reason (const char *database, int argc, char **argv);
int cbz_cli_opt_out (const char *database, int argc, char **argv);

G_END_DECLS
