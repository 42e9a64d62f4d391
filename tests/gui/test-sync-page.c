/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "isaf-context.h"
#include "isaf-database.h"
#include "isaf-demo.h"
#include "isaf-format.h"
#include "isaf-gui-test-helpers.h"
#include "isaf-store.h"
#include "isaf-sync-credentials.h"
#include "isaf-sync-export-action.h"
#include "isaf-sync-export.h"
#include "isaf-sync-indicator.h"
#include "isaf-sync-local.h"
#include "isaf-sync-page.h"
#include "isaf-test-helpers.h"

/* The Sync page and the header's indicator on a real demo database of Banteay Neang, with no
 * server anywhere: a fresh database shows the enrolment form and "Not enrolled"; enrolling
 * against a port where nothing listens shows the client's translated sentence in the page and
 * enrols nothing. A database enrolled with a server that cannot be reached is offline, and
 * lists the conflicts and refused changes written into it: "Keep" and "Dismiss" take them off
 * the list, "Use the Other Value" puts the losing value back through the store, as an edit
 * that goes into the outbox. Once edits wait to be sent, "Export Unsynced Changes…" is
 * there, enrolled or not, and saves them through the file chooser. */

#define COMMUNE_CODE "010201"
#define TIMEOUT_SECONDS 20
/* 1024 pixels less the window's 230-pixel sidebar; 768 less a header bar. */
#define PAGE_WIDTH 794
#define PAGE_HEIGHT 700
/* This laptop's node, and another laptop's. */
#define OWN_NODE 7
#define OTHER_NODE 42
#define OTHER_AMOUNT 3250000
#define OTHER_SPENT 125000

typedef struct {
  gboolean enrolled;
} Setup;

typedef struct {
  char *dir;
  char *path;
  char *server_url;
  IsafDatabase *database;
  GSettings *settings;
  IsafContext *context;
  IsafSyncScheduler *scheduler;
  GtkWindow *window;
  IsafSyncPage *page;
  GtkWidget *indicator;
  /* The budget lines the conflicts are about, and the conflicts' ids. */
  IsafUuid lines[2];
  IsafUuid conflicts[2];
  guint n_changed;
  GPtrArray *changed_tables;
  GPtrArray *toasts;
} Fixture;

static const Setup fresh = { FALSE };
static const Setup enrolled = { TRUE };

static void
on_scheduler_changed_cb (Fixture *fixture)
{
  fixture->n_changed++;
}

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

/* A loopback address where nothing listens: a port just bound, then let go. */
static char *
dup_unreachable_url (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, &error);

  g_assert_no_error (error);
  g_socket_listener_close (listener);
  return g_strdup_printf ("http://127.0.0.1:%u", port);
}

/* Data ---------------------------------------------------------------------------------- */

/* What a successful enrolment leaves: the device in the database, its secret beside it. */
static void
enrol_without_server (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = isaf_sync_credentials_new_secret ();
  IsafSyncDevice device = { 0 };

  device.server_url = g_strdup (fixture->server_url);
  device.node_id = OWN_NODE;
  device.commune_id = g_strdup (COMMUNE_CODE);
  isaf_uuid_v7 (&device.device_id);
  g_assert_true (isaf_sync_local_set_device (fixture->database, &device, &error));
  g_assert_no_error (error);
  isaf_sync_device_clear (&device);
  g_assert_true (isaf_sync_credentials_store (fixture->path, secret, &error));
  g_assert_no_error (error);
}

typedef struct {
  const IsafUuid *id;
  const IsafUuid *row_id;
  const char *field;
  gint64 winning_value;
  gint64 losing_value;
} ConflictRow;

/* An hour ago on another laptop, two hours ago here: the other laptop's value won. */
static gboolean
insert_conflict_job (IsafDatabase *database,
                     gpointer      data,
                     GError      **error)
{
  const ConflictRow *conflict = data;
  gint64 now_ms = g_get_real_time () / 1000;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *logged_at = g_date_time_format_iso8601 (now);
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "INSERT INTO sync_conflict (id, tbl, row_id, "
                                              "field, winning_value, winning_hlc, winning_node, "
                                              "losing_value, losing_hlc, losing_node, reason, "
                                              "logged_at) VALUES (?, 'awpb_line', ?, ?, ?, ?, "
                                              "?, ?, ?, ?, 'concurrent_edit', ?)",
                                              error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, conflict->id->bytes, 16, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, conflict->row_id->bytes, 16, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, conflict->field, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, conflict->winning_value);
  sqlite3_bind_int64 (stmt, 5, (now_ms - 3600 * 1000) << 16);
  sqlite3_bind_int64 (stmt, 6, OTHER_NODE);
  sqlite3_bind_int64 (stmt, 7, conflict->losing_value);
  sqlite3_bind_int64 (stmt, 8, (now_ms - 2 * 3600 * 1000) << 16);
  sqlite3_bind_int64 (stmt, 9, OWN_NODE);
  sqlite3_bind_text (stmt, 10, logged_at, -1, SQLITE_STATIC);
  return isaf_database_step_done (database, stmt, error);
}

