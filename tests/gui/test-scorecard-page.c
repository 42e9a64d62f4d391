/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "isaf-context.h"
#include "isaf-database.h"
#include "isaf-demo.h"
#include "isaf-error.h"
#include "isaf-gui-test-helpers.h"
#include "isaf-overview.h"
#include "isaf-schema.h"
#include "isaf-scorecard-editor.h"
#include "isaf-scorecard-page.h"
#include "isaf-scorecard.h"
#include "isaf-store.h"
#include "isaf-test-helpers.h"

/* The Community scorecard and Self-assessment pages on a real database (the demo of Banteay
 * Neang, one year of it), in a window the size of what a 1024×768 screen leaves beside the
 * main window's sidebar: the demo year's scorecards are listed by unit; a scorecard recorded
 * through the editor (details, participants, indicators, votes counted by hand) lands in the
 * database as typed; one of the demo's edited writes only what changed; Mark as Done without
 * a suggested action is refused with the core's sentence and writes nothing; participants
 * switched to a tally sheet are saved as counts; an indicator nobody voted on has no
 * result. */

#define COMMUNE_CODE "010201"
#define DEMO_YEAR 2025
#define NEW_YEAR 2026
#define HELD_ON "2026-04-10"
#define TIMEOUT_SECONDS 20
/* 1024 pixels less the window's 230-pixel sidebar; 768 less the header bar. */
#define PAGE_WIDTH 794
#define PAGE_HEIGHT 700
#define FIRST_VILLAGE "01020101"
#define OWN_INDICATOR "ការបើកចំហព័ត៌មានអំពីថវិកា"

typedef struct {
  int year;
  const char *kind;
} Setup;

static const Setup demo_community = { DEMO_YEAR, "csc" };
static const Setup demo_self = { DEMO_YEAR, "ssa" };
static const Setup new_community = { NEW_YEAR, "csc" };

typedef struct {
  char *dir;
  IsafDatabase *database;
  IsafStore *store;
  GSettings *settings;
  IsafContext *context;
  GtkWindow *window;
  IsafScorecardPage *page;
  /* The demo's health centre. */
  IsafUuid health_centre;
  char *health_centre_name;
  GPtrArray *changed_tables;
  GPtrArray *toasts;
} Fixture;

static void
on_data_changed_cb (Fixture    *fixture,
                    const char *table)
{
  g_ptr_array_add (fixture->changed_tables, g_strdup (table));
}

static void
on_toast_cb (Fixture  *fixture,
             AdwToast *toast)
{
  g_ptr_array_add (fixture->toasts, g_object_ref (toast));
}

static gint64
count_rows (Fixture    *fixture,
            const char *sql)
{
  return isaf_test_run_query_int (fixture->database, sql);
}

static char *
format_number (Fixture *fixture,
               gint64   value)
{
  return isaf_context_format_integer (fixture->context, value);
}

/* Fixture ------------------------------------------------------------------------------- */

static void
find_health_centre (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) units = isaf_store_list (fixture->store, "service_unit", NULL, NULL,
                                                &error);

  g_assert_no_error (error);
  for (guint i = 0; i < units->len; i++)
    {
      IsafRecord *unit = g_ptr_array_index (units, i);

      if (g_strcmp0 (isaf_record_get_text (unit, "kind"), "health_centre") == 0)
        {
          fixture->health_centre = *isaf_record_get_id (unit);
          fixture->health_centre_name = g_strdup (isaf_record_get_text (unit, "name_km"));
          return;
        }
    }
  g_assert_not_reached ();
}

static gboolean
page_is_ready (Fixture *fixture)
{
  return gtk_widget_get_mapped (GTK_WIDGET (fixture->page))
         && !isaf_scorecard_page_get_loading (fixture->page);
}

static void
wait_until_ready (Fixture *fixture)
{
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) page_is_ready, fixture, TIMEOUT_SECONDS);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const Setup *setup = data;
  IsafDemoOptions options = { .commune_code = COMMUNE_CODE, .years = 1, .seed = 7,
                              .last_year = DEMO_YEAR };
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = isaf_gui_test_make_dir ("isaf-scorecard-page-XXXXXX");
  path = g_build_filename (fixture->dir, "commune.sqlite", NULL);
  fixture->database = isaf_database_open (path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  g_assert_no_error (error);
  g_assert_true (isaf_demo_generate (fixture->database, &options, &error));
  g_assert_no_error (error);
  fixture->store = isaf_store_new (fixture->database);
  find_health_centre (fixture);

  fixture->settings = g_settings_new (APP_ID);
  if (isaf_gui_test_is_khmer_run ())
    g_settings_set_boolean (fixture->settings, "khmer-digits", TRUE);
  fixture->context = isaf_context_new (fixture->database, fixture->settings);
  isaf_context_set_year (fixture->context, setup->year);
  fixture->changed_tables = g_ptr_array_new_with_free_func (g_free);
  fixture->toasts = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect_swapped (fixture->context, "data-changed", G_CALLBACK (on_data_changed_cb),
                            fixture);
  g_signal_connect_swapped (fixture->context, "toast", G_CALLBACK (on_toast_cb), fixture);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, PAGE_WIDTH, PAGE_HEIGHT);
  fixture->page = ISAF_SCORECARD_PAGE (isaf_scorecard_page_new (fixture->context, setup->kind));
  g_assert_true (isaf_scorecard_page_get_loading (fixture->page));
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  gtk_window_present (fixture->window);
  wait_until_ready (fixture);
  isaf_gui_test_wait_for_frame (GTK_WIDGET (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  g_object_add_weak_pointer (G_OBJECT (fixture->page), (gpointer *) &fixture->page);
  gtk_window_destroy (fixture->window);
  /* Editors left open go with their window. */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      g_assert_false (ISAF_IS_SCORECARD_EDITOR (toplevel));
    }
  /* Let cancelled work report back to a page that is gone. */
  isaf_gui_test_iterate_for (100);
  g_assert_null (fixture->page);

  g_ptr_array_unref (fixture->toasts);
  g_signal_handlers_disconnect_by_data (fixture->context, fixture);
  g_assert_finalize_object (fixture->context);
  g_ptr_array_unref (fixture->changed_tables);
  g_settings_reset (fixture->settings, "khmer-digits");
  g_assert_finalize_object (fixture->settings);
  g_clear_object (&fixture->store);
  isaf_database_close (fixture->database);
  g_assert_finalize_object (fixture->database);
  g_free (fixture->health_centre_name);
  isaf_gui_test_remove_dir (fixture->dir);
}

