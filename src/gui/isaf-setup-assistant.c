/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-setup-assistant"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>

#include "isaf-database.h"
#include "isaf-format.h"
#include "isaf-gazetteer.h"
#include "isaf-khmer.h"
#include "isaf-record.h"
#include "isaf-reference.h"
#include "isaf-schema.h"
#include "isaf-setup-assistant.h"
#include "isaf-store.h"
#include "isaf-validate.h"

/* The pages, in order; the first five are the steps the clerk fills in. */
typedef enum {
  STEP_WELCOME,
  STEP_PROVINCE,
  STEP_DISTRICT,
  STEP_COMMUNE,
  STEP_CONTACTS,
  STEP_CREATING,
  STEP_DONE,
  STEP_ERROR,
  N_STEPS
} Step;

#define N_INPUT_STEPS (STEP_CONTACTS + 1)

static const char * const step_names[N_STEPS] = {
  [STEP_WELCOME] = "welcome",
  [STEP_PROVINCE] = "province",
  [STEP_DISTRICT] = "district",
  [STEP_COMMUNE] = "commune",
  [STEP_CONTACTS] = "contacts",
  [STEP_CREATING] = "creating",
  [STEP_DONE] = "done",
  [STEP_ERROR] = "error",
};

/* One searchable list per level of the gazetteer; the index is the IsafGazetteerLevel. */
enum {
  CHOOSER_PROVINCE = ISAF_GAZETTEER_PROVINCE,
  CHOOSER_DISTRICT = ISAF_GAZETTEER_DISTRICT,
  CHOOSER_COMMUNE = ISAF_GAZETTEER_COMMUNE,
  N_CHOOSERS
};

typedef struct {
  GtkLabel *context;
  GtkSearchEntry *search;
  GtkStack *results;
  GtkListView *list;
  GtkSingleSelection *selection;
  GtkStringList *codes;
  /* The code selected in the list, NULL while nothing is. */
  char *chosen;
} Chooser;

/* The contacts, in the order of the form; each is a column of the commune table. */
typedef enum {
  FIELD_CHIEF_NAME,
  FIELD_CHIEF_PHONE,
  FIELD_CLERK_NAME,
  FIELD_CLERK_PHONE,
  N_FIELDS
} Field;

static const char * const field_columns[N_FIELDS] = {
  [FIELD_CHIEF_NAME] = "chief_name",
  [FIELD_CHIEF_PHONE] = "chief_phone",
  [FIELD_CLERK_NAME] = "clerk_name",
  [FIELD_CLERK_PHONE] = "clerk_phone",
};

typedef struct {
  AdwEntryRow *row;
  GtkLabel *error;
  gboolean valid;
} ContactField;

struct _IsafSetupAssistant
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkStack *stack;
  AdwStatusPage *welcome_page;
  GtkLabel *welcome_hint;
  Chooser choosers[N_CHOOSERS];
  GtkLabel *contacts_context;
  GtkLabel *contacts_hint;
  ContactField fields[N_FIELDS];
  GtkSpinner *spinner;
  GtkLabel *creating_title;
  GtkLabel *creating_hint;
  AdwStatusPage *done_page;
  AdwStatusPage *error_page;
  GtkLabel *error_hint;
  GtkButton *next_button;
  GtkLabel *step_label;

  GSettings *settings;
  GCancellable *cancellable;
  char *database_path;
  Step step;
  /* Set while a list is refilled: its selection changes then are not the user's. */
  gboolean refilling;
};

G_DEFINE_FINAL_TYPE (IsafSetupAssistant, isaf_setup_assistant, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_DATABASE_PATH,
  PROP_SETTINGS,
  PROP_COMMUNE_CODE,
  PROP_STEP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void refill (IsafSetupAssistant *self,
                    guint               level);

/* Creating the database ---------------------------------------------------------------- */

/* Everything one "Create" needs, owned by its task: the task outlives the widget when the
 * widget goes away while the database is being made, and still cleans up after itself. */
typedef struct {
  char *path;
  char *commune_code;
  char *contacts[N_FIELDS];
  /* The folders made for the file, outermost first, removed again when creating fails. */
  GPtrArray *made_folders;
  IsafDatabase *database;
  GError *error;
  guint n_villages;
} CreateJob;

static void
create_job_free (gpointer data)
{
  CreateJob *job = data;

  g_free (job->path);
  g_free (job->commune_code);
  for (guint i = 0; i < N_FIELDS; i++)
    g_free (job->contacts[i]);
  g_ptr_array_unref (job->made_folders);
  g_clear_object (&job->database);
  g_clear_error (&job->error);
  g_free (job);
}

/* The usual location is inside the user data directory, which may not exist on a new
 * computer. A folder that cannot be made is left for the database to report: its message
 * says what to check. */
static void
make_folders_in_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  CreateJob *job = task_data;
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
  char *folder = g_path_get_dirname (job->path);

  while (!g_file_test (folder, G_FILE_TEST_EXISTS))
    {
      char *parent = g_path_get_dirname (folder);

      g_ptr_array_insert (missing, 0, folder);
      if (g_str_equal (parent, folder))
        {
          g_free (parent);
          folder = NULL;
          break;
        }
      folder = parent;
    }
  g_free (folder);

  for (guint i = 0; i < missing->len; i++)
    {
      const char *path = g_ptr_array_index (missing, i);

      if (g_mkdir (path, 0700) != 0)
        {
          g_debug ("Cannot make the folder %s: %s", path, g_strerror (errno));
          break;
        }
      g_ptr_array_add (job->made_folders, g_strdup (path));
    }

  g_task_return_boolean (task, TRUE);
}

