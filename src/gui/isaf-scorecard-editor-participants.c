/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-scorecard-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "isaf-choice.h"
#include "isaf-dissemination.h"
#include "isaf-gui-util.h"
#include "isaf-scorecard-editor-private.h"

/* The Participants tab: everybody who took part, one line each as on the sign-in sheet (sex,
 * age, youth, disability, ethnic minority, ID-Poor, anonymous), or only how many came of each
 * group, as on a tally sheet. Switching keeps both in memory: only the one chosen is saved.
 * The table is typed with the keyboard: Tab moves along a line, Enter in the last age starts
 * the next participant. */

#define TAB ISAF_SCORECARD_TAB_PARTICIPANTS

/* The table's columns. */
enum {
  COLUMN_NUMBER,
  COLUMN_SEX,
  COLUMN_AGE,
  COLUMN_YOUTH,
  COLUMN_DISABILITY,
  COLUMN_ETHNIC_MINORITY,
  COLUMN_ID_POOR,
  COLUMN_ANONYMOUS,
  COLUMN_REMOVE,
};

/* The yes/no columns of a participant, in the table's order from COLUMN_YOUTH. */
static const char * const flags[] = {
  "is_youth", "has_disability", "is_ethnic_minority", "is_id_poor", "is_anonymous",
};

/* The choices of the sex column, after "not recorded". */
static const char * const sexes[] = { "f", "m" };

static void add_participant_row (IsafScorecardEditor *self,
                                 IsafRecord          *participant);

static const char *
column_label (const char *column)
{
  return _(isaf_scorecard_editor_column ("scorecard_participant", column)->label);
}

static gint64
count_participants (IsafScorecardEditor *self)
{
  IsafScorecard *scorecard = self->scorecard;

  if (scorecard->participants_one_by_one)
    return scorecard->participants->len;
  return MAX (scorecard->participant_counts[ISAF_ATTENDANCE_WOMEN], 0)
         + MAX (scorecard->participant_counts[ISAF_ATTENDANCE_MEN], 0);
}

static void
show_voters (IsafScorecardEditor *self)
{
  gint64 participants = count_participants (self);
  gint64 voters = isaf_scorecard_count_voters (self->scorecard);
  g_autofree char *participants_text = isaf_context_format_integer (self->context, participants);
  g_autofree char *voters_text = isaf_context_format_integer (self->context, voters);
  g_autofree char *people = g_strdup_printf (ngettext ("%s participant", "%s participants",
                                                       participants),
                                             participants_text);
  g_autofree char *text = NULL;

  /* Translators: under the participants: how many took part, then how many of them vote
   * (anonymous participants do not). */
  text = g_strdup_printf (ngettext ("%1$s, %2$s of whom votes", "%1$s, %2$s of whom vote",
                                    voters),
                          people, voters_text);
  isaf_gui_set_wrapping_text (self->participants.voters_label, text);
}

static IsafRecord *
get_participant (gpointer widget)
{
  return g_object_get_data (G_OBJECT (widget), "isaf-participant");
}

static int
find_index (IsafScorecardEditor *self,
            IsafRecord          *participant)
{
  guint index;

  if (!g_ptr_array_find (self->scorecard->participants, participant, &index))
    return -1;
  return index;
}

/* One by one ----------------------------------------------------------------------------- */

static void
on_sex_selected_cb (GtkDropDown         *dropdown,
                    GParamSpec          *pspec,
                    IsafScorecardEditor *self)
{
  IsafRecord *participant = get_participant (dropdown);
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (selected >= 1 && selected <= G_N_ELEMENTS (sexes))
    isaf_record_set_text (participant, "sex", sexes[selected - 1]);
  else if (!isaf_record_is_null (participant, "sex"))
    isaf_record_set_null (participant, "sex");
  show_voters (self);
  isaf_scorecard_editor_changed (self);
}

static void
on_age_changed_cb (GtkEditable         *entry,
                   IsafScorecardEditor *self)
{
  IsafRecord *participant = get_participant (entry);
  const IsafColumn *column = isaf_scorecard_editor_column ("scorecard_participant", "age");
  gint64 age;

  if (!isaf_scorecard_editor_read_number (self, TAB, GTK_WIDGET (entry), column, &age))
    return;
  if (age >= 0)
    isaf_record_set_integer (participant, "age", age);
  else if (!isaf_record_is_null (participant, "age"))
    isaf_record_set_null (participant, "age");
  isaf_scorecard_editor_changed (self);
}