/* Widgets ------------------------------------------------------------------------------- */

/* What a label or row says, without the word breaks added for wrapping. */
static char *
dup_label_text (gpointer label)
{
  return isaf_gui_test_strip_zwsp (gtk_label_get_label (GTK_LABEL (label)));
}

static char *
dup_row_title (gpointer row)
{
  return isaf_gui_test_strip_zwsp (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
}

static gboolean
has_label (gpointer    root,
           const char *text)
{
  g_autoptr(GPtrArray) labels = isaf_gui_test_find_widgets (root, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    {
      g_autofree char *shown = dup_label_text (g_ptr_array_index (labels, i));

      if (g_str_equal (shown, text))
        return TRUE;
    }
  return FALSE;
}

/* The rows of the page that open a scorecard. */
static GPtrArray *
find_scorecard_rows (Fixture *fixture)
{
  g_autoptr(GPtrArray) rows = isaf_gui_test_find_widgets (fixture->page, ADW_TYPE_ACTION_ROW);
  GPtrArray *found = g_ptr_array_new ();

  /* Not the header of the guide's expander, which is an action row of its own. */
  for (guint i = 0; i < rows->len; i++)
    if (gtk_list_box_row_get_activatable (g_ptr_array_index (rows, i))
        && gtk_widget_get_visible (g_ptr_array_index (rows, i))
        && gtk_widget_get_ancestor (g_ptr_array_index (rows, i), ADW_TYPE_EXPANDER_ROW) == NULL)
      g_ptr_array_add (found, g_ptr_array_index (rows, i));
  return found;
}

static guint
count_scorecards_shown (Fixture *fixture)
{
  g_autoptr(GPtrArray) rows = find_scorecard_rows (fixture);

  return rows->len;
}

/* The button whose tooltip is @tooltip. */
static GtkWidget *
find_button_by_tooltip (gpointer    root,
                        const char *tooltip)
{
  g_autoptr(GPtrArray) buttons = isaf_gui_test_find_widgets (root, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_widget_get_tooltip_text (g_ptr_array_index (buttons, i)), tooltip) == 0)
      return g_ptr_array_index (buttons, i);
  g_error ("No button “%s”", tooltip);
}

/* The button labelled @label, by its own label or its content's. */
static GtkWidget *
find_button_by_label (gpointer    root,
                      const char *label)
{
  g_autoptr(GPtrArray) buttons = isaf_gui_test_find_widgets (root, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkButton *button = g_ptr_array_index (buttons, i);
      GtkWidget *child = gtk_button_get_child (button);

      if (g_strcmp0 (gtk_button_get_label (button), label) == 0
          || (ADW_IS_BUTTON_CONTENT (child)
              && g_strcmp0 (adw_button_content_get_label (ADW_BUTTON_CONTENT (child)), label) == 0))
        return GTK_WIDGET (button);
    }
  g_error ("No button “%s”", label);
}

static IsafScorecardEditor *
find_editor (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  IsafScorecardEditor *editor = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ISAF_IS_SCORECARD_EDITOR (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        {
          g_assert_null (editor);
          editor = ISAF_SCORECARD_EDITOR (toplevel);
        }
    }
  return editor;
}

static gboolean
editor_is_open (Fixture *fixture)
{
  IsafScorecardEditor *editor = find_editor ();

  return editor != NULL && gtk_widget_get_mapped (GTK_WIDGET (editor));
}

static gboolean
editor_is_closed (Fixture *fixture)
{
  return find_editor () == NULL;
}

static IsafScorecardEditor *
wait_for_editor (Fixture *fixture)
{
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) editor_is_open, fixture, TIMEOUT_SECONDS);
  isaf_gui_test_wait_for_frame (GTK_WIDGET (find_editor ()));
  return find_editor ();
}

