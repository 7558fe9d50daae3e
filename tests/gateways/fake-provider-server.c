/* fake-provider-server.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fake provider server as its own process, for the outbox crash test and
 * the benchmarks: prints its base URL ("http://127.0.0.1:PORT") on the first
 * line of stdout, then serves until SIGTERM/SIGINT or until stdin closes
 * (with --exit-on-stdin-eof). Control it through /_fake/… (see
 * cbz-fake-provider.h).
 *
 *   fake-provider-server [--port N] [--fault SPEC]… [--poll-steps N]
 *   SPEC: KIND[,provider=P][,count=N][,skip=N][,every=N][,delay=MS]
 *         [,retry-after=S][,reset-in=S]
 *   KIND: latency slow drop drop-after-accept 500 503 429 malformed
 */

#include "config.h"

#include <glib-unix.h>
#include <stdio.h>
#include <stdlib.h>

#include "cbz-fake-provider.h"

static gboolean
on_signal_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
on_stdin_cb (gint         fd,
             GIOCondition condition,
             gpointer     user_data)
{
  char buffer[256];
  gssize n = read (fd, buffer, sizeof buffer);

  if (n <= 0)
    {
      g_main_loop_quit (user_data);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CbzFakeProvider) fake = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_auto(GStrv) faults = NULL;
  int port = 0;
  int poll_steps = 2;
  gboolean exit_on_eof = FALSE;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "Port to listen on (default: chosen by the kernel)", "N" },
    { "fault", 'f', 0, G_OPTION_ARG_STRING_ARRAY, &faults, "Inject a fault (repeatable)", "SPEC" },
    { "poll-steps", 0, 0, G_OPTION_ARG_INT, &poll_steps, "Polls before a message reaches its final status", "N" },
    { "exit-on-stdin-eof", 0, 0, G_OPTION_ARG_NONE, &exit_on_eof, "Exit when standard input closes", NULL },
    { NULL }
  };

  context = g_option_context_new ("- fake SMS/WhatsApp/e-mail provider server for tests");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "fake-provider-server: %s\n", error->message);
      return 2;
    }

  loop = g_main_loop_new (NULL, FALSE);
  fake = cbz_fake_provider_new ((guint) port, &error);
  if (fake == NULL)
    {
      fprintf (stderr, "fake-provider-server: %s\n", error->message);
      return 1;
    }
  cbz_fake_provider_set_poll_steps (fake, (guint) MAX (poll_steps, 1));

  for (guint i = 0; faults != NULL && faults[i] != NULL; i++)
    {
      CbzFakeFault fault;
      g_autofree char *provider = NULL;

      if (!cbz_fake_fault_parse (faults[i], &fault, &provider, &error))
        {
          fprintf (stderr, "fake-provider-server: %s\n", error->message);
          return 2;
        }
      cbz_fake_provider_add_fault (fake, &fault);
    }

  g_unix_signal_add (SIGTERM, on_signal_cb, loop);
  g_unix_signal_add (SIGINT, on_signal_cb, loop);
  if (exit_on_eof)
    g_unix_fd_add (0, G_IO_IN | G_IO_HUP | G_IO_ERR, on_stdin_cb, loop);

  printf ("%s\n", cbz_fake_provider_get_url (fake));
  fflush (stdout);

  g_main_loop_run (loop);
  return 0;
}
