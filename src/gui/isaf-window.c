/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-window"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-backup.h"
#include "isaf-backup-actions.h"
#include "isaf-budget-page.h"
#include "isaf-commune-page.h"
#include "isaf-context.h"
#include "isaf-dissemination-page.h"
#include "isaf-i4c-page.h"
#include "isaf-interface-page.h"
#include "isaf-jaap-page.h"
#include "isaf-reports-page.h"
#include "isaf-database.h"
#include "isaf-error.h"
#include "isaf-gazetteer.h"
#include "isaf-khmer.h"
#include "isaf-monitoring-page.h"
#include "isaf-overview-page.h"
#include "isaf-presentation-window.h"
#include "isaf-scorecard-page.h"
#include "isaf-setup-assistant.h"
#include "isaf-sync-indicator.h"
#include "isaf-sync-page.h"
#include "isaf-window.h"

/* The window a clerk lives in: it opens the commune's database without blocking, then shows
 * a sidebar of pages (the overview, the commune, the eight stages of the cycle, reports, sync)
 * for the cycle year chosen in the header, beside the sync indicator. Pages get what they
 * need through an IsafContext. */

struct _IsafWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;
  GtkDropDown *year_selector;
  GtkBox *sync_slot;
  GtkStack *stack;
  AdwStatusPage *empty_page;
  AdwStatusPage *error_page;
  AdwBin *setup_slot;
  GtkListBox *sidebar;
  GtkStack *pages;

  GSettings *settings;
  GCancellable *cancellable;
  char *path;
  IsafDatabase *database;
  IsafContext *context;
  IsafOverviewPage *overview_page;
  /* The years the selector offers, newest first, parallel to its items. */
  GArray *years;
  /* Whether a missing file is the usual location not set up yet, rather than an error. */
  gboolean missing_is_empty;
  gboolean opening;
  gboolean loading;
  guint backup_source;
};

#define DAILY_BACKUP_DELAY_SECONDS 5

G_DEFINE_FINAL_TYPE (IsafWindow, isaf_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_actions (IsafWindow *self);

static void
update_loading (IsafWindow *self)
{
  gboolean loading = self->opening
                     || (self->overview_page != NULL
                         && isaf_overview_page_get_loading (self->overview_page));

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
clear_pages (IsafWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->pages))) != NULL)
    gtk_stack_remove (self->pages, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar))) != NULL)
    gtk_list_box_remove (self->sidebar, child);
  self->overview_page = NULL;
}

static void
close_database (IsafWindow *self)
{
  GtkWidget *child;

  g_clear_handle_id (&self->backup_source, g_source_remove);
  clear_pages (self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sync_slot))) != NULL)
    gtk_box_remove (self->sync_slot, child);

  g_clear_object (&self->context);
  if (self->database != NULL)
    isaf_database_close (self->database);
  g_clear_object (&self->database);
}

static void
show_state (IsafWindow *self,
            const char *state)
{
  gtk_stack_set_visible_child_name (self->stack, state);
  /* The assistant has done its work once the window moves on from it. */
  if (!g_str_equal (state, "setup"))
    adw_bin_set_child (self->setup_slot, NULL);
  update_actions (self);
  gtk_widget_set_visible (GTK_WIDGET (self->year_selector), g_str_equal (state, "main"));
  self->opening = FALSE;
  update_loading (self);
}

static void
show_error (IsafWindow   *self,
            const GError *error)
{
  g_debug ("Cannot open %s: %s", self->path, error->message);
  set_status_description (self->error_page, error->message);
  show_state (self, "error");
}

/* A database file that exists but belongs to no commune: made by hand or by an older tool.
 * It is never changed here; the set-up assistant only ever creates new files. */
static void
show_empty (IsafWindow *self)
{
  g_autofree char *description = NULL;

  description = g_strdup_printf (_("The database “%s” does not belong to a commune, so it "
                                   "cannot be used. Open another file, or move this one away "
                                   "and start ISAF Commune again to set up your commune."),
                                 self->path);
  set_status_description (self->empty_page, description);
  show_state (self, "empty");
}