static gboolean
insert_reject_job (IsafDatabase *database,
                   gpointer      data,
                   GError      **error)
{
  const IsafUuid *row_id = data;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *rejected_at = g_date_time_format_iso8601 (now);
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "INSERT INTO sync_reject (tbl, row_id, field, "
                                              "value, reason, rejected_at) VALUES ('awpb_line', "
                                              "?, 'quarter', 5, 'Quarter must be between 1 and "
                                              "4.', ?)",
                                              error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, row_id->bytes, 16, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, rejected_at, -1, SQLITE_STATIC);
  return isaf_database_step_done (database, stmt, error);
}

/* Two conflicts on two budget lines (the amount of one, the amount spent of the other) and a
 * refused quarter, written the way a pull and an acknowledgement write them. */
static void
insert_conflicts_and_reject (Fixture *fixture)
{
  g_autoptr(IsafStore) store = isaf_store_new (fixture->database);
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GError) error = NULL;
  ConflictRow conflicts[2];

  lines = isaf_store_list (store, "awpb_line", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lines->len, >=, 2);
  for (guint i = 0; i < 2; i++)
    {
      fixture->lines[i] = *isaf_record_get_id (g_ptr_array_index (lines, i));
      isaf_uuid_v7 (&fixture->conflicts[i]);
    }

  conflicts[0] = (ConflictRow) {
    &fixture->conflicts[0], &fixture->lines[0], "amount_riel",
    isaf_record_get_integer (g_ptr_array_index (lines, 0), "amount_riel"), OTHER_AMOUNT
  };
  conflicts[1] = (ConflictRow) {
    &fixture->conflicts[1], &fixture->lines[1], "spent_riel",
    isaf_record_get_integer (g_ptr_array_index (lines, 1), "spent_riel"), OTHER_SPENT
  };
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (isaf_database_run (fixture->database, ISAF_DATABASE_WRITE_UNCAPTURED,
                                        insert_conflict_job, &conflicts[i], &error));
      g_assert_no_error (error);
    }
  g_assert_true (isaf_database_run (fixture->database, ISAF_DATABASE_WRITE_UNCAPTURED,
                                    insert_reject_job, &fixture->lines[0], &error));
  g_assert_no_error (error);
}

/* Fixture ------------------------------------------------------------------------------- */

static gboolean
page_is_ready (Fixture *fixture)
{
  return gtk_widget_get_mapped (GTK_WIDGET (fixture->page))
         && !isaf_sync_page_get_loading (fixture->page);
}

