/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "isaf-commune-page.h"
#include "isaf-context.h"
#include "isaf-database.h"
#include "isaf-error.h"
#include "isaf-gazetteer.h"
#include "isaf-gui-test-helpers.h"
#include "isaf-record-editor.h"
#include "isaf-registry-view.h"
#include "isaf-schema.h"
#include "isaf-store.h"
#include "isaf-test-helpers.h"
#include "isaf-validate.h"

#define COMMUNE_CODE "010201"
#define TIMEOUT_SECONDS 20
#define CAF_NAME "សុខ ចាន់ធា"

/* The Commune page in a window of its own, on a real database in a temporary folder. */
typedef struct {
  char *dir;
  IsafDatabase *database;
  IsafStore *store;
  GSettings *settings;
  IsafContext *context;
  GtkWindow *window;
  IsafCommunePage *page;
  /* What the page told the rest of the window. */
  GPtrArray *changed_tables;
  GPtrArray *toasts;
} Fixture;

typedef void (*FillFunc) (IsafStore *store);

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

/* Main loop ----------------------------------------------------------------------------- */

typedef gboolean (*Condition) (Fixture *fixture);

static void
wait_until (Fixture   *fixture,
            Condition  condition)
{
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) condition, fixture, TIMEOUT_SECONDS);
}

static gboolean
page_is_ready (Fixture *fixture)
{
  return gtk_widget_get_mapped (GTK_WIDGET (fixture->page))
         && !isaf_commune_page_get_loading (fixture->page);
}

/* Fixture ------------------------------------------------------------------------------- */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const FillFunc *fill = data;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = isaf_gui_test_make_dir ("isaf-commune-page-XXXXXX");
  path = g_build_filename (fixture->dir, "commune.sqlite", NULL);
  fixture->database = isaf_database_open (path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  g_assert_no_error (error);
  fixture->store = isaf_store_new (fixture->database);
  g_assert_true (isaf_store_create_commune (fixture->store, COMMUNE_CODE, &error));
  g_assert_no_error (error);
  if (fill != NULL)
    (*fill) (fixture->store);

  fixture->settings = g_settings_new (APP_ID);
  if (g_strcmp0 (g_getenv ("LANGUAGE"), "km") == 0)
    g_settings_set_boolean (fixture->settings, "khmer-digits", TRUE);
  fixture->context = isaf_context_new (fixture->database, fixture->settings);
  fixture->changed_tables = g_ptr_array_new_with_free_func (g_free);
  fixture->toasts = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect_swapped (fixture->context, "data-changed", G_CALLBACK (on_data_changed_cb),
                            fixture);
  g_signal_connect_swapped (fixture->context, "toast", G_CALLBACK (on_toast_cb), fixture);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 1366, 768);
  fixture->page = ISAF_COMMUNE_PAGE (isaf_commune_page_new (fixture->context));
  g_assert_true (isaf_commune_page_get_loading (fixture->page));
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  gtk_window_present (fixture->window);
  wait_until (fixture, page_is_ready);
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

      g_assert_false (ISAF_IS_RECORD_EDITOR (toplevel));
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
  isaf_gui_test_remove_dir (fixture->dir);
}

/* Data ---------------------------------------------------------------------------------- */

static void
village_id (guint      index,
            IsafUuid  *out)
{
  g_autoptr(GPtrArray) villages = isaf_gazetteer_children (isaf_gazetteer_get_default (),
                                                           COMMUNE_CODE);
  const IsafGazetteerEntry *entry = g_ptr_array_index (villages, index);

  isaf_test_village_id (entry->code, out);
}

static IsafRecord *
new_caf (const char *name_km,
         const char *name_latin,
         const char *sex,
         gint64      birth_year,
         guint       village)
{
  IsafRecord *caf = isaf_record_new ("caf");
  IsafUuid village_uuid;

  village_id (village, &village_uuid);
  isaf_record_set_text (caf, "name_km", name_km);
  isaf_record_set_text (caf, "name_latin", name_latin);
  isaf_record_set_text (caf, "sex", sex);
  isaf_record_set_integer (caf, "birth_year", birth_year);
  isaf_record_set_reference (caf, "village_id", &village_uuid);
  isaf_record_set_text (caf, "selected_on", "2025-01-20");
  return caf;
}

