/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "isaf-context.h"
#include "isaf-database.h"
#include "isaf-demo.h"
#include "isaf-error.h"
#include "isaf-gui-test-helpers.h"
#include "isaf-i4c.h"
#include "isaf-i4c-page.h"
#include "isaf-schema.h"
#include "isaf-store.h"
#include "isaf-test-helpers.h"
#include "isaf-validate.h"

#define COMMUNE_CODE "010201"
#define TIMEOUT_SECONDS 20
/* The demo's last complete year; the page shows the year after, which has nothing yet. */
#define LAST_YEAR 2025
#define THIS_YEAR 2026
/* 1024×768 beside the window's 230-pixel sidebar, under its header bar. */
#define PAGE_WIDTH 794
#define PAGE_HEIGHT 700

/* The I4C page in a window of its own, on a demo database in a temporary folder. */
typedef struct {
  char *dir;
  IsafDatabase *database;
  IsafStore *store;
  GSettings *settings;
  IsafContext *context;
  GtkWindow *window;
  IsafI4cPage *page;
  IsafUuid health_centre;
  /* What the page told the rest of the window. */
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

static gboolean
page_is_ready (Fixture *fixture)
{
  return gtk_widget_get_mapped (GTK_WIDGET (fixture->page))
         && !isaf_i4c_page_get_loading (fixture->page);
}

static void
wait_until_ready (Fixture *fixture)
{
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) page_is_ready, fixture, TIMEOUT_SECONDS);
  isaf_gui_test_wait_for_frame (GTK_WIDGET (fixture->window));
}

static gint64
count_rows (Fixture    *fixture,
            const char *sql)
{
  return isaf_test_run_query_int (fixture->database, sql);
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

/* Fixture ------------------------------------------------------------------------------- */

static void
find_unit (IsafStore  *store,
           const char *kind,
           IsafUuid   *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) units = isaf_store_list (store, "service_unit", NULL, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < units->len; i++)
    if (g_strcmp0 (isaf_record_get_text (g_ptr_array_index (units, i), "kind"), kind) == 0)
      {
        *id = *isaf_record_get_id (g_ptr_array_index (units, i));
        return;
      }
  g_assert_not_reached ();
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  IsafDemoOptions options = { .commune_code = COMMUNE_CODE, .years = 1, .seed = 7,
                              .last_year = LAST_YEAR };
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = isaf_gui_test_make_dir ("isaf-i4c-page-XXXXXX");
  path = g_build_filename (fixture->dir, "commune.sqlite", NULL);
  fixture->database = isaf_database_open (path, ISAF_DATABASE_OPEN_CREATE_NEW, &error);
  g_assert_no_error (error);
  g_assert_true (isaf_demo_generate (fixture->database, &options, &error));
  g_assert_no_error (error);
  fixture->store = isaf_store_new (fixture->database);

  /* One of last year's figures was never known. */
  find_unit (fixture->store, "health_centre", &fixture->health_centre);
  g_assert_cmpint (isaf_test_run_sql (fixture->database, ISAF_DATABASE_WRITE,
                                      "UPDATE i4c_value SET value = NULL "
                                      "WHERE indicator_code = 'hc_delivery' AND i4c_set_id IN "
                                      "(SELECT id FROM i4c_set WHERE service_unit_id = ?1)",
                                      &fixture->health_centre), ==, SQLITE_OK);

  fixture->settings = g_settings_new (APP_ID);
  if (isaf_gui_test_is_khmer_run ())
    g_settings_set_boolean (fixture->settings, "khmer-digits", TRUE);
  fixture->context = isaf_context_new (fixture->database, fixture->settings);
  isaf_context_set_year (fixture->context, THIS_YEAR);
  fixture->changed_tables = g_ptr_array_new_with_free_func (g_free);
  fixture->toasts = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect_swapped (fixture->context, "data-changed", G_CALLBACK (on_data_changed_cb),
                            fixture);
  g_signal_connect_swapped (fixture->context, "toast", G_CALLBACK (on_toast_cb), fixture);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, PAGE_WIDTH, PAGE_HEIGHT);
  fixture->page = ISAF_I4C_PAGE (isaf_i4c_page_new (fixture->context));
  g_assert_true (isaf_i4c_page_get_loading (fixture->page));
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  gtk_window_present (fixture->window);
  wait_until_ready (fixture);
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
  g_assert_null (isaf_gui_test_find_toplevel (ADW_TYPE_WINDOW));

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

