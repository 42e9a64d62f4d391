/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <gdk/x11/gdkx.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "isaf-application.h"
#include "isaf-database.h"
#include "isaf-demo.h"
#include "isaf-format.h"
#include "isaf-gui-test-helpers.h"
#include "isaf-gui-util.h"
#include "isaf-interface-meeting.h"
#include "isaf-jaap.h"
#include "isaf-jaapc-meeting.h"
#include "isaf-presentation-window.h"
#include "isaf-score-comparison-chart.h"
#include "isaf-store.h"
#include "isaf-test-helpers.h"
#include "isaf-window.h"

/* Presentation mode on a real demo database of Banteay Neang, opened the way a clerk opens
 * it: F5 pressed in the real main window, under a real window manager (openbox) on a
 * 1024×768 screen, so that fullscreen is the one a projector gets. Every slide is walked
 * with real key presses (xdotool) from the first to the last and back; the slides must be
 * the opening one, the table's pages, one per action, the comparison charts and this month's
 * progress, as many as the core's data makes; the table must show each action's activity and
 * status exactly once; no label may be cut short at 1024×768 and the table's type must stay
 * at 24 pixels or more; Esc must close it and give the main window the keyboard back. A year
 * without a plan shows one slide that says so. With ISAF_SCREENSHOT_DIR set, every slide is
 * saved as presentation-<language>-NN.png. */

#define COMMUNE_CODE "010201"
#define YEAR 2025
#define TIMEOUT_SECONDS 30
#define SCREEN_WIDTH 1024
#define SCREEN_HEIGHT 768
/* The smallest type the table may use, in pixels. */
#define TABLE_MIN_FONT_PX 24.0

/* Registered once, as the real application is: its style sheet and actions are in place. */
static IsafApplication *application;
/* The window manager the tests run under, started by this program. */
static GSubprocess *window_manager;

typedef struct {
  char *dir;
  char *path;
  GSettings *settings;
  IsafWindow *window;
  IsafPresentationWindow *presentation;
  /* What the core says about YEAR, read before the window opens. */
  IsafJaap *jaap;
  GPtrArray *comparisons;
  GPtrArray *jaapc_meetings;
  char *today;
  /* Key presses (not modifiers) the presentation window's surface has received. */
  guint n_keys_seen;
} Fixture;

/* The window manager --------------------------------------------------------------------- */

static gboolean
window_manager_is_running (Display *display)
{
  Atom check = XInternAtom (display, "_NET_SUPPORTING_WM_CHECK", False);
  Atom type = None;
  int format = 0;
  unsigned long n_items = 0, bytes_after = 0;
  unsigned char *data = NULL;
  gboolean running;

  if (XGetWindowProperty (display, DefaultRootWindow (display), check, 0, 1, False, XA_WINDOW,
                          &type, &format, &n_items, &bytes_after, &data) != Success)
    return FALSE;
  running = type == XA_WINDOW && n_items == 1;
  if (data != NULL)
    XFree (data);
  return running;
}

/* openbox on the X server of the test, before GTK connects to it; it is running once it has
 * announced itself on the root window (EWMH's _NET_SUPPORTING_WM_CHECK). */
static void
start_window_manager (void)
{
  g_autoptr(GError) error = NULL;
  Display *display = XOpenDisplay (NULL);
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_SECONDS * G_USEC_PER_SEC;

  g_assert_nonnull (display);
  window_manager = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, "openbox",
                                     "--sm-disable", NULL);
  g_assert_no_error (error);
  while (!window_manager_is_running (display))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20000);
    }
  XCloseDisplay (display);
}

static void
stop_window_manager (void)
{
  g_subprocess_force_exit (window_manager);
  g_subprocess_wait (window_manager, NULL, NULL);
  g_clear_object (&window_manager);
}

/* The core's view of the year ----------------------------------------------------------- */