static void
wait_until_ready (Fixture *fixture)
{
  isaf_gui_test_iterate_pending ();
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) page_is_ready, fixture, TIMEOUT_SECONDS);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const Setup *setup = data;
  IsafDemoOptions options = { .commune_code = COMMUNE_CODE, .years = 2, .seed = 5,
                              .last_year = 2025 };
  g_autoptr(GError) error = NULL;
  GtkWidget *header;

  fixture->dir = isaf_gui_test_make_dir ("isaf-sync-page-XXXXXX");
  fixture->path = g_build_filename (fixture->dir, "commune.sqlite", NULL);
  fixture->server_url = dup_unreachable_url ();
  fixture->database = isaf_database_open (fixture->path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  g_assert_no_error (error);
  g_assert_true (isaf_demo_generate (fixture->database, &options, &error));
  g_assert_no_error (error);
  if (setup->enrolled)
    {
      enrol_without_server (fixture);
      insert_conflicts_and_reject (fixture);
    }

  fixture->settings = g_settings_new (APP_ID);
  if (isaf_gui_test_is_khmer_run ())
    g_settings_set_boolean (fixture->settings, "khmer-digits", TRUE);
  fixture->context = isaf_context_new (fixture->database, fixture->settings);
  fixture->changed_tables = g_ptr_array_new_with_free_func (g_free);
  fixture->toasts = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect_swapped (fixture->context, "data-changed", G_CALLBACK (on_data_changed_cb),
                            fixture);
  g_signal_connect_swapped (fixture->context, "toast", G_CALLBACK (on_toast_cb), fixture);
  fixture->scheduler = isaf_context_get_sync_scheduler (fixture->context);
  g_object_add_weak_pointer (G_OBJECT (fixture->scheduler), (gpointer *) &fixture->scheduler);
  g_signal_connect_swapped (fixture->scheduler, "changed", G_CALLBACK (on_scheduler_changed_cb),
                            fixture);

  /* The indicator where the window puts it: at the end of the header bar. */
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, PAGE_WIDTH, PAGE_HEIGHT);
  header = adw_header_bar_new ();
  fixture->indicator = isaf_sync_indicator_new (fixture->context);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), fixture->indicator);
  gtk_window_set_titlebar (fixture->window, header);
  fixture->page = ISAF_SYNC_PAGE (isaf_sync_page_new (fixture->context));
  g_assert_true (isaf_sync_page_get_loading (fixture->page));
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  gtk_window_present (fixture->window);

  /* The scheduler has read whether the laptop is enrolled; an enrolled one has tried the
   * server, and failed. */
  ISAF_GUI_TEST_WAIT_FOR (fixture->n_changed > 0
                          && (!setup->enrolled
                              || isaf_sync_scheduler_get_state (fixture->scheduler)
                                   == ISAF_SYNC_STATE_OFFLINE),
                          TIMEOUT_SECONDS);
  wait_until_ready (fixture);
  isaf_gui_test_wait_for_frame (GTK_WIDGET (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_object_add_weak_pointer (G_OBJECT (fixture->page), (gpointer *) &fixture->page);
  gtk_window_destroy (fixture->window);
  /* Let cancelled work report back to a page that is gone. */
  isaf_gui_test_iterate_for (100);
  g_assert_null (fixture->page);

  g_ptr_array_unref (fixture->toasts);
  g_ptr_array_unref (fixture->changed_tables);
  g_signal_handlers_disconnect_by_data (fixture->scheduler, fixture);
  g_signal_handlers_disconnect_by_data (fixture->context, fixture);
  g_assert_finalize_object (fixture->context);
  /* The context stopped the scheduler; a run or read on its way lets go of it. */
  ISAF_GUI_TEST_WAIT_FOR (fixture->scheduler == NULL, TIMEOUT_SECONDS);
  g_settings_reset (fixture->settings, "khmer-digits");
  g_assert_finalize_object (fixture->settings);
  isaf_database_close (fixture->database);
  g_assert_finalize_object (fixture->database);
  isaf_gui_test_remove_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->server_url);
}

/* Widgets ------------------------------------------------------------------------------- */

static gpointer
get_page_child (Fixture    *fixture,
                const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (fixture->page), ISAF_TYPE_SYNC_PAGE, name);
}

static const char *
get_view (Fixture *fixture)
{
  return gtk_stack_get_visible_child_name (get_page_child (fixture, "stack"));
}

/* What a label says, without the word breaks added for wrapping. */
static char *
dup_label_text (gpointer label)
{
  return isaf_gui_test_strip_zwsp (gtk_label_get_label (GTK_LABEL (label)));
}

static GtkWidget *
find_enrol_button (Fixture *fixture)
{
  return isaf_gui_test_find_button (fixture->page, "sync.enrol");
}

static const char *
get_indicator_label (Fixture *fixture)
{
  return gtk_label_get_label (GTK_LABEL (gtk_widget_get_template_child (
    fixture->indicator, ISAF_TYPE_SYNC_INDICATOR, "label")));
}

static void
save_screenshot (Fixture    *fixture,
                 const char *name)
{
  g_autofree char *file = g_strdup_printf ("sync-%s%s.png",
                                           isaf_gui_test_is_khmer_run () ? "km-" : "", name);

  isaf_gui_test_save_screenshot_in_dir (GTK_WIDGET (fixture->window), file);
}

/* The rows of a list ("conflicts_group" or "rejects_group"). */
static GPtrArray *
find_rows (Fixture    *fixture,
           const char *group)
{
  return isaf_gui_test_find_widgets (get_page_child (fixture, group), ADW_TYPE_PREFERENCES_ROW);
}

/* The button labelled @label in the row whose field is @field (rows are titled "field, table
 * · record", in the translation's own words). */
static GtkWidget *
find_row_button (Fixture    *fixture,
                 const char *group,
                 const char *field,
                 const char *label)
{
  g_autoptr(GPtrArray) rows = find_rows (fixture, group);

  for (guint i = 0; i < rows->len; i++)
    {
      const char *title = adw_preferences_row_get_title (g_ptr_array_index (rows, i));
      g_autofree char *prefix = g_strdup_printf (C_("field of record", "%s, %s"), field, "");
      g_autoptr(GPtrArray) buttons = NULL;

      if (!g_str_has_prefix (title, prefix))
        continue;
      buttons = isaf_gui_test_find_widgets (g_ptr_array_index (rows, i), GTK_TYPE_BUTTON);
      for (guint j = 0; j < buttons->len; j++)
        if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, j)), label) == 0)
          return g_ptr_array_index (buttons, j);
    }
  g_error ("No “%s” button for %s", label, field);
}

