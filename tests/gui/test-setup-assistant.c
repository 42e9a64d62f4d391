/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "isaf-database.h"
#include "isaf-error.h"
#include "isaf-format.h"
#include "isaf-gazetteer.h"
#include "isaf-gui-test-helpers.h"
#include "isaf-schema.h"
#include "isaf-setup-assistant.h"
#include "isaf-store.h"
#include "isaf-test-helpers.h"
#include "isaf-validate.h"

#define COMMUNE_CODE "010201"
#define TIMEOUT_SECONDS 30

typedef struct {
  char *dir;
  GSettings *settings;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = isaf_gui_test_make_dir ("isaf-setup-XXXXXX");
  fixture->settings = g_settings_new (APP_ID);
  /* The Khmer run also uses Khmer digits, as a Khmer office would. */
  g_settings_set_boolean (fixture->settings, "khmer-digits", isaf_gui_test_is_khmer_run ());
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  isaf_gui_test_remove_dir (fixture->dir);
  g_settings_reset (fixture->settings, "khmer-digits");
  g_assert_finalize_object (fixture->settings);
}

static IsafSetupAssistant *
new_assistant (Fixture    *fixture,
               const char *path)
{
  return ISAF_SETUP_ASSISTANT (isaf_setup_assistant_new (path, fixture->settings));
}

/* Widgets ----------------------------------------------------------------------------- */

static gpointer
get_child (IsafSetupAssistant *assistant,
           const char         *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (assistant),
                                                  ISAF_TYPE_SETUP_ASSISTANT, name);

  g_assert_nonnull (child);
  return child;
}

static gpointer
get_chooser_child (IsafSetupAssistant *assistant,
                   const char         *level,
                   const char         *what)
{
  g_autofree char *name = g_strconcat (level, "_", what, NULL);

  return get_child (assistant, name);
}

static gboolean
next_is_sensitive (IsafSetupAssistant *assistant)
{
  return gtk_widget_is_sensitive (get_child (assistant, "next_button"));
}

static gboolean
back_is_sensitive (IsafSetupAssistant *assistant)
{
  GtkWidget *next = get_child (assistant, "next_button");
  GtkWidget *bar = gtk_widget_get_ancestor (next, GTK_TYPE_ACTION_BAR);

  return gtk_widget_is_sensitive (isaf_gui_test_find_button (bar, "setup.back"));
}

/* The codes the list of @level shows, comma-separated. */
static char *
dup_list_codes (IsafSetupAssistant *assistant,
                const char         *level)
{
  GListModel *codes = get_chooser_child (assistant, level, "codes");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (codes); i++)
    g_strv_builder_add (builder, gtk_string_list_get_string (GTK_STRING_LIST (codes), i));
  strv = g_strv_builder_end (builder);
  return g_strjoinv (",", strv);
}

/* Main loop --------------------------------------------------------------------------- */

static void
wait_for_step (IsafSetupAssistant *assistant,
               const char         *step)
{
  ISAF_GUI_TEST_WAIT_FOR (g_str_equal (isaf_setup_assistant_get_step (assistant), step),
                          TIMEOUT_SECONDS);
}

/* Runs the main loop until @path no longer exists (the clean-up after a failure runs on a
 * worker thread), or fails after the timeout. */
static void
wait_until_gone (const char *path)
{
  ISAF_GUI_TEST_WAIT_FOR (!g_file_test (path, G_FILE_TEST_EXISTS), TIMEOUT_SECONDS);
}

/* Screenshots ------------------------------------------------------------------------- */

/* Saves what @widget shows as setup-NAME.png, or setup-km-NAME.png in the Khmer run. */
static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autofree char *file = g_strdup_printf ("setup-%s%s.png",
                                           isaf_gui_test_is_khmer_run () ? "km-" : "", name);

  isaf_gui_test_save_screenshot_in_dir (widget, file);
}