static void
read_core (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafDatabase) database = isaf_database_open (fixture->path,
                                                         ISAF_DATABASE_OPEN_EXISTING, &error);
  g_autoptr(IsafStore) store = NULL;
  g_autoptr(GPtrArray) meetings = NULL;
  g_autoptr(GArray) units = g_array_new (FALSE, FALSE, sizeof (IsafUuid));

  g_assert_no_error (error);
  store = isaf_store_new (database);
  fixture->jaap = isaf_jaap_load (store, YEAR, &error);
  g_assert_no_error (error);
  fixture->jaapc_meetings = isaf_jaapc_meeting_list (store, YEAR, &error);
  g_assert_no_error (error);
  meetings = isaf_interface_meeting_list (store, YEAR, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < meetings->len; i++)
    {
      IsafInterfaceMeeting *meeting = g_ptr_array_index (meetings, i);

      for (guint u = 0; u < meeting->units->len; u++)
        if (!isaf_gui_ids_contain (units, &g_array_index (meeting->units, IsafUuid, u)))
          g_array_append_val (units, g_array_index (meeting->units, IsafUuid, u));
    }
  fixture->comparisons = isaf_interface_compare (database, YEAR, units, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  isaf_database_close (database);

  /* A plan worth presenting: actions in both groups, sub-actions, comparisons, meetings. */
  g_assert_cmpuint (fixture->jaap->entries->len, >, 5);
  g_assert_cmpuint (fixture->comparisons->len, >, 0);
  g_assert_cmpuint (fixture->jaapc_meetings->len, >, 0);
}

/* Comparisons are shown two of one unit to a slide. */
static guint
count_chart_slides (GPtrArray *comparisons)
{
  guint n_slides = 0;

  for (guint i = 0; i < comparisons->len; n_slides++)
    {
      IsafInterfaceComparison *first = g_ptr_array_index (comparisons, i++);
      IsafInterfaceComparison *next = i < comparisons->len ? g_ptr_array_index (comparisons, i)
                                                           : NULL;

      if (next != NULL && isaf_uuid_equal (&next->unit_id, &first->unit_id))
        i++;
    }
  return n_slides;
}

/* Fixture ------------------------------------------------------------------------------- */

static IsafDigits
get_test_digits (void)
{
  return isaf_gui_test_is_khmer_run () ? ISAF_DIGITS_KHMER : ISAF_DIGITS_WESTERN;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  IsafDemoOptions options = { .commune_code = COMMUNE_CODE, .years = 1, .seed = 7,
                              .last_year = YEAR };
  g_autoptr(GError) error = NULL;

  fixture->dir = isaf_gui_test_make_dir ("isaf-presentation-XXXXXX");
  fixture->path = g_build_filename (fixture->dir, "commune.sqlite", NULL);
  {
    g_autoptr(IsafDatabase) database = isaf_database_open (fixture->path,
                                                           ISAF_DATABASE_OPEN_CREATE_NEW, &error);

    g_assert_no_error (error);
    g_assert_true (isaf_demo_generate (database, &options, &error));
    g_assert_no_error (error);
    isaf_database_close (database);
  }
  read_core (fixture);
  fixture->today = isaf_jaap_dup_today ();

  fixture->settings = g_settings_new (APP_ID);
  g_settings_set_int (fixture->settings, "window-width", SCREEN_WIDTH);
  g_settings_set_int (fixture->settings, "window-height", 700);
  g_settings_set_boolean (fixture->settings, "khmer-digits",
                          get_test_digits () == ISAF_DIGITS_KHMER);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    {
      g_object_ref (fixture->window);
      gtk_window_destroy (GTK_WINDOW (fixture->window));
      /* Let cancelled work report back to windows that are gone. */
      isaf_gui_test_iterate_for (100);
      g_assert_finalize_object (fixture->window);
    }
  g_assert_null (fixture->presentation);

  g_settings_reset (fixture->settings, "window-width");
  g_settings_reset (fixture->settings, "window-height");
  g_settings_reset (fixture->settings, "khmer-digits");
  g_assert_finalize_object (fixture->settings);
  g_clear_pointer (&fixture->jaap, isaf_jaap_free);
  g_clear_pointer (&fixture->comparisons, g_ptr_array_unref);
  g_clear_pointer (&fixture->jaapc_meetings, g_ptr_array_unref);
  g_free (fixture->today);
  /* The window's daily backup leaves a backups/ folder beside the database. */
  isaf_gui_test_remove_dir (fixture->dir);
  g_free (fixture->path);
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

static void
run_xdotool (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  g_ptr_array_add (argv, (gpointer) "xdotool");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_NONE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_wait_check_async (process, NULL, on_subprocess_done_cb, &done);
  ISAF_GUI_TEST_WAIT_FOR (done, TIMEOUT_SECONDS);
}

/* Presses and releases @key (xdotool's name) as a keyboard would, into the window that has
 * the input focus. */
static void
press_key (const char *key)
{
  const char * const args[] = { "key", key, NULL };

  run_xdotool (args);
}

static gboolean
on_presentation_key_pressed_cb (GtkEventControllerKey *controller,
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

/* Presses @key into the presentation and waits until its window has received and handled it. */
static void
press_presentation_key (Fixture    *fixture,
                        const char *key)
{
  guint expected = fixture->n_keys_seen + 1;

  press_key (key);
  ISAF_GUI_TEST_WAIT_FOR (fixture->n_keys_seen >= expected, TIMEOUT_SECONDS);
  g_assert_cmpuint (fixture->n_keys_seen, ==, expected);
  isaf_gui_test_iterate_pending ();
}

/* Opening and closing ------------------------------------------------------------------- */

static void
open_main_window (Fixture *fixture)
{
  fixture->window = isaf_window_new (GTK_APPLICATION (application), fixture->settings);
  isaf_window_open (fixture->window, fixture->path, FALSE);
  gtk_window_present (GTK_WINDOW (fixture->window));
  ISAF_GUI_TEST_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (fixture->window))
                          && !isaf_window_get_loading (fixture->window)
                          && gtk_window_is_active (GTK_WINDOW (fixture->window)),
                          TIMEOUT_SECONDS);
  isaf_gui_test_wait_for_frame (GTK_WIDGET (fixture->window));
}

