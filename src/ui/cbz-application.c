/* cbz-application.c
 *
 * Copyright 2026 The Cobranza authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>

#include "cbz-application.h"
#include "cbz-money.h"
#include "cbz-paths.h"
#include "cbz-preferences-window.h"
#include "cbz-ui-resources.h"
#include "cbz-window.h"

struct _CbzApplication
{
  AdwApplication  parent_instance;

  char           *database_path;
  guint           sigterm_source;
  guint           sighup_source;
};

enum {
  PROP_0,
  PROP_DATABASE_PATH,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (CbzApplication, cbz_application, ADW_TYPE_APPLICATION)

static GParamSpec *properties[N_PROPS];

static const GOptionEntry option_entries[] = {
  { "database", 'd', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, NULL,
    N_("Open the portfolio stored in FILE instead of the default one"), N_("FILE") },
  { "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and exit"), NULL },
  { NULL }
};

static CbzWindow *
get_or_create_window (CbzApplication *self)
{
  /* Most recently focused first; the Outbox window may be the active one. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (CBZ_IS_WINDOW (l->data))
        return CBZ_WINDOW (l->data);
    }

  return cbz_window_new (self, cbz_application_get_database_path (self));
}

static void
quit_activated_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  CbzApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing the windows (rather than g_application_quit) lets each one save
   * its size and filters. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
}

static void
about_activated_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  CbzApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  static const char *developers[] = { "The Cobranza authors", NULL };
  AdwAboutWindow *about;

  about = ADW_ABOUT_WINDOW (adw_about_window_new ());
  g_object_set (about,
                "transient-for", parent,
                "modal", TRUE,
                "application-name", _("Cobranza"),
                "application-icon", APP_ID,
                "developer-name", _("The Cobranza authors"),
                "version", PACKAGE_VERSION,
                "website", PACKAGE_WEBSITE,
                "issue-url", PACKAGE_WEBSITE "/issues",
                "license-type", GTK_LICENSE_GPL_3_0,
                "copyright", "© 2026 The Cobranza authors",
                "comments", _("Keep track of who owes you, and remind them to pay."),
                "developers", developers,
                /* Translators: put your names here, one per line. */
                "translator-credits", _("translator-credits"),
                NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_activated_cb (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  CbzApplication *self = user_data;

  gtk_window_present (cbz_application_get_preferences (self));
}

static void
shortcuts_activated_cb (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  CbzApplication *self = user_data;
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWindow *shortcuts;

  builder = gtk_builder_new_from_resource (RESOURCE_BASE "/ui/cbz-shortcuts-window.ui");
  shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));
  gtk_window_set_transient_for (shortcuts,
                                gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_present (shortcuts);
}

static void
help_shown_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      CbzWindow *window = CBZ_WINDOW (object);

      /* No help viewer (Yelp) installed: say so instead of doing nothing. */
      cbz_window_add_toast (window, adw_toast_new (_("Could not open the user guide: no help viewer is installed.")));
      g_debug ("help: %s", error->message);
    }
}

static void
help_activated_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  CbzApplication *self = user_data;
  CbzWindow *window = get_or_create_window (self);

  gtk_show_uri_full (GTK_WINDOW (window), "help:" APP_ID, GDK_CURRENT_TIME, NULL,
                     help_shown_cb, NULL);
}

static void
import_activated_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  CbzApplication *self = user_data;
  CbzWindow *window = get_or_create_window (self);

  gtk_window_present (GTK_WINDOW (window));
  cbz_window_import (window, NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated_cb },
  { "about", about_activated_cb },
  { "preferences", preferences_activated_cb },
  { "shortcuts", shortcuts_activated_cb },
  { "help", help_activated_cb },
  { "import", import_activated_cb },
};

static const struct {
  const char *action;
  const char *accels[3];
} app_accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.preferences", { "<Control>comma", NULL } },
  { "app.shortcuts", { "<Control>question", NULL } },
  { "app.help", { "F1", NULL } },
  { "app.import", { "<Control>i", NULL } },
  { "win.search", { "<Control>f", NULL } },
  { "win.back", { "<Alt>Left", NULL } },
  { "window.close", { "<Control>w", NULL } },
};

static int
cbz_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  CbzApplication *self = CBZ_APPLICATION (app);
  g_autofree char *database = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("cobranza %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "database", "^ay", &database))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (database);
      g_autofree char *path = g_file_get_path (file);

      cbz_application_set_database_path (self, path);
      /* Another running instance may have a different portfolio open: a
       * process given an explicit file keeps it for itself. */
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }

  return G_APPLICATION_CLASS (cbz_application_parent_class)->handle_local_options (app, options);
}

/* A session that ends (or `kill`) quits the way Ctrl+Q does: the windows
 * save their state and the portfolio is closed cleanly, so the next open
 * need not read the whole file (see cbz-store-session.c). */
