/* cbz-cli.h
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Every command is one file, cbz-cli-NAME.c, with one entry point of this
 * shape. @database is the portfolio file (from --database, else the default
 * path); @argv[0] is the command name and the rest its own options, which the
 * command parses with GOptionContext. Returns the process exit status.
 */
typedef int (*CbzCliCommandFunc) (const char  *database,
                                  int          argc,
                                  char       **argv);

/* Writes a message for a person to stderr, prefixed with the program name. */
void cbz_cli_print_error (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* The spaces after @text that fill @width columns: labels in Spanish have
 * accents, and printf pads by bytes. */
int  cbz_cli_padding     (const char *text,
                          int         width);

G_END_DECLS