/* A facilitator with the four training rows the Commune page saves with them. */
static void
save_caf_with_trainings (IsafStore  *store,
                         IsafRecord *caf)
{
  static const char * const modules[] = { "M1", "M2", "M3", "M4" };
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *caf_id = isaf_record_dup_id_string (caf);
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (records, g_object_ref (caf));
  for (guint i = 0; i < G_N_ELEMENTS (modules); i++)
    {
      g_autofree char *key = g_strdup_printf ("%s/%s", caf_id, modules[i]);
      IsafRecord *training = isaf_record_new_keyed ("caf_training", key);

      isaf_record_set_reference (training, "caf_id", isaf_record_get_id (caf));
      isaf_record_set_text (training, "module", modules[i]);
      if (i < 2)
        isaf_record_set_text (training, "trained_on", i == 0 ? "2025-02-10" : "2025-03-14");
      g_ptr_array_add (records, training);
    }
  g_assert_true (isaf_store_save (store, records, &error));
  g_assert_no_error (error);
}

static void
fill_one_caf (IsafStore *store)
{
  g_autoptr(IsafRecord) caf = new_caf ("ស្រី ពៅ", "Srey Pov", "f", 1988, 0);

  save_caf_with_trainings (store, caf);
}

/* A health centre with an I4C set that refers to it (a reference, not a part of it). */
static void
fill_one_unit (IsafStore *store)
{
  g_autoptr(IsafRecord) unit = isaf_record_new ("service_unit");
  g_autoptr(IsafRecord) cycle = isaf_record_new ("cycle");
  g_autoptr(IsafRecord) i4c = isaf_record_new ("i4c_set");

  isaf_record_set_text (unit, "kind", "health_centre");
  isaf_record_set_text (unit, "code", "HC-0102");
  isaf_record_set_text (unit, "name_km", "មណ្ឌលសុខភាពបន្ទាយនាង");
  isaf_record_set_text (unit, "name_en", "Banteay Neang Health Centre");
  isaf_record_set_integer (cycle, "year", 2026);
  isaf_record_set_reference (i4c, "cycle_id", isaf_record_get_id (cycle));
  isaf_record_set_reference (i4c, "service_unit_id", isaf_record_get_id (unit));
  isaf_test_save (store, unit, cycle, i4c, NULL);
}

/* Enough of everything for screenshots that look like a commune's. */
static void
fill_commune (IsafStore *store)
{
  static const struct {
    const char *kind, *code, *name_km, *name_en;
    guint village;
  } units[] = {
    { "commune_office", "CO-010201", "សាលាឃុំបន្ទាយនាង", "Banteay Neang Commune Office", 0 },
    { "health_centre", "HC-0102", "មណ្ឌលសុខភាពបន្ទាយនាង", "Banteay Neang Health Centre", 1 },
    { "health_post", "HP-0102-1", "ប៉ុស្តិ៍សុខភាពអូរអំពិល", "Ou Ampil Health Post", 3 },
    { "primary_school", "PS-0102-1", "សាលាបឋមសិក្សាបន្ទាយនាង", "Banteay Neang Primary School", 0 },
    { "primary_school", "PS-0102-2", "សាលាបឋមសិក្សាគោកពន្លៃ", "Kouk Ponley Primary School", 5 },
  };
  static const struct {
    const char *name_km, *name_latin, *sex, *role, *organisation;
  } members[] = {
    { "ហេង សុភា", "Heng Sophea", "m", "chair", "ក្រុមប្រឹក្សាឃុំ" },
    { "ម៉ៅ ស្រីនិច", "Mao Sreynich", "f", "deputy", "មណ្ឌលសុខភាព" },
    { "ចាន់ ដារ៉ា", "Chan Dara", "m", "secretary", "សាលាបឋមសិក្សា" },
    { "សុខ លីដា", "Sok Lida", "f", "member", "CAF" },
  };
  g_autoptr(GPtrArray) villages = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafRecord) official = new_caf ("ឡុង សុភ័ក្រ", "Long Sopheak", "m", 1979, 2);
  g_autoptr(IsafRecord) left = new_caf ("គឹម ស្រីមុំ", "Kim Sreymom", "f", 1995, 4);

  fill_one_caf (store);
  isaf_record_set_boolean (official, "is_village_official", TRUE);
  isaf_record_set_text (official, "phone", "012 345 678");
  save_caf_with_trainings (store, official);
  isaf_record_set_text (left, "left_on", "2025-11-30");
  save_caf_with_trainings (store, left);

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      g_autoptr(IsafRecord) unit = isaf_record_new ("service_unit");
      IsafUuid village;

      village_id (units[i].village, &village);
      isaf_record_set_text (unit, "kind", units[i].kind);
      isaf_record_set_text (unit, "code", units[i].code);
      isaf_record_set_text (unit, "name_km", units[i].name_km);
      isaf_record_set_text (unit, "name_en", units[i].name_en);
      isaf_record_set_reference (unit, "village_id", &village);
      isaf_test_save (store, unit, NULL);
    }

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      g_autoptr(IsafRecord) member = isaf_record_new ("jaapc_member");

      isaf_record_set_text (member, "name_km", members[i].name_km);
      isaf_record_set_text (member, "name_latin", members[i].name_latin);
      isaf_record_set_text (member, "sex", members[i].sex);
      isaf_record_set_text (member, "role", members[i].role);
      isaf_record_set_text (member, "organisation", members[i].organisation);
      isaf_test_save (store, member, NULL);
    }

  villages = isaf_store_list (store, "village", NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < villages->len; i++)
    {
      IsafRecord *village = g_ptr_array_index (villages, i);

      isaf_record_set_integer (village, "households", 120 + 37 * i);
      isaf_record_set_integer (village, "population", 540 + 161 * i);
    }
  g_assert_true (isaf_store_save (store, villages, &error));
  g_assert_no_error (error);
}