static void
on_setup_finished_cb (IsafWindow *self,
                      const char *path)
{
  isaf_window_open (self, path, FALSE);
}

/* Nothing set up on this computer yet: the assistant creates the commune's database. */
static void
show_setup (IsafWindow *self)
{
  GtkWidget *assistant = isaf_setup_assistant_new (self->path, self->settings);

  g_signal_connect_object (assistant, "finished", G_CALLBACK (on_setup_finished_cb), self,
                           G_CONNECT_SWAPPED);
  adw_bin_set_child (self->setup_slot, assistant);
  show_state (self, "setup");
  gtk_widget_grab_focus (assistant);
}

/* The title is the commune's Khmer name with its unit ("ឃុំបន្ទាយនាង"); the subtitle its
 * district and province, then the year of the cycle shown. */
static void
show_commune (IsafWindow *self)
{
  IsafGazetteer *gazetteer = isaf_gazetteer_get_default ();
  g_autofree char *code = isaf_context_dup_commune_code (self->context);
  const IsafGazetteerEntry *commune = isaf_gazetteer_lookup (gazetteer, code);
  const IsafGazetteerEntry *district = commune ? isaf_gazetteer_get_parent (gazetteer, commune)
                                               : NULL;
  const IsafGazetteerEntry *province = district ? isaf_gazetteer_get_parent (gazetteer, district)
                                                : NULL;
  int year = isaf_context_get_year (self->context);
  g_autofree char *title = NULL;
  g_autofree char *place = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *latin = NULL;

  if (commune == NULL)
    {
      g_warning ("Commune %s is not in the gazetteer", code);
      title = g_strdup (code);
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

  if (year > 0)
    {
      g_autofree char *ascii_year = g_strdup_printf ("%d", year);
      g_autofree char *shown_year = isaf_context_format_digits (self->context, ascii_year);

      if (place != NULL)
        /* Translators: a place (district and province), then the year of the cycle shown. */
        subtitle = g_strdup_printf (_("%1$s · cycle %2$s"), place, shown_year);
      else
        subtitle = g_strdup_printf (_("Cycle %s"), shown_year);
    }
  else
    {
      subtitle = g_strdup (place);
    }

  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->window_title), latin);
}

/* The page of a sidebar row is made the first time it is shown: a clerk on a modest laptop
 * who only looks at the overview pays for nothing else. */
static GtkWidget *
make_page (IsafWindow *self,
           const char *name)
{
  if (g_str_equal (name, "commune"))
    return isaf_commune_page_new (self->context);
  if (g_str_equal (name, "planning"))
    return isaf_budget_page_new (self->context);
  if (g_str_equal (name, "i4c"))
    return isaf_i4c_page_new (self->context);
  if (g_str_equal (name, "dissemination"))
    return isaf_dissemination_page_new (self->context);
  if (g_str_equal (name, "scorecard"))
    return isaf_scorecard_page_new (self->context, "csc");
  if (g_str_equal (name, "self_assessment"))
    return isaf_scorecard_page_new (self->context, "ssa");
  if (g_str_equal (name, "interface"))
    return isaf_interface_page_new (self->context);
  if (g_str_equal (name, "jaap"))
    return isaf_jaap_page_new (self->context);
  if (g_str_equal (name, "monitoring"))
    return isaf_monitoring_page_new (self->context);
  if (g_str_equal (name, "reports"))
    return isaf_reports_page_new (self->context);
  if (g_str_equal (name, "sync"))
    return isaf_sync_page_new (self->context);
  g_return_val_if_reached (NULL);
}

static void
add_sidebar_row (IsafWindow *self,
                 const char *name,
                 const char *title)
{
  g_autofree char *segmented = isaf_khmer_segment (title);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (segmented);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_widget_set_name (row, name);
  g_object_set_data_full (G_OBJECT (row), "isaf-title", g_strdup (title), g_free);
  gtk_list_box_append (self->sidebar, row);
}