/* The page of a tab, brought forward and drawn. */
static GtkWidget *
show_tab (IsafScorecardEditor *editor,
          const char          *name)
{
  AdwViewStack *stack = isaf_gui_test_find_widget (editor, ADW_TYPE_VIEW_STACK);

  isaf_scorecard_editor_show_tab (editor, name);
  isaf_gui_test_wait_for_frame (GTK_WIDGET (editor));
  return adw_view_stack_get_child_by_name (stack, name);
}

static GtkWidget *
find_field (gpointer    root,
            const char *title)
{
  g_autoptr(GPtrArray) rows = isaf_gui_test_find_widgets (root, ADW_TYPE_PREFERENCES_ROW);

  for (guint i = 0; i < rows->len; i++)
    {
      g_autofree char *row_title = dup_row_title (g_ptr_array_index (rows, i));

      if (g_str_equal (row_title, title))
        return g_ptr_array_index (rows, i);
    }
  g_error ("No field “%s”", title);
}

static const char *
column_label (const char *table,
              const char *column)
{
  return _(isaf_schema_find_column (isaf_schema_find_table (table), column)->label);
}

static GtkWidget *
get_save_button (IsafScorecardEditor *editor)
{
  return isaf_gui_test_find_button (editor, "editor.save");
}

static GtkWidget *
get_done_button (IsafScorecardEditor *editor)
{
  return isaf_gui_test_find_button (editor, "editor.mark-done");
}

/* The editor's own message under its header, where the core's sentence goes. */
static GtkWidget *
find_editor_message (IsafScorecardEditor *editor)
{
  g_autoptr(GPtrArray) labels = isaf_gui_test_find_widgets (editor, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);

      if (gtk_widget_has_css_class (label, "error") && !gtk_widget_has_css_class (label, "caption"))
        return label;
    }
  g_error ("No message label in the editor");
}

static gboolean
editor_message_shown (Fixture *fixture)
{
  IsafScorecardEditor *editor = find_editor ();

  return editor != NULL && gtk_widget_get_mapped (find_editor_message (editor));
}

static void
type_text (GtkWidget  *field,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (field), text);
}

/* A number as the user types it: in Khmer digits in the Khmer run. */
static void
type_number (Fixture   *fixture,
             GtkWidget *field,
             gint64     value)
{
  g_autofree char *text = format_number (fixture, value);

  type_text (field, text);
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autofree char *file = g_strdup_printf ("scorecard-%s%s.png",
                                           isaf_gui_test_is_khmer_run () ? "km-" : "", name);

  isaf_gui_test_save_screenshot_in_dir (widget, file);
}

/* Filling the editor -------------------------------------------------------------------- */

/* Opens the editor from the Record button beside the health centre. */
static IsafScorecardEditor *
record_for_health_centre (Fixture *fixture)
{
  g_autofree char *tooltip = g_strdup_printf (_("Record a community scorecard for %s"),
                                              fixture->health_centre_name);
  GtkWidget *record = find_button_by_tooltip (fixture->page, tooltip);

  gtk_widget_activate (record);
  return wait_for_editor (fixture);
}

static void
fill_details (Fixture             *fixture,
              IsafScorecardEditor *editor)
{
  GtkWidget *page = show_tab (editor, "details");

  type_text (find_field (page, _("Date of the meeting")), HELD_ON);
  type_text (find_field (page, column_label ("scorecard", "place")), "វត្តបន្ទាយនាង");
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_field (page, column_label ("scorecard",
                                                                            "lead_caf_id"))),
                              1);
}

static GtkGrid *
find_participant_table (GtkWidget *page)
{
  g_autoptr(GPtrArray) grids = isaf_gui_test_find_widgets (page, GTK_TYPE_GRID);

  g_assert_cmpuint (grids->len, >=, 1);
  return g_ptr_array_index (grids, 0);
}

/* Adds a participant with the Add button and types their line of the sign-in sheet. */
static void
add_participant (Fixture   *fixture,
                 GtkWidget *page,
                 guint      sex,
                 gint64     age,
                 gboolean   youth)
{
  GtkGrid *table = find_participant_table (page);
  int row;

  /* "clicked" at once: activating a button clicks it only after a moment. */
  g_signal_emit_by_name (find_button_by_label (page, _("_Add Participant")), "clicked");
  for (row = 1; gtk_grid_get_child_at (table, 0, row + 1) != NULL; row++)
    ;
  gtk_drop_down_set_selected (GTK_DROP_DOWN (gtk_grid_get_child_at (table, 1, row)), sex);
  type_number (fixture, gtk_grid_get_child_at (table, 2, row), age);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (gtk_grid_get_child_at (table, 3, row)), youth);
}

/* Two women, one of them young, and a man. */
static void
fill_participants (Fixture             *fixture,
                   IsafScorecardEditor *editor)
{
  GtkWidget *page = show_tab (editor, "participants");

  add_participant (fixture, page, 1, 24, TRUE);
  add_participant (fixture, page, 1, 51, FALSE);
  add_participant (fixture, page, 2, 38, FALSE);
}

static gboolean
standard_indicators_shown (GtkWidget *page)
{
  g_autoptr(GPtrArray) buttons = isaf_gui_test_find_widgets (page, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)), _("Add")) == 0)
      return TRUE;
  return FALSE;
}

