/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-dissemination-page"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-choice.h"
#include "isaf-dissemination-editor.h"
#include "isaf-dissemination-page.h"
#include "isaf-gui-util.h"
#include "isaf-dissemination.h"
#include "isaf-error.h"
#include "isaf-format.h"
#include "isaf-gazetteer.h"
#include "isaf-khmer.h"
#include "isaf-record-form.h"
#include "isaf-registry-view.h"
#include "isaf-store.h"
#include "isaf-validate.h"
#include "isaf-undo-toast.h"

/* Stage 3 of the cycle, I4C dissemination: for the year shown, which villages the
 * facilitators reached with a meeting about the posters (the coverage), and the meetings
 * themselves, each recorded in an editor with its village, date, facilitators, the units it
 * covered and who attended. The rules that span rows (parts of the attendance within its
 * total, a village of this commune, facilitators active on the day) are the core's: the
 * editor shows its sentence when Save is pressed and keeps the window open to fix it.
 * The editor is IsafDisseminationEditor. */

/* The page ----------------------------------------------------------------------------- */

typedef enum {
  LOAD_VILLAGES,
  LOAD_CAFS,
  LOAD_UNITS,
  LOAD_MEETINGS,
  LOAD_COVERAGE,
  N_LOADS
} Load;

static const char * const registry_tables[] = { "village", "caf", "service_unit" };

struct _IsafDisseminationPage
{
  AdwBin parent_instance;

  /* Template widgets */
  AdwViewStack *stack;
  GtkLabel *summary_label;
  GtkLevelBar *coverage_bar;
  GtkLabel *attendance_label;
  GtkLabel *groups_label;
  AdwPreferencesGroup *villages_group;
  IsafRegistryView *meeting_view;

  IsafContext *context;
  GCancellable *cancellable;
  int year;
  /* What the page shows, from the last load that completed. */
  GPtrArray *villages;
  GPtrArray *cafs;
  GPtrArray *units;
  GPtrArray *meetings;
  IsafDisseminationCoverage *coverage;
  GHashTable *meetings_by_id;
  GPtrArray *village_rows;
  /* The load under way: its number, and what has come back so far. */
  guint generation;
  guint n_pending;
  gpointer loaded[N_LOADS];
  gboolean load_failed;
  guint reload_id;
};