static const FillFunc one_caf = fill_one_caf;
static const FillFunc one_unit = fill_one_unit;
static const FillFunc commune = fill_commune;

static gint64
count_rows (Fixture    *fixture,
            const char *sql)
{
  return isaf_test_run_query_int (fixture->database, sql);
}

/* Widgets ------------------------------------------------------------------------------- */

static IsafRegistryView *
find_view (Fixture    *fixture,
           const char *table)
{
  g_autoptr(GPtrArray) views = isaf_gui_test_find_widgets (fixture->page, ISAF_TYPE_REGISTRY_VIEW);

  for (guint i = 0; i < views->len; i++)
    if (g_str_equal (isaf_registry_view_get_table (g_ptr_array_index (views, i)), table))
      return g_ptr_array_index (views, i);
  g_assert_not_reached ();
}

/* What the column view of @table shows, in its order. */
static GListModel *
get_shown (Fixture    *fixture,
           const char *table)
{
  GtkColumnView *column_view = isaf_gui_test_find_widget (find_view (fixture, table),
                                                          GTK_TYPE_COLUMN_VIEW);

  return G_LIST_MODEL (gtk_column_view_get_model (column_view));
}

static guint
count_shown (Fixture    *fixture,
             const char *table)
{
  return g_list_model_get_n_items (get_shown (fixture, table));
}

static void
show_registry (Fixture    *fixture,
               const char *name)
{
  AdwViewStack *stack = isaf_gui_test_find_widget (fixture->page, ADW_TYPE_VIEW_STACK);

  isaf_commune_page_show (fixture->page, name);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, name);
  isaf_gui_test_wait_for_frame (GTK_WIDGET (fixture->window));
}

static IsafRecordEditor *
find_editor (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  IsafRecordEditor *editor = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ISAF_IS_RECORD_EDITOR (toplevel))
        {
          g_assert_null (editor);
          editor = ISAF_RECORD_EDITOR (toplevel);
        }
    }
  return editor;
}

static gboolean
editor_is_open (Fixture *fixture)
{
  IsafRecordEditor *editor = find_editor ();

  return editor != NULL && gtk_widget_get_mapped (GTK_WIDGET (editor));
}

static gboolean
editor_is_closed (Fixture *fixture)
{
  return find_editor () == NULL && !isaf_commune_page_get_loading (fixture->page);
}

static GtkWidget *
find_field (IsafRecordEditor *editor,
            const char       *title)
{
  g_autoptr(GPtrArray) rows = isaf_gui_test_find_widgets (editor, ADW_TYPE_PREFERENCES_ROW);

  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), title) == 0)
      return g_ptr_array_index (rows, i);
  g_error ("No field “%s”", title);
}