static void
on_flag_toggled_cb (GtkCheckButton      *check,
                    IsafScorecardEditor *self)
{
  const char *column = g_object_get_data (G_OBJECT (check), "isaf-column");

  isaf_record_set_boolean (get_participant (check), column,
                           gtk_check_button_get_active (check));
  show_voters (self);
  /* An anonymous participant leaves the vote grid. */
  if (g_str_equal (column, "is_anonymous"))
    isaf_scorecard_editor_structure_changed (self);
  else
    isaf_scorecard_editor_changed (self);
}

static void
on_remove_clicked_cb (GtkButton           *button,
                      IsafScorecardEditor *self)
{
  int index = find_index (self, get_participant (button));
  GtkWidget *next;

  g_return_if_fail (index >= 0);

  /* Focus goes to the line that takes its place, not back to the window's start. */
  next = gtk_grid_get_child_at (self->participants.grid, COLUMN_REMOVE, index + 2);
  if (next == NULL)
    next = self->participants.add_button;
  gtk_widget_grab_focus (next);

  isaf_scorecard_remove_participant (self->scorecard, index);
  gtk_grid_remove_row (self->participants.grid, index + 1);
  show_voters (self);
  isaf_scorecard_editor_structure_changed (self);
}

static void
on_add_clicked_cb (IsafScorecardEditor *self)
{
  IsafRecord *participant = isaf_scorecard_add_participant (self->scorecard);
  GtkWidget *sex;

  add_participant_row (self, participant);
  sex = gtk_grid_get_child_at (self->participants.grid, COLUMN_SEX,
                               self->scorecard->participants->len);
  gtk_widget_grab_focus (sex);
  show_voters (self);
  isaf_scorecard_editor_structure_changed (self);
}

/* Enter in the last line's age starts the next participant, as the paper goes on. */
static void
on_age_activate_cb (GtkEntry            *entry,
                    IsafScorecardEditor *self)
{
  GPtrArray *participants = self->scorecard->participants;

  if (participants->len > 0
      && get_participant (entry) == g_ptr_array_index (participants, participants->len - 1))
    on_add_clicked_cb (self);
}

static void
label_participant_widget (GtkWidget  *widget,
                          const char *number,
                          const char *what)
{
  /* Translators: what a screen reader says for a field of the participants' table: the
   * participant's number, then the field. */
  g_autofree char *label = g_strdup_printf (_("Participant %1$s: %2$s"), number, what);

  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static GtkWidget *
create_sex_dropdown (IsafScorecardEditor *self,
                     IsafRecord          *participant)
{
  const char *items[] = {
    C_("sex", "Not recorded"), isaf_choice_get_label (sexes[0]), isaf_choice_get_label (sexes[1]),
    NULL,
  };
  GtkWidget *dropdown = gtk_drop_down_new_from_strings (items);
  const char *sex = isaf_record_get_text (participant, "sex");

  for (guint i = 0; i < G_N_ELEMENTS (sexes); i++)
    if (g_strcmp0 (sex, sexes[i]) == 0)
      gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), i + 1);
  g_object_set_data (G_OBJECT (dropdown), "isaf-participant", participant);
  g_signal_connect (dropdown, "notify::selected", G_CALLBACK (on_sex_selected_cb), self);
  return dropdown;
}