G_DEFINE_FINAL_TYPE (IsafDisseminationPage, isaf_dissemination_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void open_editor (IsafDisseminationPage    *self,
                         IsafDisseminationMeeting *meeting,
                         const IsafUuid           *village_id);

static IsafDisseminationMeeting *
lookup_meeting (IsafDisseminationPage *self,
                IsafRecord            *record)
{
  return g_hash_table_lookup (self->meetings_by_id, isaf_record_get_id (record));
}

static char *
format_count (IsafDisseminationPage *self,
              gint64                 count)
{
  return isaf_context_format_integer (self->context, count);
}

/* Columns of the meeting list */

static char *
meeting_text_date (IsafRecord *record,
                   gpointer    user_data)
{
  IsafDisseminationPage *self = user_data;

  return isaf_gui_format_date (self->context, isaf_record_get_text (record, "held_on"));
}

static gint64
meeting_key_date (IsafRecord *record,
                  gpointer    user_data)
{
  int year, month, day;

  if (!isaf_parse_iso_date (isaf_record_get_text (record, "held_on"), &year, &month, &day))
    return 0;
  return year * 10000 + month * 100 + day;
}

static char *
meeting_text_village (IsafRecord *record,
                      gpointer    user_data)
{
  IsafDisseminationMeeting *meeting = lookup_meeting (user_data, record);
  const IsafGazetteerEntry *entry = meeting ? isaf_gui_lookup_village (meeting->village_code) : NULL;

  return entry ? g_strdup (entry->name_km) : g_strdup (meeting ? meeting->village_code : NULL);
}

static char *
meeting_text_village_latin (IsafRecord *record,
                            gpointer    user_data)
{
  IsafDisseminationMeeting *meeting = lookup_meeting (user_data, record);
  const IsafGazetteerEntry *entry = meeting ? isaf_gui_lookup_village (meeting->village_code) : NULL;

  return entry ? g_strdup (entry->name_latin) : NULL;
}

static char *
meeting_text_attendance (IsafRecord *record,
                         gpointer    user_data)
{
  IsafDisseminationMeeting *meeting = lookup_meeting (user_data, record);

  return meeting ? format_count (user_data, isaf_dissemination_meeting_get_total (meeting))
                 : NULL;
}

static char *
meeting_text_women (IsafRecord *record,
                    gpointer    user_data)
{
  IsafDisseminationMeeting *meeting = lookup_meeting (user_data, record);
  g_autofree char *women = NULL;
  gint64 count;

  if (meeting == NULL)
    return NULL;
  count = MAX (meeting->attendance[ISAF_ATTENDANCE_WOMEN], 0);
  women = format_count (user_data, count);
  /* Translators: under the number of people at a meeting, how many were women. */
  return g_strdup_printf (ngettext ("%s woman", "%s women", count), women);
}

static gint64
meeting_key_attendance (IsafRecord *record,
                        gpointer    user_data)
{
  IsafDisseminationMeeting *meeting = lookup_meeting (user_data, record);

  return meeting ? isaf_dissemination_meeting_get_total (meeting) : -1;
}

/* The names of the registry rows in @ids, in the registry's order. */
static char *
join_names (GPtrArray *registry,
            GArray    *ids)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; registry != NULL && i < registry->len; i++)
    {
      IsafRecord *row = g_ptr_array_index (registry, i);
      const char *name = isaf_record_get_text (row, "name_km");

      if (name != NULL && isaf_gui_ids_contain (ids, isaf_record_get_id (row)))
        g_string_append_printf (names, "%s%s", names->len > 0 ? ", " : "", name);
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static char *
meeting_text_facilitators (IsafRecord *record,
                           gpointer    user_data)
{
  IsafDisseminationPage *self = user_data;
  IsafDisseminationMeeting *meeting = lookup_meeting (self, record);

  return meeting ? join_names (self->cafs, meeting->facilitators) : NULL;
}

static char *
meeting_text_units (IsafRecord *record,
                    gpointer    user_data)
{
  IsafDisseminationPage *self = user_data;
  IsafDisseminationMeeting *meeting = lookup_meeting (self, record);

  return meeting ? join_names (self->units, meeting->units) : NULL;
}

static const IsafRegistryColumn meeting_columns[] = {
  { N_("Date"), meeting_text_date, NULL, meeting_key_date, 0 },
  { N_("Village"), meeting_text_village, meeting_text_village_latin, NULL,
    ISAF_REGISTRY_COLUMN_EXPAND },
  { N_("People"), meeting_text_attendance, meeting_text_women, meeting_key_attendance,
    ISAF_REGISTRY_COLUMN_NUMERIC },
  { N_("Facilitators"), meeting_text_facilitators, NULL, NULL, ISAF_REGISTRY_COLUMN_EXPAND },
  { N_("Units covered"), meeting_text_units, NULL, NULL, ISAF_REGISTRY_COLUMN_EXPAND },
};

/* Coverage */

static void
on_record_clicked_cb (GtkButton             *button,
                      IsafDisseminationPage *self)
{
  IsafUuid *village_id = g_object_get_data (G_OBJECT (button), "village-id");

  open_editor (self, NULL, village_id);
}

static char *
describe_village (IsafDisseminationPage *self,
                  IsafVillageCoverage   *village)
{
  gint64 total = village->attendance[ISAF_ATTENDANCE_WOMEN]
                 + village->attendance[ISAF_ATTENDANCE_MEN];
  g_autofree char *date = isaf_gui_format_date (self->context, village->last_held_on);
  g_autofree char *total_text = format_count (self, total);
  g_autofree char *people = g_strdup_printf (ngettext ("%s person", "%s people", total),
                                             total_text);
  g_autofree char *when = NULL;

  if (village->n_meetings == 1)
    {
      when = g_strdup (date);
    }
  else
    {
      g_autofree char *count = format_count (self, village->n_meetings);
      g_autofree char *meetings = g_strdup_printf (ngettext ("%s meeting",
                                                                "%s meetings",
                                                                village->n_meetings),
                                                   count);

      /* Translators: how many meetings a village had, then the date of the latest. */
      when = g_strdup_printf (_("%1$s, the last on %2$s"), meetings, date);
    }
  return g_strdup_printf ("%s · %s", when, people);
}

static GtkWidget *
create_village_row (IsafDisseminationPage *self,
                    IsafVillageCoverage   *village)
{
  const IsafGazetteerEntry *entry = isaf_gui_lookup_village (village->code);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *status = gtk_label_new (village->n_meetings > 0 ? _("Reached") : _("Not reached"));
  g_autofree char *code = isaf_context_format_digits (self->context, village->code);
  g_autofree char *title = isaf_gui_dup_row_text (entry ? entry->name_km : village->code);
  g_autofree char *subtitle = NULL;
  g_autofree char *escaped = NULL;
  gboolean has_latin = entry != NULL && entry->name_latin != NULL && entry->name_latin[0] != '\0';

  if (village->n_meetings > 0)
    {
      g_autofree char *details = describe_village (self, village);

      subtitle = has_latin
                 ? g_strdup_printf ("%s · %s\n%s", entry->name_latin, code, details)
                 : g_strdup_printf ("%s\n%s", code, details);
    }
  else
    {
      subtitle = has_latin
                 ? g_strdup_printf ("%s · %s", entry->name_latin, code)
                 : g_strdup (code);
    }
  escaped = isaf_gui_dup_row_text (subtitle);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

  gtk_widget_set_valign (status, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (status, "isaf-status");
  gtk_widget_add_css_class (status, village->n_meetings > 0 ? "done" : "not-started");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), status);

  if (village->n_meetings == 0 && self->year > 0)
    {
      GtkWidget *button = gtk_button_new ();
      GtkWidget *content = adw_button_content_new ();
      g_autofree char *name = isaf_gui_dup_village_label (village->code);
      g_autofree char *label = g_strdup_printf (_("Record a meeting in %s"), name);

      adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "list-add-symbolic");
      adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("Record"));
      gtk_button_set_child (GTK_BUTTON (button), content);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label, -1);
      gtk_widget_add_css_class (button, "flat");
      g_object_set_data_full (G_OBJECT (button), "village-id",
                              g_memdup2 (&village->village_id, sizeof (IsafUuid)), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_record_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  return row;
}