/* Closing waits for the database thread, so it happens here rather than on the main
 * thread. After a failure, the file this job made and the folders it made go too. */
static void
close_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  CreateJob *job = task_data;

  if (job->database != NULL)
    isaf_database_close (job->database);

  if (job->error != NULL)
    {
      if (job->database != NULL)
        {
          static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

          for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
            {
              g_autofree char *path = g_strconcat (job->path, suffixes[i], NULL);

              if (g_unlink (path) != 0 && errno != ENOENT)
                g_warning ("Cannot remove %s: %s", path, g_strerror (errno));
            }
        }

      for (guint i = job->made_folders->len; i > 0; i--)
        g_rmdir (g_ptr_array_index (job->made_folders, i - 1));
    }

  g_task_return_boolean (task, TRUE);
}

static void
on_closed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CreateJob *job = g_task_get_task_data (task);

  if (job->error != NULL)
    g_task_return_error (task, g_steal_pointer (&job->error));
  else
    g_task_return_int (task, job->n_villages);
}

/* The last step of every run, successful or not: @error (taken) is why it failed. */
static void
finish_creating (GTask  *task,
                 GError *error)
{
  CreateJob *job = g_task_get_task_data (task);
  g_autoptr(GTask) closing = g_task_new (NULL, NULL, on_closed_cb, task);

  job->error = error;
  g_task_set_task_data (closing, job, NULL);
  g_task_run_in_thread (closing, close_in_thread);
}

static gboolean
write_reference_job (IsafDatabase *database,
                     gpointer      data,
                     GError      **error)
{
  return isaf_reference_write_bundled (database, error);
}

static void
on_reference_written_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  GError *error = NULL;

  isaf_database_run_finish (ISAF_DATABASE (source), result, &error);
  finish_creating (user_data, error);
}

/* One transaction: the commune, all its villages and its contacts, or nothing. */
static gboolean
write_commune_job (IsafDatabase *database,
                   gpointer      data,
                   GError      **error)
{
  CreateJob *job = data;
  g_autoptr(IsafRecord) key = isaf_record_new_keyed ("commune", job->commune_code);
  g_autoptr(IsafRecord) commune = NULL;
  g_autoptr(GPtrArray) villages = NULL;

  if (!isaf_store_write_commune (database, job->commune_code, error))
    return FALSE;

  commune = isaf_store_read_record (database, "commune", isaf_record_get_id (key), error);
  if (commune == NULL)
    return FALSE;
  for (guint i = 0; i < N_FIELDS; i++)
    if (job->contacts[i] != NULL)
      isaf_record_set_text (commune, field_columns[i], job->contacts[i]);
  if (!isaf_store_write_record (database, commune, error))
    return FALSE;

  villages = isaf_store_read_list (database, "village", NULL, NULL, error);
  if (villages == NULL)
    return FALSE;
  job->n_villages = villages->len;
  return TRUE;
}

static void
on_commune_written_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (!isaf_database_run_finish (ISAF_DATABASE (source), result, &error))
    {
      finish_creating (task, error);
      return;
    }

  /* Reference data is never captured for sync, so it cannot share the transaction above;
   * if it fails, the whole file goes all the same. */
  isaf_database_run_async (ISAF_DATABASE (source), ISAF_DATABASE_WRITE_UNCAPTURED,
                           write_reference_job, g_task_get_task_data (task), NULL,
                           g_task_get_cancellable (task), on_reference_written_cb, task);
}

static void
on_database_created_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GTask *task = user_data;
  CreateJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  /* A failed open has already removed any file it made. */
  job->database = isaf_database_open_finish (result, &error);
  if (job->database == NULL)
    {
      finish_creating (task, error);
      return;
    }

  isaf_database_run_async (job->database, ISAF_DATABASE_WRITE, write_commune_job, job, NULL,
                           g_task_get_cancellable (task), on_commune_written_cb, task);
}

static void
on_folders_made_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  CreateJob *job = g_task_get_task_data (task);

  isaf_database_open_async (job->path, ISAF_DATABASE_OPEN_CREATE_NEW,
                            g_task_get_cancellable (task), on_database_created_cb, task);
}

/* Makes the database at @job's path for its commune, then closes it. On success the task
 * returns the number of villages stored; on failure nothing it made is left on disk. */
static void
create_database_async (CreateJob           *job,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GTask) folders = g_task_new (NULL, NULL, on_folders_made_cb, task);

  g_task_set_source_tag (task, create_database_async);
  g_task_set_task_data (task, job, create_job_free);
  g_task_set_task_data (folders, job, NULL);
  g_task_run_in_thread (folders, make_folders_in_thread);
}

/* Helpers ------------------------------------------------------------------------------- */

static IsafDigits
get_digits (IsafSetupAssistant *self)
{
  return self->settings != NULL && g_settings_get_boolean (self->settings, "khmer-digits")
         ? ISAF_DIGITS_KHMER
         : ISAF_DIGITS_WESTERN;
}

/* Wrapping labels need U+200B between Khmer words to break lines. */
static void
set_wrapping_label (GtkLabel   *label,
                    const char *text)
{
  g_autofree char *segmented = isaf_khmer_segment (text);

  gtk_label_set_label (label, segmented);
}

