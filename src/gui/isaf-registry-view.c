/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-registry-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "isaf-khmer.h"
#include "isaf-registry-view.h"

/* One registry of the commune (villages, service units, facilitators, committee members) as a
 * table: a search box that matches Khmer or Latin whatever way the Khmer was typed, an
 * optional filter, sortable columns, and the commands to add, edit and delete rows. The view
 * does not save anything itself: it asks, through its signals, whoever owns it. */
struct _IsafRegistryView
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkSearchEntry *search_entry;
  GtkDropDown *filter_dropdown;
  GtkWidget *add_button;
  GtkWidget *delete_button;
  GtkStack *stack;
  GtkColumnView *column_view;
  AdwStatusPage *empty_page;
  GListStore *store;
  GtkFilterListModel *filter_model;
  GtkSortListModel *sort_model;
  GtkSingleSelection *selection;
  GtkEveryFilter *filter;

  GtkCustomFilter *search_filter;
  GtkCustomFilter *choice_filter;
  char *table;
  char *title;
  /* The search text, normalised (see normalize_for_search()); NULL when empty. */
  char *search;
  const IsafRegistryColumn *columns;
  guint n_columns;
  gpointer user_data;
  IsafRegistryFilterFunc filter_func;
  gboolean can_add;
  gboolean can_delete;
};

G_DEFINE_FINAL_TYPE (IsafRegistryView, isaf_registry_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_TABLE,
  PROP_TITLE,
  PROP_CAN_ADD,
  PROP_CAN_DELETE,
  PROP_ADD_LABEL,
  PROP_EMPTY_TITLE,
  PROP_EMPTY_DESCRIPTION,
  PROP_EMPTY_ICON_NAME,
  N_PROPS
};

enum {
  ADD,
  EDIT,
  DELETE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Columns ------------------------------------------------------------------------------ */

typedef struct {
  IsafRegistryView *view;
  const IsafRegistryColumn *column;
} ColumnData;

static void
column_data_free (gpointer  data,
                  GClosure *closure)
{
  g_free (data);
}

/* Search compares text normalised as the core stores it (one spelling for identical-looking
 * Khmer), without case, with Khmer digits read as Western ones. */
static char *
normalize_for_search (const char *text)
{
  g_autofree char *normalized = isaf_khmer_normalize (text);
  g_autofree char *folded = g_utf8_casefold (normalized, -1);
  GString *result = g_string_sized_new (strlen (folded));

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x17E0 && c <= 0x17E9)
        g_string_append_c (result, '0' + (c - 0x17E0));
      else
        g_string_append_unichar (result, c);
    }
  return g_string_free (result, FALSE);
}

