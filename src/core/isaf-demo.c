/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "isaf-demo"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "isaf-demo.h"
#include "isaf-demo-private.h"
#include "isaf-error.h"
#include "isaf-reference.h"
#include "isaf-store.h"

/* A realistic database for a real commune, for demonstrations, training and benchmarks.
 * Everything is drawn from one seeded random source and every id is made from it, so the
 * same seed gives the same database, byte for byte in its dump. The data goes through the
 * store's validation like any user input, but it is not captured for sync and the database
 * is marked as a demo, which the sync engine refuses to enrol. */

#define N_SCHOOLS 6
#define N_CAFS 4

char *
demo_date (int year,
           int month,
           int day)
{
  return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
}

int
demo_range (Demo *demo,
            int   low,
            int   high)
{
  return g_rand_int_range (demo->rand, low, high + 1);
}

/* A new record whose UUIDv7 carries the date of the event it records. */
IsafRecord *
demo_record (Demo       *demo,
             const char *table,
             int         year,
             int         month,
             int         day)
{
  g_autoptr(GDateTime) when = g_date_time_new_utc (year, month, day, 9, 0, 0);
  IsafUuid id;

  isaf_uuid_v7_at (&id, g_date_time_to_unix (when) * 1000, demo->rand);
  return isaf_record_new_with_id (table, &id);
}

gboolean
demo_save (Demo       *demo,
           IsafRecord *record,
           GError    **error)
{
  g_autoptr(IsafRecord) owned = record;

  return isaf_store_write_record (demo->database, owned, error);
}

static const char *
unit_word (const IsafGazetteerEntry *commune)
{
  /* A Sangkat's office is a សាលាសង្កាត់, a commune's a សាលាឃុំ. */
  return g_str_equal (commune->unit_km, "សង្កាត់") ? "សាលាសង្កាត់" : "សាលាឃុំ";
}

static gboolean
add_unit (Demo        *demo,
          const char  *kind,
          const char  *code,
          const char  *name_km,
          const char  *name_en,
          guint        village,
          GError     **error)
{
  DemoUnit unit = { .kind = kind, .name_km = g_strdup (name_km), .village = village };
  IsafRecord *record = demo_record (demo, "service_unit", 2015, 1, 5);
  g_autofree char *head_km = NULL;

  unit.id = *isaf_record_get_id (record);
  isaf_demo_person_name (demo->rand, demo_range (demo, 0, 1), &head_km, NULL);
  isaf_record_set_text (record, "kind", kind);
  isaf_record_set_text (record, "code", code);
  isaf_record_set_text (record, "name_km", name_km);
  isaf_record_set_text (record, "name_en", name_en);
  isaf_record_set_reference (record, "village_id", &g_array_index (demo->village_ids, IsafUuid, village));
  isaf_record_set_text (record, "head_name", head_km);
  g_array_append_val (demo->units, unit);
  return demo_save (demo, record, error);
}

static char *
demo_phone (Demo *demo)
{
  static const char * const prefixes[] = { "012", "017", "092", "097", "088", "010" };

  return g_strdup_printf ("%s %03d %03d", prefixes[demo_range (demo, 0, G_N_ELEMENTS (prefixes) - 1)],
                          demo_range (demo, 100, 999), demo_range (demo, 0, 999));
}

