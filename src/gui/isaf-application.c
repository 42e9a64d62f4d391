/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-application"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "isaf-about.h"
#include "isaf-application.h"
#include "isaf-database.h"
#include "isaf-preferences-window.h"
#include "isaf-window.h"

struct _IsafApplication
{
  AdwApplication parent_instance;

  GSettings *settings;
  /* The file named with --db, or NULL for the usual location. */
  char *database_path;
};

G_DEFINE_FINAL_TYPE (IsafApplication, isaf_application, ADW_TYPE_APPLICATION)

/* The usual database: see isaf_database_default_path(); the "database-path" setting is the
 * configured one. Until something is set up there, it need not exist. */
static char *
dup_default_database_path (IsafApplication *self)
{
  g_autofree char *configured = g_settings_get_string (self->settings, "database-path");

  return isaf_database_default_path (configured);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  IsafApplication *self = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing each window, rather than g_application_quit(), lets it save its state; the
   * application ends when the last one is gone. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  IsafApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  gtk_window_present (GTK_WINDOW (isaf_about_window_new (parent)));
}

/* The database shown is the one this application opens: the file named with --db, or the
 * usual one. */
static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  IsafApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *path = self->database_path != NULL ? g_strdup (self->database_path)
                                                      : dup_default_database_path (self);

  gtk_window_present (isaf_preferences_window_new (parent, self->settings, path));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated, NULL, NULL, NULL, { 0 } },
  { "about", about_activated, NULL, NULL, NULL, { 0 } },
  { "preferences", preferences_activated, NULL, NULL, NULL, { 0 } },
};

static int
isaf_application_handle_local_options (GApplication *app,
                                       GVariantDict *options)
{
  IsafApplication *self = ISAF_APPLICATION (app);
  const char *path = NULL;

  if (g_variant_dict_lookup (options, "db", "^&ay", &path))
    {
      if (path[0] == '\0')
        {
          g_printerr ("%s\n", _("--db needs the path of a database file."));
          return EXIT_FAILURE;
        }
      self->database_path = g_canonicalize_filename (path, NULL);
      /* An instance already running would never see the option: this file gets its own. */
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }

  return G_APPLICATION_CLASS (isaf_application_parent_class)->handle_local_options (app, options);
}

static void
isaf_application_startup (GApplication *app)
{
  static const char * const quit_accels[] = { "<Control>q", NULL };
  static const char * const close_accels[] = { "<Control>w", NULL };
  static const char * const preferences_accels[] = { "<Control>comma", NULL };
  static const char * const backup_accels[] = { "<Control>b", NULL };
  IsafApplication *self = ISAF_APPLICATION (app);

  G_APPLICATION_CLASS (isaf_application_parent_class)->startup (app);

  self->settings = g_settings_new (APP_ID);
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);
  /* The window's own action (isaf_backup_actions_back_up_now()); the accelerator is set
   * here with the others so that the shortcuts window lists them all. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.backup", backup_accels);
}

static void
isaf_application_activate (GApplication *app)
{
  IsafApplication *self = ISAF_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      IsafWindow *new_window = isaf_window_new (GTK_APPLICATION (self), self->settings);

      /* A file named on the command line must exist; the usual one may not yet. */
      if (self->database_path != NULL)
        {
          isaf_window_open (new_window, self->database_path, FALSE);
        }
      else
        {
          g_autofree char *path = dup_default_database_path (self);

          isaf_window_open (new_window, path, TRUE);
        }
      window = GTK_WINDOW (new_window);
    }

  gtk_window_present (window);
}

static void
isaf_application_dispose (GObject *object)
{
  IsafApplication *self = ISAF_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (isaf_application_parent_class)->dispose (object);
}

static void
isaf_application_finalize (GObject *object)
{
  IsafApplication *self = ISAF_APPLICATION (object);

  g_free (self->database_path);

  G_OBJECT_CLASS (isaf_application_parent_class)->finalize (object);
}

static void
isaf_application_class_init (IsafApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = isaf_application_dispose;
  object_class->finalize = isaf_application_finalize;
  app_class->handle_local_options = isaf_application_handle_local_options;
  app_class->startup = isaf_application_startup;
  app_class->activate = isaf_application_activate;
}

static void
isaf_application_init (IsafApplication *self)
{
  g_application_add_main_option (G_APPLICATION (self), "db", 0, G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_FILENAME,
                                 _("Open the database file PATH instead of the usual one"),
                                 _("PATH"));
}

IsafApplication *
isaf_application_new (void)
{
  return g_object_new (ISAF_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/kh/gov/ncdd/IsafCommune",
                       NULL);
}
