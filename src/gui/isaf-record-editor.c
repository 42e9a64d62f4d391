/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-record-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-khmer.h"
#include "isaf-record-editor.h"
#include "isaf-store.h"

/* A modal window that edits one record, or a record and the rows that go with it (a
 * facilitator and their four training modules): one form per record, all saved together in
 * one transaction, and only once every form is valid. */
struct _IsafRecordEditor
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkWidget *save_button;
  AdwPreferencesPage *page;
  GtkWidget *message_group;
  GtkLabel *message_label;

  IsafContext *context;
  GCancellable *cancellable;
  GPtrArray *forms;
  /* The records being saved, until the store answers. */
  GPtrArray *saving;
  gboolean can_save;

  /* A module's own save, or NULL for isaf_store_save_async(). */
  IsafRecordEditorSaveFunc save_func;
  IsafRecordEditorFinishFunc finish_func;
  gpointer save_data;
  GDestroyNotify save_data_destroy;
};

G_DEFINE_FINAL_TYPE (IsafRecordEditor, isaf_record_editor, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CAN_SAVE,
  N_PROPS
};

enum {
  SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* A record is saved when the user changed it, or when it is new along with the first one
 * (a new facilitator's four modules are saved with them, even before any training date is
 * known; a module row missing for a facilitator already saved waits for a date). */
static gboolean
form_needs_saving (IsafRecordEditor *self,
                   IsafRecordForm   *form)
{
  IsafRecordForm *first = g_ptr_array_index (self->forms, 0);

  return isaf_record_form_get_changed (form)
         || (!isaf_record_is_stored (isaf_record_form_get_record (form))
             && !isaf_record_is_stored (isaf_record_form_get_record (first)));
}

static void
update_can_save (IsafRecordEditor *self)
{
  gboolean can_save = self->saving == NULL && self->forms->len > 0;
  gboolean anything = FALSE;

  for (guint i = 0; i < self->forms->len; i++)
    {
      IsafRecordForm *form = g_ptr_array_index (self->forms, i);

      can_save = can_save && isaf_record_form_get_valid (form);
      anything = anything || form_needs_saving (self, form);
    }
  can_save = can_save && anything;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", can_save);
  if (self->can_save != can_save)
    {
      self->can_save = can_save;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_SAVE]);
    }
}

static void
show_message (IsafRecordEditor *self,
              const char       *message)
{
  g_autofree char *segmented = isaf_khmer_segment (message);

  gtk_label_set_label (self->message_label, segmented);
  gtk_widget_set_visible (self->message_group, message != NULL);
}

/* Every page that shows one of the tables reloads it. */
static void
announce_changes (IsafRecordEditor *self,
                  GPtrArray        *records)
{
  g_autoptr(GPtrArray) tables = g_ptr_array_new ();

  for (guint i = 0; i < records->len; i++)
    {
      const char *table = isaf_record_get_table_name (g_ptr_array_index (records, i));

      if (!g_ptr_array_find_with_equal_func (tables, table, g_str_equal, NULL))
        g_ptr_array_add (tables, (gpointer) table);
    }
  for (guint i = 0; i < tables->len; i++)
    isaf_context_data_changed (self->context, g_ptr_array_index (tables, i));
}

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  IsafRecordEditor *self = user_data;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  gboolean saved = self->finish_func
                   ? self->finish_func (ISAF_STORE (source), result, &error)
                   : isaf_store_save_finish (ISAF_STORE (source), result, &error);

  if (!saved && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  records = g_steal_pointer (&self->saving);

  if (error != NULL)
    {
      /* The core's sentence says what to change; the window stays open to change it. */
      g_warning ("Saving failed: %s", error->message);
      show_message (self, error->message);
      update_can_save (self);
      return;
    }

  announce_changes (self, records);
  g_signal_emit (self, signals[SAVED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  IsafRecordEditor *self = ISAF_RECORD_EDITOR (widget);
  GPtrArray *records;

  if (!self->can_save)
    return;

  records = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->forms->len; i++)
    {
      IsafRecordForm *form = g_ptr_array_index (self->forms, i);

      if (form_needs_saving (self, form))
        g_ptr_array_add (records, isaf_record_form_build (form));
    }

  /* The store checks and normalises the records on its thread: they are not touched here
   * until it answers. */
  self->saving = records;
  show_message (self, NULL);
  update_can_save (self);
  if (self->save_func)
    self->save_func (isaf_context_get_store (self->context), records, self->cancellable,
                     on_saved_cb, self, self->save_data);
  else
    isaf_store_save_async (isaf_context_get_store (self->context), records, self->cancellable,
                           on_saved_cb, self);
}

/* GObject ------------------------------------------------------------------------------- */

static gboolean
isaf_record_editor_close_request (GtkWindow *window)
{
  IsafRecordEditor *self = ISAF_RECORD_EDITOR (window);

  /* A save under way finishes first: closing now would leave the lists unaware of it. */
  if (self->saving != NULL)
    return TRUE;
  return GTK_WINDOW_CLASS (isaf_record_editor_parent_class)->close_request (window);
}

static void
isaf_record_editor_map (GtkWidget *widget)
{
  IsafRecordEditor *self = ISAF_RECORD_EDITOR (widget);

  GTK_WIDGET_CLASS (isaf_record_editor_parent_class)->map (widget);
  /* The first field, rather than the Cancel button. */
  if (gtk_window_get_focus (GTK_WINDOW (self)) == NULL
      || !gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (self)),
                                  GTK_WIDGET (self->page)))
    gtk_widget_child_focus (GTK_WIDGET (self->page), GTK_DIR_TAB_FORWARD);
}

