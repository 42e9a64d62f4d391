/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-window"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-backup.h"
#include "isaf-database.h"
#include "isaf-error.h"
#include "isaf-format.h"
#include "isaf-gazetteer.h"
#include "isaf-khmer.h"
#include "isaf-overview.h"
#include "isaf-store.h"
#include "isaf-window.h"

/* The headline numbers above the stages, in the order shown. */
typedef enum {
  NUMBER_VILLAGES,
  NUMBER_SERVICE_UNITS,
  NUMBER_ACTIVE_CAFS,
  NUMBER_ACTIONS_COMPLETED,
  NUMBER_ACTIONS_ONGOING,
  NUMBER_ACTIONS_NOT_STARTED,
  N_NUMBERS
} Number;

static const char * const number_captions[N_NUMBERS] = {
  N_("Villages"),
  N_("Service units"),
  N_("Active CAFs"),
  N_("JAAP actions completed"),
  N_("JAAP actions ongoing"),
  N_("JAAP actions not started"),
};

static const char * const status_style_classes[] = {
  [ISAF_STAGE_STATUS_NOT_STARTED] = "not-started",
  [ISAF_STAGE_STATUS_IN_PROGRESS] = "in-progress",
  [ISAF_STAGE_STATUS_DONE] = "done",
};

struct _IsafWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkStack *stack;
  AdwStatusPage *empty_page;
  AdwStatusPage *error_page;
  GtkBox *numbers_box;
  AdwPreferencesGroup *stages_group;

  GtkLabel *number_labels[N_NUMBERS];
  AdwActionRow *stage_rows[ISAF_N_STAGES];
  GtkLabel *status_labels[ISAF_N_STAGES];

  GSettings *settings;
  AdwToastOverlay *toast_overlay;
  GCancellable *cancellable;
  char *path;
  IsafDatabase *database;
  IsafStore *store;
  IsafOverview *overview;
  /* Whether a missing file is the usual location not set up yet, rather than an error. */
  gboolean missing_is_empty;
  gboolean loading;
};

G_DEFINE_FINAL_TYPE (IsafWindow, isaf_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static IsafDigits
get_digits (IsafWindow *self)
{
  return g_settings_get_boolean (self->settings, "khmer-digits") ? ISAF_DIGITS_KHMER
                                                                 : ISAF_DIGITS_WESTERN;
}

static void
set_loading (IsafWindow *self,
             gboolean    loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Status pages show their description as markup; Khmer in it must be able to wrap. */
static void
set_status_description (AdwStatusPage *page,
                        const char    *text)
{
  g_autofree char *segmented = isaf_khmer_segment (text);
  g_autofree char *escaped = g_markup_escape_text (segmented, -1);

  adw_status_page_set_description (page, escaped);
}

/* Closing while this window still holds the database waits for the work already queued
 * (cancelled jobs are skipped), so the last reference is never dropped on the database's own
 * thread. */
static void
close_database (IsafWindow *self)
{
  g_clear_object (&self->store);
  if (self->database != NULL)
    isaf_database_close (self->database);
  g_clear_object (&self->database);
}

static void
show_error (IsafWindow   *self,
            const GError *error)
{
  g_debug ("Cannot open %s: %s", self->path, error->message);
  set_status_description (self->error_page, error->message);
  gtk_stack_set_visible_child_name (self->stack, "error");
  set_loading (self, FALSE);
}

static void
show_empty (IsafWindow *self,
            gboolean    file_exists)
{
  g_autofree char *description = NULL;

  if (file_exists)
    description = g_strdup_printf (_("The database “%s” does not belong to a commune yet. "
                                     "The set-up assistant, coming in a later version, will "
                                     "set one up; until then, an administrator can create a "
                                     "demonstration database with “isafctl demo”."),
                                   self->path);
  else
    description = g_strdup_printf (_("There is no database on this computer yet. The set-up "
                                     "assistant, coming in a later version, will create one; "
                                     "until then, an administrator can create a demonstration "
                                     "database with “isafctl demo”. ISAF Commune looks for it "
                                     "at “%s”."),
                                   self->path);
  set_status_description (self->empty_page, description);
  gtk_stack_set_visible_child_name (self->stack, "empty");
  set_loading (self, FALSE);
}

/* The title is the commune's Khmer name with its unit ("ឃុំបន្ទាយនាង"); the subtitle its
 * district and province, then the year of the cycle. */
static void
show_commune (IsafWindow *self)
{
  IsafGazetteer *gazetteer = isaf_gazetteer_get_default ();
  const IsafGazetteerEntry *commune = isaf_gazetteer_lookup (gazetteer,
                                                             self->overview->commune_code);
  const IsafGazetteerEntry *district = commune ? isaf_gazetteer_get_parent (gazetteer, commune)
                                               : NULL;
  const IsafGazetteerEntry *province = district ? isaf_gazetteer_get_parent (gazetteer, district)
                                                : NULL;
  g_autofree char *title = NULL;
  g_autofree char *place = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *latin = NULL;

  if (commune == NULL)
    {
      g_warning ("Commune %s is not in the gazetteer", self->overview->commune_code);
      title = g_strdup (self->overview->commune_code);
    }
  else
    {
      title = g_strconcat (commune->unit_km, commune->name_km, NULL);
    }

  if (district != NULL && province != NULL)
    {
      g_autofree char *district_name = g_strconcat (district->unit_km, district->name_km, NULL);
      g_autofree char *province_name = g_strconcat (province->unit_km, province->name_km, NULL);

      /* Translators: a district and its province, as in "ស្រុកមង្គលបូរី, ខេត្តបន្ទាយមានជ័យ". */
      place = g_strdup_printf (_("%1$s, %2$s"), district_name, province_name);
      latin = g_strdup_printf ("%s, %s, %s", commune->name_latin, district->name_latin,
                               province->name_latin);
    }

  if (self->overview->year > 0)
    {
      g_autofree char *ascii_year = g_strdup_printf ("%d", self->overview->year);
      g_autofree char *year = isaf_format_digits (ascii_year, get_digits (self));

      if (place != NULL)
        /* Translators: a place (district and province), then the year of the cycle shown. */
        subtitle = g_strdup_printf (_("%1$s · cycle %2$s"), place, year);
      else
        subtitle = g_strdup_printf (_("Cycle %s"), year);
    }
  else
    {
      subtitle = g_strdup (place);
    }

  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->window_title), latin);
}