/* The first standard indicator of the health centres' national set, and a citizens' own. */
static void
fill_indicators (Fixture             *fixture,
                 IsafScorecardEditor *editor)
{
  GtkWidget *page = show_tab (editor, "indicators");
  GtkWidget *own;

  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) standard_indicators_shown, page,
                            TIMEOUT_SECONDS);
  g_signal_emit_by_name (find_button_by_label (page, _("Add")), "clicked");
  own = find_field (page, column_label ("scorecard_indicator", "name_km"));
  type_text (own, OWN_INDICATOR);
  g_signal_emit_by_name (own, "apply");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (own)), ==, "");
}

/* The tally of the votes: the GtkGrid holding the entries of the counts. */
static GtkGrid *
find_vote_tally (GtkWidget *page)
{
  g_autoptr(GPtrArray) entries = isaf_gui_test_find_widgets (page, GTK_TYPE_ENTRY);

  g_assert_cmpuint (entries->len, >=, 5);
  return GTK_GRID (gtk_widget_get_parent (g_ptr_array_index (entries, 0)));
}

static GtkWidget *
show_vote_tally (IsafScorecardEditor *editor)
{
  GtkWidget *page = show_tab (editor, "votes");
  GtkWidget *tally = find_button_by_label (page, _("_Counted per Indicator"));

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (tally), TRUE);
  isaf_gui_test_wait_for_frame (GTK_WIDGET (editor));
  return page;
}

/* Types how many gave @score to the indicator on @row of the tally. */
static void
type_votes (Fixture *fixture,
            GtkGrid *tally,
            int      row,
            int      score,
            gint64   count)
{
  type_number (fixture, gtk_grid_get_child_at (tally, score, row), count);
}

/* The result row of the indicator at @position. */
static GtkWidget *
find_result_row (GtkWidget  *page,
                 gint64      position,
                 const char *name,
                 Fixture    *fixture)
{
  g_autofree char *number = format_number (fixture, position);
  g_autofree char *title = g_strdup_printf ("%s. %s", number, name);

  return find_field (page, title);
}

/* Tests --------------------------------------------------------------------------------- */

/* The demo year: every scorecard of the kind is listed, under its unit; the commune office's
 * community scorecards village by village. One opened shows what the core read. */
static void
test_demo_year (Fixture       *fixture,
                gconstpointer  data)
{
  const Setup *setup = data;
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM scorecard s JOIN cycle c ON "
                                          "c.id = s.cycle_id WHERE c.year = %d AND s.kind = '%s' "
                                          "AND s.deleted = 0",
                                          DEMO_YEAR, setup->kind);
  gint64 n_units = count_rows (fixture, "SELECT count(*) FROM service_unit WHERE deleted = 0");
  g_autofree char *summary = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) scorecards = NULL;
  IsafScorecardEditor *editor;
  IsafScorecard *first = NULL;
  IsafUuid first_village;
  GtkRequisition minimum;
  GtkWidget *tab;
  guint n_scored = 0;

  /* It fits beside the sidebar of a 1024×768 screen. */
  gtk_widget_get_preferred_size (GTK_WIDGET (fixture->page), &minimum, NULL);
  g_assert_cmpint (minimum.width, <=, PAGE_WIDTH);

  g_assert_cmpint (count_scorecards_shown (fixture), ==, count_rows (fixture, sql));
  g_assert_cmpint (count_scorecards_shown (fixture), >, 0);
  summary = g_strdup_printf (_("%u of %u service units done"), (guint) n_units, (guint) n_units);
  expected = isaf_context_format_digits (fixture->context, summary);
  g_assert_true (has_label (fixture->page, expected));
  if (g_str_equal (setup->kind, "csc"))
    {
      /* Every village of the commune has its scorecard of the commune office. */
      g_autofree char *villages = g_strdup_printf (_("%u of %u villages done"), 19, 19);
      g_autofree char *shown = isaf_context_format_digits (fixture->context, villages);
      g_autoptr(GPtrArray) groups = isaf_gui_test_find_widgets (fixture->page,
                                                                ADW_TYPE_PREFERENCES_GROUP);
      gboolean found = FALSE;

      for (guint i = 0; i < groups->len; i++)
        {
          g_autofree char *description = isaf_gui_test_strip_zwsp (
            adw_preferences_group_get_description (g_ptr_array_index (groups, i)));

          found = found || (description != NULL && strstr (description, shown) != NULL);
        }
      g_assert_true (found);
    }
  save_screenshot (GTK_WIDGET (fixture->window), g_str_equal (setup->kind, "csc") ? "page"
                                                                                    : "page-ssa");

  if (!g_str_equal (setup->kind, "csc"))
    return;

  /* The first row, the commune office's scorecard in the first village, opens it. */
  scorecards = isaf_scorecard_list (fixture->store, DEMO_YEAR, &error);
  g_assert_no_error (error);
  isaf_test_village_id (FIRST_VILLAGE, &first_village);
  for (guint i = 0; i < scorecards->len; i++)
    {
      IsafScorecard *scorecard = g_ptr_array_index (scorecards, i);
      const IsafUuid *village_id = isaf_record_get_reference (scorecard->record, "village_id");

      if (g_str_equal (isaf_record_get_text (scorecard->record, "kind"), "csc")
          && village_id != NULL && isaf_uuid_equal (village_id, &first_village))
        first = scorecard;
    }
  g_assert_nonnull (first);

  rows = find_scorecard_rows (fixture);
  g_signal_emit_by_name (g_ptr_array_index (rows, 0), "activated");
  editor = wait_for_editor (fixture);
  g_assert_false (gtk_widget_is_sensitive (get_save_button (editor)));
  save_screenshot (GTK_WIDGET (editor), "editor-details");
  show_tab (editor, "participants");
  save_screenshot (GTK_WIDGET (editor), "editor-participants");
  show_tab (editor, "indicators");
  save_screenshot (GTK_WIDGET (editor), "editor-indicators");
  show_tab (editor, "votes");
  save_screenshot (GTK_WIDGET (editor), "editor-votes");
  show_tab (editor, "notes");
  save_screenshot (GTK_WIDGET (editor), "editor-notes");

  /* Every indicator scored shows the median the core computes. */
  tab = show_tab (editor, "results");
  save_screenshot (GTK_WIDGET (editor), "editor-results");
  for (guint i = 0; i < first->indicators->len; i++)
    {
      IsafScorecardIndicator *indicator = g_ptr_array_index (first->indicators, i);
      IsafVoteCounts votes;
      double median;
      g_autofree char *ascii = NULL;
      g_autofree char *shown = NULL;
      GtkWidget *row;

      if (!isaf_record_get_boolean (indicator->record, "is_selected"))
        continue;
      isaf_scorecard_indicator_get_votes (first, indicator, &votes);
      g_assert_true (isaf_vote_counts_get_median (&votes, &median));
      ascii = g_strdup_printf ("%.1f", median);
      shown = isaf_context_format_digits (fixture->context, ascii);
      row = find_result_row (tab, isaf_record_get_integer (indicator->record, "position"),
                             isaf_record_get_text (indicator->record, "name_km"), fixture);
      g_assert_true (has_label (row, shown));
      n_scored++;
    }
  g_assert_cmpuint (n_scored, >, 0);
  g_assert_false (has_label (tab, _("No result")));
  /* Looking changed nothing: there is nothing to save. */
  g_assert_false (gtk_widget_is_sensitive (get_save_button (editor)));
  gtk_window_destroy (GTK_WINDOW (editor));
}