static void
on_cell_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  ColumnData               *data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *lines = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *text = gtk_label_new (NULL);
  GtkWidget *secondary = gtk_label_new (NULL);
  gboolean numeric = data->column->flags & ISAF_REGISTRY_COLUMN_NUMERIC;

  gtk_widget_set_visible (icon, FALSE);
  gtk_widget_add_css_class (icon, "warning");
  /* The sign says the same as the text beside it. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_widget_set_hexpand (lines, TRUE);
  gtk_widget_set_valign (lines, GTK_ALIGN_CENTER);

  gtk_label_set_xalign (GTK_LABEL (text), numeric ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_END);
  if (numeric)
    gtk_widget_add_css_class (text, "numeric");

  gtk_label_set_xalign (GTK_LABEL (secondary), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (secondary), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (secondary, "dim-label");
  gtk_widget_add_css_class (secondary, "caption");
  gtk_widget_set_visible (secondary, FALSE);

  gtk_box_append (GTK_BOX (lines), text);
  gtk_box_append (GTK_BOX (lines), secondary);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), lines);
  gtk_list_item_set_child (item, box);
}

static void
on_cell_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 ColumnData               *data)
{
  IsafRecord *record = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *icon = gtk_widget_get_first_child (box);
  GtkWidget *lines = gtk_widget_get_next_sibling (icon);
  GtkWidget *text = gtk_widget_get_first_child (lines);
  GtkWidget *secondary = gtk_widget_get_next_sibling (text);
  g_autofree char *value = data->column->text (record, data->view->user_data);
  g_autofree char *second = NULL;
  gboolean warning = (data->column->flags & ISAF_REGISTRY_COLUMN_WARNING)
                     && value != NULL && value[0] != '\0';

  if (data->column->secondary != NULL)
    second = data->column->secondary (record, data->view->user_data);

  gtk_label_set_label (GTK_LABEL (text), value ? value : "");
  gtk_widget_set_tooltip_text (text, value);
  gtk_label_set_label (GTK_LABEL (secondary), second ? second : "");
  gtk_widget_set_visible (secondary, second != NULL && second[0] != '\0');
  gtk_widget_set_visible (icon, warning);
  if (warning)
    gtk_widget_add_css_class (text, "warning");
  else
    gtk_widget_remove_css_class (text, "warning");
}

static char *
dup_sort_text (const ColumnData *data,
               IsafRecord       *record)
{
  g_autofree char *text = data->column->text (record, data->view->user_data);

  return g_utf8_collate_key (text ? text : "", -1);
}

static int
compare_cells (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const ColumnData *data = user_data;
  IsafRecord *record_a = ISAF_RECORD ((gpointer) a);
  IsafRecord *record_b = ISAF_RECORD ((gpointer) b);

  if (data->column->sort_key != NULL)
    {
      gint64 key_a = data->column->sort_key (record_a, data->view->user_data);
      gint64 key_b = data->column->sort_key (record_b, data->view->user_data);

      return key_a < key_b ? GTK_ORDERING_SMALLER
                           : key_a > key_b ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
    }
  else
    {
      g_autofree char *key_a = dup_sort_text (data, record_a);
      g_autofree char *key_b = dup_sort_text (data, record_b);

      return gtk_ordering_from_cmpfunc (strcmp (key_a, key_b));
    }
}

/* Filters ------------------------------------------------------------------------------ */

static gboolean
search_matches (gpointer item,
                gpointer user_data)
{
  IsafRegistryView *self = user_data;

  if (self->search == NULL)
    return TRUE;

  for (guint i = 0; i < self->n_columns; i++)
    {
      IsafRegistryTextFunc funcs[] = { self->columns[i].text, self->columns[i].secondary };

      for (guint f = 0; f < G_N_ELEMENTS (funcs); f++)
        {
          g_autofree char *text = funcs[f] ? funcs[f] (item, self->user_data) : NULL;
          g_autofree char *normalized = NULL;

          if (text == NULL)
            continue;
          normalized = normalize_for_search (text);
          if (strstr (normalized, self->search) != NULL)
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
choice_matches (gpointer item,
                gpointer user_data)
{
  IsafRegistryView *self = user_data;

  if (self->filter_func == NULL)
    return TRUE;
  return self->filter_func (item, gtk_drop_down_get_selected (self->filter_dropdown),
                            self->user_data);
}

/* State -------------------------------------------------------------------------------- */

static void
update_actions (IsafRegistryView *self)
{
  gboolean selected = gtk_single_selection_get_selected_item (self->selection) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "registry.add", self->can_add);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "registry.edit", selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "registry.delete",
                                 self->can_delete && selected);
}

static void
update_state (IsafRegistryView *self)
{
  const char *page = "list";

  if (g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) == 0)
    page = g_list_model_get_n_items (G_LIST_MODEL (self->store)) == 0 ? "empty" : "no-results";
  gtk_stack_set_visible_child_name (self->stack, page);
}

/* Callbacks ---------------------------------------------------------------------------- */