static gboolean
list_has (Fixture    *fixture,
          const char *group,
          guint       n_rows)
{
  g_autoptr(GPtrArray) rows = find_rows (fixture, group);

  return !isaf_sync_page_get_loading (fixture->page) && rows->len == n_rows;
}

static void
wait_for_rows (Fixture    *fixture,
               const char *group,
               guint       n_rows)
{
  isaf_gui_test_iterate_pending ();
  ISAF_GUI_TEST_WAIT_FOR (list_has (fixture, group, n_rows), TIMEOUT_SECONDS);
}

static gboolean
read_reviewed_job (IsafDatabase *database,
                   gpointer      data,
                   GError      **error)
{
  gpointer *io = data;
  sqlite3_stmt *stmt = isaf_database_prepare (database,
                                              "SELECT reviewed FROM sync_conflict WHERE id = ?",
                                              error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, ((IsafUuid *) io[0])->bytes, 16, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  *(gint64 *) io[1] = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

/* Whether the database says the conflict about budget line @index was reviewed. */
static gboolean
conflict_reviewed (Fixture *fixture,
                   guint    index)
{
  g_autoptr(GError) error = NULL;
  gint64 reviewed = -1;
  gpointer io[] = { &fixture->conflicts[index], &reviewed };

  g_assert_true (isaf_database_run (fixture->database, ISAF_DATABASE_READ, read_reviewed_job, io,
                                    &error));
  g_assert_no_error (error);
  g_assert_true (reviewed == 0 || reviewed == 1);
  return reviewed == 1;
}

/* Scrolls the page so that @widget is near the top of what it shows. */
static void
scroll_to (Fixture   *fixture,
           GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;

  g_assert_nonnull (scrolled);
  isaf_gui_test_wait_for_frame (GTK_WIDGET (fixture->window));
  g_assert_true (gtk_widget_compute_bounds (widget,
                                            gtk_scrolled_window_get_child (
                                              GTK_SCROLLED_WINDOW (scrolled)),
                                            &bounds));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)),
                            bounds.origin.y - 24);
}

/* Tests --------------------------------------------------------------------------------- */

/* A fresh database: the form, the header's "Not enrolled", Enrol once there is something to
 * enrol with. */
static void
test_not_enrolled (Fixture       *fixture,
                   gconstpointer  data)
{
  AdwEntryRow *server_row = get_page_child (fixture, "server_row");
  AdwEntryRow *code_row = get_page_child (fixture, "code_row");
  GtkWidget *enrol = find_enrol_button (fixture);
  const char *tooltip;

  g_assert_cmpint (isaf_sync_scheduler_get_state (fixture->scheduler), ==,
                   ISAF_SYNC_STATE_NOT_ENROLLED);
  g_assert_cmpstr (get_view (fixture), ==, "enrol");
  g_assert_cmpstr (get_indicator_label (fixture), ==, _("Not enrolled"));
  tooltip = gtk_widget_get_tooltip_text (fixture->indicator);
  g_assert_cmpstr (tooltip, ==, _("This laptop does not sync yet. Open the Sync page to enrol "
                                  "it."));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (fixture->indicator)), ==,
                   "win.show-page");
  g_assert_cmpstr (g_variant_get_string (gtk_actionable_get_action_target_value (
                     GTK_ACTIONABLE (fixture->indicator)), NULL), ==, "sync");

  g_assert_false (gtk_widget_get_sensitive (enrol));
  gtk_editable_set_text (GTK_EDITABLE (server_row), fixture->server_url);
  g_assert_false (gtk_widget_get_sensitive (enrol));
  gtk_editable_set_text (GTK_EDITABLE (code_row), "  ");
  g_assert_false (gtk_widget_get_sensitive (enrol));
  gtk_editable_set_text (GTK_EDITABLE (code_row), "K7Q2-9XPM");
  g_assert_true (gtk_widget_get_sensitive (enrol));
  save_screenshot (fixture, "enrol");
}

static gboolean
enrol_error_shown (Fixture *fixture)
{
  return gtk_widget_get_visible (get_page_child (fixture, "enrol_error_label"));
}

/* Nothing listens at the address: the client's sentence, translated, in the page; nothing
 * enrolled, and the form stays to try again. */
