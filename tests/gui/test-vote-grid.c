/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gdk/x11/gdkx.h>
#include <glib/gi18n.h>
#include <string.h>

#include "isaf-database.h"
#include "isaf-gui-test-helpers.h"
#include "isaf-scorecard.h"
#include "isaf-store.h"
#include "isaf-test-helpers.h"
#include "isaf-vote-grid.h"

/* The vote grid of a community scorecard, typed as a clerk types the paper sheet: real key
 * presses from xdotool through the X server (Xvfb) to the window that has the input focus,
 * never calls into the grid. A 30-voter × 8-indicator sheet typed row by row must land in
 * the scorecard exactly, an unselected indicator must not show and an anonymous participant
 * must take no votes; the arrows, Home/End, Tab, Enter and Page keys move as documented,
 * a click moves the cursor, Delete, Backspace and 0 clear, Khmer digits (from the X server
 * switched to the Khmer keyboard layout) score, and every cell tells a screen reader what it
 * holds; the scorecard then saved on a real database of Banteay Neang must read back with
 * the same votes. A 60 × 10 sheet is typed whole to time the grid. */

#define COMMUNE_CODE "010201"
#define YEAR 2026
#define HELD_ON "2026-05-14"
#define TIMEOUT_SECONDS 60
/* What a 1024×768 screen leaves beside the main window's sidebar. */
#define WINDOW_WIDTH 794
#define WINDOW_HEIGHT 700

/* The sheet of the typing tests: 31 participants, one of them anonymous, 9 indicators, one
 * of them not selected for scoring. */
#define N_PARTICIPANTS 31
#define ANONYMOUS 12
#define N_VOTERS (N_PARTICIPANTS - 1)
#define N_INDICATORS 9
#define UNSELECTED 3
#define N_SELECTED (N_INDICATORS - 1)

/* The large sheet: 60 participants × 10 indicators, all voting, all selected. */
#define LARGE_PARTICIPANTS 60
#define LARGE_INDICATORS 10

typedef struct {
  guint n_participants;
  guint n_indicators;
  /* -1 for none. */
  int anonymous;
  int unselected;
} Sheet;

static const Sheet typing_sheet = { N_PARTICIPANTS, N_INDICATORS, ANONYMOUS, UNSELECTED };
static const Sheet large_sheet = { LARGE_PARTICIPANTS, LARGE_INDICATORS, -1, -1 };