static guint
count_presentation_windows (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ISAF_IS_PRESENTATION_WINDOW (toplevel))
        n++;
    }
  return n;
}

static gboolean
presentation_is_ready (IsafPresentationWindow *presentation)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (presentation));

  return gtk_widget_get_mapped (GTK_WIDGET (presentation))
         && !isaf_presentation_window_get_loading (presentation)
         && gtk_window_is_active (GTK_WINDOW (presentation))
         && (gdk_toplevel_get_state (GDK_TOPLEVEL (surface)) & GDK_TOPLEVEL_STATE_FULLSCREEN) != 0
         && gtk_widget_get_width (GTK_WIDGET (presentation)) == SCREEN_WIDTH
         && gtk_widget_get_height (GTK_WIDGET (presentation)) == SCREEN_HEIGHT;
}

/* F5 in the main window, as a clerk presses it. */
static void
press_f5 (Fixture *fixture)
{
  GtkEventController *keys;
  gint64 start = g_get_monotonic_time ();

  g_assert_null (isaf_gui_test_find_toplevel (ISAF_TYPE_PRESENTATION_WINDOW));
  press_key ("F5");
  ISAF_GUI_TEST_WAIT_FOR (isaf_gui_test_find_toplevel (ISAF_TYPE_PRESENTATION_WINDOW) != NULL,
                          TIMEOUT_SECONDS);
  fixture->presentation = isaf_gui_test_find_toplevel (ISAF_TYPE_PRESENTATION_WINDOW);
  g_object_add_weak_pointer (G_OBJECT (fixture->presentation),
                             (gpointer *) &fixture->presentation);
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) presentation_is_ready, fixture->presentation,
                            TIMEOUT_SECONDS);
  isaf_gui_test_wait_for_frame (GTK_WIDGET (fixture->presentation));
  g_test_message ("From F5 to every slide made and fitted at %d×%d: %.0f ms", SCREEN_WIDTH,
                  SCREEN_HEIGHT, (g_get_monotonic_time () - start) / 1000.0);

  g_assert_true (gtk_window_is_fullscreen (GTK_WINDOW (fixture->presentation)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (fixture->presentation))
                 == GTK_WINDOW (fixture->window));
  g_assert_cmpuint (count_presentation_windows (), ==, 1);
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_presentation_key_pressed_cb), fixture);
  gtk_widget_add_controller (GTK_WIDGET (fixture->presentation), keys);
}

/* Esc closes the presentation, and the main window has the keyboard again. */
static void
press_escape (Fixture *fixture)
{
  press_presentation_key (fixture, "Escape");
  ISAF_GUI_TEST_WAIT_FOR (fixture->presentation == NULL, TIMEOUT_SECONDS);
  g_assert_cmpuint (count_presentation_windows (), ==, 0);
  ISAF_GUI_TEST_WAIT_FOR (gtk_window_is_active (GTK_WINDOW (fixture->window)), TIMEOUT_SECONDS);
}