static void
show_summary (IsafDisseminationPage *self)
{
  IsafDisseminationCoverage *coverage = self->coverage;
  g_autoptr(GString) groups = g_string_new (NULL);
  g_autofree char *summary = NULL;
  g_autofree char *attendance = NULL;
  g_autofree char *shown = NULL;
  gulong n_villages;

  if (self->year == 0 || coverage == NULL)
    {
      isaf_gui_set_wrapping_text (self->summary_label, _("No cycle year is chosen"));
      isaf_gui_set_wrapping_text (self->attendance_label,
                         _("Choose the cycle year in the header to see which villages were "
                           "reached."));
      gtk_level_bar_set_value (self->coverage_bar, 0);
      gtk_widget_set_visible (GTK_WIDGET (self->groups_label), FALSE);
      return;
    }

  n_villages = coverage->villages->len;
  summary = g_strdup_printf (_("%lu of %lu villages reached"), (gulong) coverage->n_reached,
                             n_villages);
  shown = isaf_context_format_digits (self->context, summary);
  isaf_gui_set_wrapping_text (self->summary_label, shown);
  gtk_level_bar_set_value (self->coverage_bar,
                           n_villages > 0 ? (double) coverage->n_reached / n_villages : 0);

  if (coverage->n_meetings == 0)
    {
      attendance = g_strdup (_("No meeting is recorded for this cycle yet. Record one for each "
                               "village, with Record beside it or from the Meetings tab."));
    }
  else
    {
      gint64 women = coverage->attendance[ISAF_ATTENDANCE_WOMEN];
      gint64 men = coverage->attendance[ISAF_ATTENDANCE_MEN];
      g_autofree char *meetings = format_count (self, coverage->n_meetings);
      g_autofree char *people = format_count (self, women + men);
      g_autofree char *women_text = format_count (self, women);
      g_autofree char *men_text = format_count (self, men);

      attendance = g_strdup_printf (ngettext (
                                                 "%1$s meeting held; %2$s people attended, "
                                                 "%3$s women and %4$s men.",
                                                 "%1$s meetings held; %2$s people attended, "
                                                 "%3$s women and %4$s men.",
                                                 coverage->n_meetings),
                                    meetings, people, women_text, men_text);
    }
  isaf_gui_set_wrapping_text (self->attendance_label, attendance);

  for (IsafAttendance i = ISAF_ATTENDANCE_YOUTH; i < ISAF_N_ATTENDANCE; i++)
    if (coverage->attendance[i] > 0)
      {
        g_autofree char *count = format_count (self, coverage->attendance[i]);

        g_string_append_printf (groups, "%s%s %s", groups->len > 0 ? " · " : "",
                                isaf_attendance_get_label (i), count);
      }
  if (groups->len > 0)
    {
      /* Translators: followed by groups and their counts: "Youth 16 · ID-Poor 15". */
      g_autofree char *text = g_strdup_printf (_("Among them: %s"), groups->str);

      isaf_gui_set_wrapping_text (self->groups_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->groups_label), groups->len > 0);
}

