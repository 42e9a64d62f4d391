/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-commune-page"

#include "config.h"

#include <glib/gi18n.h>

#include "isaf-choice.h"
#include "isaf-commune-page.h"
#include "isaf-gazetteer.h"
#include "isaf-khmer.h"
#include "isaf-record-editor.h"
#include "isaf-record-form.h"
#include "isaf-registry-view.h"
#include "isaf-store.h"
#include "isaf-undo-toast.h"

/* The commune and its registries: the profile (from the gazetteer, with the contacts the
 * commune keeps), the villages, the service units, the facilitators (CAFs) and the members of
 * the JAAP committee. Each registry is a list that is read again whenever something saves or
 * deletes in its table, wherever that happened (IsafContext::data-changed). */

/* The tables the page shows, in the order they are loaded. */
typedef enum {
  TABLE_COMMUNE,
  TABLE_VILLAGE,
  TABLE_SERVICE_UNIT,
  TABLE_CAF,
  TABLE_CAF_TRAINING,
  TABLE_JAAPC_MEMBER,
  N_TABLES
} Table;

static const char * const table_names[N_TABLES] = {
  "commune", "village", "service_unit", "caf", "caf_training", "jaapc_member",
};

struct _IsafCommunePage
{
  AdwBin parent_instance;

  /* Template widgets */
  AdwViewStack *stack;
  AdwActionRow *commune_row;
  AdwActionRow *district_row;
  AdwActionRow *province_row;
  AdwActionRow *code_row;
  AdwPreferencesGroup *contacts_group;
  IsafRegistryView *village_view;
  IsafRegistryView *unit_view;
  IsafRegistryView *caf_view;
  IsafRegistryView *member_view;

  IsafContext *context;
  GCancellable *cancellable;
  IsafRecordForm *profile_form;
  /* The villages of the commune, in gazetteer order, and by id. */
  GPtrArray *villages;
  GHashTable *villages_by_id;
  /* Facilitator id (text) → their caf_training records. */
  GHashTable *trainings;
  /* Each load of a table gets a number; an answer to an older load is dropped. */
  guint generations[N_TABLES];
  guint n_loading;
  gboolean saving_profile;
};