static gboolean
one_scorecard_saved (Fixture *fixture)
{
  return editor_is_closed (fixture) && !isaf_scorecard_page_get_loading (fixture->page)
         && count_scorecards_shown (fixture) == 1;
}

/* A scorecard recorded through the editor as a clerk copies the paper: details, three
 * participants, a standard indicator and a citizens' own, votes counted by hand. Before the
 * second indicator's votes are typed it has no result. Saved, it is in the database as typed,
 * in one cycle, and the page lists it as a draft. */
static void
test_create (Fixture       *fixture,
             gconstpointer  data)
{
  IsafScorecardEditor *editor;
  GtkWidget *page, *row;
  GtkGrid *tally;
  g_autofree char *median = NULL;
  g_autoptr(IsafOverview) overview = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (count_scorecards_shown (fixture), ==, 0);
  g_assert_true (has_label (fixture->page, _("Not done")));

  editor = record_for_health_centre (fixture);
  g_assert_false (gtk_widget_is_sensitive (get_save_button (editor)));
  fill_details (fixture, editor);
  g_assert_true (gtk_widget_is_sensitive (get_save_button (editor)));
  fill_participants (fixture, editor);
  save_screenshot (GTK_WIDGET (editor), "new-participants");
  fill_indicators (fixture, editor);
  save_screenshot (GTK_WIDGET (editor), "new-indicators");

  /* Ages are checked as they are typed, with the core's sentence. */
  page = show_tab (editor, "participants");
  type_number (fixture, gtk_grid_get_child_at (find_participant_table (page), 2, 1), 300);
  g_assert_false (gtk_widget_is_sensitive (get_save_button (editor)));
  save_screenshot (GTK_WIDGET (editor), "new-participants-invalid");
  type_number (fixture, gtk_grid_get_child_at (find_participant_table (page), 2, 1), 24);
  g_assert_true (gtk_widget_is_sensitive (get_save_button (editor)));

  /* Votes counted by hand: 2, 4, 4 on the first indicator, none yet on the second. */
  page = show_vote_tally (editor);
  tally = find_vote_tally (page);
  type_votes (fixture, tally, 1, 2, 1);
  type_votes (fixture, tally, 1, 4, 2);
  save_screenshot (GTK_WIDGET (editor), "new-votes-tally");

  page = show_tab (editor, "results");
  row = find_result_row (page, 2, OWN_INDICATOR, fixture);
  g_assert_true (has_label (row, _("No result")));
  median = isaf_context_format_digits (fixture->context, "4.0");
  g_assert_true (has_label (page, median));
  save_screenshot (GTK_WIDGET (editor), "new-results");

  page = show_tab (editor, "votes");
  type_votes (fixture, find_vote_tally (page), 2, 5, 1);
  page = show_tab (editor, "results");
  g_assert_false (has_label (page, _("No result")));

  gtk_widget_activate (get_save_button (editor));
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) one_scorecard_saved, fixture, TIMEOUT_SECONDS);

  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM cycle WHERE year = 2026"), ==, 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM scorecard s JOIN cycle c ON "
                                        "c.id = s.cycle_id WHERE c.year = 2026 AND s.kind = 'csc' "
                                        "AND s.status = 'draft' AND s.held_on = '" HELD_ON "' "
                                        "AND s.lead_caf_id IS NOT NULL AND s.village_id IS NULL"),
                   ==, 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM scorecard_participant p JOIN "
                                        "scorecard s ON s.id = p.scorecard_id JOIN cycle c ON "
                                        "c.id = s.cycle_id WHERE c.year = 2026"), ==, 3);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM scorecard_participant p JOIN "
                                        "scorecard s ON s.id = p.scorecard_id JOIN cycle c ON "
                                        "c.id = s.cycle_id WHERE c.year = 2026 AND p.sex = 'f' "
                                        "AND p.is_youth = 1 AND p.age = 24"), ==, 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM scorecard_indicator i JOIN "
                                        "scorecard s ON s.id = i.scorecard_id JOIN cycle c ON "
                                        "c.id = s.cycle_id WHERE c.year = 2026 "
                                        "AND i.is_selected = 1"), ==, 2);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM scorecard_indicator i JOIN "
                                        "scorecard s ON s.id = i.scorecard_id JOIN cycle c ON "
                                        "c.id = s.cycle_id WHERE c.year = 2026 "
                                        "AND i.indicator_code IS NULL AND i.name_km = '"
                                        OWN_INDICATOR "'"), ==, 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM scorecard_indicator i JOIN "
                                        "scorecard s ON s.id = i.scorecard_id JOIN cycle c ON "
                                        "c.id = s.cycle_id WHERE c.year = 2026 "
                                        "AND i.indicator_code LIKE 'csc_hc_%'"), ==, 1);
  /* The tally: three counts, no vote one by one. */
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM scorecard_vote_tally t JOIN "
                                        "scorecard_indicator i ON i.id = t.scorecard_indicator_id "
                                        "JOIN scorecard s ON s.id = i.scorecard_id JOIN cycle c ON "
                                        "c.id = s.cycle_id WHERE c.year = 2026"), ==, 3);
  g_assert_cmpint (count_rows (fixture, "SELECT t.count FROM scorecard_vote_tally t JOIN "
                                        "scorecard_indicator i ON i.id = t.scorecard_indicator_id "
                                        "JOIN scorecard s ON s.id = i.scorecard_id JOIN cycle c ON "
                                        "c.id = s.cycle_id WHERE c.year = 2026 AND t.score = 4"),
                   ==, 2);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM scorecard_vote v JOIN "
                                        "scorecard_indicator i ON i.id = v.scorecard_indicator_id "
                                        "JOIN scorecard s ON s.id = i.scorecard_id JOIN cycle c ON "
                                        "c.id = s.cycle_id WHERE c.year = 2026"), ==, 0);
  /* Announced, so that the Overview follows; a draft is not a scorecard done. */
  g_assert_cmpuint (fixture->toasts->len, ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (isaf_scorecard_tables); i++)
    {
      gboolean announced = FALSE;

      for (guint t = 0; t < fixture->changed_tables->len; t++)
        announced = announced || g_str_equal (g_ptr_array_index (fixture->changed_tables, t),
                                              isaf_scorecard_tables[i]);
      g_assert_true (announced);
    }
  overview = isaf_overview_load (fixture->database, NEW_YEAR, &error);
  g_assert_no_error (error);
  g_assert_cmpint (overview->stages[ISAF_STAGE_SCORECARD].done, ==, 0);

  g_assert_true (has_label (fixture->page, _("Draft")));
  save_screenshot (GTK_WIDGET (fixture->window), "page-new");
}