static void
show_coverage (IsafDisseminationPage *self)
{
  for (guint i = 0; i < self->village_rows->len; i++)
    adw_preferences_group_remove (self->villages_group,
                                  g_ptr_array_index (self->village_rows, i));
  g_ptr_array_set_size (self->village_rows, 0);

  show_summary (self);
  if (self->coverage == NULL)
    return;

  for (guint i = 0; i < self->coverage->villages->len; i++)
    {
      GtkWidget *row = create_village_row (self,
                                           g_ptr_array_index (self->coverage->villages, i));

      adw_preferences_group_add (self->villages_group, row);
      g_ptr_array_add (self->village_rows, row);
    }
}

/* Loading */

static void
set_n_pending (IsafDisseminationPage *self,
               guint                  n_pending)
{
  gboolean was_loading = self->n_pending > 0;

  self->n_pending = n_pending;
  if (was_loading != (n_pending > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
free_loaded (Load     load,
             gpointer value)
{
  if (value == NULL)
    return;
  if (load == LOAD_COVERAGE)
    isaf_dissemination_coverage_free (value);
  else
    g_ptr_array_unref (value);
}

static int
compare_village_codes (gconstpointer a,
                       gconstpointer b)
{
  return g_strcmp0 (isaf_record_get_text (*(IsafRecord **) a, "code"),
                    isaf_record_get_text (*(IsafRecord **) b, "code"));
}

static void
show_meetings (IsafDisseminationPage *self)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);

  g_hash_table_remove_all (self->meetings_by_id);
  for (guint i = 0; self->meetings != NULL && i < self->meetings->len; i++)
    {
      IsafDisseminationMeeting *meeting = g_ptr_array_index (self->meetings, i);

      g_hash_table_insert (self->meetings_by_id,
                           (gpointer) isaf_record_get_id (meeting->record), meeting);
      g_ptr_array_add (records, g_object_ref (meeting->record));
    }
  isaf_registry_view_set_records (self->meeting_view, records);
  g_object_set (self->meeting_view, "can-add", self->year > 0, NULL);
}

/* Everything that came back from one load, shown at once. */
static void
finish_load (IsafDisseminationPage *self)
{
  if (self->load_failed)
    {
      for (Load load = 0; load < N_LOADS; load++)
        {
          free_loaded (load, self->loaded[load]);
          self->loaded[load] = NULL;
        }
      return;
    }

  g_clear_pointer (&self->villages, g_ptr_array_unref);
  g_clear_pointer (&self->cafs, g_ptr_array_unref);
  g_clear_pointer (&self->units, g_ptr_array_unref);
  g_clear_pointer (&self->meetings, g_ptr_array_unref);
  g_clear_pointer (&self->coverage, isaf_dissemination_coverage_free);
  self->villages = g_steal_pointer (&self->loaded[LOAD_VILLAGES]);
  self->cafs = g_steal_pointer (&self->loaded[LOAD_CAFS]);
  self->units = g_steal_pointer (&self->loaded[LOAD_UNITS]);
  self->meetings = g_steal_pointer (&self->loaded[LOAD_MEETINGS]);
  self->coverage = g_steal_pointer (&self->loaded[LOAD_COVERAGE]);

  g_ptr_array_sort (self->villages, compare_village_codes);
  show_meetings (self);
  show_coverage (self);
}

typedef struct {
  IsafDisseminationPage *self;
  Load load;
  guint generation;
} LoadData;

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autofree LoadData *data = user_data;
  IsafDisseminationPage *self = data->self;
  IsafStore *store = ISAF_STORE (source);
  g_autoptr(GError) error = NULL;
  gpointer value;

  switch (data->load)
    {
    case LOAD_VILLAGES:
    case LOAD_CAFS:
    case LOAD_UNITS:
      value = isaf_store_list_finish (store, result, &error);
      break;
    case LOAD_MEETINGS:
      value = isaf_dissemination_list_finish (store, result, &error);
      break;
    case LOAD_COVERAGE:
      value = isaf_dissemination_coverage_finish (store, result, &error);
      break;
    case N_LOADS:
    default:
      g_assert_not_reached ();
    }

  /* Cancelled: the page is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* An answer to a load that a newer one replaced. */
  if (data->generation != self->generation)
    {
      free_loaded (data->load, value);
      return;
    }

  if (value == NULL)
    {
      if (!self->load_failed)
        isaf_context_report_error (self->context, error);
      self->load_failed = TRUE;
    }
  else
    {
      self->loaded[data->load] = value;
    }

  if (self->n_pending == 1)
    finish_load (self);
  set_n_pending (self, self->n_pending - 1);
}