/* Widgets ------------------------------------------------------------------------------- */

static gpointer
get_child (Fixture    *fixture,
           const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (fixture->page), ISAF_TYPE_I4C_PAGE,
                                                  name);

  g_assert_nonnull (child);
  return child;
}

static IsafDigits
get_digits (Fixture *fixture)
{
  return isaf_context_get_digits (fixture->context);
}

/* Picks a unit from the list, as a clerk does, and waits for its sheet. */
static void
select_unit (Fixture        *fixture,
             const IsafUuid *unit)
{
  GtkDropDown *dropdown = get_child (fixture, "unit_dropdown");
  GListModel *units = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (units); i++)
    {
      g_autoptr(IsafRecord) record = g_list_model_get_item (units, i);

      if (isaf_uuid_equal (isaf_record_get_id (record), unit))
        {
          gtk_drop_down_set_selected (dropdown, i);
          wait_until_ready (fixture);
          return;
        }
    }
  g_assert_not_reached ();
}

/* This year's value of each indicator, in order. */
static GPtrArray *
find_value_entries (Fixture *fixture)
{
  return isaf_gui_test_find_widgets (get_child (fixture, "indicators_group"), GTK_TYPE_ENTRY);
}

static GtkWidget *
get_row (GtkWidget *entry)
{
  return gtk_widget_get_ancestor (entry, ADW_TYPE_ACTION_ROW);
}

/* The numbers beside an entry: the standard (0) and last year's value (1). */
static const char *
get_column_text (GtkWidget *entry,
                 guint      column)
{
  g_autoptr(GPtrArray) labels = isaf_gui_test_find_widgets (get_row (entry), GTK_TYPE_LABEL);
  guint seen = 0;

  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_has_css_class (g_ptr_array_index (labels, i), "numeric"))
      {
        if (seen++ == column)
          return gtk_label_get_label (g_ptr_array_index (labels, i));
      }
  g_assert_not_reached ();
}

/* The message under an indicator, without the word breaks added for wrapping; NULL when
 * none is shown. */
static char *
dup_value_message (GtkWidget *entry)
{
  GtkWidget *message_row = gtk_widget_get_next_sibling (get_row (entry));

  g_assert_true (ADW_IS_PREFERENCES_ROW (message_row));
  if (!gtk_widget_get_visible (message_row))
    return NULL;
  return isaf_gui_test_strip_zwsp (gtk_label_get_label (
      GTK_LABEL (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (message_row)))));
}

static guint
count_list_rows (Fixture    *fixture,
                 const char *group)
{
  g_autoptr(GPtrArray) buttons = isaf_gui_test_find_widgets (get_child (fixture, group),
                                                             GTK_TYPE_BUTTON);
  guint n = 0;

  /* Each row has an edit and a remove button; the header's Add button is not counted. */
  for (guint i = 0; i < buttons->len; i++)
    n += g_strcmp0 (gtk_button_get_icon_name (g_ptr_array_index (buttons, i)),
                    "user-trash-symbolic") == 0;
  return n;
}

static gboolean
is_enabled (Fixture    *fixture,
            const char *button)
{
  return gtk_widget_is_sensitive (get_child (fixture, button));
}

/* Clicks @button as the user does, without the press animation's delay. */
static void
click (GtkWidget *button)
{
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
type_text (GtkWidget  *field,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (field), text);
}

static char *
dup_value_text (Fixture      *fixture,
                const double *value)
{
  return isaf_i4c_format_value (value, get_digits (fixture));
}

/* Saves what @widget shows as i4c-NAME.png, or i4c-km-NAME.png in the Khmer run. */
static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autofree char *file = g_strdup_printf ("i4c-%s%s.png",
                                           isaf_gui_test_is_khmer_run () ? "km-" : "", name);

  isaf_gui_test_save_screenshot_in_dir (widget, file);
}

/* Scrolls the sheet so that @widget is in view, for a screenshot. */
static void
scroll_to (Fixture   *fixture,
           GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *viewport = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  graphene_point_t point;

  /* Measured from the content, which the viewport moves as it scrolls. */
  g_assert_true (gtk_widget_compute_point (widget, gtk_viewport_get_child (GTK_VIEWPORT (viewport)),
                                           &GRAPHENE_POINT_INIT (0, 0), &point));
  gtk_adjustment_set_value (adjustment, point.y - 12);
  isaf_gui_test_wait_for_frame (GTK_WIDGET (fixture->window));
}