/* What is shown --------------------------------------------------------------------------- */

static char *
dup_label_text (GtkWidget *label)
{
  return isaf_gui_test_strip_zwsp (gtk_label_get_label (GTK_LABEL (label)));
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

static GtkWidget *
get_slide (Fixture *fixture,
           guint    index)
{
  return isaf_presentation_window_get_slide (fixture->presentation, index);
}

static gboolean
slide_is (Fixture    *fixture,
          guint       index,
          const char *kind)
{
  return gtk_widget_has_css_class (get_slide (fixture, index), kind);
}

static GtkLabel *
find_counter (Fixture *fixture)
{
  g_autoptr(GPtrArray) counters = find_with_class (fixture->presentation, GTK_TYPE_LABEL,
                                                   "isaf-presentation-counter");

  g_assert_cmpuint (counters->len, ==, 1);
  return g_ptr_array_index (counters, 0);
}

/* The pixel size of the type @widget is drawn in. */
static double
get_font_px (GtkWidget *widget)
{
  const PangoFontDescription *font =
    pango_context_get_font_description (gtk_widget_get_pango_context (widget));
  double size = pango_font_description_get_size (font) / (double) PANGO_SCALE;

  /* GTK gives CSS pixel sizes to Pango as absolute sizes; points are at 96 per inch. */
  return pango_font_description_get_size_is_absolute (font) ? size : size * 96.0 / 72.0;
}

/* Every label of @slide shows whole: no ellipsis, at least its minimum size for the width it
 * was given, and inside the screen. */
static void
assert_nothing_clipped (Fixture   *fixture,
                        GtkWidget *slide)
{
  g_autoptr(GPtrArray) labels = isaf_gui_test_find_widgets (slide, GTK_TYPE_LABEL);
  g_autoptr(GPtrArray) charts = isaf_gui_test_find_widgets (slide,
                                                            ISAF_TYPE_SCORE_COMPARISON_CHART);
  GtkWidget *area = gtk_widget_get_parent (slide);
  int minimum_height;

  /* The slide as a whole fits the room the window gives it. */
  gtk_widget_measure (slide, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (area),
                      &minimum_height, NULL, NULL, NULL);
  g_assert_cmpint (minimum_height, <=, gtk_widget_get_height (area));

  g_ptr_array_extend (labels, charts, NULL, NULL);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (labels, i);
      graphene_rect_t box, bounds;
      int width, height, minimum_width;

      if (!gtk_widget_get_mapped (widget))
        continue;
      /* What measuring counts: the border box (with CSS padding and border) and the margins
       * (the style sheet gives these widgets none of its own). */
      g_assert_true (gtk_widget_compute_bounds (widget, widget, &box));
      width = round (box.size.width) + gtk_widget_get_margin_start (widget)
              + gtk_widget_get_margin_end (widget);
      height = round (box.size.height) + gtk_widget_get_margin_top (widget)
               + gtk_widget_get_margin_bottom (widget);
      if (GTK_IS_LABEL (widget))
        {
          g_assert_cmpint (gtk_label_get_ellipsize (GTK_LABEL (widget)), ==, PANGO_ELLIPSIZE_NONE);
          g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget))));
        }
      gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum_width, NULL, NULL,
                          NULL);
      gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, width, &minimum_height, NULL, NULL,
                          NULL);
      if (width < minimum_width || height < minimum_height)
        g_error ("“%s” is %d×%d, less than its minimum %d×%d",
                 GTK_IS_LABEL (widget) ? gtk_label_get_label (GTK_LABEL (widget)) : "chart",
                 width, height, minimum_width, minimum_height);

      g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (fixture->presentation),
                                                &bounds));
      g_assert_cmpfloat (bounds.origin.x, >=, 0);
      g_assert_cmpfloat (bounds.origin.y, >=, 0);
      g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, SCREEN_WIDTH);
      g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, SCREEN_HEIGHT);
    }
}

/* The slide shown is @index, with its number in the corner; with ISAF_SCREENSHOT_DIR set, it
 * is saved. */