static void
add_participant_row (IsafScorecardEditor *self,
                     IsafRecord          *participant)
{
  GtkGrid *grid = self->participants.grid;
  int row = find_index (self, participant) + 1;
  g_autofree char *number = isaf_context_format_integer (self->context,
                                                         isaf_record_get_integer (participant,
                                                                                  "position"));
  GtkWidget *number_label = gtk_label_new (number);
  GtkWidget *sex = create_sex_dropdown (self, participant);
  gint64 age = isaf_record_is_null (participant, "age")
               ? -1 : isaf_record_get_integer (participant, "age");
  GtkWidget *age_entry = isaf_scorecard_editor_create_number_entry (self, column_label ("age"),
                                                                    age);
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *remove_label = g_strdup_printf (_("Remove participant %s"), number);

  gtk_widget_add_css_class (number_label, "numeric");
  gtk_label_set_xalign (GTK_LABEL (number_label), 1.0);
  gtk_grid_attach (grid, number_label, COLUMN_NUMBER, row, 1, 1);

  label_participant_widget (sex, number, column_label ("sex"));
  gtk_grid_attach (grid, sex, COLUMN_SEX, row, 1, 1);

  label_participant_widget (age_entry, number, column_label ("age"));
  g_object_set_data (G_OBJECT (age_entry), "isaf-participant", participant);
  g_signal_connect (age_entry, "changed", G_CALLBACK (on_age_changed_cb), self);
  g_signal_connect (age_entry, "activate", G_CALLBACK (on_age_activate_cb), self);
  gtk_grid_attach (grid, age_entry, COLUMN_AGE, row, 1, 1);

  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    {
      GtkWidget *check = gtk_check_button_new ();

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   isaf_record_get_boolean (participant, flags[i]));
      gtk_widget_set_halign (check, GTK_ALIGN_CENTER);
      label_participant_widget (check, number, column_label (flags[i]));
      g_object_set_data (G_OBJECT (check), "isaf-participant", participant);
      g_object_set_data (G_OBJECT (check), "isaf-column", (gpointer) flags[i]);
      g_signal_connect (check, "toggled", G_CALLBACK (on_flag_toggled_cb), self);
      gtk_grid_attach (grid, check, COLUMN_YOUTH + i, row, 1, 1);
    }

  gtk_widget_set_tooltip_text (remove, remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_label, -1);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_halign (remove, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (remove), "isaf-participant", participant);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_clicked_cb), self);
  gtk_grid_attach (grid, remove, COLUMN_REMOVE, row, 1, 1);
}

static void
build_table (IsafScorecardEditor *self,
             AdwPreferencesGroup *group)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *add = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();
  const char *titles[] = {
    column_label ("position"), column_label ("sex"), column_label ("age"),
    column_label ("is_youth"), column_label ("has_disability"),
    column_label ("is_ethnic_minority"), column_label ("is_id_poor"),
    column_label ("is_anonymous"),
  };

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_widget_set_margin_start (grid, 12);
  gtk_widget_set_margin_end (grid, 12);
  gtk_widget_set_margin_top (grid, 12);
  gtk_widget_set_margin_bottom (grid, 12);
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      GtkWidget *header = isaf_scorecard_editor_create_header (titles[i]);

      /* The yes/no columns are narrow: their titles wrap. */
      if (i >= COLUMN_YOUTH)
        {
          gtk_label_set_max_width_chars (GTK_LABEL (header), 9);
          gtk_label_set_justify (GTK_LABEL (header), GTK_JUSTIFY_CENTER);
          gtk_label_set_xalign (GTK_LABEL (header), 0.5);
        }
      gtk_grid_attach (GTK_GRID (grid), header, i, 0, 1, 1);
    }
  gtk_widget_add_css_class (card, "card");
  gtk_box_append (GTK_BOX (card), grid);
  adw_preferences_group_add (group, card);
  self->participants.grid = GTK_GRID (grid);

  for (guint i = 0; i < self->scorecard->participants->len; i++)
    add_participant_row (self, g_ptr_array_index (self->scorecard->participants, i));

  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "list-add-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("_Add Participant"));
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
  gtk_button_set_child (GTK_BUTTON (add), content);
  gtk_widget_set_tooltip_text (add, _("Add the next participant (Enter in the last age does "
                                      "the same)"));
  gtk_widget_set_halign (add, GTK_ALIGN_START);
  gtk_widget_set_margin_top (add, 12);
  g_signal_connect_swapped (add, "clicked", G_CALLBACK (on_add_clicked_cb), self);
  adw_preferences_group_add (group, add);
  self->participants.add_button = add;
}

/* Every age typed checked again (the list comes back), or forgotten (it goes away). */
static void
check_ages (IsafScorecardEditor *self,
            gboolean             shown)
{
  for (guint i = 0; i < self->scorecard->participants->len; i++)
    {
      GtkWidget *entry = gtk_grid_get_child_at (self->participants.grid, COLUMN_AGE, i + 1);

      if (shown)
        on_age_changed_cb (GTK_EDITABLE (entry), self);
      else
        isaf_scorecard_editor_set_invalid (self, TAB, entry, NULL);
    }
}

/* Tally sheet ---------------------------------------------------------------------------- */

static void
check_tally_count (IsafScorecardEditor *self,
                   IsafAttendance       attendance)
{
  GtkWidget *row = self->participants.tally_entries[attendance];
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  gint64 count = ISAF_ATTENDANCE_NOT_COUNTED;
  g_autoptr(GError) error = NULL;

  if (text[0] != '\0' && !isaf_parse_integer (text, &count))
    {
      g_autofree char *message = g_strdup_printf (_("%s must be a whole number, written with "
                                                    "digits only."),
                                                  isaf_attendance_get_label (attendance));

      isaf_scorecard_editor_set_invalid (self, TAB, row, message);
      return;
    }
  if (!isaf_attendance_check_count (attendance, count, &error))
    {
      isaf_scorecard_editor_set_invalid (self, TAB, row, error->message);
      return;
    }
  self->scorecard->participant_counts[attendance] = count;
  isaf_scorecard_editor_set_invalid (self, TAB, row, NULL);
}