static gboolean
done_saved (Fixture *fixture)
{
  return editor_is_closed (fixture) && !isaf_scorecard_page_get_loading (fixture->page)
         && count_scorecards_shown (fixture) == 1 && has_label (fixture->page, _("Done"));
}

/* Mark as Done while an indicator scored has no suggested action: the core's sentence shows,
 * the Notes tab comes forward, and nothing at all is written, not even the year's cycle. With
 * a suggestion typed, it saves as done, and the Overview counts the unit. */
static void
test_refused_done (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(IsafScorecard) equivalent = NULL;
  g_autoptr(IsafOverview) overview = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *shown = NULL;
  IsafScorecardIndicator *indicator;
  IsafScorecardEditor *editor;
  GtkWidget *page, *focus;

  /* What the core says about the same scorecard. */
  equivalent = isaf_scorecard_new (NEW_YEAR, "csc");
  isaf_record_set_reference (equivalent->record, "service_unit_id", &fixture->health_centre);
  isaf_record_set_text (equivalent->record, "held_on", HELD_ON);
  isaf_record_set_text (equivalent->record, "status", "done");
  indicator = isaf_scorecard_add_indicator (equivalent, NULL, OWN_INDICATOR, NULL);
  isaf_record_set_boolean (indicator->record, "is_selected", TRUE);
  g_assert_false (isaf_scorecard_save (fixture->store, equivalent, &error));
  g_assert_error (error, ISAF_SCORECARD_ERROR, ISAF_SCORECARD_ERROR_NO_SUGGESTION);
  expected = isaf_context_format_digits (fixture->context, error->message);
  g_clear_error (&error);

  editor = record_for_health_centre (fixture);
  fill_details (fixture, editor);
  page = show_tab (editor, "indicators");
  type_text (find_field (page, column_label ("scorecard_indicator", "name_km")), OWN_INDICATOR);
  g_signal_emit_by_name (find_field (page, column_label ("scorecard_indicator", "name_km")),
                         "apply");
  g_assert_true (gtk_widget_is_sensitive (get_done_button (editor)));
  gtk_widget_activate (get_done_button (editor));
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) editor_message_shown, fixture, TIMEOUT_SECONDS);

  shown = dup_label_text (find_editor_message (editor));
  g_assert_cmpstr (shown, ==, expected);
  g_assert_cmpstr (isaf_scorecard_editor_get_tab (editor), ==, "notes");
  g_assert_true (editor_is_open (fixture));
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM cycle WHERE year = 2026"), ==, 0);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM scorecard s JOIN cycle c ON "
                                        "c.id = s.cycle_id WHERE c.year = 2026"), ==, 0);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM scorecard_indicator WHERE "
                                        "name_km = '" OWN_INDICATOR "'"), ==, 0);
  g_assert_cmpuint (fixture->changed_tables->len, ==, 0);
  save_screenshot (GTK_WIDGET (editor), "refused-done");

  /* The suggestions of that indicator have the focus: typed there, it saves as done. */
  focus = gtk_window_get_focus (GTK_WINDOW (editor));
  g_assert_true (GTK_IS_TEXT_VIEW (focus));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (focus)),
                            "ចុះផ្សាយថវិកានៅក្ដារព័ត៌មាន\n", -1);
  gtk_widget_activate (get_done_button (editor));
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) done_saved, fixture, TIMEOUT_SECONDS);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM scorecard_note WHERE "
                                        "kind = 'suggestion' AND deleted = 0 AND text = "
                                        "'ចុះផ្សាយថវិកានៅក្ដារព័ត៌មាន'"), ==, 1);

  overview = isaf_overview_load (fixture->database, NEW_YEAR, &error);
  g_assert_no_error (error);
  g_assert_cmpint (overview->stages[ISAF_STAGE_SCORECARD].done, ==, 1);
  g_assert_cmpint (overview->stages[ISAF_STAGE_SELF_ASSESSMENT].done, ==, 0);
}