static void
start_load (IsafDisseminationPage *self,
            Load                   load)
{
  IsafStore *store = isaf_context_get_store (self->context);
  LoadData *data = g_new0 (LoadData, 1);

  data->self = self;
  data->load = load;
  data->generation = self->generation;

  switch (load)
    {
    case LOAD_VILLAGES:
    case LOAD_CAFS:
    case LOAD_UNITS:
      isaf_store_list_async (store, registry_tables[load], NULL, NULL, self->cancellable,
                             on_loaded_cb, data);
      break;
    case LOAD_MEETINGS:
      isaf_dissemination_list_async (store, self->year, self->cancellable, on_loaded_cb, data);
      break;
    case LOAD_COVERAGE:
      isaf_dissemination_coverage_async (store, self->year, self->cancellable, on_loaded_cb,
                                         data);
      break;
    case N_LOADS:
    default:
      g_assert_not_reached ();
    }
}

static void
load (IsafDisseminationPage *self)
{
  g_clear_handle_id (&self->reload_id, g_source_remove);

  for (Load load = 0; load < N_LOADS; load++)
    {
      free_loaded (load, self->loaded[load]);
      self->loaded[load] = NULL;
    }
  self->generation++;
  self->load_failed = FALSE;
  self->year = isaf_context_get_year (self->context);

  /* Without a year there are no meetings to read, only the registries (the first loads). */
  if (self->year == 0)
    {
      self->loaded[LOAD_MEETINGS] = g_ptr_array_new_with_free_func (
        (GDestroyNotify) isaf_dissemination_meeting_unref);
      set_n_pending (self, LOAD_UNITS + 1);
      for (Load load = LOAD_VILLAGES; load <= LOAD_UNITS; load++)
        start_load (self, load);
      return;
    }

  set_n_pending (self, N_LOADS);
  for (Load load = 0; load < N_LOADS; load++)
    start_load (self, load);
}

static gboolean
reload_cb (gpointer user_data)
{
  IsafDisseminationPage *self = user_data;

  self->reload_id = 0;
  load (self);
  return G_SOURCE_REMOVE;
}

/* A save announces several tables one after the other: they are read again once. */
static void
on_data_changed_cb (IsafDisseminationPage *self,
                    const char            *table)
{
  gboolean ours = g_str_equal (table, "*") || g_str_equal (table, "cycle");

  for (guint i = 0; i < G_N_ELEMENTS (isaf_dissemination_tables); i++)
    ours = ours || g_str_equal (table, isaf_dissemination_tables[i]);
  for (guint i = 0; i < G_N_ELEMENTS (registry_tables); i++)
    ours = ours || g_str_equal (table, registry_tables[i]);

  if (ours && self->reload_id == 0)
    self->reload_id = g_idle_add (reload_cb, self);
}