static const struct {
  const char *name_km;
  const char *name_en;
} indicator_names[] = {
  { "អ្នកផ្តល់សេវាគោរពម៉ោងធ្វើការ", "Staff keep to the opening hours" },
  { "ការស្វាគមន៍ និងការគោរពអ្នកជំងឺ", "Patients are welcomed with respect" },
  { "ការពន្យល់អំពីថ្លៃសេវាបានច្បាស់លាស់", "Fees are explained clearly" },
  { "បង្គន់ស្អាត និងមានទឹកស្អាតប្រើប្រាស់", "Clean toilets and water" },
  { "រយៈពេលរង់ចាំទទួលសេវា", "Waiting time" },
  { "មានថ្នាំគ្រប់គ្រាន់", "Enough medicines" },
  { "សេវាសម្ភពពេលយប់", "Night-time delivery care" },
  { "ការរក្សាការសម្ងាត់របស់អ្នកជំងឺ", "Patients’ privacy is kept" },
  { "ប្រអប់សំបុត្រ និងការឆ្លើយតបចំពោះមតិ", "Suggestion box and replies" },
  { "ភាពស្អាតនៃបរិវេណមណ្ឌលសុខភាព", "A clean health centre compound" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (indicator_names) >= LARGE_INDICATORS);

/* xdotool's names of the keys that type 0–5, in Western and in Khmer digits. */
static const char * const western_digit_keys[] = { "0", "1", "2", "3", "4", "5" };
#define KHMER_DIGIT_ONE 0x10017e1
static const char * const khmer_digit_keys[] = {
  "U17E0", "U17E1", "U17E2", "U17E3", "U17E4", "U17E5",
};

typedef struct {
  char *dir;
  IsafDatabase *database;
  IsafStore *store;
  IsafUuid unit_id;
  IsafUuid caf_id;
  IsafScorecard *scorecard;
  GtkWindow *window;
  IsafVoteGrid *grid;
  GtkWidget *after_grid;
  /* What the grid said changed, as "participant/indicator". */
  GPtrArray *changes;
  /* Key presses (not modifiers) the window has received. */
  guint n_keys_seen;
  /* Notifications of the grid's cursor. */
  guint grid_cursor_moves;
} Fixture;

/* The sheet ----------------------------------------------------------------------------- */

/* The score on the paper sheet of the typing tests for voter @voter (from 0, anonymous
 * participant left out) on selected indicator @column (from 0), with a blank now and then. */
static guint8
sheet_score (guint voter,
             guint column)
{
  if ((voter + 2 * column) % 11 == 0)
    return ISAF_NO_SCORE;
  return ISAF_SCORE_MIN + (voter * 7 + column * 3 + voter * column) % ISAF_N_SCORES;
}

static guint
voter_participant (guint voter)
{
  return voter < ANONYMOUS ? voter : voter + 1;
}

static guint
column_indicator (guint column)
{
  return column < UNSELECTED ? column : column + 1;
}

static guint8
get_score (Fixture *fixture,
           guint    participant,
           guint    indicator)
{
  IsafScorecardIndicator *row = g_ptr_array_index (fixture->scorecard->indicators, indicator);

  return g_array_index (row->scores, guint8, participant);
}

static void
set_score (Fixture *fixture,
           guint    participant,
           guint    indicator,
           guint8   score)
{
  IsafScorecardIndicator *row = g_ptr_array_index (fixture->scorecard->indicators, indicator);

  g_array_index (row->scores, guint8, participant) = score;
}

static IsafScorecard *
new_scorecard (Fixture     *fixture,
               const Sheet *sheet)
{
  IsafScorecard *scorecard = isaf_scorecard_new (YEAR, "csc");

  isaf_record_set_reference (scorecard->record, "service_unit_id", &fixture->unit_id);
  isaf_record_set_reference (scorecard->record, "lead_caf_id", &fixture->caf_id);
  isaf_record_set_text (scorecard->record, "held_on", HELD_ON);
  isaf_record_set_text (scorecard->record, "place", "មណ្ឌលសុខភាពបន្ទាយនាង");
  for (guint i = 0; i < sheet->n_indicators; i++)
    {
      IsafScorecardIndicator *indicator =
        isaf_scorecard_add_indicator (scorecard, NULL, indicator_names[i].name_km,
                                      indicator_names[i].name_en);

      isaf_record_set_boolean (indicator->record, "is_selected", (int) i != sheet->unselected);
    }
  for (guint i = 0; i < sheet->n_participants; i++)
    {
      IsafRecord *participant = isaf_scorecard_add_participant (scorecard);

      isaf_record_set_text (participant, "sex", i % 3 == 0 ? "m" : "f");
      isaf_record_set_boolean (participant, "is_anonymous", (int) i == sheet->anonymous);
    }
  return scorecard;
}

/* Keys ---------------------------------------------------------------------------------- */

static void
on_subprocess_done_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_wait_check_finish (G_SUBPROCESS (source), result, &error);
  g_assert_no_error (error);
  *done = TRUE;
}

/* Runs @program with @args while the main loop runs, and asserts that it succeeded. */
static void
run_program (const char *program,
             GPtrArray  *args)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  g_ptr_array_insert (args, 0, (gpointer) program);
  g_ptr_array_add (args, NULL);
  process = g_subprocess_newv ((const char * const *) args->pdata, G_SUBPROCESS_FLAGS_NONE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_wait_check_async (process, NULL, on_subprocess_done_cb, &done);
  ISAF_GUI_TEST_WAIT_FOR (done, TIMEOUT_SECONDS);
}

/* Presses and releases each of @keys (xdotool's key names, "ctrl+Home" for chords) as a
 * real keyboard would, and waits until the window has received every one. */
static void
press_keys (Fixture            *fixture,
            const char * const *keys,
            guint               n_keys)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  guint expected = fixture->n_keys_seen + n_keys;

  g_ptr_array_add (args, (gpointer) "key");
  g_ptr_array_add (args, (gpointer) "--delay");
  g_ptr_array_add (args, (gpointer) "4");
  for (guint i = 0; i < n_keys; i++)
    g_ptr_array_add (args, (gpointer) keys[i]);
  run_program ("xdotool", args);
  ISAF_GUI_TEST_WAIT_FOR (fixture->n_keys_seen >= expected, TIMEOUT_SECONDS);
  g_assert_cmpuint (fixture->n_keys_seen, ==, expected);
  isaf_gui_test_iterate_pending ();
}

static void
press_key (Fixture    *fixture,
           const char *key)
{
  press_keys (fixture, &key, 1);
}

static gboolean
keyboard_can_type (guint keyval)
{
  g_autofree GdkKeymapKey *keys = NULL;
  int n_keys = 0;

  return gdk_display_map_keyval (gdk_display_get_default (), keyval, &keys, &n_keys)
         && n_keys > 0;
}

/* Switches the X server's keyboard to @layout ("kh": the digit keys type ១ ២ ៣ …, as on a
 * Khmer keyboard; "us") and waits until GTK has read the new keymap. Keys typed this way
 * are on the keyboard: xdotool would otherwise bind a spare key to each Khmer digit just
 * before pressing it, and GTK may read that key with the binding before. */