static void
build_pages (IsafWindow *self)
{
  GtkWidget *overview = isaf_overview_page_new (self->context);

  /* The overview is the first thing shown: it is made at once. */
  self->overview_page = ISAF_OVERVIEW_PAGE (overview);
  g_signal_connect_object (overview, "notify::loading", G_CALLBACK (update_loading), self,
                           G_CONNECT_SWAPPED);
  gtk_stack_add_titled (self->pages, overview, "overview", _("Overview"));
  add_sidebar_row (self, "overview", _("Overview"));

  add_sidebar_row (self, "commune", _("Commune"));
  for (guint i = 0; i < ISAF_N_STAGES; i++)
    add_sidebar_row (self, isaf_stage_get_name (i), isaf_stage_get_title (i));
  add_sidebar_row (self, "reports", _("Reports"));
  add_sidebar_row (self, "sync", _("Sync"));

  gtk_list_box_select_row (self->sidebar, gtk_list_box_get_row_at_index (self->sidebar, 0));
}

static void
fill_year_selector (IsafWindow *self)
{
  g_autoptr(GtkStringList) items = gtk_string_list_new (NULL);
  int year = isaf_context_get_year (self->context);
  guint selected = 0;

  for (guint i = 0; i < self->years->len; i++)
    {
      int item_year = g_array_index (self->years, int, i);
      g_autofree char *ascii = g_strdup_printf ("%d", item_year);
      g_autofree char *shown = isaf_context_format_digits (self->context, ascii);

      gtk_string_list_append (items, shown);
      if (item_year == year)
        selected = i;
    }

  gtk_drop_down_set_model (self->year_selector, G_LIST_MODEL (items));
  gtk_drop_down_set_selected (self->year_selector, selected);
}

static void
on_year_selected_cb (IsafWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->year_selector);

  if (self->context == NULL || selected >= self->years->len)
    return;
  isaf_context_set_year (self->context, g_array_index (self->years, int, selected));
  show_commune (self);
}

static void
on_digits_changed_cb (IsafWindow *self)
{
  fill_year_selector (self);
  show_commune (self);
}

static void on_cycles_listed_cb (GObject      *source,
                                 GAsyncResult *result,
                                 gpointer      user_data);

/* "*": everything changed at once (a restore): the years and every page start afresh. */
static void
on_data_changed_cb (IsafWindow *self,
                    const char *table)
{
  if (g_strcmp0 (table, "*") != 0)
    return;

  clear_pages (self);
  self->opening = TRUE;
  update_loading (self);
  isaf_store_list_async (isaf_context_get_store (self->context), "cycle", NULL, NULL,
                         self->cancellable, on_cycles_listed_cb, self);
}

static void
on_toast_cb (IsafWindow *self,
             AdwToast   *toast)
{
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (toast));
}

static int
compare_years_newest_first (gconstpointer a,
                            gconstpointer b)
{
  return *(const int *) b - *(const int *) a;
}

/* The cycles the commune has, and this year's even before it starts, newest first. */
static void
collect_years (IsafWindow *self,
               GPtrArray  *cycles)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int this_year = g_date_time_get_year (now);

  g_array_set_size (self->years, 0);
  g_array_append_val (self->years, this_year);
  for (guint i = 0; i < cycles->len; i++)
    {
      int year = isaf_record_get_integer (g_ptr_array_index (cycles, i), "year");
      gboolean known = FALSE;

      for (guint j = 0; j < self->years->len; j++)
        known |= g_array_index (self->years, int, j) == year;
      if (!known)
        g_array_append_val (self->years, year);
    }
  g_array_sort (self->years, compare_years_newest_first);
}

/* Every callback below may run after the window is gone: the cancellable it was given is
 * cancelled in dispose, so a cancelled result means @user_data must not be touched. */