/* The field's own label, as the user sees it. */
static GtkWidget *
find_column_field (IsafRecordEditor *editor,
                   const char       *table,
                   const char       *column)
{
  const IsafColumn *spec = isaf_schema_find_column (isaf_schema_find_table (table), column);

  return find_field (editor, _(spec->label));
}

/* The message under a field (the row right after it), without the word breaks added for
 * wrapping; NULL when none is shown. */
static char *
dup_message (GtkWidget *field)
{
  GtkWidget *row = gtk_widget_get_next_sibling (field);
  GtkWidget *label;

  g_assert_true (ADW_IS_PREFERENCES_ROW (row));
  if (!gtk_widget_get_visible (row))
    return NULL;
  label = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
  g_assert_true (gtk_widget_get_mapped (label));
  return isaf_gui_test_strip_zwsp (gtk_label_get_label (GTK_LABEL (label)));
}

/* What the core says about @text in @column: the sentence the form must show. */
static char *
dup_core_message (const char *table,
                  const char *column,
                  const char *text)
{
  const IsafColumn *spec = isaf_schema_find_column (isaf_schema_find_table (table), column);
  IsafValue value = { ISAF_VALUE_TEXT };
  g_autoptr(GError) error = NULL;

  if (spec->kind == ISAF_COLUMN_INTEGER)
    {
      value.type = ISAF_VALUE_INTEGER;
      value.integer = g_ascii_strtoll (text, NULL, 10);
    }
  else
    {
      value.text = g_strdup (text);
    }
  g_assert_false (isaf_validate_value (spec, COMMUNE_CODE, &value, &error));
  g_assert_nonnull (error);
  isaf_value_clear (&value);
  return g_strdup (error->message);
}

/* A switch moves with an animation: its message follows once it has. */
static char *
wait_for_message (GtkWidget *field)
{
  char *message;

  ISAF_GUI_TEST_WAIT_FOR ((message = dup_message (field)) != NULL, TIMEOUT_SECONDS);
  return message;
}

static GtkWidget *
get_save_button (IsafRecordEditor *editor)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (editor),
                                                    ISAF_TYPE_RECORD_EDITOR, "save_button"));
}

static void
type_text (GtkWidget  *field,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (field), text);
}

/* Saves what @widget shows as commune-NAME.png, or commune-km-NAME.png in the Khmer run. */
static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autofree char *file = g_strdup_printf ("commune-%s%s.png",
                                           isaf_gui_test_is_khmer_run () ? "km-" : "", name);

  isaf_gui_test_save_screenshot_in_dir (widget, file);
}

static gboolean
table_changed (Fixture    *fixture,
               const char *table)
{
  for (guint i = 0; i < fixture->changed_tables->len; i++)
    if (g_str_equal (g_ptr_array_index (fixture->changed_tables, i), table))
      return TRUE;
  return FALSE;
}

/* Tests --------------------------------------------------------------------------------- */

static gboolean
one_caf_shown (Fixture *fixture)
{
  return count_shown (fixture, "caf") == 1;
}

static gboolean
no_caf_shown (Fixture *fixture)
{
  return count_shown (fixture, "caf") == 0 && fixture->toasts->len == 1;
}

/* A new facilitator: a phone with letters and a year of birth next year are refused with the
 * core's own sentences under their fields and nothing is saved; once both are right, Save
 * saves the facilitator and their four training rows in one go, and the list shows them. */
