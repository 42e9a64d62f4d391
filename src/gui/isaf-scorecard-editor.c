/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-scorecard-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "isaf-error.h"
#include "isaf-format.h"
#include "isaf-gui-util.h"
#include "isaf-scorecard-editor-private.h"
#include "isaf-validate.h"

/* The editor of one community scorecard or self-assessment, in six tabs taken in the order
 * of the meeting: the details, the participants, the indicators, the votes, the notes and the
 * results. It edits its own copy of the scorecard and saves it whole through
 * isaf_scorecard_save(), one transaction: nothing is half-saved. Single fields are checked as
 * they are typed, with the core's sentences; the rules that span rows are the core's, whose
 * sentence shows at the top when Save or Mark as Done is pressed, with the tab where it can
 * be fixed brought forward. The tabs are built by the files named after them. */

static const struct {
  const char *name;
  const char *title;
  const char *icon;
} tabs[ISAF_SCORECARD_N_TABS] = {
  { "details", N_("_Details"), "document-properties-symbolic" },
  { "participants", N_("_Participants"), "system-users-symbolic" },
  { "indicators", N_("_Indicators"), "view-list-bullet-symbolic" },
  { "votes", N_("_Votes"), "view-grid-symbolic" },
  { "notes", N_("_Notes"), "accessories-text-editor-symbolic" },
  { "results", N_("_Results"), "x-office-presentation-symbolic" },
};

G_DEFINE_FINAL_TYPE (IsafScorecardEditor, isaf_scorecard_editor, ADW_TYPE_WINDOW)

/* Copies -------------------------------------------------------------------------------- */

/* The same row, stored or new, with the same changes marked. */
static IsafRecord *
copy_record (IsafRecord *record)
{
  const IsafTable *table = isaf_record_get_table (record);
  IsafRecord *copy = isaf_record_new_with_id (table->name, isaf_record_get_id (record));
  guint64 changed = isaf_record_get_changed_mask (record);

  for (guint i = 0; i < table->n_columns; i++)
    isaf_value_copy (isaf_record_value_at (record, i), isaf_record_value_at (copy, i));
  if (!isaf_record_is_stored (record))
    return copy;

  isaf_record_mark_stored (copy, isaf_record_get_deleted (record));
  for (guint i = 0; i < table->n_columns; i++)
    if ((changed >> i) & 1)
      isaf_record_set_value (copy, table->columns[i].name, isaf_record_value_at (record, i));
  return copy;
}

static IsafScorecard *
copy_scorecard (IsafScorecard *scorecard)
{
  IsafScorecard *copy = isaf_scorecard_new (scorecard->year, NULL);

  g_clear_object (&copy->record);
  copy->record = copy_record (scorecard->record);
  g_array_append_vals (copy->facilitators, scorecard->facilitators->data,
                       scorecard->facilitators->len);
  copy->participants_one_by_one = scorecard->participants_one_by_one;
  for (guint i = 0; i < scorecard->participants->len; i++)
    g_ptr_array_add (copy->participants,
                     copy_record (g_ptr_array_index (scorecard->participants, i)));
  memcpy (copy->participant_counts, scorecard->participant_counts,
          sizeof copy->participant_counts);
  copy->votes_one_by_one = scorecard->votes_one_by_one;

  for (guint i = 0; i < scorecard->indicators->len; i++)
    {
      IsafScorecardIndicator *indicator = g_ptr_array_index (scorecard->indicators, i);
      IsafScorecardIndicator *added = isaf_scorecard_add_indicator (copy, NULL, "", NULL);

      g_clear_object (&added->record);
      added->record = copy_record (indicator->record);
      g_array_set_size (added->scores, 0);
      g_array_append_vals (added->scores, indicator->scores->data, indicator->scores->len);
      added->tally = indicator->tally;
      for (guint k = 0; k < ISAF_N_NOTE_KINDS; k++)
        for (guint n = 0; n < indicator->notes[k]->len; n++)
          g_ptr_array_add (added->notes[k], g_strdup (g_ptr_array_index (indicator->notes[k], n)));
    }
  return copy;
}

/* What is typed wrong ------------------------------------------------------------------- */

typedef struct {
  IsafScorecardEditor *self;
  IsafScorecardTab tab;
  char *message;
} Invalid;