static void
on_cycles_listed_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cycles = isaf_store_list_finish (ISAF_STORE (source), result, &error);
  IsafWindow *self;
  int latest = 0;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = ISAF_WINDOW (user_data);

  if (cycles == NULL)
    {
      show_error (self, error);
      return;
    }

  /* The latest cycle the commune recorded is where the clerk left off. */
  for (guint i = 0; i < cycles->len; i++)
    latest = MAX (latest, (int) isaf_record_get_integer (g_ptr_array_index (cycles, i), "year"));
  collect_years (self, cycles);
  isaf_context_set_year (self->context, latest > 0 ? latest : g_array_index (self->years, int, 0));

  build_pages (self);
  fill_year_selector (self);
  show_commune (self);
  show_state (self, "main");
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
      g_autofree char *escaped = g_markup_escape_text (message, -1);

      g_warning ("Daily backup: %s", error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
    }
  else if (made)
    g_info ("Daily backup written to %s", made);
}

/* Once a day, a copy of the database goes into the backup folder (the newest ones kept):
 * power cuts and failing disks are common, and a clerk rarely thinks of backups. It starts a
 * few seconds after the window is ready, so that copying the file does not compete with the
 * clerk's first look on a slow disk. */
static gboolean
start_daily_backup (gpointer user_data)
{
  IsafWindow *self = user_data;
  g_autofree char *folder = g_settings_get_string (self->settings, "backup-folder");

  self->backup_source = 0;
  isaf_backup_daily_async (self->database, folder[0] ? folder : NULL,
                           g_settings_get_int (self->settings, "backups-kept"),
                           self->cancellable, on_daily_backup_done_cb, self);
  return G_SOURCE_REMOVE;
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
        show_setup (self);
      else
        show_error (self, error);
      return;
    }

  self->database = g_steal_pointer (&database);
  self->context = isaf_context_new (self->database, self->settings);
  g_signal_connect_object (self->context, "toast", G_CALLBACK (on_toast_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::digits", G_CALLBACK (on_digits_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "data-changed", G_CALLBACK (on_data_changed_cb),
                           self, G_CONNECT_SWAPPED);

  commune_code = isaf_database_dup_commune_code (self->database);
  if (commune_code == NULL)
    {
      show_empty (self);
      return;
    }

  /* Sync starts with the window, and its state stays in sight in the header. */
  gtk_box_append (self->sync_slot, isaf_sync_indicator_new (self->context));
  isaf_store_list_async (isaf_context_get_store (self->context), "cycle", NULL, NULL,
                         self->cancellable, on_cycles_listed_cb, self);
  self->backup_source = g_timeout_add_seconds (DAILY_BACKUP_DELAY_SECONDS, start_daily_backup,
                                               self);
}

static void
on_sidebar_row_selected_cb (IsafWindow    *self,
                            GtkListBoxRow *row)
{
  const char *name;

  if (row == NULL)
    return;

  name = gtk_widget_get_name (GTK_WIDGET (row));
  if (gtk_stack_get_child_by_name (self->pages, name) == NULL)
    gtk_stack_add_titled (self->pages, make_page (self, name), name,
                          g_object_get_data (G_OBJECT (row), "isaf-title"));
  gtk_stack_set_visible_child_name (self->pages, name);
}

static GtkListBoxRow *
find_sidebar_row (IsafWindow *self,
                  const char *name)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_str_equal (gtk_widget_get_name (row), name))
      return GTK_LIST_BOX_ROW (row);
  return NULL;
}

static void
show_page_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  IsafWindow *self = ISAF_WINDOW (widget);
  GtkListBoxRow *row = find_sidebar_row (self, g_variant_get_string (parameter, NULL));

  if (row != NULL)
    gtk_list_box_select_row (self->sidebar, row);
}

/* Alt+Up and Alt+Down, or Ctrl+Page Up and Ctrl+Page Down as through tabs, move through the
 * sidebar's pages. */