static gint64
get_number (const IsafOverview *overview,
            Number              number)
{
  switch (number)
    {
    case NUMBER_VILLAGES:
      return overview->n_villages;
    case NUMBER_SERVICE_UNITS:
      return overview->n_service_units;
    case NUMBER_ACTIVE_CAFS:
      return overview->n_active_cafs;
    case NUMBER_ACTIONS_COMPLETED:
      return overview->actions_completed;
    case NUMBER_ACTIONS_ONGOING:
      return overview->actions_ongoing;
    case NUMBER_ACTIONS_NOT_STARTED:
      return overview->actions_not_started;
    case N_NUMBERS:
    default:
      g_return_val_if_reached (0);
    }
}

static void
show_numbers (IsafWindow *self)
{
  IsafDigits digits = get_digits (self);

  for (guint i = 0; i < N_NUMBERS; i++)
    {
      g_autofree char *text = isaf_format_integer (get_number (self->overview, i), digits);

      gtk_label_set_label (self->number_labels[i], text);
    }
}

static void
show_stages (IsafWindow *self)
{
  IsafDigits digits = get_digits (self);

  if (self->overview->year > 0)
    {
      g_autofree char *ascii_year = g_strdup_printf ("%d", self->overview->year);
      g_autofree char *year = isaf_format_digits (ascii_year, digits);
      /* Translators: the heading of the list of stages; %s is the year. */
      g_autofree char *title = g_strdup_printf (_("Cycle %s"), year);

      adw_preferences_group_set_title (self->stages_group, title);
      adw_preferences_group_set_description (self->stages_group, NULL);
    }
  else
    {
      g_autofree char *description = isaf_khmer_segment (_("No cycle has been started yet. "
                                                           "These are the stages of each "
                                                           "year’s cycle."));

      adw_preferences_group_set_title (self->stages_group, _("The ISAF Cycle"));
      adw_preferences_group_set_description (self->stages_group, description);
    }

  for (guint i = 0; i < ISAF_N_STAGES; i++)
    {
      const IsafStageSummary *summary = &self->overview->stages[i];
      g_autofree char *ascii = isaf_stage_summary_describe (summary);
      g_autofree char *described = isaf_format_digits (ascii, digits);
      g_autofree char *subtitle = isaf_khmer_segment (described);
      GtkWidget *status = GTK_WIDGET (self->status_labels[i]);

      adw_action_row_set_subtitle (self->stage_rows[i], subtitle);
      gtk_label_set_label (self->status_labels[i], isaf_stage_status_get_label (summary->status));
      for (guint s = 0; s < G_N_ELEMENTS (status_style_classes); s++)
        gtk_widget_remove_css_class (status, status_style_classes[s]);
      gtk_widget_add_css_class (status, status_style_classes[summary->status]);
    }
}