static gboolean
tally_saved (Fixture *fixture)
{
  return editor_is_closed (fixture)
         && count_rows (fixture, "SELECT count(*) FROM scorecard_participant_tally") > 0;
}

/* Three participants listed, then the tally sheet chosen instead: it starts from the list's
 * counts, votes can only be counted per indicator, and what is saved is the counts. */
static void
test_participants_tally (Fixture       *fixture,
                         gconstpointer  data)
{
  IsafScorecardEditor *editor;
  GtkWidget *page, *tally_button, *grid_button;
  g_autofree char *two = NULL;
  g_autofree char *one = NULL;

  editor = record_for_health_centre (fixture);
  fill_details (fixture, editor);
  fill_participants (fixture, editor);

  page = show_tab (editor, "participants");
  tally_button = find_button_by_label (page, _("_Tally Sheet"));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (tally_button), TRUE);
  isaf_gui_test_wait_for_frame (GTK_WIDGET (editor));
  two = format_number (fixture, 2);
  one = format_number (fixture, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_field (page, _("Women")))), ==, two);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_field (page, _("Men")))), ==, one);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_field (page, _("Youth")))), ==, one);
  save_screenshot (GTK_WIDGET (editor), "participants-tally");

  /* Women counted as more: the tally, not the list, is what counts now. */
  type_number (fixture, find_field (page, _("Women")), 25);

  page = show_tab (editor, "votes");
  grid_button = find_button_by_label (page, _("_Each Participant’s Votes"));
  g_assert_false (gtk_widget_is_sensitive (grid_button));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (
    find_button_by_label (page, _("_Counted per Indicator")))));

  gtk_widget_activate (get_save_button (editor));
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) tally_saved, fixture, TIMEOUT_SECONDS);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM scorecard_participant p JOIN "
                                        "scorecard s ON s.id = p.scorecard_id JOIN cycle c ON "
                                        "c.id = s.cycle_id WHERE c.year = 2026"), ==, 0);
  g_assert_cmpint (count_rows (fixture, "SELECT count FROM scorecard_participant_tally "
                                        "WHERE category = 'women'"), ==, 25);
  g_assert_cmpint (count_rows (fixture, "SELECT count FROM scorecard_participant_tally "
                                        "WHERE category = 'men'"), ==, 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count FROM scorecard_participant_tally "
                                        "WHERE category = 'youth'"), ==, 1);
}

/* Counts rows of one scorecard: @sql ends in a comparison with its id. */
static gint64
count_scorecard_rows (Fixture        *fixture,
                      const char     *sql,
                      const IsafUuid *scorecard_id)
{
  g_autoptr(GString) query = g_string_new (sql);

  g_string_append (query, "x'");
  for (guint i = 0; i < 16; i++)
    g_string_append_printf (query, "%02X", scorecard_id->bytes[i]);
  g_string_append_c (query, '\'');
  return count_rows (fixture, query->str);
}