/* The row editor (fees, staff) ---------------------------------------------------------- */

static GtkWindow *
find_row_editor (void)
{
  GtkWindow *window = isaf_gui_test_find_toplevel (ADW_TYPE_WINDOW);

  return window != NULL && !ADW_IS_MESSAGE_DIALOG (window) ? window : NULL;
}

static gboolean
row_editor_is_open (Fixture *fixture)
{
  GtkWindow *window = find_row_editor ();

  return window != NULL && gtk_widget_get_mapped (GTK_WIDGET (window));
}

static gboolean
row_editor_is_closed (Fixture *fixture)
{
  return find_row_editor () == NULL;
}

static GtkWidget *
find_field (gpointer    root,
            const char *title)
{
  g_autoptr(GPtrArray) rows = isaf_gui_test_find_widgets (root, ADW_TYPE_PREFERENCES_ROW);

  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), title) == 0)
      return g_ptr_array_index (rows, i);
  g_error ("No field “%s”", title);
}

static GtkWidget *
find_column_field (gpointer    root,
                   const char *table,
                   const char *column)
{
  const IsafColumn *spec = isaf_schema_find_column (isaf_schema_find_table (table), column);

  return find_field (root, _(spec->label));
}

/* The form's message under a field; NULL when none is shown. */
static char *
dup_field_message (GtkWidget *field)
{
  GtkWidget *row = gtk_widget_get_next_sibling (field);

  if (!gtk_widget_get_visible (row))
    return NULL;
  return isaf_gui_test_strip_zwsp (gtk_label_get_label (
      GTK_LABEL (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)))));
}

static GtkWidget *
find_done_button (GtkWindow *window)
{
  g_autoptr(GPtrArray) buttons = isaf_gui_test_find_widgets (window, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (gtk_widget_has_css_class (g_ptr_array_index (buttons, i), "suggested-action"))
      return g_ptr_array_index (buttons, i);
  g_assert_not_reached ();
}

static GtkWindow *
open_row_editor (Fixture    *fixture,
                 const char *action)
{
  GtkWidget *button = isaf_gui_test_find_button (fixture->page, action);

  click (button);
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) row_editor_is_open, fixture, TIMEOUT_SECONDS);
  isaf_gui_test_wait_for_frame (GTK_WIDGET (find_row_editor ()));
  return find_row_editor ();
}

static void
press_done (Fixture   *fixture,
            GtkWindow *editor)
{
  GtkWidget *done = find_done_button (editor);

  click (done);
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) row_editor_is_closed, fixture,
                            TIMEOUT_SECONDS);
}

/* What the core says about a number in @column: the sentence the form must show. */
static char *
dup_core_message (const char *table,
                  const char *column,
                  gint64      number)
{
  const IsafColumn *spec = isaf_schema_find_column (isaf_schema_find_table (table), column);
  IsafValue value = { ISAF_VALUE_INTEGER, { .integer = number } };
  g_autoptr(GError) error = NULL;

  g_assert_false (isaf_validate_value (spec, COMMUNE_CODE, &value, &error));
  return g_strdup (error->message);
}

typedef struct {
  Fixture *fixture;
  guint n_toasts;
} SaveWait;

/* Saved: the page told the user, and shows the sheet read back. */
static gboolean
save_is_done (SaveWait *wait)
{
  return wait->fixture->toasts->len > wait->n_toasts && page_is_ready (wait->fixture);
}

static void
press_save (Fixture *fixture)
{
  SaveWait wait = { fixture, fixture->toasts->len };

  click (get_child (fixture, "save_button"));
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) save_is_done, &wait, TIMEOUT_SECONDS);
  isaf_gui_test_wait_for_frame (GTK_WIDGET (fixture->window));
}

/* Tests --------------------------------------------------------------------------------- */

/* Pick the health centre: last year's figures beside empty entries (a figure never known
 * shows "—"), a value typed and checked by the core as typed, last year copied in without
 * overwriting what was typed, and one Save for the whole sheet, announced to the window. */