static gboolean
on_terminate_signal_cb (gpointer user_data)
{
  g_action_group_activate_action (G_ACTION_GROUP (user_data), "quit", NULL);
  return G_SOURCE_CONTINUE;
}

static void
cbz_application_shutdown (GApplication *app)
{
  CbzApplication *self = CBZ_APPLICATION (app);

  g_clear_handle_id (&self->sigterm_source, g_source_remove);
  g_clear_handle_id (&self->sighup_source, g_source_remove);

  G_APPLICATION_CLASS (cbz_application_parent_class)->shutdown (app);
}

static void
cbz_application_startup (GApplication *app)
{
  CbzApplication *self = CBZ_APPLICATION (app);
  g_autoptr(GtkCssProvider) css = NULL;

  /* Before chaining up: GtkApplication's startup adds the resource icons
   * folder to the icon theme, which may scan it on a thread right away.
   * UI tests may have registered them already, and registering a static
   * resource twice corrupts GLib's list of them. */
  if (!g_resources_get_info (RESOURCE_BASE "/style.css", G_RESOURCE_LOOKUP_FLAGS_NONE,
                             NULL, NULL, NULL))
    cbz_ui_register_resource ();

  G_APPLICATION_CLASS (cbz_application_parent_class)->startup (app);

  /* Under a locale without a country (C.UTF-8), amounts are written the
   * way the business's own country writes them, not each currency's. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_autofree char *country = g_settings_get_string (settings, "default-country");

    cbz_money_set_fallback_country (country);
  }

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  self->sigterm_source = g_unix_signal_add (SIGTERM, on_terminate_signal_cb, self);
  self->sighup_source = g_unix_signal_add (SIGHUP, on_terminate_signal_cb, self);
  for (guint i = 0; i < G_N_ELEMENTS (app_accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), app_accels[i].action,
                                           app_accels[i].accels);

  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, RESOURCE_BASE "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
cbz_application_activate (GApplication *app)
{
  CbzApplication *self = CBZ_APPLICATION (app);

  gtk_window_present (GTK_WINDOW (get_or_create_window (self)));
}

static void
cbz_application_open (GApplication  *app,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  CbzApplication *self = CBZ_APPLICATION (app);
  CbzWindow *window = get_or_create_window (self);

  gtk_window_present (GTK_WINDOW (window));
  /* One import at a time: the first file given is the one imported. */
  if (n_files > 0)
    cbz_window_import (window, files[0]);
}

static void
cbz_application_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CbzApplication *self = CBZ_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      g_value_set_string (value, cbz_application_get_database_path (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cbz_application_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CbzApplication *self = CBZ_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      cbz_application_set_database_path (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cbz_application_finalize (GObject *object)
{
  CbzApplication *self = CBZ_APPLICATION (object);

  g_clear_pointer (&self->database_path, g_free);

  G_OBJECT_CLASS (cbz_application_parent_class)->finalize (object);
}

static void
cbz_application_class_init (CbzApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = cbz_application_finalize;
  object_class->get_property = cbz_application_get_property;
  object_class->set_property = cbz_application_set_property;

  app_class->handle_local_options = cbz_application_handle_local_options;
  app_class->startup = cbz_application_startup;
  app_class->shutdown = cbz_application_shutdown;
  app_class->activate = cbz_application_activate;
  app_class->open = cbz_application_open;

  properties[PROP_DATABASE_PATH] =
    g_param_spec_string ("database-path", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cbz_application_init (CbzApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE.csv]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Keep track of who owes you, and remind them to pay."));
}

CbzApplication *
cbz_application_new (void)
{
  return g_object_new (CBZ_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

/**
 * cbz_application_get_database_path:
 *
 * Returns: the sqlite file the windows open: the one given with `--database`,
 * else the default one in the user's data folder.
 */
const char *
cbz_application_get_database_path (CbzApplication *self)
{
  g_return_val_if_fail (CBZ_IS_APPLICATION (self), NULL);

  if (self->database_path == NULL)
    self->database_path = cbz_paths_get_default_database ();
  return self->database_path;
}

void
cbz_application_set_database_path (CbzApplication *self,
                                   const char     *path)
{
  g_return_if_fail (CBZ_IS_APPLICATION (self));

  if (g_strcmp0 (self->database_path, path) == 0)
    return;
  g_free (self->database_path);
  self->database_path = g_strdup (path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE_PATH]);
}

/**
 * cbz_application_get_preferences:
 *
 * Returns: (transfer none): a new preferences window, modal to the active
 * window (the window owns itself: present it).
 */
GtkWindow *
cbz_application_get_preferences (CbzApplication *self)
{
  GtkWindow *parent;
  CbzPreferencesWindow *preferences;

  g_return_val_if_fail (CBZ_IS_APPLICATION (self), NULL);

  parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  preferences = cbz_preferences_window_new (parent);
  return GTK_WINDOW (preferences);
}