static void
show_overview (IsafWindow *self)
{
  show_commune (self);
  show_numbers (self);
  show_stages (self);
  gtk_stack_set_visible_child_name (self->stack, "overview");
  set_loading (self, FALSE);
}

/* Every callback below may run after the window is gone: the cancellable it was given is
 * cancelled in dispose, so a cancelled result means @user_data must not be touched. */

static void
on_overview_loaded_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafOverview) overview = isaf_overview_load_finish (ISAF_DATABASE (source), result,
                                                                &error);
  IsafWindow *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = ISAF_WINDOW (user_data);

  if (overview == NULL)
    {
      show_error (self, error);
      return;
    }

  g_clear_pointer (&self->overview, isaf_overview_free);
  self->overview = g_steal_pointer (&overview);
  show_overview (self);
}

/* The overview shows the latest cycle; the store lists the cycles without blocking. */
static void
on_cycles_listed_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cycles = isaf_store_list_finish (ISAF_STORE (source), result, &error);
  IsafWindow *self;
  int year = 0;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = ISAF_WINDOW (user_data);

  if (cycles == NULL)
    {
      show_error (self, error);
      return;
    }

  for (guint i = 0; i < cycles->len; i++)
    year = MAX (year, (int) isaf_record_get_integer (g_ptr_array_index (cycles, i), "year"));

  isaf_overview_load_async (self->database, year, self->cancellable, on_overview_loaded_cb,
                            self);
}

static void
on_daily_backup_done_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *made = isaf_backup_daily_finish (ISAF_DATABASE (source), result, &error);
  IsafWindow *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = ISAF_WINDOW (user_data);

  if (error)
    {
      g_autofree char *message = g_strdup_printf (_("Today’s automatic backup failed: %s"),
                                                  error->message);

      g_warning ("Daily backup: %s", error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
    }
  else if (made)
    g_info ("Daily backup written to %s", made);
}

/* Once a day, a copy of the database goes into the backup folder (the newest ones kept):
 * power cuts and failing disks are common, and a clerk rarely thinks of backups. */
static void
start_daily_backup (IsafWindow *self)
{
  g_autofree char *folder = g_settings_get_string (self->settings, "backup-folder");

  isaf_backup_daily_async (self->database, folder[0] ? folder : NULL,
                           g_settings_get_int (self->settings, "backups-kept"),
                           self->cancellable, on_daily_backup_done_cb, self);
}

static void
on_database_opened_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafDatabase) database = isaf_database_open_finish (result, &error);
  g_autofree char *commune_code = NULL;
  IsafWindow *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = ISAF_WINDOW (user_data);

  if (database == NULL)
    {
      if (self->missing_is_empty
          && g_error_matches (error, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_NOT_FOUND))
        show_empty (self, FALSE);
      else
        show_error (self, error);
      return;
    }

  self->database = g_steal_pointer (&database);
  self->store = isaf_store_new (self->database);

  commune_code = isaf_database_dup_commune_code (self->database);
  if (commune_code == NULL)
    {
      show_empty (self, TRUE);
      return;
    }

  isaf_store_list_async (self->store, "cycle", NULL, NULL, self->cancellable,
                         on_cycles_listed_cb, self);
  start_daily_backup (self);
}

static void
on_khmer_digits_changed_cb (IsafWindow *self)
{
  if (self->overview != NULL && !self->loading)
    show_overview (self);
}

static gboolean
isaf_window_close_request (GtkWindow *window)
{
  IsafWindow *self = ISAF_WINDOW (window);
  int width;
  int height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (isaf_window_parent_class)->close_request (window);
}