static void update_actions (IsafScorecardEditor *self);

static void
show_tab_message (IsafScorecardEditor *self,
                  IsafScorecardTab     tab,
                  const char          *message)
{
  GHashTableIter iter;
  gpointer value;

  if (self->tab_messages[tab] == NULL)
    return;

  /* The one just typed, or else any other still wrong in the tab. */
  g_hash_table_iter_init (&iter, self->invalid);
  while (message == NULL && g_hash_table_iter_next (&iter, NULL, &value))
    if (((Invalid *) value)->tab == tab)
      message = ((Invalid *) value)->message;

  if (message != NULL)
    {
      g_autofree char *shown = isaf_context_format_digits (self->context, message);

      isaf_gui_set_wrapping_text (self->tab_messages[tab], shown);
    }
  gtk_widget_set_visible (self->tab_message_rows[tab], message != NULL);
}

static void
invalid_free (gpointer data)
{
  Invalid *invalid = data;

  g_free (invalid->message);
  g_free (invalid);
}

static void
on_invalid_widget_gone_cb (gpointer  data,
                           GObject  *where_the_widget_was)
{
  Invalid *invalid = data;
  IsafScorecardEditor *self = invalid->self;
  IsafScorecardTab tab = invalid->tab;

  g_hash_table_remove (self->invalid, where_the_widget_was);
  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  show_tab_message (self, tab, NULL);
  update_actions (self);
}

/**
 * isaf_scorecard_editor_set_invalid:
 * @self: the editor
 * @tab: the tab @widget is in
 * @widget: a field
 * @message: (nullable): the core's sentence about what is typed in it, or %NULL when it is
 *   fine
 *
 * Marks @widget as holding something the core refuses (Save waits), or no longer.
 */
void
isaf_scorecard_editor_set_invalid (IsafScorecardEditor *self,
                                   IsafScorecardTab     tab,
                                   GtkWidget           *widget,
                                   const char          *message)
{
  Invalid *invalid = g_hash_table_lookup (self->invalid, widget);

  if (message != NULL && invalid == NULL)
    {
      invalid = g_new0 (Invalid, 1);
      invalid->self = self;
      invalid->tab = tab;
      g_hash_table_insert (self->invalid, widget, invalid);
      g_object_weak_ref (G_OBJECT (widget), on_invalid_widget_gone_cb, invalid);
    }
  else if (message == NULL && invalid != NULL)
    {
      g_object_weak_unref (G_OBJECT (widget), on_invalid_widget_gone_cb, invalid);
      g_hash_table_remove (self->invalid, widget);
      invalid = NULL;
    }
  if (invalid != NULL)
    {
      g_free (invalid->message);
      invalid->message = g_strdup (message);
    }

  if (message != NULL)
    gtk_widget_add_css_class (widget, "error");
  else
    gtk_widget_remove_css_class (widget, "error");
  gtk_widget_set_tooltip_text (widget, message);
  gtk_accessible_update_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_INVALID,
                               message != NULL ? GTK_ACCESSIBLE_INVALID_TRUE
                                               : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
  show_tab_message (self, tab, message);
  update_actions (self);
}

static void
forget_invalid (IsafScorecardEditor *self)
{
  GHashTableIter iter;
  gpointer widget, invalid;

  g_hash_table_iter_init (&iter, self->invalid);
  while (g_hash_table_iter_next (&iter, &widget, &invalid))
    {
      g_object_weak_unref (widget, on_invalid_widget_gone_cb, invalid);
      g_hash_table_iter_remove (&iter);
    }
}

/* Shared helpers ------------------------------------------------------------------------- */

const IsafColumn *
isaf_scorecard_editor_column (const char *table,
                              const char *column)
{
  return isaf_schema_find_column (isaf_schema_find_table (table), column);
}

AdwPreferencesGroup *
isaf_scorecard_editor_add_group (AdwPreferencesPage *page,
                                 const char         *title,
                                 const char         *description)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  if (title != NULL)
    {
      g_autofree char *escaped = isaf_gui_dup_row_text (title);

      adw_preferences_group_set_title (group, escaped);
    }
  if (description != NULL)
    {
      g_autofree char *escaped = isaf_gui_dup_row_text (description);

      adw_preferences_group_set_description (group, escaped);
    }
  adw_preferences_page_add (page, group);
  return group;
}