static void
on_digits_changed_cb (IsafDisseminationPage *self)
{
  isaf_registry_view_refresh (self->meeting_view);
  show_coverage (self);
}

/* Editing and deleting */

static void
open_editor (IsafDisseminationPage    *self,
             IsafDisseminationMeeting *meeting,
             const IsafUuid           *village_id)
{
  IsafDisseminationEditor *editor;
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();

  if (self->year == 0)
    return;
  editor = isaf_dissemination_editor_new (self->context, GTK_WIDGET (self),
                                          meeting ? meeting->year : self->year,
                                          self->villages ? self->villages : empty,
                                          self->cafs ? self->cafs : empty,
                                          self->units ? self->units : empty,
                                          meeting, village_id);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
on_meeting_add_cb (IsafDisseminationPage *self,
                   IsafRegistryView      *view)
{
  open_editor (self, NULL, NULL);
}

static void
on_meeting_edit_cb (IsafDisseminationPage *self,
                    IsafRecord            *record,
                    IsafRegistryView      *view)
{
  IsafDisseminationMeeting *meeting = lookup_meeting (self, record);

  if (meeting != NULL)
    open_editor (self, meeting, NULL);
}

static void
announce_meeting_tables (IsafContext *context,
                         const char  *table)
{
  for (guint i = 0; i < G_N_ELEMENTS (isaf_dissemination_tables); i++)
    isaf_context_data_changed (context, isaf_dissemination_tables[i]);
}

typedef struct {
  IsafDisseminationPage *self;
  char *title;
} DeleteData;

static void
delete_data_free (DeleteData *data)
{
  g_free (data->title);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeleteData, delete_data_free)

static void
on_deleted_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DeleteData) data = user_data;
  IsafDisseminationPage *self = data->self;
  g_autoptr(GError) error = NULL;
  IsafDeletion *deletion = NULL;

  if (!isaf_store_delete_finish (ISAF_STORE (source), result, &deletion, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        isaf_context_report_error (self->context, error);
      return;
    }

  announce_meeting_tables (self->context, NULL);
  isaf_context_add_toast (self->context,
                          isaf_undo_toast_new (self->context, data->title, deletion,
                                               announce_meeting_tables, NULL));
}

static void
on_meeting_delete_cb (IsafDisseminationPage *self,
                      IsafRecord            *record,
                      IsafRegistryView      *view)
{
  IsafDisseminationMeeting *meeting = lookup_meeting (self, record);
  DeleteData *data = g_new0 (DeleteData, 1);
  g_autofree char *village = isaf_gui_dup_village_label (meeting ? meeting->village_code : NULL);
  g_autofree char *date = isaf_gui_format_date (self->context, isaf_record_get_text (record, "held_on"));

  data->self = self;
  /* Translators: a toast after deleting: the village, then the date of the meeting. */
  data->title = g_strdup_printf (_("Meeting in %1$s on %2$s deleted"), village ? village : "",
                                 date ? date : "");
  isaf_store_delete_async (isaf_context_get_store (self->context), "dissemination_meeting",
                           isaf_record_get_id (record), self->cancellable, on_deleted_cb,
                           data);
}

/* GObject */

static void
isaf_dissemination_page_constructed (GObject *object)
{
  IsafDisseminationPage *self = ISAF_DISSEMINATION_PAGE (object);

  G_OBJECT_CLASS (isaf_dissemination_page_parent_class)->constructed (object);

  g_signal_connect_object (self->context, "data-changed", G_CALLBACK (on_data_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::year", G_CALLBACK (load), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::digits", G_CALLBACK (on_digits_changed_cb),
                           self, G_CONNECT_SWAPPED);
  load (self);
}

static void
isaf_dissemination_page_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  IsafDisseminationPage *self = ISAF_DISSEMINATION_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->n_pending > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_dissemination_page_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  IsafDisseminationPage *self = ISAF_DISSEMINATION_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_dissemination_page_dispose (GObject *object)
{
  IsafDisseminationPage *self = ISAF_DISSEMINATION_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), ISAF_TYPE_DISSEMINATION_PAGE);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (isaf_dissemination_page_parent_class)->dispose (object);
}