static void
test_sheet (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IsafI4c) expected = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *negative_message = NULL;
  GtkDropDown *dropdown = get_child (fixture, "unit_dropdown");
  guint anc4 = G_MAXUINT, delivery = G_MAXUINT;
  gboolean missing;
  double value;

  /* The commune office comes first; its sheet has the commune's indicators. */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (dropdown)), ==, 8);
  entries = find_value_entries (fixture);
  g_assert_cmpuint (entries->len, ==, 3);
  g_clear_pointer (&entries, g_ptr_array_unref);

  select_unit (fixture, &fixture->health_centre);
  expected = isaf_i4c_load (fixture->database, &fixture->health_centre, THIS_YEAR, &error);
  g_assert_no_error (error);
  entries = find_value_entries (fixture);
  g_assert_cmpuint (entries->len, ==, isaf_i4c_get_n_indicators (expected));
  for (guint i = 0; i < entries->len; i++)
    {
      const IsafIndicator *indicator = isaf_i4c_get_indicator (expected, i);
      gboolean known = isaf_i4c_get_last_value (expected, i, &value);
      g_autofree char *last_text = dup_value_text (fixture, known ? &value : NULL);
      g_autofree char *standard = isaf_i4c_format_standard (indicator, get_digits (fixture));

      if (g_str_equal (indicator->code, "hc_anc4"))
        anc4 = i;
      if (g_str_equal (indicator->code, "hc_delivery"))
        delivery = i;
      /* Nothing typed this year: empty, shown as a dash. */
      g_assert_cmpstr (gtk_editable_get_text (g_ptr_array_index (entries, i)), ==, "");
      g_assert_cmpstr (gtk_entry_get_placeholder_text (g_ptr_array_index (entries, i)), ==,
                       ISAF_I4C_MISSING);
      g_assert_cmpstr (get_column_text (g_ptr_array_index (entries, i), 0), ==, standard);
      g_assert_cmpstr (get_column_text (g_ptr_array_index (entries, i), 1), ==, last_text);
    }
  g_assert_cmpuint (delivery, <, entries->len);
  g_assert_cmpstr (get_column_text (g_ptr_array_index (entries, delivery), 1), ==,
                   ISAF_I4C_MISSING);
  g_assert_false (is_enabled (fixture, "save_button"));
  g_assert_true (is_enabled (fixture, "copy_button"));
  g_assert_cmpuint (count_list_rows (fixture, "fees_group"), ==, 0);
  save_screenshot (GTK_WIDGET (fixture->window), "empty-year");

  /* Refused as typed, with the core's own sentence under the indicator. */
  g_assert_false (isaf_i4c_parse_value ("-5", &missing, &value, &error));
  negative_message = g_strdup (error->message);
  g_clear_error (&error);
  type_text (g_ptr_array_index (entries, anc4), "-5");
  {
    g_autofree char *message = dup_value_message (g_ptr_array_index (entries, anc4));

    g_assert_cmpstr (message, ==, negative_message);
  }
  g_assert_true (gtk_widget_has_css_class (g_ptr_array_index (entries, anc4), "error"));
  g_assert_false (is_enabled (fixture, "save_button"));
  save_screenshot (GTK_WIDGET (fixture->window), "refused");

  /* Khmer digits are digits. */
  type_text (g_ptr_array_index (entries, anc4), "៨៥");
  g_assert_null (dup_value_message (g_ptr_array_index (entries, anc4)));
  g_assert_true (is_enabled (fixture, "save_button"));

  click (get_child (fixture, "copy_button"));
  isaf_gui_test_wait_for_frame (GTK_WIDGET (fixture->window));
  g_assert_cmpstr (gtk_editable_get_text (g_ptr_array_index (entries, anc4)), ==, "៨៥");
  g_assert_cmpstr (gtk_editable_get_text (g_ptr_array_index (entries, delivery)), ==, "");
  for (guint i = 0; i < entries->len; i++)
    if (i != anc4 && isaf_i4c_get_last_value (expected, i, &value))
      {
        g_autofree char *text = dup_value_text (fixture, &value);

        g_assert_cmpstr (gtk_editable_get_text (g_ptr_array_index (entries, i)), ==, text);
      }
  g_assert_cmpuint (count_list_rows (fixture, "fees_group"), ==, 8);
  g_assert_cmpuint (count_list_rows (fixture, "staff_group"), ==, 4);
  g_assert_false (is_enabled (fixture, "copy_button"));
  g_assert_true (is_enabled (fixture, "save_button"));
  /* Nothing is written until Save. */
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM cycle WHERE year = 2026"), ==, 0);
  save_screenshot (GTK_WIDGET (fixture->window), "copied");
  scroll_to (fixture, get_child (fixture, "fees_group"));
  save_screenshot (GTK_WIDGET (fixture->window), "copied-fees");
  scroll_to (fixture, get_child (fixture, "budget_group"));
  save_screenshot (GTK_WIDGET (fixture->window), "copied-budget");

  press_save (fixture);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM i4c_set s JOIN cycle c "
                                        "ON c.id = s.cycle_id WHERE c.year = 2026"), ==, 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM i4c_value "
                                        "WHERE indicator_code = 'hc_anc4' AND value = 85"), ==, 1);
  /* Missing last year, missing this year: no row, and certainly no 0. */
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM i4c_value v JOIN i4c_set s "
                                        "ON s.id = v.i4c_set_id JOIN cycle c ON c.id = s.cycle_id "
                                        "WHERE c.year = 2026 AND v.indicator_code = 'hc_delivery'"),
                   ==, 0);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM i4c_fee f JOIN i4c_set s "
                                        "ON s.id = f.i4c_set_id JOIN cycle c ON c.id = s.cycle_id "
                                        "WHERE c.year = 2026"), ==, 8);
  g_assert_true (table_changed (fixture, "i4c_set"));
  g_assert_true (table_changed (fixture, "i4c_value"));
  g_assert_true (table_changed (fixture, "i4c_fee"));
  g_assert_true (table_changed (fixture, "i4c_staff"));
  g_assert_true (table_changed (fixture, "cycle"));

  /* Read back: the same figures, nothing left to save, a missing one still a dash. */
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = find_value_entries (fixture);
  g_assert_cmpstr (gtk_editable_get_text (g_ptr_array_index (entries, anc4)), ==,
                   isaf_gui_test_is_khmer_run () ? "៨៥" : "85");
  g_assert_cmpstr (gtk_editable_get_text (g_ptr_array_index (entries, delivery)), ==, "");
  g_assert_false (is_enabled (fixture, "save_button"));
  g_assert_false (is_enabled (fixture, "copy_button"));
  save_screenshot (GTK_WIDGET (fixture->window), "saved");
}