static void
isaf_window_constructed (GObject *object)
{
  IsafWindow *self = ISAF_WINDOW (object);

  G_OBJECT_CLASS (isaf_window_parent_class)->constructed (object);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_signal_connect_object (self->settings, "changed::khmer-digits",
                           G_CALLBACK (on_khmer_digits_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
isaf_window_dispose (GObject *object)
{
  IsafWindow *self = ISAF_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  close_database (self);
  g_clear_pointer (&self->overview, isaf_overview_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), ISAF_TYPE_WINDOW);

  G_OBJECT_CLASS (isaf_window_parent_class)->dispose (object);
}

static void
isaf_window_finalize (GObject *object)
{
  IsafWindow *self = ISAF_WINDOW (object);

  g_clear_object (&self->settings);
  g_free (self->path);

  G_OBJECT_CLASS (isaf_window_parent_class)->finalize (object);
}

static void
isaf_window_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  IsafWindow *self = ISAF_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_window_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  IsafWindow *self = ISAF_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_window_class_init (IsafWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = isaf_window_constructed;
  object_class->dispose = isaf_window_dispose;
  object_class->finalize = isaf_window_finalize;
  object_class->get_property = isaf_window_get_property;
  object_class->set_property = isaf_window_set_property;
  window_class->close_request = isaf_window_close_request;

  /**
   * IsafWindow:settings:
   *
   * The application's settings: window size, digits.
   */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * IsafWindow:loading:
   *
   * Whether the window is opening its database or loading the overview.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kh/gov/ncdd/IsafCommune/isaf-window.ui");
  gtk_widget_class_bind_template_child (widget_class, IsafWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, IsafWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, IsafWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, IsafWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, IsafWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, IsafWindow, numbers_box);
  gtk_widget_class_bind_template_child (widget_class, IsafWindow, stages_group);
}

/* A number above its caption, read out as one group named by the caption. */
static GtkLabel *
add_number (IsafWindow *self,
            const char *caption)
{
  g_autofree char *segmented = isaf_khmer_segment (caption);
  GtkWidget *box = g_object_new (GTK_TYPE_BOX,
                                 "accessible-role", GTK_ACCESSIBLE_ROLE_GROUP,
                                 "orientation", GTK_ORIENTATION_VERTICAL,
                                 "spacing", 3,
                                 NULL);
  GtkWidget *value = gtk_label_new ("0");
  GtkWidget *label = gtk_label_new (segmented);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "isaf-number");
  gtk_widget_add_css_class (value, "title-1");
  gtk_widget_add_css_class (value, "numeric");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, caption,
                                  -1);

  gtk_box_append (GTK_BOX (box), value);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (self->numbers_box, box);
  return GTK_LABEL (value);
}

/* One row per stage, in the order of the cycle; loading fills in the counts and statuses. */
static void
add_stage_row (IsafWindow *self,
               IsafStage   stage)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  GtkWidget *status = gtk_label_new (NULL);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), isaf_stage_get_title (stage));
  gtk_widget_set_valign (status, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (status, "isaf-status");
  adw_action_row_add_suffix (row, status);
  adw_preferences_group_add (self->stages_group, GTK_WIDGET (row));

  self->stage_rows[stage] = row;
  self->status_labels[stage] = GTK_LABEL (status);
}

static void
isaf_window_init (IsafWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < N_NUMBERS; i++)
    self->number_labels[i] = add_number (self, _(number_captions[i]));
  for (guint i = 0; i < ISAF_N_STAGES; i++)
    add_stage_row (self, i);
}

/**
 * isaf_window_new:
 * @application: (nullable): the application the window belongs to
 * @settings: the application's settings
 *
 * Returns: (transfer none): a new window, showing nothing until isaf_window_open()
 */
IsafWindow *
isaf_window_new (GtkApplication *application,
                 GSettings      *settings)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (ISAF_TYPE_WINDOW,
                       "application", application,
                       "settings", settings,
                       NULL);
}

/**
 * isaf_window_open:
 * @self: a window
 * @path: the database file
 * @missing_is_empty: whether a missing file means that nothing is set up yet (the usual
 *   location) rather than an error (a file the user named)
 *
 * Opens the database at @path without blocking and shows its latest cycle, or why it cannot.
 * Nothing is created: a missing file is shown as such.
 */
void
isaf_window_open (IsafWindow *self,
                  const char *path,
                  gboolean    missing_is_empty)
{
  g_return_if_fail (ISAF_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  close_database (self);
  g_clear_pointer (&self->overview, isaf_overview_free);

  g_free (self->path);
  self->path = g_strdup (path);
  self->missing_is_empty = missing_is_empty;

  gtk_stack_set_visible_child_name (self->stack, "loading");
  set_loading (self, TRUE);
  isaf_database_open_async (path, ISAF_DATABASE_OPEN_EXISTING, self->cancellable,
                            on_database_opened_cb, self);
}

gboolean
isaf_window_get_loading (IsafWindow *self)
{
  g_return_val_if_fail (ISAF_IS_WINDOW (self), FALSE);

  return self->loading;
}