/* The assistant as a window shows it: under a header bar, at the projector size. */
static GtkWindow *
present_assistant (IsafSetupAssistant *assistant)
{
  GtkWindow *window = GTK_WINDOW (adw_window_new ());
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (assistant));
  gtk_widget_set_vexpand (GTK_WIDGET (assistant), TRUE);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_set_title (window, "ISAF Commune");
  gtk_window_set_default_size (window, 1024, 768);

  gtk_window_present (window);
  ISAF_GUI_TEST_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (assistant)), TIMEOUT_SECONDS);
  isaf_gui_test_wait_for_frame (GTK_WIDGET (window));

  /* The window keeps the projector size: nothing in it asks for more. */
  {
    GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

    g_assert_cmpint (gdk_surface_get_width (surface), ==, 1024);
    g_assert_cmpint (gdk_surface_get_height (surface), ==, 768);
  }
  return window;
}

/* Destroying the window must free the assistant, whatever it was doing. */
static void
destroy_window (GtkWindow          *window,
                IsafSetupAssistant *assistant)
{
  g_object_ref (assistant);
  gtk_window_destroy (window);
  g_assert_finalize_object (assistant);
}

/* Driving the assistant ----------------------------------------------------------------- */

static void
press_next (IsafSetupAssistant *assistant)
{
  GtkWidget *next = get_child (assistant, "next_button");

  g_assert_true (gtk_widget_is_sensitive (next));
  g_signal_emit_by_name (next, "clicked");
}

static void
type_text (GtkEditable *editable,
           const char  *text)
{
  gtk_widget_grab_focus (GTK_WIDGET (editable));
  gtk_editable_set_text (editable, text);
}

/* Clicks the row of @level's list that shows @latin_name, as the clerk would: its widget
 * selects it. */
static void
click_row (IsafSetupAssistant *assistant,
           const char         *level,
           const char         *latin_name)
{
  GtkWidget *list = get_chooser_child (assistant, level, "list");
  g_autoptr(GPtrArray) labels = NULL;

  isaf_gui_test_wait_for_frame (list);
  labels = isaf_gui_test_find_widgets (list, GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);
      GtkWidget *item;

      if (!gtk_widget_get_mapped (label)
          || !g_str_equal (gtk_label_get_label (GTK_LABEL (label)), latin_name))
        continue;

      for (item = label; item != NULL && item != list; item = gtk_widget_get_parent (item))
        if (g_str_equal (G_OBJECT_TYPE_NAME (item), "GtkListItemWidget"))
          break;
      g_assert_true (item != NULL && item != list);
      g_assert_true (gtk_widget_activate_action (item, "listitem.select", "(bb)", FALSE, FALSE));
      return;
    }
  g_assert_not_reached ();
}

/* The row the list shows for @code: its Khmer name with its unit, its Latin name, its code
 * in the digits of the settings. */
static void
assert_row_shown (IsafSetupAssistant *assistant,
                  const char         *level,
                  const char         *code)
{
  const IsafGazetteerEntry *entry = isaf_gazetteer_lookup (isaf_gazetteer_get_default (), code);
  g_autofree char *khmer = g_strconcat (entry->unit_km, entry->name_km, NULL);
  g_autofree char *shown_code = isaf_format_digits (code, isaf_gui_test_is_khmer_run ()
                                                            ? ISAF_DIGITS_KHMER
                                                            : ISAF_DIGITS_WESTERN);
  gboolean code_shown = FALSE;
  GtkWidget *list = get_chooser_child (assistant, level, "list");
  g_autoptr(GPtrArray) labels = NULL;
  gboolean khmer_shown = FALSE;
  gboolean latin_shown = FALSE;

  isaf_gui_test_wait_for_frame (list);
  labels = isaf_gui_test_find_widgets (list, GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);
      const char *text = gtk_label_get_label (GTK_LABEL (label));

      if (!gtk_widget_get_mapped (label))
        continue;
      khmer_shown |= g_str_equal (text, khmer);
      latin_shown |= g_str_equal (text, entry->name_latin);
      code_shown |= g_str_equal (text, shown_code);
    }
  g_assert_true (khmer_shown);
  g_assert_true (latin_shown);
  g_assert_true (code_shown);
}