/* Fees and staff through their small editor (the shared form, the core's sentences), the
 * budget's rule across its two fields, services on several lines; one Save. */
static void
test_fees_staff_budget (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *negative = dup_core_message ("i4c_fee", "amount_riel", -100);
  g_autofree char *expected_amount = isaf_format_riel (2500, get_digits (fixture));
  g_autoptr(GPtrArray) labels = NULL;
  GtkWindow *editor;
  GtkWidget *service, *amount, *category, *women, *men, *received, *spent, *hours;
  GtkTextBuffer *services;
  gboolean amount_shown = FALSE;
  char *message;

  select_unit (fixture, &fixture->health_centre);

  editor = open_row_editor (fixture, "i4c.add-fee");
  g_assert_false (gtk_widget_is_sensitive (find_done_button (editor)));
  service = find_column_field (editor, "i4c_fee", "service_km");
  amount = find_field (editor, _("Fee in Riel"));
  type_text (service, "ពិនិត្យផ្ទៃពោះ");
  type_text (find_column_field (editor, "i4c_fee", "service_en"), "Antenatal care");
  type_text (amount, "-100");
  message = dup_field_message (amount);
  g_assert_cmpstr (message, ==, negative);
  g_free (message);
  g_assert_false (gtk_widget_is_sensitive (find_done_button (editor)));
  save_screenshot (GTK_WIDGET (editor), "fee-editor-refused");
  type_text (amount, "2,500");
  g_assert_null (dup_field_message (amount));
  save_screenshot (GTK_WIDGET (editor), "fee-editor");
  press_done (fixture, editor);
  g_assert_cmpuint (count_list_rows (fixture, "fees_group"), ==, 1);
  labels = isaf_gui_test_find_widgets (get_child (fixture, "fees_group"), GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    amount_shown |= g_strcmp0 (gtk_label_get_label (g_ptr_array_index (labels, i)),
                               expected_amount) == 0;
  g_assert_true (amount_shown);
  g_assert_true (is_enabled (fixture, "save_button"));

  editor = open_row_editor (fixture, "i4c.add-staff");
  category = find_column_field (editor, "i4c_staff", "category");
  women = find_column_field (editor, "i4c_staff", "women");
  men = find_column_field (editor, "i4c_staff", "men");
  type_text (category, "ឆ្មបមធ្យម");
  type_text (women, "២");
  type_text (men, "0");
  press_done (fixture, editor);
  g_assert_cmpuint (count_list_rows (fixture, "staff_group"), ==, 1);

  /* The same category twice is refused in the editor, which stays open to change it. */
  editor = open_row_editor (fixture, "i4c.add-staff");
  type_text (find_column_field (editor, "i4c_staff", "category"), "ឆ្មបមធ្យម");
  type_text (find_column_field (editor, "i4c_staff", "women"), "1");
  type_text (find_column_field (editor, "i4c_staff", "men"), "1");
  click (find_done_button (editor));
  isaf_gui_test_iterate_pending ();
  g_assert_true (row_editor_is_open (fixture));
  save_screenshot (GTK_WIDGET (editor), "staff-editor-duplicate");
  gtk_widget_activate_action (GTK_WIDGET (editor), "window.close", NULL);
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) row_editor_is_closed, fixture,
                            TIMEOUT_SECONDS);
  g_assert_cmpuint (count_list_rows (fixture, "staff_group"), ==, 1);

  /* More spent than received: said under the amount spent, and Save waits. */
  hours = find_column_field (fixture->page, "i4c_set", "opening_hours");
  received = find_column_field (fixture->page, "i4c_set", "budget_received_riel");
  spent = find_column_field (fixture->page, "i4c_set", "budget_spent_riel");
  type_text (hours, "ថ្ងៃច័ន្ទ ដល់ ថ្ងៃសុក្រ ម៉ោង ៧:០០ ដល់ ១៧:០០");
  type_text (received, "1,000,000");
  type_text (spent, "2000000");
  message = dup_field_message (spent);
  g_assert_nonnull (message);
  g_free (message);
  g_assert_false (is_enabled (fixture, "save_button"));
  scroll_to (fixture, get_child (fixture, "budget_group"));
  save_screenshot (GTK_WIDGET (fixture->window), "budget-refused");
  type_text (spent, "900000");
  g_assert_null (dup_field_message (spent));

  services = gtk_text_view_get_buffer (get_child (fixture, "services_view"));
  gtk_text_buffer_set_text (services, "ពិនិត្យជំងឺទូទៅ\nចាក់វ៉ាក់សាំងកុមារ\n", -1);
  g_assert_true (is_enabled (fixture, "save_button"));

  press_save (fixture);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM i4c_fee f JOIN i4c_set s "
                                        "ON s.id = f.i4c_set_id JOIN cycle c ON c.id = s.cycle_id "
                                        "WHERE c.year = 2026 AND f.deleted = 0 "
                                        "AND f.amount_riel = 2500 AND f.position = 1 "
                                        "AND f.service_en = 'Antenatal care'"), ==, 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM i4c_staff f JOIN i4c_set s "
                                        "ON s.id = f.i4c_set_id JOIN cycle c ON c.id = s.cycle_id "
                                        "WHERE c.year = 2026 AND f.deleted = 0 AND f.women = 2 "
                                        "AND f.men = 0"), ==, 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM i4c_set WHERE deleted = 0 "
                                        "AND budget_received_riel = 1000000 "
                                        "AND budget_spent_riel = 900000 "
                                        "AND services_offered = "
                                        "'ពិនិត្យជំងឺទូទៅ' || char(10) || 'ចាក់វ៉ាក់សាំងកុមារ'"),
                   ==, 1);
  g_assert_false (is_enabled (fixture, "save_button"));

  /* Removing the fee deletes it with the next Save. */
  g_clear_pointer (&labels, g_ptr_array_unref);
  {
    g_autoptr(GPtrArray) buttons = isaf_gui_test_find_widgets (get_child (fixture, "fees_group"),
                                                               GTK_TYPE_BUTTON);

    for (guint i = 0; i < buttons->len; i++)
      if (g_strcmp0 (gtk_button_get_icon_name (g_ptr_array_index (buttons, i)),
                     "user-trash-symbolic") == 0)
        {
          click (g_ptr_array_index (buttons, i));
          break;
        }
  }
  g_assert_cmpuint (count_list_rows (fixture, "fees_group"), ==, 0);
  press_save (fixture);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM i4c_fee WHERE deleted = 1 "
                                        "AND amount_riel = 2500"), ==, 1);
}