static void
set_status_description (AdwStatusPage *page,
                        const char    *text)
{
  g_autofree char *segmented = isaf_khmer_segment (text);
  g_autofree char *escaped = g_markup_escape_text (segmented, -1);

  adw_status_page_set_description (page, escaped);
}

/* "ស្រុកមង្គលបូរី": the Khmer name with its unit, as written. */
static char *
dup_khmer_name (const IsafGazetteerEntry *entry)
{
  return g_strconcat (entry->unit_km, entry->name_km, NULL);
}

/* "ស្រុកមង្គលបូរី (Mongkol Borey)". */
static char *
dup_both_names (const IsafGazetteerEntry *entry)
{
  g_autofree char *khmer = dup_khmer_name (entry);

  if (entry->name_latin[0] == '\0')
    return g_steal_pointer (&khmer);
  /* Translators: a place's Khmer name with its unit, then its name in Latin letters. */
  return g_strdup_printf (_("%1$s (%2$s)"), khmer, entry->name_latin);
}

/* "ឃុំបន្ទាយនាង, ស្រុកមង្គលបូរី, ខេត្តបន្ទាយមានជ័យ". */
static char *
dup_commune_place (const char *commune_code)
{
  IsafGazetteer *gazetteer = isaf_gazetteer_get_default ();
  const IsafGazetteerEntry *commune = isaf_gazetteer_lookup (gazetteer, commune_code);
  const IsafGazetteerEntry *district = isaf_gazetteer_get_parent (gazetteer, commune);
  const IsafGazetteerEntry *province = isaf_gazetteer_get_parent (gazetteer, district);
  g_autofree char *commune_name = dup_khmer_name (commune);
  g_autofree char *district_name = dup_khmer_name (district);
  g_autofree char *province_name = dup_khmer_name (province);
  /* Translators: a district and its province, as in "ស្រុកមង្គលបូរី, ខេត្តបន្ទាយមានជ័យ". */
  g_autofree char *place = g_strdup_printf (_("%1$s, %2$s"), district_name, province_name);

  return g_strdup_printf (_("%1$s, %2$s"), commune_name, place);
}

static guint
find_chooser (IsafSetupAssistant *self,
              gpointer            widget_or_model)
{
  for (guint i = 0; i < N_CHOOSERS; i++)
    {
      Chooser *chooser = &self->choosers[i];

      if (widget_or_model == (gpointer) chooser->search
          || widget_or_model == (gpointer) chooser->list
          || widget_or_model == (gpointer) chooser->selection)
        return i;
    }
  g_return_val_if_reached (CHOOSER_PROVINCE);
}

static gboolean
contacts_are_valid (IsafSetupAssistant *self)
{
  for (guint i = 0; i < N_FIELDS; i++)
    if (!self->fields[i].valid)
      return FALSE;
  return TRUE;
}

static void
update_actions (IsafSetupAssistant *self)
{
  gboolean can_go_back = FALSE;
  gboolean can_go_next = FALSE;
  const char *next_label = _("_Next");

  switch (self->step)
    {
    case STEP_WELCOME:
      can_go_next = TRUE;
      break;
    case STEP_PROVINCE:
    case STEP_DISTRICT:
    case STEP_COMMUNE:
      can_go_back = TRUE;
      can_go_next = self->choosers[self->step - STEP_PROVINCE].chosen != NULL;
      break;
    case STEP_CONTACTS:
      can_go_back = TRUE;
      can_go_next = self->choosers[CHOOSER_COMMUNE].chosen != NULL && contacts_are_valid (self);
      next_label = _("_Create");
      break;
    case STEP_CREATING:
      next_label = _("_Create");
      break;
    case STEP_DONE:
      can_go_next = TRUE;
      next_label = _("_Start");
      break;
    case STEP_ERROR:
      can_go_back = TRUE;
      can_go_next = TRUE;
      next_label = _("_Try Again");
      break;
    case N_STEPS:
    default:
      g_assert_not_reached ();
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "setup.back", can_go_back);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "setup.next", can_go_next);
  gtk_button_set_label (self->next_button, next_label);

  if (self->step < N_INPUT_STEPS)
    {
      g_autofree char *ascii_step = g_strdup_printf ("%d", self->step + 1);
      g_autofree char *ascii_total = g_strdup_printf ("%d", N_INPUT_STEPS);
      g_autofree char *step = isaf_format_digits (ascii_step, get_digits (self));
      g_autofree char *total = isaf_format_digits (ascii_total, get_digits (self));
      /* Translators: where the clerk is in the set-up assistant, as in "Step 2 of 5". */
      g_autofree char *text = g_strdup_printf (_("Step %1$s of %2$s"), step, total);

      gtk_label_set_label (self->step_label, text);
    }
  else
    {
      gtk_label_set_label (self->step_label, "");
    }
}

/* The keyboard starts where the page is used: in the search, in the first field, or on the
 * button that goes on. */
static void
focus_step (IsafSetupAssistant *self)
{
  GtkWidget *focus = GTK_WIDGET (self->next_button);

  if (self->step >= STEP_PROVINCE && self->step <= STEP_COMMUNE)
    focus = GTK_WIDGET (self->choosers[self->step - STEP_PROVINCE].search);
  else if (self->step == STEP_CONTACTS)
    focus = GTK_WIDGET (self->fields[FIELD_CHIEF_NAME].row);
  else if (self->step == STEP_CREATING)
    return;
  gtk_widget_grab_focus (focus);
}