static void
assert_selected (IsafSetupAssistant *assistant,
                 const char         *level,
                 const char         *code)
{
  GtkSingleSelection *selection = get_chooser_child (assistant, level, "selection");
  GtkStringObject *item = gtk_single_selection_get_selected_item (selection);

  g_assert_nonnull (item);
  g_assert_cmpstr (gtk_string_object_get_string (item), ==, code);
}

/* The message the core gives for @text in @column of the commune table. */
static char *
dup_core_message (const char *column_name,
                  const char *text)
{
  const IsafColumn *column = isaf_schema_find_column (isaf_schema_find_table ("commune"),
                                                      column_name);
  IsafValue value = { .type = ISAF_VALUE_TEXT };
  g_autoptr(GError) error = NULL;

  value.text = g_strdup (text);
  g_assert_false (isaf_validate_value (column, COMMUNE_CODE, &value, &error));
  isaf_value_clear (&value);
  g_assert_nonnull (error);
  return g_strdup (error->message);
}

static void
on_finished_cb (IsafSetupAssistant  *assistant,
                const char          *path,
                char               **finished_path)
{
  g_assert_null (*finished_path);
  *finished_path = g_strdup (path);
}

/* Tests ------------------------------------------------------------------------------- */

static void
assert_database (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafDatabase) database = NULL;
  g_autoptr(IsafStore) store = NULL;
  g_autoptr(GPtrArray) villages = NULL;
  g_autoptr(GPtrArray) expected = isaf_gazetteer_children (isaf_gazetteer_get_default (),
                                                           COMMUNE_CODE);
  g_autoptr(GPtrArray) communes = NULL;
  g_autofree char *commune_code = NULL;
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);
  sqlite3 *conn;

  /* Through the core, read-only: the commune of the file and all its villages. */
  database = isaf_database_open (path, ISAF_DATABASE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  commune_code = isaf_database_dup_commune_code (database);
  g_assert_cmpstr (commune_code, ==, COMMUNE_CODE);
  store = isaf_store_new (database);

  villages = isaf_store_list (store, "village", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (expected->len, >, 0);
  g_assert_cmpuint (villages->len, ==, expected->len);
  for (guint i = 0; i < villages->len; i++)
    g_hash_table_add (codes, (gpointer) isaf_record_get_text (g_ptr_array_index (villages, i),
                                                              "code"));
  for (guint i = 0; i < expected->len; i++)
    {
      const IsafGazetteerEntry *village = g_ptr_array_index (expected, i);

      g_assert_true (g_hash_table_contains (codes, village->code));
    }

  communes = isaf_store_list (store, "commune", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (communes->len, ==, 1);
  {
    IsafRecord *commune = g_ptr_array_index (communes, 0);

    g_assert_cmpstr (isaf_record_get_text (commune, "chief_name"), ==, "សុខ សុភា");
    g_assert_cmpstr (isaf_record_get_text (commune, "chief_phone"), ==, "012 345 678");
    g_assert_cmpstr (isaf_record_get_text (commune, "clerk_name"), ==, "ចាន់ ធារី");
    /* Typed in Khmer digits, kept in the core's form. */
    g_assert_cmpstr (isaf_record_get_text (commune, "clerk_phone"), ==, "097 765 4321");
  }
  isaf_database_close (database);

  /* And on a connection of our own: the row itself, the reference data, no other commune. */
  conn = isaf_test_sqlite_open (path, SQLITE_OPEN_READONLY);
  {
    g_autofree char *commune_id = isaf_test_sqlite_text (conn,
                                                         "SELECT commune_id FROM commune");

    g_assert_cmpstr (commune_id, ==, COMMUNE_CODE);
  }
  g_assert_cmpint (isaf_test_sqlite_int (conn, "SELECT count(*) FROM village WHERE "
                                               "commune_id <> '" COMMUNE_CODE "' OR deleted"),
                   ==, 0);
  g_assert_cmpint (isaf_test_sqlite_int (conn, "SELECT count(*) FROM ref_dataset"), >, 0);
  g_assert_cmpint (isaf_test_sqlite_int (conn, "SELECT count(*) FROM ref_indicator"), >, 0);
  sqlite3_close (conn);
}

/* The whole first run, as a clerk goes through it: a province by its Latin name, a district
 * by its Khmer name, a commune, the contacts with a mistake first, then Create. */
static void
test_setup_create (Fixture       *fixture,
                   gconstpointer  data)
{
  /* The folder of the usual location does not exist yet on a new computer. */
  g_autofree char *path = g_build_filename (fixture->dir, "kh.gov.ncdd.IsafCommune",
                                            "isaf-commune.sqlite", NULL);
  IsafSetupAssistant *assistant = new_assistant (fixture, path);
  g_autofree char *finished_path = NULL;
  g_autofree char *core_message = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *codes = NULL;
  GtkWindow *window;
  GtkEditable *search;
  GtkLabel *error_label;
  GtkWidget *phone_row;

  g_signal_connect (assistant, "finished", G_CALLBACK (on_finished_cb), &finished_path);
  window = present_assistant (assistant);
  g_assert_cmpstr (isaf_setup_assistant_get_database_path (assistant), ==, path);

  /* 1. Welcome. */
  g_assert_cmpstr (isaf_setup_assistant_get_step (assistant), ==, "welcome");
  g_assert_true (next_is_sensitive (assistant));
  g_assert_false (back_is_sensitive (assistant));
  save_screenshot (GTK_WIDGET (window), "1-welcome");
  press_next (assistant);

  /* 2. Province: every province first, then those starting with "Banteay". */
  g_assert_cmpstr (isaf_setup_assistant_get_step (assistant), ==, "province");
  g_assert_cmpuint (g_list_model_get_n_items (get_chooser_child (assistant, "province", "codes")),
                    ==, isaf_gazetteer_count (isaf_gazetteer_get_default (),
                                              ISAF_GAZETTEER_PROVINCE));
  g_assert_false (next_is_sensitive (assistant));
  g_assert_true (back_is_sensitive (assistant));
  search = get_chooser_child (assistant, "province", "search");
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (search))
                 || gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                            GTK_WIDGET (search)));
  type_text (search, "Banteay");
  codes = dup_list_codes (assistant, "province");
  g_assert_cmpstr (codes, ==, "01");
  g_clear_pointer (&codes, g_free);
  assert_row_shown (assistant, "province", "01");
  g_assert_false (next_is_sensitive (assistant));
  click_row (assistant, "province", "Banteay Meanchey");
  assert_selected (assistant, "province", "01");
  g_assert_true (next_is_sensitive (assistant));
  save_screenshot (GTK_WIDGET (window), "2-province");
  /* Enter in the search goes on, as Next does. */
  g_signal_emit_by_name (search, "activate");

  /* 3. District, by the first letters of its Khmer name, within Banteay Meanchey only. */
  g_assert_cmpstr (isaf_setup_assistant_get_step (assistant), ==, "district");
  g_assert_false (next_is_sensitive (assistant));
  search = get_chooser_child (assistant, "district", "search");
  type_text (search, "មង្គល");
  codes = dup_list_codes (assistant, "district");
  g_assert_cmpstr (codes, ==, "0102");
  g_clear_pointer (&codes, g_free);
  assert_row_shown (assistant, "district", "0102");
  click_row (assistant, "district", "Mongkol Borey");
  g_assert_true (next_is_sensitive (assistant));
  save_screenshot (GTK_WIDGET (window), "3-district");
  press_next (assistant);

  /* 4. Commune: every commune of Mongkol Borey, and only those. */
  g_assert_cmpstr (isaf_setup_assistant_get_step (assistant), ==, "commune");
  {
    g_autoptr(GPtrArray) communes = isaf_gazetteer_children (isaf_gazetteer_get_default (),
                                                             "0102");
    GListModel *model = get_chooser_child (assistant, "commune", "codes");

    g_assert_cmpuint (g_list_model_get_n_items (model), ==, communes->len);
    for (guint i = 0; i < communes->len; i++)
      g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), i), ==,
                       ((const IsafGazetteerEntry *) g_ptr_array_index (communes, i))->code);
  }
  g_assert_null (isaf_setup_assistant_get_commune_code (assistant));
  search = get_chooser_child (assistant, "commune", "search");
  type_text (search, "Banteay N");
  click_row (assistant, "commune", "Banteay Neang");
  g_assert_cmpstr (isaf_setup_assistant_get_commune_code (assistant), ==, COMMUNE_CODE);
  save_screenshot (GTK_WIDGET (window), "4-commune");

  /* Back (Alt+Left) and Next again keep every choice. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "setup.back", NULL));
  g_assert_cmpstr (isaf_setup_assistant_get_step (assistant), ==, "district");
  assert_selected (assistant, "district", "0102");
  press_next (assistant);
  assert_selected (assistant, "commune", COMMUNE_CODE);
  press_next (assistant);

  /* 5. Contacts: a phone number with letters is refused with the core's message, next to
   * the field, and Create waits until it is put right. */
  g_assert_cmpstr (isaf_setup_assistant_get_step (assistant), ==, "contacts");
  g_assert_true (next_is_sensitive (assistant));
  g_assert_cmpstr (gtk_button_get_label (get_child (assistant, "next_button")), ==,
                   _("_Create"));
  type_text (get_child (assistant, "chief_name_row"), "សុខ សុភា");
  type_text (get_child (assistant, "chief_phone_row"), "012 345 678");
  type_text (get_child (assistant, "clerk_name_row"), "ចាន់ ធារី");
  phone_row = get_child (assistant, "clerk_phone_row");
  type_text (GTK_EDITABLE (phone_row), "097 ABC");
  core_message = dup_core_message ("clerk_phone", "097 ABC");
  error_label = get_child (assistant, "clerk_phone_error");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  shown = isaf_gui_test_strip_zwsp (gtk_label_get_label (error_label));
  g_assert_cmpstr (shown, ==, core_message);
  g_assert_true (gtk_widget_has_css_class (phone_row, "error"));
  g_assert_false (gtk_widget_get_visible (get_child (assistant, "chief_phone_error")));
  g_assert_false (next_is_sensitive (assistant));
  /* Enter in a field does not create anything while a field is wrong. */
  g_signal_emit_by_name (phone_row, "entry-activated");
  g_assert_cmpstr (isaf_setup_assistant_get_step (assistant), ==, "contacts");
  save_screenshot (GTK_WIDGET (window), "5-contacts-invalid");

  type_text (GTK_EDITABLE (phone_row), "០៩៧ ៧៦៥ ៤៣២១");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_false (gtk_widget_has_css_class (phone_row, "error"));
  g_assert_true (next_is_sensitive (assistant));
  save_screenshot (GTK_WIDGET (window), "5-contacts");

  /* 6. Create: a spinner while it works, then the last page; the file is closed before
   * "finished" is emitted, when the clerk presses Start. */
  press_next (assistant);
  g_assert_cmpstr (isaf_setup_assistant_get_step (assistant), ==, "creating");
  g_assert_false (next_is_sensitive (assistant));
  g_assert_false (back_is_sensitive (assistant));
  g_assert_true (gtk_spinner_get_spinning (get_child (assistant, "spinner")));
  save_screenshot (GTK_WIDGET (window), "6-creating");
  wait_for_step (assistant, "done");
  save_screenshot (GTK_WIDGET (window), "7-done");
  {
    AdwStatusPage *done = get_child (assistant, "done_page");
    g_autoptr(GPtrArray) villages = isaf_gazetteer_children (isaf_gazetteer_get_default (),
                                                             COMMUNE_CODE);
    g_autofree char *count = g_strdup_printf (" %u ", villages->len);
    g_autofree char *description =
      isaf_gui_test_strip_zwsp (adw_status_page_get_description (done));

    if (g_getenv ("LANGUAGE") == NULL)
      g_assert_nonnull (strstr (description, count));
    g_assert_nonnull (strstr (description, "បន្ទាយនាង"));
  }
  g_assert_null (finished_path);
  press_next (assistant);
  g_assert_cmpstr (finished_path, ==, path);

  destroy_window (window, assistant);
  assert_database (path);
}