static void
on_search_changed_cb (IsafRegistryView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *search = normalize_for_search (text);

  g_clear_pointer (&self->search, g_free);
  if (search[0] != '\0')
    self->search = g_steal_pointer (&search);
  gtk_filter_changed (GTK_FILTER (self->search_filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_filter_selected_cb (IsafRegistryView *self)
{
  gtk_filter_changed (GTK_FILTER (self->choice_filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_items_changed_cb (IsafRegistryView *self)
{
  update_state (self);
  update_actions (self);
}

static void
on_selected_item_changed_cb (IsafRegistryView *self)
{
  update_actions (self);
}

static void
on_activate_cb (IsafRegistryView *self,
                guint             position)
{
  g_autoptr(IsafRecord) record = g_list_model_get_item (G_LIST_MODEL (self->selection),
                                                        position);

  if (record == NULL)
    return;
  gtk_single_selection_set_selected (self->selection, position);
  g_signal_emit (self, signals[EDIT], 0, record);
}

static void
add_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  IsafRegistryView *self = ISAF_REGISTRY_VIEW (widget);

  if (self->can_add)
    g_signal_emit (self, signals[ADD], 0);
}

static void
edit_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  IsafRegistryView *self = ISAF_REGISTRY_VIEW (widget);
  IsafRecord *record = isaf_registry_view_get_selected (self);

  if (record != NULL)
    g_signal_emit (self, signals[EDIT], 0, record);
}

static void
delete_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  IsafRegistryView *self = ISAF_REGISTRY_VIEW (widget);
  IsafRecord *record = isaf_registry_view_get_selected (self);

  if (self->can_delete && record != NULL)
    g_signal_emit (self, signals[DELETE], 0, record);
}

static void
search_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  IsafRegistryView *self = ISAF_REGISTRY_VIEW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Shortcuts that work wherever the focus is in the window, while this view is on screen:
 * GTK skips the shortcuts of unmapped widgets, so only the visible registry answers. */
static void
add_window_shortcuts (IsafRegistryView *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller),
                                     GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (
    GTK_SHORTCUT_CONTROLLER (controller),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_n, GDK_CONTROL_MASK),
                      gtk_named_action_new ("registry.add")));
  gtk_shortcut_controller_add_shortcut (
    GTK_SHORTCUT_CONTROLLER (controller),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_f, GDK_CONTROL_MASK),
                      gtk_named_action_new ("registry.search")));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  /* Delete only from the list itself: in the search box it deletes text. */
  controller = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (
    GTK_SHORTCUT_CONTROLLER (controller),
    gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                                                   gtk_keyval_trigger_new (GDK_KEY_KP_Delete, 0)),
                      gtk_named_action_new ("registry.delete")));
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), controller);
}

/* GObject ------------------------------------------------------------------------------ */

static void
isaf_registry_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  IsafRegistryView *self = ISAF_REGISTRY_VIEW (object);

  switch (prop_id)
    {
    case PROP_TABLE:
      g_value_set_string (value, self->table);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_CAN_ADD:
      g_value_set_boolean (value, self->can_add);
      break;
    case PROP_CAN_DELETE:
      g_value_set_boolean (value, self->can_delete);
      break;
    case PROP_ADD_LABEL:
      g_value_set_string (value, gtk_widget_get_tooltip_text (self->add_button));
      break;
    case PROP_EMPTY_TITLE:
      g_value_set_string (value, adw_status_page_get_title (self->empty_page));
      break;
    case PROP_EMPTY_DESCRIPTION:
      g_value_set_string (value, adw_status_page_get_description (self->empty_page));
      break;
    case PROP_EMPTY_ICON_NAME:
      g_value_set_string (value, adw_status_page_get_icon_name (self->empty_page));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_registry_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  IsafRegistryView *self = ISAF_REGISTRY_VIEW (object);

  switch (prop_id)
    {
    case PROP_TABLE:
      g_free (self->table);
      self->table = g_value_dup_string (value);
      break;
    case PROP_TITLE:
      {
        g_autofree char *search = NULL;

        g_free (self->title);
        self->title = g_value_dup_string (value);
        /* Translators: the accessible name of the search box above a list ("Search
         * Facilitators"). */
        search = g_strdup_printf (_("Search %s"), self->title ? self->title : "");
        gtk_accessible_update_property (GTK_ACCESSIBLE (self->column_view),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, self->title, -1);
        gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, search, -1);
      }
      break;
    case PROP_CAN_ADD:
      self->can_add = g_value_get_boolean (value);
      gtk_widget_set_visible (self->add_button, self->can_add);
      update_actions (self);
      break;
    case PROP_CAN_DELETE:
      self->can_delete = g_value_get_boolean (value);
      gtk_widget_set_visible (self->delete_button, self->can_delete);
      update_actions (self);
      break;
    case PROP_ADD_LABEL:
      gtk_widget_set_tooltip_text (self->add_button, g_value_get_string (value));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->add_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, g_value_get_string (value),
                                      -1);
      break;
    case PROP_EMPTY_TITLE:
      adw_status_page_set_title (self->empty_page, g_value_get_string (value));
      break;
    case PROP_EMPTY_DESCRIPTION:
      {
        g_autofree char *segmented = isaf_khmer_segment (g_value_get_string (value));
        g_autofree char *escaped = segmented ? g_markup_escape_text (segmented, -1) : NULL;

        adw_status_page_set_description (self->empty_page, escaped);
      }
      break;
    case PROP_EMPTY_ICON_NAME:
      adw_status_page_set_icon_name (self->empty_page, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_registry_view_dispose (GObject *object)
{
  IsafRegistryView *self = ISAF_REGISTRY_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ISAF_TYPE_REGISTRY_VIEW);
  g_clear_object (&self->search_filter);
  g_clear_object (&self->choice_filter);

  G_OBJECT_CLASS (isaf_registry_view_parent_class)->dispose (object);
}