static void
go_to_step (IsafSetupAssistant *self,
            Step                step)
{
  self->step = step;
  gtk_stack_set_visible_child_name (self->stack, step_names[step]);
  gtk_spinner_set_spinning (self->spinner, step == STEP_CREATING);
  update_actions (self);
  focus_step (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}

/* The line under each list's title says what the list holds. */
static void
update_contexts (IsafSetupAssistant *self)
{
  IsafGazetteer *gazetteer = isaf_gazetteer_get_default ();
  const char *province_code = self->choosers[CHOOSER_PROVINCE].chosen;
  const char *district_code = self->choosers[CHOOSER_DISTRICT].chosen;
  const char *commune_code = self->choosers[CHOOSER_COMMUNE].chosen;

  set_wrapping_label (self->choosers[CHOOSER_PROVINCE].context,
                      _("The capital, Phnom Penh, and the provinces of Cambodia."));

  if (province_code != NULL)
    {
      g_autofree char *names = dup_both_names (isaf_gazetteer_lookup (gazetteer, province_code));
      /* Translators: %s is a province with its names in Khmer and Latin letters. */
      g_autofree char *text = g_strdup_printf (_("Districts, municipalities and Khans in %s."),
                                               names);

      set_wrapping_label (self->choosers[CHOOSER_DISTRICT].context, text);
    }

  if (district_code != NULL)
    {
      g_autofree char *names = dup_both_names (isaf_gazetteer_lookup (gazetteer, district_code));
      /* Translators: %s is a district with its names in Khmer and Latin letters. */
      g_autofree char *text = g_strdup_printf (_("Communes and Sangkats in %s."), names);

      set_wrapping_label (self->choosers[CHOOSER_COMMUNE].context, text);
    }

  if (commune_code != NULL)
    {
      g_autofree char *place = dup_commune_place (commune_code);

      set_wrapping_label (self->contacts_context, place);
    }
}

/* A new choice at one level starts the levels below it again: their lists show what is in
 * the new choice, unfiltered, with nothing selected. */
static void
set_chosen (IsafSetupAssistant *self,
            guint               level,
            const char         *code)
{
  Chooser *chooser = &self->choosers[level];

  if (g_strcmp0 (chooser->chosen, code) == 0)
    return;

  g_free (chooser->chosen);
  chooser->chosen = g_strdup (code);

  if (level + 1 < N_CHOOSERS)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->choosers[level + 1].search), "");
      refill (self, level + 1);
    }

  update_contexts (self);
  if (level == CHOOSER_COMMUNE)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMMUNE_CODE]);
}

/* Shows the units inside the level above's choice whose Khmer or Latin name starts with
 * what is typed in the search; the choice stays selected while it is shown. */
static void
refill (IsafSetupAssistant *self,
        guint               level)
{
  Chooser *chooser = &self->choosers[level];
  const char *parent = level == CHOOSER_PROVINCE ? NULL : self->choosers[level - 1].chosen;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (chooser->search));
  g_autoptr(GPtrArray) found = NULL;
  g_autofree const char **codes = NULL;
  guint selected = GTK_INVALID_LIST_POSITION;

  if (level == CHOOSER_PROVINCE || parent != NULL)
    found = isaf_gazetteer_search (isaf_gazetteer_get_default (), level, parent, text);
  else
    found = g_ptr_array_new ();

  codes = g_new0 (const char *, found->len + 1);
  for (guint i = 0; i < found->len; i++)
    {
      const IsafGazetteerEntry *entry = g_ptr_array_index (found, i);

      codes[i] = entry->code;
      if (g_strcmp0 (entry->code, chooser->chosen) == 0)
        selected = i;
    }

  self->refilling = TRUE;
  gtk_string_list_splice (chooser->codes, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (chooser->codes)), codes);
  gtk_single_selection_set_selected (chooser->selection, selected);
  self->refilling = FALSE;

  gtk_stack_set_visible_child_name (chooser->results, found->len > 0 ? "list" : "empty");
  if (selected == GTK_INVALID_LIST_POSITION)
    set_chosen (self, level, NULL);
  update_actions (self);
}

static gboolean
select_code (IsafSetupAssistant *self,
             guint               level,
             const char         *code)
{
  Chooser *chooser = &self->choosers[level];
  GListModel *model = G_LIST_MODEL (chooser->codes);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_str_equal (gtk_string_list_get_string (chooser->codes, i), code))
      {
        gtk_single_selection_set_selected (chooser->selection, i);
        return TRUE;
      }
  return FALSE;
}

static void
validate_field (IsafSetupAssistant *self,
                Field               field)
{
  ContactField *contact = &self->fields[field];
  const IsafColumn *column = isaf_schema_find_column (isaf_schema_find_table ("commune"),
                                                      field_columns[field]);
  IsafValue value = { .type = ISAF_VALUE_TEXT };
  g_autoptr(GError) error = NULL;
  GtkWidget *row = GTK_WIDGET (contact->row);

  value.text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (contact->row)));
  contact->valid = isaf_validate_value (column, self->choosers[CHOOSER_COMMUNE].chosen, &value,
                                        &error);
  isaf_value_clear (&value);

  if (contact->valid)
    {
      gtk_widget_remove_css_class (row, "error");
      gtk_widget_set_visible (GTK_WIDGET (contact->error), FALSE);
      gtk_label_set_label (contact->error, "");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
  else
    {
      gtk_widget_add_css_class (row, "error");
      set_wrapping_label (contact->error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (contact->error), TRUE);
      gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      error->message, -1);
    }
}