void
isaf_scorecard_editor_add_tab_message (IsafScorecardEditor *self,
                                       IsafScorecardTab     tab,
                                       AdwPreferencesGroup *group)
{
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *row = isaf_gui_create_message_row (&self->tab_messages[tab]);

  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  gtk_widget_set_margin_top (list, 6);
  g_object_bind_property (row, "visible", list, "visible", G_BINDING_SYNC_CREATE);
  adw_preferences_group_add (group, list);
  self->tab_message_rows[tab] = row;
}

GtkWidget *
isaf_scorecard_editor_create_header (const char *text)
{
  GtkWidget *label = isaf_scorecard_editor_create_wrapping_label (text);

  /* Whole words only: a narrow column must not break a title in the middle of a word. */
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_valign (label, GTK_ALIGN_END);
  return label;
}

GtkWidget *
isaf_scorecard_editor_create_wrapping_label (const char *text)
{
  GtkWidget *label = gtk_label_new (NULL);

  isaf_gui_set_wrapping_text (GTK_LABEL (label), text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  return label;
}

/* A small entry for a whole number, shown in the digits the user chose. */
GtkWidget *
isaf_scorecard_editor_create_number_entry (IsafScorecardEditor *self,
                                           const char          *label,
                                           gint64               value)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 4);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), 6);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_DIGITS);
  gtk_editable_set_alignment (GTK_EDITABLE (entry), 1.0);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  if (value >= 0)
    {
      g_autofree char *text = isaf_context_format_integer (self->context, value);

      gtk_editable_set_text (GTK_EDITABLE (entry), text);
    }
  return entry;
}

gboolean
isaf_scorecard_editor_read_number (IsafScorecardEditor *self,
                                   IsafScorecardTab     tab,
                                   GtkWidget           *entry,
                                   const IsafColumn    *column,
                                   gint64              *value)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  IsafValue checked = { ISAF_VALUE_INTEGER };
  g_autoptr(GError) error = NULL;

  if (text[0] == '\0')
    {
      *value = -1;
      isaf_scorecard_editor_set_invalid (self, tab, entry, NULL);
      return TRUE;
    }

  if (!isaf_parse_integer (text, &checked.integer))
    {
      g_autofree char *message = g_strdup_printf (_("%s must be a whole number, written with "
                                                    "digits only."),
                                                  _(column->label));

      isaf_scorecard_editor_set_invalid (self, tab, entry, message);
      return FALSE;
    }
  if (!isaf_validate_value (column, self->commune_code, &checked, &error))
    {
      isaf_scorecard_editor_set_invalid (self, tab, entry, error->message);
      return FALSE;
    }
  *value = checked.integer;
  isaf_scorecard_editor_set_invalid (self, tab, entry, NULL);
  return TRUE;
}

const char *
isaf_scorecard_editor_indicator_name (IsafScorecardIndicator *indicator)
{
  const char *name_km = isaf_record_get_text (indicator->record, "name_km");

  return name_km != NULL && name_km[0] != '\0' ? name_km
                                                : isaf_record_get_text (indicator->record,
                                                                        "name_en");
}

/* Community scorecards of the commune office are held village by village. */
gboolean
isaf_scorecard_editor_is_per_village (IsafScorecardEditor *self)
{
  IsafRecord *unit = isaf_scorecard_editor_get_unit (self);

  return g_str_equal (self->kind, "csc") && unit != NULL
         && g_strcmp0 (isaf_record_get_text (unit, "kind"), "commune_office") == 0;
}

/* State ---------------------------------------------------------------------------------- */

static gboolean
can_save_now (IsafScorecardEditor *self)
{
  return !self->saving && !self->building && isaf_scorecard_editor_details_valid (self)
         && g_hash_table_size (self->invalid) == 0;
}

static void
update_actions (IsafScorecardEditor *self)
{
  gboolean draft = g_strcmp0 (self->status, "done") != 0;

  if (self->building)
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save",
                                 can_save_now (self) && self->dirty);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.mark-done",
                                 can_save_now (self) && draft);
  gtk_widget_set_visible (self->done_button, draft);
}

void
isaf_scorecard_editor_changed (IsafScorecardEditor *self)
{
  if (self->building)
    return;
  self->dirty = TRUE;
  update_actions (self);
}