static void
move_page_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  IsafWindow *self = ISAF_WINDOW (widget);
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (self->sidebar);
  int step = g_str_equal (action_name, "win.next-page") ? 1 : -1;
  GtkListBoxRow *next;

  if (selected == NULL)
    return;
  next = gtk_list_box_get_row_at_index (self->sidebar, gtk_list_box_row_get_index (selected) + step);
  if (next != NULL)
    gtk_list_box_select_row (self->sidebar, next);
}

static void
backup_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  IsafWindow *self = ISAF_WINDOW (widget);

  isaf_backup_actions_back_up_now (GTK_WINDOW (self), self->context);
}

static void
restore_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  IsafWindow *self = ISAF_WINDOW (widget);

  isaf_backup_actions_restore (GTK_WINDOW (self), self->context);
}

/* The year's JAAP fullscreen on a projector (F5), for the JAAP Committee's meeting. */
static void
present_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  IsafWindow *self = ISAF_WINDOW (widget);

  isaf_presentation_window_present_for (GTK_WINDOW (self), self->context);
}

/* Backing up, restoring and presenting need an open commune database. */
static void
update_actions (IsafWindow *self)
{
  gboolean open = self->context != NULL
                  && g_str_equal (gtk_stack_get_visible_child_name (self->stack), "main");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.backup", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.restore", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.present", open);
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
}

static void
isaf_window_dispose (GObject *object)
{
  IsafWindow *self = ISAF_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  close_database (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), ISAF_TYPE_WINDOW);

  G_OBJECT_CLASS (isaf_window_parent_class)->dispose (object);
}

static void
isaf_window_finalize (GObject *object)
{
  IsafWindow *self = ISAF_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->years, g_array_unref);
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
   * The application's settings: window size, digits, backups.
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

  gtk_widget_class_install_action (widget_class, "win.backup", NULL, backup_activated);
  gtk_widget_class_install_action (widget_class, "win.restore", NULL, restore_activated);
  gtk_widget_class_install_action (widget_class, "win.present", NULL, present_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.present", NULL);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_activated);
  gtk_widget_class_install_action (widget_class, "win.next-page", NULL, move_page_activated);
  gtk_widget_class_install_action (widget_class, "win.previous-page", NULL, move_page_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK,
                                       "win.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK,
                                       "win.previous-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK,
                                       "win.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK,
                                       "win.previous-page", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kh/gov/ncdd/IsafCommune/isaf-window.ui");
  gtk_widget_class_bind_template_child (widget_class, IsafWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, IsafWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, IsafWindow, year_selector);
  gtk_widget_class_bind_template_child (widget_class, IsafWindow, sync_slot);
  gtk_widget_class_bind_template_child (widget_class, IsafWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, IsafWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, IsafWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, IsafWindow, setup_slot);
  gtk_widget_class_bind_template_child (widget_class, IsafWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, IsafWindow, pages);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_year_selected_cb);
}

static void
isaf_window_init (IsafWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->years = g_array_new (FALSE, FALSE, sizeof (int));
  update_actions (self);
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

  g_free (self->path);
  self->path = g_strdup (path);
  self->missing_is_empty = missing_is_empty;

  gtk_stack_set_visible_child_name (self->stack, "loading");
  gtk_widget_set_visible (GTK_WIDGET (self->year_selector), FALSE);
  self->opening = TRUE;
  update_loading (self);
  isaf_database_open_async (path, ISAF_DATABASE_OPEN_EXISTING, self->cancellable,
                            on_database_opened_cb, self);
}

gboolean
isaf_window_get_loading (IsafWindow *self)
{
  g_return_val_if_fail (ISAF_IS_WINDOW (self), FALSE);

  return self->loading;
}

/* The context of the open database, or NULL while none is open. */
IsafContext *
isaf_window_get_context (IsafWindow *self)
{
  g_return_val_if_fail (ISAF_IS_WINDOW (self), NULL);

  return self->context;
}