/* Last year's sheet as saved: a figure never known shows a dash, not 0; there is nothing to
 * copy from the year before; clearing a figure saves it as missing (NULL). */
static void
test_last_year (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(IsafI4c) expected = NULL;
  g_autoptr(GError) error = NULL;
  guint delivery = G_MAXUINT, anc4 = G_MAXUINT;
  double value;

  select_unit (fixture, &fixture->health_centre);
  isaf_context_set_year (fixture->context, LAST_YEAR);
  wait_until_ready (fixture);

  expected = isaf_i4c_load (fixture->database, &fixture->health_centre, LAST_YEAR, &error);
  g_assert_no_error (error);
  entries = find_value_entries (fixture);
  for (guint i = 0; i < entries->len; i++)
    {
      const char *code = isaf_i4c_get_indicator (expected, i)->code;
      gboolean known = isaf_i4c_get_value (expected, i, &value);
      g_autofree char *text = known ? dup_value_text (fixture, &value) : g_strdup ("");

      if (g_str_equal (code, "hc_delivery"))
        delivery = i;
      if (g_str_equal (code, "hc_anc4"))
        anc4 = i;
      g_assert_cmpstr (gtk_editable_get_text (g_ptr_array_index (entries, i)), ==, text);
      g_assert_cmpstr (get_column_text (g_ptr_array_index (entries, i), 1), ==, ISAF_I4C_MISSING);
    }
  g_assert_cmpstr (gtk_editable_get_text (g_ptr_array_index (entries, delivery)), ==, "");
  g_assert_false (is_enabled (fixture, "copy_button"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (get_child (fixture, "copy_button")), ==,
                   _("Last year has no sheet for this service unit"));
  save_screenshot (GTK_WIDGET (fixture->window), "last-year");

  type_text (g_ptr_array_index (entries, anc4), "");
  g_assert_null (dup_value_message (g_ptr_array_index (entries, anc4)));
  press_save (fixture);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM i4c_value v JOIN i4c_set s "
                                        "ON s.id = v.i4c_set_id JOIN cycle c ON c.id = s.cycle_id "
                                        "WHERE c.year = 2025 AND v.indicator_code = 'hc_anc4' "
                                        "AND v.value IS NULL AND v.deleted = 0"), ==, 1);
  g_assert_true (table_changed (fixture, "i4c_value"));
}