void
isaf_scorecard_editor_structure_changed (IsafScorecardEditor *self)
{
  self->votes.stale = TRUE;
  self->notes.stale = TRUE;
  isaf_scorecard_editor_changed (self);
}

static IsafScorecardTab
find_tab (const char *name)
{
  for (IsafScorecardTab tab = 0; tab < ISAF_SCORECARD_N_TABS; tab++)
    if (g_strcmp0 (tabs[tab].name, name) == 0)
      return tab;
  return ISAF_SCORECARD_N_TABS;
}

/* Each tab shows the scorecard as it is now when it comes forward. */
static void
on_visible_tab_cb (IsafScorecardEditor *self)
{
  switch (find_tab (adw_view_stack_get_visible_child_name (self->stack)))
    {
    case ISAF_SCORECARD_TAB_VOTES:
      isaf_scorecard_editor_refresh_votes (self);
      break;
    case ISAF_SCORECARD_TAB_NOTES:
      isaf_scorecard_editor_refresh_notes (self);
      break;
    case ISAF_SCORECARD_TAB_RESULTS:
      isaf_scorecard_editor_refresh_results (self);
      break;
    case ISAF_SCORECARD_TAB_DETAILS:
    case ISAF_SCORECARD_TAB_PARTICIPANTS:
    case ISAF_SCORECARD_TAB_INDICATORS:
    case ISAF_SCORECARD_N_TABS:
    default:
      break;
    }
}

/* The core's sentence under the header, in the digits the user chose. */
static void
show_message (IsafScorecardEditor *self,
              const char          *message)
{
  g_autofree char *shown = message ? isaf_context_format_digits (self->context, message) : NULL;

  isaf_gui_set_wrapping_text (self->message_label, shown);
  gtk_widget_set_visible (self->message_bar, message != NULL);
}

/* Where a rule the core refused can be put right. */
static IsafScorecardTab
tab_for_error (IsafScorecardEditor *self,
               const GError        *error)
{
  if (error->domain == ISAF_SCORECARD_ERROR)
    {
      switch ((IsafScorecardError) error->code)
        {
        case ISAF_SCORECARD_ERROR_TOO_MANY_VOTES:
          return ISAF_SCORECARD_TAB_VOTES;
        case ISAF_SCORECARD_ERROR_FACILITATOR_NOT_ACTIVE:
        case ISAF_SCORECARD_ERROR_NO_UNIT:
          return ISAF_SCORECARD_TAB_DETAILS;
        case ISAF_SCORECARD_ERROR_NO_SUGGESTION:
          return ISAF_SCORECARD_TAB_NOTES;
        case ISAF_SCORECARD_ERROR_NOT_SELECTED:
          return ISAF_SCORECARD_TAB_INDICATORS;
        default:
          return ISAF_SCORECARD_N_TABS;
        }
    }
  if (error->domain == ISAF_VALIDATION_ERROR)
    {
      switch ((IsafValidationError) error->code)
        {
        case ISAF_VALIDATION_ERROR_PART_EXCEEDS_TOTAL:
          return ISAF_SCORECARD_TAB_PARTICIPANTS;
        case ISAF_VALIDATION_ERROR_SCORE_RANGE:
        case ISAF_VALIDATION_ERROR_NEGATIVE:
          return self->scorecard->participants_one_by_one ? ISAF_SCORECARD_TAB_VOTES
                                                          : ISAF_SCORECARD_TAB_PARTICIPANTS;
        case ISAF_VALIDATION_ERROR_REQUIRED:
        case ISAF_VALIDATION_ERROR_INVALID_CHOICE:
        case ISAF_VALIDATION_ERROR_INVALID_DATE:
          return ISAF_SCORECARD_TAB_DETAILS;
        default:
          return ISAF_SCORECARD_N_TABS;
        }
    }
  return ISAF_SCORECARD_N_TABS;
}

/* Saving --------------------------------------------------------------------------------- */