/* A search that matches nothing shows an empty list, with nothing to go on with. */
static void
test_setup_no_match (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "isaf-commune.sqlite", NULL);
  IsafSetupAssistant *assistant = new_assistant (fixture, path);
  GtkWindow *window = present_assistant (assistant);
  GtkEditable *search;
  GtkStack *results;

  press_next (assistant);
  search = get_chooser_child (assistant, "province", "search");
  results = get_chooser_child (assistant, "province", "results");

  /* A choice that the search hides is no longer a choice. */
  click_row (assistant, "province", "Battambang");
  g_assert_true (next_is_sensitive (assistant));

  type_text (search, "Xyz");
  g_assert_cmpuint (g_list_model_get_n_items (get_chooser_child (assistant, "province", "codes")),
                    ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (results), ==, "empty");
  g_assert_false (next_is_sensitive (assistant));
  /* Enter goes nowhere either. */
  g_signal_emit_by_name (search, "activate");
  g_assert_cmpstr (isaf_setup_assistant_get_step (assistant), ==, "province");
  save_screenshot (GTK_WIDGET (window), "2-province-no-match");

  /* Khmer that no province starts with. */
  type_text (search, "ឃឃឃ");
  g_assert_cmpuint (g_list_model_get_n_items (get_chooser_child (assistant, "province", "codes")),
                    ==, 0);
  g_assert_false (next_is_sensitive (assistant));

  /* Escape clears the search first: every province is back, none chosen. */
  g_signal_emit_by_name (search, "stop-search");
  g_assert_cmpstr (gtk_editable_get_text (search), ==, "");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (results), ==, "list");
  g_assert_false (next_is_sensitive (assistant));
  /* Then goes back. */
  g_signal_emit_by_name (search, "stop-search");
  g_assert_cmpstr (isaf_setup_assistant_get_step (assistant), ==, "welcome");

  destroy_window (window, assistant);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static gboolean