static void
on_tally_changed_cb (GtkEditable         *editable,
                     IsafScorecardEditor *self)
{
  for (IsafAttendance i = 0; i < ISAF_N_ATTENDANCE; i++)
    if (self->participants.tally_entries[i] == GTK_WIDGET (editable))
      check_tally_count (self, i);
  show_voters (self);
  isaf_scorecard_editor_changed (self);
}

static void
show_tally_counts (IsafScorecardEditor *self)
{
  for (IsafAttendance i = 0; i < ISAF_N_ATTENDANCE; i++)
    {
      gint64 count = self->scorecard->participant_counts[i];
      g_autofree char *text = count != ISAF_ATTENDANCE_NOT_COUNTED
                              ? isaf_context_format_integer (self->context, count)
                              : g_strdup ("");
      GtkWidget *row = self->participants.tally_entries[i];

      g_signal_handlers_block_by_func (row, on_tally_changed_cb, self);
      gtk_editable_set_text (GTK_EDITABLE (row), text);
      g_signal_handlers_unblock_by_func (row, on_tally_changed_cb, self);
    }
}

static void
build_tally (IsafScorecardEditor *self,
             AdwPreferencesGroup *group)
{
  for (IsafAttendance i = 0; i < ISAF_N_ATTENDANCE; i++)
    {
      GtkWidget *row = adw_entry_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), isaf_attendance_get_label (i));
      adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_DIGITS);
      adw_preferences_group_add (group, row);
      self->participants.tally_entries[i] = row;
      g_signal_connect (row, "changed", G_CALLBACK (on_tally_changed_cb), self);
    }
  show_tally_counts (self);
}

/* The tally sheet as the list says, when nothing was counted on it yet. */
static void
count_list (IsafScorecardEditor *self)
{
  IsafScorecard *scorecard = self->scorecard;
  const char *counted_flags[] = { "is_youth", "has_disability", "is_ethnic_minority",
                                  "is_id_poor" };

  for (IsafAttendance i = 0; i < ISAF_N_ATTENDANCE; i++)
    if (scorecard->participant_counts[i] != ISAF_ATTENDANCE_NOT_COUNTED)
      return;

  for (IsafAttendance i = 0; i < ISAF_N_ATTENDANCE; i++)
    scorecard->participant_counts[i] = 0;
  for (guint p = 0; p < scorecard->participants->len; p++)
    {
      IsafRecord *participant = g_ptr_array_index (scorecard->participants, p);
      const char *sex = isaf_record_get_text (participant, "sex");

      if (g_strcmp0 (sex, "f") == 0)
        scorecard->participant_counts[ISAF_ATTENDANCE_WOMEN]++;
      else if (g_strcmp0 (sex, "m") == 0)
        scorecard->participant_counts[ISAF_ATTENDANCE_MEN]++;
      for (guint f = 0; f < G_N_ELEMENTS (counted_flags); f++)
        if (isaf_record_get_boolean (participant, counted_flags[f]))
          scorecard->participant_counts[ISAF_ATTENDANCE_YOUTH + f]++;
    }
  show_tally_counts (self);
}

/* Switching ------------------------------------------------------------------------------ */

static void
show_mode (IsafScorecardEditor *self)
{
  IsafScorecardParticipants *participants = &self->participants;
  gboolean one_by_one = self->scorecard->participants_one_by_one;

  gtk_widget_set_visible (participants->list_group, one_by_one);
  gtk_widget_set_visible (participants->tally_group, !one_by_one);

  check_ages (self, one_by_one);
  for (IsafAttendance i = 0; i < ISAF_N_ATTENDANCE; i++)
    {
      if (one_by_one)
        isaf_scorecard_editor_set_invalid (self, TAB, participants->tally_entries[i], NULL);
      else
        check_tally_count (self, i);
    }
  show_voters (self);
}

