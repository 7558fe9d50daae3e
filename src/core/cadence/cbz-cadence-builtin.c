/* cbz-cadence-builtin.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "cbz-cadence-builtin.h"
#include "cbz-cadence-json.h"

#define RESOURCE_DIR RESOURCE_BASE "/cadences/"

static const char * const ids[] = { "gentle", "standard", "firm", NULL };

static const char * const names[] = {
  /* Translators: the name of a built-in reminder cadence */
  N_("Gentle reminders"),
  /* Translators: the name of a built-in reminder cadence */
  N_("Standard"),
  /* Translators: the name of a built-in reminder cadence */
  N_("Firm"),
};

const char * const *
cbz_cadence_builtin_list_ids (void)
{
  return ids;
}

static int
index_of (const char *cadence_id)
{
  for (guint i = 0; cadence_id != NULL && ids[i] != NULL; i++)
    if (g_str_equal (ids[i], cadence_id))
      return (int) i;
  return -1;
}

gboolean
cbz_cadence_builtin_is_builtin (const char *cadence_id)
{
  return index_of (cadence_id) >= 0;
}

const char *
cbz_cadence_builtin_get_name (const char *cadence_id)
{
  int index = index_of (cadence_id);

  g_return_val_if_fail (index >= 0, NULL);

  return _(names[index]);
}

/* "es" for Spanish, "en" for anything else. */
static const char *
pick_language (const char *language)
{
  if (language == NULL)
    {
      const char * const *languages = g_get_language_names ();

      language = languages[0];
    }
  return g_ascii_strncasecmp (language, "es", 2) == 0 ? "es" : "en";
}

CbzCadence *
cbz_cadence_builtin_load (const char  *cadence_id,
                          const char  *language,
                          GError     **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize size;
  const char *data;

  if (index_of (cadence_id) < 0)
    {
      g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_NOT_FOUND,
                   _("There is no built-in cadence “%s” (there are gentle, standard and firm)"),
                   cadence_id != NULL ? cadence_id : "");
      return NULL;
    }

  path = g_strdup_printf (RESOURCE_DIR "%s-%s.json", cadence_id, pick_language (language));
  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, CBZ_CADENCE_ERROR, CBZ_CADENCE_ERROR_NOT_FOUND,
                   _("The built-in cadence “%s” is missing from this build: %s"), cadence_id, local_error->message);
      return NULL;
    }
  data = g_bytes_get_data (bytes, &size);
  return cbz_cadence_new_from_json (data, (gssize) size, NULL, error);
}
