/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-khmer.h"
#include "isaf-preferences-window.h"

/* The settings a clerk may change: the language, the digits, and where backups go. Each
 * control is bound to its key, so a change is saved as it is made. */
struct _IsafPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GSettings *settings;
  char *database_path;
  GtkFileChooserNative *folder_chooser;

  AdwComboRow *language_row;
  AdwActionRow *digits_row;
  GtkSwitch *digits_switch;
  AdwPreferencesGroup *data_group;
  AdwActionRow *database_row;
  AdwActionRow *backup_folder_row;
  GtkButton *reset_folder_button;
  AdwActionRow *backups_kept_row;
  GtkSpinButton *backups_kept_spin;
};

G_DEFINE_FINAL_TYPE (IsafPreferencesWindow, isaf_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_DATABASE_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The "language" key's values, in the order of the rows of the combo row. */
static const char * const languages[] = { "system", "km", "en" };

static gboolean
language_to_selected (GValue   *value,
                      GVariant *variant,
                      gpointer  user_data)
{
  const char *language = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    if (g_str_equal (language, languages[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
selected_to_language (const GValue       *value,
                      const GVariantType *expected_type,
                      gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (languages))
    return NULL;
  return g_variant_new_string (languages[selected]);
}

/* Where the core puts backups when none is set: see isaf_backup_default_folder(). */
static char *
dup_default_backup_folder (IsafPreferencesWindow *self)
{
  g_autofree char *dir = g_path_get_dirname (self->database_path);

  return g_build_filename (dir, "backups", NULL);
}

static void
set_subtitle (AdwActionRow *row,
              const char   *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  adw_action_row_set_subtitle (row, escaped);
}

/* Khmer has no spaces between words: the sentences of the template wrap at the word
 * breaks that segmenting marks. */
static void
segment_subtitle (AdwActionRow *row)
{
  g_autofree char *segmented = isaf_khmer_segment (adw_action_row_get_subtitle (row));

  adw_action_row_set_subtitle (row, segmented);
}

static void
update_backup_folder (IsafPreferencesWindow *self)
{
  g_autofree char *folder = g_settings_get_string (self->settings, "backup-folder");
  gboolean is_default = folder[0] == '\0';

  if (is_default)
    {
      g_autofree char *fallback = dup_default_backup_folder (self);
      g_autofree char *text = g_strdup_printf (_("Next to the database: %s"), fallback);
      g_autofree char *segmented = isaf_khmer_segment (text);

      set_subtitle (self->backup_folder_row, segmented);
    }
  else
    set_subtitle (self->backup_folder_row, folder);

  gtk_widget_set_sensitive (GTK_WIDGET (self->reset_folder_button), !is_default);
}

static void
on_backup_folder_changed_cb (IsafPreferencesWindow *self)
{
  update_backup_folder (self);
}

static void
on_copy_button_clicked_cb (IsafPreferencesWindow *self)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (self));

  gdk_clipboard_set_text (clipboard, self->database_path);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_("Location copied")));
}

static void
on_reset_folder_button_clicked_cb (IsafPreferencesWindow *self)
{
  g_settings_reset (self->settings, "backup-folder");
}

static void
clear_folder_chooser (IsafPreferencesWindow *self)
{
  if (self->folder_chooser == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->folder_chooser, self);
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->folder_chooser));
  g_clear_object (&self->folder_chooser);
}

static void
on_folder_chooser_response_cb (IsafPreferencesWindow *self,
                               int                    response)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->folder_chooser));
  clear_folder_chooser (self);
  if (folder == NULL)
    return;

  path = g_file_get_path (folder);
  if (path == NULL)
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (_("Choose a folder on this computer or "
                                                         "on a connected drive")));
      return;
    }
  g_settings_set_string (self->settings, "backup-folder", path);
}

static void
on_choose_folder_button_clicked_cb (IsafPreferencesWindow *self)
{
  g_autofree char *current = g_settings_get_string (self->settings, "backup-folder");
  g_autoptr(GFile) folder = NULL;

  clear_folder_chooser (self);
  self->folder_chooser = gtk_file_chooser_native_new (_("Choose the Backup Folder"),
                                                      GTK_WINDOW (self),
                                                      GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                                      _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->folder_chooser), TRUE);
  if (current[0] != '\0')
    {
      folder = g_file_new_for_path (current);
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->folder_chooser), folder,
                                           NULL);
    }
  g_signal_connect_swapped (self->folder_chooser, "response",
                            G_CALLBACK (on_folder_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->folder_chooser));
}