static void
test_enrol_unreachable (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *expected = NULL;
  g_autofree char *shown = NULL;
  g_autoptr(GError) error = NULL;
  IsafSyncDevice device = { 0 };

  gtk_editable_set_text (GTK_EDITABLE (get_page_child (fixture, "server_row")),
                         fixture->server_url);
  gtk_editable_set_text (GTK_EDITABLE (get_page_child (fixture, "code_row")), "K7Q2-9XPM");
  gtk_editable_set_text (GTK_EDITABLE (get_page_child (fixture, "description_row")),
                         "កុំព្យូទ័រយួរដៃរបស់លេខាធិការឃុំ");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "sync.enrol", NULL));
  /* While it runs, the form cannot be sent twice. */
  g_assert_false (gtk_widget_get_sensitive (find_enrol_button (fixture)));
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) enrol_error_shown, fixture, TIMEOUT_SECONDS);

  expected = g_strdup_printf (_("The sync server %s cannot be reached. Check the internet "
                                "connection; sync will try again later."),
                              fixture->server_url);
  shown = dup_label_text (get_page_child (fixture, "enrol_error_label"));
  g_assert_cmpstr (shown, ==, expected);
  /* In Khmer, in Khmer. */
  if (isaf_gui_test_is_khmer_run ())
    g_assert_null (strstr (shown, "cannot be reached"));

  g_assert_false (isaf_sync_local_get_device (fixture->database, &device, &error));
  g_assert_error (error, ISAF_SYNC_ERROR, ISAF_SYNC_ERROR_NOT_ENROLLED);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM sync_state "
                                        "WHERE key = 'device_id'"), ==, 0);
  g_assert_cmpint (isaf_sync_scheduler_get_state (fixture->scheduler), ==,
                   ISAF_SYNC_STATE_NOT_ENROLLED);
  g_assert_cmpstr (get_view (fixture), ==, "enrol");
  g_assert_cmpstr (get_indicator_label (fixture), ==, _("Not enrolled"));
  g_assert_true (gtk_widget_get_sensitive (find_enrol_button (fixture)));
  g_assert_cmpuint (fixture->toasts->len, ==, 0);
  save_screenshot (fixture, "enrol-unreachable");
}

/* Offline, with what the commune has to review. */
static void
test_lists (Fixture       *fixture,
            gconstpointer  data)
{
  const GError *error = isaf_sync_scheduler_get_error (fixture->scheduler);
  g_autofree char *problem = NULL;
  g_autofree char *conflicts = isaf_context_format_integer (fixture->context, 2);
  g_autofree char *rejects = isaf_context_format_integer (fixture->context, 1);
  g_autofree char *other_amount = isaf_format_riel (OTHER_AMOUNT,
                                                    isaf_context_get_digits (fixture->context));
  g_autoptr(GPtrArray) labels = NULL;
  gboolean other_shown = FALSE;
  guint n_changed;

  g_assert_cmpstr (get_view (fixture), ==, "status");
  g_assert_cmpstr (get_indicator_label (fixture), ==, _("Offline"));
  g_assert_error (error, ISAF_SYNC_CLIENT_ERROR, ISAF_SYNC_CLIENT_ERROR_UNREACHABLE);

  /* Why sync is not working, in the scheduler's words. */
  g_assert_true (gtk_widget_get_visible (get_page_child (fixture, "problem_box")));
  problem = dup_label_text (get_page_child (fixture, "problem_label"));
  g_assert_cmpstr (problem, ==, error->message);
  g_assert_false (gtk_widget_get_visible (get_page_child (fixture, "clock_box")));

  g_assert_cmpstr (gtk_label_get_label (get_page_child (fixture, "conflicts_label")), ==,
                   conflicts);
  g_assert_cmpstr (gtk_label_get_label (get_page_child (fixture, "rejects_label")), ==, rejects);
  wait_for_rows (fixture, "conflicts_group", 2);
  wait_for_rows (fixture, "rejects_group", 1);
  g_assert_true (gtk_widget_get_visible (get_page_child (fixture, "conflicts_group")));
  g_assert_true (gtk_widget_get_visible (get_page_child (fixture, "rejects_group")));

  /* Both values of a conflict, the losing one as the clerk reads amounts. */
  labels = isaf_gui_test_find_widgets (get_page_child (fixture, "conflicts_group"),
                                       GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    {
      g_autofree char *text = dup_label_text (g_ptr_array_index (labels, i));

      other_shown |= g_str_equal (text, other_amount);
    }
  g_assert_true (other_shown);
  g_assert_nonnull (find_row_button (fixture, "conflicts_group", _("Amount"),
                                     _("Use the Other Value")));
  g_assert_nonnull (find_row_button (fixture, "rejects_group", _("Quarter"), _("Dismiss")));
  save_screenshot (fixture, "offline");

  /* The refused change is further down. */
  scroll_to (fixture, get_page_child (fixture, "rejects_group"));
  save_screenshot (fixture, "refused");

  /* Sync Now tries at once, and cannot be pressed again while it runs; the server is still
   * not there. */
  n_changed = fixture->n_changed;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "sync.sync-now", NULL));
  g_assert_cmpint (isaf_sync_scheduler_get_state (fixture->scheduler), ==,
                   ISAF_SYNC_STATE_SYNCING);
  g_assert_cmpstr (get_indicator_label (fixture), ==, _("Syncing…"));
  g_assert_false (gtk_widget_get_sensitive (isaf_gui_test_find_button (fixture->page,
                                                                       "sync.sync-now")));
  ISAF_GUI_TEST_WAIT_FOR (fixture->n_changed >= n_changed + 2
                          && isaf_sync_scheduler_get_state (fixture->scheduler)
                               == ISAF_SYNC_STATE_OFFLINE,
                          TIMEOUT_SECONDS);
  g_assert_true (gtk_widget_get_sensitive (isaf_gui_test_find_button (fixture->page,
                                                                      "sync.sync-now")));
  g_assert_cmpstr (get_indicator_label (fixture), ==, _("Offline"));
}