static void
test_caf_validation (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *next_year = g_strdup_printf ("%d", g_date_time_get_year (now) + 1);
  g_autofree char *phone_message = dup_core_message ("caf", "phone", "01a 234 bc");
  g_autofree char *year_message = dup_core_message ("caf", "birth_year", next_year);
  g_autoptr(GPtrArray) cafs = NULL;
  g_autoptr(GPtrArray) trainings = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafRecord) shown = NULL;
  IsafRecordEditor *editor;
  g_autofree char *m1_title = g_strdup_printf (_("Module %s completed on"), "M1");
  GtkWidget *name, *sex, *year, *phone, *m1;
  char *message;

  show_registry (fixture, "cafs");
  g_assert_cmpuint (count_shown (fixture, "caf"), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (find_view (fixture, "caf")),
                                             "registry.add", NULL));
  wait_until (fixture, editor_is_open);
  editor = find_editor ();

  name = find_column_field (editor, "caf", "name_km");
  sex = find_column_field (editor, "caf", "sex");
  year = find_column_field (editor, "caf", "birth_year");
  phone = find_column_field (editor, "caf", "phone");
  g_assert_true (ADW_IS_ENTRY_ROW (name));
  g_assert_true (ADW_IS_COMBO_ROW (sex));
  g_assert_false (gtk_widget_is_sensitive (get_save_button (editor)));

  type_text (name, CAF_NAME);
  adw_combo_row_set_selected (ADW_COMBO_ROW (sex), 1);
  g_assert_null (dup_message (name));
  g_assert_true (gtk_widget_is_sensitive (get_save_button (editor)));

  type_text (phone, "01a 234 bc");
  message = dup_message (phone);
  g_assert_cmpstr (message, ==, phone_message);
  g_free (message);
  g_assert_true (gtk_widget_has_css_class (phone, "error"));
  g_assert_false (gtk_widget_is_sensitive (get_save_button (editor)));

  type_text (year, next_year);
  message = dup_message (year);
  g_assert_cmpstr (message, ==, year_message);
  g_free (message);
  save_screenshot (GTK_WIDGET (editor), "caf-editor-invalid");

  /* Neither Save nor its shortcut's action saves anything now. */
  g_assert_false (isaf_record_editor_get_can_save (editor));
  gtk_widget_activate (get_save_button (editor));
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  isaf_gui_test_iterate_pending ();
  g_assert_true (editor_is_open (fixture));
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM caf"), ==, 0);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM caf_training"), ==, 0);
  g_assert_false (table_changed (fixture, "caf"));

  /* Khmer digits are read as digits. */
  type_text (phone, "០១២ ៣៤៥ ៦៧៨");
  g_assert_null (dup_message (phone));
  type_text (year, "1990");
  g_assert_null (dup_message (year));
  m1 = find_field (editor, m1_title);
  type_text (m1, "2026-02-3");
  message = dup_message (m1);
  g_assert_nonnull (message);
  g_free (message);
  g_assert_false (gtk_widget_is_sensitive (get_save_button (editor)));
  type_text (m1, "2026-02-03");
  g_assert_null (dup_message (m1));
  g_assert_true (gtk_widget_is_sensitive (get_save_button (editor)));

  gtk_widget_activate (get_save_button (editor));
  wait_until (fixture, editor_is_closed);
  wait_until (fixture, one_caf_shown);

  /* In the database: the facilitator, as normalised by the core, and four training rows. */
  cafs = isaf_store_list (fixture->store, "caf", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cafs->len, ==, 1);
  g_assert_cmpstr (isaf_record_get_text (g_ptr_array_index (cafs, 0), "name_km"), ==, CAF_NAME);
  g_assert_cmpstr (isaf_record_get_text (g_ptr_array_index (cafs, 0), "sex"), ==, "f");
  g_assert_cmpint (isaf_record_get_integer (g_ptr_array_index (cafs, 0), "birth_year"), ==, 1990);
  g_assert_cmpstr (isaf_record_get_text (g_ptr_array_index (cafs, 0), "phone"), ==,
                   "012 345 678");
  trainings = isaf_store_list (fixture->store, "caf_training", "caf_id",
                               isaf_record_get_id (g_ptr_array_index (cafs, 0)), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (trainings->len, ==, 4);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM caf_training "
                                        "WHERE trained_on = '2026-02-03' AND module = 'M1'"),
                   ==, 1);

  /* In the list, and announced to the rest of the window (the Overview counts it). */
  shown = g_list_model_get_item (get_shown (fixture, "caf"), 0);
  g_assert_true (isaf_uuid_equal (isaf_record_get_id (shown),
                                  isaf_record_get_id (g_ptr_array_index (cafs, 0))));
  g_assert_true (table_changed (fixture, "caf"));
  g_assert_true (table_changed (fixture, "caf_training"));
  save_screenshot (GTK_WIDGET (fixture->window), "cafs-added");
}

/* Editing from the list (Enter or a double click on a row): dates out of order are shown
 * under the date left, and a change saves only that facilitator. */
