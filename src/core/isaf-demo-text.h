/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Text pools for the demonstration database. Every name and sentence here is
 * invented so that a demo commune looks like a real one without naming real
 * people; any likeness to a real person is chance. Each pick draws from the
 * caller's GRand, so the same seed always gives the same database. */

typedef enum {
  ISAF_DEMO_FEMALE,
  ISAF_DEMO_MALE,
} IsafDemoSex;

typedef struct {
  const char *km;
  const char *latin;
} IsafDemoName;

/* Family name + given name, e.g. "សុខ ស្រីពៅ" / "Sok Sreypov"; newly allocated.
 * Either out pointer may be NULL; the draws from @rand are the same regardless. */
void         isaf_demo_person_name        (GRand       *rand,
                                           IsafDemoSex  sex,
                                           char       **name_km,
                                           char       **name_latin);

/* "មណ្ឌលសុខភាព" + commune name. */
char        *isaf_demo_health_centre_name (const char  *commune_name_km);
/* "សាលាបឋមសិក្សា" + village name, now and then followed by ថ្មី or ចាស់. */
char        *isaf_demo_school_name        (GRand       *rand,
                                           const char  *village_name_km);
/* @kind is "health_centre", "primary_school" or "commune_office":
 * "Ou Thum Primary School". NULL for any other kind. */
char        *isaf_demo_english_name       (const char  *kind,
                                           const char  *place_latin);

/* Pools are NULL-terminated. */
const char  *isaf_demo_pick               (GRand              *rand,
                                           const char * const *pool);
guint        isaf_demo_pool_length        (const char * const *pool);

extern const char * const isaf_demo_jaapc_organisations[];
extern const char * const isaf_demo_meeting_places[];

/* What citizens say in scorecard meetings, about all three services. */
extern const char * const isaf_demo_strengths[];
extern const char * const isaf_demo_weaknesses[];
extern const char * const isaf_demo_suggestions[];
extern const char * const isaf_demo_citizen_indicators[];

/* JAAP group ក (needs outside resources) and group ខ (done by providers and
 * community); each units array is parallel to its activities array. */
extern const char * const isaf_demo_jaap_activities_ka[];
extern const char * const isaf_demo_jaap_units_ka[];
extern const char * const isaf_demo_jaap_activities_kha[];
extern const char * const isaf_demo_jaap_units_kha[];
extern const char * const isaf_demo_implementers[];
extern const char * const isaf_demo_progress_notes[];
extern const char * const isaf_demo_decisions[];

/* Parallel; each category is "jaapc_meetings", "i4c_printing", "caf_support",
 * "cip_activities" or "other". */
extern const char * const isaf_demo_awpb_descriptions[];
extern const char * const isaf_demo_awpb_categories[];

/* Official fee lines; Khmer and English arrays are parallel. */
extern const char * const isaf_demo_fee_services_km[];
extern const char * const isaf_demo_fee_services_en[];
extern const char * const isaf_demo_school_fee_services_km[];
extern const char * const isaf_demo_school_fee_services_en[];

extern const char * const isaf_demo_staff_categories_health[];
extern const char * const isaf_demo_staff_categories_school[];

G_END_DECLS