static void
assert_showing (Fixture *fixture,
                guint    index)
{
  IsafDigits digits = get_test_digits ();
  guint n_slides = isaf_presentation_window_get_n_slides (fixture->presentation);
  g_autofree char *number = isaf_format_integer (index + 1, digits);
  g_autofree char *total = isaf_format_integer (n_slides, digits);
  g_autofree char *counter = g_strdup_printf ("%s / %s", number, total);
  GtkWidget *slide = get_slide (fixture, index);

  g_assert_cmpuint (isaf_presentation_window_get_current (fixture->presentation), ==, index);
  /* The one slide on the screen. */
  for (GtkWidget *child = gtk_widget_get_first_child (gtk_widget_get_parent (slide));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    g_assert_true (gtk_widget_get_child_visible (child) == (child == slide));
  g_assert_cmpstr (gtk_label_get_label (find_counter (fixture)), ==, counter);
}

static void
save_slide (Fixture *fixture,
            guint    index)
{
  g_autofree char *file = g_strdup_printf ("presentation-%s-%02u.png",
                                           isaf_gui_test_is_khmer_run () ? "km" : "en", index + 1);

  isaf_gui_test_save_screenshot_in_dir (GTK_WIDGET (fixture->presentation), file);
}

/* The table's pages show every action of the plan once, in the plan's order: its activity, its
 * status in words, "Overdue" when the core says so; in type of 24 pixels or more. */
static void
assert_table (Fixture *fixture,
              guint    first_page,
              guint    n_pages)
{
  g_autoptr(GPtrArray) activities = g_ptr_array_new ();
  g_autoptr(GPtrArray) statuses = g_ptr_array_new ();
  guint n_overdue_shown = 0;
  guint n_overdue = 0;

  for (guint page = first_page; page < first_page + n_pages; page++)
    {
      GtkWidget *slide = get_slide (fixture, page);
      g_autoptr(GPtrArray) page_activities = find_with_class (slide, GTK_TYPE_LABEL,
                                                              "isaf-presentation-activity");
      g_autoptr(GPtrArray) page_statuses = find_with_class (slide, GTK_TYPE_LABEL,
                                                            "isaf-presentation-status-word");
      g_autoptr(GPtrArray) overdue = find_with_class (slide, GTK_TYPE_LABEL,
                                                      "isaf-presentation-overdue-word");
      g_autoptr(GPtrArray) cells = find_with_class (slide, GTK_TYPE_WIDGET,
                                                    "isaf-presentation-cell");

      /* Pages are worth turning: more than one row on each but the last. */
      g_assert_cmpuint (page_activities->len, >=, page + 1 < first_page + n_pages ? 2 : 1);
      g_ptr_array_extend (activities, page_activities, NULL, NULL);
      g_ptr_array_extend (statuses, page_statuses, NULL, NULL);
      n_overdue_shown += overdue->len;

      for (guint i = 0; i < cells->len; i++)
        {
          g_autoptr(GPtrArray) labels = isaf_gui_test_find_widgets (g_ptr_array_index (cells, i),
                                                                    GTK_TYPE_LABEL);

          for (guint k = 0; k < labels->len; k++)
            g_assert_cmpfloat (get_font_px (g_ptr_array_index (labels, k)), >=,
                               TABLE_MIN_FONT_PX);
        }
    }

  g_assert_cmpuint (activities->len, ==, fixture->jaap->entries->len);
  g_assert_cmpuint (statuses->len, ==, fixture->jaap->entries->len);
  for (guint i = 0; i < fixture->jaap->entries->len; i++)
    {
      IsafJaapEntry *entry = g_ptr_array_index (fixture->jaap->entries, i);
      g_autofree char *activity = dup_label_text (g_ptr_array_index (activities, i));
      g_autofree char *status = dup_label_text (g_ptr_array_index (statuses, i));

      g_assert_cmpstr (activity, ==, isaf_record_get_text (entry->action, "activity"));
      g_assert_cmpstr (status, ==, isaf_jaap_status_get_label (isaf_jaap_entry_get_status (entry)));
      if (isaf_jaap_entry_is_overdue (entry, fixture->today))
        n_overdue++;
    }
  g_assert_cmpuint (n_overdue_shown, ==, n_overdue);
}

/* The charts draw the core's medians, in the core's order. */
static void
assert_charts (Fixture *fixture,
               guint    first_slide,
               guint    n_slides)
{
  g_autoptr(GPtrArray) charts = g_ptr_array_new ();

  for (guint i = first_slide; i < first_slide + n_slides; i++)
    {
      g_autoptr(GPtrArray) slide_charts =
        isaf_gui_test_find_widgets (get_slide (fixture, i), ISAF_TYPE_SCORE_COMPARISON_CHART);

      g_assert_cmpuint (slide_charts->len, >=, 1);
      g_assert_cmpuint (slide_charts->len, <=, 2);
      g_ptr_array_extend (charts, slide_charts, NULL, NULL);
    }
  g_assert_cmpuint (charts->len, ==, fixture->comparisons->len);
  for (guint i = 0; i < charts->len; i++)
    {
      IsafScoreComparisonChart *chart = g_ptr_array_index (charts, i);
      IsafInterfaceComparison *comparison = g_ptr_array_index (fixture->comparisons, i);
      double median;

      g_assert_cmpint (isaf_score_comparison_chart_get_citizen_median (chart, &median), ==,
                       comparison->has_citizen_median);
      if (comparison->has_citizen_median)
        g_assert_cmpfloat (median, ==, comparison->citizen_median);
      g_assert_cmpint (isaf_score_comparison_chart_get_provider_median (chart, &median), ==,
                       comparison->has_provider_median);
      if (comparison->has_provider_median)
        g_assert_cmpfloat (median, ==, comparison->provider_median);
    }
}

/* This month's progress is the latest meeting's: it names its date and counts its progress by
 * status. */
static void
assert_summary (Fixture   *fixture,
                GtkWidget *slide)
{
  IsafJaapcMeeting *latest = g_ptr_array_index (fixture->jaapc_meetings,
                                                fixture->jaapc_meetings->len - 1);
  g_autoptr(GPtrArray) labels = isaf_gui_test_find_widgets (slide, GTK_TYPE_LABEL);
  g_autoptr(GPtrArray) figures = find_with_class (slide, GTK_TYPE_LABEL,
                                                  "isaf-presentation-figure");
  guint counts[ISAF_N_JAAP_STATUSES] = { 0 };
  int year, month, day;
  g_autofree char *date = NULL;
  gboolean date_shown = FALSE;

  g_assert_true (isaf_parse_iso_date (isaf_record_get_text (latest->record, "held_on"), &year,
                                      &month, &day));
  date = isaf_format_date (year, month, day, get_test_digits (), isaf_gui_is_khmer_interface ());
  for (guint i = 0; i < labels->len; i++)
    {
      g_autofree char *text = dup_label_text (g_ptr_array_index (labels, i));

      date_shown = date_shown || strstr (text, date) != NULL;
    }
  g_assert_true (date_shown);

  /* The actions where the work is, as the overview counts them: not the headings. */
  for (guint i = 0; i < latest->progress->len; i++)
    {
      IsafRecord *progress = g_ptr_array_index (latest->progress, i);
      IsafJaapEntry *entry = isaf_jaap_find (fixture->jaap,
                                             isaf_record_get_reference (progress, "action_id"));

      g_assert_nonnull (entry);
      if (entry->n_children == 0)
        counts[isaf_jaap_status_from_string (isaf_record_get_text (progress, "status"))]++;
    }
  g_assert_cmpuint (figures->len, ==, ISAF_N_JAAP_STATUSES);
  for (guint i = 0; i < ISAF_N_JAAP_STATUSES; i++)
    {
      g_autofree char *expected = isaf_format_integer (counts[i], get_test_digits ());

      g_assert_cmpstr (gtk_label_get_label (g_ptr_array_index (figures, i)), ==, expected);
    }
}

/* Tests ----------------------------------------------------------------------------------- */

static void
test_presentation_walk (Fixture       *fixture,
                        gconstpointer  data)
{
  static const char * const next_keys[] = { "Right", "Next", "space", "Down" };
  static const char * const previous_keys[] = { "Left", "Prior", "BackSpace", "Up" };
  guint n_entries, n_chart_slides, n_slides, n_table_pages = 0;

  open_main_window (fixture);
  press_f5 (fixture);

  /* The opening slide, the table's pages, the actions, the charts, the progress. */
  n_entries = fixture->jaap->entries->len;
  n_chart_slides = count_chart_slides (fixture->comparisons);
  n_slides = isaf_presentation_window_get_n_slides (fixture->presentation);
  while (1 + n_table_pages < n_slides && slide_is (fixture, 1 + n_table_pages,
                                                   "isaf-presentation-table"))
    n_table_pages++;
  g_test_message ("%u actions on %u table pages, %u chart slides: %u slides", n_entries,
                  n_table_pages, n_chart_slides, n_slides);
  g_assert_cmpuint (n_table_pages, >=, 2);
  g_assert_cmpuint (n_slides, ==, 1 + n_table_pages + n_entries + n_chart_slides + 1);
  g_assert_true (slide_is (fixture, 0, "isaf-presentation-opening"));
  for (guint i = 0; i < n_entries; i++)
    g_assert_true (slide_is (fixture, 1 + n_table_pages + i, "isaf-presentation-action"));
  for (guint i = 0; i < n_chart_slides; i++)
    g_assert_true (slide_is (fixture, 1 + n_table_pages + n_entries + i,
                             "isaf-presentation-charts"));
  g_assert_true (slide_is (fixture, n_slides - 1, "isaf-presentation-summary"));
  assert_table (fixture, 1, n_table_pages);
  assert_charts (fixture, 1 + n_table_pages + n_entries, n_chart_slides);
  assert_summary (fixture, get_slide (fixture, n_slides - 1));

  /* Forwards to the end, by every key that moves on. */
  assert_showing (fixture, 0);
  assert_nothing_clipped (fixture, get_slide (fixture, 0));
  save_slide (fixture, 0);
  for (guint i = 1; i < n_slides; i++)
    {
      press_presentation_key (fixture, next_keys[i % G_N_ELEMENTS (next_keys)]);
      isaf_gui_test_wait_for_frame (GTK_WIDGET (fixture->presentation));
      assert_showing (fixture, i);
      save_slide (fixture, i);
      assert_nothing_clipped (fixture, get_slide (fixture, i));
    }
  press_presentation_key (fixture, "Right");
  assert_showing (fixture, n_slides - 1);

  /* Home and End, then back to the start by every key that goes back. */
  press_presentation_key (fixture, "Home");
  assert_showing (fixture, 0);
  press_presentation_key (fixture, "End");
  assert_showing (fixture, n_slides - 1);
  for (guint i = n_slides - 1; i > 0; i--)
    {
      press_presentation_key (fixture, previous_keys[i % G_N_ELEMENTS (previous_keys)]);
      assert_showing (fixture, i - 1);
    }
  press_presentation_key (fixture, "Left");
  assert_showing (fixture, 0);

  /* F5 inside starts again from the first slide and opens nothing more. */
  press_presentation_key (fixture, "End");
  press_presentation_key (fixture, "F5");
  assert_showing (fixture, 0);
  g_assert_cmpuint (count_presentation_windows (), ==, 1);

  press_escape (fixture);
}

/* A year without a plan: one slide that says so and what to do. */
static void
test_presentation_no_plan (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkWidget *slide;

  open_main_window (fixture);
  isaf_context_set_year (isaf_window_get_context (fixture->window), YEAR + 1);
  press_f5 (fixture);

  g_assert_cmpuint (isaf_presentation_window_get_n_slides (fixture->presentation), ==, 1);
  slide = get_slide (fixture, 0);
  g_assert_true (gtk_widget_has_css_class (slide, "isaf-presentation-message"));
  assert_showing (fixture, 0);
  assert_nothing_clipped (fixture, slide);
  isaf_gui_test_save_screenshot_in_dir (GTK_WIDGET (fixture->presentation),
                                        isaf_gui_test_is_khmer_run ()
                                        ? "presentation-km-no-plan.png"
                                        : "presentation-en-no-plan.png");
  press_presentation_key (fixture, "Right");
  assert_showing (fixture, 0);

  press_escape (fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int result;

  g_unsetenv ("ISAF_COMMUNE_DB");
  if (g_getenv ("ISAF_SCREENSHOT_DIR") != NULL && g_getenv ("ISAF_SCREENSHOT_DIR")[0] != '\0')
    g_assert_cmpint (g_mkdir_with_parents (g_getenv ("ISAF_SCREENSHOT_DIR"), 0755), ==, 0);
  start_window_manager ();
  isaf_gui_test_init (&argc, &argv);

  application = isaf_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);

  g_test_add ("/presentation/walk", Fixture, NULL, fixture_set_up, test_presentation_walk,
              fixture_tear_down);
  g_test_add ("/presentation/no-plan", Fixture, NULL, fixture_set_up, test_presentation_no_plan,
              fixture_tear_down);

  result = g_test_run ();
  g_object_unref (application);
  stop_window_manager ();
  return result;
}