static void
isaf_registry_view_finalize (GObject *object)
{
  IsafRegistryView *self = ISAF_REGISTRY_VIEW (object);

  g_free (self->table);
  g_free (self->title);
  g_free (self->search);

  G_OBJECT_CLASS (isaf_registry_view_parent_class)->finalize (object);
}

static void
isaf_registry_view_class_init (IsafRegistryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = isaf_registry_view_get_property;
  object_class->set_property = isaf_registry_view_set_property;
  object_class->dispose = isaf_registry_view_dispose;
  object_class->finalize = isaf_registry_view_finalize;

  /**
   * IsafRegistryView:table:
   *
   * The table whose rows the view lists.
   */
  properties[PROP_TABLE] =
    g_param_spec_string ("table", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * IsafRegistryView:title:
   *
   * What the list holds ("Facilitators"), for the accessible names of the list and its
   * search box.
   */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  /**
   * IsafRegistryView:can-add:
   *
   * Whether the user may add rows (villages come from the gazetteer and may not).
   */
  properties[PROP_CAN_ADD] =
    g_param_spec_boolean ("can-add", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);

  /**
   * IsafRegistryView:can-delete:
   *
   * Whether the user may delete rows.
   */
  properties[PROP_CAN_DELETE] =
    g_param_spec_boolean ("can-delete", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);

  /**
   * IsafRegistryView:add-label:
   *
   * What the add button does, for its tooltip and accessible name ("Add a facilitator").
   */
  properties[PROP_ADD_LABEL] =
    g_param_spec_string ("add-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  /**
   * IsafRegistryView:empty-title:
   *
   * The title shown while the registry has no rows.
   */
  properties[PROP_EMPTY_TITLE] =
    g_param_spec_string ("empty-title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  /**
   * IsafRegistryView:empty-description:
   *
   * What to do while the registry has no rows (plain text).
   */
  properties[PROP_EMPTY_DESCRIPTION] =
    g_param_spec_string ("empty-description", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  /**
   * IsafRegistryView:empty-icon-name:
   *
   * The icon shown while the registry has no rows.
   */
  properties[PROP_EMPTY_ICON_NAME] =
    g_param_spec_string ("empty-icon-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * IsafRegistryView::add:
   *
   * The user asked for a new row.
   */
  signals[ADD] = g_signal_new ("add", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                               NULL, NULL, G_TYPE_NONE, 0);

  /**
   * IsafRegistryView::edit:
   * @record: the row
   *
   * The user asked to edit @record (Enter, a double click or the edit button).
   */
  signals[EDIT] = g_signal_new ("edit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                NULL, NULL, G_TYPE_NONE, 1, ISAF_TYPE_RECORD);

  /**
   * IsafRegistryView::delete:
   * @record: the row
   *
   * The user asked to delete @record.
   */
  signals[DELETE] = g_signal_new ("delete", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, ISAF_TYPE_RECORD);

  /* The template's list store holds records. */
  g_type_ensure (ISAF_TYPE_RECORD);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kh/gov/ncdd/IsafCommune/isaf-registry-view.ui");
  gtk_widget_class_bind_template_child (widget_class, IsafRegistryView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, IsafRegistryView, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, IsafRegistryView, add_button);
  gtk_widget_class_bind_template_child (widget_class, IsafRegistryView, delete_button);
  gtk_widget_class_bind_template_child (widget_class, IsafRegistryView, stack);
  gtk_widget_class_bind_template_child (widget_class, IsafRegistryView, column_view);
  gtk_widget_class_bind_template_child (widget_class, IsafRegistryView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, IsafRegistryView, store);
  gtk_widget_class_bind_template_child (widget_class, IsafRegistryView, filter_model);
  gtk_widget_class_bind_template_child (widget_class, IsafRegistryView, sort_model);
  gtk_widget_class_bind_template_child (widget_class, IsafRegistryView, selection);
  gtk_widget_class_bind_template_child (widget_class, IsafRegistryView, filter);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_items_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_selected_item_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_activate_cb);

  gtk_widget_class_install_action (widget_class, "registry.add", NULL, add_activated);
  gtk_widget_class_install_action (widget_class, "registry.edit", NULL, edit_activated);
  gtk_widget_class_install_action (widget_class, "registry.delete", NULL, delete_activated);
  gtk_widget_class_install_action (widget_class, "registry.search", NULL, search_activated);
}

static void
isaf_registry_view_init (IsafRegistryView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->search_filter = gtk_custom_filter_new (search_matches, self, NULL);
  self->choice_filter = gtk_custom_filter_new (choice_matches, self, NULL);
  gtk_multi_filter_append (GTK_MULTI_FILTER (self->filter),
                           g_object_ref (GTK_FILTER (self->search_filter)));
  gtk_multi_filter_append (GTK_MULTI_FILTER (self->filter),
                           g_object_ref (GTK_FILTER (self->choice_filter)));
  gtk_sort_list_model_set_sorter (self->sort_model,
                                  gtk_column_view_get_sorter (self->column_view));
  add_window_shortcuts (self);
  update_state (self);
  update_actions (self);
}

/* Public API --------------------------------------------------------------------------- */

const char *
isaf_registry_view_get_table (IsafRegistryView *self)
{
  g_return_val_if_fail (ISAF_IS_REGISTRY_VIEW (self), NULL);

  return self->table;
}

/**
 * isaf_registry_view_set_columns:
 * @self: a registry view
 * @columns: (array length=n_columns): the columns, which must outlive @self (a static array)
 * @n_columns: how many
 * @user_data: passed to the columns' functions and to the filter function
 *
 * Sets the columns once; the first one sorts the rows until the user picks another.
 */
void
isaf_registry_view_set_columns (IsafRegistryView         *self,
                                const IsafRegistryColumn *columns,
                                guint                     n_columns,
                                gpointer                  user_data)
{
  GListModel *existing;

  g_return_if_fail (ISAF_IS_REGISTRY_VIEW (self));
  existing = gtk_column_view_get_columns (self->column_view);
  g_return_if_fail (g_list_model_get_n_items (existing) == 0);

  self->columns = columns;
  self->n_columns = n_columns;
  self->user_data = user_data;

  for (guint i = 0; i < n_columns; i++)
    {
      ColumnData *data = g_new0 (ColumnData, 1);
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;
      GtkSorter *sorter;

      data->view = self;
      data->column = &columns[i];
      g_signal_connect_data (factory, "setup", G_CALLBACK (on_cell_setup_cb), data,
                             column_data_free, 0);
      g_signal_connect (factory, "bind", G_CALLBACK (on_cell_bind_cb), data);

      column = gtk_column_view_column_new (_(columns[i].title), factory);
      sorter = GTK_SORTER (gtk_custom_sorter_new (compare_cells, data, NULL));
      gtk_column_view_column_set_sorter (column, sorter);
      g_object_unref (sorter);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, columns[i].flags & ISAF_REGISTRY_COLUMN_EXPAND);
      gtk_column_view_append_column (self->column_view, column);
    }

  if (n_columns > 0)
    {
      g_autoptr(GtkColumnViewColumn) first = g_list_model_get_item (existing, 0);

      gtk_column_view_sort_by_column (self->column_view, first, GTK_SORT_ASCENDING);
    }
}

/**
 * isaf_registry_view_set_filter:
 * @self: a registry view
 * @labels: (array zero-terminated=1): the choices of the filter, untranslated (N_); the
 *   first is selected
 * @func: whether a record is shown for the chosen item
 */
void
isaf_registry_view_set_filter (IsafRegistryView          *self,
                               const char * const        *labels,
                               IsafRegistryFilterFunc     func)
{
  g_autoptr(GtkStringList) items = gtk_string_list_new (NULL);

  g_return_if_fail (ISAF_IS_REGISTRY_VIEW (self));

  for (guint i = 0; labels[i] != NULL; i++)
    gtk_string_list_append (items, _(labels[i]));
  self->filter_func = func;
  gtk_drop_down_set_model (self->filter_dropdown, G_LIST_MODEL (items));
  gtk_drop_down_set_selected (self->filter_dropdown, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->filter_dropdown), TRUE);
  gtk_filter_changed (GTK_FILTER (self->choice_filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/**
 * isaf_registry_view_set_records:
 * @self: a registry view
 * @records: (element-type IsafRecord): the rows, as just read from the store
 *
 * Replaces the rows; the row that was selected stays selected if it is still there.
 */
void
isaf_registry_view_set_records (IsafRegistryView *self,
                                GPtrArray        *records)
{
  IsafRecord *selected;
  IsafUuid selected_id;
  gboolean had_selection;

  g_return_if_fail (ISAF_IS_REGISTRY_VIEW (self));

  selected = isaf_registry_view_get_selected (self);
  had_selection = selected != NULL;
  if (had_selection)
    selected_id = *isaf_record_get_id (selected);

  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       records->pdata, records->len);

  if (had_selection)
    isaf_registry_view_select (self, &selected_id);
}

/**
 * isaf_registry_view_refresh:
 * @self: a registry view
 *
 * Shows the rows again, for when what the columns show changed but not the rows themselves
 * (the digits, the names of villages, the trainings of a facilitator).
 */
void
isaf_registry_view_refresh (IsafRegistryView *self)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_items;

  g_return_if_fail (ISAF_IS_REGISTRY_VIEW (self));

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  for (guint i = 0; i < n_items; i++)
    g_ptr_array_add (records, g_list_model_get_item (G_LIST_MODEL (self->store), i));
  isaf_registry_view_set_records (self, records);
}

/**
 * isaf_registry_view_get_selected:
 * @self: a registry view
 *
 * Returns: (transfer none) (nullable): the selected row
 */
IsafRecord *
isaf_registry_view_get_selected (IsafRegistryView *self)
{
  g_return_val_if_fail (ISAF_IS_REGISTRY_VIEW (self), NULL);

  return gtk_single_selection_get_selected_item (self->selection);
}

/**
 * isaf_registry_view_select:
 * @self: a registry view
 * @id: the id of a row
 *
 * Selects the row with @id, if it is shown.
 *
 * Returns: whether the row is shown
 */
gboolean
isaf_registry_view_select (IsafRegistryView *self,
                           const IsafUuid   *id)
{
  GListModel *model;
  guint n_items;

  g_return_val_if_fail (ISAF_IS_REGISTRY_VIEW (self), FALSE);

  model = G_LIST_MODEL (self->selection);
  n_items = g_list_model_get_n_items (model);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(IsafRecord) record = g_list_model_get_item (model, i);

      if (isaf_uuid_equal (isaf_record_get_id (record), id))
        {
          gtk_single_selection_set_selected (self->selection, i);
          return TRUE;
        }
    }
  return FALSE;
}