has_shortcut (GtkWidget  *widget,
              const char *accelerator,
              const char *action_name)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autoptr(GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (accelerator);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted)
              && GTK_IS_NAMED_ACTION (action)
              && g_str_equal (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)),
                              action_name))
            return TRUE;
        }
    }
  return FALSE;
}

/* What the key controller of @widget does with Down. */
static void
press_down (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !handled; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", GDK_KEY_Down, 0, 0, &handled);
    }
  g_assert_true (handled);
}

/* Everything by keyboard: the shortcuts, Enter on a list row, restoring a choice. */
static void
test_setup_keyboard (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "isaf-commune.sqlite", NULL);
  IsafSetupAssistant *assistant = new_assistant (fixture, path);
  GtkWindow *window = present_assistant (assistant);
  GtkWidget *list;

  g_assert_true (has_shortcut (GTK_WIDGET (assistant), "Escape", "setup.back"));
  g_assert_true (has_shortcut (GTK_WIDGET (assistant), "<Alt>Left", "setup.back"));
  g_assert_true (has_shortcut (GTK_WIDGET (assistant), "<Alt>Right", "setup.next"));
  g_assert_true (has_shortcut (GTK_WIDGET (assistant), "Return", "setup.next"));
  g_assert_true (gtk_widget_has_focus (get_child (assistant, "next_button")));

  /* Down in the search moves into the list, on its first unit. */
  press_next (assistant);
  list = get_chooser_child (assistant, "province", "list");
  isaf_gui_test_wait_for_frame (list);
  press_down (get_chooser_child (assistant, "province", "search"));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), list));
  assert_selected (assistant, "province", "01");

  /* Enter on a row (or a double click) chooses it and goes on. */
  g_assert_true (gtk_widget_activate_action (list, "list.activate-item", "u", 2));
  g_assert_cmpstr (isaf_setup_assistant_get_step (assistant), ==, "district");
  assert_selected (assistant, "province", "03");

  /* Restoring a choice selects all three levels; the page stays. */
  isaf_setup_assistant_select_commune (assistant, COMMUNE_CODE);
  g_assert_cmpstr (isaf_setup_assistant_get_step (assistant), ==, "district");
  assert_selected (assistant, "province", "01");
  assert_selected (assistant, "district", "0102");
  assert_selected (assistant, "commune", COMMUNE_CODE);
  g_assert_cmpstr (isaf_setup_assistant_get_commune_code (assistant), ==, COMMUNE_CODE);

  /* A province chosen anew starts the district and commune again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "setup.back", NULL));
  click_row (assistant, "province", "Battambang");
  g_assert_null (isaf_setup_assistant_get_commune_code (assistant));
  press_next (assistant);
  g_assert_false (next_is_sensitive (assistant));

  /* Only real communes can be chosen. */
  g_test_expect_message ("isaf-setup-assistant", G_LOG_LEVEL_WARNING,
                         "*not the code of a commune*");
  isaf_setup_assistant_select_commune (assistant, "019999");
  g_test_assert_expected_messages ();
  g_assert_null (isaf_setup_assistant_get_commune_code (assistant));

  destroy_window (window, assistant);
}