static void
isaf_preferences_window_constructed (GObject *object)
{
  IsafPreferencesWindow *self = ISAF_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (isaf_preferences_window_parent_class)->constructed (object);

  g_settings_bind_with_mapping (self->settings, "language", self->language_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, language_to_selected,
                                selected_to_language, NULL, NULL);
  g_settings_bind (self->settings, "khmer-digits", self->digits_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "backups-kept", self->backups_kept_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);

  segment_subtitle (ADW_ACTION_ROW (self->language_row));
  segment_subtitle (self->digits_row);
  segment_subtitle (self->backups_kept_row);
  {
    g_autofree char *description =
      isaf_khmer_segment (adw_preferences_group_get_description (self->data_group));

    adw_preferences_group_set_description (self->data_group, description);
  }

  set_subtitle (self->database_row, self->database_path);
  g_signal_connect_object (self->settings, "changed::backup-folder",
                           G_CALLBACK (on_backup_folder_changed_cb), self, G_CONNECT_SWAPPED);
  update_backup_folder (self);
}

static void
isaf_preferences_window_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  IsafPreferencesWindow *self = ISAF_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_DATABASE_PATH:
      g_value_set_string (value, self->database_path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_preferences_window_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  IsafPreferencesWindow *self = ISAF_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_DATABASE_PATH:
      self->database_path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_preferences_window_dispose (GObject *object)
{
  IsafPreferencesWindow *self = ISAF_PREFERENCES_WINDOW (object);

  clear_folder_chooser (self);
  /* A binding lasts as long as its widget, and libadwaita 1.2.2 (Debian 12) never frees the
   * rows of a preferences window (fixed in 1.2.3): undone here, the bindings neither keep
   * the settings nor act on them once the window is gone. */
  if (self->settings != NULL)
    {
      GObject *bound[] = { G_OBJECT (self->language_row), G_OBJECT (self->digits_switch),
                           G_OBJECT (self->backups_kept_spin) };
      const char *properties_bound[] = { "selected", "active", "value" };

      for (guint i = 0; i < G_N_ELEMENTS (bound); i++)
        {
          g_settings_unbind (bound[i], properties_bound[i]);
          g_settings_unbind (bound[i], "sensitive");
        }
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), ISAF_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (isaf_preferences_window_parent_class)->dispose (object);
}

static void
isaf_preferences_window_finalize (GObject *object)
{
  IsafPreferencesWindow *self = ISAF_PREFERENCES_WINDOW (object);

  g_free (self->database_path);

  G_OBJECT_CLASS (isaf_preferences_window_parent_class)->finalize (object);
}

static void
isaf_preferences_window_class_init (IsafPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = isaf_preferences_window_constructed;
  object_class->get_property = isaf_preferences_window_get_property;
  object_class->set_property = isaf_preferences_window_set_property;
  object_class->dispose = isaf_preferences_window_dispose;
  object_class->finalize = isaf_preferences_window_finalize;

  /**
   * IsafPreferencesWindow:settings:
   *
   * The application's settings, which the controls change.
   */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * IsafPreferencesWindow:database-path:
   *
   * The database file in use, shown but not changed here.
   */
  properties[PROP_DATABASE_PATH] =
    g_param_spec_string ("database-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/kh/gov/ncdd/IsafCommune/isaf-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, IsafPreferencesWindow, language_row);
  gtk_widget_class_bind_template_child (widget_class, IsafPreferencesWindow, digits_row);
  gtk_widget_class_bind_template_child (widget_class, IsafPreferencesWindow, digits_switch);
  gtk_widget_class_bind_template_child (widget_class, IsafPreferencesWindow, data_group);
  gtk_widget_class_bind_template_child (widget_class, IsafPreferencesWindow, database_row);
  gtk_widget_class_bind_template_child (widget_class, IsafPreferencesWindow, backup_folder_row);
  gtk_widget_class_bind_template_child (widget_class, IsafPreferencesWindow, reset_folder_button);
  gtk_widget_class_bind_template_child (widget_class, IsafPreferencesWindow, backups_kept_row);
  gtk_widget_class_bind_template_child (widget_class, IsafPreferencesWindow, backups_kept_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_reset_folder_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_folder_button_clicked_cb);
}

static void
isaf_preferences_window_init (IsafPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * isaf_preferences_window_new:
 * @parent: (nullable): the window it is shown over
 * @settings: the application's settings
 * @database_path: the database file in use
 *
 * Returns: (transfer none): a new preferences window, not shown yet; like every toplevel,
 *   it belongs to GTK until it is closed
 */
GtkWindow *
isaf_preferences_window_new (GtkWindow  *parent,
                             GSettings  *settings,
                             const char *database_path)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (database_path != NULL, NULL);

  return g_object_new (ISAF_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "settings", settings,
                       "database-path", database_path,
                       NULL);
}