static void
test_caf_edit (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) column_views = NULL;
  g_autoptr(GPtrArray) cafs = NULL;
  g_autoptr(GError) error = NULL;
  IsafRecordEditor *editor;
  GtkWidget *left_on, *official;
  char *message;

  show_registry (fixture, "cafs");
  g_assert_cmpuint (count_shown (fixture, "caf"), ==, 1);
  column_views = isaf_gui_test_find_widgets (find_view (fixture, "caf"), GTK_TYPE_COLUMN_VIEW);
  g_signal_emit_by_name (g_ptr_array_index (column_views, 0), "activate", 0);
  wait_until (fixture, editor_is_open);
  editor = find_editor ();

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_column_field (editor, "caf",
                                                                           "name_km"))),
                   ==, "ស្រី ពៅ");
  /* Nothing changed yet: nothing to save. */
  g_assert_false (gtk_widget_is_sensitive (get_save_button (editor)));

  left_on = find_column_field (editor, "caf", "left_on");
  type_text (left_on, "2024-12-31");
  message = dup_message (left_on);
  g_assert_nonnull (message);
  g_assert_false (gtk_widget_is_sensitive (get_save_button (editor)));
  g_free (message);

  /* The village-official flag warns, but does not stop the save. */
  official = find_column_field (editor, "caf", "is_village_official");
  g_assert_null (dup_message (official));
  adw_action_row_activate (ADW_ACTION_ROW (official));
  message = wait_for_message (official);
  g_free (message);
  type_text (left_on, "2026-01-31");
  g_assert_null (dup_message (left_on));
  g_assert_true (gtk_widget_is_sensitive (get_save_button (editor)));
  /* The warning on screen, for the screenshot. */
  {
    g_autoptr(GPtrArray) scrolled = isaf_gui_test_find_widgets (editor, GTK_TYPE_SCROLLED_WINDOW);
    g_autoptr(GPtrArray) switches = isaf_gui_test_find_widgets (official, GTK_TYPE_SWITCH);
    GtkAdjustment *adjustment = NULL;

    for (guint i = 0; i < scrolled->len; i++)
      if (ADW_IS_PREFERENCES_PAGE (gtk_widget_get_parent (g_ptr_array_index (scrolled, i))))
        adjustment = gtk_scrolled_window_get_vadjustment (g_ptr_array_index (scrolled, i));
    g_assert_nonnull (adjustment);
    /* Laid out again with the messages shown; scrolling follows the focus. */
    isaf_gui_test_wait_for_frame (GTK_WIDGET (editor));
    g_assert_true (gtk_widget_grab_focus (g_ptr_array_index (switches, 0)));
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  }
  save_screenshot (GTK_WIDGET (editor), "caf-editor");

  gtk_widget_activate (get_save_button (editor));
  wait_until (fixture, editor_is_closed);

  cafs = isaf_store_list (fixture->store, "caf", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cafs->len, ==, 1);
  g_assert_cmpstr (isaf_record_get_text (g_ptr_array_index (cafs, 0), "left_on"), ==,
                   "2026-01-31");
  g_assert_true (isaf_record_get_boolean (g_ptr_array_index (cafs, 0), "is_village_official"));
  /* She left: the default filter shows active facilitators only. */
  g_assert_cmpuint (count_shown (fixture, "caf"), ==, 0);
}

static gboolean
caf_back (Fixture *fixture)
{
  return count_shown (fixture, "caf") == 1;
}

/* Deleting a facilitator takes their training rows with them; Undo brings back exactly
 * those. */
static void
test_caf_delete_undo (Fixture       *fixture,
                      gconstpointer  data)
{
  IsafRegistryView *view;
  g_autoptr(IsafRecord) caf = NULL;
  AdwToast *toast;

  show_registry (fixture, "cafs");
  view = find_view (fixture, "caf");
  caf = g_list_model_get_item (get_shown (fixture, "caf"), 0);
  g_assert_true (isaf_registry_view_select (view, isaf_record_get_id (caf)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "registry.delete", NULL));
  wait_until (fixture, no_caf_shown);

  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM caf WHERE deleted = 1"), ==, 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM caf_training WHERE deleted = 1"),
                   ==, 4);
  g_assert_true (table_changed (fixture, "caf"));
  g_assert_true (table_changed (fixture, "caf_training"));

  toast = g_ptr_array_index (fixture->toasts, 0);
  g_assert_nonnull (strstr (adw_toast_get_title (toast), "ស្រី ពៅ"));
  g_assert_nonnull (adw_toast_get_button_label (toast));
  g_signal_emit_by_name (toast, "button-clicked");
  wait_until (fixture, caf_back);

  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM caf WHERE deleted = 0"), ==, 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM caf_training WHERE deleted = 0"),
                   ==, 4);
  /* A second press does nothing more. */
  g_signal_emit_by_name (toast, "button-clicked");
  isaf_gui_test_iterate_pending ();
  g_assert_cmpuint (fixture->toasts->len, ==, 1);
}