static gboolean
question_is_open (Fixture *fixture)
{
  GtkWindow *dialog = isaf_gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

  return dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog));
}

/* Presses the dialog's button labelled @label, as the user does. */
static void
answer (Fixture    *fixture,
        const char *label)
{
  g_autoptr(GPtrArray) buttons = NULL;
  GtkWindow *dialog;
  gboolean pressed = FALSE;

  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) question_is_open, fixture, TIMEOUT_SECONDS);
  dialog = isaf_gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  buttons = isaf_gui_test_find_widgets (dialog, GTK_TYPE_BUTTON);
  for (guint i = 0; i < buttons->len && !pressed; i++)
    if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)), label) == 0)
      {
        click (g_ptr_array_index (buttons, i));
        pressed = TRUE;
      }
  g_assert_true (pressed);
  ISAF_GUI_TEST_WAIT_FOR (isaf_gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL,
                          TIMEOUT_SECONDS);
}

/* Changing unit with a figure typed and not saved asks first: keep editing goes back to the
 * sheet, discard shows the other unit and saves nothing. */
static void
test_unsaved_changes (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkDropDown *dropdown = get_child (fixture, "unit_dropdown");
  g_autoptr(GPtrArray) entries = NULL;
  IsafUuid school;
  guint health_position;

  select_unit (fixture, &fixture->health_centre);
  health_position = gtk_drop_down_get_selected (dropdown);
  entries = find_value_entries (fixture);
  type_text (g_ptr_array_index (entries, 0), "70");

  find_unit (fixture->store, "primary_school", &school);
  g_assert_true (isaf_i4c_page_select_unit (fixture->page, &school));
  isaf_gui_test_wait_until ((IsafGuiTestDoneFunc) question_is_open, fixture, TIMEOUT_SECONDS);
  save_screenshot (GTK_WIDGET (isaf_gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)),
                   "unsaved-question");
  answer (fixture, _("_Keep Editing"));
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, health_position);
  g_assert_cmpstr (gtk_editable_get_text (g_ptr_array_index (entries, 0)), ==, "70");
  g_assert_true (is_enabled (fixture, "save_button"));

  g_assert_true (isaf_i4c_page_select_unit (fixture->page, &school));
  answer (fixture, _("_Discard"));
  wait_until_ready (fixture);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = find_value_entries (fixture);
  g_assert_cmpuint (entries->len, ==, 5);
  g_assert_false (is_enabled (fixture, "save_button"));
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM cycle WHERE year = 2026"), ==, 0);
  g_assert_false (table_changed (fixture, "i4c_value"));
}