static gboolean
generate_service_units (Demo    *demo,
                        GError **error)
{
  const IsafGazetteerEntry *commune = demo->commune;
  g_autofree char *office = g_strconcat (unit_word (commune), commune->name_km, NULL);
  g_autofree char *office_en = isaf_demo_english_name ("commune_office", commune->name_latin);
  g_autofree char *centre = isaf_demo_health_centre_name (commune->name_km);
  g_autofree char *centre_en = isaf_demo_english_name ("health_centre", commune->name_latin);
  g_autofree char *office_code = g_strconcat ("CO-", commune->code, NULL);
  g_autofree char *centre_code = g_strconcat ("HC-", commune->code, NULL);

  if (!add_unit (demo, "commune_office", office_code, office, office_en, 0, error)
      || !add_unit (demo, "health_centre", centre_code, centre, centre_en,
                    demo_range (demo, 0, demo->villages->len - 1), error))
    return FALSE;

  for (guint i = 0; i < N_SCHOOLS; i++)
    {
      /* Schools spread over the villages; small communes have two in one village. */
      guint village = (i * demo->villages->len) / N_SCHOOLS;
      const IsafGazetteerEntry *entry = g_ptr_array_index (demo->villages, village);
      g_autofree char *name = isaf_demo_school_name (demo->rand, entry->name_km);
      g_autofree char *name_en = isaf_demo_english_name ("primary_school", entry->name_latin);
      g_autofree char *code = g_strdup_printf ("PS-%s-%u", entry->code, i + 1);

      if (!add_unit (demo, "primary_school", code, name, name_en, village, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
generate_cafs (Demo    *demo,
               GError **error)
{
  for (guint i = 0; i < N_CAFS; i++)
    {
      /* Three women and one man; the second is a village official, which the strategy
       * flags as a threat to impartiality and the dashboard warns about. */
      IsafDemoSex sex = i < 3 ? ISAF_DEMO_FEMALE : ISAF_DEMO_MALE;
      IsafRecord *record = demo_record (demo, "caf", 2016, 2, 10 + i);
      g_autofree char *name_km = NULL, *name_latin = NULL, *phone = demo_phone (demo);
      guint village = demo_range (demo, 0, demo->villages->len - 1);
      IsafUuid caf_id = *isaf_record_get_id (record);
      g_autofree char *caf_key = isaf_uuid_to_string (&caf_id);

      isaf_demo_person_name (demo->rand, sex, &name_km, &name_latin);
      isaf_record_set_text (record, "name_km", name_km);
      isaf_record_set_text (record, "name_latin", name_latin);
      isaf_record_set_text (record, "sex", sex == ISAF_DEMO_FEMALE ? "f" : "m");
      isaf_record_set_integer (record, "birth_year", demo_range (demo, 1965, 2000));
      isaf_record_set_text (record, "phone", phone);
      isaf_record_set_reference (record, "village_id",
                                 &g_array_index (demo->village_ids, IsafUuid, village));
      isaf_record_set_text (record, "selected_on", "2016-02-10");
      isaf_record_set_boolean (record, "is_village_official", i == 1);
      g_array_append_val (demo->cafs, caf_id);
      if (!demo_save (demo, record, error))
        return FALSE;

      for (guint module = 1; module <= 4; module++)
        {
          g_autofree char *key = g_strdup_printf ("%s/M%u", caf_key, module);
          IsafRecord *training = isaf_record_new_keyed ("caf_training", key);
          g_autofree char *module_name = g_strdup_printf ("M%u", module);
          g_autofree char *date = demo_date (2016, 2 + module, demo_range (demo, 1, 28));

          isaf_record_set_reference (training, "caf_id", &caf_id);
          isaf_record_set_text (training, "module", module_name);
          isaf_record_set_text (training, "trained_on", date);
          if (!demo_save (demo, training, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
generate_committee (Demo    *demo,
                    GError **error)
{
  static const char * const roles[] = {
    "chair", "deputy", "secretary", "member", "member", "member", "member", "member", "member",
  };

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      IsafDemoSex sex = demo_range (demo, 0, 1);
      IsafRecord *record = demo_record (demo, "jaapc_member", 2016, 3, 1 + i);
      IsafUuid member_id = *isaf_record_get_id (record);
      g_autofree char *name_km = NULL, *name_latin = NULL, *phone = demo_phone (demo);

      isaf_demo_person_name (demo->rand, sex, &name_km, &name_latin);
      isaf_record_set_text (record, "name_km", name_km);
      isaf_record_set_text (record, "name_latin", name_latin);
      isaf_record_set_text (record, "sex", sex == ISAF_DEMO_FEMALE ? "f" : "m");
      isaf_record_set_text (record, "role", roles[i]);
      isaf_record_set_text (record, "organisation",
                            isaf_demo_pick (demo->rand, isaf_demo_jaapc_organisations));
      isaf_record_set_text (record, "phone", phone);
      isaf_record_set_text (record, "joined_on", "2016-03-01");
      g_array_append_val (demo->members, member_id);
      if (!demo_save (demo, record, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
generate_contacts (Demo    *demo,
                   GError **error)
{
  g_autoptr(IsafRecord) commune = isaf_record_new_keyed ("commune", demo->commune->code);
  g_autofree char *chief = NULL, *clerk = NULL;
  g_autofree char *chief_phone = demo_phone (demo), *clerk_phone = demo_phone (demo);

  isaf_demo_person_name (demo->rand, ISAF_DEMO_MALE, &chief, NULL);
  isaf_demo_person_name (demo->rand, ISAF_DEMO_FEMALE, &clerk, NULL);

  /* The row exists already (made with the commune): this is an update of its contacts. */
  isaf_record_mark_stored (commune, FALSE);
  isaf_record_set_text (commune, "chief_name", chief);
  isaf_record_set_text (commune, "chief_phone", chief_phone);
  isaf_record_set_text (commune, "clerk_name", clerk);
  isaf_record_set_text (commune, "clerk_phone", clerk_phone);
  return isaf_store_write_record (demo->database, commune, error);
}

typedef struct {
  const IsafDemoOptions *options;
} GenerateJob;

static gboolean
generate_job (IsafDatabase *database,
              gpointer      data,
              GError      **error)
{
  const IsafDemoOptions *options = ((GenerateJob *) data)->options;
  IsafGazetteer *gazetteer = isaf_gazetteer_get_default ();
  Demo demo = { .database = database };
  gboolean ok = FALSE;
  int last_year = options->last_year;

  if (last_year == 0)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      last_year = g_date_time_get_year (now) - 1;
    }

  if (!isaf_store_write_commune (database, options->commune_code, error)
      || !isaf_reference_write_bundled (database, error)
      || !isaf_database_set_state_int (database, "demo", 1, error))
    return FALSE;

  demo.rand = g_rand_new_with_seed_array ((const guint32[]) { options->seed & 0xffffffff,
                                                               options->seed >> 32 }, 2);
  demo.commune = isaf_gazetteer_lookup (gazetteer, options->commune_code);
  demo.villages = isaf_gazetteer_children (gazetteer, options->commune_code);
  demo.village_ids = g_array_new (FALSE, FALSE, sizeof (IsafUuid));
  demo.units = g_array_new (FALSE, FALSE, sizeof (DemoUnit));
  demo.cafs = g_array_new (FALSE, FALSE, sizeof (IsafUuid));
  demo.members = g_array_new (FALSE, FALSE, sizeof (IsafUuid));

  for (guint i = 0; i < demo.villages->len; i++)
    {
      const IsafGazetteerEntry *village = g_ptr_array_index (demo.villages, i);
      IsafUuid id;

      isaf_uuid_v5_for_table (&id, "village", village->code);
      g_array_append_val (demo.village_ids, id);
    }

  if (generate_contacts (&demo, error) && generate_service_units (&demo, error)
      && generate_cafs (&demo, error) && generate_committee (&demo, error))
    {
      ok = TRUE;
      for (int year = last_year - (int) options->years + 1; ok && year <= last_year; year++)
        ok = demo_generate_cycle (&demo, year, error);
    }

  for (guint i = 0; i < demo.units->len; i++)
    g_free (g_array_index (demo.units, DemoUnit, i).name_km);
  g_array_unref (demo.units);
  g_array_unref (demo.village_ids);
  g_array_unref (demo.cafs);
  g_array_unref (demo.members);
  g_ptr_array_unref (demo.villages);
  g_rand_free (demo.rand);
  return ok;
}

/* Fills a new, empty database with @options->years complete cycles, in one transaction. */
gboolean
isaf_demo_generate (IsafDatabase          *database,
                    const IsafDemoOptions *options,
                    GError               **error)
{
  GenerateJob job = { options };

  g_return_val_if_fail (options->commune_code != NULL, FALSE);

  if (options->years < 1 || options->years > ISAF_DEMO_MAX_YEARS)
    {
      g_set_error (error, ISAF_VALIDATION_ERROR, ISAF_VALIDATION_ERROR_OUT_OF_RANGE,
                   _("The number of years must be between 1 and %d."), ISAF_DEMO_MAX_YEARS);
      return FALSE;
    }

  return isaf_database_run (database, ISAF_DATABASE_WRITE_UNCAPTURED, generate_job, &job, error);
}