static gboolean
no_unit_shown (Fixture *fixture)
{
  return count_shown (fixture, "service_unit") == 0 && fixture->toasts->len == 1;
}

static gboolean
unit_back (Fixture *fixture)
{
  return count_shown (fixture, "service_unit") == 1;
}

/* Deleting a service unit takes what hangs off it (its I4C set), and pressing Undo restores
 * the unit with all of it. */
static void
test_unit_delete_undo (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(IsafRecord) unit = NULL;
  IsafRegistryView *view;

  show_registry (fixture, "service-units");
  view = find_view (fixture, "service_unit");
  g_assert_cmpuint (count_shown (fixture, "service_unit"), ==, 1);
  unit = g_list_model_get_item (get_shown (fixture, "service_unit"), 0);
  g_assert_true (isaf_registry_view_select (view, isaf_record_get_id (unit)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "registry.delete", NULL));
  wait_until (fixture, no_unit_shown);

  /* The unit's I4C set belongs to it and goes with it. */
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM service_unit WHERE deleted = 1"),
                   ==, 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM i4c_set WHERE deleted = 1"),
                   ==, 1);
  g_assert_true (table_changed (fixture, "service_unit"));

  g_signal_emit_by_name (g_ptr_array_index (fixture->toasts, 0), "button-clicked");
  wait_until (fixture, unit_back);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM service_unit WHERE deleted = 0"),
                   ==, 1);
  /* Undo brings back everything the delete took. */
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM i4c_set WHERE deleted = 0"),
                   ==, 1);
}

static gboolean
one_unit_filtered (Fixture *fixture)
{
  return count_shown (fixture, "service_unit") == 1;
}

/* Search matches Khmer or Latin script, and the filter narrows by type. */
static void
test_search_and_filter (Fixture       *fixture,
                        gconstpointer  data)
{
  IsafRegistryView *view = find_view (fixture, "service_unit");
  g_autoptr(GPtrArray) entries = isaf_gui_test_find_widgets (view, GTK_TYPE_SEARCH_ENTRY);
  g_autoptr(GPtrArray) dropdowns = isaf_gui_test_find_widgets (view, GTK_TYPE_DROP_DOWN);
  GtkDropDown *filter = NULL;
  GtkEditable *search = NULL;

  show_registry (fixture, "service-units");
  g_assert_cmpuint (count_shown (fixture, "service_unit"), ==, 5);

  /* The one on screen, not the one in the drop-down's popover. */
  for (guint i = 0; i < entries->len; i++)
    if (gtk_widget_get_mapped (g_ptr_array_index (entries, i)))
      search = g_ptr_array_index (entries, i);
  g_assert_nonnull (search);
  gtk_editable_set_text (search, "PONLEY");
  wait_until (fixture, one_unit_filtered);
  gtk_editable_set_text (search, "គោកពន្លៃ");
  wait_until (fixture, one_unit_filtered);
  gtk_editable_set_text (search, "");

  for (guint i = 0; i < dropdowns->len; i++)
    if (gtk_widget_get_visible (g_ptr_array_index (dropdowns, i)))
      filter = g_ptr_array_index (dropdowns, i);
  g_assert_nonnull (filter);
  gtk_drop_down_set_selected (filter, 2);
  wait_until (fixture, one_unit_filtered);
  gtk_drop_down_set_selected (filter, 0);
  g_assert_cmpuint (count_shown (fixture, "service_unit"), ==, 5);
}

static GtkWidget *
find_page_field (Fixture    *fixture,
                 const char *table,
                 const char *column)
{
  const IsafColumn *spec = isaf_schema_find_column (isaf_schema_find_table (table), column);
  g_autoptr(GPtrArray) rows = isaf_gui_test_find_widgets (fixture->page, ADW_TYPE_PREFERENCES_ROW);

  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, i)),
                   _(spec->label)) == 0)
      return g_ptr_array_index (rows, i);
  g_error ("No field for %s", column);
}