static void
on_created_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gssize n_villages = g_task_propagate_int (G_TASK (result), &error);
  IsafSetupAssistant *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = ISAF_SETUP_ASSISTANT (user_data);

  if (error != NULL)
    {
      g_debug ("Cannot set up %s: %s", self->database_path, error->message);
      set_status_description (self->error_page, error->message);
      go_to_step (self, STEP_ERROR);
    }
  else
    {
      g_autofree char *place = dup_commune_place (self->choosers[CHOOSER_COMMUNE].chosen);
      g_autofree char *count = isaf_format_integer (n_villages, get_digits (self));
      g_autofree char *description =
        /* Translators: %1$s is the commune with its district and province, %2$s the number of
         * its villages. */
        g_strdup_printf (ngettext ("ISAF Commune is ready for %1$s, with its %2$s village. "
                                   "Press Start to begin.",
                                   "ISAF Commune is ready for %1$s, with its %2$s villages. "
                                   "Press Start to begin.",
                                   n_villages),
                         place, count);

      set_status_description (self->done_page, description);
      go_to_step (self, STEP_DONE);
    }
}

static void
start_creating (IsafSetupAssistant *self)
{
  IsafGazetteer *gazetteer = isaf_gazetteer_get_default ();
  const char *commune_code = self->choosers[CHOOSER_COMMUNE].chosen;
  CreateJob *job;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;

  for (guint i = 0; i < N_FIELDS; i++)
    validate_field (self, i);
  if (commune_code == NULL || !contacts_are_valid (self))
    {
      update_actions (self);
      return;
    }

  job = g_new0 (CreateJob, 1);
  job->path = g_strdup (self->database_path);
  job->commune_code = g_strdup (commune_code);
  job->made_folders = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < N_FIELDS; i++)
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (self->fields[i].row));

      job->contacts[i] = text[0] != '\0' ? g_strdup (text) : NULL;
    }

  name = dup_khmer_name (isaf_gazetteer_lookup (gazetteer, commune_code));
  /* Translators: %s is the commune's Khmer name, as in "ឃុំបន្ទាយនាង". */
  title = g_strdup_printf (_("Setting Up %s…"), name);
  set_wrapping_label (self->creating_title, title);
  go_to_step (self, STEP_CREATING);

  create_database_async (job, self->cancellable, on_created_cb, self);
}

/* Signal callbacks --------------------------------------------------------------------- */

static void
on_search_changed_cb (IsafSetupAssistant *self,
                      GtkSearchEntry     *search)
{
  refill (self, find_chooser (self, search));
}

/* Enter in the search goes on with the unit selected, or with the only one found. */
static void
on_search_activate_cb (IsafSetupAssistant *self,
                       GtkSearchEntry     *search)
{
  Chooser *chooser = &self->choosers[find_chooser (self, search)];

  if (chooser->chosen == NULL
      && g_list_model_get_n_items (G_LIST_MODEL (chooser->codes)) == 1)
    gtk_single_selection_set_selected (chooser->selection, 0);
  if (chooser->chosen != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "setup.next", NULL);
}

/* Escape clears the search first, then goes back. */
static void
on_search_stop_cb (IsafSetupAssistant *self,
                   GtkSearchEntry     *search)
{
  if (gtk_editable_get_text (GTK_EDITABLE (search))[0] != '\0')
    gtk_editable_set_text (GTK_EDITABLE (search), "");
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "setup.back", NULL);
}

/* Down in the search moves into the list, selecting its first unit if none is. */
static gboolean
on_search_key_pressed_cb (GtkEventControllerKey *controller,
                          guint                  keyval,
                          guint                  keycode,
                          GdkModifierType        state,
                          IsafSetupAssistant    *self)
{
  GtkWidget *search = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  Chooser *chooser = &self->choosers[find_chooser (self, search)];

  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
      || g_list_model_get_n_items (G_LIST_MODEL (chooser->codes)) == 0)
    return GDK_EVENT_PROPAGATE;

  if (chooser->chosen == NULL)
    gtk_single_selection_set_selected (chooser->selection, 0);
  gtk_widget_child_focus (GTK_WIDGET (chooser->list), GTK_DIR_TAB_FORWARD);
  return GDK_EVENT_STOP;
}

static void
on_selection_changed_cb (IsafSetupAssistant *self,
                         GParamSpec         *pspec,
                         GtkSingleSelection *selection)
{
  guint level;
  gpointer item;

  if (self->refilling)
    return;

  level = find_chooser (self, selection);
  item = gtk_single_selection_get_selected_item (selection);
  set_chosen (self, level, item != NULL ? gtk_string_object_get_string (item) : NULL);
  update_actions (self);
}

/* Enter or a double click on a unit chooses it and goes on. */
static void
on_list_activate_cb (IsafSetupAssistant *self,
                     guint               position,
                     GtkListView        *list)
{
  Chooser *chooser = &self->choosers[find_chooser (self, list)];

  gtk_single_selection_set_selected (chooser->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self), "setup.next", NULL);
}