static void
use_keyboard_layout (const char *layout)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  gboolean khmer = g_str_equal (layout, "kh");

  g_ptr_array_add (args, (gpointer) "-layout");
  g_ptr_array_add (args, (gpointer) layout);
  run_program ("setxkbmap", args);
  ISAF_GUI_TEST_WAIT_FOR (keyboard_can_type (KHMER_DIGIT_ONE) == khmer, TIMEOUT_SECONDS);
}

static gboolean
on_window_key_pressed_cb (GtkEventControllerKey *controller,
                          guint                  keyval,
                          guint                  keycode,
                          GdkModifierType        state,
                          Fixture               *fixture)
{
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));

  if (!gdk_key_event_is_modifier (event))
    fixture->n_keys_seen++;
  return FALSE;
}

/* The X server gives key presses to the window with the input focus. Without a window
 * manager, presenting a window does not always give it the focus: xdotool then sets it. */
static void
focus_grid (Fixture *fixture)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (fixture->window));

  g_assert_true (GDK_IS_X11_SURFACE (surface));
  if (!gtk_window_is_active (fixture->window))
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (NULL);
      g_autofree char *xid = g_strdup_printf ("%lu", gdk_x11_surface_get_xid (surface));

      g_test_message ("The window is not active after presenting it: xdotool focuses it");
      g_ptr_array_add (args, (gpointer) "windowfocus");
      g_ptr_array_add (args, (gpointer) "--sync");
      g_ptr_array_add (args, xid);
      run_program ("xdotool", args);
    }
  ISAF_GUI_TEST_WAIT_FOR (gtk_window_is_active (fixture->window), TIMEOUT_SECONDS);
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (fixture->grid)));
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (fixture->window),
                                         GTK_WIDGET (fixture->grid)));
}

/* The grid ------------------------------------------------------------------------------ */

static void
on_grid_cursor_notify_cb (IsafVoteGrid *grid,
                          GParamSpec   *pspec,
                          Fixture      *fixture)
{
  fixture->grid_cursor_moves++;
}

static void
on_grid_changed_cb (IsafVoteGrid *grid,
                    guint         participant,
                    guint         indicator,
                    Fixture      *fixture)
{
  g_ptr_array_add (fixture->changes, g_strdup_printf ("%u/%u", participant, indicator));
}

static void
assert_cursor (Fixture *fixture,
               guint    participant,
               guint    indicator)
{
  guint cursor_participant, cursor_indicator;
  int notified_participant, notified_indicator;

  g_assert_true (isaf_vote_grid_get_cursor (fixture->grid, &cursor_participant,
                                            &cursor_indicator));
  g_assert_cmpuint (cursor_participant, ==, participant);
  g_assert_cmpuint (cursor_indicator, ==, indicator);
  g_object_get (fixture->grid, "cursor-participant", &notified_participant,
                "cursor-indicator", &notified_indicator, NULL);
  g_assert_cmpint (notified_participant, ==, participant);
  g_assert_cmpint (notified_indicator, ==, indicator);
  /* The cursor is the keyboard focus, and shows as such. */
  g_assert_true (gtk_widget_has_css_class (gtk_window_get_focus (fixture->window), "current"));
}

static GPtrArray *
find_with_class (gpointer    root,
                 GType       type,
                 const char *css_class)
{
  g_autoptr(GPtrArray) widgets = isaf_gui_test_find_widgets (root, type);
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; i < widgets->len; i++)
    if (gtk_widget_has_css_class (g_ptr_array_index (widgets, i), css_class))
      g_ptr_array_add (found, g_ptr_array_index (widgets, i));
  return found;
}

/* Clicks the cell of @row and @column (among the columns shown) with the real pointer. */
static void
click_cell (Fixture *fixture,
            guint    row,
            guint    column)
{
  g_autoptr(GPtrArray) cells = find_with_class (fixture->grid, GTK_TYPE_WIDGET,
                                                "isaf-vote-cell");
  GtkWidget *cell = g_ptr_array_index (cells, row * N_SELECTED + column);
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (fixture->window));
  graphene_point_t centre = GRAPHENE_POINT_INIT (gtk_widget_get_width (cell) / 2.0,
                                                  gtk_widget_get_height (cell) / 2.0);
  graphene_point_t in_window;
  double surface_x, surface_y;
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (NULL);
  g_autofree char *xid = g_strdup_printf ("%lu", gdk_x11_surface_get_xid (surface));
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;

  /* Scrolled into view first, as a clerk would. */
  isaf_gui_test_wait_for_frame (GTK_WIDGET (fixture->window));
  g_assert_true (gtk_widget_compute_point (cell, GTK_WIDGET (fixture->window), &centre,
                                           &in_window));
  gtk_native_get_surface_transform (GTK_NATIVE (fixture->window), &surface_x, &surface_y);
  x = g_strdup_printf ("%d", (int) (in_window.x + surface_x));
  y = g_strdup_printf ("%d", (int) (in_window.y + surface_y));
  fixture->grid_cursor_moves = 0;
  g_ptr_array_add (args, (gpointer) "mousemove");
  g_ptr_array_add (args, (gpointer) "--window");
  g_ptr_array_add (args, xid);
  g_ptr_array_add (args, (gpointer) "--sync");
  g_ptr_array_add (args, x);
  g_ptr_array_add (args, y);
  g_ptr_array_add (args, (gpointer) "click");
  g_ptr_array_add (args, (gpointer) "1");
  run_program ("xdotool", args);
}