/* "Keep" only takes the conflict off the list. */
static void
test_keep (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *none = isaf_context_format_integer (fixture->context, 0);

  wait_for_rows (fixture, "conflicts_group", 2);
  gtk_widget_activate (find_row_button (fixture, "conflicts_group", _("Amount"), _("Keep")));
  wait_for_rows (fixture, "conflicts_group", 1);
  g_assert_true (conflict_reviewed (fixture, 0));
  g_assert_false (conflict_reviewed (fixture, 1));

  gtk_widget_activate (find_row_button (fixture, "conflicts_group", _("Amount spent"),
                                        _("Keep")));
  wait_for_rows (fixture, "conflicts_group", 0);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM sync_conflict "
                                        "WHERE reviewed = 1"), ==, 2);
  g_assert_false (gtk_widget_get_visible (get_page_child (fixture, "conflicts_group")));
  /* Nothing was edited. */
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM sync_outbox"), ==, 0);
  g_assert_cmpuint (fixture->changed_tables->len, ==, 0);
  /* The counts follow, here and in the header's tooltip. */
  ISAF_GUI_TEST_WAIT_FOR (isaf_sync_scheduler_get_status (fixture->scheduler)
                            ->conflicts_to_review == 0, TIMEOUT_SECONDS);
  wait_until_ready (fixture);
  g_assert_cmpstr (gtk_label_get_label (get_page_child (fixture, "conflicts_label")), ==, none);
}

static gboolean
amount_restored (Fixture *fixture)
{
  return list_has (fixture, "conflicts_group", 1) && fixture->toasts->len == 1;
}

/* "Use the Other Value": an ordinary edit through the store, captured for the next sync. */
static void
test_use_other_value (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(IsafRecord) line = NULL;
  g_autoptr(GError) error = NULL;
  gint64 waiting_before = count_rows (fixture, "SELECT count(*) FROM sync_outbox");

  wait_for_rows (fixture, "conflicts_group", 2);
  gtk_widget_activate (find_row_button (fixture, "conflicts_group", _("Amount"),
                                        _("Use the Other Value")));
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) amount_restored, fixture, TIMEOUT_SECONDS);

  line = isaf_store_get (isaf_context_get_store (fixture->context), "awpb_line",
                         &fixture->lines[0], &error);
  g_assert_no_error (error);
  g_assert_cmpint (isaf_record_get_integer (line, "amount_riel"), ==, OTHER_AMOUNT);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM sync_outbox"), >, waiting_before);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM sync_outbox "
                                        "WHERE tbl = 'awpb_line' AND field = 'amount_riel'"),
                   ==, 1);
  g_assert_true (conflict_reviewed (fixture, 0));
  g_assert_false (conflict_reviewed (fixture, 1));
  /* The pages showing budget lines reload. */
  g_assert_cmpuint (fixture->changed_tables->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->changed_tables, 0), ==, "awpb_line");
  ISAF_GUI_TEST_WAIT_FOR (isaf_sync_scheduler_get_status (fixture->scheduler)
                            ->changes_waiting > waiting_before, TIMEOUT_SECONDS);
  save_screenshot (fixture, "restored");
}

/* "Dismiss" takes the refused change off the list; nothing else changes. */
static void
test_dismiss (Fixture       *fixture,
              gconstpointer  data)
{
  wait_for_rows (fixture, "rejects_group", 1);
  gtk_widget_activate (find_row_button (fixture, "rejects_group", _("Quarter"), _("Dismiss")));
  wait_for_rows (fixture, "rejects_group", 0);
  g_assert_cmpint (count_rows (fixture, "SELECT dismissed FROM sync_reject"), ==, 1);
  g_assert_false (gtk_widget_get_visible (get_page_child (fixture, "rejects_group")));
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM sync_conflict "
                                        "WHERE reviewed = 0"), ==, 2);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM sync_outbox"), ==, 0);
}

/* Export --------------------------------------------------------------------------------- */