/* Goes from the welcome page to Create with @code chosen and no contacts. */
static void
create_with_commune (IsafSetupAssistant *assistant,
                     const char         *code)
{
  isaf_setup_assistant_select_commune (assistant, code);
  for (guint i = 0; i < 5; i++)
    press_next (assistant);
  g_assert_cmpstr (isaf_setup_assistant_get_step (assistant), ==, "creating");
}

static void
assert_error_shown (IsafSetupAssistant *assistant,
                    const GError       *expected)
{
  AdwStatusPage *page = get_child (assistant, "error_page");
  g_autofree char *escaped = g_markup_escape_text (expected->message, -1);
  g_autofree char *description = isaf_gui_test_strip_zwsp (adw_status_page_get_description (page));

  g_assert_cmpstr (isaf_setup_assistant_get_step (assistant), ==, "error");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));
  g_assert_cmpstr (description, ==, escaped);
  g_assert_true (back_is_sensitive (assistant));
}

/* A folder that cannot be made (a file stands in its way): the core's message, nothing left
 * behind, and Back to change things. */
static void
test_setup_unwritable_folder (Fixture       *fixture,
                              gconstpointer  data)
{
  const char *contents = "Minutes of the commune council meeting.\n";
  g_autofree char *file = g_build_filename (fixture->dir, "minutes.txt", NULL);
  g_autofree char *path = g_build_filename (file, "data", "isaf-commune.sqlite", NULL);
  g_autoptr(GError) expected = NULL;
  g_autoptr(IsafDatabase) database = NULL;
  g_autofree char *after = NULL;
  g_auto(GStrv) listing = NULL;
  IsafSetupAssistant *assistant;
  GtkWindow *window;

  g_assert_true (g_file_set_contents (file, contents, -1, NULL));

  /* The sentence the core gives for this path is the one the assistant must show. */
  database = isaf_database_open (path, ISAF_DATABASE_OPEN_CREATE_NEW, &expected);
  g_assert_null (database);
  g_assert_error (expected, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_CANNOT_OPEN);

  assistant = new_assistant (fixture, path);
  window = present_assistant (assistant);
  create_with_commune (assistant, COMMUNE_CODE);
  wait_for_step (assistant, "error");
  assert_error_shown (assistant, expected);
  g_assert_cmpstr (gtk_button_get_label (get_child (assistant, "next_button")), ==,
                   _("_Try Again"));
  save_screenshot (GTK_WIDGET (window), "8-error");

  listing = isaf_test_list_dir (fixture->dir);
  g_assert_cmpstrv (listing, ((const char * const[]) { "minutes.txt", NULL }));
  g_assert_true (g_file_get_contents (file, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, contents);

  /* Back returns to the contacts; trying again fails the same way. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "setup.back", NULL));
  g_assert_cmpstr (isaf_setup_assistant_get_step (assistant), ==, "contacts");
  press_next (assistant);
  wait_for_step (assistant, "error");
  assert_error_shown (assistant, expected);

  destroy_window (window, assistant);
}

/* An existing file is never overwritten, and never removed. */
static void
test_setup_existing_file (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *contents = "Not ours.\n";
  g_autofree char *path = g_build_filename (fixture->dir, "isaf-commune.sqlite", NULL);
  g_autoptr(GError) expected = NULL;
  g_autoptr(IsafDatabase) database = NULL;
  g_autofree char *after = NULL;
  IsafSetupAssistant *assistant;
  GtkWindow *window;

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  database = isaf_database_open (path, ISAF_DATABASE_OPEN_CREATE_NEW, &expected);
  g_assert_error (expected, ISAF_DATABASE_ERROR, ISAF_DATABASE_ERROR_EXISTS);

  assistant = new_assistant (fixture, path);
  window = present_assistant (assistant);
  create_with_commune (assistant, COMMUNE_CODE);
  wait_for_step (assistant, "error");
  assert_error_shown (assistant, expected);
  destroy_window (window, assistant);

  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, contents);
}

/* Closing while the database is being made leaves nothing: neither the file nor the folder
 * made for it. */
static void
test_setup_close_while_creating (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (fixture->dir, "new", "folders", NULL);
  g_autofree char *path = g_build_filename (folder, "isaf-commune.sqlite", NULL);
  g_autofree char *top = g_build_filename (fixture->dir, "new", NULL);
  IsafSetupAssistant *assistant = new_assistant (fixture, path);
  GtkWindow *window = present_assistant (assistant);

  create_with_commune (assistant, COMMUNE_CODE);
  destroy_window (window, assistant);

  /* The folders are made on a worker thread; give the clean-up time to run after them. */
  isaf_gui_test_iterate_for (500);
  wait_until_gone (top);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *icons = NULL;

  g_unsetenv ("ISAF_COMMUNE_DB");
  isaf_gui_test_init (&argc, &argv);
  adw_init ();

  /* Pages change at once, so that each screenshot shows one page; the application's icon
   * comes from the source tree, as if installed. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  icons = g_test_build_filename (G_TEST_DIST, "..", "data", "icons", NULL);
  gtk_icon_theme_add_search_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                  icons);

  g_test_add ("/setup-assistant/create", Fixture, NULL, fixture_set_up, test_setup_create,
              fixture_tear_down);
  g_test_add ("/setup-assistant/no-match", Fixture, NULL, fixture_set_up, test_setup_no_match,
              fixture_tear_down);
  g_test_add ("/setup-assistant/keyboard", Fixture, NULL, fixture_set_up, test_setup_keyboard,
              fixture_tear_down);
  g_test_add ("/setup-assistant/unwritable-folder", Fixture, NULL, fixture_set_up,
              test_setup_unwritable_folder, fixture_tear_down);
  g_test_add ("/setup-assistant/existing-file", Fixture, NULL, fixture_set_up,
              test_setup_existing_file, fixture_tear_down);
  g_test_add ("/setup-assistant/close-while-creating", Fixture, NULL, fixture_set_up,
              test_setup_close_while_creating, fixture_tear_down);

  return g_test_run ();
}