static const char *
unit_name (IsafScorecardEditor *self)
{
  IsafRecord *unit = isaf_scorecard_editor_get_unit (self);

  return unit != NULL ? isaf_record_get_text (unit, "name_km") : "";
}

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  IsafScorecardEditor *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  IsafScorecardTab tab;

  if (!isaf_scorecard_save_finish (ISAF_STORE (source), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->saving = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), TRUE);
  if (error != NULL)
    {
      if (self->focus_before_save != NULL)
        gtk_widget_grab_focus (self->focus_before_save);
      g_clear_weak_pointer (&self->focus_before_save);
      /* The core's sentence says what to change; the window stays open to change it, on the
       * tab where it can be changed. Nothing was written. */
      g_message ("Saving the scorecard failed: %s", error->message);
      show_message (self, error->message);
      tab = tab_for_error (self, error);
      if (tab < ISAF_SCORECARD_N_TABS)
        adw_view_stack_set_visible_child_name (self->stack, tabs[tab].name);
      if (g_error_matches (error, ISAF_SCORECARD_ERROR, ISAF_SCORECARD_ERROR_NO_SUGGESTION))
        isaf_scorecard_editor_focus_suggestion (self);
      update_actions (self);
      return;
    }

  isaf_context_data_changed (self->context, "cycle");
  for (guint i = 0; i < G_N_ELEMENTS (isaf_scorecard_tables); i++)
    isaf_context_data_changed (self->context, isaf_scorecard_tables[i]);

  /* Translators: a toast: the service unit whose scorecard was saved. */
  if (g_str_equal (self->kind, "csc"))
    title = g_strdup_printf (self->marking_done ? _("Scorecard of %s saved as done")
                                                : _("Scorecard of %s saved"),
                             unit_name (self));
  else
    title = g_strdup_printf (self->marking_done ? _("Self-assessment of %s saved as done")
                                                : _("Self-assessment of %s saved"),
                             unit_name (self));
  escaped = g_markup_escape_text (title, -1);
  isaf_context_add_toast (self->context, adw_toast_new (escaped));
  self->dirty = FALSE;
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
start_save (IsafScorecardEditor *self,
            gboolean             mark_done)
{
  g_autoptr(IsafRecord) record = NULL;
  const char *status = mark_done ? "done" : self->status;

  if (!can_save_now (self))
    return;
  record = isaf_scorecard_editor_build_record (self);
  g_return_if_fail (record != NULL);

  if (g_strcmp0 (isaf_record_get_text (record, "status"), status) != 0)
    isaf_record_set_text (record, "status", status);
  g_set_object (&self->scorecard->record, record);

  /* The core checks the scorecard on its thread: nothing in it changes until it answers. */
  self->saving = TRUE;
  self->marking_done = mark_done;
  /* The field being typed in lets go of the keyboard before it is made insensitive. */
  g_set_weak_pointer (&self->focus_before_save, gtk_window_get_focus (GTK_WINDOW (self)));
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), FALSE);
  show_message (self, NULL);
  update_actions (self);
  isaf_scorecard_save_async (isaf_context_get_store (self->context), self->scorecard,
                             self->cancellable, on_saved_cb, self);
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  start_save (ISAF_SCORECARD_EDITOR (widget), FALSE);
}

static void
mark_done_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  start_save (ISAF_SCORECARD_EDITOR (widget), TRUE);
}

static void
show_tab_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  isaf_scorecard_editor_show_tab (ISAF_SCORECARD_EDITOR (widget),
                                  g_variant_get_string (parameter, NULL));
}

/* Closing -------------------------------------------------------------------------------- */

static void
on_discard_response_cb (AdwMessageDialog    *dialog,
                        const char          *response,
                        IsafScorecardEditor *self)
{
  if (g_str_equal (response, "discard"))
    {
      self->dirty = FALSE;
      gtk_window_close (GTK_WINDOW (self));
    }
}

static gboolean
isaf_scorecard_editor_close_request (GtkWindow *window)
{
  IsafScorecardEditor *self = ISAF_SCORECARD_EDITOR (window);
  AdwMessageDialog *dialog;

  /* A save under way finishes first: closing now would leave the page unaware of it. */
  if (self->saving)
    return TRUE;

  /* A meeting typed from paper is a lot to lose to a stray Esc. */
  if (self->dirty)
    {
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, _("Discard Changes?"),
                                                           _("What you typed since the last "
                                                             "save will be lost.")));
      adw_message_dialog_add_responses (dialog, "cancel", _("_Keep Editing"),
                                        "discard", _("_Discard"), NULL);
      adw_message_dialog_set_response_appearance (dialog, "discard",
                                                  ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (dialog, "cancel");
      adw_message_dialog_set_close_response (dialog, "cancel");
      g_signal_connect_object (dialog, "response", G_CALLBACK (on_discard_response_cb), self,
                               0);
      gtk_window_present (GTK_WINDOW (dialog));
      return TRUE;
    }
  return GTK_WINDOW_CLASS (isaf_scorecard_editor_parent_class)->close_request (window);
}