static void
on_mode_toggled_cb (GtkToggleButton     *button,
                    IsafScorecardEditor *self)
{
  gboolean one_by_one = gtk_toggle_button_get_active (
    GTK_TOGGLE_BUTTON (self->participants.one_by_one_button));

  if (!gtk_toggle_button_get_active (button)
      || one_by_one == self->scorecard->participants_one_by_one)
    return;

  if (!one_by_one)
    {
      count_list (self);
      /* Votes typed per participant need the participants listed. */
      isaf_scorecard_editor_votes_to_tally (self);
    }
  self->scorecard->participants_one_by_one = one_by_one;
  show_mode (self);
  isaf_scorecard_editor_show_vote_mode (self);
  isaf_scorecard_editor_structure_changed (self);
}

static GtkWidget *
create_mode_switch (IsafScorecardEditor *self)
{
  IsafScorecardParticipants *participants = &self->participants;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  participants->one_by_one_button = gtk_toggle_button_new_with_mnemonic (_("_One by One"));
  participants->tally_button = gtk_toggle_button_new_with_mnemonic (_("_Tally Sheet"));
  gtk_widget_set_tooltip_text (participants->one_by_one_button,
                               _("Each participant on a line, as on the sign-in sheet"));
  gtk_widget_set_tooltip_text (participants->tally_button,
                               _("Only how many came of each group"));
  gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (participants->tally_button),
                               GTK_TOGGLE_BUTTON (participants->one_by_one_button));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->scorecard->participants_one_by_one
                                                   ? participants->one_by_one_button
                                                   : participants->tally_button),
                                TRUE);
  g_signal_connect (participants->one_by_one_button, "toggled", G_CALLBACK (on_mode_toggled_cb),
                    self);
  g_signal_connect (participants->tally_button, "toggled", G_CALLBACK (on_mode_toggled_cb), self);
  gtk_box_append (GTK_BOX (box), participants->one_by_one_button);
  gtk_box_append (GTK_BOX (box), participants->tally_button);
  gtk_widget_add_css_class (box, "linked");
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("How the participants were recorded"), -1);
  return box;
}

void
isaf_scorecard_editor_build_participants (IsafScorecardEditor *self,
                                          AdwPreferencesPage  *page)
{
  IsafScorecardParticipants *participants = &self->participants;
  AdwPreferencesGroup *mode_group = isaf_scorecard_editor_add_group (
    page, _("Who Took Part"),
    _("List each participant as on the sign-in sheet, or only count them on a tally sheet. "
      "Anonymous participants may propose indicators, but their votes do not count."));
  AdwPreferencesGroup *list_group = isaf_scorecard_editor_add_group (page, NULL, NULL);
  AdwPreferencesGroup *tally_group = isaf_scorecard_editor_add_group (
    page, NULL,
    _("Women and men make the total, and everybody counted votes. Youth, people with "
      "disabilities, ethnic minority and ID-Poor are counted among them; leave a group empty "
      "if it was not counted."));
  AdwPreferencesGroup *message_group = isaf_scorecard_editor_add_group (page, NULL, NULL);
  GtkWidget *voters = isaf_scorecard_editor_create_wrapping_label (NULL);

  adw_preferences_group_set_header_suffix (mode_group, create_mode_switch (self));
  gtk_widget_add_css_class (voters, "heading");
  adw_preferences_group_add (mode_group, voters);
  participants->voters_label = GTK_LABEL (voters);

  build_table (self, list_group);
  build_tally (self, tally_group);
  participants->list_group = GTK_WIDGET (list_group);
  participants->tally_group = GTK_WIDGET (tally_group);
  isaf_scorecard_editor_add_tab_message (self, TAB, message_group);
  show_mode (self);
}

void
isaf_scorecard_editor_clear_participants (IsafScorecardEditor *self)
{
  IsafScorecardParticipants *participants = &self->participants;

  /* The rows may outlive the editor's state for a moment: they stop calling it. */
  if (participants->grid != NULL)
    for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (participants->grid));
         child != NULL; child = gtk_widget_get_next_sibling (child))
      g_signal_handlers_disconnect_by_data (child, self);
  for (IsafAttendance i = 0; i < ISAF_N_ATTENDANCE; i++)
    if (participants->tally_entries[i] != NULL)
      g_signal_handlers_disconnect_by_data (participants->tally_entries[i], self);
  if (participants->one_by_one_button != NULL)
    {
      g_signal_handlers_disconnect_by_data (participants->one_by_one_button, self);
      g_signal_handlers_disconnect_by_data (participants->tally_button, self);
    }
  participants->grid = NULL;
  participants->one_by_one_button = NULL;
  memset (participants->tally_entries, 0, sizeof participants->tally_entries);
}