/* A CAF saved in the window: what the clerk's edits leave in the outbox. */
static void
save_caf (Fixture    *fixture,
          const char *name)
{
  g_autoptr(IsafRecord) caf = isaf_record_new ("caf");
  g_autoptr(GPtrArray) records = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  isaf_record_set_text (caf, "name_km", name);
  isaf_record_set_text (caf, "sex", "f");
  g_ptr_array_add (records, caf);
  g_assert_true (isaf_store_save (isaf_context_get_store (fixture->context), records, &error));
  g_assert_no_error (error);
  isaf_context_data_changed (fixture->context, "caf");
}

static gboolean
group_shown (Fixture    *fixture,
             const char *group)
{
  return !isaf_sync_page_get_loading (fixture->page)
         && gtk_widget_get_visible (get_page_child (fixture, group));
}

static gboolean
chooser_is_in (GtkFileChooser *chooser,
               const char     *path)
{
  g_autoptr(GFile) folder = gtk_file_chooser_get_current_folder (chooser);

  return folder != NULL && g_strcmp0 (g_file_peek_path (folder), path) == 0;
}

/* The chooser's file follows its folder once it has loaded it. */
static gboolean
chooser_has_file (GtkFileChooser *chooser,
                  GFile          *file)
{
  g_autoptr(GFile) chosen = gtk_file_chooser_get_file (chooser);

  return chosen != NULL && g_file_equal (chosen, file);
}

/* Presses the group's button and answers the file chooser with @name in @folder. */
static void
export_through_chooser (Fixture    *fixture,
                        const char *group,
                        const char *folder,
                        const char *name)
{
  g_autoptr(GFile) folder_file = g_file_new_for_path (folder);
  g_autoptr(GFile) file = g_file_get_child (folder_file, name);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "isaf-unsynced-" COMMUNE_CODE "-%Y-%m-%d-");
  g_autofree char *offered = NULL;
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  GtkFileChooser *chooser;

  if (documents == NULL || !g_file_test (documents, G_FILE_TEST_IS_DIR))
    documents = g_get_home_dir ();

  /* A button clicks once its press has been shown. */
  gtk_widget_activate (isaf_gui_test_find_button (get_page_child (fixture, group),
                                                  "sync.export-unsynced"));
  ISAF_GUI_TEST_WAIT_FOR ((chooser = isaf_gui_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG))
                          != NULL, TIMEOUT_SECONDS);
  g_assert_cmpint (gtk_file_chooser_get_action (chooser), ==, GTK_FILE_CHOOSER_ACTION_SAVE);

  /* The commune and the time in the name offered: whose changes, and which export. */
  offered = gtk_file_chooser_get_current_name (chooser);
  g_assert_true (g_str_has_prefix (offered, today));
  g_assert_true (g_str_has_suffix (offered, ".json"));
  g_assert_cmpuint (strlen (offered), ==, strlen ("isaf-unsynced-010201-2026-03-12-1430.json"));

  /* It opens where a clerk keeps documents; only then does it take another folder. */
  ISAF_GUI_TEST_WAIT_FOR (chooser_is_in (chooser, documents), TIMEOUT_SECONDS);
  gtk_file_chooser_set_current_folder (chooser, folder_file, NULL);
  gtk_file_chooser_set_current_name (chooser, name);
  ISAF_GUI_TEST_WAIT_FOR (chooser_has_file (chooser, file), TIMEOUT_SECONDS);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
}

/* Offline, edits waiting: the button is there, the chooser saves the file, the toast says
 * how many, and the file lists the outbox; nothing leaves the outbox. */
static void
test_export (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "unsynced.json", NULL);
  g_autofree char *count = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *changes;
  gint64 waiting;

  /* Nothing waits in the demo: nothing to export. */
  g_assert_false (gtk_widget_get_visible (get_page_child (fixture, "export_group")));
  save_caf (fixture, "ស៊ន ស្រីនាង");
  ISAF_GUI_TEST_WAIT_FOR (group_shown (fixture, "export_group"), TIMEOUT_SECONDS);
  waiting = count_rows (fixture, "SELECT count(*) FROM sync_outbox");
  g_assert_cmpint (waiting, >, 0);
  /* The count of what waits, and the button under it. */
  scroll_to (fixture, get_page_child (fixture, "waiting_label"));
  save_screenshot (fixture, "export");

  export_through_chooser (fixture, "export_group", fixture->dir, "unsynced.json");
  ISAF_GUI_TEST_WAIT_FOR (fixture->toasts->len == 1, TIMEOUT_SECONDS);
  count = isaf_context_format_integer (fixture->context, waiting);
  expected = g_strdup_printf (ngettext ("%s unsynced change saved in “%s”",
                                        "%s unsynced changes saved in “%s”", waiting),
                              count, "unsynced.json");
  g_assert_cmpstr (adw_toast_get_title (g_ptr_array_index (fixture->toasts, 0)), ==, expected);

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, ISAF_SYNC_EXPORT_FORMAT);
  g_assert_cmpstr (json_object_get_string_member (root, "commune_id"), ==, COMMUNE_CODE);
  g_assert_cmpstr (json_object_get_string_member (root, "server_url"), ==, fixture->server_url);
  g_assert_cmpint (json_object_get_int_member (root, "count"), ==, waiting);
  changes = json_object_get_array_member (root, "changes");
  g_assert_cmpuint (json_array_get_length (changes), ==, waiting);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (changes, 0), "seq"),
                   ==, count_rows (fixture, "SELECT min (seq) FROM sync_outbox"));
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (changes,
                                                                              waiting - 1),
                                               "seq"),
                   ==, count_rows (fixture, "SELECT max (seq) FROM sync_outbox"));
  for (guint i = 0; i < json_array_get_length (changes); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (changes, i),
                                                    "table"), ==, "caf");

  /* The changes still wait to be sent. */
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM sync_outbox"), ==, waiting);
  g_assert_true (gtk_widget_get_visible (get_page_child (fixture, "export_group")));
}