/* What a screen reader says for a cell: what the cell shows, whose vote, on what. */
static void
assert_cell_labels (Fixture *fixture)
{
  g_autoptr(GPtrArray) cells = find_with_class (fixture->grid, GTK_TYPE_WIDGET,
                                                "isaf-vote-cell");
  const char *indicator = indicator_names[0].name_km;
  g_autofree char *scored = NULL;
  g_autofree char *blank = NULL;
  g_autofree char *anonymous = NULL;

  g_assert_cmpuint (sheet_score (0, 0), ==, ISAF_NO_SCORE);
  g_assert_cmpuint (sheet_score (1, 0), ==, 3);
  if (isaf_gui_test_is_khmer_run ())
    {
      scored = g_strdup_printf (_("Participant %s, %s: %s, %s"), "២", indicator, "៣",
                                isaf_score_get_label (3));
      blank = g_strdup_printf (_("Participant %s, %s: no score"), "១", indicator);
      anonymous = g_strdup_printf (_("Participant %s, %s: anonymous, does not vote"), "១៣",
                                   indicator);
    }
  else
    {
      scored = g_strdup_printf ("Participant 2, %s: 3, Acceptable", indicator);
      blank = g_strdup_printf ("Participant 1, %s: no score", indicator);
      anonymous = g_strdup_printf ("Participant 13, %s: anonymous, does not vote", indicator);
    }
  gtk_test_accessible_assert_role (g_ptr_array_index (cells, 0), GTK_ACCESSIBLE_ROLE_GRID_CELL);
  gtk_test_accessible_assert_property (g_ptr_array_index (cells, 0),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, blank);
  gtk_test_accessible_assert_property (g_ptr_array_index (cells, N_SELECTED),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, scored);
  gtk_test_accessible_assert_property (g_ptr_array_index (cells, ANONYMOUS * N_SELECTED),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, anonymous);
  gtk_test_accessible_assert_relation (g_ptr_array_index (cells, N_SELECTED),
                                       GTK_ACCESSIBLE_RELATION_ROW_INDEX, 3);
}

/* Fixture ------------------------------------------------------------------------------- */

static void
fill_registry (Fixture *fixture)
{
  g_autoptr(IsafRecord) caf = isaf_record_new ("caf");
  g_autoptr(IsafRecord) unit = isaf_record_new ("service_unit");

  isaf_record_set_text (caf, "name_km", "ស្រី ពៅ");
  isaf_record_set_text (caf, "name_latin", "Srey Pov");
  isaf_record_set_text (caf, "sex", "f");
  isaf_record_set_text (caf, "selected_on", "2025-01-20");
  fixture->caf_id = *isaf_record_get_id (caf);
  isaf_record_set_text (unit, "kind", "health_centre");
  isaf_record_set_text (unit, "code", "HC-0102");
  isaf_record_set_text (unit, "name_km", "មណ្ឌលសុខភាពបន្ទាយនាង");
  isaf_record_set_text (unit, "name_en", "Banteay Neang Health Centre");
  fixture->unit_id = *isaf_record_get_id (unit);
  isaf_test_save (fixture->store, caf, unit, NULL);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const Sheet *sheet = data;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkEventController *keys = gtk_event_controller_key_new ();

  fixture->dir = isaf_gui_test_make_dir ("isaf-vote-grid-XXXXXX");
  path = g_build_filename (fixture->dir, "commune.sqlite", NULL);
  fixture->database = isaf_database_open (path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  g_assert_no_error (error);
  fixture->store = isaf_store_new (fixture->database);
  g_assert_true (isaf_store_create_commune (fixture->store, COMMUNE_CODE, &error));
  g_assert_no_error (error);
  fill_registry (fixture);
  fixture->scorecard = new_scorecard (fixture, sheet);
  fixture->changes = g_ptr_array_new_with_free_func (g_free);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, WINDOW_WIDTH, WINDOW_HEIGHT);
  fixture->grid = ISAF_VOTE_GRID (isaf_vote_grid_new ());
  if (isaf_gui_test_is_khmer_run ())
    isaf_vote_grid_set_digits (fixture->grid, ISAF_DIGITS_KHMER);
  g_signal_connect (fixture->grid, "changed", G_CALLBACK (on_grid_changed_cb), fixture);
  g_signal_connect (fixture->grid, "notify::cursor-participant",
                    G_CALLBACK (on_grid_cursor_notify_cb), fixture);
  g_signal_connect (fixture->grid, "notify::cursor-indicator",
                    G_CALLBACK (on_grid_cursor_notify_cb), fixture);
  /* Something else to Tab to, as on the scorecard page. */
  fixture->after_grid = gtk_button_new_with_label ("Done");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fixture->grid));
  gtk_box_append (GTK_BOX (box), fixture->after_grid);
  gtk_window_set_child (fixture->window, box);

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_window_key_pressed_cb), fixture);
  gtk_widget_add_controller (GTK_WIDGET (fixture->window), keys);

  gtk_window_present (fixture->window);
  ISAF_GUI_TEST_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (fixture->window)),
                          TIMEOUT_SECONDS);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_object_add_weak_pointer (G_OBJECT (fixture->grid), (gpointer *) &fixture->grid);
  isaf_gui_test_destroy_window (g_steal_pointer (&fixture->window));
  g_assert_null (fixture->grid);
  g_clear_pointer (&fixture->changes, g_ptr_array_unref);
  g_clear_pointer (&fixture->scorecard, isaf_scorecard_unref);
  g_clear_object (&fixture->store);
  isaf_database_close (fixture->database);
  g_assert_finalize_object (fixture->database);
  isaf_gui_test_remove_dir (fixture->dir);
}