G_DEFINE_FINAL_TYPE (IsafCommunePage, isaf_commune_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load_table (IsafCommunePage *self,
                        Table            table);

/* Ids ------------------------------------------------------------------------------------ */

static guint
uuid_hash (gconstpointer key)
{
  const IsafUuid *id = key;

  /* The last bytes of every UUID version used here are random or hashed. */
  return (guint) id->bytes[12] << 24 | (guint) id->bytes[13] << 16
         | (guint) id->bytes[14] << 8 | id->bytes[15];
}

static gboolean
uuid_equal (gconstpointer a,
            gconstpointer b)
{
  return isaf_uuid_equal (a, b);
}

/* Formatting ----------------------------------------------------------------------------- */

static char *
format_year (IsafCommunePage *self,
             gint64           year)
{
  g_autofree char *ascii = g_strdup_printf ("%" G_GINT64_FORMAT, year);

  return isaf_context_format_digits (self->context, ascii);
}

static const IsafGazetteerEntry *
lookup_village (IsafRecord *village)
{
  const char *code = isaf_record_get_text (village, "code");

  return code ? isaf_gazetteer_lookup (isaf_gazetteer_get_default (), code) : NULL;
}

static const IsafGazetteerEntry *
lookup_referenced_village (IsafCommunePage *self,
                           IsafRecord      *record)
{
  const IsafUuid *id = isaf_record_get_reference (record, "village_id");
  IsafRecord *village = id ? g_hash_table_lookup (self->villages_by_id, id) : NULL;

  return village ? lookup_village (village) : NULL;
}

/* "ភូមិថ្មី (Phum Thmei)": what a village is called in choices. */
static char *
dup_village_label (const IsafGazetteerEntry *entry)
{
  if (entry->name_latin == NULL || entry->name_latin[0] == '\0')
    return g_strdup (entry->name_km);
  return g_strdup_printf ("%s (%s)", entry->name_km, entry->name_latin);
}

static char *
dup_place_label (const IsafGazetteerEntry *entry)
{
  g_autofree char *khmer = g_strconcat (entry->unit_km, entry->name_km, NULL);

  if (entry->name_latin == NULL || entry->name_latin[0] == '\0')
    return g_steal_pointer (&khmer);
  /* Translators: a place in Khmer, then in Latin script: "ឃុំបន្ទាយនាង (Banteay Neang)". */
  return g_strdup_printf (_("%1$s (%2$s)"), khmer, entry->name_latin);
}

/* Columns -------------------------------------------------------------------------------- */

static char *
text_name_km (IsafRecord *record,
              gpointer    user_data)
{
  return g_strdup (isaf_record_get_text (record, "name_km"));
}

static char *
text_name_latin (IsafRecord *record,
                 gpointer    user_data)
{
  return g_strdup (isaf_record_get_text (record, "name_latin"));
}

static char *
text_name_en (IsafRecord *record,
              gpointer    user_data)
{
  return g_strdup (isaf_record_get_text (record, "name_en"));
}

static char *
text_code (IsafRecord *record,
           gpointer    user_data)
{
  return g_strdup (isaf_record_get_text (record, "code"));
}

static char *
text_phone (IsafRecord *record,
            gpointer    user_data)
{
  return g_strdup (isaf_record_get_text (record, "phone"));
}

static char *
text_sex (IsafRecord *record,
          gpointer    user_data)
{
  const char *sex = isaf_record_get_text (record, "sex");

  return sex ? g_strdup (isaf_choice_get_label (sex)) : NULL;
}

static char *
text_village (IsafRecord *record,
              gpointer    user_data)
{
  const IsafGazetteerEntry *entry = lookup_referenced_village (user_data, record);

  return entry ? g_strdup (entry->name_km) : NULL;
}

static char *
text_village_latin (IsafRecord *record,
                    gpointer    user_data)
{
  const IsafGazetteerEntry *entry = lookup_referenced_village (user_data, record);

  return entry ? g_strdup (entry->name_latin) : NULL;
}

static char *
text_left (IsafCommunePage *self,
           IsafRecord      *record,
           const char      *present)
{
  const char *left_on = isaf_record_get_text (record, "left_on");
  g_autofree char *date = NULL;

  if (left_on == NULL)
    return g_strdup (present);
  date = isaf_context_format_digits (self->context, left_on);
  /* Translators: the status of a facilitator or committee member who left, with the date. */
  return g_strdup_printf (_("Left on %s"), date);
}

/* Villages */

static char *
village_text_name (IsafRecord *record,
                   gpointer    user_data)
{
  const IsafGazetteerEntry *entry = lookup_village (record);

  return g_strdup (entry ? entry->name_km : isaf_record_get_text (record, "code"));
}

static char *
village_text_latin (IsafRecord *record,
                    gpointer    user_data)
{
  const IsafGazetteerEntry *entry = lookup_village (record);

  return entry ? g_strdup (entry->name_latin) : NULL;
}

static char *
village_text_code (IsafRecord *record,
                   gpointer    user_data)
{
  IsafCommunePage *self = user_data;

  return isaf_context_format_digits (self->context, isaf_record_get_text (record, "code"));
}

/* Counts nobody entered yet show nothing, and sort before 0. */
static char *
dup_count (IsafCommunePage *self,
           IsafRecord      *record,
           const char      *column)
{
  if (isaf_record_is_null (record, column))
    return NULL;
  return isaf_context_format_integer (self->context, isaf_record_get_integer (record, column));
}

static gint64
count_key (IsafRecord *record,
           const char *column)
{
  return isaf_record_is_null (record, column) ? -1 : isaf_record_get_integer (record, column);
}

static char *
village_text_households (IsafRecord *record,
                         gpointer    user_data)
{
  return dup_count (user_data, record, "households");
}

static gint64
village_key_households (IsafRecord *record,
                        gpointer    user_data)
{
  return count_key (record, "households");
}

static char *
village_text_population (IsafRecord *record,
                         gpointer    user_data)
{
  return dup_count (user_data, record, "population");
}

static gint64
village_key_population (IsafRecord *record,
                        gpointer    user_data)
{
  return count_key (record, "population");
}

static const IsafRegistryColumn village_columns[] = {
  { N_("Village"), village_text_name, village_text_latin, NULL, ISAF_REGISTRY_COLUMN_EXPAND },
  { N_("Code"), village_text_code, NULL, NULL, 0 },
  { N_("Households"), village_text_households, NULL, village_key_households,
    ISAF_REGISTRY_COLUMN_NUMERIC },
  { N_("Population"), village_text_population, NULL, village_key_population,
    ISAF_REGISTRY_COLUMN_NUMERIC },
};

/* Service units */

static char *
unit_text_kind (IsafRecord *record,
                gpointer    user_data)
{
  const char *kind = isaf_record_get_text (record, "kind");

  return kind ? g_strdup (isaf_choice_get_label (kind)) : NULL;
}

static const IsafRegistryColumn unit_columns[] = {
  { N_("Name"), text_name_km, text_name_en, NULL, ISAF_REGISTRY_COLUMN_EXPAND },
  { N_("Type"), unit_text_kind, NULL, NULL, 0 },
  { N_("Code"), text_code, NULL, NULL, 0 },
  { N_("Village"), text_village, text_village_latin, NULL, 0 },
  { N_("Phone"), text_phone, NULL, NULL, 0 },
};

static gboolean
unit_filter (IsafRecord *record,
             guint       selected,
             gpointer    user_data)
{
  const IsafColumn *kind = isaf_schema_find_column (isaf_schema_find_table ("service_unit"),
                                                    "kind");

  return selected == 0
         || g_strcmp0 (isaf_record_get_text (record, "kind"), kind->choices[selected - 1]) == 0;
}

/* In the order of the kinds in the schema. */
static const char * const unit_filter_labels[] = {
  N_("All types"), N_("Commune office"), N_("Health centre"), N_("Health post"),
  N_("Primary school"), NULL
};

/* Facilitators */

static char *
caf_text_birth_year (IsafRecord *record,
                     gpointer    user_data)
{
  if (isaf_record_is_null (record, "birth_year"))
    return NULL;
  return format_year (user_data, isaf_record_get_integer (record, "birth_year"));
}

static gint64
caf_key_birth_year (IsafRecord *record,
                    gpointer    user_data)
{
  return isaf_record_get_integer (record, "birth_year");
}

/* The modules with a training date, "M1 M2 M4". */
static char *
caf_text_training (IsafRecord *record,
                   gpointer    user_data)
{
  IsafCommunePage *self = user_data;
  g_autofree char *id = isaf_record_dup_id_string (record);
  GPtrArray *trainings = g_hash_table_lookup (self->trainings, id);
  const IsafColumn *module = isaf_schema_find_column (isaf_schema_find_table ("caf_training"),
                                                      "module");
  g_autoptr(GString) text = g_string_new (NULL);

  if (trainings == NULL)
    return NULL;

  for (guint m = 0; module->choices[m] != NULL; m++)
    for (guint i = 0; i < trainings->len; i++)
      {
        IsafRecord *training = g_ptr_array_index (trainings, i);

        if (g_strcmp0 (isaf_record_get_text (training, "module"), module->choices[m]) == 0
            && !isaf_record_is_null (training, "trained_on"))
          g_string_append_printf (text, "%s%s", text->len > 0 ? " " : "",
                                  isaf_choice_get_label (module->choices[m]));
      }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
caf_text_status (IsafRecord *record,
                 gpointer    user_data)
{
  return text_left (user_data, record, C_("facilitator", "Active"));
}

static char *
caf_text_impartiality (IsafRecord *record,
                       gpointer    user_data)
{
  if (!isaf_record_get_boolean (record, "is_village_official"))
    return NULL;
  return g_strdup (_("Village official"));
}

static const IsafRegistryColumn caf_columns[] = {
  { N_("Name"), text_name_km, text_name_latin, NULL, ISAF_REGISTRY_COLUMN_EXPAND },
  { N_("Sex"), text_sex, NULL, NULL, 0 },
  { N_("Born"), caf_text_birth_year, NULL, caf_key_birth_year, ISAF_REGISTRY_COLUMN_NUMERIC },
  { N_("Village"), text_village, text_village_latin, NULL, 0 },
  { N_("Phone"), text_phone, NULL, NULL, 0 },
  { N_("Training"), caf_text_training, NULL, NULL, 0 },
  { N_("Status"), caf_text_status, NULL, NULL, 0 },
  { N_("Impartiality"), caf_text_impartiality, NULL, NULL, ISAF_REGISTRY_COLUMN_WARNING },
};

/* Active, left, all. */
static gboolean
left_filter (IsafRecord *record,
             guint       selected,
             gpointer    user_data)
{
  gboolean left = !isaf_record_is_null (record, "left_on");

  return selected == 2 || (selected == 0 && !left) || (selected == 1 && left);
}

static const char * const caf_filter_labels[] = {
  N_("Active facilitators"), N_("Facilitators who left"), N_("All facilitators"), NULL
};

/* Committee members */

static char *
member_text_role (IsafRecord *record,
                  gpointer    user_data)
{
  const char *role = isaf_record_get_text (record, "role");

  return role ? g_strdup (isaf_choice_get_label (role)) : NULL;
}

static char *
member_text_organisation (IsafRecord *record,
                          gpointer    user_data)
{
  return g_strdup (isaf_record_get_text (record, "organisation"));
}

static char *
member_text_status (IsafRecord *record,
                    gpointer    user_data)
{
  return text_left (user_data, record, C_("committee member", "Member"));
}

static const IsafRegistryColumn member_columns[] = {
  { N_("Name"), text_name_km, text_name_latin, NULL, ISAF_REGISTRY_COLUMN_EXPAND },
  { N_("Sex"), text_sex, NULL, NULL, 0 },
  { N_("Role"), member_text_role, NULL, NULL, 0 },
  { N_("Organisation"), member_text_organisation, NULL, NULL, 0 },
  { N_("Phone"), text_phone, NULL, NULL, 0 },
  { N_("Status"), member_text_status, NULL, NULL, 0 },
};

static const char * const member_filter_labels[] = {
  N_("Current members"), N_("Former members"), N_("All members"), NULL
};

/* Loading -------------------------------------------------------------------------------- */

typedef struct {
  IsafCommunePage *self;
  Table table;
  guint generation;
} LoadData;

static void
set_n_loading (IsafCommunePage *self,
               guint            n_loading)
{
  gboolean was_loading = self->n_loading > 0;

  self->n_loading = n_loading;
  if (was_loading != (n_loading > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
show_place (IsafCommunePage *self)
{
  IsafGazetteer *gazetteer = isaf_gazetteer_get_default ();
  g_autofree char *code = isaf_context_dup_commune_code (self->context);
  const IsafGazetteerEntry *commune = code ? isaf_gazetteer_lookup (gazetteer, code) : NULL;
  const IsafGazetteerEntry *district = commune ? isaf_gazetteer_get_parent (gazetteer, commune)
                                               : NULL;
  const IsafGazetteerEntry *province = district ? isaf_gazetteer_get_parent (gazetteer, district)
                                                : NULL;
  AdwActionRow *rows[] = { self->commune_row, self->district_row, self->province_row };
  const IsafGazetteerEntry *entries[] = { commune, district, province };
  g_autofree char *shown_code = isaf_context_format_digits (self->context, code);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *label = entries[i] ? dup_place_label (entries[i]) : NULL;
      g_autofree char *escaped = label ? g_markup_escape_text (label, -1) : NULL;

      adw_action_row_set_subtitle (rows[i], escaped ? escaped : "");
    }
  adw_action_row_set_subtitle (self->code_row, shown_code ? shown_code : "");
}

static void
on_profile_changed_cb (IsafCommunePage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "commune.save-profile",
                                 !self->saving_profile
                                 && isaf_record_form_get_valid (self->profile_form)
                                 && isaf_record_form_get_changed (self->profile_form));
}

static void
show_profile (IsafCommunePage *self,
              GPtrArray       *records)
{
  static const char * const fields[] = {
    "chief_name", "chief_phone", "clerk_name", "clerk_phone", "email", "address",
  };
  g_autoptr(IsafRecord) commune = NULL;

  if (records->len > 0)
    {
      commune = g_object_ref (g_ptr_array_index (records, 0));
    }
  else
    {
      g_autofree char *code = isaf_context_dup_commune_code (self->context);

      commune = isaf_record_new_keyed ("commune", code);
    }

  if (self->profile_form != NULL)
    {
      isaf_record_form_load (self->profile_form, commune);
      return;
    }

  self->profile_form = isaf_record_form_new (self->context, commune);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    isaf_record_form_add_field (self->profile_form, self->contacts_group, fields[i], NULL);
  g_signal_connect_object (self->profile_form, "notify::valid",
                           G_CALLBACK (on_profile_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->profile_form, "notify::changed",
                           G_CALLBACK (on_profile_changed_cb), self, G_CONNECT_SWAPPED);
  on_profile_changed_cb (self);
}

static int
compare_village_codes (gconstpointer a,
                       gconstpointer b)
{
  IsafRecord *village_a = *(IsafRecord **) a;
  IsafRecord *village_b = *(IsafRecord **) b;

  return g_strcmp0 (isaf_record_get_text (village_a, "code"),
                    isaf_record_get_text (village_b, "code"));
}

static void
show_villages (IsafCommunePage *self,
               GPtrArray       *records)
{
  g_ptr_array_sort (records, compare_village_codes);
  g_hash_table_remove_all (self->villages_by_id);
  g_clear_pointer (&self->villages, g_ptr_array_unref);
  self->villages = g_ptr_array_ref (records);

  for (guint i = 0; i < records->len; i++)
    {
      IsafRecord *village = g_ptr_array_index (records, i);

      g_hash_table_insert (self->villages_by_id, (gpointer) isaf_record_get_id (village),
                           village);
    }

  isaf_registry_view_set_records (self->village_view, records);
  /* Units and facilitators show the names of their villages. */
  isaf_registry_view_refresh (self->unit_view);
  isaf_registry_view_refresh (self->caf_view);
}

static void
show_trainings (IsafCommunePage *self,
                GPtrArray       *records)
{
  g_hash_table_remove_all (self->trainings);
  for (guint i = 0; i < records->len; i++)
    {
      IsafRecord *training = g_ptr_array_index (records, i);
      const IsafUuid *caf_id = isaf_record_get_reference (training, "caf_id");
      g_autofree char *key = NULL;
      GPtrArray *list;

      if (caf_id == NULL)
        continue;
      key = isaf_uuid_to_string (caf_id);
      list = g_hash_table_lookup (self->trainings, key);
      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func (g_object_unref);
          g_hash_table_insert (self->trainings, g_steal_pointer (&key), list);
        }
      g_ptr_array_add (list, g_object_ref (training));
    }
  isaf_registry_view_refresh (self->caf_view);
}

static void
show_records (IsafCommunePage *self,
              Table            table,
              GPtrArray       *records)
{
  switch (table)
    {
    case TABLE_COMMUNE:
      show_profile (self, records);
      break;
    case TABLE_VILLAGE:
      show_villages (self, records);
      break;
    case TABLE_SERVICE_UNIT:
      isaf_registry_view_set_records (self->unit_view, records);
      break;
    case TABLE_CAF:
      isaf_registry_view_set_records (self->caf_view, records);
      break;
    case TABLE_CAF_TRAINING:
      show_trainings (self, records);
      break;
    case TABLE_JAAPC_MEMBER:
      isaf_registry_view_set_records (self->member_view, records);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
on_listed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autofree LoadData *data = user_data;
  IsafCommunePage *self = data->self;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  records = isaf_store_list_finish (ISAF_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (data->generation == self->generations[data->table])
    {
      if (records == NULL)
        isaf_context_report_error (self->context, error);
      else
        show_records (self, data->table, records);
    }
  set_n_loading (self, self->n_loading - 1);
}

static void
load_table (IsafCommunePage *self,
            Table            table)
{
  LoadData *data = g_new0 (LoadData, 1);

  data->self = self;
  data->table = table;
  data->generation = ++self->generations[table];
  set_n_loading (self, self->n_loading + 1);
  isaf_store_list_async (isaf_context_get_store (self->context), table_names[table], NULL, NULL,
                         self->cancellable, on_listed_cb, data);
}

/* Editors -------------------------------------------------------------------------------- */

static void
set_village_options (IsafCommunePage *self,
                     IsafRecordForm  *form)
{
  guint n = self->villages ? self->villages->len : 0;
  g_autofree IsafUuid *ids = g_new0 (IsafUuid, MAX (n, 1));
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      IsafRecord *village = g_ptr_array_index (self->villages, i);
      const IsafGazetteerEntry *entry = lookup_village (village);

      ids[i] = *isaf_record_get_id (village);
      g_ptr_array_add (labels, entry ? dup_village_label (entry)
                                     : g_strdup (isaf_record_get_text (village, "code")));
    }
  isaf_record_form_set_options (form, "village_id", ids,
                                (const char * const *) labels->pdata, n);
}

static void
present_editor (IsafRecordEditor *editor,
                IsafRecordForm   *form)
{
  isaf_record_editor_add_form (editor, form);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
on_village_edit_cb (IsafCommunePage  *self,
                    IsafRecord       *village,
                    IsafRegistryView *view)
{
  const IsafGazetteerEntry *entry = lookup_village (village);
  g_autofree char *name = entry ? dup_village_label (entry)
                                : g_strdup (isaf_record_get_text (village, "code"));
  g_autofree char *code = isaf_context_format_digits (self->context,
                                                      isaf_record_get_text (village, "code"));
  /* Translators: under the name of a village, its code in the national gazetteer. */
  g_autofree char *description = g_strdup_printf (_("Village code %s"), code);
  IsafRecordEditor *editor = isaf_record_editor_new (self->context, GTK_WIDGET (self),
                                                     _("Edit Village"));
  g_autoptr(IsafRecordForm) form = isaf_record_form_new (self->context, village);
  AdwPreferencesGroup *group = isaf_record_editor_add_group (editor, name, description);

  isaf_record_form_add_field (form, group, "households", NULL);
  isaf_record_form_add_field (form, group, "population", NULL);
  present_editor (editor, form);
}

static void
open_unit_editor (IsafCommunePage *self,
                  IsafRecord      *unit)
{
  g_autoptr(IsafRecord) record = unit ? g_object_ref (unit) : isaf_record_new ("service_unit");
  IsafRecordEditor *editor = isaf_record_editor_new (self->context, GTK_WIDGET (self),
                                                     unit ? _("Edit Service Unit")
                                                          : _("New Service Unit"));
  g_autoptr(IsafRecordForm) form = isaf_record_form_new (self->context, record);
  AdwPreferencesGroup *group = isaf_record_editor_add_group (editor, NULL, NULL);

  set_village_options (self, form);
  isaf_record_form_add_field (form, group, "kind", NULL);
  isaf_record_form_add_field (form, group, "code", NULL);
  isaf_record_form_add_field (form, group, "name_km", NULL);
  isaf_record_form_add_field (form, group, "name_en", NULL);
  isaf_record_form_add_field (form, group, "village_id", NULL);

  group = isaf_record_editor_add_group (editor, _("Contact"), NULL);
  isaf_record_form_add_field (form, group, "head_name", NULL);
  isaf_record_form_add_field (form, group, "phone", NULL);
  present_editor (editor, form);
}

static void
on_unit_add_cb (IsafCommunePage *self)
{
  open_unit_editor (self, NULL);
}

static void
on_unit_edit_cb (IsafCommunePage  *self,
                 IsafRecord       *unit,
                 IsafRegistryView *view)
{
  open_unit_editor (self, unit);
}

/* The training row of @caf for @module: the stored one, or a new one whose id follows from
 * the facilitator and the module, so that two laptops recording it make one row. */
static IsafRecord *
dup_training (IsafCommunePage *self,
              IsafRecord      *caf,
              const char      *module)
{
  g_autofree char *caf_id = isaf_record_dup_id_string (caf);
  GPtrArray *trainings = g_hash_table_lookup (self->trainings, caf_id);
  g_autofree char *key = NULL;
  IsafRecord *training;

  for (guint i = 0; trainings != NULL && i < trainings->len; i++)
    {
      training = g_ptr_array_index (trainings, i);
      if (g_strcmp0 (isaf_record_get_text (training, "module"), module) == 0)
        return g_object_ref (training);
    }

  key = g_strdup_printf ("%s/%s", caf_id, module);
  training = isaf_record_new_keyed ("caf_training", key);
  isaf_record_set_reference (training, "caf_id", isaf_record_get_id (caf));
  isaf_record_set_text (training, "module", module);
  return training;
}

static void
open_caf_editor (IsafCommunePage *self,
                 IsafRecord      *caf)
{
  g_autoptr(IsafRecord) record = caf ? g_object_ref (caf) : isaf_record_new ("caf");
  IsafRecordEditor *editor = isaf_record_editor_new (self->context, GTK_WIDGET (self),
                                                     caf ? _("Edit Facilitator")
                                                         : _("New Facilitator"));
  g_autoptr(IsafRecordForm) form = isaf_record_form_new (self->context, record);
  const IsafColumn *module = isaf_schema_find_column (isaf_schema_find_table ("caf_training"),
                                                      "module");
  AdwPreferencesGroup *group = isaf_record_editor_add_group (editor, NULL, NULL);

  set_village_options (self, form);
  isaf_record_form_add_field (form, group, "name_km", NULL);
  isaf_record_form_add_field (form, group, "name_latin", NULL);
  isaf_record_form_add_field (form, group, "sex", NULL);
  isaf_record_form_add_field (form, group, "birth_year", NULL);
  isaf_record_form_add_field (form, group, "phone", NULL);
  isaf_record_form_add_field (form, group, "village_id", NULL);

  group = isaf_record_editor_add_group (editor, _("Selection"),
                                        _("Leave the date left empty while the facilitator "
                                          "is active."));
  isaf_record_form_add_field (form, group, "selected_on", NULL);
  isaf_record_form_add_field (form, group, "left_on", NULL);

  group = isaf_record_editor_add_group (editor, _("Impartiality"),
                                        _("Facilitators speak for citizens, so they should "
                                          "not hold an office in the village or the "
                                          "commune."));
  isaf_record_form_add_field (form, group, "is_village_official", NULL);
  isaf_record_form_set_warning (form, "is_village_official",
                                _("Citizens may not see a village official or commune "
                                  "assistant as impartial. Choose another facilitator where "
                                  "you can, or pair them with one who holds no office."));
  isaf_record_editor_add_form (editor, form);

  group = isaf_record_editor_add_group (editor, _("Training"),
                                        _("The date each module was completed; leave it empty "
                                          "until then."));
  for (guint m = 0; module->choices[m] != NULL; m++)
    {
      g_autoptr(IsafRecord) training = dup_training (self, record, module->choices[m]);
      g_autoptr(IsafRecordForm) training_form = isaf_record_form_new (self->context, training);
      /* Translators: a field for the date a training module ("M1") was completed. */
      g_autofree char *title = g_strdup_printf (_("Module %s completed on"), module->choices[m]);

      isaf_record_form_add_field (training_form, group, "trained_on", title);
      isaf_record_editor_add_form (editor, training_form);
    }

  gtk_window_present (GTK_WINDOW (editor));
}

static void
on_caf_add_cb (IsafCommunePage *self)
{
  open_caf_editor (self, NULL);
}

static void
on_caf_edit_cb (IsafCommunePage  *self,
                IsafRecord       *caf,
                IsafRegistryView *view)
{
  open_caf_editor (self, caf);
}

static void
open_member_editor (IsafCommunePage *self,
                    IsafRecord      *member)
{
  g_autoptr(IsafRecord) record = member ? g_object_ref (member)
                                        : isaf_record_new ("jaapc_member");
  IsafRecordEditor *editor = isaf_record_editor_new (self->context, GTK_WIDGET (self),
                                                     member ? _("Edit Committee Member")
                                                            : _("New Committee Member"));
  g_autoptr(IsafRecordForm) form = isaf_record_form_new (self->context, record);
  AdwPreferencesGroup *group = isaf_record_editor_add_group (editor, NULL, NULL);

  isaf_record_form_add_field (form, group, "name_km", NULL);
  isaf_record_form_add_field (form, group, "name_latin", NULL);
  isaf_record_form_add_field (form, group, "sex", NULL);
  isaf_record_form_add_field (form, group, "role", NULL);
  isaf_record_form_add_field (form, group, "organisation", NULL);
  isaf_record_form_add_field (form, group, "phone", NULL);

  group = isaf_record_editor_add_group (editor, _("Membership"),
                                        _("Leave the date left empty while they are a "
                                          "member."));
  isaf_record_form_add_field (form, group, "joined_on", NULL);
  isaf_record_form_add_field (form, group, "left_on", NULL);
  present_editor (editor, form);
}

static void
on_member_add_cb (IsafCommunePage *self)
{
  open_member_editor (self, NULL);
}

static void
on_member_edit_cb (IsafCommunePage  *self,
                   IsafRecord       *member,
                   IsafRegistryView *view)
{
  open_member_editor (self, member);
}

/* Profile -------------------------------------------------------------------------------- */

static void
on_profile_saved_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  IsafCommunePage *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!isaf_store_save_finish (ISAF_STORE (source), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->saving_profile = FALSE;
  on_profile_changed_cb (self);
  if (error != NULL)
    {
      isaf_context_report_error (self->context, error);
      return;
    }
  isaf_context_data_changed (self->context, "commune");
  isaf_context_add_toast (self->context, adw_toast_new (_("Contacts saved")));
}

static void
save_profile_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  IsafCommunePage *self = ISAF_COMMUNE_PAGE (widget);
  g_autoptr(GPtrArray) records = NULL;
  IsafRecord *record;

  if (self->profile_form == NULL || self->saving_profile)
    return;
  record = isaf_record_form_build (self->profile_form);
  if (record == NULL)
    return;

  records = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (records, record);
  self->saving_profile = TRUE;
  on_profile_changed_cb (self);
  isaf_store_save_async (isaf_context_get_store (self->context), records, self->cancellable,
                         on_profile_saved_cb, self);
}

/* Deleting ------------------------------------------------------------------------------- */

/* Everything that may have changed when a row of @table was deleted or brought back: the
 * table and, through ISAF_COLUMN_PARENT links, the tables of the rows that belong to it. */
static void
announce_with_children (IsafContext *context,
                        const char  *table)
{
  isaf_context_data_changed (context, table);

  for (guint t = 0; t < isaf_schema_n_tables (); t++)
    {
      const IsafTable *child = isaf_schema_table_at (t);

      for (guint c = 0; c < child->n_columns; c++)
        if ((child->columns[c].flags & ISAF_COLUMN_PARENT)
            && g_strcmp0 (child->columns[c].reference, table) == 0
            && g_strcmp0 (child->name, table) != 0)
          {
            announce_with_children (context, child->name);
            break;
          }
    }
}

typedef struct {
  IsafCommunePage *self;
  char *table;
  char *name;
} DeleteData;

static void
delete_data_free (DeleteData *data)
{
  g_free (data->table);
  g_free (data->name);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeleteData, delete_data_free)

/* "“name” deleted", with how many rows went with it. */
static char *
deleted_title (IsafCommunePage *self,
               const char      *name,
               guint            n_rows)
{
  g_autofree char *title = NULL;

  if (n_rows > 1)
    {
      g_autofree char *count = isaf_context_format_integer (self->context, n_rows - 1);

      /* Translators: a name, then how many rows that belonged to it were deleted with it. */
      title = g_strdup_printf (ngettext ("“%1$s” and %2$s record that belongs to it deleted",
                                         "“%1$s” and %2$s records that belong to it deleted",
                                         n_rows - 1),
                               name, count);
    }
  else
    {
      title = g_strdup_printf (_("“%s” deleted"), name);
    }

  return g_steal_pointer (&title);
}

static void
on_deleted_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DeleteData) data = user_data;
  IsafCommunePage *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  IsafDeletion *deletion = NULL;

  if (!isaf_store_delete_finish (ISAF_STORE (source), result, &deletion, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        isaf_context_report_error (self->context, error);
      return;
    }

  title = deleted_title (self, data->name, isaf_deletion_get_n_rows (deletion));
  announce_with_children (self->context, data->table);
  isaf_context_add_toast (self->context,
                          isaf_undo_toast_new (self->context, title, deletion,
                                               announce_with_children, data->table));
}

static void
on_record_delete_cb (IsafCommunePage  *self,
                     IsafRecord       *record,
                     IsafRegistryView *view)
{
  DeleteData *data = g_new0 (DeleteData, 1);
  const char *name = isaf_record_get_text (record, "name_km");

  data->self = self;
  data->table = g_strdup (isaf_record_get_table_name (record));
  data->name = g_strdup (name ? name : isaf_record_get_text (record, "code"));
  isaf_store_delete_async (isaf_context_get_store (self->context), data->table,
                           isaf_record_get_id (record), self->cancellable, on_deleted_cb, data);
}

/* Changes elsewhere ---------------------------------------------------------------------- */

static void
on_data_changed_cb (IsafCommunePage *self,
                    const char      *table)
{
  for (Table t = 0; t < N_TABLES; t++)
    if (g_strcmp0 (table, table_names[t]) == 0)
      load_table (self, t);
}

static void
on_digits_changed_cb (IsafCommunePage *self)
{
  show_place (self);
  isaf_registry_view_refresh (self->village_view);
  isaf_registry_view_refresh (self->unit_view);
  isaf_registry_view_refresh (self->caf_view);
  isaf_registry_view_refresh (self->member_view);
}

/* GObject -------------------------------------------------------------------------------- */

static void
isaf_commune_page_constructed (GObject *object)
{
  IsafCommunePage *self = ISAF_COMMUNE_PAGE (object);

  G_OBJECT_CLASS (isaf_commune_page_parent_class)->constructed (object);

  g_signal_connect_object (self->context, "data-changed", G_CALLBACK (on_data_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::digits", G_CALLBACK (on_digits_changed_cb),
                           self, G_CONNECT_SWAPPED);
  show_place (self);
  for (Table t = 0; t < N_TABLES; t++)
    load_table (self, t);
}

static void
isaf_commune_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  IsafCommunePage *self = ISAF_COMMUNE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->n_loading > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_commune_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  IsafCommunePage *self = ISAF_COMMUNE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
isaf_commune_page_dispose (GObject *object)
{
  IsafCommunePage *self = ISAF_COMMUNE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), ISAF_TYPE_COMMUNE_PAGE);
  g_clear_object (&self->profile_form);
  g_clear_pointer (&self->villages, g_ptr_array_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (isaf_commune_page_parent_class)->dispose (object);
}

static void
isaf_commune_page_finalize (GObject *object)
{
  IsafCommunePage *self = ISAF_COMMUNE_PAGE (object);

  g_clear_object (&self->cancellable);
  g_hash_table_unref (self->villages_by_id);
  g_hash_table_unref (self->trainings);

  G_OBJECT_CLASS (isaf_commune_page_parent_class)->finalize (object);
}

static void
isaf_commune_page_class_init (IsafCommunePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = isaf_commune_page_constructed;
  object_class->get_property = isaf_commune_page_get_property;
  object_class->set_property = isaf_commune_page_set_property;
  object_class->dispose = isaf_commune_page_dispose;
  object_class->finalize = isaf_commune_page_finalize;

  /**
   * IsafCommunePage:context:
   *
   * The window's context: the store, the settings, where to report.
   */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, ISAF_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * IsafCommunePage:loading:
   *
   * Whether a registry is still being read.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (ISAF_TYPE_REGISTRY_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/kh/gov/ncdd/IsafCommune/isaf-commune-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IsafCommunePage, stack);
  gtk_widget_class_bind_template_child (widget_class, IsafCommunePage, commune_row);
  gtk_widget_class_bind_template_child (widget_class, IsafCommunePage, district_row);
  gtk_widget_class_bind_template_child (widget_class, IsafCommunePage, province_row);
  gtk_widget_class_bind_template_child (widget_class, IsafCommunePage, code_row);
  gtk_widget_class_bind_template_child (widget_class, IsafCommunePage, contacts_group);
  gtk_widget_class_bind_template_child (widget_class, IsafCommunePage, village_view);
  gtk_widget_class_bind_template_child (widget_class, IsafCommunePage, unit_view);
  gtk_widget_class_bind_template_child (widget_class, IsafCommunePage, caf_view);
  gtk_widget_class_bind_template_child (widget_class, IsafCommunePage, member_view);
  gtk_widget_class_bind_template_callback (widget_class, on_village_edit_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_unit_add_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_unit_edit_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_caf_add_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_caf_edit_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_member_add_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_member_edit_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_record_delete_cb);

  gtk_widget_class_install_action (widget_class, "commune.save-profile", NULL,
                                   save_profile_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "commune.save-profile", NULL);
}

static void
isaf_commune_page_init (IsafCommunePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->villages_by_id = g_hash_table_new (uuid_hash, uuid_equal);
  self->trainings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) g_ptr_array_unref);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "commune.save-profile", FALSE);

  isaf_registry_view_set_columns (self->village_view, village_columns,
                                  G_N_ELEMENTS (village_columns), self);
  isaf_registry_view_set_columns (self->unit_view, unit_columns, G_N_ELEMENTS (unit_columns),
                                  self);
  isaf_registry_view_set_filter (self->unit_view, unit_filter_labels, unit_filter);
  isaf_registry_view_set_columns (self->caf_view, caf_columns, G_N_ELEMENTS (caf_columns),
                                  self);
  isaf_registry_view_set_filter (self->caf_view, caf_filter_labels, left_filter);
  isaf_registry_view_set_columns (self->member_view, member_columns,
                                  G_N_ELEMENTS (member_columns), self);
  isaf_registry_view_set_filter (self->member_view, member_filter_labels, left_filter);
}

/* Public API ----------------------------------------------------------------------------- */

/**
 * isaf_commune_page_new:
 * @context: the window's context
 *
 * Returns: (transfer floating): the Commune page, reading its registries
 */
GtkWidget *
isaf_commune_page_new (IsafContext *context)
{
  g_return_val_if_fail (ISAF_IS_CONTEXT (context), NULL);

  return g_object_new (ISAF_TYPE_COMMUNE_PAGE, "context", context, NULL);
}

gboolean
isaf_commune_page_get_loading (IsafCommunePage *self)
{
  g_return_val_if_fail (ISAF_IS_COMMUNE_PAGE (self), FALSE);

  return self->n_loading > 0;
}

/**
 * isaf_commune_page_show:
 * @self: the Commune page
 * @name: "profile", "villages", "service-units", "cafs" or "jaapc-members"
 *
 * Shows one of the page's registries (the Overview's warnings lead to the facilitators).
 */
void
isaf_commune_page_show (IsafCommunePage *self,
                        const char      *name)
{
  g_return_if_fail (ISAF_IS_COMMUNE_PAGE (self));
  g_return_if_fail (adw_view_stack_get_child_by_name (self->stack, name) != NULL);

  adw_view_stack_set_visible_child_name (self->stack, name);
}