/* Building ------------------------------------------------------------------------------- */

static GtkWidget *
create_switcher (AdwViewStack *stack,
                 AdwViewSwitcherPolicy policy)
{
  GtkWidget *switcher = adw_view_switcher_new ();

  adw_view_switcher_set_stack (ADW_VIEW_SWITCHER (switcher), stack);
  adw_view_switcher_set_policy (ADW_VIEW_SWITCHER (switcher), policy);
  gtk_accessible_update_property (GTK_ACCESSIBLE (switcher), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Parts of the scorecard"), -1);
  return switcher;
}

static void
add_tab (IsafScorecardEditor *self,
         IsafScorecardTab     tab,
         GtkWidget           *child)
{
  AdwViewStackPage *page = adw_view_stack_add_titled (self->stack, child, tabs[tab].name,
                                                      _(tabs[tab].title));

  adw_view_stack_page_set_icon_name (page, tabs[tab].icon);
  adw_view_stack_page_set_use_underline (page, TRUE);
}

static AdwPreferencesPage *
add_page_tab (IsafScorecardEditor *self,
              IsafScorecardTab     tab)
{
  GtkWidget *page = adw_preferences_page_new ();

  add_tab (self, tab, page);
  return ADW_PREFERENCES_PAGE (page);
}

static void
build_window (IsafScorecardEditor *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save"));
  GtkWidget *done = gtk_button_new_with_mnemonic (_("_Mark as Done"));
  GtkWidget *squeezer = adw_squeezer_new ();
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");
  GtkWidget *message = isaf_scorecard_editor_create_wrapping_label (NULL);

  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  self->window_title = ADW_WINDOW_TITLE (adw_window_title_new (NULL, NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->window_title));

  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  gtk_widget_set_tooltip_text (cancel, _("Close without saving (Esc)"));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (save), "editor.save");
  gtk_widget_set_tooltip_text (save, _("Save once every field is filled in correctly (Ctrl+S)"));
  gtk_widget_add_css_class (save, "suggested-action");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), save);
  self->save_button = save;

  gtk_actionable_set_action_name (GTK_ACTIONABLE (done), "editor.mark-done");
  gtk_widget_set_tooltip_text (done, _("Save the scorecard as finished: every indicator scored "
                                       "needs a suggested action (Ctrl+D)"));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), done);
  self->done_button = done;

  self->stack = ADW_VIEW_STACK (adw_view_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  g_signal_connect_swapped (self->stack, "notify::visible-child-name",
                            G_CALLBACK (on_visible_tab_cb), self);

  /* Icons beside the names where they fit, above them where they do not. */
  adw_squeezer_set_transition_type (ADW_SQUEEZER (squeezer), ADW_SQUEEZER_TRANSITION_TYPE_NONE);
  adw_squeezer_add (ADW_SQUEEZER (squeezer), create_switcher (self->stack,
                                                              ADW_VIEW_SWITCHER_POLICY_WIDE));
  adw_squeezer_add (ADW_SQUEEZER (squeezer), create_switcher (self->stack,
                                                              ADW_VIEW_SWITCHER_POLICY_NARROW));
  gtk_widget_set_halign (squeezer, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (squeezer, 6);
  gtk_widget_set_margin_bottom (squeezer, 6);
  gtk_widget_set_margin_start (squeezer, 6);
  gtk_widget_set_margin_end (squeezer, 6);

  /* Where the core says what is wrong across tabs. */
  gtk_widget_add_css_class (message, "error");
  gtk_widget_set_hexpand (message, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (message), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Why the scorecard was not saved"), -1);
  gtk_widget_add_css_class (icon, "error");
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (bar), icon);
  gtk_box_append (GTK_BOX (bar), message);
  gtk_widget_add_css_class (bar, "card");
  gtk_widget_set_margin_start (bar, 12);
  gtk_widget_set_margin_end (bar, 12);
  gtk_widget_set_margin_bottom (bar, 6);
  g_object_set (bar, "margin-top", 0, NULL);
  gtk_widget_set_visible (bar, FALSE);
  self->message_bar = bar;
  self->message_label = GTK_LABEL (message);
  /* Room inside the card. */
  gtk_widget_set_margin_start (icon, 12);
  gtk_widget_set_margin_top (icon, 12);
  gtk_widget_set_margin_top (message, 12);
  gtk_widget_set_margin_bottom (message, 12);
  gtk_widget_set_margin_end (message, 12);

  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), squeezer);
  gtk_box_append (GTK_BOX (box), bar);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  adw_window_set_content (ADW_WINDOW (self), box);
  gtk_window_set_default_widget (GTK_WINDOW (self), save);
}