#define NOTES_OF \
  "SELECT count(*) FROM scorecard_note n JOIN scorecard_indicator i " \
  "ON i.id = n.scorecard_indicator_id WHERE n.deleted = 0 AND i.scorecard_id = "
#define VOTES_OF \
  "SELECT count(*) FROM scorecard_vote v JOIN scorecard_indicator i " \
  "ON i.id = v.scorecard_indicator_id WHERE v.deleted = 0 AND i.scorecard_id = "
#define PARTICIPANTS_OF \
  "SELECT count(*) FROM scorecard_participant WHERE deleted = 0 AND scorecard_id = "
#define OTHER_CHANGES "SELECT count(*) FROM sync_outbox WHERE tbl <> 'scorecard_note'"
#define INDICATORS_OF \
  "SELECT count(*) FROM scorecard_indicator WHERE deleted = 0 AND scorecard_id = "

static gboolean
editor_closed_and_page_ready (Fixture *fixture)
{
  return editor_is_closed (fixture) && !isaf_scorecard_page_get_loading (fixture->page);
}

/* A demo scorecard opened, one suggested action added, saved: only that is written; its
 * participants, indicators and votes are all still there, none of them twice. */
static void
test_edit_demo (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = find_scorecard_rows (fixture);
  g_autoptr(GPtrArray) views = NULL;
  IsafScorecardEditor *editor;
  GtkTextBuffer *buffer;
  GtkTextIter end;
  IsafUuid village_id, scorecard_id;
  gint64 notes, votes, participants, indicators, other_changes;

  isaf_test_village_id (FIRST_VILLAGE, &village_id);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) scorecards = isaf_scorecard_list (fixture->store, DEMO_YEAR, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < scorecards->len; i++)
      {
        IsafScorecard *scorecard = g_ptr_array_index (scorecards, i);
        const IsafUuid *id = isaf_record_get_reference (scorecard->record, "village_id");

        if (id != NULL && isaf_uuid_equal (id, &village_id))
          scorecard_id = *isaf_record_get_id (scorecard->record);
      }
  }
  notes = count_scorecard_rows (fixture, NOTES_OF, &scorecard_id);
  votes = count_scorecard_rows (fixture, VOTES_OF, &scorecard_id);
  participants = count_scorecard_rows (fixture, PARTICIPANTS_OF, &scorecard_id);
  indicators = count_scorecard_rows (fixture, INDICATORS_OF, &scorecard_id);
  g_assert_cmpint (votes, >, 0);
  other_changes = count_rows (fixture, OTHER_CHANGES);

  g_signal_emit_by_name (g_ptr_array_index (rows, 0), "activated");
  editor = wait_for_editor (fixture);
  views = isaf_gui_test_find_widgets (show_tab (editor, "notes"), GTK_TYPE_TEXT_VIEW);
  /* Strengths, weaknesses, then the suggestions of the first indicator scored. */
  buffer = gtk_text_view_get_buffer (g_ptr_array_index (views, 2));
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, "\nរៀបចំប្រអប់សំបុត្រ", -1);
  g_assert_true (gtk_widget_is_sensitive (get_save_button (editor)));
  gtk_widget_activate (get_save_button (editor));
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) editor_closed_and_page_ready, fixture,
                            TIMEOUT_SECONDS);

  g_assert_cmpint (count_scorecard_rows (fixture, NOTES_OF, &scorecard_id), ==, notes + 1);
  g_assert_cmpint (count_scorecard_rows (fixture, VOTES_OF, &scorecard_id), ==, votes);
  g_assert_cmpint (count_scorecard_rows (fixture, PARTICIPANTS_OF, &scorecard_id), ==,
                   participants);
  g_assert_cmpint (count_scorecard_rows (fixture, INDICATORS_OF, &scorecard_id), ==,
                   indicators);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM scorecard WHERE deleted = 0"), ==,
                   count_rows (fixture, "SELECT count(*) FROM scorecard"));
  /* Nothing else changed, not even a field rewritten with another value: sync has only the
   * note to send. */
  g_assert_cmpint (count_rows (fixture, OTHER_CHANGES), ==, other_changes);
}

int
main (int   argc,
      char *argv[])
{
  isaf_gui_test_init (&argc, &argv);
  adw_init ();
  /* Screenshots show rows as they settle, not halfway through an animation. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  /* The application's style sheet (its status pills), which AdwApplication would load. */
  {
    g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (provider, "/kh/gov/ncdd/IsafCommune/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (provider),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add ("/scorecard-page/demo-year", Fixture, &demo_community, fixture_set_up,
              test_demo_year, fixture_tear_down);
  g_test_add ("/scorecard-page/demo-year-self-assessment", Fixture, &demo_self, fixture_set_up,
              test_demo_year, fixture_tear_down);
  g_test_add ("/scorecard-page/edit-demo", Fixture, &demo_community, fixture_set_up,
              test_edit_demo, fixture_tear_down);
  g_test_add ("/scorecard-page/create", Fixture, &new_community, fixture_set_up, test_create,
              fixture_tear_down);
  g_test_add ("/scorecard-page/refused-done", Fixture, &new_community, fixture_set_up,
              test_refused_done, fixture_tear_down);
  g_test_add ("/scorecard-page/participants-tally", Fixture, &new_community, fixture_set_up,
              test_participants_tally, fixture_tear_down);

  return g_test_run ();
}