static void
isaf_dissemination_page_finalize (GObject *object)
{
  IsafDisseminationPage *self = ISAF_DISSEMINATION_PAGE (object);

  for (Load load = 0; load < N_LOADS; load++)
    free_loaded (load, self->loaded[load]);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->villages, g_ptr_array_unref);
  g_clear_pointer (&self->cafs, g_ptr_array_unref);
  g_clear_pointer (&self->units, g_ptr_array_unref);
  g_clear_pointer (&self->meetings, g_ptr_array_unref);
  g_clear_pointer (&self->coverage, isaf_dissemination_coverage_free);
  g_hash_table_unref (self->meetings_by_id);
  g_ptr_array_unref (self->village_rows);

  G_OBJECT_CLASS (isaf_dissemination_page_parent_class)->finalize (object);
}

static void
isaf_dissemination_page_class_init (IsafDisseminationPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = isaf_dissemination_page_constructed;
  object_class->get_property = isaf_dissemination_page_get_property;
  object_class->set_property = isaf_dissemination_page_set_property;
  object_class->dispose = isaf_dissemination_page_dispose;
  object_class->finalize = isaf_dissemination_page_finalize;

  /**
   * IsafDisseminationPage:context:
   *
   * The window's context: the store, the year shown, where to report.
   */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, ISAF_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * IsafDisseminationPage:loading:
   *
   * Whether the year's meetings and coverage are still being read.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (ISAF_TYPE_REGISTRY_VIEW);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/kh/gov/ncdd/IsafCommune/isaf-dissemination-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IsafDisseminationPage, stack);
  gtk_widget_class_bind_template_child (widget_class, IsafDisseminationPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, IsafDisseminationPage, coverage_bar);
  gtk_widget_class_bind_template_child (widget_class, IsafDisseminationPage, attendance_label);
  gtk_widget_class_bind_template_child (widget_class, IsafDisseminationPage, groups_label);
  gtk_widget_class_bind_template_child (widget_class, IsafDisseminationPage, villages_group);
  gtk_widget_class_bind_template_child (widget_class, IsafDisseminationPage, meeting_view);
  gtk_widget_class_bind_template_callback (widget_class, on_meeting_add_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_meeting_edit_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_meeting_delete_cb);
}

static void
isaf_dissemination_page_init (IsafDisseminationPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->meetings_by_id = g_hash_table_new (isaf_gui_uuid_hash, isaf_gui_uuid_equal);
  self->village_rows = g_ptr_array_new ();
  isaf_registry_view_set_columns (self->meeting_view, meeting_columns,
                                  G_N_ELEMENTS (meeting_columns), self);
}

/* Public API --------------------------------------------------------------------------- */

/**
 * isaf_dissemination_page_new:
 * @context: the window's context
 *
 * Returns: (transfer floating): the Dissemination page for the context's year, reading it
 */
GtkWidget *
isaf_dissemination_page_new (IsafContext *context)
{
  g_return_val_if_fail (ISAF_IS_CONTEXT (context), NULL);

  return g_object_new (ISAF_TYPE_DISSEMINATION_PAGE, "context", context, NULL);
}

gboolean
isaf_dissemination_page_get_loading (IsafDisseminationPage *self)
{
  g_return_val_if_fail (ISAF_IS_DISSEMINATION_PAGE (self), FALSE);

  return self->n_pending > 0;
}

/**
 * isaf_dissemination_page_show:
 * @self: the Dissemination page
 * @name: "coverage" or "meetings"
 */
void
isaf_dissemination_page_show (IsafDisseminationPage *self,
                              const char            *name)
{
  g_return_if_fail (ISAF_IS_DISSEMINATION_PAGE (self));
  g_return_if_fail (adw_view_stack_get_child_by_name (self->stack, name) != NULL);

  adw_view_stack_set_visible_child_name (self->stack, name);
}