static void
build_tabs (IsafScorecardEditor *self,
            const IsafUuid      *unit_id,
            const IsafUuid      *village_id)
{
  isaf_scorecard_editor_build_details (self, add_page_tab (self, ISAF_SCORECARD_TAB_DETAILS),
                                       unit_id, village_id);
  isaf_scorecard_editor_build_participants (self,
                                            add_page_tab (self,
                                                          ISAF_SCORECARD_TAB_PARTICIPANTS));
  isaf_scorecard_editor_build_indicators (self,
                                          add_page_tab (self, ISAF_SCORECARD_TAB_INDICATORS));
  add_tab (self, ISAF_SCORECARD_TAB_VOTES, isaf_scorecard_editor_build_votes (self));
  isaf_scorecard_editor_build_notes (self, add_page_tab (self, ISAF_SCORECARD_TAB_NOTES));
  isaf_scorecard_editor_build_results (self, add_page_tab (self, ISAF_SCORECARD_TAB_RESULTS));
}

/* GObject -------------------------------------------------------------------------------- */

static void
isaf_scorecard_editor_map (GtkWidget *widget)
{
  IsafScorecardEditor *self = ISAF_SCORECARD_EDITOR (widget);
  GtkWidget *focus;

  GTK_WIDGET_CLASS (isaf_scorecard_editor_parent_class)->map (widget);
  /* The first field, rather than the Cancel button. */
  focus = gtk_window_get_focus (GTK_WINDOW (self));
  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->stack)))
    gtk_widget_child_focus (adw_view_stack_get_visible_child (self->stack),
                            GTK_DIR_TAB_FORWARD);
}

static void
isaf_scorecard_editor_dispose (GObject *object)
{
  IsafScorecardEditor *self = ISAF_SCORECARD_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_weak_pointer (&self->focus_before_save);
  forget_invalid (self);
  isaf_scorecard_editor_clear_details (self);
  isaf_scorecard_editor_clear_participants (self);
  isaf_scorecard_editor_clear_indicators (self);
  isaf_scorecard_editor_clear_notes (self);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (isaf_scorecard_editor_parent_class)->dispose (object);
}

static void
isaf_scorecard_editor_finalize (GObject *object)
{
  IsafScorecardEditor *self = ISAF_SCORECARD_EDITOR (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->scorecard, isaf_scorecard_unref);
  g_clear_pointer (&self->units, g_ptr_array_unref);
  g_clear_pointer (&self->villages, g_ptr_array_unref);
  g_clear_pointer (&self->cafs, g_ptr_array_unref);
  g_hash_table_unref (self->invalid);
  g_free (self->commune_code);
  g_free (self->status);
  g_clear_pointer (&self->notes.groups, g_ptr_array_unref);
  g_clear_pointer (&self->results.groups, g_ptr_array_unref);

  G_OBJECT_CLASS (isaf_scorecard_editor_parent_class)->finalize (object);
}

static void
isaf_scorecard_editor_class_init (IsafScorecardEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = isaf_scorecard_editor_dispose;
  object_class->finalize = isaf_scorecard_editor_finalize;
  widget_class->map = isaf_scorecard_editor_map;
  window_class->close_request = isaf_scorecard_editor_close_request;

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_activated);
  gtk_widget_class_install_action (widget_class, "editor.mark-done", NULL, mark_done_activated);
  gtk_widget_class_install_action (widget_class, "editor.show-tab", "s", show_tab_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK,
                                       "editor.mark-done", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  /* Alt+1 … Alt+6: the tabs, in order. */
  for (IsafScorecardTab tab = 0; tab < ISAF_SCORECARD_N_TABS; tab++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + tab, GDK_ALT_MASK,
                                         "editor.show-tab", "s", tabs[tab].name);
}