/* Tests --------------------------------------------------------------------------------- */

/* Only the selected indicators are columns, every participant is a row, and the anonymous
 * participant's row takes no cursor. */
static void
test_layout (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) cells = NULL;
  g_autoptr(GPtrArray) headers = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  guint focusable = 0;
  gboolean unselected_shown = FALSE;
  guint names_shown = 0;

  isaf_vote_grid_set_scorecard (fixture->grid, fixture->scorecard);
  isaf_gui_test_wait_for_frame (GTK_WIDGET (fixture->window));

  cells = find_with_class (fixture->grid, GTK_TYPE_WIDGET, "isaf-vote-cell");
  g_assert_cmpuint (cells->len, ==, N_PARTICIPANTS * N_SELECTED);
  for (guint i = 0; i < cells->len; i++)
    focusable += gtk_widget_get_focusable (g_ptr_array_index (cells, i));
  g_assert_cmpuint (focusable, ==, N_VOTERS * N_SELECTED);

  labels = isaf_gui_test_find_widgets (fixture->grid, GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    {
      g_autofree char *text =
        isaf_gui_test_strip_zwsp (gtk_label_get_label (g_ptr_array_index (labels, i)));

      for (guint j = 0; j < N_INDICATORS; j++)
        if (g_str_equal (text, indicator_names[j].name_km))
          {
            unselected_shown |= j == UNSELECTED;
            names_shown++;
          }
    }
  g_assert_false (unselected_shown);
  g_assert_cmpuint (names_shown, ==, N_SELECTED);
  /* The corner, the columns and the rows. */
  headers = find_with_class (fixture->grid, GTK_TYPE_WIDGET, "isaf-vote-header");
  g_assert_cmpuint (headers->len, ==, 1 + N_SELECTED + N_PARTICIPANTS);

  /* The cursor starts on the first cell, and cannot be put where there is no vote. */
  focus_grid (fixture);
  assert_cursor (fixture, 0, 0);
  g_assert_false (isaf_vote_grid_set_cursor (fixture->grid, ANONYMOUS, 0));
  g_assert_false (isaf_vote_grid_set_cursor (fixture->grid, 0, UNSELECTED));
  g_assert_false (isaf_vote_grid_set_cursor (fixture->grid, N_PARTICIPANTS, 0));
  assert_cursor (fixture, 0, 0);
  g_assert_true (isaf_vote_grid_set_cursor (fixture->grid, ANONYMOUS + 1, UNSELECTED + 1));
  assert_cursor (fixture, ANONYMOUS + 1, UNSELECTED + 1);
}