/* Each unit: its Khmer name with its unit, its Latin name under it, its code at the end. */
static void
on_item_setup_cb (IsafSetupAssistant       *self,
                  GtkListItem              *item,
                  GtkSignalListItemFactory *factory)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *names = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *khmer = gtk_label_new (NULL);
  GtkWidget *latin = gtk_label_new (NULL);
  GtkWidget *code = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_hexpand (names, TRUE);
  gtk_label_set_xalign (GTK_LABEL (khmer), 0);
  gtk_label_set_ellipsize (GTK_LABEL (khmer), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (latin), 0);
  gtk_label_set_ellipsize (GTK_LABEL (latin), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (latin, "dim-label");
  gtk_widget_set_valign (code, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (code, "dim-label");
  gtk_widget_add_css_class (code, "numeric");

  gtk_box_append (GTK_BOX (names), khmer);
  gtk_box_append (GTK_BOX (names), latin);
  gtk_box_append (GTK_BOX (box), names);
  gtk_box_append (GTK_BOX (box), code);
  gtk_list_item_set_child (item, box);
}

static void
on_item_bind_cb (IsafSetupAssistant       *self,
                 GtkListItem              *item,
                 GtkSignalListItemFactory *factory)
{
  GtkStringObject *object = gtk_list_item_get_item (item);
  const IsafGazetteerEntry *entry = isaf_gazetteer_lookup (isaf_gazetteer_get_default (),
                                                           gtk_string_object_get_string (object));
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *names = gtk_widget_get_first_child (box);
  GtkWidget *khmer = gtk_widget_get_first_child (names);
  GtkWidget *latin = gtk_widget_get_next_sibling (khmer);
  GtkWidget *code = gtk_widget_get_next_sibling (names);
  g_autofree char *khmer_name = dup_khmer_name (entry);
  g_autofree char *shown_code = isaf_format_digits (entry->code, get_digits (self));
  g_autofree char *accessible = g_strdup_printf ("%s, %s, %s", khmer_name, entry->name_latin,
                                                 entry->code);

  gtk_label_set_label (GTK_LABEL (khmer), khmer_name);
  gtk_label_set_label (GTK_LABEL (latin), entry->name_latin);
  gtk_label_set_label (GTK_LABEL (code), shown_code);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
on_contact_changed_cb (IsafSetupAssistant *self,
                       AdwEntryRow        *row)
{
  for (guint i = 0; i < N_FIELDS; i++)
    if (self->fields[i].row == row)
      validate_field (self, i);
  update_actions (self);
}

/* Enter in a field creates the database, as the default button would. */
static void
on_contact_activated_cb (IsafSetupAssistant *self,
                         AdwEntryRow        *row)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "setup.next", NULL);
}

/* Actions ----------------------------------------------------------------------------- */

static void
back_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  IsafSetupAssistant *self = ISAF_SETUP_ASSISTANT (widget);

  switch (self->step)
    {
    case STEP_PROVINCE:
    case STEP_DISTRICT:
    case STEP_COMMUNE:
    case STEP_CONTACTS:
      go_to_step (self, self->step - 1);
      break;
    case STEP_ERROR:
      go_to_step (self, STEP_CONTACTS);
      break;
    case STEP_WELCOME:
    case STEP_CREATING:
    case STEP_DONE:
    case N_STEPS:
    default:
      break;
    }
}

static void
next_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  IsafSetupAssistant *self = ISAF_SETUP_ASSISTANT (widget);

  switch (self->step)
    {
    case STEP_WELCOME:
      go_to_step (self, STEP_PROVINCE);
      break;
    case STEP_PROVINCE:
    case STEP_DISTRICT:
    case STEP_COMMUNE:
      if (self->choosers[self->step - STEP_PROVINCE].chosen != NULL)
        go_to_step (self, self->step + 1);
      break;
    case STEP_CONTACTS:
    case STEP_ERROR:
      start_creating (self);
      break;
    case STEP_DONE:
      g_signal_emit (self, signals[FINISHED], 0, self->database_path);
      break;
    case STEP_CREATING:
    case N_STEPS:
    default:
      break;
    }
}

/* GObject ----------------------------------------------------------------------------- */

static void
isaf_setup_assistant_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (isaf_setup_assistant_parent_class)->map (widget);

  focus_step (ISAF_SETUP_ASSISTANT (widget));
}

static void
isaf_setup_assistant_dispose (GObject *object)
{
  IsafSetupAssistant *self = ISAF_SETUP_ASSISTANT (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), ISAF_TYPE_SETUP_ASSISTANT);

  G_OBJECT_CLASS (isaf_setup_assistant_parent_class)->dispose (object);
}

static void
isaf_setup_assistant_finalize (GObject *object)
{
  IsafSetupAssistant *self = ISAF_SETUP_ASSISTANT (object);

  for (guint i = 0; i < N_CHOOSERS; i++)
    g_free (self->choosers[i].chosen);
  g_clear_object (&self->settings);
  g_free (self->database_path);

  G_OBJECT_CLASS (isaf_setup_assistant_parent_class)->finalize (object);
}