static void
isaf_record_editor_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  IsafRecordEditor *self = ISAF_RECORD_EDITOR (object);

  switch (prop_id)
    {
    case PROP_CAN_SAVE:
      g_value_set_boolean (value, self->can_save);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_record_editor_dispose (GObject *object)
{
  IsafRecordEditor *self = ISAF_RECORD_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  for (guint i = 0; i < self->forms->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->forms, i), self);
  g_ptr_array_set_size (self->forms, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), ISAF_TYPE_RECORD_EDITOR);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (isaf_record_editor_parent_class)->dispose (object);
}

static void
isaf_record_editor_finalize (GObject *object)
{
  IsafRecordEditor *self = ISAF_RECORD_EDITOR (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->saving, g_ptr_array_unref);
  g_ptr_array_unref (self->forms);
  if (self->save_data_destroy)
    self->save_data_destroy (self->save_data);

  G_OBJECT_CLASS (isaf_record_editor_parent_class)->finalize (object);
}

static void
isaf_record_editor_class_init (IsafRecordEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->get_property = isaf_record_editor_get_property;
  object_class->dispose = isaf_record_editor_dispose;
  object_class->finalize = isaf_record_editor_finalize;
  widget_class->map = isaf_record_editor_map;
  window_class->close_request = isaf_record_editor_close_request;

  /**
   * IsafRecordEditor:can-save:
   *
   * Whether Save would save: every form valid, something to save, no save under way.
   */
  properties[PROP_CAN_SAVE] =
    g_param_spec_boolean ("can-save", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * IsafRecordEditor::saved:
   *
   * Everything was saved (and announced with isaf_context_data_changed()); the window
   * closes next.
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kh/gov/ncdd/IsafCommune/isaf-record-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, IsafRecordEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, IsafRecordEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, IsafRecordEditor, page);
  gtk_widget_class_bind_template_child (widget_class, IsafRecordEditor, message_group);
  gtk_widget_class_bind_template_child (widget_class, IsafRecordEditor, message_label);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
isaf_record_editor_init (IsafRecordEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->forms = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", FALSE);
}

/* Public API ---------------------------------------------------------------------------- */

/**
 * isaf_record_editor_new:
 * @context: the window's context
 * @parent: a widget in the window the editor belongs to
 * @title: what is edited ("New Facilitator")
 *
 * Returns: (transfer none): a new editor; present it once its forms are added. It destroys
 *   itself when closed or saved.
 */
IsafRecordEditor *
isaf_record_editor_new (IsafContext *context,
                        GtkWidget   *parent,
                        const char  *title)
{
  IsafRecordEditor *self;
  GtkRoot *root;

  g_return_val_if_fail (ISAF_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (GTK_IS_WIDGET (parent), NULL);

  self = g_object_new (ISAF_TYPE_RECORD_EDITOR, "title", title, NULL);
  self->context = g_object_ref (context);
  adw_window_title_set_title (self->window_title, title);
  root = gtk_widget_get_root (parent);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (root));
  return self;
}

/**
 * isaf_record_editor_add_group:
 * @self: an editor
 * @title: (nullable): the group's title
 * @description: (nullable): a sentence under the title
 *
 * Returns: (transfer none): a new group at the end of the editor, for fields
 */
AdwPreferencesGroup *
isaf_record_editor_add_group (IsafRecordEditor *self,
                              const char       *title,
                              const char       *description)
{
  AdwPreferencesGroup *group;

  g_return_val_if_fail (ISAF_IS_RECORD_EDITOR (self), NULL);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, title);
  if (description != NULL)
    {
      g_autofree char *segmented = isaf_khmer_segment (description);
      g_autofree char *escaped = g_markup_escape_text (segmented, -1);

      adw_preferences_group_set_description (group, escaped);
    }
  adw_preferences_page_add (self->page, group);
  return group;
}

/**
 * isaf_record_editor_add_form:
 * @self: an editor
 * @form: a form whose fields are in the editor's groups
 *
 * Adds a record to save; forms are saved in the order added (parents first).
 */
void
isaf_record_editor_add_form (IsafRecordEditor *self,
                             IsafRecordForm   *form)
{
  g_return_if_fail (ISAF_IS_RECORD_EDITOR (self));
  g_return_if_fail (ISAF_IS_RECORD_FORM (form));

  g_ptr_array_add (self->forms, g_object_ref (form));
  g_signal_connect_object (form, "notify::valid", G_CALLBACK (update_can_save), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (form, "notify::changed", G_CALLBACK (update_can_save), self,
                           G_CONNECT_SWAPPED);
  update_can_save (self);
}

gboolean
isaf_record_editor_get_can_save (IsafRecordEditor *self)
{
  g_return_val_if_fail (ISAF_IS_RECORD_EDITOR (self), FALSE);

  return self->can_save;
}

/**
 * isaf_record_editor_set_save_func:
 * @self: an editor
 * @save: starts saving the records
 * @finish: finishes what @save started
 * @user_data: for @save
 * @destroy: (nullable): frees @user_data with the editor
 *
 * Saves through a module's own save rather than isaf_store_save_async().
 */
void
isaf_record_editor_set_save_func (IsafRecordEditor          *self,
                                  IsafRecordEditorSaveFunc   save,
                                  IsafRecordEditorFinishFunc finish,
                                  gpointer                   user_data,
                                  GDestroyNotify             destroy)
{
  g_return_if_fail (ISAF_IS_RECORD_EDITOR (self));
  g_return_if_fail (save != NULL && finish != NULL);
  g_return_if_fail (self->save_func == NULL);

  self->save_func = save;
  self->finish_func = finish;
  self->save_data = user_data;
  self->save_data_destroy = destroy;
}