/* The whole sheet typed row by row, blanks as 0, then saved and read back. */
static void
test_type_sheet (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *keys[N_VOTERS * N_SELECTED];
  guint n_scores = 0;
  g_autoptr(GPtrArray) scorecards = NULL;
  g_autoptr(GError) error = NULL;
  IsafScorecard *read;

  isaf_vote_grid_set_scorecard (fixture->grid, fixture->scorecard);
  focus_grid (fixture);
  for (guint voter = 0; voter < N_VOTERS; voter++)
    for (guint column = 0; column < N_SELECTED; column++)
      {
        guint8 score = sheet_score (voter, column);

        keys[voter * N_SELECTED + column] = western_digit_keys[score];
        n_scores += score != ISAF_NO_SCORE;
      }
  press_keys (fixture, keys, G_N_ELEMENTS (keys));

  for (guint voter = 0; voter < N_VOTERS; voter++)
    for (guint column = 0; column < N_SELECTED; column++)
      g_assert_cmpuint (get_score (fixture, voter_participant (voter), column_indicator (column)),
                        ==, sheet_score (voter, column));
  for (guint indicator = 0; indicator < N_INDICATORS; indicator++)
    g_assert_cmpuint (get_score (fixture, ANONYMOUS, indicator), ==, ISAF_NO_SCORE);
  for (guint participant = 0; participant < N_PARTICIPANTS; participant++)
    g_assert_cmpuint (get_score (fixture, participant, UNSELECTED), ==, ISAF_NO_SCORE);
  /* One change per score; a 0 on a blank cell changes nothing. */
  g_assert_cmpuint (fixture->changes->len, ==, n_scores);
  g_test_message ("Typed %u keys, %u scores", (guint) G_N_ELEMENTS (keys), n_scores);
  assert_cell_labels (fixture);
  /* After the last cell there is nowhere to go: the cursor stays on it. */
  assert_cursor (fixture, N_PARTICIPANTS - 1, N_INDICATORS - 1);

  /* The screenshot shows the top of the sheet, with the anonymous participant's row. */
  press_key (fixture, "ctrl+Home");
  press_key (fixture, "Page_Down");
  isaf_gui_test_save_screenshot_in_dir (GTK_WIDGET (fixture->window),
                                        isaf_gui_test_is_khmer_run () ? "vote-grid-km.png"
                                                                      : "vote-grid.png");

  g_assert_true (isaf_scorecard_save (fixture->store, fixture->scorecard, &error));
  g_assert_no_error (error);
  g_assert_cmpint (isaf_test_run_query_int (fixture->database,
                                            "SELECT count(*) FROM scorecard_vote "
                                            "WHERE deleted = 0"), ==, n_scores);
  scorecards = isaf_scorecard_list (fixture->store, YEAR, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (scorecards->len, ==, 1);
  read = g_ptr_array_index (scorecards, 0);
  g_assert_true (read->votes_one_by_one);
  g_assert_cmpuint (read->participants->len, ==, N_PARTICIPANTS);
  g_assert_cmpuint (read->indicators->len, ==, N_INDICATORS);
  for (guint i = 0; i < N_PARTICIPANTS; i++)
    g_assert_true (isaf_uuid_equal (
      isaf_record_get_id (g_ptr_array_index (read->participants, i)),
      isaf_record_get_id (g_ptr_array_index (fixture->scorecard->participants, i))));
  for (guint i = 0; i < N_INDICATORS; i++)
    {
      IsafScorecardIndicator *stored = g_ptr_array_index (read->indicators, i);
      IsafScorecardIndicator *typed = g_ptr_array_index (fixture->scorecard->indicators, i);

      g_assert_true (isaf_uuid_equal (isaf_record_get_id (stored->record),
                                      isaf_record_get_id (typed->record)));
      g_assert_cmpmem (stored->scores->data, stored->scores->len,
                       typed->scores->data, typed->scores->len);
    }
  for (guint voter = 0; voter < N_VOTERS; voter++)
    for (guint column = 0; column < N_SELECTED; column++)
      {
        IsafScorecardIndicator *stored = g_ptr_array_index (read->indicators,
                                                            column_indicator (column));

        g_assert_cmpuint (g_array_index (stored->scores, guint8, voter_participant (voter)), ==,
                          sheet_score (voter, column));
      }
}

/* Every movement key from a known cell; the anonymous participant's row is stepped over. */
static void
test_move (Fixture       *fixture,
           gconstpointer  data)
{
  static const struct {
    const char *key;
    guint participant;
    guint indicator;
  } moves[] = {
    { "ctrl+End", N_PARTICIPANTS - 1, N_INDICATORS - 1 },
    { "ctrl+Home", 0, 0 },
    { "Left", 0, 0 },
    { "Right", 0, 1 },
    { "Right", 0, 2 },
    /* Past the unselected indicator. */
    { "Right", 0, 4 },
    { "Down", 1, 4 },
    { "End", 1, N_INDICATORS - 1 },
    { "Right", 1, N_INDICATORS - 1 },
    { "Home", 1, 0 },
    { "Up", 0, 0 },
    { "Up", 0, 0 },
    { "Page_Down", 10, 0 },
    { "Down", ANONYMOUS - 1, 0 },
    /* Over the anonymous participant, both ways. */
    { "Down", ANONYMOUS + 1, 0 },
    { "Up", ANONYMOUS - 1, 0 },
    { "Return", ANONYMOUS + 1, 0 },
    { "shift+Return", ANONYMOUS - 1, 0 },
    { "Tab", ANONYMOUS - 1, 1 },
    { "shift+Tab", ANONYMOUS - 1, 0 },
    { "shift+Tab", ANONYMOUS - 2, N_INDICATORS - 1 },
    { "Tab", ANONYMOUS - 1, 0 },
    { "Page_Down", ANONYMOUS + 10, 0 },
    { "Page_Up", ANONYMOUS - 1, 0 },
    { "Page_Down", ANONYMOUS + 10, 0 },
    { "Page_Down", N_PARTICIPANTS - 1, 0 },
    { "Page_Up", ANONYMOUS + 8, 0 },
    { "KP_Home", ANONYMOUS + 8, 0 },
    { "KP_End", ANONYMOUS + 8, N_INDICATORS - 1 },
    { "KP_Up", ANONYMOUS + 7, N_INDICATORS - 1 },
  };

  isaf_vote_grid_set_scorecard (fixture->grid, fixture->scorecard);
  focus_grid (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    {
      g_test_message ("%s", moves[i].key);
      press_key (fixture, moves[i].key);
      assert_cursor (fixture, moves[i].participant, moves[i].indicator);
    }
  /* Moving changes nothing. */
  g_assert_cmpuint (fixture->changes->len, ==, 0);

  /* Tab past the last cell leaves the grid; Shift+Tab comes back to where the cursor was. */
  press_key (fixture, "ctrl+End");
  press_key (fixture, "Tab");
  g_assert_true (gtk_widget_has_focus (fixture->after_grid));
  press_key (fixture, "shift+Tab");
  assert_cursor (fixture, N_PARTICIPANTS - 1, N_INDICATORS - 1);
  /* A click puts the cursor where it lands, except on the anonymous participant's row. */
  press_key (fixture, "ctrl+Home");
  click_cell (fixture, 5, 2);
  ISAF_GUI_TEST_WAIT_FOR (isaf_vote_grid_get_cursor (fixture->grid, NULL, NULL)
                          && fixture->grid_cursor_moves > 0, TIMEOUT_SECONDS);
  assert_cursor (fixture, 5, column_indicator (2));
  click_cell (fixture, ANONYMOUS, 2);
  isaf_gui_test_iterate_for (200);
  assert_cursor (fixture, 5, column_indicator (2));
  g_assert_cmpuint (fixture->changes->len, ==, 0);
}

/* Delete, Backspace and 0 clear; 6–9 are refused; Khmer digits and the keypad score. */
static void
test_clear_and_khmer_digits (Fixture       *fixture,
                             gconstpointer  data)
{
  static const guint8 khmer_scores[] = { 3, 1, 5, 0, 2, 4 };
  const char *keys[G_N_ELEMENTS (khmer_scores)];
  guint participant = 2;

  /* The sheet already typed, to clear from. */
  for (guint voter = 0; voter < N_VOTERS; voter++)
    for (guint column = 0; column < N_SELECTED; column++)
      set_score (fixture, voter_participant (voter), column_indicator (column),
                 sheet_score (voter, column));
  isaf_vote_grid_set_scorecard (fixture->grid, fixture->scorecard);
  focus_grid (fixture);
  for (guint indicator = 0; indicator < 3; indicator++)
    g_assert_cmpuint (get_score (fixture, participant, indicator), !=, ISAF_NO_SCORE);

  g_assert_true (isaf_vote_grid_set_cursor (fixture->grid, participant, 0));
  press_key (fixture, "Delete");
  g_assert_cmpuint (get_score (fixture, participant, 0), ==, ISAF_NO_SCORE);
  assert_cursor (fixture, participant, 0);
  press_key (fixture, "Right");
  press_key (fixture, "BackSpace");
  g_assert_cmpuint (get_score (fixture, participant, 1), ==, ISAF_NO_SCORE);
  assert_cursor (fixture, participant, 1);
  press_key (fixture, "Right");
  press_key (fixture, "0");
  g_assert_cmpuint (get_score (fixture, participant, 2), ==, ISAF_NO_SCORE);
  assert_cursor (fixture, participant, 4);
  g_assert_cmpuint (fixture->changes->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (fixture->changes, 0), ==, "2/0");
  g_assert_cmpstr (g_ptr_array_index (fixture->changes, 1), ==, "2/1");
  g_assert_cmpstr (g_ptr_array_index (fixture->changes, 2), ==, "2/2");

  /* Off the scale: nothing changes, nothing moves. */
  press_key (fixture, "7");
  press_key (fixture, "9");
  g_assert_cmpuint (fixture->changes->len, ==, 3);
  assert_cursor (fixture, participant, 4);

  /* A row in Khmer digits, from its first cell; the row ends, the cursor goes on to the
   * next participant's first cell. */
  press_key (fixture, "Home");
  use_keyboard_layout ("kh");
  for (guint i = 0; i < G_N_ELEMENTS (khmer_scores); i++)
    keys[i] = khmer_digit_keys[khmer_scores[i]];
  press_keys (fixture, keys, G_N_ELEMENTS (keys));
  for (guint i = 0; i < G_N_ELEMENTS (khmer_scores); i++)
    g_assert_cmpuint (get_score (fixture, participant, column_indicator (i)), ==,
                      khmer_scores[i]);
  assert_cursor (fixture, participant, column_indicator (G_N_ELEMENTS (khmer_scores)));
  {
    static const char * const last_two[] = { "U17E4", "U17E1" };

    press_keys (fixture, last_two, G_N_ELEMENTS (last_two));
  }
  g_assert_cmpuint (get_score (fixture, participant, N_INDICATORS - 2), ==, 4);
  g_assert_cmpuint (get_score (fixture, participant, N_INDICATORS - 1), ==, 1);
  assert_cursor (fixture, participant + 1, 0);
  use_keyboard_layout ("us");

  /* The keypad's digits. */
  {
    static const char * const keypad[] = { "KP_5", "KP_2" };

    press_keys (fixture, keypad, G_N_ELEMENTS (keypad));
  }
  g_assert_cmpuint (get_score (fixture, participant + 1, 0), ==, 5);
  g_assert_cmpuint (get_score (fixture, participant + 1, 1), ==, 2);
  assert_cursor (fixture, participant + 1, 2);

  /* Nobody else's votes moved. */
  for (guint voter = 0; voter < N_VOTERS; voter++)
    for (guint column = 0; column < N_SELECTED; column++)
      {
        guint p = voter_participant (voter);

        if (p != participant && !(p == participant + 1 && column < 2))
          g_assert_cmpuint (get_score (fixture, p, column_indicator (column)), ==,
                            sheet_score (voter, column));
      }
}

/* A 60 × 10 sheet: how long the grid takes to appear, and to take 600 key presses. */
static void
test_large_sheet (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GTimer) timer = g_timer_new ();
  double shown_seconds, typed_seconds;

  isaf_vote_grid_set_scorecard (fixture->grid, fixture->scorecard);
  isaf_gui_test_wait_for_frame (GTK_WIDGET (fixture->window));
  shown_seconds = g_timer_elapsed (timer, NULL);
  g_test_message ("60 × 10 grid built and drawn in %.3f s", shown_seconds);

  focus_grid (fixture);
  for (guint participant = 0; participant < LARGE_PARTICIPANTS; participant++)
    for (guint indicator = 0; indicator < LARGE_INDICATORS; indicator++)
      g_ptr_array_add (keys, (gpointer) western_digit_keys[1 + (participant + indicator) % 5]);
  g_timer_start (timer);
  press_keys (fixture, (const char **) keys->pdata, keys->len);
  typed_seconds = g_timer_elapsed (timer, NULL);
  g_test_message ("%u key presses typed and taken in %.3f s (xdotool waits 4 ms between "
                  "keys)", keys->len, typed_seconds);

  for (guint participant = 0; participant < LARGE_PARTICIPANTS; participant++)
    for (guint indicator = 0; indicator < LARGE_INDICATORS; indicator++)
      g_assert_cmpuint (get_score (fixture, participant, indicator), ==,
                        1 + (participant + indicator) % 5);
  g_assert_cmpuint (fixture->changes->len, ==, LARGE_PARTICIPANTS * LARGE_INDICATORS);
  /* A slow grid shows a frame late and lets typed keys pile up. */
  g_assert_cmpfloat (shown_seconds, <, 2.0);
  g_assert_cmpfloat (typed_seconds, <, 20.0);
}

int
main (int   argc,
      char *argv[])
{
  isaf_gui_test_init (&argc, &argv);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  /* The application's style sheet (the grid's cursor), which AdwApplication would load. */
  {
    g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (provider, "/kh/gov/ncdd/IsafCommune/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (provider),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add ("/vote-grid/layout", Fixture, &typing_sheet, fixture_set_up, test_layout,
              fixture_tear_down);
  g_test_add ("/vote-grid/type-sheet", Fixture, &typing_sheet, fixture_set_up,
              test_type_sheet, fixture_tear_down);
  g_test_add ("/vote-grid/move", Fixture, &typing_sheet, fixture_set_up, test_move,
              fixture_tear_down);
  g_test_add ("/vote-grid/clear-and-khmer-digits", Fixture, &typing_sheet, fixture_set_up,
              test_clear_and_khmer_digits, fixture_tear_down);
  g_test_add ("/vote-grid/large-sheet", Fixture, &large_sheet, fixture_set_up,
              test_large_sheet, fixture_tear_down);

  return g_test_run ();
}