static void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Never enrolled, edits waiting: the button is beside the form, and the file has no device.
 * A folder that is gone (a USB drive pulled out) gives the core's sentence, and no file. */
static void
test_export_not_enrolled (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "not-enrolled.json", NULL);
  g_autofree char *usb = g_build_filename (fixture->dir, "usb", NULL);
  g_autofree char *in_usb = g_build_filename (usb, "unsynced.json", NULL);
  g_autoptr(GFile) in_usb_file = g_file_new_for_path (in_usb);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) expected = NULL;
  JsonObject *root;
  gint64 n_changes = -1;

  g_assert_false (gtk_widget_get_visible (get_page_child (fixture, "enrol_export_group")));
  save_caf (fixture, "ស៊ន ស្រីនាង");
  ISAF_GUI_TEST_WAIT_FOR (group_shown (fixture, "enrol_export_group"), TIMEOUT_SECONDS);
  g_assert_cmpstr (get_view (fixture), ==, "enrol");
  save_screenshot (fixture, "export-not-enrolled");

  export_through_chooser (fixture, "enrol_export_group", fixture->dir, "not-enrolled.json");
  ISAF_GUI_TEST_WAIT_FOR (fixture->toasts->len == 1, TIMEOUT_SECONDS);
  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_false (json_object_has_member (root, "device_id"));
  g_assert_cmpint (json_object_get_int_member (root, "count"), ==,
                   count_rows (fixture, "SELECT count(*) FROM sync_outbox"));

  isaf_sync_export_action_save_async (fixture->context, in_usb_file, NULL,
                                      on_result_cb, &result);
  ISAF_GUI_TEST_WAIT_FOR (result != NULL, TIMEOUT_SECONDS);
  g_assert_false (isaf_sync_export_action_save_finish (fixture->context, result, &n_changes,
                                                       &error));
  g_assert_false (isaf_sync_export_unsynced (fixture->database, in_usb, NULL, &expected));
  g_assert_error (expected, ISAF_SYNC_EXPORT_ERROR, ISAF_SYNC_EXPORT_ERROR_NO_FOLDER);
  g_assert_error (error, ISAF_SYNC_EXPORT_ERROR, ISAF_SYNC_EXPORT_ERROR_NO_FOLDER);
  g_assert_cmpstr (error->message, ==, expected->message);
  g_assert_cmpint (n_changes, ==, -1);
  g_assert_false (g_file_test (usb, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  isaf_gui_test_init (&argc, &argv);
  adw_init ();
  /* Screenshots show rows as they settle, not halfway through an animation. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/sync-page/not-enrolled", Fixture, &fresh, fixture_set_up, test_not_enrolled,
              fixture_tear_down);
  g_test_add ("/sync-page/enrol-unreachable", Fixture, &fresh, fixture_set_up,
              test_enrol_unreachable, fixture_tear_down);
  g_test_add ("/sync-page/lists", Fixture, &enrolled, fixture_set_up, test_lists,
              fixture_tear_down);
  g_test_add ("/sync-page/keep", Fixture, &enrolled, fixture_set_up, test_keep,
              fixture_tear_down);
  g_test_add ("/sync-page/use-other-value", Fixture, &enrolled, fixture_set_up,
              test_use_other_value, fixture_tear_down);
  g_test_add ("/sync-page/dismiss", Fixture, &enrolled, fixture_set_up, test_dismiss,
              fixture_tear_down);
  g_test_add ("/sync-page/export", Fixture, &enrolled, fixture_set_up, test_export,
              fixture_tear_down);
  g_test_add ("/sync-page/export-not-enrolled", Fixture, &fresh, fixture_set_up,
              test_export_not_enrolled, fixture_tear_down);

  return g_test_run ();
}