static void
isaf_scorecard_editor_init (IsafScorecardEditor *self)
{
  self->cancellable = g_cancellable_new ();
  self->invalid = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, invalid_free);
  build_window (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.mark-done", FALSE);
}

/* Public API ----------------------------------------------------------------------------- */

/**
 * isaf_scorecard_editor_new:
 * @context: the window's context
 * @parent: a widget of the window the editor belongs to
 * @kind: "csc" or "ssa"
 * @year: the cycle year
 * @units: the service units the scorecard may be of
 * @villages: the commune's villages
 * @cafs: the register of CAFs
 * @scorecard: (nullable): the scorecard to edit (it is copied), or %NULL for a new one
 * @unit_id: (nullable): for a new one, its unit when known
 * @village_id: (nullable): for a new one, its village when known
 *
 * Returns: (transfer none): the editor, not shown yet
 */
IsafScorecardEditor *
isaf_scorecard_editor_new (IsafContext    *context,
                           GtkWidget      *parent,
                           const char     *kind,
                           int             year,
                           GPtrArray      *units,
                           GPtrArray      *villages,
                           GPtrArray      *cafs,
                           IsafScorecard  *scorecard,
                           const IsafUuid *unit_id,
                           const IsafUuid *village_id)
{
  IsafScorecardEditor *self;
  gboolean community = g_strcmp0 (kind, "csc") == 0;
  g_autofree char *ascii = g_strdup_printf ("%d", year);
  g_autofree char *shown_year = isaf_context_format_digits (context, ascii);
  g_autofree char *subtitle = NULL;
  const char *title;
  GtkRoot *root;

  g_return_val_if_fail (ISAF_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (community || g_strcmp0 (kind, "ssa") == 0, NULL);

  if (scorecard != NULL)
    title = community ? _("Community Scorecard") : _("Self-Assessment");
  else
    title = community ? _("New Community Scorecard") : _("New Self-Assessment");
  self = g_object_new (ISAF_TYPE_SCORECARD_EDITOR,
                       "title", title,
                       "modal", TRUE,
                       "destroy-with-parent", TRUE,
                       "default-width", 820,
                       "default-height", 700,
                       NULL);
  self->context = g_object_ref (context);
  self->commune_code = isaf_context_dup_commune_code (context);
  self->kind = community ? "csc" : "ssa";
  self->units = g_ptr_array_ref (units);
  self->villages = g_ptr_array_ref (villages);
  self->cafs = g_ptr_array_ref (cafs);
  self->scorecard = scorecard != NULL ? copy_scorecard (scorecard)
                                      : isaf_scorecard_new (year, self->kind);
  self->status = g_strdup (isaf_record_get_text (self->scorecard->record, "status"));

  /* Translators: the subtitle of the scorecard editor: the cycle year it belongs to. */
  subtitle = g_strdup_printf (_("Cycle %s"), shown_year);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);

  self->building = TRUE;
  build_tabs (self, scorecard == NULL ? unit_id : NULL, scorecard == NULL ? village_id : NULL);
  self->building = FALSE;
  /* A unit chosen from the page is the user's choice already. */
  self->dirty = scorecard == NULL && unit_id != NULL;
  update_actions (self);

  root = gtk_widget_get_root (parent);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (root));
  return self;
}

void
isaf_scorecard_editor_show_tab (IsafScorecardEditor *self,
                                const char          *name)
{
  g_return_if_fail (ISAF_IS_SCORECARD_EDITOR (self));
  g_return_if_fail (find_tab (name) < ISAF_SCORECARD_N_TABS);

  adw_view_stack_set_visible_child_name (self->stack, name);
}

const char *
isaf_scorecard_editor_get_tab (IsafScorecardEditor *self)
{
  g_return_val_if_fail (ISAF_IS_SCORECARD_EDITOR (self), NULL);

  return adw_view_stack_get_visible_child_name (self->stack);
}