static gboolean
commune_saved (Fixture *fixture)
{
  return table_changed (fixture, "commune") && !isaf_commune_page_get_loading (fixture->page);
}

/* The profile: the gazetteer's names, and contacts checked as they are typed. */
static void
test_profile (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *phone_message = dup_core_message ("commune", "chief_phone", "phone");
  g_autoptr(GPtrArray) communes = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *chief, *phone, *save;
  char *message;

  show_registry (fixture, "profile");
  chief = find_page_field (fixture, "commune", "chief_name");
  phone = find_page_field (fixture, "commune", "chief_phone");
  save = isaf_gui_test_find_button (fixture->page, "commune.save-profile");
  g_assert_false (gtk_widget_is_sensitive (save));

  type_text (chief, "ហេង សុភា");
  g_assert_true (gtk_widget_is_sensitive (save));
  type_text (phone, "phone");
  message = dup_message (phone);
  g_assert_cmpstr (message, ==, phone_message);
  g_free (message);
  g_assert_false (gtk_widget_is_sensitive (save));
  type_text (phone, "+855 12 345 678");
  g_assert_null (dup_message (phone));
  g_assert_true (gtk_widget_is_sensitive (save));

  gtk_widget_activate (save);
  wait_until (fixture, commune_saved);
  g_assert_false (gtk_widget_is_sensitive (save));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (chief)), ==, "ហេង សុភា");

  communes = isaf_store_list (fixture->store, "commune", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (communes->len, ==, 1);
  g_assert_cmpstr (isaf_record_get_text (g_ptr_array_index (communes, 0), "chief_name"), ==,
                   "ហេង សុភា");
  g_assert_cmpstr (isaf_record_get_text (g_ptr_array_index (communes, 0), "chief_phone"), ==,
                   "+855 12 345 678");
  g_assert_true (isaf_record_get_text (g_ptr_array_index (communes, 0), "clerk_name") == NULL);
}

/* Every registry at 1366×768, for the eyes. */
static void
test_screenshots (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char * const names[] = {
    "profile", "villages", "service-units", "cafs", "jaapc-members",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      show_registry (fixture, names[i]);
      save_screenshot (GTK_WIDGET (fixture->window), names[i]);
    }

  /* A new service unit, as its editor opens. */
  show_registry (fixture, "service-units");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (find_view (fixture, "service_unit")),
                                             "registry.add", NULL));
  wait_until (fixture, editor_is_open);
  save_screenshot (GTK_WIDGET (find_editor ()), "service-unit-editor");
  gtk_widget_activate_action (GTK_WIDGET (find_editor ()), "window.close", NULL);
  wait_until (fixture, editor_is_closed);

  /* In a 1024×768 window, beside the window's sidebar: the facilitators have the most
   * columns, and every registry's name must still fit. */
  gtk_window_set_default_size (fixture->window, 760, 700);
  show_registry (fixture, "cafs");
  isaf_gui_test_wait_for_frame (GTK_WIDGET (fixture->window));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), ==, 760);
  save_screenshot (GTK_WIDGET (fixture->window), "cafs-narrow");
}

int
main (int   argc,
      char *argv[])
{
  isaf_gui_test_init (&argc, &argv);
  adw_init ();
  /* Screenshots show rows as they settle, not halfway through an animation. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/commune-page/profile", Fixture, NULL, fixture_set_up, test_profile,
              fixture_tear_down);
  g_test_add ("/commune-page/caf-validation", Fixture, NULL, fixture_set_up,
              test_caf_validation, fixture_tear_down);
  g_test_add ("/commune-page/caf-edit", Fixture, &one_caf, fixture_set_up, test_caf_edit,
              fixture_tear_down);
  g_test_add ("/commune-page/caf-delete-undo", Fixture, &one_caf, fixture_set_up,
              test_caf_delete_undo, fixture_tear_down);
  g_test_add ("/commune-page/service-unit-delete-undo", Fixture, &one_unit, fixture_set_up,
              test_unit_delete_undo, fixture_tear_down);
  g_test_add ("/commune-page/search-and-filter", Fixture, &commune, fixture_set_up,
              test_search_and_filter, fixture_tear_down);
  g_test_add ("/commune-page/screenshots", Fixture, &commune, fixture_set_up,
              test_screenshots, fixture_tear_down);

  return g_test_run ();
}