static void
isaf_setup_assistant_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  IsafSetupAssistant *self = ISAF_SETUP_ASSISTANT (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      g_value_set_string (value, self->database_path);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_COMMUNE_CODE:
      g_value_set_string (value, isaf_setup_assistant_get_commune_code (self));
      break;
    case PROP_STEP:
      g_value_set_string (value, isaf_setup_assistant_get_step (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_setup_assistant_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  IsafSetupAssistant *self = ISAF_SETUP_ASSISTANT (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      self->database_path = g_value_dup_string (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_setup_assistant_constructed (GObject *object)
{
  IsafSetupAssistant *self = ISAF_SETUP_ASSISTANT (object);

  G_OBJECT_CLASS (isaf_setup_assistant_parent_class)->constructed (object);

  /* Both are construct-only: the digits shown depend on the settings. */
  update_actions (self);
  refill (self, CHOOSER_PROVINCE);
}

static void
bind_chooser (GtkWidgetClass *widget_class,
              guint           level,
              const char     *name)
{
  static const struct {
    const char *suffix;
    gsize offset;
  } members[] = {
    { "context", G_STRUCT_OFFSET (Chooser, context) },
    { "search", G_STRUCT_OFFSET (Chooser, search) },
    { "results", G_STRUCT_OFFSET (Chooser, results) },
    { "list", G_STRUCT_OFFSET (Chooser, list) },
    { "selection", G_STRUCT_OFFSET (Chooser, selection) },
    { "codes", G_STRUCT_OFFSET (Chooser, codes) },
  };
  gsize base = G_STRUCT_OFFSET (IsafSetupAssistant, choosers) + level * sizeof (Chooser);

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      g_autofree char *id = g_strconcat (name, "_", members[i].suffix, NULL);

      gtk_widget_class_bind_template_child_full (widget_class, id, FALSE,
                                                 base + members[i].offset);
    }
}

static void
bind_field (GtkWidgetClass *widget_class,
            Field           field,
            const char     *row_id,
            const char     *error_id)
{
  gsize base = G_STRUCT_OFFSET (IsafSetupAssistant, fields) + field * sizeof (ContactField);

  gtk_widget_class_bind_template_child_full (widget_class, row_id, FALSE,
                                             base + G_STRUCT_OFFSET (ContactField, row));
  gtk_widget_class_bind_template_child_full (widget_class, error_id, FALSE,
                                             base + G_STRUCT_OFFSET (ContactField, error));
}

static void
isaf_setup_assistant_class_init (IsafSetupAssistantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = isaf_setup_assistant_dispose;
  object_class->finalize = isaf_setup_assistant_finalize;
  object_class->get_property = isaf_setup_assistant_get_property;
  object_class->set_property = isaf_setup_assistant_set_property;
  object_class->constructed = isaf_setup_assistant_constructed;
  widget_class->map = isaf_setup_assistant_map;

  /**
   * IsafSetupAssistant:database-path:
   *
   * Where the database is created; it must not exist yet.
   */
  properties[PROP_DATABASE_PATH] =
    g_param_spec_string ("database-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * IsafSetupAssistant:settings:
   *
   * The application's settings: the digits to show numbers with.
   */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * IsafSetupAssistant:commune-code:
   *
   * The code of the commune chosen, or %NULL while none is.
   */
  properties[PROP_COMMUNE_CODE] =
    g_param_spec_string ("commune-code", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * IsafSetupAssistant:step:
   *
   * The page shown: "welcome", "province", "district", "commune", "contacts", "creating",
   * "done" or "error".
   */
  properties[PROP_STEP] =
    g_param_spec_string ("step", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * IsafSetupAssistant::finished:
   * @self: the assistant
   * @path: the database it created
   *
   * Emitted when the clerk presses Start on the last page, after the database was created
   * and closed: the window can open it now.
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                    G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_install_action (widget_class, "setup.back", NULL, back_activated);
  gtk_widget_class_install_action (widget_class, "setup.next", NULL, next_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "setup.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "setup.back",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "setup.next",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "setup.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_ISO_Enter, 0, "setup.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "setup.next", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kh/gov/ncdd/IsafCommune/isaf-setup-assistant.ui");
  gtk_widget_class_bind_template_child (widget_class, IsafSetupAssistant, stack);
  gtk_widget_class_bind_template_child (widget_class, IsafSetupAssistant, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, IsafSetupAssistant, welcome_hint);
  gtk_widget_class_bind_template_child (widget_class, IsafSetupAssistant, contacts_context);
  gtk_widget_class_bind_template_child (widget_class, IsafSetupAssistant, contacts_hint);
  gtk_widget_class_bind_template_child (widget_class, IsafSetupAssistant, spinner);
  gtk_widget_class_bind_template_child (widget_class, IsafSetupAssistant, creating_title);
  gtk_widget_class_bind_template_child (widget_class, IsafSetupAssistant, creating_hint);
  gtk_widget_class_bind_template_child (widget_class, IsafSetupAssistant, done_page);
  gtk_widget_class_bind_template_child (widget_class, IsafSetupAssistant, error_page);
  gtk_widget_class_bind_template_child (widget_class, IsafSetupAssistant, error_hint);
  gtk_widget_class_bind_template_child (widget_class, IsafSetupAssistant, next_button);
  gtk_widget_class_bind_template_child (widget_class, IsafSetupAssistant, step_label);
  bind_chooser (widget_class, CHOOSER_PROVINCE, "province");
  bind_chooser (widget_class, CHOOSER_DISTRICT, "district");
  bind_chooser (widget_class, CHOOSER_COMMUNE, "commune");
  bind_field (widget_class, FIELD_CHIEF_NAME, "chief_name_row", "chief_name_error");
  bind_field (widget_class, FIELD_CHIEF_PHONE, "chief_phone_row", "chief_phone_error");
  bind_field (widget_class, FIELD_CLERK_NAME, "clerk_name_row", "clerk_name_error");
  bind_field (widget_class, FIELD_CLERK_PHONE, "clerk_phone_row", "clerk_phone_error");

  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_item_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_item_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_contact_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_contact_activated_cb);
}

static void
isaf_setup_assistant_init (IsafSetupAssistant *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->step = STEP_WELCOME;
  for (guint i = 0; i < N_FIELDS; i++)
    self->fields[i].valid = TRUE;

  set_status_description (self->welcome_page,
                          _("ISAF Commune takes your commune through the yearly cycle of social "
                            "accountability: information for citizens, scorecards, the joint "
                            "accountability action plan and its monitoring. It keeps everything "
                            "on this computer and works without internet."));
  /* The texts from the template are translated already; Khmer in them must wrap too. */
  set_wrapping_label (self->welcome_hint, gtk_label_get_label (self->welcome_hint));
  set_wrapping_label (self->contacts_hint, gtk_label_get_label (self->contacts_hint));
  set_wrapping_label (self->creating_hint, gtk_label_get_label (self->creating_hint));
  set_wrapping_label (self->error_hint, gtk_label_get_label (self->error_hint));

  for (guint i = 0; i < N_CHOOSERS; i++)
    {
      Chooser *chooser = &self->choosers[i];
      AdwStatusPage *empty = ADW_STATUS_PAGE (gtk_stack_get_child_by_name (chooser->results,
                                                                           "empty"));
      GtkEventController *keys = gtk_event_controller_key_new ();
      g_autofree char *description = g_strdup (adw_status_page_get_description (empty));

      adw_status_page_set_description (empty, NULL);
      set_status_description (empty, description);
      g_signal_connect (keys, "key-pressed", G_CALLBACK (on_search_key_pressed_cb), self);
      gtk_widget_add_controller (GTK_WIDGET (chooser->search), keys);
    }
  update_contexts (self);
}

/* Public API --------------------------------------------------------------------------- */

/**
 * isaf_setup_assistant_new:
 * @database_path: where to create the database; the file must not exist yet (its folder
 *   is made when missing)
 * @settings: the application's settings
 *
 * Returns: (transfer floating): the assistant, on its welcome page
 */
GtkWidget *
isaf_setup_assistant_new (const char *database_path,
                          GSettings  *settings)
{
  g_return_val_if_fail (database_path != NULL, NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (ISAF_TYPE_SETUP_ASSISTANT,
                       "database-path", database_path,
                       "settings", settings,
                       NULL);
}

/**
 * isaf_setup_assistant_select_commune:
 * @self: an assistant
 * @code: the 6-digit code of a commune of the gazetteer
 *
 * Chooses @code's province, district and commune in the lists, as the clerk would; the page
 * shown does not change. A code that is not a commune of the gazetteer is refused.
 */
void
isaf_setup_assistant_select_commune (IsafSetupAssistant *self,
                                     const char         *code)
{
  IsafGazetteer *gazetteer = isaf_gazetteer_get_default ();
  const IsafGazetteerEntry *commune;
  const IsafGazetteerEntry *district;
  const char *codes[N_CHOOSERS];

  g_return_if_fail (ISAF_IS_SETUP_ASSISTANT (self));
  g_return_if_fail (code != NULL);
  g_return_if_fail (self->step < STEP_CREATING);

  commune = isaf_gazetteer_lookup (gazetteer, code);
  if (commune == NULL || commune->level != ISAF_GAZETTEER_COMMUNE)
    {
      g_warning ("“%s” is not the code of a commune in the gazetteer", code);
      return;
    }
  district = isaf_gazetteer_get_parent (gazetteer, commune);
  codes[CHOOSER_PROVINCE] = isaf_gazetteer_get_parent (gazetteer, district)->code;
  codes[CHOOSER_DISTRICT] = district->code;
  codes[CHOOSER_COMMUNE] = commune->code;

  for (guint i = 0; i < N_CHOOSERS; i++)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->choosers[i].search), "");
      refill (self, i);
      if (!select_code (self, i, codes[i]))
        g_return_if_reached ();
    }
  for (guint i = 0; i < N_FIELDS; i++)
    validate_field (self, i);
  update_actions (self);
}

const char *
isaf_setup_assistant_get_database_path (IsafSetupAssistant *self)
{
  g_return_val_if_fail (ISAF_IS_SETUP_ASSISTANT (self), NULL);

  return self->database_path;
}

/**
 * isaf_setup_assistant_get_commune_code:
 * @self: an assistant
 *
 * Returns: (nullable): the code of the commune chosen, or %NULL while none is
 */
const char *
isaf_setup_assistant_get_commune_code (IsafSetupAssistant *self)
{
  g_return_val_if_fail (ISAF_IS_SETUP_ASSISTANT (self), NULL);

  return self->choosers[CHOOSER_COMMUNE].chosen;
}

/**
 * isaf_setup_assistant_get_step:
 * @self: an assistant
 *
 * Returns: the name of the page shown; see #IsafSetupAssistant:step
 */
const char *
isaf_setup_assistant_get_step (IsafSetupAssistant *self)
{
  g_return_val_if_fail (ISAF_IS_SETUP_ASSISTANT (self), NULL);

  return step_names[self->step];
}