/* The page beside the window's sidebar at 1024×768: nothing pushes the window wider. */
static void
test_fits (Fixture       *fixture,
           gconstpointer  data)
{
  select_unit (fixture, &fixture->health_centre);
  click (get_child (fixture, "copy_button"));
  isaf_gui_test_wait_for_frame (GTK_WIDGET (fixture->window));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), ==, PAGE_WIDTH);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (fixture->window)), ==, PAGE_HEIGHT);

  /* Khmer digits chosen in the preferences: the numbers shown follow at once. */
  {
    g_autoptr(GPtrArray) entries = find_value_entries (fixture);
    g_autoptr(IsafI4c) expected = isaf_i4c_load (fixture->database, &fixture->health_centre,
                                                 THIS_YEAR, NULL);
    gboolean khmer = !isaf_gui_test_is_khmer_run ();
    double value;

    g_settings_set_boolean (fixture->settings, "khmer-digits", khmer);
    for (guint i = 0; i < entries->len; i++)
      {
        gboolean known = isaf_i4c_get_last_value (expected, i, &value);
        g_autofree char *text = isaf_i4c_format_value (known ? &value : NULL,
                                                       khmer ? ISAF_DIGITS_KHMER
                                                             : ISAF_DIGITS_WESTERN);

        g_assert_cmpstr (get_column_text (g_ptr_array_index (entries, i), 1), ==, text);
        if (known)
          g_assert_cmpstr (gtk_editable_get_text (g_ptr_array_index (entries, i)), ==, text);
      }
    save_screenshot (GTK_WIDGET (fixture->window), "other-digits");
  }

  /* Every control is reachable from the keyboard. */
  g_assert_true (gtk_widget_get_focusable (get_child (fixture, "unit_dropdown"))
                 || gtk_widget_get_focusable (gtk_widget_get_first_child (
                        get_child (fixture, "unit_dropdown"))));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->page), GTK_DIR_TAB_FORWARD));
}

/* A commune whose service units are all gone: the page says where to add them. */
static void
test_no_units (Fixture       *fixture,
               gconstpointer  data)
{
  GtkStack *stack = get_child (fixture, "stack");

  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "sheet");
  g_assert_cmpint (isaf_test_run_sql (fixture->database, ISAF_DATABASE_WRITE,
                                      "UPDATE service_unit SET deleted = 1", NULL), ==, SQLITE_OK);
  isaf_context_data_changed (fixture->context, "service_unit");
  wait_until_ready (fixture);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  g_assert_false (gtk_widget_get_mapped (get_child (fixture, "save_button")));
  save_screenshot (GTK_WIDGET (fixture->window), "no-units");
}

int
main (int   argc,
      char *argv[])
{
  isaf_gui_test_init (&argc, &argv);
  adw_init ();
  /* Screenshots show rows as they settle, not halfway through an animation. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/i4c-page/sheet", Fixture, NULL, fixture_set_up, test_sheet, fixture_tear_down);
  g_test_add ("/i4c-page/fees-staff-budget", Fixture, NULL, fixture_set_up,
              test_fees_staff_budget, fixture_tear_down);
  g_test_add ("/i4c-page/last-year", Fixture, NULL, fixture_set_up, test_last_year,
              fixture_tear_down);
  g_test_add ("/i4c-page/unsaved-changes", Fixture, NULL, fixture_set_up, test_unsaved_changes,
              fixture_tear_down);
  g_test_add ("/i4c-page/fits", Fixture, NULL, fixture_set_up, test_fits, fixture_tear_down);
  g_test_add ("/i4c-page/no-units", Fixture, NULL, fixture_set_up, test_no_units,
              fixture_tear_down);

  return g_test_run ();
}
